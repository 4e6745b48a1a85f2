"""Hostile and careless clients: a real mock server process per test module, and its memory.

Attacks that exhaust memory, sockets or time must be tried against the server as people run it
(`python -m tesla_mock`, uvicorn, real sockets), not in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.hostile.support import ADMIN, LiveServer, start_server


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server with the default options for the module's tests (`reset_server`)."""
    server = start_server(tmp_path_factory.mktemp("module-server"))
    yield server
    server.stop()


@pytest.fixture
def reset_server(module_server: LiveServer) -> LiveServer:
    """The module's server, still serving after the tests before, and reset to its start-up
    fleet (no faults, empty journals, the clock from now), rather than a server process
    started for each test."""
    module_server.still_serves()
    reset = httpx.post(f"{module_server.base_url}/__mock/reset", headers=ADMIN, timeout=10)
    assert reset.status_code == 200, reset.text
    return module_server


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """A factory: `live_server("--flag", ...)` starts a server, stopped after the test."""
    started: list[LiveServer] = []

    def start(*args: str, env: dict[str, str] | None = None) -> LiveServer:
        started.append(start_server(tmp_path, *args, env=env))
        return started[-1]

    yield start
    for server in started:
        server.stop()
