"""Exceptions raised by the fine-tuning client, and the one place where each of them is built.

The hierarchy::

    MistralFineTuningError                  base of everything this package raises
    ├── InputValidationError (+ ValueError) a bad argument, caught before any request is sent
    │   ├── UnexpectedArgumentError (+ TypeError)  an unknown keyword, or a required one missing
    │   └── TrainingDataError               a local training file that fails the data check (``.report``)
    ├── ClientClosedError (+ RuntimeError)  a call on a closed client
    ├── EventLoopError (+ RuntimeError)     an async client used from an event loop it does not belong to
    ├── StreamNotReadError (+ RuntimeError) an async raw download's body asked for before it was read
    ├── PaginationError                     paging through a list would not end (the server repeats pages)
    ├── WaitTimeoutError (+ TimeoutError)   `jobs.wait` gave up; ``.job`` is the last state seen
    ├── APIConnectionError                  no usable response: connect / read / write / protocol failure
    │   └── APITimeoutError                 a connect, read, write or pool timeout
    └── SDKError                            a response arrived and it is an error or unusable
        ├── BadRequestError                 400
        ├── AuthenticationError             401
        ├── PermissionDeniedError           403
        ├── NotFoundError                   404
        ├── ConflictError                   409
        ├── UnprocessableEntityError        422, with the parsed validation ``detail`` (``HTTPValidationError``)
        ├── RateLimitError                  429, with ``retry_after`` seconds
        ├── InternalServerError             >= 500
        └── ResponseValidationError         a success response whose body cannot be used
            └── ResponseTooLargeError       ... because it is larger than the client accepts

Any other status (405, 408, 418, 499, a redirect that is not followed, ...) gives a plain ``SDKError``. The official
SDK's names are here too: ``MistralError`` (``SDKError``), ``HTTPValidationError`` (the 422 error, its body as
``.data``, an ``HTTPValidationErrorData``) and ``NoResponseError`` (``APIConnectionError``).

``SDKError`` messages follow the official SDK's shape, so log searches keep working:
``API error occurred: Status 404. Body: {"detail":"Not found"}``.

Every error is built by a function of this module (`error_from_response`, `response_validation_error`,
`connection_error`), which takes the secrets the request carried and any hint (the lost answer of a ``create``, the
missing API key) as arguments: an error's text is final when it is made, and never holds a secret. Request headers
(``Authorization``) never appear in a message, attribute or repr. This module imports nothing of the package at
import time (the policy module, for ``Retry-After``, and the models, for ``HTTPValidationErrorData``, are loaded when
needed), so everything else may import it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from ._generated.models import HTTPValidationErrorData as HTTPValidationErrorData
    from ._types import Headers, Request, Response

# The exception classes, under every name this package gives them: `mistral_fine_tuning`, `models` and this module
# re-export exactly this list (adding an error means adding it here).
__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "HTTPValidationError",
    "InputValidationError",
    "InternalServerError",
    "MistralError",
    "MistralFineTuningError",
    "NoResponseError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "SDKError",
    "StreamNotReadError",
    "TrainingDataError",
    "UnexpectedArgumentError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
]

# Response headers that may carry the server's id for a request, most specific first.
REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id", "mistral-request-id", "x-kong-request-id")
MIN_SECRET_CHARS: Final = 8  # shorter strings are not credentials, and replacing them would garble the text

_MAX_BODY_CHARS: Final = 10_000  # the official SDK's bound, kept so messages look alike
_MAX_HTML_CHARS: Final = 200  # an HTML error page is noise past its first words
_REPR_MESSAGE_CHARS: Final = 80
_MAX_DETAIL_CHARS: Final = 300  # a transport library's own message, quoted in a connection error


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


class TrainingDataError(InputValidationError):
    """A local training file was checked before upload (`mistral_fine_tuning.data`) and has errors: nothing was
    uploaded or created. The message gives the first problems with their line numbers.

    Attributes:
        path: the file checked.
        report: the checker's `data.Report` (`.problems`, each with its line and place in the record).
    """

    def __init__(self, param: str, message: str, *, path: str, report: Any) -> None:
        super().__init__(param, message)
        self.path = path
        self.report = report


class ClientClosedError(MistralFineTuningError, RuntimeError):
    """A call was made on a `Mistral` that was closed (``close()``, ``aclose()``, or leaving its ``with`` block), or
    through an HTTP client of yours that was closed. Nothing was sent."""


class EventLoopError(MistralFineTuningError, RuntimeError):
    """An async HTTP client was used from an event loop other than the one it was created in (for example in a
    second ``asyncio.run()``). The clients `Mistral` creates itself follow the running loop; one you pass cannot."""


class StreamNotReadError(MistralFineTuningError, RuntimeError):
    """The body of a streamed answer (an async raw download) was asked for before it was read: ``await
    raw.aread()`` first, or take the `Download` from ``parse()``."""


class PaginationError(MistralFineTuningError):
    """Paging through a list stopped because the server's pages would not end: a full page holding only items
    already yielded, or more pages than ``max_pages`` (by default twice what the first reported total needs, plus
    two). The items already yielded stay valid.

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


