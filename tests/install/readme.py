"""README.md's sections and code blocks, read as the tests in this directory run them."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from tests.spec import oas

README = oas.REPO / "README.md"


def section(title: str) -> str:
    """The text under `## title`, up to the next second-level heading."""
    text = README.read_text(encoding="utf-8")
    heading = f"\n## {title}\n"
    assert heading in text, f"README.md has no section {title!r}"
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def code_blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of `language` in `text`, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def shell_commands(text: str) -> list[list[str]]:
    """Every command line of the `sh` blocks in `text`, split as a shell would (comments
    dropped; a trailing `&` stays a word of its own)."""
    return [
        words
        for block in code_blocks(text, "sh")
        for line in block.splitlines()
        if (words := shlex.split(line, comments=True))
    ]


# What the SDK example talks to: `make mock`'s address and its demo account.
MAKE_MOCK_URL = "http://127.0.0.1:4010"
MAKE_MOCK_TOKEN = "demo-owner-token"


def sdk_example() -> str:
    """The first Python block of the README's SDK section, as written."""
    (example, *_) = code_blocks(section("The SDK"), "python")
    assert MAKE_MOCK_URL in example and MAKE_MOCK_TOKEN in example
    return example


def run_sdk_example(
    python: str, base_url: str, token: str, where: Path
) -> subprocess.CompletedProcess[str]:
    """The SDK example, run by `python` against the mock at `base_url` as `token`'s account."""
    program = where / "sdk_example.py"
    program.write_text(
        sdk_example().replace(MAKE_MOCK_URL, base_url).replace(MAKE_MOCK_TOKEN, token),
        encoding="utf-8",
    )
    return subprocess.run(
        [python, str(program)], capture_output=True, text=True, timeout=120, cwd=where
    )
