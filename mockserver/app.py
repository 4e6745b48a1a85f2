"""The connexion application: both specs, their handlers, security, and the error envelope.

    create_app() -> connexion.AsyncApp   (an ASGI app; `app.mock` holds its fleet and clock)

Layers, outermost first: the request journal, the 64 KiB body limit, then connexion (routing,
bearer security, request validation against the spec, optional response validation), then the
handlers in `handlers.py` (vehicle API) and `admin.py` (admin API under /__mock).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import connexion
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.resolver import Resolver
from connexion.security import BearerSecurityHandler
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver import errors, fastpath, proxy
from mockserver.admin import AdminApi
from mockserver.asgi import header
from mockserver.clock import SimClock
from mockserver.dashboard import DashboardMiddleware
from mockserver.events import EventLimits
from mockserver.flavors import PROXY, Flavor
from mockserver.fleet import Account, Fleet, FleetLimits, load_scenario_file
from mockserver.handlers import VehicleApi
from mockserver.jsonwriter import JSON_WRITER
from mockserver.specs import ADMIN_BASE_PATH, ADMIN_SPEC, VEHICLE_SPEC, spec_dir

VEHICLE_PATH_PREFIX = "/api/1/vehicles/"
# A command the spec does not know: the real API answers 400 `invalid_command`, not 404.
COMMAND_PATH = re.compile(r"/api/1/vehicles/(?P<vehicle>[^/]+)/command/(?P<command>[^/]+)")
DEFAULT_ADMIN_TOKEN = "mock-admin-token"


@dataclass
class MockServer:
    """What one running app holds: its fleet (with the clock) and its admin token."""

    fleet: Fleet
    admin_token: str


def create_app(
    *,
    fleet_file: str | Path | None = None,
    scenario: dict[str, Any] | None = None,
    time_scale: float = 1.0,
    admin_token: str = DEFAULT_ADMIN_TOKEN,
    validate_responses: bool = False,
    swagger_ui: bool = True,
    clock: SimClock | None = None,
    fast: bool = True,
    fleet_limits: FleetLimits | None = None,
    event_limits: EventLimits | None = None,
    flavor: Flavor | None = None,
) -> connexion.AsyncApp:
    """The mock server; `fast=False` builds the plain connexion stack, which answers alike
    (see `mockserver/fastpath.py` and tests/server/test_fastpath_differential.py)."""
    clock = clock or SimClock(time_scale=time_scale)
    if scenario is None and fleet_file is not None:
        scenario = load_scenario_file(fleet_file)
    fleet = Fleet(clock, scenario, limits=fleet_limits)
    if event_limits is not None:  # the live event stream's bounds (mockserver/events.py)
        fleet.events.limits = event_limits
    server = MockServer(fleet, admin_token)

    app = connexion.AsyncApp(
        __name__,
        specification_dir=str(spec_dir()),
        swagger_ui_options=connexion.options.SwaggerUIOptions(swagger_ui=swagger_ui),
        middlewares=fastpath.middlewares(validate_responses=validate_responses) if fast else None,
        jsonifier=JSON_WRITER,
    )
    common: dict[str, Any] = {"strict_validation": True, "validate_responses": validate_responses}
    bearer_handler = _bearer_handler
    if fast:
        fastpath.use_fast_operations(app)
        common["validator_map"] = fastpath.validator_map(fastpath.SchemaCompiler())
        bearer_handler = fastpath.bearer_handler
    app.add_api(
        VEHICLE_SPEC,
        resolver=Resolver(VehicleApi(fleet, flavor).resolve),
        security_map={"bearer": bearer_handler(_account_token_checker(fleet))},
        **common,
    )
    app.add_api(
        ADMIN_SPEC,
        base_path=ADMIN_BASE_PATH,
        resolver=Resolver(AdminApi(fleet).resolve),
        security_map={"bearer": bearer_handler(_admin_token_checker(admin_token))},
        **common,
    )
    app.add_error_handler(errors.ApiError, errors.on_api_error)
    app.add_error_handler(ProblemException, errors.on_problem)
    app.add_error_handler(HTTPException, _http_exception_handler(fleet))
    app.add_error_handler(UnicodeDecodeError, errors.on_bad_encoding)
    app.add_error_handler(RecursionError, errors.on_recursion_error)
    app.add_error_handler(ValueError, errors.on_value_error)
    app.add_error_handler(Exception, errors.on_unexpected)
    # connexion inserts each of these just before its exception layer, so the first added is
    # the outermost: the journal sees every request as it was sent, 413s included.
    app.add_middleware(JournalMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, fleet=fleet)
    app.add_middleware(BodyLimitMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.add_middleware(JsonByDefaultMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    if flavor is not None and flavor.name == PROXY:
        app.add_middleware(
            ProxyCommandBodyMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, fleet=fleet
        )
    # The dashboard's page and files (mockserver/dashboard/), served without a token.
    app.add_middleware(DashboardMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.mock = server  # type: ignore[attr-defined]
    return app


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, split as connexion splits it."""
    parts = authorization.split(maxsplit=1)
    return parts[1] if len(parts) == 2 and parts[0].lower() == "bearer" else None


