"""Every operation of the SDK, sync and async, with valid inputs generated from the spec.

For each generated case, sent to the test's own vehicle on the mock (plugin, in-process):
the mock's request validation accepts it and the journal shows exactly what the SDK sent;
the SDK sent what it was given (body and query); the answer parses, losslessly, into the
documented model; request and response models survive `from_dict(to_dict())`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.core import NotSet
from tesla_charging_client.types import Unset
from tesla_mock import TeslaMock

from tests.sdk.sdk import FORM, OPERATIONS, Operation
from tests.sdk_properties.calls import (
    BY_ID,
    FLAVORS,
    PROPERTY_SETTINGS,
    Wire,
    assert_documented,
    assert_error,
    assert_journaled,
    assert_round_trip,
    bounded_fields,
    case_strategy,
    example_body,
    form_fields,
    query_defaults,
    sdk_body,
    send,
    sent_body,
)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.operation_id)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_valid_inputs_are_accepted_journaled_as_sent_and_answered_with_the_documented_model(
    tesla_mock: TeslaMock, wire: Wire, operation: Operation, flavor: str, data: st.DataObject
) -> None:
    case = data.draw(case_strategy(operation), label="case")
    vehicle = None
    if "{id}" in operation.path:  # the test's own car, by id or by VIN
        vehicle = data.draw(st.sampled_from(tesla_mock.vehicles + tesla_mock.vins), "vehicle")
    body = sdk_body(operation, case.media_type, case.body)
    if not isinstance(body, Unset) and body is not None:
        assert body.to_dict() == case.body  # the model keeps exactly what it was built from
        assert_round_trip(body)

    response = send(
        operation,
        flavor,
        tesla_mock.client,
        vehicle=vehicle,
        body=body,
        query=case.query,
        path=case.path_parameters,
    )

    if operation.operation_id == "get_charging_invoice":
        # A well-formed invoice id that names no invoice of the account: the documented 404
        # (tests/server/test_fleet_api.py fetches real ones).
        assert_error(operation, response, 404)
        return
    assert_documented(operation, response, 200)
    request = wire.request()
    assert sent_body(request) == _expected_body(request, case.body)
    assert _sent_query(request) == form_fields({**query_defaults(operation), **case.query})
    if vehicle is not None:
        assert_journaled(tesla_mock.admin, vehicle, request, 200)


def _expected_body(request: httpx.Request, generated: Any) -> Any:
    if isinstance(generated, NotSet):
        return None
    if request.headers.get("content-type") == FORM:
        return form_fields(generated) or None  # an empty form is an empty body
    return generated


def _sent_query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.url.query.decode(), keep_blank_values=True)


def _range_edges() -> Iterator[Any]:
    for operation in OPERATIONS:
        for where, name, schema in bounded_fields(operation):
            for bound in ("minimum", "maximum"):
                if bound in schema:
                    label = f"{operation.operation_id}-{where}-{name}-{bound}"
                    yield pytest.param(operation, where, name, schema[bound], id=label)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(("operation", "where", "name", "value"), _range_edges())
def test_the_edges_of_every_range_in_the_spec_are_accepted(
    tesla_mock: TeslaMock,
    wire: Wire,
    operation: Operation,
    where: str,
    name: str,
    value: int,
    flavor: str,
) -> None:
    car = tesla_mock.vehicles[0] if "{id}" in operation.path else None
    if where == "query":
        body, query = example_body(operation), {name: value}
    else:
        body, query = example_body(operation, where, **{name: value}), {}

    response = send(operation, flavor, tesla_mock.client, vehicle=car, body=body, query=query)

    assert_documented(operation, response, 200)
    if car is not None:
        assert_journaled(tesla_mock.admin, car, wire.request(), 200)


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_request_sent_without_content_type_is_journaled_without_one(
    tesla_mock: TeslaMock, wire: Wire, flavor: str
) -> None:
    car = tesla_mock.vehicles[0]
    send(BY_ID["get_vehicle"], flavor, tesla_mock.client, vehicle=car)
    assert "content-type" not in wire.request().headers
    (entry,) = tesla_mock.admin.journal(car, limit=1)
    assert entry["content_type"] is None
