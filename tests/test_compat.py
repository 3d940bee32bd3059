"""What code written for Mistral's SDK does with the models and names, beyond the calls: pydantic's methods (v2's, and
v1's with a DeprecationWarning), the names of every generation at every import path, `event.data` as a dict, and
dumps that hold what the server sent."""

from __future__ import annotations

import copy
import importlib
import json
import pickle
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import httpx2
import jsonschema
import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer

from tests.support import JOB, Recorder, mock_mistral

ROOT = Path(__file__).resolve().parent.parent

CLASSIFIER_JOB: dict[str, Any] = {  # what the API sends for a classifier job given two hyperparameters
    "id": "3c2c5c4e-7f4a-4a3b-9d0e-1f2a3b4c5d6e",
    "auto_start": True,
    "model": "ministral-3b-latest",
    "status": "RUNNING",
    "job_type": "classifier",
    "created_at": 1_717_000_000,
    "modified_at": 1_717_000_100,
    "training_files": ["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"],
    "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
    "fine_tuned_model": None,
    "events": [{"name": "status-updated", "created_at": 1_717_000_050, "data": {"status": "RUNNING", "x": [1]}}],
    "checkpoints": [],
    "classifier_targets": [
        {"name": "sentiment", "labels": ["pos", "neg"], "weight": 1.0, "loss_function": "single_class"}
    ],
}


def classifier_job() -> models.ClassifierDetailedJobOut:
    return models.ClassifierDetailedJobOut.from_dict(copy.deepcopy(CLASSIFIER_JOB))


# --- dumps hold what the server sent ---------------------------------------------------------------------------------


def test_a_dump_leaves_out_optional_fields_the_server_did_not_send() -> None:
    job = classifier_job()
    dumped = job.model_dump(mode="json")
    assert dumped["hyperparameters"] == {"training_steps": 10, "learning_rate": 0.0001}  # no weight_decay: None...
    assert "suffix" not in dumped and "integrations" not in dumped and "metadata" not in dumped
    assert dumped["object"] == "job"  # a fixed field not sent is its value, as the official SDK's default
    assert set(dumped) == set(CLASSIFIER_JOB) | {"object"}
    assert job.model_dump(exclude_unset=True, mode="json") == job.to_dict() == CLASSIFIER_JOB


def test_exclude_none_keeps_a_nullable_field_the_server_sent_as_null_and_required_fields() -> None:
    job = classifier_job()
    compact = job.model_dump(exclude_none=True)
    assert "fine_tuned_model" in compact and compact["fine_tuned_model"] is None  # sent as null: kept
    assert "trained_tokens" not in compact  # not sent
    built = models.LegacyJobMetadataOut.model_construct(details=None, cost=None)
    assert built.model_dump(exclude_none=True) == {"details": None, "cost": None, "object": "job.metadata"}
    request = models.JobIn(model="m", hyperparameters=models.CompletionTrainingParametersIn(), suffix=None)
    assert request.model_dump(exclude_none=True)["suffix"] is None  # set to null: sent as null, kept
    assert "validation_files" not in request.model_dump()  # never set: left out


def test_a_dump_through_a_call_is_the_same() -> None:
    payload = {**JOB, "hyperparameters": {"learning_rate": 0.0001}}
    with mock_mistral(Recorder(job=payload)) as mistral:
        job = mistral.fine_tuning.jobs.get(job_id=JOB["id"])
    assert job.model_dump(mode="json") == {**payload, "hyperparameters": {"learning_rate": 0.0001}}


def test_include_exclude_and_exclude_defaults_as_pydantic_takes_them() -> None:
    job = classifier_job()
    nested = job.model_dump(include={"hyperparameters": {"learning_rate"}, "events": {0: {"name"}}})
    assert nested == {"hyperparameters": {"learning_rate": 0.0001}, "events": [{"name": "status-updated"}]}
    every = job.model_dump(include={"classifier_targets": {"__all__": {"name"}}})
    assert every == {"classifier_targets": [{"name": "sentiment"}]}
    assert (
        "labels" not in job.model_dump(exclude={"classifier_targets": {"__all__": {"labels"}}})["classifier_targets"][0]
    )
    assert "object" not in job.model_dump(exclude_defaults=True)  # "job" is its default
    assert "events" in job.model_dump(exclude_defaults=True)
    assert job.events[0].model_dump(include={"data": {"status"}}) == {"data": {"status": "RUNNING"}}


