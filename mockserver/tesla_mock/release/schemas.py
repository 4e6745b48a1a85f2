"""Comparing two versions of a schema (a body, a parameter, a header), field by field.

A request schema that accepts less than before breaks clients (requests that were valid are
refused); one that accepts more breaks servers (they must now accept it). A response schema is
the mirror image: one that may hold more than before breaks clients (they meet values they
never met), one that promises more breaks servers (they must now send it). Changes that no
rule can order (a pattern replaced, a type changed) count as breaking for clients.

Every change is named by its field path from the schema's root (`response.charge_state.
charging_state`, `[]` for an array's items, `*` for additional properties) and by the component
it sits in, when it sits in one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from tesla_mock.release.changes import Impact

REQUEST, RESPONSE = "request", "response"
DOC_KEYWORDS = ("description", "title", "example", "examples", "externalDocs", "deprecated")
LOWER_BOUNDS = ("minimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "maxLength", "maxItems", "maxProperties")
# Keywords whose appearance narrows what is accepted, and whose disappearance widens it.
NARROWING_FLAGS = ("exclusiveMinimum", "exclusiveMaximum", "uniqueItems")
CONSTRAINTS = ("pattern", "format")
HANDLED = {
    "$ref", "type", "nullable", "enum", "properties", "required", "additionalProperties",
    "items", "anyOf", "oneOf", "allOf", "default", "multipleOf",
    *DOC_KEYWORDS, *LOWER_BOUNDS, *UPPER_BOUNDS, *NARROWING_FLAGS, *CONSTRAINTS,
}  # fmt: skip


@dataclass(frozen=True)
class FieldChange:
    """A change inside a schema: its impact, the field path and what happened."""

    impact: Impact
    field: str
    what: str


def impact_of(direction: str, narrowed: bool) -> Impact:
    """Who a narrowing (or widening) of what a schema accepts breaks."""
    if direction == REQUEST:
        return Impact.BREAKING_CLIENTS if narrowed else Impact.BREAKING_SERVERS
    return Impact.BREAKING_SERVERS if narrowed else Impact.BREAKING_CLIENTS


def join(parent: str, child: str) -> str:
    if not parent:
        return child
    if not child:
        return parent
    return parent + child if child.startswith("[") else f"{parent}.{child}"


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def resolve(spec: dict[str, Any], node: Any) -> tuple[Any, str | None]:
    """`node` with its `$ref`s followed, and the name of the last component they named."""
    name = None
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            break
        seen.add(ref)
        name = ref.rsplit("/", 1)[-1]
        node = spec
        for token in ref[2:].split("/"):
            node = node.get(token.replace("~1", "/").replace("~0", "~"), {})
    return node, name


def last_ref(spec: dict[str, Any], node: Any) -> Any:
    """`node`, or along its chain of `$ref`s the last reference before a schema (`A` -> `B` ->
    schema gives the reference to `B`): what the schema is known by."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node and node["$ref"] not in seen:
        seen.add(node["$ref"])
        target = spec
        for token in node["$ref"][2:].split("/"):
            target = target.get(token.replace("~1", "/").replace("~0", "~"), {})
        if not (isinstance(target, dict) and "$ref" in target):
            break
        node = target
    return node


def is_open_string(schema: Any) -> bool:
    """A branch that accepts any string: it keeps its siblings' enums open."""
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and not ({"enum", "pattern", "format", "maxLength", "minLength"} & schema.keys())
    )


