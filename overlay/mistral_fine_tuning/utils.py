"""Call settings: the retry policy types, under the names Mistral's SDK uses, and the UNSET marker."""

from ._api import UNSET, Unset
from .retry_policy import DEFAULT_RETRY_CONFIG, NO_RETRY, BackoffStrategy, RetryConfig

__all__ = ["DEFAULT_RETRY_CONFIG", "NO_RETRY", "UNSET", "BackoffStrategy", "RetryConfig", "Unset"]
