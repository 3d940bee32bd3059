"""When to retry a request, and how long to wait first: pure decisions, no I/O.

Default policy: retry connection failures and HTTP 429/500/502/503/504 (for ``create``, only failures the server
certainly did not act on: connect errors and 429/503), at most 4 attempts within 30 s of the first one, exponential
backoff 0.5 s x 2**n capped at 8 s with full jitter, and ``Retry-After`` honoured up to 60 s.

A ``RetryConfig`` a user passes means what it means in the official SDK: ``max_elapsed_time`` is checked when a
failure arrives (a wait the server asks for is then taken even if it ends past it, up to ``retry_after_cap``), and
there is no attempt limit unless ``max_attempts`` says so. The default policy alone promises to end within its 30 s.

The sync and async senders share everything here and differ only in how they send and sleep. Nothing in this module
reads the clock or a random source (except ``parse_retry_after`` reading the wall clock when given no ``now``): the
caller passes the attempt count, the elapsed time and a random fraction, so every branch is testable without sockets
or sleeps. It imports only the standard library and the package's one ``UNSET`` marker (the generated code's,
through the seam), because it sits on the client's import path.

How ``_http`` maps the exceptions of httpx2 (and of httpx, for an httpx client), which have the same names, to
``FailureKind`` (kept out of this module so it needs no HTTP library)::

    ConnectError, ConnectTimeout, PoolTimeout                              -> FailureKind.CONNECT
    ReadTimeout, WriteTimeout                                              -> FailureKind.TIMEOUT_READ
    ReadError, WriteError, RemoteProtocolError,
    CloseError                                                             -> FailureKind.NETWORK
    anything else (LocalProtocolError, UnsupportedProtocol, ProxyError...) -> not retried: raise at once
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Literal, TypeVar

from ._api import UNSET, Unset

__all__ = [
    "DEFAULT_BACKOFF",
    "DEFAULT_RETRY_CONFIG",
    "NO_RETRY",
    "RETRYABLE_STATUSES",
    "SAFE_FOR_NON_IDEMPOTENT_STATUSES",
    "UNSET",
    "BackoffStrategy",
    "Decision",
    "FailureKind",
    "RetryConfig",
    "UnsetType",
    "decide",
    "parse_retry_after",
    "resolve",
]


class _Record:
    """An immutable record compared, hashed and shown by its fields; `replace()` makes a changed copy.

    Written out rather than made with dataclasses, whose class creation (about 1 ms each) sits on every import.
    """

    __slots__ = ()
    _FIELDS: ClassVar[tuple[str, ...]]

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: use .replace({name}=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with the given fields changed (and checked again)."""
        unknown = set(changes) - set(self._FIELDS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(unknown))}")
        return type(self)(**{**dict(zip(self._FIELDS, self._values(), strict=True)), **changes})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(zip(self._FIELDS, self._values(), strict=True))))


R = TypeVar("R", bound=_Record)


def _rebuild(cls: type[R], values: dict[str, Any]) -> R:
    return cls(**values)


# Statuses worth another attempt for operations that can safely run twice (list, get, cancel, start).
RETRYABLE_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
# Statuses that say the server did not act on the request, so even `create` may be re-sent.
SAFE_FOR_NON_IDEMPOTENT_STATUSES: Final = frozenset({429, 503})


class BackoffStrategy(_Record):
    """Exponential backoff settings, in milliseconds, in the official SDK's field order.

    The wait before retry number ``n`` (0-based) is drawn uniformly from
    ``[0, min(max_interval, initial_interval * exponent**n)]`` ("full jitter").

    Args:
        initial_interval: upper bound of the first wait, in ms.
        max_interval: the largest upper bound any wait can have, in ms (a server's ``Retry-After`` is not capped by it).
        exponent: growth factor of the bound per retry; at least 1.
        max_elapsed_time: total time in ms, from the start of the first attempt, after which a failure is not
            retried (checked when the failure arrives, as the official SDK does; the package's default policy also
            schedules no wait that would end past it).

    Raises:
        ValueError: an interval is negative or not a number, or ``exponent`` is below 1.
    """

    __slots__ = ("exponent", "initial_interval", "max_elapsed_time", "max_interval")
    _FIELDS: ClassVar[tuple[str, ...]] = ("initial_interval", "max_interval", "exponent", "max_elapsed_time")
    initial_interval: int
    max_interval: int
    exponent: float
    max_elapsed_time: int

    def __init__(self, initial_interval: int, max_interval: int, exponent: float, max_elapsed_time: int) -> None:
        self._set(
            initial_interval=initial_interval,
            max_interval=max_interval,
            exponent=exponent,
            max_elapsed_time=max_elapsed_time,
        )
        for name in ("initial_interval", "max_interval", "max_elapsed_time"):
            value = getattr(self, name)
            # `not value >= 0` also rejects NaN.
            if not value >= 0:
                raise ValueError(f"BackoffStrategy.{name} must be >= 0 milliseconds, got {value!r}")
        if not (self.exponent >= 1 and math.isfinite(self.exponent)):
            raise ValueError(f"BackoffStrategy.exponent must be a finite number >= 1, got {self.exponent!r}")


