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
from types import ModuleType
from typing import Any

from . import _generated
from ._generated import models
from ._generated.api import files, fine_tuning
from ._generated.api import models as models_api
from ._generated.types import (
    UNSET,
    ConstMismatch,
    File,
    Model,
    ModelValidationError,
    Operation,
    Parameter,
    UnknownVariant,
    Unset,
)

_TAGS: tuple[ModuleType, ...] = (fine_tuning, files, models_api)  # each tag's operations, as generated
# Every operation of the spec, by its generated module's name (its operationId, made a Python identifier).
OPERATIONS: dict[str, Operation] = {name: operation for tag in _TAGS for name, operation in tag.OPERATIONS.items()}
# Every route of the spec: (module, METHOD, path template).
ROUTES: tuple[tuple[str, str, str], ...] = tuple(route for tag in _TAGS for route in tag.ROUTES)
_TAG_OF: dict[str, ModuleType] = {op.module: tag for tag in _TAGS for op in tag.OPERATIONS.values()}
# The names of the generated models (and request models' TypedDicts).
MODEL_NAMES: frozenset[str] = frozenset(models.__all__)


def operation_module(operation: Operation) -> ModuleType:
    """The generated module of `operation` (`_get_kwargs`, `_parse_success`), imported on first use."""
    module: ModuleType = _TAG_OF[operation.module].load(operation.module)
    return module


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
    "File",
    "Model",
    "ModelValidationError",
    "Operation",
    "Parameter",
    "UnknownVariant",
    "Unset",
    "files",
    "fine_tuning",
    "model_class",
    "models",
    "models_api",
    "openapi_spec",
    "operation_module",
]