def _http_exception_handler(fleet: Fleet) -> Any:
    """Routing errors into the envelope; an unknown command name becomes 400 invalid_command
    once the token and the vehicle check out (401 and 404 otherwise, as for known commands)."""

    async def handle(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, HTTPException)
        command = COMMAND_PATH.fullmatch(request.url.path) if exc.status_code == 404 else None
        if command is None:
            return await errors.on_http_exception(request, exc)
        token = bearer_token(request.headers.get("authorization") or "")
        account = None if token is None else fleet.account_for_token(token)
        if account is None:
            return errors.error_response(401, errors.ERROR_CODES[401])
        if fleet.find_vehicle(command["vehicle"], account) is None:
            return errors.error_response(404, errors.ERROR_CODES[404])
        return errors.error_response(400, errors.INVALID_COMMAND)

    return handle


# -- security ---------------------------------------------------------------------------------
def _account_token_checker(fleet: Fleet) -> Any:
    def check(token: str) -> dict[str, Any] | None:
        account = fleet.account_for_token(token)
        return None if account is None else {"sub": account.name, "account": account}

    return check


def _admin_token_checker(admin_token: str) -> Any:
    def check(token: str) -> dict[str, Any] | None:
        return {"sub": "admin"} if token == admin_token else None

    return check


def _bearer_handler(check: Any) -> type[BearerSecurityHandler]:
    """A bearer handler bound to one token check (keeps `x-bearerInfoFunc` out of the specs)."""

    class Handler(BearerSecurityHandler):
        def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
            return check

    return Handler


# -- ASGI middlewares -------------------------------------------------------------------------
class BodyLimitMiddleware:
    """Refuses request bodies over 64 KiB before anything parses them (413), and never passes
    on a body that did not arrive whole.

    A body announced by `Content-Length` is judged by the header alone. A chunked body (no
    `Content-Length`) is read here up to the limit and replayed with its length, because
    connexion treats a request without `Content-Length` as having no body at all. Either way
    the body is read completely before the request goes on: a client that disconnects halfway
    (fewer bytes than announced, or a chunked body without its last chunk) has its request
    dropped unexecuted, where connexion would take the part that came for the whole.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        content_length = None
        chunked = False
        for name, value in scope["headers"]:  # the last one counts, as in a dict of them
            if name == b"content-length":
                content_length = value
            elif name == b"transfer-encoding":
                chunked = True
        if content_length is not None:
            announced = _length(content_length)
            if announced is not None and announced > errors.MAX_BODY_BYTES:
                await _send_envelope(send, 413, errors.ERROR_CODES[413], _limit_text())
                return
            if announced:
                body = await _read_at_most(receive, errors.MAX_BODY_BYTES)
                if not isinstance(body, bytes) or len(body) != announced:
                    return  # the client left (or sent more or less): nothing is executed
                receive = _replay(body, receive)
        elif chunked:
            body = await _read_at_most(receive, errors.MAX_BODY_BYTES)
            if isinstance(body, _Incomplete):
                return
            if body is None:
                await _send_envelope(send, 413, errors.ERROR_CODES[413], _limit_text())
                return
            scope = {
                **scope,
                "headers": [
                    *((k, v) for k, v in scope["headers"] if k != b"transfer-encoding"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
            receive = _replay(body, receive)
        await self.app(scope, receive, send)


class _Incomplete:
    """What _read_at_most answers when the client disconnected before the body's end."""


INCOMPLETE = _Incomplete()


async def _read_at_most(receive: Receive, limit: int) -> bytes | _Incomplete | None:
    """The whole request body; None as soon as it passes `limit` bytes; INCOMPLETE when the
    client disconnected before the last chunk."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return INCOMPLETE
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class JsonByDefaultMiddleware:
    """Treats a request without `Content-Type` as JSON.

    Clients of the real API send parameterless commands with no body and often no content type;
    connexion would take such a body as `application/octet-stream` and skip body validation.
    Read as JSON, an empty body becomes the spec's default `{}` and any other body is validated.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and header(scope, b"content-type") is None:
            scope = {**scope, "headers": [*scope["headers"], (b"content-type", JSON)]}
        await self.app(scope, receive, send)


JSON = b"application/json"


