"""Hostile and careless clients against the fleet: they cannot exhaust or corrupt it.

One group per attack class: journal memory, YAML bombs (over HTTP, as a `--fleet` file, against
a real server process), unbounded lists (faults, generated names), names nobody can use, a car
whose id is its all-digit VIN, and the account and vehicle bounds; plus the edges of every
`FleetLimits` bound (exactly at the limit is fine, one beyond is refused or dropped).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from tesla_mock import fleet as fleet_module
from tesla_mock.clock import SimClock
from tesla_mock.fleet import (
    ACCOUNT_NAME,
    MESSAGE_CHARS,
    TOKEN,
    Fleet,
    FleetError,
    FleetLimits,
    load_scenario_file,
    parse_scenario,
)
from tesla_mock.journal import JOURNAL_ENTRY_OVERHEAD
from tesla_mock.specs import ADMIN_SPEC, load_spec
from tesla_mock.testing.fleets import write_fleet_file
from tesla_mock.testing.ports import free_port

from tests.hostile.support import ADMIN, HOST, LiveServer, in_process_api
from tests.server.support import (
    OTHER_TOKEN,
    OWNER_TOKEN,
    PLUGGED,
    SCENARIO,
    START,
    UNPLUGGED,
    Api,
)

pytestmark = pytest.mark.timeout(120)

YAML = {"Content-Type": "application/yaml"}
ENVELOPE_KEYS = {"response", "error", "error_description"}


# -- helpers ----------------------------------------------------------------------------------
def make_fleet(limits: FleetLimits | None = None, scenario: Any = SCENARIO) -> Fleet:
    return Fleet(SimClock(start=START, frozen=True), scenario, limits)


def served(limits: FleetLimits | None = None) -> Any:
    """The in-process app on the server tests' scenario, with `limits` if given."""
    return in_process_api(fleet_limits=limits, validate_responses=True)


@pytest.fixture(scope="module")
def module_api() -> Iterator[Api]:
    with served() as api:
        yield api


@pytest.fixture
def api(module_api: Api) -> Api:
    """The module's app as a fresh one starts: its scenario's fleet (no faults, empty
    journals) on the clock frozen at START. Not an app built for each test: one that validates
    every answer takes a while to build."""
    module_api.http.app.mock.fleet.reset(start=START, frozen=True)  # type: ignore[attr-defined]
    return module_api


def refusal(response: Any, status: int, max_bytes: int = 1024) -> str:
    """The error description of an answer in the envelope, small and on one line."""
    assert response.status_code == status, response.text[:500]
    assert len(response.content) < max_bytes, len(response.content)
    body = response.json()
    assert set(body) == ENVELOPE_KEYS
    assert body["response"] is None
    assert isinstance(body["error"], str) and body["error"]
    return one_line(body["error_description"])


def one_line(message: str) -> str:
    assert "\n" not in message and "\r" not in message, message[:500]
    assert len(message) <= MESSAGE_CHARS, len(message)
    return message


def fleet_state(api: Api) -> Any:
    return [api.admin("GET", path).json() for path in ("/fleet", "/faults", "/clock")]


def still_works(api: Api) -> None:
    """Normal requests after an attack: the owner's cars, a command, the admin API."""
    listed = api.http.get("/api/1/vehicles", headers=api.owner)
    assert listed.status_code == 200, listed.text
    assert api.command(PLUGGED, "charge_stop").status_code == 200
    assert api.admin("GET", f"/vehicles/{PLUGGED}/state").status_code == 200


