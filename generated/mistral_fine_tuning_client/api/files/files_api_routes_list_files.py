from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.file_purpose import FilePurpose
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...models.list_files_out import ListFilesOut
from ...models.sample_type import SampleType
from ...models.source import Source
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    include_total: bool | Unset = True,
    sample_type: list[SampleType] | None | Unset = UNSET,
    source: list[Source] | None | Unset = UNSET,
    search: None | str | Unset = UNSET,
    purpose: FilePurpose | None | Unset = UNSET,
    mimetypes: list[str] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    params["include_total"] = include_total

    json_sample_type: list[str] | None | Unset
    if isinstance(sample_type, Unset):
        json_sample_type = UNSET
    elif isinstance(sample_type, list):
        json_sample_type = []
        for sample_type_type_0_item_data in sample_type:
            sample_type_type_0_item = sample_type_type_0_item_data.value
            json_sample_type.append(sample_type_type_0_item)

    else:
        json_sample_type = sample_type
    params["sample_type"] = json_sample_type

    json_source: list[str] | None | Unset
    if isinstance(source, Unset):
        json_source = UNSET
    elif isinstance(source, list):
        json_source = []
        for source_type_0_item_data in source:
            source_type_0_item = source_type_0_item_data.value
            json_source.append(source_type_0_item)

    else:
        json_source = source
    params["source"] = json_source

    json_search: None | str | Unset
    if isinstance(search, Unset):
        json_search = UNSET
    else:
        json_search = search
    params["search"] = json_search

    json_purpose: None | str | Unset
    if isinstance(purpose, Unset):
        json_purpose = UNSET
    elif isinstance(purpose, FilePurpose):
        json_purpose = purpose.value
    else:
        json_purpose = purpose
    params["purpose"] = json_purpose

    json_mimetypes: list[str] | None | Unset
    if isinstance(mimetypes, Unset):
        json_mimetypes = UNSET
    elif isinstance(mimetypes, list):
        json_mimetypes = mimetypes

    else:
        json_mimetypes = mimetypes
    params["mimetypes"] = json_mimetypes

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/files",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ErrorResponse | HTTPValidationErrorData | ListFilesOut | None:
    if response.status_code == 200:
        response_200 = ListFilesOut.from_dict(response.json())

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


def _parse_success(data: Any) -> ListFilesOut:
    """The body of a 200 answer, already decoded from JSON, as its model."""
    response_200 = ListFilesOut.from_dict(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[ErrorResponse | HTTPValidationErrorData | ListFilesOut]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    include_total: bool | Unset = True,
    sample_type: list[SampleType] | None | Unset = UNSET,
    source: list[Source] | None | Unset = UNSET,
    search: None | str | Unset = UNSET,
    purpose: FilePurpose | None | Unset = UNSET,
    mimetypes: list[str] | None | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationErrorData | ListFilesOut]:
    """List files

     Returns one page of the files of the caller's organization, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        include_total (bool | Unset):  Default: True.
        sample_type (list[SampleType] | None | Unset):
        source (list[Source] | None | Unset):
        search (None | str | Unset):
        purpose (FilePurpose | None | Unset):
        mimetypes (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | ListFilesOut]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        include_total=include_total,
        sample_type=sample_type,
        source=source,
        search=search,
        purpose=purpose,
        mimetypes=mimetypes,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    include_total: bool | Unset = True,
    sample_type: list[SampleType] | None | Unset = UNSET,
    source: list[Source] | None | Unset = UNSET,
    search: None | str | Unset = UNSET,
    purpose: FilePurpose | None | Unset = UNSET,
    mimetypes: list[str] | None | Unset = UNSET,
) -> ErrorResponse | HTTPValidationErrorData | ListFilesOut | None:
    """List files

     Returns one page of the files of the caller's organization, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        include_total (bool | Unset):  Default: True.
        sample_type (list[SampleType] | None | Unset):
        source (list[Source] | None | Unset):
        search (None | str | Unset):
        purpose (FilePurpose | None | Unset):
        mimetypes (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | ListFilesOut
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        include_total=include_total,
        sample_type=sample_type,
        source=source,
        search=search,
        purpose=purpose,
        mimetypes=mimetypes,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    include_total: bool | Unset = True,
    sample_type: list[SampleType] | None | Unset = UNSET,
    source: list[Source] | None | Unset = UNSET,
    search: None | str | Unset = UNSET,
    purpose: FilePurpose | None | Unset = UNSET,
    mimetypes: list[str] | None | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationErrorData | ListFilesOut]:
    """List files

     Returns one page of the files of the caller's organization, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        include_total (bool | Unset):  Default: True.
        sample_type (list[SampleType] | None | Unset):
        source (list[Source] | None | Unset):
        search (None | str | Unset):
        purpose (FilePurpose | None | Unset):
        mimetypes (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | ListFilesOut]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        include_total=include_total,
        sample_type=sample_type,
        source=source,
        search=search,
        purpose=purpose,
        mimetypes=mimetypes,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    include_total: bool | Unset = True,
    sample_type: list[SampleType] | None | Unset = UNSET,
    source: list[Source] | None | Unset = UNSET,
    search: None | str | Unset = UNSET,
    purpose: FilePurpose | None | Unset = UNSET,
    mimetypes: list[str] | None | Unset = UNSET,
) -> ErrorResponse | HTTPValidationErrorData | ListFilesOut | None:
    """List files

     Returns one page of the files of the caller's organization, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        include_total (bool | Unset):  Default: True.
        sample_type (list[SampleType] | None | Unset):
        source (list[Source] | None | Unset):
        search (None | str | Unset):
        purpose (FilePurpose | None | Unset):
        mimetypes (list[str] | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | ListFilesOut
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            include_total=include_total,
            sample_type=sample_type,
            source=source,
            search=search,
            purpose=purpose,
            mimetypes=mimetypes,
        )
    ).parsed
