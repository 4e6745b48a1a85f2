"""One test per rule of the gate, on small spec pairs (tests/release/specpairs.py)."""

from __future__ import annotations

from typing import Any

import pytest
from tesla_mock.release.changes import Impact

from tests.release.specpairs import base, car, changes_after, limit_body, only, query_parameter

CLIENTS, SERVERS = Impact.BREAKING_CLIENTS, Impact.BREAKING_SERVERS
ADDITIVE, DOCS = Impact.ADDITIVE, Impact.DOCS


def props(spec: dict[str, Any]) -> dict[str, Any]:
    return car(spec)["properties"]  # type: ignore[no-any-return]


# (test id, edit, impact, operation, where, field, words the change's `what` contains)
RESPONSE_RULES = [
    ("field removed", lambda s: props(s).pop("name"), CLIENTS, "name", "removed"),
    ("field made nullable", lambda s: props(s)["name"].update(nullable=True), CLIENTS, "name",
     "made nullable"),
    ("field no longer required", lambda s: car(s)["required"].remove("state"), CLIENTS, "state",
     "no longer required"),
    ("field added, optional", lambda s: props(s).update(odometer={"type": "number"}), ADDITIVE,
     "odometer", "added (optional)"),
    ("field added, required", lambda s: (props(s).update(vin={"type": "string"}),
     car(s)["required"].append("vin")), SERVERS, "vin", "added, required"),
    ("field now required", lambda s: car(s)["required"].append("name"), SERVERS, "name",
     "now required"),
    ("closed enum widened", lambda s: props(s)["state"]["enum"].append("offline"), CLIENTS,
     "state", 'enum value(s) ["offline"] added'),
    ("enum value removed", lambda s: props(s)["state"]["enum"].remove("asleep"), CLIENTS,
     "state", 'enum value(s) ["asleep"] removed'),
    ("open enum widened", lambda s: s["components"]["schemas"]["KnownChargingState"]["enum"]
     .append("Complete"), ADDITIVE, "charging", "(the enum is open) (schema `KnownChargingState`)"),
    ("open enum closed", lambda s: s["components"]["schemas"]["ChargingState"]["anyOf"].pop(),
     CLIENTS, "charging", "enum closed (the `anyOf` branch that took any string removed)"),
    ("open enum replaced by its closed enum", lambda s: props(s).update(charging={
        "$ref": "#/components/schemas/KnownChargingState"}), CLIENTS, "charging", "enum closed"),
    ("type changed", lambda s: props(s)["id"].update(type="string"), CLIENTS, "id",
     "type integer -> string"),
    ("field of an array item, in a recursive schema", lambda s: s["components"]["schemas"]["Part"]
     ["properties"].pop("label"), CLIENTS, "parts[].label", "removed (schema `Part`)"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "impact", "field", "what"), [r[1:] for r in RESPONSE_RULES],
                         ids=[r[0] for r in RESPONSE_RULES])  # fmt: skip
def test_response_body_rules(edit: Any, impact: Impact, field: str, what: str) -> None:
    change = only(changes_after(edit))
    assert (change.impact, change.operation, change.where) == (
        impact,
        "get_car",
        "200 response body",
    )
    assert change.field == field and what in change.what, change.line()


REQUEST_RULES = [
    ("range narrowed", lambda s: limit_body(s)["properties"]["percent"].update(minimum=60),
     CLIENTS, "percent", "`minimum` 50 -> 60"),
    ("range widened", lambda s: limit_body(s)["properties"]["percent"].update(maximum=110),
     SERVERS, "percent", "`maximum` 100 -> 110"),
    ("length narrowed", lambda s: limit_body(s)["properties"]["note"].update(maxLength=10),
     CLIENTS, "note", "`maxLength` 20 -> 10"),
    ("pattern added", lambda s: limit_body(s)["properties"]["note"].update(pattern="^[a-z]*$"),
     CLIENTS, "note", '`pattern` "^[a-z]*$" added'),
    ("field added, required", lambda s: (limit_body(s)["properties"].update(amps={"type":
     "integer"}), limit_body(s)["required"].append("amps")), CLIENTS, "amps", "added, required"),
    ("field added, optional", lambda s: limit_body(s)["properties"].update(amps={"type":
     "integer"}), ADDITIVE, "amps", "added (optional)"),
    ("field now required", lambda s: limit_body(s)["required"].append("note"), CLIENTS, "note",
     "now required"),
    ("field no longer required", lambda s: limit_body(s)["required"].remove("percent"), SERVERS,
     "percent", "no longer required"),
    ("int32 format within the range", lambda s: limit_body(s)["properties"]["percent"].update(
     format="int32", minimum=-1), SERVERS, "percent", "`minimum` 50 -> -1"),
    ("integer widened to number", lambda s: limit_body(s)["properties"]["percent"].update(
     type="number"), SERVERS, "percent", "type integer -> number"),
    ("additional properties allowed", lambda s: limit_body(s).pop("additionalProperties"),
     SERVERS, "", "additional properties allowed"),
    ("made nullable through anyOf", lambda s: s["paths"]["/cars/{id}/limit"]["post"]
     ["requestBody"]["content"]["application/json"].update(schema={"anyOf": [limit_body(s),
     {"type": "object", "nullable": True, "enum": [None]}]}), SERVERS, "", "`anyOf` branch"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "impact", "field", "what"), [r[1:] for r in REQUEST_RULES],
                         ids=[r[0] for r in REQUEST_RULES])  # fmt: skip
