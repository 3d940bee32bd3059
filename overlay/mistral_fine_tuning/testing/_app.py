"""The API itself, free of sockets: route a request, check its credentials, run the operation, return a Reply.

Routes come from the generated route table (``ROUTES``: operation name, method, path template, in the spec's
order); each operation the fake simulates has a handler registered under its name (``IMPLEMENTED_OPERATIONS``).
Path and query parameters and bodies are validated against the spec's schemas (``REQUESTS``, see ``_validate``);
how list filters select jobs is ``_state.LIST_FILTERS``, files ``_files.LIST_FILTERS``.

Answers other than 200 (all ``application/json``; a download's 200 is ``application/octet-stream``):

- 400 ``{"detail": "There was an error parsing the body: ..."}`` for an upload whose form cannot be read;
- 401 ``{"detail": "Unauthorized"}`` (plus ``www-authenticate: Bearer``) without a usable bearer token;
- 404 ``{"detail": "Not Found"}`` for a path no route matches, ``{"detail": "No fine-tuning job with id ..."}``
  for an unknown job;
- 405 ``{"detail": "Method Not Allowed"}`` (plus ``allow``) for a known path with another method;
- 403 ``{"detail": "..."}`` for a base model one tries to change, archive or delete, and for a signed URL that is
  expired or not signed by this server;
- 404 ``{"detail": "No file with id ..."}`` / ``"No fine-tuned model with id ..."`` / ``"No model with id ..."``
  for unknown or deleted files and models;
- 409 ``{"detail": "..."}`` when cancel or start does not fit the job's status;
- 413 ``{"detail": "..."}`` for an upload over the per-file or the total size cap;
- 422 ``{"detail": [{"type", "loc", "msg", "input", "ctx"?}, ...]}`` for invalid bodies, query parameters and
  job and file ids that are not UUIDs (``loc: ["path", "job_id"]``), and jobs naming files the fake does not
  hold, as FastAPI reports them;
- 501 ``{"detail": "..."}`` for what the spec allows but the fake does not simulate: an operation without a handler
  (``"<METHOD> <template> is in the API spec but the fake server does not implement it"``), a list filter without
  an entry in ``LIST_FILTERS`` given a non-default value, a job type without a job model.

Routing happens before authentication (a wrong path is a 404 even without credentials), as in FastAPI, and the
path is percent-decoded before it is matched, as Starlette does.
"""

from __future__ import annotations

import hmac
import json
import random
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl, unquote

from .. import data
from ._clock import SimClock
from ._files import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_MAX_TOTAL_SIZE,
    SIGNED_PATH,
    FileStore,
    StorageFull,
    StoredFile,
)
from ._files import LIST_FILTERS as FILE_LIST_FILTERS
from ._files import LIST_PAGING as FILE_LIST_PAGING
from ._jobs import EVERYONE, FINISHED, NO_TARGETS_REASON, Job, LifecycleTiming, cancellable, encode, estimate
from ._models import FineTunedModel, base_card
from ._multipart import MultipartError, parse_form
from ._seed import EXAMPLE_FILES, EXAMPLES, bulk_job, bulk_status
from ._spec import (
    CREATE_OPERATION,
    FILE_LIST_OPERATION,
    JOB_STATUSES,
    LIST_OPERATION,
    ROUTES,
    UPDATE_MODEL_OPERATION,
    UPLOAD_OPERATION,
)
from ._state import LIST_FILTERS, LIST_PAGING, Filter, JobStore, ListQuery
from ._validate import (
    DEFAULT_LOSS_FUNCTION,
    REQUESTS,
    ErrorDetail,
    JobRequest,
    NotImplementedByFake,
    RequestInvalid,
    RequestValidator,
    bounded_errors,
    decode_json_body,
    error,
    parse_uuid,
    validate_job_in,
)

__all__ = ["IMPLEMENTED_OPERATIONS", "LIST_FILTERS", "LIST_PAGING", "App", "Reply", "Router"]


_OCTET_STREAM: Final = "application/octet-stream"
_UNAUTHORIZED: Final = encode({"detail": "Unauthorized"})
_NOT_FOUND: Final = encode({"detail": "Not Found"})
_NOT_ALLOWED: Final = encode({"detail": "Method Not Allowed"})


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer to send: status, body (JSON unless ``content_type`` says otherwise), and extra headers."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"


