"""Fixtures shared by the test files. Keep this small: each fixture is used by several files."""

from __future__ import annotations

import contextlib
import gc
import socket
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mistral_fine_tuning.testing import FakeMistralServer

from tests.support import same_body_or_form, store_files


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    """The cassettes match on `form_body` (`support.same_body_or_form`) rather than `body`."""
    vcr.register_matcher("form_body", same_body_or_form)


@pytest.fixture
def fake_server() -> Iterator[FakeMistralServer]:
    """A fresh fake API on 127.0.0.1: any bearer token accepted, frozen clock, the documentation's three jobs.

    The jobs are b888f774-... (SUCCESS), 0f713502-... (RUNNING, cancellable) and 0bf0f9e6-... (VALIDATED, startable).
    Valid chat data is stored as the file `support.TRAINING_FILE`, so jobs created through the API may name it.
    """
    with FakeMistralServer(api_key=None, speed=0, seed_examples=True) as server:
        store_files(server)
        yield server


@contextlib.contextmanager
def _nothing_leaks() -> Iterator[None]:
    """Fail if the block (or the garbage collection after it) leaves a ResourceWarning: an unclosed socket or client.

    Such warnings are raised in finalizers, where an exception cannot propagate; they are recorded here directly,
    and anything a finalizer raises is caught through `sys.unraisablehook`.
    """
    unraisable: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            yield
            gc.collect()
    finally:
        sys.unraisablehook = previous
    leaks = [str(warning.message) for warning in caught if issubclass(warning.category, ResourceWarning)]
    assert not leaks and not unraisable, (leaks, [str(event.exc_value) for event in unraisable])


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own key or server never reaches a test: each test that needs them sets them."""
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    monkeypatch.delenv("MISTRAL_SERVER_URL", raising=False)


@pytest.fixture
def nothing_leaks() -> Callable[[], contextlib.AbstractContextManager[None]]:
    """`with nothing_leaks(): ...` fails the test when the block leaks a socket or an unclosed client."""
    return _nothing_leaks


@pytest.fixture
def refusing_url() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port refuses connections for the whole test: bound (so nothing else takes it) but
    not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
