"""The contract suite over the network, against any server that claims to implement the spec.

    make contract BASE_URL=http://host:port TOKEN=...      (JUnit report in reports/)

tests spec/tesla-charging.yaml itself (not what the server says about itself) with the same
configuration, auth, inputs, checks and vehicle model as the in-process suites: every operation
with every phase and check, then the link-following stateful run. A car that answers 408 is
asleep, as the spec documents (a server up for more than a few idle minutes has sleeping cars):
the suite wakes it as a client must (`wake_up`, then `get_vehicle` until `online`) and sends the
request once more; the 408 itself must be the documented answer.

Without `--base-url` (as in `make test`) it starts the mock vehicle on a free loopback port and
tests that, with a sample of fuzzing examples and stateful scenarios (`suite.SAMPLE_BUDGET`;
`suite.NETWORK_BUDGET` against `--base-url`): `make test` runs the in-process suite too, on the
same app with the same generator and checks, so what only this run can find is in the socket
and the server process, which the examples and the coverage phase, run in full, reach with
every operation and every check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from schemathesis.transport.requests import ManagedCookiesSession

from tests.contract import suite

SUITE = "network"
DEMO_TOKEN = "demo-owner-token"  # the default fleet's account, when the suite starts the mock
ADMIN_TOKEN = "contract-admin-token"


@dataclass(frozen=True)
class Target:
    base_url: str
    token: str
    admin_token: str | None  # only for a mock: lets each stateful scenario start afresh


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    base_url = suite.NETWORK_OPTIONS.get("base_url")
    if base_url:
        token = suite.NETWORK_OPTIONS.get("token")
        if not token:
            pytest.fail("--base-url needs --token (make contract BASE_URL=... TOKEN=...)")
        yield Target(base_url.rstrip("/"), token, suite.NETWORK_OPTIONS.get("admin_token"))
        return
    with suite.started_mock(ADMIN_TOKEN) as url:
        yield Target(url, DEMO_TOKEN, ADMIN_TOKEN)


@pytest.fixture(scope="module")
def cars(target: Target) -> list[dict[str, str]]:
    """The token's vehicles (`id_s`, `vin`): real ids for fuzzing and the vehicle model."""
    response = httpx.get(
        f"{target.base_url}/api/1/vehicles",
        headers={"Authorization": f"Bearer {target.token}"},
        timeout=10,
    )
    assert response.status_code == 200, f"list_vehicles with this token: {response.text}"
    return [{"id_s": car["id_s"], "vin": car["vin"]} for car in response.json()["response"]]


def budget() -> dict[str, int]:
    """Fuzzing examples per operation and stateful scenarios for this run."""
    against_server = bool(suite.NETWORK_OPTIONS.get("base_url"))
    counts = suite.NETWORK_BUDGET if against_server else suite.SAMPLE_BUDGET
    return {name: suite.NETWORK_OPTIONS.get(name, count) for name, count in counts.items()}


# Built at import, before pytest knows the target (`schemathesis.pytest.from_fixture` would
# defer it, but fails under pytest 9: its lazy tests read `_nodeid`). The token is known at
# collection (--token, or the started mock's demo account); the base URL and the real ids
# are filled in by the autouse fixture below, before any request.
schema = suite.load_vehicle_schema()
schema.config.generation.update(max_examples=budget()["max_examples"])
suite.count_requests(schema, SUITE)
suite.use_bearer_token(schema, suite.NETWORK_OPTIONS.get("token") or DEMO_TOKEN)
KNOWN_IDS: dict[str, list[str]] = {}  # read by the hook at generation time
suite.prefer_known_values(schema, KNOWN_IDS)
CHECKS = suite.checks_probing_auth_once()
# The parametrized tests keep a copy of the config: the base URL, the car waker and the HTTP
# session are passed per call, from here.
TARGET: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def aim_at_target(target: Target, cars: list[dict[str, str]]) -> Iterator[None]:
    schema.config.update(base_url=target.base_url)  # for the state machine
    waker = suite.CarWaker(
        target.base_url, target.token, timeout=suite.NETWORK_OPTIONS["wake_timeout"]
    )
    TARGET["waker"] = waker
    # One keep-alive session for every request of the run, as schemathesis' own runner sends
    # them (`schemathesis run` makes a ManagedCookiesSession, whose cookies are dropped after
    # each call, with no headers of its own). Without one, every call built a session and
    # opened a connection, on both sides of the socket.
    session = ManagedCookiesSession()
    session.headers = {}
    TARGET["call"] = {"base_url": target.base_url, "session": session}
    KNOWN_IDS["id"] = [key for car in cars for key in car.values()]
    invoices = suite.invoice_ids(target.base_url, target.token)
    if not invoices and target.admin_token is not None and cars:
        suite.charge_a_session_over_http(
            target.base_url, target.token, target.admin_token, cars[0]["vin"]
        )
        invoices = suite.invoice_ids(target.base_url, target.token)
    KNOWN_IDS["content_id"] = invoices
    with session:
        yield
    suite.COUNT.wakes[SUITE] += waker.woken.total()
    KNOWN_IDS.clear()
    TARGET.clear()


@schema.parametrize()
def test_every_operation_honours_the_spec_over_the_network(case: Any) -> None:
    response = suite.call_waking(case, TARGET["waker"], **TARGET["call"])
    case.validate_response(response, transport_kwargs=TARGET["call"], **CHECKS)


def test_stateful_vehicle_rules_over_the_network(
    cars: list[dict[str, str]], target: Target
) -> None:
    reset = None if target.admin_token is None else admin_reset(target)
    machine = suite.vehicle_rules_machine(
        schema, cars, CHECKS, reset, TARGET["waker"], session=TARGET["call"]["session"]
    )
    machine.run(settings=suite.stateful_settings(max_examples=budget()["stateful_examples"]))


def test_every_operation_succeeded_over_the_network() -> None:
    suite.assert_every_operation_succeeded(schema, SUITE)  # runs after the tests above


def admin_reset(target: Target) -> Any:
    def reset() -> None:
        response = httpx.post(
            f"{target.base_url}/__mock/reset",
            headers={"Authorization": f"Bearer {target.admin_token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text

    return reset
