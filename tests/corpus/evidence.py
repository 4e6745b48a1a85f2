"""Requiredness needs evidence: a field may be `required` in an answer's schema only if every
recorded instance of that schema has it, and there is at least one recorded instance.

`Evidence` walks the spec's answer schemas (through `$ref`, `properties`,
`additionalProperties`, `items`, `allOf`, `anyOf` and `oneOf`) together with recorded bodies,
and keeps, for each object schema, the keys of every recorded instance. A schema is named by
its component (`Vehicle`) or, inline, by its JSON pointer in the spec
(`#/components/schemas/VehicleData/allOf/1`).

For `anyOf`/`oneOf`, an instance belongs to the branches it is valid for; when it is valid for
none (a strict spec rejects it), to the branches whose `required` keys it has the largest
share of (a vehicle without `display_name` is still a vehicle, not an energy site).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.corpus.corpus import escape
from tests.spec import oas

SCHEMAS = "#/components/schemas/"


def schema_name(pointer: str) -> str:
    """The component name of a schema pointer, or the pointer itself for an inline schema."""
    rest = pointer[len(SCHEMAS) :] if pointer.startswith(SCHEMAS) else ""
    return rest if rest and "/" not in rest else pointer


@dataclass
class SchemaEvidence:
    """An object schema reachable from an answer, and the recorded instances of it."""

    name: str
    required: tuple[str, ...]
    instances: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # (where, keys)


@dataclass(frozen=True)
class Violation:
    schema: str
    field: str
    instances: int  # recorded instances of the schema
    lacking: tuple[str, ...]  # where the instances without the field are

    def __str__(self) -> str:
        if not self.instances:
            return (
                f"{self.schema}.{self.field} is required, but no recorded answer has an "
                f"instance of {self.schema}: record one, or do not require {self.field!r}"
            )
        examples = ", ".join(self.lacking[:3])
        return (
            f"{self.schema}.{self.field} is required, but {len(self.lacking)} of "
            f"{self.instances} recorded instances of {self.schema} lack it, e.g. {examples}"
        )


class Evidence:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.schemas: dict[str, SchemaEvidence] = {}
        self._resolved: dict[str, dict[str, Any]] = {}
        for schema, pointer in answer_schemas(doc):
            self._reach(schema, pointer, set())

    # -- the schemas ---------------------------------------------------------------------------

    def _follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            pointer = node["$ref"]
            if pointer in seen:
                raise ValueError(f"circular $ref {pointer}")
            seen.add(pointer)
            node = oas.pointer(self.doc, pointer)
        return node, pointer

    def _children(self, node: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
        for key, sub in (node.get("properties") or {}).items():
            yield sub, f"{pointer}/properties/{escape(key)}"
        for key in ("additionalProperties", "items", "not"):
            if isinstance(node.get(key), dict):
                yield node[key], f"{pointer}/{key}"
        for key in ("allOf", "anyOf", "oneOf"):
            for index, sub in enumerate(node.get(key) or []):
                yield sub, f"{pointer}/{key}/{index}"

    def _reach(self, node: Any, pointer: str, visiting: set[str]) -> None:
        node, pointer = self._follow(node, pointer)
        if not isinstance(node, dict) or pointer in visiting:
            return
        if _is_object_schema(node):
            name = schema_name(pointer)
            if name not in self.schemas:
                self.schemas[name] = SchemaEvidence(name, tuple(node.get("required") or ()))
        for sub, sub_pointer in self._children(node, pointer):
            self._reach(sub, sub_pointer, visiting | {pointer})

    # -- the instances -------------------------------------------------------------------------

    def add(self, schema: Any, pointer: str, instance: Any, where: str) -> None:
        """Record `instance` (found at `where`, e.g. `file.json#/response`) as an instance of
        `schema` (at `pointer` in the spec) and of the schemas inside it."""
        node, pointer = self._follow(schema, pointer)
        if not isinstance(node, dict):
            return
        if isinstance(instance, dict) and _is_object_schema(node):
            name = schema_name(pointer)
            evidence = self.schemas.setdefault(
                name, SchemaEvidence(name, tuple(node.get("required") or ()))
            )
            evidence.instances.append((where, frozenset(instance)))
        if isinstance(instance, dict):
            properties = node.get("properties") or {}
            for key, value in instance.items():
                if key in properties:
                    self.add(
                        properties[key],
                        f"{pointer}/properties/{escape(key)}",
                        value,
                        f"{where}/{escape(key)}",
                    )
                elif isinstance(node.get("additionalProperties"), dict):
                    self.add(
                        node["additionalProperties"],
                        f"{pointer}/additionalProperties",
                        value,
                        f"{where}/{escape(key)}",
                    )
        if isinstance(instance, list) and isinstance(node.get("items"), dict):
            for index, item in enumerate(instance):
                self.add(node["items"], f"{pointer}/items", item, f"{where}/{index}")
        for index, sub in enumerate(node.get("allOf") or []):
            self.add(sub, f"{pointer}/allOf/{index}", instance, where)
        for key in ("anyOf", "oneOf"):
            branches = node.get(key) or []
            for index in self._branches(branches, f"{pointer}/{key}", instance):
                self.add(branches[index], f"{pointer}/{key}/{index}", instance, where)

    def _resolve(self, node: Any, pointer: str) -> dict[str, Any]:
        if pointer not in self._resolved:
            self._resolved[pointer] = oas.resolve_all(self.doc, node)
        return self._resolved[pointer]

    def _branches(self, branches: list[Any], pointer: str, instance: Any) -> list[int]:
        if not branches:
            return []
        resolved = [self._resolve(b, f"{pointer}/{i}") for i, b in enumerate(branches)]
        valid = [i for i, schema in enumerate(resolved) if not oas.schema_errors(schema, instance)]
        if valid or not isinstance(instance, dict):
            return valid
        shares = []
        for schema in resolved:
            required = schema.get("required") or []
            shares.append(sum(k in instance for k in required) / len(required) if required else 0)
        best = max(shares)
        return [i for i, share in enumerate(shares) if share == best and best > 0]

    # -- the verdict ---------------------------------------------------------------------------

    def requirements(self) -> list[tuple[str, str]]:
        """(schema, field) of every `required` entry of the schemas reachable from answers."""
        return [(s.name, f) for s in self.schemas.values() for f in s.required]

    def violation(self, schema: str, field_name: str) -> Violation | None:
        evidence = self.schemas[schema]
        lacking = tuple(where for where, keys in evidence.instances if field_name not in keys)
        if evidence.instances and not lacking:
            return None
        return Violation(schema, field_name, len(evidence.instances), lacking)

    def violations(self) -> list[Violation]:
        found = (self.violation(schema, name) for schema, name in self.requirements())
        return [v for v in found if v is not None]


def _is_object_schema(node: dict[str, Any]) -> bool:
    return node.get("type") == "object" or "properties" in node or "required" in node


def answer_schemas(doc: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """(schema as written, pointer) of the JSON body of every answer of every operation."""
    for path, method, operation in oas.operations(doc):
        for status, response in operation.get("responses", {}).items():
            pointer = f"#/paths/{escape(path)}/{method}/responses/{status}"
            if isinstance(response, dict) and "$ref" in response:
                pointer = response["$ref"]
            media = (oas.deref(doc, response).get("content") or {}).get("application/json")
            if media and "schema" in media:
                yield media["schema"], f"{pointer}/content/application~1json/schema"


def collect(
    doc: dict[str, Any], bodies: Iterable[tuple[dict[str, Any], str, Any, str]]
) -> Evidence:
    """Evidence from (schema, pointer, instance, where) of recorded bodies."""
    evidence = Evidence(doc)
    for schema, pointer, instance, where in bodies:
        evidence.add(schema, pointer, instance, where)
    return evidence


def summary(evidence: Evidence) -> str:
    """Counts per schema, for reports."""
    lines = []
    for item in sorted(evidence.schemas.values(), key=lambda s: s.name):
        keys: dict[str, int] = {}
        for _, instance_keys in item.instances:
            for key in instance_keys:
                keys[key] = keys.get(key, 0) + 1
        lines.append(f"{item.name}: {len(item.instances)} instances, keys {json.dumps(keys)}")
    return "\n".join(lines)
