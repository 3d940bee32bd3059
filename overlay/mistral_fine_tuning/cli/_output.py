"""What commands print on stdout: the API's JSON, or a readable table / key-value view of the same JSON.

Both read the JSON form of a result (`to_dict()`: exactly the fields the server sent, unknown ones included), so an
unknown job type (`UnknownVariant`) or a field added to the API later is shown like any other.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, Final, NamedTuple

# Shown first, in this order; the other fields follow in the API's order, then these last ones.
_FIRST: Final = ("id", "status", "job_type", "model", "fine_tuned_model", "suffix")
_LAST: Final = ("events", "checkpoints")
_SUMMARY: Final = ("id", "status", "model", "fine_tuned_model", "trained_tokens", "modified_at")


class Layout(NamedTuple):
    """How a list is shown as a table: its columns (title, JSON key), and how the table narrows to fit a terminal,
    tried in turn until one fits: the columns left out (the least useful first), and the text columns that may be
    cut, each down to a least width (the cut ends in an ellipsis); a value is kept whole as long as possible."""

    columns: tuple[tuple[str, str], ...]
    narrower: tuple[tuple[frozenset[str], dict[str, int]], ...]


# ID and STATUS are never cut: the id is what every other command takes.
JOBS: Final = Layout(
    columns=(
        ("ID", "id"),
        ("STATUS", "status"),
        ("TYPE", "job_type"),
        ("MODEL", "model"),
        ("CREATED", "created_at"),
        ("FINE-TUNED MODEL", "fine_tuned_model"),
    ),
    narrower=(
        (frozenset(), {}),
        (frozenset({"job_type"}), {}),
        (frozenset({"job_type", "created_at"}), {"model": 12}),
        (frozenset({"job_type", "created_at", "model"}), {"fine_tuned_model": 8}),  # the name holds the base model
    ),
)
# The id is never cut; the file name is cut last.
FILES: Final = Layout(
    columns=(
        ("ID", "id"),
        ("FILENAME", "filename"),
        ("PURPOSE", "purpose"),
        ("TYPE", "sample_type"),
        ("SIZE", "bytes"),
        ("LINES", "num_lines"),
        ("CREATED", "created_at"),
    ),
    narrower=(
        (frozenset(), {}),
        (frozenset({"sample_type"}), {}),
        (frozenset({"sample_type", "num_lines"}), {}),
        (frozenset({"sample_type", "num_lines", "created_at"}), {"filename": 12}),
        (frozenset({"sample_type", "num_lines", "created_at", "purpose"}), {"filename": 8}),
    ),
)
_GAP: Final = 2


def json_of(result: Any) -> Any:
    """The API's JSON for a result: `to_dict()` of a model, the raw payload of an `UnknownVariant`."""
    return result.to_dict()


def write_json(data: Any, stream: IO[str]) -> None:
    """JSON on one line for pipes, indented on a terminal; non-ASCII kept as is."""
    indent = 2 if stream.isatty() else None
    separators = None if indent else (",", ":")
    stream.write(json.dumps(data, indent=indent, separators=separators, ensure_ascii=False) + "\n")


def terminal_width() -> int | None:
    """The columns of the terminal stdout is on (COLUMNS, when set, wins); None when it is not a terminal."""
    import shutil  # not at the top: `--help` imports this module, and shutil is not small

    columns = shutil.get_terminal_size(fallback=(0, 0)).columns
    return columns if columns > 0 else None


def live_terminal(args: Any) -> bool:
    """Whether progress may be drawn in place on stderr (a live view, a progress bar): stderr is a terminal that
    can redraw, and no --verbose log shares it."""
    import os

    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb" and not getattr(args, "verbose", False)


