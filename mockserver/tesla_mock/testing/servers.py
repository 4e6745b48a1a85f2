"""Mock vehicle servers for tests: in this process without a socket, on a loopback port, or
started elsewhere; `start_server` makes the first two.
"""

from __future__ import annotations

import asyncio
import functools
import http.client
import secrets
import select
import ssl
import threading
import time
import urllib.request
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import httpx

from tesla_mock.testing.admin import MockAdmin, ScopedAdmin
from tesla_mock.testing.ports import LOOPBACK_HOST, serve_in_thread

if TYPE_CHECKING:  # the server and the SDK are imported when a test first asks for them
    from anyio.from_thread import BlockingPortal
    from tesla_charging_client import AuthenticatedClient

Transport = Literal["in-process", "loopback"]
TRANSPORTS: tuple[Transport, ...] = ("in-process", "loopback")
IN_PROCESS_BASE_URL = "http://tesla-mock.invalid"  # never resolved: requests go to the app
SERVER_START_TIMEOUT_S = 30.0
# How long a kept-alive connection may sit idle before the client drops it: below the idle
# timeouts of uvicorn and `python -m tesla_mock` (5 s each), so a client never sends a request
# on a connection that the server is closing at that moment.
KEEPALIVE_EXPIRY_S = 2.0
MAX_IDLE_CONNECTIONS = 8  # kept alive per server; more are made when threads ask at once


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
        transport = _BorrowedTransport(self.shared_transport())
        return httpx.Client(
            base_url=self.base_url, headers=_bearer(token), transport=transport, trust_env=False
        )

    def async_http_client(self, token: str | None = None) -> httpx.AsyncClient:
        """An async httpx client for this server, sending `token` as bearer token if given.

        Usable from one event loop after another (`asyncio.run` per call). It borrows the
        server's transport, like `http_client`'s; `close_async_client` closes it without an
        event loop."""
        transport = _BorrowedAsyncTransport(self.shared_async_transport())
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
        return _InProcessTransport(self.shared_async_transport(), self._helper_portal)

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


class _InProcessTransport(httpx.BaseTransport):
    """A sync httpx transport that awaits an ASGI transport on an event loop of the calling
    thread's own (made on its first request, closed when the thread ends or the transport
    closes), or, inside a running event loop, on `portal()`'s loop in a helper thread.

    The thread's own loop spares each request two trips between threads (docs/benchmarks.md,
    "Figures behind the code").
    """

    def __init__(
        self, asgi: httpx.AsyncBaseTransport, portal: Callable[[], BlockingPortal]
    ) -> None:
        self._asgi = asgi
        self._portal = portal
        self._threads = threading.local()
        self._loops: weakref.WeakSet[_ThreadLoop] = weakref.WeakSet()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body becomes a ByteStream, readable by the async transport
        if _in_running_loop():
            return self._portal().call(self._send, request)
        return self._thread_loop().run_until_complete(self._send(request))

    def close(self) -> None:
        for loop in list(self._loops):
            loop.close()

    def _thread_loop(self) -> asyncio.AbstractEventLoop:
        own: _ThreadLoop | None = getattr(self._threads, "loop", None)
        if own is None or own.loop.is_closed():
            own = self._threads.loop = _ThreadLoop()
            self._loops.add(own)
        return own.loop

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        # A stream rather than `content=`: the headers stay exactly as the app sent them.
        return httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(body)
        )


