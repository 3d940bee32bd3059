"""Property-based round trips of the generated models on random payloads drawn from ``openapi.yaml`` itself.

The strategies are built from the schemas (types, enums, consts, required sets, lengths, patterns, bounds, items), so
a constraint added or changed in the spec shapes the payloads of the very next run; a schema keyword they do not
understand fails every run instead of being ignored. On top of what the spec allows they add what the API may also
send: unknown keys at every level and, unless asked not to, enum strings and union members of kinds this client does
not know. `Model.from_dict(p).to_dict() == p` must hold for all of them, for every model of the spec.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from mistral_fine_tuning._generated import models
from mistral_fine_tuning._generated.types import UNSET, UnknownVariant
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
SPEC_URI = "urn:test-models-properties:openapi"
REF = "#/components/schemas/"
# Each example of a detailed job costs a few milliseconds to draw and check; these counts keep the file at a few
# seconds. MODEL_PROPERTY_EXAMPLES=2000 (say) runs a deeper search.
MAX_EXAMPLES = int(os.environ.get("MODEL_PROPERTY_EXAMPLES", "60"))
EXAMPLES = settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_EXAMPLES = settings(
    max_examples=max(15, MAX_EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
Strategy = st.SearchStrategy


@functools.cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def schema_of(name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec()["components"]["schemas"][name]
    return found


def model_class(schema: str) -> type[Any]:
    """The generated class of a schema: its own name, or the one generator-config.yaml gives it."""
    config = yaml.safe_load((ROOT / "generator-config.yaml").read_text())
    name = config.get("class_overrides", {}).get(schema, {}).get("class_name", schema)
    cls: type[Any] = getattr(models, name)
    return cls


# --- strategies from the spec ----------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalar = st.none() | st.booleans() | st.integers() | finite | st.text(max_size=8)
json_value: Strategy[Any] = st.recursive(
    json_scalar,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=5,
)
TEXT_MAX = 12  # strings the spec does not bound: short, as the bounds are where the interest is
LIST_MAX = 2
INTEGER_RANGE = 2**53  # beyond it a JSON number is no longer exact in most readers

# Keywords that only describe: no bearing on what a value may be.
ANNOTATIONS = frozenset({"title", "description", "default", "examples", "example", "deprecated"})
UNDERSTOOD = frozenset(
    {
        "$ref",
        "const",
        "enum",
        "anyOf",
        "oneOf",
        "discriminator",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
FORMATS = frozenset({"date-time", "password", "binary"})  # password: a hint for reprs, any string; binary: bytes


class UnsupportedSchema(Exception):
    """A schema keyword or format the strategies cannot honour: the strategies must learn it."""


@dataclass(frozen=True)
class Mode:
    """What to add to what the spec allows: `unknown` values and union members, `extras` (unknown keys)."""

    unknown: bool = True
    extras: bool = True


def number(node: dict[str, Any]) -> Strategy[Any]:
    """A JSON number within the node's bounds: a float, or sometimes an integer in range."""
    low, high = node.get("minimum"), node.get("maximum")
    exclusive_low, exclusive_high = "exclusiveMinimum" in node, "exclusiveMaximum" in node
    if exclusive_low:
        low = node["exclusiveMinimum"] if low is None else max(low, node["exclusiveMinimum"])
    if exclusive_high:
        high = node["exclusiveMaximum"] if high is None else min(high, node["exclusiveMaximum"])
    floats = st.floats(
        min_value=low,
        max_value=high,
        allow_nan=False,
        allow_infinity=False,
        exclude_min=exclusive_low,
        exclude_max=exclusive_high,
    )
    lowest = -INTEGER_RANGE if low is None else int(low) + (1 if exclusive_low or int(low) < low else 0)
    highest = INTEGER_RANGE if high is None else int(high) - (1 if exclusive_high and int(high) == high else 0)
    return floats if lowest > highest else floats | st.integers(min_value=lowest, max_value=highest)


def integer(node: dict[str, Any]) -> Strategy[int]:
    low = node.get("minimum", -INTEGER_RANGE)
    high = node.get("maximum", INTEGER_RANGE)
    if "exclusiveMinimum" in node:
        low = max(low, node["exclusiveMinimum"] + 1)
    if "exclusiveMaximum" in node:
        high = min(high, node["exclusiveMaximum"] - 1)
    return st.integers(min_value=low, max_value=high)


