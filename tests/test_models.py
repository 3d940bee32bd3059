"""The generated models: JSON round trips, typed attributes, forward compatibility, null tolerance and secrets.

The payloads are what Mistral's API sends (or accepts), with every field present; each one is first checked against
the schema that ``openapi.yaml`` declares for it, so the round trips run on valid JSON. Which fields are required,
nullable, lists or consts, and which statuses exist, is read from ``openapi.yaml``, never copied here: a field or a
status added to the spec changes what these tests check, not whether they pass. Values the client must not know
are obviously made up (``SYNTHETIC_...``), so that Mistral can never send them.
"""

from __future__ import annotations

import copy
import functools
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from mistral_fine_tuning._generated import models
from mistral_fine_tuning._generated.models import (
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
    HTTPValidationErrorData,
    JobIn,
    JobMetadataOut,
    JobsOut,
    LegacyJobMetadataOut,
    MetricOut,
    TrainingFile,
    ValidationError,
    WandbIntegration,
    WandbIntegrationOut,
)
from mistral_fine_tuning._generated.types import UNSET, InvalidField, UnknownVariant
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
SPEC_URI = "urn:test-models:openapi"
UNKNOWN_STATUS = "SYNTHETIC_UNKNOWN_STATUS"
UNKNOWN_JOB_TYPE = "synthetic_unknown_job_type"
UNKNOWN_KIND = "synthetic_unknown_kind"  # an integration or repository type
UNKNOWN_LOSS = "synthetic_unknown_loss"

JOB_ID = "b888f774-3e7c-4135-a18c-6b985523c4bc"
JOB_ID_2 = "0f713502-9233-41c6-9ebd-c570b7edb496"
FILE_A = "11111111-1111-4111-8111-111111111111"
FILE_B = "22222222-2222-4222-8222-222222222222"
WANDB_KEY = "wk-" + "0123456789abcdef" * 2 + "0123x"  # 40 characters
GITHUB_TOKEN = "ghp_SECRETtoken0123456789"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
assert len(WANDB_KEY) == 40
assert len(COMMIT) == 40

# --- payloads with every field ---------------------------------------------------------------------------------------

METADATA: dict[str, Any] = {
    "expected_duration_seconds": 220,
    "cost": 10.5,
    "cost_currency": "EUR",
    "train_tokens_per_step": 131072,
    "train_tokens": 1310720,
    "data_tokens": 305375,
    "estimated_start_time": None,
}
COMPLETION_HYPERPARAMETERS: dict[str, Any] = {
    "training_steps": 10,
    "learning_rate": 0.0001,
    "weight_decay": 0.1,
    "warmup_fraction": 0.05,
    "epochs": None,
    "seq_len": 16384,
    "fim_ratio": 0.9,
}
CLASSIFIER_HYPERPARAMETERS: dict[str, Any] = {
    "training_steps": None,
    "learning_rate": 0.0002,
    "weight_decay": None,
    "warmup_fraction": 0.1,
    "epochs": 2.5,
    "seq_len": None,
}
INTEGRATIONS_OUT: list[dict[str, Any]] = [
    {
        "type": "wandb",
        "project": "ft-runs",
        "name": "nightly",
        "run_name": None,
        "url": "https://wandb.ai/org/ft-runs/r1",
    },
    {"type": "wandb", "project": "ft-other", "name": None, "run_name": "run-2", "url": None},
]
REPOSITORIES_OUT: list[dict[str, Any]] = [
    {"type": "github", "name": "docs", "owner": "acme", "ref": "main", "weight": 1.0, "commit_id": COMMIT},
    {"type": "github", "name": "code", "owner": "acme", "ref": None, "weight": 0.5, "commit_id": COMMIT[::-1]},
]
COMPLETION_JOB: dict[str, Any] = {
    "id": JOB_ID,
    "auto_start": True,
    "model": "open-mistral-7b",
    "status": "RUNNING",
    "created_at": 1716963433,
    "modified_at": 1716963500,
    "training_files": [FILE_A, FILE_B],
    "validation_files": [FILE_B],
    "object": "job",
    "fine_tuned_model": None,
    "suffix": "my-great-model",
    "integrations": INTEGRATIONS_OUT,
    "trained_tokens": 655360,
    "metadata": METADATA,
    "job_type": "completion",
    "hyperparameters": COMPLETION_HYPERPARAMETERS,
    "repositories": REPOSITORIES_OUT,
}
CLASSIFIER_JOB: dict[str, Any] = {
    "id": JOB_ID_2,
    "auto_start": False,
    "model": "ministral-3b-latest",
    "status": "SUCCESS",
    "created_at": 1716000000,
    "modified_at": 1716009999,
    "training_files": [FILE_A],
    "validation_files": None,
    "object": "job",
    "fine_tuned_model": "ft:classifier:ministral-3b-latest:abc:20240601:1a2b3c4d",
    "suffix": None,
    "integrations": None,
    "trained_tokens": None,
    "metadata": None,
    "job_type": "classifier",
    "hyperparameters": CLASSIFIER_HYPERPARAMETERS,
}
EVENTS: list[dict[str, Any]] = [
    {
        "name": "status-updated",
        "data": {"status": "RUNNING", "extra": {"nested": [1, 2.5, None]}},
        "created_at": 1716963500,
    },
    {"name": "status-updated", "data": None, "created_at": 1716963433},
    {"name": "created", "data": {}, "created_at": 1716963400},
]
CHECKPOINTS: list[dict[str, Any]] = [
    {
        "metrics": {"train_loss": 1.25, "valid_loss": 1.5, "valid_mean_token_accuracy": 0.75},
        "step_number": 10,
        "created_at": 1716963490,
    },
    {
        "metrics": {"train_loss": 2.0, "valid_loss": None, "valid_mean_token_accuracy": None},
        "step_number": 5,
        "created_at": 1716963470,
    },
]
CLASSIFIER_TARGETS: list[dict[str, Any]] = [
    {
        "name": "sentiment",
        "labels": ["positive", "negative", "neutral"],
        "weight": 1.0,
        "loss_function": "single_class",
    },
    {"name": "topics", "labels": ["sports", "politics"], "weight": 0.5, "loss_function": "multi_class"},
]
COMPLETION_DETAILED: dict[str, Any] = {**COMPLETION_JOB, "events": EVENTS, "checkpoints": CHECKPOINTS}
CLASSIFIER_DETAILED: dict[str, Any] = {
    **CLASSIFIER_JOB,
    "events": EVENTS[1:],
    "checkpoints": CHECKPOINTS[:1],
    "classifier_targets": CLASSIFIER_TARGETS,
}
LEGACY_METADATA: dict[str, Any] = {
    **METADATA,
    "estimated_start_time": 1716970000,
    "deprecated": True,
    "details": "",
    "epochs": 4.2922,
    "training_steps": 10,
    "object": "job.metadata",
}
JOBS_PAGE: dict[str, Any] = {"data": [COMPLETION_JOB, CLASSIFIER_JOB], "object": "list", "total": 42}
JOB_IN: dict[str, Any] = {
    "model": "open-mistral-7b",
    "training_files": [{"file_id": FILE_A, "weight": 1.0}, {"file_id": FILE_B, "weight": 0.25}],
    "validation_files": [FILE_B],
    "suffix": "my-great-model",
    "integrations": [{"type": "wandb", "project": "ft", "name": None, "api_key": WANDB_KEY, "run_name": "r"}],
    "auto_start": False,
    "invalid_sample_skip_percentage": 0.1,
    "job_type": "completion",
    "hyperparameters": COMPLETION_HYPERPARAMETERS,
    "repositories": [
        {"type": "github", "name": "docs", "owner": "acme", "ref": None, "weight": 2.0, "token": GITHUB_TOKEN}
    ],
    "classifier_targets": None,
}
JOB_IN_CLASSIFIER: dict[str, Any] = {
    "model": "ministral-3b-latest",
    "training_files": [],
    "validation_files": None,
    "suffix": None,
    "integrations": None,
    "auto_start": True,
    "invalid_sample_skip_percentage": 0,
    "job_type": "classifier",
    "hyperparameters": CLASSIFIER_HYPERPARAMETERS,
    "repositories": None,
    "classifier_targets": [
        {"name": "sentiment", "labels": ["positive", "negative"], "weight": 1.0, "loss_function": None},
        {"name": "topics", "labels": ["a"], "weight": 0, "loss_function": "multi_class"},
    ],
}

