"""The committed SDK is exactly what `make generate` produces from the spec.

`make generate` runs scripts/generate_sdk.py, the one place the generator command is written;
these tests run the same script.
"""

import os
import subprocess
import sys

from tests.sdk.sdk import SDK_DIR
from tests.spec.oas import REPO

SCRIPT = REPO / "scripts" / "generate_sdk.py"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_generator_command_is_the_expected_one():
    command = run_script("--print-command").stdout.splitlines()
    assert command[:2] == ["openapi-python-client", "generate"]
    for flag in ("--path", "--config", "--meta", "--output-path", "--fail-on-warning"):
        assert flag in command, f"{flag} missing from the generate command"
    assert command[command.index("--output-path") + 1] == os.path.relpath(SDK_DIR, REPO)


def test_generated_sdk_matches_the_spec():
    result = run_script("--check")
    output = result.stdout + result.stderr
    assert "Skipping Integration" not in output, output
    assert result.returncode == 0, output
