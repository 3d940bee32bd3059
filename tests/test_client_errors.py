"""How `Mistral` calls fail: every error status to its `SDKError` subclass, unusable success bodies, transport
failures, and secrets kept out of every message, repr and log record. Sync and async alike.

Status mapping runs through `httpx2.MockTransport`; realistic failures (HTML pages, truncated bodies, dropped
connections, the API's own 404/409/422) through the fake server on 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import socket
import traceback
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mistral_fine_tuning import Mistral, models
from mistral_fine_tuning.errors import MistralFineTuningError
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import (
    FINISHED,
    GITHUB_TOKEN,
    JOB,
    KEY,
    RUNNING,
    SYNC_ASYNC,
    UNKNOWN_ID,
    VALIDATED,
    WANDB_KEY,
    Handler,
    connected,
    mock_mistral,
)

OPS: dict[str, dict[str, Any]] = {
    "list": {},
    "create": {"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}},
    "get": {"job_id": FINISHED},
    "cancel": {"job_id": RUNNING},
    "start": {"job_id": VALIDATED},
}
ALL_OPS = pytest.mark.parametrize("op", list(OPS))


async def run(mistral: Mistral, op: str, use_async: bool, **kwargs: Any) -> Any:
    """Call `fine_tuning.jobs.<op>` (or its `_async` twin) with the op's usual arguments plus `kwargs`."""
    jobs = mistral.fine_tuning.jobs
    arguments = {**OPS[op], **kwargs}
    if use_async:
        return await getattr(jobs, f"{op}_async")(**arguments)
    return getattr(jobs, op)(**arguments)


def answer(status: int, body: bytes, *, content_type: str | None = "application/json", **headers: str) -> Handler:
    """A handler that always answers `status` with `body`."""
    all_headers = {name.replace("_", "-"): value for name, value in headers.items()}
    if content_type is not None:
        all_headers["content-type"] = content_type

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status, headers=all_headers, content=body)

    return handler


# --- every error status to its class --------------------------------------------------------------------------------

STATUS_CLASSES: list[tuple[int, type[models.SDKError]]] = [
    (400, models.BadRequestError),
    (401, models.AuthenticationError),
    (402, models.SDKError),
    (403, models.PermissionDeniedError),
    (404, models.NotFoundError),
    (405, models.SDKError),
    (408, models.SDKError),
    (409, models.ConflictError),
    (413, models.SDKError),
    (418, models.SDKError),
    (422, models.UnprocessableEntityError),
    (429, models.RateLimitError),
    (499, models.SDKError),
    (500, models.InternalServerError),
    (501, models.InternalServerError),
    (502, models.InternalServerError),
    (503, models.InternalServerError),
    (504, models.InternalServerError),
    (520, models.InternalServerError),
    (529, models.InternalServerError),
    (599, models.InternalServerError),
]


@SYNC_ASYNC
@pytest.mark.parametrize(
    ("status", "cls", "op"),
    [(status, cls, list(OPS)[index % len(OPS)]) for index, (status, cls) in enumerate(STATUS_CLASSES)],
    ids=[str(status) for status, _ in STATUS_CLASSES],
)
async def test_status_maps_to_its_error(status: int, cls: type[models.SDKError], op: str, use_async: bool) -> None:
    body = json.dumps({"detail": f"nope {status}"}, separators=(",", ":"))
    calls: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        headers = {"content-type": "application/json", "x-request-id": f"req-{status}", "retry-after": "7"}
        return httpx2.Response(status, headers=headers, content=body.encode())

    with pytest.raises(models.SDKError) as caught:
        await run(mock_mistral(handler), op, use_async, retries=None)
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, MistralFineTuningError)
    assert error.status_code == status
    assert error.body == body
    where = f" (requested {calls[0].method} {calls[0].url.copy_with(query=None)})" if status == 404 else ""
    assert error.message == f"API error occurred: Status {status}. Body: {body} (request id: req-{status}){where}"
    assert str(error) == error.message
    assert error.headers["x-request-id"] == f"req-{status}"
    assert error.request_id == f"req-{status}"
    assert error.raw_response is not None
    assert error.raw_response.status_code == status
    assert error.raw_response.request is calls[0]
    assert len(calls) == 1
    if cls is models.RateLimitError:
        assert isinstance(error, models.RateLimitError)
        assert error.retry_after == 7.0
    if cls is models.UnprocessableEntityError:
        assert isinstance(error, models.UnprocessableEntityError)
        assert error.detail_text == f"nope {status}"


