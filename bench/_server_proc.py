"""The fake Mistral server in its own process, for benchmarks: ``python -m bench._server_proc --jobs 1000``.

It is `mistral_fine_tuning.testing.FakeMistralServer` with the request log off, pinned to one CPU, and driven
through its standard streams, one JSON line per answer:

- on start it prints ``{"url": ..., "job_id": ..., "pid": ...}``; ``job_id`` is a finished completion job (the
  one the ``get`` benchmarks fetch); the file ``TRAINING_FILE`` is stored, for jobs created through the API;
- each line read on stdin is a command, with JSON arguments after a space where it takes some:

  - ``stats`` answers ``FakeMistralServer.stats()`` (requests, handler seconds, TCP connections accepted);
    ``reset`` zeroes them and answers ``{}``;
  - ``faults {"requests": n, "rate": 0.02, "mix": "drop_503", "seed": 1}`` replaces any pending faults with a
    schedule spreading faults over the next ``n`` requests (see ``bench._faults``) and answers its size;
    ``clear_faults`` drops what is left of it and answers how many faults of each kind requests took;
  - ``add_jobs {"count": n, "status": "VALIDATED", "seed": 3}`` preloads jobs and answers ``{"ids": [...]}``;
  - ``suffixes {"prefix": "oa"}`` counts the jobs whose suffix starts with the prefix and how many suffixes
    appear on more than one job (a create the server acted on twice);
  - ``quit`` (or the end of stdin, e.g. when the parent dies) stops the server and exits.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from typing import Any

from mistral_fine_tuning.testing import FakeMistralServer

from ._affinity import pin
from ._faults import Run, faults_hit, schedule

TRAINING_FILE = "b888f774-3e7c-4135-a18c-6b985523c4bc"
"""A stored file of valid chat data: the fake refuses jobs that name a file it does not have."""
TRAINING_DATA = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n' * 10


def _pick_job(server: FakeMistralServer, job_ids: list[str]) -> str:
    """The first finished completion job: the common case of a `get`."""
    for job_id in job_ids:
        job = server.get_job(job_id)
        if job.get("job_type") == "completion" and job.get("status") == "SUCCESS":
            return job_id
    return job_ids[0]


def _reply(payload: object) -> None:
    print(json.dumps(payload), flush=True)


class _Controller:
    """The commands that take arguments, on one server; `runs` is the fault schedule last armed."""

    def __init__(self, server: FakeMistralServer) -> None:
        self.server = server
        self.runs: list[Run] = []

    def faults(self, arguments: dict[str, Any]) -> dict[str, Any]:
        self.server.clear_faults()
        self.runs = schedule(
            int(arguments["requests"]), float(arguments["rate"]), str(arguments["mix"]), int(arguments.get("seed", 0))
        )
        for run in self.runs:
            self.server.inject(run.fault, times=run.times)
        return {"runs": len(self.runs), "faults": sum(run.label is not None for run in self.runs)}

    def clear_faults(self) -> dict[str, Any]:
        hit = faults_hit(self.runs, self.server.pending_faults)
        self.server.clear_faults()
        self.runs = []
        return {"hit": hit}

    def add_jobs(self, arguments: dict[str, Any]) -> dict[str, Any]:
        ids = self.server.add_jobs(
            int(arguments["count"]), status=arguments.get("status"), seed=int(arguments.get("seed", 0))
        )
        return {"ids": ids}

    def suffixes(self, arguments: dict[str, Any]) -> dict[str, Any]:
        prefix = str(arguments["prefix"])
        counts: collections.Counter[str] = collections.Counter()
        for job_id in self.server.job_ids:
            suffix = self.server.get_job(job_id).get("suffix")
            if isinstance(suffix, str) and suffix.startswith(prefix):
                counts[suffix] += 1
        return {
            "jobs": sum(counts.values()),
            "distinct": len(counts),
            "duplicated": sum(count - 1 for count in counts.values()),
        }


def main(argv: list[str] | None = None) -> int:
    """Serve until told to quit or stdin closes; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bench._server_proc", description=__doc__)
    parser.add_argument("--jobs", type=int, default=1000, help="realistic jobs to preload (default: 1000)")
    parser.add_argument("--api-key", required=True, help="the only bearer token accepted")
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second (0: jobs stay put)")
    args = parser.parse_args(argv)

    pinned = pin(args.cpu)
    server = FakeMistralServer(api_key=args.api_key, record_requests=False, speed=args.speed)
    job_ids = server.add_jobs(max(args.jobs, 1))
    server.add_file(TRAINING_DATA, file_id=TRAINING_FILE)
    job_id = _pick_job(server, job_ids)
    server.start()
    controller = _Controller(server)
    commands = {"faults": controller.faults, "add_jobs": controller.add_jobs, "suffixes": controller.suffixes}
    try:
        _reply({"url": server.server_url, "job_id": job_id, "pid": os.getpid(), "pinned": pinned})
        for line in sys.stdin:
            command, _, arguments = line.strip().partition(" ")
            if command == "stats":
                _reply(server.stats())
            elif command == "reset":
                server.reset_stats()
                _reply({})
            elif command == "clear_faults":
                _reply(controller.clear_faults())
            elif command in commands:
                try:
                    _reply(commands[command](json.loads(arguments or "{}")))
                except (ValueError, KeyError, TypeError) as exc:
                    _reply({"error": f"{command}: {type(exc).__name__}: {exc}"})
            elif command == "quit":
                break
            else:
                _reply({"error": f"unknown command {command!r}"})
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
