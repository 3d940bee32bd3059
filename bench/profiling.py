"""Where our side's time goes: cProfile of P2 / P3, and `-X importtime` of P1 against the floor.

    python -m bench.profiling get [--calls 2000] [--limit 30] [--out get.prof]
    python -m bench.profiling list [--calls 60]
    python -m bench.profiling import [--runs 9]

`get` and `list` profile this project's `jobs.get` / `jobs.list(page_size=1000)` against the fake server (own
process, CPU 1; client on CPU 0) after a warm-up, and print the functions sorted by own time and by cumulative
time. `import` runs `python -X importtime` in fresh processes (without PYTHONDONTWRITEBYTECODE, after warm-up runs)
for the floor (`import httpx2`) and for ours, and prints the median self time of the modules only ours imports,
grouped by top-level package, then one by one: the import time ours adds to httpx2's.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pstats
import re
import subprocess
import sys

from ._affinity import pin, plan
from ._measure import env_with_bytecode, median, warm
from ._server import ServerProcess
from ._targets import FLOOR, IMPORT_SNIPPETS, OURS, Endpoint, ours_sync

_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)")


def profile_calls(which: str, calls: int, limit: int, out: str | None) -> None:
    """cProfile `calls` of our `get` or `list` after a warm-up; print the top functions by own and total time."""
    pinning = plan()
    with ServerProcess(cpu=pinning.server_cpu) as server:
        pin(pinning.client_cpu)
        target = ours_sync(Endpoint(server.url, server.api_key, server.job_id))
        call = target.get if which == "get" else target.list
        warm(call, 50 if which == "get" else 3)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            call()
        profiler.disable()
        target.close()
    if out:
        profiler.dump_stats(out)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)


def _self_times(snippet: str, runs: int) -> dict[str, float]:
    """Median self time in ms of every module `python -X importtime -c snippet` imports."""
    env = env_with_bytecode()
    command = [sys.executable, "-X", "importtime", "-c", snippet]
    for _ in range(2):
        subprocess.run(command, env=env, capture_output=True, check=True)
    samples: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        stderr = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stderr
        for match in _IMPORTTIME.finditer(stderr):
            samples[match[2]].append(int(match[1]) / 1000)
    return {module: median(values) for module, values in samples.items()}


def profile_import(runs: int, limit: int) -> None:
    """Print the import time ours adds to the floor's: modules only ours imports, by package and one by one."""
    floor = _self_times(IMPORT_SNIPPETS[FLOOR], runs)
    ours = _self_times(IMPORT_SNIPPETS[OURS], runs)
    extra = {module: ms for module, ms in ours.items() if module not in floor}
    total_floor, total_ours = sum(floor.values()), sum(ours.values())
    print(f"self time of all modules, median of {runs}: floor {total_floor:.1f} ms, ours {total_ours:.1f} ms")
    print(f"{len(extra)} modules only ours imports: {sum(extra.values()):.1f} ms\n\nby top-level package:")
    packages: dict[str, float] = collections.defaultdict(float)
    for module, ms in extra.items():
        packages[module.partition(".")[0]] += ms
    for package, ms in sorted(packages.items(), key=lambda item: -item[1])[:limit]:
        print(f"  {ms:7.2f} ms  {package}")
    print("\nby module:")
    for module, ms in sorted(extra.items(), key=lambda item: -item[1])[:limit]:
        print(f"  {ms:7.2f} ms  {module}")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and print the chosen profile."""
    parser = argparse.ArgumentParser(prog="python -m bench.profiling", description="Profile our side of P1-P3.")
    parser.add_argument("what", choices=["get", "list", "import"])
    parser.add_argument("--calls", type=int, default=None, help="profiled calls (default: get 2000, list 60)")
    parser.add_argument("--runs", type=int, default=9, help="import: fresh processes per side (default: 9)")
    parser.add_argument("--limit", type=int, default=30, help="rows per listing (default: 30)")
    parser.add_argument("--out", default=None, help="get/list: also write the raw profile to this file")
    args = parser.parse_args(argv)
    if args.what == "import":
        profile_import(args.runs, args.limit)
    else:
        calls = args.calls or (2000 if args.what == "get" else 60)
        profile_calls(args.what, calls, args.limit, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