VALIDATION_ERROR: dict[str, Any] = {
    "detail": [
        {
            "loc": ["body", "hyperparameters", "learning_rate"],
            "msg": "Input should be less than or equal to 1",
            "type": "less_than_equal",
            "input": 5,
            "ctx": {"le": 1.0},
        },
        {"loc": ["query", 0], "msg": "bad", "type": "value_error"},
    ]
}

# (model class, schema name, payload): every payload above, with the class that parses it.
ROUND_TRIPS: list[tuple[type[Any], str, dict[str, Any]]] = [
    (CompletionJobOut, "CompletionJobOut", COMPLETION_JOB),
    (ClassifierJobOut, "ClassifierJobOut", CLASSIFIER_JOB),
    (CompletionDetailedJobOut, "CompletionDetailedJobOut", COMPLETION_DETAILED),
    (ClassifierDetailedJobOut, "ClassifierDetailedJobOut", CLASSIFIER_DETAILED),
    (LegacyJobMetadataOut, "LegacyJobMetadataOut", LEGACY_METADATA),
    (JobsOut, "JobsOut", JOBS_PAGE),
    (JobsOut, "JobsOut", {"data": [], "object": "list", "total": 0}),
    (JobIn, "JobIn", JOB_IN),
    (JobIn, "JobIn", JOB_IN_CLASSIFIER),
    (JobMetadataOut, "JobMetadataOut", METADATA),
    (EventOut, "EventOut", EVENTS[0]),
    (CheckpointOut, "CheckpointOut", CHECKPOINTS[0]),
    (MetricOut, "MetricOut", CHECKPOINTS[1]["metrics"]),
    (ClassifierTargetOut, "ClassifierTargetOut", CLASSIFIER_TARGETS[0]),
    (WandbIntegrationOut, "WandbIntegrationOut", INTEGRATIONS_OUT[0]),
    (GithubRepositoryOut, "GithubRepositoryOut", REPOSITORIES_OUT[1]),
    (CompletionTrainingParameters, "CompletionTrainingParameters", COMPLETION_HYPERPARAMETERS),
    (ClassifierTrainingParameters, "ClassifierTrainingParameters", CLASSIFIER_HYPERPARAMETERS),
    (HTTPValidationErrorData, "HTTPValidationError", VALIDATION_ERROR),
    (HTTPValidationErrorData, "HTTPValidationError", {"detail": "Not Found"}),
    (
        ErrorResponse,
        "ErrorResponse",
        {
            "detail": {"reason": "x"},
            "message": None,
            "object": "error",
            "type": "invalid",
            "code": 3,
            "request_id": "r",
        },
    ),
]
ROUND_TRIP_IDS = [f"{schema}-{index}" for index, (_, schema, _) in enumerate(ROUND_TRIPS)]

# The job models and the payload with every field for each.
JOB_MODELS: list[tuple[type[Any], dict[str, Any]]] = [
    (CompletionJobOut, COMPLETION_JOB),
    (ClassifierJobOut, CLASSIFIER_JOB),
    (CompletionDetailedJobOut, COMPLETION_DETAILED),
    (ClassifierDetailedJobOut, CLASSIFIER_DETAILED),
]
JOB_MODEL_IDS = [cls.__name__ for cls, _ in JOB_MODELS]


# --- helpers -------------------------------------------------------------------------------------------------------


