"""`make soak`: a load test of this client under injected faults, next to raw httpx2 under the same faults.

    python -m bench.soak [--quick] [--calls N] [--thread-calls N] [--json FILE]

Four parts, one after the other, against one fake server in its own process (CPU 1; its clock frozen, so jobs stay
in the status they were given) whose fault schedule gives 2 % of requests a fault (`bench._faults`, mix "soak":
connections dropped after or before the request is handled, 503s with ``Retry-After: 0``, answers cut short):

- ours, async: `--calls` calls (10,000 by default) on one `Mistral`, 100 in flight on one event loop;
- raw httpx2, async: the same calls with one `httpx2.AsyncClient`, no retries;
- ours, threads: `--thread-calls` calls (default: `--calls`) from 16 threads sharing one `Mistral`;
- raw httpx2, threads: the same with one shared `httpx2.Client`.

Calls are a seeded mix of get (35 %), list (15 %), create (20 %), cancel (15 %) and start (15 %); every cancel and
start has a job of its own (RUNNING, VALIDATED), every create a unique suffix. For each part: calls that returned,
typed errors (`mistral_fine_tuning.errors` classes; for raw httpx2, error statuses it returned), other exceptions
(for ours: must be 0; for raw httpx2, the exceptions that escaped to the caller), creates sent and creates the
server acted on, duplicated creates (a suffix on more than one job: a create re-sent after the server acted on it;
must be 0), requests and TCP connections the server saw, and this process's RSS before and after.

It always ends: every request has a 10 s timeout, every async call a 120 s cap, every part a deadline (calls not
done by then are counted as unfinished), worker threads are daemons, and the server is stopped whatever happens.
The exit status is 1 when ours has other exceptions, duplicated creates or unfinished calls.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import random
import resource
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from . import _machine
from ._affinity import pin, plan
from ._child import REPO_ROOT
from ._server import ServerProcess
from ._server_proc import TRAINING_FILE
from ._table import markdown

OPS: Final = ("get", "list", "create", "cancel", "start")
WEIGHTS: Final = (35, 15, 20, 15, 15)
FAULT_RATE: Final = 0.02
MIX: Final = "soak"
CONCURRENCY: Final = 100
THREADS: Final = 16
REQUEST_TIMEOUT: Final = 10.0
"""Seconds for every phase of one request (ours: `timeout_ms`; raw: the client's timeout)."""
CALL_CAP: Final = 120.0
"""Seconds an async call may take, retries included, before it is counted as hung."""
LIST_PAGE_SIZE: Final = 20
BASE_JOBS: Final = 200
HYPERPARAMETERS: Final = {"training_steps": 10, "learning_rate": 0.0001}
JOBS_PATH: Final = "/v1/fine_tuning/jobs"


@dataclass(frozen=True, slots=True)
class Part:
    """One of the four parts: whose client (`ours` or `raw`), how it is driven, and its create suffixes' prefix."""

    key: str
    label: str
    client: str
    mode: str
    tag: str


PARTS: Final = (
    Part("ours_async", "ours, async", "ours", "async", "oa"),
    Part("raw_async", "raw httpx2, async", "raw", "async", "ra"),
    Part("ours_threads", "ours, threads", "ours", "threads", "ot"),
    Part("raw_threads", "raw httpx2, threads", "raw", "threads", "rt"),
)

Call = tuple[str, str | int]
"""An operation and its argument: a job id (get, cancel, start), a page (list) or a suffix (create)."""


@dataclass
class Tally:
    """The outcome of every call of a part, counted under a lock (threads add to it)."""

    returned: int = 0
    typed: collections.Counter[str] = field(default_factory=collections.Counter)
    other: collections.Counter[str] = field(default_factory=collections.Counter)
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> int:
        return self.returned + sum(self.typed.values()) + sum(self.other.values())

    def ok(self) -> None:
        with self.lock:
            self.returned += 1

    def typed_error(self, name: str) -> None:
        with self.lock:
            self.typed[name] += 1

    def other_error(self, exc: BaseException, name: str | None = None) -> None:
        with self.lock:
            self.other[name or type(exc).__name__] += 1
            if len(self.examples) < 5:
                self.examples.append(f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:200]}")


