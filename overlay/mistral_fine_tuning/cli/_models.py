"""`mistral-ft models ...`: get a model's card; update, archive, unarchive and delete a fine-tuned model. Each
command is declared once (options, help, handler)."""

from __future__ import annotations

import argparse
from typing import Any, Final

from . import _exit
from ._command import Context, Group
from ._exit import CliError

MODELS: Final = Group(
    "models",
    "models and fine-tuned models",
    "Models: a model's card; rename, archive, unarchive or delete a fine-tuned model (a job's fine_tuned_model).",
)


def model_id_argument(parser: argparse.ArgumentParser) -> None:
    """The model a command acts on."""
    parser.add_argument("model_id", metavar="MODEL_ID", help="e.g. ft:open-mistral-7b:587a6b29:20240514:7e773925")


@MODELS.command("get", "Show a model's card: a base model's, or a fine-tuned model's.", arguments=model_id_argument)
def get_model(ctx: Context) -> int:
    ctx.show(ctx.mistral.models.retrieve(model_id=ctx.args.model_id))
    return _exit.OK


def _update_arguments(parser: argparse.ArgumentParser) -> None:
    model_id_argument(parser)
    parser.add_argument("--name", help='a new name ("" clears it)')
    parser.add_argument("--description", help='a new description ("" clears it)')


@MODELS.command(
    "update",
    "Rename a fine-tuned model or change its description.",
    arguments=_update_arguments,
    epilog="example:\n"
    "  mistral-ft models update ft:open-mistral-7b:587a6b29:20240514:7e773925 --name support-bot-v2 \\\n"
    '      --description "answers the support queue"',
)
def update_model(ctx: Context) -> int:
    args = ctx.args
    changes: dict[str, Any] = {}
    for field in ("name", "description"):
        value = getattr(args, field)
        if value is not None:
            changes[field] = value or None  # the API clears a field sent as null
    if not changes:
        raise CliError("nothing to change: give --name and/or --description")
    ctx.show(ctx.mistral.models.update(model_id=args.model_id, **changes))
    return _exit.OK


@MODELS.command("archive", "Archive a fine-tuned model: it stops serving requests.", arguments=model_id_argument)
def archive_model(ctx: Context) -> int:
    ctx.show(ctx.mistral.models.archive(model_id=ctx.args.model_id))
    return _exit.OK


@MODELS.command("unarchive", "Bring an archived fine-tuned model back.", arguments=model_id_argument)
def unarchive_model(ctx: Context) -> int:
    ctx.show(ctx.mistral.models.unarchive(model_id=ctx.args.model_id))
    return _exit.OK


@MODELS.command("delete", "Delete a fine-tuned model.", arguments=model_id_argument)
def delete_model(ctx: Context) -> int:
    ctx.show(ctx.mistral.models.delete(model_id=ctx.args.model_id))
    return _exit.OK
