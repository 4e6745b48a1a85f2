"""CORS (tesla_mock/cors.py): a web page of another origin may call the vehicle API, never the
admin API; `create_app(cors=False)` answers no CORS. The same requests from a real browser are in
tests/dashboard/test_cors_in_a_browser.py, over a socket from `python -m tesla_mock` in
tests/server/test_cli.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.cors import PREFLIGHT_MAX_AGE_S, CorsPolicy, policy_from_spec, vehicle_policy
from tesla_mock.routes import HTTP_METHODS
from tesla_mock.specs import VEHICLE_SPEC, load_spec

from tests.server.support import ADMIN_TOKEN, OWNER_TOKEN, PLUGGED, PLUGGED_VIN, SCENARIO, START

ORIGIN = "http://localhost:5173"  # a web app's development server
OWNER = {"Authorization": f"Bearer {OWNER_TOKEN}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# What Chromium sends before `fetch(url, {method: "POST", headers: {Authorization: ...,
# "Content-Type": "application/json"}})` from a page on ORIGIN.
BROWSER_PREFLIGHT = {
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "Accept-Language": "en-US,en;q=0.9",
    "Access-Control-Request-Headers": "authorization,content-type",
    "Access-Control-Request-Method": "POST",
    "Connection": "keep-alive",
    "Origin": ORIGIN,
    "Referer": f"{ORIGIN}/",
    "Sec-Fetch-Dest": "empty",
    "Sec-Fetch-Mode": "cors",
    "Sec-Fetch-Site": "same-site",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
}


def client(**options: Any) -> TestClient:
    app = create_app(
        scenario=SCENARIO,
        admin_token=ADMIN_TOKEN,
        clock=SimClock(start=START, frozen=True),
        **options,
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def http() -> Iterator[TestClient]:
    with client(validate_responses=True) as test_client:
        yield test_client


def preflight(http: TestClient, path: str, method: str = "POST", **headers: str) -> Any:
    return http.options(
        path,
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": method, **headers},
    )


def names(value: str) -> set[str]:
    return {name.strip().lower() for name in value.split(",")}


# -- what is allowed comes from the spec -------------------------------------------------------
def test_the_policy_is_what_a_spec_uses() -> None:
    spec = {
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
            "parameters": {"Trace": {"name": "X-Trace", "in": "header", "schema": {}}},
            "responses": {
                "Limited": {"description": "", "headers": {"Retry-After": {"schema": {}}}}
            },
        },
        "paths": {
            "/things/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Trace"}],
                "get": {"responses": {"429": {"$ref": "#/components/responses/Limited"}}},
                "delete": {
                    "parameters": [{"name": "If-Match", "in": "header", "schema": {}}],
                    "responses": {"204": {"description": ""}},
                },
            },
            "/things": {
                "put": {
                    "parameters": [{"name": "q", "in": "query", "schema": {}}],
                    "requestBody": {"content": {"application/json": {}}},
                    "responses": {"200": {"description": "", "headers": {"ETag": {"schema": {}}}}},
                }
            },
        },
    }
    assert policy_from_spec(spec) == CorsPolicy(
        methods=("DELETE", "GET", "PUT"),
        request_headers=("Content-Type", "If-Match", "X-Api-Key", "X-Trace"),
        exposed_headers=("ETag", "Retry-After"),
    )


def test_the_vehicle_api_policy_covers_its_operations_and_its_bearer_token() -> None:
    spec = load_spec(VEHICLE_SPEC)
    policy = vehicle_policy()
    documented = {m.upper() for item in spec["paths"].values() for m in item if m in HTTP_METHODS}
    assert set(policy.methods) == documented and {"GET", "POST"} <= documented
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert {"Authorization", "Content-Type"} <= set(policy.request_headers)
    # The rate limit headers of a 429 fault (README) are readable by the page.
    assert {"Retry-After", "RateLimit-Remaining", "Alt-Svc"} <= set(policy.exposed_headers)


# -- preflights ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        f"/api/1/vehicles/{PLUGGED_VIN}/command/charge_start",
        f"/api/1/vehicles/{PLUGGED}/vehicle_data",
        "/api/1/vehicles",
        "/api/1/nothing/here",  # the request itself then gets a 404 the page can read
    ],
)
def test_a_browser_preflight_is_answered_204_with_what_the_spec_allows(http, path) -> None:
    response = http.options(path, headers=BROWSER_PREFLIGHT)
    assert response.status_code == 204, response.text
    assert response.content == b""
    policy = vehicle_policy()
    assert response.headers["access-control-allow-origin"] == "*"
    assert names(response.headers["access-control-allow-methods"]) == names(
        ", ".join(policy.methods)
    )
    assert {"authorization", "content-type"} <= names(
        response.headers["access-control-allow-headers"]
    )
    assert response.headers["access-control-max-age"] == str(PREFLIGHT_MAX_AGE_S)


def test_a_preflight_asking_for_a_method_the_path_lacks_still_passes(http) -> None:
    """The page then reads the API's own 405, not an opaque CORS failure."""
    path = "/api/1/vehicles/fleet_status"
    assert preflight(http, path, "GET").status_code == 204
    response = http.get(path, headers={**OWNER, "Origin": ORIGIN})
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    assert response.headers["access-control-allow-origin"] == "*"


