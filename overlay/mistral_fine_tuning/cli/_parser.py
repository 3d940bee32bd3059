"""The command line's grammar (argparse). Imports neither the client nor the models, so `--help` stays cheap: what
depends on the spec (statuses, job types, hyperparameters and their types) is checked when a command runs."""

from __future__ import annotations

import argparse
from typing import Any, Final, NoReturn

from ._exit import HELP as EXIT_HELP

PROG: Final = "mistral-ft"
POLL_INTERVAL_ENV: Final = "MISTRAL_FT_POLL_INTERVAL"

_DESCRIPTION: Final = """\
Manage Mistral fine-tuning jobs: list, get, create, cancel, start, and wait for one to finish.

Try it locally, no account needed:
  mistral-ft fake-server --port 8000 --seed-examples      # in one shell: a fake of the API on 127.0.0.1
  export MISTRAL_SERVER_URL=http://127.0.0.1:8000         # in another
  mistral-ft jobs list
  mistral-ft jobs wait 0f713502-9233-41c6-9ebd-c570b7edb496"""

_EPILOG: Final = f"""\
output:
  On a terminal, results are a table (list) or a key-value view (get, create, cancel, start, wait). When stdout
  is not a terminal (a pipe, a file, CI), they are the API's JSON, exactly as sent, so `| jq` works; --json and
  --text choose explicitly. `jobs list --all` gives a JSON array of the jobs. Errors, notes and the progress of
  `wait` go to stderr: a live view when stderr is a terminal, one line per change otherwise.

environment:
  MISTRAL_API_KEY      the API key (required, except for a server on 127.0.0.1 or localhost, such as
                       `mistral-ft fake-server`, where a placeholder token is sent). Never printed or logged.
  MISTRAL_SERVER_URL   the API's base URL (default https://api.mistral.ai); --server-url wins over it
  WANDB_API_KEY        the Weights & Biases key for `jobs create --integration-wandb-project`

{EXIT_HELP}"""

_STATUS_HELP: Final = "a job status (QUEUED, RUNNING, SUCCESS, ...; an unknown one is refused with the full list)"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's and epilog's line breaks; wraps option help at a readable width."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34, width=118)


