"""Unit tests for the pure retry decisions: no sockets, no sleeps, no clock."""

from __future__ import annotations

import ast
import email.utils
import math
import sys
from pathlib import Path

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mistral_fine_tuning import retry_policy
from mistral_fine_tuning.retry_policy import (
    DEFAULT_BACKOFF,
    DEFAULT_RETRY_CONFIG,
    NO_RETRY,
    UNSET,
    BackoffStrategy,
    Decision,
    FailureKind,
    RetryConfig,
    decide,
    parse_retry_after,
    resolve,
)

NOW = 1_700_000_000.0  # a fixed "current time" for HTTP-date tests

# Deterministic backoff for arithmetic: bounds 1 s, 2 s, 4 s, 8 s, capped at 5 s; deadline 100 s.
BACKOFF = BackoffStrategy(1_000, 5_000, 2.0, 100_000)
CONFIG = RetryConfig("backoff", BACKOFF, True, max_attempts=10)


def status_decision(
    status: int,
    *,
    config: RetryConfig = CONFIG,
    idempotent: bool = True,
    attempt: int = 1,
    elapsed: float = 0.0,
    headers: dict[str, str] | None = None,
    fraction: float = 1.0,
) -> Decision:
    return decide(
        config,
        idempotent=idempotent,
        attempt=attempt,
        elapsed=elapsed,
        status=status,
        headers=headers,
        random_fraction=fraction,
        now=NOW,
    )


def failure_decision(
    failure: FailureKind,
    *,
    config: RetryConfig = CONFIG,
    idempotent: bool = True,
    attempt: int = 1,
    elapsed: float = 0.0,
    fraction: float = 1.0,
) -> Decision:
    return decide(
        config, idempotent=idempotent, attempt=attempt, elapsed=elapsed, failure=failure, random_fraction=fraction
    )


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


# --- configuration -------------------------------------------------------------------------------------------------


def test_official_sdk_positional_form_is_accepted() -> None:
    config = RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)
    assert config.strategy == "backoff"
    assert config.backoff == BackoffStrategy(initial_interval=1, max_interval=50, exponent=1.1, max_elapsed_time=100)
    assert config.retry_connection_errors is False
    assert config.max_attempts is None  # as many as max_elapsed_time allows, as in the official SDK
    assert config.retry_non_idempotent is False
    assert config.retry_after_cap == 60.0
    assert config.within_deadline is False


def test_extras_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        RetryConfig("backoff", None, True, 5)  # type: ignore[call-arg]


def test_configs_are_frozen() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        DEFAULT_RETRY_CONFIG.max_attempts = 10


def test_default_policy() -> None:
    expected = RetryConfig(
        "backoff",
        BackoffStrategy(500, 8_000, 2.0, 30_000),
        True,
        max_attempts=4,
        retry_non_idempotent=False,
        within_deadline=True,
    )
    assert expected == DEFAULT_RETRY_CONFIG
    assert DEFAULT_RETRY_CONFIG.backoff == DEFAULT_BACKOFF
    assert NO_RETRY.strategy == "none"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"initial_interval": -1}, "initial_interval"),
        ({"max_interval": -5}, "max_interval"),
        ({"max_elapsed_time": -1}, "max_elapsed_time"),
        ({"initial_interval": math.nan}, "initial_interval"),
        ({"exponent": 0.5}, "exponent"),
        ({"exponent": math.nan}, "exponent"),
        ({"exponent": math.inf}, "exponent"),
    ],
)
def test_backoff_validation(kwargs: dict[str, float], match: str) -> None:
    values: dict[str, float] = {"initial_interval": 1, "max_interval": 2, "exponent": 1.0, "max_elapsed_time": 3}
    values.update(kwargs)
    with pytest.raises(ValueError, match=match):
        BackoffStrategy(**values)  # type: ignore[arg-type]


def test_backoff_zero_values_are_allowed() -> None:
    BackoffStrategy(0, 0, 1.0, 0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_attempts": -3}, "max_attempts"),
        ({"retry_after_cap": -1.0}, "retry_after_cap"),
        ({"retry_after_cap": math.nan}, "retry_after_cap"),
    ],
)
def test_retry_config_validation(kwargs: dict[str, float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        RetryConfig("backoff", **kwargs)  # type: ignore[arg-type]


# --- resolve ---------------------------------------------------------------------------------------------------------

CLIENT = RetryConfig("backoff", max_attempts=7)
PER_CALL = RetryConfig("backoff", max_attempts=2)


def test_resolve_nothing_configured_gives_default() -> None:
    assert resolve() is DEFAULT_RETRY_CONFIG
    assert resolve(UNSET, UNSET) is DEFAULT_RETRY_CONFIG


def test_resolve_unset_per_call_uses_client_level() -> None:
    assert resolve(UNSET, CLIENT) is CLIENT


def test_resolve_per_call_wins() -> None:
    assert resolve(PER_CALL, CLIENT) is PER_CALL
    assert resolve(PER_CALL, None) is PER_CALL


def test_resolve_per_call_none_disables_even_with_client_config() -> None:
    assert resolve(None, CLIENT) is NO_RETRY


def test_resolve_client_none_disables() -> None:
    assert resolve(UNSET, None) is NO_RETRY


def test_the_package_has_one_unset_marker() -> None:
    from mistral_fine_tuning import _api, utils

    assert UNSET is utils.UNSET is _api.UNSET
    assert resolve(utils.UNSET, CLIENT) is CLIENT
    assert resolve(utils.UNSET, utils.UNSET) is DEFAULT_RETRY_CONFIG


def test_resolve_rejects_other_values() -> None:
    with pytest.raises(TypeError, match="retries must be a RetryConfig or None, got int"):
        resolve(3, CLIENT)
    with pytest.raises(TypeError, match="retry_config"):
        resolve(UNSET, "backoff")


def test_unset_repr() -> None:
    assert repr(UNSET) == "UNSET"


# --- what is retried -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_for_idempotent_operations(status: int) -> None:
    decision = status_decision(status)
    assert decision.retry
    assert decision.delay == 1.0
    assert decision.reason == f"status {status}, attempt 1/10, retry in 1.00 s (backoff)"


@pytest.mark.parametrize("status", [200, 201, 301, 400, 401, 403, 404, 405, 408, 409, 418, 422, 499, 501, 505, 520])
@pytest.mark.parametrize("idempotent", [True, False])
def test_other_statuses_are_never_retried(status: int, idempotent: bool) -> None:
    config = CONFIG.replace(retry_non_idempotent=True)
    decision = status_decision(status, idempotent=idempotent, config=config)
    assert decision == Decision(retry=False, delay=0.0, reason=f"status {status} is not retryable")


@pytest.mark.parametrize("status", [429, 503])
def test_create_retried_when_server_did_not_take_the_request(status: int) -> None:
    assert status_decision(status, idempotent=False).retry


@pytest.mark.parametrize("status", [500, 502, 504])
def test_create_not_retried_after_status_that_may_have_been_processed(status: int) -> None:
    decision = status_decision(status, idempotent=False)
    assert not decision.retry
    assert decision.delay == 0.0
    assert "non-idempotent" in decision.reason


@pytest.mark.parametrize("status", [500, 502, 504])
def test_create_retried_after_server_error_when_opted_in(status: int) -> None:
    config = CONFIG.replace(retry_non_idempotent=True)
    assert status_decision(status, idempotent=False, config=config).retry


@pytest.mark.parametrize("failure", list(FailureKind))
def test_connection_failures_retried_for_idempotent_operations(failure: FailureKind) -> None:
    decision = failure_decision(failure)
    assert decision.retry
    assert decision.delay == 1.0
    assert "attempt 1/10" in decision.reason


def test_create_retried_after_connect_failure() -> None:
    decision = failure_decision(FailureKind.CONNECT, idempotent=False)
    assert decision.retry
    assert decision.reason.startswith("connect error, attempt 1/10")


@pytest.mark.parametrize("failure", [FailureKind.TIMEOUT_READ, FailureKind.NETWORK])
def test_create_not_retried_after_failure_that_may_have_reached_the_server(failure: FailureKind) -> None:
    decision = failure_decision(failure, idempotent=False)
    assert not decision.retry
    assert "non-idempotent" in decision.reason


@pytest.mark.parametrize("failure", [FailureKind.TIMEOUT_READ, FailureKind.NETWORK])
def test_create_retried_after_read_failure_when_opted_in(failure: FailureKind) -> None:
    config = CONFIG.replace(retry_non_idempotent=True)
    assert failure_decision(failure, idempotent=False, config=config).retry


@pytest.mark.parametrize("failure", list(FailureKind))
def test_retry_connection_errors_false(failure: FailureKind) -> None:
    config = CONFIG.replace(retry_connection_errors=False)
    decision = failure_decision(failure, config=config)
    assert not decision.retry
    assert "retry_connection_errors=False" in decision.reason
    # Statuses are still retried.
    assert status_decision(503, config=config).retry


def test_strategy_none_makes_a_single_attempt() -> None:
    config = CONFIG.replace(strategy="none")
    assert not status_decision(503, config=config).retry
    decision = failure_decision(FailureKind.CONNECT, config=config)
    assert not decision.retry
    assert "retries disabled" in decision.reason


@pytest.mark.parametrize("strategy", ["", "Backoff", "exponential"])
def test_a_strategy_the_official_sdk_does_not_know_is_refused(strategy: str) -> None:
    # Silently making one attempt (as the official SDK does) would hide a typo that disables retries.
    with pytest.raises(ValueError, match="strategy must be 'backoff' or 'none'"):
        CONFIG.replace(strategy=strategy)


def test_no_retry_constant() -> None:
    assert not status_decision(503, config=NO_RETRY).retry


# --- how many, how long ----------------------------------------------------------------------------------------------


def test_max_attempts() -> None:
    config = RetryConfig("backoff", BACKOFF, max_attempts=3)
    assert status_decision(503, config=config, attempt=1).retry
    assert status_decision(503, config=config, attempt=2).retry
    decision = status_decision(503, config=config, attempt=3)
    assert decision == Decision(False, 0.0, "status 503: no attempts left (3/3)")
    assert not failure_decision(FailureKind.CONNECT, config=config, attempt=3).retry


def test_max_attempts_one_never_retries() -> None:
    config = RetryConfig("backoff", max_attempts=1)
    assert not status_decision(503, config=config).retry


STRICT = CONFIG.replace(within_deadline=True)


def test_deadline_within() -> None:
    # The default policy's promise: no wait ends past the deadline. Attempt 3's bound is 4 s (fraction 1: 4 s).
    assert status_decision(503, config=STRICT, attempt=3, elapsed=96.0).retry  # ends exactly at the deadline
    decision = status_decision(503, config=STRICT, attempt=3, elapsed=96.5)
    assert not decision.retry
    assert decision.reason.startswith("status 503: deadline reached")
    # With a small random draw the same elapsed time still fits.
    assert status_decision(503, config=STRICT, attempt=3, elapsed=96.5, fraction=0.5).retry


def test_deadline_as_the_official_sdk_checks_it() -> None:
    # A user's config: the deadline is checked when the failure arrives; the wait may then end past it.
    assert status_decision(503, attempt=3, elapsed=99.9).retry
    decision = status_decision(503, attempt=3, elapsed=100.5)
    assert not decision.retry
    assert decision.reason.startswith("status 503: deadline reached")


def test_deadline_already_passed() -> None:
    assert not status_decision(503, elapsed=100.5, fraction=0.0).retry


def test_zero_deadline_allows_only_immediate_retry_within_it() -> None:
    config = RetryConfig("backoff", BackoffStrategy(100, 100, 1.0, 0), within_deadline=True)
    assert status_decision(503, config=config, fraction=0.0).retry
    assert not status_decision(503, config=config, fraction=0.1).retry


def test_default_backoff_when_none_given() -> None:
    config = RetryConfig("backoff")
    assert status_decision(503, config=config).delay == 0.5
    assert status_decision(503, config=config, attempt=2).delay == 1.0
    assert status_decision(503, config=config, attempt=9).retry  # no attempt limit unless one is set
    assert status_decision(503, config=config, elapsed=29.9).retry
    assert not status_decision(503, config=config, elapsed=30.1).retry  # the default backoff's 30 s
    assert not status_decision(503, config=DEFAULT_RETRY_CONFIG, attempt=4).retry  # the package default: 4


def test_full_jitter_bounds() -> None:
    assert status_decision(503, fraction=0.0).delay == 0.0
    assert status_decision(503, fraction=1.0).delay == 1.0
    assert status_decision(503, fraction=0.25).delay == 0.25


def test_backoff_grows_with_attempts_and_is_capped() -> None:
    bounds = [status_decision(503, attempt=n).delay for n in range(1, 7)]
    assert bounds == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_huge_attempt_count_does_not_overflow() -> None:
    config = RetryConfig("backoff", BACKOFF, max_attempts=10**6)
    decision = status_decision(503, config=config, attempt=5_000)
    assert decision.retry
    assert decision.delay == 5.0


def test_zero_initial_interval_with_growth() -> None:
    config = RetryConfig("backoff", BackoffStrategy(0, 1_000, 3.0, 10_000), max_attempts=10**6)
    assert status_decision(503, config=config, attempt=5_000).delay == 0.0


@given(
    status=st.sampled_from([429, 500, 502, 503, 504]),
    attempt=st.integers(min_value=1, max_value=2_000),
    fraction=st.floats(min_value=0.0, max_value=1.0),
    initial=st.integers(min_value=0, max_value=100_000),
    max_interval=st.integers(min_value=0, max_value=100_000),
    exponent=st.floats(min_value=1.0, max_value=1e6),
)
def test_backoff_delay_is_always_within_bounds(
    *, status: int, attempt: int, fraction: float, initial: int, max_interval: int, exponent: float
) -> None:
    config = RetryConfig(
        "backoff", BackoffStrategy(initial, max_interval, exponent, 10**12), max_attempts=10**6, retry_after_cap=1e9
    )
    decision = status_decision(status, config=config, attempt=attempt, fraction=fraction)
    assert decision.retry
    assert not math.isnan(decision.delay)
    assert 0.0 <= decision.delay <= max_interval / 1000.0
    if attempt == 1:
        assert decision.delay <= initial / 1000.0


@given(
    headers=st.dictionaries(st.sampled_from(["Retry-After", "retry-after-ms", "x-other"]), st.text(max_size=40)),
    fraction=st.floats(min_value=0.0, max_value=1.0),
    attempt=st.integers(min_value=1, max_value=3),
    elapsed=st.floats(min_value=0.0, max_value=1e6),
)
def test_decide_never_fails_on_arbitrary_headers(
    headers: dict[str, str], fraction: float, attempt: int, elapsed: float
) -> None:
    decision = status_decision(429, headers=headers, fraction=fraction, attempt=attempt, elapsed=elapsed)
    assert math.isfinite(decision.delay)
    assert decision.delay >= 0.0
    if decision.retry:
        assert decision.delay <= CONFIG.retry_after_cap
        assert elapsed + decision.delay <= 100.0
    else:
        assert decision.delay == 0.0


# --- Retry-After -----------------------------------------------------------------------------------------------------


def test_retry_after_seconds_honoured_beyond_max_interval() -> None:
    decision = status_decision(429, headers={"Retry-After": "7"}, fraction=0.0)
    assert decision == Decision(True, 7.0, "status 429, attempt 1/10, retry in 7.00 s (retry-after)")


def test_retry_after_float_seconds() -> None:
    assert status_decision(503, headers={"retry-after": "1.5"}).delay == 1.5


def test_retry_after_applies_to_any_retried_status() -> None:
    assert status_decision(502, headers={"Retry-After": "3"}).delay == 3.0


def test_retry_after_ignored_for_statuses_not_retried() -> None:
    assert not status_decision(400, headers={"Retry-After": "3"}).retry


def test_retry_after_http_date() -> None:
    decision = status_decision(429, headers={"Retry-After": http_date(NOW + 12)})
    assert decision.retry
    assert decision.delay == 12.0
    assert "(retry-after)" in decision.reason


def test_retry_after_past_date_falls_back_to_backoff() -> None:
    decision = status_decision(429, headers={"Retry-After": http_date(NOW - 60)}, fraction=0.5)
    assert decision.retry
    assert decision.delay == 0.5
    assert "(backoff)" in decision.reason


def test_retry_after_zero_falls_back_to_backoff() -> None:
    decision = status_decision(503, headers={"Retry-After": "0"}, fraction=0.5)
    assert decision.delay == 0.5
    assert "(backoff)" in decision.reason


def test_retry_after_ms_takes_precedence() -> None:
    decision = status_decision(429, headers={"retry-after-ms": "250", "Retry-After": "30"})
    assert decision.delay == 0.25


@pytest.mark.parametrize("garbage", ["soon", "-5", "nan", "inf", "1e3", "", "  ", "Wed, 99 Foo 2015"])
def test_garbage_retry_after_ignored(garbage: str) -> None:
    decision = status_decision(429, headers={"Retry-After": garbage}, fraction=0.5)
    assert decision.retry
    assert decision.delay == 0.5
    assert "(backoff)" in decision.reason


def test_retry_after_above_cap_gives_up() -> None:
    decision = status_decision(429, headers={"Retry-After": "120"})
    assert not decision.retry
    assert decision.delay == 0.0
    assert "retry-after too long" in decision.reason
    # At the cap exactly it still waits.
    assert status_decision(429, headers={"Retry-After": "60"}).retry


def test_retry_after_cap_is_configurable() -> None:
    config = CONFIG.replace(retry_after_cap=5.0)
    assert "retry-after too long" in status_decision(429, config=config, headers={"Retry-After": "6"}).reason
    assert status_decision(429, config=config, headers={"Retry-After": "5"}).retry


def test_retry_after_crossing_deadline_gives_up_within_it() -> None:
    decision = status_decision(429, config=STRICT, headers={"Retry-After": "30"}, elapsed=80.0)
    assert not decision.retry
    assert "deadline reached" in decision.reason


def test_the_seeds_config_waits_for_a_short_retry_after_as_the_official_sdk_does() -> None:
    seed = RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False)
    for headers, wait in (({"Retry-After": "1"}, 1.0), ({"retry-after-ms": "400"}, 0.4)):
        decision = status_decision(429, config=seed, headers=headers, elapsed=0.002)
        assert decision.retry and decision.delay == wait, decision.reason
    assert not status_decision(429, config=seed, headers={"Retry-After": "1"}, elapsed=1.2).retry  # past 100 ms
    too_long = status_decision(429, config=seed, headers={"Retry-After": "120"}, elapsed=0.0)
    assert not too_long.retry and "retry_after_cap" in too_long.reason


def test_retry_after_does_not_bypass_non_idempotent_rule() -> None:
    assert not status_decision(500, idempotent=False, headers={"Retry-After": "1"}).retry


# --- parse_retry_after -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": " 2 "}, 2.0),
        ({"RETRY-AFTER": "0.25"}, 0.25),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After-Ms": "20.5"}, 0.0205),
        ({"retry-after-ms": "bogus", "Retry-After": "4"}, 4.0),
        ({"retry-after-ms": "-1", "Retry-After": "4"}, 4.0),
        ({"retry-after-ms": "bogus"}, None),
        ({"Retry-After": "-1"}, None),
        ({"Retry-After": "1,5"}, None),
        ({"Retry-After": "9" * 400}, None),
        ({"Retry-After": "٣"}, None),  # a non-ASCII digit
        ({"Retry-After": http_date(NOW + 90)}, 90.0),
        ({"Retry-After": http_date(NOW - 90)}, 0.0),
        ({"Retry-After": "Sun, 06 Nov 1994 08:49:37 -0000"}, 0.0),
        ({"Retry-After": "Fri, 17 Nov 2023 22:15:00 -0000"}, 259_300.0),  # no zone stated: UTC
        ({"Retry-After": "Fri, 17 Nov 2023 23:15:00 +0100"}, 259_300.0),
        ({"Retry-After": "not a date at all"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, now=NOW) == expected


def test_parse_retry_after_reads_clock_when_no_now_given() -> None:
    value = parse_retry_after({"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"})
    assert value == 0.0


def test_parse_retry_after_accepts_the_headers_of_either_http_library() -> None:
    assert parse_retry_after(httpx2.Headers({"Retry-After": "3"})) == 3.0
    httpx = pytest.importorskip("httpx")
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "1500"})) == 1.5


