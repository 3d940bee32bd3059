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

from ..models.classifier_job_out_status import ClassifierJobOutStatus
from ..models.classifier_training_parameters import ClassifierTrainingParameters
from ..models.job_metadata_out import JobMetadataOut
from ..models.wandb_integration_out import WandbIntegrationOut
from ..types import UNSET, Unset, fields_or_unset

_new_instance = object.__new__


_get_fields = itemgetter(
    "id",
    "auto_start",
    "model",
    "status",
    "created_at",
    "modified_at",
    "training_files",
    "hyperparameters",
    "validation_files",
    "object",
    "fine_tuned_model",
    "suffix",
    "integrations",
    "trained_tokens",
    "metadata",
    "job_type",
)
_FIELDS: tuple[str, ...] = (
    "id",
    "auto_start",
    "model",
    "status",
    "created_at",
    "modified_at",
    "training_files",
    "hyperparameters",
    "validation_files",
    "object",
    "fine_tuned_model",
    "suffix",
    "integrations",
    "trained_tokens",
    "metadata",
    "job_type",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "id",
        "auto_start",
        "model",
        "status",
        "created_at",
        "modified_at",
        "training_files",
        "hyperparameters",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="ClassifierJobOut")


@_attrs_define
class ClassifierJobOut:
    """A classifier fine-tuning job."""

    id: str
    """ The job's id (a UUID). """

    auto_start: bool
    """ Whether training starts by itself once validation passes. """

    model: str
    """ The base model being fine-tuned. """

    status: ClassifierJobOutStatus
    """ Where the job is in its life. """

    created_at: int
    """ When the job was created, in Unix seconds. """

    modified_at: int
    """ When the job last changed, in Unix seconds. """

    training_files: list[str]
    """ Ids of the files trained on. """

    hyperparameters: ClassifierTrainingParameters
    """ The training settings a classifier job runs with. """

    validation_files: list[str] | None | Unset = UNSET
    """ Ids of the files validated on. """

    object_: Literal["job"] | Unset = "job"

    fine_tuned_model: None | str | Unset = UNSET
    """ Name of the resulting model; null until training has finished. """

    suffix: None | str | Unset = UNSET
    """ The suffix given at creation, part of the fine-tuned model's name. """

    integrations: list[WandbIntegrationOut] | None | Unset = UNSET
    """ Services the job reports to. """

    trained_tokens: int | None | Unset = UNSET
    """ Tokens processed by training so far. """

    metadata: JobMetadataOut | None | Unset = UNSET

    job_type: Literal["classifier"] | Unset = "classifier"
    """ The kind of job. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        id = self.id

        auto_start = self.auto_start

        model = self.model

        status = self.status.value

        created_at = self.created_at

        modified_at = self.modified_at

        training_files = self.training_files

        hyperparameters = self.hyperparameters.to_dict()

        validation_files: list[str] | None | Unset
        if isinstance(self.validation_files, Unset):
            validation_files = UNSET
        elif isinstance(self.validation_files, list):
            validation_files = self.validation_files

        else:
            validation_files = self.validation_files

        object_ = self.object_

        fine_tuned_model: None | str | Unset
        if isinstance(self.fine_tuned_model, Unset):
            fine_tuned_model = UNSET
        else:
            fine_tuned_model = self.fine_tuned_model

        suffix: None | str | Unset
        if isinstance(self.suffix, Unset):
            suffix = UNSET
        else:
            suffix = self.suffix

        integrations: list[dict[str, Any]] | None | Unset
        if isinstance(self.integrations, Unset):
            integrations = UNSET
        elif isinstance(self.integrations, list):
            integrations = []
            for integrations_type_0_item_data in self.integrations:
                integrations_type_0_item = integrations_type_0_item_data.to_dict()
                integrations.append(integrations_type_0_item)

        else:
            integrations = self.integrations

        trained_tokens: int | None | Unset
        if isinstance(self.trained_tokens, Unset):
            trained_tokens = UNSET
        else:
            trained_tokens = self.trained_tokens

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, JobMetadataOut):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        job_type = self.job_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "auto_start": auto_start,
                "model": model,
                "status": status,
                "created_at": created_at,
                "modified_at": modified_at,
                "training_files": training_files,
                "hyperparameters": hyperparameters,
            }
        )
        if validation_files is not UNSET:
            field_dict["validation_files"] = validation_files
        if object_ is not UNSET:
            field_dict["object"] = object_
        if fine_tuned_model is not UNSET:
            field_dict["fine_tuned_model"] = fine_tuned_model
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if trained_tokens is not UNSET:
            field_dict["trained_tokens"] = trained_tokens
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if job_type is not UNSET:
            field_dict["job_type"] = job_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 16
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            id,
            auto_start,
            model,
            status,
            created_at,
            modified_at,
            training_files,
            hyperparameters,
            validation_files,
            object_,
            fine_tuned_model,
            suffix,
            integrations,
            trained_tokens,
            metadata,
            job_type,
        ) = values
        status = ClassifierJobOutStatus.from_json(status)
        training_files = [] if training_files is None else training_files
        hyperparameters = ClassifierTrainingParameters.from_dict(hyperparameters)
        if object_ != "job" and object_ is not UNSET:
            raise ValueError(f"object must be 'job', got {object_!r}")
        if integrations is not None and integrations is not UNSET:
            if isinstance(integrations, list):
                integrations = [WandbIntegrationOut.from_dict(item0) for item0 in integrations]
        if metadata is not None and metadata is not UNSET:
            if isinstance(metadata, dict):
                metadata = JobMetadataOut.from_dict(metadata)
        if job_type != "classifier" and job_type is not UNSET:
            raise ValueError(f"job_type must be 'classifier', got {job_type!r}")
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        classifier_job_out = _new_instance(cls)
        classifier_job_out.id = id
        classifier_job_out.auto_start = auto_start
        classifier_job_out.model = model
        classifier_job_out.status = status
        classifier_job_out.created_at = created_at
        classifier_job_out.modified_at = modified_at
        classifier_job_out.training_files = training_files
        classifier_job_out.hyperparameters = hyperparameters
        classifier_job_out.validation_files = validation_files
        classifier_job_out.object_ = object_
        classifier_job_out.fine_tuned_model = fine_tuned_model
        classifier_job_out.suffix = suffix
        classifier_job_out.integrations = integrations
        classifier_job_out.trained_tokens = trained_tokens
        classifier_job_out.metadata = metadata
        classifier_job_out.job_type = job_type
        classifier_job_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return classifier_job_out

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
