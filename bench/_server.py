"""The parent's handle on the fake server process (`bench._server_proc`): start it, read its stats, always stop it."""

from __future__ import annotations

import json
import sys
from typing import Any, TypedDict

from ._child import ChildProcess

API_KEY = "bench-key-0123456789"
"""The fixed bearer token the server accepts and every client sends."""


class Stats(TypedDict):
    """The server's own count and time, as `FakeMistralServer.stats()` gives them."""

    requests: int
    handler_seconds: float
    connections: int
    """TCP connections the server accepted."""


class ServerProcess(ChildProcess):
    """A fake Mistral server with `jobs` preloaded jobs, in a child process pinned to `cpu`, its clock at `speed`.

    Use as a context manager: leaving the block stops the child whatever happened inside it.
    """

    def __init__(self, *, jobs: int = 1000, api_key: str = API_KEY, cpu: int | None = None, speed: float = 1.0) -> None:
        command = [sys.executable, "-m", "bench._server_proc", "--jobs", str(jobs), "--api-key", api_key]
        command += ["--speed", str(speed)]
        if cpu is not None:
            command += ["--cpu", str(cpu)]
        super().__init__(command, answer_timeout=60.0)
        self.api_key = api_key

    @property
    def url(self) -> str:
        """The server's base URL, e.g. ``http://127.0.0.1:54321``."""
        return str(self.greeting["url"])

    @property
    def job_id(self) -> str:
        """A finished completion job: the one every `get` fetches."""
        return str(self.greeting["job_id"])

    @property
    def pinned(self) -> bool:
        """Whether the server could pin itself to its CPU."""
        return bool(self.greeting["pinned"])

    def stats(self) -> Stats:
        """The server's request count and handler seconds since the last `reset_stats`."""
        answer = self.ask("stats")
        return Stats(
            requests=int(answer["requests"]),
            handler_seconds=float(answer["handler_seconds"]),
            connections=int(answer["connections"]),
        )

    def reset_stats(self) -> None:
        """Zero the server's request count, handler time and connection count."""
        self.ask("reset")

    def arm_faults(self, *, requests: int, rate: float, mix: str, seed: int = 0) -> int:
        """Replace pending faults with `mix` spread over the next `requests` requests (`bench._faults.schedule`).

        Returns how many faults the schedule holds.
        """
        arguments = {"requests": requests, "rate": rate, "mix": mix, "seed": seed}
        return int(self._command("faults", arguments)["faults"])

    def clear_faults(self) -> dict[str, int]:
        """Drop the faults still pending; returns how many of each kind requests took since `arm_faults`."""
        return {str(kind): int(count) for kind, count in self.ask("clear_faults")["hit"].items()}

    def add_jobs(self, count: int, *, status: str | None = None, seed: int = 0) -> list[str]:
        """Preload `count` jobs (in `status`, or the usual mix); returns their ids."""
        return [
            str(job_id) for job_id in self._command("add_jobs", {"count": count, "status": status, "seed": seed})["ids"]
        ]

    def suffixes(self, prefix: str) -> dict[str, int]:
        """``{"jobs", "distinct", "duplicated"}`` for the jobs whose suffix starts with `prefix`."""
        return {str(key): int(value) for key, value in self._command("suffixes", {"prefix": prefix}).items()}

    def _command(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        answer = self.ask(f"{name} {json.dumps(arguments)}")
        if not isinstance(answer, dict):
            raise RuntimeError(f"{name}: unexpected answer {answer!r}")
        return answer