def table(rows: Sequence[Mapping[str, Any]], width: int | None = None, layout: Layout = JOBS) -> str:
    """The rows (jobs, by default) as aligned columns, one line each, narrowed to `width` characters when given
    (see `Layout`)."""
    columns = {key: [title] + [_cell(key, row.get(key)) for row in rows] for title, key in layout.columns}
    widths = _fit({key: max(map(len, cells)) for key, cells in columns.items()}, width, layout)
    lines = []
    for row in range(len(rows) + 1):
        cells = [_cut(columns[key][row], size).ljust(size) for key, size in widths.items()]
        lines.append((" " * _GAP).join(cells).rstrip())
    return "\n".join(lines)


def _fit(natural: Mapping[str, int], width: int | None, layout: Layout) -> dict[str, int]:
    """The columns shown and their widths: the first of the layout's narrowings that fits in `width` (or the
    last)."""
    if width is None:
        return dict(natural)
    shown: dict[str, int] = {}
    for dropped, floors in layout.narrower:
        shown = {key: size for key, size in natural.items() if key not in dropped}
        excess = sum(shown.values()) + _GAP * (len(shown) - 1) - width
        for key, floor in floors.items():
            cut = max(0, min(excess, shown[key] - floor))
            shown[key] -= cut
            excess -= cut
        if excess <= 0:
            break
    return shown


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + _ellipsis()


def _ellipsis() -> str:
    """One character saying "cut here": an ellipsis, or `~` where stdout cannot encode it."""
    encoding = getattr(sys.stdout, "encoding", None)  # None: a text buffer, which takes any character
    try:
        "\u2026".encode(encoding or "utf-8")
    except (LookupError, UnicodeEncodeError):
        return "~"
    return "\u2026"


def key_values(data: Mapping[str, Any]) -> str:
    """One object as `label  value` lines; nested objects indented under their label, events and checkpoints as
    small tables."""
    keys = [key for key in _FIRST if key in data]
    keys += [key for key in data if key not in _FIRST and key not in _LAST]
    keys += [key for key in _LAST if key in data]
    width = _width(data)
    return "\n".join(_field(key, data[key], indent=0, width=width) for key in keys)


def summary(data: Mapping[str, Any]) -> str:
    """The few fields worth seeing once a wait is over (the live view has shown the rest)."""
    return key_values({key: data[key] for key in _SUMMARY if key in data})


def _width(data: Mapping[str, Any]) -> int:
    """The label column of one object: its longest label, and two spaces."""
    return max((len(_label(str(key))) for key in data), default=0) + 2


def _label(key: str) -> str:
    return key.replace("_", " ")


def _field(key: str, value: Any, *, indent: int, width: int) -> str:
    pad = " " * indent
    if key == "events" and isinstance(value, list) and value:
        return f"{pad}{_label(key)} ({len(value)}, newest first)\n" + _events(value, indent + 2)
    if key == "checkpoints" and isinstance(value, list) and value:
        return f"{pad}{_label(key)} ({len(value)}, newest first)\n" + _checkpoints(value, indent + 2)
    if isinstance(value, Mapping) and value:
        inner_width = _width(value)
        inner = "\n".join(_field(str(name), item, indent=indent + 2, width=inner_width) for name, item in value.items())
        return f"{pad}{_label(key)}\n{inner}"
    if isinstance(value, list) and any(isinstance(item, Mapping) for item in value):
        lines = [f"{pad}  {_inline(item)}" for item in value]
        return f"{pad}{_label(key)}\n" + "\n".join(lines)
    return f"{pad}{_label(key):<{width}}{_scalar(key, value)}"


def _events(events: Iterable[Any], indent: int) -> str:
    pad = " " * indent
    lines = []
    for event in events:
        if not isinstance(event, Mapping):
            lines.append(f"{pad}{_scalar('', event)}")
            continue
        data = event.get("data")
        details = _inline(data) if isinstance(data, Mapping) else ("" if data is None else _scalar("", data))
        lines.append(f"{pad}{_timestamp(event.get('created_at'))}  {event.get('name', '-')}  {details}".rstrip())
    return "\n".join(lines)


