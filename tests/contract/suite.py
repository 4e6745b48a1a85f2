"""The contract suite's shared parts: configuration, auth, inputs, the vehicle model, the count.

The same pieces drive both ways of running it: in-process against `create_app()` (part of
`make test`) and over the network against any server that claims to implement the spec
(`make contract BASE_URL=... TOKEN=...`).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)
from tesla_mock.specs import ADMIN_BASE_PATH, VEHICLE_SPEC, spec_dir
from tesla_mock.testing.ports import (
    LOOPBACK_HOST,
    ServerStartError,
    free_port,
    http_answers,
    start_process,
    stop_process,
    url_for,
    wait_until,
)

from tests.spec import oas

CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
SPEC_FILE = spec_dir() / VEHICLE_SPEC  # what a server over the network is tested against


# --base-url, --token, --admin-token, --max-examples, --stateful-examples, --wake-timeout
# (tests/contract/conftest.py); absent when not given.
NETWORK_OPTIONS: dict[str, Any] = {}


# Fuzzing examples per operation and stateful scenarios of the network suite (the in-process
# suites take theirs from schemathesis.toml and their modules). Against a server given with
# --base-url (make contract) the suite is all the testing that server gets: twice the
# in-process examples. Against the mock vehicle, in make test (test_live_contract.py without
# --base-url, test_long_running_mock.py), the in-process suite tests the same app with the
# same generator and checks in the same run: a sample over the socket, with the examples and
# coverage phases in full. `--max-examples` and `--stateful-examples` override either.
NETWORK_BUDGET = {"max_examples": 100, "stateful_examples": 60}
SAMPLE_BUDGET = {"max_examples": 10, "stateful_examples": 10}


def load_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_path(CONFIG_FILE)


def load_vehicle_schema() -> Any:
    """The vehicle spec as the network suite tests it. Parsed with libyaml (tests/spec/oas.py):
    `schemathesis.openapi.from_path` parses with PyYAML's pure-Python loader, several times
    slower (docs/benchmarks.md, "Figures behind the code")."""
    return schemathesis.openapi.from_dict(oas.load(SPEC_FILE), config=load_config())


# -- counting -----------------------------------------------------------------------------
class RequestCount:
    """How many requests each suite sent, by operation and status class (printed by conftest)."""

    def __init__(self) -> None:
        self.by_suite: Counter[str] = Counter()
        self.by_operation: dict[str, Counter[str]] = {}
        self.wakes: Counter[str] = Counter()  # cars woken after a 408, by suite

    def add(self, suite: str, operation: str, status: int) -> None:
        self.by_suite[suite] += 1
        self.by_operation.setdefault(f"{suite}: {operation}", Counter())[f"{status // 100}xx"] += 1

    def total(self) -> int:
        return sum(self.by_suite.values())

    def operations_without_success(self, suite: str, operations: Iterable[str]) -> list[str]:
        return [
            op for op in operations if not self.by_operation.get(f"{suite}: {op}", Counter())["2xx"]
        ]


COUNT = RequestCount()


def count_requests(schema: Any, suite: str) -> None:
    """Counts every request the schema's cases send (parametrized, coverage and stateful)."""

    @schema.hook
    def after_call(context: Any, case: Any, response: Any) -> None:
        COUNT.add(suite, case.operation.label, response.status_code)


def assert_every_operation_succeeded(schema: Any, suite: str) -> None:
    """A run of nothing but 401s and 404s would prove little: a wrong token, unknown ids."""
    operations = [result.ok().label for result in schema.get_all_operations()]
    missing = COUNT.operations_without_success(suite, operations)
    assert missing == [], f"{suite}: no 2xx answer from {', '.join(missing)}"


