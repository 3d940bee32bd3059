"""The client against a broken or lying server: hostile servers on 127.0.0.1 (`tests/hostile.py`) send what no API
would, and every answer must give a typed error or a true result, never a false one, a leak or a hang.

Each section is one class of promise: descriptors per event loop, secrets in error texts, bodies that are JSON but
not a job, fields of the wrong type, state changes whose answer was lost, the size of what is read, then the small
ones (URL passwords, absurd ids, a job about another job, secret names in extra fields, redirects, a poll that
hangs, an async client dropped, an unknown encoding). A hole still open is a strict expected failure, named by its
reason.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import json
import logging
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.hostile import (
    FILE_ID,
    JOB_ID,
    JOBS_PATH,
    OTHER_JOB_ID,
    Connection,
    Request,
    answering,
    double_gzip_bomb,
    head,
    job,
    page,
    serving,
    zeros_gzip,
)

SYNC_ASYNC = pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
FAST_RETRIES = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 1, 1.0, 5_000), True)
"""Retries as the default policy makes them, without the backoff's sleeps."""
CREATE: dict[str, Any] = {"model": "open-mistral-7b", "training_files": [FILE_ID], "hyperparameters": {}}
VALIDATED_JOB = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"  # the fake server's example job waiting to be started


async def call(mistral: Mistral, op: str, use_async: bool, **kwargs: Any) -> Any:
    """`fine_tuning.jobs.<op>(**kwargs)`, or its `_async` twin; a `wait` gives up after 5 s unless told otherwise
    (a client that polls for ever fails the test instead of hanging it)."""
    jobs = mistral.fine_tuning.jobs
    if op == "wait":
        kwargs = {"timeout": 5, "poll_interval": 0.1, **kwargs}
    if use_async:
        return await getattr(jobs, f"{op}_async")(**kwargs)
    return getattr(jobs, op)(**kwargs)


def error_texts(error: BaseException) -> str:
    """Everything an error shows: its text, its repr, and the whole traceback with its causes."""
    return "\n".join([str(error), repr(error), "".join(traceback.format_exception(error))])


