"""What the mock's own thin layers add to a request: CORS (tesla_mock/cors.py) and the request
log (tesla_mock/requestlog.py), each wrapped around an ASGI app that answers at once, so that
nothing else is in the figure. Best of several repeats (the least disturbed by other work).

    .venv/bin/python -m bench.layers                 # µs per request, and what each layer adds

A served request costs a few hundred µs (`python -m bench.profile`); the throughput tables of
`make bench` cannot resolve a microsecond, these figures can.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Sequence
from typing import Any

REQUEST_HEADERS = [
    (b"host", b"127.0.0.1:4010"),
    (b"user-agent", b"python-httpx/0.28.1"),
    (b"accept", b"*/*"),
    (b"authorization", b"Bearer demo-owner-token"),
]
ORIGIN = (b"origin", b"http://localhost:5173")
PREFLIGHT = [ORIGIN, (b"access-control-request-method", b"POST")]


async def _answer(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b'{"response": {}}'})


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: dict[str, Any]) -> None:
    return None


def _scope(method: str = "GET", extra: Sequence[tuple[bytes, bytes]] = ()) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": "/api/1/vehicles/13691870400958016/vehicle_data",
        "query_string": b"endpoints=charge_state",
        "headers": [*REQUEST_HEADERS, *extra],
    }


async def _time(app: Any, scope: dict[str, Any], requests: int) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        await app(dict(scope), _receive, _send)
    return (time.perf_counter() - started) / requests * 1e6


def measure(requests: int, repeats: int) -> dict[str, float]:
    """µs per request of each case, best of `repeats`."""
    from tesla_mock.cors import CorsMiddleware
    from tesla_mock.requestlog import RequestLog

    with open(os.devnull, "w") as devnull:
        log = RequestLog(_answer, devnull)
        cases: dict[str, tuple[Any, dict[str, Any]]] = {
            "no layer": (_answer, _scope()),
            "CORS, a request without Origin": (CorsMiddleware(_answer), _scope()),
            "CORS, a request with Origin": (CorsMiddleware(_answer), _scope(extra=[ORIGIN])),
            "CORS, a preflight": (CorsMiddleware(_answer), _scope("OPTIONS", PREFLIGHT)),
            "request log": (log, _scope()),
            "request log off (--quiet)": (RequestLog(_answer, None), _scope()),
        }
        best = dict.fromkeys(cases, float("inf"))
        for _ in range(repeats):
            for name, (app, scope) in cases.items():
                best[name] = min(best[name], asyncio.run(_time(app, scope, requests)))
                log.flush()  # what the bound on pending lines did not write yet, as a tick would
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.layers", description=__doc__)
    parser.add_argument("--requests", type=int, default=50_000, help="per repeat (50,000)")
    parser.add_argument("--repeats", type=int, default=7, help="best of (default 7)")
    args = parser.parse_args(argv)
    best = measure(args.requests, args.repeats)
    bare = best["no layer"]
    print(f"| case | µs per request (best of {args.repeats}) | the layer adds |")
    print("| --- | ---: | ---: |")
    for name, us in best.items():
        print(f"| {name} | {us:.2f} | {us - bare:+.2f} µs |")


if __name__ == "__main__":
    main()
