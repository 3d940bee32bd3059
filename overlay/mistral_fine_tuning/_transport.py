"""Sending one call: headers, timeout, attempts under the retry policy, bounded bodies, redirects, DEBUG logs.

`Sender` holds what every call of one `Mistral` shares (the API key, base URL, user agent, retry policy, the HTTP
clients it owns) and turns an operation's generated arguments into a `Call`, then sends it. The sync and async paths
differ only in how they send, read and sleep; every decision (retry or not, how long to wait, which exception) is
made by the shared `_Attempts` object, the pure `retry_policy.decide`, and `errors`, where every exception is built.
Every HTTP object of a request comes from the family (httpx2 or httpx) of the client that sends it (see `_http`).

What a server cannot do to a caller here: make it read more than `max_response_bytes` of decoded body (compressed
bodies are decoded with a bound on their output), make it follow a redirect to another origin (which would carry the
request's body and headers there), or pass off an answer that does not parse as a result.
"""

from __future__ import annotations

import gc
import json
import logging
import random
import re
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, cast

import httpx2

from . import _api, retry_policy
from ._http import HTTPX2, Family, family_of
from ._raw import RawResponse
from ._version import __version__
from .errors import (
    APIConnectionError,
    ClientClosedError,
    EventLoopError,
    InputValidationError,
    ResponseTooLargeError,
    ResponseValidationError,
    SDKError,
    error_from_response,
    request_id_of,
    response_validation_error,
    safe_url,
)
from .retry_policy import FailureKind, RetryConfig

if TYPE_CHECKING:
    import asyncio
    import ssl
    from collections.abc import AsyncIterator

    from ._types import AsyncClient, CallOptions, Response, SyncClient

R = TypeVar("R")

USER_AGENT: Final = f"mistral-fine-tuning-python/{__version__}"
DEFAULT_TIMEOUT: Final = httpx2.Timeout(60.0, connect=5.0)
DEFAULT_POOL_SIZE: Final = 50  # connections per client, all of them kept alive when idle (see `make bench`, P6)
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024
"""The largest decoded response body a call reads (a page of 1000 jobs is about 1 MB)."""
ERROR_BODY_BYTES: Final = 64 * 1024
"""How much of an error response's body is kept (the rest is not read)."""
MAX_REDIRECTS: Final = 5
_ACCEPT_ENCODING: Final = "gzip, deflate"  # the encodings `_BodyReader` decodes (under a bound)
_LOG_BODY_CHARS: Final = 200
_LARGE_BODY_BYTES: Final = 64 * 1024
_DECODE_STEP: Final = 64 * 1024
# A header value sent as is: visible ASCII and inner spaces. A line break, NUL or other control character would be
# refused by the HTTP library with an error quoting the value (which may be a key); non-ASCII cannot be encoded.
_HEADER_VALUE: Final = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")
_HEADER_NAME: Final = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


def check_header(where: str, name: str, value: object) -> str:
    """`value` if it can be sent as the header `name`; else InputValidationError naming `where`, never the value."""
    if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
        raise InputValidationError(where, f"{name!r} is not a valid header name")
    if not isinstance(value, str):
        raise InputValidationError(where, f"the value of {name!r} must be a string, got {type(value).__name__}")
    if value and not _HEADER_VALUE.fullmatch(value):
        raise InputValidationError(
            where,
            f"the value of {name!r} contains a line break, a control or non-ASCII character, or leading or "
            "trailing spaces (not shown: it may be a secret); read from a file with Windows line endings?",
        )
    return value


class Confirm(Generic[R]):
    """How to tell, after a retried state change ends in 409, whether an earlier attempt took effect: `read` makes
    the call that re-reads the object, `done` says whether what it returned shows the change."""

    __slots__ = ("done", "read")

    def __init__(self, read: Callable[[], Call[R]], done: Callable[[R], bool]) -> None:
        self.read = read
        self.done = done


