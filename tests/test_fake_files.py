"""The fake server's Files operations, and jobs reading their files, over raw HTTP (httpx2) on 127.0.0.1.

Every JSON answer is checked against the spec (extra fields refused), as in test_fake_server.
"""

from __future__ import annotations

import hashlib
import json
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning.testing import FakeMistralServer, LifecycleTiming, _files
from mistral_fine_tuning.testing._seed import EXAMPLE_FILES, EXAMPLES

from tests.test_fake_server import validate_named

FILES = "/v1/files"
JOBS = "/v1/fine_tuning/jobs"
MAX_FILE = 64 << 10
MAX_TOTAL = 160 << 10
MAX_BODY = 8 << 10  # the other routes' limit: far below what an upload may carry
CHAT = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n'
CLASSIFIER = b'{"text":"great","labels":{"sentiment":"pos"}}\n{"text":"awful","labels":{"sentiment":"neg"}}\n'
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def shared() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(
        api_key="key", speed=0.0, max_file_size=MAX_FILE, max_total_file_size=MAX_TOTAL, max_body_size=MAX_BODY
    ) as server:
        yield server


@pytest.fixture
def server(shared: FakeMistralServer) -> Iterator[FakeMistralServer]:
    shared.reset()
    yield shared
    assert shared.internal_errors == []


@pytest.fixture
def api(server: FakeMistralServer) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=server.server_url, headers={"Authorization": "Bearer key"}, timeout=10) as client:
        yield client


def upload(api: httpx2.Client, content: bytes, name: str = "train.jsonl", **fields: Any) -> httpx2.Response:
    return api.post(FILES, files={"file": (name, content)}, data={k: str(v) for k, v in fields.items()})


def uploaded(api: httpx2.Client, content: bytes, name: str = "train.jsonl", **fields: Any) -> dict[str, Any]:
    response = upload(api, content, name, **fields)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    validate_named(body, "UploadFileOut")
    return body


