"""The README's Layout table names what is in the tree, and only that.

Rows are grouped by the top directory their first column names; the names in backticks in a
row (either column) are what it covers. A module added to tesla_mock/ (or a script, or a test
directory) without a word in the table fails here, and so does a name kept after its file went.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def layout_names() -> dict[str, set[str]]:
    """Top directory -> the last path component of every name in backticks in its rows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    names: dict[str, set[str]] = {}
    for line in section.splitlines()[2:]:
        if not line.startswith("| `"):
            continue
        quoted = re.findall(r"`([^`]+)`", line)
        top = quoted[0].split("/", 1)[0]
        names.setdefault(top, set()).update(q.rstrip("/").rsplit("/", 1)[-1] for q in quoted)
    return names


def in_tree(directory: Path) -> set[str]:
    return {
        entry.name
        for entry in directory.iterdir()
        if not entry.name.startswith((".", "__")) and not entry.name.endswith(".pyc")
    }


@pytest.mark.parametrize(
    ("top", "directories"),
    [
        ("mockserver", ["mockserver/tesla_mock", "mockserver/tesla_mock/testing"]),
        ("scripts", ["scripts"]),
    ],
)
def test_every_module_is_named_and_every_name_exists(top: str, directories: list[str]) -> None:
    named = layout_names()[top]
    files = set().union(*(in_tree(ROOT / d) for d in directories))
    assert sorted(files - named) == [], "in the tree but not in the README's Layout"
    modules = {n for n in named if n.endswith(".py")}
    assert sorted(modules - files) == [], "in the Layout, not in the tree"


def test_every_test_directory_is_named() -> None:
    tests = ROOT / "tests"
    directories = {d.name for d in tests.iterdir() if d.is_dir() and any(d.glob("test_*.py"))}
    named = layout_names()["tests"] - {"tests"}
    assert sorted(directories ^ named) == []
