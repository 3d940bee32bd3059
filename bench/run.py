"""`make bench`: this client next to the raw-httpx2 floor (and raw httpx) measured in the same run, as one table.

    python -m bench [--quick] [--json FILE] [--only NAME ...]

The floor is httpx2, which this client sends with, used plainly; raw httpx, which it continues, is a second floor
when installed. The fake server runs in its own process on the other CPU with 1000 jobs, the clients here on the
first. Targets alternate (A B A B), figures are medians, start-up figures come from fresh processes, and the fake's
own time per request is printed below. A measure is a function `(Bench) -> list[Row]` in `MEASURES`, the first line
of its docstring its progress line. Profiling: `python -m cProfile -s tottime -m bench --quick --only p2`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import importlib
import importlib.util
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import common as c
from .common import FLOOR, HTTPX, OURS, Row, Server, median

PAGE, SCALE = 100, {"ms": 1e3, "µs": 1e6, "MiB": 1 / 1024}
"""P7's page size; seconds (or KiB) to the unit shown."""


@dataclass
class Bench:
    """What every measure gets: the mode, the fake server, and where to leave what is not a row of the table."""

    quick: bool
    server: Server
    server_cpu: int | None
    floors: list[str]
    """The raw floors measured: httpx2, and httpx when it is installed."""
    samples: dict[str, Any] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def n(self, full: int, quick: int) -> int:
        """An iteration count: `full`, or `quick` under `--quick`."""
        return quick if self.quick else full

    def row(self, key: str, label: str, samples: Mapping[str, Sequence[float]], unit: str = "ms") -> Row:
        """A row of the medians of the floor, ours and httpx (when present) in `unit`; a goal follows a `;`."""
        self.samples[key], scale, (label, _, goal) = samples, SCALE.get(unit, 1.0), label.partition("; goal ")
        floor, ours = median(samples[FLOOR]) * scale, median(samples[OURS]) * scale
        return Row(
            key, label, floor, ours, unit, goal or None, median(samples[HTTPX]) * scale if HTTPX in samples else None
        )

    def server_time(self, phase: str, stats: Mapping[str, float], ours_seconds: float) -> None:
        """Note the fake's own time per request next to ours per request: it must stay well under it."""
        per_request = stats["handler_seconds"] / max(stats["requests"], 1)
        self.notes.append(
            f"fake server handler time, {phase}: {per_request * 1e3:.3f} ms per request over {stats['requests']:,} "
            f"requests = {per_request / ours_seconds:.0%} of ours per call ({ours_seconds * 1e3:.3f} ms): "
            + ("well under" if per_request / ours_seconds < 0.25 else "NOT well under")
        )


def flat(runs: Mapping[str, Sequence[Sequence[Any]]], index: int | None = None) -> dict[str, list[Any]]:
    """Every sample of each target, its runs joined (or item `index` of each run)."""
    return {k: list(itertools.chain(*v)) if index is None else [run[index] for run in v] for k, v in runs.items()}


def p1_import(b: Bench) -> list[Row]:
    """P1 import + `Mistral()` + `.fine_tuning.jobs`: fresh processes, alternated."""
    runs = c.fresh({t: [sys.executable, "-c", c.IMPORTS[t]] for t in [*b.floors, OURS]}, b.n(15, 1), b.n(2, 0))
    label = 'P1 import + `Mistral()` + `.fine_tuning.jobs`, fresh process (floor: `python -c "import httpx2"`)'
    return [b.row("P1", f"{label}; goal <= 1.15", flat(runs, 0))]


