"""What the custom templates buy: parsing 1000 jobs with the stock generator's models, with ours, and `json.loads`.

    python -m bench.stock_parse [--runs N]

Generates the stock client (the same spec, config and generator, without `templates/`) into a temporary folder,
takes the body of a 1000-job `list` from the fake server, and prints the medians side by side. Stock models refuse
a few things ours accept (an unknown enum value, `null` lists), so the body is one both parse: every field filled.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import ROOT, alternate, median, timed


def main(argv: list[str] | None = None) -> None:
    """Generate the stock client, time both parsers, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.stock_parse", description=__doc__)
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args(argv)

    import httpx2
    from mistral_fine_tuning import models
    from mistral_fine_tuning.testing import FakeMistralServer

    with FakeMistralServer(api_key="bench", record_requests=False) as server:
        server.add_jobs(1000)
        url, headers = f"{server.server_url}/v1/fine_tuning/jobs", {"Authorization": "Bearer bench"}
        body = httpx2.get(url, params={"page_size": 1000}, headers=headers).raise_for_status().content
    with tempfile.TemporaryDirectory(prefix="stock-client-") as folder:
        bin_dir, config = Path(sys.executable).parent, Path(folder, "config.yaml")
        config.write_text(
            (ROOT / "generator-config.yaml").read_text().replace("mistral_fine_tuning_client", "stock_client")
        )
        command = [str(bin_dir / "openapi-python-client"), "generate", "--path", str(ROOT / "openapi.yaml")]
        command += ["--config", str(config), "--meta", "none", "--output-path", f"{folder}/stock_client"]
        env = os.environ | {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        }  # the hooks find the pinned ruff
        subprocess.run(command, check=True, env=env, capture_output=True)
        sys.path.insert(0, folder)
        stock: Any = importlib.import_module("stock_client.models").JobsOut
        ours: Any = models.JobsOut
        data = json.loads(body)
        assert stock.from_dict(data).to_dict() == data == ours.from_dict(data).to_dict()
        variants: dict[str, Callable[[], object]] = {
            "json.loads(body)": functools.partial(json.loads, body),
            "stock JobsOut.from_dict(data)": functools.partial(stock.from_dict, data),
            "ours  JobsOut.from_dict(data)": functools.partial(ours.from_dict, data),
            "stock JobsOut.from_dict(json.loads(body))": lambda: stock.from_dict(json.loads(body)),
            "ours  JobsOut.from_dict(json.loads(body))": lambda: ours.from_dict(json.loads(body)),
        }
        samples = alternate({name: functools.partial(timed, call) for name, call in variants.items()}, args.runs, 1)
    floor = median([run[0] for run in samples["json.loads(body)"]])
    print(f"1000 jobs, {len(body):,} bytes, median of {args.runs} runs, alternated (cyclic GC on, as in a program)")
    for label, runs in samples.items():
        seconds = median([run[0] for run in runs])
        print(f"  {label:<44} {seconds * 1e3:8.2f} ms   {seconds / floor:5.2f}x json.loads")


if __name__ == "__main__":
    main()
