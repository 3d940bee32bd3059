"""CI cannot go green while part of the spec is unusable: this walks openapi.yaml and the generated package.

It fails when an operation has no public method (and `_async` twin, and raw twin), when a parameter or body field
cannot be passed or does not reach the wire, when an enum value is refused as a filter, when the facade's or the
README's idea of which operations are safe to re-send disagrees with the spec's `x-idempotent`, and when the fake
server lacks a route, a list filter's semantics or a status.
"""

from __future__ import annotations

import datetime
import enum
import json
import operator
import re
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx2
import pytest
import yaml
from mistral_fine_tuning import Mistral, _api, _files, _ft_models, _jobs, _resource
from mistral_fine_tuning.testing import FakeMistralServer
from openapi_python_client.strings import PythonIdentifier

ROOT = Path(__file__).resolve().parent.parent
NONE = type(None)

NOWHERE = "http://127.0.0.1:9"  # a closed local port: a call that should have been refused never leaves the machine


@cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    return document


def spec_operations() -> dict[str, dict[str, Any]]:
    """Every operation of the spec by the generator's name for its operationId, with its method and path."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                name = PythonIdentifier(operation["operationId"], prefix="")  # the generator's name for it
                found[name] = {**operation, "method": method.upper(), "path": path}
    return found


# Each resource's module (importing it declares its endpoints) and where a Mistral holds it.
RESOURCES = {"fine_tuning.jobs": _jobs, "files": _files, "models": _ft_models}
ENDPOINTS = {endpoint.operation.module: endpoint for endpoint in _resource.ENDPOINTS}


def owner(mistral: Mistral, endpoint: _resource.Endpoint) -> Any:
    """The resource of `mistral` whose method `endpoint` is (`mistral.fine_tuning.jobs`, `mistral.files`, ...)."""
    (path,) = [path for path, module in RESOURCES.items() if endpoint in vars(module).values()]
    return operator.attrgetter(path)(mistral)


# --- operations and methods ----------------------------------------------------------------------------------------


def test_every_operation_of_the_spec_is_generated() -> None:
    routes = {module: (method, path) for module, method, path in _api.ROUTES}
    assert routes == {name: (op["method"], op["path"]) for name, op in spec_operations().items()}
    assert set(_api.OPERATIONS) == set(routes)


@pytest.mark.parametrize("operation_id", sorted(spec_operations()))
def test_every_operation_has_a_public_method_and_twins(operation_id: str) -> None:
    assert operation_id in ENDPOINTS, (
        f"{operation_id} has no public method: add an Endpoint (its name and x-idempotent) and the methods to "
        "its resource's module (overlay/mistral_fine_tuning/_jobs.py, _files.py, _ft_models.py)"
    )
    endpoint = ENDPOINTS[operation_id]
    resource = owner(Mistral(api_key="key", server_url=NOWHERE), endpoint)
    for methods in (resource, resource.with_raw_response):
        assert callable(getattr(methods, endpoint.name)), endpoint.name
        assert callable(getattr(methods, f"{endpoint.name}_async")), f"{endpoint.name}_async"


@pytest.mark.parametrize("operation_id", sorted(spec_operations()))
def test_retrying_follows_the_specs_x_idempotent(operation_id: str) -> None:
    declared = spec_operations()[operation_id].get("x-idempotent")
    assert isinstance(declared, bool), f"{operation_id} needs `x-idempotent: true|false` in openapi.yaml"
    assert ENDPOINTS[operation_id].idempotent is declared


def test_the_readme_retry_table_matches_the_spec() -> None:
    readme = (ROOT / "README.md").read_text()
    after = readme[readme.index("**Retries.**") :].splitlines()
    start = next(i for i, line in enumerate(after) if line.startswith("|"))
    end = next((i for i in range(start, len(after)) if not after[i].startswith("|")), len(after))
    rows = after[start + 2 : end]  # the first table after "Retries.", without its header and separator
    seen: dict[str, bool] = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = re.findall(r"`(\w+)`", cells[0])
        retried_after_read_failure = cells[2] == "retried"
        for name in names:
            seen[name] = retried_after_read_failure
    expected = {endpoint.name: endpoint.idempotent for endpoint in _resource.ENDPOINTS}
    assert seen == expected, "the README's retry table must list every operation as its x-idempotent says"


# --- every parameter and body field reaches the wire ---------------------------------------------------------------


SCALARS: dict[Any, Any] = {
    str: "0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1",
    int: 3,
    float: 0.25,
    bool: True,
    datetime.datetime: datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
}
OTHER_SCALARS: dict[Any, Any] = {  # for the parameter under test: unlike SCALARS and unlike every default
    str: "1b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a2",
    int: 7,
    float: 0.5,
    bool: True,
    datetime.datetime: datetime.datetime(2026, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
}


def _sample(hint: Any, depth: int = 0, scalars: dict[Any, Any] = SCALARS) -> list[Any]:
    """Values of the type `hint` (a generated annotation): every member of an enum, one of anything else.

    A model's sample holds its required fields and, with OTHER_SCALARS, also its first optional scalar field, so two
    samples of one model never look alike.
    """
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        members = [member for member in typing.get_args(hint) if member not in (NONE, _api.Unset)]
        return _sample(members[0], depth, scalars)
    if origin is list:
        return [[value] for value in _sample(typing.get_args(hint)[0], depth + 1, scalars)[:1]]
    if origin is typing.Literal:
        return [typing.get_args(hint)[0]]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return [member.value for member in hint]
    if hint is _api.File:
        return [{"file_name": "train.jsonl", "content": b'{"messages": []}'}]
    if isinstance(hint, type) and issubclass(hint, _api.Model):
        hints = typing.get_type_hints(hint)
        fields = dict(hint._FIELD_NAMES)
        chosen = [attribute for attribute in fields if attribute in _required(hint)]
        if scalars is OTHER_SCALARS:
            optional = [a for a in fields if a not in chosen and _scalar_type(hints[a]) in (int, float, str)]
            chosen += optional[:1]
        return [{fields[attribute]: _sample(hints[attribute], depth + 1, scalars)[0] for attribute in chosen}]
    return [scalars.get(hint, "value")]


def _scalar_type(hint: Any) -> Any:
    if typing.get_origin(hint) is typing.Union or typing.get_origin(hint) is types.UnionType:
        members = [member for member in typing.get_args(hint) if member not in (NONE, _api.Unset)]
        return members[0] if len(members) == 1 else None
    return hint


def _holds(sent: Any, expected: Any) -> bool:
    """`sent` (from the wire) carries every part of `expected` (a dict may carry more keys)."""
    if isinstance(expected, dict):
        return isinstance(sent, dict) and all(key in sent and _holds(sent[key], item) for key, item in expected.items())
    if isinstance(expected, list):
        return isinstance(sent, list) and len(sent) == len(expected) and all(map(_holds, sent, expected))
    return bool(sent == expected and type(sent) is type(expected))


def _in_query(sent: str, value: Any) -> bool:
    """The query string's `sent` is `value`, encoded."""
    if isinstance(value, bool):
        return sent == str(value).lower()
    if isinstance(value, datetime.datetime):
        return datetime.datetime.fromisoformat(sent.replace("Z", "+00:00")) == value
    return sent == str(value)


