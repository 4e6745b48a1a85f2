"""What `make mock` serves besides the API: Swagger UI, the specs, configuration."""

from __future__ import annotations

import time
from typing import Any

import pytest
import uvicorn

from mockserver.cli import parse_args, serve
from tests.server.conftest import PLUGGED, Api


def test_swagger_ui_is_served_for_both_apis(api: Api) -> None:
    for path in ("/ui/", "/__mock/ui/"):
        response = api.http.get(path)
        assert response.status_code == 200
        assert "swagger" in response.text.lower()
    spec = api.http.get("/openapi.json").json()
    assert spec["info"]["title"] == "Tesla Vehicle Charging API"
    admin_spec = api.http.get("/__mock/openapi.json").json()
    assert "/clock/advance" in admin_spec["paths"]


def test_latency_fault_slows_requests_without_failing_them(api: Api) -> None:
    api.admin("POST", "/faults", json={"vehicle_id": PLUGGED, "latency_ms": 150})
    started = time.perf_counter()
    response = api.command(PLUGGED, "charge_stop")
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_options_come_from_the_environment_and_the_command_line_wins(monkeypatch) -> None:
    monkeypatch.setenv("TESLA_MOCK_PORT", "5001")
    monkeypatch.setenv("TESLA_MOCK_TIME_SCALE", "60")
    monkeypatch.setenv("TESLA_MOCK_ADMIN_TOKEN", "from-env")
    args = parse_args([])
    assert (args.port, args.time_scale, args.admin_token) == (5001, 60.0, "from-env")
    assert parse_args(["--port", "5002"]).port == 5002


def test_the_event_loop_is_asyncio_unless_asked(monkeypatch) -> None:
    assert parse_args([]).loop == "asyncio"
    monkeypatch.setenv("TESLA_MOCK_LOOP", "uvloop")
    assert parse_args([]).loop == "uvloop"
    assert parse_args(["--loop", "asyncio"]).loop == "asyncio"


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_serve_runs_uvicorn_with_httptools_and_the_chosen_loop(monkeypatch, loop) -> None:
    ran = []

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        ran.append((self.config.http, self.config.loop, self.config.port))
        self.started = True

    monkeypatch.setattr(uvicorn.Server, "run", run)
    serve(object(), host="127.0.0.1", port=4999, log_level="warning", loop=loop)
    assert ran == [("httptools", loop, 4999)]
