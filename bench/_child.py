"""A child process driven over its standard streams: one command line in, one JSON line out.

The fake server (`bench._server_proc`) and the peers' workers (`bench._peer_worker`) speak this way. The child
prints a JSON greeting once ready; leaving the `with` block (or `stop()`) sends ``quit`` and waits, then
terminates or kills it. A child also exits by itself when its stdin closes, e.g. when this process dies.
"""

from __future__ import annotations

import json
import selectors
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

REPO_ROOT = Path(__file__).resolve().parent.parent


class ChildProcess:
    """A child running `command` from the repository root (so `python -m bench.<module>` works in any venv)."""

    def __init__(self, command: Sequence[str], *, start_timeout: float = 60.0, answer_timeout: float = 120.0) -> None:
        self.command = list(command)
        self.start_timeout = start_timeout
        self.answer_timeout = answer_timeout
        self.greeting: dict[str, Any] = {}
        self._process: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None

    def start(self) -> Self:
        """Spawn the child and wait for its greeting (kept in `greeting`)."""
        # Kept open for the child's lifetime and closed in stop(): a `with` block cannot span start() to stop().
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self._process = subprocess.Popen(
            self.command,
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        try:
            greeting = self._read(self.start_timeout)
        except BaseException:
            self.stop()
            raise
        if not isinstance(greeting, dict):
            self.stop()
            raise RuntimeError(f"{self.command[:4]}: unexpected greeting {greeting!r}")
        self.greeting = greeting
        return self

    def ask(self, command: str) -> Any:
        """Send one command line and return the decoded JSON answer."""
        process = self._running()
        assert process.stdin is not None
        process.stdin.write(command + "\n")
        process.stdin.flush()
        return self._read(self.answer_timeout)

    def stop(self) -> None:
        """Ask the child to quit, then terminate or kill it if it does not. Safe to call twice."""
        process, self._process = self._process, None
        if process is not None:
            try:
                if process.stdin is not None:
                    process.stdin.write("quit\n")
                    process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _read(self, timeout: float) -> Any:
        process = self._running()
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout)
        line = process.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError(f"{' '.join(self.command[:4])} did not answer: {self._errors()}")
        answer = json.loads(line)
        if isinstance(answer, dict) and "error" in answer:
            raise RuntimeError(f"{' '.join(self.command[:4])} refused a command: {answer['error']}")
        return answer

    def _running(self) -> subprocess.Popen[str]:
        if self._process is None:
            raise RuntimeError(f"{' '.join(self.command[:4])} is not running")
        return self._process

    def _errors(self) -> str:
        if self._stderr is None:
            return "(no output)"
        self._stderr.seek(0)
        return self._stderr.read().strip() or "(no output)"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
