"""Exit codes, and the one line an error is reported as.

Nothing here imports the client: `CliError` is raised before any request, and the library's errors are matched by
class name through their module (imported by then, since they were raised).
"""

from __future__ import annotations

import json
from typing import Any, Final

OK: Final = 0
UNEXPECTED: Final = 1
BAD_INPUT: Final = 2
AUTHENTICATION: Final = 3
NOT_FOUND: Final = 4
API_ERROR: Final = 5
CONNECTION: Final = 6
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
  {BAD_INPUT:<4} bad input: a usage error, an argument refused before sending, or a 422 from the API
  {AUTHENTICATION:<4} authentication: no API key, or the key was refused (401, 403)
  {NOT_FOUND:<4} not found (404): no such job
  {API_ERROR:<4} any other API error (409 conflict, 429, 5xx, a response that cannot be read)
  {CONNECTION:<4} no response: connection failure or request timeout
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


def describe(exc: BaseException) -> tuple[int, str]:
    """The exit code and the one-line message for an exception raised while running a command."""
    from .. import errors  # already imported: whatever raised `exc` imported it

    if isinstance(exc, CliError):
        return exc.code, exc.message
    if isinstance(exc, errors.InputValidationError):
        return BAD_INPUT, str(exc)
    if isinstance(exc, errors.SDKError):
        return _status_code(exc.status_code), _sdk_error_line(exc)
    if isinstance(exc, errors.APITimeoutError):
        return CONNECTION, f"request timed out: {exc.message} (raise it with --timeout SECONDS)"
    if isinstance(exc, errors.APIConnectionError):
        return CONNECTION, f"no response from the API: {exc.message}"
    if isinstance(exc, errors.MistralFineTuningError):
        return API_ERROR, f"{type(exc).__name__}: {exc}"
    return UNEXPECTED, f"unexpected {type(exc).__name__}: {exc}"


def _status_code(status: int) -> int:
    if status in (401, 403):
        return AUTHENTICATION
    if status == 404:
        return NOT_FOUND
    if status == 422:
        return BAD_INPUT
    return API_ERROR


def _sdk_error_line(exc: Any) -> str:
    """`<status> <reason>: <the server's message> (request id: <id>)`."""
    from http import HTTPStatus

    status: int = exc.status_code
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    message = _server_message(exc)
    line = f"{status} {reason}: {message}"
    if exc.request_id:
        line += f" (request id: {exc.request_id})"
    return line


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
