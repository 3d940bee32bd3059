"""`mistral-ft files ...`, `mistral-ft models ...` and `jobs create` with local files, as a user runs them: against
the fake server on 127.0.0.1, their results compared with what the library returns for the same call, and what was
sent read from the fake's request log.

Command lines that need nothing of their own process run in the session's worker (`run_batch` from `test_cli`);
those that need raw bytes on stdout, a working directory or their own memory figures run in processes of their own.
The terminal (progress bars) is in `test_cli_terminal.py`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import httpx2
import pytest
from mistral_fine_tuning import Mistral
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.test_cli import (
    API_KEY,
    COMMAND,
    SUCCEEDED,
    Result,
    _environment,
    _no_secret,
    run_batch,
    worker,
)

__all__ = ["worker"]  # the session's worker process, shared with test_cli

FILES = "/v1/files"
UNKNOWN_FILE = "00000000-0000-4000-8000-0000000000f1"


def _chat(count: int, topic: str = "the weather") -> bytes:
    """Valid completion training data: `count` short conversations, one per line."""
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"Question {index} about {topic}?"},
                    {"role": "assistant", "content": f"Answer {index} about {topic}."},
                ]
            }
        )
        for index in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


GOOD = _chat(12)
# Line 4 has an unknown role, line 6 is not JSON: two errors, with their line numbers.
BAD = b"\n".join(
    [
        *_chat(3).splitlines(),
        b'{"messages": [{"role": "user", "content": "hi"}, {"role": "bot", "content": "hello"}]}',
        _chat(1, "cats").rstrip(),
        b"this is not JSON",
        _chat(1, "dogs").rstrip(),
    ]
)
# Usable data (no error) whose last line ends on the user's turn: one warning, on line 3.
WARNED = _chat(2) + b'{"messages": [{"role": "assistant", "content": "hi"}, {"role": "user", "content": "bye"}]}\n'


@pytest.fixture
def mistral(fake_server: FakeMistralServer) -> Iterator[Mistral]:
    """The library, on the same fake server as the command line."""
    with Mistral(api_key=API_KEY, server_url=fake_server.server_url) as client:
        yield client


def _content(mistral: Mistral, file_id: str) -> bytes:
    """A stored file's bytes, as the library downloads them."""
    with mistral.files.download(file_id=file_id) as response:
        content: bytes = response.read()
    return content


def _by_name(mistral: Mistral) -> dict[str, Any]:
    """The stored files by their names (the latest of a name wins)."""
    return {file.filename: file for file in reversed(list(mistral.files.iter()))}


