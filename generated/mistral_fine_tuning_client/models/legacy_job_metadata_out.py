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

T = TypeVar("T", bound="LegacyJobMetadataOut")


@_attrs_define
class LegacyJobMetadataOut:
    """What a dry run of create answers instead of a job."""

    details: str

    expected_duration_seconds: int | None | Unset = UNSET
    """ Estimated training time, in seconds. """

    cost: float | None | Unset = UNSET
    """ Estimated price of the job. """

    cost_currency: None | str | Unset = UNSET
    """ Currency of `cost`. """

    train_tokens_per_step: int | None | Unset = UNSET
    """ Tokens consumed by one training step. """

    train_tokens: int | None | Unset = UNSET
    """ Tokens consumed by the whole training. """

    data_tokens: int | None | Unset = UNSET
    """ Tokens in the training data. """

    estimated_start_time: int | None | Unset = UNSET

    deprecated: bool | Unset = UNSET
    """ The server's default: True. """

    epochs: float | None | Unset = UNSET
    """ Complete passes over the training data the job would make. """

    training_steps: int | None | Unset = UNSET
    """ Weight updates the job would perform. """

    object_: Literal["job.metadata"] | Unset = "job.metadata"

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        details = self.details

        expected_duration_seconds: int | None | Unset
        if isinstance(self.expected_duration_seconds, Unset):
            expected_duration_seconds = UNSET
        else:
            expected_duration_seconds = self.expected_duration_seconds

        cost: float | None | Unset
        if isinstance(self.cost, Unset):
            cost = UNSET
        else:
            cost = self.cost

        cost_currency: None | str | Unset
        if isinstance(self.cost_currency, Unset):
            cost_currency = UNSET
        else:
            cost_currency = self.cost_currency

        train_tokens_per_step: int | None | Unset
        if isinstance(self.train_tokens_per_step, Unset):
            train_tokens_per_step = UNSET
        else:
            train_tokens_per_step = self.train_tokens_per_step

        train_tokens: int | None | Unset
        if isinstance(self.train_tokens, Unset):
            train_tokens = UNSET
        else:
            train_tokens = self.train_tokens

        data_tokens: int | None | Unset
        if isinstance(self.data_tokens, Unset):
            data_tokens = UNSET
        else:
            data_tokens = self.data_tokens

        estimated_start_time: int | None | Unset
        if isinstance(self.estimated_start_time, Unset):
            estimated_start_time = UNSET
        else:
            estimated_start_time = self.estimated_start_time

        deprecated = self.deprecated

        epochs: float | None | Unset
        if isinstance(self.epochs, Unset):
            epochs = UNSET
        else:
            epochs = self.epochs

        training_steps: int | None | Unset
        if isinstance(self.training_steps, Unset):
            training_steps = UNSET
        else:
            training_steps = self.training_steps

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "details": details,
            }
        )
        if expected_duration_seconds is not UNSET:
            field_dict["expected_duration_seconds"] = expected_duration_seconds
        if cost is not UNSET:
            field_dict["cost"] = cost
        if cost_currency is not UNSET:
            field_dict["cost_currency"] = cost_currency
        if train_tokens_per_step is not UNSET:
            field_dict["train_tokens_per_step"] = train_tokens_per_step
        if train_tokens is not UNSET:
            field_dict["train_tokens"] = train_tokens
        if data_tokens is not UNSET:
            field_dict["data_tokens"] = data_tokens
        if estimated_start_time is not UNSET:
            field_dict["estimated_start_time"] = estimated_start_time
        if deprecated is not UNSET:
            field_dict["deprecated"] = deprecated
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if training_steps is not UNSET:
            field_dict["training_steps"] = training_steps
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 12
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
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
        if object_ != "job.metadata" and object_ is not UNSET:
            raise ValueError(f"object must be 'job.metadata', got {object_!r}")
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
