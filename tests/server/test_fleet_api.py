"""Today's Fleet API over HTTP: fleet_status, the 2024.26+ schedules driving the simulation,
the firmware flag, charging history, signed-command refusals, faults and regions, and the
vehicle-command proxy's envelopes (the `proxy` flavor)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.flavors import Flavor
from tesla_mock.schedules import DAY_NAME_BITS
from tesla_mock.specs import VEHICLE_SPEC, load_spec
from tesla_mock.vehicle import SIGNED_COMMANDS_REQUIRED

from tests.server.support import (
    ADMIN_TOKEN,
    OWNER_TOKEN,
    PLUGGED,
    PLUGGED_VIN,
    SCENARIO,
    UNPLUGGED,
    Api,
)

UNPLUGGED_VIN = "5YJ3E1EA7KF000002"
HOME = {"lat": 37.4925, "lon": -121.9447}
NIGHTLY = {
    "days_of_week": "All",
    "enabled": True,
    **HOME,
    "start_enabled": True,
    "start_time": 23 * 60,
    "end_enabled": True,
    "end_time": 6 * 60,
}


def serve(clock: SimClock, flavor: Flavor | None = None, scenario: Any = None) -> Any:
    app = create_app(
        scenario=scenario or SCENARIO,
        admin_token=ADMIN_TOKEN,
        validate_responses=True,
        clock=clock,
        flavor=flavor,
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def proxy(clock: SimClock) -> Iterator[Api]:
    with serve(clock, Flavor("proxy")) as client:
        yield Api(client, clock)


def data(api: Api, vehicle: str, endpoints: str) -> dict[str, Any]:
    response = api.http.get(
        f"/api/1/vehicles/{vehicle}/vehicle_data",
        params={"endpoints": endpoints},
        headers=api.owner,
    )
    assert response.status_code == 200, response.text
    return response.json()["response"]  # type: ignore[no-any-return]


def advance(api: Api, minutes: float) -> None:
    assert api.admin("POST", "/clock/advance", json={"minutes": minutes}).status_code == 200


def patch(api: Api, vehicle: str, **changes: Any) -> None:
    response = api.admin("PATCH", f"/vehicles/{vehicle}/state", json=changes)
    assert response.status_code == 200, response.text


# --- fleet_status ------------------------------------------------------------------------------


def test_fleet_status_tells_paired_and_unpaired_cars_and_skips_vins_of_others(api: Api) -> None:
    patch(api, UNPLUGGED, virtual_key_paired=False, command_signing="required")
    patch(api, PLUGGED, firmware_version="2024.26.7")
    body = {"vins": [PLUGGED_VIN, UNPLUGGED_VIN, "5YJ3E1EA7KF000003", PLUGGED_VIN]}
    response = api.http.post("/api/1/vehicles/fleet_status", json=body, headers=api.owner)
    assert response.status_code == 200, response.text
    status = response.json()["response"]
    assert status["key_paired_vins"] == [PLUGGED_VIN]
    assert status["unpaired_vins"] == [UNPLUGGED_VIN]
    assert set(status["vehicle_info"]) == {PLUGGED_VIN, UNPLUGGED_VIN}
    assert status["vehicle_info"][PLUGGED_VIN]["firmware_version"] == "2024.26.7"
    assert status["vehicle_info"][PLUGGED_VIN]["vehicle_command_protocol_required"] is False
    assert status["vehicle_info"][UNPLUGGED_VIN]["vehicle_command_protocol_required"] is True


def test_fleet_status_refuses_a_body_without_vins(api: Api) -> None:
    response = api.http.post("/api/1/vehicles/fleet_status", json={}, headers=api.owner)
    assert response.status_code == 400
    assert "vins" in response.json()["error_description"]


# --- schedules ---------------------------------------------------------------------------------


def test_an_added_charge_schedule_shows_in_charge_schedule_data(api: Api) -> None:
    assert api.command(PLUGGED, "add_charge_schedule", NIGHTLY).json() == {
        "response": {"result": True, "reason": ""}
    }
    section = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    (schedule,) = section["charge_schedules"]
    assert schedule["id"] == int(api.clock.now())  # no id: "now" as an epoch
    assert schedule["days_of_week"] == 127
    assert (schedule["start_time"], schedule["end_time"]) == (1380, 360)
    assert section["next_schedule"] is True
    assert section["charge_schedule_window"]["id"] == schedule["id"]
    assert section["max_num_charge_schedules"] == 10


def test_a_schedule_with_an_existing_id_changes_it_and_remove_takes_it_away(api: Api) -> None:
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "id": 42})
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "id": 42, "days_of_week": 62})
    (schedule,) = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"][
        "charge_schedules"
    ]
    assert (schedule["id"], schedule["days_of_week"]) == (42, 62)
    assert api.command(PLUGGED, "remove_charge_schedule", {"id": 42}).json()["response"]["result"]
    section = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    assert section["charge_schedules"] == []
    assert section["charge_schedule_window"] is None


def test_the_eleventh_schedule_is_refused(api: Api) -> None:
    for schedule_id in range(1, 11):
        answer = api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "id": schedule_id})
        assert answer.json()["response"]["result"] is True
    refused = api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "id": 11}).json()
    assert refused == {"response": {"result": False, "reason": "too_many_schedules"}}
    changed = api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "id": 10}).json()
    assert changed["response"]["result"] is True


@pytest.mark.parametrize(
    ("days", "mask"),
    [("Mon,Tues,Wed,Thurs,Fri", 62), ("weekdays", 62), (" sunday , SAT ", 65), (5, 5)],
)
def test_days_of_week_takes_the_proxys_names_or_a_bitmask(api: Api, days: Any, mask: int) -> None:
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "days_of_week": days})
    section = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    assert section["charge_schedules"][0]["days_of_week"] == mask


@pytest.mark.parametrize("flavor", ["fleet", "owner"])
@pytest.mark.parametrize(
    ("command", "days", "unknown"),
    [
        ("add_charge_schedule", "Tue", "Tue"),
        ("add_charge_schedule", "Mon, thu", " thu"),
        ("add_precondition_schedule", "", ""),
    ],
)
def test_a_day_name_the_proxy_does_not_know_gets_the_proxys_400_on_rest_too(
    clock: SimClock, flavor: str, command: str, days: str, unknown: str
) -> None:
    body = {**NIGHTLY, "days_of_week": days}
    if command == "add_precondition_schedule":
        body = {**PRECONDITION, **HOME, "days_of_week": days}
    with serve(clock, Flavor(flavor)) as client:
        response = Api(client, clock).command(PLUGGED, command, body)
    assert response.status_code == 400
    answer = response.json()
    assert (answer["response"], answer["error"]) == (None, f"unrecognized day name: {unknown}")
    assert "THURS or THURSDAY" in answer["error_description"]


def test_the_spec_takes_exactly_the_day_names_the_rules_know() -> None:
    days = load_spec(VEHICLE_SPEC)["components"]["schemas"]["DaysOfWeek"]
    (names,) = (form for form in days["anyOf"] if form["type"] == "string")
    full_names = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")
    candidates = {name[:length] for name in full_names for length in range(2, len(name) + 1)}
    candidates |= set(DAY_NAME_BITS) | {"ALL", "AL", "WEEKDAY", "WEEKDAYS", "WEEKEND"}
    for candidate in sorted(candidates):
        for spelled in (candidate, candidate.lower(), candidate.title(), f" {candidate} "):
            known = candidate in DAY_NAME_BITS
            assert bool(re.search(names["pattern"], spelled)) is known, spelled
            assert bool(re.search(names["pattern"], f"Mon,{spelled}")) is known, spelled


def test_a_nightly_schedule_starts_and_stops_charging_in_local_time(api: Api) -> None:
    # 08:00 UTC; the car is at UTC-8, so it is midnight there: the window opens at 23:00.
    patch(api, PLUGGED, utc_offset_minutes=-480, battery_level=20, sleep_after_idle_s=None)
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "end_time": 60})
    advance(api, 22 * 60 + 59)
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    advance(api, 2)
    assert api.charge_state(PLUGGED)["charging_state"] == "Charging"
    advance(api, 2 * 60)  # past 01:00 local, the next day
    state = api.charge_state(PLUGGED)
    assert state["charging_state"] == "Stopped"
    assert 20 < state["battery_level"] < 80


def test_a_one_time_schedule_turns_itself_off_after_it_ran(api: Api) -> None:
    patch(api, PLUGGED, battery_level=20, sleep_after_idle_s=None)
    body = {**NIGHTLY, "one_time": True, "start_time": 9 * 60, "end_time": 10 * 60}
    api.command(PLUGGED, "add_charge_schedule", body)
    advance(api, 61)  # 09:01 UTC (the car's offset is 0)
    assert api.charge_state(PLUGGED)["charging_state"] == "Charging"
    advance(api, 2 * 60)  # past 10:00
    (schedule,) = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"][
        "charge_schedules"
    ]
    assert schedule["enabled"] is False
    ran = api.charge_state(PLUGGED)
    assert ran["charging_state"] == "Stopped"
    assert ran["battery_level"] > 20
    patch(api, PLUGGED, charging_state="Stopped")
    advance(api, 24 * 60)  # the next day's 09:00 passes: it does not run again
    assert api.charge_state(PLUGGED)["battery_level"] == ran["battery_level"]


@pytest.mark.parametrize(
    ("minutes", "charging"),
    [
        (17 * 60, "Stopped"),  # Monday 01:00, two hours before the window
        (19 * 60, "Charging"),  # Monday 03:00, inside the Monday 02:00-04:00 window
        (21 * 60 + 30, "Stopped"),  # Monday 05:30, after it
        (15 * 60 + 30, "Charging"),  # Sunday 23:30, in the Sunday 23:00-01:00 overnight one
    ],
)
def test_plugging_in_during_a_window_starts_charging_at_once(
    api: Api, minutes: int, charging: str
) -> None:
    patch(api, UNPLUGGED, battery_level=20, sleep_after_idle_s=None)
    monday = {**NIGHTLY, "days_of_week": "Mon", "start_time": 120, "end_time": 240, "id": 1}
    sunday_night = {**NIGHTLY, "days_of_week": "Sun", "start_time": 1380, "end_time": 60, "id": 2}
    api.command(UNPLUGGED, "add_charge_schedule", monday)
    api.command(UNPLUGGED, "add_charge_schedule", sunday_night)
    advance(api, minutes)  # from Sunday 08:00
    patch(api, UNPLUGGED, plugged_in=True)
    assert api.charge_state(UNPLUGGED)["charging_state"] == charging


def test_a_window_opened_by_plugging_in_still_closes_at_its_end(api: Api) -> None:
    patch(api, UNPLUGGED, battery_level=20, sleep_after_idle_s=None)
    api.command(UNPLUGGED, "add_charge_schedule", {**NIGHTLY, "start_time": 480, "end_time": 540})
    advance(api, 30)  # 08:30, inside 08:00-09:00
    patch(api, UNPLUGGED, plugged_in=True)
    assert api.charge_state(UNPLUGGED)["charging_state"] == "Charging"
    advance(api, 31)  # 09:01
    state = api.charge_state(UNPLUGGED)
    assert state["charging_state"] == "Stopped"
    assert state["charge_energy_added"] > 0


def test_a_disabled_schedule_does_nothing(api: Api) -> None:
    patch(api, PLUGGED, battery_level=20, sleep_after_idle_s=None)
    body = {**NIGHTLY, "enabled": False, "start_time": 9 * 60, "end_time": 10 * 60}
    api.command(PLUGGED, "add_charge_schedule", body)
    advance(api, 61)
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    section = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    assert section["charge_schedule_window"] is None
    assert section["next_schedule"] is False


def test_a_schedule_runs_only_on_its_days(api: Api) -> None:
    # The clock starts on Sunday 2024-11-24, 08:00 UTC; the schedule is for Mondays.
    patch(api, PLUGGED, battery_level=20, sleep_after_idle_s=None)
    body = {**NIGHTLY, "days_of_week": "Mon", "start_time": 9 * 60, "end_time": 10 * 60}
    api.command(PLUGGED, "add_charge_schedule", body)
    advance(api, 61)  # Sunday 09:01
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    advance(api, 24 * 60)  # Monday 09:01
    assert api.charge_state(PLUGGED)["charging_state"] == "Charging"
    advance(api, 60)  # Monday 10:01
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"


def test_a_schedule_made_for_another_place_does_nothing_here(api: Api) -> None:
    patch(api, PLUGGED, battery_level=20, sleep_after_idle_s=None)
    elsewhere = {**NIGHTLY, "lat": 52.52, "lon": 13.40, "start_time": 9 * 60}
    api.command(PLUGGED, "add_charge_schedule", elsewhere)
    advance(api, 2 * 60)
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"


WORK = {"lat": 37.3947, "lon": -122.1503}
ELSEWHERE = {"lat": 52.52, "lon": 13.4}
AT_WORK = {"work_latitude": WORK["lat"], "work_longitude": WORK["lon"]}
PRECONDITION = {"days_of_week": "All", "enabled": True, "precondition_time": 9 * 60}


def test_a_car_parked_at_work_runs_its_work_schedules_and_not_its_home_ones(api: Api) -> None:
    patch(api, PLUGGED, battery_level=20, sleep_after_idle_s=None)
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, "start_time": 540, "end_time": 600})
    at_work = {**NIGHTLY, **WORK, "start_time": 660, "end_time": 720}
    api.command(PLUGGED, "add_charge_schedule", at_work)
    patch(api, PLUGGED, **AT_WORK, latitude=WORK["lat"], longitude=WORK["lon"])
    drive = data(api, PLUGGED, "location_data")["drive_state"]
    assert (drive["latitude"], drive["longitude"]) == (WORK["lat"], WORK["lon"])
    advance(api, 61)  # 09:01: the home schedule's window, but the car is at work
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    window = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    assert window["charge_schedule_window"]["start_time"] == 660
    advance(api, 2 * 60)  # 11:01
    assert api.charge_state(PLUGGED)["charging_state"] == "Charging"
    advance(api, 60)  # 12:01
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    patch(api, PLUGGED, plugged_in=False)
    history = api.http.get("/api/1/dx/charging/history", headers=api.owner).json()
    assert history["response"]["data"][0]["siteLocationName"] == "Work"


@pytest.mark.parametrize(
    ("add", "batch_remove", "section", "key", "body"),
    [
        (
            "add_charge_schedule",
            "batch_remove_charge_schedules",
            "charge_schedule_data",
            "charge_schedules",
            NIGHTLY,
        ),
        (
            "add_precondition_schedule",
            "batch_remove_precondition_schedules",
            "preconditioning_schedule_data",
            "precondition_schedules",
            {**PRECONDITION, **HOME},
        ),
    ],
)
def test_batch_removal_removes_by_home_work_and_other(
    api: Api, add: str, batch_remove: str, section: str, key: str, body: dict[str, Any]
) -> None:
    patch(api, PLUGGED, **AT_WORK)
    for schedule_id, place in ((1, HOME), (2, WORK), (3, ELSEWHERE)):
        api.command(PLUGGED, add, {**body, **place, "id": schedule_id})

    def remaining() -> list[int]:
        return [s["id"] for s in data(api, PLUGGED, section)[section][key]]

    api.command(PLUGGED, batch_remove, {"home": False, "work": True, "other": False})
    assert remaining() == [1, 3]
    api.command(PLUGGED, batch_remove, {"home": False, "work": False, "other": True})
    assert remaining() == [1]
    api.command(PLUGGED, batch_remove, {"home": True, "work": False, "other": False})
    assert remaining() == []


def test_without_a_work_location_work_schedules_count_as_other(api: Api) -> None:
    api.command(PLUGGED, "add_charge_schedule", {**NIGHTLY, **WORK, "id": 2})
    api.command(
        PLUGGED, "batch_remove_charge_schedules", {"home": False, "work": True, "other": False}
    )
    section = data(api, PLUGGED, "charge_schedule_data")["charge_schedule_data"]
    assert [s["id"] for s in section["charge_schedules"]] == [2]


def test_a_work_location_needs_both_coordinates(api: Api) -> None:
    response = api.admin("PATCH", f"/vehicles/{PLUGGED}/state", json={"work_latitude": 37.39})
    assert response.status_code == 409
    assert "work_longitude" in response.json()["error_description"]


def climate(api: Api) -> dict[str, Any]:
    return data(api, PLUGGED, "climate_state")["climate_state"]  # type: ignore[no-any-return]


def test_a_precondition_schedule_conditions_the_cabin_before_its_time(api: Api) -> None:
    # 08:00 UTC on a car at UTC: ready by 09:00, so the climate runs from 08:30 to 09:00.
    api.command(PLUGGED, "add_precondition_schedule", {**PRECONDITION, **HOME, "one_time": True})
    assert climate(api)["is_preconditioning"] is False
    patch(api, PLUGGED, state="asleep")
    advance(api, 31)  # 08:31: the car woke up for it
    car = api.http.get(f"/api/1/vehicles/{PLUGGED}", headers=api.owner).json()["response"]
    assert car["state"] == "online"
    warming = climate(api)
    assert (warming["is_climate_on"], warming["is_preconditioning"]) == (True, True)
    assert warming["inside_temp"] < warming["driver_temp_setting"]
    advance(api, 28)  # 08:59: it stays awake while it conditions the cabin
    assert climate(api)["inside_temp"] == pytest.approx(warming["driver_temp_setting"], abs=0.1)
    advance(api, 2)  # 09:01: ready; a one-time schedule turns off
    done = climate(api)
    assert (done["is_climate_on"], done["is_preconditioning"]) == (False, False)
    section = data(api, PLUGGED, "preconditioning_schedule_data")["preconditioning_schedule_data"]
    assert section["precondition_schedules"][0]["enabled"] is False
    advance(api, 20)  # 09:21: idle for more than the car's 15 minutes, it sleeps again
    car = api.http.get(f"/api/1/vehicles/{PLUGGED}", headers=api.owner).json()["response"]
    assert car["state"] == "asleep"


@pytest.mark.parametrize(
    "changes", [{"enabled": False}, ELSEWHERE, {"days_of_week": "Mon"}], ids=str
)
def test_a_precondition_schedule_that_is_off_elsewhere_or_not_today_leaves_the_climate_off(
    api: Api, changes: dict[str, Any]
) -> None:
    api.command(PLUGGED, "add_precondition_schedule", {**PRECONDITION, **HOME, **changes})
    patch(api, PLUGGED, sleep_after_idle_s=None)
    advance(api, 45)  # 08:45 on a Sunday
    assert climate(api)["is_preconditioning"] is False


def test_precondition_schedules_show_in_their_section(api: Api) -> None:
    body = {"days_of_week": "Weekdays", "enabled": True, **HOME, "precondition_time": 450}
    api.command(PLUGGED, "add_precondition_schedule", body)
    section = data(api, PLUGGED, "preconditioning_schedule_data")["preconditioning_schedule_data"]
    (schedule,) = section["precondition_schedules"]
    assert (schedule["precondition_time"], schedule["days_of_week"]) == (450, 62)
    api.command(PLUGGED, "remove_precondition_schedule", {"id": schedule["id"]})
    section = data(api, PLUGGED, "preconditioning_schedule_data")["preconditioning_schedule_data"]
    assert section["precondition_schedules"] == []


# --- the firmware flag -------------------------------------------------------------------------


def test_on_2024_26_firmware_legacy_scheduled_charging_adds_a_schedule(api: Api) -> None:
    patch(api, PLUGGED, firmware_version="2024.26.7")
    api.command(PLUGGED, "set_scheduled_charging", {"enable": True, "time": 1380})
    sections = data(api, PLUGGED, "charge_state;charge_schedule_data;vehicle_state")
    assert sections["charge_state"]["scheduled_charging_mode"] == "Off"
    assert sections["charge_state"]["scheduled_charging_start_time"] is None
    (schedule,) = sections["charge_schedule_data"]["charge_schedules"]
    assert (schedule["start_enabled"], schedule["start_time"]) == (True, 1380)
    assert sections["vehicle_state"]["car_version"].startswith("2024.26.7 ")


def test_on_older_firmware_legacy_scheduled_charging_keeps_its_fields(api: Api) -> None:
    api.command(PLUGGED, "set_scheduled_charging", {"enable": True, "time": 1380})
    sections = data(api, PLUGGED, "charge_state;charge_schedule_data")
    assert sections["charge_state"]["scheduled_charging_mode"] == "StartAt"
    assert sections["charge_schedule_data"]["charge_schedules"] == []


def test_on_2024_26_firmware_a_departure_becomes_a_precondition_schedule(api: Api) -> None:
    patch(api, PLUGGED, firmware_version="2024.44.25")
    body = {"enable": True, "departure_time": 480, "preconditioning_enabled": True}
    api.command(PLUGGED, "set_scheduled_departure", body)
    sections = data(api, PLUGGED, "charge_state;preconditioning_schedule_data")
    assert sections["charge_state"]["scheduled_charging_mode"] == "Off"
    (schedule,) = sections["preconditioning_schedule_data"]["precondition_schedules"]
    assert (schedule["precondition_time"], schedule["enabled"]) == (480, True)


# --- charging history --------------------------------------------------------------------------


def charge_one_session(api: Api, minutes: float = 60) -> None:
    patch(api, PLUGGED, plugged_in=True, state="online")
    assert api.command(PLUGGED, "charge_start").json()["response"]["result"] is True
    advance(api, minutes)
    assert api.command(PLUGGED, "charge_stop").json()["response"]["result"] is True
    patch(api, PLUGGED, plugged_in=False)


def test_a_charged_session_appears_in_the_history_with_its_energy_and_fee(api: Api) -> None:
    patch(api, PLUGGED, price_per_kwh=0.5, currency_code="EUR")
    charge_one_session(api)
    response = api.http.get("/api/1/dx/charging/history", headers=api.owner)
    assert response.status_code == 200, response.text
    (session,) = response.json()["response"]["data"]
    assert session["vin"] == PLUGGED_VIN
    (fee,) = session["fees"]
    # 240 V x 48 A for an hour: 11.52 kWh.
    assert fee["usageBase"] == pytest.approx(11.52, abs=0.01)
    assert fee["currencyCode"] == "EUR"
    assert fee["totalDue"] == pytest.approx(5.76, abs=0.01)
    invoice = api.http.get(
        f"/api/1/dx/charging/invoice/{session['invoices'][0]['contentId']}", headers=api.owner
    )
    assert invoice.status_code == 200
    assert invoice.headers["content-type"] == "application/pdf"
    assert invoice.content.startswith(b"%PDF-")


def test_a_plug_in_without_charging_leaves_no_session(api: Api) -> None:
    patch(api, PLUGGED, plugged_in=False)
    response = api.http.get("/api/1/dx/charging/history", headers=api.owner)
    assert response.json() == {"response": {"data": []}}


def test_history_pages_and_filters_by_vin_and_sessions_answer_alike(api: Api) -> None:
    for _ in range(3):
        charge_one_session(api, minutes=10)
        advance(api, 60)
    page = api.http.get(
        "/api/1/dx/charging/history",
        params={"pageNo": 1, "pageSize": 2, "vin": PLUGGED_VIN},
        headers=api.owner,
    ).json()["response"]["data"]
    assert len(page) == 1  # 3 sessions, the second page of two
    assert api.http.get(
        "/api/1/dx/charging/history", params={"vin": UNPLUGGED_VIN}, headers=api.owner
    ).json() == {"response": {"data": []}}
    sessions = api.http.get(
        "/api/1/dx/charging/sessions", params={"limit": 10}, headers=api.owner
    ).json()["response"]["data"]
    assert len(sessions) == 3
    assert sessions[0]["start_date_time"] < sessions[-1]["start_date_time"]


def test_an_unknown_invoice_is_a_404_and_a_bad_time_a_400(api: Api) -> None:
    assert api.http.get("/api/1/dx/charging/invoice/nope", headers=api.owner).status_code == 404
    response = api.http.get(
        "/api/1/dx/charging/history", params={"startTime": "yesterday"}, headers=api.owner
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "start",
    [
        "0001-01-01T00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "2026-02-31T00:00Z",
        "2026-12-01T08:00Z",
    ],
)
def test_any_time_the_pattern_takes_is_served(api: Api, start: str) -> None:
    """The far ends of the calendar (beyond UTC's range once the offset is applied) and a day
    past the month's end are read, not a 500."""
    charge_one_session(api)
    for name in ("startTime", "endTime"):
        response = api.http.get(
            "/api/1/dx/charging/history", params={name: start}, headers=api.owner
        )
        assert response.status_code == 200, response.text


# --- signed commands ---------------------------------------------------------------------------


def test_a_car_that_requires_signing_refuses_unsigned_rest_commands_with_403(api: Api) -> None:
    patch(api, PLUGGED, command_signing="required")
    response = api.command(PLUGGED, "charge_start")
    assert response.status_code == 403
    assert response.json() == {
        "response": None,
        "error": SIGNED_COMMANDS_REQUIRED,
        "error_description": "",
    }
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"  # reads still work


def test_or_with_the_hardlocked_refusal_when_configured_so(api: Api) -> None:
    patch(api, PLUGGED, command_signing="required", unsigned_command_refusal="hardlocked")
    assert api.command(PLUGGED, "charge_start").json() == {
        "response": {"result": False, "reason": "unsigned_cmds_hardlocked"}
    }


def test_through_the_proxy_a_signing_car_takes_commands(proxy: Api) -> None:
    patch(proxy, PLUGGED, command_signing="required")
    assert proxy.command(PLUGGED_VIN, "charge_start").json() == {
        "response": {"result": True, "reason": ""}
    }


# --- the proxy's envelopes ---------------------------------------------------------------------


def test_the_proxy_wants_a_vin_in_command_paths(proxy: Api) -> None:
    response = proxy.command(PLUGGED, "charge_start")
    assert response.status_code == 404
    assert response.json() == {
        "response": None,
        "error": "expected 17-character VIN in path (do not user Fleet API ID)",
        "error_description": "",
    }


@pytest.mark.parametrize("signing", ["allowed", "required"])
def test_the_proxy_prefixes_refusals_and_empties_the_error_keys(proxy: Api, signing: str) -> None:
    patch(proxy, UNPLUGGED, command_signing=signing)
    assert proxy.command(UNPLUGGED_VIN, "charge_start").json() == {
        "response": {"result": False, "reason": "car could not execute command: disconnected"},
        "error": "",
        "error_description": "",
    }


def test_the_proxy_forwards_commands_to_a_car_without_the_protocol_as_rest(proxy: Api) -> None:
    # command_signing off: the car's signed_command answers 422 and the proxy falls back to the
    # REST command, whose answer it passes on as it is.
    assert proxy.command(UNPLUGGED_VIN, "charge_start").json() == {
        "response": {"result": False, "reason": "disconnected"}
    }
    patch(proxy, UNPLUGGED, state="asleep")
    response = proxy.command(UNPLUGGED_VIN, "charge_start")
    assert (response.status_code, response.json()["error"]) == (
        408,
        "vehicle unavailable: vehicle is offline or asleep",
    )


def test_through_the_proxy_an_asleep_signing_car_is_a_500(proxy: Api) -> None:
    patch(proxy, UNPLUGGED, command_signing="required", state="asleep")
    response = proxy.command(UNPLUGGED_VIN, "charge_start")
    assert response.status_code == 500
    assert response.json() == {
        "response": None,
        "error": "vehicle unavailable: vehicle is offline or asleep",
        "error_description": "",
    }


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_the_proxy_takes_only_post_on_command_paths_after_the_vin_check(
    proxy: Api, method: str
) -> None:
    for vehicle, status, error in (
        (PLUGGED_VIN, 405, "Method Not Allowed"),
        (PLUGGED, 404, "expected 17-character VIN in path (do not user Fleet API ID)"),
    ):
        path = f"/api/1/vehicles/{vehicle}/command/charge_start"
        response = proxy.http.request(method, path, headers=proxy.owner)
        assert response.status_code == status
        assert response.json() == {"response": None, "error": error, "error_description": ""}


@pytest.mark.parametrize(
    ("command", "body", "reason"),
    [
        ("set_charge_limit", {}, "missing percent param"),
        ("set_charge_limit", {"percent": "80"}, "invalid percent param"),
        ("set_charging_amps", None, "missing charging_amps param"),
        ("set_scheduled_charging", {"enable": "yes"}, "invalid enable param"),
        ("add_charge_schedule", {**NIGHTLY, "days_of_week": 62}, "invalid days_of_week param"),
        ("remove_charge_schedule", {"id": True}, "invalid id param"),
    ],
)
def test_the_proxy_names_the_missing_or_invalid_param(
    proxy: Api, command: str, body: Any, reason: str
) -> None:
    response = proxy.command(PLUGGED_VIN, command, body)
    assert response.status_code == 400
    assert response.json() == {
        "response": {"result": False, "reason": reason},
        "error": "",
        "error_description": "",
    }


def test_the_proxy_truncates_numbers_and_ignores_unknown_keys(proxy: Api) -> None:
    response = proxy.command(PLUGGED_VIN, "set_charge_limit", {"percent": 65.9, "extra": 1})
    assert response.json() == {"response": {"result": True, "reason": ""}}
    assert proxy.charge_state(PLUGGED_VIN)["charge_limit_soc"] == 65


def test_the_proxy_takes_a_null_body_and_refuses_one_that_is_not_json(proxy: Api) -> None:
    assert proxy.command(PLUGGED_VIN, "charge_start", None).status_code == 200
    response = proxy.http.post(
        f"/api/1/vehicles/{PLUGGED_VIN}/command/charge_stop",
        content=b"{not json",
        headers={**proxy.owner, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.text == "error occurred while parsing request parameters"


def test_the_proxy_does_not_know_batch_removal_and_an_unknown_day(proxy: Api) -> None:
    body = {"home": True, "work": True, "other": True}
    response = proxy.command(PLUGGED_VIN, "batch_remove_charge_schedules", body)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_command")
    response = proxy.command(PLUGGED_VIN, "add_charge_schedule", {**NIGHTLY, "days_of_week": "Tue"})
    assert response.status_code == 400
    assert response.json() == {
        "response": None,
        "error": "unrecognized day name: Tue",
        "error_description": "",
    }


# --- the proxy table of docs/command-rules.md, row by row ---------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "command-rules.md"
PROXY_TABLE_HEADER = "| Request | Answer |"
COMMANDS = "/api/1/vehicles/{}/command/{}"


def proxy_table() -> dict[str, str]:
    """The rows of the proxy flavor's table in docs/command-rules.md: request -> answer."""
    rows: dict[str, str] = {}
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = lines.index(PROXY_TABLE_HEADER)
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        request, answer = (cell.strip() for cell in line.strip("|").split(" | ", 1))
        rows[request] = answer
    return rows


def _null_and_empty_bodies(api: Api) -> Any:
    for body in (b"", b"{}", b"null"):
        headers = {**api.owner, "Content-Type": "application/json"}
        answer = api.http.post(
            COMMANDS.format(PLUGGED_VIN, "charge_stop"), content=body, headers=headers
        )
        assert answer.json()["response"]["reason"] == "car could not execute command: not_charging"
    return answer


def _truncated_number(api: Api) -> Any:
    answer = api.command(PLUGGED_VIN, "set_charge_limit", {"percent": 65.9, "unknown": 1})
    assert api.charge_state(PLUGGED_VIN)["charge_limit_soc"] == 65
    return answer


# Each row's request, sent by the proxy flavor's client to cars that speak the protocol
# (PLUGGED, plugged in; UNPLUGGED_VIN, unplugged) unless the row is about one that does not.
PROXY_TABLE_REQUESTS: dict[str, Callable[[Api], Any]] = {
    "`/command/...` with a numeric id, any method": lambda api: api.http.get(
        COMMANDS.format(PLUGGED, "charge_start"), headers=api.owner
    ),
    "`/command/...` with a VIN and a method other than POST": lambda api: api.http.get(
        COMMANDS.format(PLUGGED_VIN, "charge_start"), headers=api.owner
    ),
    "a required parameter missing": lambda api: api.command(PLUGGED_VIN, "set_charge_limit", {}),
    "a parameter of the wrong JSON type (a string for a number, a number for `days_of_week`)": (
        lambda api: api.command(PLUGGED_VIN, "set_charge_limit", {"percent": "80"})
    ),
    "a day name it does not know": lambda api: api.command(
        PLUGGED_VIN, "add_charge_schedule", {**NIGHTLY, "days_of_week": "Tue"}
    ),
    "a body that is not JSON": lambda api: api.http.post(
        COMMANDS.format(PLUGGED_VIN, "charge_stop"),
        content=b"{not json",
        headers={**api.owner, "Content-Type": "application/json"},
    ),
    "no body, `{}` or `null`": _null_and_empty_bodies,
    "numbers": _truncated_number,
    "`batch_remove_*_schedules`": lambda api: api.command(
        PLUGGED_VIN, "batch_remove_charge_schedules", {"home": True, "work": True, "other": True}
    ),
    "a refusal": lambda api: api.command(UNPLUGGED_VIN, "charge_start"),
    "success": lambda api: api.command(PLUGGED_VIN, "charge_start"),
    "an asleep car that speaks the protocol": lambda api: (
        patch(api, UNPLUGGED, state="asleep"),
        api.command(UNPLUGGED_VIN, "charge_start"),
    )[1],
    "a car without the protocol (`command_signing` `off`)": lambda api: (
        patch(api, UNPLUGGED, command_signing="off"),
        api.command(UNPLUGGED_VIN, "charge_start"),
    )[1],
    "an unknown command (`/command/honk_horn`)": lambda api: api.command(PLUGGED_VIN, "honk_horn"),
}


def test_every_row_of_the_proxy_table_has_a_request_here() -> None:
    assert set(proxy_table()) == set(PROXY_TABLE_REQUESTS)


@pytest.mark.parametrize("row", PROXY_TABLE_REQUESTS)
def test_each_row_of_the_proxy_table_is_what_the_proxy_flavor_answers(proxy: Api, row: str) -> None:
    for vehicle in (PLUGGED, UNPLUGGED):
        patch(proxy, vehicle, command_signing="required")
    answer_cell = proxy_table()[row]
    response = PROXY_TABLE_REQUESTS[row](proxy)
    status = re.match(r"(\d{3}) ", answer_cell)
    if status is not None:
        assert response.status_code == int(status[1]), answer_cell
    documented = re.search(r"`(\{.*?\})`", answer_cell)
    if documented is not None:
        assert response.json() == json.loads(documented[1]), answer_cell
    bare_text = re.search(r"bare text `([^`]+)`", answer_cell)
    if bare_text is not None:
        assert response.text == bare_text[1]


# --- the 408 text by flavor --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flavor", "text"),
    [
        (None, "vehicle unavailable: vehicle is offline or asleep"),
        ("fleet", "vehicle unavailable: vehicle is offline or asleep"),
        ("proxy", "vehicle unavailable: vehicle is offline or asleep"),  # forwarded to Fleet
        ("owner", 'vehicle unavailable: {:error=>"vehicle unavailable:"}'),
    ],
)
def test_an_asleep_car_answers_408_in_its_servers_words(
    clock: SimClock, flavor: str | None, text: str
) -> None:
    with serve(clock, None if flavor is None else Flavor(flavor)) as client:
        api = Api(client, clock)
        patch(api, PLUGGED, state="asleep")
        response = api.command(PLUGGED_VIN, "charge_start")
    assert (response.status_code, response.json()["error"]) == (408, text)


# --- faults as the Fleet API sends them --------------------------------------------------------


def fault(api: Api, **body: Any) -> None:
    response = api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "count": 1, **body})
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (402, "payment_required"),
        (403, "Unauthorized missing scopes"),
        (412, "Endpoint is only available on fleetapi. Visit https://developer.tesla.com/docs"),
        (422, "invalid_resource"),
        (451, "unavailable_for_legal_reasons"),
        (499, "client_closed_request"),
        (540, "device_unexpected_response"),
    ],
)
def test_an_injected_fleet_status_answers_its_error(api: Api, status: int, error: str) -> None:
    fault(api, status=status)
    response = api.command(PLUGGED, "charge_start")
    assert response.status_code == status
    assert response.json()["error"].startswith(error)
    assert api.command(PLUGGED, "charge_start").status_code == 200


