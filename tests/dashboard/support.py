"""What the dashboard tests share: the scenario, a mock server on a thread, the browser's
settings and page helpers. A plain module (the fixtures in conftest.py use it too): tests import
from here, never from a conftest.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page
from tesla_mock.app import create_app
from tesla_mock.serving import ConnectionLimits, protocol_class

ADMIN_TOKEN = "dashboard-admin-token"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports" / "dashboard"
# What the probe of this machine found Chromium needs here: no sandbox as root, no GPU, and
# no background connections (the network is closed, and each refused one is logged).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALPHA, BRAVO, CHARLIE = "1000000000000001", "1000000000000002", "2000000000000001"
SCENARIO: dict[str, Any] = {
    "accounts": [
        {
            "name": "alice",
            "tokens": ["alice-token"],
            "vehicles": [
                {"id": int(ALPHA), "vin": "5YJ3E1EA7KF000001", "display_name": "Alpha",
                 "plugged_in": True, "battery_level": 40, "charge_limit_soc": 80},
                {"id": int(BRAVO), "vin": "5YJ3E1EA7KF000002", "display_name": "Bravo",
                 "battery_level": 70},
            ],
        },
        {
            "name": "bob",
            "tokens": ["bob-token"],
            "vehicles": [
                {"id": int(CHARLIE), "vin": "5YJ3E1EA7KF000003", "display_name": "Charlie",
                 "state": "asleep", "wake_delay_s": 2},
            ],
        },
    ]
}  # fmt: skip


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "no Chromium: the browser tests use the distribution's package "
            "(`apt-get install chromium`, which `make test` runs when it is missing) or "
            "the browser named by $CHROMIUM"
        )
    return path


class ThreadedServer:
    """A mock vehicle server on 127.0.0.1:`port`, served by uvicorn (with the mock's own
    connection handling) on a thread of the test process."""

    def __init__(self, port: int, **app_options: Any) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.app = create_app(admin_token=ADMIN_TOKEN, **app_options)
        self.fleet = self.app.mock.fleet
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            http=protocol_class(ConnectionLimits()),  # type: ignore[arg-type]
        )
        self.server = uvicorn.Server(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {port} did not start")
            time.sleep(0.02)

    def _run(self) -> None:
        async def serve() -> None:
            self.loop = asyncio.get_running_loop()
            await self.server.serve()

        asyncio.run(serve())

    def call(self, function: Callable[[], Any]) -> Any:
        """Run `function` on the server's event loop (the fleet is not thread-safe)."""
        assert self.loop is not None

        async def run() -> Any:
            return function()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def stop(self) -> None:
        if self.thread.is_alive():
            self.call(self.fleet.events.close)  # as tesla_mock.serving does at shutdown
            self.server.should_exit = True
            self.thread.join(10)

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = httpx.request(
            method,
            f"{self.url}/__mock{path}",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=10,
            **kwargs,
        )
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None

    def command(self, vehicle: str, name: str, token: str = "alice-token", **kwargs: Any) -> Any:
        answer = httpx.post(
            f"{self.url}/api/1/vehicles/{vehicle}/command/{name}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
            **kwargs,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["response"]


class ConsoleErrors(list[str]):
    """What the page logged as an error; `allow(text)` admits errors containing `text`."""

    def __init__(self) -> None:
        super().__init__()
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        self.allowed.append(text)

    def unexpected(self) -> list[str]:
        return [error for error in self if not any(text in error for text in self.allowed)]


def watch_console(page: Page, errors: ConsoleErrors) -> None:
    """Collect what `page` logs as an error, and its uncaught exceptions, into `errors`."""

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))


def open_dashboard(page: Page, server: ThreadedServer, token: str = ADMIN_TOKEN) -> None:
    """Open the page, give it the admin token, and wait for the fleet to be shown."""
    page.goto(f"{server.url}/__mock/dashboard")
    page.fill("#token-input", token)
    page.click("#token-form button[type=submit]")
    if token == ADMIN_TOKEN:
        page.wait_for_selector("#status[data-status=live]")
        page.wait_for_selector(".row")
