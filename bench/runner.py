"""The sections of a benchmark run. Each prints its tables and stores its figures for the JSON.

throughput  mock, Prism, Starlette ceiling, raw ASGI floor: probe, warm up, round robin
fleet       the mock with its default fleet against one with --fleet-size: req/s, p50, RSS
clock       in-process: one simulated minute for --fleet-size charging cars
generate    `make generate` into a temporary directory
tests       each part of `make test`
"""

from __future__ import annotations

import http.client
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tesla_mock.testing.fleets import write_fleet_file

from bench import devloop, report, simulation
from bench.apps import request_key
from bench.loadgen import LoadResult, Wrk
from bench.servers import (
    HOST,
    RunningServer,
    ServerError,
    ServerGroup,
    mock_spec,
    prism_spec,
    raw_asgi_spec,
    starlette_spec,
)
from bench.stats import Cell, Grid
from bench.workloads import Request, Workload, workload

SECTIONS = ("throughput", "fleet", "clock", "generate", "tests")
SERVERS = ("mock", "prism", "starlette", "raw-asgi")
MOCK, PRISM, CEILING, FLOOR = SERVERS
HEADROOM_WARNING = 1.3  # the floor should outrun every other server by at least this much


@dataclass(frozen=True)
class Options:
    sections: tuple[str, ...]
    servers: tuple[str, ...]
    workloads: tuple[str, ...]
    connections: tuple[int, ...]
    reps: int
    duration_s: int
    warmup_s: int
    fleet_size: int


@dataclass(frozen=True)
class Answer:
    """What one server answered to one request of a workload (checked before measuring)."""

    server: str
    workload: str
    request: str
    status: int
    content_type: str
    length: int
    note: str


