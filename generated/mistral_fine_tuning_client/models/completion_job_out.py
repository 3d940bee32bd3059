from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import (
    Any,
    ClassVar,
    Literal,
    Self,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.completion_job_out_status import CompletionJobOutStatus
from ..models.completion_training_parameters import CompletionTrainingParameters
from ..models.github_repository_out import GithubRepositoryOut
from ..models.job_metadata_out import JobMetadataOut
from ..models.wandb_integration_out import WandbIntegrationOut
from ..types import (
    UNSET,
    ConstMismatch,
    InvalidField,
    Model,
    UnknownVariant,
    check_field,
    check_items,
    expect_object,
    fields_or_unset,
    parse_item,
)

_new_instance = object.__new__


def _parse_integrations_type_0_item(value: Mapping[str, Any]) -> WandbIntegrationOut | UnknownVariant:
    """One item; a kind this client does not know (an unknown `type`, say) gives an UnknownVariant."""
    if type(value) is dict:
        try:  # the common case: a known kind, whose const fields its from_dict checks
            return WandbIntegrationOut.from_dict(value)
        except (KeyError, TypeError, ValueError):
            pass  # an unknown kind, or a bad field: parse_item tells which
    result: WandbIntegrationOut | UnknownVariant = parse_item(value, WandbIntegrationOut)
    return result


def _parse_repositories_item(value: Mapping[str, Any]) -> GithubRepositoryOut | UnknownVariant:
    """One item; a kind this client does not know (an unknown `type`, say) gives an UnknownVariant."""
    if type(value) is dict:
        try:  # the common case: a known kind, whose const fields its from_dict checks
            return GithubRepositoryOut.from_dict(value)
        except (KeyError, TypeError, ValueError):
            pass  # an unknown kind, or a bad field: parse_item tells which
    result: GithubRepositoryOut | UnknownVariant = parse_item(value, GithubRepositoryOut)
    return result


_get_fields = itemgetter(
    "id",
    "auto_start",
    "model",
    "status",
    "created_at",
    "modified_at",
    "training_files",
    "hyperparameters",
    "validation_files",
    "object",
    "fine_tuned_model",
    "suffix",
    "integrations",
    "trained_tokens",
    "metadata",
    "job_type",
    "repositories",
)
_FIELDS: tuple[str, ...] = (
    "id",
    "auto_start",
    "model",
    "status",
    "created_at",
    "modified_at",
    "training_files",
    "hyperparameters",
    "validation_files",
    "object",
    "fine_tuned_model",
    "suffix",
    "integrations",
    "trained_tokens",
    "metadata",
    "job_type",
    "repositories",
)
_REQUIRED: frozenset[str] = frozenset(
    (
        "id",
        "auto_start",
        "model",
        "status",
        "created_at",
        "modified_at",
        "training_files",
        "hyperparameters",
    )
)
_KNOWN: frozenset[str] = frozenset(_FIELDS)
_NO_NULLS: frozenset[str] = frozenset()


@_attrs_define(repr=False)
class CompletionJobOut(Model):
    """A completion fine-tuning job."""

    id: str
    """ The job's id (a UUID). """

    auto_start: bool
    """ Whether training starts by itself once validation passes. """

    model: str
    """ The base model being fine-tuned. """

    status: CompletionJobOutStatus
    """ Where the job is in its life. """

    created_at: int
    """ When the job was created, in Unix seconds. """

    modified_at: int
    """ When the job last changed, in Unix seconds. """

    training_files: list[str]
    """ Ids of the files trained on. """

    hyperparameters: CompletionTrainingParameters
    """ The training settings a completion job runs with. """

    validation_files: list[str] = _attrs_field(factory=list)
    """ Ids of the files validated on. """

    object_: Literal["job"] = "job"

    fine_tuned_model: None | str = None
    """ Name of the resulting model; null until training has finished. """

    suffix: None | str = None
    """ The suffix given at creation, part of the fine-tuned model's name. """

    integrations: list[WandbIntegrationOut | UnknownVariant] = _attrs_field(factory=list)
    """ Services the job reports to. """

    trained_tokens: int | None = None
    """ Tokens processed by training so far. """

    metadata: JobMetadataOut | None = None

    job_type: Literal["completion"] = "completion"
    """ The kind of job. """

    repositories: list[GithubRepositoryOut | UnknownVariant] = _attrs_field(factory=list)

    JSON_FIELDS: ClassVar[frozenset[str]] = _KNOWN
    """ The property names this model knows, as they appear in JSON. """
    _FIELD_NAMES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("id", "id"),
        ("auto_start", "auto_start"),
        ("model", "model"),
        ("status", "status"),
        ("created_at", "created_at"),
        ("modified_at", "modified_at"),
        ("training_files", "training_files"),
        ("hyperparameters", "hyperparameters"),
        ("validation_files", "validation_files"),
        ("object_", "object"),
        ("fine_tuned_model", "fine_tuned_model"),
        ("suffix", "suffix"),
        ("integrations", "integrations"),
        ("trained_tokens", "trained_tokens"),
        ("metadata", "metadata"),
        ("job_type", "job_type"),
        ("repositories", "repositories"),
    )
    _DEFAULTS: ClassVar[Mapping[str, Any]] = {}
    SECRET_FIELDS: ClassVar[frozenset[str]] = frozenset(())
    TERMINAL: ClassVar[Mapping[str, frozenset[str]]] = {
        "status": frozenset(
            (
                "FAILED_VALIDATION",
                "FAILED",
                "SUCCESS",
                "CANCELLED",
            )
        ),
    }
    """ For a field whose spec lists `x-terminal` values (a job's status): the values it never leaves. """
    CONSTS: ClassVar[Mapping[str, Any]] = {
        "object": "job",
        "job_type": "completion",
    }
    _IS_REQUEST: ClassVar[bool] = False
    _REQUIRED_FIELDS: ClassVar[frozenset[str]] = _REQUIRED
    _NULLABLE: ClassVar[frozenset[str]] = frozenset(
        (
            "validation_files",
            "fine_tuned_model",
            "suffix",
            "integrations",
            "trained_tokens",
            "metadata",
        )
    )
    _SCHEMA_NAME: ClassVar[str] = "CompletionJobOut"
    _REQUIRED_KINDS: ClassVar[Mapping[str, str]] = {
        "id": "s",
        "auto_start": "b",
        "model": "s",
        "status": "s",
        "created_at": "i",
        "modified_at": "i",
        "training_files": "ln",
        "hyperparameters": "o",
    }
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    """ Fields the server sent that this client does not know; sent back unchanged by to_dict. """
    _present: frozenset[str] = _attrs_field(init=False, eq=False, factory=frozenset)
    # The list fields the server sent as null (read as []), sent back as null while still empty.
    _nulls: frozenset[str] = _attrs_field(init=False, eq=False, factory=frozenset)

    def __attrs_post_init__(self) -> None:
        # Built by hand (not parsed): the fields given count as sent.
        self._present = (
            frozenset(name for attribute, name in self._FIELD_NAMES if getattr(self, attribute) not in (None, []))
            | _REQUIRED
        )

    @property
    def object(self) -> Literal["job"]:
        """`object_` under its JSON name, as the official SDK spells it."""
        return self.object_

    @object.setter
    def object(self, value: Literal["job"]) -> None:
        self.object_ = value

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from a decoded JSON object. A missing required field raises KeyError; unknown fields are kept."""
        if type(src_dict) is not dict:
            expect_object(src_dict)
        try:
            values = _get_fields(src_dict)
            complete = len(src_dict) == 17
            present = _KNOWN
        except KeyError:
            values = fields_or_unset(src_dict, _FIELDS, _REQUIRED)
            complete = _KNOWN.issuperset(src_dict)
            present = _KNOWN.intersection(src_dict)
        (
            id,
            auto_start,
            model,
            status,
            created_at,
            modified_at,
            training_files,
            hyperparameters,
            validation_files,
            object_,
            fine_tuned_model,
            suffix,
            integrations,
            trained_tokens,
            metadata,
            job_type,
            repositories,
        ) = values
        nulls: list[str] = []
        if type(id) is not str:
            check_field(id, "s", "id", src_dict)
        if type(auto_start) is not bool:
            check_field(auto_start, "b", "auto_start", src_dict)
        if type(model) is not str:
            check_field(model, "s", "model", src_dict)
        if type(status) is not str:
            check_field(status, "s", "status", src_dict)
        status = CompletionJobOutStatus.from_json(status)
        if type(created_at) is not int:
            check_field(created_at, "i", "created_at", src_dict)
        if type(modified_at) is not int:
            check_field(modified_at, "i", "modified_at", src_dict)
        if type(training_files) is not list and training_files is not None:
            check_field(training_files, "ln", "training_files", src_dict)
        if type(training_files) is list:
            for item in training_files:
                if type(item) is not str:
                    check_items(training_files, "s", "training_files", src_dict)
        if training_files is None:  # null reads as [], and is sent back as null
            training_files = []
            nulls.append("training_files")
        elif training_files is UNSET:
            training_files = []
        if type(hyperparameters) is not dict:
            check_field(hyperparameters, "o", "hyperparameters", src_dict)
        try:
            hyperparameters = CompletionTrainingParameters.from_dict(hyperparameters)
        except InvalidField as exc:
            raise exc.at("hyperparameters", src_dict) from None
        if type(validation_files) is not list and validation_files is not None and validation_files is not UNSET:
            check_field(validation_files, "lnu", "validation_files", src_dict)
        if type(validation_files) is list:
            for item in validation_files:
                if type(item) is not str:
                    check_items(validation_files, "s", "validation_files", src_dict)
        if validation_files is None:  # null reads as [], and is sent back as null
            validation_files = []
            nulls.append("validation_files")
        elif validation_files is UNSET:
            validation_files = []
        if object_ != "job" and object_ is not UNSET:
            raise ConstMismatch("object", "job", object_)
        if object_ is UNSET:
            object_ = "job"
        if type(fine_tuned_model) is not str and fine_tuned_model is not None and fine_tuned_model is not UNSET:
            check_field(fine_tuned_model, "nsu", "fine_tuned_model", src_dict)
        if fine_tuned_model is UNSET:
            fine_tuned_model = None
        if type(suffix) is not str and suffix is not None and suffix is not UNSET:
            check_field(suffix, "nsu", "suffix", src_dict)
        if suffix is UNSET:
            suffix = None
        if type(integrations) is not list and integrations is not None and integrations is not UNSET:
            check_field(integrations, "lnu", "integrations", src_dict)
        try:
            if integrations is None:  # null reads as [], and is sent back as null
                integrations = []
                nulls.append("integrations")
            elif integrations is UNSET:
                integrations = []
            else:
                integrations = [_parse_integrations_type_0_item(item0) for item0 in integrations]
        except InvalidField as exc:
            raise exc.at_item("integrations", integrations, src_dict) from None
        if type(trained_tokens) is not int and trained_tokens is not None and trained_tokens is not UNSET:
            check_field(trained_tokens, "inu", "trained_tokens", src_dict)
        if trained_tokens is UNSET:
            trained_tokens = None
        if type(metadata) is not dict and metadata is not None and metadata is not UNSET:
            check_field(metadata, "nou", "metadata", src_dict)
        try:
            if metadata is UNSET:
                metadata = None
            if metadata is not None:
                if isinstance(metadata, dict):
                    metadata = JobMetadataOut.from_dict(metadata)
        except InvalidField as exc:
            raise exc.at("metadata", src_dict) from None
        if job_type != "completion" and job_type is not UNSET:
            raise ConstMismatch("job_type", "completion", job_type)
        if job_type is UNSET:
            job_type = "completion"
        if type(repositories) is not list and repositories is not None and repositories is not UNSET:
            check_field(repositories, "lnu", "repositories", src_dict)
        try:
            if repositories is None:  # null reads as [], and is sent back as null
                repositories = []
                nulls.append("repositories")
            elif repositories is UNSET:
                repositories = []
            else:
                repositories = [_parse_repositories_item(item0) for item0 in repositories]
        except InvalidField as exc:
            raise exc.at_item("repositories", repositories, src_dict) from None
        # Filling a bare instance skips type.__call__ and the attrs __init__ frame: a fifth of the cost of a small model.
        completion_job_out = _new_instance(cls)
        completion_job_out.id = id
        completion_job_out.auto_start = auto_start
        completion_job_out.model = model
        completion_job_out.status = status
        completion_job_out.created_at = created_at
        completion_job_out.modified_at = modified_at
        completion_job_out.training_files = training_files
        completion_job_out.hyperparameters = hyperparameters
        completion_job_out.validation_files = validation_files
        completion_job_out.object_ = object_
        completion_job_out.fine_tuned_model = fine_tuned_model
        completion_job_out.suffix = suffix
        completion_job_out.integrations = integrations
        completion_job_out.trained_tokens = trained_tokens
        completion_job_out.metadata = metadata
        completion_job_out.job_type = job_type
        completion_job_out.repositories = repositories
        completion_job_out.additional_properties = (
            {} if complete else {key: value for key, value in src_dict.items() if key not in _KNOWN}
        )
        completion_job_out._present = present
        completion_job_out._nulls = frozenset(nulls) if nulls else _NO_NULLS
        return completion_job_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
