"""`make bench`: this client next to the raw-httpx2 floor (and raw httpx), measured in the same run, as one table.

    python -m bench [--quick] [--json FILE]

The floor is httpx2, the HTTP library this client sends with, used plainly; raw httpx, which httpx2 continues, is
a second floor column when it is installed. The fake server runs in its own process on CPU 1 with 1000 preloaded
jobs (a second one with 10,000 for P7); the client side runs here, on CPU 0. Every figure is a median over
repeated samples (see `bench._settings`), the targets alternated. Rows:

- P1: fresh process, wall: import + `Mistral()` + `.fine_tuning.jobs`; floor `python -c "import httpx2"`.
- P2: sequential `jobs.get`, per call; floor `httpx2.Client().get(...).json()` (same URL and headers).
- P3: `jobs.list(page_size=1000)` end to end; floor httpx2 get + `json.loads(response.content)`.
- parse only: `JobsOut.from_dict(json.loads(body))` and `from_dict` alone, against `json.loads(body)`.
- P4: throughput of 200 concurrent `get_async` via `asyncio.gather`; floor `httpx2.AsyncClient()`.
- P5: peak RSS of a fresh process importing and listing 1000 jobs; floor python + httpx2 + `json.loads`.
- P6: 10,000 `get_async`, 100 in flight, 2 % of requests faulted: TCP connections the server accepted per 10,000
  requests, and throughput; floor raw `httpx2.AsyncClient()` re-sending by hand. A second table gives every pool
  setting measured (`bench._pool`).
- P7: `for job in jobs.iter(page_size=100)` over 10,000 jobs, per job; floor: the same pages by hand with
  `jobs.list(page=n, page_size=100)`.
- P8: fresh process, wall: `python -m mistral_fine_tuning.cli --help`, and `... jobs get <id> --server-url <fake>`
  (what the `mistral-ft` console script runs); floor `python -c "import httpx2"`, and for `jobs get` also a fresh
  process making the same GET with httpx2 by hand.

Below the tables: the fake server's own handler time per request, which must stay well under the client's time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from . import _calls, _concurrent, _fresh, _machine, _paging, _pool
from ._affinity import Pinning, pin, plan
from ._child import REPO_ROOT
from ._measure import env_with_bytecode, median, run_process
from ._server import ServerProcess, Stats
from ._settings import FULL, QUICK, Settings
from ._table import Goal, Row, markdown, quantity, ratio, render
from ._targets import (
    FLOOR,
    HTTPX,
    IMPORT_SNIPPETS,
    OURS,
    Endpoint,
    SyncTarget,
    floor_async,
    floor_sync,
    httpx_async,
    httpx_available,
    httpx_sync,
    ours_async,
    ours_sync,
)

SERVER_SHARE_LIMIT = 0.25
"""The server's handler time per request must stay under this share of our client's time per call."""
ORDER = ("P1", "P2", "P3", "parse", "P4", "P5", "P6", "P7", "P8")
CLI_HELP = "cli_help"
CLI_GET = "cli_get"
RAW_GET = "raw_get"


@dataclass
class Report:
    """Everything one run measured: the tables' rows, the raw samples, and the server's own time per phase."""

    rows: list[Row] = field(default_factory=list)
    pool_rows: list[list[str]] = field(default_factory=list)
    samples: dict[str, Any] = field(default_factory=dict)
    server: dict[str, Stats] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)


def _progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def _medians(samples: dict[str, list[float]]) -> tuple[float, float, float | None]:
    """The medians of the floor, ours and (when measured) the second floor."""
    second = median(samples[HTTPX]) if HTTPX in samples else None
    return median(samples[FLOOR]), median(samples[OURS]), second


def _floors(with_httpx: bool) -> list[str]:
    return [FLOOR, HTTPX] if with_httpx else [FLOOR]


def _cli_commands(endpoint: Endpoint) -> dict[str, list[str]]:
    """P8: the two command lines timed, the way `mistral-ft` runs them (the console script calls the same main)."""
    cli = [sys.executable, "-m", "mistral_fine_tuning.cli"]
    raw = (
        "import os, httpx2\n"
        f"answer = httpx2.get({endpoint.url + '/v1/fine_tuning/jobs/' + endpoint.job_id!r},"
        " headers={'Authorization': 'Bearer ' + os.environ['MISTRAL_API_KEY']})\n"
        "print(answer.json()['id'])\n"
    )
    return {
        CLI_HELP: [*cli, "--help"],
        CLI_GET: [*cli, "jobs", "get", endpoint.job_id, "--server-url", endpoint.url],
        RAW_GET: [sys.executable, "-c", raw],  # the same GET by hand: the floor of any command that calls the API
    }


def _cli_env(endpoint: Endpoint) -> dict[str, str]:
    """This environment with the fake server's key in MISTRAL_API_KEY (the CLI reads the key from there only)."""
    env = env_with_bytecode()
    env["MISTRAL_API_KEY"] = endpoint.api_key
    env.pop("MISTRAL_SERVER_URL", None)
    return env


