"""CHANGELOG.md (Keep a Changelog) entries written from the gate's report.

An entry lists every change the gate found between the previous release and this one, under
Keep a Changelog's headings: **Added** (additive), **Removed** (operations, fields, statuses,
models and parameters that are gone), **Changed** (everything else, each line saying whom it
breaks). Notes written by hand under `## [Unreleased]` move into the entry, above the lists;
HTML comments there (guidance for the notes' authors) stay under Unreleased.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tesla_mock.release.changes import Impact
from tesla_mock.release.gate import Report

HEADER = """# Changelog

Every release of the spec (`spec/tesla-charging.yaml`), its SDK (`tesla-charging-client`) and
the mock vehicle (`tesla-mock-vehicle`), which share one version number. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html) as `make spec-check` applies it
(docs/releasing.md). Entries are written by `make release` from `make spec-check`'s report.

## [Unreleased]
"""
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
UNRELEASED = re.compile(r"^## \[Unreleased\][^\n]*\n(.*?)(?=^## \[|\Z)", re.MULTILINE | re.DOTALL)


def entry(report: Report, version: str, date: str, summary: str = "") -> str:
    """The changelog entry of `version` from the report of the previous release against it."""
    added, removed, changed = [], [], []
    for impact in sorted(Impact, reverse=True):
        for change, operations in report.groups(impact):
            named = ", ".join(f"`{op}`" for op in operations)
            if operations and not change.where and not change.field:
                line = f"{named}: {change.line()}"  # an operation added, removed, renamed
            else:
                line = change.line() + (f" ({named})" if operations else "")
            if impact is Impact.ADDITIVE:
                added.append(line)
            elif impact is Impact.BREAKING_CLIENTS and change.what.startswith("removed"):
                removed.append(line)
            else:
                changed.append(f"{impact.title}: {line}")
    lines = [f"## [{version}] - {date}", ""]
    if summary.strip():
        lines += [textwrap.fill(" ".join(summary.split()), width=100, break_on_hyphens=False), ""]
    needed = report.needed
    lines.append(
        f"Compared with {report.base_version} ({report.base}): "
        + ("no change to the spec." if not report.changes else f"a {needed.label} release.")
    )
    lines.append("")
    for title, items in (("Added", added), ("Removed", removed), ("Changed", changed)):
        if items:
            lines += [f"### {title}", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


def add_entry(path: Path, text: str) -> None:
    """Put an entry right under `## [Unreleased]`, moving the notes that were there into it."""
    current = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    match = UNRELEASED.search(current)
    if match is None:
        current = HEADER + "\n" + current.split("\n", 1)[-1] if current.strip() else HEADER
        match = UNRELEASED.search(current)
    assert match is not None
    # HTML comments under Unreleased are guidance for whoever writes the notes: they stay.
    kept = "".join(f"\n{comment}\n" for comment in COMMENT.findall(match.group(1)))
    notes = COMMENT.sub("", match.group(1)).strip()
    heading, _, body = text.partition("\n\n")
    if notes:
        text = f"{heading}\n\n{notes}\n\n{body}"
    updated = (current[: match.start(1)] + kept + "\n" + text.rstrip() + "\n\n"
               + current[match.end(1) :])  # fmt: skip
    path.write_text(updated.rstrip() + "\n", encoding="utf-8")
