"""schemathesis 4.32.5 against the fake server, with the project's ``openapi.yaml``: every answer must follow the spec.

One run, as ``schemathesis run`` would do it, through the engine: the coverage, fuzzing and stateful phases, every
check enabled, a fixed number of examples per operation, derandomized generation from a fixed seed, bearer
authentication. The stateful phase follows links from create to get, cancel and start; they are added to the
document loaded here (``openapi.yaml`` declares none). Jobs move through their lifecycle instantly
(``LifecycleTiming`` of zeros on a frozen clock) so that every operation can answer 200 deterministically.

One built-in check is replaced rather than run as is: ``negative_data_rejection`` expects every schema-violating
request to be refused, but the real API validates with pydantic in lax mode, which converts some values the spec's
types exclude (``0``/``1`` and words like ``"yes"`` for booleans, ``10.0`` and ``"10"`` for integers, ``"0.5"``
for numbers, Unix timestamps for date-times), and the fake does the same on purpose.
``negative_data_rejection_after_lax_coercion`` runs the built-in check unless the request, once its values are
converted by those rules, is valid for the spec; anything else the fake accepts still fails the test.
"""

from __future__ import annotations

import copy
import datetime
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from jsonschema import Draft202012Validator
from mistral_fine_tuning.testing import FakeMistralServer, LifecycleTiming
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import events
from schemathesis.specs.openapi.checks import negative_data_rejection

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
TOKEN = "schemathesis-token"
# Fixed, so CI runs the same cases every time; override them by hand to explore (FAKE_SCHEMATHESIS_SEED=7 ...).
SEED = int(os.environ.get("FAKE_SCHEMATHESIS_SEED", "20261201"))
EXAMPLES_PER_OPERATION = int(os.environ.get("FAKE_SCHEMATHESIS_EXAMPLES", "25"))
STATEFUL_MAX_STEPS = 12
OPERATIONS = {
    ("GET", re.compile(r"/v1/fine_tuning/jobs")): "list",
    ("POST", re.compile(r"/v1/fine_tuning/jobs")): "create",
    ("GET", re.compile(r"/v1/fine_tuning/jobs/[^/]+")): "get",
    ("POST", re.compile(r"/v1/fine_tuning/jobs/[^/]+/cancel")): "cancel",
    ("POST", re.compile(r"/v1/fine_tuning/jobs/[^/]+/start")): "start",
    ("GET", re.compile(r"/v1/files")): "list files",
    ("POST", re.compile(r"/v1/files")): "upload",
    ("GET", re.compile(r"/v1/files/[^/]+")): "retrieve file",
    ("DELETE", re.compile(r"/v1/files/[^/]+")): "delete file",
    ("GET", re.compile(r"/v1/files/[^/]+/content")): "download",
    ("GET", re.compile(r"/v1/files/[^/]+/url")): "signed url",
    ("PATCH", re.compile(r"/v1/fine_tuning/models/[^/]+")): "update model",
    ("POST", re.compile(r"/v1/fine_tuning/models/[^/]+/archive")): "archive",
    ("DELETE", re.compile(r"/v1/fine_tuning/models/[^/]+/archive")): "unarchive",
    ("GET", re.compile(r"/v1/models/[^/]+")): "retrieve model",
    ("DELETE", re.compile(r"/v1/models/[^/]+")): "delete model",
}
JOB_OPERATIONS = {
    "GetJob": "jobs_api_routes_fine_tuning_get_fine_tuning_job",
    "CancelJob": "jobs_api_routes_fine_tuning_cancel_fine_tuning_job",
    "StartJob": "jobs_api_routes_fine_tuning_start_fine_tuning_job",
}
FILE_OPERATIONS = {
    "RetrieveFile": "files_api_routes_retrieve_file",
    "DownloadFile": "files_api_routes_download_file",
    "GetSignedURL": "files_api_routes_get_signed_url",
    "DeleteFile": "files_api_routes_delete_file",
}
TRAINING_FILES = [f"{index:08x}-0000-4000-8000-000000000000" for index in range(1, 4)]
"""Files of valid chat data the fake holds: a generated job names one of them (see ``spec_with_links``)."""
MODEL_JOBS = [f"{index:08x}-1111-4000-8000-000000000000" for index in range(1, 7)]
"""Jobs that reached SUCCESS before the run: their fine-tuned models, and a base model, are the ids tried."""
CHAT_DATA = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n' * 3


