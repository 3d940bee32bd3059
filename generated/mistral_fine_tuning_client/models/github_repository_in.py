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
    "name",
    "owner",
    "token",
    "type",
    "ref",
    "weight",
)
_FIELDS: tuple[str, ...] = (
    "name",
    "owner",
    "token",
    "type",
    "ref",
    "weight",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "name",
        "owner",
        "token",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class GithubRepositoryIn(Model):
    """A GitHub repository to train on, with a token that can read it."""

    name: str

    owner: str

    token: str
    """ A GitHub token that can read the repository. """

    type_: Literal["github"] | Unset = "github"

    ref: None | str | Unset = UNSET

    weight: float | Unset = UNSET
    """ The server's default: 1.0. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("name", "name"),
        ("owner", "owner"),
        ("token", "token"),
        ("type_", "type"),
        ("ref", "ref"),
        ("weight", "weight"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {
        "type": "github",
        "weight": 1.0,
    }
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(("token",))
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "type": "github",
    }
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(("ref",))
    _SCHEMA_NAME: ClassVar[str] = "GithubRepositoryIn"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @property
    def type(self) -> Literal["github"] | Unset:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: Literal["github"] | Unset) -> None:
        self.type_ = value

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
            name,
            owner,
            token,
            type_,
            ref,
            weight,
        ) = values
        if type_ != "github" and type_ is not UNSET:
            raise ConstMismatch("type", "github", type_)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        github_repository_in = _new_instance(cls)
        github_repository_in.name = name
        github_repository_in.owner = owner
        github_repository_in.token = token
        github_repository_in.type_ = type_
        github_repository_in.ref = ref
        github_repository_in.weight = weight
        github_repository_in.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return github_repository_in

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


class GithubRepositoryInTypedDict(TypedDict, total=False):
    """GithubRepositoryIn as a plain dict, keyed by JSON names: accepted wherever a GithubRepositoryIn is."""

    name: Required[str]
    owner: Required[str]
    token: Required[str]
    type: Literal["github"]
    ref: str | None
    weight: float
