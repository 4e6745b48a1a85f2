"""Every example in the specs is valid for its schema, with OpenAPI 3.0 semantics."""

import pytest

from tests.spec import oas

LIMIT = "/api/1/vehicles/{id}/command/set_charge_limit"
DATA = "/api/1/vehicles/{id}/vehicle_data"


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_every_example_is_valid(path):
    doc = oas.load(path)
    examples = list(oas.iter_examples(doc))
    assert len(examples) > 0
    locations = [example.location for example in examples]
    assert len(set(locations)) == len(locations), "an example was visited twice"
    invalid = oas.invalid_examples(doc)
    assert not invalid, "invalid examples:\n" + "\n".join(invalid)


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_every_operation_has_examples(path):
    doc = oas.load(path)
    missing = []
    for route, method, operation in oas.operations(doc):
        name = f"{method.upper()} {route}"
        body = oas.deref(doc, operation.get("requestBody", {}))
        if body:
            assert body.get("content"), f"{name}: a request body without content"
        for media_type, media in body.get("content", {}).items():
            if not oas.media_example_values(doc, media):
                missing.append(f"{name}: request body {media_type}")
        for status, response in operation["responses"].items():
            for media_type, media in oas.deref(doc, response).get("content", {}).items():
                if not oas.media_example_values(doc, media):
                    missing.append(f"{name}: response {status} {media_type}")
    assert not missing, "no example:\n" + "\n".join(missing)


def test_vehicle_spec_example_count():
    """The walk reaches every kind of place an example can be written in."""
    locations = [e.location for e in oas.iter_examples(oas.load(oas.VEHICLE_SPEC))]
    for fragment in (
        ".parameters.",  # parameter examples
        ".requestBody.content.application/json.examples.",
        ".requestBody.content.application/x-www-form-urlencoded.examples.",
        "components.responses.CommandResult.content.application/json.examples.",
        "components.responses.TooManyRequests.headers.Retry-After.example",
        "components.schemas.ChargeLimitPercent.example",
        "components.parameters.Page.schema.default",
    ):
        assert any(fragment in location for location in locations), fragment


def _set_percent(doc):
    media = doc["paths"][LIMIT]["post"]["requestBody"]["content"]["application/json"]
    media["examples"]["daily"]["value"]["percent"] = 2**31  # beyond int32, as the proxy's


def _charge_state(doc):
    return doc["components"]["examples"]["VehicleDataCharging"]["value"]["response"]["charge_state"]


def _set(section, key, value):
    def mutate(doc):
        section(doc)[key] = value

    return mutate


MUTATIONS = {
    # mutation: where the validator has to report it
    "request example out of range": (
        _set_percent,
        f"paths.{LIMIT}.post.requestBody.content.application/json.examples.daily: percent: {2**31}",
    ),
    "shared example used by a response: null in a non-nullable field": (
        _set(_charge_state, "battery_level", None),
        f"paths.{DATA}.get.responses.200.content.application/json.examples.charging: "
        "response/charge_state/battery_level: None is not of type 'integer'",
    ),
    "nullable field with the wrong type": (
        _set(_charge_state, "charger_power", "8"),
        "response/charge_state/charger_power: '8' is not of type 'integer', 'null'",
    ),
    "float where draft 4 wants an integer": (
        _set(_charge_state, "charge_limit_soc", 80.0),
        "response/charge_state/charge_limit_soc: 80.0 is not of type 'integer'",
    ),
    "error envelope with a non-null response": (
        _set(
            lambda d: d["components"]["responses"]["NotFound"]["content"]["application/json"][
                "examples"
            ]["not_found"]["value"],
            "response",
            "x",
        ),
        "components.responses.NotFound.content.application/json.examples.not_found: response:",
    ),
    "header example": (
        _set(
            lambda d: d["components"]["responses"]["TooManyRequests"]["headers"]["Retry-After"],
            "example",
            -1,
        ),
        "components.responses.TooManyRequests.headers.Retry-After.example: <root>: -1 is less",
    ),
    "parameter example": (
        _set(lambda d: d["components"]["parameters"]["Page"], "example", 0),
        "components.parameters.Page.example: <root>: 0 is less than the minimum of 1",
    ),
    "schema-level example": (
        _set(lambda d: d["components"]["schemas"]["ScheduledChargingTime"], "example", -1),
        "components.schemas.ScheduledChargingTime.example: <root>: -1 is less than the minimum",
    ),
}


@pytest.mark.parametrize("case", MUTATIONS, ids=list(MUTATIONS))
def test_an_invalid_example_is_reported(case):
    """The check can fail: one broken example is reported, where it is written."""
    mutate, expected = MUTATIONS[case]
    doc = oas.load(oas.VEHICLE_SPEC)
    assert oas.invalid_examples(doc) == []
    mutate(doc)
    invalid = oas.invalid_examples(doc)
    assert len(invalid) == 1, invalid
    assert expected in invalid[0], invalid[0]


def test_nullable_translation():
    assert oas.to_draft4({"type": "integer", "nullable": True}) == {"type": ["integer", "null"]}
    # Without a type, nullable adds nothing (OpenAPI 3.0.3); an enum decides.
    assert oas.schema_errors({"nullable": True, "enum": [None]}, None) == []
    assert oas.schema_errors({"nullable": True, "enum": [None]}, "x")
    assert oas.schema_errors({"type": "string"}, None)
    assert oas.schema_errors({"type": "string", "nullable": True}, None) == []
    # A property named like an OpenAPI keyword is kept.
    schema = {"type": "object", "properties": {"example": {"type": "integer"}}}
    assert oas.schema_errors(schema, {"example": "x"})
