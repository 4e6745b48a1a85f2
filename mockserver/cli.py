"""`tesla-mock` / `python -m mockserver`: run the mock vehicle on uvicorn.

Every option can also come from the environment (TESLA_MOCK_HOST, TESLA_MOCK_PORT,
TESLA_MOCK_FLEET, TESLA_MOCK_TIME_SCALE, TESLA_MOCK_ADMIN_TOKEN, TESLA_MOCK_VALIDATE_RESPONSES,
TESLA_MOCK_LOG_LEVEL, TESLA_MOCK_LOOP); a command-line option wins over the environment.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

# connexion imports starlette's test client, which warns about httpx on every start-up.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from mockserver.app import ADMIN_BASE_PATH, DEFAULT_ADMIN_TOKEN, create_app  # noqa: E402


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TESLA_MOCK_{name}", default)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tesla-mock",
        description="A stateful mock Tesla vehicle (charging API) with an admin API under "
        f"{ADMIN_BASE_PATH}. Options also read TESLA_MOCK_<OPTION> environment variables.",
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"), help="address to bind")
    parser.add_argument("--port", type=int, default=int(_env("PORT", "4010")), help="TCP port")
    parser.add_argument(
        "--fleet",
        default=_env("FLEET", "") or None,
        metavar="FILE",
        help="fleet/scenario YAML (default: the packaged demo fleet)",
    )
    parser.add_argument(
        "--time-scale",
        type=float,
        default=float(_env("TIME_SCALE", "1")),
        help="simulated seconds per real second (default 1)",
    )
    parser.add_argument(
        "--admin-token",
        default=_env("ADMIN_TOKEN", DEFAULT_ADMIN_TOKEN),
        help="bearer token of the admin API",
    )
    parser.add_argument(
        "--validate-responses",
        action="store_true",
        default=_env("VALIDATE_RESPONSES", "") not in ("", "0", "false"),
        help="also validate every response against the spec (slower; tests use it)",
    )
    parser.add_argument(
        "--log-level",
        default=_env("LOG_LEVEL", "warning"),
        choices=["critical", "error", "warning", "info", "debug"],
    )
    parser.add_argument(
        "--loop",
        default=_env("LOOP", "asyncio"),
        choices=["asyncio", "uvloop"],
        help="event loop (default asyncio: it accepts a burst of new connections at once; "
        "uvloop is 3-5%% faster under steady load but accepts one per loop turn)",
    )
    args = parser.parse_args(argv)
    if args.time_scale <= 0:
        parser.error("--time-scale must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    app = create_app(
        fleet_file=args.fleet,
        time_scale=args.time_scale,
        admin_token=args.admin_token,
        validate_responses=args.validate_responses,
    )
    base = f"http://{args.host}:{args.port}"
    print(f"Mock vehicle on {base}  (Swagger UI: {base}/ui/ , admin: {base}{ADMIN_BASE_PATH}/ui/)")
    for account in app.mock.fleet.accounts.values():
        for token in sorted(account.tokens):
            print(f"  account {account.name}: Authorization: Bearer {token}")
        for vehicle_id in account.vehicles:
            print(f"    vehicle {vehicle_id}")
    print(f"  admin: Authorization: Bearer {args.admin_token}")
    sys.stdout.flush()
    serve(app, host=args.host, port=args.port, log_level=args.log_level, loop=args.loop)


def quiet_connexion() -> None:
    """Silence what connexion and Starlette say about the mock's set-up, not about requests.

    connexion logs a warning each time it looks up the body definition of an operation that
    takes two content types, about seven times per command request; the spec's commands take
    JSON and form bodies on purpose. (Starlette's warning about httpx is filtered when this
    module is imported, before connexion is.)
    """
    logging.getLogger("connexion.operations.openapi3").setLevel(logging.ERROR)


def serve(app: Any, *, host: str, port: int, log_level: str, loop: str = "asyncio") -> None:
    """Run `app` on uvicorn until interrupted.

    httptools parses HTTP (uvicorn's pure-Python h11 parser costs about a third of the
    throughput). The event loop is asyncio's by default, not uvloop: libuv accepts one
    connection per turn of the loop, and a turn of a loaded server serves every busy connection
    once (about 4 ms at 32 connections), so under load a burst of 16 new connections waited up
    to 70 ms for its last first answer; asyncio's loop accepts the burst at once (all within
    12 ms). That costs 3-5 % of requests/s and takes p99 at 32 connections from about 8 ms
    to about 5 ms (docs/benchmarks.md). Once the server has started, and with it connexion's
    middleware stack, the objects that live as long as the process (specs, operations,
    compiled validators) are frozen out of the garbage collector, so that the collections
    each request's garbage triggers stop walking them.
    """
    import uvicorn

    class FrozenHeapServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            gc.collect()
            gc.freeze()

    quiet_connexion()
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, http="httptools", loop=loop
    )
    server = FrozenHeapServer(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        sys.exit(1)
