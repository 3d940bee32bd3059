"""What every generated module shares: the UNSET marker, the `Model` base (the official SDK's pydantic-style
surface), the unknown-variant and field-error types of parsing, and the light `Operation` / `Parameter`
descriptions the facade reads.

This file is real Python, checked by ruff and mypy where it is written; `types.py.jinja` includes it verbatim, so
the generated package's `types.py` is this file (formatted by the generator's ruff).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Mapping, MutableMapping
from os import PathLike
from typing import IO, Any, ClassVar, Generic, Literal, Required, TypedDict, TypeVar


class Unset:
    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        # Pickling (and copy/deepcopy) refer to the module's one UNSET, so `value is UNSET` still holds afterwards.
        return "UNSET"


UNSET: Unset = Unset()


class ConstMismatch(ValueError):
    """A field the schema pins to one value (`type: "wandb"`, `object: "job"`) holds another one: the object is of
    a kind this client does not know. Containers that allow it turn the object into an UnknownVariant."""

    def __init__(self, field: str, expected: object, value: object) -> None:
        super().__init__(f"{field} must be {expected!r}, got {value!r}")
        self.field = field
        self.value = value


class ModelValidationError(ValueError):
    """`model_validate` was given data that does not fit the model (a missing field, a wrong shape)."""


class InvalidField(ModelValidationError):
    """A value (an API answer, or a dict given to `from_dict`) that does not have the shape the spec gives: a field
    of the wrong JSON type, or not an object where one is expected. `str()` names where, as a JSON path from the
    parsed value: `$.data[3].created_at: expected an integer, got a string ('yesterday')`.

    Attributes:
        problem: what is wrong.
        parts: the path, as field names and list indices, from the value `from_dict` was given.
    """

    def __init__(self, problem: str, *parts: str | int, obj: object = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.parts: list[str | int] = list(parts)
        self.obj = obj  # the object being read when the problem was found: locates it in its list

    @property
    def path(self) -> str:
        """The JSON path of the problem: `$` is the value `from_dict` was given."""
        return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in self.parts)

    def at(self, name: str, obj: object) -> InvalidField:
        """This problem, found inside the field `name` of `obj`."""
        self.parts.insert(0, name)
        self.obj = obj
        return self

    def at_item(self, name: str, items: object, obj: object) -> InvalidField:
        """This problem, found inside an item of the list field `name` of `obj`."""
        if isinstance(items, list):
            index = next((index for index, item in enumerate(items) if item is self.obj), None)
            if index is not None:
                self.parts.insert(0, index)
        return self.at(name, obj)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class MissingField(InvalidField, KeyError):
    """A required field is absent. Also a `KeyError` naming the field (`args[0]`), as a dict lookup would raise."""

    def __init__(self, name: str, obj: object = None) -> None:
        super().__init__("required, but missing", name, obj=obj)
        self.args = (name,)

    def __str__(self) -> str:
        return InvalidField.__str__(self)


_NONE_TYPE = type(None)
_KIND_TYPES: Mapping[str, tuple[type, ...]] = {
    "s": (str,),
    "i": (int,),
    "f": (float, int),
    "b": (bool,),
    "o": (dict,),
    "l": (list,),
    "n": (_NONE_TYPE,),
}
_KIND_NAMES: Mapping[str, str] = {
    "s": "a string",
    "i": "an integer",
    "f": "a number",
    "b": "true or false",
    "o": "an object",
    "l": "an array",
    "n": "null",
}


def json_types(kinds: str) -> frozenset[type]:
    """The exact Python types a decoded JSON value of these kinds has (`s` string, `i` integer, `f` number, `b`
    boolean, `o` object, `l` array, `n` null; `u` also admits UNSET, an absent optional field): the fast check of a
    parsed field is `type(value) in json_types(kinds)`, and `check_field` decides the rest."""
    found: set[type] = {Unset} if "u" in kinds else set()
    for kind in kinds:
        found.update(_KIND_TYPES.get(kind, ()))
    return frozenset(found)


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"[:60]
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


def _fits(value: object, kinds: str) -> bool:
    for kind in kinds:
        if kind == "s" and isinstance(value, str):
            return True
        if kind == "i" and isinstance(value, int) and not isinstance(value, bool):
            return True
        if kind == "f" and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if kind == "b" and isinstance(value, bool):
            return True
        if kind == "o" and isinstance(value, Mapping):
            return True
        if kind == "l" and isinstance(value, list | tuple):
            return True
        if (kind == "n" and value is None) or (kind == "u" and value is UNSET):
            return True
    return False


def check_field(value: object, kinds: str, name: str, obj: object) -> None:
    """Raise InvalidField unless `value` (the field `name` of `obj`) is of one of `kinds` (see `json_types`); the
    slow path of the check, for values whose exact type is not one a JSON decoder gives (subclasses, tuples)."""
    if not _fits(value, kinds):
        expected = " or ".join(_KIND_NAMES[kind] for kind in kinds if kind in _KIND_NAMES)
        raise InvalidField(f"expected {expected}, got {_kind_of(value)}", name, obj=obj)


def check_items(values: list[Any], kinds: str, name: str, obj: object) -> None:
    """`check_field` for each item of the list field `name`."""
    for index, item in enumerate(values):
        if not _fits(item, kinds):
            expected = " or ".join(_KIND_NAMES[kind] for kind in kinds if kind in _KIND_NAMES)
            raise InvalidField(f"expected {expected}, got {_kind_of(item)}", name, index, obj=obj)


def expect_object(value: object) -> None:
    """Raise InvalidField unless `value` is a JSON object (a mapping): what every model is read from."""
    if not isinstance(value, Mapping):
        raise InvalidField(f"expected an object, got {_kind_of(value)}", obj=value)


class UnknownVariant:
    """A union member (or a list item) of a kind this client does not know: its tag (e.g. `job_type`) or another
    field pinned to one value holds a value no known variant has.

    The whole JSON object is kept in `raw`, and `to_dict()` gives it back unchanged. The fields the known variants
    share read as attributes (`job.id`, `job.status`: the raw JSON values, None when absent), so code written for
    the known variants keeps working on an unknown one.
    """

    __slots__ = ("_origin_request_id", "_shared", "raw", "tag")
    is_unknown: ClassVar[bool] = True
    _origin_request_id: str | None

    def __init__(self, tag: str, raw: dict[str, Any], shared: frozenset[str] = frozenset()) -> None:
        self.tag = tag
        """ The name of the property that did not match a known variant. """
        self.raw = raw
        """ The object as the server sent it. """
        self._shared = shared

    @property
    def tag_value(self) -> Any:
        """The tag's value as sent, or None when it was missing."""
        return self.raw.get(self.tag)

    @property
    def _request_id(self) -> str | None:
        """The server's id for the request this came from (`x-request-id`), when it is a call's result."""
        return getattr(self, "_origin_request_id", None)

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not attributes: read the JSON field of that name.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            raw = object.__getattribute__(self, "raw")
            shared = object.__getattribute__(self, "_shared")
        except AttributeError:  # not initialised yet (unpickling)
            raise AttributeError(name) from None
        if name in raw:
            return raw[name]
        if name in shared:
            return None
        raise AttributeError(f"this unknown variant ({self.tag}={self.tag_value!r}) has no field {name!r}")

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, **_: Any) -> dict[str, Any]:
        """The raw object, as `Model.model_dump` would give it (it is already JSON)."""
        if exclude_none:
            return {key: value for key, value in self.raw.items() if value is not None}
        return dict(self.raw)

    def model_dump_json(self, *, indent: int | None = None, exclude_none: bool = False, **_: Any) -> str:
        return _json_text(self.model_dump(exclude_none=exclude_none), indent)

    to_json = model_dump_json

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownVariant):
            return NotImplemented
        return (self.tag, self.raw) == (other.tag, other.raw)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __getstate__(self) -> tuple[str, dict[str, Any], frozenset[str]]:
        return self.tag, self.raw, self._shared

    def __setstate__(self, state: tuple[str, dict[str, Any], frozenset[str]]) -> None:
        self.tag, self.raw, self._shared = state

    def __repr__(self) -> str:
        return f"UnknownVariant({self.tag}={self.tag_value!r}, raw={_show(self.raw)})"


