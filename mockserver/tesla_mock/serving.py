"""Serving the mock on uvicorn with the limits of a real server (README, "Limits").

    serve(app, host=..., port=..., log_level=..., loop=..., limits=ConnectionLimits(...),
          log_requests=True, on_listening=print_banner)

The listening sockets are bound before uvicorn starts (`listening.bind_sockets`): a port in use is a
one-line `ListenError`, and `on_listening` learns the real address (`--port 0` included) once
the server accepts connections. Each request is logged in one line (tesla_mock/requestlog.py)
unless `log_requests=False`.

uvicorn's httptools protocol (the fast one; its h11 protocol costs about a third of the
throughput) has none of these limits: it buffers a request head of any size (a 40 MB header
was accepted), waits forever for the rest of a head or a body, keeps a connection that never
sends a request open forever, and answers what its parser refuses with text/plain.
`LimitedHttpToolsProtocol` adds them to it:

- request head bytes (the request line and the headers): counted in `data_received`, before
  the parser sees them, so that no more than the limit is ever buffered; beyond it 431;
- the request URL: measured in `on_url`; beyond it 414;
- the header read timeout (from a head's first byte to its end) and the body read timeout
  (from the end of the head to the end of the body): a sweep on ticks of uvicorn's main loop
  (`Server.on_tick`, every 0.1 s) notes when it first saw each connection where it is (which
  request, in its head or its body), so that a request pays no timer, only the attribute
  writes at the end of its head and of itself. A late head is answered 408, a late body too
  (or the connection is closed if an answer has started). The same sweep resets a connection
  whose client has taken none of its answers (the send buffer full and not draining) for
  the body timeout;
- the idle timeout is uvicorn's keep-alive timeout, armed here on a new connection as well
  (uvicorn arms it only after an answer);
- the connection cap: a connection beyond it is answered 503 at once and closed; the listen
  backlog and the open-file limit are fitted to it (`fit_open_file_limit`);
- what may follow a head on the wire (MAX_BODY_WIRE_BYTES);
- parser errors are answered 400; every answer here is the API's JSON envelope.

An answer given here goes out with `connection: close`; the write side is then shut down and
what the client still sends is read and dropped for at most LINGER_S, so that the client gets
the answer rather than a reset (closing a socket with unread data resets it).

uvicorn internals this relies on (uvicorn 0.54; tests/hostile/test_connections.py exercises
each): `HttpToolsProtocol`'s attributes `parser`, `transport`, `flow` (and its
`write_paused`), `cycle`, `pipeline`, `scope`, `url`, `connections`,
`server_state.default_headers`, `timeout_keep_alive`, `timeout_keep_alive_task`, `loop`,
`logger`; its methods `_unset_keepalive_if_required`, `timeout_keep_alive_handler`,
`_should_upgrade`, `handle_websocket_upgrade`, `_unsupported_upgrade_warning` and the parser
callbacks `on_url`, `on_headers_complete` and `on_message_complete`; `data_received` is
replaced (its upgrade branch is uvicorn's). Of `RequestResponseCycle`: `response_started`,
`response_complete`, `disconnected`, `keep_alive`, `message_event`. `STATUS_LINE`;
`Config(http=<a protocol class>, timeout_keep_alive=..., backlog=...)`; `Server.on_tick` (called
every 0.1 s); `Server.startup(sockets=[])` starting no server of its own, `Server.servers`
(closed and awaited at shutdown) and `Config.http_protocol_class(config=, server_state=,
app_state=)`, its protocol factory; `EagerAcceptor` (uvloop) and asyncio's server accepting up to
`backlog` connections at a time.
httptools raises `HttpParserCallbackError` with a callback's exception as its `__context__`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import logging
import resource
import socket
import struct
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TextIO

# connexion (imported by tesla_mock.errors) imports starlette's test client, which warns about
# httpx on import.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

import httptools  # noqa: E402
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol  # noqa: E402

from tesla_mock.accepting import listen  # noqa: E402
from tesla_mock.app import quiet_connexion  # noqa: E402
from tesla_mock.errors import ERROR_CODES, envelope_json  # noqa: E402
from tesla_mock.listening import base_url, bind_sockets  # noqa: E402
from tesla_mock.requestlog import RequestLog  # noqa: E402

logger = logging.getLogger(__name__)

LINGER_S = 1.0  # how long what a client sends after an error answer is read and dropped
# Connections beyond the cap that are answered 503 and lingering at once; beyond these, new
# connections are closed without an answer, so that a flood cannot take more file descriptors.
MAX_LINGERING_REFUSALS = 64
# The listen backlog, which is also how many connections asyncio accepts at a time: it accepts
# a batch, and the protocol (the cap) sees each connection two turns of the loop later.
ACCEPT_BACKLOG = 128
# File descriptors kept for everything but client connections: three batches of accepted
# connections the cap has not seen yet, and 64 for the listening socket, the event loop, the
# standard streams, log files and the fleet file.
RESERVED_FILES = 3 * ACCEPT_BACKLOG + 64
# What a request may send on the wire after its head: the API takes bodies up to 64 KiB; the
# rest covers chunk framing, trailers and whatever else the same reads carried. Beyond it the
# connection is closed (a body nobody reads any more is not read for ever).
MAX_BODY_WIRE_BYTES = 1024 * 1024
TICK_S = 0.1  # uvicorn's main loop calls on_tick every 0.1 s
REFUSAL_LOG_INTERVAL_S = 10.0


@dataclass(frozen=True)
class ConnectionLimits:
    """What one client connection may cost the server (README, "Limits")."""

    max_header_bytes: int = 16 * 1024  # request line and headers, CRLFs included; 431 beyond
    max_url_bytes: int = 8 * 1024  # the request target (path and query); 414 beyond
    header_timeout: float = 10.0  # seconds from a head's first byte to its end; then 408
    body_timeout: float = 30.0  # seconds from the end of the head to the end of the body
    idle_timeout: float = 5.0  # seconds a connection may wait for its next request
    max_connections: int = 1000  # open at once; beyond it 503 and closed


class _UrlTooLong(Exception):
    pass


class _Shared:
    """State of one server that its connections share."""

    def __init__(self) -> None:
        self.lingering_refusals = 0
        self.refusal_logged_at = -REFUSAL_LOG_INTERVAL_S
        self.refused_since_log = 0


def _envelope_bytes(error: str, description: str) -> bytes:
    return envelope_json(error, description).encode()


_on_headers_complete = HttpToolsProtocol.on_headers_complete
_on_message_complete = HttpToolsProtocol.on_message_complete


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of `ConnectionLimits` (module docstring).

    `protocol_class(limits)` makes the subclass a server uses; its limits are class attributes.
    """

    limits: ClassVar[ConnectionLimits] = ConnectionLimits()
    _shared: ClassVar[_Shared] = _Shared()
    _max_head: ClassVar[int] = limits.max_header_bytes
    _max_url: ClassVar[int] = limits.max_url_bytes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Bytes the connection may still send: while a head is read (from the end of the
        # previous request to the end of this head), what is left of the head limit; while a
        # body is, of MAX_BODY_WIRE_BYTES; -1 once the connection is answered or refused here,
        # so that whatever comes next takes the slow path and is dropped. One comparison and
        # one subtraction per read.
        self._left = self._max_head
        self._in_head = True
        self._closing = False
        # What the last sweep saw, and when it first saw it (check_deadlines).
        self._swept_scope: object = None
        self._swept_in_head: bool | None = None
        self._swept_head_begun: bool | None = None
        self._swept_at = 0.0
        self._unsent = -1  # bytes waiting to be sent when the last sweep found writing paused
        self._unsent_since = 0.0
        self._linger: asyncio.TimerHandle | None = None
        self._lingering_refusal = False

    # -- connection ---------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limits.max_connections:
            self._refuse_connection(transport)
            return
        super().connection_made(transport)
        # uvicorn arms its keep-alive timer only after an answer: a connection that never
        # sends a request would stay open forever. data_received cancels it, as it does
        # uvicorn's.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger is not None:
            self._linger.cancel()
            self._linger = None
        if self._lingering_refusal:
            self._lingering_refusal = False
            self._shared.lingering_refusals -= 1
        super().connection_lost(exc)

    def _refuse_connection(self, transport: asyncio.Transport) -> None:
        """Beyond the cap: 503 at once (or, in a flood, a plain close), never the app."""
        self.transport = transport
        self._closing = True
        self._left = -1
        shared = self._shared
        shared.refused_since_log += 1
        now = self.loop.time()
        if now - shared.refusal_logged_at >= REFUSAL_LOG_INTERVAL_S:
            self.logger.warning(
                "refused %d connection(s) since the last warning: %d are open, the limit "
                "(--max-connections)",
                shared.refused_since_log,
                self.limits.max_connections,
            )
            shared.refusal_logged_at = now
            shared.refused_since_log = 0
        if shared.lingering_refusals >= MAX_LINGERING_REFUSALS:
            transport.close()
            return
        shared.lingering_refusals += 1
        self._lingering_refusal = True
        self._answer_and_close(503, ERROR_CODES[503], _too_many_connections(self.limits))

    # -- reading ------------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        if len(data) > self._left:
            self._beyond_budget(data)
            return
        self._left -= len(data)
        try:  # (as _feed: inline, on the path of every request)
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._upgrade()
        except httptools.HttpParserError as exc:
            self._parser_error(exc)

    def _feed(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._upgrade()
        except httptools.HttpParserError as exc:
            self._parser_error(exc)

    def _upgrade(self) -> None:  # as uvicorn's data_received
        if self._should_upgrade():
            self.handle_websocket_upgrade()
        else:
            self._unsupported_upgrade_warning()

    def _parser_error(self, exc: httptools.HttpParserError) -> None:
        if isinstance(exc.__context__, _UrlTooLong):
            self._answer_request(414, "uri_too_long", _url_too_long(self.limits))
        else:
            self.logger.info("Invalid HTTP request received: %s", exc)
            self._answer_request(400, "invalid_request", _invalid_request(exc))

    def _beyond_budget(self, data: bytes) -> None:
        """`data` holds more than the connection may still send: in a head, feed exactly what
        the head may still take; if the head ends within that, the rest is its body or the
        next request, and goes the usual way."""
        while not self._closing:
            if not self._in_head:
                self._beyond_body_budget()
                return
            allowed = self._left
            self._left = 0
            cycle = self.cycle
            self._feed(data[:allowed])
            if self._closing:
                return
            if self._in_head and self.cycle is cycle:  # the head did not end within the limit
                self._answer_request(431, "request_header_fields_too_large", self._too_large)
                return
            data = data[allowed:]
            if len(data) <= self._left:
                self._left -= len(data)
                if data:
                    self._feed(data)
                return

    def _beyond_body_budget(self) -> None:
        cycle = self.cycle
        if cycle is not None and cycle.response_complete:  # say 413 for its Content-Length
            self._linger_then_close()
        else:
            description = f"requests are limited to {MAX_BODY_WIRE_BYTES} bytes after the head"
            self._answer_request(413, ERROR_CODES[413], description)

    # -- parser callbacks ---------------------------------------------------------------------
    def on_url(self, url: bytes) -> None:
        self.url += url
        if len(self.url) > self._max_url:
            raise _UrlTooLong

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._left = MAX_BODY_WIRE_BYTES
        _on_headers_complete(self)

    def on_message_complete(self) -> None:
        self._in_head = True
        self._left = self._max_head
        _on_message_complete(self)

    # -- timeouts -----------------------------------------------------------------------------
    def check_deadlines(self, now: float) -> None:
        """Called by the server's sweep (`LimitedServer.on_tick`)."""
        if self._closing:
            return
        flow = self.flow
        if flow is not None and flow.write_paused:  # the client does not take its answers
            size = self.transport.get_write_buffer_size()
            if size != self._unsent:
                self._unsent = size
                self._unsent_since = now
            elif now - self._unsent_since > self.limits.body_timeout:
                self.logger.info("a client took no answer for %g s", self.limits.body_timeout)
                self._closing = True
                self._left = -1
                _reset(self.transport)
                return
        else:
            self._unsent = -1
        # Each request changes what is seen: its first byte (a new scope, and a head begun),
        # the end of its head (_in_head) and its end (_in_head again).
        scope = self.scope
        in_head = self._in_head
        head_begun = in_head and self._left < self._max_head
        if (
            scope is not self._swept_scope
            or in_head is not self._swept_in_head
            or head_begun is not self._swept_head_begun
        ):
            self._swept_scope = scope
            self._swept_in_head = in_head
            self._swept_head_begun = head_begun
            self._swept_at = now
            return
        waited = now - self._swept_at
        if self._in_head:
            if head_begun and waited > self.limits.header_timeout:
                self._answer_request(408, "request_timeout", self._head_late)
        elif waited > self.limits.body_timeout:
            self._answer_request(408, "request_timeout", self._body_late)

    # -- answering ----------------------------------------------------------------------------
    def _answer_request(self, status: int, error: str, description: str) -> None:
        """Answer the request being read with an error and close the connection, if no other
        answer is in the way: while an earlier request of the connection is still being
        answered, the connection closes after that answer; when this request's app has begun
        answering (say 413 before the body came), or the request waits behind another whose
        answer is not complete, it closes at once."""
        cycle = self.cycle
        if self._in_head:
            if cycle is not None and not cycle.response_complete:
                self._closing = True
                self._left = -1
                cycle.keep_alive = False
            else:
                self._answer_and_close(status, error, description)
        elif cycle is not None and not cycle.response_started and not self.pipeline:
            cycle.disconnected = True  # its app reads a disconnect; what it sends goes nowhere
            cycle.message_event.set()
            self._answer_and_close(status, error, description)
        else:
            self._close_now()

    def _answer_and_close(self, status: int, error: str, description: str) -> None:
        self._closing = True
        self._in_head = True
        self._left = -1
        body = _envelope_bytes(error, description)
        content = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\ncontent-length: ",
                str(len(body)).encode(),
                b"\r\nconnection: close\r\n\r\n",
                body,
            ]
        )
        self.transport.write(b"".join(content))
        self._linger_then_close()

    def _linger_then_close(self) -> None:
        """Shut the write side (the client reads the end of the answer), read and drop what
        the client still sends for at most LINGER_S, then close."""
        self._closing = True
        self._in_head = True
        self._left = -1
        if self.flow is not None:
            self.flow.resume_reading()
        transport = self.transport
        if transport.can_write_eof():
            transport.write_eof()
            self._linger = self.loop.call_later(LINGER_S, _reset, transport)
        else:
            transport.close()

    def _close_now(self) -> None:
        self._closing = True
        self._in_head = True
        self._left = -1
        self.transport.close()

    @property
    def _too_large(self) -> str:
        return f"request heads (request line and headers) are limited to {self._max_head} bytes"

    @property
    def _head_late(self) -> str:
        return f"the request head did not arrive within {self.limits.header_timeout:g} s"

    @property
    def _body_late(self) -> str:
        return f"the request body did not arrive within {self.limits.body_timeout:g} s"


