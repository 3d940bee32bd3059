"""Retries end to end: what is re-sent, what is not (a `create` must never run twice by accident), how the policy is
chosen per client and per call, how long the client waits, and the DEBUG records of every decision.

Against the fake server on 127.0.0.1, with waits kept to milliseconds (`retry-after-ms: 1`, tiny backoffs, or no
jitter), and `httpx2.MockTransport` where an exception must be raised at a precise point.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import Mistral, models, utils
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
    connected,
    mock_mistral,
    sync_connected,
)

SEEDED = [FINISHED, RUNNING, VALIDATED]
FAST = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True)
NOW = {"retry-after-ms": "1"}  # the server asks for a 1 ms wait: the default policy honours it
OPS: dict[str, dict[str, Any]] = {
    "list": {},
    "create": {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}},
    "get": {"job_id": FINISHED},
    "cancel": {"job_id": RUNNING},
    "start": {"job_id": VALIDATED},
}
IDEMPOTENT = ["list", "get", "cancel", "start"]


async def run(mistral: Mistral, op: str, use_async: bool, **kwargs: Any) -> Any:
    jobs = mistral.fine_tuning.jobs
    arguments = {**OPS[op], **kwargs}
    if use_async:
        return await getattr(jobs, f"{op}_async")(**arguments)
    return getattr(jobs, op)(**arguments)


def statuses(server: FakeMistralServer) -> list[int | None]:
    return [request.status for request in server.requests]


@pytest.fixture
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draw every backoff wait at its lower bound (0 s), so the default policy's backoff costs no time."""
    monkeypatch.setattr(random, "random", lambda: 0.0)


# --- the default policy ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "op", "use_async"),
    [
        (status, op, (index + number) % 2 == 1)
        for index, status in enumerate([429, 500, 502, 503, 504])
        for number, op in enumerate(IDEMPOTENT)
    ],
)
async def test_default_policy_retries_idempotent_operations(
    fake_server: FakeMistralServer, op: str, status: int, use_async: bool
) -> None:
    fake_server.inject(Fault.error(status, headers=NOW), times=2)
    async with connected(fake_server.server_url) as mistral:
        result = await run(mistral, op, use_async)
    assert result is not None
    assert statuses(fake_server) == [status, status, 200]
    assert len({request.path for request in fake_server.requests}) == 1


@SYNC_ASYNC
@pytest.mark.parametrize("op", IDEMPOTENT)
async def test_default_policy_retries_dropped_connections(
    fake_server: FakeMistralServer, op: str, use_async: bool, no_jitter: None
) -> None:
    fake_server.inject(Fault.drop_connection(), times=2)
    async with connected(fake_server.server_url) as mistral:
        await run(mistral, op, use_async)
    assert statuses(fake_server) == [None, None, 200]


@SYNC_ASYNC
async def test_default_policy_gives_up_after_four_attempts(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503, headers=NOW), times=None)
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.InternalServerError) as caught:
            await run(mistral, "get", use_async)
    assert caught.value.status_code == 503
    assert statuses(fake_server) == [503] * 4


@pytest.mark.parametrize("status", [400, 401, 403, 404, 408, 409, 422, 501])
def test_other_statuses_are_not_retried(fake_server: FakeMistralServer, status: int) -> None:
    fake_server.inject(Fault.error(status, headers=NOW), times=None)
    with sync_connected(fake_server.server_url, retry_config=FAST) as mistral, pytest.raises(models.SDKError) as caught:
        mistral.fine_tuning.jobs.get(job_id=FINISHED)
    assert caught.value.status_code == status
    assert len(fake_server.requests) == 1


def test_unusable_success_is_not_retried(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.truncated_json(), times=None)
    with (
        sync_connected(fake_server.server_url, retry_config=FAST) as mistral,
        pytest.raises(models.ResponseValidationError),
    ):
        mistral.fine_tuning.jobs.list()
    assert len(fake_server.requests) == 1


