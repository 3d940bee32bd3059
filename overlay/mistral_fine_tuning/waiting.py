"""Waiting for a fine-tuning job to finish (or to reach a chosen status): `jobs.wait` and `jobs.wait_async` are
these functions applied to `jobs.get` / `jobs.get_async`.

Every decision (is the job done, what is new since the last poll, how long to sleep, has the time run out) is made
by one pure object, `JobWatch`; the sync and async waits differ only in how they fetch the job and how they sleep.
Each poll is an ordinary `jobs.get` call, so the client's retry policy applies to it: a 503, a 429 or a dropped
connection while polling is retried within that policy and the wait goes on; an error the policy does not retry
(a 404, say), or one it gave up on, ends the wait and propagates. For long waits, a more patient policy can be
passed as `retries=`.

Poll schedule: the first poll is immediate; after a poll that saw the status change (the first poll counts as a
change) the next one comes `poll_interval` seconds later (1 s by default); after a poll with the same status the
interval grows by `BACKOFF_FACTOR` (1.5), up to `max_poll_interval` (30 s by default). With the defaults: 1, 1.5,
2.25, 3.4, 5.1, 7.6, 11.4, 17.1, 25.6, then 30 s while nothing changes. New events and checkpoints do not shorten
the interval (checkpoints arrive all through training). A sleep never goes past the `timeout` deadline, so the last
poll happens at the deadline.

With a `timeout`, a poll cannot hold the wait either: each poll (every attempt under the retry policy, and each
attempt's network phases) is limited to the time left, or `LAST_POLL_SECONDS` for a poll at the deadline itself. A
poll that times out once the deadline has passed ends the wait with `WaitTimeoutError`.

Ctrl-C (`KeyboardInterrupt`) or cancelling the task stops the wait and nothing else: no request to cancel the job is
ever sent; it goes on running on the server.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar, Unpack

from . import _api
from .errors import APITimeoutError, InputValidationError, WaitTimeoutError

if TYPE_CHECKING:
    from enum import Enum

    from ._types import CallOptions, DetailedJob

UpdateKind: TypeAlias = Literal["status", "event", "checkpoint"]
M = TypeVar("M", bound=_api.Model)

DEFAULT_POLL_INTERVAL: Final = 1.0
"""Seconds between the first polls, and again after each status change."""
DEFAULT_MAX_POLL_INTERVAL: Final = 30.0
"""The longest interval between two polls, in seconds."""
BACKOFF_FACTOR: Final = 1.5
"""How much the interval grows after a poll that saw no status change."""
LAST_POLL_SECONDS: Final = 1.0
"""With a `timeout`, the time a poll made at the deadline (or with less than this left) still gets."""

__all__ = [
    "BACKOFF_FACTOR",
    "DEFAULT_MAX_POLL_INTERVAL",
    "DEFAULT_POLL_INTERVAL",
    "LAST_POLL_SECONDS",
    "CheckpointUpdate",
    "EventUpdate",
    "JobUpdate",
    "JobWatch",
    "StatusUpdate",
    "UpdateKind",
    "terminal_statuses",
    "wait_for_job",
    "wait_for_job_async",
]


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """The job's status changed, or was seen for the first time.

    Attributes:
        job: the job as returned by the poll that saw the change.
        item: the new status: a status enum member (one named UNKNOWN for a status this client does not know), or
            the raw string for a job of an unknown kind.
        kind: always "status".
    """

    job: DetailedJob
    item: str
    kind: Literal["status"] = "status"


@dataclass(frozen=True, slots=True)
class EventUpdate:
    """A new event in the job's history.

    Attributes:
        job: the job as returned by the poll that saw the event.
        item: the event (`models.EventOut`; an `UnknownVariant` holding it when it does not fit that model).
        kind: always "event".
    """

    job: DetailedJob
    item: _api.models.EventOut | _api.UnknownVariant
    kind: Literal["event"] = "event"


@dataclass(frozen=True, slots=True)
class CheckpointUpdate:
    """A new checkpoint of the training run.

    Attributes:
        job: the job as returned by the poll that saw the checkpoint.
        item: the checkpoint (`models.CheckpointOut`; an `UnknownVariant` holding it when it does not fit).
        kind: always "checkpoint".
    """

    job: DetailedJob
    item: _api.models.CheckpointOut | _api.UnknownVariant
    kind: Literal["checkpoint"] = "checkpoint"


JobUpdate: TypeAlias = StatusUpdate | EventUpdate | CheckpointUpdate
"""What `on_update` receives, once per new status, event and checkpoint; `update.kind` tells them apart (and
narrows `update.item` for type checkers)."""


def _status_text(status: object) -> str:
    """A status as the server spells it: an enum member's value, or the raw value as text."""
    value = getattr(status, "value", status)
    return value if isinstance(value, str) else str(value)