def alias_bomb(levels: int) -> str:
    """A "billion laughs" scenario: under 40 bytes a level, 9**levels strings expanded."""
    names = "abcdefghij"[:levels]
    parts = ["&a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    for previous, name in pairwise(names):
        parts.append(f"&{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "accounts:\n- [" + ", ".join(parts) + "]\n"


def shared_car_list(accounts: int = 100, cars: int = 1000) -> str:
    """One account's car list written once, every other account's an alias of it."""
    lines = ["accounts:", "- name: a0", "  vehicles: &cars [" + ",".join(["{}"] * cars) + "]"]
    lines += [f"- {{name: a{n}, vehicles: *cars}}" for n in range(1, accounts)]
    return "\n".join(lines) + "\n"


def entry(body: str = "", path: str = "/p") -> dict[str, Any]:
    return {
        "method": "POST",
        "path": path,
        "query": "",
        "content_type": None,
        "body": body,
        "status": 200,
        "time": 0.0,
    }


def size_of(journal_entry: dict[str, Any]) -> int:
    strings = [value for value in journal_entry.values() if isinstance(value, str)]
    return JOURNAL_ENTRY_OVERHEAD + sum(map(len, strings))


def two_cars(limits: FleetLimits) -> tuple[Fleet, Any, Any]:
    fleet = make_fleet(limits)
    return fleet, fleet.vehicle(PLUGGED), fleet.vehicle(UNPLUGGED)


def paths(fleet: Fleet, key: str) -> list[str]:
    return [recorded["path"] for recorded in fleet.journal(key)]


# -- journal memory ---------------------------------------------------------------------------
def test_a_journal_flooded_with_large_entries_keeps_its_bounds_in_memory() -> None:
    limits = FleetLimits()
    fleet = make_fleet(limits)
    cars = list(fleet.all_vehicles())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(3000):  # 64 KiB bodies: 192 MiB if kept whole
            body = f"{number:08d}" + "x" * (64 * 1024 - 8)
            fleet.record(cars[number % len(cars)], entry(body, f"/{number}"))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 4 * 1024 * 1024, held
    for index, car in enumerate(cars):
        kept = fleet.journal(str(car.id))
        assert sum(map(size_of, kept)) <= limits.journal_bytes_per_vehicle
        assert all(len(recorded["body"]) == limits.journal_body_bytes for recorded in kept)
        newest = max(number for number in range(3000) if number % len(cars) == index)
        assert kept[-1]["path"] == f"/{newest}"
    assert fleet.journal_size <= 3 * limits.journal_bytes_per_vehicle


def test_the_total_bound_keeps_the_newest_entries_of_all_cars() -> None:
    cars_per_account = 20
    scenario = {"accounts": [{"name": "many", "vehicles": [{}] * cars_per_account}]}
    one = size_of(entry("b" * 1000, "/00000"))
    limits = FleetLimits(journal_bytes_per_vehicle=50 * one, journal_bytes_total=100 * one)
    fleet = make_fleet(limits, scenario)
    cars = list(fleet.all_vehicles())
    for number in range(5000):
        fleet.record(cars[(number * 7) % len(cars)], entry("b" * 1000, f"/{number:05d}"))
    kept = sorted(path for car in cars for path in paths(fleet, str(car.id)))
    assert kept == [f"/{number:05d}" for number in range(4900, 5000)]
    assert fleet.journal_size == 100 * one


def test_recording_costs_the_same_however_full_the_journals_are() -> None:
    fleet, plugged, unplugged = two_cars(FleetLimits(journal_bytes_total=200 * 1024))
    sample = entry('{"percent": 80}', f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit")
    kept = []
    for _ in range(3):
        for number in range(20_000):
            fleet.record(plugged if number % 3 else unplugged, sample)
        kept.append(
            (fleet.journal_size, len(fleet.journal(PLUGGED)), len(fleet.journal(UNPLUGGED)))
        )
    # Once the bounds bite nothing grows: each round ends with the same journals, within bounds
    # (docs/benchmarks.md: the request rate of a 10,000-car fleet is that of a 2-car one).
    assert kept[0] == kept[1] == kept[2], kept
    assert kept[0][0] <= 200 * 1024


def test_journal_entries_per_vehicle_edge() -> None:
    fleet, plugged, _ = two_cars(FleetLimits(journal_entries_per_vehicle=5))
    for number in range(5):
        fleet.record(plugged, entry(path=f"/{number}"))
    assert paths(fleet, PLUGGED) == ["/0", "/1", "/2", "/3", "/4"]
    fleet.record(plugged, entry(path="/5"))
    assert paths(fleet, PLUGGED) == ["/1", "/2", "/3", "/4", "/5"]


def test_journal_bytes_per_vehicle_edge() -> None:
    one = size_of(entry("x" * 100, "/0"))
    fleet, plugged, unplugged = two_cars(FleetLimits(journal_bytes_per_vehicle=3 * one))
    for number in range(3):
        fleet.record(plugged, entry("x" * 100, f"/{number}"))
    fleet.record(unplugged, entry("x" * 100, "/9"))
    assert paths(fleet, PLUGGED) == ["/0", "/1", "/2"]
    assert fleet.journal_size == 4 * one
    fleet.record(plugged, entry("x" * 100, "/3"))
    assert paths(fleet, PLUGGED) == ["/1", "/2", "/3"]
    assert paths(fleet, UNPLUGGED) == ["/9"]  # the bound is the car's own
    fleet.record(plugged, entry("x" * 101, "/4"))  # one byte more: two entries go
    assert paths(fleet, PLUGGED) == ["/3", "/4"]


def test_journal_bytes_total_edge_drops_the_oldest_of_all() -> None:
    one = size_of(entry("x" * 100, "/a0"))
    fleet, plugged, unplugged = two_cars(FleetLimits(journal_bytes_total=4 * one))
    for number in range(2):
        fleet.record(plugged, entry("x" * 100, f"/a{number}"))
        fleet.record(unplugged, entry("x" * 100, f"/b{number}"))
    assert (paths(fleet, PLUGGED), paths(fleet, UNPLUGGED)) == (["/a0", "/a1"], ["/b0", "/b1"])
    fleet.record(unplugged, entry("x" * 100, "/b2"))  # the oldest of all is the other car's
    assert (paths(fleet, PLUGGED), paths(fleet, UNPLUGGED)) == (["/a1"], ["/b0", "/b1", "/b2"])
    assert fleet.journal_size == 4 * one


def test_journal_body_bytes_edge_and_an_entry_larger_than_the_bound() -> None:
    fleet, plugged, _ = two_cars(FleetLimits(journal_body_bytes=10, journal_bytes_per_vehicle=300))
    fleet.record(plugged, entry("0123456789"))
    fleet.record(plugged, entry("0123456789A"))
    assert [recorded["body"] for recorded in fleet.journal(PLUGGED)] == ["0123456789"] * 2
    fleet.record(plugged, entry(path="/" + "p" * 400))  # alone past the car's bound: not kept
    assert fleet.journal(PLUGGED) == []
    assert fleet.journal_size == 0


def test_cleared_and_deleted_journals_give_their_bytes_back() -> None:
    fleet, plugged, unplugged = two_cars(FleetLimits(journal_bytes_total=10_000))
    for _ in range(10):
        fleet.record(plugged, entry("x" * 100))
        fleet.record(unplugged, entry("x" * 100))
    fleet.clear_journal(PLUGGED)
    assert fleet.journal_size == 10 * size_of(entry("x" * 100))
    fleet.delete_vehicle(UNPLUGGED)
    assert fleet.journal_size == 0
    for number in range(200):  # the bound still counts right, and drops only live entries
        fleet.record(plugged, entry("x" * 100, f"/{number}"))
    assert fleet.journal_size <= 10_000
    assert paths(fleet, PLUGGED)[-1] == "/199"


def test_the_journal_over_http_keeps_the_newest_entries() -> None:
    with served(FleetLimits(journal_entries_per_vehicle=3)) as api:
        for percent in (51, 52, 53, 54, 55):
            api.command(PLUGGED, "set_charge_limit", {"percent": percent})
        entries = api.admin("GET", f"/vehicles/{PLUGGED}/journal").json()["entries"]
        assert [json.loads(recorded["body"])["percent"] for recorded in entries] == [53, 54, 55]
        still_works(api)


# -- YAML bombs -------------------------------------------------------------------------------
def test_an_alias_bomb_is_refused_before_expansion(api: Api) -> None:
    before = fleet_state(api)
    bomb = alias_bomb(7)  # 9**7 strings expanded; the 377 bytes had 8 levels
    assert len(bomb) < 400
    tracemalloc.start()
    try:
        response = api.admin("POST", "/scenario", content=bomb, headers=YAML)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "anchor or alias" in refusal(response, 400)
    assert peak < 20 * 1024 * 1024, peak
    assert fleet_state(api) == before
    still_works(api)


def test_a_car_list_shared_by_a_hundred_accounts_creates_no_car(api: Api) -> None:
    before = fleet_state(api)
    document = shared_car_list()
    assert len(document) < 7000
    response = api.admin("POST", "/scenario", content=document, headers=YAML)
    assert "line 3" in refusal(response, 400)
    assert fleet_state(api) == before
    still_works(api)


@pytest.mark.parametrize(
    "document",
    [
        "accounts: &empty []\n",
        "base: &base {name: a}\naccounts: [{<<: *base}]\n",
        "accounts:\n- name: a\n  tokens: [&t token-123456, *t]\n",
    ],
    ids=["anchor-only", "merge-key", "alias"],
)
def test_every_anchor_and_alias_is_refused(document: str) -> None:
    with pytest.raises(FleetError, match="anchor or alias") as refused:
        parse_scenario(document)
    assert refused.value.status == 400
    one_line(str(refused.value))


def test_ampersands_and_stars_in_values_are_not_aliases() -> None:
    document = "accounts:\n- name: a\n  vehicles: [{display_name: 'R&D *car*'}]\n"
    scenario = parse_scenario(document)
    assert scenario["accounts"][0]["vehicles"][0]["display_name"] == "R&D *car*"


def test_the_alias_bomb_as_a_fleet_file_is_one_short_line(tmp_path: Path) -> None:
    bomb_file = tmp_path / "bomb.yaml"
    bomb_file.write_text(alias_bomb(8))
    with pytest.raises(FleetError) as refused:
        load_scenario_file(bomb_file)
    assert "anchor or alias" in one_line(str(refused.value))
    shared = tmp_path / "shared.yaml"
    shared.write_text(shared_car_list())
    with pytest.raises(FleetError, match="anchor or alias"):
        load_scenario_file(shared)


def test_a_server_started_on_the_bomb_stops_with_a_short_message(tmp_path: Path) -> None:
    bomb_file = tmp_path / "bomb.yaml"
    bomb_file.write_text(alias_bomb(8))
    command = [sys.executable, "-m", "tesla_mock", "--host", HOST, "--port", str(free_port())]
    result = subprocess.run(
        [*command, "--fleet", str(bomb_file)], capture_output=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert len(result.stderr) < 8 * 1024, len(result.stderr)  # a traceback at most, no bomb
    assert b"anchor or alias" in result.stderr
    assert b"lol, lol" not in result.stderr + result.stdout


def test_a_running_server_refuses_the_bomb_without_growing(live_server: Any) -> None:
    server: LiveServer = live_server()
    resident = server.rss_bytes()
    response = httpx.post(
        f"{server.base_url}/__mock/scenario",
        content=alias_bomb(8),
        headers={**ADMIN, **YAML},
        timeout=10,  # an expansion would not answer within it
    )
    assert "anchor or alias" in refusal(response, 400)
    assert server.rss_bytes() - resident < 32 * 1024 * 1024
    server.still_serves()


def test_large_plain_fleet_files_still_load(tmp_path: Path) -> None:
    """The anchor and nesting checks do not refuse big honest files."""
    fleet_file = write_fleet_file(tmp_path / "fleet.json", 10_000)
    scenario = load_scenario_file(fleet_file)
    assert sum(len(account["vehicles"]) for account in scenario["accounts"]) == 10_000


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ("accounts: [\n  {name: a,\n", "not valid YAML"),
        ("accounts:\n- " + "[" * 900 + "]" * 900 + "\n", "does not match the spec"),
        ("accounts: [[" + "0," * 30_000 + "]]\n", "does not match the spec"),
        ('{"accounts": ' + "[" * 5000 + "]" * 5000 + "}", "nests too deeply"),
        ("accounts: [{name: a, vehicles: [{id: " + "9" * 5000 + "}]}]\n", "cannot be read"),
        ('{"accounts": [{"name": "a", "vehicles": [{"id": ' + "9" * 5000 + "}]}]}", "read"),
        ("accounts: [{name: a, vehicles: [{id: !!timestamp 2024-13-45}]}]\n", "cannot be read"),
        ("- a\n- b\n", "mapping with an `accounts` list"),
    ],
    ids=["syntax", "deep", "large-quote", "deep-json", "digits", "json-digits", "tag", "list"],
)
def test_every_scenario_refusal_is_one_short_line(api: Api, document: str, says: str) -> None:
    before = fleet_state(api)
    with pytest.raises(FleetError, match=re.escape(says)):
        parse_scenario(document)
    response = api.admin("POST", "/scenario", content=document, headers=YAML)
    assert says in refusal(response, 400)
    assert fleet_state(api) == before


def test_fleet_files_that_are_not_text_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(OSError):  # the CLI says it cannot read the file
        load_scenario_file(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"accounts: [\xff\xfe]\n")
    with pytest.raises(FleetError, match="not UTF-8") as undecodable:
        load_scenario_file(binary)
    one_line(str(undecodable.value))


# -- unbounded lists --------------------------------------------------------------------------
def test_faults_edge() -> None:
    fleet = make_fleet(FleetLimits(faults=3))
    made = [fleet.add_fault(status=500, probability=0.0) for _ in range(3)]
    with pytest.raises(FleetError, match="3 faults, the most") as refused:
        fleet.add_fault(vehicle_key=PLUGGED, status=503)
    assert refused.value.status == 409
    assert fleet.faults() == made
    fleet.delete_fault(made[0].id)
    fleet.add_fault(vehicle_key=PLUGGED, status=503)


def test_faults_past_the_limit_are_a_409_over_http() -> None:
    with served(FleetLimits(faults=2)) as api:
        for _ in range(2):
            created = api.admin("POST", "/faults", json={"status": 503, "probability": 0.0})
            assert created.status_code == 201
        before = fleet_state(api)
        response = api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "status": 500})
        assert "faults" in refusal(response, 409)
        assert fleet_state(api) == before
        still_works(api)


