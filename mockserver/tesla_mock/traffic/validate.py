"""Each recorded exchange against the spec: its operation, query, request body, status and
answer, with OpenAPI 3.0's `nullable` (connexion's validators, as the mock itself uses)."""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from tesla_mock.traffic.recordings import JSON, Exchange

FORM = "application/x-www-form-urlencoded"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True)
class Disagreement:
    """Where a recording and the spec disagree."""

    label: str  # the recording: file#index
    operation: str
    where: str  # `request body`, `query parameter x`, `200 answer`, ...
    field: str  # the field path inside a body ("" for the whole)
    message: str

    def line(self) -> str:
        field = f" `{self.field}`" if self.field else ""
        return f"{self.label}: {self.operation} {self.where}{field}: {self.message}"


def _regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "/?$"
    )


class SpecIndex:
    """The spec's operations, found by method and concrete path."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        routes = []
        for template, item in spec.get("paths", {}).items():
            for method in METHODS:
                if method in item:
                    routes.append((method.upper(), _regex(template), template, item, item[method]))
        # Literal segments win over parameters: /vehicles/fleet_status before /vehicles/{id}.
        routes.sort(key=lambda r: (r[2].count("{"), -len(r[2])))
        self.routes = routes

    def find(self, method: str, path: str) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
        """(path template, path item, operation) of a request; None outside the spec."""
        for route_method, regex, template, item, operation in self.routes:
            if route_method == method and regex.match(path):
                return template, item, operation
        return None

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.spec
            for token in node["$ref"][2:].split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    @cached_property
    def _validators(self) -> tuple[Any, Any, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
            from jsonschema import Draft4Validator
        return Draft4RequestValidator, Draft4ResponseValidator, Draft4Validator.FORMAT_CHECKER

    def errors(self, schema: dict[str, Any], value: Any, answer: bool) -> list[Any]:
        request, response, formats = self._validators
        wrapped = {"allOf": [schema], "components": self.spec.get("components", {})}
        validator = (response if answer else request)(wrapped, format_checker=formats)
        return sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))


def _pointer(path: Any) -> str:
    return "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in path)


def _dotted(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _query_value(text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
    except ValueError:
        return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def _form(body: bytes, schema: dict[str, Any], index: SpecIndex) -> dict[str, Any]:
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    properties = index.resolve(schema).get("properties", {})
    return {
        name: _query_value(values[-1], index.resolve(properties.get(name, {})))
        for name, values in fields.items()
    }


def check_exchange(index: SpecIndex, exchange: Exchange) -> list[Disagreement] | None:
    """What in `exchange` disagrees with the spec; None when the spec has no such operation."""
    found = index.find(exchange.method, exchange.path)
    if found is None:
        return None
    template, item, operation = found
    name = operation.get("operationId") or f"{exchange.method} {template}"
    out: list[Disagreement] = []

    def add(where: str, message: str, field: str = "") -> None:
        out.append(Disagreement(exchange.label, name, where, field, message))

    parameters = [index.resolve(p) for p in [*item.get("parameters", ()),
                                             *operation.get("parameters", ())]]  # fmt: skip
    query = parse_qs(exchange.query, keep_blank_values=True)
    known = {p["name"] for p in parameters if p.get("in") == "query"}
    for parameter in parameters:
        if parameter.get("in") != "query":
            continue
        where = f"query parameter {parameter['name']}"
        if parameter["name"] not in query:
            if parameter.get("required"):
                add(where, "missing (required)")
            continue
        schema = index.resolve(parameter.get("schema", {}))
        value = _query_value(query[parameter["name"]][-1], schema)
        for error in index.errors(schema, value, answer=False):
            add(where, error.message)
    for unknown in sorted(set(query) - known):
        add(f"query parameter {unknown}", "not in the spec")
    _check_request_body(index, exchange, operation, add)
    if exchange.status is not None:
        _check_answer(index, exchange, operation, add)
    return out


def _check_request_body(index: SpecIndex, exchange: Exchange, operation: Any, add: Any) -> None:
    body = exchange.request_body.strip()
    spec_body = index.resolve(operation.get("requestBody")) or {}
    if not body:
        if spec_body.get("required") and exchange.method not in ("GET", "HEAD"):
            add("request body", "missing (required)")
        return
    if not spec_body:
        if body not in (b"{}", b"null"):
            add("request body", "sent, but the operation takes none")
        return
    media = exchange.request_type or JSON
    content = spec_body.get("content", {})
    if media not in content:
        add("request body", f"media type {media} not in the spec ({', '.join(content)})")
        return
    schema = content[media].get("schema", {})
    if media == FORM:
        value: Any = _form(body, schema, index)
    else:
        try:
            value = json.loads(body)
        except ValueError:
            add("request body", "not JSON")
            return
    for error in index.errors(schema, value, answer=False):
        add("request body", error.message, _dotted(error.absolute_path))


def _check_answer(index: SpecIndex, exchange: Exchange, operation: Any, add: Any) -> None:
    status = str(exchange.status)
    responses = operation.get("responses", {})
    documented = (
        responses.get(status) or responses.get(f"{status[0]}XX") or responses.get("default")
    )
    if documented is None:
        add(f"{status} answer", f"status {status} is not documented")
        return
    documented = index.resolve(documented)
    if not exchange.response_body:
        return
    media = exchange.response_type
    content = documented.get("content", {})
    if media not in content:
        if content:
            add(f"{status} answer", f"media type {media} not in the spec ({', '.join(content)})")
        return
    if media != JSON:
        return
    try:
        value = exchange.json_answer()
    except ValueError:
        add(f"{status} answer", "not JSON")
        return
    for error in index.errors(content[media].get("schema", {}), value, answer=True):
        where = _pointer(error.absolute_path)
        if any(where == p or where.startswith(p + "/") for p in exchange.placeholders):
            continue  # a value the publisher replaced (a VIN written `1`)
        add(f"{status} answer", error.message, _dotted(error.absolute_path))
