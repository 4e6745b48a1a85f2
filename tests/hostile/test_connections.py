"""Attacks at the HTTP/connection level: each limit of README "Limits", at its edge.

A server with small limits serves each test, so that every limit is reached quickly: the
request exactly at a limit is served, one byte (or one connection, or a stalled second)
beyond it is refused with the API's JSON envelope, and the server goes on serving others.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from tesla_mock.testing.ports import free_port, http_answers

from tests.hostile.support import HOST, OWNER, PLUGGED_CAR, LiveServer, start_server

MAX_HEAD = 4096
MAX_URL = 1024
TIMEOUT_S = 1.0  # header, body and idle timeouts of the timeout server
# A connection cut off for a timeout is cut between the timeout and that plus two sweeps
# (0.1 s each at these timeouts); the rest is room for a loaded machine.
LATE_S = 1.5
ENVELOPE_KEYS = {"response", "error", "error_description"}
TCP_ESTABLISHED = 1  # Linux's tcp_info.tcpi_state


# -- helpers ------------------------------------------------------------------------------------
def connect(server: LiveServer) -> socket.socket:
    sock = socket.create_connection((HOST, server.port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def exchange(server: LiveServer, data: bytes) -> bytes:
    """Send `data` on a new connection (as much as the server takes) and read to the end."""
    with connect(server) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        return read_all(sock)


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """The first response in `raw`: status, headers, body (by its Content-Length)."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", len(rest)))
    return int(status_line.split()[1]), headers, rest[:length]


def responses(raw: bytes) -> list[int]:
    """The statuses of every response in `raw`, in order."""
    statuses = []
    while raw:
        status, headers, _body = parse(raw)
        statuses.append(status)
        head_length = raw.index(b"\r\n\r\n") + 4
        raw = raw[head_length + int(headers["content-length"]) :]
    return statuses


def assert_envelope(raw: bytes, status: int, error: str) -> dict[str, object]:
    got, headers, body = parse(raw)
    assert got == status, raw[:300]
    assert headers["content-type"] == "application/json"
    assert headers["connection"] == "close"
    envelope = json.loads(body)
    assert set(envelope) == ENVELOPE_KEYS and envelope["response"] is None, envelope
    assert envelope["error"] == error and envelope["error_description"], envelope
    return envelope


def head(size: int, target: str = "/api/1/products", close: bool = True) -> bytes:
    """A GET request head of exactly `size` bytes (request line, headers, blank line)."""
    start = f"GET {target} HTTP/1.1\r\nHost: {HOST}\r\n{auth_line()}X-Pad: ".encode()
    end = b"\r\nConnection: close\r\n\r\n" if close else b"\r\n\r\n"
    padding = size - len(start) - len(end)
    assert padding >= 0
    return start + b"p" * padding + end


def auth_line() -> str:
    return f"Authorization: {OWNER['Authorization']}\r\n"


def url_of(size: int) -> str:
    """A request target of exactly `size` bytes, of no resource: the app answers 404."""
    start = "/api/1/no-such-resource/"
    return start + "u" * (size - len(start))


def timed(call: Callable[[], bytes]) -> tuple[bytes, float]:
    started = time.monotonic()
    raw = call()
    return raw, time.monotonic() - started


@pytest.fixture(scope="module")
def small_limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server with small byte limits, for the tests that do not wait."""
    server = start_server(
        tmp_path_factory.mktemp("small-limits"),
        f"--max-header-bytes={MAX_HEAD}",
        f"--max-url-bytes={MAX_URL}",
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def short_timeouts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server with 1 s header, body and idle timeouts."""
    server = start_server(
        tmp_path_factory.mktemp("short-timeouts"),
        f"--header-timeout={TIMEOUT_S}",
        f"--body-timeout={TIMEOUT_S}",
        f"--idle-timeout={TIMEOUT_S}",
    )
    yield server
    server.stop()


# -- request heads ------------------------------------------------------------------------------
def test_a_head_at_the_limit_is_served_and_one_byte_more_is_431(small_limits) -> None:
    assert parse(exchange(small_limits, head(MAX_HEAD)))[0] == 200
    envelope = assert_envelope(
        exchange(small_limits, head(MAX_HEAD + 1)), 431, "request_header_fields_too_large"
    )
    assert str(MAX_HEAD) in str(envelope["error_description"])
    # Two heads at the limit in one write (pipelined): each is measured on its own.
    raw = exchange(small_limits, head(MAX_HEAD, close=False) + head(MAX_HEAD))
    assert responses(raw) == [200, 200]
    # A head at the limit with its body in the same write: the body is not part of the head.
    body = json.dumps({"percent": 70}).encode()
    target = f"/api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit"
    start = (
        f"POST {target} HTTP/1.1\r\nHost: {HOST}\r\n{auth_line()}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nX-Pad: "
    ).encode()
    end = b"\r\nConnection: close\r\n\r\n"
    post = start + b"p" * (MAX_HEAD - len(start) - len(end)) + end
    assert len(post) == MAX_HEAD
    assert parse(exchange(small_limits, post + body))[0] == 200
    small_limits.still_serves()


