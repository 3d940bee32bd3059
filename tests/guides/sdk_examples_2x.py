# Code in the style of the examples and reference pages of mistralai 2.x: `mistralai.client`, the 2.x names of the
# models, a retry policy from `mistralai.client.utils`, errors from `mistralai.client.errors`; a file uploaded and
# read back, a job created with the 2.x parameters class, started, and its details printed.
# tests/test_guides.py runs it with only its import lines changed, against the fake server.
import os
import time

from mistralai.client import Mistral, errors, models
from mistralai.client.models import CompletionTrainingParameters, TrainingFile
from mistralai.client.utils import BackoffStrategy, RetryConfig

LINE = b'{"messages": [{"role": "user", "content": "Capital of Italy?"}, {"role": "assistant", "content": "Rome."}]}\n'

with Mistral(
    api_key=os.getenv("MISTRAL_API_KEY", ""),
    retry_config=RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False),
) as mistral:
    res = mistral.files.upload(file={"file_name": "example.file.jsonl", "content": LINE * 10})
    assert isinstance(res, models.CreateFileResponse)
    print("uploaded", res.filename, res.size_bytes == len(LINE * 10))

    retrieved = mistral.files.retrieve(file_id=res.id)
    assert isinstance(retrieved, models.GetFileResponse)
    print("retrieved", retrieved.deleted, retrieved.sample_type)
    print("downloaded", mistral.files.download(file_id=res.id).read() == LINE * 10)
    print("signed", mistral.files.get_signed_url(file_id=res.id, expiry=1).url.startswith("http"))

    job = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b",
        hyperparameters=CompletionTrainingParameters(training_steps=2, learning_rate=0.0001),
        training_files=[TrainingFile(file_id=res.id, weight=1)],
        suffix="example",
        auto_start=False,
    )
    assert isinstance(job, models.CompletionFineTuningJob)
    print("created", job.suffix, job.hyperparameters.training_steps)

    while mistral.fine_tuning.jobs.get(job_id=job.id).status != "VALIDATED":
        time.sleep(0.05)
    started = mistral.fine_tuning.jobs.start(job_id=job.id)
    assert isinstance(started, models.CompletionFineTuningJobDetails)
    print("started", started.status in ("QUEUED", "STARTED", "RUNNING"))

    res_list = mistral.fine_tuning.jobs.list(page=0, page_size=100, created_by_me=True, suffix="example")
    assert isinstance(res_list, models.ListFineTuningJobsResponse)
    print("listed", [listed.id for listed in res_list.data] == [job.id])

    try:
        mistral.fine_tuning.jobs.get(job_id="00000000-0000-4000-8000-000000000000")
    except errors.SDKError as e:
        print("not found", e.status_code)

    files = mistral.files.list(page=0, page_size=100)
    assert isinstance(files, models.ListFilesResponse)
    print("files", res.id in [f.id for f in files.data])
