from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.classifier_job_out import ClassifierJobOut
from ...models.completion_job_out import CompletionJobOut
from ...models.error_response import ErrorResponse
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...models.job_in import JobIn
from ...models.legacy_job_metadata_out import LegacyJobMetadataOut
from ...types import UNSET, Response, UnknownVariant, Unset, parse_variant


def _get_kwargs(
    *,
    body: JobIn,
    dry_run: bool | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_dry_run: bool | None | Unset
    if isinstance(dry_run, Unset):
        json_dry_run = UNSET
    else:
        json_dry_run = dry_run
    params["dry_run"] = json_dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/fine_tuning/jobs",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> (
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    if response.status_code == 200:
        response_200: ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant = parse_variant(
            response.json(),
            "job_type",
            {
                "completion": CompletionJobOut,
                "classifier": ClassifierJobOut,
            },
            (LegacyJobMetadataOut,),
        )

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


def _parse_success(data: Any) -> ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant:
    """The body of a 200 answer, already decoded from JSON, as its model."""
    response_200: ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant = parse_variant(
        data,
        "job_type",
        {
            "completion": CompletionJobOut,
            "classifier": ClassifierJobOut,
        },
        (LegacyJobMetadataOut,),
    )

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: JobIn,
    dry_run: bool | None | Unset = UNSET,
) -> Response[
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
]:
    """Create a fine-tuning job

     Queues a new fine-tuning job, or with `dry_run` only estimates what it would cost and take.

    Args:
        dry_run (bool | None | Unset):
        body (JobIn): What to fine-tune, on which data, and how.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: JobIn,
    dry_run: bool | None | Unset = UNSET,
) -> (
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    """Create a fine-tuning job

     Queues a new fine-tuning job, or with `dry_run` only estimates what it would cost and take.

    Args:
        dry_run (bool | None | Unset):
        body (JobIn): What to fine-tune, on which data, and how.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return sync_detailed(
        client=client,
        body=body,
        dry_run=dry_run,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: JobIn,
    dry_run: bool | None | Unset = UNSET,
) -> Response[
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
]:
    """Create a fine-tuning job

     Queues a new fine-tuning job, or with `dry_run` only estimates what it would cost and take.

    Args:
        dry_run (bool | None | Unset):
        body (JobIn): What to fine-tune, on which data, and how.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        body=body,
        dry_run=dry_run,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: JobIn,
    dry_run: bool | None | Unset = UNSET,
) -> (
    ClassifierJobOut
    | CompletionJobOut
    | LegacyJobMetadataOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    """Create a fine-tuning job

     Queues a new fine-tuning job, or with `dry_run` only estimates what it would cost and take.

    Args:
        dry_run (bool | None | Unset):
        body (JobIn): What to fine-tune, on which data, and how.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClassifierJobOut | CompletionJobOut | LegacyJobMetadataOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            dry_run=dry_run,
        )
    ).parsed
