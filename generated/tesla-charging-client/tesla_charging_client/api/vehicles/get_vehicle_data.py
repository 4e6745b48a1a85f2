from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.vehicle_data_response import VehicleDataResponse
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    id: str,
    *,
    endpoints: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["endpoints"] = endpoints

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/1/vehicles/{id}/vehicle_data".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | VehicleDataResponse | str | None:
    if response.status_code == 200:
        response_200 = VehicleDataResponse.from_dict(response.json())

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
) -> Response[Any | Error | VehicleDataResponse | str]:
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
    endpoints: str | Unset = UNSET,
) -> Response[Any | Error | VehicleDataResponse | str]:
    """Read the vehicle's live data

     The vehicle object with the requested state sections. Without `endpoints`, every section
    except location is returned. The vehicle must be awake (else 408).

    Args:
        id (str):
        endpoints (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | VehicleDataResponse | str]
    """

    kwargs = _get_kwargs(
        id=id,
        endpoints=endpoints,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    endpoints: str | Unset = UNSET,
) -> Any | Error | VehicleDataResponse | str | None:
    """Read the vehicle's live data

     The vehicle object with the requested state sections. Without `endpoints`, every section
    except location is returned. The vehicle must be awake (else 408).

    Args:
        id (str):
        endpoints (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | VehicleDataResponse | str
    """

    return sync_detailed(
        id=id,
        client=client,
        endpoints=endpoints,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    endpoints: str | Unset = UNSET,
) -> Response[Any | Error | VehicleDataResponse | str]:
    """Read the vehicle's live data

     The vehicle object with the requested state sections. Without `endpoints`, every section
    except location is returned. The vehicle must be awake (else 408).

    Args:
        id (str):
        endpoints (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | VehicleDataResponse | str]
    """

    kwargs = _get_kwargs(
        id=id,
        endpoints=endpoints,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    endpoints: str | Unset = UNSET,
) -> Any | Error | VehicleDataResponse | str | None:
    """Read the vehicle's live data

     The vehicle object with the requested state sections. Without `endpoints`, every section
    except location is returned. The vehicle must be awake (else 408).

    Args:
        id (str):
        endpoints (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | VehicleDataResponse | str
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            endpoints=endpoints,
        )
    ).parsed
