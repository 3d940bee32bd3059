from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Literal,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    ConstMismatch,
    Model,
    check_field,
    expect_object,
    fields_or_unset,
)

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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class GithubRepositoryOut(Model):
    """A repository a job trains on, pinned to a commit, without its token."""

    name: str

    owner: str

    commit_id: str

    type_: Literal["github"] = "github"

    ref: None | str = None

    weight: float | None = None
    """ The server's default: 1.0. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("name", "name"),
        ("owner", "owner"),
        ("commit_id", "commit_id"),
        ("type_", "type"),
        ("ref", "ref"),
        ("weight", "weight"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "type": "github",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(("ref",))
    _SCHEMA_NAME: ClassVar[str] = "GithubRepositoryOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "name": "s",
        "owner": "s",
        "commit_id": "s",
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

    @property
    def type(self) -> Literal["github"]:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: Literal["github"]) -> None:
        self.type_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 6
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            name,
            owner,
            commit_id,
            type_,
            ref,
            weight,
        ) = values
        if type(name) is not str:
            check_field(name, "s", "name", src_dict)
        if type(owner) is not str:
            check_field(owner, "s", "owner", src_dict)
        if type(commit_id) is not str:
            check_field(commit_id, "s", "commit_id", src_dict)
        if type_ != "github" and type_ is not UNSET:
            raise ConstMismatch("type", "github", type_)
        if type_ is UNSET:
            type_ = "github"
        if type(ref) is not str and ref is not None and ref is not UNSET:
            check_field(ref, "nsu", "ref", src_dict)
        if ref is UNSET:
            ref = None
        if type(weight) is not float and type(weight) is not int and weight is not None and weight is not UNSET:
            check_field(weight, "fnu", "weight", src_dict)
        if weight is UNSET:
            weight = None
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
        github_repository_out._present = present
        github_repository_out._nulls = _NO_NULLS
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
