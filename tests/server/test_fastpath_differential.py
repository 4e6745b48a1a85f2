"""The fast path answers exactly as the plain connexion stack does, request by request.

`create_app(fast=True)` leans on connexion 3.3.0 internals (tesla_mock/connexion_internals.py);
this table is what makes a connexion upgrade safe. Every request goes to two apps built alike, one
with the fast path and one without, in the same order (so both fleets live through the same
history), and their answers must match: status, content type, body (parsed when JSON) and the
headers clients act on. Response validation on and off are both covered.

Add a case here whenever a request reaches a new corner of connexion.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.specs import ADMIN_SPEC, VEHICLE_SPEC, spec_dir

from tests.server.support import (
    ADMIN_TOKEN,
    OTHERS_CAR,
    OWNER_TOKEN,
    PLUGGED,
    PLUGGED_VIN,
    SCENARIO,
    START,
    UNPLUGGED,
)

ASLEEP = "1000000000000009"
NEW_CAR = "3000000000000001"
SCENARIO_WITH_A_SLEEPING_CAR = copy.deepcopy(SCENARIO)
SCENARIO_WITH_A_SLEEPING_CAR["accounts"][0]["vehicles"].append(
    {"id": int(ASLEEP), "vin": "5YJ3E1EA7KF000009", "state": "asleep"}
)
# Both fleets must be identical: nothing left for the fleet to draw at random.
for number, config in enumerate(
    (car for account in SCENARIO_WITH_A_SLEEPING_CAR["accounts"] for car in account["vehicles"]),
    start=1,
):
    config["vehicle_id"] = 1_500_000_000 + number
ANSWER_HEADERS = ("allow", "retry-after")
NOTHING = object()


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str
    operation: str | None = None  # the operationId it reaches, None for routing-level answers
    token: str | None = OWNER_TOKEN
    headers: dict[str, str | bytes] = field(default_factory=dict)
    json: Any = NOTHING
    content: bytes | None = None
    chunks: tuple[bytes, ...] | None = None  # sent with Transfer-Encoding: chunked

    def send(self, client: TestClient) -> Any:
        headers = dict(self.headers)
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        kwargs: dict[str, Any] = {"headers": headers}
        if self.json is not NOTHING:
            kwargs["json"] = self.json
        elif self.chunks is not None:
            kwargs["content"] = iter(self.chunks)
        elif self.content is not None:
            kwargs["content"] = self.content
        return client.request(self.method, self.path, **kwargs)


def command(case_id: str, name: str, car: str = PLUGGED, **kwargs: Any) -> Case:
    return Case(case_id, "POST", f"/api/1/vehicles/{car}/command/{name}", name, **kwargs)


def limit(case_id: str, **kwargs: Any) -> Case:
    return command(case_id, "set_charge_limit", **kwargs)


def typed(case_id: str, percent: int, content_type: str | bytes) -> Case:
    """set_charge_limit with a JSON body sent under this Content-Type."""
    body = b'{"percent": %d}' % percent
    return limit(case_id, content=body, headers={"Content-Type": content_type})


def data(case_id: str, car: str = PLUGGED, query: str = "") -> Case:
    path = f"/api/1/vehicles/{car}/vehicle_data" + (f"?endpoints={query}" if query else "")
    return Case(case_id, "GET", path, "get_vehicle_data")


def admin(case_id: str, method: str, path: str, operation: str | None, **kwargs: Any) -> Case:
    kwargs.setdefault("token", ADMIN_TOKEN)
    return Case(case_id, method, f"/__mock{path}", operation, **kwargs)


JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BIG = b'{"percent": 75, "pad": "' + b"x" * (70 * 1024) + b'"}'

CASES = [
    # -- reading, parameters and authentication -------------------------------------------
    Case("list", "GET", "/api/1/vehicles", "list_vehicles"),
    Case("products", "GET", "/api/1/products", "list_products"),
    Case("products-no-token", "GET", "/api/1/products", token=None),
    Case("products-extra-query", "GET", "/api/1/products?colour=red", "list_products"),
    Case("orders", "GET", "/api/1/users/orders", "list_orders"),
    Case("region", "GET", "/api/1/users/region", "get_user_region"),
    # -- the Fleet API's additions (spec 2.1) -------------------------------------------
    Case(
        "fleet-status",
        "POST",
        "/api/1/vehicles/fleet_status",
        "fleet_status",
        json={"vins": [PLUGGED_VIN]},
    ),
    Case(
        "fleet-status-empty",
        "POST",
        "/api/1/vehicles/fleet_status",
        "fleet_status",
        json={"vins": []},
    ),
    command(
        "add-charge-schedule",
        "add_charge_schedule",
        json={
            "days_of_week": "Mon,Wed",
            "enabled": True,
            "lat": 37.4925,
            "lon": -121.9447,
            "start_enabled": True,
            "start_time": 60,
            "end_enabled": False,
            "id": 7,
        },
    ),
    command(
        "add-charge-schedule-tue",
        "add_charge_schedule",
        json={
            "days_of_week": "Tue",
            "enabled": True,
            "lat": 0,
            "lon": 0,
            "start_enabled": True,
            "end_enabled": False,
        },
    ),
    data("data-schedules", query="charge_schedule_data;preconditioning_schedule_data"),
    command("remove-charge-schedule", "remove_charge_schedule", json={"id": 7}),
    command(
        "add-precondition-schedule",
        "add_precondition_schedule",
        json={"days_of_week": 62, "enabled": True, "lat": 0, "lon": 0, "precondition_time": 450},
    ),
    command("remove-precondition-schedule", "remove_precondition_schedule", json={"id": 1}),
    command(
        "batch-remove-charge",
        "batch_remove_charge_schedules",
        json={"home": True, "work": False, "other": True},
    ),
    command(
        "batch-remove-precondition",
        "batch_remove_precondition_schedules",
        json={"home": True, "work": True, "other": True},
    ),
    Case(
        "history",
        "GET",
        "/api/1/dx/charging/history?pageNo=0&pageSize=5&sortOrder=ASC",
        "get_charging_history",
    ),
    Case(
        "history-lowercase-vin",
        "GET",
        f"/api/1/dx/charging/history?vin={PLUGGED_VIN.lower()}",
        "get_charging_history",
    ),
    Case(
        "history-bad-time",
        "GET",
        "/api/1/dx/charging/history?startTime=soon",
        "get_charging_history",
    ),
    Case(
        "sessions", "GET", "/api/1/dx/charging/sessions?limit=3&offset=0", "get_charging_sessions"
    ),
    Case("invoice-unknown", "GET", "/api/1/dx/charging/invoice/abc-123", "get_charging_invoice"),
    Case("list-page", "GET", "/api/1/vehicles?page=2&per_page=1", "list_vehicles"),
    Case("list-per-page-0", "GET", "/api/1/vehicles?per_page=0", "list_vehicles"),
    Case("list-per-page-text", "GET", "/api/1/vehicles?per_page=many", "list_vehicles"),
    Case("list-page-float", "GET", "/api/1/vehicles?page=1.5", "list_vehicles"),
    Case("list-extra-query", "GET", "/api/1/vehicles?colour=red", "list_vehicles"),
    Case("list-no-token", "GET", "/api/1/vehicles", token=None),
    Case("list-unknown-token", "GET", "/api/1/vehicles", token="nope"),
    Case("list-basic-auth", "GET", "/api/1/vehicles", headers={"Authorization": "Basic dTpw"}),
    Case("list-bare-bearer", "GET", "/api/1/vehicles", headers={"Authorization": "Bearer"}),
    Case("list-form-content-type", "GET", "/api/1/vehicles", "list_vehicles", headers=FORM),
    Case("vehicle", "GET", f"/api/1/vehicles/{PLUGGED}", "get_vehicle"),
    Case("vehicle-by-vin", "GET", f"/api/1/vehicles/{PLUGGED_VIN}", "get_vehicle"),
    Case("vehicle-bad-id", "GET", "/api/1/vehicles/not-an-id", "get_vehicle"),
    Case("vehicle-lowercase-vin", "GET", f"/api/1/vehicles/{PLUGGED_VIN.lower()}", "get_vehicle"),
    Case("vehicle-id-newline", "GET", f"/api/1/vehicles/{PLUGGED}%0A", "get_vehicle"),
    Case("vehicle-other-account", "GET", f"/api/1/vehicles/{OTHERS_CAR}", "get_vehicle"),
    Case("vehicle-unknown", "GET", "/api/1/vehicles/1234567890", "get_vehicle"),
    data("data"),
    data("data-sections", query="charge_state;location_data"),
    data("data-bad-section", query="charge_state;nope"),
    # The fast path remembers accepted (path, query) pairs: the same again, another car with
    # the same query, a refused one again.
    data("data-sections-again", query="charge_state;location_data"),
    data("data-sections-other-car", UNPLUGGED, query="charge_state;location_data"),
    data("data-bad-section-again", query="charge_state;nope"),
    data("data-asleep", ASLEEP),
    command("command-asleep", "charge_start", car=ASLEEP),
    Case("wake-up", "POST", f"/api/1/vehicles/{ASLEEP}/wake_up", "wake_up"),
    # -- command bodies -------------------------------------------------------------------
    command("door-open-json", "charge_port_door_open", car=UNPLUGGED, json={}),
    command("door-close-no-body", "charge_port_door_close", car=UNPLUGGED),
    command("start-empty-form", "charge_start", content=b"", headers=FORM),
    command("stop-empty-json", "charge_stop", content=b"", headers=JSON),
    # No Content-Length: connexion validates the schema's default in place of the body.
    command("start-chunked-body", "charge_start", chunks=(b'{"x"', b": 1}"), headers=JSON),
    command("stop-chunked-not-json", "charge_stop", chunks=(b"not", b" json"), headers=JSON),
    command("standard-unexpected-field", "charge_standard", json={"percent": 80}),
    command("standard-null", "charge_standard", content=b"null", headers=JSON),
    command(
        "stop-null-teslajs",
        "charge_stop",
        content=b"null",
        headers={"Content-Type": "application/json; charset=UTF-8"},
    ),
    command("start-null-no-content-type", "charge_start", content=b"null"),
    command("start-null-form", "charge_start", content=b"null", headers=FORM),
    Case("unknown-command", "POST", f"/api/1/vehicles/{PLUGGED}/command/honk_horn"),
    Case("unknown-command-by-vin", "POST", f"/api/1/vehicles/{PLUGGED_VIN}/command/flash_lights"),
    Case("unknown-command-no-token", "POST", f"/api/1/vehicles/{PLUGGED}/command/honk", token=None),
    Case("unknown-command-other-car", "POST", f"/api/1/vehicles/{OTHERS_CAR}/command/honk"),
    command("max-range", "charge_max_range", json={}),
    limit("limit", json={"percent": 77}),
    limit("limit-same-again", json={"percent": 77}),
    limit("limit-too-high", json={"percent": 101}),
    limit("limit-1-clamped", json={"percent": 1}),
    limit("limit-beyond-int32", json={"percent": 2**31}),
    limit("limit-string", json={"percent": "75"}),
    limit("limit-float-integral", json={"percent": 50.0}),
    limit("limit-fraction", json={"percent": 75.5}),
    limit("limit-bool", json={"percent": True}),
    limit("limit-null", json={"percent": None}),
    limit("limit-huge", content=b'{"percent": 100000000000000000000000}', headers=JSON),
    limit("limit-nan", content=b'{"percent": NaN}', headers=JSON),
    limit("limit-array", json=[1]),
    limit("limit-string-body", json="75"),
    limit("limit-empty-object", json={}),
    limit("limit-extra-field", json={"percent": 75, "extra": 1}),
    limit("limit-empty-body", content=b"", headers=JSON),
    limit("limit-truncated", content=b'{"percent": ', headers=JSON),
    limit("limit-not-utf8", content=b"\xc4ch8", headers=JSON),
    limit("limit-utf8-bom", content=b'\xef\xbb\xbf{"percent": 70}', headers=JSON),
    limit("limit-lone-surrogate", content=b'{"percent": 70, "\\ud800": 1}', headers=JSON),
    limit("limit-text-plain", content=b"percent=75", headers={"Content-Type": "text/plain"}),
    limit("limit-no-content-type", content=b'{"percent": 66}'),
    typed("limit-charset-utf8", 71, "application/json; charset=utf-8"),
    typed("limit-charset-latin1", 72, "application/json; charset=latin-1"),
    typed("limit-vendor-json", 73, "application/vnd.api+json"),
    typed("limit-latin1-content-type", 74, "application/json\xe9".encode("latin-1")),
    limit("limit-form", content=b"percent=65", headers=FORM),
    limit("limit-form-text", content=b"percent=abc", headers=FORM),
    limit("limit-form-extra-field", content=b"percent=65&colour=red", headers=FORM),
    limit("limit-form-twice", content=b"percent=60&percent=61", headers=FORM),
    limit("limit-form-empty", content=b"", headers=FORM),
    limit("limit-form-json", content=b'{"percent": 65}', headers=FORM),  # curl -d without -H
    limit(
        "limit-multipart",
        content=b'--b\r\nContent-Disposition: form-data; name="percent"\r\n\r\n64\r\n--b--\r\n',
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    ),
    limit("limit-oversize", content=BIG, headers=JSON),
    limit("limit-chunked", chunks=(b'{"perc', b'ent": 68}'), headers=JSON),
    limit("limit-chunked-oversize", chunks=(BIG[:40000], BIG[40000:]), headers=JSON),
    limit("limit-other-account", car=OTHERS_CAR, json={"percent": 70}),
    limit("limit-no-token", json={"percent": 70}, token=None),
    command("amps", "set_charging_amps", json={"charging_amps": 16}),
    command("amps-too-high", "set_charging_amps", json={"charging_amps": 49}),
    command("amps-negative", "set_charging_amps", json={"charging_amps": -1}),
    command("amps-beyond-int32", "set_charging_amps", json={"charging_amps": -(2**31) - 1}),
    command("schedule", "set_scheduled_charging", json={"enable": True, "time": 1410}),
    command(
        "schedule-form", "set_scheduled_charging", content=b"enable=true&time=60", headers=FORM
    ),
    command(
        "schedule-form-bad-bool", "set_scheduled_charging", content=b"enable=maybe", headers=FORM
    ),
    command(
        "departure",
        "set_scheduled_departure",
        json={"enable": True, "departure_time": 540, "preconditioning_enabled": True},
    ),
    command("departure-missing-enable", "set_scheduled_departure", json={"departure_time": 5}),
    command("departure-enable-only", "set_scheduled_departure", json={"enable": True}),
    command("start", "charge_start"),
    command("stop", "charge_stop", json={}),
    # -- routing and documents ------------------------------------------------------------
    Case("command-by-get", "GET", f"/api/1/vehicles/{PLUGGED}/command/charge_start"),
    Case("unknown-path", "GET", "/api/1/nothing-here"),
    Case("unknown-admin-path", "GET", "/__mock/nothing-here", token=ADMIN_TOKEN),
    Case("spec", "GET", "/openapi.json", token=None),
    Case("spec-by-post", "POST", "/openapi.json", token=None),
    Case("spec-yaml", "GET", "/openapi.yaml", token=None),
    Case("admin-spec", "GET", "/__mock/openapi.json", token=None),
    Case("swagger-ui", "GET", "/ui/", token=None),
    Case("swagger-ui-redirect", "GET", "/ui", token=None),
    Case("admin-swagger-ui", "GET", "/__mock/ui/", token=None),
    Case("swagger-ui-asset", "GET", "/ui/swagger-ui.css", token=None),
    # -- admin API ------------------------------------------------------------------------
    admin("admin-no-token", "GET", "/fleet", None, token=None),
    admin("admin-owner-token", "GET", "/fleet", None, token=OWNER_TOKEN),
    admin("fleet", "GET", "/fleet", "get_fleet"),
    # The 200 carries the uptime, which two apps never share: tests/server/test_admin_api.py.
    admin("health-extra-query", "GET", "/health?verbose=1", "get_health", token=None),
    admin(
        "account-new",
        "POST",
        "/accounts",
        "create_account",
        json={"name": "carol", "token": "token-carol"},
    ),
    admin("account-taken", "POST", "/accounts", "create_account", json={"name": "carol"}),
    admin("account-bad-name", "POST", "/accounts", "create_account", json={"name": 5}),
    admin("account", "GET", "/accounts/carol", "get_account"),
    admin("account-unknown", "GET", "/accounts/nobody", "get_account"),
    admin(
        "token-new",
        "POST",
        "/accounts/carol/tokens",
        "create_token",
        json={"token": "token-carol-2"},
    ),
    admin("token-delete", "DELETE", "/accounts/carol/tokens/token-carol-2", "delete_token"),
    admin("token-delete-again", "DELETE", "/accounts/carol/tokens/token-carol-2", "delete_token"),
    admin(
        "car-new",
        "POST",
        "/accounts/carol/vehicles",
        "create_vehicle",
        json={"id": int(NEW_CAR), "vin": "5YJ3E1EA7KF000042", "vehicle_id": 1, "battery_level": 50},
    ),
    admin(
        "car-bad", "POST", "/accounts/carol/vehicles", "create_vehicle", json={"battery_level": 101}
    ),
    admin("car-state", "GET", f"/vehicles/{NEW_CAR}/state", "get_vehicle_state"),
    admin(
        "car-patch",
        "PATCH",
        f"/vehicles/{NEW_CAR}/state",
        "patch_vehicle_state",
        json={"plugged_in": True},
    ),
    admin(
        "car-patch-bad",
        "PATCH",
        f"/vehicles/{NEW_CAR}/state",
        "patch_vehicle_state",
        json={"battery_level": "x"},
    ),
    admin(
        "car-patch-latin1",
        "PATCH",
        f"/vehicles/{NEW_CAR}/state",
        "patch_vehicle_state",
        content='{"display_name": "Café"}'.encode("latin-1"),
        headers={"Content-Type": "application/json; charset=latin-1"},
    ),
    admin(  # connexion reads a charset only when no space precedes it
        "car-patch-latin1-read",
        "PATCH",
        f"/vehicles/{NEW_CAR}/state",
        "patch_vehicle_state",
        content='{"display_name": "Café"}'.encode("latin-1"),
        headers={"Content-Type": "application/json;charset=latin-1"},
    ),
    Case("carol-lists", "GET", "/api/1/vehicles", "list_vehicles", token="token-carol"),
    admin("car-delete", "DELETE", f"/vehicles/{NEW_CAR}", "delete_vehicle"),
    admin("account-delete", "DELETE", "/accounts/carol", "delete_account"),
    admin("clock", "GET", "/clock", "get_clock"),
    admin("clock-freeze", "PATCH", "/clock", "patch_clock", json={"frozen": True}),
    admin("clock-bad", "PATCH", "/clock", "patch_clock", json={"time_scale": -1}),
    admin("clock-advance", "POST", "/clock/advance", "advance_clock", json={"minutes": 30}),
    admin("clock-advance-text", "POST", "/clock/advance", "advance_clock", json={"minutes": "x"}),
    admin(
        "clock-advance-units",
        "POST",
        "/clock/advance",
        "advance_clock",
        json={"seconds": 30, "minutes": 1, "hours": 1},
    ),
    admin("clock-advance-empty", "POST", "/clock/advance", "advance_clock", json={}),
    admin("clock-advance-zero", "POST", "/clock/advance", "advance_clock", json={"seconds": 0}),
    admin(
        "clock-advance-form-json",
        "POST",
        "/clock/advance",
        "advance_clock",
        content=b'{"minutes": 5}',
        headers=FORM,
    ),
    # The event stream's JSON form (the stream itself: tests/mockserver/test_events.py).
    admin("events-snapshot", "GET", "/events", "stream_events"),
    admin(
        "fault-503",
        "POST",
        "/faults",
        "create_fault",
        json={"vehicle_id": PLUGGED, "status": 503, "count": 1},
    ),
    admin("faults", "GET", "/faults", "list_faults"),
    command("command-hits-503", "charge_stop"),
    admin("fault-429", "POST", "/faults", "create_fault", json={"status": 429, "count": 1}),
    Case("list-hits-429", "GET", "/api/1/vehicles", "list_vehicles"),
    admin("fault-bad", "POST", "/faults", "create_fault", json={"status": 200}),
    admin("fault-delete-unknown", "DELETE", "/faults/999", "delete_fault"),
    admin("fault-delete-bad-id", "DELETE", "/faults/abc", "delete_fault"),
    admin("faults-clear", "DELETE", "/faults", "clear_faults"),
    admin("journal", "GET", f"/vehicles/{PLUGGED}/journal", "get_journal"),
    admin(
        "journal-filtered",
        "GET",
        f"/vehicles/{PLUGGED}/journal?method=POST&status=400&limit=5",
        "get_journal",
    ),
    admin("journal-bad-filter", "GET", f"/vehicles/{PLUGGED}/journal?limit=0", "get_journal"),
    admin("journal-clear", "DELETE", f"/vehicles/{PLUGGED}/journal", "clear_journal"),
    admin(
        "scenario-json",
        "POST",
        "/scenario",
        "load_scenario",
        json={
            "accounts": [
                {
                    "name": "dan",
                    "tokens": ["token-dan"],
                    "vehicles": [
                        {"id": 4000000000000001, "vehicle_id": 2, "vin": "5YJ3E1EA7KF000077"}
                    ],
                }
            ]
        },
    ),
    admin(
        "scenario-yaml",
        "POST",
        "/scenario",
        "load_scenario",
        content=yaml.safe_dump(SCENARIO_WITH_A_SLEEPING_CAR).encode(),
        headers={"Content-Type": "application/yaml"},
    ),
    admin("scenario-bad", "POST", "/scenario", "load_scenario", json={"accounts": 1}),
    admin("reset", "POST", "/reset", "reset"),
    Case("list-after-reset", "GET", "/api/1/vehicles", "list_vehicles"),
]


def answer(response: Any) -> dict[str, Any]:
    """What a client sees of an answer."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.content
    return {
        "status": response.status_code,
        "content_type": response.headers.get("content-type"),
        "body": body,
        **{name: response.headers.get(name) for name in ANSWER_HEADERS},
    }


