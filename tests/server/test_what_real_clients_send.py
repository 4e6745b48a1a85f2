"""What community clients send, answered as the real API answers it (the facts file, section 4):
products, orders and region; `null` bodies; unknown commands; values the car clamps."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock

from tests.server.support import (
    ADMIN_TOKEN,
    OTHERS_CAR,
    PLUGGED,
    PLUGGED_VIN,
    SCENARIO,
    START,
    UNPLUGGED,
    Api,
)


def test_products_list_the_accounts_cars_with_what_clients_read(api: Api) -> None:
    response = api.http.get("/api/1/products", headers=api.owner)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id_s"] for item in body["response"]] == [PLUGGED, UNPLUGGED]
    for item in body["response"]:
        assert {"id", "vehicle_id", "vin", "state", "display_name"} <= set(item)
        assert item["command_signing"] == "off"
    assert OTHERS_CAR not in response.text  # another account's car is never listed


def test_products_list_configured_energy_sites_after_the_cars(clock: SimClock) -> None:
    scenario = copy.deepcopy(SCENARIO)
    site = {"energy_site_id": 987654321, "resource_type": "battery", "site_name": "Home"}
    scenario["accounts"][0]["energy_sites"] = [site]
    app = create_app(scenario=scenario, admin_token=ADMIN_TOKEN, clock=clock)
    with TestClient(app) as http:
        api = Api(http, clock)
        body = http.get("/api/1/products", headers=api.owner).json()
        other = http.get("/api/1/products", headers={"Authorization": "Bearer other-token-1"})
    assert body["count"] == 3
    assert body["response"][-1] == site
    assert "energy_site_id" not in other.text


def test_products_need_a_token(api: Api) -> None:
    response = api.http.get("/api/1/products")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid bearer token"


def test_orders_are_an_empty_list(api: Api) -> None:
    response = api.http.get("/api/1/users/orders", headers=api.owner)
    assert (response.status_code, response.json()) == (200, {"response": []})


def test_region_names_the_mock_itself_as_the_fleet_host(api: Api) -> None:
    response = api.http.get("/api/1/users/region", headers=api.owner)
    assert response.status_code == 200
    assert response.json() == {
        "response": {"region": "na", "fleet_api_base_url": "http://testserver"}
    }


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json; charset=UTF-8"},  # as TeslaJS sends it
        {},
    ],
)
def test_a_json_null_body_means_no_parameters(api: Api, headers: dict[str, str]) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/charge_start",
        content=b"null",
        headers={**api.owner, **headers},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"response": {"result": True, "reason": ""}}
    assert api.charge_state(PLUGGED)["charging_state"] == "Charging"


def test_a_null_body_is_still_refused_where_parameters_are_needed(api: Api) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=b"null",
        headers={**api.owner, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["response"] is None


@pytest.mark.parametrize("vehicle", [PLUGGED, PLUGGED_VIN])
def test_an_unknown_command_is_400_invalid_command(api: Api, vehicle: str) -> None:
    response = api.http.post(f"/api/1/vehicles/{vehicle}/command/honk_horn", headers=api.owner)
    assert response.status_code == 400
    assert response.json() == {
        "response": None,
        "error": "invalid_command",
        "error_description": "",
    }
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("vehicle", "headers", "status"),
    [
        (PLUGGED, {}, 401),
        (PLUGGED, {"Authorization": "Bearer nope"}, 401),
        (OTHERS_CAR, None, 404),  # another account's car stays unrevealed
        ("1234567890", None, 404),
    ],
)
def test_an_unknown_command_checks_token_and_vehicle_first(
    api: Api, vehicle: str, headers: dict[str, str] | None, status: int
) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{vehicle}/command/honk_horn",
        headers=api.owner if headers is None else headers,
    )
    assert response.status_code == status
    assert response.json()["response"] is None


def test_set_charge_limit_clamps_out_of_range_values_as_the_car_does(api: Api) -> None:
    assert api.command(PLUGGED, "set_charge_limit", {"percent": 1}).json() == {
        "response": {"result": True, "reason": ""}
    }
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 50
    assert api.command(PLUGGED, "set_charge_limit", {"percent": 250}).status_code == 200
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 100


@pytest.mark.parametrize("body", [{}, {"percent": "80"}, {"percent": 80.5}, {"percent": 2**31}])
def test_set_charge_limit_keeps_400_for_missing_keys_and_wrong_types(
    api: Api, body: dict[str, Any]
) -> None:
    response = api.command(PLUGGED, "set_charge_limit", body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_field"
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 80


def test_set_charging_amps_is_bounded_by_the_cars_own_maximum(clock: SimClock) -> None:
    scenario = copy.deepcopy(SCENARIO)
    scenario["accounts"][0]["vehicles"][0] |= {
        "charge_current_request_max": 64,
        "charger_pilot_current": 64,
    }
    with TestClient(create_app(scenario=scenario, clock=clock)) as http:
        api = Api(http, clock)
        assert api.command(PLUGGED, "set_charging_amps", {"charging_amps": 64}).status_code == 200
        assert api.charge_state(PLUGGED)["charge_current_request"] == 64
        assert api.command(PLUGGED, "set_charging_amps", {"charging_amps": 80}).status_code == 200
        assert api.charge_state(PLUGGED)["charge_current_request"] == 64


def test_set_charging_amps_below_5_twice_goes_to_2(api: Api) -> None:
    api.command(PLUGGED, "set_charging_amps", {"charging_amps": 0})
    assert api.charge_state(PLUGGED)["charge_current_request"] == 5
    api.command(PLUGGED, "set_charging_amps", {"charging_amps": 0})
    assert api.charge_state(PLUGGED)["charge_current_request"] == 2


def test_a_departure_with_only_enable_changes_nothing(api: Api) -> None:
    before = api.charge_state(PLUGGED)
    answer = api.command(PLUGGED, "set_scheduled_departure", {"enable": True})
    assert answer.json() == {"response": {"result": True, "reason": ""}}
    after = api.charge_state(PLUGGED)
    assert after["scheduled_charging_mode"] == before["scheduled_charging_mode"] == "Off"
    assert after["scheduled_departure_time"] is None


def test_the_default_fleet_has_a_sparse_car_whose_vehicle_data_has_no_top_level_name() -> None:
    with TestClient(create_app(clock=SimClock(start=START, frozen=True))) as http:
        headers = {"Authorization": "Bearer demo-owner-token"}
        cars = http.get("/api/1/products", headers=headers).json()["response"]
        sparse = [car["id_s"] for car in cars if car["display_name"] == "Grey Ghost"]
        assert len(sparse) == 1
        data = http.get(f"/api/1/vehicles/{sparse[0]}/vehicle_data", headers=headers).json()
    assert "display_name" not in data["response"]
    assert data["response"]["vehicle_state"]["vehicle_name"] == "Grey Ghost"
    assert data["response"]["charge_state"]["charge_port_door_open"] is None
    assert "charge_to_max_range" not in data["response"]["charge_state"]
