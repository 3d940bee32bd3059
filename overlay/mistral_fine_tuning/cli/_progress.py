"""A job's progress, as `wait` shows it, derived from the job alone (pure: no I/O, the time is passed in).

- step: the highest `step_number` among the checkpoints; total: the job's `training_steps` hyperparameter when it
  has one (the server fills it in for jobs given `epochs`, once known).
- losses: the train and valid loss of that latest checkpoint.
- elapsed and time left are read on the server's clock (the job's timestamps), so watching a job that started
  long ago, or a fake server whose simulated clock runs faster, gives consistent figures: "now" is the local
  clock, or the job's latest timestamp when that is later. Time left comes from the pace between the start of
  training and the latest checkpoint, or, before the first checkpoint, from the job's estimated duration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._output import duration

_RUNNING_STATUSES = ("RUNNING", "STARTED")


@dataclass(frozen=True, slots=True)
class Progress:
    """What the live view and the plain lines show about one job, at one moment."""

    job_id: str
    status: str
    model: str | None
    step: int | None
    total_steps: int | None
    train_loss: float | None
    valid_loss: float | None
    elapsed: float | None
    remaining: float | None
    reason: str | None
    final: bool

    @property
    def fraction(self) -> float | None:
        """Training done, from 0 to 1, when the total is known."""
        if self.total_steps and self.step is not None:
            return min(1.0, max(0.0, self.step / self.total_steps))
        if self.status == "SUCCESS":
            return 1.0
        return 0.0 if self.total_steps else None

    def steps_text(self) -> str:
        if self.step is None:
            return f"-/{self.total_steps}" if self.total_steps else "-"
        if self.total_steps:
            return f"{self.step}/{self.total_steps} ({self.fraction or 0:.0%})"
        return str(self.step)

    def loss_text(self) -> str:
        parts = []
        if self.train_loss is not None:
            parts.append(f"train {self.train_loss:.4g}")
        if self.valid_loss is not None:
            parts.append(f"valid {self.valid_loss:.4g}")
        return "  ".join(parts) or "-"

    def elapsed_text(self) -> str:
        return "-" if self.elapsed is None else duration(self.elapsed)

    def remaining_text(self) -> str:
        if self.final:
            return "0s"
        return "-" if self.remaining is None else f"~{duration(self.remaining)}"

    def line(self, label: str | None = None) -> str:
        """One line for logs: `RUNNING  step 3/10 (30%)  loss train 1.23 valid 1.28  elapsed 12s  left ~8s`, with
        `label` in place of the status."""
        parts = [label or self.status]
        if self.step is not None or self.total_steps:
            parts.append(f"step {self.steps_text()}")
        if self.train_loss is not None or self.valid_loss is not None:
            parts.append(f"loss {self.loss_text()}")
        parts.append(f"elapsed {self.elapsed_text()}")
        if not self.final and self.remaining is not None:
            parts.append(f"left {self.remaining_text()}")
        if self.reason:
            parts.append(f"reason: {self.reason}")
        return "  ".join(parts)


def progress_of(job: Mapping[str, Any], *, now: float, terminal: frozenset[str]) -> Progress:
    """The progress of `job` (its JSON form) at local Unix time `now`; `terminal` lists the final statuses."""
    status = str(job.get("status") or "?")
    final = status in terminal
    checkpoints = [item for item in _list(job.get("checkpoints")) if isinstance(item.get("step_number"), int)]
    latest = max(checkpoints, key=lambda item: item["step_number"], default=None)
    metrics = latest.get("metrics") if latest is not None else None
    metrics = metrics if isinstance(metrics, Mapping) else {}
    hyperparameters = job.get("hyperparameters")
    total = hyperparameters.get("training_steps") if isinstance(hyperparameters, Mapping) else None
    total = total if isinstance(total, int) and not isinstance(total, bool) and total > 0 else None
    step = latest["step_number"] if latest is not None else None

    events = [item for item in _list(job.get("events")) if isinstance(item.get("created_at"), int | float)]
    server_now = max([now, *_timestamps(job, checkpoints, events)])
    created = _number(job.get("created_at"))
    end = _number(job.get("modified_at")) if final else server_now
    elapsed = None if created is None or end is None else max(0.0, end - created)
    started = _status_time(events, _RUNNING_STATUSES)
    remaining = None if final else _remaining(job, status, latest, step, total, started, server_now)
    return Progress(
        job_id=str(job.get("id") or "?"),
        status=status,
        model=job.get("model") if isinstance(job.get("model"), str) else None,
        step=step,
        total_steps=total,
        train_loss=_number(metrics.get("train_loss")),
        valid_loss=_number(metrics.get("valid_loss")),
        elapsed=elapsed,
        remaining=remaining,
        reason=_reason(events, status),
        final=final,
    )


def _remaining(
    job: Mapping[str, Any],
    status: str,
    latest: Mapping[str, Any] | None,
    step: int | None,
    total: int | None,
    started: float | None,
    now: float,
) -> float | None:
    if status not in _RUNNING_STATUSES or started is None:
        return None
    if latest is not None and step and total:
        spent = float(latest["created_at"]) - started
        if spent > 0:
            left = (total - step) * spent / step - (now - float(latest["created_at"]))
            return max(0.0, left)
    metadata = job.get("metadata")
    expected = metadata.get("expected_duration_seconds") if isinstance(metadata, Mapping) else None
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return max(0.0, float(expected) - (now - started))
    return None


def _status_time(events: list[Mapping[str, Any]], statuses: tuple[str, ...]) -> float | None:
    """When the job first reached one of `statuses`, from its status-change events."""
    times = [
        float(event["created_at"])
        for event in events
        if isinstance(event.get("data"), Mapping) and event["data"].get("status") in statuses
    ]
    return min(times, default=None)


def _reason(events: list[Mapping[str, Any]], status: str) -> str | None:
    """The explanation the latest event for the current status gives (a failure's reason), if any."""
    for event in sorted(events, key=lambda item: item["created_at"], reverse=True):
        data = event.get("data")
        if isinstance(data, Mapping) and data.get("status") == status:
            reason = data.get("reason") or data.get("error") or data.get("message")
            return str(reason) if reason else None
    return None


def _timestamps(
    job: Mapping[str, Any], checkpoints: list[Mapping[str, Any]], events: list[Mapping[str, Any]]
) -> list[float]:
    stamps = [_number(job.get("modified_at")), _number(job.get("created_at"))]
    stamps += [_number(item.get("created_at")) for item in checkpoints]
    stamps += [float(item["created_at"]) for item in events]
    return [stamp for stamp in stamps if stamp is not None]


def _list(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
