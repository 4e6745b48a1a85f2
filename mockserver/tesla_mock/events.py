"""The fleet's live events: a publish/subscribe hub, and the event stream the dashboard reads.

Publishers are the places that change the fleet: `Fleet` (accounts, vehicles, faults, the
journal, which every vehicle API request an owner sends to its car passes through), the admin
handlers (a vehicle's state, the clock) and the hub's own timer for what simulated time does by
itself (below). A publish only marks what changed on each subscriber's pending set and wakes
its writer: it never builds an answer, never waits and never writes to a socket, and with no
subscriber it is one comparison (besides the charging history's, below). Each subscriber's
writer, a task of its own, turns the marks into events when it gets to them, reading the fleet
as it is then, so that ten changes of one car while its client is busy reading become one
event (coalescing).

Back-pressure: what a subscriber has pending is bounded (`EventLimits.max_pending` marks: cars,
removals and journal entries). A subscriber that falls that far behind has its marks dropped and
gets a fresh snapshot instead (a resync): its memory stays bounded, and publishers never wait
for it. A writer whose client takes nothing for `send_timeout_s` is dropped, as is one whose
client disconnects; a client that reconnects starts with a snapshot.

Simulated time: between events, a charging car's level rises linearly (`battery_level_per_hour`
in each car's view lets a page draw it), but some changes happen with nobody asking: a charge
reaches its limit, a car falls asleep or finishes waking up, a scheduled charge starts. The car
knows when its next such change is due (`Vehicle.next_event_at`); while anyone subscribes, the
hub keeps those times in a heap and a timer task wakes at the earliest (simulated time turned
into real time at the clock's scale), lets the car process it and publishes the car. With no
subscriber there is no heap and no timer: 10,000 cars cost nothing while nobody watches.

Charging history: so that the chart of a car that has been charging for an hour shows that hour
even to a page opened just now, the hub keeps each car's recent charging changes (`ChargeHistory`)
whether or not anyone watches: a point is added only when what the chart draws changes (the
battery level the car is anchored at, charging or not, the power, the limit), so a request that
changes nothing (`vehicle_data`, a repeated command) costs one comparison and no memory. The
points are bounded per car and for the whole fleet (`EventLimits.history_points_per_car`,
`history_points`: the cars changed longest ago lose theirs first).

The stream (`GET /__mock/events`, spec/mock-admin.yaml) is server-sent events. It starts with a
snapshot (`snapshot`, then each car's charging history in `history` batches, then the cars in
`vehicles` batches, then `ready`), then sends `vehicles`,
`vehicles_removed`, `accounts`, `clock`, `faults`, `journal` and `journal_cleared` events as
things change, and a `clock` event at least every `heartbeat_s` seconds. A client that asks for
JSON instead gets the snapshot as one JSON document.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import math
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from tesla_mock.errors import ApiError
from tesla_mock.event_stream import EVENT_STREAM, EventStreamResponse, sse, vehicle_view

if TYPE_CHECKING:
    from tesla_mock.clock import SimClock
    from tesla_mock.fleet import Fleet
    from tesla_mock.vehicle import Vehicle

# Cars per `vehicles` event of a snapshot: the writer yields to the event loop between batches,
# so that a snapshot of 10,000 cars does not hold up the API's requests.
SNAPSHOT_BATCH = 500
# How late the timer may notice a change of the clock it was not told about: an upper bound on
# each of its waits.
TIMER_MAX_WAIT_S = 5.0


@dataclass(frozen=True)
class EventLimits:
    """What watching the fleet may cost the server (`create_app(event_limits=...)`).

    `max_subscribers` streams at once (503 beyond); `max_pending` marks a subscriber may have
    waiting before it is resynced; `send_timeout_s` a write may wait for a client that reads
    nothing before that client is dropped; `heartbeat_s` the longest quiet time of a stream;
    `history_points_per_car` the charging changes kept for each car's chart, `history_points`
    those kept for the whole fleet (about 200 bytes each: 50,000 are about 10 MB).
    """

    max_subscribers: int = 32
    max_pending: int = 1000
    send_timeout_s: float = 30.0
    heartbeat_s: float = 15.0
    history_points_per_car: int = 240
    history_points: int = 50_000

    def __post_init__(self) -> None:
        for limit in fields(self):
            value = getattr(self, limit.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"{limit.name} must be a number > 0, not {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"{limit.name} must be finite, not {value!r}")


class NoMoreSubscribers(Exception):
    """No stream can start: as many as `EventLimits.max_subscribers` are open, or the server
    is shutting down (the message says which)."""


class Subscription:
    """What one subscriber has yet to be told: marks, coalesced and bounded."""

    def __init__(self, max_pending: int) -> None:
        self.max_pending = max_pending
        self.snapshot_reason: str | None = "connected"  # a snapshot is due, and why
        self.vehicles: dict[int, None] = {}  # changed cars, oldest first (an ordered set)
        self.removed: dict[int, None] = {}
        self.journal: deque[tuple[int, dict[str, Any]]] = deque()
        self.journal_cleared: dict[int, None] = {}
        self.accounts = self.clock = self.faults = False
        self.resyncs = 0  # how often marks were dropped for a snapshot
        self.closed = False
        self.wake = asyncio.Event()

    @property
    def pending(self) -> int:
        return len(self.vehicles) + len(self.removed) + len(self.journal)

    def _bounded(self) -> bool:
        """False (and a snapshot due instead of the marks) once the marks pass the bound."""
        if self.snapshot_reason is not None:
            return False  # the snapshot to come covers every change
        if self.pending < self.max_pending:
            return True
        self.resyncs += 1
        self.drop_marks("resync")
        return False

    def drop_marks(self, snapshot_reason: str) -> None:
        self.snapshot_reason = snapshot_reason
        self.vehicles.clear()
        self.removed.clear()
        self.journal.clear()
        self.journal_cleared.clear()
        self.accounts = self.clock = self.faults = False
        self.wake.set()

    def mark_vehicle(self, vehicle_id: int) -> None:
        if vehicle_id in self.vehicles or self._bounded():
            self.vehicles[vehicle_id] = None
            self.wake.set()

    def mark_removed(self, vehicle_id: int) -> None:
        self.vehicles.pop(vehicle_id, None)
        if self._bounded():
            self.removed[vehicle_id] = None
            self.wake.set()

    def mark_journal(self, vehicle_id: int, entry: dict[str, Any]) -> None:
        if self._bounded():
            self.journal.append((vehicle_id, entry))
            self.wake.set()

    def mark_journal_cleared(self, vehicle_id: int) -> None:
        if self.snapshot_reason is None:
            self.journal_cleared[vehicle_id] = None
            self.wake.set()

    def mark(self, what: str) -> None:
        """`accounts`, `clock` or `faults`: each is sent whole, so a flag is enough."""
        if self.snapshot_reason is None:
            setattr(self, what, True)
            self.wake.set()


# One point of a car's charging history, as the stream sends it: simulated time, battery level
# (%), charging power (kW), level per simulated hour (%/h) from then on, and the charge limit (%).
HistoryPoint = tuple[float, float, float, float, int]


class ChargeHistory:
    """Each car's recent charging changes, for the dashboard's chart: bounded per car and for
    the fleet, the cars changed longest ago dropped first. Between two points a car charges
    linearly at the first one's rate, up to its limit (what `vehicle_view` promises too)."""

    def __init__(self, limits: EventLimits, clock: SimClock) -> None:
        self.limits = limits
        self.clock = clock
        # car id -> its points, oldest first; the car changed longest ago first.
        self.traces: OrderedDict[int, deque[HistoryPoint]] = OrderedDict()
        self._drawn: dict[int, tuple[float, bool, float, int]] = {}  # what the last point drew
        self.size = 0  # points kept, every car's together

    def observe(self, vehicle: Vehicle) -> None:
        """Add a point for `vehicle` if what its chart draws changed since its last one."""
        raw = vehicle.raw
        charging = raw.charging_state == "Charging"
        power_kw = vehicle.power_kw() if charging else 0.0
        # `raw.battery_level` is the level the car's linear charge is anchored at: it moves
        # only when something changes the line (a command, an admin change, a charge ending).
        drawn = (raw.battery_level, charging, power_kw, raw.charge_limit_soc)
        key = vehicle.id
        if self._drawn.get(key) == drawn:
            return
        self._drawn[key] = drawn
        now = self.clock.now()  # only now: reading the clock costs more than the comparison
        rate = power_kw / raw.pack_kwh * 100 if charging else 0.0
        point = (
            now,
            round(vehicle.level_at(now), 4),
            round(power_kw, 3),
            round(rate, 6),
            raw.charge_limit_soc,
        )
        trace = self.traces.get(key)
        if trace is None:
            trace = self.traces[key] = deque(maxlen=self.limits.history_points_per_car)
        else:
            self.traces.move_to_end(key)
        if len(trace) == trace.maxlen:
            self.size -= 1  # the append drops its oldest point
        trace.append(point)
        self.size += 1
        while self.size > self.limits.history_points:
            dropped, oldest = self.traces.popitem(last=False)
            self.size -= len(oldest)
            del self._drawn[dropped]

    def forget(self, vehicle_id: int) -> None:
        trace = self.traces.pop(vehicle_id, None)
        if trace is not None:
            self.size -= len(trace)
        self._drawn.pop(vehicle_id, None)

    def clear(self) -> None:
        self.traces.clear()
        self._drawn.clear()
        self.size = 0


