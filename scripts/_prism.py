"""Shared code of scripts/prism-mock and scripts/prism-proxy (standard library only).

Both wrappers start Prism (the copy that `npm ci` installed into node_modules/ from the repo's
package-lock.json) on a free port, wait until it answers HTTP, print one line
``<prog> listening on http://HOST:PORT`` on stdout, relay Prism's log, forward SIGINT, SIGTERM
and SIGHUP to it and exit with its exit code. prism-proxy can also start the connexion mock
vehicle as its upstream and turns Prism's log into one stderr line per spec violation.

Every child runs in its own session (so its own process group). On the way out the whole group
is killed, after the child itself has exited or a grace period has passed, so nothing that a
child started outlives the wrapper. On Linux the children also get PR_SET_PDEATHSIG, so they
are stopped even when the wrapper itself is killed with SIGKILL.

Everything runs on one thread: a selector multiplexes the children's pipes and a wake-up pipe
that the signal handlers write to. (One thread also keeps ``preexec_fn`` safe.)
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "spec" / "tesla-charging.yaml"
PRISM_BIN = Path("node_modules") / ".bin" / "prism"
VENV_PYTHON = Path(".venv") / "bin" / "python"

FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 5.0  # how long a child may take to exit after the forwarded signal
PORT_ATTEMPTS = 5  # a port picked with --port 0 can be taken before Prism binds it: retry

# Prism's -v levels (pino's), most verbose first. "silent" logs nothing.
LEVELS = ("trace", "debug", "info", "warn", "error", "fatal", "silent")
_LEVEL_VALUE = {"trace": 10, "debug": 20, "info": 30, "warn": 40, "error": 50, "fatal": 60}
_LEVEL_VALUE["silent"] = 100
# The labels signale prints for those levels, plus Prism's own: "start" and "success" are custom
# pino levels just above info; "awaiting" is the "Starting Prism..." line.
_LABEL_VALUE = {
    "trace": 10,
    "debug": 20,
    "info": 30,
    "awaiting": 30,
    "start": 31,
    "success": 32,
    "warning": 40,
    "warn": 40,
    "error": 50,
    "fatal": 60,
}

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# One line of Prism's log as signale prints it: "[time] \u203a [NAME] <method> <path> <badge>
# <label> <message>", the method and path only on the HTTP SERVER's lines. For example
#   [10:37:37 AM] > [HTTP SERVER] post /api/1/vehicles (i)  info      Request received
#   [10:37:37 AM] >     [VALIDATOR] (x)  error     Violation: request.body.percent Request ...
# with ">" standing for U+203A and "(i)", "(x)" for the badge symbols.
_LOG_LINE = re.compile(
    r"^(?:\[[^\]]*\] \u203a )?(?P<indent> *)\[(?P<name>[A-Z][A-Z ]*)\]"
    r"(?: (?P<method>[a-z]+) (?P<path>/\S*))? (?P<badge>\S+) +(?P<label>[a-z]+)(?: +(?P<msg>.*))?$"
)
_UPSTREAM_RETURNED = re.compile(r"The upstream call to (?P<path>\S+) has returned (?P<status>\d+)")
_VIOLATION = re.compile(r"^Violation: (?P<location>\S*) (?P<message>.*)$")
_TERMINATED = re.compile(
    r"^Request terminated with error: (?:https?://\S+#)?(?P<code>[A-Z_]+): (?P<title>.*)$"
)
# Prism's problem types (prism-http's errors.js files) and the status each one answers.
_PROBLEM_STATUS = {
    "UNPROCESSABLE_ENTITY": 422,
    "UNAUTHORIZED": 401,
    "VIOLATIONS": 500,
    "NOT_ACCEPTABLE": 406,
    "NOT_FOUND": 404,
    "INVALID_CONTENT_TYPE": 415,
    "NO_RESPONSE_RESPONSE_DEFINED": 500,
    "SCHEMA_TOO_COMPLEX": 500,
    "NO_BASE_URL_ERROR": 400,
    "NO_RESOURCE_PROVIDED_ERROR": 404,
    "NO_PATH_MATCHED_ERROR": 404,
    "NO_SERVER_MATCHED_ERROR": 404,
    "NO_METHOD_MATCHED_ERROR": 405,
    "NO_SERVER_CONFIGURATION_PROVIDED_ERROR": 404,
    "UPSTREAM_NOT_IMPLEMENTED": 501,
    "PROXY_UNSUPPORTED_REQUEST_BODY": 501,
}


class WrapperError(Exception):
    """A problem to report in one line before exiting with ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- locating tools


