"""`make bench-peers`: P1-P3 for the raw httpx2 floor, this project and mistralai 2.5.1, side by side.

    python -m bench.peers [--quick] [--json FILE]

mistralai 2.5.1 is the last official SDK release with the fine-tuning jobs API. It lives in a venv of its own,
`.bench-venv-peers/` (see `bench._peer_venv`), so this project never depends on it; when it cannot be installed
(offline), this prints why and exits 0. The floor is raw httpx2, what this project sends with; mistralai sends with
its own stack, httpx (its version is printed).

One fake server runs on CPU 1. Each client runs in a worker process of its own (`bench._peer_worker`) on CPU 0,
all three alive at once and driven in turn, round by round (A B C A B C), like `make bench` alternates in one
process. P1 alternates fresh `python -c` processes the same way. Every figure is a median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from . import _fresh, _machine, _peer_venv
from ._affinity import Pinning, pin, plan
from ._child import REPO_ROOT, ChildProcess
from ._measure import median, percentile
from ._server import ServerProcess
from ._table import markdown, quantity, ratio
from ._targets import FLOOR, MISTRALAI, OURS, Endpoint

TARGETS = (FLOOR, OURS, MISTRALAI)


@dataclass(frozen=True, slots=True)
class PeerSettings:
    """Iteration counts for the comparison (P1, P2 and P3 as in `bench._settings`)."""

    import_warmup: int = 2
    import_runs: int = 15
    get_warmup: int = 50
    get_rounds: int = 5
    get_calls: int = 500
    list_warmup: int = 3
    list_calls: int = 21


FULL = PeerSettings()
QUICK = PeerSettings(
    import_warmup=1, import_runs=3, get_warmup=10, get_rounds=2, get_calls=50, list_warmup=1, list_calls=3
)


@dataclass
class PeerResults:
    """Raw samples per target: P1 wall seconds, P2 per-call seconds by round, P3 seconds per list."""

    imports: dict[str, list[float]]
    get_rounds: dict[str, list[list[float]]]
    lists: dict[str, list[float]]


def _worker(python: str, target: str, endpoint: Endpoint, pinning: Pinning, settings: PeerSettings) -> ChildProcess:
    command = [python, "-m", "bench._peer_worker", "--target", target, "--url", endpoint.url]
    command += ["--api-key", endpoint.api_key, "--job-id", endpoint.job_id]
    command += ["--get-warmup", str(settings.get_warmup), "--list-warmup", str(settings.list_warmup)]
    if pinning.client_cpu is not None:
        command += ["--cpu", str(pinning.client_cpu)]
    return ChildProcess(command)


def _durations(worker: ChildProcess, command: str) -> list[float]:
    return [float(value) for value in worker.ask(command)]


def measure(pythons: dict[str, str], settings: PeerSettings, pinning: Pinning) -> PeerResults:
    """P1 in fresh processes, then P2/P3 through three live workers; the server and workers always stop."""
    with ServerProcess(cpu=pinning.server_cpu) as server, ExitStack() as workers_stack:
        pin(pinning.client_cpu)
        endpoint = Endpoint(server.url, server.api_key, server.job_id)
        print("  .. P1 import", file=sys.stderr, flush=True)
        imports = _fresh.import_wall(pythons, warmup=settings.import_warmup, runs=settings.import_runs)
        print("  .. starting the workers", file=sys.stderr, flush=True)
        workers = {
            target: workers_stack.enter_context(_worker(python, target, endpoint, pinning, settings))
            for target, python in pythons.items()
        }
        print(f"  .. P2 get: {settings.get_rounds} rounds x {settings.get_calls} calls each", file=sys.stderr)
        results = PeerResults(imports, {t: [] for t in pythons}, {t: [] for t in pythons})
        for _ in range(settings.get_rounds):
            for target, worker in workers.items():
                results.get_rounds[target].append(_durations(worker, f"get {settings.get_calls}"))
        print(f"  .. P3 list of 1000: {settings.list_calls} calls each", file=sys.stderr, flush=True)
        for _ in range(settings.list_calls):
            for target, worker in workers.items():
                results.lists[target] += _durations(worker, "list 1")
    return results


def _per_call(rounds: Sequence[list[float]]) -> float:
    return median([statistics.fmean(calls) for calls in rounds])


def _all_calls(rounds: Sequence[list[float]]) -> list[float]:
    return [duration for calls in rounds for duration in calls]


def render(results: PeerResults) -> str:
    """measure | floor | ours | mistralai 2.5.1 | ours/floor | mistralai/floor | mistralai/ours."""
    measures: list[tuple[str, Callable[[str], float]]] = [
        (
            "P1 import + `Mistral()` + `.fine_tuning.jobs`, wall (floor: `import httpx2`)",
            lambda target: median(results.imports[target]),
        ),
        (
            "P2 sequential `jobs.get`, per call (median of round means)",
            lambda target: _per_call(results.get_rounds[target]),
        ),
        ("P2 p50 per call", lambda target: percentile(_all_calls(results.get_rounds[target]), 50)),
        ("P2 p99 per call", lambda target: percentile(_all_calls(results.get_rounds[target]), 99)),
        ("P3 `jobs.list` of 1000, end to end", lambda target: median(results.lists[target])),
    ]
    rows = []
    for label, summary in measures:
        floor, ours, peer = (summary(target) * 1e3 for target in TARGETS)
        values = [quantity(floor, "ms"), quantity(ours, "ms"), quantity(peer, "ms")]
        rows.append([label, *values, ratio(ours / floor), ratio(peer / floor), ratio(peer / ours)])
    headers = ["measure", "floor", "ours", "mistralai 2.5.1", "ours/floor", "mistralai/floor", "mistralai/ours"]
    return markdown(headers, rows)


def main(argv: list[str] | None = None) -> int:
    """Set up the peers' venv, measure, print the side-by-side table; exit 0 when mistralai cannot be installed."""
    parser = argparse.ArgumentParser(prog="python -m bench.peers", description="Compare with mistralai 2.5.1.")
    parser.add_argument("--quick", action="store_true", help="few iterations: a smoke run")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers to FILE")
    args = parser.parse_args(argv)

    peer_python = _peer_venv.ensure()
    if peer_python is None:
        return 0
    settings = QUICK if args.quick else FULL
    pinning = plan()
    pythons = {FLOOR: sys.executable, OURS: sys.executable, MISTRALAI: str(peer_python)}
    info = _machine.describe(REPO_ROOT)
    info["peer"] = (
        f"mistralai {_peer_venv.version_in(peer_python, 'mistralai')} in {_peer_venv.PEER_VENV.name}/ "
        f"(httpx {_peer_venv.version_in(peer_python, 'httpx')})"
    )
    results = measure(pythons, settings, pinning)
    info["load after"] = f"{_machine.load()}; busy other processes: {', '.join(_machine.busy_processes()) or 'none'}"
    for name, value in info.items():
        print(f"{name}: {value}")
    print(f"pinning: {pinning.note}\nmode: {'quick (smoke test, not for comparing)' if args.quick else 'full'}\n")
    print(render(results))
    if args.json is not None:
        raw = {"machine": info, "pinning": asdict(pinning), "settings": asdict(settings), "samples": asdict(results)}
        args.json.write_text(json.dumps(raw, indent=1) + "\n")
        print(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
