"""`mistral-ft` as a user runs it: subprocesses against the fake server on 127.0.0.1.

Results are parsed from the command's JSON and compared with what the library returns for the same call; errors
are checked for their exit status, a single line on stderr, no traceback, and no secret in any output.

A process start costs more than most commands, so the command lines that need nothing of their own process are run
by one worker process for the whole session (`run_batch`: the entry point `main(argv)`, called once per command line
with its own environment and captured stdout and stderr); the console script itself, signals, `--verbose` logging,
the live progress and imports are checked in processes of their own (`run_cli`, `subprocess.Popen`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import typing
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mistral_fine_tuning import Mistral, models, pagination, waiting
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import store_files

API_KEY = "sk-cli-test-key-0123456789abcdef"
WANDB_KEY = "wandb-cli-test-key-" + "k" * 21  # the API wants exactly 40 characters
SECRETS = (API_KEY, WANDB_KEY)
FILE_ID = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
OTHER_FILE_ID = "5a1f3e2d-1111-4a43-9b4b-6ad0a3e1c6a2"
SUCCEEDED = "b888f774-3e7c-4135-a18c-6b985523c4bc"
RUNNING = "0f713502-9233-41c6-9ebd-c570b7edb496"
VALIDATED = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
UNKNOWN_JOB = "00000000-0000-4000-8000-000000000000"
FAST_POLL = "0.02"
LIFECYCLE = ["QUEUED", "VALIDATING", "VALIDATED", "QUEUED", "RUNNING", "SUCCESS"]

_SCRIPT = Path(sys.executable).with_name("mistral-ft")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mistral_fine_tuning.cli"]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_line(self) -> str:
        """The one line a failing command prints (asserting that it is one line, without a traceback)."""
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert "Traceback" not in self.stderr
        assert lines[0].startswith("mistral-ft"), lines[0]
        return lines[0]


def _environment(server: FakeMistralServer | None, env: dict[str, str] | None) -> dict[str, str]:
    # COLUMNS (set by pytest-xdist's workers) would fit tables to it: each test says which width it wants.
    inherited = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    environment = {key: value for key, value in inherited.items() if not key.startswith(("MISTRAL_", "WANDB_"))}
    environment["MISTRAL_API_KEY"] = API_KEY
    if server is not None:
        environment["MISTRAL_SERVER_URL"] = server.server_url
    environment.update(env or {})
    return {key: value for key, value in environment.items() if value != ""}  # "" unsets


def _no_secret(*outputs: str) -> None:
    for secret in SECRETS:
        assert not any(secret in output for output in outputs), "a secret was printed"


def run_cli(*args: str, server: FakeMistralServer | None = None, env: dict[str, str] | None = None) -> Result:
    """`mistral-ft ARGS...` in its own process, stdout and stderr being pipes."""
    done = subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, env=_environment(server, env), timeout=60, check=False
    )
    _no_secret(done.stdout, done.stderr)
    return Result(done.returncode, done.stdout, done.stderr)


def run_parallel(*calls: tuple[Sequence[str], dict[str, str]], server: FakeMistralServer | None = None) -> list[Result]:
    """Independent `run_cli` calls (arguments, extra environment), two at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda call: run_cli(*call[0], server=server, env=call[1]), calls))


_WORKER = """
import contextlib, io, json, os, sys
from mistral_fine_tuning.cli import main
for request in sys.stdin:
    call = json.loads(request)
    os.environ.clear()
    os.environ.update(call["env"])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(call["argv"])
    sys.__stdout__.write(json.dumps({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\\n")
    sys.__stdout__.flush()
"""


@pytest.fixture(scope="session")
def worker() -> Iterator[subprocess.Popen[str]]:
    """One process for every `run_batch` call of the session: it runs `main(argv)` per command line."""
    process = subprocess.Popen(
        [sys.executable, "-c", _WORKER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(None, None),
    )
    yield process
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)


def run_batch(
    worker: subprocess.Popen[str],
    *calls: Sequence[str],
    server: FakeMistralServer | None = None,
    env: dict[str, str] | None = None,
) -> list[Result]:
    """Command lines run one after the other by the worker process: `main(argv)` for each, as the console script
    calls it, each with its own environment and its own captured stdout and stderr (not terminals)."""
    assert worker.stdin is not None and worker.stdout is not None
    results = []
    for argv in calls:
        worker.stdin.write(json.dumps({"argv": list(argv), "env": _environment(server, env)}) + "\n")
        worker.stdin.flush()
        answer = worker.stdout.readline()
        assert answer, "the worker died"
        result = Result(**json.loads(answer))
        _no_secret(result.stdout, result.stderr)
        results.append(result)
    return results


@pytest.fixture
def jobs(fake_server: FakeMistralServer) -> Iterator[Any]:
    """The library's `jobs`, on the same fake server (frozen clock, the three example jobs) as the command line."""
    with Mistral(api_key=API_KEY, server_url=fake_server.server_url) as mistral:
        yield mistral.fine_tuning.jobs


def _requests(server: FakeMistralServer, method: str, path: str = "/v1/fine_tuning/jobs") -> list[Any]:
    return [request for request in server.requests if request.method == method and request.path.startswith(path)]


def _environment_for_popen(server: FakeMistralServer) -> dict[str, str]:
    return _environment(server, None)