class Bench:
    def __init__(
        self, options: Options, generator: Wrk, work_dir: Path, say: Callable[[str], None]
    ) -> None:
        self.options = options
        self.generator = generator
        self.work_dir = work_dir
        self.say = say  # progress, on stderr
        self.results: dict[str, Any] = {}
        self.problems: list[str] = []  # what makes the run fail (errors from the mock)

    @property
    def workloads(self) -> list[Workload]:
        return [workload(name) for name in self.options.workloads]

    def run(self) -> None:
        for section in SECTIONS:
            if section in self.options.sections:
                getattr(self, f"section_{section}")()

    def show(self, text: str) -> None:
        print(text, flush=True)

    # -- measuring ------------------------------------------------------------------------------
    def load(
        self, server: RunningServer, work: Workload, connections: int, seconds: int
    ) -> LoadResult:
        host = f"{HOST}:{server.port}"
        result = self.generator.run(HOST, server.port, work.wire(host), connections, seconds)
        if server.process.poll() is not None:
            raise ServerError(f"{server.name} died during the run:\n{server.log_tail()}")
        return result

    def measure(self, servers: list[RunningServer], connections: tuple[int, ...]) -> Grid:
        """Warm up, then repetitions round robin across servers, alternating their order."""
        opts = self.options
        grid = Grid([s.name for s in servers], list(opts.workloads), list(connections))
        self.say(f"warming up ({opts.warmup_s} s per server and workload)")
        for server in servers:
            for work in self.workloads:
                self.load(server, work, max(connections), opts.warmup_s)
        for rep in range(opts.reps):
            order = servers if rep % 2 == 0 else servers[::-1]
            for work in self.workloads:
                for conns in connections:
                    for server in order:
                        grid.add(
                            server.name,
                            work.name,
                            conns,
                            self.load(server, work, conns, opts.duration_s),
                        )
                self.say(f"  repetition {rep + 1}/{opts.reps}: {work.name} done")
        return grid

    def estimate_s(self, servers: int, connections: int) -> int:
        o = self.options
        return servers * len(o.workloads) * (connections * o.reps * o.duration_s + o.warmup_s)

    # -- throughput -----------------------------------------------------------------------------
    def section_throughput(self) -> None:
        opts = self.options
        self.show(
            report.heading(
                "Throughput: requests/s and latency per server, workload and connections"
            )
        )
        answers_file = self.work_dir / "mock-answers.json"
        answers_file.write_text(json.dumps(record_mock_answers(self.workloads)))
        specs = {
            MOCK: mock_spec(),
            PRISM: prism_spec(),
            CEILING: starlette_spec(answers_file),
            FLOOR: raw_asgi_spec(),
        }
        with ServerGroup(self.work_dir) as group:
            self.say("starting " + ", ".join(opts.servers))
            servers = [group.start(specs[name]) for name in opts.servers]
            self.show(self.servers_table(servers))
            answers = [a for s in servers for w in self.workloads for a in probe(s, w)]
            self.show("\nWhat each server answers (one request of each kind, before measuring):\n")
            self.show(answers_table(answers))
            self.say(f"measuring: about {self.estimate_s(len(servers), len(opts.connections))} s")
            grid = self.measure(servers, opts.connections)
        self.show("\n" + throughput_table(grid))
        self.show("\n" + ratios_table(grid))
        self.show(headroom_note(grid, self.generator.name))
        self.check_mock(grid, MOCK)
        self.results["throughput"] = {
            "servers": [server_json(s) for s in servers],
            "answers": [asdict(a) for a in answers],
            "cells": grid.as_json(),
            "ratios": ratios_json(grid),
        }

    def servers_table(self, servers: list[RunningServer]) -> str:
        rows = [(s.name, s.spec.title, s.port, f"{s.startup_s:.2f}") for s in servers]
        return report.format_table(["server", "what", "port", "ready after s"], rows, "llrr")

    def check_mock(self, grid: Grid, server: str) -> None:
        for cell in grid.errors_of(server):
            self.problems.append(
                f"{server} {cell.workload} c={cell.connections}: statuses {cell.statuses}, "
                f"{cell.socket_errors} socket errors"
            )

    # -- fleet size -----------------------------------------------------------------------------
    def section_fleet(self) -> None:
        size = self.options.fleet_size
        small = simulation.SMALL_FLEET
        self.show(report.heading(f"Fleet size: the mock with {small} vehicles and with {size:,}"))
        self.say(f"writing a fleet file of {size:,} vehicles")
        fleet_file = write_fleet_file(self.work_dir / f"fleet-{size}.json", size)
        small_spec = mock_spec(f"mock-{small}v", title=f"mock, default fleet ({small} vehicles)")
        large_spec = mock_spec(f"mock-{size}v", fleet_file, f"mock, --fleet of {size:,} vehicles")
        connections = (max(self.options.connections),)
        with ServerGroup(self.work_dir) as group:
            self.say(f"starting {small_spec.name} and {large_spec.name}")
            servers = [group.start(small_spec), group.start(large_spec)]
            rss_start = [s.rss_bytes() for s in servers]
            self.say(f"measuring: about {self.estimate_s(2, 1)} s")
            grid = self.measure(servers, connections)
            rss_after = [s.rss_bytes() for s in servers]
        heap = simulation.measure_heap(size)
        self.show(self.servers_table(servers))
        self.show(f"\nSame workloads at {connections[0]} connections, same repetitions:\n")
        self.show(fleet_table(grid, connections[0]))
        self.show(f"\nMemory ({size:,} vehicles against 2):\n")
        self.show(memory_table(rss_start, rss_after, heap))
        for server in (small_spec.name, large_spec.name):
            self.check_mock(grid, server)
        self.results["fleet"] = {
            "vehicles": size,
            "servers": [server_json(s) for s in servers],
            "cells": grid.as_json(),
            "rss_bytes": {"at_start": rss_start, "after_load": rss_after},
            "rss_per_vehicle_bytes": {
                "at_start": simulation.per_extra_vehicle(*rss_start, size),
                "after_load": simulation.per_extra_vehicle(*rss_after, size),
            },
            "heap": {**asdict(heap), "bytes_per_vehicle": heap.bytes_per_vehicle},
        }

    # -- simulation clock -----------------------------------------------------------------------
    def section_clock(self) -> None:
        size = self.options.fleet_size
        self.show(
            report.heading(f"Simulation clock: one simulated minute for {size:,} charging cars")
        )
        self.say("timing clock ticks in-process")
        cost = simulation.measure_ticks(size)
        self.show(clock_table(cost))
        self.results["clock"] = {
            **asdict(cost),
            "sync_us_per_vehicle": cost.sync_us_per_vehicle,
            "read_us_per_vehicle": cost.read_us_per_vehicle,
        }

    # -- developer loop -------------------------------------------------------------------------
    def section_generate(self) -> None:
        self.show(report.heading("make generate"))
        self.say("timing make generate (into a temporary directory)")
        timed = devloop.time_generate()
        self.show(devloop_table([timed]))
        self.results["generate"] = asdict(timed)

    def section_tests(self) -> None:
        self.show(report.heading("make test, part by part (pytest per directory under tests/)"))
        timings = []
        for part in devloop.suite_parts():
            self.say(f"timing pytest {part}")
            timings.append(devloop.time_test_part(part))
        self.show(devloop_table(timings, total=True))
        self.results["tests"] = [asdict(t) for t in timings]


