"""The request and response types, under the names of Mistral's SDK, and the errors.

Models are the generated attrs classes; each loads on first use. Besides the schema names (`JobIn`, `JobsOut`,
`CompletionJobOut`, ...) the SDK's aliases are here: `Hyperparameters`, `JobInIntegrations`, `JobInRepositories`,
`JobsOutData`, and the per-operation response unions. An `UnknownVariant` stands for a job whose `job_type` this
client does not know: it keeps the whole payload in `raw`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from . import _api
from ._api import MODEL_NAMES, UNSET, UnknownVariant, Unset
from .errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InputValidationError,
    InternalServerError,
    MistralFineTuningError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SDKError,
    UnprocessableEntityError,
)

if TYPE_CHECKING:
    from ._api import (
        CheckpointOut,
        ClassifierDetailedJobOut,
        ClassifierDetailedJobOutStatus,
        ClassifierJobOut,
        ClassifierJobOutStatus,
        ClassifierTargetIn,
        ClassifierTargetOut,
        ClassifierTrainingParameters,
        ClassifierTrainingParametersIn,
        CompletionDetailedJobOut,
        CompletionDetailedJobOutStatus,
        CompletionJobOut,
        CompletionJobOutStatus,
        CompletionTrainingParameters,
        CompletionTrainingParametersIn,
        ErrorResponse,
        EventOut,
        EventOutData,
        FineTuneableModelType,
        FTClassifierLossFunction,
        GithubRepositoryIn,
        GithubRepositoryOut,
        HTTPValidationError,
        JobIn,
        JobMetadataOut,
        JobsOut,
        LegacyJobMetadataOut,
        MetricOut,
        QueryParamStatus,
        TrainingFile,
        ValidationError,
        WandbIntegration,
        WandbIntegrationOut,
    )

    Hyperparameters: TypeAlias = CompletionTrainingParametersIn | ClassifierTrainingParametersIn
    JobInIntegrations: TypeAlias = WandbIntegration
    JobInRepositories: TypeAlias = GithubRepositoryIn
    JobsOutData: TypeAlias = CompletionJobOut | ClassifierJobOut | UnknownVariant
    JobsAPIRoutesFineTuningCreateFineTuningJobResponse: TypeAlias = (
        CompletionJobOut | ClassifierJobOut | LegacyJobMetadataOut | UnknownVariant
    )
    JobsAPIRoutesFineTuningGetFineTuningJobResponse: TypeAlias = (
        CompletionDetailedJobOut | ClassifierDetailedJobOut | UnknownVariant
    )
    JobsAPIRoutesFineTuningCancelFineTuningJobResponse: TypeAlias = JobsAPIRoutesFineTuningGetFineTuningJobResponse
    JobsAPIRoutesFineTuningStartFineTuningJobResponse: TypeAlias = JobsAPIRoutesFineTuningGetFineTuningJobResponse

_DETAILED = ("CompletionDetailedJobOut", "ClassifierDetailedJobOut")
_ALIASES: dict[str, tuple[str, ...]] = {
    "Hyperparameters": ("CompletionTrainingParametersIn", "ClassifierTrainingParametersIn"),
    "JobInIntegrations": ("WandbIntegration",),
    "JobInRepositories": ("GithubRepositoryIn",),
    "JobsOutData": ("CompletionJobOut", "ClassifierJobOut"),
    "JobsAPIRoutesFineTuningCreateFineTuningJobResponse": (
        "CompletionJobOut",
        "ClassifierJobOut",
        "LegacyJobMetadataOut",
    ),
    "JobsAPIRoutesFineTuningGetFineTuningJobResponse": _DETAILED,
    "JobsAPIRoutesFineTuningCancelFineTuningJobResponse": _DETAILED,
    "JobsAPIRoutesFineTuningStartFineTuningJobResponse": _DETAILED,
}


def __getattr__(name: str) -> Any:
    if name in _ALIASES:
        members: list[Any] = [getattr(_api, member) for member in _ALIASES[name]]
        if name.startswith("Jobs"):
            members.append(UnknownVariant)
        value: Any = members[0]
        for member in members[1:]:
            value = value | member
    elif name in MODEL_NAMES:
        value = getattr(_api, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "UNSET",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CheckpointOut",
    "ClassifierDetailedJobOut",
    "ClassifierDetailedJobOutStatus",
    "ClassifierJobOut",
    "ClassifierJobOutStatus",
    "ClassifierTargetIn",
    "ClassifierTargetOut",
    "ClassifierTrainingParameters",
    "ClassifierTrainingParametersIn",
    "CompletionDetailedJobOut",
    "CompletionDetailedJobOutStatus",
    "CompletionJobOut",
    "CompletionJobOutStatus",
    "CompletionTrainingParameters",
    "CompletionTrainingParametersIn",
    "ConflictError",
    "ErrorResponse",
    "EventOut",
    "EventOutData",
    "FTClassifierLossFunction",
    "FineTuneableModelType",
    "GithubRepositoryIn",
    "GithubRepositoryOut",
    "HTTPValidationError",
    "Hyperparameters",
    "InputValidationError",
    "InternalServerError",
    "JobIn",
    "JobInIntegrations",
    "JobInRepositories",
    "JobMetadataOut",
    "JobsAPIRoutesFineTuningCancelFineTuningJobResponse",
    "JobsAPIRoutesFineTuningCreateFineTuningJobResponse",
    "JobsAPIRoutesFineTuningGetFineTuningJobResponse",
    "JobsAPIRoutesFineTuningStartFineTuningJobResponse",
    "JobsOut",
    "JobsOutData",
    "LegacyJobMetadataOut",
    "MetricOut",
    "MistralFineTuningError",
    "NotFoundError",
    "PermissionDeniedError",
    "QueryParamStatus",
    "RateLimitError",
    "ResponseValidationError",
    "SDKError",
    "TrainingFile",
    "UnknownVariant",
    "UnprocessableEntityError",
    "Unset",
    "ValidationError",
    "WandbIntegration",
    "WandbIntegrationOut",
]