def find_prism(root: Path = ROOT) -> Path:
    """The Prism executable of the repo's node_modules/, or a WrapperError saying what to do."""
    prism = root / PRISM_BIN
    if not prism.exists():
        raise WrapperError(
            f"Prism is not installed: {prism} is missing. Run `make setup` (it runs `npm ci`, "
            "which installs the Prism version pinned in package-lock.json)."
        )
    if shutil.which("node") is None:
        raise WrapperError("`node` is not on PATH; Prism needs Node.js (18 or newer).")
    return prism


def find_spec(spec: str | None) -> Path:
    path = Path(spec).resolve() if spec else DEFAULT_SPEC
    if not path.is_file():
        raise WrapperError(f"no such spec file: {path}")
    return path


def find_venv_python(root: Path = ROOT) -> Path:
    python = root / VENV_PYTHON
    if not python.exists():
        raise WrapperError(
            f"the mock vehicle needs the repo's virtual environment, and {python} is missing. "
            "Run `make setup`, or pass --upstream URL to proxy another server."
        )
    return python


# --------------------------------------------------------------------------- network helpers


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str) -> int:
    """A TCP port that is free on ``host`` right now (the kernel picks it)."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def probe_host(host: str) -> str:
    """The address to reach a server that listens on ``host`` (wildcards mean loopback)."""
    return {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def tcp_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((probe_host(host), port), timeout=0.5):
            return True
    except OSError:
        return False


def http_answers(host: str, port: int) -> bool:
    """True once something answers HTTP on host:port.

    The probe is a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method):
    Prism answers it with 204 from its router, before any validation, so the probe neither
    shows up in Prism's log nor reaches a proxy's upstream.
    """
    conn = http.client.HTTPConnection(probe_host(host), port, timeout=1.0)
    try:
        conn.request(
            "OPTIONS",
            "/",
            headers={"Origin": "http://localhost", "Access-Control-Request-Method": "GET"},
        )
        conn.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


# --------------------------------------------------------------------------- child processes


def _parent_death_signal() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to SIGTERM the child when the wrapper dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    sigterm = int(signal.SIGTERM)
    parent = os.getpid()

    def preexec() -> None:
        prctl(pr_set_pdeathsig, sigterm)
        if os.getppid() != parent:  # the wrapper died before prctl took effect
            os._exit(1)

    return preexec


_PREEXEC = _parent_death_signal()


class Child:
    """A child process in its own session, with its stdout and stderr read line by line."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        on_stdout: Callable[[bytes], None],
        on_stderr: Callable[[bytes], None],
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            start_new_session=True,
            preexec_fn=_PREEXEC,
        )
        self.pgid = self.proc.pid  # start_new_session: the child leads its own group
        self.handlers = {
            self.proc.stdout.fileno(): on_stdout,
            self.proc.stderr.fileno(): on_stderr,
        }
        self.partial: dict[int, bytes] = dict.fromkeys(self.handlers, b"")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def exited(self) -> bool:
        """Whether the child has exited, without reaping it: its pid and process group id stay
        reserved until :meth:`reap`, so killing the group afterwards cannot hit a stranger."""
        if self.proc.returncode is not None:
            return True
        try:
            info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            self.proc.poll()
            return True
        return info is not None and info.si_pid == self.pid

    def signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pgid, sig)

    def reap(self) -> int:
        """Kill whatever is left of the child's process group, then collect the exit code."""
        if self.proc.returncode is None:
            self.signal_group(signal.SIGKILL)
            self.proc.wait()
        return self.proc.returncode


