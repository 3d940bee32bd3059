"""HTTP/1.1 for the fake server: one asyncio event loop in a background thread, each connection parsed by h11.

An event loop rather than a thread per connection, so that a flood of idle connections costs memory, not threads:
the whole server is one thread however many clients it holds, and the application runs inline on that thread
(its handlers are quick; an injected delay is a timer, not a sleep). At most ``max_connections`` are open at once:
when a new one arrives at the cap, the connection idle the longest (between requests, or connected and silent) is
closed to make room, if it has been idle for a tenth of a second at least; otherwise the newcomer gets an immediate
503 and is closed. The cap is meant to sit well below the process's file descriptor limit; should descriptors run
out anyway, the longest idle connection is closed to free one, and with none idle the server stops accepting for
half a second instead of retrying in a loop.

For each request a fresh ``h11.Connection`` parses the bytes (request line, headers, Content-Length or chunked
body) and leftover pipelined bytes carry over to the next one. Answers are written by hand, status line, headers
and body in a single write: they always have a Content-Length, and serializing them through h11 too would cost
about as much again as parsing the request. The next pipelined request is read only once the previous answer has
left the process, so a client that sends without reading cannot make the server buffer answers.

Whatever a client sends gets a JSON answer, or a silent close when the connection was idle:

- malformed request line, headers or chunk framing, both Content-Length and Transfer-Encoding (RFC 9112 6.1), a body
  cut short by the end of the stream: 400, then close (an incomplete body is never handed to the API);
- a request line and headers over 16 KiB: 431; a transfer coding other than chunked: 501; an HTTP major version
  other than 1: 505;
- a body (declared or received) over its limit (``max_body_size``, or the larger one the server sets for uploads):
  413 at once, without reading the body, then close;
- a request not complete within ``read_timeout`` seconds of its first byte, plus a second per MiB of body received
  (an upload that keeps arriving at 1 MiB/s never times out): 408, then close;
- no byte of a next request within ``idle_timeout`` seconds: the connection is closed without an answer, as it is
  when an answer waits that long for the client to read it.

Before closing after an answer the server stops sending, reads (and discards) what the client is still sending
for up to a second, then closes: closing with unread data would reset the connection and could destroy the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import re
import socket
import threading
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final

import h11

from ._faults import reason_phrase

RECV_SIZE: Final = 65536
LINGER_SECONDS: Final = 1.0
LINGER_BYTES: Final = 16 << 20
MAX_HEAD_SIZE: Final = 16 << 10
"""The largest request line plus headers accepted: h11's own limit for a head still incomplete."""
DEFAULT_MAX_BODY_SIZE: Final = 1 << 20
MIN_BODY_RATE: Final = 1 << 20
"""Bytes per second a body must keep arriving at, beyond ``read_timeout``, not to time out."""
DEFAULT_READ_TIMEOUT: Final = 5.0
DEFAULT_IDLE_TIMEOUT: Final = 60.0
DEFAULT_MAX_CONNECTIONS: Final = 512
BACKLOG: Final = 1024
ACCEPT_BATCH: Final = 32
"""Connections accepted per turn of the loop: how far descriptors in use may briefly exceed the cap."""
ACCEPT_RETRY_SECONDS: Final = 0.5
EVICTION_GRACE_SECONDS: Final = 0.1
_OUT_OF_RESOURCES: Final = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_CONTINUE: Final = b"HTTP/1.1 100 Continue\r\n\r\n"
_STATUS_LINES: Final = {code: f"HTTP/1.1 {code} {reason_phrase(code)}\r\n" for code in (200, 401, 404, 405, 409, 422)}
# h11 refuses a Content-Length of more than 20 digits as malformed; it is a well-formed, too large one.
_HUGE_CONTENT_LENGTH: Final = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*[1-9][0-9]{20,}[ \t]*\r?$")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one connection may cost the server."""

    max_body_size: int = DEFAULT_MAX_BODY_SIZE
    read_timeout: float = DEFAULT_READ_TIMEOUT
    idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT


Pairs = list[tuple[bytes, bytes]]
"""Header fields as received, names lowercased."""


