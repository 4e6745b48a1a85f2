"""A mock car over simulated time: its state, the events that change it without a command,
and the charging physics between them. `Vehicle` (tesla_mock/vehicle.py) adds the commands.

Time is the simulated epoch time of `SimClock`, passed in as `now` to every method that depends
on it. The simulation is event driven: between events charging is linear, so a car only
stores its state at the last event ("anchor") and derives the battery level at any later time.
`sync(now)` processes the events up to `now` in time order (wake completes, charge reaches the
limit, scheduled start, charge schedule edge, idle sleep) and is a single comparison when none
is due. The events' rows of the rules table are in tesla_mock/vehicle.py's docstring.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from tesla_mock.charging_history import ChargingSessionRecord
from tesla_mock.schedules import (
    PRECONDITION_LEAD_S,
    ChargeSchedule,
    PreconditionSchedule,
    at_place,
    next_edge,
    place_kind,
)
from tesla_mock.vehicle_config import plug_transition, validated_config
from tesla_mock.vehicle_state import (
    ASLEEP,
    CHARGING,
    COMPLETE,
    CONFIG_FIELDS,
    DEFAULT_CABLE,
    ENGAGED,
    IDENTITY_KEYS,
    MODE_START_AT,
    NEVER,
    ONLINE,
    STOPPED,
    RawState,
    next_local_time,
)

# Reads every config field of a `RawState` at once, in `CONFIG_FIELDS` order.
_CONFIG_VALUES = operator.attrgetter(*CONFIG_FIELDS)
# Finished charging sessions each car keeps for the charging history; older ones are dropped.
MAX_CHARGING_SESSIONS = 1000


class SimulatedCar:
    """One car's state over simulated time; `Vehicle` is the one to build."""

    # The config keys live in `raw` (one `RawState`); the slots below are the simulation's own
    # bookkeeping, which admin patches keep.
    __slots__ = (
        "_anchor",
        "_charge_schedules",
        "_charging_sessions",
        "_complete_at",
        "_edge_at",
        "_last_activity",
        "_last_amps_request",
        "_level_per_s",
        "_new_session_pending",
        "_next_event_at",
        "_now",
        "_precondition_at",
        "_precondition_schedules",
        "_preconditioning_until",
        "_schedule_at",
        "_session_started_at",
        "_session_stopped_at",
        "_sessions_recorded",
        "_wake_at",
        "raw",
    )

    raw: RawState

    def __init__(self, config: Mapping[str, Any], now: float) -> None:
        """Prefer `from_config`; `config` is validated here too."""
        # Event bookkeeping: the latest time seen and when the next event is due.
        self._now: float = now
        self._complete_at: float = NEVER
        self._next_event_at: float = NEVER
        # Reachability: `_wake_at` is NEVER unless a wake-up is under way.
        self._wake_at: float = NEVER
        self._last_activity: float = now
        # Charging: `raw`'s level and energy are exact at `_anchor`, linear after it.
        self._anchor: float = now
        self._level_per_s: float = 0.0
        self._last_amps_request: int | None = None
        self._new_session_pending = False
        # The legacy StartAt schedule's next start.
        self._schedule_at: float = NEVER
        # The schedules of firmware 2024.26+ (by id, oldest first) and when the next charge
        # schedule edge (a start or an end) is due. Not config: they survive admin patches.
        self._charge_schedules: dict[int, ChargeSchedule] = {}
        self._precondition_schedules: dict[int, PreconditionSchedule] = {}
        self._edge_at: float = NEVER
        # When a preconditioning window next opens or closes, and when the one under way
        # closes (NEVER when the cabin is not being preconditioned).
        self._precondition_at: float = NEVER
        self._preconditioning_until: float = NEVER
        # The plug-in session under way (None until charging starts) and the finished ones.
        self._session_started_at: float | None = None
        self._session_stopped_at: float | None = None
        self._charging_sessions: list[ChargingSessionRecord] = []
        self._sessions_recorded = 0
        self._adopt(RawState(**validated_config(config)), now)
        self._plan_events()
        self.sync(now)

    # --- identity (never changes) ---

    @property
    def id(self) -> int:
        return self.raw.id

    @property
    def vehicle_id(self) -> int:
        return self.raw.vehicle_id

    @property
    def vin(self) -> str:
        return self.raw.vin

    @property
    def in_service(self) -> bool:
        return self.raw.in_service

    next_event_at = property(lambda self: self._next_event_at)  # for tesla_mock/events.py
    waking_until = property(lambda self: self._wake_at)  # inf unless waking; tesla_mock/events.py

    def __repr__(self) -> str:
        return f"<Vehicle {self.raw.id} {self.raw.vin} {self.raw.state} {self.raw.charging_state}>"

    # --- time ---

    def sync(self, now: float) -> None:
        """Process the events due by `now`; a single comparison when none is."""
        if now >= self._next_event_at:
            self._process_events(now)

    def catch_up(self, now: float) -> float:
        """Sync, and return `now`, never earlier than a time this vehicle has already seen."""
        if now >= self._next_event_at:
            self._process_events(now)
        if now > self._now:
            self._now = now
        return self._now

    def _process_events(self, now: float) -> None:
        while self._next_event_at <= now:
            at = self._next_event_at
            self._now = max(self._now, at)
            if self._wake_at <= at:
                self._finish_waking(at)
            elif self._complete_at <= at:
                self._finish_charge(at)
            elif self._schedule_at <= at:
                self._run_schedule(at, now)
            elif self._edge_at <= at:
                self._run_charge_schedules(at, now)
            elif self._precondition_at <= at:
                self._run_precondition_schedules(at)
            else:
                self.raw.state = ASLEEP
            self._plan_events()

    def _plan_events(self) -> None:
        """Recompute when the next event is due (after every change of state)."""
        charging = self.raw.charging_state == CHARGING
        if charging:
            self._level_per_s = self.power_kw() / self.raw.pack_kwh * 100 / 3600
            to_limit = self.raw.charge_limit_soc - self.raw.battery_level
            if to_limit <= 0:
                self._complete_at = self._anchor
            elif self._level_per_s > 0:
                self._complete_at = self._anchor + to_limit / self._level_per_s
            else:
                self._complete_at = NEVER
        else:
            self._level_per_s = 0.0
            self._complete_at = NEVER
        sleep_at = NEVER
        busy = charging or self._preconditioning_until != NEVER
        if self.raw.state == ONLINE and not busy and self.raw.sleep_after_idle_s is not None:
            sleep_at = self._last_activity + self.raw.sleep_after_idle_s
        self._next_event_at = min(
            self._wake_at,
            self._complete_at,
            self._schedule_at,
            self._edge_at,
            self._precondition_at,
            sleep_at,
        )

    def _finish_waking(self, at: float) -> None:
        self.raw.state = ONLINE
        self._wake_at = NEVER
        self._last_activity = at

    def _finish_charge(self, at: float) -> None:
        if self.raw.battery_level < self.raw.charge_limit_soc:
            added_pct = self.raw.charge_limit_soc - self.raw.battery_level
            self.raw.charge_energy_added += added_pct / 100 * self.raw.pack_kwh
            self.raw.battery_level = float(self.raw.charge_limit_soc)
        self._anchor = at
        self.raw.charging_state = COMPLETE
        self._session_stopped_at = at
        self._last_activity = at

    def _run_schedule(self, at: float, now: float) -> None:
        if self._can_start_charging():
            self._start_session(at)
            if self.raw.state == ASLEEP:
                self.raw.state = ONLINE
                self._wake_at = NEVER
            self._schedule_at = self.next_local(at, self.raw.scheduled_charging_start_time_app)
        else:
            # Without a command nothing can make charging possible before `now`, so the
            # occurrences in between are skipped rather than visited day by day.
            self._schedule_at = self.next_local(
                max(at, now), self.raw.scheduled_charging_start_time_app
            )

    def next_local(self, after: float, minutes: int) -> int:
        return next_local_time(after, minutes, self.raw.utc_offset_minutes)

    # --- charge schedules (firmware 2024.26+) ---

    def schedules_here(self) -> list[ChargeSchedule]:
        """The charge schedules made for where the car is parked."""
        return [s for s in self._charge_schedules.values() if at_place(s, self.raw.parked_at)]

    def _in_charge_window(self, at: float) -> bool:
        """Whether a charge schedule made for this place has its window open at `at`."""
        offset = self.raw.utc_offset_minutes
        return any(s.window_contains(at, offset) for s in self.schedules_here())

    def _plan_schedule_edges(self, after: float) -> None:
        """When the next start or end of a charge schedule made for this place is due."""
        self._edge_at = min(
            (
                next_edge(after, minutes, days, self.raw.utc_offset_minutes)
                for schedule in self.schedules_here()
                for _kind, minutes, days in schedule.edges()
            ),
            default=NEVER,
        )

    def _run_charge_schedules(self, at: float, now: float) -> None:
        """Start or stop charging as the schedules whose edge is due at `at` say."""
        for schedule in self.schedules_here():
            for kind, minutes, days in schedule.edges():
                if next_edge(at - 1, minutes, days, self.raw.utc_offset_minutes) != at:
                    continue
                if kind == "start" and self._can_start_charging():
                    self._start_session(at)
                    if self.raw.state != ONLINE:
                        self.raw.state = ONLINE
                        self._wake_at = NEVER
                elif kind == "end" and self.raw.charging_state == CHARGING:
                    self._settle(at)
                    self._stop_charging(at)
                last_kind = "end" if schedule.end_enabled else "start"
                if schedule.one_time and kind == last_kind:
                    schedule.enabled = False
        # Unplugged, no schedule can do anything before `now` (a command or an admin change
        # would come first), so the occurrences in between are skipped, not visited.
        self._plan_schedule_edges(at if self.raw.plugged_in else max(at, now))

    def _stop_charging(self, at: float) -> None:
        self.raw.charging_state = STOPPED
        self.raw.charge_enable_request = False
        self._session_stopped_at = at

    # --- preconditioning schedules (firmware 2024.26+) ---

    def precondition_schedules_here(self) -> list[PreconditionSchedule]:
        """The enabled preconditioning schedules made for where the car is parked."""
        return [
            s
            for s in self._precondition_schedules.values()
            if s.enabled and at_place(s, self.raw.parked_at)
        ]

    def _ready_at(self, schedule: PreconditionSchedule, after: float) -> float:
        """The first time strictly after `after` at which `schedule` has the cabin ready."""
        return next_edge(
            after, schedule.precondition_time, schedule.days_of_week, self.raw.utc_offset_minutes
        )

    def _open_window_end(self, at: float) -> float | None:
        """When the preconditioning window that `at` falls in closes (the latest, where windows
        overlap); None outside every window. A window is the PRECONDITION_LEAD_S before a
        schedule's `precondition_time`."""
        ends = [
            ready
            for schedule in self.precondition_schedules_here()
            if (ready := self._ready_at(schedule, at)) - PRECONDITION_LEAD_S <= at
        ]
        return max(ends, default=None)

    def _plan_preconditioning(self, after: float) -> None:
        """When the next preconditioning window opens or closes."""
        times = []
        for schedule in self.precondition_schedules_here():
            ready = self._ready_at(schedule, after)
            opens = ready - PRECONDITION_LEAD_S
            times.append(opens if opens > after else ready)
        self._precondition_at = min(times, default=NEVER)

    def _run_precondition_schedules(self, at: float) -> None:
        """A window opens (the car wakes and conditions its cabin) or closes (the cabin is
        ready; one-time schedules turn off)."""
        for schedule in self.precondition_schedules_here():
            if schedule.one_time and self._ready_at(schedule, at - 1) == at:
                schedule.enabled = False
        if self._open_window_end(at) is not None and self.raw.state != ONLINE:
            self.raw.state = ONLINE
            self._wake_at = NEVER
        self._refresh_preconditioning(at)

    def _refresh_preconditioning(self, now: float) -> None:
        """Condition the cabin while an online car is in a window, and plan the next window
        (after every change of the schedules, the place or the state)."""
        window_end = self._open_window_end(now)
        on = window_end is not None and self.raw.state == ONLINE
        if not on and self._preconditioning_until != NEVER:
            self._last_activity = now  # the idle timer starts when the climate stops
        self._preconditioning_until = window_end if on and window_end is not None else NEVER
        self._plan_preconditioning(now)

    def preconditioning_since(self, now: float) -> float | None:
        """When the preconditioning under way at `now` began (None when there is none)."""
        self.sync(now)
        if self._preconditioning_until == NEVER or now >= self._preconditioning_until:
            return None
        return self._preconditioning_until - PRECONDITION_LEAD_S

    # --- charging physics ---

    def actual_current(self) -> int:
        raw = self.raw
        return min(
            raw.charge_current_request, raw.charge_current_request_max, raw.charger_pilot_current
        )

    def power_kw(self) -> float:
        return self.raw.charger_voltage * self.actual_current() * self.raw.charger_phases / 1000

    def level_at(self, t: float) -> float:
        """The battery level at `t` (not before the anchor), charging linearly to the limit."""
        level = self.raw.battery_level
        if self._level_per_s == 0.0 or t <= self._anchor:
            return level
        charged = level + self._level_per_s * (t - self._anchor)
        return min(charged, max(float(self.raw.charge_limit_soc), level))

    def energy_at(self, level: float) -> float:
        """The session's energy added, kWh, once the battery is at `level`."""
        raw = self.raw
        return raw.charge_energy_added + (level - raw.battery_level) / 100 * raw.pack_kwh

    def _settle(self, now: float) -> None:
        """Move the anchor to `now`, before anything that changes the charging rate."""
        level = self.level_at(now)
        self.raw.charge_energy_added = self.energy_at(level)
        self.raw.battery_level = level
        self._anchor = now

    def _can_start_charging(self) -> bool:
        return (
            self.raw.plugged_in
            and self.raw.charging_state != CHARGING
            and self.raw.battery_level < self.raw.charge_limit_soc
        )

    def _start_session(self, at: float) -> None:
        if self._new_session_pending:
            self.raw.charge_energy_added = 0.0
            self._new_session_pending = False
        if self._session_started_at is None:
            self._session_started_at = at
        self._anchor = at
        self.raw.charging_state = CHARGING
        self.raw.charge_port_latch = ENGAGED
        self.raw.charge_enable_request = True

    # --- sleep and wake ---

    def is_online(self, now: float) -> bool:
        self.catch_up(now)
        return self.raw.state == ONLINE

    def wake_up(self, now: float) -> None:
        """Start waking an asleep/offline car: it is online `wake_delay_s` later."""
        now = self.catch_up(now)
        if self.raw.state == ONLINE:
            self._last_activity = now
        elif self._wake_at == NEVER:
            self._wake_at = now + self.raw.wake_delay_s
        self._plan_events()
        self.sync(now)

    def touch(self, now: float) -> None:
        """Record activity (a command or a data read): restarts the idle timer."""
        now = self.catch_up(now)
        self._last_activity = now
        self._plan_events()

    def fall_asleep(self, now: float) -> None:
        """Put the car to sleep at once (ValueError while charging)."""
        self.patch(now, {"state": ASLEEP})

    # --- admin changes ---

    def plug_in(self, now: float, cable: str = DEFAULT_CABLE) -> None:
        self.patch(now, {"plugged_in": True, "cable": cable})

    def unplug(self, now: float) -> None:
        self.patch(now, {"plugged_in": False})

    def raw_state(self, now: float | None = None) -> dict[str, Any]:
        """The config keys with their current values: `from_config(raw_state(now), now)`
        rebuilds this car. Without `now`, values are as of the latest time seen."""
        at = self._now if now is None else self.catch_up(now)
        level = self.level_at(at)
        state = dict(zip(CONFIG_FIELDS, _CONFIG_VALUES(self.raw), strict=True))
        state["battery_level"] = level
        state["charge_energy_added"] = self.energy_at(level)
        return state

    def patch(self, now: float, changes: Mapping[str, Any]) -> None:
        """Change some config keys, validated like `from_config`; nothing changes on error."""
        now = self.catch_up(now)
        if not isinstance(changes, Mapping):
            raise ValueError(f"changes must be a mapping, got {type(changes).__name__}")
        fixed = sorted(IDENTITY_KEYS & set(changes))
        if fixed:
            raise ValueError(f"{', '.join(fixed)}: cannot be changed")
        self._settle(now)
        current = self.raw_state()
        merged = {**current, **plug_transition(current, changes), **changes}
        lowered_max = merged["charge_current_request_max"]
        if "charge_current_request" not in changes and isinstance(lowered_max, int):
            # Like the car: a lower maximum lowers the request with it.
            merged["charge_current_request"] = min(merged["charge_current_request"], lowered_max)
        config = validated_config(merged)
        self._adopt(RawState(**config), now)
        self._after_patch(current, config, changes, now)
        self._plan_events()
        self.sync(now)

    def _after_patch(
        self,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        changes: Mapping[str, Any],
        now: float,
    ) -> None:
        if after["plugged_in"] != before["plugged_in"]:
            self._last_activity = now
            self._new_session_pending = after["plugged_in"]
            if not after["plugged_in"]:
                self._record_session(before, now)
        if "state" in changes:
            self._wake_at = NEVER
        self._refresh_preconditioning(now)
        if after["state"] != before["state"]:
            self._last_activity = now
        plugged_in_now = after["plugged_in"] and not before["plugged_in"]
        if (
            plugged_in_now
            and "charging_state" not in changes
            and changes.get("state", ONLINE) == ONLINE
            and self._in_charge_window(now)
            and self._can_start_charging()
        ):
            # Plugged in during a charge schedule's window: the car charges at once, as it
            # would have at the window's start.
            self._start_session(now)
            self.raw.state = ONLINE
            self._wake_at = NEVER
        started = before["charging_state"] != CHARGING and after["charging_state"] == CHARGING
        if started:
            if self._new_session_pending and "charge_energy_added" not in changes:
                self.raw.charge_energy_added = 0.0
            self._new_session_pending = False
            if self._session_started_at is None:
                self._session_started_at = now
        elif before["charging_state"] == CHARGING and after["charging_state"] != CHARGING:
            self._session_stopped_at = now

    def _record_session(self, before: Mapping[str, Any], unplugged_at: float) -> None:
        """The plug-in session that ends with this unplug, for the charging history (only if
        charging started during it)."""
        started_at, stopped_at = self._session_started_at, self._session_stopped_at
        self._session_started_at = self._session_stopped_at = None
        if started_at is None:
            return
        if before["charging_state"] == CHARGING or stopped_at is None:
            stopped_at = unplugged_at
        self._sessions_recorded += 1
        self._charging_sessions.append(
            ChargingSessionRecord(
                # Unique in the fleet: vehicle ids are, and no car records 10,000 sessions a
                # second.
                session_id=self.raw.vehicle_id * 10_000 + self._sessions_recorded % 10_000,
                vin=self.raw.vin,
                started_at=started_at,
                stopped_at=max(started_at, stopped_at),
                unlatched_at=unplugged_at,
                energy_kwh=before["charge_energy_added"],
                price_per_kwh=self.raw.price_per_kwh,
                currency_code=self.raw.currency_code,
                utc_offset_minutes=self.raw.utc_offset_minutes,
                site_name=place_kind(self.raw.parked_at, self.raw.home, self.raw.work).capitalize(),
                country_code="US",
            )
        )
        del self._charging_sessions[:-MAX_CHARGING_SESSIONS]

    @property
    def charging_sessions(self) -> list[ChargingSessionRecord]:
        """The finished plug-in sessions, oldest first (at most MAX_CHARGING_SESSIONS)."""
        return list(self._charging_sessions)

    def _adopt(self, raw: RawState, now: float) -> None:
        """Take `raw` as the car's state from `now` on (a new car, or an admin patch)."""
        self.raw = raw
        self._plan_schedule_edges(now)
        self._anchor = now
        self._level_per_s = 0.0
        self._schedule_at = (
            float(self.next_local(now, raw.scheduled_charging_start_time_app))
            if raw.scheduled_charging_mode == MODE_START_AT
            else NEVER
        )

    # --- what the views (tesla_mock/vehicle_views.py) read besides `raw` ---

    @property
    def scheduled_start_at(self) -> float | None:
        """When the legacy StartAt schedule next starts charging (None unless it is on)."""
        if self.raw.scheduled_charging_mode != MODE_START_AT:
            return None
        return self._schedule_at

    @property
    def charge_schedules(self) -> list[ChargeSchedule]:
        return list(self._charge_schedules.values())

    @property
    def precondition_schedules(self) -> list[PreconditionSchedule]:
        return list(self._precondition_schedules.values())

    def charge_state(self, now: float) -> dict[str, Any]:
        """The spec's `ChargeState` as of `now`, for callers outside the views (the dashboard's
        events, the benchmarks); the view itself is `vehicle_views.charge_state`."""
        from tesla_mock import vehicle_views  # the views import this module

        return vehicle_views.charge_state(self, now)