def model_ids() -> list[str]:
    """The fine-tuned models of MODEL_JOBS (their ids derive from the job ids), then a base model."""
    with FakeMistralServer(speed=0.0) as fake:
        made = [fake.get_job(fake.add_job(job_id, status="SUCCESS"))["fine_tuned_model"] for job_id in MODEL_JOBS]
    return [*made, "open-mistral-7b"]


def spec_with_links() -> dict[str, Any]:
    """``openapi.yaml`` for this run: links for the stateful phase, and the ids the fake knows.

    Links go from the created job's id to get, cancel and start, and from the uploaded file's id to retrieve,
    download, sign and delete. A generated job names one of ``TRAINING_FILES`` (the fake refuses a job naming a
    file it does not hold, and a random id never matches one), and a model id is one of ``model_ids()``.
    """
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    created = document["paths"]["/v1/fine_tuning/jobs"]["post"]["responses"]["200"]
    created["links"] = {
        name: {"operationId": operation, "parameters": {"job_id": "$response.body#/id"}}
        for name, operation in JOB_OPERATIONS.items()
    }
    uploaded = document["paths"]["/v1/files"]["post"]["responses"]["200"]
    uploaded["links"] = {
        name: {"operationId": operation, "parameters": {"file_id": "$response.body#/id"}}
        for name, operation in FILE_OPERATIONS.items()
    }
    schemas = document["components"]["schemas"]
    known_files = {"type": "string", "enum": TRAINING_FILES}
    schemas["TrainingFile"]["properties"]["file_id"] = known_files
    schemas["JobIn"]["properties"]["validation_files"]["anyOf"][0]["items"] = known_files
    document["components"]["parameters"]["ModelId"]["schema"] = {"type": "string", "enum": model_ids()}
    for schema in schemas.values():
        if schema.get("x-speakeasy-unknown-values") == "allow":  # an open enum (a file's purpose): any string
            schema["examples"] = list(schema.pop("enum"))
    return document


# --- what pydantic's lax mode converts --------------------------------------------------------------------------

_BOOLEAN_WORDS = {"0": False, "off": False, "f": False, "false": False, "n": False, "no": False}
_BOOLEAN_WORDS |= {"1": True, "on": True, "t": True, "true": True, "y": True, "yes": True}
_INTEGER_TEXT = re.compile(r"\s*([+-]?[0-9]+)(?:\.0*)?\s*")
_NUMBER_TEXT = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_TIMESTAMP_TEXT = re.compile(r"\s*[+-]?[0-9]{1,11}(?:\.[0-9]+)?\s*")