class _ThreadLoop:
    """An event loop that one thread keeps for its requests; closed when the thread's
    locals are dropped (the thread ended) or on `close()`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.close = weakref.finalize(self, self.loop.close)


def _in_running_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class KeptAliveTransport(httpx.BaseTransport):
    """A sync httpx transport for a plain-http server, on the standard library's http.client,
    with kept-alive connections (any number of threads may share it).

    The servers' sync clients use it rather than httpx's own transport, whose httpcore and h11
    cost more of the client's CPU per request (docs/benchmarks.md, "Figures behind the
    code"); and it writes a request in one piece, so the server wakes once per request. What
    it does not do: TLS, proxies (the servers use httpx's transport for those) and HTTP/2.
    A response body is read as httpx asks for it (whole, or streamed with `client.stream`);
    its connection is kept for the next request once the body is read to its end and closed.

    Timeouts are the client's (`httpx.Timeout`: connect, write, read); failures are httpx's
    exceptions (`ConnectError`, `ReadTimeout`, `RemoteProtocolError`, ...), as with httpx's
    transport.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        max_idle: int = MAX_IDLE_CONNECTIONS,
        keepalive_expiry: float = KEEPALIVE_EXPIRY_S,
    ) -> None:
        self._address = (host, port)
        self._max_idle = max_idle
        self._keepalive_expiry = keepalive_expiry
        self._idle: list[tuple[_Connection, float]] = []  # and since when, newest last
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        body = request.read()
        connection = self._idle_connection() or self._connect(request, timeouts.get("connect"))
        try:
            response = self._exchange(connection, request, body, timeouts)
        except BaseException:
            connection.close()
            raise
        return httpx.Response(
            response.status,
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.getheaders()],
            stream=_ResponseBody(request, response, lambda: self._release(connection, response)),
            extensions={
                "http_version": b"HTTP/1.1" if response.version == 11 else b"HTTP/1.0",
                "reason_phrase": response.reason.encode("latin-1"),
            },
        )

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection, _ in idle:
            connection.close()

    def _connect(self, request: httpx.Request, timeout: float | None) -> _Connection:
        connection = _Connection(*self._address, timeout=timeout)
        _translated(request, httpx.ConnectError, connection.connect)
        return connection

    def _exchange(
        self,
        connection: _Connection,
        request: httpx.Request,
        body: bytes,
        timeouts: Mapping[str, float | None],
    ) -> http.client.HTTPResponse:
        target = request.url.raw_path.decode("ascii")
        connection.putrequest(request.method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in request.headers.raw:
            connection.putheader(name, value)
        chunked = "transfer-encoding" in request.headers  # httpx said so for a streamed body
        connection.endheaders(body if body or chunked else None, encode_chunked=chunked)
        assert connection.sock is not None
        connection.sock.settimeout(timeouts.get("write"))
        _translated(request, httpx.WriteError, connection.flush)
        connection.sock.settimeout(timeouts.get("read"))
        return _translated(request, httpx.ReadError, connection.getresponse)

    def _idle_connection(self) -> _Connection | None:
        """The newest idle connection the server has not closed meanwhile, if any."""
        now = time.monotonic()
        with self._lock:
            while self._idle:
                connection, since = self._idle.pop()
                if now - since < self._keepalive_expiry and not _readable(connection):
                    return connection
                connection.close()  # expired, or the server closed it (or sent what no
                # request asked for): either way, not to be used again
        return None

    def _release(self, connection: _Connection, response: http.client.HTTPResponse) -> None:
        """Keep the connection for the next request, unless its response was not read to the
        end (what is left would be read as the next answer) or the server is closing it."""
        if response.isclosed() and not response.will_close:
            self._keep(connection)
        else:
            connection.close()

    def _keep(self, connection: _Connection) -> None:
        with self._lock:
            self._idle.append((connection, time.monotonic()))
            surplus = self._idle[: -self._max_idle]
            del self._idle[: -self._max_idle]
        for old, _ in surplus:
            old.close()


class _ResponseBody(httpx.SyncByteStream):
    """A response's body, read from its connection as httpx iterates over it; `release` is
    called once, when httpx closes the response."""

    CHUNK_BYTES = 65536

    def __init__(
        self,
        request: httpx.Request,
        response: http.client.HTTPResponse,
        release: Callable[[], None],
    ) -> None:
        self._request = request
        self._response = response
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        while chunk := _translated(self._request, httpx.ReadError, self._read_some):
            yield chunk

    def _read_some(self) -> bytes:
        if self._response.isclosed():
            return b""
        chunk = self._response.read1(self.CHUNK_BYTES)
        if not chunk:
            self._response.read()  # at the end: http.client sees it and lets the socket go
        return chunk

    def close(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()


class _Connection(http.client.HTTPConnection):
    """http.client's connection, writing what a request sends in one piece on `flush()`
    instead of its head and its body apart (which would wake the server twice)."""

    def __init__(self, host: str, port: int, timeout: float | None) -> None:
        super().__init__(host, port, timeout=timeout)
        self._unsent: list[bytes] = []

    def send(self, data: Any) -> None:
        self._unsent.append(bytes(data))

    def flush(self) -> None:
        data = b"".join(self._unsent)
        self._unsent.clear()
        super().send(data)


_Answer = TypeVar("_Answer")


def _translated(
    request: httpx.Request, failure: type[httpx.TransportError], step: Callable[[], _Answer]
) -> _Answer:
    """`step()`, its socket and protocol errors raised as httpx's exception for them
    (`failure` for a plain OSError: what went wrong depends on the step)."""
    try:
        return step()
    except TimeoutError as exc:
        timeout = _TIMEOUTS[failure]
        raise timeout(str(exc) or "timed out", request=request) from exc
    except http.client.HTTPException as exc:  # a closed connection, a malformed answer
        raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__, request=request) from exc
    except OSError as exc:
        raise failure(str(exc), request=request) from exc


_TIMEOUTS: dict[type[httpx.TransportError], type[httpx.TimeoutException]] = {
    httpx.ConnectError: httpx.ConnectTimeout,
    httpx.WriteError: httpx.WriteTimeout,
    httpx.ReadError: httpx.ReadTimeout,
}


def _readable(connection: http.client.HTTPConnection) -> bool:
    """Whether an idle connection has something to read: the server closed it (or sent what
    no request asked for)."""
    if connection.sock is None:
        return True
    if not hasattr(select, "poll"):  # Windows
        return bool(select.select([connection.sock], [], [], 0)[0])
    poll = select.poll()  # not select.select: it fails on descriptors above 1023
    poll.register(connection.sock, select.POLLIN)
    return bool(poll.poll(0))


class _BorrowedTransport(httpx.BaseTransport):
    """A client's use of its server's sync transport: closing the client leaves it open."""

    def __init__(self, shared: httpx.BaseTransport) -> None:
        self._shared = shared

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._shared.handle_request(request)

    def close(self) -> None:
        """Nothing to do: the transport is the server's and closes with it."""


class _BorrowedAsyncTransport(httpx.AsyncBaseTransport):
    """A client's use of its server's async transport: closing the client leaves it open."""

    def __init__(self, shared: httpx.AsyncBaseTransport) -> None:
        self._shared = shared

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._shared.handle_async_request(request)

    async def aclose(self) -> None:
        """Nothing to do: the transport is the server's and closes with it."""


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


def ssl_context_for(base_url: str) -> ssl.SSLContext:
    """The SSL context of the transports for `base_url`, built once per process and scheme.

    https: the CA bundle httpx itself would load (SSL_CERT_FILE / SSL_CERT_DIR, else
    certifi's), tens of milliseconds, so once and not per client. Plain http never uses one,
    but httpx builds its own default context (with that bundle) unless it is given one: it
    gets a context with no CA at all, which would refuse any certificate if TLS were tried.
    """
    if httpx.URL(base_url).scheme == "https":
        return _context_with_authorities()
    return _context_without_authorities()


@functools.cache
def _context_with_authorities() -> ssl.SSLContext:
    return httpx.create_ssl_context()


@functools.cache
def _context_without_authorities() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies certificates, trusts none


def proxy_for(base_url: str) -> str | None:
    """The proxy that HTTP_PROXY / HTTPS_PROXY / ALL_PROXY and NO_PROXY name for `base_url`,
    decided once per transport (httpx decides per client, which costs a transport per proxy
    per client). Loopback addresses are always reached directly."""
    url = httpx.URL(base_url)
    if url.host in ("127.0.0.1", "::1", "localhost") or urllib.request.proxy_bypass(url.host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(url.scheme) or proxies.get("all")


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
