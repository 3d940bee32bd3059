"""Contains all the data models used in inputs/outputs (each module is imported on first use)"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .archive_ft_model_out import ArchiveFTModelOut
    from .base_model_card import BaseModelCard
    from .checkpoint_out import CheckpointOut
    from .classifier_detailed_job_out import ClassifierDetailedJobOut
    from .classifier_detailed_job_out_status import ClassifierDetailedJobOutStatus
    from .classifier_ft_model_out import ClassifierFTModelOut
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
    from .completion_ft_model_out import CompletionFTModelOut
    from .completion_job_out import CompletionJobOut
    from .completion_job_out_status import CompletionJobOutStatus
    from .completion_training_parameters import CompletionTrainingParameters
    from .completion_training_parameters_in import (
        CompletionTrainingParametersIn,
        CompletionTrainingParametersInTypedDict,
    )
    from .context import Context
    from .delete_file_out import DeleteFileOut
    from .delete_model_out import DeleteModelOut
    from .error_response import ErrorResponse
    from .event_out import EventOut
    from .event_out_data import EventOutData
    from .file_purpose import FilePurpose
    from .file_schema import FileSchema
    from .file_signed_url import FileSignedURL
    from .file_visibility import FileVisibility
    from .fine_tuneable_model_type import FineTuneableModelType
    from .ft_classifier_loss_function import FTClassifierLossFunction
    from .ft_model_capabilities_out import FTModelCapabilitiesOut
    from .ft_model_card import FTModelCard
    from .github_repository_in import GithubRepositoryIn, GithubRepositoryInTypedDict
    from .github_repository_out import GithubRepositoryOut
    from .http_validation_error_data import HTTPValidationErrorData
    from .job_in import JobIn, JobInTypedDict
    from .job_metadata_out import JobMetadataOut
    from .jobs_out import JobsOut
    from .legacy_job_metadata_out import LegacyJobMetadataOut
    from .list_files_out import ListFilesOut
    from .metric_out import MetricOut
    from .model_capabilities import ModelCapabilities
    from .multi_part_body_params import (
        MultiPartBodyParams,
        MultiPartBodyParamsTypedDict,
    )
    from .query_param_status import QueryParamStatus
    from .retrieve_file_out import RetrieveFileOut
    from .sample_type import SampleType
    from .source import Source
    from .training_file import TrainingFile, TrainingFileTypedDict
    from .unarchive_ft_model_out import UnarchiveFTModelOut
    from .update_ft_model_in import UpdateFTModelIn, UpdateFTModelInTypedDict
    from .upload_file_out import UploadFileOut
    from .validation_error import ValidationError
    from .wandb_integration import WandbIntegration, WandbIntegrationTypedDict
    from .wandb_integration_out import WandbIntegrationOut

_MODULES: dict[str, str] = {
    "ArchiveFTModelOut": ".archive_ft_model_out",
    "BaseModelCard": ".base_model_card",
    "CheckpointOut": ".checkpoint_out",
    "ClassifierDetailedJobOut": ".classifier_detailed_job_out",
    "ClassifierDetailedJobOutStatus": ".classifier_detailed_job_out_status",
    "ClassifierFTModelOut": ".classifier_ft_model_out",
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
    "CompletionFTModelOut": ".completion_ft_model_out",
    "CompletionJobOut": ".completion_job_out",
    "CompletionJobOutStatus": ".completion_job_out_status",
    "CompletionTrainingParameters": ".completion_training_parameters",
    "CompletionTrainingParametersIn": ".completion_training_parameters_in",
    "CompletionTrainingParametersInTypedDict": ".completion_training_parameters_in",
    "Context": ".context",
    "DeleteFileOut": ".delete_file_out",
    "DeleteModelOut": ".delete_model_out",
    "ErrorResponse": ".error_response",
    "EventOut": ".event_out",
    "EventOutData": ".event_out_data",
    "FilePurpose": ".file_purpose",
    "FileSchema": ".file_schema",
    "FileSignedURL": ".file_signed_url",
    "FileVisibility": ".file_visibility",
    "FineTuneableModelType": ".fine_tuneable_model_type",
    "FTClassifierLossFunction": ".ft_classifier_loss_function",
    "FTModelCapabilitiesOut": ".ft_model_capabilities_out",
    "FTModelCard": ".ft_model_card",
    "GithubRepositoryIn": ".github_repository_in",
    "GithubRepositoryInTypedDict": ".github_repository_in",
    "GithubRepositoryOut": ".github_repository_out",
    "HTTPValidationErrorData": ".http_validation_error_data",
    "JobIn": ".job_in",
    "JobInTypedDict": ".job_in",
    "JobMetadataOut": ".job_metadata_out",
    "JobsOut": ".jobs_out",
    "LegacyJobMetadataOut": ".legacy_job_metadata_out",
    "ListFilesOut": ".list_files_out",
    "MetricOut": ".metric_out",
    "ModelCapabilities": ".model_capabilities",
    "MultiPartBodyParams": ".multi_part_body_params",
    "MultiPartBodyParamsTypedDict": ".multi_part_body_params",
    "QueryParamStatus": ".query_param_status",
    "RetrieveFileOut": ".retrieve_file_out",
    "SampleType": ".sample_type",
    "Source": ".source",
    "TrainingFile": ".training_file",
    "TrainingFileTypedDict": ".training_file",
    "UnarchiveFTModelOut": ".unarchive_ft_model_out",
    "UpdateFTModelIn": ".update_ft_model_in",
    "UpdateFTModelInTypedDict": ".update_ft_model_in",
    "UploadFileOut": ".upload_file_out",
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
    "ArchiveFTModelOut",
    "BaseModelCard",
    "CheckpointOut",
    "ClassifierDetailedJobOut",
    "ClassifierDetailedJobOutStatus",
    "ClassifierFTModelOut",
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
    "CompletionFTModelOut",
    "CompletionJobOut",
    "CompletionJobOutStatus",
    "CompletionTrainingParameters",
    "CompletionTrainingParametersIn",
    "CompletionTrainingParametersInTypedDict",
    "Context",
    "DeleteFileOut",
    "DeleteModelOut",
    "ErrorResponse",
    "EventOut",
    "EventOutData",
    "FilePurpose",
    "FileSchema",
    "FileSignedURL",
    "FileVisibility",
    "FineTuneableModelType",
    "FTClassifierLossFunction",
    "FTModelCapabilitiesOut",
    "FTModelCard",
    "GithubRepositoryIn",
    "GithubRepositoryInTypedDict",
    "GithubRepositoryOut",
    "HTTPValidationErrorData",
    "JobIn",
    "JobInTypedDict",
    "JobMetadataOut",
    "JobsOut",
    "LegacyJobMetadataOut",
    "ListFilesOut",
    "MetricOut",
    "ModelCapabilities",
    "MultiPartBodyParams",
    "MultiPartBodyParamsTypedDict",
    "QueryParamStatus",
    "RetrieveFileOut",
    "SampleType",
    "Source",
    "TrainingFile",
    "TrainingFileTypedDict",
    "UnarchiveFTModelOut",
    "UpdateFTModelIn",
    "UpdateFTModelInTypedDict",
    "UploadFileOut",
    "ValidationError",
    "WandbIntegration",
    "WandbIntegrationTypedDict",
    "WandbIntegrationOut",
)
