"""`jobs wait` (and `jobs create --wait`): poll with the library's `waiting.wait_for_job`, show the progress on
stderr (a live view when stderr is a terminal, one line per change otherwise), and decide the exit status.

Ctrl-C stops watching and prints how to resume; the job is cancelled only with --cancel-on-interrupt.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Final, Protocol

from . import _exit
from ._arguments import POLL_INTERVAL_ENV
from ._command import PROG
from ._exit import CliError, did_you_mean
from ._output import json_of, live_terminal
from ._progress import Progress, progress_of

if TYPE_CHECKING:
    from .._client import Mistral
    from ..waiting import JobUpdate

RICH_MISSING_NOTE: Final = f"{PROG}: note: the live view needs rich: pip install 'mistral-fine-tuning[cli]'"


class Reporter(Protocol):
    """Where progress goes: `update` for each change `wait_for_job` reports, `close` once the wait is over."""

    def update(self, update: JobUpdate) -> None: ...

    def close(self) -> None: ...


class PlainReporter:
    """One line per change, for logs: each new status, checkpoint and event (but the status-change events, which
    the status lines already say). The first poll's history is summed up by its status line."""

    def __init__(self, stream: IO[str], terminal: Callable[[Any], frozenset[str]]) -> None:
        self._stream = stream
        self._terminal = terminal
        self._first_job: object | None = None

    def update(self, update: JobUpdate) -> None:
        if self._first_job is None:
            self._first_job = update.job
        if update.kind != "status" and update.job is self._first_job:
            return  # history seen on the first poll
        progress = progress_of(json_of(update.job), now=time.time(), terminal=self._terminal(update.job))
        line: str | None
        if update.kind == "status":
            line = progress.line()
        elif update.kind == "checkpoint":
            line = _checkpoint_line(progress, update.item)
        else:
            line = _event_line(progress, update.item)
        if line is None:
            return
        self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        pass


def _checkpoint_line(progress: Progress, item: Any) -> str:
    data = item.to_dict() if hasattr(item, "to_dict") else dict(item)
    metrics = data.get("metrics")
    metrics = metrics if isinstance(metrics, dict) else {}
    step = data.get("step_number")
    at_step = Progress(
        job_id=progress.job_id,
        status=progress.status,
        model=progress.model,
        step=step if isinstance(step, int) else None,
        total_steps=progress.total_steps,
        train_loss=metrics.get("train_loss"),
        valid_loss=metrics.get("valid_loss"),
        elapsed=progress.elapsed,
        remaining=progress.remaining,
        reason=None,
        final=False,
    )
    return at_step.line("checkpoint")


def _event_line(progress: Progress, item: Any) -> str | None:
    data = item.to_dict() if hasattr(item, "to_dict") else dict(item)
    name = str(data.get("name", "event"))
    details = data.get("data")
    if name == "status-updated":
        return None
    shown = "  ".join(f"{key}={value}" for key, value in details.items()) if isinstance(details, dict) else ""
    return f"{progress.status}  event {name}  {shown}".rstrip()


def reporter(args: argparse.Namespace, terminal: Callable[[Any], frozenset[str]]) -> Reporter:
    """The live view when stderr is a terminal and rich is installed; plain lines otherwise (with a note when
    only rich is missing). --verbose logs go to stderr too, so they get plain lines."""
    stream = sys.stderr
    if live_terminal(args):
        try:
            from ._live import LiveReporter
        except ImportError:
            stream.write(RICH_MISSING_NOTE + "\n")
        else:
            return LiveReporter(stream, terminal, cancel_on_interrupt=bool(getattr(args, "cancel_on_interrupt", False)))
    return PlainReporter(stream, terminal)


def poll_interval(args: argparse.Namespace) -> float | None:
    """The hidden --poll-interval, or MISTRAL_FT_POLL_INTERVAL: a fixed interval (tests, demos)."""
    if getattr(args, "poll_interval", None) is not None:
        return float(args.poll_interval)
    text = os.environ.get(POLL_INTERVAL_ENV)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise CliError(f"{POLL_INTERVAL_ENV} must be a number of seconds, got {text!r}") from None
    if not value > 0:
        raise CliError(f"{POLL_INTERVAL_ENV} must be positive, got {text!r}")
    return value


def wait(mistral: Mistral, job_id: str, args: argparse.Namespace) -> tuple[int, Any]:
    """Wait for the job; returns the exit status and the job to print (None after Ctrl-C)."""
    from .. import errors, waiting

    jobs = mistral.fine_tuning.jobs
    until = _until(args.until)
    options: dict[str, Any] = {}
    interval = poll_interval(args)
    if interval is not None:
        options["poll_interval"] = options["max_poll_interval"] = interval
    progress = reporter(args, waiting.terminal_statuses)
    try:
        try:
            job = waiting.wait_for_job(
                jobs.get,
                job_id=job_id,
                until=until,
                timeout=args.wait_timeout,
                on_update=progress.update,
                **options,
            )
        finally:
            progress.close()
    except KeyboardInterrupt:
        return _interrupted(mistral, job_id, args), None
    except errors.WaitTimeoutError as exc:
        sys.stderr.write(f"{PROG}: {exc.message}; resume with: {PROG} jobs wait {job_id}\n")
        return _exit.WAIT_TIMEOUT, exc.job
    status = str(getattr(job.status, "value", job.status))
    if status in until or status == "SUCCESS":
        return _exit.OK, job
    code = _exit.FINAL_STATUS_CODES.get(status, _exit.API_ERROR)
    reason = progress_of(json_of(job), now=time.time(), terminal=waiting.terminal_statuses(job)).reason
    sys.stderr.write(f"{PROG}: job {job_id} ended {status}" + (f": {reason}" if reason else "") + "\n")
    return code, job


def _until(statuses: list[str] | None) -> set[str]:
    """--until's statuses, checked against the API's (an unknown one is a typo: it would never be reached)."""
    if not statuses:
        return set()
    from .. import models

    known = {member.value for member in models.QueryParamStatus}
    wanted = {status.strip().upper() for text in statuses for status in text.split(",") if status.strip()}
    unknown = sorted(wanted - known)
    if unknown:
        hint = did_you_mean(unknown[0], known) if len(unknown) == 1 else ""
        raise CliError(f"--until: unknown status {', '.join(unknown)}{hint} (known: {', '.join(sorted(known))})")
    return wanted


def _interrupted(mistral: Mistral, job_id: str, args: argparse.Namespace) -> int:
    stderr = sys.stderr
    if not args.cancel_on_interrupt:
        stderr.write(
            f"\n{PROG}: stopped watching job {job_id}; it goes on running. Resume with: {PROG} jobs wait {job_id}\n"
        )
        return _exit.INTERRUPTED
    stderr.write(f"\n{PROG}: interrupted: cancelling job {job_id} (--cancel-on-interrupt)\n")
    job = mistral.fine_tuning.jobs.cancel(job_id=job_id)
    status = getattr(job.status, "value", job.status)
    stderr.write(f"{PROG}: job {job_id} is {status}; follow it with: {PROG} jobs wait {job_id}\n")
    return _exit.INTERRUPTED