@dataclass
class PartResult:
    """What one part measured."""

    calls: int
    by_op: dict[str, int]
    returned: int
    typed: dict[str, int]
    other: dict[str, int]
    unfinished: int
    examples: list[str]
    creates_sent: int
    creates_acted_on: int
    duplicated_creates: int
    requests: int
    connections: int
    faults: dict[str, int]
    seconds: float
    rss_before_kib: int
    rss_after_kib: int

    @property
    def typed_total(self) -> int:
        return sum(self.typed.values())

    @property
    def other_total(self) -> int:
        return sum(self.other.values())


def rss_kib() -> int:
    """This process's resident set size now (VmRSS), in KiB; the peak where /proc is missing."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _jobs(server: ServerProcess, count: int, status: str, seed: int) -> list[str]:
    return server.add_jobs(count, status=status, seed=seed) if count else []


def build_calls(server: ServerProcess, count: int, seed: int, tag: str) -> list[Call]:
    """A seeded mix of `count` calls; preloads a RUNNING job per cancel and a VALIDATED job per start."""
    rng = random.Random(seed)
    ops = rng.choices(OPS, weights=WEIGHTS, k=count)
    base = server.add_jobs(BASE_JOBS, seed=seed * 10 + 1)
    running = iter(_jobs(server, ops.count("cancel"), "RUNNING", seed * 10 + 2))
    validated = iter(_jobs(server, ops.count("start"), "VALIDATED", seed * 10 + 3))
    calls: list[Call] = []
    for index, op in enumerate(ops):
        if op == "get":
            calls.append((op, rng.choice(base)))
        elif op == "list":
            calls.append((op, rng.randrange(5)))
        elif op == "create":
            calls.append((op, f"{tag}{index:06d}"))
        elif op == "cancel":
            calls.append((op, next(running)))
        else:
            calls.append((op, next(validated)))
    return calls


def _raw_request(call: Call, url: str) -> tuple[str, str, dict[str, Any]]:
    """The method, URL and keyword arguments of the raw request for `call`."""
    op, argument = call
    if op == "get":
        return "GET", f"{url}{JOBS_PATH}/{argument}", {}
    if op == "list":
        return "GET", f"{url}{JOBS_PATH}", {"params": {"page": argument, "page_size": LIST_PAGE_SIZE}}
    if op == "create":
        body = {
            "model": "open-mistral-7b",
            "hyperparameters": HYPERPARAMETERS,
            "training_files": [{"file_id": TRAINING_FILE, "weight": 1.0}],
            "suffix": argument,
            "auto_start": False,
        }
        return "POST", f"{url}{JOBS_PATH}", {"json": body}
    return "POST", f"{url}{JOBS_PATH}/{argument}/{op}", {}


def _ours_kwargs(call: Call) -> tuple[str, dict[str, Any]]:
    """The `jobs` method name and keyword arguments for `call`."""
    op, argument = call
    if op == "list":
        return "list", {"page": argument, "page_size": LIST_PAGE_SIZE}
    if op == "create":
        return "create", {
            "model": "open-mistral-7b",
            "hyperparameters": HYPERPARAMETERS,
            "training_files": [TRAINING_FILE],
            "suffix": argument,
            "auto_start": False,
        }
    return op, {"job_id": argument}


def _record_ours(tally: Tally, exc: BaseException | None) -> None:
    from mistral_fine_tuning.errors import MistralFineTuningError

    if exc is None:
        tally.ok()
    elif isinstance(exc, MistralFineTuningError):
        tally.typed_error(type(exc).__name__)
    else:
        tally.other_error(exc)


def _record_raw(tally: Tally, status: int | None, exc: BaseException | None) -> None:
    if exc is not None:
        tally.other_error(exc)
    elif status is not None and status >= 400:
        tally.typed_error(f"status {status}")
    else:
        tally.ok()


# --- async ---------------------------------------------------------------------------------------------------------


async def _drive_async(
    calls: Sequence[Call], one: Callable[[Call], Awaitable[None]], tally: Tally, deadline: float
) -> None:
    position = 0

    async def worker() -> None:
        nonlocal position
        while position < len(calls):
            call = calls[position]
            position += 1
            try:
                await asyncio.wait_for(one(call), CALL_CAP)  # `one` records every outcome and never raises
            except TimeoutError as exc:
                tally.other_error(exc, name=f"hung over {CALL_CAP:g} s")

    try:
        async with asyncio.timeout(deadline):
            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    except TimeoutError:
        pass  # the calls not done are counted as unfinished


async def _ours_async(calls: Sequence[Call], server: ServerProcess, tally: Tally, deadline: float) -> None:
    from mistral_fine_tuning import Mistral

    sdk = Mistral(api_key=server.api_key, server_url=server.url, timeout_ms=int(REQUEST_TIMEOUT * 1000))
    jobs = sdk.fine_tuning.jobs

    async def one(call: Call) -> None:
        name, kwargs = _ours_kwargs(call)
        try:
            await getattr(jobs, f"{name}_async")(**kwargs)
        except Exception as exc:
            _record_ours(tally, exc)
        else:
            _record_ours(tally, None)

    try:
        await _drive_async(calls, one, tally, deadline)
    finally:
        await sdk.aclose()


async def _raw_async(calls: Sequence[Call], server: ServerProcess, tally: Tally, deadline: float) -> None:
    import httpx2

    headers = {"Authorization": f"Bearer {server.api_key}", "Accept": "application/json"}
    async with httpx2.AsyncClient(headers=headers, timeout=REQUEST_TIMEOUT) as client:

        async def one(call: Call) -> None:
            method, url, kwargs = _raw_request(call, server.url)
            try:
                response = await client.request(method, url, **kwargs)
                if response.status_code < 400:
                    response.json()
            except Exception as exc:
                _record_raw(tally, None, exc)
            else:
                _record_raw(tally, response.status_code, None)

        await _drive_async(calls, one, tally, deadline)


# --- threads -------------------------------------------------------------------------------------------------------


def _drive_threads(calls: Sequence[Call], one: Callable[[Call], None], deadline: float) -> int:
    """Run `calls` from `THREADS` daemon threads; returns how many threads were still busy at the deadline."""
    lock = threading.Lock()
    pending = iter(calls)

    def worker() -> None:
        while True:
            with lock:
                call = next(pending, None)
            if call is None:
                return
            one(call)  # records every outcome and never raises

    threads = [threading.Thread(target=worker, name=f"soak-{n}", daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return sum(thread.is_alive() for thread in threads)


def _ours_threads(calls: Sequence[Call], server: ServerProcess, tally: Tally, deadline: float) -> None:
    from mistral_fine_tuning import Mistral

    sdk = Mistral(api_key=server.api_key, server_url=server.url, timeout_ms=int(REQUEST_TIMEOUT * 1000))
    jobs = sdk.fine_tuning.jobs

    def one(call: Call) -> None:
        name, kwargs = _ours_kwargs(call)
        try:
            getattr(jobs, name)(**kwargs)
        except Exception as exc:
            _record_ours(tally, exc)
        else:
            _record_ours(tally, None)

    if _drive_threads(calls, one, deadline) == 0:
        sdk.close()  # else leave it to the busy threads: closing under them would only add errors


def _raw_threads(calls: Sequence[Call], server: ServerProcess, tally: Tally, deadline: float) -> None:
    import httpx2

    headers = {"Authorization": f"Bearer {server.api_key}", "Accept": "application/json"}
    client = httpx2.Client(headers=headers, timeout=REQUEST_TIMEOUT)

    def one(call: Call) -> None:
        method, url, kwargs = _raw_request(call, server.url)
        try:
            response = client.request(method, url, **kwargs)
            if response.status_code < 400:
                response.json()
        except Exception as exc:
            _record_raw(tally, None, exc)
        else:
            _record_raw(tally, response.status_code, None)

    if _drive_threads(calls, one, deadline) == 0:
        client.close()


# --- the parts -----------------------------------------------------------------------------------------------------


def run_part(part: Part, server: ServerProcess, count: int, seed: int, deadline: float) -> PartResult:
    """Preload the part's jobs, arm the faults, run its calls, and collect what the client and the server saw."""
    calls = build_calls(server, count, seed, part.tag)
    tally = Tally()
    server.arm_faults(requests=int(count * 1.3) + 200, rate=FAULT_RATE, mix=MIX, seed=seed)
    server.reset_stats()
    gc.collect()
    rss_before = rss_kib()
    started = time.perf_counter()
    if part.mode == "async":
        runner = _ours_async if part.client == "ours" else _raw_async
        asyncio.run(runner(calls, server, tally, deadline))
    else:
        threaded = _ours_threads if part.client == "ours" else _raw_threads
        threaded(calls, server, tally, deadline)
    seconds = time.perf_counter() - started
    stats = server.stats()
    faults = server.clear_faults()
    gc.collect()
    rss_after = rss_kib()
    with tally.lock:
        returned, typed, other, examples, done = (
            tally.returned,
            dict(tally.typed),
            dict(tally.other),
            list(tally.examples),
            tally.done,
        )
    created = server.suffixes(part.tag)
    return PartResult(
        calls=len(calls),
        by_op=dict(collections.Counter(op for op, _ in calls)),
        returned=returned,
        typed=typed,
        other=other,
        unfinished=len(calls) - done,
        examples=examples,
        creates_sent=sum(op == "create" for op, _ in calls),
        creates_acted_on=created["jobs"],
        duplicated_creates=created["duplicated"],
        requests=stats["requests"],
        connections=stats["connections"],
        faults=faults,
        seconds=seconds,
        rss_before_kib=rss_before,
        rss_after_kib=rss_after,
    )


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def render(results: dict[str, PartResult]) -> str:
    """measure | one column per part."""
    columns = [part for part in PARTS if part.key in results]

    def row(label: str, cell: Callable[[PartResult], str]) -> list[str]:
        return [label, *(cell(results[part.key]) for part in columns)]

    rows = [
        row(
            "calls (get / list / create / cancel / start)",
            lambda r: f"{r.calls:,} ({' / '.join(str(r.by_op.get(op, 0)) for op in OPS)})",
        ),
        row("returned", lambda r: f"{r.returned:,}"),
        row("typed errors (raw: error statuses returned)", lambda r: f"{r.typed_total:,}"),
        row("other exceptions (ours: must be 0; raw: escaped)", lambda r: f"{r.other_total:,}"),
        row("unfinished at the deadline", lambda r: f"{r.unfinished:,}"),
        row("creates sent / acted on by the server", lambda r: f"{r.creates_sent:,} / {r.creates_acted_on:,}"),
        row("duplicated creates (must be 0)", lambda r: f"{r.duplicated_creates:,}"),
        row("requests the server received", lambda r: f"{r.requests:,}"),
        row("faults injected", lambda r: f"{sum(r.faults.values()):,}"),
        row("TCP connections opened", lambda r: f"{r.connections:,}"),
        row("RSS before -> after, MiB", lambda r: f"{_mib(r.rss_before_kib)} -> {_mib(r.rss_after_kib)}"),
        row("wall, calls/s", lambda r: f"{r.seconds:.1f} s, {r.calls / r.seconds:,.0f}/s"),
    ]
    return markdown(["measure", *(part.label for part in columns)], rows)


