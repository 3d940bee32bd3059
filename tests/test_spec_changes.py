"""A spec change reaches `Mistral().fine_tuning.jobs` by regenerating alone.

Each test applies one upstream change to openapi.yaml in a copy of this repository, runs the generator there, and
uses the copy's package in a subprocess: a new body field, output field, list filter, status or string constraint
needs no edit at all; a new operation needs its `x-idempotent` in the spec and a few declarative lines in
`_jobs.py`, and until then the coverage test says so; a list filter or an operation the fake server does not
implement is flagged by the coverage test, not silently ignored. The new values are made up (``SYNTHETIC_...``), so
that the same change made by Mistral cannot collide with them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools import spec_json

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JOB = "b888f774-3e7c-4135-a18c-6b985523c4bc"
NEW_STATUS = "SYNTHETIC_NEW_STATUS"


def copy_repository(tmp: Path) -> Path:
    """The files generation and the package need, with the overlay's link to generated/ kept as a link."""
    copy = tmp / "repo"
    for name in ("openapi.yaml", "generator-config.yaml", "README.md", "pyproject.toml"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, copy / name)
    for folder in ("templates", "tests"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__", "cassettes"))
    shutil.copytree(ROOT / "overlay", copy / "overlay", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def change_spec(copy: Path, change: Callable[[dict[str, Any]], None]) -> None:
    spec = yaml.safe_load((copy / "openapi.yaml").read_text())
    change(spec)
    (copy / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))


def generate(copy: Path) -> None:
    output = copy / "generated" / "mistral_fine_tuning_client"
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}  # the hooks' pinned ruff
    command = [BIN / "openapi-python-client", "generate", "--path", "openapi.yaml", "--config", "generator-config.yaml"]
    command += ["--custom-template-path", "templates", "--meta", "none", "--fail-on-warning", "--output-path", output]
    subprocess.run([str(part) for part in command], cwd=copy, env=env, check=True, capture_output=True, timeout=120)
    spec_json.main([str(copy / "openapi.yaml"), str(output / "openapi.json")])  # as `make generate` does


def in_copy(copy: Path, script: str) -> Any:
    """Run `script` with the copy's package first on the path; it prints one JSON line, returned decoded."""
    env = {**os.environ, "PYTHONPATH": str(copy / "overlay")}
    command = [sys.executable, "-c", textwrap.dedent(script)]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def coverage(copy: Path, selection: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{copy / 'overlay'}:{copy}"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_coverage.py", "-k", selection],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


MOCK = """
import json, httpx2
from mistral_fine_tuning import Mistral, models, errors
sent = []
def answer(request):
    sent.append(request)
    return httpx2.Response(200, json=ANSWER)
async def answer_async(request):
    return answer(request)
mistral = Mistral(
    api_key="key",
    server_url="http://127.0.0.1:9",  # never reached: both clients answer from the mock
    client=httpx2.Client(transport=httpx2.MockTransport(answer)),
    async_client=httpx2.AsyncClient(transport=httpx2.MockTransport(answer_async)),
)
jobs = mistral.fine_tuning.jobs
"""

