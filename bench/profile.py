"""The mock's own cost per request, without sockets; and where it goes (`make profile`).

Each workload's requests (bench/workloads.py, the ones `make bench` sends) are turned into ASGI
calls on `create_app()` built as `make mock` builds it, and awaited one after another on
uvloop: what is left is the app (connexion's stack, the fast path, the vehicle rules and the
JSON answer), without uvicorn, the kernel or a load generator. `--profile` runs the same loop
under pyinstrument and prints the call tree; that is how the costs in tesla_mock/fastpath.py
were found.

    .venv/bin/python -m bench.profile                          # µs per request, each workload
    .venv/bin/python -m bench.profile vehicle_data --profile   # and where the time goes
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from bench.workloads import DEFAULT_WORKLOADS, WORKLOAD_NAMES, Request, workload

WARMUP_REQUESTS = 500


def asgi_scope(request: Request) -> dict[str, Any]:
    """The scope uvicorn would build for this request (headers as the wire carries them)."""
    url = urlsplit(request.path)
    headers = [(b"host", b"127.0.0.1")]
    headers += [
        (name.lower().encode(), value.encode()) for name, value in request.headers().items()
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": url.path,
        "raw_path": url.path.encode(),
        "query_string": url.query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 4010),
        "state": {},
    }


def _receive_once(body: bytes) -> Any:
    """A request's receive channel: the body in one message, then a client that stays."""
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return receive


async def _drive(app: Any, requests: Sequence[Request], count: int, statuses: Counter[int]) -> None:
    scopes = [(asgi_scope(request), request.body) for request in requests]

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] += 1

    for n in range(count):
        template, body = scopes[n % len(scopes)]
        await app(dict(template), _receive_once(body), send)


def measure(
    name: str, requests: int, rounds: int, profile: bool
) -> tuple[list[float], Counter[int], str]:
    """µs per request of each of `rounds` timed rounds of `requests` requests on a fresh app,
    the statuses answered and, with `profile`, the call tree of one more round under
    pyinstrument (not timed: the profiler's own cost would be in the figure)."""
    import uvloop
    from tesla_mock.app import create_app

    app = create_app()
    loop_requests = workload(name).requests
    uvloop.run(_drive(app, loop_requests, WARMUP_REQUESTS, Counter()))  # builds connexion's stack
    gc.collect()
    gc.freeze()  # as `make mock` serves (tesla_mock/cli.py)
    statuses: Counter[int] = Counter()
    figures = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            uvloop.run(_drive(app, loop_requests, requests, statuses))
            figures.append((time.perf_counter() - started) / requests * 1e6)
        if profile:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as profiler:
                uvloop.run(_drive(app, loop_requests, requests, statuses))
            return figures, statuses, profiler.output_text(unicode=True, color=sys.stdout.isatty())
    finally:
        gc.unfreeze()
    return figures, statuses, ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument(
        "workloads", nargs="*", metavar="WORKLOAD", help=f"default: {', '.join(DEFAULT_WORKLOADS)}"
    )
    parser.add_argument("--requests", type=int, default=5000, help="per round (default 5000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per workload (default 3)")
    parser.add_argument("--profile", action="store_true", help="print pyinstrument's call tree")
    args = parser.parse_args(argv)
    if set(args.workloads) - set(WORKLOAD_NAMES):
        parser.error(f"the workloads are {', '.join(WORKLOAD_NAMES)}")
    from tesla_mock.cli import quiet_connexion

    quiet_connexion()  # as `make mock` serves

    print("| workload | requests timed | µs per request (median) | each round | all statuses |")
    print("| --- | ---: | ---: | --- | --- |")
    failed = False
    for name in args.workloads or DEFAULT_WORKLOADS:
        figures, statuses, tree = measure(name, args.requests, args.rounds, args.profile)
        rounds = ", ".join(f"{us:.1f}" for us in figures)
        answered = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        median = statistics.median(figures)
        print(f"| {name} | {args.requests * args.rounds} | {median:.1f} | {rounds} | {answered} |")
        failed |= set(statuses) != {200}
        print(tree, end="")
    if failed:
        print("some answers were not 200: the figures are not the workloads' own", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