def p2_p3_get_list(b: Bench) -> list[Row]:
    """P2 sequential `jobs.get` and P3 `jobs.list` of 1000, one reused client per target."""
    ep, targets = b.server.endpoint, {name: c.sync_target(name, b.server.endpoint) for name in [*b.floors, OURS]}
    try:
        for name, (get, list_, _) in targets.items():
            c.check(name, ep, get(), list_())
        b.server.call("reset_stats")
        rounds = c.race({name: target[0] for name, target in targets.items()}, b.n(5, 2), 1, b.n(500, 50))
        b.server_time("get", b.server.call("stats"), statistics.fmean(flat(rounds)[OURS]))
        b.server.call("reset_stats")
        lists = flat(c.race({name: target[1] for name, target in targets.items()}, b.n(21, 3), 2))
        b.server_time("list", b.server.call("stats"), median(lists[OURS]))
    finally:
        for _, _, close in targets.values():
            close()
    b.samples["P2_calls"], every = rounds, flat(rounds)
    p2 = "P2 sequential `jobs.get`, per call (floor: `httpx2.Client().get(...).json()`); goal <= 1.1"
    p3 = "P3 `jobs.list` returning 1000 jobs, end to end (floor: httpx2 get + `json.loads`); goal <= 1.25"
    quantiles = {q: {name: [c.percentile(calls, q)] for name, calls in every.items()} for q in (50, 99)}
    return [
        b.row("P2", p2, {name: [statistics.fmean(calls) for calls in runs] for name, runs in rounds.items()}),
        *(b.row(f"P2_p{q}", f"P2 p{q} per call (all calls)", samples) for q, samples in quantiles.items()),
        b.row("P3", p3, lists),
    ]


def parse_only(b: Bench) -> list[Row]:
    """Parse only: `JobsOut.from_dict` on the 1000-job body, against `json.loads(body)`."""
    import httpx2
    from mistral_fine_tuning import models

    url, headers = b.server.endpoint.url + c.JOBS, b.server.endpoint.headers
    body = httpx2.get(url, params=c.LIST_PARAMS, headers=headers).content
    get_body = httpx2.get(f"{url}/{b.server.endpoint.job_id}", headers=headers).content
    b.notes.append(f"bodies: get {len(get_body):,} B, list of 1000 {len(body):,} B")
    from_dict, data = models.JobsOut.from_dict, json.loads(body)
    variants = {FLOOR: lambda: json.loads(body), OURS: lambda: from_dict(json.loads(body))}
    samples = flat(c.race(variants | {"models": lambda: from_dict(data)}, b.n(31, 3), 2))
    label = "parse only, 1000 jobs: `JobsOut.from_dict({})` (floor: `json.loads(body)`)"
    return [
        b.row("parse", label.format("json.loads(body)"), samples),
        b.row("parse_models", label.format("data") + ", models alone", samples | {OURS: samples["models"]}),
    ]


AsyncTarget = tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[object]]]
"""An async client reduced to (get the job, close)."""


def ours_async(ep: c.Endpoint, max_connections: int | None = None, given: str | None = None) -> AsyncTarget:
    """Ours at its default pool, at `max_connections`, or handed a `given.AsyncClient()` (that library's limits)."""
    from mistral_fine_tuning import Mistral

    module = importlib.import_module(given) if given else None
    client = module.AsyncClient(timeout=module.Timeout(60.0, connect=5.0), follow_redirects=True) if module else None
    sdk = Mistral(api_key=ep.api_key, server_url=ep.url, max_connections=max_connections, async_client=client)

    async def close() -> None:
        await sdk.aclose()
        if client is not None:
            await client.aclose()

    return functools.partial(sdk.fine_tuning.jobs.get_async, job_id=ep.job_id), close


def raw_async(ep: c.Endpoint, library: str, size: int | None = None) -> AsyncTarget:
    """Raw `library.AsyncClient()`, or with `size` connections all kept idle. Under P6's faults it re-sends at once
    on a transport error or a 503, so that it completes every call too."""
    module = importlib.import_module(library)
    limits = {"limits": module.Limits(max_connections=size, max_keepalive_connections=size)} if size else {}
    client, url, headers = module.AsyncClient(**limits), f"{ep.url}{c.JOBS}/{ep.job_id}", ep.headers

    async def get() -> Any:
        for _ in range(5):
            with contextlib.suppress(module.TransportError):
                response = await client.get(url, headers=headers)
                if response.status_code != 503:
                    return response.json()
        raise RuntimeError(f"{library}: 5 attempts failed")

    return get, client.aclose