def _json_text(data: Any, indent: int | None) -> str:
    import json  # only when text is asked for

    if indent is None:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(data, indent=indent, ensure_ascii=False)


def _dump(value: Any, json_mode: bool, exclude_unset: bool, exclude_none: bool) -> Any:
    """One value of a model in dump form: models as dicts, enums as their values in JSON mode."""
    if isinstance(value, Model):
        return value._dump(json_mode, None, None, exclude_unset, exclude_none)
    if isinstance(value, list):
        return [_dump(item, json_mode, exclude_unset, exclude_none) for item in value]
    if isinstance(value, UnknownVariant):
        return value.model_dump(exclude_none=exclude_none)
    if isinstance(value, enum.Enum):
        return value.value if json_mode else value
    if isinstance(value, datetime.date):
        return value.isoformat() if json_mode else value
    if isinstance(value, dict):
        return {key: _dump(item, json_mode, exclude_unset, exclude_none) for key, item in value.items()}
    if value is UNSET:
        return None
    return value


# A list of models longer than this shows its first items and a count (jobs list events and checkpoints newest first).
_SHOWN_ITEMS = 3
# The name of a field the spec does not know (an extra field, a key of a free-form object) whose value a repr hides,
# as it may be a credential: api_key, token, client_secret, password, credentials, ...
_SECRET_NAME = re.compile(r"secret|passw|pwd|credential|token(?!s)|auth(?!or)|api_?key|keys?$", re.IGNORECASE)


