"""The commands: each turns parsed options into library calls and prints the result (see `_output`)."""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from . import _exit
from ._config import client, configure_logging
from ._exit import CliError
from ._output import json_of, key_values, summary, table, write_json
from ._parser import PROG

if TYPE_CHECKING:
    from .._client import Mistral

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


@dataclass(slots=True)
class Context:
    """One run: its options, whether results are printed as JSON, and the secrets to keep out of messages."""

    args: argparse.Namespace
    as_json: bool
    secrets: list[str] = field(default_factory=list)

    def show(self, result: Any, *, brief: bool = False) -> None:
        """Print one result (a job, an estimate): its JSON, or its key-value view (`brief`: a few fields)."""
        data = json_of(result)
        if self.as_json:
            write_json(data, sys.stdout)
        elif brief:
            sys.stdout.write(summary(data) + f"\n(details: {PROG} jobs get {data.get('id')})\n")
        else:
            sys.stdout.write(key_values(data) + "\n")
        sys.stdout.flush()


def context(args: argparse.Namespace) -> Context:
    output = getattr(args, "output", None)
    as_json = output == "json" if output else not sys.stdout.isatty()
    return Context(args, as_json)


def run(ctx: Context) -> int:
    """Run the parsed command; returns the exit status (errors are raised, and reported by the caller)."""
    args = ctx.args
    if args.command == "fake-server":
        return fake_server(args)
    configure_logging(args)
    handlers: dict[str, Callable[[Mistral, Context], int]] = {
        "list": list_jobs,
        "get": get_job,
        "create": create_job,
        "cancel": cancel_job,
        "start": start_job,
        "wait": wait_job,
    }
    with client(args) as mistral:
        return handlers[args.action](mistral, ctx)


def list_jobs(mistral: Mistral, ctx: Context) -> int:
    args = ctx.args
    filters = {name: getattr(args, name) for name in _LIST_FILTERS if getattr(args, name) is not None}
    jobs = mistral.fine_tuning.jobs
    if args.all:
        if args.page is not None:
            raise CliError("--all pages through every job: drop --page")
        from .. import pagination

        page_size = args.page_size or pagination.DEFAULT_PAGE_SIZE
        found = [json_of(job) for job in pagination.iter_jobs(jobs.list, page_size=page_size, **filters)]
        if ctx.as_json:
            write_json(found, sys.stdout)
        else:
            sys.stdout.write(table(found) + f"\n{len(found)} job{'s' * (len(found) != 1)}\n")
        return _exit.OK
    if args.page is not None:
        filters["page"] = args.page
    if args.page_size is not None:
        filters["page_size"] = args.page_size
    page = jobs.list(**filters)
    if ctx.as_json:
        write_json(json_of(page), sys.stdout)
        return _exit.OK
    data = [json_of(job) for job in page.data]
    page_size = args.page_size or inspect.signature(jobs.list).parameters["page_size"].default
    first = (args.page or 0) * page_size
    shown = f"jobs {first + 1}-{first + len(data)}" if data else "no jobs"
    more = "; --all for every page" if first + len(data) < page.total else ""
    sys.stdout.write(table(data) + f"\n{shown} of {page.total} (page {args.page or 0}){more}\n")
    return _exit.OK


def get_job(mistral: Mistral, ctx: Context) -> int:
    ctx.show(mistral.fine_tuning.jobs.get(job_id=ctx.args.job_id))
    return _exit.OK


def cancel_job(mistral: Mistral, ctx: Context) -> int:
    ctx.show(mistral.fine_tuning.jobs.cancel(job_id=ctx.args.job_id))
    return _exit.OK


def start_job(mistral: Mistral, ctx: Context) -> int:
    ctx.show(mistral.fine_tuning.jobs.start(job_id=ctx.args.job_id))
    return _exit.OK


def create_job(mistral: Mistral, ctx: Context) -> int:
    from ._create import create_arguments

    args = ctx.args
    if args.wait and args.dry_run:
        raise CliError("--dry-run creates no job: there is nothing to --wait for")
    if not args.wait and (args.until or args.wait_timeout is not None or args.cancel_on_interrupt):
        raise CliError("--until, --wait-timeout and --cancel-on-interrupt go with --wait")
    arguments, secrets = create_arguments(args)
    ctx.secrets += secrets
    created = mistral.fine_tuning.jobs.create(**arguments)
    if not args.wait:
        ctx.show(created)
        return _exit.OK
    job_id = str(created.id)
    status = getattr(created.status, "value", created.status)
    sys.stderr.write(f"{PROG}: created job {job_id} ({status}); waiting for it\n")
    return _wait(mistral, ctx, job_id)


def wait_job(mistral: Mistral, ctx: Context) -> int:
    return _wait(mistral, ctx, ctx.args.job_id)


def _wait(mistral: Mistral, ctx: Context, job_id: str) -> int:
    from ._watch import wait

    code, job = wait(mistral, job_id, ctx.args)
    if job is not None:
        ctx.show(job, brief=True)
    return code


def fake_server(args: argparse.Namespace) -> int:
    """Serve the fake API (`python -m mistral_fine_tuning.testing`), with a hint on how to use it."""
    from ..testing.__main__ import main as serve

    where = f"http://127.0.0.1:{args.port}" if args.port else "<the URL printed below>"
    sys.stderr.write(
        f"{PROG}: serving a fake Mistral fine-tuning API on 127.0.0.1 until Ctrl-C (no API key needed). "
        f"In another shell: export MISTRAL_SERVER_URL={where}; {PROG} jobs list\n"
    )
    sys.stderr.flush()
    argv = ["--port", str(args.port), "--speed", repr(args.speed)]
    if args.seed_examples:
        argv.append("--seed-examples")
    if args.jobs:
        argv += ["--jobs", str(args.jobs)]
    return serve(argv)