async def burst(get: Callable[[], Awaitable[Any]], calls: int, concurrency: int) -> tuple[float, int]:
    """Seconds for `calls` gets through `concurrency` workers on this event loop, and how many of them raised."""
    remaining, failed, started = calls, 0, time.perf_counter()

    async def worker() -> None:
        nonlocal remaining, failed
        while remaining > 0:
            remaining -= 1
            try:
                await get()
            except Exception:
                failed += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, failed


def p4_async(b: Bench) -> list[Row]:
    """P4 throughput of 200 `get_async` at once, rounds alternated on one event loop."""

    async def measure(ep: c.Endpoint) -> dict[str, list[float]]:
        targets = {name: raw_async(ep, c.LIBRARY[name]) for name in b.floors} | {OURS: ours_async(ep)}
        samples: dict[str, list[float]] = {name: [] for name in targets}
        try:
            for name, (get, _) in targets.items():
                c.check(name, ep, await get())
                for _ in range(b.n(2, 0)):
                    await burst(get, 200, 200)
            b.server.call("reset_stats")
            for _, (name, (get, _)) in itertools.product(range(b.n(15, 1)), targets.items()):
                gc.collect()
                seconds, failed = await burst(get, 200, 200)
                samples[name].append((200 - failed) / seconds)
            return samples
        finally:
            for _, close in targets.values():
                await close()

    samples = asyncio.run(measure(b.server.endpoint))
    b.server_time("async_get", b.server.call("stats"), 1 / median(samples[OURS]))
    label = "P4 200 concurrent `get_async`, throughput (floor: `httpx2.AsyncClient()`); goal >= 0.95"
    return [b.row("P4", label, samples, "calls/s")]


def p5_rss(b: Bench) -> list[Row]:
    """P5 peak RSS of a fresh process that imports its client and lists 1000 jobs."""
    ep, check = b.server.endpoint, f"\nassert n == {c.PAGE_SIZE}, n{c.PEAK_RSS}"
    request = f"get({ep.url + c.JOBS!r}, params={c.LIST_PARAMS!r}, headers={ep.headers!r})"
    raw = "import json, {0}\nn = len(json.loads({0}.Client().{1}.content)['data'])"
    code = {target: raw.format(c.LIBRARY[target], request) for target in b.floors}
    ours = f"Mistral(api_key={ep.api_key!r}, server_url={ep.url!r}).fine_tuning.jobs.list(page_size={c.PAGE_SIZE})"
    code[OURS] = f"from mistral_fine_tuning import Mistral\nn = len({ours}.data)"
    runs = c.fresh({name: [sys.executable, "-c", text + check] for name, text in code.items()}, b.n(5, 1), b.n(1, 0))
    peaks = {name: [float(out.split()[-1]) for out in outs] for name, outs in flat(runs, 1).items()}
    label = "P5 peak RSS (VmHWM), import + list of 1000, fresh process (floor: python + httpx2 + `json.loads`)"
    return [b.row("P5", label, peaks, "MiB")]


async def pool_run(server: Server, make: Callable[[], AsyncTarget], calls: int, seed: int) -> dict[str, Any]:
    """A fresh client making `calls` gets, 100 at a time, under the fault schedule `seed`: what it and the fake saw."""
    get, close = make()
    try:
        c.check("P6", server.endpoint, await get())  # also loads what the client loads on first use
        server.call("arm", requests=int(calls * 1.2) + 100, mix="drop_503", seed=seed)  # enough for the retries
        server.call("reset_stats")
        gc.collect()
        seconds, failed = await burst(get, calls, 100)
        stats = server.call("stats")
    finally:
        faults = server.call("disarm")
        await close()
    return {"calls": calls, "failed": failed, "seconds": seconds, **stats, "faults": faults}


