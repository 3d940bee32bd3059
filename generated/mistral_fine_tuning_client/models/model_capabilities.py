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

from ..types import (
    UNSET,
    Model,
    check_field,
    expect_object,
    fields_or_unset,
)

_new_instance = object.__new__


_get_fields = itemgetter(
    "completion_chat",
    "function_calling",
    "completion_fim",
    "fine_tuning",
    "vision",
    "ocr",
    "classification",
    "moderation",
    "audio",
    "audio_transcription",
)
_FIELDS: tuple[str, ...] = (
    "completion_chat",
    "function_calling",
    "completion_fim",
    "fine_tuning",
    "vision",
    "ocr",
    "classification",
    "moderation",
    "audio",
    "audio_transcription",
)
_REQUIRED: frozenset[str] = frozenset(())
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class ModelCapabilities(Model):
    """What a model can do."""

    completion_chat: bool | None = None
    """ The server's default: False. """

    function_calling: bool | None = None
    """ The server's default: False. """

    completion_fim: bool | None = None
    """ The server's default: False. """

    fine_tuning: bool | None = None
    """ The server's default: False. """

    vision: bool | None = None
    """ The server's default: False. """

    ocr: bool | None = None
    """ The server's default: False. """

    classification: bool | None = None
    """ The server's default: False. """

    moderation: bool | None = None
    """ The server's default: False. """

    audio: bool | None = None
    """ The server's default: False. """

    audio_transcription: bool | None = None
    """ The server's default: False. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("completion_chat", "completion_chat"),
        ("function_calling", "function_calling"),
        ("completion_fim", "completion_fim"),
        ("fine_tuning", "fine_tuning"),
        ("vision", "vision"),
        ("ocr", "ocr"),
        ("classification", "classification"),
        ("moderation", "moderation"),
        ("audio", "audio"),
        ("audio_transcription", "audio_transcription"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(())
    _SCHEMA_NAME: ClassVar[str] = "ModelCapabilities"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {}
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

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 10
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            completion_chat,
            function_calling,
            completion_fim,
            fine_tuning,
            vision,
            ocr,
            classification,
            moderation,
            audio,
            audio_transcription,
        ) = values
        if type(completion_chat) is not bool and completion_chat is not None and completion_chat is not UNSET:
            check_field(completion_chat, "bnu", "completion_chat", src_dict)
        if completion_chat is UNSET:
            completion_chat = None
        if type(function_calling) is not bool and function_calling is not None and function_calling is not UNSET:
            check_field(function_calling, "bnu", "function_calling", src_dict)
        if function_calling is UNSET:
            function_calling = None
        if type(completion_fim) is not bool and completion_fim is not None and completion_fim is not UNSET:
            check_field(completion_fim, "bnu", "completion_fim", src_dict)
        if completion_fim is UNSET:
            completion_fim = None
        if type(fine_tuning) is not bool and fine_tuning is not None and fine_tuning is not UNSET:
            check_field(fine_tuning, "bnu", "fine_tuning", src_dict)
        if fine_tuning is UNSET:
            fine_tuning = None
        if type(vision) is not bool and vision is not None and vision is not UNSET:
            check_field(vision, "bnu", "vision", src_dict)
        if vision is UNSET:
            vision = None
        if type(ocr) is not bool and ocr is not None and ocr is not UNSET:
            check_field(ocr, "bnu", "ocr", src_dict)
        if ocr is UNSET:
            ocr = None
        if type(classification) is not bool and classification is not None and classification is not UNSET:
            check_field(classification, "bnu", "classification", src_dict)
        if classification is UNSET:
            classification = None
        if type(moderation) is not bool and moderation is not None and moderation is not UNSET:
            check_field(moderation, "bnu", "moderation", src_dict)
        if moderation is UNSET:
            moderation = None
        if type(audio) is not bool and audio is not None and audio is not UNSET:
            check_field(audio, "bnu", "audio", src_dict)
        if audio is UNSET:
            audio = None
        if (
            type(audio_transcription) is not bool
            and audio_transcription is not None
            and audio_transcription is not UNSET
        ):
            check_field(audio_transcription, "bnu", "audio_transcription", src_dict)
        if audio_transcription is UNSET:
            audio_transcription = None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        model_capabilities = _new_instance(cls)
        model_capabilities.completion_chat = completion_chat
        model_capabilities.function_calling = function_calling
        model_capabilities.completion_fim = completion_fim
        model_capabilities.fine_tuning = fine_tuning
        model_capabilities.vision = vision
        model_capabilities.ocr = ocr
        model_capabilities.classification = classification
        model_capabilities.moderation = moderation
        model_capabilities.audio = audio
        model_capabilities.audio_transcription = audio_transcription
        model_capabilities.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        model_capabilities._present = present
        model_capabilities._nulls = _NO_NULLS
        return model_capabilities

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
