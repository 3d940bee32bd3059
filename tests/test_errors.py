"""Tests for the exception hierarchy and the response-to-exception mapping; responses are built in memory."""

from __future__ import annotations

import email.utils
import json

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mistral_fine_tuning._http import family_of_exception
from mistral_fine_tuning.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InputValidationError,
    InternalServerError,
    MistralFineTuningError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SDKError,
    UnprocessableEntityError,
    error_from_response,
)

SECRET = "sk-secret-0123456789"
URL = "https://api.mistral.ai/v1/fine_tuning/jobs/abc"
NOW = 1_700_000_000.0


def make_request(method: str = "GET", url: str = URL) -> httpx2.Request:
    return httpx2.Request(method, url, headers={"Authorization": f"Bearer {SECRET}", "x-api-key": SECRET})


def make_response(
    status: int,
    body: bytes | str = b"",
    *,
    content_type: str | None = "application/json",
    headers: dict[str, str] | None = None,
) -> httpx2.Response:
    all_headers = dict(headers or {})
    if content_type is not None:
        all_headers["content-type"] = content_type
    content = body.encode() if isinstance(body, str) else body
    return httpx2.Response(status, headers=all_headers, content=content, request=make_request())


def json_response(status: int, payload: object, **kwargs: object) -> httpx2.Response:
    return make_response(status, json.dumps(payload), **kwargs)  # type: ignore[arg-type]


def assert_no_secret(err: BaseException) -> None:
    texts = [str(err), repr(err)]
    texts += [str(value) for value in vars(err).values()]
    texts += [repr(value) for value in vars(err).values()]
    for text in texts:
        assert SECRET not in text
        assert "Bearer" not in text


# --- hierarchy -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls",
    [
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
        ResponseValidationError,
    ],
)
def test_status_errors_are_sdk_errors(cls: type[SDKError]) -> None:
    assert issubclass(cls, SDKError)
    assert issubclass(cls, MistralFineTuningError)


def test_hierarchy() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, MistralFineTuningError)
    assert not issubclass(APIConnectionError, SDKError)
    assert issubclass(InputValidationError, ValueError)
    assert issubclass(InputValidationError, MistralFineTuningError)


def test_input_validation_error() -> None:
    err = InputValidationError("job_id", "must be a non-empty string")
    assert err.param == "job_id"
    assert err.message == "must be a non-empty string"
    assert str(err) == "job_id: must be a non-empty string"
    with pytest.raises(ValueError, match="job_id"):
        raise err


# --- error_from_response: status to class ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (520, InternalServerError),
        (599, InternalServerError),
        (405, SDKError),
        (408, SDKError),
        (418, SDKError),
        (499, SDKError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[SDKError]) -> None:
    response = json_response(status, {"detail": "x"})
    err = error_from_response(response)
    assert type(err) is cls
    assert err.status_code == status
    assert err.raw_response is response
    assert err.headers is response.headers
    assert err.body == '{"detail": "x"}'
    assert str(err) == err.message
    assert err.message.startswith(f"API error occurred: Status {status}. Body: ")


def test_not_found_message_matches_official_shape() -> None:
    err = error_from_response(make_response(404, b'{"detail":"Not found"}'))
    assert str(err) == 'API error occurred: Status 404. Body: {"detail":"Not found"}'
    assert err.request_id is None


def test_json_with_charset_is_json() -> None:
    err = error_from_response(make_response(400, b"{}", content_type="application/json; charset=utf-8"))
    assert str(err) == "API error occurred: Status 400. Body: {}"


def test_problem_json_is_json() -> None:
    err = error_from_response(make_response(400, b"{}", content_type="application/problem+json"))
    assert str(err) == "API error occurred: Status 400. Body: {}"


def test_non_json_content_type_is_shown() -> None:
    err = error_from_response(make_response(500, b"boom", content_type="text/plain"))
    assert str(err) == "API error occurred: Status 500 Content-Type text/plain. Body: boom"


def test_content_type_with_spaces_is_quoted() -> None:
    err = error_from_response(make_response(500, b"boom", content_type="text/plain; charset=utf-8"))
    assert str(err) == 'API error occurred: Status 500 Content-Type "text/plain; charset=utf-8". Body: boom'


def test_empty_503_without_content_type() -> None:
    err = error_from_response(make_response(503, b"", content_type=None))
    assert type(err) is InternalServerError
    assert err.body == ""
    assert str(err) == 'API error occurred: Status 503 Content-Type "". Body: ""'


