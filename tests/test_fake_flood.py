"""The fake server under connection floods: bounded threads and descriptors, no busy loop, others still answered.

The flood tests run the server in a child process with a lowered file descriptor limit (``RLIMIT_NOFILE``) and hold
more idle connections than that limit allows; the child reports its thread count, CPU time and connection count
on request. Waits are bounded; the only time measured is CPU time, against a generous bound.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mistral_fine_tuning.testing import FakeMistralServer, Fault

JOBS = "/v1/fine_tuning/jobs"
REQUEST = f"GET {JOBS} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer flood\r\n\r\n".encode()
LAST_REQUEST = REQUEST.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")

CHILD = """
import json, resource, sys, threading, time
resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
from mistral_fine_tuning.testing import FakeMistralServer
server = FakeMistralServer(speed=0).start()  # the default max_connections, 512
print(json.dumps({"port": server.port}), flush=True)
for line in sys.stdin:
    print(json.dumps({
        "threads": threading.active_count(),
        "cpu": time.process_time(),
        "connections": server.stats()["connections"],
        "errors": server.internal_errors,
    }), flush=True)
server.stop()
"""


class Child:
    """The fake server, with its defaults, in a child process with ``RLIMIT_NOFILE`` lowered to ``limit``."""

    def __init__(self, limit: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(limit)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(json.loads(self.process.stdout.readline())["port"])

    def probe(self) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("probe\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def settle(self, at_least: int) -> dict[str, Any]:
        """Wait (at most 5 s) until the server has accepted ``at_least`` connections or stops accepting more."""
        deadline = time.monotonic() + 5.0
        last = self.probe()
        while last["connections"] < at_least and time.monotonic() < deadline:
            time.sleep(0.2)
            current = self.probe()
            if current["connections"] == last["connections"]:
                return current
            last = current
        return last

    def idle_cpu(self, window: float = 1.0) -> float:
        """CPU seconds the child uses over ``window`` seconds in which no client sends anything."""
        before = self.probe()["cpu"]
        time.sleep(window)
        return float(self.probe()["cpu"] - before)

    def finish(self) -> str:
        """Stop the child; return what it wrote to stderr."""
        _, err = self.process.communicate(timeout=10)
        return err


@pytest.fixture
def child() -> Iterator[Callable[[int], Child]]:
    children: list[Child] = []

    def start(limit: int) -> Child:
        children.append(Child(limit))
        return children[-1]

    yield start
    for started in children:
        if started.process.poll() is None:
            started.process.kill()
            started.process.communicate()


@pytest.fixture
def descriptors() -> Iterator[Callable[[int], None]]:
    """Make sure this process may open ``count`` more sockets (raising its soft limit for the test), or skip."""
    resource = pytest.importorskip("resource")  # POSIX only
    limits = resource.getrlimit(resource.RLIMIT_NOFILE)

    def ensure(count: int) -> None:
        soft, hard = limits
        needed = count + 256
        if soft == resource.RLIM_INFINITY or soft >= needed:
            return
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} file descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))

    yield ensure
    resource.setrlimit(resource.RLIMIT_NOFILE, limits)


@contextlib.contextmanager
def held(port: int, count: int, begun: bytes = b"") -> Iterator[list[socket.socket]]:
    """Open ``count`` connections that send ``begun`` and nothing more; close them all at once on exit.

    Without ``begun`` the connects are not awaited (the connections stay silent, idle for the server).
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            if not begun:
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
                continue
            sock.settimeout(2.0)
            with contextlib.suppress(OSError):  # a server that stopped accepting may leave a connect hanging
                sock.connect(("127.0.0.1", port))
                sock.sendall(begun)
        yield sockets
    finally:
        for sock in sockets:
            sock.close()