def mistral_ft(monkeypatch: pytest.MonkeyPatch, *argv: str, env: dict[str, str]) -> tuple[int, str, str]:
    """`mistral-ft ARGV` run in this process with `env` as its only MISTRAL_ variables: exit status, stdout, stderr."""
    from mistral_fine_tuning.cli import main

    for name in ("MISTRAL_API_KEY", "MISTRAL_SERVER_URL", "WANDB_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# --- leaks: one Mistral, one asyncio.run per call ----------------------------------------------------------------

_PER_LOOP_CHILD = """
import asyncio, gc, json, os, resource, sys
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if sys.argv[3] == "limited":
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))
from mistral_fine_tuning import Mistral

def open_fds():
    gc.collect()
    return len(os.listdir("/proc/self/fd"))

mistral = Mistral(api_key="sk-fd-test-0123456789", server_url=sys.argv[1])
fds = {"start": open_fds()}
error = None
try:
    for n in range(1, int(sys.argv[2]) + 1):
        asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=%r))
        if n in (10, 100) or n == int(sys.argv[2]):
            fds[str(n)] = open_fds()
except Exception as exc:
    error = f"{type(exc).__name__}: {exc}"[:300]
mistral.close()
fds["closed"] = open_fds()
print(json.dumps({"fds": fds, "error": error}))
"""


def per_loop_fds(server_url: str, calls: int, *, limited: bool) -> dict[str, Any]:
    """Open descriptors of a child process making `calls` calls, each in its own `asyncio.run`, on one `Mistral`;
    `limited` lowers its descriptor limit to 256 first."""
    done = subprocess.run(
        [sys.executable, "-c", _PER_LOOP_CHILD % VALIDATED_JOB, server_url, str(calls), "limited" if limited else ""],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_an_asyncio_run_per_call_leaves_no_socket_behind(fake_server: FakeMistralServer) -> None:
    # 300 calls under a 256-descriptor limit: one socket left per event loop would run out of descriptors (EMFILE).
    result = per_loop_fds(fake_server.server_url, 300, limited=True)
    fds = result["fds"]
    assert result["error"] is None
    assert fds["300"] <= fds["10"] + 1, fds  # flat, not one more per call
    assert fds["closed"] <= fds["start"] + 1, fds


# --- secrets: a key, a header or a user agent that cannot be sent -------------------------------------------------

SECRET = "k3y-7f3a9c1e5d7b2a4c6e8f0a1b"
"""What must never be shown: the distinctive part of every malformed key below."""
BAD_KEYS = {
    "crlf": SECRET + "\r\n",  # a .env file with Windows line endings
    "nul": SECRET[:10] + "\x00" + SECRET[10:],
    "line break inside": SECRET[:10] + "\n" + SECRET[10:],
    "non-ascii": SECRET + "é",  # the HTTP library's bare UnicodeEncodeError quoted the whole value
    "line separator": "\u2028" + SECRET,
    "trailing space": SECRET + " ",
}


def assert_not_shown(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and SECRET[10:] not in text, text


@pytest.mark.parametrize("form", ["string", "function"])
@pytest.mark.parametrize("key", BAD_KEYS.values(), ids=BAD_KEYS.keys())
@SYNC_ASYNC
async def test_a_key_that_cannot_be_sent_is_refused_unseen(
    key: str, form: str, use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, and the HTTP library's
    with serving(answering(200, job())) as server:
        with pytest.raises(errors.InputValidationError) as caught:
            async with Mistral(api_key=key if form == "string" else (lambda: key), server_url=server.url) as mistral:
                await call(mistral, "get", use_async, job_id=JOB_ID)
        assert caught.value.param == "api_key"
        assert server.connections == 0  # refused before anything was sent
    assert_not_shown(error_texts(caught.value), caplog.text, *(record.getMessage() for record in caplog.records))


BAD_HEADERS = {
    "crlf in a value": {"X-Api-Token": SECRET + "\r\nX-Injected: 1"},
    "nul in a value": {"X-Api-Token": SECRET + "\x00"},
    "non-ascii value": {"X-Api-Token": SECRET + "é"},
    "line break in authorization": {"Authorization": f"Bearer {SECRET}\n"},
    "crlf in a name": {"X-Injected\r\nX-Api-Token": "value"},
}


@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
@SYNC_ASYNC
async def test_a_header_that_cannot_be_sent_is_refused_unseen(
    headers: dict[str, str], use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with serving(answering(200, job())) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.InputValidationError) as caught:
                await call(mistral, "get", use_async, job_id=JOB_ID, http_headers=headers)
        assert caught.value.param == "http_headers"
        assert server.connections == 0
    assert_not_shown(error_texts(caught.value), caplog.text)


@pytest.mark.parametrize("prefix", [f"sdk/{SECRET}\r", f"sdk/{SECRET}\x00", f"sdk/{SECRET}\r\nX-Injected: 1"])
def test_a_user_agent_prefix_that_cannot_be_sent_is_refused_unseen(prefix: str) -> None:
    with pytest.raises(errors.InputValidationError) as caught:
        Mistral(api_key="sk-hostile-0123456789", user_agent_prefix=prefix)
    assert caught.value.param == "user_agent_prefix"
    assert_not_shown(error_texts(caught.value))


@pytest.mark.parametrize("key", [BAD_KEYS["line break inside"], BAD_KEYS["non-ascii"]], ids=["line break", "non-ascii"])
def test_the_command_line_refuses_such_a_key_unseen(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    with serving(answering(200, job())) as server:
        code, out, err = mistral_ft(
            monkeypatch,
            "--verbose",
            "jobs",
            "get",
            JOB_ID,
            env={"MISTRAL_API_KEY": key, "MISTRAL_SERVER_URL": server.url},
        )
        assert server.connections == 0
    assert code != 0
    one_line(err)
    assert_not_shown(out, err)


def test_the_command_line_takes_a_key_with_windows_line_endings(monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(answering(200, job())) as server:
        code, _, err = mistral_ft(
            monkeypatch,
            "jobs",
            "get",
            JOB_ID,
            env={"MISTRAL_API_KEY": SECRET + "\r\n", "MISTRAL_SERVER_URL": server.url},
        )
    assert code == 0, err
    assert [request.headers["authorization"] for request in server.requests] == [f"Bearer {SECRET}"]


# --- anything JSON is not a job -----------------------------------------------------------------------------------

NOT_A_JOB = {
    "empty object": {},
    "every job field null": dict.fromkeys(job()),
    "every page field null": dict.fromkeys(page()),
    "a gateway's error": {"object": "error", "message": "upstream timeout"},
}


@pytest.mark.parametrize("body", NOT_A_JOB.values(), ids=NOT_A_JOB.keys())
@pytest.mark.parametrize("op", ["create", "get", "list", "wait"])
@SYNC_ASYNC
async def test_a_json_answer_that_is_not_a_job_is_refused(body: dict[str, Any], op: str, use_async: bool) -> None:
    kwargs = {"create": CREATE, "list": {}}.get(op, {"job_id": JOB_ID})
    with serving(answering(200, body)) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError) as caught:
                await call(mistral, op, use_async, **kwargs)
        assert len(server.requests) == 1  # `wait` stops at the first answer: no polling for ever
    assert caught.value.status_code == 200
    if op == "create":
        assert "may have been created" in str(caught.value)


def create_answered_by_a_gateway_error(monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    with serving(answering(200, NOT_A_JOB["a gateway's error"])) as server:
        return mistral_ft(
            monkeypatch,
            "jobs",
            "create",
            "--model",
            "open-mistral-7b",
            "--training-file",
            FILE_ID,
            env={"MISTRAL_API_KEY": "sk-hostile-0123456789", "MISTRAL_SERVER_URL": server.url},
        )


def test_the_command_line_fails_on_a_create_answered_by_a_gateway_error(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = create_answered_by_a_gateway_error(monkeypatch)
    assert code != 0 and out == ""
    one_line(err)


def test_the_command_line_says_a_job_may_exist_after_an_unusable_create_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, err = create_answered_by_a_gateway_error(monkeypatch)
    line = one_line(err)
    assert "may have been created" in line
    assert "200 OK" not in line  # not shown as if it had worked


# --- fields of the wrong type -------------------------------------------------------------------------------------


def page_text(**changes: str) -> str:
    """A page of five jobs as JSON text, with values replaced by JSON text (NaN and Infinity included), keyed
    `total` or `<field>` of the fourth job."""
    body = page()
    for name in changes:
        if name == "total":
            body["total"] = f"@{name}@"
        else:
            body["data"][3][name] = f"@{name}@"
    text = json.dumps(body)
    for name, value in changes.items():
        text = text.replace(f'"@{name}@"', value)
    return text


WRONG_TYPES = {
    "total null": ("total", "null"),
    "total a string": ("total", '"12"'),
    "total NaN": ("total", "NaN"),
    "total Infinity": ("total", "Infinity"),
    "total -Infinity": ("total", "-Infinity"),
    "created_at a word": ("created_at", '"yesterday"'),
    "created_at NaN": ("created_at", "NaN"),
    "id a number": ("id", "12345"),
    "training_files a string": ("training_files", '"abc"'),
    "status a number": ("status", "5"),
    "auto_start a string": ("auto_start", '"yes"'),
}


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
@SYNC_ASYNC
async def test_a_field_of_the_wrong_type_is_named_by_its_path(field: str, value: str, use_async: bool) -> None:
    body = page_text(**{field: value}).encode()
    with serving(answering(200, body)) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError) as caught:
                await call(mistral, "list", use_async)
    path = "$.total" if field == "total" else f"$.data[3].{field}"
    assert caught.value.reason.startswith(f"{path}: expected "), caught.value.reason
    assert f"{path}: expected " in str(caught.value)


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["jiter", "json.loads"])
async def test_nan_is_refused_whichever_decoder_reads_the_body(prefix: bytes) -> None:
    # jiter refuses a body that starts with a byte-order mark, and json.loads decodes it: both read NaN as a float.
    with serving(answering(200, prefix + page_text(total="NaN").encode())) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError, match=r"\$\.total: expected an integer, got a number"):
                await call(mistral, "list", True)


@pytest.mark.parametrize(("field", "value"), [("created_at", '"yesterday"'), ("id", "12345"), ("created_at", "NaN")])
async def test_a_job_with_a_field_of_the_wrong_type_is_refused(field: str, value: str) -> None:
    text = json.dumps(job(**{field: "@@"})).replace('"@@"', value).encode()
    with serving(answering(200, text)) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            for op in ("get", "wait"):
                with pytest.raises(errors.ResponseValidationError, match=rf"\$\.{field}: expected "):
                    await call(mistral, op, True, job_id=JOB_ID)


async def test_a_job_type_of_the_wrong_type_is_named_by_its_path() -> None:
    body = page_text(job_type="3").encode()
    with serving(answering(200, body)) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError, match=r"\$\.data\[3\]\.job_type: expected "):
                await call(mistral, "list", True)


# --- a state change whose answer was lost -------------------------------------------------------------------------


class JobAPI:
    """A script for one job, whose next `start` or `cancel` takes effect and then loses its answer (the connection
    drops); a state change the job is not in the state for gets 409, as the API answers."""

    def __init__(self, status: str) -> None:
        self.job = job(id=JOB_ID, status=status, events=[])
        self.lose_next_answer = True

    def __call__(self, request: Request, connection: Connection) -> None:
        action = request.path.rsplit("/", 1)[-1]
        if request.method == "GET":
            connection.respond(200, self.job)
        elif action == "start" and self.job["status"] != "VALIDATED":
            connection.respond(409, {"detail": f"Job is {self.job['status']}; only a VALIDATED job can be started"})
        elif action == "cancel" and self.job["status"] in ("CANCELLED", "SUCCESS", "FAILED"):
            connection.respond(409, {"detail": f"Job is {self.job['status']}; it cannot be cancelled"})
        else:
            # Mistral reports a started job as QUEUED again; its events tell it was VALIDATED.
            status = "QUEUED" if action == "start" else "CANCELLED"
            self.job["events"].insert(0, {"name": "status-updated", "data": {"status": status}, "created_at": 2})
            if action == "start":
                self.job["events"].append({"name": "status-updated", "data": {"status": "VALIDATED"}, "created_at": 1})
            self.job["status"] = status
            if self.lose_next_answer:
                self.lose_next_answer = False
                connection.drop()
            else:
                connection.respond(200, self.job)


@pytest.mark.parametrize(
    ("op", "status", "after"), [("start", "VALIDATED", "QUEUED"), ("cancel", "RUNNING", "CANCELLED")]
)
@SYNC_ASYNC
async def test_a_state_change_whose_answer_was_lost_returns_the_job_it_changed(
    op: str, status: str, after: str, use_async: bool
) -> None:
    script = JobAPI(status)
    with serving(script) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            changed = await call(mistral, op, use_async, job_id=JOB_ID, retries=FAST_RETRIES)
    assert changed.id == JOB_ID and changed.status == after
    # The first attempt acted and was lost, the retry got 409, and the job was read again.
    assert [(request.method, request.path.rsplit("/", 1)[-1]) for request in server.requests] == [
        ("POST", op),
        ("POST", op),
        ("GET", JOB_ID),
    ]


@SYNC_ASYNC
async def test_a_start_refused_outright_is_a_conflict_without_a_second_look(use_async: bool) -> None:
    with serving(JobAPI("FAILED_VALIDATION")) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ConflictError, match="only a VALIDATED job can be started"):
                await call(mistral, "start", use_async, job_id=JOB_ID, retries=FAST_RETRIES)
    assert [request.method for request in server.requests] == ["POST"]


@SYNC_ASYNC
async def test_a_start_refused_after_a_lost_answer_is_a_conflict_when_the_job_did_not_start(use_async: bool) -> None:
    # The first attempt was lost before it reached the job (dropped, nothing changed); the job then failed its
    # validation, so the retry's 409 is the truth, and the job read again shows it did not start.
    script = JobAPI("FAILED_VALIDATION")

    def lost_then_refused(request: Request, connection: Connection) -> None:
        if len(server.requests) == 1:
            connection.drop()
        else:
            script(request, connection)

    with serving(lost_then_refused) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ConflictError) as caught:
                await call(mistral, "start", use_async, job_id=JOB_ID, retries=FAST_RETRIES)
    assert "may have reached the server" in str(caught.value)
    assert [request.method for request in server.requests] == ["POST", "POST", "GET"]


def test_a_start_whose_answer_the_fake_server_lost(fake_server: FakeMistralServer) -> None:
    start = f"{JOBS_PATH}/{VALIDATED_JOB}/start"
    fake_server.inject(Fault.drop_connection(after_handling=True), path=start, method="POST")
    with Mistral(api_key="sk-hostile-0123456789", server_url=fake_server.server_url) as mistral:
        started = mistral.fine_tuning.jobs.start(job_id=VALIDATED_JOB, retries=FAST_RETRIES)
    assert started.id == VALIDATED_JOB and started.status not in ("VALIDATED", "FAILED_VALIDATION")


def test_the_command_line_reports_a_start_whose_answer_was_lost_as_done(
    monkeypatch: pytest.MonkeyPatch, fake_server: FakeMistralServer
) -> None:
    fake_server.inject(Fault.drop_connection(after_handling=True), path=f"{JOBS_PATH}/{VALIDATED_JOB}/start")
    code, out, err = mistral_ft(
        monkeypatch,
        "jobs",
        "start",
        VALIDATED_JOB,
        env={"MISTRAL_API_KEY": "sk-hostile-0123456789", "MISTRAL_SERVER_URL": fake_server.server_url},
    )
    assert code == 0, err
    assert json.loads(out)["id"] == VALIDATED_JOB
    assert fake_server.get_job(VALIDATED_JOB)["status"] not in ("VALIDATED", "FAILED_VALIDATION")


# --- the size of what is read -------------------------------------------------------------------------------------

_BOMB_CHILD = """
import json, resource, sys
from mistral_fine_tuning import Mistral
mistral = Mistral(api_key="sk-bomb-test-0123456789", server_url=sys.argv[1])
mistral.fine_tuning  # the client and its imports, before the baseline
import httpx2, jiter
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    mistral.fine_tuning.jobs.list()
    outcome = "a result"
except Exception as exc:
    outcome = type(exc).__name__
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_kib": before, "after_kib": after, "outcome": outcome}))
"""


def bomb_rss(server_url: str) -> dict[str, Any]:
    """Peak RSS of a child process before and after one `jobs.list` answered by the bomb."""
    done = subprocess.run(
        [sys.executable, "-c", _BOMB_CHILD, server_url], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


_BOMBS: dict[int, bytes] = {}


def bomb(size: int) -> bytes:
    if size not in _BOMBS:
        _BOMBS[size] = double_gzip_bomb(size)
    return _BOMBS[size]


def test_a_double_gzip_bomb_does_not_take_the_memory() -> None:
    body = bomb(1 << 30)  # 1 GiB of zeros, in about 2.5 KB
    assert len(body) < 4096
    with serving(answering(200, body, headers={"Content-Encoding": "gzip, gzip"})) as server:
        result = bomb_rss(server.url)
    assert result["outcome"] == "ResponseTooLargeError"
    grown_mib = (result["after_kib"] - result["before_kib"]) / 1024
    assert grown_mib < 64 + 48, result  # the default bound (64 MiB of decoded body) and some change, not 1 GiB


ENCODED_BOMBS = {
    "gzip in gzip": "gzip, gzip",
    "gzip": "gzip",
}


@pytest.mark.parametrize("encoding", ENCODED_BOMBS.values(), ids=ENCODED_BOMBS.keys())
@pytest.mark.parametrize("op", ["list", "get"])
@SYNC_ASYNC
async def test_a_compressed_body_is_cut_at_the_bound(encoding: str, op: str, use_async: bool) -> None:
    body = bomb(64 << 20) if encoding == "gzip, gzip" else zeros_gzip(64 << 20)
    with serving(answering(200, body, headers={"Content-Encoding": encoding})) as server:
        async with Mistral(
            api_key="sk-hostile-0123456789", server_url=server.url, max_response_bytes=256 * 1024
        ) as mistral:
            with pytest.raises(errors.ResponseTooLargeError) as caught:
                await call(mistral, op, use_async, **({"job_id": JOB_ID} if op == "get" else {}))
    assert caught.value.limit == 256 * 1024


@pytest.mark.parametrize("chunked", [True, False], ids=["endless chunked", "content-length 1 GiB"])
@SYNC_ASYNC
async def test_an_endless_body_is_cut_at_the_bound(chunked: bool, use_async: bool) -> None:
    sent: list[int] = []

    def endless(request: Request, connection: Connection) -> None:
        sent.append(connection.endless(200, chunked=chunked))

    with serving(endless) as server:
        async with Mistral(
            api_key="sk-hostile-0123456789", server_url=server.url, max_response_bytes=1 << 20
        ) as mistral:
            with pytest.raises(errors.ResponseTooLargeError, match="larger than the 1,048,576 bytes"):
                await call(mistral, "list", use_async)
    assert len(server.requests) == 1  # not retried: the same answer would come again
    assert sent and sent[0] < 64 << 20  # the client stopped reading (what was sent fits the socket buffers)


@pytest.mark.parametrize("status", [400, 500])
@SYNC_ASYNC
async def test_an_error_body_is_kept_short(status: int, use_async: bool) -> None:
    def endless_error(request: Request, connection: Connection) -> None:
        connection.endless(status)

    with serving(endless_error) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.SDKError) as caught:
                await call(mistral, "get", use_async, job_id=JOB_ID, retries=None)
    assert caught.value.status_code == status
    assert 0 < len(caught.value.body) <= 64 * 1024
    assert len(str(caught.value)) < 12_000


@SYNC_ASYNC
async def test_an_error_body_that_is_a_bomb_is_kept_short(use_async: bool) -> None:
    with serving(answering(502, bomb(64 << 20), headers={"Content-Encoding": "gzip, gzip"})) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.InternalServerError) as caught:
                await call(mistral, "get", use_async, job_id=JOB_ID, retries=None)
    assert len(caught.value.body) <= 64 * 1024


