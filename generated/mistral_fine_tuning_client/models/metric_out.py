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

from ..types import UNSET, Unset, fields_or_unset

_new_instance = object.__new__


_get_fields = itemgetter(
    "train_loss",
    "valid_loss",
    "valid_mean_token_accuracy",
)
_FIELDS: tuple[str, ...] = (
    "train_loss",
    "valid_loss",
    "valid_mean_token_accuracy",
)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="MetricOut")


@_attrs_define
class MetricOut:
    """Losses and accuracy at a checkpoint; the losses should fall and the accuracy rise as training goes."""

    train_loss: float | None | Unset = UNSET

    valid_loss: float | None | Unset = UNSET

    valid_mean_token_accuracy: float | None | Unset = UNSET

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        train_loss: float | None | Unset
        if isinstance(self.train_loss, Unset):
            train_loss = UNSET
        else:
            train_loss = self.train_loss

        valid_loss: float | None | Unset
        if isinstance(self.valid_loss, Unset):
            valid_loss = UNSET
        else:
            valid_loss = self.valid_loss

        valid_mean_token_accuracy: float | None | Unset
        if isinstance(self.valid_mean_token_accuracy, Unset):
            valid_mean_token_accuracy = UNSET
        else:
            valid_mean_token_accuracy = self.valid_mean_token_accuracy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if train_loss is not UNSET:
            field_dict["train_loss"] = train_loss
        if valid_loss is not UNSET:
            field_dict["valid_loss"] = valid_loss
        if valid_mean_token_accuracy is not UNSET:
            field_dict["valid_mean_token_accuracy"] = valid_mean_token_accuracy

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
            train_loss,
            valid_loss,
            valid_mean_token_accuracy,
        ) = values
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        metric_out = _new_instance(cls)
        metric_out.train_loss = train_loss
        metric_out.valid_loss = valid_loss
        metric_out.valid_mean_token_accuracy = valid_mean_token_accuracy
        metric_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return metric_out

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