def test_html_502_is_readable() -> None:
    page = (
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
        + "<center><h1>502 Bad Gateway</h1></center>\n" * 50
        + "</body>\n</html>\n"
    )
    err = error_from_response(make_response(502, page, content_type="text/html"))
    assert type(err) is InternalServerError
    assert err.body == page  # the attribute keeps everything
    message = str(err)
    assert message.startswith(
        "API error occurred: Status 502 Content-Type text/html. Body: <html> <head><title>502 Bad Gateway</title>"
    )
    assert "\n" not in message
    assert "more chars" in message
    assert len(message) < 300


def test_html_without_content_type_header_is_also_shortened() -> None:
    err = error_from_response(make_response(500, "<!DOCTYPE html>" + "x" * 1000, content_type=None))
    assert str(err).endswith("...and 815 more chars")


def test_long_body_is_truncated() -> None:
    body = json.dumps({"detail": "y" * 20_000})
    err = error_from_response(make_response(400, body))
    assert err.body == body
    assert str(err) == f"API error occurred: Status 400. Body: {body[:10_000]}...and {len(body) - 10_000} more chars"


def test_body_at_the_limit_is_not_truncated() -> None:
    body = "z" * 10_000
    err = error_from_response(make_response(400, body, content_type="text/plain"))
    assert str(err).endswith(". Body: " + body)


def test_undecodable_body_is_tolerated() -> None:
    err = error_from_response(make_response(500, b"\xff\xfe\x00bad", content_type="text/plain; charset=utf-8"))
    assert isinstance(err, InternalServerError)
    assert "bad" in err.body


def test_unknown_charset_is_tolerated() -> None:
    err = error_from_response(make_response(500, b"caf\xc3\xa9", content_type="text/plain; charset=no-such-codec"))
    assert isinstance(err, InternalServerError)
    assert err.body


def test_unread_streaming_response_is_tolerated() -> None:
    response = httpx2.Response(500, stream=httpx2.ByteStream(b"later"), request=make_request())
    err = error_from_response(response)
    assert type(err) is InternalServerError
    assert err.body == ""


def test_response_without_request() -> None:
    err = error_from_response(httpx2.Response(404, content=b"{}", headers={"content-type": "application/json"}))
    assert type(err) is NotFoundError


@pytest.mark.parametrize("status", [200, 201, 204, 302])
def test_unexpected_non_error_status(status: int) -> None:
    err = error_from_response(make_response(status, b"{}"))
    assert type(err) is SDKError
    assert str(err) == f"Unexpected response received: Status {status}. Body: {{}}"


# --- request id ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["x-request-id", "X-Request-ID", "request-id", "mistral-request-id", "x-kong-request-id"]
)
def test_request_id_extracted(header: str) -> None:
    err = error_from_response(make_response(404, b"{}", headers={header: "req-123"}))
    assert err.request_id == "req-123"
    assert str(err) == "API error occurred: Status 404. Body: {} (request id: req-123)"


def test_request_id_prefers_x_request_id() -> None:
    err = error_from_response(make_response(404, b"{}", headers={"request-id": "b", "x-request-id": "a"}))
    assert err.request_id == "a"


def test_empty_request_id_is_ignored() -> None:
    err = error_from_response(make_response(404, b"{}", headers={"x-request-id": ""}))
    assert err.request_id is None
    assert "request id" not in str(err)


# --- 422 -------------------------------------------------------------------------------------------------------------

FASTAPI_DETAIL = [
    {"loc": ["body", "model"], "msg": "Field required", "type": "missing", "input": {}},
    {"loc": ["body", "hyperparameters", "learning_rate"], "msg": "must be > 0", "type": "greater_than"},
]


def test_422_fastapi_list_detail() -> None:
    err = error_from_response(json_response(422, {"detail": FASTAPI_DETAIL}))
    assert isinstance(err, UnprocessableEntityError)
    assert err.detail == FASTAPI_DETAIL
    assert err.detail_text is None
    assert "Field required" in str(err)


def test_422_string_detail() -> None:
    text = "Model not available for this type of fine-tuning (completion)."
    err = error_from_response(json_response(422, {"detail": text}))
    assert isinstance(err, UnprocessableEntityError)
    assert err.detail == []
    assert err.detail_text == text
    assert text in str(err)


def test_422_mistral_envelope_with_nested_detail() -> None:
    payload = {"object": "error", "message": {"detail": FASTAPI_DETAIL}, "type": "invalid_request_message_error"}
    err = error_from_response(json_response(422, payload))
    assert isinstance(err, UnprocessableEntityError)
    assert err.detail == FASTAPI_DETAIL


def test_422_mistral_envelope_with_string_message() -> None:
    err = error_from_response(json_response(422, {"object": "error", "message": "bad suffix", "type": "x"}))
    assert isinstance(err, UnprocessableEntityError)
    assert err.detail == []
    assert err.detail_text == "bad suffix"


