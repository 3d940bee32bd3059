"""The request and response types and the errors, under the names of both generations of Mistral's SDK.

Every model of the spec is here under its schema name (`JobIn`, `JobsOut`, `CompletionJobOut`, `UploadFileOut`,
`FTModelCard`, ... the names of mistralai 1.x), with a `...TypedDict` for each request model. The names of mistralai
2.x (2.5.1, the last with the jobs operations) are the same classes: `CreateFineTuningJobRequest` is `JobIn`,
`ListFineTuningJobsResponse` is `JobsOut`, `CompletionFineTuningJob` is `CompletionJobOut`, `CreateFileResponse` is
`UploadFileOut`, and so on; so are both generations' SDK-only names (`Hyperparameters`, `JobInIntegrations`,
`Integrations`, `CompletionFineTuningJobIntegration`, `JobsOutData`, `Response1`, the per-operation response unions,
...) and the names of mistralai 1.0 (`JobOut`, `DetailedJobOut`, `TrainingParametersIn`, ...). An `UnknownVariant`
stands for a job (or an integration, a repository, a model card) of a kind this client does not know; 2.x's
`Unknown...` classes are that class. `File` and `FileTypedDict` are an upload's file. Each model loads on first use.

The errors are here too, as the official SDK has them: `HTTPValidationError` is the 422 error (its parsed body is
`.data`, an `HTTPValidationErrorData`), `SDKError` any other error status, `MistralError` their base.
"""

# ruff: noqa: F405  (the generated models come in through a star import, for type checkers)

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from . import _api, errors
from ._api import UNSET as UNSET
from ._api import ModelValidationError as ModelValidationError
from ._api import UnknownVariant as UnknownVariant
from ._api import Unset as Unset
from .errors import *  # noqa: F403  (the exception classes, as the official SDK's `models` has them)

