"""`Mistral(...).files`: uploading training data and the other files operations, and an `_async` twin of each.

As in `_jobs`, each operation is an `Endpoint` of the spec and one method returning its `Call`. What is added here:
`upload` takes every shape of file the official SDKs take, and paths, streams it from disk with a progress callback,
and closes what it opened; `download` hands over the HTTP library's response unread, as the official SDKs do, and
`download_to` streams it into a file; `iter` pages through every file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Unpack

from ._raw import RawResponse
from ._resource import Endpoint, RawResource, Resource, _positional, pair, raw_pair
from ._uploads import Progress, close_part, file_part
from .errors import InputValidationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import BinaryIO

    from . import _api
    from ._api import files as spec
    from ._transport import Call
    from ._types import CallOptions, Response

    class ListArguments(spec.FilesApiRoutesListFilesArguments, CallOptions, total=False):
        """`files.list`'s keyword arguments: the filters and paging, and the per-call options."""

    class UploadArguments(spec.FilesApiRoutesUploadFileArguments, CallOptions, total=False):
        """`files.upload`'s keyword arguments: the file and its form fields, and the per-call options."""

    class RetrieveArguments(spec.FilesApiRoutesRetrieveFileArguments, CallOptions, total=False):
        """`files.retrieve`'s keyword arguments."""

    class DeleteArguments(spec.FilesApiRoutesDeleteFileArguments, CallOptions, total=False):
        """`files.delete`'s keyword arguments."""

    class DownloadArguments(spec.FilesApiRoutesDownloadFileArguments, CallOptions, total=False):
        """`files.download`'s keyword arguments."""

    class SignedUrlArguments(spec.FilesApiRoutesGetSignedUrlArguments, CallOptions, total=False):
        """`files.get_signed_url`'s keyword arguments."""


def _how_to_find(request: Mapping[str, Any]) -> str:
    """What to tell a caller whose upload may have reached the server although its answer was lost."""
    name = next((part[1][0] for part in request.get("files") or () if part[0] == "file"), None)
    search = f"search={name!r}" if isinstance(name, str) else ""
    return (
        "The file may have been stored: the request was sent but its answer was lost. Look for it before uploading "
        f"it again: files.list({search})"
    )


_LIST: Final = Endpoint("list", "files_api_routes_list_files", idempotent=True)
_UPLOAD: Final = Endpoint("upload", "files_api_routes_upload_file", idempotent=False, if_lost=_how_to_find)
_RETRIEVE: Final = Endpoint("retrieve", "files_api_routes_retrieve_file", idempotent=True, echo="file_id")
_DELETE: Final = Endpoint("delete", "files_api_routes_delete_file", idempotent=True, echo="file_id")
_DOWNLOAD: Final = Endpoint(
    "download", "files_api_routes_download_file", idempotent=True, stream=True, shown="Download"
)
_SIGNED_URL: Final = Endpoint("get_signed_url", "files_api_routes_get_signed_url", idempotent=True)


def _target(path: object) -> str:
    """Where `download_to` writes, checked before anything is sent."""
    target = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if not isinstance(target, str) or not target:
        raise InputValidationError("path", f"must be a file's path (str or os.PathLike), got {type(path).__name__}")
    if os.path.isdir(target):
        raise InputValidationError("path", f"{target!r} is a folder: give the path of the file to write")
    folder = os.path.dirname(target)
    if folder and not os.path.isdir(folder):
        raise InputValidationError("path", f"no such folder: {folder!r}")
    return target


@contextlib.contextmanager
def _writing(target: str) -> Iterator[BinaryIO]:
    """`<target>.part`, open for writing: moved onto `target` when the block ends well, removed when it fails."""
    partial = f"{target}.part"
    try:
        with open(partial, "wb") as out:
            yield out
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):  # never created, or already gone
            os.remove(partial)
        raise


def _read_error(exc: Exception) -> Exception:
    """Our error for a failure while a download's contents arrive (for the HTTP library's errors; else `exc`)."""
    from ._http import family_of_exception

    family = family_of_exception(exc)
    return family.connection_error(exc) if family is not None else exc


class Download:
    """A file's contents being downloaded: the HTTP response, unread.

    Everything of the response reads through (`.read()`, `.content`, `.text`, `.iter_bytes()`, `.headers`,
    `.status_code`, `aread()`, `aiter_bytes()`...), as on the `httpx2.Response` the official SDKs hand over (an
    `httpx.Response` through an httpx client you passed: `.response`), and `with` / `async with` close it.
    """

    __slots__ = ("response",)

    def __init__(self, response: Response) -> None:
        self.response = response

    def __getattr__(self, name: str) -> Any:
        return getattr(self.response, name)

    def __enter__(self) -> Download:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.response.close()

    async def __aenter__(self) -> Download:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.response.aclose()

    def __repr__(self) -> str:
        return f"Download({self.response.status_code}, {self.response.headers.get('content-length')} bytes)"


