"""A user's script in the README's style, type-checked by tests/test_typing.py with `mypy --strict`: no cast, no
isinstance on the common path. Each line of WRONG_LINES there, added to it, must give exactly one error."""

from __future__ import annotations

import datetime

import httpx
import httpx2
from mistral_fine_tuning import Mistral, NotFoundError, models, utils


def report(mistral: Mistral) -> list[str]:
    lines: list[str] = []
    page = mistral.fine_tuning.jobs.list(
        page_size=10, status="RUNNING", created_after=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    for listed_job in page.data:  # a plain list
        lines.append(f"{listed_job.id} {listed_job.status} {listed_job.model} {listed_job.created_at}")
    created = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b",
        hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
        training_files=["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1", {"file_id": "1b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"}],
        suffix="nightly",
        auto_start=False,
        retries=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False),
        timeout_ms=30_000,
    )
    twin = mistral.fine_tuning.jobs.create(  # mistralai 2.x's class for the parameters, its response twin here
        model="open-mistral-7b", hyperparameters=models.CompletionTrainingParameters(training_steps=10)
    )
    lines.append(twin.id)
    job = mistral.fine_tuning.jobs.get(job_id=created.id)
    if job.status == "SUCCESS":
        lines.append(str(job.fine_tuned_model))
    for checkpoint in job.checkpoints:  # a plain list, whatever the variant
        metrics = checkpoint.metrics
        lines.append(f"{checkpoint.step_number}: {metrics.train_loss} {metrics.valid_loss}")
    estimate = mistral.fine_tuning.jobs.create(model="open-mistral-7b", hyperparameters={}, dry_run=True)
    lines.append(f"{estimate.expected_duration_seconds} {estimate.cost} {estimate.cost_currency}")
    try:
        mistral.fine_tuning.jobs.cancel(job_id="5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11")
    except NotFoundError as exc:
        lines.append(f"{exc.status_code} {exc.request_id}")
    for listed in mistral.fine_tuning.jobs.iter(status=models.QueryParamStatus.SUCCESS):
        lines.append(listed.id)
    raw = mistral.fine_tuning.jobs.with_raw_response.get(job_id=created.id)
    lines.append(f"{raw.status_code} {raw.request_id} {raw.parse().status}")
    finished = mistral.fine_tuning.jobs.wait(job_id=created.id, until={"VALIDATED"}, timeout=60)
    lines.append(str(finished.status))
    lines.append(finished.model_dump_json(indent=2))
    return lines


def main() -> None:
    with Mistral(api_key="key", client=httpx2.Client(timeout=10)) as mistral:
        print("\n".join(report(mistral)))
    with Mistral(api_key="key", client=httpx.Client(timeout=10)) as legacy:  # an httpx client works too
        print(len(report(legacy)))
