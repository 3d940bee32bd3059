"""The package under mistralai 2.x's module path, for code written against it.

mistralai 2.x code imports `from mistralai.client import Mistral, models, errors` (and `from mistralai.client.models
import ...`); with `mistralai` renamed to `mistral_fine_tuning` in that line, it imports this package. Nothing here is
a copy: `Mistral`, `models`, `errors`, `utils` and every model name are the package's own objects
(`mistral_fine_tuning.client.models is mistral_fine_tuning.models`). New code imports from `mistral_fine_tuning`.
"""

from typing import TYPE_CHECKING, Any

from .. import errors as errors
from .._version import __version__ as __version__
from ..errors import *  # noqa: F403  (the exception classes, as at the package's top)

__all__ = ["Mistral", "__version__", "errors", "models", "utils"]
__all__ += errors.__all__

if TYPE_CHECKING:
    from .. import models as models
    from .. import utils as utils
    from .._client import Mistral as Mistral
    from ..models import *  # noqa: F403  (every model name, as at the package's top)


if not TYPE_CHECKING:  # a module __getattr__ seen by type checkers would let them accept any name

    def __getattr__(name: str) -> Any:
        """Whatever the package offers at its top (`Mistral`, `models`, `utils`, the models), loaded on first use."""
        import sys

        return getattr(sys.modules[__name__.rpartition(".")[0]], name)