def job_body(*training: str, validation: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    return {
        "model": "open-mistral-7b",
        "hyperparameters": {"training_steps": 4},
        "training_files": [{"file_id": file_id, "weight": 1.0} for file_id in training],
        "validation_files": list(validation),
        "auto_start": True,
        **extra,
    }


def raw_post(server: FakeMistralServer, path: str, body: bytes, content_type: str) -> tuple[int, Any]:
    """POST ``body`` as given (no client-side encoding) and return the status and decoded JSON answer."""
    response = httpx2.post(
        server.server_url + path,
        content=body,
        headers={"Authorization": "Bearer key", "content-type": content_type},
        timeout=10,
    )
    assert response.headers["content-type"] == "application/json"
    return response.status_code, response.json()


# --- upload ---------------------------------------------------------------------------------------------------------


def test_upload_describes_the_file_as_the_api_does(api: httpx2.Client, server: FakeMistralServer) -> None:
    content = CHAT * 3
    body = uploaded(api, content, "/home/me/data/train.jsonl")  # a full path is stored as sent
    assert uuid.UUID(body["id"])
    assert body["object"] == "file"
    assert body["bytes"] == len(content)
    assert body["filename"] == "/home/me/data/train.jsonl"
    assert body["purpose"] == "fine-tune"  # the default when none is sent
    assert (body["sample_type"], body["source"], body["num_lines"]) == ("instruct", "upload", 3)
    assert body["mimetype"] == "application/jsonl"
    assert body["signature"] == hashlib.sha256(content).hexdigest()[:16]
    assert (body["expires_at"], body["visibility"]) == (None, "workspace")
    assert body["created_at"] == int(server.now())


def test_upload_keeps_the_fields_sent(api: httpx2.Client) -> None:
    body = uploaded(api, b"%PDF-1.7\n\xff\xfe binary", "scan.pdf", purpose="ocr", expiry=2, visibility="user")
    assert (body["purpose"], body["visibility"], body["mimetype"]) == ("ocr", "user", "application/pdf")
    assert body["expires_at"] == body["created_at"] + 2 * 3600  # hours, a guess
    assert (body["sample_type"], body["num_lines"]) == ("ocr_input", 0)  # not text: no lines; the API's PDF type


def test_sample_type_is_judged_from_purpose_and_records(api: httpx2.Client) -> None:
    assert uploaded(api, CLASSIFIER, "classes.jsonl")["sample_type"] == "pretrain"  # text records, not messages
    assert uploaded(api, b'{"custom_id":"1","body":{}}\n', "batch.jsonl", purpose="batch")["sample_type"] == (
        "batch_request"
    )


def test_the_parts_content_type_does_not_matter(api: httpx2.Client) -> None:
    plain = uploaded(api, CHAT, "a.jsonl")
    typed = api.post(FILES, files={"file": ("b.jsonl", CHAT, "application/pdf")}).json()
    assert {key: typed[key] for key in ("mimetype", "sample_type", "num_lines", "bytes")} == {
        key: plain[key] for key in ("mimetype", "sample_type", "num_lines", "bytes")
    }


def test_the_same_name_and_content_give_back_the_stored_file(api: httpx2.Client, server: FakeMistralServer) -> None:
    first = uploaded(api, CHAT, "train.jsonl")
    server.advance(60)
    assert uploaded(api, CHAT, "train.jsonl") == first  # as the FAQ says: the existing file, same id and date
    other_name = uploaded(api, CHAT, "copy.jsonl")
    other_content = uploaded(api, CHAT * 2, "train.jsonl")
    assert len({first["id"], other_name["id"], other_content["id"]}) == 3
    assert api.delete(f"{FILES}/{first['id']}").status_code == 200
    assert uploaded(api, CHAT, "train.jsonl")["id"] != first["id"]  # a deleted file is not given back


def test_form_fields_are_validated_from_the_spec(api: httpx2.Client) -> None:
    cases = [
        (upload(api, CHAT, expiry="soon"), ["body", "expiry"], "int_parsing"),
        (api.post(FILES, data={"purpose": "fine-tune"}), ["body", "file"], "missing"),
        (api.post(FILES, data={"file": "not a file part"}), ["body", "file"], "value_error"),
        (api.post(FILES, json={"file": "x"}), ["body", "file"], "missing"),  # not a form: an empty one
    ]
    for response, loc, kind in cases:
        assert response.status_code == 422, response.text
        validate_named(response.json(), "HTTPValidationError")
        assert [(error["loc"], error["type"]) for error in response.json()["detail"]] == [(loc, kind)]
    assert uploaded(api, CHAT, expiry="", purpose="")["purpose"] == "fine-tune"  # an empty field is an absent one
    # The spec marks the purpose and visibility enums open: values it does not list are taken as sent.
    unlisted = uploaded(api, CHAT, "eval.jsonl", purpose="evaluation", visibility="everyone")
    assert (unlisted["purpose"], unlisted["visibility"]) == ("evaluation", "everyone")


def test_a_file_over_the_cap_is_a_413_with_json(api: httpx2.Client, server: FakeMistralServer) -> None:
    over = upload(api, b"x" * (MAX_FILE + 1))
    assert over.status_code == 413
    assert str(MAX_FILE) in over.json()["detail"]
    far_over = upload(api, b"x" * (MAX_FILE + (4 << 20)))  # beyond the upload route's body limit: refused unread
    assert far_over.status_code == 413
    assert "too large" in far_over.json()["detail"]
    assert server.file_ids == []
    assert uploaded(api, b"y" * MAX_FILE)["bytes"] == MAX_FILE  # at the cap: stored


def test_the_total_cap_is_a_413_until_a_file_is_deleted(api: httpx2.Client) -> None:
    first = uploaded(api, b"a" * MAX_FILE, "a.bin")
    uploaded(api, b"b" * MAX_FILE, "b.bin")
    full = upload(api, b"c" * MAX_FILE, "c.bin")
    assert full.status_code == 413
    assert "Storage full" in full.json()["detail"]
    api.delete(f"{FILES}/{first['id']}").raise_for_status()
    assert uploaded(api, b"c" * MAX_FILE, "c.bin")["filename"] == "c.bin"


def test_only_the_upload_route_takes_large_bodies(server: FakeMistralServer) -> None:
    body = b"x" * (MAX_BODY + 1)
    assert raw_post(server, JOBS, body, "application/json")[0] == 413
    boundary = "b0undary"
    form = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jsonl"\r\n\r\n'.encode()
        + body
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, answer = raw_post(server, FILES, form, f"multipart/form-data; boundary={boundary}")
    assert (status, answer["bytes"]) == (200, MAX_BODY + 1)


# --- hostile forms ----------------------------------------------------------------------------------------------------

BOUNDARY = "xYzZy"
FILE_HEAD = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n'.encode()
CLOSE = f"\r\n--{BOUNDARY}--\r\n".encode()
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (FILE_HEAD + CHAT + CLOSE, "multipart/form-data", "no boundary"),
        (FILE_HEAD + CHAT, MULTIPART, "not terminated"),  # the part never ends
        (b"garbage" + CHAT, MULTIPART, "does not start with the boundary"),
        (f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx".encode() + CLOSE, MULTIPART, "Content-Disposition"),
        (f"--{BOUNDARY}\r\n".encode() + b"X-Pad: y\r\n" * 3000 + b"\r\n" + CHAT + CLOSE, MULTIPART, "headers exceed"),
        (
            FILE_HEAD.replace(b"a.jsonl", b"n" * 100_000 + b".jsonl") + CHAT + CLOSE,
            MULTIPART,
            "headers exceed",  # a huge filename
        ),
    ],
    ids=["no-boundary", "unterminated", "no-leading-boundary", "no-disposition", "huge-head", "huge-filename"],
)
def test_a_form_that_cannot_be_read_is_a_400_with_json(
    server: FakeMistralServer, api: httpx2.Client, body: bytes, content_type: str, reason: str
) -> None:
    status, answer = raw_post(server, FILES, body, content_type)
    assert status == 400
    assert answer["detail"].startswith("There was an error parsing the body")
    assert reason in answer["detail"]
    assert api.get(FILES).status_code == 200  # and the server carries on
    assert server.file_ids == []


