"""The official SDK's surface around the calls: model methods and attributes, both naming generations, errors where
users catch them, printing, pickling, help(), and the small things (closed clients, no key, lost creates).
"""

from __future__ import annotations

import copy
import inspect
import json
import pickle
import pydoc
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

FINISHED = "b888f774-3e7c-4135-a18c-6b985523c4bc"
UNKNOWN = "5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11"
FILE = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
WANDB_KEY = "w" * 40

# --- both naming generations (from the reference's tables) --------------------------------------------------------

V1_NAMES = {  # mistralai 1.x: the schema names, and its SDK-only names
    "JobIn": "JobIn",
    "JobsOut": "JobsOut",
    "CompletionJobOut": "CompletionJobOut",
    "ClassifierJobOut": "ClassifierJobOut",
    "CompletionDetailedJobOut": "CompletionDetailedJobOut",
    "ClassifierDetailedJobOut": "ClassifierDetailedJobOut",
    "LegacyJobMetadataOut": "LegacyJobMetadataOut",
    "JobMetadataOut": "JobMetadataOut",
    "EventOut": "EventOut",
    "CheckpointOut": "CheckpointOut",
    "MetricOut": "MetricOut",
    "WandbIntegrationOut": "WandbIntegrationOut",
    "WandbIntegration": "WandbIntegration",
    "GithubRepositoryIn": "GithubRepositoryIn",
    "GithubRepositoryOut": "GithubRepositoryOut",
    "ClassifierTargetIn": "ClassifierTargetIn",
    "ClassifierTargetOut": "ClassifierTargetOut",
    "TrainingFile": "TrainingFile",
    "FineTuneableModelType": "FineTuneableModelType",
    "FTClassifierLossFunction": "FTClassifierLossFunction",
    "CompletionTrainingParametersIn": "CompletionTrainingParametersIn",
    "CompletionTrainingParameters": "CompletionTrainingParameters",
    "ClassifierTrainingParametersIn": "ClassifierTrainingParametersIn",
    "ClassifierTrainingParameters": "ClassifierTrainingParameters",
    "JobInIntegrations": "WandbIntegration",
    "JobInRepositories": "GithubRepositoryIn",
    "QueryParamStatus": "QueryParamStatus",
    "Status": "CompletionJobOutStatus",
    "ClassifierJobOutStatus": "ClassifierJobOutStatus",
    "CompletionDetailedJobOutStatus": "CompletionDetailedJobOutStatus",
    "ClassifierDetailedJobOutStatus": "ClassifierDetailedJobOutStatus",
}
V2_NAMES = {  # mistralai 2.5.1, the last release with these operations
    "CreateFineTuningJobRequest": "JobIn",
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
    "WandbIntegration": "WandbIntegration",
    "CreateGithubRepositoryRequest": "GithubRepositoryIn",
    "GithubRepository": "GithubRepositoryOut",
    "ClassifierTarget": "ClassifierTargetIn",
    "ClassifierTargetResult": "ClassifierTargetOut",
    "TrainingFile": "TrainingFile",
    "FineTuneableModelType": "FineTuneableModelType",
    "FTClassifierLossFunction": "FTClassifierLossFunction",
    "CreateFineTuningJobRequestIntegration": "WandbIntegration",
    "CreateFineTuningJobRequestRepository": "GithubRepositoryIn",
    "JobsAPIRoutesFineTuningGetFineTuningJobsStatus": "QueryParamStatus",
    "CompletionFineTuningJobStatus": "CompletionJobOutStatus",
    "ClassifierFineTuningJobStatus": "ClassifierJobOutStatus",
    "CompletionFineTuningJobDetailsStatus": "CompletionDetailedJobOutStatus",
    "ClassifierFineTuningJobDetailsStatus": "ClassifierDetailedJobOutStatus",
}
UNIONS = {  # SDK-only union names of both generations -> their members
    "Hyperparameters": {  # 2.x has one class for each pair: ours are both accepted
        "CompletionTrainingParametersIn",
        "ClassifierTrainingParametersIn",
        "CompletionTrainingParameters",
        "ClassifierTrainingParameters",
    },
    "JobsOutData": {"CompletionJobOut", "ClassifierJobOut", "UnknownVariant"},
    "Response1": {"CompletionJobOut", "ClassifierJobOut", "UnknownVariant"},
    "ListFineTuningJobsResponseData": {"CompletionJobOut", "ClassifierJobOut", "UnknownVariant"},
    "Response": {"CompletionJobOut", "ClassifierJobOut", "UnknownVariant"},
    "JobsAPIRoutesFineTuningCreateFineTuningJobResponse": {
        "CompletionJobOut",
        "ClassifierJobOut",
        "UnknownVariant",
        "LegacyJobMetadataOut",
    },
    **{
        f"JobsAPIRoutesFineTuning{verb}FineTuningJobResponse": {
            "CompletionDetailedJobOut",
            "ClassifierDetailedJobOut",
            "UnknownVariant",
        }
        for verb in ("Get", "Cancel", "Start")
    },
}
UNKNOWN_CLASSES = [
    "UnknownListFineTuningJobsResponseData",
    "UnknownResponse",
    "UnknownJobsAPIRoutesFineTuningGetFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningCancelFineTuningJobResponse",
    "UnknownJobsAPIRoutesFineTuningStartFineTuningJobResponse",
]
ERROR_NAMES = {
    "SDKError": errors.SDKError,
    "MistralError": errors.SDKError,
    "HTTPValidationError": errors.UnprocessableEntityError,
    "ResponseValidationError": errors.ResponseValidationError,
    "NoResponseError": errors.APIConnectionError,
}