@SYNC_ASYNC
@ALL_OPS
@pytest.mark.parametrize(("status", "cls"), [(404, models.NotFoundError), (500, models.InternalServerError)])
async def test_every_operation_maps_errors(status: int, cls: type[models.SDKError], op: str, use_async: bool) -> None:
    with pytest.raises(cls) as caught:
        await run(mock_mistral(answer(status, b'{"detail":"x"}')), op, use_async, retries=None)
    assert caught.value.status_code == status


@SYNC_ASYNC
async def test_422_detail_is_parsed(use_async: bool) -> None:
    detail = [{"type": "missing", "loc": ["body", "model"], "msg": "Field required", "input": {}}]
    handler = answer(422, json.dumps({"detail": detail}).encode())
    with pytest.raises(models.UnprocessableEntityError) as caught:
        await run(mock_mistral(handler), "create", use_async)
    assert caught.value.detail == detail
    assert caught.value.detail_text is None


@SYNC_ASYNC
async def test_422_in_mistrals_envelope(use_async: bool) -> None:
    detail = [{"type": "value_error", "loc": ["body", "suffix"], "msg": "too long"}]
    body = {"object": "error", "message": {"detail": detail}, "type": "invalid_request_error", "code": None}
    with pytest.raises(models.UnprocessableEntityError) as caught:
        await run(mock_mistral(answer(422, json.dumps(body).encode())), "create", use_async)
    assert caught.value.detail == detail


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date in the past
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_429_retry_after(headers: dict[str, str], expected: float | None) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(429, headers=headers, json={"detail": "slow down"})

    with pytest.raises(models.RateLimitError) as caught:
        mock_mistral(handler).fine_tuning.jobs.list(retries=None)
    assert caught.value.retry_after == expected


def test_message_shows_a_non_json_content_type() -> None:
    with pytest.raises(models.InternalServerError) as caught:
        mock_mistral(answer(500, b"boom", content_type="text/plain")).fine_tuning.jobs.get(
            job_id=FINISHED, retries=None
        )
    assert caught.value.message == "API error occurred: Status 500 Content-Type text/plain. Body: boom"


def test_empty_error_without_content_type() -> None:
    with pytest.raises(models.InternalServerError) as caught:
        mock_mistral(answer(503, b"", content_type=None)).fine_tuning.jobs.list(retries=None)
    assert caught.value.message == 'API error occurred: Status 503 Content-Type "". Body: ""'
    assert caught.value.body == ""


def test_long_error_body_is_truncated_in_the_message_only() -> None:
    body = json.dumps({"detail": "x" * 20_000}).encode()
    with pytest.raises(models.BadRequestError) as caught:
        mock_mistral(answer(400, body)).fine_tuning.jobs.list()
    assert len(caught.value.message) < 10_200
    assert caught.value.message.endswith("more chars")
    assert caught.value.body == body.decode()


def test_redirect_that_is_not_followed() -> None:
    # An injected client that does not follow redirects leaves a 3xx: reported, never parsed as a job.
    handler = answer(307, b"", content_type=None, location="https://elsewhere.example/")
    with pytest.raises(models.SDKError) as caught:
        mock_mistral(handler).fine_tuning.jobs.get(job_id=FINISHED)
    assert type(caught.value) is models.SDKError
    assert caught.value.status_code == 307
    assert caught.value.message.startswith("Unexpected response received: Status 307")


# --- errors the fake API really produces ----------------------------------------------------------------------------


@SYNC_ASYNC
@pytest.mark.parametrize("op", ["get", "cancel", "start"])
async def test_unknown_job_is_not_found(fake_server: FakeMistralServer, op: str, use_async: bool) -> None:
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.NotFoundError) as caught:
            await run(mistral, op, use_async, job_id=UNKNOWN_ID)
    assert UNKNOWN_ID in caught.value.body
    assert caught.value.request_id == fake_server_request_id(caught.value)
    assert len(fake_server.requests) == 1  # a 404 is not retried


def fake_server_request_id(error: models.SDKError) -> str:
    request_id: str | None = error.headers.get("x-request-id")
    assert request_id
    return request_id


