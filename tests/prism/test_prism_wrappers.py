"""End-to-end tests of scripts/prism-mock and scripts/prism-proxy.

Each test starts the real scripts (and so the real Prism from node_modules/) with --port 0,
reads the URL from the "<script> listening on URL" line and always stops them again. The proxy
runs in front of a deliberately non-conforming upstream defined here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import openapi_schema_validator
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
SPEC = yaml.safe_load((ROOT / "spec" / "tesla-charging.yaml").read_text())
AUTH = {"Authorization": "Bearer anything"}
START_TIMEOUT = 30.0
SET_LIMIT = "/api/1/vehicles/1234/command/set_charge_limit"
CHARGE_START = "/api/1/vehicles/1234/command/charge_start"

pytestmark = pytest.mark.timeout(120)


# --------------------------------------------------------------------------- helpers


def schema_validator(name: str) -> openapi_schema_validator.OAS30Validator:
    """A validator for components/schemas/<name> (OpenAPI 3.0 semantics: nullable etc.)."""
    return openapi_schema_validator.OAS30Validator(
        {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    )


def example(name: str) -> Any:
    return SPEC["components"]["examples"][name]["value"]


def command_example(name: str) -> Any:
    return SPEC["components"]["responses"]["CommandResult"]["content"]["application/json"][
        "examples"
    ][name]["value"]


def error_example(response: str) -> Any:
    examples = SPEC["components"]["responses"][response]["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


def load_helper() -> ModuleType:
    """scripts/_prism.py as a module (without leaving a __pycache__ in scripts/)."""
    spec = importlib.util.spec_from_file_location("prism_wrapper_helper", SCRIPTS / "_prism.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def as_js_numbers(value: Any) -> Any:
    """What a value looks like after a trip through JavaScript: integers beyond 2**53 are
    rounded to the nearest double (Prism parses and re-serialises every JSON body)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > 2**53:
        return int(float(value))
    if isinstance(value, dict):
        return {k: as_js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_js_numbers(v) for v in value]
    return value


def wait_for(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def port_answers(url: str) -> bool:
    host, port = httpx.URL(url).host, httpx.URL(url).port
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still has a pid; it is gone for our purposes.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    return True


def child_pids(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux /proc)."""
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            kids += [int(p) for p in (task / "children").read_text().split()]
    return kids


class Wrapper:
    """A running scripts/<name>, its output collected by reader threads."""

    def __init__(self, name: str, args: list[str], cwd: Path = ROOT) -> None:
        self.name = name
        self.proc = subprocess.Popen(
            [str(cwd / "scripts" / name), "--port", "0", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._threads = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.stdout), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr), daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self.url = ""

    @staticmethod
    def _read(stream: Any, sink: list[str]) -> None:
        for line in stream:
            sink.append(line.rstrip("\n"))

    def line(self, prefix: str, stream: str = "stdout", timeout: float = START_TIMEOUT) -> str:
        lines = self.stdout if stream == "stdout" else self.stderr

        def found() -> str | None:
            if self.proc.poll() is not None and not any(ln.startswith(prefix) for ln in lines):
                raise AssertionError(
                    f"{self.name} exited with {self.proc.returncode}\n"
                    + "\n".join(self.stdout + self.stderr)
                )
            return next((ln for ln in lines if ln.startswith(prefix)), None)

        return wait_for(found, timeout, f"{prefix!r} from {self.name}")

    def wait_listening(self) -> str:
        self.url = self.line(f"{self.name} listening on ").rsplit(" ", 1)[1]
        return self.url

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for thread in self._threads:
            thread.join(2)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()
        return self.proc.returncode


@contextlib.contextmanager
def running(name: str, *args: str) -> Iterator[Wrapper]:
    wrapper = Wrapper(name, list(args))
    try:
        wrapper.wait_listening()
        yield wrapper
    finally:
        wrapper.stop()


class BadUpstream:
    """A stand-in server: conforming answers, except set_charge_limit, whose body violates
    CommandResponse. It records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, bytes]] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: Any) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else b""
                upstream.requests.append((self.command, self.path, payload))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                if self.path.endswith("/command/set_charge_limit"):
                    self._answer(200, {"response": {"result": "yes", "reason": 7}})
                else:
                    self._answer(200, {"response": {"result": True, "reason": ""}})

            def do_GET(self) -> None:
                self._answer(200, {"response": [], "count": 0})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [path for _method, path, _body in self.requests]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def static_mock() -> Iterator[Wrapper]:
    with running("prism-mock") as wrapper:
        yield wrapper