def _detail(status: int, message: str) -> Reply:
    return Reply(status, encode({"detail": message}))


def _invalid(errors: list[ErrorDetail]) -> Reply:
    # Pydantic echoes inputs whole; past a depth the encoder cannot follow, so every echo is cut at the same depth.
    return Reply(422, encode({"detail": bounded_errors(errors)}))


# --- routing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """What a path matched: the route's template, its methods (name per method) and the path parameters."""

    template: str
    operations: Mapping[str, str]
    allow: str
    params: Mapping[str, str]


class Router:
    """Matches decoded paths against path templates such as ``/v1/fine_tuning/jobs/{job_id}/cancel``."""

    def __init__(self, routes: Sequence[tuple[str, str, str]]) -> None:
        grouped: dict[str, dict[str, str]] = {}
        for operation, method, template in routes:
            grouped.setdefault(template, {})[method.upper()] = operation
        self._literal: dict[str, Match] = {}
        self._patterns: list[tuple[re.Pattern[str], str, dict[str, str], str]] = []
        for template, operations in grouped.items():
            allow = ", ".join(operations)
            parts = re.split(r"\{([^{}]+)\}", template)
            if len(parts) == 1:
                self._literal[template] = Match(template, operations, allow, {})
                continue
            # Even parts are literal text, odd ones parameter names; a parameter is one non-empty path segment.
            pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
            self._patterns.append((re.compile(pattern), template, operations, allow))

    def match(self, path: str) -> Match | None:
        """Return the route ``path`` (percent-decoded, without its query) falls under, or None."""
        literal = self._literal.get(path)
        if literal is not None:
            return literal
        for pattern, template, operations, allow in self._patterns:
            found = pattern.fullmatch(path)
            if found is not None:
                return Match(template, operations, allow, found.groupdict())
        return None


@dataclass(frozen=True, slots=True)
class Request:
    """What a handler gets: path parameters, query parameters (every value of each key, in order), the caller's
    token, the body and its type."""

    path: Mapping[str, str]
    query: Mapping[str, list[str]]
    caller: str
    body: bytes
    content_type: str | None = None


Handler = Callable[["App", Request], Reply]

_HANDLERS: dict[str, Handler] = {}


