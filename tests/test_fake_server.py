"""The fake Mistral server, exercised over real HTTP on 127.0.0.1 with plain httpx.

Every JSON answer that goes through the ``api`` client is checked against the response schema that
``openapi.yaml`` declares for its operation and status, with unknown fields refused in job schemas.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator, validators
from mistral_fine_tuning import _api, models
from mistral_fine_tuning.testing import FakeMistralServer, Fault, FaultKind, LifecycleTiming, _app, _spec
from mistral_fine_tuning.testing._clock import SimClock
from mistral_fine_tuning.testing._validate import REQUESTS, requests_from
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
SPEC_URI = "urn:fake-server-test:openapi"
JOBS = "/v1/fine_tuning/jobs"
TOKEN = "test-token"
FILE_A = "11111111-1111-4111-8111-111111111111"
FILE_B = "22222222-2222-4222-8222-222222222222"
FILE_CLASSES = "33333333-3333-4333-8333-333333333333"
CHAT_DATA = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n' * 3
CLASSIFIER_DATA = b'{"text":"great","labels":{"sentiment":"pos"}}\n{"text":"awful","labels":{"sentiment":"neg"}}\n'
WANDB_KEY = "k" * 40
DOC_GET_ID = "b888f774-3e7c-4135-a18c-6b985523c4bc"
DOC_CANCEL_ID = "0f713502-9233-41c6-9ebd-c570b7edb496"
DOC_START_ID = "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc"
# Schemas whose extra fields are legitimate (free-form error bodies, FastAPI's input and ctx).
OPEN_SCHEMAS = frozenset({"ValidationError", "HTTPValidationError", "ErrorResponse"})


# --- validating bodies against the project's spec ---------------------------------------------------------------


@functools.cache
def spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip("openapi.yaml is not written yet")
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


@functools.cache
def strict_spec() -> dict[str, Any]:
    """The spec with ``additionalProperties: false`` on the job schemas, so stray fields (secrets!) are caught."""
    document = copy.deepcopy(spec())
    for name, schema in document["components"]["schemas"].items():
        if name not in OPEN_SCHEMAS and "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
    return document


@functools.cache
def registry() -> Registry[Any]:
    # '#/components/...' references inside the spec resolve against the whole document registered under SPEC_URI.
    resource: Resource[Any] = Resource.from_contents(strict_spec(), default_specification=DRAFT202012)
    combined: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return combined


def _enum_unless_open(validator: Any, values: Any, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """JSON Schema's `enum`, except that an enum the spec marks `x-speakeasy-unknown-values: allow` takes any string."""
    if schema.get("x-speakeasy-unknown-values") == "allow" and isinstance(instance, str):
        return iter(())
    checked: Iterator[Any] = Draft202012Validator.VALIDATORS["enum"](validator, values, instance, schema)
    return checked


SpecValidator: Any = validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves extend untyped
    Draft202012Validator, {"enum": _enum_unless_open}
)
"""Draft 2020-12 with the spec's open enums (a file's purpose, sample type, source and visibility)."""


@functools.cache
def validator_for(pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer`` inside the spec (built once per pointer)."""
    found: Draft202012Validator = SpecValidator({"$ref": SPEC_URI + pointer}, registry=registry())
    return found


def validate_named(body: Any, name: str) -> None:
    """Assert that ``body`` matches ``#/components/schemas/<name>`` of the spec."""
    assert name in spec()["components"]["schemas"], f"the spec has no schema {name}"
    check = validator_for(f"#/components/schemas/{name}")
    errors = sorted(check.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{name}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _template(path: str) -> str | None:
    if path == JOBS:
        return JOBS
    match = re.fullmatch(re.escape(JOBS) + r"/[^/]+(/cancel|/start)?", path)
    return None if match is None else JOBS + "/{job_id}" + (match.group(1) or "")


def response_pointer(method: str, path: str, status: int) -> str:
    """JSON pointer (inside the spec) of the schema the spec gives for this operation and status."""
    document = spec()
    template = _template(path)
    if template is None or method.lower() not in document["paths"][template]:
        return "#/components/schemas/ErrorResponse"  # unknown route or method: the generic error body
    responses = document["paths"][template][method.lower()]["responses"]
    key = str(status) if str(status) in responses else f"{status // 100}XX"
    assert key in responses, f"the spec declares no {status} answer for {method} {template}"
    response = responses[key]
    escaped = template.replace("~", "~0").replace("/", "~1")
    pointer = f"#/paths/{escaped}/{method.lower()}/responses/{key}"
    if "$ref" in response:
        pointer = response["$ref"]
        response = document["components"]["responses"][pointer.rsplit("/", 1)[-1]]
    assert "application/json" in response["content"]
    return f"{pointer}/content/application~1json/schema"


def validate_response(response: httpx.Response) -> None:
    """Assert that a JSON answer matches the spec's schema for its operation and status code."""
    request = response.request
    pointer = response_pointer(request.method, request.url.path, response.status_code)
    check = validator_for(pointer)
    body = response.json()
    errors = list(check.iter_errors(body))
    assert not errors, f"{request.method} {request.url.path} {response.status_code}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5]
    )


# --- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Iterator[FakeMistralServer]:
    # A frozen clock (speed 0) makes every lifecycle step happen only through advance().
    with FakeMistralServer(speed=0.0) as server:
        yield server


def add_data_files(server: FakeMistralServer) -> None:
    """The files the job bodies below name: jobs created through the API must name stored files."""
    server.add_file(CHAT_DATA, filename="a.jsonl", file_id=FILE_A)
    server.add_file(CHAT_DATA, filename="b.jsonl", file_id=FILE_B)
    server.add_file(CLASSIFIER_DATA, filename="classes.jsonl", file_id=FILE_CLASSES)


@pytest.fixture
def server(shared: FakeMistralServer) -> FakeMistralServer:
    shared.reset()
    shared.speed = 0.0
    add_data_files(shared)
    return shared


def _check_every_answer(response: httpx.Response) -> None:
    response.read()
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(response.content)
    validate_response(response)


def make_client(server: FakeMistralServer, token: str | None = TOKEN, *, checked: bool = True) -> httpx.Client:
    """An httpx client for ``server``; ``checked`` validates every answer against the spec."""
    return httpx.Client(
        base_url=server.server_url,
        headers={"Authorization": f"Bearer {token}"} if token else {},
        event_hooks={"response": [_check_every_answer]} if checked else {},
        timeout=5.0,
        verify=False,  # plain HTTP on loopback; skipping the CA bundle load saves ~0.1 s per client
    )


@pytest.fixture
def api(server: FakeMistralServer) -> Iterator[httpx.Client]:
    """A client whose every answer is checked against the spec."""
    with make_client(server) as client:
        yield client


@pytest.fixture
def raw(server: FakeMistralServer) -> Iterator[httpx.Client]:
    """A client without checks, for injected faults."""
    with make_client(server, checked=False) as client:
        yield client


def completion_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "open-mistral-7b",
        "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
        "invalid_sample_skip_percentage": 0.0,
        "training_files": [{"file_id": FILE_A, "weight": 1.0}],
    }
    body.update(overrides)
    return body


def classifier_body(**overrides: Any) -> dict[str, Any]:
    body = completion_body(
        model="ministral-3b-latest",
        job_type="classifier",
        classifier_targets=[{"name": "sentiment", "labels": ["pos", "neg"]}],
        training_files=[{"file_id": FILE_CLASSES, "weight": 1.0}],
    )
    body.update(overrides)
    return body


