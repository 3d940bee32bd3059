"""The whole fine-tuning workflow, the documentation's examples, job lifecycles and a command-line session, against
the local fake server.

Run with `make demo`. First the workflow from a local file to a fine-tuned model: training data written and checked
on this machine, uploaded, a job created on it and followed to its end, the model renamed and archived, the file
deleted. Then the examples of Mistral's docs, verbatim (only the import line differs): the demo points them at the
fake through `MISTRAL_SERVER_URL` and a throwaway `MISTRAL_API_KEY`. The lifecycles use what replaces the loops
people write by hand: `jobs.wait` (poll until done, with each new status and checkpoint reported once), `jobs.iter`
(every job, page by page) and `jobs.with_raw_response` (headers and request id).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mistral_fine_tuning import Mistral, data, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer
from mistral_fine_tuning.waiting import JobUpdate

SPEED = 40.0  # simulated seconds per real second: a 30-step job trains in about a second
POLL_SECONDS = 0.1  # the fake runs 40 times faster than real time, so poll faster than the 1 s default
TRAINING_FILE = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
TRAINING_DATA = b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}\n' * 20


def describe(result: object) -> str:
    """One line about what a call returned."""
    if isinstance(result, models.JobsOut):
        return f"JobsOut: {len(result.data)} of {result.total} jobs"
    if isinstance(result, models.LegacyJobMetadataOut):
        return f"dry run: {result.training_steps} steps, about {result.cost} {result.cost_currency}"
    if isinstance(result, models.UnknownVariant):
        return f"a job of unknown type {result.tag_value!r}"
    assert isinstance(
        result,
        models.CompletionJobOut | models.ClassifierJobOut | models.CompletionDetailedJobOut
        | models.ClassifierDetailedJobOut,
    )  # fmt: skip
    return f"{type(result).__name__} {result.id} [{result.status}] model={result.model}"


def write_training_data(folder: Path) -> Path:
    """A small chat dataset in Mistral's JSON Lines format: one conversation per line."""
    questions = ["What is fine-tuning?", "Which file format?", "How do I start a job?", "Where is my model?"]
    answers = [
        "Training a base model further on your own conversations.",
        "JSON Lines: one conversation per line, messages with roles.",
        "Create it with auto_start=True, or start it once it is validated.",
        "Its name is the job's fine_tuned_model, once the job succeeds.",
    ]
    path = folder / "train.jsonl"
    lines = [
        f'{{"messages": [{{"role": "user", "content": "{question}"}}, {{"role": "assistant", "content": "{answer}"}}]}}'
        for question, answer in zip(questions * 5, answers * 5, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def the_whole_workflow(folder: Path) -> None:
    print("== From a local file to a fine-tuned model ==")
    path = write_training_data(folder)
    report_of_data = data.check_file(path)
    print(f"  checked {path.name}: {report_of_data.summary()}")
    with Mistral() as mistral:
        uploaded = mistral.files.upload(
            file=path, on_progress=lambda sent, total: sent == total and print(f"  uploaded {sent} bytes")
        )
        print(f"  file {uploaded.id} ({uploaded.filename}, {uploaded.num_lines} lines, {uploaded.sample_type})")
        job = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b",
            training_files=[{"file_id": uploaded.id, "weight": 1}],
            hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
            suffix="workflow",
            auto_start=True,
        )
        done = mistral.fine_tuning.jobs.wait(job_id=job.id, on_update=report, poll_interval=POLL_SECONDS)
        model_id = str(done.fine_tuned_model)
        print(f"  job {done.id}: {done.status}, model {model_id}")
        renamed = mistral.models.update(model_id=model_id, name="support-bot", description="Answers questions")
        print(f"  renamed: {renamed.name!r} ({renamed.description})")
        archived = mistral.models.archive(model_id=model_id)
        print(f"  archived: {archived.archived}")
        card = mistral.models.retrieve(model_id=model_id)
        print(f"  card: {card.id}, fine-tuned from {getattr(card, 'root', '?')}")
        deleted = mistral.files.delete(file_id=uploaded.id)
        print(f"  file deleted: {deleted.deleted}")

        print("\n== The same in one call, and bad data caught before upload ==")
        job = mistral.fine_tuning.jobs.create_from_files(
            training_files=[path],
            model="open-mistral-7b",
            hyperparameters={"training_steps": 10},
            auto_start=True,
            wait=True,
            wait_options={"poll_interval": POLL_SECONDS},
        )
        print(f"  create_from_files: {job.status}, model {job.fine_tuned_model}")
        bad = folder / "bad.jsonl"
        bad.write_text('{"messages": [{"role": "user", "content": "Hi"}, {"role": "bot", "content": "Hey"}]}\n')
        try:
            mistral.fine_tuning.jobs.create_from_files(
                training_files=[bad], model="open-mistral-7b", hyperparameters={"training_steps": 10}
            )
        except errors.TrainingDataError as error:
            print(f"  TrainingDataError: {error.report.problems[0]}")


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


def report(update: JobUpdate) -> None:
    """`on_update` for `jobs.wait`: called once per new status, event and checkpoint."""
    if update.kind == "status":
        print(f"   status {update.item}")
    elif update.kind == "checkpoint" and isinstance(update.item, models.CheckpointOut):
        print(f"   step {update.item.step_number:>3}: train loss {update.item.metrics.train_loss:.3f}")


def a_full_lifecycle() -> None:
    print("\n== A job from creation to a fine-tuned model ==")
    with Mistral() as mistral:
        jobs = mistral.fine_tuning.jobs
        estimate = jobs.create(
            model="open-mistral-7b",
            hyperparameters={"training_steps": 30, "learning_rate": 0.0001},
            training_files=[TRAINING_FILE],
            dry_run=True,
        )
        print(" ", describe(estimate))
        raw = jobs.with_raw_response.create(
            model="open-mistral-7b",
            hyperparameters=models.CompletionTrainingParametersIn(training_steps=30, learning_rate=0.0001),
            training_files=[models.TrainingFile(file_id=TRAINING_FILE)],
            suffix="demo",
            auto_start=False,
        )
        job = raw.parse()
        assert isinstance(job, models.CompletionJobOut)
        print(" ", describe(job))
        print(f"   ({raw.status_code}, request id {raw.request_id}, {raw.retries_taken} retries)")
        jobs.wait(job_id=job.id, until={"VALIDATED"}, on_update=report, poll_interval=POLL_SECONDS)
        print("   -> start")
        jobs.start(job_id=job.id)
        final = jobs.wait(job_id=job.id, on_update=report, poll_interval=POLL_SECONDS, max_poll_interval=0.5)
        print(f"   fine-tuned model {final.fine_tuned_model}, {final.trained_tokens} tokens trained")

        print("\n== A second job, cancelled while it runs ==")
        other = jobs.create(
            model="open-mistral-7b",
            hyperparameters={"training_steps": 400},
            training_files=[TRAINING_FILE],
            auto_start=True,
        )
        assert isinstance(other, models.CompletionJobOut)
        print(" ", describe(other))
        jobs.wait(job_id=other.id, until={"RUNNING"}, on_update=report, poll_interval=POLL_SECONDS)
        print("   -> cancel")
        jobs.cancel(job_id=other.id)
        jobs.wait(job_id=other.id, on_update=report, poll_interval=POLL_SECONDS)

        print("\n== Every job, a page at a time ==")
        by_status: dict[str, int] = {}
        for listed in jobs.iter(page_size=2):
            status = str(getattr(listed, "status", "?"))
            by_status[status] = by_status.get(status, 0) + 1
        print("  ", ", ".join(f"{count} {status}" for status, count in sorted(by_status.items())))

        print("\n== Errors are typed ==")
        try:
            jobs.get(job_id="00000000-0000-4000-8000-000000000000")
        except models.NotFoundError as error:
            print(f"  NotFoundError {error.status_code}: {error.body}")
        try:
            jobs.start(job_id=job.id)
        except models.ConflictError as error:
            print(f"  ConflictError {error.status_code} (the job has finished): {error.body}")


def a_cli_session(folder: Path) -> None:
    """The same API from the shell: `mistral-ft` (here `python -m mistral_fine_tuning.cli`)."""
    print("\n== From the command line ==")
    env = dict(os.environ, MISTRAL_FT_POLL_INTERVAL=str(POLL_SECONDS))
    path = "train.jsonl"  # written by the first section, in the folder the commands run in
    sessions = [
        ["files", "check", path],
        ["jobs", "list", "--page-size=3", "--text"],
        [
            "jobs", "create", "--model=open-mistral-7b", f"--training-file={path}",
            "-p", "training_steps=20", "--suffix=cli-demo", "--auto-start", "--wait", "--text",
        ],
        ["jobs", "list", "--status=SUCCESS", "--suffix=cli-demo", "--text"],
        ["jobs", "get", "00000000-0000-4000-8000-000000000000"],
    ]  # fmt: skip
    for arguments in sessions:
        print(f"$ mistral-ft {' '.join(arguments)}")
        done = subprocess.run(  # stdout and stderr in one pipe: the lines in the order a terminal shows them
            [sys.executable, "-m", "mistral_fine_tuning.cli", *arguments],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        for line in done.stdout.splitlines():
            print(f"  {line}")
        if done.returncode:
            print(f"  (exit code {done.returncode})")


def main() -> None:
    started = time.monotonic()
    with FakeMistralServer(speed=SPEED, seed_examples=True) as server:
        os.environ["MISTRAL_SERVER_URL"] = server.server_url
        os.environ["MISTRAL_API_KEY"] = "demo-key-for-the-local-fake"
        # Jobs name uploaded files, as on the real API: the examples' file, stored as an upload would store it.
        server.add_file(TRAINING_DATA, filename="training_file.jsonl", file_id=TRAINING_FILE)
        print(f"Fake Mistral fine-tuning API on {server.server_url}\n")
        with tempfile.TemporaryDirectory(prefix="mistral-ft-demo-") as folder:
            the_whole_workflow(Path(folder))
            print()
            the_documented_examples()
            a_full_lifecycle()
            a_cli_session(Path(folder))
        stats = server.stats()
    elapsed = time.monotonic() - started
    print(f"\nDone in {elapsed:.1f} s, {stats['requests']} requests served; the fake server stopped.")


if __name__ == "__main__":
    main()
