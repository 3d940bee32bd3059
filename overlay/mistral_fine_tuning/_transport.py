"""Sending one call: headers, timeout, attempts under the retry policy, DEBUG logs, and the error mapping.

The sync and async senders differ only in how they send and how they sleep; every decision (retry or not, how long
to wait, which exception) is made by the shared `_Attempts` object and the pure `retry_policy.decide`. Every HTTP
object of a request comes from the family (httpx2 or httpx) of the client that sends it (see `_http`).
"""

from __future__ import annotations

import gc
import json
import logging
import random
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeAlias, TypedDict, TypeVar, cast

import httpx2

from . import _api, retry_policy
from ._http import HTTPX2, Family, family_of
from ._raw import RawResponse
from ._version import __version__
from .errors import (
    ClientClosedError,
    EventLoopError,
    ResponseValidationError,
    SDKError,
    UnprocessableEntityError,
    error_from_response,
    redact,
    request_id_of,
)
from .retry_policy import FailureKind, RetryConfig, UnsetType

if TYPE_CHECKING:
    import asyncio

    from ._http import AsyncClient, Response, SyncClient

R = TypeVar("R")

USER_AGENT: Final = f"mistral-fine-tuning-python/{__version__}"
DEFAULT_TIMEOUT: Final = httpx2.Timeout(60.0, connect=5.0)
DEFAULT_POOL_SIZE: Final = 50  # connections per client, all of them kept alive when idle (see `make bench`, P6)
_LOG_BODY_CHARS: Final = 200
_LARGE_BODY_BYTES: Final = 64 * 1024


Retries: TypeAlias = RetryConfig | UnsetType | None


OPTION_NAMES: Final = ("retries", "server_url", "timeout_ms", "http_headers")


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

    The HTTP request itself is built by the sender, with the client (sync or async) that sends it and that client's
    library (httpx2 or httpx).
    """

    __slots__ = (
        "headers",
        "idempotent",
        "if_lost",
        "kwargs",
        "parse",
        "request",
        "retries",
        "secrets",
        "target",
        "timeout",
    )

    def __init__(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], R],
        *,
        target: str,
        headers: dict[str, str],
        timeout: float | None,
        idempotent: bool,
        retries: RetryConfig,
        secrets: Sequence[str] = (),
        if_lost: str | None = None,
    ) -> None:
        self.kwargs = kwargs  # the generated operation's method, url path, params, json and headers
        self.parse = parse
        self.target = target  # the absolute URL
        self.headers = headers
        self.timeout = timeout  # seconds for every phase, or None for the client's own timeout
        self.idempotent = idempotent
        self.retries = retries
        self.secrets = secrets
        self.if_lost = if_lost  # what to tell the caller when the request may have acted but its answer was lost
        self.request: httpx2.Request

    def build(self, client: httpx2.Client | httpx2.AsyncClient, family: Family) -> httpx2.Request:
        """The request for `client` (which adds its own default headers and cookies), from `family`'s objects."""
        extra = self.kwargs.get("headers")
        self.request = client.build_request(
            self.kwargs["method"],
            family.url(self.target),
            params=self.kwargs.get("params"),
            json=self.kwargs.get("json"),
            headers={**self.headers, **extra} if extra else self.headers,
            timeout=family.timeout(self.timeout),
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
        if_lost: str | None = None,
    ) -> Call[R]: ...


