"""tesla_mock/jsonwriter.py: orjson writes the answers, connexion's encoder what orjson would
write differently."""

from __future__ import annotations

import datetime
import enum
import json
import uuid
from typing import Any

import pytest
from connexion.jsonifier import Jsonifier
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.errors import MAX_BODY_BYTES
from tesla_mock.jsonwriter import JsonWriter

from tests.server.support import OWNER_TOKEN, PLUGGED, SCENARIO, START

CONNEXION = Jsonifier()
WRITER = JsonWriter()


class Colour(enum.StrEnum):
    RED = "red"


def test_the_vehicles_answers_are_the_same_json_values_as_connexion_writes() -> None:
    app = create_app(scenario=SCENARIO, clock=SimClock(start=START, frozen=True))
    with TestClient(app) as client:
        response = client.get(
            f"/api/1/vehicles/{PLUGGED}/vehicle_data",
            headers={"Authorization": f"Bearer {OWNER_TOKEN}"},
        )
    assert response.status_code == 200
    data = response.json()
    assert response.text == WRITER.dumps(data)  # the server wrote it with the writer
    assert json.loads(WRITER.dumps(data)) == json.loads(CONNEXION.dumps(data)) == data


def test_error_envelopes_are_written_alike() -> None:
    app = create_app(scenario=SCENARIO, clock=SimClock(start=START, frozen=True))
    with TestClient(app) as client:
        unauthenticated = client.get("/api/1/vehicles")
        oversize = client.post(
            f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
            content=b"x" * (MAX_BODY_BYTES + 1),
            headers={"Authorization": f"Bearer {OWNER_TOKEN}", "Content-Type": "application/json"},
        )
    assert (unauthenticated.status_code, oversize.status_code) == (401, 413)
    for answer in (unauthenticated, oversize):
        assert answer.text == WRITER.dumps(answer.json())
        assert set(answer.json()) == {"response", "error", "error_description"}


@pytest.mark.parametrize(
    "value",
    [
        {"id": 13691870400958016, "ratio": 1e-05, "big": 2**63 - 1, "neg": -(2**63)},
        {"text": 'é ü \u2028 \U0001f600 "quoted" \\ \n', "empty": "", "none": None},
        [1.5, 0.1 + 0.2, -0.0, 1e300, True, False, [], {}],
        {"colour": Colour.RED},
    ],
    ids=["numbers", "text", "mixed", "str-enum"],
)
def test_orjson_writes_the_same_values(value: Any) -> None:
    written = WRITER.dumps(value)
    assert written.endswith("\n")
    assert json.loads(written) == json.loads(CONNEXION.dumps(value))


@pytest.mark.parametrize(
    "value",
    [
        {"when": datetime.datetime(2026, 11, 24, 8, 0)},
        {"day": datetime.date(2026, 11, 24)},
        {"huge": 2**64},
        {1: "integer key"},
        {"name": type("Name", (str,), {})("subclass")},
    ],
    ids=["datetime", "date", "beyond-64-bits", "integer-key", "str-subclass"],
)
def test_what_orjson_would_write_differently_is_written_by_connexion(value: Any) -> None:
    assert WRITER.dumps(value) == CONNEXION.dumps(value)


def test_calls_with_options_are_written_by_connexion() -> None:
    value = {"a": [1, 2], "id": uuid.UUID(int=7)}
    assert WRITER.dumps(value, indent=2) == CONNEXION.dumps(value, indent=2)
