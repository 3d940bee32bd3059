"""What the fake takes mechanically from the code generated out of ``openapi.yaml``.

- ``ROUTES``: every operation's name (its operationId), HTTP method and path template;
- the job statuses, job types and loss functions, from the generated enums;
- the query parameters of the list and create operations, from the signatures of their generated ``_get_kwargs``:
  each parameter's name, its type (read from the annotation) and its default.

A status, job type, loss function, route or query parameter added to the spec therefore reaches the fake by
regenerating the client, with no edit here.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Union, get_args, get_origin

from .._generated.api.fine_tuning import ROUTES
from .._generated.api.fine_tuning import jobs_api_routes_fine_tuning_create_fine_tuning_job as create_op
from .._generated.api.fine_tuning import jobs_api_routes_fine_tuning_get_fine_tuning_jobs as list_op
from .._generated.models.fine_tuneable_model_type import FineTuneableModelType
from .._generated.models.ft_classifier_loss_function import FTClassifierLossFunction
from .._generated.models.query_param_status import QueryParamStatus
from .._generated.types import Unset

__all__ = [
    "JOB_STATUSES",
    "JOB_TYPES",
    "LOSS_FUNCTIONS",
    "ROUTES",
    "QueryParam",
    "query_params",
]

# Iterating a generated enum yields its declared members only, never the UNKNOWN pseudo-members it makes up.
JOB_STATUSES: Final[tuple[str, ...]] = tuple(member.value for member in QueryParamStatus)
JOB_TYPES: Final[tuple[str, ...]] = tuple(member.value for member in FineTuneableModelType)
LOSS_FUNCTIONS: Final[tuple[str, ...]] = tuple(member.value for member in FTClassifierLossFunction)

_SCALARS: Final[Mapping[str, str]] = {
    "int": "int",
    "bool": "bool",
    "str": "str",
    "float": "float",
    "datetime": "datetime",
    "datetime.datetime": "datetime",
}
_ABSENT_MARKERS: Final = frozenset({"None", "NoneType", "Unset"})


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One query parameter of an operation, as its generated signature declares it."""

    name: str
    kind: str
    """``int``, ``bool``, ``str``, ``float``, ``datetime`` or ``enum``; anything else is the annotation's text."""
    default: Any = None
    """The value an absent parameter stands for; None when absent means "no value" (``Unset`` in the signature)."""
    choices: tuple[str, ...] = ()
    """The allowed values of an ``enum`` parameter, in declaration order."""

    @property
    def supported(self) -> bool:
        """Whether the fake knows how to validate a value of this kind."""
        return self.kind in ("int", "bool", "str", "float", "datetime", "enum")


def _members(annotation: Any, namespace: Mapping[str, Any]) -> list[Any]:
    """Split a union annotation (an object or its text, as ``from __future__ import annotations`` leaves it)."""
    if isinstance(annotation, str):
        return [_resolve(part.strip(), namespace) for part in annotation.split("|")]
    if get_origin(annotation) in (Union, types.UnionType):
        return list(get_args(annotation))
    return [annotation]


def _resolve(text: str, namespace: Mapping[str, Any]) -> Any:
    if text in _SCALARS or text in _ABSENT_MARKERS:
        return text
    return namespace.get(text.rsplit(".", 1)[-1], text)


def _kind(annotation: Any, namespace: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    """Return (kind, enum choices) for one parameter's annotation."""
    present: list[Any] = []
    for member in _members(annotation, namespace):
        name = member if isinstance(member, str) else getattr(member, "__name__", repr(member))
        if member is type(None) or (isinstance(member, type) and issubclass(member, Unset)) or name in _ABSENT_MARKERS:
            continue
        present.append(member)
    if len(present) != 1:
        return " | ".join(str(item) for item in present) or "None", ()
    only = present[0]
    if isinstance(only, type) and issubclass(only, enum.Enum):
        return "enum", tuple(str(member.value) for member in only)
    if only is datetime.datetime:
        return "datetime", ()
    if isinstance(only, type) and only.__name__ in _SCALARS:
        return _SCALARS[only.__name__], ()
    if isinstance(only, str) and only in _SCALARS:
        return _SCALARS[only], ()
    return str(getattr(only, "__name__", only)), ()


def query_params(module: types.ModuleType, path_params: frozenset[str] = frozenset()) -> tuple[QueryParam, ...]:
    """Read the query parameters from a generated operation module's ``_get_kwargs`` signature.

    Path parameters (named in ``path_params``) and the JSON ``body`` are left out; every other parameter is a
    query parameter, which is what the generator produces for this spec.
    """
    signature = inspect.signature(module._get_kwargs)
    namespace = vars(module)
    result: list[QueryParam] = []
    for parameter in signature.parameters.values():
        if parameter.name == "body" or parameter.name in path_params:
            continue
        kind, choices = _kind(parameter.annotation, namespace)
        default = parameter.default
        if default is inspect.Parameter.empty or isinstance(default, Unset):
            default = None
        elif isinstance(default, enum.Enum):
            default = default.value
        result.append(QueryParam(parameter.name, kind, default, choices))
    return tuple(result)


LIST_OPERATION: Final = list_op.__name__.rsplit(".", 1)[-1]
CREATE_OPERATION: Final = create_op.__name__.rsplit(".", 1)[-1]
QUERY_PARAMS: Final[Mapping[str, tuple[QueryParam, ...]]] = {
    LIST_OPERATION: query_params(list_op),
    CREATE_OPERATION: query_params(create_op),
}
"""Query parameters per operation name, for the operations that take any."""