def test_an_injected_error_text_replaces_the_usual_one(api: Api) -> None:
    fault(api, status=403, error="unsupported vehicle")
    assert api.command(PLUGGED, "charge_start").json()["error"] == "unsupported vehicle"


def test_423_has_no_body(api: Api) -> None:
    fault(api, status=423)
    response = api.command(PLUGGED, "charge_start")
    assert (response.status_code, response.content) == (423, b"")


def test_429_is_text_with_retry_after_and_rate_limit_headers(api: Api) -> None:
    fault(api, status=429, retry_after=45363)
    response = api.command(PLUGGED, "charge_start")
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "Retry in 45363 seconds"
    assert response.headers["Retry-After"] == "45363"
    assert response.headers["RateLimit-Reset"] == "45363"
    assert response.headers["RateLimit-Remaining"] == "0"
    fault(api, status=429, body="json")
    assert api.command(PLUGGED, "charge_start").json()["error_description"] == "Retry in 30 seconds"


@pytest.mark.parametrize("reason", ["requested", "could_not_wake_buses", "charging"])
def test_an_injected_refusal_answers_the_next_commands_and_leaves_reads(
    api: Api, reason: str
) -> None:
    fault(api, reason=reason, count=2)
    assert api.charge_state(PLUGGED)["charging_state"] == "Stopped"
    for _ in range(2):
        assert api.command(PLUGGED, "charge_start").json() == {
            "response": {"result": False, "reason": reason}
        }
    assert api.command(PLUGGED, "charge_start").json()["response"]["result"] is True


