"""`make bench`: this client next to the raw-httpx floor, measured in the same run, as one table.

    python -m bench [--quick] [--json FILE]

The fake server runs in its own process on CPU 1 with 1000 preloaded jobs; the client side runs here, on CPU 0.
Every figure is a median over repeated samples (see `bench._settings`). Rows:

- P1: fresh process, wall: import + `Mistral()` + `.fine_tuning.jobs`; floor `python -c "import httpx"`.
- P2: sequential `jobs.get`, per call; floor `httpx.Client().get(...).json()` (same URL and headers).
- P3: `jobs.list(page_size=1000)` end to end; floor httpx get + `json.loads(response.content)`.
- parse only: `JobsOut.from_dict(json.loads(body))` and `from_dict` alone, against `json.loads(body)`.
- P4: throughput of 200 concurrent `get_async` via `asyncio.gather`; floor `httpx.AsyncClient`.
- P5: peak RSS of a fresh process importing and listing 1000 jobs; floor python + httpx + `json.loads`.

Below the table: the fake server's own handler time per request, which must stay well under the client's time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from . import _calls, _concurrent, _fresh, _machine
from ._affinity import Pinning, pin, plan
from ._child import REPO_ROOT
from ._measure import median
from ._server import ServerProcess, Stats
from ._settings import FULL, QUICK, Settings
from ._table import Goal, Row, quantity, render
from ._targets import FLOOR, OURS, Endpoint, floor_async, floor_sync, ours_async, ours_sync

SERVER_SHARE_LIMIT = 0.25
"""The server's handler time per request must stay under this share of our client's time per call."""


@dataclass
class Report:
    """Everything one run measured: the table's rows, the raw samples, and the server's own time per phase."""

    rows: list[Row] = field(default_factory=list)
    samples: dict[str, Any] = field(default_factory=dict)
    server: dict[str, Stats] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)


def _progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def _medians(samples: dict[str, list[float]]) -> tuple[float, float]:
    return median(samples[FLOOR]), median(samples[OURS])


def _p1(report: Report, settings: Settings) -> None:
    _progress(f"P1 import: {settings.import_runs} fresh processes each")
    pythons = {FLOOR: sys.executable, OURS: sys.executable}
    samples = _fresh.import_wall(pythons, warmup=settings.import_warmup, runs=settings.import_runs)
    report.samples["P1_seconds"] = samples
    floor, ours = _medians(samples)
    measure = 'P1 import + `Mistral()` + `.fine_tuning.jobs`, fresh process, wall (floor: `python -c "import httpx"`)'
    report.rows.append(Row("P1", measure, floor * 1e3, ours * 1e3, "ms", Goal("<=", 1.3)))


def _p2_p3(report: Report, settings: Settings, server: ServerProcess, endpoint: Endpoint) -> None:
    targets = {FLOOR: floor_sync(endpoint), OURS: ours_sync(endpoint)}
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
    floor, ours = gets[FLOOR], gets[OURS]
    report.rows += [
        Row(
            "P2",
            "P2 sequential `jobs.get`, per call (floor: `httpx.Client().get(...).json()`)",
            floor.per_call * 1e3,
            ours.per_call * 1e3,
            "ms",
            Goal("<=", 1.2),
        ),
        Row("P2_p50", "P2 p50 per call (all calls)", floor.percentile(50) * 1e3, ours.percentile(50) * 1e3, "ms"),
        Row("P2_p99", "P2 p99 per call (all calls)", floor.percentile(99) * 1e3, ours.percentile(99) * 1e3, "ms"),
    ]
    list_floor, list_ours = _medians(lists)
    measure = "P3 `jobs.list` returning 1000 jobs, end to end (floor: httpx get + `json.loads`)"
    report.rows.append(Row("P3", measure, list_floor * 1e3, list_ours * 1e3, "ms", Goal("<=", 1.6)))


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


def _p4(report: Report, settings: Settings, server: ServerProcess, endpoint: Endpoint) -> None:
    concurrency = settings.async_concurrency
    _progress(f"P4 async: {settings.async_rounds} rounds of {concurrency} concurrent gets each")
    server.reset_stats()
    samples = _concurrent.concurrent_gets(
        {FLOOR: floor_async, OURS: ours_async},
        endpoint,
        concurrency=concurrency,
        warmup_rounds=settings.async_warmup_rounds,
        rounds=settings.async_rounds,
    )
    report.server["async_get"] = server.stats()
    report.samples["P4_calls_per_second"] = samples
    floor, ours = _medians(samples)
    measure = f"P4 {concurrency} concurrent `get_async`, throughput (floor: `httpx.AsyncClient`)"
    report.rows.append(Row("P4", measure, floor, ours, "calls/s", Goal(">=", 0.8)))


def _p5(report: Report, settings: Settings, endpoint: Endpoint) -> None:
    _progress(f"P5 peak RSS: {settings.rss_runs} fresh processes each")
    pythons = {FLOOR: sys.executable, OURS: sys.executable}
    samples = _fresh.peak_rss(pythons, endpoint, runs=settings.rss_runs)
    report.samples["P5_peak_rss_kib"] = samples
    floor, ours = _medians(samples)
    measure = "P5 peak RSS (VmHWM), import + list of 1000, fresh process (floor: python + httpx + `json.loads`)"
    report.rows.append(Row("P5", measure, floor / 1024, ours / 1024, "MiB"))


def measure_all(settings: Settings, pinning: Pinning) -> Report:
    """Start the server, run every measure with the client pinned, and stop the server whatever happens."""
    report = Report()
    with ServerProcess(cpu=pinning.server_cpu) as server:
        pin(pinning.client_cpu)
        endpoint = Endpoint(server.url, server.api_key, server.job_id)
        with httpx.Client(headers=endpoint.headers) as client:
            body = client.get(endpoint.list_url, params=endpoint.list_params).content
            report.sizes = {
                "list_body_bytes": len(body),
                "get_body_bytes": len(client.get(endpoint.get_url).content),
            }
        _p1(report, settings)
        _p2_p3(report, settings, server, endpoint)
        _parse(report, settings, body)
        _p4(report, settings, server, endpoint)
        _p5(report, settings, endpoint)
    report.rows.sort(key=lambda row: ("P1", "P2", "P3", "parse", "P4", "P5").index(row.key.split("_")[0]))
    return report


def server_lines(report: Report) -> list[str]:
    """One line per phase: the server's own time per request, and its share of our client's time per call."""
    ours_per_call = {
        "get": report.row("P2").ours,
        "list": report.row("P3").ours,
        "async_get": 1e3 / report.row("P4").ours,
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
    if importlib.util.find_spec("sniffio") is None:
        notes.append(
            "note: sniffio is not installed, so httpcore retries a failing `import sniffio` several times per async "
            "request: P4 is about half as fast as it could be, for the floor and ours alike"
        )
    return notes


def _header(info: dict[str, str], pinning: Pinning, settings: Settings, quick: bool, sizes: dict[str, int]) -> str:
    lines = [f"{name}: {value}" for name, value in info.items()]
    lines.append(f"pinning: {pinning.note}")
    lines.append(
        f"mode: {'quick (smoke test, not for comparing)' if quick else 'full'}; bodies: get "
        f"{sizes.get('get_body_bytes', 0):,} B, list of 1000 {sizes.get('list_body_bytes', 0):,} B"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table, and write the raw numbers if asked."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark against the raw httpx floor.")
    parser.add_argument("--quick", action="store_true", help="few iterations: a smoke run in seconds")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers to FILE")
    args = parser.parse_args(argv)

    settings = QUICK if args.quick else FULL
    pinning = plan()
    info = _machine.describe(REPO_ROOT)
    report = measure_all(settings, pinning)
    info["load after"] = f"{_machine.load()}; busy other processes: {', '.join(_machine.busy_processes()) or 'none'}"
    print(_header(info, pinning, settings, args.quick, report.sizes))
    print()
    print(render(report.rows))
    print()
    for line in server_lines(report) + environment_notes():
        print(line)
    if args.json is not None:
        raw = {
            "machine": info,
            "pinning": asdict(pinning),
            "settings": asdict(settings),
            "sizes": report.sizes,
            "rows": [{**asdict(row), "ratio": row.ratio, "verdict": row.verdict} for row in report.rows],
            "server": report.server,
            "samples": report.samples,
        }
        args.json.write_text(json.dumps(raw, indent=1, default=str) + "\n")
        print(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
