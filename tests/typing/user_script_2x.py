"""A user's script in mistralai 2.x's style, on its import path (`mistralai.client` renamed), type-checked by
tests/test_typing.py with `mypy --strict`: the request models of both generations go where the calls take them, and
what the official SDK's models offer (dumps, `event.data` as a dict, iteration) is typed."""

from __future__ import annotations

import json
from typing import Any

from mistral_fine_tuning.client import Mistral, errors, models
from mistral_fine_tuning.client.models import CompletionTrainingParameters, CreateFileResponse


def train(client: Mistral, path: str) -> list[str]:
    lines: list[str] = []
    with open(path, "rb") as content:
        uploaded: CreateFileResponse = client.files.upload(file={"file_name": "train.jsonl", "content": content})
    lines.append(f"{uploaded.id} {uploaded.size_bytes} {uploaded.filename}")
    job = client.fine_tuning.jobs.create(
        model="open-mistral-7b",
        training_files=[models.TrainingFile(file_id=uploaded.id, weight=1)],
        hyperparameters=CompletionTrainingParameters(training_steps=10, learning_rate=0.0001),
        integrations=[models.CreateFineTuningJobRequestIntegration(project="p", api_key="k" * 40)],
        repositories=[models.CreateGithubRepositoryRequest(name="r", owner="o", token="t")],
        auto_start=False,
    )
    classifier = client.fine_tuning.jobs.create(
        model="ministral-3b-latest",
        job_type="classifier",
        training_files=[{"file_id": uploaded.id, "weight": 1}],
        hyperparameters=models.ClassifierTrainingParameters(training_steps=5),
        classifier_targets=[models.ClassifierTarget(name="sentiment", labels=["pos", "neg"])],
    )
    legacy = client.fine_tuning.jobs.create(  # mistralai 1.x's names still type-check
        model="open-mistral-7b",
        hyperparameters=models.CompletionTrainingParametersIn(training_steps=10, fim_ratio=0.9),
        training_files=[models.TrainingFile(file_id=uploaded.id)],
        classifier_targets=[models.ClassifierTargetIn(name="t", labels=["a"])],
    )
    chosen: models.Hyperparameters = models.CompletionTrainingParameters(training_steps=1)
    lines.append(f"{legacy.id} {chosen.training_steps}")
    details = client.fine_tuning.jobs.get(job_id=job.id)
    for event in details.events:
        if event.data is not None:
            lines.append(json.dumps(event.data))
            lines.append(str(event.data.get("status")))
    lines.append(json.dumps(details.model_dump(mode="json", exclude_none=True)))
    lines.extend(f"{name}={value}" for name, value in details)
    fields: dict[str, Any] = vars(details)
    lines.append(str(sorted(fields)))
    schema = models.CompletionFineTuningJobDetails.model_json_schema()
    lines.append(str(schema.get("title")))
    for name, field in models.CompletionFineTuningJob.model_fields.items():
        lines.append(f"{name} {field.is_required()} {field.annotation}")
    try:
        client.fine_tuning.jobs.cancel(job_id=classifier.id)
    except errors.SDKError as exc:
        lines.append(exc.message)
    if details.fine_tuned_model is not None:
        card = client.models.retrieve(model_id=details.fine_tuned_model)
        lines.append(card.id)
        client.models.delete(model_id=details.fine_tuned_model)
    deleted: models.DeleteFileResponse = client.files.delete(file_id=uploaded.id)
    lines.append(str(deleted.deleted))
    return lines


def main() -> None:
    with Mistral(api_key="key") as client:
        print("\n".join(train(client, "train.jsonl")))