class Files(Resource):
    """Files: `upload`, `list`, `retrieve`, `delete`, `download`, `get_signed_url`, and their `_async` twins; `iter`
    pages through every file and `download_to` saves one to disk.

    Every method also takes `retries`, `server_url`, `timeout_ms` and `http_headers`, for that call only. Errors are
    `models.SDKError` subclasses (see `mistral_fine_tuning.errors`); bad arguments raise `InputValidationError`
    before anything is sent.
    """

    @property
    def with_raw_response(self) -> FilesWithRawResponse:
        """The same calls, each returning a `RawResponse` whose `parse()` gives the usual result."""
        return FilesWithRawResponse(self)

    # --- upload: the file given in any shape, streamed, and closed whatever happens

    def _upload_call(self, kwargs: Mapping[str, Any], on_progress: Progress | None) -> tuple[Call[Any], Any]:
        given = dict(kwargs)
        if "file" in given:
            given["file"] = file_part("file", given["file"], on_progress)
        try:
            return self._prepare(_UPLOAD, given), given.get("file")
        except BaseException:
            close_part(given.get("file"))
            raise

    def upload(
        self, *args: object, on_progress: Progress | None = None, **kwargs: Unpack[UploadArguments]
    ) -> _api.models.UploadFileOut:
        """Upload a file: training data for fine-tuning (JSON Lines), or a file for another use.

        Args:
            file: the file, as the official SDKs take it (`{"file_name": "train.jsonl", "content": open(path, "rb")}`,
                or `models.File(...)`; content as bytes, text or a file opened in binary mode), or a path, or a file
                opened in binary mode. A file is streamed as it is sent: memory does not grow with its size.
            purpose: what it is for (`"fine-tune"`, the server's default, `"batch"`, `"ocr"`).
            expiry, visibility: as the API defines them (see the reference).
            on_progress: called as the file is read for sending, with the bytes sent so far and the file's size
                (None when it cannot be known).

        Returns:
            `models.UploadFileOut`: its `id` is what `jobs.create(training_files=[...])` takes.

        Raises:
            InputValidationError (a file that cannot be read or sent), SDKError subclasses, APIConnectionError. An
            upload is never re-sent once the server may have received it (a second upload stores a second file);
            when its answer is lost, the error says how to look for the file.
        """
        if args:
            raise _positional(_UPLOAD, args)
        call, part = self._upload_call(kwargs, on_progress)
        try:
            uploaded: _api.models.UploadFileOut = self._sender.send(call)
            return uploaded
        finally:
            close_part(part)

    async def upload_async(
        self, *args: object, on_progress: Progress | None = None, **kwargs: Unpack[UploadArguments]
    ) -> _api.models.UploadFileOut:
        """The async twin of `upload`: same arguments, result and errors (the file is read as it is sent)."""
        if args:
            raise _positional(_UPLOAD, args)
        call, part = self._upload_call(kwargs, on_progress)
        try:
            uploaded: _api.models.UploadFileOut = await self._sender.send_async(call)
            return uploaded
        finally:
            close_part(part)

    upload.__signature__ = upload_async.__signature__ = _UPLOAD.signature("UploadFileOut")  # type: ignore[attr-defined]

    # --- the other operations

    def _list(self, **kwargs: Unpack[ListArguments]) -> Call[_api.models.ListFilesOut]:
        """One page of the files of the caller's organization.

        Args:
            page: zero-based page index; page_size: files per page; include_total: whether `total` is counted.
            sample_type, source, search, purpose, mimetypes: filters; unset or None filters are not sent.

        Returns:
            `models.ListFilesOut`: `data` (the files) and `total`.
        """
        return self._prepare(_LIST, kwargs)

    list, list_async = pair(_list, _LIST)

    def _retrieve(self, **kwargs: Unpack[RetrieveArguments]) -> Call[_api.models.RetrieveFileOut]:
        """One file's description (`models.RetrieveFileOut`).

        Raises:
            InputValidationError (a `file_id` that cannot be a path segment: empty, `/`, `?`...),
            UnprocessableEntityError (one the server does not take for an id), NotFoundError, other SDKError
            subclasses.
        """
        return self._prepare(_RETRIEVE, kwargs)

    retrieve, retrieve_async = pair(_retrieve, _RETRIEVE)

    def _delete(self, **kwargs: Unpack[DeleteArguments]) -> Call[_api.models.DeleteFileOut]:
        """Delete a file; returns `models.DeleteFileOut` (`deleted`).

        Raises:
            InputValidationError, NotFoundError (no such file; after a lost answer, it may be the first attempt
            that deleted it: the error says so), other SDKError subclasses.
        """
        return self._prepare(_DELETE, kwargs)

    delete, delete_async = pair(_delete, _DELETE)

    def _download(self, **kwargs: Unpack[DownloadArguments]) -> Call[Download]:
        """A file's contents, as the official SDKs give them: the HTTP response, not read yet (a `Download`, which
        is the `httpx2.Response`'s attributes and methods, and a context manager that closes it).

        Read it with `.read()` / `.content`, `.iter_bytes()` (or `aread()`, `aiter_bytes()` after
        `download_async`), and close it (`with files.download(...) as response:`). `download_to` saves it to a file.

        Raises:
            ResponseValidationError: a 2xx answer that is not the file's bytes (a JSON body).
        """
        call = self._prepare(_DOWNLOAD, kwargs)
        call.parse = Download
        if call.headers.get("Accept") == "application/json":  # the client's default, not one the caller gave
            call.headers = {**call.headers, "Accept": "application/octet-stream"}  # a copy: the client's is shared
        return call

    download, download_async = pair(_download, _DOWNLOAD)

    def _get_signed_url(self, **kwargs: Unpack[SignedUrlArguments]) -> Call[_api.models.FileSignedURL]:
        """A URL the file can be downloaded from without the API key, for `expiry` hours (24 by default).

        Returns:
            `models.FileSignedURL` (`.url`).
        """
        return self._prepare(_SIGNED_URL, kwargs)

    get_signed_url, get_signed_url_async = pair(_get_signed_url, _SIGNED_URL)

    # --- built on the calls above

    def download_to(self, path: str | os.PathLike[str], *, file_id: str, **options: Unpack[CallOptions]) -> int:
        """Save a file's contents to `path`, streaming (memory does not grow with the file); returns the bytes written.

        The file is written next to `path` as `<path>.part` and moved into place once complete: a download that
        fails leaves neither a truncated file at `path` nor the `.part` file (a file already at `path` stays as it
        was until the new one is complete).

        Raises:
            InputValidationError (`path` is a folder, or its folder does not exist: nothing is sent), the errors of
            `download`, APIConnectionError when the connection breaks while the contents arrive, OSError when
            writing fails.
        """
        target = _target(path)
        written = 0
        with self.download(file_id=file_id, **options) as response, _writing(target) as out:
            try:
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    written += len(chunk)
            except Exception as exc:
                raise _read_error(exc) from exc
        return written

    async def download_to_async(
        self, path: str | os.PathLike[str], *, file_id: str, **options: Unpack[CallOptions]
    ) -> int:
        """The async twin of `download_to` (the file is written with blocking writes, chunk by chunk)."""
        target = _target(path)
        written = 0
        async with await self.download_async(file_id=file_id, **options) as response:
            with _writing(target) as out:
                try:
                    async for chunk in response.aiter_bytes():
                        out.write(chunk)
                        written += len(chunk)
                except Exception as exc:
                    raise _read_error(exc) from exc
        return written

    def iter(
        self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]
    ) -> Iterator[_api.models.FileSchema]:
        """Every file matching the filters, each once, fetched a page at a time as you iterate (see `jobs.iter`)."""
        from . import pagination

        return pagination.iter_items(self.list, max_pages=max_pages, **kwargs)

    def iter_async(
        self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]
    ) -> AsyncIterator[_api.models.FileSchema]:
        """The async twin of `iter`."""
        from . import pagination

        return pagination.iter_items_async(self.list_async, max_pages=max_pages, **kwargs)


