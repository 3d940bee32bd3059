"""The collection of jobs: lookup, due transitions, filtering and paging, and the list-response cache.

How each list filter selects jobs is written once, in ``LIST_FILTERS``; which filters exist, their types and
defaults come from the spec (see ``_spec``). Not thread-safe by itself; the application layer serializes every
call under one lock.
"""

from __future__ import annotations

import heapq
import itertools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._clock import SimClock
from ._jobs import BAD_FILE_REASON, EVERYONE, NO_TARGETS_REASON, Job, LifecycleTiming
from ._models import FineTunedModel
from ._validate import JobRequest

_LIST_CACHE_LIMIT: Final = 256

Filter = Callable[[Job, Any, str], bool]
"""Whether a job passes a filter: ``(job, the filter's validated value, the caller's token) -> bool``."""


def _wandb_has(field: str) -> Filter:
    def matches(job: Job, value: Any, _caller: str) -> bool:
        return any(integration[field] == value for integration in job.request.integrations)

    return matches


LIST_FILTERS: Final[Mapping[str, Filter]] = {
    "model": lambda job, value, _caller: job.request.model == value,
    "created_after": lambda job, value, _caller: job.created_at >= value,  # inclusive
    "created_before": lambda job, value, _caller: job.created_at < value,  # exclusive
    "created_by_me": lambda job, value, caller: not value or job.owner in (caller, EVERYONE),
    "status": lambda job, value, _caller: job.status == value,
    "wandb_project": _wandb_has("project"),
    "wandb_name": _wandb_has("name"),
    "suffix": lambda job, value, _caller: job.request.suffix == value,
}
"""How each list filter of the spec selects jobs, by query parameter name.

A filter is applied only when the request gives it a value other than its default (``created_by_me=false`` and an
absent filter select everything). Dates arrive as Unix seconds, the status as its string.
"""
LIST_PAGING: Final = frozenset({"page", "page_size"})
"""The list parameters that page the answer rather than filter it."""


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A validated list request: the page, and the filters that have a non-default value, in the spec's order."""

    page: int = 0
    page_size: int = 100
    filters: tuple[tuple[str, Any], ...] = ()


class JobStore:
    """Every job the fake server knows, newest first, with transitions applied lazily from the clock."""

    def __init__(self, clock: SimClock, timing: LifecycleTiming) -> None:
        self.clock = clock
        self.timing = timing
        self.bad_files: set[str] = set()
        self.reset()

    def reset(self) -> None:
        """Forget every job, bad file, fine-tuned model and cached answer."""
        self.jobs: dict[str, Job] = {}
        self.models: dict[str, FineTunedModel] = {}
        self._made_models: set[str] = set()  # jobs whose model exists or existed: a deleted one does not come back
        self.bad_files.clear()
        self.version = 0
        self._seq = 0
        self._newest_first: list[Job] = []
        self._order_dirty = False
        self._due: list[tuple[float, int, Job]] = []
        self._tiebreak = itertools.count()
        self._list_cache: dict[tuple[ListQuery, str], tuple[int, bytes]] = {}

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
                if job.fine_tuned_model is not None:
                    self._made(job)
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

    def _made(self, job: Job) -> None:
        """Record the model a job that reached SUCCESS made, once."""
        if job.id not in self._made_models and job.fine_tuned_model is not None:
            self._made_models.add(job.id)
            self.models[job.fine_tuned_model] = FineTunedModel(job.fine_tuned_model, job, job.modified_at)

    def new_job(
        self,
        request: JobRequest,
        owner: str | None,
        now: float,
        job_id: str | None = None,
        *,
        data_problem: str | None = None,
    ) -> Job:
        """Build (but do not add) a job for ``request``.

        Its validation will fail if it uses a training file marked bad, if ``data_problem`` says what is wrong
        with its files, or if it is a classifier job without classifier targets (the spec lets the request
        through; the job cannot be trained).
        """
        self._seq += 1
        reason = None
        if any(file_id in self.bad_files for file_id in request.training_files):
            reason = BAD_FILE_REASON
        elif data_problem is not None:
            reason = data_problem
        elif request.job_type == "classifier" and not request.classifier_targets:
            reason = NO_TARGETS_REASON
        return Job(
            job_id or str(uuid.uuid4()),
            self._seq,
            request,
            owner=owner,
            created_at=now,
            timing=self.timing,
            failure_reason=reason,
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
        if job.fine_tuned_model is not None:
            self._made(job)

    def get(self, job_id: str) -> Job | None:
        """Return the job with this canonical id, if any."""
        return self.jobs.get(job_id)

    # --- listing -------------------------------------------------------------------------------------------------

    def list_body(self, query: ListQuery, caller: str) -> bytes:
        """Return the encoded ``JobsOut`` for ``query``, reusing the last answer when nothing changed."""
        key = (query, caller)  # created_by_me makes an answer depend on who asks
        cached = self._list_cache.get(key)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        if self._order_dirty:
            self._newest_first.sort(key=lambda job: (job.created_at, job.seq), reverse=True)
            self._order_dirty = False
        if not query.filters:
            matches = self._newest_first
        else:
            tests = [(LIST_FILTERS[name], value) for name, value in query.filters]
            matches = [job for job in self._newest_first if all(test(job, value, caller) for test, value in tests)]
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
