"""Checking and converting a call's arguments before anything is sent, from the generated code's own types.

Nothing here knows a parameter by name. Each operation's arguments are described by the generated `Operation`
(names, where they go, defaults), and each value is checked against the annotation the generated code gives it: the
`_get_kwargs` argument for path and query parameters, the body model's attribute for a body field. So a parameter,
field or enum value added to the spec is checked with no edit here. What a value may be (the generated TypedDicts
say the same to type checkers):

- a model: an instance, a dict of its JSON fields (unknown keys refused), or, for a model whose only required field
  is a string, that string (a training file as its id);
- an enum: a member, or one of its values (a value the spec does not list is refused, unless the spec marks the enum
  `x-speakeasy-unknown-values: allow`: then any non-empty string is sent as given);
- a date-time: a `datetime` or ISO 8601 text; one without a time zone is taken as UTC;
- a list: any iterable but a string or a mapping; a number: an int or a float, never a bool.

A failed check raises `InputValidationError` naming the argument (or field path).
"""

from __future__ import annotations

import datetime
import enum
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from . import _api
from .errors import InputValidationError, UnexpectedArgumentError

if TYPE_CHECKING:
    from types import ModuleType


Convert = Callable[[str, Any], Any]

# A path parameter becomes one path segment: nothing in it may start another segment, a query or a fragment.
_FORBIDDEN_IN_SEGMENT: Final = re.compile(r"[/?#%\\\s\x00-\x1f\x7f]|\.\.")
_NONE_TYPE: Final = type(None)


def path_segment(name: str, value: Any) -> str:
    """A path parameter as text that cannot leave its place in the URL."""
    text = value
    if not isinstance(value, str):
        import uuid  # only for the rare id given as a UUID object

        text = str(value) if isinstance(value, uuid.UUID) else value
    if not isinstance(text, str):
        raise InputValidationError(name, f"must be a string, got {type(value).__name__}")
    if not text:
        raise InputValidationError(name, "must not be empty")
    if text == "." or _FORBIDDEN_IN_SEGMENT.search(text):  # "." is a dot segment: the URL would drop it
        raise InputValidationError(
            name, f"{text[:60]!r} contains a character that is not allowed in an id ('/', '?', '#', '%', '..', ...)"
        )
    return text


# --- converters, one per annotation -------------------------------------------------------------------------------


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, _api.Model)


