"""Virtual environments layered over the project's, for the release tests."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path


def layered_venv(path: Path) -> Path:
    """A venv without pip whose site-packages come before the project's; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    project_site = sysconfig.get_paths()["purelib"]
    Path(site, "_project_environment.pth").write_text(
        f"import site; site.addsitedir({project_site!r})\n", encoding="utf-8"
    )
    return python