def _wait_for_polls(server: FakeMistralServer, job_id: str, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(_requests(server, "GET", f"/v1/fine_tuning/jobs/{job_id}")) < count:
        assert time.monotonic() < deadline, "the command never polled"
        time.sleep(0.01)


# --- list ----------------------------------------------------------------------------------------------------------


def test_list_prints_the_apis_json_when_stdout_is_not_a_terminal(fake_server: FakeMistralServer, jobs: Any) -> None:
    result = run_cli("jobs", "list", server=fake_server)
    assert result.code == 0, result.stderr
    assert result.json() == jobs.list().to_dict()
    assert result.stderr == ""
    assert "\n" not in result.stdout.rstrip("\n")  # one line: `jq` and logs alike


def test_list_filters_table_json_and_all_pages(
    fake_server: FakeMistralServer, jobs: Any, worker: subprocess.Popen[str]
) -> None:
    fake_server.add_jobs(250)
    filters = ["--page=1", "--page-size=4", "--status=SUCCESS", "--created-by-me"]
    filters += ["--created-after=2000-01-01T00:00:00Z", "--model=open-mistral-7b"]
    filtered, table, everything = run_batch(
        worker,
        ["jobs", "list", *filters],
        ["jobs", "list", "--text", "--page-size=2"],
        ["jobs", "list", "--all", "--page-size", "100"],
        server=fake_server,
    )
    sent = [request.params for request in _requests(fake_server, "GET")]
    fake_server.clear_requests()

    expected = jobs.list(
        page=1,
        page_size=4,
        status="SUCCESS",
        created_by_me=True,
        created_after="2000-01-01T00:00:00Z",
        model="open-mistral-7b",
    )
    assert filtered.code == 0, filtered.stderr
    assert filtered.json() == expected.to_dict()
    assert sent[0] == _requests(fake_server, "GET")[0].params  # what the library sends for the same call
    assert sent[0]["page"] == "1" and sent[0]["status"] == "SUCCESS"

    assert table.code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "TYPE", "MODEL", "CREATED", "FINE-TUNED", "MODEL"]
    page = jobs.list(page_size=2)
    assert [line.split()[:2] for line in lines[1:3]] == [[job.id, job.status] for job in page.data]
    assert lines[3] == f"jobs 1-2 of {page.total} (page 0); --all for every page"

    assert everything.code == 0, everything.stderr
    assert [(page["page"], page["page_size"]) for page in sent[2:]] == [("0", "100"), ("1", "100"), ("2", "100")]
    listed = everything.json()
    assert len(listed) == 253  # the 250 added, and the three examples
    assert listed == [job.to_dict() for job in pagination.iter_jobs(jobs.list, page_size=100)]


# --- get, cancel, start, create ------------------------------------------------------------------------------------


def test_get_cancel_start_print_what_the_library_returns(
    fake_server: FakeMistralServer, jobs: Any, worker: subprocess.Popen[str]
) -> None:
    got, view, cancelled, started = run_batch(
        worker,
        ["jobs", "get", SUCCEEDED],
        ["jobs", "get", SUCCEEDED, "--text"],
        ["jobs", "cancel", RUNNING],
        ["jobs", "start", VALIDATED, "--json"],
        server=fake_server,
    )
    assert [got.code, view.code, cancelled.code, started.code] == [0, 0, 0, 0], got.stderr + cancelled.stderr
    assert got.json() == jobs.get(job_id=SUCCEEDED).to_dict()
    assert cancelled.json() == jobs.get(job_id=RUNNING).to_dict()  # the clock is frozen: nothing moved since
    assert cancelled.json()["status"] == "CANCELLATION_REQUESTED"
    assert started.json() == jobs.get(job_id=VALIDATED).to_dict()
    assert started.json()["status"] == "QUEUED"
    assert len(_requests(fake_server, "POST", f"/v1/fine_tuning/jobs/{RUNNING}/cancel")) == 1

    job = jobs.get(job_id=SUCCEEDED)
    top_level = [re.split(r"\s{2,}", line, maxsplit=1) for line in view.stdout.splitlines() if line[:1].isalpha()]
    fields = {pair[0]: pair[1] for pair in top_level if len(pair) == 2}
    assert fields["id"] == SUCCEEDED and fields["status"] == "SUCCESS" and fields["model"] == job.model
    assert fields["fine tuned model"] == job.fine_tuned_model
    assert fields["created at"].endswith(" UTC")
    assert f"checkpoints ({len(job.checkpoints)}, newest first)" in view.stdout
    assert f"events ({len(job.events)}, newest first)" in view.stdout


