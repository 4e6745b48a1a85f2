"""The admin API: health, fleet, raw state, clock, faults, journal, reset and scenarios."""

from __future__ import annotations

import importlib.metadata

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.specs import ADMIN_SPEC, VEHICLE_SPEC, load_spec

from tests.server.support import ADMIN_TOKEN, OWNER_TOKEN, PLUGGED, START, UNPLUGGED, Api

CLOCK_UNITS = load_spec(ADMIN_SPEC)["components"]["schemas"]["ClockAdvance"]["properties"]


def test_admin_api_needs_the_admin_token_and_says_so(api: Api) -> None:
    for headers in ({}, {"Authorization": f"Bearer {OWNER_TOKEN}"}):
        response = api.http.get("/__mock/fleet", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "invalid bearer token"
        assert "--admin-token" in response.json()["error_description"]


def test_the_specs_401_example_is_what_the_server_answers(api: Api) -> None:
    responses = load_spec(ADMIN_SPEC)["components"]["responses"]
    example = responses["Unauthorized"]["content"]["application/json"]["examples"]
    assert api.http.get("/__mock/fleet").json() == example["invalid_token"]["value"]


# -- health ------------------------------------------------------------------------------------
def test_health_answers_without_a_token_with_the_version_and_uptime(api: Api) -> None:
    first = api.http.get("/__mock/health")
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/json"
    health = first.json()
    assert set(health) == {"status", "version", "uptime_s"}
    assert health["status"] == "ok"
    assert health["version"] == load_spec(VEHICLE_SPEC)["info"]["version"]
    assert health["version"] == importlib.metadata.version("tesla-mock-vehicle")
    assert health["uptime_s"] >= 0
    # Real time, not the frozen simulated clock's: it goes on when the clock stands still.
    api.admin("POST", "/clock/advance", json={"hours": 5})
    later = api.http.get("/__mock/health").json()["uptime_s"]
    assert health["uptime_s"] <= later < 5 * 3600


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": f"Bearer {OWNER_TOKEN}"}, {"Authorization": "Bearer nope"}],
    ids=["owner-token", "unknown-token"],
)
def test_health_ignores_whatever_token_comes_with_it(api: Api, headers: dict[str, str]) -> None:
    assert api.http.get("/__mock/health", headers=headers).json()["status"] == "ok"


def test_health_answers_alike_on_connexions_own_stack() -> None:
    app = create_app(admin_token=ADMIN_TOKEN, fast=False, clock=SimClock(START, frozen=True))
    with TestClient(app) as plain:
        health = plain.get("/__mock/health").json()
    assert health["status"] == "ok" and health["uptime_s"] >= 0
    assert health["version"] == load_spec(VEHICLE_SPEC)["info"]["version"]


def test_accounts_tokens_and_vehicles_can_be_created_and_deleted(api: Api) -> None:
    created = api.admin("POST", "/accounts", json={"name": "carol", "token": "carol-token"})
    assert created.status_code == 201
    assert created.json() == {
        "name": "carol",
        "region": "na",
        "tokens": ["carol-token"],
        "vehicles": [],
    }
    assert api.admin("POST", "/accounts", json={"name": "carol"}).status_code == 409
    car = api.admin("POST", "/accounts/carol/vehicles", json={"battery_level": 12.5})
    assert car.status_code == 201
    car_id = str(car.json()["id"])
    carol = {"Authorization": "Bearer carol-token"}
    listed = api.http.get("/api/1/vehicles", headers=carol).json()
    assert [v["id_s"] for v in listed["response"]] == [car_id]
    second = api.admin("POST", "/accounts/carol/tokens", json={}).json()["token"]
    assert api.http.get("/api/1/vehicles", headers={"Authorization": f"Bearer {second}"}).is_success
    assert api.admin("DELETE", f"/accounts/carol/tokens/{second}").status_code == 204
    revoked = api.http.get("/api/1/vehicles", headers={"Authorization": f"Bearer {second}"})
    assert revoked.status_code == 401
    assert api.admin("DELETE", f"/vehicles/{car_id}").status_code == 204
    assert api.http.get("/api/1/vehicles", headers=carol).json()["count"] == 0
    assert api.admin("DELETE", "/accounts/carol").status_code == 204
    assert api.http.get("/api/1/vehicles", headers=carol).status_code == 401
    assert api.admin("GET", "/accounts/carol").status_code == 404


