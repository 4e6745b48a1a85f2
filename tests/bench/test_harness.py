"""The benchmark harness's own parts (bench/): parsers, generators, tables, process handling.

Nothing here measures or asserts a timing; loads run for a fraction of a second only to prove
that the requests go out and the answers are read correctly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bench import cli, devloop, fleetgen, pyload, report, simulation
from bench.apps import COMMAND_ANSWER, raw_asgi_app, request_key, starlette_app
from bench.loadgen import Latency, LoadResult, ResultError, lua_string, parse_result, wrk_script
from bench.servers import ServerError, ServerGroup, ServerSpec, answers_http
from bench.stats import Grid
from bench.workloads import TOKEN, VEHICLE_ID, Request, workload
from mockserver.clock import SimClock
from mockserver.fleet import DEFAULT_FLEET_FILE, Fleet, load_scenario_file

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:4010/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.52ms  310.00us   9.80ms   90.00%
  9000 requests in 3.00s, 1.20MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   3000.00
BENCH_RESULT {"requests": 9000, "duration_us": 3000000, "statuses": {"200": 8988, "503": 12}, \
"errors": {"connect": 0, "read": 2, "write": 0, "timeout": 1, "status": 12}, \
"latency_us": {"mean": 1520.5, "p50": 1400, "p90": 1900, "p99": 4100, "max": 9800}}
"""


def result(
    requests: int, seconds: float = 1.0, statuses: dict[int, int] | None = None
) -> LoadResult:
    latency = Latency(mean=1.0, p50=1.0, p90=2.0, p99=3.0, max=4.0)
    return LoadResult(requests, seconds, latency, statuses or {200: requests})


# -- load generator output ----------------------------------------------------------------------
def test_parse_result_reads_the_marker_line_of_wrk_output() -> None:
    parsed = parse_result(WRK_OUTPUT)
    assert parsed.requests == 9000
    assert parsed.requests_per_s == 3000
    assert parsed.statuses == {200: 8988, 503: 12}
    assert parsed.non_2xx == 12
    assert parsed.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 1}
    assert parsed.socket_error_count == 3
    assert parsed.latency_ms == Latency(mean=1.5205, p50=1.4, p90=1.9, p99=4.1, max=9.8)


def test_parse_result_without_marker_line_says_so() -> None:
    with pytest.raises(ResultError, match="no BENCH_RESULT line"):
        parse_result("Running 3s test @ http://127.0.0.1:4010/\nunable to connect\n")


def test_lua_string_keeps_crlf_quotes_and_backslashes_as_escapes() -> None:
    assert lua_string(b'GET / HTTP/1.1\r\nX: "a\\b"\r\n') == (
        '"GET / HTTP/1.1\\013\\010X: \\034a\\092b\\034\\013\\010"'
    )


def test_wrk_script_carries_every_request_and_the_result_marker() -> None:
    wire = workload("charge_start_stop").wire("127.0.0.1:9")
    script = wrk_script(wire)
    assert all(lua_string(request) in script for request in wire)
    assert "BENCH_RESULT " in script
    assert "function done(summary, latency, requests)" in script


# -- workloads ------------------------------------------------------------------------------
def test_post_with_json_body_goes_out_with_type_and_length() -> None:
    request = Request("POST", "/x", {"percent": 77})
    assert request.wire("h:1") == (
        b"POST /x HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer demo-owner-token\r\n"
        b"Content-Type: application/json\r\nContent-Length: 15\r\n\r\n"
        b'{"percent": 77}'
    )


def test_post_without_body_has_zero_length_and_no_content_type() -> None:
    wire = Request("POST", "/x").wire("h:1")
    assert b"Content-Length: 0\r\n\r\n" in wire
    assert b"Content-Type" not in wire


def test_get_has_neither_body_headers() -> None:
    assert Request("GET", "/x?a=b").wire("h:1") == (
        b"GET /x?a=b HTTP/1.1\r\nHost: h:1\r\nAuthorization: Bearer demo-owner-token\r\n\r\n"
    )


