"""The uploaded files: storage within caps, what the server infers from their contents, listing, signed URLs.

Files live in memory. ``FileStore`` is not thread-safe by itself: the application serializes every call under its
lock. How each list filter selects files is ``LIST_FILTERS``; which filters exist comes from the spec.
"""

from __future__ import annotations

import codecs
import hashlib
import hmac
import json
import mimetypes
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ._jobs import encode
from ._state import ListQuery

DEFAULT_MAX_FILE_SIZE: Final = 512 << 20
"""The largest file accepted (512 MiB), the API's documented limit for one file."""
DEFAULT_MAX_TOTAL_SIZE: Final = 1 << 30
"""How many bytes all stored files may hold together (1 GiB): the fake keeps them in memory."""
DEFAULT_PURPOSE: Final = "fine-tune"
"""The purpose of a file uploaded without one (the SDKs' examples send none, and such files train)."""
SECONDS_PER_EXPIRY_UNIT: Final = 3600
"""A guess: the unit of an upload's ``expiry`` is not documented; hours, as for the signed URL's ``expiry``. An
expiry below 1 counts as 1: a file just stored stays at least that long."""
SIGNED_PATH: Final = "/signed-files/"
"""Where signed URLs point, on the fake's own address: outside ``/v1``, so no route of the spec can match it."""


@dataclass(slots=True)
class StoredFile:
    """One uploaded file: its bytes and the description the API gives of it."""

    id: str
    content: bytes
    filename: str
    purpose: str
    sample_type: str
    mimetype: str
    num_lines: int
    signature: str
    digest: bytes
    created_at: int
    expires_at: int | None
    visibility: str | None
    source: str = "upload"
    reports: dict[str, Any] = field(default_factory=dict)
    """Checks of the contents already made, by job type (the contents never change)."""

    def description(self) -> dict[str, Any]:
        """The file as ``UploadFileOut`` / ``FileSchema`` describe it, in the spec's order."""
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.content),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "sample_type": self.sample_type,
            "num_lines": self.num_lines,
            "mimetype": self.mimetype,
            "source": self.source,
            "signature": self.signature,
            "expires_at": self.expires_at,
            "visibility": self.visibility,
        }


class StorageFull(Exception):
    """An upload over a cap: ``message`` says which (the answer is a 413)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FileFilter = Callable[[StoredFile, Any], bool]
"""Whether a file passes a list filter: ``(file, the filter's validated value) -> bool``."""

LIST_FILTERS: Final[Mapping[str, FileFilter]] = {
    "sample_type": lambda file, value: file.sample_type in value,
    "source": lambda file, value: file.source in value,
    "search": lambda file, value: value.casefold() in file.filename.casefold(),
    "purpose": lambda file, value: file.purpose == value,
    "mimetypes": lambda file, value: file.mimetype in value,
}
"""How each filter of the file list selects files, by query parameter name.

``search`` is a guess (the API does not say what it matches): a case-insensitive substring of the filename. Array
filters (``sample_type``, ``source``, ``mimetypes``) keep a file matching any of their values.
"""
LIST_PAGING: Final = frozenset({"page", "page_size", "include_total"})
"""The list parameters that shape the answer rather than select files."""


def infer_sample_type(content: bytes, purpose: str) -> str:
    """What the server says a file holds, judged from its purpose and its first record.

    Observed: ``instruct`` for fine-tuning chat JSONL, ``batch_request`` for a batch upload, ``ocr_input`` (a value
    the spec's enum does not list; the enum is open) for a PDF. A guess: records with ``text`` rather than
    ``messages`` (classifier ``{"text", "labels"}`` data, pretraining text) are ``pretrain``, and so is anything
    else that is not JSON Lines.
    """
    if purpose == "batch":
        return "batch_request"
    if content.startswith(b"%PDF-"):
        return "ocr_input"
    for line in content[: 1 << 20].split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            return "pretrain"
        return "instruct" if isinstance(record, dict) and "messages" in record else "pretrain"
    return "pretrain"


def infer_mimetype(filename: str) -> str:
    """The media type the server records, from the name's extension (never from the part's Content-Type)."""
    lowered = filename.lower()
    if lowered.endswith(".jsonl"):
        return "application/jsonl"
    guessed, _ = mimetypes.guess_type(lowered, strict=False)
    return guessed or "application/octet-stream"


def count_lines(content: bytes) -> int:
    """Lines of a UTF-8 text file (a last line without its newline counts); 0 for anything else, as for a PDF."""
    if not _is_utf8(content):
        return 0
    return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)