class LaxView:
    """The spec's request schemas, and the conversions pydantic's lax mode applies before validating."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def inline(self, schema: Any) -> Any:
        """``schema`` with every ``$ref`` replaced by its target (the spec has no recursive schema)."""
        if isinstance(schema, dict):
            if "$ref" in schema:
                target: Any = self.document
                for part in schema["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return self.inline(target)
            return {key: self.inline(value) for key, value in schema.items()}
        if isinstance(schema, list):
            return [self.inline(item) for item in schema]
        return schema

    @staticmethod
    def valid(value: Any, schema: dict[str, Any]) -> bool:
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return validator.is_valid(value)

    def coerce(self, value: Any, schema: dict[str, Any]) -> Any:
        """Convert ``value`` the way lax mode would for ``schema`` (an inlined schema); unchanged otherwise."""
        for key in ("anyOf", "oneOf"):
            if key in schema:
                for branch in schema[key]:
                    candidate = self.coerce(value, branch)
                    if self.valid(candidate, branch):
                        return candidate
                return value
        kind = schema.get("type")
        if kind == "object" and isinstance(value, dict):
            properties = schema.get("properties", {})
            return {
                key: self.coerce(item, properties[key]) if key in properties else item for key, item in value.items()
            }
        if kind == "array" and isinstance(value, list) and "items" in schema:
            return [self.coerce(item, schema["items"]) for item in value]
        return _coerce_scalar(value, kind, schema.get("format"))

    def request_is_valid_after_coercion(self, method: str, path: str, query: Any, body: Any, has_body: bool) -> bool:
        """Whether the query and body of a request are valid for the spec once lax mode has converted them."""
        operation = self.inline(self.document["paths"][path][method.lower()])
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            present = isinstance(query, dict) and parameter["name"] in query
            if not present:
                if parameter.get("required"):
                    return False
                continue
            raw = query[parameter["name"]]
            schema = parameter["schema"]
            if _is_array(schema):  # a query's values are text: each value of a repeated key is one item
                items = raw if isinstance(raw, list) else [raw]
                if not all(isinstance(item, str | int | float | bool) for item in items):
                    return False
                if not self.valid(self.coerce([_text(item) for item in items], schema), schema):
                    return False
                continue
            if not isinstance(raw, str | int | float | bool) or raw is None:
                return False
            if not self.valid(self.coerce(_text(raw), schema), schema):
                return False
        if "requestBody" in operation:
            if not has_body:
                return False
            content = operation["requestBody"]["content"]
            if "multipart/form-data" in content:
                return self.form_is_valid_after_coercion(body, content["multipart/form-data"]["schema"])
            schema = content["application/json"]["schema"]
            return self.valid(self.coerce(body, schema), schema)
        return True

    def form_is_valid_after_coercion(self, body: Any, schema: dict[str, Any]) -> bool:
        """Whether a form is valid once lax mode has converted its fields, which arrive as text (files as bytes)."""
        if not isinstance(body, dict):
            return False
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            value = body.get(name)
            # schemathesis's Binary is a str whose text is empty: only a text field is absent when empty.
            if value is None or (properties.get(name, {}).get("format") != "binary" and value == ""):
                return False
        for name, sent in body.items():
            if name not in properties or sent is None:
                continue
            field = properties[name]
            if field.get("format") == "binary":
                continue  # a file part (schemathesis's Binary, or bytes): the fake reads any bytes
            if isinstance(sent, list) and not sent:
                continue  # an empty list sends no part: the field is absent (checked above when required)
            raw = sent[-1] if isinstance(sent, list) else sent  # repeated: FastAPI keeps the last value
            if raw is None:
                continue
            if not isinstance(raw, str | int | float | bool):
                return False
            text = _text(raw)
            if text == "" or (text == "null" and self.valid(None, field)):
                continue  # an empty field is an absent one (FastAPI); "null" is null where null is allowed (the fake)
            if not self.valid(self.coerce(text, field), field):
                return False
        return True


def _text(value: str | int | float | bool) -> str:
    """A query or form value as the server receives it."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _is_array(schema: dict[str, Any]) -> bool:
    """Whether a parameter's (inlined) schema is an array, or an array or null."""
    return schema.get("type") == "array" or any(branch.get("type") == "array" for branch in schema.get("anyOf", []))


def _coerce_scalar(value: Any, kind: Any, fmt: Any) -> Any:
    if kind == "boolean":
        if type(value) is int and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
            return _BOOLEAN_WORDS[value.strip().lower()]
    elif kind == "integer":
        if type(value) is float and value.is_integer():
            return int(value)
        if isinstance(value, str) and (match := _INTEGER_TEXT.fullmatch(value)):
            return int(match.group(1))
    elif kind == "number":
        if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
            return float(value)
    elif kind == "string" and fmt == "date-time" and isinstance(value, str) and _TIMESTAMP_TEXT.fullmatch(value):
        seconds = float(value)
        if abs(seconds) > 2e10:
            seconds /= 1000
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat()
    return value


LAX = LaxView(spec_with_links())
WAIVED: Counter[str] = Counter()
"""Negative cases accepted because lax mode makes them valid, per operation (reported by the test)."""


def explained_by_lax_mode(case: schemathesis.Case[Any], view: LaxView = LAX) -> bool:
    """Whether what makes ``case`` invalid is only query or JSON body values that lax mode converts to valid ones."""
    meta = case.meta
    if meta is None:
        return False
    negative = {location for location, component in meta.components.items() if component.mode.is_negative}
    if not negative <= {ParameterLocation.QUERY, ParameterLocation.BODY}:
        return False
    has_body = case.body is not NOT_SET
    if has_body and case.media_type not in (None, "application/json", "multipart/form-data"):
        return False  # a body sent as another media type is not JSON (nor a form), whatever it contains
    return view.request_is_valid_after_coercion(case.method, case.operation.path, case.query, case.body, has_body)


