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
    "training_steps",
    "learning_rate",
    "weight_decay",
    "warmup_fraction",
    "epochs",
    "seq_len",
)
_FIELDS: tuple[str, ...] = (
    "training_steps",
    "learning_rate",
    "weight_decay",
    "warmup_fraction",
    "epochs",
    "seq_len",
)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="ClassifierTrainingParameters")


@_attrs_define
class ClassifierTrainingParameters:
    """The training settings a classifier job runs with."""

    training_steps: int | None | Unset = UNSET

    learning_rate: float | Unset = UNSET
    """ The server's default: 0.0001. """

    weight_decay: float | None | Unset = UNSET
    """ The server's default: 0.1. """

    warmup_fraction: float | None | Unset = UNSET
    """ The server's default: 0.05. """

    epochs: float | None | Unset = UNSET

    seq_len: int | None | Unset = UNSET

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        training_steps: int | None | Unset
        if isinstance(self.training_steps, Unset):
            training_steps = UNSET
        else:
            training_steps = self.training_steps

        learning_rate = self.learning_rate

        weight_decay: float | None | Unset
        if isinstance(self.weight_decay, Unset):
            weight_decay = UNSET
        else:
            weight_decay = self.weight_decay

        warmup_fraction: float | None | Unset
        if isinstance(self.warmup_fraction, Unset):
            warmup_fraction = UNSET
        else:
            warmup_fraction = self.warmup_fraction

        epochs: float | None | Unset
        if isinstance(self.epochs, Unset):
            epochs = UNSET
        else:
            epochs = self.epochs

        seq_len: int | None | Unset
        if isinstance(self.seq_len, Unset):
            seq_len = UNSET
        else:
            seq_len = self.seq_len

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if training_steps is not UNSET:
            field_dict["training_steps"] = training_steps
        if learning_rate is not UNSET:
            field_dict["learning_rate"] = learning_rate
        if weight_decay is not UNSET:
            field_dict["weight_decay"] = weight_decay
        if warmup_fraction is not UNSET:
            field_dict["warmup_fraction"] = warmup_fraction
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if seq_len is not UNSET:
            field_dict["seq_len"] = seq_len

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 6
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            training_steps,
            learning_rate,
            weight_decay,
            warmup_fraction,
            epochs,
            seq_len,
        ) = values
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        classifier_training_parameters = _new_instance(cls)
        classifier_training_parameters.training_steps = training_steps
        classifier_training_parameters.learning_rate = learning_rate
        classifier_training_parameters.weight_decay = weight_decay
        classifier_training_parameters.warmup_fraction = warmup_fraction
        classifier_training_parameters.epochs = epochs
        classifier_training_parameters.seq_len = seq_len
        classifier_training_parameters.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return classifier_training_parameters

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
