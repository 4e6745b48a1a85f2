"""A command-line `main()` run in this process as its script runs it: what a test of what the
command prints needs, without a Python process started for each, most of whose time would
go to starting up. Tests about the command as a process still start one."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence

import pytest


def run_main(
    main: Callable[[list[str]], object],
    argv: Sequence[str],
    capsys: pytest.CaptureFixture[str],
    program: str = "tesla-mock",
) -> subprocess.CompletedProcess[str]:
    """`main(argv)`, which ends by `SystemExit` as the script does: its exit status, stdout
    and stderr, as `subprocess.run` would give them."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        main(list(argv))
    out, err = capsys.readouterr()
    status = ended.value.code
    assert status is None or isinstance(status, int), status
    return subprocess.CompletedProcess([program, *argv], status or 0, out, err)
