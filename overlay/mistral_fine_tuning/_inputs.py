"""Checks and conversions of call arguments, done before anything is sent.

Each function returns the value in the form the generated code takes, or raises InputValidationError naming the
parameter. Plain dicts are accepted wherever a model is, checked against the model's known fields.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

from . import _api as gen
from .errors import InputValidationError

if TYPE_CHECKING:
    import attrs

# A job id becomes one path segment: nothing in it may start another segment, a query or a fragment.
_FORBIDDEN_IN_ID: Final = re.compile(r"[/?#%\\\s\x00-\x1f\x7f]|\.\.")
_LIST_STATUSES: Final = frozenset(
    {
        "QUEUED",
        "STARTED",
        "VALIDATING",
        "VALIDATED",
        "RUNNING",
        "FAILED_VALIDATION",
        "FAILED",
        "SUCCESS",
        "CANCELLED",
        "CANCELLATION_REQUESTED",
    }
)
_JOB_TYPES: Final = frozenset({"completion", "classifier"})


M = TypeVar("M")


def job_id(value: object) -> str:
    """A job id as a path segment that cannot leave its place in the URL."""
    text = value
    if not isinstance(value, str):
        import uuid  # only for the rare id given as a UUID object

        text = str(value) if isinstance(value, uuid.UUID) else value
    if not isinstance(text, str):
        raise InputValidationError("job_id", f"must be a string, got {type(value).__name__}")
    if not text:
        raise InputValidationError("job_id", "must not be empty")
    if text == "." or _FORBIDDEN_IN_ID.search(text):  # "." is a dot segment: the URL would drop it
        raise InputValidationError(
            "job_id", f"{text[:60]!r} contains a character that is not allowed in an id ('/', '?', '#', '%', '..', ...)"
        )
    return text


def non_negative_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputValidationError(name, f"must be an integer >= 0, got {value!r}")
    return value


def positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputValidationError(name, f"must be an integer >= 1, got {value!r}")
    return value


def flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InputValidationError(name, f"must be True or False, got {value!r}")
    return value


def optional_text(name: str, value: object) -> str | gen.Unset | None:
    if value is None or isinstance(value, gen.Unset | str):
        return value
    raise InputValidationError(name, f"must be a string or None, got {type(value).__name__}")


def list_status(value: object) -> gen.QueryParamStatus | gen.Unset | None:
    """The `status` filter of list: one of the ten job statuses."""
    if value is None or isinstance(value, gen.Unset):
        return value
    if not isinstance(value, str) or value not in _LIST_STATUSES:
        raise InputValidationError("status", f"must be one of {', '.join(sorted(_LIST_STATUSES))}; got {value!r}")
    return gen.QueryParamStatus(value)


def instant(name: str, value: object) -> datetime.datetime | gen.Unset | None:
    """A date-time filter: a datetime, or an ISO 8601 string."""
    if value is None or isinstance(value, gen.Unset | datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise InputValidationError(name, f"must be a datetime or an ISO 8601 string, got {value!r}")


def job_type(value: object) -> gen.FineTuneableModelType | gen.Unset | None:
    if value is None or isinstance(value, gen.Unset):
        return value
    if not isinstance(value, str) or value not in _JOB_TYPES:
        raise InputValidationError("job_type", f"must be 'completion' or 'classifier', got {value!r}")
    return gen.FineTuneableModelType(value)


@cache
def _field_types(cls: type[attrs.AttrsInstance]) -> dict[str, Any]:
    """The resolved annotation of each field of a generated model, by attribute name."""
    return typing.get_type_hints(cls)


def _conforms(value: object, hint: Any) -> bool:
    """Whether a field value matches its annotation, as far as JSON values go (ints pass for floats, bools don't)."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return any(_conforms(value, arg) for arg in typing.get_args(hint))
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_conforms(element, item) for element in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is type(None):
        return value is None
    return hint is Any or not isinstance(hint, type) or isinstance(value, hint)


def _check_fields(name: str, instance: attrs.AttrsInstance) -> None:
    """Refuse a model whose fields (nested models included) do not have the types the API takes."""
    import attrs  # loaded with the models anyway; not needed to import the package

    cls = type(instance)
    hints = _field_types(cls)
    for field in attrs.fields(cls):
        if field.name == "additional_properties":
            continue
        value = getattr(instance, field.name)
        where = f"{name}.{field.name.rstrip('_')}"
        if not _conforms(value, hints[field.name]):
            raise InputValidationError(where, f"has the wrong type: {type(value).__name__} {value!r}"[:200])
        for item in value if isinstance(value, list) else (value,):
            if attrs.has(type(item)):
                _check_fields(where, item)


def model(name: str, cls: type[M], value: object) -> M:
    """`value` as an instance of the generated model `cls`; a mapping must use only the model's JSON field names."""
    if isinstance(value, cls):
        _check_fields(name, typing.cast("attrs.AttrsInstance", value))
        return value
    if not isinstance(value, Mapping):
        raise InputValidationError(name, f"must be a {cls.__name__} or a dict, got {type(value).__name__}")
    known: frozenset[str] = getattr(cls, "JSON_FIELDS", frozenset())
    unknown = sorted(str(key) for key in value if key not in known)
    if unknown:
        raise InputValidationError(
            name, f"unknown field(s) {', '.join(unknown)} for {cls.__name__} (known: {', '.join(sorted(known))})"
        )
    try:
        parsed: M = cls.from_dict(value)  # type: ignore[attr-defined]
    except KeyError as exc:
        raise InputValidationError(name, f"the field {exc.args[0]!r} is required") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputValidationError(name, str(exc)) from exc
    _check_fields(name, typing.cast("attrs.AttrsInstance", parsed))
    return parsed


def _items(name: str, values: object) -> list[object]:
    """The items of a list argument; a string or a mapping is not taken for a list."""
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InputValidationError(name, f"must be a list, got {type(values).__name__}")
    return list(values)


def models(name: str, cls: type[M], values: object) -> list[M] | gen.Unset | None:
    """A list of models (or dicts), None, or UNSET."""
    if values is None or isinstance(values, gen.Unset):
        return values
    return [model(f"{name}[{index}]", cls, item) for index, item in enumerate(_items(name, values))]


def training_files(values: object) -> list[gen.TrainingFile] | gen.Unset:
    """Training files as TrainingFile models, dicts, or bare file ids."""
    if isinstance(values, gen.Unset):
        return values
    if values is None:
        raise InputValidationError("training_files", "must be a list (it is not nullable)")
    items = [{"file_id": item} if isinstance(item, str) else item for item in _items("training_files", values)]
    return [model(f"training_files[{index}]", gen.TrainingFile, item) for index, item in enumerate(items)]


def text_list(name: str, values: object) -> list[str] | gen.Unset | None:
    if values is None or isinstance(values, gen.Unset):
        return values
    items = _items(name, values)
    if not all(isinstance(item, str) for item in items):
        raise InputValidationError(name, "must contain only strings")
    return typing.cast(list[str], items)


def number(name: str, value: object) -> float | gen.Unset:
    if isinstance(value, gen.Unset):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputValidationError(name, f"must be a number, got {value!r}")
    return value


def hyperparameters(
    value: object, kind: gen.FineTuneableModelType | gen.Unset | None
) -> gen.CompletionTrainingParametersIn | gen.ClassifierTrainingParametersIn:
    """Hyperparameters as a model; a dict becomes the classifier kind for classifier jobs, else the completion kind."""
    if isinstance(value, gen.CompletionTrainingParametersIn | gen.ClassifierTrainingParametersIn):
        return model("hyperparameters", type(value), value)
    if kind == "classifier":
        return model("hyperparameters", gen.ClassifierTrainingParametersIn, value)
    return model("hyperparameters", gen.CompletionTrainingParametersIn, value)


def secrets_of(job: gen.JobIn) -> list[str]:
    """The secrets a job request carries (W&B keys, GitHub tokens), to scrub from any error text."""
    found: list[str] = []
    if isinstance(job.integrations, list):
        found.extend(item.api_key for item in job.integrations if isinstance(item.api_key, str))
    if isinstance(job.repositories, list):
        found.extend(item.token for item in job.repositories if isinstance(item.token, str))
    return found
