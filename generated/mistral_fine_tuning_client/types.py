"""What every generated module shares: the UNSET marker, the `Model` base (the official SDK's pydantic-style
surface), the unknown-variant and field-error types of parsing, and the light `Operation` / `Parameter`
descriptions the facade reads.

This file is real Python, checked by ruff and mypy where it is written; `types.py.jinja` includes it verbatim, so
the generated package's `types.py` is this file (formatted by the generator's ruff).
"""

from __future__ import annotations

import builtins
import datetime
import enum
import functools
import keyword
import re
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
)
from os import PathLike
from typing import IO, Any, ClassVar, Generic, Literal, Required, TypedDict, TypeVar

T = TypeVar("T")


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


_KIND_NAMES: Mapping[str, str] = {
    "s": "a string",
    "i": "an integer",
    "f": "a number",
    "b": "true or false",
    "o": "an object",
    "l": "an array",
    "n": "null",
}


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


def _wrong_kind(value: object, kinds: str, *parts: str | int, obj: object) -> InvalidField:
    """The InvalidField for `value`, found at `parts`, which is of none of `kinds`."""
    expected = " or ".join(_KIND_NAMES[kind] for kind in kinds if kind in _KIND_NAMES)
    return InvalidField(f"expected {expected}, got {_kind_of(value)}", *parts, obj=obj)


def check_field(value: object, kinds: str, name: str, obj: object) -> None:
    """Raise InvalidField unless `value` (the field `name` of `obj`) is of one of `kinds`: `s` string, `i` integer,
    `f` number, `b` boolean, `o` object, `l` array, `n` null, `u` UNSET (an absent optional field). The slow path
    of the check: the generated code compares exact types first, and calls this for anything else (a subclass, a
    tuple, a wrong type)."""
    if not _fits(value, kinds):
        raise _wrong_kind(value, kinds, name, obj=obj)


def check_items(values: list[Any], kinds: str, name: str, obj: object) -> None:
    """`check_field` for each item of the list field `name`."""
    for index, item in enumerate(values):
        if not _fits(item, kinds):
            raise _wrong_kind(item, kinds, name, index, obj=obj)


def expect_object(value: object) -> None:
    """Raise InvalidField unless `value` is a JSON object (a mapping): what every model is read from."""
    if not isinstance(value, Mapping):
        raise _wrong_kind(value, "o", obj=value)


class _Result:
    """What models and unknown variants share: the server's id for the request that returned them, and pydantic
    v1's `dict()` and `json()`, which warn and call `model_dump` and `model_dump_json`."""

    __slots__ = ("_origin_request_id",)
    _origin_request_id: str | None

    @property
    def _request_id(self) -> str | None:
        """The server's id for the request this came from (`x-request-id`), when it is a call's result."""
        return getattr(self, "_origin_request_id", None)

    def dict(self, **options: Any) -> builtins.dict[str, Any]:
        """Deprecated: `model_dump(**options)`."""
        _deprecated("dict()", "model_dump()")
        return self.model_dump(**options)  # type: ignore[attr-defined, no-any-return]

    def json(self, *, indent: int | None = None, **options: Any) -> str:
        """Deprecated: `model_dump_json(**options)`."""
        _deprecated("json()", "model_dump_json()")
        return self.model_dump_json(indent=indent, **options)  # type: ignore[attr-defined, no-any-return]