# --- create is never run twice by accident --------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("status", [429, 503])
async def test_create_is_resent_when_the_server_did_not_act(
    fake_server: FakeMistralServer, status: int, use_async: bool
) -> None:
    fake_server.inject(Fault.error(status, headers=NOW), times=2)
    async with connected(fake_server.server_url) as mistral:
        job = await run(mistral, "create", use_async)
    assert isinstance(job, models.CompletionJobOut)
    assert statuses(fake_server) == [status, status, 200]
    assert fake_server.job_ids == [*SEEDED, job.id]


@SYNC_ASYNC
@pytest.mark.parametrize("status", [500, 502, 504])
async def test_create_is_not_resent_when_the_server_may_have_acted(
    fake_server: FakeMistralServer, status: int, use_async: bool
) -> None:
    fake_server.inject(Fault.error(status, headers=NOW), times=2)
    async with connected(fake_server.server_url, retry_config=FAST) as mistral:
        with pytest.raises(models.InternalServerError) as caught:
            await run(mistral, "create", use_async)
    assert caught.value.status_code == status
    assert statuses(fake_server) == [status]


@SYNC_ASYNC
async def test_create_is_not_resent_after_a_lost_answer(fake_server: FakeMistralServer, use_async: bool) -> None:
    # The job is created, then the connection drops before the answer: re-sending would create a second job.
    fake_server.inject(Fault.drop_connection(after_handling=True), method="POST")
    async with connected(fake_server.server_url, retry_config=FAST) as mistral:
        with pytest.raises(models.APIConnectionError) as caught:
            await run(mistral, "create", use_async)
    assert not isinstance(caught.value, models.APITimeoutError)
    assert len(fake_server.requests) == 1
    assert len(fake_server.job_ids) == len(SEEDED) + 1  # created exactly once


@SYNC_ASYNC
async def test_create_is_not_resent_after_a_dropped_connection(fake_server: FakeMistralServer, use_async: bool) -> None:
    # Even a drop before handling looks the same to the client: the request was sent, so it is not repeated.
    fake_server.inject(Fault.drop_connection(), method="POST")
    async with connected(fake_server.server_url, retry_config=FAST) as mistral:
        with pytest.raises(models.APIConnectionError):
            await run(mistral, "create", use_async)
    assert len(fake_server.requests) == 1
    assert fake_server.job_ids == SEEDED


@SYNC_ASYNC
async def test_create_is_not_resent_after_a_read_timeout(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.delay(1.0), method="POST")
    async with connected(fake_server.server_url, retry_config=FAST, timeout_ms=100) as mistral:
        started = time.monotonic()
        with pytest.raises(models.APITimeoutError):
            await run(mistral, "create", use_async)
    assert time.monotonic() - started < 0.8
    assert len(fake_server.requests) == 1


@SYNC_ASYNC
@pytest.mark.parametrize("exc_type", [httpx2.ConnectError, httpx2.ConnectTimeout])
async def test_create_is_resent_after_a_connect_error(exc_type: type[httpx2.TransportError], use_async: bool) -> None:
    attempts: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        attempts.append(request)
        if len(attempts) < 3:
            raise exc_type("connection refused", request=request)
        return httpx2.Response(200, json={**JOB, "id": "j", "job_type": "synthetic_unknown_job_type"})

    result = await run(mock_mistral(handler, retry_config=FAST), "create", use_async)
    assert isinstance(result, models.UnknownVariant)
    assert len(attempts) == 3
    assert attempts[0].content == attempts[2].content  # the same body each time


@SYNC_ASYNC
async def test_create_is_resent_to_a_refused_port(
    use_async: bool, caplog: pytest.LogCaptureFixture, refusing_url: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="mistral_fine_tuning")
    async with contextlib.AsyncExitStack() as stack:
        async_client = await stack.enter_async_context(httpx2.AsyncClient(verify=SSL_CONTEXT))
        client = stack.enter_context(httpx2.Client(verify=SSL_CONTEXT))
        mistral = Mistral(
            api_key=KEY,
            server_url=refusing_url,
            client=client,
            async_client=async_client,
            retry_config=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, max_attempts=3),
        )
        with pytest.raises(models.APIConnectionError) as caught:
            await run(mistral, "create", use_async)
    assert isinstance(caught.value.cause, httpx2.ConnectError)
    attempts = [r.getMessage() for r in caplog.records if "-> failed: ConnectError" in r.getMessage()]
    assert len(attempts) == 3


