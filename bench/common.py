"""What the bench scripts share: timing, pinning, fresh processes, the machine header, the clients under test, the
table, and the fake server in a process of its own.

Standard library only at import time: the peers' venv (mistralai, without this project) imports it too, so each
client's library is imported by the function that builds it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import functools
import gc
import importlib
import importlib.util
import json
import math
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
JOBS, PAGE_SIZE, API_KEY, TIMES = "/v1/fine_tuning/jobs", 1000, "bench-key-0123456789", "\u00d7"
FLOOR, HTTPX, OURS, MISTRALAI = "floor", "httpx", "ours", "mistralai"
LIBRARY = {FLOOR: "httpx2", HTTPX: "httpx"}
"""The HTTP library each raw floor uses plainly: httpx2, which this client sends with, and httpx, which it continues."""
IMPORTS = {
    FLOOR: "import httpx2",
    HTTPX: "import httpx",
    OURS: "from mistral_fine_tuning import Mistral; Mistral(api_key='k').fine_tuning.jobs",
    MISTRALAI: "from mistralai.client import Mistral; Mistral(api_key='k').fine_tuning.jobs",
}
"""P1: what a fresh process runs per target (a floor imports its HTTP library and nothing else)."""
PEAK_RSS = "\nprint(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')))\n"
"""Appended to a snippet: print its peak RSS in KiB (VmHWM: on Linux a child's `ru_maxrss` carries its parent's)."""
LIST_PARAMS: dict[str, str | int] = {"page": 0, "page_size": PAGE_SIZE, "created_by_me": "false"}
"""The query `jobs.list(page_size=1000)` sends."""
MIXES = {
    "drop_503": {"drop after handling": 1, "503 Retry-After: 0": 1},
    "soak": {"drop after handling": 7, "drop before handling": 3, "503 Retry-After: 0": 7, "truncated JSON": 3},
}
"""Fault mixes and their weights: P6 loses handled requests' answers or answers 503; the soak drops and cuts too."""


def median(values: Sequence[float]) -> float:
    """The median of the samples."""
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank `q`-th percentile (0 < q <= 100)."""
    return sorted(values)[max(1, math.ceil(q / 100 * len(values))) - 1]


def timed(call: Callable[[], object], times: int = 1) -> list[float]:
    """The seconds each of `times` sequential calls of `call` took."""
    clock, durations = time.perf_counter, []
    for _ in range(times):
        started = clock()
        call()
        durations.append(clock() - started)
    return durations


def alternate(samplers: Mapping[str, Callable[[], T]], rounds: int, warmup: int = 0) -> dict[str, list[T]]:
    """`warmup` untimed samples of each sampler, then `rounds` of all of them in turn (A B A B), so that drift hits
    every target alike; garbage is collected before each sample, so nobody pays for another's garbage."""
    for sample in samplers.values():
        for _ in range(warmup):
            sample()
    samples: dict[str, list[T]] = {name: [] for name in samplers}
    for _ in range(rounds):
        for name, sample in samplers.items():
            gc.collect()
            samples[name].append(sample())
    return samples


def race(
    calls: Mapping[str, Callable[[], object]], rounds: int, warmup: int, times: int = 1
) -> dict[str, list[list[float]]]:
    """`alternate` the calls: each sample is the seconds of `times` sequential calls of one of them."""
    return alternate({name: functools.partial(timed, call, times) for name, call in calls.items()}, rounds, warmup)


def plan() -> tuple[int | None, int | None, str]:
    """(client CPU, server CPU, a note): the client on the first usable CPU, the fake server on the next."""
    if not hasattr(os, "sched_setaffinity"):
        return None, None, "not pinned: os.sched_setaffinity is unavailable"
    cpus = sorted(os.sched_getaffinity(0))
    server = cpus[1] if len(cpus) > 1 else cpus[0]
    return cpus[0], server, f"client on CPU {cpus[0]}, server on CPU {server}"


def pin(cpu: int | None) -> None:
    """Pin this process (and what it spawns later) to `cpu`, where the platform allows."""
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def fresh_env(**extra: str) -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE, so that fresh processes read `.pyc` files (else import
    timings would measure the compiler), plus `extra`."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"} | extra


