from __future__ import annotations

from collections.abc import Mapping
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

from ..types import (
    UNSET,
    ConstMismatch,
    Model,
    Unset,
    fields_or_unset,
)

if TYPE_CHECKING:
    pass


_new_instance = object.__new__


_get_fields = itemgetter(
    "project",
    "api_key",
    "type",
    "name",
    "run_name",
)
_FIELDS: tuple[str, ...] = (
    "project",
    "api_key",
    "type",
    "name",
    "run_name",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "project",
        "api_key",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class WandbIntegration(Model):
    """Report training metrics to a Weights & Biases project."""

    project: str
    """ The project the run is created in. """

    api_key: str
    """ The Weights & Biases key the platform reports with. """

    type_: Literal["wandb"] | Unset = "wandb"

    name: None | str | Unset = UNSET
    """ Display name of the run; the job id when unset. """

    run_name: None | str | Unset = UNSET

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("project", "project"),
        ("api_key", "api_key"),
        ("type_", "type"),
        ("name", "name"),
        ("run_name", "run_name"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {
        "type": "wandb",
    }
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(("api_key",))
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "type": "wandb",
    }
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "name",
            "run_name",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "WandbIntegration"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @property
    def type(self) -> Literal["wandb"] | Unset:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: Literal["wandb"] | Unset) -> None:
        self.type_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 5
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            project,
            api_key,
            type_,
            name,
            run_name,
        ) = values
        if type_ != "wandb" and type_ is not UNSET:
            raise ConstMismatch("type", "wandb", type_)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        wandb_integration = _new_instance(cls)
        wandb_integration.project = project
        wandb_integration.api_key = api_key
        wandb_integration.type_ = type_
        wandb_integration.name = name
        wandb_integration.run_name = run_name
        wandb_integration.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return wandb_integration

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


class WandbIntegrationTypedDict(TypedDict, total=False):
    """WandbIntegration as a plain dict, keyed by JSON names: accepted wherever a WandbIntegration is."""

    project: Required[str]
    api_key: Required[str]
    type: Literal["wandb"]
    name: str | None
    run_name: str | None
