"""The fleet: accounts, their bearer tokens and their vehicles; plus faults and the journal.

Plain Python, no HTTP: the handlers translate requests into calls on a `Fleet`.
An account sees only its own vehicles; looking up another account's vehicle finds nothing.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mockserver.clock import SimClock
from mockserver.specs import ADMIN_SPEC, SchemaViolation, check_against_spec
from mockserver.vehicle import InconsistentConfig, Vehicle

DEFAULT_FLEET_FILE = Path(__file__).parent / "fixtures" / "default-fleet.yaml"
JOURNAL_LIMIT = 1000  # entries kept per vehicle; older ones are dropped
# What `GET /api/1/users/region` answers: the mock serves every region at its own address.
DEFAULT_REGION = "na"
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class FleetLimits:
    """How much state clients can make the mock keep (README, "Limits"; CLI flags set them).

    Each bound is a count or a byte size; past it the oldest journal entries are dropped, and
    other requests are refused with 409 (or 400 for a scenario).
    """

    journal_entries_per_vehicle: int = 1000
    journal_bytes_per_vehicle: int = 256 * 1024
    journal_bytes_total: int = 64 * 1024 * 1024
    journal_body_bytes: int = 4 * 1024  # of each request body kept in its entry
    faults: int = 1000
    accounts: int = 10_000
    vehicles: int = 100_000  # in the fleet, whether from a scenario or the admin API


class FleetError(ValueError):
    """A fleet operation that cannot be done; `status` is the HTTP status it maps to."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Account:
    name: str
    tokens: set[str] = field(default_factory=set)
    vehicles: dict[int, Vehicle] = field(default_factory=dict)  # by numeric id
    energy_sites: list[dict[str, Any]] = field(default_factory=list)  # as the scenario gives them

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "tokens": sorted(self.tokens),
            "vehicles": [str(vehicle_id) for vehicle_id in self.vehicles],
        }


@dataclass
class Fault:
    id: int
    vehicle_id: int | None  # None: every request
    status: int | None  # None: latency only
    count: int | None  # times left to fire; None: unlimited
    probability: float | None  # chance to fire per request; None: always
    latency_ms: int
    retry_after: int | None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "vehicle_id": None if self.vehicle_id is None else str(self.vehicle_id),
            "status": self.status,
            "count": self.count,
            "probability": self.probability,
            "latency_ms": self.latency_ms,
            "retry_after": self.retry_after,
        }


@dataclass(frozen=True)
class FaultOutcome:
    latency_s: float
    status: int | None
    retry_after: int | None