def _common_options() -> _Parser:
    """Options every API command takes, before or after its name. Their defaults are suppressed here so that a
    value given before the command is not overwritten by the subcommand's default."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--server-url", default=argparse.SUPPRESS, metavar="URL", help="the API's base URL (env MISTRAL_SERVER_URL)"
    )
    common.add_argument(
        "--retries",
        type=_non_negative_int,
        default=argparse.SUPPRESS,
        metavar="N",
        help="retry a failed request up to N times (0: a single attempt; default: the client's policy)",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log every HTTP attempt to stderr"
    )
    output = common.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        dest="output",
        action="store_const",
        const="json",
        default=argparse.SUPPRESS,
        help="print the API's JSON (the default when stdout is not a terminal)",
    )
    output.add_argument(
        "--text",
        dest="output",
        action="store_const",
        const="text",
        default=argparse.SUPPRESS,
        help="print a table / key-value view (the default on a terminal)",
    )
    return common


def _request_timeout() -> _Parser:
    timeout = _Parser(add_help=False)
    timeout.add_argument(
        "--timeout",
        dest="request_timeout",
        type=_positive_float,
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="timeout of each HTTP request (default: connect 5 s, read 60 s)",
    )
    return timeout


def _wait_options(parser: argparse.ArgumentParser, *, timeout_flags: tuple[str, ...]) -> None:
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
        type=_positive_float,
        metavar="SECONDS",
        help="give up waiting after this long (exit 13; the job goes on)",
    )
    group.add_argument(
        "--cancel-on-interrupt",
        action="store_true",
        help="on Ctrl-C, cancel the job (by default Ctrl-C only stops watching)",
    )
    group.add_argument("--poll-interval", type=_positive_float, help=argparse.SUPPRESS)  # for tests; or the env var


def build_parser() -> argparse.ArgumentParser:
    """The whole grammar: `mistral-ft [options] {jobs {list,get,create,cancel,start,wait}, fake-server}`."""
    from .._version import __version__

    common = _common_options()
    timeout = _request_timeout()
    parser = _Parser(
        prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_Formatter, parents=[common, timeout]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    jobs = commands.add_parser(
        "jobs", help="fine-tuning jobs: list, get, create, cancel, start, wait", formatter_class=_Formatter
    )
    jobs.description = "Fine-tuning jobs (`mistral-ft jobs ACTION --help` for each)."
    actions = jobs.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, *, request_timeout: bool = True) -> argparse.ArgumentParser:
        parents = [common, timeout] if request_timeout else [common]
        sub = actions.add_parser(
            name, help=help_text, description=help_text, parents=parents, formatter_class=_Formatter, epilog=EXIT_HELP
        )
        sub.set_defaults(action=name)
        return sub

    _add_list(action("list", "List jobs, newest first: one page, or every page with --all."))
    for name, text in (
        ("get", "Show a job, with its events and checkpoints."),
        ("cancel", "Ask for a job to be cancelled."),
        ("start", "Start a job that passed validation and was created without --auto-start."),
    ):
        action(name, text).add_argument("job_id", metavar="JOB_ID")
    _add_create(action("create", "Create a fine-tuning job (or estimate one with --dry-run)."))
    wait = action(
        "wait",
        "Watch a job until it reaches a final status (or one given with --until). Ctrl-C stops watching, not the job.",
        request_timeout=False,
    )
    wait.add_argument("job_id", metavar="JOB_ID")
    _wait_options(wait, timeout_flags=("--timeout", "--wait-timeout"))
    wait.epilog = (
        "The per-request timeout is the global option, given before `jobs`: mistral-ft --timeout 10 jobs wait ID\n\n"
        + EXIT_HELP
    )
    _add_fake_server(commands)
    return parser


def _add_list(listing: argparse.ArgumentParser) -> None:
    filters = listing.add_argument_group("paging and filters")
    filters.add_argument("--page", type=_non_negative_int, metavar="N", help="zero-based page (default 0)")
    filters.add_argument("--page-size", type=_positive_int, metavar="N", help="jobs per page (default 100)")
    filters.add_argument("--all", action="store_true", help="page through every job matching the filters")
    filters.add_argument("--model", help="only jobs fine-tuning this model")
    filters.add_argument("--created-after", metavar="TIME", help="ISO 8601 date-time (inclusive)")
    filters.add_argument("--created-before", metavar="TIME", help="ISO 8601 date-time (exclusive)")
    filters.add_argument("--created-by-me", action="store_true", default=None, help="only jobs created with my key")
    filters.add_argument("--status", help=_STATUS_HELP)
    filters.add_argument("--wandb-project", metavar="PROJECT", help="only jobs reporting to this W&B project")
    filters.add_argument("--wandb-name", metavar="NAME", help="only jobs with this W&B run name")
    filters.add_argument("--suffix", help="only jobs with this model suffix")


def _add_create(create: argparse.ArgumentParser) -> None:
    create.epilog = (
        "examples:\n"
        "  mistral-ft jobs create --model open-mistral-7b --training-file FILE_ID:1.0 \\\n"
        "      --hyperparameter training_steps=10 --hyperparameter learning_rate=1e-4 --auto-start --wait\n"
        "  mistral-ft jobs create --from-file job.json --suffix try-2 --dry-run\n\n" + EXIT_HELP
    )
    body = create.add_argument_group("the job")
    body.add_argument("--model", help="the base model to fine-tune, e.g. open-mistral-7b")
    body.add_argument(
        "--training-file",
        dest="training_files",
        action="append",
        metavar="FILE_ID[:WEIGHT]",
        help="an uploaded file to train on, with an optional sampling weight (repeatable)",
    )
    body.add_argument(
        "--validation-file", dest="validation_files", action="append", metavar="FILE_ID", help="repeatable"
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
    _wait_options(create, timeout_flags=("--wait-timeout",))


def _add_fake_server(commands: Any) -> None:
    fake = commands.add_parser(
        "fake-server",
        help="serve a local fake of the API on 127.0.0.1, to try every command without an account",
        description="Serve a local fake of Mistral's fine-tuning API on 127.0.0.1 until Ctrl-C; jobs move through\n"
        "their lifecycle on a simulated clock. Point the other commands at it with --server-url or\n"
        "MISTRAL_SERVER_URL (no API key needed):\n\n"
        "  mistral-ft fake-server --port 8000 --seed-examples --speed 60 &\n"
        "  mistral-ft --server-url http://127.0.0.1:8000 jobs wait 0f713502-9233-41c6-9ebd-c570b7edb496",
        formatter_class=_Formatter,
    )
    fake.add_argument(
        "--port", type=_non_negative_int, default=8000, help="TCP port; 0 picks a free one (default 8000)"
    )
    fake.add_argument(
        "--speed", type=_speed, default=1.0, help="simulated seconds per real second (default 1; 60: a minute a second)"
    )
    fake.add_argument("--seed-examples", action="store_true", help="preload the documentation's example jobs")
    fake.add_argument("--jobs", type=_non_negative_int, default=0, metavar="N", help="preload N finished jobs")


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None


def _non_negative_int(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (a frozen clock) or more, got {text}")
    return value
