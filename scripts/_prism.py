"""What scripts/prism-mock and scripts/prism-proxy share: finding Prism, the common options,
building Prism's command line and running it. Standard library only.

Prism does the work and the reporting: it validates, answers, logs each request and each
violation, and exits with its own code. The wrappers add free ports, the repo's pinned Prism and
spec, and (prism-proxy) a mock vehicle to stand behind the proxy.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "spec" / "tesla-charging.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
LEVELS = ("trace", "debug", "info", "warn", "error", "fatal", "silent")  # Prism's -v


def _load_ports():
    """tesla_mock/testing/ports.py, the project's one home of free ports and server start/stop.
    Loaded from its file: it needs only the standard library, but importing it through its
    package would pull in the package's dependencies, which a wrapper run by any python3 lacks."""
    path = ROOT / "mockserver" / "tesla_mock" / "testing" / "ports.py"
    spec = importlib.util.spec_from_file_location("_project_ports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import would: dataclasses look modules up there
    spec.loader.exec_module(module)
    return module


ports = _load_ports()


def fail(prog: str, message: str) -> NoReturn:
    print(f"{prog}: {message}", file=sys.stderr)
    raise SystemExit(1)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (%(default)s)")
    parser.add_argument(
        "--port", type=int, default=0, help="port to listen on; 0 (default) picks a free one"
    )
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, metavar="FILE", help="the spec")
    level = parser.add_mutually_exclusive_group()
    level.add_argument(
        "-v",
        "--verbose",
        dest="level",
        choices=LEVELS,
        default="info",
        metavar="LEVEL",
        help="Prism's log level: %(choices)s (default %(default)s: every request is logged)",
    )
    level.add_argument(
        "-q", "--quiet", dest="level", action="store_const", const="error", help="-v error"
    )


def prism_argv(prog: str, args: argparse.Namespace, command: str, *operands: str) -> list[str]:
    """Prism's argv for `prism COMMAND SPEC OPERANDS... --host --port -v`, after checking
    that Prism, node and the spec are there (else a one-line message and exit 1). Prints the
    URL Prism will serve on (Prism prints its own only at -v info and below)."""
    if not PRISM.exists():
        fail(prog, f"Prism is not installed: {PRISM} is missing. Run `make setup` (npm ci).")
    if shutil.which("node") is None:
        fail(prog, "`node` is not on PATH; Prism needs Node.js.")
    if not args.spec.is_file():
        fail(prog, f"no such spec file: {args.spec}")
    port = args.port or ports.free_port(args.host)
    print(f"{prog}: starting Prism on {ports.url_for(args.host, port)}", flush=True)
    argv = [str(PRISM), command, str(args.spec.resolve()), *operands]
    return [*argv, "--host", args.host, "--port", str(port), "-v", args.level]


def run_beside(argv: list[str], companion: subprocess.Popen[bytes], name: str) -> int:
    """Run Prism while `companion` serves; returns Prism's exit code as a shell reports it.

    SIGINT, SIGTERM and SIGHUP are passed on to Prism. If the companion exits first, Prism is
    stopped and the code is 1.
    """
    prism = subprocess.Popen(argv)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: prism.send_signal(signum))
    while True:
        try:
            code = prism.wait(0.5)
            return 128 - code if code < 0 else code
        except subprocess.TimeoutExpired:
            if companion.poll() is not None:
                print(f"{name} exited with code {companion.returncode}; stopping Prism")
                prism.terminate()
                prism.wait()
                return 1
