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

from .. import types
from ..models.file_purpose import FilePurpose
from ..models.file_visibility import FileVisibility
from ..types import (
    UNSET,
    File,
    Model,
    Unset,
    fields_or_unset,
)

if TYPE_CHECKING:
    from ..types import FileInput


_new_instance = object.__new__


_get_fields = itemgetter(
    "file",
    "expiry",
    "visibility",
    "purpose",
)
_FIELDS: tuple[str, ...] = (
    "file",
    "expiry",
    "visibility",
    "purpose",
)
_REQUIRED: frozenset[str] = frozenset(("file",))
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class MultiPartBodyParams(Model):
    """What an upload sends, as multipart/form-data parts."""

    file: File
    """ The file's contents, sent as a file part with its name (the name the server stores, `filename` in answers).
    """

    expiry: int | None | Unset = UNSET
    """ How long the server keeps the file (its unit is not documented). """

    visibility: FileVisibility | Unset = UNSET
    """ Who can see a file. """

    purpose: FilePurpose | Unset = UNSET
    """ What a file is for. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("file", "file"),
        ("expiry", "expiry"),
        ("visibility", "visibility"),
        ("purpose", "purpose"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(("expiry",))
    _SCHEMA_NAME: ClassVar[str] = "MultiPartBodyParams"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_multipart(self) -> types.RequestFiles:
        """The multipart/form-data parts of this body: the plain fields first, then the file parts (streamed from
        the objects they hold, as the HTTP library reads them)."""
        files: types.RequestFiles = []
        if not isinstance(self.expiry, Unset):
            if isinstance(self.expiry, int):
                files.append(("expiry", (None, str(self.expiry).encode(), "text/plain")))
            else:
                files.append(("expiry", (None, str(self.expiry).encode(), "text/plain")))

        if not isinstance(self.visibility, Unset):
            files.append(("visibility", (None, str(self.visibility.value).encode(), "text/plain")))

        if not isinstance(self.purpose, Unset):
            files.append(("purpose", (None, str(self.purpose.value).encode(), "text/plain")))

        files.append(("file", self.file.to_tuple()))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 4
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            file,
            expiry,
            visibility,
            purpose,
        ) = values
        if visibility is not UNSET:
            visibility = UNSET if visibility is None else FileVisibility.from_json(visibility)
        if purpose is not UNSET:
            purpose = UNSET if purpose is None else FilePurpose.from_json(purpose)
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        multi_part_body_params = _new_instance(cls)
        multi_part_body_params.file = file
        multi_part_body_params.expiry = expiry
        multi_part_body_params.visibility = visibility
        multi_part_body_params.purpose = purpose
        multi_part_body_params.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return multi_part_body_params

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


class MultiPartBodyParamsTypedDict(TypedDict, total=False):
    """MultiPartBodyParams as a plain dict, keyed by JSON names: accepted wherever a MultiPartBodyParams is."""

    file: Required[FileInput]
    expiry: int | None
    visibility: FileVisibility | Literal["workspace", "user"]
    purpose: FilePurpose | Literal["fine-tune", "batch", "ocr"]