def test_two_file_parts_keep_the_last_as_fastapi_does(server: FakeMistralServer) -> None:
    second = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b.jsonl"\r\n\r\n'.encode()
    status, answer = raw_post(server, FILES, FILE_HEAD + CHAT + b"\r\n" + second + CHAT * 2 + CLOSE, MULTIPART)
    assert status == 200
    assert (answer["filename"], answer["bytes"]) == ("b.jsonl", len(CHAT) * 2)


def test_a_filename_that_is_not_utf8_is_read_as_latin1(server: FakeMistralServer) -> None:
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="'.encode()
    body = head + b"caf\xe9.jsonl" + b'"\r\nContent-Type: image/png\r\n\r\n' + CHAT + CLOSE
    status, answer = raw_post(server, FILES, body, MULTIPART)
    assert (status, answer["filename"], answer["mimetype"]) == (200, "café.jsonl", "application/jsonl")
    utf8 = head + "日本.jsonl".encode() + b'"\r\n\r\n' + CHAT * 2 + CLOSE
    assert raw_post(server, FILES, utf8, MULTIPART)[1]["filename"] == "日本.jsonl"
    escaped = head + b'say \\"hi\\".jsonl"\r\n\r\n' + CHAT * 3 + CLOSE
    assert raw_post(server, FILES, escaped, MULTIPART)[1]["filename"] == 'say "hi".jsonl'


def test_a_form_cut_off_mid_upload_gets_an_answer_and_the_server_stays_up(
    server: FakeMistralServer, api: httpx2.Client
) -> None:
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(
            f"POST {FILES} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer key\r\nContent-Type: {MULTIPART}\r\n"
            f"Content-Length: 100000\r\n\r\n".encode()
            + FILE_HEAD
            + CHAT
        )
        sock.shutdown(socket.SHUT_WR)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b'{"detail":' in answer
    assert api.get(FILES).status_code == 200


# --- list, retrieve, delete, download, signed URL -------------------------------------------------------------------


