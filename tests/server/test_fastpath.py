"""The pieces of the fast path one by one: the dispatcher (tesla_mock/fastpath.py), the compiled
validators (tesla_mock/compiled_validators.py) and what relies on connexion's internals
(tesla_mock/connexion_internals.py).

The fast validators may only accept what connexion's validators accept; everything they do
not accept goes to connexion, which decides and words the error. The property test below holds
jsonschema_rs to that for every schema of both specs.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import importlib.metadata
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from connexion.exceptions import InvalidSpecification
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from connexion.lifecycle import ConnexionRequest
from connexion.middleware import ConnexionMiddleware
from connexion.resolver import Resolver
from connexion.security import AbstractSecurityHandler
from connexion.spec import Specification
from connexion.validators import ParameterValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from starlette.requests import ClientDisconnect
from starlette.testclient import TestClient
from tesla_mock import compiled_validators, connexion_internals, fastpath
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.handlers import VehicleApi
from tesla_mock.specs import ADMIN_SPEC, VEHICLE_SPEC, load_spec

from tests.server.support import ADMIN_TOKEN, OWNER_TOKEN, PLUGGED, SCENARIO, START, UNPLUGGED, Api

CONNEXION_CHECKED = "3.3.0"


def test_connexion_is_the_version_the_fast_path_was_checked_against() -> None:
    """tesla_mock/connexion_internals.py relies on connexion internals. Before raising this
    version, read each piece's "Relies on" note there against the new connexion and keep
    tests/server/test_fastpath_differential.py green."""
    assert importlib.metadata.version("connexion") == CONNEXION_CHECKED


# -- schema translation -------------------------------------------------------------------------
def test_nullable_becomes_a_null_type_and_enum_member_for_bodies_only() -> None:
    schema = {"type": "string", "enum": ["a"], "nullable": True, "description": "doc"}
    assert compiled_validators.plain_draft4(schema, compiled_validators.REQUEST) == {
        "type": ["string", "null"],
        "enum": ["a", None],
    }
    assert compiled_validators.plain_draft4(schema, compiled_validators.PARAMETER) == {
        "type": "string",
        "enum": ["a"],
    }


def test_write_only_fields_never_pass_in_responses() -> None:
    schema = {"type": "object", "properties": {"secret": {"type": "string", "writeOnly": True}}}
    rewritten = compiled_validators.plain_draft4(schema, compiled_validators.RESPONSE)
    assert rewritten["properties"]["secret"] == {"not": {}}
    assert compiled_validators.plain_draft4(schema, compiled_validators.REQUEST)["properties"][
        "secret"
    ] == {"type": "string"}


def test_property_names_are_not_mistaken_for_keywords() -> None:
    schema = {"type": "object", "properties": {"format": {"type": "string"}, "x-y": {}}}
    assert compiled_validators.plain_draft4(schema, compiled_validators.REQUEST) == schema


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "email"},
        {"$ref": "#/components/schemas/Thing"},
        {"type": "string", "pattern": "^\\s*$"},
        {"type": "number", "multipleOf": 0.1},
        {"type": "object", "patternProperties": {"\\d+": {}}},
    ],
    ids=["checked-format", "ref", "regex-escape", "fractional-multiple", "pattern-properties"],
)
def test_schemas_jsonschema_rs_might_judge_differently_are_left_to_connexion(schema) -> None:
    with pytest.raises(compiled_validators.Unsupported):
        compiled_validators.plain_draft4(schema, compiled_validators.REQUEST)
    assert (
        compiled_validators.SchemaCompiler().compiled(schema, compiled_validators.REQUEST) is None
    )
    assert not compiled_validators.SchemaCompiler().accepts(
        schema, compiled_validators.REQUEST, "anything"
    )


def test_recursive_schemas_are_left_to_connexion() -> None:
    node: dict[str, Any] = {"type": "object", "properties": {}}
    node["properties"]["child"] = node
    assert compiled_validators.SchemaCompiler().compiled(node, compiled_validators.REQUEST) is None


def test_values_jsonschema_rs_cannot_take_are_left_to_connexion() -> None:
    compiler = compiled_validators.SchemaCompiler()
    schema = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^[a-z]+$"}}}
    assert compiler.accepts(schema, compiled_validators.REQUEST, {"a": "b"})
    assert not compiler.accepts(
        schema, compiled_validators.REQUEST, {"a": "\ud800"}
    )  # a lone surrogate
    assert not compiler.accepts(schema, compiled_validators.REQUEST, {"a": object()})


# -- rs accepts => connexion accepts, for every schema of both specs ----------------------------
PYTHON_VALIDATORS = {
    compiled_validators.REQUEST: Draft4RequestValidator,
    compiled_validators.RESPONSE: Draft4ResponseValidator,
    compiled_validators.PARAMETER: Draft4Validator,
}


def _operation(spec: Specification, path: str, method: str) -> Any:
    """connexion's operation object for one path and method, as its APIs build it."""
    return spec.operation_cls.from_spec(
        spec, path=path, method=method, resolver=Resolver(lambda _id: print)
    )


