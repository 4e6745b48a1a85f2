"""The servers under test: start each in its own process group on a free 127.0.0.1 port, poll
until it answers HTTP, and always stop them again (`ServerGroup` is a context manager). The
starting and stopping is tesla_mock/testing/ports.py's, as everywhere in the project.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tesla_mock.testing.ports import (
    ServerStartError,
    free_port,
    http_answers,
    start_process,
    stop_process,
)

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = str(ROOT / ".venv" / "bin" / "python")
STARTUP_TIMEOUT_S = 60.0
# The benchmarks run the mock without its request log: Prism runs with `-v error` and the
# Python ceilings log nothing, and a run would write a line per request (millions) to the
# server's log file. What the log costs is in docs/benchmarks.md.
MOCK_ARGS = ("--quiet",)


class ServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class ServerSpec:
    name: str
    title: str  # what it is, for the report
    argv: tuple[str, ...]  # "{port}" is replaced by the port


def mock_spec(name: str = "mock", title: str = "", extra: tuple[str, ...] = ()) -> ServerSpec:
    """The stateful mock as `make mock` starts it (but `MOCK_ARGS`), with `extra` arguments."""
    argv = (VENV_PYTHON, "-m", "tesla_mock", "--host", HOST, "--port", "{port}", *MOCK_ARGS)
    return ServerSpec(name, title or "stateful mock (make mock, --quiet)", argv + extra)


def prism_spec() -> ServerSpec:
    prism = str(ROOT / "node_modules" / ".bin" / "prism")
    spec = str(ROOT / "spec" / "tesla-charging.yaml")
    argv = (prism, "mock", "-h", HOST, "-p", "{port}", "-v", "error", spec)
    return ServerSpec("prism", "Prism static mock, -v error", argv)


def app_spec(app: str, title: str, responses: Path | None = None) -> ServerSpec:
    """One of bench/apps.py's reference servers (the Starlette one answers from `responses`)."""
    argv = (VENV_PYTHON, "-m", "bench.apps", app, "--port", "{port}")
    return ServerSpec(app, title, argv + (("--responses", str(responses)) if responses else ()))


@dataclass
class RunningServer:
    spec: ServerSpec
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    startup_s: float

    @property
    def name(self) -> str:
        return self.spec.name

    def proc(self, name: str) -> str:
        return Path(f"/proc/{self.process.pid}/{name}").read_text()

    def rss_bytes(self) -> int:
        """Resident memory of the server process (VmRSS)."""
        for line in self.proc("status").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise ServerError(f"{self.name}: no VmRSS for pid {self.process.pid}")

    def cpu_ms(self) -> float:
        """The CPU time the process has used so far (utime and stime, in clock ticks)."""
        fields = self.proc("stat").rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def as_json(self) -> dict[str, Any]:
        argv = [a.replace("{port}", str(self.port)) for a in self.spec.argv]
        return {
            "name": self.name,
            "title": self.spec.title,
            "argv": argv,
            "startup_s": self.startup_s,
        }


def log_tail(path: Path, lines: int = 20) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


class ServerGroup:
    """Starts servers one after the other; stops every one of them on the way out (SIGTERM to
    each process group, SIGKILL after a grace period)."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.servers: list[RunningServer] = []

    def start(self, spec: ServerSpec) -> RunningServer:
        """Start the server in its own process group on a free port; wait until it answers HTTP.
        Its environment has no TESLA_MOCK_* variables (the mock would read them: not as `make
        mock`)."""
        port = free_port()
        argv = [arg.replace("{port}", str(port)) for arg in spec.argv]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TESLA_MOCK_")}
        log_path = self.log_dir / f"{spec.name}.log"
        started = time.perf_counter()
        with log_path.open("wb") as log:
            try:
                process = start_process(
                    argv,
                    ready=lambda: http_answers(HOST, port),
                    timeout=STARTUP_TIMEOUT_S,
                    name=spec.name,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            except ServerStartError as exc:
                raise ServerError(f"{exc}:\n{log_tail(log_path)}") from exc
        self.servers.append(
            RunningServer(spec, port, process, log_path, time.perf_counter() - started)
        )
        return self.servers[-1]

    def __enter__(self) -> ServerGroup:
        return self

    def __exit__(self, *exc_info: object) -> None:
        while self.servers:
            stop_process(self.servers.pop().process)
