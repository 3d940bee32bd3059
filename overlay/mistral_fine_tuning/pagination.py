"""Paging through every item of a list operation (fine-tuning jobs, files) that matches its filters: `jobs.iter`,
`jobs.iter_pages`, `files.iter` and their `_async` twins are these functions applied to `list` / `list_async`.

Every decision (which page next, when the walk is over, which jobs are new, when the server's pages cannot end) is
made by one pure object, `PageWalk`; the sync and async walks differ only in how they fetch a page. Each page is an
ordinary `jobs.list` call, so the client's retry policy, timeouts and per-call options apply to every request.

How a walk ends:

- normally, after a page holding fewer than `page_size` jobs (an empty page included), or once
  `pages fetched * page_size` reaches the `total` of the latest page, whichever comes first (a list that does not
  count its items, `files.list(include_total=False)`, ends on a short page);
- with `PaginationError` when a full page brings no job that was not already yielded (the server ignores `page`,
  or repeats itself), or when the walk would need more than `max_pages` pages. Without `max_pages` the bound is
  `2 * ceil(first total / page_size) + 2` pages: the jobs that existed when the walk began, plus as many again
  created while it runs, plus two pages of margin; a `total` that keeps growing faster than the walk reads ends
  there instead of never.

The API pages by offset, newest job first, so jobs created during a walk move every later job to a later page: a job
seen on page n can come back on page n + 1. Jobs are told apart by `id` (an `UnknownVariant` job has one too, read
from its raw payload) and none is yielded twice. What a walk can miss: jobs created after it began (they land on
the first page, already read), and, when a job leaves the filtered set during the walk (under a `status` filter, a
job that changes status), the job that moves up across the boundary onto a page already read.
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar, Unpack

from .errors import InputValidationError, PaginationError, UnexpectedArgumentError

if TYPE_CHECKING:
    from ._types import JobsPage, ListArguments, ListedJob

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Page(Protocol[T_co]):
    """What a list operation answers: the items of one page, and how many there are in all (None if not counted)."""

    @property
    def data(self) -> Sequence[T_co]: ...

    @property
    def total(self) -> int | None: ...


P = TypeVar("P", bound=Page[Any])

DEFAULT_PAGE_SIZE: Final = 100
"""Jobs per request when `page_size` is not given: `jobs.list`'s default."""
EXTRA_PAGES: Final = 2
"""Pages allowed past twice what the first total needs, when `max_pages` is not given."""

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "EXTRA_PAGES",
    "Page",
    "PageWalk",
    "iter_items",
    "iter_items_async",
    "iter_jobs",
    "iter_jobs_async",
    "iter_pages",
    "iter_pages_async",
]


def _item_key(item: object) -> object:
    """What tells two items apart: the id (every job and file has one), else the whole payload."""
    item_id = getattr(item, "id", None)
    if isinstance(item_id, str):
        return item_id
    to_dict = getattr(item, "to_dict", None)
    return json.dumps(to_dict() if to_dict is not None else repr(item), sort_keys=True, default=str)


