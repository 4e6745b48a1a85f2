"""The requests every server is driven with, as the exact bytes put on the wire.

wrk (through a generated Lua script) sends these same bytes in turn, so every server sees an
identical workload; `make profile` hands the same requests to the app as ASGI calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

TOKEN = "demo-owner-token"
# The default fleet's plugged-in car (tesla_mock/fixtures/default-fleet.yaml), owned by TOKEN.
VEHICLE_ID = "13691870400958016"
VEHICLE_PATH = f"/api/1/vehicles/{VEHICLE_ID}"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    json_body: dict[str, object] | None = None  # None: no body and no Content-Type

    @property
    def body(self) -> bytes:
        return b"" if self.json_body is None else json.dumps(self.json_body).encode()

    def headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        if self.json_body is not None:
            headers["Content-Type"] = "application/json"
        if self.method != "GET":
            headers["Content-Length"] = str(len(self.body))
        return headers

    def wire(self, host: str) -> bytes:
        """The full HTTP/1.1 request (keep-alive is HTTP/1.1's default)."""
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in self.headers().items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body

    def describe(self) -> str:
        body = "" if self.json_body is None else " " + json.dumps(self.json_body)
        return f"{self.method} {self.path}{body}"


@dataclass(frozen=True)
class Workload:
    name: str
    requests: tuple[Request, ...]  # sent in turn, round robin over all connections

    def wire(self, host: str) -> list[bytes]:
        return [request.wire(host) for request in self.requests]


def _command(name: str, body: dict[str, object] | None = None) -> Request:
    return Request("POST", f"{VEHICLE_PATH}/command/{name}", body)


WORKLOADS: dict[str, tuple[Request, ...]] = {
    # Two values in turn, so the mock really changes the limit instead of refusing "already_set".
    "set_charge_limit": (
        _command("set_charge_limit", {"percent": 76}),
        _command("set_charge_limit", {"percent": 77}),
    ),
    # No body and no Content-Type, as real clients send them; a refusal is still HTTP 200.
    "charge_start_stop": (_command("charge_start"), _command("charge_stop")),
    # What a charging app polls.
    "vehicle_data": (Request("GET", f"{VEHICLE_PATH}/vehicle_data?endpoints=charge_state"),),
    # Every section; not in the default run (--only vehicle_data_all).
    "vehicle_data_all": (Request("GET", f"{VEHICLE_PATH}/vehicle_data"),),
}
DEFAULT_WORKLOADS = ("set_charge_limit", "charge_start_stop", "vehicle_data")
WORKLOAD_NAMES = tuple(WORKLOADS)


def workload(name: str) -> Workload:
    return Workload(name, WORKLOADS[name])