class CountingRandom(random.Random):
    def __init__(self) -> None:
        super().__init__(0)
        self.draws = 0

    def random(self) -> float:
        self.draws += 1
        return super().random()


def test_faults_for_other_cars_cost_a_request_nothing() -> None:
    fleet, plugged, _ = two_cars(FleetLimits(faults=20_000))
    for _ in range(20_000):
        fleet.add_fault(vehicle_key=UNPLUGGED, status=500, probability=0.5)
    looked_at = CountingRandom()
    fleet._faults._rng = looked_at  # each fault with a probability looked at draws once
    for _ in range(200):
        assert fleet.fault_for(plugged) is None
    assert looked_at.draws == 0
    assert fleet.fault_for(fleet.vehicle(UNPLUGGED)) is not None


def test_faults_still_fire_in_the_order_they_were_made() -> None:
    fleet, plugged, unplugged = two_cars(FleetLimits())
    fleet.add_fault(latency_ms=5)
    fleet.add_fault(vehicle_key=PLUGGED, status=500, count=1)
    fleet.add_fault(status=503, count=2)
    assert fleet.fault_for(plugged) == fleet_module.FaultOutcome(0.005, 500, None)
    assert fleet.fault_for(unplugged) == fleet_module.FaultOutcome(0.005, 503, None)
    assert fleet.fault_for(plugged) == fleet_module.FaultOutcome(0.005, 503, None)
    assert fleet.fault_for(None) == fleet_module.FaultOutcome(0.005, None, None)
    fleet.add_fault(vehicle_key=PLUGGED, latency_ms=1)
    fleet.delete_vehicle(PLUGGED)  # with its faults
    assert [fault.vehicle_id for fault in fleet.faults()] == [None]