@SYNC_ASYNC
async def test_conflicts(fake_server: FakeMistralServer, use_async: bool) -> None:
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.ConflictError):
            await run(mistral, "start", use_async, job_id=FINISHED)  # already SUCCESS
        with pytest.raises(models.ConflictError):
            await run(mistral, "cancel", use_async, job_id=FINISHED)


@SYNC_ASYNC
async def test_malformed_job_id_is_a_422_from_the_server(fake_server: FakeMistralServer, use_async: bool) -> None:
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.UnprocessableEntityError) as caught:
            await run(mistral, "get", use_async, job_id="not-a-uuid")
    assert [item["loc"] for item in caught.value.detail] == [["path", "job_id"]]


@SYNC_ASYNC
async def test_invalid_create_is_a_422_with_detail(fake_server: FakeMistralServer, use_async: bool) -> None:
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.UnprocessableEntityError) as caught:
            await run(mistral, "create", use_async, hyperparameters={"learning_rate": 5.0, "training_steps": 0})
    locations = sorted(tuple(item["loc"]) for item in caught.value.detail)
    assert locations == [
        ("body", "hyperparameters", "learning_rate"),
        ("body", "hyperparameters", "training_steps"),
    ]
    assert fake_server.job_ids == [FINISHED, RUNNING, VALIDATED]


@SYNC_ASYNC
async def test_wrong_key_is_an_authentication_error(use_async: bool) -> None:
    with FakeMistralServer(api_key="the-right-key-123", speed=0) as server:
        async with connected(server.server_url) as mistral:
            with pytest.raises(models.AuthenticationError) as caught:
                await run(mistral, "list", use_async)
        async with connected(server.server_url, api_key=None) as anonymous:
            with pytest.raises(models.AuthenticationError):
                await run(anonymous, "list", use_async)
    assert caught.value.status_code == 401
    assert caught.value.headers["www-authenticate"] == "Bearer"


@SYNC_ASYNC
@pytest.mark.parametrize("status", [502, 404, 503])
async def test_html_error_page(fake_server: FakeMistralServer, status: int, use_async: bool) -> None:
    fake_server.inject(Fault.html(status))
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.SDKError) as caught:
            await run(mistral, "get", use_async, job_id=FINISHED, retries=None)
    error = caught.value
    assert error.status_code == status
    assert isinstance(error, models.NotFoundError if status == 404 else models.InternalServerError)
    assert error.body.startswith("<html>")
    assert "Content-Type text/html" in error.message
    assert f"<title>{status} " in error.message
    assert "\r\n" not in error.message
    assert len(error.message) < 400


# --- a success that cannot be used ----------------------------------------------------------------------------------


@SYNC_ASYNC
@ALL_OPS
async def test_non_json_success(fake_server: FakeMistralServer, op: str, use_async: bool) -> None:
    fake_server.inject(Fault.non_json("upstream connect error"))
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.ResponseValidationError) as caught:
            await run(mistral, op, use_async)
    error = caught.value
    assert error.status_code == 200
    assert error.body == "upstream connect error"
    assert isinstance(error.cause, json.JSONDecodeError)
    assert error.__cause__ is error.cause
    assert error.message.startswith("Response validation failed: the body is not valid JSON.")
    assert "upstream connect error" in str(error)
    assert error.raw_response is not None


@SYNC_ASYNC
@ALL_OPS
async def test_truncated_json(fake_server: FakeMistralServer, op: str, use_async: bool) -> None:
    fake_server.inject(Fault.truncated_json(0.6))
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.ResponseValidationError) as caught:
            await run(mistral, op, use_async)
    assert caught.value.status_code == 200
    assert caught.value.body.startswith("{")
    assert caught.value.body in str(caught.value)


@SYNC_ASYNC
@pytest.mark.parametrize(("op", "field"), [("list", "total"), ("get", "id"), ("cancel", "status"), ("create", "id")])
async def test_missing_required_field(fake_server: FakeMistralServer, op: str, field: str, use_async: bool) -> None:
    fake_server.inject(Fault.missing_field(field))
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.ResponseValidationError) as caught:
            await run(mistral, op, use_async)
    assert caught.value.reason.startswith(f"$.{field}: required, but missing")
    assert isinstance(caught.value.cause, KeyError)
    assert field not in json.loads(caught.value.body)
    if op == "create":  # the job exists; only the answer was unusable, and it was not re-sent: the error says so
        assert "may have been created" in caught.value.message
        assert len(fake_server.job_ids) == 4
        assert len(fake_server.requests) == 1


