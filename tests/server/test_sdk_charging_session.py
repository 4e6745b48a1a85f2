"""The generated SDK drives the mock vehicle through a full charging session."""

from __future__ import annotations

from starlette.testclient import TestClient
from tesla_charging_client import AuthenticatedClient
from tesla_charging_client.api.charging import (
    charge_port_door_open,
    charge_start,
    set_charge_limit,
    set_charging_amps,
)
from tesla_charging_client.api.vehicles import get_vehicle_data, list_vehicles
from tesla_charging_client.models import (
    CommandResponse,
    KnownChargingState,
    SetChargeLimitRequest,
    SetChargingAmpsRequest,
    VehicleDataResponse,
    VehicleListResponse,
)

from tests.server.support import OWNER_TOKEN, UNPLUGGED, Api


def sdk_client(api: Api) -> AuthenticatedClient:
    client = AuthenticatedClient(
        base_url="http://testserver", token=OWNER_TOKEN, raise_on_unexpected_status=True
    )
    http = TestClient(api.http.app, base_url="http://testserver")
    http.headers["Authorization"] = f"Bearer {OWNER_TOKEN}"
    client.set_httpx_client(http)
    return client


def ok(answer: object) -> None:
    assert isinstance(answer, CommandResponse), answer
    assert answer.response.result is True, answer.response.reason


def test_full_charging_session_through_the_sdk(api: Api) -> None:
    client = sdk_client(api)
    listed = list_vehicles.sync(client=client)
    assert isinstance(listed, VehicleListResponse)
    assert UNPLUGGED in [vehicle.id_s for vehicle in listed.response]

    assert api.admin("PATCH", f"/vehicles/{UNPLUGGED}/state", json={"plugged_in": True}).is_success
    ok(charge_port_door_open.sync(UNPLUGGED, client=client))
    ok(set_charge_limit.sync(UNPLUGGED, client=client, body=SetChargeLimitRequest(percent=90)))
    ok(set_charging_amps.sync(UNPLUGGED, client=client, body=SetChargingAmpsRequest(32)))
    ok(charge_start.sync(UNPLUGGED, client=client))

    charging = get_vehicle_data.sync(UNPLUGGED, client=client, endpoints="charge_state")
    assert isinstance(charging, VehicleDataResponse)
    state = charging.response.charge_state
    assert state.charging_state == KnownChargingState.CHARGING
    assert state.charge_current_request == 32
    assert state.minutes_to_full_charge > 0

    api.admin("POST", "/clock/advance", json={"minutes": state.minutes_to_full_charge + 5})
    done = get_vehicle_data.sync(UNPLUGGED, client=client, endpoints="charge_state")
    assert isinstance(done, VehicleDataResponse)
    final = done.response.charge_state
    assert final.charging_state == KnownChargingState.COMPLETE
    assert final.battery_level == 90
    assert final.charge_energy_added > 0
    assert final.charger_power == 0
