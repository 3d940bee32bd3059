"""What the custom templates buy: parsing 1000 jobs with stock generated models, with ours, and `json.loads` alone.

Generates the stock client (the same spec and generator, without `templates/`) into a temporary folder, takes the
body of a 1000-job `list` answer from the fake server, and prints median times side by side:

    python -m bench.stock_parse [--runs N]

Stock models raise on a few things ours accept (an unknown enum value, `null` lists), so the body is one they both
parse: realistic jobs with every field filled.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mistral_fine_tuning import models
from mistral_fine_tuning.testing import FakeMistralServer

ROOT = Path(__file__).resolve().parents[1]
STOCK_PACKAGE = "stock_mistral_fine_tuning_client"


def _jobs_body(count: int) -> bytes:
    """The exact bytes the fake server answers for a list of `count` realistic jobs."""
    import httpx2

    with FakeMistralServer(api_key="bench", record_requests=False) as server:
        server.add_jobs(count)
        response = httpx2.get(
            f"{server.server_url}/v1/fine_tuning/jobs",
            params={"page_size": count},
            headers={"Authorization": "Bearer bench"},
        )
        response.raise_for_status()
        return response.content


def _generate_stock(folder: Path) -> None:
    """Run the pinned generator on openapi.yaml with the stock templates (same config and hooks otherwise)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    config = folder / "config.yaml"
    text = (ROOT / "generator-config.yaml").read_text()
    config.write_text(
        text.replace("package_name_override: mistral_fine_tuning_client", f"package_name_override: {STOCK_PACKAGE}")
    )
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(folder / STOCK_PACKAGE),
        ],
        check=True,
        env=env,
        capture_output=True,
    )


def _median_ms(call: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return samples[len(samples) // 2] * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stock_parse", description=__doc__)
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args(argv)

    body = _jobs_body(1000)
    folder = Path(tempfile.mkdtemp(prefix="stock-client-"))
    try:
        _generate_stock(folder)
        sys.path.insert(0, str(folder))
        stock: Any = importlib.import_module(f"{STOCK_PACKAGE}.models").JobsOut
        ours: Any = models.JobsOut
        data = json.loads(body)
        assert stock.from_dict(data).to_dict() == data == ours.from_dict(data).to_dict()

        rows: dict[str, Callable[[], object]] = {
            "json.loads(body)": lambda: json.loads(body),
            "stock JobsOut.from_dict(data)": lambda: stock.from_dict(data),
            "ours  JobsOut.from_dict(data)": lambda: ours.from_dict(data),
            "stock JobsOut.from_dict(json.loads(body))": lambda: stock.from_dict(json.loads(body)),
            "ours  JobsOut.from_dict(json.loads(body))": lambda: ours.from_dict(json.loads(body)),
        }
        for call in rows.values():
            call()
        floor = 0.0
        print(f"1000 jobs, {len(body):,} bytes, median of {args.runs} runs (cyclic GC on, as in a plain program)")
        for label, call in rows.items():
            gc.collect()
            figure = _median_ms(call, args.runs)
            floor = floor or figure
            print(f"  {label:<44} {figure:8.2f} ms   {figure / floor:5.2f}x json.loads")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