# --- the small ones -----------------------------------------------------------------------------------------------

PASSWORD = "pa55-w0rd-Zq8Xv1"


@SYNC_ASYNC
async def test_a_password_in_the_server_url_is_never_shown(use_async: bool, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def moved_then_unknown(request: Request, connection: Connection) -> None:
        if "moved" not in request.target:  # a redirect to the same origin, which is followed
            connection.respond(307, b"", headers={"Location": f"{request.target}?moved=1"})
        else:
            connection.respond(404, {"detail": f"no such job (you are alice:{PASSWORD})"})

    with serving(moved_then_unknown) as server:
        url = server.url.replace("http://", f"http://alice:{PASSWORD}@")
        async with Mistral(api_key="sk-hostile-0123456789", server_url=url) as mistral:
            shown = repr(mistral)
            with pytest.raises(errors.NotFoundError) as caught:
                await call(mistral, "get", use_async, job_id=JOB_ID)
    # The credentials still reach the server, on the redirect too (as the HTTP library sends a URL's credentials).
    basic = "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert [request.headers["authorization"] for request in server.requests] == [basic, basic]
    assert "alice:***@" in shown
    for text in (shown, error_texts(caught.value), caplog.text):
        assert PASSWORD not in text


@pytest.mark.parametrize("op", ["get", "cancel", "start", "wait"])
@SYNC_ASYNC
async def test_an_absurdly_long_job_id_is_a_typed_error(op: str, use_async: bool) -> None:
    with serving(answering(200, job())) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.InputValidationError) as caught:
                await call(mistral, op, use_async, job_id="a" * 70_000)
        assert server.connections == 0
    assert caught.value.param == "arguments"  # not the server URL, which is fine


