"""What the server tests share: the scenario, its tokens and cars, and an `Api` client.

A plain module (the fixtures in conftest.py use it too): tests import from here, never from a
conftest.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient
from tesla_mock.clock import SimClock

START = 1_732_435_200.0  # 2024-11-24 08:00:00 UTC
OWNER_TOKEN = "owner-token-1"
OTHER_TOKEN = "other-token-1"
ADMIN_TOKEN = "admin-token-1"
PLUGGED = "1000000000000001"
UNPLUGGED = "1000000000000002"
OTHERS_CAR = "2000000000000001"
PLUGGED_VIN = "5YJ3E1EA7KF000001"

SCENARIO: dict[str, Any] = {
    "accounts": [
        {
            "name": "owner",
            "tokens": [OWNER_TOKEN],
            "vehicles": [
                {
                    "id": int(PLUGGED),
                    "vin": PLUGGED_VIN,
                    "plugged_in": True,
                    "battery_level": 40,
                    "charge_limit_soc": 80,
                },
                {"id": int(UNPLUGGED), "vin": "5YJ3E1EA7KF000002", "battery_level": 70},
            ],
        },
        {
            "name": "other",
            "tokens": [OTHER_TOKEN],
            "vehicles": [{"id": int(OTHERS_CAR), "vin": "5YJ3E1EA7KF000003"}],
        },
    ]
}


class Api:
    """A test client speaking to one in-process server as the owner account."""

    def __init__(self, client: TestClient, clock: SimClock) -> None:
        self.http = client
        self.clock = clock
        self.owner = {"Authorization": f"Bearer {OWNER_TOKEN}"}
        self.admin_headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def command(self, vehicle: str, name: str, body: Any = None, **kwargs: Any) -> Any:
        headers = {**self.owner, **kwargs.pop("headers", {})}
        url = f"/api/1/vehicles/{vehicle}/command/{name}"
        return self.http.post(url, json=body, headers=headers, **kwargs)

    def charge_state(self, vehicle: str) -> dict[str, Any]:
        response = self.http.get(
            f"/api/1/vehicles/{vehicle}/vehicle_data",
            params={"endpoints": "charge_state"},
            headers=self.owner,
        )
        assert response.status_code == 200, response.text
        return response.json()["response"]["charge_state"]  # type: ignore[no-any-return]

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.admin_headers, **kwargs.pop("headers", {})}
        return self.http.request(method, f"/__mock{path}", headers=headers, **kwargs)
