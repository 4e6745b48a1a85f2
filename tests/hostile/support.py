"""What the hostile-client tests share: a real mock server process (`start_server`) and the
in-process app with the server tests' scenario. A plain module (the fixture in conftest.py uses
it too): tests import from here, never from a conftest.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from starlette.testclient import TestClient
from tesla_mock.app import create_app
from tesla_mock.clock import SimClock
from tesla_mock.testing.ports import free_port, http_answers

from tests.server.support import ADMIN_TOKEN, SCENARIO, START, Api

HOST = "127.0.0.1"
OWNER = {"Authorization": "Bearer demo-owner-token"}
ADMIN = {"Authorization": "Bearer mock-admin-token"}
PLUGGED_CAR = "13691870400958016"  # the default fleet's plugged-in car (demo account)
START_TIMEOUT_S = 20.0


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    port: int
    stderr_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def rss_bytes(self) -> int:
        """Resident memory of the server process, from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS line")

    def still_serves(self) -> None:
        """A normal request is answered normally: the attack did not take the server down."""
        assert self.process.poll() is None, self.stderr_path.read_text()[-2000:]
        response = httpx.get(f"{self.base_url}/api/1/products", headers=OWNER, timeout=5)
        assert response.status_code == 200, response.text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> LiveServer:
    """`python -m tesla_mock` on a free loopback port with `args`, started and answering."""
    port = free_port()
    stderr_path = tmp_path / f"mock-{port}.stderr"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tesla_mock", "--host", HOST, "--port", str(port), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env={**os.environ, **(env or {})},
        )
    server = LiveServer(process, port, stderr_path)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not http_answers(HOST, port):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise AssertionError(f"the mock did not start: {stderr_path.read_text()[-2000:]}")
        time.sleep(0.05)
    return server


@contextmanager
def in_process_api(**app_options: Any) -> Iterator[Api]:
    """The in-process app on the server tests' scenario and frozen clock, with `app_options`
    for `create_app` (e.g. `fleet_limits`, `fast`); errors answer, they do not raise."""
    clock = SimClock(start=START, frozen=True)
    app = create_app(scenario=SCENARIO, admin_token=ADMIN_TOKEN, clock=clock, **app_options)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock)
