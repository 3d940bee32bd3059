"""Exceptions raised by the fine-tuning client.

The hierarchy::

    MistralFineTuningError                  base of everything this package raises
    ├── InputValidationError (+ ValueError) a bad argument, caught before any request is sent
    │   └── UnexpectedArgumentError (+ TypeError)  an unknown keyword, or a required one missing
    ├── ClientClosedError (+ RuntimeError)  a call on a closed client
    ├── EventLoopError (+ RuntimeError)     an async client used from an event loop it does not belong to
    ├── PaginationError                     paging through jobs would not end (the server repeats pages)
    ├── WaitTimeoutError (+ TimeoutError)   `jobs.wait` gave up; ``.job`` is the last state seen
    ├── APIConnectionError                  no usable response: connect / read / write / protocol failure
    │   └── APITimeoutError                 a connect, read, write or pool timeout
    └── SDKError                            a response arrived and it is an error or unusable
        ├── BadRequestError                 400
        ├── AuthenticationError             401
        ├── PermissionDeniedError           403
        ├── NotFoundError                   404
        ├── ConflictError                   409
        ├── UnprocessableEntityError        422, with the parsed validation ``detail`` (``models.HTTPValidationError``)
        ├── RateLimitError                  429, with ``retry_after`` seconds
        ├── InternalServerError             >= 500
        └── ResponseValidationError         a success response whose body cannot be used

Any other status (405, 408, 418, 499, a 2xx/3xx the operation does not expect, ...) gives a plain ``SDKError``.

``SDKError`` messages follow the official SDK's shape, so log searches keep working:
``API error occurred: Status 404. Body: {"detail":"Not found"}``.

Nothing here ever puts request headers (``Authorization``, the API key) into a message, attribute or repr.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from .retry_policy import parse_retry_after

if TYPE_CHECKING:
    from ._http import Headers, Request, Response

__all__ = [
    "REQUEST_ID_HEADERS",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "InputValidationError",
    "InternalServerError",
    "MistralFineTuningError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "SDKError",
    "UnexpectedArgumentError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "error_from_response",
    "redact",
    "request_id_of",
]

# Response headers that may carry the server's id for a request, most specific first.
REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id", "mistral-request-id", "x-kong-request-id")

_MAX_BODY_CHARS: Final = 10_000  # the official SDK's bound, kept so messages look alike
_MAX_HTML_CHARS: Final = 200  # an HTML error page is noise past its first words
_REPR_MESSAGE_CHARS: Final = 80
MIN_SECRET_CHARS: Final = 8  # shorter strings are not credentials, and replacing them would garble the text


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret (of at least `MIN_SECRET_CHARS` characters) replaced by `***`."""
    for secret in secrets:
        if len(secret) >= MIN_SECRET_CHARS and secret in text:
            text = text.replace(secret, "***")
    return text


class MistralFineTuningError(Exception):
    """Base class of every exception this package raises."""


class InputValidationError(MistralFineTuningError, ValueError):
    """An argument was rejected before any request was sent.

    Also a ``ValueError``, so code written against plain argument checks keeps working.

    Attributes:
        param: the name of the offending argument (``"job_id"``, ``"hyperparameters.learning_rate"``, ...).
        message: what is wrong with it. ``str(err)`` is ``"<param>: <message>"``.
    """

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class UnexpectedArgumentError(InputValidationError, TypeError):
    """A call got a keyword it does not take (a misspelling: the message suggests the closest one), or lacks a
    required one. Also a ``TypeError``, as Python raises for a wrong keyword."""


class ClientClosedError(MistralFineTuningError, RuntimeError):
    """A call was made on a `Mistral` that was closed (``close()``, ``aclose()``, or leaving its ``with`` block), or
    through an HTTP client of yours that was closed. Nothing was sent."""


class EventLoopError(MistralFineTuningError, RuntimeError):
    """An async HTTP client was used from an event loop other than the one it was created in (for example in a
    second ``asyncio.run()``). The clients `Mistral` creates itself follow the running loop; one you pass cannot."""


class PaginationError(MistralFineTuningError):
    """Paging through jobs stopped because the server's pages would not end: a full page holding only jobs already
    yielded, or more pages than ``max_pages`` (by default twice what the first reported total needs, plus two). The
    jobs already yielded stay valid.

    Attributes:
        pages: how many pages were fetched.
    """

    def __init__(self, message: str, *, pages: int) -> None:
        super().__init__(message)
        self.message = message
        self.pages = pages


class WaitTimeoutError(MistralFineTuningError, TimeoutError):
    """`jobs.wait` reached its timeout before the job reached the awaited status. The job itself goes on.

    Attributes:
        job: the job as last seen (its ``status``, ``events``, ``checkpoints``).
        waited: seconds spent waiting.
    """

    def __init__(self, message: str, *, job: Any, waited: float) -> None:
        super().__init__(message)
        self.message = message
        self.job = job
        self.waited = waited


