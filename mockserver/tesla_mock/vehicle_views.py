"""The read side of a car: the spec's `vehicle_data` sections and the `Vehicle` object, built
from a `Vehicle`'s state as of a time. Plain Python, no HTTP; reading only catches the car up
with the simulated clock (`Vehicle.catch_up`), it never changes what the car does.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable
from typing import Any

from tesla_mock.schedules import MAX_SCHEDULES, PRECONDITION_LEAD_S, ChargeSchedule, next_edge
from tesla_mock.vehicle_simulation import SimulatedCar
from tesla_mock.vehicle_state import (
    CHARGE_LIMIT_SOC_MAX,
    CHARGE_LIMIT_SOC_MIN,
    CHARGING,
    DISCONNECTED,
    MODE_DEPART_BY,
    MODE_START_AT,
    NO_CABLE,
    ONLINE,
    SPARSE,
)

SPARSE_NULL_CHARGE_FIELDS = ("charge_port_door_open", "fast_charger_present", "trip_charging")
SPARSE_OMITTED_CHARGE_FIELDS = (
    "charge_to_max_range",
    "managed_charging_active",
    "managed_charging_start_time",
    "managed_charging_user_canceled",
    "scheduled_charging_start_time_app",
)
SPARSE_CHARGER_FIELDS = (
    "charger_actual_current",
    "charger_phases",
    "charger_pilot_current",
    "charger_power",
    "charger_voltage",
)
# charger_voltage when no charger feeds the car: real cars read 0 to 2 V, not the mains voltage.
IDLE_CHARGER_VOLTAGE = {DISCONNECTED: 2}

IDEAL_RANGE_FACTOR = 1.0  # Model 3/Y report ideal range equal to rated range.
EST_RANGE_FACTOR = 0.9


def vehicle_summary(vehicle: SimulatedCar, now: float | None = None) -> dict[str, Any]:
    """The spec's `Vehicle` object; pass `now` so a finished wake-up shows as online."""
    if now is not None:
        vehicle.catch_up(now)
    raw = vehicle.raw
    return {
        "id": raw.id,
        "vehicle_id": raw.vehicle_id,
        "vin": raw.vin,
        "display_name": raw.display_name,
        "option_codes": None,
        "color": None,
        "access_type": "OWNER",
        "tokens": list(_stream_tokens(raw.id)),
        "state": raw.state,
        "in_service": raw.in_service,
        "id_s": str(raw.id),
        "calendar_enabled": True,
        "api_version": 71,
        "backseat_token": None,
        "backseat_token_updated_at": None,
        "command_signing": raw.command_signing,
        "user_id": _user_id(raw.id),
        "mobile_access_disabled": False,
        "ble_autopair_enrolled": False,
        "release_notes_supported": True,
        "cached_data": "",
        "granular_access": {"hide_private": False},
    }