def _specification(spec_file: str) -> Specification:
    """connexion's specification of a served spec, from the document the app is given
    (`Specification.load` would parse the file again, with PyYAML's pure-Python parser)."""
    return Specification.from_dict(load_spec(spec_file))


def _vehicle_operation(path: str, method: str) -> Any:
    return _operation(_specification(VEHICLE_SPEC), path, method)


def spec_schemas() -> Iterator[tuple[str, str, Any, list[Any]]]:
    """(where, mode, schema, examples) for every schema connexion validates against, as
    connexion prepares them (references resolved, components injected)."""
    seen: set[str] = set()
    for spec_file in (VEHICLE_SPEC, ADMIN_SPEC):
        spec = _specification(spec_file)
        for path, item in spec["paths"].items():
            for method in item:
                if method == "parameters":
                    continue
                operation = _operation(spec, path, method)
                found = [
                    (p["name"], compiled_validators.PARAMETER, p["schema"], _examples(p))
                    for p in operation.parameters
                ]
                for content_type in operation.consumes:
                    body = operation.body_definition(content_type)
                    examples = [
                        *_examples(body),
                        operation.body_schema(content_type).get("default"),
                    ]
                    schema = operation.body_schema(content_type)
                    found.append((content_type, compiled_validators.REQUEST, schema, examples))
                for status, response in operation.responses.items():
                    for content_type, content in response.get("content", {}).items():
                        schema = operation.response_schema(status, content_type)
                        found.append(
                            (status, compiled_validators.RESPONSE, schema, _examples(content))
                        )
                for where, mode, schema, examples in found:
                    key = json.dumps(
                        [mode, _without_components(schema)], sort_keys=True, default=str
                    )
                    if key not in seen:
                        seen.add(key)
                        yield f"{operation.operation_id}:{where}", mode, schema, examples


def _examples(definition: dict[str, Any]) -> list[Any]:
    found = [example["value"] for example in definition.get("examples", {}).values()]
    return found + ([definition["example"]] if "example" in definition else [])


def _without_components(schema: Any) -> Any:
    return {k: v for k, v in schema.items() if k != "components"}


def _names_and_leaves(schema: Any, names: set[str], leaves: list[Any]) -> None:
    """Property names, enum members and boundary values found anywhere in `schema`."""
    if isinstance(schema, list):
        for item in schema:
            _names_and_leaves(item, names, leaves)
        return
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key == "components":
            continue
        if key == "properties":
            names.update(value)
        if key == "enum":
            leaves.extend(value)
        if key in ("minimum", "maximum") and isinstance(value, int | float):
            leaves.extend([value - 1, value, value + 1, value + 0.5, float(value)])
        if key in ("minLength", "maxLength") and isinstance(value, int):
            leaves.extend(["x" * max(value - 1, 0), "x" * value, "x" * (value + 1)])
        _names_and_leaves(value, names, leaves)


TRICKY = [
    None, True, False, 0, -1, 1.0, 10**23, float("nan"), float("inf"), "", "1", "1\n",
    "13691870400958016", "5YJ3E1EA7KF317000", "5YJ3E1EA7KF317000\n", "١٢٣", "\ufeff", " ",
    [], {}, [None], {"": None},
]  # fmt: skip


def leaves_of(schema: Any, examples: list[Any]) -> tuple[list[str], list[Any]]:
    """Property names and telling values for `schema`: its enum members, values at and around
    its bounds, the values of its examples, and TRICKY."""
    names: set[str] = set()
    special: list[Any] = list(TRICKY)
    _names_and_leaves(schema, names, special)
    for example in examples:
        _names_and_leaves(example, set(), special)
        special.extend(value for _, value in _leaf_items(example))
    unique = {json.dumps(v, sort_keys=True): v for v in special}
    return sorted(names), list(unique.values())


