"""`python -m tesla_mock` as users meet it: --version, --help, one-line errors, the banner after
the port is bound, the request log, --quiet, CORS and --no-cors.

What happens before anything is served (--version, --help, the usage and fleet-file errors) is
asked of `main()` in this process, as the script calls it, with its output captured: a
`python -m tesla_mock` for each would spend most of its time starting up. The listen errors and
the running servers are real processes, whose whole stderr (start-up warnings included) is
checked.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from tesla_mock.specs import VEHICLE_SPEC, load_spec

from tests.in_process import run_main
from tests.server.test_cors import BROWSER_PREFLIGHT

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60
BANNER = re.compile(r"Mock vehicle on (?P<base>http://127\.0\.0\.1:(?P<port>\d+)) ")
REQUEST_LINE = re.compile(r"(?P<method>[A-Z]+) (?P<path>/\S*) (?P<status>\d{3}) \d+\.\d ms( \S.*)?")


def clean_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TESLA_MOCK_")}
    return {**env, **variables}


def tesla_mock(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tesla_mock", *args],
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`tesla_mock(*args, env=...)` run by `main()` in this process, which must end before it
    serves (it would serve here, on the pytest worker: `serve` fails the test instead)."""
    from tesla_mock import cli

    def served(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("main() went on to serve")

    monkeypatch.setattr(cli, "serve", served)
    monkeypatch.setenv("COLUMNS", os.environ.get("COLUMNS", "80"))  # as for a piped stdout

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        with monkeypatch.context() as variables:
            for name in os.environ:
                if name.startswith("TESLA_MOCK_"):
                    variables.delenv(name)
            for name, value in (env or {}).items():
                variables.setenv(name, value)
            return run_main(cli.main, args, capsys)

    return run


def assert_one_line_error(done: subprocess.CompletedProcess[str], status: int, *words: str) -> None:
    assert done.returncode == status, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("tesla-mock: error: "), done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert done.stdout == ""  # no banner: nothing was served


def test_version_is_the_specs_version(in_process) -> None:
    done = in_process("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"tesla-mock {load_spec(VEHICLE_SPEC)['info']['version']}\n"


def test_help_names_every_flag_and_variable_and_the_readme_documents_each_option(
    in_process,
) -> None:
    done = in_process("--help")
    assert done.returncode == 0, done.stderr
    for word in ("--version", "--no-cors", "TESLA_MOCK_NO_CORS", "--quiet", "TESLA_MOCK_QUIET"):
        assert word in done.stdout
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", done.stdout)) - {"--help"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The mock vehicle\n", 1)[1].split("\n## ", 1)[0]
    assert sorted(o for o in options if f"`{o}" not in section) == []


def test_help_names_every_other_command_and_each_has_its_own_help(in_process) -> None:
    from tesla_mock.cli import SUBCOMMANDS

    listed = in_process("--help").stdout.replace("-\n", "-").split()
    for command in SUBCOMMANDS:
        assert command in listed
        done = in_process(command, "--help")
        assert done.returncode == 0 and "usage:" in done.stdout


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "missing.yaml",
        "invalid": tmp_path / "invalid.yaml",
        "wrong": tmp_path / "wrong.yaml",
        "binary": tmp_path / "binary.yaml",
        "directory": tmp_path,
    }
    files["invalid"].write_text("accounts: [\n  {name: x\n")
    files["wrong"].write_text("accounts: 5\n")
    files["binary"].write_bytes(b"\xff\xfe\x00 not text")
    return files


@pytest.mark.parametrize(
    ("args", "variables", "status", "words"),
    [
        (["--fleet", "{missing}"], {}, 2, ["missing.yaml", "No such file"]),
        (["--fleet", "{directory}"], {}, 2, ["Is a directory"]),
        (["--fleet", "{invalid}"], {}, 2, ["invalid.yaml", "not valid YAML", "line 3"]),
        (["--fleet", "{wrong}"], {}, 2, ["wrong.yaml", "accounts"]),
        (["--fleet", "{binary}"], {}, 2, ["binary.yaml", "UTF-8"]),
        ([], {"TESLA_MOCK_FLEET": "{missing}", "TESLA_MOCK_PORT": "0"}, 2, ["missing.yaml"]),
        ([], {"TESLA_MOCK_PORT": "abc"}, 2, ["TESLA_MOCK_PORT", "'abc'", "--help"]),
        (["--flavor", "nope"], {}, 2, ["--flavor", "nope", "--help"]),
        ([], {"TESLA_MOCK_QUIET": "maybe"}, 2, ["TESLA_MOCK_QUIET", "'maybe'"]),
    ],
)
def test_every_error_is_one_line_on_stderr(
    in_process, bad_files, args, variables, status, words
) -> None:
    """As users meet them; the parser's other refusals are tests/server/test_serving.py's."""
    names = {name: str(path) for name, path in bad_files.items()}
    args = [arg.format(**names) for arg in args]
    env = {k: v.format(**names) for k, v in variables.items()}
    assert_one_line_error(in_process(*args, env=env), status, *words)