# 0.5 s, 1 s, 2 s, 4 s, 8 s... bounds: short enough to ride out a blip, 30 s total so a caller is never stuck long.
DEFAULT_BACKOFF: Final = BackoffStrategy(
    initial_interval=500, max_interval=8_000, exponent=2.0, max_elapsed_time=30_000
)


class RetryConfig(_Record):
    """How a request is retried; positionally compatible with the official SDK's ``RetryConfig``.

    Args:
        strategy: ``"backoff"`` retries, ``"none"`` makes a single attempt (the official SDK's two values; any other
            is refused, as a misspelt strategy would silently disable retries).
        backoff: backoff settings; ``None`` means ``DEFAULT_BACKOFF``.
        retry_connection_errors: retry failures where no response arrived (connect errors, timeouts, dropped
            connections). When False those are raised after the first attempt.
        max_attempts: keyword-only; total attempts including the first, or None (the default) for as many as
            ``max_elapsed_time`` allows, as in the official SDK. The package's default policy uses 4.
        retry_non_idempotent: keyword-only; when True, a non-idempotent operation (``create``) is retried like the
            others, even after failures where the server may already have acted (read timeout, 500, 502, 504), at
            the risk of creating a job twice.
        retry_after_cap: keyword-only; seconds. A server asking to wait longer than this (``Retry-After``) makes
            the client give up at once rather than sleep.
        within_deadline: keyword-only; when True, no retry is scheduled whose wait would end past
            ``max_elapsed_time`` (the package's default policy); when False (the default), the deadline is checked
            when a failure arrives, as in the official SDK.

    Raises:
        ValueError: ``max_attempts`` is below 1 or ``retry_after_cap`` is negative or not a number.
    """

    __slots__ = (
        "backoff",
        "max_attempts",
        "retry_after_cap",
        "retry_connection_errors",
        "retry_non_idempotent",
        "strategy",
        "within_deadline",
    )
    _FIELDS: ClassVar[tuple[str, ...]] = (
        "strategy",
        "backoff",
        "retry_connection_errors",
        "max_attempts",
        "retry_non_idempotent",
        "retry_after_cap",
        "within_deadline",
    )
    strategy: Literal["backoff", "none"]
    backoff: BackoffStrategy | None
    retry_connection_errors: bool
    max_attempts: int | None
    retry_non_idempotent: bool
    retry_after_cap: float
    within_deadline: bool

    def __init__(
        self,
        strategy: Literal["backoff", "none"],
        backoff: BackoffStrategy | None = None,
        retry_connection_errors: bool = True,
        *,
        max_attempts: int | None = None,
        retry_non_idempotent: bool = False,
        retry_after_cap: float = 60.0,
        within_deadline: bool = False,
    ) -> None:
        self._set(
            strategy=strategy,
            backoff=backoff,
            retry_connection_errors=retry_connection_errors,
            max_attempts=max_attempts,
            retry_non_idempotent=retry_non_idempotent,
            retry_after_cap=retry_after_cap,
            within_deadline=within_deadline,
        )
        if self.strategy not in ("backoff", "none"):
            raise ValueError(f"RetryConfig.strategy must be 'backoff' or 'none', got {self.strategy!r}")
        if self.max_attempts is not None and not self.max_attempts >= 1:
            raise ValueError(f"RetryConfig.max_attempts must be >= 1, got {self.max_attempts!r}")
        if not self.retry_after_cap >= 0:
            raise ValueError(f"RetryConfig.retry_after_cap must be >= 0 seconds, got {self.retry_after_cap!r}")


DEFAULT_RETRY_CONFIG: Final = RetryConfig("backoff", DEFAULT_BACKOFF, True, max_attempts=4, within_deadline=True)
NO_RETRY: Final = RetryConfig("none")


class FailureKind(enum.Enum):
    """Why an attempt produced no response; decides whether re-sending a non-idempotent request is safe."""

    CONNECT = "connect"
    """The request never left: connection refused or timed out, or no pooled connection was free."""
    TIMEOUT_READ = "timeout_read"
    """A read or write timed out: the server may have received and acted on the request."""
    NETWORK = "network"
    """The connection broke (read/write/protocol/close error) after the request was at least partly sent."""


