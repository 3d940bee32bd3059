"""Request validation for the fake server: the spec's JSON Schema, compiled once, reporting as FastAPI and pydantic.

``compile_requests(spec)`` turns every operation of an OpenAPI 3.1 document into a ``RequestValidator`` that
checks path and query parameters and the JSON body against the spec's schemas. Each schema is compiled once into
nested closures, so a request costs a walk over its values, not over the schema. Every problem becomes one entry
of a 422 ``{"detail": [...]}`` list shaped like pydantic v2's errors: ``{"type", "loc", "msg", "input", "ctx"?}``,
with pydantic's type names (``missing``, ``string_type``, ``int_parsing``, ``string_too_long``, ``enum``,
``literal_error``, ``greater_than_equal``, ``union_tag_invalid``, ...) and FastAPI's locations
(``["body", "hyperparameters", "learning_rate"]``, ``["query", "page"]``, ``["path", "job_id"]``).

The JSON Schema read here is what OpenAPI 3.1 specs use: ``type`` (one or a list), ``$ref``, ``allOf``, ``anyOf``
and ``oneOf`` (with a ``discriminator`` and its ``mapping``, or without), ``const``, ``enum``, ``required``,
``properties``, ``additionalProperties``, ``items``, ``minItems``/``maxItems``, ``minLength``/``maxLength``,
``pattern``, ``minimum``/``maximum``/``exclusiveMinimum``/``exclusiveMaximum``, ``multipleOf``, ``format``
``date-time`` and ``uuid``, and ``null`` as a type or a union member. Any other validation keyword is answered
with a 501 naming it when a request reaches it, never silently skipped.

Values are converted as pydantic's lax mode does, in bodies and in query strings alike: ``10.0`` and ``"10"`` are
integers, ``"0.5"`` a number, ``"yes"``/``"off"``/``0``/``1`` booleans, Unix timestamps date-times; numbers must be
finite, and ``true`` is not a number. A query parameter takes the last value of a repeated key, an array parameter
every value (``?sample_type=a&sample_type=b``); ``ParameterSet`` is what form fields will use too.

How pydantic is followed, and where not (deliberately):

- Unknown object members are ignored, as the spec says (no ``additionalProperties``) and pydantic's default does;
  ``additionalProperties: false`` makes them ``extra_forbidden`` errors, a schema validates them.
- A union without a discriminator is pydantic's "smart" union: the members the value's JSON type fits are tried
  first, then the others in order; when none fits, the errors of every member are reported, each under the
  member's name (``[..., "int", ...]``), except for ``X | null``, whose errors are X's. ``oneOf`` is read as
  ``anyOf`` (pydantic does not check that only one member fits). A discriminated union reports the branch's
  errors under its tag, as pydantic does.
- A schema's ``default`` is not filled in: the validated value holds what was sent, converted; what the fake
  echoes back is decided by the rules at the end of this module.
- Messages are pydantic's for the types listed above, without the parse details pydantic appends for date-times
  and UUIDs; ``pattern`` is searched (not anchored) with ``$`` matching only at the very end, as in pydantic.
- A ``date-time`` or ``uuid`` string ignores its ``minLength``/``maxLength``/``pattern`` (pydantic types it as a
  datetime or a UUID, which have none).

What the real API checks beyond the spec is written by hand in one place, at the end ("Beyond the spec"), each
rule saying so.
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from ._spec import CREATE_OPERATION, SPEC, enum_values, operations, resolve

JobStatus = str
"""A job status: any member of the spec's job status enum."""
JobType = str
"""A job type: any member of the spec's ``FineTuneableModelType`` enum."""

MAX_ECHO_DEPTH: Final = 32
"""How deep an echoed ``input`` may nest in a 422; deeper containers are replaced by ``"..."``."""

Loc = tuple[str | int, ...]
ErrorDetail = dict[str, Any]
Check = Callable[[Any, Loc, list[ErrorDetail]], Any]
"""A compiled schema: ``check(value, loc, errors)`` returns the converted value, or ``INVALID`` after recording
at least one error in ``errors``."""
SiblingCheck = Callable[[Any, Loc, list[ErrorDetail], Mapping[str, Any]], Any]
"""A property's check that also sees the object holding the property (for rules beyond the spec)."""
Override = Callable[["SchemaCompiler", Mapping[str, Any], str], SiblingCheck]
"""Builds the check of one property from its schema and JSON pointer, in place of the generic one."""

_TRUE_WORDS: Final = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE_WORDS: Final = frozenset({"0", "off", "f", "false", "n", "no"})
# ASCII only: Python's int() and float() would also take underscores and non-ASCII digits, pydantic does not.
_INTEGER_TEXT: Final = re.compile(r"\s*([+-]?[0-9]+)(?:\.0*)?\s*")
_NUMBER_TEXT: Final = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_NON_FINITE_TEXT: Final = re.compile(r"\s*[+-]?(?:inf|infinity|nan)\s*", re.IGNORECASE)
# The spellings of a UUID pydantic takes: hyphenated, 32 digits, braced, or as a URN.
_ANY_UUID_TEXT: Final = re.compile(
    r"(?:urn:uuid:)?([0-9A-Fa-f]{8})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{12})"
    r"|\{([0-9A-Fa-f]{8})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{4})-([0-9A-Fa-f]{12})\}"
)
_TIMESTAMP_TEXT: Final = re.compile(r"\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*")
# Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range a datetime can hold.
_FIRST_SECOND: Final = -62135596800
_LAST_SECOND: Final = 253402300799
# Pydantic reads a timestamp beyond 2e10 (in either direction) as milliseconds.
_MILLISECONDS_FROM: Final = 2e10

# Keywords that describe rather than constrain (`discriminator` and `format` are read where they matter; pydantic
# types a list with `uniqueItems` as a set, which merges duplicates rather than refusing them).
_ANNOTATIONS: Final = frozenset(
    [
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "$schema",
        "$id",
        "$anchor",
        "$defs",
        "definitions",
        "externalDocs",
        "xml",
        "discriminator",
        "format",
        "contentMediaType",
        "contentEncoding",
        "nullable",
        "uniqueItems",
    ]
)
_VALIDATION: Final = frozenset(
    [
        "type",
        "$ref",
        "allOf",
        "anyOf",
        "oneOf",
        "const",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]
)
_TYPE_OF_KEYWORD: Final = {
    "properties": "object",
    "required": "object",
    "additionalProperties": "object",
    "items": "array",
    "minItems": "array",
    "maxItems": "array",
    "minLength": "string",
    "maxLength": "string",
    "pattern": "string",
    "minimum": "number",
    "maximum": "number",
    "exclusiveMinimum": "number",
    "exclusiveMaximum": "number",
    "multipleOf": "number",
}
_PYTHON_TYPES: Final[Mapping[str, frozenset[type]]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
    "array": frozenset({list}),
    "object": frozenset({dict}),
}
_LABELS: Final = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "none"}


class RequestInvalid(Exception):
    """Raised with the pydantic-style error list that becomes a 422 body."""

    def __init__(self, errors: list[ErrorDetail]) -> None:
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


