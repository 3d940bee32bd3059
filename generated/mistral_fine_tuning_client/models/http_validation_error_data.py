from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    ClassVar,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.validation_error import ValidationError
from ..types import (
    UNSET,
    InvalidField,
    Model,
    check_field,
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_FIELDS: tuple[str, ...] = ("detail",)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class HTTPValidationErrorData(Model):
    """Why the request's parameters or body were rejected (FastAPI style)."""

    detail: list[ValidationError] | str | None = None

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (("detail", "detail"),)
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "HTTPValidationError"
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

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = (src_dict["detail"],)
            complete = len(src_dict) == 1
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (detail,) = values
        if type(detail) is not list and type(detail) is not str and detail is not None and detail is not UNSET:
            check_field(detail, "lnsu", "detail", src_dict)
        try:
            if detail is UNSET:
                detail = None
            if detail is not None:
                if isinstance(detail, list):
                    detail = [ValidationError.from_dict(item0) for item0 in detail]
        except InvalidField as exc:
            raise exc.at("detail", src_dict) from None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        http_validation_error_data = _new_instance(cls)
        http_validation_error_data.detail = detail
        http_validation_error_data.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        http_validation_error_data._present = present
        http_validation_error_data._nulls = _NO_NULLS
        return http_validation_error_data

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