class APITimeoutError(APIConnectionError):
    """The request timed out while connecting, waiting for a pooled connection, writing, or reading."""


class SDKError(MistralFineTuningError):
    """The server answered, and the answer is an error or cannot be used.

    Attributes:
        message: the full message; ``str(err)`` returns it.
        status_code: the HTTP status.
        body: the response text (undecodable bytes replaced), empty if there was none or it was not read; an error
            body is kept up to the client's error-body bound (see ``Mistral``), secrets replaced by ``***``.
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
    """HTTP 404: no such job, file or model (or no such endpoint: check the server URL)."""


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
    """A success response that cannot be used: not JSON, truncated, the wrong shape, a field of the wrong type, or
    missing a required field. Nothing is returned in its place.

    Attributes:
        cause: the exception raised while parsing, also set as ``__cause__``.
        reason: a short description of what was wrong, naming where (``$.data[3].created_at: expected an integer,
            got a string``).
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
    def from_response(
        cls, response: Response, *, cause: BaseException | None, reason: str, secrets: Sequence[str] = ()
    ) -> ResponseValidationError:
        """The error for a response whose body could not be turned into a result (see `response_validation_error`)."""
        return response_validation_error(response, cause=cause, reason=reason, secrets=secrets, error_class=cls)


class ResponseTooLargeError(ResponseValidationError):
    """A response body (decoded) grew past what the client accepts (``Mistral(max_response_bytes=...)``); reading
    stopped there and the connection was closed.

    Attributes:
        limit: the bound, in bytes.
    """

    limit: int = 0


# The official SDK's names for the same classes.
HTTPValidationError = UnprocessableEntityError
MistralError = SDKError
NoResponseError = APIConnectionError

