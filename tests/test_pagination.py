"""Paging through every job (`mistral_fine_tuning.pagination`): laziness, the stop rules, the bounds that keep a
pathological server from making a walk endless, de-duplication when jobs are created meanwhile, and errors mid-way.

Each behaviour runs sync and async through the public facade (`jobs.list` / `jobs.list_async`), against the fake
server on 127.0.0.1 or a scripted list endpoint (`httpx2.MockTransport`) where the server must misbehave. The walk's
decisions are also tested on their own (`PageWalk`), without sockets.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.errors import (
    InputValidationError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    UnexpectedArgumentError,
)
from mistral_fine_tuning.pagination import (
    PageWalk,
    iter_jobs,
    iter_jobs_async,
    iter_pages,
    iter_pages_async,
)
from mistral_fine_tuning.testing import FakeMistralServer, Fault

KEY = "sk-test-0123456789abcdef"
JOBS = "/v1/fine_tuning/jobs"
SYNC_ASYNC = pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
SSL_CONTEXT = httpx2.create_ssl_context()  # shared: loading the CA bundle for every client costs ~60 ms
FAST = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 2000), True)
Answer = Callable[[int, int], tuple[list[dict[str, Any]], int]]


# --- helpers ---------------------------------------------------------------------------------------------------------


def job_json(index: int, *, job_type: str = "completion", job_id: str | None = None) -> dict[str, Any]:
    """A list item as the API sends it; `index` 0 is the newest job."""
    return {
        "id": job_id if job_id is not None else str(uuid.UUID(int=index + 1)),
        "auto_start": False,
        "model": "open-mistral-7b",
        "status": "SUCCESS",
        "created_at": 1_700_000_000 - index,
        "modified_at": 1_700_000_000 - index,
        "training_files": [],
        "hyperparameters": {"training_steps": 10},
        "object": "job",
        "job_type": job_type,
    }


class ScriptedList:
    """A list endpoint answering `answer(page, page_size) -> (items, total)`, keeping every request it got."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        page, size = int(request.url.params["page"]), int(request.url.params["page_size"])
        items, total = self.answer(page, size)
        return httpx2.Response(200, json={"data": items, "object": "list", "total": total})

    @property
    def pages(self) -> list[int]:
        return [int(request.url.params["page"]) for request in self.requests]


def honest(count: int) -> Answer:
    """An answer paging through `count` jobs as the API does."""

    def answer(page: int, size: int) -> tuple[list[dict[str, Any]], int]:
        return [job_json(i) for i in range(page * size, min((page + 1) * size, count))], count

    return answer


def mock_mistral(handler: Callable[[httpx2.Request], httpx2.Response]) -> Mistral:
    return Mistral(
        api_key=KEY,
        server_url="http://127.0.0.1:9",  # never dialled: the mock transport answers
        client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        async_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
    )


def walk_jobs(mistral: Mistral, use_async: bool, **kwargs: Any) -> Iterator[Any] | AsyncIterator[Any]:
    jobs = mistral.fine_tuning.jobs
    return iter_jobs_async(jobs.list_async, **kwargs) if use_async else iter_jobs(jobs.list, **kwargs)


def walk_pages(mistral: Mistral, use_async: bool, **kwargs: Any) -> Iterator[Any] | AsyncIterator[Any]:
    jobs = mistral.fine_tuning.jobs
    return iter_pages_async(jobs.list_async, **kwargs) if use_async else iter_pages(jobs.list, **kwargs)


async def drain(
    source: Iterator[Any] | AsyncIterator[Any],
    into: list[Any] | None = None,
    *,
    stop_after: int | None = None,
    between: Callable[[int], None] | None = None,
) -> list[Any]:
    """Consume a sync or async iterator into `into`, which keeps what came before an exception.

    `between(n)` runs after the n-th item, before the next one is asked for; `stop_after` breaks out early.
    """
    out = [] if into is None else into

    def took(item: Any) -> bool:
        out.append(item)
        if between is not None:
            between(len(out))
        return stop_after is not None and len(out) >= stop_after

    if isinstance(source, Iterator):
        for item in source:
            if took(item):
                break
    else:
        async for item in source:
            if took(item):
                break
    return out


@pytest.fixture
def server() -> Iterator[FakeMistralServer]:
    """A fake API with no jobs and a frozen clock."""
    with FakeMistralServer(speed=0) as fake:
        yield fake


@pytest.fixture
async def mistral(server: FakeMistralServer) -> AsyncIterator[Mistral]:
    async with httpx2.AsyncClient(verify=SSL_CONTEXT) as async_client:
        with httpx2.Client(verify=SSL_CONTEXT) as client:
            yield Mistral(api_key=KEY, server_url=server.server_url, client=client, async_client=async_client)


def list_requests(server: FakeMistralServer) -> list[Any]:
    return [request for request in server.requests if request.method == "GET" and request.path == JOBS]


# --- laziness --------------------------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_nothing_is_fetched_before_the_first_item(use_async: bool) -> None:
    scripted = ScriptedList(honest(250))
    mistral = mock_mistral(scripted)
    job_walk = walk_jobs(mistral, use_async)
    page_walk = walk_pages(mistral, use_async)
    assert scripted.requests == []
    assert len(await drain(job_walk, stop_after=1)) == 1
    assert len(await drain(page_walk, stop_after=1)) == 1
    assert scripted.pages == [0, 0]


@SYNC_ASYNC
async def test_breaking_out_after_three_of_ten_thousand_jobs_sends_one_request(use_async: bool) -> None:
    scripted = ScriptedList(honest(10_000))
    taken = await drain(walk_jobs(mock_mistral(scripted), use_async), stop_after=3)
    assert [job.id for job in taken] == [job_json(i)["id"] for i in range(3)]
    assert len(scripted.requests) == 1
    assert dict(scripted.requests[0].url.params) == {"page": "0", "page_size": "100", "created_by_me": "false"}


@SYNC_ASYNC
async def test_the_next_page_is_fetched_only_when_its_first_job_is_asked_for(use_async: bool) -> None:
    scripted = ScriptedList(honest(10_000))
    seen_requests: list[int] = []
    await drain(
        walk_jobs(mock_mistral(scripted), use_async, page_size=10),
        stop_after=25,
        between=lambda n: seen_requests.append(len(scripted.requests)),
    )
    assert seen_requests == [1] * 10 + [2] * 10 + [3] * 5
    assert scripted.pages == [0, 1, 2]


# --- stop rules ------------------------------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("count", "requests"),
    [(0, 1), (1, 1), (99, 1), (100, 1), (101, 2), (200, 2), (250, 3)],
)
async def test_a_walk_ends_at_the_total_or_at_a_short_page(use_async: bool, count: int, requests: int) -> None:
    scripted = ScriptedList(honest(count))
    jobs = await drain(walk_jobs(mock_mistral(scripted), use_async))
    assert [job.id for job in jobs] == [job_json(i)["id"] for i in range(count)]
    assert scripted.pages == list(range(requests))  # a total that is a multiple of page_size costs no empty page


@SYNC_ASYNC
async def test_a_short_page_ends_the_walk_even_when_the_total_says_more(use_async: bool) -> None:
    scripted = ScriptedList(lambda page, size: ([job_json(page * size + i) for i in range(30)], 1000))
    jobs = await drain(walk_jobs(mock_mistral(scripted), use_async))
    assert len(jobs) == 30
    assert scripted.pages == [0]


@SYNC_ASYNC
async def test_the_total_ends_the_walk_even_when_pages_stay_full(use_async: bool) -> None:
    scripted = ScriptedList(lambda page, size: ([job_json(page * size + i) for i in range(size)], 150))
    jobs = await drain(walk_jobs(mock_mistral(scripted), use_async))
    assert len(jobs) == 200
    assert scripted.pages == [0, 1]


@SYNC_ASYNC
async def test_pages_are_yielded_as_the_server_sent_them(use_async: bool) -> None:
    scripted = ScriptedList(honest(250))
    pages = await drain(walk_pages(mock_mistral(scripted), use_async))
    assert [type(page) for page in pages] == [models.JobsOut] * 3
    assert [len(page.data) for page in pages] == [100, 100, 50]
    assert {page.total for page in pages} == {250}


# --- bounds: a walk never goes on forever -----------------------------------------------------------------------------


