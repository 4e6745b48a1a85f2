"""The vehicle rules accept exactly the raw-state fields and ranges the admin spec documents.

The per-field checks are built from `VehicleConfig` in spec/mock-admin.yaml
(tesla_mock/vehicle_config.py) and guard fleet files that never pass through HTTP; the car's
state is one `RawState` field per config key. These tests prove the two agree: the same fields
in the same order, each documented bound probed on both sides, and every value the rules name
(states, modes, the charge limit's range) one the spec allows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from tesla_mock import vehicle_state
from tesla_mock.specs import ADMIN_SPEC, spec_dir
from tesla_mock.vehicle import CONFIG_KEYS, IDENTITY_KEYS, check_config_value
from tesla_mock.vehicle_state import CONFIG_FIELDS

SPEC = yaml.load((spec_dir() / ADMIN_SPEC).read_text(), Loader=yaml.CSafeLoader)
SCHEMAS = SPEC["components"]["schemas"]
FIELDS: dict[str, dict[str, Any]] = SCHEMAS["VehicleConfig"]["properties"]


def accepts(key: str, value: Any) -> bool:
    try:
        check_config_value(key, value)
    except ValueError:
        return False
    return True


def probes(field: dict[str, Any]) -> list[tuple[Any, bool]]:
    """(value, documented as valid) pairs at the edges of one field's schema."""
    cases: list[tuple[Any, bool]] = [(None, bool(field.get("nullable")))]
    kind = field["type"]
    if "enum" in field:
        cases += [(value, True) for value in field["enum"]]
        cases.append(("not-a-member", False))
    elif kind == "boolean":
        cases += [(True, True), (False, True), ("yes", False)]
    elif kind in ("integer", "number"):
        low, high = field.get("minimum"), field.get("maximum")

        def step(bound: float) -> float:  # the nearest distinct value beyond the bound
            return 1 if kind == "integer" else max(1e-6, abs(bound) * 1e-9)

        if low is not None:
            exclusive = field.get("exclusiveMinimum", False)
            cases += [(low, not exclusive), (low - step(low), False)]
            if exclusive:
                cases.append((low + step(low), True))
        if high is not None:
            cases += [(high, True), (high + step(high), False)]
        if kind == "integer":
            cases.append((1.5, False))
        cases.append(("7", False))
    elif kind == "string":
        if "maxLength" in field:
            cases += [("x" * field["maxLength"], True), ("x" * (field["maxLength"] + 1), False)]
        cases.append((7, False))
    return cases


def test_the_spec_documents_every_config_field_and_no_other() -> None:
    assert set(FIELDS) == CONFIG_KEYS
    assert SCHEMAS["VehicleConfig"]["additionalProperties"] is False


def test_the_state_dataclass_has_the_spec_fields_in_the_spec_order() -> None:
    # The admin API's raw state lists the fields in this order.
    assert list(CONFIG_FIELDS) == list(FIELDS)


# The values of the config's enums that the rules act on, by the key whose enum holds them.
RULE_VALUES = {
    "state": ("ONLINE", "ASLEEP", "OFFLINE"),
    "charging_state": ("CHARGING", "STOPPED", "COMPLETE", "DISCONNECTED"),
    "cable": ("NO_CABLE", "DEFAULT_CABLE"),
    "charge_port_latch": ("ENGAGED", "DISENGAGED"),
    "scheduled_charging_mode": ("MODE_OFF", "MODE_START_AT", "MODE_DEPART_BY"),
    "preconditioning_times": ("ALL_WEEK", "WEEKDAYS_ONLY"),
    "off_peak_charging_times": ("ALL_WEEK", "WEEKDAYS_ONLY"),
    "profile": ("FULL", "SPARSE"),
    "command_signing": ("SIGNING_OFF", "SIGNING_REQUIRED"),
    "unsigned_command_refusal": ("REFUSE_FORBIDDEN", "REFUSE_HARDLOCKED"),
}


@pytest.mark.parametrize(("key", "names"), RULE_VALUES.items())
def test_the_values_the_rules_name_are_in_the_spec(key: str, names: tuple[str, ...]) -> None:
    for name in names:
        assert getattr(vehicle_state, name) in FIELDS[key]["enum"], name


def test_the_charge_limit_range_of_the_rules_is_the_spec_range() -> None:
    for key in ("charge_limit_soc", "charge_limit_soc_std"):
        assert FIELDS[key]["minimum"] == vehicle_state.CHARGE_LIMIT_SOC_MIN
        assert FIELDS[key]["maximum"] == vehicle_state.CHARGE_LIMIT_SOC_MAX


def test_a_patch_may_change_every_field_but_identity() -> None:
    patchable = set(SCHEMAS["VehiclePatch"]["properties"])
    assert patchable == CONFIG_KEYS - IDENTITY_KEYS


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [(key, value, valid) for key, field in FIELDS.items() for value, valid in probes(field)],
)
def test_the_rules_accept_what_the_spec_documents(key: str, value: Any, valid: bool) -> None:
    assert accepts(key, value) is valid, f"{key}={value!r}: the spec says valid={valid}"


@pytest.mark.parametrize(
    ("vin", "valid"),
    [("5YJ3E1EA7KF317000", True), ("5YJ3E1EA7KF31700", False), ("5YJ3E1EA7KF31700I", False)],
)
def test_vin_follows_the_spec_pattern(vin: str, valid: bool) -> None:
    assert bool(re.fullmatch(FIELDS["vin"]["pattern"], vin)) is valid
    assert accepts("vin", vin) is valid


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("firmware_version", "2024.26.7", True),
        ("firmware_version", "2023.44.30.8", True),
        ("firmware_version", "2024.26", True),
        ("firmware_version", "2024.26.7\n", False),
        ("firmware_version", "v2024.26", False),
        ("currency_code", "EUR", True),
        ("currency_code", "eur", False),
        ("currency_code", "EURO", False),
    ],
)
def test_patterned_fields_follow_the_spec_pattern(key: str, value: str, valid: bool) -> None:
    pattern = FIELDS[key]["pattern"]
    assert bool(re.search(pattern, value)) is valid
    assert accepts(key, value) is valid
