"""Request bodies for preloaded jobs: the documentation's example jobs and realistic bulk jobs."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from typing import Any, Final

MODELS: Final = (
    "open-mistral-7b",
    "mistral-small-latest",
    "codestral-latest",
    "open-mistral-nemo",
    "ministral-8b-latest",
)
CLASSIFIER_MODELS: Final = ("ministral-3b-latest", "ministral-8b-latest")
BULK_STATUSES: Final = (
    ("SUCCESS", 14),
    ("FAILED", 2),
    ("CANCELLED", 2),
    ("FAILED_VALIDATION", 1),
    ("VALIDATED", 1),
)
"""Statuses for bulk jobs and their weights: only states that do not change with time, so lists stay stable."""


@dataclass(frozen=True, slots=True)
class SeedJob:
    """A preloaded job: its id, the status it has reached, and the create body it came from."""

    job_id: str
    status: str
    body: dict[str, Any]


def _file(seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fake-mistral-file:{seed}"))


@dataclass(frozen=True, slots=True)
class SeedFile:
    """A preloaded file named by an example job: its id, its name, and valid chat data."""

    file_id: str
    filename: str
    content: bytes


def _chat(topic: str, count: int) -> bytes:
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"Question {index} about {topic}?"},
                    {"role": "assistant", "content": f"Answer {index} about {topic}."},
                ]
            }
        )
        for index in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


EXAMPLE_FILES: Final = (
    SeedFile(_file("ultrachat-train"), "ultrachat_chunk_train.jsonl", _chat("anything", 20)),
    SeedFile(_file("ultrachat-eval"), "ultrachat_chunk_eval.jsonl", _chat("anything else", 4)),
    SeedFile(_file("support-train"), "support_train.jsonl", _chat("our product", 20)),
    SeedFile(_file("support-eval"), "support_eval.jsonl", _chat("our service", 4)),
    SeedFile(_file("code-train"), "code_train.jsonl", _chat("Python", 20)),
)
"""The files the example jobs name, preloaded with them."""

EXAMPLES: Final = (
    SeedJob(
        "b888f774-3e7c-4135-a18c-6b985523c4bc",
        "SUCCESS",
        {
            "model": "open-mistral-7b",
            "training_files": [{"file_id": _file("ultrachat-train"), "weight": 1.0}],
            "validation_files": [_file("ultrachat-eval")],
            "suffix": "my-great-model",
            "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
            "integrations": [{"type": "wandb", "project": "finetuning", "name": "docs-example", "api_key": "a" * 40}],
            "auto_start": True,
        },
    ),
    SeedJob(
        "0f713502-9233-41c6-9ebd-c570b7edb496",
        "RUNNING",
        {
            "model": "mistral-small-latest",
            "training_files": [{"file_id": _file("support-train"), "weight": 1.0}],
            "validation_files": [_file("support-eval")],
            "suffix": "support-bot",
            "hyperparameters": {"training_steps": 1000, "learning_rate": 0.0001},
            "auto_start": True,
        },
    ),
    SeedJob(
        "0bf0f9e6-c3e5-4d61-aac8-0e36dcac0dfc",
        "VALIDATED",
        {
            "model": "codestral-latest",
            "training_files": [{"file_id": _file("code-train"), "weight": 1.0}],
            "hyperparameters": {"training_steps": 20, "learning_rate": 0.0001, "fim_ratio": 0.9},
            "auto_start": False,
        },
    ),
)


def bulk_job(rng: random.Random, index: int, job_type: str | None, model: str | None) -> dict[str, Any]:
    """Return a realistic create body with every optional field filled, varied by ``rng``."""
    kind = job_type or ("classifier" if index % 5 == 4 else "completion")
    chosen_model = model or rng.choice(CLASSIFIER_MODELS if kind == "classifier" else MODELS)
    hyperparameters: dict[str, Any] = {
        "training_steps": rng.choice((10, 20, 50, 100, 200)),
        "learning_rate": rng.choice((0.0001, 0.00005, 0.0002)),
        "weight_decay": 0.1,
        "warmup_fraction": 0.05,
        "epochs": round(rng.uniform(1.0, 5.0), 4),
        "seq_len": rng.choice((4096, 8192, 16384, 32768)),
    }
    body: dict[str, Any] = {
        "model": chosen_model,
        "job_type": kind,
        "training_files": [
            {"file_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "weight": 1.0}
            for _ in range(rng.randint(1, 3))
        ],
        "validation_files": [str(uuid.UUID(int=rng.getrandbits(128), version=4))],
        "suffix": f"run-{index:05d}",
        "integrations": [
            {
                "type": "wandb",
                "project": f"project-{index % 7}",
                "name": f"run-{index:05d}",
                "run_name": f"sweep-{index % 3}",
                "api_key": f"{rng.getrandbits(160):040x}",
            }
        ],
        "auto_start": False,
        "invalid_sample_skip_percentage": 0.0,
        "hyperparameters": hyperparameters,
    }
    if kind == "completion":
        hyperparameters["fim_ratio"] = 0.9
        body["repositories"] = [
            {
                "type": "github",
                "name": f"repo-{index % 11}",
                "owner": "acme",
                "ref": "main",
                "weight": 1.0,
                "token": "ghp_" + "x" * 36,
            }
        ]
    else:
        body["classifier_targets"] = [
            {"name": "sentiment", "labels": ["negative", "neutral", "positive"], "weight": 1.0},
            {"name": "topics", "labels": ["billing", "bug", "feature"], "weight": 0.5, "loss_function": "multi_class"},
        ]
    return body


def bulk_status(rng: random.Random) -> str:
    """Pick a status for a bulk job, weighted towards finished jobs."""
    names = [name for name, _ in BULK_STATUSES]
    weights = [weight for _, weight in BULK_STATUSES]
    return rng.choices(names, weights)[0]
