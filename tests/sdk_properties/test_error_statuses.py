"""Documented error statuses reach SDK callers as the typed `Error` model, sync and async.

Each status is produced the way it happens for real: a token the mock does not know or has
revoked (401), a vehicle of nobody or of another account (404), a car asleep (408, set through
the admin API), an injected fault (every status the admin API can inject, where the operation
documents it), and values outside the spec's bounds, which the SDK sends unchecked (400).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tesla_mock import MockVehicleServer, TeslaMock, open_account, start_server

from tests.sdk.sdk import OPERATIONS, Operation
from tests.sdk_properties.calls import (
    FLAVORS,
    PROPERTY_SETTINGS,
    VEHICLE_OPERATIONS,
    Wire,
    assert_documented,
    assert_error,
    assert_journaled,
    bounded_fields,
    case_strategy,
    example_body,
    fault_statuses,
    sdk_body,
    send,
)

by_operation_id = pytest.mark.parametrize(
    "operation", OPERATIONS, ids=lambda operation: operation.operation_id
)
by_vehicle_operation = pytest.mark.parametrize(
    "operation", VEHICLE_OPERATIONS, ids=lambda operation: operation.operation_id
)
by_flavor = pytest.mark.parametrize("flavor", FLAVORS)


def _own_car(tesla_mock: TeslaMock, operation: Operation) -> str | None:
    return tesla_mock.vehicles[0] if "{id}" in operation.path else None


@by_flavor
@by_operation_id
@pytest.mark.parametrize("token", ["unknown", "revoked"])
def test_a_token_the_mock_does_not_accept_gets_401_error(
    tesla_mock: TeslaMock, operation: Operation, flavor: str, token: str
) -> None:
    if token == "revoked":
        tesla_mock.admin.revoke_token(tesla_mock.account, tesla_mock.token)
        client = tesla_mock.client
    else:
        client = tesla_mock.client_for("a-token-nobody-was-given")
    car = _own_car(tesla_mock, operation)
    response = send(operation, flavor, client, vehicle=car, body=example_body(operation))
    assert_error(operation, response, 401)


@pytest.fixture
def another_account(tesla_mock: TeslaMock) -> Iterator[TeslaMock]:
    with open_account(tesla_mock.server) as other:
        yield other


@by_flavor
@by_vehicle_operation
@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_vehicle_that_is_not_the_accounts_gets_404_error(
    tesla_mock: TeslaMock,
    another_account: TeslaMock,
    operation: Operation,
    flavor: str,
    data: st.DataObject,
) -> None:
    case = data.draw(case_strategy(operation), label="case")
    theirs = another_account.vehicles + another_account.vins
    vehicle = data.draw(st.sampled_from([*theirs, case.path_parameters["id"]]), "vehicle")
    assume(vehicle not in tesla_mock.vehicles + tesla_mock.vins)
    body = sdk_body(operation, case.media_type, case.body)
    response = send(
        operation, flavor, tesla_mock.client, vehicle=vehicle, body=body, query=case.query
    )
    assert_error(operation, response, 404)


@by_flavor
@by_vehicle_operation
def test_an_asleep_car_answers_408_error_where_documented_and_normally_elsewhere(
    tesla_mock: TeslaMock, operation: Operation, flavor: str
) -> None:
    car = tesla_mock.vehicles[0]
    tesla_mock.admin.set_state(car, state="asleep")
    response = send(operation, flavor, tesla_mock.client, vehicle=car, body=example_body(operation))
    if 408 in operation.statuses():
        assert_error(operation, response, 408)
    else:  # reading the vehicle or waking it up works while it sleeps
        assert_documented(operation, response, 200)


def _fault_cases() -> Iterator[Any]:
    for operation in OPERATIONS:
        for status in fault_statuses():
            if status not in operation.statuses():
                continue  # the mock could send it, but the spec does not promise it
            yield pytest.param(operation, status, id=f"{operation.operation_id}-{status}")


@pytest.fixture(scope="module")
def server_of_this_module() -> Iterator[MockVehicleServer]:
    """A server no other module's tests share, where faults on every request may be injected.
    Its tests run one after another, each on an account of its own, and clear their faults."""
    with start_server() as server:
        yield server


@pytest.fixture
def faulted(
    request: pytest.FixtureRequest, operation: Operation, server_of_this_module: MockVehicleServer
) -> Iterator[TeslaMock]:
    """The account of a fault test. Without a vehicle in the path, only a fault on every
    request reaches the operation, and the shared server refuses those: this module's own."""
    if "{id}" in operation.path:
        yield request.getfixturevalue("tesla_mock")
        return
    with open_account(server_of_this_module, private=True) as account:
        try:
            yield account
        finally:
            account.admin.clear_faults()


@by_flavor
@pytest.mark.parametrize(("operation", "status"), _fault_cases())
def test_an_injected_fault_answers_its_documented_error_once(
    faulted: TeslaMock, operation: Operation, status: int, flavor: str
) -> None:
    car = _own_car(faulted, operation)
    faulted.admin.inject_fault(status, count=1, every_request=car is None)
    body = example_body(operation)

    assert_error(operation, send(operation, flavor, faulted.client, vehicle=car, body=body), status)
    after = send(operation, flavor, faulted.client, vehicle=car, body=body)
    if operation.operation_id == "get_charging_invoice":  # the example names no invoice here
        assert_error(operation, after, 404)
    else:
        assert_documented(operation, after, 200)


def _bounded_cases() -> Iterator[Any]:
    for operation in OPERATIONS:
        for where, name, schema in bounded_fields(operation):
            yield pytest.param(
                operation, where, name, schema, id=f"{operation.operation_id}-{where}-{name}"
            )


def _outside(schema: dict[str, Any]) -> st.SearchStrategy[int]:
    """Integers the schema's bounds exclude."""
    choices = []
    if "minimum" in schema:
        choices.append(st.integers(max_value=schema["minimum"] - 1))
    if "maximum" in schema:
        choices.append(st.integers(min_value=schema["maximum"] + 1))
    return st.one_of(choices)


@by_flavor
@pytest.mark.parametrize(("operation", "where", "name", "schema"), _bounded_cases())
@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_value_out_of_the_specs_bounds_gets_400_error_saying_why(
    tesla_mock: TeslaMock,
    wire: Wire,
    operation: Operation,
    where: str,
    name: str,
    schema: dict[str, Any],
    flavor: str,
    data: st.DataObject,
) -> None:
    value = data.draw(_outside(schema), label=name)
    car = _own_car(tesla_mock, operation)
    if where == "query":
        body, query = example_body(operation), {name: value}
    else:
        body, query = example_body(operation, where, **{name: value}), {}

    response = send(operation, flavor, tesla_mock.client, vehicle=car, body=body, query=query)

    why = assert_error(operation, response, 400).error_description
    assert isinstance(why, str) and str(value) in why
    if where != "query":
        assert name in why
    if car is not None:
        assert_journaled(tesla_mock.admin, car, wire.request(), 400)
