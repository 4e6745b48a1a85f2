"""Free ports, readiness polls and server start/stop: the single place for them.

Everything in this project that starts a server and waits for it uses this module: the pytest
plugin's loopback servers (`serve_in_thread`), the Prism wrappers in `scripts/` and the benchmark
in `bench/` (`start_process`, `stop_process`). Add a helper here rather than writing another
port picker or polling loop next to its caller.

It imports nothing beyond the standard library (uvicorn only inside `serve_in_thread`), so a
script can use it without the plugin's or the server's dependencies.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

LOOPBACK_HOST = "127.0.0.1"
POLL_INTERVAL_S = 0.05
STOP_GRACE_S = 5.0

WaitOutcome = Literal["ready", "stopped", "timeout"]


class ServerStartError(RuntimeError):
    """A server did not start: it exited first or did not answer in time."""


# -- addresses --------------------------------------------------------------------------------
def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str = LOOPBACK_HOST) -> int:
    """A TCP port free on `host` right now (the kernel picks it).

    Another process can take it before the caller binds it; where the server can be handed a
    socket instead, `bound_socket` has no such race.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def bound_socket(host: str = LOOPBACK_HOST) -> socket.socket:
    """A TCP socket bound to a free port of `host`, for a server that accepts a socket."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.bind((host, 0))
    except OSError:
        sock.close()
        raise
    return sock


def probe_host(host: str) -> str:
    """The address that reaches a server listening on `host` (wildcards mean loopback)."""
    return {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def url_for(host: str, port: int) -> str:
    """`http://host:port`, with the brackets an IPv6 address needs."""
    host = probe_host(host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# -- probes -----------------------------------------------------------------------------------
def tcp_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((probe_host(host), port), timeout=timeout):
            return True
    except OSError:
        return False


def http_answers(
    host: str,
    port: int,
    *,
    method: str = "GET",
    path: str = "/",
    headers: Mapping[str, str] | None = None,
    timeout: float = 1.0,
) -> bool:
    """True when something answers HTTP (any status) to `method path` on host:port."""
    connection = http.client.HTTPConnection(probe_host(host), port, timeout=timeout)
    try:
        connection.request(method, path, headers=dict(headers or {}))
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def wait_until(
    ready: Callable[[], bool],
    timeout: float,
    *,
    alive: Callable[[], bool] = lambda: True,
    pause: Callable[[float], object] = time.sleep,
    interval: float = POLL_INTERVAL_S,
) -> WaitOutcome:
    """Poll `ready()` until it is true ("ready"), `alive()` turns false ("stopped") or
    `timeout` seconds pass ("timeout").

    `pause(seconds)` waits between polls: `time.sleep` unless the caller has work to do
    meanwhile (relaying a child's output, joining a thread).
    """
    deadline = time.monotonic() + timeout
    while True:
        if ready():
            return "ready"
        if not alive():
            return "stopped"
        if time.monotonic() >= deadline:
            return "timeout"
        pause(min(interval, max(deadline - time.monotonic(), 0.0)))


# -- server processes -------------------------------------------------------------------------
def start_process(
    argv: Sequence[str],
    *,
    ready: Callable[[], bool],
    timeout: float,
    name: str | None = None,
    pause: Callable[[float], object] = time.sleep,
    **popen_args: Any,
) -> subprocess.Popen[bytes]:
    """Start `argv` in a process group of its own and wait until `ready()` (e.g. a
    `tcp_answers` or `http_answers` on its port).

    Raises `ServerStartError` (after stopping it) when it exits or does not get ready within
    `timeout` seconds. `popen_args` go to `subprocess.Popen` (stdout, env, cwd, ...).
    """
    name = name or os.path.basename(argv[0])
    process: subprocess.Popen[bytes] = subprocess.Popen(
        list(argv), start_new_session=True, **popen_args
    )
    try:
        outcome = wait_until(ready, timeout, alive=lambda: process.poll() is None, pause=pause)
    except BaseException:
        stop_process(process)
        raise
    if outcome == "ready":
        return process
    stop_process(process)
    if outcome == "stopped":
        raise ServerStartError(f"{name} exited with code {process.returncode} before it was ready")
    raise ServerStartError(f"{name} was not ready within {timeout:g} s")


def stop_process(process: subprocess.Popen[Any], grace: float = STOP_GRACE_S) -> int:
    """SIGTERM to the process's group (it and what it started), SIGKILL after `grace`
    seconds; its exit code."""
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
    _signal_group(process.pid, signal.SIGKILL)  # whatever the server itself left running
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    return process.returncode


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


# -- an ASGI app on a thread ------------------------------------------------------------------
@contextlib.contextmanager
def serve_in_thread(
    app: Any,
    host: str = LOOPBACK_HOST,
    *,
    timeout: float = 30.0,
    **uvicorn_config: Any,
) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port of `host` in a background thread; yields its
    base URL, and stops the server on exit.

    The socket is bound before uvicorn starts, so no other process can take the port.
    `uvicorn_config` goes to `uvicorn.Config` (defaults: warnings only, no access log, no
    lifespan).
    """
    import uvicorn

    options: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "off"}
    options.update(uvicorn_config)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    with contextlib.closing(bound_socket(host)) as listener:
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        try:
            outcome = wait_until(
                lambda: server.started, timeout, alive=thread.is_alive, pause=thread.join
            )
            if outcome != "ready":
                raise ServerStartError(f"uvicorn did not start on {host} ({outcome})")
            yield url_for(host, listener.getsockname()[1])
        finally:
            server.should_exit = True
            thread.join(timeout)
