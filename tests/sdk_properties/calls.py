"""Calling the generated SDK with spec-generated inputs, and checking what came back.

The inputs come from the spec through schemathesis (`Operation.as_strategy()`, positive
cases): a body and its media type, query parameters. They are turned into the SDK's own
arguments (a body model chosen by media type, keyword arguments), sent with the sync or the
async functions, and `Wire` keeps the request httpx actually sent.
"""

from __future__ import annotations

import asyncio
import enum
import json
import typing
from typing import Any
from urllib.parse import parse_qs

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_python_client.strings import snake_case
from schemathesis.core import NotSet
from tesla_charging_client import AuthenticatedClient
from tesla_charging_client.models import Error
from tesla_charging_client.types import UNSET, Response
from tesla_mock import MockAdmin

from tests.sdk.sdk import FORM, JSON, OPERATIONS, Operation
from tests.spec import oas

SCHEMA = schemathesis.openapi.from_dict(oas.load(oas.VEHICLE_SPEC))  # libyaml's parse (oas.py)
ADMIN_SPEC = oas.load(oas.ADMIN_SPEC)
FLAVORS = ("sync", "async")
BY_ID = {operation.operation_id: operation for operation in OPERATIONS}
VEHICLE_OPERATIONS = [operation for operation in OPERATIONS if "{id}" in operation.path]
BODY_OPERATIONS = [operation for operation in OPERATIONS if "requestBody" in operation.raw]

# Moderate and reproducible: the same examples on every run, nothing kept between runs.
PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    # One account per test serves all its examples: that is the point, not an accident.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def case_strategy(operation: Operation) -> Any:
    """Positive cases (path, query, body, media type) of one operation, from the spec."""
    return SCHEMA[operation.path][operation.method.upper()].as_strategy()


def sdk_body(operation: Operation, media_type: str | None, body: Any) -> Any:
    """The SDK's body argument for a generated body: the model of its media type."""
    if isinstance(body, NotSet):
        return UNSET
    if body is None:  # JSON `null`: a parameterless command's body may be that
        return None
    model: Any = operation.body_model(media_type or JSON)
    assert model is not None, f"{operation.operation_id} has no {media_type} body model"
    return model.from_dict(body)


def example_body(operation: Operation, media_type: str = JSON, **changes: Any) -> Any:
    """The SDK body built from the spec's first example of `media_type`, with `changes`;
    UNSET for an operation whose body is optional (and no changes are asked for)."""
    if not changes and not operation.body_required():
        return UNSET
    model: Any = operation.body_model(media_type)
    assert model is not None, f"{operation.operation_id} has no {media_type} body"
    return model.from_dict({**operation.body_examples(media_type)[0], **changes})


def send(
    operation: Operation,
    flavor: str,
    client: AuthenticatedClient,
    *,
    vehicle: str | None = None,
    body: Any = UNSET,
    query: dict[str, Any] | None = None,
    path: dict[str, Any] | None = None,
) -> Response[Any]:
    """Call the operation's `sync_detailed` or `asyncio_detailed` with these arguments. Path
    parameters other than the vehicle's take `path`'s value, or their spec example."""
    # The SDK names query parameters in snake case (`pageNo` is `page_no`), as its generator
    # does.
    module = operation.module()
    kwargs: dict[str, Any] = {"client": client}
    for name, value in (query or {}).items():
        kwargs[snake_case(name)] = _sdk_value(module.sync_detailed, snake_case(name), value)
    if vehicle is not None:
        kwargs["id"] = vehicle
    for name, example in operation.path_examples.items():
        if name != "id":
            kwargs[name] = (path or {}).get(name, example)
    if "requestBody" in operation.raw:
        kwargs["body"] = body
    if flavor == "sync":
        return module.sync_detailed(**kwargs)  # type: ignore[no-any-return]
    return asyncio.run(module.asyncio_detailed(**kwargs))


def _sdk_value(function: Any, name: str, value: Any) -> Any:
    """`value` as the SDK function takes its parameter `name`: an enum query parameter's
    member for its string."""
    for kind in typing.get_args(typing.get_type_hints(function)[name]):
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind(value)
    return value