BAD_BODIES = [
    b"[]",
    b"null",
    b'"a string"',
    b"42",
    b'{"total": 1, "data": [1]}',
    b'{"total": 1, "data": {"not": "a list"}}',
    b'{"job_type": "completion"}',
    b'{"job_type": "classifier", "id": "x"}',
    json.dumps({**JOB, "hyperparameters": 5}).encode(),
    json.dumps({**JOB, "status": 5}).encode(),
    json.dumps({**JOB, "training_files": None}).encode(),
    b"[" * 100_000,
    b"\xff\xfe not utf-8",
    b"",
]


@ALL_OPS
@pytest.mark.parametrize(("body", "use_async"), [(body, index % 2 == 1) for index, body in enumerate(BAD_BODIES)])
async def test_unusable_success_bodies(body: bytes, op: str, use_async: bool) -> None:
    # Parsing is shared by the sync and async paths: alternating between them covers both.
    try:
        result = await run(mock_mistral(answer(200, body)), op, use_async)
    except models.ResponseValidationError as error:
        assert error.status_code == 200
        assert error.raw_response is not None
        assert error.raw_response.content == body
        assert error.cause is not None
    else:  # lenient parsing may accept a body; it must then be a model, never a raw value
        assert hasattr(result, "to_dict"), result


@SYNC_ASYNC
async def test_list_with_a_bad_item_is_a_validation_error(use_async: bool) -> None:
    bad_item = {name: value for name, value in JOB.items() if name != "hyperparameters"}
    page = {"total": 2, "data": [JOB, bad_item]}
    with pytest.raises(models.ResponseValidationError) as caught:
        await run(mock_mistral(answer(200, json.dumps(page).encode())), "list", use_async)
    assert caught.value.reason == "$.data[1].hyperparameters: required, but missing"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.integers(min_value=200, max_value=599),
    body=st.one_of(
        st.binary(max_size=64),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
            lambda children: (
                st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
            ),
            max_leaves=10,
        ).map(lambda value: json.dumps(value).encode()),
        st.fixed_dictionaries({"total": st.integers(), "data": st.lists(st.sampled_from([JOB, {}, None]))}).map(
            lambda value: json.dumps(value).encode()
        ),
    ),
    content_type=st.sampled_from(["application/json", "text/html", "text/plain", None]),
    op=st.sampled_from(list(OPS)),
)
def test_any_answer_gives_a_result_or_an_sdk_error(status: int, body: bytes, content_type: str | None, op: str) -> None:
    mistral = mock_mistral(answer(status, body, content_type=content_type))
    method = getattr(mistral.fine_tuning.jobs, op)
    try:
        result = method(**OPS[op], retries=None)
    except models.SDKError as error:
        assert error.status_code == status
        assert isinstance(error.message, str)
        repr(error)
    else:
        assert status < 300
        assert hasattr(result, "to_dict")


# --- transport failures -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@SYNC_ASYNC
@ALL_OPS
async def test_connection_refused(op: str, use_async: bool) -> None:
    port = free_port()
    async with connected(f"http://127.0.0.1:{port}") as mistral:
        with pytest.raises(models.APIConnectionError) as caught:
            await run(mistral, op, use_async, retries=None)
    error = caught.value
    assert type(error) is models.APIConnectionError
    assert isinstance(error.cause, httpx2.ConnectError)
    assert error.__cause__ is error.cause
    assert f"127.0.0.1:{port}/v1/fine_tuning/jobs" in error.message
    assert error.request is not None
    assert KEY not in str(error)
    assert KEY not in repr(error)


@SYNC_ASYNC
@ALL_OPS
async def test_dropped_connection(fake_server: FakeMistralServer, op: str, use_async: bool) -> None:
    fake_server.inject(Fault.drop_connection())
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.APIConnectionError) as caught:
            await run(mistral, op, use_async, retries=None)
    assert isinstance(caught.value.cause, httpx2.TransportError)
    assert not isinstance(caught.value, models.APITimeoutError)
    assert len(fake_server.requests) == 1


