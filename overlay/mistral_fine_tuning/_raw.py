"""Raw responses: what `jobs.with_raw_response.<operation>(...)` returns instead of the parsed model.

The call is the same (checks, retries, errors raised for error statuses); the answer is kept as the HTTP library
gave it, with what is useful when something is off (the request id to quote to support, how many retries it took),
and `parse()` turns it into the usual model when wanted.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ._types import Headers, Request, Response

R = TypeVar("R")

__all__ = ["RawResponse"]


class RawResponse(Generic[R]):
    """One successful answer, unparsed.

    Attributes:
        http_response: the `httpx2.Response` (an `httpx.Response` through an httpx client you passed).
        http_request: the request that got it (its repr shows the method and URL, never headers).
        retries_taken: how many times the request was re-sent before this answer (0: the first attempt).
    """

    __slots__ = ("_parse", "_parsed", "http_request", "http_response", "retries_taken")

    def __init__(
        self, response: Response, request: Request, retries_taken: int, parse: Callable[[Response], R]
    ) -> None:
        self.http_response = response
        self.http_request = request
        self.retries_taken = retries_taken
        self._parse = parse
        self._parsed: list[R] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's id for this request (`x-request-id`), for support requests."""
        from .errors import request_id_of

        return request_id_of(self.http_response.headers)

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the last attempt to the end of the answer."""
        return self.http_response.elapsed

    @property
    def content(self) -> bytes:
        """The body. A download's answer is streamed: a sync one is read here; an async one needs `await aread()`
        first (a property cannot wait), else `StreamNotReadError`."""
        response = self.http_response
        if not hasattr(response, "_content"):  # streamed and not read yet (a file's download)
            if not hasattr(response.stream, "__iter__"):
                from .errors import StreamNotReadError

                raise StreamNotReadError("an async download's body: call `await raw.aread()` first")
            response.read()
        return response.content

    async def aread(self) -> bytes:
        """The body, read first if it is still streaming (an async download)."""
        return await self.http_response.aread()

    @property
    def text(self) -> str:
        return self.content.decode(self.http_response.encoding or "utf-8", errors="replace")

    def json(self) -> Any:
        """The body, decoded from JSON."""
        import json

        return json.loads(self.content)

    def parse(self) -> R:
        """The model the normal call returns (parsed once, then kept).

        Raises:
            ResponseValidationError: the body is not JSON or not the expected shape.
        """
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_request
        return (
            f"RawResponse({request.method} {request.url.copy_with(query=None)} -> {self.status_code}, "
            f"request_id={self.request_id!r}, retries_taken={self.retries_taken})"
        )