# --- event.data is a dict ---------------------------------------------------------------------------------------------


def test_event_data_is_a_plain_dict_as_in_the_official_sdk() -> None:
    event = classifier_job().events[0]
    assert type(event.data) is dict
    assert json.dumps(event.data) == '{"status": "RUNNING", "x": [1]}'
    assert event.data.get("status") == "RUNNING" and dict(event.data.items())["x"] == [1]
    assert repr(event) == "EventOut(name='status-updated', created_at=1717000050, data={'status': 'RUNNING', 'x': [1]})"
    assert event.to_dict()["data"] == {"status": "RUNNING", "x": [1]}
    assert models.EventOut.from_dict({"name": "n", "created_at": 1, "data": None}).data is None
    with pytest.raises(models.ModelValidationError, match="data"):
        models.EventOut.model_validate({"name": "n", "created_at": 1, "data": [1]})


# --- pydantic's methods ---------------------------------------------------------------------------------------------

Call = Callable[[Any], Any]
V1_CALLS: dict[str, tuple[Call, Call]] = {
    "dict": (lambda job: job.dict(exclude_unset=True), lambda job: job.model_dump(exclude_unset=True)),
    "json": (lambda job: job.json(indent=2), lambda job: job.model_dump_json(indent=2)),
    "copy": (lambda job: job.copy(update={"suffix": "s"}), lambda job: job.model_copy(update={"suffix": "s"})),
    "parse_obj": (lambda job: type(job).parse_obj(job.to_dict()), lambda job: job),
    "parse_raw": (lambda job: type(job).parse_raw(job.to_json()), lambda job: job),
    "validate": (lambda job: type(job).validate(job.to_dict()), lambda job: job),
    "construct": (
        lambda job: type(job).construct(**dict(job)).model_dump(),
        lambda job: type(job).model_construct(**dict(job)).model_dump(),
    ),
    "schema": (lambda job: type(job).schema(), lambda job: type(job).model_json_schema()),
    "schema_json": (lambda job: json.loads(type(job).schema_json()), lambda job: type(job).model_json_schema()),
    "__fields__": (lambda job: type(job).__fields__.keys(), lambda job: type(job).model_fields.keys()),
    "__fields_set__": (lambda job: job.__fields_set__, lambda job: job.model_fields_set),
}


@pytest.mark.parametrize("name", sorted(V1_CALLS))
def test_pydantic_v1_names_work_and_warn_as_pydantic_v2_does(name: str) -> None:
    old, new = V1_CALLS[name]
    job = classifier_job()
    with pytest.warns(DeprecationWarning, match=name.strip("_")) as caught:
        result = old(job)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert result == new(job)


def test_parse_file_reads_json_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "job.json"
    path.write_text(json.dumps(CLASSIFIER_JOB))
    with pytest.warns(DeprecationWarning):
        assert models.ClassifierDetailedJobOut.parse_file(path) == classifier_job()


def test_copy_with_include_leaves_the_rest_unset() -> None:
    with pytest.warns(DeprecationWarning):
        partial = classifier_job().copy(include={"id", "status"})
    assert partial.model_fields_set == {"id", "status"}
    assert partial.to_dict() == {"id": CLASSIFIER_JOB["id"], "status": "RUNNING"}


def test_model_fields_describe_each_field_from_the_class_or_an_instance() -> None:
    fields = models.CompletionJobOut.model_fields
    assert list(fields)[:3] == ["id", "auto_start", "model"]
    assert "object" in fields and "object_" not in fields  # the official SDK's names
    assert fields["id"].is_required() and fields["id"].annotation is str and fields["id"].alias == "id"
    assert not fields["suffix"].is_required() and fields["suffix"].default is None
    assert fields["object"].default == "job"
    assert fields["id"].description == "The job's id (a UUID)."  # from the spec
    assert classifier_job().model_fields.keys() == models.ClassifierDetailedJobOut.model_fields.keys()
    assert models.JobIn.model_fields["suffix"].default is models.UNSET  # a request field not set is not sent
    assert models.TrainingFile.model_fields["weight"].default == 1.0
    assert models.CompletionJobOut.model_computed_fields == {}