def string(node: dict[str, Any]) -> Strategy[Any]:
    """A string within the node's length bounds, matching its pattern (searched, as JSON Schema does); bytes for a
    binary one (a file's contents, sent as a multipart part)."""
    shortest: int = node.get("minLength", 0)
    longest: int | None = node.get("maxLength")
    if node.get("format") == "binary":
        return st.binary(max_size=TEXT_MAX)
    if node.get("format") == "date-time":
        return st.datetimes(timezones=st.just(datetime.UTC)).map(lambda moment: moment.isoformat())
    if "pattern" not in node:
        return st.text(min_size=shortest, max_size=max(shortest, TEXT_MAX) if longest is None else longest)
    pattern: str = node["pattern"]
    anchored = pattern.startswith("^") and pattern.endswith("$")
    drawn = st.from_regex(pattern, fullmatch=anchored)
    return drawn.filter(lambda text: shortest <= len(text) and (longest is None or len(text) <= longest))


class Strategies:
    """Hypothesis strategies for the schemas of a spec, in one `Mode`."""

    def __init__(self, document: dict[str, Any], mode: Mode) -> None:
        self.schemas: dict[str, Any] = document["components"]["schemas"]
        self.mode = mode
        self._named: dict[tuple[str, str | None], Strategy[Any]] = {}

    def named(self, name: str, tag: str | None = None) -> Strategy[Any]:
        """The strategy of a component schema; with `tag`, that property is always present (a union's tag)."""
        key = (name, tag)
        if key not in self._named:
            self._named[key] = st.deferred(lambda: self.build(self.schemas[name], name, tag))
            self.build(self.schemas[name], name, tag)  # fail now, not at the first draw, on what is not understood
        return self._named[key]

    def build(self, node: dict[str, Any], where: str, tag: str | None = None) -> Strategy[Any]:
        """The values `node` allows (plus what the mode adds); `where` names it in errors."""
        unknown = {key for key in node if not key.startswith("x-")} - UNDERSTOOD - ANNOTATIONS
        if unknown:
            raise UnsupportedSchema(f"{where}: the strategies do not understand {sorted(unknown)}")
        if node.get("format") is not None and node["format"] not in FORMATS:
            raise UnsupportedSchema(f"{where}: the strategies do not understand format {node['format']!r}")
        if "$ref" in node:
            return self.named(node["$ref"].removeprefix(REF), tag)
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            known: Strategy[Any] = st.sampled_from(node["enum"])
            if self.mode.unknown:
                values = set(node["enum"])
                known |= st.text(max_size=20).filter(lambda text: text not in values)
            return known
        for combinator in ("anyOf", "oneOf"):
            if combinator in node:
                return self.union(node, combinator, where)
        kind = node.get("type")
        if isinstance(kind, list):
            return st.one_of([self.build({**node, "type": one}, where) for one in kind])
        builders: dict[str | None, Callable[[], Strategy[Any]]] = {
            None: lambda: json_value,
            "null": st.none,
            "boolean": st.booleans,
            "integer": lambda: integer(node),
            "number": lambda: number(node),
            "string": lambda: string(node),
            "array": lambda: self.array(node, where),
            "object": lambda: self.object(node, where, tag),
        }
        if kind not in builders:
            raise UnsupportedSchema(f"{where}: the strategies do not understand type {kind!r}")
        return builders[kind]()

    def union(self, node: dict[str, Any], combinator: str, where: str) -> Strategy[Any]:
        discriminator = node.get("discriminator")
        tag = discriminator["propertyName"] if discriminator else None
        members = [self.build(member, f"{where}.{combinator}[{i}]", tag) for i, member in enumerate(node[combinator])]
        drawn = st.one_of(members)
        if discriminator is None or not self.mode.unknown:
            return drawn
        known = set(discriminator.get("mapping", {}))
        # A member of a kind this client does not know (with what every kind has), and a known one that lost its tag.
        unknown_tags = st.text(max_size=10).filter(lambda value: value not in known)
        foreign = st.tuples(drawn, unknown_tags).map(lambda parts: {**parts[0], tag: parts[1]})
        untagged = drawn.map(lambda item: {key: value for key, value in item.items() if key != tag})
        return drawn | foreign | untagged

    def array(self, node: dict[str, Any], where: str) -> Strategy[list[Any]]:
        items = self.build(node.get("items", {}), f"{where}.items")
        shortest = node.get("minItems", 0)
        return st.lists(items, min_size=shortest, max_size=node.get("maxItems", max(shortest, LIST_MAX)))

    def object(self, node: dict[str, Any], where: str, tag: str | None) -> Strategy[dict[str, Any]]:
        properties: dict[str, Any] = node.get("properties", {})
        additional = node.get("additionalProperties", True)
        if not properties:
            values = json_value if additional in (True, {}) else self.build(additional, f"{where}.additionalProperties")
            return st.dictionaries(st.text(max_size=6), values, max_size=3) if additional is not False else st.just({})
        required = set(node.get("required", [])) | ({tag} if tag in properties else set())
        drawn = {name: self.build(schema, f"{where}.{name}") for name, schema in properties.items()}
        base = st.fixed_dictionaries(
            {name: drawn[name] for name in properties if name in required},
            optional={name: drawn[name] for name in properties if name not in required},
        )
        if not self.mode.extras or additional is False:
            return base
        extra_values = json_value if additional in (True, {}) else self.build(additional, where)
        extra_keys = st.text(min_size=1, max_size=10).filter(lambda key: key not in properties)
        extras = st.dictionaries(extra_keys, extra_values, max_size=2)
        return st.tuples(base, extras).map(lambda parts: {**parts[1], **parts[0]})


