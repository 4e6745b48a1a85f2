"""Reading an ASGI request's headers without building a Headers object per request, and its
body without building a request object; sending a JSON answer without a response object."""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import Receive, Scope, Send


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


JSON = b"application/json"
# A raw ASGI header: (lowercase name, value).
Header = tuple[bytes, bytes]


class JSONAnswer:
    """A JSON answer as two ASGI messages: `content-type: application/json`, its
    `content-length` and any `extra` headers, then the body. The headers come in the order a
    Starlette JSON response sends them (the dispatcher's answers are held byte-equal to
    connexion's by tests/server/test_answers_and_routes.py and the differential test)."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, body: bytes, status: int, extra: tuple[Header, ...] = ()) -> None:
        self.body = body
        self.status = status
        self.headers = [(b"content-type", JSON), (b"content-length", b"%d" % len(body)), *extra]

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """As an ASGI app (what the dispatcher returns): the same coroutine as `send_to`."""
        return self.send_to(send)

    async def send_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})
