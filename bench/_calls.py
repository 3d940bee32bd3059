"""In-process sync measures, one reused client per target: P2 sequential `get`, P3 `list` of 1000, parse only.

Every client is first checked to return the right job and all 1000 jobs, so the timings measure real work.
"""

from __future__ import annotations

import functools
import json
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._measure import alternate, median, percentile, timed_calls, warm
from ._targets import PAGE_SIZE, Endpoint, SyncTarget


def _field(result: object, name: str) -> Any:
    return result[name] if isinstance(result, dict) else getattr(result, name)


def verify(name: str, target: SyncTarget, endpoint: Endpoint) -> None:
    """Raise RuntimeError unless `target.get` returns the benchmark's job and `target.list` all 1000 jobs."""
    job_id = _field(target.get(), "id")
    if str(job_id) != endpoint.job_id:
        raise RuntimeError(f"{name}: get returned job {job_id!r}, expected {endpoint.job_id!r}")
    count = len(_field(target.list(), "data"))
    if count != PAGE_SIZE:
        raise RuntimeError(f"{name}: list returned {count} jobs, expected {PAGE_SIZE}")


@dataclass(frozen=True, slots=True)
class Sequential:
    """P2 for one target: the duration in seconds of every call, grouped by round."""

    rounds: list[list[float]]

    @property
    def per_call(self) -> float:
        """The median over rounds of the per-call mean of each round."""
        return median([statistics.fmean(calls) for calls in self.rounds])

    def percentile(self, q: float) -> float:
        """A percentile over all timed calls of all rounds."""
        return percentile([duration for calls in self.rounds for duration in calls], q)


def sequential_gets(
    targets: Mapping[str, SyncTarget], *, warmup: int, rounds: int, calls: int
) -> dict[str, Sequential]:
    """P2: `warmup` untimed gets per client, then `rounds` rounds of `calls` sequential gets, alternated."""
    for target in targets.values():
        warm(target.get, warmup)
    samplers = {name: functools.partial(timed_calls, target.get, calls) for name, target in targets.items()}
    return {name: Sequential(samples) for name, samples in alternate(samplers, rounds).items()}


def _one_call(call: Callable[[], object]) -> float:
    return timed_calls(call, 1)[0]


def lists(targets: Mapping[str, SyncTarget], *, warmup: int, calls: int) -> dict[str, list[float]]:
    """P3: seconds per `list` of 1000 jobs end to end (request, transfer, decode, parse), alternated call by call."""
    for target in targets.values():
        warm(target.list, warmup)
    return alternate({name: functools.partial(_one_call, target.list) for name, target in targets.items()}, calls)


PARSE_FLOOR = "json.loads(body)"
PARSE_OURS = "JobsOut.from_dict(json.loads(body))"
PARSE_MODELS_ONLY = "JobsOut.from_dict(data)"


def parse_only(body: bytes, *, runs: int) -> dict[str, list[float]]:
    """Seconds to decode the 1000-job body, to decode and build the models, and to build them from decoded data.

    `JobsOut.from_dict` is what `jobs.list` runs on the decoded body; `data` is decoded once beforehand.
    """
    from mistral_fine_tuning import models

    from_dict: Callable[[Any], object] = models.JobsOut.from_dict
    data = json.loads(body)
    variants: dict[str, Callable[[], object]] = {
        PARSE_FLOOR: functools.partial(json.loads, body),
        PARSE_OURS: lambda: from_dict(json.loads(body)),
        PARSE_MODELS_ONLY: functools.partial(from_dict, data),
    }
    for variant in variants.values():
        warm(variant, 2)
    return alternate({name: functools.partial(_one_call, variant) for name, variant in variants.items()}, runs)
