"""A fast, typed client for Mistral's fine-tuning API: jobs, and the files and models around them.

    from mistral_fine_tuning import Mistral, models, utils

    with Mistral(api_key="...") as mistral:
        page = mistral.fine_tuning.jobs.list()

`models` holds the request and response types (under both generations of the official SDK's names) and the
errors, `utils` the retry settings, `errors` the exception tree (its classes are also here), and `testing` a local
fake of the API for tests and demos. As in mistralai 1.x, every model is also importable from here
(`from mistral_fine_tuning import CompletionJobOut`); `mistral_fine_tuning.client` is this package under mistralai
2.x's path (`from mistral_fine_tuning.client import Mistral, models, errors`).
"""

from typing import TYPE_CHECKING, Any

from . import errors
from ._version import __version__
from .errors import *  # noqa: F403  (the exception classes: errors.__all__)

__all__ = ["Mistral", "__version__", "errors", "models", "utils"]
__all__ += errors.__all__

if TYPE_CHECKING:
    from . import models, utils
    from ._client import Mistral
    from .models import *  # noqa: F403  (mistralai 1.x re-exports every model at its top level)


if not TYPE_CHECKING:  # a module __getattr__ seen by type checkers would let them accept any name

    def __getattr__(name: str) -> Any:
        """`Mistral`, `models`, `utils` and the models load on first use, so `mistral-ft --help` and `errors` alone
        stay light."""
        import importlib

        if name == "Mistral":
            from ._client import Mistral

            return Mistral
        if name in ("models", "utils", "data", "pagination", "waiting", "retry_policy", "testing"):
            return importlib.import_module(f".{name}", __name__)
        if name[:1].isupper():  # a model or another name of `models`, as mistralai 1.x offers them here
            from . import models

            try:
                return getattr(models, name)
            except AttributeError:
                pass
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