def _sent(server: FakeMistralServer, method: str, path: str = FILES) -> list[Any]:
    return [request for request in server.requests if request.method == method and request.path.startswith(path)]


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def run_in(
    folder: Path, *args: str, server: FakeMistralServer | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`mistral-ft ARGS...` in its own process, run in `folder`, stdout kept as bytes (stderr as text)."""
    done = subprocess.run(
        [*COMMAND, *args], capture_output=True, cwd=folder, env=_environment(server, env), timeout=60, check=False
    )
    _no_secret(done.stdout.decode("utf-8", "replace"), done.stderr.decode())
    return done


def _error_line(result: Result) -> str:
    """The last line on stderr: the error (lines listing problems may come before it)."""
    assert "Traceback" not in result.stderr
    line = result.stderr.splitlines()[-1]
    assert line.startswith("mistral-ft: error: "), result.stderr
    return line


# --- upload --------------------------------------------------------------------------------------------------------


def test_upload_prints_the_apis_json_in_a_pipe_and_stores_the_files_bytes(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    path = _write(tmp_path, "train.jsonl", GOOD)
    batch = _write(tmp_path, "requests.jsonl", b"not training data, not even JSON\n")
    [uploaded, for_batch, viewed] = run_batch(
        worker,
        ["files", "upload", str(path)],
        ["files", "upload", str(batch), "--purpose", "batch"],  # not for fine-tuning: not checked
        ["files", "upload", str(path), "--text"],
        server=fake_server,
    )
    assert uploaded.code == 0, uploaded.stderr
    assert uploaded.stderr == ""  # no bar, no note: stderr is not a terminal
    assert "\n" not in uploaded.stdout.rstrip("\n")
    file = uploaded.json()
    described = mistral.files.retrieve(file_id=file["id"]).to_dict()
    assert file == {key: value for key, value in described.items() if key != "deleted"}  # retrieve adds `deleted`
    assert (file["filename"], file["bytes"], file["purpose"]) == ("train.jsonl", len(GOOD), "fine-tune")
    assert _content(mistral, file["id"]) == GOOD

    assert for_batch.code == 0, for_batch.stderr
    assert for_batch.json()["purpose"] == "batch"
    assert _content(mistral, for_batch.json()["id"]) == batch.read_bytes()

    assert viewed.code == 0, viewed.stderr
    fields = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in viewed.stdout.splitlines() if "  " in line)
    assert fields["id"] == file["id"]  # the same name and bytes: the API gives back the file it has
    assert fields["bytes"] == f"{len(GOOD)} ({len(GOOD) / 1024:.1f} KiB)"


def test_upload_refuses_training_data_with_errors_listing_their_lines(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    bad = _write(tmp_path, "bad.jsonl", BAD)
    warned = _write(tmp_path, "warned.jsonl", WARNED)
    text = _write(tmp_path, "bad.txt", BAD)
    refused, forced, noted, unchecked, asked = run_batch(
        worker,
        ["files", "upload", str(bad)],
        ["files", "upload", str(bad), "--no-check"],
        ["files", "upload", str(warned)],
        ["files", "upload", str(text)],  # not a .jsonl: not checked unless asked
        ["files", "upload", str(text), "--check"],
        server=fake_server,
    )
    assert refused.code == 2
    lines = refused.stderr.splitlines()
    assert (
        lines[0].startswith(f"{bad}: line 4, messages[1].role: unknown role 'bot'")
        and "[error unknown-role]" in lines[0]
    )
    assert lines[1].startswith(f"{bad}: line 6: ") and "[error not-json]" in lines[1]
    assert _error_line(refused) == (
        f"mistral-ft: error: {bad} is not valid training data: 2 errors in 7 lines; nothing was uploaded "
        "(fix them, or pass --no-check to upload the file as it is)"
    )
    assert len(lines) == 3 and refused.stdout == ""

    assert forced.code == 0, forced.stderr
    assert asked.code == 2 and _error_line(asked).startswith(f"mistral-ft: error: {text} is not valid training data")
    assert unchecked.code == 0, unchecked.stderr
    uploads = _sent(fake_server, "POST")
    assert len(uploads) == 3  # --no-check, the warned file and the .txt: the refused ones sent nothing
    assert _content(mistral, forced.json()["id"]) == BAD

    assert noted.code == 0, noted.stderr
    [note] = noted.stderr.splitlines()
    assert note.startswith(f"mistral-ft: note: {warned}: 1 warning in 3 lines; first: line 3")
    assert note.endswith(f"(mistral-ft files check {warned} lists every problem)")


def test_upload_of_a_missing_file_or_a_folder_is_one_line_and_sends_nothing(
    fake_server: FakeMistralServer, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    missing, folder = run_batch(
        worker,
        ["files", "upload", str(tmp_path / "nope.jsonl")],
        ["files", "upload", str(tmp_path)],
        server=fake_server,
    )
    assert missing.code == 2 and _error_line(missing) == f"mistral-ft: error: no such file: {tmp_path / 'nope.jsonl'}"
    assert folder.code == 2 and _error_line(folder) == f"mistral-ft: error: {tmp_path} is a folder, not a file"
    assert len(missing.stderr.splitlines()) == len(folder.stderr.splitlines()) == 1
    assert fake_server.requests == []


_PEAK_PROBE = """
import contextlib, io, json, sys
from mistral_fine_tuning.cli import main

def peak_kib():  # this process's own high-water mark (ru_maxrss would count the parent's, from before exec)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

peaks = []
for path in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["files", "upload", path])
    assert code == 0, code
    peaks.append(peak_kib())
