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
import functools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from connexion.context import request
from connexion.context import scope as request_scope

from tesla_mock import charging_history, error_texts
from tesla_mock import proxy as proxy_rules
from tesla_mock.asgi import header
from tesla_mock.errors import (
    INVALID_COMMAND,
    VEHICLE_ASLEEP_FLEET,
    VEHICLE_ASLEEP_OWNER,
    ApiError,
)
from tesla_mock.flavors import OWNER, PROXY, Flavor, region_redirect, request_region
from tesla_mock.fleet import Account, Fleet
from tesla_mock.schedules import UnrecognizedDayName
from tesla_mock.vehicle import SIGNED_COMMANDS_REQUIRED, CommandResult, Vehicle
from tesla_mock.vehicle_views import (
    DEFAULT_SECTIONS,
    IGNORED_SECTIONS,
    KNOWN_SECTIONS,
    SECTION_BUILDERS,
    vehicle_data_summary,
    vehicle_summary,
)

Handler = Callable[..., Awaitable[dict[str, Any]]]


def base_url() -> str:
    """Scheme, host and port the current request was sent to."""
    return str(request.base_url).rstrip("/")


def request_host() -> str:
    """The Host header of the current request, read from its ASGI scope: connexion's `request`
    builds a new request object at every use (its cost: docs/benchmarks.md, "Later the same
    day")."""
    return (header(request_scope._get_current_object(), b"host") or b"").decode("latin-1")


