"""From the command line and the environment to a configured `Mistral` client, and `--verbose` logging.

The server URL is checked first (a URL without its scheme is the most common slip, and would otherwise be reported
as something else). The API key comes from `MISTRAL_API_KEY` only (a key on the command line would end up in shell
histories and process lists). A server on the loopback interface (127.0.0.1, localhost, ::1: `mistral-ft
fake-server`) needs no key: a placeholder token is sent, which the fake accepts.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from .._environment import API_KEY_ENV, DEFAULT_SERVER_URL, SERVER_URL_ENV
from ..errors import MIN_SECRET_CHARS, redact
from ._arguments import WANDB_API_KEY_ENV
from ._exit import AUTHENTICATION, CliError

if TYPE_CHECKING:
    from .._client import Mistral

LOCAL_TOKEN: Final = "local-no-key"
"""Sent to a loopback server when no key is set: the fake accepts any token."""
_LIBRARY: Final = __name__.rsplit(".", 2)[0]  # the library's package (and logger) name, also in a vendored copy
_LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})
# What an API key is made of: printable ASCII without spaces. Anything else (a line break pasted along, a
# non-ASCII quote) would be refused by the HTTP library with the header's value in its message.
_KEY_CHARACTERS: Final = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True, slots=True)
class Connection:
    """Where the commands send requests, and with which key.

    Attributes:
        url: the base URL given (--server-url or MISTRAL_SERVER_URL), or None for the real API.
        api_key: the key to send: MISTRAL_API_KEY's, or a placeholder for a loopback server.
        key_is_set: whether MISTRAL_API_KEY held a key (False: the placeholder is sent).
    """

    url: str | None
    api_key: str
    key_is_set: bool


def connection(args: argparse.Namespace) -> Connection:
    """The server and the key for the options and the environment; a one-line error for a malformed URL (exit 2),
    or a missing or malformed key (exit 3)."""
    url = server_url(args)
    key = os.environ.get(API_KEY_ENV, "").strip()
    if key:
        if not _KEY_CHARACTERS.fullmatch(key):
            raise CliError(
                f"{API_KEY_ENV} holds a line break, a space or another character no API key has "
                "(check how it was set; the value is not shown)",
                AUTHENTICATION,
            )
        return Connection(url, key, key_is_set=True)
    if is_loopback(url):
        return Connection(url, LOCAL_TOKEN, key_is_set=False)
    raise CliError(
        f"no API key: set {API_KEY_ENV} to use {url or DEFAULT_SERVER_URL} (or try a local fake: "
        f"`mistral-ft fake-server`, then --server-url http://127.0.0.1:8000)",
        AUTHENTICATION,
    )


def server_url(args: argparse.Namespace) -> str | None:
    """--server-url, else MISTRAL_SERVER_URL, else None (the client's default, the real API); an http(s) URL with
    a host, or a one-line error suggesting the URL meant."""
    given = getattr(args, "server_url", None)
    source = "--server-url" if given else SERVER_URL_ENV
    value = (given or os.environ.get(SERVER_URL_ENV) or "").strip()
    if not value:
        return None
    authority = value.partition("://")[2] or value  # with or without its scheme
    if "@" in authority.split("/", 1)[0].split("?", 1)[0]:  # the URL is not shown: it holds a password
        raise CliError(
            f"{source}: a URL with credentials (user:password@) is not supported: the API takes its key from "
            f"{API_KEY_ENV}, and the HTTP library would send the URL's credentials in its place"
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port out of range or not a number
    except ValueError:
        raise CliError(f"{source}: {value!r} is not a valid URL") from None
    if parts.scheme in ("http", "https") and host:
        return value
    if "://" not in value:
        # `127.0.0.1:8000` or `localhost:8000` (urlsplit reads `localhost` as the scheme): the scheme is missing.
        guess = ("http://" if is_loopback("http://" + value) else "https://") + value
        raise CliError(f"{source}: {value!r} has no scheme: did you mean {guess}?")
    raise CliError(f"{source}: {value!r} must be an http:// or https:// URL with a host")


def is_loopback(url: str | None) -> bool:
    if not url:
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host in _LOOPBACK


def secrets() -> list[str]:
    """Every secret the process may hold, to scrub from what it prints (belt and braces: the library already
    keeps them out of its messages and logs)."""
    values = [os.environ.get(name, "") for name in (API_KEY_ENV, WANDB_API_KEY_ENV)]
    return [value for value in values if len(value.strip()) >= MIN_SECRET_CHARS]


def _forms(secret: str) -> list[str]:
    """A secret as it may appear in a message: as is, escaped (a repr, JSON) or cut at a control character."""
    forms = [secret, secret.strip(), json.dumps(secret)[1:-1], repr(secret)[1:-1], str(secret.encode())[2:-1]]
    forms += re.split(r"[\x00-\x20\x7f]+", secret)
    # Longest first, so that a part of a secret does not spoil the replacement of the whole.
    return sorted({form for form in forms if len(form) >= MIN_SECRET_CHARS}, key=len, reverse=True)


def scrub(text: str, extra: list[str] | None = None) -> str:
    """`text` without any form of the process's secrets (and `extra` ones)."""
    return redact(text, [form for secret in [*secrets(), *(extra or [])] for form in _forms(secret)])


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure_logging(args: argparse.Namespace) -> Callable[[], None]:
    """--verbose: the library's DEBUG records (one per attempt, one per retry decision) on stderr, secrets
    scrubbed. Returns what undoes it (`main` may run again in the same process)."""
    if not getattr(args, "verbose", False):
        return lambda: None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger(_LIBRARY)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def undo() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    return undo


def client(args: argparse.Namespace, where: Connection) -> Mistral:
    """A client for the command's options: server URL, key, per-request timeout and retries."""
    from .. import Mistral

    options: dict[str, Any] = {}
    timeout = getattr(args, "request_timeout", None)
    if timeout is not None:
        options["timeout_ms"] = max(1, round(timeout * 1000))
    retries = getattr(args, "retries", None)
    if retries is not None:
        options["retry_config"] = retry_config(retries)
    return Mistral(api_key=where.api_key, server_url=where.url, **options)


def retry_config(retries: int) -> Any:
    """--retries N: the default policy with at most N retries (N + 1 attempts); 0 makes a single attempt."""
    from .. import utils

    if retries == 0:
        return None
    return utils.DEFAULT_RETRY_CONFIG.replace(max_attempts=retries + 1)
