"""What the tests share: keys, the fake server's example jobs, a minimal job payload, and ways to build a client
against a mock transport or a server on 127.0.0.1. Fixtures are in `conftest.py`."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx2
import pytest
from mistral_fine_tuning import Mistral
from mistral_fine_tuning.testing import FakeMistralServer
from mistral_fine_tuning.testing._seed import EXAMPLES

KEY = "sk-test-0123456789abcdef"
"""An API key for tests: long enough to count as a secret (scrubbed from errors and logs)."""
WANDB_KEY = "wandb-secret-" + "w" * 26  # 39 characters: one short, so the server rejects it and echoes it
GITHUB_TOKEN = "ghp_" + "t" * 36

# The fake server's example jobs (`seed_examples=True`), by the status each has reached.
_BY_STATUS = {example.status: example.job_id for example in EXAMPLES}
FINISHED = _BY_STATUS["SUCCESS"]
RUNNING = _BY_STATUS["RUNNING"]
VALIDATED = _BY_STATUS["VALIDATED"]
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
"""A well-formed job id that no server knows."""
TRAINING_FILE = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
CHAT_DATA = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n' * 3
"""Valid training data for a completion job."""


def store_files(server: FakeMistralServer, *file_ids: str) -> None:
    """Store valid chat data under each id (TRAINING_FILE by default): the fake refuses jobs naming unknown files."""
    for file_id in file_ids or (TRAINING_FILE,):
        server.add_file(CHAT_DATA, filename=f"{file_id}.jsonl", file_id=file_id)


JOBS = "/v1/fine_tuning/jobs"
JOB: dict[str, Any] = {
    "id": FINISHED,
    "auto_start": False,
    "model": "open-mistral-7b",
    "status": "QUEUED",
    "created_at": 1_717_000_000,
    "modified_at": 1_717_000_000,
    "training_files": [],
    "hyperparameters": {"learning_rate": 0.0001},
    "job_type": "completion",
    "object": "job",
}
"""A completion job with only what the API always sends."""
PAGE: dict[str, Any] = {"object": "list", "total": 1, "data": [JOB]}

SYNC_ASYNC = pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
SSL_CONTEXT = httpx2.create_ssl_context()  # shared: loading the CA bundle for every client costs ~60 ms

Handler = Callable[[httpx2.Request], httpx2.Response]
_ONE_JOB = re.compile(rf"{JOBS}/([^/]+)")


def job_like(request: httpx2.Request, job: dict[str, Any] | None = None) -> dict[str, Any]:
    """`job` (default `JOB`) as the answer to `request`: a request about one job gets that job's id back, as the
    API answers (the client refuses an answer about another job)."""
    body = dict(JOB if job is None else job)
    found = _ONE_JOB.search(request.url.raw_path.decode("ascii").split("?")[0])
    if found:
        body["id"] = unquote(found.group(1))
    return body


class Recorder:
    """A MockTransport handler that keeps every request and answers like the API would (a page, or the job asked
    for)."""

    def __init__(self, job: dict[str, Any] | None = None, page: dict[str, Any] | None = None) -> None:
        self.requests: list[httpx2.Request] = []
        self.job = job if job is not None else JOB
        self.page = page if page is not None else PAGE

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if request.method == "GET" and request.url.path.endswith(JOBS):
            return httpx2.Response(200, json=self.page)
        return httpx2.Response(200, json=job_like(request, self.job))

    @property
    def last(self) -> httpx2.Request:
        assert self.requests, "no request reached the transport"
        return self.requests[-1]


def mock_mistral(handler: Handler, **kwargs: Any) -> Mistral:
    """A client whose sync and async calls both go to `handler` (a MockTransport: nothing leaves the process)."""
    kwargs.setdefault("api_key", KEY)
    return Mistral(
        client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        async_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
        **kwargs,
    )


@contextlib.asynccontextmanager
async def connected(server_url: str, **kwargs: Any) -> AsyncIterator[Mistral]:
    """A client for `server_url` (sync and async), closed afterwards."""
    kwargs.setdefault("api_key", KEY)
    async with httpx2.AsyncClient(verify=SSL_CONTEXT) as async_client:
        with httpx2.Client(verify=SSL_CONTEXT) as client:
            yield Mistral(server_url=server_url, client=client, async_client=async_client, **kwargs)


@contextlib.contextmanager
def sync_connected(server_url: str, **kwargs: Any) -> Iterator[Mistral]:
    """The sync-only twin of `connected`."""
    kwargs.setdefault("api_key", KEY)
    with httpx2.Client(verify=SSL_CONTEXT) as client:
        yield Mistral(server_url=server_url, client=client, **kwargs)


async def run(mistral: Mistral, op: str, use_async: bool, **kwargs: Any) -> Any:
    """Call `fine_tuning.jobs.<op>` or its `_async` twin."""
    jobs = mistral.fine_tuning.jobs
    if use_async:
        return await getattr(jobs, f"{op}_async")(**kwargs)
    return getattr(jobs, op)(**kwargs)


def form_body(request: Any) -> bytes | None:
    """A multipart/form-data request's body with its boundary (random for every request) written as a fixed one,
    so that the same form matches on replay; None for any other body."""
    media, _, parameters = (request.headers.get("Content-Type") or "").partition(";")
    if media.strip().lower() != "multipart/form-data":
        return None
    boundary = next(
        (
            value.strip().strip('"')
            for name, _, value in (item.partition("=") for item in parameters.split(";"))
            if name.strip().lower() == "boundary"
        ),
        "",
    )
    body = request.body or b""
    body = body.encode() if isinstance(body, str) else body
    return body.replace(boundary.encode(), b"BOUNDARY") if boundary else body


def same_body_or_form(recorded: Any, sent: Any) -> None:
    """vcrpy's `body` matcher, except that a form (an upload) is compared byte for byte with its boundary set aside."""
    from vcr import matchers  # type: ignore[import-untyped]

    forms = form_body(recorded), form_body(sent)
    if forms == (None, None):
        matchers.body(recorded, sent)
    elif forms[0] != forms[1]:
        raise AssertionError("the multipart forms differ (boundaries aside)")
