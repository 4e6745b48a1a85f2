"""The fleet's live events (tesla_mock/events.py): what each change publishes, what a stream
sends, the bounds on what a subscriber keeps, and that nobody waits for a slow subscriber.

The stream over real sockets (headers, a client that stops reading, one that leaves) is in
tests/dashboard/test_event_stream.py.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.errors import ApiError
from tesla_mock.event_stream import vehicle_view
from tesla_mock.events import EventHub, EventLimits, Subscription
from tesla_mock.fleet import Fleet

START = 1_732_435_200.0
ADMIN = {"Authorization": "Bearer admin-token"}
OWNER = {"Authorization": "Bearer owner-token"}
PLUGGED = "1000000000000001"
UNPLUGGED = "1000000000000002"
SCENARIO: dict[str, Any] = {
    "accounts": [
        {
            "name": "owner",
            "tokens": ["owner-token"],
            "vehicles": [
                {"id": int(PLUGGED), "vin": "5YJ3E1EA7KF000001", "plugged_in": True,
                 "battery_level": 40, "charge_limit_soc": 80},
                {"id": int(UNPLUGGED), "vin": "5YJ3E1EA7KF000002", "battery_level": 70},
            ],
        }
    ]
}  # fmt: skip


def make_app(**kwargs: Any) -> Any:
    return create_app(
        scenario=SCENARIO,
        admin_token="admin-token",
        clock=SimClock(start=START, frozen=True),
        validate_responses=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def shared_app() -> Any:
    return make_app()  # building an app takes a second or two: one for the module


@pytest.fixture
def app(shared_app: Any) -> Any:
    """The module's app, its fleet back to the start (frozen at START) for each test."""
    shared_app.mock.fleet.reset(start=START, frozen=True)
    return shared_app


