from __future__ import annotations

import datetime
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

from ..models.model_capabilities import ModelCapabilities
from ..types import (
    UNSET,
    ConstMismatch,
    InvalidField,
    Model,
    check_field,
    check_items,
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_get_fields = itemgetter(
    "id",
    "capabilities",
    "job",
    "root",
    "object",
    "created",
    "owned_by",
    "name",
    "description",
    "max_context_length",
    "aliases",
    "deprecation",
    "deprecation_replacement_model",
    "default_model_temperature",
    "type",
    "archived",
)
_FIELDS: tuple[str, ...] = (
    "id",
    "capabilities",
    "job",
    "root",
    "object",
    "created",
    "owned_by",
    "name",
    "description",
    "max_context_length",
    "aliases",
    "deprecation",
    "deprecation_replacement_model",
    "default_model_temperature",
    "type",
    "archived",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "id",
        "capabilities",
        "job",
        "root",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class FTModelCard(Model):
    """A fine-tuned model."""

    id: str

    capabilities: ModelCapabilities
    """ What a model can do. """

    job: str
    """ The id of the job that made it. """

    root: str
    """ The base model it was fine-tuned from. """

    object_: str | None = None
    """ The server's default: 'model'. """

    created: int | None = None
    """ When it was created (Unix seconds). """

    owned_by: str | None = None
    """ The server's default: 'mistralai'. """

    name: None | str = None

    description: None | str = None

    max_context_length: int | None = None
    """ The server's default: 32768. """

    aliases: list[str] = _attrs_field(factory=list)

    deprecation: datetime.datetime | None = None
    """ When it is retired, if that is planned. """

    deprecation_replacement_model: None | str = None

    default_model_temperature: float | None = None

    type_: Literal["fine-tuned"] = "fine-tuned"

    archived: bool | None = None
    """ The server's default: False. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("id", "id"),
        ("capabilities", "capabilities"),
        ("job", "job"),
        ("root", "root"),
        ("object_", "object"),
        ("created", "created"),
        ("owned_by", "owned_by"),
        ("name", "name"),
        ("description", "description"),
        ("max_context_length", "max_context_length"),
        ("aliases", "aliases"),
        ("deprecation", "deprecation"),
        ("deprecation_replacement_model", "deprecation_replacement_model"),
        ("default_model_temperature", "default_model_temperature"),
        ("type_", "type"),
        ("archived", "archived"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "type": "fine-tuned",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "name",
            "description",
            "deprecation",
            "deprecation_replacement_model",
            "default_model_temperature",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "FTModelCard"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "id": "s",
        "capabilities": "o",
        "job": "s",
        "root": "s",
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
    def object(self) -> str | None:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: str | None) -> None:
        self.object_ = value

    @property
    def type(self) -> Literal["fine-tuned"]:
        """`type_` under its JSON name, as the official SDK spells it."""
        return self.type_

    @type.setter
    def type(self, value: Literal["fine-tuned"]) -> None:
        self.type_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 16
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            id,
            capabilities,
            job,
            root,
            object_,
            created,
            owned_by,
            name,
            description,
            max_context_length,
            aliases,
            deprecation,
            deprecation_replacement_model,
            default_model_temperature,
            type_,
            archived,
        ) = values
        nulls: list[str] = []
        if type(id) is not str:
            check_field(id, "s", "id", src_dict)
        if type(capabilities) is not dict:
            check_field(capabilities, "o", "capabilities", src_dict)
        try:
            capabilities = ModelCapabilities.from_dict(capabilities)
        except InvalidField as exc:
            raise exc.at("capabilities", src_dict) from None
        if type(job) is not str:
            check_field(job, "s", "job", src_dict)
        if type(root) is not str:
            check_field(root, "s", "root", src_dict)
        if type(object_) is not str and object_ is not None and object_ is not UNSET:
            check_field(object_, "nsu", "object", src_dict)
        if object_ is UNSET:
            object_ = None
        if type(created) is not int and created is not None and created is not UNSET:
            check_field(created, "inu", "created", src_dict)
        if created is UNSET:
            created = None
        if type(owned_by) is not str and owned_by is not None and owned_by is not UNSET:
            check_field(owned_by, "nsu", "owned_by", src_dict)
        if owned_by is UNSET:
            owned_by = None
        if type(name) is not str and name is not None and name is not UNSET:
            check_field(name, "nsu", "name", src_dict)
        if name is UNSET:
            name = None
        if type(description) is not str and description is not None and description is not UNSET:
            check_field(description, "nsu", "description", src_dict)
        if description is UNSET:
            description = None
        if type(max_context_length) is not int and max_context_length is not None and max_context_length is not UNSET:
            check_field(max_context_length, "inu", "max_context_length", src_dict)
        if max_context_length is UNSET:
            max_context_length = None
        if type(aliases) is not list and aliases is not None and aliases is not UNSET:
            check_field(aliases, "lnu", "aliases", src_dict)
        if type(aliases) is list:
            for item in aliases:
                if type(item) is not str:
                    check_items(aliases, "s", "aliases", src_dict)
        if aliases is None:  # null reads as [], and is sent back as null
            aliases = []
            nulls.append("aliases")
        elif aliases is UNSET:
            aliases = []
        if type(deprecation) is not str and deprecation is not None and deprecation is not UNSET:
            check_field(deprecation, "nsu", "deprecation", src_dict)
        if deprecation is UNSET:
            deprecation = None
        if (
            type(deprecation_replacement_model) is not str
            and deprecation_replacement_model is not None
            and deprecation_replacement_model is not UNSET
        ):
            check_field(deprecation_replacement_model, "nsu", "deprecation_replacement_model", src_dict)
        if deprecation_replacement_model is UNSET:
            deprecation_replacement_model = None
        if (
            type(default_model_temperature) is not float
            and type(default_model_temperature) is not int
            and default_model_temperature is not None
            and default_model_temperature is not UNSET
        ):
            check_field(default_model_temperature, "fnu", "default_model_temperature", src_dict)
        if default_model_temperature is UNSET:
            default_model_temperature = None
        if type_ != "fine-tuned" and type_ is not UNSET:
            raise ConstMismatch("type", "fine-tuned", type_)
        if type_ is UNSET:
            type_ = "fine-tuned"
        if type(archived) is not bool and archived is not None and archived is not UNSET:
            check_field(archived, "bnu", "archived", src_dict)
        if archived is UNSET:
            archived = None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        ft_model_card = _new_instance(cls)
        ft_model_card.id = id
        ft_model_card.capabilities = capabilities
        ft_model_card.job = job
        ft_model_card.root = root
        ft_model_card.object_ = object_
        ft_model_card.created = created
        ft_model_card.owned_by = owned_by
        ft_model_card.name = name
        ft_model_card.description = description
        ft_model_card.max_context_length = max_context_length
        ft_model_card.aliases = aliases
        ft_model_card.deprecation = deprecation
        ft_model_card.deprecation_replacement_model = deprecation_replacement_model
        ft_model_card.default_model_temperature = default_model_temperature
        ft_model_card.type_ = type_
        ft_model_card.archived = archived
        ft_model_card.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        ft_model_card._present = present
        ft_model_card._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return ft_model_card

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