DETAILED = {
    "id": JOB,
    "auto_start": True,
    "model": "open-mistral-7b",
    "status": "SUCCESS",
    "created_at": 1,
    "modified_at": 2,
    "training_files": [],
    "hyperparameters": {},
    "job_type": "completion",
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return copy_repository(tmp_path)


def test_a_new_optional_body_field_is_a_typed_checked_keyword(copy: Path) -> None:
    def add_priority(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["JobIn"]["properties"]["priority"] = {"type": "integer", "title": "Priority"}

    change_spec(copy, add_priority)
    generate(copy)
    report = in_copy(
        copy,
        MOCK.replace("ANSWER", repr({**DETAILED, "priority": 5}))
        + """
jobs.create(model="m", hyperparameters={}, priority=5)
try:
    jobs.create(model="m", hyperparameters={}, priority="high")
    refused = None
except errors.InputValidationError as exc:
    refused = exc.param
import inspect
shown = "priority" in str(inspect.signature(jobs.create))
print(json.dumps([json.loads(sent[0].content)["priority"], refused, len(sent), shown]))
""",
    )
    assert report == [5, "priority", 1, True]


def test_a_new_output_field_is_parsed_and_typed(copy: Path) -> None:
    def add_cost(spec: dict[str, Any]) -> None:
        schema = spec["components"]["schemas"]["CompletionDetailedJobOut"]
        schema["properties"]["cost_usd"] = {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "Cost Usd"}

    change_spec(copy, add_cost)
    generate(copy)
    report = in_copy(
        copy,
        MOCK.replace("ANSWER", repr({**DETAILED, "cost_usd": 1.5}))
        + f"""
job = jobs.get(job_id="{JOB}")
print(json.dumps([job.cost_usd, job.additional_properties, "cost_usd" in type(job).JSON_FIELDS]))
""",
    )
    assert report == [1.5, {}, True]


def test_a_new_list_filter_is_sent_and_the_fake_is_flagged_until_it_knows_it(copy: Path) -> None:
    def add_filter(spec: dict[str, Any]) -> None:
        parameters = spec["paths"]["/v1/fine_tuning/jobs"]["get"]["parameters"]
        parameters.append(
            {
                "name": "synthetic_filter",
                "in": "query",
                "required": False,
                "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Synthetic Filter"},
            }
        )

    change_spec(copy, add_filter)
    generate(copy)
    report = in_copy(
        copy,
        MOCK.replace("ANSWER", repr({"total": 0, "data": []}))
        + """
jobs.list(synthetic_filter="ft:x")
print(json.dumps(dict(sent[0].url.params)))
""",
    )
    assert report["synthetic_filter"] == "ft:x"
    result = coverage(copy, "list_filter")
    assert result.returncode == 1 and "does not filter on ['synthetic_filter']" in result.stdout


def test_a_new_status_is_accepted_as_a_filter_by_the_client_and_the_fake(copy: Path) -> None:
    def add_status(spec: dict[str, Any]) -> None:
        listing = spec["paths"]["/v1/fine_tuning/jobs"]["get"]["parameters"]
        status = next(parameter for parameter in listing if parameter["name"] == "status")
        status["schema"]["anyOf"][0]["enum"].append(NEW_STATUS)
        for name in ("CompletionJobOut", "ClassifierJobOut", "CompletionDetailedJobOut", "ClassifierDetailedJobOut"):
            values = spec["components"]["schemas"][name]["properties"]["status"]["enum"]
            if NEW_STATUS not in values:  # the spec writes the job status once (a YAML anchor): one list for all four
                values.append(NEW_STATUS)

    change_spec(copy, add_status)
    generate(copy)
    report = in_copy(
        copy,
        f"""
import json
from mistral_fine_tuning import Mistral, models
from mistral_fine_tuning.testing import FakeMistralServer
with FakeMistralServer(speed=0) as server:
    server.add_job(status="{NEW_STATUS}")
    jobs = Mistral(api_key="k", server_url=server.server_url).fine_tuning.jobs
    page = jobs.list(status=models.QueryParamStatus.{NEW_STATUS})
print(json.dumps([page.total, str(page.data[0].status), page.data[0].status.name]))
""",
    )
    assert report == [1, NEW_STATUS, NEW_STATUS]
    assert coverage(copy, "status").returncode == 0


# A new rule on a request string: at most 40 characters of lower-case letters, digits and `._:-` for `model`.
MODEL_RULE = {"maxLength": 40, "pattern": "^[a-z0-9._:-]+$"}


def add_model_rule(spec: dict[str, Any]) -> None:
    model = spec["components"]["schemas"]["JobIn"]["properties"]["model"]
    assert not set(MODEL_RULE) & set(model), "openapi.yaml already constrains JobIn.model: pick another rule"
    model.update(MODEL_RULE)


@pytest.fixture(scope="module")
def constrained_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose spec has the new string rule, generated (once for the tests below)."""
    copy = copy_repository(tmp_path_factory.mktemp("constrained"))
    change_spec(copy, add_model_rule)
    generate(copy)
    return copy


FAKE_CREATES = """
import json, httpx2
from mistral_fine_tuning.testing import FakeMistralServer
answers = []
with FakeMistralServer(speed=0) as server, httpx2.Client(base_url=server.server_url) as http:
    for model in MODELS:
        body = {"model": model, "hyperparameters": {}}
        response = http.post("/v1/fine_tuning/jobs", json=body, headers={"authorization": "Bearer k"})
        refused = response.status_code == 422
        answers.append([response.status_code, [e["type"] for e in response.json()["detail"]] if refused else None])
print(json.dumps(answers))
"""


def test_a_new_string_constraint_leaves_generation_the_client_and_valid_values_working(constrained_copy: Path) -> None:
    report = in_copy(
        constrained_copy,
        MOCK.replace("ANSWER", repr(DETAILED))
        + """
job = jobs.create(model="open-mistral-7b", hyperparameters={"training_steps": 10})
print(json.dumps([json.loads(sent[0].content), job.id]))
""",
    )
    assert report == [{"model": "open-mistral-7b", "hyperparameters": {"training_steps": 10}}, JOB]
    accepted = in_copy(constrained_copy, FAKE_CREATES.replace("MODELS", repr(["open-mistral-7b", "m" * 40])))
    assert accepted == [[200, None], [200, None]]


def test_a_new_string_constraint_is_enforced_by_the_fake(constrained_copy: Path) -> None:
    refused = in_copy(constrained_copy, FAKE_CREATES.replace("MODELS", repr(["Open Mistral 7B!", "m" * 41])))
    assert refused == [[422, ["string_pattern_mismatch"]], [422, ["string_too_long"]]]


SYNTHETIC_LINES = {  # what a maintainer writes in _jobs.py for a new operation: its name, idempotency, docs
    "    class StartArguments(": (
        "    class SyntheticArguments(spec.JobsApiRoutesFineTuningSyntheticFineTuningJobArguments, CallOptions, "
        "total=False): ...\n\n"
        "    class StartArguments("
    ),
    "\n\nclass FineTuningJobs(": (
        '\n_SYNTHETIC: Final = Endpoint("synthetic", "jobs_api_routes_fine_tuning_synthetic_fine_tuning_job", '
        "idempotent=True)\n"
        "\n\nclass FineTuningJobs("
    ),
    "    start, start_async = pair(_start, _START)\n": (
        "    start, start_async = pair(_start, _START)\n\n"
        "    def _synthetic(self, **kwargs: Unpack[SyntheticArguments]) -> Call[DetailedJob]:\n"
        '        """Do a made-up thing to a job."""\n'
        "        return self._prepare(_SYNTHETIC, kwargs)\n\n"
        "    synthetic, synthetic_async = pair(_synthetic, _SYNTHETIC)\n"
    ),
    "    start, start_async = raw_pair(FineTuningJobs._start, _START)\n": (
        "    start, start_async = raw_pair(FineTuningJobs._start, _START)\n"
        "    synthetic, synthetic_async = raw_pair(FineTuningJobs._synthetic, _SYNTHETIC)\n"
    ),
}


def test_a_new_operation_costs_a_few_declarative_lines_and_ci_says_which(copy: Path) -> None:
    def add_synthetic(spec: dict[str, Any]) -> None:
        start = spec["paths"]["/v1/fine_tuning/jobs/{job_id}/start"]["post"]
        synthetic = {
            **start,
            "operationId": "jobs_api_routes_fine_tuning_synthetic_fine_tuning_job",
            "x-idempotent": True,
        }
        synthetic["summary"] = "A made-up operation on a job"
        spec["paths"]["/v1/fine_tuning/jobs/{job_id}/synthetic"] = {"post": synthetic}

    change_spec(copy, add_synthetic)
    generate(copy)
    before = coverage(copy, "public_method")
    assert (
        before.returncode == 1
        and "jobs_api_routes_fine_tuning_synthetic_fine_tuning_job has no public method" in before.stdout
    )

    jobs_module = copy / "overlay" / "mistral_fine_tuning" / "_jobs.py"
    text = jobs_module.read_text()
    for anchor, replacement in SYNTHETIC_LINES.items():
        assert anchor in text, anchor
        text = text.replace(anchor, replacement, 1)
    jobs_module.write_text(text)
    added = sum(replacement.count("\n") - anchor.count("\n") for anchor, replacement in SYNTHETIC_LINES.items())
    assert added <= 12  # a TypedDict of its keywords, the Endpoint, the method and its raw twin

    report = in_copy(
        copy,
        MOCK.replace("ANSWER", repr(DETAILED))
        + f"""
job = jobs.synthetic(job_id="{JOB}")
import asyncio
again = asyncio.run(jobs.synthetic_async(job_id="{JOB}"))
raw = jobs.with_raw_response.synthetic(job_id="{JOB}")
print(json.dumps([sent[0].method, sent[0].url.path, job.id, again.id, raw.status_code]))
""",
    )
    assert report == ["POST", f"/v1/fine_tuning/jobs/{JOB}/synthetic", JOB, JOB, 200]
    after = coverage(copy, "public_method or idempotent or implements_every_route or readme")
    assert "has no public method" not in after.stdout
    # What still needs a human: the fake's handler (its semantics) and the README's retry table.
    assert (
        "the fake server has no handler for ['jobs_api_routes_fine_tuning_synthetic_fine_tuning_job']" in after.stdout
    )
    assert "README's retry table" in after.stdout
