"""`tesla-mock` / `python -m tesla_mock`: run the mock vehicle on uvicorn.

Every option can also come from the environment, as TESLA_MOCK_<OPTION> (the option's name in
capitals, dashes as underscores: TESLA_MOCK_PORT, TESLA_MOCK_MAX_HEADER_BYTES, TESLA_MOCK_QUIET,
...; a flag's variable takes 1/true/yes/on or 0/false/no/off); a command-line option wins over
the environment. A bad value in either is a usage error (exit status 2), as is binding anything
but loopback with the default admin token. Every error is one line on stderr, never a
traceback: a fleet file that cannot be read or loaded (2), a port that cannot be listened on (1).

Serving itself (uvicorn, the connection limits) is in `tesla_mock/serving.py`; `serve` and
`quiet_connexion` are importable from here as well.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

# connexion imports starlette's test client, which warns about httpx on every start-up.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from tesla_mock.app import ADMIN_BASE_PATH, DEFAULT_ADMIN_TOKEN, create_app  # noqa: E402
from tesla_mock.events import EventLimits  # noqa: E402
from tesla_mock.flavors import FLAVOR_NAMES, FLEET, REGIONS, Flavor  # noqa: E402
from tesla_mock.fleet import FleetError, FleetLimits  # noqa: E402
from tesla_mock.listening import ListenError  # noqa: E402
from tesla_mock.serving import ConnectionLimits, quiet_connexion, serve  # noqa: E402
from tesla_mock.specs import VEHICLE_SPEC, load_spec  # noqa: E402

PROG = "tesla-mock"
# Subcommands with parsers of their own: the release tools and the traffic tools.
SUBCOMMANDS = {
    "spec-check": "tesla_mock.release.cli",
    "changelog": "tesla_mock.release.cli",
    "set-version": "tesla_mock.release.cli",
    "traffic": "tesla_mock.traffic.cli",
    "record": "tesla_mock.traffic.cli",
}
ALLOW_PUBLIC_FLAG = "--allow-default-admin-token-on-public-host"
# Option, ConnectionLimits field, type, help.
CONNECTION_LIMIT_OPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("--max-header-bytes", "max_header_bytes", "count", "request line and headers; 431 beyond"),
    ("--max-url-bytes", "max_url_bytes", "count", "request URL (path and query); 414 beyond"),
    ("--header-timeout", "header_timeout", "seconds", "to receive a request head; then 408"),
    ("--body-timeout", "body_timeout", "seconds", "to receive a body after its head; then 408"),
    ("--idle-timeout", "idle_timeout", "seconds", "a connection may wait for a request"),
    ("--max-connections", "max_connections", "count", "open at once; 503 and closed beyond"),
)
# Option, FleetLimits field, help.
FLEET_LIMIT_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--journal-entries-per-vehicle", "journal_entries_per_vehicle", "journal entries kept"),
    ("--journal-bytes-per-vehicle", "journal_bytes_per_vehicle", "journal bytes kept"),
    ("--journal-bytes-total", "journal_bytes_total", "journal bytes kept, all vehicles"),
    ("--journal-body-bytes", "journal_body_bytes", "of each request body kept in the journal"),
    ("--max-faults", "faults", "injected faults pending"),
    ("--max-accounts", "accounts", "accounts in the fleet"),
    ("--max-vehicles", "vehicles", "vehicles in the fleet"),
)
# Option, EventLimits field, type, help: what watching the fleet (the dashboard) may cost.
EVENT_LIMIT_OPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("--max-event-streams", "max_subscribers", "count", "event streams open at once; 503 beyond"),
    ("--event-backlog", "max_pending", "count", "changes a stream may owe before it resyncs"),
    ("--event-send-timeout", "send_timeout_s", "seconds", "a stream waits for a stuck reader"),
    ("--event-heartbeat", "heartbeat_s", "seconds", "the longest quiet time of a stream"),
    ("--chart-points-per-car", "history_points_per_car", "count", "charging changes kept per car"),
    ("--chart-points", "history_points", "count", "charging changes kept, all cars"),
)


# Flags (options without a value), each also set by its variable (env_name).
NO_CORS_FLAG = "--no-cors"
QUIET_FLAG = "--quiet"
VALIDATE_RESPONSES_FLAG = "--validate-responses"
FLAGS = (ALLOW_PUBLIC_FLAG, VALIDATE_RESPONSES_FLAG, NO_CORS_FLAG, QUIET_FLAG)
FLAG_VALUES = {"1": True, "true": True, "yes": True, "on": True}
FLAG_VALUES |= {"0": False, "false": False, "no": False, "off": False, "": False}


def package_version() -> str:
    """The version of the mock, its spec and its SDK: the vehicle spec's info.version."""
    return str(load_spec(VEHICLE_SPEC)["info"]["version"])


