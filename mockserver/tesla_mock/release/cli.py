"""`tesla-mock spec-check | changelog | set-version` (also `python -m tesla_mock.release`).

* `spec-check [--base REF]`: the gate. Exit status 0 when `info.version` is bumped as the
  changes need, 1 when it is not, 2 when the gate cannot run (bad input, no base).
* `changelog VERSION [--base REF]`: writes VERSION's entry into CHANGELOG.md from the gate's
  report (the gate must agree with VERSION).
* `set-version VERSION`: sets the spec's `info.version`, refusing a version the gate
  disagrees with (nothing is written then).
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tesla_mock.release.changes import VersionError, parse_version
from tesla_mock.release.gate import CHANGELOG, SPEC, GateError, Report, check, git

PROG = "tesla-mock"
VERSION_LINE = re.compile(r"^(info:\n(?:  .*\n|\n)*?  version: )(\S+)$", re.MULTILINE)


def fail(message: str, status: int = 2) -> NoReturn:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    sys.exit(status)


def version(text: str) -> str:
    try:
        parse_version(text)
    except VersionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=PROG, description="Releasing the spec and its SDK.")
    commands = top.add_subparsers(dest="command", required=True)

    def gate_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--base", metavar="REF", help="git ref of the spec to compare with "
                         "(default: the last release; docs/releasing.md)")  # fmt: skip
        sub.add_argument("--head", metavar="REF", help="compare the spec at REF instead of the "
                         "working tree's")  # fmt: skip
        sub.add_argument("--repo", type=Path, default=None, help="the git checkout (default: .)")
        sub.add_argument("--spec", default=SPEC, help="the spec's path in it (%(default)s)")
        sub.add_argument(
            "--no-openapi-diff",
            action="store_true",
            help="the project's rules only, without openapi-diff's second opinion",
        )
        sub.add_argument(
            "--openapi-diff-timeout",
            type=float,
            default=60.0,
            metavar="SECONDS",
            help="time for openapi-diff over all changed bodies (%(default)s)",
        )
        sub.add_argument(
            "--openapi-diff-max-nodes",
            type=int,
            default=None,
            metavar="N",
            help="leave bodies over N schema nodes to the rules (default: give openapi-diff "
            "every changed body, smallest first, within its time)",
        )

    check_cmd = commands.add_parser("spec-check", help="the breaking-change gate")
    gate_options(check_cmd)
    check_cmd.add_argument("--json", action="store_true", help="the report as JSON")
    check_cmd.add_argument("--brief", action="store_true", help="when the version is right, "
                           "only the count of each kind of change (make test)")  # fmt: skip
    check_cmd.add_argument("--as-version", type=version, metavar="VERSION",
                           help="judge the spec as if its info.version were VERSION")  # fmt: skip
    log = commands.add_parser("changelog", help="write VERSION's entry into CHANGELOG.md")
    gate_options(log)
    log.add_argument("version", type=version)
    log.add_argument("--date", default=datetime.date.today().isoformat())
    log.add_argument("--summary", default="", help="a sentence above the lists")
    bump = commands.add_parser("set-version", help="set the spec's info.version")
    gate_options(bump)
    bump.add_argument("version", type=version)
    return top


def checkout(args: argparse.Namespace) -> Path:
    """The git checkout to work in: --repo, or the one the working directory is in."""
    where = args.repo or Path.cwd()
    top = git(where, "rev-parse", "--show-toplevel", check=False)
    if not top:
        raise GateError(f"{where} is not in a git checkout of the project: run it there, "
                        "or name one with --repo PATH")  # fmt: skip
    return Path(top)


def run_gate(args: argparse.Namespace, as_version: str | None = None) -> Report:
    repo = checkout(args)
    report = check(
        repo, args.base, args.spec, args.head, openapi_diff=not args.no_openapi_diff,
        openapi_diff_timeout=args.openapi_diff_timeout,
        openapi_diff_max_nodes=args.openapi_diff_max_nodes,
    )  # fmt: skip
    if as_version:
        report.version = as_version
    return report


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        if args.command == "spec-check":
            report = run_gate(args, args.as_version)
            if args.json:
                print(report.as_json())
            else:
                print(report.summary() if args.brief and report.ok else report.text())
            sys.exit(0 if report.ok else 1)
        report = run_gate(args, args.version)
        if not report.ok:
            print(report.text())
            fail(f"refusing {args.version}: {report.verdict()}", status=1)
        repo = checkout(args)
        if args.command == "set-version":
            if args.head:
                fail("set-version changes the working tree's spec: --head does not apply")
            set_version(repo / args.spec, args.version)
            print(f"{args.spec}: info.version {report.base_version} -> {args.version} "
                  f"({report.verdict()})")  # fmt: skip
        else:
            from tesla_mock.release.changelog import add_entry, entry

            add_entry(repo / CHANGELOG, entry(report, args.version, args.date, args.summary))
            print(f"{CHANGELOG}: entry {args.version} written")
    except GateError as exc:
        fail(str(exc))


def set_version(path: Path, new_version: str) -> None:
    """Rewrite the `version:` line of the spec's `info`, nothing else (comments and layout
    stay as they are)."""
    text = path.read_text(encoding="utf-8")
    updated, count = VERSION_LINE.subn(lambda m: m.group(1) + new_version, text, count=1)
    if count != 1:
        raise GateError(f"{path}: no `version:` line under `info:`")
    path.write_text(updated, encoding="utf-8")
