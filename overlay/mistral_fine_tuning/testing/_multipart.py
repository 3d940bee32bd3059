"""Reading a ``multipart/form-data`` request body (an upload) that is already complete in memory.

Written here rather than taken from ``python-multipart``: the body is whole and bounded before it is parsed, so a
short parser over ``bytes`` does the job without a new runtime dependency for every user of the client.

It reads forms as Starlette does for FastAPI, the framework the real API runs on:

- a body whose Content-Type is not ``multipart/form-data`` (nor ``application/x-www-form-urlencoded``) is an empty
  form, so the required ``file`` is reported missing by validation, not here;
- a part with a ``filename`` parameter is a file (its own Content-Type is kept but means nothing); one without is a
  text field; names and filenames are decoded as UTF-8, or as Latin-1 when they are not valid UTF-8;
- a repeated name keeps every value in order (the caller takes the last, as FastAPI does for a single field).

What it refuses raises ``MultipartError`` with a reason (the caller answers 400): no boundary, a body that does not
start with one, a part without its closing boundary, part headers over ``MAX_PART_HEAD`` bytes, a part without a
``Content-Disposition: form-data; name=...`` header, a text field over ``MAX_FIELD_SIZE`` bytes, more than
``MAX_PARTS`` parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import parse_qsl

MAX_PART_HEAD: Final = 16 << 10
"""The largest header block of one part, as for the request's own head."""
MAX_FIELD_SIZE: Final = 1 << 20
"""The largest text field (Starlette's default ``max_part_size``)."""
MAX_PARTS: Final = 1000
"""The most parts a form may have (Starlette's default ``max_files`` and ``max_fields``)."""

# A header parameter: `; name=token` or `; name="quoted \" string"`.
_PARAMETER: Final = re.compile(rb';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.DOTALL)
_QUOTED_PAIR: Final = re.compile(rb"\\(.)", re.DOTALL)


class MultipartError(Exception):
    """The body is not a readable multipart form; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file part: its field name, the filename as sent, its declared Content-Type, and its bytes."""

    name: str
    filename: str
    content_type: str | None
    content: bytes


@dataclass(slots=True)
class Form:
    """A parsed form: text fields and file parts by name, each with every value in the order sent."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[FilePart]] = field(default_factory=dict)


def media_type(content_type: str | None) -> tuple[str, dict[bytes, bytes]]:
    """The lower-cased media type of a Content-Type value, and its parameters (names lower-cased)."""
    raw = (content_type or "").encode("latin-1", "replace")
    kind, _, _ = raw.partition(b";")
    return kind.strip().lower().decode("latin-1"), _parameters(raw[len(kind) :])


def _parameters(text: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for name, raw in _PARAMETER.findall(text):
        value = raw.strip()
        if value[:1] == b'"':
            value = _QUOTED_PAIR.sub(rb"\1", value[1:-1])
        found.setdefault(name.lower(), value)
    return found


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_form(body: bytes, content_type: str | None) -> Form:
    """Read ``body`` as the form its ``content_type`` announces; raise MultipartError when it cannot be read."""
    kind, parameters = media_type(content_type)
    form = Form()
    if kind == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1"):
            form.fields.setdefault(_decode(key.encode("latin-1")), []).append(_decode(value.encode("latin-1")))
        return form
    if kind != "multipart/form-data":
        return form
    boundary = parameters.get(b"boundary")
    if not boundary:
        raise MultipartError("the Content-Type has no boundary")
    delimiter = b"--" + boundary
    if not body.startswith(delimiter):
        start = body.find(b"\r\n" + delimiter)
        if start < 0:
            raise MultipartError("the body does not start with the boundary")
        position = start + 2 + len(delimiter)
    else:
        position = len(delimiter)
    separator = b"\r\n" + delimiter
    parts = 0
    while True:
        if body.startswith(b"--", position):
            return form  # the closing boundary; an epilogue after it is ignored
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            raise MultipartError("a boundary is not followed by a part")
        parts += 1
        if parts > MAX_PARTS:
            raise MultipartError(f"the form has more than {MAX_PARTS} parts")
        head_start = line_end + 2
        if body.startswith(b"\r\n", head_start):
            head_end = head_start  # no header at all: refused below, for want of a Content-Disposition
        else:
            head_end = body.find(b"\r\n\r\n", head_start, head_start + MAX_PART_HEAD + 4)
        if head_end < 0:
            if body.find(b"\r\n\r\n", head_start) < 0 and len(body) - head_start <= MAX_PART_HEAD:
                raise MultipartError("a part's headers are not terminated")
            raise MultipartError(f"a part's headers exceed {MAX_PART_HEAD} bytes")
        content_start = head_end + (2 if head_end == head_start else 4)
        content_end = body.find(separator, content_start)
        if content_end < 0:
            raise MultipartError("a part is not terminated by the boundary")
        _add_part(form, body[head_start:head_end], body, content_start, content_end)
        position = content_end + len(separator)


def _add_part(form: Form, head: bytes, body: bytes, start: int, end: int) -> None:
    disposition: bytes | None = None
    part_type: str | None = None
    for line in head.split(b"\r\n"):
        header, colon, value = line.partition(b":")
        if not colon:
            raise MultipartError("a part has a malformed header line")
        header = header.strip().lower()
        if header == b"content-disposition":
            disposition = value.strip()
        elif header == b"content-type":
            part_type = value.strip().decode("latin-1")
    if disposition is None or disposition.partition(b";")[0].strip().lower() != b"form-data":
        raise MultipartError("a part has no Content-Disposition: form-data header")
    parameters = _parameters(disposition[len(disposition.partition(b";")[0]) :])
    if b"name" not in parameters:
        raise MultipartError("a part's Content-Disposition has no name")
    name = _decode(parameters[b"name"])
    if b"filename" in parameters:
        part = FilePart(name, _decode(parameters[b"filename"]), part_type, body[start:end])
        form.files.setdefault(name, []).append(part)
        return
    if end - start > MAX_FIELD_SIZE:
        raise MultipartError(f"the field {name!r} exceeds {MAX_FIELD_SIZE} bytes")
    form.fields.setdefault(name, []).append(_decode(body[start:end]))
