"""KeptAliveTransport, the servers' sync transport for plain http: it answers as httpx's own
transport does, keeps connections alive and drops them when they are no longer good, and
fails with httpx's exceptions."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from typing import Any

import httpx
import pytest
from tesla_mock import MockVehicleServer, start_server
from tesla_mock.testing.ports import LOOPBACK_HOST, bound_socket, free_port
from tesla_mock.testing.transports import KeptAliveTransport

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockVehicleServer]:
    with start_server("loopback", admin_token="transport-admin-token") as server:
        yield server


def client(transport: httpx.BaseTransport, base_url: str, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=base_url, transport=transport, trust_env=False, **kwargs)


def transport_for(url: str, **kwargs: Any) -> KeptAliveTransport:
    host, port = url.removeprefix("http://").split(":")
    return KeptAliveTransport(host, int(port), **kwargs)


def chunks() -> Iterator[bytes]:  # a streamed body: httpx sends it chunked
    yield b'{"name": '
    yield b"12}"


# Requests that change nothing on the server, answered 2xx to 4xx.
REQUESTS: dict[str, Callable[[httpx.Client], httpx.Response]] = {
    "get": lambda http: http.get("/__mock/fleet"),
    "query": lambda http: http.get("/__mock/vehicles/1/journal", params={"limit": "x y"}),
    "not found": lambda http: http.get("/__mock/accounts/nobody"),
    "bad json body": lambda http: http.post("/__mock/accounts", json={"name": "a b"}),
    "chunked body": lambda http: http.post("/__mock/accounts", content=chunks()),
    "method not allowed": lambda http: http.put("/__mock/fleet"),
    "no token": lambda http: http.get("/api/1/vehicles", headers={"Authorization": ""}),
    "head": lambda http: http.head("/__mock/fleet"),
}


@pytest.mark.parametrize("request_", REQUESTS.values(), ids=REQUESTS.keys())
def test_answers_as_httpx_transport_does(mock: MockVehicleServer, request_: Any) -> None:
    headers = {"Authorization": f"Bearer {mock.admin_token}"}
    answers = []
    for transport in (transport_for(mock.base_url), httpx.HTTPTransport()):
        with client(transport, mock.base_url, headers=headers) as http:
            answer = request_(http)
        answers.append(
            (
                answer.status_code,
                answer.reason_phrase,
                answer.http_version,
                [(k, v) for k, v in answer.headers.multi_items() if k != "date"],
                answer.content,
            )
        )
    kept_alive, plain = answers
    assert kept_alive == plain


@contextmanager
def raw_server(answer: Callable[[socket.socket, int], None]) -> Iterator[tuple[str, list[int]]]:
    """A TCP server on loopback calling `answer(connection, number)` for each connection it
    accepts; yields its base URL and the list of connection numbers so far."""
    listener = bound_socket()
    listener.listen()
    accepted: list[int] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed: the test is over
            accepted.append(len(accepted) + 1)
            threading.Thread(target=answer, args=(connection, len(accepted)), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    with closing(listener):
        yield f"http://{LOOPBACK_HOST}:{listener.getsockname()[1]}", accepted


def read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        more = connection.recv(65536)
        if not more:
            return b""
        data += more
    return data


def answer_each_request(reply: bytes, then_close: bool = False) -> Callable[..., None]:
    def answer(connection: socket.socket, _number: int) -> None:
        with connection:
            while read_request(connection):
                connection.sendall(reply)
                if then_close:
                    return

    return answer


def test_one_connection_serves_request_after_request() -> None:
    with raw_server(answer_each_request(OK)) as (url, accepted):
        with client(transport_for(url), url) as http:
            assert [http.get(f"/{n}").text for n in range(3)] == ["ok"] * 3
        assert accepted == [1]


@pytest.mark.parametrize(
    ("reply", "then_close", "options"),
    [
        (OK, True, {}),  # the server closed it after answering
        (OK.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1), False, {}),  # said so
        (OK, False, {"keepalive_expiry": 0.0}),  # idle too long
    ],
    ids=["closed by the server", "connection close", "expired"],
)
def test_a_connection_that_is_no_longer_good_is_replaced(
    reply: bytes, then_close: bool, options: dict[str, float]
) -> None:
    with raw_server(answer_each_request(reply, then_close)) as (url, accepted):
        with client(transport_for(url, **options), url) as http:
            first = http.get("/1")
            assert first.text == "ok"
            threading.Event().wait(0.05)  # the server's close arrives
            assert http.get("/2").text == "ok"
        assert accepted == [1, 2]


def test_threads_share_it() -> None:
    with raw_server(answer_each_request(OK)) as (url, accepted):
        with client(transport_for(url, max_idle=2), url) as http, ThreadPoolExecutor(4) as pool:
            texts = list(pool.map(lambda n: http.get(f"/{n}").text, range(40)))
        assert texts == ["ok"] * 40
        assert 1 <= len(accepted) <= 40


def stream_on_the_first_connection(release: threading.Event) -> Callable[..., None]:
    """The first connection's answer: a chunked body, its second chunk sent once `release`
    is set; every other request is answered OK."""

    def answer(connection: socket.socket, number: int) -> None:
        if number == 1:
            read_request(connection)
            head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            connection.sendall(head + b"5\r\nfirst\r\n")
            release.wait(5)
            connection.sendall(b"4\r\nlast\r\n0\r\n\r\n")
        answer_each_request(OK)(connection, number)

    return answer


def test_a_streamed_body_arrives_as_the_server_sends_it() -> None:
    release = threading.Event()
    with raw_server(stream_on_the_first_connection(release)) as (url, accepted):
        with client(transport_for(url), url) as http:
            with http.stream("GET", "/") as response:
                chunks = response.iter_raw()
                assert next(chunks) == b"first"  # while the server holds back the rest
                release.set()
                assert b"".join(chunks) == b"last"
            assert http.get("/again").text == "ok"
        assert accepted == [1]  # read to its end: the connection served the next request


def test_a_body_left_unread_is_not_taken_for_the_next_answer() -> None:
    release = threading.Event()
    with raw_server(stream_on_the_first_connection(release)) as (url, accepted):
        with client(transport_for(url), url) as http:
            with http.stream("GET", "/") as response:
                assert next(response.iter_raw()) == b"first"
            release.set()
            assert http.get("/again").text == "ok"
        assert accepted == [1, 2]


def never_answer(connection: socket.socket, _number: int) -> None:
    read_request(connection)
    threading.Event().wait(2)
    connection.close()


def hang_up(connection: socket.socket, _number: int) -> None:
    read_request(connection)
    connection.close()


def garble(connection: socket.socket, _number: int) -> None:
    read_request(connection)
    connection.sendall(b"SMTP ready\r\n\r\n")
    connection.close()


@pytest.mark.parametrize(
    ("answer", "failure"),
    [
        (never_answer, httpx.ReadTimeout),
        (hang_up, httpx.RemoteProtocolError),
        (garble, httpx.RemoteProtocolError),
    ],
    ids=["no answer in time", "hung up", "not http"],
)
def test_failures_are_httpx_exceptions(answer: Callable[..., None], failure: type) -> None:
    with (
        raw_server(answer) as (url, _),
        client(transport_for(url), url, timeout=0.3) as http,
        pytest.raises(failure),
    ):
        http.get("/")


def test_nobody_listening_is_a_connect_error() -> None:
    url = f"http://{LOOPBACK_HOST}:{free_port()}"
    with client(transport_for(url), url) as http, pytest.raises(httpx.ConnectError):
        http.get("/")