@pytest.mark.parametrize("op", ["get", "cancel", "start", "wait"])
@SYNC_ASYNC
async def test_an_answer_about_another_job_is_refused(op: str, use_async: bool) -> None:
    with serving(answering(200, job(id=OTHER_JOB_ID, status="SUCCESS"))) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError, match=OTHER_JOB_ID):
                await call(mistral, op, use_async, job_id=JOB_ID)
        assert len(server.requests) == 1


SECRET_LOOKING = {"api_key": "xk-9f8e7d6c5b4a", "token": "tok-9f8e7d6c5b4a", "client_secret": "cs-9f8e7d6c5b4a"}


def test_secret_looking_fields_the_spec_does_not_know_are_hidden_from_repr() -> None:
    body = job(
        integrations=[
            {"type": "wandb", "project": "p", "run_name": None, **SECRET_LOOKING},
            {"type": "a-kind-this-client-does-not-know", **SECRET_LOOKING},
        ],
        repositories=[
            {"type": "github", "name": "n", "owner": "o", "ref": "main", "weight": 1.0, "commit_id": "c" * 40}
            | SECRET_LOOKING
        ],
        hyperparameters={"learning_rate": 0.0001, "extra": {"nested": [{"password": "pw-9f8e7d6c5b4a"}]}},
        events=[{"name": "status-updated", "created_at": 1, "data": {"status": "RUNNING", **SECRET_LOOKING}}],
        **SECRET_LOOKING,
    )
    unknown_kind = job(job_type="a-kind-this-client-does-not-know", **SECRET_LOOKING)
    with serving(answering(200, body)) as server, Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as m:
        known = m.fine_tuning.jobs.get(job_id=JOB_ID)
    with (
        serving(answering(200, unknown_kind)) as server,
        Mistral(api_key="sk-h-0123456789", server_url=server.url) as m,
    ):
        unknown = m.fine_tuning.jobs.get(job_id=JOB_ID)
    assert isinstance(known, models.CompletionDetailedJobOut) and isinstance(unknown, models.UnknownVariant)
    for shown in (repr(known), str(known), repr(unknown), repr(known.integrations), repr(known.repositories)):
        assert "9f8e7d6c5b4a" not in shown, shown
        assert "'api_key': '***'" in shown or "api_key='***'" in shown, shown
    assert known.model_dump()["integrations"][0]["api_key"] == SECRET_LOOKING["api_key"]  # the data is kept