NOWHERE = "http://127.0.0.1:9"  # a closed local port: a call that should have been refused never leaves the machine


@pytest.mark.parametrize(("name", "schema"), sorted({**V1_NAMES, **V2_NAMES}.items()))
def test_every_name_of_both_generations_is_the_right_class(name: str, schema: str) -> None:
    cls = getattr(models, name)
    assert cls.__name__ == schema
    assert name in dir(models)


@pytest.mark.parametrize(("name", "members"), sorted(UNIONS.items()))
def test_the_sdk_union_names_are_unions_of_the_right_classes(name: str, members: set[str]) -> None:
    union = getattr(models, name)
    assert {member.__name__ for member in union.__args__} == members
    assert name in dir(models)


@pytest.mark.parametrize("name", UNKNOWN_CLASSES)
def test_the_2x_unknown_classes_are_unknown_variant(name: str) -> None:
    assert getattr(models, name) is models.UnknownVariant


@pytest.mark.parametrize(("name", "cls"), sorted(ERROR_NAMES.items()))
def test_the_official_error_names_are_ours(name: str, cls: type[Exception]) -> None:
    assert getattr(models, name) is cls


def test_dir_lists_every_model_name_before_any_is_used() -> None:
    listed = set(dir(models))
    assert {"JobsOut", "JobIn", "TrainingFileTypedDict", "HyperparametersTypedDict", "SDKError"} <= listed
    for name in listed - {"__dir__"}:
        getattr(models, name)  # each listed name resolves


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        models.NoSuchModel  # type: ignore[attr-defined]  # noqa: B018


def test_the_errors_are_importable_from_the_package() -> None:
    import mistral_fine_tuning

    for name in ("SDKError", "NotFoundError", "RateLimitError", "InputValidationError", "APIConnectionError"):
        assert getattr(mistral_fine_tuning, name) is getattr(errors, name)


# --- the model surface ---------------------------------------------------------------------------------------------


@pytest.fixture
def mistral(fake_server: FakeMistralServer) -> Any:
    with Mistral(api_key="key", server_url=fake_server.server_url) as client:
        yield client


def test_wire_names_and_renamed_attributes_both_work(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED)
    assert job.object == job.object_ == "job"
    integration = job.integrations[0]
    assert not isinstance(integration, models.UnknownVariant)
    assert integration.type == integration.type_ == "wandb"


def test_model_dump_and_its_options(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED)
    assert not isinstance(job, models.UnknownVariant)
    dumped = job.model_dump()
    assert set(dumped) == set(job.JSON_FIELDS)  # every field, as the server sent every one
    assert dumped["status"] is job.status  # python mode keeps the enum member
    as_json = job.model_dump(mode="json")
    assert as_json["status"] == "SUCCESS" and type(as_json["status"]) is str
    assert json.loads(json.dumps(as_json)) == as_json
    assert job.model_dump(exclude_unset=True) == job.model_dump(mode="json", exclude_unset=True)
    assert job.model_dump(mode="json", exclude_unset=True) == job.to_dict()
    assert None not in job.model_dump(exclude_none=True).values()
    assert set(job.model_dump(include={"id", "status"})) == {"id", "status"}
    assert "events" not in job.model_dump(exclude={"events"})
    assert json.loads(job.model_dump_json()) == as_json
    assert job.model_dump_json(indent=2).startswith("{\n  ")
    assert json.loads(job.to_json()) == job.to_dict()
    with pytest.raises(ValueError, match="mode"):
        job.model_dump(mode="yaml")


def test_model_validate_builds_from_a_dict_or_json_and_refuses_clearly(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED)
    assert not isinstance(job, models.UnknownVariant)
    cls = type(job)
    assert cls.model_validate(job.to_dict()) == job
    assert cls.model_validate_json(job.to_json()) == job
    assert cls.model_validate(job) is job
    with pytest.raises(models.ModelValidationError, match="'id' is missing"):
        cls.model_validate({k: v for k, v in job.to_dict().items() if k != "id"})
    with pytest.raises(models.ModelValidationError, match="takes a dict"):
        cls.model_validate([1])


