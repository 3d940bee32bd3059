# Code in the style of a fine-tuning notebook written for mistralai 1.x: data written to JSON Lines files, uploaded
# with the file-dict form, a job with a W&B integration started by hand, a status loop, the results pretty-printed
# with `.dict()`, then the model and the files deleted. tests/test_guides.py runs it with only its import lines
# changed, against the fake server (MISTRAL_API_KEY and MISTRAL_SERVER_URL are set by the test).
import json
import os
import tempfile
import time

from mistralai import Mistral

api_key = os.environ["MISTRAL_API_KEY"]
client = Mistral(api_key=api_key)
WANDB_API_KEY = "0123456789abcdef0123456789abcdef01234567"


def pprint(obj):
    print(json.dumps(obj.dict(), indent=4))


def write_chats(path, topics):
    with open(path, "w") as f:
        for topic in topics:
            chat = {
                "messages": [
                    {"role": "user", "content": f"Tell me one thing about {topic}."},
                    {"role": "assistant", "content": f"{topic.capitalize()} is worth reading about."},
                ]
            }
            f.write(json.dumps(chat) + "\n")


folder = tempfile.mkdtemp()
write_chats(os.path.join(folder, "ultrachat_chunk_train.jsonl"), ["rivers", "bridges", "tides", "comets"] * 5)
write_chats(os.path.join(folder, "ultrachat_chunk_eval.jsonl"), ["deserts", "glaciers"])

ultrachat_chunk_train = client.files.upload(
    file={
        "file_name": "ultrachat_chunk_train.jsonl",
        "content": open(os.path.join(folder, "ultrachat_chunk_train.jsonl"), "rb"),  # noqa: SIM115  (as notebooks do)
    }
)
ultrachat_chunk_eval = client.files.upload(
    file={
        "file_name": "ultrachat_chunk_eval.jsonl",
        "content": open(os.path.join(folder, "ultrachat_chunk_eval.jsonl"), "rb"),  # noqa: SIM115  (as notebooks do)
    }
)
pprint(ultrachat_chunk_train)
print("uploaded", ultrachat_chunk_train.filename, ultrachat_chunk_train.object)

created_jobs = client.fine_tuning.jobs.create(
    model="open-mistral-7b",
    training_files=[{"file_id": ultrachat_chunk_train.id, "weight": 1}],
    validation_files=[ultrachat_chunk_eval.id],
    hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
    auto_start=False,
    integrations=[{"project": "finetuning", "api_key": WANDB_API_KEY}],
)
pprint(created_jobs)
print("created", created_jobs.status, created_jobs.training_files == [ultrachat_chunk_train.id])

retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
while retrieved_job.status in ["QUEUED", "VALIDATING"]:
    retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
    print(f"Job is {retrieved_job.status}, waiting")
    time.sleep(0.05)
print("validated", retrieved_job.status)

client.fine_tuning.jobs.start(job_id=created_jobs.id)
retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
while retrieved_job.status not in ["SUCCESS", "FAILED", "FAILED_VALIDATION", "CANCELLED"]:
    time.sleep(0.05)
    retrieved_job = client.fine_tuning.jobs.get(job_id=created_jobs.id)
pprint(retrieved_job)
print("finished", retrieved_job.status, retrieved_job.fine_tuned_model is not None)
for event in retrieved_job.events:
    if event.data:
        print("event", event.name, json.dumps(event.data))
print("integration", retrieved_job.integrations[0].project, "api_key" not in json.dumps(retrieved_job.dict()))

jobs = client.fine_tuning.jobs.list()
print("listed", created_jobs.id in [job.id for job in jobs.data])

deleted_model = client.models.delete(model_id=retrieved_job.fine_tuned_model)
print("model deleted", deleted_model.deleted)
for uploaded in (ultrachat_chunk_train, ultrachat_chunk_eval):
    print("file deleted", client.files.delete(file_id=uploaded.id).deleted)