@pytest.mark.parametrize("status", [307, 308])
@SYNC_ASYNC
async def test_a_redirect_to_another_origin_does_not_carry_the_create(status: int, use_async: bool) -> None:
    wandb_key = "wandb-" + "9" * 34
    custom = "custom-header-value-0123456789"
    with serving(answering(200, job())) as other:

        def redirect(request: Request, connection: Connection) -> None:
            connection.respond(status, b"", headers={"Location": other.url + request.target})

        with serving(redirect) as server:
            async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
                with pytest.raises(errors.SDKError) as caught:
                    await call(
                        mistral,
                        "create",
                        use_async,
                        **CREATE,
                        integrations=[{"type": "wandb", "project": "p", "api_key": wandb_key}],
                        http_headers={"X-Custom": custom},
                    )
            assert len(server.requests) == 1
        assert other.connections == 0  # neither the body (the W&B key) nor the headers went there
    assert caught.value.status_code == status and "not followed" in str(caught.value)
    assert wandb_key not in error_texts(caught.value) and custom not in error_texts(caught.value)


@SYNC_ASYNC
async def test_a_redirect_to_another_origin_does_not_carry_the_key(use_async: bool) -> None:
    with serving(answering(200, job())) as other:
        with serving(answering(302, b"", headers={"Location": f"{other.url}/steal"})) as server:
            async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
                with pytest.raises(errors.SDKError, match="not followed"):
                    await call(mistral, "get", use_async, job_id=JOB_ID)
        assert other.connections == 0


