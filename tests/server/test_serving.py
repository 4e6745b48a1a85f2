"""What `make mock` serves besides the API: Swagger UI, the specs, configuration."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
import uvicorn
from tesla_mock import serving
from tesla_mock.cli import connection_limits, fleet_limits, is_loopback, parse_args, serve
from tesla_mock.fleet import FleetLimits
from tesla_mock.serving import ConnectionLimits
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from tests.server.support import PLUGGED, Api


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
    ((protocol, ran_loop, port),) = ran
    assert issubclass(protocol, HttpToolsProtocol) and (ran_loop, port) == (loop, 4999)
    assert protocol.limits == ConnectionLimits()


def test_serve_hands_the_limits_to_uvicorn_and_the_protocol(monkeypatch) -> None:
    configs = []

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        configs.append(self.config)
        self.started = True

    monkeypatch.setattr(uvicorn.Server, "run", run)
    limits = ConnectionLimits(max_header_bytes=100, idle_timeout=2.5, max_connections=7)
    serve(object(), host="127.0.0.1", port=4999, log_level="warning", limits=limits)
    (config,) = configs
    assert config.http.limits == limits and config.timeout_keep_alive == 2.5
    assert config.backlog == serving.ACCEPT_BACKLOG


def _clear_env(monkeypatch) -> None:
    for name in [name for name in os.environ if name.startswith("TESLA_MOCK_")]:
        monkeypatch.delenv(name)


def test_every_limit_has_a_default_a_flag_and_a_variable(monkeypatch) -> None:
    _clear_env(monkeypatch)
    args = parse_args([])
    assert connection_limits(args) == ConnectionLimits()
    assert fleet_limits(args) == FleetLimits()
    flags = {
        "--max-header-bytes": ("max_header_bytes", "2048", 2048),
        "--max-url-bytes": ("max_url_bytes", "512", 512),
        "--header-timeout": ("header_timeout", "2.5", 2.5),
        "--body-timeout": ("body_timeout", "3", 3.0),
        "--idle-timeout": ("idle_timeout", "0.5", 0.5),
        "--max-connections": ("max_connections", "9", 9),
    }
    for flag, (field, text, value) in flags.items():
        assert getattr(connection_limits(parse_args([flag, text])), field) == value
        variable = "TESLA_MOCK_" + flag[2:].upper().replace("-", "_")
        monkeypatch.setenv(variable, text)
        assert getattr(connection_limits(parse_args([])), field) == value
    fleet_flags = {
        "--journal-entries-per-vehicle": "journal_entries_per_vehicle",
        "--journal-bytes-per-vehicle": "journal_bytes_per_vehicle",
        "--journal-bytes-total": "journal_bytes_total",
        "--journal-body-bytes": "journal_body_bytes",
        "--max-faults": "faults",
        "--max-accounts": "accounts",
        "--max-vehicles": "vehicles",
    }
    for number, (flag, field) in enumerate(fleet_flags.items(), start=3):
        assert getattr(fleet_limits(parse_args([flag, str(number)])), field) == number
        monkeypatch.setenv("TESLA_MOCK_" + flag[2:].upper().replace("-", "_"), str(number + 1))
        assert getattr(fleet_limits(parse_args([])), field) == number + 1
        assert getattr(fleet_limits(parse_args([flag, "0"])), field) == 0


@pytest.mark.parametrize(
    ("argv", "env", "words"),
    [
        ([], {"TESLA_MOCK_PORT": "abc"}, ["--port", "TESLA_MOCK_PORT", "'abc'"]),
        (["--port", "70000"], {}, ["--port", "'70000'"]),
        ([], {"TESLA_MOCK_TIME_SCALE": "fast"}, ["--time-scale", "TESLA_MOCK_TIME_SCALE"]),
        (["--time-scale", "0"], {}, ["--time-scale"]),
        (["--max-header-bytes", "0"], {}, ["--max-header-bytes"]),
        (["--header-timeout", "-1"], {}, ["--header-timeout"]),
        (["--body-timeout", "nan"], {}, ["--body-timeout"]),
        (["--idle-timeout", "inf"], {}, ["--idle-timeout"]),
        ([], {"TESLA_MOCK_MAX_CONNECTIONS": "1.5"}, ["TESLA_MOCK_MAX_CONNECTIONS"]),
        (["--max-faults", "-1"], {}, ["--max-faults"]),
        (["--admin-token", ""], {}, ["--admin-token"]),
    ],
)
def test_bad_numbers_are_usage_errors(monkeypatch, capsys, argv, env, words) -> None:
    _clear_env(monkeypatch)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("tesla-mock: error: ")
    for word in words:
        assert word in error, error


def test_a_bad_variable_is_ignored_when_the_command_line_sets_the_option(monkeypatch) -> None:
    _clear_env(monkeypatch)
    monkeypatch.setenv("TESLA_MOCK_PORT", "abc")
    assert parse_args(["--port", "4012"]).port == 4012


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.168.1.5", False),
        ("::ffff:10.0.0.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
    ],
)
def test_loopback_hosts(host, loopback) -> None:
    assert is_loopback(host) is loopback


def test_the_default_admin_token_is_refused_off_loopback_unless_chosen(monkeypatch, capsys):
    _clear_env(monkeypatch)
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--host", "0.0.0.0"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tesla-mock: error: refusing to serve")
    # Any explicit token, even the default one, is the user's choice; so is the flag.
    assert parse_args(["--host", "0.0.0.0", "--admin-token", "s3cret"]).admin_token == "s3cret"
    assert parse_args(["--host", "::", "--admin-token", "mock-admin-token"]).admin_token_explicit
    allowed = parse_args(["--host", "0.0.0.0", "--allow-default-admin-token-on-public-host"])
    assert allowed.public_default_admin_token and allowed.admin_token == "mock-admin-token"
    assert not parse_args(["--host", "127.0.0.1"]).public_default_admin_token
    monkeypatch.setenv("TESLA_MOCK_ALLOW_DEFAULT_ADMIN_TOKEN_ON_PUBLIC_HOST", "1")
    assert parse_args(["--host", "0.0.0.0"]).public_default_admin_token
    monkeypatch.delenv("TESLA_MOCK_ALLOW_DEFAULT_ADMIN_TOKEN_ON_PUBLIC_HOST")
    monkeypatch.setenv("TESLA_MOCK_ADMIN_TOKEN", "from-env")
    args = parse_args(["--host", "0.0.0.0"])
    assert args.admin_token == "from-env" and args.admin_token_explicit


def test_the_connection_cap_is_fitted_to_the_open_file_limit(monkeypatch) -> None:
    reserve = serving.MAX_LINGERING_REFUSALS + serving.RESERVED_FILES
    limits = {"soft": 10_000, "hard": 10_000}

    def getrlimit(_kind: int) -> tuple[int, int]:
        return limits["soft"], limits["hard"]

    def setrlimit(_kind: int, values: tuple[int, int]) -> None:
        if values[0] > limits["hard"]:
            raise ValueError("not allowed")
        limits["soft"] = values[0]

    monkeypatch.setattr(serving.resource, "getrlimit", getrlimit)
    monkeypatch.setattr(serving.resource, "setrlimit", setrlimit)
    assert serving.fit_open_file_limit(1000) == (1000, None)
    limits.update(soft=1024, hard=4096)  # raised as far as needed
    assert serving.fit_open_file_limit(1000) == (1000, None)
    assert limits["soft"] == 1000 + reserve
    limits.update(soft=1024, hard=1024)
    fitted, warning = serving.fit_open_file_limit(1000)
    assert fitted == 1024 - reserve and warning is not None and "lowered" in warning


def test_a_sweep_every_tenth_of_the_shortest_read_timeout_at_most_each_second() -> None:
    assert serving.sweep_every_ticks(ConnectionLimits()) == 10
    assert serving.sweep_every_ticks(ConnectionLimits(header_timeout=1)) == 1
    assert serving.sweep_every_ticks(ConnectionLimits(body_timeout=5)) == 5
    assert serving.sweep_every_ticks(ConnectionLimits(header_timeout=0.01)) == 1
