"""Models: the fine-tuned ones that successful jobs make, and a few of Mistral's base models.

A fine-tuned model appears when its job reaches SUCCESS, under the job's ``fine_tuned_model`` id. It can be renamed
and described, archived and unarchived, and deleted (then it is gone: later calls are 404). Base models are
fixed cards for a few well-known ids; they can be retrieved, not changed or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ._jobs import Job

OWNER: Final = "fake-organization"
"""``owned_by`` of every fine-tuned model: the caller's organization."""
WORKSPACE_ID: Final = "5e1a7f0c-3a52-4d1f-9a0e-7b6c2d8e4f10"
"""``workspace_id`` of every fine-tuned model."""
ROOT_VERSION: Final = "1"
"""``root_version`` of every fine-tuned model (the real values are not published)."""
BASE_CREATED: Final = 1700000000
"""``created`` of every base model card."""


@dataclass(frozen=True, slots=True)
class BaseModel:
    """A base model card's varying parts."""

    max_context_length: int
    capabilities: tuple[str, ...]
    description: str
    aliases: tuple[str, ...] = ()


_CHAT: Final = ("completion_chat", "function_calling", "fine_tuning")

BASE_MODELS: Final[dict[str, BaseModel]] = {
    "open-mistral-7b": BaseModel(32768, _CHAT, "Mistral 7B, an open-weight model.", ("mistral-tiny-2312",)),
    "open-mistral-nemo": BaseModel(131072, _CHAT, "Mistral NeMo, an open-weight 12B model."),
    "mistral-small-latest": BaseModel(131072, (*_CHAT, "vision"), "Mistral Small, the latest version."),
    "mistral-large-latest": BaseModel(131072, _CHAT, "Mistral Large, the latest version."),
    "codestral-latest": BaseModel(262144, (*_CHAT, "completion_fim"), "Codestral, for code, the latest version."),
    "ministral-3b-latest": BaseModel(131072, (*_CHAT, "classification"), "Ministral 3B, the latest version."),
    "ministral-8b-latest": BaseModel(131072, (*_CHAT, "classification"), "Ministral 8B, the latest version."),
}
"""The base models the fake knows (``GET /v1/models/{id}`` answers a ``BaseModelCard`` for each)."""

_BASE_CAPABILITIES: Final = (
    "completion_chat",
    "function_calling",
    "completion_fim",
    "fine_tuning",
    "vision",
    "ocr",
    "classification",
    "moderation",
    "audio",
    "audio_transcription",
)


def base_card(model_id: str) -> dict[str, Any] | None:
    """The ``BaseModelCard`` of a known base model, or None."""
    model = BASE_MODELS.get(model_id)
    if model is None:
        return None
    return {
        "id": model_id,
        "object": "model",
        "created": BASE_CREATED,
        "owned_by": "mistralai",
        "capabilities": {name: name in model.capabilities for name in _BASE_CAPABILITIES},
        "name": model_id,
        "description": model.description,
        "max_context_length": model.max_context_length,
        "aliases": list(model.aliases),
        "deprecation": None,
        "deprecation_replacement_model": None,
        "default_model_temperature": 0.3,
        "type": "base",
    }


@dataclass(slots=True)
class FineTunedModel:
    """A model a successful job made, with what its owner may change."""

    id: str
    job: Job
    created: int
    name: str | None = None
    description: str | None = None
    archived: bool = False

    @property
    def job_type(self) -> str:
        """``completion`` or ``classifier``: the ``model_type`` of the model."""
        return self.job.request.job_type

    @property
    def root(self) -> str:
        """The base model it was fine-tuned from."""
        return self.job.request.model

    def _capabilities(self) -> dict[str, bool]:
        classifier = self.job_type == "classifier"
        return {
            "completion_chat": not classifier,
            "completion_fim": "fim_ratio" in self.job.request.hyperparameters,
            "function_calling": not classifier,
            "fine_tuning": False,
            "classification": classifier,
        }

    def _context_length(self) -> int:
        base = BASE_MODELS.get(self.root)
        return base.max_context_length if base is not None else 32768

    def out(self) -> dict[str, Any]:
        """The model as ``CompletionFTModelOut`` or ``ClassifierFTModelOut`` (by ``model_type``)."""
        body: dict[str, Any] = {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": OWNER,
            "workspace_id": WORKSPACE_ID,
            "root": self.root,
            "root_version": ROOT_VERSION,
            "archived": self.archived,
            "name": self.name,
            "description": self.description,
            "capabilities": self._capabilities(),
            "max_context_length": self._context_length(),
            "aliases": [],
            "job": self.job.id,
            "model_type": self.job_type,
        }
        if self.job_type == "classifier":
            body["classifier_targets"] = self.job.request.classifier_targets
        return body

    def card(self) -> dict[str, Any]:
        """The model as ``FTModelCard`` (``type`` is ``fine-tuned``, in lower case)."""
        capabilities = dict.fromkeys(_BASE_CAPABILITIES, False)
        capabilities.update(self._capabilities())
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": OWNER,
            "capabilities": capabilities,
            "name": self.name,
            "description": self.description,
            "max_context_length": self._context_length(),
            "aliases": [],
            "deprecation": None,
            "deprecation_replacement_model": None,
            "default_model_temperature": None,
            "type": "fine-tuned",
            "job": self.job.id,
            "root": self.root,
            "archived": self.archived,
        }