def _required(cls: type[Any]) -> set[str]:
    import attrs

    return {field.name for field in attrs.fields(cls) if field.init and field.default is attrs.NOTHING}


def _hint(operation: _api.Operation, parameter: _api.Parameter) -> Any:
    if parameter.location == "body":
        assert operation.body is not None
        return typing.get_type_hints(_api.model_class(operation.body))[parameter.attribute]
    return typing.get_type_hints(_api.operation_module(operation)._get_kwargs)[parameter.attribute]


def _cases() -> list[tuple[str, str, Any]]:
    return [
        (operation_id, parameter.name, value)
        for operation_id, operation in _api.OPERATIONS.items()
        for parameter in operation.parameters
        for value in _sample(_hint(operation, parameter), scalars=OTHER_SCALARS)
    ]


CASES = _cases()


def _minimal(operation: _api.Operation) -> dict[str, Any]:
    return {p.name: _sample(_hint(operation, p))[0] for p in operation.parameters if p.required}


@pytest.mark.parametrize(
    ("operation_id", "name", "value"), CASES, ids=[f"{c[0][27:]}-{c[1]}-{c[2]!s:.20}" for c in CASES]
)
def test_every_parameter_and_field_can_be_passed_and_reaches_the_wire(operation_id: str, name: str, value: Any) -> None:
    sent: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        request.read()
        sent.append(request)
        return httpx2.Response(200, content=b"{}", headers={"content-type": "application/octet-stream"})

    operation = _api.OPERATIONS[operation_id]
    parameter = next(p for p in operation.parameters if p.name == name)
    mistral = Mistral(api_key="key", client=httpx2.Client(transport=httpx2.MockTransport(answer)))
    methods = owner(mistral, ENDPOINTS[operation_id]).with_raw_response  # unparsed: any answer will do
    getattr(methods, ENDPOINTS[operation_id].name)(**{**_minimal(operation), name: value})
    (request,) = sent
    if parameter.location == "query":
        values = request.url.params.get_list(name)
        assert values, f"{name} was not sent"
        expected = value if isinstance(value, list) else [value]
        assert len(values) == len(expected) and all(map(_in_query, values, expected)), f"{name}={value!r}: {values}"
    elif parameter.location == "path":
        index = operation.path.split("/").index("{" + name + "}")
        assert unquote(request.url.path).split("/")[index] == value
    elif request.headers["content-type"].startswith("multipart/form-data"):
        assert f'name="{name}"'.encode() in request.content, f"{name} was not in the form"
        shown = value["content"] if isinstance(value, dict) else str(value).encode()
        assert shown in request.content, f"{name}={value!r} not sent"
    else:
        body = json.loads(request.content)
        assert name in body, f"{name} was not in the body"
        assert _holds(body[name], value), f"{name}={value!r} sent as {body[name]!r}"


