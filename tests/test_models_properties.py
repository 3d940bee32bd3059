"""Property-based round trips of the generated models on random valid payloads.

The strategies build JSON objects the way the API may send them: every optional field independently present or absent
(and null where the spec allows it), unknown extra keys at every level, and, unless asked not to, status and loss
function strings this client does not know. `Model.from_dict(p).to_dict() == p` must hold for all of them.
"""

from __future__ import annotations

import copy
import functools
import json
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from mistral_fine_tuning._generated.models import (
    ClassifierDetailedJobOut,
    ClassifierDetailedJobOutStatus,
    ClassifierJobOut,
    ClassifierJobOutStatus,
    ClassifierTrainingParameters,
    CompletionDetailedJobOut,
    CompletionDetailedJobOutStatus,
    CompletionJobOut,
    CompletionJobOutStatus,
    CompletionTrainingParameters,
    FTClassifierLossFunction,
    JobIn,
    JobsOut,
    LegacyJobMetadataOut,
)
from mistral_fine_tuning._generated.types import UNSET, UnknownVariant
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:test-models-properties:openapi"
# Each example of a job costs a few milliseconds to generate; 80 per test keeps the file at a few seconds.
# MODEL_PROPERTY_EXAMPLES=2000 (say) runs a deeper search.
MAX_EXAMPLES = int(os.environ.get("MODEL_PROPERTY_EXAMPLES", "80"))
EXAMPLES = settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STATUSES = [
    "QUEUED",
    "STARTED",
    "VALIDATING",
    "VALIDATED",
    "RUNNING",
    "FAILED_VALIDATION",
    "FAILED",
    "SUCCESS",
    "CANCELLED",
    "CANCELLATION_REQUESTED",
]
LOSS_FUNCTIONS = ["single_class", "multi_class"]
Strategy = st.SearchStrategy

# --- JSON building blocks ------------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
json_scalar = st.none() | st.booleans() | st.integers() | finite | st.text(max_size=8)
json_value: Strategy[Any] = st.recursive(
    json_scalar,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=5,
)
short_text = st.text(max_size=12)
ids = st.uuids().map(str) | short_text  # the server's ids, as read back: any string
file_ids = st.uuids().map(str)  # ids a request sends: the spec asks for UUIDs
timestamps = st.integers(min_value=0, max_value=2**40)
counts = st.integers(min_value=0, max_value=2**40)


def nullable(strategy: Strategy[Any]) -> Strategy[Any]:
    return st.none() | strategy


def number(low: float | None = None, high: float | None = None, *, exclusive_low: bool = False) -> Strategy[Any]:
    """A JSON number in [low, high] (or (low, high]): a float, or sometimes an integer in range."""
    floats = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False, exclude_min=exclusive_low)
    lo = None if low is None else int(low) + (1 if exclusive_low or int(low) < low else 0)
    hi = None if high is None else int(high)
    if lo is not None and hi is not None and lo > hi:
        return floats
    return floats | st.integers(min_value=lo, max_value=hi)


def json_object(
    required: dict[str, Strategy[Any]], optional: dict[str, Strategy[Any]], extras: bool
) -> Strategy[dict[str, Any]]:
    """An object with the required keys, each optional key present or not, and maybe an unknown key or two."""
    known = set(required) | set(optional)
    base = st.fixed_dictionaries(required, optional=optional)
    if not extras:
        return base
    unknown_keys = st.text(min_size=1, max_size=10).filter(lambda key: key not in known)
    unknown = st.dictionaries(unknown_keys, json_value, max_size=2)
    return st.tuples(base, unknown).map(lambda parts: {**parts[1], **parts[0]})


# --- the schemas -----------------------------------------------------------------------------------------------------


def status(unknown: bool) -> Strategy[str]:
    known = st.sampled_from(STATUSES)
    return known | st.text(max_size=20) if unknown else known