def test_huge_headers_are_refused_without_being_buffered(small_limits) -> None:
    """The reported attack, scaled down: many multi-megabyte headers, then one of 40 MB."""
    for _ in range(3):
        small_limits.still_serves()  # warm: the first requests grow the heap anyway
    before = small_limits.rss_bytes()
    started = time.monotonic()
    for _ in range(20):
        raw = exchange(small_limits, b"GET / HTTP/1.1\r\nContent-Type: " + b"x" * 5_000_000)
        assert_envelope(raw, 431, "request_header_fields_too_large")
    raw = exchange(small_limits, b"GET / HTTP/1.1\r\nX-Big: " + b"x" * 40_000_000 + b"\r\n\r\n")
    assert_envelope(raw, 431, "request_header_fields_too_large")
    elapsed = time.monotonic() - started
    grown = small_limits.rss_bytes() - before
    assert grown < 20 * 1024 * 1024, f"RSS grew by {grown / 2**20:.1f} MiB"
    assert elapsed < 10, elapsed
    small_limits.still_serves()


def test_a_url_at_the_limit_is_served_and_one_byte_more_is_414(small_limits) -> None:
    response = httpx.get(small_limits.base_url + url_of(MAX_URL), headers=OWNER, timeout=5)
    assert response.status_code == 404, response.text  # the app's answer, not the limit's
    raw = exchange(small_limits, f"GET {url_of(MAX_URL + 1)} HTTP/1.1\r\n\r\n".encode())
    envelope = assert_envelope(raw, 414, "uri_too_long")
    assert str(MAX_URL) in str(envelope["error_description"])
    # A URL far beyond both limits, in one write: still 414, not 431.
    raw = exchange(small_limits, f"GET /{'u' * 100_000} HTTP/1.1\r\n\r\n".encode())
    assert_envelope(raw, 414, "uri_too_long")
    small_limits.still_serves()


# -- what the parser refuses ------------------------------------------------------------------
@pytest.mark.parametrize(
    "garbage",
    [
        b"HELLO\r\n\r\n",
        b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: twelve\r\n\r\n",
        b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n",  # uvicorn's own callback fails
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS client hello
    ],
    ids=["no-method", "no-colon", "bad-length", "non-ascii-path", "tls"],
)
def test_what_the_parser_refuses_is_answered_400_with_the_envelope(small_limits, garbage) -> None:
    raw = exchange(small_limits, garbage)
    assert_envelope(raw, 400, "invalid_request")
    small_limits.still_serves()


def test_garbage_after_a_request_does_not_overtake_its_answer(small_limits) -> None:
    raw = exchange(small_limits, head(200, close=False) + b"HELLO\r\n\r\n")
    assert responses(raw) == [200]  # then the connection closes: no answer in front of it


# -- slow and silent clients ----------------------------------------------------------------
def test_a_slow_head_within_the_timeout_is_served(short_timeouts) -> None:
    request = head(300)
    with connect(short_timeouts) as sock:
        sock.sendall(request[:100])
        for part in (request[100:200], request[200:]):  # the head ends at 0.6 s
            time.sleep(TIMEOUT_S * 0.3)
            sock.sendall(part)
        assert parse(read_all(sock))[0] == 200


