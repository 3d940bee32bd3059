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

from ..models.metric_out import MetricOut
from ..types import (
    InvalidField,
    Model,
    check_field,
    expect_object,
    fields_or_unset,
)

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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class CheckpointOut(Model):
    """The training metrics at one step."""

    metrics: MetricOut
    """ Losses and accuracy at a checkpoint; the losses should fall and the accuracy rise as training goes. """

    step_number: int
    """ The training step the checkpoint was taken at. """

    created_at: int
    """ When the checkpoint was taken, in Unix seconds. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("metrics", "metrics"),
        ("step_number", "step_number"),
        ("created_at", "created_at"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "CheckpointOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "metrics": "o",
        "step_number": "i",
        "created_at": "i",
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
            metrics,
            step_number,
            created_at,
        ) = values
        if type(metrics) is not dict:
            check_field(metrics, "o", "metrics", src_dict)
        try:
            metrics = MetricOut.from_dict(metrics)
        except InvalidField as exc:
            raise exc.at("metrics", src_dict) from None
        if type(step_number) is not int:
            check_field(step_number, "i", "step_number", src_dict)
        if type(created_at) is not int:
            check_field(created_at, "i", "created_at", src_dict)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        checkpoint_out = _new_instance(cls)
        checkpoint_out.metrics = metrics
        checkpoint_out.step_number = step_number
        checkpoint_out.created_at = created_at
        checkpoint_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        checkpoint_out._present = present
        checkpoint_out._nulls = _NO_NULLS
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
