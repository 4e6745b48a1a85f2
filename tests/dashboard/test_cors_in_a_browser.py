"""CORS in a real browser (tesla_mock/cors.py): a page served from one origin calls mock servers
on others with fetch(), as a web app under development does. Chromium sends the preflights and
enforces the answers; tests/server/test_cors.py checks the headers themselves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page
from tesla_mock.testing.ports import free_port

from tests.dashboard.support import ADMIN_TOKEN, ALPHA, SCENARIO, ConsoleErrors, ThreadedServer

# fetch(url, init) in the page; what the page could read, or the error fetch rejected with.
FETCH = """async ([url, init]) => {
  try {
    const answer = await fetch(url, init);
    const text = await answer.text();
    const json = (answer.headers.get("Content-Type") || "").includes("json");
    return {status: answer.status, body: json ? JSON.parse(text) : text,
            retryAfter: answer.headers.get("Retry-After")};
  } catch (error) {
    return {error: String(error)};
  }
}"""
OWNER = {"Authorization": "Bearer alice-token"}


@pytest.fixture(scope="module")
def other_origin() -> Iterator[ThreadedServer]:
    """A mock with CORS (the default), on another port than the page's server: another origin."""
    started = ThreadedServer(free_port(), scenario=SCENARIO)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def without_cors() -> Iterator[ThreadedServer]:
    started = ThreadedServer(free_port(), scenario=SCENARIO, cors=False)
    yield started
    started.stop()


def fetch(page: Page, url: str, **init: Any) -> dict[str, Any]:
    return page.evaluate(FETCH, [url, init])  # type: ignore[no-any-return]


def test_a_page_of_another_origin_calls_the_vehicle_api(
    page: Page, server: ThreadedServer, other_origin: ThreadedServer, console_errors: ConsoleErrors
) -> None:
    page.goto(f"{server.url}/openapi.json")  # any page of the first origin
    listed = fetch(page, f"{other_origin.url}/api/1/vehicles", headers=OWNER)
    assert listed["status"] == 200, listed
    assert ALPHA in {car["id_s"] for car in listed["body"]["response"]}
    # A POST with a JSON body and a token: the browser sends a preflight first.
    command = f"{other_origin.url}/api/1/vehicles/{ALPHA}/command/set_charge_limit"
    answer = fetch(
        page,
        command,
        method="POST",
        headers={**OWNER, "Content-Type": "application/json"},
        body='{"percent": 70}',
    )
    assert answer == {"status": 200, "body": answer["body"], "retryAfter": None}
    assert answer["body"]["response"]["result"] is True
    state = fetch(page, f"{other_origin.url}/api/1/vehicles/{ALPHA}/vehicle_data", headers=OWNER)
    assert state["body"]["response"]["charge_state"]["charge_limit_soc"] == 70
    # Error answers are readable too, with the headers the spec documents.
    console_errors.allow("the server responded with a status of 4")
    missing = fetch(page, f"{other_origin.url}/api/1/vehicles/999/vehicle_data", headers=OWNER)
    assert missing["status"] == 404 and missing["body"]["response"] is None
    other_origin.admin("POST", "/faults", json={"vehicle_id": ALPHA, "status": 429, "count": 1})
    limited = fetch(page, f"{other_origin.url}/api/1/vehicles/{ALPHA}/vehicle_data", headers=OWNER)
    assert limited["status"] == 429 and limited["retryAfter"], limited
    assert limited["body"].startswith("Retry in")


def test_a_page_of_another_origin_cannot_call_the_admin_api_or_a_mock_without_cors(
    page: Page,
    server: ThreadedServer,
    other_origin: ThreadedServer,
    without_cors: ThreadedServer,
    console_errors: ConsoleErrors,
) -> None:
    console_errors.allow("blocked by CORS policy")
    console_errors.allow("net::ERR_FAILED")
    page.goto(f"{server.url}/openapi.json")
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    refused = fetch(page, f"{other_origin.url}/__mock/fleet", headers=admin)
    assert "Failed to fetch" in refused.get("error", ""), refused
    refused = fetch(page, f"{without_cors.url}/api/1/vehicles", headers=OWNER)
    assert "Failed to fetch" in refused.get("error", ""), refused
    # The same page reads its own origin's admin API: the dashboard needs no CORS.
    own = fetch(page, f"{server.url}/__mock/fleet", headers=admin)
    assert own["status"] == 200, own
