"""The clients under test, reduced to zero-argument calls: the raw floors, this project, and mistralai 2.5.1.

The floor is the HTTP library this project sends with, httpx2, used plainly; raw httpx (which httpx2 continues)
is measured too, as a second floor, when it is installed. Each factory imports its client only when called, so
this module loads with the standard library alone (the peers' venv runs it without this project, and without
mistralai in the main venv). The Python snippets for the fresh-process measures (import time, peak RSS) are here
too, so every measure uses the same code per target.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

JOBS_PATH = "/v1/fine_tuning/jobs"
PAGE_SIZE = 1000

FLOOR = "floor"
"""Raw httpx2: the library this project sends with."""
HTTPX = "httpx"
"""Raw httpx, the second floor (httpx2 continues it; same API, separate classes)."""
OURS = "ours"
MISTRALAI = "mistralai"
FLOOR_LIBRARIES: dict[str, str] = {FLOOR: "httpx2", HTTPX: "httpx"}
"""The module each raw floor imports."""


def httpx_available() -> bool:
    """Whether the second floor (httpx) is installed in this interpreter."""
    return importlib.util.find_spec("httpx") is not None


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


def _raw_sync(library: str, endpoint: Endpoint) -> SyncTarget:
    """`<library>.Client().get(...).json()` and `json.loads(client.get(url, params=...).content)`."""
    module: Any = importlib.import_module(library)
    client = module.Client()
    headers, get_url, list_url, params = endpoint.headers, endpoint.get_url, endpoint.list_url, endpoint.list_params

    def get() -> object:
        return client.get(get_url, headers=headers).json()

    def list_() -> object:
        return json.loads(client.get(list_url, params=params, headers=headers).content)

    return SyncTarget(get, list_, client.close)


def floor_sync(endpoint: Endpoint) -> SyncTarget:
    """The floor: `httpx2.Client().get(...).json()` and `json.loads(client.get(url, params=...).content)`."""
    return _raw_sync("httpx2", endpoint)


def httpx_sync(endpoint: Endpoint) -> SyncTarget:
    """The second floor: the same calls with `httpx.Client()`."""
    return _raw_sync("httpx", endpoint)


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
    HTTPX: httpx_sync,
    OURS: ours_sync,
    MISTRALAI: mistralai_sync,
}


def _raw_async(library: str, endpoint: Endpoint) -> AsyncTarget:
    module: Any = importlib.import_module(library)
    client = module.AsyncClient()
    headers, get_url = endpoint.headers, endpoint.get_url

    async def get() -> object:
        return (await client.get(get_url, headers=headers)).json()

    return AsyncTarget(get, client.aclose)


def floor_async(endpoint: Endpoint) -> AsyncTarget:
    """The floor: `await httpx2.AsyncClient().get(...)` then `.json()`."""
    return _raw_async("httpx2", endpoint)


def httpx_async(endpoint: Endpoint) -> AsyncTarget:
    """The second floor: the same with `httpx.AsyncClient()`."""
    return _raw_async("httpx", endpoint)


def ours_async(endpoint: Endpoint) -> AsyncTarget:
    """This project: `await Mistral(...).fine_tuning.jobs.get_async(job_id=...)`."""
    from mistral_fine_tuning import Mistral

    sdk = Mistral(api_key=endpoint.api_key, server_url=endpoint.url)
    return AsyncTarget(functools.partial(sdk.fine_tuning.jobs.get_async, job_id=endpoint.job_id), sdk.aclose)


IMPORT_SNIPPETS: dict[str, str] = {
    FLOOR: "import httpx2",
    HTTPX: "import httpx",
    OURS: "from mistral_fine_tuning import Mistral; Mistral(api_key='k').fine_tuning.jobs",
    MISTRALAI: "from mistralai.client import Mistral; Mistral(api_key='k').fine_tuning.jobs",
}
"""P1: what a fresh process runs (a floor is the import of its HTTP library alone)."""


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
    request = f"get({endpoint.list_url!r}, params={endpoint.list_params!r}, headers={endpoint.headers!r})"
    raw = "import json, {0}\npage = json.loads({0}.Client().{1}.content)\ncount = len(page['data'])\n"
    fetch = {
        FLOOR: raw.format("httpx2", request),
        HTTPX: raw.format("httpx", request),
        OURS: (
            "from mistral_fine_tuning import Mistral\n"
            f"page = Mistral(api_key={endpoint.api_key!r}, server_url={endpoint.url!r})"
            f".fine_tuning.jobs.list(page_size={PAGE_SIZE})\n"
            "count = len(page.data)\n"
        ),
    }[target]
    return f"{fetch}assert count == {PAGE_SIZE}, count\n{_PEAK_RSS}"
