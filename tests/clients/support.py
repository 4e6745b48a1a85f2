"""Community Tesla clients, unmodified, against the mock vehicle: what they share.

Each test module runs one client through a charging session as its users do: list the cars,
wake the one that sleeps, read its charge state, set the charge limit and the charging amps,
start and stop charging, and get a refusal with the car's real reason. Each test asserts what
the client returned and what the car became (through the admin API), and the exact requests the
car received (through its journal).

The clients open their own connections, so every module serves the mock on a loopback port.
A plain module, not a conftest: the tests import from it.
"""

from __future__ import annotations

import time
from typing import Any

from tesla_mock import TeslaMock

EMAIL = "owner@example.com"
UNUSED_REFRESH_TOKEN = "refresh-token-never-used"  # the access token outlives every test

# The car of the session: plugged in, asleep, and quick to wake (a client's wake-up polls).
PLUGGED_IN_ASLEEP: dict[str, Any] = {
    "display_name": "Garage car",
    "state": "asleep",
    "wake_delay_s": 0,
    "plugged_in": True,
    "battery_level": 50,
    "charge_limit_soc": 80,
    "charge_current_request": 16,
}
# The car of the refusal: online, no cable.
UNPLUGGED: dict[str, Any] = {
    "display_name": "Street car",
    "plugged_in": False,
    "battery_level": 70,
}

VEHICLES_PATH = "/api/1/vehicles/"

# A command's `response` when the car carries it out.
DONE = {"result": True, "reason": ""}


def token_expiry(seconds: int = 3600) -> int:
    """Epoch seconds of a token that is still valid for the whole test."""
    return int(time.time()) + seconds


def received(
    tesla_mock: TeslaMock, vehicle: str, *, commands_only: bool = False, bodies: bool = True
) -> list[tuple[Any, ...]]:
    """What `vehicle` received, oldest first, as (method, path after `/api/1/vehicles/`, query,
    content type, body, status): e.g. ("POST", "<VIN>/command/charge_start", "", None, "", 200).

    `commands_only` keeps the `/command/` requests (the number of wake-up polls varies).
    `bodies=False` leaves the body out: the journal holds only the body the mock read, and it
    reads none for GETs and `wake_up`.
    """
    path_contains = "/command/" if commands_only else None
    entries = tesla_mock.admin.journal(vehicle, path_contains=path_contains)
    return [
        (
            entry["method"],
            entry["path"].removeprefix(VEHICLES_PATH),
            entry["query"],
            entry["content_type"],
            *((entry["body"],) if bodies else ()),
            entry["status"],
        )
        for entry in entries
    ]


def car_state(tesla_mock: TeslaMock, vehicle: str) -> dict[str, Any]:
    """The car's raw state as the admin API shows it."""
    return tesla_mock.admin.vehicle_state(vehicle)
