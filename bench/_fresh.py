"""Measures that need a fresh interpreter each time: P1 import and P8 CLI wall times, and P5 peak RSS.

Every process runs with PYTHONDONTWRITEBYTECODE removed, after warm-up runs, so `.pyc` files exist and are used;
processes inherit this one's CPU pinning. Targets are alternated (A B A B) so drift hits all of them alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

from ._measure import alternate, env_with_bytecode, process_wall, run_process
from ._targets import IMPORT_SNIPPETS, Endpoint, rss_snippet


def walls(
    commands: Mapping[str, Sequence[str]], *, warmup: int, runs: int, env: Mapping[str, str] | None = None
) -> dict[str, list[float]]:
    """Wall seconds of each command run as a fresh process, `runs` times each, alternated after `warmup` runs.

    The environment is `env` (default: this one) without PYTHONDONTWRITEBYTECODE.
    """
    if env is None:
        environment = env_with_bytecode()
    else:
        environment = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    samplers: dict[str, Callable[[], float]] = {
        name: functools.partial(process_wall, list(command), environment) for name, command in commands.items()
    }
    for sample in samplers.values():
        for _ in range(warmup):
            sample()
    return alternate(samplers, runs)


def import_commands(pythons: Mapping[str, str]) -> dict[str, list[str]]:
    """P1: `python -c SNIPPET` per target (`IMPORT_SNIPPETS`), each with the interpreter that has its package."""
    return {target: [python, "-c", IMPORT_SNIPPETS[target]] for target, python in pythons.items()}


def import_wall(pythons: Mapping[str, str], *, warmup: int, runs: int) -> dict[str, list[float]]:
    """P1: wall seconds of `python -c SNIPPET` per target (`IMPORT_SNIPPETS`), run with the given interpreters.

    `pythons` maps a target name to the interpreter that has its package (the peers' venv for mistralai).
    """
    return walls(import_commands(pythons), warmup=warmup, runs=runs)


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
