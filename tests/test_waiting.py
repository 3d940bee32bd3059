"""Waiting for a job (`mistral_fine_tuning.waiting`): terminal statuses from the spec, `until`, the poll schedule and
the timeout, `on_update` once per new status, event and checkpoint, transient errors under the normal retry
policy, and Ctrl-C / task cancellation that never cancels the job.

End to end against the fake server on 127.0.0.1 with its clock frozen: the injected `sleep` moves the fake's
simulated clock and a simulated monotonic clock together, so a wait through a whole training run takes
milliseconds and polls at exactly the documented moments. `JobWatch`, which makes every decision, is also tested on
its own, without sockets.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Collection, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from mistral_fine_tuning import Mistral, models, utils
from mistral_fine_tuning.errors import InputValidationError, InternalServerError, NotFoundError, WaitTimeoutError
from mistral_fine_tuning.testing import FakeMistralServer, Fault, LifecycleTiming
from mistral_fine_tuning.waiting import (
    BACKOFF_FACTOR,
    DEFAULT_MAX_POLL_INTERVAL,
    DEFAULT_POLL_INTERVAL,
    CheckpointUpdate,
    EventUpdate,
    JobUpdate,
    JobWatch,
    StatusUpdate,
    terminal_statuses,
    wait_for_job,
    wait_for_job_async,
)

from tests.support import store_files

KEY = "sk-test-0123456789abcdef"
JOBS = "/v1/fine_tuning/jobs"
SYNC_ASYNC = pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
SSL_CONTEXT = httpx2.create_ssl_context()  # shared: loading the CA bundle for every client costs ~60 ms
FAST = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True)
# The statuses openapi.yaml marks as final (`x-terminal` on the job status).
TERMINAL = set(
    yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi.yaml").read_text())["components"]["schemas"][
        "CompletionDetailedJobOut"
    ]["properties"]["status"]["x-terminal"]
)
UNKNOWN_STATUS = "SYNTHETIC_UNKNOWN_STATUS"  # a status Mistral will never send
UNKNOWN_JOB_TYPE = "synthetic_unknown_job_type"
LIFECYCLE = ["QUEUED", "VALIDATING", "VALIDATED", "QUEUED", "RUNNING", "SUCCESS"]
TRAINING_FILE = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"


# --- helpers ---------------------------------------------------------------------------------------------------------


class SimTime:
    """A monotonic clock and the sleeps that move it, moving the fake server's simulated clock along."""

    def __init__(self, server: FakeMistralServer | None = None) -> None:
        self.server = server
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.server is not None:
            self.server.advance(seconds)

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def server() -> Iterator[FakeMistralServer]:
    """A fake API with no jobs and a frozen clock."""
    with FakeMistralServer(speed=0) as fake:
        store_files(fake, TRAINING_FILE)
        yield fake


@pytest.fixture
async def mistral(server: FakeMistralServer) -> AsyncIterator[Mistral]:
    async with httpx2.AsyncClient(verify=SSL_CONTEXT) as async_client:
        with httpx2.Client(verify=SSL_CONTEXT) as client:
            yield Mistral(api_key=KEY, server_url=server.server_url, client=client, async_client=async_client)


async def wait(mistral: Mistral, use_async: bool, time: SimTime, **kwargs: Any) -> Any:
    jobs = mistral.fine_tuning.jobs
    if use_async:
        return await wait_for_job_async(jobs.get_async, sleep=time.sleep_async, clock=time.clock, **kwargs)
    return wait_for_job(jobs.get, sleep=time.sleep, clock=time.clock, **kwargs)


def polls_of(server: FakeMistralServer, job_id: str) -> list[Any]:
    return [request for request in server.requests if request.method == "GET" and request.path == f"{JOBS}/{job_id}"]


def cancels(server: FakeMistralServer) -> list[Any]:
    return [request for request in server.requests if request.path.endswith("/cancel")]


def detailed(status: str, *, events: int = 0, checkpoints: int = 0, job_type: str = "completion") -> dict[str, Any]:
    """A detailed job as the API sends it, with `events` events and `checkpoints` checkpoints, newest first."""
    return {
        "id": "7d4c7bb8-6a4e-4a43-9b4b-6ad0a3e1c6a1",
        "auto_start": True,
        "model": "open-mistral-7b",
        "status": status,
        "created_at": 1_700_000_000,
        "modified_at": 1_700_000_000,
        "training_files": [TRAINING_FILE],
        "hyperparameters": {"training_steps": 10},
        "object": "job",
        "job_type": job_type,
        "events": [
            {"name": "status-updated", "data": {"status": f"S{i}"}, "created_at": 1_700_000_000 + i}
            for i in reversed(range(events))
        ],
        "checkpoints": [
            {"metrics": {"train_loss": 2.0 - i / 100}, "step_number": i + 1, "created_at": 1_700_000_100 + i}
            for i in reversed(range(checkpoints))
        ],
    }