# -- probing ------------------------------------------------------------------------------------
def record_mock_answers(workloads: list[Workload]) -> dict[str, Any]:
    """The mock's JSON answer to every request of the workloads, from an in-process app."""
    from tesla_mock.cli import quiet_connexion  # first: it filters starlette's import warning

    quiet_connexion()
    from starlette.testclient import TestClient
    from tesla_mock.app import create_app

    answers: dict[str, Any] = {}
    with TestClient(create_app()) as client:
        for request in (r for w in workloads for r in w.requests):
            headers = {k: v for k, v in request.headers().items() if k != "Content-Length"}
            response = client.request(
                request.method, request.path, content=request.body, headers=headers
            )
            path, _, query = request.path.partition("?")
            answers[request_key(request.method, path, query)] = response.json()
    return answers


def probe(server: RunningServer, work: Workload) -> list[Answer]:
    return [_ask(server, work.name, request) for request in work.requests]


def _ask(server: RunningServer, workload_name: str, request: Request) -> Answer:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        body = request.body if request.method != "GET" else None
        connection.request(request.method, request.path, body=body, headers=request.headers())
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    violations = response.getheader("sl-violations")
    if violations:
        note = "Prism's sl-violations header: " + _first_violation(violations)
    elif not 200 <= response.status < 300:
        note = payload[:120].decode(errors="replace")
    else:
        note = ""
    return Answer(
        server=server.name,
        workload=workload_name,
        request=request.describe().replace("/api/1/vehicles/", ".../"),
        status=response.status,
        content_type=response.getheader("content-type", ""),
        length=len(payload),
        note=note,
    )


def _first_violation(header: str) -> str:
    try:
        return str(json.loads(header)[0]["message"])
    except (ValueError, LookupError, TypeError):
        return header[:120]


# -- tables -------------------------------------------------------------------------------------
def answers_table(answers: list[Answer]) -> str:
    rows = [(a.server, a.request, a.status, a.length, a.note) for a in answers]
    return report.format_table(["server", "request", "status", "bytes", "note"], rows, "llrrl")


CELL_HEADERS = ["req/s median", "min-max", "p50 ms", "p99 ms", "non-2xx", "socket errors"]


def cell_columns(cell: Cell) -> list[object]:
    return [
        report.thousands(cell.rps_median),
        report.rps_range(cell.rps),
        report.decimals(cell.p50_ms),
        report.decimals(cell.p99_ms),
        cell.non_2xx,
        cell.socket_errors,
    ]


def throughput_table(grid: Grid) -> str:
    rows = [
        [work, conns, server, *cell_columns(grid.cell(server, work, conns))]
        for work in grid.workloads
        for conns in grid.connections
        for server in grid.servers
    ]
    return report.format_table(["workload", "conns", "server", *CELL_HEADERS], rows, "lrlrrrrrr")


def ratios_json(grid: Grid) -> list[dict[str, Any]]:
    return [
        {
            "workload": work,
            "connections": conns,
            "mock_over_prism": grid.ratio(MOCK, PRISM, work, conns),
            "mock_over_starlette": grid.ratio(MOCK, CEILING, work, conns),
            "floor_over_fastest_other": grid.headroom(FLOOR, work, conns),
        }
        for work in grid.workloads
        for conns in grid.connections
    ]


def ratios_table(grid: Grid) -> str:
    rows = [
        (
            r["workload"],
            r["connections"],
            report.decimals(r["mock_over_prism"]),
            report.decimals(r["mock_over_starlette"]),
            report.decimals(r["floor_over_fastest_other"], 1),
        )
        for r in ratios_json(grid)
    ]
    headers = ["workload", "conns", "mock / Prism", "mock / Starlette", "raw ASGI / fastest other"]
    return report.format_table(headers, rows, "lrrrr")