@schemathesis.check
def negative_data_rejection_after_lax_coercion(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    """``negative_data_rejection``, except for a request that lax mode turns into a valid one (see the docstring)."""
    try:
        return negative_data_rejection(ctx, response, case)
    except Failure:
        if explained_by_lax_mode(case):
            WAIVED[case.operation.label] += 1
            return None
        raise


# --- the run ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[FakeMistralServer]:
    instant = LifecycleTiming(queued=0, validating=0, auto_start_delay=0, starting=0, seconds_per_step=0, cancelling=0)
    with FakeMistralServer(api_key=TOKEN, speed=0.0, timing=instant, record_requests=False) as fake:
        for file_id in TRAINING_FILES:
            fake.add_file(CHAT_DATA, file_id=file_id)
        for job_id in MODEL_JOBS:
            fake.add_job(job_id, status="SUCCESS")
        yield fake


def operation_of(method: str, uri: str) -> str:
    """The operation a request went to (by method and path), or ``other``."""
    path = "/" + uri.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    for (expected, pattern), name in OPERATIONS.items():
        if method == expected and pattern.fullmatch(path):
            return name
    return "other"


def run_schemathesis(base_url: str) -> dict[str, Any]:
    """Run every phase once against ``base_url`` and summarize what happened."""
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "workers": 1,
            "base-url": base_url,
            "cache": {"enabled": False},  # nothing is written to disk, nothing learned from a previous run
            "request-timeout": 10,
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "deterministic": True, "database": "none"},
            "auth": {"openapi": {"ApiKey": {"bearer": TOKEN}}},
            "phases": {"stateful": {"max-steps": STATEFUL_MAX_STEPS}},
            # Every check, the one replaced by negative_data_rejection_after_lax_coercion aside (see the docstring).
            "checks": {"enabled": True, "negative_data_rejection": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict(copy.deepcopy(LAX.document), config=config)
    summary: dict[str, Any] = {
        "requests": 0,
        "checks": Counter[str](),
        "failures": [],
        "errors": [],
        "statuses": Counter[tuple[str, int]](),
        "phases": {},
    }
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            summary["requests"] += len(recorder.interactions)
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    operation = operation_of(interaction.request.method, interaction.request.uri)
                    summary["statuses"][(operation, interaction.response.status_code)] += 1
            for nodes in recorder.checks.values():
                for node in nodes:
                    summary["checks"][node.name] += 1
                    if node.failure_info is not None:
                        failure = node.failure_info.failure
                        summary["failures"].append(
                            f"[{event.phase}] {recorder.label} {node.name}: {failure.title}: {failure.message}\n"
                            f"    {node.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            summary["errors"].append(repr(event))
        elif isinstance(event, events.PhaseFinished):
            summary["phases"][event.phase.name.value] = str(event.status)
    return summary


def test_fake_server_follows_the_spec_under_schemathesis(server: FakeMistralServer) -> None:
    # The waiver checks date-times after coercion; jsonschema skips the format silently without rfc3339-validator.
    assert not Draft202012Validator.FORMAT_CHECKER.conforms("0.5", "date-time"), "install rfc3339-validator"
    WAIVED.clear()
    began = time.monotonic()
    summary = run_schemathesis(server.server_url)
    elapsed = time.monotonic() - began
    checks: Counter[str] = summary["checks"]
    print(  # shown with -s: what the run did
        f"\nschemathesis: {summary['requests']} requests, {sum(checks.values())} checks "
        f"({len(checks)} kinds), {len(summary['failures'])} failures, {elapsed:.1f} s; phases {summary['phases']}; "
        f"negative cases accepted after lax coercion: {dict(WAIVED)}"
    )
    assert summary["errors"] == []
    unique = list(dict.fromkeys(summary["failures"]))
    assert not unique, f"{len(unique)} failure(s):\n" + "\n".join(unique[:20])
    assert server.internal_errors == []
    # The run must have reached the success paths (through the links), not only the refusals.
    answered_200 = {operation for (operation, status) in summary["statuses"] if status == 200}
    assert answered_200 >= set(OPERATIONS.values()), summary["statuses"]
    assert {"not_a_server_error", "status_code_conformance", "response_schema_conformance"} <= set(checks)
    assert "negative_data_rejection_after_lax_coercion" in checks
