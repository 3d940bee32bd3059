from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Literal,
    Required,
    Self,
    TypedDict,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ft_classifier_loss_function import FTClassifierLossFunction
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
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ClassifierTargetIn(Model):
    """One label set a classifier learns, with its weight and loss."""

    name: str

    labels: list[str]

    weight: float | Unset = UNSET
    """ The server's default: 1.0. """

    loss_function: FTClassifierLossFunction | None | Unset = UNSET

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("name", "name"),
        ("labels", "labels"),
        ("weight", "weight"),
        ("loss_function", "loss_function"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {
        "weight": 1.0,
    }
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(("loss_function",))
    _SCHEMA_NAME: ClassVar[str] = "ClassifierTargetIn"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 4
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            name,
            labels,
            weight,
            loss_function,
        ) = values
        labels = [] if labels is None else labels
        if loss_function is not None and loss_function is not UNSET:
            if isinstance(loss_function, str):
                loss_function = FTClassifierLossFunction.from_json(loss_function)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        classifier_target_in = _new_instance(cls)
        classifier_target_in.name = name
        classifier_target_in.labels = labels
        classifier_target_in.weight = weight
        classifier_target_in.loss_function = loss_function
        classifier_target_in.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return classifier_target_in

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


class ClassifierTargetInTypedDict(TypedDict, total=False):
    """ClassifierTargetIn as a plain dict, keyed by JSON names: accepted wherever a ClassifierTargetIn is."""

    name: Required[str]
    labels: Required[Sequence[str]]
    weight: float
    loss_function: FTClassifierLossFunction | Literal["single_class", "multi_class"] | None