class ProxyCommandBodyMiddleware:
    """The `proxy` flavor: reads a command's body the way Tesla's proxy does
    (mockserver/proxy.py) and either answers its error or passes on the body it read, as JSON
    the vehicle API's schema takes. Requests without a valid token, or to a numeric id, go on
    unchanged (the token check and the proxy's 404 come first)."""

    def __init__(self, app: ASGIApp, fleet: Fleet) -> None:
        self.app = app
        self.fleet = fleet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = None
        if scope["type"] == "http" and scope["method"] == "POST":
            match = COMMAND_PATH.fullmatch(scope["path"])
        if match is None or len(match["vehicle"]) != VIN_LENGTH or not self._signed_in(scope):
            await self.app(scope, receive, send)
            return
        raw = await _read_at_most(receive, errors.MAX_BODY_BYTES)
        if not isinstance(raw, bytes):
            return  # the client left; an oversized body was refused by the body limit
        read = proxy.read_command_body(match["command"], raw)
        if isinstance(read, proxy.ProxyAnswer):
            if read.text is not None:
                body = read.text.encode()
            else:
                body = errors.envelope_json(read.error, "", read.response).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": read.status,
                    "headers": [
                        (b"content-type", JSON),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        body = JSON_WRITER.dumps(read).encode()
        headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-type", b"content-length")
        ]
        headers += [(b"content-type", JSON), (b"content-length", str(len(body)).encode())]
        await self.app({**scope, "headers": headers}, _replay(body, receive), send)

    def _signed_in(self, scope: Scope) -> bool:
        token = bearer_token((header(scope, b"authorization") or b"").decode("latin-1"))
        return token is not None and self.fleet.account_for_token(token) is not None


VIN_LENGTH = 17


def _length(content_length: bytes) -> int | None:
    """The announced body length (None if the header is not a number: the server refuses
    such requests before they get here)."""
    try:
        return int(content_length)
    except ValueError:
        return None


def _limit_text() -> str:
    return f"request bodies are limited to {errors.MAX_BODY_BYTES} bytes"


async def _send_envelope(send: Send, status: int, error: str, description: str) -> None:
    body = errors.envelope_json(error, description).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class JournalMiddleware:
    """Records the vehicle API requests an account sends to its own vehicles, whatever their
    outcome.

    A request without a valid token, or naming another account's car, is not recorded against
    that car: otherwise anyone could fill a car's journal. An entry keeps what a test reads
    (method, path, query, Content-Type, body, status, time), each bounded: the body to
    `FleetLimits.journal_body_bytes`, the Content-Type to `JOURNAL_HEADER_CHARS`. A request
    that got no answer (its client left, or its car was deleted or reset meanwhile) is recorded
    with status 499 (the Fleet API's "client closed request") only if the car still exists.
    """

    def __init__(self, app: ASGIApp, fleet: Fleet) -> None:
        self.app = app
        self.fleet = fleet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(VEHICLE_PATH_PREFIX):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        key = path[len(VEHICLE_PATH_PREFIX) :].partition("/")[0]
        account = self._account(scope)
        # (find_vehicle without an account would find any account's car)
        vehicle = None if account is None else self.fleet.find_vehicle(key, account)
        if vehicle is None:
            await self.app(scope, receive, send)
            return
        body_limit = self.fleet.limits.journal_body_bytes
        chunks: list[bytes] = []
        kept = 0
        status = CLIENT_CLOSED_REQUEST

        async def recording_receive() -> Message:
            nonlocal kept
            message = await receive()
            chunk = message.get("body", b"")
            if chunk and kept < body_limit:
                chunks.append(chunk[: body_limit - kept])
                kept += len(chunks[-1])
            return message

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, recording_receive, recording_send)
        finally:
            if self.fleet.find_vehicle(key) is vehicle:  # not deleted, not reset meanwhile
                self.fleet.record(vehicle, self._entry(scope, path, b"".join(chunks), status))

    def _account(self, scope: Scope) -> Account | None:
        authorization = header(scope, b"authorization")
        token = None if authorization is None else bearer_token(authorization.decode("latin-1"))
        return None if token is None else self.fleet.account_for_token(token)

    def _entry(self, scope: Scope, path: str, body: bytes, status: int) -> dict[str, Any]:
        content_type = header(scope, b"content-type")
        return {
            "method": scope["method"],
            "path": path,
            "query": scope.get("query_string", b"").decode("latin-1"),
            "content_type": None
            if content_type is None
            else content_type[:JOURNAL_HEADER_CHARS].decode("latin-1"),
            "body": body.decode("utf-8", errors="replace"),
            "status": status,
            "time": self.fleet.clock.now(),
        }


# A request that got no answer: its client left before the end of its body, or its car went
# away while it waited (the Fleet API's status for "client closed request").
CLIENT_CLOSED_REQUEST = 499
# The Content-Type a journal entry keeps, at most (a client may send megabytes of it).
JOURNAL_HEADER_CHARS = 256
