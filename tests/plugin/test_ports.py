"""The one module for free ports, readiness polls and starting and stopping servers."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import pytest
from tesla_mock.testing.ports import (
    ServerStartError,
    bound_socket,
    free_port,
    http_answers,
    serve_in_thread,
    start_process,
    stop_process,
    tcp_answers,
    url_for,
    wait_until,
)


def test_a_free_port_can_be_bound_and_a_bound_socket_keeps_its_port() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    with bound_socket() as sock:
        host, port = sock.getsockname()
        assert host == "127.0.0.1" and port > 0
        assert not tcp_answers(host, port)  # bound, not listening


def test_urls_bracket_ipv6_and_reach_wildcards_on_loopback() -> None:
    assert url_for("127.0.0.1", 80) == "http://127.0.0.1:80"
    assert url_for("::1", 80) == "http://[::1]:80"
    assert url_for("0.0.0.0", 80) == "http://127.0.0.1:80"


def test_wait_until_says_ready_stopped_or_timeout() -> None:
    calls = iter([False, False, True])
    assert wait_until(lambda: next(calls), 5, pause=lambda _: None) == "ready"
    assert wait_until(lambda: False, 5, alive=lambda: False) == "stopped"
    assert wait_until(lambda: False, 0.05, interval=0.01) == "timeout"


def test_a_started_process_is_ready_when_it_answers_http_and_is_stopped() -> None:
    port = free_port()
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    process = start_process(
        argv,
        ready=lambda: http_answers("127.0.0.1", port),
        timeout=20,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert process.poll() is None
    assert stop_process(process, grace=5) == -signal.SIGTERM
    assert not tcp_answers("127.0.0.1", port)


def test_a_process_that_exits_first_is_reported_with_its_code() -> None:
    with pytest.raises(ServerStartError, match="exited with code 3"):
        start_process(
            [sys.executable, "-c", "raise SystemExit(3)"], ready=lambda: False, timeout=20
        )


def test_a_process_that_never_gets_ready_is_stopped() -> None:
    argv = [sys.executable, "-c", "import time; time.sleep(60)"]
    with pytest.raises(ServerStartError, match="not ready within"):
        start_process(argv, ready=lambda: False, timeout=0.2)


def test_an_app_served_in_a_thread_answers_until_the_block_ends() -> None:
    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with serve_in_thread(app) as base_url:
        host, port = base_url.removeprefix("http://").rsplit(":", 1)
        assert http_answers(host, int(port))
    assert not tcp_answers(host, int(port))
