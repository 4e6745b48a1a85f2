"""Where a test run's CPU goes: each test file's CPU time, with its child processes' (a pytest
plugin, and the command that prints what it recorded).

`make test` is CPU-bound on 2 cores (docs/benchmarks.md, "make test on 2 cores"): to make it
faster is to find the files that cost the most CPU, not the most wall time.

    rm -rf reports/cpu && make test PYTEST_ARGS="-p bench.cpu_by_file"
    .venv/bin/python -m bench.cpu_by_file              # the table, most CPU first

Each pytest process (every xdist worker, every contract process) writes its figures to
`reports/cpu/` (or $CPU_BY_FILE_DIR) when it ends. A test's CPU is its process's own, plus that
of the child processes waited for while it ran (servers, pip, Chromium): a child kept for a
module counts at the test that stops it. "start-up" is what each process spent outside tests
(imports, collection).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DIRECTORY = Path(os.environ.get("CPU_BY_FILE_DIR", "reports/cpu"))
START_UP = "start-up"


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


_own: Counter[str] = Counter()
_children: Counter[str] = Counter()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Any:
    own, children = _cpu()
    yield
    own_after, children_after = _cpu()
    path = item.nodeid.split("::", 1)[0]
    _own[path] += own_after - own
    _children[path] += children_after - children


def pytest_sessionfinish(session: pytest.Session) -> None:
    own, children = _cpu()
    _own[START_UP] += own - sum(_own.values())
    # An xdist controller's children are its workers, which write their own figures.
    controller = session.config.getoption("dist", "no") != "no"
    if not controller or hasattr(session.config, "workerinput"):
        _children[START_UP] += children - sum(_children.values())
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    name = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}.json"
    (DIRECTORY / name).write_text(json.dumps({"own": _own, "children": _children}))


def table(directory: Path) -> list[str]:
    """Every recorded file's own and children's CPU seconds, summed over the processes."""
    own: Counter[str] = Counter()
    children: Counter[str] = Counter()
    for record in directory.glob("*.json"):
        figures = json.loads(record.read_text())
        own.update(figures["own"])
        children.update(figures["children"])
    total = own + children
    lines = ["| file | CPU s | own | children |", "|---|---:|---:|---:|"]
    for path, seconds in total.most_common():
        lines.append(f"| {path} | {seconds:.1f} | {own[path]:.1f} | {children[path]:.1f} |")
    lines.append(f"| all | {sum(total.values()):.1f} | {sum(own.values()):.1f} | "
                 f"{sum(children.values()):.1f} |")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu_by_file", description=__doc__)
    parser.add_argument("directory", nargs="?", type=Path, default=DIRECTORY)
    args = parser.parse_args(argv)
    if not any(args.directory.glob("*.json")):
        parser.error(f"nothing recorded in {args.directory}: run pytest with -p bench.cpu_by_file")
    print("\n".join(table(args.directory)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
