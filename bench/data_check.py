"""How fast `mistral_fine_tuning.data` checks training data, next to `json.loads` over the same lines (the floor).

Writes realistic JSON Lines files into a temporary folder (completion conversations, some with system prompts,
tool calls, images and weights, non-ASCII text; and classifier records), then times, alternating, the floor (read
the file in binary and `json.loads` each line) and `data.check_file`, and prints MB/s side by side:

    python -m bench.data_check [--quick] [--mb N] [--runs N]

The goal: the check runs at least at half the floor's speed (ratio >= 0.5). The last row is the check without
jiter (the standard library alone), reported only.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from mistral_fine_tuning import data

from bench.common import Row, render

DEFAULT_MB: Final = 100
QUICK_MB: Final = 5
GOAL: Final = 0.5

_VOCABULARY: Final = (
    "the of and to in is was for on that with as by at from this be are or an it which not have has had were but "
    "all can more one their also its new model data train value answer question because would could about into "
    "café naïve über résumé données straße 東京 データ"
)
_WORDS: Final = tuple(_VOCABULARY.split())
TIMES: Final = "\u00d7"
"""The multiplication sign after a ratio."""
_TOOLS: Final[list[dict[str, Any]]] = [
    {
        "type": "function",
        "function": {
            "name": name,
            "description": f"Look up the {name.split('_')[-1]} of something.",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
                "required": ["query"],
            },
        },
    }
    for name in ("get_weather", "get_price", "search_docs")
]
_ID_CHARS: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _text(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def completion_record(rng: random.Random) -> dict[str, Any]:
    """One conversation, in the proportions of a typical instruct dataset."""
    messages: list[dict[str, Any]] = []
    if rng.random() < 0.5:
        messages.append({"role": "system", "content": _text(rng, 10, 40)})
    kind = rng.random()
    if kind < 0.1:  # function calling
        tool = rng.choice(_TOOLS)["function"]["name"]
        call_id = "".join(rng.choices(_ID_CHARS, k=9))
        arguments = json.dumps({"query": _text(rng, 2, 6), "limit": rng.randint(1, 10)})
        messages += [
            {"role": "user", "content": _text(rng, 8, 60)},
            {
                "role": "assistant",
                "tool_calls": [{"id": call_id, "type": "function", "function": {"name": tool, "arguments": arguments}}],
            },
            {"role": "tool", "tool_call_id": call_id, "content": json.dumps({"result": _text(rng, 5, 30)})},
            {"role": "assistant", "content": _text(rng, 20, 120)},
        ]
        return {"messages": messages, "tools": _TOOLS}
    if kind < 0.15:  # vision
        messages.append(
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": _text(rng, 5, 30)},
                    {"type": "image_url", "image_url": f"https://example.com/images/{rng.randint(1, 10**6)}.jpg"},
                ],
            }
        )
        messages.append({"role": "assistant", "content": _text(rng, 20, 150)})
        return {"messages": messages}
    for _ in range(rng.randint(1, 4)):
        messages.append({"role": "user", "content": _text(rng, 8, 120)})
        reply: dict[str, Any] = {"role": "assistant", "content": _text(rng, 20, 250)}
        if kind < 0.25:
            reply["weight"] = rng.choice((0, 1))
        messages.append(reply)
    return {"messages": messages}


def _classifier_record(rng: random.Random) -> dict[str, Any]:
    labels: dict[str, Any] = {"sentiment": rng.choice(("positive", "negative", "neutral"))}
    if rng.random() < 0.5:
        labels["topics"] = sorted(set(rng.choices(("food", "travel", "sport", "music", "tech"), k=rng.randint(1, 3))))
    if rng.random() < 0.3:
        return {"messages": [{"role": "user", "content": _text(rng, 10, 80)}], "labels": labels}
    return {"text": _text(rng, 10, 80), "labels": labels}


def write_jsonl(path: Path, size_bytes: int, make: Callable[[random.Random], dict[str, Any]], seed: int = 7) -> int:
    """Write records made by `make` to `path` until it holds at least `size_bytes`; returns the bytes written."""
    rng = random.Random(seed)
    written = 0
    with path.open("wb") as out:
        while written < size_bytes:
            line = json.dumps(make(rng), ensure_ascii=False).encode() + b"\n"
            out.write(line)
            written += len(line)
    return written


def _floor(path: Path) -> None:
    loads = json.loads
    with path.open("rb") as lines:
        for line in lines:
            loads(line)


def _ours(path: Path) -> None:
    report = data.check_file(path)
    if not report.ok:  # the generated data is valid: anything else is a bug, not a speed
        raise SystemExit(f"the generated data did not pass: {report.summary()}")


def _ours_without_jiter(path: Path) -> None:
    saved = sys.modules.get("jiter")
    sys.modules["jiter"] = None  # type: ignore[assignment]  # makes `import jiter` fail, as when it is absent
    try:
        _ours(path)
    finally:
        if saved is None:
            del sys.modules["jiter"]
        else:
            sys.modules["jiter"] = saved


def _seconds(target: Callable[[Path], None], path: Path) -> float:
    gc.collect()
    start = time.perf_counter()
    target(path)
    return time.perf_counter() - start


def _medians(targets: dict[str, Callable[[Path], None]], path: Path, runs: int) -> dict[str, float]:
    """Median seconds of each target over `runs` rounds, the targets alternating within each round."""
    times: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(runs):
        for name, target in targets.items():
            times[name].append(_seconds(target, path))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(quick: bool, *, megabytes: float | None = None, runs: int | None = None) -> list[Row]:
    """Generate the files, time the floor and the check on each, and return the rows.

    Args:
        quick: a smoke run: 5 MB files and 3 rounds (else 100 MB and 5 rounds).
        megabytes: the size of each generated file, overriding `quick`'s.
        runs: rounds per file, overriding `quick`'s.
    """
    size = int((megabytes or (QUICK_MB if quick else DEFAULT_MB)) * 1_000_000)
    rounds = runs or (3 if quick else 5)
    rows: list[Row] = []
    data.check_bytes(b"{}\n")  # loads what the first check loads (jiter), outside the timings
    with tempfile.TemporaryDirectory(prefix="data-check-") as folder:
        for label, make in (("completion", completion_record), ("classifier", _classifier_record)):
            path = Path(folder) / f"{label}.jsonl"
            written = write_jsonl(path, size, make)
            targets: dict[str, Callable[[Path], None]] = {"floor": _floor, "ours": _ours}
            if label == "completion":
                targets["stdlib"] = _ours_without_jiter
            seconds = _medians(targets, path, rounds)
            mb = written / 1_000_000
            what = f"{label} data, {size / 1_000_000:g} MB"
            measure = f"data check `data.check_file`, {what} (floor: `json.loads` per line)"
            rows.append(
                Row(f"data_{label}", measure, mb / seconds["floor"], mb / seconds["ours"], "MB/s", f">= {GOAL:g}")
            )
            if "stdlib" in seconds:
                measure = f"data check without jiter, {what} (floor: `json.loads` per line)"
                rows.append(Row(f"data_{label}_stdlib", measure, mb / seconds["floor"], mb / seconds["stdlib"], "MB/s"))
            path.unlink()
    return rows


def _lines_of(rows: list[Row]) -> Iterator[str]:
    yield f"Python {sys.version.split()[0]}, jiter {'present' if _has_jiter() else 'absent'}"
    yield render(rows)


def _has_jiter() -> bool:
    try:
        import jiter  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the measures and print the table; exit status 1 when a goal is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.data_check", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_MB} MB files instead of {DEFAULT_MB} MB")
    parser.add_argument("--mb", type=float, default=None, help="size of each generated file in MB")
    parser.add_argument("--runs", type=int, default=None, help="timed rounds per file")
    args = parser.parse_args(argv)
    rows = measure(args.quick, megabytes=args.mb, runs=args.runs)
    for line in _lines_of(rows):
        print(line)
    return 0 if all(not row.verdict.endswith("misses") for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
