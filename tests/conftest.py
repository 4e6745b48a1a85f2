"""Hooks for the whole suite (no fixtures or helpers here: tests import from plain modules).

At the end of a run, how long each test directory took (set-up, call and tear-down of its
tests, summed): where the time of `make test` goes.

The files that take longest run first. pytest-xdist (`--dist loadfile`) hands files to its
workers in collection order; a long file collected late kept one worker busy while the others
had finished, leaving a core idle at the end of `make test`. Only the order changes.

Once collected, the suite's objects are frozen out of the garbage collector's sight and full
collections are made rarer (`pytest_collection_finish`): a test process holds a large heap of
long-lived objects (parsed specs, apps, hypothesis' and schemathesis' strategies), and the
default thresholds had it traverse that heap again and again (docs/benchmarks.md, "Figures
behind the code"). The price is memory: cyclic garbage lives longer.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any

from tests.suite_order import LONGEST_FIRST

_SECONDS_BY_DIRECTORY: defaultdict[str, float] = defaultdict(float)
_TESTS_BY_DIRECTORY: defaultdict[str, set[str]] = defaultdict(set)


def _directory(nodeid: str) -> str:
    parts = PurePosixPath(nodeid.split("::", 1)[0]).parts
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]


# Python's default is (700, 10, 10): a full collection after every tenth collection of the
# middle generation (and once the heap has grown by a quarter); here after every thousandth.
GC_THRESHOLDS = (700, 10, 1000)


def pytest_collection_finish() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


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
