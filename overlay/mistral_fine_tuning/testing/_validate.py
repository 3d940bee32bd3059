"""Request validation that mimics what FastAPI and pydantic report for the real service.

Every problem becomes one entry of a 422 ``{"detail": [...]}`` list, shaped like pydantic's errors:
``{"type": ..., "loc": [...], "msg": ..., "input": ..., "ctx": {...}}`` (``ctx`` only when pydantic would add one).
``hyperparameters`` is the spec's union of the completion and classifier parameter models, validated as pydantic
validates a union: the model of the requested ``job_type`` first, else the other one (both ignore unknown keys, so
``{"fim_ratio": 5}`` is valid classifier parameters, and a classifier job ignores ``fim_ratio``); when neither
fits, the errors reported are those of the requested type's model (pydantic would list both models' errors).

Other simplifications: numbers are coerced the way lax mode does (``10.0`` is a valid integer, ``"0.5"`` a valid
number) but must be finite; ids must have the hyphenated 8-4-4-4-12 form that the spec's ``pattern`` gives
(pydantic's UUID type would also take braces or no hyphens).

Statuses, job types and loss functions come from the generated enums (see ``_spec``), so they follow the spec.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from ._spec import JOB_TYPES, LOSS_FUNCTIONS, QueryParam

JobStatus = str
"""A job status: any member of the spec's status enum (``QueryParamStatus``)."""
JobType = str
"""A job type: any member of the spec's ``FineTuneableModelType`` enum."""

IMPLEMENTED_JOB_TYPES: Final = frozenset({"completion", "classifier"})
"""The job types whose outputs the fake knows how to build (a new type in the spec gets a 501)."""
DEFAULT_LEARNING_RATE: Final = 0.0001
SUFFIX_MAX_LENGTH: Final = 18
WANDB_KEY_LENGTH: Final = 40

_TRUE_WORDS: Final = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE_WORDS: Final = frozenset({"0", "off", "f", "false", "n", "no"})
# ASCII only: Python's int() and float() would also take underscores and non-ASCII digits, pydantic does not.
_INTEGER_TEXT: Final = re.compile(r"\s*([+-]?[0-9]+)(?:\.0*)?\s*")
_NUMBER_TEXT: Final = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_NON_FINITE_TEXT: Final = re.compile(r"\s*[+-]?(?:inf|infinity|nan)\s*", re.IGNORECASE)
_UUID_TEXT: Final = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_TIMESTAMP_TEXT: Final = re.compile(r"\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*")
# Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range a datetime can hold.
_FIRST_SECOND: Final = -62135596800
_LAST_SECOND: Final = 253402300799
# Pydantic reads a timestamp beyond 2e10 (in either direction) as milliseconds.
_MILLISECONDS_FROM: Final = 2e10
MAX_ECHO_DEPTH: Final = 32
"""How deep an echoed ``input`` may nest in a 422; deeper containers are replaced by ``"..."``."""

Loc = tuple[str | int, ...]
ErrorDetail = dict[str, Any]


class RequestInvalid(Exception):
    """Raised with the pydantic-style error list that becomes a 422 body."""

    def __init__(self, errors: list[ErrorDetail]) -> None:
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


