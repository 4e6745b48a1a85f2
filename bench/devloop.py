"""Timings of the developer loop: `make generate` and the parts of `make test`.

The generator command is taken from `make -n generate` (so it is the Makefile's own) with its
`--output-path` pointed at a temporary directory: the working tree is never touched. The config's
post-hooks run `python ../postprocess.py .` from the output directory, so the temporary
directory gets a copy of generated/postprocess.py next to the output, as in the repository.
"""

from __future__ import annotations

import filecmp
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.servers import ROOT, venv_python

GENERATOR = "openapi-python-client"
SDK_DIR = ROOT / "generated" / "tesla-charging-client"
POSTPROCESS = ROOT / "generated" / "postprocess.py"
IGNORED_OUTPUT = {".ruff_cache", "__pycache__"}


@dataclass(frozen=True)
class Timed:
    name: str
    seconds: float
    ok: bool
    detail: str  # the outcome in words: pytest's summary line, or what went wrong


def generator_command(dry_run_output: str) -> list[str]:
    """The generator's argv among the commands `make -n generate` prints."""
    for command in dry_run_output.replace("\\\n", " ").splitlines():
        argv = shlex.split(command)
        if argv and argv[0] == GENERATOR:
            return argv
    raise ValueError(f"`make -n generate` printed no {GENERATOR} command")


def with_output_path(argv: list[str], output: Path) -> list[str]:
    if "--output-path" not in argv:
        raise ValueError("the generator command has no --output-path")
    at = argv.index("--output-path") + 1
    return [*argv[:at], str(output), *argv[at + 1 :]]


def make_env() -> dict[str, str]:
    """PATH as the Makefile exports it: the venv's bin and node_modules/.bin first."""
    path = f"{ROOT / '.venv' / 'bin'}:{ROOT / 'node_modules' / '.bin'}:{os.environ['PATH']}"
    return {**os.environ, "PATH": path}


def time_generate() -> Timed:
    dry_run = subprocess.run(
        ["make", "-s", "-n", "generate"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    argv = generator_command(dry_run.stdout)
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        shutil.copy(POSTPROCESS, Path(tmp) / POSTPROCESS.name)
        output = Path(tmp) / SDK_DIR.name
        started = time.perf_counter()
        done = subprocess.run(
            with_output_path(argv, output), cwd=ROOT, env=make_env(), capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return Timed("make generate", seconds, False, done.stderr.strip()[-300:])
        same = _same_tree(output, SDK_DIR)
    detail = "output identical to generated/" if same else "output DIFFERS from generated/"
    return Timed("make generate", seconds, True, detail)


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right, ignore=[*IGNORED_OUTPUT])
    return _no_differences(compared)


def _no_differences(compared: filecmp.dircmp[str]) -> bool:
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(
        compared.left, compared.right, compared.common_files, shallow=False
    )
    if mismatch or errors:
        return False
    return all(_no_differences(sub) for sub in compared.subdirs.values())


# -- make test --------------------------------------------------------------------------------
_SUMMARY = re.compile(r"^=*\s*(?P<counts>\d+ \w+(?:, \d+ \w+)*)(?: in [\d.]+s.*)?\s*=*$")


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
    argv = [venv_python(), "-m", "pytest", *part.split(), "-q", "-p", "no:cacheprovider"]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=make_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    summary = pytest_summary(done.stdout) or f"exit {done.returncode}, no pytest summary"
    return Timed(part, seconds, done.returncode == 0, summary)