class SchemaComparer:
    """Compares schemas of two specs; remembers what it compared per pair of components."""

    def __init__(self, old_spec: dict[str, Any], new_spec: dict[str, Any]) -> None:
        self.old_spec, self.new_spec = old_spec, new_spec
        self._done: dict[tuple[Any, ...], list[FieldChange]] = {}
        self._active: set[tuple[Any, ...]] = set()

    def compare(self, old: Any, new: Any, direction: str) -> list[FieldChange]:
        return self._compare(old, new, direction, False)

    def _compare(self, old: Any, new: Any, direction: str, open_enum: bool) -> list[FieldChange]:
        old_ref = old.get("$ref") if isinstance(old, dict) else None
        new_ref = new.get("$ref") if isinstance(new, dict) else None
        key = (old_ref, new_ref, direction, open_enum)
        if old_ref or new_ref:
            if key in self._done:
                return self._done[key]
            if key in self._active:  # a recursive schema: compared further up already
                return []
            self._active.add(key)
        old_node, _ = resolve(self.old_spec, old)
        new_node, name = resolve(self.new_spec, new)
        old_node, new_node = old_node or {}, new_node or {}
        old_node, new_node = (
            _wrapped(last_ref(self.old_spec, old), old_node, new_node),
            _wrapped(last_ref(self.new_spec, new), new_node, old_node),
        )
        found = self._compare_resolved(old_node, new_node, direction, open_enum)
        if name:
            found = [
                change if "(schema `" in change.what
                else replace(change, what=f"{change.what} (schema `{name}`)")
                for change in found
            ]  # fmt: skip
        if old_ref or new_ref:
            self._active.discard(key)
            self._done[key] = found
        return found

    def _compare_resolved(
        self, old: dict[str, Any], new: dict[str, Any], direction: str, open_enum: bool
    ) -> list[FieldChange]:
        found: list[FieldChange] = []

        def add(impact: Impact, what: str, field: str = "") -> None:
            found.append(FieldChange(impact, field, what))

        def narrow(narrowed: bool, what: str) -> None:
            add(impact_of(direction, narrowed), what)

        for keyword in [
            *DOC_KEYWORDS,
            *sorted(k for k in old.keys() | new.keys() if k[:2] == "x-"),
        ]:
            if old.get(keyword) != new.get(keyword):
                add(Impact.DOCS, f"`{keyword}` changed")
        self._compare_type(old, new, add, narrow)
        if bool(old.get("nullable")) != bool(new.get("nullable")):
            narrow(not new.get("nullable"), "made nullable" if new.get("nullable") else
                   "no longer nullable")  # fmt: skip
        self._compare_enum(old, new, direction, open_enum, add, narrow)
        for keyword in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            before, after = old.get(keyword), new.get(keyword)
            if before != after:
                lower = keyword in LOWER_BOUNDS
                narrowed = before is None or (
                    after is not None and (after > before if lower else after < before)
                )
                narrow(narrowed, f"`{keyword}` {_bound(before)} -> {_bound(after)}")
        for keyword in NARROWING_FLAGS:
            if bool(old.get(keyword)) != bool(new.get(keyword)):
                narrow(bool(new.get(keyword)), f"`{keyword}` {bool(new.get(keyword))}")
        for keyword in (*CONSTRAINTS, "multipleOf"):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            alternatives = _alternatives(before, after) if keyword == "pattern" else None
            if before is None and keyword == "format" and _fits(new, after):
                add(Impact.DOCS, f"`format` {_text(after)} added (the range already fits it)")
            elif before is None:
                narrow(True, f"`{keyword}` {_text(after)} added")
            elif alternatives is not None:
                widened, which = alternatives
                narrow(not widened, f"`{keyword}` alternatives {'added' if widened else 'removed'}"
                       f": {', '.join(which)}")  # fmt: skip
            elif after is None:
                narrow(False, f"`{keyword}` {_text(before)} removed")
            else:
                add(Impact.BREAKING_CLIENTS, f"`{keyword}` {_text(before)} -> {_text(after)}")
        if old.get("default") != new.get("default"):
            # What an omitted value means changed: only a request's default binds anybody.
            what = f"default {_text(old.get('default'))} -> {_text(new.get('default'))}"
            binding = direction == REQUEST and "default" in old
            add(Impact.BREAKING_CLIENTS if binding else Impact.DOCS, what)
        found += self._compare_properties(old, new, direction)
        found += self._compare_additional(old, new, direction)
        if "items" in old or "items" in new:
            for change in self._compare(
                old.get("items", {}), new.get("items", {}), direction, False
            ):
                found.append(replace(change, field=join("[]", change.field)))
        for keyword in ("anyOf", "oneOf", "allOf"):
            found += self._compare_branches(keyword, old, new, direction)
        for keyword in sorted((old.keys() | new.keys()) - HANDLED):
            if keyword[:2] != "x-" and old.get(keyword) != new.get(keyword):
                add(Impact.BREAKING_CLIENTS, f"`{keyword}` changed (no rule orders it)")
        return found

    @staticmethod
    def _compare_type(old: dict[str, Any], new: dict[str, Any], add: Any, narrow: Any) -> None:
        before, after = old.get("type"), new.get("type")
        if before == after:
            return
        if before is None:
            narrow(True, f"type restricted to {after}")
        elif after is None:
            narrow(False, f"type {before} no longer required")
        elif (before, after) == ("integer", "number"):
            narrow(False, "type integer -> number")
        elif (before, after) == ("number", "integer"):
            narrow(True, "type number -> integer")
        else:
            add(Impact.BREAKING_CLIENTS, f"type {before} -> {after}")

    @staticmethod
    def _compare_enum(
        old: dict[str, Any], new: dict[str, Any], direction: str, open_enum: bool,
        add: Any, narrow: Any,
    ) -> None:  # fmt: skip
        before, after = old.get("enum"), new.get("enum")
        if before == after:
            return
        if before is None:
            narrow(True, f"restricted to the values {_text(after)}")
            return
        if after is None:
            narrow(False, "no longer restricted to listed values")
            return
        old_values, new_values = {_text(v) for v in before}, {_text(v) for v in after}
        removed = [v for v in before if _text(v) not in new_values]
        added = [v for v in after if _text(v) not in old_values]
        if removed:  # gone from the SDK's enum type as well
            add(Impact.BREAKING_CLIENTS, f"enum value(s) {_text(removed)} removed")
        if added:
            if direction == REQUEST:
                impact = Impact.BREAKING_SERVERS
            else:
                impact = Impact.ADDITIVE if open_enum else Impact.BREAKING_CLIENTS
            add(impact, f"enum value(s) {_text(added)} added" + (
                " (the enum is open)" if open_enum and direction == RESPONSE else ""))  # fmt: skip

    def _compare_properties(
        self, old: dict[str, Any], new: dict[str, Any], direction: str
    ) -> list[FieldChange]:
        found: list[FieldChange] = []
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        for name in old_props.keys() - new_props.keys():
            found.append(FieldChange(Impact.BREAKING_CLIENTS, name, "removed"))
        for name in new_props.keys() - old_props.keys():
            if name not in new_required:
                found.append(FieldChange(Impact.ADDITIVE, name, "added (optional)"))
            elif direction == REQUEST:
                found.append(FieldChange(Impact.BREAKING_CLIENTS, name, "added, required"))
            else:
                found.append(FieldChange(Impact.BREAKING_SERVERS, name, "added, required"))
        for name in old_props.keys() & new_props.keys():
            for change in self._compare(old_props[name], new_props[name], direction, False):
                found.append(replace(change, field=join(name, change.field)))
        for name in new_required - old_required:
            if name in old_props or name not in new_props:
                impact = impact_of(direction, narrowed=True)
                found.append(FieldChange(impact, name, "now required"))
        for name in old_required - new_required:
            if name in new_props or name not in old_props:
                impact = impact_of(direction, narrowed=False)
                what = "no longer required" + (" (may be missing)" if direction == RESPONSE else "")
                found.append(FieldChange(impact, name, what))
        return sorted(found, key=lambda change: change.field)

    def _compare_additional(
        self, old: dict[str, Any], new: dict[str, Any], direction: str
    ) -> list[FieldChange]:
        before = old.get("additionalProperties", True)
        after = new.get("additionalProperties", True)
        if isinstance(before, dict) and isinstance(after, dict):
            return [
                replace(change, field=join("*", change.field))
                for change in self._compare(before, after, direction, False)
            ]
        if before == after or ({} in (before, after) and True in (before, after)):
            return []
        # Ordered from accepting nothing more (False) to anything (True or {}).
        rank = {False: 0, True: 2}
        narrowed = rank.get(after, 1) < rank.get(before, 1)  # type: ignore[call-overload]
        what = "additional properties " + (
            "no longer allowed"
            if after is False
            else "allowed"
            if after is True
            else "restricted to a schema"
        )
        return [FieldChange(impact_of(direction, narrowed), "", what)]

    def _compare_branches(
        self, keyword: str, old: dict[str, Any], new: dict[str, Any], direction: str
    ) -> list[FieldChange]:
        before, after = list(old.get(keyword, ())), list(new.get(keyword, ()))
        if not before and not after:
            return []
        found: list[FieldChange] = []
        # allOf: every branch must hold (one more narrows); anyOf/oneOf: one must (one more widens).
        adding_narrows = keyword == "allOf"
        open_enum = any(is_open_string(resolve(self.new_spec, b)[0]) for b in after)
        # An open enum (`anyOf: [KnownX, {type: string}]`) that loses its any-string branch is
        # closed: the SDK's type of the field becomes the enum alone, which refuses the values
        # it used to take, whichever way the value travels. Breaking for clients either way.
        closed = keyword != "allOf" and not open_enum and any(
            is_open_string(resolve(self.old_spec, b)[0]) for b in before
        )  # fmt: skip
        pairs, unmatched_old, unmatched_new = _match_branches(before, after)
        for old_branch, new_branch in pairs:
            found += self._compare(old_branch, new_branch, direction, open_enum)
        if closed:
            found.append(FieldChange(Impact.BREAKING_CLIENTS, "", f"enum closed (the `{keyword}` "
                                     "branch that took any string removed)"))  # fmt: skip
        for branch in unmatched_old:
            if closed and is_open_string(resolve(self.old_spec, branch)[0]):
                continue
            impact = impact_of(direction, narrowed=not adding_narrows)
            found.append(FieldChange(impact, "", f"`{keyword}` branch {_branch(branch)} removed"))
        for branch in unmatched_new:
            impact = impact_of(direction, narrowed=adding_narrows)
            found.append(FieldChange(impact, "", f"`{keyword}` branch {_branch(branch)} added"))
        return found


