"""Exit codes, and the one line an error is reported as.

Nothing here imports the client: `CliError` is raised before any request, and the library's errors are matched by
class name through their module (imported by then, since they were raised).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from .._environment import API_KEY_ENV, SERVER_URL_ENV

OK: Final = 0
UNEXPECTED: Final = 1
BAD_INPUT: Final = 2
AUTHENTICATION: Final = 3
NOT_FOUND: Final = 4
API_ERROR: Final = 5
CONNECTION: Final = 6
PORT_UNAVAILABLE: Final = 7
JOB_FAILED: Final = 10
JOB_FAILED_VALIDATION: Final = 11
JOB_CANCELLED: Final = 12
WAIT_TIMEOUT: Final = 13
INTERRUPTED: Final = 130

# What a job that ended in one of these statuses exits with, when it was not asked for with --until.
FINAL_STATUS_CODES: Final = {
    "FAILED": JOB_FAILED,
    "FAILED_VALIDATION": JOB_FAILED_VALIDATION,
    "CANCELLED": JOB_CANCELLED,
}

HELP: Final = f"""\
exit status:
  {OK:<4} success (wait: the job reached SUCCESS, or a status given with --until)
  {BAD_INPUT:<4} bad input: a usage error, an argument refused before sending, or a 422 from the API;
  {"":<4} training data with errors (files check; a local file given to files upload or jobs create)
  {AUTHENTICATION:<4} authentication: no API key, or the key was refused (401, 403)
  {NOT_FOUND:<4} not found (404): no such job, file or model, or a wrong server URL (the URL is shown)
  {API_ERROR:<4} any other API error (409 conflict, 429, 5xx, a response that cannot be read)
  {CONNECTION:<4} no response: connection failure or request timeout
  {PORT_UNAVAILABLE:<4} fake-server: the port is in use (or not allowed); pick another with --port
  {JOB_FAILED:<4} wait: the job ended FAILED
  {JOB_FAILED_VALIDATION:<4} wait: the job ended FAILED_VALIDATION
  {JOB_CANCELLED:<4} wait: the job ended CANCELLED
  {WAIT_TIMEOUT:<4} wait: gave up after --timeout seconds (the job goes on)
  {INTERRUPTED:<4} interrupted (Ctrl-C); the job is never cancelled unless --cancel-on-interrupt
  {UNEXPECTED:<4} an unexpected error (a bug: please report the line printed)"""

_MAX_LINE: Final = 400


class CliError(Exception):
    """A problem found by the command line itself: reported as one line, exiting with `code`."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def one_line(text: str) -> str:
    """`text` on one line, cut to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_LINE else flat[: _MAX_LINE - 3] + "..."


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a misspelt `word` was most likely meant to be, or None when none is close."""
    import difflib  # only for a misspelling: `--help` does not pay for it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean X?` for the choice closest to a misspelt `word`, or "" when none is close."""
    match = closest(word, choices)
    return f"; did you mean {match}?" if match else ""


def describe(exc: BaseException, *, key_is_set: bool | None = None, timeout: float | None = None) -> tuple[int, str]:
    """The exit code and the one-line message for an exception raised while running a command.

    `key_is_set` (whether MISTRAL_API_KEY held a key; None: no request was made) explains a 401; `timeout` (the
    --timeout given, if any) a timeout.
    """
    from .. import errors  # already imported: whatever raised `exc` imported it

    if isinstance(exc, CliError):
        return exc.code, exc.message
    if isinstance(exc, errors.InputValidationError):
        return BAD_INPUT, str(exc)
    if isinstance(exc, errors.ResponseValidationError):
        # A success status with a body that is no answer (a gateway's error page): never shown as "200 OK: ...".
        # The reason says what was wrong and, for a create or an upload, that it may have acted all the same.
        line = f"the API answered {exc.status_code} with a body that cannot be used: {exc.reason or exc.message}"
        if exc.request_id:
            line += f" (request id: {exc.request_id})"
        return API_ERROR, line
    if isinstance(exc, errors.SDKError):
        line = _sdk_error_line(exc)
        if exc.status_code == 401 and key_is_set is not None:
            line += _unauthorized_hint(key_is_set)
        return _status_code(exc.status_code), line
    if isinstance(exc, errors.APITimeoutError):
        return CONNECTION, _timeout_line(exc, timeout)
    if isinstance(exc, errors.APIConnectionError):
        return CONNECTION, f"no response from the API: {exc.message}"
    if isinstance(exc, errors.MistralFineTuningError):
        return API_ERROR, f"{type(exc).__name__}: {exc}"
    return UNEXPECTED, f"unexpected {type(exc).__name__}: {exc}"


