"""P6: connections opened and throughput of many `get_async` calls, 100 at a time, with 2 % of requests faulted.

Each sample is a fresh client making `calls` gets through `concurrency` workers (so `concurrency` calls are in
flight until the last ones), against the fake server in its own process, whose fault schedule gives one request in
fifty a fault: half are dropped connections after handling, half 503s with ``Retry-After: 0`` (`bench._faults`).
The server counts the TCP connections it accepted and the requests it received (retries included).

Our client retries by its own policy (a 503 with ``Retry-After: 0`` at once, a lost answer after its backoff); the
raw floors re-send by hand, at once, on a transport error or a 503, so every variant completes every call. A
variant is a client and its pool limits: ours at its default and at other `max_connections`, ours handed an
`httpx2.AsyncClient` with httpx2's default limits (what the SDK used before it set its own), raw httpx2 with its
default limits (100 connections, 20 kept idle) and with 100 / 100, raw httpx with its defaults, and ours handed an
`httpx.AsyncClient()` (the SDK as it was on httpx).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import importlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ._server import ServerProcess
from ._targets import FLOOR, HTTPX, OURS, AsyncTarget, Endpoint

MIX: Final = "drop_503"
FAULT_RATE: Final = 0.02
CONCURRENCY: Final = 100
PER: Final = 10_000
"""Connections are reported per this many requests."""
RAW_ATTEMPTS: Final = 5
"""How many times a raw floor sends one call before giving up (a fault is never twice in a row)."""


@dataclass(frozen=True, slots=True)
class Variant:
    """A client with its pool limits; `make` builds a fresh one for an endpoint."""

    name: str
    label: str
    make: Callable[[Endpoint], AsyncTarget]


def _ours(max_connections: int | None) -> Callable[[Endpoint], AsyncTarget]:
    def make(endpoint: Endpoint) -> AsyncTarget:
        from mistral_fine_tuning import Mistral

        sdk = Mistral(api_key=endpoint.api_key, server_url=endpoint.url, max_connections=max_connections)
        return AsyncTarget(_ours_get(sdk, endpoint), sdk.aclose)

    return make


def _ours_get(sdk: Any, endpoint: Endpoint) -> Callable[[], Awaitable[object]]:
    get_async = sdk.fine_tuning.jobs.get_async
    job_id = endpoint.job_id

    async def get() -> object:
        return await get_async(job_id=job_id)

    return get


def _ours_given(library: str) -> Callable[[Endpoint], AsyncTarget]:
    """Ours, handed a `library.AsyncClient` with that library's default limits and the SDK's own timeout."""

    def make(endpoint: Endpoint) -> AsyncTarget:
        from mistral_fine_tuning import Mistral

        module: Any = importlib.import_module(library)
        client = module.AsyncClient(timeout=module.Timeout(60.0, connect=5.0), follow_redirects=True)
        sdk = Mistral(api_key=endpoint.api_key, server_url=endpoint.url, async_client=client)
        return AsyncTarget(_ours_get(sdk, endpoint), functools.partial(_close_both, sdk, client))

    return make


async def _close_both(sdk: Any, client: Any) -> None:
    await sdk.aclose()
    await client.aclose()


def _raw(library: str, size: int | None) -> Callable[[Endpoint], AsyncTarget]:
    """Raw `library.AsyncClient`, with its default limits or `size` connections all kept idle; re-sends by hand."""

    def make(endpoint: Endpoint) -> AsyncTarget:
        module: Any = importlib.import_module(library)
        limits = {} if size is None else {"limits": module.Limits(max_connections=size, max_keepalive_connections=size)}
        client = module.AsyncClient(**limits)
        transport_error = module.TransportError
        headers, url = endpoint.headers, endpoint.get_url

        async def get() -> object:
            for _ in range(RAW_ATTEMPTS):
                try:
                    response = await client.get(url, headers=headers)
                except transport_error:
                    continue
                if response.status_code != 503:
                    return response.json()
            raise RuntimeError(f"{library}: {RAW_ATTEMPTS} attempts failed")

        return AsyncTarget(get, client.aclose)

    return make


OURS_SIZES: Final = (20, 50, 100, 200)
"""`Mistral(max_connections=N)` sizes measured in the sweep (the default's own size is its headline row)."""


def variants(*, sweep: bool, with_httpx: bool) -> list[Variant]:
    """The headline variants (ours at its default, the floors), then, with `sweep`, the other pool settings."""
    from mistral_fine_tuning._transport import DEFAULT_POOL_SIZE

    chosen = [
        Variant(OURS, f"ours, default pool ({DEFAULT_POOL_SIZE} connections, all kept idle)", _ours(None)),
        Variant(FLOOR, "raw httpx2 `AsyncClient()`, default limits (100, 20 kept idle)", _raw("httpx2", None)),
    ]
    if with_httpx:
        chosen.append(
            Variant(HTTPX, "raw httpx `AsyncClient()`, default limits (100, 20 kept idle)", _raw("httpx", None))
        )
    if sweep:
        chosen.append(Variant("floor_100", "raw httpx2, `Limits(100, 100)`", _raw("httpx2", 100)))
        chosen.append(
            Variant(
                "ours_httpx2_defaults", "ours, given `httpx2.AsyncClient()` (100, 20 kept idle)", _ours_given("httpx2")
            )
        )
        if with_httpx:
            label = "ours, given `httpx.AsyncClient()` (100, 20 kept idle): the SDK on httpx, before"
            chosen.append(Variant("ours_httpx_defaults", label, _ours_given("httpx")))
        chosen += [
            Variant(f"ours_{size}", f"ours, `max_connections={size}`", _ours(size))
            for size in OURS_SIZES
            if size != DEFAULT_POOL_SIZE
        ]
    return chosen


@dataclass(frozen=True, slots=True)
class Sample:
    """One client making all its calls: what it got, and what the server saw."""

    calls: int
    failed: int
    seconds: float
    requests: int
    connections: int
    handler_seconds: float
    faults: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        """Completed calls per second."""
        return (self.calls - self.failed) / self.seconds

    @property
    def connections_per(self) -> float:
        """TCP connections opened per `PER` requests the server received."""
        return self.connections * PER / self.requests if self.requests else float("nan")


async def drive(call: Callable[[], Awaitable[object]], calls: int, concurrency: int) -> int:
    """Make `calls` calls through `concurrency` workers; returns how many raised."""
    remaining = calls
    failed = 0

    async def worker() -> None:
        nonlocal remaining, failed
        while remaining > 0:
            remaining -= 1
            try:
                await call()
            except Exception:
                failed += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return failed


async def _sample(variant: Variant, server: ServerProcess, endpoint: Endpoint, calls: int, seed: int) -> Sample:
    target = variant.make(endpoint)
    try:
        job = await target.get()  # checks the client, and loads what it loads on first use
        job_id = job["id"] if isinstance(job, dict) else getattr(job, "id", None)
        if str(job_id) != endpoint.job_id:
            raise RuntimeError(f"{variant.name}: get returned job {job_id!r}, expected {endpoint.job_id!r}")
        # Enough faults for the retries too; the rest of the schedule is dropped afterwards.
        server.arm_faults(requests=int(calls * 1.2) + CONCURRENCY, rate=FAULT_RATE, mix=MIX, seed=seed)
        server.reset_stats()
        gc.collect()
        started = time.perf_counter()
        failed = await drive(target.get, calls, CONCURRENCY)
        seconds = time.perf_counter() - started
        stats = server.stats()
        faults = server.clear_faults()
    finally:
        await target.aclose()
    return Sample(calls, failed, seconds, stats["requests"], stats["connections"], stats["handler_seconds"], faults)


def measure(
    chosen: Sequence[Variant], server: ServerProcess, endpoint: Endpoint, *, calls: int, rounds: int
) -> dict[str, list[Sample]]:
    """`rounds` samples of every variant, alternated (A B C A B C), each with the same fault schedule."""

    async def run() -> dict[str, list[Sample]]:
        samples: dict[str, list[Sample]] = {variant.name: [] for variant in chosen}
        for round_index in range(rounds):
            for variant in chosen:
                samples[variant.name].append(await _sample(variant, server, endpoint, calls, seed=round_index))
        return samples

    try:
        return asyncio.run(run())
    finally:
        server.clear_faults()
