"""One case per row of the command rules table (tesla_mock/vehicle.py, docs/command-rules.md).

Each case seeds a vehicle, sends one or more commands and checks the last answer (exact reason)
and the charge_state fields the row says change. A refused command must change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from tesla_mock import vehicle_views as views
from tesla_mock.vehicle import DONE, CommandResult, Vehicle, VehicleUnavailableError

NOON = 1_732_449_600.0  # 2024-11-24T12:00:00Z
TONIGHT_2330 = 1_732_491_000  # 2024-11-24T23:30:00Z
TOMORROW_0900 = 1_732_525_200  # 2024-11-25T09:00:00Z

BASE = {"id": 1, "vin": "5YJ3E1EA7KF317000", "battery_level": 50.0, "charge_limit_soc": 80}
PLUGGED = {"plugged_in": True}
CHARGING = {"plugged_in": True, "charging_state": "Charging"}


@dataclass(frozen=True)
class Rule:
    """Seed a car with `config`, send `commands` in order, expect `reason` and `expect`."""

    config: dict[str, Any]
    commands: list[tuple[str, dict[str, Any]]]
    reason: str | None  # None: carried out
    expect: dict[str, Any] = field(default_factory=dict)


def one(command: str, **kwargs: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(command, kwargs)]


RULES: dict[str, Rule] = {
    # charge_start
    "charge_start_refused_disconnected_when_unplugged": Rule(
        {}, one("charge_start"), "disconnected", {"charging_state": "Disconnected"}
    ),
    "charge_start_refused_is_charging_when_already_charging": Rule(
        CHARGING, one("charge_start"), "is_charging", {"charging_state": "Charging"}
    ),
    "charge_start_refused_complete_at_the_limit": Rule(
        {**PLUGGED, "battery_level": 80.0}, one("charge_start"), "complete"
    ),
    "charge_start_refused_complete_above_the_limit": Rule(
        {**PLUGGED, "battery_level": 95.0, "charging_state": "Complete"},
        one("charge_start"),
        "complete",
        {"charging_state": "Complete"},
    ),
    "charge_start_starts_charging_and_engages_the_latch": Rule(
        {
            **PLUGGED,
            "charge_port_latch": "Disengaged",
            "charge_enable_request": False,
            "scheduled_charging_mode": "StartAt",
            "scheduled_charging_start_time_app": 1410,
        },
        one("charge_start"),
        None,
        {
            "charging_state": "Charging",
            "charge_port_latch": "Engaged",
            "charge_enable_request": True,
            "scheduled_charging_pending": False,
            "charger_actual_current": 48,
            "charger_power": 12,
        },
    ),
    "charge_start_restarts_a_complete_car_below_the_limit": Rule(
        {**PLUGGED, "charging_state": "Complete", "battery_level": 70.0},
        one("charge_start"),
        None,
        {"charging_state": "Charging"},
    ),
    # charge_stop
    "charge_stop_refused_not_charging_when_stopped": Rule(
        PLUGGED, one("charge_stop"), "not_charging", {"charging_state": "Stopped"}
    ),
    "charge_stop_refused_not_charging_when_complete": Rule(
        {**PLUGGED, "charging_state": "Complete", "battery_level": 80.0},
        one("charge_stop"),
        "not_charging",
    ),
    "charge_stop_refused_not_charging_when_unplugged": Rule({}, one("charge_stop"), "not_charging"),
    "charge_stop_stops_charging": Rule(
        CHARGING,
        one("charge_stop"),
        None,
        {
            "charging_state": "Stopped",
            "charge_enable_request": False,
            "charger_actual_current": 0,
            "charger_power": 0,
            "charger_phases": None,
        },
    ),
    # charge_standard
    "charge_standard_refused_already_standard_at_the_default_80": Rule(
        {"charge_limit_soc": 80}, one("charge_standard"), "already_standard"
    ),
    "charge_standard_sets_the_default_80_of_a_recent_model_3": Rule(
        {"charge_limit_soc": 100, "charge_to_max_range": True},
        one("charge_standard"),
        None,
        {"charge_limit_soc": 80, "charge_limit_soc_std": 80, "charge_to_max_range": False},
    ),
    "charge_standard_refused_already_standard_at_the_cars_own_90": Rule(
        {"charge_limit_soc": 90, "charge_limit_soc_std": 90},
        one("charge_standard"),
        "already_standard",
    ),
    "charge_standard_sets_the_cars_own_90": Rule(
        {"charge_limit_soc": 80, "charge_limit_soc_std": 90},
        one("charge_standard"),
        None,
        {"charge_limit_soc": 90, "charge_limit_soc_std": 90},
    ),
    "charge_standard_resumes_a_complete_car_below_its_std": Rule(
        {
            **PLUGGED,
            "charging_state": "Complete",
            "battery_level": 80.0,
            "charge_limit_soc": 80,
            "charge_limit_soc_std": 90,
        },
        one("charge_standard"),
        None,
        {"charge_limit_soc": 90, "charging_state": "Charging"},
    ),
    # charge_max_range
    "charge_max_range_refused_already_max_range_at_100": Rule(
        {"charge_limit_soc": 100}, one("charge_max_range"), "already_max_range"
    ),
    "charge_max_range_sets_100_and_counts": Rule(
        {"max_range_charge_counter": 2},
        one("charge_max_range"),
        None,
        {"charge_limit_soc": 100, "charge_to_max_range": True, "max_range_charge_counter": 3},
    ),
    # set_charge_limit
    "set_charge_limit_refused_already_set_for_the_same_percent": Rule(
        {}, one("set_charge_limit", percent=80), "already_set", {"charge_limit_soc": 80}
    ),
    "set_charge_limit_sets_the_limit": Rule(
        {"charge_limit_soc": 100, "charge_to_max_range": True},
        one("set_charge_limit", percent=75),
        None,
        {"charge_limit_soc": 75, "charge_to_max_range": False},
    ),
    "set_charge_limit_to_100_is_max_range": Rule(
        {},
        one("set_charge_limit", percent=100),
        None,
        {"charge_limit_soc": 100, "charge_to_max_range": True, "max_range_charge_counter": 0},
    ),
    "set_charge_limit_clamps_a_low_percent_to_50": Rule(
        {}, one("set_charge_limit", percent=1), None, {"charge_limit_soc": 50}
    ),
    "set_charge_limit_clamps_a_high_percent_to_100": Rule(
        {},
        one("set_charge_limit", percent=120),
        None,
        {"charge_limit_soc": 100, "charge_to_max_range": True},
    ),
    "set_charge_limit_compares_before_clamping": Rule(
        {"charge_limit_soc": 50},
        one("set_charge_limit", percent=30),
        None,
        {"charge_limit_soc": 50},
    ),
    "set_charge_limit_raised_resumes_a_complete_plugged_in_car": Rule(
        {**PLUGGED, "charging_state": "Complete", "battery_level": 80.0},
        one("set_charge_limit", percent=90),
        None,
        {"charge_limit_soc": 90, "charging_state": "Charging", "charge_enable_request": True},
    ),
    "set_charge_limit_raised_does_not_start_a_stopped_car": Rule(
        PLUGGED,
        one("set_charge_limit", percent=90),
        None,
        {"charge_limit_soc": 90, "charging_state": "Stopped"},
    ),
    "set_charge_limit_raised_not_above_the_level_leaves_complete": Rule(
        {**PLUGGED, "charging_state": "Complete", "battery_level": 95.0},
        one("set_charge_limit", percent=90),
        None,
        {"charge_limit_soc": 90, "charging_state": "Complete", "battery_level": 95},
    ),
    "set_charge_limit_lowered_to_the_level_while_charging_completes": Rule(
        {**CHARGING, "battery_level": 70.0},
        one("set_charge_limit", percent=60),
        None,
        {
            "charge_limit_soc": 60,
            "charging_state": "Complete",
            "battery_level": 70,
            "charger_power": 0,
        },
    ),
    "set_charge_limit_lowered_above_the_level_keeps_charging": Rule(
        {**CHARGING, "battery_level": 60.0},
        one("set_charge_limit", percent=70),
        None,
        {"charge_limit_soc": 70, "charging_state": "Charging"},
    ),
    # charge_port_door_open
    "charge_port_door_open_refused_charging_while_charging": Rule(
        CHARGING,
        one("charge_port_door_open"),
        "charging",
        {"charge_port_latch": "Engaged", "charging_state": "Charging"},
    ),
    "charge_port_door_open_unlatches_a_plugged_in_cable": Rule(
        PLUGGED,
        one("charge_port_door_open"),
        None,
        {"charge_port_latch": "Disengaged", "charge_port_door_open": True},
    ),
    "charge_port_door_open_opens_the_door_when_unplugged": Rule(
        {"charge_port_door_open": False},
        one("charge_port_door_open"),
        None,
        {"charge_port_door_open": True},
    ),
    "charge_port_door_open_already_open_is_done": Rule(
        {"charge_port_door_open": True},
        one("charge_port_door_open"),
        None,
        {"charge_port_door_open": True},
    ),
    # charge_port_door_close
    "charge_port_door_close_refused_cable_connected_when_plugged_in": Rule(
        PLUGGED, one("charge_port_door_close"), "cable_connected", {"charge_port_door_open": True}
    ),
    "charge_port_door_close_closes_the_door": Rule(
        {"charge_port_door_open": True},
        one("charge_port_door_close"),
        None,
        {"charge_port_door_open": False},
    ),
    "charge_port_door_close_already_closed_is_done": Rule(
        {"charge_port_door_open": False},
        one("charge_port_door_close"),
        None,
        {"charge_port_door_open": False},
    ),
    # set_charging_amps
    "set_charging_amps_sets_request_and_amps": Rule(
        {},
        one("set_charging_amps", charging_amps=16),
        None,
        {"charge_current_request": 16, "charge_amps": 16},
    ),
    "set_charging_amps_clamps_to_the_car_max": Rule(
        {"charge_current_request_max": 32},
        one("set_charging_amps", charging_amps=40),
        None,
        {"charge_current_request": 32, "charge_amps": 32},
    ),
    "set_charging_amps_changes_the_current_while_charging": Rule(
        CHARGING,
        one("set_charging_amps", charging_amps=16),
        None,
        {"charger_actual_current": 16, "charger_power": 4, "charge_current_request": 16},
    ),
    "set_charging_amps_below_5_once_sets_5": Rule(
        {},
        one("set_charging_amps", charging_amps=3),
        None,
        {"charge_current_request": 5, "charge_amps": 5},
    ),
    "set_charging_amps_below_5_twice_in_a_row_takes_effect": Rule(
        {},
        [("set_charging_amps", {"charging_amps": 3})] * 2,
        None,
        {"charge_current_request": 3, "charge_amps": 3},
    ),
    "set_charging_amps_2_twice_sets_3": Rule(
        {},
        [("set_charging_amps", {"charging_amps": 2})] * 2,
        None,
        {"charge_current_request": 3, "charge_amps": 3},
    ),
    "set_charging_amps_1_twice_sets_2": Rule(
        {},
        [("set_charging_amps", {"charging_amps": 1})] * 2,
        None,
        {"charge_current_request": 2, "charge_amps": 2},
    ),
    "set_charging_amps_4_twice_sets_4": Rule(
        {},
        [("set_charging_amps", {"charging_amps": 4})] * 2,
        None,
        {"charge_current_request": 4, "charge_amps": 4},
    ),
    "set_charging_amps_above_48_on_a_64_a_car_takes_effect": Rule(
        {"charge_current_request_max": 64, "charger_pilot_current": 64},
        one("set_charging_amps", charging_amps=64),
        None,
        {"charge_current_request": 64, "charge_amps": 64},
    ),
    "set_charging_amps_beyond_the_cars_own_max_is_clamped_to_it": Rule(
        {"charge_current_request_max": 32},
        one("set_charging_amps", charging_amps=2**31 - 1),
        None,
        {"charge_current_request": 32, "charge_amps": 32},
    ),
    "set_charging_amps_below_5_after_another_value_sets_5": Rule(
        {},
        [("set_charging_amps", {"charging_amps": 3}), ("set_charging_amps", {"charging_amps": 2})],
        None,
        {"charge_current_request": 5, "charge_amps": 5},
    ),
    "set_charging_amps_below_5_twice_with_other_commands_between_takes_effect": Rule(
        {},
        [
            ("set_charging_amps", {"charging_amps": 0}),
            ("set_charge_limit", {"percent": 70}),
            ("set_charging_amps", {"charging_amps": 0}),
        ],
        None,
        {"charge_current_request": 2, "charge_amps": 2},
    ),
    "set_charging_amps_negative_clamps_to_0_which_needs_two_requests": Rule(
        {},
        one("set_charging_amps", charging_amps=-4),
        None,
        {"charge_current_request": 5},
    ),
    # set_scheduled_charging
    "set_scheduled_charging_enable_plugged_in_is_pending": Rule(
        PLUGGED,
        one("set_scheduled_charging", enable=True, time=1410),
        None,
        {
            "scheduled_charging_mode": "StartAt",
            "scheduled_charging_start_time_app": 1410,
            "scheduled_charging_start_time": TONIGHT_2330,
            "scheduled_charging_pending": True,
        },
    ),
    "set_scheduled_charging_enable_unplugged_is_not_pending": Rule(
        {},
        one("set_scheduled_charging", enable=True, time=1410),
        None,
        {"scheduled_charging_mode": "StartAt", "scheduled_charging_pending": False},
    ),
    "set_scheduled_charging_enable_while_charging_is_not_pending": Rule(
        CHARGING,
        one("set_scheduled_charging", enable=True, time=1410),
        None,
        {
            "scheduled_charging_mode": "StartAt",
            "scheduled_charging_pending": False,
            "charging_state": "Charging",
        },
    ),
    "set_scheduled_charging_time_already_passed_today_is_tomorrow": Rule(
        {},
        one("set_scheduled_charging", enable=True, time=540),
        None,
        {"scheduled_charging_start_time": TOMORROW_0900},
    ),
    "set_scheduled_charging_enable_replaces_departure": Rule(
        {"scheduled_charging_mode": "DepartBy", "scheduled_departure_time_minutes": 540},
        one("set_scheduled_charging", enable=True, time=1410),
        None,
        {"scheduled_charging_mode": "StartAt", "scheduled_departure_time": None},
    ),
    "set_scheduled_charging_disable_turns_scheduling_off": Rule(
        {
            **PLUGGED,
            "scheduled_charging_mode": "StartAt",
            "scheduled_charging_start_time_app": 1410,
        },
        one("set_scheduled_charging", enable=False, time=0),
        None,
        {
            "scheduled_charging_mode": "Off",
            "scheduled_charging_pending": False,
            "scheduled_charging_start_time": None,
            "scheduled_charging_start_time_app": 1410,
        },
    ),
    "set_scheduled_charging_disable_ends_a_departure_schedule": Rule(
        {"scheduled_charging_mode": "DepartBy"},
        one("set_scheduled_charging", enable=False),
        None,
        {"scheduled_charging_mode": "Off", "scheduled_departure_time": None},
    ),
    # set_scheduled_departure
    "set_scheduled_departure_disable_clears_mode_and_flags": Rule(
        {
            "scheduled_charging_mode": "DepartBy",
            "scheduled_departure_time_minutes": 500,
            "preconditioning_enabled": True,
            "preconditioning_times": "weekdays",
            "off_peak_charging_enabled": True,
            "off_peak_hours_end_time": 400,
        },
        one("set_scheduled_departure", enable=False, departure_time=700, end_off_peak_time=1),
        None,
        {
            "scheduled_charging_mode": "Off",
            "scheduled_departure_time": None,
            "preconditioning_enabled": False,
            "off_peak_charging_enabled": False,
            "scheduled_departure_time_minutes": 500,
            "preconditioning_times": "weekdays",
            "off_peak_hours_end_time": 400,
        },
    ),
    "set_scheduled_departure_enable_alone_changes_nothing": Rule(
        {**PLUGGED, "scheduled_charging_mode": "StartAt", "scheduled_departure_time_minutes": 420},
        one("set_scheduled_departure", enable=True),
        None,
        {
            "scheduled_charging_mode": "StartAt",
            "scheduled_departure_time_minutes": 420,
            "scheduled_departure_time": None,
            "preconditioning_enabled": False,
        },
    ),
    "set_scheduled_departure_disable_ends_a_start_at_schedule": Rule(
        {**PLUGGED, "scheduled_charging_mode": "StartAt"},
        one("set_scheduled_departure", enable=False),
        None,
        {
            "scheduled_charging_mode": "Off",
            "scheduled_charging_start_time": None,
            "scheduled_charging_pending": False,
        },
    ),
    "set_scheduled_departure_enable_weekdays_sets_every_field": Rule(
        {},
        one(
            "set_scheduled_departure",
            enable=True,
            departure_time=540,
            preconditioning_enabled=True,
            preconditioning_weekdays_only=True,
            off_peak_charging_enabled=True,
            off_peak_charging_weekdays_only=True,
            end_off_peak_time=450,
        ),
        None,
        {
            "scheduled_charging_mode": "DepartBy",
            "scheduled_departure_time_minutes": 540,
            "scheduled_departure_time": TOMORROW_0900,
            "preconditioning_enabled": True,
            "preconditioning_times": "weekdays",
            "off_peak_charging_enabled": True,
            "off_peak_charging_times": "weekdays",
            "off_peak_hours_end_time": 450,
        },
    ),
    "set_scheduled_departure_enable_all_week_with_flags_off": Rule(
        {
            "preconditioning_enabled": True,
            "preconditioning_times": "weekdays",
            "off_peak_charging_times": "weekdays",
        },
        one("set_scheduled_departure", enable=True, departure_time=1410),
        None,
        {
            "scheduled_charging_mode": "DepartBy",
            "scheduled_departure_time": TONIGHT_2330,
            "preconditioning_enabled": False,
            "preconditioning_times": "all_week",
            "off_peak_charging_enabled": False,
            "off_peak_charging_times": "all_week",
            "off_peak_hours_end_time": 0,
        },
    ),
    "set_scheduled_departure_enable_replaces_start_at": Rule(
        {**PLUGGED, "scheduled_charging_mode": "StartAt", "scheduled_charging_start_time_app": 60},
        one("set_scheduled_departure", enable=True, departure_time=540),
        None,
        {
            "scheduled_charging_mode": "DepartBy",
            "scheduled_charging_start_time": None,
            "scheduled_charging_pending": False,
            "scheduled_charging_start_time_app": 60,
        },
    ),
}


def without_timestamp(state: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in state.items() if key != "timestamp"}


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_command_rule(rule: Rule) -> None:
    vehicle = Vehicle.from_config({**BASE, **rule.config}, NOON)
    *setup, (last_command, last_kwargs) = rule.commands
    for command, kwargs in setup:
        assert getattr(vehicle, command)(NOON, **kwargs) == DONE
    before = views.charge_state(vehicle, NOON)

    result = getattr(vehicle, last_command)(NOON, **last_kwargs)

    after = views.charge_state(vehicle, NOON)
    if rule.reason is None:
        assert result == CommandResult(True, "")
    else:
        assert result == CommandResult(False, rule.reason)
        assert without_timestamp(after) == without_timestamp(before)
    assert {key: after[key] for key in rule.expect} == rule.expect


def test_every_refusal_reason_of_the_table_is_covered() -> None:
    reasons = {rule.reason for rule in RULES.values() if rule.reason}
    assert reasons == {
        "disconnected",
        "is_charging",
        "complete",
        "not_charging",
        "already_standard",
        "already_max_range",
        "already_set",
        "charging",
        "cable_connected",
    }


def test_command_result_helpers() -> None:
    assert CommandResult.ok() is DONE
    assert DONE.as_dict() == {"result": True, "reason": ""}
    assert CommandResult.refused("complete").as_dict() == {"result": False, "reason": "complete"}


@pytest.mark.parametrize("state", ["asleep", "offline"])
def test_commands_need_an_online_car(state: str) -> None:
    vehicle = Vehicle.from_config({**BASE, "state": state}, NOON)
    with pytest.raises(VehicleUnavailableError):
        vehicle.charge_start(NOON)


@pytest.mark.parametrize(
    ("command", "kwargs"),
    [
        ("set_scheduled_charging", {"enable": True, "time": 1440}),
        ("set_scheduled_departure", {"enable": True, "departure_time": -1}),
        ("set_scheduled_departure", {"enable": True, "end_off_peak_time": 2000}),
    ],
)
def test_schedule_times_outside_a_day_are_rejected(command: str, kwargs: dict[str, Any]) -> None:
    vehicle = Vehicle.from_config(BASE, NOON)
    before = vehicle.raw_state(NOON)
    with pytest.raises(ValueError, match="1439"):
        getattr(vehicle, command)(NOON, **kwargs)
    assert vehicle.raw_state(NOON) == before
