"""The vehicle over simulated time: charging physics, schedules, sleep/wake, spec conformance,
configuration round trips, and a property test over random command/time sequences."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from tesla_mock import vehicle_views as views
from tesla_mock.vehicle import CONFIG_KEYS, DONE, Vehicle, next_local_time, validated_config
from tesla_mock.vehicle_simulation import SimulatedCar

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "tesla-charging.yaml"
NOON = 1_732_449_600.0  # 2024-11-24T12:00:00Z, a Sunday
HOUR = 3600.0
VIN = "5YJ3E1EA7KF317000"


# --- the spec's schemas, as Draft 4 JSON Schema -------------------------------------------------


@cache
def spec_components() -> dict[str, Any]:
    spec = yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def as_json_schema(node: Any) -> Any:
    """Inline local `$ref`s and turn OpenAPI's `nullable: true` into "or null"."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        prefix = "#/components/schemas/"
        assert node["$ref"].startswith(prefix), node["$ref"]
        return as_json_schema(spec_components()[node["$ref"].removeprefix(prefix)])
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def validator(schema_name: str) -> Draft4Validator:
    schema = as_json_schema(spec_components()[schema_name])
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def property_names(schema_name: str) -> set[str]:
    return set(spec_components()[schema_name]["properties"])


def assert_matches_spec(schema_name: str, instance: dict[str, Any]) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator(schema_name).iter_errors(instance)
    ]
    assert not errors, errors


def assert_is_spec_charge_state(state: dict[str, Any]) -> None:
    assert set(state) == property_names("ChargeState")
    assert_matches_spec("ChargeState", state)


def test_the_schema_helper_rejects_what_the_spec_forbids() -> None:
    state = views.charge_state(car(plugged_in=True), NOON)
    assert_is_spec_charge_state(state)
    for key, bad in [("battery_level", 50.5), ("charger_phases", 4), ("charge_rate", None)]:
        assert not validator("ChargeState").is_valid({**state, key: bad}), key
    assert validator("ChargeState").is_valid({**state, "charger_phases": None})


# --- helpers ---------------------------------------------------------------------------------


def car(now: float = NOON, **config: Any) -> Vehicle:
    return Vehicle.from_config({"id": 13691870400958016, "vin": VIN, **config}, now)


def charging_car(now: float = NOON, **config: Any) -> Vehicle:
    settings_ = {"plugged_in": True, "battery_level": 50.0, "charge_limit_soc": 80, **config}
    vehicle = car(now, **settings_)
    assert vehicle.charge_start(now) == DONE
    return vehicle


# --- charging physics --------------------------------------------------------------------------


def test_charging_adds_energy_at_the_charger_power() -> None:
    vehicle = charging_car(charge_current_request=32)  # 240 V x 32 A x 1 = 7.68 kW
    state = views.charge_state(vehicle, NOON + HOUR)
    assert state["charging_state"] == "Charging"
    assert state["charge_energy_added"] == 7.68
    level = 50 + 7.68 / 75 * 100  # 60.24 %
    assert state["battery_level"] == 60
    assert state["usable_battery_level"] == 60
    assert state["battery_range"] == round(level / 100 * 310, 2)
    assert state["ideal_battery_range"] == state["battery_range"]
    assert state["est_battery_range"] == round(level / 100 * 310 * 0.9, 2)
    assert state["charge_miles_added_rated"] == round(7.68 / 75 * 310, 2)
    assert state["charge_miles_added_ideal"] == state["charge_miles_added_rated"]
    assert state["charge_rate"] == round(7.68 * 310 / 75, 1)
    assert state["charger_power"] == 8
    assert state["charger_actual_current"] == 32
    assert state["charger_voltage"] == 240
    assert state["charger_phases"] == 1
    assert state["charger_pilot_current"] == 48
    hours_left = (80 - level) / 100 * 75 / 7.68
    assert state["time_to_full_charge"] == round(hours_left, 2)
    assert state["minutes_to_full_charge"] == math.ceil(hours_left * 60)


def test_three_phase_power_and_a_small_pack() -> None:
    vehicle = charging_car(
        charger_voltage=230, charger_phases=3, charger_pilot_current=16, pack_kwh=50.0
    )
    state = views.charge_state(vehicle, NOON + HOUR / 2)
    assert state["charger_actual_current"] == 16  # the charger offers less than requested
    assert state["charger_power"] == 11  # 230 V x 16 A x 3 = 11.04 kW
    assert state["charge_energy_added"] == 5.52
    assert state["battery_level"] == round(50 + 5.52 / 50 * 100)


