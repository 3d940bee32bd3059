"""`make demo` is the first thing a newcomer runs: it must keep working, end to end, and show what it claims."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).parent.parent / "examples" / "demo.py"


def test_the_demo_runs_every_section_against_the_embedded_fake() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MISTRAL")}
    done = subprocess.run(
        [sys.executable, str(DEMO)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    sections = [line for line in out.splitlines() if line.startswith("== ")]
    assert len(sections) == 8, sections
    # the workflow: data checked, uploaded, trained on, the model renamed and archived, the file deleted
    assert "checked train.jsonl: no problems in 20 lines" in out
    assert "renamed: 'support-bot'" in out and "archived: True" in out and "file deleted: True" in out
    assert "create_from_files: SUCCESS" in out and "TrainingDataError: line 1, messages[1].role" in out
    assert "mistral-ft: uploaded train.jsonl -> " in out
    # the lifecycle reached a fine-tuned model through jobs.wait, checkpoint by checkpoint
    assert "status SUCCESS" in out
    assert "step  30: train loss" in out
    assert "fine-tuned model ft:open-mistral-7b:demo:" in out
    assert "status CANCELLED" in out
    # the raw response carried the server's request id
    assert "request id " in out and "request id None" not in out
    # the command line created, waited for and listed its own job, and mapped a 404 to its exit code
    assert "ft:open-mistral-7b:cli-demo:" in out
    # ... in the order a terminal shows: the wait's progress (stderr), then the job's summary (stdout)
    cli = out[out.index("== From the command line ==") :].splitlines()
    progress_end = next(index for index, line in enumerate(cli) if line.startswith("  SUCCESS  step 20/20"))
    summary = next(index for index, line in enumerate(cli) if line.startswith("  fine tuned model  ft:"))
    assert progress_end < summary, "\n".join(cli)
    assert "(exit code 4)" in out
    assert "demo-key-for-the-local-fake" not in out + done.stderr