@pytest.fixture
def http(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def watcher(app: Any) -> Iterator[Subscription]:
    """A subscriber that reads nothing: what the changes mark on it is what it would be sent."""
    hub: EventHub = app.mock.fleet.events
    subscription = hub.subscribe()
    subscription.snapshot_reason = None  # as if the starting snapshot had been sent
    yield subscription
    hub.unsubscribe(subscription)


def marks(subscription: Subscription) -> dict[str, Any]:
    return {
        "vehicles": list(subscription.vehicles),
        "removed": list(subscription.removed),
        "journal": [(key, entry["path"]) for key, entry in subscription.journal],
        "journal_cleared": list(subscription.journal_cleared),
        "accounts": subscription.accounts,
        "clock": subscription.clock,
        "faults": subscription.faults,
        "snapshot": subscription.snapshot_reason,
    }


NOTHING = marks(Subscription(1))
NOTHING["snapshot"] = None


# -- what each change publishes ----------------------------------------------------------------
def test_a_command_publishes_its_journal_entry_and_the_car(http: TestClient, watcher: Any) -> None:
    answer = http.post(f"/api/1/vehicles/{PLUGGED}/command/charge_start", headers=OWNER)
    assert answer.json()["response"]["result"] is True
    assert marks(watcher) == {
        **NOTHING,
        "vehicles": [int(PLUGGED)],
        "journal": [(int(PLUGGED), f"/api/1/vehicles/{PLUGGED}/command/charge_start")],
    }


def test_a_request_from_someone_else_publishes_nothing(http: TestClient, watcher: Any) -> None:
    http.post(f"/api/1/vehicles/{PLUGGED}/command/charge_start", headers=ADMIN)  # 401
    http.get("/api/1/vehicles", headers=OWNER)  # not about one car
    assert marks(watcher) == NOTHING


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("PATCH", f"/vehicles/{PLUGGED}/state", {"plugged_in": False}, {"vehicles": [1]}),
        ("PATCH", "/clock", {"time_scale": 60}, {"clock": True}),
        ("POST", "/clock/advance", {"minutes": 5}, {"clock": True, "vehicles": [1, 2]}),
        ("POST", "/faults", {"status": 408, "count": 1}, {"faults": True}),
        ("DELETE", "/faults", None, {"faults": True}),
        ("POST", "/accounts", {"name": "carol"}, {"accounts": True}),
        ("POST", "/accounts/owner/tokens", {"token": "owner-token-2"}, {"accounts": True}),
        ("DELETE", "/accounts/owner/tokens/owner-token", None, {"accounts": True}),
        ("DELETE", f"/vehicles/{UNPLUGGED}", None, {"accounts": True, "removed": [2]}),
        ("DELETE", f"/vehicles/{PLUGGED}/journal", None, {"journal_cleared": [1]}),
        ("POST", "/reset", None, {"snapshot": "fleet replaced"}),
        ("POST", "/scenario", SCENARIO, {"snapshot": "fleet replaced"}),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_admin_change_publishes_what_it_changed(
    http: TestClient, watcher: Any, method: str, path: str, body: Any, expected: dict[str, Any]
) -> None:
    answer = http.request(method, f"/__mock{path}", json=body, headers=ADMIN)
    assert answer.status_code < 300, answer.text
    ids = {1: int(PLUGGED), 2: int(UNPLUGGED)}
    for key in ("vehicles", "removed", "journal_cleared"):
        if key in expected:
            expected[key] = [ids[number] for number in expected[key]]
    assert marks(watcher) == {**NOTHING, **expected}


def test_a_new_car_publishes_its_account_and_itself(http: TestClient, watcher: Any) -> None:
    created = http.post("/__mock/accounts/owner/vehicles", json={}, headers=ADMIN).json()
    assert marks(watcher) == {**NOTHING, "accounts": True, "vehicles": [created["id"]]}


def test_a_fault_that_fires_publishes_the_faults_it_used_up(http: TestClient, watcher: Any) -> None:
    http.post("/__mock/faults", json={"vehicle_id": PLUGGED, "status": 503, "count": 1},
              headers=ADMIN)  # fmt: skip
    watcher.faults = False
    answer = http.post(f"/api/1/vehicles/{PLUGGED}/command/charge_start", headers=OWNER)
    assert answer.status_code == 503
    assert watcher.faults is True


def test_a_fleet_nobody_watches_keeps_no_event_state(http: TestClient, app: Any) -> None:
    hub: EventHub = app.mock.fleet.events
    for _ in range(20):
        http.post(f"/api/1/vehicles/{PLUGGED}/command/charge_start", headers=OWNER)
    http.post("/__mock/clock/advance", json={"minutes": 60}, headers=ADMIN)
    assert (hub.subscriptions, hub._heap, hub._due, hub._timer) == ([], [], {}, None)


# -- coalescing and back-pressure ------------------------------------------------------------
def test_many_changes_to_one_car_are_one_mark(http: TestClient, watcher: Any) -> None:
    for percent in range(60, 90):
        http.post(f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
                  json={"percent": percent}, headers=OWNER)  # fmt: skip
    assert list(watcher.vehicles) == [int(PLUGGED)]
    assert len(watcher.journal) == 30  # requests are not coalesced: each is a line of the list


def test_a_subscriber_that_falls_behind_is_resynced_not_grown() -> None:
    fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
    fleet.events.limits = EventLimits(max_pending=50)
    subscription = fleet.events.subscribe()
    subscription.snapshot_reason = None
    car = fleet.vehicle(PLUGGED)
    for number in range(49):
        fleet.record(car, {"path": f"/{number}", "body": "", "status": 200})
    assert (subscription.pending, subscription.snapshot_reason) == (50, None)  # 49 + the car
    fleet.record(car, {"path": "/49", "body": "", "status": 200})
    assert (subscription.pending, subscription.snapshot_reason) == (0, "resync")
    assert subscription.resyncs == 1
    for number in range(10_000):  # until it reads again, nothing more is kept
        fleet.record(car, {"path": f"/{number}", "body": "", "status": 200})
    assert subscription.pending == 0 and subscription.resyncs == 1


def test_publishing_to_a_subscriber_that_reads_nothing_keeps_nothing_for_it() -> None:
    """A request's publish is the same whether its subscribers read or not: a mark in a
    bounded set, never a wait (the writer's socket is not involved) and never a queue that
    grows."""
    fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
    stalled = [fleet.events.subscribe() for _ in range(4)]
    car = fleet.vehicle(PLUGGED)
    entry = {"path": "/x", "body": "{}", "status": 200}
    for _ in range(20_000):
        fleet.events.journal_recorded(car, entry)
    assert all(s.pending == 0 and s.snapshot_reason == "connected" for s in stalled)


# -- the stream -------------------------------------------------------------------------------
def parse(chunk: bytes) -> list[tuple[str, Any]]:
    events = []
    for block in chunk.decode().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))
    return events


