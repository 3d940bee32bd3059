"""How a command is declared: once, with its grammar, its help and its handler together (`Group.command`), and
the `Context` every handler receives.

A command module (`_jobs.py`, `_fake_server.py`) creates a `Group` and decorates each handler:

    JOBS = Group("jobs", "fine-tuning jobs")

    @JOBS.command("get", "Show a job, with its events and checkpoints.", arguments=job_id_argument)
    def get_job(ctx: Context) -> int:
        ctx.show(ctx.mistral.fine_tuning.jobs.get(job_id=ctx.args.job_id))
        return OK

`_parser.build_parser` turns every group into argparse subcommands and `_main.run` calls the handler of the one
chosen. Declaring imports nothing heavy: handlers import the client, the models or rich when they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .._client import Mistral
    from ._config import Connection

PROG = "mistral-ft"

Handler = Callable[["Context"], int]
AddArguments = Callable[[argparse.ArgumentParser], None]


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """For a command that takes only the common options."""


class Command(NamedTuple):
    """One command: where it sits in the grammar, what `--help` says about it, its options and its handler.

    Attributes:
        group: the group's name (`jobs` in `mistral-ft jobs list`), or None for a top-level command.
        name: the command's name.
        help: one line, shown in the list of commands (and as the description unless one is given).
        add_arguments: adds the command's own options and positionals to its parser.
        run: the handler; returns the exit status, raises for errors (reported by `_main.run`).
        description: the text at the top of the command's --help (default: `help`).
        epilog: text after the options in its --help (examples); the exit statuses always follow.
        calls_api: takes --server-url, --retries, --verbose, --json/--text and may use `ctx.mistral`.
        request_timeout: takes --timeout as the per-request timeout (`jobs wait` uses --timeout for the wait).
    """

    group: str | None
    name: str
    help: str
    add_arguments: AddArguments
    run: Handler
    description: str | None = None
    epilog: str = ""
    calls_api: bool = True
    request_timeout: bool = True

    @property
    def path(self) -> str:
        """The words that select it: `jobs list`, `fake-server`."""
        return self.name if self.group is None else f"{self.group} {self.name}"


class Group:
    """The commands of one module, in declaration order: `mistral-ft NAME COMMAND` (`name` None: top-level
    commands, `mistral-ft COMMAND`)."""

    def __init__(self, name: str | None, help: str = "", description: str = "") -> None:
        self.name = name
        self.help = help
        self.description = description
        self.commands: list[Command] = []

    def command(
        self,
        name: str,
        help: str,
        *,
        arguments: AddArguments = no_arguments,
        description: str | None = None,
        epilog: str = "",
        calls_api: bool = True,
        request_timeout: bool = True,
    ) -> Callable[[Handler], Handler]:
        """Declare the decorated function as the handler of `name` (see `Command` for the other fields)."""

        def register(run: Handler) -> Handler:
            if any(command.name == name for command in self.commands):
                raise ValueError(f"{self.name} {name} is declared twice")
            self.commands.append(
                Command(self.name, name, help, arguments, run, description, epilog, calls_api, request_timeout)
            )
            return run

        return register


class Context:
    """One run of one command: its options, how results are printed, the secrets to keep out of messages, and the
    client (created on first use of `mistral`, closed by `_main.run`).

    A plain class, not a dataclass: `--help` would pay for importing `dataclasses` (and `inspect`) only for this.
    """

    __slots__ = ("_mistral", "args", "as_json", "connection", "secrets")

    def __init__(self, args: argparse.Namespace, as_json: bool) -> None:
        self.args = args
        self.as_json = as_json
        self.secrets: list[str] = []
        self.connection: Connection | None = None
        self._mistral: Mistral | None = None

    @property
    def mistral(self) -> Mistral:
        """The client for --server-url (or MISTRAL_SERVER_URL), MISTRAL_API_KEY, --timeout and --retries."""
        if self._mistral is None:
            from ._config import client, connection

            self.connection = connection(self.args)
            self._mistral = client(self.args, self.connection)
        return self._mistral

    def close(self) -> None:
        if self._mistral is not None:
            self._mistral.close()

    def show(self, result: Any, *, brief: bool = False) -> None:
        """Print one result (a job, an estimate): its JSON, or its key-value view (`brief`: a few fields).

        stderr is flushed first, so that progress lines written before come before the result when both streams
        go to the same place (`2>&1`, a log)."""
        from ._output import json_of, key_values, summary, write_json

        sys.stderr.flush()
        data = json_of(result)
        if self.as_json:
            write_json(data, sys.stdout)
        elif brief:
            sys.stdout.write(summary(data) + f"\n(details: {PROG} jobs get {data.get('id')})\n")
        else:
            sys.stdout.write(key_values(data) + "\n")
        sys.stdout.flush()

    def width(self) -> int | None:
        """The columns a table may take: the terminal's width (or COLUMNS); None when stdout is not a terminal."""
        from ._output import terminal_width

        return terminal_width()


def context(args: argparse.Namespace) -> Context:
    """The context of a parsed command line: JSON on stdout unless it is a terminal (or --json / --text say)."""
    output = getattr(args, "output", None)
    as_json = output == "json" if output else not sys.stdout.isatty()
    return Context(args, as_json)
