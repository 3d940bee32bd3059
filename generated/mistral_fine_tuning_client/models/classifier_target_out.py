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

from ..models.ft_classifier_loss_function import FTClassifierLossFunction
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
    "name",
    "labels",
    "weight",
    "loss_function",
)
_FIELDS: tuple[str, ...] = (
    "name",
    "labels",
    "weight",
    "loss_function",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "name",
        "labels",
        "weight",
        "loss_function",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ClassifierTargetOut(Model):
    """One label set a classifier job learns."""

    name: str

    labels: list[str]

    weight: float

    loss_function: FTClassifierLossFunction

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("name", "name"),
        ("labels", "labels"),
        ("weight", "weight"),
        ("loss_function", "loss_function"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "ClassifierTargetOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "name": "s",
        "labels": "ln",
        "weight": "f",
        "loss_function": "s",
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
            complete = len(src_dict) == 4
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            name,
            labels,
            weight,
            loss_function,
        ) = values
        nulls: list[str] = []
        if type(name) is not str:
            check_field(name, "s", "name", src_dict)
        if type(labels) is not list and labels is not None:
            check_field(labels, "ln", "labels", src_dict)
        if type(labels) is list:
            for item in labels:
                if type(item) is not str:
                    check_items(labels, "s", "labels", src_dict)
        if labels is None:  # null reads as [], and is sent back as null
            labels = []
            nulls.append("labels")
        elif labels is UNSET:
            labels = []
        if type(weight) is not float and type(weight) is not int:
            check_field(weight, "f", "weight", src_dict)
        if type(loss_function) is not str:
            check_field(loss_function, "s", "loss_function", src_dict)
        loss_function = FTClassifierLossFunction.from_json(loss_function)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        classifier_target_out = _new_instance(cls)
        classifier_target_out.name = name
        classifier_target_out.labels = labels
        classifier_target_out.weight = weight
        classifier_target_out.loss_function = loss_function
        classifier_target_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        classifier_target_out._present = present
        classifier_target_out._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return classifier_target_out

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
