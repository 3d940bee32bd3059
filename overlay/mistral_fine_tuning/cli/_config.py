"""From the command line and the environment to a configured `Mistral` client, and `--verbose` logging.

The API key comes from `MISTRAL_API_KEY` only (a key on the command line would end up in shell histories and
process lists). A server on the loopback interface (127.0.0.1, localhost, ::1: `mistral-ft fake-server`) needs no
key: a placeholder token is sent, which the fake accepts.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from ._exit import AUTHENTICATION, CliError

if TYPE_CHECKING:
    from .._client import Mistral

API_KEY_ENV: Final = "MISTRAL_API_KEY"
SERVER_URL_ENV: Final = "MISTRAL_SERVER_URL"
WANDB_API_KEY_ENV: Final = "WANDB_API_KEY"
LOCAL_TOKEN: Final = "local-no-key"
"""Sent to a loopback server when no key is set: the fake accepts any token."""
_LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})
_MIN_SECRET_CHARS: Final = 8  # as the library: a shorter value would also match ordinary text


def server_url(args: argparse.Namespace) -> str | None:
    """--server-url, else MISTRAL_SERVER_URL, else None (the client's default, the real API)."""
    value = getattr(args, "server_url", None) or os.environ.get(SERVER_URL_ENV) or None
    return value


def is_loopback(url: str | None) -> bool:
    if not url:
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host in _LOOPBACK


def api_key(url: str | None) -> str:
    """The key to send; a one-line error (exit 3) when there is none and the server is not local."""
    key = os.environ.get(API_KEY_ENV, "").strip()
    if key:
        return key
    if is_loopback(url):
        return LOCAL_TOKEN
    where = url or "https://api.mistral.ai"
    raise CliError(
        f"no API key: set {API_KEY_ENV} to use {where} (or try a local fake: `mistral-ft fake-server`, "
        f"then --server-url http://127.0.0.1:8000)",
        AUTHENTICATION,
    )


def secrets() -> list[str]:
    """Every secret the process may hold, to scrub from what it prints (belt and braces: the library already
    keeps them out of its messages and logs)."""
    values = [os.environ.get(name, "") for name in (API_KEY_ENV, WANDB_API_KEY_ENV)]
    return [value for value in values if len(value) >= _MIN_SECRET_CHARS]


def scrub(text: str, extra: list[str] | None = None) -> str:
    for secret in [*secrets(), *(extra or [])]:
        if len(secret) >= _MIN_SECRET_CHARS:
            text = text.replace(secret, "***")
    return text


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure_logging(args: argparse.Namespace) -> None:
    """--verbose: the library's DEBUG records (one per attempt, one per retry decision) on stderr."""
    if not getattr(args, "verbose", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ScrubbingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("mistral_fine_tuning")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def client(args: argparse.Namespace) -> Mistral:
    """A client for the command's options: server URL, key, per-request timeout and retries."""
    from .. import Mistral

    url = server_url(args)
    options: dict[str, Any] = {}
    timeout = getattr(args, "request_timeout", None)
    if timeout is not None:
        options["timeout_ms"] = max(1, round(timeout * 1000))
    retries = getattr(args, "retries", None)
    if retries is not None:
        options["retry_config"] = retry_config(retries)
    return Mistral(api_key=api_key(url), server_url=url, **options)


def retry_config(retries: int) -> Any:
    """--retries N: the default policy with at most N retries (N + 1 attempts); 0 makes a single attempt."""
    from .. import utils

    if retries == 0:
        return None
    return utils.DEFAULT_RETRY_CONFIG.replace(max_attempts=retries + 1)
