"""`Mistral(...).files` end to end against the fake server on 127.0.0.1: every operation sync and async, raw and
parsed; every shape of file `upload` takes (and those it refuses before sending anything); streaming, progress,
Content-Length, who closes what, never re-sending an upload that may have been stored; downloads as unread responses
and `download_to`'s clean failures; paging and signed URLs.

What the server received is read from its request log and its store (`get_file`, `get_file_content`), never from a
mock of the client.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import math
import os
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl

import httpx2
import pytest
from mistral_fine_tuning import Mistral, _api, errors, models, utils
from mistral_fine_tuning._files import Download
from mistral_fine_tuning._raw import RawResponse
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import CHAT_DATA, KEY, SSL_CONTEXT, SYNC_ASYNC, TRAINING_FILE, connected

FILES = "/v1/files"
UNKNOWN_FILE = "00000000-0000-4000-8000-0000000000f1"
QUICK_RETRIES = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 5_000), True, max_attempts=3)
LINE = b'{"messages":[{"role":"user","content":"Question?"},{"role":"assistant","content":"Answer."}]}\n'
DATA = LINE * 4000  # about 360 KiB: several of the HTTP library's 64 KiB reads
LeakCheck = Callable[[], contextlib.AbstractContextManager[None]]


@pytest.fixture
async def mistral(fake_server: FakeMistralServer) -> AsyncIterator[Mistral]:
    """A client (sync and async) of the fake server, closed afterwards."""
    async with connected(fake_server.server_url) as client:
        yield client


@pytest.fixture
def train(tmp_path: Path) -> Path:
    """A training file on disk, `train.jsonl`."""
    path = tmp_path / "train.jsonl"
    path.write_bytes(DATA)
    return path


async def call(resource: Any, operation: str, use_async: bool, /, **kwargs: Any) -> Any:
    """`resource.<operation>(...)`, or its `_async` twin."""
    if use_async:
        return await getattr(resource, f"{operation}_async")(**kwargs)
    return getattr(resource, operation)(**kwargs)


def uploads(server: FakeMistralServer) -> list[Any]:
    """The upload requests the server received."""
    return [request for request in server.requests if request.method == "POST" and request.path == FILES]


def part_of(body: bytes) -> tuple[bytes, bytes]:
    """The `file` part of a multipart body: its headers and its content."""
    boundary = body.split(b"\r\n", 1)[0]
    for part in body.split(boundary):
        head, _, rest = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return head.strip(), rest[: -len(b"\r\n")]
    raise AssertionError("no file part")


def descriptors_on(path: Path) -> list[str]:
    """This process's open file descriptors on `path`."""
    found = []
    for entry in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(entry) == str(path):
                found.append(entry.name)
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads open descriptors from /proc")


# --- the shapes real code uses -------------------------------------------------------------------------------------


@SYNC_ASYNC
async def test_the_cookbook_upload_runs_unchanged_and_its_id_trains(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, monkeypatch: pytest.MonkeyPatch, use_async: bool
) -> None:
    """Mistral's cookbook and docs: `file={"file_name": ..., "content": open(..., "rb")}`, then the id in
    `training_files`, then `files.delete(file_id=...)`."""
    monkeypatch.chdir(train.parent)
    with open("train.jsonl", "rb") as opened:
        arguments = {"file": {"file_name": "train.jsonl", "content": opened}}
        training_data = await call(mistral.files, "upload", use_async, **arguments)
        assert not opened.closed  # the caller's file: theirs to close
    assert isinstance(training_data, models.UploadFileOut)
    assert fake_server.get_file_content(training_data.id) == DATA
    assert (training_data.filename, training_data.bytes_) == ("train.jsonl", len(DATA))
    assert training_data.purpose == "fine-tune"
    job = await call(
        mistral.fine_tuning.jobs,
        "create",
        use_async,
        model="open-mistral-7b",
        training_files=[{"file_id": training_data.id, "weight": 1}],
        hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
    )
    assert isinstance(job, models.CompletionJobOut)
    assert job.training_files == [training_data.id]

    deleted = await call(mistral.files, "delete", use_async, file_id=training_data.id)
    assert isinstance(deleted, models.DeleteFileOut)
    assert (deleted.id, deleted.deleted) == (training_data.id, True)
    assert training_data.id not in fake_server.file_ids


@SYNC_ASYNC
async def test_the_2x_file_model_uploads_bytes_read_from_disk(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, use_async: bool
) -> None:
    """mistralai's own example: `File(file_name=..., content=open(...).read())` (`models.File` once it is exported;
    until then the generated class it will be)."""
    file_class: Any = getattr(models, "File", _api.File)
    with open(train, "rb") as opened:
        uploaded = await call(
            mistral.files, "upload", use_async, file=file_class(file_name="train.jsonl", content=opened.read())
        )
    assert fake_server.get_file_content(uploaded.id) == DATA
    job = await call(
        mistral.fine_tuning.jobs,
        "create",
        use_async,
        model="open-mistral-7b",
        training_files=[uploaded.id],
        hyperparameters={"training_steps": 10},
    )
    assert job.training_files == [uploaded.id]


# --- every accepted shape ------------------------------------------------------------------------------------------


