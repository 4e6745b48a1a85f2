"""scripts/prism-mock and scripts/prism-proxy over the real Prism in node_modules/.

All the wrappers the tests need start at once (Prism's start-up dominates the time) and each
serves several tests; the proxies stand in front of a deliberately non-conforming upstream.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import openapi_schema_validator
import pytest
import yaml
from tesla_mock.testing.ports import tcp_answers

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
SPEC = yaml.load((ROOT / "spec" / "tesla-charging.yaml").read_text(), Loader=yaml.CSafeLoader)
AUTH = {"Authorization": "Bearer anything"}
START_TIMEOUT = 90.0
SET_LIMIT = "/api/1/vehicles/1234/command/set_charge_limit"
CHARGE_START = "/api/1/vehicles/1234/command/charge_start"

# End-to-end runs of the Prism wrappers (node processes): `make test-slow` (pyproject.toml).
pytestmark = [pytest.mark.timeout(180), pytest.mark.slow]


def command_example(name: str) -> Any:
    examples = SPEC["components"]["responses"]["CommandResult"]["content"]["application/json"]
    return examples["examples"][name]["value"]


def error_example(response: str) -> Any:
    examples = SPEC["components"]["responses"][response]["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


def as_js_numbers(value: Any) -> Any:
    """A value after a trip through JavaScript: integers beyond 2**53 rounded to a double."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return int(float(value))
    if isinstance(value, dict):
        return {k: as_js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_js_numbers(v) for v in value]
    return value


def port_answers(url: str) -> bool:
    return tcp_answers(httpx.URL(url).host, httpx.URL(url).port or 80)


@dataclass
class Wrapper:
    """A running scripts/<name>; its output (stdout and stderr together) read by a thread."""

    name: str
    args: list[str]
    output: list[str] = field(default_factory=list)
    url: str = ""

    def __post_init__(self) -> None:
        self.proc = subprocess.Popen(
            [str(SCRIPTS / self.name), *self.args],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = START_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in self.output if text in line), None)
            if found:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} from {self.name}:\n" + "\n".join(self.output))

    def wait_serving(self) -> None:
        self.url = self.wait_for(f"{self.name}: starting Prism on ").rsplit(" ", 1)[1]
        deadline = time.monotonic() + START_TIMEOUT
        while not port_answers(self.url):
            assert self.proc.poll() is None, "\n".join(self.output)
            assert time.monotonic() < deadline, f"{self.name} did not serve:\n{self.output}"
            time.sleep(0.1)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10.0)