class UnknownVariant(_Result):
    """A union member (or a list item) of a kind this client does not know: its tag (e.g. `job_type`) or another
    field pinned to one value holds a value no known variant has.

    The whole JSON object is kept in `raw`, and `to_dict()` gives it back unchanged. The fields the known variants
    share read as attributes (`job.id`, `job.status`: the raw JSON values, None when absent), so code written for
    the known variants keeps working on an unknown one.
    """

    __slots__ = ("_shared", "raw", "tag")
    is_unknown: ClassVar[bool] = True

    def __init__(self, tag: str, raw: builtins.dict[str, Any], shared: frozenset[str] = frozenset()) -> None:
        self.tag = tag
        """ The name of the property that did not match a known variant. """
        self.raw = raw
        """ The object as the server sent it. """
        self._shared = shared

    @property
    def tag_value(self) -> Any:
        """The tag's value as sent, or None when it was missing."""
        return self.raw.get(self.tag)

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

    def to_dict(self) -> builtins.dict[str, Any]:
        return dict(self.raw)

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False, **_: Any) -> builtins.dict[str, Any]:
        """The raw object, as `Model.model_dump` would give it (it is already JSON)."""
        if exclude_none:
            return {key: value for key, value in self.raw.items() if value is not None}
        return dict(self.raw)

    def model_dump_json(self, *, indent: int | None = None, exclude_none: bool = False, **_: Any) -> str:
        return _json_text(self.model_dump(exclude_none=exclude_none), indent)

    to_json = model_dump_json

    @property
    def model_fields_set(self) -> set[str]:
        """The fields the server sent."""
        return set(self.raw)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of each field the server sent, as a model's iteration gives its fields."""
        return iter(self.raw.items())

    @property
    def __dict__(self) -> builtins.dict[str, Any]:  # type: ignore[override]
        """The fields the server sent, as `vars()` gives a model's (a copy)."""
        return dict(self.raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnknownVariant):
            return NotImplemented
        return (self.tag, self.raw) == (other.tag, other.raw)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __getstate__(self) -> tuple[str, builtins.dict[str, Any], frozenset[str]]:
        return self.tag, self.raw, self._shared

    def __setstate__(self, state: tuple[str, builtins.dict[str, Any], frozenset[str]]) -> None:
        self.tag, self.raw, self._shared = state

    def __repr__(self) -> str:
        return f"UnknownVariant({self.tag}={self.tag_value!r}, raw={_show(_masked_items(self.raw))})"


def _json_text(data: Any, indent: int | None) -> str:
    import json  # only when text is asked for

    if indent is None:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(data, indent=indent, ensure_ascii=False)


_ALL_ITEMS = "__all__"


def _selection(spec: Any) -> dict[Any, Any] | None:
    """`include` / `exclude` as pydantic takes them (a set of names, or a dict of names to True or to a nested
    selection; for a list, of indices or "__all__") as one dict; None selects the whole value."""
    if spec is None or spec is True or spec is Ellipsis:
        return None
    if isinstance(spec, Mapping):
        return dict(spec)
    if isinstance(spec, str | int):
        return {spec: True}
    return dict.fromkeys(spec, True)


def _whole(entry: Any) -> bool:
    """Whether a selection's entry takes the whole value (rather than a nested selection of it)."""
    return entry is True or entry is Ellipsis


class _DumpOptions:
    """What a dump leaves out and how it writes values: the same at every level."""

    __slots__ = ("exclude_defaults", "exclude_none", "exclude_unset", "json_mode")

    def __init__(self, json_mode: bool, exclude_unset: bool, exclude_none: bool, exclude_defaults: bool) -> None:
        self.json_mode = json_mode
        self.exclude_unset = exclude_unset
        self.exclude_none = exclude_none
        self.exclude_defaults = exclude_defaults


# What `to_dict` gives: exactly what was set, or what the server sent, in JSON form.
_WIRE = _DumpOptions(json_mode=True, exclude_unset=True, exclude_none=False, exclude_defaults=False)


def _dump_items(
    values: list[Any], options: _DumpOptions, include: dict[Any, Any] | None, exclude: dict[Any, Any] | None
) -> list[Any]:
    """A list in dump form. Its selection is by index (or "__all__"), as pydantic's; one of field names applies to
    every item."""
    keys = (include or {}).keys() | (exclude or {}).keys()
    if not any(type(key) is int or key == _ALL_ITEMS for key in keys):
        return [_dump(item, options, include, exclude) for item in values]
    out = []
    for index, item in enumerate(values):
        item_include: Any = None
        if include is not None:
            picked = [include[key] for key in (_ALL_ITEMS, index) if key in include]
            if not picked:
                continue
            item_include = None if any(_whole(entry) for entry in picked) else picked[-1]
        dropped = [exclude[key] for key in (_ALL_ITEMS, index) if key in exclude] if exclude is not None else []
        if any(_whole(entry) for entry in dropped):
            continue
        out.append(_dump(item, options, item_include, dropped[-1] if dropped else None))
    return out


