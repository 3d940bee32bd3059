from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    Model,
    check_field,
    check_items,
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_get_fields = itemgetter(
    "loc",
    "msg",
    "type",
    "input",
    "ctx",
)
_FIELDS: tuple[str, ...] = (
    "loc",
    "msg",
    "type",
    "input",
    "ctx",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "loc",
        "msg",
        "type",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ValidationError(Model):
    """One rejected value."""

    loc: list[int | str]
    """ Where the value was, e.g. `["body", "hyperparameters", "learning_rate"]`. """

    msg: str

    type_: str

    input_: Any | None = None
    """ The rejected value. """

    ctx: dict[str, Any] | None = None
    """ Details of the failed constraint, e.g. `{"le": 1.0}`. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("loc", "loc"),
        ("msg", "msg"),
        ("type_", "type"),
        ("input_", "input"),
        ("ctx", "ctx"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "ValidationError"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "loc": "ln",
        "msg": "s",
        "type": "s",
    }
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """
    _present: frozenset[str] = _attrs_field(init=False, eq=False, factory=frozenset)
    # The list fields the server sent as null (read as []), sent back as null while still empty.
    _nulls: frozenset[str] = _attrs_field(init=False, eq=False, factory=frozenset)

    def __attrs_post_init__(self) -> None:
        # Built by hand (not parsed): the fields given count as sent.
        self._present = (
            frozenset(name for attribute, name in self._FIELD_NAMES if getattr(self, attribute) not in (None, []))
            | _REQUIRED
        )

    @property
    def type(self) -> str:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: str) -> None:
        self.type_ = value

    @property
    def input(self) -> Any | None:
        """`input_` under its JSON name, as the official SDK spells it."""
        return self.input_

    @input.setter
    def input(self, value: Any | None) -> None:
        self.input_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 5
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            loc,
            msg,
            type_,
            input_,
            ctx,
        ) = values
        nulls: list[str] = []
        if type(loc) is not list and loc is not None:
            check_field(loc, "ln", "loc", src_dict)
        if type(loc) is list:
            for item in loc:
                if type(item) is not str and type(item) is not int:
                    check_items(loc, "is", "loc", src_dict)
        if loc is None:  # null reads as [], and is sent back as null
            loc = []
            nulls.append("loc")
        elif loc is UNSET:
            loc = []
        if type(msg) is not str:
            check_field(msg, "s", "msg", src_dict)
        if type(type_) is not str:
            check_field(type_, "s", "type", src_dict)
        if input_ is UNSET:
            input_ = None
        if type(ctx) is not dict and ctx is not None and ctx is not UNSET:
            check_field(ctx, "nou", "ctx", src_dict)
        ctx = None if ctx is None or ctx is UNSET else ctx
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        validation_error = _new_instance(cls)
        validation_error.loc = loc
        validation_error.msg = msg
        validation_error.type_ = type_
        validation_error.input_ = input_
        validation_error.ctx = ctx
        validation_error.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        validation_error._present = present
        validation_error._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return validation_error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