def p6_pool(b: Bench) -> list[Row]:
    """P6 connections per 10k requests and throughput, `get_async` 100 in flight, 2 % of requests faulted."""
    from mistral_fine_tuning._transport import DEFAULT_POOL_SIZE

    ep, idle, p = b.server.endpoint, "(100, 20 kept idle)", functools.partial
    variants: dict[str, tuple[str, Callable[[], AsyncTarget]]] = {
        OURS: (f"ours, default pool ({DEFAULT_POOL_SIZE} connections, all kept idle)", p(ours_async, ep)),
        FLOOR: (f"raw httpx2 `AsyncClient()`, default limits {idle}", p(raw_async, ep, "httpx2")),
        HTTPX: (f"raw httpx `AsyncClient()`, default limits {idle}", p(raw_async, ep, "httpx")),
        "floor_100": ("raw httpx2, `Limits(100, 100)`", p(raw_async, ep, "httpx2", 100)),
        "ours_httpx2": (f"ours, given `httpx2.AsyncClient()` {idle}", p(ours_async, ep, given="httpx2")),
        "ours_httpx": (f"ours, given `httpx.AsyncClient()` {idle}: the SDK before", p(ours_async, ep, given="httpx")),
    }
    for size in sorted({20, 50, 100, 200} - {DEFAULT_POOL_SIZE}):
        variants[f"ours_{size}"] = (f"ours, `max_connections={size}`", p(ours_async, ep, size))
    for key in () if HTTPX in b.floors else (HTTPX, "ours_httpx"):
        del variants[key]
    calls, runs = b.n(10_000, 100), {key: list[dict[str, Any]]() for key in variants}
    for seed, (key, (_, make)) in itertools.product(range(b.n(3, 1)), variants.items()):
        runs[key].append(asyncio.run(pool_run(b.server, make, calls, seed)))
    b.samples["P6_runs"] = runs
    conns = {key: [run["connections"] * 10_000 / run["requests"] for run in rs] for key, rs in runs.items()}
    speed = {key: [(run["calls"] - run["failed"]) / run["seconds"] for run in rs] for key, rs in runs.items()}
    ours_stats = {k: sum(run[k] for run in runs[OURS]) for k in ("requests", "handler_seconds")}
    b.server_time("pool", ours_stats, 1 / median(speed[OURS]))

    def cells(key: str, label: str) -> list[str]:
        spread = [f"{median(v):,.0f} ({min(v):,.0f}-{max(v):,.0f})" for v in (conns[key], speed[key])]
        requests, failed = median([run["requests"] for run in runs[key]]), sum(run["failed"] for run in runs[key])
        ratio = median(speed[key]) / median(speed[FLOOR])
        return [label, *spread, f"{ratio:.2f}{c.TIMES}", f"{requests:,.0f}", str(failed)]

    headers = ["P6 client and pool limits", "connections per 10k requests", "calls/s", "vs raw httpx2 default"]
    headers += ["requests per run", "failed calls"]
    b.tables.append(c.markdown(headers, [cells(key, label) for key, (label, _) in variants.items()]))
    label = (
        f"P6 connections opened, {calls:,} `get_async`, 100 in flight, 2 % faulted (floor: raw `httpx2.AsyncClient()`"
    )
    speed_row = b.row("P6_throughput", "P6 throughput, same runs", speed, "calls/s")
    return [b.row("P6", label + ")", conns, "per 10k req"), speed_row]


def walk_iter(jobs: Any) -> int:
    """Every job through `jobs.iter(page_size=100)`; returns how many."""
    count = 0
    for _job in jobs.iter(page_size=PAGE):
        count += 1
    return count