def test_create_typed_hyperparameters_from_file_wandb_and_dry_run(
    fake_server: FakeMistralServer, jobs: Any, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    store_files(fake_server, OTHER_FILE_ID)
    job_file = tmp_path / "job.json"
    job_file.write_text(
        json.dumps(
            {
                "model": "open-mistral-7b",
                "training_files": [{"file_id": FILE_ID, "weight": 1.0}],
                "hyperparameters": {"learning_rate": 1e-5, "training_steps": 3},
                "suffix": "from-file",
            }
        )
    )
    options = ["--model=open-mistral-7b", f"--training-file={FILE_ID}:2.5", f"--training-file={OTHER_FILE_ID}"]
    options += [f"--validation-file={OTHER_FILE_ID}", "--hyperparameter=training_steps=7", "-p", "learning_rate=2e-4"]
    options += ["-p", "weight_decay=null", "--suffix=cli", "--no-auto-start"]
    over_file = ["--from-file", str(job_file), "--suffix=from-options", "-p", "training_steps=9"]
    over_file += ["--integration-wandb-project=proj", "--integration-wandb-name=run-1"]
    estimate = ["--model=open-mistral-7b", f"--training-file={FILE_ID}", "-p", "training_steps=12", "--dry-run"]
    created, from_file, dry_run = run_batch(
        worker,
        ["jobs", "create", *options],
        ["jobs", "create", *over_file],
        ["jobs", "create", *estimate],
        server=fake_server,
        env={"WANDB_API_KEY": WANDB_KEY},
    )
    bodies = [request.json() for request in _requests(fake_server, "POST")]

    assert created.code == 0, created.stderr
    assert bodies[0] == {
        "model": "open-mistral-7b",
        "training_files": [{"file_id": FILE_ID, "weight": 2.5}, {"file_id": OTHER_FILE_ID}],
        "validation_files": [OTHER_FILE_ID],
        "hyperparameters": {"training_steps": 7, "learning_rate": 0.0002, "weight_decay": None},
        "suffix": "cli",
        "auto_start": False,
    }
    job = created.json()
    assert job == {key: value for key, value in jobs.get(job_id=job["id"]).to_dict().items() if key in job}

    assert from_file.code == 0, from_file.stderr
    assert bodies[1] == {
        "model": "open-mistral-7b",
        "training_files": [{"file_id": FILE_ID, "weight": 1.0}],
        "hyperparameters": {"learning_rate": 1e-5, "training_steps": 9},
        "suffix": "from-options",
        "integrations": [{"project": "proj", "api_key": WANDB_KEY, "name": "run-1"}],
    }
    job = from_file.json()
    assert job["integrations"][0]["project"] == "proj"
    assert job == {key: value for key, value in jobs.get(job_id=job["id"]).to_dict().items() if key in job}

    assert dry_run.code == 0, dry_run.stderr
    library_estimate = jobs.create(
        model="open-mistral-7b", training_files=[FILE_ID], hyperparameters={"training_steps": 12}, dry_run=True
    )
    assert dry_run.json() == library_estimate.to_dict()
    assert len(fake_server.job_ids) == 5  # the examples and the two created: the dry runs created nothing


def test_create_wait_follows_the_job_to_success(
    fake_server: FakeMistralServer, jobs: Any, worker: subprocess.Popen[str]
) -> None:
    fake_server.speed = 40
    created = ["--model=open-mistral-7b", f"--training-file={FILE_ID}", "-p", "training_steps=10", "--auto-start"]
    [result] = run_batch(
        worker, ["jobs", "create", *created, "--wait", "--poll-interval", FAST_POLL], server=fake_server
    )
    assert result.code == 0, result.stderr
    final = result.json()
    assert final["status"] == "SUCCESS"
    assert final == jobs.get(job_id=final["id"]).to_dict()
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"mistral-ft: created job {final['id']} (QUEUED); waiting for it")
    assert lines[-1].startswith("SUCCESS  step 10/10 (100%)")


# --- wait ----------------------------------------------------------------------------------------------------------


def test_wait_off_a_terminal_prints_one_line_per_change(fake_server: FakeMistralServer, jobs: Any) -> None:
    created = jobs.create(
        model="open-mistral-7b", training_files=[FILE_ID], hyperparameters={"training_steps": 10}, auto_start=True
    )
    child = subprocess.Popen(
        [*COMMAND, "jobs", "wait", created.id, "--poll-interval", FAST_POLL],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment_for_popen(fake_server),
    )
    _wait_for_polls(fake_server, created.id, 2)  # QUEUED seen (and the clock is still frozen): let the job go
    fake_server.speed = 40
    stdout, stderr = child.communicate(timeout=30)
    _no_secret(stdout, stderr)
    assert child.returncode == 0, stderr
    final = jobs.get(job_id=created.id)
    assert json.loads(stdout) == final.to_dict()
    lines = stderr.splitlines()
    statuses = [line.split()[0] for line in lines if not line.startswith("checkpoint")]
    steps = [int(line.split()[2].split("/")[0]) for line in lines if line.startswith("checkpoint")]
    # each change once, in order, and nothing else (a status lasting less than a poll may go unseen)
    remaining = iter(LIFECYCLE)
    assert all(status in remaining for status in statuses), statuses  # a subsequence of the lifecycle
    assert statuses[0] == "QUEUED" and statuses[-1] == "SUCCESS" and "RUNNING" in statuses
    assert steps == sorted(set(steps)) and set(steps) <= {checkpoint.step_number for checkpoint in final.checkpoints}
    assert len(steps) >= 5
    assert len(lines) == len(statuses) + len(steps)
    assert re.fullmatch(r"QUEUED  step -/10  elapsed \ds", lines[0]), lines[0]
    checkpoint = next(line for line in lines if line.startswith("checkpoint  step "))
    assert "/10 (" in checkpoint and "loss train " in checkpoint and "left ~" in checkpoint
    assert lines[-1].startswith("SUCCESS  step 10/10 (100%)  loss train ")


