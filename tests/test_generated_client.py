"""The generated package on its own (as someone vendoring it would call it), through httpx2.MockTransport."""

from __future__ import annotations

import json
from typing import Any

import httpx2
from mistral_fine_tuning._generated import Client
from mistral_fine_tuning._generated.api.fine_tuning import jobs_api_routes_fine_tuning_get_fine_tuning_job as get_job
from mistral_fine_tuning._generated.models import ClassifierDetailedJobOut, CompletionDetailedJobOut
from mistral_fine_tuning._generated.types import UnknownVariant

JOB_ID = "b888f774-3e7c-4135-a18c-6b985523c4bc"


def _job(job_type: str) -> dict[str, Any]:
    job: dict[str, Any] = {
        "id": JOB_ID,
        "auto_start": False,
        "model": "open-mistral-7b",
        "status": "RUNNING",
        "created_at": 1716963433,
        "modified_at": 1716963533,
        "training_files": [],
        "hyperparameters": {"learning_rate": 0.0001},
        "job_type": job_type,
    }
    if job_type == "classifier":
        job["classifier_targets"] = [
            {"name": "label", "labels": ["a", "b"], "weight": 1.0, "loss_function": "single_class"}
        ]
    return job


def _client(status: int, body: object) -> Client:
    def answer(request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == f"/v1/fine_tuning/jobs/{JOB_ID}"
        return httpx2.Response(status, content=json.dumps(body).encode(), headers={"content-type": "application/json"})

    return Client(base_url="http://127.0.0.1:9", httpx_args={"transport": httpx2.MockTransport(answer)})


def test_known_job_types_parse_to_their_models() -> None:
    assert isinstance(get_job.sync(JOB_ID, client=_client(200, _job("completion"))), CompletionDetailedJobOut)
    assert isinstance(get_job.sync(JOB_ID, client=_client(200, _job("classifier"))), ClassifierDetailedJobOut)


def test_an_unknown_job_type_gives_an_unknown_variant_with_the_payload() -> None:
    payload = _job("preference")
    result = get_job.sync(JOB_ID, client=_client(200, payload))
    assert isinstance(result, UnknownVariant)
    assert result.tag_value == "preference"
    assert result.to_dict() == payload


def test_a_status_outside_http_status_does_not_crash() -> None:
    response = get_job.sync_detailed(JOB_ID, client=_client(499, {"message": "client closed request"}))
    assert response.status_code == 499
    assert response.parsed is not None
