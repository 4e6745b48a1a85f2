"""What a server builds once and every test borrows: transports, connection pools, SSL contexts.

A test's own objects (its account, token, cars, clients, scoped admin) are made per test and
cheap; the transports behind its clients are the server's. These tests hold the promise from
both sides: nothing costly is built per test, and nothing one test does to what it borrowed
reaches the next test.
"""

from __future__ import annotations

import asyncio
import gc
import os
import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from tesla_charging_client.api.vehicles import get_vehicle, list_vehicles
from tesla_mock import TRANSPORTS, ExternalServer, MockVehicleServer, open_account, start_server
from tesla_mock.testing.servers import close_async_client
from tesla_mock.testing.transports import proxy_for, ssl_context_for

SERVERS = [*TRANSPORTS, "external"]


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> Iterator[MockVehicleServer]:
    """A fresh server of each kind; "external" is a loopback one reached by its URL only."""
    if request.param == "external":
        with (
            start_server("loopback") as running,
            ExternalServer(running.base_url, running.admin_token) as external,
        ):
            yield external
    else:
        with start_server(request.param) as running:
            yield running


def one_call_each_way(client: Any, car: str) -> tuple[int, int]:
    """A sync and an async SDK call (the async one on an event loop of its own)."""
    sync = get_vehicle.sync_detailed(car, client=client).status_code
    async_ = asyncio.run(get_vehicle.asyncio_detailed(car, client=client)).status_code
    return sync, async_