class PageWalk(Generic[T]):
    """The decisions of one walk through a list, with no I/O: feed it each page it asks for.

    Call `next_page()` for the index of the page to fetch (None when the walk is over), fetch it, and hand the
    result to `accept()`, which returns the jobs not yielded before. The stop rules and bounds are those of the
    module's docstring.

    Args:
        page_size: jobs per page, at least 1.
        max_pages: the most pages the walk may fetch, or None for the bound derived from the first page's total.

    Raises:
        InputValidationError: `page_size` or `max_pages` is not a positive integer.
    """

    __slots__ = ("_limit", "_over", "_seen", "max_pages", "page_size", "pages")

    def __init__(self, page_size: int = DEFAULT_PAGE_SIZE, max_pages: int | None = None) -> None:
        _check_positive("page_size", page_size)
        if max_pages is not None:
            _check_positive("max_pages", max_pages)
        self.page_size = page_size
        self.max_pages = max_pages
        self.pages = 0
        """Pages accepted so far."""
        self._limit = max_pages
        self._over = False
        self._seen: set[object] = set()

    @property
    def over(self) -> bool:
        """Whether the walk has ended normally (a short page, or the total reached)."""
        return self._over

    def next_page(self) -> int | None:
        """The zero-based index of the page to fetch next.

        Returns:
            The index, or None when the walk is over.

        Raises:
            PaginationError: the walk would need more pages than its bound allows.
        """
        if self._over:
            return None
        if self._limit is not None and self.pages >= self._limit:
            bound = "max_pages" if self.max_pages is not None else "twice the first total, plus a margin"
            raise PaginationError(
                f"paging did not end after {self.pages} pages of {self.page_size} items ({bound}): the server's "
                "total keeps growing faster than the pages are read",
                pages=self.pages,
            )
        return self.pages

    def accept(self, page: Page[T]) -> list[T]:
        """Record the page just fetched (the one `next_page()` named).

        Args:
            page: what the list call returned (`JobsOut`, `ListFilesOut`).

        Returns:
            Its items that were not on an earlier page, in the server's order.

        Raises:
            PaginationError: the page is full and every item on it was already seen.
        """
        self.pages += 1
        total = None if page.total is None else max(page.total, 0)
        if self._limit is None and total is not None:
            self._limit = 2 * math.ceil(total / self.page_size) + EXTRA_PAGES
        fresh: list[T] = []
        seen = self._seen
        for item in page.data:
            key = _item_key(item)
            if key not in seen:
                seen.add(key)
                fresh.append(item)
        full = len(page.data) >= self.page_size
        if full and not fresh:
            raise PaginationError(
                f"page {self.pages - 1} repeats items already seen and brings no new one: the server ignores the "
                f"page index, or at least {self.page_size} items were created between two requests",
                pages=self.pages,
            )
        if not full or (total is not None and self.pages * self.page_size >= total):
            self._over = True
        return fresh


