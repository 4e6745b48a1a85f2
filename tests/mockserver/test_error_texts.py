"""The error texts (tesla_mock/error_texts.py) and the clock's units (tesla_mock/admin.py) as
plain Python: what each says, that it is one line, and that what it names agrees with the
specs."""

from __future__ import annotations

import re

import pytest
from tesla_mock import error_texts
from tesla_mock.admin import SECONDS_PER_UNIT, clock_advance_seconds
from tesla_mock.proxy import VIN_LENGTH
from tesla_mock.specs import ADMIN_SPEC, VEHICLE_SPEC, load_spec
from tesla_mock.vehicle_views import KNOWN_SECTIONS

VEHICLE_ID = load_spec(VEHICLE_SPEC)["components"]["parameters"]["VehicleId"]
ADMIN_VEHICLE_KEY = load_spec(ADMIN_SPEC)["components"]["parameters"]["VehicleKey"]
TEN_YEARS_S = 10 * 365 * 24 * 3600


def parameter(name: str, location: str = "query", path: str = "/api/1/dx/charging/history"):
    operation, _ = error_texts.operation_for("GET", path)
    (found,) = (p for p in operation.parameters if (p["name"], p["in"]) == (name, location))
    return found


def one_line(text: str) -> str:
    assert "\n" not in text and "\r" not in text, text
    return text


# -- what the texts name agrees with the specs --------------------------------------------------
def test_the_vin_facts_the_texts_state_are_the_specs_patterns() -> None:
    for pattern in (VEHICLE_ID["schema"]["pattern"], ADMIN_VEHICLE_KEY["schema"]["pattern"]):
        assert re.search(pattern, error_texts.VIN_PROBE)
        assert re.search(pattern, error_texts.NUMERIC_ID_PROBE)
        assert len(error_texts.VIN_PROBE) == VIN_LENGTH
        assert not re.search(pattern, error_texts.VIN_PROBE.lower())  # upper case only
        for letter in "IOQ":  # "without I, O or Q"
            assert not re.search(pattern, letter + error_texts.VIN_PROBE[1:])
        assert not re.search(pattern, error_texts.VIN_PROBE + "0")  # 17 characters


def test_the_vehicle_data_sections_are_the_specs_and_the_rules() -> None:
    sections = error_texts.vehicle_data_sections()
    assert set(sections) == KNOWN_SECTIONS
    assert sections[0] == "charge_state"  # in the spec's order


def test_the_clock_units_are_the_specs_and_each_reaches_ten_years() -> None:
    schema = load_spec(ADMIN_SPEC)["components"]["schemas"]["ClockAdvance"]
    assert set(schema["properties"]) == set(SECONDS_PER_UNIT)
    for unit, seconds in SECONDS_PER_UNIT.items():
        bounds = schema["properties"][unit]
        assert (bounds["minimum"], bounds["exclusiveMinimum"]) == (0, True)
        assert bounds["maximum"] * seconds == TEN_YEARS_S
    assert schema["minProperties"] == 1 and schema["additionalProperties"] is False


def test_an_advance_adds_its_units_up_in_seconds() -> None:
    assert clock_advance_seconds({"minutes": 90}) == 5400
    assert clock_advance_seconds({"seconds": 30, "minutes": 1, "hours": 2}) == 7290
    assert clock_advance_seconds({"hours": 0.5}) == 1800
    assert clock_advance_seconds({"seconds": 0.25}) == 0.25


# -- the operation a request reached -----------------------------------------------------------
def test_a_path_without_parameters_wins_over_a_template_that_matches_it() -> None:
    operation, values = error_texts.operation_for("POST", "/api/1/vehicles/fleet_status")
    assert (operation.operation_id, values) == ("fleet_status", {})
    operation, values = error_texts.operation_for("GET", "/api/1/vehicles/fleet_status")
    assert (operation.operation_id, values) == ("get_vehicle", {"id": "fleet_status"})


def test_admin_operations_are_found_under_their_mount_with_their_body_fields() -> None:
    operation, values = error_texts.operation_for("GET", "/__mock/vehicles/42/journal")
    assert (operation.operation_id, values) == ("get_journal", {"vehicle_id": "42"})
    names = [p["name"] for p in operation.parameters]  # the path's $ref resolved, then the query's
    assert names == ["vehicle_id", "method", "path_contains", "status", "limit"]
    advance, _ = error_texts.operation_for("POST", "/__mock/clock/advance")
    assert advance.body_fields == ("seconds", "minutes", "hours")
    assert error_texts.operation_for("GET", "/__mock/clock/advance") is None
    assert error_texts.operation_for("GET", "/api/1/nothing") is None


# -- parameters ------------------------------------------------------------------------------
def test_a_lowercase_vin_is_shown_in_upper_case() -> None:
    text = error_texts.parameter_refusal("path", VEHICLE_ID, "5yj3e1ea7kf000001", "ignored")
    assert one_line(text) == (
        "path parameter 'id': '5yj3e1ea7kf000001' is a VIN in lower case; VINs are 17 "
        "upper-case letters and digits, without I, O or Q: '5YJ3E1EA7KF000001'"
    )


def test_a_key_that_is_neither_id_nor_vin_says_what_both_look_like() -> None:
    text = one_line(error_texts.parameter_refusal("path", VEHICLE_ID, "my-car", "ignored"))
    assert text.startswith("path parameter 'id': 'my-car' is neither a car's numeric id")
    assert "GET /api/1/products lists both" in text