@SYNC_ASYNC
async def test_a_poll_that_hangs_does_not_hold_the_wait(use_async: bool) -> None:
    # The server answers the poll only after HOLD_SECONDS, and then with a finished job: a wait held by the poll
    # would return that job; a wait that keeps its timeout raises WaitTimeoutError instead, long before.
    def hang_then_succeed(request: Request, connection: Connection) -> None:
        connection.hold()
        connection.respond(200, job(status="SUCCESS"))

    with serving(hang_then_succeed) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.WaitTimeoutError) as caught:
                await call(mistral, "wait", use_async, job_id=JOB_ID, timeout=0.5)
        assert len(server.requests) == 1  # the poll was not retried past the deadline
    assert caught.value.job is None


def trickle_then_succeed(request: Request, connection: Connection) -> None:
    """A finished job, its body sent a byte every 0.1 s for 3 s: no single read waits long enough to time out."""
    body = b"{" + b" " * 30 + json.dumps(job(status="SUCCESS")).encode()[1:]
    connection.send(head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
    for index in range(31):
        if not connection.send(body[index : index + 1]) or connection.server.stopping.wait(0.1):
            return
    connection.send(body[31:])


async def test_a_poll_that_trickles_does_not_hold_an_async_wait() -> None:
    with serving(trickle_then_succeed) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.WaitTimeoutError):
                await mistral.fine_tuning.jobs.wait_async(job_id=JOB_ID, timeout=0.5)


