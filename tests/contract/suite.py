"""The contract suite's shared parts: configuration, auth, inputs, the vehicle model, the count.

The same pieces drive both ways of running it: in-process against `create_app()` (part of
`make test`) and over the network against any server that claims to implement the spec
(`make contract BASE_URL=... TOKEN=...`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ensure_resource_availability, use_after_free
from tesla_mock.specs import VEHICLE_SPEC, spec_dir

CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
SPEC_FILE = spec_dir() / VEHICLE_SPEC  # what a server over the network is tested against


# --base-url, --token, --admin-token (tests/contract/conftest.py); empty when not given.
NETWORK_OPTIONS: dict[str, str] = {}


def load_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_path(CONFIG_FILE)


# -- counting -----------------------------------------------------------------------------
class RequestCount:
    """How many requests each suite sent, by operation and status class (printed by conftest)."""

    def __init__(self) -> None:
        self.by_suite: Counter[str] = Counter()
        self.by_operation: dict[str, Counter[str]] = {}

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
    assert COUNT.operations_without_success(suite, operations) == []


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
    alone: it is a negative case, and must stay one.
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
        return st.one_of(st.just(path_parameters), swapped)


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


def fresh_start_machine(schema: Any, reset: Callable[[], None] | None) -> type:
    """The schema's link-following state machine, starting every scenario from `reset()`.

    The links make later requests depend on earlier responses; a server that kept the last
    scenario's state would make hypothesis' replays (shrinking, the example database) differ.
    """

    class FreshStart(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            if reset is not None:
                reset()

    return FreshStart


def admin_machine(schema: Any, reset: Callable[[], None] | None) -> type:
    """The admin API's state machine. Once a scenario has reset or replaced the fleet, or
    deleted an account (and with it its tokens and vehicles), a resource created earlier may
    rightly be gone: `ensure_resource_availability` (ST302) only knows that a DELETE removes
    the very resource it names, so it is not asked from then on."""

    class AdminScenario(fresh_start_machine(schema, reset)):  # type: ignore[misc]
        def setup(self) -> None:
            super().setup()
            self.fleet_replaced = False

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            removing = case.operation.path in FLEET_REPLACING_PATHS or case.method == "DELETE"
            if removing and 200 <= response.status_code < 300:
                self.fleet_replaced = True

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            excluded = []
            if self.fleet_replaced:
                excluded.append(ensure_resource_availability)
            if case.operation.path in EMPTIED_COLLECTIONS:
                # DELETE on these empties a collection that goes on existing (`{"faults": []}`);
                # use_after_free (ST301) would expect the collection itself to be gone.
                excluded.append(use_after_free)
            case.validate_response(
                response,
                excluded_checks=excluded,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    return AdminScenario


FLEET_REPLACING_PATHS = ("/reset", "/scenario")
EMPTIED_COLLECTIONS = ("/faults", "/vehicles/{vehicle_id}/journal")


def vehicle_rules_machine(
    schema: Any, cars: list[dict[str, str]], reset: Callable[[], None] | None = None
) -> type:
    """The link-following state machine, checking a `VehicleModel` after every call.

    `cars` (`id_s` and `vin` of each) lets the model follow commands sent before any read.
    """

    class VehicleRules(fresh_start_machine(schema, reset)):  # type: ignore[misc]
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
            response = read.call_and_validate(**self.get_call_kwargs(read))
            assert response.status_code == 200, response.text
            return response.json()["response"]  # type: ignore[no-any-return]

    return VehicleRules


VEHICLE_DATA = "/api/1/vehicles/{id}/vehicle_data"


SCENARIO_START = 1_732_435_200.0  # 2024-11-24 08:00 UTC: the same simulated morning every run


def in_process_reset(app: Any) -> Callable[[], None]:
    """Back to the app's start-up fleet, on a frozen clock at a fixed instant."""

    def reset() -> None:
        app.mock.fleet.reset(start=SCENARIO_START)
        app.mock.fleet.clock.freeze()

    return reset