def test_generated_names_have_64_bits_and_are_drawn_again_when_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fleet = make_fleet()
    assert re.fullmatch(r"account-[0-9a-f]{16}", fleet.create_account().name)
    drawn = iter(["00000000000000aa", "00000000000000aa", "00000000000000bb"])
    monkeypatch.setattr(fleet_module.secrets, "token_hex", lambda _n: next(drawn))
    assert fleet.create_account().name == "account-00000000000000aa"
    assert fleet.create_account().name == "account-00000000000000bb"
    tokens = iter([OWNER_TOKEN, OTHER_TOKEN, "a-fresh-token"])
    monkeypatch.setattr(fleet_module.secrets, "token_urlsafe", lambda _n: next(tokens))
    assert fleet.add_token("owner") == "a-fresh-token"


def test_generated_vehicle_ids_are_drawn_again_when_taken() -> None:
    fleet = make_fleet()
    taken = fleet.vehicle(PLUGGED)

    class Rigged:
        """Draws the taken numbers first, then fresh ones."""

        def __init__(self) -> None:
            self.numbers = iter([taken.id, 3 * 10**15, taken.vehicle_id, 1_500_000_000])

        def randrange(self, *_: int) -> int:
            return next(self.numbers)

        def choice(self, alphabet: str) -> str:
            return alphabet[0]

    fleet._rng = Rigged()  # type: ignore[assignment]
    created = fleet.create_vehicle("owner")
    assert (created.id, created.vehicle_id) == (3 * 10**15, 1_500_000_000)


