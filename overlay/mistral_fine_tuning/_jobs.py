"""`Mistral(...).fine_tuning.jobs`: one method, and an `_async` twin, per operation of the spec.

An operation's parameters, their types and their checks come from the generated code (see `_inputs`), so a new
parameter, body field or enum value in `openapi.yaml` is a typed, checked keyword here after `make generate` alone.
What this module adds is what the spec cannot say to the generator: each operation's public name, whether re-sending
it is safe, its return type and its docstring. Each operation is written once, as a method returning the `Call` to
send; `_sync` and `_async` turn it into the public pair, which differ only in how they send.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Mapping
from functools import wraps
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Final,
    Literal,
    ParamSpec,
    TypeAlias,
    TypeVar,
    Unpack,
    cast,
    overload,
)

from . import _api
from ._inputs import Arguments
from ._raw import RawResponse
from ._transport import OPTION_NAMES, Call, CallFactory, CallOptions, Sender
from .errors import UnexpectedArgumentError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Collection, Iterator
    from enum import Enum

    from . import pagination, waiting
    from ._api import fine_tuning as spec

    class _ListCall(spec.JobsApiRoutesFineTuningGetFineTuningJobsArguments, CallOptions, total=False):
        """`list`'s keyword arguments: the list filters, and the per-call options."""

    class _CreateCall(spec.JobsApiRoutesFineTuningCreateFineTuningJobBodyArguments, CallOptions, total=False):
        """`create`'s keyword arguments but `dry_run`: the job's fields, and the per-call options."""

    class _CreateAnyCall(spec.JobsApiRoutesFineTuningCreateFineTuningJobArguments, CallOptions, total=False):
        """`create`'s keyword arguments, `dry_run` included."""

    class _GetCall(spec.JobsApiRoutesFineTuningGetFineTuningJobArguments, CallOptions, total=False):
        """`get`'s keyword arguments."""

    class _CancelCall(spec.JobsApiRoutesFineTuningCancelFineTuningJobArguments, CallOptions, total=False):
        """`cancel`'s keyword arguments."""

    class _StartCall(spec.JobsApiRoutesFineTuningStartFineTuningJobArguments, CallOptions, total=False):
        """`start`'s keyword arguments."""


DetailedJob: TypeAlias = (
    "_api.models.CompletionDetailedJobOut | _api.models.ClassifierDetailedJobOut | _api.UnknownVariant"
)
"""What get, cancel and start return: a job with its events and checkpoints (an UnknownVariant for a job type
this client does not know; it reads the fields all jobs share)."""
CreatedJob: TypeAlias = "_api.models.CompletionJobOut | _api.models.ClassifierJobOut | _api.UnknownVariant"
"""What create returns (without `dry_run=True`)."""
Estimate: TypeAlias = "_api.models.LegacyJobMetadataOut"
"""What create returns with `dry_run=True`: estimates, no job."""
_SHOWN_TYPES: Final = {  # how help() spells the return types
    "DetailedJob": "CompletionDetailedJobOut | ClassifierDetailedJobOut | UnknownVariant",
    "CreatedJob": "CompletionJobOut | ClassifierJobOut | UnknownVariant",
}


class Endpoint:
    """A public method's link to an operation of the spec.

    Args:
        name: the public method's name.
        operation_id: the spec's operationId (the generated module's name).
        idempotent: whether re-sending it is safe after a failure where the server may have acted (openapi.yaml's
            `x-idempotent`, which the generator cannot see; a test checks the two agree).
    """

    __slots__ = ("arguments", "idempotent", "name", "operation", "parse")

    def __init__(self, name: str, operation_id: str, *, idempotent: bool) -> None:
        self.name = name
        self.operation = _api.OPERATIONS[operation_id]
        self.idempotent = idempotent
        self.arguments = Arguments(self.operation, name)
        ENDPOINTS.append(self)

    def prepare(self, given: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], Callable[[Any], Any]]:
        """The generated request for these arguments, the secrets they carry, and the success parser."""
        request, secrets = self.arguments.bind(given)
        return request, secrets, self.arguments.module._parse_success

    def signature(self, returns: str) -> inspect.Signature:
        """The public method's signature, for help() and IDEs: its real keywords, the per-call options, and
        what it returns."""
        keyword = inspect.Parameter.KEYWORD_ONLY
        shown = [
            inspect.Parameter(
                parameter.name,
                keyword,
                default=inspect.Parameter.empty if parameter.required else parameter.default,
                annotation=_Shown(parameter.annotation),
            )
            for parameter in sorted(self.operation.parameters, key=lambda parameter: not parameter.required)
        ]
        shown += [
            inspect.Parameter("retries", keyword, default=_api.UNSET, annotation=_Shown("RetryConfig | None")),
            inspect.Parameter("server_url", keyword, default=None, annotation=_Shown("str | None")),
            inspect.Parameter("timeout_ms", keyword, default=None, annotation=_Shown("int | None")),
            inspect.Parameter("http_headers", keyword, default=None, annotation=_Shown("Mapping[str, str] | None")),
        ]
        self_parameter = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
        return inspect.Signature([self_parameter, *shown], return_annotation=_Shown(returns))