def _unauthorized_hint(key_is_set: bool) -> str:
    if key_is_set:
        return f"; the key in {API_KEY_ENV} was refused"
    return f"; {API_KEY_ENV} is not set (a placeholder was sent, which this server refused): set it to its key"


# What a request was doing when it timed out, by the HTTP library's exception (httpx2 and httpx name them alike).
_TIMEOUT_PHASES: Final = {
    "ConnectTimeout": "connecting",
    "ReadTimeout": "waiting for the answer",
    "WriteTimeout": "sending the request",
    "PoolTimeout": "waiting for a free connection",
}


def _timeout_line(exc: Any, timeout: float | None) -> str:
    """`request timed out while waiting for the answer (after 0.2 s): GET <url>; raise the limit with --timeout`."""
    phase = _TIMEOUT_PHASES.get(type(exc.cause).__name__)
    line = "request timed out" + (f" while {phase}" if phase else "")
    line += " (the default limits)" if timeout is None else f" (after {timeout:g} s)"
    request = getattr(exc, "request", None)
    if request is not None:
        line += f": {request.method} {shown_url(str(request.url))}"
    return line + "; raise the limit with --timeout SECONDS"


def _status_code(status: int) -> int:
    if status in (401, 403):
        return AUTHENTICATION
    if status == 404:
        return NOT_FOUND
    if status == 422:
        return BAD_INPUT
    return API_ERROR


# Statuses a wrong server URL gives: for these the line names the request, so that the URL can be checked.
_SHOW_REQUEST: Final = frozenset({404, 405})


def _sdk_error_line(exc: Any) -> str:
    """`<status> <reason>: <the server's message>[, for <method> <url>] (request id: <id>)`."""
    from http import HTTPStatus

    status: int = exc.status_code
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    line = f"{status} {reason}: {_server_message(exc)}"
    if status in _SHOW_REQUEST:
        line += _request_of(exc)
    if exc.request_id:
        line += f" (request id: {exc.request_id})"
    return line


def _request_of(exc: Any) -> str:
    """`, for GET <url>` (no query string, no credentials), with a hint when the URL repeats the API's version."""
    try:
        request = exc.raw_response.request
    except (AttributeError, RuntimeError):  # no response, or a response built without its request
        return ""
    url = shown_url(str(request.url))
    hint = f" ({SERVER_URL_ENV} and --server-url take the URL without /v1)" if "/v1/v1/" in url else ""
    return f", for {request.method} {url}{hint}"


def shown_url(url: str) -> str:
    """Scheme, host, port and path of `url`: what may be printed (a query string or user-info may hold secrets)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return "<a malformed URL>"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _server_message(exc: Any) -> str:
    """What the server said: a 422's problems (where and what, not the echoed input), its `detail` or `message`
    text, or else the library's description (which already cuts an HTML page short)."""
    detail = getattr(exc, "detail", None)
    if detail:
        return "; ".join(_problem(item) for item in detail)
    text = getattr(exc, "detail_text", None)
    if text:
        return str(text)
    try:
        data = json.loads(exc.body) if exc.body else None
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        for key in ("detail", "message", "error"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return str(value["message"])
    message: str = exc.message
    return message.split(" (request id:", maxsplit=1)[0]


def _problem(item: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path"))
    message = str(item.get("msg", item.get("type", "invalid")))
    return f"{location}: {message}" if location else message
