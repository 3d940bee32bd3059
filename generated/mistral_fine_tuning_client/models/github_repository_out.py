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
    "name",
    "owner",
    "commit_id",
    "type",
    "ref",
    "weight",
)
_FIELDS: tuple[str, ...] = (
    "name",
    "owner",
    "commit_id",
    "type",
    "ref",
    "weight",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "name",
        "owner",
        "commit_id",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="GithubRepositoryOut")


@_attrs_define
class GithubRepositoryOut:
    """A repository a job trains on, pinned to a commit, without its token."""

    name: str

    owner: str

    commit_id: str

    type_: Literal["github"] | Unset = "github"

    ref: None | str | Unset = UNSET

    weight: float | Unset = UNSET
    """ The server's default: 1.0. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        name = self.name

        owner = self.owner

        commit_id = self.commit_id

        type_ = self.type_

        ref: None | str | Unset
        if isinstance(self.ref, Unset):
            ref = UNSET
        else:
            ref = self.ref

        weight = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "owner": owner,
                "commit_id": commit_id,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_
        if ref is not UNSET:
            field_dict["ref"] = ref
        if weight is not UNSET:
            field_dict["weight"] = weight

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 6
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            name,
            owner,
            commit_id,
            type_,
            ref,
            weight,
        ) = values
        if type_ != "github" and type_ is not UNSET:
            raise ValueError(f"type must be 'github', got {type_!r}")
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        github_repository_out = _new_instance(cls)
        github_repository_out.name = name
        github_repository_out.owner = owner
        github_repository_out.commit_id = commit_id
        github_repository_out.type_ = type_
        github_repository_out.ref = ref
        github_repository_out.weight = weight
        github_repository_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return github_repository_out

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
