"""pytest plugin: test your code against a mock Tesla vehicle, one private account per test.

Installed with this package (entry point `pytest11: tesla_mock`), so the fixture is available
to every test once `tesla-mock-vehicle` is installed:

    def test_charge_limit(tesla_mock):
        car = tesla_mock.vehicles[0]                 # plugged in, online
        answer = set_charge_limit.sync(car, client=tesla_mock.client,
                                       body=SetChargeLimitRequest(percent=90))
        assert tesla_mock.admin.vehicle_state(car)["charge_limit_soc"] == 90

Each test gets a `TeslaMock`: its own account, token and vehicles (by default one car plugged
in, one not), created before the test and deleted after it; `.client`, an SDK client for sync
and async calls; `.admin`, the admin API scoped to the test (faults default to its vehicle).
What costs time to build is the session's, per server: its transports and connections, SSL
context and admin client; a test's clients borrow them and are closed after it.

Servers: one in-process server per session (per xdist worker) unless a test asks for a
`loopback` one or `--tesla-mock-url` names a running one. The clock, scenarios and faults on
every request are server-wide: a test that changes them asks for a server of its own
(`private=True`), otherwise its `admin` raises `SharedServerError`. The README's plugin section
says more. The pieces (servers, admin client, per-test handle) live in `tesla_mock.testing` and
are exported by `mockserver` for use without the fixture; this module is only the pytest wiring.

Marker `tesla_mock(...)` arguments (on a test, class or module):

    transport="in-process" | "loopback"   where the server runs (default: the option)
    vehicles=[{...}, ...]                  the test's vehicles, each a `VehicleConfig` of the
                                           admin API (spec/mock-admin.yaml); [] for none
    private=True                           a fresh server for this test only; then also:
    scenario={...}                         its fleet besides the test's account (default: none)
    start=<epoch seconds | aware datetime> its simulated time at start (default: now)
    frozen=True                            its clock stands still until advanced
    time_scale=60.0                        its simulated seconds per real second
    validate_responses=False               its response validation (default: the ini option)
    flavor="proxy"                         answer as the Fleet API ("fleet", the default), the
                                           Owner API ("owner") or Tesla's vehicle-command
                                           proxy ("proxy"; docs/command-rules.md)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from tesla_mock.testing.accounts import (
    DEFAULT_VEHICLES,
    TeslaMock,
    open_account,
    unique_account_name,
)
from tesla_mock.testing.servers import TRANSPORTS, ServerPool, Transport, start_server

PRIVATE_ONLY_OPTIONS = (
    "scenario",
    "start",
    "frozen",
    "time_scale",
    "validate_responses",
    "flavor",
)
MARKER_OPTIONS = ("transport", "vehicles", "private", *PRIVATE_ONLY_OPTIONS)


@dataclass(frozen=True)
class MarkerOptions:
    """What a test's `tesla_mock` marker asks for, checked."""

    transport: Transport
    vehicles: tuple[Mapping[str, Any], ...] = DEFAULT_VEHICLES
    private: bool = False
    scenario: Mapping[str, Any] | None = None
    start: float | datetime | None = None
    frozen: bool = False
    time_scale: float = 1.0
    validate_responses: bool = True
    flavor: str = "fleet"

    @classmethod
    def from_item(cls, item: pytest.Item, config: pytest.Config) -> MarkerOptions:
        marker = item.get_closest_marker("tesla_mock")
        given: dict[str, Any] = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            raise pytest.UsageError("@pytest.mark.tesla_mock takes keyword arguments only")
        unknown = sorted(set(given) - set(MARKER_OPTIONS))
        if unknown:
            raise pytest.UsageError(
                f"@pytest.mark.tesla_mock: unknown {', '.join(unknown)}; "
                f"known: {', '.join(MARKER_OPTIONS)}"
            )
        private_only = [name for name in PRIVATE_ONLY_OPTIONS if name in given]
        if private_only and not given.get("private"):
            raise pytest.UsageError(
                f"@pytest.mark.tesla_mock: {', '.join(private_only)} change(s) the whole "
                "server; add private=True"
            )
        transport = given.pop("transport", config.getoption("tesla_mock_transport"))
        if transport not in TRANSPORTS:
            raise pytest.UsageError(
                f"tesla_mock transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}"
            )
        if "vehicles" in given:
            given["vehicles"] = tuple(given["vehicles"])
        given.setdefault("validate_responses", _validate_responses(config))
        return cls(transport=transport, **given)


def _validate_responses(config: pytest.Config) -> bool:
    return bool(config.getini("tesla_mock_validate_responses"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tesla_mock", "mock Tesla vehicle (tesla_mock fixture)")
    group.addoption(
        "--tesla-mock-transport",
        dest="tesla_mock_transport",
        choices=TRANSPORTS,
        default="in-process",
        help="where the session's mock vehicle runs: in-process (default) or loopback "
        "(uvicorn on a free 127.0.0.1 port); a test's marker wins",
    )
    group.addoption(
        "--tesla-mock-url",
        dest="tesla_mock_url",
        default=None,
        metavar="URL",
        help="use the mock vehicle already running at URL (shared by all xdist workers)",
    )
    group.addoption(
        "--tesla-mock-admin-token",
        dest="tesla_mock_admin_token",
        default="mock-admin-token",
        metavar="TOKEN",
        help="admin token of the server at --tesla-mock-url (default: mock-admin-token)",
    )
    parser.addini(
        "tesla_mock_validate_responses",
        type="bool",
        default=True,
        help="servers started by the tesla_mock plugin check their responses against the spec",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tesla_mock(transport=, vehicles=, private=, scenario=, start=, frozen=, time_scale=, "
        "validate_responses=, flavor=): configure the tesla_mock fixture's server and vehicles",
    )


@pytest.fixture(scope="session")
def tesla_mock_servers(pytestconfig: pytest.Config) -> Iterator[ServerPool]:
    """The session's shared mock vehicle servers (one per transport, started on demand)."""
    pool = ServerPool(
        external_url=pytestconfig.getoption("tesla_mock_url"),
        external_admin_token=pytestconfig.getoption("tesla_mock_admin_token"),
        validate_responses=_validate_responses(pytestconfig),
    )
    yield pool
    pool.close()


@pytest.fixture
def tesla_mock(
    request: pytest.FixtureRequest, tesla_mock_servers: ServerPool
) -> Iterator[TeslaMock]:
    """A mock Tesla account for this test: `.client`, `.token`, `.vehicles`, `.admin`, ...

    Configure it with `@pytest.mark.tesla_mock(...)`; see the module's documentation.
    """
    options = MarkerOptions.from_item(request.node, request.config)
    name = unique_account_name(request.node.name)
    with ExitStack() as stack:
        if options.private:
            server = stack.enter_context(
                start_server(
                    options.transport,
                    scenario=options.scenario,
                    start=options.start,
                    frozen=options.frozen,
                    time_scale=options.time_scale,
                    validate_responses=options.validate_responses,
                    flavor=options.flavor,
                )
            )
        else:
            server = tesla_mock_servers.shared(options.transport)
        yield stack.enter_context(
            open_account(server, vehicles=options.vehicles, name=name, private=options.private)
        )