def stateful_settings(max_examples: int) -> settings:
    """The stateful runs, derandomized like the rest of the suite's fixed seed: CI repeats
    the same scenarios, and a failure reproduces; change the seed in schemathesis.toml (for
    the other phases) or drop `derandomize` locally to explore."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        stateful_step_count=8,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


# -- checks -------------------------------------------------------------------------------
def checks_probing_auth_once() -> dict[str, list[Any]]:
    """`validate_response` options for one suite: every check the configuration enables, with
    `ignored_auth` asked once per operation rather than once per successful case.

    `ignored_auth` resends a successful request without credentials and with wrong ones: two
    more requests, which under pytest it sends for every 2xx answer. schemathesis' own runner
    asks it once per operation, by handing it the set of operations already shown to refuse
    both (`CheckContext.auth_enforced_operations`: "enforcement is a property of the
    operation"); this gives it such a set, one per suite. Every operation is still probed,
    every other check still sees every answer.
    """
    confirmed: set[str] = set()

    @functools.wraps(ignored_auth)
    def ignored_auth_once_per_operation(ctx: Any, response: Any, case: Any) -> bool | None:
        if not ctx.config.get_by_name(name=ignored_auth.__name__).enabled:
            return True  # switched off in schemathesis.toml: skipped, as the original would be
        ctx.auth_enforced_operations = confirmed
        return ignored_auth(ctx, response, case)  # type: ignore[no-any-return]

    return {
        "excluded_checks": [ignored_auth],
        "additional_checks": [ignored_auth_once_per_operation],
    }


# -- sleeping cars --------------------------------------------------------------------------
CAR_ASLEEP = 408  # the spec: a sleeping or offline car answers commands and vehicle_data so
ONLINE = "online"
# The spec: real cars take 10 to 60 s to wake (the mock: its wake_delay_s, 5 s by default).
WAKE_TIMEOUT_S = 90.0
WAKE_POLL_S = 0.5
# What a 408 must honour before the suite wakes the car: it is the answer the spec documents.
DOCUMENTED_ANSWER = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class CarWaker:
    """Wakes a car the way a client of the real API must: `wake_up`, then `get_vehicle` until
    its `state` is `online`. A car falls asleep after some idle minutes (the mock's: 15), so a
    server that has been up a while, or a long run, meets sleeping cars. `woken` counts the
    wake-ups by car."""

    def __init__(self, base_url: str, token: str, timeout: float = WAKE_TIMEOUT_S) -> None:
        self.base_url = base_url
        self.token = token
        self.timeout = timeout
        self.woken: Counter[str] = Counter()

    def wake(self, car: str) -> None:
        """Wake `car` (its id or VIN); AssertionError when it is not online within the timeout."""
        vehicle = f"/api/1/vehicles/{car}"
        with httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=10
        ) as http:
            woken = http.post(f"{vehicle}/wake_up")
            assert woken.status_code == 200, f"wake_up {car}: {woken.status_code} {woken.text}"

            def online() -> bool:
                answer = http.get(vehicle)
                assert answer.status_code == 200, f"get_vehicle {car}: {answer.text}"
                return answer.json()["response"]["state"] == ONLINE  # type: ignore[no-any-return]

            outcome = wait_until(online, self.timeout, interval=WAKE_POLL_S)
        assert outcome == "ready", f"vehicle {car} was not online {self.timeout:g} s after wake_up"
        self.woken[car] += 1


def call_waking(case: Any, cars: CarWaker | None, **call_kwargs: Any) -> Any:
    """`case.call(**call_kwargs)`; when the car it names answers 408 and `cars` is given, the
    408 is checked to be the documented answer, the car woken and the case sent once more.

    A sleeping car's 408 is the spec's behaviour, not a fault: a client wakes the car and
    retries. A second 408, or any other answer, goes to the checks like every answer does.
    """
    response = case.call(**call_kwargs)
    car = (case.path_parameters or {}).get("id")
    if cars is None or car is None or response.status_code != CAR_ASLEEP:
        return response
    case.validate_response(response, checks=DOCUMENTED_ANSWER, transport_kwargs=call_kwargs)
    cars.wake(str(car))
    return case.call(**call_kwargs)


# -- auth ---------------------------------------------------------------------------------
def use_bearer_token(schema: Any, token: str) -> None:
    """Every generated request carries this token; the `ignored_auth` check still tries others."""

    @schema.auth()
    class BearerToken:
        def get(self, case: Any, context: Any) -> str:
            return token

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# -- inputs -------------------------------------------------------------------------------
def prefer_known_values(schema: Any, known: dict[str, list[str]]) -> None:
    """Swaps a well-formed generated path parameter for a known one half of the time.

    Random vehicle ids, account names and tokens almost always name nothing (404), so the
    rules behind them would go untested. A value that breaks its parameter's schema is left
    alone: it is a negative case, and must stay one. The known value is hypothesis' first
    choice: the simplest example of an operation names a real resource (a handful of examples
    reach a 2xx), and a failing case shrinks towards one.
    """

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        path_parameters = path_parameters or {}
        swaps = []
        for parameter in context.operation.path_parameters:
            value = path_parameters.get(parameter.name)
            if parameter.name in known and _well_formed(value, parameter.definition["schema"]):
                swaps.append(parameter.name)
        if not swaps:
            return st.just(path_parameters)
        choices = [st.sampled_from(known[name]).map(lambda v, n=name: (n, v)) for name in swaps]
        swapped = st.tuples(*choices).map(lambda pairs: {**path_parameters, **dict(pairs)})
        return st.one_of(swapped, st.just(path_parameters))


def charge_a_session_over_http(base_url: str, token: str, admin_token: str, car: str) -> None:
    """One short charging session on `car` (plugged in, started, unplugged), so that the
    charging history has an invoice to fetch: the admin API sets the car up."""
    admin = {"Authorization": f"Bearer {admin_token}"}
    state = f"{base_url}/__mock/vehicles/{car}/state"
    ready = {"plugged_in": True, "state": "online", "battery_level": 40, "charge_limit_soc": 80}
    httpx.patch(state, json=ready, headers=admin, timeout=10).raise_for_status()
    started = httpx.post(
        f"{base_url}/api/1/vehicles/{car}/command/charge_start",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert started.json()["response"]["result"] is True, started.text
    httpx.patch(state, json={"plugged_in": False}, headers=admin, timeout=10).raise_for_status()


def invoice_ids(base_url: str, token: str) -> list[str]:
    """The `contentId` of every invoice in the token's charging history."""
    history = httpx.get(
        f"{base_url}/api/1/dx/charging/history",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    history.raise_for_status()
    return [
        invoice["contentId"]
        for session in history.json()["response"]["data"]
        for invoice in session.get("invoices") or []
    ]


def vehicle_keys(accounts: Iterable[Any]) -> list[str]:
    """Both names (numeric id and VIN) of every vehicle of these fleet accounts."""
    return [key for a in accounts for v in a.vehicles.values() for key in (str(v.id), v.vin)]


def _well_formed(value: Any, schema: dict[str, Any]) -> bool:
    """The parameter's own schema accepts `value` (a malformed one stays a negative case)."""
    return isinstance(value, str) and Draft4Validator(schema).is_valid(value)


# -- the vehicle's observable rules, for the stateful phase ---------------------------------
CHARGE_LIMIT_MAX_RANGE = 100
# The car clamps set_charge_limit's percent to these (its charge_limit_soc_min/_max) and says
# which limit charge_standard sets (charge_limit_soc_std); they are learned from its charge_state.
LIMIT_BOUNDS = ("charge_limit_soc_min", "charge_limit_soc_max", "charge_limit_soc_std")


def car_id(vehicle: dict[str, Any]) -> str:
    """A car's id as a path takes it: `id_s`, or `id` where a car sends no `id_s`."""
    return str(vehicle["id_s"]) if "id_s" in vehicle else str(vehicle["id"])


class VehicleModel:
    """What a successful command promises about the next charge_state of the same car.

    Only promises the real car keeps whatever else happens meanwhile are modelled, so the
    model holds against the mock and against any server that implements the spec. A car can be
    named by id or by VIN: promises are kept per car, under the `id_s` its responses reveal.
    """

    def __init__(self) -> None:
        self.expected: dict[str, dict[str, Any]] = {}
        self.car_of: dict[str, str] = {}  # id_s or VIN -> id_s
        self.bounds: dict[str, dict[str, int]] = {}  # id_s -> LIMIT_BOUNDS the car reported

    def learn(self, vehicle: dict[str, Any]) -> None:
        """Remember a car's names (any answer that is a vehicle: it has `vin`)."""
        if "vin" not in vehicle:  # an energy site, an order, the account's region...
            return
        car = car_id(vehicle)
        self.car_of[car] = self.car_of[vehicle["vin"]] = car
        charge_state = vehicle.get("charge_state") or {}
        known = {k: charge_state[k] for k in LIMIT_BOUNDS if isinstance(charge_state.get(k), int)}
        self.bounds.setdefault(car, {}).update(known)

    def after_command(self, key: str, command: str, body: Any, result: dict[str, Any]) -> None:
        car = self.car_of.get(key)
        if car is None:  # which car this was is unknown: no promise can be trusted any more
            self.expected.clear()
            return
        expected = self.expected.setdefault(car, {})
        bounds = self.bounds.get(car, {})
        if command == "set_charge_limit" and (
            result["result"] or result.get("reason") == "already_set"
        ):
            low = bounds.get("charge_limit_soc_min", 50)
            high = bounds.get("charge_limit_soc_max", CHARGE_LIMIT_MAX_RANGE)
            expected["charge_limit_soc"] = min(max(body["percent"], low), high)
        elif command == "charge_standard" and result["result"]:
            if "charge_limit_soc_std" in bounds:
                expected["charge_limit_soc"] = bounds["charge_limit_soc_std"]
            else:  # the car has not said which limit is its standard one
                expected.pop("charge_limit_soc", None)
        elif command == "charge_max_range" and result["result"]:
            expected["charge_limit_soc"] = CHARGE_LIMIT_MAX_RANGE
        elif command == "charge_stop" and result["result"]:
            expected["charging_state"] = {"Stopped"}
        elif command == "charge_start" and result["result"]:
            expected["charging_state"] = {"Starting", "Charging", "Complete"}
        elif command.startswith("set_scheduled_"):
            expected.pop("charging_state", None)  # a schedule may start a charge on its own

    def check(self, vehicle_data: dict[str, Any]) -> None:
        self.learn(vehicle_data)
        charge_state = vehicle_data.get("charge_state")
        if charge_state is None:
            return
        car = car_id(vehicle_data)
        for field, promised in self.expected.get(car, {}).items():
            actual = charge_state.get(field)
            ok = actual in promised if isinstance(promised, set) else actual == promised
            assert ok, (
                f"vehicle {car}: {field} is {actual!r}, the last command promised {promised!r}"
            )


def fresh_start_machine(
    schema: Any,
    reset: Callable[[], None] | None,
    checks: dict[str, list[Any]],
    cars: CarWaker | None = None,
    session: Any = None,
) -> type:
    """The schema's link-following state machine, starting every scenario from `reset()`.

    The links make later requests depend on earlier responses; a server that kept the last
    scenario's state would make hypothesis' replays (shrinking, the example database) differ.
    Answers are checked with `checks` (`checks_probing_auth_once()`); a car that answers 408
    is woken by `cars` and asked again (`call_waking`). Every call goes through `session` when
    one is given (`in_process_session()`, or the network run's keep-alive session).
    """

    class FreshStart(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            if reset is not None:
                reset()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {} if session is None else {"session": session}

        def call(self, case: Any, **kwargs: Any) -> Any:
            return call_waking(case, cars, **kwargs)

        def excluded_checks(self, case: Any) -> list[Any]:
            """Checks that do not apply to this answer at this point of the scenario."""
            return []

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(
                response,
                excluded_checks=[*checks["excluded_checks"], *self.excluded_checks(case)],
                additional_checks=[*checks["additional_checks"], *(additional_checks or [])],
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    return FreshStart


def admin_machine(
    schema: Any, reset: Callable[[], None] | None, checks: dict[str, list[Any]], session: Any = None
) -> type:
    """The admin API's state machine. Once a scenario has reset or replaced the fleet, or
    deleted an account (and with it its tokens and vehicles), a resource created earlier may
    rightly be gone: `ensure_resource_availability` (ST302) only knows that a DELETE removes
    the very resource it names, so it is not asked from then on."""

    class AdminScenario(fresh_start_machine(schema, reset, checks, session=session)):  # type: ignore[misc]
        def setup(self) -> None:
            super().setup()
            self.fleet_replaced = False

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            removing = case.operation.path in FLEET_REPLACING_PATHS or case.method == "DELETE"
            if removing and 200 <= response.status_code < 300:
                self.fleet_replaced = True

        def excluded_checks(self, case: Any) -> list[Any]:
            excluded = []
            if self.fleet_replaced:
                excluded.append(ensure_resource_availability)
            if case.operation.path in EMPTIED_COLLECTIONS:
                # DELETE on these empties a collection that goes on existing (`{"faults": []}`);
                # use_after_free (ST301) would expect the collection itself to be gone.
                excluded.append(use_after_free)
            return excluded

    return AdminScenario


FLEET_REPLACING_PATHS = ("/reset", "/scenario")
EMPTIED_COLLECTIONS = ("/faults", "/vehicles/{vehicle_id}/journal")


def vehicle_rules_machine(
    schema: Any,
    cars: list[dict[str, str]],
    checks: dict[str, list[Any]],
    reset: Callable[[], None] | None = None,
    waker: CarWaker | None = None,
    session: Any = None,
) -> type:
    """The link-following state machine, checking a `VehicleModel` after every call.

    `cars` (`id_s` and `vin` of each) lets the model follow commands sent before any read.
    """

    class VehicleRules(fresh_start_machine(schema, reset, checks, waker, session)):  # type: ignore[misc]
        def setup(self) -> None:
            super().setup()
            self.model = VehicleModel()
            for car in cars:
                self.model.learn(car)

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)  # records it for the stateful checks
            if response.status_code != 200:
                return
            path = case.operation.path
            answer = response.json()["response"]
            if "/command/" in path:
                key = case.path_parameters["id"]
                command = path.rsplit("/", 1)[-1]
                self.model.after_command(key, command, case.body, answer)
                self.model.check(self._read_charge_state(case, key))
            elif path.endswith("/vehicle_data"):
                self.model.check(answer)
            elif isinstance(answer, list):
                for vehicle in answer:
                    self.model.learn(vehicle)
            else:
                self.model.learn(answer)

        def _read_charge_state(self, command: Any, key: str) -> dict[str, Any]:
            """Reads the car right after a command: its promise must hold at once."""
            read = schema[VEHICLE_DATA]["GET"].Case(
                path_parameters={"id": key},
                query={"endpoints": "charge_state"},
                headers=command.headers,
            )
            kwargs = self.get_call_kwargs(read)
            response = self.call(read, **kwargs)
            read.validate_response(response, transport_kwargs=kwargs or None, **checks)
            assert response.status_code == 200, response.text
            return response.json()["response"]  # type: ignore[no-any-return]

    return VehicleRules


VEHICLE_DATA = "/api/1/vehicles/{id}/vehicle_data"


SCENARIO_START = 1_732_435_200.0  # 2024-11-24 08:00 UTC: the same simulated morning every run


def in_process_session(app: Any) -> Any:
    """One schemathesis ASGI client for every call of an in-process suite (pass it as
    `session=`): without one, schemathesis builds a `requests` session per call, and each
    looks for proxy settings in the environment. It keeps no cookies (a fresh session per
    call kept none either) and reads no proxy or netrc settings: the app is in this process."""
    session = asgi.get_client(app)
    session.trust_env = False
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session.__enter__()


def in_process_reset(app: Any) -> Callable[[], None]:
    """Back to the app's start-up fleet, on a frozen clock at a fixed instant."""

    def reset() -> None:
        app.mock.fleet.reset(start=SCENARIO_START, frozen=True)

    return reset


# -- a mock of our own ----------------------------------------------------------------------
MOCK_START_TIMEOUT_S = 30.0


@contextmanager
def started_mock(admin_token: str) -> Iterator[str]:
    """`python -m tesla_mock` (its default fleet) on a free loopback port, with this admin
    token; yields its base URL and stops it on exit."""
    port = free_port()
    # A file, not a pipe: nobody reads the mock's stderr while it runs, and a full pipe would
    # block it. It is read only if the mock does not start.
    with tempfile.TemporaryFile() as stderr:
        try:
            process = start_process(
                [sys.executable, "-m", "tesla_mock", "--host", LOOPBACK_HOST, "--port", str(port)],
                ready=lambda: http_answers(LOOPBACK_HOST, port, path=f"{ADMIN_BASE_PATH}/health"),
                timeout=MOCK_START_TIMEOUT_S,
                name="python -m tesla_mock",
                env={**os.environ, "TESLA_MOCK_ADMIN_TOKEN": admin_token},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        except ServerStartError as error:
            stderr.seek(0)
            raise ServerStartError(f"{error}: {stderr.read().decode(errors='replace')}") from None
        try:
            yield url_for(LOOPBACK_HOST, port)
        finally:
            stop_process(process)
