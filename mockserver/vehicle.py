"""The mock vehicle's domain model: one car's charging, scheduling and sleep, without HTTP.

Time is the simulated epoch time of `SimClock`, passed in as `now` to every method that depends
on it. The simulation is event driven: between events charging is linear, so a vehicle only
stores its state at the last event ("anchor") and derives the battery level at any later time.
`sync(now)` processes the events up to `now` in time order (wake completes, charge reaches the
limit, scheduled start, idle sleep) and is a single comparison when none is due.

Command rules (docs/command-rules.md has the same table, the derived values and the config keys;
keep both in step). A refused command changes nothing. "Limit" is `charge_limit_soc`.

| Command | Vehicle state | Result | Reason | State change |
|---|---|---|---|---|
| charge_start | not plugged in | refused | disconnected | - |
| charge_start | charging | refused | is_charging | - |
| charge_start | battery_level >= limit | refused | complete | - |
| charge_start | plugged in, not charging, below limit | done | | charging_state Charging, latch
  Engaged, charge_enable_request true, scheduled_charging_pending false; charge_energy_added
  restarts at 0 on the first start after a plug-in |
| charge_stop | not charging | refused | not_charging | - |
| charge_stop | charging | done | | charging_state Stopped, charge_enable_request false |
| charge_standard | limit == std (charge_limit_soc_std) | refused | already_standard | - |
| charge_standard | otherwise | done | | limit std, charge_to_max_range false, limit effects |
| charge_max_range | limit == 100 (max) | refused | already_max_range | - |
| charge_max_range | otherwise | done | | limit 100, charge_to_max_range true,
  max_range_charge_counter + 1, limit effects |
| set_charge_limit(p) | p == limit (before clamping) | refused | already_set | - |
| set_charge_limit(p) | otherwise | done | | limit = p clamped to [50, 100] (p = 1 sets 50, as
  recorded), charge_to_max_range = (limit == 100), limit effects |
| (limit effects) | plugged in, Complete, limit raised above level | | | charging_state Charging
  (same session) |
| (limit effects) | charging, limit lowered to <= level | | | charging_state Complete |
| charge_port_door_open | charging | refused | charging | - |
| charge_port_door_open | plugged in, not charging | done | | latch Disengaged (door stays open) |
| charge_port_door_open | not plugged in | done | | charge_port_door_open true |
| charge_port_door_close | plugged in | refused | cable_connected (mock's choice) | - |
| charge_port_door_close | not plugged in | done | | charge_port_door_open false |
| set_charging_amps(a) | A = a clamped to [0, max]; A >= 5 | done | |
  charge_current_request = charge_amps = A |
| set_charging_amps(a) | A < 5, previous set_charging_amps request differs | done | |
  charge_current_request = charge_amps = 5 |
| set_charging_amps(a) | A < 5, the same A sent again | done | | charge_current_request =
  charge_amps = 2 for A 0-1, 3 for A 2-3, 4 for A 4 |
| set_scheduled_charging(enable, time) | enable | done | | mode StartAt, start_time_app = time,
  start_time = next epoch of that local time, pending = plugged in and not charging |
| set_scheduled_charging(enable, time) | not enable | done | | mode Off, pending false,
  start_time null |
| set_scheduled_departure(enable) | `enable: true` is the only field | done | | - (the car needs
  every field) |
| set_scheduled_departure(enable, ...) | not enable | done | | mode Off, preconditioning_enabled
  false, off_peak_charging_enabled false, other fields ignored |
| set_scheduled_departure(enable, ...) | enable | done | | mode DepartBy, departure minutes and
  next epoch, preconditioning/off-peak flags, *_times weekdays|all_week, off_peak_hours_end_time |
| add_charge_schedule(...) | new id, 10 schedules already | refused | too_many_schedules (mock)
  | - |
| add_charge_schedule(...) | otherwise | done | | schedule added or replaced (id 0: now) |
| remove_charge_schedule(id) | any | done | | schedule removed |
| add/remove_precondition_schedule | as above | | | preconditioning_schedule_data |
| batch_remove_*_schedules(home, work, other) | any | done | | the schedules at home / elsewhere
  removed |
| (schedule start) | plugged in, not charging, below limit | | | charging starts, the car wakes |
| (schedule end) | charging | | | charging_state Stopped |
| (one-time schedule) | its last edge ran | | | enabled false |
| set_scheduled_charging(enable, time) on 2024.26+ | enable | done | | adds an every-day
  schedule; mode stays Off |
| set_scheduled_departure(enable, ...) on 2024.26+ | enable, with fields | done | | adds a
  preconditioning schedule; mode stays Off |
| (any command) | command_signing required, unsigned_command_refusal hardlocked, not via proxy |
  refused | unsigned_cmds_hardlocked | - |
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.charging_history import ChargingSessionRecord
from mockserver.schedules import (
    ALL_DAYS,
    MAX_SCHEDULES,
    SCHEDULES_FULL_REASON,
    WEEKDAYS,
    ChargeSchedule,
    PreconditionSchedule,
    at_place,
    days_bitmask,
    next_edge,
)

DAY_S = 86_400
NEVER = math.inf

ONLINE, ASLEEP, OFFLINE = "online", "asleep", "offline"
CHARGING, STOPPED, COMPLETE, DISCONNECTED = "Charging", "Stopped", "Complete", "Disconnected"
NO_CABLE = "<invalid>"
MODE_OFF, MODE_START_AT, MODE_DEPART_BY = "Off", "StartAt", "DepartBy"

CHARGE_LIMIT_SOC_MIN = 50
CHARGE_LIMIT_SOC_MAX = 100
APP_MIN_CHARGING_AMPS = 5
# Below the app's minimum, the same request sent a second time goes lower, but not to 0 or 1:
# 0-1 A gives 2 A and 2-3 A gives 3 A (TeslaPy's README, teslajsonpy's set_charging_amps).
LOWEST_CHARGING_AMPS = 2
# The mock's own reason: Tesla has not published what the car answers here (see the spec).
DOOR_CLOSE_REFUSED_REASON = "cable_connected"

# How much a car says about itself. `sparse` answers as 2022-24 firmware does: fields missing
# that older firmware sent, and nulls where clients expect booleans (docs/command-rules.md).
FULL, SPARSE = "full", "sparse"
PROFILES = (FULL, SPARSE)
COMMAND_SIGNING = ("off", "allowed", "required")
# How a car that requires signed commands answers an unsigned REST one (the facts file, 3.7):
# HTTP 403 with the text below, or HTTP 200 refused with `unsigned_cmds_hardlocked`.
UNSIGNED_REFUSALS = ("forbidden", "hardlocked")
UNSIGNED_HARDLOCKED_REASON = "unsigned_cmds_hardlocked"
SIGNED_COMMANDS_REQUIRED = (
    "Tesla Vehicle Command Protocol required, please refer to the documentation here: "
    "https://developer.tesla.com/docs/fleet-api/announcements"
    "#2023-10-09-rest-api-vehicle-commands-endpoint-deprecation-warning"
)
# From this firmware on, set_scheduled_charging / set_scheduled_departure add schedules and the
# legacy fields stay Off (teslamotors/vehicle-command#290).
SCHEDULES_FIRMWARE = (2024, 26)
_FIRMWARE = re.compile(r"^[0-9]{4}\.[0-9]{1,2}(\.[0-9]{1,4}){0,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
# Where every mock car is parked (drive_state's location): its home, for schedules.
PARKED_AT = (37.4925, -121.9447)
# Finished charging sessions each car keeps for the charging history; older ones are dropped.
MAX_CHARGING_SESSIONS = 1000
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

CABLES = ("SAE", "IEC", "GB_AC", "GB_DC", "SNA")
LATCH_STATES = ("Engaged", "Disengaged", "Blocking", "SNA")
SEEDABLE_CHARGING_STATES = (DISCONNECTED, STOPPED, CHARGING, COMPLETE)
SCHEDULE_DAYS = ("all_week", "weekdays")
IDENTITY_KEYS = frozenset({"id", "vehicle_id", "vin"})
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_INT64_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class CommandResult:
    """A command's answer: carried out (`result` true) or refused with `reason`."""

    result: bool
    reason: str = ""

    @staticmethod
    def ok() -> CommandResult:
        return DONE

    @staticmethod
    def refused(reason: str) -> CommandResult:
        return CommandResult(False, reason)

    def as_dict(self) -> dict[str, Any]:
        return {"result": self.result, "reason": self.reason}