class BadUpstream:
    """Conforming answers, except set_charge_limit's, whose body violates CommandResponse.
    It records the path of every request it receives."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                paths.append(self.path)
                ok = not self.path.endswith("/set_charge_limit")
                body = {
                    "response": {"result": True, "reason": ""}
                    if ok
                    else {"result": "yes", "reason": 7}
                }
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@dataclass
class Running:
    upstream: BadUpstream
    static: Wrapper
    dynamic: Wrapper
    strict: Wrapper  # --errors (the default), -q
    lenient: Wrapper  # --no-errors
    with_vehicle: Wrapper  # no --upstream: the mock vehicle behind it


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    upstream = BadUpstream()
    wrappers = Running(
        upstream,
        static=Wrapper("prism-mock", []),
        dynamic=Wrapper("prism-mock", ["--dynamic", "--seed", "1", "-q"]),
        strict=Wrapper("prism-proxy", ["--upstream", upstream.url, "-q"]),
        lenient=Wrapper("prism-proxy", ["--upstream", upstream.url, "--no-errors"]),
        with_vehicle=Wrapper("prism-proxy", []),
    )
    started = [w for w in vars(wrappers).values() if isinstance(w, Wrapper)]
    try:
        for wrapper in started:
            wrapper.wait_serving()
        yield wrappers
    finally:
        for wrapper in started:
            wrapper.stop(signal.SIGKILL)
        upstream.server.shutdown()
        upstream.server.server_close()


# -- without Prism ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("prism-mock", ["--port", "--dynamic", "--seed", "-v LEVEL", "sl-violations"]),
        ("prism-proxy", ["--upstream", "--no-errors", "sl-violations", "#VIOLATIONS"]),
    ],
)
def test_help(name: str, expected: list[str]) -> None:
    done = subprocess.run([SCRIPTS / name, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {name}")
    assert all(text in done.stdout for text in expected)


def test_missing_prism_says_run_make_setup(tmp_path: Path) -> None:
    """The scripts find Prism beside themselves; without node_modules/ they say what to do."""
    shutil.copytree(SCRIPTS, tmp_path / "scripts")
    shutil.copytree(
        ROOT / "mockserver" / "tesla_mock" / "testing",
        tmp_path / "mockserver" / "tesla_mock" / "testing",
    )
    for argv in (["prism-mock"], ["prism-proxy", "--upstream", "http://127.0.0.1:9"]):
        command = [tmp_path / "scripts" / argv[0], *argv[1:]]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 1
        assert "make setup" in done.stderr
        assert str(tmp_path / "node_modules" / ".bin" / "prism") in done.stderr
    assert not (tmp_path / "scripts" / "__pycache__").exists()


# -- prism-mock ---------------------------------------------------------------------------------
def test_static_mock_answers_the_spec_examples(running: Running) -> None:
    with running.static.client() as http:
        command = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
        vehicles = http.get("/api/1/vehicles", headers=AUTH)
    assert command.status_code == 200
    assert command.json() == command_example("done")
    assert "sl-violations" not in command.headers
    assert vehicles.status_code == 200
    example = SPEC["components"]["examples"]["VehicleListTwoVehicles"]["value"]
    # The example's ids exceed 2**53: Prism serves them rounded; id_s, the string, is exact.
    assert vehicles.json() == as_js_numbers(example)
    assert vehicles.json()["response"][1]["id_s"] == "27381452639812211"


def invalid_request_answer() -> tuple[int, str]:
    """What Prism's static mock answers a request that breaks set_charge_limit's body schema:
    the operation's documented 422 if it has one, else its 400, with that response's example."""
    path = "/api/1/vehicles/{id}/command/set_charge_limit"
    responses = SPEC["paths"][path]["post"]["responses"]
    status = "422" if "422" in responses else "400"
    return int(status), responses[status]["$ref"].rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        ({"percent": 2**31}, AUTH, invalid_request_answer()),
        ({"percent": "75"}, AUTH, invalid_request_answer()),
        ({"percent": 75, "extra": 1}, AUTH, invalid_request_answer()),
        ({"percent": 75}, {}, (401, "Unauthorized")),
    ],
    ids=["above-maximum", "string-percent", "extra-property", "no-bearer-token"],
)
def test_static_mock_rejects_invalid_requests(
    running: Running, body: dict[str, Any], headers: dict[str, str], expected: tuple[int, str]
) -> None:
    status, error_response = expected
    with running.static.client() as http:
        response = http.post(SET_LIMIT, json=body, headers=headers)
    assert response.status_code == status
    assert response.json() == error_example(error_response)
    violations = json.loads(response.headers["sl-violations"])
    assert violations and all(v["location"][0] == "request" for v in violations)


def test_static_mock_logs_each_request_and_violation(running: Running) -> None:
    with running.static.client() as http:
        http.post(SET_LIMIT, json={"percent": "80"}, headers=AUTH)
    running.static.wait_for("Violation: request.body.percent")
    assert any("Request received" in line for line in running.static.output)


def test_dynamic_mock_with_seed_is_repeatable_and_valid(running: Running) -> None:
    cases = [
        ("POST", SET_LIMIT, {"percent": 75}, "CommandResponse"),
        ("GET", "/api/1/vehicles/1234/vehicle_data", None, "VehicleDataResponse"),
    ]
    with running.dynamic.client() as http:
        for method, path, body, schema in cases:
            first = http.request(method, path, json=body, headers=AUTH)
            second = http.request(method, path, json=body, headers=AUTH)
            assert first.status_code == second.status_code == 200
            assert first.json() == second.json()
            validator = openapi_schema_validator.OAS30Validator(
                {"$ref": f"#/components/schemas/{schema}", "components": SPEC["components"]}
            )
            errors = [e.message for e in validator.iter_errors(first.json())]
            assert errors == [], f"{method} {path}: {errors}"
        generated = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH).json()
    assert generated != command_example("done")
    assert not any("Request received" in line for line in running.dynamic.output)  # -q


# -- prism-proxy --------------------------------------------------------------------------------
def test_proxy_passes_a_conforming_answer_through(running: Running) -> None:
    with running.strict.client() as http:
        response = http.post(CHARGE_START, json={}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == {"response": {"result": True, "reason": ""}}
    assert CHARGE_START in running.upstream.paths


def test_proxy_replaces_a_non_conforming_answer_and_logs_it(running: Running) -> None:
    with running.strict.client() as http:
        response = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#VIOLATIONS")
    locations = {tuple(v["location"]) for v in problem["validation"]}
    assert ("response", "body", "response", "result") in locations
    assert ("response", "body", "response", "reason") in locations  # a number, not a string
    assert SET_LIMIT in running.upstream.paths
    running.strict.wait_for("#VIOLATIONS")  # Prism's error line, shown even with -q


@pytest.mark.parametrize(
    ("body", "headers", "status", "problem"),
    [
        ({"percent": "80"}, AUTH, 422, "#UNPROCESSABLE_ENTITY"),
        ({"percent": 80}, {}, 401, "#UNAUTHORIZED"),
    ],
    ids=["wrong-type", "no-bearer-token"],
)
def test_proxy_rejects_an_invalid_request_before_the_upstream(
    running: Running, body: dict[str, Any], headers: dict[str, str], status: int, problem: str
) -> None:
    seen = len(running.upstream.paths)
    with running.strict.client() as http:
        response = http.post(SET_LIMIT, json=body, headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(problem)
    if status == 422:
        assert [v["location"] for v in response.json()["validation"]] == [["body", "percent"]]
    running.strict.wait_for(problem)
    assert len(running.upstream.paths) == seen, "the invalid request reached the upstream"


def test_lenient_proxy_passes_violations_through_and_logs_each(running: Running) -> None:
    with running.lenient.client() as http:
        response = http.post(SET_LIMIT, json={"percent": 75}, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == {"response": {"result": "yes", "reason": 7}}
    violations = json.loads(response.headers["sl-violations"])
    assert {tuple(v["location"]) for v in violations} == {
        ("response", "body", "response", "reason"),
        ("response", "body", "response", "result"),
    }
    running.lenient.wait_for("Violation: response.body.response.result")
    running.lenient.wait_for("Violation: response.body.response.reason")


# -- the mock vehicle behind the proxy, and stopping ---------------------------------------------
def test_proxy_in_front_of_the_mock_vehicle_and_a_clean_stop(running: Running) -> None:
    wrapper = running.with_vehicle
    upstream = wrapper.wait_for("prism-proxy: upstream ").split()[2]
    wrapper.wait_for("Authorization: Bearer demo-owner-token")  # the mock vehicle's own output
    vehicle = "13691870400958016"
    with wrapper.client() as http:
        answer = http.post(
            f"/api/1/vehicles/{vehicle}/command/charge_port_door_open",
            headers={"Authorization": "Bearer demo-owner-token"},
        )
    assert answer.status_code == 200 and answer.json()["response"]["result"] is True
    assert wrapper.stop(signal.SIGINT) == 128 + signal.SIGINT
    assert not port_answers(wrapper.url)
    assert not port_answers(upstream)


def test_the_mock_becomes_prism_and_stops_on_sigterm(running: Running) -> None:
    """prism-mock execs Prism: a signal reaches Prism itself, and nothing is left behind."""
    assert running.static.stop(signal.SIGTERM) == -signal.SIGTERM
    assert not port_answers(running.static.url)
