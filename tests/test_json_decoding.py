"""Response bodies decode exactly as `json.loads` decodes them, whether jiter does the work or not.

The client decodes with jiter for speed and hands anything jiter refuses to `json.loads`. These tests compare the
two on generated JSON and on the bodies where JSON parsers are known to differ (integers past 64 bits, NaN,
infinities, lone surrogates, byte-order marks, UTF-16, duplicate keys, deep nesting), then follow one such body
through a real call.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mistral_fine_tuning import Mistral, ResponseValidationError, _transport

JOB_ID = "5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11"

TRICKY = [
    b'{"a": 1, "a": 2}',
    b"-0.0",
    b"1e400",
    b"-1e400",
    b"5e-324",
    b"1e-400",
    b"0.30000000000000004",
    b"1.00000000000000011102230246251565404236316680908203125",
    b"18446744073709551615",
    b"18446744073709551616",
    b"-9223372036854775809",
    str(10**40).encode(),
    str(-(10**400)).encode(),
    b"NaN",
    b"[Infinity, -Infinity]",
    b'"\\ud800"',
    b'"\\udfff\\ud800"',
    b'"\\u0000"',
    b"\xef\xbb\xbf{}",
    '{"a": "\u00e9"}'.encode("utf-16"),
    '["\U0001f600"]'.encode("utf-32"),
    b' {"a" : [1 , 2]} ',
    b"[" * 3000 + b"]" * 3000,
    b"[" * 200 + b"]" * 200,
    b'{"a": 1}x',
    b"[1,]",
    b"",
    b'"\x01"',
    b"-NaN",
    b"nan",
    b"\xff",
]


def outcome(decode: Any, body: bytes) -> tuple[str, str]:
    """What decoding `body` gives: the value's repr (which tells 1 from 1.0 and shows NaN), or the error's type."""
    try:
        return "value", repr(decode(body))
    except (ValueError, RecursionError) as exc:
        return "error", type(exc).__name__


@pytest.mark.parametrize("body", TRICKY, ids=range(len(TRICKY)))
def test_tricky_bodies_decode_as_the_standard_library_does(body: bytes) -> None:
    assert outcome(_transport.decode_json, body) == outcome(json.loads, body)


def test_jiter_does_the_work_when_installed() -> None:
    # Guards the tests above from passing only because the fallback took every body.
    _transport.decode_json(b"{}")
    assert _transport._loads[0] is not _transport._stdlib_loads


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(value=json_values, ascii_only=st.booleans())
def test_generated_json_decodes_identically(value: Any, ascii_only: bool) -> None:
    body = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    assert outcome(_transport.decode_json, body) == outcome(json.loads, body)


@settings(max_examples=300, deadline=None)
@given(
    body=st.binary(max_size=40) | st.text(alphabet='{}[]",:0123456789.eE+-tfrunlaIiNy \\u', max_size=40).map(str.encode)
)
def test_arbitrary_bytes_decode_or_fail_as_the_standard_library_does(body: bytes) -> None:
    assert outcome(_transport.decode_json, body) == outcome(json.loads, body)


def _client(body: bytes) -> Mistral:
    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    return Mistral(
        api_key="key", server_url="https://api.example", client=httpx2.Client(transport=httpx2.MockTransport(answer))
    )


def _job(**changes: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "id": JOB_ID,
        "auto_start": False,
        "model": "open-mistral-7b",
        "status": "RUNNING",
        "job_type": "completion",
        "created_at": 1_796_000_000,
        "modified_at": 1_796_000_100,
        "training_files": [],
        "hyperparameters": {"training_steps": 10},
    }
    job.update(changes)
    return job


def test_a_huge_integer_in_a_response_stays_an_exact_integer() -> None:
    tokens = 10**30 + 1  # a 64-bit parser would round it to a float
    with _client(json.dumps(_job(trained_tokens=tokens)).encode()) as mistral:
        job = mistral.fine_tuning.jobs.get(job_id=JOB_ID)
    assert job.trained_tokens == tokens and type(job.trained_tokens) is int


def test_a_utf16_body_is_decoded_as_the_standard_library_would() -> None:
    with _client(json.dumps(_job(suffix="caf\u00e9")).encode("utf-16")) as mistral:
        job = mistral.fine_tuning.jobs.get(job_id=JOB_ID)
    assert job.suffix == "caf\u00e9"


def test_an_invalid_body_keeps_the_standard_library_error() -> None:
    with _client(b'{"id": ') as mistral, pytest.raises(ResponseValidationError, match="not valid JSON") as caught:
        mistral.fine_tuning.jobs.get(job_id=JOB_ID)
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


def test_without_jiter_the_standard_library_decodes_alone() -> None:
    probe = """
import sys
sys.modules["jiter"] = None  # as if it were not installed
from mistral_fine_tuning import _transport
decoded = _transport.decode_json(b'{"n": 18446744073709551616, "x": NaN}')
print(decoded, _transport._loads[0] is _transport._stdlib_loads)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["{'n':", "18446744073709551616,", "'x':", "nan}", "True"]


def test_importing_the_client_does_not_load_jiter() -> None:
    probe = "import sys; from mistral_fine_tuning import Mistral; Mistral(api_key='k'); print('jiter' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