def details(results: dict[str, PartResult]) -> list[str]:
    """The error classes behind the counts, the faults by kind, and examples of other exceptions."""
    lines = []
    for part in PARTS:
        result = results.get(part.key)
        if result is None:
            continue
        typed = ", ".join(f"{name} {count}" for name, count in sorted(result.typed.items())) or "none"
        other = ", ".join(f"{name} {count}" for name, count in sorted(result.other.items())) or "none"
        faults = ", ".join(f"{name} {count}" for name, count in sorted(result.faults.items())) or "none"
        lines.append(f"{part.label}: typed: {typed}; other: {other}; faults: {faults}")
        lines += [f"  e.g. {example}" for example in result.examples]
    return lines


def failures(results: dict[str, PartResult]) -> list[str]:
    """What ours got wrong: other exceptions, duplicated creates, unfinished calls."""
    problems = []
    for part in PARTS:
        result = results.get(part.key)
        if result is None or part.client != "ours":
            continue
        for label, value in (
            ("other exceptions", result.other_total),
            ("duplicated creates", result.duplicated_creates),
            ("unfinished calls", result.unfinished),
        ):
            if value:
                problems.append(f"FAILED: {part.label}: {value} {label}")
    return problems


def _load_clients() -> None:
    """Import both clients, models included, so that the RSS figures show what the calls add, not imports."""
    import httpx2
    from mistral_fine_tuning import Mistral

    Mistral(api_key="soak").fine_tuning.jobs  # noqa: B018 (loads the jobs module and the models)
    httpx2.Client().close()


