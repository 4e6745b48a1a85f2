"""The SDK of the last release, built from git, against today's mock.

That release's own SDK property tests (`tests/sdk_properties/` and the helpers they import, as
they were at the release, reading the release's spec) run in a temporary virtual environment
that holds the old SDK, built from the release's `generated/tesla-charging-client` and installed
without dependencies, layered over the project's environment (a `.pth` file adds the project's
site-packages after the venv's own, so the old SDK wins and everything else, today's mock
included, comes from the project). The mock answers as today's code does; a client of the
previous release must keep working until the major version changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tesla_mock.release.changes import Bump, parse_version
from tesla_mock.release.gate import SPEC, check, last_release, load_yaml, spec_at

from tests.release.previous import layered_venv
from tests.release.repos import ROOT

SDK = "generated/tesla-charging-client"
# What the release's tests need from its tree; `mockserver/` is not taken: the mock is today's.
RELEASE_PATHS = ("tests", "spec", SDK, "pyproject.toml")
# The sync half of the tests (about 45 s here; both halves take 80 s, too long for make test):
# sync and async calls share the SDK's request builders and answer parsers, which are what
# changes between releases; the async transport is tested by today's tests/sdk_properties.
# PREVIOUS_SDK_TESTS=all runs both halves.
FLAVORS = "" if os.environ.get("PREVIOUS_SDK_TESTS") == "all" else "not async"


def test_the_previous_release_sdk_passes_its_property_tests_against_todays_mock(
    tmp_path: Path,
) -> None:
    base, how = last_release(ROOT)
    released = str(spec_at(ROOT, base, SPEC)["info"]["version"])
    current = str(load_yaml((ROOT / SPEC).read_text(encoding="utf-8"), SPEC)["info"]["version"])
    if parse_version(current)[0] != parse_version(released)[0]:
        # A new major may break the previous SDK; what must hold then is that the break was
        # announced: the gate finds a change that breaks clients, which a major allows.
        report = check(ROOT, base, openapi_diff=False)
        assert report.needed is Bump.MAJOR and report.ok, report.verdict()
        return
    tree = tmp_path / "release"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", base, *RELEASE_PATHS],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)

    python = layered_venv(tmp_path / "venv")
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--target", site, str(tree / SDK)],
        check=True, capture_output=True,
    )  # fmt: skip
    which = subprocess.run(
        [python, "-c", "import importlib.metadata as m, tesla_charging_client as c; "
         "print(m.version('tesla-charging-client'), c.__file__)"],
        capture_output=True, text=True, check=True, cwd=tree,
    ).stdout.split()  # fmt: skip
    assert which[0] == released and which[1].startswith(site), which  # the old SDK is used

    # Today's mock is the one of this tree (the old tree's tests come first: they are the cwd).
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [python, "-m", "pytest", "tests/sdk_properties", "-q", "-p", "no:cacheprovider",
         "-k", FLAVORS, "--timeout", "600"],
        capture_output=True, text=True, cwd=tree, env=env, check=False,
    )  # fmt: skip
    tail = "\n".join(run.stdout.splitlines()[-30:])
    assert run.returncode == 0, f"SDK {released} ({how}) against today's mock:\n{tail}"
    assert " passed" in tail and "failed" not in tail