def test_request_body_rules(edit: Any, impact: Impact, field: str, what: str) -> None:
    change = only(changes_after(edit))
    assert (change.impact, change.operation, change.where) == (impact, "set_limit", "request body")
    assert change.field == field and what in change.what, change.line()


PARAMETER_RULES = [
    ("enum narrowed", lambda s: query_parameter(s)["schema"]["enum"].remove("charge"), CLIENTS,
     'enum value(s) ["charge"] removed'),
    ("made required", lambda s: query_parameter(s).update(required=True), CLIENTS,
     "now required"),
    ("pattern alternatives added", lambda s: query_parameter(s)["schema"].update(
     pattern="^(all|charge|climate)$"), SERVERS, "`pattern` alternatives added: climate"),
    ("pattern alternatives removed", lambda s: query_parameter(s)["schema"].update(
     pattern="^(all)$"), CLIENTS, "`pattern` alternatives removed: charge"),
    ("pattern replaced", lambda s: query_parameter(s)["schema"].update(pattern="^[a-z]+$"),
     CLIENTS, '`pattern` "^(all|charge)$" -> "^[a-z]+$"'),
    ("style changed", lambda s: query_parameter(s).update(style="deepObject"), CLIENTS,
     "`style` changed"),
    ("removed", lambda s: s["paths"]["/cars/{id}"]["get"]["parameters"].clear(), CLIENTS,
     "removed"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "impact", "what"), [r[1:] for r in PARAMETER_RULES],
                         ids=[r[0] for r in PARAMETER_RULES])  # fmt: skip
def test_parameter_rules(edit: Any, impact: Impact, what: str) -> None:
    change = only(changes_after(edit))
    assert (change.impact, change.operation) == (impact, "get_car")
    assert change.where == "query parameter fields" and what in change.what, change.line()


def add_parameter(required: bool) -> Any:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"]["/cars/{id}"]["get"]["parameters"].append(
            {"name": "units", "in": "query", "required": required, "schema": {"type": "string"}}
        )

    return edit


def inline_known_state(spec: dict[str, Any]) -> None:
    """The enum of `ChargingState` written inline: the SDK model `KnownChargingState` goes."""
    schemas = spec["components"]["schemas"]
    schemas["ChargingState"]["anyOf"][0] = schemas.pop("KnownChargingState")


def move(spec: dict[str, Any], old: str, new: str) -> None:
    spec["paths"][new] = spec["paths"].pop(old)


