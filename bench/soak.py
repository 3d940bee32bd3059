"""`make soak`: a load test of this client under injected faults, next to raw httpx2 under the same faults.

    python -m bench.soak [--quick] [--calls N] [--deadline S] [--seed N] [--json FILE]

Four parts on one fake server in its own process (its clock frozen: jobs keep their status), 2 % of requests faulted
(dropped after or before handling, 503 with ``Retry-After: 0``, answers cut short): `--calls` calls (10,000) on one
`Mistral`, 100 in flight, then on one `httpx2.AsyncClient`; the same from 16 threads sharing one `Mistral`, then one
`httpx2.Client`. Calls are a seeded mix of get, list, create, cancel and start (each cancel and start on a job of its
own, each create with a unique suffix). Exit status 1 when ours raised anything but its typed errors, created a job
twice (a suffix on two jobs) or left calls unfinished; requests time out after 10 s, async calls after 120 s.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gc
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx2
from mistral_fine_tuning import Mistral
from mistral_fine_tuning.errors import MistralFineTuningError

from .common import JOBS, TRAINING_FILE, Server, command_line, machine, markdown, pin, plan, report

OPS = {"get": 35, "list": 15, "create": 20, "cancel": 15, "start": 15}
"""The operations of the mix and their weights."""
PARTS = {"ours_async": "ours, async", "raw_async": "raw httpx2, async"}
PARTS |= {"ours_threads": "ours, threads", "raw_threads": "raw httpx2, threads"}
CONCURRENCY, THREADS, TIMEOUT, CALL_CAP = 100, 16, 10.0, 120.0
CREATE = {
    "model": "open-mistral-7b",
    "hyperparameters": {"training_steps": 10, "learning_rate": 1e-4},
    "auto_start": False,
}
Call = tuple[str, Any]
"""An operation and its argument: a job id (get, cancel, start), a page (list) or a suffix (create)."""


def build_calls(server: Server, count: int, seed: int, tag: str) -> list[Call]:
    """A seeded mix of `count` calls, with a RUNNING job preloaded per cancel and a VALIDATED one per start."""
    rng = random.Random(seed)
    ops = rng.choices(list(OPS), weights=list(OPS.values()), k=count)
    base, own = server.call("add_jobs", count=200, seed=seed * 10 + 1), {}
    for n, (op, status) in enumerate([("cancel", "RUNNING"), ("start", "VALIDATED")], 2):
        own[op] = iter(
            server.call("add_jobs", count=ops.count(op), status=status, seed=seed * 10 + n) if op in ops else []
        )
    made: dict[str, Callable[[int], Any]] = {
        "get": lambda _: rng.choice(base),
        "list": lambda _: rng.randrange(5),
        "create": lambda i: f"{tag}{i:06d}",
    }
    return [(op, next(own[op]) if op in own else made[op](index)) for index, op in enumerate(ops)]


def client(key: str, server: Server) -> tuple[Callable[[Call], Any], Callable[[], Any]]:
    """(make one call, close) for a part: ours or raw httpx2, async (the call returns a coroutine) or not."""
    ep, suffix = server.endpoint, "_async" if key.endswith("async") else ""
    if key.startswith("ours"):
        sdk = Mistral(api_key=ep.api_key, server_url=ep.url, timeout_ms=int(TIMEOUT * 1000))

        def ours(call: Call) -> Any:
            op, argument = call
            create = CREATE | {"training_files": [TRAINING_FILE], "suffix": argument}
            kwargs = {"list": {"page": argument, "page_size": 20}, "create": create}.get(op, {"job_id": argument})
            return getattr(sdk.fine_tuning.jobs, op + suffix)(**kwargs)

        return ours, sdk.aclose if suffix else sdk.close
    raw: Any = (httpx2.AsyncClient if suffix else httpx2.Client)(headers=ep.headers, timeout=TIMEOUT)

    def by_hand(call: Call) -> Any:
        op, argument = call
        files = [{"file_id": TRAINING_FILE, "weight": 1.0}]
        path = "" if op in ("list", "create") else f"/{argument}" if op == "get" else f"/{argument}/{op}"
        return raw.request(
            "GET" if op in ("get", "list") else "POST",
            f"{ep.url}{JOBS}{path}",
            params={"page": argument, "page_size": 20} if op == "list" else None,
            json=CREATE | {"training_files": files, "suffix": argument} if op == "create" else None,
        )

    return by_hand, raw.aclose if suffix else raw.close


class Tally:
    """Every call's outcome, counted under a lock (threads add to it)."""

    def __init__(self) -> None:
        self.lock, self.counts, self.examples = threading.Lock(), collections.Counter[tuple[str, str]](), list[str]()

    def add(self, got: object) -> None:
        """Count a result, a typed error (ours: the package's errors; raw: an error status), or another exception."""
        if isinstance(got, httpx2.Response):
            got = f"status {got.status_code}" if got.status_code >= 400 else got.json()  # a body cut short raises
        typed = isinstance(got, str | MistralFineTuningError)
        kind = "typed" if typed else "other" if isinstance(got, BaseException) else "returned"
        with self.lock:
            self.counts[kind, "" if kind == "returned" else got if isinstance(got, str) else type(got).__name__] += 1
            if kind == "other" and len(self.examples) < 5:
                self.examples.append(f"{type(got).__module__}.{type(got).__name__}: {str(got)[:200]}")

    def of(self, kind: str) -> dict[str, int]:
        """The counts of one kind of outcome, by name."""
        with self.lock:
            return {name: count for (k, name), count in self.counts.items() if k == kind}


