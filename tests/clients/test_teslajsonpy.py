"""teslajsonpy 3.14.0 (PyPI), unmodified, runs a charging session on the mock vehicle.

teslajsonpy is the library behind Home Assistant's Tesla custom integration. It is given the
mock as `api_proxy_url` and a valid access token with a future `expiration`, so it never calls
Tesla's SSO. Its car objects keep a cache of `vehicle_data`: the car's methods send a command and,
when the car carries it out, write the expected value into that cache; a refusal leaves the
cache alone and raises nothing.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from tesla_mock import TeslaMock
from teslajsonpy import Controller
from teslajsonpy.car import TeslaCar

from tests.clients.support import (
    EMAIL,
    PLUGGED_IN_ASLEEP,
    UNPLUGGED,
    UNUSED_REFRESH_TOKEN,
    car_state,
    received,
    token_expiry,
)

pytestmark = pytest.mark.tesla_mock(transport="loopback", vehicles=[PLUGGED_IN_ASLEEP, UNPLUGGED])


def test_teslajsonpy_charging_session(tesla_mock: TeslaMock) -> None:
    asyncio.run(charging_session(tesla_mock))


async def charging_session(tesla_mock: TeslaMock) -> None:
    car_vin, unplugged_vin = tesla_mock.vins
    async with httpx.AsyncClient() as http:
        controller = Controller(
            websession=http,
            email=EMAIL,
            access_token=tesla_mock.token,
            refresh_token=UNUSED_REFRESH_TOKEN,
            expiration=token_expiry(),
            api_proxy_url=tesla_mock.base_url,
        )
        # List the cars (GET /api/1/products) and build a car object for each; the sleeping
        # car's vehicle_data answers 408, which teslajsonpy takes as "no data yet".
        await controller.connect()
        cars: dict[str, TeslaCar] = await controller.generate_car_objects()
        assert sorted(cars) == sorted(tesla_mock.vins)
        car, unplugged = cars[car_vin], cars[unplugged_vin]
        assert car.id == int(tesla_mock.vehicles[0])
        assert car.state == "asleep"
        assert not controller.is_car_online(vin=car_vin)
        assert car.charging_state is None  # nothing read from the sleeping car yet

        # Wake it: POST wake_up, then poll GET /api/1/vehicles/{VIN} until it is online.
        await car.wake_up()
        assert controller.is_car_online(vin=car_vin)
        assert car_state(tesla_mock, car_vin)["state"] == "online"

        # Read its charge state: a forced update lists the products again, then reads each car.
        await controller.update(force=True)
        assert car.state == "online"
        assert car.charging_state == "Stopped"
        assert car.battery_level == 50
        assert car.charge_limit_soc == 80
        assert car.charge_current_request == 16

        # Set the charge limit.
        await car.change_charge_limit(90)
        assert car.charge_limit_soc == 90
        assert car_state(tesla_mock, car_vin)["charge_limit_soc"] == 90

        # Set the charging amps below 5 A: teslajsonpy sends the request twice, and the second
        # takes the car under the app's 5 A minimum: 1 A asked, 2 A is what the car can do.
        await car.set_charging_amps(1)
        assert car.charge_current_request == 1  # what teslajsonpy assumes...
        assert car_state(tesla_mock, car_vin)["charge_current_request"] == 2  # ...and the car
        await controller.update(force=True)
        assert car.charge_current_request == 2

        # Start charging, then stop.
        await car.start_charge()
        assert car.charging_state == "Charging"
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Charging"
        await car.stop_charge()
        assert car.charging_state == "Stopped"
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Stopped"

        # The car without a cable refuses to charge: teslajsonpy raises nothing and keeps its
        # cache; its generic `api` call shows the car's answer.
        await unplugged.start_charge()
        assert unplugged.charging_state == "Disconnected"
        assert car_state(tesla_mock, unplugged_vin)["charging_state"] == "Disconnected"
        answer = await controller.api("START_CHARGE", path_vars={"vehicle_id": unplugged.id})
        assert answer == {"response": {"result": False, "reason": "disconnected"}}

    # What the cars received: VINs in paths, no body for commands without parameters.
    json = "application/json"
    assert received(tesla_mock, car_vin, commands_only=True) == [
        ("POST", f"{car_vin}/command/set_charge_limit", "", json, '{"percent":90}', 200),
        ("POST", f"{car_vin}/command/set_charging_amps", "", json, '{"charging_amps":1}', 200),
        ("POST", f"{car_vin}/command/set_charging_amps", "", json, '{"charging_amps":1}', 200),
        ("POST", f"{car_vin}/command/charge_start", "", None, "", 200),
        ("POST", f"{car_vin}/command/charge_stop", "", None, "", 200),
    ]
    assert received(tesla_mock, unplugged_vin, commands_only=True) == [
        ("POST", f"{unplugged_vin}/command/charge_start", "", None, "", 200),
        ("POST", f"{unplugged_vin}/command/charge_start", "", None, "", 200),
    ]
    reads = received(tesla_mock, car_vin, bodies=False)
    endpoints = (
        "charge_state%3Bclimate_state%3Bdrive_state%3Bgui_settings%3Bvehicle_config%3B"
        "vehicle_state%3Blocation_data"
    )
    assert reads[:2] == [
        ("GET", f"{car_vin}/vehicle_data", f"endpoints={endpoints}", None, 408),  # asleep
        ("POST", f"{car_vin}/wake_up", "", None, 200),
    ]
    assert ("GET", car_vin, "", None, 200) in reads  # the wake-up's poll
    assert ("GET", f"{car_vin}/vehicle_data", f"endpoints={endpoints}", None, 200) in reads
