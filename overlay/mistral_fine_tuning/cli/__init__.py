"""`mistral-ft`: the command line for Mistral fine-tuning jobs (`mistral-ft --help`).

`main(argv)` parses, runs one command and returns its exit status; every error becomes one line on stderr and a
documented exit status, never a traceback. Importing this package loads nothing but this function: the grammar
(argparse), the client, the models and rich (only for the live view of `wait`) load when needed.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `mistral-ft` with `argv` (default: `sys.argv[1:]`) and return the exit status."""
    from ._main import run

    return run(argv)
