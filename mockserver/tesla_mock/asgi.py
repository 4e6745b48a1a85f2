"""Reading an ASGI request's headers without building a Headers object per request."""

from __future__ import annotations

from starlette.types import Scope


def header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header `name`, or None. `name` is lowercase: ASGI servers send every
    header name lowercased, so an exact comparison finds what Starlette's and connexion's
    lookups find."""
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return None