def test_model_json_schema_is_the_specs_and_validates_what_the_server_sends() -> None:
    schema = models.ClassifierDetailedJobOut.model_json_schema()
    assert schema["title"] == "ClassifierDetailedJobOut"
    assert set(schema["required"]) >= {"id", "classifier_targets"}
    assert {"ClassifierTargetOut", "EventOut", "CheckpointOut"} <= set(schema["$defs"])
    text = json.dumps(schema)
    assert "#/components/" not in text and '"x-' not in text  # self-contained, the spec's extensions left out
    jsonschema.Draft202012Validator(schema).validate(CLASSIFIER_JOB)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({**CLASSIFIER_JOB, "created_at": "yesterday"})
    page = models.ListFineTuningJobsResponse.model_json_schema(ref_template="#/definitions/{model}")
    assert "#/definitions/CompletionJobOut" in json.dumps(page)


def test_model_construct_takes_values_as_they_are() -> None:
    built = models.CompletionJobOut.model_construct(id="x", status="ANY", object="job")
    assert built.id == "x" and built.status == "ANY" and built.object_ == "job"
    assert built.model_fields_set == {"id", "status", "object"}
    assert built.repositories == [] and built.suffix is None
    partial = models.MetricOut.model_construct({"train_loss"}, train_loss=1.5, valid_loss=2.0)
    assert partial.model_fields_set == {"train_loss"} and partial.to_dict() == {"train_loss": 1.5}
    extra = models.TrainingFile.model_construct(file_id="f", colour="blue")
    assert extra.model_extra == {"colour": "blue"} and extra.to_dict() == {"file_id": "f", "colour": "blue"}
    empty: Any = models.TrainingFile.model_construct()
    assert empty.file_id is models.UNSET  # a request model: not set


def test_iterating_a_model_gives_name_value_pairs_and_vars_its_fields() -> None:
    job = classifier_job()
    as_dict = dict(job)
    assert as_dict["id"] == job.id and as_dict["object"] == "job" and as_dict["events"] is job.events
    assert list(as_dict) == list(models.ClassifierDetailedJobOut.model_fields)
    assert vars(job) == as_dict
    vars(job)["id"] = "changed"  # a snapshot, as the models keep their fields in slots
    assert job.id == CLASSIFIER_JOB["id"]
    with_extra = models.JobsOut.from_dict({"total": 0, "next_cursor": "c"})
    assert dict(with_extra)["next_cursor"] == "c" and with_extra.model_extra == {"next_cursor": "c"}
    assert pickle.loads(pickle.dumps(job)) == job and copy.deepcopy(job) == job  # slots and __dict__ agree


def test_equality_compares_values_and_class() -> None:
    assert classifier_job() == classifier_job()
    other = classifier_job()
    other.suffix = "s"
    assert other != classifier_job()
    its_dict: Any = CLASSIFIER_JOB
    assert classifier_job() != its_dict  # a model is not its dict, as in pydantic
    request_twin: Any = models.CompletionTrainingParametersIn(training_steps=1)
    assert models.CompletionTrainingParameters(training_steps=1) != request_twin  # another class


def test_repr_args_and_rich_show_what_repr_shows() -> None:
    rich = pytest.importorskip("rich.pretty")
    job = classifier_job()
    names = [name for name, _ in job.__repr_args__()]
    assert "fine_tuned_model" not in names and names[:2] == ["id", "auto_start"]
    wandb = models.WandbIntegration(project="p", api_key="k" * 40)
    assert dict(wandb.__repr_args__())["api_key"] == "***"
    shown = rich.pretty_repr(wandb)
    assert "k" * 40 not in shown and "_present" not in rich.pretty_repr(job)


def test_model_validate_options_of_pydantic_are_taken() -> None:
    class Row:
        file_id = "f"
        weight = 2.0

    assert models.TrainingFile.model_validate(Row(), from_attributes=True).to_dict() == {"file_id": "f", "weight": 2.0}
    job = models.ClassifierDetailedJobOut.model_validate(CLASSIFIER_JOB, strict=False, context={"x": 1})
    assert job == classifier_job()
    assert models.ClassifierDetailedJobOut.model_validate_json(json.dumps(CLASSIFIER_JOB).encode(), strict=None) == job