def status_of(port: int, raw: bytes = LAST_REQUEST, timeout: float = 5.0) -> int | str:
    """The status a new connection gets for ``raw``, or what went wrong instead."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(raw)
            received = b""
            while b"\r\n" not in received:
                data = sock.recv(4096)
                if not data:
                    return "closed without an answer"
                received += data
            return int(received.split(b" ")[1])
    except OSError as exc:
        return type(exc).__name__


def answered_again(port: int, within: float = 10.0) -> int | str:
    """Ask until the server answers 200 (at most ``within`` seconds); the last status or error."""
    deadline = time.monotonic() + within
    status: int | str = "never asked"
    while time.monotonic() < deadline:
        status = status_of(port, timeout=max(0.5, deadline - time.monotonic()))
        if status == 200:
            break
        time.sleep(0.1)
    return status


# --- floods, in a child process with few descriptors ----------------------------------------------------------------


def test_more_idle_connections_than_descriptors_cost_no_threads_and_block_no_one(
    child: Callable[[int], Child], descriptors: Callable[[int], None]
) -> None:
    descriptors(700)
    server = child(600)  # the default cap (512) fits under 600 descriptors; 700 idle sockets do not
    with held(server.port, 700):
        state = server.settle(700)
        assert state["threads"] <= 3, state  # the caller's thread and the server's: not one per connection
        assert status_of(server.port) == 200  # a newcomer is served: it takes the place of the longest idle
        assert server.idle_cpu() < 0.2  # nothing spins while the flood is held
        assert server.probe()["threads"] <= 3
    assert answered_again(server.port) == 200  # all released at once: service goes on
    assert server.probe()["errors"] == []
    assert server.finish() == ""  # nothing printed


def test_running_out_of_descriptors_with_none_idle_pauses_accepting_and_service_resumes(
    child: Callable[[int], Child], descriptors: Callable[[int], None]
) -> None:
    descriptors(200)
    server = child(100)  # a cap above the descriptor limit: accept() fails with EMFILE
    with held(server.port, 200, begun=REQUEST[:30]):  # every connection has begun a request: none is idle
        state = server.settle(200)
        assert state["connections"] < 200  # it ran out of descriptors before accepting them all
        assert state["threads"] <= 3, state
        assert server.idle_cpu() < 0.2  # accept() is retried after a pause, not in a loop
    assert answered_again(server.port) == 200  # descriptors freed: accepting resumes within a second or so
    assert server.probe()["errors"] == []
    assert server.finish() == ""


# --- the connection cap, in this process ----------------------------------------------------------------------------


def connect(server: FakeMistralServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5.0)
    sock.settimeout(5.0)
    return sock


def read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    received = b""
    while b"\r\n\r\n" not in received:
        data = sock.recv(65536)
        assert data, f"closed before an answer: {received!r}"
        received += data
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    while len(body) < int(headers["content-length"]):
        data = sock.recv(65536)
        assert data, "closed in the middle of the body"
        body += data
    return int(status_line.split(" ")[1]), headers, body


def closed_by_server(sock: socket.socket, within: float = 3.0) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def serve_one(server: FakeMistralServer, sock: socket.socket) -> None:
    """Wait until ``sock`` is accepted and served (a request answered): it then counts against the cap."""
    sock.sendall(REQUEST)
    assert read_answer(sock)[0] == 200


def test_a_connection_beyond_the_cap_replaces_the_longest_idle_one() -> None:
    with FakeMistralServer(speed=0, max_connections=3) as server:
        oldest, middle, newest = connect(server), connect(server), connect(server)
        for sock in (oldest, middle, newest):
            serve_one(server, sock)  # in this order: the oldest has been idle the longest
        time.sleep(0.15)  # idle for longer than the grace a connection just answered gets
        with oldest, middle, newest, connect(server) as newcomer:
            newcomer.sendall(REQUEST)
            assert read_answer(newcomer)[0] == 200
            assert closed_by_server(oldest)
            for still_open in (middle, newest):
                still_open.sendall(REQUEST)
                assert read_answer(still_open)[0] == 200
        assert server.stats()["connections"] == 4
        assert server.internal_errors == []


def test_a_connection_beyond_a_cap_of_busy_ones_gets_a_503_json_and_is_closed() -> None:
    with FakeMistralServer(speed=0, max_connections=2, read_timeout=30) as server:
        busy = [connect(server), connect(server)]
        for sock in busy:
            serve_one(server, sock)
            sock.sendall(REQUEST[:20])  # a request begun: neither is idle any more
        time.sleep(0.05)  # let the partial requests arrive (no bytes arriving in time only makes it idle)
        with connect(server) as refused:
            status, headers, body = read_answer(refused)  # answered at once, before sending anything
            assert (status, headers["connection"], headers["retry-after"]) == (503, "close", "1")
            assert len(headers["x-request-id"]) == 32
            assert "connections" in json.loads(body)["detail"]
            assert closed_by_server(refused)
        for sock in busy:  # the busy ones are unaffected and, once done, make room
            with sock:
                sock.sendall(REQUEST[20:].replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
                assert read_answer(sock)[0] == 200
        assert answered_again(server.port) == 200
        assert 503 in [record.status for record in server.requests]
        assert server.internal_errors == []


def test_max_connections_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_connections"):
        FakeMistralServer(max_connections=0)


# --- one thread for everyone ----------------------------------------------------------------------------------------


def test_a_delay_fault_holds_up_only_its_own_request() -> None:
    with FakeMistralServer(speed=0) as server:
        server.inject(Fault.delay(5.0), path=f"{JOBS}/*")
        with connect(server) as delayed, connect(server) as other:
            delayed.sendall(REQUEST.replace(JOBS.encode(), f"{JOBS}/00000000-0000-4000-8000-000000000000".encode()))
            time.sleep(0.05)  # the delayed request has arrived and is waiting
            for _ in range(3):
                other.sendall(REQUEST)
                assert read_answer(other)[0] == 200
            delayed.setblocking(False)
            with pytest.raises(BlockingIOError):
                delayed.recv(1)  # still waiting for its answer, while the other connection was served
        assert server.pending_faults == 0
        assert server.internal_errors == []


PAGE = f"GET {JOBS}?page_size=100 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n\r\n".encode()


def test_a_client_that_sends_without_reading_is_cut_off_not_buffered() -> None:
    with FakeMistralServer(speed=0, idle_timeout=0.3) as server:
        server.add_jobs(100)
        with connect(server) as sock:
            sock.sendall(PAGE.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
            status, _, page = read_answer(sock)
            assert status == 200
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as greedy:
            greedy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            greedy.connect(("127.0.0.1", server.port))
            greedy.sendall(PAGE * 400)  # hundreds of large answers asked for, none of them read
            assert answered_again(server.port) == 200  # others are served meanwhile
            time.sleep(1.5)  # well past idle_timeout with nothing read: the server gives up on it
            greedy.settimeout(10.0)
            received = 0
            with contextlib.suppress(ConnectionResetError):
                while data := greedy.recv(1 << 20):
                    received += len(data)
        assert 0 < received < 100 * len(page)  # cut off: what the socket buffers held, not all 400 answers
        assert server.internal_errors == []


def test_many_connections_then_stop_leave_no_thread_or_socket(
    nothing_leaks: Callable[[], contextlib.AbstractContextManager[None]],
) -> None:
    threads_before = threading.active_count()
    with nothing_leaks():
        for _ in range(5):
            server = FakeMistralServer(speed=0).start()
            clients = [connect(server) for _ in range(50)]
            serve_one(server, clients[0])
            clients[1].sendall(REQUEST[:10])  # one in the middle of a request
            server.stop()
            for sock in clients:
                with sock:
                    assert closed_by_server(sock)
        assert threading.active_count() == threads_before