def _leaf_items(value: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for at in _paths(value, ()):
        node = value
        for key in at:
            node = node[key]
        if not isinstance(node, dict | list):
            yield at, node


def instances(schema: Any, examples: list[Any]) -> st.SearchStrategy[Any]:
    """Random JSON values built from the schema's names and telling values, and the spec's
    examples with one part replaced."""
    names, special = leaves_of(schema, examples)
    leaves = st.one_of(
        st.sampled_from(special),
        st.one_of(st.integers(), st.floats(), st.text(max_size=20), st.booleans(), st.none()),
    )
    keys = st.sampled_from(names) if names else st.text(max_size=5)
    anything = st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(keys | st.text(max_size=5), children, max_size=6)
        ),
        max_leaves=15,
    )
    starts = [e for e in examples if e is not None]
    if not starts:
        return anything
    return st.one_of(anything, st.sampled_from(starts).flatmap(lambda e: _mutated(e, anything)))


def _mutated(example: Any, replacement: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The example with one of its values (or the whole of it) replaced."""
    paths = list(_paths(example, ()))
    return st.tuples(st.sampled_from(paths), replacement).map(
        lambda pair: _replaced(example, *pair)
    )


def _paths(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    yield at
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield from _paths(child, (*at, key))


def _replaced(value: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    copied = copy.deepcopy(value)
    node = copied
    for key in at[:-1]:
        node = node[key]
    node[at[-1]] = new
    return copied


SCHEMAS = list(spec_schemas())
SWEEP = 1500


@pytest.mark.parametrize(
    "mode, schema, examples", [s[1:] for s in SCHEMAS], ids=[s[0] for s in SCHEMAS]
)
def test_jsonschema_rs_only_accepts_what_connexion_accepts(mode, schema, examples) -> None:
    compiler = compiled_validators.SchemaCompiler()
    python = PYTHON_VALIDATORS[mode](schema, format_checker=Draft4Validator.FORMAT_CHECKER)

    def check(instance: Any) -> None:
        if compiler.accepts(schema, mode, instance):
            assert python.is_valid(instance), instance

    # Every example of the spec, and examples with one value swapped for a telling one (all
    # such swaps, or an even spread of SWEEP of them for the big examples).
    _, special = leaves_of(schema, examples)
    swaps = [
        (example, at, value)
        for example in examples
        for at, _ in _leaf_items(example)
        for value in special
    ]
    for example, at, value in swaps[:: len(swaps) // SWEEP + 1]:
        check(_replaced(example, at, value))
    for example in examples:
        if example is not None and python.is_valid(example):
            assert compiler.accepts(schema, mode, example), example  # valid is fast
    for value in special:
        check(value)

    # And random values around them.
    settings(
        max_examples=25,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )(given(instances(schema, examples))(check))()


def test_every_body_and_parameter_schema_of_the_vehicle_api_is_fast() -> None:
    compiler = compiled_validators.SchemaCompiler()
    slow = [
        where
        for where, mode, schema, _ in SCHEMAS
        if mode != compiled_validators.RESPONSE and compiler.compiled(schema, mode) is None
    ]
    assert slow == []


# -- the pieces at work ---------------------------------------------------------------------------
@pytest.fixture
def fast_api() -> Iterator[Api]:
    app = create_app(scenario=SCENARIO, admin_token=ADMIN_TOKEN, clock=SimClock(start=START))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, app.mock.fleet.clock)


def test_the_token_function_is_inspected_at_start_up_not_per_request(fast_api, monkeypatch) -> None:
    assert fast_api.command(PLUGGED, "charge_start").status_code == 200  # the stack is built
    inspected = []
    original = AbstractSecurityHandler._accepts_kwarg
    monkeypatch.setattr(
        AbstractSecurityHandler,
        "_accepts_kwarg",
        staticmethod(lambda func, kw: inspected.append(kw) or original(func, kw)),
    )
    for _ in range(3):
        assert fast_api.command(PLUGGED, "charge_stop").status_code == 200
    assert inspected == []


@pytest.mark.parametrize("content_type", ["application/json", "application/json;charset=latin-1"])
def test_the_handler_gets_the_json_body_the_validator_replayed(fast_api, content_type) -> None:
    """There is no side channel from the validator to the handler: the dispatcher reads the
    body again from the messages the validator replayed."""
    path = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"
    response = fast_api.http.post(
        path, content=b'{"percent": 66}', headers={**fast_api.owner, "Content-Type": content_type}
    )
    assert response.status_code == 200
    assert response.json()["response"]["result"] is True
    assert (
        fast_api.http.get(
            f"/api/1/vehicles/{PLUGGED}/vehicle_data",
            params={"endpoints": "charge_state"},
            headers=fast_api.owner,
        ).json()["response"]["charge_state"]["charge_limit_soc"]
        == 66
    )


async def _read_body(reader: Any, chunks: list[bytes], *, disconnect: bool = False) -> Any:
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1 or disconnect}
        for n, chunk in enumerate(chunks)
    ]
    if disconnect:
        messages.append({"type": "http.disconnect"})

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    return await reader(receive)


async def _connexions_body(receive: Any) -> Any:
    scope = {"type": "http", "headers": [(b"content-type", b"application/json")]}
    return await ConnexionRequest(scope, receive).get_body()


@pytest.mark.parametrize(
    "chunks",
    [
        [b'{"percent": 66}'],
        [b'{"perc', b"", b'ent": 66}'],
        [b"[1, 2.5, null]"],
        [b"null"],
        [b"not json"],
        [b'{"percent": 66'],
        [b""],
        ['{"name": "\u00e9t\u00e9"}'.encode("utf-16")],
        [b"\xff\xfe"],
    ],
    ids=[
        "object",
        "chunked",
        "array",
        "null",
        "not-json",
        "cut-short",
        "empty",
        "utf-16",
        "bad-utf",
    ],
)
def test_the_dispatcher_reads_a_json_body_as_connexion_does(chunks: list[bytes]) -> None:
    ours = asyncio.run(_read_body(fastpath._json_body, chunks))
    assert ours == asyncio.run(_read_body(_connexions_body, chunks))


def test_a_client_gone_before_the_body_ended_is_a_disconnect_both_ways() -> None:
    for reader in (fastpath._json_body, _connexions_body):
        with pytest.raises(ClientDisconnect):
            asyncio.run(_read_body(reader, [b'{"perc'], disconnect=True))


def test_api_requests_do_not_enter_the_swagger_ui_router(fast_api, monkeypatch) -> None:
    entered = []
    original = connexion_internals.SwaggerUIMiddleware.__call__

    async def spy(self, scope, receive, send):
        entered.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(connexion_internals.SwaggerUIMiddleware, "__call__", spy)
    assert fast_api.command(PLUGGED, "charge_start").status_code == 200
    assert fast_api.http.get("/__mock/fleet", headers=fast_api.admin_headers).status_code == 200
    assert fast_api.http.get("/ui/").status_code == 200
    assert fast_api.http.get("/__mock/openapi.json").status_code == 200
    assert entered == ["/ui/", "/__mock/openapi.json"]


def test_body_definitions_are_remembered_for_a_bounded_number_of_content_types() -> None:
    operation = _vehicle_operation("/api/1/vehicles/{id}/command/set_charge_limit", "post")
    computed = []
    compute = operation.body_definition
    operation.body_definition = lambda content_type=None: (
        computed.append(content_type) or compute(content_type)
    )
    connexion_internals.memoize_body_definition(operation)
    json_body = operation.body_definition("application/json")
    assert operation.body_definition("application/json") is json_body
    assert operation.body_schema("application/json") is json_body["schema"]
    assert computed == ["application/json"]
    limit = connexion_internals.CLIENT_KEYED_CACHE_LIMIT
    others = [f"text/x-{n}" for n in range(2 * limit)]
    for _ in range(2):
        for content_type in others:
            assert operation.body_definition(content_type) == compute(content_type)
    # The first limit - 1 others were remembered; the rest is worked out every time.
    assert len(computed) == 1 + len(others) + (len(others) - (limit - 1))


def test_a_body_validator_is_built_once_per_content_type(fast_api, monkeypatch) -> None:
    built: list[Any] = []
    original = connexion_internals.DirectJSONBodyValidator.__init__

    def spy(self: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, **kwargs)

    monkeypatch.setattr(connexion_internals.DirectJSONBodyValidator, "__init__", spy)
    path = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"
    for percent, content_type in [
        (61, "application/json"),
        (62, "application/json"),
        (63, "application/json; charset=latin-1"),
        (64, "application/json"),
        (65, "application/json; charset=latin-1"),
    ]:
        answer = fast_api.http.post(
            path,
            content=b'{"percent": %d}' % percent,
            headers={**fast_api.owner, "Content-Type": content_type},
        )
        assert answer.json()["response"]["result"] is True
    assert fast_api.charge_state(PLUGGED)["charge_limit_soc"] == 65
    assert len(built) == 2  # one per Content-Type value


@pytest.fixture
def validations(monkeypatch) -> list[bytes]:
    """The query string of every request connexion's parameter validation judged."""
    judged: list[bytes] = []
    original = ParameterValidator.validate_request

    def spy(self: ParameterValidator, request: Any) -> None:
        judged.append(request.scope["query_string"])
        original(self, request)

    monkeypatch.setattr(ParameterValidator, "validate_request", spy)
    return judged


def test_accepted_parameters_are_judged_once_per_path_and_query(fast_api, validations) -> None:
    def sections(vehicle: str, endpoints: str) -> tuple[int, dict[str, Any]]:
        response = fast_api.http.get(
            f"/api/1/vehicles/{vehicle}/vehicle_data",
            params={"endpoints": endpoints},
            headers=fast_api.owner,
        )
        return response.status_code, response.json()["response"]

    for _ in range(3):
        status, plugged = sections(PLUGGED, "charge_state")
        assert status == 200 and "charge_state" in plugged and "climate_state" not in plugged
    assert validations == [b"endpoints=charge_state"]
    # Another query, or another car, is judged and answered on its own.
    status, climate = sections(PLUGGED, "climate_state")
    assert status == 200 and "climate_state" in climate and "charge_state" not in climate
    status, unplugged = sections(UNPLUGGED, "charge_state")
    assert status == 200 and unplugged["id_s"] == UNPLUGGED != plugged["id_s"]
    assert unplugged["charge_state"]["charging_state"] == "Disconnected"
    assert len(validations) == 3


def test_refused_parameters_are_judged_afresh_with_connexions_message(
    fast_api, validations
) -> None:
    url = f"/api/1/vehicles/{PLUGGED}/vehicle_data?endpoints=charge_state;nope"
    answers = [fast_api.http.get(url, headers=fast_api.owner) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert "does not match" in answers[0].json()["error_description"]
    assert len(validations) == 2


def test_long_query_strings_are_not_remembered(fast_api, validations) -> None:
    repeats = compiled_validators.LONGEST_REMEMBERED_QUERY // len("endpoints=charge_state&") + 1
    query = "&".join(["endpoints=charge_state"] * repeats)
    assert len(query) > compiled_validators.LONGEST_REMEMBERED_QUERY
    url = f"/api/1/vehicles/{PLUGGED}/vehicle_data?{query}"
    answers = [fast_api.http.get(url, headers=fast_api.owner) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert len(validations) == 2


def test_remembered_paths_and_queries_are_bounded_per_operation(monkeypatch) -> None:
    monkeypatch.setattr(compiled_validators, "ACCEPTED_URIS_PER_OPERATION", 8)
    operation = _vehicle_operation("/api/1/vehicles/{id}/vehicle_data", "get")
    parser = operation.uri_parser_class(operation.parameters, operation.body_definition())
    validator = compiled_validators.validator_map(compiled_validators.SchemaCompiler())[
        "parameter"
    ](operation.parameters, uri_parser=parser, strict_validation=True)
    for n in range(20):
        scope = {"query_string": b"endpoints=charge_state", "path_params": {"id": str(n)}}
        validator.validate(scope)  # accepted: no exception
    assert validator._accepted.cache_info().currsize == 8
    assert validator._accepted.cache_info().misses == 20


@pytest.mark.parametrize(
    "parameters, remembered",
    [
        ({}, True),
        ({"path": [{"name": "id", "schema": {"type": "string"}}]}, True),
        ({"query": [{"name": "page", "schema": {"type": "integer"}}]}, True),
        ({"query": [{"name": "ids", "schema": {"type": "array", "items": {}}}]}, False),
        ({"query": [{"name": "filter", "schema": {"type": "object"}}]}, False),
        ({"header": [{"name": "X-Trace", "schema": {"type": "string"}}]}, False),
        ({"cookie": [{"name": "session", "schema": {"type": "string"}}]}, False),
    ],
    ids=["none", "path-string", "query-integer", "array", "object", "header", "cookie"],
)
def test_only_operations_judged_on_path_and_query_alone_are_remembered(
    parameters, remembered
) -> None:
    assert compiled_validators._judged_on_uri_alone(parameters) is remembered


def test_a_response_that_breaks_the_spec_is_refused_alike(monkeypatch) -> None:
    """With response validation on, both stacks refuse a non-conforming answer the same way."""

    async def broken(self, id: str, token_info: dict[str, Any]) -> dict[str, Any]:
        return {"response": {"id": "not a number"}}

    monkeypatch.setattr(VehicleApi, "get_vehicle", broken)
    answers = []
    for fast in (True, False):
        app = create_app(
            scenario=SCENARIO, clock=SimClock(start=START), validate_responses=True, fast=fast
        )
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(
                f"/api/1/vehicles/{PLUGGED}", headers={"Authorization": "Bearer owner-token-1"}
            )
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 500


# -- the dispatcher ------------------------------------------------------------------------------
def test_the_app_is_connexions_middleware_around_the_dispatcher() -> None:
    app = create_app(scenario=SCENARIO, clock=SimClock(start=START))
    assert isinstance(app, ConnexionMiddleware)
    assert isinstance(app.app, fastpath.OperationDispatcher)


def test_each_operation_is_planned_once(fast_api, monkeypatch) -> None:
    planned = []
    original = fastpath.DirectCall.planned.__func__

    def spy(cls, operation, **kwargs):
        planned.append(operation.operation_id)
        return original(cls, operation, **kwargs)

    monkeypatch.setattr(fastpath.DirectCall, "planned", classmethod(spy))
    for _ in range(3):
        assert fast_api.command(PLUGGED, "charge_start").status_code == 200
        assert fast_api.http.get("/__mock/fleet", headers=fast_api.admin_headers).status_code == 200
    assert planned == ["charge_start", "get_fleet"]


def test_every_operation_of_both_specs_is_called_directly() -> None:
    """Every operation's function is called by DirectCall, none through the per-request
    StarletteDecorator (requests with form bodies excepted)."""
    indirect = []
    for spec_file in (VEHICLE_SPEC, ADMIN_SPEC):
        spec = _specification(spec_file)
        for path, item in spec["paths"].items():
            for method in item:
                if method != "parameters" and not fastpath._plain_operation(
                    _operation(spec, path, method)
                ):
                    indirect.append((method, path))
    assert indirect == []


def test_form_bodies_go_through_connexions_decorator(fast_api, monkeypatch) -> None:
    called = []
    original = fastpath.StarletteDecorator.__call__

    def spy(self, function):
        decorated = original(self, function)

        async def counted(*args, **kwargs):
            called.append(function.__name__)
            return await decorated(*args, **kwargs)

        return counted

    monkeypatch.setattr(fastpath.StarletteDecorator, "__call__", spy)
    path = f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit"
    answers = [
        fast_api.http.post(path, data={"percent": "61"}, headers=fast_api.owner),
        fast_api.http.post(path, json={"percent": 62}, headers=fast_api.owner),
    ]
    assert [answer.json()["response"]["result"] for answer in answers] == [True, True]
    assert called == ["set_charge_limit"]  # the form body only


@pytest.mark.parametrize(
    "path", ["/api/1/nothing-here", f"/api/1/vehicles/{PLUGGED}%0A", "/__mock/nothing-here"]
)
def test_requests_no_operation_serves_are_404(fast_api, path) -> None:
    headers = fast_api.admin_headers if path.startswith("/__mock") else fast_api.owner
    answers = [fast_api.http.get(path, headers=headers) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [404, 404]
    assert answers[0].json()["error"] == "not_found"


# -- what relies on connexion's internals, and nothing else --------------------------------------
MOCKSERVER = Path(__file__).resolve().parents[2] / "mockserver" / "tesla_mock"


def _connexion_imports(source: Path) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("connexion"):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (alias.name, "") for alias in node.names if alias.name.startswith("connexion")
            ]
    return found


def test_no_private_connexion_name_is_imported_outside_the_internals_module() -> None:
    private = [
        (source.relative_to(MOCKSERVER).as_posix(), module, name)
        for source in MOCKSERVER.rglob("*.py")
        if source.name != "connexion_internals.py"
        for module, name in _connexion_imports(source)
        if name.startswith("_") or any(part.startswith("_") for part in module.split("."))
    ]
    assert private == []


def test_every_piece_relying_on_internals_names_the_upstream_change() -> None:
    tree = ast.parse((MOCKSERVER / "connexion_internals.py").read_text())
    pieces = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and "Relies on" in (ast.get_docstring(node) or "")
    ]
    assert len(pieces) >= 6
    assert [node.name for node in pieces if "Upstream" not in ast.get_docstring(node)] == []


def test_the_served_spec_is_written_once_per_form_and_names_each_origin(
    fast_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """connexion writes the document for every request on the event loop (6 s for the YAML of
    the vehicle spec, when the server answers nobody); here once per form and process, then
    only the origin in `servers` changes from request to request and from app to app."""
    written = []
    resolve_refs = connexion_internals.resolve_refs

    def counted(spec: dict[str, Any]) -> dict[str, Any]:
        written.append(spec["info"]["title"])
        return resolve_refs(spec)

    monkeypatch.setattr(connexion_internals, "resolve_refs", counted)
    monkeypatch.setattr(connexion_internals, "_WRITTEN", {})  # as if nothing was served yet
    documents = {
        (form, host): fast_api.http.get(f"/openapi.{form}", headers={"Host": host})
        for form in ("json", "yaml")
        for host in ("localhost:4010", "mock.example:80", "localhost:4010")
    }
    assert written == ["Tesla Vehicle Charging API"] * 2  # one JSON, one YAML
    for (form, host), answer in documents.items():
        assert answer.status_code == 200
        spec = answer.json() if form == "json" else yaml.load(answer.text, Loader=yaml.CSafeLoader)
        assert spec["servers"] == [{"url": f"http://{host}", "description": "this mock"}]
        assert spec["info"]["title"] == "Tesla Vehicle Charging API"
    assert documents["json", "localhost:4010"].text.replace(
        "localhost:4010", "mock.example:80"
    ) == (documents["json", "mock.example:80"].text)
    assert len(written) == 2

    # Another app of the process serving the same spec writes nothing again.
    another = create_app(scenario=SCENARIO, admin_token=ADMIN_TOKEN, clock=SimClock(start=START))
    with TestClient(another) as client:
        for form in ("json", "yaml"):
            answer = client.get(f"/openapi.{form}", headers={"Host": "other.example:1"})
            assert answer.content == documents[form, "localhost:4010"].content.replace(
                b"localhost:4010", b"other.example:1"
            )
    assert len(written) == 2


def test_each_spec_document_is_built_once_and_each_app_keeps_its_own_base_path() -> None:
    connexion_internals.build_each_spec_once()
    document = load_spec(ADMIN_SPEC)
    first, second = Specification.from_dict(document), Specification.from_dict(document)
    assert first.spec is not second.spec  # each its own top level...
    assert first.spec["paths"] is second.spec["paths"]  # ...over one build
    first.base_path, second.base_path = "/one", "/two"
    assert (first.base_path, second.base_path) == ("/one", "/two")
    # Another document is built (and checked) as before: an invalid one still raises.
    broken = copy.deepcopy(document)
    broken["paths"]["/clock"]["get"]["responses"] = "none"
    with pytest.raises(InvalidSpecification):
        Specification.from_dict(broken)


def test_building_and_serving_apps_never_changes_the_parsed_specs() -> None:
    """Every app is given the one parsed document of each spec (load_spec), not a copy."""
    pristine = {name: copy.deepcopy(load_spec(name)) for name in (VEHICLE_SPEC, ADMIN_SPEC)}
    for fast in (True, False):
        app = create_app(scenario=SCENARIO, admin_token=ADMIN_TOKEN, fast=fast)
        with TestClient(app) as client:
            assert client.get("/openapi.yaml").status_code == 200
            assert client.get("/__mock/openapi.json").status_code == 200
            answer = client.post(
                f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
                json={"percent": 70},
                headers={"Authorization": f"Bearer {OWNER_TOKEN}"},
            )
            assert answer.status_code == 200
    assert {name: load_spec(name) for name in pristine} == pristine