TRANSPORT_ERRORS: list[tuple[type[httpx2.TransportError], type[models.APIConnectionError]]] = [
    (httpx2.ConnectError, models.APIConnectionError),
    (httpx2.ReadError, models.APIConnectionError),
    (httpx2.WriteError, models.APIConnectionError),
    (httpx2.CloseError, models.APIConnectionError),
    (httpx2.RemoteProtocolError, models.APIConnectionError),
    (httpx2.LocalProtocolError, models.APIConnectionError),
    (httpx2.ProxyError, models.APIConnectionError),
    (httpx2.UnsupportedProtocol, models.APIConnectionError),
    (httpx2.ConnectTimeout, models.APITimeoutError),
    (httpx2.ReadTimeout, models.APITimeoutError),
    (httpx2.WriteTimeout, models.APITimeoutError),
    (httpx2.PoolTimeout, models.APITimeoutError),
]


@SYNC_ASYNC
@pytest.mark.parametrize(("exc_type", "cls"), TRANSPORT_ERRORS, ids=[exc.__name__ for exc, _ in TRANSPORT_ERRORS])
async def test_transport_error_mapping(
    exc_type: type[httpx2.TransportError], cls: type[models.APIConnectionError], use_async: bool
) -> None:
    raised: list[httpx2.TransportError] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        exc = exc_type("it broke", request=request)
        raised.append(exc)
        raise exc

    with pytest.raises(models.APIConnectionError) as caught:
        await run(mock_mistral(handler), "get", use_async, retries=None)
    assert type(caught.value) is cls
    assert caught.value.cause is raised[0]
    assert caught.value.__cause__ is raised[0]
    assert "it broke" in caught.value.message
    assert exc_type.__name__ in caught.value.message
    assert len(raised) == 1


@SYNC_ASYNC
async def test_read_timeout_against_the_fake_server(fake_server: FakeMistralServer, use_async: bool) -> None:
    fake_server.inject(Fault.delay(1.0))
    async with connected(fake_server.server_url, timeout_ms=100) as mistral:
        with pytest.raises(models.APITimeoutError) as caught:
            await run(mistral, "list", use_async, retries=None)
    assert isinstance(caught.value.cause, httpx2.ReadTimeout)
    assert "Request timed out (GET http://127.0.0.1" in caught.value.message


@SYNC_ASYNC
async def test_undecodable_compressed_body_is_an_sdk_failure(use_async: bool) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        headers = {"content-encoding": "gzip", "content-type": "application/json"}
        return httpx2.Response(200, headers=headers, stream=httpx2.ByteStream(b"this is not gzip"))

    with pytest.raises(MistralFineTuningError):
        await run(mock_mistral(handler), "get", use_async, retries=None)


def test_redirect_loop_is_an_sdk_failure() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(302, headers={"location": str(request.url)})

    client = httpx2.Client(transport=httpx2.MockTransport(handler), follow_redirects=True)
    with pytest.raises(MistralFineTuningError):
        Mistral(api_key=KEY, client=client).fine_tuning.jobs.get(job_id=FINISHED, retries=None)


# --- secrets never leak -----------------------------------------------------------------------------------------------


def texts_of(error: BaseException) -> list[str]:
    """Every human-readable rendering of an exception, including the parsed 422 detail."""
    texts = [str(error), repr(error), "".join(traceback.format_exception(error)), *map(str, error.args)]
    names = ("message", "body", "detail", "detail_text")
    texts.extend(json.dumps(getattr(error, name)) for name in names if hasattr(error, name))
    return texts


def assert_no_secret(texts: list[str], *secrets: str) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"secret leaked in: {text[:300]}"


