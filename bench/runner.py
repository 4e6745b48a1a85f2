"""The sections of a benchmark run. Each prints its tables and stores its figures for the JSON.

throughput  mock, Prism, Starlette ceiling, raw ASGI floor: probe, warm up, round robin
fleet       the mock with its default fleet against one with --fleet-size: req/s, p50, RSS
clock       in-process: one simulated minute for --fleet-size charging cars
generate    `make generate` into a temporary directory
(`make test` prints the time of each test directory itself: tests/conftest.py.)
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import report
from bench.apps import request_key
from bench.loadgen import LoadResult, Wrk
from bench.servers import (
    HOST,
    ROOT,
    VENV_PYTHON,
    RunningServer,
    ServerError,
    ServerGroup,
    app_spec,
    log_tail,
    mock_spec,
    prism_spec,
)
from bench.stats import Cell, Grid
from bench.workloads import Request, Workload, workload

SECTIONS = ("throughput", "fleet", "clock", "generate")
SERVERS = ("mock", "prism", "starlette", "raw-asgi")
MOCK, PRISM, CEILING, FLOOR = SERVERS
HEADROOM_WARNING = 1.3  # the floor should outrun every other server by at least this much
RATIOS = [  # key in ratios_json, decimals, header
    ("mock_over_prism", 2, "mock / Prism"),
    ("mock_over_starlette", 2, "mock / Starlette"),
    ("mock_over_prism_by_cpu", 2, "mock / Prism by CPU"),
    ("mock_over_starlette_by_cpu", 2, "mock / Starlette by CPU"),
    ("floor_over_fastest_other", 1, "raw ASGI / fastest other"),
]
CELL_HEADERS = [
    *("req/s median", "min-max", "p50 ms", "p99 ms", "non-2xx", "socket errors"),
    "server CPU µs/req",
]


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


class Bench:
    def __init__(
        self, options: Options, generator: Wrk, work_dir: Path, say: Callable[[str], None]
    ) -> None:
        self.options = options
        self.generator = generator
        self.work_dir = work_dir
        self.say = say  # progress, on stderr
        self.workloads = [workload(name) for name in options.workloads]
        self.results: dict[str, Any] = {}
        self.problems: list[str] = []  # what makes the run fail (errors from the mock)

    def run(self) -> None:
        for section in SECTIONS:
            if section in self.options.sections:
                getattr(self, f"section_{section}")()

    def show(self, *texts: str) -> None:
        print(*texts, sep="\n", flush=True)

    def load(self, server: RunningServer, work: Workload, conns: int, seconds: int) -> LoadResult:
        wire = work.wire(f"{HOST}:{server.port}")
        result = self.generator.run(HOST, server.port, wire, conns, seconds)
        if server.process.poll() is not None:
            raise ServerError(f"{server.name} died during the run:\n{log_tail(server.log_path)}")
        return result

    def measure(self, servers: list[RunningServer], connections: tuple[int, ...]) -> Grid:
        """Warm up, then repetitions round robin across servers, alternating their order."""
        opts = self.options
        per_run = len(servers) * len(self.workloads)
        seconds = per_run * (len(connections) * opts.reps * opts.duration_s + opts.warmup_s)
        self.say(f"measuring: about {seconds} s, after {opts.warmup_s} s warm-up per run")
        grid = Grid([s.name for s in servers], list(opts.workloads), list(connections))
        for server in servers:
            for work in self.workloads if opts.warmup_s else ():  # --warmup 0: none
                self.load(server, work, max(connections), opts.warmup_s)
        for rep in range(opts.reps):
            for work in self.workloads:
                for conns in connections:
                    for server in servers if rep % 2 == 0 else servers[::-1]:
                        cell, cpu_ms = grid.cell(server.name, work.name, conns), server.cpu_ms()
                        cell.runs.append(self.load(server, work, conns, opts.duration_s))
                        cell.server_cpu_ms.append(server.cpu_ms() - cpu_ms)
                self.say(f"  repetition {rep + 1}/{opts.reps}: {work.name} done")
        return grid

    def check(self, grid: Grid, servers: list[str]) -> None:
        """Every answer of these servers (the mock) must be 2xx, without socket errors."""
        self.problems += [
            f"{cell.server} {cell.workload} c={cell.connections}: statuses {cell.statuses}, "
            f"{cell.socket_errors} socket errors"
            for cell in grid.errors(servers)
        ]

    def section_throughput(self) -> None:
        title = "Throughput: requests/s and latency per server, workload and connections"
        self.show(report.heading(title))
        answers_file = self.work_dir / "mock-answers.json"
        answers_file.write_text(json.dumps(record_mock_answers(self.workloads)))
        specs = {
            MOCK: mock_spec(),
            PRISM: prism_spec(),
            CEILING: app_spec(CEILING, "bare Starlette on uvicorn (ceiling)", answers_file),
            FLOOR: app_spec(FLOOR, "raw ASGI callable on uvicorn (floor)"),
        }
        with ServerGroup(self.work_dir) as group:
            self.say("starting " + ", ".join(self.options.servers))
            servers = [group.start(specs[name]) for name in self.options.servers]
            requests = [(work.name, r) for work in self.workloads for r in work.requests]
            answers = [probe(server, name, r) for server in servers for name, r in requests]
            self.show(servers_table(servers), "\nWhat each server answers (before measuring):\n")
            columns = ["server", "request", "status", "bytes", "note"]
            rows = [[answer[column] for column in columns] for answer in answers]
            self.show(report.format_table(columns, rows, "llrrl"))
            grid = self.measure(servers, self.options.connections)
        rows = [
            [work, conns, server, *cell_columns(grid.cell(server, work, conns))]
            for work in grid.workloads
            for conns in grid.connections
            for server in grid.servers
        ]
        headers = ["workload", "conns", "server", *CELL_HEADERS]
        self.show("", report.format_table(headers, rows, "lrlrrrrrrr"))
        ratios = ratios_json(grid)
        rows = [[r["workload"], r["connections"], *ratio_columns(r)] for r in ratios]
        headers = ["workload", "conns", *(header for _, _, header in RATIOS)]
        self.show("", report.format_table(headers, rows, "lrrrrrr"))
        self.show(headroom_note(grid, self.generator.name))
        self.check(grid, [MOCK])
        self.results["throughput"] = {
            "servers": [server.as_json() for server in servers],
            "answers": answers,
            "cells": grid.as_json(),
            "ratios": ratios,
        }

    def section_fleet(self) -> None:
        # Imported here and in section_clock: they load the mock and connexion, half a second
        # of CPU that --help, a usage error or a run without these sections need not pay.
        from tesla_mock.testing.fleets import write_fleet_file

        from bench import simulation

        size, small = self.options.fleet_size, simulation.SMALL_FLEET
        self.show(report.heading(f"Fleet size: the mock with {small} vehicles and with {size:,}"))
        self.say(f"writing a fleet file of {size:,} vehicles")
        fleet = ("--fleet", str(write_fleet_file(self.work_dir / f"fleet-{size}.json", size)))
        small_spec = mock_spec(f"mock-{small}v", f"mock, default fleet ({small} vehicles)")
        large_spec = mock_spec(f"mock-{size}v", f"mock, --fleet of {size:,} vehicles", fleet)
        conns = max(self.options.connections)
        with ServerGroup(self.work_dir) as group:
            servers = [group.start(small_spec), group.start(large_spec)]
            rss_start = [s.rss_bytes() for s in servers]
            grid = self.measure(servers, (conns,))
            rss_after = [s.rss_bytes() for s in servers]
        self.check(grid, grid.servers)
        heap = simulation.measure_heap(size)
        base = small_spec.name

        def over_base(server: str, work: str) -> str:
            return "" if server == base else report.decimals(grid.ratio(server, base, work, conns))

        rows = [
            [work, server, *cell_columns(grid.cell(server, work, conns)), over_base(server, work)]
            for work in grid.workloads
            for server in grid.servers
        ]
        self.show(servers_table(servers), f"\nSame workloads at {conns} connections:\n")
        headers = ["workload", "server", *CELL_HEADERS, f"req/s / {base}"]
        self.show(report.format_table(headers, rows, "llrrrrrrrr"))
        heap_bytes = [heap["small_fleet_bytes"], heap["large_fleet_bytes"]]
        measures = {
            "process RSS, just started": rss_start,
            "process RSS, after the load": rss_after,
            "Python heap of the Fleet (tracemalloc, in-process)": heap_bytes,
        }
        per_vehicle = [simulation.per_extra_vehicle(a, b, size) for a, b in measures.values()]
        rows = [
            [what, report.memory(a), report.memory(b), f"{extra:,.0f} B"]
            for (what, (a, b)), extra in zip(measures.items(), per_vehicle, strict=True)
        ]
        self.show(f"\nMemory ({size:,} vehicles against {small}):\n")
        self.show(
            report.format_table(["measure", f"{small} vehicles", f"{size:,}", "per vehicle"], rows)
        )
        self.results["fleet"] = {
            "vehicles": size,
            "servers": [s.as_json() for s in servers],
            "cells": grid.as_json(),
            "rss_bytes": {"at_start": rss_start, "after_load": rss_after},
            "rss_per_vehicle_bytes": {"at_start": per_vehicle[0], "after_load": per_vehicle[1]},
            "heap": heap,
        }

    def section_clock(self) -> None:
        from bench import simulation

        size = self.options.fleet_size
        title = f"Simulation clock: one simulated minute for {size:,} charging cars"
        self.show(report.heading(title))
        self.say("timing clock ticks in-process")
        cost = simulation.measure_ticks(size)
        cars, advance_us, decimals = f"{cost['vehicles']:,}", cost["advance_us"], report.decimals
        alone = [decimals(advance_us / 1000, 5), decimals(advance_us, 3)]
        rows = [["SimClock.advance() alone", "-", *alone]]
        for kind, read in (("sync", "sync(now)"), ("read", "charge_state(now)")):
            ms, us = cost[f"{kind}_ms_per_tick"], cost[f"{kind}_us_per_vehicle"]
            rows.append([f"advance + {read} of every car", cars, decimals(ms, 3), decimals(us, 3)])
        self.show(report.format_table(["one tick", "cars", "ms per tick", "µs per car"], rows))
        self.show(
            f"\nMedian of {cost['ticks']} ticks of {cost['tick_s']:g} simulated s each; "
            f"{cost['completed_during_run']:,} cars reached their charge limit during the run "
            "(their events were processed inside the timed ticks)."
        )
        self.results["clock"] = cost

    def section_generate(self) -> None:
        """`make generate` timed as `scripts/generate_sdk.py --check`: the same generator command
        with PATH as the Makefile sets it, writing into a temporary directory and comparing with
        generated/ (the working tree is not touched)."""
        self.show(report.heading("make generate"))
        self.say("timing make generate (into a temporary directory)")
        path = f"{ROOT / '.venv' / 'bin'}:{ROOT / 'node_modules' / '.bin'}:{os.environ['PATH']}"
        argv = [VENV_PYTHON, "scripts/generate_sdk.py", "--check"]
        env = {**os.environ, "PATH": path}
        started = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds, ok = time.perf_counter() - started, done.returncode == 0
        detail = "output identical to generated/" if ok else done.stderr.strip()[-300:]
        rows = [("make generate", f"{seconds:.1f}", "ok" if ok else "FAILED", detail)]
        self.show(report.format_table(["what", "wall s", "result", "detail"], rows, "lrll"))
        self.results["generate"] = dict(name="make generate", seconds=seconds, ok=ok, detail=detail)


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


def probe(server: RunningServer, workload_name: str, request: Request) -> dict[str, Any]:
    """What one server answered to one request of a workload (checked before measuring)."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        body = request.body if request.method != "GET" else None
        connection.request(request.method, request.path, body=body, headers=request.headers())
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    note = payload[:120].decode(errors="replace") if not 200 <= response.status < 300 else ""
    violations = response.getheader("sl-violations")
    if violations:
        try:
            note = "Prism's sl-violations header: " + str(json.loads(violations)[0]["message"])
        except (ValueError, LookupError, TypeError):
            note = "Prism's sl-violations header: " + violations[:120]
    return {
        "server": server.name,
        "workload": workload_name,
        "request": request.describe().replace("/api/1/vehicles/", ".../"),
        "status": response.status,
        "content_type": response.getheader("content-type", ""),
        "bytes": len(payload),
        "note": note,
    }


