"""Type aliases and keyword-argument TypedDicts that several modules share, so that none imports another for a type.

The results' aliases name generated models (through the seam, for type checkers only); the keyword TypedDicts join
an operation's generated `...Arguments` TypedDict (its parameters, from the spec) with the per-call options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeAlias, TypedDict

if TYPE_CHECKING:
    # A vendored copy is type-checked without httpx installed too: its names then read as Any.
    import httpx  # type: ignore[import-not-found, unused-ignore]
    import httpx2

    from . import _api
    from ._api import fine_tuning as spec
    from .retry_policy import RetryConfig

# What users may pass and what errors carry: either HTTP library's objects (see `_http`). Internally the sender treats
# a client as httpx2's (both have the same API) and uses its Family for every object it builds.
SyncClient: TypeAlias = "httpx2.Client | httpx.Client"
AsyncClient: TypeAlias = "httpx2.AsyncClient | httpx.AsyncClient"
Request: TypeAlias = "httpx2.Request | httpx.Request"
Response: TypeAlias = "httpx2.Response | httpx.Response"
Headers: TypeAlias = "httpx2.Headers | httpx.Headers"

Retries: TypeAlias = "RetryConfig | _api.Unset | None"
"""A call's `retries`: a `utils.RetryConfig`, None for a single attempt, or UNSET for the client's policy."""


class CallOptions(TypedDict, total=False):
    """Options every call takes, for that call only."""

    retries: Retries
    """A `utils.RetryConfig` replacing the client's policy, or None for a single attempt."""
    server_url: str | None
    """Another base URL."""
    timeout_ms: int | None
    """A timeout for every phase of the request, in milliseconds."""
    http_headers: Mapping[str, str] | None
    """Extra request headers."""


OPTION_NAMES = ("retries", "server_url", "timeout_ms", "http_headers")
"""The keys of `CallOptions`, in the order help() shows them."""

DetailedJob: TypeAlias = (
    "_api.models.CompletionDetailedJobOut | _api.models.ClassifierDetailedJobOut | _api.UnknownVariant"
)
"""What get, cancel and start return: a job with its events and checkpoints (an UnknownVariant for a job type
this client does not know; it reads the fields all jobs share)."""
CreatedJob: TypeAlias = "_api.models.CompletionJobOut | _api.models.ClassifierJobOut | _api.UnknownVariant"
"""What create returns (without `dry_run=True`)."""
ListedJob: TypeAlias = CreatedJob
"""What a page of the job list holds: a job without its events and checkpoints."""
Estimate: TypeAlias = "_api.models.LegacyJobMetadataOut"
"""What create returns with `dry_run=True`: estimates, no job."""
JobsPage: TypeAlias = "_api.models.JobsOut"

if TYPE_CHECKING:

    class ListArguments(spec.JobsApiRoutesFineTuningGetFineTuningJobsArguments, CallOptions, total=False):
        """`jobs.list`'s keyword arguments: the list filters, and the per-call options."""