def client(*, fast: bool, validate_responses: bool) -> TestClient:
    app = create_app(
        scenario=SCENARIO_WITH_A_SLEEPING_CAR,
        admin_token=ADMIN_TOKEN,
        validate_responses=validate_responses,
        clock=SimClock(start=START, frozen=True),
        fast=fast,
    )
    return TestClient(app, raise_server_exceptions=False, follow_redirects=False)


@pytest.fixture(scope="module", params=[True, False], ids=["responses-validated", "not"])
def both(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        client(fast=True, validate_responses=request.param) as fast,
        client(fast=False, validate_responses=request.param) as plain,
    ):
        yield fast, plain


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fast_path_answers_like_connexion(both: tuple[TestClient, TestClient], case: Case) -> None:
    fast, plain = both
    expected = answer(case.send(plain))
    assert answer(case.send(fast)) == expected


def test_the_table_reaches_every_operation_and_every_kind_of_request() -> None:
    operations = set()
    for spec_file in (VEHICLE_SPEC, ADMIN_SPEC):
        spec = yaml.load((spec_dir() / spec_file).read_text(), Loader=yaml.CSafeLoader)
        for item in spec["paths"].values():
            operations |= {op["operationId"] for op in item.values() if "operationId" in op}
    assert operations <= {case.operation for case in CASES}
    assert len({case.id for case in CASES}) == len(CASES) >= 40


def test_the_journals_match_too() -> None:
    """Both apps journal the same entries for the same requests (bodies, statuses, times)."""
    entries = []
    for fast in (True, False):
        with client(fast=fast, validate_responses=False) as http:
            for case in CASES:
                if case.path.startswith("/api/"):
                    case.send(http)
            journal = http.get(
                f"/__mock/vehicles/{PLUGGED}/journal",
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            )
            entries.append(json.loads(journal.content))
    assert entries[0] == entries[1]
    assert len(entries[0]["entries"]) > 40
