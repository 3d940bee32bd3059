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
    "details",
    "expected_duration_seconds",
    "cost",
    "cost_currency",
    "train_tokens_per_step",
    "train_tokens",
    "data_tokens",
    "estimated_start_time",
    "deprecated",
    "epochs",
    "training_steps",
    "object",
)
_FIELDS: tuple[str, ...] = (
    "details",
    "expected_duration_seconds",
    "cost",
    "cost_currency",
    "train_tokens_per_step",
    "train_tokens",
    "data_tokens",
    "estimated_start_time",
    "deprecated",
    "epochs",
    "training_steps",
    "object",
)
_REQUIRED: frozenset[str] = frozenset(("details",))
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class LegacyJobMetadataOut(Model):
    """What a dry run of create answers instead of a job."""

    details: str

    expected_duration_seconds: int | None = None
    """ Estimated training time, in seconds. """

    cost: float | None = None
    """ Estimated price of the job. """

    cost_currency: None | str = None
    """ Currency of `cost`. """

    train_tokens_per_step: int | None = None
    """ Tokens consumed by one training step. """

    train_tokens: int | None = None
    """ Tokens consumed by the whole training. """

    data_tokens: int | None = None
    """ Tokens in the training data. """

    estimated_start_time: int | None = None

    deprecated: bool | None = None
    """ The server's default: True. """

    epochs: float | None = None
    """ Complete passes over the training data the job would make. """

    training_steps: int | None = None
    """ Weight updates the job would perform. """

    object_: Literal["job.metadata"] = "job.metadata"

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("details", "details"),
        ("expected_duration_seconds", "expected_duration_seconds"),
        ("cost", "cost"),
        ("cost_currency", "cost_currency"),
        ("train_tokens_per_step", "train_tokens_per_step"),
        ("train_tokens", "train_tokens"),
        ("data_tokens", "data_tokens"),
        ("estimated_start_time", "estimated_start_time"),
        ("deprecated", "deprecated"),
        ("epochs", "epochs"),
        ("training_steps", "training_steps"),
        ("object_", "object"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "object": "job.metadata",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "expected_duration_seconds",
            "cost",
            "cost_currency",
            "train_tokens_per_step",
            "train_tokens",
            "data_tokens",
            "estimated_start_time",
            "epochs",
            "training_steps",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "LegacyJobMetadataOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "details": "s",
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
    def object(self) -> Literal["job.metadata"]:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: Literal["job.metadata"]) -> None:
        self.object_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 12
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            details,
            expected_duration_seconds,
            cost,
            cost_currency,
            train_tokens_per_step,
            train_tokens,
            data_tokens,
            estimated_start_time,
            deprecated,
            epochs,
            training_steps,
            object_,
        ) = values
        if type(details) is not str:
            check_field(details, "s", "details", src_dict)
        if (
            type(expected_duration_seconds) is not int
            and expected_duration_seconds is not None
            and expected_duration_seconds is not UNSET
        ):
            check_field(expected_duration_seconds, "inu", "expected_duration_seconds", src_dict)
        if expected_duration_seconds is UNSET:
            expected_duration_seconds = None
        if type(cost) is not float and type(cost) is not int and cost is not None and cost is not UNSET:
            check_field(cost, "fnu", "cost", src_dict)
        if cost is UNSET:
            cost = None
        if type(cost_currency) is not str and cost_currency is not None and cost_currency is not UNSET:
            check_field(cost_currency, "nsu", "cost_currency", src_dict)
        if cost_currency is UNSET:
            cost_currency = None
        if (
            type(train_tokens_per_step) is not int
            and train_tokens_per_step is not None
            and train_tokens_per_step is not UNSET
        ):
            check_field(train_tokens_per_step, "inu", "train_tokens_per_step", src_dict)
        if train_tokens_per_step is UNSET:
            train_tokens_per_step = None
        if type(train_tokens) is not int and train_tokens is not None and train_tokens is not UNSET:
            check_field(train_tokens, "inu", "train_tokens", src_dict)
        if train_tokens is UNSET:
            train_tokens = None
        if type(data_tokens) is not int and data_tokens is not None and data_tokens is not UNSET:
            check_field(data_tokens, "inu", "data_tokens", src_dict)
        if data_tokens is UNSET:
            data_tokens = None
        if (
            type(estimated_start_time) is not int
            and estimated_start_time is not None
            and estimated_start_time is not UNSET
        ):
            check_field(estimated_start_time, "inu", "estimated_start_time", src_dict)
        if estimated_start_time is UNSET:
            estimated_start_time = None
        if type(deprecated) is not bool and deprecated is not None and deprecated is not UNSET:
            check_field(deprecated, "bnu", "deprecated", src_dict)
        if deprecated is UNSET:
            deprecated = None
        if type(epochs) is not float and type(epochs) is not int and epochs is not None and epochs is not UNSET:
            check_field(epochs, "fnu", "epochs", src_dict)
        if epochs is UNSET:
            epochs = None
        if type(training_steps) is not int and training_steps is not None and training_steps is not UNSET:
            check_field(training_steps, "inu", "training_steps", src_dict)
        if training_steps is UNSET:
            training_steps = None
        if object_ != "job.metadata" and object_ is not UNSET:
            raise ConstMismatch("object", "job.metadata", object_)
        if object_ is UNSET:
            object_ = "job.metadata"
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        legacy_job_metadata_out = _new_instance(cls)
        legacy_job_metadata_out.details = details
        legacy_job_metadata_out.expected_duration_seconds = expected_duration_seconds
        legacy_job_metadata_out.cost = cost
        legacy_job_metadata_out.cost_currency = cost_currency
        legacy_job_metadata_out.train_tokens_per_step = train_tokens_per_step
        legacy_job_metadata_out.train_tokens = train_tokens
        legacy_job_metadata_out.data_tokens = data_tokens
        legacy_job_metadata_out.estimated_start_time = estimated_start_time
        legacy_job_metadata_out.deprecated = deprecated
        legacy_job_metadata_out.epochs = epochs
        legacy_job_metadata_out.training_steps = training_steps
        legacy_job_metadata_out.object_ = object_
        legacy_job_metadata_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        legacy_job_metadata_out._present = present
        legacy_job_metadata_out._nulls = _NO_NULLS
        return legacy_job_metadata_out

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