def test_a_head_that_stalls_or_drips_is_cut_off_at_the_timeout(short_timeouts) -> None:
    partial = head(300)[:150]

    def stalled() -> bytes:
        with connect(short_timeouts) as sock:
            sock.sendall(partial)
            return read_all(sock)

    def dripping() -> bytes:
        """Slowloris: a byte every 0.2 s never ends the head, nor extends the timeout."""
        with connect(short_timeouts) as sock:
            sock.settimeout(0.2)
            for byte in partial:
                try:
                    sock.sendall(bytes([byte]))
                    if sock.recv(65536, socket.MSG_PEEK):
                        break
                except TimeoutError:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
            sock.settimeout(5)
            return read_all(sock)

    results: dict[str, tuple[bytes, float]] = {}
    threads = [
        threading.Thread(target=lambda f=f: results.__setitem__(f.__name__, timed(f)))
        for f in (stalled, dripping)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    short_timeouts.still_serves()  # meanwhile, others are served
    for thread in threads:
        thread.join(10)
    for name, (raw, elapsed) in results.items():
        assert TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + LATE_S, (name, elapsed)
        assert_envelope(raw, 408, "request_timeout")
    assert set(results) == {"stalled", "dripping"}


def test_a_body_within_the_timeout_is_served_and_half_a_body_is_cut_off(short_timeouts) -> None:
    body = json.dumps({"percent": 75}).encode()
    target = f"/api/1/vehicles/{PLUGGED_CAR}/command/set_charge_limit"
    request_head = (
        f"POST {target} HTTP/1.1\r\nHost: {HOST}\r\n{auth_line()}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()

    def late_body() -> bytes:
        with connect(short_timeouts) as sock:
            sock.sendall(request_head + body[:5])
            time.sleep(TIMEOUT_S * 0.6)
            sock.sendall(body[5:])
            return read_all(sock)

    def half_body() -> bytes:
        with connect(short_timeouts) as sock:
            sock.sendall(request_head + body[:5])
            return read_all(sock)

    results: dict[str, tuple[bytes, float]] = {}
    threads = [
        threading.Thread(target=lambda f=f: results.__setitem__(f.__name__, timed(f)))
        for f in (late_body, half_body)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    raw, _ = results["late_body"]
    assert parse(raw)[0] == 200, raw[:300]
    raw, elapsed = results["half_body"]
    assert TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + LATE_S, elapsed
    assert_envelope(raw, 408, "request_timeout")
    short_timeouts.still_serves()


def test_idle_connections_are_closed_at_the_idle_timeout(short_timeouts) -> None:
    def silent() -> bytes:  # never sends a request
        with connect(short_timeouts) as sock:
            return read_all(sock)

    def kept_alive() -> bytes:  # one request, then nothing
        with connect(short_timeouts) as sock:
            sock.sendall(head(200, close=False))
            return read_all(sock)

    results: dict[str, tuple[bytes, float]] = {}
    threads = [
        threading.Thread(target=lambda f=f: results.__setitem__(f.__name__, timed(f)))
        for f in (silent, kept_alive)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    raw, elapsed = results["silent"]
    assert raw == b"" and TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + LATE_S, elapsed
    raw, elapsed = results["kept_alive"]
    assert responses(raw) == [200] and TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + LATE_S


def test_a_client_that_takes_no_answers_is_cut_off(short_timeouts) -> None:
    """Slow reading: thousands of pipelined requests and no answer read. Once the server's
    send buffer stops draining for the body timeout, the connection is reset."""
    request = (
        f"GET /api/1/vehicles/{PLUGGED_CAR}/vehicle_data?endpoints=charge_state HTTP/1.1\r\n"
        f"Host: {HOST}\r\n{auth_line()}\r\n"
    ).encode()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(10)
    sock.connect((HOST, short_timeouts.port))
    try:
        sock.sendall(request * 20_000)  # about 2.6 MB; its answers about 44 MB
        # The server must first answer enough of them to fill the buffers: seconds of CPU on a
        # busy machine (make test runs twice as many workers as cores) before the timeout runs.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            # The state of the client's end (struct tcp_info), without reading: a reset
            # takes it out of ESTABLISHED.
            if sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] != TCP_ESTABLISHED:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the connection of a client that reads nothing stayed open")
    finally:
        sock.close()
    short_timeouts.still_serves()


def test_what_a_request_sends_after_its_head_is_bounded(small_limits) -> None:
    """Trailers without end (after a chunked body's last chunk): 413 after 1 MiB; and a
    body announced too large is answered (by the app) and no longer read after 1 MiB."""
    start = (
        f"POST /api/1/vehicles/{PLUGGED_CAR}/command/charge_start HTTP/1.1\r\nHost: {HOST}\r\n"
        f"{auth_line()}"
    ).encode()
    raw = exchange(
        small_limits,
        start + b"Transfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: " + b"t" * 3_000_000,
    )
    assert_envelope(raw, 413, "payload_too_large")
    raw = exchange(
        small_limits,
        start + b"Content-Length: 3000000\r\n\r\n" + b"b" * 3_000_000,
    )
    assert parse(raw)[0] == 413 and raw.count(b"HTTP/1.1") == 1
    small_limits.still_serves()


# -- many connections ---------------------------------------------------------------------------
def test_connections_beyond_the_cap_get_503_and_the_server_recovers(live_server) -> None:
    cap = 8
    server = live_server(f"--max-connections={cap}", "--idle-timeout=1")
    held = [connect(server) for _ in range(cap)]
    try:
        time.sleep(0.2)  # all accepted
        raw = exchange(server, b"")  # the one beyond the cap: answered without asking
        assert_envelope(raw, 503, "service_unavailable")
        response = httpx.get(f"{server.base_url}/api/1/products", headers=OWNER, timeout=5)
        assert response.status_code == 503
        assert set(response.json()) == ENVELOPE_KEYS
        # The connections within the cap are open and served.
        held[-1].sendall(head(200))
        assert parse(read_all(held[-1]))[0] == 200
        time.sleep(0.2)
        server.still_serves()  # one place freed: the next one is served
        time.sleep(1.0)  # the idle ones are closed at the idle timeout
        assert all(read_all(sock) == b"" for sock in held[:-1])
        server.still_serves()
    finally:
        for sock in held:
            sock.close()


def test_idle_sockets_beyond_the_open_file_limit_do_not_lock_clients_out(tmp_path) -> None:
    """The reported case (600 idle sockets with a 512-file limit), at the usual limit: 1300
    idle sockets with 1024 files. The cap is fitted to the limit, so the server refuses
    connections beyond it instead of running out of descriptors (then asyncio stops
    accepting for a second at a time, and the idle ones never left)."""
    port = free_port()
    stderr_path = tmp_path / "mock.stderr"

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tesla_mock", "--host", HOST, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            preexec_fn=limit_files,
        )
    server = LiveServer(process, port, stderr_path)
    sockets: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 20
        while not http_answers(HOST, port):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        assert "--max-connections lowered from 1000 to 512" in stderr_path.read_text()
        sockets = [socket.create_connection((HOST, port), timeout=5) for _ in range(1300)]
        # A new client is answered 503 (or, while 64 refusals are still being answered, its
        # connection is closed) at once: not left waiting for a descriptor.
        raw, elapsed = timed(lambda: exchange(server, head(200)))
        assert elapsed < 0.5, elapsed
        if raw:
            assert_envelope(raw, 503, "service_unavailable")
        for sock in sockets:
            sock.close()
        time.sleep(0.3)
        server.still_serves()
        assert "out of system resource" not in stderr_path.read_text()
    finally:
        for sock in sockets:
            sock.close()
        server.stop()


# -- the command line ------------------------------------------------------------------------
def one_line_error(status: int | str | None, stderr: str, *words: str) -> str:
    """Exit status 2 and one `tesla-mock: error:` line on stderr holding `words`."""
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("tesla-mock: error: "), stderr
    for word in words:
        assert word in stderr, stderr
    return stderr


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str, str]:
    """`tesla_mock.cli.main(args)` in this process, to its SystemExit (it must not serve)."""
    from tesla_mock import cli

    def serve(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("main() went on to serve")

    with pytest.MonkeyPatch.context() as patch, pytest.raises(SystemExit) as exit_info:
        patch.setattr(cli, "serve", serve)
        cli.main(args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_a_public_host_with_the_default_admin_token_is_refused(capsys, monkeypatch) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TESLA_MOCK_")}
    done = subprocess.run(
        [sys.executable, "-m", "tesla_mock", "--host", "0.0.0.0", "--port", "1"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=30,
    )
    line = one_line_error(done.returncode, done.stderr, "refusing", "default admin token")
    assert "--admin-token" in line and "--allow-default-admin-token-on-public-host" in line
    assert done.stdout == ""
    for name in [k for k in os.environ if k.startswith("TESLA_MOCK_")]:
        monkeypatch.delenv(name)
    status, out, err = run_main(["--host", "::", "--port", "1"], capsys)
    one_line_error(status, err, "refusing", "::")
    assert out == ""


def test_a_missing_or_bad_fleet_file_is_one_line(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "missing.yaml"
    status, _, err = run_main(["--fleet", str(missing), "--port", "1"], capsys)
    one_line_error(status, err, str(missing), "No such file")
    bad = tmp_path / "bad.yaml"
    bad.write_text("accounts: [\n  {name: x\n")
    status, _, err = run_main(["--fleet", str(bad), "--port", "1"], capsys)
    one_line_error(status, err, str(bad), "YAML")


def test_a_bad_number_in_the_environment_is_a_usage_error(capsys, monkeypatch) -> None:
    monkeypatch.setenv("TESLA_MOCK_PORT", "abc")
    status, _, err = run_main([], capsys)
    assert status == 2 and "Traceback" not in err
    assert "--port" in err and "TESLA_MOCK_PORT" in err and "'abc'" in err, err
    assert parse_port_from_command_line() == 4011  # the command line wins over it
    monkeypatch.setenv("TESLA_MOCK_MAX_HEADER_BYTES", "0")
    status, _, err = run_main(["--port", "4011"], capsys)
    assert status == 2 and "--max-header-bytes" in err and "TESLA_MOCK_MAX_HEADER_BYTES" in err


def parse_port_from_command_line() -> int:
    from tesla_mock.cli import parse_args

    return int(parse_args(["--port", "4011"]).port)
