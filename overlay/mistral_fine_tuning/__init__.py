"""A fast, typed client for Mistral's fine-tuning jobs API.

    from mistral_fine_tuning import Mistral, models, utils

    with Mistral(api_key="...") as mistral:
        page = mistral.fine_tuning.jobs.list()

`models` holds the request and response types (under both generations of the official SDK's names) and the
errors, `utils` the retry settings, `errors` the exception tree (its classes are also here), and `testing` a local
fake of the API for tests and demos.
"""

from . import errors, models, utils
from ._client import Mistral
from ._version import __version__
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    EventLoopError,
    InputValidationError,
    InternalServerError,
    MistralFineTuningError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SDKError,
    UnexpectedArgumentError,
    UnprocessableEntityError,
    WaitTimeoutError,
)

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "InputValidationError",
    "InternalServerError",
    "Mistral",
    "MistralFineTuningError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "SDKError",
    "UnexpectedArgumentError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "__version__",
    "errors",
    "models",
    "utils",
]