def test_wait_exit_statuses_until_and_timeout(fake_server: FakeMistralServer, worker: subprocess.Popen[str]) -> None:
    ended = {status: fake_server.add_job(status=status) for status in ("FAILED", "FAILED_VALIDATION", "CANCELLED")}
    ended["SUCCESS"] = SUCCEEDED
    results = run_batch(
        worker,
        *[["jobs", "wait", job_id] for job_id in ended.values()],
        ["jobs", "wait", "--until", "running,VALIDATED", VALIDATED, "--until", "STARTED"],
        ["jobs", "wait", VALIDATED, "--timeout", "0.2", "--poll-interval", "0.05"],
        ["jobs", "wait", VALIDATED, "--until", "DONE"],
        server=fake_server,
    )
    *finished, reached, timed_out, bad_until = results
    for (status, job_id), result, code in zip(ended.items(), finished, (10, 11, 12, 0), strict=True):
        assert result.code == code, (status, result.stderr)
        assert result.json()["status"] == status
        if code:
            assert result.stderr.splitlines()[-1].startswith(f"mistral-ft: job {job_id} ended {status}")
    assert "the loss diverged" in finished[0].stderr  # the failure's reason, from the job's events
    assert reached.code == 0 and reached.json()["status"] == "VALIDATED", reached.stderr
    assert timed_out.code == 13, timed_out.stderr
    assert timed_out.json()["status"] == "VALIDATED"  # the job as last seen
    assert timed_out.stderr.splitlines()[-1].endswith(f"resume with: mistral-ft jobs wait {VALIDATED}")
    assert bad_until.code == 2
    assert "--until: unknown status DONE" in bad_until.error_line
    assert not _requests(fake_server, "POST")  # waiting never cancels or starts anything


def test_wait_interrupted_prints_how_to_resume_and_cancels_nothing(fake_server: FakeMistralServer) -> None:
    child = subprocess.Popen(
        [*COMMAND, "jobs", "wait", VALIDATED, "--poll-interval", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment_for_popen(fake_server),
    )
    _wait_for_polls(fake_server, VALIDATED, 2)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=10)
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == (
        f"mistral-ft: stopped watching job {VALIDATED}; it goes on running. Resume with: mistral-ft jobs wait "
        f"{VALIDATED}"
    )
    assert stdout == ""
    assert not _requests(fake_server, "POST")


def test_wait_cancels_on_interrupt_only_when_asked(fake_server: FakeMistralServer) -> None:
    child = subprocess.Popen(
        [*COMMAND, "jobs", "wait", VALIDATED, "--cancel-on-interrupt", "--poll-interval", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment_for_popen(fake_server),
    )
    _wait_for_polls(fake_server, VALIDATED, 2)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=10)
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr and stdout == ""
    cancels = _requests(fake_server, "POST")
    assert [request.path for request in cancels] == [f"/v1/fine_tuning/jobs/{VALIDATED}/cancel"]
    assert fake_server.get_job(VALIDATED)["status"] == "CANCELLATION_REQUESTED"
    assert stderr.splitlines()[-1] == (
        f"mistral-ft: job {VALIDATED} is CANCELLATION_REQUESTED; follow it with: mistral-ft jobs wait {VALIDATED}"
    )


# --- errors --------------------------------------------------------------------------------------------------------


def test_api_errors_are_one_line_with_status_message_and_request_id(
    fake_server: FakeMistralServer, worker: subprocess.Popen[str]
) -> None:
    not_found, conflict, invalid = run_batch(
        worker,
        ["jobs", "get", UNKNOWN_JOB],
        ["jobs", "start", SUCCEEDED],
        ["jobs", "create", "--model=open-mistral-7b", "--training-file=not-a-uuid"],
        server=fake_server,
    )
    assert not_found.code == 4
    assert not_found.error_line.startswith(
        f"mistral-ft: error: 404 Not Found: No fine-tuning job with id {UNKNOWN_JOB}"
    )
    assert conflict.code == 5
    assert conflict.error_line.startswith("mistral-ft: error: 409 Conflict: ")
    assert invalid.code == 2
    assert "422 Unprocessable Entity: training_files.0.file_id: Input should be a valid UUID" in invalid.error_line
    assert len(fake_server.requests) == 3  # none of them is retried
    for result in (not_found, conflict, invalid):
        assert result.stdout == ""
        assert "(request id: " in result.error_line


def test_authentication_errors(fake_server: FakeMistralServer, worker: subprocess.Popen[str]) -> None:
    with FakeMistralServer(api_key="the-only-accepted-key", speed=0) as strict:
        refused, missing, local = run_batch(
            worker,
            ["jobs", "list", "--server-url", strict.server_url],
            ["jobs", "list", "--server-url", "http://mistral.invalid"],
            ["jobs", "get", SUCCEEDED, "--server-url", fake_server.server_url],
            env={"MISTRAL_API_KEY": ""},
        )
        [wrong_key] = run_batch(worker, ["jobs", "list", "--server-url", strict.server_url])
    assert refused.code == 3  # without a key, a loopback server gets a placeholder token, which this one refuses
    assert refused.error_line.startswith("mistral-ft: error: 401 Unauthorized: Unauthorized (request id: ")
    assert refused.error_line.endswith(
        "; MISTRAL_API_KEY is not set (a placeholder was sent, which this server refused): set it to its key"
    )
    assert wrong_key.code == 3
    assert wrong_key.error_line.endswith("); the key in MISTRAL_API_KEY was refused")
    assert missing.code == 3
    assert missing.error_line.startswith("mistral-ft: error: no API key: set MISTRAL_API_KEY")
    assert local.code == 0, local.stderr  # a server on 127.0.0.1 needs no key
    assert local.json()["id"] == SUCCEEDED


