"""Pure-Python HTTP/1.1 load generator, the fallback when wrk is missing.

    python -m bench.pyload CONFIG.json      (keys: host, port, connections, duration_s,
                                             timeout_s, requests: raw requests as latin-1 text)

Keeps `connections` keep-alive connections busy for `duration_s`, each sending the requests in
turn (one shared counter, like the Lua script given to wrk), and prints the same
`BENCH_RESULT {json}` line as that script. It runs in its own process so it never shares a core
with the harness; it is much slower than wrk, which the report shows next to the raw ASGI floor.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.loadgen import RESULT_MARKER


@dataclass(frozen=True)
class ResponseHead:
    status: int
    content_length: int | None
    chunked: bool
    keep_alive: bool


def parse_head(head: bytes) -> ResponseHead:
    """The status line and the headers that say how the body ends."""
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    version, status, *_ = status_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    length = headers.get("content-length")
    connection = headers.get("connection", "")
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    return ResponseHead(
        status=int(status),
        content_length=None if length is None else int(length),
        chunked="chunked" in headers.get("transfer-encoding", ""),
        keep_alive=keep_alive,
    )


async def read_response(reader: asyncio.StreamReader) -> ResponseHead:
    head = parse_head((await reader.readuntil(b"\r\n\r\n"))[:-4])
    if head.chunked:
        await _skip_chunked_body(reader)
    elif head.content_length:
        await reader.readexactly(head.content_length)
    elif head.content_length is None and not head.keep_alive:
        await reader.read()  # the body runs to the end of the connection
    return head


async def _skip_chunked_body(reader: asyncio.StreamReader) -> None:
    while True:
        size = int((await reader.readline()).split(b";", 1)[0], 16)
        if size == 0:
            while (await reader.readline()) not in (b"\r\n", b""):  # trailers
                pass
            return
        await reader.readexactly(size + 2)


@dataclass
class Tally:
    latencies_s: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


async def _connection(
    config: dict[str, Any], wire: list[bytes], turn: itertools.count[int], deadline: float
) -> Tally:
    tally = Tally()
    reader = writer = None
    while time.perf_counter() < deadline:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection(config["host"], config["port"])
            except OSError:
                tally.errors["connect"] += 1
                await asyncio.sleep(0.01)
                continue
        assert reader is not None
        request = wire[next(turn) % len(wire)]
        started = time.perf_counter()
        try:
            async with asyncio.timeout(config["timeout_s"]):
                writer.write(request)
                head = await read_response(reader)
        except TimeoutError:
            tally.errors["timeout"] += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            tally.errors["read"] += 1
        else:
            tally.latencies_s.append(time.perf_counter() - started)
            tally.statuses[head.status] += 1
            if head.keep_alive:
                continue
        writer.close()
        writer = None
    if writer is not None:
        writer.close()
    return tally


async def run_load(config: dict[str, Any]) -> dict[str, Any]:
    """Drive the server and return what the BENCH_RESULT line carries."""
    wire = [text.encode("latin-1") for text in config["requests"]]
    turn = itertools.count()
    started = time.perf_counter()
    deadline = started + config["duration_s"]
    tallies = await asyncio.gather(
        *(_connection(config, wire, turn, deadline) for _ in range(config["connections"]))
    )
    elapsed = time.perf_counter() - started
    return summarise(tallies, elapsed)


def summarise(tallies: list[Tally], elapsed_s: float) -> dict[str, Any]:
    latencies = sorted(itertools.chain.from_iterable(t.latencies_s for t in tallies))
    statuses: Counter[int] = sum((t.statuses for t in tallies), Counter())
    errors: Counter[str] = sum((t.errors for t in tallies), Counter())
    mean = sum(latencies) / len(latencies) if latencies else 0.0
    latency_us = {f"p{p}": percentile(latencies, p) * 1e6 for p in (50, 90, 99)}
    latency_us |= {"mean": mean * 1e6, "max": (latencies[-1] if latencies else 0.0) * 1e6}
    return {
        "requests": len(latencies),
        "duration_us": elapsed_s * 1e6,
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
        "errors": dict(errors),
        "latency_us": latency_us,
    }


def main(argv: list[str]) -> None:
    with open(argv[0]) as file:
        config = json.load(file)
    print(RESULT_MARKER + json.dumps(_event_loop_runner()(run_load(config))), flush=True)


def _event_loop_runner() -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


if __name__ == "__main__":
    main(sys.argv[1:])
