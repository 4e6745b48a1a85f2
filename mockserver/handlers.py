"""Handlers of the vehicle API: thin adapters from operationIds to the fleet and vehicle rules.

connexion has already checked the bearer token, the path, the query and the body against
spec/tesla-charging.yaml before any of these runs. Every command is the same adapter: the
operationId names the `Vehicle` method, and the validated body's fields are its arguments.

Handlers are `async` on purpose: they run on the event loop one at a time and never await
between reading and changing a vehicle, so concurrent requests to one car are serialised
without locks (a sync handler would run in a thread pool and race).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from connexion.context import request

from mockserver.errors import ApiError
from mockserver.fleet import Account, Fleet
from mockserver.vehicle import Vehicle

Handler = Callable[..., Awaitable[dict[str, Any]]]


def base_url() -> str:
    """Scheme, host and port the current request was sent to."""
    return str(request.base_url).rstrip("/")


# `endpoints` section name -> builder of that section; `location_data` is an option of
# `drive_state`, and `closures_state` is served inside `vehicle_state`.
SECTION_BUILDERS: dict[str, Callable[[Vehicle, float, bool], tuple[str, dict[str, Any]]]] = {
    "charge_state": lambda v, now, _loc: ("charge_state", v.charge_state(now)),
    "climate_state": lambda v, now, _loc: ("climate_state", v.climate_state(now)),
    "drive_state": lambda v, now, loc: ("drive_state", v.drive_state(now, with_location=loc)),
    "location_data": lambda v, now, _loc: ("drive_state", v.drive_state(now, with_location=True)),
    "gui_settings": lambda v, now, _loc: ("gui_settings", v.gui_settings(now)),
    "vehicle_config": lambda v, now, _loc: ("vehicle_config", v.vehicle_config(now)),
    "vehicle_state": lambda v, now, _loc: ("vehicle_state", v.vehicle_state(now)),
    "closures_state": lambda v, now, _loc: ("vehicle_state", v.vehicle_state(now)),
}
# Sections clients ask for that add nothing here: TeslaMate sends `vehicle_data_combo`, which
# Tesla does not document.
IGNORED_SECTIONS = frozenset({"vehicle_data_combo"})
KNOWN_SECTIONS = frozenset(SECTION_BUILDERS) | IGNORED_SECTIONS
DEFAULT_SECTIONS = (
    "charge_state",
    "climate_state",
    "drive_state",
    "gui_settings",
    "vehicle_config",
    "vehicle_state",
)


class VehicleApi:
    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet

    def resolve(self, operation_id: str) -> Handler:
        """connexion's function resolver: an operationId to its handler."""
        handler = getattr(self, operation_id, None)
        if handler is not None:
            return handler  # type: ignore[no-any-return]
        if callable(getattr(Vehicle, operation_id, None)):
            return self._command_handler(operation_id)
        raise LookupError(f"no handler for operationId {operation_id}")

    # -- read side ------------------------------------------------------------------------
    async def list_vehicles(
        self, token_info: dict[str, Any], page: int = 1, per_page: int = 100
    ) -> dict[str, Any]:
        account: Account = token_info["account"]
        await self._apply_faults(None)
        vehicles = list(account.vehicles.values())
        start = (page - 1) * per_page
        now = self.fleet.clock.now()
        shown = [vehicle.vehicle_summary(now) for vehicle in vehicles[start : start + per_page]]
        return {"response": shown, "count": len(vehicles)}

    async def list_products(self, token_info: dict[str, Any]) -> dict[str, Any]:
        account: Account = token_info["account"]
        await self._apply_faults(None)
        now = self.fleet.clock.now()
        products = [vehicle.vehicle_summary(now) for vehicle in account.vehicles.values()]
        products += account.energy_sites
        return {"response": products, "count": len(products)}

    async def list_orders(self, token_info: dict[str, Any]) -> dict[str, Any]:
        await self._apply_faults(None)
        return {"response": []}

    async def get_user_region(self, token_info: dict[str, Any]) -> dict[str, Any]:
        await self._apply_faults(None)
        # The mock serves every region itself: the Fleet host to use is the one asked.
        return {"response": {"region": self.fleet.region, "fleet_api_base_url": base_url()}}

    async def get_vehicle(self, id: str, token_info: dict[str, Any]) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id, must_be_online=False)
        return {"response": vehicle.vehicle_summary(now)}

    async def wake_up(self, id: str, token_info: dict[str, Any]) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id, must_be_online=False)
        summary = vehicle.vehicle_summary(now)  # as it was when asked: usually still asleep
        vehicle.wake_up(now)
        return {"response": summary}

    async def get_vehicle_data(
        self, id: str, token_info: dict[str, Any], endpoints: str | None = None
    ) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id)
        vehicle.touch(now)
        names = endpoints.split(";") if endpoints else DEFAULT_SECTIONS
        unknown = [name for name in names if name not in KNOWN_SECTIONS]
        if unknown:
            # The spec's pattern already refuses these, except where Python's `$` lets a
            # final newline through (`charge_state\n`).
            raise ApiError(400, f"{unknown[0]!r} is not a vehicle_data section - 'endpoints'")
        with_location = "location_data" in names
        data = vehicle.vehicle_data_summary(now)
        for name in names:
            if name in IGNORED_SECTIONS:
                continue
            key, section = SECTION_BUILDERS[name](vehicle, now, with_location)
            data[key] = section
        return {"response": data}

    # -- commands -------------------------------------------------------------------------
    def _command_handler(self, command: str) -> Handler:
        async def handle_command(
            id: str, token_info: dict[str, Any], body: dict[str, Any] | None = None
        ) -> dict[str, Any]:
            vehicle, now = await self._vehicle(token_info, id)
            # No body, `{}` and JSON `null` all mean "no parameters".
            outcome = getattr(vehicle, command)(now, **(body or {}))
            return {"response": {"result": outcome.result, "reason": outcome.reason}}

        handle_command.__name__ = command
        return handle_command

    # -- shared steps ---------------------------------------------------------------------
    async def _vehicle(
        self, token_info: dict[str, Any], key: str, *, must_be_online: bool = True
    ) -> tuple[Vehicle, float]:
        """The account's vehicle named by `key` (404 otherwise), after faults; 408 if asleep."""
        account = token_info["account"]
        vehicle = self.fleet.find_vehicle(key, account)
        waited = await self._apply_faults(vehicle)
        if waited and self.fleet.find_vehicle(key, account) is not vehicle:
            vehicle = None  # deleted, or the fleet was reset, during the fault's delay
        if vehicle is None:
            raise ApiError(404)
        now = self.fleet.clock.now()
        if must_be_online and not vehicle.is_online(now):
            raise ApiError(408)
        return vehicle, now

    async def _apply_faults(self, vehicle: Vehicle | None) -> bool:
        """Delay and answer as the faults that fire say; True if the request waited."""
        outcome = self.fleet.fault_for(vehicle)
        if outcome is None:
            return False
        if outcome.latency_s:
            await asyncio.sleep(outcome.latency_s)
        if outcome.status == 429:
            seconds = outcome.retry_after or 0
            raise ApiError(
                429, f"Retry in {seconds} seconds", headers={"Retry-After": str(seconds)}
            )
        if outcome.status == 503:
            raise ApiError(503, "vehicle unavailable: vehicle is offline or asleep")
        if outcome.status is not None:
            raise ApiError(outcome.status)
        return outcome.latency_s > 0
