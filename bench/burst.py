"""New connections under load: how long a burst of fresh connections waits for its first answers.

Parallel test workers open connections while others keep the mock busy. This starts the mock as
`make mock` does, once per event loop it can run on (`--loop asyncio`, the default, and
`--loop uvloop`), keeps it loaded with the bench's `vehicle_data` workload on 32 connections
(wrk, or bench.pyload without it), and meanwhile opens a burst of new connections at once, each
sending one `vehicle_data` request; the time from opening to the end of its answer is taken
per connection. Several bursts per server; the report gives the median and the slowest
connection of each burst (medians over the bursts), and the slowest of all.

    .venv/bin/python -m bench.burst                    # 16 connections, 5 bursts per server
    .venv/bin/python -m bench.burst --burst 32 --bursts 10
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import report
from bench.loadgen import LoadResult, choose_generator
from bench.pyload import read_response
from bench.servers import HOST, ServerGroup, ServerSpec, mock_spec, venv_python
from bench.workloads import workload

LOOPS = ("asyncio", "uvloop")
LOAD_CONNECTIONS = 32
WARMUP_S = 1.5
PAUSE_S = 0.5  # between bursts: the loaded connections settle again


@dataclass(frozen=True)
class Burst:
    first_answer_ms: list[float]  # per new connection, sorted

    @property
    def median_ms(self) -> float:
        return statistics.median(self.first_answer_ms)

    @property
    def slowest_ms(self) -> float:
        return self.first_answer_ms[-1]


async def _first_answer_ms(port: int, request: bytes) -> float:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(request)
        answer = await read_response(reader)
        if answer.status != 200:
            raise RuntimeError(f"a new connection was answered {answer.status}")
        return (time.perf_counter() - started) * 1000
    finally:
        writer.close()


async def _burst(port: int, request: bytes, size: int) -> Burst:
    times = await asyncio.gather(*(_first_answer_ms(port, request) for _ in range(size)))
    return Burst(sorted(times))


def measure(spec: ServerSpec, *, size: int, bursts: int, generator_preference: str) -> list[Burst]:
    """Start the server, load it, send `bursts` bursts of `size` new connections."""
    requests = workload("vehicle_data").wire(HOST)
    generator = choose_generator(generator_preference, venv_python(), say=_say)
    load_s = int(WARMUP_S + bursts * (PAUSE_S + 0.5)) + 2
    with (
        tempfile.TemporaryDirectory(prefix="bench-burst-") as logs,
        ServerGroup(Path(logs)) as group,
    ):
        server = group.start(spec)
        outcome: list[LoadResult | BaseException] = []

        def load() -> None:
            try:
                outcome.append(generator.run(HOST, server.port, requests, LOAD_CONNECTIONS, load_s))
            except BaseException as exc:  # reported below, on the main thread
                outcome.append(exc)

        loader = threading.Thread(target=load, daemon=True)
        loader.start()
        time.sleep(WARMUP_S)
        results = []
        for _ in range(bursts):
            results.append(asyncio.run(_burst(server.port, requests[0], size)))
            time.sleep(PAUSE_S)
        if not loader.is_alive():
            raise RuntimeError("the load ended before the last burst: the figures are unloaded")
        loader.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    if outcome[0].non_2xx or outcome[0].socket_error_count:
        raise RuntimeError(f"the load got errors: {outcome[0]}")
    return results


def loop_spec(loop: str) -> ServerSpec:
    return mock_spec(f"mock --loop {loop}", loop=loop)


def table(rows: Sequence[tuple[str, list[Burst]]], size: int) -> str:
    return report.format_table(
        ["server", "new connections", "median ms", "slowest ms", "slowest of all ms"],
        [
            (
                name,
                size,
                report.decimals(statistics.median(b.median_ms for b in bursts), 1),
                report.decimals(statistics.median(b.slowest_ms for b in bursts), 1),
                report.decimals(max(b.slowest_ms for b in bursts), 1),
            )
            for name, bursts in rows
        ],
    )


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.burst", description=__doc__)
    parser.add_argument("--burst", type=int, default=16, help="new connections at once (16)")
    parser.add_argument("--bursts", type=int, default=5, help="bursts per server (5)")
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args(argv)
    rows = []
    for loop in LOOPS:
        _say(f"mock --loop {loop}: {args.bursts} bursts under load")
        spec = loop_spec(loop)
        rows.append(
            (
                spec.name,
                measure(
                    spec, size=args.burst, bursts=args.bursts, generator_preference=args.generator
                ),
            )
        )
    print(
        f"Bursts of new connections while {LOAD_CONNECTIONS} others keep the mock busy "
        "(vehicle_data); time to each new connection's first answer:\n"
    )
    print(table(rows, args.burst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
