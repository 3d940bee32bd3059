from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Literal,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.classifier_job_out import ClassifierJobOut
from ..models.completion_job_out import CompletionJobOut
from ..types import (
    UNSET,
    ConstMismatch,
    InvalidField,
    Model,
    UnknownVariant,
    check_field,
    expect_object,
    fields_or_unset,
    parse_variant,
)

_new_instance = object.__new__

_DATA_ITEM_VARIANTS: dict[Any, type[ClassifierJobOut | CompletionJobOut]] = {
    "completion": CompletionJobOut,
    "classifier": ClassifierJobOut,
}


def _parse_data_item(value: Mapping[str, Any]) -> ClassifierJobOut | CompletionJobOut | UnknownVariant:
    """Pick the variant named by `job_type`; a kind this client does not know gives an UnknownVariant."""
    if type(value) is dict:
        try:  # the common case, inline: a known kind, whose other const fields its from_dict checks
            return _DATA_ITEM_VARIANTS[value["job_type"]].from_dict(value)
        except (KeyError, TypeError, ValueError):
            pass  # no tag, an unknown one or one of the wrong type, or a bad field: parse_variant tells which
    result: ClassifierJobOut | CompletionJobOut | UnknownVariant = parse_variant(value, "job_type", _DATA_ITEM_VARIANTS)
    return result


_get_fields = itemgetter(
    "total",
    "data",
    "object",
)
_FIELDS: tuple[str, ...] = (
    "total",
    "data",
    "object",
)
_REQUIRED: frozenset[str] = frozenset(("total",))
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class JobsOut(Model):
    """One page of jobs and how many match in all."""

    total: int
    """ Jobs matching the filters, over all pages. """

    data: list[ClassifierJobOut | CompletionJobOut | UnknownVariant] = _attrs_field(factory=list)

    object_: Literal["list"] = "list"

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("total", "total"),
        ("data", "data"),
        ("object_", "object"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "object": "list",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "JobsOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "total": "i",
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
    def object(self) -> Literal["list"]:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: Literal["list"]) -> None:
        self.object_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 3
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            total,
            data,
            object_,
        ) = values
        nulls: list[str] = []
        if type(total) is not int:
            check_field(total, "i", "total", src_dict)
        if type(data) is not list and data is not None and data is not UNSET:
            check_field(data, "lnu", "data", src_dict)
        try:
            if data is None:  # null reads as [], and is sent back as null
                data = []
                nulls.append("data")
            elif data is UNSET:
                data = []
            else:
                data = [_parse_data_item(item0) for item0 in data]
        except InvalidField as exc:
            raise exc.at_item("data", data, src_dict) from None
        if object_ != "list" and object_ is not UNSET:
            raise ConstMismatch("object", "list", object_)
        if object_ is UNSET:
            object_ = "list"
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        jobs_out = _new_instance(cls)
        jobs_out.total = total
        jobs_out.data = data
        jobs_out.object_ = object_
        jobs_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        jobs_out._present = present
        jobs_out._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return jobs_out

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