_FAILURE_TEXT: Final = {
    FailureKind.CONNECT: "connect error",
    FailureKind.TIMEOUT_READ: "read/write timeout",
    FailureKind.NETWORK: "network error",
}


class Decision(_Record):
    """The outcome of ``decide``.

    Attributes:
        retry: whether to send the request again.
        delay: seconds to sleep before the next attempt; 0.0 when not retrying.
        reason: a short explanation for debug logs.
    """

    __slots__ = ("delay", "reason", "retry")
    _FIELDS: ClassVar[tuple[str, ...]] = ("retry", "delay", "reason")
    retry: bool
    delay: float
    reason: str

    def __init__(self, retry: bool, delay: float, reason: str) -> None:
        self._set(retry=retry, delay=delay, reason=reason)


UnsetType = Unset
"""The type of ``UNSET``, the package's one marker of an argument not given (distinct from ``None``)."""


def resolve(
    per_call: RetryConfig | object | None = UNSET,
    client_level: RetryConfig | object | None = UNSET,
) -> RetryConfig:
    """Pick the retry configuration for one call.

    A per-call value wins; a per-call ``None`` disables retries even if the client has a configuration (as in the
    official SDK); an unset per-call value defers to the client level, where ``None`` also disables retries and an
    unset value means ``DEFAULT_RETRY_CONFIG``.

    Args:
        per_call: the ``retries=`` argument of the method: a ``RetryConfig``, ``None``, or the unset marker.
        client_level: the client's ``retry_config``: a ``RetryConfig``, ``None``, or the unset marker.

    Returns:
        The configuration to use; ``NO_RETRY`` when retries are disabled.

    Raises:
        TypeError: a value is neither a ``RetryConfig``, ``None`` nor an unset marker.
    """
    for value, where in ((per_call, "retries"), (client_level, "retry_config")):
        if isinstance(value, Unset):
            continue
        if value is None:
            return NO_RETRY
        if isinstance(value, RetryConfig):
            return value
        raise TypeError(f"{where} must be a RetryConfig or None, got {type(value).__name__}")
    return DEFAULT_RETRY_CONFIG


def _header(headers: Mapping[str, str], name: str) -> str | None:
    # httpx.Headers is case-insensitive; a plain dict is not, so fall back to a scan (headers are few).
    value = headers.get(name)
    if value is not None:
        return value
    for key, item in headers.items():
        if key.lower() == name:
            return item
    return None


