"""The schedule commands' links connect as schemathesis follows them in its stateful phase.

Each step is a request to the in-process mock, and each next request is the one schemathesis
builds from the spec's link (`OpenApiLink.extract`, the values it resolves from the previous
request and answer): add_charge_schedule -> remove_charge_schedule by the id the request sent;
add_charge_schedule -> get_vehicle_data of the charge schedules -> remove_charge_schedule by
the id read there; and the same for preconditioning schedules. A link whose expression pointed
at the wrong place would build a request that removes nothing, and the section read afterwards
would still hold the schedule.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from schemathesis.core import NOT_SET
from schemathesis.generation.stateful.state_machine import StepOutput
from schemathesis.specs.openapi.stateful.links import OpenApiLink
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock

from tests.contract import suite

OWNER_TOKEN = "demo-owner-token"  # the default fleet's account
AUTH = {"Authorization": f"Bearer {OWNER_TOKEN}"}
HOME = {"lat": 37.4925, "lon": -121.9447}
CHARGE = {
    "days_of_week": "Weekdays",
    "enabled": True,
    **HOME,
    "start_enabled": True,
    "start_time": 1380,
    "end_enabled": True,
    "end_time": 360,
}
PRECONDITION = {"days_of_week": "All", "enabled": True, **HOME, "precondition_time": 450}
# (add command, its body, the section, its list, remove command, link to read, link to remove)
KINDS = {
    "charge": (
        "add_charge_schedule",
        CHARGE,
        "charge_schedule_data",
        "charge_schedules",
        "remove_charge_schedule",
        "ReadChargeSchedules",
        "RemoveTheChargeScheduleSent",
        "RemoveFirstChargeSchedule",
    ),
    "precondition": (
        "add_precondition_schedule",
        PRECONDITION,
        "preconditioning_schedule_data",
        "precondition_schedules",
        "remove_precondition_schedule",
        "ReadPreconditionSchedules",
        "RemoveThePreconditionScheduleSent",
        "RemoveFirstPreconditionSchedule",
    ),
}


@pytest.fixture
def schema() -> Any:
    app = create_app(validate_responses=True, clock=SimClock(frozen=True))
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=suite.load_config())


def vin(schema: Any) -> str:
    listing = schema.find_operation_by_id("list_products").Case(headers=AUTH).call()
    return str(listing.json()["response"][0]["vin"])


def link(schema: Any, operation_id: str, name: str) -> OpenApiLink:
    operation = schema.find_operation_by_id(operation_id)
    for status, response in operation.responses.items():
        for link_name, definition in response.iter_links():
            if link_name == name:
                return OpenApiLink(link_name, status, definition, operation)
    raise AssertionError(f"{operation_id} has no link {name}")


def step(schema: Any, operation_id: str, **parts: Any) -> StepOutput:
    case = schema.find_operation_by_id(operation_id).Case(headers=AUTH, **parts)
    response = case.call()
    assert response.status_code == 200, response.text
    return StepOutput(response, case)


def follow(output: StepOutput, followed: OpenApiLink) -> StepOutput:
    """The request the link makes of `output`, sent, with its answer."""
    transition = followed.extract(output)
    resolved = {
        container: {name: extracted.value.ok() for name, extracted in values.items()}
        for container, values in transition.parameters.items()
    }
    body = NOT_SET if transition.request_body is None else transition.request_body.value.ok()
    case = followed.target.Case(
        headers=AUTH,
        path_parameters=resolved.get("path_parameters"),
        query=resolved.get("query"),
        body=body,
    )
    response = case.call()
    assert response.status_code == 200, response.text
    return StepOutput(response, case)


def schedule_ids(schema: Any, car: str, section: str, key: str) -> list[int]:
    read = step(
        schema, "get_vehicle_data", path_parameters={"id": car}, query={"endpoints": section}
    )
    return [schedule["id"] for schedule in read.response.json()["response"][section][key]]


@pytest.mark.parametrize("kind", KINDS)
def test_an_added_schedule_is_removed_by_the_id_its_request_sent(schema: Any, kind: str) -> None:
    add, body, section, key, remove, _read, remove_sent, _remove_first = KINDS[kind]
    car = vin(schema)
    added = step(schema, add, path_parameters={"id": car}, body={**body, "id": 1722499200})
    assert schedule_ids(schema, car, section, key) == [1722499200]
    removed = follow(added, link(schema, add, remove_sent))
    assert removed.case.body == {"id": 1722499200}
    assert removed.case.operation.label.endswith(f"/command/{remove}")
    assert schedule_ids(schema, car, section, key) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_schedule_added_without_an_id_is_read_then_removed_by_the_id_read(
    schema: Any, kind: str
) -> None:
    add, body, section, key, remove, read, _remove_sent, remove_first = KINDS[kind]
    car = vin(schema)
    added = step(schema, add, path_parameters={"id": car}, body=body)
    seen = follow(added, link(schema, add, read))
    (schedule,) = seen.response.json()["response"][section][key]
    assert seen.case.path_parameters == {"id": car}
    removed = follow(seen, link(schema, "get_vehicle_data", remove_first))
    assert removed.case.body == {"id": schedule["id"]}
    assert removed.case.operation.label.endswith(f"/command/{remove}")
    assert schedule_ids(schema, car, section, key) == []
