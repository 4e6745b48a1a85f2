"""pytest plugin: test your code against a mock Tesla vehicle, one private account per test.

Installed with this package (entry point `pytest11: tesla_mock`), so the fixture is available
to every test once `tesla-mock-vehicle` is installed:

    def test_charge_limit(tesla_mock):
        car = tesla_mock.vehicles[0]                 # plugged in, online
        answer = set_charge_limit.sync(car, client=tesla_mock.client,
                                       body=SetChargeLimitRequest(percent=90))
        assert tesla_mock.admin.vehicle_state(car)["charge_limit_soc"] == 90

What each test gets (`tesla_mock`, a `TeslaMock`):

* its own account with a fresh token and its own vehicles (by default one car plugged in and one
  unplugged), created through the admin API before the test and deleted after it;
* `.client`, a ready `tesla_charging_client.AuthenticatedClient` for that token, usable with the
  sync and the async functions of the SDK;
* `.admin`, typed helpers over the admin API (raw state, clock, faults, journal), scoped to the
  test: faults default to the test's own vehicle.

Servers. By default one in-process server per session (per pytest-xdist worker): no socket, no
port, no files. `@pytest.mark.tesla_mock(transport="loopback")` (or `--tesla-mock-transport
loopback`) serves it with uvicorn on a free 127.0.0.1 port instead, for code that opens its own
connections. `--tesla-mock-url URL --tesla-mock-admin-token TOKEN` uses a server that is already
running, shared by every xdist worker; the per-test accounts keep tests apart.

What is shared. Accounts, tokens, vehicles, vehicle faults and journals belong to one test. The
simulated clock, scenarios (`load_scenario`, `reset`) and faults on every request belong to the
whole server: on a shared server the test's `admin` refuses them (`SharedServerError`). A test
that needs them asks for a server of its own, which may also start frozen at a fixed time:

    @pytest.mark.tesla_mock(private=True, frozen=True, start=1_732_435_200)
    def test_full_charge(tesla_mock):
        ...
        tesla_mock.admin.advance_clock(hours=2)

Marker `tesla_mock(...)` arguments (on a test, class or module):

    transport="in-process" | "loopback"   where the server runs (default: the option)
    vehicles=[{...}, ...]                  the test's vehicles, each a `VehicleConfig` of the
                                           admin API (spec/mock-admin.yaml); [] for none
    private=True                           a fresh server for this test only; then also:
    scenario={...}                         its fleet besides the test's account (default: none)
    start=<epoch seconds | aware datetime> its simulated time at start (default: now)
    frozen=True                            its clock stands still until advanced
    time_scale=60.0                        its simulated seconds per real second
    validate_responses=False               its response validation (default: the ini option)
    flavor="proxy"                         answer as the Fleet API ("fleet", the default), the
                                           Owner API ("owner") or Tesla's vehicle-command
                                           proxy ("proxy"; docs/command-rules.md)
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import secrets
import threading
import uuid
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import httpx
import pytest

from mockserver.specs import ADMIN_BASE_PATH
from mockserver.testing.ports import LOOPBACK_HOST, serve_in_thread

if TYPE_CHECKING:  # the server and the SDK are imported when a test first asks for them
    from anyio.from_thread import BlockingPortal
    from tesla_charging_client import AuthenticatedClient

Transport = Literal["in-process", "loopback"]
TRANSPORTS: tuple[Transport, ...] = ("in-process", "loopback")
IN_PROCESS_BASE_URL = "http://tesla-mock.invalid"  # never resolved: requests go to the app
SERVER_START_TIMEOUT_S = 30.0

# Each test's vehicles unless its marker says otherwise: one that can charge, one that cannot.
DEFAULT_VEHICLES: tuple[Mapping[str, Any], ...] = (
    {"display_name": "Plugged-in car", "plugged_in": True, "battery_level": 50},
    {"display_name": "Unplugged car", "plugged_in": False, "battery_level": 70},
)
PRIVATE_ONLY_OPTIONS = (
    "scenario",
    "start",
    "frozen",
    "time_scale",
    "validate_responses",
    "flavor",
)
MARKER_OPTIONS = ("transport", "vehicles", "private", *PRIVATE_ONLY_OPTIONS)


class MockAdminError(Exception):
    """The admin API answered with an error; `status`, `error` and `description` say which."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"admin API answered {status} {error}: {description}".rstrip(": "))
        self.status = status
        self.error = error
        self.description = description