# -- pure-Python load generator -------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 45\r\nContent-Type: application/json",
            pyload.ResponseHead(200, 45, chunked=False, keep_alive=True),
        ),
        (
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close",
            pyload.ResponseHead(404, None, chunked=True, keep_alive=False),
        ),
        (
            b"HTTP/1.0 200 OK\r\nContent-Length: 2",
            pyload.ResponseHead(200, 2, chunked=False, keep_alive=False),
        ),
    ],
)
def test_parse_head_finds_status_and_how_the_body_ends(
    head: bytes, expected: pyload.ResponseHead
) -> None:
    assert pyload.parse_head(head) == expected


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert pyload.percentile(values, 50) == 50
    assert pyload.percentile(values, 99) == 99
    assert pyload.percentile(values, 100) == 100
    assert pyload.percentile([], 50) == 0.0


TINY_ANSWERS = (
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
)


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            return int(value)
    return 0


async def _drive_tiny_server(seen: list[bytes]) -> tuple[dict[str, object], int]:
    """pyload against a server answering with a sized and a chunked body in turn."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for turn in itertools.count():
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                seen.append(head + await reader.readexactly(_content_length(head)))
            except asyncio.IncompleteReadError:  # the client closed the connection
                break
            writer.write(TINY_ANSWERS[turn % 2])
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    config = {
        "host": "127.0.0.1",
        "port": port,
        "connections": 2,
        "duration_s": 0.3,
        "timeout_s": 5,
        "requests": [w.decode("latin-1") for w in workload("set_charge_limit").wire("h")],
    }
    async with server:
        return await pyload.run_load(config), port


def test_pyload_sends_the_workload_and_reads_both_body_kinds() -> None:
    seen: list[bytes] = []
    outcome, _port = asyncio.run(_drive_tiny_server(seen))
    parsed = parse_result("BENCH_RESULT " + json.dumps(outcome))
    assert parsed.requests > 0
    assert parsed.socket_error_count == 0
    assert set(parsed.statuses) == {200, 201}
    assert sum(parsed.statuses.values()) == parsed.requests == len(seen)
    assert set(seen) == set(workload("set_charge_limit").wire("h"))


# -- summaries and tables -------------------------------------------------------------------
def test_grid_ratios_use_median_requests_per_second() -> None:
    grid = Grid(["mock", "prism", "raw-asgi"], ["w"], [8])
    for requests in (900, 1000, 5000):  # median 1000 despite the outlier
        grid.add("mock", "w", 8, result(requests))
    grid.add("prism", "w", 8, result(500))
    grid.add("raw-asgi", "w", 8, result(4000))
    assert grid.cell("mock", "w", 8).rps_median == 1000
    assert grid.ratio("mock", "prism", "w", 8) == 2.0
    assert grid.ratio("mock", "starlette", "w", 8) is None  # not run
    assert grid.headroom("raw-asgi", "w", 8) == 4.0  # against mock, the fastest other


def test_grid_reports_cells_with_errors_per_server() -> None:
    grid = Grid(["mock"], ["a", "b"], [1])
    grid.add("mock", "a", 1, result(10))
    grid.add("mock", "b", 1, result(10, statuses={200: 9, 500: 1}))
    [bad] = grid.errors_of("mock")
    assert (bad.workload, bad.non_2xx, bad.statuses) == ("b", 1, {200: 9, 500: 1})


def test_format_table_pads_and_aligns_columns() -> None:
    table = report.format_table(["name", "req/s"], [["mock", "1,234"], ["prism", "99"]])
    assert table.splitlines() == [
        "| name  | req/s |",
        "| ----- | ----: |",
        "| mock  | 1,234 |",
        "| prism |    99 |",
    ]


def test_format_table_refuses_ragged_rows() -> None:
    with pytest.raises(ValueError):
        report.format_table(["a", "b"], [["only one"]])


# -- fleet files ------------------------------------------------------------------------------
def test_generated_fleet_keeps_the_benchmark_car_in_the_token_account() -> None:
    scenario = fleetgen.generate_fleet(250, per_account=100)
    fleet = Fleet(SimClock(start=simulation.START, frozen=True), scenario)
    assert sum(1 for _ in fleet.all_vehicles()) == 250
    assert [len(a.vehicles) for a in fleet.accounts.values()] == [100, 100, 50]
    owner = fleet.account_for_token(TOKEN)
    assert owner is not None and owner.name == "demo"
    assert fleet.find_vehicle(VEHICLE_ID, owner) is not None
    stranger = fleet.account_for_token("bench-token-001")
    assert stranger is not None and fleet.find_vehicle(VEHICLE_ID, stranger) is None


def test_generated_cars_are_charging_below_their_limit() -> None:
    cars = fleetgen.generate_fleet(40)["accounts"][0]["vehicles"][DEFAULT_FLEET_SIZE:]
    now = simulation.START
    fleet = Fleet(SimClock(start=now, frozen=True), {"accounts": [{"name": "a", "vehicles": cars}]})
    states = [v.charge_state(now) for v in fleet.all_vehicles()]
    assert {s["charging_state"] for s in states} == {"Charging"}
    assert all(20 <= s["battery_level"] < fleetgen.CHARGE_LIMIT for s in states)


def test_fleet_smaller_than_the_default_one_is_refused() -> None:
    with pytest.raises(ValueError, match="default fleet alone"):
        fleetgen.generate_fleet(1)


def test_fleet_file_is_json_the_mock_can_read(tmp_path: Path) -> None:
    path = fleetgen.write_fleet_file(tmp_path / "fleet.json", 5)
    assert json.loads(path.read_text()) == fleetgen.generate_fleet(5)


DEFAULT_FLEET_SIZE = sum(
    len(account.get("vehicles", []))
    for account in load_scenario_file(DEFAULT_FLEET_FILE)["accounts"]
)


# -- simulation ticks ---------------------------------------------------------------------------
def test_ticks_process_the_events_of_every_charging_car() -> None:
    # Ten simulated hours a tick: every generated car (at most 60 % below its limit at
    # about 15 %/h) reaches the limit; the default fleet's cars are not charging.
    cost = simulation.measure_ticks(vehicles=20, ticks=2, tick_s=10 * 3600)
    assert cost.vehicles == 20
    assert cost.completed_during_run == 20 - DEFAULT_FLEET_SIZE


def test_heap_per_vehicle_counts_only_the_extra_cars() -> None:
    heap = simulation.HeapCost(
        small_fleet_bytes=1000, large_fleet_bytes=11_000, large_fleet_vehicles=12
    )
    assert heap.bytes_per_vehicle == 1000


# -- make generate / make test ----------------------------------------------------------------
MAKE_DRY_RUN = (  # what `make -n generate` prints: recipe lines continued with backslashes
    "/work/main/.venv/bin/python -m pip install --quiet -e '.[dev]'\n"
    "openapi-python-client generate --path spec/tesla-charging.yaml --config c.yaml --meta uv \\\n"
    "\t--custom-template-path generated/templates \\\n"
    "\t--output-path generated/tesla-charging-client --overwrite --fail-on-warning\n"
    "rm -rf generated/tesla-charging-client/.ruff_cache\n"
)


def test_generator_command_is_taken_from_the_dry_run_and_redirected() -> None:
    argv = devloop.generator_command(MAKE_DRY_RUN)
    assert argv[:2] == ["openapi-python-client", "generate"]
    moved = devloop.with_output_path(argv, Path("/tmp/out"))
    assert moved[moved.index("--output-path") + 1] == "/tmp/out"
    assert moved[-2:] == ["--overwrite", "--fail-on-warning"]
    assert "generated/tesla-charging-client" not in moved


def test_generator_command_missing_is_an_error() -> None:
    with pytest.raises(ValueError, match="no openapi-python-client command"):
        devloop.generator_command("echo nothing\n")


@pytest.mark.parametrize(
    ("output", "summary"),
    [
        ("....\n69 passed in 3.19s\n", "69 passed"),
        (
            "F.\n=== short test summary info ===\nFAILED t.py::x\n1 failed, 1 passed in 0.2s\n",
            "1 failed, 1 passed",
        ),
        ("76 passed, 1 warning in 16.78s", "76 passed, 1 warning"),
        ("no tests ran in 0.01s", ""),
    ],
)
def test_pytest_summary_is_the_closing_counts(output: str, summary: str) -> None:
    assert devloop.pytest_summary(output) == summary


def test_suite_parts_are_the_directories_with_tests(tmp_path: Path) -> None:
    for name in ("spec", "server", "_helpers", "empty"):
        (tmp_path / name).mkdir()
    (tmp_path / "spec" / "test_a.py").touch()
    (tmp_path / "server" / "test_b.py").touch()
    (tmp_path / "_helpers" / "test_c.py").touch()
    (tmp_path / "test_loose.py").touch()
    assert devloop.suite_parts(tmp_path) == ["tests/server", "tests/spec", "tests/test_loose.py"]


# -- options --------------------------------------------------------------------------------
def test_only_restricts_each_kind_it_names() -> None:
    options = cli.options_from(cli.parse_args(["--only", "throughput,mock,prism"]))
    assert options.sections == ("throughput",)
    assert options.servers == ("mock", "prism")
    assert options.workloads == ("set_charge_limit", "charge_start_stop", "vehicle_data")


def test_quick_is_one_short_repetition_without_test_timings() -> None:
    options = cli.options_from(cli.parse_args(["--quick", "--concurrency", "32,1"]))
    assert (options.reps, options.duration_s, options.connections) == (1, 1, (1, 32))
    assert "tests" not in options.sections


@pytest.mark.parametrize("argv", [["--only", "mock,nonsense"], ["--concurrency", "1,x"]])
def test_bad_options_exit_with_usage_status(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.options_from(cli.parse_args(argv))
    assert exited.value.code == 2


# -- reference apps and server processes --------------------------------------------------------
def test_starlette_ceiling_answers_what_was_recorded() -> None:
    path = f"/api/1/vehicles/{VEHICLE_ID}/command/set_charge_limit"
    recorded = {"response": {"result": True, "reason": ""}}
    client = TestClient(starlette_app({request_key("POST", path): recorded}))
    assert client.post(path, json={"percent": 77}).json() == recorded
    assert client.post(path, json=[1]).status_code == 400
    assert client.post(path.replace("set_charge_limit", "wake"), json={}).status_code == 404


def test_raw_asgi_floor_reads_the_body_and_answers_json() -> None:
    response = TestClient(raw_asgi_app).post("/anything", content=b"x" * 100_000)
    assert (response.status_code, response.content) == (200, COMMAND_ANSWER)


def test_server_group_starts_polls_and_stops_a_real_process(tmp_path: Path) -> None:
    argv = (sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "{port}")
    with ServerGroup(tmp_path) as group:
        server = group.start(ServerSpec("tiny", "http.server", argv, startup_timeout_s=20))
        assert answers_http(server.port)
        assert server.rss_bytes() > 0
    assert server.process.poll() is not None
    assert not answers_http(server.port)


def test_a_server_that_exits_early_is_reported_with_its_log(tmp_path: Path) -> None:
    argv = (sys.executable, "-c", "print('no such server'); raise SystemExit(3)")
    with ServerGroup(tmp_path) as group, pytest.raises(ServerError, match="no such server"):
        group.start(ServerSpec("broken", "exits at once", argv))
