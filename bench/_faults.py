"""Faults spread over a run: about one request in `1 / rate` gets one, at a seeded random place in each block.

The fake server consumes injections first in, first out, one per request (`FakeMistralServer.inject`). A schedule
is a list of runs: `Fault.delay(0)` (which lets a request through untouched) for the requests between two faults,
and one real fault, so every request only ever looks at the head of the queue. Blocks of `round(1 / rate)`
requests hold exactly one fault each, so the faults are evenly spread over the run, whatever the concurrency.

Imported by the server process (`bench._server_proc`), which owns the fake; the parent only names a mix.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from mistral_fine_tuning.testing import Fault

PASS_THROUGH: Final = Fault.delay(0.0)
"""An injection that changes nothing: the request waits 0 s, then is handled normally."""

RETRY_NOW: Final = {"Retry-After": "0"}

MIXES: Final[dict[str, tuple[tuple[str, Fault, float], ...]]] = {
    # P6: half the faults lose a handled request's answer (the connection is dropped), half are 503s.
    "drop_503": (
        ("drop after handling", Fault.drop_connection(after_handling=True), 0.5),
        ("503 Retry-After: 0", Fault.error(503, headers=RETRY_NOW), 0.5),
    ),
    # make soak: the same, plus drops before the request is handled and answers cut short.
    "soak": (
        ("drop after handling", Fault.drop_connection(after_handling=True), 0.35),
        ("drop before handling", Fault.drop_connection(), 0.15),
        ("503 Retry-After: 0", Fault.error(503, headers=RETRY_NOW), 0.35),
        ("truncated JSON", Fault.truncated_json(0.5), 0.15),
    ),
}
"""Named mixes of faults: (label, fault, share of the faults)."""


@dataclass(frozen=True, slots=True)
class Run:
    """`times` consecutive requests get `fault` (a real fault when `label` is set, else `PASS_THROUGH`)."""

    fault: Fault
    times: int
    label: str | None = None


def schedule(requests: int, rate: float, mix: str, seed: int) -> list[Run]:
    """Runs covering `requests` requests, one fault per block of `round(1 / rate)` of them, drawn from `mix`."""
    if not 0 < rate <= 0.5:
        raise ValueError(f"rate must be in (0, 0.5], got {rate!r}")
    kinds = MIXES[mix]
    block = round(1 / rate)
    rng = random.Random(seed)
    runs: list[Run] = []
    for start in range(0, requests, block):
        at = rng.randrange(block)
        label, fault, _ = rng.choices(kinds, weights=[share for _, _, share in kinds])[0]
        if at:
            runs.append(Run(PASS_THROUGH, at))
        runs.append(Run(fault, 1, label))
        rest = min(block, requests - start) - at - 1
        if rest > 0:
            runs.append(Run(PASS_THROUGH, rest))
    return runs


def faults_hit(runs: list[Run], pending: int) -> dict[str, int]:
    """How many faults of each kind were taken, given how many of the runs' injections are still pending.

    The queue is consumed from its head, so the pending injections are the schedule's last `pending` runs (the
    first of them possibly partly used); every fault before them was taken.
    """
    taken: dict[str, int] = {}
    for run in runs[: len(runs) - pending]:
        if run.label is not None:
            taken[run.label] = taken.get(run.label, 0) + 1
    return taken
