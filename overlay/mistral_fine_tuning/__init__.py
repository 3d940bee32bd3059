"""A fast, typed client for Mistral's fine-tuning jobs API.

    from mistral_fine_tuning import Mistral, models, utils

    with Mistral(api_key="...") as mistral:
        page = mistral.fine_tuning.jobs.list()

`models` holds the request and response types and the errors, `utils` the retry settings, `errors` the exception
tree, and `testing` a local fake of the API for tests and demos.
"""

from . import errors, models, utils
from ._client import Mistral
from ._version import __version__

__all__ = ["Mistral", "__version__", "errors", "models", "utils"]
