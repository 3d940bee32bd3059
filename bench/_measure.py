"""Timing helpers: medians and percentiles, interleaved (A B A B) sampling, sync and concurrent call timing, and
the wall time of fresh processes.

Standard library only: `bench._peer_worker` imports this module inside the peers' venv, which holds neither this
project nor its dev tools.
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def median(values: Sequence[float]) -> float:
    """The median; raises ValueError on an empty sequence."""
    if not values:
        raise ValueError("no samples")
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank `q`-th percentile (0 < q <= 100) of `values`."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def warm(call: Callable[[], object], times: int) -> None:
    """Call `call` `times` times and ignore the results (connections, caches, lazy imports)."""
    for _ in range(times):
        call()


def timed_calls(call: Callable[[], object], times: int) -> list[float]:
    """The duration in seconds of each of `times` sequential calls of `call`."""
    clock = time.perf_counter
    durations: list[float] = []
    append = durations.append
    for _ in range(times):
        started = clock()
        call()
        append(clock() - started)
    return durations


def alternate(samplers: Mapping[str, Callable[[], T]], rounds: int) -> dict[str, list[T]]:
    """Take `rounds` samples of every sampler, interleaved (A B A B ...) so that drift hits all of them alike.

    Garbage is collected before each sample, so one target's garbage is not collected on another's clock.
    """
    samples: dict[str, list[T]] = {name: [] for name in samplers}
    for _ in range(rounds):
        for name, sample in samplers.items():
            gc.collect()
            samples[name].append(sample())
    return samples


async def concurrent_round(call: Callable[[], Awaitable[object]], concurrency: int) -> float:
    """Wall seconds for `concurrency` calls started together and awaited with `asyncio.gather`."""
    started = time.perf_counter()
    await asyncio.gather(*(call() for _ in range(concurrency)))
    return time.perf_counter() - started


async def alternate_async(samplers: Mapping[str, Callable[[], Awaitable[T]]], rounds: int) -> dict[str, list[T]]:
    """`alternate` for coroutine samplers, run one at a time on the current event loop."""
    samples: dict[str, list[T]] = {name: [] for name in samplers}
    for _ in range(rounds):
        for name, sample in samplers.items():
            gc.collect()
            samples[name].append(await sample())
    return samples


def run_process(command: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | None = None) -> str:
    """Run `command` to completion and return its standard output; raises RuntimeError with its stderr on failure."""
    done = subprocess.run(
        list(command), env=None if env is None else dict(env), cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)!r} exited with {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout


def process_wall(command: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | None = None) -> float:
    """Wall seconds from spawning `command` to its exit (the interpreter's own start-up included)."""
    started = time.perf_counter()
    run_process(command, env, cwd)
    return time.perf_counter() - started


def env_with_bytecode() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE, so fresh processes read (and write) `.pyc` files.

    With the variable set, every fresh process would compile the modules it imports and import timings would
    measure the compiler.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