@pytest.mark.parametrize("status", [member.value for member in _api.models.QueryParamStatus], ids=str)
def test_every_status_is_a_filter_the_client_and_the_fake_accept(status: Any) -> None:
    with FakeMistralServer(speed=0) as server:
        server.add_job(status=status)
        page = Mistral(api_key="key", server_url=server.server_url).fine_tuning.jobs.list(status=status)
    assert page.total == 1


# --- the fake server implements the spec --------------------------------------------------------------------------


def test_the_fake_server_implements_every_route() -> None:
    from mistral_fine_tuning.testing import _app

    missing = {module for module, _, _ in _api.ROUTES} - set(_app.IMPLEMENTED_OPERATIONS)
    assert not missing, f"the fake server has no handler for {sorted(missing)} (overlay/.../testing/_app.py)"


def test_the_fake_server_knows_what_every_list_filter_means() -> None:
    from mistral_fine_tuning.testing import _state

    listing = _api.OPERATIONS["jobs_api_routes_fine_tuning_get_fine_tuning_jobs"]
    filters = {p.name for p in listing.parameters} - {"page", "page_size"}
    missing = filters - set(_state.LIST_FILTERS)
    assert not missing, f"the fake server does not filter on {sorted(missing)} (overlay/.../testing/_state.py)"


def test_the_fake_server_knows_what_every_file_list_filter_means() -> None:
    from mistral_fine_tuning.testing import _files

    listing = _api.OPERATIONS["files_api_routes_list_files"]
    filters = {p.name for p in listing.parameters} - _files.LIST_PAGING
    missing = filters - set(_files.LIST_FILTERS)
    assert not missing, f"the fake server does not filter files on {sorted(missing)} (overlay/.../testing/_files.py)"


def test_an_unknown_route_answers_differently_from_an_unknown_job() -> None:
    with FakeMistralServer(speed=0) as server:
        client = httpx2.Client(base_url=server.server_url, headers={"Authorization": "Bearer k"})
        no_route = client.post("/v1/fine_tuning/jobs/5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11/pause")
        no_job = client.get("/v1/fine_tuning/jobs/5c3a7e0e-2f1d-4f6b-9a51-0d9c1b7e4a11")
        client.close()
    assert (no_route.status_code, no_job.status_code) == (404, 404)
    assert no_route.json() != no_job.json()
