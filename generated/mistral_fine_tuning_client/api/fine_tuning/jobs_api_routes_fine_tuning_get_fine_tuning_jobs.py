import datetime
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...models.jobs_out import JobsOut
from ...models.query_param_status import QueryParamStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    model: None | str | Unset = UNSET,
    created_after: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    created_by_me: bool | Unset = False,
    status: None | QueryParamStatus | Unset = UNSET,
    wandb_project: None | str | Unset = UNSET,
    wandb_name: None | str | Unset = UNSET,
    suffix: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_model: None | str | Unset
    if isinstance(model, Unset):
        json_model = UNSET
    else:
        json_model = model
    params["model"] = json_model

    json_created_after: None | str | Unset
    if isinstance(created_after, Unset):
        json_created_after = UNSET
    elif isinstance(created_after, datetime.datetime):
        json_created_after = created_after.isoformat()
    else:
        json_created_after = created_after
    params["created_after"] = json_created_after

    json_created_before: None | str | Unset
    if isinstance(created_before, Unset):
        json_created_before = UNSET
    elif isinstance(created_before, datetime.datetime):
        json_created_before = created_before.isoformat()
    else:
        json_created_before = created_before
    params["created_before"] = json_created_before

    params["created_by_me"] = created_by_me

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, QueryParamStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_wandb_project: None | str | Unset
    if isinstance(wandb_project, Unset):
        json_wandb_project = UNSET
    else:
        json_wandb_project = wandb_project
    params["wandb_project"] = json_wandb_project

    json_wandb_name: None | str | Unset
    if isinstance(wandb_name, Unset):
        json_wandb_name = UNSET
    else:
        json_wandb_name = wandb_name
    params["wandb_name"] = json_wandb_name

    json_suffix: None | str | Unset
    if isinstance(suffix, Unset):
        json_suffix = UNSET
    else:
        json_suffix = suffix
    params["suffix"] = json_suffix

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/fine_tuning/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ErrorResponse | HTTPValidationErrorData | JobsOut | None:
    if response.status_code == 200:
        response_200 = JobsOut.from_dict(response.json())

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


def _parse_success(data: Any) -> JobsOut:
    """The body of a 200 answer, already decoded from JSON, as its model."""
    response_200 = JobsOut.from_dict(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[ErrorResponse | HTTPValidationErrorData | JobsOut]:
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
    model: None | str | Unset = UNSET,
    created_after: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    created_by_me: bool | Unset = False,
    status: None | QueryParamStatus | Unset = UNSET,
    wandb_project: None | str | Unset = UNSET,
    wandb_name: None | str | Unset = UNSET,
    suffix: None | str | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationErrorData | JobsOut]:
    """List fine-tuning jobs

     Returns one page of the fine-tuning jobs visible to the caller, newest first, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        model (None | str | Unset):
        created_after (datetime.datetime | None | Unset):
        created_before (datetime.datetime | None | Unset):
        created_by_me (bool | Unset):  Default: False.
        status (None | QueryParamStatus | Unset):
        wandb_project (None | str | Unset):
        wandb_name (None | str | Unset):
        suffix (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | JobsOut]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
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
    model: None | str | Unset = UNSET,
    created_after: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    created_by_me: bool | Unset = False,
    status: None | QueryParamStatus | Unset = UNSET,
    wandb_project: None | str | Unset = UNSET,
    wandb_name: None | str | Unset = UNSET,
    suffix: None | str | Unset = UNSET,
) -> ErrorResponse | HTTPValidationErrorData | JobsOut | None:
    """List fine-tuning jobs

     Returns one page of the fine-tuning jobs visible to the caller, newest first, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        model (None | str | Unset):
        created_after (datetime.datetime | None | Unset):
        created_before (datetime.datetime | None | Unset):
        created_by_me (bool | Unset):  Default: False.
        status (None | QueryParamStatus | Unset):
        wandb_project (None | str | Unset):
        wandb_name (None | str | Unset):
        suffix (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | JobsOut
    """

    return sync_detailed(
        client=client,
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    model: None | str | Unset = UNSET,
    created_after: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    created_by_me: bool | Unset = False,
    status: None | QueryParamStatus | Unset = UNSET,
    wandb_project: None | str | Unset = UNSET,
    wandb_name: None | str | Unset = UNSET,
    suffix: None | str | Unset = UNSET,
) -> Response[ErrorResponse | HTTPValidationErrorData | JobsOut]:
    """List fine-tuning jobs

     Returns one page of the fine-tuning jobs visible to the caller, newest first, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        model (None | str | Unset):
        created_after (datetime.datetime | None | Unset):
        created_before (datetime.datetime | None | Unset):
        created_by_me (bool | Unset):  Default: False.
        status (None | QueryParamStatus | Unset):
        wandb_project (None | str | Unset):
        wandb_name (None | str | Unset):
        suffix (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | HTTPValidationErrorData | JobsOut]
    """

    kwargs = _get_kwargs(
        page=page,
        page_size=page_size,
        model=model,
        created_after=created_after,
        created_before=created_before,
        created_by_me=created_by_me,
        status=status,
        wandb_project=wandb_project,
        wandb_name=wandb_name,
        suffix=suffix,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 0,
    page_size: int | Unset = 100,
    model: None | str | Unset = UNSET,
    created_after: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    created_by_me: bool | Unset = False,
    status: None | QueryParamStatus | Unset = UNSET,
    wandb_project: None | str | Unset = UNSET,
    wandb_name: None | str | Unset = UNSET,
    suffix: None | str | Unset = UNSET,
) -> ErrorResponse | HTTPValidationErrorData | JobsOut | None:
    """List fine-tuning jobs

     Returns one page of the fine-tuning jobs visible to the caller, newest first, with the total count.

    Args:
        page (int | Unset):  Default: 0.
        page_size (int | Unset):  Default: 100.
        model (None | str | Unset):
        created_after (datetime.datetime | None | Unset):
        created_before (datetime.datetime | None | Unset):
        created_by_me (bool | Unset):  Default: False.
        status (None | QueryParamStatus | Unset):
        wandb_project (None | str | Unset):
        wandb_name (None | str | Unset):
        suffix (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | HTTPValidationErrorData | JobsOut
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            page_size=page_size,
            model=model,
            created_after=created_after,
            created_before=created_before,
            created_by_me=created_by_me,
            status=status,
            wandb_project=wandb_project,
            wandb_name=wandb_name,
            suffix=suffix,
        )
    ).parsed
