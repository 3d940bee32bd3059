"""`mistral-ft jobs wait`, uploads and downloads on a real terminal: the command runs on a pseudo-terminal against
the fake server (its clock sped up), and what it writes is fed to a VT100 emulator (pyte), whose screen is what a
user would see.

The live view must redraw in place (one status line that changes, not a growing log) and end on the final status;
Ctrl-C must print how to resume and send no cancel request; without rich, the plain lines and a note are shown. An
upload or a download draws one progress bar, redrawn in place, that ends showing the whole size, the rate and the
time it took.
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
    cwd: Path | None = None,
) -> Session:
    """Run `argv` (in `cwd`) with stdin, stdout and stderr on a new pseudo-terminal of COLUMNS x ROWS; `on_tick` is
    called every few milliseconds while it runs (to speed the fake's clock up, or to press Ctrl-C)."""
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
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True, cwd=cwd
    )
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


# --- uploads and downloads -----------------------------------------------------------------------------------------

# `train.jsonl ━━━━━━ 4.0/4.0 MiB 1.1 GB/s 0:00:00`: the name, the bar, bytes done of all, the rate, the time taken
_BAR = re.compile(
    r"(?P<name>\S+) +━+ +(?P<done>[\d.]+)/(?P<total>[\d.]+) (?P<unit>bytes|KiB|MiB) +(?P<rate>[\d.]+ [kMG]?B/s)"
    r" +(?P<time>\d+:\d\d:\d\d)"
)


def _training_data(path: Path, kib: int) -> None:
    """Valid completion data of exactly `kib` KiB: lines of 1024 bytes."""
    head, tail = '{"messages": [{"role": "user", "content": "', '?"}, {"role": "assistant", "content": "Yes."}]}\n'
    line = (head + "x" * (1024 - len(head) - len(tail)) + tail).encode()
    path.write_bytes(line * kib)


def _bar_rows(screen: list[str]) -> list[str]:
    return [line for line in screen if "━" in line]


def test_upload_draws_one_bar_with_bytes_rate_and_time_then_the_file(server: FakeMistralServer, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    _training_data(path, 4 << 10)
    session = run_on_terminal([*COMMAND, "files", "upload", "train.jsonl"], server, cwd=tmp_path)
    final = session.text()
    print(f"\nthe final screen:\n{final}")
    assert session.code == 0, final
    assert all(len(_bar_rows(screen)) <= 1 for screen in session.screens), "more than one bar at once"
    [bar] = _bar_rows(session.final)
    drawn = _BAR.search(bar)
    assert drawn is not None, bar
    assert drawn["name"] == "train.jsonl" and drawn["unit"] == "MiB"
    assert drawn["done"] == drawn["total"] == "4.0"
    with Mistral(api_key="any", server_url=server.server_url) as mistral:
        [file_id] = [file.id for file in mistral.files.list().data if file.filename == "train.jsonl"]
    assert re.search(rf"^id\s+{file_id}$", final, re.MULTILINE), final  # then the key-value view of the file
    assert "checking" not in final  # the spinner of the check is gone


def test_download_on_a_terminal_saves_under_its_own_name_with_a_bar(server: FakeMistralServer, tmp_path: Path) -> None:
    source = tmp_path / "notes.jsonl"
    _training_data(source, 1 << 10)
    with Mistral(api_key="any", server_url=server.server_url) as mistral:
        file_id = mistral.files.upload(file=source).id
    folder = tmp_path / "here"
    folder.mkdir()
    session = run_on_terminal([*COMMAND, "files", "download", file_id], server, cwd=folder)
    final = session.text()
    assert session.code == 0, final
    assert (folder / "notes.jsonl").read_bytes() == source.read_bytes()
    [bar] = _bar_rows(session.final)
    drawn = _BAR.search(bar)
    assert drawn is not None and drawn["name"] == "notes.jsonl", bar
    assert drawn["done"] == drawn["total"] == "1.0" and drawn["unit"] == "MiB"
    assert f"mistral-ft: saved {file_id} to notes.jsonl (1.0 MiB)" in final.replace("\n", "")


def test_an_upload_refused_on_a_terminal_lists_the_problems(server: FakeMistralServer, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_bytes(b'{"messages": [{"role": "bot", "content": "hi"}]}\n')
    session = run_on_terminal([*COMMAND, "files", "upload", "bad.jsonl"], server, cwd=tmp_path)
    lines = session.text().splitlines()
    assert session.code == 2, session.text()
    assert lines[0].startswith("bad.jsonl: line 1, messages[0].role: unknown role 'bot'")
    assert any(line.startswith("mistral-ft: error: ") for line in lines)
    assert not any("checking" in line or "━" in line for line in lines)
    assert not [request for request in server.requests if request.method == "POST"]


def test_without_rich_an_upload_notes_it_and_draws_no_bar(server: FakeMistralServer, tmp_path: Path) -> None:
    _training_data(tmp_path / "train.jsonl", 64)
    session = run_on_terminal([*WITHOUT_RICH, "files", "upload", "train.jsonl"], server, cwd=tmp_path)
    final = session.text()
    assert session.code == 0, final
    lines = final.splitlines()
    assert lines[0] == "mistral-ft: note: the progress bar needs rich: pip install 'mistral-fine-tuning[cli]'"
    assert not _bar_rows(session.final)
    assert re.match(r"id\s+[0-9a-f-]{36}$", lines[1]), final


def test_the_bar_shows_a_transfer_under_way() -> None:
    """What the bar draws half-way (a terminal test only sees the end of a transfer this fast)."""
    import io

    from mistral_fine_tuning.cli._bar import TransferBar

    out = io.StringIO()
    bar = TransferBar(out, "a-very-long-name-for-a-training-data-file.jsonl")
    bar.update(0, 4 << 20)
    bar.update(1 << 20, 4 << 20)
    bar.close()  # draws the current state once more (a StringIO is no terminal: only that is drawn)
    drawn = out.getvalue()
    assert "1.0/4.0 MiB" in drawn and "a-very-long-name-for-a-traini..." in drawn, drawn
    assert "━" in drawn