def training_parameters(completion: bool, extras: bool) -> Strategy[dict[str, Any]]:
    optional: dict[str, Strategy[Any]] = {
        "training_steps": nullable(st.integers(min_value=1, max_value=10**6)),
        "learning_rate": number(1e-8, 1),
        "weight_decay": nullable(number(0, 1)),
        "warmup_fraction": nullable(number(0, 1)),
        "epochs": nullable(number(0, 1000, exclusive_low=True)),
        "seq_len": nullable(st.integers(min_value=100, max_value=10**6)),
    }
    if completion:
        optional["fim_ratio"] = nullable(number(0, 1))
    return json_object({}, optional, extras)


def job_metadata(extras: bool) -> Strategy[dict[str, Any]]:
    optional = {
        "expected_duration_seconds": nullable(counts),
        "cost": nullable(number(0, 10**6)),
        "cost_currency": nullable(short_text),
        "train_tokens_per_step": nullable(counts),
        "train_tokens": nullable(counts),
        "data_tokens": nullable(counts),
        "estimated_start_time": nullable(timestamps),
    }
    return json_object({}, optional, extras)


def wandb_integration_out(extras: bool) -> Strategy[dict[str, Any]]:
    optional = {
        "type": st.just("wandb"),
        "name": nullable(short_text),
        "run_name": nullable(short_text),
        "url": nullable(short_text),
    }
    return json_object({"project": short_text}, optional, extras)


def github_repository_out(extras: bool) -> Strategy[dict[str, Any]]:
    optional = {"type": st.just("github"), "ref": nullable(short_text), "weight": number(0, 100, exclusive_low=True)}
    required = {
        "name": short_text,
        "owner": short_text,
        "commit_id": st.binary(min_size=20, max_size=20).map(bytes.hex),
    }
    return json_object(required, optional, extras)


def event(extras: bool) -> Strategy[dict[str, Any]]:
    data = nullable(st.dictionaries(st.text(max_size=6), json_value, max_size=3))
    return json_object({"name": short_text, "created_at": timestamps}, {"data": data}, extras)


def checkpoint(extras: bool) -> Strategy[dict[str, Any]]:
    metrics = json_object(
        {},
        {name: nullable(finite) for name in ("train_loss", "valid_loss", "valid_mean_token_accuracy")},
        extras,
    )
    return json_object({"metrics": metrics, "step_number": counts, "created_at": timestamps}, {}, extras)


def classifier_target_out(unknown: bool, extras: bool) -> Strategy[dict[str, Any]]:
    loss = st.sampled_from(LOSS_FUNCTIONS)
    required = {
        "name": short_text,
        "labels": st.lists(short_text, max_size=3),
        "weight": finite,
        "loss_function": loss | st.text(max_size=12) if unknown else loss,
    }
    return json_object(required, {}, extras)


def job(kind: str, detailed: bool, *, unknown: bool = True, extras: bool = True) -> Strategy[dict[str, Any]]:
    """A job of `kind` ("completion" or "classifier"), short or detailed."""
    completion = kind == "completion"
    required: dict[str, Strategy[Any]] = {
        "id": ids,
        "auto_start": st.booleans(),
        "model": short_text,
        "status": status(unknown),
        "created_at": timestamps,
        "modified_at": timestamps,
        "training_files": st.lists(ids, max_size=2),
        "hyperparameters": training_parameters(completion, extras),
    }
    optional: dict[str, Strategy[Any]] = {
        "validation_files": nullable(st.lists(ids, max_size=2)),
        "object": st.just("job"),
        "fine_tuned_model": nullable(short_text),
        "suffix": nullable(short_text),
        "integrations": nullable(st.lists(wandb_integration_out(extras), max_size=2)),
        "trained_tokens": nullable(counts),
        "metadata": nullable(job_metadata(extras)),
        "job_type": st.just(kind),
    }
    if completion:
        optional["repositories"] = st.lists(github_repository_out(extras), max_size=2)
    if detailed:
        optional["events"] = st.lists(event(extras), max_size=2)
        optional["checkpoints"] = st.lists(checkpoint(extras), max_size=2)
        if not completion:
            required["classifier_targets"] = st.lists(classifier_target_out(unknown, extras), max_size=2)
    return json_object(required, optional, extras)


