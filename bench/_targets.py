"""The clients under test, reduced to zero-argument calls: the raw httpx floor, this project, and mistralai 2.5.1.

Each factory imports its client only when called, so this module loads with the standard library alone (the
peers' venv runs it without this project, and without mistralai in the main venv). The Python snippets for the
fresh-process measures (import time, peak RSS) are here too, so every measure uses the same code per target.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

JOBS_PATH = "/v1/fine_tuning/jobs"
PAGE_SIZE = 1000

FLOOR = "floor"
OURS = "ours"
MISTRALAI = "mistralai"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the fake server listens, the token it accepts and the job every `get` fetches."""

    url: str
    api_key: str
    job_id: str

    @property
    def headers(self) -> dict[str, str]:
        """What a client must send: the same Authorization and Accept as this project's client."""
        return {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}

    @property
    def get_url(self) -> str:
        return f"{self.url}{JOBS_PATH}/{self.job_id}"

    @property
    def list_url(self) -> str:
        return f"{self.url}{JOBS_PATH}"

    @property
    def list_params(self) -> dict[str, str | int]:
        """The query this project's `jobs.list(page_size=1000)` sends, so the server does the same work."""
        return {"page": 0, "page_size": PAGE_SIZE, "created_by_me": "false"}


@dataclass(frozen=True, slots=True)
class SyncTarget:
    """A sync client: `get` fetches the job, `list` the 1000-job page; `close` releases the connections."""

    get: Callable[[], object]
    list: Callable[[], object]
    close: Callable[[], None]


@dataclass(frozen=True, slots=True)
class AsyncTarget:
    """An async client: `get` fetches the job; `aclose` releases the connections."""

    get: Callable[[], Awaitable[object]]
    aclose: Callable[[], Awaitable[None]]


def floor_sync(endpoint: Endpoint) -> SyncTarget:
    """`httpx.Client().get(...).json()` and `json.loads(client.get(url, params=...).content)`."""
    import httpx

    client = httpx.Client()
    headers, get_url, list_url, params = endpoint.headers, endpoint.get_url, endpoint.list_url, endpoint.list_params

    def get() -> object:
        return client.get(get_url, headers=headers).json()

    def list_() -> object:
        return json.loads(client.get(list_url, params=params, headers=headers).content)

    return SyncTarget(get, list_, client.close)


def ours_sync(endpoint: Endpoint) -> SyncTarget:
    """This project: `Mistral(...).fine_tuning.jobs.get(job_id=...)` and `.list(page_size=1000)`."""
    from mistral_fine_tuning import Mistral

    sdk = Mistral(api_key=endpoint.api_key, server_url=endpoint.url)
    jobs = sdk.fine_tuning.jobs
    return SyncTarget(
        functools.partial(jobs.get, job_id=endpoint.job_id),
        functools.partial(jobs.list, page_size=PAGE_SIZE),
        sdk.close,
    )


def mistralai_sync(endpoint: Endpoint) -> SyncTarget:
    """mistralai 2.5.1 (`from mistralai.client import Mistral`), the same two calls. Only in the peers' venv."""
    module: Any = importlib.import_module("mistralai.client")
    sdk = module.Mistral(api_key=endpoint.api_key, server_url=endpoint.url)
    jobs = sdk.fine_tuning.jobs

    def close() -> None:
        sdk.__exit__(None, None, None)

    return SyncTarget(
        functools.partial(jobs.get, job_id=endpoint.job_id), functools.partial(jobs.list, page_size=PAGE_SIZE), close
    )


SYNC_FACTORIES: dict[str, Callable[[Endpoint], SyncTarget]] = {
    FLOOR: floor_sync,
    OURS: ours_sync,
    MISTRALAI: mistralai_sync,
}


def floor_async(endpoint: Endpoint) -> AsyncTarget:
    """`await httpx.AsyncClient().get(...)` then `.json()`."""
    import httpx

    client = httpx.AsyncClient()
    headers, get_url = endpoint.headers, endpoint.get_url

    async def get() -> object:
        return (await client.get(get_url, headers=headers)).json()

    return AsyncTarget(get, client.aclose)


def ours_async(endpoint: Endpoint) -> AsyncTarget:
    """This project: `await Mistral(...).fine_tuning.jobs.get_async(job_id=...)`."""
    from mistral_fine_tuning import Mistral

    sdk = Mistral(api_key=endpoint.api_key, server_url=endpoint.url)
    return AsyncTarget(functools.partial(sdk.fine_tuning.jobs.get_async, job_id=endpoint.job_id), sdk.aclose)


IMPORT_SNIPPETS: dict[str, str] = {
    FLOOR: "import httpx",
    OURS: "from mistral_fine_tuning import Mistral; Mistral(api_key='k').fine_tuning.jobs",
    MISTRALAI: "from mistralai.client import Mistral; Mistral(api_key='k').fine_tuning.jobs",
}
"""P1: what a fresh process runs (the floor is the import of httpx alone)."""


_PEAK_RSS = """
import resource
try:
    with open('/proc/self/status') as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak)
"""


def rss_snippet(target: str, endpoint: Endpoint) -> str:
    """P5: a fresh process that imports, fetches the 1000-job page, checks it and prints its peak RSS (KiB).

    The peak is `VmHWM` from /proc/self/status where there is one: on Linux, `ru_maxrss` of a child carries the
    RSS its parent had when it forked (about 45 MiB for the benchmark process), which would hide the difference.
    """
    fetch = {
        FLOOR: (
            "import json, httpx\n"
            f"page = json.loads(httpx.Client().get({endpoint.list_url!r}, params={endpoint.list_params!r},"
            f" headers={endpoint.headers!r}).content)\n"
            "count = len(page['data'])\n"
        ),
        OURS: (
            "from mistral_fine_tuning import Mistral\n"
            f"page = Mistral(api_key={endpoint.api_key!r}, server_url={endpoint.url!r})"
            f".fine_tuning.jobs.list(page_size={PAGE_SIZE})\n"
            "count = len(page.data)\n"
        ),
    }[target]
    return f"{fetch}assert count == {PAGE_SIZE}, count\n{_PEAK_RSS}"