class Call(Generic[R]):
    """One operation call, ready to send: what to request, how to read a success, and whether re-sending is safe.

    The HTTP request itself is built by the sender, with the client (sync or async) that sends it and that client's
    library (httpx2 or httpx).
    """

    __slots__ = (
        "confirm",
        "echo",
        "headers",
        "idempotent",
        "if_lost",
        "key_sent",
        "kwargs",
        "parse",
        "request",
        "retries",
        "secrets",
        "stream",
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
        key_sent: bool = True,
        echo: tuple[str, object] | None = None,
        confirm: Confirm[R] | None = None,
        stream: bool = False,
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
        self.key_sent = key_sent
        self.echo = echo  # (field, value) the result must carry: the id of the object asked for
        self.confirm = confirm
        self.stream = stream  # the answer's body is the result, handed over unread (a download)
        self.request: httpx2.Request

    def build(self, client: httpx2.Client | httpx2.AsyncClient, family: Family, url: Any = None) -> httpx2.Request:
        """The request for `client` (which adds its own default headers and cookies), from `family`'s objects."""
        extra = self.kwargs.get("headers")
        headers = {**self.headers, **extra} if extra else self.headers
        try:
            target = family.url(self.target)
            if target.userinfo:  # user:password@ in the server URL (kept for a redirect's request too)
                headers = self._credentials_as_header(target, headers)
                url = (target if url is None else url).copy_with(userinfo=b"")
            elif url is None:
                url = target
            self.request = client.build_request(
                self.kwargs["method"],
                url,
                params=self.kwargs.get("params"),
                json=self.kwargs.get("json"),
                files=self.kwargs.get("files"),
                headers=headers,
                timeout=family.timeout(self.timeout),
            )
        except family.invalid_url as exc:  # a path parameter or base URL the URL parser refuses (far too long)
            problem = f"the request's URL is not valid ({type(exc).__name__}: {_url_problem(exc)})"
            if self._base_url_parses(family):
                raise InputValidationError("arguments", f"{problem}: an argument is far too long or malformed") from exc
            raise InputValidationError("server_url", problem) from exc
        return self.request

    def _base_url_parses(self, family: Family) -> bool:
        """Whether the server URL alone is one the URL parser takes (so a refused URL is the arguments' fault)."""
        try:
            family.url(self.target[: len(self.target) - len(self.kwargs["url"])])
        except family.invalid_url:
            return False
        return True

    def _credentials_as_header(self, url: Any, headers: dict[str, str]) -> dict[str, str]:
        """`headers` with the credentials of `url` as a Basic Authorization header: what the HTTP library would
        send for them, so that the URL it is given, logs (at INFO) and quotes in its errors can go without the
        password. The password joins the secrets kept out of errors."""
        import base64

        password = url.password
        if password and password not in self.secrets:
            self.secrets = (*self.secrets, password)
        token = base64.b64encode(f"{url.username}:{password}".encode()).decode("ascii")
        kept = {name: value for name, value in headers.items() if name.lower() != "authorization"}
        return {**kept, "Authorization": f"Basic {token}"}


def _url_problem(exc: Exception) -> str:
    """What the URL parser said, when it is one of its own short sentences (it may otherwise quote the URL)."""
    text = str(exc)
    return text if len(text) <= 40 and "/" not in text and "@" not in text else "refused by the URL parser"


# --- reading a body under a bound ------------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


class _Undecodable(Exception):
    pass


class _BodyReader:
    """Collects a response body, decoding its Content-Encoding, and stops once the decoded body passes `limit`.

    Written here rather than left to the HTTP library, which decodes each chunk with no bound on what it produces:
    a small compressed body (gzip inside gzip) expands to gigabytes before any size check could run. zlib's
    `max_length` keeps every step small.
    """

    __slots__ = ("_chunks", "_layers", "_limit", "_size", "_unsupported", "cut")

    def __init__(self, content_encoding: str | None, limit: int, *, cut: bool = False) -> None:
        self._limit = limit
        self._size = 0
        self._chunks: list[bytes] = []
        self.cut = cut  # True: keep the first `limit` bytes and stop (an error body); False: fail past the limit
        self._layers: list[Any] = []
        self._unsupported: str | None = None
        if content_encoding:
            names = [name.strip().lower() for name in content_encoding.split(",")]
            names = [name for name in names if name and name != "identity"]
            if names:
                import zlib

                for name in reversed(names):  # the last encoding applied is the first undone
                    if name in ("gzip", "x-gzip"):
                        self._layers.append(zlib.decompressobj(zlib.MAX_WBITS | 16))
                    elif name == "deflate":
                        self._layers.append(_Deflate())
                    else:
                        self._unsupported = f"the body is encoded with {name[:40]!r}, which was not asked for"

    def feed(self, data: bytes) -> bool:
        """Take raw bytes; False once enough has been read (`cut` mode)."""
        if self._unsupported:
            raise _Undecodable(self._unsupported)
        if not self._layers:
            return self._keep(data)
        try:
            return self._push(0, data)
        except _TooLarge:  # the bound was reached while decoding: the body is too large, not corrupt
            raise
        except Exception as exc:  # zlib.error and friends: a corrupt compressed body
            raise _Undecodable(f"the compressed body is corrupt ({exc})") from exc

    def _push(self, index: int, data: bytes) -> bool:
        if index == len(self._layers):
            return self._keep(data)
        layer = self._layers[index]
        while data:
            piece = layer.decompress(data, _DECODE_STEP)
            data = layer.unconsumed_tail
            if piece and not self._push(index + 1, piece):
                return False
            if not piece and not data:
                break
        return True

    def check_size(self, size: int) -> None:
        """Raise as `feed` would for a body of `size` bytes read by someone else."""
        if size > self._limit:
            raise _TooLarge

    def _keep(self, data: bytes) -> bool:
        self._size += len(data)
        if self._size > self._limit:
            if not self.cut:
                raise _TooLarge
            self._chunks.append(data[: len(data) - (self._size - self._limit)])
            return False
        self._chunks.append(data)
        return True

    def finish(self) -> bytes:
        """The decoded body (raises like `feed` for the rest of a compressed stream)."""
        if self._unsupported:
            raise _Undecodable(self._unsupported)
        try:
            for index, layer in enumerate(self._layers):
                rest = layer.flush()
                if rest and not self._push(index + 1, rest):
                    break
        except (_TooLarge, _Undecodable):
            raise
        except Exception as exc:
            raise _Undecodable(f"the compressed body is corrupt ({exc})") from exc
        return self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)


