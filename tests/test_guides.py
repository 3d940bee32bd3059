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


# --- scripts in the style of each family of code written for Mistral's SDK ----------------------------------------

# Each is run with its import lines alone changed, `mistralai` becoming this package's name (so mistralai 2.x's
# `mistralai.client` is `mistral_fine_tuning.client`), and must print these lines among others.
STYLES: dict[str, list[str]] = {
    "sdk_examples_1x.py": [
        "uploaded file.jsonl fine-tune",
        "created QUEUED 0.01",
        "listed True",
        "retrieved True open-mistral-7b",
        "canceled True",
        "deleted True",
    ],
    "sdk_examples_2x.py": [
        "uploaded example.file.jsonl True",
        "retrieved False instruct",
        "downloaded True",
        "signed True",
        "created example 2",
        "started True",
        "listed True",
        "not found 404",
        "files True",
    ],
    "cookbook_1x.py": [
        "uploaded ultrachat_chunk_train.jsonl file",
        "created QUEUED True",
        "validated VALIDATED",
        "finished SUCCESS True",
        'event status-updated {"status": "SUCCESS"}',
        "integration finetuning True",
        "listed True",
        "model deleted True",
        "file deleted True",
    ],
    "cookbook_2x.py": [
        "uploaded train.jsonl True",
        "created classifier ministral-3b-latest",
        "dumped {'training_steps': 20, 'learning_rate': 0.0001}",
        "finished SUCCESS True",
        "went through True SUCCESS",
        "targets [('sentiment', ['negative', 'neutral', 'positive'])]",
        "updated sentiment-classifier three labels classifier",
        "archived True",
        "unarchived False",
        "deleted True",
        "files left []",
    ],
    "framework_integration.py": [
        "before None",
        "state SUCCESS job True True",
        "model True",
        "metrics True ['step', 'train_loss']",
        "typed True",
        "jobs True",
        "error 404",
    ],
    "user_project.py": [
        "jobs 3 True",
        "succeeded SUCCESS True",
        "exported True True",
        "details ['auto_start', 'checkpoints', 'created_at'] True",
        "round trip True True",
        "copied renamed True",
        "cancelled CANCELLATION_REQUESTED",
        "missing 404 True",
        "schema JobsOut ['data', 'object', 'total']",
    ],
}
USES_FILES = {
    "sdk_examples_1x.py",
    "sdk_examples_2x.py",
    "cookbook_1x.py",
    "cookbook_2x.py",
    "framework_integration.py",
}


def with_our_imports(text: str) -> str:
    """`text` with its import lines alone naming this package instead of `mistralai`."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(("from mistralai", "import mistralai")):
            lines[index] = line.replace("mistralai", "mistral_fine_tuning", 1)
    return "".join(lines)


def serves_files(server: FakeMistralServer) -> bool:
    """Whether this fake answers the Files API (it answers 501 for an operation it does not implement)."""
    import httpx2

    answer = httpx2.get(f"{server.server_url}/v1/files", headers={"Authorization": "Bearer guide-key-0123456789"})
    return answer.status_code != 501


@pytest.mark.parametrize("script", sorted(STYLES))
def test_code_in_the_style_of_each_source_runs_with_only_its_import_lines_changed(script: str, tmp_path: Path) -> None:
    text = (GUIDES / script).read_text()
    changed = with_our_imports(text)
    assert "mistral_fine_tuning" not in text and changed != text
    differing = [line for line, ours in zip(text.splitlines(), changed.splitlines(), strict=True) if line != ours]
    assert all(line.startswith(("from mistralai", "import mistralai")) for line in differing)
    with FakeMistralServer(
        api_key="guide-key-0123456789", speed=400, seed_examples=script == "user_project.py"
    ) as fake:
        if script in USES_FILES and not serves_files(fake):
            pytest.skip("this fake server does not serve the Files API yet")
        (tmp_path / script).write_text(changed)
        env = {**os.environ, "MISTRAL_API_KEY": "guide-key-0123456789", "MISTRAL_SERVER_URL": fake.server_url}
        result = subprocess.run(
            [sys.executable, str(tmp_path / script)], capture_output=True, text=True, timeout=120, env=env, check=False
        )
    assert result.returncode == 0, result.stderr[-3000:]
    printed = result.stdout.splitlines()
    assert [line for line in STYLES[script] if line not in printed] == [], result.stdout