if TYPE_CHECKING:
    from ._generated.models import *  # noqa: F403  (every generated model and TypedDict, by name)
    from ._generated.types import File as File
    from ._generated.types import FileTypedDict as FileTypedDict

    ClassifierFineTuningJobDetails = ClassifierDetailedJobOut
    ClassifierFineTuningJobDetailsStatus = ClassifierDetailedJobOutStatus
    ClassifierFineTuningJob = ClassifierJobOut
    ClassifierFineTuningJobStatus = ClassifierJobOutStatus
    ClassifierTarget = ClassifierTargetIn
    ClassifierTargetTypedDict = ClassifierTargetInTypedDict
    ClassifierTargetResult = ClassifierTargetOut
    CompletionFineTuningJobDetails = CompletionDetailedJobOut
    CompletionFineTuningJobDetailsStatus = CompletionDetailedJobOutStatus
    CompletionFineTuningJob = CompletionJobOut
    CompletionFineTuningJobStatus = CompletionJobOutStatus
    Status = CompletionJobOutStatus
    Event = EventOut
    CreateGithubRepositoryRequest = GithubRepositoryIn
    JobInRepositories = GithubRepositoryIn
    CreateFineTuningJobRequestRepository = GithubRepositoryIn
    CreateGithubRepositoryRequestTypedDict = GithubRepositoryInTypedDict
    JobInRepositoriesTypedDict = GithubRepositoryInTypedDict
    CreateFineTuningJobRequestRepositoryTypedDict = GithubRepositoryInTypedDict
    GithubRepository = GithubRepositoryOut
    CreateFineTuningJobRequest = JobIn
    CreateFineTuningJobRequestTypedDict = JobInTypedDict
    JobMetadata = JobMetadataOut
    ListFineTuningJobsResponse = JobsOut
    LegacyJobMetadata = LegacyJobMetadataOut
    Metric = MetricOut
    Checkpoint = CheckpointOut
    JobsAPIRoutesFineTuningGetFineTuningJobsStatus = QueryParamStatus
    JobInIntegrations = WandbIntegration
    CreateFineTuningJobRequestIntegration = WandbIntegration
    WandbIntegrationResult = WandbIntegrationOut
    JobInIntegrationsTypedDict = WandbIntegrationTypedDict
    CreateFineTuningJobRequestIntegrationTypedDict = WandbIntegrationTypedDict
    CompletionTrainingParametersTypedDict = CompletionTrainingParametersInTypedDict
    ClassifierTrainingParametersTypedDict = ClassifierTrainingParametersInTypedDict
    TrainingParametersIn = CompletionTrainingParametersIn
    TrainingParametersInTypedDict = CompletionTrainingParametersInTypedDict
    TrainingParameters = CompletionTrainingParameters
    Integrations = WandbIntegrationOut
    ClassifierJobOutIntegrations = WandbIntegrationOut
    CompletionDetailedJobOutIntegrations = WandbIntegrationOut
    ClassifierDetailedJobOutIntegrations = WandbIntegrationOut
    CompletionFineTuningJobIntegration = WandbIntegrationOut
    ClassifierFineTuningJobIntegration = WandbIntegrationOut
    CompletionFineTuningJobDetailsIntegration = WandbIntegrationOut
    ClassifierFineTuningJobDetailsIntegration = WandbIntegrationOut
    Repositories = GithubRepositoryOut
    CompletionDetailedJobOutRepositories = GithubRepositoryOut
    CompletionFineTuningJobRepository = GithubRepositoryOut
    CompletionFineTuningJobDetailsRepository = GithubRepositoryOut
    CreateFileResponse = UploadFileOut
    ListFilesResponse = ListFilesOut
    GetFileResponse = RetrieveFileOut
    DeleteFileResponse = DeleteFileOut
    GetSignedURLResponse = FileSignedURL
    FilesAPIRoutesUploadFileMultiPartBodyParams = MultiPartBodyParams
    FilesAPIRoutesUploadFileMultiPartBodyParamsTypedDict = MultiPartBodyParamsTypedDict
    FilesAPIRoutesUploadFileFileVisibility = FileVisibility
    UpdateModelRequest = UpdateFTModelIn
    UpdateModelRequestTypedDict = UpdateFTModelInTypedDict
    CompletionFineTunedModel = CompletionFTModelOut
    ClassifierFineTunedModel = ClassifierFTModelOut
    FineTunedModelCapabilities = FTModelCapabilitiesOut
    ArchiveModelResponse = ArchiveFTModelOut
    UnarchiveModelResponse = UnarchiveFTModelOut
    DeleteModelResponse = DeleteModelOut

    Hyperparameters: TypeAlias = (
        CompletionTrainingParametersIn
        | ClassifierTrainingParametersIn
        | CompletionTrainingParameters
        | ClassifierTrainingParameters
    )
    HyperparametersTypedDict: TypeAlias = (
        CompletionTrainingParametersInTypedDict | ClassifierTrainingParametersInTypedDict
    )
    JobsOutData: TypeAlias = CompletionJobOut | ClassifierJobOut | UnknownVariant
    ListFineTuningJobsResponseData: TypeAlias = JobsOutData
    Response1: TypeAlias = JobsOutData
    Response: TypeAlias = JobsOutData
    JobsAPIRoutesFineTuningCreateFineTuningJobResponse: TypeAlias = JobsOutData | LegacyJobMetadataOut
    JobsAPIRoutesFineTuningGetFineTuningJobResponse: TypeAlias = (
        CompletionDetailedJobOut | ClassifierDetailedJobOut | UnknownVariant
    )
    JobsAPIRoutesFineTuningCancelFineTuningJobResponse: TypeAlias = JobsAPIRoutesFineTuningGetFineTuningJobResponse
    JobsAPIRoutesFineTuningStartFineTuningJobResponse: TypeAlias = JobsAPIRoutesFineTuningGetFineTuningJobResponse
    UnknownListFineTuningJobsResponseData: TypeAlias = UnknownVariant
    UnknownResponse: TypeAlias = UnknownVariant
    UnknownJobsAPIRoutesFineTuningGetFineTuningJobResponse: TypeAlias = UnknownVariant
    UnknownJobsAPIRoutesFineTuningCancelFineTuningJobResponse: TypeAlias = UnknownVariant
    UnknownJobsAPIRoutesFineTuningStartFineTuningJobResponse: TypeAlias = UnknownVariant
    JobOut: TypeAlias = JobsOutData
    DetailedJobOut: TypeAlias = JobsAPIRoutesFineTuningGetFineTuningJobResponse
    JobsAPIRoutesFineTuningUpdateFineTunedModelResponse: TypeAlias = (
        CompletionFTModelOut | ClassifierFTModelOut | UnknownVariant
    )
    ResponseRetrieveModelV1ModelsModelIDGet: TypeAlias = BaseModelCard | FTModelCard | UnknownVariant
    RetrieveModelV1ModelsModelIDGetResponseRetrieveModelV1ModelsModelIDGet: TypeAlias = (
        ResponseRetrieveModelV1ModelsModelIDGet
    )
    UnknownJobsAPIRoutesFineTuningUpdateFineTunedModelResponse: TypeAlias = UnknownVariant
    UnknownResponseRetrieveModelV1ModelsModelIDGet: TypeAlias = UnknownVariant

FineTuneableModel: TypeAlias = Literal[
    "ministral-3b-latest",
    "ministral-8b-latest",
    "open-mistral-7b",
    "open-mistral-nemo",
    "mistral-small-latest",
    "mistral-medium-latest",
    "mistral-large-latest",
    "pixtral-12b-latest",
    "codestral-latest",
]
"""mistralai 1.0's type of a job's base model, when the spec listed them (a model is any string today)."""