# -- names nobody can use ---------------------------------------------------------------------
UNUSABLE_NAMES = ["alice\n", "alice\r\n", " alice", "alice ", "al ice", "älice", "", "a" * 65]
UNUSABLE_TOKENS = ["token-123\n", " token-123", "token-123 ", "token\t123", "tökén-123", "short"]


@pytest.mark.parametrize("name", UNUSABLE_NAMES)
def test_unusable_account_names_are_400(api: Api, name: str) -> None:
    before = fleet_state(api)
    response = api.admin("POST", "/accounts", json={"name": name, "token": "fine-token-1"})
    refusal(response, 400)
    assert fleet_state(api) == before
    with pytest.raises(FleetError) as refused:
        make_fleet().create_account(name)
    assert refused.value.status == 400
    scenario = {"accounts": [{"name": name, "tokens": ["fine-token-1"]}]}
    with pytest.raises(FleetError):
        make_fleet(scenario=scenario)


@pytest.mark.parametrize("token", UNUSABLE_TOKENS)
def test_unusable_tokens_are_400(api: Api, token: str) -> None:
    before = fleet_state(api)
    refusal(api.admin("POST", "/accounts", json={"name": "carol", "token": token}), 400)
    refusal(api.admin("POST", "/accounts/owner/tokens", json={"token": token}), 400)
    assert fleet_state(api) == before
    with pytest.raises(FleetError) as refused:
        make_fleet().add_token("owner", token)
    assert refused.value.status == 400
    document = f"accounts:\n- name: carol\n  tokens: [{json.dumps(token)}]\n"
    with pytest.raises(FleetError):
        make_fleet(scenario=yaml.safe_load(document))
    with pytest.raises(FleetError):
        parse_scenario(document)


