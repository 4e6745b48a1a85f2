"""What the `tesla_mock` pytest fixture costs a downstream test, per way of reaching the server.

Generated one-call tests run with pytest in a fresh process per way: `in-process` (no socket),
`loopback` (uvicorn on a thread of the pytest process) and `shared` (`--tesla-mock-url`, one
`python -m tesla_mock --validate-responses` started here). A conftest times each test's whole
protocol, wall and CPU (for `shared`, plus the server's CPU per test); the first and the last
test, which start and stop the session's server, are not counted. Method and figures:
docs/benchmarks.md. It runs as a section of make bench:

    .venv/bin/python scripts/bench.py --only fixture --fixture-tests 50 --reps 3
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import report
from bench.servers import HOST, VENV_PYTHON, RunningServer, ServerGroup, mock_spec

SECTION = "fixture"
WAYS = ("in-process", "loopback", "shared")
# The first and the last test are not counted, and a p90 needs two that are.
DEFAULT_TESTS, QUICK_TESTS, MIN_TESTS = 200, 12, 4
ADMIN_TOKEN = "bench-fixture-admin-token"  # the shared server's
TIMES_ENV = "BENCH_FIXTURE_TIMES"  # where the conftest writes the per-test figures
TEST = """
def test_one_call_{number}(tesla_mock):
    answer = get_vehicle.sync_detailed(tesla_mock.vehicles[0], client=tesla_mock.client)
    assert answer.status_code == 200
"""
CONFTEST = f"""
import json, os, time
import pytest

_TIMES = {{"ms": [], "cpu_ms": []}}

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started, cpu_started = time.perf_counter(), time.process_time()
    yield
    _TIMES["ms"].append((time.perf_counter() - started) * 1000)
    _TIMES["cpu_ms"].append((time.process_time() - cpu_started) * 1000)

def pytest_sessionfinish(session):
    with open(os.environ[{TIMES_ENV!r}], "w") as out:
        json.dump(_TIMES, out)
"""
# The table's figures: header, key of `summarise`'s dict, decimals.
COLUMNS = (
    ("ms/test mean", "mean_ms", 1),
    ("median", "median_ms", 1),
    ("p90", "p90_ms", 1),
    ("/ in-process", "times_in_process", 2),
    ("CPU ms/test", "cpu_ms", 1),
    ("first test ms", "first_ms", 0),
    ("pytest wall s", "wall_s", 1),
)


SUMMARY = re.compile(r"^=*\s*(?P<counts>\d+ \w+(?:, \d+ \w+)*)(?: in [\d.]+s.*)?\s*=*$")


class FixtureBenchError(RuntimeError):
    """A run of the generated suite did not get as far as timing its tests."""


@dataclass(frozen=True)
class SuiteRun:
    """One pytest run of the generated suite in one way."""

    way: str
    summary: str  # pytest's closing counts, e.g. "200 passed"
    ok: bool  # pytest exited 0
    wall_s: float  # the pytest process, start to exit
    ms_per_test: list[float]  # every test, in the order they ran
    cpu_ms_per_test: list[float]  # the pytest process's CPU time in each
    server_cpu_ms: float | None  # the shared server's CPU time over the run

    @property
    def cpu_ms(self) -> float:
        """CPU per counted test, the server process's share included."""
        server = (self.server_cpu_ms or 0.0) / len(self.ms_per_test)
        return statistics.fmean(self.cpu_ms_per_test[1:-1]) + server


def write_suite(directory: Path, tests: int) -> Path:
    """The one-call tests, the timing conftest and an ini file that makes `directory` the
    rootdir (so no project configuration applies). The ini leaves out the pytest plugins of
    this project's own test tools (schemathesis, hypothesis), which a team's suite would not
    load: they cost each run 2 s of start-up and no test anything."""
    directory.mkdir(parents=True, exist_ok=True)
    header = "from tesla_charging_client.api.vehicles import get_vehicle\n"
    tests_text = "".join(TEST.format(number=number) for number in range(tests))
    (directory / "test_one_call.py").write_text(header + tests_text)
    (directory / "conftest.py").write_text(CONFTEST)
    plugins = "-p no:schemathesis -p no:hypothesispytest"
    (directory / "pytest.ini").write_text(f"[pytest]\naddopts = {plugins}\n")
    return directory


