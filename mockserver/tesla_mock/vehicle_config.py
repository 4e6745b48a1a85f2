"""A car's configuration: each value checked as `VehicleConfig` in spec/mock-admin.yaml says,
defaults for what is left out, and the rules that tie values together.

The per-field checks are built from the admin spec's schema (type, range, enum, pattern,
nullable), so the spec is their single source; they exist beside connexion's request validation
because fleet files and `Vehicle.from_config` never pass through HTTP. The consistency rules
(a plugged-in car has a cable, ...) are the car's own and are not in the spec.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from tesla_mock.specs import ADMIN_SPEC, load_spec
from tesla_mock.vehicle_state import (
    ALL_WEEK,
    ASLEEP,
    CHARGE_LIMIT_SOC_MAX,
    CHARGING,
    CONFIG_KEYS,
    DEFAULT_CABLE,
    DEFAULT_HOME,
    DISCONNECTED,
    DISENGAGED,
    ENGAGED,
    FULL,
    MODE_OFF,
    NO_CABLE,
    ONLINE,
    REFUSE_FORBIDDEN,
    SIGNING_OFF,
    STOPPED,
)

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


# A pattern says little to a person reading an error: these say what the patterns mean.
_PATTERN_MEANINGS = {
    "vin": "17 characters of A-H, J-N, P, R-Z, 0-9;",
    "firmware_version": "a firmware version such as 2024.26.7,",
    "currency_code": "three capital letters such as USD,",
}


def _matching(pattern: str, meaning: str) -> Check:
    compiled = re.compile(pattern)  # JSON Schema patterns are searched, not anchored

    def check(key: str, value: Any) -> str:
        if not isinstance(value, str) or not compiled.search(value):
            raise ValueError(f"{key}: expected {meaning} got {value!r}")
        return value

    return check


def _check_from_schema(key: str, schema: Mapping[str, Any]) -> Check:
    """The check of one `VehicleConfig` property; an unknown schema shape fails at import."""
    kind = schema["type"]
    check: Check
    if "enum" in schema:
        check = _one_of(*schema["enum"])
    elif kind == "boolean":
        check = _boolean
    elif kind == "integer":
        check = _integer(schema["minimum"], schema["maximum"])
    elif kind == "number":
        low_exclusive = bool(schema.get("exclusiveMinimum", False))
        check = _number(schema["minimum"], schema["maximum"], low_exclusive=low_exclusive)
    elif kind == "string" and "pattern" in schema:
        meaning = _PATTERN_MEANINGS.get(key, f"a string matching {schema['pattern']},")
        check = _matching(schema["pattern"], meaning)
    elif kind == "string" and "maxLength" in schema:
        check = _text(schema["maxLength"])
    else:
        raise TypeError(f"VehicleConfig.{key}: no check for the schema {dict(schema)!r}")
    return _optional(check) if schema.get("nullable") else check


def config_schema() -> Mapping[str, Mapping[str, Any]]:
    """The properties of `VehicleConfig` in the admin spec."""
    schema: Mapping[str, Mapping[str, Any]] = load_spec(ADMIN_SPEC)["components"]["schemas"][
        "VehicleConfig"
    ]["properties"]
    return schema


# Only the config keys get checks: a property the spec adds without a `RawState` field is
# reported by tests/mockserver/test_config_matches_spec.py, not at every import.
_CHECKS: dict[str, Check] = {
    key: _check_from_schema(key, schema)
    for key, schema in config_schema().items()
    if key in CONFIG_KEYS
}


def check_config_value(key: str, value: Any) -> Any:
    """One config field's value, checked alone (ValueError if out of range or of a wrong type)."""
    return _CHECKS[key](key, value)


def enum_values(key: str) -> tuple[str, ...]:
    """The values the admin spec allows for an enum config key."""
    return tuple(config_schema()[key]["enum"])


CABLES = tuple(cable for cable in enum_values("cable") if cable != NO_CABLE)

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
    "preconditioning_times": ALL_WEEK,
    "off_peak_charging_enabled": False,
    "off_peak_charging_times": ALL_WEEK,
    "off_peak_hours_end_time": 360,
    "profile": FULL,
    "command_signing": SIGNING_OFF,
    "unsigned_command_refusal": REFUSE_FORBIDDEN,
    "virtual_key_paired": True,
    "firmware_version": "2024.20.9",
    "price_per_kwh": 0.30,
    "currency_code": "USD",
    "home_latitude": DEFAULT_HOME[0],
    "home_longitude": DEFAULT_HOME[1],
    "work_latitude": None,
    "work_longitude": None,
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
        # A new car is parked at its home.
        "latitude": given.get("home_latitude", DEFAULT_HOME[0]),
        "longitude": given.get("home_longitude", DEFAULT_HOME[1]),
        "cable": DEFAULT_CABLE if plugged else NO_CABLE,
        "charge_port_door_open": plugged,
        "charge_port_latch": ENGAGED if plugged else DISENGAGED,
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
    if (config["work_latitude"] is None) != (config["work_longitude"] is None):
        raise InconsistentConfig(
            "work_latitude, work_longitude: give both (a work location) or neither (none)"
        )


def plug_transition(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The keys that plugging a cable in or out changes, unless the patch sets them itself."""
    plugging = changes.get("plugged_in")
    if plugging is True and not current["plugged_in"]:
        return {
            "cable": DEFAULT_CABLE,
            "charging_state": STOPPED,
            "charge_port_latch": ENGAGED,
            "charge_port_door_open": True,
        }
    if plugging is False and current["plugged_in"]:
        return {
            "cable": NO_CABLE,
            "charging_state": DISCONNECTED,
            "charge_port_latch": DISENGAGED,
        }
    return {}
