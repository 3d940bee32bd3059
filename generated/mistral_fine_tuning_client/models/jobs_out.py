from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Literal,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.classifier_job_out import ClassifierJobOut
from ..models.completion_job_out import CompletionJobOut
from ..types import UNSET, UnknownVariant, Unset, fields_or_unset

_new_instance = object.__new__

_DATA_ITEM_VARIANTS: dict[Any, Callable[[Mapping[str, Any]], ClassifierJobOut | CompletionJobOut]] = {
    "completion": CompletionJobOut.from_dict,
    "classifier": ClassifierJobOut.from_dict,
}


def _parse_data_item(value: Mapping[str, Any]) -> ClassifierJobOut | CompletionJobOut | UnknownVariant:
    """Pick the variant named by `job_type`; a value this client does not know gives an UnknownVariant."""
    parse = _DATA_ITEM_VARIANTS.get(value.get("job_type"))
    if parse is None:
        return UnknownVariant(tag="job_type", raw=dict(value))
    return parse(value)


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

T = TypeVar("T", bound="JobsOut")


@_attrs_define
class JobsOut:
    """One page of jobs and how many match in all."""

    total: int
    """ Jobs matching the filters, over all pages. """

    data: list[ClassifierJobOut | CompletionJobOut | UnknownVariant] | Unset = UNSET

    object_: Literal["list"] | Unset = "list"

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        total = self.total

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item: dict[str, Any]
                if isinstance(data_item_data, CompletionJobOut):
                    data_item = data_item_data.to_dict()
                else:
                    data_item = data_item_data.to_dict()

                data.append(data_item)

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
            }
        )
        if data is not UNSET:
            field_dict["data"] = data
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 3
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            total,
            data,
            object_,
        ) = values
        if data is not UNSET:
            data = [] if data is None else [_parse_data_item(item0) for item0 in data]
        if object_ != "list" and object_ is not UNSET:
            raise ValueError(f"object must be 'list', got {object_!r}")
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        jobs_out = _new_instance(cls)
        jobs_out.total = total
        jobs_out.data = data
        jobs_out.object_ = object_
        jobs_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
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
