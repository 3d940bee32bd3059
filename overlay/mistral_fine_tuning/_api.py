"""The seam: the only module of the overlay that imports the generated code.

The generated package is the private subpackage `._generated` (in the repository a link to
`generated/mistral_fine_tuning_client`, in the wheel a copy), and every import of it is a plain relative import
statement, so a copy of `mistral_fine_tuning/` under any other name (vendoring) keeps working untouched.

What is imported at once is light: the shared types, and each tag's description of its operations (routes, keyword
arguments, defaults). The models and an operation's module load on first use, so `import mistral_fine_tuning` and
`Mistral().fine_tuning.jobs` stay cheap.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import _generated
from ._generated import models
from ._generated.api import fine_tuning
from ._generated.types import (
    UNSET,
    ConstMismatch,
    Model,
    ModelValidationError,
    Operation,
    Parameter,
    UnknownVariant,
    Unset,
)

if TYPE_CHECKING:
    from types import ModuleType

# Every operation of the spec, by its generated module's name (the operationId).
OPERATIONS: dict[str, Operation] = {**fine_tuning.OPERATIONS}
# Every route of the spec: (module, METHOD, path template).
ROUTES: tuple[tuple[str, str, str], ...] = (*fine_tuning.ROUTES,)
# The names of the generated models (and request models' TypedDicts).
MODEL_NAMES: frozenset[str] = frozenset(models.__all__)


def operation_module(operation: Operation) -> ModuleType:
    """The generated module of `operation` (`_get_kwargs`, `_parse_success`), imported on first use."""
    return fine_tuning.load(operation.module)


def model_class(name: str) -> Any:
    """A generated model class by name, imported on first use."""
    return getattr(models, name)


@functools.cache
def openapi_spec() -> dict[str, Any]:
    """The OpenAPI document the code was generated from, decoded once; shared, so treat it as read-only.

    `make generate` writes it beside the generated code as `openapi.json`; it is found relative to this package,
    so a vendored copy reads its own.
    """
    import json  # here, not at the top: only the fake server reads the spec, the client's import stays light
    from importlib.resources import files

    document: dict[str, Any] = json.loads(files(_generated).joinpath("openapi.json").read_bytes())
    return document


__all__ = [
    "MODEL_NAMES",
    "OPERATIONS",
    "ROUTES",
    "UNSET",
    "ConstMismatch",
    "Model",
    "ModelValidationError",
    "Operation",
    "Parameter",
    "UnknownVariant",
    "Unset",
    "fine_tuning",
    "model_class",
    "models",
    "openapi_spec",
    "operation_module",
]