def _text(pairs: Pairs) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in pairs]


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs a microsecond or two per request
class HTTPRequest:
    """A complete request: method, raw target (path and query), header fields (lowercase names) and body."""

    method: str
    target: str
    raw_headers: Pairs
    body: bytes
    keep_alive: bool

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The header fields as text, in the order received."""
        return _text(self.raw_headers)

    def header(self, name: bytes) -> str | None:
        """The first value of a header (``name`` in lowercase), as Starlette's ``headers.get`` gives it."""
        for key, value in self.raw_headers:
            if key == name:
                return value.decode("latin-1")
        return None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request answered with an error before it reached the API; method and target are empty if unparsed."""

    status: int
    detail: str
    method: str = ""
    target: str = ""
    headers: list[tuple[str, str]] | None = None


@dataclass(slots=True)
class Answer:
    """A response to write."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Delayed:
    """An answer to give ``seconds`` from now: ``then`` is called on the server's thread when the time comes."""

    seconds: float
    then: Callable[[], Answer | None]


BodyLimit = Callable[[str, str], int]
"""The largest body a request may have, from its method and raw target (the upload route takes large ones)."""
Respond = Callable[[HTTPRequest], "Answer | Delayed | None"]
"""Answers a complete request, now or after a pause; None drops the connection without an answer."""
Refuse = Callable[[Refusal], Answer]
"""Builds the answer to a refused request."""


def _pairs(event: h11.Request) -> Pairs:
    # raw_items() is a plain list; iterating Headers itself goes through the much slower Sequence protocol.
    return [(name.lower(), value) for name, value in event.headers.raw_items()]


def _keep_alive(event: h11.Request, pairs: Pairs) -> bool:
    """HTTP/1.1 without ``Connection: close`` (h11's rule: HTTP/1.0 connections are not kept)."""
    if event.http_version != b"1.1":
        return False
    for name, value in pairs:
        if name == b"connection" and b"close" in {token.strip().lower() for token in value.split(b",")}:
            return False
    return True


# What a connection is doing: reading a request (or waiting for one), waiting to answer one (an injected delay),
# lingering after its last answer, closed.
_READING: Final = 0
_ANSWERING: Final = 1
_CLOSING: Final = 2
_CLOSED: Final = 3


