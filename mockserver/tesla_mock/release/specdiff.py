"""The project's own rules: two specs compared operation by operation.

What Atlassian's openapi-diff (see `openapidiff`) does not report, or not by name: parameters,
operations removed, moved or renamed (an operationId is an SDK function, an operation's first
tag its SDK module), response statuses, media types and headers, security, component schemas
(the SDK's models), and, inside every body, each field whose type, nullability, requiredness,
enum, range, length or pattern changed (`schemas`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tesla_mock.release.changes import Change, Impact
from tesla_mock.release.schemas import REQUEST, RESPONSE, SchemaComparer, resolve

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OPERATION_DOCS = ("summary", "description", "externalDocs", "deprecated")
# Operation keys compared by a rule of their own; any other key that changes is reported too.
OPERATION_KEYS = {
    "operationId", "tags", "parameters", "requestBody", "responses", "security", "callbacks",
    "servers", *OPERATION_DOCS,
}  # fmt: skip
PARAMETER_DOCS = ("description", "example", "examples", "deprecated")


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def template(path: str) -> str:
    """A path with its parameters' names left out: `/api/1/vehicles/{}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


class Operation:
    """One operation of a spec, its path parameters merged in."""

    def __init__(self, spec: dict[str, Any], path: str, method: str) -> None:
        item = spec["paths"][path]
        self.raw: dict[str, Any] = item[method]
        self.path, self.method = path, method
        self.operation_id: str = self.raw.get("operationId") or f"{method.upper()} {path}"
        self.tag: str = (self.raw.get("tags") or ["default"])[0]
        merged = {}
        for parameter in [*item.get("parameters", ()), *self.raw.get("parameters", ())]:
            resolved = resolve(spec, parameter)[0]
            merged[(resolved.get("in"), resolved.get("name"))] = resolved
        self.parameters: dict[tuple[str, str], dict[str, Any]] = merged
        self.security = self.raw.get("security", spec.get("security", []))

    @property
    def endpoint(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def shape(self) -> str:
        """What the operation does, without its name, path and docs: equal shapes mean a move."""
        query = sorted(key for key in self.parameters if key[0] != "path")
        body = {key: self.raw.get(key) for key in ("requestBody", "responses")}
        return canonical([self.method, body, query, template(self.path).count("{}")])


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], Operation]:
    """Every operation by (method, path template)."""
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                found[(method, template(path))] = Operation(spec, path, method)
    return found