# mistralai 2.x names (and SDK-only names of both generations) -> the schema name of the same class.
_RENAMED: Final = {
    "CreateFineTuningJobRequest": "JobIn",
    "CreateFineTuningJobRequestTypedDict": "JobInTypedDict",
    "ListFineTuningJobsResponse": "JobsOut",
    "CompletionFineTuningJob": "CompletionJobOut",
    "ClassifierFineTuningJob": "ClassifierJobOut",
    "CompletionFineTuningJobDetails": "CompletionDetailedJobOut",
    "ClassifierFineTuningJobDetails": "ClassifierDetailedJobOut",
    "LegacyJobMetadata": "LegacyJobMetadataOut",
    "JobMetadata": "JobMetadataOut",
    "Event": "EventOut",
    "Checkpoint": "CheckpointOut",
    "Metric": "MetricOut",
    "WandbIntegrationResult": "WandbIntegrationOut",
    "CreateGithubRepositoryRequest": "GithubRepositoryIn",
    "CreateGithubRepositoryRequestTypedDict": "GithubRepositoryInTypedDict",
    "GithubRepository": "GithubRepositoryOut",
    "ClassifierTarget": "ClassifierTargetIn",
    "ClassifierTargetTypedDict": "ClassifierTargetInTypedDict",
    "ClassifierTargetResult": "ClassifierTargetOut",
    "JobInIntegrations": "WandbIntegration",
    "JobInIntegrationsTypedDict": "WandbIntegrationTypedDict",
    "JobInRepositories": "GithubRepositoryIn",
    "JobInRepositoriesTypedDict": "GithubRepositoryInTypedDict",
    "CreateFineTuningJobRequestIntegration": "WandbIntegration",
    "CreateFineTuningJobRequestIntegrationTypedDict": "WandbIntegrationTypedDict",
    "CreateFineTuningJobRequestRepository": "GithubRepositoryIn",
    "CreateFineTuningJobRequestRepositoryTypedDict": "GithubRepositoryInTypedDict",
    "JobsAPIRoutesFineTuningGetFineTuningJobsStatus": "QueryParamStatus",
    "Status": "CompletionJobOutStatus",
    "CompletionFineTuningJobStatus": "CompletionJobOutStatus",
    "ClassifierFineTuningJobStatus": "ClassifierJobOutStatus",
    "CompletionFineTuningJobDetailsStatus": "CompletionDetailedJobOutStatus",
    "ClassifierFineTuningJobDetailsStatus": "ClassifierDetailedJobOutStatus",
    # mistralai 2.x has one class for the request and response twins; its TypedDict is the request's
    "CompletionTrainingParametersTypedDict": "CompletionTrainingParametersInTypedDict",
    "ClassifierTrainingParametersTypedDict": "ClassifierTrainingParametersInTypedDict",
    # mistralai 1.0 (before classifier jobs): the completion job's parameters under their first names
    "TrainingParametersIn": "CompletionTrainingParametersIn",
    "TrainingParametersInTypedDict": "CompletionTrainingParametersInTypedDict",
    "TrainingParameters": "CompletionTrainingParameters",
    # the item types of the jobs' integrations and repositories (1.x plural, 2.x singular)
    **dict.fromkeys(
        (
            "Integrations",
            "ClassifierJobOutIntegrations",
            "CompletionDetailedJobOutIntegrations",
            "ClassifierDetailedJobOutIntegrations",
            "CompletionFineTuningJobIntegration",
            "ClassifierFineTuningJobIntegration",
            "CompletionFineTuningJobDetailsIntegration",
            "ClassifierFineTuningJobDetailsIntegration",
        ),
        "WandbIntegrationOut",
    ),
    **dict.fromkeys(
        (
            "Repositories",
            "CompletionDetailedJobOutRepositories",
            "CompletionFineTuningJobRepository",
            "CompletionFineTuningJobDetailsRepository",
        ),
        "GithubRepositoryOut",
    ),
    # files and models: the 2.x names, and 1.x's name of the upload body
    "CreateFileResponse": "UploadFileOut",
    "ListFilesResponse": "ListFilesOut",
    "GetFileResponse": "RetrieveFileOut",
    "DeleteFileResponse": "DeleteFileOut",
    "GetSignedURLResponse": "FileSignedURL",
    "FilesAPIRoutesUploadFileMultiPartBodyParams": "MultiPartBodyParams",
    "FilesAPIRoutesUploadFileMultiPartBodyParamsTypedDict": "MultiPartBodyParamsTypedDict",
    "FilesAPIRoutesUploadFileFileVisibility": "FileVisibility",
    "UpdateModelRequest": "UpdateFTModelIn",
    "UpdateModelRequestTypedDict": "UpdateFTModelInTypedDict",
    "CompletionFineTunedModel": "CompletionFTModelOut",
    "ClassifierFineTunedModel": "ClassifierFTModelOut",
    "FineTunedModelCapabilities": "FTModelCapabilitiesOut",
    "ArchiveModelResponse": "ArchiveFTModelOut",
    "UnarchiveModelResponse": "UnarchiveFTModelOut",
    "DeleteModelResponse": "DeleteModelOut",
}
# Unions, by the schema names of their members; an UnknownVariant is a member of the job unions.
_UNIONS: Final = {
    "Hyperparameters": (
        "CompletionTrainingParametersIn",
        "ClassifierTrainingParametersIn",
        "CompletionTrainingParameters",
        "ClassifierTrainingParameters",
    ),
    "HyperparametersTypedDict": ("CompletionTrainingParametersInTypedDict", "ClassifierTrainingParametersInTypedDict"),
    "JobsOutData": ("CompletionJobOut", "ClassifierJobOut", "UnknownVariant"),
    "ListFineTuningJobsResponseData": ("CompletionJobOut", "ClassifierJobOut", "UnknownVariant"),
    "Response1": ("CompletionJobOut", "ClassifierJobOut", "UnknownVariant"),
    "Response": ("CompletionJobOut", "ClassifierJobOut", "UnknownVariant"),
    "JobsAPIRoutesFineTuningCreateFineTuningJobResponse": (
        "CompletionJobOut",
        "ClassifierJobOut",
        "UnknownVariant",
        "LegacyJobMetadataOut",
    ),
    **{
        f"JobsAPIRoutesFineTuning{verb}FineTuningJobResponse": (
            "CompletionDetailedJobOut",
            "ClassifierDetailedJobOut",
            "UnknownVariant",
        )
        for verb in ("Get", "Cancel", "Start")
    },
    # mistralai 1.0's one job class, with and without its events and checkpoints
    "JobOut": ("CompletionJobOut", "ClassifierJobOut", "UnknownVariant"),
    "DetailedJobOut": ("CompletionDetailedJobOut", "ClassifierDetailedJobOut", "UnknownVariant"),
    "JobsAPIRoutesFineTuningUpdateFineTunedModelResponse": (
        "CompletionFTModelOut",
        "ClassifierFTModelOut",
        "UnknownVariant",
    ),
    **dict.fromkeys(
        (
            "ResponseRetrieveModelV1ModelsModelIDGet",
            "RetrieveModelV1ModelsModelIDGetResponseRetrieveModelV1ModelsModelIDGet",
        ),
        ("BaseModelCard", "FTModelCard", "UnknownVariant"),
    ),
}
# mistralai 2.x's classes for a job of a kind it does not know: ours is one class for all.
_UNKNOWN_NAMES: Final = (
    "UnknownListFineTuningJobsResponseData",
    "UnknownResponse",
    "UnknownJobsAPIRoutesFineTuningGetFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningCancelFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningStartFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningUpdateFineTunedModelResponse",
    "UnknownResponseRetrieveModelV1ModelsModelIDGet",
)
# The upload's file, as the official SDK's models have it (defined with the generated types, not a model).
_FILE_NAMES: Final = ("File", "FileTypedDict")


