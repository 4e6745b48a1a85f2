"""Mock vehicle servers for tests: in this process without a socket, on a loopback port, or
started elsewhere; `start_server` makes the first two.
"""

from __future__ import annotations

import secrets
import threading
import warnings
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import httpx

from tesla_mock.testing.admin import MockAdmin, ScopedAdmin
from tesla_mock.testing.ports import LOOPBACK_HOST, serve_in_thread
from tesla_mock.testing.transports import (
    KEEPALIVE_EXPIRY_S,
    BorrowedAsyncTransport,
    BorrowedTransport,
    InProcessTransport,
    KeptAliveTransport,
    proxy_for,
    ssl_context_for,
)

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

    The server owns one sync and one async httpx transport (with their connection pool and,
    for https, their SSL context), built when first needed. Every client it hands out borrows
    them: a client is a few headers and a cookie jar, so a test's clients cost microseconds,
    and closing one never closes the transport that the next test uses.

    Not to be confused with `tesla_mock.app.MockServer` (`app.mock`): that is the server's own
    fleet and admin token, inside the app; this is a test's way in from outside.
    """

    base_url: str
    admin_token: str
    app: Any = None
    transport: str

    def __init__(self) -> None:
        self._admin: MockAdmin | None = None
        self._admin_client: httpx.Client | None = None
        self._sync_transport: httpx.BaseTransport | None = None
        self._async_transport: httpx.AsyncBaseTransport | None = None
        self._stack = ExitStack()

    def http_client(self, token: str | None = None) -> httpx.Client:
        """A sync httpx client for this server, sending `token` as bearer token if given.

        It borrows the server's transport: closing it (httpx then refuses its requests) leaves
        the transport to the server's other clients."""
        transport = BorrowedTransport(self.shared_transport())
        return httpx.Client(
            base_url=self.base_url, headers=_bearer(token), transport=transport, trust_env=False
        )

    def async_http_client(self, token: str | None = None) -> httpx.AsyncClient:
        """An async httpx client for this server, sending `token` as bearer token if given.

        Usable from one event loop after another (`asyncio.run` per call). It borrows the
        server's transport, like `http_client`'s; `close_async_client` closes it without an
        event loop."""
        transport = BorrowedAsyncTransport(self.shared_async_transport())
        return httpx.AsyncClient(
            base_url=self.base_url, headers=_bearer(token), transport=transport, trust_env=False
        )

    def sdk_client(self, token: str) -> AuthenticatedClient:
        """A `tesla_charging_client.AuthenticatedClient` for `token`, sync and async ready.

        Its httpx clients borrow the server's transports (see `http_client`); `close_client`
        closes them without an event loop. Undocumented statuses raise `UnexpectedStatus`:
        from the mock they are bugs worth seeing.
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
            self._admin = MockAdmin(self._admin_http())
        return self._admin

    def scoped_admin(self, vehicles: Sequence[str], *, private: bool) -> ScopedAdmin:
        """The admin API as a test with `vehicles` should use it (see `ScopedAdmin`)."""
        return ScopedAdmin(self._admin_http(), vehicles, private=private)

    def _admin_http(self) -> httpx.Client:
        """The one admin client of the server: it holds nothing of a test's."""
        if self._admin_client is None:
            self._admin_client = self._stack.enter_context(self.http_client(self.admin_token))
        return self._admin_client

    def shared_transport(self) -> httpx.BaseTransport:
        """The server's sync transport, which every client of `http_client` borrows."""
        if self._sync_transport is None:
            self._sync_transport = self._stack.enter_context(self._new_transport())
        return self._sync_transport

    def shared_async_transport(self) -> httpx.AsyncBaseTransport:
        """The server's async transport, which every client of `async_http_client` borrows."""
        if self._async_transport is None:
            self._async_transport = self._new_async_transport()
        return self._async_transport

    def close(self) -> None:
        self._stack.close()

    def _new_transport(self) -> httpx.BaseTransport:
        url, proxy = httpx.URL(self.base_url), proxy_for(self.base_url)
        if url.scheme == "http" and proxy is None:
            return KeptAliveTransport(url.host, url.port or 80)
        return httpx.HTTPTransport(
            verify=ssl_context_for(self.base_url),
            proxy=proxy,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY_S),
        )

    def _new_async_transport(self) -> httpx.AsyncBaseTransport:
        # No kept-alive connections: the async clients are used from one event loop after
        # another (asyncio.run per call), and a pooled connection belongs to its first loop.
        # So no connection outlives its request, and the pool is safe to share between loops
        # and has nothing to close.
        return httpx.AsyncHTTPTransport(
            verify=ssl_context_for(self.base_url),
            proxy=proxy_for(self.base_url),
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def __enter__(self) -> MockVehicleServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"


class InProcessServer(MockVehicleServer):
    """The app in this process; no socket. A sync request runs the app on an event loop of the
    calling thread's own; one made inside a running event loop (which cannot be left waiting)
    runs on a loop in a helper thread instead, like starlette's TestClient. Async requests run
    on the caller's own loop."""

    transport = "in-process"

    def __init__(self, app: Any, admin_token: str) -> None:
        super().__init__()
        self.app = app
        self.admin_token = admin_token
        self.base_url = IN_PROCESS_BASE_URL
        self._portal: BlockingPortal | None = None
        self._portal_lock = threading.Lock()

    def _new_transport(self) -> httpx.BaseTransport:
        return InProcessTransport(self.shared_async_transport(), self._helper_portal)

    def _new_async_transport(self) -> httpx.AsyncBaseTransport:
        return httpx.ASGITransport(app=self.app, raise_app_exceptions=False)

    def _helper_portal(self) -> BlockingPortal:
        """The helper thread's event loop, started when a sync request first needs it."""
        with self._portal_lock:
            if self._portal is None:
                from anyio.from_thread import start_blocking_portal

                self._portal = self._stack.enter_context(start_blocking_portal())
            return self._portal


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


def close_client(client: AuthenticatedClient) -> None:
    """Close both httpx clients of an SDK client made by `MockVehicleServer.sdk_client`."""
    client.get_httpx_client().close()
    close_async_client(client.get_async_httpx_client())


def close_async_client(client: httpx.AsyncClient) -> None:
    """Close an async client made by `MockVehicleServer.async_http_client`, with no event loop.

    Its transport is borrowed, and giving it back awaits nothing, so `aclose()` finishes in
    one step; anything else (a client made elsewhere) is refused rather than left half closed.
    """
    closing = client.aclose()
    try:
        closing.send(None)
    except StopIteration:
        return
    closing.close()
    raise RuntimeError(f"{client!r} is not a client of a MockVehicleServer: close it with aclose()")


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