class APIConnectionError(MistralFineTuningError):
    """No usable response arrived: the connection failed, broke, or spoke broken HTTP.

    Attributes:
        message: a description; ``str(err)`` returns it.
        cause: the underlying exception, also set as ``__cause__``: an ``httpx2.TransportError`` for the SDK's own
            clients, an ``httpx.TransportError`` for an ``httpx`` client you passed in.
        request: the request that failed, when known. Never shown in the message beyond method and URL path.
    """

    def __init__(self, message: str, *, cause: BaseException | None = None, request: Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause
        self.request = request
        if cause is not None:
            self.__cause__ = cause

    @staticmethod
    def from_httpx(exc: Exception) -> APIConnectionError:
        """Wrap a request error of httpx2 or httpx (a transport failure, an undecodable body, a redirect loop).

        Args:
            exc: the exception the HTTP library raised while sending.

        Returns:
            An ``APITimeoutError`` for a timeout, otherwise an ``APIConnectionError``; the original is kept as
            ``.cause`` and ``__cause__``.
        """
        from ._http import HTTPX2, family_of_exception  # the HTTP families module imports this one

        return (family_of_exception(exc) or HTTPX2).connection_error(exc)


class APITimeoutError(APIConnectionError):
    """The request timed out while connecting, waiting for a pooled connection, writing, or reading."""


class SDKError(MistralFineTuningError):
    """The server answered, and the answer is an error or cannot be used.

    Attributes:
        message: the full message; ``str(err)`` returns it.
        status_code: the HTTP status.
        body: the response text (undecodable bytes replaced), empty if there was none or it was not read.
        headers: the response headers (``httpx2.Headers``, or ``httpx.Headers`` through an httpx client you passed).
        raw_response: the ``httpx2.Response`` (or ``httpx.Response``), when there is one.
        request_id: the server's id for the request (see ``REQUEST_ID_HEADERS``), useful in support requests.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str = "",
        headers: Headers | None = None,
        raw_response: Response | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body
        if headers is None:
            import httpx2  # loaded already whenever a request was made; errors alone do not need it

            headers = httpx2.Headers()
        self.headers: Headers = headers
        self.raw_response = raw_response
        self.request_id = request_id

    def __repr__(self) -> str:
        head = self.message
        if len(head) > _REPR_MESSAGE_CHARS:
            head = head[:_REPR_MESSAGE_CHARS] + "..."
        return (
            f"{type(self).__name__}(status_code={self.status_code}, request_id={self.request_id!r}, message={head!r})"
        )


class BadRequestError(SDKError):
    """HTTP 400: the server rejected the request as malformed."""


class AuthenticationError(SDKError):
    """HTTP 401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(SDKError):
    """HTTP 403: the API key may not do this."""


class NotFoundError(SDKError):
    """HTTP 404: no such job (or endpoint)."""


class ConflictError(SDKError):
    """HTTP 409: the job is not in a state that allows this (e.g. starting a job twice)."""


class UnprocessableEntityError(SDKError):
    """HTTP 422: the server validated the request and refused it.

    Attributes:
        detail: the FastAPI-style list of problems, each a dict with at least ``"loc"``, ``"msg"`` and ``"type"``
            as the server sent it. Read from ``{"detail": [...]}`` or Mistral's ``{"message": {"detail": [...]}}``;
            empty when the body has no such list.
        detail_text: the server's explanation when it is a plain string, as in
            ``{"detail": "Model not available for this type of fine-tuning (completion)."}`` or
            ``{"message": "..."}``; None otherwise. The message contains the body either way.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 422,
        body: str = "",
        headers: Headers | None = None,
        raw_response: Response | None = None,
        request_id: str | None = None,
        detail: list[dict[str, Any]] | None = None,
        detail_text: str | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            body=body,
            headers=headers,
            raw_response=raw_response,
            request_id=request_id,
        )
        self.detail: list[dict[str, Any]] = detail if detail is not None else []
        self.detail_text = detail_text

    @property
    def data(self) -> Any:
        """The body as the official SDK's ``HTTPValidationErrorData`` (``.detail``: a list of ``ValidationError``),
        or None when it does not have that shape."""
        from . import _api  # the models load only when asked for

        try:
            return _api.models.HTTPValidationErrorData.from_dict({"detail": self.detail})
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


class RateLimitError(SDKError):
    """HTTP 429: too many requests.

    Attributes:
        retry_after: seconds the server asked to wait (``retry-after-ms``, or ``Retry-After`` as seconds or an
            HTTP-date), or None when it did not say.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 429,
        body: str = "",
        headers: Headers | None = None,
        raw_response: Response | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            body=body,
            headers=headers,
            raw_response=raw_response,
            request_id=request_id,
        )
        self.retry_after = retry_after


class InternalServerError(SDKError):
    """HTTP 500 or above (including non-standard codes such as 520): the server failed."""