def _handles(operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated method as the handler of the generated operation named ``operation``."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[operation] = handler
        return handler

    return register


# --- the application -----------------------------------------------------------------------------------------------


class App:
    """The fake fine-tuning API: one lock around one job store (with its models) and one file store."""

    def __init__(
        self,
        api_key: str | None,
        clock: SimClock,
        timing: LifecycleTiming,
        *,
        routes: Sequence[tuple[str, str, str]] = ROUTES,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        max_total_file_size: int = DEFAULT_MAX_TOTAL_SIZE,
    ) -> None:
        self.api_key = api_key
        self.clock = clock
        self.timing = timing
        self.lock = threading.Lock()
        self.store = JobStore(clock, timing)
        self.files = FileStore(max_file_size, max_total_file_size)
        self.router = Router(routes)
        self.base_url = "http://127.0.0.1"
        """The server's own address, for signed URLs (set when it starts listening)."""

    # --- dispatch ------------------------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: str,
        authorization: str | None,
        body: bytes,
        content_type: str | None = None,
    ) -> Reply:
        """Answer one request. ``path`` is the raw request path (without the query); ``query`` the raw query."""
        decoded = unquote(path)
        match = self.router.match(decoded)
        if match is None:
            if decoded.startswith(SIGNED_PATH):
                return self._signed_download(method, decoded[len(SIGNED_PATH) :], query)
            return Reply(404, _NOT_FOUND)
        operation = match.operations.get(method)
        if operation is None:
            return Reply(405, _NOT_ALLOWED, (("allow", match.allow),))
        handler = _HANDLERS.get(operation)
        if handler is None:
            return _detail(
                501, f"{method} {match.template} is in the API spec but the fake server does not implement it"
            )
        caller = self._caller(authorization)
        if caller is None:
            return Reply(401, _UNAUTHORIZED, (("www-authenticate", "Bearer"),))
        params: dict[str, list[str]] = {}
        if query:
            for key, value in parse_qsl(query, keep_blank_values=True):
                params.setdefault(key, []).append(value)  # a repeated key is an array parameter's values
        try:
            return handler(self, Request(match.params, params, caller, body, content_type))
        except RequestInvalid as exc:
            return _invalid(exc.errors)
        except NotImplementedByFake as exc:
            return _detail(501, exc.message)

    def _caller(self, authorization: str | None) -> str | None:
        """Return the bearer token if it is acceptable, else None."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        if self.api_key is not None and not hmac.compare_digest(token.encode(), self.api_key.encode()):
            return None
        return token

    # --- operations ----------------------------------------------------------------------------------------------

    @_handles(LIST_OPERATION)
    def _list(self, request: Request) -> Reply:
        query = list_query(REQUESTS[LIST_OPERATION], request.query, LIST_FILTERS, LIST_PAGING)
        with self.lock:
            self.store.settle()
            return Reply(200, self.store.list_body(query, request.caller))

    @_handles(CREATE_OPERATION)
    def _create(self, incoming: Request) -> Reply:
        # FastAPI reports query and body errors together, query first.
        errors: list[ErrorDetail] = []
        dry_run = False
        try:
            dry_run = bool(REQUESTS[CREATE_OPERATION].query(incoming.query).get("dry_run"))
        except RequestInvalid as exc:
            errors = exc.errors
        try:
            request = validate_job_in(decode_json_body(incoming.body, incoming.content_type), REQUESTS)
        except RequestInvalid as exc:
            raise RequestInvalid(errors + exc.errors) from None
        if errors:
            raise RequestInvalid(errors)
        with self.lock:
            training, validation = self._job_files(request, self.clock.now())
        problem = self._read_data(request, training, validation)  # outside the lock: a big file takes a while
        if dry_run:
            guess = estimate(request, self.timing)
            now = self.clock.now()
            answer = guess.metadata(int(now + self.timing.queued + self.timing.validating))
            details = (
                "Dry run: no job was created. The figures assume "
                f"{guess.data_tokens} tokens of training data and {guess.training_steps} training steps."
            )
            if problem is None and request.job_type == "classifier" and not request.classifier_targets:
                problem = NO_TARGETS_REASON
            if problem is not None:
                details += f" The job would fail validation: {problem}"
            answer.update(
                deprecated=True,
                details=details,
                epochs=guess.epochs,
                training_steps=guess.training_steps,
                object="job.metadata",
            )
            return Reply(200, encode(answer))
        with self.lock:
            now = self.store.settle()
            job = self.store.new_job(request, incoming.caller, now, data_problem=problem)
            job.begin(now)
            self.store.add(job)
            return Reply(200, job.summary_bytes())

    def _job_id(self, request: Request, operation: str) -> str:
        """The request's job id, checked against the operation's path parameters (raises RequestInvalid)."""
        job_id = request.path["job_id"]
        if job_id in self.store.jobs:
            return job_id  # an id the fake made or checked is valid for the spec: the common case skips the check
        return str(REQUESTS[operation].path(request.path)["job_id"])

    def _find(self, job_id: str) -> Job:
        """Return the job with this (validated) id, settled to now; raise for an unknown one. Call under the lock."""
        self.store.settle()
        job = self.store.get(job_id)
        if job is None:
            raise _Answer(_detail(404, f"No fine-tuning job with id {job_id}"))
        return job

    @_handles("jobs_api_routes_fine_tuning_get_fine_tuning_job")
    def _get(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_get_fine_tuning_job")
        with self.lock:
            try:
                return Reply(200, self._find(job_id).detail_bytes())
            except _Answer as answer:
                return answer.reply

    @_handles("jobs_api_routes_fine_tuning_cancel_fine_tuning_job")
    def _cancel(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_cancel_fine_tuning_job")
        with self.lock:
            try:
                job = self._find(job_id)
            except _Answer as answer:
                return answer.reply
            if job.status in FINISHED:
                return _detail(409, f"Job {job.id} has already finished ({job.status}) and cannot be cancelled")
            if cancellable(job.status):
                job.cancel(self.clock.now())
                self.store.touched(job)
            # A job already being cancelled is answered as is, so retried cancels are harmless.
            return Reply(200, job.detail_bytes())

    @_handles("jobs_api_routes_fine_tuning_start_fine_tuning_job")
    def _start(self, request: Request) -> Reply:
        job_id = self._job_id(request, "jobs_api_routes_fine_tuning_start_fine_tuning_job")
        with self.lock:
            try:
                job = self._find(job_id)
            except _Answer as answer:
                return answer.reply
            if job.status != "VALIDATED":
                return _detail(409, f"Job {job.id} is {job.status}; only a VALIDATED job can be started")
            job.start(self.clock.now())
            self.store.touched(job)
            return Reply(200, job.detail_bytes())

    # --- the files a job reads -----------------------------------------------------------------------------------

    def _job_files(self, request: JobRequest, now: float) -> tuple[list[StoredFile], list[StoredFile]]:
        """The stored training and validation files a job names; RequestInvalid for any it does not have.

        A guess: the API's answer for a job naming an unknown or deleted file is not published. The fake answers
        a 422 pointing at each such id, shaped as its other validation errors.
        """
        errors: list[ErrorDetail] = []
        found: tuple[list[StoredFile], list[StoredFile]] = ([], [])
        places = (("training_files", request.training_files), ("validation_files", request.validation_files))
        for (field, file_ids), stored in zip(places, found, strict=True):
            for index, file_id in enumerate(file_ids):
                file = self.files.get(file_id.lower(), now)
                if file is not None:
                    stored.append(file)
                    continue
                loc: tuple[str | int, ...] = (field, index, "file_id") if field == "training_files" else (field, index)
                message = f"Value error, No file with id {file_id}: upload it first (POST /v1/files)"
                errors.append(error("value_error", ("body", *loc), message, file_id, {"error": {}}))
        if errors:
            raise RequestInvalid(errors)
        return found

    def _read_data(self, request: JobRequest, training: list[StoredFile], validation: list[StoredFile]) -> str | None:
        """Check a new job's files as its validation will; return why it will fail, or None.

        A classifier job sent without ``classifier_targets`` gets them from the training files' labels here.
        """
        job_type: data.JobType = "classifier" if request.job_type == "classifier" else "completion"
        reports: list[data.Report] = []
        for kind, files in (("training", training), ("validation", validation)):
            for file in files:
                report = _report(file, job_type)
                if not report.ok:
                    where = f"The {kind} file {file.id} ({file.filename})"
                    return f"{where} is not valid {job_type} data: {report.summary()}"
                if kind == "training":
                    reports.append(report)
        if job_type == "classifier" and not request.classifier_targets:
            request.classifier_targets = _inferred_targets(training, reports)
        return None

    # --- files ---------------------------------------------------------------------------------------------------

    def _file_id(self, request: Request, operation: str) -> str:
        """The request's file id, checked against the operation's path parameters (raises RequestInvalid)."""
        file_id = request.path["file_id"]
        if file_id in self.files.files:
            return file_id
        return str(REQUESTS[operation].path(request.path)["file_id"])

    def _stored(self, file_id: str) -> StoredFile:
        """The live file with this (validated) id; raise for an unknown or deleted one. Call under the lock."""
        file = self.files.get(file_id, self.clock.now())
        if file is None:
            raise _Answer(_detail(404, f"No file with id {file_id}"))
        return file

    @_handles(UPLOAD_OPERATION)
    def _upload(self, request: Request) -> Reply:
        validator = REQUESTS[UPLOAD_OPERATION]
        try:
            form = parse_form(request.body, request.content_type)
        except MultipartError as exc:
            # FastAPI answers 400 with this text to a form it cannot parse; the reason after it is the fake's.
            return _detail(400, f"There was an error parsing the body: {exc.reason}")
        values = validator.form(form.fields, form.files)
        part = form.files[validator.form_files[0][0]][-1]  # a repeated file field: the last one, as FastAPI
        with self.lock:
            try:
                stored = self.files.add(
                    part.content,
                    filename=part.filename,
                    purpose=values.get("purpose"),
                    now=self.clock.now(),
                    expiry=values.get("expiry"),
                    visibility=values.get("visibility"),
                )
            except StorageFull as exc:
                return _detail(413, exc.message)
            return Reply(200, encode(stored.description()))

    @_handles(FILE_LIST_OPERATION)
    def _list_files(self, request: Request) -> Reply:
        validator = REQUESTS[FILE_LIST_OPERATION]
        query = list_query(validator, request.query, FILE_LIST_FILTERS, FILE_LIST_PAGING)
        include_total = validator.query(request.query).get("include_total", True) is not False
        with self.lock:
            return Reply(200, self.files.list_body(query, include_total, self.clock.now()))

    @_handles("files_api_routes_retrieve_file")
    def _retrieve_file(self, request: Request) -> Reply:
        file_id = self._file_id(request, "files_api_routes_retrieve_file")
        with self.lock:
            try:
                file = self._stored(file_id)
            except _Answer as answer:
                return answer.reply
            return Reply(200, encode({**file.description(), "deleted": False}))

    @_handles("files_api_routes_delete_file")
    def _delete_file(self, request: Request) -> Reply:
        file_id = self._file_id(request, "files_api_routes_delete_file")
        with self.lock:
            try:
                file = self._stored(file_id)
            except _Answer as answer:
                return answer.reply
            # Jobs keep the files they were created with: deleting one does not change them.
            self.files.remove(file.id)
            return Reply(200, encode({"id": file.id, "object": "file", "deleted": True}))

    @_handles("files_api_routes_download_file")
    def _download_file(self, request: Request) -> Reply:
        file_id = self._file_id(request, "files_api_routes_download_file")
        with self.lock:
            try:
                file = self._stored(file_id)
            except _Answer as answer:
                return answer.reply
            return Reply(200, file.content, content_type=_OCTET_STREAM)

    @_handles("files_api_routes_get_signed_url")
    def _signed_url(self, request: Request) -> Reply:
        operation = "files_api_routes_get_signed_url"
        file_id = self._file_id(request, operation)
        hours = REQUESTS[operation].query(request.query).get("expiry")
        with self.lock:
            try:
                file = self._stored(file_id)
            except _Answer as answer:
                return answer.reply
            expires = int(self.clock.now()) + int(hours if hours is not None else 24) * 3600
            return Reply(200, encode({"url": self.base_url + self.files.signed_path(file.id, expires)}))

    def _signed_download(self, method: str, file_id: str, query: str) -> Reply:
        """Serve a signed URL, without the API key: the file's bytes until the URL expires, then 403."""
        if method not in ("GET", "HEAD"):
            return Reply(405, _NOT_ALLOWED, (("allow", "GET"),))
        params = dict(parse_qsl(query, keep_blank_values=True))
        expires, signature = params.get("se", ""), params.get("sig", "")
        with self.lock:
            if not self.files.signature_valid(file_id, expires, signature):
                return _detail(403, "This URL's signature is not valid")
            if int(expires) <= self.clock.now():
                return _detail(403, "This URL has expired")
            file = self.files.get(file_id, self.clock.now())
            if file is None:
                return _detail(404, "The file this URL points to was deleted")
            return Reply(200, file.content, content_type=_OCTET_STREAM)

    # --- models --------------------------------------------------------------------------------------------------

    def _fine_tuned(self, model_id: str, action: str) -> FineTunedModel:
        """The fine-tuned model with this id; raise 403 for a base model, 404 for an unknown one. Under the lock."""
        self.store.settle()
        model = self.store.models.get(model_id)
        if model is not None:
            return model
        if base_card(model_id) is not None:
            # A guess: the API's answer is not published. A base model belongs to Mistral, not to the caller.
            raise _Answer(_detail(403, f"Model {model_id} is a base model: it cannot be {action}"))
        raise _Answer(_detail(404, f"No fine-tuned model with id {model_id}"))

    @_handles(UPDATE_MODEL_OPERATION)
    def _update_model(self, request: Request) -> Reply:
        changes = REQUESTS[UPDATE_MODEL_OPERATION].body(decode_json_body(request.body, request.content_type))
        with self.lock:
            try:
                model = self._fine_tuned(request.path["model_id"], "updated")
            except _Answer as answer:
                return answer.reply
            # Only the fields sent change; an explicit null clears one.
            if "name" in changes:
                model.name = changes["name"]
            if "description" in changes:
                model.description = changes["description"]
            return Reply(200, encode(model.out()))

    def _set_archived(self, request: Request, archived: bool) -> Reply:
        with self.lock:
            try:
                model = self._fine_tuned(request.path["model_id"], "archived" if archived else "unarchived")
            except _Answer as answer:
                return answer.reply
            model.archived = archived  # twice is harmless: the state is the answer
            return Reply(200, encode({"id": model.id, "object": "model", "archived": archived}))

    @_handles("jobs_api_routes_fine_tuning_archive_fine_tuned_model")
    def _archive_model(self, request: Request) -> Reply:
        return self._set_archived(request, True)

    @_handles("jobs_api_routes_fine_tuning_unarchive_fine_tuned_model")
    def _unarchive_model(self, request: Request) -> Reply:
        return self._set_archived(request, False)

    @_handles("retrieve_model_v1_models_model_id_get")
    def _retrieve_model(self, request: Request) -> Reply:
        model_id = request.path["model_id"]
        with self.lock:
            card = self.model_card(model_id)
        if card is None:
            return _detail(404, f"No model with id {model_id}")
        return Reply(200, encode(card))

    def model_card(self, model_id: str) -> dict[str, Any] | None:
        """What ``GET /v1/models/{model_id}`` answers (fine-tuned or base), or None. Call under the lock."""
        self.store.settle()
        model = self.store.models.get(model_id)
        return model.card() if model is not None else base_card(model_id)

    @_handles("delete_model_v1_models_model_id_delete")
    def _delete_model(self, request: Request) -> Reply:
        with self.lock:
            try:
                model = self._fine_tuned(request.path["model_id"], "deleted")
            except _Answer as answer:
                return answer.reply
            del self.store.models[model.id]  # its job keeps naming it, as a job's record does
            return Reply(200, encode({"id": model.id, "object": "model", "deleted": True}))

    # --- preloading ----------------------------------------------------------------------------------------------

    def preload(
        self,
        body: Mapping[str, Any],
        *,
        job_id: str | None,
        status: str,
        created_at: float | None,
        created_by_me: bool,
    ) -> str:
        """Add a job built from a create ``body`` that has already reached ``status``; return its id."""
        if status not in JOB_STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(JOB_STATUSES)}")
        canonical = None
        if job_id is not None:
            canonical = parse_uuid(job_id)
            if canonical is None:
                raise ValueError(f"job_id must be a UUID, got {job_id!r}")
        try:
            request = validate_job_in(dict(body), REQUESTS)
        except RequestInvalid as exc:
            raise ValueError(f"invalid job: {exc.errors}") from None
        except NotImplementedByFake as exc:
            raise ValueError(exc.message) from None
        with self.lock:
            now = self.store.settle()
            job = self.store.new_job(request, EVERYONE if created_by_me else None, now, canonical)
            job.preload(status, created_at, now)
            self.store.add(job)
            job.summary_bytes()  # encode now, so the first list request is not an outlier in benchmarks
            return job.id

    def preload_many(
        self,
        count: int,
        *,
        status: str | None,
        job_type: str | None,
        model: str | None,
        created_by_me: bool,
        seed: int,
    ) -> list[str]:
        """Add ``count`` realistic jobs, one every 17 simulated minutes going back from now; return their ids."""
        rng = random.Random(seed)
        now = self.clock.now()
        ids: list[str] = []
        for index in range(count):
            job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            ids.append(
                self.preload(
                    bulk_job(rng, index, job_type, model),
                    job_id=job_id,
                    status=status or bulk_status(rng),
                    created_at=now - 3600 - (count - 1 - index) * 1020,
                    created_by_me=created_by_me,
                )
            )
        return ids

    def preload_examples(self) -> None:
        """Add the jobs whose ids appear in the documentation's examples, and the files they name."""
        for example_file in EXAMPLE_FILES:
            self.add_file(
                example_file.content, filename=example_file.filename, purpose="fine-tune", file_id=example_file.file_id
            )
        for example in EXAMPLES:
            self.preload(
                example.body, job_id=example.job_id, status=example.status, created_at=None, created_by_me=True
            )

    def mark_bad_files(self, file_ids: Sequence[str]) -> None:
        """Make validation fail for jobs created from now on with any of these training files."""
        with self.lock:
            for file_id in file_ids:
                self.store.bad_files.add(parse_uuid(file_id) or file_id)

    def add_file(self, content: bytes, *, filename: str, purpose: str | None, file_id: str | None) -> str:
        """Store a file as an upload would (the same name and contents give the same file); return its id.

        Raises ValueError for an id that is not a UUID or a file over a cap.
        """
        canonical = None
        if file_id is not None:
            canonical = parse_uuid(file_id)
            if canonical is None:
                raise ValueError(f"file_id must be a UUID, got {file_id!r}")
        with self.lock:
            try:
                return self.files.add(
                    bytes(content), filename=filename, purpose=purpose, now=self.clock.now(), file_id=canonical
                ).id
            except StorageFull as exc:
                raise ValueError(exc.message) from None

    def reset(self) -> None:
        """Forget every job, bad file, stored file and fine-tuned model."""
        with self.lock:
            self.store.reset()
            self.files.reset()


