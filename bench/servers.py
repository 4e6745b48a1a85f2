"""The servers under test: start each in its own process group on a free 127.0.0.1 port, poll
until it answers HTTP, and always stop them again (`ServerGroup` is a context manager). The
starting and stopping is tesla_mock/testing/ports.py's, as everywhere in the project.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tesla_mock.testing.ports import (
    ServerStartError,
    free_port,
    http_answers,
    start_process,
    stop_process,
)

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServerSpec:
    name: str
    title: str  # what it is, for the report
    argv: tuple[str, ...]  # "{port}" is replaced by the port
    startup_timeout_s: float = 60.0
    env: dict[str, str] = field(default_factory=dict)


def venv_python() -> str:
    return str(ROOT / ".venv" / "bin" / "python")


def clean_env() -> dict[str, str]:
    """This environment without TESLA_MOCK_* (the mock would read them: not as `make mock`)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TESLA_MOCK_")}


# The benchmarks run the mock without its request log: Prism runs with `-v error` and the
# Python ceilings log nothing, and a run would write a line per request (millions) to the
# server's log file. What the log costs is measured on its own (docs/benchmarks.md).
MOCK_ARGS = ("--quiet",)


def mock_spec(name: str = "mock", fleet_file: Path | None = None, title: str = "") -> ServerSpec:
    """The stateful mock as `make mock` starts it (but `MOCK_ARGS`), optionally with another
    fleet."""
    argv = (venv_python(), "-m", "tesla_mock", "--host", HOST, "--port", "{port}", *MOCK_ARGS)
    if fleet_file is not None:
        argv += ("--fleet", str(fleet_file))
    return ServerSpec(name, title or "stateful mock (make mock, --quiet)", argv)


def prism_spec() -> ServerSpec:
    prism = str(ROOT / "node_modules" / ".bin" / "prism")
    spec = str(ROOT / "spec" / "tesla-charging.yaml")
    argv = (prism, "mock", "-h", HOST, "-p", "{port}", "-v", "error", spec)
    return ServerSpec("prism", "Prism static mock, -v error", argv)


def starlette_spec(responses_file: Path) -> ServerSpec:
    argv = (venv_python(), "-m", "bench.apps", "starlette", "--port", "{port}")
    argv += ("--responses", str(responses_file))
    return ServerSpec("starlette", "bare Starlette on uvicorn (ceiling)", argv)


def raw_asgi_spec() -> ServerSpec:
    argv = (venv_python(), "-m", "bench.apps", "raw-asgi", "--port", "{port}")
    return ServerSpec("raw-asgi", "raw ASGI callable on uvicorn (floor)", argv)


class ServerError(RuntimeError):
    pass


@dataclass
class RunningServer:
    spec: ServerSpec
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    startup_s: float = 0.0

    @property
    def name(self) -> str:
        return self.spec.name

    def rss_bytes(self) -> int:
        """Resident memory of the server process (VmRSS)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise ServerError(f"{self.name}: no VmRSS for pid {self.process.pid}")

    def log_tail(self, lines: int = 20) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL after a grace period."""
        stop_process(self.process)


def start(spec: ServerSpec, log_dir: Path) -> RunningServer:
    """Start the server in its own process group on a free port; wait until it answers HTTP."""
    port = free_port()
    argv = [arg.replace("{port}", str(port)) for arg in spec.argv]
    log_path = log_dir / f"{spec.name}.log"
    started = time.perf_counter()
    with log_path.open("wb") as log:
        try:
            process = start_process(
                argv,
                ready=lambda: http_answers(HOST, port),
                timeout=spec.startup_timeout_s,
                name=spec.name,
                cwd=ROOT,
                env={**clean_env(), **spec.env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except ServerStartError as exc:
            tail = log_path.read_text(errors="replace").splitlines()[-20:]
            raise ServerError(f"{exc}:\n" + "\n".join(tail)) from exc
    return RunningServer(spec, port, process, log_path, time.perf_counter() - started)


class ServerGroup:
    """Starts servers one after the other; stops every one of them on the way out."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.servers: list[RunningServer] = []

    def start(self, spec: ServerSpec) -> RunningServer:
        server = start(spec, self.log_dir)
        self.servers.append(server)
        return server

    def __enter__(self) -> ServerGroup:
        return self

    def __exit__(self, *exc_info: object) -> None:
        while self.servers:
            self.servers.pop().stop()
