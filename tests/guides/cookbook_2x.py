# Code in the style of a classifier notebook written for mistralai 2.x: labelled texts uploaded with the file-dict
# form, a classifier job with its targets, a status loop that prints each new event, the model renamed, archived and
# deleted, the files deleted. tests/test_guides.py runs it with only its import lines changed, against the fake server.
import json
import os
import random
import time

from mistralai.client import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

random.seed(7)
labels = ["positive", "negative", "neutral"]
train_lines, validation_lines = [], []
for i in range(60):
    label = random.choice(labels)
    line = {"text": f"Review number {i}: it was {label} overall.", "labels": {"sentiment": label}}
    (validation_lines if i % 10 == 0 else train_lines).append(json.dumps(line))

training_data = client.files.upload(
    file={"file_name": "train.jsonl", "content": ("\n".join(train_lines) + "\n").encode()},
)
validation_data = client.files.upload(
    file={"file_name": "validation.jsonl", "content": ("\n".join(validation_lines) + "\n").encode()},
)
print("uploaded", training_data.filename, training_data.num_lines is None or training_data.num_lines == 54)

created_job = client.fine_tuning.jobs.create(
    model="ministral-3b-latest",
    job_type="classifier",
    training_files=[{"file_id": training_data.id, "weight": 1}],
    validation_files=[validation_data.id],
    hyperparameters={"training_steps": 20, "learning_rate": 0.0001},
    auto_start=True,
    classifier_targets=[
        {"name": "sentiment", "labels": labels, "weight": 1, "loss_function": "single_class"},
    ],
)
print("created", created_job.job_type, created_job.model)
print("dumped", json.loads(json.dumps(created_job.model_dump(mode="json")))["hyperparameters"])

seen = []
retrieved_job = client.fine_tuning.jobs.get(job_id=created_job.id)
while retrieved_job.status not in ("SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"):
    for event in reversed(retrieved_job.events):
        key = json.dumps({"name": event.name, "at": event.created_at, **(event.data or {})}, sort_keys=True)
        if key not in seen:
            seen.append(key)
    time.sleep(0.05)
    retrieved_job = client.fine_tuning.jobs.get(job_id=created_job.id)
print("finished", retrieved_job.status, len(seen) <= len(retrieved_job.events))
statuses = [event.data.get("status") for event in reversed(retrieved_job.events) if event.data]
print("went through", "VALIDATED" in statuses and "RUNNING" in statuses, statuses[-1])
print("targets", [(target.name, sorted(target.labels)) for target in retrieved_job.classifier_targets])
for checkpoint in retrieved_job.checkpoints[:1]:
    print("metrics", sorted(key for key, value in checkpoint.metrics.model_dump().items() if value is not None)[:1])

model_id = retrieved_job.fine_tuned_model
card = client.models.retrieve(model_id=model_id)
print("card", card.id == model_id, card.type, card.job == created_job.id)
updated = client.models.update(model_id=model_id, name="sentiment-classifier", description="three labels")
print("updated", updated.name, updated.description, updated.model_type)
print("archived", client.models.archive(model_id=model_id).archived)
print("unarchived", client.models.unarchive(model_id=model_id).archived)
print("deleted", client.models.delete(model_id=model_id).deleted)
for uploaded in (training_data, validation_data):
    client.files.delete(file_id=uploaded.id)
remaining = client.files.list(page_size=100)
print("files left", [f.id for f in remaining.data if f.id in (training_data.id, validation_data.id)])