class _Deflate:
    """HTTP's `deflate`: a zlib stream, or (as some servers send it) raw deflate data."""

    __slots__ = ("_inner", "_started")

    def __init__(self) -> None:
        import zlib

        self._inner = zlib.decompressobj()
        self._started = False

    @property
    def unconsumed_tail(self) -> bytes:
        tail: bytes = self._inner.unconsumed_tail
        return tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        import zlib

        if self._started:
            return self._inner.decompress(data, max_length)
        self._started = True
        try:
            return self._inner.decompress(data, max_length)
        except zlib.error:
            self._inner = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._inner.decompress(data, max_length)

    def flush(self) -> bytes:
        return self._inner.flush()


def _reader(response: Response, limit: int, success: bool) -> _BodyReader:
    # An error's body is cut at `limit` and kept; a success's must fit whole.
    return _BodyReader(response.headers.get("content-encoding"), limit, cut=not success)


def _store(response: Response, content: bytes) -> None:
    # What the HTTP library's own `read()` stores, so `.content`, `.text` and `.json()` work as usual.
    response._content = content


def _already_read(response: Response, reader: _BodyReader) -> bool:
    """Whether the transport handed over a response already read (a mock transport does): its body is taken as it
    is, under the same bound."""
    if not response.is_stream_consumed:
        return False
    content = getattr(response, "_content", None)
    if content is not None and not reader.cut:
        reader.check_size(len(content))
    return True


def _read(response: Response, reader: _BodyReader) -> None:
    if _already_read(response, reader):
        return
    try:
        for data in response.iter_raw():
            if not reader.feed(data):
                break
        _store(response, reader.finish())
    finally:
        response.close()


async def _read_async(response: Response, reader: _BodyReader) -> None:
    if _already_read(response, reader):
        return
    try:
        async for data in response.aiter_raw():
            if not reader.feed(data):
                break
        _store(response, reader.finish())
    finally:
        await response.aclose()


# --- attempts ------------------------------------------------------------------------------------------------------


_DONE: Final = object()  # `_Attempts.next_step`: the response is the answer