class _Attempts:
    """The attempts of one call: counts them, asks the policy after each failure, logs every decision."""

    __slots__ = ("call", "count", "family", "logger", "started")

    def __init__(self, call: Call[Any], family: Family, logger: logging.Logger) -> None:
        self.call = call
        self.family = family
        self.logger = logger
        self.count = 0
        self.started = time.monotonic()

    def sent(self, response: Response | None, started: float, error: BaseException | None = None) -> None:
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

    def delay_after_status(self, response: Response) -> float | None:
        """Seconds to wait before re-sending after an error status, or None to stop and report it."""
        return self._decide(status=response.status_code, headers=response.headers)

    def delay_after_error(self, exc: Exception) -> float:
        """Seconds to wait before re-sending after a transport failure; raises APIConnectionError to stop."""
        kind = self.family.failure_kind(exc)
        delay = None if kind is None else self._decide(failure=kind)
        if delay is None:
            error = self.family.connection_error(exc)
            if self.call.if_lost and kind is not FailureKind.CONNECT:  # the server may have acted on it
                error.message = f"{error.message}. {self.call.if_lost}"
                error.args = (error.message,)
            raise error from exc
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
    """Sends calls with one configuration (clients, timeout, logger); owns the clients it creates.

    Clients are created on first use, once even when threads race for it. The async client the sender owns belongs
    to the event loop it was created in: a call from another loop (a second `asyncio.run()`) gets a fresh one.
    """

    def __init__(
        self,
        *,
        client: SyncClient | None,
        async_client: AsyncClient | None,
        timeout: float | None,
        logger: logging.Logger,
        max_connections: int | None = None,
    ) -> None:
        # A client of either library is driven through httpx2's API (they are the same) and its own Family.
        self._client = cast("httpx2.Client | None", client)
        self._family = HTTPX2 if client is None else family_of(client, is_async=False)
        self._async_client = cast("httpx2.AsyncClient | None", async_client)
        self._async_family = HTTPX2 if async_client is None else family_of(async_client, is_async=True)
        # The async clients this sender made, one per event loop that made calls (a loop's pooled connections
        # cannot serve another loop); a loop that is gone takes its entry with it.
        self._loop_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx2.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )
        self._owns_client = client is None
        self._owns_async_client = async_client is None
        # Every idle connection is kept, up to the pool's size: a pool that drops idle ones reopens them after each
        # burst, and one much larger than the calls in flight pays httpcore2's probe of every idle connection on each
        # pool pass (make bench, P6).
        size = DEFAULT_POOL_SIZE if max_connections is None else max_connections
        self._limits = httpx2.Limits(max_connections=size, max_keepalive_connections=size)
        self._lock = threading.Lock()
        self._closed = False
        # An injected client keeps its own timeout unless the caller asked for one (the official SDK overrides it).
        self.timeout = timeout
        self.logger = logger

    @property
    def closed(self) -> bool:
        """Whether `close()` or `aclose()` was called."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosedError("this Mistral client was closed; create a new one (or use it inside `with`)")

    def _sync_client(self) -> httpx2.Client:
        client = self._client
        if client is None:
            with self._lock:  # threads racing the first call must not each create (and orphan) a client
                self._check_open()
                client = self._client
                if client is None:
                    client = self._client = self._new_client()
                    # Closed when the Mistral object goes away or at exit, if the user never closed it.
                    weakref.finalize(self, client.close)
        return client

    def _new_client(self) -> httpx2.Client:
        return httpx2.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=True, limits=self._limits)

    def _new_async_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(timeout=DEFAULT_TIMEOUT, follow_redirects=True, limits=self._limits)

    def _current_async_client(self) -> httpx2.AsyncClient:
        if self._async_client is not None:  # the user's: it is used in whatever loop calls
            return self._async_client
        import asyncio  # here, not at the top: sync-only programs need not load it

        loop = asyncio.get_running_loop()
        client = self._loop_clients.get(loop)
        if client is None:
            with self._lock:  # tasks and threads racing the first call make one client per loop
                self._check_open()
                client = self._loop_clients.get(loop)
                if client is None:
                    client = self._loop_clients[loop] = self._new_async_client()
        return client

    def close(self) -> None:
        """Close the sync client if this sender created it; later calls raise ClientClosedError."""
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if self._owns_client and client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the clients this sender created; later calls raise ClientClosedError.

        An async client made for another event loop that is still running cannot be closed from this one: it is
        released when that loop is collected."""
        import asyncio

        with self._lock:
            self._closed = True
            current = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if current is not None:
            await current.aclose()
        self.close()

    def send(self, call: Call[R]) -> R:
        """Send `call`, re-sending as the policy allows, and return its parsed result."""
        response, _ = self._exchange(call)
        return read_result(call, response)

    def send_raw(self, call: Call[R]) -> RawResponse[R]:
        """Send `call` like `send`, and return the successful answer unparsed (error statuses still raise)."""
        response, attempts = self._exchange(call)
        return RawResponse(response, call.request, attempts.count - 1, lambda answer: read_result(call, answer))

    def _exchange(self, call: Call[Any]) -> tuple[Response, _Attempts]:
        """The final successful response of `call` and its attempts; raises for an error or a failure."""
        self._check_open()
        family = self._family
        attempts = _Attempts(call, family, self.logger)
        client = self._sync_client()
        request = call.build(client, family)
        while True:
            started = time.monotonic()
            try:
                response = client.send(request)
            except family.transport_error as exc:
                attempts.sent(None, started, exc)
                time.sleep(attempts.delay_after_error(exc))
                continue
            except family.request_error as exc:  # an undecodable body, a redirect loop: not worth another attempt
                attempts.sent(None, started, exc)
                raise family.connection_error(exc) from exc
            except RuntimeError as exc:
                raise _client_misuse(exc, owned=self._owns_client) from exc
            attempts.sent(response, started)
            if response.status_code < 400:
                return response, attempts
            delay = attempts.delay_after_status(response)
            if delay is None:
                raise error_for(call, response, self.logger)
            time.sleep(delay)

    async def send_async(self, call: Call[R]) -> R:
        """The async twin of `send`: same decisions, awaiting the send and the sleep."""
        response, _ = await self._exchange_async(call)
        return read_result(call, response)

    async def send_raw_async(self, call: Call[R]) -> RawResponse[R]:
        """The async twin of `send_raw`."""
        response, attempts = await self._exchange_async(call)
        return RawResponse(response, call.request, attempts.count - 1, lambda answer: read_result(call, answer))

    async def _exchange_async(self, call: Call[Any]) -> tuple[Response, _Attempts]:
        import asyncio

        self._check_open()
        family = self._async_family
        attempts = _Attempts(call, family, self.logger)
        client = self._current_async_client()
        request = call.build(client, family)
        while True:
            started = time.monotonic()
            try:
                response = await client.send(request)
            except family.transport_error as exc:
                attempts.sent(None, started, exc)
                await asyncio.sleep(attempts.delay_after_error(exc))
                continue
            except family.request_error as exc:
                attempts.sent(None, started, exc)
                raise family.connection_error(exc) from exc
            except RuntimeError as exc:
                raise _client_misuse(exc, owned=self._owns_async_client) from exc
            attempts.sent(response, started)
            if response.status_code < 400:
                return response, attempts
            delay = attempts.delay_after_status(response)
            if delay is None:
                raise error_for(call, response, self.logger)
            await asyncio.sleep(delay)


