"""The committed SDK is exactly what `make generate` produces from the spec."""

import filecmp
import os
import re
import shlex
import shutil
import subprocess

from tests.sdk.sdk import SDK_DIR
from tests.spec.oas import REPO

MAKEFILE = REPO / "Makefile"
# Left behind by tools, never part of the generated tree.
NOT_GENERATED = {".ruff_cache", "__pycache__", ".mypy_cache", ".pytest_cache", "dist", "build"}


def _expand(value: str, variables: dict[str, str]) -> str:
    for _ in range(10):
        expanded = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), value)
        if expanded == value:
            return value
        value = expanded
    raise AssertionError(f"cannot expand {value!r}")


def makefile_generate_command() -> list[str]:
    """The generator command of the Makefile's `generate` recipe, with variables expanded."""
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    variables = dict(re.findall(r"^([A-Z_]+)\s*[:?]?=[ \t]*(.*?)\s*$", text, re.M))
    variables["CURDIR"] = str(REPO)
    recipe = re.search(r"^generate:.*\n((?:\t.*\n)+)", text, re.M)
    assert recipe, "no `generate` target in the Makefile"
    commands = [line.strip() for line in recipe.group(1).splitlines()]
    command = next(c for c in commands if c.startswith("openapi-python-client generate"))
    return shlex.split(_expand(command, variables))


def _tree(root):
    files = set()
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in NOT_GENERATED]
        for name in filenames:
            if not name.endswith(".pyc"):
                files.add(os.path.relpath(os.path.join(directory, name), root))
    return files


def test_makefile_command_is_the_expected_one():
    command = makefile_generate_command()
    for flag in ("--path", "--config", "--meta", "--output-path", "--fail-on-warning"):
        assert flag in command, f"{flag} missing from the Makefile's generate command"
    assert command[command.index("--output-path") + 1] == os.path.relpath(SDK_DIR, REPO)


def test_generated_sdk_matches_the_spec(tmp_path):
    # Mirror generated/: the post-hook runs `python ../postprocess.py .` from the output dir.
    for entry in SDK_DIR.parent.iterdir():
        if entry != SDK_DIR and entry.name not in NOT_GENERATED:
            copy = shutil.copytree if entry.is_dir() else shutil.copy2
            copy(entry, tmp_path / entry.name)
    output = tmp_path / SDK_DIR.name
    command = makefile_generate_command()
    command[command.index("--output-path") + 1] = str(output)
    # The pinned ruff must come first on PATH, as in the Makefile.
    path = os.pathsep.join(
        [
            str(REPO / ".venv" / "bin"),
            str(REPO / "node_modules" / ".bin"),
            os.environ.get("PATH", ""),
        ]
    )
    result = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"generation failed:\n{result.stdout}\n{result.stderr}"
    assert "Skipping Integration" not in result.stdout + result.stderr, result.stdout
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)

    committed, fresh = _tree(SDK_DIR), _tree(output)
    _, mismatch, errors = filecmp.cmpfiles(
        SDK_DIR, output, sorted(committed & fresh), shallow=False
    )
    problems = (
        [f"only in generated/: {name}" for name in sorted(committed - fresh)]
        + [f"missing from generated/: {name}" for name in sorted(fresh - committed)]
        + [f"differs: {name}" for name in mismatch + errors]
    )
    assert not problems, (
        f"{os.path.relpath(SDK_DIR, REPO)} is out of date with the spec; run `make generate` "
        "and commit the result.\n" + "\n".join(problems)
    )
