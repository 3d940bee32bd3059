"""The operations tagged `files`, one module each, as the facade offers them"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, TypedDict

from ...types import Operation, Parameter

if TYPE_CHECKING:  # what the annotations below may name (a tag's operations may not need them all)
    import datetime  # noqa: F401
    from collections.abc import Sequence  # noqa: F401
    from typing import Literal, Required  # noqa: F401

    from ...models.file_purpose import FilePurpose
    from ...models.file_visibility import FileVisibility
    from ...models.sample_type import SampleType
    from ...models.source import Source
    from ...types import FileInput


# (module, HTTP method, path template) for every operation of this tag, in the spec's order.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("files_api_routes_list_files", "GET", "/v1/files"),
    ("files_api_routes_upload_file", "POST", "/v1/files"),
    ("files_api_routes_retrieve_file", "GET", "/v1/files/{file_id}"),
    ("files_api_routes_delete_file", "DELETE", "/v1/files/{file_id}"),
    ("files_api_routes_download_file", "GET", "/v1/files/{file_id}/content"),
    ("files_api_routes_get_signed_url", "GET", "/v1/files/{file_id}/url"),
)

if TYPE_CHECKING:  # for type checkers only: at run time OPERATIONS describes the same arguments

    class FilesApiRoutesListFilesArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/files`."""

        page: int
        page_size: int
        include_total: bool
        sample_type: (
            Sequence[SampleType | Literal["pretrain", "instruct", "batch_request", "batch_result", "batch_error"]]
            | None
        )
        source: Sequence[Source | Literal["upload", "repository", "mistral"]] | None
        search: str | None
        purpose: FilePurpose | Literal["fine-tune", "batch", "ocr"] | None
        mimetypes: Sequence[str] | None

    class FilesApiRoutesUploadFileBodyArguments(TypedDict, total=False):
        """The fields of the body of `POST /v1/files` (MultiPartBodyParams), as keyword arguments."""

        file: Required[FileInput]
        expiry: int | None
        visibility: FileVisibility | Literal["workspace", "user"]
        purpose: FilePurpose | Literal["fine-tune", "batch", "ocr"]

    class FilesApiRoutesUploadFileArguments(FilesApiRoutesUploadFileBodyArguments, total=False):
        """The keyword arguments of `POST /v1/files`: its parameters, and the body's fields."""

    class FilesApiRoutesRetrieveFileArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/files/{file_id}`."""

        file_id: Required[str]

    class FilesApiRoutesDeleteFileArguments(TypedDict, total=False):
        """The keyword arguments of `DELETE /v1/files/{file_id}`."""

        file_id: Required[str]

    class FilesApiRoutesDownloadFileArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/files/{file_id}/content`."""

        file_id: Required[str]

    class FilesApiRoutesGetSignedUrlArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/files/{file_id}/url`."""

        file_id: Required[str]
        expiry: int


# Each operation's keyword arguments at run time: name, where it goes, the generated code's name for it, whether it
# is required, the types it accepts (as text) and its default.
OPERATIONS: dict[str, Operation] = {
    "files_api_routes_list_files": Operation(
        "files_api_routes_list_files",
        "GET",
        "/v1/files",
        (
            Parameter("page", "query", attribute="page", required=False, annotation="int", default=0),
            Parameter("page_size", "query", attribute="page_size", required=False, annotation="int", default=100),
            Parameter(
                "include_total", "query", attribute="include_total", required=False, annotation="bool", default=True
            ),
            Parameter(
                "sample_type",
                "query",
                attribute="sample_type",
                required=False,
                annotation='Sequence[SampleType | Literal["pretrain", "instruct", "batch_request", "batch_result", "batch_error"]] | None',
            ),
            Parameter(
                "source",
                "query",
                attribute="source",
                required=False,
                annotation='Sequence[Source | Literal["upload", "repository", "mistral"]] | None',
            ),
            Parameter("search", "query", attribute="search", required=False, annotation="str | None"),
            Parameter(
                "purpose",
                "query",
                attribute="purpose",
                required=False,
                annotation='FilePurpose | Literal["fine-tune", "batch", "ocr"] | None',
            ),
            Parameter("mimetypes", "query", attribute="mimetypes", required=False, annotation="Sequence[str] | None"),
        ),
    ),
    "files_api_routes_upload_file": Operation(
        "files_api_routes_upload_file",
        "POST",
        "/v1/files",
        (
            Parameter("file", "body", attribute="file", required=True, annotation="FileInput"),
            Parameter("expiry", "body", attribute="expiry", required=False, annotation="int | None"),
            Parameter(
                "visibility",
                "body",
                attribute="visibility",
                required=False,
                annotation='FileVisibility | Literal["workspace", "user"]',
            ),
            Parameter(
                "purpose",
                "body",
                attribute="purpose",
                required=False,
                annotation='FilePurpose | Literal["fine-tune", "batch", "ocr"]',
            ),
        ),
        body="MultiPartBodyParams",
    ),
    "files_api_routes_retrieve_file": Operation(
        "files_api_routes_retrieve_file",
        "GET",
        "/v1/files/{file_id}",
        (Parameter("file_id", "path", attribute="file_id", required=True, annotation="str"),),
    ),
    "files_api_routes_delete_file": Operation(
        "files_api_routes_delete_file",
        "DELETE",
        "/v1/files/{file_id}",
        (Parameter("file_id", "path", attribute="file_id", required=True, annotation="str"),),
    ),
    "files_api_routes_download_file": Operation(
        "files_api_routes_download_file",
        "GET",
        "/v1/files/{file_id}/content",
        (Parameter("file_id", "path", attribute="file_id", required=True, annotation="str"),),
    ),
    "files_api_routes_get_signed_url": Operation(
        "files_api_routes_get_signed_url",
        "GET",
        "/v1/files/{file_id}/url",
        (
            Parameter("file_id", "path", attribute="file_id", required=True, annotation="str"),
            Parameter("expiry", "query", attribute="expiry", required=False, annotation="int", default=24),
        ),
    ),
}


def load(module: str) -> ModuleType:
    """The module of one of these operations, imported on first use (it loads the models it needs)."""
    if module == "files_api_routes_list_files":
        from . import files_api_routes_list_files

        return files_api_routes_list_files
    if module == "files_api_routes_upload_file":
        from . import files_api_routes_upload_file

        return files_api_routes_upload_file
    if module == "files_api_routes_retrieve_file":
        from . import files_api_routes_retrieve_file

        return files_api_routes_retrieve_file
    if module == "files_api_routes_delete_file":
        from . import files_api_routes_delete_file

        return files_api_routes_delete_file
    if module == "files_api_routes_download_file":
        from . import files_api_routes_download_file

        return files_api_routes_download_file
    if module == "files_api_routes_get_signed_url":
        from . import files_api_routes_get_signed_url

        return files_api_routes_get_signed_url
    raise KeyError(f"no operation module {module!r}")


__all__ = ["OPERATIONS", "ROUTES", "load"]
