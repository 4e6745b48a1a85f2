"""The per-test handle: a fresh account with its own vehicles on a mock vehicle server
(`open_account`), and what a test gets to use it (`TeslaMock`)."""

from __future__ import annotations

import itertools
import os
import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tesla_mock.testing.admin import MockAdminError, ScopedAdmin
from tesla_mock.testing.servers import MockVehicleServer, close_client

if TYPE_CHECKING:  # the SDK is imported when a test first asks for a client
    from tesla_charging_client import AuthenticatedClient

_ACCOUNT_NUMBERS = itertools.count(1)

# Each test's vehicles unless its marker says otherwise: one that can charge, one that cannot.
DEFAULT_VEHICLES: tuple[Mapping[str, Any], ...] = (
    {"display_name": "Plugged-in car", "plugged_in": True, "battery_level": 50},
    {"display_name": "Unplugged car", "plugged_in": False, "battery_level": 70},
)


@dataclass(repr=False)  # the generated repr shows every client's settings: a screenful
class TeslaMock:
    """One test's view of the mock vehicle: its account, token, vehicles and clients.

    Attributes:
        client: an `AuthenticatedClient` for `token`, for sync and async SDK calls. It is
            closed after the test; do not enter it (`with`) or rebuild it (`with_headers`),
            use `client_for` for another token.
        token: the account's bearer token.
        account: the account's name (unique per test).
        vehicles: the `id_s` of the account's vehicles, in the order they were configured
            (by default: a car plugged in, then one unplugged).
        vins: their VINs, in the same order.
        base_url: the server's URL (`http://tesla-mock.invalid` in-process: only clients made
            here reach it; use the loopback transport for code that opens its own).
        admin: the admin API, scoped to this test (see `ScopedAdmin`).
        server: the server itself (`server.admin` is its unscoped admin API).
        private: whether the server is this test's alone.
    """

    client: AuthenticatedClient
    token: str
    account: str
    vehicles: list[str]
    vins: list[str]
    base_url: str
    admin: ScopedAdmin
    server: MockVehicleServer
    private: bool
    _clients: list[AuthenticatedClient] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        cars = ", ".join(self.vehicles) or "no vehicles"
        server = f"{'private ' if self.private else ''}{self.server!r}"
        return f"<TeslaMock {self.account} ({cars}) on {server}>"

    def client_for(self, token: str) -> AuthenticatedClient:
        """Another SDK client on this server, with any token (e.g. a revoked or made-up one)."""
        client = self.server.sdk_client(token)
        self._clients.append(client)
        return client

    def _close_clients(self) -> None:
        for client in [self.client, *self._clients]:
            close_client(client)


def unique_account_name(test_name: str) -> str:
    """An account name for a test: unique across xdist workers and sessions, and readable in
    the server's fleet (worker, number, test name)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name)[:32]
    return f"{worker}-{next(_ACCOUNT_NUMBERS)}-{test}-{uuid.uuid4().hex[:8]}"


@contextmanager
def open_account(
    server: MockVehicleServer,
    *,
    vehicles: Sequence[Mapping[str, Any]] = DEFAULT_VEHICLES,
    name: str | None = None,
    private: bool = False,
) -> Iterator[TeslaMock]:
    """A fresh account with `vehicles` on `server`, deleted on exit: what one test gets.

    The fixture uses this; call it directly for several accounts in one test.
    """
    name = name or f"tesla-mock-{uuid.uuid4().hex[:12]}"
    admin = server.admin
    token = admin.create_account(name)["tokens"][0]
    try:
        states = [admin.create_vehicle(name, **config) for config in vehicles]
        ids = [str(state["id"]) for state in states]
        mock = TeslaMock(
            client=server.sdk_client(token),
            token=token,
            account=name,
            vehicles=ids,
            vins=[state["vin"] for state in states],
            base_url=server.base_url,
            admin=server.scoped_admin(ids, private=private),
            server=server,
            private=private,
        )
        try:
            yield mock
        finally:
            mock._close_clients()
    finally:
        try:
            admin.delete_account(name)  # its vehicles, their faults and journals go with it
        except MockAdminError as exc:
            if exc.status != 404:  # the test deleted it itself
                raise