def _shapes(train: Path, stack: contextlib.ExitStack) -> dict[str, tuple[Any, str, bytes, str | None]]:
    """Each accepted `file=` value, with the name, the content and the part Content-Type the server must see."""

    def opened(buffering: int = -1) -> BinaryIO:
        return stack.enter_context(open(train, "rb", buffering=buffering))

    gz = train.with_name("train.jsonl.gz")
    gz.write_bytes(gzip.compress(DATA))
    text = DATA.decode()
    return {
        "dict-bytes": ({"file_name": "a.jsonl", "content": DATA}, "a.jsonl", DATA, None),
        "dict-text": ({"file_name": "b.jsonl", "content": text}, "b.jsonl", DATA, None),
        "dict-bytearray": ({"file_name": "c.jsonl", "content": bytearray(DATA)}, "c.jsonl", DATA, None),
        "dict-memoryview": ({"file_name": "d.jsonl", "content": memoryview(DATA)}, "d.jsonl", DATA, None),
        "dict-binary-file": ({"file_name": "e.jsonl", "content": opened()}, "e.jsonl", DATA, None),
        "dict-unbuffered-file": ({"file_name": "f.jsonl", "content": opened(0)}, "f.jsonl", DATA, None),
        "dict-bytesio": ({"file_name": "g.jsonl", "content": io.BytesIO(DATA)}, "g.jsonl", DATA, None),
        "dict-gzip-file": (
            {"file_name": "h.jsonl", "content": stack.enter_context(gzip.open(gz, "rb"))},
            "h.jsonl",
            DATA,
            None,
        ),
        "dict-content-type": (
            {"file_name": "i.jsonl", "content": DATA, "content_type": "application/jsonl"},
            "i.jsonl",
            DATA,
            "application/jsonl",
        ),
        "dict-fileName-alias": ({"fileName": "j.jsonl", "content": DATA}, "j.jsonl", DATA, None),
        "File-bytes": (_api.File(file_name="k.jsonl", content=DATA), "k.jsonl", DATA, None),
        "File-file": (
            _api.File(file_name="l.jsonl", content=opened(), content_type="text/plain"),
            "l.jsonl",
            DATA,
            "text/plain",
        ),
        "path-str": (str(train), "train.jsonl", DATA, None),
        "path-Path": (train, "train.jsonl", DATA, None),
        "bare-binary-file": (opened(), "train.jsonl", DATA, None),
    }


SHAPES = [
    "dict-bytes",
    "dict-text",
    "dict-bytearray",
    "dict-memoryview",
    "dict-binary-file",
    "dict-unbuffered-file",
    "dict-bytesio",
    "dict-gzip-file",
    "dict-content-type",
    "dict-fileName-alias",
    "File-bytes",
    "File-file",
    "path-str",
    "path-Path",
    "bare-binary-file",
]


@SYNC_ASYNC
@pytest.mark.parametrize("shape", SHAPES)
async def test_upload_takes_every_shape_the_official_sdks_take_and_paths(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, shape: str, use_async: bool
) -> None:
    with contextlib.ExitStack() as stack:
        value, name, content, content_type = _shapes(train, stack)[shape]
        fake_server.clear_requests()
        uploaded = await call(mistral.files, "upload", use_async, file=value)
    assert isinstance(uploaded, models.UploadFileOut)
    assert (uploaded.filename, uploaded.bytes_) == (name, len(content))
    assert fake_server.get_file_content(uploaded.id) == content
    [request] = uploads(fake_server)
    head, sent = part_of(request.body)
    assert sent == content
    assert f'filename="{name}"'.encode() in head
    if content_type is not None:
        assert f"content-type: {content_type}".encode() in head.lower()
    if shape != "dict-gzip-file":  # a gzip stream cannot tell its size without reading it: sent in chunks
        assert request.header("content-length") == str(len(request.body))
        assert request.header("transfer-encoding") is None


def test_every_listed_shape_is_tested(train: Path) -> None:
    with contextlib.ExitStack() as stack:
        assert sorted(_shapes(train, stack)) == sorted(SHAPES)


