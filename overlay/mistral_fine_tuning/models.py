"""The request and response types and the errors, under the names of both generations of Mistral's SDK.

Every model of the spec is here under its schema name (`JobIn`, `JobsOut`, `CompletionJobOut`, ... the names of
mistralai 1.x), with a `...TypedDict` for each request model. The names of mistralai 2.x (2.5.1, the last with these
operations) are the same classes: `CreateFineTuningJobRequest` is `JobIn`, `ListFineTuningJobsResponse` is
`JobsOut`, `CompletionFineTuningJob` is `CompletionJobOut`, and so on; so are both generations' SDK-only names
(`Hyperparameters`, `JobInIntegrations`, `JobsOutData`, `Response1`, `ListFineTuningJobsResponseData`, the
per-operation response unions, ...). An `UnknownVariant` stands for a job (or an integration, a repository) of a
kind this client does not know; 2.x's `Unknown...` classes are that class. Each model loads on first use.

The errors are here too, as the official SDK has them: `HTTPValidationError` is the 422 error (its parsed body is
`.data`, an `HTTPValidationErrorData`), `SDKError` any other error status, `MistralError` their base.
"""

# ruff: noqa: F405  (the generated models come in through a star import, for type checkers)

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias

from . import _api, errors
from ._api import UNSET as UNSET
from ._api import ModelValidationError as ModelValidationError
from ._api import UnknownVariant as UnknownVariant
from ._api import Unset as Unset
from .errors import *  # noqa: F403  (the exception classes, as the official SDK's `models` has them)

if TYPE_CHECKING:
    from ._generated.models import *  # noqa: F403  (every generated model and TypedDict, by name)

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

    Hyperparameters: TypeAlias = CompletionTrainingParametersIn | ClassifierTrainingParametersIn
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
}
# Unions, by the schema names of their members; an UnknownVariant is a member of the job unions.
_UNIONS: Final = {
    "Hyperparameters": ("CompletionTrainingParametersIn", "ClassifierTrainingParametersIn"),
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
}
# mistralai 2.x's classes for a job of a kind it does not know: ours is one class for all.
_UNKNOWN_NAMES: Final = (
    "UnknownListFineTuningJobsResponseData",
    "UnknownResponse",
    "UnknownJobsAPIRoutesFineTuningGetFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningCancelFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningStartFineTuningJobResponse",
)


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
        *errors.__all__,
        "ModelValidationError",
        "UNSET",
        "UnknownVariant",
        "Unset",
    }
)


def __dir__() -> list[str]:
    return list(globals()["__all__"])
