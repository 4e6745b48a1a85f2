"""`tesla-mock traffic replay CASSETTE`: a recording replayed on the mock, and how faithful the
mock is to it.

A cassette becomes a starting scenario and a list of steps:

* the scenario: one account with every recorded car (each car a path names, by id or VIN;
  one car named both ways is one car), each as its own answers describe it (its `state`, and
  from its first `vehicle_data`'s `charge_state`: battery level, charge limit, charging state,
  charge port; plugged in unless `Disconnected`), the mock's clock frozen at the first
  exchange's time; when a charging command comes before any `charge_state` of that car, its
  recorded success says how the car stood (`COMMAND_STATES`), and that step, true by
  construction, is not counted;
* the steps: every exchange of an operation the spec describes, in order (the account's own,
  such as `list_vehicles`, and every car's), each sent to the mock (in-process) after moving
  the simulated clock to the time it was recorded.

Each answer is compared with the recorded one: the status; for a command, `result` and the
refusal reason; for `vehicle_data`, the charging fields both answers have (`FIELDS`). The report
lists each difference and the share of steps the mock answered as recorded, for the recording
and, when it holds several cars, for each car.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tesla_mock.specs import VEHICLE_SPEC, load_spec
from tesla_mock.traffic.cli import count
from tesla_mock.traffic.recordings import Exchange, RecordingError, read_recording
from tesla_mock.traffic.validate import SpecIndex

VEHICLE_PATH = re.compile(r"^/api/1/vehicles/([^/]+)(/.*)?$")
VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
TOKEN = "replay-token-0001"
# The charging fields compared between a recorded vehicle_data answer and the mock's.
FIELDS = ("charging_state", "charge_limit_soc", "battery_level", "charge_port_door_open",
          "charge_current_request", "charge_enable_request", "scheduled_charging_mode")  # fmt: skip
# Scenario fields read from a recorded charge_state (VehicleConfig in spec/mock-admin.yaml).
STATE_FIELDS = {
    "battery_level": (int, float), "charge_limit_soc": (int,), "charge_port_door_open": (bool,),
    "charge_current_request": (int,), "charge_current_request_max": (int,),
    "scheduled_charging_mode": (str,),
}  # fmt: skip
CHARGING_STATES = ("Disconnected", "Stopped", "Charging", "Complete")
# How a car stood before a charging command it carried out, when the recording shows no
# charge_state first: plugged in and charging or not; set to charge to the maximum.
COMMAND_STATES: dict[str, dict[str, Any]] = {
    "charge_start": {"plugged_in": True, "charging_state": "Stopped"},
    "charge_stop": {"plugged_in": True, "charging_state": "Charging"},
    "charge_standard": {"charge_limit_soc": 100, "charge_to_max_range": True},
}


@dataclass
class Fidelity:
    """How a replay went: steps, and what differed at which."""

    name: str
    steps: int = 0
    agreed: int = 0
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why nothing was replayed
    by_car: dict[str, list[int]] = field(default_factory=dict)  # car -> [agreed, steps]
    skipped: int = 0  # exchanges without a recorded answer
    outside: int = 0  # exchanges of operations the spec does not describe
    setup: int = 0  # the command the starting state was inferred from
    scenario: dict[str, Any] = field(default_factory=dict)  # what the mock started from
    plan: list[str] = field(default_factory=list)  # the steps, with what was recorded

    def plan_lines(self) -> list[str]:
        """The starting scenario (YAML, as the admin API loads it) and the steps."""
        import yaml

        scenario = yaml.safe_dump(self.scenario, sort_keys=False).rstrip().splitlines()
        return ["  scenario:", *(f"    {line}" for line in scenario), "  steps:",
                *(f"    {step}" for step in self.plan)]  # fmt: skip

    def lines(self) -> list[str]:
        share = f"{100 * self.agreed / self.steps:.0f} %" if self.steps else "-"
        head = (f"{self.name}: {self.agreed} of {count(self.steps, 'step')} answered as "
                f"recorded ({share})")  # fmt: skip
        if self.skipped:
            head += f"; {count(self.skipped, 'exchange')} without a recorded status not replayed"
        if self.setup == 1:
            head += "; the first command set the starting state (not counted)"
        elif self.setup:
            head += f"; the first commands of {self.setup} cars set their starting state "
            head += "(not counted)"
        if self.outside:
            head += f"; {self.outside} of operations the spec does not describe not replayed"
        cars = [] if len(self.by_car) < 2 else [
            f"  car {car}: {agreed} of {count(steps, 'step')} answered as recorded"
            for car, (agreed, steps) in self.by_car.items()
        ]  # fmt: skip
        return [head, *(f"  {note}" for note in self.notes), *cars,
                *(f"  {difference}" for difference in self.differences)]  # fmt: skip


def _answer(exchange: Exchange) -> Any:
    try:
        return exchange.json_answer()
    except ValueError:
        return None


def starting_car(exchanges: list[Exchange], car: str) -> tuple[dict[str, Any], int | None]:
    """The scenario's VehicleConfig of the recorded car `car` (an id or a VIN, as a path names
    it), and the index of the command whose recorded result it was inferred from (that step
    then proves nothing: it is not counted). Who the car is comes from any answer that shows
    it (a vehicle list too); how it stood, from its own answers only."""
    config: dict[str, Any] = {"sleep_after_idle_s": None}
    inferred_from = None
    if car.isdigit():
        config["id"] = int(car)
    elif VIN.fullmatch(car):
        config["vin"] = car
    answers = [(n, e, _answer(e)) for n, e in enumerate(exchanges)]
    bodies = [(n, e, a.get("response")) for n, e, a in answers if isinstance(a, dict)]
    listed = [item for _, _, b in bodies if isinstance(b, list) for item in b]
    for body in [*listed, *(b for _, _, b in bodies)]:  # who the car is: from any answer
        if isinstance(body, dict) and car in (str(body.get("id")), body.get("vin")):
            for key in ("id", "vehicle_id"):
                if isinstance(body.get(key), int) and key not in config:
                    config[key] = body[key]
            vin = body.get("vin")
            if isinstance(vin, str) and VIN.fullmatch(vin) and "vin" not in config:
                config["vin"] = vin  # not a publisher's placeholder such as `1`
    names = car_names(car, config)
    own = [(n, e, b) for n, e, b in bodies if vehicle_of(e) in names]
    for _, exchange, body in bodies:  # awake or not: the first answer that shows the car says
        shown = [body] if vehicle_of(exchange) in names else listed_items(body, names)
        states = [item.get("state") for item in shown if isinstance(item, dict)]
        state = next((s for s in states if s in ("online", "asleep", "offline")), None)
        if state:
            config["state"] = state
            break
    for number, exchange, body in own:  # how it stood: from the first of its answers that says
        if not isinstance(body, dict):
            continue
        charge = body.get("charge_state")
        if isinstance(charge, dict):
            for key, kinds in STATE_FIELDS.items():
                value = charge.get(key)
                if isinstance(value, kinds) and not (bool in kinds) ^ isinstance(value, bool):
                    config[key] = value
            if charge.get("charging_state") in CHARGING_STATES:
                config["charging_state"] = charge["charging_state"]
                config["plugged_in"] = charge["charging_state"] != "Disconnected"
            break  # the first vehicle_data describes the start
        if "/command/" in exchange.path and "charging_state" not in config:
            # No charge_state before the first command: what it did tells how the car stood.
            command = exchange.path.rsplit("/", 1)[-1]
            if body.get("result") is True and command in COMMAND_STATES:
                config.update(COMMAND_STATES[command])
                inferred_from = number
            break
    return config, inferred_from


def listed_items(body: Any, names: set[str]) -> list[Any]:
    """The items of a vehicle list (`list_vehicles`' answer) that are the car `names` names."""
    if not isinstance(body, list):
        return []
    return [item for item in body if isinstance(item, dict)
            and {str(item.get("id")), str(item.get("vin"))} & names]  # fmt: skip


def vehicle_of(exchange: Exchange) -> str | None:
    """The car a request's path names (`/api/1/vehicles/{id}/...`), by id or VIN; None for the
    account's own requests (`list_vehicles`, `fleet_status`...)."""
    match = VEHICLE_PATH.match(exchange.path)
    if match is None:
        return None
    car = match.group(1)
    # `/api/1/vehicles/{id}` is get_vehicle; `/api/1/vehicles/fleet_status` is the account's.
    return car if match.group(2) or car.isdigit() or VIN.fullmatch(car) else None


def car_names(car: str, config: dict[str, Any]) -> set[str]:
    """Every name of one car in a path: the one seen, its id and its VIN."""
    return {car, *(str(config[key]) for key in ("id", "vin") if config.get(key) is not None)}


def recorded_cars(exchanges: list[Exchange]) -> list[tuple[set[str], dict[str, Any], int | None]]:
    """(names, VehicleConfig, index of the command its state was inferred from) of every car
    the recording's paths name or its vehicle lists hold, in the order they first appear."""
    cars: list[tuple[set[str], dict[str, Any], int | None]] = []
    for exchange in exchanges:
        answer = _answer(exchange)
        listed = answer.get("response") if isinstance(answer, dict) else None
        # A car named in a path, or listed by the account (`list_vehicles`) with its id.
        named = [vehicle_of(exchange)]
        if isinstance(listed, list):
            named += [str(item["id"]) for item in listed
                      if isinstance(item, dict) and isinstance(item.get("id"), int)]  # fmt: skip
        for car in named:
            if car is None or any(car in names for names, _, _ in cars):
                continue
            config, inferred_from = starting_car(exchanges, car)
            cars.append((car_names(car, config), config, inferred_from))
    return cars


def compare(recorded: Exchange, status: int, answer: Any) -> list[str]:
    """How the mock's answer differs from the recorded one."""
    if status != recorded.status:
        return [f"status {recorded.status} recorded, {status} from the mock"]
    old = _answer(recorded)
    if not (isinstance(old, dict) and isinstance(answer, dict)):
        return []
    before, after = old.get("response"), answer.get("response")
    if "/command/" in recorded.path and isinstance(before, dict) and isinstance(after, dict):
        found = []
        if before.get("result") != after.get("result"):
            found.append(f"result {before.get('result')} recorded, {after.get('result')} from "
                         "the mock")  # fmt: skip
        reason = before.get("reason") or before.get("string") or ""
        if before.get("result") is False and reason != (
            after.get("reason") or after.get("string") or ""
        ):
            found.append(f"reason {reason!r} recorded, {after.get('reason')!r} from the mock")
        return found
    recorded_charge = (before or {}).get("charge_state") if isinstance(before, dict) else None
    mock_charge = (after or {}).get("charge_state") if isinstance(after, dict) else None
    if isinstance(recorded_charge, dict) and isinstance(mock_charge, dict):
        return [
            f"charge_state.{key} {recorded_charge[key]!r} recorded, {mock_charge[key]!r} from "
            "the mock"
            for key in FIELDS
            if key in recorded_charge and key in mock_charge
            and recorded_charge[key] != mock_charge[key]
        ]  # fmt: skip
    return []


def _result(exchange: Exchange) -> str:
    """`, result false (disconnected)` for a recorded command; empty otherwise."""
    answer = _answer(exchange)
    body = answer.get("response") if isinstance(answer, dict) else None
    if "/command/" not in exchange.path or not isinstance(body, dict) or "result" not in body:
        return ""
    reason = body.get("reason") or body.get("string") or ""
    return f", result {str(body['result']).lower()}" + (f" ({reason})" if reason else "")


def replay(exchanges: list[Exchange], name: str) -> Fidelity:
    from tesla_mock.fleet import FleetError
    from tesla_mock.serving import quiet_connexion
    from tesla_mock.testing.servers import start_server

    quiet_connexion()
    index = SpecIndex(load_spec(VEHICLE_SPEC))
    report = Fidelity(name)
    cars = recorded_cars(exchanges)
    if not cars:
        # Not a difference: a recording of logins or token refreshes has no car to replay.
        report.notes.append("no exchange names or lists a vehicle: nothing to replay")
        return report
    car_of = {alias: min(names, key=len) for names, _, _ in cars for alias in names}
    inferred = {number for _, _, number in cars if number is not None}
    start = next((e.recorded_at for e in exchanges if e.recorded_at), None)
    vehicles = [config for _, config, _ in cars]
    scenario = {"accounts": [{"name": "replay", "tokens": [TOKEN], "vehicles": vehicles}]}
    report.scenario = scenario
    try:
        server = start_server(scenario=scenario, start=start, frozen=True, validate_responses=False)
    except FleetError as exc:
        report.differences.append(f"the recorded cars cannot be set up on the mock: {exc}")
        return report
    with server as mock:
        http = mock.http_client(TOKEN)
        now = start
        for number, exchange in enumerate(exchanges):
            if exchange.status is None:
                report.skipped += 1
                continue
            if index.find(exchange.method, exchange.path) is None:
                report.outside += 1  # the mock serves the spec: nothing to compare
                continue
            if exchange.recorded_at and now and exchange.recorded_at > now:
                mock.admin.advance_clock(seconds=exchange.recorded_at - now)
                now = exchange.recorded_at
            report.plan.append(f"#{number} {exchange.method} {exchange.path}: recorded "
                               f"{exchange.status}{_result(exchange)}")  # fmt: skip
            headers = {"Content-Type": exchange.request_type} if exchange.request_type else {}
            url = exchange.path + (f"?{exchange.query}" if exchange.query else "")
            answer = http.request(exchange.method, url, content=exchange.request_body,
                                  headers=headers)  # fmt: skip
            try:
                body = answer.json()
            except ValueError:
                body = None
            found = compare(exchange, answer.status_code, body)
            if number in inferred and not found:
                report.setup += 1  # it agrees by construction
                continue
            report.steps += 1
            car = vehicle_of(exchange)
            tally = report.by_car.setdefault(car_of[car], [0, 0]) if car else [0, 0]
            tally[1] += 1
            if found:
                match = VEHICLE_PATH.match(exchange.path)
                step = f"#{number} {exchange.method} {(match and match.group(2)) or exchange.path}"
                if car and len(cars) > 1:
                    step += f" (car {car_of[car]})"
                report.differences += [f"{step}: {difference}" for difference in found]
            else:
                report.agreed += 1
                tally[0] += 1
    return report


def main(args: argparse.Namespace) -> int:
    from tesla_mock.traffic.cli import fail

    reports = []
    for name in args.files:
        try:
            _, exchanges = read_recording(Path(name))
        except RecordingError as exc:
            fail(str(exc))
        reports.append(replay(exchanges, name))
    for report in reports:
        print("\n".join(report.lines() + (report.plan_lines() if args.verbose else [])))
    return 1 if any(report.differences for report in reports) else 0
