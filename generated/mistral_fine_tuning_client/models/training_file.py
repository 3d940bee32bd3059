from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Required,
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
    "file_id",
    "weight",
)
_FIELDS: tuple[str, ...] = (
    "file_id",
    "weight",
)
_REQUIRED: frozenset[str] = frozenset(("file_id",))
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class TrainingFile(Model):
    """An uploaded training file and how often it is sampled relative to the others."""

    file_id: str
    """ Id (a UUID) of an uploaded file. """

    weight: float | Unset = UNSET
    """ Relative sampling weight. The server's default: 1.0. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("file_id", "file_id"),
        ("weight", "weight"),
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
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "TrainingFile"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 2
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            file_id,
            weight,
        ) = values
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        training_file = _new_instance(cls)
        training_file.file_id = file_id
        training_file.weight = weight
        training_file.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return training_file

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


class TrainingFileTypedDict(TypedDict, total=False):
    """TrainingFile as a plain dict, keyed by JSON names: accepted wherever a TrainingFile is."""

    file_id: Required[str]
    weight: float
