"""The clients Mistral makes for itself: once even when threads or tasks race, one per event loop, pooled, closed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import Mistral, errors
from mistral_fine_tuning.testing import FakeMistralServer

FINISHED = "b888f774-3e7c-4135-a18c-6b985523c4bc"
THREADS = 8


class Made:
    """Counts the httpx2 clients Mistral creates, keeping the real classes' behaviour."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sync: list[httpx2.Client] = []
        self.asynchronous: list[httpx2.AsyncClient] = []
        made = self

        class Client(httpx2.Client):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(**kwargs)
                made.sync.append(self)

        class AsyncClient(httpx2.AsyncClient):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(**kwargs)
                made.asynchronous.append(self)

        monkeypatch.setattr(httpx2, "Client", Client)
        monkeypatch.setattr(httpx2, "AsyncClient", AsyncClient)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Made:
    return Made(monkeypatch)


def test_threads_racing_the_first_call_share_one_client_and_leak_no_socket(
    fake_server: FakeMistralServer, made: Made, nothing_leaks: Callable[[], AbstractContextManager[None]]
) -> None:
    mistral = Mistral(api_key="key", server_url=fake_server.server_url)
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    failures: list[BaseException] = []

    def first_call() -> None:
        barrier.wait()
        try:
            results.append(mistral.fine_tuning.jobs.get(job_id=FINISHED).id)
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=first_call) for _ in range(THREADS)]
    with nothing_leaks():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        mistral.close()
    assert failures == [] and results == [FINISHED] * THREADS
    assert len(made.sync) == 1 and made.sync[0].is_closed


def test_tasks_racing_the_first_async_call_share_one_client(fake_server: FakeMistralServer, made: Made) -> None:
    async def race() -> list[str]:
        async with Mistral(api_key="key", server_url=fake_server.server_url) as mistral:
            jobs = await asyncio.gather(*(mistral.fine_tuning.jobs.get_async(job_id=FINISHED) for _ in range(THREADS)))
        return [job.id for job in jobs]

    assert asyncio.run(race()) == [FINISHED] * THREADS
    assert len(made.asynchronous) == 1 and made.asynchronous[0].is_closed


def test_one_mistral_across_two_asyncio_runs_works(fake_server: FakeMistralServer, made: Made) -> None:
    mistral = Mistral(api_key="key", server_url=fake_server.server_url)
    first = asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=FINISHED))
    second = asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=FINISHED))  # a new loop: its own client
    assert first.id == second.id == FINISHED
    assert len(made.asynchronous) == 2


def test_loops_in_several_threads_each_get_their_own_client(fake_server: FakeMistralServer, made: Made) -> None:
    mistral = Mistral(api_key="key", server_url=fake_server.server_url)
    barrier = threading.Barrier(4)
    seen: list[str] = []

    def in_its_own_loop() -> None:
        async def calls() -> None:
            barrier.wait()
            seen.extend([(await mistral.fine_tuning.jobs.get_async(job_id=FINISHED)).id for _ in range(3)])

        asyncio.run(calls())

    threads = [threading.Thread(target=in_its_own_loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [FINISHED] * 12
    assert len(made.asynchronous) == 4  # one per loop, not one per call


def test_the_pool_keeps_its_connections_alive(fake_server: FakeMistralServer, made: Made) -> None:
    with pytest.raises(errors.InputValidationError, match="max_connections"):
        Mistral(api_key="key", max_connections=0)
    for size, expected in ((32, 32), (None, 50)):
        with Mistral(api_key="key", server_url=fake_server.server_url, max_connections=size) as mistral:
            mistral.fine_tuning.jobs.get(job_id=FINISHED)
        pool: Any = made.sync[-1]._transport._pool  # type: ignore[attr-defined]
        assert (pool._max_connections, pool._max_keepalive_connections) == (expected, expected)