def create(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(JOBS, json=body)
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()
    return job


def statuses(job: dict[str, Any]) -> list[str]:
    """The job's status history, oldest first."""
    return [event["data"]["status"] for event in reversed(job["events"])]


# --- authentication and routing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Token abc"])
def test_requests_without_a_usable_bearer_token_get_401(server: FakeMistralServer, authorization: str | None) -> None:
    with make_client(server, token=None, checked=False) as client:
        response = client.get(JOBS, headers={} if authorization is None else {"Authorization": authorization})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert response.headers["www-authenticate"] == "Bearer"
    validate_response(response)


def test_configured_api_key_is_the_only_token_accepted() -> None:
    with FakeMistralServer(api_key="right-key") as server, make_client(server, token=None) as client:
        wrong = client.get(JOBS, headers={"Authorization": "Bearer wrong-key"})
        right = client.get(JOBS, headers={"Authorization": "Bearer right-key"})
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert right.json() == {"data": [], "object": "list", "total": 0}


def test_unknown_routes_are_404_and_wrong_methods_405(api: httpx.Client) -> None:
    assert api.get("/v1/models").json() == {"detail": "Not Found"}
    assert api.get("/v1/models").status_code == 404
    assert api.get(f"{JOBS}/{uuid.uuid4()}/pause").status_code == 404
    wrong = api.delete(JOBS)
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "GET, POST"
    assert api.get(f"{JOBS}/{uuid.uuid4()}/cancel").status_code == 405
    assert api.post(f"{JOBS}/{uuid.uuid4()}").status_code == 405


def test_each_answer_has_its_own_request_id(api: httpx.Client) -> None:
    ids = {api.get(JOBS).headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5


def test_keep_alive_connection_is_reused_and_stop_is_prompt() -> None:
    server = FakeMistralServer().start()
    with make_client(server) as client:
        for _ in range(3):
            assert client.get(JOBS).status_code == 200
        assert server.stats()["requests"] == 3
        began = time.perf_counter()
        server.stop()  # the client still holds an idle keep-alive connection
        assert time.perf_counter() - began < 2.0
    with pytest.raises(RuntimeError):
        _ = server.server_url


# --- create -----------------------------------------------------------------------------------------------------


def test_create_completion_job_echoes_the_request_without_secrets(api: httpx.Client, server: FakeMistralServer) -> None:
    body = completion_body(
        suffix="my-model",
        validation_files=[FILE_B],
        hyperparameters={"training_steps": 12, "fim_ratio": 0.8, "epochs": 2},
        integrations=[{"type": "wandb", "project": "proj", "name": "run", "api_key": WANDB_KEY}],
        repositories=[{"type": "github", "name": "repo", "owner": "me", "ref": "dev", "weight": 2, "token": "secret"}],
        unknown_field="ignored",
    )
    job = create(api, body)
    validate_named(job, "CompletionJobOut")
    assert uuid.UUID(job["id"]).version == 4
    assert job["object"] == "job"
    assert job["job_type"] == "completion"
    assert job["status"] == "QUEUED"
    assert job["auto_start"] is False
    assert job["model"] == "open-mistral-7b"
    assert job["training_files"] == [FILE_A]
    assert job["validation_files"] == [FILE_B]
    assert job["suffix"] == "my-model"
    assert job["hyperparameters"] == {"training_steps": 12, "learning_rate": 0.0001, "epochs": 2.0, "fim_ratio": 0.8}
    assert job["integrations"] == [{"type": "wandb", "project": "proj", "name": "run", "run_name": None, "url": None}]
    [repository] = job["repositories"]
    assert repository["name"] == "repo"
    assert repository["weight"] == 2.0
    assert "token" not in repository
    assert re.fullmatch(r"[0-9a-f]{40}", repository["commit_id"])
    assert job["fine_tuned_model"] is None
    assert job["trained_tokens"] is None
    assert isinstance(job["created_at"], int)
    assert job["created_at"] == job["modified_at"]
    assert job["metadata"]["train_tokens"] == 12 * job["metadata"]["train_tokens_per_step"]
    assert "events" not in job
    assert WANDB_KEY not in json.dumps(job)
    [request] = [r for r in server.requests if r.method == "POST"]
    assert request.json() == body
    assert request.header("authorization") == "Bearer <redacted>"


def test_fim_ratio_is_echoed_only_when_sent(api: httpx.Client) -> None:
    job = create(api, completion_body(hyperparameters={"training_steps": 5}))
    assert job["hyperparameters"] == {"training_steps": 5, "learning_rate": 0.0001}


def test_create_classifier_job(api: httpx.Client) -> None:
    job = create(
        api,
        classifier_body(
            classifier_targets=[
                {"name": "sentiment", "labels": ["pos", "neg"]},
                {"name": "topic", "labels": ["a", "b", "c"], "weight": 0.5, "loss_function": "multi_class"},
            ]
        ),
    )
    validate_named(job, "ClassifierJobOut")
    assert job["job_type"] == "classifier"
    assert "repositories" not in job
    assert "classifier_targets" not in job
    detailed = api.get(f"{JOBS}/{job['id']}").json()
    validate_named(detailed, "ClassifierDetailedJobOut")
    assert detailed["classifier_targets"] == [
        {"name": "sentiment", "labels": ["pos", "neg"], "weight": 1.0, "loss_function": "single_class"},
        {"name": "topic", "labels": ["a", "b", "c"], "weight": 0.5, "loss_function": "multi_class"},
    ]


def test_dry_run_estimates_without_creating_a_job(api: httpx.Client) -> None:
    response = api.post(JOBS, params={"dry_run": "true"}, json=completion_body())
    assert response.status_code == 200
    estimate = response.json()
    validate_named(estimate, "LegacyJobMetadataOut")
    assert estimate["object"] == "job.metadata"
    assert estimate["deprecated"] is True
    assert estimate["details"]
    assert estimate["training_steps"] == 10
    assert estimate["train_tokens"] == 10 * estimate["train_tokens_per_step"]
    assert estimate["epochs"] == pytest.approx(estimate["train_tokens"] / estimate["data_tokens"], rel=1e-3)
    assert estimate["expected_duration_seconds"] > 0
    assert estimate["cost"] > 0
    assert api.get(JOBS).json()["total"] == 0
    assert api.post(JOBS, params={"dry_run": "false"}, json=completion_body()).json()["object"] == "job"
    assert api.get(JOBS).json()["total"] == 1


def test_dry_run_still_validates(api: httpx.Client) -> None:
    response = api.post(JOBS, params={"dry_run": "true"}, json={"model": "m"})
    assert response.status_code == 422
    bad_flag = api.post(JOBS, params={"dry_run": "perhaps"}, json=completion_body())
    assert bad_flag.json()["detail"][0]["loc"] == ["query", "dry_run"]


@pytest.mark.parametrize("value", ["", " ", "2", "nope"])
def test_dry_run_that_is_not_a_boolean_is_a_422_and_creates_nothing(api: httpx.Client, value: str) -> None:
    response = api.post(JOBS, params={"dry_run": value}, json=completion_body())
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"], error["input"]) == (["query", "dry_run"], "bool_parsing", value)
    assert api.get(JOBS).json()["total"] == 0


def test_query_and_body_errors_are_reported_together_query_first(api: httpx.Client) -> None:
    errors = api.post(JOBS, params={"dry_run": ""}, json={"hyperparameters": {}}).json()["detail"]
    assert [error["loc"] for error in errors] == [["query", "dry_run"], ["body", "model"]]


@pytest.mark.parametrize("targets", ["absent", None, []])
def test_classifier_job_without_targets_or_labels_is_created_then_fails_validation(
    api: httpx.Client, server: FakeMistralServer, targets: Any
) -> None:
    body = classifier_body(auto_start=True, training_files=[])  # no data: no labels to infer targets from
    if targets == "absent":
        del body["classifier_targets"]
    else:
        body["classifier_targets"] = targets
    job = create(api, body)  # the spec allows it, so the request is accepted
    validate_named(job, "ClassifierJobOut")
    server.advance(100)
    final = api.get(f"{JOBS}/{job['id']}").json()
    assert final["status"] == "FAILED_VALIDATION"
    assert statuses(final) == ["QUEUED", "VALIDATING", "FAILED_VALIDATION"]
    assert "classifier target" in final["events"][0]["data"]["reason"]
    assert final["classifier_targets"] == []
    estimate = api.post(JOBS, params={"dry_run": "true"}, json=body).json()
    assert "classifier target" in estimate["details"]


INVALID_BODIES = [
    ({"hyperparameters": {}}, ["body", "model"], "missing"),
    ({"model": "m"}, ["body", "hyperparameters"], "missing"),
    (completion_body(model=7), ["body", "model"], "string_type"),
    (completion_body(hyperparameters=[1]), ["body", "hyperparameters"], "model_type"),
    (
        completion_body(hyperparameters={"learning_rate": 0}),
        ["body", "hyperparameters", "learning_rate"],
        "greater_than_equal",
    ),
    (
        completion_body(hyperparameters={"learning_rate": 1.5}),
        ["body", "hyperparameters", "learning_rate"],
        "less_than_equal",
    ),
    (
        completion_body(hyperparameters={"learning_rate": None}),
        ["body", "hyperparameters", "learning_rate"],
        "float_type",
    ),
    (
        completion_body(hyperparameters={"weight_decay": 1.1}),
        ["body", "hyperparameters", "weight_decay"],
        "less_than_equal",
    ),
    (
        completion_body(hyperparameters={"warmup_fraction": -0.1}),
        ["body", "hyperparameters", "warmup_fraction"],
        "greater_than_equal",
    ),
    (completion_body(hyperparameters={"epochs": 0}), ["body", "hyperparameters", "epochs"], "greater_than"),
    (
        completion_body(hyperparameters={"training_steps": 0}),
        ["body", "hyperparameters", "training_steps"],
        "greater_than_equal",
    ),
    (
        completion_body(hyperparameters={"training_steps": "ten"}),
        ["body", "hyperparameters", "training_steps"],
        "int_parsing",
    ),
    (
        completion_body(hyperparameters={"training_steps": 2.5}),
        ["body", "hyperparameters", "training_steps"],
        "int_from_float",
    ),
    (completion_body(hyperparameters={"seq_len": 99}), ["body", "hyperparameters", "seq_len"], "greater_than_equal"),
    (completion_body(suffix="s" * 19), ["body", "suffix"], "string_too_long"),
    (
        completion_body(invalid_sample_skip_percentage=0.6),
        ["body", "invalid_sample_skip_percentage"],
        "less_than_equal",
    ),
    (completion_body(job_type="regression"), ["body", "job_type"], "enum"),
    (completion_body(auto_start="maybe"), ["body", "auto_start"], "bool_parsing"),
    (completion_body(training_files=[{"weight": 1.0}]), ["body", "training_files", 0, "file_id"], "missing"),
    (
        completion_body(training_files=[{"file_id": FILE_A, "weight": 0}]),
        ["body", "training_files", 0, "weight"],
        "greater_than",
    ),
    (
        completion_body(training_files=[{"file_id": "not-a-uuid"}]),
        ["body", "training_files", 0, "file_id"],
        "uuid_parsing",
    ),
    (completion_body(training_files={"file_id": FILE_A}), ["body", "training_files"], "list_type"),
    (completion_body(validation_files=["nope"]), ["body", "validation_files", 0], "uuid_parsing"),
    (
        completion_body(integrations=[{"type": "synthetic_unknown_kind", "project": "p", "api_key": WANDB_KEY}]),
        ["body", "integrations", 0, "type"],
        "literal_error",
    ),
    (
        completion_body(integrations=[{"project": "p", "api_key": "short"}]),
        ["body", "integrations", 0, "api_key"],
        "string_too_short",
    ),
    (
        completion_body(integrations=[{"project": "p", "api_key": WANDB_KEY + "x"}]),
        ["body", "integrations", 0, "api_key"],
        "string_too_long",
    ),
    (completion_body(integrations=[{"api_key": WANDB_KEY}]), ["body", "integrations", 0, "project"], "missing"),
    (completion_body(repositories=[{"name": "r", "owner": "o"}]), ["body", "repositories", 0, "token"], "missing"),
    (completion_body(repositories=[{"owner": "o", "token": "t"}]), ["body", "repositories", 0, "name"], "missing"),
    (completion_body(repositories=[{"name": "r", "token": "t"}]), ["body", "repositories", 0, "owner"], "missing"),
    (
        completion_body(repositories=[{"type": "synthetic_unknown_kind", "name": "r", "owner": "o", "token": "t"}]),
        ["body", "repositories", 0, "type"],
        "literal_error",
    ),
    (classifier_body(classifier_targets=[{"name": "x"}]), ["body", "classifier_targets", 0, "labels"], "missing"),
    (classifier_body(classifier_targets=[{"labels": ["a"]}]), ["body", "classifier_targets", 0, "name"], "missing"),
    (
        completion_body(training_files=[{"file_id": FILE_A.replace("-", "")}]),  # a UUID, but not the spec's form
        ["body", "training_files", 0, "file_id"],
        "uuid_parsing",
    ),
    (completion_body(validation_files=["{" + FILE_B + "}"]), ["body", "validation_files", 0], "uuid_parsing"),
    (completion_body(validation_files=[FILE_B + "\n"]), ["body", "validation_files", 0], "uuid_parsing"),
    (completion_body(training_files=[{"file_id": 5}]), ["body", "training_files", 0, "file_id"], "uuid_type"),
    (
        classifier_body(classifier_targets=[{"name": "t", "labels": ["a"], "loss_function": "hinge"}]),
        ["body", "classifier_targets", 0, "loss_function"],
        "enum",
    ),
]


@pytest.mark.parametrize(("body", "loc", "kind"), INVALID_BODIES)
def test_invalid_create_bodies_get_422_with_location(
    api: httpx.Client, body: dict[str, Any], loc: list[Any], kind: str
) -> None:
    response = api.post(JOBS, json=body)
    assert response.status_code == 422, response.text
    found = {(tuple(error["loc"]), error["type"]) for error in response.json()["detail"]}
    assert (tuple(loc), kind) in found
    assert api.get(JOBS).json()["total"] == 0


def test_hyperparameters_are_the_union_of_the_specs_two_models(api: httpx.Client) -> None:
    # Both models ignore unknown keys, so {"fim_ratio": 2} is valid classifier parameters for any job type.
    classifier = create(api, classifier_body(hyperparameters={"training_steps": 5, "fim_ratio": 0.5}))
    assert classifier["hyperparameters"] == {"training_steps": 5, "learning_rate": 0.0001}
    completion = create(api, completion_body(hyperparameters={"training_steps": 5, "fim_ratio": 2}))
    assert completion["hyperparameters"] == {"training_steps": 5, "learning_rate": 0.0001}
    kept = create(api, completion_body(hyperparameters={"fim_ratio": 0.25}))
    assert kept["hyperparameters"]["fim_ratio"] == 0.25
    neither = api.post(JOBS, json=completion_body(hyperparameters={"learning_rate": 2, "fim_ratio": 2}))
    assert [error["loc"][-1] for error in neither.json()["detail"]] == ["learning_rate", "fim_ratio"]


def test_several_problems_are_reported_together(api: httpx.Client) -> None:
    body = {"model": 1, "suffix": "x" * 30, "hyperparameters": {"learning_rate": 5, "seq_len": 1}}
    errors = api.post(JOBS, json=body).json()["detail"]
    assert [error["loc"] for error in errors] == [
        ["body", "model"],
        ["body", "suffix"],
        ["body", "hyperparameters", "learning_rate"],
        ["body", "hyperparameters", "seq_len"],
    ]
    assert errors[2]["input"] == 5
    assert errors[2]["ctx"] == {"le": 1}


@pytest.mark.parametrize(
    ("content", "loc", "kind"),
    [
        (b"{not json", ["body", 1], "json_invalid"),
        (b"[1, 2]", ["body"], "model_attributes_type"),
        (b"", ["body"], "missing"),
        (b"NaN", ["body", 0], "json_invalid"),
    ],
)
def test_bodies_that_are_not_a_json_object_get_422(
    api: httpx.Client, content: bytes, loc: list[Any], kind: str
) -> None:
    response = api.post(JOBS, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (loc, kind)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded", "json", "garbage"]
)
def test_a_body_that_is_not_sent_as_json_is_not_read_as_json(api: httpx.Client, content_type: str) -> None:
    # FastAPI decodes JSON only for application/json and +json types; other bodies stay bytes, which no model takes.
    content = json.dumps(completion_body())
    response = api.post(JOBS, content=content, headers={"content-type": content_type})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"], error["input"]) == (["body"], "model_attributes_type", content)
    assert api.get(JOBS).json()["total"] == 0


@pytest.mark.parametrize(
    "content_type", [None, "application/json", "application/json; charset=utf-8", "application/vnd.api+json"]
)
def test_json_bodies_are_read_with_or_without_a_json_content_type(api: httpx.Client, content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}  # httpx adds none for content=
    response = api.post(JOBS, content=json.dumps(completion_body()), headers=headers)
    assert response.status_code == 200
    assert response.request.headers.get("content-type") == content_type


# --- get ----------------------------------------------------------------------------------------------------------


def test_get_unknown_or_malformed_job_ids(api: httpx.Client) -> None:
    missing = str(uuid.uuid4())
    response = api.get(f"{JOBS}/{missing}")
    assert response.status_code == 404
    assert missing in response.json()["detail"]
    malformed = api.get(f"{JOBS}/not-a-uuid")
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["path", "job_id"]


@pytest.mark.parametrize(
    "job_id",
    [
        DOC_GET_ID.replace("-", ""),  # Python's UUID() takes these forms; the spec's pattern does not
        "{" + DOC_GET_ID + "}",
        "urn:uuid:" + DOC_GET_ID,
        DOC_GET_ID + "%0A",
        DOC_GET_ID[:-1] + "g",
        DOC_GET_ID + "0",
    ],
)
@pytest.mark.parametrize("action", ["", "/cancel", "/start"])
def test_job_ids_outside_the_spec_pattern_are_uuid_parsing_errors(api: httpx.Client, job_id: str, action: str) -> None:
    response = api.request("POST" if action else "GET", f"{JOBS}/{job_id}{action}")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["path", "job_id"], "uuid_parsing")


def test_a_percent_encoded_slash_in_the_id_is_decoded_before_routing(api: httpx.Client) -> None:
    assert api.get(f"{JOBS}/a%2Fb").json() == {"detail": "Not Found"}  # /jobs/a/b matches no route
    response = api.post(f"{JOBS}/x%2Fcancel")  # /jobs/x/cancel: the cancel route with job_id "x"
    assert response.json()["detail"][0]["loc"] == ["path", "job_id"]


def test_get_accepts_any_spelling_of_the_uuid(api: httpx.Client) -> None:
    job = create(api, completion_body())
    detailed = api.get(f"{JOBS}/{job['id'].upper()}").json()
    validate_named(detailed, "CompletionDetailedJobOut")
    assert detailed["id"] == job["id"]
    assert statuses(detailed) == ["QUEUED"]
    assert detailed["checkpoints"] == []


# --- list -----------------------------------------------------------------------------------------------------------


def test_list_pages_newest_first_with_the_total(api: httpx.Client, server: FakeMistralServer) -> None:
    ids = server.add_jobs(25)
    first = api.get(JOBS, params={"page": 0, "page_size": 10}).json()
    validate_named(first, "JobsOut")
    assert first["object"] == "list"
    assert first["total"] == 25
    assert [job["id"] for job in first["data"]] == ids[::-1][:10]
    last = api.get(JOBS, params={"page": 2, "page_size": 10}).json()
    assert [job["id"] for job in last["data"]] == ids[::-1][20:]
    beyond = api.get(JOBS, params={"page": 3, "page_size": 10}).json()
    assert beyond == {"data": [], "object": "list", "total": 25}
    created = [job["created_at"] for job in api.get(JOBS).json()["data"]]
    assert created == sorted(created, reverse=True)


def test_list_defaults_to_100_per_page(api: httpx.Client, server: FakeMistralServer) -> None:
    server.add_jobs(120)
    page = api.get(JOBS).json()
    assert (len(page["data"]), page["total"]) == (100, 120)


def test_list_filters(api: httpx.Client, server: FakeMistralServer) -> None:
    now = int(server.now())
    old = server.add_job(model="codestral-latest", created_at=now - 10_000, suffix="old", status="SUCCESS")
    other = server.add_job(created_at=now - 5_000, created_by_me=False, status="FAILED")
    wandb = server.add_job(
        created_at=now - 1_000,
        status="VALIDATED",
        integrations=[{"project": "proj", "name": "run-1", "api_key": WANDB_KEY}],
    )
    mine = create(api, completion_body(suffix="mine"))["id"]

    def ids(**params: Any) -> list[str]:
        page = api.get(JOBS, params=params).json()
        assert page["total"] == len(page["data"])
        return [job["id"] for job in page["data"]]

    assert ids() == [mine, wandb, other, old]
    assert ids(model="codestral-latest") == [old]
    assert ids(status="FAILED") == [other]
    assert ids(status="VALIDATED") == [wandb]
    assert ids(suffix="mine") == [mine]
    assert ids(wandb_project="proj") == [wandb]
    assert ids(wandb_name="run-1") == [wandb]
    assert ids(wandb_name="nobody") == []
    assert ids(created_by_me="true") == [mine, wandb, old]
    assert ids(created_by_me="false") == [mine, wandb, other, old]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now - 5_000))
    assert ids(created_after=stamp + "Z") == [mine, wandb, other]
    assert ids(created_after=stamp) == [mine, wandb, other]  # naive means UTC
    assert ids(created_before=stamp + "+00:00") == [old]
    shifted = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now - 5_000 + 7200)) + "+02:00"
    assert ids(created_before=shifted) == [old]
    assert ids(created_after=stamp + "Z", created_before=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))) == [
        wandb,
        other,
    ]


