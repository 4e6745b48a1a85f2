"""Reading an ASGI request's headers without building a Headers object per request, and its
body without building a request object."""

from __future__ import annotations

from starlette.types import Receive, Scope


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header `name`, or None. `name` is lowercase: ASGI servers send every
    header name lowercased, so an exact comparison finds what Starlette's and connexion's
    lookups find."""
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


class Incomplete:
    """What read_at_most answers when the client disconnected before the body's end."""


INCOMPLETE = Incomplete()


async def read_at_most(receive: Receive, limit: int | None = None) -> bytes | Incomplete | None:
    """The whole request body; None as soon as it passes `limit` bytes (no limit: None);
    INCOMPLETE when the client disconnected before the last chunk."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return INCOMPLETE
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
