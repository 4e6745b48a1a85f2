"""What the `tesla_mock` pytest fixture costs a downstream test, per way of reaching the server.

N generated downstream tests, each making one SDK call through the fixture, are run by pytest
in a fresh process once per way of reaching the mock: `in-process` (the default, no socket),
`loopback` (`--tesla-mock-transport=loopback`: uvicorn on a thread of the pytest process) and
`shared` (`--tesla-mock-url`: one `python -m tesla_mock --validate-responses` process started
here, as a team would share one server between suites or xdist workers). A conftest beside the
tests times each test's whole protocol (set-up, call, tear-down, reporting) and writes the
figures to a JSON file; a test's figure is what one more test costs, fixture included.
Besides the wall time, the CPU time it took: the pytest process's (with the in-process and
loopback server in it) plus, for `shared`, the server process's over the run per test. On a
busy machine the wall time includes waiting for a core; the CPU time mostly does not.

The first test also starts the session's server (and imports the app, the SDK and the plugin's
helpers) and the last one also stops it, so both are left out of the per-test figures and the
first is shown on its own.

    .venv/bin/python -m bench.fixture                    # 200 tests per way, a table
    .venv/bin/python -m bench.fixture --rounds 3         # each way 3 times, alternating
    .venv/bin/python -m bench.fixture --tests 20 --only in-process,shared
    .venv/bin/python scripts/bench.py --only fixture     # the same, as a section of make bench
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import report
from bench.devloop import pytest_summary
from bench.servers import (
    HOST,
    RunningServer,
    ServerError,
    ServerGroup,
    ServerSpec,
    mock_spec,
    venv_python,
)

SECTION = "fixture"
WAYS = ("in-process", "loopback", "shared")
IN_PROCESS, LOOPBACK, SHARED = WAYS
DEFAULT_TESTS = 200
QUICK_TESTS = 12
MIN_TESTS = 3  # the first and the last are not counted
SHARED_ADMIN_TOKEN = "bench-fixture-admin-token"
TIMES_ENV = "BENCH_FIXTURE_TIMES"  # where the conftest writes the per-test figures
PYTEST_TIMEOUT_S = 600

# Each test: the fixture's account with its two cars, and one SDK call.
TEST_TEMPLATE = """
def test_one_call_{number}(tesla_mock):
    answer = get_vehicle.sync_detailed(tesla_mock.vehicles[0], client=tesla_mock.client)
    assert answer.status_code == 200
"""
TEST_HEADER = "from tesla_charging_client.api.vehicles import get_vehicle\n"

# Times every test's protocol from outside the fixture, in the pytest process being measured.
CONFTEST = f"""
import json
import os
import time

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


class FixtureBenchError(RuntimeError):
    """A run of the generated suite did not get as far as timing its tests."""


@dataclass(frozen=True)
class SuiteRun:
    """One pytest run of the generated suite in one way."""

    way: str
    summary: str  # pytest's closing counts, e.g. "200 passed"
    ok: bool  # pytest exited 0: every test passed
    wall_s: float  # the pytest process, start to exit
    ms_per_test: list[float]  # every test, in the order they ran
    cpu_ms_per_test: list[float]  # the pytest process's CPU time in each
    server_cpu_ms: float | None  # a server process's CPU time over the run (shared only)

    @property
    def counted(self) -> slice:
        """The tests that count: all but the first and the last, which start and stop the
        session's server."""
        return slice(1, len(self.ms_per_test) - 1)

    @property
    def cpu_ms(self) -> float:
        """CPU per test, the server process's share included."""
        server = (self.server_cpu_ms or 0.0) / len(self.ms_per_test)
        return statistics.fmean(self.cpu_ms_per_test[self.counted]) + server


