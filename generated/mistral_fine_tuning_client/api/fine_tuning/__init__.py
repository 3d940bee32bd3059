"""The operations tagged `fine_tuning`, one module each, as the facade offers them"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, TypedDict

from ...types import Operation, Parameter

if TYPE_CHECKING:  # what the annotations below may name (a tag's operations may not need them all)
    import datetime  # noqa: F401
    from collections.abc import Sequence  # noqa: F401
    from typing import Literal, Required  # noqa: F401

    from ...models.classifier_target_in import (
        ClassifierTargetIn,
        ClassifierTargetInTypedDict,
    )
    from ...models.classifier_target_out import ClassifierTargetOut
    from ...models.classifier_training_parameters import ClassifierTrainingParameters
    from ...models.classifier_training_parameters_in import (
        ClassifierTrainingParametersIn,
        ClassifierTrainingParametersInTypedDict,
    )
    from ...models.completion_training_parameters import CompletionTrainingParameters
    from ...models.completion_training_parameters_in import (
        CompletionTrainingParametersIn,
        CompletionTrainingParametersInTypedDict,
    )
    from ...models.fine_tuneable_model_type import FineTuneableModelType
    from ...models.github_repository_in import (
        GithubRepositoryIn,
        GithubRepositoryInTypedDict,
    )
    from ...models.query_param_status import QueryParamStatus
    from ...models.training_file import TrainingFile, TrainingFileTypedDict
    from ...models.wandb_integration import WandbIntegration, WandbIntegrationTypedDict


# (module, HTTP method, path template) for every operation of this tag, in the spec's order.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("jobs_api_routes_fine_tuning_get_fine_tuning_jobs", "GET", "/v1/fine_tuning/jobs"),
    ("jobs_api_routes_fine_tuning_create_fine_tuning_job", "POST", "/v1/fine_tuning/jobs"),
    ("jobs_api_routes_fine_tuning_get_fine_tuning_job", "GET", "/v1/fine_tuning/jobs/{job_id}"),
    ("jobs_api_routes_fine_tuning_cancel_fine_tuning_job", "POST", "/v1/fine_tuning/jobs/{job_id}/cancel"),
    ("jobs_api_routes_fine_tuning_start_fine_tuning_job", "POST", "/v1/fine_tuning/jobs/{job_id}/start"),
)

if TYPE_CHECKING:  # for type checkers only: at run time OPERATIONS describes the same arguments

    class JobsApiRoutesFineTuningGetFineTuningJobsArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/fine_tuning/jobs`."""

        page: int
        page_size: int
        model: str | None
        created_after: datetime.datetime | str | None
        created_before: datetime.datetime | str | None
        created_by_me: bool
        status: (
            QueryParamStatus
            | Literal[
                "QUEUED",
                "STARTED",
                "VALIDATING",
                "VALIDATED",
                "RUNNING",
                "FAILED_VALIDATION",
                "FAILED",
                "SUCCESS",
                "CANCELLED",
                "CANCELLATION_REQUESTED",
            ]
            | None
        )
        wandb_project: str | None
        wandb_name: str | None
        suffix: str | None

    class JobsApiRoutesFineTuningCreateFineTuningJobBodyArguments(TypedDict, total=False):
        """The fields of the body of `POST /v1/fine_tuning/jobs` (JobIn), as keyword arguments."""

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

    class JobsApiRoutesFineTuningCreateFineTuningJobArguments(
        JobsApiRoutesFineTuningCreateFineTuningJobBodyArguments, total=False
    ):
        """The keyword arguments of `POST /v1/fine_tuning/jobs`: its parameters, and the body's fields."""

        dry_run: bool | None

    class JobsApiRoutesFineTuningGetFineTuningJobArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/fine_tuning/jobs/{job_id}`."""

        job_id: Required[str]

    class JobsApiRoutesFineTuningCancelFineTuningJobArguments(TypedDict, total=False):
        """The keyword arguments of `POST /v1/fine_tuning/jobs/{job_id}/cancel`."""

        job_id: Required[str]

    class JobsApiRoutesFineTuningStartFineTuningJobArguments(TypedDict, total=False):
        """The keyword arguments of `POST /v1/fine_tuning/jobs/{job_id}/start`."""

        job_id: Required[str]


# Each operation's keyword arguments at run time: name, where it goes, the generated code's name for it, whether it
# is required, the types it accepts (as text) and its default.
OPERATIONS: dict[str, Operation] = {
    "jobs_api_routes_fine_tuning_get_fine_tuning_jobs": Operation(
        "jobs_api_routes_fine_tuning_get_fine_tuning_jobs",
        "GET",
        "/v1/fine_tuning/jobs",
        (
            Parameter("page", "query", attribute="page", required=False, annotation="int", default=0),
            Parameter("page_size", "query", attribute="page_size", required=False, annotation="int", default=100),
            Parameter("model", "query", attribute="model", required=False, annotation="str | None"),
            Parameter(
                "created_after",
                "query",
                attribute="created_after",
                required=False,
                annotation="datetime.datetime | str | None",
            ),
            Parameter(
                "created_before",
                "query",
                attribute="created_before",
                required=False,
                annotation="datetime.datetime | str | None",
            ),
            Parameter(
                "created_by_me", "query", attribute="created_by_me", required=False, annotation="bool", default=False
            ),
            Parameter(
                "status",
                "query",
                attribute="status",
                required=False,
                annotation='QueryParamStatus | Literal["QUEUED", "STARTED", "VALIDATING", "VALIDATED", "RUNNING", "FAILED_VALIDATION", "FAILED", "SUCCESS", "CANCELLED", "CANCELLATION_REQUESTED"] | None',
            ),
            Parameter("wandb_project", "query", attribute="wandb_project", required=False, annotation="str | None"),
            Parameter("wandb_name", "query", attribute="wandb_name", required=False, annotation="str | None"),
            Parameter("suffix", "query", attribute="suffix", required=False, annotation="str | None"),
        ),
    ),
    "jobs_api_routes_fine_tuning_create_fine_tuning_job": Operation(
        "jobs_api_routes_fine_tuning_create_fine_tuning_job",
        "POST",
        "/v1/fine_tuning/jobs",
        (
            Parameter("model", "body", attribute="model", required=True, annotation="str"),
            Parameter(
                "hyperparameters",
                "body",
                attribute="hyperparameters",
                required=True,
                annotation="CompletionTrainingParametersIn | CompletionTrainingParametersInTypedDict | CompletionTrainingParameters | ClassifierTrainingParametersIn | ClassifierTrainingParametersInTypedDict | ClassifierTrainingParameters",
            ),
            Parameter(
                "training_files",
                "body",
                attribute="training_files",
                required=False,
                annotation="Sequence[TrainingFile | TrainingFileTypedDict | str]",
            ),
            Parameter(
                "validation_files",
                "body",
                attribute="validation_files",
                required=False,
                annotation="Sequence[str] | None",
            ),
            Parameter("suffix", "body", attribute="suffix", required=False, annotation="str | None"),
            Parameter(
                "integrations",
                "body",
                attribute="integrations",
                required=False,
                annotation="Sequence[WandbIntegration | WandbIntegrationTypedDict] | None",
            ),
            Parameter("auto_start", "body", attribute="auto_start", required=False, annotation="bool"),
            Parameter(
                "invalid_sample_skip_percentage",
                "body",
                attribute="invalid_sample_skip_percentage",
                required=False,
                annotation="float",
            ),
            Parameter(
                "job_type",
                "body",
                attribute="job_type",
                required=False,
                annotation='FineTuneableModelType | Literal["completion", "classifier"] | None',
            ),
            Parameter(
                "repositories",
                "body",
                attribute="repositories",
                required=False,
                annotation="Sequence[GithubRepositoryIn | GithubRepositoryInTypedDict] | None",
            ),
            Parameter(
                "classifier_targets",
                "body",
                attribute="classifier_targets",
                required=False,
                annotation="Sequence[ClassifierTargetIn | ClassifierTargetInTypedDict | ClassifierTargetOut] | None",
            ),
            Parameter("dry_run", "query", attribute="dry_run", required=False, annotation="bool | None"),
        ),
        body="JobIn",
    ),
    "jobs_api_routes_fine_tuning_get_fine_tuning_job": Operation(
        "jobs_api_routes_fine_tuning_get_fine_tuning_job",
        "GET",
        "/v1/fine_tuning/jobs/{job_id}",
        (Parameter("job_id", "path", attribute="job_id", required=True, annotation="str"),),
    ),
    "jobs_api_routes_fine_tuning_cancel_fine_tuning_job": Operation(
        "jobs_api_routes_fine_tuning_cancel_fine_tuning_job",
        "POST",
        "/v1/fine_tuning/jobs/{job_id}/cancel",
        (Parameter("job_id", "path", attribute="job_id", required=True, annotation="str"),),
    ),
    "jobs_api_routes_fine_tuning_start_fine_tuning_job": Operation(
        "jobs_api_routes_fine_tuning_start_fine_tuning_job",
        "POST",
        "/v1/fine_tuning/jobs/{job_id}/start",
        (Parameter("job_id", "path", attribute="job_id", required=True, annotation="str"),),
    ),
}


def load(module: str) -> ModuleType:
    """The module of one of these operations, imported on first use (it loads the models it needs)."""
    if module == "jobs_api_routes_fine_tuning_get_fine_tuning_jobs":
        from . import jobs_api_routes_fine_tuning_get_fine_tuning_jobs

        return jobs_api_routes_fine_tuning_get_fine_tuning_jobs
    if module == "jobs_api_routes_fine_tuning_create_fine_tuning_job":
        from . import jobs_api_routes_fine_tuning_create_fine_tuning_job

        return jobs_api_routes_fine_tuning_create_fine_tuning_job
    if module == "jobs_api_routes_fine_tuning_get_fine_tuning_job":
        from . import jobs_api_routes_fine_tuning_get_fine_tuning_job

        return jobs_api_routes_fine_tuning_get_fine_tuning_job
    if module == "jobs_api_routes_fine_tuning_cancel_fine_tuning_job":
        from . import jobs_api_routes_fine_tuning_cancel_fine_tuning_job

        return jobs_api_routes_fine_tuning_cancel_fine_tuning_job
    if module == "jobs_api_routes_fine_tuning_start_fine_tuning_job":
        from . import jobs_api_routes_fine_tuning_start_fine_tuning_job

        return jobs_api_routes_fine_tuning_start_fine_tuning_job
    raise KeyError(f"no operation module {module!r}")


__all__ = ["OPERATIONS", "ROUTES", "load"]
