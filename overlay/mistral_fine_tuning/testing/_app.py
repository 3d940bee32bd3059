"""The API itself, free of sockets: route a request, check its credentials, run the operation, return a Reply.

Error answers (all ``application/json``):

- 401 ``{"detail": "Unauthorized"}`` (plus ``www-authenticate: Bearer``) without a usable bearer token;
- 404 ``{"detail": "Not Found"}`` for an unknown path, ``{"detail": "No fine-tuning job with id ..."}``
  for an unknown job;
- 405 ``{"detail": "Method Not Allowed"}`` (plus ``allow``) for a known path with the wrong method;
- 409 ``{"detail": "..."}`` when cancel or start does not fit the job's status;
- 422 ``{"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}`` for invalid bodies, query parameters and
  job ids that are not UUIDs (``loc: ["path", "job_id"]``), as FastAPI reports them.

Routing happens before authentication, so a wrong path is a 404 even without credentials.
"""

from __future__ import annotations

import hmac
import random
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, unquote

from ._clock import SimClock
from ._jobs import CANCELLABLE, EVERYONE, FINISHED, Job, LifecycleTiming, encode, estimate
from ._seed import EXAMPLES, bulk_job, bulk_status
from ._state import JobStore
from ._validate import (
    JOB_STATUSES,
    RequestInvalid,
    decode_json_body,
    error,
    parse_flag,
    parse_uuid,
    validate_job_in,
    validate_list_query,
)

JOBS_PATH: Final = "/v1/fine_tuning/jobs"
_JOB_PREFIX: Final = JOBS_PATH + "/"
_ACTIONS: Final = frozenset({"cancel", "start"})

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


def _invalid(errors: list[dict[str, Any]]) -> Reply:
    return Reply(422, encode({"detail": errors}))


Operation = Callable[[str, dict[str, str], str, bytes], Reply]


class App:
    """The fake fine-tuning API: one lock around one job store."""

    def __init__(self, api_key: str | None, clock: SimClock, timing: LifecycleTiming) -> None:
        self.api_key = api_key
        self.clock = clock
        self.timing = timing
        self.lock = threading.Lock()
        self.store = JobStore(clock, timing)

    # --- dispatch ------------------------------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: str, authorization: str | None, body: bytes) -> Reply:
        """Answer one request. ``path`` excludes the query string; ``query`` is the raw query string."""
        job_id = ""
        operation: Operation
        if path == JOBS_PATH:
            if method == "GET":
                operation = self._list
            elif method == "POST":
                operation = self._create
            else:
                return Reply(405, _NOT_ALLOWED, (("allow", "GET, POST"),))
        elif path.startswith(_JOB_PREFIX):
            job_id, slash, action = path[len(_JOB_PREFIX) :].partition("/")
            if not job_id or (slash and action not in _ACTIONS):
                return Reply(404, _NOT_FOUND)
            allowed = "POST" if slash else "GET"
            if method != allowed:
                return Reply(405, _NOT_ALLOWED, (("allow", allowed),))
            operation = self._get if not slash else self._cancel if action == "cancel" else self._start
            job_id = unquote(job_id)
        else:
            return Reply(404, _NOT_FOUND)
        caller = self._caller(authorization)
        if caller is None:
            return Reply(401, _UNAUTHORIZED, (("www-authenticate", "Bearer"),))
        params = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
        try:
            return operation(job_id, params, caller, body)
        except RequestInvalid as exc:
            return _invalid(exc.errors)

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

    def _list(self, _job_id: str, params: dict[str, str], caller: str, _body: bytes) -> Reply:
        query = validate_list_query(params)
        with self.lock:
            self.store.settle()
            return Reply(200, self.store.list_body(query, caller))

    def _create(self, _job_id: str, params: dict[str, str], caller: str, body: bytes) -> Reply:
        dry_run = parse_flag(params, "dry_run")
        request = validate_job_in(decode_json_body(body))
        if dry_run:
            guess = estimate(request, self.timing)
            now = self.clock.now()
            answer = guess.metadata(int(now + self.timing.queued + self.timing.validating))
            answer.update(
                deprecated=True,
                details=(
                    "Dry run: no job was created. The figures assume "
                    f"{guess.data_tokens} tokens of training data and {guess.training_steps} training steps."
                ),
                epochs=guess.epochs,
                training_steps=guess.training_steps,
                object="job.metadata",
            )
            return Reply(200, encode(answer))
        with self.lock:
            now = self.store.settle()
            job = self.store.new_job(request, caller, now)
            job.begin(now)
            self.store.add(job)
            return Reply(200, job.summary_bytes())

    def _find(self, job_id: str) -> Job:
        """Return the job, settled to now; raise _Answer for a malformed or unknown id. Call under the lock."""
        self.store.settle()
        job = self.store.get(job_id)
        if job is not None:
            return job
        canonical = parse_uuid(job_id)
        if canonical is None:
            raise RequestInvalid(
                [
                    error(
                        "uuid_parsing",
                        ("path", "job_id"),
                        "Input should be a valid UUID, unable to parse string as a UUID",
                        job_id,
                    )
                ]
            )
        job = self.store.get(canonical)
        if job is None:
            raise _Answer(_detail(404, f"No fine-tuning job with id {canonical}"))
        return job

    def _get(self, job_id: str, _params: dict[str, str], _caller: str, _body: bytes) -> Reply:
        with self.lock:
            try:
                return Reply(200, self._find(job_id).detail_bytes())
            except _Answer as answer:
                return answer.reply

    def _cancel(self, job_id: str, _params: dict[str, str], _caller: str, _body: bytes) -> Reply:
        with self.lock:
            try:
                job = self._find(job_id)
            except _Answer as answer:
                return answer.reply
            if job.status in CANCELLABLE:
                job.cancel(self.clock.now())
                self.store.touched(job)
            elif job.status in FINISHED:
                return _detail(409, f"Job {job.id} has already finished ({job.status}) and cannot be cancelled")
            # A job already being cancelled is answered as is, so retried cancels are harmless.
            return Reply(200, job.detail_bytes())

    def _start(self, job_id: str, _params: dict[str, str], _caller: str, _body: bytes) -> Reply:
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
            request = validate_job_in(dict(body))
        except RequestInvalid as exc:
            raise ValueError(f"invalid job: {exc.errors}") from None
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


class _Answer(Exception):
    """Carries a finished error Reply out of a helper."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply
