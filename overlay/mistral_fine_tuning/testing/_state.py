"""The collection of jobs: lookup, due transitions, filtering and paging, and the list-response cache.

Not thread-safe by itself; the application layer serializes every call under one lock.
"""

from __future__ import annotations

import heapq
import itertools
import uuid
from typing import Final

from ._clock import SimClock
from ._jobs import EVERYONE, Job, LifecycleTiming
from ._validate import JobRequest, ListQuery

_LIST_CACHE_LIMIT: Final = 256


class JobStore:
    """Every job the fake server knows, newest first, with transitions applied lazily from the clock."""

    def __init__(self, clock: SimClock, timing: LifecycleTiming) -> None:
        self.clock = clock
        self.timing = timing
        self.bad_files: set[str] = set()
        self.reset()

    def reset(self) -> None:
        """Forget every job, bad file and cached answer."""
        self.jobs: dict[str, Job] = {}
        self.bad_files.clear()
        self.version = 0
        self._seq = 0
        self._newest_first: list[Job] = []
        self._order_dirty = False
        self._due: list[tuple[float, int, Job]] = []
        self._tiebreak = itertools.count()
        self._list_cache: dict[tuple[ListQuery, str | None], tuple[int, bytes]] = {}

    # --- time ----------------------------------------------------------------------------------------------------

    def settle(self) -> float:
        """Apply every transition that is due by now and return the current simulated time."""
        now = self.clock.now()
        due = self._due
        while due and due[0][0] <= now:
            when, _, job = heapq.heappop(due)
            if job.scheduled_at != when or self.jobs.get(job.id) is not job:
                continue  # superseded by a newer schedule, or the job is gone
            if job.apply_due(now):
                self.version += 1
            self._schedule(job)
        return now

    def _schedule(self, job: Job) -> None:
        job.scheduled_at = job.next_due
        if job.scheduled_at is not None:
            heapq.heappush(self._due, (job.scheduled_at, next(self._tiebreak), job))

    def touched(self, job: Job) -> None:
        """Record that ``job`` changed outside the clock (cancel, start) and reschedule it."""
        self.version += 1
        self._schedule(job)

    # --- jobs ----------------------------------------------------------------------------------------------------

    def new_job(self, request: JobRequest, owner: str | None, now: float, job_id: str | None = None) -> Job:
        """Build (but do not add) a job for ``request``; its validation fails if it uses a bad training file."""
        self._seq += 1
        fails = any(file_id in self.bad_files for file_id in request.training_files)
        return Job(
            job_id or str(uuid.uuid4()),
            self._seq,
            request,
            owner=owner,
            created_at=now,
            timing=self.timing,
            fails_validation=fails,
        )

    def add(self, job: Job) -> None:
        """Store ``job`` (replacing any job with the same id) and schedule its pending transitions."""
        previous = self.jobs.get(job.id)
        if previous is not None:
            self._newest_first.remove(previous)
        self.jobs[job.id] = job
        order = self._newest_first
        if not order or (job.created_at, job.seq) >= (order[0].created_at, order[0].seq):
            order.insert(0, job)
        else:
            order.append(job)
            self._order_dirty = True
        self.version += 1
        self._schedule(job)

    def get(self, job_id: str) -> Job | None:
        """Return the job with this canonical id, if any."""
        return self.jobs.get(job_id)

    # --- listing -------------------------------------------------------------------------------------------------

    def list_body(self, query: ListQuery, caller: str) -> bytes:
        """Return the encoded ``JobsOut`` for ``query``, reusing the last answer when nothing changed."""
        key = (query, caller if query.created_by_me else None)
        cached = self._list_cache.get(key)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        if self._order_dirty:
            self._newest_first.sort(key=lambda job: (job.created_at, job.seq), reverse=True)
            self._order_dirty = False
        if _unfiltered(query):
            matches = self._newest_first
        else:
            matches = [job for job in self._newest_first if _matches(job, query, caller)]
        page: list[Job] = []
        if query.page >= 0 and query.page_size > 0:
            first = query.page * query.page_size
            page = matches[first : first + query.page_size]
        body = b"".join(
            (
                b'{"data":[',
                b",".join([job.summary_bytes() for job in page]),
                b'],"object":"list","total":',
                str(len(matches)).encode(),
                b"}",
            )
        )
        if len(self._list_cache) >= _LIST_CACHE_LIMIT:
            self._list_cache.clear()
        self._list_cache[key] = (self.version, body)
        return body


def _unfiltered(query: ListQuery) -> bool:
    return (
        query.model is None
        and query.created_after is None
        and query.created_before is None
        and not query.created_by_me
        and query.status is None
        and query.wandb_project is None
        and query.wandb_name is None
        and query.suffix is None
    )


def _matches(job: Job, query: ListQuery, caller: str) -> bool:
    request = job.request
    if query.model is not None and request.model != query.model:
        return False
    if query.created_after is not None and job.created_at < query.created_after:
        return False
    if query.created_before is not None and job.created_at >= query.created_before:
        return False
    if query.created_by_me and job.owner not in (caller, EVERYONE):
        return False
    if query.status is not None and job.status != query.status:
        return False
    if query.wandb_project is not None and all(i["project"] != query.wandb_project for i in request.integrations):
        return False
    if query.wandb_name is not None and all(i["name"] != query.wandb_name for i in request.integrations):
        return False
    return query.suffix is None or request.suffix == query.suffix
