"""What `make mock` serves besides the API: Swagger UI, the specs, configuration, uvicorn."""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

import pytest
import uvicorn
import yaml
from starlette.testclient import TestClient
from tesla_mock import serving
from tesla_mock.app import MULTIPLE_CONTENT_TYPES, create_app
from tesla_mock.cli import connection_limits, fleet_limits, is_loopback, parse_args, serve
from tesla_mock.fleet import FleetLimits
from tesla_mock.listening import ListenError, base_url, bind_sockets
from tesla_mock.requestlog import RequestLog
from tesla_mock.serving import ConnectionLimits
from tesla_mock.specs import ADMIN_SPEC, VEHICLE_SPEC, load_spec
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from tests.server.support import OWNER_TOKEN, PLUGGED, SCENARIO, Api


def test_swagger_ui_is_served_for_both_apis(api: Api) -> None:
    for path in ("/ui/", "/__mock/ui/"):
        response = api.http.get(path)
        assert response.status_code == 200
        assert "swagger" in response.text.lower()
    spec = api.http.get("/openapi.json").json()
    assert spec["info"]["title"] == "Tesla Vehicle Charging API"
    admin_spec = api.http.get("/__mock/openapi.json").json()
    assert "/clock/advance" in admin_spec["paths"]


def test_the_served_specs_name_the_server_they_were_fetched_from(api: Api) -> None:
    """The Swagger UI's Servers list is the served spec's `servers`: this server's origin."""
    assert api.http.get("/openapi.json").json()["servers"] == [
        {"url": "http://testserver", "description": "this mock"}
    ]
    admin = api.http.get("/__mock/openapi.json").json()["servers"]
    assert [server["url"] for server in admin] == ["http://testserver/__mock"]
    by_host = api.http.get("/openapi.yaml", headers={"Host": "localhost:4010"})
    assert (
        yaml.load(by_host.text, Loader=yaml.CSafeLoader)["servers"][0]["url"]
        == "http://localhost:4010"
    )
    # A Host header that is no host and port is not copied into the document.
    odd = api.http.get("/openapi.json", headers={"Host": 'x"y'}).json()["servers"]
    assert [server["url"] for server in odd] == [""]
    # The spec file keeps its own: the mock's default address and Tesla's hosts.
    urls = [server["url"] for server in load_spec(VEHICLE_SPEC)["servers"]]
    assert "https://fleet-api.prd.na.vn.cloud.tesla.com" in urls


def test_the_plain_app_serves_the_specs_alike(api: Api) -> None:
    with TestClient(create_app(scenario=SCENARIO, fast=False)) as plain:
        for path in ("/openapi.json", "/__mock/openapi.json"):
            assert plain.get(path).json() == api.http.get(path).json()


def test_connexion_says_nothing_of_the_commands_two_body_types(caplog) -> None:
    """connexion warns about every operation whose body takes two content types, once per app
    and (in the plain app) per request; the specs mean it. Its other warnings still show."""
    form = {"Authorization": f"Bearer {OWNER_TOKEN}"}
    with caplog.at_level(logging.WARNING):
        for fast in (True, False):
            with TestClient(create_app(scenario=SCENARIO, fast=fast)) as http:
                answer = http.post(
                    f"/api/1/vehicles/{PLUGGED}/command/set_charge_limit",
                    data={"percent": "70"},
                    headers=form,
                )
                assert answer.status_code == 200, answer.text
                scenario = http.post(
                    "/__mock/scenario",
                    content=yaml.safe_dump(SCENARIO),
                    headers={
                        "Authorization": "Bearer mock-admin-token",
                        "Content-Type": "application/yaml",
                    },
                )
                assert scenario.status_code == 200, scenario.text
        logging.getLogger("connexion.operations.openapi3").warning("another warning")
    messages = [record.getMessage() for record in caplog.records]
    assert not [m for m in messages if m.startswith(MULTIPLE_CONTENT_TYPES)], messages
    assert "another warning" in messages
    # Both specs have operations it would warn about: the filter is needed.
    for spec_file in (VEHICLE_SPEC, ADMIN_SPEC):
        bodies = [
            operation["requestBody"]
            for item in load_spec(spec_file)["paths"].values()
            for operation in item.values()
            if isinstance(operation, dict) and "requestBody" in operation
        ]
        assert any(len(body.get("content", {})) > 1 for body in bodies), spec_file


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


def test_the_event_loop_is_uvicorns_auto_unless_asked(monkeypatch) -> None:
    assert parse_args([]).loop == "auto"
    monkeypatch.setenv("TESLA_MOCK_LOOP", "uvloop")
    assert parse_args([]).loop == "uvloop"
    assert parse_args(["--loop", "asyncio"]).loop == "asyncio"