@SYNC_ASYNC
async def test_retry_non_idempotent_opt_in(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(500, headers=NOW), method="POST")
    opt_in = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, retry_non_idempotent=True)
    async with connected(fake_server.server_url) as mistral:
        job = await run(mistral, "create", use_async, retries=opt_in)
    assert statuses(fake_server) == [500, 200]
    assert fake_server.job_ids == [*SEEDED, job.id]


def test_retry_non_idempotent_also_resends_after_a_lost_answer(fake_server: FakeMistralServer) -> None:
    # The documented risk of the opt-in: a second job.
    fake_server.inject(Fault.drop_connection(after_handling=True), method="POST")
    opt_in = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, retry_non_idempotent=True)
    with sync_connected(fake_server.server_url, retry_config=opt_in) as mistral:
        mistral.fine_tuning.jobs.create(**OPS["create"])
    assert statuses(fake_server) == [None, 200]
    assert len(fake_server.job_ids) == len(SEEDED) + 2


# --- choosing the policy ----------------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_retries_none_disables(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503, headers=NOW), times=None)
    async with connected(fake_server.server_url, retry_config=FAST) as mistral:
        with pytest.raises(models.InternalServerError):
            await run(mistral, "list", use_async, retries=None)
    assert statuses(fake_server) == [503]


@SYNC_ASYNC
async def test_client_retry_config_none_disables(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503, headers=NOW), times=None)
    async with connected(fake_server.server_url, retry_config=None) as mistral:
        with pytest.raises(models.InternalServerError):
            await run(mistral, "get", use_async)
    assert statuses(fake_server) == [503]


@SYNC_ASYNC
async def test_per_call_retries_override_the_client(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503), times=2)
    async with connected(fake_server.server_url, retry_config=None) as mistral:
        await run(mistral, "get", use_async, retries=FAST)
    assert statuses(fake_server) == [503, 503, 200]


def test_per_call_max_attempts_override_the_client(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.error(502), times=None)
    generous = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, max_attempts=6)
    with sync_connected(fake_server.server_url, retry_config=generous) as mistral:
        with pytest.raises(models.InternalServerError):
            mistral.fine_tuning.jobs.list(
                retries=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, max_attempts=2)
            )
        assert len(fake_server.requests) == 2
        with pytest.raises(models.InternalServerError):
            mistral.fine_tuning.jobs.list()
    assert len(fake_server.requests) == 2 + 6


@SYNC_ASYNC
async def test_strategy_none_makes_a_single_attempt(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(429, headers=NOW), times=None)
    single = utils.RetryConfig("none", utils.BackoffStrategy(1, 5, 1.5, 2000), True)
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.RateLimitError):
            await run(mistral, "list", use_async, retries=single)
    assert statuses(fake_server) == [429]


@SYNC_ASYNC
async def test_connection_errors_not_retried_when_disabled(fake_server: FakeMistralServer, use_async: bool) -> None:
    # The seed's own retry config: backoff, but retry_connection_errors=False.
    fake_server.inject(Fault.drop_connection(), times=None)
    seed = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.APIConnectionError):
            await run(mistral, "list", use_async, retries=seed)
    assert statuses(fake_server) == [None]


@SYNC_ASYNC
async def test_seed_retry_config_still_retries_statuses(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503), times=1)
    seed = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
    async with connected(fake_server.server_url) as mistral:
        page = await run(mistral, "list", use_async, retries=seed)
    assert page.total == 3
    assert statuses(fake_server) == [503, 200]