def _non_negative_number(text: str) -> float | None:
    # Accept plain decimal numbers only ("2", "1.5"); float() alone would also take "nan", "inf", "1e9", "1_0".
    text = text.strip()
    if text and text.isascii() and text.replace(".", "", 1).isdigit():
        value = float(text)
        if math.isfinite(value):  # 400 digits parse to inf
            return value
    return None


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Read how long the server asks the client to wait, in seconds.

    ``retry-after-ms`` (milliseconds) is read first; if absent or unusable, ``Retry-After`` is read as seconds
    (integer or decimal) or as an HTTP-date. A date in the past gives 0.0.

    Args:
        headers: response headers; ``httpx.Headers`` or any mapping (names are matched case-insensitively).
        now: the current time as a POSIX timestamp, used only for an HTTP-date; ``time.time()`` when omitted.

    Returns:
        The wait in seconds (>= 0.0), or None when no header is present or none can be parsed (negative numbers,
        NaN, infinity and garbage are ignored).
    """
    millis = _header(headers, "retry-after-ms")
    if millis is not None:
        value = _non_negative_number(millis)
        if value is not None:
            return value / 1000.0
    raw = _header(headers, "retry-after")
    if raw is None:
        return None
    seconds = _non_negative_number(raw)
    if seconds is not None:
        return seconds
    return _seconds_until_http_date(raw, now)


def _seconds_until_http_date(text: str, now: float | None) -> float | None:
    # Imported lazily: only servers sending dates pay for it (httpx has usually loaded it already anyway).
    import datetime
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC with no stated zone.
        when = when.replace(tzinfo=datetime.UTC)
    try:
        target = when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    current = time.time() if now is None else now
    return max(0.0, target - current)


def _give_up(reason: str) -> Decision:
    return Decision(retry=False, delay=0.0, reason=reason)


def _backoff_bound(backoff: BackoffStrategy, retry_index: int) -> float:
    """Upper bound, in seconds, of the jittered wait before retry number ``retry_index`` (0-based)."""
    cap = backoff.max_interval / 1000.0
    initial = backoff.initial_interval / 1000.0
    if initial == 0.0:
        return 0.0
    try:
        grown = initial * backoff.exponent**retry_index
    except OverflowError:  # a huge attempt count: the bound has long since hit the cap
        return cap
    return min(cap, grown)


def decide(
    config: RetryConfig,
    *,
    idempotent: bool,
    attempt: int,
    elapsed: float,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
    failure: FailureKind | None = None,
    random_fraction: float,
    now: float | None = None,
) -> Decision:
    """Decide whether a failed attempt is retried, and after how long.

    Pass exactly one of ``status`` (a response arrived) or ``failure`` (no response). A status outside the retryable
    set, including any success, gives "do not retry"; the caller then handles the response as usual.

    Args:
        config: the retry configuration in force (see ``resolve``).
        idempotent: False for ``create``, which must not be re-sent when the server may already have acted on it
            (unless ``config.retry_non_idempotent``); True for list, get, cancel and start.
        attempt: attempts made so far, including the one that just failed (1 after the first).
        elapsed: seconds since the first attempt started.
        status: the HTTP status of the response, if one arrived.
        headers: that response's headers, read for ``retry-after-ms`` / ``Retry-After``.
        failure: the kind of transport failure, if no response arrived.
        random_fraction: a number in [0, 1] (e.g. ``random.random()``) that picks the jittered wait.
        now: POSIX timestamp for an HTTP-date ``Retry-After``; the wall clock is read only if it is needed and
            ``now`` is None.

    Returns:
        A ``Decision``: retry or not, the delay in seconds, and a reason for logs.

    Raises:
        ValueError: both or neither of ``status`` and ``failure`` given, ``attempt`` < 1, ``elapsed`` negative or
            NaN, or ``random_fraction`` outside [0, 1].
    """
    if (status is None) == (failure is None):
        raise ValueError("decide() needs exactly one of status= or failure=")
    if attempt < 1:
        raise ValueError(f"attempt is 1-based, got {attempt!r}")
    if not elapsed >= 0:
        raise ValueError(f"elapsed must be >= 0 seconds, got {elapsed!r}")
    if not 0.0 <= random_fraction <= 1.0:
        raise ValueError(f"random_fraction must be within [0, 1], got {random_fraction!r}")

    what = _FAILURE_TEXT[failure] if failure is not None else f"status {status}"
    if config.strategy != "backoff":
        return _give_up(f"{what}: retries disabled (strategy {config.strategy!r})")

    may_resend = idempotent or config.retry_non_idempotent
    if failure is not None:
        if not config.retry_connection_errors:
            return _give_up(f"{what}: connection errors are not retried (retry_connection_errors=False)")
        if failure is not FailureKind.CONNECT and not may_resend:
            return _give_up(f"{what}: not retried, the server may have acted on this non-idempotent request")
    elif status not in RETRYABLE_STATUSES:
        return _give_up(f"{what} is not retryable")
    elif status not in SAFE_FOR_NON_IDEMPOTENT_STATUSES and not may_resend:
        return _give_up(f"{what}: not retried, the server may have acted on this non-idempotent request")

    deadline = (config.backoff or DEFAULT_BACKOFF).max_elapsed_time / 1000.0
    if config.max_attempts is not None and attempt >= config.max_attempts:
        return _give_up(f"{what}: no attempts left ({attempt}/{config.max_attempts})")
    if not config.within_deadline and elapsed > deadline:  # the official SDK's check, when the failure arrives
        return _give_up(f"{what}: deadline reached ({elapsed:.2f} s elapsed > {deadline:g} s max_elapsed_time)")

    backoff = config.backoff if config.backoff is not None else DEFAULT_BACKOFF
    server_wait = parse_retry_after(headers, now) if status is not None and headers is not None else None
    # A zero wait (e.g. a date already past) falls back to backoff, so clients told "now" still spread out.
    if server_wait is not None and server_wait > 0:
        if server_wait > config.retry_after_cap:
            return _give_up(
                f"{what}: retry-after too long ({server_wait:.2f} s > retry_after_cap {config.retry_after_cap:g} s)"
            )
        delay, source = server_wait, "retry-after"
    else:
        delay, source = random_fraction * _backoff_bound(backoff, attempt - 1), "backoff"

    if config.within_deadline and elapsed + delay > deadline:
        return _give_up(
            f"{what}: deadline reached ({elapsed:.2f} s elapsed + {delay:.2f} s wait > {deadline:g} s max_elapsed_time)"
        )
    return Decision(
        retry=True,
        delay=delay,
        reason=f"{what}, attempt {attempt}/{config.max_attempts or 'unlimited'}, retry in {delay:.2f} s ({source})",
    )
