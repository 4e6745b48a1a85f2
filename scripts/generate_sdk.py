"""Regenerate the SDK from the spec (`make generate`), or check that the committed one is current.

The one place the generator command is written: `make generate`, the drift test
(tests/sdk/test_drift.py) and `make bench` all run this script instead of reading the Makefile.

    python scripts/generate_sdk.py                  # regenerate generated/tesla-charging-client
    python scripts/generate_sdk.py --check          # generate into a temporary directory and
                                                    # list what differs (exit 1 if anything)
    python scripts/generate_sdk.py --print-command  # the generator's argv, one per line
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SDK_DIR = GENERATED / "tesla-charging-client"
# Left behind by tools, never part of the generated tree.
NOT_GENERATED = {".ruff_cache", "__pycache__", ".mypy_cache", ".pytest_cache", "dist", "build"}


def generator_command(output: Path) -> list[str]:
    return [
        "openapi-python-client", "generate",
        "--path", "spec/tesla-charging.yaml",
        "--config", "generated/openapi-python-client.yaml",
        "--meta", "uv",
        "--custom-template-path", "generated/templates",
        "--output-path", str(output),
        "--overwrite", "--fail-on-warning",
    ]  # fmt: skip


def tool_path() -> str:
    """The pinned venv first (its ruff runs in the post-hooks: regeneration is byte-identical)."""
    return os.pathsep.join([str(ROOT / ".venv" / "bin"), os.environ.get("PATH", "")])


def generate(output: Path) -> subprocess.CompletedProcess[str]:
    argv = generator_command(output)
    argv[0] = shutil.which(argv[0], path=tool_path()) or argv[0]
    env = {**os.environ, "PATH": tool_path()}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    shutil.rmtree(output / ".ruff_cache", ignore_errors=True)
    return done


def files(root: Path) -> set[str]:
    found = set()
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in NOT_GENERATED]
        found |= {
            os.path.relpath(os.path.join(directory, name), root)
            for name in filenames
            if not name.endswith(".pyc")
        }
    return found


def differences(committed: Path, fresh: Path) -> list[str]:
    old, new = files(committed), files(fresh)
    _, mismatch, errors = filecmp.cmpfiles(committed, fresh, sorted(old & new), shallow=False)
    return (
        [f"only in generated/: {name}" for name in sorted(old - new)]
        + [f"missing from generated/: {name}" for name in sorted(new - old)]
        + [f"differs: {name}" for name in mismatch + errors]
    )


def check() -> int:
    """Generate beside a copy of generated/'s other files (the post-hook runs
    `python ../postprocess.py .` from the output directory) and compare."""
    with tempfile.TemporaryDirectory(prefix="generate-sdk-") as tmp:
        for entry in GENERATED.iterdir():
            if entry != SDK_DIR and entry.name not in NOT_GENERATED:
                copy = shutil.copytree if entry.is_dir() else shutil.copy2
                copy(entry, Path(tmp) / entry.name)
        done = generate(Path(tmp) / SDK_DIR.name)
        print(done.stdout + done.stderr, end="")
        if done.returncode != 0:
            print(f"generation failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
        problems = differences(SDK_DIR, Path(tmp) / SDK_DIR.name)
    if problems:
        print(
            f"{SDK_DIR.relative_to(ROOT)} is out of date with the spec; run `make generate` and "
            "commit the result.\n" + "\n".join(problems),
            file=sys.stderr,
        )
        return 1
    print(f"{SDK_DIR.relative_to(ROOT)} is what the spec generates")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/generate_sdk.py", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare instead of writing")
    mode.add_argument("--print-command", action="store_true", help="print the generator's argv")
    args = parser.parse_args(argv)
    if args.print_command:
        print("\n".join(generator_command(SDK_DIR.relative_to(ROOT))))
        return 0
    if args.check:
        return check()
    done = generate(SDK_DIR)
    print(done.stdout + done.stderr, end="")
    return done.returncode


if __name__ == "__main__":
    sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
    sys.exit(main())
