"""Real recorded answers (tests/corpus/recorded/) against the spec and the generated SDK.

* every recorded body is valid for the spec's schema of its answer (OpenAPI 3.0 semantics);
* the SDK's model of that answer parses it, and `to_dict()` gives back the very same values;
* a field is `required` in an answer's schema only if every recorded instance has it.
"""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path

import pytest

from tests.corpus import corpus, evidence
from tests.corpus.corpus import NoTarget, Recording
from tests.spec import oas

SPEC = oas.load(oas.VEHICLE_SPEC)
RECORDINGS = corpus.recordings()
PACKAGE = "tesla_charging_client"

# Operations the corpus must keep answers of (the charging commands never recorded in public,
# get_vehicle, set_scheduled_charging and set_scheduled_departure, are not listed).
COVERED = {
    "list_vehicles",
    "wake_up",
    "get_vehicle_data",
    "charge_state_section",
    "charge_port_door_open",
    "charge_port_door_close",
    "charge_start",
    "charge_stop",
    "charge_standard",
    "charge_max_range",
    "set_charge_limit",
    "set_charging_amps",
}


def _id(recording: Recording) -> str:
    return recording.file


def _target(doc, recording: Recording) -> corpus.Target:
    try:
        return corpus.target(doc, recording)
    except NoTarget as error:
        pytest.fail(f"{recording.file} ({recording.operation} {recording.status}): {error}")


# -- the corpus itself ---------------------------------------------------------------------------


def test_manifest_lists_every_file_once():
    listed = [recording.file for recording in RECORDINGS]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    on_disk = {
        path.relative_to(corpus.RECORDED).as_posix() for path in corpus.RECORDED.glob("*/*.json")
    }
    assert on_disk == set(listed), {
        "not in the manifest": sorted(on_disk - set(listed)),
        "missing": sorted(set(listed) - on_disk),
    }


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_manifest_entry_is_complete(recording):
    entry = recording.entry
    source = entry["source"]
    for key in ("repository", "commit", "path", "url"):
        assert source.get(key), f"source.{key} is missing"
    assert len(source["commit"]) == 40
    assert entry["method"] in ("GET", "POST")
    assert entry["path_template"].startswith("/api/1/")
    assert 200 <= recording.status <= 599
    body = recording.body()
    for where in recording.placeholders:
        corpus.resolve_pointer(body, where)  # a placeholder names a value of the body


def test_corpus_covers_the_charging_operations():
    operations = {recording.operation for recording in RECORDINGS}
    assert operations >= COVERED, sorted(COVERED - operations)


# -- a. valid for the spec -----------------------------------------------------------------------


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_recorded_body_is_valid_for_the_spec(recording):
    target = _target(SPEC, recording)
    body = recording.body()
    errors = [
        f"{where or '/'}: {message}"
        for where, message in corpus.schema_errors(SPEC, target, body)
        if not recording.is_placeholder(where)
    ]
    assert not errors, f"{recording.file} is invalid for {target.description}:\n" + "\n".join(
        errors
    )


# -- b. parsed by the SDK ------------------------------------------------------------------------


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_sdk_parses_recorded_body_and_keeps_every_value(recording):
    target = _target(SPEC, recording)
    assert target.model_name, f"{target.description}: an inline schema has no SDK model"
    model = getattr(importlib.import_module(f"{PACKAGE}.models"), target.model_name)
    body = recording.body()
    instance = corpus.resolve_pointer(body, target.where)
    try:
        parsed = model.from_dict(copy.deepcopy(instance))
    except Exception as error:  # the SDK's own failure is the finding
        pytest.fail(f"{recording.file}: {target.model_name}.from_dict raised {error!r}")
    differences = corpus.strict_differences(instance, parsed.to_dict())
    assert not differences, (
        f"{recording.file}: {target.model_name}.from_dict(...).to_dict() changed the body:\n"
        + "\n".join(differences)
    )


# -- c. requiredness needs evidence --------------------------------------------------------------


def _bodies(doc, recordings):
    """(schema, pointer, instance, where) of every recording `doc` has a target for."""
    for recording in recordings:
        try:
            target = corpus.target(doc, recording)
        except NoTarget:
            continue  # reported by test_recorded_body_is_valid_for_the_spec
        body = recording.body()
        instance = corpus.resolve_pointer(body, target.where)
        where = f"{recording.file}#{target.where}"
        yield target.schema, target.pointer, instance, where


def _evidence(doc, recordings=RECORDINGS) -> evidence.Evidence:
    return evidence.collect(doc, _bodies(doc, recordings))


EVIDENCE = _evidence(SPEC)


@pytest.mark.parametrize(
    ("schema", "field"),
    EVIDENCE.requirements(),
    ids=[f"{s}.{f}" for s, f in EVIDENCE.requirements()],
)
def test_required_field_is_in_every_recorded_instance(schema, field):
    violation = EVIDENCE.violation(schema, field)
    assert violation is None, str(violation)


def test_requiring_display_name_of_vehicle_is_refused():
    """Real 2023 vehicle_data answers have no top-level display_name: requiring it fails."""
    doc = oas.load(oas.VEHICLE_SPEC)
    required = doc["components"]["schemas"]["Vehicle"].setdefault("required", [])
    if "display_name" not in required:
        required.append("display_name")
    violation = _evidence(doc).violation("Vehicle", "display_name")
    assert violation is not None
    assert violation.lacking
    assert "gak-teslatte/vehicle_data_HTLC_2023_09_19.json#" in " ".join(violation.lacking)
    assert "Vehicle.display_name is required" in str(violation)