def test_unknown_fields_come_back_out_of_every_dump() -> None:
    payload = {"total": 0, "data": [], "object": "list", "next_cursor": "abc"}
    page = models.JobsOut.from_dict(payload)
    assert page.additional_properties == {"next_cursor": "abc"}
    assert page.model_dump()["next_cursor"] == "abc"
    assert page.model_dump(exclude_unset=True) == payload
    assert json.loads(page.model_dump_json())["next_cursor"] == "abc"


def test_a_response_models_optional_fields_read_as_none_and_lists_as_lists(mistral: Mistral) -> None:
    page = mistral.fine_tuning.jobs.list()
    for job in page.data:  # a plain list, whatever the server sent
        assert isinstance(job.id, str)
    detailed = mistral.fine_tuning.jobs.get(job_id=FINISHED)
    assert not isinstance(detailed, models.UnknownVariant)
    assert isinstance(detailed.checkpoints, list) and isinstance(detailed.events, list)
    minimal = models.LegacyJobMetadataOut.from_dict({"details": "ok"})
    assert minimal.cost is None and minimal.model_fields_set == {"details"}


def test_an_unknown_job_reads_the_fields_jobs_share() -> None:
    body = {
        "id": "x",
        "status": "SYNTHETIC_UNKNOWN_STATUS",
        "job_type": "synthetic_unknown_job_type",
        "model": "m",
        "created_at": 1,
        "modified_at": 2,
        "auto_start": False,
        "training_files": [],
        "hyperparameters": {},
        "extra": True,
    }
    page = models.JobsOut.from_dict({"total": 1, "data": [body]})
    (job,) = page.data
    assert isinstance(job, models.UnknownVariant)
    assert (job.id, job.status, job.model) == ("x", "SYNTHETIC_UNKNOWN_STATUS", "m")
    assert job.fine_tuned_model is None  # a field known variants have, absent here
    with pytest.raises(AttributeError):
        job.no_such_field  # noqa: B018
    assert job.raw == body and job.model_dump() == body


# --- printing, pickling, copying -----------------------------------------------------------------------------------


def test_repr_shows_set_fields_plain_values_and_no_secrets(fake_server: FakeMistralServer, mistral: Mistral) -> None:
    job_id = fake_server.add_job(status="SUCCESS", integrations=[{"project": "p", "api_key": WANDB_KEY}])
    job = mistral.fine_tuning.jobs.get(job_id=job_id)
    text = str(job)
    assert "status='SUCCESS'" in text
    assert "additional_properties" not in text and "UNSET" not in text and "=None" not in text
    assert "<" not in text  # no enum reprs like <Status.SUCCESS: 'SUCCESS'>
    assert WANDB_KEY not in text
    assert "more]" in text  # ten checkpoints: the newest few, and a count
    assert len(text) < 2046  # well under half of the 4,092 characters the issue measured
    request = models.WandbIntegration(project="p", api_key=WANDB_KEY)
    assert repr(request) == "WandbIntegration(project='p', api_key='***', type='wandb')"


def test_models_survive_pickle_and_deepcopy_equal_to_themselves(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED)
    page = mistral.fine_tuning.jobs.list()
    request = models.JobIn(model="m", hyperparameters=models.CompletionTrainingParametersIn(learning_rate=1e-4))
    for value in (job, page, request, page.data[0]):
        for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value), copy.copy(value)):
            assert clone == value
            assert clone.to_dict() == value.to_dict()
    cloned = pickle.loads(pickle.dumps(request))
    assert cloned.suffix is models.UNSET  # still the one UNSET: `is UNSET` and "not sent" keep working
    unknown = models.UnknownVariant("job_type", {"job_type": "x", "id": "1"}, frozenset({"id", "status"}))
    assert pickle.loads(pickle.dumps(unknown)).status is None


# --- help() and signatures -----------------------------------------------------------------------------------------


def test_help_shows_the_real_keywords_the_options_and_the_return_type() -> None:
    jobs = Mistral(api_key="key", server_url=NOWHERE).fine_tuning.jobs
    text = pydoc.plain(pydoc.render_doc(jobs.list))
    assert "list(*, page: int = 0, page_size: int = 100" in text
    assert "retries: RetryConfig | None = UNSET" in text and "timeout_ms: int | None = None" in text
    assert "-> JobsOut" in text
    assert "Unpack" not in text and "Call[" not in text and "_list" not in text
    get = inspect.signature(jobs.get_async)
    assert list(get.parameters)[:1] == ["job_id"]
    assert str(get.return_annotation) == "CompletionDetailedJobOut | ClassifierDetailedJobOut | UnknownVariant"
    create = inspect.signature(jobs.create)
    required = [name for name, parameter in create.parameters.items() if parameter.default is inspect.Parameter.empty]
    spec = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi.yaml").read_text())
    assert required == spec["components"]["schemas"]["JobIn"]["required"]