@pytest.fixture(scope="module")
def dynamic_mock() -> Iterator[Wrapper]:
    with running("prism-mock", "--dynamic", "--seed", "1", "--quiet") as wrapper:
        yield wrapper


@pytest.fixture(scope="module")
def bad_upstream() -> Iterator[BadUpstream]:
    upstream = BadUpstream()
    upstream.thread.start()
    try:
        yield upstream
    finally:
        upstream.server.shutdown()
        upstream.server.server_close()


@pytest.fixture(scope="module")
def strict_proxy(bad_upstream: BadUpstream) -> Iterator[Wrapper]:
    """prism-proxy with its defaults (--errors) and --quiet."""
    with running("prism-proxy", "--upstream", bad_upstream.url, "--quiet") as wrapper:
        yield wrapper


@pytest.fixture(scope="module")
def lenient_proxy(bad_upstream: BadUpstream) -> Iterator[Wrapper]:
    """prism-proxy --no-errors, default verbosity."""
    with running("prism-proxy", "--upstream", bad_upstream.url, "--no-errors") as wrapper:
        yield wrapper


def client(wrapper: Wrapper) -> httpx.Client:
    return httpx.Client(base_url=wrapper.url, timeout=10.0)


# --------------------------------------------------------------------------- --help, setup


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("prism-mock", ["--port", "--dynamic", "--seed", "-v LEVEL", "prism-mock listening on"]),
        (
            "prism-proxy",
            ["--upstream", "--no-errors", "sl-violations", "prism-proxy: violation", "rejected"],
        ),
    ],
)
def test_help(name: str, expected: list[str]) -> None:
    result = subprocess.run(
        [str(SCRIPTS / name), "--help"], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {name}")
    for text in expected:
        assert text in result.stdout


def test_missing_prism_says_run_make_setup(tmp_path: Path) -> None:
    """The scripts find Prism relative to their own location; without node_modules/ they say
    what to do instead of failing obscurely."""
    (tmp_path / "scripts").mkdir()
    for name in ("prism-mock", "prism-proxy", "_prism.py"):
        shutil.copy2(SCRIPTS / name, tmp_path / "scripts" / name)
    for name in ("prism-mock", "prism-proxy"):
        result = subprocess.run(
            [str(tmp_path / "scripts" / name)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 1
        assert "make setup" in result.stderr
        assert str(tmp_path / "node_modules" / ".bin" / "prism") in result.stderr
    assert not (tmp_path / "scripts" / "__pycache__").exists()


# --------------------------------------------------------------------------- prism-mock


def test_static_mock_answers_a_command_with_the_spec_example(static_mock: Wrapper) -> None:
    with client(static_mock) as http:
        response = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == command_example("done")
    assert "sl-violations" not in response.headers


def test_static_mock_answers_the_vehicle_list_example(static_mock: Wrapper) -> None:
    with client(static_mock) as http:
        response = http.get("/api/1/vehicles", headers=AUTH)
    assert response.status_code == 200
    # The example's ids exceed 2**53: Prism serves them rounded (27381452639812211 becomes
    # ...212). id_s, the string form, is exact.
    assert response.json() == as_js_numbers(example("VehicleListTwoVehicles"))
    assert response.json()["response"][1]["id_s"] == "27381452639812211"


@pytest.mark.parametrize(
    ("body", "headers", "status", "error_response"),
    [
        ({"percent": 2**31}, AUTH, 400, "BadRequest"),
        ({"percent": "75"}, AUTH, 400, "BadRequest"),
        ({"percent": 75, "extra": 1}, AUTH, 400, "BadRequest"),
        ({"percent": 75}, {}, 401, "Unauthorized"),
    ],
    ids=["above-maximum", "string-percent", "extra-property", "no-bearer-token"],
)
def test_static_mock_rejects_invalid_requests(
    static_mock: Wrapper,
    body: dict[str, Any],
    headers: dict[str, str],
    status: int,
    error_response: str,
) -> None:
    with client(static_mock) as http:
        response = http.post(SET_LIMIT, json=body, headers=headers)
    assert response.status_code == status
    assert response.json() == error_example(error_response)
    violations = json.loads(response.headers["sl-violations"])
    assert violations and all(v["location"][0] == "request" for v in violations)


def test_dynamic_mock_with_seed_is_repeatable_and_valid(dynamic_mock: Wrapper) -> None:
    cases = [
        ("POST", SET_LIMIT, {"percent": 75}, "CommandResponse"),
        ("GET", "/api/1/vehicles/1234/vehicle_data", None, "VehicleDataResponse"),
    ]
    with client(dynamic_mock) as http:
        for method, path, body, schema in cases:
            first = http.request(method, path, json=body, headers=AUTH)
            second = http.request(method, path, json=body, headers=AUTH)
            assert first.status_code == second.status_code == 200
            assert first.json() == second.json()
            errors = [e.message for e in schema_validator(schema).iter_errors(first.json())]
            assert errors == [], f"{method} {path}: {errors}"
        generated = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH).json()
    assert generated != command_example("done")  # generated, not the example


# --------------------------------------------------------------------------- prism-proxy


def test_proxy_passes_a_conforming_response_through(
    strict_proxy: Wrapper, bad_upstream: BadUpstream
) -> None:
    with client(strict_proxy) as http:
        response = http.post(CHARGE_START, json={}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == {"response": {"result": True, "reason": ""}}
    assert CHARGE_START in bad_upstream.paths()
    assert strict_proxy.line("prism-proxy upstream ") == f"prism-proxy upstream {bad_upstream.url}"


def test_proxy_reports_a_non_conforming_response(
    strict_proxy: Wrapper, bad_upstream: BadUpstream
) -> None:
    with client(strict_proxy) as http:
        response = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
    assert response.status_code == 500
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["type"].endswith("#VIOLATIONS")
    locations = {tuple(v["location"]) for v in problem["validation"]}
    assert ("response", "body", "response", "result") in locations
    assert ("response", "body", "response", "reason") in locations  # a number, not a string
    assert SET_LIMIT in bad_upstream.paths()
    report = strict_proxy.line(f"prism-proxy: violation POST {SET_LIMIT} -> 500:", "stderr")
    assert "upstream response violates the spec" in report


@pytest.mark.parametrize(
    ("body", "headers", "status", "kind"),
    [
        ({"percent": "80"}, AUTH, 422, "the request violates the spec"),
        ({"percent": 80}, {}, 401, "security requirements"),
    ],
    ids=["wrong-type", "no-bearer-token"],
)
def test_proxy_rejects_an_invalid_request_before_the_upstream(
    strict_proxy: Wrapper,
    bad_upstream: BadUpstream,
    body: dict[str, Any],
    headers: dict[str, str],
    status: int,
    kind: str,
) -> None:
    seen = len(bad_upstream.requests)
    with client(strict_proxy) as http:
        response = http.post(SET_LIMIT, json=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    if status == 422:
        assert [v["location"] for v in response.json()["validation"]] == [["body", "percent"]]
    report = strict_proxy.line(f"prism-proxy: rejected POST {SET_LIMIT} -> {status}:", "stderr")
    assert kind in report and "the upstream was not called" in report
    assert len(bad_upstream.requests) == seen, "the invalid request reached the upstream"


def test_quiet_proxy_hides_info_lines(strict_proxy: Wrapper) -> None:
    assert not any("Request received" in line for line in strict_proxy.stdout)


def test_lenient_proxy_passes_violations_through_and_reports_each(
    lenient_proxy: Wrapper, bad_upstream: BadUpstream
) -> None:
    with client(lenient_proxy) as http:
        response = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == {"response": {"result": "yes", "reason": 7}}
    violations = json.loads(response.headers["sl-violations"])
    assert {tuple(v["location"]) for v in violations} == {
        ("response", "body", "response", "reason"),
        ("response", "body", "response", "result"),
    }
    prefix = f"prism-proxy: violation POST {SET_LIMIT} -> 200: "
    lenient_proxy.line(prefix + "response.body.response.result: ", "stderr")
    lenient_proxy.line(prefix + "response.body.response.reason: ", "stderr")
    assert any("Request received" in line for line in lenient_proxy.stdout)


# --------------------------------------------------------------------------- signals


@pytest.mark.parametrize(
    ("name", "sig"),
    [("prism-mock", signal.SIGTERM), ("prism-proxy", signal.SIGINT)],
)
def test_signal_stops_prism(name: str, sig: int, bad_upstream: BadUpstream) -> None:
    args = ["--upstream", bad_upstream.url] if name == "prism-proxy" else []
    wrapper = Wrapper(name, [*args, "--quiet"])
    try:
        url = wrapper.wait_listening()
        (prism_pid,) = child_pids(wrapper.proc.pid)
        assert port_answers(url)
        started = time.monotonic()
        code = wrapper.stop(sig)
        assert time.monotonic() - started < 5
    finally:
        wrapper.stop(signal.SIGKILL)
    assert code == 128 + sig  # Prism's own code: it died of the forwarded signal
    assert not pid_alive(prism_pid)
    assert not port_answers(url)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_prism_dies_with_a_killed_wrapper() -> None:
    wrapper = Wrapper("prism-mock", ["--quiet"])
    try:
        url = wrapper.wait_listening()
        (prism_pid,) = child_pids(wrapper.proc.pid)
        wrapper.stop(signal.SIGKILL)
        # The thread group leader turns zombie before node's other threads are gone and the
        # listening socket is closed, so wait for both.
        wait_for(lambda: not pid_alive(prism_pid), 5, "Prism to die with its parent")
        wait_for(lambda: not port_answers(url), 5, "Prism's port to close")
    finally:
        wrapper.stop(signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(prism_pid, signal.SIGKILL)


def test_proxy_starts_and_stops_the_mock_vehicle_by_default() -> None:
    wrapper = Wrapper("prism-proxy", ["--quiet"])
    try:
        wrapper.wait_listening()
        upstream = wrapper.line("prism-proxy upstream ").rsplit(" ", 1)[1]
        assert port_answers(upstream)
        wrapper.line("mock-vehicle | ")
        code = wrapper.stop(signal.SIGTERM)
    finally:
        wrapper.stop(signal.SIGKILL)
    assert code == 128 + signal.SIGTERM
    assert not port_answers(upstream)
    assert not port_answers(wrapper.url)


# --------------------------------------------------------------------------- helper internals


def test_prism_is_restarted_on_another_port_when_the_picked_one_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--port 0 picks a free port, and another process can take it before Prism binds it:
    Prism then exits with EADDRINUSE and the wrapper picks again."""
    helper = load_helper()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        picks = iter([taken])
        real_free_port = helper.free_port
        monkeypatch.setattr(
            helper, "free_port", lambda host: next(picks, 0) or real_free_port(host)
        )
        prism = str(helper.find_prism())
        spec = str(helper.DEFAULT_SPEC)
        with helper.Supervisor("test") as sup:
            child, port = helper.start_prism(
                sup,
                lambda p: [prism, "mock", spec, "--port", str(p), "-v", "error"],
                host="127.0.0.1",
                port=0,
                log=helper.PrismLog("silent", None),
                timeout=START_TIMEOUT,
            )
            assert port != taken
            assert helper.http_answers("127.0.0.1", port)
            assert len(sup.children) == 1
        assert child.proc.returncode is not None
        assert not helper.http_answers("127.0.0.1", port)


def test_reporter_names_the_request_of_each_violation() -> None:
    helper = load_helper()
    reporter = helper.ViolationReporter("prism-proxy")
    log = """\
[10:37:37 AM] \u203a [HTTP SERVER] post /a \u2139  info      Request received
[10:37:37 AM] \u203a [HTTP SERVER] get /b \u2139  info      Request received
[10:37:37 AM] \u203a     [PROXY] \u2139  info      The upstream call to /a has returned 201
[10:37:37 AM] \u203a     [VALIDATOR] \u2716  error     Violation: response.body.x x must be boolean
[10:37:37 AM] \u203a     [VALIDATOR] \u26a0  warning   Violation:  Something odd
[10:37:37 AM] \u203a [HTTP SERVER] get /b \u2716  error     Request terminated with error: \
https://stoplight.io/prism/errors#NO_METHOD_MATCHED_ERROR: Route resolved, but no method matched
[10:37:37 AM] \u203a [CLI] \u2139  info      GET        http://127.0.0.1:1/api/1/vehicles
"""
    reports = []
    for line in log.splitlines():
        match = helper.parse_log_line(line)
        assert match, line
        reports += reporter.feed(match)
    assert reports == [
        "prism-proxy: violation POST /a -> 201: response.body.x: x must be boolean",
        "prism-proxy: warning POST /a -> 201: Something odd",
        "prism-proxy: error GET /b -> 405: NO_METHOD_MATCHED_ERROR: Route resolved, but no method"
        " matched",
    ]
