"""Checking fine-tuning training data (JSON Lines) on this machine, before it is uploaded.

The API only reports bad data minutes after a job is created (status ``FAILED_VALIDATION``, with no line number).
This module reads the same file locally, line by line, and reports every problem with its line and its place inside
the record::

    from mistral_fine_tuning import data

    report = data.check_file("train.jsonl")                  # or check_bytes(...), check_lines(...)
    if not report.ok:
        for problem in report.problems:
            print(problem)  # line 3, messages[2].role: unknown role 'bot' (expected ...) [error unknown-role]

It is pure (lines in, problems out), streams (memory stays bounded whatever the file's size: one line at a time,
at most `max_problems` problems kept, a bounded set of labels) and raises only for the caller's mistakes
(`InputValidationError`: a bad ``job_type``, an unreadable path, lines that are not ``bytes`` or ``str``). Problems
in the data are reported, never raised. `Checker` is the incremental form for callers that feed lines themselves.

**Kinds of record.** ``{"messages": [...], "tools"?: [...]}`` is a completion (instruct) record; ``{"text": ...,
"labels": {...}}`` and ``{"messages": [...], "labels": {...}}`` are classifier records. With ``job_type=None`` the
kind is taken from the first record that has either shape; pass the job type when you know it.

**Severity.** An ``error`` breaks a rule that Mistral's API documentation states (the fine-tuning guide for text,
vision and function calling, the classifier guide, the API reference), or makes the line unreadable: such data is
not usable. A ``warning`` breaks a rule known only from Mistral's local tooling (the ``mistral-finetune`` trainer
and the ``mistral-common`` validator it uses), or trips one of this module's own guards. The API's own checks are not
published, so it may or may not refuse data with warnings. `Report.ok` is true when there is no error;
`Report.clean` when there is no problem at all.

Errors (``ProblemKind`` value: the rule):

- ``empty-file``: the file holds no record at all.
- ``file-too-large``: over 512 MiB, the API reference's limit for one file.
- ``line-too-long``: a line over ``max_line_bytes`` (64 MiB by default) is not parsed (our guard: bounded memory).
- ``not-utf8``: JSON Lines text is UTF-8.
- ``not-json``: each line is one JSON value (NaN and Infinity are not JSON).
- ``not-object``: ... and that value is an object.
- ``unknown-record``: neither a completion nor a classifier record (while the kind is not yet known).
- ``mixed-records``: completion and classifier records in one file (a job has one type).
- ``missing-field``: a required field is absent: ``messages``; a message's ``role`` and ``content`` (an assistant
  message may have ``tool_calls`` instead); a tool call's ``id``, ``function``, ``function.name`` and
  ``function.arguments``; a tool message's ``tool_call_id``; a tool's ``function`` and ``function.name``; a
  chunk's ``type``, ``text`` or ``image_url``; a classifier record's ``text`` (or ``messages``) and ``labels``.
- ``wrong-type``: a field of the wrong JSON type: ``messages`` an array of objects, ``content`` a string or an
  array of chunks, ``tool_calls`` and ``tools`` arrays of objects, ``arguments`` a string, ids strings, ``labels``
  an object whose values are strings or arrays of strings.
- ``empty-value``: an empty ``messages``, chunk array, ``labels``, label array or target name: nothing to learn.
- ``bad-value``: a chunk ``type`` other than ``text`` and ``image_url``; an image other than an http(s) URL or a
  ``data:`` URL; a tool or tool-call ``type`` other than ``function``.
- ``unknown-role``: the roles are system, user, assistant and tool.
- ``tool-calls-not-assistant``: only assistant messages carry ``tool_calls``.
- ``content-with-tool-calls``: an assistant message with ``tool_calls`` has no content.
- ``tool-call-id``: tool-call ids and ``tool_call_id`` are exactly 9 characters.
- ``tool-arguments``: ``function.arguments`` is a string holding JSON.
- ``unknown-tool-call-id``: a tool message answers the ``id`` of a call in an earlier assistant message.
- ``undefined-tool``: the record's top-level ``tools`` defines every function its calls use.
- ``tool-sequence``: tool calls are followed by a tool message, a tool message by an assistant (or another tool)
  message. A conversation may end on the assistant's calls: the guide's own example does.

Warnings:

- ``file-near-limit``: over 500 MB: the FAQ reports HTTP 413 from about there.
- ``blank-line``: a line of only whitespace; JSON Lines has none, and readers differ on them.
- ``byte-order-mark``: a UTF-8 byte-order mark, which the trainer's JSON reader refuses (the rest is checked).
- ``tool-call-id-chars``: ids are letters and digits only (``mistral-common``).
- ``tool-response-count``: as many tool messages as calls before the next assistant message (``mistral-common``).
- ``tool-definition``: a tool's function has a ``description`` and ``parameters`` (an object), and a name of 1 to
  64 letters, digits, ``_`` or ``-`` (``mistral-common``).
- ``last-not-assistant``: a completion conversation ends with an assistant message (``mistral-common``; the
  trainer's "common error").
- ``role-order``: after system comes user, assistant or system; after user: assistant, system or user; after
  assistant: assistant, user or tool; after tool: assistant or tool (``mistral-common``).
- ``multiple-system``: at most one system message (``mistral-common``).
- ``weight``: an assistant message's ``weight`` is 0 or 1 (``mistral-finetune``, ``mistral-common``); a weight on
  another message is ignored.
- ``empty-content``: an empty string as content, text or label (``mistral-common`` refuses empty messages).
- ``too-many-labels``: over 10,000 distinct labels in a target, or 1,000 targets: later ones are not collected
  (our guard: bounded memory).

Not checked: whether ``parameters`` is a valid JSON Schema, duplicate keys, token counts, the API's unpublished
limits on examples per label, and whether the same data is in both the training and validation files.

Lines are split on ``\\n`` (a ``\\r\\n`` ending is fine); line numbers start at 1. Problems about the whole file have
line 0. Paths inside a record look like ``messages[2].tool_calls[0].id`` or ``labels.sentiment[1]`` (a key that is
not a plain name is quoted: ``labels["is english"]``).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any, Final, Literal, TypeAlias

from .errors import InputValidationError

__all__ = [
    "DEFAULT_MAX_PROBLEMS",
    "MAX_FILE_BYTES",
    "MAX_LABELS_PER_TARGET",
    "MAX_LINE_BYTES",
    "MAX_TARGETS",
    "NEAR_LIMIT_BYTES",
    "ROLES",
    "TOOL_CALL_ID_LENGTH",
    "Checker",
    "JobType",
    "Problem",
    "ProblemKind",
    "Report",
    "Severity",
    "check_bytes",
    "check_file",
    "check_lines",
]

Severity: TypeAlias = Literal["error", "warning"]
JobType: TypeAlias = Literal["completion", "classifier"]

DEFAULT_MAX_PROBLEMS: Final = 100
"""How many problems a report keeps by default; all of them are counted."""
MAX_FILE_BYTES: Final = 512 * 1024 * 1024
"""The documented size limit of one uploaded file."""
NEAR_LIMIT_BYTES: Final = 500_000_000
"""Where the FAQ says uploads start getting HTTP 413."""
MAX_LINE_BYTES: Final = 64 * 1024 * 1024
"""Longer lines are reported unparsed, so that one huge line cannot take the memory."""
MAX_LABELS_PER_TARGET: Final = 10_000
"""Distinct labels collected per classifier target; more are reported (``too-many-labels``), not kept."""
MAX_TARGETS: Final = 1_000
"""Classifier targets collected; more are reported (``too-many-labels``), not kept."""

ROLES: Final = ("system", "user", "assistant", "tool")
"""The message roles of a conversation."""
TOOL_CALL_ID_LENGTH: Final = 9
"""The length of a tool-call id."""
_ROLE_SET: Final = frozenset(ROLES)


class ProblemKind(StrEnum):
    """What rule a problem breaks (see the module's table). The values are stable strings, fit for filtering."""

    EMPTY_FILE = "empty-file"
    FILE_TOO_LARGE = "file-too-large"
    FILE_NEAR_LIMIT = "file-near-limit"
    LINE_TOO_LONG = "line-too-long"
    BLANK_LINE = "blank-line"
    BYTE_ORDER_MARK = "byte-order-mark"
    NOT_UTF8 = "not-utf8"
    NOT_JSON = "not-json"
    NOT_OBJECT = "not-object"
    UNKNOWN_RECORD = "unknown-record"
    MIXED_RECORDS = "mixed-records"
    MISSING_FIELD = "missing-field"
    WRONG_TYPE = "wrong-type"
    EMPTY_VALUE = "empty-value"
    BAD_VALUE = "bad-value"
    UNKNOWN_ROLE = "unknown-role"
    TOOL_CALLS_NOT_ASSISTANT = "tool-calls-not-assistant"
    CONTENT_WITH_TOOL_CALLS = "content-with-tool-calls"
    TOOL_CALL_ID = "tool-call-id"
    TOOL_ARGUMENTS = "tool-arguments"
    UNKNOWN_TOOL_CALL_ID = "unknown-tool-call-id"
    UNDEFINED_TOOL = "undefined-tool"
    TOOL_SEQUENCE = "tool-sequence"
    TOOL_CALL_ID_CHARS = "tool-call-id-chars"
    TOOL_RESPONSE_COUNT = "tool-response-count"
    TOOL_DEFINITION = "tool-definition"
    LAST_NOT_ASSISTANT = "last-not-assistant"
    ROLE_ORDER = "role-order"
    MULTIPLE_SYSTEM = "multiple-system"
    WEIGHT = "weight"
    EMPTY_CONTENT = "empty-content"
    TOO_MANY_LABELS = "too-many-labels"

    @property
    def severity(self) -> Severity:
        """``"warning"`` for rules known only from Mistral's local tooling (or this module's guards), else
        ``"error"``."""
        return "warning" if self in _WARNINGS else "error"


_WARNINGS: Final = frozenset(
    {
        ProblemKind.FILE_NEAR_LIMIT,
        ProblemKind.BLANK_LINE,
        ProblemKind.BYTE_ORDER_MARK,
        ProblemKind.TOOL_CALL_ID_CHARS,
        ProblemKind.TOOL_RESPONSE_COUNT,
        ProblemKind.TOOL_DEFINITION,
        ProblemKind.LAST_NOT_ASSISTANT,
        ProblemKind.ROLE_ORDER,
        ProblemKind.MULTIPLE_SYSTEM,
        ProblemKind.WEIGHT,
        ProblemKind.EMPTY_CONTENT,
        ProblemKind.TOO_MANY_LABELS,
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in the data.

    Attributes:
        line: the 1-based line number; 0 for a problem of the whole file.
        path: where inside the record, e.g. ``messages[2].role``; empty for the line as a whole.
        kind: the rule broken.
        severity: ``"error"`` (the API's documented rules) or ``"warning"`` (local tooling's rules).
        message: what is wrong, in a short sentence.
    """

    line: int
    path: str
    kind: ProblemKind
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = "file" if self.line == 0 else f"line {self.line}"
        if self.path:
            where = f"{where}, {self.path}"
        return f"{where}: {self.message} [{self.severity} {self.kind.value}]"

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain JSON values (``kind`` as its string)."""
        return {
            "line": self.line,
            "path": self.path,
            "kind": self.kind.value,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """What a check found.

    Attributes:
        job_type: the job type given, or the one detected from the data; None when no record had a known shape.
        lines: lines read (blank ones included).
        records: lines that held something (valid or not).
        bytes_read: bytes read, for ``bytes`` lines (``str`` lines are not counted).
        problems: the problems kept, in the order found: the first ``max_problems`` of them.
        error_count: every error found, kept or not.
        warning_count: every warning found, kept or not.
        labels: for classifier data, each target's distinct labels, sorted, targets in the order first seen.
        stopped_early: the check stopped at the first error (``fail_fast``) before the end of the data.
    """

    job_type: JobType | None
    lines: int
    records: int
    bytes_read: int
    problems: tuple[Problem, ...]
    error_count: int
    warning_count: int
    labels: dict[str, list[str]] = field(default_factory=dict)
    stopped_early: bool = False

    @property
    def ok(self) -> bool:
        """True when no error was found: the data is usable as far as the API's documented rules go."""
        return self.error_count == 0

    @property
    def clean(self) -> bool:
        """True when nothing at all was found, not even a warning."""
        return self.error_count == 0 and self.warning_count == 0

    @property
    def problem_count(self) -> int:
        """Every problem found, kept or not."""
        return self.error_count + self.warning_count

    @property
    def truncated(self) -> bool:
        """True when more problems were found than `problems` holds."""
        return self.problem_count > len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The errors among the problems kept."""
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings among the problems kept."""
        return [problem for problem in self.problems if problem.severity == "warning"]

    def classifier_targets(self) -> list[dict[str, Any]]:
        """The targets the labels imply, shaped as a job's ``classifier_targets``: ``[{"name", "labels"}]``."""
        return [{"name": name, "labels": list(labels)} for name, labels in self.labels.items()]

    def summary(self) -> str:
        """One line: the counts, then the first error (or warning) kept, e.g. for a job's failure reason."""
        if self.clean:
            return f"no problems in {_plural(self.lines, 'line')}"
        counts = [_plural(self.error_count, "error")] if self.error_count else []
        if self.warning_count:
            counts.append(_plural(self.warning_count, "warning"))
        head = f"{', '.join(counts)} in {_plural(self.lines, 'line')}"
        if self.stopped_early:
            head += " (stopped at the first error)"
        shown = self.errors or self.warnings
        return f"{head}; first: {shown[0]}" if shown else head


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# --- the checker --------------------------------------------------------------------------------------------------

_NO_PROBLEMS: Final[tuple[Problem, ...]] = ()
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_JSON_WHITESPACE: Final = b" \t\r\n"
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TOOL_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_ID_CHARS = re.compile(r"[a-zA-Z0-9]+")
_IMAGE_URL_PREFIXES: Final = ("https://", "http://", "data:")

# The role order mistral-common enforces: each role -> the roles that may follow it.
_MAY_FOLLOW: Final[Mapping[str, frozenset[str]]] = {
    "system": frozenset({"user", "assistant", "system"}),
    "user": frozenset({"assistant", "system", "user"}),
    "assistant": frozenset({"assistant", "user", "tool"}),
    "tool": frozenset({"assistant", "tool"}),
}
# Steps of the common conversation (no tools, one leading system message) that need no further look.
_PLAIN_STEPS: Final = frozenset(
    {
        (None, "system"),
        (None, "user"),
        (None, "assistant"),
        ("system", "user"),
        ("system", "assistant"),
        ("user", "user"),
        ("user", "assistant"),
        ("assistant", "user"),
        ("assistant", "assistant"),
    }
)


@dataclass(slots=True)
class _Conversation:
    """What the check of one conversation remembers from message to message."""

    defined: set[str] | None  # the tools a training record defines; None for a classifier's conversation
    call_ids: set[str] = field(default_factory=set)
    undefined_reported: set[str] = field(default_factory=set)
    previous: str | None = None  # the previous message's role, when known
    previous_calls: int = 0  # how many tools the previous message called
    open_calls: int = 0  # calls of the last assistant message not yet answered (mistral-common's count)
    systems: int = 0


class _Unparsed:
    """The value of a line that was reported instead of parsed."""


_UNPARSED: Final = _Unparsed()


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER: Final = json.JSONDecoder(parse_constant=_refuse_constant)


# jiter parses short lines up to 1.6x sooner than the standard library, long ones (over about 2 KB) up to 1.4x later.
_JITER_BELOW: Final = 2048


def _fast_loads() -> Callable[[bytes], Any] | None:
    """jiter's parser when it is installed (it checks UTF-8 and refuses NaN itself), for short lines. Whatever it
    refuses is parsed again by the standard library, whose verdict and message stand."""
    try:
        from jiter import from_json
    except ImportError:
        return None

    def loads(line: bytes) -> Any:
        return from_json(line, allow_inf_nan=False, cache_mode="all")

    return loads


def _key(name: str) -> str:
    """The path step for an object key: ``.name`` for a plain name, else ``["..."]``."""
    return f".{name}" if _PLAIN_KEY.fullmatch(name) else f"[{json.dumps(name, ensure_ascii=False)}]"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


def _is_plain_conversation(messages: list[Any]) -> bool:
    """True when `messages` is the common case that breaks no rule: string contents, no tools, no weights, a role
    order that every rule accepts, ending with an assistant message. Anything else gets the full check."""
    previous: str | None = None
    try:
        for message in messages:
            if type(message) is not dict:
                return False
            if len(message) != 2:  # a weight of 0 or 1 on an assistant message is the only other key allowed here
                weight = message.get("weight")
                if len(message) != 3 or type(weight) is not int or weight not in (0, 1):
                    return False
                if message.get("role") != "assistant":
                    return False
            content = message.get("content")
            if type(content) is not str or not content:
                return False
            role = message.get("role")
            if (previous, role) not in _PLAIN_STEPS:
                return False
            previous = role
    except TypeError:  # an unhashable role
        return False
    return previous == "assistant"


def _is_plain_messages(messages: list[Any]) -> bool:
    """True when a classifier's `messages` is a non-empty list of messages with a known role and non-empty string
    content, and nothing else."""
    if not messages:
        return False
    try:
        for message in messages:
            if type(message) is not dict or len(message) != 2 or message.get("role") not in _ROLE_SET:
                return False
            content = message.get("content")
            if type(content) is not str or not content:
                return False
    except TypeError:  # an unhashable role
        return False
    return True


def _validated_job_type(job_type: object) -> JobType | None:
    if job_type is None:
        return None
    if isinstance(job_type, str):
        if job_type == "completion":
            return "completion"
        if job_type == "classifier":
            return "classifier"
    raise InputValidationError("job_type", f"must be 'completion', 'classifier' or None, not {job_type!r}")


def _validated_count(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputValidationError(name, f"must be an integer of at least {minimum}, not {value!r}")
    return value


class Checker:
    """Checks training data fed to it one line at a time; `report()` says what it found so far.

    `check_lines`, `check_bytes` and `check_file` are built on it; use it directly to show problems as they are
    found, or to check lines that arrive from elsewhere (a socket, a decompressor).

    Args:
        job_type: ``"completion"``, ``"classifier"``, or None to detect it from the first record with a known shape.
        max_problems: how many problems `report()` keeps (all are counted); 0 keeps none.
        max_line_bytes: a longer line is reported, not parsed.

    Raises:
        InputValidationError: for an argument outside those.
    """

    def __init__(
        self,
        *,
        job_type: JobType | None = None,
        max_problems: int = DEFAULT_MAX_PROBLEMS,
        max_line_bytes: int = MAX_LINE_BYTES,
    ) -> None:
        self._declared: JobType | None = _validated_job_type(job_type)
        self._job_type: JobType | None = self._declared
        self._kind_line = 0  # the line the job type was detected on
        self._max_problems = _validated_count("max_problems", max_problems, 0)
        self.max_line_bytes: Final = _validated_count("max_line_bytes", max_line_bytes, 1)
        self._loads = _fast_loads()
        self._lines = 0
        self._records = 0
        self._bytes = 0
        self._kept: list[Problem] = []
        self._found: list[Problem] = []  # the current line's problems
        self._errors = 0
        self._warnings = 0
        self._labels: dict[str, set[str]] = {}
        self._labels_capped: set[str | None] = set()  # the targets found full (None: too many targets)
        self._stopped_early = False

    @property
    def error_count(self) -> int:
        """Errors found so far."""
        return self._errors

    @property
    def warning_count(self) -> int:
        """Warnings found so far."""
        return self._warnings

    # --- feeding ---------------------------------------------------------------------------------------------------

    def feed(self, line: bytes | str) -> Sequence[Problem]:
        """Check the next line (with or without its line ending).

        Returns:
            The problems found on this line, all of them (also past `max_problems`); usually empty.

        Raises:
            InputValidationError: `line` is neither ``bytes`` nor ``str``.
        """
        self._lines += 1
        if type(line) is bytes:
            self._bytes += len(line)
            if len(line) > self.max_line_bytes:
                return self._too_long(f"over {self.max_line_bytes:,} bytes long; not parsed")
            loads = self._loads
            try:  # the common case inline: one line is a few microseconds of work in all
                if loads is None or len(line) >= _JITER_BELOW:
                    record = _DECODER.decode(line.decode("utf-8"))
                else:
                    record = loads(line)
            except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
                record = self._diagnose(line)
        else:
            record = self._parse_other(line)
        if record is _UNPARSED:
            return self._flush()
        self._records += 1
        if type(record) is not dict:
            self._problem(ProblemKind.NOT_OBJECT, "", f"a record is a JSON object, not {_json_type(record)}")
            return self._flush()
        job_type = self._job_type
        if job_type == "completion" and "labels" not in record:
            self._completion(record)
        elif job_type == "classifier" and "labels" in record:
            self._classifier(record)
        else:
            self._check_record(record)
        return self._flush() if self._found else _NO_PROBLEMS

    def _parse_other(self, line: Any) -> Any:
        """The JSON value of a line given as ``str`` (or a bytes-like object other than ``bytes``)."""
        if not isinstance(line, str):
            if not isinstance(line, bytearray | memoryview | bytes):
                raise InputValidationError("lines", f"line {self._lines} is {type(line).__name__}, not bytes or str")
            line = bytes(line)
            self._bytes += len(line)
        if len(line) > self.max_line_bytes:
            self._too_long(f"over {self.max_line_bytes:,} characters long; not parsed", flush=False)
            return _UNPARSED
        try:
            return _DECODER.decode(line) if isinstance(line, str) else _DECODER.decode(line.decode("utf-8"))
        except (ValueError, RecursionError):
            return self._diagnose(line)

    def _too_long(self, message: str, *, flush: bool = True) -> tuple[Problem, ...]:
        self._records += 1
        self._problem(ProblemKind.LINE_TOO_LONG, "", message)
        return self._flush() if flush else _NO_PROBLEMS

    def _feed_overlong(self, size: int) -> None:
        """Count a line that was too long to be read whole (`check_file`, `check_bytes`)."""
        self._lines += 1
        self._records += 1
        self._bytes += size
        self._problem(ProblemKind.LINE_TOO_LONG, "", f"{size:,} bytes long, over {self.max_line_bytes:,}; not parsed")
        self._flush()

    def report(self) -> Report:
        """What was found so far, whole-file problems (an empty file, a file over the size limit) included."""
        kept = list(self._kept)
        errors, warnings = self._errors, self._warnings
        whole_file: list[tuple[ProblemKind, str]] = []
        if self._records == 0 and not self._stopped_early:
            whole_file.append((ProblemKind.EMPTY_FILE, "no records: the file is empty"))
        if self._bytes > MAX_FILE_BYTES:
            whole_file.append((ProblemKind.FILE_TOO_LARGE, f"{self._bytes:,} bytes, over the 512 MiB limit"))
        elif self._bytes > NEAR_LIMIT_BYTES:
            whole_file.append(
                (ProblemKind.FILE_NEAR_LIMIT, f"{self._bytes:,} bytes: uploads from about 500 MB get HTTP 413")
            )
        for kind, message in whole_file:
            if kind.severity == "error":
                errors += 1
            else:
                warnings += 1
            if len(kept) < self._max_problems:
                kept.append(Problem(0, "", kind, kind.severity, message))
        return Report(
            job_type=self._job_type,
            lines=self._lines,
            records=self._records,
            bytes_read=self._bytes,
            problems=tuple(kept),
            error_count=errors,
            warning_count=warnings,
            labels={target: sorted(labels) for target, labels in self._labels.items()},
            stopped_early=self._stopped_early,
        )

    # --- recording problems ----------------------------------------------------------------------------------------

    def _problem(self, kind: ProblemKind, path: str, message: str) -> None:
        self._found.append(Problem(self._lines, path, kind, kind.severity, message))

    def _flush(self) -> tuple[Problem, ...]:
        found = tuple(self._found)
        self._found.clear()
        for problem in found:
            if problem.severity == "error":
                self._errors += 1
            else:
                self._warnings += 1
            if len(self._kept) < self._max_problems:
                self._kept.append(problem)
        return found

    # --- parsing ---------------------------------------------------------------------------------------------------

    def _diagnose(self, line: bytes | str) -> Any:
        """Why a line did not parse, reported in the standard library's words (the same with or without jiter); or
        its value, for the few lines that only jiter refuses (a byte-order mark, an escaped lone surrogate)."""
        if type(line) is bytes:
            if line.startswith(_UTF8_BOM):
                self._problem(ProblemKind.BYTE_ORDER_MARK, "", "starts with a UTF-8 byte-order mark")
                line = line[len(_UTF8_BOM) :]
            if not line.strip(_JSON_WHITESPACE):
                return self._blank()
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._records += 1
                bad = line[exc.start : exc.start + 1].hex()
                self._problem(ProblemKind.NOT_UTF8, "", f"not UTF-8: byte 0x{bad} at byte {exc.start + 1}")
                return _UNPARSED
        else:
            text = str(line)
            if text.startswith("\ufeff"):
                self._problem(ProblemKind.BYTE_ORDER_MARK, "", "starts with a byte-order mark")
                text = text[1:]
            if not text.strip(" \t\r\n"):
                return self._blank()
        try:
            return _DECODER.decode(text)
        except json.JSONDecodeError as exc:
            message = f"not valid JSON: {exc.msg} at column {exc.colno}"
        except ValueError as exc:  # NaN or Infinity
            message = f"not valid JSON: {exc}"
        except RecursionError:
            message = "not valid JSON here: nested too deeply"
        self._records += 1
        self._problem(ProblemKind.NOT_JSON, "", message)
        return _UNPARSED

    def _blank(self) -> _Unparsed:
        self._problem(ProblemKind.BLANK_LINE, "", "a blank line; JSON Lines files have none")
        return _UNPARSED

    # --- records ---------------------------------------------------------------------------------------------------

    def _check_record(self, record: dict[str, Any]) -> None:
        if "labels" in record:
            shape: JobType | None = "classifier"
        elif "messages" in record:
            shape = "completion"
        else:
            shape = None
        job_type = self._job_type
        if job_type is None:
            if shape is None:
                self._problem(
                    ProblemKind.UNKNOWN_RECORD,
                    "",
                    "neither a completion record (messages) nor a classifier record (text or messages, with labels)",
                )
                return
            self._job_type = job_type = shape
            self._kind_line = self._lines
        elif shape is not None and shape != job_type:
            source = (
                f"detected from line {self._kind_line}" if self._declared is None else f"job_type={self._declared!r}"
            )
            what = "labels" if shape == "classifier" else "messages and no labels"
            self._problem(ProblemKind.MIXED_RECORDS, "", f"a {shape} record ({what}) in {job_type} data ({source})")
            return
        if job_type == "completion":
            self._completion(record)
        else:
            self._classifier(record)

    def _completion(self, record: dict[str, Any]) -> None:
        messages = record.get("messages")
        if len(record) != 1 or type(messages) is not list or not _is_plain_conversation(messages):
            self._check_completion(record)

    def _classifier(self, record: dict[str, Any]) -> None:
        if not self._is_plain_classifier(record):
            self._check_classifier(record)

    def _is_plain_classifier(self, record: dict[str, Any]) -> bool:
        """True for the common classifier record that breaks no rule (a non-empty text or plain messages, labels of
        targets already seen), after collecting its labels. False promises nothing: the full check follows."""
        if len(record) != 2:
            return False
        text = record.get("text")
        if type(text) is not str or not text:
            messages = record.get("messages")
            if type(messages) is not list or not _is_plain_messages(messages):
                return False
        labels = record["labels"]
        if type(labels) is not dict or not labels:
            return False
        seen_by_target = self._labels
        for target, value in labels.items():
            seen = seen_by_target.get(target)
            if seen is None:
                return False
            if type(value) is str:
                if value not in seen:
                    if not value or len(seen) >= MAX_LABELS_PER_TARGET:
                        return False
                    seen.add(value)
            elif type(value) is list and value:
                for item in value:
                    if type(item) is not str or not item:
                        return False
                    if item not in seen:
                        if len(seen) >= MAX_LABELS_PER_TARGET:
                            return False
                        seen.add(item)
            else:
                return False
        return True

    def _check_completion(self, record: dict[str, Any]) -> None:
        if "messages" not in record:
            hint = "; pretraining {text} lines are not documented for the API" if "text" in record else ""
            self._problem(ProblemKind.MISSING_FIELD, "messages", f"a completion record needs messages{hint}")
            return
        messages = record["messages"]
        if type(messages) is not list:
            self._problem(ProblemKind.WRONG_TYPE, "messages", f"must be an array, not {_json_type(messages)}")
            return
        if not messages:
            self._problem(ProblemKind.EMPTY_VALUE, "messages", "the conversation is empty")
            return
        defined = self._check_tools(record)
        self._check_conversation(messages, defined)

    def _check_tools(self, record: dict[str, Any]) -> set[str]:
        """Check the top-level ``tools``; returns the function names it defines."""
        names: set[str] = set()
        tools = record.get("tools")
        if tools is None:
            return names
        if type(tools) is not list:
            self._problem(ProblemKind.WRONG_TYPE, "tools", f"must be an array, not {_json_type(tools)}")
            return names
        for index, tool in enumerate(tools):
            path = f"tools[{index}]"
            if type(tool) is not dict:
                self._problem(ProblemKind.WRONG_TYPE, path, f"a tool is an object, not {_json_type(tool)}")
                continue
            kind = tool.get("type", "function")
            if kind != "function":
                self._problem(ProblemKind.BAD_VALUE, f"{path}.type", "the only tool type is 'function'")
            if "function" not in tool:
                self._problem(ProblemKind.MISSING_FIELD, f"{path}.function", "a tool needs its function")
                continue
            function = tool["function"]
            path += ".function"
            if type(function) is not dict:
                self._problem(ProblemKind.WRONG_TYPE, path, f"must be an object, not {_json_type(function)}")
                continue
            name = function.get("name")
            if name is None:
                self._problem(ProblemKind.MISSING_FIELD, f"{path}.name", "a function needs a name")
            elif type(name) is not str:
                self._problem(ProblemKind.WRONG_TYPE, f"{path}.name", f"must be a string, not {_json_type(name)}")
            else:
                names.add(name)
                if not _TOOL_NAME.fullmatch(name):
                    self._problem(
                        ProblemKind.TOOL_DEFINITION,
                        f"{path}.name",
                        f"{_shown(name)}: names are 1 to 64 letters, digits, '_' or '-'",
                    )
            if "description" not in function:
                self._problem(ProblemKind.TOOL_DEFINITION, f"{path}.description", "a function should be described")
            parameters = function.get("parameters")
            if parameters is None:
                self._problem(ProblemKind.TOOL_DEFINITION, f"{path}.parameters", "a function should have parameters")
            elif type(parameters) is not dict:
                self._problem(
                    ProblemKind.TOOL_DEFINITION,
                    f"{path}.parameters",
                    f"should be a JSON Schema object, not {_json_type(parameters)}",
                )
        return names

    def _check_conversation(self, messages: list[Any], defined: set[str] | None) -> None:
        """The rules on a list of messages. `defined` is the set of tools a completion record defines; None for a
        classifier's conversation, which gets only the rules on each message's shape."""
        state = _Conversation(defined)
        last = len(messages) - 1
        for index, message in enumerate(messages):
            path = f"messages[{index}]"
            if type(message) is not dict:
                self._problem(ProblemKind.WRONG_TYPE, path, f"a message is an object, not {_json_type(message)}")
                state.previous, state.previous_calls = None, 0
                continue
            role, calls = self._message(message, path, state)
            if defined is not None and role is not None:
                self._turn(role, calls, index, path, state)
                if index == last:
                    self._ending(role, path)
            state.previous, state.previous_calls = role, calls

    def _message(self, message: dict[str, Any], path: str, state: _Conversation) -> tuple[str | None, int]:
        """Check one message on its own; returns its role (None when missing or unknown) and how many tools it
        calls."""
        role = self._role(message, path)
        tool_calls = message.get("tool_calls")
        has_calls = tool_calls is not None and tool_calls != []
        if has_calls and role is not None and role != "assistant":
            self._problem(
                ProblemKind.TOOL_CALLS_NOT_ASSISTANT, f"{path}.tool_calls", f"a {role} message cannot call tools"
            )
        if role == "assistant" and has_calls:
            content = message.get("content")
            if content is not None and content not in ("", []):
                self._problem(
                    ProblemKind.CONTENT_WITH_TOOL_CALLS,
                    f"{path}.content",
                    "an assistant message that calls tools has no content",
                )
        else:
            self._content(message, path)
        if state.defined is None:
            return role, 0
        calls = 0
        if role == "assistant" and has_calls:
            calls = self._tool_calls(tool_calls, f"{path}.tool_calls", state)
        elif role == "tool":
            self._tool_call_id(message, path, state.call_ids)
        if "weight" in message:
            self._weight(message["weight"], role, f"{path}.weight")
        return role, calls

    def _turn(self, role: str, calls: int, index: int, path: str, state: _Conversation) -> None:
        """The rules on where a message stands in a training conversation."""
        path += ".role"
        if role == "system":
            state.systems += 1
            if state.systems == 2:
                self._problem(ProblemKind.MULTIPLE_SYSTEM, path, "a conversation has one system message")
        previous = state.previous
        if previous is not None:
            if state.previous_calls and role != "tool":
                self._problem(
                    ProblemKind.TOOL_SEQUENCE,
                    path,
                    f"messages[{index - 1}] calls tools: a tool message answers them, not a {role} message",
                )
            elif previous == "tool" and role not in ("assistant", "tool"):
                self._problem(
                    ProblemKind.TOOL_SEQUENCE,
                    path,
                    f"a tool message is followed by an assistant message, not a {role} message",
                )
            elif role not in _MAY_FOLLOW[previous]:
                self._problem(ProblemKind.ROLE_ORDER, path, f"a {role} message should not follow a {previous} one")
        if role == "tool":
            state.open_calls -= 1
            if state.open_calls == -1:
                self._problem(ProblemKind.TOOL_RESPONSE_COUNT, path, "more tool messages than tool calls")
        elif role == "assistant":
            if state.open_calls > 0 and previous == "tool":
                self._problem(
                    ProblemKind.TOOL_RESPONSE_COUNT,
                    path,
                    f"{_plural(state.open_calls, 'tool call')} of the last assistant message still unanswered",
                )
            state.open_calls = calls

    def _ending(self, role: str, path: str) -> None:
        """The rules on a training conversation's last message."""
        if role == "tool":
            self._problem(
                ProblemKind.TOOL_SEQUENCE,
                f"{path}.role",
                "the conversation ends on a tool message: an assistant message must follow it",
            )
        elif role != "assistant":
            self._problem(
                ProblemKind.LAST_NOT_ASSISTANT,
                f"{path}.role",
                f"the last message is a {role} message; training expects an assistant message last",
            )

    def _role(self, message: dict[str, Any], path: str) -> str | None:
        """The message's role when it is a known one; reports it otherwise."""
        if "role" not in message:
            self._problem(ProblemKind.MISSING_FIELD, f"{path}.role", "a message needs a role")
            return None
        role = message["role"]
        if type(role) is not str:
            self._problem(ProblemKind.WRONG_TYPE, f"{path}.role", f"must be a string, not {_json_type(role)}")
            return None
        if role not in ROLES:
            self._problem(
                ProblemKind.UNKNOWN_ROLE,
                f"{path}.role",
                f"unknown role {_shown(role)} (expected one of {', '.join(ROLES)})",
            )
            return None
        return role

    def _content(self, message: dict[str, Any], path: str) -> None:
        path += ".content"
        if "content" not in message:
            hint = " (not text)" if "text" in message else ""
            self._problem(ProblemKind.MISSING_FIELD, path, f"a message needs content{hint}")
            return
        content = message["content"]
        if type(content) is str:
            if not content:
                self._problem(ProblemKind.EMPTY_CONTENT, path, "the content is empty")
            return
        if type(content) is not list:
            self._problem(
                ProblemKind.WRONG_TYPE, path, f"must be a string or an array of chunks, not {_json_type(content)}"
            )
            return
        if not content:
            self._problem(ProblemKind.EMPTY_VALUE, path, "the array of chunks is empty")
            return
        for index, chunk in enumerate(content):
            self._chunk(chunk, f"{path}[{index}]")

    def _chunk(self, chunk: Any, path: str) -> None:
        if type(chunk) is not dict:
            self._problem(ProblemKind.WRONG_TYPE, path, f"a chunk is an object, not {_json_type(chunk)}")
            return
        if "type" not in chunk:
            self._problem(ProblemKind.MISSING_FIELD, f"{path}.type", "a chunk needs a type (text or image_url)")
            return
        kind = chunk["type"]
        if kind == "text":
            if "text" not in chunk:
                self._problem(ProblemKind.MISSING_FIELD, f"{path}.text", "a text chunk needs its text")
            elif type(chunk["text"]) is not str:
                self._problem(
                    ProblemKind.WRONG_TYPE, f"{path}.text", f"must be a string, not {_json_type(chunk['text'])}"
                )
        elif kind == "image_url":
            if "image_url" not in chunk:
                self._problem(ProblemKind.MISSING_FIELD, f"{path}.image_url", "an image chunk needs its image_url")
                return
            image = chunk["image_url"]
            where = f"{path}.image_url"
            if type(image) is dict:  # the {"url": ...} form of the chat API
                image, where = image.get("url"), f"{where}.url"
            if type(image) is not str:
                self._problem(ProblemKind.WRONG_TYPE, where, f"must be a URL string, not {_json_type(image)}")
            elif not image.startswith(_IMAGE_URL_PREFIXES):
                self._problem(ProblemKind.BAD_VALUE, where, "an image is an http(s) URL or a data: URL")
        else:
            shown = _shown(kind) if isinstance(kind, str) else _json_type(kind)
            self._problem(ProblemKind.BAD_VALUE, f"{path}.type", f"unknown chunk type {shown} (text or image_url)")

    def _tool_calls(self, tool_calls: Any, path: str, state: _Conversation) -> int:
        """Check an assistant message's tool calls; returns how many there are."""
        if type(tool_calls) is not list:
            self._problem(ProblemKind.WRONG_TYPE, path, f"must be an array, not {_json_type(tool_calls)}")
            return 0
        for index, call in enumerate(tool_calls):
            where = f"{path}[{index}]"
            if type(call) is not dict:
                self._problem(ProblemKind.WRONG_TYPE, where, f"a tool call is an object, not {_json_type(call)}")
                continue
            if "id" not in call:
                self._problem(ProblemKind.MISSING_FIELD, f"{where}.id", "a tool call needs an id")
            elif self._id(call["id"], f"{where}.id"):
                state.call_ids.add(call["id"])
            if call.get("type", "function") != "function":
                self._problem(ProblemKind.BAD_VALUE, f"{where}.type", "the only tool call type is 'function'")
            if "function" not in call:
                self._problem(ProblemKind.MISSING_FIELD, f"{where}.function", "a tool call needs its function")
                continue
            function = call["function"]
            where += ".function"
            if type(function) is not dict:
                self._problem(ProblemKind.WRONG_TYPE, where, f"must be an object, not {_json_type(function)}")
                continue
            name = function.get("name")
            if name is None:
                self._problem(ProblemKind.MISSING_FIELD, f"{where}.name", "a tool call names its function")
            elif type(name) is not str:
                self._problem(ProblemKind.WRONG_TYPE, f"{where}.name", f"must be a string, not {_json_type(name)}")
            elif state.defined is not None and name not in state.defined and name not in state.undefined_reported:
                state.undefined_reported.add(name)
                self._problem(
                    ProblemKind.UNDEFINED_TOOL, f"{where}.name", f"{_shown(name)} is not defined in the record's tools"
                )
            if "arguments" not in function:
                self._problem(ProblemKind.MISSING_FIELD, f"{where}.arguments", "a tool call needs its arguments")
                continue
            arguments = function["arguments"]
            if type(arguments) is not str:
                self._problem(
                    ProblemKind.WRONG_TYPE,
                    f"{where}.arguments",
                    f"must be a string holding JSON, not {_json_type(arguments)}",
                )
                continue
            try:
                _DECODER.decode(arguments)
            except (ValueError, RecursionError):
                self._problem(ProblemKind.TOOL_ARGUMENTS, f"{where}.arguments", "the string does not hold valid JSON")
        return len(tool_calls)

    def _id(self, value: Any, path: str) -> bool:
        """Check a tool-call id (or a tool message's ``tool_call_id``); True when it is a string."""
        if type(value) is not str:
            self._problem(ProblemKind.WRONG_TYPE, path, f"must be a string, not {_json_type(value)}")
            return False
        if len(value) != TOOL_CALL_ID_LENGTH:
            self._problem(
                ProblemKind.TOOL_CALL_ID,
                path,
                f"{_shown(value)} is {_plural(len(value), 'character')} long; ids are exactly {TOOL_CALL_ID_LENGTH}",
            )
        elif not _ID_CHARS.fullmatch(value):
            self._problem(ProblemKind.TOOL_CALL_ID_CHARS, path, f"{_shown(value)}: ids should be letters and digits")
        return True

    def _tool_call_id(self, message: dict[str, Any], path: str, call_ids: set[str]) -> None:
        path += ".tool_call_id"
        if "tool_call_id" not in message:
            self._problem(ProblemKind.MISSING_FIELD, path, "a tool message names the call it answers")
            return
        value = message["tool_call_id"]
        if self._id(value, path) and value not in call_ids:
            self._problem(
                ProblemKind.UNKNOWN_TOOL_CALL_ID, path, f"{_shown(value)} is not the id of an earlier tool call"
            )

    def _weight(self, weight: Any, role: str | None, path: str) -> None:
        if role is not None and role != "assistant":
            self._problem(ProblemKind.WEIGHT, path, f"weight is read on assistant messages only, not on {role} ones")
        elif type(weight) is bool or type(weight) not in (int, float) or weight not in (0, 1):
            shown = json.dumps(weight) if type(weight) in (bool, int, float) else _json_type(weight)
            self._problem(ProblemKind.WEIGHT, path, f"weight is 0 (do not train) or 1 (train), not {shown}")

    def _check_classifier(self, record: dict[str, Any]) -> None:
        if "text" in record:
            text = record["text"]
            if type(text) is not str:
                self._problem(ProblemKind.WRONG_TYPE, "text", f"must be a string, not {_json_type(text)}")
            elif not text:
                self._problem(ProblemKind.EMPTY_CONTENT, "text", "the text is empty")
        elif "messages" in record:
            messages = record["messages"]
            if type(messages) is not list:
                self._problem(ProblemKind.WRONG_TYPE, "messages", f"must be an array, not {_json_type(messages)}")
            elif not messages:
                self._problem(ProblemKind.EMPTY_VALUE, "messages", "the conversation is empty")
            else:
                self._check_conversation(messages, None)
        else:
            self._problem(ProblemKind.MISSING_FIELD, "text", "a classifier record needs text (or messages)")
        if "labels" not in record:
            self._problem(ProblemKind.MISSING_FIELD, "labels", "a classifier record needs labels")
            return
        labels = record["labels"]
        if type(labels) is not dict:
            self._problem(
                ProblemKind.WRONG_TYPE, "labels", f"must be an object of target -> label, not {_json_type(labels)}"
            )
            return
        if not labels:
            self._problem(ProblemKind.EMPTY_VALUE, "labels", "no target is labelled")
            return
        for target, value in labels.items():
            path = f"labels{_key(target)}"
            if not target:
                self._problem(ProblemKind.EMPTY_VALUE, path, "a target name is empty")
                continue
            if type(value) is str:
                self._label(target, value, path)
            elif type(value) is list:
                if not value:
                    self._problem(ProblemKind.EMPTY_VALUE, path, "the list of labels is empty")
                for index, item in enumerate(value):
                    if type(item) is str:
                        self._label(target, item, f"{path}[{index}]")
                    else:
                        self._problem(
                            ProblemKind.WRONG_TYPE, f"{path}[{index}]", f"must be a string, not {_json_type(item)}"
                        )
            else:
                self._problem(
                    ProblemKind.WRONG_TYPE, path, f"must be a label string or an array of them, not {_json_type(value)}"
                )

    def _label(self, target: str, label: str, path: str) -> None:
        if not label:
            self._problem(ProblemKind.EMPTY_CONTENT, path, "the label is empty")
            return
        seen = self._labels.get(target)
        if seen is None:
            if len(self._labels) >= MAX_TARGETS:
                self._cap(None, path, f"over {MAX_TARGETS:,} targets; later ones are not collected")
                return
            seen = self._labels[target] = set()
        if label not in seen:
            if len(seen) >= MAX_LABELS_PER_TARGET:
                self._cap(
                    target, path, f"over {MAX_LABELS_PER_TARGET:,} labels in this target; later ones not collected"
                )
                return
            seen.add(label)

    def _cap(self, target: str | None, path: str, message: str) -> None:
        """Report once that a target (None: the set of targets) is full."""
        if target not in self._labels_capped:
            self._labels_capped.add(target)
            self._problem(ProblemKind.TOO_MANY_LABELS, path, message)


# --- entry points -------------------------------------------------------------------------------------------------


def check_lines(
    lines: Iterable[bytes | str],
    *,
    job_type: JobType | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    fail_fast: bool = False,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Report:
    """Check training data given as lines (``bytes`` or ``str``, with or without their line endings).

    The lines are consumed one at a time, so a generator over a huge source is fine.

    Args:
        lines: the lines, e.g. an open binary file or a generator.
        job_type: ``"completion"``, ``"classifier"``, or None to detect it from the data.
        max_problems: how many problems the report keeps; all are counted.
        fail_fast: stop at the first error (warnings do not stop the check).
        max_line_bytes: a longer line is reported, not parsed.

    Returns:
        The report.

    Raises:
        InputValidationError: a bad argument, `lines` is a single ``str`` or ``bytes`` (use `check_bytes`), or a line
            is neither ``bytes`` nor ``str``.
    """
    if isinstance(lines, str | bytes | bytearray | memoryview):
        raise InputValidationError(
            "lines", "give an iterable of lines, not one string (check_bytes takes the whole data)"
        )
    checker = Checker(job_type=job_type, max_problems=max_problems, max_line_bytes=max_line_bytes)
    try:
        iterator = iter(lines)
    except TypeError:
        raise InputValidationError("lines", f"must be an iterable of lines, not {type(lines).__name__}") from None
    feed = checker.feed
    for line in iterator:
        if feed(line) and fail_fast and checker.error_count:
            checker._stopped_early = True
            break
    return checker.report()


def check_bytes(
    content: bytes | bytearray | memoryview,
    *,
    job_type: JobType | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    fail_fast: bool = False,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Report:
    """Check training data already in memory (an uploaded file's bytes). Arguments and result as `check_lines`."""
    if not isinstance(content, bytes | bytearray | memoryview):
        raise InputValidationError("content", f"must be bytes, not {type(content).__name__}")
    checker = Checker(job_type=job_type, max_problems=max_problems, max_line_bytes=max_line_bytes)
    _check_stream(io.BytesIO(content), checker, fail_fast)  # BytesIO shares a bytes object's buffer
    return checker.report()


def check_file(
    path: str | os.PathLike[str],
    *,
    job_type: JobType | None = None,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    fail_fast: bool = False,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Report:
    """Check a training-data file, read from disk as bytes one line at a time (memory stays bounded by the longest
    line, at most `max_line_bytes`). Arguments and result as `check_lines`.

    Raises:
        InputValidationError: a bad argument, or the file cannot be read (missing, a folder, no permission, a read
            error); ``param`` is ``"path"``.
    """
    if not isinstance(path, str | os.PathLike):
        raise InputValidationError("path", f"must be a path (str or os.PathLike), not {type(path).__name__}")
    checker = Checker(job_type=job_type, max_problems=max_problems, max_line_bytes=max_line_bytes)
    try:
        stream = open(path, "rb", buffering=1 << 18)  # noqa: SIM115  # closed by the with below
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise _unreadable(path, exc) from exc
    with stream:
        try:
            _check_stream(stream, checker, fail_fast)
        except OSError as exc:
            raise _unreadable(path, exc) from exc
    return checker.report()


def _unreadable(path: str | os.PathLike[str], exc: Exception) -> InputValidationError:
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return InputValidationError("path", f"cannot read {os.fsdecode(path)!r}: {reason}")


def _check_stream(stream: IO[bytes], checker: Checker, fail_fast: bool) -> None:
    """Feed `checker` the lines of a binary stream, never reading more than `max_line_bytes` + 1 bytes at once."""
    limit = checker.max_line_bytes + 1
    readline = stream.readline
    feed = checker.feed
    while line := readline(limit):
        if len(line) == limit and not line.endswith(b"\n"):
            size = len(line)
            while (rest := readline(limit)) and not rest.endswith(b"\n"):  # skip the rest of the line
                size += len(rest)
            checker._feed_overlong(size + len(rest))
            if fail_fast:
                checker._stopped_early = True
                return
            continue
        if feed(line) and fail_fast and checker.error_count:
            checker._stopped_early = True
            return
