"""python-tesla-fleet-api, unmodified, on today's Fleet API for charging: products, region,
fleet_status, a charge schedule that the car runs and shows in `charge_schedule_data`, the
session it charged in `charging.history`, and the real 403 of a car that requires signed
commands.

The clock is frozen at a known instant so that the schedule's start can be reached by advancing
it: 2024-11-24 08:00 UTC, a Sunday; the cars keep UTC as their local time.
"""

from __future__ import annotations

import asyncio
import re
import socket
from typing import Any

import aiohttp
import pytest
from tesla_fleet_api import TeslaFleetApi
from tesla_fleet_api.const import VehicleDataEndpoint
from tesla_fleet_api.exceptions import (
    ClientClosedRequest,
    DeviceUnexpectedResponse,
    Forbidden,
    InvalidRegion,
    InvalidResource,
    Locked,
    PaymentRequired,
    PreconditionFailed,
    RateLimited,
    ResourceUnavailableForLegalReasons,
    TeslaFleetError,
)
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


def fleet_api(
    session: aiohttp.ClientSession, tesla_mock: TeslaMock, server: str | None = None
) -> TeslaFleetApi:
    """The client as a team makes it: the test account's token, the mock's (or `server`'s) URL."""
    return TeslaFleetApi(
        session=session, access_token=tesla_mock.token, server=server or tesla_mock.base_url
    )


def test_tesla_fleet_api_fleet_features(tesla_mock: TeslaMock) -> None:
    asyncio.run(fleet_features(tesla_mock))


async def fleet_features(tesla_mock: TeslaMock) -> None:
    car_vin, signing_vin = tesla_mock.vins
    async with aiohttp.ClientSession() as session:
        api = fleet_api(session, tesla_mock)

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
        # Every section the client knows, as it sends them (vehicle_data_combo included).
        every_section = (await car.vehicle_data(endpoints=list(VehicleDataEndpoint)))["response"]
        for section in ("charge_state", "drive_state", "preconditioning_schedule_data"):
            assert section in every_section
        assert "latitude" in every_section["drive_state"]  # location_data
        data = every_section["charge_schedule_data"]
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
        api = fleet_api(session, tesla_mock)
        refused = await api.vehicles.createFleet(vin).charge_start()
    # The proxy signs the command (the car requires it) and wraps the car's refusal.
    assert refused == {
        "response": {"result": False, "reason": "car could not execute command: disconnected"},
        "error": "",
        "error_description": "",
    }


class LocalhostResolver(aiohttp.ThreadedResolver):
    """Resolves `<anything>.localhost` to the loopback address, as browsers and
    systemd-resolved do, so a client can reach the mock by a region-named host."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[dict[str, Any]]:
        if host.endswith(".localhost"):
            host = "127.0.0.1"
        return await super().resolve(host, port, family)


@pytest.mark.tesla_mock(transport="loopback", private=True, vehicles=[{"display_name": "Car"}])
def test_tesla_fleet_api_finds_its_region_from_the_421_of_another_regions_server(
    tesla_mock: TeslaMock,
) -> None:
    asyncio.run(region_discovery(tesla_mock))


async def region_discovery(tesla_mock: TeslaMock) -> None:
    port = tesla_mock.base_url.rsplit(":", 1)[1]
    connector = aiohttp.TCPConnector(resolver=LocalhostResolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        # The account is in North America; the client first tries the European server.
        europe = fleet_api(session, tesla_mock, f"http://eu.localhost:{port}")
        with pytest.raises(InvalidRegion) as misdirected:
            await europe.products()
        error = misdirected.value.data["error"]  # type: ignore[index]
        # As vehicle-command's inet.go does: the right base URL is in the text.
        found = re.search(r"use base URL: (\S+),", error)
        assert found is not None, error
        assert found[1] == f"http://na.localhost:{port}"
        home = fleet_api(session, tesla_mock, found[1])
        region = (await home.user.region())["response"]
        assert region == {"region": "na", "fleet_api_base_url": found[1]}
        assert (await home.products())["count"] == 1


FLEET_STATUSES: list[tuple[int, type[TeslaFleetError]]] = [
    (402, PaymentRequired),
    (403, Forbidden),
    (412, PreconditionFailed),
    (421, InvalidRegion),
    (422, InvalidResource),
    (423, Locked),
    (429, RateLimited),
    (451, ResourceUnavailableForLegalReasons),
    (499, ClientClosedRequest),
    (540, DeviceUnexpectedResponse),
]


@pytest.mark.tesla_mock(transport="loopback", private=True, vehicles=[SCHEDULED_CAR])
def test_tesla_fleet_api_raises_its_exception_for_each_injected_fleet_status_and_refusal(
    tesla_mock: TeslaMock,
) -> None:
    asyncio.run(injected_errors(tesla_mock))


async def injected_errors(tesla_mock: TeslaMock) -> None:
    (vin,) = tesla_mock.vins
    async with aiohttp.ClientSession() as session:
        api = fleet_api(session, tesla_mock)
        car = api.vehicles.createFleet(vin)
        for status, raised in FLEET_STATUSES:
            tesla_mock.admin.inject_fault(status, vehicle_id=vin, count=1, retry_after=7)
            with pytest.raises(raised) as caught:
                await car.set_charge_limit(75)
            assert caught.value.status == status
            if status == 429:  # the text body: the client reads the headers
                assert caught.value.data == {"reset": "7", "after": "7"}
            elif status == 423:  # no body
                assert caught.value.data is None
            else:
                assert isinstance(caught.value.data, dict), status
                assert caught.value.data["response"] is None
        # A car refusal for the next two commands, then the car's own answer.
        tesla_mock.admin.inject_fault(vehicle_id=vin, count=2, reason="could_not_wake_buses")
        refused = {"response": {"result": False, "reason": "could_not_wake_buses"}}
        assert await car.charge_start() == refused
        assert await car.set_charge_limit(75) == refused
        assert await car.set_charge_limit(75) == {"response": DONE}
    assert car_state(tesla_mock, vin)["charge_limit_soc"] == 75
