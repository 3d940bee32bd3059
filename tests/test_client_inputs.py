"""Bad arguments are refused before anything is sent, and a job id can never move a request elsewhere.

Every test sends through an `httpx2.MockTransport` that records what reaches it, so "nothing was sent" is checked,
not assumed.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any
from urllib.parse import quote, unquote

import httpx2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mistral_fine_tuning import Mistral, models, utils

from tests.support import FINISHED, JOBS, KEY, SYNC_ASYNC, Recorder


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def mistral(recorder: Recorder) -> Mistral:
    return Mistral(
        api_key=KEY,
        server_url="http://127.0.0.1:9",
        client=httpx2.Client(transport=httpx2.MockTransport(recorder)),
        async_client=httpx2.AsyncClient(transport=httpx2.MockTransport(recorder)),
    )


async def run(mistral: Mistral, op: str, use_async: bool, **kwargs: Any) -> Any:
    jobs = mistral.fine_tuning.jobs
    if use_async:
        return await getattr(jobs, f"{op}_async")(**kwargs)
    return getattr(jobs, op)(**kwargs)


async def assert_refused(
    mistral: Mistral, recorder: Recorder, op: str, use_async: bool, param: str, **kwargs: Any
) -> models.InputValidationError:
    """The call raises InputValidationError naming `param`, and no request reached the transport."""
    with pytest.raises(models.InputValidationError) as caught:
        await run(mistral, op, use_async, **kwargs)
    assert recorder.requests == []
    error = caught.value
    assert isinstance(error, ValueError)  # code catching ValueError keeps working
    assert isinstance(error, models.MistralFineTuningError)
    assert error.param == param or error.param.startswith(f"{param}[")
    assert str(error).startswith(f"{error.param}: ")
    return error


# --- job ids ----------------------------------------------------------------------------------------------------------

BAD_JOB_IDS: list[object] = [
    "",
    "a/b",
    "/",
    f"{FINISHED}/cancel",
    "../jobs",
    "..",
    "a..b",
    ".",
    "a?b",
    "?page=2",
    "a#b",
    "#",
    "a%2Fb",
    "%",
    "a\\b",
    " leading",
    "trailing ",
    "in side",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    "\x00",
    "bell\x07",
    "del\x7f",
    "no\u00a0break",
    "line\u2028separator",
    None,
    123,
    b"bytes-id",
    ["list"],
]


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("job_id", "op"), [(job_id, ("get", "cancel", "start")[index % 3]) for index, job_id in enumerate(BAD_JOB_IDS)]
)
async def test_bad_job_id_is_refused(
    mistral: Mistral, recorder: Recorder, op: str, job_id: object, use_async: bool
) -> None:
    await assert_refused(mistral, recorder, op, use_async, "job_id", job_id=job_id)


def test_job_id_error_says_what_is_wrong(mistral: Mistral) -> None:
    with pytest.raises(models.InputValidationError) as caught:
        mistral.fine_tuning.jobs.get(job_id="")
    assert caught.value.message == "must not be empty"
    with pytest.raises(models.InputValidationError) as caught:
        mistral.fine_tuning.jobs.get(job_id=42)  # type: ignore[arg-type]
    assert "must be a string" in caught.value.message


@pytest.mark.parametrize(
    "job_id", [FINISHED, "ft-job_123", "a.b", ".x", "x.", "~tilde", "ünïcödé", "a+b", "a=b&c", "a:b@c"]
)
def test_accepted_job_ids_stay_one_path_segment(mistral: Mistral, recorder: Recorder, job_id: str) -> None:
    mistral.fine_tuning.jobs.get(job_id=job_id)
    mistral.fine_tuning.jobs.cancel(job_id=job_id)
    get, cancel = recorder.requests
    segment = quote(job_id, safe="")
    assert get.url.raw_path == f"{JOBS}/{segment}".encode()
    assert cancel.url.raw_path == f"{JOBS}/{segment}/cancel".encode()


@settings(max_examples=200, deadline=None)
@given(
    job_id=st.one_of(
        st.text(max_size=40),
        st.text(alphabet=st.sampled_from("./?#%\\ -_~:;=&+@!$'()*,[]"), max_size=8),
        st.uuids().map(str),
    ),
    op=st.sampled_from(["get", "cancel", "start"]),
)
@example(job_id=".", op="cancel")
@example(job_id="..", op="get")
@example(job_id="a/../b", op="start")
@example(job_id="%2e%2e", op="get")
@example(job_id="./", op="get")
def test_a_job_id_never_changes_the_path_or_query(job_id: str, op: str) -> None:
    recorder = Recorder()
    client = Mistral(
        api_key=KEY, server_url="http://127.0.0.1:9", client=httpx2.Client(transport=httpx2.MockTransport(recorder))
    )
    try:
        getattr(client.fine_tuning.jobs, op)(job_id=job_id)
    except models.InputValidationError as error:
        assert error.param == "job_id"
        assert recorder.requests == []
        return
    (request,) = recorder.requests
    suffix = {"get": "", "cancel": "/cancel", "start": "/start"}[op]
    assert request.url.raw_path == f"{JOBS}/{quote(job_id, safe='')}{suffix}".encode()
    assert request.url.query == b""
    assert request.url.fragment == ""
    assert (request.url.scheme, request.url.host, request.url.port) == ("http", "127.0.0.1", 9)
    # The server reads back exactly the id that was given.
    segments = request.url.raw_path.decode().split("/")
    assert len(segments) == (5 if op == "get" else 6)
    assert unquote(segments[4]) == job_id


def test_uuid_object_is_accepted(mistral: Mistral, recorder: Recorder) -> None:
    mistral.fine_tuning.jobs.start(job_id=uuid.UUID(FINISHED))  # type: ignore[arg-type]
    assert recorder.requests[0].url.path == f"{JOBS}/{FINISHED}/start"


# --- list -------------------------------------------------------------------------------------------------------------

# Types and enum values are checked from the generated code; ranges the spec does not state (a negative page) are the
# server's to judge, as with the official SDK.
BAD_LIST_ARGUMENTS: list[tuple[str, object]] = [
    ("page", "1"),
    ("page", 1.0),
    ("page", True),
    ("page", None),
    ("page_size", "10"),
    ("page_size", 2.5),
    ("page_size", False),
    ("page_size", None),
    ("status", "running"),
    ("status", "UNKNOWN"),
    ("status", "QUEUED,RUNNING"),
    ("status", ""),
    ("status", 3),
    ("status", ["RUNNING"]),
    ("created_after", "yesterday"),
    ("created_after", "2024-13-01"),
    ("created_after", 1_717_000_000),
    ("created_before", datetime.date(2024, 5, 1)),
    ("created_by_me", "true"),
    ("created_by_me", 1),
    ("created_by_me", None),
    ("model", 7),
    ("model", b"open-mistral-7b"),
    ("wandb_project", 1),
    ("wandb_name", ["run"]),
    ("suffix", 1.5),
]


@SYNC_ASYNC
@pytest.mark.parametrize(("param", "value"), BAD_LIST_ARGUMENTS, ids=[f"{p}={v!r}" for p, v in BAD_LIST_ARGUMENTS])
async def test_bad_list_argument_is_refused(
    mistral: Mistral, recorder: Recorder, param: str, value: object, use_async: bool
) -> None:
    await assert_refused(mistral, recorder, "list", use_async, param, **{param: value})


@pytest.mark.parametrize("status", [member.value for member in models.QueryParamStatus])
def test_every_status_of_the_enum_is_accepted(mistral: Mistral, recorder: Recorder, status: str) -> None:
    mistral.fine_tuning.jobs.list(status=status)  # type: ignore[arg-type]  # any str, as the test parametrizes
    assert recorder.requests[0].url.params["status"] == status


def test_list_boundaries_are_accepted(mistral: Mistral, recorder: Recorder) -> None:
    mistral.fine_tuning.jobs.list(page=0, page_size=1)
    mistral.fine_tuning.jobs.list(page=10_000, page_size=1_000)
    assert [dict(request.url.params) for request in recorder.requests] == [
        {"page": "0", "page_size": "1", "created_by_me": "false"},
        {"page": "10000", "page_size": "1000", "created_by_me": "false"},
    ]


# --- create -----------------------------------------------------------------------------------------------------------

BAD_CREATE_ARGUMENTS: list[tuple[str, dict[str, Any]]] = [
    ("model", {"model": None}),
    ("model", {"model": 7}),
    ("hyperparameters", {"hyperparameters": {"lr": 0.1}}),
    ("hyperparameters", {"hyperparameters": {"learning_rate": 0.1, "batch_size": 8}}),
    ("hyperparameters", {"hyperparameters": None}),
    ("hyperparameters", {"hyperparameters": [("learning_rate", 0.1)]}),
    ("hyperparameters", {"hyperparameters": "learning_rate=0.1"}),
    ("job_type", {"job_type": "regression"}),
    ("job_type", {"job_type": "Completion"}),
    ("job_type", {"job_type": 1}),
    ("training_files", {"training_files": None}),
    ("training_files", {"training_files": "file-id"}),
    ("training_files", {"training_files": {"file_id": "f"}}),
    ("training_files", {"training_files": [1]}),
    ("training_files", {"training_files": [{"file": "f"}]}),
    ("training_files", {"training_files": [{"weight": 1.0}]}),
    ("validation_files", {"validation_files": "file-id"}),
    ("validation_files", {"validation_files": [1]}),
    ("suffix", {"suffix": 5}),
    ("integrations", {"integrations": {"project": "p", "api_key": "k" * 40}}),
    ("integrations", {"integrations": [{"project": "p", "api_key": "k" * 40, "entity": "me"}]}),
    ("integrations", {"integrations": [{"api_key": "k" * 40}]}),
    ("integrations", {"integrations": ["wandb"]}),
    ("repositories", {"repositories": [{"name": "r", "owner": "o"}]}),
    ("repositories", {"repositories": [{"name": "r", "owner": "o", "token": "t" * 10, "branch": "main"}]}),
    ("repositories", {"repositories": "acme/repo"}),
    ("classifier_targets", {"classifier_targets": [{"name": "t"}]}),
    ("classifier_targets", {"classifier_targets": [{"name": "t", "labels": ["a"], "classes": 2}]}),
    ("auto_start", {"auto_start": "yes"}),
    ("auto_start", {"auto_start": 1}),
    ("auto_start", {"auto_start": None}),
    ("invalid_sample_skip_percentage", {"invalid_sample_skip_percentage": "0.1"}),
    ("invalid_sample_skip_percentage", {"invalid_sample_skip_percentage": True}),
    ("invalid_sample_skip_percentage", {"invalid_sample_skip_percentage": None}),
    ("dry_run", {"dry_run": "true"}),
    ("dry_run", {"dry_run": 1}),
]


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("param", "arguments"), BAD_CREATE_ARGUMENTS, ids=[f"{p}-{i}" for i, (p, _) in enumerate(BAD_CREATE_ARGUMENTS)]
)
async def test_bad_create_argument_is_refused(
    mistral: Mistral, recorder: Recorder, param: str, arguments: dict[str, Any], use_async: bool
) -> None:
    call = {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}, **arguments}
    await assert_refused(mistral, recorder, "create", use_async, param, **call)


def test_unknown_hyperparameter_is_named(mistral: Mistral) -> None:
    with pytest.raises(models.InputValidationError) as caught:
        mistral.fine_tuning.jobs.create(model="m", hyperparameters={"learning_rate": 0.1, "lr": 0.2, "batch": 8})  # type: ignore[call-overload]  # misspelt keys on purpose
    assert "batch, lr" in caught.value.message
    assert "learning_rate" in caught.value.message  # the known fields are listed as a hint


def test_job_type_picks_the_kind_of_hyperparameters(mistral: Mistral, recorder: Recorder) -> None:
    # job_type names the kind (the spec's union has no tag): a field of the other kind is refused before sending.
    mistral.fine_tuning.jobs.create(
        model="ministral-3b-latest",
        job_type="classifier",
        hyperparameters={"epochs": 2.0},
        classifier_targets=[{"name": "t", "labels": ["a"]}],
    )
    with pytest.raises(models.InputValidationError, match="is a field of CompletionTrainingParametersIn"):
        mistral.fine_tuning.jobs.create(model="m", job_type="classifier", hyperparameters={"fim_ratio": 0.5})
    assert [json.loads(request.content)["hyperparameters"] for request in recorder.requests] == [{"epochs": 2.0}]


@pytest.mark.parametrize(
    "hyperparameters",
    [{"learning_rate": "fast"}, {"training_steps": 1.5}, {"training_steps": "10"}, {"epochs": [1]}],
    ids=repr,
)
def test_wrongly_typed_hyperparameter_values_are_refused(
    mistral: Mistral, recorder: Recorder, hyperparameters: dict[str, Any]
) -> None:
    with pytest.raises(models.InputValidationError):
        mistral.fine_tuning.jobs.create(model="m", hyperparameters=hyperparameters)  # type: ignore[call-overload]
    assert recorder.requests == []


@pytest.mark.parametrize(
    "arguments",
    [
        {"integrations": [{"project": "p", "api_key": 12345}]},
        {"training_files": [{"file_id": 1}]},
        {"repositories": [{"name": "r", "owner": "o", "token": None}]},
    ],
    ids=["wandb-key-int", "file-id-int", "token-none"],
)
def test_wrongly_typed_nested_values_are_refused(
    mistral: Mistral, recorder: Recorder, arguments: dict[str, Any]
) -> None:
    with pytest.raises(models.InputValidationError):
        mistral.fine_tuning.jobs.create(model="m", hyperparameters={}, **arguments)
    assert recorder.requests == []


# --- call options and the constructor ---------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("param", "options"),
    [
        ("server_url", {"server_url": "ftp://example.com"}),
        ("server_url", {"server_url": "api.mistral.ai"}),
        ("timeout_ms", {"timeout_ms": 0}),
        ("timeout_ms", {"timeout_ms": -100}),
        ("timeout_ms", {"timeout_ms": True}),
        ("timeout_ms", {"timeout_ms": "100"}),
    ],
)
async def test_bad_call_options_are_refused(
    mistral: Mistral, recorder: Recorder, param: str, options: dict[str, Any], use_async: bool
) -> None:
    await assert_refused(mistral, recorder, "get", use_async, param, job_id=FINISHED, **options)


@SYNC_ASYNC
@pytest.mark.parametrize("retries", ["backoff", 3, {"strategy": "backoff"}])
async def test_bad_retries_are_refused(mistral: Mistral, recorder: Recorder, retries: object, use_async: bool) -> None:
    with pytest.raises(models.InputValidationError, match=r"retries: must be a utils\.RetryConfig or None"):
        await run(mistral, "list", use_async, retries=retries)
    assert recorder.requests == []


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("op", "arguments"),
    [
        ("list", {"pagesize": 10}),
        ("list", {"timeout": 5}),
        ("get", {"job_id": FINISHED, "retry": None}),
        ("create", {"model": "m", "hyperparameters": {}, "headers": {"x": "y"}}),
    ],
)
async def test_misspelt_keyword_is_refused(
    mistral: Mistral, recorder: Recorder, op: str, arguments: dict[str, Any], use_async: bool
) -> None:
    with pytest.raises(TypeError, match="unexpected keyword"):
        await run(mistral, op, use_async, **arguments)
    assert recorder.requests == []


def test_positional_arguments_are_refused(mistral: Mistral, recorder: Recorder) -> None:
    with pytest.raises(TypeError):
        mistral.fine_tuning.jobs.get(FINISHED)  # type: ignore[call-arg, arg-type]  # positional on purpose
    with pytest.raises(TypeError):
        mistral.fine_tuning.jobs.create("open-mistral-7b", {})  # type: ignore[call-overload]  # positional on purpose
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("param", "kwargs"),
    [
        ("api_key", {"api_key": 12345}),
        ("api_key", {"api_key": b"bytes-key"}),
        ("server_url", {"server_url": "localhost:8000"}),
        ("server_url", {"server_url": "ws://127.0.0.1:9"}),
        ("timeout_ms", {"timeout_ms": 0}),
        ("timeout_ms", {"timeout_ms": -1}),
        ("timeout_ms", {"timeout_ms": "1000"}),
    ],
)
def test_bad_constructor_arguments(param: str, kwargs: dict[str, Any]) -> None:
    with pytest.raises(models.InputValidationError) as caught:
        Mistral(**kwargs)
    assert caught.value.param == param


def test_bad_server_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_SERVER_URL", "not a url")
    with pytest.raises(models.InputValidationError) as caught:
        Mistral(api_key=KEY)
    assert caught.value.param == "server_url"


def test_bad_retry_config_is_refused_at_construction_or_first_call() -> None:
    with pytest.raises(models.InputValidationError, match="retry_config"):
        Mistral(api_key=KEY, retry_config="backoff")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_attempts"):
        utils.RetryConfig("backoff", max_attempts=0)
    with pytest.raises(ValueError, match="exponent"):
        utils.BackoffStrategy(1, 5, 0.5, 100)