class _Connection(asyncio.BufferedProtocol):
    """One client connection: reads its requests one at a time and writes their answers, within its limits.

    A single timer per connection serves every deadline (idle, read, linger, blocked write): it is moved earlier when
    a deadline comes closer, and when it fires for a deadline that has since moved later it simply waits again, so
    the usual request, arriving whole in one read, costs no timer operation at all.
    """

    __slots__ = (
        "blocked_since",
        "body",
        "body_limit",
        "closing_since",
        "deadline",
        "drained",
        "eof",
        "first_byte_at",
        "head",
        "idle_since",
        "limits",
        "loop",
        "pairs",
        "parser",
        "reading_paused",
        "request",
        "server",
        "size",
        "state",
        "timer",
        "timer_at",
        "transport",
        "write_blocked",
    )

    transport: asyncio.Transport
    parser: h11.Connection

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.loop = server.loop
        self.limits = server.limits
        self.state: int = _READING
        self.head: list[bytes] = []  # the raw bytes of the request head, kept to explain a refusal
        self.request: h11.Request | None = None
        self.pairs: Pairs = []
        self.body: list[bytes] = []
        self.size = 0
        self.body_limit = self.limits.max_body_size  # this request's: the upload route allows more
        self.first_byte_at: float | None = None  # None while no byte of the next request has arrived (idle)
        self.idle_since = 0.0
        self.closing_since = 0.0
        self.blocked_since = 0.0
        self.drained = 0
        self.eof = False
        self.write_blocked = False  # an answer is still waiting for the client to read it
        self.reading_paused = False
        self.deadline: float | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.timer_at = 0.0

    # --- asyncio's callbacks ---------------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.server.live.add(self)
        try:
            if self.server.closing:
                self._abort()
                return
            # Pause reading as soon as anything is left unsent: the kernel's buffer is the only one answers get.
            transport.set_write_buffer_limits(high=0)
            self._next_request()
            self._refresh_deadline()
        except Exception:
            self._crash()

    def get_buffer(self, sizehint: int) -> memoryview:
        # One buffer for every connection: the loop copies what it read out of it before it reads anything else.
        return self.server.receive_buffer

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(self.server.receive_buffer[:nbytes].tobytes())

    def data_received(self, data: bytes) -> None:
        try:
            state = self.state
            if state == _READING:
                if self.first_byte_at is None:
                    self.first_byte_at = self.loop.time()
                    self.server.idle.pop(self, None)
                if self.request is None:
                    self.head.append(data)
                self.parser.receive_data(data)
                self._advance()
            elif state == _CLOSING:
                self.drained += len(data)
                if self.drained > LINGER_BYTES:
                    self._close()
            elif state == _ANSWERING:
                self.parser.receive_data(data)  # kept for the next request, which is read once this one is answered
        except Exception:
            self._crash()

    def eof_received(self) -> bool:
        try:
            self.eof = True
            if self.state == _READING:
                self.parser.receive_data(b"")
                self._advance()
            elif self.state == _CLOSING:
                self._close()
        except Exception:
            self._crash()
        return True  # keep the transport open: an answer may still have to be written

    def pause_writing(self) -> None:
        self.write_blocked = True
        self.blocked_since = self.loop.time()
        self._refresh_deadline()

    def resume_writing(self) -> None:
        try:
            self.write_blocked = False
            if self.state == _CLOSING:
                self.closing_since = self.loop.time()  # linger from when the answer has left, as a blocking send would
                self._refresh_deadline()
            elif self.state == _READING:
                self._resume_reading()
                self._refresh_deadline()
                self._advance()
        except Exception:
            self._crash()

    def connection_lost(self, exc: Exception | None) -> None:
        self.state = _CLOSED
        self.write_blocked = False
        self.server.forget(self)
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    # --- reading requests ------------------------------------------------------------------------------------------

    def _next_request(self) -> None:
        """Start reading the next request, with whatever the previous one left over (pipelining)."""
        leftover = b""
        if self.request is not None:
            leftover, closed = self.parser.trailing_data
            self.eof = self.eof or closed
        parser = self.parser = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD_SIZE)
        self.state = _READING
        self.request = None
        self.pairs = []
        self.body = []
        self.size = 0
        self.body_limit = self.limits.max_body_size
        if leftover:
            parser.receive_data(leftover)
            self.head = [leftover]
            self.first_byte_at = self.loop.time()
        else:
            self.head = []
            self.first_byte_at = None
            self.idle_since = self.loop.time()
            self.server.idle[self] = None
        if self.eof:
            parser.receive_data(b"")

    def _advance(self) -> None:
        """Parse what has arrived: answer each complete request, refuse a bad one, or wait for more bytes."""
        limits = self.limits
        parser = self.parser
        while self.state == _READING:
            if self.write_blocked:  # read the next request only once the client has taken the last answer
                self._pause_reading()
                self._refresh_deadline()
                return
            try:
                event = parser.next_event()
            except h11.RemoteProtocolError as exc:
                self._refuse(_refusal_for(exc, self.request, self.head, limits))
                return
            if event is h11.NEED_DATA:
                self._refresh_deadline()
                return
            kind = type(event)
            if kind is h11.Request:
                assert isinstance(event, h11.Request)
                self.request = event
                head = self.head
                if sum(map(len, head)) > MAX_HEAD_SIZE and _head_size(parser, head) > MAX_HEAD_SIZE:
                    self._refuse(_refused(431, "Request Header Fields Too Large", event))
                    return
                self.pairs = _pairs(event)
                refusal = self._accept_head(parser, event, self.pairs)
                if refusal is not None:
                    self._refuse(refusal)
                    return
            elif kind is h11.Data:
                assert isinstance(event, h11.Data)
                self.size += len(event.data)
                if self.size + _declared_rest_of_chunk(parser, event) > self.body_limit:
                    self._refuse(_too_large(self.request, self.body_limit))
                    return
                self.body.append(event.data)
            elif kind is h11.EndOfMessage:
                request = self._complete()
                answer = self.server.respond(request)
                if type(answer) is Delayed:
                    self._delay(request, answer)
                    return
                assert not isinstance(answer, Delayed)
                self._deliver(request, answer)
                parser = self.parser
            else:  # ConnectionClosed: the client hung up between requests
                self._close()
                return

    def _accept_head(self, parser: h11.Connection, event: h11.Request, pairs: Pairs) -> Refusal | None:
        """Refuse a request head the server will not take; otherwise send 100 Continue if the client waits."""
        if not event.http_version.startswith(b"1."):
            return _refused(505, "HTTP Version Not Supported", event)
        declared: int | None = None
        chunked = False
        for name, value in pairs:
            if name == b"content-length":
                declared = int(value)
            elif name == b"transfer-encoding":
                chunked = True
        if declared is not None and chunked:
            # Two framings disagreeing is how requests get smuggled past proxies (RFC 9112 6.1): refuse, then close.
            return _refused(400, "Invalid HTTP request: both Content-Length and Transfer-Encoding", event)
        limit = self.server.body_limit(event.method.decode("latin-1"), event.target.decode("latin-1"))
        self.body_limit = limit
        if declared is not None and declared > limit:
            return _too_large(event, limit)
        if parser.client_is_waiting_for_100_continue:
            self.transport.write(_CONTINUE)
        return None

    def _complete(self) -> HTTPRequest:
        request, body = self.request, self.body
        assert request is not None
        payload = body[0] if len(body) == 1 else b"".join(body)
        method, target = request.method.decode("latin-1"), request.target.decode("latin-1")
        return HTTPRequest(method, target, self.pairs, payload, _keep_alive(request, self.pairs))

    # --- answering -------------------------------------------------------------------------------------------------

    def _deliver(self, request: HTTPRequest, answer: Answer | None) -> None:
        """Write the answer to a complete request, then read the next one or close."""
        if answer is None:
            self._drop()
            return
        close = not request.keep_alive
        self.transport.write(_encode_answer(answer, head_only=request.method == "HEAD", close=close))
        if close:
            self._linger()
        else:
            self._next_request()

    def _delay(self, request: HTTPRequest, delayed: Delayed) -> None:
        """Answer later without holding up anyone else: read nothing more from this client meanwhile."""
        self.state = _ANSWERING
        self._pause_reading()
        self._refresh_deadline()
        self.loop.call_later(max(delayed.seconds, 0.0), self._after_delay, request, delayed.then)

    def _after_delay(self, request: HTTPRequest, then: Callable[[], Answer | None]) -> None:
        try:
            answer = then()  # the request takes effect even when its client has gone
            if self.state != _ANSWERING:
                return
            self._deliver(request, answer)
            if self.state == _READING:
                self._resume_reading()
                self._advance()
        except Exception:
            self._crash()

    def _refuse(self, refusal: Refusal) -> None:
        """Answer a request refused before it reached the API, then close."""
        answer = self.server.refuse(refusal)
        self.transport.write(_encode_answer(answer, head_only=refusal.method == "HEAD", close=True))
        self._linger()

    # --- closing ---------------------------------------------------------------------------------------------------

    def _linger(self) -> None:
        """After a last answer: stop sending, and drain what the client still sends for a moment before closing."""
        self.state = _CLOSING
        self.server.idle.pop(self, None)
        if self.eof:
            self._close()
            return
        try:
            self.transport.write_eof()  # after what is still buffered
        except OSError:  # the client has already reset the connection (asyncio lets shutdown's error through)
            self._abort()
            return
        self._resume_reading()
        self.closing_since = self.loop.time()
        self.drained = 0
        self._refresh_deadline()

    def _close(self) -> None:
        """Close once what is buffered is sent (a client that does not read meets the write deadline, still armed)."""
        self.state = _CLOSED
        self.server.idle.pop(self, None)
        self.transport.close()
        if not self.write_blocked and self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _drop(self) -> None:
        """Close without an answer (an injected fault): FIN, not reset, as when a server process goes away."""
        self.state = _CLOSED
        self.server.idle.pop(self, None)
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # the client may have left first
                sock.shutdown(socket.SHUT_RDWR)
        self._abort()

    def _abort(self) -> None:
        self.state = _CLOSED
        self.transport.abort()

    def evict(self) -> None:
        """Close this idle connection to make room for a new one (as an idle timeout would)."""
        self.server.open.discard(self)
        self._close()

    def _crash(self) -> None:
        """A bug of the server itself: keep the traceback, answer 500 to a request in progress, close."""
        self.server.errors.append(traceback.format_exc())
        in_progress = self.state == _ANSWERING or (self.state == _READING and self.first_byte_at is not None)
        if not in_progress or self.transport.is_closing():
            self._abort()
            return
        try:
            answer = Answer(500, b'{"detail":"Internal Server Error"}')
            self.transport.write(_encode_answer(answer, head_only=False, close=True))
            self._linger()
        except Exception:
            self.server.errors.append(traceback.format_exc())
            self._abort()

    # --- flow control and deadlines --------------------------------------------------------------------------------

    def _pause_reading(self) -> None:
        if not self.reading_paused:
            self.reading_paused = True
            self.transport.pause_reading()

    def _resume_reading(self) -> None:
        if self.reading_paused:
            self.reading_paused = False
            self.transport.resume_reading()

    def _refresh_deadline(self) -> None:
        """Set the deadline that applies now: blocked write, request in progress, idle wait, or linger."""
        limits = self.limits
        if self.write_blocked:
            deadline = None if limits.idle_timeout is None else self.blocked_since + limits.idle_timeout
        elif self.state == _READING:
            if self.first_byte_at is not None:
                # A large body (an upload) gets a second more per MiB received, so only a slow sender times out.
                deadline = self.first_byte_at + limits.read_timeout + self.size / MIN_BODY_RATE
            elif limits.idle_timeout is not None:
                deadline = self.idle_since + limits.idle_timeout
            else:
                deadline = None
        elif self.state == _CLOSING:
            deadline = self.closing_since + LINGER_SECONDS
        else:
            deadline = None
        self.deadline = deadline
        if deadline is None:
            return
        timer = self.timer
        if timer is not None:
            if self.timer_at <= deadline:
                return  # it fires earlier, sees the later deadline, and waits again
            timer.cancel()
        self.timer = self.loop.call_at(deadline, self._on_timer)
        self.timer_at = deadline

    def _on_timer(self) -> None:
        self.timer = None
        deadline = self.deadline
        if deadline is None:
            return
        if self.loop.time() < deadline:
            self.timer = self.loop.call_at(deadline, self._on_timer)
            self.timer_at = deadline
            return
        self.deadline = None
        try:
            if self.write_blocked:
                self._abort()  # the client has not read an answer for idle_timeout seconds
            elif self.state == _CLOSING:
                self._close()
            elif self.state == _READING:
                if self.first_byte_at is None:
                    self._close()  # idle: closed without an answer
                else:
                    self._refuse(_timed_out(self.request, self.limits))
        except Exception:
            self._crash()


