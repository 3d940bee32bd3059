"""``openapi.yaml`` against the facts of Mistral's fine-tuning jobs API (operations, parameters, schemas, unions).

Each expectation below is written out from the reference (operation ids, required sets, consts, defaults and
constraints), not read back from the spec, so a drift in the spec fails here.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
JOBS = "/v1/fine_tuning/jobs"
JOB = "/v1/fine_tuning/jobs/{job_id}"
REF = "#/components/schemas/"

STATUSES = [
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
JOB_REQUIRED = {"id", "auto_start", "model", "status", "created_at", "modified_at", "training_files", "hyperparameters"}
JOB_FIELDS = JOB_REQUIRED | {
    "validation_files",
    "object",
    "fine_tuned_model",
    "suffix",
    "integrations",
    "trained_tokens",
    "metadata",
    "job_type",
}
METADATA_FIELDS = {
    "expected_duration_seconds",
    "cost",
    "cost_currency",
    "train_tokens_per_step",
    "train_tokens",
    "data_tokens",
    "estimated_start_time",
}
TRAINING_FIELDS = {"training_steps", "learning_rate", "weight_decay", "warmup_fraction", "epochs", "seq_len"}
JOB_SCHEMAS = ["CompletionJobOut", "ClassifierJobOut", "CompletionDetailedJobOut", "ClassifierDetailedJobOut"]
TRAINING_SCHEMAS = [
    "CompletionTrainingParametersIn",
    "ClassifierTrainingParametersIn",
    "CompletionTrainingParameters",
    "ClassifierTrainingParameters",
]

# Every schema the reference names, with its `required` set exactly (an empty set: no `required` at all).
REQUIRED: dict[str, set[str]] = {
    "JobIn": {"model", "hyperparameters"},
    "CompletionTrainingParametersIn": set(),
    "ClassifierTrainingParametersIn": set(),
    "CompletionTrainingParameters": set(),
    "ClassifierTrainingParameters": set(),
    "TrainingFile": {"file_id"},
    "WandbIntegration": {"project", "api_key"},
    "WandbIntegrationOut": {"project"},
    "GithubRepositoryIn": {"name", "owner", "token"},
    "GithubRepositoryOut": {"name", "owner", "commit_id"},
    "ClassifierTargetIn": {"name", "labels"},
    "ClassifierTargetOut": {"name", "labels", "weight", "loss_function"},
    "JobsOut": {"total"},
    "CompletionJobOut": JOB_REQUIRED,
    "ClassifierJobOut": JOB_REQUIRED,
    "CompletionDetailedJobOut": JOB_REQUIRED,
    "ClassifierDetailedJobOut": JOB_REQUIRED | {"classifier_targets"},
    "LegacyJobMetadataOut": {"details"},
    "JobMetadataOut": set(),
    "EventOut": {"name", "created_at"},
    "CheckpointOut": {"metrics", "step_number", "created_at"},
    "MetricOut": set(),
}
ENUM_SCHEMAS = {
    "FineTuneableModelType": ["completion", "classifier"],
    "FTClassifierLossFunction": ["single_class", "multi_class"],
}

# Every property of every object schema, as the reference lists them.
PROPERTIES: dict[str, set[str]] = {
    "JobIn": {
        "model",
        "training_files",
        "validation_files",
        "suffix",
        "integrations",
        "auto_start",
        "invalid_sample_skip_percentage",
        "job_type",
        "hyperparameters",
        "repositories",
        "classifier_targets",
    },
    "CompletionTrainingParametersIn": TRAINING_FIELDS | {"fim_ratio"},
    "ClassifierTrainingParametersIn": TRAINING_FIELDS,
    "CompletionTrainingParameters": TRAINING_FIELDS | {"fim_ratio"},
    "ClassifierTrainingParameters": TRAINING_FIELDS,
    "TrainingFile": {"file_id", "weight"},
    "WandbIntegration": {"type", "project", "name", "api_key", "run_name"},
    "WandbIntegrationOut": {"type", "project", "name", "run_name", "url"},
    "GithubRepositoryIn": {"type", "name", "owner", "ref", "weight", "token"},
    "GithubRepositoryOut": {"type", "name", "owner", "ref", "weight", "commit_id"},
    "ClassifierTargetIn": {"name", "labels", "weight", "loss_function"},
    "ClassifierTargetOut": {"name", "labels", "weight", "loss_function"},
    "JobsOut": {"data", "object", "total"},
    "CompletionJobOut": JOB_FIELDS | {"repositories"},
    "ClassifierJobOut": JOB_FIELDS,
    "CompletionDetailedJobOut": JOB_FIELDS | {"repositories", "events", "checkpoints"},
    "ClassifierDetailedJobOut": JOB_FIELDS | {"events", "checkpoints", "classifier_targets"},
    "JobMetadataOut": METADATA_FIELDS,
    "LegacyJobMetadataOut": METADATA_FIELDS | {"deprecated", "details", "epochs", "training_steps", "object"},
    "EventOut": {"name", "data", "created_at"},
    "CheckpointOut": {"metrics", "step_number", "created_at"},
    "MetricOut": {"train_loss", "valid_loss", "valid_mean_token_accuracy"},
}

# (schema, property) pairs that the reference gives as `anyOf [..., null]`.
NULLABLE: list[tuple[str, str]] = [
    *[
        ("JobIn", name)
        for name in ("validation_files", "suffix", "integrations", "job_type", "repositories", "classifier_targets")
    ],
    *[(schema, name) for schema in TRAINING_SCHEMAS for name in sorted(TRAINING_FIELDS - {"learning_rate"})],
    ("CompletionTrainingParametersIn", "fim_ratio"),
    ("CompletionTrainingParameters", "fim_ratio"),
    ("WandbIntegration", "name"),
    ("WandbIntegration", "run_name"),
    ("WandbIntegrationOut", "name"),
    ("WandbIntegrationOut", "run_name"),
    ("WandbIntegrationOut", "url"),
    ("GithubRepositoryIn", "ref"),
    ("GithubRepositoryOut", "ref"),
    ("ClassifierTargetIn", "loss_function"),
    *[
        (schema, name)
        for schema in JOB_SCHEMAS
        for name in ("validation_files", "fine_tuned_model", "suffix", "integrations", "trained_tokens", "metadata")
    ],
    *[(schema, name) for schema in ("JobMetadataOut", "LegacyJobMetadataOut") for name in sorted(METADATA_FIELDS)],
    ("LegacyJobMetadataOut", "epochs"),
    ("LegacyJobMetadataOut", "training_steps"),
    ("EventOut", "data"),
    ("MetricOut", "train_loss"),
    ("MetricOut", "valid_loss"),
    ("MetricOut", "valid_mean_token_accuracy"),
]
NULLABLE_SET = set(NULLABLE)
NOT_NULLABLE: list[tuple[str, str]] = sorted(
    (schema, name) for schema, names in PROPERTIES.items() for name in names if (schema, name) not in NULLABLE_SET
)


@functools.cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def schemas() -> dict[str, Any]:
    found: dict[str, Any] = spec()["components"]["schemas"]
    return found


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (to any component kind) until a node without one."""
    while "$ref" in node:
        ref: str = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec()
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def prop(schema: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = schemas()[schema]["properties"][name]
    return found


def is_nullable(node: dict[str, Any]) -> bool:
    branches = node.get("anyOf", [])
    return {"type": "null"} in branches or node.get("type") == "null"


def non_null(node: dict[str, Any]) -> dict[str, Any]:
    """The one non-null branch of an `anyOf [X, null]`, or the node itself."""
    if "anyOf" not in node:
        return node
    rest = [branch for branch in node["anyOf"] if branch != {"type": "null"}]
    assert len(rest) == 1, node
    branch: dict[str, Any] = rest[0]
    return branch


def operation(path: str, method: str) -> dict[str, Any]:
    found: dict[str, Any] = spec()["paths"][path][method]
    return found


def response_schema(path: str, method: str, status: str = "200") -> dict[str, Any]:
    response = resolve(operation(path, method)["responses"][status])
    content = response["content"]
    assert list(content) == ["application/json"]
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def query_params(path: str, method: str) -> dict[str, dict[str, Any]]:
    params = [resolve(p) for p in operation(path, method).get("parameters", [])]
    assert all(p["in"] == "query" for p in params)
    return {p["name"]: p for p in params}


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


# --- the document as a whole ----------------------------------------------------------------------------------------


def test_spec_validates_as_openapi_3_1() -> None:
    assert spec()["openapi"] == "3.1.0"
    validate(spec())  # raises on any error


def test_server_is_mistral_production() -> None:
    assert [server["url"] for server in spec()["servers"]] == ["https://api.mistral.ai"]


def test_security_is_a_global_bearer_scheme() -> None:
    assert spec()["security"] == [{"ApiKey": []}]
    assert spec()["components"]["securitySchemes"] == {"ApiKey": {"type": "http", "scheme": "bearer"}}
    for path_item in spec()["paths"].values():
        for op in path_item.values():
            assert "security" not in op, "no operation overrides the global security"


def test_every_local_ref_resolves() -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec())
    assert len(refs) > 50
    for target in refs:
        assert resolve({"$ref": target}), target


