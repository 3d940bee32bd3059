"""How many runs, calls and rounds each measure takes: the full run, and `--quick` for a smoke test in seconds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Iteration counts; every figure reported is a median over the repeated samples these give."""

    import_warmup: int = 2
    """P1 and P8: fresh processes per command before timing (the first writes the `.pyc` files)."""
    import_runs: int = 15
    """P1 and P8: timed fresh processes per command, all commands alternated."""
    get_warmup: int = 50
    """P2: untimed calls per client first."""
    get_rounds: int = 5
    """P2: rounds per client, alternated; the per-call mean of each round is one sample."""
    get_calls: int = 500
    """P2: sequential calls per round."""
    list_warmup: int = 3
    """P3: untimed calls per client first."""
    list_calls: int = 21
    """P3: timed calls per client, alternated."""
    parse_runs: int = 31
    """Parse-only: timed runs of each variant."""
    async_concurrency: int = 200
    """P4: calls gathered at once in one round."""
    async_warmup_rounds: int = 2
    """P4: untimed rounds per client first (they open the pool's connections)."""
    async_rounds: int = 15
    """P4: timed rounds per client, alternated; each round's throughput is one sample."""
    rss_runs: int = 5
    """P5: fresh processes per target."""
    pool_calls: int = 10_000
    """P6: `get_async` calls per sample, 100 in flight at a time."""
    pool_rounds: int = 3
    """P6: samples per variant (client and pool limits), alternated; each opens a fresh client."""
    pool_sweep: bool = True
    """P6: also measure the other pool settings (ours at other sizes, raw httpx2 at 100 / 100, ...)."""
    iter_jobs: int = 10_000
    """P7: jobs preloaded on the paging server; each walk reads them all."""
    iter_rounds: int = 7
    """P7: walks per variant (`iter`, by hand), alternated."""


FULL = Settings()
QUICK = Settings(
    import_warmup=1,
    import_runs=3,
    get_warmup=10,
    get_rounds=2,
    get_calls=50,
    list_warmup=1,
    list_calls=3,
    parse_runs=3,
    async_warmup_rounds=1,
    async_rounds=2,
    rss_runs=1,
    pool_calls=300,
    pool_rounds=1,
    iter_jobs=1000,
    iter_rounds=1,
)