def headroom_note(grid: Grid, generator: str) -> str:
    if FLOOR not in grid.servers:
        return f"\nLoad generator: {generator} (raw ASGI not run: its headroom is not shown)."
    spare = [
        (grid.headroom(FLOOR, w, c) or 0.0, w, c) for w in grid.workloads for c in grid.connections
    ]
    low = [f"{w} c={c} ({h:.1f}x)" for h, w, c in spare if h < HEADROOM_WARNING]
    best = max(grid.cell(FLOOR, w, c).rps_median for w in grid.workloads for c in grid.connections)
    text = (
        f"\nLoad generator: {generator}. It drove the raw ASGI floor at up to "
        f"{report.thousands(best)} req/s; the last column shows how far the floor outran the "
        "fastest other server in each row (well above 1: the generator is not what limits them)."
    )
    if low:
        text += f"\nWARNING: little headroom in {', '.join(low)}: the generator may be the limit."
    return text


def fleet_table(grid: Grid, conns: int) -> str:
    """One row per workload and fleet; the large fleet's row compares its req/s to the small."""
    small = grid.servers[0]
    rows = [
        [
            work,
            server,
            *cell_columns(grid.cell(server, work, conns)),
            "" if server == small else report.decimals(grid.ratio(server, small, work, conns)),
        ]
        for work in grid.workloads
        for server in grid.servers
    ]
    headers = ["workload", "server", *CELL_HEADERS, f"req/s / {small}"]
    return report.format_table(headers, rows, "llrrrrrrr")


def memory_table(rss_start: list[int], rss_after: list[int], heap: simulation.HeapCost) -> str:
    def row(what: str, small: int, large: int) -> tuple[str, str, str, str]:
        per_vehicle = simulation.per_extra_vehicle(small, large, heap.large_fleet_vehicles)
        return (what, report.memory(small), report.memory(large), f"{per_vehicle:,.0f} B")

    rows = [
        row("process RSS, just started", *rss_start),
        row("process RSS, after the load", *rss_after),
        row(
            "Python heap of the Fleet (tracemalloc, in-process)",
            heap.small_fleet_bytes,
            heap.large_fleet_bytes,
        ),
    ]
    return report.format_table(
        [
            "measure",
            f"{simulation.SMALL_FLEET} vehicles",
            f"{heap.large_fleet_vehicles:,}",
            "per vehicle",
        ],
        rows,
    )


def clock_table(cost: simulation.TickCost) -> str:
    rows = [
        (
            "SimClock.advance() alone",
            "-",
            report.decimals(cost.advance_us / 1000, 5),
            report.decimals(cost.advance_us, 3),
        ),
        (
            "advance + sync(now) of every car",
            f"{cost.vehicles:,}",
            report.decimals(cost.sync_ms_per_tick, 3),
            report.decimals(cost.sync_us_per_vehicle, 3),
        ),
        (
            "advance + charge_state(now) of every car",
            f"{cost.vehicles:,}",
            report.decimals(cost.read_ms_per_tick, 3),
            report.decimals(cost.read_us_per_vehicle, 3),
        ),
    ]
    table = report.format_table(["one tick", "cars", "ms per tick", "µs per car"], rows)
    return (
        f"{table}\n\nMedian of {cost.ticks} ticks of {cost.tick_s:g} simulated s each; "
        f"{cost.completed_during_run:,} cars reached their charge limit during the run (their "
        "events were processed inside the timed ticks)."
    )


def devloop_table(timings: list[devloop.Timed], total: bool = False) -> str:
    rows = [(t.name, f"{t.seconds:.1f}", "ok" if t.ok else "FAILED", t.detail) for t in timings]
    if total:
        rows.append(("total", f"{sum(t.seconds for t in timings):.1f}", "", ""))
    return report.format_table(["what", "wall s", "result", "detail"], rows, "lrll")


def server_json(server: RunningServer) -> dict[str, Any]:
    return {
        "name": server.name,
        "title": server.spec.title,
        "argv": [a.replace("{port}", str(server.port)) for a in server.spec.argv],
        "startup_s": server.startup_s,
    }


def stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
