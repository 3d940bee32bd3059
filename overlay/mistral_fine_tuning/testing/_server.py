"""The HTTP side: a threaded stdlib server on loopback, fault injection, the request log and timing stats."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, Self, TypedDict
from urllib.parse import parse_qsl

from ._app import App
from ._clock import SimClock
from ._faults import Fault, FaultKind, FaultQueue, reason_phrase
from ._jobs import LifecycleTiming
from ._validate import JobStatus, JobType

_POLL_INTERVAL: Final = 0.02
_JSON: Final = "application/json"
_STATUS_LINES: Final = {code: f"HTTP/1.1 {code} {reason_phrase(code)}\r\n" for code in (200, 401, 404, 405, 409, 422)}


class ServerStats(TypedDict):
    """What ``FakeMistralServer.stats()`` returns."""

    requests: int
    """Requests answered (or dropped) since the last reset."""
    handler_seconds: float
    """The server's own time spent on them, in seconds."""


@dataclass(slots=True)
class RecordedRequest:
    """One request as the server received it. The Authorization value is redacted to its scheme."""

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


class _HTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server that sets TCP_NODELAY and can close its keep-alive connections on shutdown."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fake: FakeMistralServer) -> None:
        self.fake = fake
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        # Without it, Nagle plus delayed ACKs add about 40 ms to each keep-alive response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    def track(self, sock: socket.socket) -> None:
        with self._open_lock:
            self._open.add(sock)

    def untrack(self, sock: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(sock)

    def close_connections(self) -> None:
        """Shut down every open connection so handler threads waiting on keep-alive reads exit at once."""
        with self._open_lock:
            open_sockets = list(self._open)
            self._open.clear()
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-request are normal (timeouts, dropped-connection faults); real bugs still print.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def do_GET(self) -> None:
        self.server.fake._serve(self)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Malformed requests get a JSON answer too, then the connection is closed.
        self.close_connection = True
        body = json.dumps({"detail": message or reason_phrase(code)}).encode()
        head = (
            f"HTTP/1.1 {code} {reason_phrase(code)}\r\ncontent-type: {_JSON}\r\ncontent-length: {len(body)}\r\n"
            f"x-request-id: {os.urandom(16).hex()}\r\n"
        )
        with contextlib.suppress(OSError):
            self.wfile.write(f"{head}connection: close\r\n\r\n".encode("latin-1") + body)

    def log_message(self, format: str, *args: Any) -> None:
        return  # per-request logging to stderr would dominate the cost of a request


class FakeMistralServer:
    """A local stand-in for Mistral's fine-tuning jobs API, served over HTTP on 127.0.0.1.

    Use it as a context manager (``with FakeMistralServer() as server: ...``) or call ``start()`` and ``stop()``.
    ``server_url`` is ``http://127.0.0.1:<port>`` once started; point a client's base URL at it.
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
        """
        self.host = host
        self.port = port
        self.timing = timing or LifecycleTiming()
        self._clock = SimClock(speed)
        self._app = App(api_key, self._clock, self.timing)
        self._faults = FaultQueue()
        self._seed_examples = seed_examples
        self.record_requests = record_requests
        self._log: deque[RecordedRequest] = deque(maxlen=request_log_size)
        self._stats_lock = threading.Lock()
        self._requests_served = 0
        self._handler_seconds = 0.0
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
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
        httpd = _HTTPServer((self.host, self.port), self)
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": _POLL_INTERVAL}, name="fake-mistral", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open keep-alive connections, and release the port. Safe to call twice."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

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
        """Return ``{"requests": n, "handler_seconds": s}``: requests answered and the server's own time on them.

        The time covers routing, validation, state and encoding; it excludes reading the request from the socket,
        writing the answer, and injected delays.
        """
        with self._stats_lock:
            return ServerStats(requests=self._requests_served, handler_seconds=self._handler_seconds)

    def reset_stats(self) -> None:
        """Zero the request count and handler time."""
        with self._stats_lock:
            self._requests_served = 0
            self._handler_seconds = 0.0

    def reset(self) -> None:
        """Forget all jobs, bad files, pending faults, logged requests and stats.

        The documentation's example jobs are loaded again if the server was built with ``seed_examples=True``.
        """
        self._app.reset()
        self._faults.clear()
        self._log.clear()
        self.reset_stats()
        if self._seed_examples:
            self._app.preload_examples()

    # --- serving one request -------------------------------------------------------------------------------------

    def _serve(self, handler: _Handler) -> None:
        """Answer one parsed request on ``handler``'s connection."""
        body = _read_body(handler)
        if body is None:
            return
        started = time.perf_counter()
        method = handler.command
        path, _, query = handler.path.partition("?")
        record: RecordedRequest | None = None
        if self.record_requests:
            record = RecordedRequest(method, path, query, _loggable_headers(handler), body)
            self._log.append(record)
        fault = self._faults.take(method, path)
        paused = 0.0
        status: int | None
        content_type = _JSON
        extra: tuple[tuple[str, str], ...] = ()
        if fault is not None and record is not None:
            record.fault = fault.kind
        if fault is not None and fault.kind is FaultKind.DELAY:
            pause_from = time.perf_counter()
            self._stopping.wait(fault.seconds)
            paused = time.perf_counter() - pause_from
            fault = None
        if fault is not None and fault.kind is FaultKind.DROP_CONNECTION and not fault.after_handling:
            status = None
        elif fault is not None and fault.kind in (FaultKind.ERROR, FaultKind.HTML, FaultKind.NON_JSON):
            status, payload, content_type, extra = fault.status, fault.body, fault.content_type, fault.headers
        else:
            reply = self._app.handle(method, path, query, handler.headers.get("authorization"), body)
            status, payload, extra = reply.status, reply.body, reply.headers
            if fault is not None:
                if fault.kind is FaultKind.TRUNCATED_JSON:
                    payload = fault.truncate(payload)
                elif fault.kind is FaultKind.MISSING_FIELD:
                    payload = fault.strip_field(payload)
                else:
                    status = None  # a drop after handling
        elapsed = time.perf_counter() - started - paused
        if record is not None:
            record.status = status
        with self._stats_lock:
            self._requests_served += 1
            self._handler_seconds += elapsed
        if status is None:
            _drop(handler)
            return
        _write(handler, status, payload, content_type, extra)


def _loggable_headers(handler: _Handler) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, raw in handler.headers.items():
        key = name.lower()
        # Keep the scheme so tests can see a token was sent, but never store the secret.
        value = raw.partition(" ")[0] + " <redacted>" if key == "authorization" else raw
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _read_body(handler: _Handler) -> bytes | None:
    """Read the request body (Content-Length or chunked); None after answering 400 for a malformed one."""
    headers = handler.headers
    encoding = headers.get("transfer-encoding")
    try:
        if encoding is not None and "chunked" in encoding.lower():
            return _read_chunked(handler)
        length = headers.get("content-length")
        if length is None:
            return b""
        size = int(length)
        if size < 0:
            raise ValueError(length)
        return handler.rfile.read(size) if size else b""
    except ValueError:
        handler.send_error(400, "Malformed request body framing")
        return None


def _read_chunked(handler: _Handler) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int(handler.rfile.readline(65537).split(b";", 1)[0].strip(), 16)
        if size == 0:
            while handler.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                pass  # skip trailers
            return b"".join(chunks)
        chunks.append(handler.rfile.read(size))
        handler.rfile.readline(65537)


def _write(handler: _Handler, status: int, body: bytes, content_type: str, extra: tuple[tuple[str, str], ...]) -> None:
    """Send the status line, headers and body in one write."""
    lines = [
        _STATUS_LINES.get(status) or f"HTTP/1.1 {status} {reason_phrase(status)}\r\n",
        f"content-type: {content_type}\r\ncontent-length: {len(body)}\r\n",
    ]
    if not any(name.lower() == "x-request-id" for name, _ in extra):
        lines.append(f"x-request-id: {os.urandom(16).hex()}\r\n")
    lines.extend(f"{name}: {value}\r\n" for name, value in extra)
    if handler.close_connection:
        lines.append("connection: close\r\n")
    lines.append("\r\n")
    head = "".join(lines).encode("latin-1")
    try:
        handler.wfile.write(head if handler.command == "HEAD" else head + body)
    except OSError:
        handler.close_connection = True


def _drop(handler: _Handler) -> None:
    """Close the connection without a response."""
    handler.close_connection = True
    with contextlib.suppress(OSError):
        handler.connection.shutdown(socket.SHUT_RDWR)