class NotImplementedByFake(Exception):
    """Raised when a request uses something the spec allows but the fake cannot simulate; becomes a 501."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Invalid:
    """The marker a check returns for a refused value (its errors are already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
_ABSENT: Final = object()  # a key the object does not have (distinct from an explicit null)


def error(kind: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None) -> ErrorDetail:
    """Build one pydantic-shaped error entry."""
    entry: ErrorDetail = {"type": kind, "loc": list(loc), "msg": msg, "input": value}
    if ctx is not None:
        entry["ctx"] = ctx
    return entry


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _show(bound: Any) -> str:
    """A bound as pydantic's messages write it."""
    return f"{bound:g}" if isinstance(bound, float) else str(bound)


def _quoted(values: Sequence[Any]) -> str:
    """``'a', 'b' or 'c'``: the expected values as pydantic lists them in ``enum`` and ``literal_error``."""
    shown = [f"'{value}'" if isinstance(value, str) else json.dumps(value) for value in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


# --- scalars ---------------------------------------------------------------------------------------------------------


def _integer(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, float) and not isinstance(value, bool):
        if not math.isfinite(value):
            errors.append(error("finite_number", loc, "Input should be a finite number", value))
            return INVALID
        if not value.is_integer():
            message = "Input should be a valid integer, got a number with a fractional part"
            errors.append(error("int_from_float", loc, message, value))
            return INVALID
        return int(value)
    if isinstance(value, str):
        match = _INTEGER_TEXT.fullmatch(value)
        try:
            return int(match.group(1)) if match else int("not a number")
        except ValueError:  # also raised beyond Python's 4300-digit conversion limit
            message = "Input should be a valid integer, unable to parse string as an integer"
            errors.append(error("int_parsing", loc, message, value))
            return INVALID
    errors.append(error("int_type", loc, "Input should be a valid integer", value))
    return INVALID


def _number(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    result: float
    if isinstance(value, bool):
        errors.append(error("float_type", loc, "Input should be a valid number", value))
        return INVALID
    if isinstance(value, int | float):
        try:
            result = float(value)
        except OverflowError:  # an integer beyond the float range
            result = math.inf
    elif isinstance(value, str):
        if _NUMBER_TEXT.fullmatch(value):
            result = float(value)
        elif _NON_FINITE_TEXT.fullmatch(value):
            result = math.nan
        else:
            message = "Input should be a valid number, unable to parse string as a number"
            errors.append(error("float_parsing", loc, message, value))
            return INVALID
    else:
        errors.append(error("float_type", loc, "Input should be a valid number", value))
        return INVALID
    if not math.isfinite(result):
        errors.append(error("finite_number", loc, "Input should be a finite number", value))
        return INVALID
    return result


def _boolean(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        errors.append(error("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", value))
        return INVALID
    errors.append(error("bool_type", loc, "Input should be a valid boolean", value))
    return INVALID


def _null(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    if value is None:
        return None
    errors.append(error("none_required", loc, "Input should be None", value))
    return INVALID


def _anything(value: Any, _loc: Loc, _errors: list[ErrorDetail]) -> Any:
    return value


def parse_datetime(text: str) -> float | None:
    """Parse a date-time as pydantic does; return Unix seconds, or None if it is not a valid datetime.

    Accepted: ISO 8601 (``Z``, an offset, or naive meaning UTC) and finite Unix timestamps in seconds, or in
    milliseconds beyond 2e10. ``nan``, ``inf`` and instants outside years 1-9999 are not datetimes.
    """
    if _TIMESTAMP_TEXT.fullmatch(text):
        return _timestamp(float(text))
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return None


def _timestamp(seconds: float) -> float | None:
    if not math.isfinite(seconds):
        return None
    if abs(seconds) > _MILLISECONDS_FROM:
        seconds /= 1000
    return seconds if _FIRST_SECOND <= seconds <= _LAST_SECOND else None


def _datetime(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    """A ``format: date-time`` value, as Unix seconds."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            parsed = _timestamp(float(value))
        except OverflowError:
            parsed = None
    else:
        errors.append(error("datetime_type", loc, "Input should be a valid datetime", value))
        return INVALID
    if parsed is None:
        errors.append(error("datetime_parsing", loc, "Input should be a valid datetime", value))
        return INVALID
    return parsed


def _uuid(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    """A ``format: uuid`` value, in its lowercase hyphenated form."""
    if not isinstance(value, str):
        errors.append(error("uuid_type", loc, "UUID input should be a string, bytes or UUID object", value))
        return INVALID
    match = _ANY_UUID_TEXT.fullmatch(value)
    if match is None:
        message = "Input should be a valid UUID, unable to parse string as a UUID"
        errors.append(error("uuid_parsing", loc, message, value))
        return INVALID
    return "-".join(part for part in match.groups() if part is not None).lower()


def search_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a schema's ``pattern`` for ``search``, with ``$`` matching only at the very end of the string.

    JSON Schema (and pydantic's regex engine) read ``$`` as the end of the input; Python's ``$`` would also match
    before a final newline, so ``"id\\n"`` would pass ``^...$``.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            # A ']' right after '[' or '[^' is a literal member of the class.
            closing = index + 1 + (pattern[index + 1 : index + 2] == "^")
            if pattern[closing : closing + 1] == "]":
                out.append(pattern[index : closing + 1])
                index = closing + 1
                continue
        elif char == "$":
            char = r"\Z"
        out.append(char)
        index += 1
    return re.compile("".join(out))


# --- the compiler ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A compiled schema with what a union needs to know about it."""

    check: Check
    label: str
    """The member's name in a failed union's error locations (pydantic's: ``str``, ``int``, a model's name)."""
    natives: frozenset[type] | None
    """The Python types of the JSON values the schema takes without conversion (None: any)."""


class SchemaCompiler:
    """Compiles the schemas of one spec into checks, each ``$ref`` once.

    ``overrides`` maps the JSON pointer of a property's schema (``#/components/schemas/JobIn/properties/x``) to a
    builder of that property's check, for rules the spec does not state (see "Beyond the spec").
    """

    def __init__(self, spec: Mapping[str, Any], overrides: Mapping[str, Override] | None = None) -> None:
        self.spec = spec
        self.overrides: Mapping[str, Override] = OVERRIDES if overrides is None else overrides
        self._refs: dict[str, _Compiled] = {}

    def compile(self, schema: Any, pointer: str) -> Check:
        """The check of ``schema``, found at ``pointer`` in the spec."""
        return self._compile(schema, pointer).check

    def _compile(self, schema: Any, pointer: str) -> _Compiled:
        if schema is True or schema == {}:
            return _Compiled(_anything, "any", None)
        if schema is False:
            return _Compiled(self._unsupported("false", pointer), "never", frozenset())
        if not isinstance(schema, Mapping):
            raise ValueError(f"{pointer}: a schema must be an object, not {schema!r}")
        parts: list[_Compiled] = []
        if "$ref" in schema:
            parts.append(self._reference(schema["$ref"]))
        local = {key: value for key, value in schema.items() if key != "$ref"}
        if local.get("nullable") is True and "type" in local:  # OpenAPI 3.0's spelling of a null member
            kinds = local["type"] if isinstance(local["type"], list) else [local["type"]]
            local["type"] = [*kinds, "null"]
        unknown = sorted(key for key in local if key not in _ANNOTATIONS and key not in _VALIDATION)
        unknown = [key for key in unknown if not key.startswith("x-")]
        if unknown:
            return _Compiled(self._unsupported(unknown[0], pointer), "unsupported", None)
        for index, branch in enumerate(local.get("allOf", ())):
            parts.append(self._compile(branch, f"{pointer}/allOf/{index}"))
        parts.extend(self._union(local, key, pointer) for key in ("anyOf", "oneOf") if key in local)
        rest = {key: value for key, value in local.items() if key in _VALIDATION and key not in _COMBINATORS}
        if rest or not parts:
            parts.append(self._local(local, pointer))
        if len(parts) == 1:
            return parts[0]
        return _all_of(parts)

    def _reference(self, reference: str) -> _Compiled:
        compiled = self._refs.get(reference)
        if compiled is not None:
            return compiled
        cell: list[Check] = []

        def deferred(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
            return cell[0](value, loc, errors)  # a schema that refers to itself, reached while being compiled

        target = resolve(self.spec, {"$ref": reference})
        self._refs[reference] = _Compiled(deferred, reference.rsplit("/", 1)[-1], None)
        compiled = self._compile(target, reference)
        if isinstance(target, Mapping) and not target.get("title"):
            compiled = _Compiled(compiled.check, reference.rsplit("/", 1)[-1], compiled.natives)
        cell.append(compiled.check)
        self._refs[reference] = compiled
        return compiled

    @staticmethod
    def _unsupported(keyword: str, pointer: str) -> Check:
        def check(_value: Any, _loc: Loc, _errors: list[ErrorDetail]) -> Any:
            raise NotImplementedByFake(
                f"The API spec uses {keyword!r} at {pointer}, which the fake server cannot validate"
            )

        return check

    # --- combinators ---------------------------------------------------------------------------------------------

    def _union(self, schema: Mapping[str, Any], key: str, pointer: str) -> _Compiled:
        branches = list(schema[key])
        members = [self._compile(branch, f"{pointer}/{key}/{index}") for index, branch in enumerate(branches)]
        nullable = [_is_null(resolve(self.spec, branch)) for branch in branches]
        others = [member for member, is_null in zip(members, nullable, strict=True) if not is_null]
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, Mapping) and "propertyName" in discriminator:
            tagged = [branch for branch, is_null in zip(branches, nullable, strict=True) if not is_null]
            inner = self._tagged(discriminator, tagged, others)
        elif not others:
            return _Compiled(_null, "none", _PYTHON_TYPES["null"])
        elif len(others) == 1:
            inner = others[0]
        else:
            inner = _smart_union(others)
        if not any(nullable):
            return inner
        inner_check = inner.check

        def nullable_check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
            return None if value is None else inner_check(value, loc, errors)

        natives = None if inner.natives is None else inner.natives | _PYTHON_TYPES["null"]
        return _Compiled(nullable_check, inner.label, natives)

    def _tagged(self, discriminator: Mapping[str, Any], branches: list[Any], members: list[_Compiled]) -> _Compiled:
        name = discriminator["propertyName"]
        by_tag: dict[str, Check] = {}
        for tag, reference in discriminator.get("mapping", {}).items():
            by_tag[str(tag)] = self._reference(reference).check
        for branch, member in zip(branches, members, strict=True):
            for tag in self._tags_of(branch, name):
                by_tag.setdefault(tag, member.check)
        expected = ", ".join(f"'{tag}'" for tag in by_tag)
        shown = f"'{name}'"

        def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
            if not isinstance(value, dict):
                message = "Input should be a valid dictionary or object to extract fields from"
                errors.append(error("model_attributes_type", loc, message, value))
                return INVALID
            if name not in value:
                message = f"Unable to extract tag using discriminator {shown}"
                errors.append(error("union_tag_not_found", loc, message, value, {"discriminator": shown}))
                return INVALID
            tag = value[name]
            member = by_tag.get(tag) if isinstance(tag, str) else None
            if member is None:
                message = f"Input tag '{tag}' found using {shown} does not match any of the expected tags: {expected}"
                ctx = {"discriminator": shown, "tag": str(tag), "expected_tags": expected}
                errors.append(error("union_tag_invalid", loc, message, value, ctx))
                return INVALID
            return member(value, (*loc, tag), errors)

        return _Compiled(check, " | ".join(member.label for member in members), _PYTHON_TYPES["object"])

    def _tags_of(self, branch: Any, name: str) -> list[str]:
        """The tags a branch answers to without a mapping: its property's const or enum, else its schema's name."""
        target = resolve(self.spec, branch)
        prop = resolve(self.spec, target.get("properties", {}).get(name, {})) if isinstance(target, Mapping) else {}
        if isinstance(prop, Mapping) and "const" in prop:
            return [str(prop["const"])]
        if isinstance(prop, Mapping) and "enum" in prop:
            return [str(value) for value in prop["enum"]]
        if isinstance(branch, Mapping) and isinstance(branch.get("$ref"), str):
            return [branch["$ref"].rsplit("/", 1)[-1]]
        return []

    # --- one schema's own keywords -------------------------------------------------------------------------------

    def _local(self, schema: Mapping[str, Any], pointer: str) -> _Compiled:
        if "const" in schema:
            return _literal(schema["const"])
        kinds = schema.get("type")
        if "enum" in schema:
            return _enumeration(list(schema["enum"]), kinds if isinstance(kinds, str) else None, schema)
        if kinds is None:
            inferred = {_TYPE_OF_KEYWORD[key] for key in schema if key in _TYPE_OF_KEYWORD}
            if len(inferred) != 1:
                return _Compiled(_anything, "any", None)
            kinds = inferred.pop()
        if isinstance(kinds, list):
            typed = [self._typed(kind, schema, pointer) for kind in kinds if kind != "null"]
            if not typed:
                return _Compiled(_null, "none", _PYTHON_TYPES["null"])
            inner = typed[0] if len(typed) == 1 else _smart_union(typed)
            if "null" not in kinds:
                return inner
            inner_check = inner.check

            def nullable_check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
                return None if value is None else inner_check(value, loc, errors)

            natives = None if inner.natives is None else inner.natives | _PYTHON_TYPES["null"]
            return _Compiled(nullable_check, inner.label, natives)
        return self._typed(kinds, schema, pointer)

    def _typed(self, kind: str, schema: Mapping[str, Any], pointer: str) -> _Compiled:
        natives = _PYTHON_TYPES.get(kind)
        if kind == "string":
            return _Compiled(_string(schema), _label(kind, schema), natives)
        if kind == "integer":
            return _Compiled(_bounded(_integer, schema), _label(kind, schema), natives)
        if kind == "number":
            return _Compiled(_bounded(_number, schema), _label(kind, schema), natives)
        if kind == "boolean":
            return _Compiled(_boolean, "bool", natives)
        if kind == "null":
            return _Compiled(_null, "none", natives)
        if kind == "array":
            return self._array(schema, pointer)
        if kind == "object":
            return self._object(schema, pointer)
        return _Compiled(self._unsupported(f"type {kind}", pointer), kind, None)

    def _array(self, schema: Mapping[str, Any], pointer: str) -> _Compiled:
        items = self._compile(schema["items"], f"{pointer}/items") if "items" in schema else None
        item_check = None if items is None else items.check
        low: int | None = schema.get("minItems")
        high: int | None = schema.get("maxItems")

        def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
            if not isinstance(value, list):
                errors.append(error("list_type", loc, "Input should be a valid list", value))
                return INVALID
            count = len(value)
            if high is not None and count > high:
                message = f"List should have at most {high} item{_plural(high)} after validation, not {count}"
                ctx = {"field_type": "List", "max_length": high, "actual_length": count}
                errors.append(error("too_long", loc, message, value, ctx))
                return INVALID
            result = value
            if item_check is not None:
                before = len(errors)
                result = [item_check(item, (*loc, index), errors) for index, item in enumerate(value)]
                if len(errors) > before:
                    return INVALID
            if low is not None and count < low:
                message = f"List should have at least {low} item{_plural(low)} after validation, not {count}"
                ctx = {"field_type": "List", "min_length": low, "actual_length": count}
                errors.append(error("too_short", loc, message, value, ctx))
                return INVALID
            return result

        label = f"list[{'any' if items is None else items.label}]"
        return _Compiled(check, label, _PYTHON_TYPES["array"])

    def _object(self, schema: Mapping[str, Any], pointer: str) -> _Compiled:
        required = frozenset(schema.get("required", ()))
        properties: list[tuple[str, Check | None, SiblingCheck | None, bool]] = []
        for name, subschema in schema.get("properties", {}).items():
            where = f"{pointer}/properties/{name.replace('~', '~0').replace('/', '~1')}"
            override = self.overrides.get(where)
            if override is not None:
                properties.append((name, None, override(self, subschema, where), name in required))
            else:
                properties.append((name, self.compile(subschema, where), None, name in required))
        missing_required = [(name, None, None, True) for name in sorted(required - set(schema.get("properties", {})))]
        properties.extend(missing_required)  # required but undeclared: only its presence is checked
        names = frozenset(name for name, _, _, _ in properties)
        extra = schema.get("additionalProperties")
        forbid = extra is False
        keep = extra is True or isinstance(extra, Mapping)
        extra_check = self.compile(extra, f"{pointer}/additionalProperties") if isinstance(extra, Mapping) else None
        is_model = "properties" in schema
        class_name = str(schema.get("title") or pointer.rsplit("/", 1)[-1])

        def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
            if type(value) is not dict:
                if is_model:
                    message = f"Input should be a valid dictionary or instance of {class_name}"
                    errors.append(error("model_type", loc, message, value, {"class_name": class_name}))
                else:
                    errors.append(error("dict_type", loc, "Input should be a valid dictionary", value))
                return INVALID
            before = len(errors)
            result: dict[str, Any] = {}
            for name, plain, sibling, needed in properties:
                item = value.get(name, _ABSENT)
                if item is _ABSENT:
                    if needed:
                        errors.append(error("missing", (*loc, name), "Field required", value))
                elif plain is not None:
                    result[name] = plain(item, (*loc, name), errors)
                elif sibling is not None:
                    result[name] = sibling(item, (*loc, name), errors, value)
                else:
                    result[name] = item
            if forbid or keep:
                for key, item in value.items():
                    if key in names:
                        continue
                    if forbid:
                        errors.append(error("extra_forbidden", (*loc, key), "Extra inputs are not permitted", item))
                    else:
                        result[key] = item if extra_check is None else extra_check(item, (*loc, key), errors)
            return INVALID if len(errors) > before else result

        return _Compiled(check, class_name if is_model else "dict[str,any]", _PYTHON_TYPES["object"])


_COMBINATORS: Final = frozenset({"allOf", "anyOf", "oneOf"})


def _is_null(schema: Any) -> bool:
    return isinstance(schema, Mapping) and (schema.get("type") == "null" or schema.get("type") == ["null"])


def _label(kind: str, schema: Mapping[str, Any]) -> str:
    constrained = any(key in schema for key in _TYPE_OF_KEYWORD)
    base = _LABELS.get(kind, kind)
    return f"constrained-{base}" if constrained else base


def _all_of(parts: list[_Compiled]) -> _Compiled:
    """Every part must take the value; objects' results are merged, otherwise the last part's result is kept."""
    checks = [part.check for part in parts]

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        before = len(errors)
        results = [one(value, loc, errors) for one in checks]
        if len(errors) > before:
            return INVALID
        if all(isinstance(result, dict) for result in results):
            merged: dict[str, Any] = {}
            for result in results:
                merged.update(result)
            return merged
        return results[-1]

    natives = [part.natives for part in parts if part.natives is not None]
    common = frozenset.intersection(*natives) if natives else None
    return _Compiled(check, parts[0].label, common)


def _smart_union(members: list[_Compiled]) -> _Compiled:
    """pydantic's smart union: members the value's type fits without conversion first, then the others."""

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        kind = type(value)
        fitting = [m for m in members if m.natives is None or kind in m.natives]
        for member in (*fitting, *(m for m in members if m not in fitting)):
            trial: list[ErrorDetail] = []
            result = member.check(value, loc, trial)
            if not trial:
                return result
        for member in members:
            member.check(value, (*loc, member.label), errors)
        return INVALID

    natives: frozenset[type] | None = frozenset()
    for member in members:
        natives = None if natives is None or member.natives is None else natives | member.natives
    return _Compiled(check, " | ".join(member.label for member in members), natives)


def _literal(expected_value: Any) -> _Compiled:
    expected = _quoted([expected_value])
    kind = type(expected_value)

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        if type(value) is kind and value == expected_value:
            return value
        errors.append(error("literal_error", loc, f"Input should be {expected}", value, {"expected": expected}))
        return INVALID

    return _Compiled(check, f"literal[{expected}]", frozenset({kind}))


def _enumeration(values: list[Any], kind: str | None, schema: Mapping[str, Any]) -> _Compiled:
    expected = _quoted(values)
    strings = frozenset(value for value in values if isinstance(value, str))
    others = [value for value in values if not isinstance(value, str)]
    # In a query string every value is text: an enum of numbers or booleans converts it first, as pydantic does.
    convert = {"integer": _integer, "number": _number, "boolean": _boolean}.get(kind or "")

    def member(value: Any) -> bool:
        if type(value) is str:
            return value in strings
        return any(type(value) is type(option) and value == option for option in others)

    # `x-speakeasy-unknown-values: allow`: the API takes values its spec does not list (a file's purpose "audio").
    open_to_text = schema.get("x-speakeasy-unknown-values") == "allow" and not others

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        if type(value) is str:
            if value in strings or open_to_text:
                return value
        elif member(value):
            return value
        if convert is not None:
            converted = convert(value, loc, [])
            if converted is not INVALID and member(converted):
                return converted
        errors.append(error("enum", loc, f"Input should be {expected}", value, {"expected": expected}))
        return INVALID

    natives = frozenset(type(value) for value in values)
    return _Compiled(check, str(schema.get("title") or "enum"), natives)


def _string(schema: Mapping[str, Any]) -> Check:
    pattern: str | None = schema.get("pattern")
    if pattern is not None and pattern == UUID_PATTERN:
        return _uuid_by_pattern
    fmt = schema.get("format")
    if fmt == "date-time":
        return _datetime
    if fmt == "uuid":
        return _uuid
    low: int | None = schema.get("minLength")
    high: int | None = schema.get("maxLength")
    regex = None if pattern is None else search_pattern(pattern)

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        if not isinstance(value, str):
            errors.append(error("string_type", loc, "Input should be a valid string", value))
            return INVALID
        if low is not None and len(value) < low:
            message = f"String should have at least {low} character{_plural(low)}"
            errors.append(error("string_too_short", loc, message, value, {"min_length": low}))
            return INVALID
        if high is not None and len(value) > high:
            message = f"String should have at most {high} character{_plural(high)}"
            errors.append(error("string_too_long", loc, message, value, {"max_length": high}))
            return INVALID
        if regex is not None and regex.search(value) is None:
            message = f"String should match pattern '{pattern}'"
            errors.append(error("string_pattern_mismatch", loc, message, value, {"pattern": pattern}))
            return INVALID
        return value

    return check


def _bounded(convert: Check, schema: Mapping[str, Any]) -> Check:
    """``convert`` (integer or number) followed by the schema's bounds, each reported as pydantic does."""
    rules: list[tuple[str, str, Any, Callable[[Any, Any], bool], str]] = []
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if above is True:  # OpenAPI 3.0: a flag on `minimum`
        low, above = None, low
    if below is True:
        high, below = None, high
    if isinstance(low, int | float) and not isinstance(low, bool):
        rules.append(("greater_than_equal", "ge", low, operator.ge, "greater than or equal to"))
    if isinstance(above, int | float) and not isinstance(above, bool):
        rules.append(("greater_than", "gt", above, operator.gt, "greater than"))
    if isinstance(high, int | float) and not isinstance(high, bool):
        rules.append(("less_than_equal", "le", high, operator.le, "less than or equal to"))
    if isinstance(below, int | float) and not isinstance(below, bool):
        rules.append(("less_than", "lt", below, operator.lt, "less than"))
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and not isinstance(step, bool) and step > 0:
        rules.append(("multiple_of", "multiple_of", step, _is_multiple, "a multiple of"))
    if not rules:
        return convert
    frozen = tuple(rules)

    def check(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
        result = convert(value, loc, errors)
        if result is INVALID:
            return INVALID
        for kind, name, bound, holds, words in frozen:
            if not holds(result, bound):
                errors.append(error(kind, loc, f"Input should be {words} {_show(bound)}", value, {name: bound}))
                return INVALID
        return result

    return check


def _is_multiple(value: Any, step: Any) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return value % step == 0
    ratio = value / step
    return math.isclose(ratio, round(ratio), rel_tol=0, abs_tol=1e-9)


# --- operations ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parameter:
    """One named value of a request checked against its schema: a path or query parameter, or a form field."""

    name: str
    check: Check
    required: bool = False
    default: Any = None
    """The value an absent parameter stands for: the schema's ``default``, else None."""
    repeated: bool = False
    """An array: it takes every value of a repeated key, in order."""


class ParameterSet:
    """The named values of one place of a request (``path``, ``query``, or a form ``body``), each with its check.

    Values arrive as text (a query's ``?a=1&a=2`` gives ``{"a": ["1", "2"]}``), converted as pydantic's lax mode
    does. An undeclared name is ignored, as FastAPI does.
    """

    __slots__ = ("_rows", "defaults", "parameters", "place")

    def __init__(self, place: str, parameters: Sequence[Parameter]) -> None:
        self.place = place
        self.parameters = tuple(parameters)
        self.defaults: Mapping[str, Any] = {parameter.name: parameter.default for parameter in self.parameters}
        self._rows = tuple((p.name, p.check, p.required, p.default, p.repeated) for p in self.parameters)

    @classmethod
    def of_object(cls, compiler: SchemaCompiler, place: str, schema: Any, pointer: str) -> ParameterSet:
        """The fields of an object schema (a form body's), as parameters of ``place``."""
        target = resolve(compiler.spec, schema)
        required = frozenset(target.get("required", ()))
        parameters = [
            _parameter(compiler, name, subschema, name in required, f"{pointer}/properties/{name}")
            for name, subschema in target.get("properties", {}).items()
        ]
        return cls(place, parameters)

    def validate(self, raw: Mapping[str, Any], errors: list[ErrorDetail]) -> dict[str, Any]:
        """Check ``raw`` (each name to one text, or to the list of texts of a repeated key) into ``errors``."""
        values: dict[str, Any] = {}
        place = self.place
        for name, check, required, default, repeated in self._rows:
            given = raw.get(name)
            if type(given) is list:
                if given:
                    # FastAPI keeps the last value of a repeated key, unless the parameter is an array.
                    values[name] = check(given if repeated else given[-1], (place, name), errors)
                    continue
                given = None
            if given is None:
                if required:
                    errors.append(error("missing", (place, name), "Field required", None))
                values[name] = default
            else:
                values[name] = check([given] if repeated else given, (place, name), errors)
        return values


def _parameter(compiler: SchemaCompiler, name: str, schema: Any, required: bool, pointer: str) -> Parameter:
    target = resolve(compiler.spec, schema) if schema is not None else {}
    # A default beside a $ref (OpenAPI 3.1 allows it) is the parameter's own, over the referenced schema's.
    holder = schema if isinstance(schema, Mapping) and "default" in schema else target
    return Parameter(
        name=name,
        check=compiler.compile(schema if schema is not None else {}, pointer),
        required=required,
        default=holder.get("default") if isinstance(holder, Mapping) else None,
        repeated=_is_array(compiler.spec, target),
    )


def _is_array(spec: Mapping[str, Any], schema: Any) -> bool:
    """Whether ``schema`` (or its one non-null member) is an array: a parameter that repeats its key."""
    schema = resolve(spec, schema)
    if not isinstance(schema, Mapping):
        return False
    kinds = schema.get("type")
    if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
        return True
    for key in ("anyOf", "oneOf"):
        members = [resolve(spec, member) for member in schema.get(key, ())]
        present = [member for member in members if not _is_null(member)]
        if len(present) == 1:
            return _is_array(spec, present[0])
    return False


@dataclass(frozen=True, slots=True)
class RequestValidator:
    """The compiled checks of one operation: path parameters, query parameters and the JSON body."""

    operation: str
    path_params: ParameterSet
    query_params: ParameterSet
    body_check: Check | None = None
    body_is_object: bool = False
    """The JSON body is an object: anything else is FastAPI's ``model_attributes_type`` (the whole body)."""
    form_fields: ParameterSet | None = None
    """The text fields of a form body (``multipart/form-data``), when the operation takes one."""
    form_files: tuple[tuple[str, bool], ...] = ()
    """The file fields of a form body (``format: binary``), each with whether it is required."""
    form_nullable: frozenset[str] = frozenset()
    """The text fields of a form body that may be null: the text ``null`` in one of them is null."""

    @property
    def query_defaults(self) -> Mapping[str, Any]:
        """What each query parameter stands for when absent."""
        return self.query_params.defaults

    def path(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The converted path parameters, or RequestInvalid listing every bad one."""
        errors: list[ErrorDetail] = []
        values = self.path_params.validate(raw, errors)
        if errors:
            raise RequestInvalid(errors)
        return values

    def query(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The converted query parameters (defaults for absent ones), or RequestInvalid listing every bad one."""
        errors: list[ErrorDetail] = []
        values = self.query_params.validate(raw, errors)
        if errors:
            raise RequestInvalid(errors)
        return values

    def form(self, fields: Mapping[str, list[str]], files: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
        """The converted text fields of a form (defaults for absent ones), or RequestInvalid listing every problem.

        ``fields`` holds the text values by name, ``files`` the file parts by name. As FastAPI does, an empty text
        value counts as absent, and a file field sent as text is a ``value_error``. Unlike FastAPI, which would
        refuse it, the text ``null`` in a field the spec lets be null is null: a form has no other way to carry
        one, and clients that turn every value into text (schemathesis does) send that.
        """
        errors: list[ErrorDetail] = []
        nullable = self.form_nullable
        present = {
            name: [value for value in values if value != "" and (value != "null" or name not in nullable)]
            for name, values in fields.items()
        }
        values = self.form_fields.validate(present, errors) if self.form_fields is not None else {}
        for name, required in self.form_files:
            if files.get(name):
                continue
            text = present.get(name)
            if text:
                message = "Value error, Expected UploadFile, received: <class 'str'>"
                errors.append(error("value_error", ("body", name), message, text[-1], {"error": {}}))
            elif required:
                errors.append(error("missing", ("body", name), "Field required", None))
        if errors:
            raise RequestInvalid(errors)
        return values

    def body(self, decoded: Any) -> Any:
        """The converted JSON body (as sent: defaults are not filled in), or RequestInvalid listing every problem."""
        if self.body_check is None:
            return decoded
        if self.body_is_object and not isinstance(decoded, dict):
            message = "Input should be a valid dictionary or object to extract fields from"
            raise RequestInvalid([error("model_attributes_type", ("body",), message, decoded)])
        errors: list[ErrorDetail] = []
        result = self.body_check(decoded, ("body",), errors)
        if errors:
            raise RequestInvalid(errors)
        return result


def compile_requests(
    spec: Mapping[str, Any], overrides: Mapping[str, Override] | None = None
) -> dict[str, RequestValidator]:
    """A ``RequestValidator`` for every operation of ``spec``, by operationId."""
    compiler = SchemaCompiler(spec, overrides)
    validators: dict[str, RequestValidator] = {}
    for operation_id, method, template, operation, parameters in operations(spec):
        escaped = template.replace("~", "~0").replace("/", "~1")
        pointer = f"#/paths/{escaped}/{method.lower()}"
        places: dict[str, list[Parameter]] = {"path": [], "query": []}
        for index, parameter in enumerate(parameters):
            if parameter["in"] in places:
                places[parameter["in"]].append(
                    _parameter(
                        compiler,
                        parameter["name"],
                        parameter.get("schema"),
                        bool(parameter.get("required")) or parameter["in"] == "path",
                        f"{pointer}/parameters/{index}/schema",
                    )
                )
        body_check = None
        body_is_object = False
        content = resolve(spec, operation.get("requestBody", {})).get("content", {})
        json_schema = next(
            (media["schema"] for kind, media in content.items() if _is_json(kind) and "schema" in media), None
        )
        if json_schema is not None:
            body_check = compiler.compile(json_schema, f"{pointer}/requestBody")
            target = resolve(spec, json_schema)
            body_is_object = isinstance(target, Mapping) and (target.get("type") == "object" or "properties" in target)
        form_fields, form_files, form_nullable = _form(compiler, content, f"{pointer}/requestBody")
        validators[operation_id] = RequestValidator(
            operation_id,
            ParameterSet("path", places["path"]),
            ParameterSet("query", places["query"]),
            body_check,
            body_is_object,
            form_fields,
            form_files,
            form_nullable,
        )
    return validators


def _form(
    compiler: SchemaCompiler, content: Mapping[str, Any], pointer: str
) -> tuple[ParameterSet | None, tuple[tuple[str, bool], ...], frozenset[str]]:
    """The text fields, the file fields (``format: binary``) and the nullable text fields of an operation's form
    body, if it has one."""
    for kind, media in content.items():
        if kind.partition(";")[0].strip().lower() in _FORM_MEDIA_TYPES and "schema" in media:
            schema = resolve(compiler.spec, media["schema"])
            escaped = kind.replace("~", "~0").replace("/", "~1")
            every = ParameterSet.of_object(compiler, "body", schema, f"{pointer}/content/{escaped}/schema")
            required = frozenset(schema.get("required", ()))
            binary = [
                name
                for name, subschema in schema.get("properties", {}).items()
                if resolve(compiler.spec, subschema).get("format") == "binary"
            ]
            text = [parameter for parameter in every.parameters if parameter.name not in binary]
            nullable = frozenset(parameter.name for parameter in text if _accepts_null(parameter.check))
            return ParameterSet("body", text), tuple((name, name in required) for name in binary), nullable
    return None, (), frozenset()


def _accepts_null(check: Check) -> bool:
    errors: list[ErrorDetail] = []
    check(None, (), errors)
    return not errors


_FORM_MEDIA_TYPES: Final = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})


def _is_json(media_type: str) -> bool:
    kind, _, subtype = media_type.partition(";")[0].strip().lower().partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


# --- bodies ----------------------------------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    # JSON has no NaN or Infinity; Python's decoder would otherwise accept them.
    raise ValueError(f"invalid JSON constant {name}")


def is_json_media_type(content_type: str | None) -> bool:
    """Whether FastAPI decodes a body with this Content-Type as JSON: none, ``application/json`` or ``+json``."""
    return not content_type or _is_json(content_type)


def decode_json_body(raw: bytes, content_type: str | None = None) -> Any:
    """Decode a request body as JSON or raise RequestInvalid with FastAPI's ``json_invalid`` / ``missing`` errors.

    A body whose Content-Type is not JSON is not decoded: FastAPI validates its raw bytes, which no model accepts,
    so it comes back as text for the ``model_attributes_type`` error that follows.
    """
    if not raw.strip():
        raise RequestInvalid([error("missing", ("body",), "Field required", None)])
    if not is_json_media_type(content_type):
        return raw.decode("utf-8", "replace")
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        position = exc.pos if isinstance(exc, json.JSONDecodeError) else 0
        if isinstance(exc, json.JSONDecodeError):
            reason = exc.msg
        elif isinstance(exc, RecursionError):
            reason = "recursion limit exceeded"
        else:
            reason = str(exc)
        raise RequestInvalid(
            [error("json_invalid", ("body", position), "JSON decode error", {}, {"error": reason})]
        ) from None


def bounded(value: Any, depth: int = 0) -> Any:
    """Return ``value`` with containers nested deeper than ``MAX_ECHO_DEPTH`` replaced by ``"..."``."""
    if isinstance(value, dict):
        if depth >= MAX_ECHO_DEPTH:
            return "..."
        return {key: bounded(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        if depth >= MAX_ECHO_DEPTH:
            return "..."
        return [bounded(item, depth + 1) for item in value]
    return value


def bounded_errors(errors: list[ErrorDetail]) -> list[ErrorDetail]:
    """Return the errors with their ``input`` and ``ctx`` cut to ``MAX_ECHO_DEPTH`` levels, safe to encode."""
    return [
        {key: bounded(item) if key in ("input", "ctx") else item for key, item in entry.items()} for entry in errors
    ]


# ======================================================================================================================
# Beyond the spec: what the real API checks or does that openapi.yaml does not say. Everything above follows the
# spec mechanically; every rule below is written by hand and says why. (The W&B key's 40 characters and the
# suffix's 18 are in the spec, so they are checked above, not here.)
# ======================================================================================================================

UUID_PATTERN: Final = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
"""Not in the spec: the real API types job and file ids as UUIDs; the spec writes that check as this pattern (see
``JobId`` in openapi.yaml), so a string schema with exactly this pattern is reported as pydantic reports a UUID
(``uuid_type``, ``uuid_parsing``, not ``string_pattern_mismatch``), and the id is kept in lowercase."""
_UUID_TEXT: Final = search_pattern(UUID_PATTERN)


def _uuid_by_pattern(value: Any, loc: Loc, errors: list[ErrorDetail]) -> Any:
    if not isinstance(value, str):
        errors.append(error("uuid_type", loc, "UUID input should be a string, bytes or UUID object", value))
        return INVALID
    if _UUID_TEXT.search(value) is None:
        message = "Input should be a valid UUID, unable to parse string as a UUID"
        errors.append(error("uuid_parsing", loc, message, value))
        return INVALID
    return value.lower()


def parse_uuid(value: str) -> str | None:
    """Return the lowercase form of a hyphenated UUID (the spec's id pattern), or None for anything else."""
    return value.lower() if _UUID_TEXT.search(value) else None


HYPERPARAMETER_MODELS: Final[Mapping[str, str]] = {
    "completion": "CompletionTrainingParametersIn",
    "classifier": "ClassifierTrainingParametersIn",
}
"""Not in the spec: the real API validates ``hyperparameters`` (the spec's union of the two parameter models, with
no discriminator) with the model of the body's ``job_type`` first (completion when it has none), then the other;
when neither fits, it reports the errors of the requested type's model, under ``["body", "hyperparameters", ...]``.
Both models ignore unknown keys, so ``{"fim_ratio": 5}`` is valid classifier parameters and a classifier job
ignores ``fim_ratio``. A job type without an entry here tries the union's members in the spec's order."""


def _hyperparameters_by_job_type(compiler: SchemaCompiler, schema: Mapping[str, Any], pointer: str) -> SiblingCheck:
    key = "anyOf" if "anyOf" in schema else "oneOf" if "oneOf" in schema else None
    if key is None:  # no longer a union: the spec's own schema applies
        plain = compiler.compile(schema, pointer)
        return lambda value, loc, errors, _container: plain(value, loc, errors)
    members: list[tuple[str, Check]] = []
    for index, branch in enumerate(schema[key]):
        target = resolve(compiler.spec, branch)
        title = str(target.get("title", "")) if isinstance(target, Mapping) else ""
        members.append((title, compiler.compile(branch, f"{pointer}/{key}/{index}")))
    by_title = dict(members)
    by_job_type = {job: by_title[title] for job, title in HYPERPARAMETER_MODELS.items() if title in by_title}
    in_order = [check for _, check in members]

    def check(value: Any, loc: Loc, errors: list[ErrorDetail], container: Mapping[str, Any]) -> Any:
        job_type = container.get("job_type")
        requested = by_job_type.get(job_type if isinstance(job_type, str) else DEFAULT_JOB_TYPE, in_order[0])
        first: list[ErrorDetail] = []
        result = requested(value, loc, first)
        if not first:
            return result
        for other in in_order:
            if other is not requested:
                trial: list[ErrorDetail] = []
                result = other(value, loc, trial)
                if not trial:
                    return result
        errors.extend(first)
        return INVALID

    return check


OVERRIDES: Final[Mapping[str, Override]] = {
    "#/components/schemas/JobIn/properties/hyperparameters": _hyperparameters_by_job_type,
}
"""The properties whose check is one of the rules above instead of the spec's schema alone."""

IMPLEMENTED_JOB_TYPES: Final = frozenset({"completion", "classifier"})
"""The job types whose outputs the fake knows how to build (another type of the spec gets a 501)."""
DEFAULT_JOB_TYPE: Final = "completion"
"""Not in the spec (``job_type`` is nullable, without a default): a job without one is a completion job."""
DEFAULT_LOSS_FUNCTION: Final = "single_class"
"""Not in the spec (``loss_function`` is nullable, without a default): a classifier target without one uses it."""
ECHOED_DEFAULTS: Final = frozenset({"learning_rate"})
"""Not in the spec: a created job shows these hyperparameters with their default when the request left them out;
the other hyperparameters only when they were sent."""


@dataclass(slots=True)
class JobRequest:
    """A validated ``JobIn`` body, already converted to the shapes the job outputs use."""

    model: str
    job_type: str
    hyperparameters: dict[str, Any]
    training_files: list[str] = field(default_factory=list)
    validation_files: list[str] = field(default_factory=list)
    suffix: str | None = None
    integrations: list[dict[str, Any]] = field(default_factory=list)
    repositories: list[dict[str, Any]] = field(default_factory=list)
    classifier_targets: list[dict[str, Any]] = field(default_factory=list)
    auto_start: bool = False
    invalid_sample_skip_percentage: float = 0.0

    @property
    def training_steps(self) -> int | None:
        """The requested number of training steps, if any."""
        steps = self.hyperparameters.get("training_steps")
        return steps if isinstance(steps, int) else None

    @property
    def epochs(self) -> float | None:
        """The requested number of epochs, if any."""
        epochs = self.hyperparameters.get("epochs")
        return epochs if isinstance(epochs, float) else None


def commit_for(owner: str, name: str, ref: str | None) -> str:
    """Return a stable 40-hex-digit commit id for a repository reference (the fake's stand-in for GitHub)."""
    # surrogatepass: a JSON string may hold lone surrogates, which strict UTF-8 refuses to encode.
    reference = f"{owner}/{name}@{ref or 'main'}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(reference, usedforsecurity=False).hexdigest()


def _schemas(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = spec.get("components", {}).get("schemas", {})
    return schemas


def _property(spec: Mapping[str, Any], schema_name: str, name: str) -> Mapping[str, Any]:
    """The schema of property ``name`` of the component ``schema_name`` ({} when there is none)."""
    schema = resolve(spec, _schemas(spec).get(schema_name, {}))
    found = resolve(spec, schema.get("properties", {}).get(name, {})) if isinstance(schema, Mapping) else {}
    return found if isinstance(found, Mapping) else {}


def _item_properties(spec: Mapping[str, Any], schema_name: str, name: str) -> Mapping[str, Any]:
    """The properties of the items of the array property ``name`` of ``schema_name`` (nullable or not)."""
    schema: Any = _property(spec, schema_name, name)
    for branch in schema.get("anyOf", ()):
        member = resolve(spec, branch)
        if isinstance(member, Mapping) and not _is_null(member):
            schema = member
            break
    items = resolve(spec, schema.get("items", {}))
    properties: Mapping[str, Any] = items.get("properties", {}) if isinstance(items, Mapping) else {}
    return {key: resolve(spec, value) for key, value in properties.items()}


def _default(schema: Any) -> Any:
    return schema.get("default") if isinstance(schema, Mapping) else None


EchoFields = tuple[tuple[str, Any], ...]
"""The fields of a request item's response form, each with the value it takes when the request did not send it."""


def _echo_fields(spec: Mapping[str, Any], field_name: str, response_schema: str) -> EchoFields:
    """The response form of the items of ``JobIn.<field_name>``: each field of the item's schema in
    ``response_schema``, defaulting to the request schema's default, else the response schema's, else null."""
    given = _item_properties(spec, "JobIn", field_name)
    shown = _item_properties(spec, response_schema, field_name)
    return tuple((name, _default(given[name]) if name in given else _default(schema)) for name, schema in shown.items())


def _echo(item: Mapping[str, Any], fields: EchoFields) -> dict[str, Any]:
    return {name: item.get(name, default) for name, default in fields}


@dataclass(frozen=True, slots=True)
class JobShapes:
    """What a validated ``JobIn`` turns into, read from the spec: the fields each echoed item has (its response
    schema's properties, so secrets such as ``api_key`` and ``token``, which no response schema has, are never
    echoed), and the defaults the echo fills in."""

    integration: EchoFields
    repository: EchoFields
    target: EchoFields
    hyperparameter_defaults: Mapping[str, Mapping[str, Any]]
    """Per job type, the echoed defaults (``ECHOED_DEFAULTS``) of its parameter model."""
    hyperparameter_order: Mapping[str, tuple[str, ...]]
    """Per job type, the fields of its parameter model in the spec's order (the order they are echoed in)."""
    skip_default: float

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> JobShapes:
        """Read the shapes from ``spec``."""
        defaults: dict[str, dict[str, Any]] = {}
        order: dict[str, tuple[str, ...]] = {}
        for job_type, model in HYPERPARAMETER_MODELS.items():
            defaults[job_type] = {}
            for name in ECHOED_DEFAULTS:
                value = _default(_property(spec, model, name))
                if value is not None:
                    defaults[job_type][name] = value
            schema = resolve(spec, _schemas(spec).get(model, {}))
            order[job_type] = tuple(schema.get("properties", {})) if isinstance(schema, Mapping) else ()
        return cls(
            integration=_echo_fields(spec, "integrations", "CompletionDetailedJobOut"),
            repository=_echo_fields(spec, "repositories", "CompletionDetailedJobOut"),
            target=_echo_fields(spec, "classifier_targets", "ClassifierDetailedJobOut"),
            hyperparameter_defaults=defaults,
            hyperparameter_order=order,
            skip_default=float(_default(_property(spec, "JobIn", "invalid_sample_skip_percentage")) or 0.0),
        )

    def to_job_request(self, values: Mapping[str, Any]) -> JobRequest:
        """Turn a ``JobIn`` body validated against the spec into what the job's outputs are built from."""
        job_type = values.get("job_type") or DEFAULT_JOB_TYPE
        if job_type not in IMPLEMENTED_JOB_TYPES:
            raise NotImplementedByFake(
                f"job_type {job_type!r} is in the API spec but the fake server does not implement it"
            )
        sent: Mapping[str, Any] = values.get("hyperparameters") or {}
        defaults = self.hyperparameter_defaults.get(job_type, {})
        hyperparameters = dict(sent)
        if any(name not in sent for name in defaults):  # echoed at its place in the model, as the API does
            hyperparameters = {
                name: sent[name] if name in sent else defaults[name]
                for name in self.hyperparameter_order.get(job_type, ())
                if name in sent or name in defaults
            }
            hyperparameters.update(sent)  # fields of the other model, when the job's own did not fit
        integrations = [_echo(item, self.integration) for item in values.get("integrations") or ()]
        repositories: list[dict[str, Any]] = []
        targets: list[dict[str, Any]] = []
        # Not in the spec: the real API keeps repositories for completion jobs only, classifier targets for
        # classifier jobs only.
        if job_type == "completion":
            for item in values.get("repositories") or ():
                repository = _echo(item, self.repository)
                if "commit_id" in repository:  # the commit the fake "resolved" the reference to
                    repository["commit_id"] = commit_for(item.get("owner", ""), item.get("name", ""), item.get("ref"))
                repositories.append(repository)
        if job_type == "classifier":
            for item in values.get("classifier_targets") or ():
                target = _echo(item, self.target)
                if target.get("loss_function") is None:
                    target["loss_function"] = DEFAULT_LOSS_FUNCTION
                targets.append(target)
        skip = values.get("invalid_sample_skip_percentage")
        return JobRequest(
            model=str(values.get("model", "")),
            job_type=job_type,
            hyperparameters=hyperparameters,
            training_files=[item["file_id"] for item in values.get("training_files") or () if "file_id" in item],
            validation_files=list(values.get("validation_files") or ()),
            suffix=values.get("suffix"),
            integrations=integrations,
            repositories=repositories,
            classifier_targets=targets,
            auto_start=bool(values.get("auto_start", False)),  # not in the spec: the real API's default is false
            invalid_sample_skip_percentage=self.skip_default if skip is None else float(skip),
        )


class Requests(dict[str, RequestValidator]):
    """Everything the fake validates requests with, compiled from one spec: a ``RequestValidator`` per operation
    (by operationId), and the shapes a created job is built in (``job_shapes``)."""

    __slots__ = ("job_shapes",)

    def __init__(self, operations: Mapping[str, RequestValidator], job_shapes: JobShapes) -> None:
        super().__init__(operations)
        self.job_shapes = job_shapes


def requests_from(spec: Mapping[str, Any], overrides: Mapping[str, Override] | None = None) -> Requests:
    """Compile ``spec`` (a decoded OpenAPI document) into what the fake validates requests with."""
    return Requests(compile_requests(spec, overrides), JobShapes.from_spec(spec))


REQUESTS: Final = requests_from(SPEC)
"""What the fake validates requests with, from the spec shipped with the generated code."""


def validate_job_in(body: Any, requests: Requests | None = None) -> JobRequest:
    """Validate a decoded ``JobIn`` body and return it normalized, or raise RequestInvalid listing every problem.

    Raises NotImplementedByFake for a valid job of a type the fake cannot build.
    """
    requests = REQUESTS if requests is None else requests
    values = requests[CREATE_OPERATION].body(body)
    return requests.job_shapes.to_job_request(values)


__all__ = [
    "IMPLEMENTED_JOB_TYPES",
    "INVALID",
    "MAX_ECHO_DEPTH",
    "OVERRIDES",
    "REQUESTS",
    "ErrorDetail",
    "JobRequest",
    "JobShapes",
    "JobStatus",
    "JobType",
    "NotImplementedByFake",
    "Parameter",
    "ParameterSet",
    "RequestInvalid",
    "RequestValidator",
    "Requests",
    "SchemaCompiler",
    "bounded",
    "bounded_errors",
    "commit_for",
    "compile_requests",
    "decode_json_body",
    "enum_values",
    "error",
    "is_json_media_type",
    "parse_datetime",
    "parse_uuid",
    "requests_from",
    "search_pattern",
    "validate_job_in",
]
