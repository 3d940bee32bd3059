"""The results table: rows of floor / ours / ratio / second floor / goal, formatted as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

TIMES: Final = "\u00d7"
"""The multiplication sign after a ratio."""


@dataclass(frozen=True, slots=True)
class Goal:
    """A bound on the ratio ours / floor, e.g. `Goal("<=", 1.3)`."""

    op: Literal["<=", ">="]
    limit: float

    def met(self, ratio: float) -> bool:
        return ratio <= self.limit if self.op == "<=" else ratio >= self.limit

    def __str__(self) -> str:
        return f"{'≤' if self.op == '<=' else '≥'} {self.limit:g}{TIMES}"


@dataclass(frozen=True, slots=True)
class Row:
    """One measure: the floor and ours from the same run, in `unit`, and the goal on their ratio (None: report).

    `httpx` is the second floor (raw httpx) from the same run, None where it was not measured.
    """

    key: str
    measure: str
    floor: float
    ours: float
    unit: str
    goal: Goal | None = None
    httpx: float | None = None

    @property
    def ratio(self) -> float:
        """ours / floor (for a throughput, above 1 means ours is faster)."""
        return self.ours / self.floor if self.floor else float("nan")

    @property
    def httpx_ratio(self) -> float | None:
        """ours / the second floor, or None."""
        return None if not self.httpx else self.ours / self.httpx

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return "report"
        return f"{self.goal} {'meets' if self.goal.met(self.ratio) else 'misses'}"


def quantity(value: float, unit: str) -> str:
    """`value` with about three significant digits and its unit."""
    if unit in ("calls/s", "KiB", "jobs/s"):
        return f"{value:,.0f} {unit}"
    if unit.startswith("per "):  # a count per so many events, e.g. "per 10k requests"
        return f"{value:,.0f} {unit}"
    magnitude = abs(value)
    digits = 3 if magnitude < 1 else 2 if magnitude < 10 else 1
    return f"{value:.{digits}f} {unit}"


def ratio(value: float) -> str:
    return f"{value:.2f}{TIMES}"


def markdown(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


HEADERS: Final = ("measure", "floor (httpx2)", "ours", "ratio", "floor (httpx)", "ours/httpx", "goal")


def render(rows: Sequence[Row]) -> str:
    """The main table: measure | floor (httpx2) | ours | ratio | floor (httpx) | ours/httpx | goal."""
    cells = []
    for row in rows:
        second = "" if row.httpx is None else quantity(row.httpx, row.unit)
        second_ratio = "" if row.httpx_ratio is None else ratio(row.httpx_ratio)
        cells.append(
            [
                row.measure,
                quantity(row.floor, row.unit),
                quantity(row.ours, row.unit),
                ratio(row.ratio),
                second,
                second_ratio,
                row.verdict,
            ]
        )
    return markdown(HEADERS, cells)