@pytest.mark.xfail(strict=True, reason="a sync poll has per-read timeouts only: a server trickling bytes holds it")
def test_a_poll_that_trickles_does_not_hold_a_sync_wait() -> None:
    with (
        serving(trickle_then_succeed) as server,
        Mistral(api_key="sk-h-0123456789", server_url=server.url) as mistral,
        pytest.raises(errors.WaitTimeoutError),
    ):
        mistral.fine_tuning.jobs.wait(job_id=JOB_ID, timeout=0.5)


def test_an_async_client_dropped_without_aclose_leaves_no_warning(
    nothing_leaks: Callable[[], contextlib.AbstractContextManager[None]],
) -> None:
    with serving(answering(200, job())) as server, nothing_leaks():
        mistral = Mistral(api_key="sk-hostile-0123456789", server_url=server.url)
        for _ in range(3):
            asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=JOB_ID))
        del mistral

        async def drop_it_while_the_loop_runs() -> None:
            import gc

            dropped = Mistral(api_key="sk-hostile-0123456789", server_url=server.url)
            await dropped.fine_tuning.jobs.get_async(job_id=JOB_ID)
            del dropped
            gc.collect()

        for _ in range(3):
            asyncio.run(drop_it_while_the_loop_runs())


@pytest.mark.xfail(
    strict=True, reason="a loop closed without shutdown_asyncgens() never runs the generator that closes its client"
)
def test_an_async_client_used_in_hand_made_loops_leaves_no_warning(
    nothing_leaks: Callable[[], contextlib.AbstractContextManager[None]],
) -> None:
    with serving(answering(200, job())) as server, nothing_leaks():
        mistral = Mistral(api_key="sk-hostile-0123456789", server_url=server.url)
        loop = asyncio.new_event_loop()
        loop.run_until_complete(mistral.fine_tuning.jobs.get_async(job_id=JOB_ID))
        loop.close()  # without loop.shutdown_asyncgens(), which asyncio.run and asyncio.Runner do
        del mistral


@pytest.mark.parametrize(
    ("encoding", "body"),
    [("x-garbage", json.dumps(job()).encode()), ("br", b"\x8b\x02\x80"), ("gzip", b"\x1f\x8b but not gzip at all")],
    ids=["unknown", "not asked for", "corrupt"],
)
@SYNC_ASYNC
async def test_a_create_answer_that_cannot_be_decoded_says_the_job_may_exist(
    encoding: str, body: bytes, use_async: bool
) -> None:
    with serving(answering(200, body, headers={"Content-Encoding": encoding})) as server:
        async with Mistral(api_key="sk-hostile-0123456789", server_url=server.url) as mistral:
            with pytest.raises(errors.ResponseValidationError) as caught:
                await call(mistral, "create", use_async, **CREATE)
        assert len(server.requests) == 1  # never re-sent: it may have created the job
    assert "may have been created" in str(caught.value) and "jobs.list(created_after=" in str(caught.value)
