"""python-tesla-fleet-api (PyPI `tesla-fleet-api`), unmodified, runs a charging session on the mock.

The library behind Home Assistant's Tesla Fleet and Teslemetry integrations. It is given the mock
as its `server` and a valid access token. Its Fleet vehicles put the VIN in every path, send JSON
(`{}` for a command without parameters) and hand back the answer's JSON: a refusal is a normal
answer with `result: false`, an error status raises the library's exception for it.

Pinned at 1.5.0, the newest release for Python 3.11 (later ones need 3.13); the requests of this
session are the same in 1.18.1.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from tesla_fleet_api import TeslaFleetApi
from tesla_fleet_api.const import VehicleDataEndpoint
from tesla_fleet_api.exceptions import InvalidCommand
from tesla_mock import TeslaMock

from tests.clients.support import DONE, PLUGGED_IN_ASLEEP, UNPLUGGED, car_state, received

# A car whose charger takes 32 A at most.
PLUGGED_IN_32A = {**PLUGGED_IN_ASLEEP, "charge_current_request_max": 32}

pytestmark = pytest.mark.tesla_mock(transport="loopback", vehicles=[PLUGGED_IN_32A, UNPLUGGED])

# What Home Assistant's Tesla Fleet integration asks for.
ENDPOINTS = [
    VehicleDataEndpoint.CHARGE_STATE,
    VehicleDataEndpoint.CLIMATE_STATE,
    VehicleDataEndpoint.DRIVE_STATE,
    VehicleDataEndpoint.LOCATION_DATA,
    VehicleDataEndpoint.VEHICLE_STATE,
    VehicleDataEndpoint.VEHICLE_CONFIG,
]


def test_tesla_fleet_api_charging_session(tesla_mock: TeslaMock) -> None:
    asyncio.run(charging_session(tesla_mock))


async def charging_session(tesla_mock: TeslaMock) -> None:
    car_vin, unplugged_vin = tesla_mock.vins
    async with aiohttp.ClientSession() as session:
        token, server = tesla_mock.token, tesla_mock.base_url
        api = TeslaFleetApi(session=session, access_token=token, server=server)

        # Where the account lives, and its cars (the products with a `vehicle_id`).
        region = (await api.user.region())["response"]
        assert region["region"] in ("na", "eu", "cn")
        assert region["fleet_api_base_url"].startswith("http")
        products = (await api.products())["response"]
        cars = {product["vin"]: product for product in products if "vehicle_id" in product}
        assert sorted(cars) == sorted(tesla_mock.vins)
        assert cars[car_vin]["state"] == "asleep"
        assert cars[car_vin]["command_signing"] in ("off", "allowed", "required")
        car = api.vehicles.createFleet(car_vin)

        # Wake it: wake_up answers at once with the state the car had; poll until online.
        woken = await car.wake_up()
        assert woken["response"]["vin"] == car_vin
        for _ in range(100):
            if (await car.vehicle())["response"]["state"] == "online":
                break
            await asyncio.sleep(0.02)
        assert car_state(tesla_mock, car_vin)["state"] == "online"

        # Read its charge state.
        data = (await car.vehicle_data(endpoints=ENDPOINTS))["response"]
        assert data["vin"] == car_vin
        assert data["charge_state"]["charging_state"] == "Stopped"
        assert data["charge_state"]["battery_level"] == 50
        assert data["charge_state"]["charge_current_request_max"] == 32

        # Set the charge limit.
        assert await car.set_charge_limit(85) == {"response": DONE}
        assert car_state(tesla_mock, car_vin)["charge_limit_soc"] == 85

        # Set the charging amps above what this car can take: it takes its own maximum.
        assert await car.set_charging_amps(48) == {"response": DONE}
        assert car_state(tesla_mock, car_vin)["charge_current_request"] == 32

        # Start charging, then stop.
        assert await car.charge_start() == {"response": DONE}
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Charging"
        assert await car.charge_stop() == {"response": DONE}
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Stopped"

        # Stopping again is refused with the car's reason; an answer, not an exception.
        refused = await car.charge_stop()
        assert refused == {"response": {"result": False, "reason": "not_charging"}}
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Stopped"

        # A command the charging API does not have: 400 invalid_command, the library's
        # InvalidCommand.
        with pytest.raises(InvalidCommand):
            await car.honk_horn()

        # The unplugged car refuses to charge.
        refused = await api.vehicles.createFleet(unplugged_vin).charge_start()
        assert refused == {"response": {"result": False, "reason": "disconnected"}}

    # What the cars received: VINs in paths, JSON bodies, `{}` for commands without parameters.
    json = "application/json"
    *charging, unknown = received(tesla_mock, car_vin, commands_only=True)
    assert charging == [
        ("POST", f"{car_vin}/command/set_charge_limit", "", json, '{"percent": 85}', 200),
        ("POST", f"{car_vin}/command/set_charging_amps", "", json, '{"charging_amps": 48}', 200),
        ("POST", f"{car_vin}/command/charge_start", "", json, "{}", 200),
        ("POST", f"{car_vin}/command/charge_stop", "", json, "{}", 200),
        ("POST", f"{car_vin}/command/charge_stop", "", json, "{}", 200),
    ]
    # (the body of a request the mock does not read is not in its journal)
    assert unknown[:4] + unknown[5:] == ("POST", f"{car_vin}/command/honk_horn", "", json, 400)
    assert received(tesla_mock, unplugged_vin, commands_only=True) == [
        ("POST", f"{unplugged_vin}/command/charge_start", "", json, "{}", 200),
    ]
    reads = received(tesla_mock, car_vin, bodies=False)
    assert reads[0] == ("POST", f"{car_vin}/wake_up", "", json, 200)
    assert ("GET", car_vin, "", None, 200) in reads  # the wake-up's poll
    endpoints = "charge_state;climate_state;drive_state;location_data;vehicle_state;vehicle_config"
    query = "endpoints=" + endpoints.replace(";", "%3B")
    assert ("GET", f"{car_vin}/vehicle_data", query, None, 200) in reads
