"""The fake Mistral server in its own process, for benchmarks: ``python -m bench._server_proc --jobs 1000``.

It is `mistral_fine_tuning.testing.FakeMistralServer` with the request log off, pinned to one CPU, and driven
through its standard streams, one JSON line per answer:

- on start it prints ``{"url": ..., "job_id": ..., "pid": ...}``; ``job_id`` is a finished completion job (the
  one the ``get`` benchmarks fetch);
- each line read on stdin is a command: ``stats`` answers ``FakeMistralServer.stats()``, ``reset`` zeroes them
  and answers ``{}``, ``quit`` (or the end of stdin, e.g. when the parent dies) stops the server and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from mistral_fine_tuning.testing import FakeMistralServer

from ._affinity import pin


def _pick_job(server: FakeMistralServer, job_ids: list[str]) -> str:
    """The first finished completion job: the common case of a `get`."""
    for job_id in job_ids:
        job = server.get_job(job_id)
        if job.get("job_type") == "completion" and job.get("status") == "SUCCESS":
            return job_id
    return job_ids[0]


def _reply(payload: object) -> None:
    print(json.dumps(payload), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Serve until told to quit or stdin closes; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench._server_proc", description=__doc__)
    parser.add_argument("--jobs", type=int, default=1000, help="realistic jobs to preload (default: 1000)")
    parser.add_argument("--api-key", required=True, help="the only bearer token accepted")
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    args = parser.parse_args(argv)

    pinned = pin(args.cpu)
    server = FakeMistralServer(api_key=args.api_key, record_requests=False)
    job_ids = server.add_jobs(max(args.jobs, 1))
    job_id = _pick_job(server, job_ids)
    server.start()
    try:
        _reply({"url": server.server_url, "job_id": job_id, "pid": os.getpid(), "pinned": pinned})
        for line in sys.stdin:
            command = line.strip()
            if command == "stats":
                _reply(server.stats())
            elif command == "reset":
                server.reset_stats()
                _reply({})
            elif command == "quit":
                break
            else:
                _reply({"error": f"unknown command {command!r}"})
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
