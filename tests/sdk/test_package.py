"""The generated package: it imports, type-checks, carries the spec's version, and builds."""

import importlib
import inspect
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.sdk.sdk import OPERATIONS, PACKAGE, SDK_DIR, SPEC
from tests.sdk.typecheck import PACKAGE_DIR, strict_run


def _modules(subpackage):
    package = importlib.import_module(f"{PACKAGE}.{subpackage}")
    return sorted(
        info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    )


def test_tests_use_the_committed_sdk():
    origin = Path(importlib.import_module(PACKAGE).__file__).resolve()
    assert origin.is_relative_to(SDK_DIR), (
        f"{PACKAGE} is imported from {origin}, not from {SDK_DIR}: run `make setup`"
    )


@pytest.mark.parametrize("subpackage", ["api", "models"])
def test_every_module_imports(subpackage):
    """Catches generated modules that fail at import (upstream issue #1451: a required body
    with two content types is annotated `| Unset` without importing it)."""
    modules = _modules(subpackage)
    assert modules
    failures = {}
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every failing module at once
            failures[name] = f"{type(exc).__name__}: {exc}"
    assert not failures, failures


def test_one_module_per_operation():
    generated = {m for m in _modules("api") if m.count(".") == 3}
    assert generated == {operation.module_name for operation in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.operation_id)
def test_operation_module_has_the_four_functions(operation):
    module = operation.module()
    for name in ("sync", "sync_detailed"):
        assert inspect.isfunction(getattr(module, name, None)), name
    for name in ("asyncio", "asyncio_detailed"):
        assert inspect.iscoroutinefunction(getattr(module, name, None)), name


@pytest.mark.slow
def test_mypy_strict(tmp_path_factory):
    """The package passes `mypy --strict` (in one run with the README's examples)."""
    run = strict_run(tmp_path_factory)
    assert run.checked_everything(), run.output
    assert run.problems_in([PACKAGE_DIR]) == [], run.output


def test_sdk_version_is_the_spec_version():
    project = tomllib.loads((SDK_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == str(SPEC["info"]["version"])
    assert project["name"] == SDK_DIR.name


SMOKE = """
import httpx
import tesla_charging_client
from tesla_charging_client import AuthenticatedClient
from tesla_charging_client.api.charging import set_charge_limit
from tesla_charging_client.models import CommandResponse, SetChargeLimitRequest

def answer(request):
    assert request.headers["authorization"] == "Bearer t"
    return httpx.Response(200, json={"response": {"result": True, "reason": ""}})

client = AuthenticatedClient(base_url="http://x", token="t",
                             httpx_args={"transport": httpx.MockTransport(answer)})
result = set_charge_limit.sync("1", client=client, body=SetChargeLimitRequest(percent=80))
assert isinstance(result, CommandResponse) and result.response.result is True, result
print(tesla_charging_client.__file__)
"""


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv(tmp_path):
    """What `make sdk` builds installs on its own (dependencies from the index) and works."""
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(SDK_DIR)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    wheels, sdists = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    version = SPEC["info"]["version"]
    assert [w.name for w in wheels] == [f"{PACKAGE}-{version}-py3-none-any.whl"]
    assert [s.name for s in sdists] == [f"{PACKAGE}-{version}.tar.gz"]

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheels[0]),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    smoke = subprocess.run(
        [str(python), "-c", SMOKE], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert smoke.stdout.strip().startswith(str(venv)), smoke.stdout