def test_connection_errors_retries_and_timeouts(fake_server: FakeMistralServer, worker: subprocess.Popen[str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    unavailable = Fault.error(503, headers={"Retry-After": "0"})
    fake_server.inject(unavailable, times=2, path=f"/v1/fine_tuning/jobs/{SUCCEEDED}")
    fake_server.inject(Fault.delay(3), times=1, path=f"/v1/fine_tuning/jobs/{RUNNING}")
    refused, single, retried, slow = run_batch(
        worker,
        ["jobs", "list", "--retries", "0", "--server-url", f"http://127.0.0.1:{closed_port}"],
        ["jobs", "get", SUCCEEDED, "--retries", "0"],
        ["jobs", "get", SUCCEEDED, "--retries", "2"],  # a 503 once more, then the job
        ["--timeout", "0.2", "jobs", "get", RUNNING, "--retries", "0"],
        server=fake_server,
    )
    assert refused.code == 6
    assert refused.error_line.startswith("mistral-ft: error: no response from the API: ")
    assert single.code == 5
    assert single.error_line.startswith("mistral-ft: error: 503 Service Unavailable: ")
    assert retried.code == 0 and retried.json()["id"] == SUCCEEDED, retried.stderr
    statuses = [request.status for request in _requests(fake_server, "GET", f"/v1/fine_tuning/jobs/{SUCCEEDED}")]
    assert statuses == [503, 503, 200]
    assert slow.code == 6
    assert slow.error_line == (
        "mistral-ft: error: request timed out while waiting for the answer (after 0.2 s): "
        f"GET {fake_server.server_url}/v1/fine_tuning/jobs/{RUNNING}; raise the limit with --timeout SECONDS"
    )


def test_bad_input_is_one_line_and_exit_2_with_nothing_sent(
    fake_server: FakeMistralServer, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    not_json = tmp_path / "broken.json"
    not_json.write_text("{")
    unknown_field = tmp_path / "unknown.json"
    unknown_field.write_text(json.dumps({"model": "m", "hyperparameters": {}, "colour": "blue"}))
    create = ("jobs", "create", "--model=open-mistral-7b")
    known = ", ".join(sorted(models.CompletionTrainingParametersIn.JSON_FIELDS))
    classifier_known = ", ".join(sorted(models.ClassifierTrainingParametersIn.JSON_FIELDS))
    cases: list[tuple[tuple[str, ...], str]] = [
        (
            (*create, "-p", "learning_rat=1"),
            f"unknown key 'learning_rat'; did you mean learning_rate? (known: {known})",
        ),
        ((*create, "--job-type=classifier", "-p", "fim_ratio=0.5"), f"(known: {classifier_known})"),
        ((*create, "-p", "training_steps=ten"), "training_steps must be an integer or null, got 'ten'"),
        ((*create, "-p", "learning_rate=nan"), "learning_rate must be a number, got 'nan'"),
        ((*create, "-p", "learning_rate"), "expected KEY=VALUE"),
        ((*create, f"--training-file={FILE_ID}:heavy"), "expected PATH, PATH:WEIGHT, FILE_ID or FILE_ID:WEIGHT"),
        ((*create, "--training-file=:1"), "malformed file id"),
        ((*create, "--validation-file=a?b"), "malformed file id"),
        ((*create, "--validation-file=a/b.jsonl"), "--validation-file: no such file: a/b.jsonl"),
        ((*create, "--integration-wandb-project=p"), "needs a Weights & Biases key in WANDB_API_KEY"),
        ((*create, "--integration-wandb-name=n"), "needs --integration-wandb-project"),
        ((*create, "--job-type=regression"), "job_type: must be one of classifier, completion"),
        ((*create, "--dry-run", "--wait"), "nothing to --wait for"),
        ((*create, "--until", "RUNNING"), "go with --wait"),
        (("jobs", "create", "-p", "training_steps=1"), "--model is required"),
        (("jobs", "create", "--from-file", str(tmp_path / "missing.json")), "cannot read"),
        (("jobs", "create", "--from-file", str(not_json)), "is not valid JSON"),
        (("jobs", "create", "--from-file", str(unknown_field)), "unknown field(s) colour"),
        (("jobs", "list", "--status=DONE"), "status: must be one of"),
        (("jobs", "list", "--created-after=yesterday"), "created_after: must be a datetime or an ISO 8601 string"),
        (("jobs", "list", "--all", "--page=2"), "drop --page"),
        (("jobs", "list", "--page=-1"), "argument --page: must be 0 or more"),
        (("jobs", "list", "--page-size=many"), "expected an integer, got 'many'"),
        (("jobs", "list", "--colour"), "unrecognized arguments: --colour (see"),  # nothing close: no suggestion
        (("jobs", "list", "--page-sise=3"), "unrecognized arguments: --page-sise=3; did you mean --page-size?"),
        (("jobs", "list", "--stauts", "X", "--modl=m"), "did you mean --status (for --stauts), --model (for --modl)?"),
        (("jobs", "lst"), "invalid choice: 'lst'; did you mean 'list'? (choose from list, get, create,"),
        (("job", "list"), "invalid choice: 'job'; did you mean 'jobs'?"),
        (("jobs", "wait", RUNNING, "--until", "runing"), "unknown status RUNING; did you mean RUNNING?"),
        (("jobs", "get"), "the following arguments are required: JOB_ID"),
        (("jobs", "get", "../etc"), "job_id"),
        (("jobs", "frobnicate"), "invalid choice"),
        (("--server-url", "ftp://127.0.0.1", "jobs", "list"), "'ftp://127.0.0.1' must be an http:// or https:// URL"),
    ]
    results = run_batch(worker, *[arguments for arguments, _ in cases], server=fake_server)
    for (arguments, expected), result in zip(cases, results, strict=True):
        assert result.code == 2, (arguments, result)
        assert expected in result.error_line, (arguments, result.error_line)
        assert result.stdout == "", arguments
    assert fake_server.requests == []  # every one was refused before sending


def test_secrets_never_appear_even_with_verbose(fake_server: FakeMistralServer) -> None:
    wandb = ("--integration-wandb-project=proj", f"--training-file={FILE_ID}", "--verbose")
    listed, created, refused = run_parallel(
        (("jobs", "list", "--verbose"), {}),
        (("jobs", "create", "--model=m", *wandb, "--text"), {"WANDB_API_KEY": WANDB_KEY}),
        # a key the server refuses, in a 422 that echoes what it got
        (("jobs", "create", "--model=m", *wandb), {"WANDB_API_KEY": WANDB_KEY + "x"}),
        server=fake_server,
    )
    # run_cli checked every output for both keys; these show the runs did what would expose them
    assert listed.code == 0, listed.stderr
    assert "DEBUG" in listed.stderr and f"GET {fake_server.server_url}/v1/fine_tuning/jobs" in listed.stderr
    assert created.code == 0 and "project=proj" in created.stdout, created.stderr
    assert "DEBUG" in created.stderr
    assert refused.code == 2, refused.stderr
    assert "422 Unprocessable Entity: integrations.0.api_key: String should have at most 40" in refused.stderr
    posted = [request.json()["integrations"][0]["api_key"] for request in _requests(fake_server, "POST")]
    assert sorted(posted) == [WANDB_KEY, WANDB_KEY + "x"]
    assert all(request.header("authorization") == "Bearer <redacted>" for request in fake_server.requests)


# --- help, imports, the fake server ----------------------------------------------------------------------------------


def test_help_lists_commands_exit_statuses_and_the_fake_server(worker: subprocess.Popen[str]) -> None:
    top, wait, create, version = run_batch(
        worker, ["--help"], ["jobs", "wait", "--help"], ["jobs", "create", "-h"], ["--version"]
    )
    assert [top.code, wait.code, create.code, version.code] == [0, 0, 0, 0]
    assert "fake-server" in top.stdout and "exit status:" in top.stdout
    assert "\n  When stdout is not a terminal" in top.stdout
    # every environment variable read is documented, MISTRAL_FT_POLL_INTERVAL with the library's real schedule
    environment = top.stdout[top.stdout.index("environment:") : top.stdout.index("exit status:")]
    for name in ("MISTRAL_API_KEY", "MISTRAL_SERVER_URL", "WANDB_API_KEY", "MISTRAL_FT_POLL_INTERVAL", "COLUMNS"):
        assert f"\n  {name}  " in environment, name
    poll = " ".join(environment[environment.index("MISTRAL_FT_POLL_INTERVAL") :].split())
    assert (
        f"{waiting.DEFAULT_POLL_INTERVAL:g} s after a change, growing to {waiting.DEFAULT_MAX_POLL_INTERVAL:g} s"
        in poll
    )
    for code in ("0", "1", "2", "3", "4", "5", "6", "10", "11", "12", "13", "130"):
        assert f"\n  {code} " in top.stdout
    assert "--cancel-on-interrupt" in wait.stdout and "--poll-interval" not in wait.stdout
    for option in ("--training-file", "--hyperparameter", "--from-file", "--dry-run", "--integration-wandb-project"):
        assert option in create.stdout
    assert version.stdout.startswith("mistral-ft ")


def test_imports_stay_lazy_and_one_way(fake_server: FakeMistralServer) -> None:
    """--help loads neither the HTTP library, the client, the models, the facade nor rich; `jobs get` not rich; the
    library never the CLI."""
    probe = f"""
import contextlib, io, sys
from mistral_fine_tuning.cli import main
heavy = ("rich", "httpx2", "mistral_fine_tuning._client", "mistral_fine_tuning._jobs")
heavy += ("mistral_fine_tuning._generated.models.job_in", "mistral_fine_tuning.testing", "mistral_fine_tuning.waiting")
heavy += ("difflib", "dataclasses")  # for a misspelling; for the client
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["--help"])
print(code, [name for name in heavy if name in sys.modules])
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["jobs", "get", "{SUCCEEDED}", "--server-url", "{fake_server.server_url}", "--text"])
print(code, "rich" in sys.modules, "{SUCCEEDED}" in out.getvalue())
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["0 []", "0 False True"], result.stdout + result.stderr
    library = """
import sys
from mistral_fine_tuning import Mistral, errors, models, pagination, testing, utils, waiting
print(sorted(name for name in sys.modules if name.startswith("mistral_fine_tuning.cli")))
"""
    result = subprocess.run([sys.executable, "-c", library], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _read_lines(child: subprocess.Popen[str], stream: typing.IO[str], count: int) -> list[str]:
    """The next `count` lines of a child's output; the child is killed (and the test fails) when they do not come
    within 10 s."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(lambda: [stream.readline() for _ in range(count)])
        try:
            return reading.result(timeout=10)
        except TimeoutError:
            child.kill()  # its pipes close: the reading ends
            raise AssertionError(f"fewer than {count} lines came: {reading.result(timeout=10)}") from None


def test_fake_server_binds_first_and_its_banner_says_what_works(
    worker: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The banner carries the real URL (--port 0) and the exports it gives work for the command line and for the
    library alike: the library sends no Authorization header without a key, which the fake refuses."""
    server = subprocess.Popen(
        [*COMMAND, "fake-server", "--port", "0", "--seed-examples", "--speed", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(None, {"MISTRAL_API_KEY": ""}),
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        url = _read_lines(server, server.stdout, 1)[0].strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
        banner = _read_lines(server, server.stderr, 3)
        assert banner[0].startswith(f"mistral-ft: serving a fake Mistral fine-tuning API on {url} until Ctrl-C")
        export = next(line for line in banner if line.strip().startswith("export "))
        exported = dict(item.split("=", 1) for item in shlex.split(export, comments=True)[1:])
        assert exported.keys() == {"MISTRAL_SERVER_URL", "MISTRAL_API_KEY"} and exported["MISTRAL_SERVER_URL"] == url

        [listed] = run_batch(worker, ["jobs", "list"], env=exported)
        assert listed.code == 0, listed.stderr
        assert {job["id"] for job in listed.json()["data"]} == {SUCCEEDED, RUNNING, VALIDATED}
        for name, value in exported.items():
            monkeypatch.setenv(name, value)
        with Mistral() as mistral:  # what a newcomer's script does after the exports
            assert mistral.fine_tuning.jobs.get(job_id=SUCCEEDED).id == SUCCEEDED
        monkeypatch.delenv("MISTRAL_API_KEY")
        with Mistral() as mistral, pytest.raises(models.AuthenticationError):
            mistral.fine_tuning.jobs.get(job_id=SUCCEEDED)  # so the banner must not say that no key is needed
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=10)
    assert server.returncode == 0, stderr
    assert "Traceback" not in stderr and "no API key needed" not in "".join(banner)


def test_fake_server_on_a_busy_port_is_one_line_and_exit_7() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("fake-server", "--port", str(port))
    assert result.code == 7, result.stderr
    assert result.error_line == (
        f"mistral-ft: error: cannot serve on 127.0.0.1:{port}: the port is in use (another fake-server?); "
        "choose another with --port N, or --port 0 for a free one"
    )
    assert result.stdout == ""  # no URL, no banner: nothing serves


def test_a_server_url_without_scheme_is_diagnosed_before_the_key(worker: subprocess.Popen[str]) -> None:
    no_key = {"MISTRAL_API_KEY": ""}
    [option, remote] = run_batch(
        worker,
        ["jobs", "list", "--server-url", "127.0.0.1:8000"],
        ["jobs", "list", "--server-url", "api.mistral.ai"],
        env=no_key,
    )
    [environment] = run_batch(worker, ["jobs", "list"], env={**no_key, "MISTRAL_SERVER_URL": "localhost:8000"})
    assert option.code == 2
    assert option.error_line == (
        "mistral-ft: error: --server-url: '127.0.0.1:8000' has no scheme: did you mean http://127.0.0.1:8000?"
    )
    assert remote.code == 2
    assert remote.error_line.endswith("did you mean https://api.mistral.ai?")
    assert environment.code == 2
    assert environment.error_line == (
        "mistral-ft: error: MISTRAL_SERVER_URL: 'localhost:8000' has no scheme: did you mean http://localhost:8000?"
    )


def test_a_404_names_the_url_requested_without_its_query(
    fake_server: FakeMistralServer, worker: subprocess.Popen[str]
) -> None:
    base = fake_server.server_url
    doubled, listed, missing = run_batch(
        worker,
        ["jobs", "get", SUCCEEDED, "--server-url", base + "/v1"],
        ["jobs", "list", "--server-url", base + "/v1/", "--status", "SUCCESS"],
        ["jobs", "get", UNKNOWN_JOB],
        server=fake_server,
    )
    assert doubled.code == 4
    assert doubled.error_line.startswith(
        f"mistral-ft: error: 404 Not Found: Not Found, for GET {base}/v1/v1/fine_tuning/jobs/{SUCCEEDED} "
        "(MISTRAL_SERVER_URL and --server-url take the URL without /v1) (request id: "
    )
    assert listed.code == 4
    assert f"for GET {base}/v1/v1/fine_tuning/jobs (" in listed.error_line  # no query string
    assert missing.code == 4  # the API's own 404 names the URL too: it is what tells the two apart
    assert f"No fine-tuning job with id {UNKNOWN_JOB}, for GET {base}/v1/fine_tuning/jobs/{UNKNOWN_JOB} (" in (
        missing.error_line
    )


def test_a_server_url_with_credentials_is_refused_without_showing_them(
    fake_server: FakeMistralServer, worker: subprocess.Popen[str]
) -> None:
    """The HTTP library would send the URL's user and password in place of the API key (and log them)."""
    with_password = fake_server.server_url.replace("http://", "http://someone:url-password-123@")
    option, environment = run_batch(
        worker,
        ["jobs", "list", "--server-url", with_password, "--verbose"],
        ["jobs", "list"],
        env={"MISTRAL_SERVER_URL": "someone:url-password-123@127.0.0.1:8000"},
    )
    for result, source in ((option, "--server-url"), (environment, "MISTRAL_SERVER_URL")):
        assert result.code == 2
        assert result.error_line.startswith(f"mistral-ft: error: {source}: a URL with credentials (user:password@)")
        assert "url-password-123" not in result.stderr and "someone" not in result.stderr
    assert fake_server.requests == []


def test_the_job_table_fits_the_terminal_and_keeps_ids_whole(
    fake_server: FakeMistralServer, jobs: Any, worker: subprocess.Popen[str]
) -> None:
    widths = (200, 120, 100, 80)
    results = [
        run_batch(worker, ["jobs", "list", "--text"], server=fake_server, env={"COLUMNS": str(width)})[0]
        for width in widths
    ]
    listed = jobs.list()
    fine_tuned = next(job.fine_tuned_model for job in listed.data if job.fine_tuned_model)
    titles = []
    for width, result in zip(widths, results, strict=True):
        assert result.code == 0, result.stderr
        table = result.stdout.splitlines()[:-1]  # the last line counts the jobs
        assert all(len(line) <= width for line in table), (width, result.stdout)
        for job, line in zip(listed.data, table[1:], strict=True):
            assert line.split()[:2] == [job.id, job.status]  # ids whole, statuses whole
        titles.append(re.split(r"\s{2,}", table[0]))
    assert titles[0] == ["ID", "STATUS", "TYPE", "MODEL", "CREATED", "FINE-TUNED MODEL"]  # everything fits
    assert "TYPE" not in titles[1] and "ID" in titles[3] and "STATUS" in titles[3]  # the least useful go first
    assert fine_tuned in results[1].stdout  # kept whole while it can be
    narrowest = results[-1].stdout
    assert fine_tuned not in narrowest and fine_tuned[:20] in narrowest and "\u2026" in narrowest  # cut, and says so


def test_a_malformed_key_is_refused_before_sending_and_never_printed(
    fake_server: FakeMistralServer, worker: subprocess.Popen[str]
) -> None:
    """A line break pasted into the key: the HTTP library would refuse the header and quote it in its error."""
    results = run_batch(
        worker,
        ["jobs", "list"],
        ["jobs", "get", SUCCEEDED, "--verbose"],
        server=fake_server,
        env={"MISTRAL_API_KEY": API_KEY + "\r\nX-Injected: 1"},
    )
    results += run_batch(worker, ["jobs", "list"], server=fake_server, env={"MISTRAL_API_KEY": API_KEY + "\u00a0x"})
    for result in results:  # run_batch checked that no part of the key was printed
        assert result.code == 3
        assert result.error_line == (
            "mistral-ft: error: MISTRAL_API_KEY holds a line break, a space or another character no API key has "
            "(check how it was set; the value is not shown)"
        )
    assert fake_server.requests == []


def test_every_declared_command_is_reachable_with_its_help(worker: subprocess.Popen[str]) -> None:
    """The grammar is built from the declarations alone: each command's path selects it, its help shows its line,
    and the list of commands names it."""
    from mistral_fine_tuning.cli._parser import command_groups, parse

    declared = [command for group in command_groups() for command in group.commands]
    assert {command.path for command in declared} >= {
        "jobs list", "jobs get", "jobs create", "jobs cancel", "jobs start", "jobs wait", "fake-server",
    }  # fmt: skip
    top = run_batch(worker, ["--help"])[0].stdout
    helps = run_batch(worker, *[[*command.path.split(), "--help"] for command in declared])
    for command, shown in zip(declared, helps, strict=True):
        assert shown.code == 0 and shown.stdout.startswith(f"usage: mistral-ft {command.path} "), shown
        assert " ".join((command.description or command.help).split()) in " ".join(shown.stdout.split())
        assert (command.group or command.name) in top
    for command in declared:  # each path (with a job id where one is required) parses to its own declaration
        chosen = []
        for extra in ([], ["JOB"]):
            with contextlib.suppress(SystemExit), contextlib.redirect_stderr(io.StringIO()):
                chosen.append(parse([*command.path.split(), *extra]).command)
        assert chosen[:1] == [command], command.path


def test_hyperparameter_keys_and_types_are_the_generated_models() -> None:
    from mistral_fine_tuning.cli._create import convert, hyperparameter_types

    completion = hyperparameter_types("completion")
    hints = typing.get_type_hints(models.CompletionTrainingParametersIn)
    assert set(completion) == set(models.CompletionTrainingParametersIn.JSON_FIELDS)
    assert all(completion[name] == hints[name] for name in completion)
    assert set(hyperparameter_types("classifier")) == set(models.ClassifierTrainingParametersIn.JSON_FIELDS)
    assert set(hyperparameter_types(None)) == set(completion)  # no job type: every kind's keys
    assert convert("training_steps", "12", completion["training_steps"]) == 12
    assert type(convert("learning_rate", "1", completion["learning_rate"])) is float


def test_progress_is_read_from_the_job_on_the_servers_clock() -> None:
    from mistral_fine_tuning.cli._progress import progress_of

    terminal = frozenset({"SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"})
    job: dict[str, Any] = {
        "id": "job",
        "status": "RUNNING",
        "created_at": 1000,
        "modified_at": 1010,
        "hyperparameters": {"training_steps": 10},
        "metadata": {"expected_duration_seconds": 100},
        "events": [{"name": "status-updated", "created_at": 1010, "data": {"status": "RUNNING"}}],
        "checkpoints": [],
    }
    before = progress_of(job, now=1020, terminal=terminal)  # no checkpoint yet: the API's estimate
    assert (before.step, before.elapsed, before.remaining, before.fraction) == (None, 20, 90, 0.0)
    job["checkpoints"] = [
        {"step_number": 2, "created_at": 1012, "metrics": {"train_loss": 2.0}},
        {"step_number": 4, "created_at": 1014, "metrics": {"train_loss": 1.5, "valid_loss": 1.6}},
    ]
    during = progress_of(job, now=1015, terminal=terminal)  # 4 steps in 4 s: 6 left, 1 s of them spent
    assert (during.step, during.elapsed, during.remaining) == (4, 15, 5)
    assert during.line() == "RUNNING  step 4/10 (40%)  loss train 1.5  valid 1.6  elapsed 15s  left ~5s"
    ahead = progress_of(job, now=900, terminal=terminal)  # a server clock ahead of ours: its latest time is "now"
    assert (ahead.elapsed, ahead.remaining) == (14, 6)
    job.update(status="FAILED", modified_at=1030)
    job["events"].append({"name": "status-updated", "created_at": 1030, "data": {"status": "FAILED", "reason": "nan"}})
    failed = progress_of(job, now=5000, terminal=terminal)
    assert (failed.final, failed.elapsed, failed.reason, failed.remaining_text()) == (True, 30, "nan", "0s")
    assert failed.steps_text() == "4/10 (40%)"