class HTTPServer:
    """Serves HTTP/1.1 from a listening socket on one asyncio event loop, run by a daemon thread.

    The socket is bound on construction (so a busy port fails there); ``start`` runs the loop, ``stop`` closes every
    connection and ends the thread. Errors escaping the connection code are kept in ``errors`` (formatted
    tracebacks), never printed.
    """

    def __init__(
        self,
        address: tuple[str, int],
        *,
        limits: Limits,
        max_connections: int,
        respond: Respond,
        refuse: Refuse,
        on_connection: Callable[[], None],
        body_limit: BodyLimit | None = None,
    ) -> None:
        self.limits = limits
        self.body_limit: BodyLimit = body_limit or (lambda _method, _target: limits.max_body_size)
        self.max_connections = max_connections
        self.respond = respond
        self.refuse = refuse
        self.on_connection = on_connection
        self.errors: deque[str] = deque(maxlen=100)
        self.live: set[_Connection] = set()  # every accepted connection not yet closed
        self.open: set[_Connection] = set()  # those counted against max_connections
        self.idle: dict[_Connection, None] = {}  # those waiting for a request, longest waiting first
        self.unattached: set[socket.socket] = set()  # accepted sockets still waiting for their transport
        # recv_into a reused buffer: plain recv would allocate asyncio's 256 KiB read size for every request
        self.receive_buffer = memoryview(bytearray(RECV_SIZE))
        self.closing = False
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(BACKLOG)
            sock.setblocking(False)
            self.loop = asyncio.SelectorEventLoop()  # add_reader on the listening socket, on every platform
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.address: tuple[str, int] = sock.getsockname()
        self._stopped: asyncio.Future[None] | None = None
        self._resume_accepting: asyncio.TimerHandle | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-mistral", daemon=True)

    def start(self) -> None:
        """Run the event loop in its thread; returns once the server accepts connections."""
        self._thread.start()
        self._ready.wait()

    def stop(self) -> None:
        """Close every connection, stop accepting and end the thread (waits up to 5 seconds for it)."""
        with contextlib.suppress(RuntimeError):  # the loop has already ended
            self.loop.call_soon_threadsafe(self._request_stop)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def forget(self, connection: _Connection) -> None:
        """Stop tracking a connection that has closed."""
        self.live.discard(connection)
        self.open.discard(connection)
        self.idle.pop(connection, None)

    def _accept(self) -> None:
        """Accept what the listening socket has (a bounded batch per turn of the loop), within the cap."""
        for _ in range(ACCEPT_BATCH):
            try:
                sock, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue
            except OSError as exc:
                # Out of descriptors: an idle connection gives one back on the next turn. Otherwise, or on any
                # other failure, pause for a moment rather than spin on a socket that stays readable.
                if exc.errno not in _OUT_OF_RESOURCES or not self.evict_idle():
                    self._pause_accepting()
                return
            try:
                self._admit(sock)
            except BaseException:
                sock.close()
                raise

    def _admit(self, sock: socket.socket) -> None:
        self.on_connection()
        sock.setblocking(False)
        if len(self.open) >= self.max_connections and not self.evict_idle():
            self._overflow(sock)
            return
        # Without it, Nagle plus delayed ACKs hold back answers (asyncio sets it only on sockets made with proto 6).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection = _Connection(self)
        self.open.add(connection)  # counted from now, before its transport exists
        self.unattached.add(sock)
        self.loop.create_task(self._attach(connection, sock))

    async def _attach(self, connection: _Connection, sock: socket.socket) -> None:
        """Give an accepted socket its transport, which starts the connection."""
        try:
            await self.loop.connect_accepted_socket(lambda: connection, sock)
        except asyncio.CancelledError:  # the server is stopping
            self.forget(connection)
            sock.close()
            raise
        except Exception as exc:
            self.forget(connection)
            sock.close()
            if not isinstance(exc, OSError):  # an OSError is the client gone already
                self.errors.append(traceback.format_exc())
        finally:
            self.unattached.discard(sock)

    def _overflow(self, sock: socket.socket) -> None:
        """Answer 503 a connection beyond the cap when no idle one can make room, and close it at once."""
        refusal = Refusal(503, f"Too many open connections: this server serves at most {self.max_connections}")
        answer = self.refuse(refusal)
        answer = replace(answer, headers=(*answer.headers, ("retry-after", "1")))
        with contextlib.suppress(OSError):  # a short answer fits the new socket's buffer: no need to wait
            sock.send(_encode_answer(answer, head_only=False, close=True))
        sock.close()  # at once, not after lingering: its descriptor is what the cap protects

    def _pause_accepting(self) -> None:
        self.loop.remove_reader(self.sock)
        self._resume_accepting = self.loop.call_later(ACCEPT_RETRY_SECONDS, self._start_accepting)

    def _start_accepting(self) -> None:
        self._resume_accepting = None
        if not self.closing:
            self.loop.add_reader(self.sock, self._accept)

    def evict_idle(self) -> bool:
        """Close the connection idle the longest, if it has been idle for a moment at least; whether one was.

        The moment spares a connection just accepted or just answered whose next request is already on its way.
        """
        for connection in self.idle:  # the longest idle first
            if self.loop.time() - connection.idle_since < EVICTION_GRACE_SECONDS:
                return False
            connection.evict()
            return True
        return False

    def _request_stop(self) -> None:
        if self._stopped is not None and not self._stopped.done():
            self._stopped.set_result(None)

    def _run(self) -> None:
        loop = self.loop
        loop.set_exception_handler(self._loop_error)
        try:
            loop.run_until_complete(self._serve())
        except BaseException:
            self.errors.append(traceback.format_exc())
        finally:
            self._ready.set()
            loop.close()
            self.sock.close()

    async def _serve(self) -> None:
        loop = self.loop
        self._stopped = loop.create_future()
        self._start_accepting()
        self._ready.set()
        try:
            await self._stopped
        finally:
            self.closing = True
            if self._resume_accepting is not None:
                self._resume_accepting.cancel()
            else:
                loop.remove_reader(self.sock)
            self.sock.close()
            pending = [task for task in asyncio.all_tasks(loop) if task is not asyncio.current_task(loop)]
            for task in pending:
                task.cancel()  # connections being accepted: each closes its transport when cancelled
            await asyncio.gather(*pending, return_exceptions=True)
            for sock in self.unattached:
                sock.close()  # its task was cancelled before it began
            for connection in list(self.live):
                connection.transport.abort()
            for _ in range(2):
                await asyncio.sleep(0)  # the aborted transports close their sockets on the next iterations

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError):
            return  # a client resetting its connection
        lines = [str(context.get("message", "event loop error"))]
        if isinstance(exc, BaseException):
            lines.extend(traceback.format_exception(exc))
        self.errors.append("\n".join(lines))