def run(command: Sequence[str], env: Mapping[str, str] | None = None) -> tuple[float, str]:
    """Wall seconds from spawning `command` to its exit, and its output; RuntimeError with its errors if it fails."""
    started = time.perf_counter()
    done = subprocess.run(list(command), env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)!r} exited with {done.returncode}:\n{done.stderr.strip()[-2000:]}")
    return wall, done.stdout


def fresh(
    commands: Mapping[str, Sequence[str]], runs: int, warmup: int, **env: str
) -> dict[str, list[tuple[float, str]]]:
    """Each command as a fresh process (in `fresh_env(**env)`), alternated, after `warmup` runs (which write the
    `.pyc` files): the wall seconds and output of every timed run. They inherit this one's CPU pinning."""
    environment = fresh_env(**env)
    return alternate({name: functools.partial(run, cmd, environment) for name, cmd in commands.items()}, runs, warmup)


def machine() -> dict[str, str]:
    """What the numbers were measured on, printed above the tables and kept in the JSON output."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next((line.partition(":")[2].strip() for line in info if "model name" in line), cpu)
    git = functools.partial(subprocess.run, capture_output=True, text=True, check=False, cwd=ROOT)
    commit, changed = git(["git", "rev-parse", "--short", "HEAD"]).stdout.strip(), git(["git", "diff", "HEAD"]).stdout
    names = ("httpx2", "httpcore2", "httpx", "httpcore", "attrs", "jiter", "mistral-fine-tuning")
    versions = {name: metadata.version(name) for name in names if importlib.util.find_spec(name.replace("-", "_"))}
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "packages": ", ".join(f"{name} {version}" for name, version in versions.items()),
        "commit": f"{commit or 'unknown'}{' (modified)' if changed else ''}",
        "load before": load(),
    }


def load() -> str:
    """The 1, 5 and 15 minute load averages: well above 0 means that others share the CPUs, and figures wobble."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def command_line(prog: str, description: str) -> argparse.ArgumentParser:
    """The options every bench script takes, `--quick` and `--json FILE`; the caller may add more."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--quick", action="store_true", help="few iterations: a smoke run, not for comparing")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the raw numbers to FILE")
    return parser


def report(args: argparse.Namespace, info: dict[str, str], pinning: str, text: str, raw: dict[str, Any]) -> None:
    """Print the machine header (`info`, with the load now) and `text`; write it all to `--json FILE` if asked."""
    info |= {"load after": load(), "pinning": pinning, "mode": "quick (not for comparing)" if args.quick else "full"}
    print("\n".join(f"{name}: {value}" for name, value in info.items()), text, sep="\n\n")
    if args.json is not None:
        args.json.write_text(json.dumps({"machine": info} | raw, indent=1) + "\n")
        print(f"raw numbers written to {args.json}")


class Endpoint(NamedTuple):
    """Where the fake server listens, the key it accepts, and the job every `get` fetches."""

    url: str
    api_key: str
    job_id: str

    @property
    def headers(self) -> dict[str, str]:
        """What this client sends too, so that the raw floors do the same work."""
        return {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}


SyncTarget = tuple[Callable[[], Any], Callable[[], Any], Callable[[], object]]
"""A sync client reduced to (get the job, list 1000 jobs, close)."""


def sync_target(name: str, ep: Endpoint) -> SyncTarget:
    """A raw floor (`httpx2.Client().get(...).json()`, `json.loads(....content)`), ours, or mistralai 2.5.1."""
    if name in LIBRARY:
        client, headers, url = importlib.import_module(LIBRARY[name]).Client(), ep.headers, ep.url + JOBS
        get_url = f"{url}/{ep.job_id}"
        get_job = lambda: client.get(get_url, headers=headers).json()  # noqa: E731
        return get_job, lambda: json.loads(client.get(url, params=LIST_PARAMS, headers=headers).content), client.close
    module = importlib.import_module("mistral_fine_tuning" if name == OURS else "mistralai.client")
    sdk = module.Mistral(api_key=ep.api_key, server_url=ep.url)
    jobs, close = sdk.fine_tuning.jobs, sdk.close if name == OURS else functools.partial(sdk.__exit__, None, None, None)
    return functools.partial(jobs.get, job_id=ep.job_id), functools.partial(jobs.list, page_size=PAGE_SIZE), close


def check(name: str, ep: Endpoint, job: Any, jobs: Any = None) -> None:
    """Raise RuntimeError unless `job` is the right one and `jobs` (when given) has 1000: so timings time real work."""
    got = [job["id"] if isinstance(job, dict) else job.id]
    if jobs is not None:
        got.append(len(jobs["data"] if isinstance(jobs, dict) else jobs.data))
    if got != [ep.job_id, PAGE_SIZE][: len(got)]:
        raise RuntimeError(f"{name}: got job {got[0]!r:.80} (and {got[1:]} jobs), expected {ep.job_id}")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: the floor (raw httpx2), ours and the second floor (raw httpx, None where not measured),
    all from the same run, in `unit`; `goal` bounds ours / floor, e.g. "<= 1.15" (None: reported only)."""

    key: str
    measure: str
    floor: float
    ours: float
    unit: str
    goal: str | None = None
    httpx: float | None = None

    @property
    def ratio(self) -> float:
        """ours / floor (for a throughput, above 1 means ours is faster)."""
        return self.ours / self.floor if self.floor else math.nan

    @property
    def verdict(self) -> str:
        """The goal and whether this run meets it, or "report"."""
        if self.goal is None:
            return "report"
        op, limit = self.goal.split()
        met = self.ratio <= float(limit) if op == "<=" else self.ratio >= float(limit)
        return f"{'≤' if op == '<=' else '≥'} {limit}{TIMES} {'meets' if met else 'misses'}"