def test_a_refused_token_creates_no_account(api: Api) -> None:
    before = fleet_state(api)
    taken = api.admin("POST", "/accounts", json={"name": "carol", "token": OWNER_TOKEN})
    refusal(taken, 409)
    assert fleet_state(api) == before


def test_usable_names_and_tokens_work_end_to_end(api: Api) -> None:
    created = api.admin("POST", "/accounts", json={"name": "Carol_1.x-y", "token": "a b~!@#$%^"})
    assert created.status_code == 201, created.text
    assert api.admin("POST", "/accounts/Carol_1.x-y/vehicles", json={}).status_code == 201
    listed = api.http.get("/api/1/vehicles", headers={"Authorization": "Bearer a b~!@#$%^"})
    assert listed.status_code == 200 and listed.json()["count"] == 1


def test_names_with_a_final_newline_in_the_path_find_nothing(api: Api) -> None:
    before = fleet_state(api)
    for method, path in [
        ("GET", "/accounts/owner%0A"),
        ("GET", f"/vehicles/{PLUGGED}%0A/state"),
        ("DELETE", f"/accounts/owner/tokens/{OWNER_TOKEN}%0A"),
        ("DELETE", "/accounts/owner%0A"),
    ]:
        response = api.admin(method, path)
        # Routing finds no such path (404), or the parameter's pattern refuses it (400).
        assert response.status_code in (400, 404), (path, response.text)
        assert set(response.json()) == ENVELOPE_KEYS
    assert fleet_state(api) == before