class _Attempts:
    """The attempts of one call: counts them, asks the policy after each failure, logs every decision, and
    remembers whether an attempt that was re-sent may have acted (it failed after the request could have reached the
    server)."""

    __slots__ = ("call", "count", "family", "logger", "may_have_acted", "redirects", "started")

    def __init__(self, call: Call[Any], family: Family, logger: logging.Logger) -> None:
        self.call = call
        self.family = family
        self.logger = logger
        self.count = 0
        self.redirects = 0
        self.may_have_acted = False
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
                safe_url(request.url, query=True),
                outcome,
                (time.monotonic() - started) * 1000,
                self.count,
            )

    def delay_after_status(self, response: Response) -> float | None:
        """Seconds to wait before re-sending after an error status, or None to stop and report it."""
        status = response.status_code
        delay = self._decide(status=status, headers=response.headers)
        if delay is not None and status >= 500 and status != 503:  # 503: the server did not take the request
            self.may_have_acted = True
        return delay

    def delay_after_error(self, exc: Exception) -> float:
        """Seconds to wait before re-sending after a transport failure; raises APIConnectionError to stop."""
        kind = self.family.failure_kind(exc)
        delay = None if kind is None else self._decide(failure=kind)
        if delay is not None and kind is not FailureKind.CONNECT:
            self.may_have_acted = True  # and it is sent again
        if delay is None:
            if_lost = self.call.if_lost if kind is not FailureKind.CONNECT else None  # the server may have acted
            raise self.family.connection_error(exc, if_lost=if_lost, secrets=self.call.secrets) from exc
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
            request = self.call.request
            self.logger.debug("%s %s: %s", request.method, safe_url(request.url, query=True), decision.reason)
        return float(decision.delay) if decision.retry else None

    def next_step(self, response: Response) -> Any:
        """What follows a response: `_DONE` for a success, seconds to sleep before re-sending, a URL to follow a
        redirect to, or None to give up and report it."""
        if response.status_code < 300:
            return _DONE
        target = self.redirect(response)
        if target is not None:
            return target
        return self.delay_after_status(response)

    def redirect(self, response: Response) -> Any:
        """The URL to follow a redirect to, or None when `response` is not one this client follows: only to the
        same origin, at most `MAX_REDIRECTS` times, and only where the method is kept (307, 308; any for GET)."""
        if response.status_code not in _REDIRECTS or "location" not in response.headers:
            return None
        request = self.call.request
        if request.method != "GET" and response.status_code not in (307, 308):
            return None
        try:
            target = request.url.join(response.headers["location"])
        except Exception:  # a Location the URL parser refuses: reported as the 3xx it is
            return None
        same_origin = (target.scheme, target.host, target.port) == (
            request.url.scheme,
            request.url.host,
            request.url.port,
        )
        if not same_origin or self.redirects >= MAX_REDIRECTS:
            return None
        self.redirects += 1
        return target


def _not_followed(response: Response) -> str | None:
    """Why a redirect was not followed, for the error's message."""
    if response.status_code not in _REDIRECTS:
        return None
    location = response.headers.get("location")
    if not location:
        return "redirect without a Location"
    try:
        target = response.request.url.join(location)
        shown = safe_url(target)
    except Exception:
        shown = "an invalid URL"
    return (
        f"redirect to {shown} not followed: this client follows redirects only to the same origin, keeping the "
        f"method, at most {MAX_REDIRECTS} times"
    )


async def _close_with_loop(
    owner: weakref.ref[Sender], loop: asyncio.AbstractEventLoop, client: httpx2.AsyncClient
) -> AsyncIterator[None]:
    """An async generator that closes `loop`'s client when the loop finalizes it: when the loop shuts down
    (`asyncio.run` does, at its end), or as soon as the sender holding it is dropped while the loop runs. It holds
    its sender only weakly: a reference cycle would leave the client to the cyclic collector, which finalizes its
    sockets (a ResourceWarning each) before the loop could close them."""
    try:
        yield
    finally:
        sender = owner()
        if sender is not None:
            with sender._lock:
                if sender._loop_clients.get(loop, (None,))[0] is client:
                    del sender._loop_clients[loop]
        await client.aclose()


# --- the sender ----------------------------------------------------------------------------------------------------