def test_charging_completes_at_the_limit_at_the_computed_time() -> None:
    vehicle = charging_car(charge_current_request=32)
    full_at = NOON + (80 - 50) / 100 * 75 / 7.68 * HOUR  # 10,546.875 s
    assert views.charge_state(vehicle, NOON)["minutes_to_full_charge"] == 176
    just_before = views.charge_state(vehicle, full_at - 0.5)
    assert just_before["charging_state"] == "Charging"
    assert just_before["battery_level"] == 80  # 79.999 % is shown rounded
    assert vehicle.raw_state()["battery_level"] < 80

    done = views.charge_state(vehicle, full_at)
    assert done["charging_state"] == "Complete"
    assert vehicle.raw_state()["battery_level"] == 80.0
    assert done["charge_energy_added"] == 22.5
    assert done["charger_actual_current"] == 0
    assert done["charger_power"] == 0
    assert done["charge_rate"] == 0
    assert done["minutes_to_full_charge"] == 0
    assert done["time_to_full_charge"] == 0
    later = views.charge_state(vehicle, full_at + 10 * HOUR)
    assert later["battery_level"] == 80
    assert later["charge_energy_added"] == 22.5


def test_changing_the_current_mid_charge_keeps_the_energy_consistent() -> None:
    vehicle = charging_car(charge_current_request=48)  # 11.52 kW
    assert vehicle.set_charging_amps(NOON + HOUR, 16) == DONE  # 3.84 kW from here
    state = views.charge_state(vehicle, NOON + 2 * HOUR)
    assert state["charge_energy_added"] == round(11.52 + 3.84, 2)


def test_zero_amps_charges_nothing_and_never_completes() -> None:
    # Commands cannot go below 2 A (as on the car); a config of 0 A can.
    vehicle = charging_car(charge_current_request=0)
    state = views.charge_state(vehicle, NOON + 24 * HOUR)
    assert state["charging_state"] == "Charging"
    assert state["charger_power"] == 0
    assert state["charge_energy_added"] == 0
    assert state["minutes_to_full_charge"] == 0


def test_energy_added_is_kept_within_a_plug_in_and_restarts_after_replugging() -> None:
    vehicle = charging_car(charge_current_request=32, charge_limit_soc=100, sleep_after_idle_s=None)
    vehicle.charge_stop(NOON + HOUR)
    vehicle.charge_start(NOON + 2 * HOUR)
    assert views.charge_state(vehicle, NOON + 3 * HOUR)["charge_energy_added"] == round(2 * 7.68, 2)

    vehicle.unplug(NOON + 3 * HOUR)
    vehicle.plug_in(NOON + 4 * HOUR)
    assert views.charge_state(vehicle, NOON + 4 * HOUR)["charge_energy_added"] == round(2 * 7.68, 2)
    vehicle.charge_start(NOON + 4 * HOUR)
    assert views.charge_state(vehicle, NOON + 5 * HOUR)["charge_energy_added"] == 7.68


# --- plugging in and out -----------------------------------------------------------------------


def test_plugging_in_sets_cable_latch_door_and_stopped() -> None:
    vehicle = car(charge_port_door_open=False)
    vehicle.plug_in(NOON, cable="IEC")
    state = views.charge_state(vehicle, NOON)
    assert {k: state[k] for k in ("charging_state", "charge_port_latch", "conn_charge_cable")} == {
        "charging_state": "Stopped",
        "charge_port_latch": "Engaged",
        "conn_charge_cable": "IEC",
    }
    assert state["charge_port_door_open"] is True
    assert state["charger_voltage"] == 0  # real cars read 0-2 V unless charging
    assert state["charger_pilot_current"] == 48
    assert state["charger_phases"] is None


def test_unplugging_while_charging_ends_the_session_as_disconnected() -> None:
    vehicle = charging_car(charge_current_request=32)
    vehicle.unplug(NOON + HOUR)
    state = views.charge_state(vehicle, NOON + 5 * HOUR)
    assert state["charging_state"] == "Disconnected"
    assert state["conn_charge_cable"] == "<invalid>"
    assert state["charge_energy_added"] == 7.68
    assert state["battery_level"] == 60
    assert (state["charger_voltage"], state["charger_pilot_current"]) == (2, 0)
    assert state["charger_phases"] is None
    assert state["charger_power"] == 0


