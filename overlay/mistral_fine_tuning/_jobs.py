"""`Mistral(...).fine_tuning.jobs`: one method, and an `_async` twin, per jobs operation of the spec.

Each operation is declared once as an `Endpoint` (see `_resource`) and written once, as a method returning the `Call`
to send; `pair` turns it into the public sync and async methods. `iter`, `iter_pages` and `wait` are built on `list`
and `get` (see `pagination` and `waiting`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, Unpack, overload

from ._resource import Endpoint, RawResource, Resource, _positional, pair, raw_pair

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Collection, Iterator
    from enum import Enum

    from . import _api, waiting
    from ._api import fine_tuning as spec
    from ._transport import Call
    from ._types import CallOptions, CreatedJob, DetailedJob, Estimate, ListArguments, ListedJob

    class CreateArguments(spec.JobsApiRoutesFineTuningCreateFineTuningJobBodyArguments, CallOptions, total=False):
        """`create`'s keyword arguments but `dry_run`: the job's fields, and the per-call options."""

    class CreateAnyArguments(spec.JobsApiRoutesFineTuningCreateFineTuningJobArguments, CallOptions, total=False):
        """`create`'s keyword arguments, `dry_run` included."""

    class GetArguments(spec.JobsApiRoutesFineTuningGetFineTuningJobArguments, CallOptions, total=False):
        """`get`'s keyword arguments."""

    class CancelArguments(spec.JobsApiRoutesFineTuningCancelFineTuningJobArguments, CallOptions, total=False):
        """`cancel`'s keyword arguments."""

    class StartArguments(spec.JobsApiRoutesFineTuningStartFineTuningJobArguments, CallOptions, total=False):
        """`start`'s keyword arguments."""


_DETAILED: Final = "CompletionDetailedJobOut | ClassifierDetailedJobOut | UnknownVariant"


def _status(job: Any) -> str:
    status = getattr(job, "status", None)
    return str(getattr(status, "value", status))


def _started(job: Any) -> bool:
    """Whether a job re-read after a `start` whose answer was lost shows that it started: it left the states of a
    job waiting to be started. A job starts by going back to QUEUED (as Mistral reports it), so QUEUED counts when
    the job's events show it was VALIDATED before."""
    status = _status(job)
    if status in ("VALIDATED", "VALIDATING", "FAILED_VALIDATION"):
        return False
    if status == "QUEUED":
        return any(_event_status(event) == "VALIDATED" for event in getattr(job, "events", None) or ())
    return True


def _event_status(event: Any) -> object:
    data = getattr(event, "data", None)
    if not isinstance(data, Mapping):  # a parsed event's data is a free-form model: its keys are extra fields
        data = getattr(data, "additional_properties", None)
    return data.get("status") if isinstance(data, Mapping) else None


def _cancelled(job: Any) -> bool:
    """Whether a job re-read after a `cancel` whose answer was lost shows that the cancellation was taken."""
    return _status(job) in ("CANCELLATION_REQUESTED", "CANCELLED")


def _how_to_find(request: Mapping[str, Any]) -> str:
    """What to tell a caller whose create may have reached the server although its answer was lost."""
    import datetime

    since = datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(seconds=60)
    body = request.get("json") or {}
    suffix = f", suffix={body['suffix']!r}" if isinstance(body.get("suffix"), str) else ""
    return (
        "The job may have been created: the request was sent but its answer was lost. Look for it before creating "
        f"it again: jobs.list(created_after={since.isoformat().replace('+00:00', 'Z')!r}{suffix})"
    )


_LIST: Final = Endpoint("list", "jobs_api_routes_fine_tuning_get_fine_tuning_jobs", idempotent=True)
_CREATE: Final = Endpoint(
    "create",
    "jobs_api_routes_fine_tuning_create_fine_tuning_job",
    idempotent=False,
    if_lost=_how_to_find,
    shown="CompletionJobOut | ClassifierJobOut | UnknownVariant | LegacyJobMetadataOut",
)
_GET: Final = Endpoint(
    "get", "jobs_api_routes_fine_tuning_get_fine_tuning_job", idempotent=True, echo="job_id", shown=_DETAILED
)
_CANCEL: Final = Endpoint(
    "cancel",
    "jobs_api_routes_fine_tuning_cancel_fine_tuning_job",
    idempotent=True,
    echo="job_id",
    confirm=(_GET, _cancelled),
    shown=_DETAILED,
)
_START: Final = Endpoint(
    "start",
    "jobs_api_routes_fine_tuning_start_fine_tuning_job",
    idempotent=True,
    echo="job_id",
    confirm=(_GET, _started),
    shown=_DETAILED,
)


