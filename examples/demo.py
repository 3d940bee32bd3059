"""The documentation's examples, then two whole job lifecycles, against the local fake Mistral server.

Run with `make demo`. The examples below run verbatim (only the import line differs from Mistral's docs): the
demo points them at the fake through `MISTRAL_SERVER_URL` and a throwaway `MISTRAL_API_KEY`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from mistral_fine_tuning import Mistral, models, utils
from mistral_fine_tuning.testing import FakeMistralServer

SPEED = 40.0  # simulated seconds per real second: a 30-step job trains in about a second
POLL_SECONDS = 0.1


def describe(result: object) -> str:
    """One line about what a call returned."""
    if isinstance(result, models.JobsOut):
        return f"JobsOut: {len(result.data) if isinstance(result.data, list) else 0} of {result.total} jobs"
    if isinstance(result, models.LegacyJobMetadataOut):
        return f"dry run: {result.training_steps} steps, about {result.cost} {result.cost_currency}"
    if isinstance(result, models.UnknownVariant):
        return f"a job of unknown type {result.tag_value!r}"
    assert isinstance(result, models.CompletionJobOut | models.ClassifierJobOut | models.CompletionDetailedJobOut)
    return f"{type(result).__name__} {result.id} [{result.status}] model={result.model}"


def the_documented_examples() -> None:
    print("== The documented calls, verbatim ==")
    res: object  # one name for results of different types, as in the documentation
    with Mistral(api_key=os.getenv("MISTRAL_API_KEY", "")) as mistral:
        res = mistral.fine_tuning.jobs.list()
        print("list    ", describe(res))
        res = mistral.fine_tuning.jobs.create(model="Fiesta", hyperparameters={"learning_rate": 0.0001})
        print("create  ", describe(res))
        res = mistral.fine_tuning.jobs.get(job_id="b888f774-3e7c-4135-a18c-6b985523c4bc")
        print("get     ", describe(res))
        res = mistral.fine_tuning.jobs.cancel(job_id="0f713502-9233-41c6-9ebd-c570b7edb496")
        print("cancel  ", describe(res))
        res = mistral.fine_tuning.jobs.start(job_id="0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc")
        print("start   ", describe(res))
        res = mistral.fine_tuning.jobs.list(
            retries=utils.RetryConfig("backoff", utils.BackoffStrategy(1, 50, 1.1, 100), False)
        )
        print("list    ", describe(res), "(with a retry config)")


def wait_for(mistral: Mistral, job_id: str, done: Callable[[str], bool]) -> models.CompletionDetailedJobOut:
    """Poll a job until `done(status)`, printing each status change and new checkpoint."""
    seen_status, seen_steps = "", 0
    while True:
        job = mistral.fine_tuning.jobs.get(job_id=job_id)
        assert isinstance(job, models.CompletionDetailedJobOut)
        if job.status != seen_status:
            seen_status = str(job.status)
            print(f"   status {seen_status}")
        checkpoints = sorted(job.checkpoints or [], key=lambda c: c.step_number)
        for checkpoint in checkpoints:
            if checkpoint.step_number > seen_steps:
                seen_steps = checkpoint.step_number
                print(f"   step {checkpoint.step_number:>3}: train loss {checkpoint.metrics.train_loss:.3f}")
        if done(seen_status):
            return job
        time.sleep(POLL_SECONDS)


def a_full_lifecycle() -> None:
    print("\n== A job from creation to a fine-tuned model ==")
    with Mistral() as mistral:
        estimate = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b",
            hyperparameters={"training_steps": 30, "learning_rate": 0.0001},
            training_files=["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"],
            dry_run=True,
        )
        print(" ", describe(estimate))
        job = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b",
            hyperparameters=models.CompletionTrainingParametersIn(training_steps=30, learning_rate=0.0001),
            training_files=[models.TrainingFile(file_id="0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1")],
            suffix="demo",
            auto_start=False,
        )
        assert isinstance(job, models.CompletionJobOut)
        print(" ", describe(job))
        wait_for(mistral, job.id, lambda status: status == "VALIDATED")
        print("   -> start")
        mistral.fine_tuning.jobs.start(job_id=job.id)
        final = wait_for(mistral, job.id, lambda status: status in {"SUCCESS", "FAILED"})
        print(f"   fine-tuned model {final.fine_tuned_model}, {final.trained_tokens} tokens trained")

        print("\n== A second job, cancelled while it runs ==")
        other = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b",
            hyperparameters={"training_steps": 400},
            training_files=["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"],
            auto_start=True,
        )
        assert isinstance(other, models.CompletionJobOut)
        print(" ", describe(other))
        wait_for(mistral, other.id, lambda status: status == "RUNNING")
        print("   -> cancel")
        mistral.fine_tuning.jobs.cancel(job_id=other.id)
        wait_for(mistral, other.id, lambda status: status == "CANCELLED")

        print("\n== Errors are typed ==")
        try:
            mistral.fine_tuning.jobs.get(job_id="00000000-0000-4000-8000-000000000000")
        except models.NotFoundError as error:
            print(f"  NotFoundError {error.status_code}: {error.body}")
        try:
            mistral.fine_tuning.jobs.start(job_id=job.id)
        except models.ConflictError as error:
            print(f"  ConflictError {error.status_code} (the job has finished): {error.body}")


def main() -> None:
    started = time.monotonic()
    with FakeMistralServer(speed=SPEED, seed_examples=True) as server:
        os.environ["MISTRAL_SERVER_URL"] = server.server_url
        os.environ["MISTRAL_API_KEY"] = "demo-key-for-the-local-fake"
        print(f"Fake Mistral fine-tuning API on {server.server_url}\n")
        the_documented_examples()
        a_full_lifecycle()
        stats = server.stats()
    elapsed = time.monotonic() - started
    print(f"\nDone in {elapsed:.1f} s, {stats['requests']} requests served; the fake server stopped.")


if __name__ == "__main__":
    main()
