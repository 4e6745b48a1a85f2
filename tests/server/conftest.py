"""An in-process mock vehicle server per test, on a frozen simulated clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock

from tests.server.support import ADMIN_TOKEN, SCENARIO, START, Api


@pytest.fixture
def clock() -> SimClock:
    return SimClock(start=START, frozen=True)


@pytest.fixture
def app(clock: SimClock) -> Any:
    return create_app(
        scenario=SCENARIO, admin_token=ADMIN_TOKEN, validate_responses=True, clock=clock
    )


@pytest.fixture
def api(app: Any, clock: SimClock) -> Iterator[Api]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock)
