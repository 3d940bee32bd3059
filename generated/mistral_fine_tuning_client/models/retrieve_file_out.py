from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_purpose import FilePurpose
from ..models.file_visibility import FileVisibility
from ..models.sample_type import SampleType
from ..models.source import Source
from ..types import (
    UNSET,
    Model,
    check_field,
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_get_fields = itemgetter(
    "id",
    "object",
    "bytes",
    "created_at",
    "filename",
    "purpose",
    "sample_type",
    "source",
    "deleted",
    "num_lines",
    "mimetype",
    "signature",
    "expires_at",
    "visibility",
)
_FIELDS: tuple[str, ...] = (
    "id",
    "object",
    "bytes",
    "created_at",
    "filename",
    "purpose",
    "sample_type",
    "source",
    "deleted",
    "num_lines",
    "mimetype",
    "signature",
    "expires_at",
    "visibility",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "id",
        "object",
        "bytes",
        "created_at",
        "filename",
        "purpose",
        "sample_type",
        "source",
        "deleted",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class RetrieveFileOut(Model):
    """A file and whether it was deleted."""

    id: str
    """ The file's id, to pass as `training_files` or `validation_files` to a job. """

    object_: str
    """ Always `file`. """

    bytes_: int
    """ Its size in bytes. """

    created_at: int
    """ When it was uploaded (Unix seconds). """

    filename: str
    """ The name it was uploaded under. """

    purpose: FilePurpose
    """ What a file is for. """

    sample_type: SampleType
    """ What a file holds, as the server judged it from its contents. """

    source: Source
    """ Where a file came from. """

    deleted: bool
    """ Whether the file was deleted. """

    num_lines: int | None = None
    """ How many lines it has, for a text file. """

    mimetype: None | str = None
    """ Its media type. """

    signature: None | str = None
    """ A short fingerprint of its contents. """

    expires_at: int | None = None
    """ When the server forgets it (Unix seconds), if it does. """

    visibility: FileVisibility | None = None

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("id", "id"),
        ("object_", "object"),
        ("bytes_", "bytes"),
        ("created_at", "created_at"),
        ("filename", "filename"),
        ("purpose", "purpose"),
        ("sample_type", "sample_type"),
        ("source", "source"),
        ("deleted", "deleted"),
        ("num_lines", "num_lines"),
        ("mimetype", "mimetype"),
        ("signature", "signature"),
        ("expires_at", "expires_at"),
        ("visibility", "visibility"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "num_lines",
            "mimetype",
            "signature",
            "expires_at",
            "visibility",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "RetrieveFileOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "id": "s",
        "object": "s",
        "bytes": "i",
        "created_at": "i",
        "filename": "s",
        "purpose": "s",
        "sample_type": "s",
        "source": "s",
        "deleted": "b",
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
    def object(self) -> str:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: str) -> None:
        self.object_ = value

    @property
    def bytes(self) -> int:
        """`bytes_` under its JSON name, as the official SDK spells it."""
        return self.bytes_

    @bytes.setter
    def bytes(self, value: int) -> None:
        self.bytes_ = value

    @property
    def size_bytes(self) -> int:
        """`bytes_` under the official SDK's name for it."""
        return self.bytes_

    @size_bytes.setter
    def size_bytes(self, value: int) -> None:
        self.bytes_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 14
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            id,
            object_,
            bytes_,
            created_at,
            filename,
            purpose,
            sample_type,
            source,
            deleted,
            num_lines,
            mimetype,
            signature,
            expires_at,
            visibility,
        ) = values
        if type(id) is not str:
            check_field(id, "s", "id", src_dict)
        if type(object_) is not str:
            check_field(object_, "s", "object", src_dict)
        if type(bytes_) is not int:
            check_field(bytes_, "i", "bytes", src_dict)
        if type(created_at) is not int:
            check_field(created_at, "i", "created_at", src_dict)
        if type(filename) is not str:
            check_field(filename, "s", "filename", src_dict)
        if type(purpose) is not str:
            check_field(purpose, "s", "purpose", src_dict)
        purpose = FilePurpose.from_json(purpose)
        if type(sample_type) is not str:
            check_field(sample_type, "s", "sample_type", src_dict)
        sample_type = SampleType.from_json(sample_type)
        if type(source) is not str:
            check_field(source, "s", "source", src_dict)
        source = Source.from_json(source)
        if type(deleted) is not bool:
            check_field(deleted, "b", "deleted", src_dict)
        if type(num_lines) is not int and num_lines is not None and num_lines is not UNSET:
            check_field(num_lines, "inu", "num_lines", src_dict)
        if num_lines is UNSET:
            num_lines = None
        if type(mimetype) is not str and mimetype is not None and mimetype is not UNSET:
            check_field(mimetype, "nsu", "mimetype", src_dict)
        if mimetype is UNSET:
            mimetype = None
        if type(signature) is not str and signature is not None and signature is not UNSET:
            check_field(signature, "nsu", "signature", src_dict)
        if signature is UNSET:
            signature = None
        if type(expires_at) is not int and expires_at is not None and expires_at is not UNSET:
            check_field(expires_at, "inu", "expires_at", src_dict)
        if expires_at is UNSET:
            expires_at = None
        if type(visibility) is not str and visibility is not None and visibility is not UNSET:
            check_field(visibility, "nsu", "visibility", src_dict)
        if visibility is UNSET:
            visibility = None
        if visibility is not None:
            if isinstance(visibility, str):
                visibility = FileVisibility.from_json(visibility)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        retrieve_file_out = _new_instance(cls)
        retrieve_file_out.id = id
        retrieve_file_out.object_ = object_
        retrieve_file_out.bytes_ = bytes_
        retrieve_file_out.created_at = created_at
        retrieve_file_out.filename = filename
        retrieve_file_out.purpose = purpose
        retrieve_file_out.sample_type = sample_type
        retrieve_file_out.source = source
        retrieve_file_out.deleted = deleted
        retrieve_file_out.num_lines = num_lines
        retrieve_file_out.mimetype = mimetype
        retrieve_file_out.signature = signature
        retrieve_file_out.expires_at = expires_at
        retrieve_file_out.visibility = visibility
        retrieve_file_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        retrieve_file_out._present = present
        retrieve_file_out._nulls = _NO_NULLS
        return retrieve_file_out

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