DONE = CommandResult(True)


class VehicleUnavailableError(RuntimeError):
    """A command was sent to a vehicle that is not online (the server answers 408 first)."""


# --- configuration --------------------------------------------------------------------------

Check = Callable[[str, Any], Any]


def _integer(low: int, high: int) -> Check:
    def check(key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{key}: expected an integer from {low} to {high}, got {value!r}")
        return value

    return check


def _number(low: float, high: float, *, low_exclusive: bool = False) -> Check:
    def check(key: str, value: Any) -> float:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value):
            raise ValueError(f"{key}: expected a number, got {value!r}")
        too_low = value <= low if low_exclusive else value < low
        if too_low or value > high:
            bound = f"above {low:g}" if low_exclusive else f"from {low:g}"
            raise ValueError(f"{key}: expected a number {bound} to {high:g}, got {value!r}")
        return float(value)

    return check


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{key}: expected true or false, got {value!r}")
    return value


def _one_of(*choices: str) -> Check:
    def check(key: str, value: Any) -> str:
        if value not in choices:
            raise ValueError(f"{key}: expected one of {', '.join(choices)}; got {value!r}")
        return str(value)

    return check


def _optional(inner: Check) -> Check:
    def check(key: str, value: Any) -> Any:
        return None if value is None else inner(key, value)

    return check


def _text(max_length: int) -> Check:
    def check(key: str, value: Any) -> str:
        if not isinstance(value, str) or len(value) > max_length:
            raise ValueError(f"{key}: expected a string of at most {max_length} characters")
        return value

    return check


def _matching(pattern: re.Pattern[str], what: str) -> Check:
    def check(key: str, value: Any) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"{key}: expected {what}, got {value!r}")
        return value

    return check


def _vin(key: str, value: Any) -> str:
    if not isinstance(value, str) or not _VIN.match(value):
        raise ValueError(f"{key}: expected 17 characters of A-H, J-N, P, R-Z, 0-9; got {value!r}")
    return value


_CHECKS: dict[str, Check] = {
    "id": _integer(1, _INT64_MAX),
    "vehicle_id": _integer(1, _INT64_MAX),
    "vin": _vin,
    "display_name": _optional(_text(64)),
    "state": _one_of(ONLINE, ASLEEP, OFFLINE),
    "in_service": _boolean,
    "plugged_in": _boolean,
    "cable": _one_of(*CABLES, NO_CABLE),
    "charge_port_door_open": _boolean,
    "charge_port_latch": _one_of(*LATCH_STATES),
    "charging_state": _one_of(*SEEDABLE_CHARGING_STATES),
    "battery_level": _number(0, 100),
    "charge_limit_soc": _integer(CHARGE_LIMIT_SOC_MIN, CHARGE_LIMIT_SOC_MAX),
    "charge_limit_soc_std": _integer(CHARGE_LIMIT_SOC_MIN, CHARGE_LIMIT_SOC_MAX),
    "charge_to_max_range": _boolean,
    "max_range_charge_counter": _integer(0, _INT64_MAX),
    "charge_energy_added": _number(0, 1e9),
    "charge_enable_request": _boolean,
    "charge_current_request": _integer(0, 80),
    "charge_current_request_max": _integer(1, 80),
    "charger_pilot_current": _integer(0, 80),
    "charger_voltage": _integer(1, 1000),
    "charger_phases": _integer(1, 3),
    "pack_kwh": _number(0, 500, low_exclusive=True),
    "rated_range_miles": _number(0, 1000, low_exclusive=True),
    "utc_offset_minutes": _integer(-720, 840),
    "sleep_after_idle_s": _optional(_number(0, 1e12, low_exclusive=True)),
    "wake_delay_s": _number(0, 3600),
    "scheduled_charging_mode": _one_of(MODE_OFF, MODE_START_AT, MODE_DEPART_BY),
    "scheduled_charging_start_time_app": _integer(0, 1439),
    "scheduled_departure_time_minutes": _integer(0, 1439),
    "preconditioning_enabled": _boolean,
    "preconditioning_times": _one_of(*SCHEDULE_DAYS),
    "off_peak_charging_enabled": _boolean,
    "off_peak_charging_times": _one_of(*SCHEDULE_DAYS),
    "off_peak_hours_end_time": _integer(0, 1439),
    "profile": _one_of(*PROFILES),
    "command_signing": _one_of(*COMMAND_SIGNING),
    "unsigned_command_refusal": _one_of(*UNSIGNED_REFUSALS),
    "virtual_key_paired": _boolean,
    "firmware_version": _matching(_FIRMWARE, "a firmware version such as 2024.26.7"),
    "price_per_kwh": _number(0, 1000),
    "currency_code": _matching(_CURRENCY, "three capital letters such as USD"),
}
CONFIG_KEYS = frozenset(_CHECKS)


def check_config_value(key: str, value: Any) -> Any:
    """One config field's value, checked alone (ValueError if out of range or of a wrong type)."""
    return _CHECKS[key](key, value)


_FIXED_DEFAULTS: dict[str, Any] = {
    "display_name": None,
    "state": ONLINE,
    "in_service": False,
    "plugged_in": False,
    "battery_level": 60.0,
    "charge_limit_soc": 80,
    "charge_limit_soc_std": 80,  # a 2023-24 Model 3; 90 on Model S and older cars
    "max_range_charge_counter": 0,
    "charge_energy_added": 0.0,
    "charge_enable_request": True,
    "charge_current_request_max": 48,
    "charger_pilot_current": 48,
    "charger_voltage": 240,
    "charger_phases": 1,
    "pack_kwh": 75.0,
    "rated_range_miles": 310.0,
    "utc_offset_minutes": 0,
    "sleep_after_idle_s": 900.0,
    "wake_delay_s": 5.0,
    "scheduled_charging_mode": MODE_OFF,
    "scheduled_charging_start_time_app": 0,
    "scheduled_departure_time_minutes": 0,
    "preconditioning_enabled": False,
    "preconditioning_times": "all_week",
    "off_peak_charging_enabled": False,
    "off_peak_charging_times": "all_week",
    "off_peak_hours_end_time": 360,
    "profile": FULL,
    "command_signing": "off",
    "unsigned_command_refusal": "forbidden",
    "virtual_key_paired": True,
    "firmware_version": "2024.20.9",
    "price_per_kwh": 0.30,
    "currency_code": "USD",
}


