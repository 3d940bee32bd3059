"""Fixtures shared by the test files. Keep this small: each fixture is used by several files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mistral_fine_tuning.testing import FakeMistralServer


@pytest.fixture
def fake_server() -> Iterator[FakeMistralServer]:
    """A fresh fake API on 127.0.0.1: any bearer token accepted, frozen clock, the documentation's three jobs.

    The jobs are b888f774-... (SUCCESS), 0f713502-... (RUNNING, cancellable) and 0bf0f9e6-... (VALIDATED, startable).
    """
    with FakeMistralServer(api_key=None, speed=0, seed_examples=True) as server:
        yield server
