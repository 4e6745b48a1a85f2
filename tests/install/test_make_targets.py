"""`make dist` builds both wheels; `make mock` installs what serving needs and nothing of `dev`."""

from __future__ import annotations

import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = re.search(
    r"^  version: ([0-9.]+)$", (ROOT / "spec/tesla-charging.yaml").read_text(), re.M
).group(1)  # type: ignore[union-attr]


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=240
    )


@pytest.mark.slow
def test_make_dist_builds_the_projects_wheel_and_the_sdks() -> None:
    done = make("dist")
    assert done.returncode == 0, done.stdout + done.stderr
    whole = ROOT / "dist" / f"tesla_mock_vehicle-{VERSION}-py3-none-any.whl"
    sdk = ROOT / "dist" / f"tesla_charging_client-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(whole) as wheel:
        names = set(wheel.namelist())
    # One install gives the mock (typed, with the specs it serves), its plugin and the SDK.
    for name in (
        "tesla_mock/py.typed",
        "tesla_mock/pytest_plugin.py",
        "tesla_mock/spec/tesla-charging.yaml",
        "tesla_mock/spec/mock-admin.yaml",
        "tesla_charging_client/py.typed",
        "tesla_charging_client/client.py",
    ):
        assert name in names, name
    with zipfile.ZipFile(sdk) as wheel:
        assert not any(name.startswith("tesla_mock/") for name in wheel.namelist())


def test_make_mock_installs_the_project_without_its_dev_extra() -> None:
    """What `make mock` runs on a fresh clone (-B: as if nothing were installed yet)."""
    commands = make("-n", "-B", ".venv/.installed-serve").stdout
    installs = [line for line in commands.splitlines() if " pip install " in line]
    project = [line for line in installs if "uv==" not in line]  # the rest installs the installer
    assert len(project) == 1 and project[0].rstrip().endswith(" -e ."), commands
    # ...and what serving needs holds none of the toolchain `make test` adds.
    runtime = " ".join(PROJECT["dependencies"]).lower()
    for tool in ("schemathesis", "hypothesis", "mypy", "openapi-python-client", "pytest=", "ruff"):
        assert tool not in runtime, tool
    # `make mock` needs only that stamp (make test's install stamps it as well).
    rule = re.search(r"^mock: ([^#]*)", (ROOT / "Makefile").read_text(), re.M)
    assert rule is not None and rule.group(1).split() == ["$(SERVE_STAMP)"], rule
