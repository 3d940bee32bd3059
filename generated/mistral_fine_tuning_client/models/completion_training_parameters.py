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
    "training_steps",
    "learning_rate",
    "weight_decay",
    "warmup_fraction",
    "epochs",
    "seq_len",
    "fim_ratio",
)
_FIELDS: tuple[str, ...] = (
    "training_steps",
    "learning_rate",
    "weight_decay",
    "warmup_fraction",
    "epochs",
    "seq_len",
    "fim_ratio",
)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class CompletionTrainingParameters(Model):
    """The training settings a completion job runs with."""

    training_steps: int | None = None

    learning_rate: float | None = None
    """ The server's default: 0.0001. """

    weight_decay: float | None = None
    """ The server's default: 0.1. """

    warmup_fraction: float | None = None
    """ The server's default: 0.05. """

    epochs: float | None = None

    seq_len: int | None = None

    fim_ratio: float | None = None
    """ The server's default: 0.9. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("training_steps", "training_steps"),
        ("learning_rate", "learning_rate"),
        ("weight_decay", "weight_decay"),
        ("warmup_fraction", "warmup_fraction"),
        ("epochs", "epochs"),
        ("seq_len", "seq_len"),
        ("fim_ratio", "fim_ratio"),
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
            "training_steps",
            "weight_decay",
            "warmup_fraction",
            "epochs",
            "seq_len",
            "fim_ratio",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "CompletionTrainingParameters"
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
            complete = len(src_dict) == 7
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            training_steps,
            learning_rate,
            weight_decay,
            warmup_fraction,
            epochs,
            seq_len,
            fim_ratio,
        ) = values
        if type(training_steps) is not int and training_steps is not None and training_steps is not UNSET:
            check_field(training_steps, "inu", "training_steps", src_dict)
        if training_steps is UNSET:
            training_steps = None
        if (
            type(learning_rate) is not float
            and type(learning_rate) is not int
            and learning_rate is not None
            and learning_rate is not UNSET
        ):
            check_field(learning_rate, "fnu", "learning_rate", src_dict)
        if learning_rate is UNSET:
            learning_rate = None
        if (
            type(weight_decay) is not float
            and type(weight_decay) is not int
            and weight_decay is not None
            and weight_decay is not UNSET
        ):
            check_field(weight_decay, "fnu", "weight_decay", src_dict)
        if weight_decay is UNSET:
            weight_decay = None
        if (
            type(warmup_fraction) is not float
            and type(warmup_fraction) is not int
            and warmup_fraction is not None
            and warmup_fraction is not UNSET
        ):
            check_field(warmup_fraction, "fnu", "warmup_fraction", src_dict)
        if warmup_fraction is UNSET:
            warmup_fraction = None
        if type(epochs) is not float and type(epochs) is not int and epochs is not None and epochs is not UNSET:
            check_field(epochs, "fnu", "epochs", src_dict)
        if epochs is UNSET:
            epochs = None
        if type(seq_len) is not int and seq_len is not None and seq_len is not UNSET:
            check_field(seq_len, "inu", "seq_len", src_dict)
        if seq_len is UNSET:
            seq_len = None
        if (
            type(fim_ratio) is not float
            and type(fim_ratio) is not int
            and fim_ratio is not None
            and fim_ratio is not UNSET
        ):
            check_field(fim_ratio, "fnu", "fim_ratio", src_dict)
        if fim_ratio is UNSET:
            fim_ratio = None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        completion_training_parameters = _new_instance(cls)
        completion_training_parameters.training_steps = training_steps
        completion_training_parameters.learning_rate = learning_rate
        completion_training_parameters.weight_decay = weight_decay
        completion_training_parameters.warmup_fraction = warmup_fraction
        completion_training_parameters.epochs = epochs
        completion_training_parameters.seq_len = seq_len
        completion_training_parameters.fim_ratio = fim_ratio
        completion_training_parameters.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        completion_training_parameters._present = present
        completion_training_parameters._nulls = _NO_NULLS
        return completion_training_parameters

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
