"""`Mistral(...).fine_tuning.jobs`: list, create, get, cancel and start, each with an `_async` twin.

Each operation is written once, as a method that checks the arguments and returns the `Call` to send; `_sync` and
`_async` turn it into the public pair, which differ only in how they send.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Coroutine, Iterable, Mapping
from functools import cache, wraps
from typing import Any, Concatenate, ParamSpec, TypeAlias, TypeVar, Unpack

from . import _api as gen
from . import _inputs as check
from ._transport import Call, CallFactory, CallOptions, Sender
from .errors import InputValidationError

DetailedJob: TypeAlias = "gen.CompletionDetailedJobOut | gen.ClassifierDetailedJobOut | gen.UnknownVariant"
CreateResult: TypeAlias = "gen.CompletionJobOut | gen.ClassifierJobOut | gen.LegacyJobMetadataOut | gen.UnknownVariant"
Hyperparameters: TypeAlias = (
    "gen.CompletionTrainingParametersIn | gen.ClassifierTrainingParametersIn | Mapping[str, Any]"
)


_ParseJob: TypeAlias = "Callable[[Mapping[str, Any]], gen.CompletionJobOut | gen.ClassifierJobOut]"
_ParseDetailed: TypeAlias = "Callable[[Mapping[str, Any]], gen.CompletionDetailedJobOut | gen.ClassifierDetailedJobOut]"


@cache
def _variants() -> tuple[dict[Any, _ParseJob], dict[Any, _ParseDetailed]]:
    """The job parsers by `job_type`: (short jobs, detailed jobs). Built on first use: it loads the models."""
    short: dict[Any, _ParseJob] = {
        "completion": gen.CompletionJobOut.from_dict,
        "classifier": gen.ClassifierJobOut.from_dict,
    }
    detailed: dict[Any, _ParseDetailed] = {
        "completion": gen.CompletionDetailedJobOut.from_dict,
        "classifier": gen.ClassifierDetailedJobOut.from_dict,
    }
    return short, detailed


def _object(data: Any) -> dict[str, Any]:
    if type(data) is not dict:
        raise TypeError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _parse_detailed(data: Any) -> DetailedJob:
    parse = _variants()[1].get(_object(data).get("job_type"))
    return gen.UnknownVariant(tag="job_type", raw=data) if parse is None else parse(data)


def _parse_created(data: Any) -> CreateResult:
    body = _object(data)
    parse = _variants()[0].get(body.get("job_type"))
    if parse is not None:
        return parse(body)
    if "job_type" not in body and ("details" in body or body.get("object") == "job.metadata"):
        return gen.LegacyJobMetadataOut.from_dict(body)
    return gen.UnknownVariant(tag="job_type", raw=body)


def _parse_page(data: Any) -> gen.JobsOut:
    return gen.JobsOut.from_dict(_object(data))


P = ParamSpec("P")
R = TypeVar("R")


def _sync(prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]]) -> Callable[Concatenate[FineTuningJobs, P], R]:
    """The public sync method of an operation: prepare the call, send it with the sync client."""

    @wraps(prepare)
    def method(self: FineTuningJobs, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._sender.send(prepare(self, *args, **kwargs))

    method.__name__ = method.__qualname__ = prepare.__name__.lstrip("_")
    return method


def _async(
    prepare: Callable[Concatenate[FineTuningJobs, P], Call[R]],
) -> Callable[Concatenate[FineTuningJobs, P], Coroutine[Any, Any, R]]:
    """The public async twin of an operation: the same checks and call, sent with the async client."""

    @wraps(prepare)
    async def method(self: FineTuningJobs, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return await self._sender.send_async(prepare(self, *args, **kwargs))

    name = prepare.__name__.lstrip("_")
    method.__name__ = method.__qualname__ = f"{name}_async"
    method.__doc__ = f"The async twin of `{name}`: same arguments, result and errors.\n\n{prepare.__doc__ or ''}"
    return method


class FineTuningJobs:
    """Fine-tuning jobs: `list`, `create`, `get`, `cancel`, `start`, and their `_async` twins.

    Every method also takes `retries` (a `utils.RetryConfig`, or None for a single attempt), `server_url`,
    `timeout_ms` and `http_headers`, which apply to that call only. Errors are raised as `models.SDKError` subclasses
    (see `mistral_fine_tuning.errors`); bad arguments raise `InputValidationError` before anything is sent.
    """

    def __init__(self, sender: Sender, call: CallFactory) -> None:
        self._sender = sender
        self._call = call  # `Mistral._call`: the client's settings applied to one call

    def _list(
        self,
        *,
        page: int = 0,
        page_size: int = 100,
        model: str | gen.Unset | None = gen.UNSET,
        created_after: datetime.datetime | str | gen.Unset | None = gen.UNSET,
        created_before: datetime.datetime | str | gen.Unset | None = gen.UNSET,
        created_by_me: bool = False,
        status: str | gen.Unset | None = gen.UNSET,
        wandb_project: str | gen.Unset | None = gen.UNSET,
        wandb_name: str | gen.Unset | None = gen.UNSET,
        suffix: str | gen.Unset | None = gen.UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[gen.JobsOut]:
        """One page of the fine-tuning jobs visible to the caller, newest first.

        Args:
            page: zero-based page index.
            page_size: jobs per page (>= 1).
            model, created_after, created_before, created_by_me, status, wandb_project, wandb_name, suffix: filters;
                unset or None filters are not sent. `status` is one of `models.QueryParamStatus`.

        Returns:
            `models.JobsOut`: `data` (the jobs; an unknown `job_type` gives an `UnknownVariant`) and `total`.

        Raises:
            InputValidationError, SDKError (and subclasses), APIConnectionError.
        """
        kwargs = gen.list_op._get_kwargs(
            page=check.non_negative_int("page", page),
            page_size=check.positive_int("page_size", page_size),
            model=check.optional_text("model", model),
            created_after=check.instant("created_after", created_after),
            created_before=check.instant("created_before", created_before),
            created_by_me=check.flag("created_by_me", created_by_me),
            status=check.list_status(status),
            wandb_project=check.optional_text("wandb_project", wandb_project),
            wandb_name=check.optional_text("wandb_name", wandb_name),
            suffix=check.optional_text("suffix", suffix),
        )
        params = kwargs["params"]
        for name in ("created_after", "created_before"):
            if name in params:  # UTC as `Z`, the way Mistral's SDK writes it
                params[name] = params[name].replace("+00:00", "Z")
        return self._call(kwargs, _parse_page, True, options)

    list = _sync(_list)
    list_async = _async(_list)

    def _create(
        self,
        *,
        model: str,
        hyperparameters: Hyperparameters,
        training_files: Iterable[gen.TrainingFile | Mapping[str, Any] | str] | gen.Unset = gen.UNSET,
        validation_files: Iterable[str] | gen.Unset | None = gen.UNSET,
        suffix: str | gen.Unset | None = gen.UNSET,
        integrations: Iterable[gen.WandbIntegration | Mapping[str, Any]] | gen.Unset | None = gen.UNSET,
        auto_start: bool | gen.Unset = gen.UNSET,
        invalid_sample_skip_percentage: float | gen.Unset = gen.UNSET,
        job_type: str | gen.Unset | None = gen.UNSET,
        repositories: Iterable[gen.GithubRepositoryIn | Mapping[str, Any]] | gen.Unset | None = gen.UNSET,
        classifier_targets: Iterable[gen.ClassifierTargetIn | Mapping[str, Any]] | gen.Unset | None = gen.UNSET,
        dry_run: bool | gen.Unset | None = gen.UNSET,
        **options: Unpack[CallOptions],
    ) -> Call[CreateResult]:
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
        if not isinstance(model, str) or not model:
            raise InputValidationError("model", f"must be a non-empty string, got {model!r}")
        kind = check.job_type(job_type)
        body = gen.JobIn(
            model=model,
            hyperparameters=check.hyperparameters(hyperparameters, kind),
            training_files=check.training_files(training_files),
            validation_files=check.text_list("validation_files", validation_files),
            suffix=check.optional_text("suffix", suffix),
            integrations=check.models("integrations", gen.WandbIntegration, integrations),
            auto_start=auto_start if isinstance(auto_start, gen.Unset) else check.flag("auto_start", auto_start),
            invalid_sample_skip_percentage=check.number(
                "invalid_sample_skip_percentage", invalid_sample_skip_percentage
            ),
            job_type=kind,
            repositories=check.models("repositories", gen.GithubRepositoryIn, repositories),
            classifier_targets=check.models("classifier_targets", gen.ClassifierTargetIn, classifier_targets),
        )
        if not (dry_run is None or isinstance(dry_run, gen.Unset | bool)):
            raise InputValidationError("dry_run", f"must be True, False or None, got {dry_run!r}")
        kwargs = gen.create_op._get_kwargs(body=body, dry_run=dry_run)
        return self._call(kwargs, _parse_created, False, options, check.secrets_of(body))

    create = _sync(_create)
    create_async = _async(_create)

    def _get(self, *, job_id: str, **options: Unpack[CallOptions]) -> Call[DetailedJob]:
        """One job with its events and checkpoints.

        Returns:
            `models.CompletionDetailedJobOut` or `models.ClassifierDetailedJobOut`, or an `UnknownVariant` that
            keeps the raw payload when the job type is one this client does not know.

        Raises:
            InputValidationError (a malformed `job_id`), NotFoundError, other SDKError subclasses, APIConnectionError.
        """
        kwargs = gen.get_op._get_kwargs(job_id=check.job_id(job_id))
        return self._call(kwargs, _parse_detailed, True, options)

    get = _sync(_get)
    get_async = _async(_get)

    def _cancel(self, *, job_id: str, **options: Unpack[CallOptions]) -> Call[DetailedJob]:
        """Ask for a job to be cancelled; returns the job (status CANCELLATION_REQUESTED, then CANCELLED).

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job cannot be cancelled any more, ...
        """
        kwargs = gen.cancel_op._get_kwargs(job_id=check.job_id(job_id))
        return self._call(kwargs, _parse_detailed, True, options)

    cancel = _sync(_cancel)
    cancel_async = _async(_cancel)

    def _start(self, *, job_id: str, **options: Unpack[CallOptions]) -> Call[DetailedJob]:
        """Start a job that passed validation and was created without `auto_start`; returns the job.

        Raises:
            InputValidationError, NotFoundError, a 4XX SDKError when the job is not in VALIDATED state, ...
        """
        kwargs = gen.start_op._get_kwargs(job_id=check.job_id(job_id))
        return self._call(kwargs, _parse_detailed, True, options)

    start = _sync(_start)
    start_async = _async(_start)