def _resolve(name: str) -> Any:
    if name == "UnknownVariant":
        return UnknownVariant
    return getattr(_api.models, name)


if not TYPE_CHECKING:  # a module __getattr__ would let type checkers accept any name

    def __getattr__(name: str) -> Any:
        if name in _RENAMED:
            value = _resolve(_RENAMED[name])
        elif name in _UNIONS:
            members = [_resolve(member) for member in _UNIONS[name]]
            value = members[0]
            for member in members[1:]:
                value = value | member
        elif name in _UNKNOWN_NAMES:
            value = UnknownVariant
        elif name in _FILE_NAMES:
            value = getattr(sys.modules[_api.File.__module__], name)
        elif name in _api.MODEL_NAMES:
            value = getattr(_api.models, name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # later lookups are plain module attributes
        return value


# Every name: the generated models, both generations' other names, the errors and the markers. Set through globals():
# type checkers see the names themselves (imports and assignments above), and a literal list would repeat them.
globals()["__all__"] = sorted(
    {
        *_api.MODEL_NAMES,
        *_RENAMED,
        *_UNIONS,
        *_UNKNOWN_NAMES,
        *_FILE_NAMES,
        *errors.__all__,
        "FineTuneableModel",
        "ModelValidationError",
        "UNSET",
        "UnknownVariant",
        "Unset",
    }
)


def __dir__() -> list[str]:
    return list(globals()["__all__"])
