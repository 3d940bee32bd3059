"""`Mistral(...).models` end to end against the fake server on 127.0.0.1: the fine-tuned model a successful job makes,
its card, update (only the fields given reach the wire), archive and unarchive, delete; base models' cards; echo
checks; every operation sync and async, raw and parsed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote

import pytest
from mistral_fine_tuning import Mistral, errors, models
from mistral_fine_tuning._raw import RawResponse
from mistral_fine_tuning.testing import FakeMistralServer, Fault

from tests.support import FINISHED, SYNC_ASYNC, TRAINING_FILE, connected

FT_MODELS = "/v1/fine_tuning/models"


@pytest.fixture
async def mistral(fake_server: FakeMistralServer) -> AsyncIterator[Mistral]:
    async with connected(fake_server.server_url) as client:
        yield client


@pytest.fixture
def model_id(fake_server: FakeMistralServer) -> str:
    """The fine-tuned model of the example job that succeeded."""
    [model] = fake_server.model_ids
    assert fake_server.get_job(FINISHED)["fine_tuned_model"] == model
    return model


async def call(resource: Any, operation: str, use_async: bool, /, **kwargs: Any) -> Any:
    if use_async:
        return await getattr(resource, f"{operation}_async")(**kwargs)
    return getattr(resource, operation)(**kwargs)


def bodies(server: FakeMistralServer, method: str) -> list[Any]:
    """The JSON bodies of the requests to fine-tuned models with `method`."""
    return [
        json.loads(request.body)
        for request in server.requests
        if request.method == method and request.path.startswith(FT_MODELS)
    ]


@SYNC_ASYNC
async def test_a_job_that_succeeds_makes_a_model_whose_card_names_it(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    jobs = mistral.fine_tuning.jobs
    job = await call(
        jobs,
        "create",
        use_async,
        model="open-mistral-7b",
        training_files=[TRAINING_FILE],
        hyperparameters={"training_steps": 3},
        suffix="cards",
        auto_start=True,
    )
    assert job.fine_tuned_model is None
    fake_server.advance(100)
    finished = await call(jobs, "get", use_async, job_id=job.id)
    assert finished.status == "SUCCESS"
    assert finished.fine_tuned_model in fake_server.model_ids
    card = await call(mistral.models, "retrieve", use_async, model_id=finished.fine_tuned_model)
    assert isinstance(card, models.FTModelCard)
    assert (card.id, card.job, card.root, card.type_, card.archived) == (
        finished.fine_tuned_model,
        job.id,
        "open-mistral-7b",
        "fine-tuned",
        False,
    )
    assert card.to_dict() == fake_server.get_model(card.id)


@SYNC_ASYNC
@pytest.mark.parametrize("base", ["open-mistral-7b", "ministral-3b-latest"])
async def test_a_base_models_card(fake_server: FakeMistralServer, mistral: Mistral, base: str, use_async: bool) -> None:
    card = await call(mistral.models, "retrieve", use_async, model_id=base)
    assert isinstance(card, models.BaseModelCard)
    assert (card.id, card.type_) == (base, "base")
    assert isinstance(card.capabilities, models.ModelCapabilities)
    assert card.to_dict() == fake_server.get_model(base)


@SYNC_ASYNC
async def test_update_sends_only_the_fields_given_and_none_as_null(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str, use_async: bool
) -> None:
    renamed = await call(mistral.models, "update", use_async, model_id=model_id, name="support bot")
    assert isinstance(renamed, models.CompletionFTModelOut)
    assert (renamed.id, renamed.name) == (model_id, "support bot")
    described = await call(mistral.models, "update", use_async, model_id=model_id, description="answers tickets")
    assert (described.name, described.description) == ("support bot", "answers tickets")  # the name stayed
    cleared = await call(mistral.models, "update", use_async, model_id=model_id, description=None)
    assert (cleared.name, cleared.description) == ("support bot", None)
    unchanged = await call(mistral.models, "update", use_async, model_id=model_id)
    assert unchanged.to_dict() == cleared.to_dict()
    assert bodies(fake_server, "PATCH") == [
        {"name": "support bot"},
        {"description": "answers tickets"},
        {"description": None},
        {},
    ]
    card = await call(mistral.models, "retrieve", use_async, model_id=model_id)
    assert (card.name, card.description) == ("support bot", None)


@SYNC_ASYNC
async def test_a_classifier_models_update_is_the_classifier_shape(
    fake_server: FakeMistralServer, mistral: Mistral, use_async: bool
) -> None:
    job_id = fake_server.add_job(status="SUCCESS", job_type="classifier", model="ministral-3b-latest")
    classifier = fake_server.get_job(job_id)["fine_tuned_model"]
    updated = await call(mistral.models, "update", use_async, model_id=classifier, name="sentiment")
    assert isinstance(updated, models.ClassifierFTModelOut)
    assert (updated.id, updated.name, updated.model_type, updated.job) == (
        classifier,
        "sentiment",
        "classifier",
        job_id,
    )
    assert updated.classifier_targets


@SYNC_ASYNC
async def test_archive_and_unarchive_show_on_the_card(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str, use_async: bool
) -> None:
    for operation, archived in (("archive", True), ("archive", True), ("unarchive", False), ("unarchive", False)):
        answer = await call(mistral.models, operation, use_async, model_id=model_id)
        expected = models.ArchiveFTModelOut if archived else models.UnarchiveFTModelOut
        assert isinstance(answer, expected)
        assert (answer.id, answer.archived) == (model_id, archived)
        card = await call(mistral.models, "retrieve", use_async, model_id=model_id)
        assert card.archived is archived
    sent = [(r.method, unquote(r.path)) for r in fake_server.requests if r.path.endswith("/archive")]
    assert (
        sent == [("POST", f"{FT_MODELS}/{model_id}/archive")] * 2 + [("DELETE", f"{FT_MODELS}/{model_id}/archive")] * 2
    )


@SYNC_ASYNC
async def test_delete_then_every_call_about_the_model_is_not_found(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str, use_async: bool
) -> None:
    deleted = await call(mistral.models, "delete", use_async, model_id=model_id)
    assert isinstance(deleted, models.DeleteModelOut)
    assert (deleted.id, deleted.deleted) == (model_id, True)
    assert model_id not in fake_server.model_ids
    for operation in ("retrieve", "delete", "archive", "unarchive", "update"):
        with pytest.raises(errors.NotFoundError) as caught:
            await call(mistral.models, operation, use_async, model_id=model_id)
        assert model_id in caught.value.body


@SYNC_ASYNC
async def test_a_base_model_cannot_be_changed_and_an_unknown_one_is_not_found(
    mistral: Mistral, use_async: bool
) -> None:
    for operation in ("update", "archive", "unarchive", "delete"):
        with pytest.raises(errors.PermissionDeniedError):
            await call(mistral.models, operation, use_async, model_id="open-mistral-7b")
    with pytest.raises(errors.NotFoundError):
        await call(mistral.models, "retrieve", use_async, model_id="ft:open-mistral-7b:nobody:00000000")


@SYNC_ASYNC
@pytest.mark.parametrize("operation", ["update", "archive", "unarchive", "delete"])
async def test_an_answer_about_another_model_is_a_response_validation_error(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str, operation: str, use_async: bool
) -> None:
    other = "ft:open-mistral-7b:someone-else:12345678"
    answers = {
        "update": {**fake_server.get_model(model_id), "id": other},
        "archive": {"id": other, "object": "model", "archived": True},
        "unarchive": {"id": other, "object": "model", "archived": False},
        "delete": {"id": other, "object": "model", "deleted": True},
    }
    if operation == "update":
        answer = dict(answers["update"])
        for card_only in ("type", "deprecation", "deprecation_replacement_model", "default_model_temperature"):
            answer.pop(card_only, None)
        answers["update"] = {**answer, "model_type": "completion", "workspace_id": "w", "root_version": "1"}
    fake_server.inject(Fault.error(200, payload=answers[operation]))
    with pytest.raises(errors.ResponseValidationError) as caught:
        await call(
            mistral.models, operation, use_async, model_id=model_id, **({"name": "x"} if operation == "update" else {})
        )
    assert f"the answer is about id={other!r}, not the id={model_id!r}" in str(caught.value)
    assert model_id in fake_server.model_ids  # nothing happened to it: the fault answered instead


@SYNC_ASYNC
@pytest.mark.parametrize("bad", ["", "a?b", "ft:x/../y", "a#b"])
async def test_an_id_that_cannot_be_a_path_segment_is_refused_before_sending(
    fake_server: FakeMistralServer, mistral: Mistral, bad: str, use_async: bool
) -> None:
    fake_server.clear_requests()
    for operation in ("retrieve", "update", "archive", "unarchive", "delete"):
        with pytest.raises(errors.InputValidationError) as caught:
            await call(mistral.models, operation, use_async, model_id=bad)
        assert caught.value.param == "model_id"
    assert fake_server.requests == []


async def test_a_fine_tuned_models_id_travels_intact(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str
) -> None:
    """`ft:<base>:<suffix>:<hash>`: the colons reach the server as the same id (percent-encoded or not)."""
    mistral.models.retrieve(model_id=model_id)
    await mistral.models.retrieve_async(model_id=model_id)
    assert [unquote(request.path) for request in fake_server.requests] == [f"/v1/models/{model_id}"] * 2


# --- every operation: sync and async, raw and parsed ---------------------------------------------------------------


@pytest.mark.parametrize("operation", ["retrieve", "update", "archive", "unarchive", "delete"])
async def test_every_operation_gives_the_same_result_four_ways(
    fake_server: FakeMistralServer, mistral: Mistral, model_id: str, operation: str
) -> None:
    arguments: dict[str, Any] = {"model_id": model_id}
    if operation == "update":
        arguments["description"] = "four ways"
    results = []
    for use_async in (False, True):
        for raw in (False, True):
            if operation == "delete" and model_id not in fake_server.model_ids:
                fake_server.reset()  # the example job's model again
            resource = mistral.models.with_raw_response if raw else mistral.models
            result = await call(resource, operation, use_async, **arguments)
            if raw:
                assert isinstance(result, RawResponse)
                assert result.status_code == 200 and result.request_id
                assert result.json()["id"] == model_id
                result = result.parse()
            assert result.id == model_id
            results.append(result.to_dict())
    assert all(result == results[0] for result in results), results
