"""TeslaPy 2.9.2 (PyPI `teslapy`), unmodified, runs a charging session on the mock vehicle.

TeslaPy speaks the Owner API at its module global `BASE_URL`; the test points that at the mock
and gives TeslaPy a valid token through `cache_loader`, so it never starts Tesla's SSO login.
Its OAuth layer (requests-oauthlib) refuses plain http unless `OAUTHLIB_INSECURE_TRANSPORT` is
set, oauthlib's switch for local testing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import teslapy
from tesla_mock import TeslaMock

from tests.clients.support import (
    EMAIL,
    PLUGGED_IN_ASLEEP,
    UNPLUGGED,
    UNUSED_REFRESH_TOKEN,
    car_state,
    received,
    token_expiry,
)

# A car with a 64 A charger (a 2015 Model S had one): amps above the usual 48 are its to take.
PLUGGED_IN_64A = {**PLUGGED_IN_ASLEEP, "charge_current_request_max": 64}

pytestmark = pytest.mark.tesla_mock(transport="loopback", vehicles=[PLUGGED_IN_64A, UNPLUGGED])


@pytest.fixture
def tesla(tesla_mock: TeslaMock, monkeypatch: pytest.MonkeyPatch) -> Iterator[teslapy.Tesla]:
    """A logged-in `teslapy.Tesla` session on the mock."""
    monkeypatch.setattr(teslapy, "BASE_URL", tesla_mock.base_url + "/")
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    token = {
        "access_token": tesla_mock.token,
        "refresh_token": UNUSED_REFRESH_TOKEN,
        "token_type": "Bearer",
        "expires_in": 3600,
        "expires_at": token_expiry(),
    }
    cache = {EMAIL: {"url": teslapy.SSO_BASE_URL, "sso": token}}
    with teslapy.Tesla(EMAIL, cache_loader=lambda: cache, cache_dumper=lambda _: None) as tesla:
        yield tesla


def test_teslapy_charging_session(tesla: teslapy.Tesla, tesla_mock: TeslaMock) -> None:
    car_id, unplugged_id = tesla_mock.vehicles

    # List the cars (GET /api/1/products; every Vehicle also reads GET /api/1/users/orders).
    vehicles = {vehicle["id_s"]: vehicle for vehicle in tesla.vehicle_list()}
    assert sorted(vehicles) == sorted(tesla_mock.vehicles)
    car = vehicles[car_id]
    assert car["vin"] == tesla_mock.vins[0]
    assert car["state"] == "asleep"

    # Wake it: POST wake_up, then poll GET /api/1/vehicles/{id_s} until it says online.
    car.sync_wake_up()
    assert car["state"] == "online"
    assert car_state(tesla_mock, car_id)["state"] == "online"

    # Read its charge state.
    charge = car.get_vehicle_data()["charge_state"]
    assert charge["charging_state"] == "Stopped"
    assert charge["battery_level"] == 50
    assert charge["charge_limit_soc"] == 80
    assert charge["charge_current_request_max"] == 64

    # Set the charge limit: 1 % is no error, the car takes its minimum (50 %); then 90 %.
    assert car.command("CHANGE_CHARGE_LIMIT", percent=1) is True
    assert car_state(tesla_mock, car_id)["charge_limit_soc"] == 50
    assert car.command("CHANGE_CHARGE_LIMIT", percent=90) is True
    assert car_state(tesla_mock, car_id)["charge_limit_soc"] == 90

    # Set the charging amps: this car's own maximum, 64 A.
    assert car.command("CHARGING_AMPS", charging_amps=64) is True
    assert car_state(tesla_mock, car_id)["charge_current_request"] == 64

    # Start charging, then stop.
    assert car.command("START_CHARGE") is True
    assert car_state(tesla_mock, car_id)["charging_state"] == "Charging"
    assert car.get_vehicle_data()["charge_state"]["charging_state"] == "Charging"
    assert car.command("STOP_CHARGE") is True
    assert car_state(tesla_mock, car_id)["charging_state"] == "Stopped"

    # The car without a cable refuses to charge, and TeslaPy raises the car's reason.
    with pytest.raises(teslapy.VehicleError, match=r"^disconnected$"):
        vehicles[unplugged_id].command("START_CHARGE")
    assert car_state(tesla_mock, unplugged_id)["charging_state"] == "Disconnected"

    # What the cars received: id_s in paths, JSON bodies, `{}` for commands without parameters.
    json = "application/json"
    assert received(tesla_mock, car_id, commands_only=True) == [
        ("POST", f"{car_id}/command/set_charge_limit", "", json, '{"percent": 1}', 200),
        ("POST", f"{car_id}/command/set_charge_limit", "", json, '{"percent": 90}', 200),
        ("POST", f"{car_id}/command/set_charging_amps", "", json, '{"charging_amps": 64}', 200),
        ("POST", f"{car_id}/command/charge_start", "", json, "{}", 200),
        ("POST", f"{car_id}/command/charge_stop", "", json, "{}", 200),
    ]
    assert received(tesla_mock, unplugged_id, commands_only=True) == [
        ("POST", f"{unplugged_id}/command/charge_start", "", json, "{}", 200),
    ]
    reads = received(tesla_mock, car_id, bodies=False)
    assert reads[0] == ("POST", f"{car_id}/wake_up", "", json, 200)
    assert ("GET", car_id, "", json, 200) in reads  # the wake-up's poll
    endpoints = "location_data;charge_state;climate_state;vehicle_state;gui_settings;vehicle_config"
    query = "endpoints=" + endpoints.replace(";", "%3B")
    assert ("GET", f"{car_id}/vehicle_data", query, json, 200) in reads
