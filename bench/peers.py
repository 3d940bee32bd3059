"""`make bench-peers`: P1-P3 of raw httpx2, this client and mistralai 2.5.1, side by side.

    python -m bench.peers [--quick] [--json FILE]

mistralai 2.5.1, the last official release with the fine-tuning jobs API, is installed into a venv of its own,
`.bench-venv-peers/`, never into this project's; offline, this says why and exits 0. It sends with httpx. One fake
server runs on the other CPU. P1 alternates fresh processes as `make bench` does. For P2 and P3 each round runs one
process per client in turn (this venv's interpreter for the floor and ours, the peers' for mistralai): it checks
and warms its client, then times 500 gets and 3 lists of 1000. Every figure is a median.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from . import common as c
from .common import FLOOR, MISTRALAI, OURS, median

VENV, REQUIREMENT = c.ROOT / ".bench-venv-peers", "mistralai==2.5.1"


def peer_python() -> str | None:
    """The peers' interpreter, with mistralai 2.5.1 installed on first use; None (and why) when that fails."""
    python, version = VENV / "bin" / "python", "import importlib.metadata as m; print(m.version('mistralai'))"
    found = python.exists() and subprocess.run([python, "-c", version], capture_output=True, text=True, check=False)
    if found and found.stdout.strip() == REQUIREMENT.partition("==")[2]:
        return str(python)
    print(f"installing {REQUIREMENT} into {VENV.name}/ ...", file=sys.stderr, flush=True)
    for step in ([sys.executable, "-m", "venv", str(VENV)], [str(python), "-m", "pip", "install", "-q", REQUIREMENT]):
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"cannot set up {VENV.name}/ ({' '.join(step)}: {done.stderr.strip()[-800:]}); is PyPI reachable?")
            print("Skipping the peers' comparison.")
            return None
    return str(python)


def worker(target: str, url: str, api_key: str, job_id: str, gets: str) -> None:
    """One round of one client, in a process of its own: check, warm up, print the seconds of each get and list."""
    endpoint = c.Endpoint(url, api_key, job_id)
    get, list_, close = c.sync_target(target, endpoint)
    c.check(target, endpoint, get(), list_())
    c.timed(get, 50)
    c.timed(list_, 3)
    print(json.dumps([c.timed(get, int(gets)), c.timed(list_, 3)]))
    close()


def main(argv: list[str] | None = None) -> int:
    """Set up the peers' venv, measure, print the side-by-side table."""
    args = c.command_line("python -m bench.peers", "P1-P3 next to mistralai 2.5.1.").parse_args(argv)
    if (peer := peer_python()) is None:
        return 0
    pythons = {FLOOR: sys.executable, OURS: sys.executable, MISTRALAI: peer}
    client_cpu, server_cpu, pinning = c.plan()
    info = c.machine() | {"peer": f"{REQUIREMENT} in {VENV.name}/"}
    rounds: dict[str, list[list[list[float]]]] = {name: [] for name in pythons}
    with c.Server(cpu=server_cpu) as server:
        c.pin(client_cpu)
        print("  .. P1 import, then P2 get and P3 list of 1000 in rounds", file=sys.stderr, flush=True)
        commands = {name: [python, "-c", c.IMPORTS[name]] for name, python in pythons.items()}
        imports = {
            name: [wall for wall, _ in runs]
            for name, runs in c.fresh(commands, *(3, 1) if args.quick else (15, 2)).items()
        }
        for _ in range(2 if args.quick else 7):
            for name, python in pythons.items():
                command = [python, "-m", "bench.peers", name, *server.endpoint, "50" if args.quick else "500"]
                rounds[name].append(json.loads(c.run(command, c.fresh_env(PYTHONPATH=str(c.ROOT)))[1]))
    gets = {name: [calls for calls, _ in samples] for name, samples in rounds.items()}
    every = {name: [seconds for calls in samples for seconds in calls] for name, samples in gets.items()}
    lists = {name: [seconds for _, calls in samples for seconds in calls] for name, samples in rounds.items()}
    figures = {
        "P1 import + `Mistral()` + `.fine_tuning.jobs`, wall (floor: `import httpx2`)": map(median, imports.values()),
        "P2 sequential `jobs.get`, per call (median of round means)": (
            median(list(map(statistics.fmean, v))) for v in gets.values()
        ),
        "P2 p50 per call": (c.percentile(v, 50) for v in every.values()),
        "P2 p99 per call": (c.percentile(v, 99) for v in every.values()),
        "P3 `jobs.list` of 1000, end to end": map(median, lists.values()),
    }
    rows = []
    for label, values in figures.items():
        value = dict(zip(pythons, values, strict=True))
        ratios = [value[a] / value[b] for a, b in ((OURS, FLOOR), (MISTRALAI, FLOOR), (MISTRALAI, OURS))]
        rows.append(
            [label, *(c.quantity(value[name] * 1e3, "ms") for name in pythons), *(f"{r:.2f}{c.TIMES}" for r in ratios)]
        )
    headers = ["measure", "floor", "ours", "mistralai 2.5.1", "ours/floor", "mistralai/floor", "mistralai/ours"]
    c.report(args, info, pinning, c.markdown(headers, rows), {"imports": imports, "rounds": rounds})
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and not sys.argv[1].startswith("-"):
        worker(*sys.argv[1:])
    else:
        sys.exit(main())
