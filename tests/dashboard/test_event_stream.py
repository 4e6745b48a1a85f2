"""GET /__mock/events over real sockets: what the stream looks like on the wire, and that a
client that leaves, or stops reading, costs the server nothing and never slows the API."""

from __future__ import annotations

import socket
import statistics
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tesla_mock.events import EventLimits
from tesla_mock.testing.ports import free_port

from tests.dashboard.support import ADMIN_TOKEN, ALPHA, SCENARIO, ThreadedServer

STREAM_HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Accept": "text/event-stream"}
MANY_CARS: dict[str, Any] = {
    "accounts": [
        {
            "name": "many",
            "tokens": ["many-token"],
            "vehicles": [{"id": 4 * 10**15 + n, "vin": f"5YJ3E1EA7KF{n:06d}"} for n in range(2000)],
        }
    ]
}


def wait_until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    started = ThreadedServer(free_port(), scenario=SCENARIO)
    yield started
    started.stop()


def subscribers(server: ThreadedServer) -> int:
    return int(server.call(lambda: len(server.fleet.events.subscriptions)))


def test_the_stream_on_the_wire(server: ThreadedServer) -> None:
    with httpx.stream("GET", f"{server.url}/__mock/events", headers=STREAM_HEADERS) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"] == "text/event-stream"
        assert stream.headers["cache-control"] == "no-store"
        assert "content-length" not in stream.headers
        lines = stream.iter_lines()
        assert next(lines) == "retry: 1000"
        events = []
        for line in lines:
            if line.startswith("event: "):
                events.append(line[7:])
            if events[-1:] == ["ready"]:
                break
        assert events == ["snapshot", "vehicles", "ready"]
        command = httpx.post(
            f"{server.url}/api/1/vehicles/{ALPHA}/command/charge_start",
            headers={"Authorization": "Bearer alice-token"},
        )
        assert command.status_code == 200
        for line in lines:
            if line == "event: journal":
                assert "/command/charge_start" in next(lines)
                break
    assert wait_until(lambda: subscribers(server) == 0, 2)


def test_a_client_that_leaves_is_forgotten_at_once(server: ThreadedServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as client:
        client.sendall(
            b"GET /__mock/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
            b"Authorization: Bearer " + ADMIN_TOKEN.encode() + b"\r\n\r\n"
        )
        assert client.recv(4096).startswith(b"HTTP/1.1 200")
        assert subscribers(server) == 1
    assert wait_until(lambda: subscribers(server) == 0, 2)
    assert server.call(lambda: server.fleet.events._timer) is None  # nobody watches: no timer


def vehicle_data_times(server: ThreadedServer, count: int) -> list[float]:
    car = MANY_CARS["accounts"][0]["vehicles"][0]["id"]
    url = f"{server.url}/api/1/vehicles/{car}/vehicle_data"
    times = []
    with httpx.Client(headers={"Authorization": "Bearer many-token"}) as client:
        for _ in range(count):
            began = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - began)
    return times


def test_a_client_that_stops_reading_never_slows_the_api_and_is_dropped() -> None:
    server = ThreadedServer(
        free_port(), scenario=MANY_CARS, event_limits=EventLimits(send_timeout_s=6.0)
    )
    try:
        baseline = vehicle_data_times(server, 200)
        stalled = socket.socket()
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.connect(("127.0.0.1", server.port))
        stalled.sendall(
            b"GET /__mock/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
            b"Authorization: Bearer " + ADMIN_TOKEN.encode() + b"\r\n\r\n"
        )
        assert wait_until(lambda: subscribers(server) == 1, 2)
        # Each reset is a new snapshot of 2,000 cars (about 1 MB) for it: far more than the
        # socket buffers hold, so its writer is soon stuck on a send that does not drain.
        for _ in range(4):
            server.admin("POST", "/reset")
        (subscription,) = server.call(lambda: list(server.fleet.events.subscriptions))
        while_stalled = vehicle_data_times(server, 200)
        # Its writer is stuck in the first snapshot's send (the next three snapshots are still
        # due), and 200 requests were answered meanwhile: no request waited for that send,
        # which ends only with the send timeout...
        assert subscription.snapshot_reason == "fleet replaced"
        assert subscribers(server) == 1
        assert wait_until(lambda: subscribers(server) == 0, 10)  # ...which then drops it
        print(
            "vehicle_data, median / max ms: "
            f"{statistics.median(baseline) * 1000:.1f} / {max(baseline) * 1000:.1f} alone, "
            f"{statistics.median(while_stalled) * 1000:.1f} / {max(while_stalled) * 1000:.1f} "
            "beside a stream that reads nothing"
        )
        pending = server.call(lambda: server.fleet.events._heap)
        assert pending == []  # and nothing is kept for it
        stalled.close()
    finally:
        server.stop()


def test_beyond_the_subscriber_limit_the_answer_is_503() -> None:
    server = ThreadedServer(
        free_port(), scenario=SCENARIO, event_limits=EventLimits(max_subscribers=1)
    )
    try:
        with httpx.stream("GET", f"{server.url}/__mock/events", headers=STREAM_HEADERS) as first:
            assert first.status_code == 200
            second = httpx.get(f"{server.url}/__mock/events", headers=STREAM_HEADERS)
            assert second.status_code == 503
            assert second.json()["error_description"] == (
                "the server streams events to at most 1 clients at once"
            )
    finally:
        server.stop()
