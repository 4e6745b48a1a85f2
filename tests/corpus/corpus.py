"""The corpus of recorded answers (`recorded/`) and what each is checked against in the spec.

Every file of `recorded/` is one answer body, as a real car or Tesla's servers sent it, and
`recorded/manifest.json` says where it was published and which request it answered. A
recording's `operation` is the spec's operationId when the spec describes the endpoint, the
command's name for a command the spec does not list (every command answers a
`CommandResponse`), `<section>_section` for the old `data_request/<section>` endpoints (whose
body is `{"response": <section>}`), or the endpoint's last path segment for an error of an
endpoint outside the spec.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from tests.spec import oas

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "recorded"
MANIFEST = RECORDED / "manifest.json"
JSON = "application/json"

# The old `GET /api/1/vehicles/{id}/data_request/<section>` endpoints answer one section of
# `vehicle_data` in the envelope: checked against the section's schema.
SECTION_SCHEMAS = {
    "charge_state_section": "ChargeState",
    "climate_state_section": "ClimateState",
    "drive_state_section": "DriveState",
    "gui_settings_section": "GuiSettings",
    "vehicle_config_section": "VehicleConfig",
    "vehicle_state_section": "VehicleStateSection",
}


@dataclass(frozen=True)
class Recording:
    """One recorded answer and its manifest entry."""

    file: str  # relative to recorded/
    operation: str
    status: int
    path_template: str
    placeholders: tuple[str, ...]  # JSON pointers of values the publisher replaced
    entry: dict[str, Any] = field(compare=False, repr=False)

    @property
    def path(self) -> Path:
        return RECORDED / self.file

    def body(self) -> Any:
        """The body, freshly parsed (callers may change it)."""
        return json.loads(self.path.read_text(encoding="utf-8"))

    def is_placeholder(self, where: str) -> bool:
        """Whether the value at JSON pointer `where` is, or is inside, a replaced value."""
        return any(where == p or where.startswith(p + "/") for p in self.placeholders)


@cache
def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@cache
def recordings() -> tuple[Recording, ...]:
    return tuple(
        Recording(
            file=entry["file"],
            operation=entry["operation"],
            status=entry["status"],
            path_template=entry["path_template"],
            placeholders=tuple(entry.get("placeholders", ())),
            entry=entry,
        )
        for entry in manifest()["recordings"]
    )


def escape(token: str) -> str:
    """A JSON pointer token."""
    return token.replace("~", "~0").replace("/", "~1")


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at JSON pointer `pointer` (`""` is the whole document) of a body."""
    node = document
    for token in pointer.split("/")[1:] if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


@dataclass(frozen=True)
class Target:
    """What (part of) a recorded body is checked against: a schema of the spec, written as
    the spec writes it (a `$ref` or an inline schema at `pointer`)."""

    description: str
    schema: dict[str, Any]
    pointer: str
    where: str = ""  # the JSON pointer, in the body, of the instance of `schema`

    @property
    def model_name(self) -> str | None:
        """The SDK model of the schema: the component a `$ref` names (None for inline)."""
        ref = self.schema.get("$ref", "")
        prefix = "#/components/schemas/"
        return ref[len(prefix) :] if ref.startswith(prefix) else None


class NoTarget(LookupError):
    """The spec describes no answer that a recording could be checked against."""


def _json_schema(doc: dict[str, Any], response: Any, pointer: str) -> tuple[dict[str, Any], str]:
    """The JSON body schema of a Response Object (or of the Reference Object to one)."""
    if isinstance(response, dict) and "$ref" in response:
        pointer = response["$ref"]
    response = oas.deref(doc, response)
    media = (response.get("content") or {}).get(JSON)
    if not media or "schema" not in media:
        raise NoTarget(f"{pointer}: the spec declares no JSON body for this answer")
    return media["schema"], f"{pointer}/content/{escape(JSON)}/schema"