class ResponseValidationError(SDKError):
    """A success response that cannot be used: not JSON, truncated, the wrong shape, or missing a required field.

    Attributes:
        cause: the exception raised while parsing, also set as ``__cause__``.
        reason: a short description of what was wrong.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str = "",
        headers: Headers | None = None,
        raw_response: Response | None = None,
        request_id: str | None = None,
        cause: BaseException | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            body=body,
            headers=headers,
            raw_response=raw_response,
            request_id=request_id,
        )
        self.cause = cause
        self.reason = reason
        if cause is not None:
            self.__cause__ = cause

    @classmethod
    def from_response(cls, response: Response, *, cause: BaseException, reason: str) -> ResponseValidationError:
        """Build the error for a response whose body could not be turned into a model.

        Args:
            response: the (read) response.
            cause: the parsing exception.
            reason: what was wrong, e.g. ``"body is not valid JSON"`` or ``"missing required field 'id'"``.

        Returns:
            The error, with message ``Response validation failed: <reason>. Status <code>. Body: <body>``.
        """
        body = _body_text(response)
        request_id = request_id_of(response.headers)
        message = _format_message(f"Response validation failed: {reason}.", response, body, request_id)
        return cls(
            message,
            status_code=response.status_code,
            body=body,
            headers=response.headers,
            raw_response=response,
            request_id=request_id,
            cause=cause,
            reason=reason,
        )


_STATUS_CLASSES: Final[dict[int, type[SDKError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _body_text(response: Response) -> str:
    try:
        return response.text
    except Exception:  # an odd charset or decoder failure must not hide the real error
        try:  # a body that was never read raises here too (ResponseNotRead): reported as empty
            return response.content.decode("utf-8", errors="replace")
        except Exception:
            return ""


def request_id_of(headers: Headers) -> str | None:
    """The server's id for a request, from its response headers (see ``REQUEST_ID_HEADERS``)."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _is_json(content_type: str) -> bool:
    media = _media_type(content_type)
    return media == "application/json" or media.endswith("+json")


def _shown_body(body: str, content_type: str) -> str:
    if not body:
        return '""'
    limit = _MAX_BODY_CHARS
    if _media_type(content_type) == "text/html" or body.lstrip()[:1] == "<":
        body = " ".join(body.split())  # an HTML page on one line, so the first words are readable
        limit = _MAX_HTML_CHARS
    if len(body) > limit:
        return f"{body[:limit]}...and {len(body) - limit} more chars"
    return body


def _format_message(prefix: str, response: Response, body: str, request_id: str | None) -> str:
    content_type = response.headers.get("content-type", "")
    parts = [f"{prefix} Status {response.status_code}"]
    if not _is_json(content_type):
        shown = f'"{content_type}"' if not content_type or any(c.isspace() for c in content_type) else content_type
        parts.append(f" Content-Type {shown}")
    parts.append(f". Body: {_shown_body(body, content_type)}")
    if request_id:
        parts.append(f" (request id: {request_id})")
    return "".join(parts)


def _validation_detail(body: str) -> tuple[list[dict[str, Any]], str | None]:
    """Pull the FastAPI-style ``detail`` list, or a plain-string explanation, out of a 422 body; never raises."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return [], None
    if not isinstance(data, dict):
        return [], None
    detail = data.get("detail")
    message = data.get("message")
    if detail is None and isinstance(message, dict):  # {"object": "error", "message": {"detail": [...]}, ...}
        detail = message.get("detail")
    if isinstance(detail, list):
        return [item for item in detail if isinstance(item, dict)], None
    if isinstance(detail, str):
        return [], detail
    if isinstance(message, str):
        return [], message
    return [], None


def error_from_response(response: Response, *, now: float | None = None) -> SDKError:
    """Turn an error response into the matching ``SDKError`` subclass; never raises.

    Any body (JSON, HTML, empty, garbage bytes) and any status code (including non-standard ones like 499 or 520)
    is accepted. A status below 400 gives a plain ``SDKError`` with the prefix "Unexpected response received".

    Args:
        response: the response, already read (an unread body is reported as empty).
        now: POSIX timestamp used to turn an HTTP-date ``Retry-After`` into seconds; the wall clock by default.

    Returns:
        The error to raise (not raised here).
    """
    status = response.status_code
    body = _body_text(response)
    request_id = request_id_of(response.headers)
    prefix = "API error occurred:" if status >= 400 else "Unexpected response received:"
    message = _format_message(prefix, response, body, request_id)
    common: dict[str, Any] = {
        "status_code": status,
        "body": body,
        "headers": response.headers,
        "raw_response": response,
        "request_id": request_id,
    }
    if status == 422:
        detail, detail_text = _validation_detail(body)
        return UnprocessableEntityError(message, detail=detail, detail_text=detail_text, **common)
    if status == 429:
        try:
            retry_after = parse_retry_after(response.headers, now)
        except Exception:  # belt and braces: an error report must not fail on a header
            retry_after = None
        return RateLimitError(message, retry_after=retry_after, **common)
    cls = _STATUS_CLASSES.get(status) or (InternalServerError if status >= 500 else SDKError)
    return cls(message, **common)