class FilesWithRawResponse(RawResource[Files]):
    """`files.with_raw_response`: every operation, returning a `RawResponse` instead of the parsed model."""

    def upload(
        self, *args: object, on_progress: Progress | None = None, **kwargs: Unpack[UploadArguments]
    ) -> RawResponse[_api.models.UploadFileOut]:
        """`files.upload`, answered with its RawResponse."""
        if args:
            raise _positional(_UPLOAD, args)
        call, part = self._resource._upload_call(kwargs, on_progress)
        try:
            return self._resource._sender.send_raw(call)
        finally:
            close_part(part)

    async def upload_async(
        self, *args: object, on_progress: Progress | None = None, **kwargs: Unpack[UploadArguments]
    ) -> RawResponse[_api.models.UploadFileOut]:
        """The async twin of `upload`."""
        if args:
            raise _positional(_UPLOAD, args)
        call, part = self._resource._upload_call(kwargs, on_progress)
        try:
            return await self._resource._sender.send_raw_async(call)
        finally:
            close_part(part)

    list, list_async = raw_pair(Files._list, _LIST)
    retrieve, retrieve_async = raw_pair(Files._retrieve, _RETRIEVE)
    delete, delete_async = raw_pair(Files._delete, _DELETE)
    # The response unread (`.http_response`); `parse()` gives the `Download` that `files.download` returns.
    download, download_async = raw_pair(Files._download, _DOWNLOAD)
    get_signed_url, get_signed_url_async = raw_pair(Files._get_signed_url, _SIGNED_URL)
