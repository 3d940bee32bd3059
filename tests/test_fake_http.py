"""The fake server's HTTP framing, over raw sockets on 127.0.0.1, and the hostile requests it must survive.

Every request, however malformed, must get a status and a JSON body (or, for an idle connection, a clean close),
the connection must never hang, nothing may be printed to stderr, and the fake must record no internal error.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from mistral_fine_tuning.testing import FakeMistralServer

JOBS = "/v1/fine_tuning/jobs"
TOKEN = "http-token"
CAP = 8192  # a small body limit keeps the over-the-limit cases cheap
READ_TIMEOUT = 0.3
IDLE_TIMEOUT = 0.5
FILE_A = "11111111-1111-4111-8111-111111111111"
CHAT_DATA = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n'
CREATE_BODY = json.dumps(
    {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}, "training_files": [{"file_id": FILE_A}]}
).encode()


@pytest.fixture(scope="module")
def shared() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(
        speed=0.0, max_body_size=CAP, read_timeout=READ_TIMEOUT, idle_timeout=IDLE_TIMEOUT
    ) as server:
        yield server


@pytest.fixture
def server(shared: FakeMistralServer, capfd: pytest.CaptureFixture[str]) -> Iterator[FakeMistralServer]:
    shared.reset()
    shared.add_file(CHAT_DATA, file_id=FILE_A)  # jobs created through the API name stored files
    yield shared
    time.sleep(0.01)  # let connection threads finish what they were doing when the test ended
    assert shared.internal_errors == []
    assert capfd.readouterr().err == ""  # no traceback, no log line


# --- a minimal HTTP client on a raw socket ------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Wire(socket.socket):
    """A client socket that remembers bytes received past the answer it was reading (pipelined answers)."""

    leftover = b""


def connect(server: FakeMistralServer, timeout: float = 5.0) -> Wire:
    sock = Wire(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(("127.0.0.1", server.port))
    return sock


def read_answer(sock: Wire, *, head_only: bool = False) -> Answer:
    """Read one response (Content-Length framed, as the fake always sends) from ``sock``."""
    buffer, sock.leftover = sock.leftover, b""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        assert data, f"connection closed before an answer; got {buffer!r}"
        buffer += data
    head, _, rest = buffer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = 0 if head_only else int(headers["content-length"])
    while len(rest) < length:
        data = sock.recv(65536)
        assert data, "connection closed in the middle of the body"
        rest += data
    rest, sock.leftover = rest[:length], rest[length:]
    return Answer(int(status_line.split(" ")[1]), headers, rest)


def closed_by_server(sock: Wire, within: float = 3.0) -> bool:
    """Whether the server closes the connection (EOF or reset) within ``within`` seconds, sending nothing more."""
    if sock.leftover:
        return False
    sock.settimeout(within)
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def exchange(
    server: FakeMistralServer, raw: bytes, *, half_close: bool = False, kept_open: bool = False
) -> tuple[Answer, bool]:
    """Send ``raw`` on a new connection; return the answer and whether the server then closed the connection.

    With ``kept_open`` the connection is expected to stay open, which is checked without waiting for it to close.
    """
    with connect(server) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        answer = read_answer(sock)
        return answer, (not closed_by_server(sock, within=0.05) if kept_open else closed_by_server(sock))


def request(
    method: str = "GET",
    target: str = JOBS,
    *,
    headers: tuple[str, ...] = (),
    body: bytes = b"",
    length: bool = True,
    version: str = "HTTP/1.1",
) -> bytes:
    lines = [f"{method} {target} {version}", "Host: 127.0.0.1", f"Authorization: Bearer {TOKEN}", *headers]
    if body and length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def assert_json_error(answer: Answer, status: int) -> Any:
    assert answer.status == status, answer
    assert answer.headers["content-type"] == "application/json"
    assert len(answer.headers["x-request-id"]) == 32
    document = answer.json()
    assert isinstance(document, dict)
    assert "detail" in document
    return document["detail"]


# --- body size --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [10**20, 10**12, CAP + 1])
def test_declared_body_over_the_limit_is_413_without_reading_it(server: FakeMistralServer, length: int) -> None:
    began = time.monotonic()
    raw = request("POST", JOBS, headers=(f"Content-Length: {length}",), body=b'{"mo', length=False)
    answer, closed = exchange(server, raw)
    assert "limit" in assert_json_error(answer, 413)
    assert closed
    assert time.monotonic() - began < 2.0  # answered at once, not after reading or timing out
    assert server.job_ids == []
    assert server.requests[-1].status == 413


def test_body_at_the_limit_is_read(server: FakeMistralServer) -> None:
    body = CREATE_BODY + b" " * (CAP - len(CREATE_BODY))
    answer, closed = exchange(server, request("POST", body=body, headers=("Connection: close",)))
    assert answer.status == 200, answer.body
    assert closed


@pytest.mark.parametrize("chunk_size", ["FFFFFFFFFFFFFFFFFFFF", "1" + "0" * 15, f"{CAP + 1:x}"])
def test_declared_chunk_over_the_limit_is_413(server: FakeMistralServer, chunk_size: str) -> None:
    raw = request("POST", headers=("Transfer-Encoding: chunked",)) + f"{chunk_size}\r\n".encode() + b'{"model'
    answer, closed = exchange(server, raw)
    assert_json_error(answer, 413)
    assert closed
    assert server.job_ids == []


def test_many_small_chunks_over_the_limit_are_413(server: FakeMistralServer) -> None:
    raw = request("POST", headers=("Transfer-Encoding: chunked",)) + b"100\r\n" + b"x" * 256 + b"\r\n"
    with connect(server) as sock:
        sock.sendall(raw)
        for _ in range(CAP // 256 + 1):
            try:
                sock.sendall(b"100\r\n" + b"x" * 256 + b"\r\n")
            except OSError:
                break  # the server may refuse before everything is sent
        assert_json_error(read_answer(sock), 413)


def test_chunked_body_within_the_limit_creates_the_job(server: FakeMistralServer) -> None:
    first, second = CREATE_BODY[:10], CREATE_BODY[10:]
    chunks = (
        f"{len(first):x}\r\n".encode() + first + f"\r\n{len(second):x};ext=1\r\n".encode() + second + b"\r\n0\r\n\r\n"
    )
    answer, kept_open = exchange(
        server, request("POST", headers=("Transfer-Encoding: chunked",)) + chunks, kept_open=True
    )
    assert answer.status == 200, answer.body
    assert kept_open
    assert len(server.job_ids) == 1


# --- bodies that are not what they claim --------------------------------------------------------------------------


def test_body_shorter_than_its_content_length_is_never_processed(server: FakeMistralServer) -> None:
    raw = request("POST", headers=(f"Content-Length: {len(CREATE_BODY) + 50}",), body=CREATE_BODY, length=False)
    answer, closed = exchange(server, raw, half_close=True)
    assert "body" in assert_json_error(answer, 400)
    assert closed
    assert server.job_ids == []


def test_chunked_body_cut_short_is_never_processed(server: FakeMistralServer) -> None:
    raw = request("POST", headers=("Transfer-Encoding: chunked",)) + f"{len(CREATE_BODY):x}\r\n".encode() + CREATE_BODY
    answer, _ = exchange(server, raw, half_close=True)
    assert_json_error(answer, 400)
    assert server.job_ids == []


@pytest.mark.parametrize(
    "headers",
    [
        ("Content-Length: 5", "Content-Length: 6"),
        ("Content-Length: 5, 6",),
        ("Content-Length: 3_4",),
        ("Content-Length: +34",),
        ("Content-Length: -1",),
        ("Content-Length: 0x22",),
        ("Content-Length: 1e3",),
        ("Content-Length: ",),
    ],
)
def test_malformed_content_length_is_400(server: FakeMistralServer, headers: tuple[str, ...]) -> None:
    answer, closed = exchange(
        server, request("POST", headers=headers, body=b'{"model": "m"}' + b" " * 20, length=False)
    )
    assert_json_error(answer, 400)
    assert closed
    assert server.job_ids == []


@pytest.mark.parametrize(
    "headers",
    [
        ("Transfer-Encoding: chunked", f"Content-Length: {len(CREATE_BODY)}"),
        (f"Content-Length: {len(CREATE_BODY) + 7}", "Transfer-Encoding: chunked"),
        ("Content-Length: 0", "Transfer-Encoding: chunked"),
    ],
)
def test_content_length_with_transfer_encoding_is_400_and_closed(
    server: FakeMistralServer, headers: tuple[str, ...]
) -> None:
    # Two framings for one body is how a request gets smuggled past a proxy (RFC 9112 6.1): never served, never kept.
    chunked = f"{len(CREATE_BODY):x}\r\n".encode() + CREATE_BODY + b"\r\n0\r\n\r\n"
    followed_by = request("GET")  # had the connection been kept, this would be answered next
    answer, closed = exchange(server, request("POST", headers=headers) + chunked + followed_by)
    assert "Transfer-Encoding" in assert_json_error(answer, 400)
    assert closed
    assert server.job_ids == []
    assert [record.status for record in server.requests] == [400]


@pytest.mark.parametrize("chunk_size", [b"-1", b"zz", b"", b"0x10", b"1 2"])
def test_malformed_chunk_size_is_400(server: FakeMistralServer, chunk_size: bytes) -> None:
    raw = request("POST", headers=("Transfer-Encoding: chunked",)) + chunk_size + b"\r\n" + b"x" * 16 + b"\r\n"
    answer, closed = exchange(server, raw)
    assert_json_error(answer, 400)
    assert closed


def test_unknown_transfer_coding_is_501(server: FakeMistralServer) -> None:
    answer, closed = exchange(server, request("POST", headers=("Transfer-Encoding: gzip",), body=b"x", length=False))
    assert_json_error(answer, 501)
    assert closed


# --- slow and idle clients ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        request("POST", headers=(f"Content-Length: {len(CREATE_BODY)}",), length=False),  # headers, then nothing
        request("POST", headers=(f"Content-Length: {len(CREATE_BODY)}",), length=False) + CREATE_BODY[:5],
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # headers not finished
        b"GE",
    ],
)
def test_request_that_stops_arriving_gets_408_and_is_closed(server: FakeMistralServer, raw: bytes) -> None:
    with connect(server) as sock:
        sock.sendall(raw)
        began = time.monotonic()
        answer = read_answer(sock)
        waited = time.monotonic() - began
        assert_json_error(answer, 408)
        assert READ_TIMEOUT * 0.8 <= waited < READ_TIMEOUT + 2.0
        assert closed_by_server(sock)
    assert server.job_ids == []


def test_trickling_request_is_cut_at_the_read_timeout(server: FakeMistralServer) -> None:
    with connect(server) as sock:
        began = time.monotonic()
        for byte in b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(READ_TIMEOUT / 10)
            if time.monotonic() - began > READ_TIMEOUT * 3:
                break
        assert_json_error(read_answer(sock), 408)


def test_idle_connection_is_closed_silently(server: FakeMistralServer) -> None:
    with connect(server) as sock:
        sock.sendall(request())
        assert read_answer(sock).status == 200
        began = time.monotonic()
        assert closed_by_server(sock, within=IDLE_TIMEOUT + 3.0)  # EOF, no 408 sent to an idle connection
        assert time.monotonic() - began >= IDLE_TIMEOUT * 0.8
    with connect(server) as sock:
        assert closed_by_server(sock, within=IDLE_TIMEOUT + 3.0)  # connected, never sent a byte


def test_keep_alive_waits_between_requests_without_timing_out_early(server: FakeMistralServer) -> None:
    with connect(server) as sock:
        for _ in range(3):
            sock.sendall(request())
            assert read_answer(sock).status == 200
            time.sleep(READ_TIMEOUT * 1.2)  # longer than the read timeout, shorter than the idle one
        assert server.stats()["requests"] == 3


# --- request line and headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET /v1/fine_tuning/jobs\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        b"GET /v1/fine\x00tuning HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/fine_tuning/jobs/é HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\n\r\n",  # HTTP/1.1 requires Host
        b"GET /v1/fine_tuning/jobs HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        b"G(T /v1/fine_tuning/jobs HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /v1/fine_tuning/jobs HTTP/x.y\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n",  # a TLS hello
    ],
)
def test_malformed_request_line_or_headers_get_400(server: FakeMistralServer, raw: bytes) -> None:
    answer, closed = exchange(server, raw)
    assert_json_error(answer, 400)
    assert closed


@pytest.mark.parametrize("size", [20_000, 200_000])
def test_huge_headers_get_431(server: FakeMistralServer, size: int) -> None:
    answer, closed = exchange(server, request(headers=("X-Big: " + "a" * size,)))
    assert_json_error(answer, 431)
    assert closed


def test_other_http_major_versions_get_505(server: FakeMistralServer) -> None:
    answer, closed = exchange(server, request(version="HTTP/2.0"))
    assert_json_error(answer, 505)
    assert closed


@pytest.mark.parametrize("method", ["TRACE", "FOO", "PURGE", "CONNECT", "OPTIONS", "DELETE", "PATCH", "PUT"])
def test_unknown_or_undeclared_methods_get_405_with_allow(server: FakeMistralServer, method: str) -> None:
    with connect(server) as sock:
        sock.sendall(request(method, JOBS) + request(method, f"{JOBS}/{uuid.uuid4()}/cancel"))
        listing = read_answer(sock)
        assert assert_json_error(listing, 405) == "Method Not Allowed"
        assert listing.headers["allow"] == "GET, POST"
        cancel = read_answer(sock)
        assert_json_error(cancel, 405)
        assert cancel.headers["allow"] == "POST"
        sock.sendall(request())  # the connection is still usable
        assert read_answer(sock).status == 200


def test_unknown_method_on_an_unknown_path_is_404(server: FakeMistralServer) -> None:
    answer, kept_open = exchange(server, request("FOO", "/v1/models"), kept_open=True)
    assert assert_json_error(answer, 404) == "Not Found"
    assert kept_open


def test_head_is_405_without_a_body(server: FakeMistralServer) -> None:
    with connect(server) as sock:
        sock.sendall(request("HEAD"))
        answer = read_answer(sock, head_only=True)
        assert answer.status == 405
        assert answer.headers["allow"] == "GET, POST"
        assert int(answer.headers["content-length"]) > 0
        sock.sendall(request())  # had a body been sent, it would be read as the next answer's start
        assert read_answer(sock).status == 200


# --- connection management ----------------------------------------------------------------------------------------


def test_pipelined_requests_are_answered_in_order(server: FakeMistralServer) -> None:
    missing = str(uuid.uuid4())
    with connect(server) as sock:
        sock.sendall(request("POST", body=CREATE_BODY) + request("GET", f"{JOBS}/{missing}") + request("GET"))
        created, unknown, listed = read_answer(sock), read_answer(sock), read_answer(sock)
    assert created.status == 200
    assert unknown.status == 404
    assert listed.json()["total"] == 1


def test_connection_close_and_http_10_close_after_the_answer(server: FakeMistralServer) -> None:
    answer, closed = exchange(server, request(headers=("Connection: close",)))
    assert (answer.status, answer.headers["connection"], closed) == (200, "close", True)
    answer, closed = exchange(server, request(version="HTTP/1.0"))
    assert (answer.status, closed) == (200, True)


def test_expect_100_continue(server: FakeMistralServer) -> None:
    with connect(server) as sock:
        head = request("POST", headers=("Expect: 100-continue", f"Content-Length: {len(CREATE_BODY)}"), length=False)
        sock.sendall(head)
        assert read_answer(sock, head_only=True).status == 100
        sock.sendall(CREATE_BODY)
        assert read_answer(sock).status == 200
    assert len(server.job_ids) == 1


def test_over_the_limit_with_expect_100_continue_is_refused_without_continue(server: FakeMistralServer) -> None:
    raw = request("POST", headers=("Expect: 100-continue", f"Content-Length: {CAP * 10}"), length=False)
    answer, closed = exchange(server, raw)
    assert_json_error(answer, 413)
    assert closed


def test_client_hanging_up_mid_request_leaves_the_server_healthy(server: FakeMistralServer) -> None:
    for raw in (b"GET /v1/fine", request("POST", headers=("Content-Length: 100",), length=False) + b"{"):
        with connect(server) as sock:
            sock.sendall(raw)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
    answer, _ = exchange(server, request(), kept_open=True)
    assert answer.status == 200


def test_stop_closes_a_connection_in_the_middle_of_a_request() -> None:
    server = FakeMistralServer(read_timeout=30).start()
    with connect(server) as sock:
        sock.sendall(request("POST", headers=("Content-Length: 100",), length=False))
        time.sleep(0.05)
        began = time.monotonic()
        server.stop()
        assert time.monotonic() - began < 2.0
        assert closed_by_server(sock)


def test_a_bug_of_the_fake_is_a_500_json_kept_in_internal_errors(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    with FakeMistralServer() as server:

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise ZeroDivisionError("a bug in the fake")

        monkeypatch.setattr(server._app, "handle", broken)  # stands in for any bug behind the HTTP layer
        answer, kept_open = exchange(server, request(), kept_open=True)
        assert assert_json_error(answer, 500) == "Internal Server Error"
        assert kept_open
        [trace] = server.internal_errors
        assert "ZeroDivisionError: a bug in the fake" in trace
        assert server.requests[-1].status == 500
    assert capfd.readouterr().err == ""


# --- hostile bodies, through a real HTTP client -------------------------------------------------------------------


@pytest.fixture
def api(server: FakeMistralServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=server.server_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5.0, verify=False
    ) as client:
        yield client


def depth_of(value: Any) -> int:
    depth = 0
    while isinstance(value, list | dict) and value:
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
        depth += 1
    return depth


def test_body_nested_10000_deep_is_a_422_json_invalid(api: httpx.Client, server: FakeMistralServer) -> None:
    server_with_room = FakeMistralServer(max_body_size=1 << 16)
    with server_with_room:
        for body in (b"[" * 10_000 + b"]" * 10_000, b'{"model": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"):
            response = httpx.post(
                f"{server_with_room.server_url}{JOBS}",
                content=body,
                headers={"Authorization": "Bearer x", "content-type": "application/json"},
            )
            assert response.status_code == 422
            [error] = response.json()["detail"]
            assert error["type"] == "json_invalid"
            assert error["loc"][0] == "body"
        assert server_with_room.internal_errors == []


@pytest.mark.parametrize("depth", range(900, 1010, 10))
def test_deep_input_echoed_in_a_422_is_bounded(api: httpx.Client, depth: int) -> None:
    # Around the interpreter's recursion limit decoding may succeed while echoing the input back would not.
    body = b'{"hyperparameters": {}, "model": ' + b"[" * depth + b"]" * depth + b"}"
    response = api.post(JOBS, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    for error in response.json()["detail"]:
        assert error["loc"][0] == "body"
        assert depth_of(error.get("input")) <= 40


def test_huge_numbers_in_hyperparameters_get_what_fastapi_would(api: httpx.Client, server: FakeMistralServer) -> None:
    base = {"model": "open-mistral-7b", "training_files": [{"file_id": FILE_A}]}
    dry = api.post(JOBS, params={"dry_run": "true"}, json={**base, "hyperparameters": {"epochs": 1e308}})
    assert dry.status_code == 200, dry.text
    estimate = dry.json()
    assert estimate["epochs"] == 1e308
    assert estimate["training_steps"] == estimate["train_tokens"] == 2**63 - 1  # saturated
    assert estimate["expected_duration_seconds"] == 2**63 - 1

    steps = 10**400
    body = json.dumps({**base, "hyperparameters": {"training_steps": steps}, "auto_start": True})
    created = api.post(JOBS, content=body, headers={"content-type": "application/json"})
    assert created.status_code == 200, created.text
    job = created.json()
    assert job["hyperparameters"]["training_steps"] == steps  # echoed as sent
    assert job["metadata"]["train_tokens"] == 2**63 - 1
    server.advance(10**6)
    running = api.get(f"{JOBS}/{job['id']}").json()
    assert running["status"] == "RUNNING"
    server.advance(1e300)  # far past any checkpoint time a float can hold
    assert api.get(f"{JOBS}/{job['id']}").status_code == 200

    dry_steps = api.post(
        JOBS,
        params={"dry_run": "true"},
        content=json.dumps({**base, "hyperparameters": {"training_steps": steps}}),
        headers={"content-type": "application/json"},
    )
    assert dry_steps.status_code == 200
    assert dry_steps.json()["training_steps"] == 2**63 - 1


@pytest.mark.parametrize(
    ("hyperparameters", "kind"),
    [
        (b'{"epochs": 1e400}', "finite_number"),
        (b'{"learning_rate": ' + b"9" * 400 + b"}", "finite_number"),
        (b'{"training_steps": 1e400}', "finite_number"),
        (b'{"training_steps": ' + b"9" * 5000 + b"}", "json_invalid"),  # beyond Python's int conversion limit
    ],
)
def test_numbers_beyond_the_float_range_are_422(api: httpx.Client, hyperparameters: bytes, kind: str) -> None:
    body = b'{"model": "m", "hyperparameters": ' + hyperparameters + b"}"
    response = api.post(JOBS, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert kind in {error["type"] for error in response.json()["detail"]}


def test_lone_surrogates_are_echoed_as_valid_json(api: httpx.Client) -> None:
    body = b'{"model": "a\\ud800b", "hyperparameters": {}, ' + (
        b'"repositories": [{"name": "\\ud834", "owner": "\\udfff", "token": "t"}]}'
    )
    created = api.post(JOBS, content=body, headers={"content-type": "application/json"})
    assert created.status_code == 200
    job = json.loads(created.content)  # valid JSON, escapes kept
    assert job["model"] == "a\ud800b"
    invalid = api.post(JOBS, content=b'{"model": "\\ud800"}', headers={"content-type": "application/json"})
    assert invalid.status_code == 422
    assert json.loads(invalid.content)["detail"][0]["input"] == {"model": "\ud800"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9" * 400},
        {"page": "-5"},
        {"page_size": str(10**30), "page": str(10**30)},
        {"page": "1" * 5000},
        {"created_after": "9" * 400},
        {"created_after": "1e400"},
        {"created_before": "-" + "9" * 30},
        {"model": "\x00\x01"},
        "status=%ED%A0%80&model=%FF%FE",  # percent-encoded bytes that are not UTF-8
        "created_after=%00",
    ],
)
def test_extreme_query_values_never_break_the_list(api: httpx.Client, params: dict[str, str] | str) -> None:
    response = api.get(JOBS, params=params) if isinstance(params, dict) else api.get(f"{JOBS}?{params}")
    assert response.status_code in (200, 422)
    body = response.json()
    assert ("data" in body) == (response.status_code == 200)
