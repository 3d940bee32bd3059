"""The whole fine-tuning flow from local files: check the data, upload it, create the job, and (if asked) wait for it.

`jobs.create_from_files` and its async twin are these functions. Each step is an ordinary call (`data.check_file`,
`files.upload`, `jobs.create`, `jobs.wait`), with their checks, retries and errors; nothing is uploaded when a file
fails the check, and a job is never created twice. When a step after the uploads fails, the error carries a note
with the uploaded files' ids, to reuse them rather than upload again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from ._types import OPTION_NAMES
from .errors import InputValidationError, TrainingDataError

Progress = Callable[[str, int, "int | None"], object]
"""`on_progress(file_name, sent, total)` while a file is uploaded."""

_SHOWN_PROBLEMS = 5
_NO_FILE_YET = "00000000-0000-4000-8000-000000000000"  # stands for an upload's id while create's arguments are checked


def _paths(where: str, value: object) -> list[str]:
    if isinstance(value, str | os.PathLike):
        value = [value]
    if not isinstance(value, Sequence) or isinstance(value, bytes):
        raise InputValidationError(where, f"must be a list of paths, got {type(value).__name__}")
    paths = []
    for index, item in enumerate(value):
        if not isinstance(item, str | os.PathLike) or not os.path.isfile(item):
            raise InputValidationError(f"{where}[{index}]", f"no such file: {item!r}")
        paths.append(os.fspath(item))
    return paths


class Plan:
    """What both flows settle before anything is read or sent: the checked paths, the files to upload (each once),
    and the per-call options every step gets (see `plan`)."""

    __slots__ = ("each_call", "index", "options", "training", "unique", "validation")

    def __init__(self, training: list[str], validation: list[str], options: dict[str, Any]) -> None:
        self.training = training
        self.validation = validation
        self.options = options  # `jobs.create`'s other arguments and the per-call options
        self.unique, self.index = distinct([*training, *validation])
        self.each_call = call_options(options)

    def check_files(self) -> None:
        """Check every file's data; TrainingDataError for the first with errors (warnings pass)."""
        job_type = self.options.get("job_type")
        check(self.training, job_type, "training_files")
        check(self.validation, job_type, "validation_files")

    def create_arguments(self, uploaded: Sequence[str]) -> dict[str, Any]:
        """`jobs.create`'s arguments, given the ids of `unique`'s uploads, in order."""
        ids = [uploaded[at] for at in self.index]
        return create_arguments(ids[: len(self.training)], ids[len(self.training) :], self.options)


def plan(jobs: Any, training_files: object, validation_files: object, options: dict[str, Any], *, wait: bool) -> Plan:
    """The plan of one flow, once the paths are checked to be files and `jobs.create`'s arguments to be valid
    (InputValidationError otherwise, before anything is read or sent)."""
    training = _paths("training_files", training_files)
    if not training:
        raise InputValidationError("training_files", "needs at least one file")
    validation = _paths("validation_files", validation_files or [])
    check_arguments(jobs, training, validation, options, wait=wait)
    return Plan(training, validation, options)


def check(paths: Sequence[str], job_type: object, where: str) -> None:
    """Check each file's data; TrainingDataError for the first with errors (warnings pass)."""
    from . import data

    kind: Any = job_type if isinstance(job_type, str) else getattr(job_type, "value", None)
    for index, path in enumerate(paths):
        report = data.check_file(path, job_type=kind if kind in ("completion", "classifier") else None)
        if not report.ok:
            shown = "; ".join(str(problem) for problem in report.problems[:_SHOWN_PROBLEMS])
            raise TrainingDataError(
                f"{where}[{index}]",
                f"{path}: {report.summary()}: {shown} (nothing was uploaded; check=False skips the check)",
                path=path,
                report=report,
            )


def progress_of(on_progress: Progress | None, path: str) -> Callable[[int, int | None], object] | None:
    if on_progress is None:
        return None
    name = os.path.basename(path)
    return lambda sent, total: on_progress(name, sent, total)


