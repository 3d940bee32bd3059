"""Measures that need a fresh interpreter each time: P1 import wall time and P5 peak RSS.

Every process runs with PYTHONDONTWRITEBYTECODE removed, after warm-up runs, so `.pyc` files exist and are used;
processes inherit this one's CPU pinning. Targets are alternated (A B A B) so drift hits all of them alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from ._measure import alternate, env_with_bytecode, process_wall, run_process
from ._targets import IMPORT_SNIPPETS, Endpoint, rss_snippet


def import_wall(pythons: Mapping[str, str], *, warmup: int, runs: int) -> dict[str, list[float]]:
    """P1: wall seconds of `python -c SNIPPET` per target (`IMPORT_SNIPPETS`), run with the given interpreters.

    `pythons` maps a target name to the interpreter that has its package (the peers' venv for mistralai).
    """
    env = env_with_bytecode()
    samplers: dict[str, Callable[[], float]] = {
        target: functools.partial(process_wall, [python, "-c", IMPORT_SNIPPETS[target]], env)
        for target, python in pythons.items()
    }
    for sample in samplers.values():
        for _ in range(warmup):
            sample()
    return alternate(samplers, runs)


def _peak_rss_kib(command: list[str], env: Mapping[str, str]) -> float:
    return float(run_process(command, env).strip().splitlines()[-1])


def peak_rss(pythons: Mapping[str, str], endpoint: Endpoint, *, runs: int) -> dict[str, list[float]]:
    """P5: peak RSS in KiB (VmHWM, see `rss_snippet`) of a fresh process that imports its client and lists 1000 jobs."""
    env = env_with_bytecode()
    samplers: dict[str, Callable[[], float]] = {
        target: functools.partial(_peak_rss_kib, [python, "-c", rss_snippet(target, endpoint)], env)
        for target, python in pythons.items()
    }
    for sample in samplers.values():
        sample()  # warm-up: writes any missing .pyc, so compiling is not counted
    return alternate(samplers, runs)
