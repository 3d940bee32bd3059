"""HTTP/1.1 for the fake server: a threaded TCP server whose connections are parsed by h11.

One thread per connection runs ``serve_connection``: for each request a fresh ``h11.Connection`` parses the bytes
(request line, headers, Content-Length or chunked body) and leftover pipelined bytes carry over to the next one.
Answers are written by hand, status line, headers and body in a single ``sendall``: they always have a
Content-Length, and serializing them through h11 too would cost about as much again as parsing the request.

Whatever a client sends gets a JSON answer, or a silent close when the connection was idle:

- malformed request line, headers or chunk framing, a body cut short by the end of the stream: 400, then close
  (an incomplete body is never handed to the API);
- a request line and headers over 16 KiB: 431; a transfer coding other than chunked: 501; an HTTP major version
  other than 1: 505;
- a body (declared or received) over ``max_body_size``: 413 at once, without reading the body, then close;
- a request not complete within ``read_timeout`` seconds of its first byte: 408, then close;
- no byte of a next request within ``idle_timeout`` seconds: the connection is closed without an answer.

Before closing after an answer the server stops sending, reads (and discards) what the client is still sending
for up to a second, then closes: closing with unread data would reset the connection and could destroy the answer.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import socketserver
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import h11

from ._faults import reason_phrase

RECV_SIZE: Final = 65536
LINGER_SECONDS: Final = 1.0
LINGER_BYTES: Final = 16 << 20
MAX_HEAD_SIZE: Final = 16 << 10
"""The largest request line plus headers accepted: h11's own limit for a head still incomplete."""
DEFAULT_MAX_BODY_SIZE: Final = 1 << 20
DEFAULT_READ_TIMEOUT: Final = 5.0
DEFAULT_IDLE_TIMEOUT: Final = 60.0
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


Respond = Callable[[HTTPRequest], "Answer | None"]
"""Answers a complete request; None drops the connection without an answer."""
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


class _Wire:
    """One client connection: reads its requests one at a time and writes its answers, within its limits."""

    __slots__ = ("eof", "limits", "pending", "sock", "timeout")

    def __init__(self, sock: socket.socket, limits: Limits) -> None:
        self.sock = sock
        self.limits = limits
        self.pending = b""  # bytes received after the previous request (pipelining)
        self.eof = False
        self.timeout: float | None = -1.0  # what the socket is set to; -1 forces the first settimeout

    def _set_timeout(self, timeout: float | None) -> None:
        if timeout != self.timeout:  # settimeout costs a system call; most requests keep the same value
            self.sock.settimeout(timeout)
            self.timeout = timeout

    def _recv(self, deadline: float | None) -> bytes | None:
        """Wait for more bytes until ``deadline`` (the idle timeout without one); None when the wait timed out."""
        timeout = self.limits.idle_timeout if deadline is None else deadline - time.monotonic()
        if timeout is not None and timeout <= 0:
            return None
        self._set_timeout(timeout)
        try:
            return self.sock.recv(RECV_SIZE)
        except TimeoutError:
            return None

    def send(self, data: bytes) -> bool:
        """Write ``data``, blocking at most as long as an idle connection may wait; False if the client is gone."""
        self._set_timeout(self.limits.idle_timeout)  # usually already set by the wait for the request
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def next(self) -> HTTPRequest | Refusal | None:
        """Return the next complete request, a Refusal to answer before closing, or None to close silently."""
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD_SIZE)
        head: list[bytes] = []  # the raw bytes of the request head, kept to explain a refusal
        deadline: float | None = None
        if self.pending:
            conn.receive_data(self.pending)
            head.append(self.pending)
            deadline = time.monotonic() + self.limits.read_timeout
        if self.eof:
            conn.receive_data(b"")
        request: h11.Request | None = None
        pairs: Pairs = []
        body: list[bytes] = []
        size = 0
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as exc:
                return _refusal_for(exc, request, head, self.limits)
            if event is h11.NEED_DATA:
                try:
                    data = self._recv(deadline)
                except OSError:
                    return None  # reset by the client, or shut down by stop()
                if data is None:
                    return None if deadline is None else _timed_out(request, self.limits)
                if deadline is None:
                    deadline = time.monotonic() + self.limits.read_timeout
                if request is None:
                    head.append(data)
                self.eof = self.eof or not data
                conn.receive_data(data)
            elif type(event) is h11.Request:
                request = event
                if sum(map(len, head)) > MAX_HEAD_SIZE and _head_size(conn, head) > MAX_HEAD_SIZE:
                    return _refused(431, "Request Header Fields Too Large", event)
                pairs = _pairs(event)
                refusal = self._accept_head(conn, event, pairs)
                if refusal is not None:
                    return refusal
            elif type(event) is h11.Data:
                size += len(event.data)
                if size + _declared_rest_of_chunk(conn, event) > self.limits.max_body_size:
                    return _too_large(request, self.limits)
                body.append(event.data)
            elif type(event) is h11.EndOfMessage:
                assert request is not None
                return self._complete(conn, request, pairs, body)
            else:
                return None  # ConnectionClosed: the client hung up between requests

    def _accept_head(self, conn: h11.Connection, event: h11.Request, pairs: Pairs) -> Refusal | None:
        """Refuse a request head the server will not take; otherwise send 100 Continue if the client waits."""
        if not event.http_version.startswith(b"1."):
            return _refused(505, "HTTP Version Not Supported", event)
        for name, value in pairs:
            if name == b"content-length" and int(value) > self.limits.max_body_size:
                return _too_large(event, self.limits)
        if conn.client_is_waiting_for_100_continue and not self.send(_CONTINUE):
            return _refused(400, "Connection lost", event)
        return None

    def _complete(self, conn: h11.Connection, request: h11.Request, pairs: Pairs, body: list[bytes]) -> HTTPRequest:
        self.pending, closed = conn.trailing_data
        self.eof = self.eof or closed
        payload = body[0] if len(body) == 1 else b"".join(body)
        method, target = request.method.decode("latin-1"), request.target.decode("latin-1")
        return HTTPRequest(method, target, pairs, payload, _keep_alive(request, pairs))


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


