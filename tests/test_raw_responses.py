"""Raw responses (`jobs.with_raw_response.<operation>`) and the request id on every parsed result."""

from __future__ import annotations

import asyncio
import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from mistral_fine_tuning import Mistral, errors, models, utils
from mistral_fine_tuning.testing import FakeMistralServer, Fault

FINISHED = "b888f774-3e7c-4135-a18c-6b985523c4bc"
RUNNING = "0f713502-9233-41c6-9ebd-c570b7edb496"
VALIDATED = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
KEY = "raw-response-test-key-0123456789"
QUICK = utils.RetryConfig("backoff", utils.BackoffStrategy(1, 5, 1.5, 5_000), True)
CALLS: list[tuple[str, dict[str, Any], type[Any]]] = [
    ("list", {"page_size": 2}, models.JobsOut),
    ("create", {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 3}}, models.CompletionJobOut),
    ("create", {"model": "open-mistral-7b", "hyperparameters": {}, "dry_run": True}, models.LegacyJobMetadataOut),
    ("get", {"job_id": FINISHED}, models.CompletionDetailedJobOut),
    ("cancel", {"job_id": RUNNING}, models.CompletionDetailedJobOut),
    ("start", {"job_id": VALIDATED}, models.CompletionDetailedJobOut),
]


@pytest.fixture
def server() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(speed=0, seed_examples=True) as fake:
        yield fake


def call(mistral: Mistral, name: str, use_async: bool, raw: bool, **kwargs: Any) -> Any:
    target: Any = mistral.fine_tuning.jobs.with_raw_response if raw else mistral.fine_tuning.jobs
    if use_async:
        return asyncio.run(getattr(target, f"{name}_async")(**kwargs))
    return getattr(target, name)(**kwargs)


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("name", "kwargs", "parsed_type"), CALLS, ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)])
def test_every_operation_gives_its_raw_response(
    server: FakeMistralServer, name: str, kwargs: dict[str, Any], parsed_type: type[Any], use_async: bool
) -> None:
    mistral = Mistral(api_key=KEY, server_url=server.server_url)
    raw = call(mistral, name, use_async, True, **kwargs)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert re.fullmatch(r"[0-9a-f]{32}", raw.request_id)  # the fake's x-request-id
    assert raw.request_id == raw.headers["x-request-id"]
    assert isinstance(raw.elapsed, datetime.timedelta)
    assert raw.retries_taken == 0
    assert raw.http_request.method == ("GET" if name in {"list", "get"} else "POST")
    parsed = raw.parse()
    assert isinstance(parsed, parsed_type)
    assert raw.parse() is parsed  # parsed once
    assert parsed._request_id == raw.request_id
    assert parsed.to_dict() == raw.json()
    for text in (repr(raw), repr(raw.http_request)):
        assert KEY not in text


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_retries_taken_counts_the_re_sent_attempts(server: FakeMistralServer, use_async: bool) -> None:
    server.inject(Fault.error(503, headers={"Retry-After": "0"}), times=2)
    mistral = Mistral(api_key=KEY, server_url=server.server_url, retry_config=QUICK)
    raw = call(mistral, "get", use_async, True, job_id=FINISHED)
    assert raw.retries_taken == 2
    assert [request.status for request in server.requests] == [503, 503, 200]


def test_an_error_status_raises_as_in_a_normal_call_with_its_request_id(server: FakeMistralServer) -> None:
    mistral = Mistral(api_key=KEY, server_url=server.server_url)
    with pytest.raises(errors.NotFoundError) as caught:
        mistral.fine_tuning.jobs.with_raw_response.get(job_id="5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11")
    assert caught.value.request_id is not None and re.fullmatch(r"[0-9a-f]{32}", caught.value.request_id)


def test_parse_of_an_unusable_body_raises_response_validation_error(server: FakeMistralServer) -> None:
    server.inject(Fault.non_json(), times=1)
    raw = Mistral(api_key=KEY, server_url=server.server_url).fine_tuning.jobs.with_raw_response.get(job_id=FINISHED)
    assert raw.status_code == 200  # the answer itself is kept
    with pytest.raises(errors.ResponseValidationError):
        raw.parse()


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_results_of_normal_calls_carry_their_request_id(server: FakeMistralServer, use_async: bool) -> None:
    mistral = Mistral(api_key=KEY, server_url=server.server_url)
    page = call(mistral, "list", use_async, False)
    job = call(mistral, "get", use_async, False, job_id=FINISHED)
    ids = {page._request_id, job._request_id}
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)
    assert page.data[0]._request_id is None  # the id belongs to the answer, not to each job in it
    assert models.TrainingFile(file_id="f")._request_id is None
