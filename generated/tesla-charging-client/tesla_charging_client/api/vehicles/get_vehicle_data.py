from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.vehicle_data_response import VehicleDataResponse
from ...types import UNSET, Response, Unset


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
) -> Error | VehicleDataResponse | None:
    if response.status_code == 200:
        response_200 = VehicleDataResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | VehicleDataResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    endpoints: str | Unset = UNSET,
) -> Response[Error | VehicleDataResponse]:
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
        Response[Error | VehicleDataResponse]
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
) -> Error | VehicleDataResponse | None:
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
        Error | VehicleDataResponse
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
) -> Response[Error | VehicleDataResponse]:
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
        Response[Error | VehicleDataResponse]
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
) -> Error | VehicleDataResponse | None:
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
        Error | VehicleDataResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            endpoints=endpoints,
        )
    ).parsed
