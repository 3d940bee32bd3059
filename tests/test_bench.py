"""The bench scripts still run end to end (their quick modes) and report every measure; the soak's properties hold.

Timings are never judged here. The soak's properties: our client lets no exception but its own typed errors escape,
never creates a job twice, and finishes every call.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import data

from bench import run
from bench.common import Row, Server

ROOT = Path(__file__).resolve().parents[1]
ROWS = {"P1", "P2", "P2_p50", "P2_p99", "P3", "parse", "parse_models", "P4", "P5", "P6", "P6_throughput", "P7"}
ROWS |= {"P8_help", "P8", "P8_raw", "P9", "P9_client", "P9_process", "P9_rss"}


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", module, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_quick_bench_reports_every_measure(tmp_path: Path) -> None:
    result = _run("bench", "--quick", "--json", str(tmp_path / "bench.json"))
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "bench.json").read_text())
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) >= ROWS
    assert all(row["floor"] > 0 and row["ours"] > 0 for row in rows.values()), rows
    assert all(rows[key]["verdict"].endswith(("meets", "misses")) for key in ("P1", "P2", "P3", "P4", "P9"))
    if importlib.util.find_spec("httpx") is not None:  # the dev venv has it: the second floor column is filled
        for key in ("P1", "P2", "P3", "P4", "P5", "P6", "P6_throughput", "P8", "P8_help"):
            assert rows[key]["httpx"] > 0, key
    lines = result.stdout.splitlines()
    assert any(line.startswith("| measure") and "floor (httpx2)" in line and "floor (httpx)" in line for line in lines)
    for key in ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"):
        assert f"| {key} " in result.stdout, key
    # P9: both uploads ran in their own processes (each run checked the bytes stored and deleted the file); the
    # fake's memory was read after every delete.
    for name, uploads in report["samples"]["P9_runs"].items():
        assert uploads and all(wall > call > fake > 0 and peak > 0 for wall, call, fake, peak in uploads), name
    assert rows["P9_client"]["ours"] < rows["P9"]["ours"] and rows["P9_client"]["floor"] < rows["P9"]["floor"]
    assert "P9 fake server RSS after each upload's delete (MiB): " in result.stdout
    # P6: a row per pool setting, and every run of every client completed every call under the faults.
    assert "| P6 client and pool limits" in result.stdout
    assert len(report["samples"]["P6_runs"]) >= 5
    for name, runs in report["samples"]["P6_runs"].items():
        for sample in runs:
            assert sample["failed"] == 0 and sample["connections"] > 0 and sample["requests"] >= sample["calls"], name
            assert sum(sample["faults"].values()) > 0, name
    for phase in ("get", "list", "async_get", "pool", "iter"):
        assert f"fake server handler time, {phase}: " in result.stdout, phase


def test_quick_soak_reports_no_other_exception_and_no_duplicate(tmp_path: Path) -> None:
    result = _run("bench.soak", "--quick", "--json", str(tmp_path / "soak.json"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report: dict[str, Any] = json.loads((tmp_path / "soak.json").read_text())
    parts = report["parts"]
    assert set(parts) == {"ours_async", "raw_async", "ours_threads", "raw_threads"}
    for key, part in parts.items():
        assert part["calls"] > 0 and part["unfinished"] == 0, key
        assert part["returned"] + sum(part["typed"].values()) + sum(part["other"].values()) == part["calls"], key
        assert sum(part["faults"].values()) > 0 and part["connections"] > 0, key  # the faults did hit the calls
        assert part["duplicated_creates"] == 0 and part["creates_acted_on"] <= part["creates_sent"], key
    assert parts["ours_async"]["other"] == parts["ours_threads"]["other"] == {}
    assert report["failures"] == []
    assert "| duplicated creates (must be 0)" in result.stdout


def test_faults_are_one_per_block_of_fifty_requests_and_counted_when_taken() -> None:
    with Server(jobs=1) as server:
        for requests in (1, 49, 50, 51, 1000):
            assert server.call("arm", requests=requests, mix="soak", seed=3) == -(-requests // 50)
            assert server.call("disarm") == {}  # armed, and no request took any
        assert server.call("arm", requests=100, mix="drop_503", seed=1) == 2
        with httpx2.Client(headers=server.endpoint.headers) as client:
            for _ in range(50):  # the first block of fifty: one fault among them
                with contextlib.suppress(httpx2.TransportError):
                    client.get(f"{server.endpoint.url}/v1/fine_tuning/jobs/{server.endpoint.job_id}")
        assert sum(server.call("disarm").values()) == 1


def test_a_measure_from_another_module_plugs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "extra_measure.py").write_text(
        '"""An extra measure."""\nfrom bench.common import Row\n\n\n'
        "def measure(quick):\n    return [Row('X', 'extra', 1.0, 2.0 if quick else 3.0, 'ms')]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    [measure] = run.plugged("extra_measure")
    assert measure.__name__ == "extra_measure"
    bench: Any = type("Quick", (), {"quick": True})()
    assert measure(bench) == [Row("X", "extra", 1.0, 2.0, "ms")]
    assert run.plugged("bench.no_such_measure") == []


def test_the_upload_file_is_valid_training_data_of_the_size_asked(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    for size, distinct in ((1, 10_000), (50_000, 10_000), (50_000, 80_000), (123_457, 20_000)):
        written = run.write_training_file(path, size, distinct)
        content = path.read_bytes()
        assert written == len(content) >= size and content.endswith(b"\n"), (size, distinct)
        lines = content.splitlines()
        assert len(content) - len(lines[-1]) - 1 < size  # the last line is the one that reached the size
        assert data.check_file(path).ok, (size, distinct)
        unique = len(set(lines))
        assert unique < len(lines) if size > 2 * distinct else unique == len(lines), (size, distinct)


def test_paging_walks_agree_on_a_fake_jobs_api() -> None:
    class Page:
        def __init__(self, data: list[int], total: int) -> None:
            self.data, self.total = data, total

    class Jobs:
        def __init__(self, count: int) -> None:
            self.items, self.requests = list(range(count)), 0

        def list(self, *, page: int, page_size: int) -> Page:
            self.requests += 1
            return Page(self.items[page * page_size : (page + 1) * page_size], len(self.items))

        def iter(self, *, page_size: int) -> Sequence[int]:
            return self.items

    for count in (0, 1, 100, 250, 1000):
        jobs = Jobs(count)
        assert run.walk_by_hand(jobs) == count == run.walk_iter(jobs)
        assert jobs.requests == max(1, -(-count // run.PAGE))  # one request per page, as `iter` sends