def exit_code(returncode: int) -> int:
    """A child's return code as a shell reports it: 128+N when it was killed by signal N."""
    return 128 - returncode if returncode < 0 else returncode


class Supervisor:
    """Runs the children: pumps their output, records signals, shuts everything down."""

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.children: list[Child] = []
        self.selector = selectors.DefaultSelector()
        self.signals: list[int] = []
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self.selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._old_handlers: dict[int, object] = {}
        self._old_wakeup = -1

    # signals --------------------------------------------------------------------------

    def __enter__(self) -> Supervisor:
        for sig in FORWARDED_SIGNALS:
            self._old_handlers[sig] = signal.signal(sig, self._on_signal)
        self._old_wakeup = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_all(signal.SIGTERM)
        signal.set_wakeup_fd(self._old_wakeup)
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self.selector.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.signals.append(signum)

    # children -------------------------------------------------------------------------

    def spawn(self, name: str, argv: Sequence[str], **kwargs: object) -> Child:
        child = Child(name, argv, **kwargs)  # type: ignore[arg-type]
        self.children.append(child)
        for fd in child.handlers:
            os.set_blocking(fd, False)
            self.selector.register(fd, selectors.EVENT_READ, child)
        return child

    def pump(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for output or a signal and dispatch complete lines."""
        for key, _events in self.selector.select(timeout):
            child: Child | None = key.data
            if child is None:  # the wake-up pipe: a signal arrived
                with contextlib.suppress(BlockingIOError):
                    while os.read(self._wake_r, 512):
                        pass
                continue
            self._read(child, key.fd)

    def _read(self, child: Child, fd: int) -> None:
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        handler = child.handlers[fd]
        if not data:  # EOF: the child (and its group) closed the pipe
            self.selector.unregister(fd)
            if child.partial[fd]:
                handler(child.partial[fd])
                child.partial[fd] = b""
            return
        lines = (child.partial[fd] + data).split(b"\n")
        child.partial[fd] = lines.pop()
        for line in lines:
            handler(line)

    def drain(self, child: Child, timeout: float = 1.0) -> None:
        """Read what is left in a dead child's pipes (bounded: a grandchild may hold them)."""
        deadline = time.monotonic() + timeout
        open_fds = {key.fd for key in self.selector.get_map().values() if key.data is child}
        while open_fds and time.monotonic() < deadline:
            self.pump(0.05)
            open_fds = {key.fd for key in self.selector.get_map().values() if key.data is child}
        for fd in open_fds:
            self.selector.unregister(fd)
        for pipe in (child.proc.stdout, child.proc.stderr):
            if pipe is not None:
                pipe.close()

    def wait_until(
        self, ready: Callable[[], bool], timeout: float, poll: float = 0.1
    ) -> tuple[str, Child | None]:
        """Pump output until ``ready()`` is true. Returns ("ready", None), ("signal", None),
        ("exited", child) when a child exited, or ("timeout", None)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.signals:
                return "signal", None
            for child in self.children:
                if child.exited():
                    return "exited", child
            if ready():
                return "ready", None
            if time.monotonic() >= deadline:
                return "timeout", None
            self.pump(poll)

    def run_until_done(self) -> tuple[str, Child | None]:
        """Relay output until a forwarded signal arrives or a child exits."""
        while True:
            if self.signals:
                return "signal", None
            for child in self.children:
                if child.exited():
                    return "exited", child
            self.pump(0.5)

    def stop_all(self, sig: int) -> None:
        """Send ``sig`` to every child's process group, wait up to GRACE_SECONDS (a second
        forwarded signal cuts the wait short), then SIGKILL what is left and reap."""
        live = [c for c in self.children if c.proc.returncode is None]
        if not live:
            return
        seen = len(self.signals)
        for child in live:
            if not child.exited():
                child.signal_group(sig)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and len(self.signals) == seen:
            if all(child.exited() for child in live):
                break
            self.pump(0.05)
        for child in live:
            child.reap()
            self.drain(child, timeout=0.5)

    # output ---------------------------------------------------------------------------

    def note(self, message: str) -> None:
        """One line of the wrapper's own on stderr."""
        write_line(sys.stderr, f"{self.prog}: {message}")