class Wire:
    """Keeps the last request an SDK client put on the wire (sync and async alike)."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self.last: httpx.Request | None = None
        client.get_httpx_client().event_hooks["request"].append(self._keep)
        client.get_async_httpx_client().event_hooks["request"].append(self._keep_async)

    def _keep(self, request: httpx.Request) -> None:
        self.last = request

    async def _keep_async(self, request: httpx.Request) -> None:
        self.last = request

    def request(self) -> httpx.Request:
        assert self.last is not None, "the SDK sent nothing"
        return self.last


def form_fields(value: dict[str, Any]) -> dict[str, list[str]]:
    """How a mapping looks once form-encoded and parsed back (httpx writes true/false)."""
    return {key: [_form_text(item)] for key, item in value.items()}


def _form_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def sent_body(request: httpx.Request) -> Any:
    """The request's body as data: JSON decoded, form fields parsed, None when empty."""
    if not request.content:
        return None
    if request.headers.get("content-type") == FORM:
        return parse_qs(request.content.decode(), keep_blank_values=True)
    return json.loads(request.content)


def assert_round_trip(model: Any) -> None:
    """`from_dict(to_dict())` gives the same model back."""
    as_dict = model.to_dict()
    assert type(model).from_dict(as_dict).to_dict() == as_dict


def assert_documented(operation: Operation, response: Response[Any], status: int) -> Any:
    """The answer has `status`, the headers the spec documents for it, and parsed, without
    loss, into the model the spec names for it."""
    assert response.status_code == status, (status, response.status_code, response.content)
    documented = operation.resolved["responses"][str(status)]
    for name, header in documented.get("headers", {}).items():
        assert name in response.headers, f"{status} without its documented {name} header"
        if header["schema"].get("type") == "integer":
            value = int(response.headers[name])
            assert value >= header["schema"].get("minimum", value), (name, value)
    parsed: Any = response.parsed
    assert type(parsed).__name__ == operation.response_model_name(status), parsed
    assert parsed.to_dict() == json.loads(response.content)  # nothing lost or invented
    assert_round_trip(parsed)
    return parsed


# The Fleet API's errors without the envelope: 423 has no body, 429 is the text
# `Retry in N seconds` (with its documented headers).
BODILESS_ERRORS = {423}
TEXT_ERRORS = {429}


def assert_error(operation: Operation, response: Response[Any], status: int) -> Any:
    """A documented error status, parsed into the typed `Error` envelope (None for a bodiless
    one, the text for a text one)."""
    if status in BODILESS_ERRORS:
        assert (response.status_code, response.content) == (status, b""), response.content
        assert response.parsed is None
        return None
    if status in TEXT_ERRORS:
        assert response.status_code == status, (status, response.status_code, response.content)
        documented = operation.resolved["responses"][str(status)]["headers"]
        assert all(name in response.headers for name in documented), response.headers
        assert response.parsed == response.content.decode()
        assert response.parsed.startswith("Retry in ")
        return response.parsed
    parsed = assert_documented(operation, response, status)
    assert isinstance(parsed, Error)
    assert parsed.response is None and parsed.error
    return parsed


def assert_journaled(admin: MockAdmin, vehicle: str, request: httpx.Request, status: int) -> None:
    """The mock's journal shows exactly this request as its vehicle's newest one.

    Except a missing `Content-Type`: the journal records the JSON default the mock assumes
    (test_a_request_sent_without_content_type_is_journaled_without_one), so it is compared
    only when the SDK sent one.
    """
    (entry,) = admin.journal(vehicle, limit=1)
    sent = {
        "method": request.method,
        "path": request.url.path,
        "query": request.url.query.decode(),
        "content_type": request.headers.get("content-type", entry["content_type"]),
        "body": request.content.decode(),
        "status": status,
        "time": entry["time"],
    }
    assert entry == sent


def fault_statuses() -> list[int]:
    """The statuses the admin API can inject (its `NewFault.status` enum)."""
    return list(ADMIN_SPEC["components"]["schemas"]["NewFault"]["properties"]["status"]["enum"])


def query_defaults(operation: Operation) -> dict[str, Any]:
    """The spec's defaults of the operation's query parameters (the SDK sends them)."""
    return {
        parameter["name"]: parameter["schema"]["default"]
        for parameter in operation.resolved.get("parameters", [])
        if parameter["in"] == "query" and "default" in parameter["schema"]
    }


def bounded_fields(operation: Operation) -> list[tuple[str, str, dict[str, Any]]]:
    """(where, name, schema) of every integer the spec bounds: body fields of each media type
    (`where` is the media type) and query parameters (`where` is "query")."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    content = operation.resolved.get("requestBody", {}).get("content", {})
    for media_type in (JSON, FORM):
        properties = content.get(media_type, {}).get("schema", {}).get("properties", {})
        found += [(media_type, name, s) for name, s in properties.items() if _bounded(s)]
    for parameter in operation.resolved.get("parameters", []):
        if parameter["in"] == "query" and _bounded(parameter["schema"]):
            found.append(("query", parameter["name"], parameter["schema"]))
    return found


def _bounded(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "integer" and ("minimum" in schema or "maximum" in schema)
