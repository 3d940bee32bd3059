from __future__ import annotations

from collections.abc import Mapping, Sequence
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

from ..models.classifier_target_in import ClassifierTargetIn
from ..models.classifier_training_parameters_in import ClassifierTrainingParametersIn
from ..models.completion_training_parameters_in import CompletionTrainingParametersIn
from ..models.fine_tuneable_model_type import FineTuneableModelType
from ..models.github_repository_in import GithubRepositoryIn
from ..models.training_file import TrainingFile
from ..models.wandb_integration import WandbIntegration
from ..types import (
    UNSET,
    Model,
    Unset,
    fields_or_unset,
)

if TYPE_CHECKING:
    from ..models.classifier_target_in import ClassifierTargetInTypedDict
    from ..models.classifier_target_out import ClassifierTargetOut
    from ..models.classifier_training_parameters import ClassifierTrainingParameters
    from ..models.classifier_training_parameters_in import (
        ClassifierTrainingParametersInTypedDict,
    )
    from ..models.completion_training_parameters import CompletionTrainingParameters
    from ..models.completion_training_parameters_in import (
        CompletionTrainingParametersInTypedDict,
    )
    from ..models.github_repository_in import GithubRepositoryInTypedDict
    from ..models.training_file import TrainingFileTypedDict
    from ..models.wandb_integration import WandbIntegrationTypedDict


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
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class JobIn(Model):
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
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("model", "model"),
        ("hyperparameters", "hyperparameters"),
        ("training_files", "training_files"),
        ("validation_files", "validation_files"),
        ("suffix", "suffix"),
        ("integrations", "integrations"),
        ("auto_start", "auto_start"),
        ("invalid_sample_skip_percentage", "invalid_sample_skip_percentage"),
        ("job_type", "job_type"),
        ("repositories", "repositories"),
        ("classifier_targets", "classifier_targets"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {
        "invalid_sample_skip_percentage": 0.0,
    }
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {}
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {}
    _IS_REQUEST: ClassVar[bool] = True
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "validation_files",
            "suffix",
            "integrations",
            "job_type",
            "repositories",
            "classifier_targets",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "JobIn"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
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
        if hyperparameters is not None:
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


class JobInTypedDict(TypedDict, total=False):
    """JobIn as a plain dict, keyed by JSON names: accepted wherever a JobIn is."""

    model: Required[str]
    hyperparameters: Required[
        CompletionTrainingParametersIn
        | CompletionTrainingParametersInTypedDict
        | CompletionTrainingParameters
        | ClassifierTrainingParametersIn
        | ClassifierTrainingParametersInTypedDict
        | ClassifierTrainingParameters
    ]
    training_files: Sequence[TrainingFile | TrainingFileTypedDict | str]
    validation_files: Sequence[str] | None
    suffix: str | None
    integrations: Sequence[WandbIntegration | WandbIntegrationTypedDict] | None
    auto_start: bool
    invalid_sample_skip_percentage: float
    job_type: FineTuneableModelType | Literal["completion", "classifier"] | None
    repositories: Sequence[GithubRepositoryIn | GithubRepositoryInTypedDict] | None
    classifier_targets: Sequence[ClassifierTargetIn | ClassifierTargetInTypedDict | ClassifierTargetOut] | None
