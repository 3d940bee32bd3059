from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...models.multi_part_body_params import MultiPartBodyParams
from ...models.upload_file_out import UploadFileOut
from ...types import Response


def _get_kwargs(
    *,
    body: MultiPartBodyParams,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/files",
    }

    _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ErrorResponse | HTTPValidationErrorData | UploadFileOut | None:
    if response.status_code == 200:
        response_200 = UploadFileOut.from_dict(response.json())

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


def _parse_success(data: Any) -> UploadFileOut:
    """The body of a 200 answer, already decoded from JSON, as its model."""
    response_200 = UploadFileOut.from_dict(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[ErrorResponse | HTTPValidationErrorData | UploadFileOut]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MultiPartBodyParams,
) -> Response[ErrorResponse | HTTPValidationErrorData | UploadFileOut]:
    """Upload a file

     Stores a file for later use (training data for fine-tuning, batch input, documents for OCR) and
    returns its description. One file may hold up to 512 MB; fine-tuning reads JSON Lines files
    (`.jsonl`).

    Args:
        body (MultiPartBodyParams): What an upload sends, as multipart/form-data parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | UploadFileOut]
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
    body: MultiPartBodyParams,
) -> ErrorResponse | HTTPValidationErrorData | UploadFileOut | None:
    """Upload a file

     Stores a file for later use (training data for fine-tuning, batch input, documents for OCR) and
    returns its description. One file may hold up to 512 MB; fine-tuning reads JSON Lines files
    (`.jsonl`).

    Args:
        body (MultiPartBodyParams): What an upload sends, as multipart/form-data parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | UploadFileOut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: MultiPartBodyParams,
) -> Response[ErrorResponse | HTTPValidationErrorData | UploadFileOut]:
    """Upload a file

     Stores a file for later use (training data for fine-tuning, batch input, documents for OCR) and
    returns its description. One file may hold up to 512 MB; fine-tuning reads JSON Lines files
    (`.jsonl`).

    Args:
        body (MultiPartBodyParams): What an upload sends, as multipart/form-data parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | UploadFileOut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: MultiPartBodyParams,
) -> ErrorResponse | HTTPValidationErrorData | UploadFileOut | None:
    """Upload a file

     Stores a file for later use (training data for fine-tuning, batch input, documents for OCR) and
    returns its description. One file may hold up to 512 MB; fine-tuning reads JSON Lines files
    (`.jsonl`).

    Args:
        body (MultiPartBodyParams): What an upload sends, as multipart/form-data parts.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | UploadFileOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