def test_created_by_me_means_the_same_token(server: FakeMistralServer) -> None:
    with make_client(server, token=None) as client:
        job = client.post(JOBS, json=completion_body(), headers={"Authorization": "Bearer alice"}).json()
        mine = client.get(JOBS, params={"created_by_me": "true"}, headers={"Authorization": "Bearer alice"}).json()
        theirs = client.get(JOBS, params={"created_by_me": "true"}, headers={"Authorization": "Bearer bob"}).json()
    assert [item["id"] for item in mine["data"]] == [job["id"]]
    assert theirs["total"] == 0


@pytest.mark.parametrize(
    ("params", "name", "kind"),
    [
        ({"page": "abc"}, "page", "int_parsing"),
        ({"page_size": "1.5"}, "page_size", "int_parsing"),
        ({"status": "DONE"}, "status", "enum"),
        ({"page": "1_0"}, "page", "int_parsing"),
        ({"page": "\u0661"}, "page", "int_parsing"),  # an Arabic-Indic digit: Python's int() takes it
        ({"page_size": ""}, "page_size", "int_parsing"),
        ({"created_after": "yesterday"}, "created_after", "datetime_parsing"),
        ({"created_before": "2024-13-01T00:00:00"}, "created_before", "datetime_parsing"),
        ({"created_after": "nan"}, "created_after", "datetime_parsing"),
        ({"created_after": "inf"}, "created_after", "datetime_parsing"),
        ({"created_before": "-inf"}, "created_before", "datetime_parsing"),
        ({"created_after": "Infinity"}, "created_after", "datetime_parsing"),
        ({"created_after": ""}, "created_after", "datetime_parsing"),
        ({"created_after": "1e3"}, "created_after", "datetime_parsing"),
        ({"created_after": "1_000"}, "created_after", "datetime_parsing"),
        ({"created_after": "9" * 30}, "created_after", "datetime_parsing"),  # beyond year 9999, even as ms
        ({"created_by_me": "sure"}, "created_by_me", "bool_parsing"),
        ({"created_by_me": ""}, "created_by_me", "bool_parsing"),
    ],
)
def test_list_rejects_bad_query_values(api: httpx.Client, params: dict[str, str], name: str, kind: str) -> None:
    response = api.get(JOBS, params=params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["query", name], kind)


