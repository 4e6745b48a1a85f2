"""Each car's charging history (tesla_mock/events.py, `ChargeHistory`): kept whether or not
anyone watches, so that a stream opened after an hour of charging draws that hour; a point only
when what the chart draws changes; bounded per car and for the fleet; sent at the start of every
stream (`history` events, before the cars)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.events import EventHub, EventLimits
from tesla_mock.fleet import Fleet

START = 1_732_435_200.0
ADMIN = {"Authorization": "Bearer admin-token"}
OWNER = {"Authorization": "Bearer owner-token"}
CAR, OTHER = "1000000000000001", "1000000000000002"
SCENARIO: dict[str, Any] = {
    "accounts": [
        {
            "name": "owner",
            "tokens": ["owner-token"],
            "vehicles": [
                {"id": int(CAR), "vin": "5YJ3E1EA7KF000001", "plugged_in": True,
                 "battery_level": 40, "charge_limit_soc": 80},
                {"id": int(OTHER), "vin": "5YJ3E1EA7KF000002", "plugged_in": True,
                 "battery_level": 20},
            ],
        }
    ]
}  # fmt: skip
# The defaults: 240 V x 48 A on a 75 kWh pack is 11.52 kW, 15.36 % an hour; 16 A a third.
FULL_POWER, FULL_RATE = 11.52, 15.36


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(
        scenario=SCENARIO, admin_token="admin-token", clock=SimClock(start=START, frozen=True)
    )


@pytest.fixture
def http(app: Any) -> Iterator[TestClient]:
    # Frozen before the cars are made: anchored on a running clock they would be a few real
    # milliseconds past START (more on a busy machine), which the levels would show.
    app.mock.fleet.reset(start=START, frozen=True)
    with TestClient(app) as client:
        yield client


def command(http: TestClient, name: str, result: bool = True, **body: Any) -> None:
    answer = http.post(f"/api/1/vehicles/{CAR}/command/{name}", json=body, headers=OWNER)
    assert answer.status_code == 200 and answer.json()["response"]["result"] is result


def advance(http: TestClient, minutes: int) -> None:
    assert http.post("/__mock/clock/advance", json={"minutes": minutes}, headers=ADMIN).is_success


def stream_start(hub: EventHub) -> list[tuple[str, Any]]:
    """The events a stream opened now starts with, up to `ready`."""

    async def read() -> list[tuple[str, Any]]:
        subscription = hub.subscribe()
        stream = hub.events(subscription)
        events: list[tuple[str, Any]] = []
        async for chunk in stream:
            for block in chunk.decode().split("\n\n"):
                lines = dict(line.split(": ", 1) for line in block.splitlines())
                if "event" in lines:
                    events.append((lines["event"], json.loads(lines["data"])))
            if events and events[-1][0] == "ready":
                break
        hub.unsubscribe(subscription)
        await stream.aclose()  # type: ignore[attr-defined]
        return events

    return asyncio.run(read())


def test_an_hour_charged_while_nobody_watched_is_sent_to_a_stream_opened_later(
    http: TestClient, app: Any
) -> None:
    hub: EventHub = app.mock.fleet.events
    assert hub.subscriptions == []
    command(http, "charge_start")
    advance(http, 30)
    command(http, "set_charging_amps", charging_amps=16)
    advance(http, 30)
    events = stream_start(hub)
    assert [name for name, _ in events] == ["snapshot", "history", "vehicles", "ready"]
    (trace,) = [trace for trace in events[1][1] if trace["id"] == CAR]
    half_hour = 1800.0
    level = 40 + FULL_RATE / 2
    assert trace == {
        "id": CAR,
        "points": [
            [START, 40.0, FULL_POWER, FULL_RATE, 80],  # from the first request it received
            [START + half_hour, pytest.approx(level), FULL_POWER / 3, FULL_RATE / 3, 80],
        ],
    }
    (view,) = [view for view in events[2][1] if view["id"] == CAR]
    assert view["battery_level"] == pytest.approx(level + FULL_RATE / 6)  # the line goes on


def test_requests_that_change_nothing_add_no_point(http: TestClient, app: Any) -> None:
    history = app.mock.fleet.events.history
    command(http, "charge_start")
    for _ in range(50):
        assert http.get(f"/api/1/vehicles/{CAR}/vehicle_data", headers=OWNER).is_success
        command(http, "charge_start", result=False)  # already charging: the same line
    advance(http, 10)  # the line goes on: nothing to add either
    assert list(history.traces[int(CAR)]) == [(START, 40.0, FULL_POWER, FULL_RATE, 80)]


def test_a_charge_reaching_its_limit_adds_the_flat_line(http: TestClient, app: Any) -> None:
    command(http, "charge_start")
    advance(http, 4 * 60)  # 40 % to 80 % takes about 2.6 h
    points = app.mock.fleet.events.history.traces[int(CAR)]
    assert points[-1] == (START + 4 * 3600, 80.0, 0.0, 0.0, 80)


def test_each_car_keeps_its_newest_points_up_to_its_bound() -> None:
    fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
    fleet.events.limits = EventLimits(history_points_per_car=3, history_points=100)
    car = fleet.vehicle(CAR)
    for percent in (60, 61, 62, 63, 64):
        car.set_charge_limit(START, percent)
        fleet.events.vehicle_changed(car)
    assert [point[4] for point in fleet.events.history.traces[car.id]] == [62, 63, 64]
    assert fleet.events.history.size == 3


def test_the_fleet_bound_drops_the_car_changed_longest_ago_first() -> None:
    fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
    fleet.events.limits = EventLimits(history_points_per_car=10, history_points=4)
    car, other = fleet.vehicle(CAR), fleet.vehicle(OTHER)
    history = fleet.events.history
    for percent in (60, 61, 62):
        car.set_charge_limit(START, percent)
        fleet.events.vehicle_changed(car)
    other.set_charge_limit(START, 70)
    fleet.events.vehicle_changed(other)
    assert (history.size, list(history.traces)) == (4, [car.id, other.id])  # at the bound
    other.set_charge_limit(START, 71)
    fleet.events.vehicle_changed(other)  # one past it: the car changed longest ago goes
    assert (history.size, list(history.traces)) == (2, [other.id])
    car.set_charge_limit(START, 63)
    fleet.events.vehicle_changed(car)  # a car whose history was dropped starts anew
    assert [point[4] for point in history.traces[car.id]] == [63]


def test_a_reset_clears_the_history_and_a_removed_car_takes_its_own_away(
    http: TestClient, app: Any
) -> None:
    fleet = app.mock.fleet
    command(http, "charge_start")
    assert http.post("/__mock/reset", headers=ADMIN).is_success
    assert (fleet.events.history.size, fleet.events.history.traces) == (0, {})
    command(http, "charge_start")
    assert http.delete(f"/__mock/vehicles/{CAR}", headers=ADMIN).is_success
    assert (fleet.events.history.size, fleet.events.history.traces) == (0, {})


@pytest.mark.parametrize("limit", ["history_points_per_car", "history_points"])
def test_the_history_bounds_refuse_nonsense(limit: str) -> None:
    assert getattr(EventLimits(**{limit: 1}), limit) == 1  # the smallest bound that keeps any
    for nonsense in (0, -1, float("inf"), True):
        with pytest.raises(ValueError, match=limit):
            EventLimits(**{limit: nonsense})


def test_the_history_bounds_come_from_the_command_line_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tesla_mock.cli import event_limits, parse_args

    limits = event_limits(parse_args(["--chart-points-per-car", "1", "--chart-points", "2"]))
    assert (limits.history_points_per_car, limits.history_points) == (1, 2)
    assert event_limits(parse_args([])).history_points == EventLimits().history_points
    monkeypatch.setenv("TESLA_MOCK_CHART_POINTS_PER_CAR", "7")
    assert event_limits(parse_args([])).history_points_per_car == 7
    assert event_limits(parse_args(["--chart-points-per-car", "8"])).history_points_per_car == 8
    for refused in (["--chart-points", "0"], ["--chart-points-per-car", "-1"]):
        with pytest.raises(SystemExit):
            parse_args(refused)