@dataclass(frozen=True)
class FixtureCost:
    """The runs of one way, pooled: what one more test costs, and what the first one did."""

    way: str
    runs: list[SuiteRun] = field(repr=False)

    @property
    def tests(self) -> int:
        return len(self.runs[0].ms_per_test)

    @property
    def summary(self) -> str:
        return "; ".join(sorted({run.summary for run in self.runs}))

    @property
    def ok(self) -> bool:
        return all(run.ok for run in self.runs)

    @property
    def ms_per_test(self) -> list[float]:
        """The tests that count, of every run."""
        return [ms for run in self.runs for ms in run.ms_per_test[run.counted]]

    @property
    def cpu_ms(self) -> float:
        return statistics.fmean(run.cpu_ms for run in self.runs)

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.ms_per_test)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.ms_per_test)

    @property
    def p90_ms(self) -> float:
        return statistics.quantiles(self.ms_per_test, n=10)[-1]

    @property
    def first_ms(self) -> float:
        """The first test, which also starts the session's server (median over the runs)."""
        return statistics.median(run.ms_per_test[0] for run in self.runs)

    @property
    def wall_s(self) -> float:
        return statistics.median(run.wall_s for run in self.runs)

    def as_json(self) -> dict[str, Any]:
        return {
            "way": self.way,
            "tests": self.tests,
            "ok": self.ok,
            "mean_ms": self.mean_ms,
            "median_ms": self.median_ms,
            "p90_ms": self.p90_ms,
            "cpu_ms": self.cpu_ms,
            "first_ms": self.first_ms,
            "wall_s": self.wall_s,
            "runs": [asdict(run) for run in self.runs],
        }


def write_suite(directory: Path, tests: int) -> Path:
    """The generated downstream suite: `tests` one-call tests, the timing conftest, an ini file
    that makes `directory` the rootdir (so no project configuration applies)."""
    directory.mkdir(parents=True, exist_ok=True)
    body = "".join(TEST_TEMPLATE.format(number=number) for number in range(tests))
    (directory / "test_one_call.py").write_text(TEST_HEADER + body)
    (directory / "conftest.py").write_text(CONFTEST)
    (directory / "pytest.ini").write_text("[pytest]\n")
    return directory


def process_cpu_ms(pid: int) -> float:
    """The CPU time a running process has used so far (Linux: /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])  # utime and stime, in clock ticks
    return (user + system) * 1000 / os.sysconf("SC_CLK_TCK")


def run_suite(
    suite: Path, way: str, pytest_args: Sequence[str], server: RunningServer | None = None
) -> SuiteRun:
    """Run the suite with pytest in a fresh process; its figures (and the CPU time `server`,
    a process, used meanwhile)."""
    times_file = suite / f"times-{way}.json"
    times_file.unlink(missing_ok=True)
    argv = [venv_python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args]
    env = {**os.environ, TIMES_ENV: str(times_file)}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    server_cpu_before = process_cpu_ms(server.process.pid) if server else 0.0
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=suite, env=env, capture_output=True, text=True, timeout=PYTEST_TIMEOUT_S
    )
    wall_s = time.perf_counter() - started
    server_cpu_ms = process_cpu_ms(server.process.pid) - server_cpu_before if server else None
    summary = pytest_summary(done.stdout) or f"exit {done.returncode}: {done.stderr[-300:]}"
    times = json.loads(times_file.read_text()) if times_file.exists() else {"ms": []}
    if len(times["ms"]) < MIN_TESTS:
        raise FixtureBenchError(f"fixture {way}: {len(times['ms'])} tests timed ({summary})")
    return SuiteRun(
        way=way,
        summary=summary,
        ok=done.returncode == 0,
        wall_s=wall_s,
        ms_per_test=times["ms"],
        cpu_ms_per_test=times["cpu_ms"],
        server_cpu_ms=server_cpu_ms,
    )


def shared_server_spec() -> ServerSpec:
    """The shared server: `make mock` with the plugin's default response validation."""
    spec = mock_spec("shared", title="python -m tesla_mock --validate-responses")
    argv = (*spec.argv, "--validate-responses", "--admin-token", SHARED_ADMIN_TOKEN)
    return ServerSpec(spec.name, spec.title, argv)


