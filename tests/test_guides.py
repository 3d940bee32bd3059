"""Code written for the official SDK runs unchanged but for its import line: mistralai 1.x and 2.5.1 styles.

tests/guides/ holds the two scripts with the official SDK's import line. Each test swaps that one line for this
package's, runs the script against the fake server, and checks what it prints: the same facts in both styles.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mistral_fine_tuning.testing import FakeMistralServer

from tests.support import store_files

GUIDES = Path(__file__).resolve().parent / "guides"
GUIDE_FILES = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222")
IMPORTS = {
    "guide_1x.py": ("from mistralai import Mistral\n", "from mistral_fine_tuning import Mistral\n"),
    "guide_2x.py": (
        "from mistralai.client import Mistral, models\n",
        "from mistral_fine_tuning import Mistral, models\n",
    ),
}
EXPECTED = [
    "created completion QUEUED open-mistral-7b job",
    "validated VALIDATED",
    "finished SUCCESS True",
    *[f"checkpoint {step} True" for step in range(10, 0, -1)],
    *[
        f"event status-updated {status}"
        for status in ("SUCCESS", "RUNNING", "QUEUED", "VALIDATED", "VALIDATING", "QUEUED")
    ],
    "integration wandb finetuning",
    "listed 1 1 list",
    "cancelled CANCELLATION_REQUESTED",
    "dumped ['auto_start', 'checkpoints', 'created_at', 'events', 'fine_tuned_model']",
]


@pytest.fixture
def server() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(api_key="guide-key-0123456789", speed=400) as fake:
        store_files(fake, *GUIDE_FILES)  # the files the guides name must be stored, as on the real API
        yield fake


@pytest.mark.parametrize("guide", sorted(IMPORTS))
def test_a_guide_runs_with_only_its_import_line_changed(server: FakeMistralServer, guide: str, tmp_path: Path) -> None:
    official, ours = IMPORTS[guide]
    text = (GUIDES / guide).read_text()
    assert text.count(official) == 1 and "mistral_fine_tuning" not in text
    script = tmp_path / guide
    script.write_text(text.replace(official, ours))
    env = {**os.environ, "MISTRAL_API_KEY": "guide-key-0123456789", "MISTRAL_SERVER_URL": server.server_url}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == EXPECTED
