"""Requests to one vehicle are serialised: 200 concurrent clients, no lost update."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.server.support import OWNER_TOKEN, PLUGGED


async def _race(app, command: str, clients: int = 200) -> Counter:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {OWNER_TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
        responses = await asyncio.gather(
            *(
                client.post(f"/api/1/vehicles/{PLUGGED}/command/{command}", headers=headers)
                for _ in range(clients)
            )
        )
    assert all(r.status_code == 200 for r in responses)
    return Counter(
        (r.json()["response"]["result"], r.json()["response"]["reason"]) for r in responses
    )


def test_200_concurrent_charge_starts_start_exactly_one_session(app) -> None:
    outcomes = asyncio.run(_race(app, "charge_start"))
    assert outcomes == Counter({(True, ""): 1, (False, "is_charging"): 199})


def test_200_concurrent_max_range_requests_count_one_max_range_charge(app) -> None:
    outcomes = asyncio.run(_race(app, "charge_max_range"))
    assert outcomes == Counter({(True, ""): 1, (False, "already_max_range"): 199})
    vehicle = app.mock.fleet.vehicle(PLUGGED)
    assert vehicle.raw_state(app.mock.fleet.clock.now())["charge_limit_soc"] == 100