def main(argv: list[str] | None = None) -> int:
    """Run the four parts, print the table; exit 1 when ours misbehaved."""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description="Load test under injected faults.")
    parser.add_argument("--quick", action="store_true", help="a short run (400 calls per part)")
    parser.add_argument("--calls", type=int, default=None, help="async calls per part (default 10,000)")
    parser.add_argument("--thread-calls", type=int, default=None, help="threaded calls per part (default: --calls)")
    parser.add_argument("--deadline", type=float, default=None, help="seconds per part before giving up (default 900)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the call mix and the fault schedule")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers to FILE")
    args = parser.parse_args(argv)

    calls = args.calls or (400 if args.quick else 10_000)
    thread_calls = args.thread_calls or calls
    deadline = args.deadline or (120.0 if args.quick else 900.0)
    pinning = plan()
    info = _machine.describe(REPO_ROOT)
    results: dict[str, PartResult] = {}
    _load_clients()
    with ServerProcess(jobs=1, cpu=pinning.server_cpu, speed=0.0) as server:
        pin(pinning.client_cpu)
        for index, part in enumerate(PARTS):
            count = calls if part.mode == "async" else thread_calls
            print(f"  .. {part.label}: {count:,} calls", file=sys.stderr, flush=True)
            # The same seed for ours and raw in a mode: the same mix of calls and the same fault schedule.
            results[part.key] = run_part(part, server, count, args.seed + index // 2, deadline)
    info["load after"] = f"{_machine.load()}; busy other processes: {', '.join(_machine.busy_processes()) or 'none'}"
    for name, value in info.items():
        print(f"{name}: {value}")
    print(f"pinning: {pinning.note}")
    print(
        f"mode: {'quick' if args.quick else 'full'}; {FAULT_RATE:.0%} of requests faulted (mix {MIX!r}); async: "
        f"{CONCURRENCY} in flight; threads: {THREADS}; request timeout {REQUEST_TIMEOUT:g} s\n"
    )
    print(render(results))
    print()
    for line in details(results):
        print(line)
    problems = failures(results)
    for line in problems:
        print(line)
    if not problems:
        print("ours: 0 other exceptions, 0 duplicated creates, 0 unfinished calls")
    if args.json is not None:
        raw = {
            "machine": info,
            "pinning": asdict(pinning),
            "settings": {"calls": calls, "thread_calls": thread_calls, "deadline": deadline, "seed": args.seed},
            "parts": {key: asdict(result) for key, result in results.items()},
            "failures": problems,
        }
        args.json.write_text(json.dumps(raw, indent=1) + "\n")
        print(f"raw numbers written to {args.json}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