@functools.cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def schema_of(name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec()["components"]["schemas"][name]
    return found


def required_of(name: str) -> list[str]:
    """The fields `openapi.yaml` makes required in the schema `name`."""
    return sorted(schema_of(name).get("required", []))


def branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = node.get("anyOf", [node])
    return found


def nullable_fields(name: str) -> list[str]:
    """The fields of `name` that may be null (an `anyOf` with a null branch)."""
    return sorted(field for field, node in schema_of(name)["properties"].items() if {"type": "null"} in branches(node))


def list_fields(name: str, *, nullable: bool | None = None) -> list[str]:
    """The array fields of `name` (only the nullable ones, or only the others, when asked)."""
    return sorted(
        field
        for field, node in schema_of(name)["properties"].items()
        if any(branch.get("type") == "array" for branch in branches(node))
        and (nullable is None or (field in nullable_fields(name)) == nullable)
    )


def consts_of(name: str) -> dict[str, Any]:
    """The const fields of `name` and their values."""
    return {field: node["const"] for field, node in schema_of(name)["properties"].items() if "const" in node}


def job_statuses() -> list[str]:
    """The job statuses `openapi.yaml` declares (one list, shared by every job schema)."""
    found: list[str] = schema_of("CompletionJobOut")["properties"]["status"]["enum"]
    return found


def model_class(schema: str) -> type[Any]:
    """The generated class of a schema: its own name, or the one generator-config.yaml gives it."""
    config = yaml.safe_load((ROOT / "generator-config.yaml").read_text())
    override = config.get("class_overrides", {}).get(schema, {}).get("class_name", schema)
    cls: type[Any] = getattr(models, override)
    return cls


@functools.cache
def validator(schema: str) -> Draft202012Validator:
    resource: Resource[Any] = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/{schema}"}, registry=registry)


def assert_same_json(actual: Any, expected: Any, where: str = "$") -> None:
    """Equal as JSON, and with the same Python type at every leaf (no enum member, no 1 for 1.0, no tuple)."""
    assert type(actual) is type(expected), f"{where}: {type(actual).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert set(actual) == set(expected), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            assert_same_json(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{where}: length"
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            assert_same_json(left, right, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def round_trip(cls: type[Any], payload: dict[str, Any]) -> Any:
    """Parse `payload`, check that to_dict gives it back exactly and that neither step touched it."""
    snapshot = copy.deepcopy(payload)
    parsed = cls.from_dict(payload)
    assert payload == snapshot, "from_dict changed its input"
    emitted = parsed.to_dict()
    assert_same_json(emitted, snapshot)
    assert json.loads(json.dumps(emitted)) == snapshot
    assert payload == snapshot, "to_dict changed the input"
    return parsed


def without(payload: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key not in keys}


# --- round trips ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "schema", "payload"), ROUND_TRIPS, ids=ROUND_TRIP_IDS)
def test_payload_is_valid_against_the_spec(cls: type[Any], schema: str, payload: dict[str, Any]) -> None:
    del cls
    validator(schema).validate(payload)


@pytest.mark.parametrize(("cls", "schema", "payload"), ROUND_TRIPS, ids=ROUND_TRIP_IDS)
def test_round_trip(cls: type[Any], schema: str, payload: dict[str, Any]) -> None:
    parsed = round_trip(cls, payload)
    assert type(parsed) is cls
    assert parsed.additional_properties == {}
    assert cls.from_dict(parsed.to_dict()) == parsed


# Every object schema of the spec that has fields.
OBJECT_SCHEMAS = sorted(name for name, schema in spec()["components"]["schemas"].items() if schema.get("properties"))


@pytest.mark.parametrize("schema", OBJECT_SCHEMAS)
def test_known_fields_match_the_spec(schema: str) -> None:
    known: frozenset[str] = model_class(schema).JSON_FIELDS
    assert known == frozenset(schema_of(schema)["properties"])


def test_json_fields() -> None:
    # JSON names, not Python attribute names.
    assert "object" in CompletionJobOut.JSON_FIELDS
    assert "object_" not in CompletionJobOut.JSON_FIELDS
    assert "type" in WandbIntegration.JSON_FIELDS
    # A class attribute, not a field: never sent.
    job = CompletionJobOut.from_dict(COMPLETION_JOB)
    assert "JSON_FIELDS" not in job.to_dict()
    assert set(job.to_dict()) == set(COMPLETION_JOB)


# --- typed attributes ----------------------------------------------------------------------------------------------


def test_completion_job_attributes() -> None:
    job = CompletionJobOut.from_dict(COMPLETION_JOB)
    assert type(job.id) is str
    assert job.id == JOB_ID
    assert job.auto_start is True
    assert job.model == "open-mistral-7b"
    assert job.status is CompletionJobOutStatus.RUNNING
    assert (job.created_at, job.modified_at) == (1716963433, 1716963500)
    assert job.training_files == [FILE_A, FILE_B]
    assert job.validation_files == [FILE_B]
    assert job.object_ == "job"
    assert job.fine_tuned_model is None
    assert job.suffix == "my-great-model"
    assert job.trained_tokens == 655360
    assert job.job_type == "completion"

    hyperparameters = job.hyperparameters
    assert isinstance(hyperparameters, CompletionTrainingParameters)
    assert hyperparameters.training_steps == 10
    assert hyperparameters.learning_rate == 0.0001
    assert hyperparameters.epochs is None
    assert hyperparameters.fim_ratio == 0.9

    assert isinstance(job.integrations, list)
    assert [type(item) for item in job.integrations] == [WandbIntegrationOut, WandbIntegrationOut]
    assert job.integrations[0].project == "ft-runs"
    assert job.integrations[0].url == "https://wandb.ai/org/ft-runs/r1"
    assert job.integrations[1].name is None
    assert job.integrations[0].type_ == "wandb"

    assert isinstance(job.metadata, JobMetadataOut)
    assert job.metadata.cost == 10.5
    assert job.metadata.cost_currency == "EUR"
    assert job.metadata.estimated_start_time is None

    assert isinstance(job.repositories, list)
    assert all(isinstance(item, GithubRepositoryOut) for item in job.repositories)
    assert job.repositories[0].commit_id == COMMIT
    assert job.repositories[1].ref is None
    assert job.repositories[1].weight == 0.5


def test_classifier_detailed_job_attributes() -> None:
    job = ClassifierDetailedJobOut.from_dict(CLASSIFIER_DETAILED)
    assert job.status is ClassifierDetailedJobOutStatus.SUCCESS
    assert isinstance(job.hyperparameters, ClassifierTrainingParameters)
    assert job.hyperparameters.epochs == 2.5
    assert job.hyperparameters.training_steps is None
    assert job.validation_files == []  # null in the payload: a plain list to read, null again when sent back
    assert job.integrations == []
    assert job.metadata is None
    assert job.job_type == "classifier"

    targets = job.classifier_targets
    assert [type(target) for target in targets] == [ClassifierTargetOut, ClassifierTargetOut]
    assert targets[0].loss_function is FTClassifierLossFunction.SINGLE_CLASS
    assert targets[1].loss_function is FTClassifierLossFunction.MULTI_CLASS
    assert targets[0].labels == ["positive", "negative", "neutral"]

    assert isinstance(job.events, list)
    assert [event.created_at for event in job.events] == [1716963433, 1716963400]
    assert job.events[0].data is None
    assert job.events[1].data == {}  # an empty object: a plain empty dict

    assert isinstance(job.checkpoints, list)
    (checkpoint,) = job.checkpoints
    assert isinstance(checkpoint, CheckpointOut)
    assert isinstance(checkpoint.metrics, MetricOut)
    assert checkpoint.metrics.valid_mean_token_accuracy == 0.75
    assert checkpoint.step_number == 10


def test_completion_detailed_job_events_and_checkpoints() -> None:
    job = CompletionDetailedJobOut.from_dict(COMPLETION_DETAILED)
    assert job.status is CompletionDetailedJobOutStatus.RUNNING
    assert isinstance(job.events, list)
    assert all(isinstance(event, EventOut) for event in job.events)
    data = job.events[0].data
    assert type(data) is dict and EventOutData is dict  # the official SDK's Dict[str, Any]
    assert data["status"] == "RUNNING"
    assert data["extra"] == {"nested": [1, 2.5, None]}
    assert isinstance(job.checkpoints, list)
    assert [c.step_number for c in job.checkpoints] == [10, 5]
    assert job.checkpoints[1].metrics.valid_loss is None


def test_jobs_page_dispatches_on_job_type() -> None:
    page = JobsOut.from_dict(JOBS_PAGE)
    assert page.total == 42
    assert page.object_ == "list"
    assert isinstance(page.data, list)
    first, second = page.data
    assert type(first) is CompletionJobOut
    assert type(second) is ClassifierJobOut
    assert first.id == JOB_ID
    assert second.id == JOB_ID_2
    assert second.status is ClassifierJobOutStatus.SUCCESS
    assert isinstance(second.hyperparameters, ClassifierTrainingParameters)
    assert not isinstance(first, UnknownVariant)


def test_legacy_metadata_attributes() -> None:
    dry_run = LegacyJobMetadataOut.from_dict(LEGACY_METADATA)
    assert dry_run.details == ""
    assert dry_run.deprecated is True
    assert dry_run.epochs == 4.2922
    assert dry_run.training_steps == 10
    assert dry_run.train_tokens == 1310720
    assert dry_run.estimated_start_time == 1716970000
    assert dry_run.object_ == "job.metadata"


def test_job_in_attributes() -> None:
    job_in = JobIn.from_dict(JOB_IN)
    assert isinstance(job_in.hyperparameters, CompletionTrainingParametersIn)
    assert job_in.job_type is FineTuneableModelType.COMPLETION
    assert isinstance(job_in.training_files, list)
    assert [type(f) for f in job_in.training_files] == [TrainingFile, TrainingFile]
    assert job_in.training_files[1].weight == 0.25
    assert isinstance(job_in.integrations, list)
    assert isinstance(job_in.integrations[0], WandbIntegration)
    assert job_in.integrations[0].api_key == WANDB_KEY
    assert isinstance(job_in.repositories, list)
    assert isinstance(job_in.repositories[0], GithubRepositoryIn)
    assert job_in.repositories[0].token == GITHUB_TOKEN
    assert job_in.classifier_targets is None

    classifier = JobIn.from_dict(JOB_IN_CLASSIFIER)
    assert classifier.job_type is FineTuneableModelType.CLASSIFIER
    assert isinstance(classifier.classifier_targets, list)
    assert classifier.classifier_targets[0].loss_function is None
    assert classifier.classifier_targets[1].loss_function is FTClassifierLossFunction.MULTI_CLASS
    assert classifier.training_files == []


def test_validation_error_keeps_input_and_ctx() -> None:
    error = HTTPValidationErrorData.from_dict(VALIDATION_ERROR)
    assert isinstance(error.detail, list)
    first = error.detail[0]
    assert isinstance(first, ValidationError)
    assert first.loc == ["body", "hyperparameters", "learning_rate"]
    assert first.input_ == 5
    assert first.type_ == "less_than_equal"
    assert first.ctx is not None
    assert first.ctx == {"le": 1.0}
    assert error.detail[1].loc == ["query", 0]
    assert HTTPValidationErrorData.from_dict({"detail": "Not Found"}).detail == "Not Found"


# --- forward compatibility -----------------------------------------------------------------------------------------

STATUS_ENUMS: dict[type[Any], type[Any]] = {
    CompletionJobOut: CompletionJobOutStatus,
    ClassifierJobOut: ClassifierJobOutStatus,
    CompletionDetailedJobOut: CompletionDetailedJobOutStatus,
    ClassifierDetailedJobOut: ClassifierDetailedJobOutStatus,
}


@pytest.mark.parametrize(("cls", "payload"), JOB_MODELS, ids=JOB_MODEL_IDS)
@pytest.mark.parametrize("status", [UNKNOWN_STATUS, "queued", "", "RUNNING "])
def test_unknown_status_keeps_the_raw_string(cls: type[Any], payload: dict[str, Any], status: str) -> None:
    job = round_trip(cls, {**payload, "status": status})
    enum = STATUS_ENUMS[cls]
    assert isinstance(job.status, enum)
    assert job.status.name == "UNKNOWN"
    assert job.status == status
    assert job.status.value == status
    assert str(job.status) == status
    assert type(job.to_dict()["status"]) is str


@pytest.mark.parametrize(("cls", "payload"), JOB_MODELS, ids=JOB_MODEL_IDS)
@pytest.mark.parametrize("status", job_statuses())
def test_every_known_status_is_a_member(cls: type[Any], payload: dict[str, Any], status: str) -> None:
    job = round_trip(cls, {**payload, "status": status})
    assert job.status is STATUS_ENUMS[cls][status]
    assert job.status.name == status


def test_unknown_loss_function_keeps_the_raw_string() -> None:
    targets = [{**CLASSIFIER_TARGETS[0], "loss_function": UNKNOWN_LOSS}, CLASSIFIER_TARGETS[1]]
    job = round_trip(ClassifierDetailedJobOut, {**CLASSIFIER_DETAILED, "classifier_targets": targets})
    unknown = job.classifier_targets[0].loss_function
    assert isinstance(unknown, FTClassifierLossFunction)
    assert unknown.name == "UNKNOWN"
    assert unknown == UNKNOWN_LOSS
    assert job.classifier_targets[1].loss_function is FTClassifierLossFunction.MULTI_CLASS
    target_in = ClassifierTargetIn.from_dict({"name": "n", "labels": [], "loss_function": UNKNOWN_LOSS})
    assert target_in.loss_function == UNKNOWN_LOSS
    assert target_in.to_dict() == {"name": "n", "labels": [], "loss_function": UNKNOWN_LOSS}


@pytest.mark.parametrize(
    "item",
    [
        {**COMPLETION_JOB, "job_type": "FT"},  # what servers sent before the job types existed
        {**CLASSIFIER_JOB, "job_type": UNKNOWN_JOB_TYPE, "brand_new": {"x": [1]}},
        without(COMPLETION_JOB, "job_type"),
        {**COMPLETION_JOB, "job_type": None},
    ],
    ids=["FT", "unknown", "missing", "null"],
)
def test_unknown_job_type_gives_an_unknown_variant(item: dict[str, Any]) -> None:
    payload = {"data": [COMPLETION_JOB, item, CLASSIFIER_JOB], "object": "list", "total": 3}
    page = round_trip(JobsOut, payload)
    assert isinstance(page.data, list)
    first, unknown, last = page.data
    assert type(first) is CompletionJobOut
    assert type(last) is ClassifierJobOut
    assert isinstance(unknown, UnknownVariant)
    assert unknown.is_unknown is True
    assert unknown.tag == "job_type"
    assert unknown.tag_value == item.get("job_type")
    assert unknown.raw == item
    assert unknown.raw is not item
    assert unknown.to_dict() == item


UNKNOWN = {"brand_new": {"nested": [1, "two", None, {"deep": True}]}, "another": None}


@pytest.mark.parametrize(("cls", "payload"), JOB_MODELS, ids=JOB_MODEL_IDS)
def test_unknown_top_level_fields_are_kept(cls: type[Any], payload: dict[str, Any]) -> None:
    job = round_trip(cls, {**payload, **UNKNOWN})
    assert job.additional_properties == UNKNOWN
    assert "brand_new" in job
    assert job["another"] is None
    assert sorted(job.additional_keys) == ["another", "brand_new"]


def test_unknown_fields_are_kept_at_every_depth() -> None:
    def extend(item: dict[str, Any], tag: str) -> dict[str, Any]:
        return {**item, f"x_{tag}": {"tag": tag}}

    payload = {
        **extend(COMPLETION_DETAILED, "job"),
        "hyperparameters": extend(COMPLETION_HYPERPARAMETERS, "hyper"),
        "metadata": extend(METADATA, "meta"),
        "integrations": [extend(INTEGRATIONS_OUT[0], "wandb")],
        "repositories": [extend(REPOSITORIES_OUT[0], "github")],
        "events": [extend(EVENTS[0], "event")],
        "checkpoints": [
            {**extend(CHECKPOINTS[0], "checkpoint"), "metrics": extend(CHECKPOINTS[0]["metrics"], "metrics")}
        ],
    }
    job = round_trip(CompletionDetailedJobOut, payload)
    assert job.additional_properties == {"x_job": {"tag": "job"}}
    assert job.hyperparameters.additional_properties == {"x_hyper": {"tag": "hyper"}}
    assert isinstance(job.metadata, JobMetadataOut)
    assert job.metadata["x_meta"] == {"tag": "meta"}
    assert isinstance(job.integrations, list)
    assert job.integrations[0]["x_wandb"] == {"tag": "wandb"}
    assert isinstance(job.repositories, list)
    assert job.repositories[0]["x_github"] == {"tag": "github"}
    assert isinstance(job.events, list)
    assert job.events[0]["x_event"] == {"tag": "event"}
    assert isinstance(job.checkpoints, list)
    assert job.checkpoints[0]["x_checkpoint"] == {"tag": "checkpoint"}
    assert job.checkpoints[0].metrics["x_metrics"] == {"tag": "metrics"}

    targets = [{**CLASSIFIER_TARGETS[0], "x_target": 1}]
    classifier = round_trip(ClassifierDetailedJobOut, {**CLASSIFIER_DETAILED, "classifier_targets": targets})
    assert classifier.classifier_targets[0]["x_target"] == 1

    page = round_trip(JobsOut, {**JOBS_PAGE, "next_cursor": "abc", "data": [extend(CLASSIFIER_JOB, "item")]})
    assert page["next_cursor"] == "abc"
    assert isinstance(page.data, list)
    item = page.data[0]
    assert isinstance(item, ClassifierJobOut)
    assert item["x_item"] == {"tag": "item"}

    legacy = round_trip(LegacyJobMetadataOut, {**LEGACY_METADATA, "warnings": ["few samples"]})
    assert legacy["warnings"] == ["few samples"]


def test_additional_properties_are_sent_by_to_dict() -> None:
    params = CompletionTrainingParametersIn(learning_rate=0.001)
    params["beta_feature"] = {"on": True}
    assert params.to_dict() == {"learning_rate": 0.001, "beta_feature": {"on": True}}
    del params["beta_feature"]
    assert params.to_dict() == {"learning_rate": 0.001}


# --- missing and null fields ---------------------------------------------------------------------------------------


def optional_fields(cls: type[Any], payload: dict[str, Any]) -> list[str]:
    return sorted(set(payload) - set(required_of(cls.__name__)))


OPTIONAL_CASES: list[tuple[type[Any], dict[str, Any], str]] = [
    (cls, payload, field) for cls, payload in JOB_MODELS for field in optional_fields(cls, payload)
]


@pytest.mark.parametrize(
    ("cls", "payload", "field"), OPTIONAL_CASES, ids=[f"{c.__name__}-{f}" for c, _, f in OPTIONAL_CASES]
)
def test_missing_optional_field_reads_as_none_or_empty_and_is_not_sent_back(
    cls: type[Any], payload: dict[str, Any], field: str
) -> None:
    job = round_trip(cls, without(payload, field))
    attribute = {"object": "object_"}.get(field, field)
    value = getattr(job, attribute)
    if field in consts_of(cls.__name__):
        assert value == payload[field]  # a const reads as its value
    elif field in list_fields(cls.__name__):
        assert value == []
    else:
        assert value is None
    assert field not in job.to_dict()
    assert field not in job.model_fields_set
    assert field not in job.model_dump(exclude_unset=True)
    if field in consts_of(cls.__name__):  # a fixed value is dumped even when not sent, as its default
        assert job.model_dump()[field] == payload[field]
    else:  # left out, as the official SDK's dump leaves out what the server did not send
        assert field not in job.model_dump()


def test_minimal_jobs_read_their_optional_fields_as_none() -> None:
    for cls, payload in JOB_MODELS:
        minimal = {key: payload[key] for key in payload if key not in optional_fields(cls, payload)}
        job = round_trip(cls, minimal)
        assert set(job.to_dict()) == set(minimal)
        assert job.model_fields_set == set(minimal)
    page = round_trip(JobsOut, {"total": 0})
    assert page.data == []
    assert page.object_ == "list"
    legacy = round_trip(LegacyJobMetadataOut, {"details": "ok"})
    assert legacy.deprecated is None
    assert legacy.cost is None


# Every payload above with the schema it follows, the request ones' parts included.
SCHEMA_PAYLOADS: list[tuple[type[Any], str, dict[str, Any]]] = [
    *ROUND_TRIPS,
    (WandbIntegration, "WandbIntegration", JOB_IN["integrations"][0]),
    (GithubRepositoryIn, "GithubRepositoryIn", JOB_IN["repositories"][0]),
    (TrainingFile, "TrainingFile", JOB_IN["training_files"][0]),
    (ClassifierTargetIn, "ClassifierTargetIn", JOB_IN_CLASSIFIER["classifier_targets"][1]),
    (ValidationError, "ValidationError", VALIDATION_ERROR["detail"][0]),
]
# One payload per schema (the first given): each required field of it, left out.
FIRST_PAYLOADS = {schema: (cls, payload) for cls, schema, payload in reversed(SCHEMA_PAYLOADS)}
REQUIRED_CASES: list[tuple[type[Any], dict[str, Any], str]] = [
    (cls, payload, field) for schema, (cls, payload) in FIRST_PAYLOADS.items() for field in required_of(schema)
]


@pytest.mark.parametrize(
    ("cls", "payload", "field"), REQUIRED_CASES, ids=[f"{c.__name__}-{f}" for c, _, f in REQUIRED_CASES]
)
def test_missing_required_field_raises_key_error(cls: type[Any], payload: dict[str, Any], field: str) -> None:
    with pytest.raises(KeyError) as caught:
        cls.from_dict(without(payload, field))
    assert caught.value.args == (field,)
    # Also when unknown fields are present (the slow path reads field by field).
    with pytest.raises(KeyError) as caught:
        cls.from_dict({**without(payload, field), "unknown": 1})
    assert caught.value.args == (field,)


def test_missing_required_field_in_a_nested_model_raises_key_error() -> None:
    checkpoints = [{"metrics": {}, "created_at": 1}]
    with pytest.raises(KeyError) as caught:
        CompletionDetailedJobOut.from_dict({**COMPLETION_DETAILED, "checkpoints": checkpoints})
    assert caught.value.args == ("step_number",)
    with pytest.raises(KeyError) as caught:
        JobsOut.from_dict({"total": 1, "data": [without(CLASSIFIER_JOB, "model")]})
    assert caught.value.args == ("model",)


@pytest.mark.parametrize(("cls", "payload"), JOB_MODELS, ids=JOB_MODEL_IDS)
def test_null_lists_become_empty(cls: type[Any], payload: dict[str, Any]) -> None:
    lists = [name for name in list_fields(cls.__name__, nullable=False) if name in payload]
    assert "training_files" in lists
    nulled: dict[str, Any] = dict(payload)
    for name in lists:
        nulled[name] = None
    job = cls.from_dict(nulled)
    for name in lists:
        assert getattr(job, name) == [], name
    assert job.to_dict() == nulled  # sent back as it came: null


@pytest.mark.parametrize(("cls", "payload"), JOB_MODELS, ids=JOB_MODEL_IDS)
def test_null_nullable_fields_read_as_none_or_empty(cls: type[Any], payload: dict[str, Any]) -> None:
    nullable = nullable_fields(cls.__name__)
    assert nullable
    job = round_trip(cls, {**payload, **dict.fromkeys(nullable, None)})
    for name in nullable:
        assert getattr(job, name) == ([] if name in list_fields(cls.__name__) else None), name


def test_null_data_in_a_page_becomes_empty() -> None:
    page = JobsOut.from_dict({"data": None, "object": "list", "total": 0})
    assert page.data == []
    assert page.to_dict() == {"data": None, "object": "list", "total": 0}
    page.data.append(UnknownVariant("job_type", {"job_type": "new"}))
    assert page.to_dict()["data"] == [{"job_type": "new"}]  # once filled, the list is sent


def test_null_for_a_non_nullable_optional_object_reads_as_none() -> None:
    error = ValidationError.from_dict({"loc": [], "msg": "m", "type": "t", "ctx": None})
    assert error.ctx is None
    assert error.to_dict() == {"loc": [], "msg": "m", "type": "t", "ctx": None}


def test_null_in_nested_lists() -> None:
    target = ClassifierTargetOut.from_dict({**CLASSIFIER_TARGETS[0], "labels": None})
    assert target.labels == []
    job_in = JobIn.from_dict({**JOB_IN, "training_files": None})
    assert job_in.training_files == []
    event = round_trip(EventOut, {"name": "n", "data": None, "created_at": 1})
    assert event.data is None


# --- consts --------------------------------------------------------------------------------------------------------

CONST_CASES: list[tuple[type[Any], dict[str, Any], str, Any]] = [
    # Every const of every payload's schema, with a value the spec will never give it...
    *[
        (cls, payload, field, "synthetic_other_value")
        for cls, schema, payload in SCHEMA_PAYLOADS
        for field in consts_of(schema)
        if field in payload
    ],
    # ... and the other kind's const, an older server's, or null.
    (CompletionJobOut, COMPLETION_JOB, "job_type", "classifier"),
    (ClassifierJobOut, CLASSIFIER_JOB, "job_type", "completion"),
    (CompletionDetailedJobOut, COMPLETION_DETAILED, "job_type", "FT"),
    (ClassifierDetailedJobOut, CLASSIFIER_DETAILED, "job_type", None),
    (JobsOut, JOBS_PAGE, "object", "job"),
    (LegacyJobMetadataOut, LEGACY_METADATA, "object", "job"),
    (GithubRepositoryIn, JOB_IN["repositories"][0], "type", None),
]


@pytest.mark.parametrize(
    ("cls", "payload", "field", "value"), CONST_CASES, ids=[f"{c[0].__name__}-{c[2]}-{c[3]}" for c in CONST_CASES]
)
def test_const_mismatch_raises_value_error(cls: type[Any], payload: dict[str, Any], field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=field):
        cls.from_dict({**payload, field: value})


@pytest.mark.parametrize(
    ("item", "path"),
    [
        ({}, "$.data[1].id: required, but missing"),
        ({"job_type": UNKNOWN_JOB_TYPE, "id": JOB_ID}, "$.data[1].auto_start: required, but missing"),
        ({"object": "error", "message": "upstream timeout"}, "$.data[1].id: required, but missing"),
        (dict.fromkeys(COMPLETION_JOB), "$.data[1].id: expected a string, got null"),
        ({**COMPLETION_JOB, "job_type": UNKNOWN_JOB_TYPE, "created_at": "yesterday"}, "$.data[1].created_at"),
        ({**COMPLETION_JOB, "id": 12345}, "$.data[1].id: expected a string, got a number (12345)"),
        ({**COMPLETION_JOB, "training_files": "abc"}, "$.data[1].training_files: expected an array or null"),
        ({**COMPLETION_JOB, "job_type": 3}, "$.data[1].job_type: expected a string, got a number (3)"),
        ({**COMPLETION_JOB, "job_type": [1]}, "$.data[1].job_type: expected a string, got an array"),
        ({**COMPLETION_JOB, "job_type": {"k": 1}}, "$.data[1].job_type: expected a string, got an object"),
    ],
    ids=[
        "empty",
        "a-tag-and-an-id",
        "a-gateway-error",
        "all-null",
        "unknown-kind-wrong-type",
        "id-int",
        "files-str",
        "tag-number",
        "tag-array",
        "tag-object",
    ],
)
def test_a_body_without_what_every_job_has_is_not_a_job(item: dict[str, Any], path: str) -> None:
    payload = {"data": [COMPLETION_JOB, item], "object": "list", "total": 2}
    with pytest.raises(InvalidField) as caught:
        JobsOut.from_dict(payload)
    assert str(caught.value).startswith(path)


@pytest.mark.parametrize("total", [None, "12", math.nan, math.inf, 1.5, True])
def test_a_total_that_is_not_an_integer_is_refused(total: Any) -> None:
    with pytest.raises(InvalidField, match=r"^\$\.total: expected an integer"):
        JobsOut.from_dict({"data": [], "object": "list", "total": total})


def test_an_item_of_a_kind_the_client_does_not_know_is_an_unknown_variant() -> None:
    integration = {"type": UNKNOWN_KIND, "tracking_uri": "http://tracker.local", "experiment": "ft"}
    repository = {"type": UNKNOWN_KIND, "name": "r", "owner": "o", "commit_id": COMMIT, "host": "git.example"}
    payload = {**COMPLETION_JOB, "integrations": [INTEGRATIONS_OUT[0], integration], "repositories": [repository]}
    job = CompletionJobOut.from_dict(payload)
    known, unknown = job.integrations
    assert isinstance(known, WandbIntegrationOut)
    assert isinstance(unknown, UnknownVariant)
    assert (unknown.tag, unknown.tag_value, unknown.raw) == ("type", UNKNOWN_KIND, integration)
    assert unknown.type == UNKNOWN_KIND
    assert unknown.project is None  # a field the known kind has: reads as None
    (parsed,) = job.repositories
    assert isinstance(parsed, UnknownVariant) and parsed.name == "r"
    assert job.to_dict() == payload  # nothing lost


def test_a_job_whose_other_const_is_unknown_is_an_unknown_variant_in_a_page() -> None:
    odd = {**CLASSIFIER_JOB, "object": "job.v2"}
    page = JobsOut.from_dict({"data": [COMPLETION_JOB, odd], "total": 2})
    first, second = page.data
    assert isinstance(first, CompletionJobOut)
    assert isinstance(second, UnknownVariant)
    assert (second.tag, second.tag_value) == ("object", "job.v2")
    assert second.id == CLASSIFIER_JOB["id"] and second.fine_tuned_model == CLASSIFIER_JOB["fine_tuned_model"]


# --- secrets -------------------------------------------------------------------------------------------------------


def test_wandb_api_key_is_hidden_in_repr() -> None:
    integration = WandbIntegration(project="ft", api_key=WANDB_KEY)
    text = repr(integration)
    assert WANDB_KEY not in text
    assert "api_key='***'" in text
    assert "project='ft'" in text
    assert integration.to_dict() == {"project": "ft", "api_key": WANDB_KEY, "type": "wandb"}
    parsed = WandbIntegration.from_dict(JOB_IN["integrations"][0])
    assert WANDB_KEY not in repr(parsed)
    assert WANDB_KEY not in str(parsed)
    assert parsed.api_key == WANDB_KEY


def test_github_token_is_hidden_in_repr() -> None:
    repository = GithubRepositoryIn(name="docs", owner="acme", token=GITHUB_TOKEN)
    text = repr(repository)
    assert GITHUB_TOKEN not in text
    assert "token='***'" in text
    assert "owner='acme'" in text
    assert repository.to_dict() == {"name": "docs", "owner": "acme", "token": GITHUB_TOKEN, "type": "github"}


def test_job_in_repr_hides_nested_secrets() -> None:
    job_in = JobIn.from_dict(JOB_IN)
    text = repr(job_in)
    assert WANDB_KEY not in text
    assert GITHUB_TOKEN not in text
    assert text.count("'***'") == 2
    assert "open-mistral-7b" in text
    sent = job_in.to_dict()
    assert sent["integrations"][0]["api_key"] == WANDB_KEY
    assert sent["repositories"][0]["token"] == GITHUB_TOKEN


# --- request models send only what was set -------------------------------------------------------------------------


def test_training_parameters_send_only_what_was_set() -> None:
    assert CompletionTrainingParametersIn(learning_rate=0.0001).to_dict() == {"learning_rate": 0.0001}
    assert CompletionTrainingParametersIn().to_dict() == {}
    assert ClassifierTrainingParametersIn(training_steps=5, epochs=None).to_dict() == {
        "training_steps": 5,
        "epochs": None,
    }


def test_job_in_sends_only_model_and_hyperparameters() -> None:
    job_in = JobIn(model="open-mistral-7b", hyperparameters=CompletionTrainingParametersIn(training_steps=10))
    assert job_in.to_dict() == {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}}
    optional = set(schema_of("JobIn")["properties"]) - set(required_of("JobIn"))
    assert optional
    for name in optional:
        assert getattr(job_in, name) is UNSET, name


def test_job_in_sends_explicit_nulls_and_enum_values() -> None:
    job_in = JobIn(
        model="m",
        hyperparameters=ClassifierTrainingParametersIn(learning_rate=0.01),
        training_files=[TrainingFile(file_id=FILE_A)],
        suffix=None,
        job_type=FineTuneableModelType.CLASSIFIER,
        classifier_targets=[ClassifierTargetIn(name="t", labels=["a", "b"], loss_function=None)],
    )
    sent = job_in.to_dict()
    assert_same_json(
        sent,
        {
            "model": "m",
            "hyperparameters": {"learning_rate": 0.01},
            "training_files": [{"file_id": FILE_A}],
            "suffix": None,
            "job_type": "classifier",
            "classifier_targets": [{"name": "t", "labels": ["a", "b"], "loss_function": None}],
        },
    )
    validator("JobIn").validate(sent)


def test_response_models_built_in_code_emit_their_consts() -> None:
    job = ClassifierJobOut(
        id=JOB_ID,
        auto_start=False,
        model="m",
        status=ClassifierJobOutStatus.QUEUED,
        created_at=1,
        modified_at=2,
        training_files=[],
        hyperparameters=ClassifierTrainingParameters(),
    )
    sent = job.to_dict()
    assert sent == {
        "id": JOB_ID,
        "auto_start": False,
        "model": "m",
        "status": "QUEUED",
        "created_at": 1,
        "modified_at": 2,
        "training_files": [],
        "hyperparameters": {},
        "object": "job",
        "job_type": "classifier",
    }
    validator("ClassifierJobOut").validate(sent)
    assert ClassifierJobOut.from_dict(sent) == job


def test_rich_shows_no_credential_held_in_a_free_form_or_unknown_field() -> None:
    """What rich prints comes from `__repr_args__`: it hides what `repr` hides."""
    pretty_repr = pytest.importorskip("rich.pretty").pretty_repr
    event = models.EventOut.from_dict({"name": "x", "created_at": 1, "data": {"api_key": GITHUB_TOKEN, "n": 1}})
    job = CompletionJobOut.from_dict({**COMPLETION_JOB, "token": GITHUB_TOKEN})
    for shown in (pretty_repr(event), pretty_repr(job), repr(event), repr(job)):
        assert GITHUB_TOKEN not in shown
    assert "'n': 1" in pretty_repr(event)  # the other keys still show
    assert event.data is not None and event.data["api_key"] == GITHUB_TOKEN  # hidden from view, not from the program
