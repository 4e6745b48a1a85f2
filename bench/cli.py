"""`make bench` / `python scripts/bench.py`: argument parsing and the run as a whole."""

from __future__ import annotations

import argparse
import datetime
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from bench import fixture, machine, report
from bench.loadgen import ResultError, Wrk, find_wrk
from bench.runner import SECTIONS, SERVERS, Bench, Options
from bench.servers import ROOT, ServerError
from bench.workloads import DEFAULT_WORKLOADS, WORKLOAD_NAMES

DEFAULT_JSON = ROOT / "reports" / "bench.json"
ALL_SECTIONS = (*SECTIONS, fixture.SECTION)  # the fixture's needs no wrk
DESCRIPTION = (
    "Benchmarks of the mock vehicle against Prism, a bare Starlette ceiling and a raw ASGI "
    "floor, all on 127.0.0.1 and driven side by side by wrk (apt-get install wrk); and what "
    "the pytest fixture costs per test. Prints Markdown tables; writes the figures to "
    "reports/bench.json. docs/benchmarks.md explains the method and has the figures."
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    names = f"Sections: {', '.join(ALL_SECTIONS)}. Servers: {', '.join(SERVERS)}. "
    parser = argparse.ArgumentParser(
        "make bench",
        description=DESCRIPTION,
        epilog=f"{names}Workloads: {', '.join(WORKLOAD_NAMES)}.",
    )
    option = parser.add_argument
    quick = f"1 repetition of 1 s, {fixture.QUICK_TESTS} fixture tests per way"
    option("--quick", action="store_true", help=quick + " (a smoke run)")
    only = "comma-separated sections, servers and/or workloads; each kind named is restricted"
    option("--only", metavar="NAMES", help=only + " to those (e.g. --only throughput,mock,prism)")
    option("--reps", type=_positive, default=3, help="repetitions (default 3)")
    option("--duration", type=_positive, default=2, help="seconds per measured run (default 2)")
    warmup = "warm-up seconds per server and workload (default 1; 0: none)"
    option("--warmup", type=_not_negative, default=1, metavar="S", help=warmup)
    option("--concurrency", default="1,8,32", metavar="N,N,...", help="connections (1,8,32)")
    option("--fleet-size", type=_positive, default=10_000, help="vehicles of the large fleet")
    tests = (
        f"(default {fixture.DEFAULT_TESTS}, --quick {fixture.QUICK_TESTS}, {fixture.MIN_TESTS}+)"
    )
    option("--fixture-tests", type=_positive, metavar="N", help=f"tests per fixture way {tests}")
    option(
        "--json", type=Path, metavar="PATH", help="results here too (always: reports/bench.json)"
    )
    return parser.parse_args(argv)


def _at_least(minimum: int) -> Callable[[str], int]:
    def whole_number(text: str) -> int:
        if int(text) < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more")
        return int(text)

    return whole_number


_positive, _not_negative = _at_least(1), _at_least(0)


def options_from(args: argparse.Namespace) -> Options:
    chosen = [name.strip() for name in (args.only or "").split(",") if name.strip()]
    unknown = sorted(set(chosen) - {*ALL_SECTIONS, *SERVERS, *WORKLOAD_NAMES})
    if unknown:
        _usage_error(f"--only: unknown name(s) {', '.join(unknown)}")
    if (args.fixture_tests or fixture.MIN_TESTS) < fixture.MIN_TESTS:
        _usage_error(f"--fixture-tests: {fixture.MIN_TESTS} or more")

    def restricted(names: Sequence[str], default: Sequence[str]) -> tuple[str, ...]:
        return tuple(name for name in names if name in chosen) or tuple(default)

    sections = restricted(ALL_SECTIONS, ALL_SECTIONS)
    try:
        connections = tuple(sorted({int(n) for n in args.concurrency.split(",")}))
    except ValueError:
        _usage_error("--concurrency: comma-separated whole numbers, e.g. 1,8,32")
    if min(connections) < 1:
        _usage_error("--concurrency: each number must be 1 or more")
    return Options(
        sections=sections,
        servers=restricted(SERVERS, SERVERS),
        workloads=restricted(WORKLOAD_NAMES, DEFAULT_WORKLOADS),
        connections=connections,
        reps=1 if args.quick else args.reps,
        duration_s=1 if args.quick else args.duration,
        warmup_s=args.warmup,
        fleet_size=args.fleet_size,
    )


def _usage_error(message: str) -> NoReturn:
    report.progress(f"make bench: {message}")
    raise SystemExit(2)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def header(options: Options, generator: Wrk | None) -> str:
    facts = machine.describe()
    if generator is not None:
        facts["load generator"] = f"{generator.name} ({generator.version()})"
    facts["date"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    run = (
        f"{options.reps} repetition(s) of {options.duration_s} s, warm-up {options.warmup_s} s, "
        f"connections {', '.join(map(str, options.connections))}, all on 127.0.0.1"
    )
    return (
        "# Benchmarks (make bench)\n\n"
        + report.format_table(["machine", "value"], list(facts.items()), "ll")
        + f"\n\nRun: {run}. Sections: {', '.join(options.sections)}. "
        "Timings on a shared 2-core machine are noisy: compare servers within one run only."
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    options = options_from(args)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    needs_wrk = any(section in SECTIONS for section in options.sections)
    generator = find_wrk() if needs_wrk else None
    print(header(options, generator), flush=True)
    results: dict[str, Any] = {
        "options": asdict(options),
        "generator": generator and generator.name,
    }
    problems: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as work_dir:
        try:
            if generator is not None:
                bench = Bench(options, generator, Path(work_dir), report.progress)
                try:
                    bench.run()
                finally:
                    results |= bench.results
                    problems += bench.problems
            if fixture.SECTION in options.sections:
                default = fixture.QUICK_TESTS if args.quick else fixture.DEFAULT_TESTS
                tests, ways = args.fixture_tests or default, fixture.WAYS
                figures, more = fixture.section(tests, ways, options.reps, report.progress)
                results[fixture.SECTION], problems = figures, problems + more
        except KeyboardInterrupt:
            report.progress("\ninterrupted: every server this run started has been stopped")
            return 130
        except (ServerError, ResultError, fixture.FixtureBenchError) as exc:
            report.progress(f"\nmake bench: {exc}")
            return 1
        finally:
            results["machine"] = machine.describe()
            results["wall_s"] = time.perf_counter() - started
            report.write_json(results, [DEFAULT_JSON, *([args.json] if args.json else [])])
    print(f"\nThe whole run took {time.perf_counter() - started:.0f} s.")
    if problems:
        print("\nPROBLEMS (the mock must answer every request with 2xx, every fixture test pass):")
        print("\n".join(f"- {problem}" for problem in problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