def test_422_list_items_that_are_not_objects_are_dropped() -> None:
    err = error_from_response(json_response(422, {"detail": ["oops", FASTAPI_DETAIL[0], 3]}))
    assert isinstance(err, UnprocessableEntityError)
    assert err.detail == [FASTAPI_DETAIL[0]]


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"<html>nope</html>", b"[1, 2]", b'"text"', b"{}", b'{"detail": 5}', b"[" * 100_000],
)
def test_422_with_unexpected_body_is_still_422(body: bytes) -> None:
    err = error_from_response(make_response(422, body))
    assert type(err) is UnprocessableEntityError
    assert err.detail == []
    assert err.detail_text is None


# --- 429 -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "12"}, 12.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"retry-after-ms": "1500", "Retry-After": "12"}, 1.5),
        ({"Retry-After": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"Retry-After": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),
        ({"Retry-After": "whenever"}, None),
    ],
)
def test_429_retry_after(headers: dict[str, str], expected: float | None) -> None:
    err = error_from_response(json_response(429, {"message": "slow down"}, headers=headers), now=NOW)
    assert isinstance(err, RateLimitError)
    assert err.retry_after == expected
    assert err.status_code == 429


# --- security --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 429, 500, 499])
def test_no_secret_in_status_errors(status: int) -> None:
    err = error_from_response(json_response(status, {"detail": "no"}, headers={"x-request-id": "r1"}))
    assert err.raw_response is not None
    assert err.raw_response.request.headers["authorization"] == f"Bearer {SECRET}"  # it was really sent
    assert_no_secret(err)


def test_repr_is_short() -> None:
    err = error_from_response(make_response(404, json.dumps({"detail": "n" * 5_000}), headers={"x-request-id": "r1"}))
    text = repr(err)
    assert text.startswith("NotFoundError(status_code=404, request_id='r1', message='API error occurred: Status 404.")
    assert len(text) < 200


def _from_library(exc: Exception) -> APIConnectionError:
    """The package's error for an httpx2 (or httpx) request error, as the sender builds it."""
    family = family_of_exception(exc)
    assert family is not None
    return family.connection_error(exc)


def test_no_secret_in_connection_errors() -> None:
    request = make_request("POST")
    for exc in (httpx2.ConnectError("refused", request=request), httpx2.ReadTimeout("slow", request=request)):
        err = _from_library(exc)
        assert err.request is request
        assert_no_secret(err)


def test_connection_error_message_drops_userinfo_and_query() -> None:
    request = make_request("POST", f"https://user:{SECRET}@api.mistral.ai:8443/v1/fine_tuning/jobs?key={SECRET}")
    err = _from_library(httpx2.ConnectError("refused", request=request))
    assert str(err) == "Connection error (POST https://api.mistral.ai:8443/v1/fine_tuning/jobs): ConnectError: refused"
    assert SECRET not in repr(err)


def test_a_secret_the_library_quotes_is_scrubbed_from_a_connection_error() -> None:
    exc = httpx2.LocalProtocolError(f"Illegal header value b'{SECRET}\\r\\n'", request=make_request())
    family = family_of_exception(exc)
    assert family is not None
    err = family.connection_error(exc, secrets=[SECRET])
    assert_no_secret(err)
    assert "***" in str(err)


def test_no_secret_in_response_validation_error() -> None:
    err = ResponseValidationError.from_response(make_response(200, b"{"), cause=ValueError("x"), reason="bad JSON")
    assert_no_secret(err)


# --- connection errors -----------------------------------------------------------------------------------------------


def test_from_httpx_connect_error() -> None:
    request = make_request()
    exc = httpx2.ConnectError("[Errno 111] Connection refused", request=request)
    err = _from_library(exc)
    assert type(err) is APIConnectionError
    assert err.cause is exc
    assert err.__cause__ is exc
    assert err.request is request
    assert str(err) == (
        "Connection error (GET https://api.mistral.ai/v1/fine_tuning/jobs/abc): ConnectError: [Errno 111] "
        "Connection refused"
    )


@pytest.mark.parametrize(
    "exc_type", [httpx2.ReadTimeout, httpx2.ConnectTimeout, httpx2.WriteTimeout, httpx2.PoolTimeout]
)
def test_from_httpx_timeouts(exc_type: type[httpx2.TimeoutException]) -> None:
    exc = exc_type("timed out", request=make_request())
    err = _from_library(exc)
    assert type(err) is APITimeoutError
    assert err.cause is exc
    assert str(err).startswith(
        f"Request timed out (GET https://api.mistral.ai/v1/fine_tuning/jobs/abc): {exc_type.__name__}"
    )


