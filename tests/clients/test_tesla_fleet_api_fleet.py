"""python-tesla-fleet-api, unmodified, on today's Fleet API for charging: products, region,
fleet_status, a charge schedule that the car runs and shows in `charge_schedule_data`, the
session it charged in `charging.history`, and the real 403 of a car that requires signed
commands.

The clock is frozen at a known instant so that the schedule's start can be reached by advancing
it: 2024-11-24 08:00 UTC, a Sunday; the cars keep UTC as their local time.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from tesla_fleet_api import TeslaFleetApi
from tesla_fleet_api.const import VehicleDataEndpoint
from tesla_fleet_api.exceptions import Forbidden
from tesla_mock import TeslaMock
from tesla_mock.vehicle import SIGNED_COMMANDS_REQUIRED

from tests.clients.support import DONE, PLUGGED_IN_ASLEEP, car_state

HOME = (37.4925, -121.9447)
# A 2024.26+ car, awake, plugged in, well below its limit, that does not doze off.
SCHEDULED_CAR = {
    **PLUGGED_IN_ASLEEP,
    "state": "online",
    "battery_level": 30,
    "sleep_after_idle_s": None,
    "firmware_version": "2024.26.7",
    "price_per_kwh": 0.25,
}
# A Model 3 as it is today: unsigned REST commands refused.
SIGNING_CAR = {"display_name": "Signed car", "command_signing": "required"}

pytestmark = pytest.mark.tesla_mock(
    transport="loopback",
    private=True,
    frozen=True,
    start=1_732_435_200,
    vehicles=[SCHEDULED_CAR, SIGNING_CAR],
)
SCHEDULES = [VehicleDataEndpoint.CHARGE_SCHEDULE_DATA]


def test_tesla_fleet_api_fleet_features(tesla_mock: TeslaMock) -> None:
    asyncio.run(fleet_features(tesla_mock))


async def fleet_features(tesla_mock: TeslaMock) -> None:
    car_vin, signing_vin = tesla_mock.vins
    async with aiohttp.ClientSession() as session:
        api = TeslaFleetApi(
            session=session, access_token=tesla_mock.token, server=tesla_mock.base_url
        )

        # The account's region and its products.
        region = (await api.user.region())["response"]
        assert region == {"region": "na", "fleet_api_base_url": tesla_mock.base_url}
        products = (await api.products())["response"]
        signing = {p["vin"]: p["command_signing"] for p in products if "vehicle_id" in p}
        assert signing == {car_vin: "off", signing_vin: "required"}

        # fleet_status: both cars paired; the second requires the command protocol.
        car = api.vehicles.createFleet(car_vin)
        status = (await car.fleet_status([car_vin, signing_vin]))["response"]
        assert status["key_paired_vins"] == [car_vin, signing_vin]
        assert status["unpaired_vins"] == []
        assert status["vehicle_info"][car_vin]["firmware_version"] == "2024.26.7"
        assert status["vehicle_info"][signing_vin]["vehicle_command_protocol_required"] is True

        # A charge schedule from 09:00 to 10:00 every day, at home.
        added = await car.add_charge_schedule(
            days_of_week="All", enabled=True, lat=HOME[0], lon=HOME[1],
            start_time=9 * 60, end_time=10 * 60,
        )  # fmt: skip
        assert added == {"response": DONE}
        data = (await car.vehicle_data(endpoints=SCHEDULES))["response"]["charge_schedule_data"]
        (schedule,) = data["charge_schedules"]
        assert (schedule["start_time"], schedule["end_time"], schedule["days_of_week"]) == (
            540,
            600,
            127,
        )

        # The car runs it: charging at 09:00, stopped at 10:00.
        tesla_mock.admin.advance_clock(minutes=61)
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Charging"
        tesla_mock.admin.advance_clock(minutes=60)
        assert car_state(tesla_mock, car_vin)["charging_state"] == "Stopped"

        # Removing it empties the section.
        assert await car.remove_charge_schedule(schedule["id"]) == {"response": DONE}
        data = (await car.vehicle_data(endpoints=SCHEDULES))["response"]["charge_schedule_data"]
        assert data["charge_schedules"] == []

        # Unplugged, the session is in the charging history: an hour at 240 V x 16 A.
        tesla_mock.admin.set_state(car_vin, plugged_in=False)
        history = (await api.charging.history(vin=car_vin))["response"]["data"]
        (session_record,) = history
        assert session_record["vin"] == car_vin
        (fee,) = session_record["fees"]
        assert fee["usageBase"] == pytest.approx(3.84, abs=0.01)
        assert fee["totalDue"] == pytest.approx(0.96, abs=0.01)

        # The car that requires signing refuses an unsigned command with the real 403.
        with pytest.raises(Forbidden) as refused:
            await api.vehicles.createFleet(signing_vin).charge_start()
        assert refused.value.data["error"] == SIGNED_COMMANDS_REQUIRED


PROXY_CAR = {"display_name": "Proxied car", "plugged_in": False, "command_signing": "required"}


@pytest.mark.tesla_mock(transport="loopback", private=True, flavor="proxy", vehicles=[PROXY_CAR])
def test_through_the_proxy_flavor_signed_commands_and_the_proxys_refusals(
    tesla_mock: TeslaMock,
) -> None:
    asyncio.run(through_the_proxy(tesla_mock))


async def through_the_proxy(tesla_mock: TeslaMock) -> None:
    (vin,) = tesla_mock.vins
    async with aiohttp.ClientSession() as session:
        api = TeslaFleetApi(
            session=session, access_token=tesla_mock.token, server=tesla_mock.base_url
        )
        refused = await api.vehicles.createFleet(vin).charge_start()
    # The proxy signs the command (the car requires it) and wraps the car's refusal.
    assert refused == {
        "response": {"result": False, "reason": "car could not execute command: disconnected"},
        "error": "",
        "error_description": "",
    }