def run_suite(suite: Path, way: str, args: list[str], server: RunningServer | None) -> SuiteRun:
    """Run the suite with pytest in a fresh process (and note the CPU `server` used meanwhile)."""
    times_file = suite / f"times-{way}.json"
    times_file.unlink(missing_ok=True)
    env = {**os.environ, TIMES_ENV: str(times_file)}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    argv = [VENV_PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    server_cpu = server.cpu_ms() if server else 0.0
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=suite, env=env, capture_output=True, text=True, timeout=600)
    wall_s = time.perf_counter() - started
    summary = pytest_summary(done.stdout) or f"exit {done.returncode}: {done.stderr[-300:]}"
    times = json.loads(times_file.read_text()) if times_file.exists() else {"ms": []}
    if len(times["ms"]) < MIN_TESTS:
        raise FixtureBenchError(f"fixture {way}: {len(times['ms'])} tests timed ({summary})")
    server_cpu_ms = server.cpu_ms() - server_cpu if server else None
    ok = done.returncode == 0
    return SuiteRun(way, summary, ok, wall_s, times["ms"], times["cpu_ms"], server_cpu_ms)


def pytest_summary(output: str) -> str:
    """pytest's closing counts, e.g. `12 passed, 1 skipped` ('' when there is none)."""
    for line in reversed(output.strip().splitlines()):
        if match := SUMMARY.match(line.strip()):
            return match["counts"]
    return ""


def summarise(way: str, runs: list[SuiteRun]) -> dict[str, Any]:
    """The runs of one way pooled: what one more test costs, and what the first one did."""
    counted = [ms for run in runs for ms in run.ms_per_test[1:-1]]
    return {
        "way": way,
        "tests": len(runs[0].ms_per_test),
        "summary": "; ".join(sorted({run.summary for run in runs})),
        "ok": all(run.ok for run in runs),
        "mean_ms": statistics.fmean(counted),
        "median_ms": statistics.median(counted),
        "p90_ms": statistics.quantiles(counted, n=10)[-1],
        "cpu_ms": statistics.fmean(run.cpu_ms for run in runs),
        "first_ms": statistics.median(run.ms_per_test[0] for run in runs),  # starts the server
        "wall_s": statistics.median(run.wall_s for run in runs),
        "runs": [asdict(run) for run in runs],
    }


def measure(
    tests: int, ways: Sequence[str], rounds: int, say: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Run the tests in each way `rounds` times, the order of the ways alternating between
    rounds (so a drift of the machine hits each alike); each way's figures, in `ways`' order."""
    runs: dict[str, list[SuiteRun]] = {way: [] for way in ways}
    with tempfile.TemporaryDirectory(prefix="bench-fixture-") as scratch:
        suite = write_suite(Path(scratch) / "suite", tests)
        with ServerGroup(Path(scratch)) as group:
            args = {way: [f"--tesla-mock-transport={way}"] for way in ways}
            server = None
            if "shared" in ways:
                extra = ("--validate-responses", "--admin-token", ADMIN_TOKEN)
                server = group.start(mock_spec("shared", "python -m tesla_mock " + extra[0], extra))
                url = f"--tesla-mock-url=http://{HOST}:{server.port}"
                args["shared"] = [url, f"--tesla-mock-admin-token={ADMIN_TOKEN}"]
            for number in range(rounds):
                for way in ways if number % 2 == 0 else ways[::-1]:
                    say(f"round {number + 1}/{rounds}: {tests} one-call tests, {way}")
                    own = server if way == "shared" else None
                    runs[way].append(run_suite(suite, way, args[way], own))
    costs = [summarise(way, runs[way]) for way in ways]
    base = next((c["mean_ms"] for c in costs if c["way"] == "in-process"), None)
    for cost in costs:
        cost["times_in_process"] = cost["mean_ms"] / base if base else None
    return costs


def section(
    tests: int, ways: Sequence[str], rounds: int, say: Callable[[str], None]
) -> tuple[dict[str, Any], list[str]]:
    """Measure and print the table; the figures for the JSON, and what makes the run fail (a
    generated test that did not pass)."""
    runs = f"{tests} tests per way" + (f", {rounds} rounds" if rounds > 1 else "")
    print(report.heading(f"The pytest fixture: ms per one-call test ({runs})"), flush=True)
    costs = measure(tests, ways, rounds, say)
    rows = [
        [c["way"], c["summary"], *(report.decimals(c[key], dp) for _, key, dp in COLUMNS)]
        for c in costs
    ]
    headers = ["way", "pytest", *(header for header, _, _ in COLUMNS)]
    print(report.format_table(headers, rows, "ll" + "r" * len(COLUMNS)), flush=True)
    problems = [f"fixture {c['way']}: {c['summary']}" for c in costs if not c["ok"]]
    return {"tests": tests, "rounds": rounds, "ways": costs}, problems