class FineTuningJobs(Resource):
    """Fine-tuning jobs: `list`, `create`, `get`, `cancel`, `start`, and their `_async` twins.

    Every method also takes `retries` (a `utils.RetryConfig`, or None for a single attempt), `server_url`,
    `timeout_ms` and `http_headers`, which apply to that call only. Errors are raised as `models.SDKError` subclasses
    (see `mistral_fine_tuning.errors`); bad arguments raise `InputValidationError` before anything is sent.
    """

    @property
    def with_raw_response(self) -> FineTuningJobsWithRawResponse:
        """The same calls, each returning a `RawResponse` (status, headers, request id, elapsed time, retries
        taken, the request) whose `parse()` gives the usual model: `jobs.with_raw_response.get(job_id=...)`."""
        return FineTuningJobsWithRawResponse(self)

    def _list(self, **kwargs: Unpack[ListArguments]) -> Call[_api.models.JobsOut]:
        """One page of the fine-tuning jobs visible to the caller, newest first.

        Args:
            page: zero-based page index.
            page_size: jobs per page.
            model, created_after, created_before, created_by_me, status, wandb_project, wandb_name, suffix: filters;
                unset or None filters are not sent. `status` is one of `models.QueryParamStatus`; a date-time
                without a time zone is taken as UTC.

        Returns:
            `models.JobsOut`: `data` (the jobs; an unknown `job_type` gives an `UnknownVariant`) and `total`.

        Raises:
            InputValidationError, SDKError (and subclasses), APIConnectionError.
        """
        return self._prepare(_LIST, kwargs)

    list, list_async = pair(_list, _LIST)

    @overload
    def create(self, *, dry_run: Literal[True], **kwargs: Unpack[CreateArguments]) -> Estimate: ...
    @overload
    def create(self, *, dry_run: Literal[False] | None = ..., **kwargs: Unpack[CreateArguments]) -> CreatedJob: ...
    @overload
    def create(self, *, dry_run: bool | None = ..., **kwargs: Unpack[CreateArguments]) -> CreatedJob | Estimate: ...
    def create(self, *args: object, **kwargs: Any) -> CreatedJob | Estimate:
        """Create a fine-tuning job (or, with `dry_run=True`, only estimate it).

        Only the fields you pass are sent (the server fills in its defaults); `None` sends an explicit null where
        the API allows one. Models and plain dicts are both accepted; `training_files` items may be bare file ids.

        Returns:
            `models.CompletionJobOut` or `models.ClassifierJobOut` (an `UnknownVariant` for a job type this client
            does not know), or `models.LegacyJobMetadataOut` for a dry run.

        Raises:
            InputValidationError, SDKError (and subclasses), APIConnectionError. A `create` is never re-sent once the
            server may have received it, unless `retries` says `retry_non_idempotent=True`.
        """
        if args:
            raise _positional(_CREATE, args)
        return self._sender.send(self._prepare(_CREATE, kwargs))  # type: ignore[no-any-return]

    @overload
    async def create_async(self, *, dry_run: Literal[True], **kwargs: Unpack[CreateArguments]) -> Estimate: ...
    @overload
    async def create_async(
        self, *, dry_run: Literal[False] | None = ..., **kwargs: Unpack[CreateArguments]
    ) -> CreatedJob: ...
    @overload
    async def create_async(
        self, *, dry_run: bool | None = ..., **kwargs: Unpack[CreateArguments]
    ) -> CreatedJob | Estimate: ...
    async def create_async(self, *args: object, **kwargs: Any) -> CreatedJob | Estimate:
        """The async twin of `create`: same arguments, result and errors."""
        if args:
            raise _positional(_CREATE, args)
        return await self._sender.send_async(self._prepare(_CREATE, kwargs))

    create.__signature__ = create_async.__signature__ = _CREATE.signature(_CREATE.shown or "")  # type: ignore[attr-defined]

    def _create(self, **kwargs: Unpack[CreateAnyArguments]) -> Call[CreatedJob | Estimate]:
        """Create a fine-tuning job (or, with `dry_run=True`, only estimate it); see `create`."""
        return self._prepare(_CREATE, kwargs)

    def _get(self, **kwargs: Unpack[GetArguments]) -> Call[DetailedJob]:
        """One job with its events and checkpoints.

        Returns:
            `models.CompletionDetailedJobOut` or `models.ClassifierDetailedJobOut`, or an `UnknownVariant` that
            keeps the raw payload when the job type is one this client does not know.

        Raises:
            InputValidationError (a malformed `job_id`), NotFoundError, other SDKError subclasses, APIConnectionError.
        """
        return self._prepare(_GET, kwargs)

    get, get_async = pair(_get, _GET)

    def _cancel(self, **kwargs: Unpack[CancelArguments]) -> Call[DetailedJob]:
        """Ask for a job to be cancelled; returns the job (status CANCELLATION_REQUESTED, then CANCELLED).

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job cannot be cancelled any more, ...
        """
        return self._prepare(_CANCEL, kwargs)

    cancel, cancel_async = pair(_cancel, _CANCEL)

    def _start(self, **kwargs: Unpack[StartArguments]) -> Call[DetailedJob]:
        """Start a job that passed validation and was created without `auto_start`; returns the job.

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job is not in VALIDATED state, ...
        """
        return self._prepare(_START, kwargs)

    start, start_async = pair(_start, _START)

    # --- built on the calls above: paging through every job, waiting for one (loaded on first use) -------------

    def iter(self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]) -> Iterator[ListedJob]:
        """Every job matching the filters, newest first and each once, fetched a page at a time as you iterate.

        Takes `list`'s keywords but `page` (`page_size`, 100 by default, is the jobs per request) and the per-call
        options, sent with every page request; nothing is sent before the first job is asked for. Ends after a short
        page or once the pages cover the latest `total`. Raises `PaginationError` when the server's pages would not
        end (a full page of jobs already seen, or more than `max_pages` pages: by default twice what the first total
        needs, plus two), and whatever a page request raises once its retries are spent. Jobs created during the
        walk are not yielded (see `mistral_fine_tuning.pagination`).
        """
        from . import pagination

        return pagination.iter_jobs(self.list, max_pages=max_pages, **kwargs)

    def iter_async(self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]) -> AsyncIterator[ListedJob]:
        """The async twin of `iter`: `async for job in jobs.iter_async(...)`; same arguments, jobs and errors."""
        from . import pagination

        return pagination.iter_jobs_async(self.list_async, max_pages=max_pages, **kwargs)

    def iter_pages(
        self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]
    ) -> Iterator[_api.models.JobsOut]:
        """Every page of the job list (`models.JobsOut`, as the server sent it), fetched as you iterate.

        Same arguments, stop rules and errors as `iter`; a job can appear on two pages when jobs are created during
        the walk (`iter` drops the repeats).
        """
        from . import pagination

        return pagination.iter_pages(self.list, max_pages=max_pages, **kwargs)

    def iter_pages_async(
        self, *, max_pages: int | None = None, **kwargs: Unpack[ListArguments]
    ) -> AsyncIterator[_api.models.JobsOut]:
        """The async twin of `iter_pages`."""
        from . import pagination

        return pagination.iter_pages_async(self.list_async, max_pages=max_pages, **kwargs)

    def wait(
        self,
        *,
        job_id: str,
        until: Collection[str | Enum] | None = None,
        timeout: float | None = None,
        on_update: Callable[[waiting.JobUpdate], object] | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
        **options: Unpack[CallOptions],
    ) -> DetailedJob:
        """Poll a job until it reaches a terminal status (the spec's `x-terminal`) or one of `until`, and return it.

        Polls start every `poll_interval` s and back off x1.5 to `max_poll_interval` (short again after each status
        change). `on_update` gets each new status, event and checkpoint once. Each poll is a `get` under the retry
        policy (`options` apply to every poll). Raises `WaitTimeoutError` (`.job`, `.waited`) after `timeout` s, or
        the poll's error once the policy gives up. Ctrl-C stops waiting and never cancels the job.
        """
        from . import waiting

        options.setdefault("retries", self._sender.retries)  # the client's policy, which a timeout limits per poll
        return waiting.wait_for_job(
            self.get,
            job_id=job_id,
            until=until,
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            **options,
        )

    async def wait_async(
        self,
        *,
        job_id: str,
        until: Collection[str | Enum] | None = None,
        timeout: float | None = None,
        on_update: Callable[[waiting.JobUpdate], object] | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
        **options: Unpack[CallOptions],
    ) -> DetailedJob:
        """The async twin of `wait`: an awaitable `on_update` result is awaited, and cancelling the task stops
        waiting without cancelling the job."""
        from . import waiting

        options.setdefault("retries", self._sender.retries)
        return await waiting.wait_for_job_async(
            self.get_async,
            job_id=job_id,
            until=until,
            timeout=timeout,
            on_update=on_update,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            **options,
        )

    # --- the whole flow from local files

    def create_from_files(
        self,
        *,
        training_files: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
        validation_files: Sequence[str | os.PathLike[str]] = (),
        check: bool = True,
        wait: bool = False,
        on_progress: Callable[[str, int, int | None], object] | None = None,
        wait_options: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """Check local training files, upload them, create the job with them, and optionally wait for it.

        `jobs.create` stays faithful to the API (it takes uploaded files' ids); this does the steps before it:

            job = mistral.fine_tuning.jobs.create_from_files(
                training_files=["train.jsonl"], model="open-mistral-7b",
                hyperparameters={"training_steps": 10}, auto_start=True, wait=True,
            )

        Args:
            training_files, validation_files: paths of JSON Lines files.
            check: check each file first (`mistral_fine_tuning.data`); a file with errors raises TrainingDataError
                (with `.report`) and nothing is uploaded. Warnings do not stop it.
            wait: after creating the job, wait for it (`jobs.wait`, with `wait_options`: `until`, `timeout`,
                `on_update`, ...) and return it as it ends.
            on_progress: `on_progress(file_name, sent, total)` while each file uploads.
            options: `jobs.create`'s other arguments (`model`, `hyperparameters`, `suffix`, `auto_start`, ...) and
                the per-call options.

        Returns:
            What `jobs.create` returns, or with `wait=True` what `jobs.wait` returns.

        Raises:
            TrainingDataError, InputValidationError, and what each step raises; when a step after the uploads
            fails, the error's note gives the uploaded files' ids.
        """
        from . import _workflow
        from ._files import Files

        return _workflow.create_from_files(
            self,
            Files(self._sender),
            training_files,
            validation_files,
            check_data=check,
            wait=wait,
            on_progress=on_progress,
            wait_options=dict(wait_options or {}),
            options=options,
        )

    async def create_from_files_async(
        self,
        *,
        training_files: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
        validation_files: Sequence[str | os.PathLike[str]] = (),
        check: bool = True,
        wait: bool = False,
        on_progress: Callable[[str, int, int | None], object] | None = None,
        wait_options: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Any:
        """The async twin of `create_from_files` (the data check runs in a worker thread)."""
        from . import _workflow
        from ._files import Files

        return await _workflow.create_from_files_async(
            self,
            Files(self._sender),
            training_files,
            validation_files,
            check_data=check,
            wait=wait,
            on_progress=on_progress,
            wait_options=dict(wait_options or {}),
            options=options,
        )


class FineTuningJobsWithRawResponse(RawResource[FineTuningJobs]):
    """`jobs.with_raw_response`: every operation, returning a `RawResponse` instead of the parsed model.

    The checks, retries and errors are those of the normal call; `parse()` gives what the normal call returns.
    """

    list, list_async = raw_pair(FineTuningJobs._list, _LIST)
    create, create_async = raw_pair(FineTuningJobs._create, _CREATE)
    get, get_async = raw_pair(FineTuningJobs._get, _GET)
    cancel, cancel_async = raw_pair(FineTuningJobs._cancel, _CANCEL)
    start, start_async = raw_pair(FineTuningJobs._start, _START)
