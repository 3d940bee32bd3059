"""P4: throughput of concurrent async `get`s: rounds of N calls gathered at once on one event loop."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping

from ._measure import alternate_async, concurrent_round
from ._targets import AsyncTarget, Endpoint


async def _throughputs(
    targets: Mapping[str, AsyncTarget], expected_id: str, *, concurrency: int, warmup_rounds: int, rounds: int
) -> dict[str, list[float]]:
    for name, target in targets.items():
        job = await target.get()
        job_id = job["id"] if isinstance(job, dict) else getattr(job, "id", None)
        if str(job_id) != expected_id:
            raise RuntimeError(f"{name}: get returned job {job_id!r}, expected {expected_id!r}")
    samplers = {name: functools.partial(concurrent_round, target.get, concurrency) for name, target in targets.items()}
    for sample in samplers.values():
        for _ in range(warmup_rounds):
            await sample()
    walls = await alternate_async(samplers, rounds)
    return {name: [concurrency / wall for wall in samples] for name, samples in walls.items()}


async def _measure(
    factories: Mapping[str, Callable[[Endpoint], AsyncTarget]],
    endpoint: Endpoint,
    concurrency: int,
    warmup_rounds: int,
    rounds: int,
) -> dict[str, list[float]]:
    targets: dict[str, AsyncTarget] = {}
    try:
        for name, factory in factories.items():
            targets[name] = factory(endpoint)
        return await _throughputs(
            targets, endpoint.job_id, concurrency=concurrency, warmup_rounds=warmup_rounds, rounds=rounds
        )
    finally:
        for target in targets.values():
            await target.aclose()


def concurrent_gets(
    factories: Mapping[str, Callable[[Endpoint], AsyncTarget]],
    endpoint: Endpoint,
    *,
    concurrency: int,
    warmup_rounds: int,
    rounds: int,
) -> dict[str, list[float]]:
    """P4: calls per second of each round of `concurrency` gathered `get`s, per target, rounds alternated.

    Each client keeps its default connection pool (100 connections for every target; httpx2 and httpx keep 20 of
    them when idle, ours all 100), so half the calls of a round wait for a connection, the same for every target.
    """
    return asyncio.run(_measure(factories, endpoint, concurrency, warmup_rounds, rounds))