def test_a_refusal_fault_takes_no_status_but_may_take_its_time(api: Api) -> None:
    response = api.admin("POST", "/faults", json={"reason": "requested", "status": 500})
    assert response.status_code == 400
    fault(api, reason="requested", latency_ms=200)
    started = time.monotonic()
    answer = api.command(PLUGGED, "charge_start").json()
    assert time.monotonic() - started >= 0.2
    assert answer == {"response": {"result": False, "reason": "requested"}}


# --- regions -----------------------------------------------------------------------------------

EU_SCENARIO = {
    "accounts": [
        {**SCENARIO["accounts"][0], "region": "eu"},
        SCENARIO["accounts"][1],
    ]
}


def test_users_region_answers_the_accounts_region(clock: SimClock) -> None:
    with serve(clock, scenario=EU_SCENARIO) as client:
        response = client.get(
            "/api/1/users/region", headers={"Authorization": f"Bearer {OWNER_TOKEN}"}
        )
    assert response.json()["response"]["region"] == "eu"
    assert response.json()["response"]["fleet_api_base_url"] == "http://testserver"


def test_a_server_of_another_region_answers_421_with_the_right_base_url(clock: SimClock) -> None:
    with serve(clock, Flavor("fleet", "na"), scenario=EU_SCENARIO) as client:
        owner = {"Authorization": f"Bearer {OWNER_TOKEN}"}
        response = client.get("/api/1/products", headers=owner)
        eu = "https://fleet-api.prd.eu.vn.cloud.tesla.com"
        assert response.status_code == 421
        assert response.json()["error"].startswith(f"user out of region, use base URL: {eu},")
        assert response.headers["Alt-Svc"] == f"h2={eu}"  # as Tesla's proxy reads it
        others = {"Authorization": "Bearer other-token-1"}
        assert client.get("/api/1/products", headers=others).status_code == 200