def _check_cli(endpoint: Endpoint, env: dict[str, str]) -> None:
    """Raise RuntimeError unless `jobs get` prints the job (so P8 times a real call, not an early error)."""
    out = run_process(_cli_commands(endpoint)[CLI_GET], env)
    if endpoint.job_id not in out:
        raise RuntimeError(f"`mistral-ft jobs get` did not print job {endpoint.job_id}: {out[:300]!r}")


def _p1_p8(report: Report, settings: Settings, endpoint: Endpoint, with_httpx: bool) -> None:
    env = _cli_env(endpoint)
    _check_cli(endpoint, env)
    commands = _fresh.import_commands(dict.fromkeys([*_floors(with_httpx), OURS], sys.executable))
    commands.update(_cli_commands(endpoint))
    _progress(f"P1 import and P8 CLI: {settings.import_runs} fresh processes per command, alternated")
    samples = _fresh.walls(commands, warmup=settings.import_warmup, runs=settings.import_runs, env=env)
    report.samples["P1_P8_seconds"] = samples
    floor, ours, second = _medians(samples)
    floor_ms, second_ms = floor * 1e3, None if second is None else second * 1e3
    measure = 'P1 import + `Mistral()` + `.fine_tuning.jobs`, fresh process (floor: `python -c "import httpx2"`)'
    report.rows.append(Row("P1", measure, floor_ms, ours * 1e3, "ms", Goal("<=", 1.15), second_ms))
    report.rows += [
        Row(
            "P8_help",
            "P8 `python -m mistral_fine_tuning.cli --help`, fresh process (floor: `import httpx2`)",
            floor_ms,
            median(samples[CLI_HELP]) * 1e3,
            "ms",
            httpx=second_ms,
        ),
        Row(
            "P8",
            "P8 `... cli jobs get <id> --server-url <fake>`, fresh process (floor: `import httpx2`)",
            floor_ms,
            median(samples[CLI_GET]) * 1e3,
            "ms",
            httpx=second_ms,
        ),
        Row(
            "P8_raw",
            "P8 `... cli jobs get <id>` against the same GET by hand, fresh process (floor: `httpx2.get(url).json()`)",
            median(samples[RAW_GET]) * 1e3,
            median(samples[CLI_GET]) * 1e3,
            "ms",
        ),
    ]


def _sync_targets(endpoint: Endpoint, with_httpx: bool) -> dict[str, SyncTarget]:
    targets = {FLOOR: floor_sync(endpoint), OURS: ours_sync(endpoint)}
    if with_httpx:
        targets[HTTPX] = httpx_sync(endpoint)
    return targets