async def drive_async(one: Callable[[Call], Any], calls: Sequence[Call], tally: Tally, deadline: float) -> None:
    """`calls` through 100 workers on this event loop; those not done by the deadline are left unfinished."""
    pending = iter(calls)

    async def worker() -> None:
        for call in pending:
            try:
                tally.add(await asyncio.wait_for(one(call), CALL_CAP))  # a hung call raises TimeoutError
            except Exception as exc:
                tally.add(exc)

    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(deadline):
            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


def drive_threads(one: Callable[[Call], Any], calls: Sequence[Call], tally: Tally, deadline: float) -> bool:
    """`calls` from 16 daemon threads; whether they all finished by the deadline."""
    pending = iter(calls)  # a list iterator hands each call to one thread: its `next` runs under the GIL

    def worker() -> None:
        for call in pending:
            try:
                tally.add(one(call))
            except Exception as exc:
                tally.add(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)


def rss_mib() -> float:
    """This process's resident set size now (VmRSS)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


ROWS = ["calls (get / list / create / cancel / start)", "returned", "typed errors (raw: error statuses returned)"]
ROWS += ["other exceptions (ours: must be 0; raw: escaped)", "unfinished at the deadline"]
ROWS += ["creates sent / acted on by the server", "duplicated creates (must be 0)", "requests the server received"]
ROWS += ["faults injected", "TCP connections opened", "RSS before -> after, MiB", "wall, calls/s"]


def run_part(key: str, server: Server, count: int, seed: int, deadline: float) -> dict[str, Any]:
    """Preload the part's jobs, arm the faults, make its calls, and collect what the client and the server saw."""
    tag = key[0] + key.partition("_")[2][0]
    calls, tally, (one, close) = build_calls(server, count, seed, tag), Tally(), client(key, server)
    server.call("arm", requests=int(count * 1.3) + 200, mix="soak", seed=seed)
    server.call("reset_stats")
    gc.collect()
    rss_before, started = rss_mib(), time.perf_counter()
    if key.endswith("async"):

        async def run() -> None:
            try:
                await drive_async(one, calls, tally, deadline)
            finally:
                await close()

        asyncio.run(run())
    elif drive_threads(one, calls, tally, deadline):
        close()  # else leave it to the busy threads: closing under them would only add errors
    seconds, stats, faults = time.perf_counter() - started, server.call("stats"), server.call("disarm")
    gc.collect()
    created, ops, rss_after = server.call("suffixes", prefix=tag), collections.Counter(op for op, _ in calls), rss_mib()
    returned, typed, other = (tally.of(kind) for kind in ("returned", "typed", "other"))
    done = [sum(returned.values()), sum(typed.values()), sum(other.values())]
    unfinished, creates = len(calls) - sum(done), [ops["create"], created["jobs"]]
    cells = [f"{len(calls):,} ({' / '.join(str(ops[op]) for op in OPS)})", *map(str, done), str(unfinished)]
    cells += ["{:,} / {:,}".format(*creates), str(created["duplicated"]), f"{stats['requests']:,}"]
    cells += [f"{sum(faults.values())}", f"{stats['connections']:,}", f"{rss_before:.1f} -> {rss_after:.1f}"]
    cells.append(f"{seconds:.1f} s, {len(calls) / seconds:,.0f}/s")
    return {"calls": len(calls), "returned": done[0], "typed": typed, "other": other, "unfinished": unfinished} | {
        "examples": tally.examples,
        "creates_sent": creates[0],
        "creates_acted_on": creates[1],
        "duplicated_creates": created["duplicated"],
        "faults": faults,
        **stats,
        "seconds": seconds,
        "rss_mib": [rss_before, rss_after],
        "table": cells,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the four parts and print the table; exit 1 when ours misbehaved."""
    parser = command_line("python -m bench.soak", "Load test under injected faults (--quick: 300 calls per part).")
    parser.add_argument("--calls", type=int, default=10_000, help="calls per part (default 10,000)")
    parser.add_argument("--deadline", type=float, default=900.0, help="seconds per part before giving up")
    parser.add_argument("--seed", type=int, default=1, help="seed of the call mix and the fault schedule")
    args = parser.parse_args(argv)
    calls, (client_cpu, server_cpu, pinning) = 300 if args.quick else args.calls, plan()
    info, parts = machine(), dict[str, dict[str, Any]]()
    Mistral(api_key="soak").fine_tuning.jobs  # noqa: B018 (loads the models first: the RSS figures show what calls add)
    with Server(jobs=1, cpu=server_cpu, speed=0.0) as server:
        pin(client_cpu)
        for index, key in enumerate(PARTS):
            print(f"  .. {PARTS[key]}: {calls:,} calls", file=sys.stderr, flush=True)
            # The same seed for ours and raw in a mode: the same calls and the same fault schedule.
            parts[key] = run_part(key, server, calls, args.seed + index // 2, args.deadline)
    columns = [part["table"] for part in parts.values()]
    table = markdown(
        ["measure", *(PARTS[key] for key in parts)], [[row, *cells] for row, *cells in zip(ROWS, *columns, strict=True)]
    )
    lines = [table, ""]
    for key, part in parts.items():
        kinds = [
            ", ".join(f"{k} {v}" for k, v in sorted(part[n].items())) or "none" for n in ("typed", "other", "faults")
        ]
        lines += [f"{PARTS[key]}: typed: {kinds[0]}; other: {kinds[1]}; faults: {kinds[2]}"]
        lines += [f"  e.g. {example}" for example in part["examples"]]
    failures = [
        f"FAILED: {PARTS[key]}: {parts[key][what]} {what}"
        for key in ("ours_async", "ours_threads")
        for what in ("other", "duplicated_creates", "unfinished")
        if parts[key][what]
    ]
    lines += failures or ["ours: 0 other exceptions, 0 duplicated creates, 0 unfinished calls"]
    report(
        args, info, pinning, "\n".join(lines), {"calls": calls, "seed": args.seed, "parts": parts, "failures": failures}
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