@functools.cache
def _known_terminal() -> frozenset[str]:
    models = _api.models  # the models load on first use
    return models.CompletionDetailedJobOut.TERMINAL["status"] | models.ClassifierDetailedJobOut.TERMINAL["status"]


def terminal_statuses(job: object) -> frozenset[str]:
    """The statuses a job never leaves, from the spec's `x-terminal` as the generated models carry it.

    Args:
        job: a job model, or an `UnknownVariant` (for which the union over the known detailed job types is used).

    Returns:
        The terminal statuses, as strings.
    """
    terminal = getattr(type(job), "TERMINAL", None)
    statuses = terminal.get("status") if isinstance(terminal, Mapping) else None
    return statuses if statuses is not None else _known_terminal()


def _content_key(item: object) -> str:
    """What identifies an event or a checkpoint, which have no id: their whole content."""
    to_dict = getattr(item, "to_dict", None)
    data = to_dict() if callable(to_dict) else item
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def _listed(job: object, field: str) -> list[Any]:
    items = getattr(job, field, None)  # an UnknownVariant without the field reads None or raises AttributeError
    return list(items) if isinstance(items, list) else []


def _fresh(seen: Counter[str], items: Sequence[Any]) -> list[Any]:
    """The items not reported before, oldest first; `seen` counts each content, so repeated identical items count."""
    current: Counter[str] = Counter()
    fresh: list[Any] = []
    for item in reversed(items):  # the API lists the newest first
        key = _content_key(item)
        current[key] += 1
        if current[key] > seen[key]:
            fresh.append(item)
    seen |= current  # the most ever listed at once: an item dropped from a later answer is not new when it returns
    return fresh


def _as_model(model: type[M], item: Any) -> M | _api.UnknownVariant:
    """An event or checkpoint as its model: items of a job of an unknown kind arrive as plain dicts."""
    if isinstance(item, model):
        return item
    try:
        return model.model_validate(item)
    except _api.ModelValidationError:  # not the shape this client knows: keep it whole
        return _api.UnknownVariant("", item if isinstance(item, dict) else {"value": item})


