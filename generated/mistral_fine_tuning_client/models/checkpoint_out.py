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

from ..models.metric_out import MetricOut
from ..types import fields_or_unset

_new_instance = object.__new__


_get_fields = itemgetter(
    "metrics",
    "step_number",
    "created_at",
)
_FIELDS: tuple[str, ...] = (
    "metrics",
    "step_number",
    "created_at",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "metrics",
        "step_number",
        "created_at",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="CheckpointOut")


@_attrs_define
class CheckpointOut:
    """The training metrics at one step."""

    metrics: MetricOut
    """ Losses and accuracy at a checkpoint; the losses should fall and the accuracy rise as training goes. """

    step_number: int
    """ The training step the checkpoint was taken at. """

    created_at: int
    """ When the checkpoint was taken, in Unix seconds. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        metrics = self.metrics.to_dict()

        step_number = self.step_number

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "metrics": metrics,
                "step_number": step_number,
                "created_at": created_at,
            }
        )

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
            metrics,
            step_number,
            created_at,
        ) = values
        metrics = MetricOut.from_dict(metrics)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        checkpoint_out = _new_instance(cls)
        checkpoint_out.metrics = metrics
        checkpoint_out.step_number = step_number
        checkpoint_out.created_at = created_at
        checkpoint_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return checkpoint_out

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