print(json.dumps(peaks))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak memory from /proc")
def test_upload_checks_and_sends_a_large_file_without_holding_it_in_memory(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path
) -> None:
    """A first small upload brings the process to its working size; a file of 48 MiB, checked and sent after it,
    must not raise the peak by anything near its size (reading it whole would add at least 48 MiB)."""
    small = _write(tmp_path, "small.jsonl", GOOD)
    line = _chat(1, "x" * 4000)  # about 4 KiB a line
    large = tmp_path / "large.jsonl"
    with large.open("wb") as out:
        for _ in range((48 << 20) // len(line)):
            out.write(line)
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_PROBE, str(small), str(large)],
        capture_output=True,
        text=True,
        env=_environment(fake_server, None),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    after_small, after_large = json.loads(done.stdout)
    assert after_large - after_small < 16 << 10, (after_small, after_large)  # KiB: under 16 MiB more
    assert _by_name(mistral)["large.jsonl"].bytes_ == large.stat().st_size


# --- check ---------------------------------------------------------------------------------------------------------


def test_check_lists_every_problem_with_its_line_and_exits_by_severity(
    tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    bad = _write(tmp_path, "bad.jsonl", BAD)
    good = _write(tmp_path, "good.jsonl", GOOD)
    warned = _write(tmp_path, "warned.jsonl", WARNED)
    no_key = {"MISTRAL_API_KEY": "", "MISTRAL_SERVER_URL": ""}  # a local check needs neither
    results = run_batch(
        worker,
        ["files", "check", str(bad)],
        ["files", "check", str(good)],
        ["files", "check", str(warned)],
        ["files", "check", str(warned), "--strict"],
        ["files", "check", str(good), "--job-type", "classifier"],
        ["files", "check", str(bad), "--max-problems", "1"],
        ["files", "check", str(tmp_path / "nope.jsonl")],
        env=no_key,
    )
    failed, passed, warning, strict, wrong_kind, cut, missing = results

    assert failed.code == 2 and failed.stderr == ""
    lines = failed.stdout.splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:2]] == ["line 4, messages[1].role", "line 6"]
    assert all(line.startswith(f"{bad}: ") for line in lines)
    assert lines[-1] == f"{bad}: 2 errors in 7 lines (completion data)"

    assert passed.code == 0 and passed.stdout == f"{good}: no problems in 12 lines (completion data)\n"
    assert warning.code == 0 and "[warning last-not-assistant]" in warning.stdout
    assert warning.stdout.splitlines()[-1] == f"{warned}: 1 warning in 3 lines (completion data)"
    assert strict.code == 2 and strict.stdout == warning.stdout
    assert wrong_kind.code == 2 and "(classifier data)" in wrong_kind.stdout.splitlines()[-1]
    assert cut.code == 2
    assert cut.stdout.splitlines()[-1] == (
        f"{bad}: 2 errors in 7 lines (completion data); only the first 1 is listed (--max-problems N for more)"
    )
    assert missing.code == 2 and _error_line(missing) == f"mistral-ft: error: no such file: {tmp_path / 'nope.jsonl'}"


def test_check_help_states_the_checkers_default(worker: subprocess.Popen[str]) -> None:
    from mistral_fine_tuning import data

    [shown] = run_batch(worker, ["files", "check", "--help"])
    assert f"list at most N problems (default {data.DEFAULT_MAX_PROBLEMS})" in " ".join(shown.stdout.split())


def test_check_json_is_the_whole_report(tmp_path: Path, worker: subprocess.Popen[str]) -> None:
    from mistral_fine_tuning import data

    bad = _write(tmp_path, "bad.jsonl", BAD)
    labelled = _write(
        tmp_path,
        "labels.jsonl",
        b'{"text": "great", "labels": {"sentiment": "positive"}}\n'
        b'{"text": "bad", "labels": {"sentiment": "negative"}}\n',
    )
    failed, classifier = run_batch(
        worker, ["files", "check", str(bad), "--json"], ["files", "check", str(labelled), "--json"]
    )
    report = data.check_file(bad)
    assert failed.code == 2
    assert failed.json() == {
        "path": str(bad),
        "ok": False,
        "job_type": "completion",
        "lines": report.lines,
        "records": report.records,
        "error_count": 2,
        "warning_count": report.warning_count,
        "problems": [problem.as_dict() for problem in report.problems],
        "truncated": False,
    }
    assert classifier.code == 0, classifier.stdout
    assert classifier.json()["classifier_targets"] == [{"name": "sentiment", "labels": ["negative", "positive"]}]


