"""Hostile and careless requests: the journal, unfinished bodies, input that broke the server,
and commands caught by a reset. Each attack is tried, then a normal request must work."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from tesla_mock.app import JOURNAL_HEADER_CHARS
from tesla_mock.error_texts import unknown_vehicle
from tesla_mock.fleet import FleetLimits
from tesla_mock.testing.ports import wait_until

from tests.hostile.support import ADMIN, HOST, OWNER, PLUGGED_CAR, LiveServer, in_process_api
from tests.server.support import (
    ADMIN_TOKEN,
    OTHER_TOKEN,
    OWNER_TOKEN,
    PLUGGED,
)

LIMIT_PATH = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"


def journal(
    http: TestClient | httpx.Client, car: str = PLUGGED, admin: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The car's journal; `admin` is the admin authorization (in-process servers' by default)."""
    headers = admin or {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    response = http.get(f"/__mock/vehicles/{car}/journal", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["entries"]  # type: ignore[no-any-return]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- the journal is the car owner's, and bounded ------------------------------------------------
@pytest.mark.parametrize(
    "headers",
    [{}, bearer("not-a-token"), {"Authorization": "Basic dTpw"}, bearer(OTHER_TOKEN)],
    ids=["no-token", "unknown-token", "basic-auth", "other-account"],
)
def test_requests_that_may_not_touch_a_car_are_not_journaled_against_it(headers) -> None:
    with in_process_api() as api:
        http = api.http
        huge_type = "application/json; x=" + "y" * 100_000
        response = http.post(
            LIMIT_PATH,
            content=b'{"percent": 70, "pad": "' + b"x" * 60_000 + b'"}',
            headers={**headers, "Content-Type": huge_type},
        )
        assert response.status_code in (400, 401, 404)  # 400: the pad is an unknown field
        assert response.json()["response"] is None
        assert journal(http) == []
        assert http.post(LIMIT_PATH, json={"percent": 70}, headers=bearer(OWNER_TOKEN)).json() == {
            "response": {"result": True, "reason": ""}
        }
        assert [entry["status"] for entry in journal(http)] == [200]


def test_an_entry_keeps_a_bounded_body_and_content_type() -> None:
    limits = FleetLimits(journal_body_bytes=64)
    with in_process_api(fleet_limits=limits) as api:
        http = api.http
        body = b'{"percent": 70, "pad": "' + b"x" * 1000 + b'"}'
        content_type = "application/json; x=" + "y" * 10_000
        http.post(
            LIMIT_PATH, content=body, headers={**bearer(OWNER_TOKEN), "Content-Type": content_type}
        )
        (entry,) = journal(http)
    assert entry["body"] == body[:64].decode()
    assert entry["content_type"] == content_type[:JOURNAL_HEADER_CHARS]
    assert entry["status"] == 400  # the pad is an unknown field


def test_journal_memory_stays_bounded_under_big_bodies(reset_server) -> None:
    server: LiveServer = reset_server
    before = server.rss_bytes()
    body = b'{"percent": 70, "pad": "' + b"x" * 60_000 + b'"}'
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        for _ in range(300):  # 18 MB sent to one car
            http.post(
                f"/api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit",
                content=body,
                headers={**OWNER, "Content-Type": "application/json"},
            )
        entries = journal(http, PLUGGED_CAR, ADMIN)
    limits = FleetLimits()
    assert 0 < len(entries) < 300  # the oldest were dropped to keep the car's journal bounded
    assert max(len(entry["body"]) for entry in entries) <= limits.journal_body_bytes
    assert sum(len(entry["body"]) for entry in entries) <= limits.journal_bytes_per_vehicle
    assert server.rss_bytes() - before < 16 * 1024 * 1024  # whole bodies would be 18 MB
    server.still_serves()


# -- a body that did not arrive whole is never executed -----------------------------------------
def _send_and_hang_up(port: int, head: bytes, body: bytes) -> None:
    with socket.create_connection((HOST, port), timeout=5) as sock:
        sock.sendall(head + body)
        time.sleep(0.2)  # let the server read what came, then leave mid-body


def _limit_of(http: httpx.Client) -> int:
    state = http.get(f"/__mock/vehicles/{PLUGGED_CAR}/state", headers=ADMIN).json()
    return state["charge_limit_soc"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("framing", "body"),
    [
        (b"Content-Length: 100\r\n", b'{"percent": 55}'),  # 15 of the 100 bytes announced
        (b"Transfer-Encoding: chunked\r\n", b'f\r\n{"percent": 55}\r\n'),  # no last chunk
    ],
    ids=["short-content-length", "chunked-without-last-chunk"],
)
def test_a_request_whose_body_was_cut_short_changes_nothing(
    reset_server, framing: bytes, body: bytes
) -> None:
    server: LiveServer = reset_server
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        before = _limit_of(http)
        head = (
            (
                f"POST /api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit HTTP/1.1\r\n"
                f"Host: {HOST}\r\nAuthorization: Bearer demo-owner-token\r\n"
                "Content-Type: application/json\r\n"
            ).encode()
            + framing
            + b"\r\n"
        )
        _send_and_hang_up(server.port, head, body)
        time.sleep(0.2)
        assert _limit_of(http) == before != 55
        assert all(entry["status"] != 200 for entry in journal(http, PLUGGED_CAR, ADMIN))
    server.still_serves()


def test_a_complete_chunked_body_is_still_executed(reset_server) -> None:
    server: LiveServer = reset_server
    with socket.create_connection((HOST, server.port), timeout=5) as sock:
        sock.sendall(
            f"POST /api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit HTTP/1.1\r\n"
            f"Host: {HOST}\r\nAuthorization: Bearer demo-owner-token\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n"
            'f\r\n{"percent": 55}\r\n0\r\n\r\n'.encode()
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        assert _limit_of(http) == 55


# -- client input never makes a 5xx -------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "content", "description"),
    [
        (
            "GET",
            f"/api/1/vehicles/{PLUGGED}/vehicle_data?endpoints=charge_state%0A",
            None,
            "'charge_state\\n' does not match any accepted value; give one or more of charge_state",
        ),
        ("POST", LIMIT_PATH, b"[" * 20_000 + b"]" * 20_000, "nests too deeply"),
        ("POST", LIMIT_PATH, b'{"a":' * 3000 + b"1" + b"}" * 3000, "nests too deeply"),
        ("POST", LIMIT_PATH, b'{"percent": ' + b"9" * 5001 + b"}", "too many digits"),
        (
            "POST",
            f"/api/1/vehicles/{PLUGGED}/command/charge_start",
            b'{"x": -' + b"1" * 5001 + b"}",
            "too many digits",
        ),
    ],
    ids=["endpoints-trailing-newline", "deep-array", "deep-object", "long-integer", "long-key"],
)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "plain"])
def test_client_input_gets_400_not_500(
    fast: bool, method: str, path: str, content: bytes | None, description: str
) -> None:
    with in_process_api(fast=fast) as api:
        http = api.http
        headers = {**bearer(OWNER_TOKEN), "Content-Type": "application/json"}
        response = http.request(method, path, content=content, headers=headers)
        assert response.status_code == 400, response.text
        assert response.json()["response"] is None
        assert description in response.json()["error_description"]
        assert (
            http.get(f"/api/1/vehicles/{PLUGGED}", headers=bearer(OWNER_TOKEN)).status_code == 200
        )


