"""Hostile HTTP servers on 127.0.0.1 for the tests of `test_hostile.py`: each answers as a script says, byte by byte,
so it can send what no well-behaved server (and not the fake Mistral server) sends: a body that never ends, a
compression bomb, a redirect to another origin, an answer that never comes, a connection dropped mid-request.

A server runs in a thread (one more thread per connection) and serves sync and async clients alike. Everything it
does is bounded: it stops with its `with` block, a script that holds a connection waits at most `HOLD_SECONDS`, and
an endless body stops after `ENDLESS_BYTES`. It records every request it read, so a test can say what was sent.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final

JOB_ID: Final = "b888f774-3e7c-4135-a18c-6b985523c4bc"
OTHER_JOB_ID: Final = "0f713502-9233-41c6-9ebd-c570b7edb496"
FILE_ID: Final = "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"
JOBS_PATH: Final = "/v1/fine_tuning/jobs"


def job(**fields: Any) -> dict[str, Any]:
    """A completion job as the API sends it (only what it always sends), with `fields` changed."""
    body: dict[str, Any] = {
        "id": JOB_ID,
        "auto_start": False,
        "model": "open-mistral-7b",
        "status": "RUNNING",
        "created_at": 1_717_000_000,
        "modified_at": 1_717_000_000,
        "training_files": [FILE_ID],
        "hyperparameters": {"learning_rate": 0.0001},
        "job_type": "completion",
        "object": "job",
    }
    body.update(fields)
    return body


def page(count: int = 5) -> dict[str, Any]:
    """A page of `count` jobs, as `jobs.list` gets it."""
    jobs = [job(id=f"00000000-0000-4000-8000-{index:012d}") for index in range(count)]
    return {"object": "list", "total": count, "data": jobs}


HOLD_SECONDS: Final = 20.0
"""The longest a script holds a connection without answering (the server stops it sooner when the test ends)."""
ENDLESS_BYTES: Final = 256 * 1024 * 1024
"""What an 'endless' body sends at most, should the client never stop reading."""
_CHUNK: Final = 64 * 1024


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    target: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """The server side of one connection, handed to the script with each request."""

    def __init__(self, sock: socket.socket, server: HostileServer) -> None:
        self.sock = sock
        self.server = server
        self.keep_open = True

    def send(self, data: bytes) -> bool:
        """Write `data`; False once the client has gone (or the server is stopping)."""
        try:
            self.sock.sendall(data)
        except OSError:
            self.keep_open = False
            return False
        return not self.server.stopping.is_set()

    def respond(
        self,
        status: int,
        body: Any = b"",
        *,
        headers: dict[str, str] | None = None,
        content_type: str | None = "application/json",
    ) -> None:
        """A complete answer with a Content-Length; `body` as bytes, or anything else encoded as JSON."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        fields = {"Content-Length": str(len(data)), **({"Content-Type": content_type} if content_type else {})}
        self.send(head(status, {**fields, **(headers or {})}) + data)

    def hold(self, seconds: float = HOLD_SECONDS) -> None:
        """Answer nothing for `seconds`, or until the server stops."""
        self.server.stopping.wait(seconds)

    def drop(self) -> None:
        """Close the connection at once, without an answer (a reset, as a crashed proxy would)."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.keep_open = False

    def endless(self, status: int = 200, *, chunked: bool = True, headers: dict[str, str] | None = None) -> int:
        """A JSON-looking body that does not end: chunked, or under a Content-Length of 1 GiB. Sends until the
        client stops reading (or `ENDLESS_BYTES`); returns how many body bytes were sent."""
        framing = {"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(1 << 30)}
        if not self.send(head(status, {"Content-Type": "application/json", **framing, **(headers or {})})):
            return 0
        piece = b'{"data": [' + b" " * (_CHUNK - 10)
        sent = 0
        while sent < ENDLESS_BYTES:
            data = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
            if not self.send(data):
                break
            sent += len(piece)
            piece = b" " * _CHUNK
        self.keep_open = False
        return sent


Script = Callable[[Request, Connection], None]
"""What the server does with one request: answer through the connection (or not)."""


def head(status: int, headers: dict[str, str]) -> bytes:
    """A status line and header block."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {status} {phrase}", *(f"{name}: {value}" for name, value in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


@dataclass
class HostileServer:
    """A server on 127.0.0.1 that runs `script` for every request it reads; use it as a context manager."""

    script: Script
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> HostileServer:
        self._start(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
            pass  # wakes the accepting thread, which then sees `stopping`
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            if self.stopping.is_set():
                sock.close()
                return
            with self._lock:
                self.connections += 1
                self._sockets.append(sock)
            self._start(self._serve, sock)

    def _serve(self, sock: socket.socket) -> None:
        connection = Connection(sock, self)
        buffer = b""
        try:
            while connection.keep_open and not self.stopping.is_set():
                request, buffer = _read_request(sock, buffer)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                self.script(request, connection)
        except OSError:
            return
        finally:
            sock.close()


def _read_request(sock: socket.socket, buffer: bytes) -> tuple[Request | None, bytes]:
    """The next request on `sock` (None at the end of the connection) and what was read past it."""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buffer += data
    header_block, _, buffer = buffer.partition(b"\r\n\r\n")
    line, *lines = header_block.decode("latin-1").split("\r\n")
    method, target, _ = line.split(" ", 2)
    headers: dict[str, str] = {}
    for header in lines:
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(buffer) < length:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buffer += data
    return Request(method, target, headers, buffer[:length]), buffer[length:]


@contextlib.contextmanager
def serving(script: Script) -> Iterator[HostileServer]:
    """`HostileServer(script)`, started and stopped around the block."""
    with HostileServer(script) as server:
        yield server


def answering(status: int, body: Any, *, headers: dict[str, str] | None = None) -> Script:
    """A script that gives every request the same answer."""

    def script(request: Request, connection: Connection) -> None:
        connection.respond(status, body, headers=headers)

    return script


# --- compressed bodies -----------------------------------------------------------------------------------------


def zeros_gzip(size: int) -> bytes:
    """A valid gzip stream of `size` zero bytes (a multiple of 1 MiB), made in a few milliseconds per GiB: zeros
    compressed after a full flush always give the same bytes, so one 1 MiB block is compressed and repeated."""
    mib = 1 << 20
    assert size % mib == 0 and size >= 2 * mib
    zero = bytes(mib)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate: the gzip frame is written here
    first = deflate.compress(zero) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(zero) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(zero) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "zlib did not repeat itself"
    last = deflate.compress(zero) + deflate.flush()
    crc = 0
    for _ in range(size // mib):
        crc = zlib.crc32(zero, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return header + first + block * (size // mib - 2) + last + trailer


def double_gzip_bomb(size: int) -> bytes:
    """gzip inside gzip: a body of a few KB that decodes (Content-Encoding: gzip, gzip) to `size` zero bytes."""
    return gzip.compress(zeros_gzip(size), compresslevel=9)
