"""``openapi.yaml`` against Mistral's published spec, as recorded in ``upstream/snapshot.json``.

The facts of the API (operations, parameters, schemas, required sets, consts, defaults, constraints, enums) are not
copied into this file: the snapshot is the reviewed subset of Mistral's spec, and ``upstream/departures.yaml`` says
where and why this project says something else. ``tools/upstream_diff.py`` applies the departures to the snapshot and
compares the result with ``openapi.yaml``; any difference left fails here, with its place and both values. The tests
below also show that the comparison sees changes on either side, reads the newer schema names, and that each
departure is needed. What is this project's own (error responses, secrets) is checked at the end.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from tools import upstream_diff

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
REF = "#/components/schemas/"


@functools.cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def ours() -> dict[str, Any]:
    """openapi.yaml as plain JSON values, safe to change in a test."""
    document: dict[str, Any] = upstream_diff.load_yaml(SPEC_PATH)
    return document


@functools.cache
def _snapshot() -> dict[str, Any]:
    return upstream_diff.load_snapshot()


def snapshot() -> dict[str, Any]:
    """The recorded subset of Mistral's spec, safe to change in a test."""
    return copy.deepcopy(_snapshot())


@functools.cache
def departures() -> upstream_diff.Departures:
    return upstream_diff.load_departures()


def shown(report: upstream_diff.Report) -> str:
    return "\n".join([*map(str, report.differences), *report.notes])