OPERATION_RULES = [
    ("parameter added, required", add_parameter(True), CLIENTS, "get_car",
     "query parameter units: added, required"),
    ("parameter added, optional", add_parameter(False), ADDITIVE, "get_car",
     "query parameter units: added (optional)"),
    ("operation removed", lambda s: s["paths"].pop("/cars/{id}/limit"), CLIENTS, "set_limit",
     "removed (POST /cars/{id}/limit)"),
    ("operation added", lambda s: s["paths"].update({"/cars": {"get": {"operationId":
     "list_cars", "responses": {"200": {"description": "All."}}}}}), ADDITIVE, "list_cars",
     "added (GET /cars)"),
    ("operationId renamed", lambda s: s["paths"]["/cars/{id}/limit"]["post"].update(
     operationId="set_charge_limit"), CLIENTS, "set_limit",
     "operationId renamed to `set_charge_limit`"),
    ("path moved", lambda s: move(s, "/cars/{id}/limit", "/cars/{id}/charge_limit"), CLIENTS,
     "set_limit", "moved from POST /cars/{id}/limit to POST /cars/{id}/charge_limit"),
    ("path moved and operation renamed", lambda s: (move(s, "/cars/{id}/limit",
     "/cars/{id}/charge_limit"), s["paths"]["/cars/{id}/charge_limit"]["post"].update(
     operationId="set_charge_limit")), CLIENTS, "set_limit",
     "renamed to `set_charge_limit` and moved"),
    ("path parameter renamed", lambda s: s["paths"].update({"/cars/{car_id}/limit": s["paths"]
     .pop("/cars/{id}/limit")}) or s["paths"]["/cars/{car_id}/limit"]["post"]["parameters"][0]
     .update(name="car_id"), CLIENTS, "set_limit", "path parameters renamed"),
    ("SDK module moved (first tag)", lambda s: s["paths"]["/cars/{id}/limit"]["post"].update(
     tags=["limits", "charging"]), CLIENTS, "set_limit", "first tag charging -> limits"),
    ("response status added", lambda s: s["paths"]["/cars/{id}"]["get"]["responses"].update(
     {"429": {"description": "Slow down."}}), ADDITIVE, "get_car", "429 response: added"),
    ("response status removed", lambda s: s["paths"]["/cars/{id}"]["get"]["responses"].pop(
     "404"), CLIENTS, "get_car", "404 response: removed"),
    ("response header removed", lambda s: s["paths"]["/cars/{id}"]["get"]["responses"]["200"]
     .pop("headers"), CLIENTS, "get_car", "200 response header X-Age: removed"),
    ("request body made optional", lambda s: s["paths"]["/cars/{id}/limit"]["post"]
     ["requestBody"].update(required=False), SERVERS, "set_limit",
     "request body: no longer required"),
    ("request media type removed", lambda s: s["paths"]["/cars/{id}/limit"]["post"]
     ["requestBody"].update(content={"application/x-www-form-urlencoded": {"schema":
     limit_body(base())}}), CLIENTS, "set_limit", "request body application/json: media type "
     "removed"),
    ("response media type added", lambda s: s["paths"]["/cars/{id}"]["get"]["responses"]["200"]
     ["content"].update({"text/plain": {"schema": {"type": "string"}}}), CLIENTS, "get_car",
     "200 response body text/plain: media type added (clients may get a body they do not read)"),
    ("request media type added", lambda s: s["paths"]["/cars/{id}/limit"]["post"]["requestBody"]
     ["content"].update({"application/x-www-form-urlencoded": {"schema": limit_body(base())}}),
     SERVERS, "set_limit", "request body application/x-www-form-urlencoded: media type added"),
    ("security: a scope required", lambda s: s["paths"]["/cars/{id}"]["get"].update(
     security=[{"bearerAuth": ["vehicle_cmds"]}]), CLIENTS, "get_car", "no longer accepted"),
    ("security: none required", lambda s: s["paths"]["/cars/{id}"]["get"].update(security=[]),
     SERVERS, "get_car", "security: no longer required"),
    ("security scheme changed", lambda s: s["components"]["securitySchemes"]["bearerAuth"]
     .update(scheme="basic"), CLIENTS, "", "security scheme bearerAuth: changed"),
    ("SDK model removed", lambda s: inline_known_state(s), CLIENTS, "",
     "schema `KnownChargingState`: removed"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "impact", "operation", "what"),
                         [r[1:] for r in OPERATION_RULES],
                         ids=[r[0] for r in OPERATION_RULES])  # fmt: skip
def test_operation_rules(edit: Any, impact: Impact, operation: str, what: str) -> None:
    changes = [c for c in changes_after(edit) if c.impact is impact and c.operation == operation]
    assert any(what in change.line() for change in changes), [c.line() for c in changes]
    if impact is not CLIENTS:  # nothing else is reported as breaking
        assert not [c.line() for c in changes_after(edit) if c.impact is CLIENTS]


def test_a_renamed_model_is_named_with_its_new_name() -> None:
    def rename(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        schemas["Component"] = schemas.pop("Part")
        schemas["Component"]["properties"]["parts"]["items"]["$ref"] = (
            "#/components/schemas/Component"
        )
        props(spec)["parts"]["items"]["$ref"] = "#/components/schemas/Component"

    lines = [change.line() for change in changes_after(rename)]
    assert "schema `Part`: renamed to `Component` (the SDK model is renamed)" in lines, lines


def test_documentation_changes_are_documentation_only() -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["info"]["description"] = "Smaller."
        spec["paths"]["/cars/{id}"]["get"]["summary"] = "A car"
        props(spec)["name"]["description"] = "What the owner calls it."
        props(spec)["name"]["example"] = "Nikola"

    changes = changes_after(edit)
    assert {change.impact for change in changes} == {DOCS}
    lines = [change.line() for change in changes]
    assert "get_car: `summary` changed" in lines
    assert "get_car 200 response body: `name`: `description` changed (schema `Car`)" in lines


def test_an_unchanged_spec_has_no_changes() -> None:
    assert changes_after(lambda spec: spec["info"].update(version="9.9.9")) == []