def write_line(stream: TextIO, text: str) -> None:
    with contextlib.suppress(BrokenPipeError, ValueError, OSError):
        stream.write(text + "\n")
        stream.flush()


def write_bytes(stream: TextIO, line: bytes) -> None:
    with contextlib.suppress(BrokenPipeError, ValueError, OSError):
        stream.buffer.write(line + b"\n")
        stream.buffer.flush()


# --------------------------------------------------------------------------- Prism's log


def parse_log_line(line: str) -> re.Match[str] | None:
    return _LOG_LINE.match(_ANSI.sub("", line))


class PrismLog:
    """Relays Prism's stdout at the level the user asked for and feeds the reporter.

    Prism may run more verbosely than the user asked (prism-proxy needs the info-level
    "Request received" lines to name the request a violation belongs to), so lines are filtered
    here by the level label signale prints. Lines without a label (continuations of a multi-line
    message) take the level of the line before.
    """

    def __init__(self, echo_level: str, reporter: ViolationReporter | None) -> None:
        self.threshold = _LEVEL_VALUE[echo_level]
        self.reporter = reporter
        self.last_value = _LEVEL_VALUE["info"]
        self.held: list[bytes] | None = []  # startup output, held back until Prism answers

    def __call__(self, raw: bytes) -> None:
        if self.held is not None:
            self.held.append(raw)
            return
        self._process(raw)

    def release(self) -> None:
        """Prism answers: relay what it printed while starting, from now on relay directly."""
        held, self.held = self.held or [], None
        for raw in held:
            self._process(raw)

    def startup_output(self) -> list[str]:
        return [raw.decode("utf-8", "replace") for raw in self.held or []]

    def _process(self, raw: bytes) -> None:
        text = _ANSI.sub("", raw.decode("utf-8", "replace"))
        match = _LOG_LINE.match(text)
        if match:
            self.last_value = _LABEL_VALUE.get(match["label"], _LEVEL_VALUE["info"])
        if self.last_value >= self.threshold:
            write_bytes(sys.stdout, raw)
        if match and self.reporter is not None:
            for report in self.reporter.feed(match):
                write_line(sys.stderr, report)