def _union_members(hint: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return None


def converter(hint: Any) -> Convert:
    """A function `(where, value) -> value` that checks `value` against `hint` and returns it in the form the
    generated code takes, or raises InputValidationError mentioning `where`."""
    members = _union_members(hint)
    if members is not None:
        return _union(members)
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return _list(converter(item))
    if origin is typing.Literal:
        return _literal(typing.get_args(hint))
    if origin is dict or hint is dict:
        return _mapping
    if hint is Any or hint is object:
        return _anything
    if hint is _api.File:  # a binary field (an upload's file): every shape the official SDKs take, and paths
        from ._uploads import file_part

        return file_part
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return _enum(hint)
        if _is_model(hint):
            return _model(hint)
        if hint is datetime.datetime:
            return _instant
        if hint is bool:
            return _flag
        if hint is int:
            return _integer
        if hint is float:
            return _number
        if hint is str:
            return _text
    raise TypeError(f"no argument check for the annotation {hint!r}")  # a generator change this module must learn


def _anything(where: str, value: Any) -> Any:
    return value


def _union(members: tuple[Any, ...]) -> Convert:
    allow_none = _NONE_TYPE in members
    allow_unset = _api.Unset in members
    rest = [member for member in members if member is not _NONE_TYPE and member is not _api.Unset]
    models = [member for member in rest if _is_model(member)]
    if len(rest) == 1:
        inner = converter(rest[0])
    elif models and len(models) == len(rest):
        inner = _model_union(tuple(models))
    else:
        inner = _first_fit([converter(member) for member in rest], rest)

    def convert(where: str, value: Any) -> Any:
        if value is None:
            if allow_none:
                return None
            raise InputValidationError(where, "must not be None (the API does not take null here)")
        if isinstance(value, _api.Unset):
            if allow_unset:
                return value
            raise InputValidationError(where, "is required")
        return inner(where, value)

    return convert


def _first_fit(converters: list[Convert], members: list[Any]) -> Convert:
    def convert(where: str, value: Any) -> Any:
        for each in converters:
            try:
                return each(where, value)
            except InputValidationError:
                continue
        names = " or ".join(getattr(member, "__name__", str(member)) for member in members)
        raise InputValidationError(where, f"must be {names}, got {type(value).__name__}")

    return convert


def _items(where: str, values: object) -> list[object]:
    """The items of a list argument; a string or a mapping is not taken for a list."""
    if isinstance(values, str | bytes | Mapping | _api.Model) or not isinstance(values, Iterable):
        raise InputValidationError(where, f"must be a list, got {type(values).__name__}")
    return list(values)


def _list(item: Convert) -> Convert:
    def convert(where: str, value: Any) -> Any:
        return [item(f"{where}[{index}]", element) for index, element in enumerate(_items(where, value))]

    return convert


def _literal(allowed: tuple[Any, ...]) -> Convert:
    def convert(where: str, value: Any) -> Any:
        if value in allowed and type(value) in {type(option) for option in allowed}:
            return value
        raise InputValidationError(where, f"must be {' or '.join(repr(option) for option in allowed)}, got {value!r}")

    return convert


def _mapping(where: str, value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise InputValidationError(where, f"must be a dict, got {type(value).__name__}")
    return dict(value)


def _enum(cls: type[enum.Enum]) -> Convert:
    known = {member.value: member for member in cls}  # the values the spec lists (not pseudo-members for unknowns)

    def convert(where: str, value: Any) -> Any:
        member = known.get(value.value if isinstance(value, cls) else value) if isinstance(value, str) else None
        if member is None:
            if isinstance(value, str) and value and _open_enum(cls.__name__):
                return cls(value)  # the generated enum keeps a value it does not list as a pseudo-member
            raise InputValidationError(where, f"must be one of {', '.join(map(str, known))}; got {value!r}")
        return member

    return convert


@cache
def _open_enum(name: str) -> bool:
    """Whether the spec marks the enum schema `name` `x-speakeasy-unknown-values: allow` (a file's purpose): the API
    takes values it does not list, so they are sent as given. Read only when a value is not listed."""
    schema = _api.openapi_spec().get("components", {}).get("schemas", {}).get(name, {})
    return isinstance(schema, dict) and schema.get("x-speakeasy-unknown-values") == "allow"


def _instant(where: str, value: Any) -> datetime.datetime:
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if not isinstance(moment, datetime.datetime):
        raise InputValidationError(where, f"must be a datetime or an ISO 8601 string, got {value!r}")
    # No zone given: UTC (the server reads it so too), sent with an explicit "Z".
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment


def _flag(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputValidationError(where, f"must be True or False, got {value!r}")
    return value


def _integer(where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputValidationError(where, f"must be an integer, got {value!r}")
    return value


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputValidationError(where, f"must be a number, got {value!r}")
    return value


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InputValidationError(where, f"must be a string, got {type(value).__name__}")
    return value


# --- models --------------------------------------------------------------------------------------------------------


@cache
def _field_types(cls: Any) -> dict[str, Any]:
    """The resolved annotation of each field of a generated model, by attribute name."""
    return typing.get_type_hints(cls)


@cache
def _shorthand(cls: Any) -> str | None:
    """The JSON name of a model's only required field when it is a string (the model may be given as that string)."""
    import attrs

    required = [field for field in attrs.fields(cls) if field.default is attrs.NOTHING and field.init]
    if len(required) == 1 and _field_types(cls)[required[0].name] is str:
        return dict(cls._FIELD_NAMES)[required[0].name]  # type: ignore[no-any-return]
    return None


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
    if hint is _NONE_TYPE:
        return value is None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return isinstance(value, hint) or value in {member.value for member in hint}
    return hint is Any or not isinstance(hint, type) or isinstance(value, hint)


def _expected(hint: Any) -> str:
    """What a value of this annotation is, in words: "an integer or None"."""
    members = _union_members(hint)
    if members is not None:
        return " or ".join(dict.fromkeys(_expected(member) for member in members if member is not _api.Unset))
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(option) for option in typing.get_args(hint))
    if origin is list:
        return "a list"
    if origin is dict or hint is dict:
        return "a dict"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "one of " + ", ".join(repr(member.value) for member in hint)
    if _is_model(hint):
        return f"a {hint.__name__} or a dict"
    words = {int: "an integer", float: "a number", str: "a string", bool: "True or False", _NONE_TYPE: "None"}
    return words.get(hint, getattr(hint, "__name__", str(hint)))


def _check_fields(where: str, instance: Any) -> None:
    """Refuse a model whose fields (nested models included) do not have the types the API takes."""
    import attrs  # loaded with the models anyway; not needed to import the package

    cls: Any = type(instance)
    hints = _field_types(cls)
    names = dict(cls._FIELD_NAMES)
    for field in attrs.fields(cls):
        if field.name not in names:
            continue
        value = getattr(instance, field.name)
        at = f"{where}.{names[field.name]}"
        if not _conforms(value, hints[field.name]):
            shown = f"{type(value).__name__} {value!r}"[:120]
            raise InputValidationError(at, f"expected {_expected(hints[field.name])}, got {shown}")
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, _api.Model):
                _check_fields(at, item)


def suggestion(name: str, known: Iterable[str]) -> str | None:
    """The known name a misspelt or abbreviated one most likely stands for (`lr` for `learning_rate`), if any."""
    import difflib

    choices = sorted(known)
    lowered = name.lower()
    for choice in choices:  # an abbreviation by initials (lr, wd) or by its first word (warmup)
        words = choice.split("_")
        if len(words) > 1 and lowered in ("".join(word[0] for word in words), words[0]):
            return choice
    close = difflib.get_close_matches(lowered, choices, n=1)
    if close:
        return close[0]
    containing = [choice for choice in choices if lowered in choice.split("_")]  # "steps" for training_steps
    return containing[0] if len(containing) == 1 else None


def _from_mapping(
    cls: type[Any], where: str, value: Mapping[Any, Any], *, chosen_by: str = "", others: tuple[type[Any], ...] = ()
) -> Any:
    known: frozenset[str] = cls.JSON_FIELDS
    unknown = sorted(str(key) for key in value if key not in known)
    if unknown:
        hints = []
        for name in unknown:
            owner = next((other.__name__ for other in others if name in other.JSON_FIELDS), None)
            close = None if owner else suggestion(name, known)
            if owner:
                hints.append(f"{name!r} is a field of {owner}")
            elif close:
                hints.append(f"{name!r}: did you mean {close!r}?")
        what = f"{cls.__name__} ({chosen_by})" if chosen_by else cls.__name__
        raise InputValidationError(
            where,
            f"unknown field(s) {', '.join(unknown)} for {what}"
            + (f"; {'; '.join(hints)}" if hints else "")
            + f" (known: {', '.join(sorted(known))})",
        )
    try:
        parsed = cls.from_dict(value)
    except KeyError as exc:
        raise InputValidationError(where, f"the field {exc.args[0]!r} is required") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputValidationError(where, str(exc)) from exc
    _check_fields(where, parsed)
    return parsed


def _same_shape(value: Any, cls: Any) -> bool:
    """Whether `value` is a model of another class whose fields `cls` has all (mistralai 2.x has one class for the
    request and response twins, such as CompletionTrainingParameters(In)): it is taken through its JSON form."""
    return isinstance(value, _api.Model) and cls.JSON_FIELDS.issuperset(value.JSON_FIELDS)


def _model(cls: Any, *, chosen_by: str = "", others: tuple[type[Any], ...] = ()) -> Convert:
    """The converter of a model argument; `chosen_by` says what picked this model among `others` (a member of a
    union picked by another argument, as `job_type` picks the kind of hyperparameters)."""

    def convert(where: str, value: Any) -> Any:
        if isinstance(value, cls):
            _check_fields(where, value)
            return value
        if _same_shape(value, cls):
            value = value.to_dict()
        if isinstance(value, str) and (field := _shorthand(cls)) is not None:
            value = {field: value}
        if not isinstance(value, Mapping):
            because = f" ({chosen_by})" if chosen_by else ""
            raise InputValidationError(
                where, f"must be a {cls.__name__} or a dict{because}, got {type(value).__name__}"
            )
        return _from_mapping(cls, where, value, chosen_by=chosen_by, others=others)

    return convert


def _model_union(members: tuple[type[Any], ...]) -> Convert:
    # A dict goes to the narrowest member whose fields cover its keys (the same JSON either way), as a smart union
    # picks; when none does, the member knowing most of its keys reports the others.
    by_size = sorted(members, key=lambda cls: len(cls.JSON_FIELDS))

    def convert(where: str, value: Any) -> Any:
        if isinstance(value, members):
            _check_fields(where, value)
            return value
        if isinstance(value, _api.Model) and any(_same_shape(value, cls) for cls in members):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            names = " or ".join(cls.__name__ for cls in members)
            raise InputValidationError(where, f"must be a {names} or a dict, got {type(value).__name__}")
        fitting = next((cls for cls in by_size if cls.JSON_FIELDS.issuperset(value)), None)
        if fitting is None:
            fitting = min(members, key=lambda cls: sum(key not in cls.JSON_FIELDS for key in value))
        return _from_mapping(fitting, where, value, others=tuple(cls for cls in members if cls is not fitting))

    return convert


def _chooser(hint: Any, members: tuple[Any, ...]) -> dict[Any, Any] | None:
    """When `hint` is an enum whose every value names one of the model `members` (the job type "classifier" and the
    union's `ClassifierTrainingParametersIn`), the member each value picks; else None."""
    enums: list[type[enum.Enum]] = [
        member
        for member in (_union_members(hint) or (hint,))
        if isinstance(member, type) and issubclass(member, enum.Enum)
    ]
    if len(enums) != 1:
        return None
    picks: dict[Any, Any] = {}
    for option in enums[0]:
        named = [cls for cls in members if cls.__name__.lower().startswith(str(option.value).lower())]
        if len(named) != 1:
            return None
        picks[option.value] = named[0]
    return picks


def secrets_of(value: Any) -> list[str]:
    """The secrets inside a request body (W&B keys, GitHub tokens: the models' SECRET_FIELDS), to scrub from any
    error text."""
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            found.extend(secrets_of(item))
    elif isinstance(value, _api.Model):
        for attribute, _name in value._FIELD_NAMES:
            field = getattr(value, attribute)
            if attribute in value.SECRET_FIELDS and isinstance(field, str):
                found.append(field)
            elif isinstance(field, list | _api.Model):
                found.extend(secrets_of(field))
    return found


# --- one operation's arguments ------------------------------------------------------------------------------------


class Arguments:
    """An operation's keyword arguments: checks a call's values and builds the generated code's request from them."""

    def __init__(self, operation: _api.Operation, method: str) -> None:
        self.operation = operation
        self.method = method  # the public method's name, for messages
        self.names = frozenset(parameter.name for parameter in operation.parameters)
        self.required = tuple(parameter.name for parameter in operation.parameters if parameter.required)
        self._ready: tuple[ModuleType, list[tuple[_api.Parameter, Convert]], type[Any] | None, list[str]] | None
        self._ready = None
        # A body field that is a union of models, and the field whose value picks the member (see `_chooser`):
        # {union field: (choosing field, {value: converter of the member it picks})}.
        self._picked_by: dict[str, tuple[str, dict[Any, Convert]]] = {}

    @property
    def module(self) -> ModuleType:
        """The operation's generated module (imported on first use)."""
        return self._prepare()[0]

    def _prepare(self) -> tuple[ModuleType, list[tuple[_api.Parameter, Convert]], type[Any] | None, list[str]]:
        """The operation's module, each parameter's converter, the body model and the date-time query parameters.
        Built on the first call: it imports the models."""
        if self._ready is None:
            module = _api.operation_module(self.operation)
            request_hints = typing.get_type_hints(module._get_kwargs)
            body = _api.model_class(self.operation.body) if self.operation.body else None
            body_hints = _field_types(body) if body is not None else {}
            checks: list[tuple[_api.Parameter, Convert]] = []
            instants: list[str] = []
            for parameter in self.operation.parameters:
                hint = (
                    body_hints[parameter.attribute]
                    if parameter.location == "body"
                    else request_hints[parameter.attribute]
                )
                if parameter.location == "path":
                    checks.append((parameter, path_segment))
                    continue
                checks.append((parameter, converter(hint)))
                if parameter.location == "query" and datetime.datetime in (_union_members(hint) or (hint,)):
                    instants.append(parameter.name)
            self._find_choices(body_hints)
            self._ready = (module, checks, body, instants)
        return self._ready

    def _find_choices(self, body_hints: Mapping[str, Any]) -> None:
        """Which body field picks the member of a union of models (`job_type` for `hyperparameters`): a dict is
        then checked against the member the call's value names, not guessed from its keys."""
        body = [parameter for parameter in self.operation.parameters if parameter.location == "body"]
        for parameter in body:
            members = [member for member in _union_members(body_hints[parameter.attribute]) or () if _is_model(member)]
            if len(members) < 2:
                continue
            for other in body:
                picks = _chooser(body_hints[other.attribute], tuple(members)) if other is not parameter else None
                if picks:
                    self._picked_by[parameter.name] = (
                        other.name,
                        {
                            value: _model(
                                cls,
                                chosen_by=f"{other.name}={value!r}",
                                others=tuple(member for member in members if member is not cls),
                            )
                            for value, cls in picks.items()
                        },
                    )
                    break

    def _chosen(self, name: str, given: Mapping[str, Any], convert: Convert) -> Convert:
        """The converter of the argument `name`: the member's own when another argument of the call picks it."""
        picked_by = self._picked_by.get(name)
        if picked_by is None:
            return convert
        choosing, converters = picked_by
        value = given.get(choosing)
        key = value.value if isinstance(value, enum.Enum) else value
        return converters.get(key, convert) if isinstance(key, str) else convert

    def bind(self, given: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The generated `_get_kwargs` result for these arguments, and the secrets they carry.

        Raises:
            UnexpectedArgumentError: an unknown keyword, or a required one missing.
            InputValidationError: a value of the wrong type or shape.
        """
        if not self.names.issuperset(given):
            raise self._unexpected(given)
        for name in self.required:
            if name not in given:
                raise UnexpectedArgumentError(name, f"{self.method}() is missing this required argument")
        module, checks, body_cls, instants = self._prepare()
        multipart = body_cls is not None and hasattr(body_cls, "to_multipart")
        request: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for parameter, convert in checks:
            value = given.get(parameter.name, parameter.default)
            if value is _api.UNSET:
                continue
            value = self._chosen(parameter.name, given, convert)(parameter.name, value)
            if value is None and multipart and parameter.location == "body":
                continue  # a form field cannot be null: left out, as not given
            (fields if parameter.location == "body" else request)[parameter.attribute] = value
        secrets: list[str] = []
        if body_cls is not None:
            body = body_cls(**fields)
            request["body"] = body
            secrets = secrets_of(body)
        kwargs: dict[str, Any] = module._get_kwargs(**request)
        params = kwargs.get("params")
        for name in instants:  # UTC as `Z`, the way Mistral's SDK writes it
            if params and name in params:
                params[name] = params[name].replace("+00:00", "Z")
        return kwargs, secrets

    def _unexpected(self, given: Mapping[str, Any]) -> UnexpectedArgumentError:
        name = sorted(str(key) for key in given if key not in self.names)[0]
        close = suggestion(name, self.names)
        hint = f"; did you mean {close!r}?" if close else f" (it takes: {', '.join(sorted(self.names))})"
        return UnexpectedArgumentError(name, f"{self.method}() got an unexpected keyword argument{hint}")
