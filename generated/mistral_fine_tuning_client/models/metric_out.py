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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class MetricOut(Model):
    """Losses and accuracy at a checkpoint; the losses should fall and the accuracy rise as training goes."""

    train_loss: float | None = None

    valid_loss: float | None = None

    valid_mean_token_accuracy: float | None = None

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("train_loss", "train_loss"),
        ("valid_loss", "valid_loss"),
        ("valid_mean_token_accuracy", "valid_mean_token_accuracy"),
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
            "train_loss",
            "valid_loss",
            "valid_mean_token_accuracy",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "MetricOut"
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
            values = _get_fields(src_dict)
            complete = len(src_dict) == 3
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            train_loss,
            valid_loss,
            valid_mean_token_accuracy,
        ) = values
        if (
            type(train_loss) is not float
            and type(train_loss) is not int
            and train_loss is not None
            and train_loss is not UNSET
        ):
            check_field(train_loss, "fnu", "train_loss", src_dict)
        if train_loss is UNSET:
            train_loss = None
        if (
            type(valid_loss) is not float
            and type(valid_loss) is not int
            and valid_loss is not None
            and valid_loss is not UNSET
        ):
            check_field(valid_loss, "fnu", "valid_loss", src_dict)
        if valid_loss is UNSET:
            valid_loss = None
        if (
            type(valid_mean_token_accuracy) is not float
            and type(valid_mean_token_accuracy) is not int
            and valid_mean_token_accuracy is not None
            and valid_mean_token_accuracy is not UNSET
        ):
            check_field(valid_mean_token_accuracy, "fnu", "valid_mean_token_accuracy", src_dict)
        if valid_mean_token_accuracy is UNSET:
            valid_mean_token_accuracy = None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        metric_out = _new_instance(cls)
        metric_out.train_loss = train_loss
        metric_out.valid_loss = valid_loss
        metric_out.valid_mean_token_accuracy = valid_mean_token_accuracy
        metric_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        metric_out._present = present
        metric_out._nulls = _NO_NULLS
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