class Sender:
    """Makes and sends calls with one configuration; owns the HTTP clients it creates.

    Clients are created on first use, once even when threads race for it. The async client the sender owns belongs
    to the event loop it was created in: a call from another loop (a second `asyncio.run()`) gets a fresh one, and
    each is closed when its loop shuts down (the loop's async-generator shutdown, which `asyncio.run` performs), so
    that no connection outlives its loop.
    """

    def __init__(
        self,
        *,
        api_key: str | Callable[[], str] | None,
        server_url: str,
        user_agent: str,
        retries: RetryConfig,
        client: SyncClient | None,
        async_client: AsyncClient | None,
        timeout: float | None,
        logger: logging.Logger,
        max_connections: int | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._api_key = api_key
        self.server_url = server_url
        self._user_agent = user_agent
        self.retries = retries
        self.max_response_bytes = max_response_bytes
        # A client of either library is driven through httpx2's API (they are the same) and its own Family.
        self._client = cast("httpx2.Client | None", client)
        self._family = HTTPX2 if client is None else family_of(client, is_async=False)
        self._async_client = cast("httpx2.AsyncClient | None", async_client)
        self._async_family = HTTPX2 if async_client is None else family_of(async_client, is_async=True)
        # The async clients this sender made, one per event loop that made calls (a loop's pooled connections
        # cannot serve another loop), each with the async generator that closes it when its loop shuts down.
        self._loop_clients: dict[asyncio.AbstractEventLoop, tuple[httpx2.AsyncClient, Any]] = {}
        self._owns_client = client is None
        self._owns_async_client = async_client is None
        # Every idle connection is kept, up to the pool's size: a pool that drops idle ones reopens them after each
        # burst, and one much larger than the calls in flight pays httpcore2's probe of every idle connection on each
        # pool pass (make bench, P6).
        size = DEFAULT_POOL_SIZE if max_connections is None else max_connections
        self._limits = httpx2.Limits(max_connections=size, max_keepalive_connections=size)
        self._lock = threading.Lock()
        self._tls_context: ssl.SSLContext | None = None
        self._closed = False
        # An injected client keeps its own timeout unless the caller asked for one (the official SDK overrides it).
        self.timeout = timeout
        self.logger = logger
        # A fixed key gives fixed headers: built (and checked) once, not per call.
        self._headers: dict[str, str] | None = None if callable(api_key) else self._build_headers(api_key)

    # --- making calls

    def _build_headers(self, key: str | None) -> dict[str, str]:
        headers = {"Accept": "application/json", "Accept-Encoding": _ACCEPT_ENCODING, "user-agent": self._user_agent}
        if key:
            headers["Authorization"] = f"Bearer {check_header('api_key', 'Authorization', key)}"
        return headers

    def call(
        self,
        kwargs: dict[str, Any],
        parse: Callable[[Any], R],
        *,
        idempotent: bool,
        options: CallOptions,
        secrets: Sequence[str] = (),
        if_lost: str | None = None,
        echo: tuple[str, object] | None = None,
        confirm: Confirm[R] | None = None,
        stream: bool = False,
    ) -> Call[R]:
        """One call from the generated operation's arguments, these settings and the call's own options.

        Raises:
            InputValidationError: an option, a header or the API key (from a function) cannot be used.
        """
        headers = self._headers
        if headers is None:  # a key function: called for every call
            key = cast("Callable[[], str]", self._api_key)()
            if not (key is None or isinstance(key, str)):
                raise InputValidationError(
                    "api_key", f"the key function must return a string, got {type(key).__name__}"
                )
            headers = self._build_headers(key)
        authorization = headers.get("Authorization")
        http_headers = options.get("http_headers")
        if http_headers:  # header names are case-insensitive: a per-call header replaces the client's
            if not isinstance(http_headers, Mapping):
                raise InputValidationError("http_headers", f"must be a dict, got {type(http_headers).__name__}")
            given = {name: check_header("http_headers", name, value) for name, value in http_headers.items()}
            overridden = {name.lower() for name in given}
            headers = {**{k: v for k, v in headers.items() if k.lower() not in overridden}, **given}
            authorization = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
            secrets = (*secrets, *(value for value in given.values() if len(value) >= 16))  # may be tokens
        if authorization:
            secrets = (*secrets, authorization.removeprefix("Bearer "))
        server_url = options.get("server_url")
        timeout_ms = options.get("timeout_ms")
        retries = options.get("retries", _api.UNSET)
        return Call(
            kwargs,
            parse,
            target=(self.server_url if server_url is None else base_url(server_url)) + kwargs["url"],
            headers=headers,
            timeout=self.timeout if timeout_ms is None else seconds(timeout_ms),
            idempotent=idempotent,
            retries=self.retries if retries is _api.UNSET else resolve_retries(retries, self.retries),
            secrets=secrets,
            if_lost=if_lost,
            key_sent=bool(authorization),
            echo=echo,
            confirm=confirm,
            stream=stream,
        )

    # --- clients

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
                    client = self._client = httpx2.Client(
                        timeout=DEFAULT_TIMEOUT, follow_redirects=False, limits=self._limits, verify=self._tls()
                    )
                    # Closed when the Mistral object goes away or at exit, if the user never closed it.
                    weakref.finalize(self, client.close)
        return client

    def _tls(self) -> ssl.SSLContext:
        """The TLS settings every client this sender makes shares (called under the lock): made once, as each client
        would make them (the system's CA certificates, `SSL_CERT_FILE` / `SSL_CERT_DIR`), because loading the CA
        certificates costs about 60 ms of CPU, which a client made per event loop (`asyncio.run` per call) paid
        every time."""
        if self._tls_context is None:
            self._tls_context = httpx2.create_ssl_context()
        return self._tls_context

    async def _current_async_client(self) -> httpx2.AsyncClient:
        if self._async_client is not None:  # the user's: it is used in whatever loop calls
            return self._async_client
        import asyncio  # here, not at the top: sync-only programs need not load it

        loop = asyncio.get_running_loop()
        entry = self._loop_clients.get(loop)
        if entry is not None:
            return entry[0]
        with self._lock:  # tasks and threads racing the first call make one client per loop
            self._check_open()
            entry = self._loop_clients.get(loop)
            if entry is None:
                for gone in [other for other in self._loop_clients if other.is_closed()]:
                    del self._loop_clients[gone]  # a loop closed without shutting down its generators
                client = httpx2.AsyncClient(
                    timeout=DEFAULT_TIMEOUT, follow_redirects=False, limits=self._limits, verify=self._tls()
                )
                closer = _close_with_loop(weakref.ref(self), loop, client)
                entry = self._loop_clients[loop] = (client, closer)
            else:
                closer = None
        if closer is not None:
            await closer.__anext__()  # runs it to its yield: the loop now closes it at shutdown
        return entry[0]

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
        closed when that loop shuts down."""
        import asyncio

        with self._lock:
            self._closed = True
            entry = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            await entry[0].aclose()
        self.close()

    # --- sending

    def send(self, call: Call[R]) -> R:
        """Send `call`, re-sending as the policy allows, and return its parsed result (for a streamed call, the
        response itself, unread: the caller reads and closes it)."""
        response, _, answered = self._exchange(call)
        result: R = _result(answered, response)
        return result

    def send_raw(self, call: Call[R]) -> RawResponse[R]:
        """Send `call` like `send`, and return the successful answer unparsed (error statuses still raise)."""
        return _raw(*self._exchange(call))

    def _exchange(self, call: Call[Any]) -> tuple[Response, _Attempts, Call[Any]]:
        """The final successful response of `call`, its attempts, and the call it answers (`call`, or the re-read
        of a state change that took effect); raises for an error or a failure."""
        self._check_open()
        family = self._family
        attempts = _Attempts(call, family, self.logger)
        client = self._sync_client()
        request = call.build(client, family)
        while True:
            started = time.monotonic()
            try:
                response = self._attempt(client, request, call, family)
            except family.transport_error as exc:
                attempts.sent(None, started, exc)
                time.sleep(attempts.delay_after_error(exc))
                continue
            attempts.sent(response, started)
            step = attempts.next_step(response)
            if step is _DONE:
                return response, attempts, call
            if isinstance(step, float):
                time.sleep(step)
            elif step is not None:
                request = call.build(client, family, url=step)
            else:
                confirm = self._confirmation(call, attempts, response)
                if confirm is not None:
                    try:
                        answer, _, _ = self._exchange(confirm)
                        if cast("Confirm[Any]", call.confirm).done(read_result(confirm, answer)):
                            return answer, attempts, confirm
                    except (SDKError, APIConnectionError):
                        pass  # the re-read failed too: the 409 is reported, saying an attempt may have acted
                raise error_for(call, response, self.logger, attempts)

    def _attempt(self, client: httpx2.Client, request: httpx2.Request, call: Call[Any], family: Family) -> Response:
        """One attempt: the response, its body read under the bound (or, streamed, checked and left unread)."""
        try:
            response = client.send(request, stream=True, follow_redirects=False)
        except family.request_error as exc:
            if isinstance(exc, family.transport_error):
                raise
            raise family.connection_error(exc, secrets=call.secrets) from exc  # not worth another attempt
        except RuntimeError as exc:
            raise _client_misuse(exc, owned=self._owns_client) from exc
        success = response.status_code < 300
        if success and call.stream:
            _check_stream(call, response)
            return response
        try:
            _read(response, _reader(response, self.max_response_bytes if success else ERROR_BODY_BYTES, success))
        except (_TooLarge, _Undecodable) as exc:
            self._unreadable(call, response, exc, success)
        return response

    async def send_async(self, call: Call[R]) -> R:
        """The async twin of `send`: same decisions, awaiting the send and the sleep."""
        response, _, answered = await self._exchange_async(call)
        result: R = _result(answered, response)
        return result

    async def send_raw_async(self, call: Call[R]) -> RawResponse[R]:
        """The async twin of `send_raw`."""
        return _raw(*await self._exchange_async(call))

    async def _exchange_async(self, call: Call[Any]) -> tuple[Response, _Attempts, Call[Any]]:
        import asyncio

        self._check_open()
        family = self._async_family
        attempts = _Attempts(call, family, self.logger)
        client = await self._current_async_client()
        request = call.build(client, family)
        while True:
            started = time.monotonic()
            try:
                response = await self._attempt_async(client, request, call, family)
            except family.transport_error as exc:
                attempts.sent(None, started, exc)
                await asyncio.sleep(attempts.delay_after_error(exc))
                continue
            attempts.sent(response, started)
            step = attempts.next_step(response)
            if step is _DONE:
                return response, attempts, call
            if isinstance(step, float):
                await asyncio.sleep(step)
            elif step is not None:
                request = call.build(client, family, url=step)
            else:
                confirm = self._confirmation(call, attempts, response)
                if confirm is not None:
                    try:
                        answer, _, _ = await self._exchange_async(confirm)
                        if cast("Confirm[Any]", call.confirm).done(read_result(confirm, answer)):
                            return answer, attempts, confirm
                    except (SDKError, APIConnectionError):
                        pass
                raise error_for(call, response, self.logger, attempts)

    async def _attempt_async(
        self, client: httpx2.AsyncClient, request: httpx2.Request, call: Call[Any], family: Family
    ) -> Response:
        """The async twin of `_attempt`."""
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except family.request_error as exc:
            if isinstance(exc, family.transport_error):
                raise
            raise family.connection_error(exc, secrets=call.secrets) from exc
        except RuntimeError as exc:
            raise _client_misuse(exc, owned=self._owns_async_client) from exc
        success = response.status_code < 300
        if success and call.stream:
            await _check_stream_async(call, response)
            return response
        try:
            limit = self.max_response_bytes if success else ERROR_BODY_BYTES
            await _read_async(response, _reader(response, limit, success))
        except (_TooLarge, _Undecodable) as exc:
            self._unreadable(call, response, exc, success)
        return response

    def _unreadable(self, call: Call[Any], response: Response, exc: Exception, success: bool) -> None:
        """A body that is too large or cannot be decoded: a success raises; an error is reported without it."""
        if success and isinstance(exc, _TooLarge):
            reason = (
                f"the body is larger than the {self.max_response_bytes:,} bytes this client reads "
                "(Mistral(max_response_bytes=...)); reading stopped there"
            )
            raise _unusable(call, response, reason, None, ResponseTooLargeError, limit=self.max_response_bytes)
        if success:
            raise _unusable(call, response, str(exc), exc) from exc
        _store(response, b"")

    @staticmethod
    def _confirmation(call: Call[Any], attempts: _Attempts, response: Response) -> Call[Any] | None:
        """The re-read to make when a retried state change ends in 409 after an attempt that may have acted."""
        if response.status_code == 409 and call.confirm is not None and attempts.may_have_acted:
            return call.confirm.read()
        return None


_STREAMED_TYPES: Final = ("", "application/octet-stream")  # as the official SDK: bytes, or no type at all


def _stream_refused(response: Response) -> str | None:
    """Why a streamed answer is not what it should be (a JSON body where the file's bytes were expected: an error a
    proxy or the API sent with a 2xx status), else None."""
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media in _STREAMED_TYPES:
        return None
    return f"the answer is {media!r}, not the file's bytes (application/octet-stream)"


def _check_stream(call: Call[Any], response: Response) -> None:
    reason = _stream_refused(response)
    if reason is not None:
        _read(response, _reader(response, ERROR_BODY_BYTES, False))  # what it says, in the error
        raise _unusable(call, response, reason, None)


async def _check_stream_async(call: Call[Any], response: Response) -> None:
    reason = _stream_refused(response)
    if reason is not None:
        await _read_async(response, _reader(response, ERROR_BODY_BYTES, False))
        raise _unusable(call, response, reason, None)


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


def _unusable(
    call: Call[Any],
    response: Response,
    reason: str,
    cause: BaseException | None,
    error_class: type[ResponseValidationError] = ResponseValidationError,
    limit: int | None = None,
) -> ResponseValidationError:
    """The error for a success answer that cannot be used; a request that may have acted says how to find what it
    made."""
    if call.if_lost:
        reason = f"{reason}. {call.if_lost}"
    return response_validation_error(
        response, cause=cause, reason=reason, secrets=call.secrets, error_class=error_class, limit=limit
    )


def _result(call: Call[R], response: Response) -> R:
    """What a call returns for its successful answer: the parsed body, or for a streamed call its `parse` of the
    response itself, unread (the caller reads and closes it). `call` is the one sent, or the re-read a
    confirmation made."""
    return call.parse(response) if call.stream else read_result(call, response)


def _raw(response: Response, attempts: _Attempts, answered: Call[R]) -> RawResponse[R]:
    """The `RawResponse` for a successful answer (see `Sender._exchange`): `parse()` gives what `send` returns."""
    return RawResponse(response, answered.request, attempts.count - 1, lambda answer: _result(answered, answer))


def read_result(call: Call[R], response: Response) -> R:
    """Decode and parse a success (`Sender._exchange` returns no other); any failure becomes ResponseValidationError
    carrying the body."""
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
        raise _unusable(call, response, "the body is not valid JSON", exc) from exc
    try:
        result = call.parse(data)
    except _api.ModelValidationError as exc:
        raise _unusable(call, response, str(exc), exc) from exc
    except KeyError as exc:
        raise _unusable(call, response, f"the required field {exc.args[0]!r} is missing", exc) from exc
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        reason = f"the body does not have the expected shape ({type(exc).__name__}: {exc})"
        raise _unusable(call, response, reason, exc) from exc
    if call.echo is not None:
        name, expected = call.echo
        got = getattr(result, name, None)
        if got != expected:
            reason = f"the answer is about {name}={got!r}, not the {name}={expected!r} that was asked for"
            raise _unusable(call, response, reason, ValueError(reason))
    if isinstance(result, _api.Model | _api.UnknownVariant):  # the id to quote to support: `result._request_id`
        result._origin_request_id = request_id_of(response.headers)
    return result


def error_for(call: Call[Any], response: Response, logger: logging.Logger, attempts: _Attempts) -> SDKError:
    """The typed error for an error response, with any secret the request carried kept out of its text."""
    request = call.request
    note = _not_followed(response)
    if note is None and attempts.may_have_acted and response.status_code in (404, 409):
        note = "an earlier attempt of this request may have reached the server and acted before its answer was lost"
    error = error_from_response(
        response,
        secrets=call.secrets,
        key_sent=call.key_sent,
        where=f"{request.method} {safe_url(request.url)}",
        note=note,
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s: %s", request.method, safe_url(request.url, query=True), error.message[:_LOG_BODY_CHARS])
    return error


# --- settings shared by the client and every call -----------------------------------------------------------------


def resolve_retries(per_call: object, client_level: object) -> RetryConfig:
    """The policy for a call (see `retry_policy.resolve`), with a typed error for a value of the wrong kind."""
    try:
        return retry_policy.resolve(per_call, client_level)
    except TypeError as exc:  # retries=3 and the like
        name, value = ("retry_config", client_level) if per_call is _api.UNSET else ("retries", per_call)
        raise InputValidationError(name, f"must be a utils.RetryConfig or None, got {type(value).__name__}") from exc


def base_url(url: object) -> str:
    """A base URL without its trailing slash; InputValidationError when it is not an http(s) URL."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        shown = safe_text_url(url) if isinstance(url, str) else type(url).__name__
        hint = f" (did you mean 'http://{shown}'?)" if isinstance(url, str) and "://" not in url else ""
        raise InputValidationError("server_url", f"must be an http(s) URL, got {shown!r}{hint}")
    return url.rstrip("/")


def safe_text_url(url: str) -> str:
    """A URL given as text, with any password in it replaced by `***`."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    authority, slash, path = rest.partition("/")
    user, at, host = authority.rpartition("@")
    if at and ":" in user:
        user = user.split(":", 1)[0] + ":***"
    return f"{scheme}{sep}{user}{at}{host}{slash}{path}"


def seconds(timeout_ms: object) -> float:
    """Seconds from a positive number of milliseconds."""
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int | float) or not timeout_ms > 0:
        raise InputValidationError("timeout_ms", f"must be a positive number of milliseconds, got {timeout_ms!r}")
    return timeout_ms / 1000
