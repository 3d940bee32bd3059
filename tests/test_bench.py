"""The benchmark and soak scripts still run end to end (their quick modes) and report every measure.

Timings are never judged here. The soak's correctness properties are: our client lets no exception other than its
own typed errors escape, never creates a job twice, and finishes every call.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bench import _faults, _paging

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8")


def _run(module: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_quick_bench_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = _run("bench", "--quick", "--json", str(out), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())
    rows = {row["key"]: row for row in report["rows"]}
    assert set(MEASURES) | {"P6_throughput", "P8_help", "P8_raw"} <= set(rows)
    for key, row in rows.items():
        assert row["floor"] > 0, key
        assert row["ours"] > 0, key
    # The second floor (raw httpx) is measured wherever it applies when httpx is installed (the dev venv has it).
    if importlib.util.find_spec("httpx") is not None:
        for key in ("P1", "P2", "P3", "P4", "P5", "P6", "P6_throughput", "P8", "P8_help"):
            assert rows[key]["httpx"] is not None and rows[key]["httpx"] > 0, key
    header = result.stdout.splitlines()
    assert any(line.startswith("| measure") and "floor (httpx2)" in line and "floor (httpx)" in line for line in header)
    for key in MEASURES:
        assert f"| {key} " in result.stdout, key
    # P6: every pool setting gets a row, and every call of every run completed.
    assert len(report["pool"]) >= 5
    assert all(row[-1] == "0" for row in report["pool"]), report["pool"]
    for name, runs in report["samples"]["P6"].items():
        for run in runs:
            assert run["connections"] > 0 and run["requests"] >= run["calls"], name
            assert sum(run["faults"].values()) > 0, name
    assert "| P6 client and pool limits" in result.stdout


def test_quick_soak_reports_no_other_exception_and_no_duplicate(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    result = _run("bench.soak", "--quick", "--json", str(out), timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report: dict[str, Any] = json.loads(out.read_text())
    parts = report["parts"]
    assert set(parts) == {"ours_async", "raw_async", "ours_threads", "raw_threads"}
    for key, part in parts.items():
        assert part["calls"] > 0, key
        assert part["unfinished"] == 0, key
        assert part["returned"] + sum(part["typed"].values()) + sum(part["other"].values()) == part["calls"], key
        assert sum(part["faults"].values()) > 0, key  # the faults did hit the calls
        assert part["connections"] > 0, key
        assert part["duplicated_creates"] == 0, key
        assert part["creates_acted_on"] <= part["creates_sent"], key
    for key in ("ours_async", "ours_threads"):
        assert parts[key]["other"] == {}, parts[key]["examples"]
    assert report["failures"] == []
    assert "| duplicated creates (must be 0)" in result.stdout


@pytest.mark.parametrize("requests", [1, 49, 50, 51, 1000, 10_001])
def test_fault_schedule_spreads_one_fault_per_block(requests: int) -> None:
    runs = _faults.schedule(requests, 0.02, "soak", seed=3)
    assert sum(run.times for run in runs) >= requests
    assert all(run.times >= 1 for run in runs)
    faults = [run for run in runs if run.label is not None]
    assert len(faults) == -(-requests // 50)  # one per started block of 50
    assert all(run.times == 1 for run in faults)
    assert _faults.faults_hit(runs, pending=len(runs)) == {}
    assert sum(_faults.faults_hit(runs, pending=0).values()) == len(faults)


def test_paging_walks_agree_on_a_fake_jobs_api() -> None:
    class Page:
        def __init__(self, data: list[int], total: int) -> None:
            self.data, self.total = data, total

    class Jobs:
        def __init__(self, count: int) -> None:
            self.items = list(range(count))
            self.requests = 0

        def list(self, *, page: int, page_size: int) -> Page:
            self.requests += 1
            return Page(self.items[page * page_size : (page + 1) * page_size], len(self.items))

        def iter(self, *, page_size: int) -> Sequence[int]:
            return self.items

    for count in (0, 1, 100, 250, 1000):
        jobs = Jobs(count)
        assert _paging.walk_by_hand(jobs) == count == _paging.walk_iter(jobs)
        assert jobs.requests == max(1, -(-count // _paging.PAGE))  # one request per page, as `iter` sends