def job(status: str, **kwargs: Any) -> Any:
    return models.CompletionDetailedJobOut.from_dict(detailed(status, **kwargs))


def unknown_job(status: str, **kwargs: Any) -> models.UnknownVariant:
    return models.UnknownVariant("job_type", detailed(status, job_type=UNKNOWN_JOB_TYPE, **kwargs))


# --- a whole lifecycle on the fake -----------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("checkpoints", [10, 30], ids=["stock-lifecycle", "30-checkpoints"])
async def test_on_update_gets_each_status_event_and_checkpoint_once(use_async: bool, checkpoints: int) -> None:
    with FakeMistralServer(speed=0, timing=LifecycleTiming(checkpoints=checkpoints)) as server:
        store_files(server, TRAINING_FILE)
        async with Mistral(api_key=KEY, server_url=server.server_url) as mistral:
            await _lifecycle(use_async, checkpoints, server, mistral)


async def _lifecycle(use_async: bool, checkpoints: int, server: FakeMistralServer, mistral: Mistral) -> None:
    created = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b",
        hyperparameters={"training_steps": checkpoints},
        training_files=[TRAINING_FILE],
        auto_start=True,
    )
    updates: list[JobUpdate] = []

    async def record_async(update: JobUpdate) -> None:
        updates.append(update)

    time = SimTime(server)
    done = await wait(
        mistral, use_async, time, job_id=created.id, on_update=record_async if use_async else updates.append
    )

    assert done.status == "SUCCESS"
    kinds = Counter(update.kind for update in updates)
    assert kinds == {"status": 6, "event": 6, "checkpoint": checkpoints}
    assert [update.item for update in updates if update.kind == "status"] == LIFECYCLE
    event_items = [update.item for update in updates if update.kind == "event"]
    assert event_items == done.events[::-1]  # each event once, oldest first
    checkpoint_items = [update.item for update in updates if update.kind == "checkpoint"]
    assert [item.step_number for item in checkpoint_items] == list(range(1, checkpoints + 1))
    assert checkpoint_items == done.checkpoints[::-1]
    polls = polls_of(server, created.id)
    # The schedule of the module's docstring: statuses at t = 0, 1, 3, 4 and 5 (s), training from 5 to 5 + steps.
    if checkpoints == 30:
        assert len(polls) == 13
        assert time.sleeps == [1, 1, 1.5, 1, 1, 1, 1.5, 2.25, 3.375, 5.0625, 7.59375, 11.390625]
    else:
        assert len(polls) == 11
    assert len(polls) < len(updates)  # on_update follows changes, not polls
    assert cancels(server) == []


async def test_create_validate_start_waits_for_validated_then_for_the_end(
    server: FakeMistralServer, mistral: Mistral
) -> None:
    jobs = mistral.fine_tuning.jobs
    created = jobs.create(
        model="open-mistral-7b", hyperparameters={"training_steps": 5}, training_files=[TRAINING_FILE]
    )
    time = SimTime(server)
    validated = await wait(mistral, False, time, job_id=created.id, until={"VALIDATED"})
    assert validated.status == "VALIDATED"
    assert server.get_job(created.id)["status"] == "VALIDATED"  # the wait ended there: nothing moved it on
    jobs.start(job_id=created.id)
    status = models.CompletionDetailedJobOutStatus
    assert (await wait(mistral, True, time, job_id=created.id, until={status.VALIDATED})).status == "SUCCESS"


async def test_a_failed_validation_ends_a_wait_for_validated(server: FakeMistralServer, mistral: Mistral) -> None:
    server.mark_bad_file(TRAINING_FILE)
    created = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b", hyperparameters={"training_steps": 5}, training_files=[TRAINING_FILE]
    )
    done = await wait(mistral, False, SimTime(server), job_id=created.id, until={"VALIDATED"})
    assert done.status == "FAILED_VALIDATION"