def test_bad_vehicle_config_is_400(api: Api) -> None:
    response = api.admin("POST", "/accounts/owner/vehicles", json={"battery_level": 101})
    assert response.status_code == 400
    assert response.json()["response"] is None


def test_raw_state_can_be_read_and_patched(api: Api) -> None:
    state = api.admin("GET", f"/vehicles/{UNPLUGGED}/state").json()
    assert state["plugged_in"] is False
    patched = api.admin(
        "PATCH",
        f"/vehicles/{UNPLUGGED}/state",
        json={"plugged_in": True, "battery_level": 20, "charge_current_request_max": 16},
    )
    assert patched.status_code == 200, patched.text
    charge = api.charge_state(UNPLUGGED)
    assert charge["charging_state"] == "Stopped"
    assert charge["battery_level"] == 20
    assert charge["charge_current_request_max"] == 16


def test_clock_can_be_read_frozen_advanced_and_rescaled(api: Api) -> None:
    before = api.admin("GET", "/clock").json()
    assert before["frozen"] is True
    after = api.admin("POST", "/clock/advance", json={"minutes": 90}).json()
    assert after["now"] == pytest.approx(before["now"] + 5400)
    scaled = api.admin("PATCH", "/clock", json={"time_scale": 60, "frozen": False}).json()
    assert scaled == {"now": pytest.approx(after["now"], abs=60), "frozen": False, "time_scale": 60}


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ({"seconds": 90}, 90),
        ({"minutes": 90}, 5400),
        ({"hours": 2.5}, 9000),
        ({"seconds": 30, "minutes": 1, "hours": 1}, 3690),
        ({"seconds": 0.5}, 0.5),
    ],
)
def test_the_clock_advances_by_seconds_minutes_and_hours_added_up(
    api: Api, body: dict[str, float], seconds: float
) -> None:
    before = api.admin("GET", "/clock").json()["now"]
    answer = api.admin("POST", "/clock/advance", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["now"] == pytest.approx(before + seconds)


@pytest.mark.parametrize("unit", ["seconds", "minutes", "hours"])
def test_each_clock_unit_goes_up_to_its_maximum_and_not_beyond(api: Api, unit: str) -> None:
    maximum = CLOCK_UNITS[unit]["maximum"]
    before = api.admin("GET", "/clock").json()["now"]
    assert api.admin("POST", "/clock/advance", json={unit: maximum}).status_code == 200
    assert api.admin("GET", "/clock").json()["now"] == pytest.approx(before + 10 * 365 * 86400)
    beyond = api.admin("POST", "/clock/advance", json={unit: maximum * 1.000001})
    assert beyond.status_code == 400
    assert beyond.json()["error_description"] == (
        f"{maximum * 1.000001!r} is greater than the maximum of {maximum} - '{unit}'"
    )


@pytest.mark.parametrize(
    ("body", "description"),
    [
        ({}, "{} should be non-empty: give at least one of seconds, minutes, hours"),
        ({"minutes": 0}, "0 is less than or equal to the minimum of 0 - 'minutes'"),
        ({"seconds": -5}, "-5 is less than or equal to the minimum of 0 - 'seconds'"),
        ({"hours": 1, "minutes": 0}, "0 is less than or equal to the minimum of 0 - 'minutes'"),
        ({"days": 1}, "Additional properties are not allowed ('days' was unexpected)"),
        ({"hours": "2"}, "'2' is not of type 'number' - 'hours'"),
    ],
    ids=["empty", "zero", "negative", "a-zero-unit", "unknown-unit", "text"],
)
def test_a_clock_advance_that_moves_nothing_backwards_or_unknown_is_refused(
    api: Api, body: dict[str, object], description: str
) -> None:
    before = api.admin("GET", "/clock").json()
    response = api.admin("POST", "/clock/advance", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "response": None,
        "error": "invalid_field",
        "error_description": description,
    }
    assert api.admin("GET", "/clock").json() == before


def test_advancing_the_clock_charges_the_car(api: Api) -> None:
    assert api.command(PLUGGED, "charge_start").json()["response"]["result"] is True
    api.admin("POST", "/clock/advance", json={"minutes": 30})
    charge = api.charge_state(PLUGGED)
    assert charge["charging_state"] == "Charging"
    assert charge["battery_level"] > 40
    assert charge["charge_energy_added"] > 0
    api.admin("POST", "/clock/advance", json={"minutes": 24 * 60})
    state = api.admin("GET", f"/vehicles/{PLUGGED}/state").json()
    assert state["charging_state"] == "Complete"
    assert state["battery_level"] == 80
    assert state["state"] == "asleep"  # idle long after the session ended


@pytest.mark.parametrize("status", [408, 429, 500, 503])
def test_next_n_faults_answer_that_status_then_disappear(api: Api, status: int) -> None:
    fault = api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "status": status, "count": 2})
    assert fault.status_code == 201
    for _ in range(2):
        response = api.command(PLUGGED, "charge_stop")
        assert response.status_code == status
        if status == 429:  # the Fleet API's text (tests/server/test_fleet_api.py)
            assert response.text == "Retry in 30 seconds"
            assert response.headers["retry-after"] == "30"
        else:
            assert response.json()["response"] is None
    assert api.command(PLUGGED, "charge_stop").status_code == 200
    assert api.admin("GET", "/faults").json() == {"faults": []}