class VehicleApi:
    def __init__(self, fleet: Fleet, flavor: Flavor | None = None) -> None:
        self.fleet = fleet
        self.flavor = flavor or Flavor()

    def resolve(self, operation_id: str) -> Handler:
        """connexion's function resolver: an operationId to its handler."""
        handler = getattr(self, operation_id, None)
        if handler is None and callable(getattr(Vehicle, operation_id, None)):
            handler = self._command_handler(operation_id)
        if handler is None:
            raise LookupError(f"no handler for operationId {operation_id}")
        return _answering_json(handler)

    # -- read side ------------------------------------------------------------------------
    async def list_vehicles(
        self, token_info: dict[str, Any], page: int = 1, per_page: int = 100
    ) -> dict[str, Any]:
        account = await self._enter(token_info)
        vehicles = list(account.vehicles.values())
        start = (page - 1) * per_page
        now = self.fleet.clock.now()
        shown = [vehicle_summary(vehicle, now) for vehicle in vehicles[start : start + per_page]]
        return {"response": shown, "count": len(vehicles)}

    async def list_products(self, token_info: dict[str, Any]) -> dict[str, Any]:
        account = await self._enter(token_info)
        now = self.fleet.clock.now()
        products = [vehicle_summary(vehicle, now) for vehicle in account.vehicles.values()]
        products += account.energy_sites
        return {"response": products, "count": len(products)}

    async def list_orders(self, token_info: dict[str, Any]) -> dict[str, Any]:
        await self._enter(token_info)
        return {"response": []}

    async def get_user_region(self, token_info: dict[str, Any]) -> dict[str, Any]:
        account = await self._enter(token_info)
        # A request that named no region (a plain host) is answered with the host it used:
        # the mock serves every region at its own address.
        host = request_host()
        url = region_redirect(host, account.region, self.flavor) or base_url()
        return {"response": {"region": account.region, "fleet_api_base_url": url}}

    async def fleet_status(
        self, token_info: dict[str, Any], body: dict[str, Any]
    ) -> dict[str, Any]:
        account = await self._enter(token_info)
        paired: list[str] = []
        unpaired: list[str] = []
        info: dict[str, Any] = {}
        now = self.fleet.clock.now()
        for vin in dict.fromkeys(body["vins"]):  # each VIN once, in the order asked
            vehicle = self.fleet.find_vehicle(vin, account)
            if vehicle is None or vehicle.vin != vin:
                continue
            vehicle.sync(now)
            (paired if vehicle.virtual_key_paired else unpaired).append(vin)
            info[vin] = vehicle.fleet_status_info()
        return {
            "response": {"key_paired_vins": paired, "unpaired_vins": unpaired, "vehicle_info": info}
        }

    # -- charging history ---------------------------------------------------------------
    async def get_charging_history(
        self,
        token_info: dict[str, Any],
        vin: str | None = None,
        startTime: str | None = None,
        endTime: str | None = None,
        pageNo: int = 0,
        pageSize: int = 25,
        sortBy: str | None = None,
        sortOrder: str = "DESC",
    ) -> dict[str, Any]:
        account = await self._enter(token_info)
        return charging_history.history_page(
            self._sessions(account),
            vin=vin,
            start_time=_instant(startTime, "startTime"),
            end_time=_instant(endTime, "endTime"),
            page_no=pageNo,
            page_size=pageSize,
            sort_order=sortOrder,
        )

    async def get_charging_sessions(
        self,
        token_info: dict[str, Any],
        vin: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 25,
        offset: int = 0,
    ) -> dict[str, Any]:
        account = await self._enter(token_info)
        return charging_history.sessions_page(
            self._sessions(account),
            vin=vin,
            date_from=_instant(date_from, "date_from"),
            date_to=_instant(date_to, "date_to"),
            offset=offset,
            limit=limit,
        )

    async def get_charging_invoice(self, content_id: str, token_info: dict[str, Any]) -> Any:
        account = await self._enter(token_info)
        record = charging_history.find_invoice(self._sessions(account), content_id)
        if record is None:
            raise ApiError(404, f"no invoice {content_id}")
        pdf = charging_history.invoice_pdf(record)
        return pdf, 200, {"Content-Type": "application/pdf"}

    def _sessions(self, account: Account) -> list[Any]:
        now = self.fleet.clock.now()
        sessions = []
        for vehicle in account.vehicles.values():
            vehicle.sync(now)
            sessions += vehicle.charging_sessions
        return sessions

    async def get_vehicle(self, id: str, token_info: dict[str, Any]) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id, must_be_online=False)
        return {"response": vehicle_summary(vehicle, now)}

    async def wake_up(self, id: str, token_info: dict[str, Any]) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id, must_be_online=False)
        summary = vehicle_summary(vehicle, now)  # as it was when asked: usually still asleep
        vehicle.wake_up(now)
        return {"response": summary}

    async def get_vehicle_data(
        self, id: str, token_info: dict[str, Any], endpoints: str | None = None
    ) -> dict[str, Any]:
        vehicle, now = await self._vehicle(token_info, id)
        vehicle.touch(now)
        names = endpoints.split(";") if endpoints else DEFAULT_SECTIONS
        if any(name not in KNOWN_SECTIONS for name in names):
            # The spec's pattern already refuses these, except where Python's `$` lets a
            # final newline through (`charge_state\n`).
            sections = error_texts.vehicle_data_sections()
            where = "query parameter 'endpoints'"
            raise ApiError(400, error_texts.unaccepted_value(where, endpoints or "", sections, ";"))
        with_location = "location_data" in names
        data = vehicle_data_summary(vehicle, now)
        for name in names:
            if name in IGNORED_SECTIONS:
                continue
            key, section = SECTION_BUILDERS[name](vehicle, now, with_location)
            data[key] = section
        return {"response": data}

    # -- commands -------------------------------------------------------------------------
    def _command_handler(self, command: str) -> Handler:
        proxy = self.flavor.name == PROXY

        async def handle_command(
            id: str, token_info: dict[str, Any], body: dict[str, Any] | None = None
        ) -> dict[str, Any]:
            # (A numeric id never gets here: ProxyCommandBodyMiddleware answers its 404 first.)
            if proxy and command in proxy_rules.NOT_IN_PROXY:
                raise ApiError(400, error=INVALID_COMMAND)
            vehicle, now = await self._vehicle(
                token_info, id, must_be_online=not proxy, command=True, signed=proxy
            )
            # The proxy signs for a car that speaks Tesla's command protocol; a car that does
            # not (`command_signing: off`) answers its signed_command 422, and the proxy then
            # forwards the request to the Fleet API's REST path unchanged.
            signed = proxy and vehicle.speaks_command_protocol
            if proxy and not vehicle.is_online(now):
                if signed:
                    # The session with an asleep car fails (vehicle-command's inet.go) and the
                    # proxy answers that error as a 500.
                    raise ApiError(500, error=VEHICLE_ASLEEP_FLEET)
                raise ApiError(408, error=self._asleep_text())
            outcome = None
            refusal = self.fleet.take_refusal(vehicle)
            if refusal is not None:
                outcome, delay_s = refusal
                await asyncio.sleep(delay_s)
            if outcome is None and not proxy:
                outcome = vehicle.unsigned_command_refusal()
            if outcome is None:
                try:
                    # No body, `{}` and JSON `null` all mean "no parameters".
                    outcome = getattr(vehicle, command)(now, **(body or {}))
                except UnrecognizedDayName as exc:
                    raise ApiError(400, error=str(exc)) from None
            return self._command_answer(outcome, signed)

        handle_command.__name__ = command
        return handle_command

    def _command_answer(self, outcome: CommandResult, signed: bool) -> dict[str, Any]:
        if not signed:
            return {"response": {"result": outcome.result, "reason": outcome.reason}}
        if outcome.result:
            return {"response": {"result": True, "reason": ""}}
        reason = outcome.reason or "unspecified error"
        return {
            "response": {"result": False, "reason": proxy_rules.REFUSAL_PREFIX + reason},
            "error": "",
            "error_description": "",
        }

    # -- shared steps ---------------------------------------------------------------------
    async def _enter(self, token_info: dict[str, Any]) -> Account:
        """The token's account, after the region check and the faults for every vehicle."""
        account: Account = token_info["account"]
        self._check_region(account)
        await self._apply_faults(None, account)
        return account

    def _check_region(self, account: Account) -> None:
        """421, as the Fleet API answers an account of another region, with its base URL."""
        host = request_host()
        if request_region(host, self.flavor) in (None, account.region):
            return
        self._raise_misdirected(host, account)

    def _raise_misdirected(self, host: str, account: Account) -> None:
        url = region_redirect(host, account.region, self.flavor) or base_url()
        raise ApiError(
            421,
            error=(
                f"user out of region, use base URL: {url}, "
                "see https://developer.tesla.com/docs/fleet-api#response-codes"
            ),
            # `h2=https://<host>`: the form Tesla's proxy looks for to follow it (proxy.go).
            headers={"Alt-Svc": f"h2={url}"},
        )

    async def _vehicle(
        self,
        token_info: dict[str, Any],
        key: str,
        *,
        must_be_online: bool = True,
        command: bool = False,
        signed: bool = False,
    ) -> tuple[Vehicle, float]:
        """The account's vehicle named by `key` (404 otherwise), after faults; 403 for an
        unsigned command to a car that requires signing; 408 if asleep."""
        account: Account = token_info["account"]
        self._check_region(account)
        vehicle = self.fleet.find_vehicle(key, account)
        waited = await self._apply_faults(vehicle, account)
        if waited and self.fleet.find_vehicle(key, account) is not vehicle:
            vehicle = None  # deleted, or the fleet was reset, during the fault's delay
        if vehicle is None:
            raise ApiError(404, error_texts.unknown_vehicle(key))
        if command and not signed and vehicle.refuses_unsigned_with_403:
            # Tesla's servers answer this before the car is asked, asleep or not.
            raise ApiError(403, error=SIGNED_COMMANDS_REQUIRED)
        now = self.fleet.clock.now()
        if must_be_online and not vehicle.is_online(now):
            raise ApiError(408, error=self._asleep_text())
        return vehicle, now

    def _asleep_text(self) -> str:
        return VEHICLE_ASLEEP_OWNER if self.flavor.name == OWNER else VEHICLE_ASLEEP_FLEET

    async def _apply_faults(self, vehicle: Vehicle | None, account: Account) -> bool:
        """Delay and answer as the faults that fire say; True if the request waited."""
        outcome = self.fleet.fault_for(vehicle)
        if outcome is None:
            return False
        if outcome.latency_s:
            await asyncio.sleep(outcome.latency_s)
        status = outcome.status
        if status is None:
            return outcome.latency_s > 0
        if status == 429:
            seconds = outcome.retry_after or 0
            headers = {
                "Retry-After": str(seconds),
                "RateLimit-Limit": "200",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(seconds),
            }
            text = f"Retry in {seconds} seconds"
            if outcome.body == "json":
                raise ApiError(429, text, headers=headers)
            raise ApiError(429, text=text, headers=headers)
        if status == 421 and outcome.error is None:
            self._raise_misdirected(request_host(), account)
        if status == 408 and outcome.error is None:
            raise ApiError(408, error=self._asleep_text())
        if status == 503 and outcome.error is None:
            raise ApiError(503, VEHICLE_ASLEEP_FLEET)
        raise ApiError(status, error=outcome.error)