class ViolationReporter:
    """Turns Prism's proxy log into one readable line per violation (see prism-proxy --help).

    Prism logs two kinds of lines that matter here:

    * ``[VALIDATOR] Violation: <location> <message>`` for each violation it lets through (all
      of them with --no-errors; warnings only with --errors). These lines do not say which
      request they belong to, so the request is taken from the last "upstream call to <path>
      has returned <status>" / "Request received" line: exact for sequential traffic,
      best-effort under concurrent requests (the sl-violations response header is exact).
    * ``[HTTP SERVER] <method> <path> Request terminated with error: <problem type>: <title>``
      when Prism answers with its own problem+json instead: with --errors, a 422/401 for a
      request that violates the spec (the upstream is not called) or a 500 VIOLATIONS for an
      upstream response that violates it. Prism does not log the individual violations then;
      they are in the problem body's "validation" list.
    """

    def __init__(self, prog: str) -> None:
        self.prog = prog
        self.recent: deque[tuple[str, str]] = deque(maxlen=256)
        self.current: tuple[str, str, str | None] | None = None

    def feed(self, match: re.Match[str]) -> list[str]:
        name, label, msg = match["name"], match["label"], match["msg"] or ""
        if name == "HTTP SERVER" and match["method"]:
            method, path = match["method"].upper(), match["path"]
            if msg == "Request received":
                self.recent.append((method, path))
                self.current = (method, path, None)
                return []
            terminated = _TERMINATED.match(msg)
            if terminated:
                return [self._terminated(method, path, terminated["code"], terminated["title"])]
            if label in ("error", "fatal"):
                return [f"{self.prog}: error {method} {path}: {msg}"]
            return []
        if name == "PROXY":
            returned = _UPSTREAM_RETURNED.search(msg)
            if returned:
                path = returned["path"]
                method = next((m for m, p in reversed(self.recent) if p == path), "?")
                self.current = (method, path, returned["status"])
            return []
        if name == "VALIDATOR":
            violation = _VIOLATION.match(msg)
            if not violation:
                return []
            kind = "violation" if label in ("error", "fatal") else "warning"
            where = self._where()
            location = violation["location"]
            detail = f"{location}: {violation['message']}" if location else violation["message"]
            return [f"{self.prog}: {kind} {where}: {detail}"]
        return []

    def _where(self) -> str:
        if self.current is None:
            return "(request unknown)"
        method, path, status = self.current
        return f"{method} {path} -> {status}" if status else f"{method} {path}"

    def _terminated(self, method: str, path: str, code: str, title: str) -> str:
        status = _PROBLEM_STATUS.get(code)
        where = f"{method} {path} -> {status}" if status else f"{method} {path}"
        if code == "VIOLATIONS":
            return (
                f"{self.prog}: violation {where}: the upstream response violates the spec; "
                'Prism answered 500 in its place (its "validation" list names each violation)'
            )
        if code == "UNPROCESSABLE_ENTITY":
            return (
                f"{self.prog}: rejected {where}: the request violates the spec; the upstream "
                'was not called (the 422 body\'s "validation" list names each violation)'
            )
        if code == "UNAUTHORIZED":
            return (
                f"{self.prog}: rejected {where}: the request does not meet the spec's security "
                "requirements (bearer token); the upstream was not called"
            )
        return f"{self.prog}: error {where}: {code}: {title}"


# --------------------------------------------------------------------------- running Prism


def _interesting_stderr(lines: list[str]) -> list[str]:
    """Prism's stderr after a failed start, without the yargs usage text it repeats."""
    usage = re.compile(
        r"^(prism (mock|proxy) <document>|Start a (mock|proxy) server|Positionals:|Options:)"
    )
    return [ln for ln in lines if ln.strip() and not ln.startswith(" ") and not usage.match(ln)]


def start_prism(
    sup: Supervisor,
    argv_for_port: Callable[[int], list[str]],
    *,
    host: str,
    port: int,
    log: PrismLog,
    timeout: float,
) -> tuple[Child, int]:
    """Start Prism and wait until it answers HTTP. With port 0, pick a free port (and pick again
    if another process takes it first). Returns the child and the port."""
    for _attempt in range(PORT_ATTEMPTS if port == 0 else 1):
        chosen = port or free_port(host)
        stderr_lines: list[str] = []

        def on_stderr(raw: bytes, sink: list[str] = stderr_lines) -> None:
            if log.held is None:  # after startup: pass Prism's stderr through
                write_bytes(sys.stderr, raw)
            else:
                sink.append(raw.decode("utf-8", "replace"))

        child = sup.spawn(
            "Prism", argv_for_port(chosen), on_stdout=log, on_stderr=on_stderr, env=prism_env()
        )
        outcome, who = sup.wait_until(lambda p=chosen: http_answers(host, p), timeout)
        if outcome == "ready":
            return child, chosen
        if outcome == "signal":
            raise WrapperError("interrupted while Prism was starting", 128 + sup.signals[0])
        if outcome == "timeout":
            raise WrapperError(f"Prism did not answer on port {chosen} within {timeout:g} s")
        assert who is not None
        if who is not child:
            raise WrapperError(f"the {who.name} exited while Prism was starting")
        code = exit_code(child.reap())
        sup.drain(child)
        sup.children.remove(child)
        if port == 0 and any("EADDRINUSE" in line for line in stderr_lines):
            log.held = []
            continue
        for line in log.startup_output():
            write_line(sys.stderr, line)
        for line in _interesting_stderr(stderr_lines):
            write_line(sys.stderr, line)
        raise WrapperError(f"Prism exited with code {code} before it answered", code or 1)
    raise WrapperError(f"no free port found for Prism after {PORT_ATTEMPTS} attempts")