def test_a_vin_only_parameter_says_what_a_vin_is() -> None:
    text = error_texts.parameter_refusal("query", parameter("vin"), "ABC", "ignored")
    assert one_line(text) == (
        "query parameter 'vin': 'ABC' is not a VIN (17 upper-case letters and digits, without I, "
        "O or Q)"
    )


def test_another_pattern_shows_the_specs_example() -> None:
    text = error_texts.parameter_refusal("query", parameter("startTime"), "soon", "ignored")
    assert one_line(text) == (
        "query parameter 'startTime': 'soon' is not of the form it takes, for example "
        "'2026-11-01T00:00:00Z'"
    )


def test_a_refusal_other_than_the_pattern_keeps_the_validators_first_line() -> None:
    per_page = parameter("per_page", path="/api/1/vehicles")
    why = "0 is less than the minimum of 1"
    assert error_texts.parameter_refusal("query", per_page, 0, why) == (
        f"query parameter 'per_page': {why}"
    )
    too_long = "charge_state;" * 20 + "charge_state"  # every name known, the whole too long
    endpoints = parameter("endpoints", path="/api/1/vehicles/1/vehicle_data")
    assert error_texts.parameter_refusal("query", endpoints, too_long, "x is too long") == (
        "query parameter 'endpoints': x is too long"
    )


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("charge_state;nope", " names 'nope', which"),
        ("charge_state;", " names '', which"),
        ("charge_state,drive_state", " names 'charge_state,drive_state', which"),
    ],
)
def test_a_list_parameter_names_the_value_it_does_not_take_and_lists_the_rest(
    value: str, named: str
) -> None:
    endpoints = parameter("endpoints", path="/api/1/vehicles/1/vehicle_data")
    text = one_line(error_texts.parameter_refusal("query", endpoints, value, "ignored"))
    sections = ", ".join(error_texts.vehicle_data_sections())
    expected_named = "" if value == "charge_state,drive_state" else named
    assert text == (
        f"query parameter 'endpoints': {value!r}{expected_named} does not match any accepted "
        f"value; give one or more of {sections}, separated by ';'"
    )


def test_a_list_pattern_is_read_with_or_without_the_final_newline_guard() -> None:
    assert error_texts.separated_choices("^(a|b)(;(a|b))*$") == (";", ("a", "b"))
    assert error_texts.separated_choices("^(a|b)(,(a|b))*$(?!\n)") == (",", ("a", "b"))
    assert error_texts.separated_choices("^(a|b)(;(a|c))*$") is None
    assert error_texts.separated_choices(VEHICLE_ID["schema"]["pattern"]) is None


def test_a_long_value_is_quoted_in_part() -> None:
    text = error_texts.parameter_refusal("path", VEHICLE_ID, "x" * 5000, "ignored")
    assert len(one_line(text)) < 400
    assert "x" * (error_texts.SHOWN_CHARS - 5) + "..." in text


# -- bodies, paths, tokens ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("names", "json_like"),
    [
        ('{"percent": 70}', True),
        ('{"a": "x', True),  # the part before an `=` in the JSON
        ('c"},{"percent": 65, "note": "a', True),  # pieces between `&` and `=`, joined
        ("[1, 2]", True),
        ("null", True),
        ("42", True),
        ('"text"', True),
        ("colour", False),
        ("percent,colour", False),
        ("", False),
    ],
)
def test_form_field_names_that_are_json_text_are_recognised(names: str, json_like: bool) -> None:
    assert error_texts.looks_like_json(names) is json_like


def test_the_json_advice_names_the_header_and_curls_habit() -> None:
    text = one_line(error_texts.FORM_ENCODED_JSON)
    assert "Content-Type: application/json" in text and "curl -d" in text


def test_an_unknown_vehicle_and_an_unknown_path_read_differently() -> None:
    vehicle = one_line(error_texts.unknown_vehicle("1234567890"))
    path = one_line(error_texts.unknown_path("GET", "/api/1/x", shaped_like_a_served_path=False))
    assert vehicle == (
        "no vehicle 1234567890 in this account: use an id_s or vin that GET /api/1/products lists"
    )
    assert path == (
        "no such path: GET /api/1/x; the paths served are in /openapi.json (Swagger UI: /ui/)"
    )
    admin = error_texts.unknown_path("DELETE", "/__mock/faults/abc", shaped_like_a_served_path=True)
    assert admin == (
        "DELETE /__mock/faults/abc: a path parameter is not of its type; see "
        "/__mock/openapi.json (Swagger UI: /__mock/ui/)"
    )


def test_an_odd_path_is_quoted_and_cut() -> None:
    text = error_texts.unknown_path("GET", "/a\n" + "b" * 5000, shaped_like_a_served_path=False)
    assert one_line(text).startswith("no such path: GET '/a\\nbbb")
    assert len(text) < 250


def test_the_admin_token_text_says_where_the_token_comes_from() -> None:
    text = one_line(error_texts.ADMIN_TOKEN_WANTED)
    assert "--admin-token" in text and "TESLA_MOCK_ADMIN_TOKEN" in text and "banner" in text


def test_a_wrong_method_names_the_ones_the_path_takes() -> None:
    assert error_texts.wrong_method("GET", ["POST"]) == (
        "GET is not served here; this path takes POST"
    )
