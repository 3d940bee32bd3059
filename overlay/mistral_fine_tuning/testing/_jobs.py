"""One fine-tuning job: its lifecycle on the simulated clock and its cached JSON encodings.

Lifecycle (simulated seconds, defaults of ``LifecycleTiming``)::

    QUEUED --1s--> VALIDATING --2s--> VALIDATED            (waits for POST .../start unless auto_start)
                                 \\--> FAILED_VALIDATION    (a file's data failed the check or was marked
                                                           bad, or a classifier job has no target)
    VALIDATED --start, or 1s later with auto_start--> QUEUED --1s--> RUNNING
    RUNNING --1s per training step--> SUCCESS              (`LifecycleTiming.checkpoints`, 10 by default, evenly spaced)
    any unfinished status --cancel--> CANCELLATION_REQUESTED --1s--> CANCELLED

A started job is QUEUED again (waiting for training capacity) before it is RUNNING, as the real API reported in a
notebook's saved outputs; STARTED, which the spec also lists, is never reached. Every status change appends a
``status-updated`` event and bumps ``modified_at``. Nothing runs in the background: pending transitions are applied
when the job is next looked at. A job preloaded in a status this lifecycle does not reach (STARTED, or one added to
the spec later) gets QUEUED, VALIDATING, VALIDATED and then that status, and stays there.

Estimates saturate at 2**63 - 1 (the largest value a 64-bit integer column holds): ``training_steps`` and
``epochs`` are valid for the spec however large they are, so ``10**400`` steps or ``1e308`` epochs are accepted
and echoed as sent (as pydantic, which has no bound on them, lets them through), while the figures derived from
them (steps simulated, tokens, duration, cost) are capped.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import deque
from dataclasses import dataclass
from typing import Any, Final

from ._validate import JobRequest

TOKENS_PER_STEP: Final = 131072
DATA_TOKENS_PER_FILE: Final = 305375
SECONDS_PER_STEP_ESTIMATE: Final = 22
EUR_PER_TOKEN: Final = 10 / 1310720
ESTIMATE_CAP: Final = 2**63 - 1
"""The largest step, token or duration figure the fake reports."""
FINISHED: Final = frozenset({"SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"})
CANCELLING: Final = "CANCELLATION_REQUESTED"
NO_TARGETS_REASON: Final = "A classifier job needs at least one classifier target: there are no labels to learn."
BAD_FILE_REASON: Final = "A training file could not be validated: it is not in the expected JSONL chat format."

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_dumps_ascii = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode


def encode(value: Any) -> bytes:
    """Encode a JSON value compactly, as the real service does."""
    text = _dumps(value)
    try:
        return text.encode()
    except UnicodeEncodeError:
        # A lone surrogate (sent as a JSON escape) has no UTF-8 form; escaped again, it is still valid JSON.
        return _dumps_ascii(value).encode()


def cancellable(status: str) -> bool:
    """Whether cancel moves a job in ``status`` to CANCELLATION_REQUESTED (statuses from a newer spec included)."""
    return status not in FINISHED and status != CANCELLING


@dataclass(frozen=True, slots=True)
class LifecycleTiming:
    """How long each lifecycle step lasts, in simulated seconds."""

    queued: float = 1.0
    """QUEUED until VALIDATING."""
    validating: float = 2.0
    """VALIDATING until VALIDATED (or FAILED_VALIDATION)."""
    auto_start_delay: float = 1.0
    """VALIDATED until QUEUED (for training), for jobs created with ``auto_start: true``."""
    starting: float = 1.0
    """QUEUED for training (after start) until RUNNING."""
    seconds_per_step: float = 1.0
    """RUNNING lasts this many seconds per training step."""
    cancelling: float = 1.0
    """CANCELLATION_REQUESTED until CANCELLED."""
    default_training_steps: int = 10
    """Steps used when the request gives neither ``training_steps`` nor ``epochs``."""
    checkpoints: int = 10
    """How many checkpoints a run makes, evenly spaced over its steps (fewer when it has fewer steps)."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """The numbers behind ``JobMetadataOut`` and the dry-run answer."""

    training_steps: int
    epochs: float
    train_tokens: int
    data_tokens: int
    expected_duration_seconds: int
    cost: float

    def metadata(self, estimated_start_time: int | None) -> dict[str, Any]:
        """Return the ``JobMetadataOut`` fields, in the spec's order."""
        return {
            "expected_duration_seconds": self.expected_duration_seconds,
            "cost": self.cost,
            "cost_currency": "EUR",
            "train_tokens_per_step": TOKENS_PER_STEP,
            "train_tokens": self.train_tokens,
            "data_tokens": self.data_tokens,
            "estimated_start_time": estimated_start_time,
        }


