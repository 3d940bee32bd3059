"""Wire behaviour, replayed from cassettes: every operation with its success and its typical errors, sync and async.

`make test` replays `tests/cassettes/test_cassettes/*.yaml` offline (pytest-recording's default record mode is
"none", so a request that was not recorded fails the test). `make record` starts the fake Mistral server and
re-records them all through the real client. With `MISTRAL_RECORD_URL` (e.g. https://api.mistral.ai) and
`MISTRAL_API_KEY` set, `make record` records against that server instead; tests that need an injected fault are then
skipped, and the job ids below must name jobs of your organisation in the states the tests expect.
Cassettes match on method, path, query and body, never on host or port, so a recording replays anywhere.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from mistral_fine_tuning import Mistral, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import store_files

# The documentation's example jobs, preloaded by the fake server (seed_examples=True).
FINISHED_JOB = "b888f774-3e7c-4135-a18c-6b985523c4bc"
RUNNING_JOB = "0f713502-9233-41c6-9ebd-c570b7edb496"
VALIDATED_JOB = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
UNKNOWN_JOB = "5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11"

RECORD_URL = os.environ.get("MISTRAL_RECORD_URL", "")  # record against a real server instead of the fake
RECORDING_KEY = os.environ.get("MISTRAL_API_KEY", "") if RECORD_URL else "cassette-recording-key-0123456789"
WANDB_KEY = "wandb-key-for-cassettes-0000000000000000"  # 40 characters, as the API requires
GITHUB_TOKEN = "github-token-for-cassettes-0123456789"
SECRETS = (RECORDING_KEY, WANDB_KEY, GITHUB_TOKEN)
CASSETTES = Path(__file__).parent / "cassettes"
REPLAY_URL = "http://127.0.0.1:9"  # nothing listens there: on replay every answer comes from the cassette

# Retries fast enough to record and replay in milliseconds.
QUICK_RETRIES = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 5_000), True, max_attempts=4)


def _scrub_text(text: str) -> str:
    for secret in SECRETS:
        text = text.replace(secret, "REDACTED")
    return text


def _scrub_request(request: Any) -> Any:
    """Secrets in a request body (W&B keys, GitHub tokens) never reach a cassette; matching sees the same scrub."""
    if request.body:
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        request.body = _scrub_text(body).encode()
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if body:
        text = body.decode() if isinstance(body, bytes) else body
        response["body"]["string"] = _scrub_text(text).encode()
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": ["authorization", "x-api-key"],
        "match_on": ["method", "path", "query", "body"],
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