def test_patch_validates_the_result_and_changes_nothing_on_error() -> None:
    vehicle = charging_car()
    before = vehicle.raw_state(NOON)
    for bad in (
        {"charge_current_request": 49},  # above the max of 48
        {"charge_current_request": 40, "charge_current_request_max": 32},
        {"cable": "<invalid>"},
        {"state": "asleep"},  # a charging car does not sleep
        {"battery_level": 101},
        {"colour": "red"},
        {"vin": "5YJ3E1EA7KF317001"},
    ):
        with pytest.raises(ValueError):
            vehicle.patch(NOON, bad)
        assert vehicle.raw_state(NOON) == before, bad


def test_patch_lowering_the_max_current_lowers_the_request_with_it() -> None:
    vehicle = charging_car()
    vehicle.patch(NOON, {"charge_current_request_max": 16})
    state = views.charge_state(vehicle, NOON)
    assert (state["charge_current_request"], state["charger_actual_current"]) == (16, 16)
    vehicle.patch(NOON, {"charge_current_request_max": 32})
    assert views.charge_state(vehicle, NOON)["charge_current_request"] == 16


def test_patch_lowering_the_limit_below_the_level_while_charging_completes() -> None:
    vehicle = charging_car(battery_level=70.0)
    vehicle.patch(NOON, {"charge_limit_soc": 60})
    assert views.charge_state(vehicle, NOON)["charging_state"] == "Complete"
    assert vehicle.raw_state()["battery_level"] == 70.0


def test_patch_can_plug_in_and_start_charging_at_once() -> None:
    vehicle = car(charge_energy_added=9.0)
    vehicle.patch(NOON, {"plugged_in": True, "charging_state": "Charging"})
    state = views.charge_state(vehicle, NOON + HOUR)
    assert state["charging_state"] == "Charging"
    assert state["charge_energy_added"] == 11.52


# --- scheduled charging ------------------------------------------------------------------------


def test_scheduled_charge_starts_at_its_time_when_plugged_in() -> None:
    vehicle = car(plugged_in=True, battery_level=50.0, sleep_after_idle_s=None)
    vehicle.set_scheduled_charging(NOON, enable=True, time=1410)
    start = NOON + 11.5 * HOUR
    assert views.charge_state(vehicle, start - 1)["charging_state"] == "Stopped"
    assert views.charge_state(vehicle, start - 1)["scheduled_charging_pending"] is True
    state = views.charge_state(vehicle, start)
    assert state["charging_state"] == "Charging"
    assert state["scheduled_charging_pending"] is False
    assert state["scheduled_charging_start_time"] == start + 24 * HOUR


def test_scheduled_charge_does_not_start_when_unplugged() -> None:
    vehicle = car(battery_level=50.0)
    vehicle.set_scheduled_charging(NOON, enable=True, time=1410)
    state = views.charge_state(vehicle, NOON + 2 * 24 * HOUR)
    assert state["charging_state"] == "Disconnected"
    assert state["battery_level"] == 50
    assert state["scheduled_charging_pending"] is False


def test_scheduled_charge_starts_and_completes_within_one_long_sync() -> None:
    evening = NOON + 8 * HOUR  # 20:00
    vehicle = car(evening, plugged_in=True, battery_level=50.0, charge_current_request=32)
    vehicle.set_scheduled_charging(evening, enable=True, time=1410)
    vehicle.sync(evening + 10 * HOUR)  # 06:00 next day: started 23:30, full ~02:26
    state = views.charge_state(vehicle, evening + 10 * HOUR)
    assert state["charging_state"] == "Complete"
    assert state["battery_level"] == 80
    assert state["charge_energy_added"] == 22.5
    assert views.vehicle_summary(vehicle)["state"] == "asleep"  # idle for 15 min after completing


def test_scheduled_charge_wakes_a_sleeping_car() -> None:
    vehicle = car(plugged_in=True, state="asleep")
    vehicle.patch(
        NOON, {"scheduled_charging_mode": "StartAt", "scheduled_charging_start_time_app": 780}
    )
    vehicle.sync(NOON + HOUR)
    assert views.vehicle_summary(vehicle)["state"] == "online"
    assert views.charge_state(vehicle, NOON + HOUR)["charging_state"] == "Charging"


def test_scheduled_charge_uses_the_car_local_time() -> None:
    vehicle = car(plugged_in=True, utc_offset_minutes=-480)  # 04:00 local at NOON
    vehicle.set_scheduled_charging(NOON, enable=True, time=300)  # 05:00 local = 13:00 UTC
    assert views.charge_state(vehicle, NOON)["scheduled_charging_start_time"] == NOON + HOUR
    assert views.charge_state(vehicle, NOON + HOUR)["charging_state"] == "Charging"