def walk_by_hand(jobs: Any) -> int:
    """Every job through `jobs.list(page=n, page_size=100)` until the pages cover the total: what `iter` replaces."""
    count, page, total = 0, 0, 1
    while count < total:
        result = jobs.list(page=page, page_size=PAGE)
        if not result.data:
            break
        for _job in result.data:
            count += 1
        total, page = result.total, page + 1
    return count


def p7_iter(b: Bench) -> list[Row]:
    """P7 `jobs.iter(page_size=100)` over every job, against the same pages by hand, walks alternated."""
    from mistral_fine_tuning import Mistral

    count = b.n(10_000, 1000)
    with contextlib.ExitStack() as stack:
        server = b.server if count == 1000 else stack.enter_context(Server(count, b.server_cpu))
        jobs = stack.enter_context(Mistral(api_key=c.API_KEY, server_url=server.endpoint.url)).fine_tuning.jobs

        def walker(walk: Callable[[Any], int]) -> Callable[[], float]:
            def once() -> float:
                started, seen = time.perf_counter(), walk(jobs)
                if seen != count:
                    raise RuntimeError(f"{walk.__name__} saw {seen} jobs, expected {count}")
                return (time.perf_counter() - started) / count

            return once

        server.call("reset_stats")
        per_job = c.alternate({FLOOR: walker(walk_by_hand), OURS: walker(walk_iter)}, b.n(7, 1), warmup=1)
        b.server_time("iter", server.call("stats"), median(per_job[OURS]) * PAGE)
    label = f"P7 `jobs.iter(page_size=100)` over {count:,} jobs, per job (floor here: the same pages by hand, "
    return [b.row("P7", label + "`jobs.list(page=n)`)", per_job, "µs")]


def p8_cli(b: Bench) -> list[Row]:
    """P8 command-line start-up: `--help` and `jobs get`, fresh processes, alternated with the floors."""
    ep, cli = b.server.endpoint, [sys.executable, "-m", "mistral_fine_tuning.cli"]
    headers, url = "{'Authorization': 'Bearer ' + os.environ['MISTRAL_API_KEY']}", f"{ep.url}{c.JOBS}/{ep.job_id}"
    by_hand = f"import os, httpx2\nprint(httpx2.get({url!r}, headers={headers}).json()['id'])"
    commands = {target: [sys.executable, "-c", c.IMPORTS[target]] for target in b.floors}
    commands |= {"help": [*cli, "--help"], "get": [*cli, "jobs", "get", ep.job_id, "--server-url", ep.url]}
    env = {"MISTRAL_API_KEY": ep.api_key, "MISTRAL_SERVER_URL": ep.url}  # the command line reads its key there only
    if ep.job_id not in c.run(commands["get"], c.fresh_env(**env))[1]:
        raise RuntimeError("`mistral-ft jobs get` did not print the job: P8 would time an early error")
    found = flat(c.fresh(commands | {"raw": [sys.executable, "-c", by_hand]}, b.n(15, 1), b.n(2, 0), **env), 0)
    floors, get, help_ = {k: found[k] for k in b.floors}, {OURS: found["get"]}, {OURS: found["help"]}
    label, same = "P8 `{}`, fresh process (floor: {})", "the same GET by hand, `httpx2.get(url).json()`"
    return [
        b.row("P8_help", label.format("python -m mistral_fine_tuning.cli --help", "`import httpx2`"), floors | help_),
        b.row("P8", label.format("... cli jobs get <id> --server-url <fake>", "`import httpx2`"), floors | get),
        b.row("P8_raw", label.format("... cli jobs get <id>", same), {FLOOR: found["raw"]} | get),
    ]