def test_an_unknown_job_answers_the_same_methods() -> None:
    raw = {**JOB, "job_type": "synthetic_unknown_job_type", "extra": None}
    page = models.JobsOut.from_dict({"total": 1, "data": [raw]})
    (job,) = page.data
    assert isinstance(job, models.UnknownVariant)
    assert dict(job) == raw and vars(job) == raw and job.model_fields_set == set(raw)
    with pytest.warns(DeprecationWarning):
        assert job.dict(exclude_none=True) == {key: value for key, value in raw.items() if value is not None}
    with pytest.warns(DeprecationWarning):
        assert json.loads(job.json()) == raw
    assert page.model_dump()["data"] == [raw]


# --- wrong hyperparameters get the right diagnosis ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"job_type": "completion", "hyperparameters": {"training_steps": 10, "fim_ratio": 0.9, "lr": 1e-4}},
            "unknown field(s) lr for CompletionTrainingParametersIn (job_type='completion'); 'lr': did you mean "
            "'learning_rate'?",
        ),
        (
            {"job_type": "classifier", "hyperparameters": {"training_steps": 10, "fim_ratio": 0.9}},
            "unknown field(s) fim_ratio for ClassifierTrainingParametersIn (job_type='classifier'); 'fim_ratio' is a "
            "field of CompletionTrainingParametersIn",
        ),
        ({"hyperparameters": {"training_steps": "ten"}}, "expected an integer or None, got str 'ten'"),
        ({"hyperparameters": {"warmup": 0.1}}, "'warmup': did you mean 'warmup_fraction'?"),
        (
            {"job_type": "classifier", "hyperparameters": models.CompletionTrainingParametersIn(fim_ratio=0.9)},
            "must be a ClassifierTrainingParametersIn or a dict (job_type='classifier'), got "
            "CompletionTrainingParametersIn",
        ),
        ({"training_files": models.TrainingFile(file_id="f")}, "training_files: must be a list, got TrainingFile"),
    ],
    ids=["completion-lr", "classifier-fim", "wrong-type", "prefix", "other-kind-model", "model-not-list"],
)
def test_wrong_hyperparameters_are_refused_with_the_right_diagnosis(arguments: dict[str, Any], message: str) -> None:
    recorder = Recorder()
    with mock_mistral(recorder) as mistral, pytest.raises(errors.InputValidationError) as caught:
        mistral.fine_tuning.jobs.create(**{"model": "open-mistral-7b", "hyperparameters": {}, **arguments})
    assert message in str(caught.value)
    assert recorder.requests == []


def test_job_type_accepts_the_right_kind_in_every_form() -> None:
    recorder = Recorder()
    with mock_mistral(recorder) as mistral:
        jobs = mistral.fine_tuning.jobs
        jobs.create(model="m", job_type="completion", hyperparameters={"training_steps": 10, "fim_ratio": 0.9})
        jobs.create(model="m", job_type="classifier", hyperparameters=models.ClassifierTrainingParameters(epochs=1.0))
        jobs.create(model="m", job_type=models.FineTuneableModelType.COMPLETION, hyperparameters={"fim_ratio": 0.5})
        jobs.create(model="m", hyperparameters=models.CompletionTrainingParameters(training_steps=3))
    sent = [json.loads(request.content)["hyperparameters"] for request in recorder.requests]
    assert sent == [
        {"training_steps": 10, "fim_ratio": 0.9},
        {"epochs": 1.0},
        {"fim_ratio": 0.5},
        {"training_steps": 3},
    ]


# --- names: both generations, every import path ----------------------------------------------------------------------