def test_a_positional_argument_or_a_misspelt_keyword_names_public_things() -> None:
    jobs = Mistral(api_key="key", server_url=NOWHERE).fine_tuning.jobs
    with pytest.raises(errors.UnexpectedArgumentError, match="keyword arguments only") as positional:
        jobs.get(FINISHED)  # type: ignore[call-arg, arg-type]
    with pytest.raises(TypeError, match="did you mean 'status'") as misspelt:
        jobs.list(stauts="RUNNING")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing this required argument"):
        jobs.get()  # type: ignore[call-arg]
    for error in (positional.value, misspelt.value):
        assert "_get" not in str(error) and "_list" not in str(error) and "FineTuningJobs" not in str(error)


# --- the small things ----------------------------------------------------------------------------------------------


def test_retries_of_the_wrong_kind_and_a_wrong_strategy_are_refused() -> None:
    jobs = Mistral(api_key="key", server_url=NOWHERE).fine_tuning.jobs
    with pytest.raises(errors.InputValidationError, match="retries"):
        jobs.list(retries=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="strategy"):
        utils.RetryConfig("exponential", utils.BackoffStrategy(1, 50, 1.1, 100), False)  # type: ignore[arg-type]


def test_a_lost_create_reply_says_the_job_may_exist_and_how_to_check(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.drop_connection(after_handling=True), times=1, method="POST")
    with (
        Mistral(api_key="key", server_url=fake_server.server_url) as mistral,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        mistral.fine_tuning.jobs.create(
            model="open-mistral-7b", hyperparameters={"training_steps": 5}, training_files=[FILE], suffix="nightly"
        )
    message = str(caught.value)
    assert "may have been created" in message
    assert "suffix='nightly'" in message  # how to find it
    assert len(fake_server.job_ids) == 4  # it was: the three examples and this one


def test_a_401_without_any_key_says_so(fake_server: FakeMistralServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with (
        Mistral(api_key="", server_url=fake_server.server_url) as mistral,
        pytest.raises(errors.AuthenticationError) as caught,
    ):
        mistral.fine_tuning.jobs.list()
    assert "no API key was sent" in caught.value.message and "MISTRAL_API_KEY" in caught.value.message
    with Mistral(api_key="wrong", server_url=fake_server.server_url) as mistral:
        server_with_key = mistral.fine_tuning.jobs.list()  # the fake takes any key: a key was sent
    assert server_with_key.total == 3


def test_a_mistral_never_closed_releases_its_client_without_a_warning(
    nothing_leaks: Callable[[], AbstractContextManager[None]],
) -> None:
    made: list[httpx2.Client] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={"total": 0, "data": []})

    class Recording(httpx2.Client):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport=httpx2.MockTransport(answer), **kwargs)
            made.append(self)

    original = httpx2.Client
    httpx2.Client = Recording  # type: ignore[misc]
    try:
        with nothing_leaks():
            mistral = Mistral(api_key="key")
            mistral.fine_tuning.jobs.list()
            del mistral
    finally:
        httpx2.Client = original  # type: ignore[misc]
    assert len(made) == 1 and made[0].is_closed


# --- the helpers on jobs --------------------------------------------------------------------------------------------


def test_jobs_iter_and_iter_pages_walk_every_job_lazily(fake_server: FakeMistralServer, mistral: Mistral) -> None:
    fake_server.add_jobs(7)
    fake_server.clear_requests()
    jobs = mistral.fine_tuning.jobs
    walk = jobs.iter(page_size=3)
    assert fake_server.requests == []  # nothing before the first job is asked for
    ids = [job.id for job in walk]
    assert len(ids) == len(set(ids)) == 10
    assert [page.total for page in jobs.iter_pages(page_size=4)] == [10, 10, 10]


async def test_jobs_iter_async_and_wait_async(fake_server: FakeMistralServer) -> None:
    async with Mistral(api_key="key", server_url=fake_server.server_url) as mistral:
        seen = [job.id async for job in mistral.fine_tuning.jobs.iter_async(page_size=2)]
        finished = await mistral.fine_tuning.jobs.wait_async(job_id=FINISHED, timeout=5)
    assert len(seen) == 3 and FINISHED in seen
    assert str(finished.status) == "SUCCESS"


def test_jobs_wait_returns_a_finished_job_and_reports_what_is_new(mistral: Mistral) -> None:
    updates: list[str] = []
    job = mistral.fine_tuning.jobs.wait(job_id=FINISHED, on_update=lambda update: updates.append(update.kind))
    assert str(job.status) == "SUCCESS"
    assert updates.count("status") == 1 and {"event", "checkpoint"} <= set(updates)