@SYNC_ASYNC
async def test_create_secrets_echoed_by_a_422_are_redacted(
    fake_server: FakeMistralServer, use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx2's, httpcore2's
    integration = {"type": "wandb", "project": "proj", "api_key": WANDB_KEY}
    repository = {"type": "github", "name": "repo", "owner": "acme", "token": GITHUB_TOKEN}
    # FastAPI echoes the object around a problem as the error's `input`: here, each item with its secret.
    detail = [
        {
            "type": "string_too_short",
            "loc": ["body", "integrations", 0, "api_key"],
            "msg": "too short",
            "input": integration,
        },
        {"type": "value_error", "loc": ["body", "repositories", 0], "msg": "no access", "input": repository},
    ]
    fake_server.inject(Fault.error(422, detail), times=1, method="POST")
    async with connected(fake_server.server_url) as mistral:
        with pytest.raises(models.UnprocessableEntityError) as caught:
            await run(
                mistral,
                "create",
                use_async,
                model="ministral-3b-latest",
                hyperparameters={"learning_rate": 0.0001},
                integrations=[integration],
                repositories=[repository],
            )
    error = caught.value
    # The server did echo them (so the test can fail), and the client scrubbed them.
    assert WANDB_KEY in error.raw_response.text if error.raw_response is not None else False
    assert GITHUB_TOKEN in error.raw_response.text if error.raw_response is not None else False
    assert "***" in error.message
    locations = [item["loc"] for item in error.detail]
    assert ["body", "integrations", 0, "api_key"] in locations
    assert_no_secret(texts_of(error), WANDB_KEY, GITHUB_TOKEN, KEY)
    assert_no_secret([record.getMessage() for record in caplog.records], WANDB_KEY, GITHUB_TOKEN, KEY)
    assert any("422" in record.getMessage() for record in caplog.records if record.name == "mistral_fine_tuning")


def echo(status: int, content_type: str = "application/json") -> Handler:
    """A handler answering with everything it received: headers and body."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        received = json.dumps({"headers": dict(request.headers), "body": request.content.decode()})
        text = received if content_type == "application/json" else f"You sent: {received}"
        return httpx2.Response(status, headers={"content-type": content_type}, content=text.encode())

    return handler


@SYNC_ASYNC
@pytest.mark.parametrize("status", [400, 401, 422, 500])
async def test_api_key_echoed_in_an_error_is_redacted(
    status: int, use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(models.SDKError) as caught:
        await run(mock_mistral(echo(status)), "list", use_async, retries=None)
    assert caught.value.raw_response is not None
    assert KEY in caught.value.raw_response.text  # the echo really happened
    assert_no_secret(texts_of(caught.value), KEY)
    assert_no_secret([record.getMessage() for record in caplog.records], KEY)


@SYNC_ASYNC
async def test_secrets_echoed_in_an_unusable_success_are_redacted(use_async: bool) -> None:
    with pytest.raises(models.ResponseValidationError) as caught:
        await run(
            mock_mistral(echo(200, "text/plain")),
            "create",
            use_async,
            integrations=[{"project": "proj", "api_key": WANDB_KEY}],
            repositories=[{"name": "repo", "owner": "acme", "token": GITHUB_TOKEN}],
        )
    assert_no_secret(texts_of(caught.value), KEY, WANDB_KEY, GITHUB_TOKEN)
    assert "***" in caught.value.body


def test_callable_and_per_call_keys_are_redacted_too() -> None:
    rotating = "rotating-secret-key-42"
    with pytest.raises(models.AuthenticationError) as caught:
        mock_mistral(echo(401), api_key=lambda: rotating).fine_tuning.jobs.list()
    assert_no_secret(texts_of(caught.value), rotating)

    per_call = "per-call-secret-key-77"
    with pytest.raises(models.AuthenticationError) as caught:
        mock_mistral(echo(401)).fine_tuning.jobs.list(http_headers={"authorization": f"Bearer {per_call}"})
    assert_no_secret(texts_of(caught.value), per_call, KEY)


def test_input_errors_do_not_show_secrets() -> None:
    calls: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        return httpx2.Response(500)

    mistral = mock_mistral(handler)
    bad_calls: list[dict[str, Any]] = [
        {"integrations": [{"project": "p", "api_key": WANDB_KEY, "unknown": 1}]},
        {"integrations": [{"api_key": WANDB_KEY}]},
        {"integrations": {"project": "p", "api_key": WANDB_KEY}},
        {"repositories": [{"name": "r", "owner": "o", "token": GITHUB_TOKEN, "branch": "x"}]},
        {"repositories": [{"name": "r", "token": GITHUB_TOKEN}]},
    ]
    for extra in bad_calls:
        with pytest.raises(models.InputValidationError) as caught:
            mistral.fine_tuning.jobs.create(model="m", hyperparameters={}, **extra)
        assert_no_secret(texts_of(caught.value), WANDB_KEY, GITHUB_TOKEN)
    assert calls == []


def test_models_repr_hides_secrets() -> None:
    integration = models.WandbIntegration(project="p", api_key=WANDB_KEY)
    repository = models.GithubRepositoryIn(name="r", owner="o", token=GITHUB_TOKEN)
    assert_no_secret([repr(integration), repr(repository), str(integration), str(repository)], WANDB_KEY, GITHUB_TOKEN)
