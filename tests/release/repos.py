"""Scratch git repositories for the gate's tests: a copy of the real spec, committed and
tagged as a release, then edited the way a person would edit it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = "spec/tesla-charging.yaml"
# Commits in the scratch repositories are made by nobody in particular, at a fixed date.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    return done.stdout.strip()


def committed_spec() -> str:
    """The spec as committed at HEAD of this repository (not the working tree: others edit it)."""
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"HEAD:{SPEC}"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip


def scratch_repo(path: Path, spec_text: str, tag: str | None = None) -> Path:
    """A repository with `spec_text` as its spec, committed (and tagged `tag`)."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    (path / SPEC).parent.mkdir(parents=True, exist_ok=True)
    (path / SPEC).write_text(spec_text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "spec")
    if tag:
        git(path, "tag", "-a", tag, "-m", tag)
    return path


def edit_spec(repo: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in the working tree's spec (it must be there)."""
    path = repo / SPEC
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} is not in the spec"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def spec_check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tesla_mock.release spec-check ARGS` in `repo`."""
    return subprocess.run(
        [sys.executable, "-m", "tesla_mock.release", "spec-check", *args],
        capture_output=True, text=True, cwd=repo, check=False,
        env={**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
