"""One client in a process of its own, timed on command: ``python -m bench._peer_worker --target mistralai ...``.

`bench.peers` starts one worker per client, with the interpreter that has it (this project's venv for the floor
and ours, the peers' venv for mistralai), from the repository root, pinned to the client CPU. Each worker checks
its client, warms it up and greets with ``{"ready": true}``; then every ``get N`` or ``list N`` line on stdin runs
N sequential calls and answers the duration of each in seconds (a JSON list); ``quit`` or the end of stdin ends it.
The parent sends commands to the workers in turn (A B C A B C), so drift hits every client alike.

Standard library only, apart from the client under test.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys

from ._affinity import pin
from ._calls import verify
from ._measure import timed_calls, warm
from ._targets import SYNC_FACTORIES, Endpoint


def _answer(payload: object) -> None:
    print(json.dumps(payload), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Serve timing commands for one client until told to quit."""
    parser = argparse.ArgumentParser(prog="python -m bench._peer_worker", description=__doc__)
    parser.add_argument("--target", choices=sorted(SYNC_FACTORIES), required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--cpu", type=int, default=None)
    parser.add_argument("--get-warmup", type=int, default=50)
    parser.add_argument("--list-warmup", type=int, default=3)
    args = parser.parse_args(argv)

    pin(args.cpu)
    endpoint = Endpoint(args.url, args.api_key, args.job_id)
    target = SYNC_FACTORIES[args.target](endpoint)
    try:
        verify(args.target, target, endpoint)
        warm(target.get, args.get_warmup)
        warm(target.list, args.list_warmup)
        calls = {"get": target.get, "list": target.list}
        _answer({"ready": True})
        for line in sys.stdin:
            verb, _, count = line.strip().partition(" ")
            if verb == "quit":
                break
            if verb in calls and count.isdigit():
                gc.collect()  # as `_measure.alternate` does before each sample
                _answer(timed_calls(calls[verb], int(count)))
            else:
                _answer({"error": f"unknown command {line.strip()!r}"})
    finally:
        target.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