class _Shown(str):
    """A type written as text, shown as is by help() (a plain string would be shown quoted)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


# The operations of the spec, under their public names (the coverage test checks that none is missing).
ENDPOINTS: Final[list[Endpoint]] = []
_LIST: Final = Endpoint("list", "jobs_api_routes_fine_tuning_get_fine_tuning_jobs", idempotent=True)
_CREATE: Final = Endpoint("create", "jobs_api_routes_fine_tuning_create_fine_tuning_job", idempotent=False)
_GET: Final = Endpoint("get", "jobs_api_routes_fine_tuning_get_fine_tuning_job", idempotent=True)
_CANCEL: Final = Endpoint("cancel", "jobs_api_routes_fine_tuning_cancel_fine_tuning_job", idempotent=True)
_START: Final = Endpoint("start", "jobs_api_routes_fine_tuning_start_fine_tuning_job", idempotent=True)

P = ParamSpec("P")
R = TypeVar("R")


def _returns(prepare: Callable[..., Any]) -> str:
    text = str(prepare.__annotations__.get("return", "Any"))  # "Call[X]": annotations are text here
    inner = text.removeprefix("Call[").removesuffix("]") if text.startswith("Call[") else text
    return _SHOWN_TYPES.get(inner, inner).replace("_api.models.", "").replace("_api.", "")


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


def _positional(endpoint: Endpoint, args: tuple[object, ...]) -> UnexpectedArgumentError:
    return UnexpectedArgumentError(
        endpoint.name, f"takes keyword arguments only, got {len(args)} positional (e.g. job_id=...)"
    )


def _sync(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> Callable[Concatenate[FineTuningJobs, P], R]:
    """The public sync method of an operation: prepare the call, send it with the sync client."""

    @wraps(prepare)
    def method(self: FineTuningJobs, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            raise _positional(endpoint, args)
        return self._sender.send(prepare(self, *args, **kwargs))

    method.__name__ = method.__qualname__ = endpoint.name
    method.__signature__ = endpoint.signature(_returns(prepare))  # type: ignore[attr-defined]
    return method


def _async(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> Callable[Concatenate[FineTuningJobs, P], Coroutine[Any, Any, R]]:
    """The public async twin of an operation: the same checks and call, sent with the async client."""

    @wraps(prepare)
    async def method(self: FineTuningJobs, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            raise _positional(endpoint, args)
        return await self._sender.send_async(prepare(self, *args, **kwargs))

    method.__name__ = method.__qualname__ = f"{endpoint.name}_async"
    method.__doc__ = (
        f"The async twin of `{endpoint.name}`: same arguments, result and errors.\n\n{prepare.__doc__ or ''}"
    )
    method.__signature__ = endpoint.signature(_returns(prepare))  # type: ignore[attr-defined]
    return method


def _pair(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> tuple[
    Callable[Concatenate[FineTuningJobs, P], R], Callable[Concatenate[FineTuningJobs, P], Coroutine[Any, Any, R]]
]:
    """An operation's public method and its `_async` twin, from the one method that prepares its call."""
    return _sync(prepare, endpoint), _async(prepare, endpoint)


