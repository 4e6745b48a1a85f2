"""Mock vehicle servers for tests: in this process without a socket, on a loopback port, or
started elsewhere; `start_server` makes the first two.
"""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Mapping
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import httpx

from tesla_mock.testing.admin import MockAdmin
from tesla_mock.testing.ports import LOOPBACK_HOST, serve_in_thread

if TYPE_CHECKING:  # the server and the SDK are imported when a test first asks for them
    from anyio.from_thread import BlockingPortal
    from tesla_charging_client import AuthenticatedClient

Transport = Literal["in-process", "loopback"]
TRANSPORTS: tuple[Transport, ...] = ("in-process", "loopback")
IN_PROCESS_BASE_URL = "http://tesla-mock.invalid"  # never resolved: requests go to the app
SERVER_START_TIMEOUT_S = 30.0


class MockVehicleServer:
    """A running mock vehicle server: where it is and how to talk to it.

    `app` is the connexion application when this process runs it (in-process and loopback
    servers), None for an external server. Close with `close()` (idempotent).

    Not to be confused with `tesla_mock.app.MockServer` (`app.mock`): that is the server's own
    fleet and admin token, inside the app; this is a test's way in from outside.
    """

    base_url: str
    admin_token: str
    app: Any = None
    transport: str

    def __init__(self) -> None:
        self._admin: MockAdmin | None = None
        self._stack = ExitStack()

    def http_client(self, token: str | None = None) -> httpx.Client:
        """A sync httpx client for this server, sending `token` as bearer token if given."""
        return httpx.Client(base_url=self.base_url, headers=_bearer(token), **self._sync_args())

    def async_http_client(self, token: str | None = None) -> httpx.AsyncClient:
        """An async httpx client for this server, sending `token` as bearer token if given."""
        return httpx.AsyncClient(
            base_url=self.base_url, headers=_bearer(token), **self._async_args()
        )

    def sdk_client(self, token: str) -> AuthenticatedClient:
        """A `tesla_charging_client.AuthenticatedClient` for `token`, sync and async ready.

        The caller closes its httpx clients (`TeslaMock` does). Undocumented statuses raise
        `UnexpectedStatus`: from the mock they are bugs worth seeing.
        """
        from tesla_charging_client import AuthenticatedClient

        client = AuthenticatedClient(
            base_url=self.base_url, token=token, raise_on_unexpected_status=True
        )
        client.set_httpx_client(self.http_client(token))
        client.set_async_httpx_client(self.async_http_client(token))
        return client

    @property
    def admin(self) -> MockAdmin:
        """The whole server's admin API (unscoped: changes here can affect every test)."""
        if self._admin is None:
            self._admin = MockAdmin(self._stack.enter_context(self.http_client(self.admin_token)))
        return self._admin

    def close(self) -> None:
        self._stack.close()

    def _sync_args(self) -> dict[str, Any]:
        return {}

    def _async_args(self) -> dict[str, Any]:
        # No kept-alive connections: an async client may be used from one event loop after
        # another (asyncio.run per call), and a pooled connection belongs to its first loop.
        return {"limits": httpx.Limits(max_keepalive_connections=0)}

    def __enter__(self) -> MockVehicleServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"


class InProcessServer(MockVehicleServer):
    """The app in this process; no socket. Sync requests run on one event loop in a helper
    thread (like starlette's TestClient), async requests on the caller's own loop."""

    transport = "in-process"

    def __init__(self, app: Any, admin_token: str) -> None:
        from anyio.from_thread import start_blocking_portal

        super().__init__()
        self.app = app
        self.admin_token = admin_token
        self.base_url = IN_PROCESS_BASE_URL
        self._portal = self._stack.enter_context(start_blocking_portal())

    def _sync_args(self) -> dict[str, Any]:
        return {"transport": _PortalTransport(self.app, self._portal)}

    def _async_args(self) -> dict[str, Any]:
        return {"transport": httpx.ASGITransport(app=self.app, raise_app_exceptions=False)}


class LoopbackServer(MockVehicleServer):
    """The app served by uvicorn in a background thread on a free 127.0.0.1 port."""

    transport = "loopback"

    def __init__(self, app: Any, admin_token: str) -> None:
        super().__init__()
        self.app = app
        self.admin_token = admin_token
        self.base_url = self._stack.enter_context(
            serve_in_thread(app, LOOPBACK_HOST, timeout=SERVER_START_TIMEOUT_S)
        )


class ExternalServer(MockVehicleServer):
    """A server started elsewhere (`python -m tesla_mock`, a container, ...)."""

    transport = "external"

    def __init__(self, base_url: str, admin_token: str) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token


def start_server(
    transport: Transport = "in-process",
    *,
    scenario: Mapping[str, Any] | None = None,
    start: float | datetime | None = None,
    frozen: bool = False,
    time_scale: float = 1.0,
    validate_responses: bool = True,
    admin_token: str | None = None,
    flavor: str = "fleet",
) -> MockVehicleServer:
    """A new mock vehicle server in this process; close it (or use it as a context manager).

    `scenario` is its fleet (default: no accounts); `start`, `frozen` and `time_scale` set its
    simulated clock; the admin token is random unless given; `flavor` is the server it
    answers as (fleet, owner or proxy).
    """
    if transport not in TRANSPORTS:
        raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
    with warnings.catch_warnings():  # the mock's dependencies warn about themselves on import
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from tesla_mock.app import create_app
    from tesla_mock.clock import SimClock
    from tesla_mock.flavors import Flavor

    if isinstance(start, datetime):
        if start.tzinfo is None:
            raise ValueError("start: give an aware datetime (with tzinfo) or epoch seconds")
        start = start.timestamp()
    admin_token = admin_token or secrets.token_urlsafe(24)
    app = create_app(
        scenario=dict(scenario) if scenario is not None else {"accounts": []},
        admin_token=admin_token,
        validate_responses=validate_responses,
        swagger_ui=False,
        clock=SimClock(start=start, time_scale=time_scale, frozen=frozen),
        flavor=Flavor(flavor),
    )
    server_class = InProcessServer if transport == "in-process" else LoopbackServer
    return server_class(app, admin_token)


class ServerPool:
    """The servers a test session (an xdist worker) shares, started when first needed: one
    per transport, or the external server at `external_url` for every transport."""

    def __init__(
        self,
        *,
        external_url: str | None = None,
        external_admin_token: str = "mock-admin-token",
        validate_responses: bool = True,
    ) -> None:
        self._external_url = external_url
        self._external_admin_token = external_admin_token
        self._validate_responses = validate_responses
        self._servers: dict[str, MockVehicleServer] = {}

    def shared(self, transport: Transport) -> MockVehicleServer:
        """The session's server for `transport`, or the external one when a URL was given."""
        key = "external" if self._external_url else transport
        if key not in self._servers:
            if self._external_url:
                server: MockVehicleServer = ExternalServer(
                    self._external_url, self._external_admin_token
                )
            else:
                server = start_server(transport, validate_responses=self._validate_responses)
            self._servers[key] = server
        return self._servers[key]

    def close(self) -> None:
        for server in self._servers.values():
            server.close()
        self._servers.clear()


class _PortalTransport(httpx.BaseTransport):
    """A sync httpx transport that runs an ASGI app on a blocking portal's event loop."""

    def __init__(self, app: Any, portal: BlockingPortal) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body becomes a ByteStream, readable by the async transport
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        # A stream rather than `content=`: the headers stay exactly as the app sent them.
        return httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(body)
        )


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