def create_arguments(training: Sequence[str], validation: Sequence[str], options: dict[str, Any]) -> dict[str, Any]:
    """`jobs.create`'s arguments: the uploaded files' ids and the caller's other fields and options."""
    for name in ("training_files", "validation_files"):
        if name in options:
            raise InputValidationError(name, "is given as local paths here: pass it as create_from_files' argument")
    arguments = {**options, "training_files": [{"file_id": file_id, "weight": 1.0} for file_id in training]}
    if validation:
        arguments["validation_files"] = list(validation)
    return arguments


def check_arguments(
    jobs: Any, training: Sequence[str], validation: Sequence[str], options: dict[str, Any], *, wait: bool
) -> None:
    """Check `jobs.create`'s arguments as they will be sent (the ids of files not uploaded yet stood in for), so
    that a mistake in them is an InputValidationError before any file is uploaded. Nothing is sent."""
    if wait and options.get("dry_run"):
        raise InputValidationError("wait", "a dry run creates no job to wait for: pass wait=False with dry_run=True")
    jobs._create(**create_arguments([_NO_FILE_YET] * len(training), [_NO_FILE_YET] * len(validation), options))


def call_options(options: dict[str, Any]) -> dict[str, Any]:
    """The per-call options among `jobs.create`'s arguments (`server_url`, `retries`, ...): every step uses them,
    so that the files go where the job is created."""
    return {name: options[name] for name in OPTION_NAMES if name in options}


def distinct(paths: Sequence[str]) -> tuple[list[str], list[int]]:
    """The files to upload, each once (a path given as both training and validation data, or twice under two
    spellings, is one upload), and for each of `paths` the index of its upload."""
    first: dict[str, int] = {}
    unique: list[str] = []
    for path in paths:
        if first.setdefault(os.path.realpath(path), len(unique)) == len(unique):
            unique.append(path)
    return unique, [first[os.path.realpath(path)] for path in paths]


def note_uploads(exc: BaseException, uploaded: Sequence[str]) -> None:
    if uploaded:
        exc.add_note(
            f"The files were uploaded, as {', '.join(uploaded)}: reuse them with jobs.create(training_files=[...]) "
            "rather than uploading them again."
        )


def create_from_files(
    jobs: Any,  # FineTuningJobs and Files, untyped here so that this module imports neither
    files: Any,
    training_files: object,
    validation_files: object,
    *,
    check_data: bool,
    wait: bool,
    on_progress: Progress | None,
    wait_options: dict[str, Any],
    options: dict[str, Any],
) -> Any:
    planned = plan(jobs, training_files, validation_files, options, wait=wait)
    if check_data:
        planned.check_files()
    uploaded: list[str] = []
    try:
        for path in planned.unique:
            progress = progress_of(on_progress, path)
            uploaded.append(files.upload(file=path, purpose="fine-tune", on_progress=progress, **planned.each_call).id)
        job = jobs.create(**planned.create_arguments(uploaded))
        if wait:
            return jobs.wait(job_id=job.id, **{**planned.each_call, **wait_options})
        return job
    except BaseException as exc:
        note_uploads(exc, uploaded)
        raise


async def create_from_files_async(
    jobs: Any,
    files: Any,
    training_files: object,
    validation_files: object,
    *,
    check_data: bool,
    wait: bool,
    on_progress: Progress | None,
    wait_options: dict[str, Any],
    options: dict[str, Any],
) -> Any:
    import asyncio

    planned = plan(jobs, training_files, validation_files, options, wait=wait)
    if check_data:  # reading the files: off the event loop
        await asyncio.to_thread(planned.check_files)
    uploaded: list[str] = []
    try:
        for path in planned.unique:
            progress = progress_of(on_progress, path)
            sent = await files.upload_async(file=path, purpose="fine-tune", on_progress=progress, **planned.each_call)
            uploaded.append(sent.id)
        job = await jobs.create_async(**planned.create_arguments(uploaded))
        if wait:
            return await jobs.wait_async(job_id=job.id, **{**planned.each_call, **wait_options})
        return job
    except BaseException as exc:
        note_uploads(exc, uploaded)
        raise
