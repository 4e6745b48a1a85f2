"""The httpx transports behind the test servers' clients: one that runs the app in this process
on the calling thread's own event loop, one kept-alive http.client transport for plain http,
and the borrowing wrappers that let many short-lived clients share a server's transport.
"""

from __future__ import annotations

import asyncio
import functools
import http.client
import select
import ssl
import threading
import time
import urllib.request
import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

# How long a kept-alive connection may sit idle before the client drops it: below the idle
# timeouts of uvicorn and `python -m tesla_mock` (5 s each), so a client never sends a request
# on a connection that the server is closing at that moment.
KEEPALIVE_EXPIRY_S = 2.0
MAX_IDLE_CONNECTIONS = 8  # kept alive per server; more are made when threads ask at once


class InProcessTransport(httpx.BaseTransport):
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


class BorrowedTransport(httpx.BaseTransport):
    """A client's use of its server's sync transport: closing the client leaves it open."""

    def __init__(self, shared: httpx.BaseTransport) -> None:
        self._shared = shared

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._shared.handle_request(request)

    def close(self) -> None:
        """Nothing to do: the transport is the server's and closes with it."""


class BorrowedAsyncTransport(httpx.AsyncBaseTransport):
    """A client's use of its server's async transport: closing the client leaves it open."""

    def __init__(self, shared: httpx.AsyncBaseTransport) -> None:
        self._shared = shared

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._shared.handle_async_request(request)

    async def aclose(self) -> None:
        """Nothing to do: the transport is the server's and closes with it."""


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