def _p2_p3(report: Report, settings: Settings, server: ServerProcess, endpoint: Endpoint, with_httpx: bool) -> None:
    targets = _sync_targets(endpoint, with_httpx)
    try:
        for name, target in targets.items():
            _calls.verify(name, target, endpoint)
        _progress(f"P2 get: {settings.get_rounds} rounds x {settings.get_calls} calls each")
        server.reset_stats()
        gets = _calls.sequential_gets(
            targets, warmup=settings.get_warmup, rounds=settings.get_rounds, calls=settings.get_calls
        )
        report.server["get"] = server.stats()
        _progress(f"P3 list of 1000: {settings.list_calls} calls each")
        server.reset_stats()
        lists = _calls.lists(targets, warmup=settings.list_warmup, calls=settings.list_calls)
        report.server["list"] = server.stats()
    finally:
        for target in targets.values():
            target.close()
    report.samples["P2_call_seconds_by_round"] = {name: sequential.rounds for name, sequential in gets.items()}
    report.samples["P3_seconds"] = lists
    floor, ours, second = gets[FLOOR], gets[OURS], gets.get(HTTPX)

    def ms(summary: float | None) -> float | None:
        return None if summary is None else summary * 1e3

    report.rows += [
        Row(
            "P2",
            "P2 sequential `jobs.get`, per call (floor: `httpx2.Client().get(...).json()`)",
            floor.per_call * 1e3,
            ours.per_call * 1e3,
            "ms",
            Goal("<=", 1.1),
            ms(second.per_call if second else None),
        ),
        Row(
            "P2_p50",
            "P2 p50 per call (all calls)",
            floor.percentile(50) * 1e3,
            ours.percentile(50) * 1e3,
            "ms",
            httpx=ms(second.percentile(50) if second else None),
        ),
        Row(
            "P2_p99",
            "P2 p99 per call (all calls)",
            floor.percentile(99) * 1e3,
            ours.percentile(99) * 1e3,
            "ms",
            httpx=ms(second.percentile(99) if second else None),
        ),
    ]
    list_floor, list_ours, list_second = _medians(lists)
    measure = "P3 `jobs.list` returning 1000 jobs, end to end (floor: httpx2 get + `json.loads`)"
    report.rows.append(Row("P3", measure, list_floor * 1e3, list_ours * 1e3, "ms", Goal("<=", 1.25), ms(list_second)))


def _parse(report: Report, settings: Settings, body: bytes) -> None:
    _progress(f"parse only: {settings.parse_runs} runs each")
    samples = _calls.parse_only(body, runs=settings.parse_runs)
    report.samples["parse_seconds"] = samples
    loads = median(samples[_calls.PARSE_FLOOR]) * 1e3
    report.rows += [
        Row(
            "parse",
            "parse only, 1000 jobs: `JobsOut.from_dict(json.loads(body))` (floor: `json.loads(body)`)",
            loads,
            median(samples[_calls.PARSE_OURS]) * 1e3,
            "ms",
        ),
        Row(
            "parse_models",
            "parse only, 1000 jobs: `JobsOut.from_dict(data)` alone (floor: `json.loads(body)`)",
            loads,
            median(samples[_calls.PARSE_MODELS_ONLY]) * 1e3,
            "ms",
        ),
    ]


def _p4(report: Report, settings: Settings, server: ServerProcess, endpoint: Endpoint, with_httpx: bool) -> None:
    concurrency = settings.async_concurrency
    _progress(f"P4 async: {settings.async_rounds} rounds of {concurrency} concurrent gets each")
    factories = {FLOOR: floor_async, OURS: ours_async}
    if with_httpx:
        factories[HTTPX] = httpx_async
    server.reset_stats()
    samples = _concurrent.concurrent_gets(
        factories,
        endpoint,
        concurrency=concurrency,
        warmup_rounds=settings.async_warmup_rounds,
        rounds=settings.async_rounds,
    )
    report.server["async_get"] = server.stats()
    report.samples["P4_calls_per_second"] = samples
    floor, ours, second = _medians(samples)
    measure = f"P4 {concurrency} concurrent `get_async`, throughput (floor: `httpx2.AsyncClient()`)"
    report.rows.append(Row("P4", measure, floor, ours, "calls/s", Goal(">=", 0.95), second))


def _p5(report: Report, settings: Settings, endpoint: Endpoint, with_httpx: bool) -> None:
    _progress(f"P5 peak RSS: {settings.rss_runs} fresh processes each")
    pythons = dict.fromkeys([*_floors(with_httpx), OURS], sys.executable)
    samples = _fresh.peak_rss(pythons, endpoint, runs=settings.rss_runs)
    report.samples["P5_peak_rss_kib"] = samples
    floor, ours, second = _medians(samples)
    measure = "P5 peak RSS (VmHWM), import + list of 1000, fresh process (floor: python + httpx2 + `json.loads`)"
    report.rows.append(
        Row("P5", measure, floor / 1024, ours / 1024, "MiB", httpx=None if second is None else second / 1024)
    )