def test_a_host_that_cannot_be_resolved_is_one_line_and_no_banner() -> None:
    args = ["--host", "no.such.host.invalid", "--admin-token", "s3cret", "--port", "0"]
    done = tesla_mock(*args)
    assert_one_line_error(done, 1, "cannot listen on no.such.host.invalid:0")


def test_a_port_in_use_is_one_line_and_no_banner() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = tesla_mock("--host", "127.0.0.1", "--port", port)
    assert_one_line_error(done, 1, f"127.0.0.1:{port}", "Address already in use", "--port")


# -- a running server ----------------------------------------------------------------------------
@dataclass
class Running:
    process: subprocess.Popen[str]
    lines: queue.Queue[str | None]
    banner: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.banner or not self.banner[-1].startswith("  CORS: "):
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"the server stopped: {self.process.stderr.read()}"  # type: ignore[union-attr]
            self.banner.append(line)

    @property
    def base(self) -> str:
        match = BANNER.match(self.banner[0])
        assert match, self.banner
        return match["base"]

    @property
    def token(self) -> str:
        return next(line.split("Bearer ")[1] for line in self.banner if "account " in line)

    @property
    def vehicle(self) -> str:
        return next(line.split()[1] for line in self.banner if line.startswith("    vehicle "))

    def stop(self) -> tuple[list[str], str]:
        """SIGINT, as Ctrl-C; what it printed after the banner, and its stderr."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        rest = []
        while (line := self.lines.get(timeout=10)) is not None:
            rest.append(line)
        return rest, self.process.stderr.read()  # type: ignore[union-attr]


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tesla_mock", "--host", "127.0.0.1", "--port", "0", *args],
        env=env or clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        yield Running(process, lines)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_server_prints_its_real_port_logs_each_request_and_answers_browsers() -> None:
    with running() as server:
        base, port = server.base, int(BANNER.match(server.banner[0])["port"])  # type: ignore[index]
        assert port != 0
        owner = {"Authorization": f"Bearer {server.token}"}
        with httpx.Client(base_url=base, timeout=10) as http:
            assert http.get("/api/1/vehicles", headers=owner).status_code == 200
            command = f"/api/1/vehicles/{server.vehicle}/command/set_charge_limit"
            refused = http.post(command, data={"percent": "9999999999"}, headers=owner)
            assert refused.status_code == 400
            preflight = http.options(command, headers=BROWSER_PREFLIGHT)
            assert preflight.status_code == 204
            assert preflight.headers["access-control-allow-origin"] == "*"
            assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
            assert http.get("/openapi.json").json()["servers"][0]["url"] == base
        logged, stderr = server.stop()
    assert "Traceback" not in stderr and "Validation error" not in stderr, stderr
    assert "multiple content types" not in stderr
    requests = [REQUEST_LINE.fullmatch(line) for line in logged]
    assert all(requests), logged
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [  # type: ignore[index]
        ("GET", "/api/1/vehicles", "200"),
        ("POST", command, "400"),
        ("OPTIONS", command, "204"),
        ("GET", "/openapi.json", "200"),
    ]
    assert logged[1].endswith(" invalid_field")


def test_quiet_and_no_cors_from_the_environment() -> None:
    env = clean_env(TESLA_MOCK_QUIET="1", TESLA_MOCK_NO_CORS="true")
    with running(env=env) as server:
        assert server.banner[-1] == "  CORS: off; request log: off"
        with httpx.Client(base_url=server.base, timeout=10) as http:
            preflight = http.options("/api/1/vehicles", headers=BROWSER_PREFLIGHT)
            assert preflight.status_code == 405
            assert "access-control-allow-origin" not in preflight.headers
            answer = http.get("/api/1/vehicles", headers={"Origin": "http://localhost:5173"})
            assert answer.status_code == 401
            assert "access-control-allow-origin" not in answer.headers
        logged, stderr = server.stop()
    assert logged == [] and "Traceback" not in stderr
