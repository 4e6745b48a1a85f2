"""The hand-written admin client (tesla_mock/testing/admin.py) stays a client of
spec/mock-admin.yaml: every request it sends is an operation of the spec with parameters the
spec declares, and every operation of the spec has a method (but the dashboard's event stream).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tesla_mock import MockAdmin
from tesla_mock.specs import ADMIN_BASE_PATH, ADMIN_SPEC, load_spec

# Operations a test client has no use for, and why.
NOT_IN_THE_CLIENT = {
    ("GET", "/events"): "a server-sent event stream, for the dashboard",
}

# One call of every public method, with made-up arguments: the server is a stub here.
CALLS: dict[str, Callable[[MockAdmin], Any]] = {
    "health": lambda admin: admin.health(),
    "fleet": lambda admin: admin.fleet(),
    "reset": lambda admin: admin.reset(),
    "load_scenario": lambda admin: admin.load_scenario({"accounts": []}),
    "create_account": lambda admin: admin.create_account("alice", token="t"),
    "account": lambda admin: admin.account("alice"),
    "delete_account": lambda admin: admin.delete_account("alice"),
    "create_token": lambda admin: admin.create_token("alice", token="t2"),
    "revoke_token": lambda admin: admin.revoke_token("alice", "t2"),
    "create_vehicle": lambda admin: admin.create_vehicle("alice", plugged_in=True),
    "delete_vehicle": lambda admin: admin.delete_vehicle("1"),
    "vehicle_state": lambda admin: admin.vehicle_state("1"),
    "set_state": lambda admin: admin.set_state("1", state="asleep"),
    "journal": lambda admin: admin.journal(
        "1", method="POST", path_contains="charge", status=200, limit=5
    ),
    "clear_journal": lambda admin: admin.clear_journal("1"),
    "clock": lambda admin: admin.clock(),
    "set_clock": lambda admin: admin.set_clock(frozen=True, time_scale=2.0),
    "advance_clock": lambda admin: admin.advance_clock(seconds=30, minutes=1, hours=2),
    "inject_fault": lambda admin: admin.inject_fault(503, vehicle_id="1", count=1),
    "faults": lambda admin: admin.faults(),
    "delete_fault": lambda admin: admin.delete_fault(1),
    "clear_faults": lambda admin: admin.clear_faults(),
}
# What the stub answers: enough for each method to read what it reads.
STUB_ANSWER = {"tokens": ["t"], "token": "t", "entries": [], "faults": [], "id": 1}


def spec_operations() -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path template) -> the operation, with its path-level parameters."""
    operations = {}
    for path, item in load_spec(ADMIN_SPEC)["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                declared = [*item.get("parameters", []), *operation.get("parameters", [])]
                operations[(method.upper(), path)] = {**operation, "parameters": declared}
    return operations


def matching_operation(method: str, path: str) -> tuple[str, str] | None:
    for key in spec_operations():
        spec_method, template = key
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if spec_method == method and re.fullmatch(pattern, path):
            return key
    return None


def sent_by(call: Callable[[MockAdmin], Any]) -> list[httpx.Request]:
    sent: list[httpx.Request] = []

    def stub(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=STUB_ANSWER)

    with httpx.Client(base_url="http://admin.invalid", transport=httpx.MockTransport(stub)) as http:
        call(MockAdmin(http))
    return sent


def test_every_public_method_of_the_client_is_called_here() -> None:
    public = {
        name
        for name, _ in inspect.getmembers(MockAdmin, inspect.isfunction)
        if not name.startswith("_")
    }
    assert public == set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_request_is_an_operation_of_the_admin_spec(name: str) -> None:
    (request,) = sent_by(CALLS[name])
    assert request.url.path.startswith(ADMIN_BASE_PATH)
    path = request.url.path.removeprefix(ADMIN_BASE_PATH)
    operation = matching_operation(request.method, path)
    assert operation is not None, f"{name}: {request.method} {path} is not in {ADMIN_SPEC}"
    declared_query = {
        parameter["name"]
        for parameter in spec_operations()[operation]["parameters"]
        if parameter.get("in") == "query"
    }
    assert set(request.url.params) <= declared_query, (name, dict(request.url.params))


def body_schema(operation: dict[str, Any]) -> dict[str, Any]:
    """The JSON request body's schema of an operation, its `$ref` followed."""
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = load_spec(ADMIN_SPEC)["components"]["schemas"][name]
    return dict(schema)


def sends_json(name: str) -> bool:
    (request,) = sent_by(CALLS[name])
    return request.headers.get("content-type") == "application/json"


@pytest.mark.parametrize("name", [name for name in sorted(CALLS) if sends_json(name)])
def test_each_json_body_sends_only_fields_the_spec_declares(name: str) -> None:
    (request,) = sent_by(CALLS[name])
    operation = spec_operations()[
        matching_operation(request.method, request.url.path.removeprefix(ADMIN_BASE_PATH))
    ]
    declared = set(body_schema(operation).get("properties", {}))
    assert set(json.loads(request.content)) <= declared, name


def test_every_operation_of_the_admin_spec_has_a_method() -> None:
    called = set()
    for call in CALLS.values():
        for request in sent_by(call):
            called.add(
                matching_operation(request.method, request.url.path.removeprefix(ADMIN_BASE_PATH))
            )
    assert set(spec_operations()) - called == set(NOT_IN_THE_CLIENT)