# --- list, get, url, delete ----------------------------------------------------------------------------------------


def _upload(
    mistral: Mistral, name: str, content: bytes, purpose: Literal["fine-tune", "batch", "ocr"] = "fine-tune"
) -> str:
    return str(mistral.files.upload(file={"file_name": name, "content": content}, purpose=purpose).id)


def test_list_json_table_all_pages_and_filters(
    fake_server: FakeMistralServer, mistral: Mistral, worker: subprocess.Popen[str]
) -> None:
    for index in range(5):
        _upload(mistral, f"train-{index}.jsonl", _chat(index + 1))
    _upload(mistral, "requests.jsonl", b'{"custom_id": "1"}\n', purpose="batch")
    fake_server.clear_requests()
    listed, filtered, everything, viewed = run_batch(
        worker,
        ["files", "list"],
        ["files", "list", "--purpose", "batch", "--search", "requests", "--page-size", "3"],
        ["files", "list", "--all", "--page-size", "2"],
        ["files", "list", "--text", "--page-size", "3"],
        server=fake_server,
        env={"COLUMNS": "200"},
    )
    sent = [request.params for request in _sent(fake_server, "GET")]
    fake_server.clear_requests()

    assert listed.code == 0, listed.stderr
    assert listed.json() == mistral.files.list().to_dict()
    assert filtered.code == 0, filtered.stderr
    assert filtered.json() == mistral.files.list(purpose="batch", search="requests", page_size=3).to_dict()
    assert [file["filename"] for file in filtered.json()["data"]] == ["requests.jsonl"]
    assert sent[1] == _sent(fake_server, "GET")[-1].params  # what the library sends for the same call
    assert everything.code == 0, everything.stderr
    assert everything.json() == [file.to_dict() for file in mistral.files.iter(page_size=2)]
    assert [params["page"] for params in sent[2:-1]] == [str(page) for page in range(len(sent) - 3)]

    assert viewed.code == 0, viewed.stderr
    lines = viewed.stdout.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["ID", "FILENAME", "PURPOSE", "TYPE", "SIZE", "LINES", "CREATED"]
    page = mistral.files.list(page_size=3)
    assert [line.split()[:2] for line in lines[1:4]] == [[file.id, file.filename] for file in page.data]
    assert lines[4] == f"files 1-3 of {page.total} (page 0); --all for every page"


def test_the_file_table_fits_the_terminal_and_keeps_ids_whole(
    fake_server: FakeMistralServer, mistral: Mistral, worker: subprocess.Popen[str]
) -> None:
    long_name = "a-rather-long-name-for-a-training-file-of-the-support-team.jsonl"
    _upload(mistral, long_name, GOOD)
    widths = (200, 100, 80, 60)
    results = [
        run_batch(worker, ["files", "list", "--text"], server=fake_server, env={"COLUMNS": str(width)})[0]
        for width in widths
    ]
    ids = [file.id for file in mistral.files.list().data]
    titles = []
    for width, result in zip(widths, results, strict=True):
        assert result.code == 0, result.stderr
        table = result.stdout.splitlines()[:-1]
        assert all(len(line) <= width for line in table), (width, result.stdout)
        assert [line.split()[0] for line in table[1:]] == ids  # ids whole
        titles.append(re.split(r"\s{2,}", table[0]))
    assert "TYPE" in titles[0] and long_name in results[0].stdout
    assert "TYPE" not in titles[1] and "ID" in titles[3] and "FILENAME" in titles[3]
    assert long_name not in results[-1].stdout and long_name[:5] in results[-1].stdout


