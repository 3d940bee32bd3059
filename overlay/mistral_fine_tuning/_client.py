"""`Mistral`: the client object people create, holding the configuration every call shares."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Final

from ._api import UNSET, Unset
from ._environment import API_KEY_ENV, DEFAULT_SERVER_URL, SERVER_URL_ENV, SERVERS
from ._transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    USER_AGENT,
    Sender,
    base_url,
    check_header,
    resolve_retries,
    safe_text_url,
    seconds,
)
from .errors import InputValidationError

if TYPE_CHECKING:
    from ._files import Files
    from ._ft_models import Models
    from ._jobs import FineTuningJobs
    from ._types import AsyncClient, SyncClient
    from .retry_policy import RetryConfig

# This package's name: "mistral_fine_tuning", or a vendored copy's own (its logger is then its own too).
PACKAGE: Final = __name__.rpartition(".")[0]


class Mistral:
    """A client for Mistral's fine-tuning API: `fine_tuning.jobs`, `files` and `models`.

    Args:
        api_key: the API key, or a function returning it (called for every request, e.g. to rotate keys). When
            None, the `MISTRAL_API_KEY` environment variable is read once, here. Without a key no Authorization
            header is sent. A key that cannot be sent as a header (a line break from a file with Windows line
            endings, a control or non-ASCII character) is refused with `InputValidationError`, never shown.
        server: a server by the official SDK's name for it (`"eu"`: https://api.mistral.ai).
        server_url: the API's base URL; a path prefix is kept. When neither it nor `server` is given,
            `MISTRAL_SERVER_URL` is read, then `https://api.mistral.ai` is used (so code written for the real API can
            run against a local fake).
        url_params: values for `{name}` placeholders in the server URL, as in the official SDK.
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
        max_response_bytes: keyword-only; the largest response body (decoded) a call reads, default 64 MiB; a
            larger one raises `ResponseTooLargeError` and is not read further. Error bodies are kept up to 64 KiB.
        user_agent_prefix: keyword-only; put before this client's own user-agent (an SDK embedding this one names
            itself there, e.g. "acme-sdk/1.4").
        read_environment: keyword-only; when False, `MISTRAL_API_KEY` and `MISTRAL_SERVER_URL` are not read (an
            embedding SDK that has its own configuration).

    Use it as a context manager (`with` or `async with`) to close the connections it opened.
    """

    def __init__(
        self,
        api_key: str | Callable[[], str] | None = None,
        server: str | None = None,
        server_url: str | None = None,
        url_params: Mapping[str, str] | None = None,
        client: SyncClient | None = None,
        async_client: AsyncClient | None = None,
        retry_config: RetryConfig | Unset | None = UNSET,
        timeout_ms: int | None = None,
        debug_logger: logging.Logger | None = None,
        *,
        max_connections: int | None = None,
        max_response_bytes: int | None = None,
        user_agent_prefix: str | None = None,
        read_environment: bool = True,
    ) -> None:
        if api_key is None and read_environment:
            api_key = os.environ.get(API_KEY_ENV) or None
        if not (api_key is None or isinstance(api_key, str) or callable(api_key)):
            raise InputValidationError("api_key", "must be a string, a function returning one, or None")
        from_environment = os.environ.get(SERVER_URL_ENV) if read_environment else None
        if server is not None and server not in SERVERS:
            raise InputValidationError("server", f"must be one of {', '.join(map(repr, SERVERS))}, got {server!r}")
        url = server_url or (SERVERS[server] if server is not None else None) or from_environment or DEFAULT_SERVER_URL
        user_agent = USER_AGENT
        if user_agent_prefix is not None:
            user_agent = f"{check_header('user_agent_prefix', 'user-agent', user_agent_prefix)} {USER_AGENT}"
        self._sender = Sender(
            api_key=api_key,
            server_url=base_url(_templated(url, url_params)),
            user_agent=user_agent,
            retries=resolve_retries(UNSET, retry_config),
            client=client,
            async_client=async_client,
            timeout=None if timeout_ms is None else seconds(timeout_ms),
            logger=debug_logger or logging.getLogger(PACKAGE),
            max_connections=_positive("max_connections", max_connections),
            max_response_bytes=_positive("max_response_bytes", max_response_bytes) or DEFAULT_MAX_RESPONSE_BYTES,
        )
        self._api_key_kind = "unset" if api_key is None else ("callable" if callable(api_key) else "***")
        self._fine_tuning: FineTuning | None = None
        self._files: Files | None = None
        self._models: Models | None = None

    @property
    def files(self) -> Files:
        """Files: upload, list, retrieve, delete, download, get_signed_url (and `_async` twins)."""
        if self._files is None:
            from ._files import Files  # the models load with it: only when files are first used

            self._files = Files(self._sender)
        return self._files

    @property
    def models(self) -> Models:
        """Models: retrieve, and update, archive, unarchive, delete for fine-tuned ones (and `_async` twins)."""
        if self._models is None:
            from ._ft_models import Models

            self._models = Models(self._sender)
        return self._models

    @property
    def fine_tuning(self) -> FineTuning:
        """The fine-tuning API: `fine_tuning.jobs`."""
        if self._fine_tuning is None:
            self._fine_tuning = FineTuning(self._sender)
        return self._fine_tuning

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
        return f"Mistral(server_url={safe_text_url(self._sender.server_url)!r}, api_key={self._api_key_kind})"


class FineTuning:
    """`Mistral(...).fine_tuning`: holds `jobs`."""

    def __init__(self, sender: Sender) -> None:
        self._sender = sender
        self._jobs: FineTuningJobs | None = None

    @property
    def jobs(self) -> FineTuningJobs:
        """Fine-tuning jobs: list, create, get, cancel, start (and `_async` twins)."""
        if self._jobs is None:
            from ._jobs import FineTuningJobs  # the models load with it: only when jobs are first used

            self._jobs = FineTuningJobs(self._sender)
        return self._jobs


def _templated(url: str, params: Mapping[str, str] | None) -> str:
    """`url` with each `{name}` replaced by `params[name]` (the official SDK's `url_params`)."""
    if params is None:
        return url
    if not isinstance(params, Mapping):
        raise InputValidationError("url_params", f"must be a dict, got {type(params).__name__}")
    for name, value in params.items():
        url = url.replace("{" + str(name) + "}", str(value))
    return url


def _positive(name: str, value: int | None) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputValidationError(name, f"must be a positive integer, got {value!r}")
    return value
