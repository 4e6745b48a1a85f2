"""Helpers to read the OpenAPI 3.0 documents in spec/ and validate their examples.

Used by tests/spec and tests/sdk. Only local references (`#/...`) are supported: the specs of
this project are single files.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO / "spec"
VEHICLE_SPEC = SPEC_DIR / "tesla-charging.yaml"
ADMIN_SPEC = SPEC_DIR / "mock-admin.yaml"
ALL_SPECS = (VEHICLE_SPEC, ADMIN_SPEC)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Schema keywords of OpenAPI 3.0 that JSON Schema draft 4 does not know (or that mean something
# else there); they are dropped before validation.
OAS_ONLY_KEYWORDS = frozenset(
    {
        "nullable",
        "example",
        "discriminator",
        "xml",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


@cache
def _load_cached(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        # libyaml's loader: the pure-Python one takes seconds for the vehicle spec
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def load(path: Path) -> dict[str, Any]:
    """The parsed document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_load_cached(path))


def pointer(doc: dict[str, Any], ref: str) -> Any:
    """The node a local `$ref` (`#/a/b~1c`) points to."""
    if not ref.startswith("#"):
        raise ValueError(f"only local references are supported, not {ref!r}")
    node: Any = doc
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def deref(doc: dict[str, Any], node: Any) -> Any:
    """Follow `$ref`s at the top of `node` only (a Reference Object may point to another)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"circular $ref {ref}")
        seen.add(ref)
        node = pointer(doc, ref)
    return node


def resolve_all(doc: dict[str, Any], node: Any = None) -> Any:
    """`node` (default: the whole document) with every local `$ref` replaced by its target."""
    memo: dict[str, Any] = {}

    def walk(value: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(value, list):
            return [walk(item, stack) for item in value]
        if not isinstance(value, dict):
            return value
        if "$ref" in value and isinstance(value["$ref"], str):
            ref = value["$ref"]
            if ref in stack:
                raise ValueError(f"recursive $ref {ref} (via {' -> '.join(stack)})")
            if ref not in memo:
                memo[ref] = walk(pointer(doc, ref), (*stack, ref))
            return memo[ref]
        return {key: walk(item, stack) for key, item in value.items()}

    return walk(doc if node is None else node, ())


def to_draft4(schema: Any) -> Any:
    """A resolved OpenAPI 3.0 Schema Object as JSON Schema draft 4.

    `nullable: true` next to a `type` adds `"null"` to the type. Without a `type` it has no
    effect (OpenAPI 3.0.3): an `enum` still has to list null for null to be valid.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in OAS_ONLY_KEYWORDS or key.startswith("x-"):
            continue
        if key in ("properties", "patternProperties", "definitions"):
            out[key] = {name: to_draft4(sub) for name, sub in value.items()}
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_draft4(sub) for sub in value]
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = to_draft4(value)
        else:
            out[key] = value
    if schema.get("nullable") is True and "type" in schema:
        declared = schema["type"]
        types = list(declared) if isinstance(declared, list) else [declared]
        out["type"] = [*types, "null"] if "null" not in types else types
    return out


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """Why `instance` is invalid for the (resolved) OpenAPI 3.0 `schema`; empty when valid."""
    validator = Draft4Validator(to_draft4(schema), format_checker=Draft4Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation, in document order."""
    for path, item in doc.get("paths", {}).items():
        item = deref(doc, item)
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def effective_security(doc: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    return operation["security"] if "security" in operation else doc.get("security", [])


@dataclass(frozen=True)
class Example:
    """An example value and the schema it has to be valid for."""

    location: str  # where the value is written, e.g. `components.responses.X...examples.y`
    value: Any
    schema: dict[str, Any]  # resolved


def _example_values(
    doc: dict[str, Any], holder: dict[str, Any], where: str
) -> Iterator[tuple[str, Any]]:
    """(location, value) of `example` and each `examples.*.value` of a parameter, header or
    media type object."""
    if "example" in holder:
        yield f"{where}.example", holder["example"]
    for name, example in (holder.get("examples") or {}).items():
        location = f"{where}.examples.{name}"
        example = deref(doc, example)
        if "externalValue" in example or "value" not in example:
            raise ValueError(f"{location}: an example without a local `value` cannot be checked")
        yield location, example["value"]


def _schema_examples(doc: dict[str, Any], schema: Any, where: str) -> Iterator[Example]:
    """Schema-level `example` and `default` of `schema` and of the schemas inside it. A `$ref`
    is not followed: the target is visited where it is defined."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    for keyword in ("example", "default"):
        if keyword in schema:
            yield Example(f"{where}.{keyword}", schema[keyword], resolve_all(doc, schema))
    for key in ("properties", "patternProperties"):
        for name, sub in (schema.get(key) or {}).items():
            yield from _schema_examples(doc, sub, f"{where}.{key}.{name}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, sub in enumerate(schema.get(key) or []):
            yield from _schema_examples(doc, sub, f"{where}.{key}.{index}")
    for key in ("items", "additionalProperties", "not"):
        yield from _schema_examples(doc, schema.get(key), f"{where}.{key}")


def _holder_examples(doc: dict[str, Any], holder: Any, where: str) -> Iterator[Example]:
    """Examples of a parameter or header object (not followed when it is a `$ref`)."""
    if not isinstance(holder, dict) or "$ref" in holder:
        return
    if "schema" in holder:
        schema = resolve_all(doc, holder["schema"])
        for location, value in _example_values(doc, holder, where):
            yield Example(location, value, schema)
        yield from _schema_examples(doc, holder["schema"], f"{where}.schema")
    for media_type, media in (holder.get("content") or {}).items():
        yield from _media_examples(doc, media, f"{where}.content.{media_type}")


def _media_examples(doc: dict[str, Any], media: dict[str, Any], where: str) -> Iterator[Example]:
    schema = resolve_all(doc, media.get("schema", {}))
    for location, value in _example_values(doc, media, where):
        yield Example(location, value, schema)
    yield from _schema_examples(doc, media.get("schema"), f"{where}.schema")


def _body_examples(doc: dict[str, Any], body: Any, where: str) -> Iterator[Example]:
    """Examples of a request body or a response (not followed when it is a `$ref`)."""
    if not isinstance(body, dict) or "$ref" in body:
        return
    for name, header in (body.get("headers") or {}).items():
        yield from _holder_examples(doc, header, f"{where}.headers.{name}")
    for media_type, media in (body.get("content") or {}).items():
        yield from _media_examples(doc, media, f"{where}.content.{media_type}")


def iter_examples(doc: dict[str, Any]) -> Iterator[Example]:
    """Every example of the document, each once, where it is written: parameters, request
    bodies, responses, headers and schemas of the paths and of the components. Values of
    `components.examples` are checked where they are used (they carry no schema)."""
    for path, item in doc.get("paths", {}).items():
        where = f"paths.{path}"
        for index, parameter in enumerate(item.get("parameters", [])):
            yield from _holder_examples(doc, parameter, f"{where}.parameters.{index}")
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            op_where = f"{where}.{method}"
            for index, parameter in enumerate(op.get("parameters", [])):
                yield from _holder_examples(doc, parameter, f"{op_where}.parameters.{index}")
            if "requestBody" in op:
                yield from _body_examples(doc, op["requestBody"], f"{op_where}.requestBody")
            for status, response in op.get("responses", {}).items():
                yield from _body_examples(doc, response, f"{op_where}.responses.{status}")
    components = doc.get("components", {})
    for name, parameter in components.get("parameters", {}).items():
        yield from _holder_examples(doc, parameter, f"components.parameters.{name}")
    for name, header in components.get("headers", {}).items():
        yield from _holder_examples(doc, header, f"components.headers.{name}")
    for kind in ("requestBodies", "responses"):
        for name, body in components.get(kind, {}).items():
            yield from _body_examples(doc, body, f"components.{kind}.{name}")
    for name, schema in components.get("schemas", {}).items():
        yield from _schema_examples(doc, schema, f"components.schemas.{name}")


def invalid_examples(doc: dict[str, Any]) -> list[str]:
    """One line per invalid example: where it is and why."""
    return [
        f"{example.location}: {error}"
        for example in iter_examples(doc)
        for error in schema_errors(example.schema, example.value)
    ]


def media_example_values(doc: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The example values of a (resolved or not) media type object."""
    return [value for _, value in _example_values(doc, media, "media")]