@SYNC_ASYNC
async def test_a_server_repeating_the_same_page_ends_with_pagination_error(use_async: bool) -> None:
    scripted = ScriptedList(lambda page, size: ([job_json(i) for i in range(size)], 1000))  # ignores `page`
    taken: list[Any] = []
    with pytest.raises(PaginationError) as caught:
        await drain(walk_jobs(mock_mistral(scripted), use_async), taken)
    assert caught.value.pages == 2
    assert len(taken) == 100  # the first page's jobs were yielded, each once
    assert scripted.pages == [0, 1]


@SYNC_ASYNC
async def test_iter_pages_does_not_yield_the_repeated_page(use_async: bool) -> None:
    scripted = ScriptedList(lambda page, size: ([job_json(i) for i in range(size)], 1000))
    pages: list[Any] = []
    with pytest.raises(PaginationError):
        await drain(walk_pages(mock_mistral(scripted), use_async), pages)
    assert len(pages) == 1


@SYNC_ASYNC
async def test_a_total_growing_without_bound_ends_with_pagination_error(use_async: bool) -> None:
    # Every page is full of new jobs and the total stays one page ahead: only the page bound can end this.
    scripted = ScriptedList(lambda page, size: ([job_json(page * size + i) for i in range(size)], (page + 2) * size))
    taken: list[Any] = []
    with pytest.raises(PaginationError) as caught:
        await drain(walk_jobs(mock_mistral(scripted), use_async, page_size=10), taken)
    assert caught.value.pages == 6  # 2 * ceil(first total 20 / 10) + 2
    assert len(taken) == 60
    assert len(scripted.requests) == 6


@SYNC_ASYNC
async def test_max_pages_replaces_the_default_bound(use_async: bool) -> None:
    growing = ScriptedList(lambda page, size: ([job_json(page * size + i) for i in range(size)], (page + 2) * size))
    with pytest.raises(PaginationError) as caught:
        await drain(walk_jobs(mock_mistral(growing), use_async, page_size=10, max_pages=3))
    assert caught.value.pages == 3
    assert len(growing.requests) == 3

    enough = ScriptedList(honest(250))
    assert len(await drain(walk_jobs(mock_mistral(enough), use_async, max_pages=3))) == 250
    too_few = ScriptedList(honest(250))
    with pytest.raises(PaginationError) as caught:
        await drain(walk_jobs(mock_mistral(too_few), use_async, max_pages=2))
    assert caught.value.pages == 2
    assert too_few.pages == [0, 1]


# --- jobs created while paging -------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_jobs_created_while_paging_shift_pages_but_no_job_is_yielded_twice(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    original = server.add_jobs(25)[::-1]  # newest first, as the list answers
    created: list[str] = []

    def between(n: int) -> None:
        if n in (10, 17):  # the last new job of pages 0 and 1: create jobs before the next page request
            created.extend(server.add_job(status="QUEUED", created_at=server.now()) for _ in range(3))

    jobs = await drain(walk_jobs(mistral, use_async, page_size=10), between=between)
    ids = [job.id for job in jobs]
    assert ids == original  # every job that existed at the start, once each, newest first
    assert not set(ids) & set(created)  # those created meanwhile land on pages already read
    requests = list_requests(server)
    assert [request.params["page"] for request in requests] == ["0", "1", "2", "3"]  # total 31 asks for a 4th page