@pytest.mark.parametrize(
    "exc_type", [httpx2.ReadError, httpx2.WriteError, httpx2.RemoteProtocolError, httpx2.CloseError]
)
def test_from_httpx_network_errors(exc_type: type[httpx2.TransportError]) -> None:
    err = _from_library(exc_type("broken", request=make_request()))
    assert type(err) is APIConnectionError


def test_from_httpx_without_request_or_message() -> None:
    exc = httpx2.ConnectError("")
    err = _from_library(exc)
    assert err.request is None
    assert str(err) == "Connection error: ConnectError: no details"


def test_connection_error_with_raise_from() -> None:
    exc = httpx2.ReadTimeout("slow", request=make_request())
    with pytest.raises(APITimeoutError) as info:
        try:
            raise exc
        except httpx2.TransportError as caught:
            raise _from_library(caught) from caught
    assert info.value.__cause__ is exc


def test_sdk_error_with_raise_from() -> None:
    cause = KeyError("id")
    with pytest.raises(NotFoundError) as info:
        try:
            raise cause
        except KeyError as caught:
            raise error_from_response(make_response(404, b"{}")) from caught
    assert info.value.__cause__ is cause


# --- response validation ---------------------------------------------------------------------------------------------


def test_response_validation_error_carries_body_and_cause() -> None:
    cause = json.JSONDecodeError("Expecting value", '{"id": ', 7)
    response = make_response(200, b'{"id": ', headers={"x-request-id": "r9"})
    err = ResponseValidationError.from_response(response, cause=cause, reason="body is not valid JSON")
    assert isinstance(err, SDKError)
    assert err.status_code == 200
    assert err.body == '{"id": '
    assert err.cause is cause
    assert err.__cause__ is cause
    assert err.reason == "body is not valid JSON"
    assert err.request_id == "r9"
    assert err.raw_response is response
    assert str(err) == 'Response validation failed: body is not valid JSON. Status 200. Body: {"id":  (request id: r9)'


def test_response_validation_error_non_json_content_type() -> None:
    err = ResponseValidationError.from_response(
        make_response(200, b"hello", content_type="text/plain"), cause=ValueError("x"), reason="not JSON"
    )
    assert str(err) == "Response validation failed: not JSON. Status 200 Content-Type text/plain. Body: hello"


# --- direct construction and misc -----------------------------------------------------------------------------------


def test_direct_construction_defaults() -> None:
    err = SDKError("boom", status_code=500)
    assert str(err) == "boom"
    assert err.body == ""
    assert isinstance(err.headers, httpx2.Headers)
    assert err.raw_response is None
    assert err.request_id is None
    assert UnprocessableEntityError("x").detail == []
    assert RateLimitError("x").retry_after is None


# --- properties ------------------------------------------------------------------------------------------------------


@given(
    status=st.integers(min_value=100, max_value=999),
    body=st.binary(max_size=2_000),
    content_type=st.one_of(
        st.none(), st.sampled_from(["application/json", "text/html", "text/plain; charset=latin-1"]), st.text()
    ),
    headers=st.dictionaries(
        st.sampled_from(["retry-after", "retry-after-ms", "x-request-id"]),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
        max_size=3,
    ),
)
def test_error_from_response_never_raises(
    status: int, body: bytes, content_type: str | None, headers: dict[str, str]
) -> None:
    try:
        response = make_response(status, body, content_type=content_type, headers=headers)
    except (ValueError, TypeError, UnicodeEncodeError):  # httpx refuses some header values; not our concern
        return
    err = error_from_response(response, now=NOW)
    assert isinstance(err, SDKError)
    assert err.status_code == status
    if 400 <= status < 600:
        assert str(err).startswith(f"API error occurred: Status {status}")
    if status >= 500:
        assert isinstance(err, InternalServerError)
    if status == 422:
        assert isinstance(err, UnprocessableEntityError)
    if status == 429:
        assert isinstance(err, RateLimitError)
    assert len(str(err)) < 10_400
    repr(err)


@given(
    payload=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_422_parses_any_json_without_raising(payload: object) -> None:
    err = error_from_response(make_response(422, json.dumps(payload)))
    assert isinstance(err, UnprocessableEntityError)
    assert all(isinstance(item, dict) for item in err.detail)
    assert err.detail_text is None or isinstance(err.detail_text, str)


@pytest.mark.parametrize("said", ["peer closed connection without sending complete message body.", "refused"])
def test_what_to_do_when_an_answer_was_lost_follows_the_library_text_as_one_sentence(said: str) -> None:
    request = make_request("POST")
    exc = httpx2.RemoteProtocolError(said, request=request)
    family = family_of_exception(exc)
    assert family is not None
    err = family.connection_error(exc, if_lost="The job may have been created: look for it.")
    assert str(err).endswith(f"RemoteProtocolError: {said.rstrip('.')}. The job may have been created: look for it.")
    assert ".." not in str(err)
