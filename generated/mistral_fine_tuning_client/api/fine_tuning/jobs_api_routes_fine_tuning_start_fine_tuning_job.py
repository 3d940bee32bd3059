from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.classifier_detailed_job_out import ClassifierDetailedJobOut
from ...models.completion_detailed_job_out import CompletionDetailedJobOut
from ...models.error_response import ErrorResponse
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...types import Response, UnknownVariant, parse_variant


def _get_kwargs(
    job_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/fine_tuning/jobs/{job_id}/start".format(
            job_id=quote(str(job_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> (
    ClassifierDetailedJobOut
    | CompletionDetailedJobOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant:
            result: ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant = parse_variant(
                data,
                "job_type",
                {
                    "completion": CompletionDetailedJobOut,
                    "classifier": ClassifierDetailedJobOut,
                },
            )
            return result

        response_200 = _parse_response_200(response.json())

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


def _parse_success(data: Any) -> ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant:
    """The body of a 200 answer, already decoded from JSON, as its model."""

    def _parse_response_200(data: object) -> ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant:
        result: ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant = parse_variant(
            data,
            "job_type",
            {
                "completion": CompletionDetailedJobOut,
                "classifier": ClassifierDetailedJobOut,
            },
        )
        return result

    response_200 = _parse_response_200(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[
    ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
]:
    """Start a fine-tuning job

     Starts a job that passed validation and was created without `auto_start`.

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ClassifierDetailedJobOut
    | CompletionDetailedJobOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    """Start a fine-tuning job

     Starts a job that passed validation and was created without `auto_start`.

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return sync_detailed(
        job_id=job_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
]:
    """Start a fine-tuning job

     Starts a job that passed validation and was created without `auto_start`.

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        job_id=job_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    job_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> (
    ClassifierDetailedJobOut
    | CompletionDetailedJobOut
    | UnknownVariant
    | ErrorResponse
    | HTTPValidationErrorData
    | None
):
    """Start a fine-tuning job

     Starts a job that passed validation and was created without `auto_start`.

    Args:
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClassifierDetailedJobOut | CompletionDetailedJobOut | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return (
        await asyncio_detailed(
            job_id=job_id,
            client=client,
        )
    ).parsed