def _is_utf8(content: bytes, chunk: int = 1 << 20) -> bool:
    """Whether `content` is UTF-8, checked a slice at a time: a large upload is never held twice as text."""
    if content.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(content)
    try:
        for start in range(0, len(content), chunk):
            decoder.decode(view[start : start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class FileStore:
    """Every stored file, oldest first, within a per-file and a total size cap."""

    def __init__(
        self, max_file_size: int = DEFAULT_MAX_FILE_SIZE, max_total_size: int = DEFAULT_MAX_TOTAL_SIZE
    ) -> None:
        self.max_file_size = max_file_size
        self.max_total_size = max_total_size
        self.secret = os.urandom(32)  # signs download URLs; a new server's URLs do not open an old one's files
        self.reset()

    def reset(self) -> None:
        """Forget every file."""
        self.files: dict[str, StoredFile] = {}
        self.by_name_and_content: dict[tuple[str, bytes], str] = {}
        self.total_size = 0

    def add(
        self,
        content: bytes,
        *,
        filename: str,
        purpose: str | None,
        now: float,
        expiry: int | None = None,
        visibility: str | None = "workspace",
        file_id: str | None = None,
    ) -> StoredFile:
        """Store a file, or return the live one with the same name and contents (as the FAQ says the API does).

        Raises StorageFull when the file is over the per-file cap or would take the store over its total cap.
        """
        size = len(content)
        if size > self.max_file_size:
            raise StorageFull(f"File too large: {size} bytes, the limit is {self.max_file_size} bytes per file")
        digest = hashlib.sha256(content).digest()
        if file_id is None:
            existing = self.get(self.by_name_and_content.get((filename, digest), ""), now)
            if existing is not None:
                return existing
        previous = self.files.get(file_id) if file_id is not None else None
        used = self.total_size - (len(previous.content) if previous is not None else 0)
        if used + size > self.max_total_size:
            raise StorageFull(
                f"Storage full: {used} of {self.max_total_size} bytes are used by stored files; this file needs {size}"
            )
        chosen_purpose = purpose or DEFAULT_PURPOSE
        created_at = int(now)
        stored = StoredFile(
            id=file_id or str(uuid.uuid4()),
            content=content,
            filename=filename,
            purpose=chosen_purpose,
            sample_type=infer_sample_type(content, chosen_purpose),
            mimetype=infer_mimetype(filename),
            num_lines=count_lines(content),
            signature=digest.hex()[:16],
            digest=digest,
            created_at=created_at,
            expires_at=None if expiry is None else created_at + max(expiry, 1) * SECONDS_PER_EXPIRY_UNIT,
            visibility=visibility,
        )
        if previous is not None:
            self.remove(previous.id)
        self.files[stored.id] = stored
        self.by_name_and_content[filename, digest] = stored.id
        self.total_size += size
        return stored

    @staticmethod
    def live(file: StoredFile, now: float) -> bool:
        """Whether a stored file is still there: not past its ``expires_at``."""
        return file.expires_at is None or now < file.expires_at

    def get(self, file_id: str, now: float) -> StoredFile | None:
        """The live file with this id, if any (an expired one is forgotten)."""
        file = self.files.get(file_id)
        if file is not None and not self.live(file, now):
            self.remove(file_id)
            return None
        return file

    def remove(self, file_id: str) -> StoredFile | None:
        """Forget a file; return it, or None if there was none."""
        file = self.files.pop(file_id, None)
        if file is not None:
            self.total_size -= len(file.content)
            if self.by_name_and_content.get((file.filename, file.digest)) == file_id:
                del self.by_name_and_content[file.filename, file.digest]
        return file

    def list_body(self, query: ListQuery, include_total: bool, now: float) -> bytes:
        """The encoded ``ListFilesOut`` for ``query``: newest first; ``total`` null unless ``include_total``."""
        for expired in [file.id for file in self.files.values() if not self.live(file, now)]:
            self.remove(expired)
        tests = [(LIST_FILTERS[name], value) for name, value in query.filters]
        matches = [file for file in reversed(self.files.values()) if all(test(file, value) for test, value in tests)]
        page: list[StoredFile] = []
        if query.page >= 0 and query.page_size > 0:
            first = query.page * query.page_size
            page = matches[first : first + query.page_size]
        return encode(
            {
                "data": [file.description() for file in page],
                "object": "list",
                "total": len(matches) if include_total else None,
            }
        )

    # --- signed URLs ---------------------------------------------------------------------------------------------

    def sign(self, file_id: str, expires: int) -> str:
        """The signature of a download of ``file_id`` valid until ``expires`` (Unix seconds)."""
        return hmac.new(self.secret, f"{file_id}:{expires}".encode(), hashlib.sha256).hexdigest()

    def signed_path(self, file_id: str, expires: int) -> str:
        """The path and query of a signed download URL."""
        return f"{SIGNED_PATH}{file_id}?se={expires}&sig={self.sign(file_id, expires)}"

    def signature_valid(self, file_id: str, expires: str, signature: str) -> bool:
        """Whether ``signature`` was made by this store for ``file_id`` and ``expires`` (the texts of the URL)."""
        if not (expires.isascii() and expires.isdigit()):
            return False
        return hmac.compare_digest(self.sign(file_id, int(expires)).encode(), signature.encode("utf-8", "replace"))