def test_get_url_and_delete(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    file_id = _upload(mistral, "train.jsonl", GOOD)
    described = mistral.files.retrieve(file_id=file_id).to_dict()
    got, url, short = run_batch(
        worker,
        ["files", "get", file_id],
        ["files", "url", file_id],
        ["files", "url", file_id, "--expiry", "2"],
        server=fake_server,
    )
    assert got.code == 0, got.stderr
    assert got.json() == described
    assert url.code == 0 and short.code == 0, url.stderr + short.stderr
    signed = [request.params for request in _sent(fake_server, "GET", f"{FILES}/{file_id}/url")]
    assert [params["expiry"] for params in signed] == ["24", "2"]  # the library sends the default
    assert httpx2.get(url.json()["url"]).content == GOOD  # no key needed
    deleted, gone = run_batch(worker, ["files", "delete", file_id], ["files", "get", file_id], server=fake_server)
    assert deleted.code == 0, deleted.stderr
    assert deleted.json() == {"id": file_id, "object": "file", "deleted": True}
    assert gone.code == 4
    assert _error_line(gone).startswith(f"mistral-ft: error: 404 Not Found: No file with id {file_id}")
    assert len(gone.stderr.splitlines()) == 1


# --- download ------------------------------------------------------------------------------------------------------

BINARY = bytes(range(256)) * 64 + b"\xff\xfe not UTF-8 \x00"


def test_download_streams_the_exact_bytes_to_stdout_in_a_pipe(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    file_id = _upload(mistral, "blob.bin", BINARY, purpose="batch")
    piped = run_in(tmp_path, "files", "download", file_id, server=fake_server)
    dashed = run_in(tmp_path, "files", "download", file_id, "-o", "-", server=fake_server)
    for done in (piped, dashed):
        assert done.returncode == 0, done.stderr
        assert done.stdout == BINARY and done.stderr == b""
    assert list(tmp_path.iterdir()) == []  # nothing written to disk
    [captured] = run_batch(worker, ["files", "download", file_id], server=fake_server)  # stdout without a buffer
    assert captured.code == 0 and captured.stdout.encode("utf-8", "surrogateescape") == BINARY


def test_download_to_a_path_or_a_folder_never_over_an_existing_file(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    file_id = _upload(mistral, "train.jsonl", GOOD)
    # A name sent with folders (as some scripts do, even from another system): only its last part is used.
    sneaky = _upload(mistral, "..\\..\\outside/../evil.jsonl", BINARY, purpose="batch")
    target = tmp_path / "copy.jsonl"
    folder = tmp_path / "data"
    folder.mkdir()
    saved, into, again, forced, named, missing = run_batch(
        worker,
        ["files", "download", file_id, "-o", str(target)],
        ["files", "download", file_id, "--output", str(folder)],
        ["files", "download", file_id, "-o", str(target)],
        ["files", "download", sneaky, "-o", str(target), "--force"],
        ["files", "download", sneaky, "-o", str(folder)],
        ["files", "download", UNKNOWN_FILE, "-o", str(tmp_path / "never.jsonl")],
        server=fake_server,
    )
    assert saved.code == 0, saved.stderr
    assert saved.stdout == ""
    assert saved.stderr == f"mistral-ft: saved {file_id} to {target} ({len(GOOD) / 1024:.1f} KiB)\n"
    assert into.code == 0 and (folder / "train.jsonl").read_bytes() == GOOD, into.stderr
    assert again.code == 2
    assert _error_line(again) == (
        f"mistral-ft: error: {target} already exists: pass --force to replace it, or choose another path with -o"
    )
    assert forced.code == 0 and target.read_bytes() == BINARY, forced.stderr
    assert named.code == 0 and (folder / "evil.jsonl").read_bytes() == BINARY, named.stderr
    assert missing.code == 4 and "No file with id" in _error_line(missing)

    fake_server.inject(Fault.drop_connection(), path=f"{FILES}/{file_id}/content")
    dropped, unwritable = run_batch(
        worker,
        ["--retries", "0", "files", "download", file_id, "-o", str(tmp_path / "dropped.jsonl")],
        ["files", "download", file_id, "-o", str(tmp_path / "no-such-folder" / "x.jsonl")],
        server=fake_server,
    )
    assert dropped.code == 6 and _error_line(dropped).startswith("mistral-ft: error: no response from the API")
    assert unwritable.code == 2
    assert _error_line(unwritable) == (
        f"mistral-ft: error: cannot write {tmp_path / 'no-such-folder' / 'x.jsonl'}: No such file or directory"
    )
    # Nothing half written anywhere (no `.part` left behind), and nothing written where a download failed.
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["copy.jsonl", "data", "evil.jsonl", "train.jsonl"]


# --- models --------------------------------------------------------------------------------------------------------


def test_models_get_update_archive_unarchive_delete(
    fake_server: FakeMistralServer, mistral: Mistral, worker: subprocess.Popen[str]
) -> None:
    model_id = str(mistral.fine_tuning.jobs.get(job_id=SUCCEEDED).fine_tuned_model)
    card, base, renamed, cleared, nothing = run_batch(
        worker,
        ["models", "get", model_id],
        ["models", "get", "open-mistral-7b"],
        ["models", "update", model_id, "--name", "support-bot", "--description", "answers tickets"],
        ["models", "update", model_id, "--description", ""],
        ["models", "update", model_id],
        server=fake_server,
    )
    patches = [request.json() for request in _sent(fake_server, "PATCH", "/v1/fine_tuning/models")]
    assert card.code == 0 and base.code == 0, card.stderr + base.stderr
    assert card.json()["id"] == model_id and card.json()["type"] == "fine-tuned"
    assert base.json() == mistral.models.retrieve(model_id="open-mistral-7b").to_dict()
    assert renamed.code == 0 and cleared.code == 0, renamed.stderr + cleared.stderr
    assert patches == [{"name": "support-bot", "description": "answers tickets"}, {"description": None}]
    assert (renamed.json()["name"], renamed.json()["description"]) == ("support-bot", "answers tickets")
    assert (cleared.json()["name"], cleared.json()["description"]) == ("support-bot", None)
    assert card.json() | {"name": "support-bot"} == mistral.models.retrieve(model_id=model_id).to_dict() | {
        "name": "support-bot"
    }
    assert nothing.code == 2
    assert _error_line(nothing) == "mistral-ft: error: nothing to change: give --name and/or --description"

    archived, shown, unarchived, deleted, gone = run_batch(
        worker,
        ["models", "archive", model_id],
        ["models", "get", model_id, "--text"],
        ["models", "unarchive", model_id],
        ["models", "delete", model_id],
        ["models", "get", model_id],
        server=fake_server,
    )
    assert archived.json() == {"id": model_id, "object": "model", "archived": True}
    assert re.search(r"^archived\s+yes$", shown.stdout, re.MULTILINE), shown.stdout
    assert re.search(r"^created\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", shown.stdout, re.MULTILINE)
    assert unarchived.json() == {"id": model_id, "object": "model", "archived": False}
    assert deleted.json() == {"id": model_id, "object": "model", "deleted": True}
    assert gone.code == 4 and len(gone.stderr.splitlines()) == 1


# --- jobs create with local files ----------------------------------------------------------------------------------


def test_create_checks_uploads_local_files_and_uses_their_ids(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path
) -> None:
    _write(tmp_path, "train.jsonl", GOOD)
    _write(tmp_path, "eval.jsonl", _chat(3, "eval"))
    uploaded_before = _upload(mistral, "other.jsonl", _chat(4, "other"))
    fake_server.clear_requests()
    options = ["--model", "open-mistral-7b", "-p", "training_steps=5"]
    options += ["--training-file", "./train.jsonl:2.5", "--training-file", uploaded_before]
    options += ["--validation-file", "eval.jsonl", "--validation-file", "train.jsonl"]  # train.jsonl once more
    done = run_in(tmp_path, "jobs", "create", *options, server=fake_server)
    assert done.returncode == 0, done.stderr
    uploads = {request.body.split(b'filename="')[1].split(b'"')[0].decode() for request in _sent(fake_server, "POST")}
    assert uploads == {"train.jsonl", "eval.jsonl"}  # each once, the uploaded id not at all
    stored = _by_name(mistral)
    train, evaluation = stored["train.jsonl"].id, stored["eval.jsonl"].id
    assert done.stderr.decode().splitlines() == [  # the same file under two names: uploaded once
        f"mistral-ft: uploaded ./train.jsonl -> {train}",
        f"mistral-ft: uploaded eval.jsonl -> {evaluation}",
    ]
    [job_request] = _sent(fake_server, "POST", "/v1/fine_tuning/jobs")
    body = job_request.json()
    assert body["training_files"] == [{"file_id": train, "weight": 2.5}, {"file_id": uploaded_before}]
    assert body["validation_files"] == [evaluation, train]
    job = json.loads(done.stdout)
    assert job["id"] == str(mistral.fine_tuning.jobs.get(job_id=job["id"]).id)


def test_create_refuses_bad_local_data_before_uploading_anything(
    fake_server: FakeMistralServer, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    good = _write(tmp_path, "good.jsonl", GOOD)
    bad = _write(tmp_path, "bad.jsonl", BAD)
    base = ["jobs", "create", "--model", "open-mistral-7b", "--training-file", str(good)]
    refused, missing, folder, malformed_weight = run_batch(
        worker,
        [*base, "--validation-file", str(bad)],
        [*base, "--training-file", str(tmp_path / "nope.jsonl")],
        [*base, "--validation-file", str(tmp_path)],
        ["jobs", "create", "--model", "open-mistral-7b", "--training-file", f"{good}:heavy"],
        server=fake_server,
    )
    assert refused.code == 2
    assert refused.stderr.splitlines()[0].startswith(f"{bad}: line 4, messages[1].role: unknown role")
    assert _error_line(refused).endswith(
        "2 errors in 7 lines; no file was uploaded and no job created (fix them, or pass --no-check to upload the "
        "file as it is)"
    )
    assert missing.code == 2 and _error_line(missing) == (
        f"mistral-ft: error: --training-file: no such file: {tmp_path / 'nope.jsonl'} (a value is a local file to "
        "upload, or an uploaded file's id)"
    )
    assert (
        folder.code == 2
        and _error_line(folder) == f"mistral-ft: error: --validation-file: {tmp_path} is a folder, not a file"
    )
    assert malformed_weight.code == 2 and "expected PATH, PATH:WEIGHT, FILE_ID or FILE_ID:WEIGHT" in _error_line(
        malformed_weight
    )
    assert fake_server.requests == []  # neither the good file nor a job

    [unchecked] = run_batch(worker, [*base, "--training-file", str(bad), "--no-check"], server=fake_server)
    assert unchecked.code == 0, unchecked.stderr
    assert len(_sent(fake_server, "POST")) == 2 and len(_sent(fake_server, "POST", "/v1/fine_tuning/jobs")) == 1


def test_a_value_written_as_a_file_id_is_an_id_even_if_such_a_file_exists(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path
) -> None:
    file_id = _upload(mistral, "train.jsonl", GOOD)
    _write(tmp_path, file_id, BAD)  # a local file named like the id: `./<id>` would upload it
    fake_server.clear_requests()
    done = run_in(
        tmp_path, "jobs", "create", "--model", "open-mistral-7b", "--training-file", file_id, server=fake_server
    )
    assert done.returncode == 0, done.stderr
    assert _sent(fake_server, "POST") == []  # nothing uploaded
    assert _sent(fake_server, "POST", "/v1/fine_tuning/jobs")[0].json()["training_files"] == [{"file_id": file_id}]


def test_create_wait_with_a_local_file_uploads_then_follows_the_job(
    fake_server: FakeMistralServer, mistral: Mistral, tmp_path: Path, worker: subprocess.Popen[str]
) -> None:
    path = _write(tmp_path, "train.jsonl", GOOD)
    fake_server.speed = 40
    options = ["--model=open-mistral-7b", f"--training-file={path}", "-p", "training_steps=10", "--auto-start"]
    [result] = run_batch(worker, ["jobs", "create", *options, "--wait", "--poll-interval", "0.02"], server=fake_server)
    assert result.code == 0, result.stderr
    final = result.json()
    assert final["status"] == "SUCCESS"
    lines = result.stderr.splitlines()
    file_id = _by_name(mistral)["train.jsonl"].id
    assert lines[0] == f"mistral-ft: uploaded {path} -> {file_id}"
    assert lines[1].startswith(f"mistral-ft: created job {final['id']} (QUEUED); waiting for it")
    assert lines[-1].startswith("SUCCESS  step 10/10 (100%)")
