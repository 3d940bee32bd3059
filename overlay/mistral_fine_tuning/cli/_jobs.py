"""`mistral-ft jobs ...`: list, get, create, cancel, start and wait, each declared once (options, help, handler)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Final

from . import _exit
from ._arguments import non_negative_int, positive_float, positive_int
from ._command import PROG, Context, Group
from ._exit import CliError

JOBS: Final = Group("jobs", "fine-tuning jobs", "Fine-tuning jobs: create them, follow them, list them.")

_LIST_FILTERS: Final = (
    "model",
    "created_after",
    "created_before",
    "created_by_me",
    "status",
    "wandb_project",
    "wandb_name",
    "suffix",
)
_STATUS_HELP: Final = "a job status (QUEUED, RUNNING, SUCCESS, ...; an unknown one is refused with the full list)"


def job_id_argument(parser: argparse.ArgumentParser) -> None:
    """The job a command acts on."""
    parser.add_argument("job_id", metavar="JOB_ID")


def _wait_options(parser: argparse.ArgumentParser, *, timeout_flags: tuple[str, ...]) -> None:
    """How `jobs wait` and `jobs create --wait` wait."""
    group = parser.add_argument_group("waiting")
    group.add_argument(
        "--until",
        action="append",
        metavar="STATUS",
        help="also stop at this status (repeatable, or comma-separated; a final status always stops the wait)",
    )
    group.add_argument(
        *timeout_flags,
        dest="wait_timeout",
        type=positive_float,
        metavar="SECONDS",
        help="give up waiting after this long (exit 13; the job goes on)",
    )
    group.add_argument(
        "--cancel-on-interrupt",
        action="store_true",
        help="on Ctrl-C, cancel the job (by default Ctrl-C only stops watching)",
    )
    group.add_argument("--poll-interval", type=positive_float, help=argparse.SUPPRESS)  # for tests; or the env var


# --- list ----------------------------------------------------------------------------------------------------------


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    filters = parser.add_argument_group("paging and filters")
    filters.add_argument("--page", type=non_negative_int, metavar="N", help="zero-based page (default 0)")
    filters.add_argument("--page-size", type=positive_int, metavar="N", help="jobs per page (default 100)")
    filters.add_argument("--all", action="store_true", help="page through every job matching the filters")
    filters.add_argument("--model", help="only jobs fine-tuning this model")
    filters.add_argument("--created-after", metavar="TIME", help="ISO 8601 date-time (inclusive)")
    filters.add_argument("--created-before", metavar="TIME", help="ISO 8601 date-time (exclusive)")
    filters.add_argument("--created-by-me", action="store_true", default=None, help="only jobs created with my key")
    filters.add_argument("--status", help=_STATUS_HELP)
    filters.add_argument("--wandb-project", metavar="PROJECT", help="only jobs reporting to this W&B project")
    filters.add_argument("--wandb-name", metavar="NAME", help="only jobs with this W&B run name")
    filters.add_argument("--suffix", help="only jobs with this model suffix")


@JOBS.command("list", "List jobs, newest first: one page, or every page with --all.", arguments=_list_arguments)
def list_jobs(ctx: Context) -> int:
    from .. import pagination
    from ._output import JOBS as LAYOUT
    from ._output import list_pages

    args = ctx.args
    filters = {name: getattr(args, name) for name in _LIST_FILTERS if getattr(args, name) is not None}
    if args.all and args.page is not None:
        raise CliError("--all pages through every job: drop --page")
    jobs = ctx.mistral.fine_tuning.jobs
    list_pages(
        args,
        ctx.width(),
        ctx.as_json,
        noun="job",
        layout=LAYOUT,
        filters=filters,
        list_page=jobs.list,
        every=lambda page_size, **given: pagination.iter_jobs(jobs.list, page_size=page_size, **given),
    )
    return _exit.OK


# --- get, cancel, start --------------------------------------------------------------------------------------------


@JOBS.command("get", "Show a job, with its events and checkpoints.", arguments=job_id_argument)
def get_job(ctx: Context) -> int:
    ctx.show(ctx.mistral.fine_tuning.jobs.get(job_id=ctx.args.job_id))
    return _exit.OK


# --- create --------------------------------------------------------------------------------------------------------


def _create_arguments(parser: argparse.ArgumentParser) -> None:
    body = parser.add_argument_group("the job")
    body.add_argument("--model", help="the base model to fine-tune, e.g. open-mistral-7b")
    body.add_argument(
        "--training-file",
        dest="training_files",
        action="append",
        metavar="PATH|FILE_ID[:WEIGHT]",
        help="a file to train on, with an optional sampling weight (repeatable): a local file is checked and "
        "uploaded first, an uploaded file's id is used as it is",
    )
    body.add_argument(
        "--validation-file",
        dest="validation_files",
        action="append",
        metavar="PATH|FILE_ID",
        help="a file to validate on, local or uploaded (repeatable)",
    )
    body.add_argument(
        "--check",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="check local files as training data before uploading them, and refuse them when they have errors "
        "(default: yes)",
    )
    body.add_argument(
        "--hyperparameter",
        "-p",
        dest="hyperparameters",
        action="append",
        metavar="KEY=VALUE",
        help="a training setting, typed as the API defines it, e.g. learning_rate=1e-4 (repeatable; "
        "an unknown key is refused with the known ones)",
    )
    body.add_argument("--suffix", help="added to the fine-tuned model's name")
    body.add_argument("--job-type", metavar="TYPE", help="completion (the default) or classifier")
    body.add_argument(
        "--auto-start",
        action=argparse.BooleanOptionalAction,
        help="start training as soon as validation passes (default: the API's)",
    )
    body.add_argument(
        "--integration-wandb-project",
        metavar="PROJECT",
        help="report to this Weights & Biases project (the key comes from WANDB_API_KEY)",
    )
    body.add_argument("--integration-wandb-name", metavar="NAME", help="the W&B run name")
    body.add_argument(
        "--from-file",
        metavar="JOB_JSON",
        help="a JSON request body to start from; the options above override its fields "
        "(--hyperparameter sets single keys of its hyperparameters)",
    )
    body.add_argument("--dry-run", action="store_true", help="only estimate duration and cost; create nothing")
    body.add_argument("--wait", action="store_true", help="then wait for the job as `jobs wait` does")
    _wait_options(parser, timeout_flags=("--wait-timeout",))


@JOBS.command(
    "create",
    "Create a fine-tuning job (or estimate one with --dry-run).",
    arguments=_create_arguments,
    epilog="A --training-file or --validation-file that is a file on this machine is checked (as `files check`\n"
    "does), uploaded (with a progress bar on a terminal), and replaced by its new id; stderr says which id each\n"
    "file got. A value written as a file id is always an id: write ./NAME for a local file named like one.\n\n"
    "examples:\n"
    "  mistral-ft jobs create --model open-mistral-7b --training-file ./train.jsonl --validation-file ./eval.jsonl \\\n"
    "      --hyperparameter training_steps=10 --hyperparameter learning_rate=1e-4 --auto-start --wait\n"
    "  mistral-ft jobs create --model open-mistral-7b --training-file FILE_ID:1.0 --training-file FILE_ID_2:0.5\n"
    "  mistral-ft jobs create --from-file job.json --suffix try-2 --dry-run",
)
def create_job(ctx: Context) -> int:
    from ._create import create_arguments, local_files

    args = ctx.args
    if args.wait and args.dry_run:
        raise CliError("--dry-run creates no job: there is nothing to --wait for")
    if not args.wait and (args.until or args.wait_timeout is not None or args.cancel_on_interrupt):
        raise CliError("--until, --wait-timeout and --cancel-on-interrupt go with --wait")
    arguments, secrets = create_arguments(args)
    ctx.secrets += secrets
    if local_files(arguments):
        arguments = _upload_local_files(ctx, arguments)
    created = ctx.mistral.fine_tuning.jobs.create(**arguments)
    if not args.wait:
        ctx.show(created)
        return _exit.OK
    job_id = str(created.id)
    status = getattr(created.status, "value", created.status)
    sys.stderr.write(f"{PROG}: created job {job_id} ({status}); waiting for it\n")
    return _wait(ctx, job_id)


def _upload_local_files(ctx: Context, arguments: dict[str, Any]) -> dict[str, Any]:
    """Check every local file first (so that bad data uploads nothing), then upload each once; the arguments with
    their new ids. Says on stderr which id each file got."""
    from ._create import local_files, with_file_ids
    from ._transfer import check_training_data, existing_file, upload

    given: dict[str, str] = {}  # each value given -> the file it names (the same file under two names: once)
    files: dict[str, tuple[str, str]] = {}  # that file -> the path to read (`~` expanded), the value first given
    for local in local_files(arguments):
        path = existing_file(local.path, local.option)
        given[local.path] = os.path.realpath(path)
        files.setdefault(given[local.path], (path, local.path))
    if ctx.args.check:
        job_type = str(getattr(arguments.get("job_type"), "value", arguments.get("job_type")) or "").lower()
        for path, _ in files.values():
            check_training_data(ctx.args, path, job_type=job_type, refused=_NOTHING_DONE)
    ids: dict[str, str] = {}
    for real, (path, shown) in files.items():
        ids[real] = str(upload(ctx, path, purpose="fine-tune").id)
        sys.stderr.write(f"{PROG}: uploaded {shown} -> {ids[real]}\n")
        sys.stderr.flush()
    return with_file_ids(arguments, {value: ids[real] for value, real in given.items()})


_NOTHING_DONE: Final = "no file was uploaded and no job created"


@JOBS.command("cancel", "Ask for a job to be cancelled.", arguments=job_id_argument)
def cancel_job(ctx: Context) -> int:
    ctx.show(ctx.mistral.fine_tuning.jobs.cancel(job_id=ctx.args.job_id))
    return _exit.OK


@JOBS.command(
    "start", "Start a job that passed validation and was created without --auto-start.", arguments=job_id_argument
)
def start_job(ctx: Context) -> int:
    ctx.show(ctx.mistral.fine_tuning.jobs.start(job_id=ctx.args.job_id))
    return _exit.OK


# --- wait ----------------------------------------------------------------------------------------------------------


def _wait_arguments(parser: argparse.ArgumentParser) -> None:
    job_id_argument(parser)
    _wait_options(parser, timeout_flags=("--timeout", "--wait-timeout"))


@JOBS.command(
    "wait",
    "Watch a job until it reaches a final status (or one given with --until). Ctrl-C stops watching, not the job.",
    arguments=_wait_arguments,
    epilog="The per-request timeout is the global option, given before `jobs`: mistral-ft --timeout 10 jobs wait ID",
    request_timeout=False,
)
def wait_job(ctx: Context) -> int:
    return _wait(ctx, ctx.args.job_id)


def _wait(ctx: Context, job_id: str) -> int:
    from ._watch import wait

    code, job = wait(ctx.mistral, job_id, ctx.args)
    if job is not None:
        ctx.show(job, brief=True)
    return code
