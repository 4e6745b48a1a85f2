"""Prints how many requests the contract suite sent (the issue asks for the count)."""

from __future__ import annotations

from typing import Any

from tests.contract.suite import COUNT, NETWORK_OPTIONS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNT.total():
        return
    parts = ", ".join(f"{suite} {n:,}" for suite, n in sorted(COUNT.by_suite.items()))
    terminalreporter.write_sep("-", f"contract suite: {COUNT.total():,} requests ({parts})")


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("contract", "contract suite over the network (make contract)")
    group.addoption("--base-url", help="server to test, e.g. http://127.0.0.1:4010")
    group.addoption("--token", help="bearer token of an account on that server")
    group.addoption("--admin-token", help="admin token, if the server is this mock (optional)")


def pytest_configure(config: Any) -> None:
    # Read before collection: the network suite's generated requests need the token then.
    for option in ("base_url", "token", "admin_token"):
        value = config.getoption(option, default=None)
        if value:
            NETWORK_OPTIONS[option] = value
