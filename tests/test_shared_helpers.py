"""Tests import shared helpers from plain modules (`tests/<dir>/support.py`), never from a
conftest: pytest loads a conftest itself, and a second import of it as a module would run its
code twice and tie the tests to pytest's way of finding it."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_test_module_imports_a_conftest() -> None:
    offenders = {
        str(path.relative_to(TESTS)): sorted(
            module for module in imported_modules(path) if module.split(".")[-1] == "conftest"
        )
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}