def test_scheduled_charge_repeats_daily_after_a_stop() -> None:
    vehicle = car(
        plugged_in=True, battery_level=20.0, charge_limit_soc=100, charge_current_request=8
    )
    vehicle.set_scheduled_charging(NOON, enable=True, time=780)  # 13:00
    vehicle.charge_stop(NOON + 2 * HOUR)
    assert views.charge_state(vehicle, NOON + 2 * HOUR)["charging_state"] == "Stopped"
    assert views.charge_state(vehicle, NOON + 25 * HOUR)["charging_state"] == "Charging"


def test_a_year_of_daily_schedule_occurrences_is_caught_up_in_a_few_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Occurrences that found nothing to do are skipped, not replayed one by one: a year of a
    daily schedule is a handful of events (start, complete, the next start), not 365."""
    vehicle = car(plugged_in=True, battery_level=50.0)
    vehicle.set_scheduled_charging(NOON, enable=True, time=1410)
    steps = count_calls(monkeypatch, SimulatedCar, "_plan_events")
    state = views.charge_state(vehicle, NOON + 365 * 24 * HOUR)
    assert 0 < steps[0] <= 10, steps
    assert state["charging_state"] == "Complete"
    expected_next = next_local_time(NOON + 365 * 24 * HOUR, 1410, 0)
    assert state["scheduled_charging_start_time"] == expected_next


@pytest.mark.parametrize(
    ("after", "minutes", "offset", "expected"),
    [
        (NOON, 780, 0, NOON + HOUR),
        (NOON, 720, 0, NOON + 24 * HOUR),  # exactly now: the next day
        (NOON, 0, 0, NOON + 12 * HOUR),
        (NOON, 0, 60, NOON + 11 * HOUR),  # UTC+1 midnight is 23:00 UTC
        (NOON, 1439, -600, NOON + 21 * HOUR + 59 * 60),  # 02:00 local at NOON
    ],
)
def test_next_local_time(after: float, minutes: int, offset: int, expected: float) -> None:
    assert next_local_time(after, minutes, offset) == expected


# --- sleep and wake ----------------------------------------------------------------------------


def test_idle_car_falls_asleep_after_sleep_after_idle_s() -> None:
    vehicle = car(sleep_after_idle_s=900)
    assert vehicle.is_online(NOON + 899.9)
    assert not vehicle.is_online(NOON + 900)
    assert views.vehicle_summary(vehicle)["state"] == "asleep"


def test_activity_restarts_the_idle_timer() -> None:
    vehicle = car(sleep_after_idle_s=900)
    vehicle.touch(NOON + 800)
    assert vehicle.is_online(NOON + 1600)
    vehicle.set_charge_limit(NOON + 1600, 70)
    assert vehicle.is_online(NOON + 2499)
    assert not vehicle.is_online(NOON + 2500)


def test_charging_car_never_falls_asleep_but_sleeps_after_completing() -> None:
    vehicle = charging_car(charge_current_request=8)  # 1.92 kW: 30 % takes 11.7 h
    assert vehicle.is_online(NOON + 11 * HOUR)
    full_at = NOON + 0.3 * 75 / 1.92 * HOUR
    assert vehicle.is_online(full_at + 899)
    assert not vehicle.is_online(full_at + 900)


def test_sleep_can_be_disabled() -> None:
    vehicle = car(sleep_after_idle_s=None)
    assert vehicle.is_online(NOON + 365 * 24 * HOUR)


def test_wake_up_brings_the_car_online_after_wake_delay() -> None:
    vehicle = car(state="asleep", wake_delay_s=5)
    vehicle.wake_up(NOON)
    assert views.vehicle_summary(vehicle, NOON)["state"] == "asleep"
    vehicle.wake_up(NOON + 4)  # does not restart the delay
    assert not vehicle.is_online(NOON + 4.9)
    assert vehicle.is_online(NOON + 5)
    assert views.vehicle_summary(vehicle, NOON + 5)["state"] == "online"
    assert vehicle.is_online(NOON + 5 + 899)
    assert not vehicle.is_online(NOON + 5 + 900)


def test_wake_up_wakes_an_offline_car_too() -> None:
    vehicle = car(state="offline", wake_delay_s=10)
    assert views.vehicle_summary(vehicle, NOON + 10_000)["state"] == "offline"
    vehicle.wake_up(NOON + 10_000)
    assert vehicle.is_online(NOON + 10_010)


def test_wake_up_without_delay_is_immediate() -> None:
    vehicle = car(state="asleep", wake_delay_s=0)
    vehicle.wake_up(NOON)
    assert views.vehicle_summary(vehicle)["state"] == "online"


def test_wake_up_on_an_online_car_restarts_the_idle_timer() -> None:
    vehicle = car()
    vehicle.wake_up(NOON + 800)
    assert vehicle.is_online(NOON + 1699)


def test_fall_asleep_cancels_a_wake_up_and_is_refused_while_charging() -> None:
    vehicle = car(state="asleep")
    vehicle.wake_up(NOON)
    vehicle.fall_asleep(NOON + 1)
    assert not vehicle.is_online(NOON + 60)
    with pytest.raises(ValueError, match="asleep"):
        charging_car().fall_asleep(NOON)


def test_sync_without_a_due_event_is_one_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request syncs its car: with no event due that must not walk the event machinery
    (what it costs per call is measured by `make bench`, bench/simulation.py)."""
    fleet = [charging_car(id=i + 1) for i in range(100)]
    due = min(vehicle.next_event_at for vehicle in fleet)
    processed = count_calls(monkeypatch, SimulatedCar, "_process_events")
    for tick in range(100):
        for vehicle in fleet:
            vehicle.sync(min(NOON + tick, due - 1))
    assert processed == [0]
    fleet[0].sync(fleet[0].next_event_at)
    assert processed == [1]  # and a due event is processed


