"""The `tesla_mock` fixture and its parts, used the way a downstream test uses them."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from tesla_charging_client.api.charging import charge_start, set_charge_limit
from tesla_charging_client.api.vehicles import get_vehicle, get_vehicle_data, list_vehicles
from tesla_charging_client.models import (
    ChargeState,
    CommandResponse,
    Error,
    KnownChargingState,
    SetChargeLimitRequest,
    VehicleDataResponse,
    VehicleListResponse,
    VehicleResponse,
)
from tesla_mock import (
    IN_PROCESS_BASE_URL,
    TRANSPORTS,
    MockAdminError,
    SharedServerError,
    TeslaMock,
    Transport,
    open_account,
    start_server,
)

START = 1_732_435_200.0  # 2024-11-24 08:00:00 UTC


def listed_ids(mock: TeslaMock) -> list[str]:
    listed = list_vehicles.sync(client=mock.client)
    assert isinstance(listed, VehicleListResponse), listed
    return sorted(vehicle.id_s for vehicle in listed.response)


def charge_state(mock: TeslaMock, vehicle: str) -> ChargeState:
    data = get_vehicle_data.sync(vehicle, client=mock.client, endpoints="charge_state")
    assert isinstance(data, VehicleDataResponse), data
    assert isinstance(data.response.charge_state, ChargeState)
    return data.response.charge_state


def status_of(mock: TeslaMock, vehicle: str) -> int:
    return get_vehicle.sync_detailed(vehicle, client=mock.client).status_code


def test_a_test_gets_its_own_account_token_and_a_plugged_and_an_unplugged_car(
    tesla_mock: TeslaMock,
) -> None:
    mine = {
        "name": tesla_mock.account,
        "region": "na",
        "tokens": [tesla_mock.token],
        "vehicles": tesla_mock.vehicles,
    }
    assert mine in tesla_mock.server.admin.fleet()["accounts"]
    plugged, unplugged = (tesla_mock.admin.vehicle_state(car) for car in tesla_mock.vehicles)
    assert (plugged["plugged_in"], unplugged["plugged_in"]) == (True, False)
    assert [plugged["vin"], unplugged["vin"]] == tesla_mock.vins
    assert tesla_mock.base_url == IN_PROCESS_BASE_URL and not tesla_mock.private
    plugged_id, unplugged_id = tesla_mock.vehicles
    assert repr(tesla_mock) == (  # what a failing test's traceback shows of it: one line
        f"<TeslaMock {tesla_mock.account} ({plugged_id}, {unplugged_id}) "
        f"on <InProcessServer {IN_PROCESS_BASE_URL}>>"
    )


def test_the_client_works_sync_and_async(tesla_mock: TeslaMock) -> None:
    car = tesla_mock.vehicles[0]
    limit = SetChargeLimitRequest(percent=90)
    done = set_charge_limit.sync(car, client=tesla_mock.client, body=limit)
    started = asyncio.run(charge_start.asyncio(car, client=tesla_mock.client))
    again = asyncio.run(charge_start.asyncio(car, client=tesla_mock.client))  # a new loop

    assert isinstance(done, CommandResponse) and done.response.result
    assert isinstance(started, CommandResponse) and started.response.result
    assert isinstance(again, CommandResponse) and again.response.reason == "is_charging"
    assert listed_ids(tesla_mock) == sorted(tesla_mock.vehicles)
    assert tesla_mock.admin.vehicle_state(car)["charging_state"] == "Charging"


def test_the_journal_shows_the_requests_of_a_car_and_filters_them(tesla_mock: TeslaMock) -> None:
    car = tesla_mock.vehicles[0]
    set_charge_limit.sync(car, client=tesla_mock.client, body=SetChargeLimitRequest(percent=75))
    set_charge_limit.sync(car, client=tesla_mock.client, body=SetChargeLimitRequest(percent=2**31))
    get_vehicle.sync(tesla_mock.vins[0], client=tesla_mock.client)

    entries = tesla_mock.admin.journal(car)
    assert [(entry["method"], entry["status"]) for entry in entries] == [
        ("POST", 200),
        ("POST", 400),
        ("GET", 200),
    ]
    assert json.loads(entries[0]["body"]) == {"percent": 75}
    assert entries[2]["path"] == f"/api/1/vehicles/{tesla_mock.vins[0]}"
    assert tesla_mock.admin.journal(car, status=400) == [entries[1]]
    assert tesla_mock.admin.journal(car, method="GET") == [entries[2]]
    assert tesla_mock.admin.journal(car, path_contains="charge_limit", limit=1) == [entries[1]]
    tesla_mock.admin.clear_journal(car)
    assert tesla_mock.admin.journal(car) == []


def test_set_state_changes_the_car_and_bad_values_raise_mock_admin_error(
    tesla_mock: TeslaMock,
) -> None:
    car = tesla_mock.vehicles[1]
    assert tesla_mock.admin.set_state(car, plugged_in=True, battery_level=20)["battery_level"] == 20
    with pytest.raises(MockAdminError) as refused:
        tesla_mock.admin.set_state(car, battery_level=101)
    assert refused.value.status == 400
    assert "battery_level" in refused.value.description


@pytest.mark.tesla_mock(vehicles=[{"battery_level": 20, "display_name": "Only car"}])
def test_the_marker_chooses_the_cars(tesla_mock: TeslaMock) -> None:
    (car,) = tesla_mock.vehicles
    state = tesla_mock.admin.vehicle_state(car)
    assert (state["battery_level"], state["display_name"]) == (20, "Only car")


@pytest.mark.tesla_mock(vehicles=[])
def test_a_test_without_cars_must_name_the_car_of_a_fault(tesla_mock: TeslaMock) -> None:
    assert tesla_mock.vehicles == [] and listed_ids(tesla_mock) == []
    with pytest.raises(ValueError, match="vehicle_id"):
        tesla_mock.admin.inject_fault(503, count=1)


def test_accounts_never_see_each_others_cars_nor_get_each_others_faults(
    tesla_mock: TeslaMock,
) -> None:
    with open_account(tesla_mock.server) as neighbour:
        assert listed_ids(tesla_mock) == sorted(tesla_mock.vehicles)
        assert listed_ids(neighbour) == sorted(neighbour.vehicles)
        for car in neighbour.vehicles + neighbour.vins:
            assert status_of(tesla_mock, car) == 404

        tesla_mock.admin.inject_fault(503, probability=1.0)  # on the test's first car
        neighbour.admin.inject_fault(429, probability=1.0)  # on the neighbour's

        assert status_of(tesla_mock, tesla_mock.vehicles[0]) == 503
        assert status_of(tesla_mock, tesla_mock.vehicles[1]) == 200
        assert status_of(neighbour, neighbour.vehicles[0]) == 429
        assert status_of(neighbour, neighbour.vehicles[1]) == 200

        tesla_mock.admin.clear_faults()  # only this test's
        assert status_of(tesla_mock, tesla_mock.vehicles[0]) == 200
        assert status_of(neighbour, neighbour.vehicles[0]) == 429


def test_leaving_an_account_deletes_it_with_its_cars_and_their_faults() -> None:
    with start_server() as server:
        with open_account(server) as mock:
            mock.admin.inject_fault(500, probability=1.0)
            assert len(server.admin.faults()) == 1
        assert server.admin.fleet() == {"accounts": []}
        assert server.admin.faults() == []
        with pytest.raises(MockAdminError) as gone:
            server.admin.vehicle_state(mock.vehicles[0])
        assert gone.value.status == 404


SERVER_WIDE_CHANGES: dict[str, Any] = {
    "reset": lambda admin: admin.reset(),
    "load_scenario": lambda admin: admin.load_scenario({"accounts": []}),
    "set_clock": lambda admin: admin.set_clock(frozen=True),
    "advance_clock": lambda admin: admin.advance_clock(minutes=5),
    "fault_on_every_request": lambda admin: admin.inject_fault(503, every_request=True),
}


@pytest.mark.parametrize("change", SERVER_WIDE_CHANGES.values(), ids=SERVER_WIDE_CHANGES.keys())
def test_server_wide_changes_are_refused_on_a_shared_server(
    tesla_mock: TeslaMock, change: Any
) -> None:
    before = (tesla_mock.server.admin.fleet(), tesla_mock.server.admin.faults())
    with pytest.raises(SharedServerError, match=r"private=True"):
        change(tesla_mock.admin)
    assert (tesla_mock.server.admin.fleet(), tesla_mock.server.admin.faults()) == before
    assert tesla_mock.server.admin.clock()["frozen"] is False


@pytest.mark.tesla_mock(
    private=True,
    start=START,
    frozen=True,
    vehicles=[{"plugged_in": True, "battery_level": 40, "charge_limit_soc": 80}],
)
def test_a_private_server_has_its_own_frozen_clock_to_advance(tesla_mock: TeslaMock) -> None:
    (car,) = tesla_mock.vehicles
    assert tesla_mock.admin.clock() == {"now": START, "frozen": True, "time_scale": 1.0}
    started = charge_start.sync(car, client=tesla_mock.client)
    assert isinstance(started, CommandResponse) and started.response.result

    minutes = charge_state(tesla_mock, car).minutes_to_full_charge
    assert tesla_mock.admin.advance_clock(minutes=minutes + 1)["now"] == START + (minutes + 1) * 60

    done = charge_state(tesla_mock, car)
    assert done.charging_state == KnownChargingState.COMPLETE
    assert done.battery_level == 80


OWNER_SCENARIO = {
    "accounts": [
        {
            "name": "owner",
            "tokens": ["owner-token-1"],
            "vehicles": [{"id": 1000000000000001, "vin": "5YJ3E1EA7KF000001"}],
        }
    ]
}


@pytest.mark.tesla_mock(private=True, scenario=OWNER_SCENARIO, vehicles=[])
def test_a_private_server_starts_with_its_scenario_and_allows_server_wide_changes(
    tesla_mock: TeslaMock,
) -> None:
    owner = tesla_mock.client_for("owner-token-1")
    listed = list_vehicles.sync(client=owner)
    assert isinstance(listed, VehicleListResponse)
    assert [vehicle.id_s for vehicle in listed.response] == ["1000000000000001"]

    tesla_mock.admin.inject_fault(503, count=1, every_request=True)
    assert isinstance(list_vehicles.sync(client=owner), Error)
    tesla_mock.admin.load_scenario("accounts: []\n")  # the test's own account goes too
    assert tesla_mock.admin.fleet() == {"accounts": []}
    assert get_vehicle.sync_detailed("1000000000000001", client=owner).status_code == 401


@pytest.mark.tesla_mock(transport="loopback")
def test_the_loopback_transport_serves_on_a_real_socket(tesla_mock: TeslaMock) -> None:
    assert tesla_mock.base_url.startswith("http://127.0.0.1:")
    assert not tesla_mock.base_url.endswith(":0")
    headers = {"Authorization": f"Bearer {tesla_mock.token}"}
    plain = httpx.get(f"{tesla_mock.base_url}/api/1/vehicles", headers=headers)
    assert plain.json()["count"] == 2

    car = tesla_mock.vehicles[0]
    for _ in range(2):  # one event loop after another, like asyncio.run per call
        answer = asyncio.run(get_vehicle.asyncio(car, client=tesla_mock.client))
        assert isinstance(answer, VehicleResponse) and answer.response.id_s == car
    assert listed_ids(tesla_mock) == sorted(tesla_mock.vehicles)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_server_can_be_started_without_the_fixture(transport: Transport) -> None:
    with start_server(transport, frozen=True, start=START) as server:
        assert server.admin.clock()["now"] == START
        assert server.admin.health()["status"] == "ok"
        assert server.admin.advance_clock(seconds=90, hours=1)["now"] == START + 3690
        with open_account(server, vehicles=[{}]) as mock:
            assert listed_ids(mock) == mock.vehicles