def test_vehicle_faults_do_not_touch_other_vehicles_and_global_faults_touch_all(api: Api) -> None:
    api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "status": 500, "count": 5})
    assert api.command(UNPLUGGED, "charge_stop").status_code == 200
    api.admin("DELETE", "/faults")
    api.admin("POST", "/faults", json={"status": 503, "probability": 1.0})
    assert api.command(UNPLUGGED, "charge_stop").status_code == 503
    assert api.http.get("/api/1/vehicles", headers=api.owner).status_code == 503
    fault_id = api.admin("GET", "/faults").json()["faults"][0]["id"]
    assert api.admin("DELETE", f"/faults/{fault_id}").status_code == 204
    assert api.command(UNPLUGGED, "charge_stop").status_code == 200


def test_a_fault_needs_a_status_or_a_latency(api: Api) -> None:
    assert api.admin("POST", "/faults", json={}).status_code == 400
    assert api.admin("POST", "/faults", json={"latency_ms": 0, "count": 3}).status_code == 400
    assert api.admin("POST", "/faults", json={"status": 418, "count": 1}).status_code == 400
    assert api.admin("GET", "/faults").json() == {"faults": []}


def test_a_fault_without_count_or_probability_fires_until_deleted(api: Api) -> None:
    api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "status": 500})
    assert [api.command(PLUGGED, "charge_stop").status_code for _ in range(3)] == [500] * 3
    api.admin("DELETE", "/faults")
    assert api.command(PLUGGED, "charge_stop").status_code == 200


