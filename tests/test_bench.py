"""The benchmark script still runs end to end (its quick mode) and reports every measure; figures are not judged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_bench_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())
    rows = {row["key"]: row for row in report["rows"]}
    assert {"P1", "P2", "P3", "P4", "P5"} <= set(rows)
    for key in ("P1", "P2", "P3", "P4", "P5"):
        assert rows[key]["floor"] > 0, key
        assert rows[key]["ours"] > 0, key
    assert "| P1 import" in result.stdout
