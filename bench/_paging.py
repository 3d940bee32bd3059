"""P7: walking every job, `for job in jobs.iter(page_size=100)`, against the same pages fetched by hand.

The hand loop is what a user writes without `iter`: `jobs.list(page=n, page_size=100)` until the pages cover the
`total`, which sends the same requests (one per page). Both run on one client, over a fake server preloaded with
the jobs (its own process), and touch every job once; walks are alternated and each is one sample.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

from ._measure import alternate, timed_calls
from ._server import ServerProcess, Stats

PAGE: Final = 100
ITER = "iter"
HAND = "hand"


def walk_iter(jobs: Any) -> int:
    """Every job through `jobs.iter(page_size=100)`; returns how many."""
    count = 0
    for _job in jobs.iter(page_size=PAGE):
        count += 1
    return count


def walk_by_hand(jobs: Any) -> int:
    """Every job through `jobs.list(page=n, page_size=100)`, page after page until the total is covered."""
    count, page, total = 0, 0, 1
    while count < total:
        result = jobs.list(page=page, page_size=PAGE)
        for _job in result.data:
            count += 1
        total = result.total
        page += 1
        if not result.data:
            break
    return count


def _walk(walk: Callable[[Any], int], jobs: Any, expected: int) -> float:
    """Seconds for one walk; raises RuntimeError unless it saw every job."""

    def once() -> None:
        count = walk(jobs)
        if count != expected:
            raise RuntimeError(f"{walk.__name__} saw {count} jobs, expected {expected}")

    return timed_calls(once, 1)[0]


def measure(server: ServerProcess, jobs_count: int, *, rounds: int) -> tuple[dict[str, list[float]], Stats]:
    """Seconds per walk over `jobs_count` jobs, `rounds` walks each, alternated; and the server's stats for them."""
    from mistral_fine_tuning import Mistral

    with Mistral(api_key=server.api_key, server_url=server.url) as sdk:
        jobs = sdk.fine_tuning.jobs
        walks = {ITER: walk_iter, HAND: walk_by_hand}
        for walk in walks.values():  # warm-up, and the check that both see every job
            _walk(walk, jobs, jobs_count)
        server.reset_stats()
        samples = alternate(
            {name: functools.partial(_walk, walk, jobs, jobs_count) for name, walk in walks.items()}, rounds
        )
        return samples, server.stats()
