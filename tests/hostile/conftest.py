"""Hostile and careless clients: a real mock server process per test module, and its memory.

Attacks that exhaust memory, sockets or time must be tried against the server as people run it
(`python -m tesla_mock`, uvicorn, real sockets), not in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.support import LiveServer, start_server


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