def test_list_dates_accept_unix_timestamps_as_pydantic_does(api: httpx.Client, server: FakeMistralServer) -> None:
    now = int(server.now())
    old = server.add_job(created_at=now - 10_000)
    new = server.add_job(created_at=now - 10)

    def ids(**params: Any) -> list[str]:
        return [job["id"] for job in api.get(JOBS, params=params).json()["data"]]

    assert ids(created_after=str(now - 5_000)) == [new]
    assert ids(created_after=f"{now - 5_000}.5") == [new]
    assert ids(created_after=str((now - 5_000) * 1000)) == [new]  # beyond 2e10: milliseconds
    assert ids(created_before=f" {now - 5_000} ") == [old]
    assert ids(created_after="0") == [new, old]


def test_list_reflects_changes_after_a_cached_answer(api: httpx.Client, server: FakeMistralServer) -> None:
    server.add_jobs(3)
    before = api.get(JOBS).content
    assert api.get(JOBS).content == before
    job = create(api, completion_body())
    after = api.get(JOBS).json()
    assert after["total"] == 4
    assert after["data"][0]["id"] == job["id"]
    server.advance(1)
    assert api.get(JOBS).json()["data"][0]["status"] == "VALIDATING"


# --- lifecycle ----------------------------------------------------------------------------------------------------