def _dump(value: Any, options: _DumpOptions, include: Any = None, exclude: Any = None) -> Any:
    """One value of a model in dump form: models as dicts, enums as their values in JSON mode; `include` and
    `exclude` select inside it."""
    if isinstance(value, Model):
        return value._dump(options, _selection(include), _selection(exclude))
    if isinstance(value, list):
        if include is None and exclude is None:
            return [_dump(item, options) for item in value]
        return _dump_items(value, options, _selection(include), _selection(exclude))
    if isinstance(value, UnknownVariant):
        return value.model_dump(exclude_none=options.exclude_none)
    if isinstance(value, enum.Enum):
        return value.value if options.json_mode else value
    if isinstance(value, datetime.date):
        return value.isoformat() if options.json_mode else value
    if isinstance(value, dict):  # a free-form object (an event's data): keys select like fields, nulls are kept
        kept, dropped = _selection(include), _selection(exclude) or {}
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if (kept is not None and key not in kept) or _whole(dropped.get(key)):
                continue
            out[key] = _dump(item, options, None if kept is None else _selection(kept[key]), dropped.get(key))
        return out
    if value is UNSET:
        return None
    return value


# A list of models longer than this shows its first items and a count (jobs list events and checkpoints newest first).
_SHOWN_ITEMS = 3
# The name of a field the spec does not know (an extra field, a key of a free-form object) whose value a repr hides,
# as it may be a credential: api_key, token, client_secret, password, credentials, ...
_SECRET_NAME = re.compile(r"secret|passw|pwd|credential|token(?!s)|auth(?!or)|api_?key|keys?$", re.IGNORECASE)


def _masked(key: object, value: Any) -> Any:
    """`value`, found under `key` (a name the spec does not know), as a repr may show it: "***" when the name looks
    like a credential, else with the same done inside it."""
    return "***" if isinstance(key, str) and _SECRET_NAME.search(key) else _masked_items(value)