class SharedServerError(RuntimeError):
    """A server-wide change was asked for on a server that other tests share."""


# -- servers --------------------------------------------------------------------------------
class MockServer:
    """A running mock vehicle server: where it is and how to talk to it.

    `app` is the connexion application when this process runs it (in-process and loopback
    servers), None for an external server. Close with `close()` (idempotent).
    """

    base_url: str
    admin_token: str
    app: Any = None
    transport: str

    def __init__(self) -> None:
        self._admin: MockAdmin | None = None
        self._stack = ExitStack()

    def http_client(self, token: str | None = None) -> httpx.Client:
        """A sync httpx client for this server, sending `token` as bearer token if given."""
        return httpx.Client(base_url=self.base_url, headers=_bearer(token), **self._sync_args())

    def async_http_client(self, token: str | None = None) -> httpx.AsyncClient:
        """An async httpx client for this server, sending `token` as bearer token if given."""
        return httpx.AsyncClient(
            base_url=self.base_url, headers=_bearer(token), **self._async_args()
        )

    def sdk_client(self, token: str) -> AuthenticatedClient:
        """A `tesla_charging_client.AuthenticatedClient` for `token`, sync and async ready.

        The caller closes its httpx clients (`TeslaMock` does). Undocumented statuses raise
        `UnexpectedStatus`: from the mock they are bugs worth seeing.
        """
        from tesla_charging_client import AuthenticatedClient

        client = AuthenticatedClient(
            base_url=self.base_url, token=token, raise_on_unexpected_status=True
        )
        client.set_httpx_client(self.http_client(token))
        client.set_async_httpx_client(self.async_http_client(token))
        return client

    @property
    def admin(self) -> MockAdmin:
        """The whole server's admin API (unscoped: changes here can affect every test)."""
        if self._admin is None:
            self._admin = MockAdmin(self._stack.enter_context(self.http_client(self.admin_token)))
        return self._admin

    def close(self) -> None:
        self._stack.close()

    def _sync_args(self) -> dict[str, Any]:
        return {}

    def _async_args(self) -> dict[str, Any]:
        # No kept-alive connections: an async client may be used from one event loop after
        # another (asyncio.run per call), and a pooled connection belongs to its first loop.
        return {"limits": httpx.Limits(max_keepalive_connections=0)}

    def __enter__(self) -> MockServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"


class InProcessServer(MockServer):
    """The app in this process; no socket. Sync requests run on one event loop in a helper
    thread (like starlette's TestClient), async requests on the caller's own loop."""

    transport = "in-process"

    def __init__(self, app: Any, admin_token: str) -> None:
        from anyio.from_thread import start_blocking_portal

        super().__init__()
        self.app = app
        self.admin_token = admin_token
        self.base_url = IN_PROCESS_BASE_URL
        self._portal = self._stack.enter_context(start_blocking_portal())

    def _sync_args(self) -> dict[str, Any]:
        return {"transport": _PortalTransport(self.app, self._portal)}

    def _async_args(self) -> dict[str, Any]:
        return {"transport": httpx.ASGITransport(app=self.app, raise_app_exceptions=False)}


class LoopbackServer(MockServer):
    """The app served by uvicorn in a background thread on a free 127.0.0.1 port."""

    transport = "loopback"

    def __init__(self, app: Any, admin_token: str) -> None:
        super().__init__()
        self.app = app
        self.admin_token = admin_token
        self.base_url = self._stack.enter_context(
            serve_in_thread(app, LOOPBACK_HOST, timeout=SERVER_START_TIMEOUT_S)
        )