@SYNC_ASYNC
async def test_a_stream_that_cannot_seek_is_sent_in_chunks_whole(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    read_end, write_end = os.pipe()

    def feed() -> None:
        with open(write_end, "wb") as out:
            out.write(DATA)

    feeder = threading.Thread(target=feed)
    feeder.start()
    with open(read_end, "rb") as pipe:
        progress: list[tuple[int, int | None]] = []
        uploaded = await call(
            mistral.files,
            "upload",
            use_async,
            file={"file_name": "piped.jsonl", "content": pipe},
            on_progress=lambda sent, total: progress.append((sent, total)),
        )
        assert not pipe.closed
    feeder.join()
    assert fake_server.get_file_content(uploaded.id) == DATA
    [request] = uploads(fake_server)
    assert request.header("transfer-encoding") == "chunked"
    assert progress[-1] == (len(DATA), None)  # the size of a pipe is not known


# --- refused before anything is sent -------------------------------------------------------------------------------


def _refused(train: Path, stack: contextlib.ExitStack) -> dict[str, tuple[dict[str, Any], str, str]]:
    """Arguments `upload` refuses, with the parameter named and a piece of the message."""
    closed = open(train, "rb")  # noqa: SIM115  (closed at once: that is the point)
    closed.close()
    text_file = stack.enter_context(open(train, encoding="utf-8"))  # noqa: SIM115  (closed with the stack)
    return {
        "text-mode-file": ({"file": {"file_name": "a.jsonl", "content": text_file}}, "file", "text mode"),
        "bare-text-mode-file": ({"file": text_file}, "file", "text mode"),
        "stringio": ({"file": {"file_name": "a.jsonl", "content": io.StringIO("x")}}, "file", "text mode"),
        "closed-file": ({"file": {"file_name": "a.jsonl", "content": closed}}, "file", "closed"),
        "bare-closed-file": ({"file": closed}, "file", "closed"),
        "no-file-name": ({"file": {"content": DATA}}, "file", "file_name"),
        "empty-file-name": ({"file": {"file_name": "", "content": DATA}}, "file", "file_name"),
        "file-name-not-text": ({"file": {"file_name": 7, "content": DATA}}, "file", "file_name"),
        "File-without-name": ({"file": _api.File(content=DATA)}, "file", "file_name"),
        "unknown-key": ({"file": {"file_name": "a.jsonl", "content": DATA, "mime": "x"}}, "file", "unknown key"),
        "no-content": ({"file": {"file_name": "a.jsonl"}}, "file", "content"),
        "content-none": ({"file": {"file_name": "a.jsonl", "content": None}}, "file", "content"),
        "content-number": ({"file": {"file_name": "a.jsonl", "content": 12}}, "file", "content"),
        "content-type-number": (
            {"file": {"file_name": "a.jsonl", "content": DATA, "content_type": 1}},
            "file",
            "content_type",
        ),
        "bare-bytes": ({"file": DATA}, "file", "file name"),
        "tuple": ({"file": ("a.jsonl", DATA)}, "file", "got tuple"),
        "missing-path": ({"file": str(train.with_name("nope.jsonl"))}, "file", "no such file"),
        "folder-path": ({"file": train.parent}, "file", "folder"),
        "nameless-stream": ({"file": io.BytesIO(DATA)}, "file", "without a name"),
        "no-file": ({}, "file", "missing"),
        "bad-purpose": ({"file": str(train), "purpose": 3}, "purpose", "must be one of"),
        "unknown-argument": ({"file": str(train), "purpouse": "batch"}, "purpouse", ""),
        "progress-not-callable": ({"file": str(train), "on_progress": 3}, "on_progress", "function"),
    }


REFUSED = [
    "text-mode-file",
    "bare-text-mode-file",
    "stringio",
    "closed-file",
    "bare-closed-file",
    "no-file-name",
    "empty-file-name",
    "file-name-not-text",
    "File-without-name",
    "unknown-key",
    "no-content",
    "content-none",
    "content-number",
    "content-type-number",
    "bare-bytes",
    "tuple",
    "missing-path",
    "folder-path",
    "nameless-stream",
    "no-file",
    "bad-purpose",
    "unknown-argument",
    "progress-not-callable",
]


@needs_proc
@SYNC_ASYNC
@pytest.mark.parametrize("case", REFUSED)
async def test_upload_refuses_what_it_cannot_send_before_sending_anything(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, case: str, use_async: bool
) -> None:
    with contextlib.ExitStack() as stack:
        arguments, parameter, message = _refused(train, stack)[case]
        fake_server.clear_requests()
        with pytest.raises(errors.InputValidationError) as caught:
            await call(mistral.files, "upload", use_async, **arguments)
    assert caught.value.param == parameter
    assert message in str(caught.value)
    assert fake_server.requests == []
    assert descriptors_on(train) == []  # nothing the upload opened is left open


def test_every_refused_case_is_tested(train: Path) -> None:
    with contextlib.ExitStack() as stack:
        assert sorted(_refused(train, stack)) == sorted(REFUSED)


@SYNC_ASYNC
async def test_a_positional_file_is_refused_like_every_other_method(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, use_async: bool
) -> None:
    with pytest.raises(errors.UnexpectedArgumentError, match="keyword arguments only"):
        if use_async:
            await mistral.files.upload_async(str(train))  # type: ignore[call-arg]
        else:
            mistral.files.upload(str(train))  # type: ignore[call-arg]
    with pytest.raises(errors.UnexpectedArgumentError):
        await mistral.files.with_raw_response.upload_async(str(train))  # type: ignore[call-arg]
    assert fake_server.requests == []


# --- streaming -----------------------------------------------------------------------------------------------------

_PEAK_PROBE = r"""
import asyncio, json, sys, tracemalloc
from mistral_fine_tuning import Mistral

url, path, copy = sys.argv[1:4]
peaks = {}


def measure(name, run):
    tracemalloc.start()
    run()
    peaks[name] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


with Mistral(api_key="memory-probe-key-0123456789", server_url=url) as mistral:
    files = mistral.files
    warm = files.upload(file={"file_name": "warm.jsonl", "content": b"{}\n"})  # imports, connections
    files.download_to(copy, file_id=warm.id)

    async def warm_async():
        async with Mistral(api_key="memory-probe-key-0123456789", server_url=url) as other:
            await other.files.upload_async(file={"file_name": "warm.jsonl", "content": b"{}\n"})
            await other.files.download_to_async(copy, file_id=warm.id)

    asyncio.run(warm_async())
    ids = []
    measure("upload", lambda: ids.append(files.upload(file=path).id))

    def upload_async():
        async def run():
            async with Mistral(api_key="memory-probe-key-0123456789", server_url=url) as other:
                return await other.files.upload_async(file={"file_name": "big.jsonl", "content": open(path, "rb")})
        ids.append(asyncio.run(run()).id)

    measure("upload_async", upload_async)
    measure("download_to", lambda: files.download_to(copy, file_id=ids[0]))

    def download_async():
        async def run():
            async with Mistral(api_key="memory-probe-key-0123456789", server_url=url) as other:
                await other.files.download_to_async(copy, file_id=ids[0])
        asyncio.run(run())

    measure("download_to_async", download_async)
    # The measure itself: the same file passed as bytes must show at least its size.
    whole = lambda: {"file_name": "big.jsonl", "content": open(path, "rb").read()}
    measure("bytes_read_first", lambda: files.upload(file=whole()))
print(json.dumps({"peaks": peaks, "ids": ids}))
"""


def test_uploads_and_downloads_stream_without_holding_the_file_in_memory(tmp_path: Path) -> None:
    """64 MiB up and down, sync and async, in a process of its own: the peak of memory allocated during each
    transfer stays a small fraction of the file, while the same file given as bytes shows its whole size."""
    size = 64 << 20
    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        for _ in range(size // len(LINE)):
            out.write(LINE)
    size = big.stat().st_size
    copy = tmp_path / "copy.jsonl"
    with FakeMistralServer(speed=0, record_requests=False) as server:
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_PROBE, server.server_url, str(big), str(copy)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        ids = set(result["ids"])
        assert len(ids) == 1  # the same name and content: the server kept one file
        assert len(server.get_file_content(ids.pop())) == size
    peaks = result["peaks"]
    assert peaks["bytes_read_first"] > size, peaks  # the probe sees a file held whole
    for transfer in ("upload", "upload_async", "download_to", "download_to_async"):
        assert peaks[transfer] < 8 << 20, (transfer, peaks)  # under 8 MiB for a 64 MiB file
    assert copy.stat().st_size == size
    with big.open("rb") as original, copy.open("rb") as downloaded:
        while block := original.read(1 << 20):
            assert downloaded.read(1 << 20) == block


@SYNC_ASYNC
@pytest.mark.parametrize("shape", ["path", "caller-file", "bytes", "text"])
async def test_progress_rises_to_the_size_and_the_request_has_a_content_length(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, shape: str, use_async: bool
) -> None:
    progress: list[tuple[int, int | None]] = []
    with open(train, "rb") as opened:
        value: Any = {
            "path": train,
            "caller-file": {"file_name": "train.jsonl", "content": opened},
            "bytes": {"file_name": "train.jsonl", "content": DATA},
            "text": {"file_name": "train.jsonl", "content": DATA.decode()},
        }[shape]
        await call(
            mistral.files,
            "upload",
            use_async,
            file=value,
            on_progress=lambda sent, total: progress.append((sent, total)),
        )
    sent = [report[0] for report in progress]
    assert len(progress) >= math.ceil(len(DATA) / (64 << 10))  # reported as it is read, not once at the end
    assert sent == sorted(sent) and sent[0] > 0
    assert {report[1] for report in progress} == {len(DATA)}
    assert progress[-1] == (len(DATA), len(DATA))
    [request] = uploads(fake_server)
    assert request.header("content-length") == str(len(request.body))
    assert request.header("transfer-encoding") is None


# --- who closes what -----------------------------------------------------------------------------------------------


@needs_proc
@SYNC_ASYNC
@pytest.mark.parametrize("outcome", ["stored", "500", "413-while-sending", "lost-answer"])
async def test_a_path_is_closed_and_a_callers_file_left_open_whatever_happens(
    train: Path, outcome: str, use_async: bool, nothing_leaks: LeakCheck
) -> None:
    big = train.with_name("big.jsonl")
    big.write_bytes(DATA * 8)  # about 3 MiB: over the server's limit below, refused while it is being sent
    path = big if outcome == "413-while-sending" else train
    with FakeMistralServer(speed=0, max_file_size=1 << 20) as server:
        faults = {"500": Fault.error(500), "lost-answer": Fault.drop_connection(after_handling=True)}
        async with connected(server.server_url) as mistral:
            with nothing_leaks():
                for value in ("path", "caller"):
                    if outcome in faults:
                        server.inject(faults[outcome], method="POST")
                    with open(path, "rb") as callers:
                        file = path if value == "path" else {"file_name": path.name, "content": callers}
                        try:
                            await call(mistral.files, "upload", use_async, file=file)
                        except (errors.SDKError, errors.APIConnectionError) as exc:
                            assert outcome != "stored", exc
                        else:
                            assert outcome == "stored"
                        assert not callers.closed
                        callers.seek(0)
                        assert callers.read(len(LINE)) == LINE  # still usable
                        assert descriptors_on(path) == [str(callers.fileno())]  # only the caller's own
    assert descriptors_on(path) == []


# --- never re-sent once it may have been stored --------------------------------------------------------------------


@SYNC_ASYNC
async def test_an_upload_whose_answer_was_lost_is_not_resent_and_the_error_says_how_to_find_it(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, use_async: bool
) -> None:
    before = set(fake_server.file_ids)
    fake_server.clear_requests()
    fake_server.inject(Fault.drop_connection(after_handling=True), method="POST", path=FILES)
    with pytest.raises(errors.APIConnectionError) as caught:
        await call(mistral.files, "upload", use_async, file=train, retries=QUICK_RETRIES)
    assert len(uploads(fake_server)) == 1
    [stored] = set(fake_server.file_ids) - before  # it was stored, once
    message = str(caught.value)
    assert "may have been stored" in message
    assert "files.list(search='train.jsonl')" in message
    found = await call(mistral.files, "list", use_async, search="train.jsonl")  # the hint finds it, newest first
    assert found.data[0].id == stored


@SYNC_ASYNC
async def test_an_upload_answered_500_is_not_resent(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, use_async: bool
) -> None:
    fake_server.clear_requests()
    fake_server.inject(Fault.error(500), method="POST", path=FILES)
    with pytest.raises(errors.InternalServerError):
        await call(mistral.files, "upload", use_async, file=train, retries=QUICK_RETRIES)
    assert len(uploads(fake_server)) == 1


@SYNC_ASYNC
@pytest.mark.parametrize("shape", ["path", "caller-file", "bytes"])
async def test_a_503_is_retried_and_the_file_sent_whole_again(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, shape: str, use_async: bool
) -> None:
    fake_server.clear_requests()
    fake_server.inject(Fault.error(503), method="POST", path=FILES)
    progress: list[int] = []
    with open(train, "rb") as opened:
        value: Any = {
            "path": train,
            "caller-file": {"file_name": "train.jsonl", "content": opened},
            "bytes": {"file_name": "train.jsonl", "content": DATA},
        }[shape]
        uploaded = await call(
            mistral.files,
            "upload",
            use_async,
            file=value,
            retries=QUICK_RETRIES,
            on_progress=lambda sent, total: progress.append(sent),
        )
    refused, stored = uploads(fake_server)
    assert (refused.status, stored.status) == (503, 200)
    assert part_of(refused.body)[1] == part_of(stored.body)[1] == DATA
    assert fake_server.get_file_content(uploaded.id) == DATA
    # Each attempt's reports rise to the size; the second attempt starts again from its start.
    restart = next(index for index in range(1, len(progress)) if progress[index] < progress[index - 1])
    for attempt in (progress[:restart], progress[restart:]):
        assert attempt == sorted(attempt) and attempt[-1] == len(DATA)


class _RefusedOnce(httpx2.BaseTransport, httpx2.AsyncBaseTransport):
    """The network: its first connection attempt is refused, as a server restarting would; then it connects."""

    def __init__(self) -> None:
        self.refused = 0
        self._sync = httpx2.HTTPTransport()
        self._async = httpx2.AsyncHTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if not self.refused:
            self.refused += 1
            raise httpx2.ConnectError("[Errno 111] Connection refused", request=request)
        return self._sync.handle_request(request)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if not self.refused:
            self.refused += 1
            raise httpx2.ConnectError("[Errno 111] Connection refused", request=request)
        return await self._async.handle_async_request(request)

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()


@SYNC_ASYNC
async def test_a_connect_error_before_sending_is_retried_and_the_file_sent_whole(
    fake_server: FakeMistralServer, train: Path, use_async: bool
) -> None:
    transport = _RefusedOnce()
    async with httpx2.AsyncClient(transport=transport) as async_client:
        with httpx2.Client(transport=transport) as client:
            mistral = Mistral(api_key=KEY, server_url=fake_server.server_url, client=client, async_client=async_client)
            fake_server.clear_requests()
            uploaded = await call(mistral.files, "upload", use_async, file=train, retries=QUICK_RETRIES)
    assert transport.refused == 1
    [request] = uploads(fake_server)
    assert part_of(request.body)[1] == DATA
    assert fake_server.get_file_content(uploaded.id) == DATA


# --- download ------------------------------------------------------------------------------------------------------


async def test_download_hands_over_the_response_unread(fake_server: FakeMistralServer, mistral: Mistral) -> None:
    download = mistral.files.download(file_id=TRAINING_FILE)
    assert isinstance(download, Download)
    assert not download.is_stream_consumed and not download.is_closed
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.read() == CHAT_DATA
    assert download.content == CHAT_DATA
    download.close()

    with mistral.files.download(file_id=TRAINING_FILE) as streamed:
        assert b"".join(streamed.iter_bytes()) == CHAT_DATA
    assert streamed.is_closed

    async with await mistral.files.download_async(file_id=TRAINING_FILE) as streamed_async:
        assert not streamed_async.is_stream_consumed
        assert b"".join([chunk async for chunk in streamed_async.aiter_bytes()]) == CHAT_DATA
    assert streamed_async.is_closed
    read_async = await mistral.files.download_async(file_id=TRAINING_FILE)
    assert await read_async.aread() == CHAT_DATA
    await read_async.aclose()
    accepts = {request.header("accept") for request in fake_server.requests if request.path.endswith("/content")}
    assert accepts == {"application/octet-stream"}  # as both official SDKs ask for it


@SYNC_ASYNC
async def test_download_with_raw_response_parses_to_the_unread_download(mistral: Mistral, use_async: bool) -> None:
    raw = await call(mistral.files.with_raw_response, "download", use_async, file_id=TRAINING_FILE)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200 and raw.request_id
    download = raw.parse()
    assert isinstance(download, Download)
    assert raw.parse() is download
    if use_async:
        assert await download.aread() == CHAT_DATA
        await download.aclose()
    else:
        with download:
            assert download.read() == CHAT_DATA
    assert raw.content == CHAT_DATA  # read through the download


@SYNC_ASYNC
async def test_a_raw_download_s_body_reads_on_demand(mistral: Mistral, use_async: bool) -> None:
    """Without `parse()`: a sync raw download reads its body when asked; an async one says to `aread()` first."""
    raw = await call(mistral.files.with_raw_response, "download", use_async, file_id=TRAINING_FILE)
    if use_async:
        with pytest.raises(errors.StreamNotReadError, match="aread"):
            _ = raw.content
        assert await raw.aread() == CHAT_DATA
    assert raw.content == CHAT_DATA
    assert raw.text == CHAT_DATA.decode()
    assert raw.http_response.is_closed
    listed = await call(mistral.files.with_raw_response, "list", use_async)
    assert listed.json()["object"] == "list"  # an ordinary raw answer: read already, as before


@SYNC_ASYNC
async def test_a_200_with_json_instead_of_the_file_is_a_response_validation_error(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool, nothing_leaks: LeakCheck
) -> None:
    fake_server.inject(Fault.error(200, {"error": "file not ready"}), path=f"{FILES}/{TRAINING_FILE}/content")
    with nothing_leaks(), pytest.raises(errors.ResponseValidationError) as caught:
        await call(mistral.files, "download", use_async, file_id=TRAINING_FILE)
    assert caught.value.status_code == 200
    assert "application/json" in str(caught.value) and "file not ready" in str(caught.value)


@SYNC_ASYNC
async def test_download_to_writes_the_same_bytes_and_leaves_nothing_else(
    mistral: Mistral, tmp_path: Path, use_async: bool
) -> None:
    target = tmp_path / "saved.jsonl"
    target.write_bytes(b"an older version")
    written = await call(mistral.files, "download_to", use_async, path=target, file_id=TRAINING_FILE)
    assert written == len(CHAT_DATA)
    assert target.read_bytes() == CHAT_DATA
    assert sorted(path.name for path in tmp_path.iterdir()) == ["saved.jsonl"]


@contextlib.contextmanager
def _breaking_server(declared: int, sent: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 answering every request with a 200 octet-stream of `declared` bytes, of which it sends
    `sent` before closing the connection: a download broken off midway."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                received = b""
                while b"\r\n\r\n" not in received and (chunk := connection.recv(1 << 16)):
                    received += chunk
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {declared}\r\n"
                connection.sendall(head.encode() + b"\r\n" + sent)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()


@SYNC_ASYNC
async def test_download_to_broken_off_midway_is_a_connection_error_and_leaves_no_file(
    tmp_path: Path, use_async: bool, nothing_leaks: LeakCheck
) -> None:
    target = tmp_path / "saved.jsonl"
    kept = tmp_path / "kept.jsonl"
    kept.write_bytes(b"mine")
    with _breaking_server(declared=len(DATA), sent=DATA[: len(DATA) // 3]) as url:
        async with connected(url) as mistral:
            with nothing_leaks():
                for path in (target, kept):
                    with pytest.raises(errors.APIConnectionError) as caught:
                        await call(mistral.files, "download_to", use_async, path=path, file_id=TRAINING_FILE)
                    assert not isinstance(caught.value, errors.APITimeoutError)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.jsonl"]  # no saved.jsonl, no .part
    assert kept.read_bytes() == b"mine"  # an existing file stays as it was


@SYNC_ASYNC
async def test_through_an_httpx_client_you_passed(
    fake_server: FakeMistralServer, train: Path, tmp_path: Path, use_async: bool
) -> None:
    """The same uploads and downloads through httpx's clients, and its errors while a download arrives mapped to
    ours."""
    import httpx

    copy = tmp_path / "copy.jsonl"
    async with httpx.AsyncClient() as async_client:
        with httpx.Client() as client:
            mistral = Mistral(api_key=KEY, server_url=fake_server.server_url, client=client, async_client=async_client)
            uploaded = await call(mistral.files, "upload", use_async, file=train)
            assert await call(mistral.files, "download_to", use_async, path=copy, file_id=uploaded.id) == len(DATA)
            broken = _breaking_server(declared=len(DATA), sent=DATA[:1000])
            with broken as url, pytest.raises(errors.APIConnectionError) as caught:
                await call(
                    mistral.files,
                    "download_to",
                    use_async,
                    path=tmp_path / "cut.jsonl",
                    file_id=uploaded.id,
                    server_url=url,
                )
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert copy.read_bytes() == DATA
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy.jsonl", "train.jsonl"]


@SYNC_ASYNC
@pytest.mark.parametrize("failure", ["404", "json-200", "lost-answer"])
async def test_download_to_that_fails_before_the_contents_creates_nothing(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, failure: str, use_async: bool
) -> None:
    file_id = UNKNOWN_FILE if failure == "404" else TRAINING_FILE
    if failure == "json-200":
        fake_server.inject(Fault.error(200, {"detail": "no"}), path=f"{FILES}/{file_id}/content")
    if failure == "lost-answer":
        fake_server.inject(Fault.drop_connection(), times=None, path=f"{FILES}/{file_id}/content")
    expected = {"404": errors.NotFoundError, "json-200": errors.ResponseValidationError}
    with pytest.raises(expected.get(failure, errors.APIConnectionError)):
        await call(
            mistral.files,
            "download_to",
            use_async,
            path=tmp_path / "saved.jsonl",
            file_id=file_id,
            retries=QUICK_RETRIES,
        )
    assert list(tmp_path.iterdir()) == []


@SYNC_ASYNC
async def test_download_to_refuses_a_folder_or_a_missing_folder_before_sending(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, use_async: bool
) -> None:
    fake_server.clear_requests()
    for path, message in ((tmp_path, "is a folder"), (tmp_path / "no" / "saved.jsonl", "no such folder")):
        with pytest.raises(errors.InputValidationError, match=message) as caught:
            await call(mistral.files, "download_to", use_async, path=path, file_id=TRAINING_FILE)
        assert caught.value.param == "path"
    assert fake_server.requests == []
    assert list(tmp_path.iterdir()) == []


# --- list, iter, retrieve, delete, signed URLs ---------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("include_total", [True, False])
async def test_iter_pages_through_every_file_once(
    fake_server: FakeMistralServer, mistral: Mistral, include_total: bool, use_async: bool
) -> None:
    for index in range(6):
        fake_server.add_file(LINE * (index + 1), filename=f"part-{index}.jsonl")
    expected = set(fake_server.file_ids)
    assert len(expected) > 10  # the example jobs' files too: several pages of 4
    fake_server.clear_requests()
    if use_async:
        seen = [file.id async for file in mistral.files.iter_async(page_size=4, include_total=include_total)]
    else:
        seen = [file.id for file in mistral.files.iter(page_size=4, include_total=include_total)]
    assert sorted(seen) == sorted(expected)
    pages = [request.params for request in fake_server.requests]
    assert [page["page"] for page in pages] == [str(number) for number in range(len(pages))]
    assert {(page["page_size"], page["include_total"]) for page in pages} == {("4", str(include_total).lower())}
    assert len(pages) == math.ceil(len(expected) / 4) + (len(expected) % 4 == 0 and not include_total)


@SYNC_ASYNC
async def test_list_filters_and_include_total(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    fake_server.add_file(LINE, filename="needle.jsonl")
    page = await call(mistral.files, "list", use_async, search="NEEDLE", include_total=False, page_size=5)
    assert isinstance(page, models.ListFilesOut)
    assert [file.filename for file in page.data] == ["needle.jsonl"]
    assert page.total is None
    counted = await call(mistral.files, "list", use_async, purpose="fine-tune")
    assert counted.total == len(counted.data) == len(fake_server.file_ids)
    assert fake_server.requests[-2].params == {
        "page": "0",
        "page_size": "5",
        "include_total": "false",
        "search": "NEEDLE",
    }


@SYNC_ASYNC
async def test_file_enums_take_values_the_spec_does_not_list(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, use_async: bool
) -> None:
    """Mistral's docs upload with `purpose="audio"`, its cookbook with `"evaluation"`, and a PDF comes back as
    `ocr_input`: the file enums are open (`x-speakeasy-unknown-values: allow`), so such values go out as given."""
    stored = await call(mistral.files, "upload", use_async, file=str(train), purpose="audio")
    assert stored.purpose == "audio"
    assert stored.purpose.name == "UNKNOWN"  # kept as it came, not taken for a listed member
    assert b'name="purpose"\r\nContent-Type: text/plain\r\n\r\naudio\r\n' in uploads(fake_server)[-1].body
    fake_server.add_file(b"%PDF-1.7\n", filename="scan.pdf", purpose="ocr")
    page = await call(
        mistral.files, "list", use_async, sample_type=["ocr_input", "instruct"], purpose="evaluation", source=["upload"]
    )
    assert parse_qsl(fake_server.requests[-1].query) == [
        ("page", "0"),
        ("page_size", "100"),
        ("include_total", "true"),
        ("sample_type", "ocr_input"),
        ("sample_type", "instruct"),
        ("source", "upload"),
        ("purpose", "evaluation"),
    ]
    assert page.data == []  # nothing was uploaded for "evaluation"
    scans = await call(mistral.files, "list", use_async, sample_type=["ocr_input"])
    assert [(file.filename, file.sample_type) for file in scans.data] == [("scan.pdf", "ocr_input")]


@pytest.mark.parametrize(
    ("arguments", "argument"),
    [
        ({"purpose": ""}, "purpose"),  # open to other text, not to no text
        ({"purpose": 3}, "purpose"),
        ({"sample_type": [None]}, "sample_type[0]"),
    ],
)
def test_open_file_enums_still_refuse_what_is_not_text(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, arguments: dict[str, Any], argument: str
) -> None:
    operation: Callable[..., Any] = mistral.files.list if "sample_type" in arguments else mistral.files.upload
    extra = {} if "sample_type" in arguments else {"file": str(train)}
    with pytest.raises(errors.InputValidationError) as caught:
        operation(**extra, **arguments)
    assert caught.value.param == argument
    assert fake_server.requests == []


def test_job_enums_stay_closed(fake_server: FakeMistralServer, mistral: Mistral) -> None:
    """Only the enums the spec marks open take other values: a job type or a status filter is still checked."""
    jobs: Any = mistral.fine_tuning.jobs  # the values are wrong on purpose
    with pytest.raises(errors.InputValidationError, match="must be one of"):
        jobs.list(status="DONE")
    with pytest.raises(errors.InputValidationError, match="job_type"):
        jobs.create(model="open-mistral-7b", job_type="regression", hyperparameters={})
    assert fake_server.requests == []


@SYNC_ASYNC
async def test_retrieve_then_delete_then_not_found(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    file = await call(mistral.files, "retrieve", use_async, file_id=TRAINING_FILE)
    assert isinstance(file, models.RetrieveFileOut)
    assert file.to_dict() == fake_server.get_file(TRAINING_FILE)
    assert file.deleted is False
    deleted = await call(mistral.files, "delete", use_async, file_id=TRAINING_FILE)
    assert (deleted.id, deleted.deleted) == (TRAINING_FILE, True)
    for operation in ("retrieve", "delete", "download", "get_signed_url"):
        with pytest.raises(errors.NotFoundError):
            await call(mistral.files, operation, use_async, file_id=TRAINING_FILE)
    with pytest.raises(errors.UnprocessableEntityError):  # the server judges what an id looks like
        await call(mistral.files, "retrieve", use_async, file_id="not-a-file-id")
    with pytest.raises(errors.InputValidationError):  # what cannot be a path segment never leaves
        await call(mistral.files, "retrieve", use_async, file_id="../jobs")


@SYNC_ASYNC
async def test_an_answer_about_another_file_is_refused(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    other = {**fake_server.get_file(TRAINING_FILE), "id": UNKNOWN_FILE}
    fake_server.inject(Fault.error(200, payload=other), method="GET")
    with pytest.raises(errors.ResponseValidationError, match=UNKNOWN_FILE):
        await call(mistral.files, "retrieve", use_async, file_id=TRAINING_FILE)
    fake_server.inject(Fault.error(200, payload={"id": UNKNOWN_FILE, "object": "file", "deleted": True}))
    with pytest.raises(errors.ResponseValidationError):
        await call(mistral.files, "delete", use_async, file_id=TRAINING_FILE)
    assert TRAINING_FILE in fake_server.file_ids


@SYNC_ASYNC
async def test_a_signed_url_is_served_without_the_key(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    signed = await call(mistral.files, "get_signed_url", use_async, file_id=TRAINING_FILE, expiry=1)
    assert isinstance(signed, models.FileSignedURL)
    assert fake_server.requests[-1].params == {"expiry": "1"}
    assert KEY not in signed.url
    with httpx2.Client(verify=SSL_CONTEXT) as anonymous:
        answer = anonymous.get(signed.url)
    assert answer.status_code == 200
    assert answer.content == CHAT_DATA
    assert "authorization" not in fake_server.requests[-1].headers
    fake_server.advance(2 * 3600)  # past its expiry
    with httpx2.Client(verify=SSL_CONTEXT) as anonymous:
        assert anonymous.get(signed.url).status_code == 403


# --- every operation: sync and async, raw and parsed ---------------------------------------------------------------


def _operations(train: Path) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("upload", {"file": train, "purpose": "fine-tune"}),
        ("list", {"page_size": 2}),
        ("retrieve", {"file_id": TRAINING_FILE}),
        ("get_signed_url", {"file_id": TRAINING_FILE}),
        ("delete", {"file_id": TRAINING_FILE}),
    ]


def _comparable(result: Any) -> Any:
    document = result.to_dict()
    document.pop("url", None)  # signed afresh each time
    return document


@pytest.mark.parametrize("operation", ["upload", "list", "retrieve", "get_signed_url", "delete"])
async def test_every_operation_gives_the_same_result_four_ways(
    fake_server: FakeMistralServer, mistral: Mistral, train: Path, operation: str
) -> None:
    arguments = dict(_operations(train))[operation]
    results = []
    for use_async in (False, True):
        for raw in (False, True):
            if operation == "delete":  # delete what there is to delete each time
                fake_server.add_file(CHAT_DATA, filename=f"{TRAINING_FILE}.jsonl", file_id=TRAINING_FILE)
            resource = mistral.files.with_raw_response if raw else mistral.files
            result = await call(resource, operation, use_async, **arguments)
            if raw:
                assert isinstance(result, RawResponse)
                assert result.status_code == 200 and result.retries_taken == 0
                assert json.loads(result.content) == result.json()
                result = result.parse()
            results.append(_comparable(result))
    assert all(result == results[0] for result in results), results
    assert len(fake_server.requests) == 4
