"""The vehicle rules accept exactly the raw-state fields and ranges the admin spec documents.

The rules' own checks guard fleet files that never pass through HTTP, so it keeps its own checks;
this test is what stops them drifting from `VehicleConfig` in spec/mock-admin.yaml. Each
documented bound is probed on both sides.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from mockserver.specs import ADMIN_SPEC, spec_dir
from mockserver.vehicle import CONFIG_KEYS, IDENTITY_KEYS, check_config_value

SPEC = yaml.safe_load((spec_dir() / ADMIN_SPEC).read_text())
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
