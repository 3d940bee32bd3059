"""The `Mistral` client end to end: the seed examples, what each operation puts on the wire, headers, server URLs,
context managers, timeouts, and how responses (including unknown job types) are read.

Requests go to the in-process fake server on 127.0.0.1 or to an `httpx2.MockTransport`; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
import os
import time
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import (
    FINISHED,
    JOB,
    JOBS,
    KEY,
    RUNNING,
    SSL_CONTEXT,
    SYNC_ASYNC,
    VALIDATED,
    Recorder,
    connected,
    mock_mistral,
    run,
    sync_connected,
)

UTC = datetime.UTC
PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))
DEFAULT_QUERY = "page=0&page_size=100&created_by_me=false"
REAL_CLIENT = httpx2.Client
REAL_ASYNC_CLIENT = httpx2.AsyncClient


def jobs_of(page: models.JobsOut) -> list[Any]:
    """The jobs of a page, asserting the server sent `data`."""
    assert isinstance(page.data, list)
    return list(page.data)


def ids_of(page: models.JobsOut) -> list[str]:
    return [job.to_dict()["id"] for job in jobs_of(page)]


# --- the seed examples, verbatim ----------------------------------------------------------------------------------


def check_seed_log(server: FakeMistralServer) -> None:
    sent = [(r.method, r.path, r.query, r.status) for r in server.requests]
    assert sent == [
        ("GET", JOBS, DEFAULT_QUERY, 200),
        ("POST", JOBS, "", 200),
        ("GET", f"{JOBS}/{FINISHED}", "", 200),
        ("POST", f"{JOBS}/{RUNNING}/cancel", "", 200),
        ("POST", f"{JOBS}/{VALIDATED}/start", "", 200),
        ("GET", JOBS, DEFAULT_QUERY, 200),
    ]
    assert all(r.header("authorization") == "Bearer <redacted>" for r in server.requests)
    assert server.requests[1].json() == {"model": "Fiesta", "hyperparameters": {"learning_rate": 0.0001}}


def test_seed_examples_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    # The server accepts only KEY: every 200 below proves the key came from MISTRAL_API_KEY.
    with FakeMistralServer(api_key=KEY, speed=0, seed_examples=True) as server:
        monkeypatch.setenv("MISTRAL_SERVER_URL", server.server_url)
        monkeypatch.setenv("MISTRAL_API_KEY", KEY)

        with Mistral(api_key=os.getenv("MISTRAL_API_KEY", "")) as mistral:
            listed = mistral.fine_tuning.jobs.list()
            created = mistral.fine_tuning.jobs.create(model="Fiesta", hyperparameters={"learning_rate": 0.0001})
            got = mistral.fine_tuning.jobs.get(job_id="b888f774-3e7c-4135-a18c-6b985523c4bc")
            cancelled = mistral.fine_tuning.jobs.cancel(job_id="0f713502-9233-41c6-9ebd-c570b7edb496")
            started = mistral.fine_tuning.jobs.start(job_id="0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc")
            relisted = mistral.fine_tuning.jobs.list(
                retries=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
            )

        check_seed_log(server)

    assert isinstance(listed, models.JobsOut)
    assert listed.total == 3
    assert set(ids_of(listed)) == {FINISHED, RUNNING, VALIDATED}
    assert isinstance(created, models.CompletionJobOut)
    assert created.model == "Fiesta"
    assert created.hyperparameters.learning_rate == 0.0001
    assert created.status == "QUEUED"
    assert isinstance(got, models.CompletionDetailedJobOut)
    assert (got.id, got.status) == (FINISHED, "SUCCESS")
    assert isinstance(cancelled, models.CompletionDetailedJobOut)
    assert (cancelled.id, cancelled.status) == (RUNNING, "CANCELLATION_REQUESTED")
    assert isinstance(started, models.CompletionDetailedJobOut)
    assert (started.id, started.status) == (VALIDATED, "QUEUED")  # queued for training, then RUNNING
    assert relisted.total == 4
    assert created.id in ids_of(relisted)


async def test_seed_examples_async(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeMistralServer(api_key=KEY, speed=0, seed_examples=True) as server:
        monkeypatch.setenv("MISTRAL_SERVER_URL", server.server_url)
        monkeypatch.setenv("MISTRAL_API_KEY", KEY)

        async with Mistral(api_key=os.getenv("MISTRAL_API_KEY", "")) as mistral:
            listed = await mistral.fine_tuning.jobs.list_async()
            created = await mistral.fine_tuning.jobs.create_async(
                model="Fiesta", hyperparameters={"learning_rate": 0.0001}
            )
            got = await mistral.fine_tuning.jobs.get_async(job_id="b888f774-3e7c-4135-a18c-6b985523c4bc")
            cancelled = await mistral.fine_tuning.jobs.cancel_async(job_id="0f713502-9233-41c6-9ebd-c570b7edb496")
            started = await mistral.fine_tuning.jobs.start_async(job_id="0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc")
            relisted = await mistral.fine_tuning.jobs.list_async(
                retries=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
            )

        check_seed_log(server)

    assert listed.total == 3
    assert isinstance(created, models.CompletionJobOut)
    assert created.model == "Fiesta"
    assert isinstance(got, models.CompletionDetailedJobOut)
    assert got.status == "SUCCESS"
    assert isinstance(cancelled, models.CompletionDetailedJobOut)
    assert cancelled.status == "CANCELLATION_REQUESTED"
    assert isinstance(started, models.CompletionDetailedJobOut)
    assert started.status == "QUEUED"
    assert relisted.total == 4


async def test_sync_and_async_calls_share_one_client(fake_server: FakeMistralServer) -> None:
    async with connected(fake_server.server_url) as mistral:
        sync_page = mistral.fine_tuning.jobs.list()
        async_page, got = await asyncio.gather(
            mistral.fine_tuning.jobs.list_async(), mistral.fine_tuning.jobs.get_async(job_id=FINISHED)
        )
    assert sync_page.total == async_page.total == 3
    assert isinstance(got, models.CompletionDetailedJobOut)


# --- list: query parameters ---------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_list_defaults_are_always_sent(use_async: bool) -> None:
    recorder = Recorder()
    page = await run(mock_mistral(recorder), "list", use_async)
    assert isinstance(page, models.JobsOut)
    assert recorder.last.method == "GET"
    assert recorder.last.url.path == JOBS
    assert recorder.last.url.query == DEFAULT_QUERY.encode()
    assert recorder.last.content == b""
    assert "content-type" not in recorder.last.headers


@SYNC_ASYNC
async def test_list_every_parameter_as_the_official_sdk_sends_it(use_async: bool) -> None:
    recorder = Recorder()
    await run(
        mock_mistral(recorder),
        "list",
        use_async,
        page=2,
        page_size=5,
        model="open-mistral-7b",
        created_after=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC),
        created_before=datetime.datetime(2024, 6, 1),
        created_by_me=True,
        status="RUNNING",
        wandb_project="proj",
        wandb_name="run",
        suffix="my-suffix",
    )
    # The reference's full example, byte for byte (order, booleans, `Z` for UTC, and a naive datetime taken as UTC).
    assert recorder.last.url.query == (
        b"page=2&page_size=5&model=open-mistral-7b&created_after=2024-05-01T12%3A00%3A00Z"
        b"&created_before=2024-06-01T00%3A00%3A00Z&created_by_me=true&status=RUNNING&wandb_project=proj"
        b"&wandb_name=run&suffix=my-suffix"
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("page", 7, "7"),
        ("page_size", 1, "1"),
        ("model", "ft:open-mistral-7b:x", "ft:open-mistral-7b:x"),
        ("created_by_me", True, "true"),
        ("status", "CANCELLATION_REQUESTED", "CANCELLATION_REQUESTED"),
        ("wandb_project", "my project", "my project"),
        ("wandb_name", "run&1", "run&1"),
        ("suffix", "a", "a"),
        ("created_after", datetime.datetime(2024, 5, 1, 12, 30, 5, 123, tzinfo=UTC), "2024-05-01T12:30:05.000123Z"),
        ("created_after", datetime.datetime(2024, 5, 1, 12, tzinfo=PLUS_TWO), "2024-05-01T12:00:00+02:00"),
        ("created_before", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z"),
        ("created_before", "2024-05-01T12:00:00+00:00", "2024-05-01T12:00:00Z"),
        ("created_before", "2024-05-01", "2024-05-01T00:00:00Z"),  # no zone: UTC
    ],
)  # fmt: skip
def test_list_each_parameter_reaches_the_wire(name: str, value: object, expected: str) -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.list(**{name: value})  # type: ignore[arg-type]
    params = recorder.last.url.params
    assert params[name] == expected
    assert len(params.get_list(name)) == 1
    defaults = {"page": "0", "page_size": "100", "created_by_me": "false"}
    assert {key: params[key] for key in defaults} == {**defaults, **({name: expected} if name in defaults else {})}
    assert set(params) == {*defaults, name}


@SYNC_ASYNC
async def test_list_none_filters_are_omitted(use_async: bool) -> None:
    recorder = Recorder()
    await run(
        mock_mistral(recorder),
        "list",
        use_async,
        model=None,
        created_after=None,
        created_before=None,
        status=None,
        wandb_project=None,
        wandb_name=None,
        suffix=None,
    )
    assert recorder.last.url.query == DEFAULT_QUERY.encode()


def test_list_filters_reach_the_fake_server(fake_server: FakeMistralServer) -> None:
    with sync_connected(fake_server.server_url) as mistral:
        running = mistral.fine_tuning.jobs.list(status="RUNNING", created_by_me=True)
        by_model = mistral.fine_tuning.jobs.list(model="codestral-latest")
        second_page = mistral.fine_tuning.jobs.list(page=1, page_size=2)
    assert ids_of(running) == [RUNNING]
    assert ids_of(by_model) == [VALIDATED]
    assert (second_page.total, len(jobs_of(second_page))) == (3, 1)
    assert fake_server.requests[0].params == {
        "page": "0",
        "page_size": "100",
        "created_by_me": "true",
        "status": "RUNNING",
    }


# --- create: the body ---------------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_create_minimal_body_is_exactly_what_was_passed(use_async: bool) -> None:
    recorder = Recorder()
    job = await run(
        mock_mistral(recorder), "create", use_async, model="open-mistral-7b", hyperparameters={"training_steps": 10}
    )
    assert isinstance(job, models.CompletionJobOut)
    request = recorder.last
    assert (request.method, request.url.path, request.url.query) == ("POST", JOBS, b"")
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}}


@SYNC_ASYNC
async def test_create_with_every_field_as_dicts(use_async: bool) -> None:
    recorder = Recorder()
    await run(
        mock_mistral(recorder),
        "create",
        use_async,
        model="ministral-3b-latest",
        hyperparameters={"training_steps": 5, "learning_rate": 0.0002, "weight_decay": 0.1, "seq_len": 4096},
        training_files=["file-a", {"file_id": "file-b", "weight": 2.0}],
        validation_files=["file-c"],
        suffix="my-suffix",
        integrations=[{"project": "proj", "api_key": "k" * 40, "name": "run", "run_name": "r1"}],
        auto_start=False,
        invalid_sample_skip_percentage=0.25,
        job_type="classifier",
        repositories=[{"name": "repo", "owner": "acme", "token": "ghp_token_123", "ref": "main"}],
        classifier_targets=[{"name": "label", "labels": ["a", "b"], "loss_function": "single_class"}],
    )
    assert json.loads(recorder.last.content) == {
        "model": "ministral-3b-latest",
        "hyperparameters": {"training_steps": 5, "learning_rate": 0.0002, "weight_decay": 0.1, "seq_len": 4096},
        "training_files": [{"file_id": "file-a"}, {"file_id": "file-b", "weight": 2.0}],
        "validation_files": ["file-c"],
        "suffix": "my-suffix",
        "integrations": [{"project": "proj", "api_key": "k" * 40, "name": "run", "run_name": "r1"}],
        "auto_start": False,
        "invalid_sample_skip_percentage": 0.25,
        "job_type": "classifier",
        # The official SDK silently drops these two when the items rely on the default weight; this client sends them.
        "repositories": [{"name": "repo", "owner": "acme", "token": "ghp_token_123", "ref": "main"}],
        "classifier_targets": [{"name": "label", "labels": ["a", "b"], "loss_function": "single_class"}],
    }


def test_create_with_models() -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.create(
        model="open-mistral-7b",
        hyperparameters=models.CompletionTrainingParametersIn(training_steps=10, learning_rate=0.0001, fim_ratio=0.9),
        training_files=[models.TrainingFile(file_id="file-a", weight=1.0)],
        integrations=[models.WandbIntegration(project="proj", api_key="k" * 40)],
        repositories=[models.GithubRepositoryIn(name="repo", owner="acme", token="ghp_token_123")],
        classifier_targets=[models.ClassifierTargetIn(name="label", labels=["x"])],
    )
    body = json.loads(recorder.last.content)
    assert body["hyperparameters"] == {"training_steps": 10, "learning_rate": 0.0001, "fim_ratio": 0.9}
    assert body["training_files"] == [{"file_id": "file-a", "weight": 1.0}]
    assert body["integrations"] == [{"type": "wandb", "project": "proj", "api_key": "k" * 40}]
    assert body["repositories"] == [{"type": "github", "name": "repo", "owner": "acme", "token": "ghp_token_123"}]
    assert body["classifier_targets"] == [{"name": "label", "labels": ["x"]}]


def test_create_classifier_hyperparameters_model() -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.create(
        model="ministral-3b-latest",
        job_type="classifier",
        hyperparameters=models.ClassifierTrainingParametersIn(epochs=2.5),
        classifier_targets=[{"name": "label", "labels": ["x", "y"], "weight": 0.5}],
    )
    body = json.loads(recorder.last.content)
    assert body["hyperparameters"] == {"epochs": 2.5}
    assert body["classifier_targets"] == [{"name": "label", "labels": ["x", "y"], "weight": 0.5}]


def test_create_explicit_none_sends_null() -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.create(
        model="m",
        hyperparameters={"training_steps": None},
        suffix=None,
        validation_files=None,
        integrations=None,
        job_type=None,
        repositories=None,
        classifier_targets=None,
    )
    assert json.loads(recorder.last.content) == {
        "model": "m",
        "hyperparameters": {"training_steps": None},
        "suffix": None,
        "validation_files": None,
        "integrations": None,
        "job_type": None,
        "repositories": None,
        "classifier_targets": None,
    }


def test_create_repositories_reach_the_fake_server(fake_server: FakeMistralServer) -> None:
    with sync_connected(fake_server.server_url) as mistral:
        job = mistral.fine_tuning.jobs.create(
            model="codestral-latest",
            hyperparameters={"training_steps": 10},
            repositories=[{"name": "repo", "owner": "acme", "token": "ghp_" + "x" * 36}],
        )
    assert isinstance(job, models.CompletionJobOut)
    assert fake_server.requests[-1].json()["repositories"] == [
        {"name": "repo", "owner": "acme", "token": "ghp_" + "x" * 36}
    ]
    detail = fake_server.get_job(job.id)
    assert [(repo["owner"], repo["name"]) for repo in detail["repositories"]] == [("acme", "repo")]


@SYNC_ASYNC
async def test_create_dry_run_returns_metadata(fake_server: FakeMistralServer, use_async: bool) -> None:
    jobs_before = fake_server.job_ids
    async with connected(fake_server.server_url) as mistral:
        estimate = await run(
            mistral, "create", use_async, model="open-mistral-7b", hyperparameters={"training_steps": 10}, dry_run=True
        )
    assert isinstance(estimate, models.LegacyJobMetadataOut)
    assert estimate.details
    assert fake_server.requests[-1].query == "dry_run=true"
    assert fake_server.job_ids == jobs_before


@pytest.mark.parametrize(("dry_run", "query"), [(False, b"dry_run=false"), (None, b""), (models.UNSET, b"")])
def test_create_dry_run_query(dry_run: bool | models.Unset | None, query: bytes) -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.create(model="m", hyperparameters={}, dry_run=dry_run)  # type: ignore[call-overload]  # every kind of value, as parametrized
    assert recorder.last.url.query == query


def test_create_dry_run_metadata_from_a_mock() -> None:
    recorder = Recorder(job={"object": "job.metadata", "details": "ok", "cost": 1.5, "expected_duration_seconds": 3})
    estimate = mock_mistral(recorder).fine_tuning.jobs.create(model="m", hyperparameters={}, dry_run=True)
    assert isinstance(estimate, models.LegacyJobMetadataOut)
    assert (estimate.details, estimate.cost, estimate.expected_duration_seconds) == ("ok", 1.5, 3)


# --- get, cancel, start -------------------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("op", "method", "suffix"), [("get", "GET", ""), ("cancel", "POST", "/cancel"), ("start", "POST", "/start")]
)
async def test_job_operations_on_the_wire(op: str, method: str, suffix: str, use_async: bool) -> None:
    recorder = Recorder()
    job = await run(mock_mistral(recorder), op, use_async, job_id=FINISHED)
    assert isinstance(job, models.CompletionDetailedJobOut)
    request = recorder.last
    assert request.method == method
    assert request.url.raw_path == f"{JOBS}/{FINISHED}{suffix}".encode()
    assert request.content == b""
    assert "content-type" not in request.headers
    if method == "POST":
        assert request.headers["content-length"] == "0"


def test_job_id_may_be_a_uuid_object() -> None:
    import uuid

    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.get(job_id=uuid.UUID(FINISHED))  # type: ignore[arg-type]
    assert recorder.last.url.path == f"{JOBS}/{FINISHED}"


# --- headers and authentication -----------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("op", ["list", "create", "get", "cancel", "start"])
async def test_standard_headers(op: str, use_async: bool) -> None:
    recorder = Recorder()
    kwargs: dict[str, Any] = {"job_id": FINISHED} if op in {"get", "cancel", "start"} else {}
    if op == "create":
        kwargs = {"model": "m", "hyperparameters": {}}
    await run(mock_mistral(recorder), op, use_async, **kwargs)
    headers = recorder.last.headers
    assert headers["authorization"] == f"Bearer {KEY}"
    assert headers["accept"] == "application/json"
    assert headers["user-agent"].startswith("mistral-fine-tuning-python/")
    assert len(headers.get_list("authorization")) == 1


def test_no_authorization_header_without_a_key() -> None:
    recorder = Recorder()
    mock_mistral(recorder, api_key=None).fine_tuning.jobs.list()
    mock_mistral(recorder, api_key="").fine_tuning.jobs.list()
    assert [("authorization" in request.headers) for request in recorder.requests] == [False, False]


def test_api_key_from_environment_when_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "env-key-12345678")
    recorder = Recorder()
    mock_mistral(recorder, api_key=None).fine_tuning.jobs.list()
    mock_mistral(recorder, api_key="explicit-key-1234").fine_tuning.jobs.list()
    assert [request.headers["authorization"] for request in recorder.requests] == [
        "Bearer env-key-12345678",
        "Bearer explicit-key-1234",
    ]


def test_environment_key_is_rejected_by_a_strict_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeMistralServer(api_key=KEY, speed=0) as server:
        monkeypatch.setenv("MISTRAL_API_KEY", "some-other-key-123")
        with Mistral(server_url=server.server_url) as mistral, pytest.raises(models.AuthenticationError):
            mistral.fine_tuning.jobs.list(retries=None)
        monkeypatch.setenv("MISTRAL_API_KEY", KEY)
        with Mistral(server_url=server.server_url) as mistral:
            assert mistral.fine_tuning.jobs.list().total == 0


@SYNC_ASYNC
async def test_callable_api_key_is_called_for_every_request(use_async: bool) -> None:
    keys = iter(["rotating-key-0001", "rotating-key-0002", "rotating-key-0003"])
    calls: list[str] = []

    def provide() -> str:
        key = next(keys)
        calls.append(key)
        return key

    recorder = Recorder()
    mistral = mock_mistral(recorder, api_key=provide)
    assert calls == []  # not called until a request is built
    await run(mistral, "list", use_async)
    await run(mistral, "get", use_async, job_id=FINISHED)
    await run(mistral, "create", use_async, model="m", hyperparameters={})
    assert [request.headers["authorization"] for request in recorder.requests] == [
        "Bearer rotating-key-0001",
        "Bearer rotating-key-0002",
        "Bearer rotating-key-0003",
    ]
    assert len(calls) == 3


def test_callable_api_key_returning_empty_sends_no_header() -> None:
    recorder = Recorder()
    mock_mistral(recorder, api_key=lambda: "").fine_tuning.jobs.list()
    assert "authorization" not in recorder.last.headers


@SYNC_ASYNC
async def test_per_call_http_headers(use_async: bool) -> None:
    recorder = Recorder()
    mistral = mock_mistral(recorder)
    await run(mistral, "get", use_async, job_id=FINISHED, http_headers={"x-trace": "abc", "X-Other": "1"})
    await run(mistral, "get", use_async, job_id=FINISHED)
    first, second = recorder.requests
    assert (first.headers["x-trace"], first.headers["x-other"]) == ("abc", "1")
    assert first.headers["authorization"] == f"Bearer {KEY}"
    assert "x-trace" not in second.headers  # per call only


def test_per_call_http_headers_replace_client_headers_whatever_their_case() -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.list(
        http_headers={"User-Agent": "my-app/1.0", "authorization": "Bearer per-call-key-1234"}
    )
    headers = recorder.last.headers
    assert headers.get_list("user-agent") == ["my-app/1.0"]
    assert headers.get_list("authorization") == ["Bearer per-call-key-1234"]


# --- server URL ---------------------------------------------------------------------------------------------------


def test_default_server_url() -> None:
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.get(job_id=FINISHED)
    assert str(recorder.last.url) == f"https://api.mistral.ai{JOBS}/{FINISHED}"


@pytest.mark.parametrize(
    ("server_url", "expected"),
    [
        ("http://127.0.0.1:9", "http://127.0.0.1:9/v1/fine_tuning/jobs"),
        ("http://127.0.0.1:9/", "http://127.0.0.1:9/v1/fine_tuning/jobs"),
        ("http://127.0.0.1:9/base", "http://127.0.0.1:9/base/v1/fine_tuning/jobs"),
        ("http://127.0.0.1:9/base/", "http://127.0.0.1:9/base/v1/fine_tuning/jobs"),
        ("https://proxy.example/mistral/api///", "https://proxy.example/mistral/api/v1/fine_tuning/jobs"),
    ],
)
def test_client_server_url(server_url: str, expected: str) -> None:
    recorder = Recorder()
    mock_mistral(recorder, server_url=server_url).fine_tuning.jobs.list()
    assert str(recorder.last.url.copy_with(query=None)) == expected


@SYNC_ASYNC
async def test_per_call_server_url(use_async: bool) -> None:
    recorder = Recorder()
    mistral = mock_mistral(recorder, server_url="http://127.0.0.1:9")
    await run(mistral, "cancel", use_async, job_id=FINISHED, server_url="http://127.0.0.1:10/prefix/")
    await run(mistral, "cancel", use_async, job_id=FINISHED)
    assert [str(request.url) for request in recorder.requests] == [
        f"http://127.0.0.1:10/prefix{JOBS}/{FINISHED}/cancel",
        f"http://127.0.0.1:9{JOBS}/{FINISHED}/cancel",
    ]


def test_server_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_SERVER_URL", "http://127.0.0.1:11/env/")
    recorder = Recorder()
    mock_mistral(recorder).fine_tuning.jobs.list()
    mock_mistral(recorder, server_url="http://127.0.0.1:12").fine_tuning.jobs.list()
    assert [request.url.copy_with(query=None) for request in recorder.requests] == [
        "http://127.0.0.1:11/env/v1/fine_tuning/jobs",
        "http://127.0.0.1:12/v1/fine_tuning/jobs",
    ]


def test_per_call_server_url_reaches_another_fake_server(fake_server: FakeMistralServer) -> None:
    with FakeMistralServer(speed=0) as other, sync_connected(fake_server.server_url) as mistral:
        assert mistral.fine_tuning.jobs.list(server_url=other.server_url).total == 0
        assert mistral.fine_tuning.jobs.list().total == 3
        assert len(other.requests) == len(fake_server.requests) == 1


# --- context managers and client ownership ------------------------------------------------------------------------


class Created:
    """The httpx clients the SDK created itself, all answering through one `Recorder`."""

    def __init__(self) -> None:
        self.clients: list[httpx2.Client | httpx2.AsyncClient] = []
        self.recorder = Recorder()


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> Created:
    """Make every httpx client the SDK creates itself use a MockTransport, and keep track of them."""
    seen = Created()

    class SyncClient(REAL_CLIENT):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport=httpx2.MockTransport(seen.recorder), **kwargs)
            seen.clients.append(self)

    class AsyncClient(REAL_ASYNC_CLIENT):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport=httpx2.MockTransport(seen.recorder), **kwargs)
            seen.clients.append(self)

    monkeypatch.setattr(httpx2, "Client", SyncClient)
    monkeypatch.setattr(httpx2, "AsyncClient", AsyncClient)
    return seen


def test_with_closes_the_client_it_created(created: Created) -> None:
    with Mistral(api_key=KEY) as mistral:
        mistral.fine_tuning.jobs.list()
        mistral.fine_tuning.jobs.get(job_id=FINISHED)
        assert len(created.clients) == 1
        assert isinstance(created.clients[0], httpx2.Client)
        assert not created.clients[0].is_closed
    assert created.clients[0].is_closed


def test_no_client_is_created_before_the_first_call(created: Created) -> None:
    with Mistral(api_key=KEY) as mistral:
        assert mistral.fine_tuning.jobs is mistral.fine_tuning.jobs
    assert created.clients == []


async def test_async_client_is_created_lazily_and_closed(
    created: Created,
) -> None:
    async with Mistral(api_key=KEY) as mistral:
        mistral.fine_tuning.jobs.list()
        assert len(created.clients) == 1
        assert isinstance(created.clients[0], httpx2.Client)
        await mistral.fine_tuning.jobs.list_async()
        await mistral.fine_tuning.jobs.get_async(job_id=FINISHED)
        assert len(created.clients) == 2
        assert isinstance(created.clients[1], httpx2.AsyncClient)
    assert all(client.is_closed for client in created.clients)


async def test_async_only_use_creates_no_sync_client(created: Created) -> None:
    async with Mistral(api_key=KEY) as mistral:
        await mistral.fine_tuning.jobs.list_async()
    assert len(created.clients) == 1
    assert isinstance(created.clients[0], httpx2.AsyncClient)
    assert created.clients[0].is_closed


def test_injected_client_stays_open(fake_server: FakeMistralServer) -> None:
    client = httpx2.Client(verify=SSL_CONTEXT)
    with Mistral(api_key=KEY, server_url=fake_server.server_url, client=client) as mistral:
        mistral.fine_tuning.jobs.list()
    assert not client.is_closed
    # Still usable by its owner, and by a new SDK instance.
    assert client.get(f"{fake_server.server_url}{JOBS}", headers={"Authorization": "Bearer x"}).status_code == 200
    with Mistral(api_key=KEY, server_url=fake_server.server_url, client=client) as again:
        assert again.fine_tuning.jobs.list().total == 3
    client.close()


async def test_injected_async_client_stays_open(fake_server: FakeMistralServer) -> None:
    client = httpx2.AsyncClient(verify=SSL_CONTEXT)
    async with Mistral(api_key=KEY, server_url=fake_server.server_url, async_client=client) as mistral:
        await mistral.fine_tuning.jobs.list_async()
    assert not client.is_closed
    response = await client.get(f"{fake_server.server_url}{JOBS}", headers={"Authorization": "Bearer x"})
    assert response.status_code == 200
    await client.aclose()


async def test_async_with_closes_only_what_it_created(
    created: Created,
) -> None:
    injected = Recorder()
    sync_client = REAL_CLIENT(transport=httpx2.MockTransport(injected))
    async with Mistral(api_key=KEY, client=sync_client) as mistral:
        mistral.fine_tuning.jobs.list()
        await mistral.fine_tuning.jobs.list_async()
    assert len(injected.requests) == 1
    assert len(created.clients) == 1
    assert created.clients[0].is_closed
    assert not sync_client.is_closed
    sync_client.close()


def test_close_can_be_called_twice_and_later_calls_say_the_client_is_closed(created: Created) -> None:
    mistral = Mistral(api_key=KEY)
    mistral.fine_tuning.jobs.list()
    mistral.close()
    mistral.close()
    with pytest.raises(errors.ClientClosedError, match="closed"):
        mistral.fine_tuning.jobs.list()
    assert len(created.clients) == 1  # no client was created again behind the user's back
    assert created.clients[0].is_closed
    assert len(created.recorder.requests) == 1


async def test_async_calls_after_aclose_say_the_client_is_closed(created: Created) -> None:
    mistral = Mistral(api_key=KEY)
    await mistral.fine_tuning.jobs.list_async()
    await mistral.aclose()
    with pytest.raises(errors.ClientClosedError):
        await mistral.fine_tuning.jobs.get_async(job_id=FINISHED)
    with pytest.raises(errors.ClientClosedError):
        mistral.fine_tuning.jobs.get(job_id=FINISHED)


# --- repr never shows the key ---------------------------------------------------------------------------------------


def test_repr_hides_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "env-secret-key-987654")
    shown = [
        repr(Mistral(api_key=KEY)),
        str(Mistral(api_key=KEY)),
        repr(Mistral(api_key=lambda: KEY)),
        repr(Mistral()),
        repr(Mistral(api_key=KEY).fine_tuning.jobs),
    ]
    assert all(KEY not in text and "env-secret-key-987654" not in text for text in shown)
    assert "api.mistral.ai" in shown[0]


# --- timeouts -------------------------------------------------------------------------------------------------------


def timeout_of(request: httpx2.Request) -> dict[str, float | None]:
    timeout: dict[str, float | None] = request.extensions["timeout"]
    return timeout


def test_default_timeout_is_connect_5_read_60(created: Created) -> None:
    with Mistral(api_key=KEY) as mistral:
        mistral.fine_tuning.jobs.list()
    assert timeout_of(created.recorder.last) == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}


async def test_default_async_timeout_is_connect_5_read_60(created: Created) -> None:
    async with Mistral(api_key=KEY) as mistral:
        await mistral.fine_tuning.jobs.get_async(job_id=FINISHED)
    assert timeout_of(created.recorder.last) == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}


@SYNC_ASYNC
async def test_timeout_ms_per_client_and_per_call(use_async: bool) -> None:
    recorder = Recorder()
    mistral = mock_mistral(recorder, timeout_ms=1234)
    await run(mistral, "list", use_async)
    await run(mistral, "get", use_async, job_id=FINISHED, timeout_ms=250)
    assert timeout_of(recorder.requests[0]) == {"connect": 1.234, "read": 1.234, "write": 1.234, "pool": 1.234}
    assert timeout_of(recorder.requests[1]) == {"connect": 0.25, "read": 0.25, "write": 0.25, "pool": 0.25}


def test_injected_client_timeout_is_kept_unless_timeout_ms_is_given() -> None:
    recorder = Recorder()
    client = httpx2.Client(transport=httpx2.MockTransport(recorder), timeout=0.2)
    mistral = Mistral(api_key=KEY, client=client)
    mistral.fine_tuning.jobs.list()
    mistral.fine_tuning.jobs.list(timeout_ms=3000)
    assert timeout_of(recorder.requests[0])["read"] == 0.2
    assert timeout_of(recorder.requests[1])["read"] == 3.0


def test_injected_client_timeout_fires(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.delay(1.0), times=None)
    client = httpx2.Client(timeout=0.2, verify=SSL_CONTEXT)
    mistral = Mistral(api_key=KEY, server_url=fake_server.server_url, client=client)
    started = time.monotonic()
    with pytest.raises(models.APITimeoutError) as caught:
        mistral.fine_tuning.jobs.create(model="open-mistral-7b", hyperparameters={})
    assert time.monotonic() - started < 0.8
    assert isinstance(caught.value.cause, httpx2.ReadTimeout)
    assert isinstance(caught.value.__cause__, httpx2.ReadTimeout)
    assert len(fake_server.requests) == 1  # a create whose answer timed out is not re-sent
    client.close()


@SYNC_ASYNC
async def test_timeout_ms_fires(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.delay(1.0), times=None)
    async with connected(fake_server.server_url, timeout_ms=150) as mistral:
        started = time.monotonic()
        with pytest.raises(models.APITimeoutError):
            await run(mistral, "get", use_async, job_id=FINISHED, retries=None)
        assert time.monotonic() - started < 0.8
        # A per-call timeout beats the client's.
        started = time.monotonic()
        with pytest.raises(models.APITimeoutError):
            await run(mistral, "list", use_async, retries=None, timeout_ms=100)
        assert time.monotonic() - started < 0.8


def test_per_call_timeout_beats_a_long_injected_timeout(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.delay(1.0), times=None)
    client = httpx2.Client(timeout=30, verify=SSL_CONTEXT)
    mistral = Mistral(api_key=KEY, server_url=fake_server.server_url, client=client)
    started = time.monotonic()
    with pytest.raises(models.APITimeoutError):
        mistral.fine_tuning.jobs.start(job_id=VALIDATED, timeout_ms=150, retries=None)
    assert time.monotonic() - started < 0.8
    client.close()


# --- reading responses: unknown job types and statuses ----------------------------------------------------------------


def job_with(**changes: Any) -> dict[str, Any]:
    job = copy.deepcopy(JOB)
    job.update(changes)
    return job


@SYNC_ASYNC
@pytest.mark.parametrize("op", ["get", "cancel", "start"])
async def test_unknown_job_type_gives_unknown_variant(op: str, use_async: bool) -> None:
    raw = job_with(job_type="synthetic_unknown_job_type", synthetic_settings={"depth": 3})
    result = await run(mock_mistral(Recorder(job=raw)), op, use_async, job_id=FINISHED)
    assert isinstance(result, models.UnknownVariant)
    assert result.raw == raw
    assert result.tag == "job_type"
    assert result.tag_value == "synthetic_unknown_job_type"


@SYNC_ASYNC
async def test_unknown_job_type_inside_a_list(use_async: bool) -> None:
    unknown = job_with(id="11111111-1111-4111-8111-111111111111", job_type="synthetic_unknown_job_type")
    page = {"object": "list", "total": 2, "data": [JOB, unknown]}
    result = await run(mock_mistral(Recorder(page=page)), "list", use_async)
    assert isinstance(result, models.JobsOut)
    first, second = jobs_of(result)
    assert isinstance(first, models.CompletionJobOut)
    assert isinstance(second, models.UnknownVariant)
    assert second.raw == unknown


def test_unknown_job_type_from_create() -> None:
    raw = job_with(job_type="synthetic_unknown_job_type")
    result = mock_mistral(Recorder(job=raw)).fine_tuning.jobs.create(model="m", hyperparameters={})
    assert isinstance(result, models.UnknownVariant)
    assert result.raw == raw


def test_classifier_jobs_are_parsed() -> None:
    raw = job_with(
        job_type="classifier",
        classifier_targets=[{"name": "t", "labels": ["a"], "weight": 1.0, "loss_function": "single_class"}],
    )
    mistral = mock_mistral(Recorder(job=raw, page={"total": 1, "data": [raw]}))
    assert isinstance(mistral.fine_tuning.jobs.get(job_id=FINISHED), models.ClassifierDetailedJobOut)
    assert isinstance(mistral.fine_tuning.jobs.create(model="m", hyperparameters={}), models.ClassifierJobOut)
    assert isinstance(jobs_of(mistral.fine_tuning.jobs.list())[0], models.ClassifierJobOut)


@SYNC_ASYNC
async def test_unknown_status_keeps_the_raw_string(use_async: bool) -> None:
    raw = job_with(status="SYNTHETIC_UNKNOWN_STATUS")
    mistral = mock_mistral(Recorder(job=raw, page={"total": 1, "data": [raw]}))
    got = await run(mistral, "get", use_async, job_id=FINISHED)
    listed = await run(mistral, "list", use_async)
    assert isinstance(got, models.CompletionDetailedJobOut)
    assert got.status == "SYNTHETIC_UNKNOWN_STATUS"
    assert str(got.status) == "SYNTHETIC_UNKNOWN_STATUS"
    assert got.to_dict()["status"] == "SYNTHETIC_UNKNOWN_STATUS"
    assert jobs_of(listed)[0].status == "SYNTHETIC_UNKNOWN_STATUS"


def test_unknown_fields_are_kept() -> None:
    raw = job_with(new_field={"x": 1})
    got = mock_mistral(Recorder(job=raw)).fine_tuning.jobs.get(job_id=FINISHED)
    assert isinstance(got, models.CompletionDetailedJobOut)
    assert got.additional_properties == {"new_field": {"x": 1}}
