"""The API itself, free of sockets: route a request, check its credentials, run the operation, return a Reply.

Routes come from the generated route table (``ROUTES``: operation name, method, path template, in the spec's
order); each operation the fake simulates has a handler registered under its name (``IMPLEMENTED_OPERATIONS``).
Path and query parameters and bodies are validated against the spec's schemas (``REQUESTS``, see ``_validate``);
how list filters select jobs is ``_state.LIST_FILTERS``.

Answers other than 200 (all ``application/json``):

- 401 ``{"detail": "Unauthorized"}`` (plus ``www-authenticate: Bearer``) without a usable bearer token;
- 404 ``{"detail": "Not Found"}`` for a path no route matches, ``{"detail": "No fine-tuning job with id ..."}``
  for an unknown job;
- 405 ``{"detail": "Method Not Allowed"}`` (plus ``allow``) for a known path with another method;
- 409 ``{"detail": "..."}`` when cancel or start does not fit the job's status;
- 422 ``{"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}`` for invalid bodies, query parameters and
  job ids that are not UUIDs (``loc: ["path", "job_id"]``), as FastAPI reports them;
- 501 ``{"detail": "..."}`` for what the spec allows but the fake does not simulate: an operation without a handler
  (``"<METHOD> <template> is in the API spec but the fake server does not implement it"``), a list filter without
  an entry in ``LIST_FILTERS`` given a non-default value, a job type without a job model.

Routing happens before authentication (a wrong path is a 404 even without credentials), as in FastAPI, and the
path is percent-decoded before it is matched, as Starlette does.
"""

from __future__ import annotations

import hmac
import random
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, unquote

from ._clock import SimClock
from ._jobs import EVERYONE, FINISHED, NO_TARGETS_REASON, Job, LifecycleTiming, cancellable, encode, estimate
from ._seed import EXAMPLES, bulk_job, bulk_status
from ._spec import CREATE_OPERATION, JOB_STATUSES, LIST_OPERATION, ROUTES
from ._state import LIST_FILTERS, LIST_PAGING, JobStore, ListQuery
from ._validate import (
    REQUESTS,
    ErrorDetail,
    NotImplementedByFake,
    RequestInvalid,
    RequestValidator,
    bounded_errors,
    decode_json_body,
    parse_uuid,
    validate_job_in,
)

__all__ = ["IMPLEMENTED_OPERATIONS", "LIST_FILTERS", "LIST_PAGING", "App", "Reply", "Router"]


_UNAUTHORIZED: Final = encode({"detail": "Unauthorized"})
_NOT_FOUND: Final = encode({"detail": "Not Found"})
_NOT_ALLOWED: Final = encode({"detail": "Method Not Allowed"})


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer to send: status, JSON body, and extra headers."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _detail(status: int, message: str) -> Reply:
    return Reply(status, encode({"detail": message}))


def _invalid(errors: list[ErrorDetail]) -> Reply:
    # Pydantic echoes inputs whole; past a depth the encoder cannot follow, so every echo is cut at the same depth.
    return Reply(422, encode({"detail": bounded_errors(errors)}))


# --- routing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """What a path matched: the route's template, its methods (name per method) and the path parameters."""

    template: str
    operations: Mapping[str, str]
    allow: str
    params: Mapping[str, str]


class Router:
    """Matches decoded paths against path templates such as ``/v1/fine_tuning/jobs/{job_id}/cancel``."""

    def __init__(self, routes: Sequence[tuple[str, str, str]]) -> None:
        grouped: dict[str, dict[str, str]] = {}
        for operation, method, template in routes:
            grouped.setdefault(template, {})[method.upper()] = operation
        self._literal: dict[str, Match] = {}
        self._patterns: list[tuple[re.Pattern[str], str, dict[str, str], str]] = []
        for template, operations in grouped.items():
            allow = ", ".join(operations)
            parts = re.split(r"\{([^{}]+)\}", template)
            if len(parts) == 1:
                self._literal[template] = Match(template, operations, allow, {})
                continue
            # Even parts are literal text, odd ones parameter names; a parameter is one non-empty path segment.
            pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
            self._patterns.append((re.compile(pattern), template, operations, allow))

    def match(self, path: str) -> Match | None:
        """Return the route ``path`` (percent-decoded, without its query) falls under, or None."""
        literal = self._literal.get(path)
        if literal is not None:
            return literal
        for pattern, template, operations, allow in self._patterns:
            found = pattern.fullmatch(path)
            if found is not None:
                return Match(template, operations, allow, found.groupdict())
        return None


@dataclass(frozen=True, slots=True)
class Request:
    """What a handler gets: path parameters, query parameters (every value of each key, in order), the caller's
    token, the body and its type."""

    path: Mapping[str, str]
    query: Mapping[str, list[str]]
    caller: str
    body: bytes
    content_type: str | None = None