def test_list_newest_first_with_every_filter_and_paging(api: httpx2.Client, server: FakeMistralServer) -> None:
    chat = uploaded(api, CHAT, "Chat-Train.jsonl")
    server.advance(1)
    classes = uploaded(api, CLASSIFIER, "classes.jsonl")
    server.advance(1)
    scan = uploaded(api, b"%PDF-1.7", "scan.pdf", purpose="ocr")

    def ids(**params: Any) -> list[str]:
        response = api.get(FILES, params=params)
        assert response.status_code == 200, response.text
        validate_named(response.json(), "ListFilesOut")
        return [item["id"] for item in response.json()["data"]]

    assert ids() == [scan["id"], classes["id"], chat["id"]]
    assert ids(sample_type="instruct") == [chat["id"]]
    assert ids(sample_type=["instruct", "pretrain"]) == [classes["id"], chat["id"]]
    assert ids(sample_type=["ocr_input"]) == [scan["id"]]  # a type the spec's enum does not list (it is open)
    assert ids(sample_type=["poems"], purpose="evaluation") == []
    assert ids(source="upload") == [scan["id"], classes["id"], chat["id"]]
    assert ids(source="repository") == []
    assert ids(search="chat-tr") == [chat["id"]]  # a case-insensitive substring of the filename
    assert ids(purpose="ocr") == [scan["id"]]
    assert ids(mimetypes=["application/pdf", "text/csv"]) == [scan["id"]]
    assert ids(page_size=2) == [scan["id"], classes["id"]]
    assert ids(page=1, page_size=2) == [chat["id"]]
    assert api.get(FILES).json()["total"] == 3
    assert api.get(FILES, params={"purpose": "ocr"}).json()["total"] == 1
    assert api.get(FILES, params={"include_total": "false"}).json()["total"] is None  # null, as the spec says
    bad = api.get(FILES, params={"page_size": "many"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "page_size"]


def test_retrieve_download_delete_then_404(api: httpx2.Client) -> None:
    content = CHAT * 2
    file_id = uploaded(api, content)["id"]
    retrieved = api.get(f"{FILES}/{file_id}")
    validate_named(retrieved.json(), "RetrieveFileOut")
    assert retrieved.json()["deleted"] is False
    download = api.get(f"{FILES}/{file_id}/content")
    assert (download.status_code, download.headers["content-type"]) == (200, "application/octet-stream")
    assert download.content == content
    deleted = api.delete(f"{FILES}/{file_id}")
    validate_named(deleted.json(), "DeleteFileOut")
    assert deleted.json() == {"id": file_id, "object": "file", "deleted": True}
    for response in (
        api.get(f"{FILES}/{file_id}"),
        api.get(f"{FILES}/{file_id}/content"),
        api.get(f"{FILES}/{file_id}/url"),
        api.delete(f"{FILES}/{file_id}"),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": f"No file with id {file_id}"}
    assert api.get(FILES).json()["data"] == []


def test_file_ids_are_checked_like_job_ids(api: httpx2.Client) -> None:
    malformed = api.get(f"{FILES}/not-a-uuid")
    assert malformed.status_code == 422
    assert [(e["type"], e["loc"]) for e in malformed.json()["detail"]] == [("uuid_parsing", ["path", "file_id"])]
    assert api.get(f"{FILES}/{UNKNOWN}").status_code == 404
    file_id = uploaded(api, CHAT)["id"]
    assert api.get(f"{FILES}/{file_id.upper()}").json()["id"] == file_id


def test_a_signed_url_serves_the_file_without_the_key_until_it_expires(
    api: httpx2.Client, server: FakeMistralServer
) -> None:
    file_id = uploaded(api, CHAT * 4)["id"]
    signed = api.get(f"{FILES}/{file_id}/url", params={"expiry": 2})
    validate_named(signed.json(), "FileSignedURL")
    url = signed.json()["url"]
    assert url.startswith(server.server_url + "/")
    opened = httpx2.get(url)  # no Authorization header
    assert (opened.status_code, opened.content) == (200, CHAT * 4)
    assert opened.headers["content-type"] == "application/octet-stream"
    tampered = httpx2.get(url.replace(file_id, UNKNOWN))
    assert (tampered.status_code, tampered.json()["detail"]) == (403, "This URL's signature is not valid")
    forged = httpx2.get(url[:-4] + "0000")
    assert forged.status_code == 403
    default = api.get(f"{FILES}/{file_id}/url").json()["url"]  # 24 hours
    server.advance(2 * 3600 + 1)
    expired = httpx2.get(url)
    assert (expired.status_code, expired.json()["detail"]) == (403, "This URL has expired")
    assert httpx2.get(default).status_code == 200
    api.delete(f"{FILES}/{file_id}").raise_for_status()
    gone = httpx2.get(default)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/json"


def test_a_file_past_its_expiry_is_gone(api: httpx2.Client, server: FakeMistralServer) -> None:
    file_id = uploaded(api, CHAT, expiry=1)["id"]
    server.advance(3599)
    assert api.get(f"{FILES}/{file_id}").status_code == 200
    server.advance(1)
    assert api.get(f"{FILES}/{file_id}").status_code == 404
    assert api.get(FILES).json()["total"] == 0


# --- jobs read their files --------------------------------------------------------------------------------------------


def test_a_job_naming_an_unknown_or_deleted_file_is_refused(api: httpx2.Client) -> None:
    stored = uploaded(api, CHAT)["id"]
    deleted = uploaded(api, CHAT * 2)["id"]
    api.delete(f"{FILES}/{deleted}").raise_for_status()
    refused = api.post(JOBS, json=job_body(stored, UNKNOWN, validation=(deleted,)))
    assert refused.status_code == 422
    validate_named(refused.json(), "HTTPValidationError")
    assert [(error["loc"], error["input"]) for error in refused.json()["detail"]] == [
        (["body", "training_files", 1, "file_id"], UNKNOWN),
        (["body", "validation_files", 0], deleted),
    ]
    dry = api.post(JOBS, params={"dry_run": "true"}, json=job_body(UNKNOWN))
    assert dry.status_code == 422
    assert api.get(JOBS).json()["total"] == 0


def test_deleting_a_file_a_job_uses_does_not_break_the_job(api: httpx2.Client, server: FakeMistralServer) -> None:
    file_id = uploaded(api, CHAT * 5)["id"]
    job = api.post(JOBS, json=job_body(file_id)).json()
    api.delete(f"{FILES}/{file_id}").raise_for_status()
    server.advance(100)
    final = api.get(f"{JOBS}/{job['id']}").json()
    assert (final["status"], final["training_files"]) == ("SUCCESS", [file_id])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"messages":[{"role":"bot","content":"x"}]}\n', "unknown role 'bot'"),
        (b"not json\n", "not-json"),
        (b"", "empty-file"),
    ],
    ids=["unknown-role", "not-json", "empty"],
)
def test_bad_data_ends_in_failed_validation_with_the_checkers_message(
    api: httpx2.Client, server: FakeMistralServer, content: bytes, expected: str
) -> None:
    good = uploaded(api, CHAT)["id"]
    bad = uploaded(api, content, "bad.jsonl")["id"]
    job = api.post(JOBS, json=job_body(good, validation=(bad,))).json()
    server.advance(100)
    final = api.get(f"{JOBS}/{job['id']}").json()
    assert final["status"] == "FAILED_VALIDATION"
    reason = final["events"][0]["data"]["reason"]
    assert f"The validation file {bad} (bad.jsonl) is not valid completion data" in reason
    assert expected in reason
    dry = api.post(JOBS, params={"dry_run": "true"}, json=job_body(bad)).json()
    assert expected in dry["details"]


def test_chat_data_is_not_classifier_data(api: httpx2.Client, server: FakeMistralServer) -> None:
    chat = uploaded(api, CHAT)["id"]
    body = job_body(chat, model="ministral-3b-latest", job_type="classifier")
    body["classifier_targets"] = [{"name": "sentiment", "labels": ["pos", "neg"]}]
    job = api.post(JOBS, json=body).json()
    server.advance(100)
    final = api.get(f"{JOBS}/{job['id']}").json()
    assert final["status"] == "FAILED_VALIDATION"
    assert "is not valid classifier data" in final["events"][0]["data"]["reason"]


def test_a_classifier_job_without_targets_gets_them_from_the_labels(
    api: httpx2.Client, server: FakeMistralServer
) -> None:
    first = uploaded(api, CLASSIFIER, "a.jsonl")["id"]
    more = b'{"text":"meh","labels":{"sentiment":"neutral","topics":["billing","bug"]}}\n'
    more += b'{"text":"ok","labels":{"sentiment":"pos","topics":["bug"]}}\n'
    second = uploaded(api, more, "b.jsonl")["id"]
    body = job_body(first, second, model="ministral-3b-latest", job_type="classifier")
    job = api.post(JOBS, json=body).json()
    server.advance(100)
    final = api.get(f"{JOBS}/{job['id']}").json()
    validate_named(final, "ClassifierDetailedJobOut")
    assert final["status"] == "SUCCESS"
    assert final["classifier_targets"] == [
        {"name": "sentiment", "labels": ["neg", "neutral", "pos"], "weight": 1.0, "loss_function": "single_class"},
        {"name": "topics", "labels": ["billing", "bug"], "weight": 1.0, "loss_function": "multi_class"},
    ]