def list_item(unknown: bool, extras: bool) -> Strategy[dict[str, Any]]:
    """A `JobsOut.data` item: a job that names its kind, or (unless `unknown` is off) a job of a kind not known."""
    known = st.sampled_from(["completion", "classifier"]).flatmap(
        lambda kind: job(kind, False, unknown=unknown, extras=extras).map(lambda item: {**item, "job_type": kind})
    )
    if not unknown:
        return known
    foreign_type = st.text(max_size=10).filter(lambda tag: tag not in {"completion", "classifier"})
    foreign = st.fixed_dictionaries(
        {"id": ids, "job_type": foreign_type}, optional={"status": short_text, "payload": json_value}
    )
    untagged = job("completion", False, unknown=unknown, extras=extras).map(
        lambda item: {key: value for key, value in item.items() if key != "job_type"}
    )
    return known | foreign | untagged


def jobs_page(*, unknown: bool = True, extras: bool = True) -> Strategy[dict[str, Any]]:
    optional = {"data": st.lists(list_item(unknown, extras), max_size=3), "object": st.just("list")}
    return json_object({"total": counts}, optional, extras)


def legacy_metadata(*, extras: bool = True) -> Strategy[dict[str, Any]]:
    optional: dict[str, Strategy[Any]] = {
        "expected_duration_seconds": nullable(counts),
        "cost": nullable(number(0, 10**6)),
        "cost_currency": nullable(short_text),
        "train_tokens_per_step": nullable(counts),
        "train_tokens": nullable(counts),
        "data_tokens": nullable(counts),
        "estimated_start_time": nullable(timestamps),
        "deprecated": st.booleans(),
        "epochs": nullable(number(0, 100)),
        "training_steps": nullable(counts),
        "object": st.just("job.metadata"),
    }
    return json_object({"details": st.text(max_size=30)}, optional, extras)


def job_in(*, extras: bool = True) -> Strategy[dict[str, Any]]:
    training_file = json_object({"file_id": file_ids}, {"weight": number(0, 100, exclusive_low=True)}, extras)
    wandb = json_object(
        {"project": short_text, "api_key": st.binary(min_size=20, max_size=20).map(bytes.hex)},
        {"type": st.just("wandb"), "name": nullable(short_text), "run_name": nullable(short_text)},
        extras,
    )
    repository = json_object(
        {"name": short_text, "owner": short_text, "token": short_text},
        {"type": st.just("github"), "ref": nullable(short_text), "weight": number(0, 100, exclusive_low=True)},
        extras,
    )
    target = json_object(
        {"name": short_text, "labels": st.lists(short_text, max_size=3)},
        {"weight": number(0, 100), "loss_function": nullable(st.sampled_from(LOSS_FUNCTIONS))},
        extras,
    )
    optional = {
        "training_files": st.lists(training_file, max_size=2),
        "validation_files": nullable(st.lists(file_ids, max_size=2)),
        "suffix": nullable(st.text(max_size=18)),
        "integrations": nullable(st.lists(wandb, max_size=2)),
        "auto_start": st.booleans(),
        "invalid_sample_skip_percentage": number(0, 0.5),
        "job_type": nullable(st.sampled_from(["completion", "classifier"])),
        "repositories": nullable(st.lists(repository, max_size=2)),
        "classifier_targets": nullable(st.lists(target, max_size=2)),
    }
    hyperparameters = training_parameters(True, extras) | training_parameters(False, extras)
    return json_object({"model": short_text, "hyperparameters": hyperparameters}, optional, extras)


# --- checks --------------------------------------------------------------------------------------------------------


@functools.cache
def validator(schema: str) -> Draft202012Validator:
    document = yaml.safe_load(SPEC_PATH.read_text())
    resource: Resource[Any] = Resource.from_contents(document, default_specification=DRAFT202012)
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
    for field in absent:  # a response model reads an absent field as None, [] or its const; a request one as UNSET
        value = getattr(parsed, {"object": "object_"}.get(field, field))
        if cls._IS_REQUEST:
            assert value is UNSET, field
        else:
            assert value is None or value == [] or value == cls.CONSTS.get(field), field
    assert parsed.model_fields_set == set(payload) & cls.JSON_FIELDS
    assert parsed.model_dump(mode="json", exclude_unset=True) == snapshot
    assert json.loads(parsed.model_dump_json(exclude_unset=True)) == snapshot
    return parsed