# --- operations ----------------------------------------------------------------------------------------------------

OPERATIONS = [
    (JOBS, "get", "jobs_api_routes_fine_tuning_get_fine_tuning_jobs"),
    (JOBS, "post", "jobs_api_routes_fine_tuning_create_fine_tuning_job"),
    (JOB, "get", "jobs_api_routes_fine_tuning_get_fine_tuning_job"),
    (JOB + "/cancel", "post", "jobs_api_routes_fine_tuning_cancel_fine_tuning_job"),
    (JOB + "/start", "post", "jobs_api_routes_fine_tuning_start_fine_tuning_job"),
]


def test_exactly_the_five_operations() -> None:
    found = {(path, method, op["operationId"]) for path, item in spec()["paths"].items() for method, op in item.items()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize(("path", "method", "operation_id"), OPERATIONS)
def test_operation_responses(path: str, method: str, operation_id: str) -> None:
    op = operation(path, method)
    assert op["operationId"] == operation_id
    assert set(op["responses"]) == {"200", "422", "4XX", "5XX"}
    assert response_schema(path, method, "422") == ref("HTTPValidationError")
    assert response_schema(path, method, "4XX") == ref("ErrorResponse")
    assert response_schema(path, method, "5XX") == ref("ErrorResponse")


@pytest.mark.parametrize(("path", "method"), [(JOB, "get"), (JOB + "/cancel", "post"), (JOB + "/start", "post")])
def test_job_id_is_a_required_string_path_parameter(path: str, method: str) -> None:
    params = [resolve(p) for p in operation(path, method)["parameters"]]
    assert len(params) == 1
    (param,) = params
    assert param["name"] == "job_id"
    assert param["in"] == "path"
    assert param["required"] is True
    assert param["schema"]["type"] == "string"
    assert "requestBody" not in operation(path, method)


def test_list_has_no_body_and_returns_jobs_out() -> None:
    assert "requestBody" not in operation(JOBS, "get")
    assert response_schema(JOBS, "get") == ref("JobsOut")


LIST_PARAMS: dict[str, tuple[str, Any]] = {
    # name: (type of the non-null branch, default or None)
    "page": ("integer", 0),
    "page_size": ("integer", 100),
    "model": ("string", None),
    "created_after": ("string", None),
    "created_before": ("string", None),
    "created_by_me": ("boolean", False),
    "status": ("string", None),
    "wandb_project": ("string", None),
    "wandb_name": ("string", None),
    "suffix": ("string", None),
}


def test_list_query_parameters_are_exactly_the_ten() -> None:
    assert list(query_params(JOBS, "get")) == list(LIST_PARAMS)


@pytest.mark.parametrize(("name", "expected_type", "default"), [(k, *v) for k, v in LIST_PARAMS.items()])
def test_list_query_parameter(name: str, expected_type: str, default: Any) -> None:
    param = query_params(JOBS, "get")[name]
    assert param["required"] is False
    schema = param["schema"]
    branch = non_null(schema)
    assert branch["type"] == expected_type
    if default is None:
        # A filter: nullable, no default, so an unset filter is simply left out of the query.
        assert is_nullable(schema)
        assert "default" not in schema
    else:
        assert not is_nullable(schema)
        assert schema["default"] == default
        assert type(schema["default"]) is type(default)  # False is not 0
    if name in {"created_after", "created_before"}:
        assert branch["format"] == "date-time"


def test_list_status_filter_has_the_ten_statuses() -> None:
    branch = non_null(query_params(JOBS, "get")["status"]["schema"])
    assert branch["enum"] == STATUSES
    assert len(set(branch["enum"])) == 10


def test_create_has_dry_run_and_a_required_job_in_body() -> None:
    params = query_params(JOBS, "post")
    assert list(params) == ["dry_run"]
    dry_run = params["dry_run"]
    assert dry_run["required"] is False
    assert is_nullable(dry_run["schema"])
    assert non_null(dry_run["schema"]) == {"type": "boolean"}
    body = operation(JOBS, "post")["requestBody"]
    assert body["required"] is True
    assert body["content"] == {"application/json": {"schema": ref("JobIn")}}


def assert_job_union(schema: dict[str, Any], completion: str, classifier: str) -> None:
    assert schema["oneOf"] == [ref(completion), ref(classifier)]
    assert schema["discriminator"] == {
        "propertyName": "job_type",
        "mapping": {"completion": REF + completion, "classifier": REF + classifier},
    }


def test_create_returns_a_job_or_dry_run_metadata() -> None:
    schema = response_schema(JOBS, "post")
    assert "oneOf" not in schema
    jobs, legacy = schema["anyOf"]
    assert_job_union(jobs, "CompletionJobOut", "ClassifierJobOut")
    assert legacy == ref("LegacyJobMetadataOut")


@pytest.mark.parametrize(("path", "method"), [(JOB, "get"), (JOB + "/cancel", "post"), (JOB + "/start", "post")])
def test_get_cancel_start_return_a_detailed_job(path: str, method: str) -> None:
    assert_job_union(resolve(response_schema(path, method)), "CompletionDetailedJobOut", "ClassifierDetailedJobOut")


def test_list_items_are_a_discriminated_job_union() -> None:
    data = prop("JobsOut", "data")
    assert data["type"] == "array"
    assert data["default"] == []
    assert_job_union(data["items"], "CompletionJobOut", "ClassifierJobOut")


def test_error_schemas_exist() -> None:
    detail = prop("HTTPValidationError", "detail")
    assert {"type": "array", "items": ref("ValidationError")} in detail["anyOf"]
    assert set(schemas()["ValidationError"]["required"]) == {"loc", "msg", "type"}
    assert "required" not in schemas()["ErrorResponse"]


# --- schemas -------------------------------------------------------------------------------------------------------


def test_all_reference_schemas_exist() -> None:
    missing = (set(REQUIRED) | set(ENUM_SCHEMAS)) - set(schemas())
    assert not missing
    assert len(set(REQUIRED) | set(ENUM_SCHEMAS)) == 24


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_set(name: str) -> None:
    schema = schemas()[name]
    assert schema["type"] == "object"
    assert set(schema.get("required", [])) == REQUIRED[name]
    assert len(schema.get("required", [])) == len(REQUIRED[name]), "no duplicates"


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_properties(name: str) -> None:
    assert set(schemas()[name]["properties"]) == PROPERTIES[name]


@pytest.mark.parametrize(("name", "values"), sorted(ENUM_SCHEMAS.items()))
def test_named_enums(name: str, values: list[str]) -> None:
    assert schemas()[name]["type"] == "string"
    assert schemas()[name]["enum"] == values


@pytest.mark.parametrize(
    ("schema", "field", "value"),
    [
        ("JobsOut", "object", "list"),
        *[(name, "object", "job") for name in JOB_SCHEMAS],
        ("LegacyJobMetadataOut", "object", "job.metadata"),
        ("CompletionJobOut", "job_type", "completion"),
        ("CompletionDetailedJobOut", "job_type", "completion"),
        ("ClassifierJobOut", "job_type", "classifier"),
        ("ClassifierDetailedJobOut", "job_type", "classifier"),
        ("WandbIntegration", "type", "wandb"),
        ("WandbIntegrationOut", "type", "wandb"),
        ("GithubRepositoryIn", "type", "github"),
        ("GithubRepositoryOut", "type", "github"),
    ],
)
def test_const_fields(schema: str, field: str, value: str) -> None:
    node = prop(schema, field)
    assert node["type"] == "string"
    assert node["const"] == value
    assert node["default"] == value
    assert field not in schemas()[schema].get("required", [])


@pytest.mark.parametrize(("schema", "field"), NULLABLE)
def test_nullable_fields(schema: str, field: str) -> None:
    assert is_nullable(prop(schema, field))


@pytest.mark.parametrize(("schema", "field"), NOT_NULLABLE)
def test_not_nullable_fields(schema: str, field: str) -> None:
    assert not is_nullable(prop(schema, field))


def test_classifier_jobs_have_no_repositories() -> None:
    assert "repositories" not in schemas()["ClassifierJobOut"]["properties"]
    assert "repositories" not in schemas()["ClassifierDetailedJobOut"]["properties"]
    for name in ("CompletionJobOut", "CompletionDetailedJobOut"):
        repositories = prop(name, "repositories")
        assert repositories["type"] == "array"
        assert repositories["default"] == []
        assert repositories["items"] == ref("GithubRepositoryOut")


@pytest.mark.parametrize("name", JOB_SCHEMAS)
def test_job_fields(name: str) -> None:
    classifier = name.startswith("Classifier")
    status = prop(name, "status")
    assert status["type"] == "string"
    assert status["enum"] == STATUSES
    assert prop(name, "hyperparameters") == ref(
        "ClassifierTrainingParameters" if classifier else "CompletionTrainingParameters"
    )
    for field in ("created_at", "modified_at"):
        assert prop(name, field)["type"] == "integer"
    assert prop(name, "auto_start")["type"] == "boolean"
    assert prop(name, "training_files")["type"] == "array"
    assert prop(name, "training_files")["items"] == {"type": "string"}
    assert prop(name, "validation_files")["default"] == []
    assert non_null(prop(name, "validation_files"))["items"]["type"] == "string"
    assert non_null(prop(name, "integrations"))["items"] == ref("WandbIntegrationOut")
    assert non_null(prop(name, "metadata")) == ref("JobMetadataOut")
    assert non_null(prop(name, "trained_tokens"))["type"] == "integer"


@pytest.mark.parametrize("name", ["CompletionDetailedJobOut", "ClassifierDetailedJobOut"])
def test_detailed_job_lists(name: str) -> None:
    for field, item in (("events", "EventOut"), ("checkpoints", "CheckpointOut")):
        node = prop(name, field)
        assert node["type"] == "array"
        assert node["items"] == ref(item)
        assert node["default"] == []


def test_classifier_targets() -> None:
    targets = prop("ClassifierDetailedJobOut", "classifier_targets")
    assert targets["type"] == "array"
    assert targets["items"] == ref("ClassifierTargetOut")
    assert prop("ClassifierTargetOut", "loss_function") == ref("FTClassifierLossFunction")
    assert prop("ClassifierTargetOut", "weight")["type"] == "number"
    assert "minimum" not in prop("ClassifierTargetOut", "weight")
    weight_in = prop("ClassifierTargetIn", "weight")
    assert (weight_in["type"], weight_in["minimum"], weight_in["default"]) == ("number", 0, 1.0)
    assert non_null(prop("ClassifierTargetIn", "loss_function")) == ref("FTClassifierLossFunction")
    assert "default" not in prop("ClassifierTargetIn", "loss_function")
    assert prop("ClassifierTargetIn", "labels")["items"] == {"type": "string"}


def test_job_in_fields() -> None:
    assert prop("JobIn", "model")["type"] == "string"
    training_files = prop("JobIn", "training_files")
    assert training_files["items"] == ref("TrainingFile")
    assert training_files["default"] == []
    assert non_null(prop("JobIn", "integrations"))["items"] == ref("WandbIntegration")
    assert non_null(prop("JobIn", "repositories"))["items"] == ref("GithubRepositoryIn")
    assert non_null(prop("JobIn", "classifier_targets"))["items"] == ref("ClassifierTargetIn")
    assert non_null(prop("JobIn", "job_type")) == ref("FineTuneableModelType")
    assert prop("JobIn", "auto_start")["type"] == "boolean"
    assert "default" not in prop("JobIn", "auto_start")
    hyperparameters = prop("JobIn", "hyperparameters")
    assert hyperparameters["anyOf"] == [ref("CompletionTrainingParametersIn"), ref("ClassifierTrainingParametersIn")]
    assert "discriminator" not in hyperparameters


# (schema, field, key, value): numeric and length constraints and defaults, from the reference.
CONSTRAINTS: list[tuple[str, str, str, Any]] = [
    ("JobIn", "suffix", "maxLength", 18),
    ("JobIn", "invalid_sample_skip_percentage", "minimum", 0),
    ("JobIn", "invalid_sample_skip_percentage", "maximum", 0.5),
    ("JobIn", "invalid_sample_skip_percentage", "default", 0),
    ("WandbIntegration", "api_key", "minLength", 40),
    ("WandbIntegration", "api_key", "maxLength", 40),
    ("GithubRepositoryOut", "commit_id", "minLength", 40),
    ("GithubRepositoryOut", "commit_id", "maxLength", 40),
    ("TrainingFile", "weight", "exclusiveMinimum", 0),
    ("TrainingFile", "weight", "default", 1.0),
    ("GithubRepositoryIn", "weight", "exclusiveMinimum", 0),
    ("GithubRepositoryIn", "weight", "default", 1.0),
    ("GithubRepositoryOut", "weight", "exclusiveMinimum", 0),
    ("GithubRepositoryOut", "weight", "default", 1.0),
    ("LegacyJobMetadataOut", "deprecated", "default", True),
    *[
        row
        for schema in TRAINING_SCHEMAS
        for row in (
            (schema, "training_steps", "minimum", 1),
            (schema, "learning_rate", "minimum", 1e-8),
            (schema, "learning_rate", "maximum", 1),
            (schema, "learning_rate", "default", 0.0001),
            (schema, "weight_decay", "minimum", 0),
            (schema, "weight_decay", "maximum", 1),
            (schema, "weight_decay", "default", 0.1),
            (schema, "warmup_fraction", "minimum", 0),
            (schema, "warmup_fraction", "maximum", 1),
            (schema, "warmup_fraction", "default", 0.05),
            (schema, "epochs", "exclusiveMinimum", 0),
            (schema, "seq_len", "minimum", 100),
        )
    ],
    *[
        row
        for schema in ("CompletionTrainingParametersIn", "CompletionTrainingParameters")
        for row in (
            (schema, "fim_ratio", "minimum", 0),
            (schema, "fim_ratio", "maximum", 1),
            (schema, "fim_ratio", "default", 0.9),
        )
    ],
]
# Where a constraint is written: defaults sit on the property (next to anyOf), bounds on the non-null branch.
DEFAULT_KEYS = {"default"}


@pytest.mark.parametrize(("schema", "field", "key", "value"), CONSTRAINTS)
def test_constraint(schema: str, field: str, key: str, value: Any) -> None:
    node = prop(schema, field)
    holder = node if key in DEFAULT_KEYS else non_null(node)
    assert key in holder, f"{schema}.{field} lacks {key}"
    assert holder[key] == value
    assert type(holder[key]) is type(value) or {type(holder[key]), type(value)} <= {int, float}
    if key != "default":
        assert holder["type"] in {"number", "integer", "string"}


@pytest.mark.parametrize("schema", TRAINING_SCHEMAS)
def test_training_parameter_types(schema: str) -> None:
    assert prop(schema, "learning_rate")["type"] == "number"
    for field in ("training_steps", "seq_len"):
        assert non_null(prop(schema, field))["type"] == "integer"
    for field in ("weight_decay", "warmup_fraction", "epochs"):
        assert non_null(prop(schema, field))["type"] == "number"


def test_small_output_schemas() -> None:
    assert prop("CheckpointOut", "metrics") == ref("MetricOut")
    for field in ("step_number", "created_at"):
        assert prop("CheckpointOut", field)["type"] == "integer"
    assert prop("EventOut", "created_at")["type"] == "integer"
    assert non_null(prop("EventOut", "data")) == {"type": "object", "additionalProperties": True}
    for field in ("train_loss", "valid_loss", "valid_mean_token_accuracy"):
        assert non_null(prop("MetricOut", field))["type"] == "number"
    assert prop("LegacyJobMetadataOut", "details")["type"] == "string"
    assert non_null(prop("LegacyJobMetadataOut", "epochs"))["type"] == "number"
    assert non_null(prop("LegacyJobMetadataOut", "training_steps"))["type"] == "integer"
    types = {
        "expected_duration_seconds": "integer",
        "cost": "number",
        "cost_currency": "string",
        "train_tokens_per_step": "integer",
        "train_tokens": "integer",
        "data_tokens": "integer",
        "estimated_start_time": "integer",
    }
    for schema in ("JobMetadataOut", "LegacyJobMetadataOut"):
        for field, expected in types.items():
            assert non_null(prop(schema, field))["type"] == expected, (schema, field)
    assert prop("JobsOut", "total")["type"] == "integer"


def test_secrets_exist_only_in_request_schemas() -> None:
    assert "api_key" in schemas()["WandbIntegration"]["properties"]
    assert "api_key" not in schemas()["WandbIntegrationOut"]["properties"]
    assert "token" in schemas()["GithubRepositoryIn"]["properties"]
    assert "token" not in schemas()["GithubRepositoryOut"]["properties"]
    assert prop("WandbIntegration", "api_key")["format"] == "password"
    assert prop("GithubRepositoryIn", "token")["format"] == "password"