def measure(
    tests: int,
    ways: Sequence[str] = WAYS,
    rounds: int = 1,
    say: Callable[[str], None] = lambda text: None,
) -> list[FixtureCost]:
    """Run `tests` generated one-call tests in each of `ways`, `rounds` times (the order of
    the ways alternating between rounds, so a drift of the machine hits each alike); the
    figures of each way, in the order of `ways`."""
    runs: dict[str, list[SuiteRun]] = {way: [] for way in ways}
    with tempfile.TemporaryDirectory(prefix="bench-fixture-") as scratch:
        suite = write_suite(Path(scratch) / "suite", tests)
        with ServerGroup(Path(scratch)) as group:
            args = {way: [f"--tesla-mock-transport={way}"] for way in ways if way != SHARED}
            server = group.start(shared_server_spec()) if SHARED in ways else None
            if server is not None:
                args[SHARED] = [
                    f"--tesla-mock-url=http://{HOST}:{server.port}",
                    f"--tesla-mock-admin-token={SHARED_ADMIN_TOKEN}",
                ]
            for round_number in range(rounds):
                order = ways if round_number % 2 == 0 else ways[::-1]
                for way in order:
                    say(f"round {round_number + 1}/{rounds}: {tests} one-call tests, {way}")
                    own = server if way == SHARED else None
                    runs[way].append(run_suite(suite, way, args[way], own))
    return [FixtureCost(way, runs[way]) for way in ways]


def times_in_process(cost: FixtureCost, costs: Sequence[FixtureCost]) -> float | None:
    """`cost`'s mean per test over the in-process run's, when that run was made."""
    base = next((c for c in costs if c.way == IN_PROCESS), None)
    return cost.mean_ms / base.mean_ms if base else None


def cost_table(costs: Sequence[FixtureCost]) -> str:
    rows = [
        (
            c.way,
            c.summary,
            report.decimals(c.mean_ms, 1),
            report.decimals(c.median_ms, 1),
            report.decimals(c.p90_ms, 1),
            report.decimals(times_in_process(c, costs)),
            report.decimals(c.cpu_ms, 1),
            report.decimals(c.first_ms, 0),
            report.decimals(c.wall_s, 1),
        )
        for c in costs
    ]
    headers = [
        "way",
        "pytest",
        "ms/test mean",
        "median",
        "p90",
        "/ in-process",
        "CPU ms/test",
        "first test ms",
        "pytest wall s",
    ]
    return report.format_table(headers, rows, "llrrrrrrr")


def results_json(costs: Sequence[FixtureCost], tests: int, rounds: int) -> dict[str, Any]:
    return {
        "tests": tests,
        "rounds": rounds,
        "ways": [
            {**cost.as_json(), "times_in_process": times_in_process(cost, costs)} for cost in costs
        ],
    }


def problems(costs: Sequence[FixtureCost]) -> list[str]:
    """What makes the run fail: a generated test that did not pass."""
    return [f"fixture {c.way}: {c.summary}" for c in costs if not c.ok]


def heading(tests: int, rounds: int) -> str:
    runs = f"{tests} tests per way" + (f", {rounds} rounds" if rounds > 1 else "")
    return report.heading(f"The pytest fixture: ms per one-call test ({runs})")


def parse_ways(text: str | None) -> list[str]:
    """`--only`'s comma-separated ways, checked (all of them when not given)."""
    ways = [way.strip() for way in (text or ",".join(WAYS)).split(",") if way.strip()]
    unknown = sorted(set(ways) - set(WAYS))
    if unknown or not ways:
        raise ValueError(f"unknown way(s) {', '.join(unknown)}; known: {', '.join(WAYS)}")
    return ways


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fixture",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--tests", type=int, default=DEFAULT_TESTS, help=f"tests per way (default {DEFAULT_TESTS})"
    )
    parser.add_argument("--rounds", type=int, default=1, help="runs per way (default 1)")
    parser.add_argument("--only", metavar="WAYS", help=f"comma-separated: {', '.join(WAYS)}")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the figures here too")
    args = parser.parse_args(argv)
    try:
        ways = parse_ways(args.only)
    except ValueError as exc:
        parser.error(f"--only: {exc}")
    if args.tests < MIN_TESTS:
        parser.error(f"--tests: {MIN_TESTS} or more (the first and the last are not counted)")
    if args.rounds < 1:
        parser.error("--rounds: 1 or more")
    say = functools.partial(print, file=sys.stderr, flush=True)
    try:
        costs = measure(args.tests, ways, args.rounds, say)
    except (FixtureBenchError, ServerError) as exc:
        say(f"bench.fixture: {exc}")
        return 1
    print(heading(args.tests, args.rounds))
    print(cost_table(costs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(results_json(costs, args.tests, args.rounds), indent=2) + "\n"
        )
    for problem in problems(costs):
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems(costs) else 0


if __name__ == "__main__":
    sys.exit(main())