class ExternalServer(MockServer):
    """A server started elsewhere (`python -m mockserver`, a container, ...)."""

    transport = "external"

    def __init__(self, base_url: str, admin_token: str) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token


def start_server(
    transport: Transport = "in-process",
    *,
    scenario: Mapping[str, Any] | None = None,
    start: float | datetime | None = None,
    frozen: bool = False,
    time_scale: float = 1.0,
    validate_responses: bool = True,
    admin_token: str | None = None,
    flavor: str = "fleet",
) -> MockServer:
    """A new mock vehicle server in this process; close it (or use it as a context manager).

    `scenario` is its fleet (default: no accounts); `start`, `frozen` and `time_scale` set its
    simulated clock; the admin token is random unless given; `flavor` is the server it
    answers as (fleet, owner or proxy).
    """
    if transport not in TRANSPORTS:
        raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
    with warnings.catch_warnings():  # the mock's dependencies warn about themselves on import
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from mockserver.app import create_app
    from mockserver.clock import SimClock
    from mockserver.flavors import Flavor

    if isinstance(start, datetime):
        if start.tzinfo is None:
            raise ValueError("start: give an aware datetime (with tzinfo) or epoch seconds")
        start = start.timestamp()
    admin_token = admin_token or secrets.token_urlsafe(24)
    app = create_app(
        scenario=dict(scenario) if scenario is not None else {"accounts": []},
        admin_token=admin_token,
        validate_responses=validate_responses,
        swagger_ui=False,
        clock=SimClock(start=start, time_scale=time_scale, frozen=frozen),
        flavor=Flavor(flavor),
    )
    server_class = InProcessServer if transport == "in-process" else LoopbackServer
    return server_class(app, admin_token)


class _PortalTransport(httpx.BaseTransport):
    """A sync httpx transport that runs an ASGI app on a blocking portal's event loop."""

    def __init__(self, app: Any, portal: BlockingPortal) -> None:
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body becomes a ByteStream, readable by the async transport
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        body = await response.aread()
        # A stream rather than `content=`: the headers stay exactly as the app sent them.
        return httpx.Response(
            response.status_code, headers=response.headers, stream=httpx.ByteStream(body)
        )


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