def test_a_vin_with_a_final_newline_is_400(api: Api) -> None:
    vin = "5YJ3E1EA7KF000099\n"
    refusal(api.admin("POST", "/accounts/owner/vehicles", json={"vin": vin}), 400)
    with pytest.raises(FleetError) as refused:
        make_fleet().create_vehicle("owner", {"vin": vin})
    assert refused.value.status == 400


# A value each pattern of the admin spec accepts; every pattern must have one here.
PATTERN_SAMPLES = [
    "alice",
    "1000000000000001",
    "5YJ3E1EA7KF000001",
    "alice-token",
    "2024.26.7",  # a firmware version
    "USD",  # a currency
]


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


@pytest.mark.parametrize("pattern", sorted(set(_patterns(load_spec(ADMIN_SPEC)))))
def test_no_pattern_of_the_admin_spec_lets_a_final_newline_through(pattern: str) -> None:
    accepted = [sample for sample in PATTERN_SAMPLES if re.search(pattern, sample)]
    assert accepted, f"add a sample that {pattern!r} accepts to PATTERN_SAMPLES"
    for sample in accepted:
        assert not re.search(pattern, sample + "\n")
        assert not re.search(pattern, sample + "\r\n")


def test_the_spec_and_the_fleet_agree_on_names_and_tokens() -> None:
    schemas = load_spec(ADMIN_SPEC)["components"]["schemas"]
    name_pattern = schemas["NewAccount"]["properties"]["name"]["pattern"]
    token_schema = schemas["NewAccount"]["properties"]["token"]
    probes = [*UNUSABLE_NAMES, *UNUSABLE_TOKENS, "alice", "a b~!@#$%^", "x" * 200, "x" * 201]
    for probe in probes:
        assert bool(re.search(name_pattern, probe)) is bool(ACCOUNT_NAME.fullmatch(probe))
        in_spec = (
            re.search(token_schema["pattern"], probe) is not None
            and token_schema["minLength"] <= len(probe) <= token_schema["maxLength"]
        )
        assert in_spec is bool(TOKEN.fullmatch(probe)), probe