def _masked_items(value: Any) -> Any:
    """A plain dict or list (a free-form object, unknown fields) with credential-like keys' values as "***", at any
    depth; anything else as it is."""
    if isinstance(value, dict):
        return {key: _masked(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked_items(item) for item in value]
    return value


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
        return "{" + ", ".join(f"{key!r}: {_show(item)}" for key, item in value.items()) + "}"
    return repr(value)


class ModelDeprecationWarning(DeprecationWarning):
    """A pydantic v1 method (`dict()`, `json()`, `parse_obj()`, ...) was called: it works, as it does on pydantic
    v2 models, which warn the same way; the `model_...` name is the current one."""


def _deprecated(old: str, new: str, stacklevel: int = 3) -> None:
    import warnings

    message = f"`{old}` is pydantic v1's name, kept for old code: use `{new}` instead"
    warnings.warn(message, ModelDeprecationWarning, stacklevel=stacklevel)


class FieldInfo:
    """One field of a model, as pydantic's `model_fields` describes it: its type, default, JSON name and
    description (from the spec)."""

    __slots__ = ("alias", "annotation", "default", "description", "required", "title")

    def __init__(
        self, annotation: Any, default: Any, alias: str, required: bool, title: str | None, description: str | None
    ) -> None:
        self.annotation = annotation
        """ The field's Python type. """
        self.default = default
        """ What the field is when not given: UNSET for a required field (it has no default). """
        self.alias = alias
        """ The field's name in JSON. """
        self.required = required
        self.title = title
        self.description = description

    def is_required(self) -> bool:
        """Whether the field must be given (the spec lists it as required)."""
        return self.required

    def __repr__(self) -> str:
        annotation = getattr(self.annotation, "__name__", None) or str(self.annotation)
        default = "required=True" if self.required else f"default={self.default!r}"
        return f"FieldInfo(annotation={annotation}, {default}, alias={self.alias!r})"


class _ClassProperty(Generic[T]):
    """A read-only attribute computed from the class, reachable from the class and its instances (pydantic's
    `Model.model_fields`)."""

    def __init__(self, compute: Callable[[type[Any]], T]) -> None:
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __get__(self, instance: object, owner: type[Any]) -> T:
        return self.compute(owner)


@functools.cache
def _spec_schemas() -> Mapping[str, Any]:
    """The schemas of the spec the models were generated from (`openapi.json`, written beside them), read once."""
    import json
    from importlib.resources import files

    document = json.loads(files(__name__.rpartition(".")[0]).joinpath("openapi.json").read_bytes())
    schemas: Mapping[str, Any] = document["components"]["schemas"]
    return schemas


def _spec_schema(cls: type[Model]) -> Mapping[str, Any]:
    """The spec's schema of a model class."""
    name = cls._SCHEMA_NAME
    try:
        return _spec_schemas()[name]  # type: ignore[no-any-return]
    except (OSError, KeyError, ValueError) as exc:
        raise LookupError(f"the spec has no schema {name!r} for {cls.__name__}") from exc


def _json_schema(name: str, ref_template: str) -> dict[str, Any]:
    """The spec's schema `name` as a JSON Schema document, as pydantic's `model_json_schema` gives one: the schemas it
    refers to under `$defs` (referred to through `ref_template`), the spec's own extensions (`x-...`) left out."""
    schemas = _spec_schemas()
    defs: dict[str, Any] = {}

    def ref(target: str) -> str:
        if target != name and target not in defs:
            defs[target] = {}  # taken before it is converted: a schema referring back to it is not walked twice
            defs[target] = convert(schemas[target])
        return ref_template.format(model=target)

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key.startswith("x-"):
                continue
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/schemas/"):
                out[key] = ref(value.rpartition("/")[2])
            elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
                mapping = {tag: ref(target.rpartition("/")[2]) for tag, target in value["mapping"].items()}
                out[key] = {**value, "mapping": mapping}
            else:
                out[key] = convert(value)
        return out

    schema: dict[str, Any] = convert(schemas[name])
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _public_name(attribute: str, name: str) -> str:
    """A field's name as the official SDK's models have it: its JSON name, unless that is no Python name."""
    return name if name.isidentifier() and not keyword.iskeyword(name) else attribute


_FIELDS_OF: dict[type[Any], dict[str, FieldInfo]] = {}


class Model(_Result):
    """What every generated model shares, written once: the surface of the official SDK's pydantic models.

    A request model (something you send) marks a field you did not set with UNSET, and only set fields are sent. A
    response model (something the server sends) reads an absent field as None (an absent list as []), and remembers
    which fields the server actually sent, for `model_fields_set`, `exclude_unset` and exact round trips.

    The object a call returns also carries the server's id for that request, as `_request_id` (as openai's models
    do): the id to quote when asking Mistral about a call."""

    __slots__ = ()

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
    # The JSON kinds (see `check_field`) of each required field of a response model, by JSON name.
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {}
    # The fields the schema requires, and those it lets be null, by JSON name.
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = frozenset()
    _NULLABLE: ClassVar[frozenset[str]] = frozenset()
    # The name of the model's schema in the spec (for `model_json_schema`).
    _SCHEMA_NAME: ClassVar[str] = ""
    _IS_REQUEST: ClassVar[bool]
    additional_properties: builtins.dict[str, Any]
    _present: frozenset[str]  # a response model's fields the server sent (declared by each model)

    def to_dict(self) -> builtins.dict[str, Any]:
        """The JSON form of this object: the fields that were set (or that the server sent), unknown ones included."""
        return self._dump(_WIRE, None, None)

    def _is_set(self, attribute: str, name: str) -> bool:
        if self._IS_REQUEST:
            return getattr(self, attribute) is not UNSET
        return name in getattr(self, "_present", ())

    @property
    def model_fields_set(self) -> set[str]:
        """The JSON names of the fields that were set (request) or that the server sent (response)."""
        return {name for attribute, name in self._FIELD_NAMES if self._is_set(attribute, name)}

    @property
    def model_extra(self) -> builtins.dict[str, Any]:
        """The fields this client does not know that the server sent (or that were given): `additional_properties`,
        as pydantic's `model_extra` is for a model that keeps extra fields."""
        extra: builtins.dict[str, Any] = getattr(self, "additional_properties", {})
        return extra

    def _fields(self) -> Iterator[tuple[str, Any]]:
        for attribute, name in self._FIELD_NAMES:
            yield _public_name(attribute, name), getattr(self, attribute)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) for every field, then for each unknown field kept: `dict(job)` gives the fields, as a
        pydantic model's iteration does (values as they are: nested models stay models; see model_dump)."""
        yield from self._fields()
        yield from getattr(self, "additional_properties", {}).items()

    @property
    def __dict__(self) -> builtins.dict[str, Any]:  # type: ignore[override]
        """The fields by name, as `vars(model)` gives them on a pydantic model (a new dict each time: the models
        keep their fields in slots, so changing it changes nothing)."""
        return dict(self._fields())

    def _shown_fields(self) -> list[tuple[str, Any]]:
        """(name, value) of what repr shows: the fields set and neither None nor empty, then the unknown fields (a
        free-form object's keys are its fields); secrets as "***", and in plain dicts and lists the values of keys
        that look like credentials."""
        args: list[tuple[str, Any]] = []
        for attribute, name in self._FIELD_NAMES:
            value = getattr(self, attribute)
            if not self._is_set(attribute, name) or value is None or value == []:
                continue
            args.append((name, "***" if attribute in self.SECRET_FIELDS else _masked_items(value)))
        extra = getattr(self, "additional_properties", {})
        if extra and not self._FIELD_NAMES:
            args.extend((key, _masked(key, item)) for key, item in extra.items())
        elif extra:
            args.append(("additional_properties", _masked_items(extra)))
        return args

    def __repr_args__(self) -> list[tuple[str | None, Any]]:
        """(name, value) of what repr shows: pydantic's hook, which rich and others use to print a model."""
        return [*self._shown_fields()]

    def __rich_repr__(self) -> Iterator[tuple[str | None, Any]]:
        yield from self.__repr_args__()

    def _dump(
        self,
        options: _DumpOptions,
        include: builtins.dict[Any, Any] | None,
        exclude: builtins.dict[Any, Any] | None,
    ) -> builtins.dict[str, Any]:
        # As the official SDK's models dump: an optional field nobody set (or the server did not send) is left out
        # unless it has a default; exclude_none keeps the required fields and the nullable ones set (sent) to null.
        request = self._IS_REQUEST
        present: Collection[str] = () if request else getattr(self, "_present", ())
        defaults = self._DEFAULTS if request else self.CONSTS
        nulls: Collection[str] = getattr(self, "_nulls", ())
        out: builtins.dict[str, Any] = {}
        for attribute, name in self._FIELD_NAMES:
            if include is not None and name not in include:
                continue
            excluded = None if exclude is None else exclude.get(name)
            if _whole(excluded):
                continue
            value = getattr(self, attribute)
            is_set = value is not UNSET if request else name in present
            if not is_set:
                if options.exclude_unset or options.exclude_defaults:
                    continue
                if name in defaults:
                    value = defaults[name]
                elif name not in self._REQUIRED_FIELDS:
                    continue
            elif nulls and name in nulls and value == []:
                value = None
            if value is None and options.exclude_none:
                if name not in self._REQUIRED_FIELDS and not (is_set and name in self._NULLABLE):
                    continue
            elif options.exclude_defaults and name in defaults and value == defaults[name]:
                continue
            out[name] = _dump(value, options, None if include is None else include[name], excluded)
        for key, value in getattr(self, "additional_properties", {}).items():
            selected = (include is None or key in include) and not (exclude and _whole(exclude.get(key)))
            if selected and not (value is None and options.exclude_none):
                out[key] = value
        return out

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] | str = "python",
        include: Any = None,
        exclude: Any = None,
        context: Any = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: bool | str = True,
        fallback: Callable[[Any], Any] | None = None,
        serialize_as_any: bool = False,
    ) -> builtins.dict[str, Any]:
        """This object as a dict keyed by JSON field names, as the official SDK's `model_dump` gives it.

        Args:
            mode: "python" keeps enum members and datetimes; "json" gives only JSON values.
            include, exclude: the fields to keep or leave out, as pydantic takes them: a set of names, or a dict of
                names to True or to a selection inside that field (for a list: by index, or "__all__").
            exclude_unset: only the fields that were set (request) or that the server sent (response).
            exclude_defaults: also leave out the fields equal to their default.
            exclude_none: leave out fields whose value is None, at every level; as in the official SDK, a field the
                spec requires, and a nullable field set (or sent by the server) as null, are kept.
            by_alias, context, round_trip, warnings, fallback, serialize_as_any: accepted for compatibility; keys
                are always the JSON names.

        A field that was not set (or that the server did not send) is left out unless it has a default (a request
        model's server default, a response model's fixed `object` or `type`). Unknown fields the server sent are
        included."""
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', got {mode!r}")
        options = _DumpOptions(mode == "json", exclude_unset, exclude_none, exclude_defaults)
        return self._dump(options, _selection(include), _selection(exclude))

    def model_dump_json(
        self,
        *,
        indent: int | None = None,
        include: Any = None,
        exclude: Any = None,
        context: Any = None,
        by_alias: bool | None = None,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        round_trip: bool = False,
        warnings: bool | str = True,
        fallback: Callable[[Any], Any] | None = None,
        serialize_as_any: bool = False,
    ) -> str:
        """`model_dump(mode="json")` as JSON text: compact, or indented by `indent` spaces."""
        options = _DumpOptions(True, exclude_unset, exclude_none, exclude_defaults)
        return _json_text(self._dump(options, _selection(include), _selection(exclude)), indent)

    def to_json(self, *, indent: int | None = None) -> str:
        """The JSON text of exactly what the server sent (or what a request will send): `to_dict()` as text."""
        return _json_text(self.to_dict(), indent)

    @classmethod
    def model_validate(
        cls: type[M],
        obj: Any,
        *,
        strict: bool | None = None,
        from_attributes: bool | None = None,
        context: Any = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> M:
        """An instance built from a dict in the JSON shape (or returned as is if it already is one); with
        `from_attributes=True`, from any object's attributes of those names.

        Raises:
            ModelValidationError: `obj` is not a mapping, or lacks a required field, or a value has the wrong shape."""
        if isinstance(obj, cls):
            return obj
        if from_attributes and not isinstance(obj, Mapping):
            obj = {name: getattr(obj, name) for _, name in cls._FIELD_NAMES if hasattr(obj, name)}
        if not isinstance(obj, Mapping):
            raise ModelValidationError(f"{cls.__name__}.model_validate takes a dict, got {type(obj).__name__}")
        try:
            return cls.from_dict(obj)  # type: ignore[attr-defined, no-any-return]
        except KeyError as exc:
            raise ModelValidationError(f"{cls.__name__}: the required field {exc.args[0]!r} is missing") from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise ModelValidationError(f"{cls.__name__}: {exc}") from exc

    @classmethod
    def model_validate_json(
        cls: type[M], json_data: str | bytes | bytearray, *, strict: bool | None = None, context: Any = None
    ) -> M:
        """`model_validate` of JSON text."""
        import json

        try:
            decoded = json.loads(json_data)
        except ValueError as exc:
            raise ModelValidationError(f"{cls.__name__}: not valid JSON ({exc})") from exc
        return cls.model_validate(decoded)

    @classmethod
    def _field_names(cls) -> builtins.dict[str, tuple[str, str]]:
        """(attribute, JSON name) of each field, under both names (a field's public name is one of them)."""
        by_name = {}
        for attribute, name in cls._FIELD_NAMES:
            by_name[attribute] = by_name[name] = (attribute, name)
        return by_name

    @classmethod
    def model_construct(cls: type[M], _fields_set: Iterable[str] | None = None, **values: Any) -> M:
        """An instance made from `values` as they are, without any check (pydantic's `model_construct`): fields by
        name or JSON name; those not given take their defaults; unknown names are kept as unknown fields.
        `_fields_set` names the fields that count as set (for a response model: sent), by default those given."""
        import attrs

        by_name = cls._field_names()
        given: builtins.dict[str, Any] = {}
        extra: builtins.dict[str, Any] = {}
        for key, value in values.items():
            if key in by_name:
                given[by_name[key][0]] = value
            else:
                extra[key] = value
        instance = object.__new__(cls)
        for field in attrs.fields(cls):  # type: ignore[arg-type]  # every generated model is an attrs class
            if field.name in given:
                value = given[field.name]
            elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                value = field.default.factory()
            elif field.default is not attrs.NOTHING:
                value = field.default
            else:
                value = UNSET if cls._IS_REQUEST else None
            object.__setattr__(instance, field.name, value)
        if hasattr(instance, "additional_properties"):
            instance.additional_properties = extra
        if not cls._IS_REQUEST:
            names = {by_name[key][1] for key in given} if _fields_set is None else set(_fields_set)
            object.__setattr__(instance, "_present", frozenset(by_name[key][1] for key in names if key in by_name))
            object.__setattr__(instance, "_nulls", frozenset())
        return instance

    def model_copy(self: M, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> M:
        """A copy, with the fields in `update` (by name or JSON name) replaced."""
        import copy

        clone = copy.deepcopy(self) if deep else copy.copy(self)
        if update:
            by_name = self._field_names()
            for key, value in update.items():
                if key not in by_name:
                    raise ValueError(f"{type(self).__name__} has no field {key!r}")
                attribute, name = by_name[key]
                setattr(clone, attribute, value)
                if not self._IS_REQUEST:
                    object.__setattr__(clone, "_present", clone._present | {name})
        return clone

    model_fields: ClassVar[_ClassProperty[builtins.dict[str, FieldInfo]]]
    model_computed_fields: ClassVar[_ClassProperty[builtins.dict[str, Any]]]
    __fields__: ClassVar[_ClassProperty[builtins.dict[str, FieldInfo]]]

    @classmethod
    def _field_infos(cls) -> builtins.dict[str, FieldInfo]:
        import typing

        try:
            hints = typing.get_type_hints(cls)
        except (NameError, TypeError):  # a type named only for type checkers: keep the annotation's text
            hints = {}
        try:
            properties: Mapping[str, Any] = _spec_schema(cls).get("properties", {})
        except LookupError:
            properties = {}
        defaults = cls._DEFAULTS if cls._IS_REQUEST else cls.CONSTS
        infos = {}
        for attribute, name in cls._FIELD_NAMES:
            described = properties.get(name, {})
            required = name in cls._REQUIRED_FIELDS
            # Not given: a request model's field is not sent (UNSET), a response model's reads as None.
            default = defaults.get(name, UNSET if required or cls._IS_REQUEST else None)
            annotation = hints.get(attribute, cls.__annotations__.get(attribute))
            infos[_public_name(attribute, name)] = FieldInfo(
                annotation, default, name, required, described.get("title"), described.get("description")
            )
        return infos

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool = True,
        ref_template: str = "#/$defs/{model}",
        schema_generator: Any = None,
        mode: str = "validation",
    ) -> builtins.dict[str, Any]:
        """The JSON Schema of this model, from the spec it was generated from (the schemas it refers to in
        `$defs`), as pydantic's `model_json_schema` gives one.

        Raises:
            LookupError: the spec is not beside the generated code (it ships with the package)."""
        _spec_schema(cls)
        return _json_schema(cls._SCHEMA_NAME, ref_template)

    @classmethod
    def model_rebuild(cls, **_: Any) -> None:
        """Nothing to rebuild: the models are complete when generated (pydantic's `model_rebuild`)."""
        return None

    # --- pydantic v1's names, which pydantic v2 keeps with a DeprecationWarning (dict() and json(): see _Result) ----

    def copy(
        self: M,
        *,
        include: Any = None,
        exclude: Any = None,
        update: Mapping[str, Any] | None = None,
        deep: bool = False,
    ) -> M:
        """Deprecated: `model_copy(update=, deep=)`. Fields left out by `include` / `exclude` read as not set."""
        _deprecated("copy()", "model_copy()")
        clone = self.model_copy(deep=deep)
        kept, dropped = _selection(include), _selection(exclude) or {}
        for attribute, name in self._FIELD_NAMES:
            if (kept is not None and name not in kept) or _whole(dropped.get(name)):
                unset: Any = (
                    UNSET if self._IS_REQUEST else ([] if isinstance(getattr(clone, attribute), list) else None)
                )
                object.__setattr__(clone, attribute, unset)
                if not self._IS_REQUEST:
                    object.__setattr__(clone, "_present", clone._present - {name})
        return clone.model_copy(update=update) if update else clone

    @classmethod
    def parse_obj(cls: type[M], obj: Any) -> M:
        """Deprecated: `model_validate(obj)`."""
        _deprecated("parse_obj()", "model_validate()")
        return cls.model_validate(obj)

    @classmethod
    def validate(cls: type[M], value: Any) -> M:
        """Deprecated: `model_validate(value)`."""
        _deprecated("validate()", "model_validate()")
        return cls.model_validate(value)

    @classmethod
    def parse_raw(cls: type[M], b: str | bytes, **_: Any) -> M:
        """Deprecated: `model_validate_json(b)`."""
        _deprecated("parse_raw()", "model_validate_json()")
        return cls.model_validate_json(b)

    @classmethod
    def parse_file(cls: type[M], path: str | PathLike[str], **_: Any) -> M:
        """Deprecated: `model_validate_json` of the file's contents."""
        _deprecated("parse_file()", "model_validate_json()")
        with open(path, "rb") as file:
            return cls.model_validate_json(file.read())

    @classmethod
    def construct(cls: type[M], _fields_set: Iterable[str] | None = None, **values: Any) -> M:
        """Deprecated: `model_construct(...)`."""
        _deprecated("construct()", "model_construct()")
        return cls.model_construct(_fields_set, **values)

    @classmethod
    def schema(cls, by_alias: bool = True, ref_template: str = "#/$defs/{model}") -> builtins.dict[str, Any]:
        """Deprecated: `model_json_schema()`."""
        _deprecated("schema()", "model_json_schema()")
        return cls.model_json_schema(by_alias, ref_template)

    @classmethod
    def schema_json(cls, *, by_alias: bool = True, ref_template: str = "#/$defs/{model}", **dumps: Any) -> str:
        """Deprecated: `model_json_schema()` as JSON text (`json.dumps` options accepted, as there)."""
        import json

        _deprecated("schema_json()", "model_json_schema()")
        return json.dumps(cls.model_json_schema(by_alias, ref_template), **dumps)

    @property
    def __fields_set__(self) -> set[str]:
        """Deprecated: `model_fields_set`."""
        _deprecated("__fields_set__", "model_fields_set")
        return self.model_fields_set

    def __repr__(self) -> str:
        # Only what carries something (see _shown_fields); a free-form object's keys that are no names are quoted.
        free_form = not self._FIELD_NAMES
        parts = [
            f"{name}={_show(value)}" if not free_form or name.isidentifier() else f"{name!r}: {_show(value)}"
            for name, value in self._shown_fields()
        ]
        return f"{type(self).__name__}({', '.join(parts)})"


def _model_fields(cls: type[Model]) -> dict[str, FieldInfo]:
    """Each field by name (its JSON name, as the official SDK has it), as pydantic's `model_fields` describes them:
    `annotation`, `default`, `alias`, `is_required()`, and the spec's `title` and `description`."""
    known = _FIELDS_OF.get(cls)
    if known is None:
        known = _FIELDS_OF[cls] = cls._field_infos()
    return dict(known)


def _computed_fields(cls: type[Model]) -> dict[str, Any]:
    """None here: every field is data the server sends (pydantic's `model_computed_fields`)."""
    return {}


def _old_fields(cls: type[Model]) -> dict[str, FieldInfo]:
    """Deprecated: `model_fields`."""
    _deprecated("__fields__", "model_fields", stacklevel=4)  # called by the class property's __get__
    return _model_fields(cls)


# Readable on the class and on its instances, as on pydantic's models.
Model.model_fields = _ClassProperty(_model_fields)
Model.model_computed_fields = _ClassProperty(_computed_fields)
Model.__fields__ = _ClassProperty(_old_fields)

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


def parse_item(value: object, cls: type[Model]) -> Any:
    """One item of a list of `cls`: an UnknownVariant when it sets a field `cls` pins to one value to another (an
    integration of another `type` than W&B's; see `unknown_variant`), else `cls.from_dict(value)`."""
    if type(value) is not dict:
        expect_object(value)
    data: Mapping[str, Any] = value  # type: ignore[assignment]
    odd = unknown_const(cls, data)
    if odd is not None:
        return unknown_variant(odd, data, (cls,))
    return cls.from_dict(data)  # type: ignore[attr-defined]


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
    found = data.get(tag)
    if found is not None and type(found) is not str:  # a tag names its variant in text: a number is no kind at all
        raise _wrong_kind(found, "s", tag, obj=data)
    variant = variants.get(found)
    if variant is None:
        return unknown_variant(tag, data, members)
    odd = unknown_const(variant, data)
    if odd is not None:
        return unknown_variant(odd, data, members)
    return variant.from_dict(data)  # type: ignore[attr-defined]


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
    "parse_item",
    "parse_variant",
    "unknown_const",
    "unknown_variant",
]
