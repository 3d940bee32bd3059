"""The server object: HTTP on loopback (see ``_http``), fault injection, the request log and timing stats."""

from __future__ import annotations

import json
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import TracebackType
from typing import Any, Final, Self, TypedDict
from urllib.parse import parse_qsl, unquote

from ._app import App
from ._clock import SimClock
from ._faults import Fault, FaultKind, FaultQueue
from ._files import DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_TOTAL_SIZE
from ._http import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_READ_TIMEOUT,
    Answer,
    Delayed,
    HTTPRequest,
    HTTPServer,
    Limits,
    Refusal,
)
from ._jobs import LifecycleTiming, encode
from ._multipart import MAX_PART_HEAD
from ._spec import ROUTES, UPLOAD_OPERATION
from ._validate import JobStatus, JobType

_UPLOAD_PATH: Final = next(template for name, _, template in ROUTES if name == UPLOAD_OPERATION)
_FORM_OVERHEAD: Final = 4 * MAX_PART_HEAD + (1 << 20)
"""What an upload's body may hold beside the file itself: part headers, boundaries and the small text fields."""

_JSON: Final = "application/json"
_INTERNAL_ERROR: Final = encode({"detail": "Internal Server Error"})


class ServerStats(TypedDict):
    """What ``FakeMistralServer.stats()`` returns."""

    requests: int
    """Requests answered (or dropped) since the last reset."""
    handler_seconds: float
    """The server's own time spent on them, in seconds."""
    connections: int
    """TCP connections accepted since the last reset (a client that keeps its connections alive opens few)."""


@dataclass(slots=True)
class RecordedRequest:
    """One request as the server received it. The Authorization value is redacted to its scheme.

    Requests refused before they reach the API (malformed, too large, too slow) are recorded with the status they
    got and an empty body; their method and path are empty when the request line itself could not be read.
    """

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int | None = None
    """The status answered, or None if the connection was dropped."""
    fault: FaultKind | None = None
    """The kind of fault injected into this request, if any."""
    received_at: float = field(default_factory=time.time)

    @property
    def params(self) -> dict[str, str]:
        """The query parameters (the last value wins when one is repeated)."""
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def header(self, name: str) -> str | None:
        """Return a header's value by case-insensitive name, or None."""
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """Decode the body as JSON."""
        return json.loads(self.body)


