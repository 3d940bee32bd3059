"""The two HTTP libraries a call can go through: httpx2 (the SDK's own clients) and httpx (clients users pass in).

httpx2 continues httpx with the same API, but no object is shared between the two: a request built for one library
must use that library's URL, Timeout and USE_CLIENT_DEFAULT (httpx2 silently accepts httpx's Timeout and fails late
in the socket layer), and its exceptions are that library's classes. A `Family` holds one library's objects; the
sender asks `family_of(client)` once per client and builds and catches everything through it.

httpx is never imported here: a user who passes an `httpx.Client` has imported httpx already, so it is looked up in
`sys.modules` (`httpx2.alias_httpx()` is not used either: it would rewrite `import httpx` for the whole process).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import httpx2

from .errors import APIConnectionError, connection_error
from .retry_policy import FailureKind

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["HTTPX2", "Family", "family_of", "family_of_exception"]

_URL_CACHE_SIZE: Final = 256


class Family:
    """One HTTP library's classes, for building requests and reading its exceptions.

    Attributes:
        name: the library's import name, ``"httpx2"`` or ``"httpx"``.
        use_client_default: the library's marker for "the client's own timeout".
        transport_error: its ``TransportError`` (no usable response: connect, read, write, protocol).
        request_error: its ``RequestError`` (a transport error, an undecodable body or a redirect loop).
        timeout_error: its ``TimeoutException``.
        invalid_url: its ``InvalidURL`` (a URL its parser refuses, such as one far too long).
    """

    __slots__ = (
        "_clients",
        "_kinds",
        "_library",
        "_urls",
        "invalid_url",
        "name",
        "request_error",
        "timeout_error",
        "transport_error",
        "use_client_default",
    )

    def __init__(self, library: ModuleType) -> None:
        self._library = library
        self._clients: tuple[type, type] = (library.Client, library.AsyncClient)  # as imported, before any patching
        self.name: str = library.__name__
        self.use_client_default: Any = library.USE_CLIENT_DEFAULT
        self.transport_error: type[Exception] = library.TransportError
        self.request_error: type[Exception] = library.RequestError
        self.timeout_error: type[Exception] = library.TimeoutException
        self.invalid_url: type[Exception] = library.InvalidURL
        # Order matters: ConnectTimeout is a TimeoutException, but the request never left, so it counts as CONNECT.
        self._kinds: tuple[tuple[tuple[type[Exception], ...], FailureKind], ...] = (
            ((library.ConnectError, library.ConnectTimeout, library.PoolTimeout), FailureKind.CONNECT),
            ((library.ReadTimeout, library.WriteTimeout), FailureKind.TIMEOUT_READ),
            (
                (library.ReadError, library.WriteError, library.RemoteProtocolError, library.CloseError),
                FailureKind.NETWORK,
            ),
        )
        self._urls: dict[str, Any] = {}

    def url(self, target: str) -> Any:
        """The library's parsed URL for `target`, kept for the next call to the same place (a job being polled,
        the list): parsing a URL is about half of the cost of building a request."""
        url = self._urls.get(target)
        if url is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            url = self._urls[target] = self._library.URL(target)
        return url

    def timeout(self, seconds: float | None) -> Any:
        """The library's Timeout for every phase, or its USE_CLIENT_DEFAULT when `seconds` is None."""
        return self.use_client_default if seconds is None else self._library.Timeout(seconds)

    def failure_kind(self, exc: BaseException) -> FailureKind | None:
        """What a transport error says about whether the request reached the server (None: do not retry)."""
        for classes, kind in self._kinds:
            if isinstance(exc, classes):
                return kind
        return None

    def connection_error(
        self, exc: BaseException, *, if_lost: str | None = None, secrets: Sequence[str] = ()
    ) -> APIConnectionError:
        """Our exception for one of this library's request errors: APITimeoutError for a timeout (see
        `errors.connection_error`)."""
        try:
            request: Any = exc.request  # type: ignore[attr-defined]
        except (AttributeError, RuntimeError):  # httpx raises RuntimeError when the error has no request
            request = None
        timeout = isinstance(exc, self.timeout_error)
        return connection_error(exc, timeout=timeout, request=request, if_lost=if_lost, secrets=secrets)

    def owns(self, client: object, *, is_async: bool) -> bool:
        """Whether `client` is this library's AsyncClient (`is_async`) or Client."""
        return isinstance(client, self._clients[is_async])

    def __repr__(self) -> str:
        return f"Family({self.name!r})"


HTTPX2: Final = Family(httpx2)
_families: dict[str, Family] = {"httpx2": HTTPX2}


def _httpx() -> Family | None:
    """The httpx family, if httpx has been imported by someone (never imported here)."""
    family = _families.get("httpx")
    if family is None:
        library = sys.modules.get("httpx")
        # A folder named httpx on sys.path imports as an empty namespace package: check for the real thing.
        if library is None or not hasattr(library, "Client") or not hasattr(library, "TransportError"):
            return None
        family = _families["httpx"] = Family(library)
    return family


def family_of(client: object, *, is_async: bool) -> Family:
    """The family of an HTTP client a user passed in.

    Raises:
        TypeError: `client` is neither an httpx2 nor an httpx client of the right kind (sync or async).
    """
    if HTTPX2.owns(client, is_async=is_async):
        return HTTPX2
    family = _httpx()
    if family is not None and family.owns(client, is_async=is_async):
        return family
    kind = "AsyncClient" if is_async else "Client"
    raise TypeError(
        f"{'async_client' if is_async else 'client'} must be an httpx2.{kind} or an httpx.{kind}, "
        f"got {type(client).__module__}.{type(client).__qualname__}"
    )


def family_of_exception(exc: BaseException) -> Family | None:
    """The family whose request errors `exc` belongs to, if any."""
    if isinstance(exc, HTTPX2.request_error):
        return HTTPX2
    family = _httpx()
    if family is not None and isinstance(exc, family.request_error):
        return family
    return None