def _shown_item(key: object, value: Any) -> str:
    return "'***'" if isinstance(key, str) and _SECRET_NAME.search(key) else _show(value)


def _show(value: Any) -> str:
    """A value as it reads in a model's repr: nested models in their own short form, enums as their value, long
    lists of objects cut to their first items."""
    if isinstance(value, enum.Enum):
        return repr(value.value)
    if isinstance(value, list):
        shown = [_show(item) for item in value[:_SHOWN_ITEMS]] if value and isinstance(value[0], Model) else None
        if shown is not None and len(value) > _SHOWN_ITEMS:
            return "[" + ", ".join(shown) + f", ... {len(value) - _SHOWN_ITEMS} more]"
        return "[" + ", ".join(shown if shown is not None else (_show(item) for item in value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_shown_item(key, item)}" for key, item in value.items()) + "}"
    return repr(value)


class Model:
    """What every generated model shares, written once: the surface of the official SDK's pydantic models.

    A request model (something you send) marks a field you did not set with UNSET, and only set fields are sent. A
    response model (something the server sends) reads an absent field as None (an absent list as []), and remembers
    which fields the server actually sent, for `model_fields_set`, `exclude_unset` and exact round trips.

    The object a call returns also carries the server's id for that request, as `_request_id` (as openai's models
    do): the id to quote when asking Mistral about a call."""

    __slots__ = ("_origin_request_id",)
    _origin_request_id: str | None

    @property
    def _request_id(self) -> str | None:
        """The server's id for the request this came from (`x-request-id`), when it is a call's result."""
        return getattr(self, "_origin_request_id", None)

    JSON_FIELDS: ClassVar[frozenset[str]]
    # (attribute, JSON name) of each field, in declaration order; the JSON name when it is a valid attribute.
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]]
    # What a request model's unset field reads as in model_dump: the server's default, else None.
    _DEFAULTS: ClassVar[Mapping[str, Any]]
    # Attributes never shown in repr: API keys, tokens (`format: password` in the spec).
    SECRET_FIELDS: ClassVar[frozenset[str]]
    # The fields the schema pins to one value (`object: "job"`), by JSON name.
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    # The values a field never leaves once it has them (the spec's `x-terminal`), by JSON name.
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    # The JSON kinds (see `json_types`) of each required field of a response model, by JSON name.
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {}
    _IS_REQUEST: ClassVar[bool]
    additional_properties: dict[str, Any]
    _present: frozenset[str]  # a response model's fields the server sent (declared by each model)

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def _is_set(self, attribute: str, name: str) -> bool:
        if self._IS_REQUEST:
            return getattr(self, attribute) is not UNSET
        return name in getattr(self, "_present", ())

    @property
    def model_fields_set(self) -> set[str]:
        """The JSON names of the fields that were set (request) or that the server sent (response)."""
        return {name for attribute, name in self._FIELD_NAMES if self._is_set(attribute, name)}

    def _dump(
        self,
        json_mode: bool,
        include: Iterable[str] | None,
        exclude: Iterable[str] | None,
        exclude_unset: bool,
        exclude_none: bool,
    ) -> dict[str, Any]:
        kept = None if include is None else set(include)
        dropped = set() if exclude is None else set(exclude)
        nulls = getattr(self, "_nulls", ())
        out: dict[str, Any] = {}
        for attribute, name in self._FIELD_NAMES:
            if (kept is not None and name not in kept) or name in dropped:
                continue
            if exclude_unset and not self._is_set(attribute, name):
                continue
            value = getattr(self, attribute)
            if value is UNSET:
                value = self._DEFAULTS.get(name)
            elif nulls and name in nulls and value == []:
                value = None
            if value is None and exclude_none:
                continue
            out[name] = _dump(value, json_mode, exclude_unset, exclude_none)
        out.update(
            (key, value)
            for key, value in self.additional_properties.items()
            if (kept is None or key in kept) and key not in dropped and not (value is None and exclude_none)
        )
        return out

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] | str = "python",
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """This object as a dict keyed by JSON field names, as pydantic's `model_dump` gives it.

        Args:
            mode: "python" keeps enum members and datetimes; "json" gives only JSON values.
            include, exclude: top-level field names to keep or leave out.
            by_alias: accepted for compatibility; keys are always the JSON names.
            exclude_unset: only the fields that were set (request) or that the server sent (response).
            exclude_none: leave out fields whose value is None, at every level.

        Unknown fields the server sent are included."""
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
        return self._dump(mode == "json", include, exclude, exclude_unset, exclude_none)

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_none: bool = False,
    ) -> str:
        """`model_dump(mode="json")` as JSON text: compact, or indented by `indent` spaces."""
        return _json_text(self._dump(True, include, exclude, exclude_unset, exclude_none), indent)

    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON text of exactly what the server sent (or what a request will send): `to_dict()` as text."""
        return _json_text(self.to_dict(), indent)

    @classmethod
    def model_validate(cls: type[M], obj: Any) -> M:
        """An instance built from a dict in the JSON shape (or returned as is if it already is one).

        Raises:
            ModelValidationError: `obj` is not a mapping, or lacks a required field, or a value has the wrong shape."""
        if isinstance(obj, cls):
            return obj
        if not isinstance(obj, Mapping):
            raise ModelValidationError(f"{cls.__name__}.model_validate takes a dict, got {type(obj).__name__}")
        try:
            return cls.from_dict(obj)  # type: ignore[attr-defined, no-any-return]
        except KeyError as exc:
            raise ModelValidationError(f"{cls.__name__}: the required field {exc.args[0]!r} is missing") from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise ModelValidationError(f"{cls.__name__}: {exc}") from exc

    @classmethod
    def model_validate_json(cls: type[M], data: str | bytes) -> M:
        """`model_validate` of JSON text."""
        import json

        try:
            decoded = json.loads(data)
        except ValueError as exc:
            raise ModelValidationError(f"{cls.__name__}: not valid JSON ({exc})") from exc
        return cls.model_validate(decoded)

    def model_copy(self: M, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> M:
        """A copy, with the fields in `update` (by JSON name) replaced."""
        import copy

        clone = copy.deepcopy(self) if deep else copy.copy(self)
        if update:
            attributes = {name: attribute for attribute, name in self._FIELD_NAMES}
            for name, value in update.items():
                if name not in attributes:
                    raise ValueError(f"{type(self).__name__} has no field {name!r}")
                setattr(clone, attributes[name], value)
                if not self._IS_REQUEST:
                    object.__setattr__(clone, "_present", clone._present | {name})
        return clone

    def __repr__(self) -> str:
        # Only what carries something: fields that were set and are neither None nor empty, secrets hidden.
        parts = []
        for attribute, name in self._FIELD_NAMES:
            value = getattr(self, attribute)
            if not self._is_set(attribute, name) or value is None or value == []:
                continue
            parts.append(f"{name}={chr(39) + '***' + chr(39) if attribute in self.SECRET_FIELDS else _show(value)}")
        extra = self.additional_properties
        if extra and not self._FIELD_NAMES:  # a free-form object (an event's data): its keys are its fields
            parts.extend(
                f"{key}={_shown_item(key, item)}" if key.isidentifier() else f"{key!r}: {_shown_item(key, item)}"
                for key, item in extra.items()
            )
        elif extra:
            parts.append(f"additional_properties={_show(extra)}")
        return f"{type(self).__name__}({', '.join(parts)})"


M = TypeVar("M", bound=Model)


def unknown_const(cls: type[Model], value: Mapping[str, Any]) -> str | None:
    """The first field `cls` pins to one value that `value` sets to another: `value` is then of a kind this client
    does not know (checked before the required fields, which such a kind may not have)."""
    for name, expected in cls.CONSTS.items():
        if name in value and value[name] != expected:
            return name
    return None


def fields_or_unset(src: Mapping[str, Any], fields: tuple[str, ...], required: frozenset[str]) -> tuple[Any, ...]:
    """Read `fields` from `src`, UNSET for an absent optional one; raise MissingField (a KeyError) naming a missing
    required one."""
    missing = [name for name in fields if name in required and name not in src]
    if missing:
        raise MissingField(missing[0], src)
    return tuple(src.get(name, UNSET) for name in fields)


_shared_kinds: dict[tuple[type[Model], ...], tuple[frozenset[str], Mapping[str, str]]] = {}


def unknown_variant(tag: str, value: Mapping[str, Any], variants: tuple[type[Model], ...]) -> UnknownVariant:
    """`value` as an UnknownVariant of a union of `variants`, when its `tag` (or another const field) holds a value
    no variant has: a kind of object this client does not know, which must not break parsing. It must still have
    what every variant has: each field required by all of them, of the JSON type they agree on (a body missing the
    fields every job has is not a job of an unknown type). With a single known variant (an integration of another
    `type` than W&B's) nothing is shared but the field naming the kind, which must be a string. Raises InvalidField
    otherwise."""
    if len(variants) == 1:
        check_field(value.get(tag), "s", tag, value)
        return UnknownVariant(tag, dict(value), variants[0].JSON_FIELDS)
    known = _shared_kinds.get(variants)
    if known is None:
        fields = frozenset.intersection(*(cls.JSON_FIELDS for cls in variants))
        first = variants[0]._REQUIRED_KINDS
        agreed = {
            name: kind
            for name, kind in first.items()
            if all(cls._REQUIRED_KINDS.get(name) == kind for cls in variants[1:])
        }
        known = _shared_kinds[variants] = (fields, agreed)
    for name, kinds in known[1].items():
        if name not in value:
            raise MissingField(name, value)
        check_field(value[name], kinds, name, value)
    return UnknownVariant(tag, dict(value), known[0])


def parse_variant(
    value: object,
    tag: str,
    variants: Mapping[Any, type[Model]],
    fallbacks: tuple[type[Model], ...] = (),
) -> Any:
    """One member of a union whose variants pin the field `tag` to a value of their own (`job_type`): the variant it
    names, or an UnknownVariant for a value none has (see `unknown_variant`). Without the tag, each of `fallbacks`
    (members that have no such field, such as a dry run's estimate next to the jobs) is tried in turn."""
    if type(value) is not dict:
        expect_object(value)
    data: Mapping[str, Any] = value  # type: ignore[assignment]
    members = tuple(variants.values())
    if fallbacks and tag not in data:
        for fallback in fallbacks:
            try:
                return fallback.from_dict(data)  # type: ignore[attr-defined]
            except (KeyError, TypeError, ValueError):
                continue
        return unknown_variant(tag, data, members)
    variant = variants.get(data.get(tag))
    if variant is None:
        return unknown_variant(tag, data, members)
    odd = unknown_const(variant, data)
    if odd is not None:
        return unknown_variant(odd, data, members)
    return variant.from_dict(data)  # type: ignore[attr-defined]


def redacted(value: object) -> str:
    """The repr of a secret field (an API key, a token): never its value."""
    return "'***'" if value is not UNSET else "UNSET"


class Parameter:
    """One keyword argument of an operation as the facade offers it: a path or query parameter, or a field of the
    request body (which the facade takes flat, as the official SDK does)."""

    __slots__ = ("annotation", "attribute", "default", "location", "name", "required")

    def __init__(
        self, name: str, location: str, *, attribute: str, required: bool, annotation: str, default: Any = UNSET
    ) -> None:
        self.name = name
        """ The keyword: the parameter's or field's name in the API. """
        self.location = location
        """ "path", "query" or "body". """
        self.attribute = attribute
        """ The name the generated code uses (the `_get_kwargs` argument, or the body model's attribute). """
        self.required = required
        self.annotation = annotation
        """ The types it accepts, as text (for signatures and help()). """
        self.default = default
        """ The default when not given (UNSET: not sent). """


class Operation:
    """One operation of the spec, as the facade needs it without importing its module."""

    __slots__ = ("body", "method", "module", "parameters", "path")

    def __init__(
        self, module: str, method: str, path: str, parameters: tuple[Parameter, ...], body: str | None = None
    ) -> None:
        self.module = module
        """ The generated module (under api/<tag>/) with `_get_kwargs` and `_parse_success`: the operationId made
        a Python identifier (the generator's name for the operation). """
        self.method = method
        self.path = path
        self.parameters = parameters
        self.body = body
        """ The request body's model class name (its fields are among the parameters), or None. """

    def __repr__(self) -> str:
        return f"Operation({self.method} {self.path})"


# The types that `httpx2.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


class File:
    """A file to upload, as the official SDK's `models.File`: its name (the name the server stores), its contents,
    and optionally the media type of the part.

    `content` may be bytes, text (sent as UTF-8), or a file object opened in binary mode, which is read as the
    request is sent (a large file is streamed, never held in memory whole). `payload` and `mime_type` are the
    stock generator's names for `content` and `content_type`.
    """

    __slots__ = ("content", "content_type", "file_name")

    def __init__(
        self,
        file_name: str | None = None,
        content: FileContent | None = None,
        content_type: str | None = None,
        *,
        payload: FileContent | None = None,
        mime_type: str | None = None,
    ) -> None:
        self.file_name = file_name
        self.content: FileContent = content if content is not None else (payload if payload is not None else b"")
        self.content_type = content_type if content_type is not None else mime_type

    @property
    def payload(self) -> FileContent:
        return self.content

    @property
    def mime_type(self) -> str | None:
        return self.content_type

    def to_tuple(self) -> FileTypes:
        """The (name, contents, media type) tuple the HTTP library takes for a multipart file part."""
        return self.file_name, self.content, self.content_type

    def __repr__(self) -> str:
        size = f"{len(self.content)} bytes" if isinstance(self.content, bytes | str) else type(self.content).__name__
        return f"File(file_name={self.file_name!r}, content=<{size}>, content_type={self.content_type!r})"


class FileTypedDict(TypedDict, total=False):
    """`File` as a plain dict, as the official SDK takes it: `{"file_name": ..., "content": ...}`."""

    file_name: Required[str]
    content: Required[FileContent]
    content_type: str


FileInput = File | FileTypedDict | str | PathLike[str] | IO[bytes]
"""What an upload's `file` may be: a `File` or its dict, a path, or a file opened in binary mode."""


T = TypeVar("T")


class Response(Generic[T]):
    """A response from an endpoint"""

    __slots__ = ("content", "headers", "parsed", "status_code")

    def __init__(self, status_code: int, content: bytes, headers: MutableMapping[str, str], parsed: T | None) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers
        self.parsed = parsed


__all__ = [
    "UNSET",
    "ConstMismatch",
    "File",
    "FileInput",
    "FileTypedDict",
    "FileTypes",
    "InvalidField",
    "MissingField",
    "Model",
    "ModelValidationError",
    "Operation",
    "Parameter",
    "RequestFiles",
    "Response",
    "UnknownVariant",
    "Unset",
    "check_field",
    "check_items",
    "expect_object",
    "fields_or_unset",
    "json_types",
    "parse_variant",
    "redacted",
    "unknown_const",
    "unknown_variant",
]