@SYNC_ASYNC
async def test_page_size_jobs_created_between_two_requests_end_with_pagination_error(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    server.add_jobs(12)

    def between(n: int) -> None:
        if n == 5:
            for _ in range(5):
                server.add_job(status="QUEUED", created_at=server.now())

    taken: list[Any] = []
    with pytest.raises(PaginationError):  # page 1 is exactly page 0 again: progress cannot be told from repetition
        await drain(walk_jobs(mistral, use_async, page_size=5), taken, between=between)
    assert len(taken) == 5


async def test_a_job_leaving_the_filtered_set_can_push_another_past_the_walk(
    server: FakeMistralServer, mistral: Mistral
) -> None:
    # The limitation the docstring states: the job that moves up onto a page already read is missed.
    original = server.add_jobs(15, status="VALIDATED")[::-1]
    jobs = mistral.fine_tuning.jobs

    def between(n: int) -> None:
        if n == 5:
            jobs.start(job_id=original[0])  # now STARTED: no longer matches status=VALIDATED

    walked = await drain(iter_jobs(jobs.list, page_size=5, status="VALIDATED"), between=between)
    assert [job.id for job in walked] == original[:5] + original[6:]


# --- identity of jobs ------------------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_jobs_of_an_unknown_kind_are_told_apart_by_id(use_async: bool) -> None:
    def answer(page: int, size: int) -> tuple[list[dict[str, Any]], int]:
        start = page * (size - 1)  # each page starts with the previous page's last job, as after a creation
        return [job_json(i, job_type="synthetic_unknown_job_type") for i in range(start, min(start + size, 10))], 11

    scripted = ScriptedList(answer)
    jobs = await drain(walk_jobs(mock_mistral(scripted), use_async, page_size=4))
    assert all(isinstance(job, models.UnknownVariant) for job in jobs)
    assert [job.id for job in jobs] == [job_json(i)["id"] for i in range(10)]


@SYNC_ASYNC
async def test_a_job_without_an_id_is_not_a_job(use_async: bool) -> None:
    def unnamed(index: int) -> dict[str, Any]:
        item = job_json(index, job_type="synthetic_unknown_job_type")
        del item["id"]
        return item

    scripted = ScriptedList(lambda page, size: ([unnamed(0), unnamed(1)] if page == 0 else [], 2))
    with pytest.raises(errors.ResponseValidationError, match=r"\$\.data\[0\]\.id: required, but missing"):
        await drain(walk_jobs(mock_mistral(scripted), use_async, page_size=2))


# --- requests go through the facade --------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_filters_page_size_and_options_reach_every_page_request(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    server.add_jobs(120)
    expected = mistral.fine_tuning.jobs.list(status="SUCCESS", page_size=1000).data
    server.clear_requests()
    jobs = await drain(
        walk_jobs(mistral, use_async, page_size=20, status="SUCCESS", http_headers={"x-trace": "t-1"}, timeout_ms=5000)
    )
    assert [job.id for job in jobs] == [job.id for job in expected]
    assert 40 < len(jobs) < 120  # the filter selected some of the jobs, over several pages
    requests = list_requests(server)
    assert len(requests) == -(-len(expected) // 20)
    for index, request in enumerate(requests):
        assert request.params == {"page": str(index), "page_size": "20", "status": "SUCCESS", "created_by_me": "false"}
        assert request.header("x-trace") == "t-1"


@SYNC_ASYNC
async def test_an_error_mid_walk_propagates_after_the_jobs_already_yielded(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    server.add_jobs(150)

    def between(n: int) -> None:
        if n == 100:
            server.inject(Fault.error(500), path=JOBS)

    taken: list[Any] = []
    with pytest.raises(InternalServerError):
        await drain(walk_jobs(mistral, use_async, retries=None), taken, between=between)
    assert len(taken) == 100
    assert [request.status for request in list_requests(server)] == [200, 500]  # retries=None: a single attempt


@SYNC_ASYNC
async def test_a_404_mid_walk_propagates_after_the_first_page(use_async: bool) -> None:
    scripted = ScriptedList(honest(250))

    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.params["page"] == "1":
            return httpx2.Response(404, json={"detail": "Not Found"})
        return scripted(request)

    taken: list[Any] = []
    with pytest.raises(NotFoundError):
        await drain(walk_jobs(mock_mistral(handler), use_async), taken)
    assert len(taken) == 100


@SYNC_ASYNC
async def test_a_transient_error_mid_walk_is_retried_by_the_normal_policy(
    use_async: bool, server: FakeMistralServer, mistral: Mistral
) -> None:
    server.add_jobs(150)

    def between(n: int) -> None:
        if n == 50:
            server.inject(Fault.error(503, headers={"Retry-After": "0"}), path=JOBS)
        if n == 100:
            server.inject(Fault.drop_connection(), path=JOBS)

    jobs = await drain(walk_jobs(mistral, use_async, page_size=50, retries=FAST), between=between)
    assert len(jobs) == 150
    assert [(request.params["page"], request.status) for request in list_requests(server)] == [
        ("0", 200),
        ("1", 503),
        ("1", 200),
        ("2", None),  # dropped without an answer
        ("2", 200),
    ]


# --- arguments -------------------------------------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("kwargs", "error", "param"),
    [
        ({"page": 1}, UnexpectedArgumentError, "page"),
        ({"page_size": 0}, InputValidationError, "page_size"),
        ({"page_size": True}, InputValidationError, "page_size"),
        ({"page_size": 2.5}, InputValidationError, "page_size"),
        ({"max_pages": 0}, InputValidationError, "max_pages"),
    ],
)
async def test_bad_arguments_are_refused_before_anything_is_sent(
    use_async: bool, kwargs: dict[str, Any], error: type[Exception], param: str
) -> None:
    scripted = ScriptedList(honest(10))
    mistral = mock_mistral(scripted)
    for walk in (walk_jobs, walk_pages):
        with pytest.raises(error) as caught:
            walk(mistral, use_async, **kwargs)  # at the call, not at the first item
        assert getattr(caught.value, "param", None) == param
    assert scripted.requests == []


async def test_a_bad_filter_is_refused_by_the_list_call_itself() -> None:
    scripted = ScriptedList(honest(10))
    walk = iter_jobs(mock_mistral(scripted).fine_tuning.jobs.list, stauts="SUCCESS")  # type: ignore[call-arg]
    with pytest.raises(UnexpectedArgumentError, match="status"):
        next(walk)
    assert scripted.requests == []


# --- the decisions, without sockets -----------------------------------------------------------------------------------


def page_of(indices: range | list[int], total: int) -> models.JobsOut:
    return models.JobsOut.from_dict({"data": [job_json(i) for i in indices], "object": "list", "total": total})


def test_page_walk_asks_for_pages_in_order_and_ends_at_a_short_page() -> None:
    walk: PageWalk[Any] = PageWalk(page_size=3)
    assert walk.next_page() == 0
    assert [job.id for job in walk.accept(page_of(range(3), 7))] == [job_json(i)["id"] for i in range(3)]
    assert (walk.next_page(), walk.over) == (1, False)
    assert len(walk.accept(page_of(range(3, 6), 7))) == 3
    assert walk.next_page() == 2
    assert len(walk.accept(page_of(range(6, 7), 7))) == 1
    assert (walk.next_page(), walk.over, walk.pages) == (None, True, 3)


def test_page_walk_drops_jobs_seen_on_an_earlier_page() -> None:
    walk: PageWalk[Any] = PageWalk(page_size=3)
    walk.accept(page_of(range(3), 9))
    fresh = walk.accept(page_of([1, 2, 3], 9))  # two jobs created meanwhile pushed 1 and 2 onto this page
    assert [job.id for job in fresh] == [job_json(3)["id"]]
    assert walk.next_page() == 2


def test_page_walk_ends_once_pages_cover_the_latest_total() -> None:
    walk: PageWalk[Any] = PageWalk(page_size=2)
    walk.accept(page_of(range(2), 3))
    walk.accept(page_of(range(2, 4), 4))  # the total grew by one: still covered by two full pages
    assert walk.next_page() is None


def test_page_walk_refuses_a_full_page_of_repeats_but_not_a_short_one() -> None:
    walk: PageWalk[Any] = PageWalk(page_size=2)
    walk.accept(page_of(range(2), 10))
    with pytest.raises(PaginationError, match="repeats") as caught:
        walk.accept(page_of(range(2), 10))
    assert caught.value.pages == 2

    short: PageWalk[Any] = PageWalk(page_size=2)
    short.accept(page_of(range(2), 3))
    assert short.accept(page_of([1], 3)) == []  # a short page of repeats is the shifted end of the list
    assert short.over


def test_page_walk_bound_comes_from_the_first_total() -> None:
    walk: PageWalk[Any] = PageWalk(page_size=10)
    for page in range(6):  # 2 * ceil(25 / 10) + 2 = 8 pages: the later, larger totals do not raise it
        assert walk.next_page() == page
        walk.accept(page_of(range(page * 10, page * 10 + 10), 25 + 1000 * page))
    assert walk.next_page() == 6
    walk.accept(page_of(range(60, 70), 10_000))
    assert walk.next_page() == 7
    walk.accept(page_of(range(70, 80), 10_000))
    with pytest.raises(PaginationError, match="8 pages") as caught:
        walk.next_page()
    assert caught.value.pages == 8


@pytest.mark.parametrize("page_size", [0, -1, True, 1.0, "10"])
def test_page_walk_checks_its_page_size(page_size: Any) -> None:
    with pytest.raises(InputValidationError):
        PageWalk(page_size=page_size)