class EventHub:
    """The fleet's subscribers, the publishing calls its changes make, and the charging
    history those changes build."""

    def __init__(self, fleet: Fleet, limits: EventLimits | None = None) -> None:
        self.fleet = fleet
        self._limits = limits or EventLimits()
        self.history = ChargeHistory(self._limits, fleet.clock)
        self.subscriptions: list[Subscription] = []
        self.closed = False
        self.closing = asyncio.Event()  # set by close()
        # The timer's state, kept only while someone subscribes: each car's next due change
        # (simulated time) and a heap of (due, car id), which may hold outdated entries.
        self._due: dict[int, float] = {}
        self._heap: list[tuple[float, int]] = []
        self._timer: asyncio.Task[None] | None = None
        self._timer_wake: asyncio.Event | None = None

    @property
    def limits(self) -> EventLimits:
        return self._limits

    @limits.setter
    def limits(self, limits: EventLimits) -> None:
        """New limits (`create_app(event_limits=...)`): the history starts anew under them."""
        self._limits = limits
        self.history = ChargeHistory(limits, self.fleet.clock)

    @property
    def watched(self) -> bool:
        return bool(self.subscriptions)

    # -- publishing (called by the fleet, the admin handlers and the timer) ---------------------
    def vehicle_changed(self, vehicle: Vehicle) -> None:
        self.history.observe(vehicle)
        if not self.subscriptions:
            return
        for subscription in self.subscriptions:
            subscription.mark_vehicle(vehicle.id)
        self._schedule(vehicle)

    def vehicles_changed(self, vehicles: Iterable[Vehicle]) -> None:
        for vehicle in vehicles:
            self.vehicle_changed(vehicle)

    def vehicle_removed(self, vehicle_id: int) -> None:
        self.history.forget(vehicle_id)
        if not self.subscriptions:
            return
        for subscription in self.subscriptions:
            subscription.mark_removed(vehicle_id)
        self._due.pop(vehicle_id, None)

    def journal_recorded(self, vehicle: Vehicle, entry: dict[str, Any]) -> None:
        """A vehicle API request to `vehicle` was answered: its entry, and the car as it left
        it (every request an owner sends to its car is journaled, so this sees every command)."""
        if not self.subscriptions:
            self.history.observe(vehicle)
            return
        for subscription in self.subscriptions:
            subscription.mark_journal(vehicle.id, entry)
        self.vehicle_changed(vehicle)

    def journal_cleared(self, vehicle: Vehicle) -> None:
        for subscription in self.subscriptions:
            subscription.mark_journal_cleared(vehicle.id)

    def accounts_changed(self) -> None:
        for subscription in self.subscriptions:
            subscription.mark("accounts")

    def faults_changed(self) -> None:
        for subscription in self.subscriptions:
            subscription.mark("faults")

    def clock_changed(self) -> None:
        for subscription in self.subscriptions:
            subscription.mark("clock")
        if self._timer_wake is not None:
            self._timer_wake.set()  # the next due change is nearer or further in real time

    def fleet_replaced(self, reason: str) -> None:
        """Every account and car may have changed (a reset, a scenario): a snapshot each."""
        self.history.clear()
        for subscription in self.subscriptions:
            subscription.drop_marks(reason)
        if self.subscriptions:
            self._reschedule_all()

    # -- subscribing ----------------------------------------------------------------------------
    def subscribe(self) -> Subscription:
        if self.closed:
            raise NoMoreSubscribers("the server is shutting down")
        if len(self.subscriptions) >= self.limits.max_subscribers:
            raise NoMoreSubscribers(
                f"the server streams events to at most {self.limits.max_subscribers} clients "
                "at once"
            )
        subscription = Subscription(self.limits.max_pending)
        if not self.subscriptions:
            self._reschedule_all()
        self.subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscription.closed = True
        subscription.wake.set()
        with contextlib.suppress(ValueError):
            self.subscriptions.remove(subscription)
        if not self.subscriptions:
            self._due.clear()
            self._heap.clear()
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
                self._timer_wake = None

    def disconnect_all(self) -> None:
        """End every stream; clients that reconnect start with a snapshot."""
        for subscription in list(self.subscriptions):
            self.unsubscribe(subscription)

    def close(self) -> None:
        """End every stream and refuse new ones (the server is shutting down: its streams
        would otherwise keep it waiting for their connections to finish)."""
        self.closed = True
        self.closing.set()
        self.disconnect_all()

    # -- what simulated time does by itself ---------------------------------------------------
    def _reschedule_all(self) -> None:
        self._due.clear()
        self._heap.clear()
        for vehicle in self.fleet.all_vehicles():
            due = vehicle.next_event_at
            if due != math.inf:
                self._due[vehicle.id] = due
                self._heap.append((due, vehicle.id))
        heapq.heapify(self._heap)
        self._start_timer()
        if self._timer_wake is not None:
            self._timer_wake.set()

    def _schedule(self, vehicle: Vehicle) -> None:
        due = vehicle.next_event_at
        if self._due.get(vehicle.id) == due:
            return
        if due == math.inf:
            self._due.pop(vehicle.id, None)
            return
        self._due[vehicle.id] = due
        heapq.heappush(self._heap, (due, vehicle.id))
        if len(self._heap) > 2 * len(self._due) + 1024:  # mostly outdated entries: rebuild
            self._heap = [(when, key) for key, when in self._due.items()]
            heapq.heapify(self._heap)
        if self._heap[0][1] == vehicle.id and self._timer_wake is not None:
            self._timer_wake.set()  # sooner than what the timer waits for

    def _start_timer(self) -> None:
        if self._timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a fleet used without a server (tests): no timer to run
            return
        self._timer_wake = asyncio.Event()
        self._timer = loop.create_task(self._run_timer(self._timer_wake))

    async def _run_timer(self, wake: asyncio.Event) -> None:
        while self.subscriptions:
            self.process_due()
            wake.clear()
            clock = self.fleet.clock
            wait = TIMER_MAX_WAIT_S
            if self._heap and not clock.frozen:
                wait = min(wait, max(0.0, (self._heap[0][0] - clock.now()) / clock.time_scale))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), wait)

    def process_due(self) -> int:
        """Let every car whose change is due by now process it, and publish it; how many."""
        now = self.fleet.clock.now()
        heap = self._heap
        processed = 0
        while heap and heap[0][0] <= now:
            due, vehicle_id = heapq.heappop(heap)
            if self._due.get(vehicle_id) != due:
                continue  # outdated: the car changed since, and was scheduled anew
            del self._due[vehicle_id]
            vehicle = self.fleet.find_vehicle(str(vehicle_id))
            if vehicle is None:
                continue
            vehicle.sync(now)
            self.vehicle_changed(vehicle)
            processed += 1
        return processed

    # -- what subscribers are sent ------------------------------------------------------------
    async def answer(self, accept: str) -> Any:
        """`GET /__mock/events`: the stream to a client that accepts `text/event-stream`, the
        snapshot as JSON to any other."""
        if EVENT_STREAM not in accept:
            return await self.snapshot(), 200, {"Content-Type": "application/json"}
        try:
            subscription = self.subscribe()
        except NoMoreSubscribers as exc:
            raise ApiError(503, str(exc)) from None
        return EventStreamResponse(self, subscription)

    async def snapshot(self) -> dict[str, Any]:
        """Everything the stream's snapshot holds, as one document."""
        now = self.fleet.clock.now()
        keys = [vehicle.id for vehicle in self.fleet.all_vehicles()]
        views: list[dict[str, Any]] = []
        for start in range(0, len(keys), SNAPSHOT_BATCH):
            if start:
                await asyncio.sleep(0)  # let requests through between batches
            views += self._views(keys[start : start + SNAPSHOT_BATCH])
        return {**self._fleet_head(now), "vehicles": views}

    def _fleet_head(self, now: float) -> dict[str, Any]:
        fleet = self.fleet
        return {
            "clock": self._clock(now),
            "accounts": fleet.summary()["accounts"],
            "faults": [fault.summary() for fault in fleet.faults()],
        }

    def _clock(self, now: float) -> dict[str, Any]:
        clock = self.fleet.clock
        return {"now": now, "frozen": clock.frozen, "time_scale": clock.time_scale}

    async def events(self, subscription: Subscription) -> AsyncIterator[bytes]:
        """The stream's bytes for one subscriber, until it is closed."""
        yield b"retry: 1000\n\n"
        heartbeat = self.limits.heartbeat_s
        while not subscription.closed:
            if subscription.snapshot_reason is not None:
                async for chunk in self._snapshot_events(subscription):
                    yield chunk
                continue
            chunk = self._pending_events(subscription)
            if chunk:
                yield chunk
                continue
            subscription.wake.clear()
            try:
                await asyncio.wait_for(subscription.wake.wait(), heartbeat)
            except TimeoutError:
                yield sse("clock", self._clock(self.fleet.clock.now()))

    async def _snapshot_events(self, subscription: Subscription) -> AsyncIterator[bytes]:
        reason = subscription.snapshot_reason
        subscription.snapshot_reason = None  # changes from here on are marked again
        now = self.fleet.clock.now()
        keys = [vehicle.id for vehicle in self.fleet.all_vehicles()]
        yield sse("snapshot", {"reason": reason, **self._fleet_head(now), "vehicles": len(keys)})
        traced = list(self.history.traces)
        for start in range(0, len(traced), SNAPSHOT_BATCH):
            await asyncio.sleep(0)  # let requests through between batches
            if subscription.closed or subscription.snapshot_reason is not None:
                return
            yield sse("history", self._histories(traced[start : start + SNAPSHOT_BATCH]))
        for start in range(0, len(keys), SNAPSHOT_BATCH):
            if start:
                await asyncio.sleep(0)  # let requests through between batches
            if subscription.closed or subscription.snapshot_reason is not None:
                return  # ended, or overtaken by a newer snapshot
            yield sse("vehicles", self._views(keys[start : start + SNAPSHOT_BATCH]))
        yield sse("ready", {"vehicles": len(keys)})

    def _histories(self, keys: Iterable[int]) -> list[dict[str, Any]]:
        traces = self.history.traces
        return [{"id": str(key), "points": list(traces[key])} for key in keys if key in traces]

    def _views(self, keys: Iterable[int]) -> list[dict[str, Any]]:
        now = self.fleet.clock.now()
        views = []
        for key in keys:
            vehicle = self.fleet.find_vehicle(str(key))
            if vehicle is not None:
                views.append(vehicle_view(vehicle, now))
        return views

    def _pending_events(self, subscription: Subscription) -> bytes:
        """The events for what `subscription` has marked, its marks cleared; b"" if none."""
        parts: list[bytes] = []
        now = self.fleet.clock.now()
        if subscription.accounts:  # before the cars: a new car's account is known first
            subscription.accounts = False
            parts.append(sse("accounts", {"accounts": self.fleet.summary()["accounts"]}))
        if subscription.clock:
            subscription.clock = False
            parts.append(sse("clock", self._clock(now)))
        if subscription.faults:
            subscription.faults = False
            faults = [fault.summary() for fault in self.fleet.faults()]
            parts.append(sse("faults", {"faults": faults}))
        if subscription.removed:
            ids = [str(key) for key in subscription.removed]
            subscription.removed.clear()
            parts.append(sse("vehicles_removed", {"ids": ids}))
        if subscription.vehicles:
            keys = list(subscription.vehicles)
            subscription.vehicles.clear()
            for start in range(0, len(keys), SNAPSHOT_BATCH):
                views = self._views(keys[start : start + SNAPSHOT_BATCH])
                if views:
                    parts.append(sse("vehicles", views))
        if subscription.journal_cleared:
            for key in subscription.journal_cleared:
                parts.append(sse("journal_cleared", {"vehicle_id": str(key)}))
            subscription.journal_cleared.clear()
        while subscription.journal:
            key, entry = subscription.journal.popleft()
            parts.append(sse("journal", {"vehicle_id": str(key), "entry": entry}))
        return b"".join(parts)