def prism_env() -> dict[str, str]:
    env = dict(os.environ)
    if sys.stdout.isatty() and "NO_COLOR" not in env:
        env.setdefault("FORCE_COLOR", "1")  # Prism writes into a pipe; keep colours for a tty
    return env


def serve(
    prog: str,
    prism_args: Callable[[int, str | None], list[str]],
    *,
    host: str,
    port: int,
    echo_level: str,
    timeout: float,
    reporter: ViolationReporter | None = None,
    start_upstream: Callable[[Supervisor], str] | None = None,
    describe: Callable[[str | None], list[str]] | None = None,
) -> int:
    """Run Prism until a signal arrives or it exits; returns the wrapper's exit code.

    ``start_upstream``, if given, runs first and returns the upstream's URL (starting a server
    if needed); ``prism_args(port, upstream)`` gives Prism's argv.
    """
    with Supervisor(prog) as sup:
        try:
            upstream = start_upstream(sup) if start_upstream else None
            log = PrismLog(echo_level, reporter)
            prism, chosen = start_prism(
                sup,
                lambda p: prism_args(p, upstream),
                host=host,
                port=port,
                log=log,
                timeout=timeout,
            )
        except WrapperError as exc:
            sup.note(str(exc))
            return exc.code
        log.release()
        write_line(sys.stdout, f"{prog} listening on {url_for(host, chosen)}")
        for line in describe(upstream) if describe else []:
            write_line(sys.stdout, line)

        outcome, who = sup.run_until_done()
        if outcome == "signal":
            sig = sup.signals[0]
            sup.stop_all(sig)
            return exit_code(prism.proc.returncode)
        assert who is not None
        code = exit_code(who.reap())
        sup.drain(who)
        sup.note(f"the {who.name} exited with code {code}; stopping")
        sup.stop_all(signal.SIGTERM)
        if who is prism:
            return code
        return code or 1


def start_mock_vehicle(sup: Supervisor, timeout: float, host: str = "127.0.0.1") -> str:
    """Start the connexion mock vehicle (``<.venv python> -m mockserver``) on a free port and
    wait until it accepts connections. Its output is relayed with a "mock-vehicle | " prefix
    (it prints the bearer tokens to use). It is stopped with the wrapper."""
    python = find_venv_python()
    port = free_port(host)

    def relay(stream: TextIO) -> Callable[[bytes], None]:
        return lambda raw: write_bytes(stream, b"mock-vehicle | " + raw)

    env = dict(os.environ, PYTHONUNBUFFERED="1")
    child = sup.spawn(
        "mock vehicle",
        [str(python), "-m", "mockserver", "--host", host, "--port", str(port)],
        on_stdout=relay(sys.stdout),
        on_stderr=relay(sys.stderr),
        env=env,
    )
    outcome, _who = sup.wait_until(lambda: tcp_answers(host, port), timeout)
    if outcome == "ready":
        return url_for(host, port)
    if outcome == "signal":
        raise WrapperError("interrupted while the mock vehicle was starting", 128 + sup.signals[0])
    if outcome == "timeout":
        raise WrapperError(f"the mock vehicle did not listen on port {port} within {timeout:g} s")
    code = exit_code(child.reap())
    sup.drain(child)
    raise WrapperError(
        f"the mock vehicle (`{python} -m mockserver`) exited with code {code} before it "
        "listened; pass --upstream URL to proxy another server",
        code or 1,
    )
