"""The plugin as another team uses it: test files run by pytest, alone and with pytest-xdist.

Each test here writes a downstream test file into a scratch directory and runs pytest on it
(pytester), so the plugin is found through its entry point, as after `pip install`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
import tesla_charging_client
from tesla_mock import MockVehicleServer, start_server

from tests.spec import oas

pytest_plugins = ["pytester"]  # here, not in a conftest: pytest refuses it below the root

# pytester runs pytest in this process and afterwards forgets the modules the run imported;
# imported here first, the server and the SDK are loaded once and shared by every run (two
# copies of connexion in one process do not mix).
with warnings.catch_warnings():  # connexion's own deprecation warnings, not ours
    warnings.simplefilter("ignore")
    import tesla_mock.app
SHARED_MODULES = (tesla_mock.app, tesla_charging_client)

README = oas.REPO / "README.md"
# The xdist workers' start-up without this project's own test tools, which a team's suite does
# not load (2 s each; pytester clears PYTEST_ADDOPTS, so a test sets it after pytester is made).
WORKERS_WITHOUT_OUR_TOOLS = "-p no:schemathesis -p no:hypothesispytest"
README_SECTION = "## Testing your code against the mock vehicle (pytest plugin)"

# What a downstream suite does: the SDK sync and async, the admin handle, a fault.
DOWNSTREAM_TESTS = """
import asyncio

import pytest
from tesla_charging_client.api.charging import charge_start
from tesla_charging_client.api.vehicles import get_vehicle, list_vehicles
from tesla_charging_client.models import CommandResponse, Error


def test_lists_its_own_cars_sync_and_async(tesla_mock):
    mine = sorted(tesla_mock.vehicles)
    assert sorted(v.id_s for v in list_vehicles.sync(client=tesla_mock.client).response) == mine
    listed = asyncio.run(list_vehicles.asyncio(client=tesla_mock.client))
    assert sorted(v.id_s for v in listed.response) == mine


def test_starts_charging_the_plugged_in_car(tesla_mock):
    answer = charge_start.sync(tesla_mock.vehicles[0], client=tesla_mock.client)
    assert isinstance(answer, CommandResponse) and answer.response.result
    assert tesla_mock.admin.vehicle_state(tesla_mock.vehicles[0])["charging_state"] == "Charging"


def test_a_fault_on_its_car(tesla_mock):
    tesla_mock.admin.inject_fault(503, count=1)
    assert isinstance(get_vehicle.sync(tesla_mock.vehicles[0], client=tesla_mock.client), Error)
    assert get_vehicle.sync(tesla_mock.vehicles[0], client=tesla_mock.client).response.id_s


def test_the_transport_is_the_one_asked_for(tesla_mock, request):
    loopback = request.config.getoption("tesla_mock_transport") == "loopback"
    assert tesla_mock.base_url.startswith("http://127.0.0.1:") == loopback
"""

# Many tests at once against one server, each holding a fault on its own car the whole time.
ISOLATION_TESTS = """
import os

import pytest
from tesla_charging_client.api.vehicles import get_vehicle, list_vehicles


@pytest.mark.parametrize("round", range(8))
def test_sees_only_its_own_cars_and_faults(tesla_mock, round):
    assert tesla_mock.account.startswith(os.environ["PYTEST_XDIST_WORKER"] + "-")
    faulty, healthy = tesla_mock.vehicles
    tesla_mock.admin.inject_fault(503, probability=1.0)  # on `faulty`, until the test ends
    for _ in range(5):
        listed = list_vehicles.sync(client=tesla_mock.client)
        assert sorted(v.id_s for v in listed.response) == sorted(tesla_mock.vehicles)
        assert get_vehicle.sync_detailed(faulty, client=tesla_mock.client).status_code == 503
        assert get_vehicle.sync_detailed(healthy, client=tesla_mock.client).status_code == 200
        for account in tesla_mock.server.admin.fleet()["accounts"]:
            if account["name"] != tesla_mock.account:  # another test's, running right now
                for car in account["vehicles"]:
                    answer = get_vehicle.sync_detailed(car, client=tesla_mock.client)
                    assert answer.status_code == 404
"""

# Two tests in a row on one server: the first leaves behind all it can through the fixture's
# public handle, the second checks that none of it reached it.
LEFT_BEHIND_TESTS = """
import asyncio

import pytest
from tesla_charging_client.api.vehicles import get_vehicle, list_vehicles

LEFT_BEHIND = {}


def test_1_leaves_a_mess(tesla_mock):
    LEFT_BEHIND.update(mock=tesla_mock, cars=list(tesla_mock.vehicles))
    sync = tesla_mock.client.get_httpx_client()
    sync.headers["X-Left-Behind"] = "yes"
    sync.cookies.set("left_behind", "yes")
    tesla_mock.client.get_async_httpx_client().headers["X-Left-Behind"] = "yes"
    tesla_mock.admin.inject_fault(503, probability=1.0)  # on its first car, never cleared
    tesla_mock.admin.set_state(tesla_mock.vehicles[1], battery_level=3)
    other = tesla_mock.client_for(tesla_mock.token)
    with other:  # entered and left: its httpx client is closed early
        assert list_vehicles.sync_detailed(client=other).status_code == 200
    asyncio.run(tesla_mock.client.get_async_httpx_client().aclose())
    tesla_mock.server.http_client(tesla_mock.token).close()


