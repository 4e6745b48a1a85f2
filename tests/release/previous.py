"""The previous release's SDK and its tests, set up to run against today's mock; and which of
their failures a major release announced."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tesla_mock.release.changes import Change, Impact


def layered_venv(path: Path) -> Path:
    """A venv without pip whose site-packages come before the project's; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    project_site = sysconfig.get_paths()["purelib"]
    Path(site, "_project_environment.pth").write_text(
        f"import site; site.addsitedir({project_site!r})\n", encoding="utf-8"
    )
    return python


# Releases before the mock package's rename import today's `tesla_mock` under its old name,
# `mockserver`. The old tests used the mock's pytest plugin for what is now `tesla_mock`'s
# public API (TeslaMock, MockAdmin, open_account), hence the one module renamed to another.
# This changes nothing the SDK sends or reads: it only lets the old tests start today's mock.
RENAMED_MOCK_PACKAGE = '''"""`mockserver`, the mock's old name: `mockserver.X` is today's module."""

import importlib
import importlib.abc
import importlib.util
import sys

MOVED = {"mockserver.pytest_plugin": "tesla_mock"}


class _TodaysModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.startswith("mockserver."):
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return importlib.import_module(
            MOVED.get(spec.name, "tesla_mock" + spec.name[len("mockserver"):])
        )

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _TodaysModule())
'''


def alias_renamed_mock_package(tree: Path) -> None:
    """Let a release's tests that import `mockserver` reach today's `tesla_mock`."""
    package = tree / "mockserver"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(RENAMED_MOCK_PACKAGE, encoding="utf-8")


@dataclass(frozen=True)
class Outcome:
    """One test of the release's run: its pytest id and how it ended."""

    test_id: str
    result: str  # "passed", "failed" (its call failed), "error" (setup/collection), "skipped"
    message: str = ""  # why it failed or erred: the exception's line


def outcomes(junit_xml: Path) -> list[Outcome]:
    """Every test case of a pytest `--junitxml` report."""
    found = []
    for case in ElementTree.parse(junit_xml).getroot().iter("testcase"):
        result, message = "passed", ""
        for child, name in (("error", "error"), ("failure", "failed"), ("skipped", "skipped")):
            element = case.find(child)
            if element is not None:
                result, message = name, element.get("message", "")
                break
        found.append(Outcome(f"{case.get('classname')}::{case.get('name')}", result, message))
    return found


STATUS_RESPONSE = re.compile(r"^(\d{3}) response\b")


def explaining_changes(
    test_id: str, operation_ids: Iterable[str], changes: Iterable[Change]
) -> list[Change]:
    """The gate's breaking-for-clients changes that can account for this failing test.

    The test's parameters (in its id, `name[a-b-c]`) name the operation it calls and, for the
    error-status tests, the status it expects. A change accounts for the failure when it is
    breaking for clients and is about the whole document (a security scheme...), or about that
    operation as a whole or its request (removed, renamed, a parameter or body narrowed, its
    security), or about its response of that status; a test whose id names no status may be
    reading any of the operation's responses, so any breaking change of the operation counts.
    A test whose id names no operation of the release is accounted for by no change.
    """
    parameters = test_id.partition("[")[2].rstrip("]").split("-")
    known = set(operation_ids)
    operations = [part for part in parameters if part in known]
    statuses = [part for part in parameters if re.fullmatch(r"[1-5]\d\d", part)]
    found = []
    for change in changes:
        if change.impact is not Impact.BREAKING_CLIENTS:
            continue
        if not change.operation:
            found.append(change)
            continue
        if change.operation not in operations:
            continue
        at_status = STATUS_RESPONSE.match(change.where)
        if at_status is None or not statuses or at_status.group(1) in statuses:
            found.append(change)
    return found
