"""`tesla-mock traffic check|replay` and `tesla-mock record` (also `python -m tesla_mock.traffic`).

Exit status: 0 when every exchange agrees with the spec (check) or the mock (replay), 1 when
some do not, 2 for bad input (a file that is no recording, a bad option), with one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import yaml

from tesla_mock.traffic.recordings import RecordingError, read_recording

PROG = "tesla-mock"


def fail(message: str) -> NoReturn:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    sys.exit(2)


def count(number: int, noun: str) -> str:
    """`1 exchange`, `2 exchanges`."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def load_spec(path: str | None) -> dict:  # type: ignore[type-arg]
    from tesla_mock.specs import VEHICLE_SPEC, spec_dir

    target = Path(path) if path else spec_dir() / VEHICLE_SPEC
    try:
        return yaml.load(target.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]
    except (OSError, yaml.YAMLError) as exc:
        fail(f"cannot read the spec {target}: {getattr(exc, 'strerror', None) or exc}")


def known_disagreements(path: str | None) -> dict[tuple[str, str], str]:
    """`--known FILE`: (recording, `where: message`) -> why, for disagreements accepted."""
    if not path:
        return {}
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
        return {(e["recording"], e["disagreement"]): e["why"] for e in entries}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        fail(f"--known {path}: not a list of recording/disagreement/why ({exc})")


def check(args: argparse.Namespace) -> int:
    from tesla_mock.traffic.validate import SpecIndex, check_exchange

    index = SpecIndex(load_spec(args.spec))
    known = known_disagreements(args.known)
    seen_known: set[tuple[str, str]] = set()
    totals = {"exchanges": 0, "checked": 0, "outside": 0, "disagreements": 0}
    for name in args.files:
        try:
            kind, exchanges = read_recording(Path(name))
        except RecordingError as exc:
            fail(str(exc))
        found = 0
        for exchange in exchanges:
            totals["exchanges"] += 1
            disagreements = check_exchange(index, exchange)
            if disagreements is None:
                totals["outside"] += 1
                if args.verbose:
                    print(f"{exchange.label}: {exchange.method} {exchange.path}: not in the spec")
                continue
            totals["checked"] += 1
            for disagreement in disagreements:
                text = disagreement.line().split(": ", 1)[1]
                key = (disagreement.label, text)
                if key in known:
                    seen_known.add(key)
                    print(f"known: {disagreement.line()} ({known[key]})")
                    continue
                found += 1
                print(disagreement.line())
        totals["disagreements"] += found
        print(f"{name} ({kind}): {count(len(exchanges), 'exchange')}, "
              f"{count(found, 'disagreement')}")  # fmt: skip
    for recording, text in sorted(set(known) - seen_known):
        print(f"stale: {recording}: {text} is in --known but no longer found")
        totals["disagreements"] += 1
    print(
        f"{count(totals['exchanges'], 'exchange')}: {totals['checked']} checked against the "
        f"spec, {totals['outside']} of operations it does not describe, "
        f"{count(totals['disagreements'], 'disagreement')}"
    )
    return 1 if totals["disagreements"] else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=PROG, description="Recorded traffic of the vehicle API.")
    commands = top.add_subparsers(dest="command", required=True)
    traffic = commands.add_parser("traffic", help="check or replay recordings")
    actions = traffic.add_subparsers(dest="action", required=True)
    check_cmd = actions.add_parser(
        "check", help="validate recordings (VCR cassettes, HAR, journal exports, the corpus "
        "manifest) against the spec; print each disagreement",
    )  # fmt: skip
    check_cmd.add_argument("files", nargs="+", metavar="FILE", help="recordings, in any of "
                           "the formats above, told apart by content")  # fmt: skip
    check_cmd.add_argument("--spec", help="the vehicle spec (default: the one the mock serves)")
    check_cmd.add_argument("--known", metavar="FILE", help="YAML list of accepted "
                           "disagreements (recording, disagreement, why)")  # fmt: skip
    check_cmd.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list exchanges of operations the spec does not describe",
    )
    replay = actions.add_parser("replay", help="replay a cassette on the mock's simulated clock")
    replay.add_argument("files", nargs="+", metavar="CASSETTE", help="recordings (a cassette, "
                        "a HAR file...): each gets its own fidelity report")  # fmt: skip
    replay.add_argument("-v", "--verbose", action="store_true",
                        help="also print the starting scenario and the steps")  # fmt: skip
    record = commands.add_parser("record", help="a recording proxy: validates, redacts, "
                                 "writes a cassette")  # fmt: skip
    record.add_argument("--upstream", required=True, metavar="URL",
                        help="the server to forward to (http:// or https://)")  # fmt: skip
    record.add_argument("--output", "-o", default="recording.yaml", metavar="CASSETTE",
                        help="the cassette to write (default: %(default)s)")  # fmt: skip
    record.add_argument("--host", default="127.0.0.1",
                        help="address the client connects to (default: %(default)s)")  # fmt: skip
    record.add_argument("--port", type=int, default=4020,
                        help="port the client connects to (default: %(default)s)")  # fmt: skip
    return top


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.command == "traffic" and args.action == "check":
        sys.exit(check(args))
    if args.command == "traffic":
        from tesla_mock.traffic.replay import main as replay_main

        sys.exit(replay_main(args))
    from tesla_mock.traffic.record import main as record_main

    sys.exit(record_main(args))
