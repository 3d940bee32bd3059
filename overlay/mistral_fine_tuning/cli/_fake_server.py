"""`mistral-ft fake-server`: the fake API of `mistral_fine_tuning.testing`, served until Ctrl-C.

The port is bound before anything is printed, so the banner carries the real URL (also with --port 0) and a busy
port is a one-line error of its own (exit 7), never a banner followed by a failure.
"""

from __future__ import annotations

import argparse
import errno
import sys
from typing import TYPE_CHECKING, Final

from .._environment import API_KEY_ENV, SERVER_URL_ENV
from ._arguments import non_negative_float, non_negative_int
from ._command import PROG, Context, Group
from ._exit import OK, PORT_UNAVAILABLE, CliError

if TYPE_CHECKING:
    from types import FrameType

TOP_LEVEL: Final = Group(None)
_HOST: Final = "127.0.0.1"
_EXAMPLE_KEY: Final = "any"  # the fake accepts any non-empty bearer token; the Python client sends none without one


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=non_negative_int, default=8000, help="TCP port; 0 picks a free one (default 8000)"
    )
    parser.add_argument(
        "--speed",
        type=non_negative_float,
        default=1.0,
        help="simulated seconds per real second (default 1; 60: a minute a second; 0: a frozen clock)",
    )
    parser.add_argument("--seed-examples", action="store_true", help="preload the documentation's example jobs")
    parser.add_argument("--jobs", type=non_negative_int, default=0, metavar="N", help="preload N finished jobs")


@TOP_LEVEL.command(
    "fake-server",
    "serve a local fake of the API on 127.0.0.1, to try every command without an account",
    arguments=_arguments,
    description="Serve a local fake of Mistral's fine-tuning API on 127.0.0.1 until Ctrl-C; jobs move through\n"
    "their lifecycle on a simulated clock. Its URL is printed on stdout once it listens. Any non-empty API\n"
    f"key is accepted: set {API_KEY_ENV}={_EXAMPLE_KEY} (the Python client sends no key without one, which the\n"
    "fake refuses with a 401; mistral-ft sends a placeholder to a local server):\n\n"
    "  mistral-ft fake-server --port 8000 --seed-examples --speed 60 &\n"
    f"  export {SERVER_URL_ENV}=http://127.0.0.1:8000 {API_KEY_ENV}={_EXAMPLE_KEY}\n"
    "  mistral-ft jobs wait 0f713502-9233-41c6-9ebd-c570b7edb496",
    calls_api=False,
)
def fake_server(ctx: Context) -> int:
    import signal

    from ..testing import FakeMistralServer

    args = ctx.args
    server = FakeMistralServer(_HOST, args.port, speed=args.speed, seed_examples=args.seed_examples)
    if args.jobs:
        server.add_jobs(args.jobs)
    try:
        server.start()
    except OSError as exc:
        raise CliError(f"cannot serve on {_HOST}:{args.port}: {_why(exc)}", PORT_UNAVAILABLE) from None
    # From here on Ctrl-C (or SIGTERM) is the normal way to stop: exit 0, the port released.
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _terminate)
        sys.stdout.write(server.server_url + "\n")
        sys.stdout.flush()
        sys.stderr.write(
            f"{PROG}: serving a fake Mistral fine-tuning API on {server.server_url} until Ctrl-C. In another shell:\n"
            f"  export {SERVER_URL_ENV}={server.server_url} {API_KEY_ENV}={_EXAMPLE_KEY}"
            "   # any key: the fake accepts every one\n"
            f"  {PROG} jobs list\n"
        )
        sys.stderr.flush()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the shutdown
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return OK


def _why(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "the port is in use (another fake-server?); choose another with --port N, or --port 0 for a free one"
    if exc.errno == errno.EACCES:
        return "permission denied (ports below 1024 need privileges); choose another with --port N"
    return f"{exc.strerror or exc}; choose another port with --port N"


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server like Ctrl-C, releasing the port