def test_a_preflight_is_neither_journaled_nor_executed(http) -> None:
    http.delete(f"/__mock/vehicles/{PLUGGED}/journal", headers=ADMIN)
    path = f"/api/1/vehicles/{PLUGGED}/command/charge_stop"
    assert preflight(http, path, Authorization=OWNER["Authorization"]).status_code == 204
    journal = http.get(f"/__mock/vehicles/{PLUGGED}/journal", headers=ADMIN).json()
    assert journal["entries"] == []


def test_an_options_request_that_is_no_preflight_goes_to_the_api(http) -> None:
    response = http.options("/api/1/vehicles", headers={"Origin": ORIGIN})
    assert response.status_code == 405
    assert response.headers["access-control-allow-origin"] == "*"


# -- answers -----------------------------------------------------------------------------------
def test_answers_to_a_request_with_an_origin_allow_it_and_expose_the_documented_headers(
    http,
) -> None:
    response = http.get("/api/1/vehicles", headers={**OWNER, "Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = names(response.headers["access-control-expose-headers"])
    assert {"retry-after", "ratelimit-limit"} <= exposed


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status"),
    [
        ("GET", "/api/1/vehicles", {}, None, 401),
        ("GET", "/api/1/vehicles/999/vehicle_data", OWNER, None, 404),
        ("POST", f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit", OWNER, b"{}", 400),
        ("POST", f"/api/1/vehicles/{PLUGGED}/command/charge_start", OWNER, b"x" * 70_000, 413),
    ],
)
def test_error_answers_carry_cors_too(http, method, path, headers, body, status) -> None:
    response = http.request(
        method,
        path,
        headers={**headers, "Origin": ORIGIN, "Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == status, response.text
    assert response.json()["response"] is None
    assert response.headers["access-control-allow-origin"] == "*"


def test_a_fault_answer_exposes_its_retry_after(http) -> None:
    fault = {"vehicle_id": PLUGGED, "status": 429, "count": 1}
    assert http.post("/__mock/faults", json=fault, headers=ADMIN).status_code < 300
    response = http.get(
        f"/api/1/vehicles/{PLUGGED}/vehicle_data", headers={**OWNER, "Origin": ORIGIN}
    )
    assert response.status_code == 429
    assert "retry-after" in response.headers
    assert "retry-after" in names(response.headers["access-control-expose-headers"])


def test_a_request_without_origin_is_answered_as_before(http) -> None:
    response = http.get("/api/1/vehicles", headers=OWNER)
    assert response.status_code == 200
    assert not any(name.startswith("access-control-") for name in response.headers)


# -- the admin API and cors=False ----------------------------------------------------------------
@pytest.mark.parametrize("path", ["/__mock/fleet", "/__mock", "/__mock/dashboard"])
def test_the_admin_api_answers_no_cors(http, path) -> None:
    answer = preflight(http, path, "GET", **{"Access-Control-Request-Headers": "authorization"})
    assert answer.status_code != 204
    assert "access-control-allow-origin" not in answer.headers
    response = http.get(path, headers={**ADMIN, "Origin": ORIGIN})
    assert "access-control-allow-origin" not in response.headers


def test_cors_false_answers_no_cors() -> None:
    with client(cors=False) as http:
        answer = http.options("/api/1/vehicles", headers=BROWSER_PREFLIGHT)
        assert answer.status_code == 405
        response = http.get("/api/1/vehicles", headers={**OWNER, "Origin": ORIGIN})
        assert response.status_code == 200
        for each in (answer, response):
            assert not any(name.startswith("access-control-") for name in each.headers)


def test_the_plain_connexion_app_answers_cors_alike(http) -> None:
    path = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"
    with client(fast=False) as plain:
        for send in (
            lambda c: c.options(path, headers=BROWSER_PREFLIGHT),
            lambda c: c.post(path, json={"percent": 70}, headers={**OWNER, "Origin": ORIGIN}),
            lambda c: c.get("/api/1/vehicles", headers={"Origin": ORIGIN}),
        ):
            fast_answer, plain_answer = send(http), send(plain)
            assert fast_answer.status_code == plain_answer.status_code
            cors = {k: v for k, v in fast_answer.headers.items() if k.startswith("access-")}
            assert cors and cors == {
                k: v for k, v in plain_answer.headers.items() if k.startswith("access-")
            }
