"""The traffic commands run in this process, for the tests whose subject is what a command
prints rather than the process that prints it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest
from tesla_mock.traffic.cli import main

from tests.in_process import run_main


@pytest.fixture
def traffic_main(
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`tesla-mock traffic ARGS` as `main()` runs it for the script, in this process: its exit
    status, stdout and stderr. Tests about the command as a process start one instead
    (tests/in_process.py)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_main(main, ["traffic", *args], capsys)

    return run