ALTERNATION = re.compile(r"\(([^()\\]*)\)")


def _alternatives(before: Any, after: Any) -> tuple[bool, list[str]] | None:
    """(True, the alternatives added) when `after` is `before` with alternatives added to its
    `(a|b)` groups (it matches more), (False, those removed) when only removed; None when the
    patterns differ otherwise (no rule orders them)."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return None
    if ALTERNATION.sub("()", before) != ALTERNATION.sub("()", after):
        return None
    old_groups = [g.split("|") for g in ALTERNATION.findall(before)]
    new_groups = [g.split("|") for g in ALTERNATION.findall(after)]
    pairs = list(zip(old_groups, new_groups, strict=True))
    added = sorted({a for o, n in pairs for a in n if a not in o})
    removed = sorted({a for o, n in pairs for a in o if a not in n})
    if added and not removed:
        return True, added
    if removed and not added:
        return False, removed
    return None


def _wrapped(node: Any, resolved: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """A plain schema compared with a composition (anyOf/oneOf without a type of its own): as a
    composition of one branch, itself, so that it is compared with its own branch there and the
    other branches count as added or removed."""
    if {"anyOf", "oneOf", "allOf"} & resolved.keys() or {"type", "properties"} & other.keys():
        return resolved
    for keyword in ("anyOf", "oneOf"):
        if keyword in other:
            wrapped: dict[str, Any] = {keyword: [node]}
            if resolved.get("nullable"):
                wrapped["nullable"] = True
            return wrapped
    return resolved


def _match_branches(
    before: list[Any], after: list[Any]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pairs of branches: the same `$ref` first, then the rest by position."""
    pairs = []
    old_left, new_left = list(before), list(after)
    for branch in list(old_left):
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        match = next(
            (b for b in new_left if ref and isinstance(b, dict) and b.get("$ref") == ref), None
        )
        if match is not None:
            pairs.append((branch, match))
            old_left.remove(branch)
            new_left.remove(match)
    plain_old = [b for b in old_left if not (isinstance(b, dict) and "$ref" in b)]
    plain_new = [b for b in new_left if not (isinstance(b, dict) and "$ref" in b)]
    for old_branch, new_branch in zip(plain_old, plain_new, strict=False):
        pairs.append((old_branch, new_branch))
        old_left.remove(old_branch)
        new_left.remove(new_branch)
    return pairs, old_left, new_left


def _branch(branch: Any) -> str:
    if isinstance(branch, dict) and "$ref" in branch:
        return f"`{branch['$ref'].rsplit('/', 1)[-1]}`"
    return _text(branch) if len(_text(branch)) <= 60 else "(inline schema)"


INTEGER_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _fits(schema: dict[str, Any], format_name: Any) -> bool:
    """Whether an integer format adds nothing to the schema's own bounds."""
    if format_name not in INTEGER_FORMATS or schema.get("type") != "integer":
        return False
    low, high = INTEGER_FORMATS[format_name]
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    return minimum is not None and maximum is not None and low <= minimum and maximum <= high


def _bound(value: Any) -> str:
    return "none" if value is None else str(value)
