"""Hooks for the whole suite (no fixtures or helpers here: tests import from plain modules).

At the end of a run, how long each test directory took (set-up, call and tear-down of its
tests, summed): where the time of `make test` goes.

The files that take longest run first. pytest-xdist (`--dist loadfile`) hands files to its
workers in collection order; a long file collected late kept one worker busy while the others
had finished, leaving a core idle at the end of `make test`. Only the order changes.

Once the tests are collected, the garbage collector is tuned (tests/gc_tuning.py).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from tests.gc_tuning import tune_after_collection
from tests.suite_order import LONGEST_FIRST

_SECONDS_BY_DIRECTORY: defaultdict[str, float] = defaultdict(float)
_TESTS_BY_DIRECTORY: defaultdict[str, set[str]] = defaultdict(set)


def _directory(nodeid: str) -> str:
    parts = PurePosixPath(nodeid.split("::", 1)[0]).parts
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]


def pytest_collection_finish() -> None:
    tune_after_collection()


def pytest_collection_modifyitems(items: list[Any]) -> None:
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_runtest_logreport(report: Any) -> None:
    directory = _directory(report.nodeid)
    _SECONDS_BY_DIRECTORY[directory] += report.duration
    _TESTS_BY_DIRECTORY[directory].add(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _SECONDS_BY_DIRECTORY:
        return
    terminalreporter.section("time by test directory")
    total = sum(_SECONDS_BY_DIRECTORY.values())
    for directory, seconds in sorted(_SECONDS_BY_DIRECTORY.items(), key=lambda kv: -kv[1]):
        tests = len(_TESTS_BY_DIRECTORY[directory])
        terminalreporter.write_line(f"{seconds:8.1f} s  {tests:5d} tests  {directory}")
    terminalreporter.write_line(f"{total:8.1f} s  total (summed over workers)")