def _head_size(conn: h11.Connection, head: list[bytes]) -> int:
    """The bytes the request head took: what was received before it was parsed, less what is left unparsed."""
    return sum(map(len, head)) - len(conn.trailing_data[0])


def _declared_rest_of_chunk(conn: h11.Connection, event: h11.Data) -> int:
    """How many more bytes the current chunk declares, so a huge chunk is refused before it is sent.

    h11 does not publish the chunk size; its chunked reader keeps what is left in ``_bytes_in_chunk``. Should a
    later h11 drop it, this returns 0 and the limit still applies to the bytes actually received.
    """
    if event.chunk_end:
        return 0
    rest = getattr(getattr(conn, "_reader", None), "_bytes_in_chunk", 0)
    return rest if isinstance(rest, int) else 0


def _refused(status: int, detail: str, request: h11.Request | None) -> Refusal:
    if request is None:
        return Refusal(status, detail)
    method, target = request.method.decode("latin-1"), request.target.decode("latin-1")
    return Refusal(status, detail, method, target, _text(_pairs(request)))


def _too_large(request: h11.Request | None, limit: int) -> Refusal:
    return _refused(413, f"Request body too large: the limit is {limit} bytes", request)


def _timed_out(request: h11.Request | None, limits: Limits) -> Refusal:
    return _refused(408, f"Request not received within {limits.read_timeout:g} seconds", request)


