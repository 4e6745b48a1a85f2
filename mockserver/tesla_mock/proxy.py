"""Command bodies read the way Tesla's vehicle-command proxy reads them (the `proxy` flavor).

The proxy parses a command's JSON body itself before it signs anything (pkg/proxy/command.go):
numbers must be JSON numbers (truncated to 32-bit integers where the car takes integers),
booleans JSON booleans, `days_of_week` a string of day names; a missing required parameter is
`missing X param` and a wrong type `invalid X param`, both HTTP 400 with a command result in
`response`; unknown keys are ignored; an empty body or `null` means "no parameters"; a body that
is not JSON is the bare text `error occurred while parsing request parameters`.

`read_command_body` does that, plain Python: it returns the body the vehicle API's schema takes
(so the rest of the mock serves the command as usual) or the proxy's error answer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from tesla_mock.schedules import UnrecognizedDayName, days_bitmask

# Each command's parameters in the order the proxy reads them (its first error wins):
# (name, kind, required). Kinds: "int" (a JSON number, truncated), "float", "bool", "days".
_PARAMETERS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "set_charge_limit": (("percent", "int", True),),
    "set_charging_amps": (("charging_amps", "int", True),),
    "set_scheduled_charging": (("enable", "bool", True), ("time", "int", False)),
    "set_scheduled_departure": (
        ("enable", "bool", True),
        ("off_peak_charging_enabled", "bool", False),
        ("off_peak_charging_weekdays_only", "bool", False),
        ("preconditioning_enabled", "bool", False),
        ("preconditioning_weekdays_only", "bool", False),
        ("departure_time", "int", False),
        ("end_off_peak_time", "int", False),
    ),
    "add_charge_schedule": (
        ("lat", "float", True),
        ("lon", "float", True),
        ("start_time", "int", False),
        ("start_enabled", "bool", True),
        ("end_time", "int", False),
        ("end_enabled", "bool", True),
        ("days_of_week", "days", True),
        ("id", "int", False),
        ("enabled", "bool", True),
        ("one_time", "bool", False),
    ),
    "add_precondition_schedule": (
        ("lat", "float", True),
        ("lon", "float", True),
        ("precondition_time", "int", True),
        ("one_time", "bool", False),
        ("days_of_week", "days", True),
        ("id", "int", False),
        ("enabled", "bool", True),
    ),
    "remove_charge_schedule": (("id", "int", True),),
    "remove_precondition_schedule": (("id", "int", True),),
}
UNPARSABLE_BODY = "error occurred while parsing request parameters"
# In Tesla's command protocol but not in the proxy's command table: 400 invalid_command there.
NOT_IN_PROXY = frozenset({"batch_remove_charge_schedules", "batch_remove_precondition_schedules"})
# Command paths name the car by VIN only; a numeric id gets this 404 text (Tesla's typo).
VIN_LENGTH = 17
NUMERIC_ID_TEXT = "expected 17-character VIN in path (do not user Fleet API ID)"
# A command path asked with another method than POST: Go's http.StatusText(405).
WRONG_METHOD_TEXT = "Method Not Allowed"
# What the proxy prefixes to a car's refusal reason (pkg/proxy/proxy.go).
REFUSAL_PREFIX = "car could not execute command: "
_INT32 = 2**31
_ID_MAX = 2**53 - 1  # the spec's bound: what a JSON number holds exactly


@dataclass(frozen=True)
class ProxyAnswer:
    """The proxy's own error answer: `text` as the whole body (it is not JSON), or the JSON
    envelope with `response` a command result."""

    status: int
    text: str | None = None
    response: dict[str, Any] | None = None
    error: str = ""


def read_command_body(command: str, raw: bytes) -> dict[str, Any] | ProxyAnswer:
    """The parameters of `command` from its raw body, or the proxy's answer refusing it."""
    if command in NOT_IN_PROXY:
        return ProxyAnswer(400, error="invalid_command")
    params: Any = None
    if raw.strip():
        try:
            params = json.loads(raw)
        except ValueError:
            return ProxyAnswer(400, text=UNPARSABLE_BODY)
    if params is None:
        params = {}
    if not isinstance(params, dict):
        return ProxyAnswer(400, text=UNPARSABLE_BODY)
    read: dict[str, Any] = {}
    if command == "set_scheduled_departure" and params.get("enable") is False:
        return {"enable": False}  # "clear scheduled departure": the rest is not read
    for name, kind, required in _PARAMETERS.get(command, ()):
        if name not in params:
            if required:
                return _parameter_error(f"missing {name} param")
            continue
        value = _converted(params[name], kind)
        if value is None:
            return _parameter_error(f"invalid {name} param")
        if kind == "days":
            try:
                value = days_bitmask(value)
            except UnrecognizedDayName as exc:
                return ProxyAnswer(400, error=str(exc))
        if name == "id":
            # A uint64 on the wire; 0 is "now", as if it were missing.
            value = min(max(int(params[name]), 0), _ID_MAX)
            if value == 0:
                continue
        read[name] = value
    return read


def _converted(value: Any, kind: str) -> Any:
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "days":
        return value if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if kind == "float":
        return float(value)
    # Go's int32(float64): truncation toward zero, wrapped to 32 bits.
    truncated = int(value)
    return (truncated + _INT32) % (2 * _INT32) - _INT32


def _parameter_error(reason: str) -> ProxyAnswer:
    return ProxyAnswer(400, response={"result": False, "reason": reason})