# mistralai 1.0.x, before classifier jobs: one job class, one parameters class.
V1_0_NAMES = {
    "TrainingParametersIn": "CompletionTrainingParametersIn",
    "TrainingParametersInTypedDict": "CompletionTrainingParametersInTypedDict",
    "TrainingParameters": "CompletionTrainingParameters",
}
V1_0_UNIONS = {
    "JobOut": {"CompletionJobOut", "ClassifierJobOut", "UnknownVariant"},
    "DetailedJobOut": {"CompletionDetailedJobOut", "ClassifierDetailedJobOut", "UnknownVariant"},
}
# Files and models (the reference's table of both generations), and the jobs' item types.
FILES_AND_MODELS_NAMES = {
    "File": "File",
    "FileTypedDict": "FileTypedDict",
    "UploadFileOut": "UploadFileOut",
    "CreateFileResponse": "UploadFileOut",
    "ListFilesOut": "ListFilesOut",
    "ListFilesResponse": "ListFilesOut",
    "FileSchema": "FileSchema",
    "RetrieveFileOut": "RetrieveFileOut",
    "GetFileResponse": "RetrieveFileOut",
    "DeleteFileOut": "DeleteFileOut",
    "DeleteFileResponse": "DeleteFileOut",
    "FileSignedURL": "FileSignedURL",
    "GetSignedURLResponse": "FileSignedURL",
    "FilePurpose": "FilePurpose",
    "SampleType": "SampleType",
    "Source": "Source",
    "FileVisibility": "FileVisibility",
    "FilesAPIRoutesUploadFileFileVisibility": "FileVisibility",
    "FilesAPIRoutesUploadFileMultiPartBodyParams": "MultiPartBodyParams",
    "MultiPartBodyParams": "MultiPartBodyParams",
    "UpdateFTModelIn": "UpdateFTModelIn",
    "UpdateModelRequest": "UpdateFTModelIn",
    "CompletionFTModelOut": "CompletionFTModelOut",
    "CompletionFineTunedModel": "CompletionFTModelOut",
    "ClassifierFTModelOut": "ClassifierFTModelOut",
    "ClassifierFineTunedModel": "ClassifierFTModelOut",
    "FTModelCapabilitiesOut": "FTModelCapabilitiesOut",
    "FineTunedModelCapabilities": "FTModelCapabilitiesOut",
    "ArchiveFTModelOut": "ArchiveFTModelOut",
    "ArchiveModelResponse": "ArchiveFTModelOut",
    "UnarchiveFTModelOut": "UnarchiveFTModelOut",
    "UnarchiveModelResponse": "UnarchiveFTModelOut",
    "BaseModelCard": "BaseModelCard",
    "FTModelCard": "FTModelCard",
    "ModelCapabilities": "ModelCapabilities",
    "DeleteModelOut": "DeleteModelOut",
    "DeleteModelResponse": "DeleteModelOut",
    "Integrations": "WandbIntegrationOut",
    "CompletionFineTuningJobIntegration": "WandbIntegrationOut",
    "ClassifierFineTuningJobDetailsIntegration": "WandbIntegrationOut",
    "Repositories": "GithubRepositoryOut",
    "CompletionFineTuningJobRepository": "GithubRepositoryOut",
    "CompletionTrainingParametersTypedDict": "CompletionTrainingParametersInTypedDict",
}
MODEL_UNIONS = {
    "JobsAPIRoutesFineTuningUpdateFineTunedModelResponse": {"CompletionFTModelOut", "ClassifierFTModelOut"},
    "ResponseRetrieveModelV1ModelsModelIDGet": {"BaseModelCard", "FTModelCard"},
    "RetrieveModelV1ModelsModelIDGetResponseRetrieveModelV1ModelsModelIDGet": {"BaseModelCard", "FTModelCard"},
}


@pytest.mark.parametrize(("name", "target"), sorted({**V1_0_NAMES, **FILES_AND_MODELS_NAMES}.items()))
def test_names_of_every_generation_are_the_right_class(name: str, target: str) -> None:
    assert getattr(models, name).__name__ == target
    assert name in dir(models)


@pytest.mark.parametrize(("name", "members"), sorted({**V1_0_UNIONS, **MODEL_UNIONS}.items()))
def test_union_names_of_every_generation(name: str, members: set[str]) -> None:
    union = getattr(models, name)
    assert {member.__name__ for member in union.__args__} - {"UnknownVariant"} == members - {"UnknownVariant"}
    job = models.CompletionJobOut.from_dict({**JOB, "status": "QUEUED"})
    if "CompletionJobOut" in members:
        assert isinstance(job, union)


