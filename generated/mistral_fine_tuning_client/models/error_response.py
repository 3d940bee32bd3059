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
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_get_fields = itemgetter(
    "detail",
    "message",
    "object",
    "type",
    "code",
    "request_id",
)
_FIELDS: tuple[str, ...] = (
    "detail",
    "message",
    "object",
    "type",
    "code",
    "request_id",
)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ErrorResponse(Model):
    """An error body; its fields vary between Mistral's services, so all are optional."""

    detail: Any | None = None
    """ A message, or a structure describing the problem. """

    message: None | str = None

    object_: None | str = None

    type_: None | str = None

    code: int | None | str = None

    request_id: None | str = None

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("detail", "detail"),
        ("message", "message"),
        ("object_", "object"),
        ("type_", "type"),
        ("code", "code"),
        ("request_id", "request_id"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "message",
            "object",
            "type",
            "code",
            "request_id",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "ErrorResponse"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {}
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
    def object(self) -> None | str:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: None | str) -> None:
        self.object_ = value

    @property
    def type(self) -> None | str:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: None | str) -> None:
        self.type_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 6
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            detail,
            message,
            object_,
            type_,
            code,
            request_id,
        ) = values
        if detail is UNSET:
            detail = None
        if type(message) is not str and message is not None and message is not UNSET:
            check_field(message, "nsu", "message", src_dict)
        if message is UNSET:
            message = None
        if type(object_) is not str and object_ is not None and object_ is not UNSET:
            check_field(object_, "nsu", "object", src_dict)
        if object_ is UNSET:
            object_ = None
        if type(type_) is not str and type_ is not None and type_ is not UNSET:
            check_field(type_, "nsu", "type", src_dict)
        if type_ is UNSET:
            type_ = None
        if type(code) is not str and type(code) is not int and code is not None and code is not UNSET:
            check_field(code, "insu", "code", src_dict)
        if code is UNSET:
            code = None
        if type(request_id) is not str and request_id is not None and request_id is not UNSET:
            check_field(request_id, "nsu", "request_id", src_dict)
        if request_id is UNSET:
            request_id = None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        error_response = _new_instance(cls)
        error_response.detail = detail
        error_response.message = message
        error_response.object_ = object_
        error_response.type_ = type_
        error_response.code = code
        error_response.request_id = request_id
        error_response.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        error_response._present = present
        error_response._nulls = _NO_NULLS
        return error_response

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