def check_status(job: Any, payload: dict[str, Any], enum: type[Any]) -> None:
    assert isinstance(job.status, enum)
    assert job.status == payload["status"]
    assert job.status.name == (payload["status"] if payload["status"] in STATUSES else "UNKNOWN")


# --- round trips ---------------------------------------------------------------------------------------------------


@EXAMPLES
@given(job("completion", False))
def test_completion_job_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(CompletionJobOut, payload)
    check_status(parsed, payload, CompletionJobOutStatus)
    assert isinstance(parsed.hyperparameters, CompletionTrainingParameters)


@EXAMPLES
@given(job("classifier", False))
def test_classifier_job_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(ClassifierJobOut, payload)
    check_status(parsed, payload, ClassifierJobOutStatus)
    assert isinstance(parsed.hyperparameters, ClassifierTrainingParameters)


@EXAMPLES
@given(job("completion", True))
def test_completion_detailed_job_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(CompletionDetailedJobOut, payload)
    check_status(parsed, payload, CompletionDetailedJobOutStatus)
    if "events" in payload:
        assert [event.created_at for event in parsed.events] == [event["created_at"] for event in payload["events"]]
    if "checkpoints" in payload:
        assert [c.step_number for c in parsed.checkpoints] == [c["step_number"] for c in payload["checkpoints"]]


@EXAMPLES
@given(job("classifier", True))
def test_classifier_detailed_job_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(ClassifierDetailedJobOut, payload)
    check_status(parsed, payload, ClassifierDetailedJobOutStatus)
    for target, raw in zip(parsed.classifier_targets, payload["classifier_targets"], strict=True):
        assert isinstance(target.loss_function, FTClassifierLossFunction)
        assert target.loss_function == raw["loss_function"]
        assert target.loss_function.name == (
            raw["loss_function"].upper() if raw["loss_function"] in LOSS_FUNCTIONS else "UNKNOWN"
        )


@EXAMPLES
@given(jobs_page())
def test_jobs_page_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(JobsOut, payload)
    if "data" not in payload:
        return
    assert isinstance(parsed.data, list)
    for item, raw in zip(parsed.data, payload["data"], strict=True):
        kind = raw.get("job_type")
        if kind == "completion":
            assert type(item) is CompletionJobOut
        elif kind == "classifier":
            assert type(item) is ClassifierJobOut
        else:
            assert isinstance(item, UnknownVariant)
            assert item.raw == raw
            assert item.tag_value == kind


@EXAMPLES
@given(legacy_metadata())
def test_legacy_metadata_round_trip(payload: dict[str, Any]) -> None:
    parsed = round_trip(LegacyJobMetadataOut, payload)
    assert parsed.details == payload["details"]


@EXAMPLES
@given(job_in())
def test_job_in_round_trip(payload: dict[str, Any]) -> None:
    round_trip(JobIn, payload)


# --- the strategies build what the spec allows ---------------------------------------------------------------------


@settings(max_examples=max(30, MAX_EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        job("completion", False, unknown=False).map(lambda p: ("CompletionJobOut", p)),
        job("classifier", False, unknown=False).map(lambda p: ("ClassifierJobOut", p)),
        job("completion", True, unknown=False).map(lambda p: ("CompletionDetailedJobOut", p)),
        job("classifier", True, unknown=False).map(lambda p: ("ClassifierDetailedJobOut", p)),
        jobs_page(unknown=False).map(lambda p: ("JobsOut", p)),
        legacy_metadata().map(lambda p: ("LegacyJobMetadataOut", p)),
        job_in().map(lambda p: ("JobIn", p)),
    )
)
def test_generated_payloads_are_valid_against_the_spec(case: tuple[str, dict[str, Any]]) -> None:
    schema, payload = case
    validator(schema).validate(payload)