def test_a_host_named_for_a_region_is_that_regions_server(clock: SimClock) -> None:
    with serve(clock, scenario=EU_SCENARIO) as client:
        owner = {"Authorization": f"Bearer {OWNER_TOKEN}", "Host": "na.localhost:4010"}
        response = client.get("/api/1/users/region", headers=owner)
        assert response.status_code == 421
        assert "use base URL: http://eu.localhost:4010," in response.json()["error"]
        owner["Host"] = "eu.localhost:4010"
        region = client.get("/api/1/users/region", headers=owner).json()["response"]
        assert region == {"region": "eu", "fleet_api_base_url": "http://eu.localhost:4010"}


# --- the command line --------------------------------------------------------------------------


def test_the_flavor_and_region_come_from_the_command_line_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tesla_mock.cli import parse_args

    args = parse_args(["--flavor", "proxy", "--region", "eu"])
    assert (args.flavor, args.region) == ("proxy", "eu")
    monkeypatch.setenv("TESLA_MOCK_FLAVOR", "owner")
    args = parse_args([])
    assert (args.flavor, args.region) == ("owner", None)
    with pytest.raises(SystemExit):
        parse_args(["--flavor", "tesla"])


def test_the_event_stream_limits_come_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tesla_mock.cli import event_limits, parse_args

    limits = event_limits(parse_args(["--max-event-streams", "1", "--event-heartbeat", "0.5"]))
    assert (limits.max_subscribers, limits.heartbeat_s) == (1, 0.5)
    monkeypatch.setenv("TESLA_MOCK_EVENT_BACKLOG", "7")
    assert event_limits(parse_args([])).max_pending == 7
    for refused in (["--max-event-streams", "0"], ["--event-send-timeout", "-1"]):
        with pytest.raises(SystemExit):
            parse_args(refused)
