"""The seam: the only module of the overlay that imports the generated code.

The generated package is the private subpackage `._generated` (in the repository a link to
`generated/mistral_fine_tuning_client`, in the wheel a copy), and every import of it here is a plain relative
import statement, so a copy of `mistral_fine_tuning/` under any other name (vendoring) keeps working untouched.
The small `types` module is imported at once (the call signatures need `UNSET`); the models and operations load on
first use, so `import mistral_fine_tuning` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._generated.types import UNSET, UnknownVariant, Unset

if TYPE_CHECKING:
    from ._generated.api.fine_tuning import (
        jobs_api_routes_fine_tuning_cancel_fine_tuning_job as cancel_op,
    )
    from ._generated.api.fine_tuning import (
        jobs_api_routes_fine_tuning_create_fine_tuning_job as create_op,
    )
    from ._generated.api.fine_tuning import jobs_api_routes_fine_tuning_get_fine_tuning_job as get_op
    from ._generated.api.fine_tuning import jobs_api_routes_fine_tuning_get_fine_tuning_jobs as list_op
    from ._generated.api.fine_tuning import jobs_api_routes_fine_tuning_start_fine_tuning_job as start_op
    from ._generated.models import (
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


def _operation(name: str) -> Any:
    # Plain import statements (not module names in strings): a vendoring tool or a copy renames nothing here.
    from ._generated.api.fine_tuning import (
        jobs_api_routes_fine_tuning_cancel_fine_tuning_job,
        jobs_api_routes_fine_tuning_create_fine_tuning_job,
        jobs_api_routes_fine_tuning_get_fine_tuning_job,
        jobs_api_routes_fine_tuning_get_fine_tuning_jobs,
        jobs_api_routes_fine_tuning_start_fine_tuning_job,
    )

    return {
        "list_op": jobs_api_routes_fine_tuning_get_fine_tuning_jobs,
        "create_op": jobs_api_routes_fine_tuning_create_fine_tuning_job,
        "get_op": jobs_api_routes_fine_tuning_get_fine_tuning_job,
        "cancel_op": jobs_api_routes_fine_tuning_cancel_fine_tuning_job,
        "start_op": jobs_api_routes_fine_tuning_start_fine_tuning_job,
    }[name]


_OPERATIONS = frozenset({"list_op", "create_op", "get_op", "cancel_op", "start_op"})


def __getattr__(name: str) -> Any:
    if name in _OPERATIONS:
        value: Any = _operation(name)
    elif name in MODEL_NAMES:
        from ._generated import models

        value = getattr(models, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later lookups are plain module attributes
    return value


# Models and operations are listed so that type checkers see them; at run time __getattr__ loads them.
__all__ = [
    "MODEL_NAMES",
    "UNSET",
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
    "ErrorResponse",
    "EventOut",
    "EventOutData",
    "FTClassifierLossFunction",
    "FineTuneableModelType",
    "GithubRepositoryIn",
    "GithubRepositoryOut",
    "HTTPValidationError",
    "JobIn",
    "JobMetadataOut",
    "JobsOut",
    "LegacyJobMetadataOut",
    "MetricOut",
    "QueryParamStatus",
    "TrainingFile",
    "UnknownVariant",
    "Unset",
    "ValidationError",
    "WandbIntegration",
    "WandbIntegrationOut",
    "cancel_op",
    "create_op",
    "get_op",
    "list_op",
    "start_op",
]

# The generated models this seam offers: everything listed above but the seam's own names and the operations.
MODEL_NAMES: frozenset[str] = frozenset(__all__) - {"MODEL_NAMES", "UNSET", "UnknownVariant", "Unset", *_OPERATIONS}