@pytest.mark.parametrize("loop", ["auto", "asyncio", "uvloop"])
def test_serve_runs_uvicorn_with_httptools_and_the_chosen_loop(monkeypatch, loop) -> None:
    ran = []

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        ran.append((self.config.http, self.config.loop, sockets))
        self.started = True

    monkeypatch.setattr(uvicorn.Server, "run", run)
    serve(object(), host="127.0.0.1", port=0, log_level="warning", loop=loop)
    ((protocol, ran_loop, sockets),) = ran
    assert issubclass(protocol, HttpToolsProtocol) and ran_loop == loop
    assert protocol.limits == ConnectionLimits()
    # uvicorn serves the sockets bound before it started.
    (sock,) = sockets
    assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0
    sock.close()


def test_serve_hands_the_limits_and_the_request_log_to_uvicorn(monkeypatch) -> None:
    configs = []

    def run(self: uvicorn.Server, sockets: Any = None) -> None:
        configs.append(self.config)
        self.started = True
        for sock in sockets:
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    limits = ConnectionLimits(max_header_bytes=100, idle_timeout=2.5, max_connections=7)
    app = object()
    for log_requests in (True, False):
        serve(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            limits=limits,
            log_requests=log_requests,
        )
    for config, logged in zip(configs, (True, False), strict=True):
        assert config.http.limits == limits and config.timeout_keep_alive == 2.5
        assert config.backlog == serving.ACCEPT_BACKLOG
        assert isinstance(config.app, RequestLog) and config.app.app is app
        assert (config.app.out is not None) is logged
        assert config.access_log is False  # the request log replaces uvicorn's


def test_ctrl_c_while_starting_exits_130_without_a_traceback(monkeypatch, capsys) -> None:
    from tesla_mock import cli

    def interrupted(**_options: Any) -> Any:
        raise KeyboardInterrupt

    _clear_env(monkeypatch)
    monkeypatch.setattr(cli, "create_app", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--port", "0"])
    assert exit_info.value.code == 130
    assert capsys.readouterr() == ("", "")


def test_a_port_in_use_is_a_one_line_listen_error() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(ListenError) as refused:
            bind_sockets("127.0.0.1", port)
    finally:
        taken.close()
    message = str(refused.value)
    assert message.startswith(f"cannot listen on 127.0.0.1:{port}: ") and "\n" not in message
    assert "--port" in message
    with pytest.raises(ListenError, match=r"cannot listen on no\.such\.host\.invalid:4010: "):
        bind_sockets("no.such.host.invalid", 4010)


def test_port_0_binds_every_address_of_the_host_on_one_port() -> None:
    sockets = bind_sockets("localhost", 0)
    try:
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 1 and ports != {0}
        assert base_url("localhost", sockets[0]) == f"http://localhost:{ports.pop()}"
    finally:
        for sock in sockets:
            sock.close()


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
        (["--log-level", "loud"], {}, ["--log-level", "'loud'"]),
        (["--no-such-flag"], {}, ["unrecognized arguments: --no-such-flag"]),
        (["--quiet=yes"], {}, ["--quiet"]),
        ([], {"TESLA_MOCK_NO_CORS": "2"}, ["TESLA_MOCK_NO_CORS='2'"]),
        ([], {"TESLA_MOCK_VALIDATE_RESPONSES": "maybe"}, ["TESLA_MOCK_VALIDATE_RESPONSES"]),
    ],
)
def test_bad_numbers_are_usage_errors(monkeypatch, capsys, argv, env, words) -> None:
    _clear_env(monkeypatch)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    (error,) = capsys.readouterr().err.strip().splitlines()  # one line, no usage text
    assert error.startswith("tesla-mock: error: ") and error.endswith("(see tesla-mock --help)")
    for word in words:
        assert word in error, error


@pytest.mark.parametrize(
    ("flag", "field"),
    [
        ("--no-cors", "no_cors"),
        ("--quiet", "quiet"),
        ("--validate-responses", "validate_responses"),
        ("--allow-default-admin-token-on-public-host", "allow_default_admin_token_on_public_host"),
    ],
)
def test_each_flag_is_off_unless_given_or_set_in_its_variable(monkeypatch, flag, field) -> None:
    _clear_env(monkeypatch)
    variable = "TESLA_MOCK_" + flag[2:].upper().replace("-", "_")
    assert getattr(parse_args([]), field) is False
    assert getattr(parse_args([flag]), field) is True
    for text, value in [("1", True), ("TRUE", True), ("yes", True), ("on", True), ("0", False)]:
        monkeypatch.setenv(variable, text)
        assert getattr(parse_args([]), field) is value
    for text in ("false", "No", "off", ""):
        monkeypatch.setenv(variable, text)
        assert getattr(parse_args([]), field) is False
    monkeypatch.setenv(variable, "maybe")
    assert getattr(parse_args([flag]), field) is True  # the command line wins


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
