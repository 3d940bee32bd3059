"""Local files on their way to the API and back: training data checked before it is uploaded, uploads and
downloads with a progress bar when stderr is a terminal (rich, imported only then; without it, a note and no bar).

Nothing here holds a whole file in memory: the check reads one line at a time (`data.check_file`), an upload is read
by the HTTP library as it sends (`files.upload(file=path)`), and a download is written chunk by chunk.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Final, Protocol

from ._command import PROG
from ._exit import CliError
from ._output import human_size, live_terminal

if TYPE_CHECKING:
    from ._command import Context

RICH_MISSING_NOTE: Final = f"{PROG}: note: the progress bar needs rich: pip install 'mistral-fine-tuning[cli]'"
LISTED_ERRORS: Final = 20
"""How many errors a refused upload lists; `files check` lists them all."""


class Bar(Protocol):
    """Where the progress of a transfer goes: `update(done, total)` as bytes go through, `close()` at the end."""

    def update(self, done: int, total: int | None) -> None: ...

    def close(self) -> None: ...


class _NoBar:
    """No progress shown: stderr is not a terminal (a log, CI), --verbose logs use it, or rich is missing."""

    def update(self, done: int, total: int | None) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(args: argparse.Namespace, label: str) -> Bar:
    """A live bar on stderr when it is a terminal that can show one (see `_output.live_terminal`), else nothing."""
    if not live_terminal(args):
        return _NoBar()
    try:
        from ._bar import TransferBar
    except ImportError:
        sys.stderr.write(RICH_MISSING_NOTE + "\n")
        return _NoBar()
    return TransferBar(sys.stderr, label)


@contextmanager
def checking(args: argparse.Namespace, label: str) -> Iterator[None]:
    """A spinner on a terminal while `label` is checked (a large file takes seconds); nothing elsewhere."""
    if live_terminal(args):
        try:
            from ._bar import spinner
        except ImportError:
            pass  # an upload that follows says that rich is missing
        else:
            with spinner(sys.stderr, f"checking {label}"):
                yield
            return
    yield


def existing_file(path: str, what: str = "") -> str:
    """`path` when it names a file that can be read, with `~` expanded; a one-line error otherwise."""
    expanded = os.path.expanduser(path)
    where = f"{what}: " if what else ""
    if os.path.isdir(expanded):
        raise CliError(f"{where}{path} is a folder, not a file")
    if not os.path.isfile(expanded):
        raise CliError(f"{where}no such file: {path}")
    if not os.access(expanded, os.R_OK):
        raise CliError(f"{where}cannot read {path}: permission denied")
    return expanded


def check_training_data(args: argparse.Namespace, path: str, *, job_type: str | None, refused: str) -> None:
    """Check `path` as fine-tuning data before it is uploaded (`data.check_file`).

    With errors: each one (up to `LISTED_ERRORS`) on stderr with its line, then a `CliError` (bad input) whose
    message ends with `refused` (what was not done). With only warnings: one note on stderr, and the upload goes on.
    """
    from .. import data

    kind: Any = job_type if job_type in ("completion", "classifier") else None  # another type: let the API judge
    with checking(args, path):
        report = data.check_file(path, job_type=kind)
    check_again = f"{PROG} files check {shlex.quote(path)}"
    if report.ok:
        if report.warning_count:
            sys.stderr.write(f"{PROG}: note: {path}: {report.summary()} ({check_again} lists every problem)\n")
        return
    errors = report.errors
    for problem in errors[:LISTED_ERRORS]:
        sys.stderr.write(f"{path}: {problem}\n")
    if report.error_count > LISTED_ERRORS:
        sys.stderr.write(f"... and {report.error_count - LISTED_ERRORS:,} more errors ({check_again} lists them)\n")
    counts = _count(report.error_count, "error")
    if report.warning_count:
        counts += f" (and {_count(report.warning_count, 'warning')})"
    raise CliError(
        f"{path} is not valid training data: {counts} in {_count(report.lines, 'line')}; {refused} "
        "(fix them, or pass --no-check to upload the file as it is)"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def upload(ctx: Context, path: str, *, purpose: str | None) -> Any:
    """Upload the file at `path`, streamed from disk, with a progress bar on a terminal; returns `UploadFileOut`."""
    bar = progress_bar(ctx.args, os.path.basename(path))
    options: dict[str, Any] = {} if purpose is None else {"purpose": purpose}
    try:
        return ctx.mistral.files.upload(file=path, on_progress=bar.update, **options)
    finally:
        bar.close()


def download(ctx: Context, file_id: str, out: IO[bytes] | IO[str], *, label: str, total: int | None) -> int:
    """Write the file's contents to `out` as they arrive, with a progress bar on a terminal (unless `out` is that
    terminal); returns the bytes written. `total` (the file's size, if known) is used when the response does not
    say its length.

    A text stream without a binary buffer (stdout captured by a caller) gets the bytes decoded as UTF-8, with
    undecodable bytes kept as surrogate escapes.
    """
    bar = progress_bar(ctx.args, label) if _bar_fits(out) else _NoBar()
    write = _writer(out)
    done = 0
    try:
        with ctx.mistral.files.download(file_id=file_id) as response:
            length = response.headers.get("content-length")
            if length is not None and length.isdigit():
                total = int(length)
            bar.update(0, total)
            for chunk in response.iter_bytes():
                write(chunk)
                done += len(chunk)
                bar.update(done, total)
        write(b"", final=True)
    finally:
        bar.close()
    return done


def _bar_fits(out: IO[Any]) -> bool:
    """No bar when the bytes themselves go to a terminal (`-o -` on one): the two would be mixed up."""
    try:
        return not out.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: it is not a terminal
        return True


def _writer(out: IO[Any]) -> Any:
    """A `write(chunk, final=False)` for a binary stream, or for a text stream through its buffer (or decoding)."""
    binary = getattr(out, "buffer", None) if not _is_binary(out) else out
    if binary is not None:

        def write_bytes(chunk: bytes, final: bool = False) -> None:
            binary.write(chunk)
            if final:
                binary.flush()

        return write_bytes
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")

    def write_text(chunk: bytes, final: bool = False) -> None:
        out.write(decoder.decode(chunk, final))

    return write_text


def _is_binary(out: IO[Any]) -> bool:
    import io

    return isinstance(out, io.RawIOBase | io.BufferedIOBase) or "b" in getattr(out, "mode", "")


def saved_note(file_id: str, path: str, size: int) -> str:
    """What a download to a file says on stderr once the file is in place."""
    return f"{PROG}: saved {file_id} to {path} ({human_size(size)})"
