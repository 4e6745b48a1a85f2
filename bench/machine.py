"""What the figures were taken on, read at run time."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from bench.servers import ROOT

PACKAGES = ("connexion", "starlette", "uvicorn", "httptools", "uvloop", "jsonschema-rs")


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return (models or [platform.processor() or "unknown"])[0]


def _output(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return (done.stdout.strip() or done.stderr.strip() or "unavailable").splitlines()[0]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_revision() -> str:
    revision = _output(["git", "rev-parse", "--short", "HEAD"])
    status = ["git", "status", "--porcelain", "--untracked-files=no"]
    changed = subprocess.run(status, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return revision + (" + uncommitted changes" if changed else "")


def describe() -> dict[str, str]:
    return {
        "cpu": cpu_model(),
        "cpus": f"{os.cpu_count()} (usable by this process: {len(os.sched_getaffinity(0))})",
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **{package: _version(package) for package in PACKAGES},
        "node": _output(["node", "--version"]),
        "prism": _output([str(ROOT / "node_modules" / ".bin" / "prism"), "--version"]),
        "git": git_revision(),
    }