def _check_positive(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputValidationError(name, f"must be a positive integer, got {value!r}")


def _begin(max_pages: int | None, arguments: dict[str, Any]) -> tuple[PageWalk[Any], dict[str, Any]]:
    """Check the arguments before anything is fetched; the walk, and the keywords every page request gets."""
    if "page" in arguments:
        raise UnexpectedArgumentError("page", "is set by the walk itself; use page_size and max_pages")
    page_size = arguments.pop("page_size", DEFAULT_PAGE_SIZE)
    walk: PageWalk[Any] = PageWalk(page_size, max_pages)
    return walk, {"page_size": page_size, **arguments}


def _walk(list_page: Callable[..., P], walk: PageWalk[Any], arguments: dict[str, Any]) -> Iterator[tuple[P, list[Any]]]:
    while (index := walk.next_page()) is not None:
        page = list_page(page=index, **arguments)
        yield page, walk.accept(page)


async def _walk_async(
    list_page: Callable[..., Awaitable[P]], walk: PageWalk[Any], arguments: dict[str, Any]
) -> AsyncIterator[tuple[P, list[Any]]]:
    while (index := walk.next_page()) is not None:
        page = await list_page(page=index, **arguments)
        yield page, walk.accept(page)


def iter_pages(
    list_page: Callable[..., JobsPage], /, *, max_pages: int | None = None, **filters: Unpack[ListArguments]
) -> Iterator[JobsPage]:
    """Every page of the job list, fetched one at a time as the iterator is advanced.

    Nothing is sent until the first page is asked for. Pages are yielded as the server sent them: when jobs are
    created during the walk, a job can appear on two consecutive pages (`iter_jobs` drops the repeats).

    Args:
        list_page: `jobs.list` (or any callable taking its keywords and returning a `JobsOut`).
        max_pages: the most pages to fetch before giving up with `PaginationError`; by default twice what the
            first page's `total` needs, plus two.
        filters: `jobs.list`'s keywords but `page`: the filters (`status`, `model`, `created_after`, ...),
            `page_size` (jobs per request, 100 by default), and the per-call options (`retries`, `timeout_ms`,
            `server_url`, `http_headers`), sent with every page request.

    Returns:
        An iterator of `models.JobsOut`.

    Raises:
        UnexpectedArgumentError: `page` was given (at once, before anything is sent).
        InputValidationError: `page_size` or `max_pages` is not a positive integer (at once).
        PaginationError: while iterating, when the server's pages would not end (see the module's docstring).
        SDKError, APIConnectionError: while iterating, what a page request raises once its retries are spent;
            the pages yielded before it stay valid.
    """
    walk, arguments = _begin(max_pages, dict(filters))
    return (page for page, _ in _walk(list_page, walk, arguments))


def iter_jobs(
    list_page: Callable[..., JobsPage], /, *, max_pages: int | None = None, **filters: Unpack[ListArguments]
) -> Iterator[ListedJob]:
    """Every job matching the filters, newest first, each once, fetching pages as the iterator is advanced.

    Nothing is sent until the first job is asked for, and a page is fetched only once the jobs before it have
    been consumed: breaking out early sends no further request. A job already yielded (the same `id`) is not
    yielded again when jobs created meanwhile push it onto the next page; what can be missed is said in the
    module's docstring.

    Args:
        list_page: `jobs.list` (or any callable taking its keywords and returning a `JobsOut`).
        max_pages: as for `iter_pages`.
        filters: as for `iter_pages`: the filters, `page_size` and the per-call options.

    Returns:
        An iterator of jobs (`CompletionJobOut`, `ClassifierJobOut`, or an `UnknownVariant` for a job type this
        client does not know).

    Raises:
        The same as `iter_pages`, at the same moments; jobs yielded before an error stay valid.
    """
    return iter_items(list_page, max_pages=max_pages, **filters)


def iter_pages_async(
    list_page_async: Callable[..., Awaitable[JobsPage]],
    /,
    *,
    max_pages: int | None = None,
    **filters: Unpack[ListArguments],
) -> AsyncIterator[JobsPage]:
    """The async twin of `iter_pages`: `async for page in iter_pages_async(jobs.list_async, ...)`.

    Args:
        list_page_async: `jobs.list_async` (or any coroutine function taking its keywords, returning a `JobsOut`).
        max_pages, filters: as for `iter_pages`.

    Returns:
        An async iterator of `models.JobsOut`; nothing is sent before the first page is asked for.

    Raises:
        The same as `iter_pages`, at the same moments.
    """
    walk, arguments = _begin(max_pages, dict(filters))

    async def pages() -> AsyncIterator[JobsPage]:
        async for page, _ in _walk_async(list_page_async, walk, arguments):
            yield page

    return pages()


def iter_jobs_async(
    list_page_async: Callable[..., Awaitable[JobsPage]],
    /,
    *,
    max_pages: int | None = None,
    **filters: Unpack[ListArguments],
) -> AsyncIterator[ListedJob]:
    """The async twin of `iter_jobs`: `async for job in iter_jobs_async(jobs.list_async, ...)`.

    Args:
        list_page_async: `jobs.list_async` (or any coroutine function taking its keywords, returning a `JobsOut`).
        max_pages, filters: as for `iter_pages`.

    Returns:
        An async iterator of jobs, each once; nothing is sent before the first job is asked for.

    Raises:
        The same as `iter_pages`, at the same moments.
    """
    return iter_items_async(list_page_async, max_pages=max_pages, **filters)


def iter_items(list_page: Callable[..., Page[T]], /, *, max_pages: int | None = None, **filters: Any) -> Iterator[T]:
    """`iter_jobs` for any list operation (`files.list`): its items, each once, fetched as the iterator advances."""
    walk, arguments = _begin(max_pages, dict(filters))
    return (item for _, fresh in _walk(list_page, walk, arguments) for item in fresh)


def iter_items_async(
    list_page_async: Callable[..., Awaitable[Page[T]]], /, *, max_pages: int | None = None, **filters: Any
) -> AsyncIterator[T]:
    """The async twin of `iter_items`."""
    walk, arguments = _begin(max_pages, dict(filters))

    async def items() -> AsyncIterator[T]:
        async for _, fresh in _walk_async(list_page_async, walk, arguments):
            for item in fresh:
                yield item

    return items()