@given(st.dictionaries(st.sampled_from(["Retry-After", "retry-after-ms"]), st.text()))
def test_parse_retry_after_never_raises(headers: dict[str, str]) -> None:
    value = parse_retry_after(headers, now=NOW)
    assert value is None or (math.isfinite(value) and value >= 0.0)


# --- argument checks -------------------------------------------------------------------------------------------------


def test_decide_requires_exactly_one_outcome() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        decide(CONFIG, idempotent=True, attempt=1, elapsed=0.0, random_fraction=0.5)
    with pytest.raises(ValueError, match="exactly one"):
        decide(
            CONFIG,
            idempotent=True,
            attempt=1,
            elapsed=0.0,
            status=503,
            failure=FailureKind.CONNECT,
            random_fraction=0.5,
        )


@pytest.mark.parametrize(
    ("attempt", "elapsed", "fraction", "match"),
    [
        (0, 0.0, 0.5, "attempt"),
        (1, -1.0, 0.5, "elapsed"),
        (1, math.nan, 0.5, "elapsed"),
        (1, 0.0, 1.5, "random_fraction"),
        (1, 0.0, -0.1, "random_fraction"),
        (1, 0.0, math.nan, "random_fraction"),
    ],
)
def test_decide_rejects_bad_arguments(attempt: int, elapsed: float, fraction: float, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        decide(CONFIG, idempotent=True, attempt=attempt, elapsed=elapsed, status=503, random_fraction=fraction)


# --- import cost -----------------------------------------------------------------------------------------------------


def test_module_imports_only_the_standard_library() -> None:
    # The policy sits on the import path of every call: it must not pull in third-party packages.
    tree = ast.parse(Path(retry_policy.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert imported, "the module was expected to import something"
    assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names
