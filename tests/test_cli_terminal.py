"""`mistral-ft jobs wait` on a real terminal: the command runs on a pseudo-terminal against the fake server (its
clock sped up), and what it writes is fed to a VT100 emulator (pyte), whose screen is what a user would see.

The live view must redraw in place (one status line that changes, not a growing log) and end on the final status;
Ctrl-C must print how to resume and send no cancel request; without rich, the plain lines and a note are shown.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest
from mistral_fine_tuning import Mistral
from mistral_fine_tuning.testing import FakeMistralServer

from tests.support import store_files

COLUMNS, ROWS = 100, 30
FILE_ID = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
VALIDATED = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
_SCRIPT = Path(sys.executable).with_name("mistral-ft")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mistral_fine_tuning.cli"]
WITHOUT_RICH = [
    sys.executable,
    "-c",
    "import sys; sys.modules['rich'] = None; from mistral_fine_tuning.cli import main; sys.exit(main())",
]


@dataclass
class Session:
    """A command run on a pseudo-terminal: the screens seen after each chunk of output, and how it ended."""

    code: int
    screens: list[list[str]] = field(default_factory=list)

    @property
    def final(self) -> list[str]:
        return self.screens[-1]

    def text(self, screen: list[str] | None = None) -> str:
        lines = [line.rstrip() for line in (screen if screen is not None else self.final)]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


def run_on_terminal(
    argv: list[str],
    server: FakeMistralServer,
    *,
    on_tick: Callable[[subprocess.Popen[bytes]], None] = lambda child: None,
    timeout: float = 20,
) -> Session:
    """Run `argv` with stdin, stdout and stderr on a new pseudo-terminal of COLUMNS x ROWS; `on_tick` is called
    every few milliseconds while it runs (to speed the fake's clock up, or to press Ctrl-C)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MISTRAL_")}
    environment.update(
        MISTRAL_API_KEY="sk-terminal-test-key-0123456789",
        MISTRAL_SERVER_URL=server.server_url,
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
    )
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True)
    os.close(slave)
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.ByteStream(screen)
    session = Session(code=-1)
    deadline = time.monotonic() + timeout
    try:
        while True:
            assert time.monotonic() < deadline, "the command did not finish:\n" + "\n".join(screen.display)
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal (EIO on Linux)
                    data = b""
                if not data:
                    break
                stream.feed(data)
                session.screens.append(list(screen.display))
            elif child.poll() is not None:
                break
            else:
                on_tick(child)
        session.code = child.wait(timeout=5)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    return session


@pytest.fixture
def server() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(speed=0, seed_examples=True) as fake:
        store_files(fake, FILE_ID)  # jobs created through the API name stored files
        yield fake


def _new_job(server: FakeMistralServer) -> str:
    with Mistral(api_key="any", server_url=server.server_url) as mistral:
        job = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b", training_files=[FILE_ID], hyperparameters={"training_steps": 10}, auto_start=True
        )
    return str(job.id)


def _polled(server: FakeMistralServer, job_id: str) -> bool:
    return any(request.path == f"/v1/fine_tuning/jobs/{job_id}" for request in server.requests)


def _speed_up_once_polled(server: FakeMistralServer, job_id: str) -> Callable[[Any], None]:
    """Keep the clock frozen until the command has seen the job once (it starts in QUEUED), then run it fast."""

    def tick(child: Any) -> None:
        if server.speed == 0 and _polled(server, job_id):
            server.speed = 25

    return tick


def _status_rows(screen: list[str]) -> list[tuple[int, str]]:
    """The live view's status lines on a screen: (row, status)."""
    return [(row, line.split()[1]) for row, line in enumerate(screen) if re.match(r"status {4}\S", line)]


