"""Repeated runs summarised: one `Cell` per server x workload x connections, and the ratios.

Requests/s is the median over repetitions (with min and max); p50 and p99 are the medians of
the repetitions' own percentiles. Errors are summed over every repetition. The server's CPU time
per request (over every repetition) is what it costs whatever else the machine runs: on a
shared host its requests/s move with the other tenants' load, its CPU per request hardly.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.loadgen import LoadResult


@dataclass
class Cell:
    server: str
    workload: str
    connections: int
    runs: list[LoadResult] = field(default_factory=list)
    server_cpu_ms: list[float] = field(default_factory=list)  # the server's, during each run

    @property
    def rps(self) -> list[float]:
        return [run.requests_per_s for run in self.runs]

    @property
    def rps_median(self) -> float:
        return statistics.median(self.rps) if self.runs else 0.0

    @property
    def cpu_us_per_request(self) -> float | None:
        requests = sum(run.requests for run in self.runs)
        return sum(self.server_cpu_ms) * 1000 / requests if requests else None

    def latency_ms(self, percentile: str) -> float:
        latencies = [run.latency_ms[percentile] for run in self.runs]
        return statistics.median(latencies) if latencies else 0.0

    @property
    def statuses(self) -> dict[int, int]:
        return dict(sum((Counter(run.statuses) for run in self.runs), Counter()))

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def socket_errors(self) -> int:
        return sum(sum(run.socket_errors.values()) for run in self.runs)

    def as_json(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "workload": self.workload,
            "connections": self.connections,
            "requests_per_s": {
                "median": self.rps_median,
                "min": min(self.rps, default=0.0),
                "max": max(self.rps, default=0.0),
                "runs": self.rps,
            },
            "latency_ms": {"p50": self.latency_ms("p50"), "p99": self.latency_ms("p99")},
            "server_cpu_us_per_request": self.cpu_us_per_request,
            "statuses": {str(status): n for status, n in sorted(self.statuses.items())},
            "non_2xx": self.non_2xx,
            "socket_errors": self.socket_errors,
            "requests": sum(run.requests for run in self.runs),
        }


class Grid:
    """The cells of one measurement, looked up by (server, workload, connections)."""

    def __init__(self, servers: list[str], workloads: list[str], connections: list[int]) -> None:
        self.servers, self.workloads, self.connections = servers, workloads, connections
        self.cells = {
            (s, w, c): Cell(s, w, c) for s in servers for w in workloads for c in connections
        }

    def cell(self, server: str, workload: str, connections: int) -> Cell:
        return self.cells[(server, workload, connections)]

    def ratio(self, server: str, other: str, workload: str, connections: int) -> float | None:
        """median req/s of `server` over that of `other`; None if either is missing or 0."""
        if server not in self.servers or other not in self.servers:
            return None
        denominator = self.cell(other, workload, connections).rps_median
        if denominator == 0:
            return None
        return self.cell(server, workload, connections).rps_median / denominator

    def cpu_ratio(self, server: str, other: str, workload: str, connections: int) -> float | None:
        """CPU per request of `other` over that of `server`: `ratio` on a machine that gave
        each server the same CPU time."""
        if server not in self.servers or other not in self.servers:
            return None
        mine = self.cell(server, workload, connections).cpu_us_per_request
        theirs = self.cell(other, workload, connections).cpu_us_per_request
        return theirs / mine if mine and theirs else None

    def headroom(self, floor: str, workload: str, connections: int) -> float | None:
        """How far the `floor` server outran the fastest other one (the generator's spare)."""
        others = [s for s in self.servers if s != floor]
        if floor not in self.servers or not others:
            return None
        fastest = max(others, key=lambda s: self.cell(s, workload, connections).rps_median)
        return self.ratio(floor, fastest, workload, connections)

    def errors(self, servers: list[str]) -> list[Cell]:
        """The cells of `servers` with answers other than 2xx, or socket errors."""
        cells = [cell for cell in self.cells.values() if cell.server in servers]
        return [cell for cell in cells if cell.non_2xx or cell.socket_errors]

    def as_json(self) -> list[dict[str, Any]]:
        return [cell.as_json() for cell in self.cells.values()]