def test_2_gets_none_of_it(tesla_mock):
    old = LEFT_BEHIND["mock"]
    with pytest.raises(RuntimeError, match="closed"):
        get_vehicle.sync_detailed(LEFT_BEHIND["cars"][1], client=old.client)
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(get_vehicle.asyncio_detailed(LEFT_BEHIND["cars"][1], client=old.client))
    stale = tesla_mock.client_for(old.token)
    assert list_vehicles.sync_detailed(client=stale).status_code == 401
    fleet = tesla_mock.server.admin.fleet()["accounts"]
    assert old.account not in [account["name"] for account in fleet]
    faults = tesla_mock.server.admin.faults()
    assert not [fault for fault in faults if fault["vehicle_id"] in LEFT_BEHIND["cars"]]

    sync = tesla_mock.client.get_httpx_client()
    async_ = tesla_mock.client.get_async_httpx_client()
    assert "X-Left-Behind" not in sync.headers and "X-Left-Behind" not in async_.headers
    assert not sync.cookies
    assert tesla_mock.admin.vehicle_state(tesla_mock.vehicles[1])["battery_level"] == 70
    car = tesla_mock.vehicles[0]
    assert get_vehicle.sync_detailed(car, client=tesla_mock.client).status_code == 200
    answer = asyncio.run(get_vehicle.asyncio_detailed(car, client=tesla_mock.client))
    assert answer.status_code == 200
    assert [entry["status"] for entry in tesla_mock.admin.journal(car)] == [200, 200]
"""


def readme_example() -> str:
    """The first Python block of the plugin's README section, as written."""
    section = README.read_text(encoding="utf-8").split(README_SECTION, 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, f"no python example under {README_SECTION!r}"
    return match.group(1)


@pytest.fixture
def shared_server() -> Iterator[MockVehicleServer]:
    """A server on a real port that pytest runs started from here can share."""
    with start_server("loopback", admin_token="shared-admin-token") as server:
        yield server


@pytest.mark.parametrize("transport", ["in-process", "loopback"])
def test_a_downstream_suite_passes_on_either_transport(
    pytester: pytest.Pytester, transport: str
) -> None:
    pytester.makepyfile(test_downstream=DOWNSTREAM_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", f"--tesla-mock-transport={transport}")
    result.assert_outcomes(passed=4)


def test_a_downstream_suite_passes_under_xdist_with_a_server_per_worker(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_ADDOPTS", WORKERS_WITHOUT_OUR_TOOLS)
    pytester.makepyfile(test_downstream=DOWNSTREAM_TESTS, test_isolation=ISOLATION_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=12)


def test_xdist_workers_sharing_one_server_stay_apart_and_clean_up(
    pytester: pytest.Pytester, shared_server: MockVehicleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_ADDOPTS", WORKERS_WITHOUT_OUR_TOOLS)
    pytester.makepyfile(test_isolation=ISOLATION_TESTS)
    result = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        "-n",
        "2",
        f"--tesla-mock-url={shared_server.base_url}",
        "--tesla-mock-admin-token=shared-admin-token",
    )
    result.assert_outcomes(passed=8)
    assert shared_server.admin.fleet() == {"accounts": []}
    assert shared_server.admin.faults() == []


@pytest.mark.parametrize("way", ["in-process", "loopback", "shared"])
def test_nothing_a_test_leaves_behind_reaches_the_next(
    pytester: pytest.Pytester, shared_server: MockVehicleServer, way: str
) -> None:
    pytester.makepyfile(test_left_behind=LEFT_BEHIND_TESTS)
    if way == "shared":
        server = [f"--tesla-mock-url={shared_server.base_url}"]
        server.append("--tesla-mock-admin-token=shared-admin-token")
    else:
        server = [f"--tesla-mock-transport={way}"]
    result = pytester.runpytest("-p", "no:cacheprovider", *server)
    result.assert_outcomes(passed=2)
    assert shared_server.admin.fleet() == {"accounts": []}


def test_the_readme_example_runs_as_written(pytester: pytest.Pytester) -> None:
    example = readme_example()
    pytester.makepyfile(test_readme_example=example)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(re.findall(r"^def test_", example, re.MULTILINE)))


@pytest.mark.parametrize(
    ("marker", "complaint"),
    [
        ("tesla_mock(frozen=True)", "*frozen change(s) the whole server; add private=True*"),
        ("tesla_mock(colour='red')", "*unknown colour; known: transport, vehicles,*"),
        ("tesla_mock(transport='carrier-pigeon')", "*must be one of in-process, loopback*"),
    ],
)
def test_a_wrong_marker_is_explained(
    pytester: pytest.Pytester, marker: str, complaint: str
) -> None:
    pytester.makepyfile(f"import pytest\n\n@pytest.mark.{marker}\ndef test_x(tesla_mock): pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([complaint])
