"""The fake server validates requests from openapi.yaml itself: a spec change needs no edit in the fake.

The spec ships as JSON beside the generated code; the fake compiles its schemas into checks that report problems
as FastAPI and pydantic do. These tests feed the validator the shipped spec, changed copies of it (produced by
the same tool `make generate` runs, no regeneration needed) and small synthetic schemas, and compare its verdicts
with jsonschema's on the spec.
"""

from __future__ import annotations

import ast
import copy
import functools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import mistral_fine_tuning._generated
import pytest
import yaml
from jsonschema import Draft202012Validator
from mistral_fine_tuning import _api
from mistral_fine_tuning.testing import _spec
from mistral_fine_tuning.testing._validate import (
    NotImplementedByFake,
    ParameterSet,
    RequestInvalid,
    SchemaCompiler,
    requests_from,
    search_pattern,
    validate_job_in,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tools import spec_json

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
TESTING = ROOT / "overlay" / "mistral_fine_tuning" / "testing"
FILE_A = "11111111-1111-4111-8111-111111111111"
FILE_B = "22222222-2222-4222-8222-222222222222"
WANDB_KEY = "k" * 40
LIST = _spec.LIST_OPERATION
CREATE = _spec.CREATE_OPERATION
GET = "jobs_api_routes_fine_tuning_get_fine_tuning_job"
# The error types pydantic v2 and FastAPI use; the fake reports no other.
PYDANTIC_TYPES = frozenset(
    {
        "missing",
        "string_type",
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "finite_number",
        "bool_type",
        "bool_parsing",
        "none_required",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "multiple_of",
        "list_type",
        "too_short",
        "too_long",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "extra_forbidden",
        "enum",
        "literal_error",
        "uuid_type",
        "uuid_parsing",
        "datetime_type",
        "datetime_parsing",
        "union_tag_invalid",
        "union_tag_not_found",
    }
)


def completion_body(**overrides: Any) -> dict[str, Any]:
    """A valid completion job with one of everything a completion job can hold."""
    body: dict[str, Any] = {
        "model": "open-mistral-7b",
        "training_files": [{"file_id": FILE_A, "weight": 1.0}],
        "validation_files": [FILE_B],
        "suffix": "my-model",
        "integrations": [{"type": "wandb", "project": "p", "name": "n", "api_key": WANDB_KEY, "run_name": "r"}],
        "auto_start": False,
        "invalid_sample_skip_percentage": 0.1,
        "job_type": "completion",
        "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001, "epochs": 1.5, "fim_ratio": 0.5},
        "repositories": [{"type": "github", "name": "r", "owner": "o", "ref": "main", "weight": 1.0, "token": "t"}],
    }
    body.update(overrides)
    return body


def classifier_body(**overrides: Any) -> dict[str, Any]:
    body = completion_body(
        job_type="classifier",
        hyperparameters={"training_steps": 10, "seq_len": 100},
        classifier_targets=[{"name": "t", "labels": ["a", "b"], "weight": 1.0, "loss_function": "multi_class"}],
    )
    del body["repositories"]
    body.update(overrides)
    return body


def problems(call: Callable[[], object]) -> list[tuple[tuple[Any, ...], str]]:
    """The (loc, type) of each error ``call`` raises RequestInvalid with; [] when it is accepted."""
    try:
        call()
    except RequestInvalid as exc:
        assert all(error["type"] in PYDANTIC_TYPES for error in exc.errors), exc.errors
        return [(tuple(error["loc"]), error["type"]) for error in exc.errors]
    return []


def details(call: Callable[[], object]) -> list[dict[str, Any]]:
    with pytest.raises(RequestInvalid) as caught:
        call()
    return caught.value.errors


def changed_spec(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A copy of openapi.yaml with ``change`` applied, turned into the JSON the fake reads by the generate tool."""
    copied = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC_PATH, copied)
    document = yaml.safe_load(copied.read_text())
    change(document)
    copied.write_text(yaml.safe_dump(document, sort_keys=False))
    output = tmp_path / "openapi.json"
    assert spec_json.main([str(copied), str(output)]) == 0
    decoded: dict[str, Any] = json.loads(output.read_text())
    return decoded


# --- the spec the fake reads -------------------------------------------------------------------------------------


def test_the_shipped_spec_is_openapi_yaml_in_the_same_order() -> None:
    document = yaml.safe_load(SPEC_PATH.read_text())
    shipped = _api.openapi_spec()
    assert shipped == document
    assert list(shipped["components"]["schemas"]) == list(document["components"]["schemas"])
    assert list(shipped["paths"]) == list(document["paths"])
    packaged = files(mistral_fine_tuning._generated).joinpath("openapi.json").read_text(encoding="utf-8")
    assert packaged == spec_json.yaml_to_json(SPEC_PATH.read_text())
    assert "\n" not in packaged.rstrip("\n")  # compact: one line


def test_the_fake_reaches_the_generated_code_only_through_the_seam() -> None:
    for path in sorted(TESTING.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "_generated" not in (node.module or ""), f"{path.name} imports {node.module}"
                assert all("_generated" not in alias.name for alias in node.names), path.name


def test_the_enums_and_operations_come_from_the_spec() -> None:
    schemas = _api.openapi_spec()["components"]["schemas"]
    assert tuple(schemas["FineTuneableModelType"]["enum"]) == _spec.JOB_TYPES
    assert tuple(schemas["FTClassifierLossFunction"]["enum"]) == _spec.LOSS_FUNCTIONS
    assert tuple(schemas["CompletionJobOut"]["properties"]["status"]["enum"]) == _spec.JOB_STATUSES
    names = [operation_id for operation_id, *_ in _spec.operations(_api.openapi_spec())]
    # The generated module names are the operationIds in snake case (a run of underscores becomes one).
    assert [re.sub("_+", "_", name) for name in names] == [name for name, _, _ in _spec.ROUTES]


# --- the shipped spec, next to jsonschema's verdict --------------------------------------------------------------


@functools.cache
def job_in_validator() -> Draft202012Validator:
    uri = "urn:fake-validation-test:openapi"
    resource: Resource[Any] = Resource.from_contents(_api.openapi_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(uri, resource)
    return Draft202012Validator({"$ref": f"{uri}#/components/schemas/JobIn"}, registry=registry)


def _members(schema: Any) -> list[dict[str, Any]]:
    """The object schemas ``schema`` may be (through references, nullable unions and unions of models)."""
    schema = _spec.resolve(_api.openapi_spec(), schema)
    found: list[dict[str, Any]] = []
    for key in ("anyOf", "oneOf"):
        for member in schema.get(key, ()):
            found.extend(_members(member))
    if "properties" in schema or schema.get("type") == "array":
        found.append(schema)
    return found


def objects_in(value: Any, schema: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], set[str]]]:
    """Every object in a body with the names its schema declares (all members' names, for a union of models)."""
    members = _members(schema)
    if isinstance(value, dict):
        names = {name for member in members for name in member.get("properties", {})}
        yield path, names
        for name, item in value.items():
            for member in members:
                if name in member.get("properties", {}):
                    yield from objects_in(item, member["properties"][name], (*path, name))
                    break
    elif isinstance(value, list):
        for member in members:
            if member.get("type") == "array":
                for index, item in enumerate(value):
                    yield from objects_in(item, member["items"], (*path, index))
                break


def at(body: dict[str, Any], path: tuple[Any, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


def mutations() -> Iterator[tuple[str, dict[str, Any], tuple[Any, ...]]]:
    """Bodies with one member of one object replaced by ``{}`` or ``[]`` (values lax mode never converts), or
    removed; with the location of the change."""
    job_in = {"$ref": "#/components/schemas/JobIn"}
    for name, body in (("completion", completion_body()), ("classifier", classifier_body())):
        for path, names in objects_in(body, job_in):
            for member in sorted(names):
                for label, value in (("{}", {}), ("[]", [])):
                    changed = copy.deepcopy(body)
                    at(changed, path)[member] = value
                    yield f"{name}:{'.'.join(map(str, (*path, member)))}={label}", changed, (*path, member)
                if member in at(body, path):
                    changed = copy.deepcopy(body)
                    del at(changed, path)[member]
                    yield f"{name}:{'.'.join(map(str, (*path, member)))} removed", changed, (*path, member)


MUTATIONS = list(mutations())


def test_the_mutations_reach_every_field_of_the_request() -> None:
    reached = {case.split(":", 1)[1].split("=")[0].removesuffix(" removed") for case, _, _ in MUTATIONS}
    job_in = _api.openapi_spec()["components"]["schemas"]["JobIn"]["properties"]
    assert set(job_in) <= reached  # a field added to JobIn is mutated too, with no edit here
    assert {"hyperparameters.fim_ratio", "integrations.0.run_name", "training_files.0.weight"} <= reached
    assert {"classifier_targets.0.loss_function", "repositories.0.token"} <= reached


@pytest.mark.parametrize(("body", "where"), [case[1:] for case in MUTATIONS], ids=[case[0] for case in MUTATIONS])
def test_the_fake_accepts_exactly_what_the_spec_accepts(body: dict[str, Any], where: tuple[Any, ...]) -> None:
    valid_for_the_spec = job_in_validator().is_valid(body)
    found = problems(lambda: validate_job_in(body))
    assert (not found) == valid_for_the_spec, found
    if found:
        assert any(loc[: 1 + len(where)] == ("body", *where) for loc, _ in found), found


# --- a spec change, rehearsed without regenerating and without editing the fake ----------------------------------


def test_a_new_body_field_and_a_new_string_constraint_need_no_edit_in_the_fake(tmp_path: Path) -> None:
    pattern = "^[a-z0-9._:-]+$"

    def change(document: dict[str, Any]) -> None:
        fields = document["components"]["schemas"]["JobIn"]["properties"]
        assert "pattern" not in fields["model"], "openapi.yaml already constrains JobIn.model: pick another field"
        fields["priority"] = {
            "anyOf": [{"type": "integer", "minimum": 1, "maximum": 5}, {"type": "null"}],
            "title": "Priority",
        }
        fields["model"].update(minLength=1, maxLength=40, pattern=pattern)

    requests = requests_from(changed_spec(tmp_path, change))

    def check(**overrides: Any) -> list[tuple[tuple[Any, ...], str]]:
        return problems(lambda: validate_job_in(completion_body(**overrides), requests))

    assert check(priority=3, model="open-mistral-7b") == []
    assert check(priority="4") == []  # lax mode, as pydantic
    assert check(priority=None) == []
    assert check(priority={}) == [(("body", "priority"), "int_type")]
    assert check(priority="high") == [(("body", "priority"), "int_parsing")]
    assert check(priority=2.5) == [(("body", "priority"), "int_from_float")]
    assert check(priority=True) == [(("body", "priority"), "int_type")]
    assert check(priority=9) == [(("body", "priority"), "less_than_equal")]
    assert check(priority=0) == [(("body", "priority"), "greater_than_equal")]
    assert check(model="") == [(("body", "model"), "string_too_short")]
    assert check(model="m" * 41) == [(("body", "model"), "string_too_long")]
    assert check(model="Open Mistral") == [(("body", "model"), "string_pattern_mismatch")]
    assert check(model="abc\n") == [(("body", "model"), "string_pattern_mismatch")]  # `$` is the very end
    [mismatch] = details(lambda: validate_job_in(completion_body(model="a b"), requests))
    assert mismatch == {
        "type": "string_pattern_mismatch",
        "loc": ["body", "model"],
        "msg": f"String should match pattern '{pattern}'",
        "input": "a b",
        "ctx": {"pattern": pattern},
    }
    [short] = details(lambda: validate_job_in(completion_body(model=""), requests))
    assert (short["msg"], short["ctx"]) == ("String should have at least 1 character", {"min_length": 1})
    # The spec as shipped has neither: priority is an unknown field (ignored), the model any string.
    assert problems(lambda: validate_job_in(completion_body(priority={}, model="Open Mistral"))) == []


def test_unknown_fields_are_refused_once_the_spec_forbids_them(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        document["components"]["schemas"]["JobIn"]["additionalProperties"] = False
        document["components"]["schemas"]["WandbIntegration"]["additionalProperties"] = {"type": "string"}

    requests = requests_from(changed_spec(tmp_path, change))
    body = completion_body(extra=1)
    body["integrations"][0]["tag"] = 5
    [tag, extra] = details(lambda: validate_job_in(body, requests))  # fields first, then unknown members
    assert (extra["type"], extra["loc"], extra["msg"], extra["input"]) == (
        "extra_forbidden",
        ["body", "extra"],
        "Extra inputs are not permitted",
        1,
    )
    assert (tag["type"], tag["loc"]) == ("string_type", ["body", "integrations", 0, "tag"])
    assert problems(lambda: validate_job_in(completion_body(extra=1))) == []  # the shipped spec ignores them


def test_query_parameters_follow_their_schemas_bounds_enums_and_arrays(tmp_path: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        parameters = document["paths"]["/v1/fine_tuning/jobs"]["get"]["parameters"]
        by_name = {parameter["name"]: parameter for parameter in parameters}
        by_name["page"]["schema"]["minimum"] = 0
        by_name["page_size"]["schema"].update(minimum=1, maximum=1000)
        parameters.append(
            {
                "name": "sample_type",
                "in": "query",
                "required": False,
                "schema": {
                    "anyOf": [
                        {"type": "array", "items": {"type": "string", "enum": ["pretrain", "instruct"]}},
                        {"type": "null"},
                    ]
                },
            }
        )

    listing = requests_from(changed_spec(tmp_path, change))[LIST]
    assert problems(lambda: listing.query({"page": ["-1"]})) == [(("query", "page"), "greater_than_equal")]
    assert problems(lambda: listing.query({"page_size": ["5000"]})) == [(("query", "page_size"), "less_than_equal")]
    assert problems(lambda: listing.query({"page_size": ["0"], "status": ["DONE"]})) == [
        (("query", "page_size"), "greater_than_equal"),
        (("query", "status"), "enum"),
    ]
    values = listing.query({"sample_type": ["pretrain", "instruct"], "page": ["1", "2"]})
    assert (values["sample_type"], values["page"], values["page_size"]) == (["pretrain", "instruct"], 2, 100)
    assert listing.query({})["sample_type"] is None
    assert problems(lambda: listing.query({"sample_type": ["pretrain", "other"]})) == [
        (("query", "sample_type", 1), "enum")
    ]
    [bound] = details(lambda: listing.query({"page": ["-1"]}))
    assert bound == {
        "type": "greater_than_equal",
        "loc": ["query", "page"],
        "msg": "Input should be greater than or equal to 0",
        "input": "-1",
        "ctx": {"ge": 0},
    }
    shipped = requests_from(_api.openapi_spec())[LIST]
    assert shipped.query({"page": ["-1"]})["page"] == -1  # the shipped spec bounds neither


def test_query_values_are_converted_as_pydantic_lax_mode_does() -> None:
    listing = requests_from(_api.openapi_spec())[LIST]
    values = listing.query(
        {"page": [" 3 "], "page_size": ["10.0"], "created_by_me": ["Yes"], "created_after": ["1700000000"]}
    )
    assert (values["page"], values["page_size"], values["created_by_me"]) == (3, 10, True)
    assert values["created_after"] == 1700000000.0
    assert listing.query({"created_before": ["2024-01-01T00:00:00Z"]})["created_before"] == 1704067200.0
    assert listing.query_defaults == {
        "page": 0,
        "page_size": 100,
        "model": None,
        "created_after": None,
        "created_before": None,
        "created_by_me": False,
        "status": None,
        "wandb_project": None,
        "wandb_name": None,
        "suffix": None,
    }


def test_path_ids_are_checked_as_the_real_api_checks_uuids() -> None:
    get = requests_from(_api.openapi_spec())[GET]
    assert get.path({"job_id": FILE_A.upper()}) == {"job_id": FILE_A}
    [wrong] = details(lambda: get.path({"job_id": FILE_A.replace("-", "")}))
    assert (wrong["type"], wrong["loc"]) == ("uuid_parsing", ["path", "job_id"])


# --- the JSON Schema the validator reads ------------------------------------------------------------------------


def compiled(schema: dict[str, Any], **components: Any) -> Callable[[Any], tuple[Any, list[dict[str, Any]]]]:
    """A synthetic schema compiled alone: returns (converted value, errors) for a value at loc ["body"]."""
    check = SchemaCompiler({"components": {"schemas": components}}, overrides={}).compile(schema, "#/test")

    def run(value: Any) -> tuple[Any, list[dict[str, Any]]]:
        errors: list[dict[str, Any]] = []
        result = check(value, ("body",), errors)
        return result, errors

    return run


def kinds(errors: list[dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    return [(tuple(error["loc"]), error["type"]) for error in errors]


def test_a_discriminated_union_reports_the_branch_under_its_tag() -> None:
    cat = {"type": "object", "title": "Cat", "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}}}
    dog = {"type": "object", "title": "Dog", "properties": {"kind": {"const": "dog"}, "good": {"type": "boolean"}}}
    run = compiled(
        {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
        },
        Cat=cat,
        Dog=dog,
    )
    assert run({"kind": "cat", "lives": "9"}) == ({"kind": "cat", "lives": 9}, [])
    assert run({"kind": "dog", "good": "yes"}) == ({"kind": "dog", "good": True}, [])  # tag from the const
    assert kinds(run({"kind": "cat", "lives": "many"})[1]) == [(("body", "cat", "lives"), "int_parsing")]
    [invalid] = run({"kind": "cow"})[1]
    assert invalid["type"] == "union_tag_invalid"
    assert invalid["ctx"] == {"discriminator": "'kind'", "tag": "cow", "expected_tags": "'cat', 'dog'"}
    assert invalid["msg"] == "Input tag 'cow' found using 'kind' does not match any of the expected tags: 'cat', 'dog'"
    assert kinds(run({"lives": 1})[1]) == [(("body",), "union_tag_not_found")]
    assert kinds(run([1])[1]) == [(("body",), "model_attributes_type")]


def test_a_union_without_discriminator_is_pydantics_smart_union() -> None:
    run = compiled({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 3}]})
    assert run("12") == ("12", [])  # the exact type first: a string stays a string
    assert run(12) == (12, [])
    assert run(12.0) == (12, [])
    assert run("12345") == (12345, [])  # no exact fit: lax mode, member by member
    assert kinds(run("abcde")[1]) == [
        (("body", "int"), "int_parsing"),
        (("body", "constrained-str"), "string_too_long"),
    ]
    nullable = compiled({"type": ["integer", "null"], "minimum": 1})
    assert nullable(None) == (None, [])
    assert kinds(nullable(0)[1]) == [(("body",), "greater_than_equal")]  # X | null reports X's errors alone


def test_object_array_and_scalar_keywords() -> None:
    run = compiled(
        {
            "type": "object",
            "title": "Thing",
            "required": ["tags"],
            "properties": {
                "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
                "id": {"type": "string", "format": "uuid"},
                "at": {"type": "string", "format": "date-time"},
                "step": {"type": "number", "exclusiveMaximum": 1, "multipleOf": 0.25},
                "kind": {"type": "string", "enum": ["a", "b"]},
                "fixed": {"const": 3},
            },
            "additionalProperties": False,
        }
    )
    value, errors = run({"tags": ["x"], "id": "{" + FILE_A.upper() + "}", "at": "2024-01-01T00:00:00Z", "step": 0.5})
    assert errors == []
    assert value == {"tags": ["x"], "id": FILE_A, "at": 1704067200.0, "step": 0.5}
    assert kinds(run({})[1]) == [(("body", "tags"), "missing")]
    assert kinds(run({"tags": []})[1]) == [(("body", "tags"), "too_short")]
    assert kinds(run({"tags": ["a", "b", "c"]})[1]) == [(("body", "tags"), "too_long")]
    assert kinds(run({"tags": [1]})[1]) == [(("body", "tags", 0), "string_type")]
    assert kinds(run({"tags": ["a"], "id": "nope"})[1]) == [(("body", "id"), "uuid_parsing")]
    assert kinds(run({"tags": ["a"], "at": "soon"})[1]) == [(("body", "at"), "datetime_parsing")]
    assert kinds(run({"tags": ["a"], "step": 1})[1]) == [(("body", "step"), "less_than")]
    assert kinds(run({"tags": ["a"], "step": 0.3})[1]) == [(("body", "step"), "multiple_of")]
    assert kinds(run({"tags": ["a"], "kind": "c"})[1]) == [(("body", "kind"), "enum")]
    assert kinds(run({"tags": ["a"], "fixed": "3"})[1]) == [(("body", "fixed"), "literal_error")]
    assert kinds(run({"tags": ["a"], "other": 1})[1]) == [(("body", "other"), "extra_forbidden")]
    [not_a_model] = run("text")[1]
    assert not_a_model["type"] == "model_type"
    assert not_a_model["ctx"] == {"class_name": "Thing"}


def test_a_keyword_the_fake_cannot_check_is_a_501_when_reached_never_skipped() -> None:
    run = compiled({"type": "object", "properties": {"odd": {"type": "integer", "not": {"const": 3}}}})
    assert run({}) == ({}, [])
    with pytest.raises(NotImplementedByFake, match="'not'"):
        run({"odd": 1})


def test_pattern_dollar_means_the_end_of_the_string() -> None:
    assert search_pattern("^a$").search("a\n") is None
    assert search_pattern("^a$").search("a") is not None
    assert search_pattern(r"^[$]\$$").search("$$") is not None
    assert search_pattern("^[]$]+$").search("]$") is not None
    assert search_pattern("b").search("abc") is not None  # searched, not anchored, as JSON Schema says


def test_form_fields_are_checked_like_query_parameters() -> None:
    # What a multipart upload's text fields will go through: an object schema's properties, values as text.
    upload = {
        "type": "object",
        "required": ["purpose"],
        "properties": {
            "purpose": {"type": "string", "enum": ["fine-tune", "batch"]},
            "expiry_days": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "default": 30},
        },
    }
    compiler = SchemaCompiler({"components": {"schemas": {"Upload": upload}}}, overrides={})
    fields = ParameterSet.of_object(compiler, "body", {"$ref": "#/components/schemas/Upload"}, "#/upload")
    errors: list[dict[str, Any]] = []
    assert fields.validate({"purpose": ["fine-tune"], "expiry_days": ["7"]}, errors) == {
        "purpose": "fine-tune",
        "expiry_days": 7,
    }
    assert fields.validate({"purpose": "batch"}, errors)["expiry_days"] == 30
    assert errors == []
    fields.validate({"expiry_days": ["0"]}, errors)
    assert kinds(errors) == [(("body", "purpose"), "missing"), (("body", "expiry_days"), "greater_than_equal")]