class Fleet:
    def __init__(self, clock: SimClock, scenario: dict[str, Any] | None = None) -> None:
        self.clock = clock
        self.region = DEFAULT_REGION
        self._initial = scenario if scenario is not None else load_scenario_file(DEFAULT_FLEET_FILE)
        self._initial_time_scale = clock.time_scale
        self._rng = random.Random()
        self.accounts: dict[str, Account] = {}
        self._by_token: dict[str, Account] = {}
        self._by_key: dict[str, tuple[Account, Vehicle]] = {}  # "id_s" and VIN
        self._faults: dict[int, Fault] = {}
        self._fault_ids = itertools.count(1)
        self._journals: dict[int, deque[dict[str, Any]]] = {}
        self.load(self._initial)

    # -- scenarios ------------------------------------------------------------------------
    def load(self, scenario: dict[str, Any]) -> None:
        """Replace every account and vehicle with the scenario's; clear faults and journals.

        All or nothing: a scenario refused halfway (a taken VIN, an invalid vehicle) leaves
        the fleet as it was.
        """
        tables = (self.accounts, self._by_token, self._by_key, self._journals, self._faults)
        saved = [dict(table) for table in tables]
        for table in tables:
            table.clear()
        try:
            for account in scenario.get("accounts", []):
                created = self.create_account(account["name"], tokens=account.get("tokens"))
                created.energy_sites = list(account.get("energy_sites", []))
                for config in account.get("vehicles", []):
                    self.create_vehicle(created.name, config)
        except Exception:
            for table, contents in zip(tables, saved, strict=True):
                table.clear()
                table.update(contents)  # type: ignore[attr-defined]
            raise
        clock = scenario.get("clock") or {}
        if "time_scale" in clock:
            self.clock.set_time_scale(clock["time_scale"])
        if clock.get("frozen") is True:
            self.clock.freeze()
        elif clock.get("frozen") is False:
            self.clock.unfreeze()

    def reset(self, start: float | None = None) -> None:
        """Back to the start-up fleet, with the clock running from `start` (default: real
        time) at the start-up scale."""
        self.clock.unfreeze()
        self.clock.set_time_scale(self._initial_time_scale)
        self.clock.reset(start)
        self.load(self._initial)

    @property
    def initial_scenario(self) -> dict[str, Any]:
        return self._initial

    # -- accounts and tokens --------------------------------------------------------------
    def create_account(
        self, name: str | None = None, tokens: Iterable[str] | None = None
    ) -> Account:
        name = name or f"account-{secrets.token_hex(4)}"
        if name in self.accounts:
            raise FleetError(409, f"an account named {name} exists")
        account = Account(name)
        self.accounts[name] = account
        for token in tokens or [None]:
            self.add_token(name, token)
        return account

    def account(self, name: str) -> Account:
        try:
            return self.accounts[name]
        except KeyError:
            raise FleetError(404, f"no account named {name}") from None

    def delete_account(self, name: str) -> None:
        account = self.account(name)
        for vehicle_id in list(account.vehicles):
            self.delete_vehicle(str(vehicle_id))
        for token in account.tokens:
            del self._by_token[token]
        del self.accounts[name]

    def add_token(self, account_name: str, token: str | None = None) -> str:
        account = self.account(account_name)
        token = token or secrets.token_urlsafe(24)
        if token in self._by_token:
            raise FleetError(409, "that token is taken")
        account.tokens.add(token)
        self._by_token[token] = account
        return token

    def revoke_token(self, account_name: str, token: str) -> None:
        account = self.account(account_name)
        if token not in account.tokens:
            raise FleetError(404, f"account {account_name} has no such token")
        account.tokens.discard(token)
        del self._by_token[token]

    def account_for_token(self, token: str) -> Account | None:
        return self._by_token.get(token)

    # -- vehicles -------------------------------------------------------------------------
    def create_vehicle(self, account_name: str, config: dict[str, Any] | None = None) -> Vehicle:
        account = self.account(account_name)
        config = dict(config or {})
        config.setdefault("id", self._unused_id())
        config.setdefault("vehicle_id", self._unused_vehicle_id())
        config.setdefault("vin", self._unused_vin())
        if str(config["id"]) in self._by_key or config["vin"] in self._by_key:
            raise FleetError(409, "a vehicle with that id or VIN exists")
        try:
            vehicle = Vehicle.from_config(config, self.clock.now())
        except InconsistentConfig as exc:
            raise FleetError(409, str(exc)) from None
        except ValueError as exc:
            raise FleetError(400, str(exc)) from None
        account.vehicles[vehicle.id] = vehicle
        self._by_key[str(vehicle.id)] = (account, vehicle)
        self._by_key[vehicle.vin] = (account, vehicle)
        self._journals[vehicle.id] = deque(maxlen=JOURNAL_LIMIT)
        return vehicle

    def find_vehicle(self, key: str, account: Account | None = None) -> Vehicle | None:
        """The vehicle with this id or VIN; with `account`, only if that account owns it."""
        found = self._by_key.get(key)
        if found is None or (account is not None and found[0] is not account):
            return None
        return found[1]

    def vehicle(self, key: str) -> Vehicle:
        vehicle = self.find_vehicle(key)
        if vehicle is None:
            raise FleetError(404, f"no vehicle {key}")
        return vehicle

    def delete_vehicle(self, key: str) -> None:
        vehicle = self.vehicle(key)
        account, _ = self._by_key.pop(str(vehicle.id))
        del self._by_key[vehicle.vin]
        del account.vehicles[vehicle.id]
        self._journals.pop(vehicle.id, None)
        for fault in [f for f in self._faults.values() if f.vehicle_id == vehicle.id]:
            del self._faults[fault.id]

    def all_vehicles(self) -> Iterator[Vehicle]:
        for account in self.accounts.values():
            yield from account.vehicles.values()

    def _unused_id(self) -> int:
        while True:
            candidate = self._rng.randrange(10**15, 10**17)
            if str(candidate) not in self._by_key:
                return candidate

    def _unused_vehicle_id(self) -> int:
        return self._rng.randrange(10**9, 2 * 10**9)

    def _unused_vin(self) -> str:
        while True:
            candidate = "5YJ" + "".join(self._rng.choice(VIN_ALPHABET) for _ in range(14))
            if candidate not in self._by_key:
                return candidate

    # -- faults ---------------------------------------------------------------------------
    def add_fault(
        self,
        *,
        vehicle_key: str | None = None,
        status: int | None = None,
        count: int | None = None,
        probability: float | None = None,
        latency_ms: int = 0,
        retry_after: int | None = None,
    ) -> Fault:
        """A fault that fires with `probability` (always if None), at most `count` times
        (unlimited if None); firing waits `latency_ms`, then answers `status` if it has one."""
        if status is None and latency_ms <= 0:
            raise FleetError(400, "a fault needs a status, a positive latency_ms, or both")
        vehicle_id = None if vehicle_key is None else self.vehicle(vehicle_key).id
        if status == 429 and retry_after is None:
            retry_after = 30
        fault = Fault(
            next(self._fault_ids), vehicle_id, status, count, probability, latency_ms, retry_after
        )
        self._faults[fault.id] = fault
        return fault

    def faults(self) -> list[Fault]:
        return list(self._faults.values())

    def delete_fault(self, fault_id: int) -> None:
        if self._faults.pop(fault_id, None) is None:
            raise FleetError(404, f"no fault {fault_id}")

    def clear_faults(self) -> None:
        self._faults.clear()

    def fault_for(self, vehicle: Vehicle | None) -> FaultOutcome | None:
        """The faults that fire for one request, consumed; None when none does.

        Latencies add up; the first firing fault with a status decides the answer, and a later
        one with a status does not fire (nor use up its count) for this request.
        """
        if not self._faults:
            return None
        latency_ms = 0
        status: int | None = None
        retry_after: int | None = None
        for fault in list(self._faults.values()):
            if fault.vehicle_id is not None and (vehicle is None or fault.vehicle_id != vehicle.id):
                continue
            if fault.status is not None and status is not None:
                continue
            if fault.probability is not None and self._rng.random() >= fault.probability:
                continue
            latency_ms += fault.latency_ms
            if fault.status is not None:
                status, retry_after = fault.status, fault.retry_after
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    del self._faults[fault.id]
        if status is None and latency_ms == 0:
            return None
        return FaultOutcome(latency_ms / 1000, status, retry_after)

    # -- journal --------------------------------------------------------------------------
    def record(self, vehicle: Vehicle, entry: dict[str, Any]) -> None:
        journal = self._journals.get(vehicle.id)
        if journal is not None:  # the vehicle may have been deleted meanwhile
            journal.append(entry)

    def journal(self, key: str) -> list[dict[str, Any]]:
        return list(self._journals[self.vehicle(key).id])

    def clear_journal(self, key: str) -> None:
        self._journals[self.vehicle(key).id].clear()

    def summary(self) -> dict[str, Any]:
        return {"accounts": [account.summary() for account in self.accounts.values()]}


def load_scenario_file(path: str | Path) -> dict[str, Any]:
    return parse_scenario(Path(path).read_text())


def parse_scenario(text: str) -> dict[str, Any]:
    try:
        # libyaml's loader, where installed, reads a 10,000-car fleet file about 5x faster.
        scenario = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise FleetError(400, f"the scenario is not valid YAML: {exc}") from None
    if not isinstance(scenario, dict) or not isinstance(scenario.get("accounts"), list):
        raise FleetError(400, "a scenario is a mapping with an `accounts` list")
    try:
        check_against_spec(ADMIN_SPEC, "Scenario", scenario)
    except SchemaViolation as exc:
        raise FleetError(400, f"the scenario does not match the spec: {exc}") from None
    return scenario
