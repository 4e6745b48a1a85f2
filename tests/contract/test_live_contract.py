"""The contract suite over the network, against any server that claims to implement the spec.

    make contract BASE_URL=http://host:port TOKEN=...      (JUnit report in reports/)

tests spec/tesla-charging.yaml itself (not what the server says about itself) with the same
configuration, auth, inputs and vehicle model as the in-process suites: every operation with
every phase and check, then the link-following stateful run. Without `--base-url` (as in
`make test`) it starts the mock vehicle on a free loopback port and tests that.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from tesla_mock.testing.ports import free_port

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
    with started_mock() as url:
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


# Built at import, before pytest knows the target (`schemathesis.pytest.from_fixture` would
# defer it, but fails under pytest 9: its lazy tests read `_nodeid`). The token is known at
# collection (--token, or the started mock's demo account); the base URL and the real ids
# are filled in by the autouse fixture below, before any request.
schema = schemathesis.openapi.from_path(suite.SPEC_FILE, config=suite.load_config())
suite.count_requests(schema, SUITE)
suite.use_bearer_token(schema, suite.NETWORK_OPTIONS.get("token") or DEMO_TOKEN)
KNOWN_IDS: dict[str, list[str]] = {}  # read by the hook at generation time
suite.prefer_known_values(schema, KNOWN_IDS)
BASE_URL: list[str] = []  # the parametrized tests keep a copy of the config: pass it per call


@pytest.fixture(scope="module", autouse=True)
def aim_at_target(target: Target, cars: list[dict[str, str]]) -> Iterator[None]:
    schema.config.update(base_url=target.base_url)  # for the state machine
    BASE_URL.append(target.base_url)
    KNOWN_IDS["id"] = [key for car in cars for key in car.values()]
    invoices = suite.invoice_ids(target.base_url, target.token)
    if not invoices and target.admin_token is not None and cars:
        suite.charge_a_session_over_http(
            target.base_url, target.token, target.admin_token, cars[0]["vin"]
        )
        invoices = suite.invoice_ids(target.base_url, target.token)
    KNOWN_IDS["content_id"] = invoices
    yield
    KNOWN_IDS.clear()
    BASE_URL.clear()


@schema.parametrize()
def test_every_operation_honours_the_spec_over_the_network(case: Any) -> None:
    case.call_and_validate(base_url=BASE_URL[0])


def test_stateful_vehicle_rules_over_the_network(
    cars: list[dict[str, str]], target: Target
) -> None:
    reset = None if target.admin_token is None else admin_reset(target)
    machine = suite.vehicle_rules_machine(schema, cars, reset)
    machine.run(settings=suite.stateful_settings(max_examples=60))


def test_every_operation_succeeded_over_the_network() -> None:
    suite.assert_every_operation_succeeded(schema, SUITE)  # runs after the tests above


# -- a mock of our own ---------------------------------------------------------------------
def admin_reset(target: Target) -> Any:
    def reset() -> None:
        response = httpx.post(
            f"{target.base_url}/__mock/reset",
            headers={"Authorization": f"Bearer {target.admin_token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text

    return reset


class started_mock:
    """`python -m tesla_mock` on a free loopback port, stopped on exit."""

    def __enter__(self) -> str:
        port = free_port()
        # A file, not a pipe: nobody reads the mock's stderr while it runs, and a full pipe
        # would block it. It is read only if the mock exits early.
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tesla_mock", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, "TESLA_MOCK_ADMIN_TOKEN": ADMIN_TOKEN},
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stderr.seek(0)
                raise RuntimeError(f"the mock exited: {self.stderr.read().decode()}")
            try:
                if httpx.get(f"{url}/openapi.json", timeout=1).status_code == 200:
                    return url
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("the mock did not answer within 30 s")

    def __exit__(self, *exc_info: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()
