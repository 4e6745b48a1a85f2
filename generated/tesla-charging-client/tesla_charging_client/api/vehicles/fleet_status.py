from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.fleet_status_request import FleetStatusRequest
from ...models.fleet_status_response import FleetStatusResponse
from ...types import Response, http_status


def _get_kwargs(
    *,
    body: FleetStatusRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/1/vehicles/fleet_status",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | FleetStatusResponse | str | None:
    if response.status_code == 200:
        response_200 = FleetStatusResponse.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error | FleetStatusResponse | str]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FleetStatusRequest,
) -> Response[Any | Error | FleetStatusResponse | str]:
    """Which cars take signed commands from this app's key

     For each VIN of the body that belongs to the account: whether this app's virtual key
    is paired with the car (`key_paired_vins` / `unpaired_vins`) and what the car is
    (`vehicle_info`: firmware, whether it requires Tesla's vehicle-command protocol).
    VINs the account does not have are listed in neither list. At most 100 VINs.

    Args:
        body (FleetStatusRequest): The cars to ask about.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | FleetStatusResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: FleetStatusRequest,
) -> Any | Error | FleetStatusResponse | str | None:
    """Which cars take signed commands from this app's key

     For each VIN of the body that belongs to the account: whether this app's virtual key
    is paired with the car (`key_paired_vins` / `unpaired_vins`) and what the car is
    (`vehicle_info`: firmware, whether it requires Tesla's vehicle-command protocol).
    VINs the account does not have are listed in neither list. At most 100 VINs.

    Args:
        body (FleetStatusRequest): The cars to ask about.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | FleetStatusResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FleetStatusRequest,
) -> Response[Any | Error | FleetStatusResponse | str]:
    """Which cars take signed commands from this app's key

     For each VIN of the body that belongs to the account: whether this app's virtual key
    is paired with the car (`key_paired_vins` / `unpaired_vins`) and what the car is
    (`vehicle_info`: firmware, whether it requires Tesla's vehicle-command protocol).
    VINs the account does not have are listed in neither list. At most 100 VINs.

    Args:
        body (FleetStatusRequest): The cars to ask about.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | FleetStatusResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: FleetStatusRequest,
) -> Any | Error | FleetStatusResponse | str | None:
    """Which cars take signed commands from this app's key

     For each VIN of the body that belongs to the account: whether this app's virtual key
    is paired with the car (`key_paired_vins` / `unpaired_vins`) and what the car is
    (`vehicle_info`: firmware, whether it requires Tesla's vehicle-command protocol).
    VINs the account does not have are listed in neither list. At most 100 VINs.

    Args:
        body (FleetStatusRequest): The cars to ask about.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | FleetStatusResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
