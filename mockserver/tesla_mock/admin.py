"""Handlers of the admin API (spec/mock-admin.yaml, served under /__mock).

Thin adapters: each operationId maps to one method here, which calls the fleet, the clock or a
vehicle and packs the answer. `FleetError`s become error envelopes with their status; every
error description is one line of at most a few hundred characters (`fleet.one_line`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from typing import Any

from connexion.context import request

from tesla_mock.errors import ApiError
from tesla_mock.fleet import Fleet, FleetError, one_line, parse_scenario
from tesla_mock.specs import VEHICLE_SPEC, load_spec
from tesla_mock.vehicle import InconsistentConfig

NO_CONTENT = (None, 204)
# The units `POST /clock/advance` takes, in seconds (spec/mock-admin.yaml, `ClockAdvance`).
SECONDS_PER_UNIT = {"seconds": 1, "minutes": 60, "hours": 3600}


def clock_advance_seconds(body: Mapping[str, float]) -> float:
    """How far a `ClockAdvance` body moves the clock: its units added up, in seconds."""
    return sum(body.get(unit, 0) * seconds for unit, seconds in SECONDS_PER_UNIT.items())


def _fleet_errors(method: Any) -> Any:
    @functools.wraps(method)  # connexion reads the signature through __wrapped__
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except FleetError as exc:  # its message is already one short line
            raise ApiError(exc.status, str(exc)) from None
        except InconsistentConfig as exc:  # valid values that contradict each other
            raise ApiError(409, one_line(str(exc))) from None
        except ValueError as exc:  # a vehicle or the clock refused a value
            raise ApiError(400, one_line(str(exc))) from None

    return wrapper


class AdminApi:
    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.started = time.monotonic()  # real time: the simulated clock can be moved

    def resolve(self, operation_id: str) -> Any:
        method = getattr(self, operation_id)
        return _fleet_errors(method)

    # -- server ---------------------------------------------------------------------------
    async def get_health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "version": str(load_spec(VEHICLE_SPEC)["info"]["version"]),
            "uptime_s": time.monotonic() - self.started,
        }

    # -- fleet ----------------------------------------------------------------------------
    async def reset(self) -> dict[str, Any]:
        self.fleet.reset()
        return self.fleet.summary()

    async def get_fleet(self) -> dict[str, Any]:
        return self.fleet.summary()

    async def load_scenario(self, body: Any) -> dict[str, Any]:
        scenario = parse_scenario(body) if isinstance(body, str | bytes) else body
        self.fleet.load(scenario)
        return self.fleet.summary()

    async def create_account(self, body: dict[str, Any] | None = None) -> tuple[Any, int]:
        body = body or {}
        token = body.get("token")
        account = self.fleet.create_account(
            body.get("name"), tokens=[token] if token else None, region=body.get("region")
        )
        return account.summary(), 201

    async def get_account(self, account: str) -> dict[str, Any]:
        return self.fleet.account(account).summary()

    async def delete_account(self, account: str) -> tuple[Any, int]:
        self.fleet.delete_account(account)
        return NO_CONTENT

    async def create_token(self, account: str, body: dict[str, Any] | None = None) -> Any:
        token = self.fleet.add_token(account, (body or {}).get("token"))
        return {"token": token}, 201

    async def delete_token(self, account: str, token: str) -> tuple[Any, int]:
        self.fleet.revoke_token(account, token)
        return NO_CONTENT

    async def create_vehicle(self, account: str, body: dict[str, Any] | None = None) -> Any:
        vehicle = self.fleet.create_vehicle(account, body)
        return vehicle.raw_state(self.fleet.clock.now()), 201

    async def delete_vehicle(self, vehicle_id: str) -> tuple[Any, int]:
        self.fleet.delete_vehicle(vehicle_id)
        return NO_CONTENT

    # -- vehicle state --------------------------------------------------------------------
    async def get_vehicle_state(self, vehicle_id: str) -> dict[str, Any]:
        return self.fleet.vehicle(vehicle_id).raw_state(self.fleet.clock.now())

    async def patch_vehicle_state(self, vehicle_id: str, body: dict[str, Any]) -> dict[str, Any]:
        vehicle = self.fleet.vehicle(vehicle_id)
        now = self.fleet.clock.now()
        vehicle.patch(now, body)
        self.fleet.events.vehicle_changed(vehicle)
        return vehicle.raw_state(now)

    # -- journal --------------------------------------------------------------------------
    async def get_journal(
        self,
        vehicle_id: str,
        method: str | None = None,
        path_contains: str | None = None,
        status: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        entries = [
            entry
            for entry in self.fleet.journal(vehicle_id)
            if (method is None or entry["method"] == method)
            and (path_contains is None or path_contains in entry["path"])
            and (status is None or entry["status"] == status)
        ]
        if limit is not None:
            entries = entries[-limit:]
        return {"entries": entries}

    async def clear_journal(self, vehicle_id: str) -> tuple[Any, int]:
        self.fleet.clear_journal(vehicle_id)
        return NO_CONTENT

    # -- clock ----------------------------------------------------------------------------
    def _clock_state(self) -> dict[str, Any]:
        clock = self.fleet.clock
        return {"now": clock.now(), "frozen": clock.frozen, "time_scale": clock.time_scale}

    async def get_clock(self) -> dict[str, Any]:
        return self._clock_state()

    async def patch_clock(self, body: dict[str, Any]) -> dict[str, Any]:
        clock = self.fleet.clock
        if "time_scale" in body:
            clock.set_time_scale(body["time_scale"])
        if body.get("frozen") is True:
            clock.freeze()
        elif body.get("frozen") is False:
            clock.unfreeze()
        self.fleet.events.clock_changed()
        return self._clock_state()

    async def advance_clock(self, body: dict[str, Any]) -> dict[str, Any]:
        self.fleet.clock.advance(clock_advance_seconds(body))
        now = self.fleet.clock.now()
        for vehicle in self.fleet.all_vehicles():
            vehicle.sync(now)
        self.fleet.events.clock_changed()
        self.fleet.events.vehicles_changed(self.fleet.all_vehicles())
        return self._clock_state()

    # -- live events (tesla_mock/events.py) -----------------------------------------------
    async def stream_events(self) -> Any:
        return await self.fleet.events.answer(request.headers.get("accept") or "")

    # -- faults ---------------------------------------------------------------------------
    async def list_faults(self) -> dict[str, Any]:
        return {"faults": [fault.summary() for fault in self.fleet.faults()]}

    async def create_fault(self, body: dict[str, Any]) -> tuple[Any, int]:
        fault = self.fleet.add_fault(
            vehicle_key=body.get("vehicle_id"),
            status=body.get("status"),
            count=body.get("count"),
            probability=body.get("probability"),
            latency_ms=body.get("latency_ms", 0),
            retry_after=body.get("retry_after"),
            reason=body.get("reason"),
            error=body.get("error"),
            body=body.get("body", "text"),
        )
        return fault.summary(), 201

    async def clear_faults(self) -> tuple[Any, int]:
        self.fleet.clear_faults()
        return NO_CONTENT

    async def delete_fault(self, fault_id: int) -> tuple[Any, int]:
        self.fleet.delete_fault(fault_id)
        return NO_CONTENT