def _checkpoints(checkpoints: Iterable[Any], indent: int) -> str:
    rows = [["STEP", "TRAIN LOSS", "VALID LOSS", "VALID ACCURACY", "AT"]]
    for checkpoint in checkpoints:
        if not isinstance(checkpoint, Mapping):
            continue
        metrics = checkpoint.get("metrics")
        metrics = metrics if isinstance(metrics, Mapping) else {}
        rows.append(
            [
                _scalar("", checkpoint.get("step_number")),
                _number(metrics.get("train_loss")),
                _number(metrics.get("valid_loss")),
                _number(metrics.get("valid_mean_token_accuracy")),
                _timestamp(checkpoint.get("created_at")),
            ]
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    pad = " " * indent
    return "\n".join(
        pad + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def _inline(item: Any) -> str:
    if not isinstance(item, Mapping):
        return _scalar("", item)
    return "  ".join(f"{name}={_scalar(str(name), value)}" for name, value in item.items() if value is not None)


def _cell(key: str, value: Any) -> str:
    if key == "created_at":
        return _timestamp(value)
    if key == "bytes" and isinstance(value, int) and not isinstance(value, bool):
        return human_size(value)
    return _scalar(key, value)


def _scalar(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and (key.endswith(("_at", "_time")) or key == "created"):
        return _timestamp(value)
    if isinstance(value, int) and key == "bytes" and value >= 1024:
        return f"{value} ({human_size(value)})"
    if isinstance(value, int | float) and key.endswith("_seconds"):
        return f"{value} s ({duration(float(value))})"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(_scalar(key, item) for item in value) if value else "-"
    if isinstance(value, Mapping):
        return _inline(value) or "-"
    return str(value)


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _timestamp(value: Any) -> str:
    """A Unix time as `YYYY-MM-DD HH:MM:SS UTC`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "-" if value is None else str(value)
    try:
        moment = datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def human_size(count: int) -> str:
    """`512 B`, `1.5 KiB`, `12.3 MiB`: a byte count in binary units."""
    value, unit = float(count), "B"
    for larger in ("KiB", "MiB", "GiB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"


def duration(seconds: float) -> str:
    """`1h02m03s`, `4m05s`, `6s`."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def list_pages(
    args: Any,
    width: int | None,
    as_json: bool,
    *,
    noun: str,
    layout: Layout,
    filters: dict[str, Any],
    list_page: Any,
    every: Any,
) -> None:
    """A list command's output: every item (`--all`, through `every(page_size, **filters)`) or one page
    (`list_page(**filters)`), as JSON or as a table with a footer saying which items of how many are shown."""
    plural = f"{noun}s"
    if args.all:
        from .. import pagination

        found = [json_of(item) for item in every(args.page_size or pagination.DEFAULT_PAGE_SIZE, **filters)]
        if as_json:
            write_json(found, sys.stdout)
        else:
            sys.stdout.write(table(found, width, layout) + f"\n{len(found)} {noun if len(found) == 1 else plural}\n")
        return
    if args.page is not None:
        filters["page"] = args.page
    if args.page_size is not None:
        filters["page_size"] = args.page_size
    page = list_page(**filters)
    if as_json:
        write_json(json_of(page), sys.stdout)
        return
    import inspect

    data = [json_of(item) for item in page.data]
    page_size = args.page_size or inspect.signature(list_page).parameters["page_size"].default
    first = (args.page or 0) * page_size
    shown = f"{plural} {first + 1}-{first + len(data)}" if data else f"no {plural}"
    total = page.total if isinstance(page.total, int) else None
    if total is None:  # not counted: a full page may have a next one
        more = "; --all for every page" if len(data) == page_size else ""
        footer = f"{shown} (page {args.page or 0}){more}"
    else:
        more = "; --all for every page" if first + len(data) < total else ""
        footer = f"{shown} of {total} (page {args.page or 0}){more}"
    sys.stdout.write(table(data, width, layout) + f"\n{footer}\n")
