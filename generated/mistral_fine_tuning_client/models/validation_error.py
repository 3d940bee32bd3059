from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.context import Context
from ..types import UNSET, Unset, fields_or_unset

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

T = TypeVar("T", bound="ValidationError")


@_attrs_define
class ValidationError:
    """One rejected value."""

    loc: list[int | str]
    """ Where the value was, e.g. `["body", "hyperparameters", "learning_rate"]`. """

    msg: str

    type_: str

    input_: Any | Unset = UNSET
    """ The rejected value. """

    ctx: Context | Unset = UNSET
    """ Details of the failed constraint, e.g. `{"le": 1.0}`. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        loc = []
        for loc_item_data in self.loc:
            loc_item: int | str
            loc_item = loc_item_data
            loc.append(loc_item)

        msg = self.msg

        type_ = self.type_

        input_ = self.input_

        ctx: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ctx, Unset):
            ctx = self.ctx.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loc": loc,
                "msg": msg,
                "type": type_,
            }
        )
        if input_ is not UNSET:
            field_dict["input"] = input_
        if ctx is not UNSET:
            field_dict["ctx"] = ctx

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 5
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            loc,
            msg,
            type_,
            input_,
            ctx,
        ) = values
        loc = [] if loc is None else loc
        if ctx is not UNSET:
            ctx = UNSET if ctx is None else Context.from_dict(ctx)
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
