from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Self,
    TypedDict,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    Model,
    Unset,
    fields_or_unset,
)

if TYPE_CHECKING:
    pass


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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ClassifierTrainingParametersIn(Model):
    """Training settings for a classifier fine-tuning job."""

    training_steps: int | None | Unset = UNSET
    """ How many weight updates to perform, each computed on one batch of training samples. """

    learning_rate: float | Unset = UNSET
    """ How far each update moves the weights. The server's default: 0.0001. """

    weight_decay: float | None | Unset = UNSET
    """ (Advanced) Penalty on large weights, which keeps them small. The server's default: 0.1. """

    warmup_fraction: float | None | Unset = UNSET
    """ (Advanced) Share of the steps over which the learning rate ramps up to its full value. The server's default:
    0.05. """

    epochs: float | None | Unset = UNSET
    """ How many passes over the training data. """

    seq_len: int | None | Unset = UNSET
    """ Length of the training sequences, in tokens. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("training_steps", "training_steps"),
        ("learning_rate", "learning_rate"),
        ("weight_decay", "weight_decay"),
        ("warmup_fraction", "warmup_fraction"),
        ("epochs", "epochs"),
        ("seq_len", "seq_len"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {
        "learning_rate": 0.0001,
        "weight_decay": 0.1,
        "warmup_fraction": 0.05,
    }
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "training_steps",
            "weight_decay",
            "warmup_fraction",
            "epochs",
            "seq_len",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "ClassifierTrainingParametersIn"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
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
        classifier_training_parameters_in = _new_instance(cls)
        classifier_training_parameters_in.training_steps = training_steps
        classifier_training_parameters_in.learning_rate = learning_rate
        classifier_training_parameters_in.weight_decay = weight_decay
        classifier_training_parameters_in.warmup_fraction = warmup_fraction
        classifier_training_parameters_in.epochs = epochs
        classifier_training_parameters_in.seq_len = seq_len
        classifier_training_parameters_in.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return classifier_training_parameters_in

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


class ClassifierTrainingParametersInTypedDict(TypedDict, total=False):
    """ClassifierTrainingParametersIn as a plain dict, keyed by JSON names: accepted wherever a ClassifierTrainingParametersIn is."""

    training_steps: int | None
    learning_rate: float
    weight_decay: float | None
    warmup_fraction: float | None
    epochs: float | None
    seq_len: int | None
