"""The sizes issue 12 set for the code, kept: one concern per module and tools in proportion to
the product. A module that outgrows its limit is split along its seams, not the limit raised."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mockserver" / "tesla_mock"
MAX_MODULE_LINES = 600
MAX_PLUGIN_LINES = 250  # the plugin itself; its parts live in tesla_mock/testing/
MAX_SCRIPTS_LINES = 400  # all of scripts/: the Prism wrappers and the bench entry point
MAX_BENCH_LINES = 1800


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def total_lines(directory: Path) -> int:
    return sum(lines(path) for path in directory.rglob("*.py"))


@pytest.mark.parametrize(
    "module", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_no_module_of_the_package_is_over_600_lines(module: Path) -> None:
    assert lines(module) <= MAX_MODULE_LINES


def test_the_pytest_plugin_is_a_couple_of_hundred_lines() -> None:
    assert lines(PACKAGE / "pytest_plugin.py") <= MAX_PLUGIN_LINES


def test_the_tools_stay_in_proportion_to_the_product() -> None:
    scripts = sum(lines(path) for path in (ROOT / "scripts").iterdir() if path.is_file())
    assert scripts < MAX_SCRIPTS_LINES, f"scripts/: {scripts} lines"
    bench = total_lines(ROOT / "bench")
    assert bench < MAX_BENCH_LINES, f"bench/: {bench} lines"
