"""The progress bar of an upload or a download on a terminal (rich), and the spinner shown while a file is checked.

Imported only when stderr is a terminal that shows them (`_transfer`), so rich stays an optional dependency (the
`cli` extra), as for the live view of `jobs wait` (`_live`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import IO, Any, Final

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

_LABEL_WIDTH: Final = 32  # a long file name is cut rather than pushing the figures off the line


class TransferBar:
    """One line redrawn in place: the file's name, a bar, bytes done of the total, the rate, and the time left (the
    time it took, once done). A total not known yet shows a pulsing bar."""

    def __init__(self, stream: IO[str], label: str) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=30),
            DownloadColumn(binary_units=True),
            TransferSpeedColumn(),
            TimeRemainingColumn(elapsed_when_finished=True),
            console=Console(file=stream),
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(_label(label), total=None)
        self._progress.start()

    def update(self, done: int, total: int | None) -> None:
        """`done` bytes of `total` (None: not known) went through; called from the sending thread."""
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        """Draw the last state and leave it on the screen."""
        self._progress.stop()


def spinner(stream: IO[str], text: str) -> AbstractContextManager[Any]:
    """A spinner beside `text` while the block runs, erased when it ends."""
    return Console(file=stream).status(text)


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_WIDTH else text[: _LABEL_WIDTH - 3] + "..."