def test_auto_start_job_runs_to_success(api: httpx.Client, server: FakeMistralServer) -> None:
    job = create(api, completion_body(auto_start=True, suffix="great", validation_files=[FILE_B]))
    timing = server.timing
    seen = []
    for _ in range(25):
        server.advance(1)
        seen.append(api.get(f"{JOBS}/{job['id']}").json()["status"])
    assert seen[0] == "VALIDATING"
    assert seen[-1] == "SUCCESS"
    assert seen.index("RUNNING") == timing.queued + timing.validating + timing.auto_start_delay + timing.starting - 1
    final = api.get(f"{JOBS}/{job['id']}").json()
    validate_named(final, "CompletionDetailedJobOut")
    assert statuses(final) == ["QUEUED", "VALIDATING", "VALIDATED", "QUEUED", "RUNNING", "SUCCESS"]
    assert final["events"][0]["created_at"] == final["modified_at"]
    assert re.fullmatch(r"ft:open-mistral-7b:great:[0-9a-f]{8}", final["fine_tuned_model"])
    assert final["trained_tokens"] == 10 * final["metadata"]["train_tokens_per_step"]
    checkpoints = final["checkpoints"][::-1]
    assert [c["step_number"] for c in checkpoints] == list(range(1, 11))
    losses = [c["metrics"]["train_loss"] for c in checkpoints]
    accuracies = [c["metrics"]["valid_mean_token_accuracy"] for c in checkpoints]
    assert losses == sorted(losses, reverse=True)
    assert len(set(losses)) == 10
    assert accuracies == sorted(accuracies)
    assert all(c["metrics"]["valid_loss"] is not None for c in checkpoints)


def test_checkpoints_every_tenth_of_a_long_run(api: httpx.Client, server: FakeMistralServer) -> None:
    job = create(api, completion_body(auto_start=True, hyperparameters={"training_steps": 200}))
    server.advance(1_000)
    final = api.get(f"{JOBS}/{job['id']}").json()
    assert final["status"] == "SUCCESS"
    assert [c["step_number"] for c in final["checkpoints"]] == list(range(200, 0, -20))
    assert final["checkpoints"][0]["metrics"]["valid_loss"] is None  # no validation files


def test_speed_moves_jobs_in_real_time(api: httpx.Client, server: FakeMistralServer) -> None:
    server.speed = 200.0
    job = create(api, completion_body(auto_start=True, hyperparameters={"training_steps": 10}))
    deadline = time.monotonic() + 3.0
    status = job["status"]
    while status != "SUCCESS" and time.monotonic() < deadline:
        time.sleep(0.02)
        status = api.get(f"{JOBS}/{job['id']}").json()["status"]
    assert status == "SUCCESS"


def test_start_only_from_validated(api: httpx.Client, server: FakeMistralServer) -> None:
    job_id = create(api, completion_body())["id"]
    early = api.post(f"{JOBS}/{job_id}/start")
    assert early.status_code == 409
    assert "QUEUED" in early.json()["detail"]
    server.advance(3)
    validated = api.get(f"{JOBS}/{job_id}").json()
    assert validated["status"] == "VALIDATED"
    server.advance(100)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "VALIDATED"  # waits: no auto_start
    started = api.post(f"{JOBS}/{job_id}/start")
    assert started.status_code == 200
    validate_named(started.json(), "CompletionDetailedJobOut")
    assert started.json()["status"] == "QUEUED"  # waiting for training capacity, as the real API reported
    assert api.post(f"{JOBS}/{job_id}/start").status_code == 409
    server.advance(1)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "RUNNING"
    server.advance(10)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "SUCCESS"
    assert api.post(f"{JOBS}/{job_id}/start").status_code == 409
    assert api.post(f"{JOBS}/{uuid.uuid4()}/start").status_code == 404