def count_calls(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[int]:
    """Count the calls of `cls.name` (still calling it) for the rest of the test."""
    calls = [0]
    original = getattr(cls, name)

    def counted(self: Any, *args: Any) -> Any:
        calls[0] += 1
        return original(self, *args)

    monkeypatch.setattr(cls, name, counted)
    return calls


# --- the spec's shapes -------------------------------------------------------------------------


def states_to_check() -> dict[str, tuple[Vehicle, float]]:
    complete = charging_car(battery_level=79.0)
    asleep_waking = car(state="asleep")
    asleep_waking.wake_up(NOON)
    start_at = car(plugged_in=True, scheduled_charging_mode="StartAt")
    depart_by = car(scheduled_charging_mode="DepartBy", scheduled_departure_time_minutes=540)
    return {
        "charging": (charging_car(), NOON + HOUR),
        "complete": (complete, NOON + 10 * HOUR),
        "unplugged": (car(), NOON),
        "plugged_in_stopped": (car(plugged_in=True), NOON),
        "asleep_before_wake": (asleep_waking, NOON + 1),
        "scheduled_start_at": (start_at, NOON),
        "scheduled_depart_by": (depart_by, NOON),
        "three_phase_max_range": (charging_car(charger_phases=3, charge_limit_soc=100), NOON),
    }


STATES = list(states_to_check())


@pytest.mark.parametrize("name", STATES)
def test_charge_state_matches_the_spec(name: str) -> None:
    vehicle, now = states_to_check()[name]
    state = views.charge_state(vehicle, now)
    assert_is_spec_charge_state(state)
    assert state["timestamp"] == int(now * 1000)


def test_charge_state_seen_in_several_states_covers_the_interesting_values() -> None:
    states = states_to_check()
    seen = {name: views.charge_state(vehicle, now) for name, (vehicle, now) in states.items()}
    assert seen["charging"]["charging_state"] == "Charging"
    assert seen["complete"]["charging_state"] == "Complete"
    assert seen["unplugged"]["charging_state"] == "Disconnected"
    assert seen["asleep_before_wake"]["charging_state"] == "Disconnected"
    assert views.vehicle_summary(states["asleep_before_wake"][0])["state"] == "asleep"
    assert seen["scheduled_start_at"]["scheduled_charging_start_time"] == NOON + 12 * HOUR
    assert seen["scheduled_depart_by"]["scheduled_departure_time"] == NOON + 21 * HOUR


@pytest.mark.parametrize("name", STATES)
def test_vehicle_summary_matches_the_spec(name: str) -> None:
    vehicle, now = states_to_check()[name]
    summary = views.vehicle_summary(vehicle, now)
    assert set(summary) == property_names("Vehicle")
    assert_matches_spec("Vehicle", summary)


def test_vehicle_summary_values() -> None:
    summary = views.vehicle_summary(car(display_name="Blue Thunder", vehicle_id=1593208741), NOON)
    assert summary["id"] == 13691870400958016
    assert summary["id_s"] == "13691870400958016"
    assert summary["vehicle_id"] == 1593208741
    assert summary["display_name"] == "Blue Thunder"
    assert summary["access_type"] == "OWNER"
    assert summary["api_version"] == 71
    assert summary["calendar_enabled"] is True
    assert summary["in_service"] is False
    tokens = summary["tokens"]
    assert len(tokens) == 2 and all(len(t) == 16 and int(t, 16) >= 0 for t in tokens)
    assert tokens == views.vehicle_summary(car())["tokens"]  # derived from the id only
    assert tokens != views.vehicle_summary(car(id=2))["tokens"]
    summary["tokens"].append("mutated")
    assert len(views.vehicle_summary(car())["tokens"]) == 2


@pytest.mark.parametrize(
    ("method", "schema_name"),
    [
        ("climate_state", "ClimateState"),
        ("gui_settings", "GuiSettings"),
        ("vehicle_config", "VehicleConfig"),
        ("vehicle_state", "VehicleStateSection"),
    ],
)
@pytest.mark.parametrize("name", STATES)
def test_other_sections_match_the_spec(name: str, method: str, schema_name: str) -> None:
    vehicle, now = states_to_check()[name]
    section = getattr(views, method)(vehicle, now)
    assert set(section) == property_names(schema_name)
    assert_matches_spec(schema_name, section)
    assert section["timestamp"] == int(now * 1000)


@pytest.mark.parametrize("name", STATES)
def test_drive_state_has_a_location_only_when_asked(name: str) -> None:
    vehicle, now = states_to_check()[name]
    location = {"latitude", "longitude", "heading"}
    with_location = views.drive_state(vehicle, now, with_location=True)
    without = views.drive_state(vehicle, now, with_location=False)
    assert set(with_location) == property_names("DriveState")
    assert set(without) == property_names("DriveState") - location
    assert_matches_spec("DriveState", with_location)
    assert_matches_spec("DriveState", without)


def test_drive_state_power_is_negative_while_charging() -> None:
    assert views.drive_state(charging_car(), NOON, with_location=False)["power"] == -12


def test_vehicle_config_has_a_motorized_charge_port() -> None:
    assert views.vehicle_config(car(), NOON)["motorized_charge_port"] is True


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", STATES)
def test_raw_state_round_trips_through_from_config(name: str) -> None:
    vehicle, now = states_to_check()[name]
    raw = vehicle.raw_state(now)
    assert set(raw) == CONFIG_KEYS
    rebuilt = Vehicle.from_config(raw, now)
    assert rebuilt.raw_state(now) == raw
    assert views.charge_state(rebuilt, now) == views.charge_state(vehicle, now)


def test_defaults() -> None:
    raw = car().raw_state(NOON)
    assert raw == {
        "id": 13691870400958016,
        "vehicle_id": 1_000_000_000 + 13691870400958016 % 1_000_000_000,
        "vin": VIN,
        "display_name": None,
        "state": "online",
        "in_service": False,
        "plugged_in": False,
        "cable": "<invalid>",
        "charge_port_door_open": False,
        "charge_port_latch": "Disengaged",
        "charging_state": "Disconnected",
        "battery_level": 60.0,
        "charge_limit_soc": 80,
        "charge_to_max_range": False,
        "max_range_charge_counter": 0,
        "charge_energy_added": 0.0,
        "charge_enable_request": True,
        "charge_current_request": 48,
        "charge_current_request_max": 48,
        "charger_pilot_current": 48,
        "charger_voltage": 240,
        "charger_phases": 1,
        "pack_kwh": 75.0,
        "rated_range_miles": 310.0,
        "utc_offset_minutes": 0,
        "sleep_after_idle_s": 900.0,
        "wake_delay_s": 5.0,
        "scheduled_charging_mode": "Off",
        "scheduled_charging_start_time_app": 0,
        "scheduled_departure_time_minutes": 0,
        "preconditioning_enabled": False,
        "preconditioning_times": "all_week",
        "off_peak_charging_enabled": False,
        "off_peak_charging_times": "all_week",
        "off_peak_hours_end_time": 360,
        "charge_limit_soc_std": 80,
        "profile": "full",
        "command_signing": "off",
        "unsigned_command_refusal": "forbidden",
        "virtual_key_paired": True,
        "firmware_version": "2024.20.9",
        "price_per_kwh": 0.30,
        "currency_code": "USD",
        "latitude": 37.4925,
        "longitude": -121.9447,
        "home_latitude": 37.4925,
        "home_longitude": -121.9447,
        "work_latitude": None,
        "work_longitude": None,
    }
    plugged = car(plugged_in=True, charge_current_request_max=32).raw_state(NOON)
    assert plugged["cable"] == "SAE"
    assert plugged["charge_port_door_open"] is True
    assert plugged["charge_port_latch"] == "Engaged"
    assert plugged["charging_state"] == "Stopped"
    assert plugged["charge_current_request"] == 32


def test_a_charging_car_seeded_at_its_limit_completes_at_once() -> None:
    vehicle = car(plugged_in=True, charging_state="Charging", battery_level=85.0)
    assert vehicle.raw_state()["charging_state"] == "Complete"
    assert vehicle.raw_state()["battery_level"] == 85.0


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ({"colour": "red"}, "colour"),
        ({"id": None}, "id"),
        ({"id": 0}, "id"),
        ({"id": True}, "id"),
        ({"id": "123"}, "id"),
        ({"vin": "5YJ3E1EA7KF31700"}, "vin"),
        ({"vin": "5YJ3E1EA7KF31700O"}, "vin"),
        ({"state": "sleeping"}, "state"),
        ({"battery_level": 100.5}, "battery_level"),
        ({"battery_level": -1}, "battery_level"),
        ({"battery_level": math.nan}, "battery_level"),
        ({"battery_level": "50"}, "battery_level"),
        ({"charge_limit_soc": 49}, "charge_limit_soc"),
        ({"charge_limit_soc": 80.0}, "charge_limit_soc"),
        (
            {"charge_current_request": 40, "charge_current_request_max": 32},
            "charge_current_request",
        ),
        ({"charge_current_request_max": 0}, "charge_current_request_max"),
        ({"charger_phases": 4}, "charger_phases"),
        ({"pack_kwh": 0}, "pack_kwh"),
        ({"rated_range_miles": -5}, "rated_range_miles"),
        ({"utc_offset_minutes": 900}, "utc_offset_minutes"),
        ({"sleep_after_idle_s": 0}, "sleep_after_idle_s"),
        ({"wake_delay_s": -1}, "wake_delay_s"),
        ({"plugged_in": "yes"}, "plugged_in"),
        ({"cable": "SAE"}, "cable"),
        ({"plugged_in": True, "cable": "<invalid>"}, "cable"),
        ({"cable": "Tesla"}, "cable"),
        ({"charging_state": "Charging"}, "charging_state"),
        ({"plugged_in": True, "charging_state": "Disconnected"}, "charging_state"),
        ({"plugged_in": True, "charging_state": "Calibrating"}, "charging_state"),
        ({"plugged_in": True, "charge_port_door_open": False}, "charge_port_door_open"),
        ({"plugged_in": True, "charging_state": "Charging", "state": "asleep"}, "state"),
        ({"scheduled_charging_mode": "Weekly"}, "scheduled_charging_mode"),
        ({"scheduled_charging_start_time_app": 1440}, "scheduled_charging_start_time_app"),
        ({"preconditioning_times": "weekends"}, "preconditioning_times"),
        ({"display_name": "x" * 65}, "display_name"),
    ],
)
def test_bad_config_is_rejected_naming_the_key(config: dict[str, Any], key: str) -> None:
    with pytest.raises(ValueError, match=key):
        car(**config)


