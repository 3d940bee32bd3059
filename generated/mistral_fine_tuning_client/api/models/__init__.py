"""The operations tagged `models`, one module each, as the facade offers them"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, TypedDict

from ...types import Operation, Parameter

if TYPE_CHECKING:  # what the annotations below may name (a tag's operations may not need them all)
    import datetime  # noqa: F401
    from collections.abc import Sequence  # noqa: F401
    from typing import Literal, Required  # noqa: F401


# (module, HTTP method, path template) for every operation of this tag, in the spec's order.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("jobs_api_routes_fine_tuning_update_fine_tuned_model", "PATCH", "/v1/fine_tuning/models/{model_id}"),
    ("jobs_api_routes_fine_tuning_archive_fine_tuned_model", "POST", "/v1/fine_tuning/models/{model_id}/archive"),
    ("jobs_api_routes_fine_tuning_unarchive_fine_tuned_model", "DELETE", "/v1/fine_tuning/models/{model_id}/archive"),
    ("retrieve_model_v1_models_model_id_get", "GET", "/v1/models/{model_id}"),
    ("delete_model_v1_models_model_id_delete", "DELETE", "/v1/models/{model_id}"),
)

if TYPE_CHECKING:  # for type checkers only: at run time OPERATIONS describes the same arguments

    class JobsApiRoutesFineTuningUpdateFineTunedModelBodyArguments(TypedDict, total=False):
        """The fields of the body of `PATCH /v1/fine_tuning/models/{model_id}` (UpdateFTModelIn), as keyword arguments."""

        name: str | None
        description: str | None

    class JobsApiRoutesFineTuningUpdateFineTunedModelArguments(
        JobsApiRoutesFineTuningUpdateFineTunedModelBodyArguments, total=False
    ):
        """The keyword arguments of `PATCH /v1/fine_tuning/models/{model_id}`: its parameters, and the body's fields."""

        model_id: Required[str]

    class JobsApiRoutesFineTuningArchiveFineTunedModelArguments(TypedDict, total=False):
        """The keyword arguments of `POST /v1/fine_tuning/models/{model_id}/archive`."""

        model_id: Required[str]

    class JobsApiRoutesFineTuningUnarchiveFineTunedModelArguments(TypedDict, total=False):
        """The keyword arguments of `DELETE /v1/fine_tuning/models/{model_id}/archive`."""

        model_id: Required[str]

    class RetrieveModelV1ModelsModelIdGetArguments(TypedDict, total=False):
        """The keyword arguments of `GET /v1/models/{model_id}`."""

        model_id: Required[str]

    class DeleteModelV1ModelsModelIdDeleteArguments(TypedDict, total=False):
        """The keyword arguments of `DELETE /v1/models/{model_id}`."""

        model_id: Required[str]


# Each operation's keyword arguments at run time: name, where it goes, the generated code's name for it, whether it
# is required, the types it accepts (as text) and its default.
OPERATIONS: dict[str, Operation] = {
    "jobs_api_routes_fine_tuning_update_fine_tuned_model": Operation(
        "jobs_api_routes_fine_tuning_update_fine_tuned_model",
        "PATCH",
        "/v1/fine_tuning/models/{model_id}",
        (
            Parameter("model_id", "path", attribute="model_id", required=True, annotation="str"),
            Parameter("name", "body", attribute="name", required=False, annotation="str | None"),
            Parameter("description", "body", attribute="description", required=False, annotation="str | None"),
        ),
        body="UpdateFTModelIn",
    ),
    "jobs_api_routes_fine_tuning_archive_fine_tuned_model": Operation(
        "jobs_api_routes_fine_tuning_archive_fine_tuned_model",
        "POST",
        "/v1/fine_tuning/models/{model_id}/archive",
        (Parameter("model_id", "path", attribute="model_id", required=True, annotation="str"),),
    ),
    "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model": Operation(
        "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model",
        "DELETE",
        "/v1/fine_tuning/models/{model_id}/archive",
        (Parameter("model_id", "path", attribute="model_id", required=True, annotation="str"),),
    ),
    "retrieve_model_v1_models_model_id_get": Operation(
        "retrieve_model_v1_models_model_id_get",
        "GET",
        "/v1/models/{model_id}",
        (Parameter("model_id", "path", attribute="model_id", required=True, annotation="str"),),
    ),
    "delete_model_v1_models_model_id_delete": Operation(
        "delete_model_v1_models_model_id_delete",
        "DELETE",
        "/v1/models/{model_id}",
        (Parameter("model_id", "path", attribute="model_id", required=True, annotation="str"),),
    ),
}


def load(module: str) -> ModuleType:
    """The module of one of these operations, imported on first use (it loads the models it needs)."""
    if module == "jobs_api_routes_fine_tuning_update_fine_tuned_model":
        from . import jobs_api_routes_fine_tuning_update_fine_tuned_model

        return jobs_api_routes_fine_tuning_update_fine_tuned_model
    if module == "jobs_api_routes_fine_tuning_archive_fine_tuned_model":
        from . import jobs_api_routes_fine_tuning_archive_fine_tuned_model

        return jobs_api_routes_fine_tuning_archive_fine_tuned_model
    if module == "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model":
        from . import jobs_api_routes_fine_tuning_unarchive_fine_tuned_model

        return jobs_api_routes_fine_tuning_unarchive_fine_tuned_model
    if module == "retrieve_model_v1_models_model_id_get":
        from . import retrieve_model_v1_models_model_id_get

        return retrieve_model_v1_models_model_id_get
    if module == "delete_model_v1_models_model_id_delete":
        from . import delete_model_v1_models_model_id_delete

        return delete_model_v1_models_model_id_delete
    raise KeyError(f"no operation module {module!r}")


__all__ = ["OPERATIONS", "ROUTES", "load"]