def estimate(request: JobRequest, timing: LifecycleTiming) -> Estimate:
    """Derive steps, epochs, token counts, duration and cost from a job request (capped at ``ESTIMATE_CAP``)."""
    data_tokens = min(DATA_TOKENS_PER_FILE * max(1, len(request.training_files)), ESTIMATE_CAP)
    steps = request.training_steps
    epochs = request.epochs
    if steps is None:
        if epochs is None:
            steps = timing.default_training_steps
        else:
            wanted = epochs * data_tokens / TOKENS_PER_STEP  # inf when epochs is close to the float maximum
            steps = max(1, math.ceil(wanted)) if wanted < ESTIMATE_CAP else ESTIMATE_CAP
    steps = min(steps, ESTIMATE_CAP)
    if epochs is None:
        epochs = round(steps * TOKENS_PER_STEP / data_tokens, 4)
    train_tokens = min(steps * TOKENS_PER_STEP, ESTIMATE_CAP)
    return Estimate(
        training_steps=steps,
        epochs=epochs,
        train_tokens=train_tokens,
        data_tokens=data_tokens,
        expected_duration_seconds=min(steps * SECONDS_PER_STEP_ESTIMATE, ESTIMATE_CAP),
        cost=round(train_tokens * EUR_PER_TOKEN, 2),
    )


