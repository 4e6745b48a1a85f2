"""One line per request on the server's output: method, path, status, milliseconds.

    GET /api/1/vehicles 200 0.9 ms
    POST /api/1/vehicles/13691870400958016/command/set_charge_limit 400 1.4 ms invalid_field

`RequestLog(app, out)` wraps the whole app (tesla_mock/serving.py; `--quiet` gives no `out`), so it
times what the client waits for and sees every answer, error answers included; an error answer
(4xx, 5xx) names its envelope's `error`. A request that got no answer (its client left before
the end of its body) is logged with 499, the Fleet API's "client closed request", as the
journal records it. A path is logged as received, with what is not printable escaped: a
request cannot write control sequences into a terminal.

A request only notes what its line will say; `flush()`, which the server calls on each tick of
its main loop (every 0.1 s) and when it stops, writes the lines, one write per tick rather than
one per request. What the log costs a request: docs/benchmarks.md, "Figures behind the code".

connexion logs why it refused a request body as a bare "Validation error: ..." record (an
error for form bodies, info for JSON ones). Within a logged request, `ValidationRecords` drops
those: the request's line says 400 and its error, and the client has the whole reason in the
answer. What connexion logs about a response that does not match the spec (a warning, with
--validate-responses: the mock's own fault) is kept, and names the request's method and path.
Relies on: connexion 3.3.0 logging request body errors below or above WARNING and response
body errors at WARNING, from the loggers in VALIDATION_LOGGERS.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The status logged for a request that got no answer (as tesla_mock/edge.py journals it).
NO_ANSWER_STATUS = 499
# Lines kept at most between two flushes; beyond it they are written at once.
MAX_PENDING_LINES = 4096
# An error answer's body is read for its `error` up to this size.
MAX_ERROR_BODY_BYTES = 16 * 1024
VALIDATION_LOGGERS = ("connexion.validators.json", "connexion.validators.form_data")
VALIDATION_ERROR = "Validation error"

# The scope of the request being served, for ValidationRecords.
_current_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "tesla_mock_request_scope", default=None
)


def loggable(path: str) -> str:
    """`path` with what is not printable escaped (`\\x1b`, `\\n`, ...)."""
    if path.isprintable():
        return path
    return path.encode("unicode_escape").decode("ascii")


def error_code(body: bytes) -> str | None:
    """The `error` of an envelope, if `body` is one."""
    try:
        envelope = json.loads(body)
    except ValueError:
        return None
    code = envelope.get("error") if isinstance(envelope, dict) else None
    return loggable(code[:80]) if isinstance(code, str) and code else None


class RequestLog:
    """The request log (module docstring); with `out=None` (`--quiet`) it writes nothing and
    only lets ValidationRecords name the request."""

    def __init__(self, app: ASGIApp, out: TextIO | None) -> None:
        self.app = app
        self.out = out
        self._pending: list[tuple[str, str, int, float, bytes]] = []
        install_validation_filter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _current_scope.set(scope)
        try:
            if self.out is None:
                await self.app(scope, receive, send)
            else:
                await self._logged(scope, receive, send)
        finally:
            _current_scope.reset(token)

    async def _logged(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = NO_ANSWER_STATUS
        error_body = b""

        async def send_noting_status(message: Message) -> None:
            nonlocal status, error_body
            if message["type"] == "http.response.start":
                status = message["status"]
            elif status >= 400 and len(error_body) < MAX_ERROR_BODY_BYTES:
                error_body += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except BaseException:
            if status == NO_ANSWER_STATUS:
                status = 500  # the server answers it so
            raise
        finally:
            elapsed = time.perf_counter() - started
            self._pending.append((scope["method"], scope["path"], status, elapsed, error_body))
            if len(self._pending) >= MAX_PENDING_LINES:
                self.flush()

    def flush(self) -> None:
        """Write the lines of the requests noted so far. If the output is gone (a closed
        pipe), logging stops: the server goes on serving."""
        if not self._pending:
            return
        noted, self._pending = self._pending, []
        if self.out is None:
            return
        try:
            self.out.write("".join(map(_line, noted)))
            self.out.flush()
        except (OSError, ValueError):
            self.out = None


def _line(noted: tuple[str, str, int, float, bytes]) -> str:
    method, path, status, elapsed, error_body = noted
    line = f"{method} {loggable(path)} {status} {elapsed * 1000:.1f} ms"
    code = error_code(error_body) if error_body else None
    return f"{line} {code}\n" if code else line + "\n"


def request_name(scope: Scope) -> str:
    return f"{scope['method']} {loggable(scope['path'])}"


class ValidationRecords(logging.Filter):
    """connexion's "Validation error" records within a logged request (module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scope = _current_scope.get()
        if scope is None or not str(record.msg).startswith(VALIDATION_ERROR):
            return True
        if record.levelno != logging.WARNING:
            return False  # a request body's: the request's own line reports it
        record.msg = f"{request_name(scope)}: {record.getMessage()}"
        record.args = None
        return True


def install_validation_filter() -> None:
    for name in VALIDATION_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ValidationRecords) for f in logger.filters):
            logger.addFilter(ValidationRecords())