# -- admin API --------------------------------------------------------------------------------
class MockAdmin:
    """The admin API (spec/mock-admin.yaml) of one server, over HTTP.

    Every method raises `MockAdminError` when the server answers with an error. Vehicle ids
    are the vehicle's `id_s` or its VIN. Results are the JSON the admin API documents.
    """

    def __init__(self, http: httpx.Client) -> None:
        """`http`: an httpx client with the server's base URL and the admin bearer token."""
        self._http = http

    # fleet
    def fleet(self) -> dict[str, Any]:
        """Every account with its tokens and vehicle ids (`Fleet`)."""
        return self._object("GET", "/fleet")

    def reset(self) -> dict[str, Any]:
        """Back to the start-up fleet; clears faults and journals; the clock runs again."""
        return self._object("POST", "/reset")

    def load_scenario(self, scenario: Mapping[str, Any] | str) -> dict[str, Any]:
        """Replace the whole fleet with `scenario` (a mapping, or YAML text)."""
        if isinstance(scenario, str):
            headers = {"Content-Type": "application/yaml"}
            return self._object("POST", "/scenario", content=scenario, headers=headers)
        return self._object("POST", "/scenario", json=dict(scenario))

    def create_account(self, name: str | None = None, token: str | None = None) -> dict[str, Any]:
        """A new account with one token (both generated when omitted); its `Account`."""
        return self._object("POST", "/accounts", json=_present(name=name, token=token))

    def delete_account(self, name: str) -> None:
        """Delete an account with its tokens, vehicles, their faults and journals."""
        self._call("DELETE", f"/accounts/{name}")

    def create_token(self, account: str, token: str | None = None) -> str:
        """Issue another token for `account` (generated when omitted)."""
        body = self._object("POST", f"/accounts/{account}/tokens", json=_present(token=token))
        return str(body["token"])

    def revoke_token(self, account: str, token: str) -> None:
        """The token stops working at once."""
        self._call("DELETE", f"/accounts/{account}/tokens/{token}")

    def create_vehicle(self, account: str, **config: Any) -> dict[str, Any]:
        """Give `account` a vehicle with `config` (a `VehicleConfig`); its raw state."""
        return self._object("POST", f"/accounts/{account}/vehicles", json=config)

    def delete_vehicle(self, vehicle_id: str) -> None:
        """Remove a vehicle, with its journal and faults."""
        self._call("DELETE", f"/vehicles/{vehicle_id}")

    # vehicle state
    def vehicle_state(self, vehicle_id: str) -> dict[str, Any]:
        """The vehicle's raw state (`VehicleConfig` plus read-only fields) at simulated now."""
        return self._object("GET", f"/vehicles/{vehicle_id}/state")

    def set_state(self, vehicle_id: str, **fields: Any) -> dict[str, Any]:
        """Change raw-state fields (`VehiclePatch`: plugged_in=True, state="asleep", ...);
        returns the raw state after the change."""
        return self._object("PATCH", f"/vehicles/{vehicle_id}/state", json=fields)

    # journal
    def journal(
        self,
        vehicle_id: str,
        *,
        method: str | None = None,
        path_contains: str | None = None,
        status: int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """The vehicle API requests that named this vehicle, oldest first (`JournalEntry`s:
        method, path, query, content_type, body, status, time), optionally filtered."""
        params = _present(method=method, path_contains=path_contains, status=status, limit=limit)
        entries: list[dict[str, Any]] = self._object(
            "GET", f"/vehicles/{vehicle_id}/journal", params=params
        )["entries"]
        return entries

    def clear_journal(self, vehicle_id: str) -> None:
        """Forget the requests recorded so far for this vehicle."""
        self._call("DELETE", f"/vehicles/{vehicle_id}/journal")

    # clock
    def clock(self) -> dict[str, Any]:
        """The simulated clock: `now` (epoch seconds), `frozen`, `time_scale`."""
        return self._object("GET", "/clock")

    def set_clock(
        self, *, frozen: bool | None = None, time_scale: float | None = None
    ) -> dict[str, Any]:
        """Freeze or unfreeze the clock, or change its speed; returns the clock."""
        return self._object("PATCH", "/clock", json=_present(frozen=frozen, time_scale=time_scale))

    def advance_clock(
        self, *, minutes: float = 0, hours: float = 0, seconds: float = 0
    ) -> dict[str, Any]:
        """Move simulated time forward; every vehicle catches up (charging, schedules,
        sleep). Returns the clock."""
        total_minutes = minutes + hours * 60 + seconds / 60
        return self._object("POST", "/clock/advance", json={"minutes": total_minutes})

    # faults
    def inject_fault(
        self,
        status: int | None = None,
        *,
        vehicle_id: str | None = None,
        count: int | None = None,
        probability: float | None = None,
        latency_ms: int | None = None,
        retry_after: int | None = None,
        reason: str | None = None,
        error: str | None = None,
        body: str | None = None,
    ) -> dict[str, Any]:
        """Make requests fail with `status` (402, 403, 408, 412, 421, 422, 423, 429, 451, 499,
        500, 503, 540; `error` replaces the usual text, `body="json"` makes a 429 the JSON
        envelope) and/or wait `latency_ms`; or, with `reason`, make commands refuse with that
        reason: requests naming `vehicle_id`, or every request when it is None. `count` and
        `probability` limit how often it fires (see `create_fault`). Returns the `Fault`."""
        fault = _present(
            vehicle_id=vehicle_id,
            status=status,
            count=count,
            probability=probability,
            latency_ms=latency_ms,
            retry_after=retry_after,
            reason=reason,
            error=error,
            body=body,
        )
        return self._object("POST", "/faults", json=fault)

    def faults(self) -> list[dict[str, Any]]:
        """Every active fault."""
        faults: list[dict[str, Any]] = self._object("GET", "/faults")["faults"]
        return faults

    def delete_fault(self, fault_id: int) -> None:
        """Remove one fault."""
        self._call("DELETE", f"/faults/{fault_id}")

    def clear_faults(self) -> None:
        """Remove every fault of the server."""
        self._call("DELETE", "/faults")

    def _object(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A call whose answer is a JSON object."""
        answer = self._call(method, path, **kwargs)
        assert isinstance(answer, dict), f"{method} {path} answered {answer!r}"
        return answer

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, ADMIN_BASE_PATH + path, **kwargs)
        if response.is_error:
            try:
                body = response.json()
                error, description = str(body["error"]), str(body.get("error_description", ""))
            except (ValueError, KeyError, TypeError):
                error, description = response.reason_phrase, response.text
            raise MockAdminError(response.status_code, error, description)
        return response.json() if response.content else None


class ScopedAdmin(MockAdmin):
    """The admin API as one test should use it.

    `inject_fault` targets the test's first vehicle unless told otherwise, and `clear_faults`
    removes only the test's faults. On a server shared with other tests, the server-wide
    operations (`reset`, `load_scenario`, `set_clock`, `advance_clock`, faults on every
    request) raise `SharedServerError`; ask for `@pytest.mark.tesla_mock(private=True)`.
    """

    def __init__(self, http: httpx.Client, vehicles: Sequence[str], *, private: bool) -> None:
        super().__init__(http)
        self.private = private
        self._vehicles = list(vehicles)
        self._global_faults: list[int] = []

    def reset(self) -> dict[str, Any]:
        self._refuse_if_shared("reset")
        return super().reset()

    def load_scenario(self, scenario: Mapping[str, Any] | str) -> dict[str, Any]:
        self._refuse_if_shared("load_scenario")
        return super().load_scenario(scenario)

    def set_clock(
        self, *, frozen: bool | None = None, time_scale: float | None = None
    ) -> dict[str, Any]:
        self._refuse_if_shared("set_clock")
        return super().set_clock(frozen=frozen, time_scale=time_scale)

    def advance_clock(
        self, *, minutes: float = 0, hours: float = 0, seconds: float = 0
    ) -> dict[str, Any]:
        self._refuse_if_shared("advance_clock")
        return super().advance_clock(minutes=minutes, hours=hours, seconds=seconds)

    def inject_fault(
        self,
        status: int | None = None,
        *,
        vehicle_id: str | None = None,
        every_request: bool = False,
        count: int | None = None,
        probability: float | None = None,
        latency_ms: int | None = None,
        retry_after: int | None = None,
        reason: str | None = None,
        error: str | None = None,
        body: str | None = None,
    ) -> dict[str, Any]:
        """Like `MockAdmin.inject_fault`, for the test's first vehicle unless `vehicle_id`
        names another. `every_request=True` makes it hit every request of the server (also
        `list_vehicles`, which names no vehicle): private servers only."""
        if every_request:
            if vehicle_id is not None:
                raise ValueError("give vehicle_id or every_request=True, not both")
            self._refuse_if_shared("inject_fault(every_request=True)")
        elif vehicle_id is None:
            if not self._vehicles:
                raise ValueError("this test has no vehicles: name one with vehicle_id=")
            vehicle_id = self._vehicles[0]
        fault = super().inject_fault(
            status,
            vehicle_id=vehicle_id,
            count=count,
            probability=probability,
            latency_ms=latency_ms,
            retry_after=retry_after,
            reason=reason,
            error=error,
            body=body,
        )
        if every_request:
            self._global_faults.append(fault["id"])
        return fault

    def clear_faults(self) -> None:
        """Remove the test's faults: those on its vehicles and those it injected."""
        own_vehicles = set(self._vehicles)
        for fault in self.faults():
            if fault["vehicle_id"] in own_vehicles or fault["id"] in self._global_faults:
                try:
                    self.delete_fault(fault["id"])
                except MockAdminError as exc:  # used up meanwhile
                    if exc.status != 404:
                        raise
        self._global_faults.clear()

    def _refuse_if_shared(self, what: str) -> None:
        if not self.private:
            raise SharedServerError(
                f"{what} changes the whole server, which other tests share. Give this test "
                "a server of its own: @pytest.mark.tesla_mock(private=True)"
            )


def _present(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not None): optional fields of a request."""
    return {key: value for key, value in values.items() if value is not None}


# -- the per-test handle ----------------------------------------------------------------------
@dataclass
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
    server: MockServer
    private: bool
    _clients: list[AuthenticatedClient] = field(default_factory=list, repr=False)

    def client_for(self, token: str) -> AuthenticatedClient:
        """Another SDK client on this server, with any token (e.g. a revoked or made-up one)."""
        client = self.server.sdk_client(token)
        self._clients.append(client)
        return client

    def _close_clients(self) -> None:
        for client in [self.client, *self._clients]:
            client.get_httpx_client().close()
            _close_async_client(client.get_async_httpx_client())


@contextmanager
def open_account(
    server: MockServer,
    *,
    vehicles: Sequence[Mapping[str, Any]] = DEFAULT_VEHICLES,
    name: str | None = None,
    private: bool = False,
) -> Iterator[TeslaMock]:
    """A fresh account with `vehicles` on `server`, deleted on exit: what one test gets.

    The fixture uses this; call it directly for several accounts in one test.
    """
    name = name or f"tesla-mock-{uuid.uuid4().hex[:12]}"
    admin_http = server.http_client(server.admin_token)
    admin = MockAdmin(admin_http)
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
            admin=ScopedAdmin(admin_http, ids, private=private),
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
        admin_http.close()


def _close_async_client(client: httpx.AsyncClient) -> None:
    # The test's event loops are gone by now; closing needs one of its own, and a thread
    # of its own in case this runs inside someone else's loop.
    thread = threading.Thread(target=asyncio.run, args=(client.aclose(),))
    thread.start()
    thread.join()


# -- pytest wiring ----------------------------------------------------------------------------
@dataclass(frozen=True)
class MarkerOptions:
    """What a test's `tesla_mock` marker asks for, checked."""

    transport: Transport
    vehicles: tuple[Mapping[str, Any], ...] = DEFAULT_VEHICLES
    private: bool = False
    scenario: Mapping[str, Any] | None = None
    start: float | datetime | None = None
    frozen: bool = False
    time_scale: float = 1.0
    validate_responses: bool = True
    flavor: str = "fleet"

    @classmethod
    def from_item(cls, item: pytest.Item, config: pytest.Config) -> MarkerOptions:
        marker = item.get_closest_marker("tesla_mock")
        given: dict[str, Any] = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            raise pytest.UsageError("@pytest.mark.tesla_mock takes keyword arguments only")
        unknown = sorted(set(given) - set(MARKER_OPTIONS))
        if unknown:
            raise pytest.UsageError(
                f"@pytest.mark.tesla_mock: unknown {', '.join(unknown)}; "
                f"known: {', '.join(MARKER_OPTIONS)}"
            )
        private_only = [name for name in PRIVATE_ONLY_OPTIONS if name in given]
        if private_only and not given.get("private"):
            raise pytest.UsageError(
                f"@pytest.mark.tesla_mock: {', '.join(private_only)} change(s) the whole "
                "server; add private=True"
            )
        transport = given.pop("transport", config.getoption("tesla_mock_transport"))
        if transport not in TRANSPORTS:
            raise pytest.UsageError(
                f"tesla_mock transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}"
            )
        if "vehicles" in given:
            given["vehicles"] = tuple(given["vehicles"])
        given.setdefault("validate_responses", _validate_responses(config))
        return cls(transport=transport, **given)


class ServerPool:
    """The servers of one pytest session (one xdist worker), started when first needed."""

    _names: ClassVar[itertools.count[int]] = itertools.count(1)

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._servers: dict[str, MockServer] = {}

    def shared(self, transport: Transport) -> MockServer:
        """The session's server for `transport`, or the external one when a URL was given."""
        url = self._config.getoption("tesla_mock_url")
        key = "external" if url else transport
        if key not in self._servers:
            if url:
                token = self._config.getoption("tesla_mock_admin_token")
                self._servers[key] = ExternalServer(url, token)
            else:
                validate = _validate_responses(self._config)
                self._servers[key] = start_server(transport, validate_responses=validate)
        return self._servers[key]

    def account_name(self, item: pytest.Item) -> str:
        """Unique across workers and sessions, and readable in the server's fleet."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        test = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.name)[:32]
        return f"{worker}-{next(self._names)}-{test}-{uuid.uuid4().hex[:8]}"

    def close(self) -> None:
        for server in self._servers.values():
            server.close()
        self._servers.clear()


def _validate_responses(config: pytest.Config) -> bool:
    return bool(config.getini("tesla_mock_validate_responses"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tesla_mock", "mock Tesla vehicle (tesla_mock fixture)")
    group.addoption(
        "--tesla-mock-transport",
        dest="tesla_mock_transport",
        choices=TRANSPORTS,
        default="in-process",
        help="where the session's mock vehicle runs: in-process (default) or loopback "
        "(uvicorn on a free 127.0.0.1 port); a test's marker wins",
    )
    group.addoption(
        "--tesla-mock-url",
        dest="tesla_mock_url",
        default=None,
        metavar="URL",
        help="use the mock vehicle already running at URL (shared by all xdist workers)",
    )
    group.addoption(
        "--tesla-mock-admin-token",
        dest="tesla_mock_admin_token",
        default="mock-admin-token",
        metavar="TOKEN",
        help="admin token of the server at --tesla-mock-url (default: mock-admin-token)",
    )
    parser.addini(
        "tesla_mock_validate_responses",
        type="bool",
        default=True,
        help="servers started by the tesla_mock plugin check their responses against the spec",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tesla_mock(transport=, vehicles=, private=, scenario=, start=, frozen=, time_scale=, "
        "validate_responses=): configure the tesla_mock fixture's server and vehicles",
    )


@pytest.fixture(scope="session")
def tesla_mock_servers(pytestconfig: pytest.Config) -> Iterator[ServerPool]:
    """The session's shared mock vehicle servers (one per transport, started on demand)."""
    pool = ServerPool(pytestconfig)
    yield pool
    pool.close()


@pytest.fixture
def tesla_mock(
    request: pytest.FixtureRequest, tesla_mock_servers: ServerPool
) -> Iterator[TeslaMock]:
    """A mock Tesla account for this test: `.client`, `.token`, `.vehicles`, `.admin`, ...

    Configure it with `@pytest.mark.tesla_mock(...)`; see the module's documentation.
    """
    options = MarkerOptions.from_item(request.node, request.config)
    name = tesla_mock_servers.account_name(request.node)
    with ExitStack() as stack:
        if options.private:
            server = stack.enter_context(
                start_server(
                    options.transport,
                    scenario=options.scenario,
                    start=options.start,
                    frozen=options.frozen,
                    time_scale=options.time_scale,
                    validate_responses=options.validate_responses,
                    flavor=options.flavor,
                )
            )
        else:
            server = tesla_mock_servers.shared(options.transport)
        yield stack.enter_context(
            open_account(server, vehicles=options.vehicles, name=name, private=options.private)
        )
