"""`jobs.create_from_files` and its async twin against the fake server on 127.0.0.1: check the data, upload it, create
the job with the new ids, wait when asked; bad data or bad arguments stop it before anything is uploaded, and a
failure after the uploads names what was uploaded."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from mistral_fine_tuning import Mistral, errors, models
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import KEY, SYNC_ASYNC, connected

FILES = "/v1/files"
JOBS = "/v1/fine_tuning/jobs"


def chat(count: int, topic: str) -> bytes:
    lines = [
        json.dumps(
            {"messages": [{"role": "user", "content": f"{topic} {n}?"}, {"role": "assistant", "content": "Yes."}]}
        )
        for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


TRAIN_A = chat(40, "alpha")
TRAIN_B = chat(30, "beta")
EVAL = chat(5, "eval")
# Line 2 has a role the API does not know; line 3 is not JSON.
BAD = chat(1, "ok") + b'{"messages": [{"role": "bot", "content": "hi"}]}\n' + b"{not json\n"
JOB_FIELDS: dict[str, Any] = {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 3}}


@pytest.fixture
async def mistral(fake_server: FakeMistralServer) -> AsyncIterator[Mistral]:
    async with connected(fake_server.server_url) as client:
        yield client


@pytest.fixture
def local(tmp_path: Path) -> dict[str, Path]:
    """Training and validation files on disk, and one with bad data."""
    files = {"a": ("train_a.jsonl", TRAIN_A), "b": ("train_b.jsonl", TRAIN_B), "eval": ("eval.jsonl", EVAL)}
    paths = {key: tmp_path / name for key, (name, _) in files.items()}
    for key, (_, content) in files.items():
        paths[key].write_bytes(content)
    paths["bad"] = tmp_path / "bad.jsonl"
    paths["bad"].write_bytes(BAD)
    return paths


async def create_from_files(mistral: Mistral, use_async: bool, /, **kwargs: Any) -> Any:
    jobs = mistral.fine_tuning.jobs
    if use_async:
        return await jobs.create_from_files_async(**kwargs)
    return jobs.create_from_files(**kwargs)


def sent(server: FakeMistralServer, method: str, path: str) -> list[Any]:
    return [request for request in server.requests if request.method == method and request.path == path]


@SYNC_ASYNC
async def test_checks_uploads_and_creates_the_job_with_the_new_ids(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], use_async: bool
) -> None:
    fake_server.clear_requests()
    progress: list[tuple[str, int, int | None]] = []
    job = await create_from_files(
        mistral,
        use_async,
        training_files=[local["a"], str(local["b"])],
        validation_files=[local["eval"]],
        on_progress=lambda name, done, total: progress.append((name, done, total)),
        suffix="from-files",
        **JOB_FIELDS,
    )
    assert isinstance(job, models.CompletionJobOut)
    assert job.suffix == "from-files"
    uploads = sent(fake_server, "POST", FILES)
    assert len(uploads) == 3
    stored = {fake_server.get_file(file_id)["filename"]: file_id for file_id in fake_server.file_ids}
    a, b, evaluation = stored["train_a.jsonl"], stored["train_b.jsonl"], stored["eval.jsonl"]
    assert [fake_server.get_file_content(file_id) for file_id in (a, b, evaluation)] == [TRAIN_A, TRAIN_B, EVAL]
    assert {fake_server.get_file(file_id)["purpose"] for file_id in (a, b, evaluation)} == {"fine-tune"}
    [creation] = sent(fake_server, "POST", JOBS)
    body = json.loads(creation.body)
    assert body["training_files"] == [{"file_id": a, "weight": 1.0}, {"file_id": b, "weight": 1.0}]
    assert body["validation_files"] == [evaluation]
    assert (body["model"], body["suffix"]) == ("open-mistral-7b", "from-files")
    assert job.training_files == [a, b] and job.validation_files == [evaluation]
    # Progress per file, each rising to its size.
    for name, content in (("train_a.jsonl", TRAIN_A), ("train_b.jsonl", TRAIN_B), ("eval.jsonl", EVAL)):
        reports = [(done, total) for file_name, done, total in progress if file_name == name]
        assert reports[-1] == (len(content), len(content))
    # The requests went in order: every upload, then the job.
    assert [request.path for request in fake_server.requests] == [FILES, FILES, FILES, JOBS]


@SYNC_ASYNC
async def test_a_file_named_twice_is_uploaded_once(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], use_async: bool
) -> None:
    """The same file as training and validation data (as a path and as text, through `..`): one upload, its id in
    both places."""
    fake_server.clear_requests()
    roundabout = local["a"].parent / ".." / local["a"].parent.name / local["a"].name
    job = await create_from_files(
        mistral, use_async, training_files=[local["a"], str(roundabout)], validation_files=[local["a"]], **JOB_FIELDS
    )
    [upload] = sent(fake_server, "POST", FILES)
    [file_id] = [file for file in fake_server.file_ids if fake_server.get_file(file)["filename"] == "train_a.jsonl"]
    body = json.loads(sent(fake_server, "POST", JOBS)[0].body)
    assert body["training_files"] == [{"file_id": file_id, "weight": 1.0}] * 2
    assert body["validation_files"] == [file_id]
    assert job.validation_files == [file_id]
    assert upload.status == 200


@SYNC_ASYNC
@pytest.mark.parametrize("where", ["training_files", "validation_files"])
async def test_bad_data_is_a_training_data_error_and_nothing_is_uploaded(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], where: str, use_async: bool
) -> None:
    fake_server.clear_requests()
    files = {"training_files": [local["a"]], "validation_files": [local["eval"]]}
    files[where] = [*files[where], local["bad"]]
    with pytest.raises(errors.TrainingDataError) as caught:
        await create_from_files(mistral, use_async, **files, **JOB_FIELDS)
    error = caught.value
    assert error.param == f"{where}[1]"
    assert error.path == str(local["bad"])
    assert not error.report.ok
    assert [(problem.line, problem.severity) for problem in error.report.problems] == [(2, "error"), (3, "error")]
    assert "nothing was uploaded" in str(error)
    assert fake_server.requests == []


@SYNC_ASYNC
async def test_check_false_uploads_bad_data_as_it_is(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], use_async: bool
) -> None:
    job = await create_from_files(mistral, use_async, training_files=local["bad"], check=False, **JOB_FIELDS)
    [file_id] = job.training_files
    assert fake_server.get_file_content(file_id) == BAD
    fake_server.advance(60)
    assert fake_server.get_job(job.id)["status"] == "FAILED_VALIDATION"  # the server found what the check would have


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"training_files": []}, "training_files"),
        ({"training_files": ["missing.jsonl"]}, "training_files[0]"),
        ({"training_files": b"train.jsonl"}, "training_files"),
        ({"validation_files": ["missing.jsonl"]}, "validation_files[0]"),
        ({"model": None}, "model"),
        ({"hyperparameters": {"learning_rate": "fast"}}, "hyperparameters"),
        ({"job_type": "translation"}, "job_type"),
        ({"flavour": "vanilla"}, "flavour"),
        ({"server_url": "ftp://elsewhere"}, "server_url"),
        ({"dry_run": True, "wait": True}, "wait"),
    ],
    ids=lambda value: str(value)[:30],
)
async def test_bad_arguments_are_refused_before_anything_is_uploaded(
    fake_server: FakeMistralServer,
    mistral: Mistral,
    local: dict[str, Path],
    arguments: dict[str, Any],
    parameter: str,
    use_async: bool,
) -> None:
    fake_server.clear_requests()
    given = {"training_files": [local["a"]], **JOB_FIELDS, **arguments}
    with pytest.raises(errors.InputValidationError) as caught:
        await create_from_files(mistral, use_async, **given)
    assert caught.value.param.startswith(parameter), caught.value
    assert fake_server.requests == []


@SYNC_ASYNC
@pytest.mark.parametrize("fault", ["422", "500", "lost-answer"])
async def test_when_create_fails_after_the_uploads_the_error_lists_the_uploaded_ids(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], fault: str, use_async: bool
) -> None:
    faults = {
        "422": Fault.error(422, [{"type": "value_error", "loc": ["body"], "msg": "no", "input": None}]),
        "500": Fault.error(500),
        "lost-answer": Fault.drop_connection(),
    }
    fake_server.inject(faults[fault], method="POST", path=JOBS)
    fake_server.clear_requests()
    with pytest.raises((errors.SDKError, errors.APIConnectionError)) as caught:
        await create_from_files(
            mistral, use_async, training_files=[local["a"]], validation_files=[local["eval"]], **JOB_FIELDS
        )
    stored = {fake_server.get_file(file_id)["filename"]: file_id for file_id in fake_server.file_ids}
    ids = [stored["train_a.jsonl"], stored["eval.jsonl"]]
    [note] = getattr(caught.value, "__notes__", [])
    assert f"uploaded, as {', '.join(ids)}" in note
    assert "jobs.create(training_files=[...])" in note
    assert len(sent(fake_server, "POST", FILES)) == 2 and len(sent(fake_server, "POST", JOBS)) == 1


@SYNC_ASYNC
async def test_an_upload_failing_midway_names_the_files_already_uploaded(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], use_async: bool
) -> None:
    def fail_the_second(name: str, done: int, total: int | None) -> None:
        # Called while the second file is being sent: the server takes a fault once the request is complete.
        if name == "train_b.jsonl" and not fake_server.pending_faults:
            fake_server.inject(Fault.error(500), method="POST", path=FILES)

    with pytest.raises(errors.InternalServerError) as caught:
        await create_from_files(
            mistral, use_async, training_files=[local["a"], local["b"]], on_progress=fail_the_second, **JOB_FIELDS
        )
    stored = {fake_server.get_file(file_id)["filename"]: file_id for file_id in fake_server.file_ids}
    assert "train_b.jsonl" not in stored
    [note] = caught.value.__notes__
    assert f"uploaded, as {stored['train_a.jsonl']}:" in note
    assert sent(fake_server, "POST", JOBS) == []

    fake_server.inject(Fault.error(500), method="POST", path=FILES)  # the first upload fails: nothing to reuse
    with pytest.raises(errors.InternalServerError) as first:
        await create_from_files(mistral, use_async, training_files=[local["b"]], **JOB_FIELDS)
    assert not getattr(first.value, "__notes__", None)


@SYNC_ASYNC
async def test_wait_returns_the_job_as_it_ends(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path], use_async: bool
) -> None:
    fake_server.speed = 200
    updates: list[Any] = []
    done = await create_from_files(
        mistral,
        use_async,
        training_files=local["a"],
        auto_start=True,
        wait=True,
        wait_options={"poll_interval": 0.01, "on_update": updates.append},
        **JOB_FIELDS,
    )
    assert isinstance(done, models.CompletionDetailedJobOut)
    assert done.status == "SUCCESS"
    assert done.fine_tuned_model in fake_server.model_ids
    statuses = [str(getattr(update.item, "value", update.item)) for update in updates if update.kind == "status"]
    assert statuses[-1] == "SUCCESS"


@SYNC_ASYNC
async def test_per_call_options_apply_to_the_uploads_and_the_wait_too(
    fake_server: FakeMistralServer, local: dict[str, Path], refusing_url: str, use_async: bool
) -> None:
    """A client made for another server, told `server_url=` for this call: the files must go where the job is
    created, and the polls ask the same server."""
    fake_server.speed = 200
    async with connected(refusing_url) as elsewhere:
        done = await create_from_files(
            elsewhere,
            use_async,
            training_files=[local["a"]],
            server_url=fake_server.server_url,
            http_headers={"x-trace": "workflow"},
            auto_start=True,
            wait=True,
            wait_options={"poll_interval": 0.01},
            **JOB_FIELDS,
        )
    assert done.status == "SUCCESS"
    assert {request.header("x-trace") for request in fake_server.requests} == {"workflow"}
    assert {request.path for request in fake_server.requests} == {FILES, JOBS, f"{JOBS}/{done.id}"}


async def test_the_api_key_never_shows_in_the_note(
    fake_server: FakeMistralServer, mistral: Mistral, local: dict[str, Path]
) -> None:
    fake_server.inject(Fault.error(500), method="POST", path=JOBS)
    with pytest.raises(errors.InternalServerError) as caught:
        mistral.fine_tuning.jobs.create_from_files(training_files=[local["a"]], **JOB_FIELDS)
    assert KEY not in str(caught.value) and KEY not in "".join(caught.value.__notes__)
