"""CPU pinning: the client on one CPU, the fake server on another, as the reference numbers were measured.

Standard library only (imported in the server process and in the peers' venv). Degrades to no pinning where
`os.sched_setaffinity` is missing, and to a shared CPU when only one is available.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CLIENT_CPU = 0
SERVER_CPU = 1


@dataclass(frozen=True, slots=True)
class Pinning:
    """Where the client and the server run; None means "not pinned"."""

    client_cpu: int | None
    server_cpu: int | None
    note: str


def available_cpus() -> list[int]:
    """The CPUs this process may run on (all of `os.cpu_count()` where affinity is not supported)."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def plan() -> Pinning:
    """Choose CPUs: client on CPU 0 and server on CPU 1 when both are available, else degrade and say how."""
    if not hasattr(os, "sched_setaffinity"):
        return Pinning(None, None, "not pinned: os.sched_setaffinity is unavailable on this platform")
    cpus = available_cpus()
    if CLIENT_CPU in cpus and SERVER_CPU in cpus:
        return Pinning(CLIENT_CPU, SERVER_CPU, f"client on CPU {CLIENT_CPU}, server on CPU {SERVER_CPU}")
    if len(cpus) >= 2:
        return Pinning(cpus[0], cpus[1], f"client on CPU {cpus[0]}, server on CPU {cpus[1]}")
    return Pinning(cpus[0], cpus[0], f"only CPU {cpus[0]} is available: client and server share it")


def pin(cpu: int | None) -> bool:
    """Pin the calling process (and the children it spawns later) to `cpu`; False if that is not possible."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return False
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return False
    return True