class FineTuningJobs:
    """Fine-tuning jobs: `list`, `create`, `get`, `cancel`, `start`, and their `_async` twins.

    Every method also takes `retries` (a `utils.RetryConfig`, or None for a single attempt), `server_url`,
    `timeout_ms` and `http_headers`, which apply to that call only. Errors are raised as `models.SDKError` subclasses
    (see `mistral_fine_tuning.errors`); bad arguments raise `InputValidationError` before anything is sent.
    """

    def __init__(self, sender: Sender, call: CallFactory) -> None:
        self._sender = sender
        self._call = call  # `Mistral._call`: the client's settings applied to one call
        self._raw: FineTuningJobsWithRawResponse | None = None

    @property
    def with_raw_response(self) -> FineTuningJobsWithRawResponse:
        """The same calls, each returning a `RawResponse` (status, headers, request id, elapsed time, retries
        taken, the request) whose `parse()` gives the usual model: `jobs.with_raw_response.get(job_id=...)`."""
        if self._raw is None:
            self._raw = FineTuningJobsWithRawResponse(self)
        return self._raw

    def _prepare(self, endpoint: Endpoint, kwargs: Mapping[str, Any]) -> Call[Any]:
        given = dict(kwargs)
        options = cast("CallOptions", {name: given.pop(name) for name in OPTION_NAMES if name in given})
        request, secrets, parse = endpoint.prepare(given)
        if_lost = None if endpoint.idempotent else _how_to_find(request)
        return self._call(request, parse, endpoint.idempotent, options, secrets, if_lost)

    def _list(self, **kwargs: Unpack[_ListCall]) -> Call[_api.models.JobsOut]:
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

    list, list_async = _pair(_list, _LIST)

    @overload
    def create(self, *, dry_run: Literal[True], **kwargs: Unpack[_CreateCall]) -> Estimate: ...
    @overload
    def create(self, *, dry_run: Literal[False] | None = ..., **kwargs: Unpack[_CreateCall]) -> CreatedJob: ...
    @overload
    def create(self, *, dry_run: bool | None = ..., **kwargs: Unpack[_CreateCall]) -> CreatedJob | Estimate: ...
    def create(self, **kwargs: Any) -> CreatedJob | Estimate:
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
        return self._sender.send(self._prepare(_CREATE, kwargs))  # type: ignore[no-any-return]

    @overload
    async def create_async(self, *, dry_run: Literal[True], **kwargs: Unpack[_CreateCall]) -> Estimate: ...
    @overload
    async def create_async(
        self, *, dry_run: Literal[False] | None = ..., **kwargs: Unpack[_CreateCall]
    ) -> CreatedJob: ...
    @overload
    async def create_async(
        self, *, dry_run: bool | None = ..., **kwargs: Unpack[_CreateCall]
    ) -> CreatedJob | Estimate: ...
    async def create_async(self, **kwargs: Any) -> CreatedJob | Estimate:
        """The async twin of `create`: same arguments, result and errors."""
        return await self._sender.send_async(self._prepare(_CREATE, kwargs))

    create.__signature__ = create_async.__signature__ = _CREATE.signature(  # type: ignore[attr-defined]
        "CompletionJobOut | ClassifierJobOut | UnknownVariant | LegacyJobMetadataOut"
    )

    def _create(self, **kwargs: Unpack[_CreateAnyCall]) -> Call[CreatedJob | Estimate]:
        """Create a fine-tuning job (or, with `dry_run=True`, only estimate it); see `create`."""
        return self._prepare(_CREATE, kwargs)

    def _get(self, **kwargs: Unpack[_GetCall]) -> Call[DetailedJob]:
        """One job with its events and checkpoints.

        Returns:
            `models.CompletionDetailedJobOut` or `models.ClassifierDetailedJobOut`, or an `UnknownVariant` that
            keeps the raw payload when the job type is one this client does not know.

        Raises:
            InputValidationError (a malformed `job_id`), NotFoundError, other SDKError subclasses, APIConnectionError.
        """
        return self._prepare(_GET, kwargs)

    get, get_async = _pair(_get, _GET)

    def _cancel(self, **kwargs: Unpack[_CancelCall]) -> Call[DetailedJob]:
        """Ask for a job to be cancelled; returns the job (status CANCELLATION_REQUESTED, then CANCELLED).

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job cannot be cancelled any more, ...
        """
        return self._prepare(_CANCEL, kwargs)

    cancel, cancel_async = _pair(_cancel, _CANCEL)

    def _start(self, **kwargs: Unpack[_StartCall]) -> Call[DetailedJob]:
        """Start a job that passed validation and was created without `auto_start`; returns the job.

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job is not in VALIDATED state, ...
        """
        return self._prepare(_START, kwargs)

    start, start_async = _pair(_start, _START)

    # --- built on the calls above: paging through every job, waiting for one (loaded on first use) -------------

    def iter(self, *, max_pages: int | None = None, **kwargs: Unpack[_ListCall]) -> Iterator[pagination.ListedJob]:
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

    def iter_async(
        self, *, max_pages: int | None = None, **kwargs: Unpack[_ListCall]
    ) -> AsyncIterator[pagination.ListedJob]:
        """The async twin of `iter`: `async for job in jobs.iter_async(...)`; same arguments, jobs and errors."""
        from . import pagination

        return pagination.iter_jobs_async(self.list_async, max_pages=max_pages, **kwargs)

    def iter_pages(self, *, max_pages: int | None = None, **kwargs: Unpack[_ListCall]) -> Iterator[_api.models.JobsOut]:
        """Every page of the job list (`models.JobsOut`, as the server sent it), fetched as you iterate.

        Same arguments, stop rules and errors as `iter`; a job can appear on two pages when jobs are created during
        the walk (`iter` drops the repeats).
        """
        from . import pagination

        return pagination.iter_pages(self.list, max_pages=max_pages, **kwargs)

    def iter_pages_async(
        self, *, max_pages: int | None = None, **kwargs: Unpack[_ListCall]
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


def _raw(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> Callable[Concatenate[FineTuningJobsWithRawResponse, P], RawResponse[R]]:
    """An operation of `jobs.with_raw_response`: the same call, answered with its RawResponse."""

    @wraps(prepare)
    def method(self: FineTuningJobsWithRawResponse, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        if args:
            raise _positional(endpoint, args)
        return self._jobs._sender.send_raw(prepare(self._jobs, *args, **kwargs))

    method.__name__ = method.__qualname__ = endpoint.name
    method.__signature__ = endpoint.signature(f"RawResponse[{_returns(prepare)}]")  # type: ignore[attr-defined]
    return method


def _raw_async(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> Callable[Concatenate[FineTuningJobsWithRawResponse, P], Coroutine[Any, Any, RawResponse[R]]]:
    """The async twin of an operation of `jobs.with_raw_response`."""

    @wraps(prepare)
    async def method(self: FineTuningJobsWithRawResponse, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        if args:
            raise _positional(endpoint, args)
        return await self._jobs._sender.send_raw_async(prepare(self._jobs, *args, **kwargs))

    method.__name__ = method.__qualname__ = f"{endpoint.name}_async"
    method.__signature__ = endpoint.signature(f"RawResponse[{_returns(prepare)}]")  # type: ignore[attr-defined]
    return method


def _raw_pair(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]], endpoint: Endpoint
) -> tuple[
    Callable[Concatenate[FineTuningJobsWithRawResponse, P], RawResponse[R]],
    Callable[Concatenate[FineTuningJobsWithRawResponse, P], Coroutine[Any, Any, RawResponse[R]]],
]:
    """An operation's method of `jobs.with_raw_response` and its `_async` twin."""
    return _raw(prepare, endpoint), _raw_async(prepare, endpoint)


class FineTuningJobsWithRawResponse:
    """`jobs.with_raw_response`: every operation, returning a `RawResponse` instead of the parsed model.

    The checks, retries and errors are those of the normal call; `parse()` gives what the normal call returns.
    """

    def __init__(self, jobs: FineTuningJobs) -> None:
        self._jobs = jobs

    list, list_async = _raw_pair(FineTuningJobs._list, _LIST)
    create, create_async = _raw_pair(FineTuningJobs._create, _CREATE)
    get, get_async = _raw_pair(FineTuningJobs._get, _GET)
    cancel, cancel_async = _raw_pair(FineTuningJobs._cancel, _CANCEL)
    start, start_async = _raw_pair(FineTuningJobs._start, _START)