def validated_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every config key, checked and with defaults filled in; ValueError names the bad key."""
    if not isinstance(config, Mapping):
        raise ValueError(f"vehicle config must be a mapping, got {type(config).__name__}")
    unknown = sorted(map(str, set(config) - CONFIG_KEYS))
    if unknown:
        raise ValueError(f"unknown vehicle config key(s): {', '.join(unknown)}")
    for required in ("id", "vin"):
        if required not in config:
            raise ValueError(f"{required}: required")
    checked = {key: _CHECKS[key](key, value) for key, value in config.items()}
    full = {**_FIXED_DEFAULTS, **_derived_defaults(checked), **checked}
    _check_consistency(full)
    return full


def _derived_defaults(given: Mapping[str, Any]) -> dict[str, Any]:
    plugged = given.get("plugged_in", _FIXED_DEFAULTS["plugged_in"])
    request_max = given.get("charge_current_request_max", 48)
    limit = given.get("charge_limit_soc", _FIXED_DEFAULTS["charge_limit_soc"])
    return {
        "vehicle_id": 1_000_000_000 + given["id"] % 1_000_000_000,
        "cable": "SAE" if plugged else NO_CABLE,
        "charge_port_door_open": plugged,
        "charge_port_latch": "Engaged" if plugged else "Disengaged",
        "charging_state": STOPPED if plugged else DISCONNECTED,
        "charge_current_request": request_max,
        "charge_to_max_range": limit == CHARGE_LIMIT_SOC_MAX,
    }


class InconsistentConfig(ValueError):
    """Config values that are each valid but contradict each other (or the car's state)."""


def _check_consistency(config: Mapping[str, Any]) -> None:
    plugged = config["plugged_in"]
    if plugged and config["cable"] == NO_CABLE:
        raise InconsistentConfig(f"cable: a plugged-in vehicle needs one of {', '.join(CABLES)}")
    if not plugged and config["cable"] != NO_CABLE:
        raise InconsistentConfig(f"cable: must be {NO_CABLE} when plugged_in is false")
    if plugged and config["charging_state"] == DISCONNECTED:
        raise InconsistentConfig("charging_state: Disconnected contradicts plugged_in true")
    if not plugged and config["charging_state"] != DISCONNECTED:
        raise InconsistentConfig("charging_state: must be Disconnected when plugged_in is false")
    if plugged and not config["charge_port_door_open"]:
        raise InconsistentConfig("charge_port_door_open: must be true while a cable is plugged in")
    if config["charge_current_request"] > config["charge_current_request_max"]:
        raise InconsistentConfig(
            f"charge_current_request: {config['charge_current_request']} exceeds "
            f"charge_current_request_max {config['charge_current_request_max']}"
        )
    if config["state"] == ASLEEP and config["charging_state"] == CHARGING:
        raise InconsistentConfig("state: a charging vehicle does not fall asleep")


def _plug_transition(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The keys that plugging a cable in or out changes, unless the patch sets them itself."""
    plugging = changes.get("plugged_in")
    if plugging is True and not current["plugged_in"]:
        return {
            "cable": "SAE",
            "charging_state": STOPPED,
            "charge_port_latch": "Engaged",
            "charge_port_door_open": True,
        }
    if plugging is False and current["plugged_in"]:
        return {
            "cable": NO_CABLE,
            "charging_state": DISCONNECTED,
            "charge_port_latch": "Disengaged",
        }
    return {}


def next_local_time(after: float, minutes: int, utc_offset_minutes: int) -> int:
    """The first epoch second strictly after `after` at `minutes` past local midnight."""
    offset_s = utc_offset_minutes * 60
    local_midnight = math.floor((after + offset_s) / DAY_S) * DAY_S - offset_s
    candidate = local_midnight + minutes * 60
    if candidate <= after:
        candidate += DAY_S
    return int(candidate)


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


# --- the vehicle ----------------------------------------------------------------------------


class Vehicle:
    """One simulated car. Build it with `Vehicle.from_config(config, now)`."""

    __slots__ = (
        "_anchor",
        "_battery_level",
        "_cable",
        "_charge_enable_request",
        "_charge_energy_added",
        "_charge_limit_soc",
        "_charge_limit_soc_std",
        "_charge_schedules",
        "_charge_to_max_range",
        "_charger_phases",
        "_charger_pilot_current",
        "_charger_voltage",
        "_charging_sessions",
        "_charging_state",
        "_command_signing",
        "_complete_at",
        "_currency_code",
        "_current_request",
        "_current_request_max",
        "_departure_minutes",
        "_display_name",
        "_door_open",
        "_edge_at",
        "_firmware_version",
        "_id",
        "_in_service",
        "_last_activity",
        "_last_amps_request",
        "_latch",
        "_level_per_s",
        "_max_range_charge_counter",
        "_new_session_pending",
        "_next_event_at",
        "_now",
        "_off_peak_enabled",
        "_off_peak_end",
        "_off_peak_times",
        "_pack_kwh",
        "_plugged_in",
        "_precondition_schedules",
        "_preconditioning_enabled",
        "_preconditioning_times",
        "_price_per_kwh",
        "_profile",
        "_rated_range_miles",
        "_schedule_at",
        "_schedule_mode",
        "_session_started_at",
        "_session_stopped_at",
        "_sessions_recorded",
        "_sleep_after_idle_s",
        "_start_time_app",
        "_state",
        "_unsigned_command_refusal",
        "_utc_offset_minutes",
        "_vehicle_id",
        "_vin",
        "_virtual_key_paired",
        "_wake_at",
        "_wake_delay_s",
    )

    # Identity and the car's build.
    _id: int
    _vehicle_id: int
    _vin: str
    _display_name: str | None
    _in_service: bool
    _pack_kwh: float
    _rated_range_miles: float
    _utc_offset_minutes: int
    _charge_limit_soc_std: int
    _profile: str
    _command_signing: str
    _unsigned_command_refusal: str
    _virtual_key_paired: bool
    _firmware_version: str
    _price_per_kwh: float
    _currency_code: str
    # Reachability; `_wake_at` is NEVER unless a wake-up is under way.
    _state: str
    _wake_at: float
    _last_activity: float
    _sleep_after_idle_s: float | None
    _wake_delay_s: float
    # Cable, port and charger.
    _plugged_in: bool
    _cable: str
    _door_open: bool
    _latch: str
    _charger_pilot_current: int
    _charger_voltage: int
    _charger_phases: int
    # Charging: level and energy are exact at `_anchor`, linear after it while charging.
    _charging_state: str
    _anchor: float
    _battery_level: float
    _charge_energy_added: float
    _level_per_s: float
    _charge_limit_soc: int
    _charge_to_max_range: bool
    _max_range_charge_counter: int
    _charge_enable_request: bool
    _current_request: int
    _current_request_max: int
    _last_amps_request: int | None
    _new_session_pending: bool
    # Schedules.
    _schedule_mode: str
    _start_time_app: int
    _schedule_at: float
    _departure_minutes: int
    _preconditioning_enabled: bool
    _preconditioning_times: str
    _off_peak_enabled: bool
    _off_peak_times: str
    _off_peak_end: int
    # The schedules of firmware 2024.26+ (by id, oldest first) and when the next charge
    # schedule edge (a start or an end) is due. Not config: they survive admin patches.
    _charge_schedules: dict[int, ChargeSchedule]
    _precondition_schedules: dict[int, PreconditionSchedule]
    _edge_at: float
    # The plug-in session under way (None until charging starts) and the finished ones.
    _session_started_at: float | None
    _session_stopped_at: float | None
    _charging_sessions: list[ChargingSessionRecord]
    _sessions_recorded: int
    # Event bookkeeping: the latest time seen and when the next event is due.
    _now: float
    _complete_at: float
    _next_event_at: float

    def __init__(self, config: Mapping[str, Any], now: float) -> None:
        """Prefer `from_config`; `config` is validated here too."""
        self._now = now
        self._last_activity = now
        self._wake_at = NEVER
        self._last_amps_request = None
        self._new_session_pending = False
        self._charge_schedules = {}
        self._precondition_schedules = {}
        self._edge_at = NEVER
        self._session_started_at = None
        self._session_stopped_at = None
        self._charging_sessions = []
        self._sessions_recorded = 0
        self._apply_config(validated_config(config), now)
        self._plan_events()
        self.sync(now)

    @classmethod
    def from_config(cls, config: Mapping[str, Any], now: float) -> Vehicle:
        return cls(config, now)

    # --- identity (never changes) ---

    @property
    def id(self) -> int:
        return self._id

    @property
    def vehicle_id(self) -> int:
        return self._vehicle_id

    @property
    def vin(self) -> str:
        return self._vin

    @property
    def in_service(self) -> bool:
        return self._in_service

    next_event_at = property(lambda self: self._next_event_at)  # for mockserver/events.py
    waking_until = property(lambda self: self._wake_at)  # inf unless waking; mockserver/events.py

    def __repr__(self) -> str:
        return f"<Vehicle {self._id} {self._vin} {self._state} {self._charging_state}>"

    # --- time ---

    def sync(self, now: float) -> None:
        """Process the events due by `now`; a single comparison when none is."""
        if now >= self._next_event_at:
            self._process_events(now)

    def _catch_up(self, now: float) -> float:
        """Sync, and return `now`, never earlier than a time this vehicle has already seen."""
        if now >= self._next_event_at:
            self._process_events(now)
        if now > self._now:
            self._now = now
        return self._now

    def _process_events(self, now: float) -> None:
        while self._next_event_at <= now:
            at = self._next_event_at
            self._now = max(self._now, at)
            if self._wake_at <= at:
                self._finish_waking(at)
            elif self._complete_at <= at:
                self._finish_charge(at)
            elif self._schedule_at <= at:
                self._run_schedule(at, now)
            elif self._edge_at <= at:
                self._run_charge_schedules(at, now)
            else:
                self._state = ASLEEP
            self._plan_events()

    def _plan_events(self) -> None:
        """Recompute when the next event is due (after every change of state)."""
        charging = self._charging_state == CHARGING
        if charging:
            self._level_per_s = self._power_kw() / self._pack_kwh * 100 / 3600
            to_limit = self._charge_limit_soc - self._battery_level
            if to_limit <= 0:
                self._complete_at = self._anchor
            elif self._level_per_s > 0:
                self._complete_at = self._anchor + to_limit / self._level_per_s
            else:
                self._complete_at = NEVER
        else:
            self._level_per_s = 0.0
            self._complete_at = NEVER
        sleep_at = NEVER
        if self._state == ONLINE and not charging and self._sleep_after_idle_s is not None:
            sleep_at = self._last_activity + self._sleep_after_idle_s
        self._next_event_at = min(
            self._wake_at, self._complete_at, self._schedule_at, self._edge_at, sleep_at
        )

    def _finish_waking(self, at: float) -> None:
        self._state = ONLINE
        self._wake_at = NEVER
        self._last_activity = at

    def _finish_charge(self, at: float) -> None:
        if self._battery_level < self._charge_limit_soc:
            added_pct = self._charge_limit_soc - self._battery_level
            self._charge_energy_added += added_pct / 100 * self._pack_kwh
            self._battery_level = float(self._charge_limit_soc)
        self._anchor = at
        self._charging_state = COMPLETE
        self._session_stopped_at = at
        self._last_activity = at

    def _run_schedule(self, at: float, now: float) -> None:
        if self._can_start_charging():
            self._start_session(at)
            if self._state == ASLEEP:
                self._state = ONLINE
                self._wake_at = NEVER
            self._schedule_at = self._next_local(at, self._start_time_app)
        else:
            # Without a command nothing can make charging possible before `now`, so the
            # occurrences in between are skipped rather than visited day by day.
            self._schedule_at = self._next_local(max(at, now), self._start_time_app)

    def _next_local(self, after: float, minutes: int) -> int:
        return next_local_time(after, minutes, self._utc_offset_minutes)

    # --- charge schedules (firmware 2024.26+) ---

    def _schedules_here(self) -> list[ChargeSchedule]:
        return [s for s in self._charge_schedules.values() if at_place(s, *PARKED_AT)]

    def _plan_schedule_edges(self, after: float) -> None:
        """When the next start or end of a charge schedule made for this place is due."""
        self._edge_at = min(
            (
                next_edge(after, minutes, days, self._utc_offset_minutes)
                for schedule in self._schedules_here()
                for _kind, minutes, days in schedule.edges()
            ),
            default=NEVER,
        )

    def _run_charge_schedules(self, at: float, now: float) -> None:
        """Start or stop charging as the schedules whose edge is due at `at` say."""
        for schedule in self._schedules_here():
            for kind, minutes, days in schedule.edges():
                if next_edge(at - 1, minutes, days, self._utc_offset_minutes) != at:
                    continue
                if kind == "start" and self._can_start_charging():
                    self._start_session(at)
                    if self._state != ONLINE:
                        self._state = ONLINE
                        self._wake_at = NEVER
                elif kind == "end" and self._charging_state == CHARGING:
                    self._settle(at)
                    self._stop_charging(at)
                last_kind = "end" if schedule.end_enabled else "start"
                if schedule.one_time and kind == last_kind:
                    schedule.enabled = False
        # Unplugged, no schedule can do anything before `now` (a command or an admin change
        # would come first), so the occurrences in between are skipped, not visited.
        self._plan_schedule_edges(at if self._plugged_in else max(at, now))

    def _stop_charging(self, at: float) -> None:
        self._charging_state = STOPPED
        self._charge_enable_request = False
        self._session_stopped_at = at

    # --- charging physics ---

    def _actual_current(self) -> int:
        return min(self._current_request, self._current_request_max, self._charger_pilot_current)

    def _power_kw(self) -> float:
        return self._charger_voltage * self._actual_current() * self._charger_phases / 1000

    def _level_at(self, t: float) -> float:
        if self._level_per_s == 0.0 or t <= self._anchor:
            return self._battery_level
        level = self._battery_level + self._level_per_s * (t - self._anchor)
        return min(level, max(float(self._charge_limit_soc), self._battery_level))

    def _energy_at(self, level: float) -> float:
        return self._charge_energy_added + (level - self._battery_level) / 100 * self._pack_kwh

    def _settle(self, now: float) -> None:
        """Move the anchor to `now`, before anything that changes the charging rate."""
        level = self._level_at(now)
        self._charge_energy_added = self._energy_at(level)
        self._battery_level = level
        self._anchor = now

    def _can_start_charging(self) -> bool:
        return (
            self._plugged_in
            and self._charging_state != CHARGING
            and self._battery_level < self._charge_limit_soc
        )

    def _start_session(self, at: float) -> None:
        if self._new_session_pending:
            self._charge_energy_added = 0.0
            self._new_session_pending = False
        if self._session_started_at is None:
            self._session_started_at = at
        self._anchor = at
        self._charging_state = CHARGING
        self._latch = "Engaged"
        self._charge_enable_request = True

    # --- sleep and wake ---

    def is_online(self, now: float) -> bool:
        self._catch_up(now)
        return self._state == ONLINE

    def wake_up(self, now: float) -> None:
        """Start waking an asleep/offline car: it is online `wake_delay_s` later."""
        now = self._catch_up(now)
        if self._state == ONLINE:
            self._last_activity = now
        elif self._wake_at == NEVER:
            self._wake_at = now + self._wake_delay_s
        self._plan_events()
        self.sync(now)

    def touch(self, now: float) -> None:
        """Record activity (a command or a data read): restarts the idle timer."""
        now = self._catch_up(now)
        self._last_activity = now
        self._plan_events()

    def fall_asleep(self, now: float) -> None:
        """Put the car to sleep at once (ValueError while charging)."""
        self.patch(now, {"state": ASLEEP})

    # --- admin changes ---

    def plug_in(self, now: float, cable: str = "SAE") -> None:
        self.patch(now, {"plugged_in": True, "cable": cable})

    def unplug(self, now: float) -> None:
        self.patch(now, {"plugged_in": False})

    def raw_state(self, now: float | None = None) -> dict[str, Any]:
        """The config keys with their current values: `from_config(raw_state(now), now)`
        rebuilds this car. Without `now`, values are as of the latest time seen."""
        at = self._now if now is None else self._catch_up(now)
        level = self._level_at(at)
        return {
            "id": self._id,
            "vehicle_id": self._vehicle_id,
            "vin": self._vin,
            "display_name": self._display_name,
            "state": self._state,
            "in_service": self._in_service,
            "plugged_in": self._plugged_in,
            "cable": self._cable,
            "charge_port_door_open": self._door_open,
            "charge_port_latch": self._latch,
            "charging_state": self._charging_state,
            "battery_level": level,
            "charge_limit_soc": self._charge_limit_soc,
            "charge_to_max_range": self._charge_to_max_range,
            "max_range_charge_counter": self._max_range_charge_counter,
            "charge_energy_added": self._energy_at(level),
            "charge_enable_request": self._charge_enable_request,
            "charge_current_request": self._current_request,
            "charge_current_request_max": self._current_request_max,
            "charger_pilot_current": self._charger_pilot_current,
            "charger_voltage": self._charger_voltage,
            "charger_phases": self._charger_phases,
            "pack_kwh": self._pack_kwh,
            "rated_range_miles": self._rated_range_miles,
            "utc_offset_minutes": self._utc_offset_minutes,
            "sleep_after_idle_s": self._sleep_after_idle_s,
            "wake_delay_s": self._wake_delay_s,
            "scheduled_charging_mode": self._schedule_mode,
            "scheduled_charging_start_time_app": self._start_time_app,
            "scheduled_departure_time_minutes": self._departure_minutes,
            "preconditioning_enabled": self._preconditioning_enabled,
            "preconditioning_times": self._preconditioning_times,
            "off_peak_charging_enabled": self._off_peak_enabled,
            "off_peak_charging_times": self._off_peak_times,
            "off_peak_hours_end_time": self._off_peak_end,
            "charge_limit_soc_std": self._charge_limit_soc_std,
            "profile": self._profile,
            "command_signing": self._command_signing,
            "unsigned_command_refusal": self._unsigned_command_refusal,
            "virtual_key_paired": self._virtual_key_paired,
            "firmware_version": self._firmware_version,
            "price_per_kwh": self._price_per_kwh,
            "currency_code": self._currency_code,
        }

    def patch(self, now: float, changes: Mapping[str, Any]) -> None:
        """Change some config keys, validated like `from_config`; nothing changes on error."""
        now = self._catch_up(now)
        if not isinstance(changes, Mapping):
            raise ValueError(f"changes must be a mapping, got {type(changes).__name__}")
        fixed = sorted(IDENTITY_KEYS & set(changes))
        if fixed:
            raise ValueError(f"{', '.join(fixed)}: cannot be changed")
        self._settle(now)
        current = self.raw_state()
        merged = {**current, **_plug_transition(current, changes), **changes}
        lowered_max = merged["charge_current_request_max"]
        if "charge_current_request" not in changes and isinstance(lowered_max, int):
            # Like the car: a lower maximum lowers the request with it.
            merged["charge_current_request"] = min(merged["charge_current_request"], lowered_max)
        config = validated_config(merged)
        self._apply_config(config, now)
        self._after_patch(current, config, changes, now)
        self._plan_events()
        self.sync(now)

    def _after_patch(
        self,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        changes: Mapping[str, Any],
        now: float,
    ) -> None:
        if after["plugged_in"] != before["plugged_in"]:
            self._last_activity = now
            self._new_session_pending = after["plugged_in"]
            if not after["plugged_in"]:
                self._record_session(before, now)
        if "state" in changes:
            self._wake_at = NEVER
        if after["state"] != before["state"]:
            self._last_activity = now
        started = before["charging_state"] != CHARGING and after["charging_state"] == CHARGING
        if started:
            if self._new_session_pending and "charge_energy_added" not in changes:
                self._charge_energy_added = 0.0
            self._new_session_pending = False
            if self._session_started_at is None:
                self._session_started_at = now
        elif before["charging_state"] == CHARGING and after["charging_state"] != CHARGING:
            self._session_stopped_at = now

    def _record_session(self, before: Mapping[str, Any], unplugged_at: float) -> None:
        """The plug-in session that ends with this unplug, for the charging history (only if
        charging started during it)."""
        started_at, stopped_at = self._session_started_at, self._session_stopped_at
        self._session_started_at = self._session_stopped_at = None
        if started_at is None:
            return
        if before["charging_state"] == CHARGING or stopped_at is None:
            stopped_at = unplugged_at
        self._sessions_recorded += 1
        self._charging_sessions.append(
            ChargingSessionRecord(
                # Unique in the fleet: vehicle ids are, and no car records 10,000 sessions a
                # second.
                session_id=self._vehicle_id * 10_000 + self._sessions_recorded % 10_000,
                vin=self._vin,
                started_at=started_at,
                stopped_at=max(started_at, stopped_at),
                unlatched_at=unplugged_at,
                energy_kwh=before["charge_energy_added"],
                price_per_kwh=self._price_per_kwh,
                currency_code=self._currency_code,
                utc_offset_minutes=self._utc_offset_minutes,
                site_name="Home",
                country_code="US",
            )
        )
        del self._charging_sessions[:-MAX_CHARGING_SESSIONS]

    @property
    def charging_sessions(self) -> list[ChargingSessionRecord]:
        """The finished plug-in sessions, oldest first (at most MAX_CHARGING_SESSIONS)."""
        return list(self._charging_sessions)

    def _apply_config(self, config: Mapping[str, Any], now: float) -> None:
        self._id = config["id"]
        self._vehicle_id = config["vehicle_id"]
        self._vin = config["vin"]
        self._display_name = config["display_name"]
        self._state = config["state"]
        self._in_service = config["in_service"]
        self._plugged_in = config["plugged_in"]
        self._cable = config["cable"]
        self._door_open = config["charge_port_door_open"]
        self._latch = config["charge_port_latch"]
        self._charging_state = config["charging_state"]
        self._battery_level = config["battery_level"]
        self._charge_limit_soc = config["charge_limit_soc"]
        self._charge_to_max_range = config["charge_to_max_range"]
        self._max_range_charge_counter = config["max_range_charge_counter"]
        self._charge_energy_added = config["charge_energy_added"]
        self._charge_enable_request = config["charge_enable_request"]
        self._current_request = config["charge_current_request"]
        self._current_request_max = config["charge_current_request_max"]
        self._charger_pilot_current = config["charger_pilot_current"]
        self._charger_voltage = config["charger_voltage"]
        self._charger_phases = config["charger_phases"]
        self._pack_kwh = config["pack_kwh"]
        self._rated_range_miles = config["rated_range_miles"]
        self._utc_offset_minutes = config["utc_offset_minutes"]
        self._sleep_after_idle_s = config["sleep_after_idle_s"]
        self._wake_delay_s = config["wake_delay_s"]
        self._schedule_mode = config["scheduled_charging_mode"]
        self._start_time_app = config["scheduled_charging_start_time_app"]
        self._departure_minutes = config["scheduled_departure_time_minutes"]
        self._preconditioning_enabled = config["preconditioning_enabled"]
        self._preconditioning_times = config["preconditioning_times"]
        self._off_peak_enabled = config["off_peak_charging_enabled"]
        self._off_peak_times = config["off_peak_charging_times"]
        self._off_peak_end = config["off_peak_hours_end_time"]
        self._charge_limit_soc_std = config["charge_limit_soc_std"]
        self._profile = config["profile"]
        self._command_signing = config["command_signing"]
        self._unsigned_command_refusal = config["unsigned_command_refusal"]
        self._virtual_key_paired = config["virtual_key_paired"]
        self._firmware_version = config["firmware_version"]
        self._price_per_kwh = config["price_per_kwh"]
        self._currency_code = config["currency_code"]
        self._plan_schedule_edges(now)
        self._anchor = now
        self._level_per_s = 0.0
        self._schedule_at = (
            float(self._next_local(now, self._start_time_app))
            if self._schedule_mode == MODE_START_AT
            else NEVER
        )

    # --- commands ---

    def _begin_command(self, now: float) -> float:
        """Catch up to `now`, require an online car and record the command as activity."""
        now = self._catch_up(now)
        if self._state != ONLINE:
            raise VehicleUnavailableError(f"vehicle {self._id} is {self._state}")
        self._settle(now)
        self._last_activity = now
        self._plan_events()
        return now

    def _done(self) -> CommandResult:
        self._plan_events()
        return DONE

    def charge_start(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if not self._plugged_in:
            return CommandResult.refused("disconnected")
        if self._charging_state == CHARGING:
            return CommandResult.refused("is_charging")
        if self._battery_level >= self._charge_limit_soc:
            return CommandResult.refused("complete")
        self._start_session(now)
        return self._done()

    def charge_stop(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self._charging_state != CHARGING:
            return CommandResult.refused("not_charging")
        self._stop_charging(now)
        return self._done()

    def charge_standard(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self._charge_limit_soc == self._charge_limit_soc_std:
            return CommandResult.refused("already_standard")
        self._change_limit(now, self._charge_limit_soc_std)
        return self._done()

    def charge_max_range(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self._charge_limit_soc == CHARGE_LIMIT_SOC_MAX:
            return CommandResult.refused("already_max_range")
        self._change_limit(now, CHARGE_LIMIT_SOC_MAX)
        self._max_range_charge_counter += 1
        return self._done()

    def set_charge_limit(self, now: float, percent: int) -> CommandResult:
        now = self._begin_command(now)
        if percent == self._charge_limit_soc:
            return CommandResult.refused("already_set")
        self._change_limit(now, min(max(percent, CHARGE_LIMIT_SOC_MIN), CHARGE_LIMIT_SOC_MAX))
        return self._done()

    def _change_limit(self, now: float, limit: int) -> None:
        raised = limit > self._charge_limit_soc
        self._charge_limit_soc = limit
        self._charge_to_max_range = limit == CHARGE_LIMIT_SOC_MAX
        below_limit = self._battery_level < limit
        if self._charging_state == COMPLETE and self._plugged_in and raised and below_limit:
            self._charging_state = CHARGING
            self._charge_enable_request = True
        elif self._charging_state == CHARGING and not below_limit:
            self._finish_charge(now)

    def charge_port_door_open(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self._charging_state == CHARGING:
            return CommandResult.refused("charging")
        if self._plugged_in:
            self._latch = "Disengaged"
        else:
            self._door_open = True
        return self._done()

    def charge_port_door_close(self, now: float) -> CommandResult:
        now = self._begin_command(now)
        if self._plugged_in:
            return CommandResult.refused(DOOR_CLOSE_REFUSED_REASON)
        self._door_open = False
        return self._done()

    def set_charging_amps(self, now: float, charging_amps: int) -> CommandResult:
        now = self._begin_command(now)
        requested = min(max(charging_amps, 0), self._current_request_max)
        sent_twice = requested == self._last_amps_request
        if requested >= APP_MIN_CHARGING_AMPS:
            effective = requested
        elif sent_twice:
            effective = min(_below_app_minimum(requested), self._current_request_max)
        else:
            effective = min(APP_MIN_CHARGING_AMPS, self._current_request_max)
        self._last_amps_request = requested
        self._current_request = effective
        return self._done()

    def set_scheduled_charging(self, now: float, enable: bool, time: int = 0) -> CommandResult:
        if enable:
            _check_minutes("time", time)
        now = self._begin_command(now)
        if self.has_schedules_firmware:
            # 2024.26+: each call adds an every-day schedule here; the legacy fields stay Off.
            if enable:
                self._put_charge_schedule(
                    now, ALL_DAYS, True, *PARKED_AT, start_enabled=True, start_time=time
                )
            return self._done()
        if enable:
            self._schedule_mode = MODE_START_AT
            self._start_time_app = time
            self._schedule_at = self._next_local(now, time)
        else:
            self._schedule_mode = MODE_OFF
            self._schedule_at = NEVER
        return self._done()

    def set_scheduled_departure(
        self,
        now: float,
        enable: bool,
        departure_time: int | None = None,
        preconditioning_enabled: bool | None = None,
        preconditioning_weekdays_only: bool | None = None,
        off_peak_charging_enabled: bool | None = None,
        off_peak_charging_weekdays_only: bool | None = None,
        end_off_peak_time: int | None = None,
    ) -> CommandResult:
        """Omitted fields count as false or 0, but `enable: true` alone changes nothing: the
        Owner API answers `result: true` and the car, which needs every field, keeps its
        settings. `enable: false` clears the departure whatever else is sent, as the proxy does."""
        settings = (
            departure_time,
            preconditioning_enabled,
            preconditioning_weekdays_only,
            off_peak_charging_enabled,
            off_peak_charging_weekdays_only,
            end_off_peak_time,
        )
        departure_time = departure_time or 0
        end_off_peak_time = end_off_peak_time or 0
        if enable:
            _check_minutes("departure_time", departure_time)
            _check_minutes("end_off_peak_time", end_off_peak_time)
        now = self._begin_command(now)
        if enable and all(setting is None for setting in settings):
            return self._done()
        if self.has_schedules_firmware:
            # 2024.26+: a departure becomes a preconditioning schedule; legacy fields stay Off.
            if enable:
                days = WEEKDAYS if preconditioning_weekdays_only else ALL_DAYS
                self._precondition_schedules[int(now)] = PreconditionSchedule(
                    int(now), days, bool(preconditioning_enabled), *PARKED_AT, departure_time, False
                )
            return self._done()
        self._schedule_at = NEVER
        if not enable:
            self._schedule_mode = MODE_OFF
            self._preconditioning_enabled = False
            self._off_peak_enabled = False
            return self._done()
        self._schedule_mode = MODE_DEPART_BY
        self._departure_minutes = departure_time
        self._preconditioning_enabled = bool(preconditioning_enabled)
        self._preconditioning_times = _schedule_days(bool(preconditioning_weekdays_only))
        self._off_peak_enabled = bool(off_peak_charging_enabled)
        self._off_peak_times = _schedule_days(bool(off_peak_charging_weekdays_only))
        self._off_peak_end = end_off_peak_time
        return self._done()

    # --- schedules (firmware 2024.26+) ---

    @property
    def has_schedules_firmware(self) -> bool:
        """Whether the car runs 2024.26 or later, where schedules replace the legacy settings."""
        year, week = self._firmware_version.split(".")[:2]
        return (int(year), int(week)) >= SCHEDULES_FIRMWARE

    def add_charge_schedule(
        self,
        now: float,
        days_of_week: str | int,
        enabled: bool,
        lat: float,
        lon: float,
        start_enabled: bool,
        end_enabled: bool,
        start_time: int = 0,
        end_time: int = 0,
        one_time: bool = False,
        id: int = 0,
        name: str | None = None,
    ) -> CommandResult:
        """Add a schedule, or change the one with this `id`; a missing or 0 id is "now"."""
        days = days_bitmask(days_of_week)
        for key, minutes in (("start_time", start_time), ("end_time", end_time)):
            _check_minutes(key, minutes)
        now = self._begin_command(now)
        schedule_id = id or int(now)
        if schedule_id not in self._charge_schedules and self._full(self._charge_schedules):
            return CommandResult.refused(SCHEDULES_FULL_REASON)
        self._put_charge_schedule(
            now, days, enabled, lat, lon, start_enabled, start_time, end_enabled, end_time,
            one_time, schedule_id, name,
        )  # fmt: skip
        return self._done()

    def _put_charge_schedule(
        self,
        now: float,
        days: int,
        enabled: bool,
        lat: float,
        lon: float,
        start_enabled: bool = False,
        start_time: int = 0,
        end_enabled: bool = False,
        end_time: int = 0,
        one_time: bool = False,
        schedule_id: int = 0,
        name: str | None = None,
    ) -> None:
        schedule_id = schedule_id or int(now)
        self._charge_schedules[schedule_id] = ChargeSchedule(
            schedule_id, days, enabled, lat, lon, start_enabled, start_time, end_enabled,
            end_time, one_time, name,
        )  # fmt: skip
        self._plan_schedule_edges(now)

    def remove_charge_schedule(self, now: float, id: int) -> CommandResult:
        """Remove the schedule with this id; an unknown id changes nothing."""
        now = self._begin_command(now)
        self._charge_schedules.pop(id, None)
        self._plan_schedule_edges(now)
        return self._done()

    def add_precondition_schedule(
        self,
        now: float,
        days_of_week: str | int,
        enabled: bool,
        lat: float,
        lon: float,
        precondition_time: int,
        one_time: bool = False,
        id: int = 0,
        name: str | None = None,
    ) -> CommandResult:
        days = days_bitmask(days_of_week)
        _check_minutes("precondition_time", precondition_time)
        now = self._begin_command(now)
        schedule_id = id or int(now)
        schedules = self._precondition_schedules
        if schedule_id not in schedules and self._full(schedules):
            return CommandResult.refused(SCHEDULES_FULL_REASON)
        schedules[schedule_id] = PreconditionSchedule(
            schedule_id, days, enabled, lat, lon, precondition_time, one_time, name
        )
        return self._done()

    def remove_precondition_schedule(self, now: float, id: int) -> CommandResult:
        self._begin_command(now)
        self._precondition_schedules.pop(id, None)
        return self._done()

    def batch_remove_charge_schedules(
        self, now: float, home: bool, work: bool, other: bool
    ) -> CommandResult:
        now = self._begin_command(now)
        _remove_by_place(self._charge_schedules, home=home, work=work, other=other)
        self._plan_schedule_edges(now)
        return self._done()

    def batch_remove_precondition_schedules(
        self, now: float, home: bool, work: bool, other: bool
    ) -> CommandResult:
        self._begin_command(now)
        _remove_by_place(self._precondition_schedules, home=home, work=work, other=other)
        return self._done()

    @staticmethod
    def _full(schedules: Mapping[int, Any]) -> bool:
        return len(schedules) >= MAX_SCHEDULES

    # --- signed commands ---

    @property
    def requires_signed_commands(self) -> bool:
        return self._command_signing == "required"

    def unsigned_command_refusal(self) -> CommandResult | None:
        """The car's own refusal of an unsigned REST command, when it answers that way (the
        other way, HTTP 403 `SIGNED_COMMANDS_REQUIRED`, comes from Tesla's servers before the
        car is asked: see `refuses_unsigned_with_403`)."""
        if self.requires_signed_commands and self._unsigned_command_refusal == "hardlocked":
            return CommandResult.refused(UNSIGNED_HARDLOCKED_REASON)
        return None

    @property
    def refuses_unsigned_with_403(self) -> bool:
        return self.requires_signed_commands and self._unsigned_command_refusal == "forbidden"

    def fleet_status_info(self) -> dict[str, Any]:
        """This car's entry in `fleet_status`'s `vehicle_info`."""
        return {
            "firmware_version": self._firmware_version,
            "vehicle_command_protocol_required": self.requires_signed_commands,
            "fleet_telemetry_version": None,
            "total_number_of_keys": 3 if self._virtual_key_paired else 2,
            "discounted_device_data": False,
        }

    @property
    def virtual_key_paired(self) -> bool:
        return self._virtual_key_paired

    # --- read side ---

    def vehicle_summary(self, now: float | None = None) -> dict[str, Any]:
        """The spec's `Vehicle` object; pass `now` so a finished wake-up shows as online."""
        if now is not None:
            self._catch_up(now)
        return {
            "id": self._id,
            "vehicle_id": self._vehicle_id,
            "vin": self._vin,
            "display_name": self._display_name,
            "option_codes": None,
            "color": None,
            "access_type": "OWNER",
            "tokens": list(_stream_tokens(self._id)),
            "state": self._state,
            "in_service": self._in_service,
            "id_s": str(self._id),
            "calendar_enabled": True,
            "api_version": 71,
            "backseat_token": None,
            "backseat_token_updated_at": None,
            "command_signing": self._command_signing,
            "user_id": _user_id(self._id),
            "mobile_access_disabled": False,
            "ble_autopair_enrolled": False,
            "release_notes_supported": True,
            "cached_data": "",
            "granular_access": {"hide_private": False},
        }

    def vehicle_data_summary(self, now: float) -> dict[str, Any]:
        """The vehicle object at the top of `vehicle_data`: a sparse car leaves out
        `display_name` and `option_codes` there, as 2023-24 firmware does."""
        summary = self.vehicle_summary(now)
        if self._profile == SPARSE:
            del summary["display_name"], summary["option_codes"]
        return summary

    def charge_state(self, now: float) -> dict[str, Any]:
        """Every property of the spec's `ChargeState` as of `now` (fewer, and some null, for a
        car of the sparse profile)."""
        now = self._catch_up(now)
        level = self._level_at(now)
        energy = self._energy_at(level)
        charging = self._charging_state == CHARGING
        plugged = self._plugged_in
        power_kw = self._power_kw() if charging else 0.0
        hours_to_full = 0.0
        if charging and power_kw > 0:
            hours_to_full = (self._charge_limit_soc - level) / 100 * self._pack_kwh / power_kw
        rated_range = level / 100 * self._rated_range_miles
        rated_miles_added = energy / self._pack_kwh * self._rated_range_miles
        schedule_at = self._schedule_at if self._schedule_mode == MODE_START_AT else None
        state = {
            "battery_heater_on": False,
            "battery_level": _round_half_up(level),
            "battery_range": round(rated_range, 2),
            "charge_amps": self._current_request,
            "charge_current_request": self._current_request,
            "charge_current_request_max": self._current_request_max,
            "charge_enable_request": self._charge_enable_request,
            "charge_energy_added": round(energy, 2),
            "charge_limit_soc": self._charge_limit_soc,
            "charge_limit_soc_max": CHARGE_LIMIT_SOC_MAX,
            "charge_limit_soc_min": CHARGE_LIMIT_SOC_MIN,
            "charge_limit_soc_std": self._charge_limit_soc_std,
            "charge_miles_added_ideal": round(rated_miles_added * IDEAL_RANGE_FACTOR, 2),
            "charge_miles_added_rated": round(rated_miles_added, 2),
            "charge_port_cold_weather_mode": False,
            "charge_port_color": NO_CABLE,
            "charge_port_door_open": self._door_open,
            "charge_port_latch": self._latch,
            "charge_rate": round(power_kw * self._rated_range_miles / self._pack_kwh, 1),
            "charge_to_max_range": self._charge_to_max_range,
            "charger_actual_current": self._actual_current() if charging else 0,
            "charger_phases": self._charger_phases if charging else None,
            "charger_pilot_current": self._charger_pilot_current if plugged else 0,
            "charger_power": _round_half_up(power_kw),
            "charger_voltage": self._charger_voltage
            if charging
            else IDLE_CHARGER_VOLTAGE.get(self._charging_state, 0),
            "charging_state": self._charging_state,
            "conn_charge_cable": self._cable,
            "est_battery_range": round(rated_range * EST_RANGE_FACTOR, 2),
            "fast_charger_brand": NO_CABLE,
            "fast_charger_present": False,
            "fast_charger_type": NO_CABLE,
            "ideal_battery_range": round(rated_range * IDEAL_RANGE_FACTOR, 2),
            "managed_charging_active": False,
            "managed_charging_start_time": None,
            "managed_charging_user_canceled": False,
            "max_range_charge_counter": self._max_range_charge_counter,
            "minutes_to_full_charge": math.ceil(hours_to_full * 60),
            "not_enough_power_to_heat": None,
            "off_peak_charging_enabled": self._off_peak_enabled,
            "off_peak_charging_times": self._off_peak_times,
            "off_peak_hours_end_time": self._off_peak_end,
            "preconditioning_enabled": self._preconditioning_enabled,
            "preconditioning_times": self._preconditioning_times,
            "scheduled_charging_mode": self._schedule_mode,
            "scheduled_charging_pending": self._schedule_mode == MODE_START_AT
            and plugged
            and not charging,
            "scheduled_charging_start_time": None if schedule_at is None else int(schedule_at),
            "scheduled_charging_start_time_app": self._start_time_app,
            "scheduled_departure_time": self._departure_epoch(now),
            "scheduled_departure_time_minutes": self._departure_minutes,
            "supercharger_session_trip_planner": False,
            "time_to_full_charge": round(hours_to_full, 2),
            "timestamp": _millis(now),
            "trip_charging": False,
            "usable_battery_level": math.floor(level),
            "user_charge_enable_request": None,
        }
        if self._profile == SPARSE:
            _make_sparse(state, charging=charging, plugged=plugged)
        return state

    def _departure_epoch(self, now: float) -> int | None:
        if self._schedule_mode != MODE_DEPART_BY:
            return None
        return self._next_local(now, self._departure_minutes)

    def climate_state(self, now: float) -> dict[str, Any]:
        now = self._catch_up(now)
        return {
            "inside_temp": 20.5,
            "outside_temp": 12.0,
            "is_climate_on": False,
            "is_preconditioning": False,
            "driver_temp_setting": 21.0,
            "timestamp": _millis(now),
        }

    def drive_state(self, now: float, with_location: bool) -> dict[str, Any]:
        """Parked; `with_location` adds latitude, longitude and heading."""
        now = self._catch_up(now)
        charging_kw = self._power_kw() if self._charging_state == CHARGING else 0.0
        state: dict[str, Any] = {
            "shift_state": "P" if self._state == ONLINE else None,
            "speed": None,
            "power": -_round_half_up(charging_kw),
            "timestamp": _millis(now),
        }
        if with_location:
            state |= {"latitude": 37.4925, "longitude": -121.9447, "heading": 90}
        return state

    def gui_settings(self, now: float) -> dict[str, Any]:
        now = self._catch_up(now)
        return {
            "gui_distance_units": "mi/hr",
            "gui_temperature_units": "F",
            "gui_charge_rate_units": "mi/hr",
            "gui_24_hour_time": False,
            "gui_range_display": "Rated",
            "timestamp": _millis(now),
        }

    def vehicle_config(self, now: float) -> dict[str, Any]:
        now = self._catch_up(now)
        return {
            "car_type": "model3",
            "trim_badging": "74d",
            "charge_port_type": "US",
            "motorized_charge_port": True,
            "timestamp": _millis(now),
        }

    def vehicle_state(self, now: float) -> dict[str, Any]:
        now = self._catch_up(now)
        return {
            "locked": True,
            "odometer": 12345.6,
            "car_version": f"{self._firmware_version} a1b2c3d4e5f6",
            "sentry_mode": False,
            "vehicle_name": self._display_name,
            "timestamp": _millis(now),
        }

    def charge_schedule_data(self, now: float) -> dict[str, Any]:
        """`charge_schedule_data`: the schedules and the next window they make here."""
        now = self._catch_up(now)
        window = self._next_window(now)
        return {
            "charge_schedules": [s.as_dict() for s in self._charge_schedules.values()],
            "charge_schedule_window": window,
            "charge_buffer": 0,
            "max_num_charge_schedules": MAX_SCHEDULES,
            "next_schedule": window is not None,
            "show_schedule_complete_state": False,
            "timestamp": _millis(now),
        }

    def _next_window(self, now: float) -> dict[str, Any] | None:
        soonest: tuple[float, ChargeSchedule] | None = None
        for schedule in self._schedules_here():
            for _kind, minutes, days in schedule.edges():
                at = next_edge(now, minutes, days, self._utc_offset_minutes)
                if soonest is None or at < soonest[0]:
                    soonest = (at, schedule)
        return None if soonest is None else soonest[1].as_dict()

    def preconditioning_schedule_data(self, now: float) -> dict[str, Any]:
        now = self._catch_up(now)
        schedules = list(self._precondition_schedules.values())
        upcoming = [s for s in schedules if s.enabled and at_place(s, *PARKED_AT)]
        soonest = min(
            upcoming,
            key=lambda s: next_edge(
                now, s.precondition_time, s.days_of_week, self._utc_offset_minutes
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


def _remove_by_place(schedules: dict[int, Any], *, home: bool, work: bool, other: bool) -> None:
    """Remove the schedules at the places named. Home is where the car is parked; the mock's
    cars have no work location, so `work` removes nothing."""
    del work
    for schedule_id, schedule in list(schedules.items()):
        at_home = at_place(schedule, *PARKED_AT)
        if (home and at_home) or (other and not at_home):
            del schedules[schedule_id]


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


def _below_app_minimum(amps: int) -> int:
    """What a second request below the app's 5 A sets: 0-1 A gives 2 A, 2-3 A gives 3 A."""
    if amps <= 1:
        return LOWEST_CHARGING_AMPS
    if amps <= 3:
        return 3
    return amps


def _check_minutes(name: str, minutes: int) -> None:
    if not 0 <= minutes <= 1439:
        raise ValueError(f"{name}: expected minutes after midnight from 0 to 1439, got {minutes}")


def _schedule_days(weekdays_only: bool) -> str:
    return "weekdays" if weekdays_only else "all_week"


def _millis(now: float) -> int:
    return int(now * 1000)


def _user_id(vehicle_id: int) -> int:
    """A stable owner id per car (the mock has no users of its own)."""
    return 100_000 + vehicle_id % 900_000


@functools.lru_cache(maxsize=65_536)
def _stream_tokens(vehicle_id: int) -> tuple[str, str]:
    digest = hashlib.sha256(f"tesla-mock-stream-token:{vehicle_id}".encode()).hexdigest()
    return digest[:16], digest[16:32]
