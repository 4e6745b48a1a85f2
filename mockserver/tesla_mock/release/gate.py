"""The spec gate: the spec of the last release against the working tree, and the verdict on
`info.version`.

Which release to compare with, when none is named (`--base`), in this order:

1. the newest tag `vX.Y.Z` reachable from HEAD;
2. the newest release CHANGELOG.md lists, `X.Y.Z`: its tag `vX.Y.Z` if this clone has it
   (a tag not reachable from HEAD); in a clone without tags, the commit that added `## [X.Y.Z]`
   to CHANGELOG.md (`make release` commits the entry with the spec it describes), or else the
   first commit whose spec says `version: X.Y.Z` (either only if its spec says X.Y.Z);
3. with neither, `origin/main`'s merge base with HEAD (a project that has never released:
   the change under review against the branch it will join);
4. otherwise the gate fails, saying what is missing.

A shallow clone (whose history starts at its newest commit) first fetches the history and the
tags (`git fetch --unshallow --tags`); if that fails, the gate fails and asks for BASE.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tesla_mock.release.changes import (
    Bump,
    Change,
    Impact,
    VersionError,
    bump_between,
    bumped,
    lower_parts_reset,
    needed_bump,
    parse_version,
)
from tesla_mock.release.specdiff import SpecDiff

SPEC = "spec/tesla-charging.yaml"
CHANGELOG = "CHANGELOG.md"
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", re.MULTILINE)
TAG_PATTERN = "v[0-9]*.[0-9]*.[0-9]*"


class GateError(Exception):
    """The gate cannot run (no base, unreadable spec...): one line for the user."""


def git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if check and done.returncode != 0:
        raise GateError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout.strip() if done.returncode == 0 else ""


def load_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise GateError(f"{where} is not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise GateError(f"{where} is not an OpenAPI document")
    return document


def spec_at(repo: Path, ref: str, spec: str = SPEC) -> dict[str, Any]:
    """The spec as committed at `ref`."""
    if not git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False):
        raise GateError(f"no such commit, tag or branch: {ref}")
    text = git(repo, "show", f"{ref}:{spec}", check=False)
    if not text:
        raise GateError(f"{spec} does not exist at {ref}")
    return load_yaml(text, f"{spec} at {ref}")


def released_versions(repo: Path) -> list[str]:
    """The releases CHANGELOG.md lists, newest first."""
    path = repo / CHANGELOG
    return RELEASE_HEADING.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def last_release(repo: Path, spec: str = SPEC) -> tuple[str, str]:
    """(git ref, how it was found) of the last release; see the module's docstring."""
    unshallowed = ""
    if git(repo, "rev-parse", "--is-shallow-repository", check=False) == "true":
        # A shallow clone's history starts at its newest commit: every search below would
        # find that commit. Fetch the history and the tags first (CI systems clone shallow).
        fetched = subprocess.run(
            ["git", "-C", str(repo), "fetch", "--quiet", "--unshallow", "--tags"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if fetched.returncode != 0:
            raise GateError(
                "a shallow clone, and git fetch --unshallow --tags failed "
                f"({fetched.stderr.strip() or 'no reason given'}): name the base with BASE=REF"
            )
        unshallowed = " (history fetched: the clone was shallow)"
    ref, how = _last_release(repo, spec)
    return ref, how + unshallowed


def _last_release(repo: Path, spec: str) -> tuple[str, str]:
    tag = git(repo, "describe", "--tags", "--abbrev=0", "--match", TAG_PATTERN, "HEAD", check=False)
    if tag:
        return tag, f"the newest release tag, {tag}"
    versions = released_versions(repo)
    if not versions:
        merge_base = git(repo, "merge-base", "HEAD", "origin/main", check=False)
        if merge_base:
            return merge_base, f"no release yet: origin/main's merge base ({merge_base[:7]})"
        raise GateError(
            f"no release tag ({TAG_PATTERN}), no release in {CHANGELOG} and no origin/main: "
            "name one with BASE=REF"
        )
    version = versions[0]
    if git(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/v{version}", check=False):
        return f"v{version}", f"the tag of {CHANGELOG}'s newest release, v{version}"
    searches = (
        (
            f"-G^## \\[{re.escape(version)}\\]",
            CHANGELOG,
            f"the commit that added it to {CHANGELOG}",
        ),
        (f"-G^  version: {re.escape(version)}$", spec, "the first commit whose spec says it"),
    )
    for pattern, path, what in searches:
        found = git(repo, "log", "--reverse", "--format=%H", pattern, "--", path, check=False)
        for commit in found.split():
            if str(spec_at(repo, commit, spec).get("info", {}).get("version")) == version:
                return commit, f"no tag v{version} here: {what} ({commit[:7]})"
    raise GateError(f"cannot find release {version} (tag v{version} or its commit)")


@dataclass
class Report:
    """What changed from the base to the working tree, and whether the version says so."""

    base: str
    base_version: str
    version: str
    changes: list[Change]
    how: str = ""
    notes: list[str] = field(default_factory=list)
    head: str = "working tree"

    @property
    def needed(self) -> Bump:
        return needed_bump(self.changes)

    @property
    def made(self) -> Bump | None:
        return bump_between(self.base_version, self.version)

    @property
    def ok(self) -> bool:
        made = self.made
        return made is not None and made >= self.needed and lower_parts_reset(self.version, made)

    def verdict(self) -> str:
        needed, made = self.needed, self.made
        if made is None:
            return f"info.version {self.version} is lower than the base's {self.base_version}"
        if not lower_parts_reset(self.version, made):
            return (f"info.version {self.version} is a {made.label} bump that does not reset "
                    f"the lower parts to 0 (semantic versioning): "
                    f"{bumped(self.base_version, made)}")  # fmt: skip
        if needed is Bump.NONE:
            return f"no change; info.version {self.version}" + ("" if made is Bump.NONE else
                                                               f" ({made.label} bump)")  # fmt: skip
        wanted = f"needs a {needed.label} bump (at least {bumped(self.base_version, needed)})"
        if made >= needed:
            return f"{wanted}; info.version {self.version} is a {made.label} bump: OK"
        shown = "not bumped" if made is Bump.NONE else f"only a {made.label} bump"
        return f"{wanted}; info.version {self.version} is {shown}"

    def groups(self, impact: Impact) -> list[tuple[Change, list[str]]]:
        """The changes of one impact, each change once with the operations it touches."""
        grouped: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
        for change in self.changes:
            if change.impact is impact:
                grouped[(change.where, change.field, change.what, change.source)].append(
                    change.operation
                )
        return [
            (Change(impact, "", where, fld, what, source), sorted(set(ops) - {""}))
            for (where, fld, what, source), ops in sorted(grouped.items())
        ]

    def text(self) -> str:
        lines = [f"spec-check: {SPEC} at {self.base} ({self.base_version}) -> {self.head} "
                 f"({self.version})"]  # fmt: skip
        if self.how:
            lines.append(f"  base: {self.how}")
        for impact in sorted(Impact, reverse=True):
            groups = self.groups(impact)
            if groups:
                count = sum(max(len(ops), 1) for _, ops in groups)
                lines.append(f"{impact.title} ({count}):")
                for change, ops in groups:
                    lines.append(f"  - {change.line()}")
                    if ops:
                        lines.append(f"      in {', '.join(ops)}")
        lines += [f"note: {note}" for note in self.notes]
        lines.append(("OK: " if self.ok else "FAIL: ") + self.verdict())
        return "\n".join(lines)

    def summary(self) -> str:
        """The report's first line, how many changes of each kind, notes and the verdict."""
        lines = self.text().splitlines()[: 2 if self.how else 1]
        counts = [f"{len(self.groups(i))} {i.title}" for i in sorted(Impact, reverse=True)
                  if self.groups(i)]  # fmt: skip
        if counts:
            lines.append(f"  changes: {', '.join(counts)} (make spec-check lists them)")
        lines += [f"note: {note}" for note in self.notes]
        lines.append(("OK: " if self.ok else "FAIL: ") + self.verdict())
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "base": self.base,
                "base_version": self.base_version,
                "version": self.version,
                "needed_bump": self.needed.label,
                "ok": self.ok,
                "verdict": self.verdict(),
                "notes": self.notes,
                "changes": [
                    {
                        "impact": change.impact.title,
                        "operation": change.operation,
                        "where": change.where,
                        "field": change.field,
                        "what": change.what,
                        "source": change.source,
                    }
                    for change in self.changes
                ],
            },
            indent=2,
        )


def version_of(document: dict[str, Any], where: str) -> str:
    version = str(document.get("info", {}).get("version", ""))
    try:
        parse_version(version)
    except VersionError as exc:
        raise GateError(f"{where}: info.version {exc}") from None
    return version


def compare(
    old: dict[str, Any], new: dict[str, Any], base: str, *, openapi_diff: bool = True,
    openapi_diff_timeout: float = 60.0, openapi_diff_max_nodes: int | None = None, how: str = "",
) -> Report:  # fmt: skip
    """The report of `old` (at `base`) against `new`."""
    differ = SpecDiff(old, new)
    changes = differ.run()
    report = Report(
        base=base,
        base_version=version_of(old, f"{SPEC} at {base}"),
        version=version_of(new, SPEC),
        changes=changes,
        how=how,
    )
    if openapi_diff and differ.changed_bodies:
        from tesla_mock.release.openapidiff import second_opinion

        extra, notes = second_opinion(
            differ, timeout=openapi_diff_timeout, max_nodes=openapi_diff_max_nodes
        )
        report.changes = sorted(
            set(changes) | set(extra), key=lambda c: (-c.impact, c.operation, c.where, c.field)
        )
        report.notes += notes
    return report


def check(
    repo: Path, base: str | None = None, spec: str = SPEC, head: str | None = None,
    **options: Any,
) -> Report:  # fmt: skip
    """The working tree's spec (or the one at `head`) against `base` (default: the last
    release)."""
    how = ""
    if base is None:
        base, how = last_release(repo, spec)
    old = spec_at(repo, base, spec)
    if head is not None:
        report = compare(old, spec_at(repo, head, spec), base, how=how, **options)
        report.head = head
        return report
    path = repo / spec
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot read {path}: {exc.strerror or exc}") from None
    return compare(old, load_yaml(text, spec), base, how=how, **options)
