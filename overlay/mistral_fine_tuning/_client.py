"""`Mistral`: the client object people create, holding the configuration every call shares."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, TypeVar

from . import retry_policy
from ._environment import API_KEY_ENV, DEFAULT_SERVER_URL, SERVER_URL_ENV
from ._transport import USER_AGENT, Call, CallOptions, Sender
from .errors import InputValidationError
from .retry_policy import RetryConfig, UnsetType

if TYPE_CHECKING:
    from ._http import AsyncClient, SyncClient
    from ._jobs import FineTuningJobs

# This package's name: "mistral_fine_tuning", or a vendored copy's own (its logger is then its own too).
PACKAGE: Final = __name__.rpartition(".")[0]
R = TypeVar("R")


class Mistral:
    """A client for Mistral's fine-tuning jobs API.

    Args:
        api_key: the API key, or a function returning it (called for every request, e.g. to rotate keys). When
            None, the `MISTRAL_API_KEY` environment variable is read once, here. Without a key no Authorization
            header is sent.
        server_url: the API's base URL; a path prefix is kept. When None, `MISTRAL_SERVER_URL` is read, then
            `https://api.mistral.ai` is used (so code written for the real API can run against a local fake).
        client: an `httpx2.Client` (or an `httpx.Client`) to send with; its own timeout is respected unless
            `timeout_ms` is given. The client is yours: leaving `with Mistral(...)` does not close it.
        async_client: the same for async calls (`httpx2.AsyncClient` or `httpx.AsyncClient`); when not given, one
            is created on first async use, in each event loop that makes calls.
        retry_config: the retry policy for every call (`utils.RetryConfig`); None disables retries. Left unset,
            safe failures are retried (see the README's retry table).
        timeout_ms: a timeout for every phase of every request, in milliseconds. Default: connect 5 s, read 60 s.
        debug_logger: a logger for DEBUG records (default `logging.getLogger("mistral_fine_tuning")`, or the
            package's own name in a vendored copy).
        max_connections: keyword-only; the size of the connection pool of the clients Mistral creates (default
            50), all kept alive when idle, so that concurrent calls reuse connections instead of reopening them.
            A client you pass keeps its own limits.
        user_agent_prefix: keyword-only; put before this client's own user-agent (an SDK embedding this one names
            itself there, e.g. "acme-sdk/1.4").
        read_environment: keyword-only; when False, `MISTRAL_API_KEY` and `MISTRAL_SERVER_URL` are not read (an
            embedding SDK that has its own configuration).

    Use it as a context manager (`with` or `async with`) to close the connections it opened.
    """

    def __init__(
        self,
        api_key: str | Callable[[], str] | None = None,
        server_url: str | None = None,
        client: SyncClient | None = None,
        async_client: AsyncClient | None = None,
        retry_config: RetryConfig | UnsetType | None = retry_policy.UNSET,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
        *,
        max_connections: int | None = None,
        user_agent_prefix: str | None = None,
        read_environment: bool = True,
    ) -> None:
        if api_key is None and read_environment:
            api_key = os.environ.get(API_KEY_ENV) or None
        if not (api_key is None or isinstance(api_key, str) or callable(api_key)):
            raise InputValidationError("api_key", "must be a string, a function returning one, or None")
        self._api_key = api_key
        from_environment = os.environ.get(SERVER_URL_ENV) if read_environment else None
        self._server_url = _base_url(server_url or from_environment or DEFAULT_SERVER_URL)
        if user_agent_prefix is not None and (not isinstance(user_agent_prefix, str) or "\n" in user_agent_prefix):
            raise InputValidationError("user_agent_prefix", "must be a string on one line")
        self._user_agent = f"{user_agent_prefix} {USER_AGENT}" if user_agent_prefix else USER_AGENT
        self._retry_config = retry_config
        self._retries = _resolve_retries(retry_policy.UNSET, retry_config)
        self._sender = Sender(
            client=client,
            async_client=async_client,
            timeout=_timeout(timeout_ms),
            logger=debug_logger or logging.getLogger(PACKAGE),
            max_connections=_pool_size(max_connections),
        )
        # A fixed key gives fixed headers: built once, not per call.
        self._headers: dict[str, str] | None = self._build_headers() if not callable(api_key) else None
        self._fine_tuning: FineTuning | None = None

    @property
    def fine_tuning(self) -> FineTuning:
        """The fine-tuning API: `fine_tuning.jobs`."""
        if self._fine_tuning is None:
            self._fine_tuning = FineTuning(self)
        return self._fine_tuning

    def _build_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "user-agent": self._user_agent}
        key = self._api_key() if callable(self._api_key) else self._api_key
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _call(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], R],
        idempotent: bool,
        options: CallOptions,
        secrets: Sequence[str] = (),
        if_lost: str | None = None,
    ) -> Call[R]:
        """One call from the generated operation's arguments, the client's settings and the call's own options."""
        headers = self._headers if self._headers is not None else self._build_headers()
        http_headers = options.get("http_headers")
        if http_headers:  # header names are case-insensitive: a per-call header replaces the client's
            overridden = {name.lower() for name in http_headers}
            headers = {**{k: v for k, v in headers.items() if k.lower() not in overridden}, **http_headers}
        server_url = options.get("server_url")
        base_url = self._server_url if server_url is None else _base_url(server_url)
        timeout_ms = options.get("timeout_ms")
        retries = options.get("retries", retry_policy.UNSET)
        key = headers.get("Authorization") if headers is self._headers else _authorization(headers)
        if key:
            secrets = (*secrets, key.removeprefix("Bearer "))
        return Call(
            kwargs,
            parse,
            target=base_url + kwargs["url"],
            headers=headers,
            timeout=self._sender.timeout if timeout_ms is None else _timeout(timeout_ms),
            idempotent=idempotent,
            retries=self._retries if retries is retry_policy.UNSET else _resolve_retries(retries, self._retry_config),
            secrets=secrets,
            if_lost=if_lost,
        )

    def close(self) -> None:
        """Close the HTTP connections this client opened (not those of a client you passed in)."""
        self._sender.close()

    async def aclose(self) -> None:
        """Close the HTTP connections this client opened, sync and async."""
        await self._sender.aclose()

    def __enter__(self) -> Mistral:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Mistral:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        key = "unset" if self._api_key is None else ("callable" if callable(self._api_key) else "***")
        return f"Mistral(server_url={self._server_url!r}, api_key={key})"


class FineTuning:
    """`Mistral(...).fine_tuning`: holds `jobs`."""

    def __init__(self, sdk: Mistral) -> None:
        self._sdk = sdk
        self._jobs: FineTuningJobs | None = None

    @property
    def jobs(self) -> FineTuningJobs:
        """Fine-tuning jobs: list, create, get, cancel, start (and `_async` twins)."""
        if self._jobs is None:
            from ._jobs import FineTuningJobs  # the models load with it: only when jobs are first used

            self._jobs = FineTuningJobs(self._sdk._sender, self._sdk._call)
        return self._jobs


def _resolve_retries(per_call: object, client_level: object) -> RetryConfig:
    try:
        return retry_policy.resolve(per_call, client_level)
    except TypeError as exc:  # retries=3 and the like
        name, value = ("retry_config", client_level) if per_call is retry_policy.UNSET else ("retries", per_call)
        raise InputValidationError(name, f"must be a utils.RetryConfig or None, got {type(value).__name__}") from exc


def _pool_size(value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputValidationError("max_connections", f"must be a positive integer, got {value!r}")
    return value


def _authorization(headers: Mapping[str, str]) -> str | None:
    """The Authorization header's value, whatever the case of its name."""
    return next((value for name, value in headers.items() if name.lower() == "authorization"), None)


def _base_url(url: str) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InputValidationError("server_url", f"must be an http(s) URL, got {url!r}")
    return url.rstrip("/")


def _timeout(timeout_ms: int | None) -> float | None:
    """Seconds for every phase of a request, from milliseconds."""
    if timeout_ms is None:
        return None
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int | float) or not timeout_ms > 0:
        raise InputValidationError("timeout_ms", f"must be a positive number of milliseconds, got {timeout_ms!r}")
    return timeout_ms / 1000
