# Code in the style of a framework's integration (a LlamaIndex- or LangChain-style fine-tuning engine): a class
# that holds a client, uploads a dataset, starts a job, reports its state as plain dicts and gives the model name
# once the job succeeded; typed with the SDK's model names, errors caught by class.
# tests/test_guides.py runs it with only its import lines changed, against the fake server.
import json
import os
import tempfile
import time
from typing import Any

from mistralai import Mistral
from mistralai.models import (
    CompletionDetailedJobOut,
    DetailedJobOut,
    JobsOut,
    SDKError,
    TrainingParametersIn,
    UploadFileOut,
)


class MistralFinetuneEngine:
    """Fine-tunes a Mistral model on a JSON Lines dataset."""

    def __init__(
        self,
        base_model: str = "open-mistral-7b",
        training_path: str | None = None,
        api_key: str | None = None,
        training_steps: int = 10,
        learning_rate: float = 0.0001,
        verbose: bool = False,
    ) -> None:
        self.base_model = base_model
        self.training_path = training_path
        self.training_steps = training_steps
        self.learning_rate = learning_rate
        self.verbose = verbose
        self._client = Mistral(api_key=api_key or os.environ.get("MISTRAL_API_KEY"))
        self._job_id: str | None = None
        self._file: UploadFileOut | None = None

    def _upload(self) -> UploadFileOut:
        with open(self.training_path, "rb") as handle:
            uploaded = self._client.files.upload(
                file={"file_name": os.path.basename(self.training_path), "content": handle}
            )
        if self.verbose:
            print(f"Uploaded {uploaded.filename}")
        return uploaded

    def finetune(self) -> None:
        self._file = self._upload()
        job = self._client.fine_tuning.jobs.create(
            model=self.base_model,
            training_files=[{"file_id": self._file.id, "weight": 1}],
            hyperparameters=TrainingParametersIn(training_steps=self.training_steps, learning_rate=self.learning_rate),
            auto_start=True,
        )
        self._job_id = job.id

    def get_current_job(self) -> DetailedJobOut:
        if self._job_id is None:
            raise ValueError("Must call finetune() first")
        return self._client.fine_tuning.jobs.get(job_id=self._job_id)

    def job_state(self) -> dict[str, Any]:
        job = self.get_current_job()
        state = job.model_dump(mode="json", exclude_none=True)
        state["events"] = [dict(event) for event in job.events]
        return state

    def metrics(self) -> list[dict[str, Any]]:
        job = self.get_current_job()
        return [{"step": c.step_number, **c.metrics.model_dump(exclude_none=True)} for c in job.checkpoints]

    def get_finetuned_model(self) -> str | None:
        job = self.get_current_job()
        if job.status != "SUCCESS":
            return None
        return job.fine_tuned_model

    def list_jobs(self) -> JobsOut:
        return self._client.fine_tuning.jobs.list(page=0, page_size=50)


folder = tempfile.mkdtemp()
dataset = os.path.join(folder, "dataset.jsonl")
with open(dataset, "w") as out:
    for question, answer in [("2+2?", "4."), ("Sky colour?", "Blue."), ("Opposite of hot?", "Cold.")] * 4:
        turns = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        out.write(json.dumps({"messages": turns}) + "\n")

engine = MistralFinetuneEngine(training_path=dataset, training_steps=5)
print("before", engine.get_finetuned_model() if engine._job_id else None)
engine.finetune()
while engine.get_finetuned_model() is None:
    if engine.job_state()["status"] in ("FAILED", "FAILED_VALIDATION", "CANCELLED"):
        break
    time.sleep(0.05)
state = engine.job_state()
print(
    "state",
    state["status"],
    state["object"],
    "api_key" not in json.dumps(state),
    isinstance(state["events"][0]["data"], dict),
)
print("model", engine.get_finetuned_model() is not None)
print("metrics", len(engine.metrics()) > 0, sorted(engine.metrics()[0])[:2])
print("typed", isinstance(engine.get_current_job(), CompletionDetailedJobOut))
print("jobs", engine._job_id in [job.id for job in engine.list_jobs().data])
try:
    engine._client.fine_tuning.jobs.get(job_id="00000000-0000-4000-8000-000000000000")
except SDKError as error:
    print("error", error.status_code)
