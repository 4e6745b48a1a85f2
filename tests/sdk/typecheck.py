"""`mypy --strict` over what the SDK tests type-check, run once for all of a pytest run's
processes: the generated package (test_package.py) and the SDK README's examples
(test_readme.py), checked together. Most of a mypy run goes to what both import (the standard
library, httpx, attrs, the SDK itself), so one run costs little more than either alone.

The first process that asks runs mypy and keeps its result in the run's temporary directory,
which pytest-xdist's workers share; a lock makes the others wait for that result rather than
run mypy again. Each test then reads the errors in its own files.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.sdk.sdk import PACKAGE, SDK_DIR, run_mypy_strict
from tests.spec.oas import REPO

README = SDK_DIR / "README.md"
SNIPPETS: list[str] = re.findall(
    r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S
)
PACKAGE_DIR = SDK_DIR / PACKAGE
CHECKED_FILES = re.compile(r"\b(?:checked|in) (\d+) source files?\)?$")


@dataclass(frozen=True)
class StrictRun:
    """One mypy run: its exit status and what it printed, and the files it was given."""

    returncode: int
    output: str
    readme_examples: list[Path]

    def problems_in(self, paths: Iterable[Path]) -> list[str]:
        """mypy's lines about a file in `paths` (a directory stands for the files in it)."""
        roots = [path.resolve() for path in paths]
        return [
            line
            for line in self.output.splitlines()
            if ":" in line
            and any((REPO / line.split(":", 1)[0]).resolve().is_relative_to(r) for r in roots)
        ]

    def checked_everything(self) -> bool:
        """mypy finished (0: no errors, 1: errors; 2 is a crash or an error that stopped it)
        and checked every file of the package and every example."""
        (last, *_) = self.output.splitlines()[-1:] or [""]
        found = CHECKED_FILES.search(last)
        expected = len(list(PACKAGE_DIR.rglob("*.py"))) + len(self.readme_examples)
        return self.returncode in (0, 1) and found is not None and int(found[1]) == expected


def _run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary directory, the same in every xdist worker (each of which has a
    directory of its own in it)."""
    basetemp = tmp_path_factory.getbasetemp()
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


@cache
def _strict_run(directory: Path) -> StrictRun:
    directory.mkdir(exist_ok=True)
    result = directory / "result.json"
    examples = [directory / f"readme_example_{number}.py" for number in range(len(SNIPPETS))]
    with (directory / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not result.is_file():
            for example, snippet in zip(examples, SNIPPETS, strict=True):
                example.write_text(snippet, encoding="utf-8")
            done = run_mypy_strict(str(PACKAGE_DIR), *map(str, examples))
            output = {"returncode": done.returncode, "output": done.stdout + done.stderr}
            result.write_text(json.dumps(output), encoding="utf-8")
        found = json.loads(result.read_text(encoding="utf-8"))
    return StrictRun(found["returncode"], found["output"], examples)


def strict_run(tmp_path_factory: pytest.TempPathFactory) -> StrictRun:
    """The run's `mypy --strict` of the SDK package and the README's examples."""
    return _strict_run(_run_directory(tmp_path_factory) / "sdk-mypy-strict")
