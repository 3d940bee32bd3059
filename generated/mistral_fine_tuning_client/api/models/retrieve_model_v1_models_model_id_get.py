from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.base_model_card import BaseModelCard
from ...models.error_response import ErrorResponse
from ...models.ft_model_card import FTModelCard
from ...models.http_validation_error_data import HTTPValidationErrorData
from ...types import Response, UnknownVariant, parse_variant


def _get_kwargs(
    model_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/models/{model_id}".format(
            model_id=quote(str(model_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> BaseModelCard | FTModelCard | UnknownVariant:
            result: BaseModelCard | FTModelCard | UnknownVariant = parse_variant(
                data,
                "type",
                {
                    "base": BaseModelCard,
                    "fine-tuned": FTModelCard,
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


def _parse_success(data: Any) -> BaseModelCard | FTModelCard | UnknownVariant:
    """The body of a 200 answer, already decoded from JSON, as its model."""

    def _parse_response_200(data: object) -> BaseModelCard | FTModelCard | UnknownVariant:
        result: BaseModelCard | FTModelCard | UnknownVariant = parse_variant(
            data,
            "type",
            {
                "base": BaseModelCard,
                "fine-tuned": FTModelCard,
            },
        )
        return result

    response_200 = _parse_response_200(data)

    return response_200


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData]:
    """Retrieve a model

     Returns the card of a model, base or fine-tuned.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData | None:
    """Retrieve a model

     Returns the card of a model, base or fine-tuned.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return sync_detailed(
        model_id=model_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData]:
    """Retrieve a model

     Returns the card of a model, base or fine-tuned.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData | None:
    """Retrieve a model

     Returns the card of a model, base or fine-tuned.

    Args:
        model_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BaseModelCard | FTModelCard | UnknownVariant | ErrorResponse | HTTPValidationErrorData
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            client=client,
        )
    ).parsed
