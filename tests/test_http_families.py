"""A client of either HTTP library works the same: httpx2 (the SDK's own stack) and httpx (what 1.x/2.x users hold).

Each case runs through an injected client of each family, sync and async: the five operations, a timeout, a refused
connection, a dropped connection and a 503 followed by a 200, over real sockets to the fake server and through the
library's own MockTransport. Requests are checked to be built only from the sending library's objects.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from types import ModuleType
from typing import Any, TypeVar

import httpx
import httpx2
import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

FINISHED = "b888f774-3e7c-4135-a18c-6b985523c4bc"
RUNNING = "0f713502-9233-41c6-9ebd-c570b7edb496"
VALIDATED = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
FILE = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
QUICK = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 5_000), True, max_attempts=3)
LIBRARIES = {"httpx2": httpx2, "httpx": httpx}
T = TypeVar("T")


@pytest.fixture(params=["httpx2", "httpx"])
def library(request: pytest.FixtureRequest) -> ModuleType:
    return LIBRARIES[request.param]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def runners() -> Iterator[Callable[..., Runner]]:
    """Makes Runners, and closes their clients and event loops after the test."""
    made: list[Runner] = []

    def make(library: ModuleType, mode: str, **client_args: Any) -> Runner:
        made.append(Runner(library, mode, **client_args))
        return made[-1]

    yield make
    for runner in made:
        runner.close()


class Runner:
    """Runs calls of `jobs` in the mode under test, through a `Mistral` built on a client of `library`.

    Async calls all run in one event loop: an async client you pass belongs to the loop it is used in.
    """

    def __init__(self, library: ModuleType, mode: str, **client_args: Any) -> None:
        self.library = library
        self.mode = mode
        self.client_args = client_args
        self.loop = asyncio.new_event_loop() if mode == "async" else None
        self.clients: list[Any] = []

    def close(self) -> None:
        """Close the clients made for the test (they are the test's, not Mistral's) and the event loop."""
        for client in self.clients:
            if self.loop is not None:
                self.loop.run_until_complete(client.aclose())
            else:
                client.close()
        if self.loop is not None:
            self.loop.close()

    def mistral(self, server_url: str, **options: Any) -> Mistral:
        if self.mode == "sync":
            return Mistral(
                api_key="key", server_url=server_url, client=self.library.Client(**self.client_args), **options
            )
        return Mistral(
            api_key="key", server_url=server_url, async_client=self.library.AsyncClient(**self.client_args), **options
        )

    def call(self, mistral: Mistral, name: str, **kwargs: Any) -> Any:
        jobs = mistral.fine_tuning.jobs
        if self.mode == "sync":
            return getattr(jobs, name)(**kwargs)
        method: Callable[..., Awaitable[Any]] = getattr(jobs, f"{name}_async")
        assert self.loop is not None
        return self.loop.run_until_complete(method(**kwargs))


# --- over real sockets, to the fake server -------------------------------------------------------------------------


def test_the_five_operations(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    runner = runners(library, mode)
    mistral = runner.mistral(fake_server.server_url)
    page = runner.call(mistral, "list", page_size=5)
    assert isinstance(page, models.JobsOut) and page.total == 3
    created = runner.call(
        mistral, "create", model="open-mistral-7b", hyperparameters={"training_steps": 5}, training_files=[FILE]
    )
    assert isinstance(created, models.CompletionJobOut)
    assert runner.call(mistral, "get", job_id=FINISHED).id == FINISHED
    assert str(runner.call(mistral, "cancel", job_id=RUNNING).status) == "CANCELLATION_REQUESTED"
    assert str(runner.call(mistral, "start", job_id=VALIDATED).status) in {"QUEUED", "RUNNING"}
    assert len(fake_server.requests) == 5


def test_a_timeout_is_an_api_timeout_error_carrying_that_librarys_exception(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    fake_server.inject(Fault.delay(2.0), times=None)
    runner = runners(library, mode)
    mistral = runner.mistral(fake_server.server_url, retry_config=None)
    with pytest.raises(errors.APITimeoutError) as caught:
        runner.call(mistral, "get", job_id=FINISHED, timeout_ms=200)
    assert isinstance(caught.value.cause, library.TimeoutException)
    fake_server.clear_faults()


def test_the_injected_clients_own_timeout_is_respected(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    fake_server.inject(Fault.delay(2.0), times=None)
    runner = runners(library, mode, timeout=library.Timeout(0.2))
    mistral = runner.mistral(fake_server.server_url, retry_config=None)
    with pytest.raises(errors.APITimeoutError):
        runner.call(mistral, "get", job_id=FINISHED)
    fake_server.clear_faults()


def test_a_refused_connection_is_retried_then_raised(
    library: ModuleType, mode: str, runners: Callable[..., Runner], refusing_url: str
) -> None:
    runner = runners(library, mode)
    mistral = runner.mistral(refusing_url, retry_config=QUICK)
    with pytest.raises(errors.APIConnectionError) as caught:
        runner.call(mistral, "get", job_id=FINISHED)
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert isinstance(caught.value.cause, library.ConnectError)


def test_a_dropped_connection_is_retried_for_get(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    fake_server.inject(Fault.drop_connection(), times=1)
    runner = runners(library, mode)
    job = runner.call(runner.mistral(fake_server.server_url, retry_config=QUICK), "get", job_id=FINISHED)
    assert job.id == FINISHED
    assert len(fake_server.requests) == 2


def test_a_dropped_create_is_not_sent_twice(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    fake_server.inject(Fault.drop_connection(after_handling=True), times=1)
    runner = runners(library, mode)
    mistral = runner.mistral(fake_server.server_url, retry_config=QUICK)
    with pytest.raises(errors.APIConnectionError) as caught:
        runner.call(mistral, "create", model="open-mistral-7b", hyperparameters={"training_steps": 5})
    assert isinstance(caught.value.cause, library.TransportError)
    assert [request.method for request in fake_server.requests] == ["POST"]


def test_a_503_then_a_200_is_retried(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    fake_server.inject(Fault.error(503, headers={"Retry-After": "0"}), times=1)
    runner = runners(library, mode)
    page = runner.call(runner.mistral(fake_server.server_url, retry_config=QUICK), "list")
    assert page.total == 3
    assert [request.status for request in fake_server.requests] == [503, 200]


def test_errors_carry_the_sending_librarys_response(
    library: ModuleType, mode: str, fake_server: FakeMistralServer, runners: Callable[..., Runner]
) -> None:
    runner = runners(library, mode)
    with pytest.raises(errors.NotFoundError) as caught:
        runner.call(runner.mistral(fake_server.server_url), "get", job_id="5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11")
    assert isinstance(caught.value.raw_response, library.Response)
    assert isinstance(caught.value.headers, library.Headers)
    assert caught.value.request_id


# --- through the library's MockTransport ---------------------------------------------------------------------------


class Seen:
    """A MockTransport handler recording the requests (of whichever library) and answering from a script."""

    def __init__(self, library: ModuleType, script: list[Callable[[Any], Any]]) -> None:
        self.library = library
        self.script = script
        self.requests: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.requests.append(request)
        step = self.script[min(len(self.requests), len(self.script)) - 1]
        return step(request)


def _job(library: ModuleType) -> Callable[[Any], Any]:
    body = {
        "id": FINISHED,
        "auto_start": False,
        "model": "open-mistral-7b",
        "status": "SUCCESS",
        "job_type": "completion",
        "created_at": 1,
        "modified_at": 2,
        "training_files": [],
        "hyperparameters": {"learning_rate": 0.0001},
    }
    return lambda request: library.Response(200, json=body)


def _mock_runner(make: Callable[..., Runner], library: ModuleType, mode: str, seen: Seen) -> Runner:
    transport = library.MockTransport(seen)
    return make(library, mode, transport=transport)


def test_every_object_of_a_request_comes_from_the_sending_library(
    library: ModuleType, mode: str, runners: Callable[..., Runner]
) -> None:
    seen = Seen(library, [_job(library)])
    runner = _mock_runner(runners, library, mode, seen)
    mistral = runner.mistral("http://api.test")
    runner.call(mistral, "get", job_id=FINISHED, timeout_ms=1500)
    runner.call(mistral, "get", job_id=FINISHED)  # the client's own timeout: that library's USE_CLIENT_DEFAULT
    first, second = seen.requests
    assert isinstance(first, library.Request)
    assert isinstance(first.url, library.URL)
    assert first.extensions["timeout"] == {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}
    assert second.extensions["timeout"] == library.Timeout(5.0).as_dict()  # the library's default, untouched


def test_transport_errors_of_either_library_follow_the_retry_table(
    library: ModuleType, mode: str, runners: Callable[..., Runner]
) -> None:
    def refuse(request: Any) -> Any:
        raise library.ConnectError("refused", request=request)

    def time_out(request: Any) -> Any:
        raise library.ReadTimeout("slow", request=request)

    seen = Seen(library, [refuse, _job(library)])
    runner = _mock_runner(runners, library, mode, seen)
    assert runner.call(runner.mistral("http://api.test", retry_config=QUICK), "get", job_id=FINISHED).id == FINISHED
    assert len(seen.requests) == 2  # a connect error is retried

    seen = Seen(library, [time_out])
    runner = _mock_runner(runners, library, mode, seen)
    with pytest.raises(errors.APITimeoutError):
        runner.call(
            runner.mistral("http://api.test", retry_config=QUICK),
            "create",
            model="open-mistral-7b",
            hyperparameters={"training_steps": 1},
        )
    assert len(seen.requests) == 1  # a create that may have arrived is not re-sent


def test_a_503_then_a_200_through_the_mock_transport(
    library: ModuleType, mode: str, runners: Callable[..., Runner]
) -> None:
    unavailable = lambda request: library.Response(503, json={"detail": "busy"})  # noqa: E731
    seen = Seen(library, [unavailable, _job(library)])
    runner = _mock_runner(runners, library, mode, seen)
    assert runner.call(runner.mistral("http://api.test", retry_config=QUICK), "get", job_id=FINISHED).id == FINISHED
    assert len(seen.requests) == 2


def test_an_injected_async_client_used_from_a_second_event_loop_says_so(fake_server: FakeMistralServer) -> None:
    for library in (httpx2, httpx):
        async_client = library.AsyncClient()
        mistral = Mistral(api_key="key", server_url=fake_server.server_url, async_client=async_client)
        asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=FINISHED))
        with pytest.raises(errors.EventLoopError, match="event loop"):
            asyncio.run(mistral.fine_tuning.jobs.get_async(job_id=FINISHED))


# --- construction --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("client", object()),
        ("client", httpx2.AsyncClient()),
        ("async_client", httpx2.Client()),
        ("async_client", httpx.Client()),
        ("client", "http://api.test"),
    ],
)
def test_a_client_of_neither_family_or_the_wrong_kind_is_refused_at_construction(keyword: str, value: Any) -> None:
    with pytest.raises(TypeError, match=r"must be an httpx2\.(Async)?Client or an httpx\.(Async)?Client"):
        Mistral(api_key="key", **{keyword: value})


def test_importing_the_package_does_not_import_httpx() -> None:
    script = (
        "import sys; import mistral_fine_tuning as m; from mistral_fine_tuning import Mistral; "
        "j = Mistral(api_key='k').fine_tuning.jobs; "
        "print(sorted(n for n in sys.modules if n.split('.')[0] in {'httpx', 'httpcore'}))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_a_folder_named_httpx_on_the_path_is_not_taken_for_httpx(tmp_path: Any) -> None:
    (tmp_path / "httpx").mkdir()  # imports as an empty namespace package
    script = (
        "import httpx, mistral_fine_tuning\n"
        "try:\n    mistral_fine_tuning.Mistral(client=object())\n"
        "except TypeError as exc:\n    print('TypeError', 'httpx2.Client' in str(exc))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60, cwd=tmp_path
    )
    assert result.stdout.strip() == "TypeError True"
