"""`tesla-mock record --upstream URL`: a recording proxy.

A client pointed at the proxy reaches the upstream server (a real one, or anything that speaks
the API) unchanged; each exchange is checked against the spec as it passes (disagreements go to
stderr at once), redacted (`redact`) and appended to the cassette, which is rewritten after
every exchange so that stopping the proxy (Ctrl-C) loses nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import time
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import httpx

from tesla_mock.traffic.recordings import Exchange, cassette
from tesla_mock.traffic.redact import Redactor
from tesla_mock.traffic.validate import SpecIndex, check_exchange

# Headers that belong to one connection, not to the exchange (RFC 9110 7.6.1), and those
# httpx recomputes after decoding the upstream's body.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
              "trailer", "upgrade", "host", "content-length", "content-encoding"}  # fmt: skip


class RecordingProxy:
    """An ASGI app that forwards to `upstream` and records what passes."""

    def __init__(
        self, upstream: str, output: Path, spec: dict[str, Any], *, log: TextIO = sys.stderr,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:  # fmt: skip
        self.upstream, self.output, self.log = upstream.rstrip("/"), output, log
        self.index = SpecIndex(spec)
        self.redactor = Redactor()
        self.exchanges: list[Exchange] = []
        self.disagreements = 0
        self._transport = transport

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]
                   if k.decode("latin-1").lower() not in HOP_BY_HOP}  # fmt: skip
        path = scope.get("raw_path", scope["path"].encode()).decode("latin-1").split("?")[0]
        query = scope.get("query_string", b"").decode("latin-1")
        url = self.upstream + path + (f"?{query}" if query else "")
        started = time.time()
        try:
            # A client per request: a recorder's cost does not matter, and nothing outlives it.
            async with httpx.AsyncClient(transport=self._transport, timeout=60) as client:
                answer = await client.request(scope["method"], url, headers=headers, content=body)
        except httpx.HTTPError as exc:
            why = f"{self.upstream} unreachable: {exc or type(exc).__name__}"
            print(f"record: {scope['method']} {path}: {why}", file=self.log)
            envelope = {"response": None, "error": "bad_gateway", "error_description": why}
            await _send(send, 502, {"content-type": "application/json"},
                        json.dumps(envelope).encode())  # fmt: skip
            return
        response_headers = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        exchange = Exchange(
            method=scope["method"], path=path, query=query, request_headers=headers,
            request_body=body, status=answer.status_code, response_headers=response_headers,
            response_body=answer.content, recorded_at=started,
            label=f"{self.output.name}#{len(self.exchanges)}",
        )  # fmt: skip
        self.record(exchange)
        await _send(send, answer.status_code, response_headers, answer.content)

    def record(self, exchange: Exchange) -> None:
        found = check_exchange(self.index, exchange)
        if found is None:
            print(f"record: {exchange.label}: {exchange.method} {exchange.path}: not in the spec",
                  file=self.log)  # fmt: skip
        for disagreement in found or ():
            self.disagreements += 1
            print(f"record: {disagreement.line()}", file=self.log)
        self.exchanges.append(self.redactor.exchange(exchange))
        self.output.write_text(cassette(self.exchanges, self.upstream), encoding="utf-8")


async def _send(send: Any, status: int, headers: dict[str, str], body: bytes) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def upstream_problem(upstream: str, timeout: float = 5.0) -> str | None:
    """Why a TCP connection to the upstream's host and port fails, or None when it opens."""
    parts = urlsplit(upstream)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=timeout).close()
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


def main(args: argparse.Namespace) -> int:
    import uvicorn

    from tesla_mock.traffic.cli import count, fail, load_spec

    upstream = urlsplit(args.upstream)
    if upstream.scheme not in ("http", "https") or not upstream.hostname:
        fail(f"--upstream {args.upstream!r}: give an http:// or https:// URL")
    output = Path(args.output)
    if not output.parent.is_dir():
        fail(f"--output {output}: no such directory {output.parent}")
    problem = upstream_problem(args.upstream)
    if problem:
        fail(f"--upstream {args.upstream}: cannot connect ({problem})")
    proxy = RecordingProxy(args.upstream, output, load_spec(None))
    try:
        listener = socket.create_server((args.host, args.port))
    except OSError as exc:
        fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    address = f"http://{args.host}:{listener.getsockname()[1]}"
    print(f"Recording {address} -> {args.upstream} into {output} (redacted; disagreements "
          "with the spec on stderr; Ctrl-C stops)", flush=True)  # fmt: skip
    server = uvicorn.Server(uvicorn.Config(proxy, log_level="warning", lifespan="off"))
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        server.run(sockets=[listener])
    if not proxy.exchanges:
        print(f"Nothing recorded: {output} not written")
        return 0
    print(f"{count(len(proxy.exchanges), 'exchange')} recorded in {output}, "
          f"{count(proxy.disagreements, 'disagreement')} with the spec")  # fmt: skip
    return 1 if proxy.disagreements else 0
