"""The README's code runs as written: every Python block, in order, in one namespace, against the fake server (as a
reader would run them, with `MISTRAL_SERVER_URL` and a key set), and its opening gives what a newcomer needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mistral_fine_tuning.testing import FakeMistralServer, LifecycleTiming

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
BLOCKS = BLOCK.findall(README)


def test_the_readme_has_python_blocks_and_every_one_is_run_below() -> None:
    assert len(BLOCKS) >= 6
    assert README.count("```python") == len(BLOCKS)  # none is missed by the pattern


def test_the_opening_gives_the_two_commands_install_lines_and_a_quickstart() -> None:
    opening = "\n".join(README.splitlines()[:40])
    assert "make demo" in opening and "make test" in opening and "pip install" in opening
    assert README.index("## Quickstart") < README.index("## The workflow, step by step")


def test_every_python_block_runs_in_order_against_the_fake_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick = LifecycleTiming(queued=0.5, validating=0.5, auto_start_delay=0.5, starting=0.5, seconds_per_step=0.5)
    with FakeMistralServer(speed=60, seed_examples=True, timing=quick) as server:
        monkeypatch.setenv("MISTRAL_SERVER_URL", server.server_url)
        monkeypatch.setenv("MISTRAL_API_KEY", "readme-key-0123456789")
        monkeypatch.chdir(tmp_path)  # the quickstart writes train.jsonl
        namespace: dict[str, Any] = {"__name__": "__readme__"}
        for index, block in enumerate(BLOCKS):
            try:
                exec(compile(block, f"README.md block {index + 1}", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"README.md's Python block {index + 1} failed:\n{block}") from exc
        assert not server.internal_errors
    printed = capsys.readouterr().out
    assert "SUCCESS ft:open-mistral-7b:" in printed  # the quickstart trained a model