@pytest.mark.parametrize("missing", ["id", "vin"])
def test_id_and_vin_are_required(missing: str) -> None:
    config = {"id": 1, "vin": VIN}
    del config[missing]
    with pytest.raises(ValueError, match=missing):
        Vehicle.from_config(config, NOON)


def test_config_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="mapping"):
        validated_config([("id", 1)])  # type: ignore[arg-type]


# --- property test -----------------------------------------------------------------------------

COMMANDS = st.one_of(
    st.tuples(st.just("charge_start"), st.fixed_dictionaries({})),
    st.tuples(st.just("charge_stop"), st.fixed_dictionaries({})),
    st.tuples(st.just("charge_standard"), st.fixed_dictionaries({})),
    st.tuples(st.just("charge_max_range"), st.fixed_dictionaries({})),
    st.tuples(st.just("charge_port_door_open"), st.fixed_dictionaries({})),
    st.tuples(st.just("charge_port_door_close"), st.fixed_dictionaries({})),
    st.tuples(
        st.just("set_charge_limit"),
        st.fixed_dictionaries({"percent": st.integers(40, 110)}),
    ),
    st.tuples(
        st.just("set_charging_amps"),
        st.fixed_dictionaries({"charging_amps": st.integers(0, 60)}),
    ),
    st.tuples(
        st.just("set_scheduled_charging"),
        st.fixed_dictionaries({"enable": st.booleans(), "time": st.integers(0, 1439)}),
    ),
    st.tuples(
        st.just("set_scheduled_departure"),
        st.fixed_dictionaries(
            {
                "enable": st.booleans(),
                "departure_time": st.integers(0, 1439),
                "preconditioning_enabled": st.booleans(),
                "preconditioning_weekdays_only": st.booleans(),
                "off_peak_charging_enabled": st.booleans(),
                "off_peak_charging_weekdays_only": st.booleans(),
                "end_off_peak_time": st.integers(0, 1439),
            }
        ),
    ),
)
STEPS = st.one_of(
    st.tuples(st.just("advance"), st.floats(0, 2 * 24 * HOUR)),
    st.tuples(st.just("command"), COMMANDS),
    st.tuples(st.just("plug_in"), st.sampled_from(["SAE", "IEC"])),
    st.tuples(st.just("unplug"), st.none()),
    st.tuples(st.just("wake_up"), st.none()),
    st.tuples(st.just("touch"), st.none()),
    st.tuples(st.just("fall_asleep"), st.none()),
)
SEEDS = st.fixed_dictionaries(
    {
        "plugged_in": st.booleans(),
        "battery_level": st.floats(0, 100),
        "charge_limit_soc": st.integers(50, 100),
        "charge_current_request_max": st.sampled_from([16, 32, 48]),
        "charger_pilot_current": st.integers(0, 48),
        "charger_phases": st.integers(1, 3),
        "pack_kwh": st.floats(20, 120),
        "utc_offset_minutes": st.integers(-720, 840),
        "sleep_after_idle_s": st.one_of(st.none(), st.floats(1, 3 * HOUR)),
        "wake_delay_s": st.floats(0, 60),
    }
)


