"""The fleet: accounts, their bearer tokens and their vehicles, with their faults
(tesla_mock/faults.py) and journals (tesla_mock/journal.py).

Plain Python, no HTTP: the handlers translate requests into calls on a `Fleet`.
An account sees only its own vehicles; looking up another account's vehicle finds nothing.

Whatever clients send, what the fleet keeps is bounded by its `FleetLimits`
(docs/limits.md): journals drop their oldest entries, other growth is refused.
"""

from __future__ import annotations

import json
import random
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from tesla_mock.clock import SimClock
from tesla_mock.events import EventHub
from tesla_mock.faults import Fault, FaultOutcome, Faults
from tesla_mock.journal import Journals
from tesla_mock.specs import ADMIN_SPEC, SchemaViolation, check_against_spec
from tesla_mock.vehicle import CommandResult, InconsistentConfig, Vehicle

DEFAULT_FLEET_FILE = Path(__file__).parent / "fixtures" / "default-fleet.yaml"
# An account's Fleet API region unless it says otherwise (tesla_mock/flavors.py).
DEFAULT_REGION = "na"
REGIONS = ("na", "eu", "cn")
VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"

# Names and tokens as spec/mock-admin.yaml has them, checked with `fullmatch`: the spec's `$`
# also matches before a final newline in Python's `re`, which connexion validates with.
ACCOUNT_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# Printable ASCII without whitespace at either end: what an `Authorization` header can carry.
TOKEN = re.compile(r"[!-~][ -~]{6,198}[!-~]")
VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
# A refusal is one line of at most this many characters, however large the input it quotes.
MESSAGE_CHARS = 300
_MESSAGE_TAIL = 80
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


@dataclass(frozen=True)
class FleetLimits:
    """How much state clients can make the mock keep (README, "Limits"; docs/limits.md; CLI
    flags set them).

    Each bound is a count or a byte size; past it the oldest journal entries are dropped, and
    other requests are refused with 409 (or 400 for a scenario). Exactly at a bound is fine.
    """

    journal_entries_per_vehicle: int = 1000
    journal_bytes_per_vehicle: int = 256 * 1024
    journal_bytes_total: int = 64 * 1024 * 1024
    journal_body_bytes: int = 4 * 1024  # of each request body kept in its entry
    faults: int = 1000
    accounts: int = 10_000
    vehicles: int = 100_000  # in the fleet, whether from a scenario or the admin API

    def __post_init__(self) -> None:
        for limit in fields(self):
            value = getattr(self, limit.name)
            if type(value) is not int or value < 0:
                raise ValueError(f"{limit.name} must be a whole number >= 0, not {value!r}")


def one_line(message: str, limit: int = MESSAGE_CHARS) -> str:
    """`message` on one line of at most `limit` characters: line breaks and other control
    characters become spaces, and the middle of a longer message gives way to ` ... `."""
    message = _LINE_BREAKS.sub(" ", message)
    if len(message) <= limit:
        return message
    return f"{message[: limit - _MESSAGE_TAIL - 5]} ... {message[-_MESSAGE_TAIL:]}"


