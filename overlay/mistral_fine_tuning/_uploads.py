"""What an upload sends: every shape a caller may give a file in, made into one `File` whose contents the HTTP
library streams as it sends.

Accepted, as in both official SDKs: `File(file_name=..., content=..., content_type=...)` or its dict
(`{"file_name": ..., "content": ...}`, `fileName` too), with `content` as bytes, text (sent as UTF-8) or a file opened
in binary mode. Beyond them: a path (`"train.jsonl"`, a `pathlib.Path`), and a bare file opened in binary mode (its
name is the part's file name), as one of Mistral's own quickstarts passes it.

A path is opened only when the request is sent and closed once read to its end (or when the call ends), so a
refused or failed call leaves no file open. Sizes are known before sending (the request has a Content-Length and is
never chunked when the contents can seek), and `on_progress(sent, total)` is called as the HTTP library reads.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from typing import IO, Any, Final, cast

from . import _api
from .errors import InputValidationError

Progress = Callable[[int, "int | None"], object]
"""`on_progress(sent, total)`: bytes of the file read for sending so far, and its size when known."""

_SEEK_END: Final = os.SEEK_END


class Source(io.RawIOBase):
    """A file's contents as the HTTP library reads them: from a path opened on first read, or from a binary file
    object given by the caller (never closed here: it is theirs), each read reported to `on_progress`.

    Seeking is what the library does to learn the size (to the end and back) and to start again (a request re-sent
    after a connection that could not be made); for a path the size comes from the file system, without opening it.
    """

    def __init__(self, *, path: str | None = None, stream: Any = None, on_progress: Progress | None = None) -> None:
        super().__init__()
        self._path = path
        self._stream = stream  # the caller's file object, or the one opened from `path`
        self._owned = stream is None
        self._on_progress = on_progress
        self._position = 0
        self.size = self._size()

    def _size(self) -> int | None:
        if self._path is not None:
            try:
                return os.stat(self._path).st_size
            except OSError as exc:
                raise InputValidationError("file", f"cannot read {self._path!r}: {exc.strerror or exc}") from exc
        try:  # the HTTP library sends a seekable file from its start: its size is the whole file's
            start = self._stream.tell()
            end: int = self._stream.seek(0, _SEEK_END)
            self._stream.seek(start)
        except (AttributeError, OSError, ValueError):
            return None  # a pipe or socket: sent with chunked transfer encoding
        return end

    def _open(self) -> Any:
        if self._stream is None:
            assert self._path is not None
            self._stream = open(self._path, "rb")  # noqa: SIM115  (closed at its end, or by close())
            if self._position:  # sought while closed (after a complete read): reopen where it was asked
                self._stream.seek(self._position)
        return self._stream

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.size is not None

    def read(self, size: int | None = -1) -> bytes:
        chunk: bytes = self._open().read(size)
        if chunk:
            self._position += len(chunk)
            if self._on_progress is not None:
                self._on_progress(self._position, self.size)
        elif self._owned:  # read to its end: release the file now
            self._release()
        return chunk

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if self.size is None:
            raise io.UnsupportedOperation("this file cannot seek")
        if whence == _SEEK_END and offset == 0:
            return self.size  # the size, without opening or moving anything
        if whence != io.SEEK_SET:
            raise io.UnsupportedOperation("only seeking to a position from the start is supported")
        if self._stream is not None:
            self._stream.seek(offset)
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._position

    def _release(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    def close(self) -> None:
        """Close the file this source opened (a caller's file object stays open)."""
        if self._owned:
            self._release()
        super().close()


def _name_of(stream: Any) -> str | None:
    name = getattr(stream, "name", None)
    return os.path.basename(name) if isinstance(name, str) and name else None


def _binary(where: str, stream: Any) -> None:
    """Refuse a file object that cannot be sent as it is: text mode, or already closed."""
    mode = getattr(stream, "mode", "b")  # not always text: gzip.GzipFile's is an int
    if isinstance(stream, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
        raise InputValidationError(where, "a file opened in text mode: open it in binary mode, open(path, 'rb')")
    if getattr(stream, "closed", False) is True:
        raise InputValidationError(where, "the file is closed: pass it while it is open (inside its `with` block)")


def _contents(where: str, content: Any, on_progress: Progress | None) -> Any:
    """Bytes for bytes and text; a `Source` for a binary file object."""
    if isinstance(content, str | bytes | bytearray | memoryview):
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        if on_progress is None:
            return data
        return Source(stream=io.BytesIO(data), on_progress=on_progress)  # read through, to report progress
    if hasattr(content, "read"):
        _binary(where, content)
        return Source(stream=content, on_progress=on_progress)
    raise InputValidationError(
        where, f"content must be bytes, text or a file opened in binary mode, got {type(content).__name__}"
    )


def file_part(where: str, value: Any, on_progress: Progress | None = None) -> Any:
    """The generated `File` to send for `value`, in any of the accepted shapes; InputValidationError otherwise
    (before anything is opened or sent)."""
    if on_progress is not None and not callable(on_progress):
        raise InputValidationError("on_progress", f"must be a function, got {type(on_progress).__name__}")
    if isinstance(value, _api.File):
        if isinstance(value.content, Source):
            return value  # made here already (upload converts the file before the call is checked)
        name, content, content_type = value.file_name, value.content, value.content_type
    elif isinstance(value, Mapping):
        unknown = sorted(str(key) for key in value if key not in ("file_name", "fileName", "content", "content_type"))
        if unknown:
            known = "file_name, content, content_type"
            raise InputValidationError(where, f"unknown key(s) {', '.join(unknown)} (known: {known})")
        name = value.get("file_name", value.get("fileName"))
        if "content" not in value:
            raise InputValidationError(where, "the key 'content' is required (the file's bytes, text or binary file)")
        content, content_type = value["content"], value.get("content_type")
    elif isinstance(value, str | os.PathLike):
        path = os.fspath(value)
        if isinstance(path, str) and os.path.isdir(path):
            raise InputValidationError(where, f"{path!r} is a folder, not a file")
        if not isinstance(path, str) or not os.path.isfile(path):
            raise InputValidationError(where, f"no such file: {path!r}")
        source = Source(path=path, on_progress=on_progress)
        return _api.File(file_name=os.path.basename(path), content=cast("IO[bytes]", source))
    elif hasattr(value, "read"):
        _binary(where, value)
        name = _name_of(value)
        if name is None:
            raise InputValidationError(
                where, "a file object without a name: pass {'file_name': ..., 'content': <the file object>}"
            )
        return _api.File(file_name=name, content=cast("IO[bytes]", Source(stream=value, on_progress=on_progress)))
    elif isinstance(value, bytes | bytearray | memoryview):
        raise InputValidationError(where, "bytes without a file name: pass {'file_name': ..., 'content': <bytes>}")
    else:
        shapes = "a File, a dict with file_name and content, a path or a binary file"
        raise InputValidationError(where, f"must be {shapes}; got {type(value).__name__}")
    if not isinstance(name, str) or not name:
        raise InputValidationError(where, "file_name must be a non-empty string")
    if content_type is not None and not isinstance(content_type, str):
        raise InputValidationError(where, f"content_type must be a string, got {type(content_type).__name__}")
    return _api.File(file_name=name, content=_contents(where, content, on_progress), content_type=content_type)


def close_part(part: Any) -> None:
    """Close what `file_part` opened for `part` (nothing of the caller's)."""
    content = getattr(part, "content", None)
    if isinstance(content, Source):
        content.close()