def test_max_elapsed_time_stops_retrying(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.error(503, headers={"retry-after-ms": "40"}), times=None)
    # max_attempts only keeps a broken deadline from retrying for ever: it is far above what the deadline allows.
    deadline = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 100), True, max_attempts=20)
    with (
        sync_connected(fake_server.server_url, retry_config=deadline) as mistral,
        pytest.raises(models.InternalServerError),
    ):
        mistral.fine_tuning.jobs.list()
    # 40 ms waits: failures until 100 ms have passed are retried (checked when each arrives, as the official SDK),
    # so at most 4 attempts (at 0, 40, 80, 120 ms), and at least 2 however slow the round trips.
    assert 2 <= len(fake_server.requests) <= 5


@SYNC_ASYNC
async def test_the_seeds_config_waits_for_the_servers_retry_after(
    fake_server: FakeMistralServer, use_async: bool
) -> None:
    # The README's RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False): a 429 asking for 0.3 s is waited
    # for although it ends past the 100 ms max_elapsed_time, as the official SDK does.
    fake_server.inject(Fault.error(429, headers={"Retry-After": "0.3"}), times=1)
    seed = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
    async with connected(fake_server.server_url, retry_config=seed) as mistral:
        started = time.monotonic()
        page = await run(mistral, "list", use_async)
    assert page.total == 3 and time.monotonic() - started >= 0.3
    assert [request.status for request in fake_server.requests] == [429, 200]


# --- how long the client waits --------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_retry_after_is_honoured(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(503, headers={"Retry-After": "0.15"}), times=1)
    async with connected(fake_server.server_url) as mistral:
        started = time.monotonic()
        await run(mistral, "get", use_async)
    assert time.monotonic() - started >= 0.15
    first, second = fake_server.requests
    assert second.received_at - first.received_at >= 0.15


@SYNC_ASYNC
async def test_retry_after_above_the_cap_raises_at_once(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.error(429, headers={"Retry-After": "3600"}), times=None)
    async with connected(fake_server.server_url) as mistral:
        started = time.monotonic()
        with pytest.raises(models.RateLimitError) as caught:
            await run(mistral, "list", use_async)
    assert time.monotonic() - started < 0.5
    assert caught.value.retry_after == 3600.0
    assert len(fake_server.requests) == 1


def test_retry_after_cap_is_configurable(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.error(429, headers={"Retry-After": "2"}), times=None)
    impatient = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, retry_after_cap=0.5)
    with sync_connected(fake_server.server_url) as mistral:
        started = time.monotonic()
        with pytest.raises(models.RateLimitError) as caught:
            mistral.fine_tuning.jobs.get(job_id=FINISHED, retries=impatient)
    assert time.monotonic() - started < 0.5
    assert caught.value.retry_after == 2.0


def test_retry_after_zero_falls_back_to_backoff(fake_server: FakeMistralServer) -> None:
    fake_server.inject(Fault.error(503, headers={"Retry-After": "0"}), times=2)
    with sync_connected(fake_server.server_url, retry_config=FAST) as mistral:
        mistral.fine_tuning.jobs.list()
    assert statuses(fake_server) == [503, 503, 200]


@SYNC_ASYNC
async def test_read_timeouts_of_idempotent_calls_are_retried(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.delay(1.0), times=1)
    async with connected(fake_server.server_url, retry_config=FAST) as mistral:
        started = time.monotonic()
        job = await run(mistral, "get", use_async, timeout_ms=150)
    assert time.monotonic() - started < 0.8
    assert isinstance(job, models.CompletionDetailedJobOut)
    assert len(fake_server.requests) == 2


# --- DEBUG records of every attempt and decision --------------------------------------------------------------------


def messages(caplog: pytest.LogCaptureFixture, name: str = "mistral_fine_tuning") -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == name]


