"""The dashboard in a real browser: a mock server on a loopback port, Chromium from the
distribution's packages (`make test` installs it) driven by playwright.

playwright's own browser download does not work offline, so the browser is the system's
(`CHROMIUM`, else `chromium` on PATH): a missing one fails the tests with what to install, it
does not skip them. Each test gets a fresh page and fails on any console error or uncaught
exception of the page; screenshots go to reports/dashboard/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from tesla_mock.testing.ports import free_port

from tests.dashboard.support import (
    CHROMIUM_ARGS,
    SCENARIO,
    SCREENSHOTS,
    ConsoleErrors,
    ThreadedServer,
    chromium_path,
    watch_console,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: playwright's sync API keeps an event loop running in the main thread
    while it is open, which would stop later tests from calling asyncio.run()."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    started = ThreadedServer(free_port(), scenario=SCENARIO)
    yield started
    started.stop()


@pytest.fixture
def fresh_server(server: ThreadedServer) -> ThreadedServer:
    """The module's server, back to its start-up fleet with its clock frozen."""
    server.admin("POST", "/reset")
    server.admin("PATCH", "/clock", json={"frozen": True})
    return server


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def page(browser: Browser, console_errors: ConsoleErrors, request: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    watch_console(page, console_errors)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    context.close()
    assert console_errors.unexpected() == [], "the page logged errors"
