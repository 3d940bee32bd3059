"""Injected faults: what can go wrong on the wire, and the queue that decides which request gets which fault.

Faults are configured only from Python, on the server object; nothing a client sends can trigger one.
"""

from __future__ import annotations

import enum
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Final


class FaultKind(enum.StrEnum):
    """The kinds of fault the fake server can inject."""

    ERROR = "error"
    """Answer with a status and a small JSON error body, without touching any job."""
    HTML = "html"
    """Answer with an HTML error page, as a proxy or load balancer would."""
    NON_JSON = "non_json"
    """Answer with a body that is not JSON (``text/plain`` by default)."""
    TRUNCATED_JSON = "truncated_json"
    """Handle the request normally, then send only the first part of the JSON body."""
    MISSING_FIELD = "missing_field"
    """Handle the request normally, then drop one top-level field from the JSON body."""
    DELAY = "delay"
    """Wait, then handle the request normally."""
    DROP_CONNECTION = "drop_connection"
    """Close the connection without answering (optionally after handling the request)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected fault. Build it with a class method (``Fault.error(503)``, ``Fault.delay(2.0)``, ...).

    Faults of kind ERROR, HTML, NON_JSON and DROP_CONNECTION (unless ``after_handling``) answer before the request
    reaches the API, so no job is created, cancelled or started. TRUNCATED_JSON, MISSING_FIELD, DELAY and a
    DROP_CONNECTION with ``after_handling=True`` let the request take effect first, as when a reply is lost in
    transit.
    """

    kind: FaultKind
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    keep_fraction: float = 0.5
    field: str | None = None
    after_handling: bool = False

    @classmethod
    def error(
        cls,
        status: int,
        detail: Any = None,
        *,
        message: str | None = None,
        headers: Mapping[str, str] | None = None,
        payload: Any = None,
    ) -> Fault:
        """A JSON error answer.

        The body is ``payload`` encoded as JSON when given; else ``{"message": message}`` when ``message`` is given
        (the shape Mistral's gateway uses); else ``{"detail": detail}``, with the status's reason phrase when
        ``detail`` is None. ``headers`` are added as given, e.g. ``{"Retry-After": "2"}`` or
        ``{"retry-after-ms": "150"}``; an ``x-request-id`` among them replaces the generated one.
        """
        if payload is None:
            if message is not None:
                payload = {"message": message}
            else:
                payload = {"detail": detail if detail is not None else reason_phrase(status)}
        body = json.dumps(payload, separators=(",", ":")).encode()
        return cls(FaultKind.ERROR, status=status, body=body, headers=_pairs(headers))

    @classmethod
    def html(cls, status: int = 502, *, headers: Mapping[str, str] | None = None) -> Fault:
        """An HTML error page (``content-type: text/html``), like the one a proxy in front of the API returns."""
        phrase = reason_phrase(status)
        page = (
            f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        )
        return cls(
            FaultKind.HTML,
            status=status,
            body=page.encode(),
            content_type="text/html",
            headers=_pairs(headers),
        )

    @classmethod
    def non_json(
        cls,
        body: str = "upstream connect error or disconnect/reset before headers",
        *,
        status: int = 200,
        content_type: str = "text/plain",
    ) -> Fault:
        """A body that is not JSON, by default a ``200`` with ``text/plain``."""
        return cls(FaultKind.NON_JSON, status=status, body=body.encode(), content_type=content_type)

    @classmethod
    def truncated_json(cls, keep_fraction: float = 0.5) -> Fault:
        """The normal answer cut after ``keep_fraction`` of its bytes; ``Content-Length`` matches what is sent."""
        if not 0.0 <= keep_fraction < 1.0:
            raise ValueError("keep_fraction must be in [0, 1)")
        return cls(FaultKind.TRUNCATED_JSON, keep_fraction=keep_fraction)

    @classmethod
    def missing_field(cls, field: str | None = None) -> Fault:
        """The normal answer without one top-level field: ``field``, or by default ``total`` in a list, else ``id``."""
        return cls(FaultKind.MISSING_FIELD, field=field)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Sleep ``seconds`` (real time) before handling the request normally; makes client read timeouts fire."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        return cls(FaultKind.DELAY, seconds=seconds)

    @classmethod
    def drop_connection(cls, *, after_handling: bool = False) -> Fault:
        """Close the connection without sending a response.

        With ``after_handling=True`` the request takes effect first (a job is created, say) and only the answer is
        lost, which is what makes blind retries of POST requests dangerous.
        """
        return cls(FaultKind.DROP_CONNECTION, after_handling=after_handling)

    def strip_field(self, body: bytes) -> bytes:
        """Return ``body`` with this fault's field removed (unchanged if it is not a JSON object)."""
        try:
            document = json.loads(body)
        except ValueError:
            return body
        if not isinstance(document, dict):
            return body
        field = self.field or ("total" if "total" in document else "id")
        document.pop(field, None)
        return json.dumps(document, separators=(",", ":")).encode()

    def truncate(self, body: bytes) -> bytes:
        """Return the first ``keep_fraction`` of ``body`` (always at least one byte short of complete)."""
        if not body:
            return body
        return body[: min(int(len(body) * self.keep_fraction), len(body) - 1)]


_EXTRA_PHRASES: Final = {499: "Client Closed Request", 520: "Unknown Error", 529: "Site Overloaded"}


def reason_phrase(status: int) -> str:
    """The reason phrase for a status code, including the non-standard ones proxies use."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_PHRASES.get(status, "Unknown")


def _pairs(headers: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in (headers or {}).items())


@dataclass(slots=True)
class _Injection:
    fault: Fault
    remaining: int | None
    path: str | None
    method: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is None:
            return True
        if self.path.endswith("*"):
            return path.startswith(self.path[:-1])
        return path == self.path


class FaultQueue:
    """Pending injections, consumed first-in first-out by the requests they match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[_Injection] = []

    def add(self, fault: Fault, times: int | None, path: str | None, method: str | None) -> None:
        """Queue ``fault`` for the next ``times`` matching requests (None: every one until cleared)."""
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 (or None for no limit)")
        with self._lock:
            self._pending.append(_Injection(fault, times, path, method.upper() if method else None))

    def take(self, method: str, path: str) -> Fault | None:
        """Return the fault for this request, if one is pending for it, and count it as used."""
        if not self._pending:
            return None  # fast path: reading a list's truthiness is safe without the lock
        with self._lock:
            for index, injection in enumerate(self._pending):
                if injection.matches(method, path):
                    if injection.remaining is not None:
                        injection.remaining -= 1
                        if injection.remaining == 0:
                            del self._pending[index]
                    return injection.fault
        return None

    def clear(self) -> None:
        """Drop every pending injection."""
        with self._lock:
            self._pending.clear()

    def __len__(self) -> int:
        return len(self._pending)