class Reader:
    """Reads one subscription's stream as the HTTP layer does, event by event."""

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub
        self.subscription = hub.subscribe()
        self.stream: AsyncIterator[bytes] = hub.events(self.subscription)
        self.events: list[tuple[str, Any]] = []

    async def next(self, timeout: float = 2.0) -> list[tuple[str, Any]]:
        chunk = await asyncio.wait_for(anext(self.stream), timeout)
        return parse(chunk)

    async def until(self, event: str, timeout: float = 2.0) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for name, data in await self.next(deadline - asyncio.get_running_loop().time()):
                if name == event:
                    return data

    async def close(self) -> None:
        self.hub.unsubscribe(self.subscription)
        await self.stream.aclose()  # type: ignore[attr-defined]


def test_a_stream_starts_with_a_snapshot_then_sends_changes() -> None:
    async def scenario() -> None:
        fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
        reader = Reader(fleet.events)
        assert await reader.next() == []  # `retry: 1000`
        (snapshot,) = await reader.next()
        assert snapshot[0] == "snapshot"
        assert snapshot[1]["reason"] == "connected" and snapshot[1]["vehicles"] == 2
        assert snapshot[1]["clock"] == {"now": START, "frozen": True, "time_scale": 1.0}
        assert snapshot[1]["accounts"][0]["vehicles"] == [PLUGGED, UNPLUGGED]
        ((name, views),) = await reader.next()
        assert name == "vehicles" and [view["id"] for view in views] == [PLUGGED, UNPLUGGED]
        assert await reader.next() == [("ready", {"vehicles": 2})]
        car = fleet.vehicle(PLUGGED)
        car.charge_start(START)
        fleet.record(car, {"path": "/start", "body": "", "status": 200})
        fleet.add_fault(status=429, count=1)
        events = dict(await reader.next())
        assert events["vehicles"][0]["charging_state"] == "Charging"
        assert events["journal"] == {"vehicle_id": PLUGGED, "entry": {
            "path": "/start", "body": "", "status": 200}}  # fmt: skip
        assert events["faults"]["faults"][0]["status"] == 429
        fleet.delete_vehicle(UNPLUGGED)
        events = dict(await reader.next())
        assert events["vehicles_removed"] == {"ids": [UNPLUGGED]}
        assert events["accounts"]["accounts"][0]["vehicles"] == [PLUGGED]
        await reader.close()

    asyncio.run(scenario())


def test_a_quiet_stream_sends_the_clock_as_a_heartbeat() -> None:
    async def scenario() -> None:
        fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
        fleet.events.limits = EventLimits(heartbeat_s=0.05)
        reader = Reader(fleet.events)
        await reader.until("ready")
        assert await reader.next() == [("clock", {"now": START, "frozen": True, "time_scale": 1})]
        await reader.close()

    asyncio.run(scenario())


def test_a_big_snapshot_comes_in_batches_and_lets_other_work_run() -> None:
    async def scenario() -> None:
        cars = [{"id": 10**15 + n, "vin": f"5YJ3E1EA7KF{n:06d}"} for n in range(1200)]
        fleet = Fleet(SimClock(start=START, frozen=True),
                      {"accounts": [{"name": "many", "vehicles": cars}]})  # fmt: skip
        reader = Reader(fleet.events)
        ticks = 0

        async def other_work() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        worker = asyncio.create_task(other_work())
        batches = []
        while True:
            events = await reader.next()
            batches += [len(data) for name, data in events if name == "vehicles"]
            if any(name == "ready" for name, _ in events):
                break
        worker.cancel()
        assert batches == [500, 500, 200]
        assert ticks >= 2  # the loop ran other tasks between the batches
        await reader.close()

    asyncio.run(scenario())