def _reset(transport: asyncio.Transport) -> None:
    """Close at once, dropping what is unsent, in the kernel too (a plain close would keep
    sending it, to a client that does not read, for minutes)."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _url_too_long(limits: ConnectionLimits) -> str:
    return f"request URLs are limited to {limits.max_url_bytes} bytes"


def _too_many_connections(limits: ConnectionLimits) -> str:
    return f"the server has its limit of {limits.max_connections} open connections; try again"


def _invalid_request(exc: Exception) -> str:
    return f"not a valid HTTP/1.1 request: {str(exc)[:200]}"


def protocol_class(limits: ConnectionLimits) -> type[LimitedHttpToolsProtocol]:
    """The protocol class of one server: `limits`, and state its connections share."""
    return type(
        "LimitedHttpToolsProtocol",
        (LimitedHttpToolsProtocol,),
        {
            "limits": limits,
            "_shared": _Shared(),
            "_max_head": limits.max_header_bytes,
            "_max_url": limits.max_url_bytes,
        },
    )


def sweep_every_ticks(limits: ConnectionLimits) -> int:
    """Ticks between sweeps: a tenth of the shorter read timeout, at most a second. A late
    head or body is found between its timeout and that plus two sweeps."""
    shortest = min(limits.header_timeout, limits.body_timeout)
    return max(1, min(10, int(shortest / 10 / TICK_S)))


def fit_open_file_limit(max_connections: int) -> tuple[int, str | None]:
    """`max_connections` if the open-file limit has room for it (raising the soft limit up to
    the hard one if need be); else what it has room for, and a warning that says so."""
    needed = max_connections + MAX_LINGERING_REFUSALS + RESERVED_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return max_connections, None
    # (Below 32 the server would hardly serve its own tests: then the limit is not kept.)
    fitted = min(max_connections, max(32, soft - MAX_LINGERING_REFUSALS - RESERVED_FILES))
    return fitted, (
        f"tesla-mock: warning: the open-file limit is {soft} (ulimit -n): "
        f"--max-connections lowered from {max_connections} to {fitted}"
    )


def serve(
    app: Any,
    *,
    host: str,
    port: int,
    log_level: str,
    loop: str = "auto",
    limits: ConnectionLimits | None = None,
    log_requests: bool = True,
    on_listening: Callable[[str], None] | None = None,
    out: TextIO | None = None,
) -> None:
    """Run `app` on uvicorn until interrupted; ListenError if it cannot listen on host:port.

    `on_listening(base_url)` is called once the sockets accept connections; each request is
    logged on `out` (stdout by default) unless `log_requests` is false (module docstring).

    httptools parses HTTP (uvicorn's pure-Python h11 parser costs a large share of the
    throughput), through `LimitedHttpToolsProtocol`. The event loop is uvicorn's "auto" by
    default: uvloop where it is installed (less CPU per request than asyncio's loop; the
    figures: docs/benchmarks.md, "session 11"), else asyncio's. On uvloop, connections are
    accepted by `EagerAcceptor` (tesla_mock/accepting.py), which takes a burst of new ones at
    once, as asyncio's own server does: uvloop's own server accepts one per turn of the loop,
    and under load the last of a burst waited a turn for each before it (docs/benchmarks.md,
    "New connections under load").

    Once the server has started, and with it connexion's middleware stack, the objects that
    live as long as the process (specs, operations, compiled validators) are frozen out of the
    garbage collector, so that the collections each request's garbage triggers stop walking
    them.
    """
    import uvicorn

    sockets = bind_sockets(host, port)
    mock = getattr(app, "mock", None)
    request_log = RequestLog(app, (out or sys.stdout) if log_requests else None)
    limits = limits or ConnectionLimits()
    max_connections, warning = fit_open_file_limit(limits.max_connections)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
        limits = dataclasses.replace(limits, max_connections=max_connections)
    sweep_ticks = sweep_every_ticks(limits)

    class LimitedServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            # uvicorn starts no server of its own on an empty list of sockets; `listen` serves
            # each socket in its place (tesla_mock/accepting.py: eagerly on uvloop too).
            await super().startup(sockets=[])
            config = self.config
            server_state, app_state = self.server_state, self.lifespan.state

            def protocol_factory() -> asyncio.Protocol:
                return config.http_protocol_class(  # type: ignore[call-arg]
                    config=config, server_state=server_state, app_state=app_state
                )

            running = asyncio.get_running_loop()
            self.servers = [
                await listen(running, sock, protocol_factory, config.backlog)  # type: ignore[misc]
                for sock in sockets or []
            ]
            gc.collect()
            gc.freeze()
            if on_listening is not None and not self.should_exit:
                on_listening(base_url(host, self.servers[0].sockets[0]))

        async def shutdown(self, sockets: Any = None) -> None:
            # The dashboard's event streams (tesla_mock/events.py) never end by themselves:
            # end them first, or the server would wait for their connections forever.
            if mock is not None:
                mock.fleet.events.close()
            await super().shutdown(sockets=sockets)
            request_log.flush()

        async def on_tick(self, counter: int) -> bool:
            if counter % sweep_ticks == 0:
                now = asyncio.get_running_loop().time()
                for connection in list(self.server_state.connections):
                    check = getattr(connection, "check_deadlines", None)
                    if check is not None:
                        try:
                            check(now)
                        except Exception:  # a bug here must not stop the main loop
                            logger.exception("checking a connection's deadlines failed")
            request_log.flush()
            return await super().on_tick(counter)

    quiet_connexion()
    config = uvicorn.Config(
        request_log,
        host=host,
        port=sockets[0].getsockname()[1],
        log_level=log_level,
        access_log=False,  # the request log replaces uvicorn's
        http=protocol_class(limits),
        loop=loop,
        timeout_keep_alive=limits.idle_timeout,  # type: ignore[arg-type]
        backlog=ACCEPT_BACKLOG,
    )
    server = LimitedServer(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=sockets)
    if not server.started:
        sys.exit(1)