# --- errors while polling --------------------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize(
    "fault",
    [Fault.error(503, headers={"Retry-After": "0"}), Fault.drop_connection()],
    ids=["503", "dropped-connection"],
)
async def test_a_transient_error_mid_wait_is_retried_and_the_wait_goes_on(
    use_async: bool, fault: Fault, server: FakeMistralServer, mistral: Mistral
) -> None:
    job_id = server.add_job(status="RUNNING")

    class FaultBeforeFourthPoll(SimTime):
        def sleep(self, seconds: float) -> None:
            if len(self.sleeps) == 2:
                server.inject(fault, path=f"{JOBS}/{job_id}")
            super().sleep(seconds)

    done = await wait(mistral, use_async, FaultBeforeFourthPoll(server), job_id=job_id, retries=FAST)
    assert done.status == "SUCCESS"
    statuses = [request.status for request in polls_of(server, job_id)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == (503 if fault.status == 503 else None)
    assert statuses[4:] == [200] * (len(statuses) - 4)
    assert server.pending_faults == 0


@SYNC_ASYNC
async def test_per_call_options_reach_every_poll_and_a_spent_policy_ends_the_wait(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    job_id = server.add_job(status="RUNNING")

    class FaultBeforeThirdPoll(SimTime):
        def sleep(self, seconds: float) -> None:
            if len(self.sleeps) == 1:
                server.inject(Fault.error(503, headers={"Retry-After": "0"}), path=f"{JOBS}/{job_id}")
            super().sleep(seconds)

    with pytest.raises(InternalServerError):  # retries=None: the 503 is not retried, so it ends the wait
        await wait(
            mistral, use_async, FaultBeforeThirdPoll(server), job_id=job_id, retries=None, http_headers={"x-t": "w"}
        )
    polls = polls_of(server, job_id)
    assert [request.status for request in polls] == [200, 200, 503]
    assert {request.header("x-t") for request in polls} == {"w"}
    assert cancels(server) == []


@SYNC_ASYNC
async def test_an_error_that_is_not_transient_propagates(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    missing = str(uuid.uuid4())
    time = SimTime(server)
    with pytest.raises(NotFoundError):
        await wait(mistral, use_async, time, job_id=missing)
    assert len(polls_of(server, missing)) == 1  # a 404 is not retried
    assert time.sleeps == []


# --- timeout ---------------------------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_the_timeout_raises_with_the_last_job_seen(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    job_id = server.add_job(status="VALIDATED")  # waits for a start that never comes
    time = SimTime(server)
    with pytest.raises(WaitTimeoutError) as caught:
        await wait(mistral, use_async, time, job_id=job_id, timeout=10, poll_interval=1, max_poll_interval=4)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.job.status == "VALIDATED"
    assert caught.value.job.id == job_id
    assert caught.value.waited == 10
    assert time.sleeps == [1, 1.5, 2.25, 3.375, 1.875]  # the last sleep is cut to end at the deadline
    assert len(polls_of(server, job_id)) == 6  # the last one at the deadline itself
    assert cancels(server) == []
    assert server.get_job(job_id)["status"] == "VALIDATED"


# --- interruption ----------------------------------------------------------------------------------------------------


async def test_ctrl_c_stops_the_wait_and_never_cancels_the_job(server: FakeMistralServer, mistral: Mistral) -> None:
    job_id = server.add_job(status="RUNNING")

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wait_for_job(mistral.fine_tuning.jobs.get, job_id=job_id, sleep=interrupted)
    assert len(polls_of(server, job_id)) == 1
    assert cancels(server) == []
    assert server.get_job(job_id)["status"] == "RUNNING"


async def test_cancelling_the_task_stops_the_wait_and_never_cancels_the_job(
    server: FakeMistralServer, mistral: Mistral
) -> None:
    job_id = server.add_job(status="RUNNING")
    polled = asyncio.Event()
    task = asyncio.create_task(
        wait_for_job_async(
            mistral.fine_tuning.jobs.get_async,
            job_id=job_id,
            on_update=lambda update: polled.set(),
            poll_interval=0.005,
            max_poll_interval=0.01,
        )
    )
    await asyncio.wait_for(polled.wait(), 5)
    await asyncio.sleep(0.03)  # a few more real polls, then cancel while it sleeps or polls
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(polls_of(server, job_id)) >= 2
    assert cancels(server) == []
    assert server.get_job(job_id)["status"] == "RUNNING"


# --- jobs the client does not fully know, scripted --------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("job_type", ["completion", UNKNOWN_JOB_TYPE])
async def test_an_unknown_status_is_not_terminal_and_an_unknown_job_type_still_ends(
    use_async: bool, job_type: str
) -> None:
    answers = [
        detailed("RUNNING", events=1, job_type=job_type),
        detailed(UNKNOWN_STATUS, events=2, checkpoints=1, job_type=job_type),  # as from a newer API
        detailed(UNKNOWN_STATUS, events=2, checkpoints=2, job_type=job_type),
        detailed("SUCCESS", events=3, checkpoints=2, job_type=job_type),
    ]
    served: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        served.append(request)
        return httpx2.Response(200, json=answers[min(len(served), len(answers)) - 1])

    mistral = Mistral(
        api_key=KEY,
        server_url="http://127.0.0.1:9",  # never dialled: the mock transport answers
        client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        async_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
    )
    updates: list[JobUpdate] = []
    done = await wait(mistral, use_async, SimTime(), job_id=answers[0]["id"], on_update=updates.append)
    assert len(served) == 4
    assert done.status == "SUCCESS"
    assert isinstance(done, models.UnknownVariant) == (job_type == UNKNOWN_JOB_TYPE)
    assert [(update.kind, update.item) for update in updates if update.kind == "status"] == [
        ("status", "RUNNING"),
        ("status", UNKNOWN_STATUS),
        ("status", "SUCCESS"),
    ]
    assert Counter(update.kind for update in updates) == {"status": 3, "event": 3, "checkpoint": 2}


# --- the decisions, without sockets ----------------------------------------------------------------------------------


def test_terminal_statuses_come_from_the_generated_models() -> None:
    assert models.CompletionDetailedJobOut.TERMINAL["status"] == TERMINAL
    assert models.ClassifierDetailedJobOut.TERMINAL["status"] == TERMINAL
    assert terminal_statuses(job("RUNNING")) == TERMINAL
    assert terminal_statuses(unknown_job("RUNNING")) == TERMINAL  # the union over the known detailed jobs


@pytest.mark.parametrize("status", [member.value for member in models.CompletionDetailedJobOutStatus])
def test_a_wait_ends_exactly_at_the_terminal_statuses(status: str) -> None:
    for polled in (job(status), unknown_job(status)):
        watch = JobWatch()
        watch.observe(polled)
        assert watch.finished == (status in TERMINAL)


def test_an_unknown_status_is_not_terminal() -> None:
    unknown = job(UNKNOWN_STATUS)
    assert unknown.status.name == "UNKNOWN"
    for polled in (unknown, unknown_job(UNKNOWN_STATUS)):
        watch = JobWatch()
        watch.observe(polled)
        assert not watch.finished


def test_until_takes_strings_and_enum_members_and_adds_to_the_terminal_statuses() -> None:
    spellings: list[Collection[str | Enum]] = [
        {"VALIDATED"},
        {models.CompletionDetailedJobOutStatus.VALIDATED},
        [models.QueryParamStatus.VALIDATED],
    ]
    for until in spellings:
        watch = JobWatch(until=until)
        watch.observe(job("RUNNING"))
        assert not watch.finished
        watch.observe(job("VALIDATED"))
        assert watch.finished
        watch.observe(job("CANCELLED"))
        assert watch.finished
    unknown = JobWatch(until={UNKNOWN_STATUS})
    unknown.observe(job(UNKNOWN_STATUS))
    assert unknown.finished


def test_only_new_events_and_checkpoints_are_reported_oldest_first() -> None:
    watch = JobWatch()
    first = watch.observe(job("RUNNING", events=2, checkpoints=1))
    assert [(update.kind, getattr(update.item, "created_at", update.item)) for update in first] == [
        ("event", 1_700_000_000),
        ("event", 1_700_000_001),
        ("checkpoint", 1_700_000_100),
        ("status", "RUNNING"),
    ]
    assert watch.observe(job("RUNNING", events=2, checkpoints=1)) == []
    second = watch.observe(job("RUNNING", events=3, checkpoints=3))
    assert [(update.kind, getattr(update.item, "created_at", None)) for update in second] == [
        ("event", 1_700_000_002),
        ("checkpoint", 1_700_000_101),
        ("checkpoint", 1_700_000_102),
    ]
    assert all(update.job is second[0].job for update in second)


def test_identical_events_are_counted_and_a_dropped_one_is_not_new_when_it_returns() -> None:
    def with_events(count: int) -> Any:
        payload = detailed("RUNNING")
        payload["events"] = [{"name": "heartbeat", "data": None, "created_at": 1_700_000_000}] * count
        return models.CompletionDetailedJobOut.from_dict(payload)

    watch = JobWatch()
    assert [update.kind for update in watch.observe(with_events(2))] == ["event", "event", "status"]
    assert watch.observe(with_events(2)) == []
    assert [update.kind for update in watch.observe(with_events(3))] == ["event"]
    assert watch.observe(with_events(1)) == []  # the server listed fewer: nothing new
    assert watch.observe(with_events(3)) == []  # the same three again: still nothing new


def test_the_raw_events_and_checkpoints_of_an_unknown_job_type_are_parsed() -> None:
    watch = JobWatch()
    updates = watch.observe(unknown_job("RUNNING", events=1, checkpoints=1))
    assert [type(update) for update in updates] == [EventUpdate, CheckpointUpdate, StatusUpdate]
    event, checkpoint = updates[0].item, updates[1].item
    assert isinstance(event, models.EventOut)
    assert event.to_dict() == detailed("RUNNING", events=1)["events"][0]
    assert isinstance(checkpoint, models.CheckpointOut)
    assert checkpoint.step_number == 1
    assert watch.observe(unknown_job("RUNNING", events=1, checkpoints=1)) == []


def test_an_event_of_an_unknown_shape_is_kept_whole() -> None:
    odd = unknown_job("RUNNING")
    odd.raw["events"] = [{"kind": "heartbeat"}, "ping"]  # newest first
    updates = JobWatch().observe(odd)
    items = [update.item for update in updates if update.kind == "event"]
    assert [type(item) for item in items] == [models.UnknownVariant, models.UnknownVariant]
    assert [item.to_dict() for item in items] == [{"value": "ping"}, {"kind": "heartbeat"}]


def test_the_poll_interval_backs_off_to_its_cap_and_resets_on_a_status_change() -> None:
    watch = JobWatch(poll_interval=1, max_poll_interval=5)
    delays = []
    for status in ["QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "RUNNING", "RUNNING"]:
        watch.observe(job(status))
        delays.append(watch.delay(0))
    assert delays == [1, 1.5, 2.25, 3.375, 5, 5, 1, 1.5]


def test_the_default_schedule_is_the_documented_one() -> None:
    watch = JobWatch()
    delays = []
    for _ in range(11):
        watch.observe(job("RUNNING"))
        delays.append(round(watch.delay(0), 1))
    assert (DEFAULT_POLL_INTERVAL, DEFAULT_MAX_POLL_INTERVAL, BACKOFF_FACTOR) == (1.0, 30.0, 1.5)
    assert delays == [1.0, 1.5, 2.2, 3.4, 5.1, 7.6, 11.4, 17.1, 25.6, 30.0, 30.0]


def test_the_timeout_cuts_the_last_sleep_and_then_raises() -> None:
    watch = JobWatch(timeout=10, poll_interval=4, max_poll_interval=4, started_at=50)
    watch.observe(job("RUNNING"))
    assert watch.delay(now=50) == 4
    assert watch.delay(now=57.5) == 2.5
    with pytest.raises(WaitTimeoutError, match="still RUNNING") as caught:
        watch.delay(now=60)
    assert caught.value.waited == 10
    assert caught.value.job is watch.job


def test_a_zero_timeout_polls_once() -> None:
    watch = JobWatch(timeout=0, started_at=3)
    watch.observe(job("RUNNING"))
    with pytest.raises(WaitTimeoutError):
        watch.delay(now=3)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"poll_interval": 0}, "poll_interval"),
        ({"poll_interval": -1}, "poll_interval"),
        ({"poll_interval": float("nan")}, "poll_interval"),
        ({"poll_interval": True}, "poll_interval"),
        ({"max_poll_interval": float("inf")}, "max_poll_interval"),
        ({"poll_interval": 5, "max_poll_interval": 2}, "max_poll_interval"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": "10"}, "timeout"),
        ({"until": "VALIDATED"}, "until"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        JobWatch(**kwargs)
    assert caught.value.param == param


def test_bad_arguments_are_refused_before_any_poll() -> None:
    served: list[dict[str, Any]] = []

    def get(**kwargs: Any) -> Any:
        served.append(kwargs)
        return job("RUNNING")

    with pytest.raises(InputValidationError):
        wait_for_job(get, job_id="x", poll_interval=0)
    assert served == []
