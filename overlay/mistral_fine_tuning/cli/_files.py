"""`mistral-ft files ...`: upload, check, list, get, download, url and delete, each declared once (options, help,
handler)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import Any, Final

from . import _exit
from ._arguments import non_negative_int, positive_int
from ._command import Context, Group
from ._exit import CliError

FILES: Final = Group(
    "files",
    "training data and other files",
    "Files: upload training data (checked first), list, download and delete them.",
)

_FINE_TUNE: Final = "fine-tune"


def file_id_argument(parser: argparse.ArgumentParser) -> None:
    """The file a command acts on."""
    parser.add_argument("file_id", metavar="FILE_ID")


# --- upload, check -------------------------------------------------------------------------------------------------


def _upload_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the file to upload; it is streamed from disk, never read whole")
    parser.add_argument(
        "--purpose",
        default=_FINE_TUNE,
        help="what the file is for: fine-tune (the default), batch, ocr, ... as the API names them",
    )
    parser.add_argument(
        "--check",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="check the file as fine-tuning data first and refuse it when it has errors (default: for a .jsonl "
        "file uploaded for fine-tune); --no-check uploads it as it is",
    )


@FILES.command(
    "upload",
    "Upload a file (training data is checked first); prints the uploaded file, whose id jobs create takes.",
    arguments=_upload_arguments,
    epilog="On a terminal a progress bar (bytes, rate, time left) is drawn on stderr; otherwise none is.\n\n"
    "examples:\n"
    "  mistral-ft files upload train.jsonl\n"
    "  mistral-ft files upload train.jsonl | jq -r .id        # the new file's id\n"
    "  mistral-ft files upload requests.jsonl --purpose batch",
)
def upload_file(ctx: Context) -> int:
    from ._transfer import check_training_data, existing_file, upload

    args = ctx.args
    path = existing_file(args.path)
    fine_tuning = args.purpose == _FINE_TUNE and path.lower().endswith(".jsonl")
    if args.check or (args.check is None and fine_tuning):
        check_training_data(args, path, job_type=None, refused="nothing was uploaded")
    ctx.show(upload(ctx, path, purpose=args.purpose))
    return _exit.OK


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a JSON Lines file of training data")
    parser.add_argument(
        "--job-type",
        choices=("completion", "classifier"),
        help="the kind of job the data is for (default: taken from the first record)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too, not only on errors")
    parser.add_argument(
        "--max-problems", type=non_negative_int, metavar="N", help="list at most N problems (default 100)"
    )
    parser.add_argument(
        "--json", dest="output", action="store_const", const="json", help="print the report as one JSON object"
    )


@FILES.command(
    "check",
    "Check training data on this machine, before uploading it: every problem, with its line.",
    arguments=_check_arguments,
    description="Check training data (JSON Lines) on this machine, as the API's documented rules and Mistral's own\n"
    "tools state them, and list every problem with its line and its place in the record. Errors break the API's\n"
    "rules (the data is not usable); warnings break rules only Mistral's local tools state. Exits 0 when there\n"
    "is no error (--strict: no problem at all), 2 otherwise. Nothing is sent.",
    epilog="examples:\n"
    "  mistral-ft files check train.jsonl\n"
    "  mistral-ft files check labels.jsonl --job-type classifier --json | jq .classifier_targets",
    calls_api=False,
)
def check_file(ctx: Context) -> int:
    from .. import data
    from ._output import write_json
    from ._transfer import checking, existing_file

    args = ctx.args
    path = existing_file(args.path)
    options: dict[str, Any] = {} if args.max_problems is None else {"max_problems": args.max_problems}
    with checking(args, args.path):
        report = data.check_file(path, job_type=args.job_type, **options)
    failed = not report.ok or (args.strict and not report.clean)
    if args.output == "json":
        summary: dict[str, Any] = {
            "path": args.path,
            "ok": report.ok,
            "job_type": report.job_type,
            "lines": report.lines,
            "records": report.records,
            "error_count": report.error_count,
            "warning_count": report.warning_count,
            "problems": [problem.as_dict() for problem in report.problems],
            "truncated": report.truncated,
        }
        if report.job_type == "classifier":
            summary["classifier_targets"] = report.classifier_targets()
        write_json(summary, sys.stdout)
    else:
        out = sys.stdout
        for problem in report.problems:
            out.write(f"{args.path}: {problem}\n")
        out.write(f"{args.path}: {_verdict(report)}\n")
    return _exit.BAD_INPUT if failed else _exit.OK


def _verdict(report: Any) -> str:
    """The last line of `files check`: the counts, the kind of data, and whether the list is whole."""
    kind = f" ({report.job_type} data)" if report.job_type else ""
    lines = f"{report.lines:,} line{'s' * (report.lines != 1)}"
    if report.clean:
        return f"no problems in {lines}{kind}"
    counts = ", ".join(
        f"{count:,} {noun}{'s' * (count != 1)}"
        for count, noun in ((report.error_count, "error"), (report.warning_count, "warning"))
        if count
    )
    listed = len(report.problems)
    cut = f"; only the first {listed:,} {'is' if listed == 1 else 'are'} listed (--max-problems N for more)"
    return f"{counts} in {lines}{kind}{cut if report.truncated else ''}"


# --- list ----------------------------------------------------------------------------------------------------------

_LIST_FILTERS: Final = ("purpose", "search", "sample_type", "source", "mimetypes")


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    filters = parser.add_argument_group("paging and filters")
    filters.add_argument("--page", type=non_negative_int, metavar="N", help="zero-based page (default 0)")
    filters.add_argument("--page-size", type=positive_int, metavar="N", help="files per page (default 100)")
    filters.add_argument("--all", action="store_true", help="page through every file matching the filters")
    filters.add_argument("--purpose", help="only files for this purpose (fine-tune, batch, ocr, ...)")
    filters.add_argument("--search", metavar="TEXT", help="only files whose name matches this text")
    filters.add_argument(
        "--sample-type",
        action="append",
        metavar="TYPE",
        help="only files of this sample type (instruct, pretrain, batch_request, ...; repeatable)",
    )
    filters.add_argument(
        "--source", action="append", metavar="SOURCE", help="only files from this source (upload, ...; repeatable)"
    )
    filters.add_argument(
        "--mimetype",
        dest="mimetypes",
        action="append",
        metavar="TYPE",
        help="only files of this media type, e.g. application/jsonl (repeatable)",
    )


@FILES.command("list", "List uploaded files: one page, or every page with --all.", arguments=_list_arguments)
def list_files(ctx: Context) -> int:
    from ._output import FILES as LAYOUT
    from ._output import list_pages

    args = ctx.args
    filters = {name: getattr(args, name) for name in _LIST_FILTERS if getattr(args, name) is not None}
    if args.all and args.page is not None:
        raise CliError("--all pages through every file: drop --page")
    files = ctx.mistral.files
    list_pages(
        args,
        ctx.width(),
        ctx.as_json,
        noun="file",
        layout=LAYOUT,
        filters=filters,
        list_page=files.list,
        every=lambda page_size, **given: files.iter(page_size=page_size, **given),
    )
    return _exit.OK


# --- get, download, url, delete ------------------------------------------------------------------------------------


@FILES.command("get", "Show an uploaded file: its name, size, purpose, lines.", arguments=file_id_argument)
def get_file(ctx: Context) -> int:
    ctx.show(ctx.mistral.files.retrieve(file_id=ctx.args.file_id))
    return _exit.OK


def _download_arguments(parser: argparse.ArgumentParser) -> None:
    file_id_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        dest="destination",
        metavar="PATH",
        help="where to write it: a file, a folder (the file keeps its name there), or - for stdout (default: "
        "stdout when it is not a terminal, else the file's own name in the current folder)",
    )
    parser.add_argument("--force", action="store_true", help="replace a file already at the destination")


@FILES.command(
    "download",
    "Download a file's contents, streamed to a file or to stdout.",
    arguments=_download_arguments,
    epilog="Where the bytes go, without -o: to stdout when it is a pipe or a file (`> copy.jsonl`, `| head`); on a\n"
    "terminal, into the current folder under the file's own name (never over an existing file without --force).\n"
    "A file is written under a temporary name beside it and renamed once complete, so an interrupted download\n"
    "leaves nothing half written. On a terminal a progress bar is drawn on stderr.\n\n"
    "examples:\n"
    "  mistral-ft files download FILE_ID                       # ./<its name>, on a terminal\n"
    "  mistral-ft files download FILE_ID -o data/ --force\n"
    "  mistral-ft files download FILE_ID | head -3",
)
def download_file(ctx: Context) -> int:
    from ._transfer import download, saved_note

    args = ctx.args
    destination: str | None = args.destination
    if destination is None and not sys.stdout.isatty():
        destination = "-"
    if destination == "-":
        download(ctx, args.file_id, sys.stdout, label=args.file_id, total=None)
        return _exit.OK
    files = ctx.mistral.files
    described: Any = None
    if destination is None or os.path.isdir(os.path.expanduser(destination)):
        described = files.retrieve(file_id=args.file_id)
        name = _local_name(str(described.filename), args.file_id)
        destination = name if destination is None else os.path.join(destination, name)
    target = os.path.expanduser(destination)
    if os.path.lexists(target) and not args.force:
        raise CliError(f"{destination} already exists: pass --force to replace it, or choose another path with -o")
    total = described.bytes_ if described is not None else None
    partial = f"{target}.part"
    try:
        with open(partial, "wb") as out:
            written = download(ctx, args.file_id, out, label=os.path.basename(target), total=total)
        os.replace(partial, target)
    except OSError as exc:
        _remove(partial)
        raise CliError(f"cannot write {destination}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(partial)
        raise
    sys.stderr.write(saved_note(args.file_id, destination, written) + "\n")
    return _exit.OK


def _local_name(filename: str, file_id: str) -> str:
    """The name to save a file under: the last part of the name it was uploaded with (which may be a whole path,
    from any system), or its id when that leaves nothing usable."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", "..") or "\x00" in name:
        return file_id
    return name


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # never created, or already gone
        os.remove(path)


def _url_arguments(parser: argparse.ArgumentParser) -> None:
    file_id_argument(parser)
    parser.add_argument(
        "--expiry", type=positive_int, metavar="HOURS", help="how long the URL stays valid (default: 24 hours)"
    )


@FILES.command(
    "url",
    "Get a URL the file can be downloaded from without the API key, for a while (--expiry).",
    arguments=_url_arguments,
    epilog='example:\n  curl -o copy.jsonl "$(mistral-ft files url FILE_ID | jq -r .url)"',
)
def signed_url(ctx: Context) -> int:
    args = ctx.args
    options: dict[str, Any] = {} if args.expiry is None else {"expiry": args.expiry}
    ctx.show(ctx.mistral.files.get_signed_url(file_id=args.file_id, **options))
    return _exit.OK


@FILES.command("delete", "Delete an uploaded file.", arguments=file_id_argument)
def delete_file(ctx: Context) -> int:
    ctx.show(ctx.mistral.files.delete(file_id=ctx.args.file_id))
    return _exit.OK