def test_count_caps_a_probabilistic_fault(api: Api) -> None:
    api.admin("POST", "/faults", json={"status": 503, "probability": 1.0, "count": 2})
    statuses = [api.command(PLUGGED, "charge_stop").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert api.admin("GET", "/faults").json() == {"faults": []}


def test_a_zero_probability_fault_never_fires_nor_uses_its_count(api: Api) -> None:
    api.admin("POST", "/faults", json={"status": 503, "probability": 0.0, "count": 1})
    assert api.command(PLUGGED, "charge_stop").status_code == 200
    assert api.admin("GET", "/faults").json()["faults"][0]["count"] == 1


def test_journal_records_what_each_vehicle_received(api: Api) -> None:
    api.command(PLUGGED, "set_charge_limit", {"percent": 70})
    api.command(PLUGGED, "set_charge_limit", {"percent": "170"})
    api.command(UNPLUGGED, "charge_start")
    entries = api.admin("GET", f"/vehicles/{PLUGGED}/journal").json()["entries"]
    assert [(e["method"], e["status"]) for e in entries] == [("POST", 200), ("POST", 400)]
    assert entries[0]["body"] == '{"percent": 70}' or '"percent":70' in entries[0]["body"]
    assert entries[0]["content_type"] == "application/json"
    bad = api.admin("GET", f"/vehicles/{PLUGGED}/journal", params={"status": 400}).json()
    assert len(bad["entries"]) == 1
    assert api.admin("DELETE", f"/vehicles/{PLUGGED}/journal").status_code == 204
    assert api.admin("GET", f"/vehicles/{PLUGGED}/journal").json() == {"entries": []}
    assert len(api.admin("GET", f"/vehicles/{UNPLUGGED}/journal").json()["entries"]) == 1


def test_reset_restores_the_start_up_fleet_and_clears_faults(api: Api) -> None:
    api.admin("POST", "/accounts", json={"name": "temp"})
    api.admin("POST", "/faults", json={"status": 500, "probability": 1.0})
    api.command(PLUGGED, "set_charge_limit", {"percent": 60})
    assert api.admin("POST", "/reset").status_code == 200
    assert api.admin("GET", "/faults").json() == {"faults": []}
    names = [a["name"] for a in api.admin("GET", "/fleet").json()["accounts"]]
    assert names == ["owner", "other"]
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 80


def test_a_yaml_scenario_replaces_the_fleet(api: Api) -> None:
    scenario = (
        "clock: {frozen: true}\n"
        "accounts:\n"
        "  - name: dave\n"
        "    tokens: [dave-token-123]\n"
        "    vehicles:\n"
        "      - {id: 42, vin: 5YJ3E1EA7KF000042, plugged_in: true, battery_level: 10}\n"
    )
    response = api.admin(
        "POST", "/scenario", content=scenario, headers={"Content-Type": "application/yaml"}
    )
    assert response.status_code == 200, response.text
    dave = {"Authorization": "Bearer dave-token-123"}
    assert api.http.get("/api/1/vehicles", headers=dave).json()["count"] == 1
    assert api.http.get("/api/1/vehicles", headers=api.owner).status_code == 401
    broken = api.admin(
        "POST", "/scenario", content="accounts: [", headers={"Content-Type": "application/yaml"}
    )
    assert broken.status_code == 400


def test_state_fields_that_contradict_each_other_are_a_conflict(api: Api) -> None:
    created = api.admin(
        "POST",
        "/accounts/owner/vehicles",
        json={"plugged_in": True, "charging_state": "Disconnected"},
    )
    assert created.status_code == 409
    assert "Disconnected" in created.json()["error_description"]
    patched = api.admin(
        "PATCH", f"/vehicles/{PLUGGED}/state", json={"charge_port_door_open": False}
    )
    assert patched.status_code == 409
    assert api.admin("GET", f"/vehicles/{PLUGGED}/state").json()["charge_port_door_open"] is True
    out_of_range = api.admin("PATCH", f"/vehicles/{PLUGGED}/state", json={"battery_level": 101})
    assert out_of_range.status_code == 400


def test_a_refused_scenario_leaves_the_fleet_as_it_was(api: Api) -> None:
    before = api.admin("GET", "/fleet").json()
    twice = {"id": 7, "vin": "5YJ3E1EA7KF000007"}
    clash = {"accounts": [{"name": "a", "vehicles": [twice]}, {"name": "b", "vehicles": [twice]}]}
    assert api.admin("POST", "/scenario", json=clash).status_code == 409
    nameless = "accounts:\n- vehicles: [{battery_level: 50}]\n"
    response = api.admin(
        "POST", "/scenario", content=nameless, headers={"Content-Type": "application/yaml"}
    )
    assert response.status_code == 400
    assert "'name' is a required property" in response.json()["error_description"]
    assert api.admin("GET", "/fleet").json() == before
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 80


def test_the_journal_records_requests_as_sent_even_when_refused_before_connexion(api: Api) -> None:
    api.http.post(f"/api/1/vehicles/{PLUGGED}/command/charge_stop", headers=api.owner)
    oversize = b'{"percent": 80, "pad": "' + b"x" * 70_000 + b'"}'
    api.command(
        PLUGGED, "set_charge_limit", headers={"Content-Type": "application/json"}, content=oversize
    )
    first, second = api.admin("GET", f"/vehicles/{PLUGGED}/journal").json()["entries"]
    assert (first["content_type"], first["status"]) == (None, 200)
    assert second["status"] == 413
