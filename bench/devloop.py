"""Timings of the developer loop: `make generate` and the parts of `make test`.

`make generate` is timed as `scripts/generate_sdk.py --check`: the same generator command,
writing into a temporary directory and comparing with generated/ (the working tree is not
touched).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT, VENV_PYTHON

_SUMMARY = re.compile(r"^=*\s*(?P<counts>\d+ \w+(?:, \d+ \w+)*)(?: in [\d.]+s.*)?\s*=*$")


@dataclass(frozen=True)
class Timed:
    name: str
    seconds: float
    ok: bool
    detail: str  # the outcome in words: pytest's summary line, or what went wrong


def _timed(name: str, argv: list[str]) -> tuple[Timed, subprocess.CompletedProcess[str]]:
    """Run `argv` with PATH as the Makefile exports it (the venv's bin, node_modules/.bin)."""
    path = f"{ROOT / '.venv' / 'bin'}:{ROOT / 'node_modules' / '.bin'}:{os.environ['PATH']}"
    env = {**os.environ, "PATH": path}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    return Timed(name, time.perf_counter() - started, done.returncode == 0, ""), done


def time_generate() -> Timed:
    timed, done = _timed("make generate", [VENV_PYTHON, "scripts/generate_sdk.py", "--check"])
    detail = "output identical to generated/" if timed.ok else done.stderr.strip()[-300:]
    return Timed(timed.name, timed.seconds, timed.ok, detail)


def pytest_summary(output: str) -> str:
    """pytest's closing counts, e.g. `12 passed, 1 skipped` ('' when there is none)."""
    for line in reversed(output.strip().splitlines()):
        match = _SUMMARY.match(line.strip())
        if match:
            return match["counts"]
    return ""


def suite_parts(tests_dir: Path = ROOT / "tests") -> list[str]:
    """The top-level test directories (each one part), plus loose test files as one part."""
    parts = sorted(
        f"tests/{d.name}"
        for d in tests_dir.iterdir()
        if d.is_dir() and not d.name.startswith((".", "_")) and any(d.rglob("test_*.py"))
    )
    loose = sorted(f"tests/{f.name}" for f in tests_dir.glob("test_*.py"))
    return parts + ([" ".join(loose)] if loose else [])


def time_test_part(part: str) -> Timed:
    argv = [VENV_PYTHON, "-m", "pytest", *part.split(), "-q", "-p", "no:cacheprovider"]
    timed, done = _timed(part, argv)
    summary = pytest_summary(done.stdout) or f"exit {done.returncode}, no pytest summary"
    return Timed(part, timed.seconds, timed.ok, summary)