class NotImplementedByFake(Exception):
    """Raised when a request uses something the spec allows but the fake cannot simulate; becomes a 501."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class JobRequest:
    """A validated ``JobIn`` body, already converted to the shapes the job outputs use."""

    model: str
    job_type: str
    hyperparameters: dict[str, Any]
    training_files: list[str] = field(default_factory=list)
    validation_files: list[str] = field(default_factory=list)
    suffix: str | None = None
    integrations: list[dict[str, Any]] = field(default_factory=list)
    repositories: list[dict[str, Any]] = field(default_factory=list)
    classifier_targets: list[dict[str, Any]] = field(default_factory=list)
    auto_start: bool = False
    invalid_sample_skip_percentage: float = 0.0

    @property
    def training_steps(self) -> int | None:
        """The requested number of training steps, if any."""
        steps = self.hyperparameters.get("training_steps")
        return steps if isinstance(steps, int) else None

    @property
    def epochs(self) -> float | None:
        """The requested number of epochs, if any."""
        epochs = self.hyperparameters.get("epochs")
        return epochs if isinstance(epochs, float) else None


class _Missing:
    """Marker for an absent key, distinct from an explicit JSON null."""


MISSING: Final = _Missing()


def error(kind: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None) -> ErrorDetail:
    """Build one pydantic-shaped error entry."""
    entry: ErrorDetail = {"type": kind, "loc": list(loc), "msg": msg, "input": value}
    if ctx is not None:
        entry["ctx"] = ctx
    return entry


class _Checker:
    """Collects errors while coercing values, so one 422 can list several problems."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: list[ErrorDetail] = []

    def add(self, kind: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None) -> None:
        self.errors.append(error(kind, loc, msg, value, ctx))

    def missing(self, loc: Loc, container: Any) -> None:
        self.add("missing", loc, "Field required", container)

    def string(self, value: Any, loc: Loc, *, max_length: int | None = None, exact_length: int | None = None) -> Any:
        if not isinstance(value, str):
            self.add("string_type", loc, "Input should be a valid string", value)
            return MISSING
        if exact_length is not None and len(value) < exact_length:
            self.add(
                "string_too_short",
                loc,
                f"String should have at least {exact_length} characters",
                value,
                {"min_length": exact_length},
            )
            return MISSING
        limit = exact_length if exact_length is not None else max_length
        if limit is not None and len(value) > limit:
            self.add(
                "string_too_long", loc, f"String should have at most {limit} characters", value, {"max_length": limit}
            )
            return MISSING
        return value

    def integer(self, value: Any, loc: Loc, *, ge: int | None = None) -> Any:
        result: int
        if isinstance(value, bool):
            self.add("int_type", loc, "Input should be a valid integer", value)
            return MISSING
        if isinstance(value, int):
            result = value
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.add("finite_number", loc, "Input should be a finite number", value)
                return MISSING
            if not value.is_integer():
                self.add(
                    "int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", value
                )
                return MISSING
            result = int(value)
        elif isinstance(value, str):
            match = _INTEGER_TEXT.fullmatch(value)
            try:
                result = int(match.group(1)) if match else int("not a number")
            except ValueError:  # also raised beyond Python's 4300-digit conversion limit
                self.add(
                    "int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", value
                )
                return MISSING
        else:
            self.add("int_type", loc, "Input should be a valid integer", value)
            return MISSING
        if ge is not None and result < ge:
            self.add("greater_than_equal", loc, f"Input should be greater than or equal to {ge}", value, {"ge": ge})
            return MISSING
        return result

    def number(
        self,
        value: Any,
        loc: Loc,
        *,
        ge: float | None = None,
        gt: float | None = None,
        le: float | None = None,
    ) -> Any:
        result: float
        if isinstance(value, bool):
            self.add("float_type", loc, "Input should be a valid number", value)
            return MISSING
        if isinstance(value, int | float):
            try:
                result = float(value)
            except OverflowError:  # an integer beyond the float range
                result = math.inf
        elif isinstance(value, str):
            if _NUMBER_TEXT.fullmatch(value):
                result = float(value)
            elif _NON_FINITE_TEXT.fullmatch(value):
                result = math.nan
            else:
                self.add(
                    "float_parsing", loc, "Input should be a valid number, unable to parse string as a number", value
                )
                return MISSING
        else:
            self.add("float_type", loc, "Input should be a valid number", value)
            return MISSING
        if not math.isfinite(result):
            self.add("finite_number", loc, "Input should be a finite number", value)
            return MISSING
        if ge is not None and result < ge:
            self.add("greater_than_equal", loc, f"Input should be greater than or equal to {ge:g}", value, {"ge": ge})
            return MISSING
        if gt is not None and result <= gt:
            self.add("greater_than", loc, f"Input should be greater than {gt:g}", value, {"gt": gt})
            return MISSING
        if le is not None and result > le:
            self.add("less_than_equal", loc, f"Input should be less than or equal to {le:g}", value, {"le": le})
            return MISSING
        return result

    def boolean(self, value: Any, loc: Loc) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE_WORDS:
                return True
            if word in _FALSE_WORDS:
                return False
            self.add("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", value)
            return MISSING
        self.add("bool_type", loc, "Input should be a valid boolean", value)
        return MISSING

    def uuid_string(self, value: Any, loc: Loc) -> Any:
        if not isinstance(value, str):
            self.add("uuid_type", loc, "UUID input should be a string, bytes or UUID object", value)
            return MISSING
        parsed = parse_uuid(value)
        if parsed is None:
            self.add("uuid_parsing", loc, "Input should be a valid UUID, unable to parse string as a UUID", value)
            return MISSING
        return parsed

    def listing(self, value: Any, loc: Loc) -> list[Any] | None:
        if isinstance(value, list):
            return value
        self.add("list_type", loc, "Input should be a valid list", value)
        return None

    def model(self, value: Any, loc: Loc, class_name: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(
            "model_type",
            loc,
            f"Input should be a valid dictionary or instance of {class_name}",
            value,
            {"class_name": class_name},
        )
        return None

    def choice(self, value: Any, loc: Loc, options: tuple[str, ...]) -> Any:
        if isinstance(value, str) and value in options:
            return value
        expected = _expected(options)
        self.add("enum", loc, f"Input should be {expected}", value, {"expected": expected})
        return MISSING


def _expected(options: tuple[str, ...]) -> str:
    quoted = [f"'{option}'" for option in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def parse_uuid(value: str) -> str | None:
    """Return the lowercase form of a hyphenated UUID (the spec's id ``pattern``), or None for anything else."""
    return value.lower() if _UUID_TEXT.fullmatch(value) else None


def _reject_constant(name: str) -> float:
    # JSON has no NaN or Infinity; Python's decoder would otherwise accept them.
    raise ValueError(f"invalid JSON constant {name}")


def is_json_media_type(content_type: str | None) -> bool:
    """Whether FastAPI decodes a body with this Content-Type as JSON: none, ``application/json`` or ``+json``."""
    if not content_type:
        return True
    kind, _, subtype = content_type.partition(";")[0].strip().lower().partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def decode_json_body(raw: bytes, content_type: str | None = None) -> Any:
    """Decode a request body as JSON or raise RequestInvalid with FastAPI's ``json_invalid`` / ``missing`` errors.

    A body whose Content-Type is not JSON is not decoded: FastAPI validates its raw bytes, which no model accepts,
    so it comes back as text for the ``model_attributes_type`` error that follows.
    """
    if not raw.strip():
        raise RequestInvalid([error("missing", ("body",), "Field required", None)])
    if not is_json_media_type(content_type):
        return raw.decode("utf-8", "replace")
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        position = exc.pos if isinstance(exc, json.JSONDecodeError) else 0
        if isinstance(exc, json.JSONDecodeError):
            reason = exc.msg
        elif isinstance(exc, RecursionError):
            reason = "recursion limit exceeded"
        else:
            reason = str(exc)
        raise RequestInvalid(
            [error("json_invalid", ("body", position), "JSON decode error", {}, {"error": reason})]
        ) from None


def bounded(value: Any, depth: int = 0) -> Any:
    """Return ``value`` with containers nested deeper than ``MAX_ECHO_DEPTH`` replaced by ``"..."``."""
    if isinstance(value, dict):
        if depth >= MAX_ECHO_DEPTH:
            return "..."
        return {key: bounded(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        if depth >= MAX_ECHO_DEPTH:
            return "..."
        return [bounded(item, depth + 1) for item in value]
    return value


def bounded_errors(errors: list[ErrorDetail]) -> list[ErrorDetail]:
    """Return the errors with their ``input`` and ``ctx`` cut to ``MAX_ECHO_DEPTH`` levels, safe to encode."""
    return [
        {key: bounded(item) if key in ("input", "ctx") else item for key, item in entry.items()} for entry in errors
    ]


_HYPERPARAMETER_CLASS: Final = {
    "completion": "CompletionTrainingParametersIn",
    "classifier": "ClassifierTrainingParametersIn",
}


def validate_job_in(body: Any) -> JobRequest:
    """Validate a decoded ``JobIn`` body and return it normalized, or raise RequestInvalid listing every problem."""
    if not isinstance(body, dict):
        raise RequestInvalid(
            [
                error(
                    "model_attributes_type",
                    ("body",),
                    "Input should be a valid dictionary or object to extract fields from",
                    body,
                )
            ]
        )
    check = _Checker()

    model: Any = MISSING
    if "model" in body:
        model = check.string(body["model"], ("body", "model"))
    else:
        check.missing(("body", "model"), body)

    training_files = _training_files(check, body.get("training_files", MISSING))
    validation_files = _validation_files(check, body.get("validation_files"))

    suffix: Any = body.get("suffix")
    if suffix is not None:
        suffix = check.string(suffix, ("body", "suffix"), max_length=SUFFIX_MAX_LENGTH)

    integrations = _integrations(check, body.get("integrations"))

    auto_start: Any = False
    if "auto_start" in body:
        auto_start = check.boolean(body["auto_start"], ("body", "auto_start"))

    skip: Any = 0.0
    if "invalid_sample_skip_percentage" in body:
        skip = check.number(
            body["invalid_sample_skip_percentage"], ("body", "invalid_sample_skip_percentage"), ge=0, le=0.5
        )

    job_type: Any = "completion"
    if body.get("job_type") is not None:
        job_type = check.choice(body["job_type"], ("body", "job_type"), JOB_TYPES)

    hyperparameters: dict[str, Any] | None = None
    if "hyperparameters" in body:
        kind = job_type if job_type in _HYPERPARAMETER_CLASS else "completion"
        hyperparameters = _hyperparameters_union(check, body["hyperparameters"], kind)
    else:
        check.missing(("body", "hyperparameters"), body)

    repositories = _repositories(check, body.get("repositories"))
    # Absent, null and [] are all valid for the spec; a classifier without targets fails validation later.
    targets = _classifier_targets(check, body.get("classifier_targets"))

    if check.errors:
        raise RequestInvalid(check.errors)
    assert isinstance(model, str) and isinstance(job_type, str) and hyperparameters is not None
    if job_type not in IMPLEMENTED_JOB_TYPES:
        raise NotImplementedByFake(
            f"job_type {job_type!r} is in the API spec but the fake server does not implement it"
        )
    return JobRequest(
        model=model,
        job_type=job_type,
        hyperparameters=hyperparameters,
        training_files=training_files or [],
        validation_files=validation_files or [],
        suffix=suffix,
        integrations=integrations or [],
        repositories=(repositories or []) if job_type == "completion" else [],
        classifier_targets=(targets or []) if job_type == "classifier" else [],
        auto_start=bool(auto_start),
        invalid_sample_skip_percentage=float(skip),
    )


def _training_files(check: _Checker, value: Any) -> list[str] | None:
    if value is MISSING:
        return []
    items = check.listing(value, ("body", "training_files"))
    if items is None:
        return None
    result: list[str] = []
    for index, item in enumerate(items):
        loc: Loc = ("body", "training_files", index)
        entry = check.model(item, loc, "TrainingFile")
        if entry is None:
            continue
        if "file_id" in entry:
            file_id = check.uuid_string(entry["file_id"], (*loc, "file_id"))
            if isinstance(file_id, str):
                result.append(file_id)
        else:
            check.missing((*loc, "file_id"), entry)
        if "weight" in entry:
            check.number(entry["weight"], (*loc, "weight"), gt=0)
    return result


def _validation_files(check: _Checker, value: Any) -> list[str] | None:
    if value is None:
        return []
    items = check.listing(value, ("body", "validation_files"))
    if items is None:
        return None
    result: list[str] = []
    for index, item in enumerate(items):
        file_id = check.uuid_string(item, ("body", "validation_files", index))
        if isinstance(file_id, str):
            result.append(file_id)
    return result


def _optional_string(check: _Checker, entry: dict[str, Any], key: str, loc: Loc) -> Any:
    value = entry.get(key)
    return None if value is None else check.string(value, (*loc, key))


def _required_string(check: _Checker, entry: dict[str, Any], key: str, loc: Loc, **limits: int) -> Any:
    if key not in entry:
        check.missing((*loc, key), entry)
        return MISSING
    return check.string(entry[key], (*loc, key), **limits)


def _tagged(check: _Checker, item: Any, loc: Loc, tag: str, class_name: str) -> dict[str, Any] | None:
    """Check one item whose ``type`` field may only hold ``tag`` (the default when absent)."""
    entry = check.model(item, loc, class_name)
    if entry is None:
        return None
    kind = entry.get("type", tag)
    if kind != tag:
        check.add("literal_error", (*loc, "type"), f"Input should be '{tag}'", kind, {"expected": f"'{tag}'"})
        return None
    return entry


def _integrations(check: _Checker, value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return []
    items = check.listing(value, ("body", "integrations"))
    if items is None:
        return None
    result: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        loc: Loc = ("body", "integrations", index)
        entry = _tagged(check, item, loc, "wandb", "WandbIntegration")
        if entry is None:
            continue
        before = len(check.errors)
        project = _required_string(check, entry, "project", loc)
        name = _optional_string(check, entry, "name", loc)
        _required_string(check, entry, "api_key", loc, exact_length=WANDB_KEY_LENGTH)
        run_name = _optional_string(check, entry, "run_name", loc)
        if len(check.errors) == before:
            # The key is a secret: it is checked but never echoed back.
            result.append({"type": "wandb", "project": project, "name": name, "run_name": run_name, "url": None})
    return result


def commit_for(owner: str, name: str, ref: str | None) -> str:
    """Return a stable 40-hex-digit commit id for a repository reference."""
    # surrogatepass: a JSON string may hold lone surrogates, which strict UTF-8 refuses to encode.
    reference = f"{owner}/{name}@{ref or 'main'}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(reference, usedforsecurity=False).hexdigest()


def _repositories(check: _Checker, value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return []
    items = check.listing(value, ("body", "repositories"))
    if items is None:
        return None
    result: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        loc: Loc = ("body", "repositories", index)
        entry = _tagged(check, item, loc, "github", "GithubRepositoryIn")
        if entry is None:
            continue
        before = len(check.errors)
        name = _required_string(check, entry, "name", loc)
        owner = _required_string(check, entry, "owner", loc)
        ref = _optional_string(check, entry, "ref", loc)
        weight: Any = 1.0
        if "weight" in entry:
            weight = check.number(entry["weight"], (*loc, "weight"), gt=0)
        _required_string(check, entry, "token", loc)
        if len(check.errors) == before:
            # The token is a secret: it is checked but never echoed back.
            result.append(
                {
                    "type": "github",
                    "name": name,
                    "owner": owner,
                    "ref": ref,
                    "weight": weight,
                    "commit_id": commit_for(owner, name, ref),
                }
            )
    return result


def _classifier_targets(check: _Checker, value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return []
    items = check.listing(value, ("body", "classifier_targets"))
    if items is None:
        return None
    result: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        loc: Loc = ("body", "classifier_targets", index)
        entry = check.model(item, loc, "ClassifierTargetIn")
        if entry is None:
            continue
        before = len(check.errors)
        name = _required_string(check, entry, "name", loc)
        labels: list[str] = []
        if "labels" in entry:
            raw_labels = check.listing(entry["labels"], (*loc, "labels"))
            for label_index, label in enumerate(raw_labels or []):
                if isinstance(check.string(label, (*loc, "labels", label_index)), str):
                    labels.append(label)
        else:
            check.missing((*loc, "labels"), entry)
        weight: Any = 1.0
        if "weight" in entry:
            weight = check.number(entry["weight"], (*loc, "weight"), ge=0)
        loss: Any = "single_class"
        if entry.get("loss_function") is not None:
            loss = check.choice(entry["loss_function"], (*loc, "loss_function"), LOSS_FUNCTIONS)
        if len(check.errors) == before:
            result.append({"name": name, "labels": labels, "weight": weight, "loss_function": loss})
    return result


def _hyperparameters(check: _Checker, value: Any, job_type: str) -> dict[str, Any] | None:
    loc: Loc = ("body", "hyperparameters")
    entry = check.model(value, loc, _HYPERPARAMETER_CLASS[job_type])
    if entry is None:
        return None
    before = len(check.errors)
    result: dict[str, Any] = {}
    if entry.get("training_steps") is not None:
        result["training_steps"] = check.integer(entry["training_steps"], (*loc, "training_steps"), ge=1)
    elif "training_steps" in entry:
        result["training_steps"] = None
    if "learning_rate" in entry:
        result["learning_rate"] = check.number(entry["learning_rate"], (*loc, "learning_rate"), ge=1e-8, le=1)
    else:
        result["learning_rate"] = DEFAULT_LEARNING_RATE
    for key in ("weight_decay", "warmup_fraction"):
        if entry.get(key) is not None:
            result[key] = check.number(entry[key], (*loc, key), ge=0, le=1)
        elif key in entry:
            result[key] = None
    if entry.get("epochs") is not None:
        result["epochs"] = check.number(entry["epochs"], (*loc, "epochs"), gt=0)
    elif "epochs" in entry:
        result["epochs"] = None
    if entry.get("seq_len") is not None:
        result["seq_len"] = check.integer(entry["seq_len"], (*loc, "seq_len"), ge=100)
    elif "seq_len" in entry:
        result["seq_len"] = None
    if job_type == "completion" and entry.get("fim_ratio") is not None:
        result["fim_ratio"] = check.number(entry["fim_ratio"], (*loc, "fim_ratio"), ge=0, le=1)
    elif job_type == "completion" and "fim_ratio" in entry:
        result["fim_ratio"] = None
    return None if len(check.errors) > before else result


def _hyperparameters_union(check: _Checker, value: Any, job_type: str) -> dict[str, Any] | None:
    """Validate ``value`` as the spec's union of parameter models, the requested job type's model first."""
    first = _Checker()
    result = _hyperparameters(first, value, job_type)
    if not first.errors:
        return result
    for other in _HYPERPARAMETER_CLASS:
        if other == job_type:
            continue
        second = _Checker()
        fallback = _hyperparameters(second, value, other)
        if fallback is not None and not second.errors:
            if job_type != "completion":
                fallback.pop("fim_ratio", None)  # the job's own parameters have no such field
            return fallback
    check.errors.extend(first.errors)
    return None


# --- query strings ---------------------------------------------------------------------------------------------


def parse_datetime(text: str) -> float | None:
    """Parse a query date-time as pydantic does; return Unix seconds, or None if it is not a valid datetime.

    Accepted: ISO 8601 (``Z``, an offset, or naive meaning UTC) and finite Unix timestamps in seconds, or in
    milliseconds beyond 2e10. ``nan``, ``inf`` and instants outside years 1-9999 are not datetimes.
    """
    if _TIMESTAMP_TEXT.fullmatch(text):
        seconds = float(text)
        if abs(seconds) > _MILLISECONDS_FROM:
            seconds /= 1000
        return seconds if _FIRST_SECOND <= seconds <= _LAST_SECOND else None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return None


def validate_query(params: tuple[QueryParam, ...], raw: dict[str, str]) -> dict[str, Any]:
    """Validate the query parameters an operation declares, by their type, as FastAPI would.

    Returns the converted value of each parameter (its default when absent: see ``QueryParam.default``). Raises
    RequestInvalid listing every bad value (``loc: ["query", name]``), or NotImplementedByFake when a parameter
    has a type the fake cannot check. Parameters the operation does not declare are ignored, as FastAPI does.
    """
    check = _Checker()
    values: dict[str, Any] = {}
    for param in params:
        if param.name not in raw:
            values[param.name] = param.default
            continue
        text = raw[param.name]
        loc: Loc = ("query", param.name)
        value: Any
        if param.kind == "int":
            value = check.integer(text, loc)
        elif param.kind == "bool":
            value = check.boolean(text, loc)
        elif param.kind == "float":
            value = check.number(text, loc)
        elif param.kind == "datetime":
            value = parse_datetime(text)
            if value is None:
                check.add("datetime_parsing", loc, "Input should be a valid datetime", text)
        elif param.kind == "enum":
            value = check.choice(text, loc, param.choices)
        elif param.kind == "str":
            value = text
        else:
            raise NotImplementedByFake(
                f"The query parameter {param.name} ({param.kind}) is in the API spec "
                "but the fake server cannot validate it"
            )
        values[param.name] = value
    if check.errors:
        raise RequestInvalid(check.errors)
    return values
