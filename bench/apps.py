"""Reference servers on uvicorn, run exactly as the mock runs uvicorn (`uvicorn.run`, defaults):

    python -m bench.apps starlette --port N --responses FILE   # the practical Python ceiling
    python -m bench.apps raw-asgi  --port N                     # the floor of uvicorn itself

The Starlette app routes the same paths as the mock, parses the same JSON body and answers the
JSON the mock answered for that request (recorded by the harness into FILE: {"METHOD target":
body}), serialised anew per request. It does no auth, validation or simulation: it is the cost of
a web framework doing nothing. The raw ASGI callable reads the body and sends a fixed answer.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

HOST = "127.0.0.1"
COMMAND_ANSWER = b'{"response": {"result": true, "reason": ""}}'


def request_key(method: str, path: str, query: str = "") -> str:
    """How a recorded answer is looked up: `POST /api/...` or `GET /api/...?endpoints=...`."""
    return f"{method} {path}?{query}" if query else f"{method} {path}"


def starlette_app(responses: dict[str, Any]) -> Starlette:
    async def answer(request: Request) -> JSONResponse:
        if await request.body():
            body = await request.json()
            if not isinstance(body, dict):
                return JSONResponse({"error": "the body must be an object"}, status_code=400)
        key = request_key(request.method, request.url.path, request.url.query)
        if key not in responses:
            return JSONResponse({"error": f"nothing recorded for {key}"}, status_code=404)
        return JSONResponse(responses[key])

    return Starlette(
        routes=[
            Route("/api/1/vehicles/{id}/command/{command}", answer, methods=["POST"]),
            Route("/api/1/vehicles/{id}/vehicle_data", answer, methods=["GET"]),
        ]
    )


async def raw_asgi_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":  # nothing to set up or tear down
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    more_body = True
    while more_body:
        more_body = (await receive()).get("more_body", False)
    length = b"%d" % len(COMMAND_ANSWER)
    headers = [(b"content-type", b"application/json"), (b"content-length", length)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": COMMAND_ANSWER})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.apps", description=__doc__)
    parser.add_argument("app", choices=["starlette", "raw-asgi"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--responses", type=Path, help="recorded answers (starlette only)")
    args = parser.parse_args(argv)
    if args.app == "starlette":
        if args.responses is None:
            parser.error("starlette needs --responses FILE")
        app: Any = starlette_app(json.loads(args.responses.read_text()))
    else:
        app = raw_asgi_app
    uvicorn.run(app, host=HOST, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
