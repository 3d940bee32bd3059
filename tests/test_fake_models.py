"""The fake server's model operations over raw HTTP (httpx2) on 127.0.0.1: fine-tuned models made by successful
jobs (update, archive, unarchive, retrieve, delete) and base model cards. Answers are checked against the spec."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from mistral_fine_tuning import _api
from mistral_fine_tuning.testing import FakeMistralServer
from mistral_fine_tuning.testing._seed import EXAMPLES

from tests.test_fake_server import validate_named

JOBS = "/v1/fine_tuning/jobs"
CHAT = b'{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}\n'


@pytest.fixture(scope="module")
def shared() -> Iterator[FakeMistralServer]:
    with FakeMistralServer(speed=0.0) as server:
        yield server


@pytest.fixture
def server(shared: FakeMistralServer) -> Iterator[FakeMistralServer]:
    shared.reset()
    yield shared
    assert shared.internal_errors == []


@pytest.fixture
def api(server: FakeMistralServer) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=server.server_url, headers={"Authorization": "Bearer key"}, timeout=10) as client:
        yield client


def trained(api: httpx2.Client, server: FakeMistralServer, **extra: Any) -> dict[str, Any]:
    """Create a job over a stored file, let it run to SUCCESS, and return it."""
    body = {
        "model": "open-mistral-7b",
        "hyperparameters": {"training_steps": 3},
        "training_files": [{"file_id": server.add_file(CHAT)}],
        "auto_start": True,
        **extra,
    }
    created = api.post(JOBS, json=body)
    assert created.status_code == 200, created.text
    server.advance(100)
    job: dict[str, Any] = api.get(f"{JOBS}/{created.json()['id']}").json()
    assert job["status"] == "SUCCESS"
    return job


def card(api: httpx2.Client, model_id: str) -> httpx2.Response:
    return api.get(f"/v1/models/{model_id}")


def test_a_successful_job_makes_its_model(api: httpx2.Client, server: FakeMistralServer) -> None:
    running = api.post(
        JOBS,
        json={
            "model": "open-mistral-7b",
            "hyperparameters": {"training_steps": 3},
            "training_files": [{"file_id": server.add_file(CHAT)}],
            "auto_start": True,
        },
    ).json()
    assert server.model_ids == []  # not before it succeeds
    server.advance(100)
    job = api.get(f"{JOBS}/{running['id']}").json()
    model_id = job["fine_tuned_model"]
    assert server.model_ids == [model_id]
    got = card(api, model_id)
    assert got.status_code == 200
    body = got.json()
    validate_named(body, "FTModelCard")
    assert body["type"] == "fine-tuned"  # lower case, unlike the spec's own example
    assert "TYPE" not in body
    assert (body["id"], body["job"], body["root"], body["archived"]) == (model_id, job["id"], "open-mistral-7b", False)
    assert body["capabilities"]["completion_chat"] is True
    assert server.get_model(model_id) == body


def test_update_changes_only_the_fields_sent(api: httpx2.Client, server: FakeMistralServer) -> None:
    model_id = trained(api, server)["fine_tuned_model"]
    path = f"/v1/fine_tuning/models/{model_id}"
    named = api.patch(path, json={"name": "support bot", "description": "v1"})
    assert named.status_code == 200
    validate_named(named.json(), "CompletionFTModelOut")
    assert (named.json()["name"], named.json()["description"], named.json()["model_type"]) == (
        "support bot",
        "v1",
        "completion",
    )
    renamed = api.patch(path, json={"name": "support bot 2"}).json()
    assert (renamed["name"], renamed["description"]) == ("support bot 2", "v1")  # description kept
    unchanged = api.patch(path, json={}).json()
    assert unchanged == renamed
    cleared = api.patch(path, json={"description": None}).json()
    assert (cleared["name"], cleared["description"]) == ("support bot 2", None)  # an explicit null clears
    assert (card(api, model_id).json()["name"], card(api, model_id).json()["description"]) == ("support bot 2", None)
    invalid = api.patch(path, json={"name": 7})
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "name"]
    assert api.patch(path, json=["name"]).status_code == 422


def test_a_classifier_models_update_answer_is_the_classifier_shape(
    api: httpx2.Client, server: FakeMistralServer
) -> None:
    data = b'{"text":"great","labels":{"sentiment":"pos"}}\n{"text":"awful","labels":{"sentiment":"neg"}}\n'
    body = {
        "model": "ministral-3b-latest",
        "job_type": "classifier",
        "hyperparameters": {"training_steps": 3},
        "training_files": [{"file_id": server.add_file(data, filename="classes.jsonl")}],
        "auto_start": True,
    }
    job_id = api.post(JOBS, json=body).json()["id"]
    server.advance(100)
    job = api.get(f"{JOBS}/{job_id}").json()
    updated = api.patch(f"/v1/fine_tuning/models/{job['fine_tuned_model']}", json={"name": "sentiment"}).json()
    validate_named(updated, "ClassifierFTModelOut")
    assert updated["model_type"] == "classifier"
    assert updated["classifier_targets"] == job["classifier_targets"]
    assert card(api, job["fine_tuned_model"]).json()["capabilities"]["classification"] is True


def test_archive_and_unarchive_twice_are_fine(api: httpx2.Client, server: FakeMistralServer) -> None:
    model_id = trained(api, server)["fine_tuned_model"]
    path = f"/v1/fine_tuning/models/{model_id}/archive"
    for _ in range(2):
        archived = api.post(path)
        assert archived.status_code == 200
        validate_named(archived.json(), "ArchiveFTModelOut")
        assert archived.json() == {"id": model_id, "object": "model", "archived": True}
        assert card(api, model_id).json()["archived"] is True
    for _ in range(2):
        unarchived = api.delete(path)
        validate_named(unarchived.json(), "UnarchiveFTModelOut")
        assert unarchived.json() == {"id": model_id, "object": "model", "archived": False}
        assert card(api, model_id).json()["archived"] is False


def test_delete_then_every_call_is_a_404(api: httpx2.Client, server: FakeMistralServer) -> None:
    job = trained(api, server)
    model_id = job["fine_tuned_model"]
    deleted = api.delete(f"/v1/models/{model_id}")
    assert deleted.status_code == 200
    validate_named(deleted.json(), "DeleteModelOut")
    assert deleted.json() == {"id": model_id, "object": "model", "deleted": True}
    for response in (
        card(api, model_id),
        api.delete(f"/v1/models/{model_id}"),
        api.patch(f"/v1/fine_tuning/models/{model_id}", json={"name": "x"}),
        api.post(f"/v1/fine_tuning/models/{model_id}/archive"),
        api.delete(f"/v1/fine_tuning/models/{model_id}/archive"),
    ):
        assert response.status_code == 404, response.request.method
        assert model_id in response.json()["detail"]
    assert server.model_ids == []
    assert api.get(f"{JOBS}/{job['id']}").json()["fine_tuned_model"] == model_id  # the job's record stays
    server.advance(1000)
    assert card(api, model_id).status_code == 404  # and it does not come back


@pytest.mark.parametrize("model_id", ["open-mistral-7b", "mistral-small-latest", "ministral-3b-latest"])
def test_base_models_have_cards_and_cannot_be_changed(api: httpx2.Client, model_id: str) -> None:
    got = card(api, model_id)
    assert got.status_code == 200
    validate_named(got.json(), "BaseModelCard")
    assert (got.json()["id"], got.json()["type"], got.json()["owned_by"]) == (model_id, "base", "mistralai")
    for response in (
        api.delete(f"/v1/models/{model_id}"),
        api.patch(f"/v1/fine_tuning/models/{model_id}", json={"name": "mine"}),
        api.post(f"/v1/fine_tuning/models/{model_id}/archive"),
    ):
        assert response.status_code == 403
        assert "base model" in response.json()["detail"]
    assert card(api, model_id).status_code == 200


def test_an_unknown_model_is_a_404(api: httpx2.Client) -> None:
    for response in (
        card(api, "ft:nothing:here:00000000"),
        api.delete("/v1/models/no-such-model"),
        api.patch("/v1/fine_tuning/models/no-such-model", json={}),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"


def test_preloaded_and_seeded_successes_have_models(api: httpx2.Client, server: FakeMistralServer) -> None:
    server.load_examples()
    succeeded = next(example.job_id for example in EXAMPLES if example.status == "SUCCESS")
    model_id = api.get(f"{JOBS}/{succeeded}").json()["fine_tuned_model"]
    assert card(api, model_id).json()["job"] == succeeded
    preloaded = server.add_job(status="SUCCESS", job_type="classifier")
    classifier = server.get_job(preloaded)["fine_tuned_model"]
    assert server.get_model(classifier)["capabilities"]["classification"] is True
    assert server.add_job(status="RUNNING") and len(server.model_ids) == 2  # only successes make models
    with pytest.raises(KeyError):
        server.get_model("ft:unknown")


def test_every_model_route_has_a_handler() -> None:
    from mistral_fine_tuning.testing import _app

    models = {name for name, _, template in _api.ROUTES if "models" in template}
    assert len(models) == 5
    assert models <= _app.IMPLEMENTED_OPERATIONS
