"""`make release` in a temporary clone of this repository: it refuses a version the gate
disagrees with (changing nothing), and otherwise bumps, regenerates, writes the changelog,
builds both wheels, commits and tags.

The clone uses the project's tools without installing anything: its `.venv` is a venv without
pip layered over the project's (a `.pth` file), its `node_modules` links to the project's
packages, and both install stamps are fresh, so `make` runs no `pip install` or `npm ci`.
"""

from __future__ import annotations

import os
import subprocess
import sysconfig
import time
from pathlib import Path

import pytest
from tesla_mock.release.openapidiff import MAX_NODES

from tests.release.previous import layered_venv
from tests.release.repos import GIT_ENV, ROOT, SPEC, edit_spec, git

ADDED_FIELD = """        battery_level:
          description: State of charge, percent.
"""


def clone_with_tools(path: Path) -> Path:
    git(path.parent, "clone", "-q", str(ROOT), path.name)
    layered_venv(path / ".venv")
    modules = path / "node_modules"
    modules.mkdir()
    for entry in (ROOT / "node_modules").iterdir():
        if entry.name != ".installed":
            (modules / entry.name).symlink_to(entry)
    # Dated a day ahead: the spec, which the test edits, is a prerequisite of the install
    # stamp (the installed version is the spec's), and the clone must install nothing.
    tomorrow = time.time() + 86_400
    for stamp in (path / ".venv" / ".installed", modules / ".installed"):
        stamp.touch()
        os.utime(stamp, (tomorrow, tomorrow))
    return path


def make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The project's tools (openapi-python-client, the pinned ruff) come after the clone's venv.
    path = f"{Path(sysconfig.get_paths()['scripts'])}:{os.environ['PATH']}"
    # openapi-diff leaves get_vehicle_data's answer (edited below) to the rules: given it, it
    # takes 20 s or more per run of the gate, and the release runs the gate twice.
    quick = f"GATE_ARGS=--openapi-diff-max-nodes {MAX_NODES}"
    return subprocess.run(
        ["make", "--no-print-directory", *args, quick], cwd=repo, capture_output=True, text=True,
        env={**os.environ, **GIT_ENV, "PATH": path}, check=False, timeout=600,
    )  # fmt: skip


def version_of(repo: Path) -> str:
    text = (repo / SPEC).read_text(encoding="utf-8")
    return text.split("\n  version: ", 1)[1].split("\n", 1)[0]


@pytest.mark.slow
def test_make_release_refuses_a_version_the_gate_disagrees_with_then_releases(
    tmp_path: Path,
) -> None:
    repo = clone_with_tools(tmp_path / "clone")
    before = version_of(repo)
    # The clone's spec as the last release, whether or not main has released it yet (3.0.0
    # was committed before its release): the gate then judges only the edits below.
    if not git(repo, "tag", "--list", f"v{before}"):
        git(repo, "tag", f"v{before}")
    major, minor, _ = (int(part) for part in before.split("."))
    minor_version = f"{major}.{minor + 1}.0"

    # A removed response field, announced as a minor release: refused, nothing changed.
    edit_spec(repo, ADDED_FIELD + "          type: integer\n", "        battery_level_removed_x:\n"
              "          type: integer\n")  # fmt: skip
    git(repo, "commit", "-q", "-am", "rename a response field")
    refused = make(repo, "release", f"VERSION={minor_version}")
    assert refused.returncode != 0
    assert f"refusing {minor_version}: needs a major bump" in refused.stderr
    assert "`response.charge_state.battery_level`: removed" in refused.stdout
    assert git(repo, "status", "--porcelain", "--untracked-files=no") == ""
    assert git(repo, "tag", "--list", f"v{minor_version}") == ""
    git(repo, "reset", "-q", "--hard", "HEAD~1")

    # An optional response field added: a minor release.
    edit_spec(repo, ADDED_FIELD, "        battery_health:\n          type: integer\n" + ADDED_FIELD)
    git(repo, "commit", "-q", "-am", "a new response field")
    done = make(repo, "release", f"VERSION={minor_version}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert version_of(repo) == minor_version
    assert git(repo, "log", "-1", "--format=%s") == f"Release {minor_version}"
    assert git(repo, "rev-parse", f"v{minor_version}^{{commit}}") == git(repo, "rev-parse", "HEAD")
    assert git(repo, "status", "--porcelain", "--untracked-files=no") == ""
    sdk = (repo / "generated/tesla-charging-client/pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{minor_version}"' in sdk
    assert "battery_health" in (
        repo / "generated/tesla-charging-client/tesla_charging_client/models/charge_state.py"
    ).read_text(encoding="utf-8")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog.split(f"## [{minor_version}]", 1)[1].split("\n## [", 1)[0]
    assert f"Compared with {before} (" in entry and "): a minor release." in entry
    assert (
        "### Added" in entry and "`response.charge_state.battery_health`: added (optional)" in entry
    )
    assert "### Removed" not in entry
    wheels = sorted(path.name for path in (repo / "dist" / minor_version).glob("*.whl"))
    assert wheels == [
        f"tesla_charging_client-{minor_version}-py3-none-any.whl",
        f"tesla_mock_vehicle-{minor_version}-py3-none-any.whl",
    ]
    # The gate now compares with the new tag, and the same tag is not made twice.
    assert make(repo, "spec-check").returncode == 0
    again = make(repo, "release", f"VERSION={minor_version}")
    assert again.returncode == 2 and f"the tag v{minor_version} exists already" in again.stdout