def _report(file: StoredFile, job_type: data.JobType) -> data.Report:
    """The check of a file's contents for a job type, made once (the contents never change)."""
    report = file.reports.get(job_type)
    if report is None:
        report = file.reports[job_type] = data.check_bytes(file.content, job_type=job_type, fail_fast=True)
    assert isinstance(report, data.Report)
    return report


def _inferred_targets(files: Sequence[StoredFile], reports: Sequence[data.Report]) -> list[dict[str, Any]]:
    """Classifier targets from the training files' labels, as the API inferred them for jobs sent without any.

    Each target has weight 1.0; its loss function is ``multi_class`` when some record gives it a list of more than
    one label, else the default ``single_class`` (a guess: the API's choice is not published).
    """
    labels: dict[str, set[str]] = {}
    for report in reports:
        for target in report.classifier_targets():
            labels.setdefault(target["name"], set()).update(target["labels"])
    multi = set().union(*(_multi_valued(file.content) for file in files)) if files else set()
    return [
        {
            "name": name,
            "labels": sorted(values),
            "weight": 1.0,
            "loss_function": "multi_class" if name in multi else DEFAULT_LOSS_FUNCTION,
        }
        for name, values in labels.items()
    ]


def _multi_valued(content: bytes) -> set[str]:
    """The targets that some record of a classifier file labels with more than one label."""
    found: set[str] = set()
    for line in content.splitlines():
        if b"[" not in line:
            continue  # no list anywhere in the record: every label is a single string
        try:
            record = json.loads(line)
        except ValueError:
            continue
        labels = record.get("labels") if isinstance(record, dict) else None
        if isinstance(labels, dict):
            found.update(name for name, value in labels.items() if isinstance(value, list) and len(value) > 1)
    return found


