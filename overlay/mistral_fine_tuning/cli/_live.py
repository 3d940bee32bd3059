"""The live view of `jobs wait` on a terminal (rich): a few lines redrawn in place.

This is the only module that imports rich, and it is imported only when the view is shown, so rich stays an
optional dependency (the `cli` extra).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Final

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ._command import PROG
from ._output import json_of
from ._progress import Progress, progress_of

if TYPE_CHECKING:
    from ..waiting import JobUpdate

_STATUS_STYLES: Final = {
    "SUCCESS": "bold green",
    "FAILED": "bold red",
    "FAILED_VALIDATION": "bold red",
    "CANCELLED": "bold yellow",
    "CANCELLATION_REQUESTED": "yellow",
    "RUNNING": "bold cyan",
}
_BAR_WIDTH: Final = 30


class LiveReporter:
    """Redraws the job's status, progress, losses, elapsed time and time left, four times a second (so the clock
    moves between polls) and at once after each change."""

    def __init__(
        self, stream: IO[str], terminal: Callable[[Any], frozenset[str]], *, cancel_on_interrupt: bool = False
    ) -> None:
        self._terminal = terminal
        self._footer = ctrl_c_note(cancel_on_interrupt=cancel_on_interrupt)
        self._job: dict[str, Any] | None = None
        self._final: frozenset[str] = frozenset()
        self._console = Console(file=stream)
        self._live = Live(
            console=self._console,
            get_renderable=self._render,
            refresh_per_second=4,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._live.start()

    def update(self, update: JobUpdate) -> None:
        self._final = self._terminal(update.job)
        self._job = json_of(update.job)  # a new object each time: the refresh thread reads it whole
        self._live.refresh()

    def close(self) -> None:
        self._live.stop()

    def _render(self) -> RenderableType:
        job = self._job
        if job is None:
            return Text(f"{PROG}: waiting for the job...  ({self._footer})")
        return view(progress_of(job, now=time.time(), terminal=self._final), self._footer)


def ctrl_c_note(*, cancel_on_interrupt: bool) -> str:
    """What Ctrl-C does, as the view's footer says it."""
    if cancel_on_interrupt:
        return "Ctrl-C cancels the job (--cancel-on-interrupt)"
    return "Ctrl-C stops watching; the job goes on"


def view(progress: Progress, footer: str) -> RenderableType:
    """The rendered view of one moment of a job, with `footer` under it while the job is not over."""
    title = Text.assemble(("job ", "dim"), (progress.job_id, "bold"), ("  " + (progress.model or ""), "dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_row("status", Text(progress.status, style=_STATUS_STYLES.get(progress.status, "bold")))
    fraction = progress.fraction
    steps = Text(f"step {progress.steps_text()}")
    if fraction is not None:
        bar = ProgressBar(total=1.0, completed=fraction, width=_BAR_WIDTH)
        grid.add_row("progress", _row(bar, steps))
    elif not progress.final and progress.status == "RUNNING":
        grid.add_row("progress", _row(ProgressBar(total=None, pulse=True, width=_BAR_WIDTH), steps))
    else:
        grid.add_row("progress", steps)
    grid.add_row("loss", progress.loss_text())
    grid.add_row("elapsed", f"{progress.elapsed_text()}   time left {progress.remaining_text()}")
    if progress.reason:
        grid.add_row("reason", Text(progress.reason, style="red" if progress.final else ""))
    if progress.final:
        return Group(title, grid)
    return Group(title, grid, Text(footer, style="dim"))


def _row(bar: ProgressBar, text: Text) -> Table:
    row = Table.grid(padding=(0, 2))
    row.add_column(no_wrap=True)
    row.add_column(no_wrap=True)
    row.add_row(bar, text)
    return row
