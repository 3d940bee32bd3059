from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.file_signed_url import FileSignedURL
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...types import UNSET, Response, Unset


def _get_kwargs(
    file_id: str,
    *,
    expiry: int | Unset = 24,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["expiry"] = expiry

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/files/{file_id}/url".format(
            file_id=quote(str(file_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ErrorResponse | FileSignedURL | HTTPValidationErrorData | None:
    if response.status_code == 200:
        response_200 = FileSignedURL.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationErrorData.from_dict(response.json())

        return response_422

    if 400 <= response.status_code <= 499:
        response_4xx = ErrorResponse.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorResponse.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _parse_success(data: Any) -> FileSignedURL:
    """The body of a 200 answer, already decoded from JSON, as its model."""
    response_200 = FileSignedURL.from_dict(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[ErrorResponse | FileSignedURL | HTTPValidationErrorData]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    expiry: int | Unset = 24,
) -> Response[ErrorResponse | FileSignedURL | HTTPValidationErrorData]:
    """Get a signed URL for a file

     Returns a URL from which the file can be downloaded without the API key, for a limited time.

    Args:
        file_id (str):
        expiry (int | Unset):  Default: 24.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | FileSignedURL | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        expiry=expiry,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    expiry: int | Unset = 24,
) -> ErrorResponse | FileSignedURL | HTTPValidationErrorData | None:
    """Get a signed URL for a file

     Returns a URL from which the file can be downloaded without the API key, for a limited time.

    Args:
        file_id (str):
        expiry (int | Unset):  Default: 24.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | FileSignedURL | HTTPValidationErrorData
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        expiry=expiry,
    ).parsed


async def asyncio_detailed(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    expiry: int | Unset = 24,
) -> Response[ErrorResponse | FileSignedURL | HTTPValidationErrorData]:
    """Get a signed URL for a file

     Returns a URL from which the file can be downloaded without the API key, for a limited time.

    Args:
        file_id (str):
        expiry (int | Unset):  Default: 24.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | FileSignedURL | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        expiry=expiry,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: str,
    *,
    client: AuthenticatedClient | Client,
    expiry: int | Unset = 24,
) -> ErrorResponse | FileSignedURL | HTTPValidationErrorData | None:
    """Get a signed URL for a file

     Returns a URL from which the file can be downloaded without the API key, for a limited time.

    Args:
        file_id (str):
        expiry (int | Unset):  Default: 24.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | FileSignedURL | HTTPValidationErrorData
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            expiry=expiry,
        )
    ).parsed