def write_training_file(path: Path, size: int, distinct: int = 8_000_000) -> int:
    """Write at least `size` bytes of chat training data (JSON Lines, as `bench.data_check` makes it) to `path`, whole
    lines only; returns the bytes written. The first `distinct` bytes of conversations repeat in order after that:
    making 200 MB of them one by one takes longer than uploading them, and an upload sends bytes, repeated or not."""
    from .data_check import completion_record

    rng, lines, block = random.Random(9), list[bytes](), 0
    while block < min(size, distinct):
        lines.append(json.dumps(completion_record(rng), ensure_ascii=False).encode() + b"\n")
        block += len(lines[-1])
    whole, written = b"".join(lines), 0
    with path.open("wb") as out:
        while size - written >= len(whole):
            written += out.write(whole)
        for line in lines:
            if written >= size:
                break
            written += out.write(line)
    return written


UPLOAD_CALL = """\
import time
{imports}
started = time.perf_counter()
{upload}
seconds = time.perf_counter() - started
print(seconds, {answer})
"""
"""P9's fresh process: the call timed alone (from making the client to the parsed answer), then the file id and
size the fake answered; `PEAK_RSS` follows."""
UPLOAD_SNIPPETS = {
    FLOOR: (
        "import httpx2",
        "with httpx2.Client() as client, open({path!r}, 'rb') as contents:\n"
        "    form = {{'file': ({name!r}, contents, 'application/octet-stream')}}\n"
        "    response = client.post({url!r}, files=form, data={{'purpose': 'fine-tune'}}, headers={headers!r})\n"
        "    uploaded = response.raise_for_status().json()",
        "uploaded['id'], uploaded['bytes']",
    ),
    OURS: (
        "from mistral_fine_tuning import Mistral",
        "with Mistral(api_key={key!r}, server_url={server!r}) as sdk:\n"
        "    uploaded = sdk.files.upload(file={path!r}, purpose='fine-tune')",
        "uploaded.id, uploaded.bytes",
    ),
}
"""P9's uploads (imports, the timed call, what to print): the floor a multipart post by hand, as httpx2 documents
it, and ours."""


