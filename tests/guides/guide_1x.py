# Code in the style of Mistral's fine-tuning guide for mistralai 1.x. tests/test_guides.py runs it with only its
# import line changed, against the fake server (MISTRAL_API_KEY and MISTRAL_SERVER_URL are set by the test).
import os
import time

from mistralai import Mistral

client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])

created_jobs = client.fine_tuning.jobs.create(
    model="open-mistral-7b",
    training_files=[{"file_id": "11111111-1111-4111-8111-111111111111", "weight": 1}],
    validation_files=["22222222-2222-4222-8222-222222222222"],
    hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
    auto_start=False,
    integrations=[{"project": "finetuning", "api_key": "w" * 40}],
)
print("created", created_jobs.job_type, created_jobs.status, created_jobs.model, created_jobs.object)

retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
while retrieved_job.status in ["QUEUED", "VALIDATING"]:
    time.sleep(0.05)
    retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
print("validated", retrieved_job.status)

client.fine_tuning.jobs.start(job_id=created_jobs.id)
retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
while retrieved_job.status in ["RUNNING", "QUEUED"]:
    time.sleep(0.05)
    retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
print("finished", retrieved_job.status, retrieved_job.fine_tuned_model is not None)
for checkpoint in retrieved_job.checkpoints:
    print("checkpoint", checkpoint.step_number, checkpoint.metrics.train_loss is not None)
for event in retrieved_job.events:
    print("event", event.name, event.data["status"] if event.data else None)
print("integration", retrieved_job.integrations[0].type, retrieved_job.integrations[0].project)

jobs = client.fine_tuning.jobs.list(created_by_me=True)
print("listed", jobs.total, [job.id == created_jobs.id for job in jobs.data].count(True), jobs.object)

estimate = client.fine_tuning.jobs.create(model="open-mistral-7b", hyperparameters={"training_steps": 10})
canceled_jobs = client.fine_tuning.jobs.cancel(job_id=estimate.id)
print("cancelled", canceled_jobs.status)
print("dumped", sorted(retrieved_job.model_dump(exclude_none=True))[:5])
