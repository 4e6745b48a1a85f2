"""The mock's admin API (spec/mock-admin.yaml) as a Python client: `MockAdmin` for a whole
server, `ScopedAdmin` for one test.

Hand-written rather than generated with openapi-python-client (as the vehicle SDK is), because
what tests need from it is not what a generated client offers:

* `ScopedAdmin` is a policy over the API, not a transport: faults default to the test's own
  vehicle, `clear_faults` removes only the test's faults, and server-wide operations raise
  `SharedServerError` on a server other tests share. A generated client would still need this
  layer on top, with the same amount of code.
* It ships in the mock's own wheel next to the plugin and the server that answers it, so client
  and API change in one commit; a generated client would be a second distribution to version,
  build and install beside `tesla-mock-vehicle`.
* It takes and returns the JSON the spec documents (`create_vehicle(account, **config)` passes
  a `VehicleConfig` through unchanged), so the spec stays the one list of fields; a scenario
  may be sent as YAML text, which a generated client would not send as written.

What keeps it true to the spec: tests/plugin/test_admin_client.py calls every method and
checks each request is an operation of spec/mock-admin.yaml with parameters it declares, and
that every operation has a method (but the dashboard's event stream).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from tesla_mock.specs import ADMIN_BASE_PATH

_Answer = TypeVar("_Answer")


class MockAdminError(Exception):
    """The admin API answered with an error; `status`, `error` and `description` say which."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"admin API answered {status} {error}: {description}".rstrip(": "))
        self.status = status
        self.error = error
        self.description = description


class SharedServerError(RuntimeError):
    """A server-wide change was asked for on a server that other tests share."""


class MockAdmin:
    """The admin API (spec/mock-admin.yaml) of one server, over HTTP.

    Every method raises `MockAdminError` when the server answers with an error. Vehicle ids
    are the vehicle's `id_s` or its VIN. Results are the JSON the admin API documents.
    """

    def __init__(self, http: httpx.Client) -> None:
        """`http`: an httpx client with the server's base URL and the admin bearer token."""
        self._http = http

    # server
    def health(self) -> dict[str, Any]:
        """Whether the server is up (`Health`: status, version, uptime_s); needs no token."""
        return self._object("GET", "/health")

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

    def account(self, name: str) -> dict[str, Any]:
        """One account with its tokens and vehicle ids (`Account`)."""
        return self._object("GET", f"/accounts/{name}")

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
        self,
        *,
        minutes: float | None = None,
        hours: float | None = None,
        seconds: float | None = None,
    ) -> dict[str, Any]:
        """Move simulated time forward by the sum of the units given (at least one, each
        above 0); every vehicle catches up (charging, schedules, sleep). Returns the clock."""
        advance = _present(seconds=seconds, minutes=minutes, hours=hours)
        return self._object("POST", "/clock/advance", json=advance)

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


def _server_wide(operation: Callable[..., _Answer]) -> Callable[..., _Answer]:
    """`operation` of `MockAdmin`, for a `ScopedAdmin`: refused unless its server is private."""

    @functools.wraps(operation)
    def guarded(self: ScopedAdmin, *args: Any, **kwargs: Any) -> _Answer:
        self._refuse_if_shared(operation.__name__)
        return operation(self, *args, **kwargs)

    return guarded


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

    # The server-wide operations, refused on a shared server (signatures and documentation
    # are MockAdmin's).
    reset = _server_wide(MockAdmin.reset)
    load_scenario = _server_wide(MockAdmin.load_scenario)
    set_clock = _server_wide(MockAdmin.set_clock)
    advance_clock = _server_wide(MockAdmin.advance_clock)

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