def test_preloaded_jobs_name_any_file_and_the_examples_files_are_stored(
    api: httpx2.Client, server: FakeMistralServer
) -> None:
    server.add_job(status="SUCCESS", training_files=[UNKNOWN])  # preloading does not check files
    server.load_examples()
    for example in EXAMPLE_FILES:
        stored = api.get(f"{FILES}/{example.file_id}").json()
        assert (stored["filename"], stored["sample_type"]) == (example.filename, "instruct")
    named = {item["file_id"] for example in EXAMPLES for item in example.body["training_files"]}
    named |= {file_id for example in EXAMPLES for file_id in example.body.get("validation_files", ())}
    assert named == {example.file_id for example in EXAMPLE_FILES}
    example_file = EXAMPLES[0].body["training_files"][0]["file_id"]
    job = api.post(JOBS, json=job_body(example_file)).json()
    server.mark_bad_file(example_file)
    marked = api.post(JOBS, json=job_body(example_file)).json()
    server.advance(100)
    assert api.get(f"{JOBS}/{job['id']}").json()["status"] == "SUCCESS"
    assert api.get(f"{JOBS}/{marked['id']}").json()["status"] == "FAILED_VALIDATION"


# --- the Python API ---------------------------------------------------------------------------------------------------


def test_add_file_stores_what_the_api_serves(api: httpx2.Client, server: FakeMistralServer) -> None:
    file_id = server.add_file(CHAT, filename="mine.jsonl")
    assert server.add_file(CHAT, filename="mine.jsonl") == file_id  # the same name and contents: the same file
    chosen = server.add_file(CLASSIFIER, filename="c.jsonl", purpose="batch", file_id=UNKNOWN.upper())
    assert chosen == UNKNOWN
    assert server.file_ids == [file_id, UNKNOWN]
    assert server.get_file(file_id) == api.get(f"{FILES}/{file_id}").json()
    assert server.get_file_content(UNKNOWN) == CLASSIFIER == api.get(f"{FILES}/{UNKNOWN}/content").content
    assert server.get_file(UNKNOWN)["purpose"] == "batch"
    with pytest.raises(KeyError):
        server.get_file(str(uuid.uuid4()))
    with pytest.raises(ValueError, match="UUID"):
        server.add_file(CHAT, file_id="file-1")
    with pytest.raises(ValueError, match="File too large"):
        server.add_file(b"x" * (MAX_FILE + 1))
    server.reset()
    assert server.file_ids == []


def test_upload_validation_is_independent_of_timing() -> None:
    # Custom lifecycle timing changes nothing about files: a job over a stored file still validates.
    timing = LifecycleTiming(queued=5, validating=5)
    with FakeMistralServer(speed=0.0, timing=timing) as server:
        file_id = server.add_file(CHAT)
        with httpx2.Client(base_url=server.server_url, headers={"Authorization": "Bearer k"}) as client:
            job = client.post(JOBS, json=job_body(file_id, auto_start=False)).json()
            server.advance(10)
            assert client.get(f"{JOBS}/{job['id']}").json()["status"] == "VALIDATED"
            assert json.loads(client.get(f"{FILES}/{file_id}/content").content) == json.loads(CHAT)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 20])
def test_utf8_check_reads_slices_and_still_sees_a_character_split_between_them(chunk: int) -> None:
    text = "évaluation ✓ 𝄞\n".encode() * 7
    assert _files._is_utf8(text, chunk)
    assert _files.count_lines(text) == 7
    assert not _files._is_utf8(text[:-3], chunk)  # cut inside the last character: not UTF-8 any more
    assert not _files._is_utf8(text[:10] + b"\xff" + text[10:], chunk)
    assert _files.count_lines(b"\xff\n\n") == 0
