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


def _recipe(makefile: str, target: str) -> str:
    """The recipe lines of `target` in the Makefile (up to the next blank line)."""
    lines = makefile.splitlines()
    (start,) = [i for i, line in enumerate(lines) if line.startswith(f"{target}:")]
    end = lines.index("", start)
    return "\n".join(lines[start + 1 : end])


def test_make_test_leaves_out_the_slow_tests_that_make_test_slow_runs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'NOT_SLOW := -m "not slow"' in makefile.splitlines()
    # both of make test's pytest commands: the contract processes and the xdist run
    assert _recipe(makefile, "test").count("$(NOT_SLOW)") == 2
    assert " -m slow " in _recipe(makefile, "test-slow")


def test_ci_runs_make_test_and_then_make_test_slow_whatever_the_first_gave() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line.startswith("timed ")] == [
        "timed make test",
        "timed make test-slow",
    ]
    assert '    "$@" || status=1' in ci and ci[-1] == 'exit "$status"'
    # no `set -e`: a failing make test must not keep make test-slow from running
    assert not [line for line in ci if line.startswith("set -") and "e" in line.split()[1]]
