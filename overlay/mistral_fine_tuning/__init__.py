"""A fast, typed client for Mistral's fine-tuning jobs API.

    from mistral_fine_tuning import Mistral, models, utils

    with Mistral(api_key="...") as mistral:
        page = mistral.fine_tuning.jobs.list()

`models` holds the request and response types (under both generations of the official SDK's names) and the
errors, `utils` the retry settings, `errors` the exception tree (its classes are also here), and `testing` a local
fake of the API for tests and demos.
"""

from typing import TYPE_CHECKING, Any

from . import errors
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

if TYPE_CHECKING:
    from . import models, utils
    from ._client import Mistral


def __getattr__(name: str) -> Any:
    """`Mistral`, `models` and `utils` load on first use, so `mistral-ft --help` and `errors` alone stay light."""
    import importlib

    if name == "Mistral":
        from ._client import Mistral

        return Mistral
    if name in ("models", "utils"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
