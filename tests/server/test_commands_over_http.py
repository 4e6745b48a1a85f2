"""The vehicle's rules through HTTP: bodies in every accepted encoding, refusals, sleep/wake."""

from __future__ import annotations

import pytest

from tests.server.support import PLUGGED, UNPLUGGED, Api


def result(response) -> tuple[bool, str]:
    assert response.status_code == 200, response.text
    inner = response.json()["response"]
    return inner["result"], inner["reason"]


PARAMETERLESS = [
    "charge_port_door_open",
    "charge_port_door_close",
    "charge_start",
    "charge_stop",
    "charge_standard",
    "charge_max_range",
]


@pytest.mark.parametrize("command", PARAMETERLESS)
@pytest.mark.parametrize(
    "content, content_type",
    [
        (None, None),
        (b"", "application/json"),
        (b"{}", "application/json"),
        (b"", "application/x-www-form-urlencoded"),
    ],
    ids=["no-body", "empty-json", "empty-object", "empty-form"],
)
def test_parameterless_commands_accept_empty_bodies(
    api: Api, command: str, content: bytes | None, content_type: str | None
) -> None:
    headers = dict(api.owner)
    if content_type:
        headers["Content-Type"] = content_type
    response = api.http.post(
        f"/api/1/vehicles/{UNPLUGGED}/command/{command}", content=content, headers=headers
    )
    assert response.status_code == 200, response.text
    assert set(response.json()["response"]) == {"result", "reason"}


def test_parameterless_command_refuses_unexpected_fields(api: Api) -> None:
    response = api.command(PLUGGED, "charge_start", {"percent": 80})
    assert response.status_code == 400


def test_form_encoded_bodies_work_like_json(api: Api) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=b"percent=65",
        headers={**api.owner, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert result(response) == (True, "")
    assert api.charge_state(PLUGGED)["charge_limit_soc"] == 65
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_scheduled_departure",
        data={
            "enable": "true",
            "departure_time": "540",
            "preconditioning_enabled": "true",
            "preconditioning_weekdays_only": "false",
            "off_peak_charging_enabled": "true",
            "off_peak_charging_weekdays_only": "true",
            "end_off_peak_time": "450",
        },
        headers=api.owner,
    )
    assert result(response) == (True, "")
    state = api.charge_state(PLUGGED)
    assert state["scheduled_charging_mode"] == "DepartBy"
    assert state["scheduled_departure_time_minutes"] == 540
    assert state["off_peak_charging_times"] == "weekdays"
    assert state["preconditioning_times"] == "all_week"


def test_form_encoded_out_of_range_value_is_400(api: Api) -> None:
    response = api.http.post(
        f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
        content=b"percent=2147483648",
        headers={**api.owner, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.json()["response"] is None


def test_refusals_are_http_200_with_the_real_reason(api: Api) -> None:
    assert result(api.command(UNPLUGGED, "charge_start")) == (False, "disconnected")
    assert result(api.command(PLUGGED, "charge_stop")) == (False, "not_charging")
    assert result(api.command(PLUGGED, "charge_start")) == (True, "")
    assert result(api.command(PLUGGED, "charge_start")) == (False, "is_charging")
    assert result(api.command(PLUGGED, "set_charge_limit", {"percent": 80})) == (
        False,
        "already_set",
    )


def test_sleeping_car_answers_408_until_woken(api: Api, clock) -> None:
    assert api.admin("PATCH", f"/vehicles/{PLUGGED}/state", json={"state": "asleep"}).is_success
    response = api.command(PLUGGED, "charge_start")
    assert response.status_code == 408
    assert response.json()["error"].startswith("vehicle unavailable")
    data = api.http.get(f"/api/1/vehicles/{PLUGGED}/vehicle_data", headers=api.owner)
    assert data.status_code == 408
    # get_vehicle answers while asleep and does not wake the car
    assert api.http.get(f"/api/1/vehicles/{PLUGGED}", headers=api.owner).json()["response"][
        "state"
    ] == ("asleep")
    woken = api.http.post(f"/api/1/vehicles/{PLUGGED}/wake_up", headers=api.owner)
    assert woken.status_code == 200
    assert woken.json()["response"]["state"] == "asleep"  # returns at once, still waking
    clock.advance(60)
    vehicle = api.http.get(f"/api/1/vehicles/{PLUGGED}", headers=api.owner).json()["response"]
    assert vehicle["state"] == "online"
    assert result(api.command(PLUGGED, "charge_start")) == (True, "")


def test_vehicle_data_returns_the_requested_sections(api: Api) -> None:
    url = f"/api/1/vehicles/{PLUGGED}/vehicle_data"
    everything = api.http.get(url, headers=api.owner).json()["response"]
    assert {"charge_state", "climate_state", "drive_state", "gui_settings"} <= set(everything)
    assert "latitude" not in everything["drive_state"]
    some = api.http.get(
        url, params={"endpoints": "charge_state;location_data"}, headers=api.owner
    ).json()["response"]
    assert {"charge_state", "drive_state"} <= set(some)
    assert "climate_state" not in some
    assert "latitude" in some["drive_state"]