class FleetError(ValueError):
    """A fleet operation that cannot be done; `status` is the HTTP status it maps to.

    Its message is one line of at most `MESSAGE_CHARS` characters (see `one_line`), fit for an
    error answer or a command line, whatever input it quotes."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(one_line(message))
        self.status = status


@dataclass
class Account:
    name: str
    tokens: set[str] = field(default_factory=set)
    vehicles: dict[int, Vehicle] = field(default_factory=dict)  # by numeric id
    energy_sites: list[dict[str, Any]] = field(default_factory=list)  # as the scenario gives them
    region: str = DEFAULT_REGION

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "region": self.region,
            "tokens": sorted(self.tokens),
            "vehicles": [str(vehicle_id) for vehicle_id in self.vehicles],
        }


class Fleet:
    def __init__(
        self,
        clock: SimClock,
        scenario: dict[str, Any] | None = None,
        limits: FleetLimits | None = None,
    ) -> None:
        self.clock = clock
        self.limits = limits if limits is not None else FleetLimits()
        self.region = DEFAULT_REGION
        self._initial = scenario if scenario is not None else load_scenario_file(DEFAULT_FLEET_FILE)
        self._initial_time_scale = clock.time_scale
        self._rng = random.Random()
        self.accounts: dict[str, Account] = {}
        self._by_token: dict[str, Account] = {}
        # By "id_s" and by VIN; one entry for a car whose id and VIN are the same digits.
        self._by_key: dict[str, tuple[Account, Vehicle]] = {}
        self._vehicle_count = 0
        self._vehicle_ids: dict[int, int] = {}  # streaming `vehicle_id` -> cars that have it
        # Live events (tesla_mock/events.py): each change below is published to it; with
        # nobody subscribed a publish costs one comparison.
        self.events = EventHub(self)
        self._faults = Faults(changed=lambda: self.events.faults_changed())
        self._journals = Journals(self.limits)
        self.load(self._initial)

    # -- scenarios ------------------------------------------------------------------------
    def load(self, scenario: dict[str, Any]) -> None:
        """Replace every account and vehicle with the scenario's; clear faults and journals.

        All or nothing: a scenario refused halfway (a taken VIN, an invalid vehicle) leaves
        the fleet as it was. One with more accounts or vehicles than the limits allow is
        refused (400) before anything is created.
        """
        accounts = self._scenario_accounts(scenario)
        tables: tuple[Any, ...] = (
            self.accounts,
            self._by_token,
            self._by_key,
            self._vehicle_ids,
        )
        saved = [table.copy() for table in tables]
        saved_count = self._vehicle_count
        saved_faults, saved_journals = self._faults.set_aside(), self._journals.set_aside()
        for table in tables:
            table.clear()
        self._vehicle_count = 0
        try:
            for account in accounts:
                created = self.create_account(
                    account["name"], tokens=account.get("tokens"), region=account.get("region")
                )
                created.energy_sites = list(account.get("energy_sites") or [])
                for config in account.get("vehicles") or []:
                    self.create_vehicle(created.name, config)
        except BaseException:
            for table, contents in zip(tables, saved, strict=True):
                table.clear()
                table.update(contents)
            self._vehicle_count = saved_count
            self._faults.put_back(saved_faults)
            self._journals.put_back(saved_journals)
            raise
        clock = scenario.get("clock") or {}
        if "time_scale" in clock:
            self.clock.set_time_scale(clock["time_scale"])
        if clock.get("frozen") is True:
            self.clock.freeze()
        elif clock.get("frozen") is False:
            self.clock.unfreeze()
        self.events.fleet_replaced("fleet replaced")

    def _scenario_accounts(self, scenario: Any) -> list[dict[str, Any]]:
        """The scenario's accounts, once their shape and numbers are known to fit."""
        accounts = scenario.get("accounts", []) if isinstance(scenario, dict) else None
        if not isinstance(accounts, list) or not all(
            isinstance(account, dict)
            and isinstance(account.get("name"), str)
            and isinstance(account.get("vehicles") or [], list)
            for account in accounts
        ):
            raise FleetError(
                400, "a scenario is a mapping with an `accounts` list of mappings with a `name`"
            )
        if len(accounts) > self.limits.accounts:
            raise FleetError(
                400,
                f"the scenario has {len(accounts)} accounts; "
                f"the mock keeps at most {self.limits.accounts}",
            )
        vehicles = sum(len(account.get("vehicles") or []) for account in accounts)
        if vehicles > self.limits.vehicles:
            raise FleetError(
                400,
                f"the scenario has {vehicles} vehicles; "
                f"the mock keeps at most {self.limits.vehicles}",
            )
        return accounts

    def reset(self, start: float | None = None, *, frozen: bool = False) -> None:
        """Back to the start-up fleet, with the clock at the start-up scale from `start`
        (default: real time): running, or with `frozen` stopped there before the cars are
        made, so that they are anchored at exactly `start`."""
        if frozen:
            self.clock.freeze()
        else:
            self.clock.unfreeze()
        self.clock.set_time_scale(self._initial_time_scale)
        self.clock.reset(start)
        self.load(self._initial)

    @property
    def initial_scenario(self) -> dict[str, Any]:
        return self._initial

    # -- accounts and tokens --------------------------------------------------------------
    def create_account(
        self,
        name: str | None = None,
        tokens: Iterable[str] | None = None,
        region: str | None = None,
    ) -> Account:
        """A new account named `name` (generated if None) with `tokens` (one generated if
        none), in `region` (default na); nothing is created if one of them is refused."""
        if region is not None and region not in REGIONS:
            raise FleetError(400, f"region: expected one of {', '.join(REGIONS)}, got {region!r}")
        if name is None:
            name = self._unused("account-", lambda: secrets.token_hex(8), self.accounts)
        elif not (isinstance(name, str) and ACCOUNT_NAME.fullmatch(name)):
            raise FleetError(
                400, f"an account name is 1-64 of A-Z a-z 0-9 _ . - (got {_quote(name)})"
            )
        elif name in self.accounts:
            raise FleetError(409, f"an account named {name} exists")
        if len(self.accounts) >= self.limits.accounts:
            raise FleetError(409, f"the fleet has {len(self.accounts)} accounts, the most it keeps")
        chosen: list[str | None] = list(tokens or [])
        for token in chosen:
            self._check_new_token(token)
        if len(set(chosen)) < len(chosen):
            raise FleetError(409, "that token is taken")
        account = Account(name, region=region or DEFAULT_REGION)
        self.accounts[name] = account
        for token in chosen or [None]:
            self.add_token(name, token)
        self.events.accounts_changed()
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
        self.events.accounts_changed()

    def add_token(self, account_name: str, token: str | None = None) -> str:
        account = self.account(account_name)
        if token is None:
            token = self._unused("", lambda: secrets.token_urlsafe(24), self._by_token)
        else:
            self._check_new_token(token)
        account.tokens.add(token)
        self._by_token[token] = account
        self.events.accounts_changed()
        return token

    def _check_new_token(self, token: Any) -> None:
        if not (isinstance(token, str) and TOKEN.fullmatch(token)):
            raise FleetError(
                400,
                "a token is 8-200 printable ASCII characters, without whitespace at either end",
            )
        if token in self._by_token:
            raise FleetError(409, "that token is taken")

    def revoke_token(self, account_name: str, token: str) -> None:
        account = self.account(account_name)
        if token not in account.tokens:
            raise FleetError(404, f"account {account_name} has no such token")
        account.tokens.discard(token)
        del self._by_token[token]
        self.events.accounts_changed()

    def account_for_token(self, token: str) -> Account | None:
        return self._by_token.get(token)

    @staticmethod
    def _unused(prefix: str, generate: Any, taken: Any) -> str:
        """`prefix` + a fresh random value, drawn again in the unlikely case it is `taken`."""
        while True:
            candidate = prefix + generate()
            if candidate not in taken:
                return candidate

    # -- vehicles -------------------------------------------------------------------------
    def create_vehicle(self, account_name: str, config: dict[str, Any] | None = None) -> Vehicle:
        account = self.account(account_name)
        if self._vehicle_count >= self.limits.vehicles:
            raise FleetError(
                409, f"the fleet has {self._vehicle_count} vehicles, the most it keeps"
            )
        config = dict(config or {})
        config.setdefault("id", self._unused_id())
        config.setdefault("vehicle_id", self._unused_vehicle_id())
        config.setdefault("vin", self._unused_vin())
        try:
            vehicle = Vehicle.from_config(config, self.clock.now())
        except InconsistentConfig as exc:
            raise FleetError(409, str(exc)) from None
        except ValueError as exc:
            raise FleetError(400, str(exc)) from None
        if not VIN.fullmatch(vehicle.vin):
            raise FleetError(
                400, f"vin: expected 17 of A-H, J-N, P, R-Z, 0-9; got {_quote(vehicle.vin)}"
            )
        keys = {str(vehicle.id), vehicle.vin}
        if any(key in self._by_key for key in keys):
            raise FleetError(409, "a vehicle with that id or VIN exists")
        account.vehicles[vehicle.id] = vehicle
        for key in keys:
            self._by_key[key] = (account, vehicle)
        self._vehicle_count += 1
        self._vehicle_ids[vehicle.vehicle_id] = self._vehicle_ids.get(vehicle.vehicle_id, 0) + 1
        self._journals.open(vehicle.id)
        self.events.accounts_changed()
        self.events.vehicle_changed(vehicle)
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
        account, _ = self._by_key[str(vehicle.id)]
        for vehicle_key in {str(vehicle.id), vehicle.vin}:
            del self._by_key[vehicle_key]
        del account.vehicles[vehicle.id]
        self._vehicle_count -= 1
        left = self._vehicle_ids.pop(vehicle.vehicle_id) - 1
        if left:
            self._vehicle_ids[vehicle.vehicle_id] = left
        self._journals.close(vehicle.id)
        self._faults.remove_for_vehicle(vehicle.id)
        self.events.vehicle_removed(vehicle.id)
        self.events.accounts_changed()

    def all_vehicles(self) -> Iterator[Vehicle]:
        for account in self.accounts.values():
            yield from account.vehicles.values()

    def _unused_id(self) -> int:
        while True:
            candidate = self._rng.randrange(10**15, 10**17)
            if str(candidate) not in self._by_key:
                return candidate

    def _unused_vehicle_id(self) -> int:
        while True:
            candidate = self._rng.randrange(10**9, 2 * 10**9)
            if candidate not in self._vehicle_ids:
                return candidate

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
        reason: str | None = None,
        error: str | None = None,
        body: str = "text",
    ) -> Fault:
        """A fault that fires with `probability` (always if None), at most `count` times
        (unlimited if None); firing waits `latency_ms`, then answers `status` if it has one.
        With `reason` it is a car refusal instead: the next commands answer `result: false`
        (after `latency_ms`)."""
        if reason is not None and status is not None:
            raise FleetError(400, "a fault has a status or a reason (a car refusal), not both")
        if status is None and latency_ms <= 0 and reason is None:
            raise FleetError(
                400, "a fault needs a status, a positive latency_ms, or both; or a reason"
            )
        vehicle_id = None if vehicle_key is None else self.vehicle(vehicle_key).id
        if len(self._faults) >= self.limits.faults:
            raise FleetError(
                409,
                f"there are {len(self._faults)} faults, the most the mock keeps; "
                "delete some first (DELETE /__mock/faults removes them all)",
            )
        if status == 429 and retry_after is None:
            retry_after = 30
        return self._faults.add(
            Fault(
                0,  # the id `Faults.add` gives it
                vehicle_id,
                status,
                count,
                probability,
                latency_ms,
                retry_after,
                reason,
                error,
                body,
            )
        )

    def faults(self) -> list[Fault]:
        return self._faults.all()

    def delete_fault(self, fault_id: int) -> None:
        fault = self._faults.get(fault_id)
        if fault is None:
            raise FleetError(404, f"no fault {fault_id}")
        self._faults.remove(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    def fault_for(self, vehicle: Vehicle | None) -> FaultOutcome | None:
        """The faults that fire for one request, consumed; None when none does
        (`Faults.fire`)."""
        return self._faults.fire(vehicle)

    def take_refusal(self, vehicle: Vehicle) -> tuple[CommandResult, float] | None:
        """The car refusal a refusal fault makes this command answer and the seconds to wait
        first, consumed; None if none fires (`Faults.take_refusal`)."""
        return self._faults.take_refusal(vehicle)

    # -- journal --------------------------------------------------------------------------
    def record(self, vehicle: Vehicle, entry: dict[str, Any]) -> None:
        """Add `entry` to the vehicle's journal within the limits (`Journals.record`)."""
        recorded = self._journals.record(vehicle.id, entry)
        if recorded is not None:
            self.events.journal_recorded(vehicle, recorded)

    def journal(self, key: str) -> list[dict[str, Any]]:
        return self._journals.entries(self.vehicle(key).id)

    def clear_journal(self, key: str) -> None:
        vehicle = self.vehicle(key)
        self._journals.clear(vehicle.id)
        self.events.journal_cleared(vehicle)

    @property
    def journal_size(self) -> int:
        """The size of every journal entry kept, as the limits count it."""
        return self._journals.size

    def summary(self) -> dict[str, Any]:
        return {"accounts": [account.summary() for account in self.accounts.values()]}


def _quote(value: Any, limit: int = 80) -> str:
    """`value` as Python writes it, cut to about `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


# -- scenario documents --------------------------------------------------------------------
def load_scenario_file(path: str | Path) -> dict[str, Any]:
    """The scenario in a `--fleet` file: FleetError (one line, without the path, which the
    caller knows) if it is not one; OSError if it cannot be read."""
    return parse_scenario(Path(path).read_bytes())


def parse_scenario(text: str | bytes) -> dict[str, Any]:
    """A scenario from YAML or JSON text, checked against the spec's `Scenario`.

    YAML anchors and aliases are refused before anything is expanded (a few hundred bytes of
    them can stand for gigabytes); JSON text is read by the json module, much faster than
    YAML loaders. Every refusal is a FleetError (400) of one short line.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FleetError(400, f"the scenario is not UTF-8 text (byte {exc.start})") from None
    scenario = _parse_json(text)
    if scenario is None:
        scenario = _parse_yaml(text)
    if not isinstance(scenario, dict) or not isinstance(scenario.get("accounts"), list):
        raise FleetError(400, "a scenario is a mapping with an `accounts` list")
    try:
        check_against_spec(ADMIN_SPEC, "Scenario", scenario)
    except SchemaViolation as exc:
        raise FleetError(400, f"the scenario does not match the spec: {exc}") from None
    except RecursionError:
        raise FleetError(400, "the scenario nests too deeply") from None
    return scenario


def _parse_json(text: str) -> Any:
    """The JSON object `text` holds, or None when it is not JSON (then it may be YAML)."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None  # `{accounts: []}` is YAML, not JSON
    except RecursionError:
        raise FleetError(400, "the scenario nests too deeply") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise FleetError(400, f"the scenario cannot be read: {exc}") from None


def _parse_yaml(text: str) -> Any:
    # libyaml's loader, where installed, reads a large fleet file several times faster
    # (docs/benchmarks.md, "Figures behind the code").
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if "&" in text or "*" in text:  # no anchor or alias can be written without them
            _refuse_anchors(text, loader)
        return yaml.load(text, Loader=loader)
    except FleetError:
        raise
    except yaml.YAMLError as exc:
        raise FleetError(400, f"the scenario is not valid YAML: {_yaml_problem(exc)}") from None
    except RecursionError:
        raise FleetError(400, "the scenario nests too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot construct
        raise FleetError(400, f"the scenario cannot be read: {exc}") from None


def _refuse_anchors(text: str, loader: Any) -> None:
    """FleetError at the first anchor or alias, read from the event stream (which expands
    nothing): an alias repeats what its anchor names, and aliases of aliases multiply."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise FleetError(
                400,
                "the scenario uses a YAML anchor or alias "
                f"(line {mark.line + 1}, column {mark.column + 1}); the mock does not "
                "expand them: write each value out",
            )


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What went wrong and where, without the quoted snippet PyYAML adds."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return str(exc)
    mark = exc.problem_mark or exc.context_mark
    what = ", ".join(str(part) for part in (exc.context, exc.problem) if part)
    where = "" if mark is None else f" (line {mark.line + 1}, column {mark.column + 1})"
    return f"{what}{where}"
