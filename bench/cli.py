"""`make bench` / `python scripts/bench.py`: argument parsing and the run as a whole."""

from __future__ import annotations

import argparse
import datetime
import json
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from bench import fixture, machine, report
from bench.loadgen import Wrk, find_wrk
from bench.runner import SECTIONS, SERVERS, Bench, Options, stderr
from bench.servers import ROOT, ServerError
from bench.workloads import DEFAULT_WORKLOADS, WORKLOAD_NAMES

DEFAULT_JSON = ROOT / "reports" / "bench.json"
DEFAULT_CONNECTIONS = "1,8,32"
# The runner's sections, then the pytest fixture's cost (bench/fixture.py, no wrk needed).
ALL_SECTIONS = (*SECTIONS, fixture.SECTION)
WRK_SECTIONS = ("throughput", "fleet")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make bench",
        description="Benchmarks of the mock vehicle against Prism, a bare Starlette ceiling and a "
        "raw ASGI floor, all on 127.0.0.1 and driven side by side by wrk (apt-get install "
        "wrk); and what the pytest fixture costs per test. Prints Markdown tables; writes the "
        "figures to reports/bench.json.",
        epilog="Sections: " + ", ".join(ALL_SECTIONS) + ". Servers: " + ", ".join(SERVERS) + ". "
        "Workloads: " + ", ".join(WORKLOAD_NAMES) + ".",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"1 repetition of 1 s, no test timings, {fixture.QUICK_TESTS} fixture tests per "
        "way (a smoke run)",
    )
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated names of sections, servers and/or workloads; each kind named is "
        "restricted to the names given (e.g. --only throughput,mock,prism)",
    )
    parser.add_argument("--reps", type=_positive, default=3, help="repetitions (default 3)")
    parser.add_argument(
        "--duration", type=_positive, default=2, help="seconds per measured run (default 2)"
    )
    parser.add_argument(
        "--warmup", type=_positive, default=1, help="warm-up seconds per server and workload"
    )
    parser.add_argument(
        "--concurrency",
        default=DEFAULT_CONNECTIONS,
        metavar="N,N,...",
        help=f"connections to measure at (default {DEFAULT_CONNECTIONS})",
    )
    parser.add_argument(
        "--fleet-size", type=_positive, default=10_000, help="vehicles of the large fleet"
    )
    parser.add_argument("--no-test-times", action="store_true", help="skip timing make test")
    parser.add_argument(
        "--fixture-tests",
        type=_positive,
        metavar="N",
        help=f"one-call tests per way in the fixture section (default {fixture.DEFAULT_TESTS}, "
        f"--quick {fixture.QUICK_TESTS}; at least {fixture.MIN_TESTS}); --reps runs of each",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="write the results here too (they always go to reports/bench.json)",
    )
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _restricted(chosen: list[str], names: Sequence[str], default: Sequence[str]) -> tuple[str, ...]:
    picked = [name for name in names if name in chosen]
    return tuple(picked) if picked else tuple(default)


def options_from(args: argparse.Namespace) -> Options:
    chosen = [name.strip() for name in (args.only or "").split(",") if name.strip()]
    unknown = sorted(set(chosen) - {*ALL_SECTIONS, *SERVERS, *WORKLOAD_NAMES})
    if unknown:
        _usage_error(f"--only: unknown name(s) {', '.join(unknown)}")
    if args.fixture_tests is not None and args.fixture_tests < fixture.MIN_TESTS:
        _usage_error(f"--fixture-tests: {fixture.MIN_TESTS} or more")
    sections = _restricted(chosen, ALL_SECTIONS, ALL_SECTIONS)
    if args.no_test_times or (args.quick and "tests" not in chosen):
        sections = tuple(s for s in sections if s != "tests")
    try:
        connections = tuple(sorted({int(n) for n in args.concurrency.split(",")}))
    except ValueError:
        _usage_error("--concurrency: comma-separated whole numbers, e.g. 1,8,32")
    if not connections or min(connections) < 1:
        _usage_error("--concurrency: each number must be 1 or more")
    return Options(
        sections=sections,
        servers=_restricted(chosen, SERVERS, SERVERS),
        workloads=_restricted(chosen, WORKLOAD_NAMES, DEFAULT_WORKLOADS),
        connections=connections,
        reps=1 if args.quick else args.reps,
        duration_s=1 if args.quick else args.duration,
        warmup_s=args.warmup,
        fleet_size=args.fleet_size,
    )


def _usage_error(message: str) -> NoReturn:
    stderr(f"make bench: {message}")
    raise SystemExit(2)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def write_json(results: dict[str, Any], paths: list[Path]) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2) + "\n")
        stderr(f"results written to {path}")


def header(options: Options, generator: Wrk | None) -> str:
    facts = machine.describe()
    if generator is not None:
        facts["load generator"] = f"{generator.name} ({generator.version()})"
    rows = list(facts.items())
    rows.append(("date", datetime.datetime.now().astimezone().isoformat(timespec="seconds")))
    run = (
        f"{options.reps} repetition(s) of {options.duration_s} s, warm-up {options.warmup_s} s, "
        f"connections {', '.join(map(str, options.connections))}, all on 127.0.0.1"
    )
    return (
        "# Benchmarks (make bench)\n\n"
        + report.format_table(["machine", "value"], rows, "ll")
        + f"\n\nRun: {run}. Sections: {', '.join(options.sections)}. "
        "Timings on a shared 2-core machine are noisy: compare servers within one run only."
    )


def fixture_tests(args: argparse.Namespace) -> int:
    if args.fixture_tests is not None:
        return int(args.fixture_tests)
    return fixture.QUICK_TESTS if args.quick else fixture.DEFAULT_TESTS


def section_fixture(tests: int, rounds: int) -> tuple[dict[str, Any], list[str]]:
    """The pytest fixture's cost per test: the table, the figures and what went wrong."""
    print(fixture.heading(tests, rounds), flush=True)
    costs = fixture.measure(tests, fixture.WAYS, rounds, stderr)
    print(fixture.cost_table(costs), flush=True)
    return fixture.results_json(costs, tests, rounds), fixture.problems(costs)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    options = options_from(args)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    runner_sections = [section for section in options.sections if section in SECTIONS]
    generator = find_wrk() if runner_sections else None  # the fixture section needs no wrk
    print(header(options, generator), flush=True)
    results: dict[str, Any] = {
        "options": asdict(options),
        "generator": generator.name if generator else None,
    }
    problems: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as work_dir:
        try:
            if generator is not None:
                bench = Bench(options, generator, Path(work_dir), stderr)
                try:
                    bench.run()
                finally:
                    results |= bench.results
                    problems += bench.problems
            if fixture.SECTION in options.sections:
                results[fixture.SECTION], fixture_problems = section_fixture(
                    fixture_tests(args), options.reps
                )
                problems += fixture_problems
        except KeyboardInterrupt:
            stderr("\ninterrupted: every server this run started has been stopped")
            return 130
        except (ServerError, fixture.FixtureBenchError) as exc:
            stderr(f"\nmake bench: {exc}")
            return 1
        finally:
            results["machine"] = machine.describe()
            results["wall_s"] = time.perf_counter() - started
            write_json(results, [DEFAULT_JSON, *([args.json] if args.json else [])])
    print(f"\nThe whole run took {time.perf_counter() - started:.0f} s.")
    if problems:
        print("\nPROBLEMS (the mock must answer every request with 2xx, every fixture test pass):")
        print("\n".join(f"- {problem}" for problem in problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