class FakeMistralServer:
    """A local stand-in for Mistral's fine-tuning jobs API, served over HTTP on 127.0.0.1.

    Use it as a context manager (``with FakeMistralServer() as server: ...``) or call ``start()`` and ``stop()``.
    ``server_url`` is ``http://127.0.0.1:<port>`` once started; point a client's base URL at it.

    Every request gets a JSON answer, however malformed (see ``mistral_fine_tuning.testing``); only an injected
    ``Fault.drop_connection`` closes a connection without one. A bug of the fake itself answers 500
    ``{"detail": "Internal Server Error"}`` and leaves its traceback in ``internal_errors``, never on stderr.

    All connections are served by one event loop in one background thread, however many there are, and an injected
    ``Fault.delay`` holds up only its own request. At most ``max_connections`` (512 by default) are open at once. A
    connection arriving at the cap closes the one idle the longest (between requests, or connected and silent) if it
    has been idle for a tenth of a second; otherwise the newcomer gets an immediate 503 ``{"detail": ...}`` with
    ``retry-after: 1`` and is closed. Keep the cap below the process's file descriptor limit (``ulimit -n``, often
    1024), with room for the rest of the process: when descriptors run out the server closes idle connections to
    free some, or stops accepting for half a second at a time.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        speed: float = 1.0,
        seed_examples: bool = False,
        timing: LifecycleTiming | None = None,
        record_requests: bool = True,
        request_log_size: int = 1000,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        max_total_file_size: int = DEFAULT_MAX_TOTAL_SIZE,
    ) -> None:
        """Configure the server; nothing listens until ``start()``.

        Args:
            host: Interface to bind; keep the default loopback address unless you know why not.
            port: TCP port; 0 picks a free one.
            api_key: The only bearer token accepted, or None to accept any non-empty token.
            speed: Simulated seconds per real second for job lifecycles (see ``LifecycleTiming``).
            seed_examples: Preload the three jobs used in the documentation's examples.
            timing: Durations of the lifecycle steps; the defaults are described on ``LifecycleTiming``.
            record_requests: Keep a log of received requests in ``requests`` (turn off for benchmarks).
            request_log_size: How many recent requests the log keeps.
            max_body_size: The largest request body accepted, in bytes (default 1 MiB). A larger one, declared by
                ``Content-Length`` or received in chunks, is answered 413 before it is read, and the connection
                is closed.
            read_timeout: Seconds a request may take to arrive in full, from its first byte (default 5). A slower
                one is answered 408 and its connection closed.
            idle_timeout: Seconds a keep-alive connection may wait for the first byte of its next request before
                it is closed without an answer (default 60; None waits forever). An answer the client leaves unread
                that long also closes the connection.
            max_connections: How many connections may be open at once (default 512); see the class description
                for what happens to one more.
            max_file_size: The largest file an upload may store, in bytes (default 512 MiB, the API's limit). The
                upload route takes bodies this large plus room for the form around the file; a larger file is
                answered 413.
            max_total_file_size: How many bytes all stored files may take together (default 1 GiB; they are kept
                in memory). An upload that would go over is answered 413.
        """
        if max_body_size < 0 or read_timeout <= 0 or (idle_timeout is not None and idle_timeout <= 0):
            raise ValueError("max_body_size must be >= 0 and the timeouts > 0")
        if max_file_size < 0 or max_total_file_size < 0:
            raise ValueError("max_file_size and max_total_file_size must be >= 0")
        if max_connections < 1:
            raise ValueError("max_connections must be >= 1")
        self.host = host
        self.port = port
        self.timing = timing or LifecycleTiming()
        self._clock = SimClock(speed)
        self._app = App(
            api_key,
            self._clock,
            self.timing,
            max_file_size=max_file_size,
            max_total_file_size=max_total_file_size,
        )
        self._upload_body_size = max(max_body_size, max_file_size + _FORM_OVERHEAD)
        self._faults = FaultQueue()
        self._seed_examples = seed_examples
        self.record_requests = record_requests
        self._log: deque[RecordedRequest] = deque(maxlen=request_log_size)
        self._stats_lock = threading.Lock()
        self._requests_served = 0
        self._handler_seconds = 0.0
        self._connections_accepted = 0
        self._limits = Limits(max_body_size, read_timeout, idle_timeout)
        self._max_connections = max_connections
        self._internal_errors: deque[str] = deque(maxlen=100)
        self._http_errors: deque[str] = deque(maxlen=100)  # the last run's, kept after stop
        self._httpd: HTTPServer | None = None
        self._stopping = threading.Event()
        if seed_examples:
            self._app.preload_examples()

    # --- running -------------------------------------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        """The base URL to give a client, e.g. ``http://127.0.0.1:54321``. Raises RuntimeError before start."""
        if self._httpd is None:
            raise RuntimeError("the server is not running; call start() or use it as a context manager")
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        """Bind and serve in a daemon thread; returns the server itself. Does nothing if already running."""
        if self._httpd is not None:
            return self
        self._stopping = threading.Event()
        httpd = HTTPServer(
            (self.host, self.port),
            limits=self._limits,
            max_connections=self._max_connections,
            respond=self._answer,
            refuse=self._refuse,
            on_connection=self._count_connection,
            body_limit=self._body_limit,
        )
        self.port = httpd.address[1]
        self._app.base_url = f"http://{self.host}:{self.port}"
        self._http_errors = httpd.errors
        httpd.start()
        self._httpd = httpd
        return self

    def stop(self) -> None:
        """Stop serving, close open connections (idle or mid-request) and release the port. Safe to call twice."""
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        httpd.stop()
        self._httpd = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until ``stop()`` is called from another thread (or Ctrl-C)."""
        self.start()
        try:
            while not self._stopping.wait(0.5):
                pass
        finally:
            self.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # --- the simulated clock -------------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward by ``seconds``; due lifecycle steps happen on the next read."""
        self._clock.advance(seconds)

    def now(self) -> float:
        """The current simulated Unix time."""
        return self._clock.now()

    @property
    def speed(self) -> float:
        """Simulated seconds per real second."""
        return self._clock.speed

    @speed.setter
    def speed(self, value: float) -> None:
        self._clock.set_speed(value)

    # --- jobs ----------------------------------------------------------------------------------------------------

    def add_job(
        self,
        job_id: str | None = None,
        *,
        status: JobStatus = "SUCCESS",
        job_type: JobType = "completion",
        model: str | None = None,
        created_at: float | None = None,
        created_by_me: bool = True,
        auto_start: bool = False,
        suffix: str | None = None,
        hyperparameters: Mapping[str, Any] | None = None,
        training_files: Sequence[str] | None = None,
        validation_files: Sequence[str] | None = None,
        integrations: Sequence[Mapping[str, Any]] | None = None,
        repositories: Sequence[Mapping[str, Any]] | None = None,
        classifier_targets: Sequence[Mapping[str, Any]] | None = None,
    ) -> str:
        """Preload a job that has already reached ``status``, with a plausible history of events and checkpoints.

        Unfinished jobs carry on from now on the simulated clock (a RUNNING job keeps training, a VALIDATED job
        waits for ``start`` unless ``auto_start``). Items of ``integrations``, ``repositories`` and
        ``classifier_targets`` have the create body's shapes (with ``api_key`` / ``token``). Defaults: model
        ``open-mistral-7b`` (``ministral-3b-latest`` for classifiers), 10 training steps, one random training
        file, and one classifier target for classifier jobs.

        Args:
            job_id: A UUID for the job; a random one when None. An existing job with this id is replaced.
            status: The status the job has reached.
            created_at: Unix seconds; by default just long enough ago for the history to fit.
            created_by_me: Whether the job matches ``created_by_me=true`` for every caller.

        Returns:
            The job's id.

        Raises:
            ValueError: If the id is not a UUID, the status is unknown, or the fields would fail validation.
        """
        body: dict[str, Any] = {
            "model": model or ("ministral-3b-latest" if job_type == "classifier" else "open-mistral-7b"),
            "job_type": job_type,
            "auto_start": auto_start,
            "suffix": suffix,
            "hyperparameters": dict(hyperparameters or {"training_steps": 10, "learning_rate": 0.0001}),
            "training_files": [{"file_id": file_id, "weight": 1.0} for file_id in training_files or ()]
            or [{"file_id": str(uuid.uuid4()), "weight": 1.0}],
            "validation_files": list(validation_files or ()),
            "integrations": [dict(item) for item in integrations or ()],
            "repositories": [dict(item) for item in repositories or ()],
        }
        if job_type == "classifier":
            body["classifier_targets"] = [dict(item) for item in classifier_targets or ()] or [
                {"name": "label", "labels": ["negative", "positive"], "weight": 1.0}
            ]
        return self._app.preload(body, job_id=job_id, status=status, created_at=created_at, created_by_me=created_by_me)

    def add_jobs(
        self,
        count: int,
        *,
        status: JobStatus | None = None,
        job_type: JobType | None = None,
        model: str | None = None,
        created_by_me: bool = True,
        seed: int = 0,
    ) -> list[str]:
        """Preload ``count`` realistic jobs with every optional field filled, deterministically from ``seed``.

        Jobs are spaced 17 simulated minutes apart, the newest an hour ago. With ``status=None`` the statuses are
        a mix that does not change with time (mostly SUCCESS, some FAILED, CANCELLED, FAILED_VALIDATION and
        VALIDATED); with ``job_type=None`` one job in five is a classifier. Returns the ids, oldest first.
        """
        return self._app.preload_many(
            count, status=status, job_type=job_type, model=model, created_by_me=created_by_me, seed=seed
        )

    def load_examples(self) -> None:
        """Preload the documentation's example jobs (as ``seed_examples=True`` does)."""
        self._app.preload_examples()

    def get_job(self, job_id: str) -> dict[str, Any]:
        """Return a job as ``GET /v1/fine_tuning/jobs/{job_id}`` would (decoded); raises KeyError if unknown."""
        with self._app.lock:
            self._app.store.settle()
            job = self._app.store.get(job_id)
            if job is None:
                raise KeyError(job_id)
            return dict(json.loads(job.detail_bytes()))

    @property
    def job_ids(self) -> list[str]:
        """The ids of every job, in insertion order."""
        with self._app.lock:
            return list(self._app.store.jobs)

    def mark_bad_file(self, *file_ids: str) -> None:
        """Make jobs created from now on with any of these training files end in FAILED_VALIDATION."""
        self._app.mark_bad_files(file_ids)

    # --- files and models ----------------------------------------------------------------------------------------

    def add_file(
        self,
        content: bytes,
        *,
        filename: str = "train.jsonl",
        purpose: str | None = "fine-tune",
        file_id: str | None = None,
    ) -> str:
        """Store a file as ``POST /v1/files`` would, and return its id.

        Jobs created through the API may then name it; their validation reads ``content``. Without ``file_id``
        the same name and contents give back the file already stored (as uploads do); with one, a file with that
        id is replaced.

        Raises:
            ValueError: If ``file_id`` is not a UUID, or the file goes over ``max_file_size`` or
                ``max_total_file_size``.
        """
        return self._app.add_file(content, filename=filename, purpose=purpose, file_id=file_id)

    def get_file(self, file_id: str) -> dict[str, Any]:
        """Return a file as ``GET /v1/files/{file_id}`` would (decoded); raises KeyError if there is none."""
        with self._app.lock:
            file = self._app.files.get(file_id, self._clock.now())
            if file is None:
                raise KeyError(file_id)
            return {**file.description(), "deleted": False}

    def get_file_content(self, file_id: str) -> bytes:
        """Return a file's bytes, as ``GET /v1/files/{file_id}/content`` would; raises KeyError if there is none."""
        with self._app.lock:
            file = self._app.files.get(file_id, self._clock.now())
            if file is None:
                raise KeyError(file_id)
            return file.content

    @property
    def file_ids(self) -> list[str]:
        """The ids of every stored file, oldest first."""
        with self._app.lock:
            now = self._clock.now()
            return [file.id for file in self._app.files.files.values() if self._app.files.live(file, now)]

    def get_model(self, model_id: str) -> dict[str, Any]:
        """Return a model as ``GET /v1/models/{model_id}`` would (a fine-tuned or a base model's card, decoded);
        raises KeyError if there is none."""
        with self._app.lock:
            card = self._app.model_card(model_id)
        if card is None:
            raise KeyError(model_id)
        return card

    @property
    def model_ids(self) -> list[str]:
        """The ids of the fine-tuned models (one per job that reached SUCCESS, until deleted), oldest first."""
        with self._app.lock:
            self._app.store.settle()
            return list(self._app.store.models)

    # --- faults --------------------------------------------------------------------------------------------------

    def inject(self, fault: Fault, times: int | None = 1, path: str | None = None, method: str | None = None) -> None:
        """Apply ``fault`` to the next ``times`` matching requests (None: all of them until ``clear_faults``).

        Args:
            fault: What goes wrong; see ``Fault``'s class methods.
            times: How many matching requests get it.
            path: Only requests to exactly this path (no query string), or, when it ends with ``*``, to any path
                starting with what precedes the ``*``. None matches every path.
            method: Only requests with this HTTP method. None matches every method.

        Injections are consumed in the order they were added; each request gets at most one fault.
        """
        self._faults.add(fault, times, path, method)

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        """How many injections are still waiting for a matching request."""
        return len(self._faults)

    # --- observation ---------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """The recent requests, oldest first (empty when ``record_requests`` is off)."""
        return list(self._log)

    def clear_requests(self) -> None:
        """Empty the request log."""
        self._log.clear()

    def stats(self) -> ServerStats:
        """Return ``{"requests": n, "handler_seconds": s, "connections": c}``: requests answered, the server's own
        time on them, and the TCP connections accepted.

        The time covers routing, validation, state and encoding; it excludes reading the request from the socket,
        writing the answer, and injected delays.
        """
        with self._stats_lock:
            return ServerStats(
                requests=self._requests_served,
                handler_seconds=self._handler_seconds,
                connections=self._connections_accepted,
            )

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of the fake's own failures (each also answered 500), oldest first; empty when all is well."""
        return [*self._internal_errors, *self._http_errors]

    def reset_stats(self) -> None:
        """Zero the request count, handler time and connection count."""
        with self._stats_lock:
            self._requests_served = 0
            self._handler_seconds = 0.0
            self._connections_accepted = 0

    def reset(self) -> None:
        """Forget all jobs, bad files, stored files, fine-tuned models, pending faults, logged requests and stats.

        The documentation's example jobs are loaded again if the server was built with ``seed_examples=True``.
        """
        self._app.reset()
        self._faults.clear()
        self._log.clear()
        self.reset_stats()
        if self._seed_examples:
            self._app.preload_examples()

    # --- serving one request -------------------------------------------------------------------------------------

    def _body_limit(self, method: str, target: str) -> int:
        """The largest body a request may have: uploads may carry a whole file."""
        if method == "POST" and unquote(target.partition("?")[0]) == _UPLOAD_PATH:
            return self._upload_body_size
        return self._limits.max_body_size

    def _count_connection(self) -> None:
        with self._stats_lock:
            self._connections_accepted += 1

    def _record(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> RecordedRequest | None:
        if not self.record_requests:
            return None
        path, _, query = target.partition("?")
        record = RecordedRequest(method, path, query, _loggable_headers(headers), body)
        self._log.append(record)
        return record

    def _count(self, elapsed: float) -> None:
        with self._stats_lock:
            self._requests_served += 1
            self._handler_seconds += elapsed

    def _refuse(self, refusal: Refusal) -> Answer:
        """Answer a request refused before it reached the API (bad framing, too large, too slow)."""
        record = self._record(refusal.method, refusal.target, refusal.headers or [], b"")
        if record is not None:
            record.status = refusal.status
        self._count(0.0)
        return Answer(refusal.status, encode({"detail": refusal.detail}))

    def _answer(self, request: HTTPRequest) -> Answer | Delayed | None:
        """Answer one complete request, applying any injected fault; None drops the connection.

        Runs on the server's event loop thread: an injected delay is handed back as a ``Delayed`` for the loop to
        wait out, so other clients are served meanwhile.
        """
        started = time.perf_counter()
        method = request.method
        path, _, query = request.target.partition("?")
        record = self._record(method, request.target, request.headers, request.body) if self.record_requests else None
        fault = self._faults.take(method, path)
        if fault is not None and record is not None:
            record.fault = fault.kind
        if fault is not None and fault.kind is FaultKind.DELAY:
            spent = time.perf_counter() - started
            return Delayed(fault.seconds, partial(self._resume, request, path, query, record, spent))
        return self._handle(request, path, query, record, fault, started)

    def _resume(
        self, request: HTTPRequest, path: str, query: str, record: RecordedRequest | None, spent: float
    ) -> Answer | None:
        """Carry on with a request after its injected delay; the time waited is not counted as the server's."""
        return self._handle(request, path, query, record, None, time.perf_counter() - spent)

    def _handle(
        self,
        request: HTTPRequest,
        path: str,
        query: str,
        record: RecordedRequest | None,
        fault: Fault | None,
        started: float,
    ) -> Answer | None:
        method = request.method
        status: int | None
        content_type = _JSON
        extra: tuple[tuple[str, str], ...] = ()
        if fault is not None and fault.kind is FaultKind.DROP_CONNECTION and not fault.after_handling:
            status, payload = None, b""
        elif fault is not None and fault.kind in (FaultKind.ERROR, FaultKind.HTML, FaultKind.NON_JSON):
            status, payload, content_type, extra = fault.status, fault.body, fault.content_type, fault.headers
        else:
            try:
                reply = self._app.handle(
                    method,
                    path,
                    query,
                    request.header(b"authorization"),
                    request.body,
                    request.header(b"content-type"),
                )
                status, payload, extra, content_type = reply.status, reply.body, reply.headers, reply.content_type
            except Exception:  # a bug of the fake: answer it, keep the traceback, print nothing
                self._internal_errors.append(traceback.format_exc())
                status, payload, extra, fault = 500, _INTERNAL_ERROR, (), None
            if fault is not None:
                if fault.kind is FaultKind.TRUNCATED_JSON:
                    payload = fault.truncate(payload)
                elif fault.kind is FaultKind.MISSING_FIELD:
                    payload = fault.strip_field(payload)
                else:
                    status = None  # a drop after handling
        if record is not None:
            record.status = status
        self._count(time.perf_counter() - started)
        if status is None:
            return None
        return Answer(status, payload, content_type, extra)


def _loggable_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, raw in pairs:
        # Keep the scheme so tests can see a token was sent, but never store the secret.
        value = raw.partition(" ")[0] + " <redacted>" if key == "authorization" else raw
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers
