"""The README's "Use it in your project", run as written in fresh virtual environments.

Every command of the section's `sh` blocks runs, with this checkout in place of
`/path/to/tesla-charging-toolkit` (and of `git+URL@TAG`, as `git+file://`) and a free port in
place of 4010:

* `pip install` of everything goes into one venv, after pytest (which a team that runs tests
  has already; the version this suite runs), and resolves the dependencies from the package
  index as on any machine (pip's own cache helps, as it would there). The SDK-only install
  goes into a second venv.
* The section's Python block is the team's test file, in a directory with no conftest. Each
  `pytest` command runs it in the first venv, beside a file of this test's own that checks the
  mock ran where the command line said: in the test process, on a loopback port, or at the
  URL of the `tesla-mock` the section starts (from the same venv).
* The git forms install with `--no-deps` into a directory of their own: what they add is
  pip cloning the commit and building it, and every committed file must arrive.
* A command of another kind in the section fails here until this test learns to run it.

The venvs have no pip of their own (`venv --without-pip` saves 6 s each): this interpreter's
pip installs into them (`pip --python`), resolving and building as their own would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from packaging.requirements import Requirement
from tesla_mock import IN_PROCESS_BASE_URL
from tesla_mock.testing.ports import free_port, http_answers, start_process, stop_process

from tests.install.readme import (
    MAKE_MOCK_TOKEN,
    code_blocks,
    run_sdk_example,
    section,
    shell_commands,
)
from tests.spec import oas

SECTION = "Use it in your project"
CHECKOUT = "/path/to/tesla-charging-toolkit"
GIT_URL = "git+URL@TAG"  # pip clones this checkout's current commit in its place
README_PORT = "4010"
SDK_DIR = "generated/tesla-charging-client"
COMMANDS = shell_commands(section(SECTION))
PIP_TIMEOUT_S = 600
RUN_TIMEOUT_S = 300
# What each install holds, and where each package is in the tree.
PACKAGES = {
    "everything": ("tesla_mock", "tesla_charging_client"),
    "the SDK": ("tesla_charging_client",),
}
SOURCES = {
    "tesla_mock": "mockserver/tesla_mock",
    "tesla_charging_client": f"{SDK_DIR}/tesla_charging_client",
}

# A test file of this test's own, run beside the README's: the mock is where the command said.
WHERE_THE_MOCK_RUNS = """
import os


def test_the_mock_runs_where_the_command_line_says(tesla_mock):
    assert tesla_mock.base_url.startswith(os.environ["EXPECTED_MOCK_URL"]), tesla_mock.base_url
"""

# What an install put where: run by a venv's python, it prints JSON.
PROBE = """
import importlib.metadata as metadata, json, pathlib
import tesla_charging_client, tesla_mock

packages = (tesla_mock, tesla_charging_client)
print(json.dumps({
    "files": [package.__file__ for package in packages],
    "typed": [package.__name__ for package in packages
              if (pathlib.Path(package.__file__).parent / "py.typed").is_file()],
    "entry_points": sorted(f"{point.group}: {point.name} = {point.value}"
                           for point in metadata.distribution("tesla-mock-vehicle").entry_points),
    "installed": {dist.metadata["Name"].lower(): dist.version for dist in metadata.distributions()},
}))
"""


@dataclass(frozen=True)
class Venv:
    """A fresh virtual environment, and commands run in it as a shell that activated it."""

    root: Path

    @classmethod
    def create(cls, root: Path) -> Venv:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
        return cls(root)

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def env(self, **extra: str) -> dict[str, str]:
        """This process's environment, less what ties it to this suite's own Python and pytest."""
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("PYTEST_", "PYTHON")) and name != "VIRTUAL_ENV"
        }
        path = f"{self.bin}{os.pathsep}{inherited.get('PATH', '')}"
        return {**inherited, "VIRTUAL_ENV": str(self.root), "PATH": path, **extra}

    def argv(self, command: Sequence[str]) -> list[str]:
        """`command` with its program found in this venv only (never this suite's)."""
        program = shutil.which(command[0], path=str(self.bin))
        assert program, f"`{command[0]}` is not installed in {self.root}"
        return [program, *command[1:]]

    def pip(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        pip = [sys.executable, "-m", "pip", "--python", str(self.bin / "python")]
        return passed(
            [*pip, *arguments, "--quiet", "--disable-pip-version-check"],
            env=self.env(),
            timeout=PIP_TIMEOUT_S,
        )

    def pip_install(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        # --no-compile: the bytecode of every dependency is not what this tests (seconds less)
        return self.pip("install", "--no-compile", *arguments)

    def run(
        self, command: Sequence[str], cwd: Path, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(command),
            cwd=cwd,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )


def passed(argv: Sequence[str], **options: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, **options)
    assert done.returncode == 0, f"{' '.join(map(str, argv))}:\n{done.stdout}\n{done.stderr}"
    return done


def local(word: str, port: str = README_PORT) -> str:
    """A word of the README's commands, for this checkout and port."""
    return (
        word.replace(CHECKOUT, str(oas.REPO))
        .replace(GIT_URL, f"git+file://{oas.REPO}")
        .replace(README_PORT, port)
    )


def commands_of(program: str) -> list[list[str]]:
    return [command for command in COMMANDS if command[0] == program]


def install_arguments(source: str, what: str) -> list[str]:
    """The arguments of the README's `pip install` from `source` ("checkout" or "git") of
    `what` ("everything" or "the SDK")."""
    (command,) = [
        command
        for command in commands_of("pip")
        if (GIT_URL in command[-1]) == (source == "git")
        and (SDK_DIR in command[-1]) == (what == "the SDK")
    ]
    assert command[:2] == ["pip", "install"], command
    return [local(word) for word in command[2:]]


def transport_of(command: Sequence[str]) -> str:
    """Where a README `pytest` command runs the mock."""
    if any(word.startswith("--tesla-mock-url") for word in command):
        return "shared server"
    if "--tesla-mock-transport=loopback" in command:
        return "loopback"
    return "in-process"


PYTEST_COMMANDS = commands_of("pytest")


def probe(venv: Venv, where: Path) -> dict[str, Any]:
    done = venv.run(["python", "-c", PROBE], cwd=where)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    venv = Venv.create(tmp_path_factory.mktemp("everything") / "venv")
    venv.pip_install(f"pytest=={pytest.__version__}")  # the team's own, there before
    venv.pip_install(*install_arguments("checkout", "everything"))
    return venv


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's project: the README's test file and this test's own, no conftest."""
    directory = tmp_path_factory.mktemp("project")
    (test_file,) = code_blocks(section(SECTION), "python")
    (directory / "test_from_the_readme.py").write_text(test_file, encoding="utf-8")
    (directory / "test_where_the_mock_runs.py").write_text(WHERE_THE_MOCK_RUNS, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def shared_server(everything: Venv, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The README's `tesla-mock ... &`, started from the venv; its URL."""
    (command,) = commands_of("tesla-mock")
    assert command[-1] == "&", "the README starts the server in the background"
    port = str(free_port())
    log = tmp_path_factory.mktemp("server") / "tesla-mock.log"
    with log.open("wb") as output:
        process = start_process(
            everything.argv([local(word, port) for word in command[:-1]]),
            ready=lambda: http_answers("127.0.0.1", int(port)),
            timeout=60,
            env=everything.env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    yield f"http://127.0.0.1:{port}"
    stop_process(process)


def test_the_section_runs_the_three_transports_with_commands_this_test_knows() -> None:
    assert sorted({command[0] for command in COMMANDS}) == ["pip", "pytest", "tesla-mock"]
    assert len(commands_of("pip")) == 4  # each found once by install_arguments
    assert sorted(map(transport_of, PYTEST_COMMANDS)) == ["in-process", "loopback", "shared server"]


@pytest.mark.slow
def test_everything_installs_the_mock_its_command_the_plugin_and_the_sdk(
    everything: Venv, project: Path
) -> None:
    found = probe(everything, project)
    assert all(Path(file).is_relative_to(everything.root) for file in found["files"])
    assert found["typed"] == ["tesla_mock", "tesla_charging_client"]
    assert set(found["entry_points"]) >= {
        "console_scripts: tesla-mock = tesla_mock.cli:main",
        "pytest11: tesla_mock = tesla_mock.pytest_plugin",
    }
    # The SDK's own dependencies come with it, in versions it accepts.
    sdk = tomllib.loads((oas.REPO / SDK_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in map(Requirement, sdk["project"]["dependencies"]):
        assert requirement.specifier.contains(found["installed"][requirement.name]), requirement
    everything.pip("check")


@pytest.mark.slow
@pytest.mark.parametrize("command", PYTEST_COMMANDS, ids=transport_of)
def test_the_readme_test_file_passes(
    command: list[str], everything: Venv, project: Path, request: pytest.FixtureRequest
) -> None:
    if transport_of(command) == "shared server":
        url: str = request.getfixturevalue("shared_server")
        expected = url
        command = [local(word, url.rsplit(":", 1)[1]) for word in command]
    elif transport_of(command) == "loopback":
        expected = "http://127.0.0.1:"
    else:
        expected = IN_PROCESS_BASE_URL
    done = everything.run(command, cwd=project, EXPECTED_MOCK_URL=expected)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout.splitlines()[-1], done.stdout
    if transport_of(command) == "shared server":  # the plugin's accounts are gone: only the demo
        fleet = httpx.get(
            f"{expected}/__mock/fleet", headers={"Authorization": "Bearer mock-admin-token"}
        ).json()
        assert [account["name"] for account in fleet["accounts"]] == ["demo"]


@pytest.mark.slow
def test_the_readme_test_file_passes_mypy_strict_with_the_installed_packages(
    everything: Venv, project: Path
) -> None:
    """Both packages are typed (`py.typed`) as installed, so mypy checks a team's calls."""
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]
    done = subprocess.run(
        [*mypy, "--python-executable", str(everything.bin / "python"), "test_from_the_readme.py"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_the_sdk_alone_installs_and_runs_the_readme_sdk_example(
    tmp_path: Path, shared_server: str
) -> None:
    venv = Venv.create(tmp_path / "venv")
    venv.pip_install(*install_arguments("checkout", "the SDK"))
    without_the_mock = venv.run(["python", "-c", "import tesla_mock"], cwd=tmp_path)
    assert "No module named 'tesla_mock'" in without_the_mock.stderr
    done = run_sdk_example(str(venv.bin / "python"), shared_server, MAKE_MOCK_TOKEN, tmp_path)
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines()][:2] == [
        "set_charge_limit",
        "charge_start",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("what", PACKAGES)
def test_pip_installs_every_committed_file_from_git(what: str, tmp_path: Path) -> None:
    """The README's git forms: pip clones the commit and builds it. Dependencies are left out
    (`--no-deps`); they resolve as for the checkout above."""
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    passed([*pip, *install_arguments("git", what)], timeout=PIP_TIMEOUT_S)
    installed = {str(path.relative_to(target)) for path in target.rglob("*") if path.is_file()}
    tops = {name.split("/")[0] for name in installed if ".dist-info/" not in name}
    scripts = {"bin"} if what == "everything" else set()  # bin/tesla-mock
    assert tops == {*PACKAGES[what], *scripts}
    for package in PACKAGES[what]:
        committed = passed(["git", "ls-files", SOURCES[package]], cwd=oas.REPO).stdout.split()
        assert committed
        expected = {package + path.removeprefix(SOURCES[package]) for path in committed}
        assert sorted(expected - installed) == []
    if what == "everything":
        specs = {"tesla_mock/spec/tesla-charging.yaml", "tesla_mock/spec/mock-admin.yaml"}
        assert specs <= installed
