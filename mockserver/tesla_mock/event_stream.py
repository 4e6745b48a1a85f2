"""The wire side of the fleet's live events (tesla_mock/events.py): one server-sent event, what
the dashboard is shown of a car, and the ASGI response that writes one subscription's stream.
"""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING, Any

import orjson
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from tesla_mock.events import EventHub, Subscription
    from tesla_mock.vehicle import Vehicle

EVENT_STREAM = "text/event-stream"


def sse(event: str, data: Any) -> bytes:
    """One server-sent event; orjson writes one line (newlines in strings are escaped)."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


def vehicle_view(vehicle: Vehicle, now: float) -> dict[str, Any]:
    """What the dashboard shows of one car at simulated time `now` (`at`), in the admin API's
    and the vehicle API's names. Between events a charging car's level rises by
    `battery_level_per_hour` up to its limit."""
    raw = vehicle.raw_state(now)
    charge = vehicle.charge_state(now)  # read with .get(): a car's profile may leave fields out
    # The car's own figure (charge_state rounds it to whole kW, too coarse to draw with).
    power_kw = vehicle.power_kw() if raw["charging_state"] == "Charging" else 0.0
    return {
        "id": str(raw["id"]),
        "vin": raw["vin"],
        "display_name": raw["display_name"],
        "state": "waking" if vehicle.waking_until != math.inf else raw["state"],
        "plugged_in": raw["plugged_in"],
        "charge_port_door_open": raw["charge_port_door_open"],
        "charge_port_latch": raw["charge_port_latch"],
        "charging_state": raw["charging_state"],
        "battery_level": round(raw["battery_level"], 4),
        "charge_limit_soc": raw["charge_limit_soc"],
        "charge_energy_added": round(raw["charge_energy_added"], 3),
        "charge_current_request": raw["charge_current_request"],
        "charge_current_request_max": raw["charge_current_request_max"],
        "charger_power_kw": round(power_kw, 3),
        "battery_level_per_hour": round(power_kw / raw["pack_kwh"] * 100, 6),
        "time_to_full_charge": charge.get("time_to_full_charge"),
        "scheduled_charging_mode": raw["scheduled_charging_mode"],
        "scheduled_charging_start_time": charge.get("scheduled_charging_start_time"),
        "scheduled_departure_time": charge.get("scheduled_departure_time"),
        "sleep_after_idle_s": raw["sleep_after_idle_s"],
        "profile": raw["profile"],
        "at": now,
    }


class EventStreamResponse(Response):
    """The stream of one subscription, as an ASGI response: written until the client leaves,
    stops reading for `send_timeout_s`, or the hub closes it."""

    media_type = EVENT_STREAM

    def __init__(self, hub: EventHub, subscription: Subscription) -> None:
        # Not Response.__init__, which would announce a Content-Length of 0.
        self.status_code = 200
        self.background = None
        self.body = b""
        self.raw_headers = [
            (b"content-type", EVENT_STREAM.encode()),
            (b"cache-control", b"no-store"),
            (b"x-accel-buffering", b"no"),  # proxies: pass each event on at once
        ]
        self.hub = hub
        self.subscription = subscription

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        subscription = self.subscription
        timeout = self.hub.limits.send_timeout_s
        watcher = asyncio.ensure_future(self._watch_disconnect(receive))
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            async for chunk in self.hub.events(subscription):
                message: Message = {"type": "http.response.body", "body": chunk, "more_body": True}
                await asyncio.wait_for(send(message), timeout)
            # Ended by the hub (the server is shutting down). A client that reads nothing
            # still gets its connection closed: uvicorn closes an unfinished answer's.
            end: Message = {"type": "http.response.body", "body": b"", "more_body": False}
            await asyncio.wait_for(send(end), timeout)
        except TimeoutError:
            # Its client has taken nothing for `timeout` seconds: the hub forgets it now.
            # The connection ends when the client leaves, or when the server's connection
            # limits reset it (tesla_mock/serving.py: a send buffer that does not drain for
            # --body-timeout), which ends this wait with a disconnect.
            self.hub.unsubscribe(subscription)
            closing = asyncio.ensure_future(self.hub.closing.wait())
            await asyncio.wait([watcher, closing], return_when=asyncio.FIRST_COMPLETED)
            closing.cancel()
        except OSError:
            pass  # the client has gone
        finally:
            watcher.cancel()
            self.hub.unsubscribe(subscription)

    async def _watch_disconnect(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.hub.unsubscribe(self.subscription)
                return