def p9_upload(b: Bench) -> list[Row]:
    """P9 upload of a 200 MB training file: ours and a hand-made httpx2 multipart post, fresh processes, alternated."""
    import httpx2

    ep, size = b.server.endpoint, b.n(200_000_000, 4_000_000)
    if size > c.UPLOAD_ROOM:
        raise RuntimeError(f"P9 uploads {size:,} B: raise common.UPLOAD_ROOM ({c.UPLOAD_ROOM:,} B) to match")
    memory: list[dict[str, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as folder:
        path = Path(folder) / "train.jsonl"
        size = write_training_file(path, size)
        fields = {"path": str(path), "name": path.name, "url": ep.url + "/v1/files", "headers": ep.headers}
        fields |= {"key": ep.api_key, "server": ep.url}
        environment = c.fresh_env()

        def upload(target: str) -> tuple[float, float, float, float]:
            imports, call, answer = UPLOAD_SNIPPETS[target]
            code = UPLOAD_CALL.format(imports=imports, upload=call.format(**fields), answer=answer) + c.PEAK_RSS
            b.server.call("reset_stats")
            wall, out = c.run([sys.executable, "-c", code], environment)
            seconds, file_id, stored, peak = out.split()
            stats = b.server.call("stats")
            deleted = httpx2.delete(f"{ep.url}/v1/files/{file_id}", headers=ep.headers)  # the fake keeps it in memory
            memory.append(b.server.call("memory"))
            if int(stored) != size or stats["requests"] != 1 or not deleted.json().get("deleted"):
                answers = f"{stored} B stored, {stats['requests']} requests, delete answered {deleted.text:.200}"
                raise RuntimeError(f"P9 {target}: {answers}; expected one upload of {size} B, then its deletion")
            return wall, float(seconds), stats["handler_seconds"], float(peak)

        runs = c.alternate(
            {target: functools.partial(upload, target) for target in UPLOAD_SNIPPETS}, b.n(9, 1), b.n(1, 0)
        )
    b.samples["P9_runs"] = runs
    walls, calls, handling, peaks = (flat(runs, index) for index in range(4))
    beside = {key: [call - fake for call, fake in zip(calls[key], handling[key], strict=True)] for key in calls}
    megabytes, handled = size / 1e6, median(handling[OURS])
    b.notes.append(
        f"P9 file: {size:,} B of JSON Lines; the call alone at {megabytes / median(calls[FLOOR]):,.0f} MB/s (floor) "
        f"and {megabytes / median(calls[OURS]):,.0f} MB/s (ours); the fake takes {handled:.3f} s per upload once it "
        f"has the body (parse the form, hash, count lines, store) = {handled / median(calls[OURS]):.0%} of ours"
    )
    if memory and memory[0]:
        after, peak = ", ".join(f"{m['rss'] / 1024:,.0f}" for m in memory), memory[-1]["peak"] / 1024
        b.notes.append(f"P9 fake server RSS after each upload's delete (MiB): {after}; its peak {peak:,.0f} MiB")
    label = f"P9 `files.upload(file=path)` of a {megabytes:,.0f} MB file, the call in a fresh process (floor: "
    label += "`httpx2.Client().post(url, files=..., data=...)`)"
    return [
        b.row("P9", f"{label}; goal <= 1.11", calls, "s"),
        b.row("P9_client", "P9 the same calls less the fake's handling time (client and transfer)", beside, "s"),
        b.row("P9_process", "P9 the same fresh processes, start to exit", walls, "s"),
        b.row("P9_rss", "P9 peak RSS (VmHWM) of the same processes", peaks, "MiB"),
    ]


def plugged(module: str) -> list[Callable[[Bench], list[Row]]]:
    """The measure of `module`, `measure(quick: bool) -> list[Row]`, when that module exists."""
    if importlib.util.find_spec(module) is None:
        return []
    found = importlib.import_module(module)

    def measure(b: Bench) -> list[Row]:
        return list(found.measure(b.quick))

    measure.__name__, measure.__doc__ = module.rpartition(".")[2], found.__doc__
    return [measure]


MEASURES: list[Callable[[Bench], list[Row]]] = [p1_import, p2_p3_get_list, parse_only, p4_async, p5_rss, p6_pool]
MEASURES += [p7_iter, p8_cli, p9_upload, *plugged("bench.data_check")]
"""Every measure, in table order; the training-data check throughput is written in `bench/data_check.py`."""


def main(argv: list[str] | None = None) -> int:
    """Run the measures, print the tables, and write the raw numbers if asked."""
    parser = c.command_line("python -m bench", "This client next to the raw httpx2 floor.")
    parser.add_argument("--only", nargs="+", default=[""], metavar="NAME", help="measures whose names start so: p2 p6")
    args = parser.parse_args(argv)
    client_cpu, server_cpu, pinning = c.plan()
    info, rows = c.machine(), list[Row]()
    with Server(cpu=server_cpu, **c.UPLOAD_OPTIONS) as server:
        c.pin(client_cpu)
        b = Bench(args.quick, server, server_cpu, [FLOOR, HTTPX] if importlib.util.find_spec("httpx") else [FLOOR])
        for measure in (m for m in MEASURES if m.__name__.startswith(tuple(args.only))):
            print(f"  .. {(measure.__doc__ or measure.__name__).splitlines()[0]}", file=sys.stderr, flush=True)
            rows += measure(b)
    if HTTPX in b.floors and importlib.util.find_spec("sniffio") is None:
        b.notes.append(
            "note: sniffio is not installed, so httpx's httpcore retries a failing `import sniffio` several times per "
            "async request: the httpx column of P4 and P6 is about half as fast as it could be (httpcore2 looks once)"
        )
    raw = {"rows": [asdict(row) | {"ratio": row.ratio, "verdict": row.verdict} for row in rows], "notes": b.notes}
    raw |= {"tables": b.tables, "samples": b.samples, "snippets": c.IMPORTS}
    c.report(args, info, pinning, "\n\n".join([c.render(rows), *b.tables, "\n".join(b.notes)]), raw)
    return 0