def test_the_1_0_model_literal_and_the_size_of_a_file_by_the_sdks_name() -> None:
    assert "open-mistral-7b" in get_args(models.FineTuneableModel)
    uploaded = models.UploadFileOut.from_dict(
        {
            "id": "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1",
            "object": "file",
            "bytes": 12,
            "created_at": 1,
            "filename": "a.jsonl",
            "purpose": "fine-tune",
            "sample_type": "instruct",
            "source": "upload",
        }
    )
    assert uploaded.size_bytes == uploaded.bytes == 12  # mistralai's attribute is size_bytes


def test_every_model_name_is_also_at_the_package_top_as_in_mistralai_1x() -> None:
    import mistral_fine_tuning

    for name in vars(models)["__all__"]:
        assert getattr(mistral_fine_tuning, name) == getattr(models, name), name


def test_the_2x_import_path_is_the_same_package() -> None:
    import mistral_fine_tuning
    from mistral_fine_tuning.client import Mistral as Client2x
    from mistral_fine_tuning.client import errors as errors2x
    from mistral_fine_tuning.client import models as models2x
    from mistral_fine_tuning.client import utils as utils2x
    from mistral_fine_tuning.client.errors import HTTPValidationError, SDKError
    from mistral_fine_tuning.client.models import CompletionFineTuningJob, CompletionTrainingParameters
    from mistral_fine_tuning.client.utils import BackoffStrategy, RetryConfig

    assert Client2x is Mistral and models2x is models and errors2x is errors and utils2x is utils
    assert importlib.import_module("mistral_fine_tuning.client.models") is models
    assert CompletionFineTuningJob is models.CompletionJobOut
    assert CompletionTrainingParameters is models.CompletionTrainingParameters
    assert (SDKError, HTTPValidationError) == (errors.SDKError, errors.HTTPValidationError)
    assert (RetryConfig, BackoffStrategy) == (utils.RetryConfig, utils.BackoffStrategy)
    assert mistral_fine_tuning.client.CompletionJobOut is models.CompletionJobOut
    assert set(mistral_fine_tuning.client.__all__) >= {"Mistral", "models", "errors", "utils", "SDKError"}


def test_the_errors_and_utils_of_both_generations() -> None:
    for name in ("MistralError", "SDKError", "HTTPValidationError", "HTTPValidationErrorData", "NoResponseError"):
        assert getattr(errors, name) is getattr(models, name)
    assert errors.HTTPValidationErrorData is models.HTTPValidationErrorData
    assert {"RetryConfig", "BackoffStrategy", "UNSET", "Unset"} <= set(utils.__all__)


def test_importing_the_package_loads_no_model_until_one_is_used() -> None:
    code = (
        "import sys, mistral_fine_tuning, mistral_fine_tuning.client\n"
        "assert not [m for m in sys.modules if '_generated.models.' in m], 'models loaded'\n"
        "from mistral_fine_tuning import CompletionJobOut\n"
        "assert 'mistral_fine_tuning._generated.models.completion_job_out' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


# --- the server by name, and URL parameters ------------------------------------------------------------------------


def test_server_eu_is_the_official_api_and_url_params_fill_the_url(
    fake_server: FakeMistralServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MISTRAL_SERVER_URL", fake_server.server_url)  # `server` wins over the environment
    seen: list[httpx2.URL] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.url)
        return httpx2.Response(200, json={"object": "list", "total": 0, "data": []})

    with Mistral(api_key="k", server="eu", client=httpx2.Client(transport=httpx2.MockTransport(handler))) as mistral:
        mistral.fine_tuning.jobs.list()
    assert str(seen[0]).startswith("https://api.mistral.ai/v1/fine_tuning/jobs?")
    with pytest.raises(errors.InputValidationError, match="server"):
        Mistral(api_key="k", server="us")
    host, port = fake_server.server_url.removeprefix("http://").split(":")
    with Mistral(api_key="k", server_url="http://{host}:{port}", url_params={"host": host, "port": port}) as local:
        assert local.fine_tuning.jobs.list().total >= 1  # the fake's seeded jobs, reached through the template
