# Code in the style of the examples shipped with mistralai 1.x: async calls, the models imported from
# `mistralai.models`, a file uploaded as a `File`, a job created, listed, read and cancelled, the file deleted.
# tests/test_guides.py runs it with only its import lines changed, against the fake server.
import asyncio
import os

from mistralai import Mistral
from mistralai.models import CompletionTrainingParametersIn, File, TrainingFile

LINE = b'{"messages": [{"role": "user", "content": "Ping?"}, {"role": "assistant", "content": "Pong."}]}\n'


async def main():
    api_key = os.environ["MISTRAL_API_KEY"]
    client = Mistral(api_key=api_key)

    training_data = await client.files.upload_async(file=File(file_name="file.jsonl", content=LINE * 12))
    print("uploaded", training_data.filename, training_data.purpose)

    created_job = await client.fine_tuning.jobs.create_async(
        model="open-mistral-7b",
        training_files=[TrainingFile(file_id=training_data.id, weight=1)],
        hyperparameters=CompletionTrainingParametersIn(
            training_steps=1,
            learning_rate=0.0001,
            warmup_fraction=0.01,
        ),
        auto_start=False,
    )
    print("created", created_job.status, created_job.hyperparameters.warmup_fraction)

    jobs = await client.fine_tuning.jobs.list_async()
    print("listed", any(job.id == created_job.id for job in jobs.data))

    retrieved_job = await client.fine_tuning.jobs.get_async(job_id=created_job.id)
    print("retrieved", retrieved_job.id == created_job.id, retrieved_job.model)

    canceled_job = await client.fine_tuning.jobs.cancel_async(job_id=created_job.id)
    print("canceled", canceled_job.status in ("CANCELLATION_REQUESTED", "CANCELLED"))

    deleted = await client.files.delete_async(file_id=training_data.id)
    print("deleted", deleted.deleted)


asyncio.run(main())