def test_simulated_time_publishes_what_happens_by_itself() -> None:
    """A charge reaching its limit, a car falling asleep and a wake-up finishing are sent as
    they happen, with no request to make the car notice."""

    async def scenario() -> None:
        clock = SimClock(start=START, time_scale=100)
        fleet = Fleet(clock, {"accounts": [{"name": "a", "vehicles": [
            {"id": 1, "vin": "5YJ3E1EA7KF000001", "plugged_in": True, "battery_level": 79.9,
             "charge_limit_soc": 80, "charging_state": "Charging", "sleep_after_idle_s": None},
            {"id": 2, "vin": "5YJ3E1EA7KF000002", "sleep_after_idle_s": 30},
            {"id": 3, "vin": "5YJ3E1EA7KF000003", "state": "asleep", "wake_delay_s": 20},
        ]}]})  # fmt: skip
        reader = Reader(fleet.events)
        await reader.until("ready")
        fleet.vehicle("3").wake_up(clock.now())
        fleet.events.vehicle_changed(fleet.vehicle("3"))  # as the journal does for wake_up
        seen: dict[str, list[str]] = {"1": [], "2": [], "3": []}
        began = time.monotonic()
        while time.monotonic() - began < 3 and (
            "Complete" not in seen["1"] or "asleep" not in seen["2"] or "online" not in seen["3"]
        ):
            for name, data in await reader.next(3):
                for view in data if name == "vehicles" else []:
                    seen[view["id"]].append(
                        view["charging_state"] if view["id"] == "1" else view["state"]
                    )
        assert "Complete" in seen["1"]  # 0.1 % at 11.5 kW: 23 s simulated, 0.23 s real
        assert "asleep" in seen["2"]  # idle 30 s simulated
        assert seen["3"][:1] == ["waking"] and "online" in seen["3"]
        await reader.close()
        assert fleet.events._timer is None  # the last subscriber took the timer with it

    asyncio.run(scenario())


def test_closing_the_hub_ends_every_stream_and_refuses_new_ones() -> None:
    async def scenario() -> None:
        fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
        reader = Reader(fleet.events)
        await reader.until("ready")
        fleet.events.close()
        with pytest.raises(StopAsyncIteration):
            await reader.next()
        with pytest.raises(ApiError) as refused:
            await fleet.events.answer("text/event-stream")
        assert refused.value.status == 503 and "shutting down" in refused.value.description

    asyncio.run(scenario())


def test_streams_beyond_the_limit_are_refused_with_503() -> None:
    async def scenario() -> None:
        fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
        fleet.events.limits = EventLimits(max_subscribers=2)
        first = await fleet.events.answer("text/event-stream")
        await fleet.events.answer("text/event-stream")
        with pytest.raises(ApiError) as refused:
            await fleet.events.answer("text/event-stream")
        assert refused.value.status == 503 and "at most 2" in refused.value.description
        fleet.events.unsubscribe(first.subscription)
        await fleet.events.answer("text/event-stream")  # a place is free again

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "limits",
    [{"max_pending": 0}, {"heartbeat_s": -1}, {"send_timeout_s": float("inf")},
     {"max_subscribers": True}],
)  # fmt: skip
def test_event_limits_refuse_nonsense(limits: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(limits))):
        EventLimits(**limits)


# -- the JSON form and the car's view --------------------------------------------------------
def test_without_the_event_stream_type_the_snapshot_comes_as_json(http: TestClient) -> None:
    answer = http.get("/__mock/events", headers=ADMIN)  # responses validated against the spec
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert [view["id"] for view in body["vehicles"]] == [PLUGGED, UNPLUGGED]
    assert body["clock"]["now"] == START and body["faults"] == []


def test_the_event_stream_wants_the_admin_token(http: TestClient) -> None:
    for headers in ({}, OWNER):
        answer = http.get("/__mock/events", headers={**headers, "Accept": "text/event-stream"})
        assert answer.status_code == 401
        assert answer.json()["error"] == "invalid bearer token"


def test_a_views_rate_predicts_the_cars_level_until_its_limit() -> None:
    fleet = Fleet(SimClock(start=START, frozen=True), SCENARIO)
    car = fleet.vehicle(PLUGGED)
    car.charge_start(START)
    view = vehicle_view(car, START)
    charge_state = car.charge_state(START)
    assert view["charger_power_kw"] == pytest.approx(charge_state["charger_power"], abs=0.5)
    for hours in (0.5, 1.0, 2.0):
        later = START + hours * 3600
        predicted = min(view["battery_level"] + view["battery_level_per_hour"] * hours, 80)
        assert car.raw_state(later)["battery_level"] == pytest.approx(predicted, abs=1e-6)
    assert view["time_to_full_charge"] == charge_state["time_to_full_charge"]
