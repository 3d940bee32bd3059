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

from ..models.ft_model_capabilities_out import FTModelCapabilitiesOut
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
    "created",
    "owned_by",
    "workspace_id",
    "root",
    "root_version",
    "archived",
    "capabilities",
    "job",
    "object",
    "name",
    "description",
    "max_context_length",
    "aliases",
    "model_type",
)
_FIELDS: tuple[str, ...] = (
    "id",
    "created",
    "owned_by",
    "workspace_id",
    "root",
    "root_version",
    "archived",
    "capabilities",
    "job",
    "object",
    "name",
    "description",
    "max_context_length",
    "aliases",
    "model_type",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "id",
        "created",
        "owned_by",
        "workspace_id",
        "root",
        "root_version",
        "archived",
        "capabilities",
        "job",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class CompletionFTModelOut(Model):
    """A model fine-tuned by a completion job."""

    id: str
    """ The model's id, to use as `model` in chat requests. """

    created: int
    """ When it was created (Unix seconds). """

    owned_by: str
    """ The organization that owns it. """

    workspace_id: str

    root: str
    """ The base model it was fine-tuned from. """

    root_version: str

    archived: bool
    """ Whether it is archived. """

    capabilities: FTModelCapabilitiesOut
    """ What a fine-tuned model can do. """

    job: str
    """ The id of the job that made it. """

    object_: Literal["model"] = "model"

    name: None | str = None

    description: None | str = None

    max_context_length: int | None = None
    """ The server's default: 32768. """

    aliases: list[str] = _attrs_field(factory=list)

    model_type: Literal["completion"] = "completion"

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("id", "id"),
        ("created", "created"),
        ("owned_by", "owned_by"),
        ("workspace_id", "workspace_id"),
        ("root", "root"),
        ("root_version", "root_version"),
        ("archived", "archived"),
        ("capabilities", "capabilities"),
        ("job", "job"),
        ("object_", "object"),
        ("name", "name"),
        ("description", "description"),
        ("max_context_length", "max_context_length"),
        ("aliases", "aliases"),
        ("model_type", "model_type"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "object": "model",
        "model_type": "completion",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "name",
            "description",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "CompletionFTModelOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "id": "s",
        "created": "i",
        "owned_by": "s",
        "workspace_id": "s",
        "root": "s",
        "root_version": "s",
        "archived": "b",
        "capabilities": "o",
        "job": "s",
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
    def object(self) -> Literal["model"]:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: Literal["model"]) -> None:
        self.object_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 15
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            id,
            created,
            owned_by,
            workspace_id,
            root,
            root_version,
            archived,
            capabilities,
            job,
            object_,
            name,
            description,
            max_context_length,
            aliases,
            model_type,
        ) = values
        nulls: list[str] = []
        if type(id) is not str:
            check_field(id, "s", "id", src_dict)
        if type(created) is not int:
            check_field(created, "i", "created", src_dict)
        if type(owned_by) is not str:
            check_field(owned_by, "s", "owned_by", src_dict)
        if type(workspace_id) is not str:
            check_field(workspace_id, "s", "workspace_id", src_dict)
        if type(root) is not str:
            check_field(root, "s", "root", src_dict)
        if type(root_version) is not str:
            check_field(root_version, "s", "root_version", src_dict)
        if type(archived) is not bool:
            check_field(archived, "b", "archived", src_dict)
        if type(capabilities) is not dict:
            check_field(capabilities, "o", "capabilities", src_dict)
        try:
            capabilities = FTModelCapabilitiesOut.from_dict(capabilities)
        except InvalidField as exc:
            raise exc.at("capabilities", src_dict) from None
        if type(job) is not str:
            check_field(job, "s", "job", src_dict)
        if object_ != "model" and object_ is not UNSET:
            raise ConstMismatch("object", "model", object_)
        if object_ is UNSET:
            object_ = "model"
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
        if model_type != "completion" and model_type is not UNSET:
            raise ConstMismatch("model_type", "completion", model_type)
        if model_type is UNSET:
            model_type = "completion"
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        completion_ft_model_out = _new_instance(cls)
        completion_ft_model_out.id = id
        completion_ft_model_out.created = created
        completion_ft_model_out.owned_by = owned_by
        completion_ft_model_out.workspace_id = workspace_id
        completion_ft_model_out.root = root
        completion_ft_model_out.root_version = root_version
        completion_ft_model_out.archived = archived
        completion_ft_model_out.capabilities = capabilities
        completion_ft_model_out.job = job
        completion_ft_model_out.object_ = object_
        completion_ft_model_out.name = name
        completion_ft_model_out.description = description
        completion_ft_model_out.max_context_length = max_context_length
        completion_ft_model_out.aliases = aliases
        completion_ft_model_out.model_type = model_type
        completion_ft_model_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        completion_ft_model_out._present = present
        completion_ft_model_out._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return completion_ft_model_out

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
