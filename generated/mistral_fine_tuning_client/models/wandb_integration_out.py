from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Literal,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, fields_or_unset

_new_instance = object.__new__


_get_fields = itemgetter(
    "project",
    "type",
    "name",
    "run_name",
    "url",
)
_FIELDS: tuple[str, ...] = (
    "project",
    "type",
    "name",
    "run_name",
    "url",
)
_REQUIRED: frozenset[str] = frozenset(("project",))
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="WandbIntegrationOut")


@_attrs_define
class WandbIntegrationOut:
    """A job's Weights & Biases reporting, without its key."""

    project: str
    """ The project the run is created in. """

    type_: Literal["wandb"] | Unset = "wandb"

    name: None | str | Unset = UNSET
    """ Display name of the run. """

    run_name: None | str | Unset = UNSET

    url: None | str | Unset = UNSET

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        project = self.project

        type_ = self.type_

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        run_name: None | str | Unset
        if isinstance(self.run_name, Unset):
            run_name = UNSET
        else:
            run_name = self.run_name

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "project": project,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if name is not UNSET:
            field_dict["name"] = name
        if run_name is not UNSET:
            field_dict["run_name"] = run_name
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 5
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            project,
            type_,
            name,
            run_name,
            url,
        ) = values
        if type_ != "wandb" and type_ is not UNSET:
            raise ValueError(f"type must be 'wandb', got {type_!r}")
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        wandb_integration_out = _new_instance(cls)
        wandb_integration_out.project = project
        wandb_integration_out.type_ = type_
        wandb_integration_out.name = name
        wandb_integration_out.run_name = run_name
        wandb_integration_out.url = url
        wandb_integration_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return wandb_integration_out

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
