"""tests/suite_order.py names files that exist: a renamed file would quietly lose its place."""

from __future__ import annotations

from pathlib import Path

from tests.suite_order import LONGEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_every_file_named_first_exists_once() -> None:
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def test_make_test_keeps_this_order() -> None:
    """xdist reorders files by their number of tests unless told not to."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (xdist_run,) = [line for line in makefile.splitlines() if "--dist loadfile" in line]
    assert "--no-loadscope-reorder" in xdist_run