Handler = Callable[["App", Request], Reply]

_HANDLERS: dict[str, Handler] = {}


def _handles(operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated method as the handler of the generated operation named ``operation``."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[operation] = handler
        return handler

    return register


# --- the application -----------------------------------------------------------------------------------------------


class App:
    """The fake fine-tuning API: one lock around one job store."""

    def __init__(
        self,
        api_key: str | None,
        clock: SimClock,
        timing: LifecycleTiming,
        *,
        routes: Sequence[tuple[str, str, str]] = ROUTES,
    ) -> None:
        self.api_key = api_key
        self.clock = clock
        self.timing = timing
        self.lock = threading.Lock()
        self.store = JobStore(clock, timing)
        self.router = Router(routes)

    # --- dispatch ------------------------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: str,
        authorization: str | None,
        body: bytes,
        content_type: str | None = None,
    ) -> Reply:
        """Answer one request. ``path`` is the raw request path (without the query); ``query`` the raw query."""
        match = self.router.match(unquote(path))
        if match is None:
            return Reply(404, _NOT_FOUND)
        operation = match.operations.get(method)
        if operation is None:
            return Reply(405, _NOT_ALLOWED, (("allow", match.allow),))
        handler = _HANDLERS.get(operation)
        if handler is None:
            return _detail(
                501, f"{method} {match.template} is in the API spec but the fake server does not implement it"
            )
        caller = self._caller(authorization)
        if caller is None:
            return Reply(401, _UNAUTHORIZED, (("www-authenticate", "Bearer"),))
        params: dict[str, list[str]] = {}
        if query:
            for key, value in parse_qsl(query, keep_blank_values=True):
                params.setdefault(key, []).append(value)  # a repeated key is an array parameter's values
        try:
            return handler(self, Request(match.params, params, caller, body, content_type))
        except RequestInvalid as exc:
            return _invalid(exc.errors)
        except NotImplementedByFake as exc:
            return _detail(501, exc.message)

    def _caller(self, authorization: str | None) -> str | None:
        """Return the bearer token if it is acceptable, else None."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        if self.api_key is not None and not hmac.compare_digest(token.encode(), self.api_key.encode()):
            return None
        return token

    # --- operations ----------------------------------------------------------------------------------------------

    @_handles(LIST_OPERATION)
    def _list(self, request: Request) -> Reply:
        query = list_query(REQUESTS[LIST_OPERATION], request.query)
        with self.lock:
            self.store.settle()
            return Reply(200, self.store.list_body(query, request.caller))

    @_handles(CREATE_OPERATION)
    def _create(self, incoming: Request) -> Reply:
        # FastAPI reports query and body errors together, query first.
        errors: list[ErrorDetail] = []
        dry_run = False
        try:
            dry_run = bool(REQUESTS[CREATE_OPERATION].query(incoming.query).get("dry_run"))
        except RequestInvalid as exc:
            errors = exc.errors
        try:
            request = validate_job_in(decode_json_body(incoming.body, incoming.content_type), REQUESTS)
        except RequestInvalid as exc:
            raise RequestInvalid(errors + exc.errors) from None
        if errors:
            raise RequestInvalid(errors)
        if dry_run:
            guess = estimate(request, self.timing)
            now = self.clock.now()
            answer = guess.metadata(int(now + self.timing.queued + self.timing.validating))
            details = (
                "Dry run: no job was created. The figures assume "
                f"{guess.data_tokens} tokens of training data and {guess.training_steps} training steps."
            )
            if request.job_type == "classifier" and not request.classifier_targets:
                details += f" The job would fail validation: {NO_TARGETS_REASON}"
            answer.update(
                deprecated=True,
                details=details,
                epochs=guess.epochs,
                training_steps=guess.training_steps,
                object="job.metadata",
            )
            return Reply(200, encode(answer))
        with self.lock:
            now = self.store.settle()
            job = self.store.new_job(request, incoming.caller, now)
            job.begin(now)
            self.store.add(job)
            return Reply(200, job.summary_bytes())

    def _job_id(self, request: Request, operation: str) -> str:
        """The request's job id, checked against the operation's path parameters (raises RequestInvalid)."""
        job_id = request.path["job_id"]
        if job_id in self.store.jobs:
            return job_id  # an id the fake made or checked is valid for the spec: the common case skips the check
        return str(REQUESTS[operation].path(request.path)["job_id"])

    def _find(self, job_id: str) -> Job:
        """Return the job with this (validated) id, settled to now; raise for an unknown one. Call under the lock."""
        self.store.settle()
        job = self.store.get(job_id)
        if job is None:
            raise _Answer(_detail(404, f"No fine-tuning job with id {job_id}"))
        return job

    @_handles("jobs_api_routes_fine_tuning_get_fine_tuning_job")
    def _get(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_get_fine_tuning_job")
        with self.lock:
            try:
                return Reply(200, self._find(job_id).detail_bytes())
            except _Answer as answer:
                return answer.reply

    @_handles("jobs_api_routes_fine_tuning_cancel_fine_tuning_job")
    def _cancel(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_cancel_fine_tuning_job")
        with self.lock:
            try:
                job = self._find(job_id)
            except _Answer as answer:
                return answer.reply
            if job.status in FINISHED:
                return _detail(409, f"Job {job.id} has already finished ({job.status}) and cannot be cancelled")
            if cancellable(job.status):
                job.cancel(self.clock.now())
                self.store.touched(job)
            # A job already being cancelled is answered as is, so retried cancels are harmless.
            return Reply(200, job.detail_bytes())

    @_handles("jobs_api_routes_fine_tuning_start_fine_tuning_job")
    def _start(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_start_fine_tuning_job")
        with self.lock:
            try:
                job = self._find(job_id)
            except _Answer as answer:
                return answer.reply
            if job.status != "VALIDATED":
                return _detail(409, f"Job {job.id} is {job.status}; only a VALIDATED job can be started")
            job.start(self.clock.now())
            self.store.touched(job)
            return Reply(200, job.detail_bytes())

    # --- preloading ----------------------------------------------------------------------------------------------

    def preload(
        self,
        body: Mapping[str, Any],
        *,
        job_id: str | None,
        status: str,
        created_at: float | None,
        created_by_me: bool,
    ) -> str:
        """Add a job built from a create ``body`` that has already reached ``status``; return its id."""
        if status not in JOB_STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(JOB_STATUSES)}")
        canonical = None
        if job_id is not None:
            canonical = parse_uuid(job_id)
            if canonical is None:
                raise ValueError(f"job_id must be a UUID, got {job_id!r}")
        try:
            request = validate_job_in(dict(body), REQUESTS)
        except RequestInvalid as exc:
            raise ValueError(f"invalid job: {exc.errors}") from None
        except NotImplementedByFake as exc:
            raise ValueError(exc.message) from None
        with self.lock:
            now = self.store.settle()
            job = self.store.new_job(request, EVERYONE if created_by_me else None, now, canonical)
            job.preload(status, created_at, now)
            self.store.add(job)
            job.summary_bytes()  # encode now, so the first list request is not an outlier in benchmarks
            return job.id

    def preload_many(
        self,
        count: int,
        *,
        status: str | None,
        job_type: str | None,
        model: str | None,
        created_by_me: bool,
        seed: int,
    ) -> list[str]:
        """Add ``count`` realistic jobs, one every 17 simulated minutes going back from now; return their ids."""
        rng = random.Random(seed)
        now = self.clock.now()
        ids: list[str] = []
        for index in range(count):
            job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            ids.append(
                self.preload(
                    bulk_job(rng, index, job_type, model),
                    job_id=job_id,
                    status=status or bulk_status(rng),
                    created_at=now - 3600 - (count - 1 - index) * 1020,
                    created_by_me=created_by_me,
                )
            )
        return ids

    def preload_examples(self) -> None:
        """Add the jobs whose ids appear in the documentation's examples."""
        for example in EXAMPLES:
            self.preload(
                example.body, job_id=example.job_id, status=example.status, created_at=None, created_by_me=True
            )

    def mark_bad_files(self, file_ids: Sequence[str]) -> None:
        """Make validation fail for jobs created from now on with any of these training files."""
        with self.lock:
            for file_id in file_ids:
                self.store.bad_files.add(parse_uuid(file_id) or file_id)

    def reset(self) -> None:
        """Forget every job and bad file."""
        with self.lock:
            self.store.reset()


IMPLEMENTED_OPERATIONS: Final[frozenset[str]] = frozenset(_HANDLERS)
"""The generated operation names (operationIds) the fake has a handler for."""


def list_query(validator: RequestValidator, raw: Mapping[str, list[str]]) -> ListQuery:
    """Validate the list query and keep the filters whose value differs from their default.

    Raises RequestInvalid for bad values and NotImplementedByFake for a filter of the spec that has no entry in
    ``LIST_FILTERS`` but was given a non-default value: such a filter must not be silently ignored.
    """
    values = validator.query(raw)
    defaults = validator.query_defaults
    filters: list[tuple[str, Any]] = []
    for name, value in values.items():
        if name in LIST_PAGING or value == defaults[name]:
            continue
        if name not in LIST_FILTERS:
            raise NotImplementedByFake(
                f"The list filter {name} is in the API spec but the fake server does not implement it"
            )
        # An array filter's values become a tuple: the query is a key of the list cache.
        filters.append((name, tuple(value) if isinstance(value, list) else value))
    return ListQuery(page=values.get("page", 0), page_size=values.get("page_size", 100), filters=tuple(filters))


class _Answer(Exception):
    """Carries a finished error Reply out of a helper."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply
