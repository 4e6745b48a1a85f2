"""Plain-text tables for the terminal (and for docs/benchmarks.md: they are valid Markdown), and
the run's other outputs: progress on stderr, the figures as JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A Markdown table padded to line up. `align` has one letter per column, `l` or `r`
    (default: `l` for the first column, `r` for the rest)."""
    align = align or "l" + "r" * (len(headers) - 1)
    if len(align) != len(headers) or any(len(row) != len(headers) for row in rows):
        raise ValueError("every row and `align` need one entry per header")
    text_rows = [[str(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in text_rows)) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        cells = [
            v.ljust(w) if a == "l" else v.rjust(w)
            for v, w, a in zip(values, widths, align, strict=True)
        ]
        return "| " + " | ".join(cells) + " |"

    rule = ["-" * (w - 1) + (":" if a == "r" else "-") for w, a in zip(widths, align, strict=True)]
    return "\n".join([line(headers), line(rule), *(line(row) for row in text_rows)])


def thousands(value: float) -> str:
    return f"{value:,.0f}"


def decimals(value: float | None, places: int = 2) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def rps_range(values: Sequence[float]) -> str:
    return f"{thousands(min(values))}-{thousands(max(values))}" if values else "-"


def memory(value: float) -> str:
    """Bytes in KiB below 1 MiB, else in MiB."""
    if value < 2**20:
        return f"{value / 2**10:.1f} KiB"
    return f"{value / 2**20:.1f} MiB"


def heading(title: str) -> str:
    return f"\n## {title}\n"


def progress(text: str) -> None:
    """What the run is doing, on stderr (stdout has only the tables)."""
    print(text, file=sys.stderr, flush=True)


def write_json(results: dict[str, Any], paths: Sequence[Path]) -> None:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2) + "\n")
        progress(f"results written to {path}")