def _check_seconds(name: str, value: object, *, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or math.isinf(value):
        raise InputValidationError(name, f"must be a finite number of seconds, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise InputValidationError(name, f"must be {'at least' if allow_zero else 'more than'} 0, got {value!r}")
    return float(value)


class JobWatch:
    """The decisions of one wait, with no I/O: feed it each polled job, and it says what is new, whether the wait
    is over, and how long to sleep before the next poll (the schedule is the module's docstring).

    Args:
        until: statuses (strings or enum members) that end the wait besides the terminal ones.
        timeout: seconds after `started_at` past which `delay()` raises `WaitTimeoutError`; None waits forever.
        poll_interval: the first interval, and the one after each status change, in seconds.
        max_poll_interval: the cap of the interval, in seconds.
        started_at: when the wait began, on the same clock as the `now` given to `delay()`.

    Raises:
        InputValidationError: a negative or non-finite `timeout`, a `poll_interval` that is not positive, or a
            `max_poll_interval` below `poll_interval`.
    """

    __slots__ = (
        "_checkpoints",
        "_deadline",
        "_delay",
        "_events",
        "_status",
        "_until",
        "finished",
        "job",
        "max_poll_interval",
        "poll_interval",
        "polls",
        "started_at",
        "timeout",
    )

    def __init__(
        self,
        *,
        until: Collection[str | Enum] | None = None,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
        started_at: float = 0.0,
    ) -> None:
        if isinstance(until, str):
            raise InputValidationError("until", f"must be a collection of statuses, e.g. {{{until!r}}}")
        self.poll_interval = _check_seconds("poll_interval", poll_interval, allow_zero=False)
        self.max_poll_interval = _check_seconds("max_poll_interval", max_poll_interval, allow_zero=False)
        if self.max_poll_interval < self.poll_interval:
            raise InputValidationError("max_poll_interval", f"must be at least poll_interval ({poll_interval!r})")
        self.timeout = None if timeout is None else _check_seconds("timeout", timeout, allow_zero=True)
        self.started_at = started_at
        self._deadline = None if self.timeout is None else started_at + self.timeout
        self._until = frozenset(_status_text(status) for status in until or ())
        self._delay = self.poll_interval
        self._status: str | None = None
        self._events: Counter[str] = Counter()
        self._checkpoints: Counter[str] = Counter()
        self.polls = 0
        """Jobs observed so far."""
        self.job: DetailedJob | None = None
        """The job as last observed."""
        self.finished = False
        """Whether the last observed job is in a terminal status or one of `until`."""

    def observe(self, job: DetailedJob) -> list[JobUpdate]:
        """Record one polled job.

        Args:
            job: the job `jobs.get` returned.

        Returns:
            What is new since the previous poll, in this order: new events, then new checkpoints (each oldest
            first), then the status if it changed (the first poll reports everything it sees).
        """
        self.polls += 1
        self.job = job
        models = _api.models
        updates: list[JobUpdate] = [
            EventUpdate(job, _as_model(models.EventOut, event))
            for event in _fresh(self._events, _listed(job, "events"))
        ]
        updates += [
            CheckpointUpdate(job, _as_model(models.CheckpointOut, checkpoint))
            for checkpoint in _fresh(self._checkpoints, _listed(job, "checkpoints"))
        ]
        raw = job.status
        status = _status_text(raw)
        changed = status != self._status
        if changed:
            updates.append(StatusUpdate(job, raw if isinstance(raw, str) else status))
            self._status = status
            self._delay = self.poll_interval
        else:
            self._delay = min(self._delay * BACKOFF_FACTOR, self.max_poll_interval)
        self.finished = status in self._until or status in terminal_statuses(job)
        return updates

    def delay(self, now: float) -> float:
        """How long to sleep before the next poll.

        Args:
            now: the current time, on the clock `started_at` came from.

        Returns:
            Seconds: the scheduled interval, cut short at the timeout's deadline.

        Raises:
            WaitTimeoutError: the deadline has passed; it carries the last job observed and the time waited.
        """
        if self._deadline is None:
            return self._delay
        remaining = self._deadline - now
        if remaining <= 0:
            raise self.expired(now)
        return min(self._delay, remaining)

    def poll_limit(self, now: float) -> float | None:
        """The most seconds the next poll may take: the time left before the deadline, at least
        `LAST_POLL_SECONDS`; None without a timeout."""
        if self._deadline is None:
            return None
        return max(self._deadline - now, LAST_POLL_SECONDS)

    def timed_out(self, now: float) -> WaitTimeoutError | None:
        """The error that ends the wait at `now`, or None while the deadline has not passed."""
        if self._deadline is None or now < self._deadline:
            return None
        return self.expired(now)

    def expired(self, now: float) -> WaitTimeoutError:
        """The error that ends the wait at `now`: the timeout was reached."""
        waited = now - self.started_at
        seen = f"job {getattr(self.job, 'id', None)} is still {self._status}" if self.polls else "no poll was answered"
        return WaitTimeoutError(
            f"{seen} after {waited:.3g} s (timeout {self.timeout:g} s); the job goes on",
            job=self.job,
            waited=waited,
        )


def _limited(options: CallOptions, limit: float | None) -> CallOptions:
    """The per-call options of one poll limited to `limit` seconds: every network phase of an attempt
    (`timeout_ms`, unless a shorter one was given), and the retry policy's window (no retry scheduled past it)."""
    if limit is None:
        return options
    from .retry_policy import DEFAULT_BACKOFF, RetryConfig

    limited = options.copy()
    millis = math.ceil(limit * 1000)
    given = options.get("timeout_ms")
    valid = isinstance(given, int | float) and not isinstance(given, bool) and given > 0
    if given is None or valid:  # an invalid one is left for the call to refuse
        limited["timeout_ms"] = millis if given is None else min(given, millis)
    retries = options.get("retries")
    if isinstance(retries, RetryConfig) and retries.strategy == "backoff":
        backoff = retries.backoff or DEFAULT_BACKOFF
        window = min(backoff.max_elapsed_time, millis)
        limited["retries"] = retries.replace(backoff=backoff.replace(max_elapsed_time=window), within_deadline=True)
    return limited


def wait_for_job(
    get_job: Callable[..., DetailedJob],
    /,
    *,
    job_id: str,
    until: Collection[str | Enum] | None = None,
    timeout: float | None = None,
    on_update: Callable[[JobUpdate], object] | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    **options: Unpack[CallOptions],
) -> DetailedJob:
    """Poll a job until it reaches a terminal status (SUCCESS, FAILED, FAILED_VALIDATION, CANCELLED: the spec's
    `x-terminal`) or one of `until`, and return it.

    A status this client does not know (an enum member named UNKNOWN) is not terminal: the wait goes on. Stopping
    the wait (Ctrl-C, the timeout, an error) never cancels the job.

    Args:
        get_job: `jobs.get` (or any callable taking `job_id=` and the per-call options, returning a detailed job).
        job_id: the job to wait for.
        until: statuses that also end the wait, as strings or enum members, e.g. `{"VALIDATED"}` to start a job
            created without `auto_start`. A status the job passes through between two polls is not seen.
        timeout: the most seconds to wait, or None for no limit; checked after each poll, with the last poll at the
            deadline. Each poll is limited to the time left (at least `LAST_POLL_SECONDS`), retries included.
        on_update: called with a `JobUpdate` for each new status, event and checkpoint, once each, in the order of
            `JobWatch.observe`; an exception it raises ends the wait.
        poll_interval, max_poll_interval: the poll schedule, in seconds (see the module's docstring).
        sleep: how to wait between polls (`time.sleep`; tests pass a fake).
        clock: the monotonic clock the timeout is measured on (`time.monotonic`).
        options: the per-call options (`retries`, `timeout_ms`, `server_url`, `http_headers`), sent with every poll.

    Returns:
        The job as last polled: in a terminal status or one of `until`.

    Raises:
        WaitTimeoutError: the timeout passed first; `.job` is the last job seen, `.waited` the seconds waited.
        InputValidationError: a bad `job_id`, `timeout`, `poll_interval` or `max_poll_interval`.
        SDKError, APIConnectionError: what a poll raises once the retry policy gives up, or does not retry.
        KeyboardInterrupt: from Ctrl-C, as raised; the job is left alone.
    """
    watch = JobWatch(
        until=until,
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        started_at=clock(),
    )
    while True:
        try:
            job = get_job(job_id=job_id, **_limited(options, watch.poll_limit(clock())))
        except APITimeoutError as exc:
            error = watch.timed_out(clock())  # the poll ran into the deadline: the wait's timeout, not the poll's
            if error is not None:
                raise error from exc
            raise
        for update in watch.observe(job):
            if on_update is not None:
                on_update(update)
        if watch.finished:
            return job
        sleep(watch.delay(clock()))


async def wait_for_job_async(
    get_job_async: Callable[..., Awaitable[DetailedJob]],
    /,
    *,
    job_id: str,
    until: Collection[str | Enum] | None = None,
    timeout: float | None = None,
    on_update: Callable[[JobUpdate], object] | None = None,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    clock: Callable[[], float] = time.monotonic,
    **options: Unpack[CallOptions],
) -> DetailedJob:
    """The async twin of `wait_for_job`: same arguments, result and errors.

    Cancelling the task that awaits it stops the wait (`asyncio.CancelledError` propagates) and leaves the job
    alone.

    Args:
        get_job_async: `jobs.get_async` (or any coroutine function taking `job_id=` and the per-call options).
        on_update: as for `wait_for_job`; when it returns an awaitable, that is awaited before the wait goes on.
        sleep: how to wait between polls: `asyncio.sleep` when None.
        job_id, until, timeout, poll_interval, max_poll_interval, clock, options: as for `wait_for_job`.

    Returns:
        The job as last polled: in a terminal status or one of `until`.

    Raises:
        The same as `wait_for_job`, and `asyncio.CancelledError` when the task is cancelled.
    """
    import asyncio  # the async machinery loads on first async use

    if sleep is None:
        sleep = asyncio.sleep
    watch = JobWatch(
        until=until,
        timeout=timeout,
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        started_at=clock(),
    )
    while True:
        limit = watch.poll_limit(clock())
        try:
            async with asyncio.timeout(limit):  # the whole poll, however slowly a server trickles its answer
                job = await get_job_async(job_id=job_id, **_limited(options, limit))
        except APITimeoutError as exc:
            error = watch.timed_out(clock())
            if error is not None:
                raise error from exc
            raise
        except TimeoutError as exc:
            if limit is None:  # not the limit above (there is none without a timeout)
                raise
            raise watch.expired(clock()) from exc
        for update in watch.observe(job):
            if on_update is not None:
                result = on_update(update)
                if inspect.isawaitable(result):
                    await result
        if watch.finished:
            return job
        await sleep(watch.delay(clock()))