class SpecDiff:
    """Every change from `old` to `new` (two parsed OpenAPI 3.0 documents)."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new)
        self.changes: list[Change] = []
        # (old operation, new operation, `where`) of every body whose schema changed in more
        # than its docs: openapi-diff looks at these.
        self.changed_bodies: list[tuple[Operation, Operation, str]] = []

    def run(self) -> list[Change]:
        self._compare_documents()
        self._compare_operations()
        self._compare_components()
        return sorted(set(self.changes), key=lambda c: (-c.impact, c.operation, c.where, c.field))

    def add(self, impact: Impact, operation: str, where: str, what: str, field: str = "") -> None:
        self.changes.append(Change(impact, operation, where, field, what))

    def _compare_documents(self) -> None:
        old_info = {k: v for k, v in self.old.get("info", {}).items() if k != "version"}
        new_info = {k: v for k, v in self.new.get("info", {}).items() if k != "version"}
        for key in sorted(old_info.keys() | new_info.keys()):
            if old_info.get(key) != new_info.get(key):
                self.add(Impact.DOCS, "", "info", f"`{key}` changed")
        for key in ("servers", "tags", "externalDocs"):
            if self.old.get(key) != self.new.get(key):
                self.add(Impact.DOCS, "", key, "changed")
        if self.old.get("openapi") != self.new.get("openapi"):
            what = f"OpenAPI version {self.old.get('openapi')} -> {self.new.get('openapi')}"
            self.add(Impact.BREAKING_CLIENTS, "", "document", what)

    def _compare_operations(self) -> None:
        old_ops, new_ops = operations(self.old), operations(self.new)
        removed = {key: op for key, op in old_ops.items() if key not in new_ops}
        added = {key: op for key, op in new_ops.items() if key not in old_ops}
        for old_op in removed.values():
            moved = self._find_moved(old_op, added)
            if moved is None:
                self.add(Impact.BREAKING_CLIENTS, old_op.operation_id, "", f"removed "
                         f"({old_op.endpoint})")  # fmt: skip
                continue
            del added[(moved.method, template(moved.path))]
            what = f"moved from {old_op.endpoint} to {moved.endpoint}"
            if moved.operation_id != old_op.operation_id:
                what = f"renamed to `{moved.operation_id}` and {what}"
            self.add(Impact.BREAKING_CLIENTS, old_op.operation_id, "", what)
            self._compare_operation(old_op, moved)
        for new_op in added.values():
            self.add(Impact.ADDITIVE, new_op.operation_id, "", f"added ({new_op.endpoint})")
        for key in old_ops.keys() & new_ops.keys():
            self._compare_operation(old_ops[key], new_ops[key])

    def _find_moved(self, old_op: Operation, added: dict[Any, Operation]) -> Operation | None:
        """The new operation an old one became: same operationId, or same method and shape."""
        for new_op in added.values():
            if new_op.operation_id == old_op.operation_id and old_op.raw.get("operationId"):
                return new_op
        shape = old_op.shape()
        for new_op in added.values():
            if new_op.method == old_op.method and new_op.shape() == shape:
                return new_op
        return None

    def _compare_operation(self, old: Operation, new: Operation) -> None:
        name = old.operation_id
        if old.path != new.path and template(old.path) == template(new.path):
            what = f"path parameters renamed: {old.path} -> {new.path} (SDK arguments renamed)"
            self.add(Impact.BREAKING_CLIENTS, name, "", what)
        if old.operation_id != new.operation_id and old.path == new.path:
            what = f"operationId renamed to `{new.operation_id}` (the SDK function's module)"
            self.add(Impact.BREAKING_CLIENTS, name, "", what)
        if old.tag != new.tag:
            what = (
                f"first tag {old.tag} -> {new.tag} (the SDK module api.{old.tag} -> api.{new.tag})"
            )
            self.add(Impact.BREAKING_CLIENTS, name, "", what)
        elif old.raw.get("tags") != new.raw.get("tags"):
            self.add(Impact.DOCS, name, "", "tags changed")
        for key in OPERATION_DOCS:
            if old.raw.get(key) != new.raw.get(key):
                self.add(Impact.DOCS, name, "", f"`{key}` changed")
        self._compare_parameters(old, new)
        self._compare_request_body(old, new)
        self._compare_responses(old, new)
        self._compare_security(name, "security", old.security, new.security)
        for key in sorted((old.raw.keys() | new.raw.keys()) - OPERATION_KEYS):
            if old.raw.get(key) != new.raw.get(key) and key[:2] != "x-":
                self.add(Impact.BREAKING_CLIENTS, name, "", f"`{key}` changed (no rule orders it)")

    def _compare_parameters(self, old: Operation, new: Operation) -> None:
        name = old.operation_id
        for key in sorted(old.parameters.keys() | new.parameters.keys(), key=str):
            where = f"{key[0]} parameter {key[1]}"
            before, after = old.parameters.get(key), new.parameters.get(key)
            if (before is None or after is None) and key[0] == "path":
                continue  # a path parameter renamed: reported with the path
            if after is None:
                self.add(Impact.BREAKING_CLIENTS, name, where, "removed")
                continue
            if before is None:
                required = bool(after.get("required"))
                impact = Impact.BREAKING_CLIENTS if required else Impact.ADDITIVE
                self.add(impact, name, where, "added, required" if required else "added (optional)")
                continue
            if bool(before.get("required")) != bool(after.get("required")):
                if after.get("required"):
                    self.add(Impact.BREAKING_CLIENTS, name, where, "now required")
                else:
                    self.add(Impact.BREAKING_SERVERS, name, where, "no longer required")
            for keyword in ("style", "explode", "allowReserved", "allowEmptyValue", "content"):
                if before.get(keyword) != after.get(keyword):
                    self.add(Impact.BREAKING_CLIENTS, name, where, f"`{keyword}` changed")
            for keyword in PARAMETER_DOCS:
                if before.get(keyword) != after.get(keyword):
                    self.add(Impact.DOCS, name, where, f"`{keyword}` changed")
            for change in self.schemas.compare(before.get("schema"), after.get("schema"), REQUEST):
                self.add(change.impact, name, where, change.what, change.field)

    def _compare_request_body(self, old: Operation, new: Operation) -> None:
        name, where = old.operation_id, "request body"
        before = resolve(self.old, old.raw.get("requestBody"))[0] or {}
        after = resolve(self.new, new.raw.get("requestBody"))[0] or {}
        if not before and not after:
            return
        if not before or not after:
            required = bool(after.get("required"))
            if not before:
                impact = Impact.BREAKING_CLIENTS if required else Impact.ADDITIVE
                self.add(impact, name, where, "added, required" if required else "added (optional)")
            else:
                self.add(Impact.BREAKING_CLIENTS, name, where, "removed")
            return
        if bool(before.get("required")) != bool(after.get("required")):
            if after.get("required"):
                self.add(Impact.BREAKING_CLIENTS, name, where, "now required")
            else:
                self.add(Impact.BREAKING_SERVERS, name, where, "no longer required")
        if before.get("description") != after.get("description"):
            self.add(Impact.DOCS, name, where, "`description` changed")
        self._compare_content(old, new, where, before, after, REQUEST)

    def _compare_content(
        self, old: Operation, new: Operation, where: str,
        before: dict[str, Any], after: dict[str, Any], direction: str,
    ) -> None:  # fmt: skip
        name = old.operation_id
        old_content, new_content = before.get("content", {}), after.get("content", {})
        for media in sorted(old_content.keys() - new_content.keys()):
            self.add(Impact.BREAKING_CLIENTS, name, f"{where} {media}", "media type removed")
        for media in sorted(new_content.keys() - old_content.keys()):
            if direction == REQUEST:  # servers must now accept it too
                self.add(Impact.BREAKING_SERVERS, name, f"{where} {media}", "media type added")
            else:  # clients may now get a body they cannot read (the SDK parses JSON only)
                what = "media type added (clients may get a body they do not read)"
                self.add(Impact.BREAKING_CLIENTS, name, f"{where} {media}", what)
        several = len(old_content.keys() | new_content.keys()) > 1
        for media in sorted(old_content.keys() & new_content.keys()):
            label = f"{where} ({media})" if several else where  # openapidiff reads it back
            old_media, new_media = old_content[media], new_content[media]
            for keyword in ("example", "examples"):
                if old_media.get(keyword) != new_media.get(keyword):
                    self.add(Impact.DOCS, name, label, f"`{keyword}` changed")
            changes = self.schemas.compare(
                old_media.get("schema"), new_media.get("schema"), direction
            )
            for change in changes:
                self.add(change.impact, name, label, change.what, change.field)
            if any(change.impact > Impact.DOCS for change in changes):
                self.changed_bodies.append((old, new, label))

    def _compare_responses(self, old: Operation, new: Operation) -> None:
        name = old.operation_id
        old_responses, new_responses = old.raw.get("responses", {}), new.raw.get("responses", {})
        for status in sorted(old_responses.keys() - new_responses.keys()):
            what = "removed (the SDK no longer parses it)"
            self.add(Impact.BREAKING_CLIENTS, name, f"{status} response", what)
        for status in sorted(new_responses.keys() - old_responses.keys()):
            self.add(Impact.ADDITIVE, name, f"{status} response", "added")
        for status in sorted(old_responses.keys() & new_responses.keys()):
            where = f"{status} response"
            before = resolve(self.old, old_responses[status])[0]
            after = resolve(self.new, new_responses[status])[0]
            if before.get("description") != after.get("description"):
                self.add(Impact.DOCS, name, where, "`description` changed")
            if before.get("links") != after.get("links"):
                self.add(Impact.DOCS, name, where, "`links` changed")
            self._compare_headers(name, where, before.get("headers", {}), after.get("headers", {}))
            self._compare_content(old, new, f"{where} body", before, after, RESPONSE)

    def _compare_headers(
        self, name: str, where: str, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        for header in sorted(before.keys() | after.keys()):
            label = f"{where} header {header}"
            if header not in after:
                self.add(Impact.BREAKING_CLIENTS, name, label, "removed")
            elif header not in before:
                self.add(Impact.ADDITIVE, name, label, "added")
            else:
                old_header = resolve(self.old, before[header])[0]
                new_header = resolve(self.new, after[header])[0]
                if old_header.get("description") != new_header.get("description"):
                    self.add(Impact.DOCS, name, label, "`description` changed")
                for change in self.schemas.compare(
                    old_header.get("schema"), new_header.get("schema"), RESPONSE
                ):
                    self.add(change.impact, name, label, change.what, change.field)

    def _compare_security(self, name: str, where: str, before: Any, after: Any) -> None:
        def alternatives(requirements: Any) -> set[str]:
            return {canonical({k: sorted(v) for k, v in r.items()}) for r in requirements or ()}

        old_set, new_set = alternatives(before), alternatives(after)
        if old_set == new_set:
            return
        gone, new = sorted(old_set - new_set), sorted(new_set - old_set)
        if not new_set:
            self.add(Impact.BREAKING_SERVERS, name, where, "no longer required")
        elif gone:
            self.add(Impact.BREAKING_CLIENTS, name, where, f"{', '.join(gone) or 'none'} no longer "
                     f"accepted (now {', '.join(sorted(new_set))})")  # fmt: skip
        else:
            self.add(Impact.BREAKING_SERVERS, name, where, f"{', '.join(new)} also accepted")

    def _compare_components(self) -> None:
        old_c, new_c = self.old.get("components", {}), self.new.get("components", {})
        old_schemes, new_schemes = (
            old_c.get("securitySchemes", {}),
            new_c.get("securitySchemes", {}),
        )
        for scheme in sorted(old_schemes.keys() | new_schemes.keys()):
            before, after = old_schemes.get(scheme), new_schemes.get(scheme)
            where = f"security scheme {scheme}"
            if before is None:
                self.add(Impact.ADDITIVE, "", where, "added")
            elif after is None:
                self.add(Impact.BREAKING_CLIENTS, "", where, "removed")
            elif {k: v for k, v in before.items() if k != "description"} != {
                k: v for k, v in after.items() if k != "description"
            }:
                self.add(Impact.BREAKING_CLIENTS, "", where, "changed (how to authenticate)")
            elif before != after:
                self.add(Impact.DOCS, "", where, "`description` changed")
        old_models, new_models = old_c.get("schemas", {}), new_c.get("schemas", {})
        added = {name: new_models[name] for name in new_models.keys() - old_models.keys()}
        for name in sorted(old_models.keys() - new_models.keys()):
            unnamed = _unnamed(old_models[name], name)
            twin = next((n for n, s in added.items() if _unnamed(s, n) == unnamed), None)
            if twin is not None:
                del added[twin]
                what = f"renamed to `{twin}` (the SDK model is renamed)"
            else:
                what = "removed (the SDK model goes)"
            self.add(Impact.BREAKING_CLIENTS, "", f"schema `{name}`", what)
        for name in sorted(added):
            self.add(Impact.ADDITIVE, "", f"schema `{name}`", "added (a new SDK model)")


def _unnamed(schema: Any, name: str) -> str:
    """A component schema with references to itself made anonymous: equal for a rename."""
    return canonical(schema).replace(f'"#/components/schemas/{name}"', '"#self"')


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from `old` to `new`, most severe first."""
    return SpecDiff(old, new).run()