def servers_table(servers: list[RunningServer]) -> str:
    rows = [(s.name, s.spec.title, s.port, f"{s.startup_s:.2f}") for s in servers]
    return report.format_table(["server", "what", "port", "ready after s"], rows, "llrr")


def cell_columns(cell: Cell) -> list[object]:
    return [
        report.thousands(cell.rps_median),
        report.rps_range(cell.rps),
        report.decimals(cell.latency_ms("p50")),
        report.decimals(cell.latency_ms("p99")),
        cell.non_2xx,
        cell.socket_errors,
        report.decimals(cell.cpu_us_per_request, 0),
    ]


def ratio_columns(ratios: dict[str, Any]) -> list[str]:
    return [report.decimals(ratios[key], places) for key, places, _ in RATIOS]


def ratios_json(grid: Grid) -> list[dict[str, Any]]:
    return [
        {
            "workload": work,
            "connections": conns,
            "mock_over_prism": grid.ratio(MOCK, PRISM, work, conns),
            "mock_over_starlette": grid.ratio(MOCK, CEILING, work, conns),
            "mock_over_prism_by_cpu": grid.cpu_ratio(MOCK, PRISM, work, conns),
            "mock_over_starlette_by_cpu": grid.cpu_ratio(MOCK, CEILING, work, conns),
            "floor_over_fastest_other": grid.headroom(FLOOR, work, conns),
        }
        for work in grid.workloads
        for conns in grid.connections
    ]


def headroom_note(grid: Grid, generator: str) -> str:
    if FLOOR not in grid.servers:
        return f"\nLoad generator: {generator} (raw ASGI not run: its headroom is not shown)."
    pairs = [(w, c) for w in grid.workloads for c in grid.connections]
    spare = {(w, c): grid.headroom(FLOOR, w, c) or 0.0 for w, c in pairs}
    low = [f"{w} c={c} ({h:.1f}x)" for (w, c), h in spare.items() if h < HEADROOM_WARNING]
    best = max(grid.cell(FLOOR, w, c).rps_median for w, c in pairs)
    text = (
        f"\nLoad generator: {generator}. It drove the raw ASGI floor at up to "
        f"{report.thousands(best)} req/s; the last column shows how far the floor outran the "
        "fastest other server in each row (well above 1: the generator is not what limits them)."
    )
    if low:
        text += f"\nWARNING: little headroom in {', '.join(low)}: the generator may be the limit."
    return text