def _client_misuse(exc: RuntimeError, *, owned: bool) -> Exception:
    """Our error for the RuntimeError an HTTP client raises when it cannot send at all (closed, wrong loop)."""
    text = str(exc).lower()
    if "loop" in text:
        return EventLoopError(
            "the async client belongs to another (closed) event loop: pass Mistral a client created in this loop, "
            "or let Mistral create its own (it makes one per event loop)"
        )
    if "closed" in text and not owned:
        return ClientClosedError("the HTTP client passed to Mistral has been closed; pass an open one")
    return exc


def read_result(call: Call[R], response: Response) -> R:
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


def _stdlib_loads(content: bytes) -> Any:
    return json.loads(content)


def _jiter_loads() -> Callable[[bytes], Any]:
    """`json.loads`, through jiter when it is installed: the same result, 2-3x sooner on a page of jobs.

    jiter (Pydantic's JSON parser, a dependency of this package) keeps integers of any size, `NaN` and `Infinity`
    as `json.loads` does. It refuses a few bodies the standard library accepts (lone surrogates, a byte-order mark,
    UTF-16 or UTF-32): those, and every invalid body, are decoded again by `json.loads`, whose verdict and error
    stand. Without jiter (a vendored copy, say) `json.loads` is used alone.
    """
    try:
        from jiter import from_json
    except ImportError:
        return _stdlib_loads

    def loads(content: bytes) -> Any:
        try:
            return from_json(content, cache_mode="all")  # "all": repeated strings (statuses, models) are shared
        except ValueError:
            return json.loads(content)

    return loads


_loads: list[Callable[[bytes], Any]] = []  # loaded on the first body, keeping jiter off the import path


def decode_json(content: bytes) -> Any:
    """A response body decoded exactly as `json.loads` decodes it (see `_jiter_loads`)."""
    if not _loads:
        _loads.append(_jiter_loads())
    return _loads[0](content)


def _parse(call: Call[R], response: Response, content: bytes) -> R:
    try:
        data = decode_json(content)
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the interpreter's stack
        error = ResponseValidationError.from_response(response, cause=exc, reason="the body is not valid JSON")
        raise _scrub(error, call.secrets) from exc
    try:
        result = call.parse(data)
    except KeyError as exc:
        reason = f"the required field {exc.args[0]!r} is missing"
        raise _scrub(ResponseValidationError.from_response(response, cause=exc, reason=reason), call.secrets) from exc
    except (TypeError, ValueError, AttributeError) as exc:
        reason = f"the body does not have the expected shape ({type(exc).__name__}: {exc})"
        raise _scrub(ResponseValidationError.from_response(response, cause=exc, reason=reason), call.secrets) from exc
    if isinstance(result, _api.Model | _api.UnknownVariant):  # the id to quote to support: `result._request_id`
        result._origin_request_id = request_id_of(response.headers)
    return result


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


def error_for(call: Call[Any], response: Response, logger: logging.Logger | None) -> SDKError:
    """The typed error for an error response, with any secret the request carried scrubbed from its text."""
    error = _scrub(error_from_response(response), call.secrets)
    if error.status_code == 401 and not any(name.lower() == "authorization" for name in call.request.headers):
        error.message += " (no API key was sent: pass Mistral(api_key=...) or set MISTRAL_API_KEY)"
        error.args = (error.message,)
    if logger is not None and logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s: %s", call.request.method, call.request.url, error.message[:_LOG_BODY_CHARS])
    return error