def _range(values: Sequence[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:,.0f}" if low == high else f"{low:,.0f}-{high:,.0f}"


def _p6(report: Report, settings: Settings, server: ServerProcess, endpoint: Endpoint, with_httpx: bool) -> None:
    chosen = _pool.variants(sweep=settings.pool_sweep, with_httpx=with_httpx)
    _progress(
        f"P6 pool: {len(chosen)} clients x {settings.pool_rounds} runs of {settings.pool_calls:,} gets "
        f"({_pool.CONCURRENCY} in flight, {_pool.FAULT_RATE:.0%} of requests faulted)"
    )
    samples = _pool.measure(chosen, server, endpoint, calls=settings.pool_calls, rounds=settings.pool_rounds)
    report.samples["P6"] = {name: [asdict(sample) for sample in runs] for name, runs in samples.items()}
    ours_runs = samples[OURS]
    report.server["pool"] = Stats(
        requests=sum(run.requests for run in ours_runs),
        handler_seconds=sum(run.handler_seconds for run in ours_runs),
        connections=sum(run.connections for run in ours_runs),
    )

    def conns(name: str) -> float:
        return median([run.connections_per for run in samples[name]])

    def throughput(name: str) -> float:
        return median([run.throughput for run in samples[name]])

    per = f"per {_pool.PER // 1000}k req"
    second = HTTPX if HTTPX in samples else None
    report.rows += [
        Row(
            "P6",
            f"P6 connections opened, {settings.pool_calls:,} `get_async`, 100 in flight, 2 % faulted "
            "(floor: raw `httpx2.AsyncClient()`)",
            conns(FLOOR),
            conns(OURS),
            per,
            httpx=None if second is None else conns(second),
        ),
        Row(
            "P6_throughput",
            "P6 throughput, same runs",
            throughput(FLOOR),
            throughput(OURS),
            "calls/s",
            httpx=None if second is None else throughput(second),
        ),
    ]
    floor = throughput(FLOOR)
    for variant in chosen:
        runs = samples[variant.name]
        report.pool_rows.append(
            [
                variant.label,
                f"{conns(variant.name):,.0f} ({_range([run.connections_per for run in runs])})",
                f"{throughput(variant.name):,.0f} ({_range([run.throughput for run in runs])})",
                ratio(throughput(variant.name) / floor),
                f"{median([float(run.requests) for run in runs]):,.0f}",
                str(sum(run.failed for run in runs)),
            ]
        )


def _p7(report: Report, settings: Settings, pinning: Pinning) -> None:
    count = settings.iter_jobs
    _progress(f"P7 paging: a server with {count:,} jobs, {settings.iter_rounds} walks each")
    with ServerProcess(jobs=count, cpu=pinning.server_cpu) as server:
        samples, stats = _paging.measure(server, count, rounds=settings.iter_rounds)
    report.server["iter"] = stats
    report.samples["P7_walk_seconds"] = samples
    measure = (
        f"P7 `jobs.iter(page_size=100)` over {count:,} jobs, per job "
        "(floor here: the same pages by hand, `jobs.list(page=n)`)"
    )
    hand, walk = median(samples[_paging.HAND]), median(samples[_paging.ITER])
    report.rows.append(Row("P7", measure, hand / count * 1e6, walk / count * 1e6, "µs"))


def measure_all(settings: Settings, pinning: Pinning) -> Report:
    """Start the server, run every measure with the client pinned, and stop the server whatever happens."""
    report = Report()
    with_httpx = httpx_available()
    with ServerProcess(cpu=pinning.server_cpu) as server:
        pin(pinning.client_cpu)
        endpoint = Endpoint(server.url, server.api_key, server.job_id)
        with httpx2.Client(headers=endpoint.headers) as client:
            body = client.get(endpoint.list_url, params=endpoint.list_params).content
            report.sizes = {
                "list_body_bytes": len(body),
                "get_body_bytes": len(client.get(endpoint.get_url).content),
            }
        _p1_p8(report, settings, endpoint, with_httpx)
        _p2_p3(report, settings, server, endpoint, with_httpx)
        _parse(report, settings, body)
        _p4(report, settings, server, endpoint, with_httpx)
        _p5(report, settings, endpoint, with_httpx)
        _p6(report, settings, server, endpoint, with_httpx)
    _p7(report, settings, pinning)
    report.rows.sort(key=lambda row: ORDER.index(row.key.split("_")[0]))
    return report


def server_lines(report: Report) -> list[str]:
    """One line per phase: the server's own time per request, and its share of our client's time per call."""
    ours_per_call = {
        "get": report.row("P2").ours,
        "list": report.row("P3").ours,
        "async_get": 1e3 / report.row("P4").ours,
        "pool": 1e3 / report.row("P6_throughput").ours,
        "iter": report.row("P7").ours * _paging.PAGE / 1e3,
    }
    lines = []
    for phase, stats in report.server.items():
        if not stats["requests"]:
            continue
        per_request = stats["handler_seconds"] / stats["requests"] * 1e3
        share = per_request / ours_per_call[phase]
        verdict = "well under" if share < SERVER_SHARE_LIMIT else "NOT well under"
        lines.append(
            f"fake server handler time, {phase}: {quantity(per_request, 'ms')} per request over {stats['requests']} "
            f"requests = {share:.0%} of ours per call ({quantity(ours_per_call[phase], 'ms')}): {verdict}"
        )
    return lines


def environment_notes() -> list[str]:
    """Facts about this venv that change what the numbers mean."""
    notes = []
    if not httpx_available():
        notes.append("note: httpx is not installed: the second floor column (raw httpx) is left empty")
    elif importlib.util.find_spec("sniffio") is None:
        notes.append(
            "note: sniffio is not installed, so httpx's httpcore retries a failing `import sniffio` several times "
            "per async request: the httpx column of P4 and P6 is about half as fast as it could be (httpx2's "
            "httpcore2 looks once, at import)"
        )
    return notes


def render_pool(report: Report) -> str:
    """P6 by pool setting: every client and limits measured, medians (and ranges) over the runs."""
    headers = [
        "P6 client and pool limits",
        f"connections per {_pool.PER // 1000}k requests",
        "calls/s",
        "vs raw httpx2 default",
        "requests per run",
        "failed calls",
    ]
    return markdown(headers, report.pool_rows)


def _header(info: dict[str, str], pinning: Pinning, quick: bool, sizes: dict[str, int]) -> str:
    lines = [f"{name}: {value}" for name, value in info.items()]
    lines.append(f"pinning: {pinning.note}")
    lines.append(
        f"mode: {'quick (smoke test, not for comparing)' if quick else 'full'}; bodies: get "
        f"{sizes.get('get_body_bytes', 0):,} B, list of 1000 {sizes.get('list_body_bytes', 0):,} B"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the tables, and write the raw numbers if asked."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark against the raw httpx2 floor.")
    parser.add_argument("--quick", action="store_true", help="few iterations: a smoke run in seconds")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers to FILE")
    args = parser.parse_args(argv)

    settings = QUICK if args.quick else FULL
    pinning = plan()
    info = _machine.describe(REPO_ROOT)
    report = measure_all(settings, pinning)
    info["load after"] = f"{_machine.load()}; busy other processes: {', '.join(_machine.busy_processes()) or 'none'}"
    print(_header(info, pinning, args.quick, report.sizes))
    print()
    print(render(report.rows))
    print()
    print(render_pool(report))
    print()
    for line in server_lines(report) + environment_notes():
        print(line)
    if args.json is not None:
        raw = {
            "machine": info,
            "pinning": asdict(pinning),
            "settings": asdict(settings),
            "sizes": report.sizes,
            "rows": [
                {**asdict(row), "ratio": row.ratio, "httpx_ratio": row.httpx_ratio, "verdict": row.verdict}
                for row in report.rows
            ],
            "pool": report.pool_rows,
            "server": report.server,
            "samples": report.samples,
            "snippets": IMPORT_SNIPPETS,
        }
        args.json.write_text(json.dumps(raw, indent=1, default=str) + "\n")
        print(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
