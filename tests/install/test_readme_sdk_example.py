"""The README's SDK example (section "The SDK") passes `mypy --strict` and runs against the
mock without a traceback, whatever the mock answers: a car that charges, a car asleep (every
call answers the 408 `Error`), a rate limit (the 429's text) and a failing vehicle list (503 on
every request, where the example stops with a message and status 1).

The example runs as a program of its own, against a mock on a loopback port, with the mock's
address and an account's token in place of `make mock`'s.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tesla_mock import MockVehicleServer, TeslaMock, open_account, start_server

from tests.install.readme import run_sdk_example, sdk_example
from tests.sdk.sdk import run_mypy_strict

# One car, plugged in, its limit below the example's 80 %, awake until told otherwise.
CAR = {"plugged_in": True, "battery_level": 50, "charge_limit_soc": 70, "sleep_after_idle_s": None}


@pytest.fixture
def server() -> Iterator[MockVehicleServer]:
    with start_server("loopback") as server:
        yield server


@pytest.fixture
def mock(server: MockVehicleServer) -> Iterator[TeslaMock]:
    with open_account(server, vehicles=[CAR]) as mock:
        yield mock


def run_against(mock: TeslaMock, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    done = run_sdk_example(sys.executable, mock.base_url, mock.token, tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.slow
def test_the_sdk_example_passes_mypy_strict(tmp_path: Path) -> None:
    program = tmp_path / "sdk_example.py"
    program.write_text(sdk_example(), encoding="utf-8")
    result = run_mypy_strict(str(program))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sdk_example_sets_the_limit_and_starts_charging(
    mock: TeslaMock, tmp_path: Path
) -> None:
    done = run_against(mock, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "set_charge_limit: done",
        "charge_start: done",
        "charging state: Charging",
    ]
    state = mock.admin.vehicle_state(mock.vehicles[0])
    assert (state["charge_limit_soc"], state["charging_state"]) == (80, "Charging")


def test_the_sdk_example_reports_a_sleeping_car_and_goes_on(
    mock: TeslaMock, tmp_path: Path
) -> None:
    mock.admin.set_state(mock.vehicles[0], state="asleep")
    done = run_against(mock, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(": error: ")[0] for line in lines] == [
        "set_charge_limit",
        "charge_start",
        "vehicle_data",
    ], lines
    assert all(line.endswith("vehicle unavailable: vehicle is offline or asleep") for line in lines)


def test_the_sdk_example_reports_a_rate_limit_text(mock: TeslaMock, tmp_path: Path) -> None:
    mock.admin.inject_fault(429, count=1, retry_after=7)  # the car's next request only
    done = run_against(mock, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "set_charge_limit: no answer to use: 'Retry in 7 seconds'",
        "charge_start: done",
    ]


def test_the_sdk_example_stops_with_a_message_when_it_cannot_list_the_cars(
    server: MockVehicleServer, mock: TeslaMock, tmp_path: Path
) -> None:
    server.admin.inject_fault(503)  # every request
    done = run_against(mock, tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "cannot list the products: error: service_unavailable\n"