def _too_large(request: h11.Request | None, limits: Limits) -> Refusal:
    return _refused(413, f"Request body too large: the limit is {limits.max_body_size} bytes", request)


def _timed_out(request: h11.Request | None, limits: Limits) -> Refusal:
    return _refused(408, f"Request not received within {limits.read_timeout:g} seconds", request)


def _refusal_for(
    exc: h11.RemoteProtocolError, request: h11.Request | None, head: list[bytes], limits: Limits
) -> Refusal:
    if request is None and _HUGE_CONTENT_LENGTH.search(b"".join(head)):
        return _too_large(None, limits)
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


def linger(sock: socket.socket) -> None:
    """Stop sending, then drain what the client still sends for a moment, so closing cannot reset the answer."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER_SECONDS
        drained = 0
        while drained < LINGER_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            data = sock.recv(RECV_SIZE)
            if not data:
                break
            drained += len(data)


def drop(sock: socket.socket) -> None:
    """Close the connection without an answer."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def serve_connection(
    sock: socket.socket, limits: Limits, respond: Respond, refuse: Refuse, stopping: threading.Event
) -> None:
    """Answer the requests of one connection until it closes, it is refused, or the server stops."""
    wire = _Wire(sock, limits)
    while not stopping.is_set():
        request = wire.next()
        if request is None:
            return
        if isinstance(request, Refusal):
            if wire.send(_encode_answer(refuse(request), head_only=request.method == "HEAD", close=True)):
                linger(sock)
            return
        answer = respond(request)
        if answer is None:
            drop(sock)
            return
        close = not request.keep_alive or stopping.is_set()
        if not wire.send(_encode_answer(answer, head_only=request.method == "HEAD", close=close)):
            return
        if close:
            linger(sock)
            return


class TCPServer(socketserver.ThreadingTCPServer):
    """A threaded TCP server: TCP_NODELAY on every connection, open connections closed on ``close_connections``.

    Errors escaping a connection's thread are kept in ``errors`` (formatted tracebacks), never printed.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    block_on_close = False

    def __init__(self, address: tuple[str, int], handle: Callable[[socket.socket], None]) -> None:
        self._handle = handle
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self.errors: deque[str] = deque(maxlen=100)
        super().__init__(address, socketserver.BaseRequestHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        # Without it, Nagle plus delayed ACKs add about 40 ms to each keep-alive response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    def finish_request(self, request: Any, client_address: Any) -> None:
        sock: socket.socket = request
        with self._open_lock:
            self._open.add(sock)
        try:
            self._handle(sock)
        finally:
            with self._open_lock:
                self._open.discard(sock)

    def close_connections(self) -> None:
        """Shut down every open connection so threads waiting on keep-alive reads exit at once."""
        with self._open_lock:
            open_sockets = list(self._open)
            self._open.clear()
        for sock in open_sockets:
            drop(sock)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-request are normal; anything else is a bug of the fake, kept but not printed.
        if not isinstance(sys.exc_info()[1], OSError):
            self.errors.append(traceback.format_exc())