# Every operation also documents a text/plain answer (the Fleet API's 429), so connexion
# needs to be told which type a handler's JSON answer is.
JSON_CONTENT_TYPE = {"Content-Type": "application/json"}


def _answering_json(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def answer(*args: Any, **kwargs: Any) -> Any:
        result = await handler(*args, **kwargs)
        return (result, 200, JSON_CONTENT_TYPE) if isinstance(result, dict) else result

    return answer


def _instant(value: str | None, name: str) -> datetime | None:
    """A query parameter's ISO 8601 date-time; 400 when it is not one or has no UTC offset."""
    if value is None:
        return None
    text = value.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = _rolled_over(text)
    if parsed is None:
        raise ApiError(400, f"{name}: not an ISO 8601 date-time: {value!r}")
    if parsed.tzinfo is None:
        raise ApiError(400, f"{name}: give a UTC offset (Z or +hh:mm): {value!r}")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before UTC's first instant
        return (
            datetime.min.replace(tzinfo=UTC)
            if parsed.year == 1
            else datetime.max.replace(tzinfo=UTC)
        )


def _rolled_over(text: str) -> datetime | None:
    """A date-time whose day is past its month's end (2026-02-30), read as JavaScript's
    `Date` reads it: that many days after the month's first (2026-03-02). The spec's pattern
    lets days up to 31 through for every month."""
    try:
        year, month, day = (int(part) for part in text[:10].split("-"))
        first = datetime.fromisoformat(f"{year:04d}-{month:02d}-01{text[10:]}")
    except ValueError:
        return None
    return first + timedelta(days=day - 1)