@functools.cache
def strategies(*, unknown: bool = True, extras: bool = True) -> Strategies:
    return Strategies(spec(), Mode(unknown=unknown, extras=extras))


def payloads(schema: str, *, unknown: bool = True, extras: bool = True) -> Strategy[dict[str, Any]]:
    drawn: Strategy[dict[str, Any]] = strategies(unknown=unknown, extras=extras).named(schema)
    return drawn


# --- what the spec says about the models ---------------------------------------------------------------------------

OBJECT_SCHEMAS = sorted(name for name, schema in spec()["components"]["schemas"].items() if schema.get("properties"))
STATUS = schema_of("CompletionJobOut")["properties"]["status"]
JOB_SCHEMAS = sorted(name for name in OBJECT_SCHEMAS if schema_of(name)["properties"].get("status") == STATUS)
LOSS_FUNCTIONS: list[str] = schema_of("FTClassifierLossFunction")["enum"]
PAGE_ITEMS = schema_of("JobsOut")["properties"]["data"]["items"]
PAGE_KINDS = {tag: ref.removeprefix(REF) for tag, ref in PAGE_ITEMS["discriminator"]["mapping"].items()}
PAGE_TAG: str = PAGE_ITEMS["discriminator"]["propertyName"]
SPECIFIC = {*JOB_SCHEMAS, "JobsOut"}  # their own tests below add checks of enums and unions
# Bodies sent as multipart/form-data (a file and its form fields), not JSON: no JSON round trip or JSON validation.
MULTIPART = {
    body["schema"]["$ref"].removeprefix(REF)
    for item in spec()["paths"].values()
    for operation in item.values()
    if isinstance(operation, dict)
    for media, body in operation.get("requestBody", {}).get("content", {}).items()
    if media == "multipart/form-data"
}


# --- checks --------------------------------------------------------------------------------------------------------


@functools.cache
def validator(schema: str) -> Draft202012Validator:
    resource: Resource[Any] = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/{schema}"}, registry=registry)


def assert_same_json(actual: Any, expected: Any, where: str = "$") -> None:
    """Equal as JSON, with the same Python type at every leaf (an enum member or a tuple would fail)."""
    assert type(actual) is type(expected), f"{where}: {type(actual).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert set(actual) == set(expected), where
        for key, value in expected.items():
            assert_same_json(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), where
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            assert_same_json(left, right, f"{where}[{index}]")
    else:
        assert actual == expected, where


def round_trip(cls: type[Any], payload: dict[str, Any]) -> Any:
    snapshot = copy.deepcopy(payload)
    parsed = cls.from_dict(payload)
    emitted = parsed.to_dict()
    assert_same_json(emitted, snapshot)
    assert payload == snapshot, "the input was changed"
    assert json.loads(json.dumps(emitted)) == snapshot
    assert parsed.additional_properties == {k: v for k, v in payload.items() if k not in cls.JSON_FIELDS}
    absent = cls.JSON_FIELDS - set(payload)
    attributes = {name: attribute for attribute, name in cls._FIELD_NAMES}
    for field in absent:  # a response model reads an absent field as None, [] or its const; a request one as UNSET
        value = getattr(parsed, attributes[field])
        if cls._IS_REQUEST:
            assert value is UNSET, field
        else:
            assert value is None or value == [] or value == cls.CONSTS.get(field), field
    assert parsed.model_fields_set == set(payload) & cls.JSON_FIELDS
    assert parsed.model_dump(mode="json", exclude_unset=True) == snapshot
    assert json.loads(parsed.model_dump_json(exclude_unset=True)) == snapshot
    return parsed