# -- a reset or delete during a fault's delay ---------------------------------------------------
@pytest.mark.parametrize("action", ["reset", "delete"])
def test_a_command_caught_by_a_reset_or_delete_says_the_car_is_gone(reset_server, action) -> None:
    server: LiveServer = reset_server
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        # One delay, long enough for the reset or delete: the fault goes from the list when it
        # fires, which is how the test knows the command has arrived and is waiting in it.
        fault = {"vehicle_id": PLUGGED_CAR, "latency_ms": 2000, "count": 1}
        assert http.post("/__mock/faults", json=fault, headers=ADMIN).status_code == 201
        answers: list[httpx.Response] = []
        command = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    f"{server.base_url}/api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit",
                    json={"percent": 55},
                    headers=OWNER,
                    timeout=10,
                )
            )
        )
        command.start()
        waiting = wait_until(
            lambda: http.get("/__mock/faults", headers=ADMIN).json() == {"faults": []}, 10
        )
        assert waiting == "ready", "the command never reached the fault's delay"
        if action == "reset":
            assert http.post("/__mock/reset", headers=ADMIN).status_code == 200
        else:
            gone = http.delete(f"/__mock/vehicles/{PLUGGED_CAR}", headers=ADMIN)
            assert gone.status_code == 204
        command.join(timeout=5)
        (answer,) = answers
        assert answer.status_code == 404
        assert answer.json() == {
            "response": None,
            "error": "not_found",
            "error_description": unknown_vehicle(PLUGGED_CAR),
        }
        if action == "reset":  # the new fleet's car is untouched, its journal empty
            assert _limit_of(http) == 80
            assert journal(http, PLUGGED_CAR, ADMIN) == []
    server.still_serves()