def _refusal_for(
    exc: h11.RemoteProtocolError, request: h11.Request | None, head: list[bytes], limits: Limits
) -> Refusal:
    if request is None and _HUGE_CONTENT_LENGTH.search(b"".join(head)):
        return _too_large(None, limits.max_body_size)
    status = exc.error_status_hint
    if status == 431:
        return _refused(431, "Request Header Fields Too Large", request)
    message = str(exc)
    if len(message) > 200:
        message = message[:200] + "..."
    return _refused(status if status in (400, 501) else 400, f"Invalid HTTP request: {message}", request)


def _encode_answer(answer: Answer, *, head_only: bool, close: bool) -> bytes:
    """The status line, headers and (unless ``head_only``) body of an answer, as one byte string."""
    body = answer.body
    lines = [
        _STATUS_LINES.get(answer.status) or f"HTTP/1.1 {answer.status} {reason_phrase(answer.status)}\r\n",
        f"content-type: {answer.content_type}\r\ncontent-length: {len(body)}\r\n",
    ]
    if not any(name.lower() == "x-request-id" for name, _ in answer.headers):
        lines.append(f"x-request-id: {os.urandom(16).hex()}\r\n")
    lines.extend(f"{name}: {value}\r\n" for name, value in answer.headers)
    if close:
        lines.append("connection: close\r\n")
    lines.append("\r\n")
    head = "".join(lines).encode("latin-1")
    return head if head_only else head + body