def apply_step(vehicle: Vehicle, now: float, step: tuple[str, Any]) -> float:
    kind, arg = step
    if kind == "advance":
        return now + float(arg)
    if kind == "command":
        if not vehicle.is_online(now):
            vehicle.wake_up(now)
            now += float(vehicle.raw_state()["wake_delay_s"])
            assert vehicle.is_online(now)
        command, kwargs = arg
        result = getattr(vehicle, command)(now, **kwargs)
        assert result.result or result.reason
    elif kind == "plug_in":
        vehicle.plug_in(now, cable=arg)
    elif kind == "unplug":
        vehicle.unplug(now)
    elif kind == "fall_asleep":
        if vehicle.raw_state(now)["charging_state"] == "Charging":
            with pytest.raises(ValueError):
                vehicle.fall_asleep(now)
        else:
            vehicle.fall_asleep(now)
    else:
        getattr(vehicle, kind)(now)
    return now


def assert_invariants(vehicle: Vehicle, now: float, previous_level: float) -> float:
    state = views.charge_state(vehicle, now)
    assert_is_spec_charge_state(state)
    raw = vehicle.raw_state()
    validated_config(raw)  # always a valid, consistent configuration
    level = raw["battery_level"]
    assert 0 <= level <= 100
    assert level >= previous_level - 1e-9  # nothing drains the battery
    if state["charging_state"] == "Charging":
        assert level <= raw["charge_limit_soc"] + 1e-9
        assert state["battery_level"] <= state["charge_limit_soc"]
        assert raw["state"] != "asleep"
    assert state["charge_energy_added"] >= 0
    return float(level)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, steps=st.lists(STEPS, max_size=30), spot_checks=st.lists(st.floats(0, 1)))
def test_any_sequence_keeps_the_state_valid_and_sync_granularity_does_not_matter(
    seed: dict[str, Any], steps: list[tuple[str, Any]], spot_checks: list[float]
) -> None:
    vehicle = car(**seed)
    shadow = car(**seed)  # the same car, additionally synced at random intermediate times
    now = NOON
    level = assert_invariants(vehicle, now, 0.0)
    for step in steps:
        if step[0] == "advance":
            for fraction in sorted(spot_checks[:3]):
                shadow.sync(now + fraction * step[1])
        later = apply_step(vehicle, now, step)
        assert apply_step(shadow, now, step) == later
        now = later
        level = assert_invariants(vehicle, now, level)
        assert_same_state(shadow.raw_state(now), vehicle.raw_state(now))


def assert_same_state(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    assert actual.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float):
            assert actual[key] == pytest.approx(value, rel=1e-9, abs=1e-6), key
        else:
            assert actual[key] == value, key


def test_the_vehicle_answers_its_charge_state_as_the_view_does() -> None:
    # Vehicle.charge_state serves callers outside the views (the dashboard's events, benchmarks).
    vehicle = charging_car()
    assert vehicle.charge_state(NOON + HOUR) == views.charge_state(vehicle, NOON + HOUR)