def test_live_view_redraws_in_place_and_ends_on_the_final_status(server: FakeMistralServer) -> None:
    job_id = _new_job(server)
    session = run_on_terminal(
        [*COMMAND, "jobs", "wait", job_id, "--poll-interval", "0.03"],
        server,
        on_tick=_speed_up_once_polled(server, job_id),
    )
    final = session.text()
    print(f"\nthe final screen ({COLUMNS}x{ROWS}):\n{final}")  # shown with pytest -s
    assert session.code == 0, final

    # While it runs (until the summary is printed below the view) there is one status line, always on the same
    # row, and its text changes.
    running = [screen for screen in session.screens if not any("(details: " in line for line in screen)]
    live = [rows for rows in map(_status_rows, running) if rows]
    assert all(len(rows) == 1 for rows in live), "more than one status line at once: a growing log?"
    assert len({rows[0][0] for rows in live}) == 1, "the status line moved"
    seen = [rows[0][1] for rows in live]
    distinct = [status for index, status in enumerate(seen) if index == 0 or seen[index - 1] != status]
    assert len(distinct) >= 3 and distinct[-1] == "SUCCESS", distinct
    assert "RUNNING" in distinct
    steps_seen = {line.split("step ")[1].split()[0] for screen in session.screens for line in screen if "step " in line}
    assert len(steps_seen) >= 4, steps_seen  # the progress moved through several checkpoints

    # The end: the view's last frame (final status, all steps, losses, no time left), then the job's summary.
    lines = session.final
    view_row = _status_rows(lines)[0][0]
    assert lines[view_row - 1].startswith(f"job {job_id}")
    assert lines[view_row].split() == ["status", "SUCCESS"]
    assert "step 10/10 (100%)" in lines[view_row + 1]
    assert lines[view_row + 2].startswith("loss      train ")
    assert lines[view_row + 3].split()[-3:] == ["time", "left", "0s"]
    assert "Ctrl-C" not in final
    assert f"(details: mistral-ft jobs get {job_id})" in final
    assert len([line for line in lines if line.strip()]) < 16  # a few lines, not one per poll


def test_ctrl_c_stops_watching_prints_how_to_resume_and_cancels_nothing(server: FakeMistralServer) -> None:
    pressed: list[float] = []

    def press_ctrl_c_once_polled_twice(child: subprocess.Popen[bytes]) -> None:
        polls = [request for request in server.requests if request.path == f"/v1/fine_tuning/jobs/{VALIDATED}"]
        if len(polls) >= 2 and not pressed:
            pressed.append(time.monotonic())
            os.kill(child.pid, signal.SIGINT)

    session = run_on_terminal(
        [*COMMAND, "jobs", "wait", VALIDATED, "--poll-interval", "0.05"], server, on_tick=press_ctrl_c_once_polled_twice
    )
    final = session.text()
    print(f"\nafter Ctrl-C:\n{final}")
    assert pressed and session.code == 130, final
    assert "Traceback" not in final
    assert f"Resume with: mistral-ft jobs wait {VALIDATED}" in final.replace("\n", "")
    assert _status_rows(session.final)[0][1] == "VALIDATED"  # the view's last frame stays
    assert not [request for request in server.requests if request.method == "POST"]  # no cancel sent
    assert server.get_job(VALIDATED)["status"] == "VALIDATED"


def test_without_rich_a_terminal_gets_plain_lines_and_a_note(server: FakeMistralServer) -> None:
    job_id = _new_job(server)
    session = run_on_terminal(
        [*WITHOUT_RICH, "jobs", "wait", job_id, "--poll-interval", "0.03"],
        server,
        on_tick=_speed_up_once_polled(server, job_id),
    )
    final = session.text()
    assert session.code == 0, final
    lines = final.splitlines()
    assert lines[0] == "mistral-ft: note: the live view needs rich: pip install 'mistral-fine-tuning[cli]'"
    assert lines[1].startswith("QUEUED  ")
    assert any(line.startswith("SUCCESS  step 10/10 (100%)") for line in lines)


def test_with_cancel_on_interrupt_the_footer_says_ctrl_c_cancels(server: FakeMistralServer) -> None:
    pressed: list[bool] = []

    def press_ctrl_c_once_polled_twice(child: subprocess.Popen[bytes]) -> None:
        polls = [request for request in server.requests if request.path == f"/v1/fine_tuning/jobs/{VALIDATED}"]
        if len(polls) >= 2 and not pressed:
            pressed.append(True)
            os.kill(child.pid, signal.SIGINT)

    session = run_on_terminal(
        [*COMMAND, "jobs", "wait", VALIDATED, "--cancel-on-interrupt", "--poll-interval", "0.05"],
        server,
        on_tick=press_ctrl_c_once_polled_twice,
    )
    seen = [session.text(screen) for screen in session.screens]
    assert pressed and session.code == 130, session.text()
    # (a screen may catch a frame half drawn: the footer is looked for on any, the wrong one on none)
    assert any("Ctrl-C cancels the job (--cancel-on-interrupt)" in text for text in seen), seen[-1]
    assert not any("the job goes on" in text for text in seen)
    assert server.get_job(VALIDATED)["status"] == "CANCELLATION_REQUESTED"  # and it did
