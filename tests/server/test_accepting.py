"""tesla_mock/accepting.py: a burst of new connections is accepted at once, on both loops."""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
import uvloop
from tesla_mock import accepting
from tesla_mock.accepting import EagerAcceptor, listen

LOOPS: dict[str, Callable[[], asyncio.AbstractEventLoop]] = {
    "asyncio": asyncio.new_event_loop,
    "uvloop": uvloop.new_event_loop,
}
BURST = 20
T = TypeVar("T")


class Recorder(asyncio.Protocol):
    made: list[Recorder]

    def connection_made(self, transport: Any) -> None:
        self.made.append(self)
        transport.close()


def _recording_factory() -> tuple[list[Recorder], Callable[[], Recorder]]:
    made: list[Recorder] = []

    def factory() -> Recorder:
        protocol = Recorder()
        protocol.made = made
        return protocol

    return made, factory


@contextmanager
def _listening() -> Iterator[socket.socket]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock
    finally:
        sock.close()


def _connect(sock: socket.socket, count: int) -> list[socket.socket]:
    """Clients whose connections the kernel completed; none accepted yet."""
    return [socket.create_connection(sock.getsockname()) for _ in range(count)]


def _run_on(loop_name: str, scenario: Coroutine[Any, Any, T]) -> T:
    """Run `scenario` on a new loop of the named kind."""
    loop = LOOPS[loop_name]()
    try:
        return loop.run_until_complete(scenario)
    finally:
        loop.close()


async def _turns_until(condition: Callable[[], bool], most: int = 50) -> int:
    """Turns of the loop until `condition` holds (asyncio.sleep(0) is one turn)."""
    for turn in range(1, most + 1):
        await asyncio.sleep(0)
        if condition():
            return turn
    raise AssertionError(f"not within {most} turns of the loop")


@pytest.mark.parametrize("loop_name", sorted(LOOPS))
def test_a_burst_of_pending_connections_is_set_up_within_a_few_turns(loop_name: str) -> None:
    made, factory = _recording_factory()

    async def scenario() -> int:
        with _listening() as sock:
            acceptor = EagerAcceptor(asyncio.get_running_loop(), sock, factory, backlog=128)
            clients = _connect(sock, BURST)
            try:
                # libuv's own server takes a turn per connection: 20 or more here.
                return await _turns_until(lambda: len(made) == BURST)
            finally:
                acceptor.close()
                for client in clients:
                    client.close()

    turns = _run_on(loop_name, scenario())
    assert len(made) == BURST and turns <= 5, turns


def test_a_closed_acceptor_accepts_nothing_more() -> None:
    made, factory = _recording_factory()

    async def scenario() -> None:
        with _listening() as sock:
            acceptor = EagerAcceptor(asyncio.get_running_loop(), sock, factory, backlog=8)
            assert acceptor.sockets == [sock]
            acceptor.close()
            acceptor.close()  # twice is fine
            (client,) = _connect(sock, 1)
            await asyncio.sleep(0.05)
            client.close()
            await acceptor.wait_closed()

    asyncio.run(scenario())
    assert made == []


class _OutOfFiles(socket.socket):
    """A listening socket whose next accept() fails as a process out of file descriptors."""

    fail_next = True

    def accept(self) -> tuple[socket.socket, Any]:
        if self.fail_next:
            self.fail_next = False
            raise OSError(errno.EMFILE, "Too many open files")
        return super().accept()


def test_running_out_of_files_pauses_accepting_then_resumes(monkeypatch) -> None:
    monkeypatch.setattr(accepting, "PAUSE_AFTER_RESOURCE_ERROR_S", 0.2)
    made, factory = _recording_factory()

    async def scenario() -> tuple[int, int]:
        sock = _OutOfFiles()
        sock.bind(("127.0.0.1", 0))
        acceptor = EagerAcceptor(asyncio.get_running_loop(), sock, factory, backlog=8)
        (client,) = _connect(sock, 1)
        await asyncio.sleep(0.1)
        while_paused = len(made)
        await asyncio.sleep(0.3)
        acceptor.close()
        client.close()
        sock.close()
        return while_paused, len(made)

    assert asyncio.run(scenario()) == (0, 1)


def test_a_connection_that_cannot_be_set_up_is_closed_and_the_next_is_served(caplog) -> None:
    made, factory = _recording_factory()
    calls = 0

    def failing_once() -> Recorder:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("no protocol for this one")
        return factory()

    async def scenario() -> bytes:
        with _listening() as sock:
            acceptor = EagerAcceptor(asyncio.get_running_loop(), sock, failing_once, backlog=8)
            (first,) = _connect(sock, 1)
            await _turns_until(lambda: calls == 1)
            await asyncio.sleep(0.01)
            first.settimeout(1)
            gone = first.recv(1)  # closed by the acceptor: end of stream
            (second,) = _connect(sock, 1)
            await _turns_until(lambda: len(made) == 1)
            acceptor.close()
            first.close()
            second.close()
            return gone

    assert asyncio.run(scenario()) == b""
    assert "a new connection could not be set up" in caplog.text


@pytest.mark.parametrize("loop_name", sorted(LOOPS))
def test_listen_accepts_eagerly_on_both_loops_with_the_acceptor_only_where_needed(
    loop_name: str,
) -> None:
    """uvloop gets the acceptor; asyncio's own server (which accepts eagerly, and is the only
    way on Windows, whose asyncio loop has no add_reader) serves elsewhere."""
    made, factory = _recording_factory()

    async def scenario() -> tuple[bool, int]:
        with _listening() as sock:
            server = await listen(asyncio.get_running_loop(), sock, factory, backlog=128)
            clients = _connect(sock, BURST)
            try:
                turns = await _turns_until(lambda: len(made) == BURST)
            finally:
                server.close()
                await server.wait_closed()
                for client in clients:
                    client.close()
            return isinstance(server, EagerAcceptor), turns

    eager, turns = _run_on(loop_name, scenario())
    assert eager == (loop_name == "uvloop")
    assert turns <= 5, turns
