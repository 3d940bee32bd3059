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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class WandbIntegrationOut(Model):
    """A job's Weights & Biases reporting, without its key."""

    project: str
    """ The project the run is created in. """

    type_: Literal["wandb"] = "wandb"

    name: None | str = None
    """ Display name of the run. """

    run_name: None | str = None

    url: None | str = None

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("project", "project"),
        ("type_", "type"),
        ("name", "name"),
        ("run_name", "run_name"),
        ("url", "url"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "type": "wandb",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "name",
            "run_name",
            "url",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "WandbIntegrationOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "project": "s",
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
    def type(self) -> Literal["wandb"]:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: Literal["wandb"]) -> None:
        self.type_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 5
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            project,
            type_,
            name,
            run_name,
            url,
        ) = values
        if type(project) is not str:
            check_field(project, "s", "project", src_dict)
        if type_ != "wandb" and type_ is not UNSET:
            raise ConstMismatch("type", "wandb", type_)
        if type_ is UNSET:
            type_ = "wandb"
        if type(name) is not str and name is not None and name is not UNSET:
            check_field(name, "nsu", "name", src_dict)
        if name is UNSET:
            name = None
        if type(run_name) is not str and run_name is not None and run_name is not UNSET:
            check_field(run_name, "nsu", "run_name", src_dict)
        if run_name is UNSET:
            run_name = None
        if type(url) is not str and url is not None and url is not UNSET:
            check_field(url, "nsu", "url", src_dict)
        if url is UNSET:
            url = None
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
        wandb_integration_out._present = present
        wandb_integration_out._nulls = _NO_NULLS
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
