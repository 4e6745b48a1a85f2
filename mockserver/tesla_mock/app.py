"""The connexion application: both specs, their handlers, security, and the error envelope.

    create_app() -> an ASGI app (`app.mock` holds its fleet and clock)

Layers, outermost first: CORS for the vehicle API (tesla_mock/cors.py; `cors=False` leaves it
out), the HTTP edge (tesla_mock/edge.py: the request journal, the 64 KiB body limit, JSON by
default), then connexion (routing, bearer security, request validation against the spec,
optional response validation), then the handlers in `handlers.py` (vehicle API) and `admin.py`
(admin API under /__mock), called by the dispatcher of `fastpath.py`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import connexion
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.middleware import ConnexionMiddleware, MiddlewarePosition
from connexion.resolver import Resolver
from connexion.security import BearerSecurityHandler
from starlette.exceptions import HTTPException

from tesla_mock import compiled_validators, connexion_internals, error_texts, errors, fastpath
from tesla_mock.admin import AdminApi
from tesla_mock.clock import SimClock
from tesla_mock.cors import CorsMiddleware
from tesla_mock.dashboard import DashboardMiddleware
from tesla_mock.edge import (
    COMMAND_PATH,
    JOURNAL_HEADER_CHARS,  # noqa: F401 (the journal's bound, read by tests)
    EdgeMiddleware,
    ProxyCommandBodyMiddleware,
    bearer_token,
)
from tesla_mock.events import EventLimits
from tesla_mock.flavors import PROXY, Flavor
from tesla_mock.fleet import Fleet, FleetLimits, load_scenario_file
from tesla_mock.handlers import VehicleApi
from tesla_mock.jsonwriter import JSON_WRITER
from tesla_mock.specs import ADMIN_BASE_PATH, ADMIN_SPEC, VEHICLE_SPEC, load_spec, spec_dir

DEFAULT_ADMIN_TOKEN = "mock-admin-token"
# The start of connexion's warning about operations with two body content types.
MULTIPLE_CONTENT_TYPES = "this operation accepts multiple content types"


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
    cors: bool = True,
) -> ConnexionMiddleware | connexion.AsyncApp:
    """The mock server: connexion's middleware around the dispatcher of `tesla_mock/fastpath.py`;
    `fast=False` builds connexion's own AsyncApp, which answers alike
    (tests/server/test_fastpath_differential.py). `cors=False` answers no CORS (module
    docstring of tesla_mock/cors.py)."""
    quiet_connexion()
    clock = clock or SimClock(time_scale=time_scale)
    if scenario is None and fleet_file is not None:
        scenario = load_scenario_file(fleet_file)
    fleet = Fleet(clock, scenario, limits=fleet_limits)
    if event_limits is not None:  # the live event stream's bounds (tesla_mock/events.py)
        fleet.events.limits = event_limits
    server = MockServer(fleet, admin_token)

    options: dict[str, Any] = {
        "specification_dir": str(spec_dir()),
        "swagger_ui_options": connexion.options.SwaggerUIOptions(swagger_ui=swagger_ui),
        "jsonifier": JSON_WRITER,
    }
    common: dict[str, Any] = {"strict_validation": True, "validate_responses": validate_responses}
    app: ConnexionMiddleware | connexion.AsyncApp
    if fast:
        connexion_internals.build_each_spec_once()
        app = ConnexionMiddleware(
            fastpath.OperationDispatcher(jsonifier=JSON_WRITER),
            import_name=__name__,
            middlewares=connexion_internals.middlewares(validate_responses=validate_responses),
            **options,
        )
        common["validator_map"] = compiled_validators.validator_map(
            compiled_validators.SchemaCompiler(),
            json_body=connexion_internals.DirectJSONBodyValidator,
        )
        bearer_handler = connexion_internals.bearer_handler
    else:
        app = connexion.AsyncApp(
            __name__, middlewares=connexion_internals.plain_middlewares(), **options
        )
        bearer_handler = _bearer_handler
    app.add_api(
        load_spec(VEHICLE_SPEC),
        resolver=Resolver(VehicleApi(fleet, flavor).resolve),
        security_map={"bearer": bearer_handler(_account_token_checker(fleet))},
        **common,
    )
    app.add_api(
        load_spec(ADMIN_SPEC),
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
    # the outermost: CORS headers go on every answer, errors included (a preflight is answered
    # before the edge sees it); the journal sees every request as it was sent, 413s included.
    if cors:
        app.add_middleware(CorsMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.add_middleware(EdgeMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, fleet=fleet)
    if flavor is not None and flavor.name == PROXY:
        app.add_middleware(
            ProxyCommandBodyMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, fleet=fleet
        )
    # The dashboard's page and files (tesla_mock/dashboard/), served without a token.
    app.add_middleware(DashboardMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.mock = server  # type: ignore[attr-defined]
    return app


class _ExpectedConnexionWarnings(logging.Filter):
    """Drops connexion's "this operation accepts multiple content types" warning. connexion
    logs it whenever it looks up the body of an operation whose body takes two content types:
    once per such operation for every app started, and again per request in the plain app.
    Here that is on purpose (commands take JSON and form bodies, the admin scenario JSON and
    YAML). Every other record of the logger goes on."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg
        return not (isinstance(message, str) and message.startswith(MULTIPLE_CONTENT_TYPES))


_CONNEXION_OPERATIONS_LOGGER = logging.getLogger("connexion.operations.openapi3")


def quiet_connexion() -> None:
    """Keep connexion's warnings about this app's spec design out of every log (the server's
    and a failing test's alike); called by create_app, once is enough."""
    if not any(
        isinstance(f, _ExpectedConnexionWarnings) for f in _CONNEXION_OPERATIONS_LOGGER.filters
    ):
        _CONNEXION_OPERATIONS_LOGGER.addFilter(_ExpectedConnexionWarnings())


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
            unknown = error_texts.unknown_vehicle(command["vehicle"])
            return errors.error_response(404, errors.ERROR_CODES[404], unknown)
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
