"""The process around a command: parse, run, and turn every outcome into an exit status and at most one line
on stderr (Ctrl-C, a closed pipe, an error of the API or of the input)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from . import _exit
from ._command import PROG, Command, Context, context
from ._parser import parse


def run(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse(argv)
    except SystemExit as exc:  # --help, --version, a usage error (already reported in one line)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else _exit.BAD_INPUT)
    command: Command = args.command
    ctx = context(args)
    try:
        undo_logging = _logging(command, args)
        try:
            return command.run(ctx)
        finally:
            ctx.close()
            undo_logging()
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return _exit.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and Python must not complain at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _exit.OK
    except Exception as exc:
        return _report(exc, ctx)


def _logging(command: Command, args: argparse.Namespace) -> Callable[[], None]:
    if not command.calls_api:
        return lambda: None
    from ._config import configure_logging

    return configure_logging(args)


def _report(exc: Exception, ctx: Context) -> int:
    """Write the one line an error is reported as (no secret in it) and return its exit status."""
    from ._config import scrub

    key_is_set = ctx.connection.key_is_set if ctx.connection is not None else None
    code, line = _exit.describe(exc, key_is_set=key_is_set, timeout=getattr(ctx.args, "request_timeout", None))
    with contextlib.suppress(OSError):  # what was printed comes before the error (a closed pipe: nothing was)
        sys.stdout.flush()
    sys.stderr.write(f"{PROG}: error: {scrub(_exit.one_line(line), ctx.secrets)}\n")
    return code
