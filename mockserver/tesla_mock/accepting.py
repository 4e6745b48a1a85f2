"""Accepting every pending connection at once, on uvloop too.

uvloop's servers accept through libuv, which accepts one connection per turn of the loop
(libuv 1.45, "don't accept() connections in a loop"); a turn of a loaded server serves every
busy connection once, so the last connection of a burst of new ones waits a turn for each one
before it (docs/benchmarks.md, "New connections under load"). asyncio's servers accept up to
their backlog at once. `EagerAcceptor` does what asyncio's do: when the listening socket is
readable it accepts what is pending (up to the backlog) and hands each connection to the loop
with `loop.connect_accepted_socket`, which builds the same transport the loop's own server
would (uvloop's sets TCP_NODELAY, as its server does). `listen` uses it on uvloop and the
loop's own server elsewhere (asyncio's accepts eagerly already, and its Windows loop has no
`add_reader`).

It stands where uvicorn keeps its servers (`Server.servers`): `close()` stops accepting,
`wait_closed()` returns at once (uvicorn waits for the connections itself), `sockets` is what
it listens on.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Callable

logger = logging.getLogger(__name__)

# Errors of accept() that mean the process or the system is out of a resource: accepting
# pauses for this long, as asyncio's servers pause, instead of spinning on a socket that stays
# readable.
OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
PAUSE_AFTER_RESOURCE_ERROR_S = 1.0


class EagerAcceptor:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sock: socket.socket,
        protocol_factory: Callable[[], asyncio.Protocol],
        backlog: int,
    ) -> None:
        self.sockets = [sock]
        self._loop = loop
        self._sock = sock
        self._protocol_factory = protocol_factory
        self._backlog = backlog
        self._handing_over: set[asyncio.Task[object]] = set()
        self._closed = False
        sock.setblocking(False)
        sock.listen(backlog)
        loop.add_reader(sock.fileno(), self._accept_pending)

    def _accept_pending(self) -> None:
        for _ in range(self._backlog):
            try:
                connection, _address = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return  # nothing more pending
            except ConnectionAbortedError:
                continue  # the client gave up before it was accepted
            except OSError as exc:
                if exc.errno not in OUT_OF_RESOURCES:
                    raise
                logger.error(
                    "accepting connections paused for %s s: %s", PAUSE_AFTER_RESOURCE_ERROR_S, exc
                )
                self._loop.remove_reader(self._sock.fileno())
                self._loop.call_later(PAUSE_AFTER_RESOURCE_ERROR_S, self._resume)
                return
            connection.setblocking(False)
            task = self._loop.create_task(self._hand_over(connection))
            self._handing_over.add(task)
            task.add_done_callback(self._handing_over.discard)

    async def _hand_over(self, connection: socket.socket) -> None:
        try:
            await self._loop.connect_accepted_socket(self._protocol_factory, connection)
        except Exception:
            logger.exception("a new connection could not be set up")
            connection.close()

    def _resume(self) -> None:
        if not self._closed:
            self._loop.add_reader(self._sock.fileno(), self._accept_pending)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._loop.remove_reader(self._sock.fileno())

    async def wait_closed(self) -> None:
        return None


async def listen(
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket,
    protocol_factory: Callable[[], asyncio.Protocol],
    backlog: int,
) -> EagerAcceptor | asyncio.AbstractServer:
    """Serve `sock`: through an EagerAcceptor on uvloop, the loop's own server elsewhere."""
    if type(loop).__module__.partition(".")[0] == "uvloop":
        return EagerAcceptor(loop, sock, protocol_factory, backlog)
    return await loop.create_server(protocol_factory, sock=sock, backlog=backlog)
