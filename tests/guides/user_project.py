# Code in the style of a user's own project built on mistralai 1.x: a report of the organisation's jobs (pages walked
# by hand, filtered by status and date), each exported to JSON from its pydantic form, a running job cancelled, a
# missing one reported; the client configured with a retry policy and read from the environment.
# tests/test_guides.py runs it with only its import lines changed, against the fake server (with its example jobs).
import datetime
import json
import os
import sys

from mistralai import Mistral, models
from mistralai.utils import BackoffStrategy, RetryConfig


def make_client() -> Mistral:
    key = os.environ.get("MISTRAL_API_KEY")
    if not key:
        sys.exit("MISTRAL_API_KEY is not set")
    return Mistral(api_key=key, retry_config=RetryConfig("backoff", BackoffStrategy(10, 100, 1.5, 1000), True))


def all_jobs(client: Mistral, **filters) -> list:
    jobs, page = [], 0
    while True:
        res = client.fine_tuning.jobs.list(page=page, page_size=2, **filters)
        jobs.extend(res.data)
        if len(res.data) < 2 or len(jobs) >= res.total:
            return jobs
        page += 1


def export(job) -> dict:
    row = dict(job)  # pydantic models iterate as (field, value) pairs
    row["status"] = str(row["status"])
    row["hyperparameters"] = job.hyperparameters.dict()
    row.pop("events", None), row.pop("checkpoints", None), row.pop("integrations", None)
    row.pop("repositories", None), row.pop("metadata", None)
    return json.loads(json.dumps(row, default=str))


client = make_client()
every = all_jobs(client)
print("jobs", len(every), len({job.id for job in every}) == len(every))
since = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
succeeded = all_jobs(client, status="SUCCESS", created_after=since)
print("succeeded", succeeded[0].status, all(job.fine_tuned_model for job in succeeded))

for job in succeeded[:1]:
    exported = export(job)
    print("exported", exported["id"] == job.id, exported["hyperparameters"] == job.hyperparameters.model_dump())
    details = client.fine_tuning.jobs.get(job_id=job.id)
    as_dict = vars(details)
    print("details", sorted(as_dict)[:3], len(details.checkpoints) == len(as_dict["checkpoints"]))
    text = details.json()
    again = type(details).parse_raw(text)
    print("round trip", again == details, again.model_dump() == details.model_dump())
    copy = details.copy(update={"suffix": "renamed"})
    print("copied", copy.suffix, details.suffix != "renamed")

running = all_jobs(client, status="RUNNING")
if running:
    cancelled = client.fine_tuning.jobs.cancel(job_id=running[0].id)
    print("cancelled", cancelled.status)

try:
    client.fine_tuning.jobs.get(job_id="00000000-0000-4000-8000-000000000000")
except models.SDKError as e:
    print("missing", e.status_code, "Status 404" in e.message)

schema = models.JobsOut.model_json_schema()
print("schema", schema["title"], sorted(schema["properties"]))
