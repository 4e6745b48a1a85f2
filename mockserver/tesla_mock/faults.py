"""Faults: failures and car refusals the admin API arms, and which of them fire for a request.

Plain Python, no HTTP. The `Fleet` checks a new fault and which vehicle it targets
(`Fleet.add_fault`); `Faults` keeps them and decides, per request, which fire.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tesla_mock.vehicle import CommandResult, Vehicle


@dataclass
class Fault:
    id: int  # given by `Faults.add`
    vehicle_id: int | None  # None: every request
    status: int | None  # None: latency only
    count: int | None  # times left to fire; None: unlimited
    probability: float | None  # chance to fire per request; None: always
    latency_ms: int
    retry_after: int | None
    # A car refusal instead of an HTTP status: the next commands answer `result: false` with it.
    reason: str | None = None
    error: str | None = None  # the `error` text to answer instead of the status's usual one
    body: str = "text"  # a 429's body: the Fleet API's text, or `json` for the envelope

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "vehicle_id": None if self.vehicle_id is None else str(self.vehicle_id),
            "status": self.status,
            "count": self.count,
            "probability": self.probability,
            "latency_ms": self.latency_ms,
            "retry_after": self.retry_after,
            "reason": self.reason,
            "error": self.error,
            "body": self.body,
        }


@dataclass(frozen=True)
class FaultOutcome:
    latency_s: float
    status: int | None
    retry_after: int | None
    error: str | None = None
    body: str = "text"


class Faults:
    """The armed faults, oldest first, also by the vehicle they target.

    `changed` is called after every change (the fleet's live events).
    """

    def __init__(self, changed: Callable[[], None]) -> None:
        self._changed = changed
        self._rng = random.Random()
        self._by_id: dict[int, Fault] = {}  # oldest first
        # The same faults by the vehicle id they target (None: every vehicle), oldest first:
        # a request looks only at the faults that can fire for it.
        self._by_target: dict[int | None, dict[int, Fault]] = {}
        self._ids = itertools.count(1)

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, fault: Fault) -> Fault:
        """Arm a fault the fleet has checked, under the next id (whatever `fault.id` was)."""
        fault.id = next(self._ids)
        self._by_id[fault.id] = fault
        self._by_target.setdefault(fault.vehicle_id, {})[fault.id] = fault
        self._changed()
        return fault

    def all(self) -> list[Fault]:
        return list(self._by_id.values())

    def get(self, fault_id: int) -> Fault | None:
        return self._by_id.get(fault_id)

    def clear(self) -> None:
        self._by_id.clear()
        self._by_target.clear()
        self._changed()

    def set_aside(self) -> tuple[dict[int, Fault], dict[int | None, dict[int, Fault]]]:
        """Empty, without an event, returning what there was for `put_back` (a fleet being
        replaced clears its faults, and restores them if the replacement fails)."""
        saved = self._by_id, self._by_target
        self._by_id, self._by_target = {}, {}
        return saved

    def put_back(self, saved: tuple[dict[int, Fault], dict[int | None, dict[int, Fault]]]) -> None:
        self._by_id, self._by_target = saved

    def remove(self, fault: Fault) -> None:
        del self._by_id[fault.id]
        targeted = self._by_target[fault.vehicle_id]
        del targeted[fault.id]
        if not targeted:
            del self._by_target[fault.vehicle_id]
        self._changed()

    def remove_for_vehicle(self, vehicle_id: int) -> None:
        """Disarm the faults that target a vehicle (which is going away)."""
        for fault in list(self._by_target.get(vehicle_id, {}).values()):
            self.remove(fault)

    def fire(self, vehicle: Vehicle | None) -> FaultOutcome | None:
        """The faults that fire for one request, consumed; None when none does.

        Latencies add up; the first firing fault with a status decides the answer, and a later
        one with a status does not fire (nor use up its count) for this request. Only the
        faults for every vehicle and those for this one are looked at.
        """
        if not self._by_id:
            return None
        general = self._by_target.get(None)
        own = None if vehicle is None else self._by_target.get(vehicle.id)
        if general and own:
            candidates = sorted([*general.values(), *own.values()], key=lambda f: f.id)
        elif general or own:
            candidates = list((general or own).values())  # type: ignore[union-attr]
        else:
            return None
        latency_ms = 0
        status: int | None = None
        retry_after: int | None = None
        chosen: Fault | None = None
        for fault in candidates:
            if fault.reason is not None:
                continue  # refusals are the car's answer to commands: `take_refusal`
            if fault.status is not None and status is not None:
                continue
            if fault.probability is not None and self._rng.random() >= fault.probability:
                continue
            latency_ms += fault.latency_ms
            if fault.status is not None:
                status, retry_after, chosen = fault.status, fault.retry_after, fault
            if fault.count is not None:
                fault.count -= 1
                self._changed()
                if fault.count <= 0:
                    self.remove(fault)
        if status is None and latency_ms == 0:
            return None
        if chosen is None:
            return FaultOutcome(latency_ms / 1000, None, None)
        return FaultOutcome(latency_ms / 1000, status, retry_after, chosen.error, chosen.body)

    def take_refusal(self, vehicle: Vehicle) -> tuple[CommandResult, float] | None:
        """The car refusal a refusal fault makes this command answer, with the seconds to wait
        first, consumed; None if none fires. Faults for every vehicle and for this one are
        looked at, oldest first."""
        candidates = sorted(
            [
                *self._by_target.get(None, {}).values(),
                *self._by_target.get(vehicle.id, {}).values(),
            ],
            key=lambda f: f.id,
        )
        for fault in candidates:
            if fault.reason is None:
                continue
            if fault.probability is not None and self._rng.random() >= fault.probability:
                continue
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.remove(fault)
                else:
                    self._changed()
            return CommandResult.refused(fault.reason), fault.latency_ms / 1000
        return None