IMPLEMENTED_OPERATIONS: Final[frozenset[str]] = frozenset(_HANDLERS)
"""The generated operation names (operationIds) the fake has a handler for."""


def list_query(
    validator: RequestValidator,
    raw: Mapping[str, list[str]],
    known: Mapping[str, Filter] | Mapping[str, Callable[..., bool]],
    paging: frozenset[str],
) -> ListQuery:
    """Validate a list query and keep the filters whose value differs from their default.

    ``known`` holds how each filter selects items (``LIST_FILTERS`` of jobs or of files), ``paging`` the
    parameters that are not filters. Raises RequestInvalid for bad values and NotImplementedByFake for a filter of
    the spec that is not in ``known`` but was given a non-default value: such a filter must not be silently ignored.
    """
    values = validator.query(raw)
    defaults = validator.query_defaults
    filters: list[tuple[str, Any]] = []
    for name, value in values.items():
        if name in paging or value == defaults[name]:
            continue
        if name not in known:
            raise NotImplementedByFake(
                f"The list filter {name} is in the API spec but the fake server does not implement it"
            )
        # An array filter's values become a tuple: the query is a key of the list cache.
        filters.append((name, tuple(value) if isinstance(value, list) else value))
    return ListQuery(page=values.get("page", 0), page_size=values.get("page_size", 100), filters=tuple(filters))


class _Answer(Exception):
    """Carries a finished error Reply out of a helper."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply
