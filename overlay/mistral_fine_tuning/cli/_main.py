"""The process around a command: parse, run, and turn every outcome into an exit status and at most one line
on stderr (Ctrl-C, a closed pipe, an error of the API or of the input)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from . import _exit
from ._parser import PROG, build_parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as exc:  # --help, --version, a usage error (already reported in one line)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else _exit.BAD_INPUT)
    from ._commands import context
    from ._commands import run as run_command

    ctx = context(args)
    try:
        return run_command(ctx)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return _exit.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and Python must not complain at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _exit.OK
    except Exception as exc:
        from ._config import scrub

        code, line = _exit.describe(exc)
        sys.stderr.write(f"{PROG}: error: {scrub(_exit.one_line(line), ctx.secrets)}\n")
        return code
