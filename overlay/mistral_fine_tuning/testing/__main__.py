"""Run the fake Mistral fine-tuning API until Ctrl-C: ``python -m mistral_fine_tuning.testing --port 8000``."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from ._server import FakeMistralServer


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # treat SIGTERM like Ctrl-C so the port is released cleanly


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, serve, and return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m mistral_fine_tuning.testing",
        description="Serve a local fake of Mistral's fine-tuning jobs API.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port; 0 picks a free one (default: 8000)")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per real second for job lifecycles (default: 1)"
    )
    parser.add_argument("--seed-examples", action="store_true", help="preload the documentation's example jobs")
    parser.add_argument("--jobs", type=int, default=0, metavar="N", help="preload N realistic finished jobs")
    parser.add_argument("--api-key", default=None, help="the only bearer token to accept (default: any)")
    args = parser.parse_args(argv)

    server = FakeMistralServer(
        args.host, args.port, api_key=args.api_key, speed=args.speed, seed_examples=args.seed_examples
    )
    if args.jobs:
        server.add_jobs(args.jobs)

    # The handler raises wherever the main thread is, so it is installed inside the region that catches it.
    try:
        signal.signal(signal.SIGTERM, _terminate)
        try:
            server.start()
        except OSError as exc:
            print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        print(server.server_url, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the shutdown
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