_STATUS_CLASSES: Final[dict[int, type[SDKError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


# --- building errors --------------------------------------------------------------------------------------------


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret (of at least `MIN_SECRET_CHARS` characters) replaced by `***`."""
    for secret in secrets:
        if len(secret) >= MIN_SECRET_CHARS and secret in text:
            text = text.replace(secret, "***")
    return text


def _redact_value(value: Any, secrets: Sequence[str]) -> Any:
    """A decoded JSON value with `redact` applied to every string in it."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, list):
        return [_redact_value(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _redact_value(item, secrets) for key, item in value.items()}
    return value


def request_id_of(headers: Headers) -> str | None:
    """The server's id for a request, from its response headers (see ``REQUEST_ID_HEADERS``)."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def _body_text(response: Response) -> str:
    try:
        return response.text
    except Exception:  # an odd charset or decoder failure must not hide the real error
        try:  # a body that was never read raises here too (ResponseNotRead): reported as empty
            return response.content.decode("utf-8", errors="replace")
        except Exception:
            return ""


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


def _retry_after(response: Response, now: float | None) -> float | None:
    from .retry_policy import parse_retry_after  # pure, and needed only for a 429

    try:
        return parse_retry_after(response.headers, now)
    except Exception:  # belt and braces: an error report must not fail on a header
        return None


def error_from_response(
    response: Response,
    *,
    secrets: Sequence[str] = (),
    key_sent: bool = True,
    where: str | None = None,
    note: str | None = None,
    now: float | None = None,
) -> SDKError:
    """Turn an error response into the matching ``SDKError`` subclass; never raises.

    Any body (JSON, HTML, empty, garbage bytes) and any status code (including non-standard ones like 499 or 520)
    is accepted. A status below 400 gives a plain ``SDKError`` with the prefix "Unexpected response received".

    Args:
        response: the response, already read (an unread body is reported as empty).
        secrets: strings the request carried (the API key, W&B keys, ...) that must not appear in the error, even
            when the server echoes them: replaced by ``***`` in the message, the body and the parsed 422 detail.
        key_sent: False when the request carried no API key: a 401 then says how to give one.
        where: the request's method and URL (no query, no credentials), added to a 404 whose body is not the API's
            own, where a wrong base URL is the likely cause.
        note: what the sender knows of the exchange (a redirect it did not follow, an earlier attempt that may have
            acted), added to the message in parentheses.
        now: POSIX timestamp used to turn an HTTP-date ``Retry-After`` into seconds; the wall clock by default.

    Returns:
        The error to raise (not raised here).
    """
    status = response.status_code
    body = redact(_body_text(response), secrets)
    request_id = request_id_of(response.headers)
    prefix = "API error occurred:" if status >= 400 else "Unexpected response received:"
    message = _format_message(prefix, response, body, request_id)
    if status == 401 and not key_sent:
        message += " (no API key was sent: pass Mistral(api_key=...) or set MISTRAL_API_KEY)"
    if status == 404 and where:
        message += f" (requested {where})"
    if note:
        message += f" ({note})"
    common: dict[str, Any] = {
        "status_code": status,
        "body": body,
        "headers": response.headers,
        "raw_response": response,
        "request_id": request_id,
    }
    if status == 422:
        detail, detail_text = _validation_detail(body)  # from the redacted text, and redacted again once decoded
        detail = _redact_value(detail, secrets)
        detail_text = redact(detail_text, secrets) if detail_text else detail_text
        return UnprocessableEntityError(message, detail=detail, detail_text=detail_text, **common)
    if status == 429:
        return RateLimitError(message, retry_after=_retry_after(response, now), **common)
    cls = _STATUS_CLASSES.get(status) or (InternalServerError if status >= 500 else SDKError)
    return cls(message, **common)


def response_validation_error(
    response: Response,
    *,
    cause: BaseException | None,
    reason: str,
    secrets: Sequence[str] = (),
    error_class: type[ResponseValidationError] = ResponseValidationError,
    limit: int | None = None,
) -> ResponseValidationError:
    """The error for a success response whose body could not be turned into a result.

    Args:
        response: the (read) response.
        cause: the parsing exception, if any.
        reason: what was wrong, e.g. ``"the body is not valid JSON"`` or ``"$.id: expected a string, got null"``.
        secrets: strings to keep out of the error (see `error_from_response`).
        error_class: ``ResponseValidationError`` or a subclass.
        limit: for ``ResponseTooLargeError``, the bound that was passed, in bytes.

    Returns:
        The error, with message ``Response validation failed: <reason>. Status <code>. Body: <body>``.
    """
    body = redact(_body_text(response), secrets)
    reason = redact(reason, secrets)
    request_id = request_id_of(response.headers)
    message = _format_message(f"Response validation failed: {reason}.", response, body, request_id)
    error = error_class(
        message,
        status_code=response.status_code,
        body=body,
        headers=response.headers,
        raw_response=response,
        request_id=request_id,
        cause=cause,
        reason=reason,
    )
    if limit is not None and isinstance(error, ResponseTooLargeError):
        error.limit = limit
    return error


def connection_error(
    exc: BaseException,
    *,
    timeout: bool,
    request: Request | None,
    if_lost: str | None = None,
    secrets: Sequence[str] = (),
) -> APIConnectionError:
    """Our exception for an HTTP library's failure to get a usable response.

    Args:
        exc: the library's exception (kept as ``.cause`` and ``__cause__``).
        timeout: whether it was a timeout (gives an ``APITimeoutError``).
        request: the request that failed; its method and URL (scheme, host, port and path only) are quoted.
        if_lost: what to tell the caller when the request may have acted although its answer was lost (how to find
            a job that may have been created), appended to the message.
        secrets: strings to keep out of the message: the library's own text may quote a header value it refused.

    Returns:
        An ``APITimeoutError`` for a timeout, otherwise an ``APIConnectionError``.
    """
    text = str(exc)
    detail = redact(text, secrets) or "no details"
    if detail != text and text:  # the library quoted a secret (a header value it refused): not in tracebacks either
        exc.args = (detail,)
    if len(detail) > _MAX_DETAIL_CHARS:
        detail = detail[:_MAX_DETAIL_CHARS] + "..."
    where = f" ({request.method} {safe_url(request.url)})" if request is not None else ""
    what = f"{where}: {type(exc).__name__}: {detail}"
    if if_lost:
        what += f"{'' if what.endswith('.') else '.'} {if_lost}"
    if timeout:
        return APITimeoutError(f"Request timed out{what}", cause=exc, request=request)
    return APIConnectionError(f"Connection error{what}", cause=exc, request=request)


def safe_url(url: Any, *, query: bool = False) -> str:
    """A URL (an httpx2 or httpx ``URL``) as scheme, host, port and path, and the query string if asked: never
    the user-info (a password)."""
    port = f":{url.port}" if url.port is not None else ""
    shown = f"{url.scheme}://{url.host}{port}{url.path}"
    if query and url.query:
        shown += "?" + url.query.decode("ascii", errors="replace")
    return shown


if not TYPE_CHECKING:  # a module __getattr__ seen by type checkers would let them accept any name

    def __getattr__(name: str) -> Any:
        # The official SDK's name for the 422 body's model, which lives with the models (loaded on first use).
        if name == "HTTPValidationErrorData":
            from . import _api

            return _api.models.HTTPValidationErrorData
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
