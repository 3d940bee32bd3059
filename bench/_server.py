"""The parent's handle on the fake server process (`bench._server_proc`): start it, read its stats, always stop it."""

from __future__ import annotations

import sys
from typing import TypedDict

from ._child import ChildProcess

API_KEY = "bench-key-0123456789"
"""The fixed bearer token the server accepts and every client sends."""


class Stats(TypedDict):
    """The server's own count and time, as `FakeMistralServer.stats()` gives them."""

    requests: int
    handler_seconds: float


class ServerProcess(ChildProcess):
    """A fake Mistral server with `jobs` preloaded jobs, in a child process pinned to `cpu`.

    Use as a context manager: leaving the block stops the child whatever happened inside it.
    """

    def __init__(self, *, jobs: int = 1000, api_key: str = API_KEY, cpu: int | None = None) -> None:
        command = [sys.executable, "-m", "bench._server_proc", "--jobs", str(jobs), "--api-key", api_key]
        if cpu is not None:
            command += ["--cpu", str(cpu)]
        super().__init__(command, answer_timeout=10.0)
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
        return Stats(requests=int(answer["requests"]), handler_seconds=float(answer["handler_seconds"]))

    def reset_stats(self) -> None:
        """Zero the server's request count and handler time."""
        self.ask("reset")