def test_cancel_flow(api: httpx.Client, server: FakeMistralServer) -> None:
    job_id = create(api, completion_body(auto_start=True, hyperparameters={"training_steps": 100}))["id"]
    server.advance(10)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "RUNNING"
    cancelled = api.post(f"{JOBS}/{job_id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "CANCELLATION_REQUESTED"
    again = api.post(f"{JOBS}/{job_id}/cancel")
    assert again.status_code == 200
    assert again.json()["status"] == "CANCELLATION_REQUESTED"
    server.advance(server.timing.cancelling)
    final = api.get(f"{JOBS}/{job_id}").json()
    assert final["status"] == "CANCELLED"
    assert statuses(final)[-2:] == ["CANCELLATION_REQUESTED", "CANCELLED"]
    server.advance(500)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "CANCELLED"  # the run does not resume
    finished = api.post(f"{JOBS}/{job_id}/cancel")
    assert finished.status_code == 409
    assert "CANCELLED" in finished.json()["detail"]


@pytest.mark.parametrize("status", ["QUEUED", "VALIDATING", "VALIDATED", "STARTED", "RUNNING"])
def test_cancel_is_allowed_before_the_end(api: httpx.Client, server: FakeMistralServer, status: str) -> None:
    job_id = server.add_job(status=status)
    assert api.post(f"{JOBS}/{job_id}/cancel").json()["status"] == "CANCELLATION_REQUESTED"


@pytest.mark.parametrize("status", ["SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"])
def test_cancel_of_a_finished_job_is_a_conflict(api: httpx.Client, server: FakeMistralServer, status: str) -> None:
    job_id = server.add_job(status=status)
    response = api.post(f"{JOBS}/{job_id}/cancel")
    assert response.status_code == 409
    assert status in response.json()["detail"]


def test_bad_training_file_fails_validation(api: httpx.Client, server: FakeMistralServer) -> None:
    server.mark_bad_file(FILE_B)
    job_id = create(api, completion_body(auto_start=True, training_files=[{"file_id": FILE_B}]))["id"]
    server.advance(1)
    assert api.get(f"{JOBS}/{job_id}").json()["status"] == "VALIDATING"
    server.advance(100)
    final = api.get(f"{JOBS}/{job_id}").json()
    assert final["status"] == "FAILED_VALIDATION"
    assert statuses(final) == ["QUEUED", "VALIDATING", "FAILED_VALIDATION"]
    assert final["events"][0]["data"]["reason"]
    assert final["checkpoints"] == []
    assert final["fine_tuned_model"] is None
    good = create(api, completion_body(auto_start=True))["id"]
    server.advance(100)
    assert api.get(f"{JOBS}/{good}").json()["status"] == "SUCCESS"


@pytest.mark.parametrize("status", [member.value for member in models.CompletionDetailedJobOutStatus])
@pytest.mark.parametrize("job_type", [member.value for member in models.FineTuneableModelType])
def test_preloaded_jobs_in_every_status_match_the_spec(
    api: httpx.Client, server: FakeMistralServer, status: str, job_type: str
) -> None:
    job_id = server.add_job(status=status, job_type=job_type)
    job = api.get(f"{JOBS}/{job_id}").json()
    assert job["status"] == status
    assert statuses(job)[-1] == status
    assert job["created_at"] <= job["modified_at"] <= server.now()
    assert (job["fine_tuned_model"] is not None) == (status == "SUCCESS")
    listed = api.get(JOBS, params={"status": status}).json()
    assert [item["id"] for item in listed["data"]] == [job_id]


def use_spec(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Make the fake validate requests with a changed copy of the spec it ships, as regenerating would."""
    document = copy.deepcopy(_api.openapi_spec())
    change(document)
    monkeypatch.setattr(_app, "REQUESTS", requests_from(document))
    return document


@pytest.fixture
def newer_spec(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make the fake see what regenerating the client from a spec with one more (made-up) job status gives."""

    def add_paused(document: dict[str, Any]) -> None:
        listing = document["paths"][JOBS]["get"]["parameters"]
        status = next(parameter for parameter in listing if parameter["name"] == "status")
        status["schema"]["anyOf"][0]["enum"].append("SYNTHETIC_NEW_STATUS")

    use_spec(monkeypatch, add_paused)
    monkeypatch.setattr(_app, "JOB_STATUSES", (*_spec.JOB_STATUSES, "SYNTHETIC_NEW_STATUS"))
    return "SYNTHETIC_NEW_STATUS"


def test_a_status_added_to_the_spec_needs_no_edit_in_the_fake(
    raw: httpx.Client, server: FakeMistralServer, newer_spec: str
) -> None:
    job_id = server.add_job(status=newer_spec)
    job = raw.get(f"{JOBS}/{job_id}").json()
    assert job["status"] == newer_spec
    assert statuses(job) == ["QUEUED", "VALIDATING", "VALIDATED", newer_spec]
    server.add_job(status="SUCCESS")
    listed = raw.get(JOBS, params={"status": newer_spec}).json()
    assert [item["id"] for item in listed["data"]] == [job_id]
    server.advance(1_000)
    assert raw.get(f"{JOBS}/{job_id}").json()["status"] == newer_spec  # no lifecycle step follows it
    assert raw.post(f"{JOBS}/{job_id}/start").status_code == 409
    assert raw.post(f"{JOBS}/{job_id}/cancel").json()["status"] == "CANCELLATION_REQUESTED"


def test_statuses_job_types_and_loss_functions_are_the_specs() -> None:
    schemas = spec()["components"]["schemas"]
    assert set(_spec.JOB_STATUSES) == set(schemas["CompletionJobOut"]["properties"]["status"]["enum"])
    assert set(_spec.JOB_TYPES) == set(schemas["FineTuneableModelType"]["enum"])
    assert set(_spec.LOSS_FUNCTIONS) == set(schemas["FTClassifierLossFunction"]["enum"])


def test_every_route_of_the_spec_has_a_handler() -> None:
    assert {name for name, _, _ in _spec.ROUTES} == _app.IMPLEMENTED_OPERATIONS
    templates = {(method.lower(), template) for _, method, template in _spec.ROUTES}
    assert templates == {(method, path) for path, item in spec()["paths"].items() for method in item}


def test_a_route_of_the_spec_without_a_handler_is_a_501_not_a_404() -> None:
    pause = ("jobs_api_routes_fine_tuning_pause_fine_tuning_job", "POST", JOBS + "/{job_id}/pause")
    app = _app.App(None, SimClock(0), LifecycleTiming(), routes=(*_spec.ROUTES, pause))
    job_id = str(uuid.uuid4())
    reply = app.handle("POST", f"{JOBS}/{job_id}/pause", "", "Bearer t", b"")
    assert reply.status == 501
    assert json.loads(reply.body) == {
        "detail": f"POST {JOBS}/{{job_id}}/pause is in the API spec but the fake server does not implement it"
    }
    assert app.handle("GET", f"{JOBS}/{job_id}/pause", "", "Bearer t", b"").status == 405
    unknown = app.handle("POST", f"{JOBS}/{job_id}/cancel", "", "Bearer t", b"")
    assert (unknown.status, json.loads(unknown.body)) == (404, {"detail": f"No fine-tuning job with id {job_id}"})
    assert app.handle("POST", f"{JOBS}/{job_id}/resume", "", "Bearer t", b"").status == 404


def test_a_list_filter_of_the_spec_without_semantics_is_a_501_when_used(
    api: httpx.Client, raw: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_filters(document: dict[str, Any]) -> None:
        nullable_string = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        flag = {"type": "boolean", "default": False}
        document["paths"][JOBS]["get"]["parameters"] += [
            {"name": "fine_tuned_model", "in": "query", "required": False, "schema": nullable_string},
            {"name": "include_archived", "in": "query", "required": False, "schema": flag},
        ]

    use_spec(monkeypatch, add_filters)
    used = raw.get(JOBS, params={"fine_tuned_model": "ft:x"})
    assert used.status_code == 501
    assert "fine_tuned_model" in used.json()["detail"]
    assert raw.get(JOBS, params={"include_archived": "true"}).status_code == 501
    assert api.get(JOBS, params={"include_archived": "false"}).status_code == 200  # the default filters nothing
    assert api.get(JOBS).status_code == 200
    assert raw.get(JOBS, params={"include_archived": "maybe"}).status_code == 422  # still validated by its schema


def test_an_array_filter_of_the_spec_takes_every_value_of_a_repeated_key(
    raw: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_array_filter(document: dict[str, Any]) -> None:
        kinds = {"type": "array", "items": {"type": "string", "enum": ["pretrain", "instruct"]}}
        document["paths"][JOBS]["get"]["parameters"].append(
            {"name": "sample_type", "in": "query", "required": False, "schema": {"anyOf": [kinds, {"type": "null"}]}}
        )

    use_spec(monkeypatch, add_array_filter)
    refused = raw.get(f"{JOBS}?sample_type=pretrain&sample_type=other&page=x")
    assert refused.status_code == 422
    assert [(error["loc"], error["type"]) for error in refused.json()["detail"]] == [
        (["query", "page"], "int_parsing"),
        (["query", "sample_type", 1], "enum"),
    ]
    accepted = raw.get(f"{JOBS}?sample_type=pretrain&sample_type=instruct")
    assert accepted.status_code == 501  # valid, but the fake does not know what the filter selects
    assert "sample_type" in accepted.json()["detail"]


def test_a_new_body_field_of_the_spec_is_typed_by_the_fake(api: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_priority(document: dict[str, Any]) -> None:
        priority = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "title": "Priority"}
        document["components"]["schemas"]["JobIn"]["properties"]["priority"] = priority

    assert api.post(JOBS, json=completion_body(priority={})).status_code == 200  # unknown to the shipped spec
    use_spec(monkeypatch, add_priority)
    refused = api.post(JOBS, json=completion_body(priority={}))
    assert refused.status_code == 422
    [error] = refused.json()["detail"]
    assert (error["loc"], error["type"], error["input"]) == (["body", "priority"], "int_type", {})
    assert api.post(JOBS, json=completion_body(priority=0)).json()["detail"][0]["type"] == "greater_than_equal"
    assert api.post(JOBS, json=completion_body(priority=2)).status_code == 200


def test_list_filters_cover_the_list_parameters_of_the_spec() -> None:
    names = set(REQUESTS[_spec.LIST_OPERATION].query_defaults)
    assert names == set(_app.LIST_FILTERS) | _app.LIST_PAGING


def test_add_job_rejects_bad_input(server: FakeMistralServer) -> None:
    with pytest.raises(ValueError, match="UUID"):
        server.add_job("job-1")
    with pytest.raises(ValueError, match="status"):
        server.add_job(status="DONE")
    with pytest.raises(ValueError, match="suffix"):
        server.add_job(suffix="s" * 40)


# --- bulk and seeded jobs ---------------------------------------------------------------------------------------


def test_bulk_jobs_fill_every_field(api: httpx.Client, raw: httpx.Client, server: FakeMistralServer) -> None:
    began = time.perf_counter()
    server.add_jobs(1000)
    assert time.perf_counter() - began < 5.0  # generous: the point is that bulk loading is not pathological
    everything = raw.get(JOBS, params={"page_size": 1000}).json()
    assert (everything["total"], len(everything["data"])) == (1000, 1000)
    page = api.get(JOBS, params={"page_size": 100}).json()  # schema-checked by the hook (1000 would be slow)
    kinds = {job["job_type"] for job in page["data"]}
    assert kinds == {"completion", "classifier"}
    for job in page["data"][:50]:
        assert job["suffix"] and job["integrations"] and job["metadata"] and job["validation_files"]
        assert job["hyperparameters"]["seq_len"] >= 100
        if job["job_type"] == "completion":
            assert job["repositories"]
        if job["status"] == "SUCCESS":
            assert job["integrations"][0]["url"].startswith("https://")
    again = server.add_jobs(3, seed=0)
    assert again == [job["id"] for job in everything["data"][-3:][::-1]]  # same seed, same ids: replaced, not added
    assert api.get(JOBS).json()["total"] == 1000


def test_seed_examples_make_the_documented_calls_work() -> None:
    with (
        FakeMistralServer(seed_examples=True, speed=0.0) as server,
        make_client(server) as client,
    ):
        done = client.get(f"{JOBS}/{DOC_GET_ID}").json()
        assert done["status"] == "SUCCESS"
        assert done["events"] and done["checkpoints"]
        assert done["checkpoints"][0]["metrics"]["valid_mean_token_accuracy"] is not None
        cancelled = client.post(f"{JOBS}/{DOC_CANCEL_ID}/cancel").json()
        assert cancelled["status"] == "CANCELLATION_REQUESTED"
        assert statuses(cancelled)[-2:] == ["RUNNING", "CANCELLATION_REQUESTED"]
        started = client.post(f"{JOBS}/{DOC_START_ID}/start").json()
        assert started["auto_start"] is False
        assert started["status"] == "QUEUED"
        assert client.get(JOBS, params={"created_by_me": "true"}).json()["total"] == 3
        server.reset()
        assert client.get(f"{JOBS}/{DOC_START_ID}").json()["status"] == "VALIDATED"  # reseeded
        assert server.stats()["requests"] == 1


# --- faults -------------------------------------------------------------------------------------------------------


def test_error_fault_with_retry_after_then_normal(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.error(429, "slow down", headers={"Retry-After": "2", "retry-after-ms": "2000"}), times=2)
    for _ in range(2):
        response = raw.get(JOBS)
        assert response.status_code == 429
        assert response.json() == {"detail": "slow down"}
        assert response.headers["retry-after"] == "2"
        assert response.headers["retry-after-ms"] == "2000"
        assert response.headers["x-request-id"]
        validate_response(response)
    assert raw.get(JOBS).status_code == 200
    assert server.pending_faults == 0
    assert [r.fault for r in server.requests] == [FaultKind.ERROR, FaultKind.ERROR, None]
    assert [r.status for r in server.requests] == [429, 429, 200]


@pytest.mark.parametrize("status", [500, 502, 503, 504, 499, 520])
def test_error_faults_use_the_gateway_shape_and_create_nothing(
    raw: httpx.Client, server: FakeMistralServer, status: int
) -> None:
    server.inject(Fault.error(status, message="upstream trouble", headers={"x-request-id": "fixed-id"}), method="POST")
    response = raw.post(JOBS, json=completion_body())
    assert response.status_code == status
    assert response.json() == {"message": "upstream trouble"}
    assert response.headers["x-request-id"] == "fixed-id"
    validate_response(response)
    assert raw.get(JOBS).json()["total"] == 0


def test_error_fault_defaults_to_the_reason_phrase(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.error(503))
    assert raw.get(JOBS).json() == {"detail": "Service Unavailable"}
    server.inject(Fault.error(500, payload={"object": "error", "message": "boom", "code": "1000"}))
    assert raw.get(JOBS).json() == {"object": "error", "message": "boom", "code": "1000"}


def test_html_fault(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.html(502))
    response = raw.get(JOBS)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_non_json_fault(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.non_json("all good"))
    response = raw.get(JOBS)
    assert (response.status_code, response.headers["content-type"], response.text) == (200, "text/plain", "all good")


def test_truncated_json_fault(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.add_jobs(5)
    full = raw.get(JOBS).content
    server.inject(Fault.truncated_json(0.5))
    response = raw.get(JOBS)
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content) == len(full) // 2
    assert full.startswith(response.content)
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_missing_field_faults(raw: httpx.Client, server: FakeMistralServer) -> None:
    job_id = server.add_job()
    server.inject(Fault.missing_field(), times=2)
    listed = raw.get(JOBS).json()
    assert "total" not in listed
    assert listed["data"][0]["id"] == job_id
    job = raw.get(f"{JOBS}/{job_id}").json()
    assert "id" not in job
    assert job["status"] == "SUCCESS"
    server.inject(Fault.missing_field("job_type"))
    assert "job_type" not in raw.get(f"{JOBS}/{job_id}").json()


def test_delay_fault_triggers_a_client_read_timeout(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.delay(0.3))
    with pytest.raises(httpx.ReadTimeout):
        raw.get(JOBS, timeout=0.1)
    deadline = time.monotonic() + 3.0
    while server.stats()["requests"] < 1 and time.monotonic() < deadline:
        time.sleep(0.01)  # let the delayed request finish so it cannot leak into the next test
    assert server.requests[0].status == 200
    server.inject(Fault.delay(0.05))
    assert raw.get(JOBS).status_code == 200
    assert server.stats()["handler_seconds"] < 0.05  # sleeping is not counted as the server's work


def test_dropped_connection_fault(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.drop_connection(), method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        raw.post(JOBS, json=completion_body())
    assert raw.get(JOBS).json()["total"] == 0
    assert server.requests[0].status is None


def test_dropped_connection_after_handling_still_creates_the_job(raw: httpx.Client, server: FakeMistralServer) -> None:
    server.inject(Fault.drop_connection(after_handling=True), method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        raw.post(JOBS, json=completion_body())
    assert raw.get(JOBS).json()["total"] == 1


def test_fault_matching_by_path_prefix_method_and_order(raw: httpx.Client, server: FakeMistralServer) -> None:
    job_id = server.add_job(status="RUNNING")
    server.inject(Fault.error(500), path=f"{JOBS}/*", method="POST")
    server.inject(Fault.error(502), path=JOBS)
    assert raw.get(f"{JOBS}/{job_id}").status_code == 200  # GET: no POST fault applies
    assert raw.post(f"{JOBS}/{job_id}/cancel").status_code == 500
    assert raw.get(f"{JOBS}/{job_id}").json()["status"] == "RUNNING"  # the faulted cancel never happened
    assert raw.get(JOBS).status_code == 502
    assert raw.get(JOBS).status_code == 200
    server.inject(Fault.error(503), times=None)
    assert [raw.get(JOBS).status_code for _ in range(3)] == [503, 503, 503]
    server.clear_faults()
    assert raw.get(JOBS).status_code == 200


def test_faults_cannot_be_triggered_by_clients(raw: httpx.Client) -> None:
    response = raw.get(JOBS, params={"fault": "500"}, headers={"x-fault": "drop"})
    assert response.status_code == 200


# --- observation ----------------------------------------------------------------------------------------------------


def test_stats_and_request_log(api: httpx.Client, server: FakeMistralServer) -> None:
    create(api, completion_body())
    api.get(JOBS, params={"status": "QUEUED"})
    stats = server.stats()
    assert stats["requests"] == 2
    assert 0 < stats["handler_seconds"] < 1
    post, listing = server.requests
    assert (post.method, post.path, post.status) == ("POST", JOBS, 200)
    assert post.header("content-type") == "application/json"
    assert (post.header("user-agent") or "").startswith("python-httpx/")
    assert listing.params == {"status": "QUEUED"}
    assert TOKEN not in repr(server.requests)
    server.record_requests = False
    api.get(JOBS)
    server.record_requests = True
    assert len(server.requests) == 2
    server.reset_stats()
    assert server.stats() == {"requests": 0, "handler_seconds": 0.0, "connections": 0}


def test_stats_count_accepted_connections(server: FakeMistralServer) -> None:
    server.reset_stats()
    with make_client(server, checked=False) as first, make_client(server, checked=False) as second:
        for _ in range(3):
            first.get(JOBS).raise_for_status()
        assert server.stats()["connections"] == 1  # kept alive: one connection for three requests
        second.get(JOBS).raise_for_status()
        assert server.stats()["connections"] == 2
        server.inject(Fault.drop_connection())
        with pytest.raises(httpx.RemoteProtocolError):
            first.get(JOBS)
        first.get(JOBS).raise_for_status()  # the dropped connection is replaced by a new one
        first.get(JOBS, headers={"Connection": "close"}).raise_for_status()
        first.get(JOBS).raise_for_status()
        stats = server.stats()
        assert (stats["requests"], stats["connections"]) == (8, 4)
    server.reset_stats()
    assert server.stats()["connections"] == 0


def test_custom_timing() -> None:
    timing = LifecycleTiming(queued=5, validating=5, seconds_per_step=0.5)
    with (
        FakeMistralServer(speed=0.0, timing=timing) as server,
        make_client(server) as client,
    ):
        add_data_files(server)
        job_id = client.post(JOBS, json=completion_body(auto_start=True)).json()["id"]
        server.advance(9)
        assert client.get(f"{JOBS}/{job_id}").json()["status"] == "VALIDATING"
        server.advance(1 + 1 + 1 + 10 * 0.5)
        assert client.get(f"{JOBS}/{job_id}").json()["status"] == "SUCCESS"


def run_command_line(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mistral_fine_tuning.testing", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)},  # same imports as here
    )


def stop_command_line(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Send SIGTERM and return the exit status and what was printed to stderr."""
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return process.returncode, err


def test_command_line_entry_point_serves_until_terminated() -> None:
    process = run_command_line("--seed-examples", "--api-key", "cli")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        response = httpx.get(f"{url}{JOBS}/{DOC_GET_ID}", headers={"Authorization": "Bearer cli"}, verify=False)
        assert response.json()["status"] == "SUCCESS"
    finally:
        status, err = stop_command_line(process)
    assert (status, err) == (0, "")


def test_command_line_exits_cleanly_when_terminated_right_after_printing_its_url() -> None:
    # SIGTERM at once, inside the window where the handler used to raise outside the protected region.
    for _ in range(3):
        process = run_command_line()
        assert process.stdout is not None
        assert process.stdout.readline().startswith("http://127.0.0.1:")
        assert stop_command_line(process) == (0, "")
