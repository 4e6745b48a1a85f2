from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.charging_sessions_response import ChargingSessionsResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    *,
    vin: str | Unset = UNSET,
    date_from: str | Unset = UNSET,
    date_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["vin"] = vin

    params["date_from"] = date_from

    params["date_to"] = date_to

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/1/dx/charging/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ChargingSessionsResponse | Error | str | None:
    if response.status_code == 200:
        response_200 = ChargingSessionsResponse.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

    if response.status_code == 421:
        response_421 = Error.from_dict(response.json())

        return response_421

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ChargingSessionsResponse | Error | str]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    date_from: str | Unset = UNSET,
    date_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    offset: int | Unset = 0,
) -> Response[Any | ChargingSessionsResponse | Error | str]:
    """Charging sessions with energy and cost (business fleets)

     The account's charging sessions in the OCPI-like shape Tesla gives business fleets:
    energy, time and cost per session, `offset`/`limit` paging.

    Args:
        vin (str | Unset):
        date_from (str | Unset):
        date_to (str | Unset):
        limit (int | Unset):  Default: 25.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChargingSessionsResponse | Error | str]
    """

    kwargs = _get_kwargs(
        vin=vin,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    date_from: str | Unset = UNSET,
    date_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    offset: int | Unset = 0,
) -> Any | ChargingSessionsResponse | Error | str | None:
    """Charging sessions with energy and cost (business fleets)

     The account's charging sessions in the OCPI-like shape Tesla gives business fleets:
    energy, time and cost per session, `offset`/`limit` paging.

    Args:
        vin (str | Unset):
        date_from (str | Unset):
        date_to (str | Unset):
        limit (int | Unset):  Default: 25.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChargingSessionsResponse | Error | str
    """

    return sync_detailed(
        client=client,
        vin=vin,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    date_from: str | Unset = UNSET,
    date_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    offset: int | Unset = 0,
) -> Response[Any | ChargingSessionsResponse | Error | str]:
    """Charging sessions with energy and cost (business fleets)

     The account's charging sessions in the OCPI-like shape Tesla gives business fleets:
    energy, time and cost per session, `offset`/`limit` paging.

    Args:
        vin (str | Unset):
        date_from (str | Unset):
        date_to (str | Unset):
        limit (int | Unset):  Default: 25.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChargingSessionsResponse | Error | str]
    """

    kwargs = _get_kwargs(
        vin=vin,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    date_from: str | Unset = UNSET,
    date_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    offset: int | Unset = 0,
) -> Any | ChargingSessionsResponse | Error | str | None:
    """Charging sessions with energy and cost (business fleets)

     The account's charging sessions in the OCPI-like shape Tesla gives business fleets:
    energy, time and cost per session, `offset`/`limit` paging.

    Args:
        vin (str | Unset):
        date_from (str | Unset):
        date_to (str | Unset):
        limit (int | Unset):  Default: 25.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChargingSessionsResponse | Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
            vin=vin,
            date_from=date_from,
            date_to=date_to,
            limit=limit,
            offset=offset,
        )
    ).parsed
