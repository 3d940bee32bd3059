from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    TypeVar,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.classifier_target_in import ClassifierTargetIn
from ..models.classifier_training_parameters_in import ClassifierTrainingParametersIn
from ..models.completion_training_parameters_in import CompletionTrainingParametersIn
from ..models.fine_tuneable_model_type import FineTuneableModelType
from ..models.github_repository_in import GithubRepositoryIn
from ..models.training_file import TrainingFile
from ..models.wandb_integration import WandbIntegration
from ..types import UNSET, Unset, fields_or_unset

_new_instance = object.__new__


_get_fields = itemgetter(
    "model",
    "hyperparameters",
    "training_files",
    "validation_files",
    "suffix",
    "integrations",
    "auto_start",
    "invalid_sample_skip_percentage",
    "job_type",
    "repositories",
    "classifier_targets",
)
_FIELDS: tuple[str, ...] = (
    "model",
    "hyperparameters",
    "training_files",
    "validation_files",
    "suffix",
    "integrations",
    "auto_start",
    "invalid_sample_skip_percentage",
    "job_type",
    "repositories",
    "classifier_targets",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "model",
        "hyperparameters",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)

T = TypeVar("T", bound="JobIn")


@_attrs_define
class JobIn:
    """What to fine-tune, on which data, and how."""

    model: str
    """ The base model to fine-tune, e.g. `open-mistral-7b`. """

    hyperparameters: ClassifierTrainingParametersIn | CompletionTrainingParametersIn
    """ Training settings; the classifier kind has no `fim_ratio`. """

    training_files: list[TrainingFile] | Unset = UNSET
    """ Uploaded files to train on, each with a sampling weight. """

    validation_files: list[str] | None | Unset = UNSET
    """ Ids of uploaded files held out for validation. Their metrics show up in the job's checkpoints. Keep them
    disjoint from the training files. """

    suffix: None | str | Unset = UNSET
    """ Added to the fine-tuned model's name, e.g. `ft:open-mistral-7b:my-suffix:...`. """

    integrations: list[WandbIntegration] | None | Unset = UNSET
    """ Services to report the job's progress to. """

    auto_start: bool | Unset = UNSET
    """ Start training as soon as validation passes; otherwise wait for a call to start. """

    invalid_sample_skip_percentage: float | Unset = UNSET
    """ Share of invalid training samples that may be skipped before the job fails validation. The server's default:
    0.0. """

    job_type: FineTuneableModelType | None | Unset = UNSET
    """ Whether to train a completion model or a classifier. """

    repositories: list[GithubRepositoryIn] | None | Unset = UNSET
    """ GitHub repositories to train on. """

    classifier_targets: list[ClassifierTargetIn] | None | Unset = UNSET
    """ The labels a classifier job learns to predict. """

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of this object; unset fields are left out."""
        model = self.model

        hyperparameters: dict[str, Any]
        if isinstance(self.hyperparameters, CompletionTrainingParametersIn):
            hyperparameters = self.hyperparameters.to_dict()
        else:
            hyperparameters = self.hyperparameters.to_dict()

        training_files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.training_files, Unset):
            training_files = []
            for training_files_item_data in self.training_files:
                training_files_item = training_files_item_data.to_dict()
                training_files.append(training_files_item)

        validation_files: list[str] | None | Unset
        if isinstance(self.validation_files, Unset):
            validation_files = UNSET
        elif isinstance(self.validation_files, list):
            validation_files = self.validation_files

        else:
            validation_files = self.validation_files

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

        auto_start = self.auto_start

        invalid_sample_skip_percentage = self.invalid_sample_skip_percentage

        job_type: None | str | Unset
        if isinstance(self.job_type, Unset):
            job_type = UNSET
        elif isinstance(self.job_type, FineTuneableModelType):
            job_type = self.job_type.value
        else:
            job_type = self.job_type

        repositories: list[dict[str, Any]] | None | Unset
        if isinstance(self.repositories, Unset):
            repositories = UNSET
        elif isinstance(self.repositories, list):
            repositories = []
            for repositories_type_0_item_data in self.repositories:
                repositories_type_0_item = repositories_type_0_item_data.to_dict()
                repositories.append(repositories_type_0_item)

        else:
            repositories = self.repositories

        classifier_targets: list[dict[str, Any]] | None | Unset
        if isinstance(self.classifier_targets, Unset):
            classifier_targets = UNSET
        elif isinstance(self.classifier_targets, list):
            classifier_targets = []
            for classifier_targets_type_0_item_data in self.classifier_targets:
                classifier_targets_type_0_item = classifier_targets_type_0_item_data.to_dict()
                classifier_targets.append(classifier_targets_type_0_item)

        else:
            classifier_targets = self.classifier_targets

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "hyperparameters": hyperparameters,
            }
        )
        if training_files is not UNSET:
            field_dict["training_files"] = training_files
        if validation_files is not UNSET:
            field_dict["validation_files"] = validation_files
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if integrations is not UNSET:
            field_dict["integrations"] = integrations
        if auto_start is not UNSET:
            field_dict["auto_start"] = auto_start
        if invalid_sample_skip_percentage is not UNSET:
            field_dict["invalid_sample_skip_percentage"] = invalid_sample_skip_percentage
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if repositories is not UNSET:
            field_dict["repositories"] = repositories
        if classifier_targets is not UNSET:
            field_dict["classifier_targets"] = classifier_targets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 11
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
        (
            model,
            hyperparameters,
            training_files,
            validation_files,
            suffix,
            integrations,
            auto_start,
            invalid_sample_skip_percentage,
            job_type,
            repositories,
            classifier_targets,
        ) = values
        if hyperparameters is not None and hyperparameters is not UNSET:
            if isinstance(hyperparameters, dict):
                if ClassifierTrainingParametersIn.JSON_FIELDS.issuperset(hyperparameters):
                    hyperparameters = ClassifierTrainingParametersIn.from_dict(hyperparameters)
                elif CompletionTrainingParametersIn.JSON_FIELDS.issuperset(hyperparameters):
                    hyperparameters = CompletionTrainingParametersIn.from_dict(hyperparameters)
                else:
                    hyperparameters = CompletionTrainingParametersIn.from_dict(hyperparameters)
        if training_files is not UNSET:
            training_files = (
                [] if training_files is None else [TrainingFile.from_dict(item0) for item0 in training_files]
            )
        if integrations is not None and integrations is not UNSET:
            if isinstance(integrations, list):
                integrations = [WandbIntegration.from_dict(item0) for item0 in integrations]
        if job_type is not None and job_type is not UNSET:
            if isinstance(job_type, str):
                job_type = FineTuneableModelType.from_json(job_type)
        if repositories is not None and repositories is not UNSET:
            if isinstance(repositories, list):
                repositories = [GithubRepositoryIn.from_dict(item0) for item0 in repositories]
        if classifier_targets is not None and classifier_targets is not UNSET:
            if isinstance(classifier_targets, list):
                classifier_targets = [ClassifierTargetIn.from_dict(item0) for item0 in classifier_targets]
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        job_in = _new_instance(cls)
        job_in.model = model
        job_in.hyperparameters = hyperparameters
        job_in.training_files = training_files
        job_in.validation_files = validation_files
        job_in.suffix = suffix
        job_in.integrations = integrations
        job_in.auto_start = auto_start
        job_in.invalid_sample_skip_percentage = invalid_sample_skip_percentage
        job_in.job_type = job_type
        job_in.repositories = repositories
        job_in.classifier_targets = classifier_targets
        job_in.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        return job_in

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
