"""The network suite's options (make contract), and how many requests the contract suite sent
(the issue asks for the count) and how often it had to wake a sleeping car."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TypeVar

from tests.contract.suite import (
    COUNT,
    NETWORK_BUDGET,
    NETWORK_OPTIONS,
    SAMPLE_BUDGET,
    WAKE_TIMEOUT_S,
)

Number = TypeVar("Number", int, float)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNT.total():
        return
    parts = ", ".join(f"{suite} {n:,}" for suite, n in sorted(COUNT.by_suite.items()))
    terminalreporter.write_sep("-", f"contract suite: {COUNT.total():,} requests ({parts})")
    for suite, wakes in sorted(COUNT.wakes.items()):
        terminalreporter.write_line(f"contract suite: {suite}: woke a sleeping car {wakes} times")


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("contract", "contract suite over the network (make contract)")
    group.addoption("--base-url", help="server to test, e.g. http://127.0.0.1:4010")
    group.addoption("--token", help="bearer token of an account on that server")
    group.addoption("--admin-token", help="admin token, if the server is this mock (optional)")
    group.addoption(
        "--max-examples",
        type=_positive(int),
        help=_budget_help("fuzzing examples per operation", "max_examples"),
    )
    group.addoption(
        "--stateful-examples",
        type=_positive(int),
        help=_budget_help("stateful scenarios", "stateful_examples"),
    )
    group.addoption(
        "--wake-timeout",
        type=_positive(float),
        default=WAKE_TIMEOUT_S,
        help="seconds a car may take to be online after wake_up (default: %(default)s)",
    )


def _budget_help(what: str, name: str) -> str:
    return (
        f"{what} of the network suite (default: {NETWORK_BUDGET[name]} against --base-url, "
        f"{SAMPLE_BUDGET[name]} against the mock it starts itself)"
    )


def _positive(number: Callable[[str], Number]) -> Callable[[str], Number]:
    def parse(text: str) -> Number:
        value = number(text)
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
        return value

    parse.__name__ = number.__name__  # argparse names the type in its error messages
    return parse


def pytest_configure(config: Any) -> None:
    # Read before collection: the network suite's generated requests need the token then.
    for option in ("base_url", "token", "admin_token", "max_examples", "stateful_examples"):
        value = config.getoption(option, default=None)
        if value is not None:
            NETWORK_OPTIONS[option] = value
    NETWORK_OPTIONS["wake_timeout"] = config.getoption("wake_timeout", default=WAKE_TIMEOUT_S)
