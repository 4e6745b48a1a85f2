from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.charging_history_response import ChargingHistoryResponse
from ...models.error import Error
from ...models.get_charging_history_sort_order import GetChargingHistorySortOrder
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    *,
    vin: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    page_no: int | Unset = 0,
    page_size: int | Unset = 25,
    sort_by: str | Unset = UNSET,
    sort_order: GetChargingHistorySortOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["vin"] = vin

    params["startTime"] = start_time

    params["endTime"] = end_time

    params["pageNo"] = page_no

    params["pageSize"] = page_size

    params["sortBy"] = sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order.value

    params["sortOrder"] = json_sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/1/dx/charging/history",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ChargingHistoryResponse | Error | str | None:
    if response.status_code == 200:
        response_200 = ChargingHistoryResponse.from_dict(response.json())

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
) -> Response[Any | ChargingHistoryResponse | Error | str]:
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
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    page_no: int | Unset = 0,
    page_size: int | Unset = 25,
    sort_by: str | Unset = UNSET,
    sort_order: GetChargingHistorySortOrder | Unset = UNSET,
) -> Response[Any | ChargingHistoryResponse | Error | str]:
    """The account's charging history

     The charging sessions of the account's cars, newest first unless `sortOrder` says
    otherwise, one page at a time (`pageNo` counts from 0). Each session has its energy,
    its fees and an invoice. Tesla documents this for Supercharger sessions; the mock
    records every session its cars really charged, priced at the car's `price_per_kwh`.

    Args:
        vin (str | Unset):
        start_time (str | Unset):
        end_time (str | Unset):
        page_no (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 25.
        sort_by (str | Unset):
        sort_order (GetChargingHistorySortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChargingHistoryResponse | Error | str]
    """

    kwargs = _get_kwargs(
        vin=vin,
        start_time=start_time,
        end_time=end_time,
        page_no=page_no,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    page_no: int | Unset = 0,
    page_size: int | Unset = 25,
    sort_by: str | Unset = UNSET,
    sort_order: GetChargingHistorySortOrder | Unset = UNSET,
) -> Any | ChargingHistoryResponse | Error | str | None:
    """The account's charging history

     The charging sessions of the account's cars, newest first unless `sortOrder` says
    otherwise, one page at a time (`pageNo` counts from 0). Each session has its energy,
    its fees and an invoice. Tesla documents this for Supercharger sessions; the mock
    records every session its cars really charged, priced at the car's `price_per_kwh`.

    Args:
        vin (str | Unset):
        start_time (str | Unset):
        end_time (str | Unset):
        page_no (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 25.
        sort_by (str | Unset):
        sort_order (GetChargingHistorySortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChargingHistoryResponse | Error | str
    """

    return sync_detailed(
        client=client,
        vin=vin,
        start_time=start_time,
        end_time=end_time,
        page_no=page_no,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    page_no: int | Unset = 0,
    page_size: int | Unset = 25,
    sort_by: str | Unset = UNSET,
    sort_order: GetChargingHistorySortOrder | Unset = UNSET,
) -> Response[Any | ChargingHistoryResponse | Error | str]:
    """The account's charging history

     The charging sessions of the account's cars, newest first unless `sortOrder` says
    otherwise, one page at a time (`pageNo` counts from 0). Each session has its energy,
    its fees and an invoice. Tesla documents this for Supercharger sessions; the mock
    records every session its cars really charged, priced at the car's `price_per_kwh`.

    Args:
        vin (str | Unset):
        start_time (str | Unset):
        end_time (str | Unset):
        page_no (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 25.
        sort_by (str | Unset):
        sort_order (GetChargingHistorySortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ChargingHistoryResponse | Error | str]
    """

    kwargs = _get_kwargs(
        vin=vin,
        start_time=start_time,
        end_time=end_time,
        page_no=page_no,
        page_size=page_size,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    vin: str | Unset = UNSET,
    start_time: str | Unset = UNSET,
    end_time: str | Unset = UNSET,
    page_no: int | Unset = 0,
    page_size: int | Unset = 25,
    sort_by: str | Unset = UNSET,
    sort_order: GetChargingHistorySortOrder | Unset = UNSET,
) -> Any | ChargingHistoryResponse | Error | str | None:
    """The account's charging history

     The charging sessions of the account's cars, newest first unless `sortOrder` says
    otherwise, one page at a time (`pageNo` counts from 0). Each session has its energy,
    its fees and an invoice. Tesla documents this for Supercharger sessions; the mock
    records every session its cars really charged, priced at the car's `price_per_kwh`.

    Args:
        vin (str | Unset):
        start_time (str | Unset):
        end_time (str | Unset):
        page_no (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 25.
        sort_by (str | Unset):
        sort_order (GetChargingHistorySortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ChargingHistoryResponse | Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
            vin=vin,
            start_time=start_time,
            end_time=end_time,
            page_no=page_no,
            page_size=page_size,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
