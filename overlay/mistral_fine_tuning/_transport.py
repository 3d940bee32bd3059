"""Sending one call: headers, timeout, attempts under the retry policy, DEBUG logs, and the error mapping.

The sync and async senders differ only in how they send and how they sleep; every decision (retry or not, how long
to wait, which exception) is made by the shared `_Attempts` object and the pure `retry_policy.decide`.
"""

from __future__ import annotations

import gc
import json
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Generic, Protocol, TypeAlias, TypedDict, TypeVar

import httpx

from . import retry_policy
from ._version import __version__
from .errors import (
    APIConnectionError,
    ResponseValidationError,
    SDKError,
    UnprocessableEntityError,
    error_from_response,
)
from .retry_policy import FailureKind, RetryConfig, UnsetType

R = TypeVar("R")

USER_AGENT: Final = f"mistral-fine-tuning-python/{__version__}"
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
_LOG_BODY_CHARS: Final = 200
_LARGE_BODY_BYTES: Final = 64 * 1024
_URL_CACHE_SIZE: Final = 256

_CONNECT_FAILURES: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_READ_TIMEOUTS: Final = (httpx.ReadTimeout, httpx.WriteTimeout)
_NETWORK_FAILURES: Final = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.CloseError)


def failure_kind(exc: httpx.TransportError) -> FailureKind | None:
    """What an httpx transport error says about whether the request reached the server (None: do not retry)."""
    if isinstance(exc, _CONNECT_FAILURES):
        return FailureKind.CONNECT
    if isinstance(exc, _READ_TIMEOUTS):
        return FailureKind.TIMEOUT_READ
    if isinstance(exc, _NETWORK_FAILURES):
        return FailureKind.NETWORK
    return None


_MIN_SECRET_CHARS: Final = 8  # shorter strings are not credentials, and replacing them would garble the text


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret (of at least eight characters) replaced by `***`."""
    for secret in secrets:
        if len(secret) >= _MIN_SECRET_CHARS and secret in text:
            text = text.replace(secret, "***")
    return text


Retries: TypeAlias = RetryConfig | UnsetType | None


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


class Call(Generic[R]):
    """One operation call, ready to send: what to request, how to read a success, and whether re-sending is safe.

    The httpx request itself is built by the sender, with the client (sync or async) that sends it.
    """

    __slots__ = ("headers", "idempotent", "kwargs", "parse", "request", "retries", "secrets", "timeout", "url")

    def __init__(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], R],
        *,
        url: httpx.URL,
        headers: dict[str, str],
        timeout: httpx.Timeout | None,
        idempotent: bool,
        retries: RetryConfig,
        secrets: Sequence[str] = (),
    ) -> None:
        self.kwargs = kwargs  # the generated operation's method, url path, params, json and headers
        self.parse = parse
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.idempotent = idempotent
        self.retries = retries
        self.secrets = secrets
        self.request: httpx.Request

    def build(self, client: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """The httpx request for `client` (which adds its own default headers and cookies)."""
        extra = self.kwargs.get("headers")
        self.request = client.build_request(
            self.kwargs["method"],
            self.url,
            params=self.kwargs.get("params"),
            json=self.kwargs.get("json"),
            headers={**self.headers, **extra} if extra else self.headers,
            timeout=self.timeout if self.timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        return self.request


class CallFactory(Protocol):
    """Makes the `Call` for one operation call from the generated operation's arguments (`Mistral._call`)."""

    def __call__(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], R],
        idempotent: bool,
        options: CallOptions,
        secrets: Sequence[str] = (),
    ) -> Call[R]: ...


class _Attempts:
    """The attempts of one call: counts them, asks the policy after each failure, logs every decision."""

    __slots__ = ("call", "count", "logger", "started")

    def __init__(self, call: Call[Any], logger: logging.Logger) -> None:
        self.call = call
        self.logger = logger
        self.count = 0
        self.started = time.monotonic()

    def sent(self, response: httpx.Response | None, started: float, error: BaseException | None = None) -> None:
        """Count an attempt and log its outcome at DEBUG (nothing is formatted when DEBUG is off)."""
        self.count += 1
        if self.logger.isEnabledFor(logging.DEBUG):
            request = self.call.request
            outcome = f"status {response.status_code}" if response is not None else f"failed: {type(error).__name__}"
            self.logger.debug(
                "%s %s -> %s in %.1f ms (attempt %d)",
                request.method,
                request.url,
                outcome,
                (time.monotonic() - started) * 1000,
                self.count,
            )

    def delay_after_status(self, response: httpx.Response) -> float | None:
        """Seconds to wait before re-sending after an error status, or None to stop and report it."""
        return self._decide(status=response.status_code, headers=response.headers)

    def delay_after_error(self, exc: httpx.TransportError) -> float:
        """Seconds to wait before re-sending after a transport failure; raises APIConnectionError to stop."""
        kind = failure_kind(exc)
        delay = None if kind is None else self._decide(failure=kind)
        if delay is None:
            raise APIConnectionError.from_httpx(exc) from exc
        return delay

    def _decide(
        self,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        failure: FailureKind | None = None,
    ) -> float | None:
        decision = retry_policy.decide(
            self.call.retries,
            idempotent=self.call.idempotent,
            attempt=self.count,
            elapsed=time.monotonic() - self.started,
            status=status,
            headers=headers,
            failure=failure,
            random_fraction=random.random(),
        )
        if self.logger.isEnabledFor(logging.DEBUG):
            self.logger.debug("%s %s: %s", self.call.request.method, self.call.request.url, decision.reason)
        return decision.delay if decision.retry else None