def as_spec(subset: dict[str, Any], *, with_prose: bool = False) -> dict[str, Any]:
    """A whole OpenAPI document holding a normalised subset (parameters as a list again), plus unrelated parts."""
    paths: dict[str, Any] = {}
    for path, item in subset["paths"].items():
        for method, recorded in item.items():
            op = copy.deepcopy(recorded)
            if "parameters" in op:
                op["parameters"] = list(op["parameters"].values())
            if with_prose:
                op["description"] = "Some words of the upstream author."
                op["summary"] = "Words"
            paths.setdefault(path, {})[method] = op
    schemas = copy.deepcopy(subset["components"]["schemas"])
    if with_prose:
        for schema in schemas.values():
            schema["description"] = "More words."
            for prop in schema.get("properties", {}).values():
                prop["examples"] = ["an example"]
    # An operation and a schema this project does not serve: left out by the extraction.
    paths["/v1/chat/completions"] = {"post": {"operationId": "chat_completion", "responses": {"200": {"$ref": "#/x"}}}}
    schemas["ChatCompletionRequest"] = {"type": "object", "properties": {"description": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def ours_with_newer_names(subset: dict[str, Any]) -> dict[str, Any]:
    """The same subset as Mistral's newer spec names it (``newer_names`` run backwards)."""
    newer = {ours: newer for newer, ours in departures().newer_names.items()}
    text = json.dumps(subset)
    for name, renamed in newer.items():
        text = text.replace(f'"{REF}{name}"', f'"{REF}{renamed}"')
    renamed_subset: dict[str, Any] = json.loads(text)
    schemas = renamed_subset["components"]["schemas"]
    renamed_subset["components"]["schemas"] = {newer.get(name, name): schema for name, schema in schemas.items()}
    for name, schema in renamed_subset["components"]["schemas"].items():
        if schema.get("title") in newer:
            schema["title"] = name
    return renamed_subset


# --- openapi.yaml against the reviewed snapshot ----------------------------------------------------------------------


def test_openapi_yaml_says_what_mistrals_spec_says_but_for_the_written_departures() -> None:
    report = upstream_diff.compare(_snapshot(), spec(), departures())
    assert report.differences == [], "\n" + shown(report)


def test_every_departure_still_changes_something() -> None:
    report = upstream_diff.compare(_snapshot(), spec(), departures())
    assert report.notes == []


@pytest.mark.parametrize("departure", [entry.id for entry in departures().entries])
def test_without_any_one_departure_the_comparison_fails(departure: str) -> None:
    fewer = upstream_diff.Departures(
        departures().repository,
        departures().path,
        departures().newer_names,
        tuple(entry for entry in departures().entries if entry.id != departure),
    )
    assert upstream_diff.compare(_snapshot(), spec(), fewer).differences


def test_the_snapshot_serves_exactly_our_operations() -> None:
    recorded = {op["operationId"] for item in _snapshot()["paths"].values() for op in item.values()}
    assert recorded == set(upstream_diff.operation_ids(spec()))


def test_the_snapshot_says_where_it_comes_from() -> None:
    source = _snapshot()["source"]
    assert source["repository"] == departures().repository == "mistralai/platform-docs-public"
    assert source["path"] == departures().path
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
    assert source["names"] in {"legacy", "newer"}


def test_the_snapshot_holds_no_upstream_prose() -> None:
    ignored = set(departures().ignored())
    assert {"description", "summary", "example", "examples"} <= ignored
    for obj in upstream_diff.keyword_objects(_snapshot()["paths"]):
        assert not ignored & set(obj)
    for obj in upstream_diff.keyword_objects(_snapshot()["components"]["schemas"], name_map=True):
        assert not ignored & set(obj)


@pytest.mark.parametrize("departure", [entry.id for entry in departures().of("set")])
def test_what_a_departure_sets_is_in_openapi_yaml_where_it_says(departure: str) -> None:
    (entry,) = [entry for entry in departures().of("set") if entry.id == departure]
    for location, keywords in entry.details["set"].items():
        node = upstream_diff.find(spec(), upstream_diff.parse_location(location))  # parameters are a list here
        assert isinstance(node, dict), location
        assert {key: node.get(key) for key in keywords} == keywords, location


def test_departure_comments_in_openapi_yaml_name_real_departures() -> None:
    named = re.findall(r"#\s*departure:\s*([\w-]+)", SPEC_PATH.read_text())
    assert named, "openapi.yaml points at its departures where they are"
    assert set(named) <= {entry.id for entry in departures().entries}


# --- the comparison sees what changed --------------------------------------------------------------------------------


def test_a_change_in_openapi_yaml_is_shown_with_its_place_and_both_values() -> None:
    changed = ours()
    schemas = changed["components"]["schemas"]
    schemas["JobIn"]["properties"]["model"]["maxLength"] = 64
    schemas["CompletionJobOut"]["properties"]["status"]["enum"].append("SYNTHETIC_NEW_STATUS")
    schemas["ClassifierJobOut"]["properties"]["synthetic_field"] = {"type": "number"}
    schemas["JobsOut"]["required"] = []
    report = upstream_diff.compare(_snapshot(), changed, departures())
    found = {difference.location: (difference.upstream, difference.ours) for difference in report.differences}
    status = _snapshot()["components"]["schemas"]["CompletionJobOut"]["properties"]["status"]["enum"]
    assert found == {
        "components.schemas.JobIn.properties.model.maxLength": (upstream_diff.MISSING, 64),
        "components.schemas.CompletionJobOut.properties.status.enum": (
            status,
            sorted([*status, "SYNTHETIC_NEW_STATUS"]),
        ),
        "components.schemas.ClassifierJobOut.properties.synthetic_field": (upstream_diff.MISSING, {"type": "number"}),
        "components.schemas.JobsOut.required": (["total"], []),
    }
    text = str(report.differences[0])
    assert "upstream:" in text and "ours:" in text


def test_a_change_upstream_is_shown() -> None:
    changed = snapshot()
    job_in = changed["components"]["schemas"]["JobIn"]
    job_in["properties"]["model"]["minLength"] = 1
    job_in["required"] = sorted([*job_in["required"], "training_files"])
    del changed["paths"]["/v1/fine_tuning/jobs"]["get"]["parameters"]["wandb_name"]
    report = upstream_diff.compare(changed, spec(), departures())
    assert [difference.location for difference in report.differences] == [
        "components.schemas.JobIn.properties.model.minLength",
        "components.schemas.JobIn.required",
        "paths./v1/fine_tuning/jobs.get.parameters.wandb_name",
    ]
    assert report.differences[0].upstream == 1
    assert report.differences[0].ours is upstream_diff.MISSING


def test_an_operation_missing_upstream_is_shown() -> None:
    changed = snapshot()
    del changed["paths"]["/v1/fine_tuning/jobs/{job_id}/start"]
    report = upstream_diff.compare(changed, spec(), departures())
    assert [difference.location for difference in report.differences] == ["paths./v1/fine_tuning/jobs/{job_id}/start"]


def test_a_departure_mistral_adopted_is_noted() -> None:
    changed = snapshot()
    for location in departures().of("set")[0].details["set"]:
        node = upstream_diff.find(changed, upstream_diff.parse_location(location))
        node.update(departures().of("set")[0].details["set"][location])
    report = upstream_diff.compare(changed, spec(), departures())
    assert report.differences == []
    assert len(report.notes) == 1 and repr(departures().of("set")[0].id) in report.notes[0]


def test_a_departure_at_a_place_mistral_lacks_is_a_difference() -> None:
    changed = snapshot()
    location = next(iter(departures().of("set")[0].details["set"]))
    parent, _, last = location.rpartition(".")
    del upstream_diff.find(changed, upstream_diff.parse_location(parent))[last]
    report = upstream_diff.compare(changed, spec(), departures())
    assert any(
        difference.location == location and "names a place" in str(difference.ours) for difference in report.differences
    )


# --- reading a whole spec --------------------------------------------------------------------------------------------


def test_extraction_keeps_our_operations_and_the_schemas_they_reach_and_drops_the_prose() -> None:
    subset = upstream_diff.extract(
        as_spec(_snapshot(), with_prose=True), upstream_diff.operation_ids(spec()), departures()
    )
    assert subset.pop("names") == "legacy"
    assert subset == {"paths": _snapshot()["paths"], "components": _snapshot()["components"]}


def test_a_spec_with_the_newer_schema_names_is_read_with_ours() -> None:
    newer = as_spec(ours_with_newer_names(_snapshot()))
    assert "CreateFineTuningJobRequest" in newer["components"]["schemas"]
    assert "JobIn" not in newer["components"]["schemas"]
    subset = upstream_diff.extract(newer, upstream_diff.operation_ids(spec()), departures())
    assert subset.pop("names") == "newer"
    assert subset == {"paths": _snapshot()["paths"], "components": _snapshot()["components"]}
    assert upstream_diff.compare(subset, spec(), departures()).differences == []


def test_shared_parameters_and_referenced_components_are_resolved() -> None:
    document = as_spec(_snapshot())
    item = document["paths"]["/v1/fine_tuning/jobs/{job_id}"]
    (job_id,) = item["get"].pop("parameters")
    document["components"]["parameters"] = {"JobId": job_id}
    item["parameters"] = [{"$ref": "#/components/parameters/JobId"}]
    document["components"]["responses"] = {"Job": item["get"]["responses"]["200"]}
    item["get"]["responses"]["200"] = {"$ref": "#/components/responses/Job"}
    subset = upstream_diff.extract(document, upstream_diff.operation_ids(spec()), departures())
    assert subset["paths"] == _snapshot()["paths"]


def test_a_field_named_like_an_ignored_keyword_is_kept() -> None:
    schema = {
        "type": "object",
        "description": "prose",
        "properties": {"description": {"type": "string", "description": "prose"}, "examples": {"type": "array"}},
        "default": {"description": "data, not prose"},
    }
    used: set[str] = set()
    upstream_diff.drop_keywords(schema, departures().ignored(), used)
    assert schema == {
        "type": "object",
        "properties": {"description": {"type": "string"}, "examples": {"type": "array"}},
        "default": {"description": "data, not prose"},
    }
    assert used == {"prose"}


def test_yaml_numbers_are_read_as_json_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "numbers.yaml"
    path.write_text("a: 1e-08\nb: 1.0e-08\nc: '1e-08'\nd: 2\n")
    assert upstream_diff.load_yaml(path) == {"a": 1e-08, "b": 1e-08, "c": "1e-08", "d": 2}


def test_the_command_prints_nothing_when_nothing_differs_and_each_difference_otherwise(tmp_path: Path) -> None:
    printed: list[str] = []
    upstream = tmp_path / "openapi.yaml"
    upstream.write_text(yaml.safe_dump(as_spec(ours_with_newer_names(_snapshot()), with_prose=True)))
    assert upstream_diff.run(upstream, out=printed.append, err=printed.append) == 0
    assert printed == []

    changed = as_spec(_snapshot())
    changed["components"]["schemas"]["TrainingFile"]["properties"]["weight"]["maximum"] = 10
    upstream.write_text(yaml.safe_dump(changed))
    assert upstream_diff.run(upstream, out=printed.append, err=printed.append) == 1
    assert printed[0].splitlines() == [
        "components.schemas.TrainingFile.properties.weight.maximum",
        "    upstream: 10",
        "    ours:     (absent)",
    ]


def test_the_command_records_a_snapshot_with_its_commit(tmp_path: Path) -> None:
    printed: list[str] = []
    upstream = tmp_path / "openapi.yaml"
    upstream.write_bytes(yaml.safe_dump(as_spec(_snapshot(), with_prose=True)).encode())
    recorded = tmp_path / "snapshot.json"
    assert upstream_diff.run(upstream, write=True, err=printed.append, snapshot_path=recorded) == 2
    assert "--commit" in printed[-1] and not recorded.exists()
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert upstream_diff.run(upstream, write=True, commit=commit, err=printed.append, snapshot_path=recorded) == 0
    written = json.loads(recorded.read_text())
    assert written["source"]["commit"] == commit
    assert {key: written[key] for key in ("paths", "components")} == {
        key: _snapshot()[key] for key in ("paths", "components")
    }
    assert upstream_diff.run(None, out=printed.append, err=printed.append, snapshot_path=recorded) == 0


# --- what is this project's own --------------------------------------------------------------------------------------


def test_spec_validates_as_openapi_3_1() -> None:
    assert spec()["openapi"] == "3.1.0"
    validate(spec())  # raises on any error


def test_server_is_mistral_production() -> None:
    assert [server["url"] for server in spec()["servers"]] == ["https://api.mistral.ai"]


def test_security_is_a_global_bearer_scheme() -> None:
    assert spec()["security"] == [{"ApiKey": []}]
    assert spec()["components"]["securitySchemes"] == {"ApiKey": {"type": "http", "scheme": "bearer"}}
    for path_item in spec()["paths"].values():
        for op in path_item.values():
            assert "security" not in op, "no operation overrides the global security"


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (to any component kind) until a node without one."""
    while "$ref" in node:
        ref: str = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec()
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def test_every_local_ref_resolves() -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec())
    assert len(refs) > 50
    for target in refs:
        assert resolve({"$ref": target}), target


ERROR_BODIES = {"422": "HTTPValidationError", "4XX": "ErrorResponse", "5XX": "ErrorResponse"}


@pytest.mark.parametrize("operation_id", upstream_diff.operation_ids(upstream_diff.load_yaml(SPEC_PATH)))
def test_every_operation_declares_the_error_responses_the_api_sends(operation_id: str) -> None:
    (op,) = [op for item in spec()["paths"].values() for op in item.values() if op["operationId"] == operation_id]
    (added,) = departures().of("added_responses")
    assert set(ERROR_BODIES) == {str(status) for status in added.details["added_responses"]}
    for status, schema in ERROR_BODIES.items():
        content = resolve(op["responses"][status])["content"]
        assert content == {"application/json": {"schema": {"$ref": REF + schema}}}


def test_error_schemas_take_what_the_api_sends() -> None:
    detail = spec()["components"]["schemas"]["HTTPValidationError"]["properties"]["detail"]
    assert {"type": "array", "items": {"$ref": REF + "ValidationError"}} in detail["anyOf"]
    assert {"type": "string"} in detail["anyOf"]
    assert "required" not in spec()["components"]["schemas"]["ErrorResponse"]


def test_secrets_are_request_fields_marked_as_passwords() -> None:
    schemas = spec()["components"]["schemas"]
    (secrets,) = [entry for entry in departures().entries if entry.id == "secrets"]
    for location in secrets.details["set"]:
        _, _, schema, _, field = upstream_diff.parse_location(location)
        assert schemas[str(schema)]["properties"][str(field)]["format"] == "password"
        received = str(schema).removesuffix("In") + "Out"
        assert field not in schemas[received]["properties"], f"{received} must not carry {field}"