def check_enum(value: Any, raw: str, known: list[str]) -> None:
    """A generated enum member that equals the raw string, named after it, or UNKNOWN when the spec lacks it."""
    assert value == raw
    assert str(value) == raw
    if raw in known:
        assert value.name in {raw, raw.upper()}
    else:
        assert value.name == "UNKNOWN"


# --- round trips ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("schema", JOB_SCHEMAS)
@EXAMPLES
@given(data=st.data())
def test_job_round_trip(schema: str, data: st.DataObject) -> None:
    payload = data.draw(payloads(schema))
    parsed = round_trip(model_class(schema), payload)
    check_enum(parsed.status, payload["status"], STATUS["enum"])
    hyperparameters = schema_of(schema)["properties"]["hyperparameters"]["$ref"].removeprefix(REF)
    assert isinstance(parsed.hyperparameters, model_class(hyperparameters))
    for target, raw in zip(
        getattr(parsed, "classifier_targets", []), payload.get("classifier_targets") or [], strict=True
    ):
        check_enum(target.loss_function, raw["loss_function"], LOSS_FUNCTIONS)
    if "events" in payload:
        assert [event.created_at for event in parsed.events] == [event["created_at"] for event in payload["events"]]


@EXAMPLES
@given(payloads("JobsOut"))
def test_jobs_page_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(model_class("JobsOut"), payload)
    if not payload.get("data"):
        return
    assert isinstance(parsed.data, list)
    for item, raw in zip(parsed.data, payload["data"], strict=True):
        kind = raw.get(PAGE_TAG)
        if kind in PAGE_KINDS:
            assert type(item) is model_class(PAGE_KINDS[kind])
        else:
            assert isinstance(item, UnknownVariant)
            assert item.raw == raw
            assert item.tag_value == kind


@pytest.mark.parametrize("schema", [name for name in OBJECT_SCHEMAS if name not in SPECIFIC | MULTIPART])
@SMALL_EXAMPLES
@given(data=st.data())
def test_every_other_model_round_trips(schema: str, data: st.DataObject) -> None:
    round_trip(model_class(schema), data.draw(payloads(schema)))


# --- the strategies follow the spec --------------------------------------------------------------------------------


@pytest.mark.parametrize("schema", [name for name in OBJECT_SCHEMAS if name not in MULTIPART])
@SMALL_EXAMPLES
@given(data=st.data())
def test_drawn_payloads_are_valid_against_the_spec(schema: str, data: st.DataObject) -> None:
    validator(schema).validate(data.draw(payloads(schema, unknown=False)))


def test_every_schema_of_the_spec_has_a_strategy() -> None:
    for name in spec()["components"]["schemas"]:
        strategies().named(name)
        strategies(unknown=False, extras=False).named(name)


@pytest.mark.parametrize(
    "node",
    [
        {"type": "string", "format": "email"},
        {"type": "number", "multipleOf": 0.5},
        {"type": "array", "uniqueItems": True},
        {"allOf": [{"type": "string"}]},
        {"type": "decimal"},
    ],
)
def test_a_keyword_the_strategies_do_not_know_fails_loudly(node: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchema):
        strategies().build(node, "here")


def constrained_spec() -> dict[str, Any]:
    """openapi.yaml with a made-up tighter rule on JobIn.suffix, as a spec change would bring."""
    document = copy.deepcopy(spec())
    suffix = document["components"]["schemas"]["JobIn"]["properties"]["suffix"]
    suffix["anyOf"][0].update({"minLength": 2, "maxLength": 3, "pattern": "^[xyz]+$"})
    document["components"]["schemas"]["JobIn"]["required"].append("suffix")
    return document


@SMALL_EXAMPLES
@given(Strategies(constrained_spec(), Mode(unknown=False)).named("JobIn"))
def test_a_constraint_added_to_the_spec_shapes_the_next_draws(payload: dict[str, Any]) -> None:
    suffix = payload["suffix"]
    assert suffix is None or re.fullmatch("[xyz]{2,3}", suffix)
