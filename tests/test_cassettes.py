"""Wire behaviour, replayed from cassettes: every operation with its success and its typical errors, sync and async.

`make test` replays `tests/cassettes/test_cassettes/*.yaml` offline (pytest-recording's default record mode is
"none", so a request that was not recorded fails the test). `make record` starts the fake Mistral server and
re-records them all through the real client. With `MISTRAL_RECORD_URL` (e.g. https://api.mistral.ai) and
`MISTRAL_API_KEY` set, `make record` records against that server instead; tests that need an injected fault are then
skipped, and the job ids below must name jobs of your organisation in the states the tests expect.
Cassettes match on method, path, query and body, never on host or port, so a recording replays anywhere; an upload's
multipart body is compared with its boundary (random for every request) set aside (`form_body`, in conftest.py).
Tests that change what they did not make (deleting the example file or the example job's model) are skipped when
recording a real server.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx2
import pytest
import yaml
from mistral_fine_tuning import Mistral, _api, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault
from vcr import matchers as vcr_matchers  # type: ignore[import-untyped]
from vcr.request import Request as VcrRequest  # type: ignore[import-untyped]

from tests.support import CHAT_DATA, TRAINING_FILE, same_body_or_form, store_files

# The documentation's example jobs, preloaded by the fake server (seed_examples=True).
FINISHED_JOB = "b888f774-3e7c-4135-a18c-6b985523c4bc"
RUNNING_JOB = "0f713502-9233-41c6-9ebd-c570b7edb496"
VALIDATED_JOB = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
UNKNOWN_JOB = "5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11"
# A stored training file (`TRAINING_FILE`, holding `CHAT_DATA`) and the example job's fine-tuned model.
FINETUNED_MODEL = "ft:open-mistral-7b:my-great-model:00b06687"
UNKNOWN_FILE = "5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a12"

RECORD_URL = os.environ.get("MISTRAL_RECORD_URL", "")  # record against a real server instead of the fake
RECORDING_KEY = os.environ.get("MISTRAL_API_KEY", "") if RECORD_URL else "cassette-recording-key-0123456789"
WANDB_KEY = "wandb-key-for-cassettes-0000000000000000"  # 40 characters, as the API requires
GITHUB_TOKEN = "github-token-for-cassettes-0123456789"
SECRETS = (RECORDING_KEY, WANDB_KEY, GITHUB_TOKEN)
CASSETTES = Path(__file__).parent / "cassettes"
REPLAY_URL = "http://127.0.0.1:9"  # nothing listens there: on replay every answer comes from the cassette

# Retries fast enough to record and replay in milliseconds.
QUICK_RETRIES = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 5_000), True, max_attempts=4)


def _scrub(body: bytes | str) -> bytes:
    """`body` without any secret, as bytes (an uploaded or downloaded file need not be text)."""
    data = body.encode() if isinstance(body, str) else body
    for secret in SECRETS:
        data = data.replace(secret.encode(), b"REDACTED")
    return data


def _scrub_request(request: Any) -> Any:
    """Secrets in a request body (W&B keys, GitHub tokens) never reach a cassette; matching sees the same scrub."""
    if request.body:
        request.body = _scrub(request.body)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if body:
        response["body"]["string"] = _scrub(body)
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": ["authorization", "x-api-key"],
        "match_on": ["method", "path", "query", "form_body"],
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture
def server(record_mode: str) -> Iterator[FakeMistralServer | None]:
    """The fake server while recording; None on replay (nothing must listen) or when recording a real server."""
    if record_mode == "none" or RECORD_URL:
        yield None
        return
    with FakeMistralServer(api_key=RECORDING_KEY, speed=0, seed_examples=True) as fake:
        store_files(fake)  # the training file the create tests name, stored as an upload would
        yield fake


@pytest.fixture
def server_url(server: FakeMistralServer | None, record_mode: str) -> str:
    if server is not None:
        return server.server_url
    return RECORD_URL if RECORD_URL and record_mode != "none" else REPLAY_URL


@pytest.fixture
def mistral(server_url: str) -> Iterator[Mistral]:
    with Mistral(api_key=RECORDING_KEY, server_url=server_url) as client:
        yield client


@pytest.fixture
async def async_mistral(server_url: str) -> AsyncIterator[Mistral]:
    async with Mistral(api_key=RECORDING_KEY, server_url=server_url) as client:
        yield client


Inject = Callable[[Fault], None]


@pytest.fixture
def destructive(record_mode: str) -> None:
    """For a test that deletes something it did not make: never against a real server."""
    if RECORD_URL and record_mode != "none":
        pytest.skip("would delete a file or a model of the organisation")


@pytest.fixture
def inject(server: FakeMistralServer | None, record_mode: str) -> Inject:
    """Queues a fault for the next request while recording; on replay the cassette already holds its answer."""
    if server is None and record_mode != "none":
        pytest.skip("a real server cannot be told to fail")

    def queue(fault: Fault) -> None:
        if server is not None:
            server.inject(fault, times=1)

    return queue


# -- list ---------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_list_returns_a_page_of_typed_jobs(mistral: Mistral) -> None:
    page = mistral.fine_tuning.jobs.list()
    assert isinstance(page, models.JobsOut)
    assert page.total == 3
    assert isinstance(page.data, list)
    assert {job.id for job in page.data if not isinstance(job, models.UnknownVariant)} == {
        FINISHED_JOB,
        RUNNING_JOB,
        VALIDATED_JOB,
    }


@pytest.mark.vcr
def test_list_sends_every_filter(mistral: Mistral) -> None:
    page = mistral.fine_tuning.jobs.list(
        page=0,
        page_size=2,
        model="open-mistral-7b",
        created_after="2020-01-01T00:00:00+00:00",
        created_by_me=True,
        status="SUCCESS",
        suffix=None,
    )
    assert isinstance(page.data, list)
    assert all(job.status == "SUCCESS" for job in page.data if not isinstance(job, models.UnknownVariant))
    assert len(page.data) <= 2


@pytest.mark.vcr
def test_list_without_a_key_is_an_authentication_error(server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with Mistral(server_url=server_url) as anonymous, pytest.raises(models.AuthenticationError) as caught:
        anonymous.fine_tuning.jobs.list()
    assert caught.value.status_code == 401
    assert caught.value.request_id


@pytest.mark.vcr
def test_list_retries_after_a_429(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(429, headers={"Retry-After": "0"}))
    page = mistral.fine_tuning.jobs.list(retries=QUICK_RETRIES)
    assert page.total == 3


@pytest.mark.vcr
def test_list_retries_after_a_500(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(500))
    page = mistral.fine_tuning.jobs.list(retries=QUICK_RETRIES)
    assert page.total == 3


@pytest.mark.vcr
async def test_list_async(async_mistral: Mistral) -> None:
    page = await async_mistral.fine_tuning.jobs.list_async(page_size=1)
    assert page.total == 3
    assert isinstance(page.data, list)
    assert len(page.data) == 1


# -- create -------------------------------------------------------------------------------------------------------


def _create_arguments() -> dict[str, Any]:
    return {
        "model": "open-mistral-7b",
        "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
        "training_files": [{"file_id": "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1", "weight": 1.0}],
        "suffix": "cassette",
        "integrations": [{"project": "cassettes", "api_key": WANDB_KEY}],
        "repositories": [{"name": "data", "owner": "someone", "token": GITHUB_TOKEN}],
        "auto_start": False,
    }


@pytest.mark.vcr
def test_create_returns_the_queued_job(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.create(**_create_arguments())
    assert isinstance(job, models.CompletionJobOut)
    assert job.status == "QUEUED"
    assert job.suffix == "cassette"
    assert isinstance(job.integrations, list)
    assert job.integrations[0].project == "cassettes"
    assert isinstance(job.repositories, list)
    assert job.repositories[0].name == "data"


@pytest.mark.vcr
def test_create_a_classifier_job(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.create(
        model="ministral-3b-latest",
        job_type="classifier",
        hyperparameters={"training_steps": 5},
        training_files=["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"],
        classifier_targets=[{"name": "sentiment", "labels": ["negative", "positive"]}],
    )
    assert isinstance(job, models.ClassifierJobOut)
    assert job.job_type == "classifier"


@pytest.mark.vcr
def test_create_dry_run_returns_estimates(mistral: Mistral) -> None:
    estimate = mistral.fine_tuning.jobs.create(**_create_arguments(), dry_run=True)
    assert isinstance(estimate, models.LegacyJobMetadataOut)
    assert estimate.object_ == "job.metadata"
    assert isinstance(estimate.training_steps, int)


@pytest.mark.vcr
def test_create_with_a_bad_learning_rate_is_unprocessable(mistral: Mistral) -> None:
    arguments = _create_arguments()
    arguments["hyperparameters"] = {"learning_rate": 5.0}
    with pytest.raises(models.UnprocessableEntityError) as caught:
        mistral.fine_tuning.jobs.create(**arguments)
    locations = [tuple(item["loc"]) for item in caught.value.detail]
    assert ("body", "hyperparameters", "learning_rate") in locations
    assert WANDB_KEY not in str(caught.value)


@pytest.mark.vcr
def test_create_retries_after_a_503(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(503, headers={"Retry-After": "0"}))
    job = mistral.fine_tuning.jobs.create(**_create_arguments(), retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionJobOut)


@pytest.mark.vcr
def test_create_is_not_resent_after_a_500(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(500))
    with pytest.raises(models.InternalServerError):
        mistral.fine_tuning.jobs.create(**_create_arguments(), retries=QUICK_RETRIES)


@pytest.mark.vcr
async def test_create_async(async_mistral: Mistral) -> None:
    job = await async_mistral.fine_tuning.jobs.create_async(**_create_arguments())
    assert isinstance(job, models.CompletionJobOut)


# -- get ----------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_get_returns_events_and_checkpoints(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert job.status == "SUCCESS"
    assert isinstance(job.checkpoints, list)
    assert job.checkpoints
    assert isinstance(job.checkpoints[0].metrics, models.MetricOut)
    assert isinstance(job.events, list)
    assert job.events


@pytest.mark.vcr
def test_get_an_unknown_job_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError) as caught:
        mistral.fine_tuning.jobs.get(job_id=UNKNOWN_JOB)
    assert UNKNOWN_JOB in caught.value.body


@pytest.mark.vcr
def test_get_a_malformed_id_is_unprocessable(mistral: Mistral) -> None:
    with pytest.raises(models.UnprocessableEntityError) as caught:
        mistral.fine_tuning.jobs.get(job_id="not-a-uuid")
    assert caught.value.detail[0]["loc"] == ["path", "job_id"]


@pytest.mark.vcr
def test_get_retries_after_a_502_and_a_429(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.html(502))
    inject(Fault.error(429, headers={"Retry-After": "0"}))
    job = mistral.fine_tuning.jobs.get(job_id=FINISHED_JOB, retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionDetailedJobOut)


@pytest.mark.vcr
def test_get_gives_up_on_a_persistent_503(mistral: Mistral, inject: Inject) -> None:
    for _ in range(QUICK_RETRIES.max_attempts or 0):
        inject(Fault.error(503))
    with pytest.raises(models.InternalServerError) as caught:
        mistral.fine_tuning.jobs.get(job_id=FINISHED_JOB, retries=QUICK_RETRIES)
    assert caught.value.status_code == 503


@pytest.mark.vcr
async def test_get_async(async_mistral: Mistral) -> None:
    job = await async_mistral.fine_tuning.jobs.get_async(job_id=FINISHED_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert job.id == FINISHED_JOB


@pytest.mark.vcr
async def test_get_async_retries_after_a_503(async_mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(503, headers={"Retry-After": "0"}))
    job = await async_mistral.fine_tuning.jobs.get_async(job_id=FINISHED_JOB, retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionDetailedJobOut)


# -- cancel -------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_cancel_a_running_job(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.cancel(job_id=RUNNING_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert job.status == "CANCELLATION_REQUESTED"


@pytest.mark.vcr
def test_cancel_a_finished_job_is_a_conflict(mistral: Mistral) -> None:
    with pytest.raises(models.ConflictError) as caught:
        mistral.fine_tuning.jobs.cancel(job_id=FINISHED_JOB)
    assert caught.value.status_code == 409


@pytest.mark.vcr
def test_cancel_an_unknown_job_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError):
        mistral.fine_tuning.jobs.cancel(job_id=UNKNOWN_JOB)


@pytest.mark.vcr
def test_cancel_retries_after_a_503(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(503, headers={"Retry-After": "0"}))
    job = mistral.fine_tuning.jobs.cancel(job_id=RUNNING_JOB, retries=QUICK_RETRIES)
    assert job.status == "CANCELLATION_REQUESTED"


@pytest.mark.vcr
async def test_cancel_async(async_mistral: Mistral) -> None:
    job = await async_mistral.fine_tuning.jobs.cancel_async(job_id=RUNNING_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert job.status == "CANCELLATION_REQUESTED"


# -- start --------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_start_a_validated_job(mistral: Mistral) -> None:
    job = mistral.fine_tuning.jobs.start(job_id=VALIDATED_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert job.status in {"QUEUED", "RUNNING"}  # a started job waits for training capacity, then runs


@pytest.mark.vcr
def test_start_a_finished_job_is_a_conflict(mistral: Mistral) -> None:
    with pytest.raises(models.ConflictError):
        mistral.fine_tuning.jobs.start(job_id=FINISHED_JOB)


@pytest.mark.vcr
def test_start_without_a_key_is_an_authentication_error(server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with Mistral(server_url=server_url) as anonymous, pytest.raises(models.AuthenticationError):
        anonymous.fine_tuning.jobs.start(job_id=VALIDATED_JOB)


@pytest.mark.vcr
def test_start_retries_after_a_429(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(429, headers={"Retry-After": "0"}))
    job = mistral.fine_tuning.jobs.start(job_id=VALIDATED_JOB, retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionDetailedJobOut)


@pytest.mark.vcr
async def test_start_async(async_mistral: Mistral) -> None:
    job = await async_mistral.fine_tuning.jobs.start_async(job_id=VALIDATED_JOB)
    assert isinstance(job, models.CompletionDetailedJobOut)


# -- the same errors across operations ----------------------------------------------------------------------------


def _call(client: Mistral, operation: str, job_id: str = VALIDATED_JOB) -> object:
    jobs = client.fine_tuning.jobs
    if operation == "list":
        return jobs.list()
    if operation == "create":
        return jobs.create(**_create_arguments())
    method: Any = getattr(jobs, operation)
    return method(job_id=job_id)


@pytest.mark.vcr
@pytest.mark.parametrize("operation", ["create", "get", "cancel"])
def test_a_wrong_key_is_an_authentication_error(server_url: str, operation: str) -> None:
    stranger = Mistral(api_key="not-the-right-key-0000", server_url=server_url)
    with stranger, pytest.raises(models.AuthenticationError) as caught:
        _call(stranger, operation)
    assert "not-the-right-key-0000" not in str(caught.value)


@pytest.mark.vcr
@pytest.mark.parametrize("operation", ["cancel", "start"])
def test_a_malformed_id_is_unprocessable(mistral: Mistral, operation: str) -> None:
    with pytest.raises(models.UnprocessableEntityError) as caught:
        _call(mistral, operation, job_id="not-a-uuid")
    assert caught.value.detail[0]["loc"] == ["path", "job_id"]


@pytest.mark.vcr
def test_start_an_unknown_job_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError):
        mistral.fine_tuning.jobs.start(job_id=UNKNOWN_JOB)


@pytest.mark.vcr
@pytest.mark.parametrize("status", [500, 502, 504])
def test_start_retries_after_a_server_error(mistral: Mistral, inject: Inject, status: int) -> None:
    inject(Fault.error(status))
    job = mistral.fine_tuning.jobs.start(job_id=VALIDATED_JOB, retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionDetailedJobOut)


@pytest.mark.vcr
def test_create_retries_after_a_429(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(429, headers={"retry-after-ms": "1"}))
    job = mistral.fine_tuning.jobs.create(**_create_arguments(), retries=QUICK_RETRIES)
    assert isinstance(job, models.CompletionJobOut)


@pytest.mark.vcr
async def test_list_async_retries_after_a_429(async_mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(429, headers={"Retry-After": "0"}))
    page = await async_mistral.fine_tuning.jobs.list_async(retries=QUICK_RETRIES)
    assert page.total == 3


@pytest.mark.vcr
async def test_get_async_an_unknown_job_is_not_found(async_mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError):
        await async_mistral.fine_tuning.jobs.get_async(job_id=UNKNOWN_JOB)


@pytest.mark.vcr
async def test_create_async_is_not_resent_after_a_502(async_mistral: Mistral, inject: Inject) -> None:
    inject(Fault.html(502))
    with pytest.raises(models.InternalServerError) as caught:
        await async_mistral.fine_tuning.jobs.create_async(**_create_arguments(), retries=QUICK_RETRIES)
    assert "text/html" in caught.value.message


# -- files: upload ------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_files_upload_a_path_and_train_on_it(mistral: Mistral, tmp_path: Path) -> None:
    path = tmp_path / "cassette-train.jsonl"
    path.write_bytes(CHAT_DATA)
    uploaded = mistral.files.upload(file=path, purpose="fine-tune")
    assert isinstance(uploaded, models.UploadFileOut)
    assert (uploaded.filename, uploaded.bytes_, uploaded.purpose) == (
        "cassette-train.jsonl",
        len(CHAT_DATA),
        "fine-tune",
    )
    job = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b",
        training_files=[{"file_id": uploaded.id, "weight": 1}],
        hyperparameters={"training_steps": 10},
    )
    assert isinstance(job, models.CompletionJobOut)
    assert job.training_files == [uploaded.id]


@pytest.mark.vcr
def test_files_upload_the_cookbook_shape_with_progress(mistral: Mistral, tmp_path: Path) -> None:
    path = tmp_path / "cookbook.jsonl"
    path.write_bytes(CHAT_DATA)
    progress: list[tuple[int, int | None]] = []
    with path.open("rb") as opened:
        uploaded = mistral.files.upload(
            file={"file_name": "cookbook.jsonl", "content": opened},
            on_progress=lambda sent, total: progress.append((sent, total)),
        )
    assert uploaded.filename == "cookbook.jsonl"
    assert progress[-1] == (len(CHAT_DATA), len(CHAT_DATA))
    assert mistral.files.retrieve(file_id=uploaded.id).bytes_ == len(CHAT_DATA)


@pytest.mark.vcr
def test_files_upload_raw(mistral: Mistral) -> None:
    raw = mistral.files.with_raw_response.upload(
        file={"file_name": "raw.jsonl", "content": CHAT_DATA, "content_type": "application/jsonl"}, purpose="batch"
    )
    assert raw.status_code == 200
    uploaded = raw.parse()
    assert isinstance(uploaded, models.UploadFileOut)
    assert (uploaded.filename, uploaded.purpose) == ("raw.jsonl", "batch")


@pytest.mark.vcr
def test_files_upload_retries_after_a_503_sending_the_same_form(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(503, headers={"Retry-After": "0"}))
    uploaded = mistral.files.upload(file={"file_name": "again.jsonl", "content": CHAT_DATA}, retries=QUICK_RETRIES)
    assert uploaded.bytes_ == len(CHAT_DATA)


@pytest.mark.vcr
def test_files_upload_is_not_resent_after_a_500(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(500))
    with pytest.raises(models.InternalServerError):
        mistral.files.upload(file={"file_name": "once.jsonl", "content": CHAT_DATA}, retries=QUICK_RETRIES)


@pytest.mark.vcr
async def test_files_upload_async(async_mistral: Mistral) -> None:
    uploaded = await async_mistral.files.upload_async(file={"file_name": "async.jsonl", "content": CHAT_DATA.decode()})
    assert (uploaded.filename, uploaded.bytes_) == ("async.jsonl", len(CHAT_DATA))
    aliased: Any = {"fileName": "alias.jsonl", "content": CHAT_DATA}  # mistralai's alias of file_name
    raw = await async_mistral.files.with_raw_response.upload_async(file=aliased)
    assert raw.parse().filename == "alias.jsonl"


# -- files: list, retrieve, delete --------------------------------------------------------------------------------


@pytest.mark.vcr
def test_files_list_with_filters(mistral: Mistral) -> None:
    page = mistral.files.list(page_size=2, purpose="fine-tune", search="jsonl", include_total=False)
    assert isinstance(page, models.ListFilesOut)
    assert len(page.data) == 2
    assert page.total is None
    counted = mistral.files.with_raw_response.list(sample_type=["instruct"], source=["upload"]).parse()
    assert counted.total == len(counted.data) >= 1


@pytest.mark.vcr
def test_files_iter_pages_through_every_file(mistral: Mistral) -> None:
    total = mistral.files.list().total
    assert isinstance(total, int) and total > 2
    ids = [file.id for file in mistral.files.iter(page_size=2)]
    assert len(ids) == len(set(ids)) == total
    assert TRAINING_FILE in ids


@pytest.mark.vcr
async def test_files_list_and_iter_async(async_mistral: Mistral) -> None:
    page = await async_mistral.files.list_async(page_size=1)
    assert len(page.data) == 1
    ids = [file.id async for file in async_mistral.files.iter_async(page_size=3, include_total=False)]
    assert len(ids) == page.total


@pytest.mark.vcr
def test_files_retrieve(mistral: Mistral) -> None:
    file = mistral.files.retrieve(file_id=TRAINING_FILE)
    assert isinstance(file, models.RetrieveFileOut)
    assert (file.id, file.deleted, file.bytes_) == (TRAINING_FILE, False, len(CHAT_DATA))
    raw = mistral.files.with_raw_response.retrieve(file_id=TRAINING_FILE)
    assert raw.parse().to_dict() == file.to_dict()


@pytest.mark.vcr
async def test_files_retrieve_async(async_mistral: Mistral) -> None:
    file = await async_mistral.files.retrieve_async(file_id=TRAINING_FILE)
    assert file.id == TRAINING_FILE
    raw = await async_mistral.files.with_raw_response.retrieve_async(file_id=TRAINING_FILE)
    assert raw.parse().id == TRAINING_FILE


@pytest.mark.vcr
def test_files_retrieve_an_unknown_file_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError) as caught:
        mistral.files.retrieve(file_id=UNKNOWN_FILE)
    assert UNKNOWN_FILE in caught.value.body
    with pytest.raises(models.UnprocessableEntityError):
        mistral.files.retrieve(file_id="not-a-file-id")


@pytest.mark.vcr
def test_files_delete_then_not_found(mistral: Mistral, destructive: None) -> None:
    deleted = mistral.files.delete(file_id=TRAINING_FILE)
    assert isinstance(deleted, models.DeleteFileOut)
    assert (deleted.id, deleted.deleted) == (TRAINING_FILE, True)
    with pytest.raises(models.NotFoundError):
        mistral.files.retrieve(file_id=TRAINING_FILE)
    with pytest.raises(models.NotFoundError):
        mistral.files.with_raw_response.delete(file_id=TRAINING_FILE)


@pytest.mark.vcr
async def test_files_delete_async(async_mistral: Mistral) -> None:
    uploaded = await async_mistral.files.upload_async(file={"file_name": "gone.jsonl", "content": CHAT_DATA})
    deleted = await async_mistral.files.delete_async(file_id=uploaded.id)
    assert (deleted.id, deleted.deleted) == (uploaded.id, True)
    again = await async_mistral.files.upload_async(file={"file_name": "gone-too.jsonl", "content": CHAT_DATA})
    raw = await async_mistral.files.with_raw_response.delete_async(file_id=again.id)
    assert raw.parse().deleted is True


# -- files: download, signed URLs ---------------------------------------------------------------------------------


@pytest.mark.vcr
def test_files_download(mistral: Mistral, tmp_path: Path) -> None:
    download = mistral.files.download(file_id=TRAINING_FILE)
    assert not download.is_stream_consumed
    assert download.read() == CHAT_DATA
    download.close()
    with mistral.files.download(file_id=TRAINING_FILE) as streamed:
        assert b"".join(streamed.iter_bytes()) == CHAT_DATA
    raw = mistral.files.with_raw_response.download(file_id=TRAINING_FILE)
    with raw.parse() as parsed:
        assert parsed.read() == CHAT_DATA
    target = tmp_path / "saved.jsonl"
    assert mistral.files.download_to(target, file_id=TRAINING_FILE) == len(CHAT_DATA)
    assert target.read_bytes() == CHAT_DATA
    assert sorted(path.name for path in tmp_path.iterdir()) == ["saved.jsonl"]


@pytest.mark.vcr
async def test_files_download_async(async_mistral: Mistral, tmp_path: Path) -> None:
    async with await async_mistral.files.download_async(file_id=TRAINING_FILE) as download:
        assert b"".join([chunk async for chunk in download.aiter_bytes()]) == CHAT_DATA
    read = await async_mistral.files.download_async(file_id=TRAINING_FILE)
    assert await read.aread() == CHAT_DATA
    await read.aclose()
    raw = await async_mistral.files.with_raw_response.download_async(file_id=TRAINING_FILE)
    parsed = raw.parse()
    assert await parsed.aread() == CHAT_DATA
    await parsed.aclose()
    target = tmp_path / "saved.jsonl"
    assert await async_mistral.files.download_to_async(target, file_id=TRAINING_FILE) == len(CHAT_DATA)
    assert target.read_bytes() == CHAT_DATA


@pytest.mark.vcr
def test_files_download_answered_with_json_is_a_response_validation_error(
    mistral: Mistral, inject: Inject, tmp_path: Path
) -> None:
    inject(Fault.error(200, {"message": "not ready"}))
    with pytest.raises(models.ResponseValidationError, match="not the file's bytes"):
        mistral.files.download_to(tmp_path / "saved.jsonl", file_id=TRAINING_FILE)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.vcr
def test_files_download_or_sign_an_unknown_file_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError):
        mistral.files.download(file_id=UNKNOWN_FILE)
    with pytest.raises(models.NotFoundError):
        mistral.files.get_signed_url(file_id=UNKNOWN_FILE)


@pytest.mark.vcr
def test_files_get_signed_url_serves_the_file_without_the_key(mistral: Mistral) -> None:
    signed = mistral.files.get_signed_url(file_id=TRAINING_FILE, expiry=1)
    assert isinstance(signed, models.FileSignedURL)
    assert RECORDING_KEY not in signed.url
    with httpx2.Client() as anonymous:
        answer = anonymous.get(signed.url)
    assert answer.status_code == 200 and answer.content == CHAT_DATA
    raw = mistral.files.with_raw_response.get_signed_url(file_id=TRAINING_FILE)
    assert raw.parse().url.startswith(("http://", "https://"))


@pytest.mark.vcr
async def test_files_get_signed_url_async(async_mistral: Mistral) -> None:
    signed = await async_mistral.files.get_signed_url_async(file_id=TRAINING_FILE)
    async with httpx2.AsyncClient() as anonymous:
        answer = await anonymous.get(signed.url)
    assert answer.content == CHAT_DATA
    raw = await async_mistral.files.with_raw_response.get_signed_url_async(file_id=TRAINING_FILE, expiry=2)
    assert raw.status_code == 200


@pytest.mark.vcr
@pytest.mark.parametrize("operation", ["upload", "list", "retrieve", "download"])
def test_files_a_wrong_key_is_an_authentication_error(server_url: str, operation: str) -> None:
    arguments: dict[str, dict[str, Any]] = {
        "upload": {"file": {"file_name": "denied.jsonl", "content": CHAT_DATA}},
        "list": {},
        "retrieve": {"file_id": TRAINING_FILE},
        "download": {"file_id": TRAINING_FILE},
    }
    stranger = Mistral(api_key="not-the-right-key-0000", server_url=server_url)
    with stranger, pytest.raises(models.AuthenticationError) as caught:
        getattr(stranger.files, operation)(**arguments[operation])
    assert "not-the-right-key-0000" not in str(caught.value)


# -- models -------------------------------------------------------------------------------------------------------


@pytest.mark.vcr
def test_models_retrieve_a_fine_tuned_and_a_base_model(mistral: Mistral) -> None:
    card = mistral.models.retrieve(model_id=FINETUNED_MODEL)
    assert isinstance(card, models.FTModelCard)
    assert (card.id, card.job, card.type_) == (FINETUNED_MODEL, FINISHED_JOB, "fine-tuned")
    base = mistral.models.retrieve(model_id="open-mistral-7b")
    assert isinstance(base, models.BaseModelCard)
    assert base.type_ == "base"
    raw = mistral.models.with_raw_response.retrieve(model_id=FINETUNED_MODEL)
    assert raw.parse().to_dict() == card.to_dict()


@pytest.mark.vcr
async def test_models_retrieve_async(async_mistral: Mistral) -> None:
    card = await async_mistral.models.retrieve_async(model_id=FINETUNED_MODEL)
    assert isinstance(card, models.FTModelCard)
    raw = await async_mistral.models.with_raw_response.retrieve_async(model_id="ministral-3b-latest")
    assert isinstance(raw.parse(), models.BaseModelCard)


@pytest.mark.vcr
def test_models_retrieve_an_unknown_model_is_not_found(mistral: Mistral) -> None:
    with pytest.raises(models.NotFoundError):
        mistral.models.retrieve(model_id="ft:open-mistral-7b:nobody:00000000")


@pytest.mark.vcr
def test_models_update_sends_only_the_fields_given(mistral: Mistral) -> None:
    renamed = mistral.models.update(model_id=FINETUNED_MODEL, name="cassette model")
    assert isinstance(renamed, models.CompletionFTModelOut)
    assert (renamed.id, renamed.name) == (FINETUNED_MODEL, "cassette model")
    cleared = mistral.models.update(model_id=FINETUNED_MODEL, description=None)
    assert (cleared.name, cleared.description) == ("cassette model", None)
    raw = mistral.models.with_raw_response.update(model_id=FINETUNED_MODEL)
    assert raw.parse().name == "cassette model"


@pytest.mark.vcr
async def test_models_update_async(async_mistral: Mistral) -> None:
    updated = await async_mistral.models.update_async(model_id=FINETUNED_MODEL, description="async")
    assert updated.description == "async"
    raw = await async_mistral.models.with_raw_response.update_async(model_id=FINETUNED_MODEL, name="raw async")
    assert raw.parse().name == "raw async"


@pytest.mark.vcr
def test_models_archive_and_unarchive(mistral: Mistral) -> None:
    archived = mistral.models.archive(model_id=FINETUNED_MODEL)
    assert isinstance(archived, models.ArchiveFTModelOut)
    assert (archived.id, archived.archived) == (FINETUNED_MODEL, True)
    card = mistral.models.retrieve(model_id=FINETUNED_MODEL)
    assert isinstance(card, models.FTModelCard) and card.archived is True
    unarchived = mistral.models.unarchive(model_id=FINETUNED_MODEL)
    assert isinstance(unarchived, models.UnarchiveFTModelOut)
    assert (unarchived.id, unarchived.archived) == (FINETUNED_MODEL, False)
    assert mistral.models.with_raw_response.archive(model_id=FINETUNED_MODEL).parse().archived is True
    assert mistral.models.with_raw_response.unarchive(model_id=FINETUNED_MODEL).parse().archived is False


@pytest.mark.vcr
async def test_models_archive_and_unarchive_async(async_mistral: Mistral) -> None:
    archived = await async_mistral.models.archive_async(model_id=FINETUNED_MODEL)
    assert archived.archived is True
    unarchived = await async_mistral.models.unarchive_async(model_id=FINETUNED_MODEL)
    assert unarchived.archived is False
    raw_archived = await async_mistral.models.with_raw_response.archive_async(model_id=FINETUNED_MODEL)
    assert raw_archived.parse().archived is True
    raw_unarchived = await async_mistral.models.with_raw_response.unarchive_async(model_id=FINETUNED_MODEL)
    assert raw_unarchived.parse().archived is False


@pytest.mark.vcr
def test_models_delete_then_not_found(mistral: Mistral, destructive: None) -> None:
    deleted = mistral.models.delete(model_id=FINETUNED_MODEL)
    assert isinstance(deleted, models.DeleteModelOut)
    assert (deleted.id, deleted.deleted) == (FINETUNED_MODEL, True)
    with pytest.raises(models.NotFoundError):
        mistral.models.retrieve(model_id=FINETUNED_MODEL)
    with pytest.raises(models.NotFoundError):
        mistral.models.with_raw_response.delete(model_id=FINETUNED_MODEL)


@pytest.mark.vcr
async def test_models_delete_async(async_mistral: Mistral, destructive: None) -> None:
    raw = await async_mistral.models.with_raw_response.delete_async(model_id=FINETUNED_MODEL)
    assert raw.parse().deleted is True
    with pytest.raises(models.NotFoundError):
        await async_mistral.models.delete_async(model_id=FINETUNED_MODEL)


@pytest.mark.vcr
def test_models_a_base_model_cannot_be_changed(mistral: Mistral) -> None:
    with pytest.raises(models.PermissionDeniedError):
        mistral.models.update(model_id="open-mistral-7b", name="mine now")
    for operation in ("archive", "unarchive", "delete"):
        with pytest.raises(models.PermissionDeniedError):
            getattr(mistral.models, operation)(model_id="open-mistral-7b")


@pytest.mark.vcr
def test_models_an_answer_about_another_model_is_refused(mistral: Mistral, inject: Inject) -> None:
    inject(Fault.error(200, payload={"id": "ft:open-mistral-7b:other:11111111", "object": "model", "archived": True}))
    with pytest.raises(models.ResponseValidationError, match="not the id="):
        mistral.models.archive(model_id=FINETUNED_MODEL)


# -- the cassettes themselves -------------------------------------------------------------------------------------


def test_no_cassette_holds_a_secret() -> None:
    cassettes = sorted(CASSETTES.rglob("*.yaml"))
    assert len(cassettes) >= 40, "the cassettes are missing: run `make record`"
    for path in cassettes:
        text = path.read_text()
        for secret in SECRETS:
            assert secret not in text, f"{path.name} holds a secret"
        assert not re.search(r"bearer [\w.-]", text, re.IGNORECASE), f"{path.name} holds a bearer token"
        for interaction in yaml.safe_load(text)["interactions"]:
            headers = {name.lower() for name in interaction["request"]["headers"]}
            assert "authorization" not in headers, f"{path.name} holds an Authorization header"


def test_cassettes_record_the_wire_format() -> None:
    """The recorded create request is compact JSON carrying exactly what the test passed (secrets scrubbed)."""
    path = CASSETTES / "test_cassettes" / "test_create_returns_the_queued_job.yaml"
    interactions = yaml.safe_load(path.read_text())["interactions"]
    request = interactions[0]["request"]
    assert request["method"] == "POST"
    body = json.loads(request["body"])
    assert body["integrations"] == [{"project": "cassettes", "api_key": "REDACTED"}]
    assert body["repositories"] == [{"name": "data", "owner": "someone", "token": "REDACTED"}]
    assert set(body) == {
        "model",
        "hyperparameters",
        "training_files",
        "suffix",
        "integrations",
        "repositories",
        "auto_start",
    }
    assert request["headers"]["user-agent"][0].startswith("mistral-fine-tuning-python/")


def _recorded() -> list[dict[str, Any]]:
    """Every request recorded in the cassettes."""
    return [
        interaction["request"]
        for path in sorted(CASSETTES.rglob("*.yaml"))
        for interaction in yaml.safe_load(path.read_text())["interactions"]
    ]


def test_every_operation_of_the_spec_has_cassettes() -> None:
    """Each route of the spec (jobs, files, models) was recorded, with a success and with an error answer."""
    recorded = [
        (request["method"], urlsplit(request["uri"]).path, interaction_status)
        for path in sorted(CASSETTES.rglob("*.yaml"))
        for interaction in yaml.safe_load(path.read_text())["interactions"]
        for request, interaction_status in [(interaction["request"], interaction["response"]["status"]["code"])]
    ]
    for _, method, route in _api.ROUTES:
        pattern = re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(route)) + "$")
        statuses = {
            status for sent, path, status in recorded if sent == method.upper() and pattern.match(unquote(path))
        }
        assert 200 in statuses, f"no cassette records a success of {method.upper()} {route}"
        assert statuses - {200}, f"no cassette records an error answer to {method.upper()} {route}"


def test_an_upload_replays_whatever_its_boundary_but_not_with_other_contents() -> None:
    """The boundary of a form is random: replay compares the forms without it, and still compares the file."""
    [recorded, *_] = [
        request for request in _recorded() if request["method"] == "POST" and "/v1/files" in request["uri"]
    ]
    (boundary,) = re.findall(r"boundary=(\w+)", recorded["headers"]["content-type"][0])
    body = recorded["body"].encode()

    def request(content: bytes, new_boundary: str) -> VcrRequest:
        headers = {"Content-Type": f"multipart/form-data; boundary={new_boundary}"}
        return VcrRequest("POST", recorded["uri"], content.replace(boundary.encode(), new_boundary.encode()), headers)

    stored = request(body, boundary)
    same_body_or_form(stored, request(body, "0123456789abcdef0123456789abcdef"))  # matches: no exception
    altered = body.replace(b"Hello", b"Howdy")
    assert altered != body
    with pytest.raises(AssertionError):
        same_body_or_form(stored, request(altered, "0123456789abcdef0123456789abcdef"))
    with pytest.raises(AssertionError):  # vcrpy's own `body` matcher would not replay it
        vcr_matchers.body(stored, request(body, "0123456789abcdef0123456789abcdef"))