def quantity(value: float, unit: str) -> str:
    """About three significant digits and the unit (counts and rates as whole numbers)."""
    digits = 0 if unit == "calls/s" or unit.startswith("per ") else 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1
    return f"{value:,.{digits}f} {unit}"


def markdown(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, padded so that it reads in a terminal too."""
    widths = [max(map(len, column)) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * width for width in widths], *rows]
    return "\n".join("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |" for line in lines)


def render(rows: Sequence[Row]) -> str:
    """measure | floor (httpx2) | ours | ratio | floor (httpx) | ours/httpx | goal."""
    cells = [
        [r.measure, quantity(r.floor, r.unit), quantity(r.ours, r.unit), f"{r.ratio:.2f}{TIMES}"]
        + (["", ""] if not r.httpx else [quantity(r.httpx, r.unit), f"{r.ours / r.httpx:.2f}{TIMES}"])
        + [r.verdict]
        for r in rows
    ]
    return markdown(["measure", "floor (httpx2)", "ours", "ratio", "floor (httpx)", "ours/httpx", "goal"], cells)


class Server(contextlib.AbstractContextManager["Server"]):
    """The fake server with `jobs` preloaded jobs in a process of its own pinned to `cpu`, its clock at `speed` (0:
    frozen), and any other `FakeMistralServer` arguments in `options` (e.g. `UPLOAD_OPTIONS`); it stops with the `with`
    block, or by itself when this process dies (its end of the pipe closes).

    `call(name, **arguments)` runs a command there: `stats`, `reset_stats` and `add_jobs` (count, status, seed) are
    `FakeMistralServer`'s; `arm` spreads a mix of faults over the next requests, `disarm` drops what is left and
    counts the ones taken; `suffixes` counts the jobs created with a suffix prefix and how many repeat one; `memory`
    is the server process's resident and peak memory in KiB (empty where /proc is not there).
    """

    def __init__(self, jobs: int = 1000, cpu: int | None = None, speed: float = 1.0, **options: Any) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no copy of our state or threads
        self.pipe, theirs = context.Pipe()
        self.process = context.Process(target=_serve_fake, args=(theirs, jobs, cpu, speed, options), daemon=True)
        self.process.start()
        theirs.close()
        self.endpoint = Endpoint(*self.call("hello"))

    def call(self, name: str, **arguments: Any) -> Any:
        """Run one command in the server's process and return its answer."""
        self.pipe.send((name, arguments))
        answer = self.pipe.recv() if self.pipe.poll(120) else RuntimeError("no answer in 120 s")
        if isinstance(answer, Exception):
            raise RuntimeError(f"fake server, {name}: {answer}")
        return answer

    def __exit__(self, *exc_info: object) -> None:
        self.pipe.close()
        self.process.join(10)
        self.process.kill()


UPLOAD_ROOM: Final = 256 << 20
"""The largest file P9 may upload (bytes); the fake started with `UPLOAD_OPTIONS` holds one that large at most."""
UPLOAD_OPTIONS: Final[dict[str, Any]] = {
    "max_file_size": UPLOAD_ROOM,
    "max_total_file_size": UPLOAD_ROOM + (1 << 20),
    "read_timeout": 60.0,
}
"""`Server` options for P9: room for one large upload beside the soak's small file, so that a file P9 fails to
delete makes the next upload a 413 rather than a slow leak; and time for 200 MB to arrive on a busy machine (the
default read timeout, 5 s, counts from the request's first byte to its last)."""


def memory() -> dict[str, int]:
    """This process's resident memory now (`rss`) and at its peak (`peak`), in KiB; empty where /proc is missing."""
    fields, found = {"VmRSS": "rss", "VmHWM": "peak"}, dict[str, int]()
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in fields:
                found[fields[name]] = int(value.split()[0])
    return found


TRAINING_FILE: Final = "b888f774-3e7c-4135-a18c-6b985523c4bc"
"""The training file the soak's jobs are created with (the fake refuses jobs naming files it does not hold)."""
TRAINING_DATA: Final = b'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'


def _serve_fake(pipe: Connection, jobs: int, cpu: int | None, speed: float, options: dict[str, Any]) -> None:
    pin(cpu)
    from mistral_fine_tuning.testing import FakeMistralServer, Fault

    server = FakeMistralServer(api_key=API_KEY, record_requests=False, speed=speed, **options)
    server.add_file(TRAINING_DATA, filename="soak.jsonl", file_id=TRAINING_FILE)  # what the soak's creates name
    ids = server.add_jobs(max(jobs, 1))
    details = (server.get_job(job_id) for job_id in ids)
    finished = next((d["id"] for d in details if (d["job_type"], d["status"]) == ("completion", "SUCCESS")), ids[0])
    faults = {
        "drop after handling": Fault.drop_connection(after_handling=True),
        "drop before handling": Fault.drop_connection(),
        "503 Retry-After: 0": Fault.error(503, headers={"Retry-After": "0"}),
        "truncated JSON": Fault.truncated_json(0.5),
    }
    runs: list[tuple[str | None, int]] = []

    def arm(requests: int, mix: str, seed: int, rate: float = 0.02) -> int:
        # One fault at a seeded random place in each block of 1 / rate requests, even whatever the concurrency; the
        # requests between get a 0 s delay (no change), so that every request takes the head of the fault queue.
        server.clear_faults()
        rng, block, kinds = random.Random(seed), round(1 / rate), MIXES[mix]
        runs.clear()
        for start in range(0, requests, block):
            at, kind = rng.randrange(block), rng.choices(list(kinds), weights=list(kinds.values()))[0]
            runs.extend(
                run for run in [(None, at), (kind, 1), (None, min(block, requests - start) - at - 1)] if run[1] > 0
            )
        for label, times in runs:
            server.inject(faults[label] if label else Fault.delay(0.0), times=times)
        return sum(label is not None for label, _ in runs)

    def disarm() -> dict[str, int]:
        taken = runs[: len(runs) - server.pending_faults]  # the queue is consumed from its head
        server.clear_faults()
        runs.clear()
        return dict(collections.Counter(label for label, _ in taken if label))

    def suffixes(prefix: str) -> dict[str, int]:
        found = collections.Counter(server.get_job(i).get("suffix") or "" for i in server.job_ids)
        counts = {suffix: count for suffix, count in found.items() if suffix.startswith(prefix)}
        return {"jobs": sum(counts.values()), "duplicated": sum(counts.values()) - len(counts)}

    commands: dict[str, Callable[..., Any]] = {"stats": server.stats, "reset_stats": server.reset_stats}
    commands |= {"add_jobs": server.add_jobs, "arm": arm, "disarm": disarm, "suffixes": suffixes}
    commands["hello"] = lambda: (server.server_url, API_KEY, finished)
    commands["memory"] = memory
    with server, contextlib.suppress(EOFError, OSError):  # the parent closed its end, or died
        while True:
            name, arguments = pipe.recv()
            try:
                pipe.send(commands[name](**arguments))
            except Exception as exc:
                pipe.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
