"""The command line's grammar (argparse), built from the commands the command modules declare (`_command.Group`).

Imports neither the client nor the models, so `--help` stays cheap: what depends on the spec (statuses, job types,
hyperparameters and their types) is checked when a command runs. A misspelt option or command is answered with
the closest known one.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

from .._environment import API_KEY_ENV, DEFAULT_SERVER_URL, SERVER_URL_ENV
from ._arguments import POLL_INTERVAL_ENV, WANDB_API_KEY_ENV, non_negative_int, positive_float
from ._command import PROG, Command, Group
from ._exit import HELP as EXIT_HELP
from ._exit import closest

if TYPE_CHECKING:
    from collections.abc import Iterator


def command_groups() -> tuple[Group, ...]:
    """Every group of commands, in the order `--help` lists them. A new command module is added here."""
    from . import _fake_server, _files, _jobs, _models

    return (_jobs.JOBS, _files.FILES, _models.MODELS, _fake_server.TOP_LEVEL)


_DESCRIPTION: Final = """\
Mistral fine-tuning from the shell.

Try it locally, no account needed:
  mistral-ft fake-server --port 8000 --seed-examples      # in one shell: a fake of the API on 127.0.0.1
  export MISTRAL_SERVER_URL=http://127.0.0.1:8000 MISTRAL_API_KEY=any   # in another (the fake takes any key)
  mistral-ft jobs list
  mistral-ft jobs wait 0f713502-9233-41c6-9ebd-c570b7edb496"""

_EPILOG: Final = f"""\
output:
  On a terminal, results are a table (a list, fitted to the terminal's width) or a key-value view (one object).
  When stdout is not a terminal (a pipe, a file, CI), they are the API's JSON, exactly as sent, so `| jq` works;
  --json and --text choose explicitly. `jobs list --all` gives a JSON array of the jobs (`files list --all`, of
  the files). Errors, notes and progress go to stderr: when stderr is a terminal, a live view for `wait` and a
  progress bar for uploads and downloads; otherwise one line per change of `wait`, and no bar.

environment:
  {API_KEY_ENV:<26}the API key (required, except for a server on 127.0.0.1 or localhost, such as
  {"":<26}`mistral-ft fake-server`, where a placeholder token is sent). Never printed or logged.
  {SERVER_URL_ENV:<26}the API's base URL, without /v1 (default {DEFAULT_SERVER_URL});
  {"":<26}--server-url wins over it
  {WANDB_API_KEY_ENV:<26}the Weights & Biases key for `jobs create --integration-wandb-project`
  {POLL_INTERVAL_ENV:<26}seconds between two polls of `jobs wait` and `jobs create --wait` (default:
  {"":<26}1 s after a change, growing to 30 s while nothing changes)
  {"COLUMNS":<26}the width tables fit in (default: the terminal's)

{EXIT_HELP}"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr (exit 2), like every other error, and which
    suggests the closest choice for a misspelt command."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # argparse's check of `choices` (subcommands included); Python 3.14's suggest_on_error does the same.
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        match = closest(str(value), names)
        hint = f"; did you mean {match!r}?" if match else ""
        raise argparse.ArgumentError(action, f"invalid choice: {value!r}{hint} (choose from {', '.join(names)})")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's and epilog's line breaks; wraps option help at a readable width."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34, width=118)


def _common_options() -> _Parser:
    """Options every API command takes, before or after its name. Their defaults are suppressed here so that a
    value given before the command is not overwritten by the subcommand's default."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--server-url",
        default=argparse.SUPPRESS,
        metavar="URL",
        help=f"the API's base URL, e.g. http://127.0.0.1:8000 (env {SERVER_URL_ENV})",
    )
    common.add_argument(
        "--retries",
        type=non_negative_int,
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
        type=positive_float,
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="timeout of each HTTP request (default: connect 5 s, read 60 s)",
    )
    return timeout


def build_parser() -> argparse.ArgumentParser:
    """The whole grammar: `mistral-ft [options] {GROUP COMMAND | COMMAND} ...`, from `command_groups()`."""
    from .._version import __version__

    common = _common_options()
    timeout = _request_timeout()
    parser = _Parser(
        prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_Formatter, parents=[common, timeout]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top = parser.add_subparsers(dest="command_name", metavar="COMMAND", required=True)
    for group in command_groups():
        if group.name is None:
            commands = top
        else:
            names = ", ".join(command.name for command in group.commands)
            sub = top.add_parser(group.name, help=f"{group.help}: {names}", formatter_class=_Formatter)
            sub.description = group.description or f"{group.help[:1].upper()}{group.help[1:]}."
            sub.description += f" (`{PROG} {group.name} COMMAND --help` for each)"
            commands = sub.add_subparsers(dest="group_command_name", metavar="COMMAND", required=True)
        for command in group.commands:
            _add_command(commands, command, common, timeout)
    return parser


def _add_command(commands: Any, command: Command, common: _Parser, timeout: _Parser) -> None:
    parents = []
    if command.calls_api:
        parents = [common, timeout] if command.request_timeout else [common]
    epilog = f"{command.epilog}\n\n{EXIT_HELP}" if command.epilog else EXIT_HELP
    sub = commands.add_parser(
        command.name,
        help=command.help,
        description=command.description or command.help,
        parents=parents,
        formatter_class=_Formatter,
        epilog=epilog,
    )
    command.add_arguments(sub)
    sub.set_defaults(command=command, command_parser=sub)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line; a usage error exits (SystemExit, code 2) after one line on stderr, naming the
    closest known option of a misspelt one."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(None if argv is None else list(argv))
    if unknown:
        where: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        known = sorted(set(_option_strings(where)) | set(_option_strings(parser)))
        where.error(f"unrecognized arguments: {' '.join(unknown)}{_suggestions(unknown, known)}")
    return args


def _suggestions(unknown: list[str], known: list[str]) -> str:
    """`; did you mean --page-size?` for the misspelt options among `unknown` (`X (for Y), ...` for several)."""
    options = [word.split("=", 1)[0] for word in unknown if word.startswith("-")]
    found = [(option, match) for option in options if (match := closest(option, known))]
    if not found:
        return ""
    if len(found) == 1:
        return f"; did you mean {found[0][1]}?"
    return "; did you mean " + ", ".join(f"{match} (for {option})" for option, match in found) + "?"


def _option_strings(parser: argparse.ArgumentParser) -> Iterator[str]:
    """The documented options of `parser` (argparse keeps them in `_actions`, the attribute its help reads)."""
    for action in parser._actions:
        if action.help != argparse.SUPPRESS:
            yield from action.option_strings