def checkpoint_steps(steps: int, count: int = 10) -> list[int]:
    """Return the step numbers that get a checkpoint: `count` evenly spaced ones ending at the last step, without
    repeats."""
    return sorted({-(-k * steps // count) for k in range(1, count + 1)})  # integer ceilings: exact for any count


def metrics(step: int, steps: int, with_validation: bool) -> dict[str, float | None]:
    """Return plausible metrics: the loss falls and the accuracy rises as training progresses."""
    progress = 1.0 - math.exp(-3.0 * (step / steps))
    train_loss = round(2.2 - 1.6 * progress, 6)
    if not with_validation:
        return {"train_loss": train_loss, "valid_loss": None, "valid_mean_token_accuracy": None}
    return {
        "train_loss": train_loss,
        "valid_loss": round(train_loss + 0.05, 6),
        "valid_mean_token_accuracy": round(0.5 + 0.4 * progress, 6),
    }


# A plan entry: (when, "status" or "checkpoint", status name or step number, extra event data).
Entry = tuple[float, str, Any, dict[str, Any] | None]

EVERYONE: Final = "\x00everyone"
"""Owner marker for preloaded jobs that count as created by whoever asks."""


class Job:
    """A job's state, its pending transitions, and its JSON encodings cached per version."""

    __slots__ = (
        "_detail",
        "_detail_version",
        "_summary",
        "_summary_version",
        "checkpoints",
        "created_at",
        "estimate",
        "events",
        "failure_reason",
        "fine_tuned_model",
        "id",
        "metadata",
        "modified_at",
        "owner",
        "plan",
        "request",
        "scheduled_at",
        "seq",
        "status",
        "timing",
        "trained_tokens",
        "version",
    )

    def __init__(
        self,
        job_id: str,
        seq: int,
        request: JobRequest,
        *,
        owner: str | None,
        created_at: float,
        timing: LifecycleTiming,
        failure_reason: str | None = None,
    ) -> None:
        self.id = job_id
        self.seq = seq
        self.request = request
        self.owner = owner
        self.timing = timing
        self.failure_reason = failure_reason  # why validation will fail; None when it passes
        self.estimate = estimate(request, timing)
        self.created_at = int(created_at)
        self.modified_at = self.created_at
        self.status = "QUEUED"
        self.events: list[dict[str, Any]] = []
        self.checkpoints: list[dict[str, Any]] = []
        self.fine_tuned_model: str | None = None
        self.trained_tokens: int | None = None
        start = created_at + timing.queued + timing.validating + (timing.auto_start_delay if request.auto_start else 0)
        self.metadata = self.estimate.metadata(int(start))
        self.plan: deque[Entry] = deque()
        self.scheduled_at: float | None = None
        self.version = 0
        self._summary = b""
        self._summary_version = -1
        self._detail = b""
        self._detail_version = -1

    # --- planning ------------------------------------------------------------------------------------------------

    def _validation_plan(self, queued_at: float) -> list[Entry]:
        timing = self.timing
        validating_at = queued_at + timing.queued
        done_at = validating_at + timing.validating
        plan: list[Entry] = [(validating_at, "status", "VALIDATING", None)]
        if self.failure_reason is not None:
            plan.append((done_at, "status", "FAILED_VALIDATION", {"reason": self.failure_reason}))
            return plan
        plan.append((done_at, "status", "VALIDATED", None))
        if self.request.auto_start:
            plan.extend(self._run_plan(done_at + timing.auto_start_delay))
        return plan

    def _run_plan(self, started_at: float, *, fail: bool = False) -> list[Entry]:
        timing = self.timing
        steps = self.estimate.training_steps
        running_at = started_at + timing.starting
        plan: list[Entry] = [(started_at, "status", "QUEUED", None), (running_at, "status", "RUNNING", None)]
        for step in checkpoint_steps(steps, timing.checkpoints):
            if fail and step > steps // 2:
                plan.append((running_at + step * timing.seconds_per_step, "status", "FAILED", _FAILURE))
                return plan
            plan.append((running_at + step * timing.seconds_per_step, "checkpoint", step, None))
        plan.append((running_at + steps * timing.seconds_per_step, "status", "SUCCESS", None))
        return plan

    def _cancel_plan(self, requested_at: float) -> list[Entry]:
        return [
            (requested_at, "status", "CANCELLATION_REQUESTED", None),
            (requested_at + self.timing.cancelling, "status", "CANCELLED", None),
        ]

    def begin(self, now: float) -> None:
        """Start the normal lifecycle of a job just created through the API."""
        self._apply((now, "status", "QUEUED", None))
        self.plan.extend(self._validation_plan(now))

    def history_until(self, status: str) -> list[Entry]:
        """Return the canonical past of a job that has reached ``status``, on a clock starting at 0."""
        queued: list[Entry] = [(0.0, "status", "QUEUED", None)]
        if status == "FAILED_VALIDATION":
            self.failure_reason = self.failure_reason or BAD_FILE_REASON
            return queued + self._validation_plan(0.0)
        self.failure_reason = None
        validation = [entry for entry in self._validation_plan(0.0) if entry[2] in ("VALIDATING", "VALIDATED")]
        validated_at = validation[-1][0]
        after_validation = validated_at + self.timing.auto_start_delay
        if status not in _LIFECYCLE_STATUSES:
            return [*queued, *validation, (after_validation, "status", status, None)]
        if status == "QUEUED":
            return queued
        if status == "VALIDATING":
            return queued + validation[:1]
        if status == "VALIDATED":
            return queued + validation
        if status in ("CANCELLATION_REQUESTED", "CANCELLED"):
            cancel = self._cancel_plan(after_validation)
            return queued + validation + (cancel[:1] if status == "CANCELLATION_REQUESTED" else cancel)
        run = self._run_plan(after_validation, fail=status == "FAILED")
        if status == "RUNNING":
            return queued + validation + run[:2]
        return queued + validation + run

    def preload(self, status: str, created_at: float | None, now: float) -> None:
        """Give a preloaded job a plausible past ending in ``status``, and the future that follows from ``now``."""
        history = self.history_until(status)
        span = history[-1][0]
        origin = created_at if created_at is not None else now - span - 1.0
        self.created_at = self.modified_at = int(origin)
        self.metadata = self.estimate.metadata(int(origin + self.timing.queued + self.timing.validating))
        for when, kind, value, extra in history:
            self._apply((min(origin + when, now), kind, value, extra))
        self.plan.extend(self._future_after_preload(status, now))

    def _future_after_preload(self, status: str, now: float) -> list[Entry]:
        timing = self.timing
        if status == "QUEUED":
            return self._validation_plan(now)
        if status == "VALIDATING":
            return self._validation_plan(now - timing.queued)[1:]
        if status == "VALIDATED":
            return self._run_plan(now + timing.auto_start_delay) if self.request.auto_start else []
        if status == "RUNNING":
            return self._run_plan(now - timing.starting)[2:]
        if status == "CANCELLATION_REQUESTED":
            return self._cancel_plan(now)[1:]
        return []

    # --- transitions ---------------------------------------------------------------------------------------------

    @property
    def next_due(self) -> float | None:
        """When the next pending transition happens, or None if the job is idle."""
        return self.plan[0][0] if self.plan else None

    def apply_due(self, now: float) -> bool:
        """Apply every pending transition due at ``now``; return whether anything changed."""
        plan = self.plan
        changed = False
        while plan and plan[0][0] <= now:
            self._apply(plan.popleft())
            changed = True
        return changed

    def _apply(self, entry: Entry) -> None:
        when, kind, value, extra = entry
        stamp = int(when)
        if kind == "checkpoint":
            steps = self.estimate.training_steps
            self.checkpoints.append(
                {
                    "metrics": metrics(value, steps, bool(self.request.validation_files)),
                    "step_number": value,
                    "created_at": stamp,
                }
            )
        else:
            self.status = value
            data: dict[str, Any] = {"status": value}
            if extra:
                data.update(extra)
            self.events.append({"name": "status-updated", "data": data, "created_at": stamp})
            if value == "RUNNING":
                for integration in self.request.integrations:
                    integration["url"] = f"https://wandb.ai/fake-mistral/{integration['project']}/runs/{self.id}"
            elif value == "SUCCESS":
                self.fine_tuned_model = fine_tuned_model_name(self.request.model, self.request.suffix, self.id)
                self.trained_tokens = self.estimate.train_tokens
        self.modified_at = max(self.modified_at, stamp)
        self.version += 1

    def cancel(self, now: float) -> None:
        """Request cancellation: CANCELLATION_REQUESTED now, CANCELLED a moment later."""
        self.plan.clear()
        plan = self._cancel_plan(now)
        self._apply(plan[0])
        self.plan.extend(plan[1:])

    def start(self, now: float) -> None:
        """Start a VALIDATED job: QUEUED now, then RUNNING and the training run."""
        self.plan.clear()
        plan = self._run_plan(now)
        self._apply(plan[0])
        self.plan.extend(plan[1:])

    # --- encoding ------------------------------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Return the non-detailed job (``CompletionJobOut`` or ``ClassifierJobOut``) as a dict."""
        request = self.request
        body: dict[str, Any] = {
            "id": self.id,
            "auto_start": request.auto_start,
            "model": request.model,
            "status": self.status,
            "created_at": self.created_at,
            "modified_at": self.modified_at,
            "training_files": request.training_files,
            "validation_files": request.validation_files,
            "object": "job",
            "fine_tuned_model": self.fine_tuned_model,
            "suffix": request.suffix,
            "integrations": request.integrations,
            "trained_tokens": self.trained_tokens,
            "metadata": self.metadata,
            "job_type": request.job_type,
            "hyperparameters": request.hyperparameters,
        }
        if request.job_type == "completion":
            body["repositories"] = request.repositories
        return body

    def detail(self) -> dict[str, Any]:
        """Return the detailed job (``...DetailedJobOut``) as a dict: newest events and checkpoints first."""
        body = self.summary()
        body["events"] = self.events[::-1]
        body["checkpoints"] = self.checkpoints[::-1]
        if self.request.job_type == "classifier":
            body["classifier_targets"] = self.request.classifier_targets
        return body

    def summary_bytes(self) -> bytes:
        """Return the encoded non-detailed job, re-encoding only after a change."""
        if self._summary_version != self.version:
            self._summary = encode(self.summary())
            self._summary_version = self.version
        return self._summary

    def detail_bytes(self) -> bytes:
        """Return the encoded detailed job, re-encoding only after a change."""
        if self._detail_version != self.version:
            # Splice onto the cached summary rather than encoding the shared fields twice.
            parts = [self.summary_bytes()[:-1], b',"events":', encode(self.events[::-1])]
            parts += [b',"checkpoints":', encode(self.checkpoints[::-1])]
            if self.request.job_type == "classifier":
                parts += [b',"classifier_targets":', encode(self.request.classifier_targets)]
            parts.append(b"}")
            self._detail = b"".join(parts)
            self._detail_version = self.version
        return self._detail


_FAILURE: Final = {"reason": "Training stopped: the loss diverged."}
_LIFECYCLE_STATUSES: Final = FINISHED | {"QUEUED", "VALIDATING", "VALIDATED", "RUNNING", CANCELLING}
"""The statuses this lifecycle moves through; any other one comes from a newer spec."""


def fine_tuned_model_name(model: str, suffix: str | None, job_id: str) -> str:
    """Name the model a successful job produces: ``ft:<model>:<suffix or short id>:<8 hex digits>``."""
    tag = hashlib.sha1(job_id.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"ft:{model}:{suffix or job_id[:8]}:{tag}"