# -- a car whose id is its all-digit VIN -------------------------------------------------------
def test_a_car_whose_id_is_its_vin_can_be_deleted(api: Api) -> None:
    digits = "12345678901234567"
    for _ in range(2):  # the second time: deleting freed the id and the VIN
        made = api.admin(
            "POST", "/accounts/owner/vehicles", json={"id": int(digits), "vin": digits}
        )
        assert made.status_code == 201, made.text
        assert api.admin("GET", f"/vehicles/{digits}/state").status_code == 200
        assert api.admin("DELETE", f"/vehicles/{digits}").status_code == 204
        assert digits not in api.admin("GET", "/accounts/owner").json()["vehicles"]
        assert api.admin("GET", f"/vehicles/{digits}/state").status_code == 404
    still_works(api)


def test_an_id_that_is_another_cars_vin_is_a_conflict(api: Api) -> None:
    digits = "12345678901234567"
    made = api.admin("POST", "/accounts/owner/vehicles", json={"vin": digits})
    assert made.status_code == 201
    before = fleet_state(api)
    clash = api.admin("POST", "/accounts/other/vehicles", json={"id": int(digits)})
    refusal(clash, 409)
    assert fleet_state(api) == before
    assert api.admin("DELETE", f"/vehicles/{digits}").status_code == 204


# -- accounts and vehicles --------------------------------------------------------------------
def test_accounts_and_vehicles_edge() -> None:
    fleet = make_fleet(FleetLimits(accounts=2, vehicles=3))  # SCENARIO: 2 accounts, 3 cars
    before = fleet.summary()
    with pytest.raises(FleetError, match="2 accounts") as accounts:
        fleet.create_account("carol")
    with pytest.raises(FleetError, match="3 vehicles") as vehicles:
        fleet.create_vehicle("owner")
    assert (accounts.value.status, vehicles.value.status) == (409, 409)
    assert fleet.summary() == before
    fleet.delete_vehicle(PLUGGED)
    fleet.create_vehicle("owner")
    fleet.delete_account("other")
    fleet.create_account("carol")


def test_a_scenario_past_the_limits_is_refused_before_anything_is_created() -> None:
    fleet = make_fleet(FleetLimits(accounts=2, vehicles=3))
    fleet.record(fleet.vehicle(PLUGGED), entry())
    fleet.add_fault(status=500)
    before = (fleet.summary(), fleet.faults(), fleet.journal(PLUGGED))
    three = {"accounts": [{"name": f"a{n}"} for n in range(3)]}
    four_cars = {"accounts": [{"name": "a", "vehicles": [{}] * 4}]}
    for scenario, says in ((three, "3 accounts"), (four_cars, "4 vehicles")):
        with pytest.raises(FleetError, match=says) as refused:
            fleet.load(scenario)
        assert refused.value.status == 400
        assert (fleet.summary(), fleet.faults(), fleet.journal(PLUGGED)) == before
    fleet.load({"accounts": [{"name": "a", "vehicles": [{}] * 3}, {"name": "b"}]})  # at the limit
    with pytest.raises(FleetError, match="4 vehicles"):
        make_fleet(FleetLimits(vehicles=3), four_cars)  # as a --fleet file


def test_accounts_and_vehicles_past_the_limits_over_http() -> None:
    with served(FleetLimits(accounts=2, vehicles=3)) as api:
        before = fleet_state(api)
        refusal(api.admin("POST", "/accounts", json={"name": "carol"}), 409)
        refusal(api.admin("POST", "/accounts/owner/vehicles", json={}), 409)
        three = {"accounts": [{"name": f"a{n}"} for n in range(3)]}
        assert "3 accounts" in refusal(api.admin("POST", "/scenario", json=three), 400)
        assert fleet_state(api) == before
        still_works(api)
        assert api.admin("DELETE", "/accounts/other").status_code == 204
        assert api.admin("POST", "/accounts", json={"name": "carol"}).status_code == 201


def test_limits_must_be_whole_numbers() -> None:
    with pytest.raises(ValueError, match="faults"):
        FleetLimits(faults=-1)
    with pytest.raises(ValueError, match="journal_bytes_total"):
        FleetLimits(journal_bytes_total=1.5)  # type: ignore[arg-type]
    assert FleetLimits(faults=0).faults == 0
