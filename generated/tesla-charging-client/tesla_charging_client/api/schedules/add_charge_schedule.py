from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_charge_schedule_request import AddChargeScheduleRequest
from ...models.command_response import CommandResponse
from ...models.error import Error
from ...types import Response, http_status


def _get_kwargs(
    id: str,
    *,
    body: AddChargeScheduleRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/1/vehicles/{id}/command/add_charge_schedule".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | CommandResponse | Error | str | None:
    if response.status_code == 200:
        response_200 = CommandResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = Error.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 421:
        response_421 = Error.from_dict(response.json())

        return response_421

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 423:
        response_423 = cast(Any, None)
        return response_423

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 451:
        response_451 = Error.from_dict(response.json())

        return response_451

    if response.status_code == 499:
        response_499 = Error.from_dict(response.json())

        return response_499

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if response.status_code == 540:
        response_540 = Error.from_dict(response.json())

        return response_540

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | CommandResponse | Error | str]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddChargeScheduleRequest,
) -> Response[Any | CommandResponse | Error | str]:
    """Add or change a charge schedule (firmware 2024.26+)

     Adds a charge schedule, or changes the one whose `id` is given. With `start_enabled`
    the car starts charging at `start_time`, with `end_enabled` it stops at `end_time`
    (minutes after local midnight), on the days of `days_of_week`, when it is plugged in
    at the schedule's place (`lat`, `lon`). A missing or 0 `id` means "now": the new
    schedule's id is the current epoch second. `one_time` schedules turn themselves off
    after they ran. The schedules show in `vehicle_data`'s `charge_schedule_data`.

    `days_of_week` is a comma-separated list of day names (`Mon`, `Monday`, `Tues`,
    `Tuesday`, `Wed`, `Thurs`, `Thursday`, `Fri`, `Sat`, `Sun`, `All`, `Weekdays`; any case)
    or, on the Fleet API's REST path, the bitmask as a number (Sunday 1, Monday 2, ...
    Saturday 64). A name that is not among these (`Tue`, `Thu`, an empty string) is a 400
    with `error` `unrecognized day name: Tue`, as Tesla's proxy answers (the mock answers
    so on every path); the proxy also refuses a number (`invalid days_of_week param`).

    Args:
        id (str):
        body (AddChargeScheduleRequest): The body of `add_charge_schedule`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CommandResponse | Error | str]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddChargeScheduleRequest,
) -> Any | CommandResponse | Error | str | None:
    """Add or change a charge schedule (firmware 2024.26+)

     Adds a charge schedule, or changes the one whose `id` is given. With `start_enabled`
    the car starts charging at `start_time`, with `end_enabled` it stops at `end_time`
    (minutes after local midnight), on the days of `days_of_week`, when it is plugged in
    at the schedule's place (`lat`, `lon`). A missing or 0 `id` means "now": the new
    schedule's id is the current epoch second. `one_time` schedules turn themselves off
    after they ran. The schedules show in `vehicle_data`'s `charge_schedule_data`.

    `days_of_week` is a comma-separated list of day names (`Mon`, `Monday`, `Tues`,
    `Tuesday`, `Wed`, `Thurs`, `Thursday`, `Fri`, `Sat`, `Sun`, `All`, `Weekdays`; any case)
    or, on the Fleet API's REST path, the bitmask as a number (Sunday 1, Monday 2, ...
    Saturday 64). A name that is not among these (`Tue`, `Thu`, an empty string) is a 400
    with `error` `unrecognized day name: Tue`, as Tesla's proxy answers (the mock answers
    so on every path); the proxy also refuses a number (`invalid days_of_week param`).

    Args:
        id (str):
        body (AddChargeScheduleRequest): The body of `add_charge_schedule`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CommandResponse | Error | str
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddChargeScheduleRequest,
) -> Response[Any | CommandResponse | Error | str]:
    """Add or change a charge schedule (firmware 2024.26+)

     Adds a charge schedule, or changes the one whose `id` is given. With `start_enabled`
    the car starts charging at `start_time`, with `end_enabled` it stops at `end_time`
    (minutes after local midnight), on the days of `days_of_week`, when it is plugged in
    at the schedule's place (`lat`, `lon`). A missing or 0 `id` means "now": the new
    schedule's id is the current epoch second. `one_time` schedules turn themselves off
    after they ran. The schedules show in `vehicle_data`'s `charge_schedule_data`.

    `days_of_week` is a comma-separated list of day names (`Mon`, `Monday`, `Tues`,
    `Tuesday`, `Wed`, `Thurs`, `Thursday`, `Fri`, `Sat`, `Sun`, `All`, `Weekdays`; any case)
    or, on the Fleet API's REST path, the bitmask as a number (Sunday 1, Monday 2, ...
    Saturday 64). A name that is not among these (`Tue`, `Thu`, an empty string) is a 400
    with `error` `unrecognized day name: Tue`, as Tesla's proxy answers (the mock answers
    so on every path); the proxy also refuses a number (`invalid days_of_week param`).

    Args:
        id (str):
        body (AddChargeScheduleRequest): The body of `add_charge_schedule`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CommandResponse | Error | str]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddChargeScheduleRequest,
) -> Any | CommandResponse | Error | str | None:
    """Add or change a charge schedule (firmware 2024.26+)

     Adds a charge schedule, or changes the one whose `id` is given. With `start_enabled`
    the car starts charging at `start_time`, with `end_enabled` it stops at `end_time`
    (minutes after local midnight), on the days of `days_of_week`, when it is plugged in
    at the schedule's place (`lat`, `lon`). A missing or 0 `id` means "now": the new
    schedule's id is the current epoch second. `one_time` schedules turn themselves off
    after they ran. The schedules show in `vehicle_data`'s `charge_schedule_data`.

    `days_of_week` is a comma-separated list of day names (`Mon`, `Monday`, `Tues`,
    `Tuesday`, `Wed`, `Thurs`, `Thursday`, `Fri`, `Sat`, `Sun`, `All`, `Weekdays`; any case)
    or, on the Fleet API's REST path, the bitmask as a number (Sunday 1, Monday 2, ...
    Saturday 64). A name that is not among these (`Tue`, `Thu`, an empty string) is a 400
    with `error` `unrecognized day name: Tue`, as Tesla's proxy answers (the mock answers
    so on every path); the proxy also refuses a number (`invalid days_of_week param`).

    Args:
        id (str):
        body (AddChargeScheduleRequest): The body of `add_charge_schedule`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CommandResponse | Error | str
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
