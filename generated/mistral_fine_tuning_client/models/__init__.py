"""Contains all the data models used in inputs/outputs (each module is imported on first use)"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checkpoint_out import CheckpointOut
    from .classifier_detailed_job_out import ClassifierDetailedJobOut
    from .classifier_detailed_job_out_status import ClassifierDetailedJobOutStatus
    from .classifier_job_out import ClassifierJobOut
    from .classifier_job_out_status import ClassifierJobOutStatus
    from .classifier_target_in import ClassifierTargetIn, ClassifierTargetInTypedDict
    from .classifier_target_out import ClassifierTargetOut
    from .classifier_training_parameters import ClassifierTrainingParameters
    from .classifier_training_parameters_in import (
        ClassifierTrainingParametersIn,
        ClassifierTrainingParametersInTypedDict,
    )
    from .completion_detailed_job_out import CompletionDetailedJobOut
    from .completion_detailed_job_out_status import CompletionDetailedJobOutStatus
    from .completion_job_out import CompletionJobOut
    from .completion_job_out_status import CompletionJobOutStatus
    from .completion_training_parameters import CompletionTrainingParameters
    from .completion_training_parameters_in import (
        CompletionTrainingParametersIn,
        CompletionTrainingParametersInTypedDict,
    )
    from .context import Context
    from .error_response import ErrorResponse
    from .event_out import EventOut
    from .event_out_data import EventOutData
    from .fine_tuneable_model_type import FineTuneableModelType
    from .ft_classifier_loss_function import FTClassifierLossFunction
    from .github_repository_in import GithubRepositoryIn, GithubRepositoryInTypedDict
    from .github_repository_out import GithubRepositoryOut
    from .http_validation_error_data import HTTPValidationErrorData
    from .job_in import JobIn, JobInTypedDict
    from .job_metadata_out import JobMetadataOut
    from .jobs_out import JobsOut
    from .legacy_job_metadata_out import LegacyJobMetadataOut
    from .metric_out import MetricOut
    from .query_param_status import QueryParamStatus
    from .training_file import TrainingFile, TrainingFileTypedDict
    from .validation_error import ValidationError
    from .wandb_integration import WandbIntegration, WandbIntegrationTypedDict
    from .wandb_integration_out import WandbIntegrationOut

_MODULES: dict[str, str] = {
    "CheckpointOut": ".checkpoint_out",
    "ClassifierDetailedJobOut": ".classifier_detailed_job_out",
    "ClassifierDetailedJobOutStatus": ".classifier_detailed_job_out_status",
    "ClassifierJobOut": ".classifier_job_out",
    "ClassifierJobOutStatus": ".classifier_job_out_status",
    "ClassifierTargetIn": ".classifier_target_in",
    "ClassifierTargetInTypedDict": ".classifier_target_in",
    "ClassifierTargetOut": ".classifier_target_out",
    "ClassifierTrainingParameters": ".classifier_training_parameters",
    "ClassifierTrainingParametersIn": ".classifier_training_parameters_in",
    "ClassifierTrainingParametersInTypedDict": ".classifier_training_parameters_in",
    "CompletionDetailedJobOut": ".completion_detailed_job_out",
    "CompletionDetailedJobOutStatus": ".completion_detailed_job_out_status",
    "CompletionJobOut": ".completion_job_out",
    "CompletionJobOutStatus": ".completion_job_out_status",
    "CompletionTrainingParameters": ".completion_training_parameters",
    "CompletionTrainingParametersIn": ".completion_training_parameters_in",
    "CompletionTrainingParametersInTypedDict": ".completion_training_parameters_in",
    "Context": ".context",
    "ErrorResponse": ".error_response",
    "EventOut": ".event_out",
    "EventOutData": ".event_out_data",
    "FineTuneableModelType": ".fine_tuneable_model_type",
    "FTClassifierLossFunction": ".ft_classifier_loss_function",
    "GithubRepositoryIn": ".github_repository_in",
    "GithubRepositoryInTypedDict": ".github_repository_in",
    "GithubRepositoryOut": ".github_repository_out",
    "HTTPValidationErrorData": ".http_validation_error_data",
    "JobIn": ".job_in",
    "JobInTypedDict": ".job_in",
    "JobMetadataOut": ".job_metadata_out",
    "JobsOut": ".jobs_out",
    "LegacyJobMetadataOut": ".legacy_job_metadata_out",
    "MetricOut": ".metric_out",
    "QueryParamStatus": ".query_param_status",
    "TrainingFile": ".training_file",
    "TrainingFileTypedDict": ".training_file",
    "ValidationError": ".validation_error",
    "WandbIntegration": ".wandb_integration",
    "WandbIntegrationTypedDict": ".wandb_integration",
    "WandbIntegrationOut": ".wandb_integration_out",
}


if not TYPE_CHECKING:  # a module __getattr__ would let type checkers accept any name

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
    "CheckpointOut",
    "ClassifierDetailedJobOut",
    "ClassifierDetailedJobOutStatus",
    "ClassifierJobOut",
    "ClassifierJobOutStatus",
    "ClassifierTargetIn",
    "ClassifierTargetInTypedDict",
    "ClassifierTargetOut",
    "ClassifierTrainingParameters",
    "ClassifierTrainingParametersIn",
    "ClassifierTrainingParametersInTypedDict",
    "CompletionDetailedJobOut",
    "CompletionDetailedJobOutStatus",
    "CompletionJobOut",
    "CompletionJobOutStatus",
    "CompletionTrainingParameters",
    "CompletionTrainingParametersIn",
    "CompletionTrainingParametersInTypedDict",
    "Context",
    "ErrorResponse",
    "EventOut",
    "EventOutData",
    "FineTuneableModelType",
    "FTClassifierLossFunction",
    "GithubRepositoryIn",
    "GithubRepositoryInTypedDict",
    "GithubRepositoryOut",
    "HTTPValidationErrorData",
    "JobIn",
    "JobInTypedDict",
    "JobMetadataOut",
    "JobsOut",
    "LegacyJobMetadataOut",
    "MetricOut",
    "QueryParamStatus",
    "TrainingFile",
    "TrainingFileTypedDict",
    "ValidationError",
    "WandbIntegration",
    "WandbIntegrationTypedDict",
    "WandbIntegrationOut",
)