# The checker on a hand-made spec: a list of things, each with an optional part; things and
# parts are reached through `$ref`, `items`, `allOf` and `anyOf`.
TINY = {
    "openapi": "3.0.3",
    "paths": {
        "/things": {
            "get": {
                "operationId": "list_things",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ThingList"}
                            }
                        },
                    },
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            }
        }
    },
    "components": {
        "responses": {
            "NotFound": {
                "description": "no",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Oops"}}},
            }
        },
        "schemas": {
            "ThingList": {
                "type": "object",
                "required": ["items"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                },
            },
            "Thing": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "nullable": True},
                    "part": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Part"}]},
                    "either": {
                        "anyOf": [
                            {"$ref": "#/components/schemas/Left"},
                            {"$ref": "#/components/schemas/Right"},
                        ]
                    },
                },
            },
            "Part": {
                "type": "object",
                "required": ["size"],
                "properties": {"size": {"type": "integer"}},
            },
            "Left": {"type": "object", "required": ["left", "both"]},
            "Right": {"type": "object", "required": ["right"]},
            "Oops": {"type": "object", "required": ["error"]},
        },
    },
}
LIST_SCHEMA = {"$ref": "#/components/schemas/ThingList"}
LIST_POINTER = "#/paths/~1things/get/responses/200/content/application~1json/schema"
OOPS_SCHEMA = {"$ref": "#/components/schemas/Oops"}
OOPS_POINTER = "#/components/responses/NotFound/content/application~1json/schema"
GOOD = {
    "items": [
        {"id": 1, "name": "a", "part": {"size": 2}, "either": {"left": 1, "both": 2}},
        {"id": 2, "name": None, "part": None, "either": {"right": 1}, "extra": True},
    ]
}


def _tiny(*bodies):
    doc = copy.deepcopy(TINY)
    records = [(LIST_SCHEMA, LIST_POINTER, body, f"t{i}.json#") for i, body in enumerate(bodies)]
    records.append((OOPS_SCHEMA, OOPS_POINTER, {"error": "x"}, "oops.json#"))
    return evidence.collect(doc, records)


def test_checker_finds_every_schema_and_its_instances():
    found = _tiny(GOOD)
    assert set(found.schemas) == {"ThingList", "Thing", "Part", "Left", "Right", "Oops"}
    assert [where for where, _ in found.schemas["Thing"].instances] == [
        "t0.json#/items/0",
        "t0.json#/items/1",
    ]
    assert [where for where, _ in found.schemas["Part"].instances] == ["t0.json#/items/0/part"]
    assert [where for where, _ in found.schemas["Left"].instances] == ["t0.json#/items/0/either"]
    assert found.schemas["Thing"].instances[1][1] == {"id", "name", "part", "either", "extra"}
    assert found.violations() == []


def test_checker_reports_a_missing_required_field():
    body = copy.deepcopy(GOOD)
    del body["items"][1]["name"]
    violations = _tiny(GOOD, body).violations()
    assert [(v.schema, v.field, v.instances, v.lacking) for v in violations] == [
        ("Thing", "name", 4, ("t1.json#/items/1",))
    ]
    assert str(violations[0]) == (
        "Thing.name is required, but 1 of 4 recorded instances of Thing lack it, "
        "e.g. t1.json#/items/1"
    )


def test_checker_reports_a_required_field_without_any_instance():
    body = {"items": [{"id": 1, "name": "a"}]}  # no part, no either
    violations = {(v.schema, v.field): v for v in _tiny(body).violations()}
    assert set(violations) == {
        ("Part", "size"),
        ("Left", "left"),
        ("Left", "both"),
        ("Right", "right"),
    }
    assert "no recorded answer has an instance of Part" in str(violations["Part", "size"])


def test_checker_puts_an_invalid_instance_into_the_likeliest_branch():
    """Valid for no branch: the branch whose required keys it has most of gets it."""
    body = {"items": [{"id": 1, "name": "a", "part": {"size": 1}, "either": {"left": 1}}]}
    body["items"].append({"id": 2, "name": "b", "either": {"right": 2}})
    found = _tiny(body)
    assert [w for w, _ in found.schemas["Left"].instances] == ["t0.json#/items/0/either"]
    assert [v.field for v in found.violations()] == ["both"]


def test_checker_reports_an_inline_schema_by_pointer():
    doc = copy.deepcopy(TINY)
    doc["components"]["schemas"]["Thing"]["properties"]["part"] = {
        "type": "object",
        "required": ["size"],
    }
    pointer = "#/components/schemas/Thing/properties/part"
    body = {"items": [{"id": 1, "name": "a", "part": {}}]}
    found = evidence.collect(doc, [(LIST_SCHEMA, LIST_POINTER, body, "t.json#")])
    violation = found.violation(pointer, "size")
    assert violation is not None
    assert violation.lacking == ("t.json#/items/0/part",)


def test_recorded_files_are_pretty_printed_json():
    """Files are written by tests/corpus/extract.py; a hand edit shows here."""
    for recording in RECORDINGS:
        text = Path(recording.path).read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", (
            recording.file
        )