class Sender:
    """Sends calls with one configuration (clients, timeout, logger); owns the clients it creates."""

    def __init__(
        self,
        *,
        client: httpx.Client | None,
        async_client: httpx.AsyncClient | None,
        timeout: httpx.Timeout | None,
        logger: logging.Logger,
    ) -> None:
        self._client = client
        self._async_client = async_client
        self._owns_client = client is None
        self._owns_async_client = async_client is None
        # An injected client keeps its own timeout unless the caller asked for one (the official SDK overrides it).
        self.timeout: httpx.Timeout | None = timeout
        self.logger = logger
        self._urls: dict[str, httpx.URL] = {}

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=True)
        return self._client

    @property
    def async_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, follow_redirects=True)
        return self._async_client

    def close(self) -> None:
        """Close the sync client if this sender created it."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """Close the clients this sender created."""
        if self._owns_async_client and self._async_client is not None:
            await self._async_client.aclose()
            self._async_client = None
        self.close()

    def url(self, target: str) -> httpx.URL:
        """The parsed URL, kept for the next call to the same place (a job being polled, the list): parsing a URL
        is about half of httpx's cost to build a request."""
        url = self._urls.get(target)
        if url is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            url = self._urls[target] = httpx.URL(target)
        return url

    def send(self, call: Call[R]) -> R:
        """Send `call`, re-sending as the policy allows, and return its parsed result."""
        attempts = _Attempts(call, self.logger)
        client = self.client
        request = call.build(client)
        while True:
            started = time.monotonic()
            try:
                response = client.send(request)
            except httpx.TransportError as exc:
                attempts.sent(None, started, exc)
                time.sleep(attempts.delay_after_error(exc))
                continue
            except httpx.RequestError as exc:  # an undecodable body, a redirect loop: not worth another attempt
                attempts.sent(None, started, exc)
                raise APIConnectionError.from_httpx(exc) from exc
            attempts.sent(response, started)
            if response.status_code < 400:
                return read_result(call, response)
            delay = attempts.delay_after_status(response)
            if delay is None:
                raise error_for(call, response, self.logger)
            time.sleep(delay)

    async def send_async(self, call: Call[R]) -> R:
        """The async twin of `send`: same decisions, awaiting the send and the sleep."""
        import asyncio  # here, not at the top: sync-only programs need not load it

        attempts = _Attempts(call, self.logger)
        client = self.async_client
        request = call.build(client)
        while True:
            started = time.monotonic()
            try:
                response = await client.send(request)
            except httpx.TransportError as exc:
                attempts.sent(None, started, exc)
                await asyncio.sleep(attempts.delay_after_error(exc))
                continue
            except httpx.RequestError as exc:
                attempts.sent(None, started, exc)
                raise APIConnectionError.from_httpx(exc) from exc
            attempts.sent(response, started)
            if response.status_code < 400:
                return read_result(call, response)
            delay = attempts.delay_after_status(response)
            if delay is None:
                raise error_for(call, response, self.logger)
            await asyncio.sleep(delay)


def read_result(call: Call[R], response: httpx.Response) -> R:
    """Decode and parse a success; any failure becomes ResponseValidationError carrying the body."""
    if response.status_code >= 300:
        raise error_for(call, response, None)
    content = response.content
    if len(content) < _LARGE_BODY_BYTES:
        return _parse(call, response, content)
    # A large page allocates tens of thousands of JSON and model objects, none of which can form a reference cycle:
    # the cyclic collector's passes during that burst are pure overhead (about a tenth of a 1000-job list).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse(call, response, content)
    finally:
        if paused:
            gc.enable()


def _parse(call: Call[R], response: httpx.Response, content: bytes) -> R:
    try:
        data = json.loads(content)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the interpreter's stack
        error = ResponseValidationError.from_response(response, cause=exc, reason="the body is not valid JSON")
        raise _scrub(error, call.secrets) from exc
    try:
        return call.parse(data)
    except KeyError as exc:
        reason = f"the required field {exc.args[0]!r} is missing"
        raise _scrub(ResponseValidationError.from_response(response, cause=exc, reason=reason), call.secrets) from exc
    except (TypeError, ValueError, AttributeError) as exc:
        reason = f"the body does not have the expected shape ({type(exc).__name__}: {exc})"
        raise _scrub(ResponseValidationError.from_response(response, cause=exc, reason=reason), call.secrets) from exc


def _scrub(error: SDKError, secrets: Sequence[str]) -> SDKError:
    """`error` with every secret the request carried replaced in its message, body and parsed 422 detail."""
    if secrets:
        error.message = redact(error.message, secrets)
        error.body = redact(error.body, secrets)
        error.args = (error.message,)
        if isinstance(error, UnprocessableEntityError):
            error.detail = [_redact_value(item, secrets) for item in error.detail]
            if error.detail_text is not None:
                error.detail_text = redact(error.detail_text, secrets)
    return error


def _redact_value(value: Any, secrets: Sequence[str]) -> Any:
    """A decoded JSON value with `redact` applied to every string in it."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, list):
        return [_redact_value(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: _redact_value(item, secrets) for key, item in value.items()}
    return value


def error_for(call: Call[Any], response: httpx.Response, logger: logging.Logger | None) -> SDKError:
    """The typed error for an error response, with any secret the request carried scrubbed from its text."""
    error = _scrub(error_from_response(response), call.secrets)
    if logger is not None and logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s: %s", call.request.method, call.request.url, error.message[:_LOG_BODY_CHARS])
    return error