def vehicle_data_summary(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    """The vehicle object at the top of `vehicle_data`: a sparse car leaves out
    `display_name` and `option_codes` there, as 2023-24 firmware does."""
    summary = vehicle_summary(vehicle, now)
    if vehicle.raw.profile == SPARSE:
        del summary["display_name"], summary["option_codes"]
    return summary


def charge_state(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    """Every property of the spec's `ChargeState` as of `now` (fewer, and some null, for a
    car of the sparse profile)."""
    now = vehicle.catch_up(now)
    raw = vehicle.raw
    level = vehicle.level_at(now)
    energy = vehicle.energy_at(level)
    charging = raw.charging_state == CHARGING
    plugged = raw.plugged_in
    power_kw = vehicle.power_kw() if charging else 0.0
    hours_to_full = 0.0
    if charging and power_kw > 0:
        hours_to_full = (raw.charge_limit_soc - level) / 100 * raw.pack_kwh / power_kw
    rated_range = level / 100 * raw.rated_range_miles
    rated_miles_added = energy / raw.pack_kwh * raw.rated_range_miles
    schedule_at = vehicle.scheduled_start_at
    state = {
        "battery_heater_on": False,
        "battery_level": _round_half_up(level),
        "battery_range": round(rated_range, 2),
        "charge_amps": raw.charge_current_request,
        "charge_current_request": raw.charge_current_request,
        "charge_current_request_max": raw.charge_current_request_max,
        "charge_enable_request": raw.charge_enable_request,
        "charge_energy_added": round(energy, 2),
        "charge_limit_soc": raw.charge_limit_soc,
        "charge_limit_soc_max": CHARGE_LIMIT_SOC_MAX,
        "charge_limit_soc_min": CHARGE_LIMIT_SOC_MIN,
        "charge_limit_soc_std": raw.charge_limit_soc_std,
        "charge_miles_added_ideal": round(rated_miles_added * IDEAL_RANGE_FACTOR, 2),
        "charge_miles_added_rated": round(rated_miles_added, 2),
        "charge_port_cold_weather_mode": False,
        "charge_port_color": NO_CABLE,
        "charge_port_door_open": raw.charge_port_door_open,
        "charge_port_latch": raw.charge_port_latch,
        "charge_rate": round(power_kw * raw.rated_range_miles / raw.pack_kwh, 1),
        "charge_to_max_range": raw.charge_to_max_range,
        "charger_actual_current": vehicle.actual_current() if charging else 0,
        "charger_phases": raw.charger_phases if charging else None,
        "charger_pilot_current": raw.charger_pilot_current if plugged else 0,
        "charger_power": _round_half_up(power_kw),
        "charger_voltage": raw.charger_voltage
        if charging
        else IDLE_CHARGER_VOLTAGE.get(raw.charging_state, 0),
        "charging_state": raw.charging_state,
        "conn_charge_cable": raw.cable,
        "est_battery_range": round(rated_range * EST_RANGE_FACTOR, 2),
        "fast_charger_brand": NO_CABLE,
        "fast_charger_present": False,
        "fast_charger_type": NO_CABLE,
        "ideal_battery_range": round(rated_range * IDEAL_RANGE_FACTOR, 2),
        "managed_charging_active": False,
        "managed_charging_start_time": None,
        "managed_charging_user_canceled": False,
        "max_range_charge_counter": raw.max_range_charge_counter,
        "minutes_to_full_charge": math.ceil(hours_to_full * 60),
        "not_enough_power_to_heat": None,
        "off_peak_charging_enabled": raw.off_peak_charging_enabled,
        "off_peak_charging_times": raw.off_peak_charging_times,
        "off_peak_hours_end_time": raw.off_peak_hours_end_time,
        "preconditioning_enabled": raw.preconditioning_enabled,
        "preconditioning_times": raw.preconditioning_times,
        "scheduled_charging_mode": raw.scheduled_charging_mode,
        "scheduled_charging_pending": raw.scheduled_charging_mode == MODE_START_AT
        and plugged
        and not charging,
        "scheduled_charging_start_time": None if schedule_at is None else int(schedule_at),
        "scheduled_charging_start_time_app": raw.scheduled_charging_start_time_app,
        "scheduled_departure_time": _departure_epoch(vehicle, now),
        "scheduled_departure_time_minutes": raw.scheduled_departure_time_minutes,
        "supercharger_session_trip_planner": False,
        "time_to_full_charge": round(hours_to_full, 2),
        "timestamp": _millis(now),
        "trip_charging": False,
        "usable_battery_level": math.floor(level),
        "user_charge_enable_request": None,
    }
    if raw.profile == SPARSE:
        _make_sparse(state, charging=charging, plugged=plugged)
    return state


def _departure_epoch(vehicle: SimulatedCar, now: float) -> int | None:
    raw = vehicle.raw
    if raw.scheduled_charging_mode != MODE_DEPART_BY:
        return None
    return vehicle.next_local(now, raw.scheduled_departure_time_minutes)


# The cabin and the air outside, degrees C (the mock does not simulate the weather), and the
# temperature the climate brings the cabin to.
IDLE_INSIDE_TEMP = 20.5
OUTSIDE_TEMP = 12.0
DRIVER_TEMP_SETTING = 21.0


def climate_state(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    """The climate: off, except while a preconditioning schedule conditions the cabin (from
    PRECONDITION_LEAD_S before its time until its time), when the cabin warms linearly to the
    setting."""
    now = vehicle.catch_up(now)
    since = vehicle.preconditioning_since(now)
    inside = IDLE_INSIDE_TEMP
    if since is not None:
        share = min(1.0, (now - since) / PRECONDITION_LEAD_S)
        inside = round(IDLE_INSIDE_TEMP + (DRIVER_TEMP_SETTING - IDLE_INSIDE_TEMP) * share, 1)
    return {
        "inside_temp": inside,
        "outside_temp": OUTSIDE_TEMP,
        "is_climate_on": since is not None,
        "is_preconditioning": since is not None,
        "driver_temp_setting": DRIVER_TEMP_SETTING,
        "timestamp": _millis(now),
    }


def drive_state(vehicle: SimulatedCar, now: float, with_location: bool) -> dict[str, Any]:
    """Parked; `with_location` adds latitude, longitude and heading."""
    now = vehicle.catch_up(now)
    raw = vehicle.raw
    charging_kw = vehicle.power_kw() if raw.charging_state == CHARGING else 0.0
    state: dict[str, Any] = {
        "shift_state": "P" if raw.state == ONLINE else None,
        "speed": None,
        "power": -_round_half_up(charging_kw),
        "timestamp": _millis(now),
    }
    if with_location:
        latitude, longitude = raw.parked_at
        state |= {"latitude": latitude, "longitude": longitude, "heading": 90}
    return state


def gui_settings(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    now = vehicle.catch_up(now)
    return {
        "gui_distance_units": "mi/hr",
        "gui_temperature_units": "F",
        "gui_charge_rate_units": "mi/hr",
        "gui_24_hour_time": False,
        "gui_range_display": "Rated",
        "timestamp": _millis(now),
    }


def vehicle_config(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    now = vehicle.catch_up(now)
    return {
        "car_type": "model3",
        "trim_badging": "74d",
        "charge_port_type": "US",
        "motorized_charge_port": True,
        "timestamp": _millis(now),
    }


def vehicle_state(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    now = vehicle.catch_up(now)
    return {
        "locked": True,
        "odometer": 12345.6,
        "car_version": f"{vehicle.raw.firmware_version} a1b2c3d4e5f6",
        "sentry_mode": False,
        "vehicle_name": vehicle.raw.display_name,
        "timestamp": _millis(now),
    }


def charge_schedule_data(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    """`charge_schedule_data`: the schedules and the next window they make here."""
    now = vehicle.catch_up(now)
    window = _next_window(vehicle, now)
    return {
        "charge_schedules": [s.as_dict() for s in vehicle.charge_schedules],
        "charge_schedule_window": window,
        "charge_buffer": 0,
        "max_num_charge_schedules": MAX_SCHEDULES,
        "next_schedule": window is not None,
        "show_schedule_complete_state": False,
        "timestamp": _millis(now),
    }


def _next_window(vehicle: SimulatedCar, now: float) -> dict[str, Any] | None:
    soonest: tuple[float, ChargeSchedule] | None = None
    for schedule in vehicle.schedules_here():
        for _kind, minutes, days in schedule.edges():
            at = next_edge(now, minutes, days, vehicle.raw.utc_offset_minutes)
            if soonest is None or at < soonest[0]:
                soonest = (at, schedule)
    return None if soonest is None else soonest[1].as_dict()


def preconditioning_schedule_data(vehicle: SimulatedCar, now: float) -> dict[str, Any]:
    now = vehicle.catch_up(now)
    schedules = vehicle.precondition_schedules
    soonest = min(
        vehicle.precondition_schedules_here(),
        key=lambda s: next_edge(
            now, s.precondition_time, s.days_of_week, vehicle.raw.utc_offset_minutes
        ),
        default=None,
    )
    return {
        "precondition_schedules": [s.as_dict() for s in schedules],
        "preconditioning_schedule_window": None if soonest is None else soonest.as_dict(),
        "max_num_precondition_schedules": MAX_SCHEDULES,
        "next_schedule": soonest is not None,
        "timestamp": _millis(now),
    }


def _make_sparse(charge_state: dict[str, Any], *, charging: bool, plugged: bool) -> None:
    """A full charge_state as 2022-24 firmware sends it (real bodies in tests/corpus)."""
    for key in SPARSE_OMITTED_CHARGE_FIELDS:
        del charge_state[key]
    for key in SPARSE_NULL_CHARGE_FIELDS:
        charge_state[key] = None
    if not charging:
        for key in SPARSE_CHARGER_FIELDS:
            charge_state[key] = None
    if not plugged:
        charge_state["charge_port_latch"] = NO_CABLE


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _millis(now: float) -> int:
    return int(now * 1000)


def _user_id(vehicle_id: int) -> int:
    """A stable owner id per car (the mock has no users of its own)."""
    return 100_000 + vehicle_id % 900_000


@functools.lru_cache(maxsize=65_536)
def _stream_tokens(vehicle_id: int) -> tuple[str, str]:
    digest = hashlib.sha256(f"tesla-mock-stream-token:{vehicle_id}".encode()).hexdigest()
    return digest[:16], digest[16:32]


# `endpoints` section name -> builder of that section; `location_data` is an option of
# `drive_state`, and `closures_state` is served inside `vehicle_state`.
SectionBuilder = Callable[[SimulatedCar, float, bool], tuple[str, dict[str, Any]]]
SECTION_BUILDERS: dict[str, SectionBuilder] = {
    "charge_state": lambda v, now, _loc: ("charge_state", charge_state(v, now)),
    "climate_state": lambda v, now, _loc: ("climate_state", climate_state(v, now)),
    "drive_state": lambda v, now, loc: ("drive_state", drive_state(v, now, with_location=loc)),
    "location_data": lambda v, now, _loc: ("drive_state", drive_state(v, now, with_location=True)),
    "gui_settings": lambda v, now, _loc: ("gui_settings", gui_settings(v, now)),
    "vehicle_config": lambda v, now, _loc: ("vehicle_config", vehicle_config(v, now)),
    "vehicle_state": lambda v, now, _loc: ("vehicle_state", vehicle_state(v, now)),
    "closures_state": lambda v, now, _loc: ("vehicle_state", vehicle_state(v, now)),
    "charge_schedule_data": lambda v, now, _loc: (
        "charge_schedule_data",
        charge_schedule_data(v, now),
    ),
    "preconditioning_schedule_data": lambda v, now, _loc: (
        "preconditioning_schedule_data",
        preconditioning_schedule_data(v, now),
    ),
}
# Sections clients ask for that add nothing here: TeslaMate sends `vehicle_data_combo`, which
# Tesla does not document.
IGNORED_SECTIONS = frozenset({"vehicle_data_combo"})
KNOWN_SECTIONS = frozenset(SECTION_BUILDERS) | IGNORED_SECTIONS
DEFAULT_SECTIONS = (
    "charge_state",
    "climate_state",
    "drive_state",
    "gui_settings",
    "vehicle_config",
    "vehicle_state",
)
