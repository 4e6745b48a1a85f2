"""`make contract` against a mock whose cars have fallen asleep (issue 13).

A mock that has been up longer than its cars' idle timeout (15 simulated minutes by default)
answers their commands and `vehicle_data` with 408, as the spec documents. The contract suite
must pass against it all the same, waking the cars it uses as a client must. Below that, the
suite's car waker and its 408 retry, against a server in this process.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import UndefinedStatusCode
from tesla_mock.testing.servers import ExternalServer, MockVehicleServer, start_server

from tests.contract import suite

ROOT = Path(__file__).resolve().parents[2]
LIVE_SUITE = "tests/contract/test_live_contract.py"
ADMIN_TOKEN = "long-running-admin-token"
DEMO_TOKEN = "demo-owner-token"  # the default fleet's account
# Below pytest-timeout's 300 s a test (pyproject.toml): a run that hangs fails here, with what
# it printed.
SUITE_TIMEOUT_S = 240.0
ASLEEP = "asleep"


def owned_cars(base_url: str, token: str) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{base_url}/api/1/vehicles", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()["response"]  # type: ignore[no-any-return]


@pytest.mark.slow
def test_make_contract_passes_against_a_mock_whose_cars_fell_asleep() -> None:
    with suite.started_mock(ADMIN_TOKEN) as url, ExternalServer(url, ADMIN_TOKEN) as server:
        vins = [car["vin"] for car in owned_cars(url, DEMO_TOKEN)]
        idle_timeout = max(server.admin.vehicle_state(vin)["sleep_after_idle_s"] for vin in vins)
        server.admin.advance_clock(seconds=idle_timeout + 60)
        assert {car["state"] for car in owned_cars(url, DEMO_TOKEN)} == {ASLEEP}
        # make contract's command, with the sample counts of make test's own network run:
        # what is under test here is the sleeping fleet, not more inputs.
        command = [
            *(sys.executable, "-m", "pytest", LIVE_SUITE, "-p", "no:cacheprovider"),
            *("--base-url", url, "--token", DEMO_TOKEN, "--admin-token", ADMIN_TOKEN),
            *("--max-examples", str(suite.SAMPLE_BUDGET["max_examples"])),
            *("--stateful-examples", str(suite.SAMPLE_BUDGET["stateful_examples"])),
        ]
        try:
            run = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=SUITE_TIMEOUT_S
            )
        except subprocess.TimeoutExpired as stopped:
            output = stopped.stdout or b""  # bytes even with text=True (a CPython quirk)
            if isinstance(output, bytes):
                output = output.decode(errors="replace")
            pytest.fail(f"the suite did not finish in {SUITE_TIMEOUT_S:g} s:\n{output}")
    report = f"{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    assert run.returncode == 0, report
    woken = re.search(r"network: woke a sleeping car (\d+) times", run.stdout)
    assert woken is not None and int(woken.group(1)) >= 1, report


# -- the waker and the retry, in this process --------------------------------------------
VIN = "5YJ3E1EA7KF317000"
TOKEN = "waker-test-token"


def fleet_of_one_sleeping_car(wake_delay_s: float) -> dict[str, Any]:
    vehicle = {"vin": VIN, "state": ASLEEP, "wake_delay_s": wake_delay_s}
    return {"accounts": [{"name": "sleeper", "tokens": [TOKEN], "vehicles": [vehicle]}]}


@pytest.fixture
def server_with_sleeping_car(request: pytest.FixtureRequest) -> Iterator[MockVehicleServer]:
    """A loopback server whose one car is asleep and takes `request.param` seconds to wake."""
    with start_server("loopback", scenario=fleet_of_one_sleeping_car(request.param)) as server:
        yield server


@pytest.mark.parametrize("server_with_sleeping_car", [0.2], indirect=True)
def test_the_waker_returns_once_the_car_is_online(
    server_with_sleeping_car: MockVehicleServer,
) -> None:
    waker = suite.CarWaker(server_with_sleeping_car.base_url, TOKEN, timeout=10)
    waker.wake(VIN)
    assert owned_cars(server_with_sleeping_car.base_url, TOKEN)[0]["state"] == suite.ONLINE
    assert waker.woken == {VIN: 1}


@pytest.mark.parametrize("server_with_sleeping_car", [3600], indirect=True)
def test_the_waker_fails_clearly_when_the_car_stays_asleep_past_its_timeout(
    server_with_sleeping_car: MockVehicleServer,
) -> None:
    waker = suite.CarWaker(server_with_sleeping_car.base_url, TOKEN, timeout=0.3)
    with pytest.raises(AssertionError, match=f"vehicle {VIN} was not online 0.3 s after wake_up"):
        waker.wake(VIN)
    assert waker.woken == {}


@pytest.fixture(scope="module")
def vehicle_spec() -> Any:
    """The vehicle spec, as the network suite loads it."""
    return suite.load_vehicle_schema()


@pytest.mark.parametrize("server_with_sleeping_car", [0.2], indirect=True)
def test_a_408_from_a_sleeping_car_is_checked_then_the_car_woken_and_asked_again(
    server_with_sleeping_car: MockVehicleServer, vehicle_spec: Any
) -> None:
    base_url = server_with_sleeping_car.base_url
    case = vehicle_spec[suite.VEHICLE_DATA]["GET"].Case(
        path_parameters={"id": VIN}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert suite.call_waking(case, None, base_url=base_url).status_code == suite.CAR_ASLEEP
    waker = suite.CarWaker(base_url, TOKEN, timeout=10)
    response = suite.call_waking(case, waker, base_url=base_url)
    assert response.status_code == 200, response.text
    assert waker.woken == {VIN: 1}
    # Awake now: no second wake-up.
    assert suite.call_waking(case, waker, base_url=base_url).status_code == 200
    assert waker.woken == {VIN: 1}


@pytest.mark.parametrize("server_with_sleeping_car", [0.2], indirect=True)
def test_a_408_the_spec_does_not_document_fails_the_checks_and_wakes_nothing(
    server_with_sleeping_car: MockVehicleServer, vehicle_spec: Any
) -> None:
    get_vehicle = vehicle_spec["/api/1/vehicles/{id}"]["GET"]  # answers asleep: no 408 documented
    server_with_sleeping_car.admin.inject_fault(408, vehicle_id=VIN, count=1)
    case = get_vehicle.Case(
        path_parameters={"id": VIN}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    waker = suite.CarWaker(server_with_sleeping_car.base_url, TOKEN, timeout=10)
    with pytest.raises(FailureGroup) as failed:
        suite.call_waking(case, waker, base_url=server_with_sleeping_car.base_url)
    assert failed.group_contains(UndefinedStatusCode)
    assert waker.woken == {}