class Built:
    """Counts what is constructed while it is installed: transports and SSL contexts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: dict[str, int] = {}
        for cls in (httpx.HTTPTransport, httpx.AsyncHTTPTransport, httpx.ASGITransport):
            self._count_calls(monkeypatch, cls, "__init__", cls.__name__)
        self._count_calls(monkeypatch, ssl, "create_default_context", "CA bundle")

    def _count_calls(
        self, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, key: str
    ) -> None:
        original = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[key] = self.counts.get(key, 0) + 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


def test_tests_after_the_first_build_no_transport_and_no_ssl_context(
    server: MockVehicleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_account(server) as first:  # builds the server's transports
        assert one_call_each_way(first.client, first.vehicles[0]) == (200, 200)
    built = Built(monkeypatch)
    for _ in range(3):
        with open_account(server) as mock:
            assert one_call_each_way(mock.client, mock.vehicles[0]) == (200, 200)
            other = mock.client_for(mock.token)
            assert one_call_each_way(other, mock.vehicles[1]) == (200, 200)
            assert mock.server.http_client(mock.token).get("/api/1/vehicles").status_code == 200
    assert built.counts == {}


def test_a_plain_http_server_never_loads_a_ca_bundle(
    server: MockVehicleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> ssl.SSLContext:
        raise AssertionError("a CA bundle was loaded for a plain http:// server")

    monkeypatch.setattr(ssl, "create_default_context", refuse)
    monkeypatch.setattr(httpx, "create_ssl_context", refuse)
    with open_account(server) as mock:
        assert one_call_each_way(mock.client, mock.vehicles[0]) == (200, 200)


def test_ssl_contexts_are_built_once_and_only_https_trusts_authorities() -> None:
    plain = ssl_context_for("http://127.0.0.1:4010")
    assert plain is ssl_context_for("http://mock.example:80")
    assert plain.cert_store_stats()["x509_ca"] == 0
    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.check_hostname  # TLS would fail

    secure = ssl_context_for("https://mock.example")
    assert secure is ssl_context_for("https://other.example:8443")
    assert secure.cert_store_stats()["x509_ca"] > 0
    assert secure.verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("environment", "url", "proxy"),
    [
        ({}, "http://mock.example:4010", None),
        ({"HTTP_PROXY": "http://proxy:3128"}, "http://mock.example:4010", "http://proxy:3128"),
        ({"HTTP_PROXY": "http://proxy:3128"}, "http://127.0.0.1:4010", None),
        ({"HTTP_PROXY": "http://proxy:3128"}, "http://localhost:4010", None),
        (
            {"HTTP_PROXY": "http://proxy:3128", "NO_PROXY": "mock.example"},
            "http://mock.example",
            None,
        ),
        ({"HTTPS_PROXY": "http://proxy:3129"}, "https://mock.example", "http://proxy:3129"),
        ({"HTTPS_PROXY": "http://proxy:3129"}, "http://mock.example", None),
        ({"ALL_PROXY": "http://proxy:3130"}, "http://mock.example", "http://proxy:3130"),
    ],
)
def test_the_environments_proxy_is_used_as_httpx_would_but_never_for_loopback(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], url: str, proxy: str | None
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert proxy_for(url) == proxy


def test_a_client_kept_after_its_test_refuses_and_its_token_is_gone(
    server: MockVehicleServer,
) -> None:
    with open_account(server) as gone:
        pass
    car = gone.vehicles[0]
    with pytest.raises(RuntimeError, match="closed"):
        get_vehicle.sync_detailed(car, client=gone.client)
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(get_vehicle.asyncio_detailed(car, client=gone.client))
    with open_account(server) as next_test:
        stale = next_test.client_for(gone.token)
        assert list_vehicles.sync_detailed(client=stale).status_code == 401
        assert one_call_each_way(next_test.client, next_test.vehicles[0]) == (200, 200)


def test_closing_or_entering_a_tests_clients_leaves_the_server_usable(
    server: MockVehicleServer,
) -> None:
    with open_account(server) as first:
        with first.client:  # closes its sync httpx client on the way out
            assert get_vehicle.sync_detailed(first.vehicles[0], client=first.client).parsed
        asyncio.run(first.client.get_async_httpx_client().aclose())
        server.http_client(first.token).close()
        server.async_http_client(first.token)  # left open: it holds nothing
        assert server.admin.account(first.account)["name"] == first.account
    with open_account(server) as second:
        assert one_call_each_way(second.client, second.vehicles[0]) == (200, 200)
        assert server.admin.fleet()["accounts"][-1]["name"] == second.account


def test_what_one_test_sets_on_its_clients_stays_with_them(server: MockVehicleServer) -> None:
    with open_account(server) as first:
        sync = first.client.get_httpx_client()
        sync.headers["Authorization"] = "Bearer someone-else"
        sync.cookies.set("left_behind", "yes")
        first.client.get_async_httpx_client().headers["X-Left-Behind"] = "yes"
    with open_account(server) as second:
        sync = second.client.get_httpx_client()
        async_ = second.client.get_async_httpx_client()
        assert sync.headers["Authorization"] == async_.headers["Authorization"]
        assert sync.headers["Authorization"] == f"Bearer {second.token}"
        assert not sync.cookies and "X-Left-Behind" not in async_.headers


def test_an_async_client_made_elsewhere_is_not_closed_half_way() -> None:
    class WaitingTransport(httpx.AsyncBaseTransport):
        async def aclose(self) -> None:
            await asyncio.sleep(0)

    client = httpx.AsyncClient(transport=WaitingTransport())
    with pytest.raises(RuntimeError, match="not a client of a MockVehicleServer"):
        close_async_client(client)
    asyncio.run(client.aclose())


def test_in_process_a_sync_call_works_inside_a_running_event_loop() -> None:
    with start_server("in-process") as server, open_account(server) as mock:
        car = mock.vehicles[0]

        async def a_sync_call_in_an_async_test() -> int:
            return get_vehicle.sync_detailed(car, client=mock.client).status_code

        assert asyncio.run(a_sync_call_in_an_async_test()) == 200
        assert get_vehicle.sync_detailed(car, client=mock.client).status_code == 200


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_in_process_threads_calling_leave_no_event_loop_behind() -> None:
    with start_server("in-process") as server, open_account(server) as mock:
        car = mock.vehicles[0]

        def call() -> int:
            return get_vehicle.sync_detailed(car, client=mock.client).status_code

        with ThreadPoolExecutor(4) as pool:  # the pool's threads are made before counting
            assert list(pool.map(lambda _: call(), range(4))) == [200] * 4
        gc.collect()
        before = open_descriptors()
        for _ in range(3):
            with ThreadPoolExecutor(4) as pool:
                assert list(pool.map(lambda _: call(), range(12))) == [200] * 12
        gc.collect()
        assert open_descriptors() <= before  # each loop holds 3: a selector and its self-pipe