def _operation_target(
    doc: dict[str, Any], path: str, method: str, operation: dict[str, Any], status: int
) -> Target:
    response = operation["responses"].get(str(status))
    name = f"{operation['operationId']} {status}"
    if response is None:
        raise NoTarget(f"{name}: the spec does not document status {status} for this operation")
    where = f"#/paths/{escape(path)}/{method}/responses/{status}"
    schema, pointer = _json_schema(doc, response, where)
    return Target(name, schema, pointer)


def _shared_target(what: str, candidates: list[Target]) -> Target:
    """The one schema that several operations share for an answer."""
    if not candidates:
        raise NoTarget(f"the spec documents no {what}")
    schemas = {json.dumps(target.schema, sort_keys=True) for target in candidates}
    if len(schemas) != 1:
        raise NoTarget(f"the spec's {what} do not share one schema: {sorted(schemas)}")
    first = candidates[0]
    return Target(f"{what} ({first.description})", first.schema, first.pointer)


def target(doc: dict[str, Any], recording: Recording) -> Target:
    """What `recording` is checked against in `doc`. Raises NoTarget when nothing fits."""
    if recording.operation in SECTION_SCHEMAS:
        name = SECTION_SCHEMAS[recording.operation]
        ref = f"#/components/schemas/{name}"
        if name not in doc.get("components", {}).get("schemas", {}):
            raise NoTarget(f"the spec has no schema {name}")
        return Target(name, {"$ref": ref}, ref, where="/response")
    operations = list(oas.operations(doc))
    for path, method, operation in operations:
        if operation.get("operationId") == recording.operation:
            return _operation_target(doc, path, method, operation, recording.status)
    status = str(recording.status)
    if "/command/" in recording.path_template:
        commands = [
            _operation_target(doc, path, method, operation, recording.status)
            for path, method, operation in operations
            if "/command/" in path and status in operation["responses"]
        ]
        return _shared_target(f"command answers with status {status}", commands)
    if recording.status >= 400:
        errors = [
            _operation_target(doc, path, method, operation, int(code))
            for path, method, operation in operations
            for code in operation["responses"]
            if code.isdigit() and int(code) >= 400 and _has_json(doc, operation["responses"][code])
        ]
        return _shared_target("error answers", errors)
    raise NoTarget(f"the spec has no operation {recording.operation!r}")


def _has_json(doc: dict[str, Any], response: Any) -> bool:
    return JSON in (oas.deref(doc, response).get("content") or {})


@cache
def _validator(schema_json: str) -> Draft4Validator:
    return Draft4Validator(
        oas.to_draft4(json.loads(schema_json)), format_checker=Draft4Validator.FORMAT_CHECKER
    )


def schema_errors(doc: dict[str, Any], target: Target, body: Any) -> list[tuple[str, str]]:
    """(JSON pointer in the body, message) of every way the body's instance of `target` is
    invalid, with OpenAPI 3.0 semantics (as `oas.schema_errors`)."""
    resolved = oas.resolve_all(doc, target.schema)
    validator = _validator(json.dumps(resolved, sort_keys=True))
    instance = resolve_pointer(body, target.where)
    out = []
    for error in validator.iter_errors(instance):
        where = target.where + "".join(f"/{escape(str(token))}" for token in error.absolute_path)
        out.append((where, error.message))
    return sorted(out)


def strict_differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Where `a` and `b` differ. Unlike `==`, it tells bool, int and float apart (`0 == 0.0`
    and `1 == True` in Python, not in JSON)."""
    if type(a) is not type(b):
        return [f"{where or '/'}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"]
    if isinstance(a, dict):
        out = [f"{where}/{key}: only on one side" for key in sorted(a.keys() ^ b.keys())]
        for key in a.keys() & b.keys():
            out += strict_differences(a[key], b[key], f"{where}/{escape(key)}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{where or '/'}: {len(a)} items != {len(b)} items"]
        out = []
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            out += strict_differences(x, y, f"{where}/{index}")
        return out
    return [] if a == b else [f"{where or '/'}: {a!r} != {b!r}"]