def test_log_records_attempts_and_decisions(fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mistral_fine_tuning")
    fake_server.inject(Fault.error(503, headers=NOW), times=1)
    fake_server.inject(Fault.drop_connection(), times=1)
    url = f"{fake_server.server_url}{JOBS}/{FINISHED}"
    with sync_connected(fake_server.server_url, retry_config=FAST) as mistral:
        mistral.fine_tuning.jobs.get(job_id=FINISHED)
    lines = messages(caplog)
    assert len(lines) == 5
    assert lines[0].startswith(f"GET {url} -> status 503 in ")
    assert lines[0].endswith(" ms (attempt 1)")
    assert lines[1].startswith(f"GET {url}: status 503, attempt 1/unlimited, retry in 0.00 s (retry-after)")
    assert lines[2].startswith(f"GET {url} -> failed: RemoteProtocolError in ")
    assert lines[2].endswith("(attempt 2)")
    assert lines[3].startswith(f"GET {url}: network error, attempt 2/unlimited, retry in ")
    assert lines[3].endswith("(backoff)")
    assert lines[4].startswith(f"GET {url} -> status 200 in ")
    assert lines[4].endswith("(attempt 3)")
    elapsed = float(lines[4].split(" in ")[1].split(" ms")[0])
    assert 0 <= elapsed < 1000
    assert all(record.levelno == logging.DEBUG for record in caplog.records if record.name == "mistral_fine_tuning")


async def test_log_records_give_up_reasons(fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mistral_fine_tuning")
    fake_server.inject(Fault.error(500, headers=NOW), method="POST")
    fake_server.inject(Fault.error(429, headers={"Retry-After": "3600"}), method="GET")
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.InternalServerError):
            await mistral.fine_tuning.jobs.create_async(**OPS["create"])
        with pytest.raises(models.RateLimitError):
            await mistral.fine_tuning.jobs.list_async()
    lines = messages(caplog)
    url = f"{fake_server.server_url}{JOBS}"
    assert f"POST {url}: status 500: not retried, the server may have acted on this non-idempotent request" in lines
    assert f"GET {url}?page=0&page_size=100&created_by_me=false: status 429: retry-after too long" in "\n".join(lines)
    # The final error is logged too, with its body.
    assert any(line.startswith(f"POST {url}: API error occurred: Status 500") for line in lines)


def test_log_records_when_attempts_run_out(fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mistral_fine_tuning")
    fake_server.inject(Fault.error(502), times=None)
    two = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True, max_attempts=2)
    with sync_connected(fake_server.server_url) as mistral, pytest.raises(models.SDKError):
        mistral.fine_tuning.jobs.cancel(job_id=RUNNING, retries=two)
    assert any(line.endswith("status 502: no attempts left (2/2)") for line in messages(caplog))


@SYNC_ASYNC
async def test_custom_debug_logger(
    fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture, use_async: bool
) -> None:
    logger = logging.getLogger("tests.my_app.mistral")
    caplog.set_level(logging.DEBUG, logger="tests.my_app.mistral")
    caplog.set_level(logging.DEBUG, logger="mistral_fine_tuning")
    fake_server.inject(Fault.error(503, headers=NOW), times=1)
    async with connected(fake_server.server_url, debug_logger=logger) as mistral:
        await run(mistral, "start", use_async)
    mine = messages(caplog, "tests.my_app.mistral")
    assert len(mine) == 3
    assert "-> status 503" in mine[0]
    assert "retry in" in mine[1]
    assert "-> status 200" in mine[2]
    assert messages(caplog) == []  # the package logger stays silent


def test_nothing_is_logged_above_debug(fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake_server.inject(Fault.error(503, headers=NOW), times=1)
    with sync_connected(fake_server.server_url) as mistral:
        mistral.fine_tuning.jobs.list()
        fake_server.inject(Fault.error(404), times=1)
        with pytest.raises(models.NotFoundError):
            mistral.fine_tuning.jobs.list()
    assert messages(caplog) == []


def test_logs_never_show_the_key(fake_server: FakeMistralServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's and httpcore's included
    fake_server.inject(Fault.error(401, payload={"detail": f"bad key {KEY}"}), times=1)
    fake_server.inject(Fault.error(503, headers=NOW), times=1)
    with sync_connected(fake_server.server_url) as mistral:
        with pytest.raises(models.AuthenticationError) as caught:
            mistral.fine_tuning.jobs.list()
        mistral.fine_tuning.jobs.list()
    assert KEY not in str(caught.value)
    assert len(messages(caplog)) >= 4
    assert all(KEY not in record.getMessage() for record in caplog.records)