def dest(option: str) -> str:
    """`--max-faults` -> `max_faults`, as argparse names it."""
    return option.lstrip("-").replace("-", "_")


def env_name(option: str) -> str:
    """`--max-header-bytes` -> `TESLA_MOCK_MAX_HEADER_BYTES`."""
    return "TESLA_MOCK_" + option.lstrip("-").upper().replace("-", "_")


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TESLA_MOCK_{name}", default)


def _number(
    option: str, convert: Callable[[str], Any], what: str, ok: Callable[[Any], bool]
) -> Callable[[str], Any]:
    """An argparse type: `convert`, then `ok`; its error names the option and the variable."""

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not ok(value):
            raise argparse.ArgumentTypeError(
                f"{text!r} is not {what} (from {option} or {env_name(option)})"
            )
        return value

    parse.__name__ = what
    return parse


def _finite(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf"))


def _typed(option: str, kind: str) -> Callable[[str], Any]:
    if kind == "port":
        return _number(option, int, "a TCP port (0-65535)", lambda v: 0 <= v <= 65535)
    if kind == "count":
        return _number(option, int, "a whole number above 0", lambda v: v > 0)
    if kind == "size":
        return _number(option, int, "a whole number, 0 or more", lambda v: v >= 0)
    return _number(option, float, "a number of seconds above 0", lambda v: v > 0 and _finite(v))


def _add_number(
    parser: Any, option: str, kind: str, default: object, help_text: str, **kwargs: Any
) -> None:
    """An option whose default comes from its environment variable; argparse converts (and
    checks) that string only when the option is not given."""
    parser.add_argument(
        option,
        type=_typed(option, kind),
        default=os.environ.get(env_name(option), str(default)),
        help=f"{help_text} (default %(default)s; {env_name(option)})",
        **kwargs,
    )


def is_loopback(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1 (also as an IPv4-mapped IPv6 address)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def fail(message: str, status: int = 2) -> NoReturn:
    """One line on stderr, exit status 2 (a usage error) unless told."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr, flush=True)
    sys.exit(status)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its usage errors on one line (without the usage text above it)."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message} (see {self.prog} --help)")


def _add_flag(parser: Any, option: str, help_text: str) -> None:
    """A flag; when it is not given, its variable decides (`_flags_from_env`)."""
    parser.add_argument(
        option, action="store_true", default=None, help=f"{help_text} ({env_name(option)}=1)"
    )


def _flags_from_env(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for option in FLAGS:
        if getattr(args, dest(option)) is None:
            text = os.environ.get(env_name(option), "")
            value = FLAG_VALUES.get(text.strip().lower())
            if value is None:
                parser.error(
                    f"{env_name(option)}={text!r} is neither 1, true, yes, on nor 0, false, "
                    "no, off (or empty)"
                )
            setattr(args, dest(option), value)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = _Parser(
        prog=PROG,
        description="A stateful mock Tesla vehicle (charging API) with an admin API under "
        f"{ADMIN_BASE_PATH}. Every option also reads TESLA_MOCK_<OPTION> from the "
        "environment (e.g. TESLA_MOCK_MAX_HEADER_BYTES); the command line wins.",
        epilog="Other commands, each with its own --help: "
        f"{PROG} spec-check (the breaking-change gate), {PROG} changelog and {PROG} "
        f"set-version (releases, docs/releasing.md), {PROG} traffic check|replay (recorded "
        f"traffic against the spec and the mock) and {PROG} record (a client's traffic to a real "
        "server, recorded as it passes; docs/traffic.md).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {package_version()}",
        help="print the version (the spec's info.version) and exit",
    )
    parser.add_argument(
        "--host",
        default=_env("HOST", "127.0.0.1"),
        help="address to bind (default %(default)s; TESLA_MOCK_HOST; anything but loopback "
        "needs --admin-token)",
    )
    _add_number(parser, "--port", "port", 4010, "TCP port")
    parser.add_argument(
        "--fleet",
        default=_env("FLEET", "") or None,
        metavar="FILE",
        help="fleet/scenario YAML (default: the packaged demo fleet; TESLA_MOCK_FLEET)",
    )
    _add_number(parser, "--time-scale", "seconds", 1, "simulated seconds per real second")
    parser.add_argument(
        "--admin-token",
        default=None,
        help=f"bearer token of the admin API (default {DEFAULT_ADMIN_TOKEN}, which is refused "
        "when --host is not loopback; TESLA_MOCK_ADMIN_TOKEN)",
    )
    _add_flag(
        parser,
        ALLOW_PUBLIC_FLAG,
        "serve the admin API with the default token on a non-loopback --host anyway "
        "(anyone who reaches the port can then read every account's tokens)",
    )
    _add_flag(
        parser,
        VALIDATE_RESPONSES_FLAG,
        "also validate every response against the spec (slower; tests use it)",
    )
    _add_flag(
        parser,
        NO_CORS_FLAG,
        "answer no CORS: by default a web page of any origin may call the vehicle API from a "
        f"browser (preflights answered; never the admin API under {ADMIN_BASE_PATH})",
    )
    _add_flag(
        parser,
        QUIET_FLAG,
        "log no request (by default each is one line on stdout: method, path, status, ms)",
    )
    parser.add_argument(
        "--flavor",
        default=_env("FLAVOR", FLEET),
        choices=FLAVOR_NAMES,
        help="which server to answer as: fleet (the Fleet API, default), owner (the Owner API's "
        "408 text) or proxy (Tesla's vehicle-command proxy: VIN paths, its envelopes; "
        "docs/command-rules.md; TESLA_MOCK_FLAVOR)",
    )
    parser.add_argument(
        "--region",
        default=_env("REGION", None),
        choices=REGIONS,
        help="serve as this region's Fleet API host: accounts of other regions get 421 "
        "(default: every region; TESLA_MOCK_REGION)",
    )
    parser.add_argument(
        "--log-level",
        default=_env("LOG_LEVEL", "warning"),
        choices=["critical", "error", "warning", "info", "debug"],
        help="the least severe diagnostic shown on stderr (uvicorn's and the mock's; the "
        "request log is --quiet's; default %(default)s; TESLA_MOCK_LOG_LEVEL)",
    )
    parser.add_argument(
        "--loop",
        default=_env("LOOP", "auto"),
        choices=["auto", "asyncio", "uvloop"],
        help="event loop (default auto: uvloop where it is installed, else asyncio's; on "
        "both a burst of new connections is accepted at once; TESLA_MOCK_LOOP)",
    )
    connection = parser.add_argument_group(
        "connection limits", "what one client may cost the server (README, Limits)"
    )
    defaults = ConnectionLimits()
    for option, field, kind, help_text in CONNECTION_LIMIT_OPTIONS:
        metavar = "SECONDS" if kind == "seconds" else "N"
        default = getattr(defaults, field)
        shown = f"{default:g}" if isinstance(default, float) else default
        _add_number(connection, option, kind, shown, help_text, metavar=metavar)
    fleet = parser.add_argument_group(
        "fleet limits", "how much state clients can make the mock keep (README, Limits)"
    )
    fleet_defaults = FleetLimits()
    for option, field, help_text in FLEET_LIMIT_OPTIONS:
        default = getattr(fleet_defaults, field)
        _add_number(fleet, option, "size", default, help_text, metavar="N")
    events = parser.add_argument_group(
        "event stream limits", "what watching the fleet may cost (the dashboard; README, Limits)"
    )
    event_defaults = EventLimits()
    for option, field, kind, help_text in EVENT_LIMIT_OPTIONS:
        default = getattr(event_defaults, field)
        shown = f"{default:g}" if isinstance(default, float) else default
        metavar = "SECONDS" if kind == "seconds" else "N"
        _add_number(events, option, kind, shown, help_text, metavar=metavar)
    args = parser.parse_args(argv)
    _flags_from_env(parser, args)

    from_env = os.environ.get("TESLA_MOCK_ADMIN_TOKEN")
    args.admin_token_explicit = args.admin_token is not None or from_env is not None
    if args.admin_token is None:
        args.admin_token = from_env if from_env is not None else DEFAULT_ADMIN_TOKEN
    if not args.admin_token:
        parser.error("--admin-token (or TESLA_MOCK_ADMIN_TOKEN) must not be empty")
    args.public_default_admin_token = (
        not args.admin_token_explicit
        and args.admin_token == DEFAULT_ADMIN_TOKEN
        and not is_loopback(args.host)
    )
    if args.public_default_admin_token and not args.allow_default_admin_token_on_public_host:
        fail(
            f"refusing to serve on {args.host or 'every address'} (not loopback) with the "
            f"default admin token {DEFAULT_ADMIN_TOKEN!r}: anyone who reaches the port could "
            f"read every account's tokens at {ADMIN_BASE_PATH}/fleet; pass --admin-token "
            f"SECRET (or TESLA_MOCK_ADMIN_TOKEN), or {ALLOW_PUBLIC_FLAG}"
        )
    return args


def connection_limits(args: argparse.Namespace) -> ConnectionLimits:
    return ConnectionLimits(
        **{field: getattr(args, dest(option)) for option, field, _, _ in CONNECTION_LIMIT_OPTIONS}
    )


def fleet_limits(args: argparse.Namespace) -> FleetLimits:
    return FleetLimits(
        **{field: getattr(args, dest(option)) for option, field, _ in FLEET_LIMIT_OPTIONS}
    )


def event_limits(args: argparse.Namespace) -> EventLimits:
    return EventLimits(
        **{field: getattr(args, dest(option)) for option, field, _, _ in EVENT_LIMIT_OPTIONS}
    )


def main(argv: Sequence[str] | None = None) -> None:
    words = sys.argv[1:] if argv is None else list(argv)
    if words and words[0] in SUBCOMMANDS:
        from importlib import import_module

        return import_module(SUBCOMMANDS[words[0]]).main(words)  # type: ignore[no-any-return]
    try:
        run(parse_args(argv))
    except KeyboardInterrupt:  # before the server runs (it handles its own)
        sys.exit(130)


def run(args: argparse.Namespace) -> None:
    """Build the app of `args` and serve it."""
    if args.public_default_admin_token:
        print(
            f"{PROG}: warning: the admin API on {args.host or 'every address'} takes the "
            f"default token {DEFAULT_ADMIN_TOKEN!r} ({ALLOW_PUBLIC_FLAG})",
            file=sys.stderr,
            flush=True,
        )
    try:
        app = create_app(
            fleet_file=args.fleet,
            time_scale=args.time_scale,
            admin_token=args.admin_token,
            validate_responses=args.validate_responses,
            fleet_limits=fleet_limits(args),
            event_limits=event_limits(args),
            flavor=Flavor(args.flavor, args.region),
            cors=not args.no_cors,
        )
    except OSError as exc:
        if args.fleet is None:
            fail(f"cannot start: {exc}")
        fail(f"cannot read the fleet file {args.fleet}: {exc.strerror or exc}")
    except FleetError as exc:
        fail(f"the fleet file {args.fleet}: {exc}" if args.fleet else f"the default fleet: {exc}")
    try:
        serve(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            loop=args.loop,
            limits=connection_limits(args),
            log_requests=not args.quiet,
            on_listening=lambda base: print_banner(app, args, base),
        )
    except ListenError as exc:
        fail(str(exc), status=1)


def print_banner(app: Any, args: argparse.Namespace, base: str) -> None:
    """Where everything is and the tokens to use, once the server accepts connections at
    `base` (the real port, also for --port 0)."""
    print(f"Mock vehicle on {base}  (Swagger UI: {base}/ui/ , admin: {base}{ADMIN_BASE_PATH}/ui/)")
    print(f"  dashboard: {base}{ADMIN_BASE_PATH}/dashboard  (asks for the admin token below)")
    for account in app.mock.fleet.accounts.values():
        for token in sorted(account.tokens):
            print(f"  account {account.name}: Authorization: Bearer {token}")
        for vehicle_id in account.vehicles:
            print(f"    vehicle {vehicle_id}")
    print(f"  admin: Authorization: Bearer {args.admin_token}")
    cors = "off" if args.no_cors else f"any origin, vehicle API ({NO_CORS_FLAG} turns it off)"
    log = "off" if args.quiet else f"one line per request below ({QUIET_FLAG} turns it off)"
    print(f"  CORS: {cors}; request log: {log}")
    sys.stdout.flush()


__all__ = [
    "connection_limits",
    "fleet_limits",
    "main",
    "package_version",
    "parse_args",
    "quiet_connexion",
    "serve",
]
