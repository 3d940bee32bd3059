"""`Mistral(...).models`: a model's card, and the operations on the fine-tuned models that jobs make (rename,
archive, unarchive, delete), each with an `_async` twin. Declared as `_jobs` declares the jobs operations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Unpack

from ._resource import Endpoint, RawResource, Resource, pair, raw_pair

if TYPE_CHECKING:
    from . import _api
    from ._api import models_api as spec
    from ._transport import Call
    from ._types import CallOptions

    class UpdateArguments(spec.JobsApiRoutesFineTuningUpdateFineTunedModelArguments, CallOptions, total=False):
        """`models.update`'s keyword arguments."""

    class ArchiveArguments(spec.JobsApiRoutesFineTuningArchiveFineTunedModelArguments, CallOptions, total=False):
        """`models.archive`'s keyword arguments."""

    class UnarchiveArguments(spec.JobsApiRoutesFineTuningUnarchiveFineTunedModelArguments, CallOptions, total=False):
        """`models.unarchive`'s keyword arguments."""

    class RetrieveArguments(spec.RetrieveModelV1ModelsModelIdGetArguments, CallOptions, total=False):
        """`models.retrieve`'s keyword arguments."""

    class DeleteArguments(spec.DeleteModelV1ModelsModelIdDeleteArguments, CallOptions, total=False):
        """`models.delete`'s keyword arguments."""


_UPDATE: Final = Endpoint(
    "update",
    "jobs_api_routes_fine_tuning_update_fine_tuned_model",
    idempotent=True,
    echo="model_id",
    shown="CompletionFTModelOut | ClassifierFTModelOut | UnknownVariant",
)
_ARCHIVE: Final = Endpoint(
    "archive", "jobs_api_routes_fine_tuning_archive_fine_tuned_model", idempotent=True, echo="model_id"
)
_UNARCHIVE: Final = Endpoint(
    "unarchive", "jobs_api_routes_fine_tuning_unarchive_fine_tuned_model", idempotent=True, echo="model_id"
)
_RETRIEVE: Final = Endpoint(  # no echo: a base model may be asked for by an alias of its id
    "retrieve",
    "retrieve_model_v1_models_model_id_get",
    idempotent=True,
    shown="BaseModelCard | FTModelCard | UnknownVariant",
)
_DELETE: Final = Endpoint("delete", "delete_model_v1_models_model_id_delete", idempotent=True, echo="model_id")


class Models(Resource):
    """Models: `retrieve` a model's card, and for a fine-tuned model `update` (name, description), `archive`,
    `unarchive` and `delete`; each with an `_async` twin. A fine-tuned model's id is its job's `fine_tuned_model`.

    Every method also takes `retries`, `server_url`, `timeout_ms` and `http_headers`, for that call only.
    """

    @property
    def with_raw_response(self) -> ModelsWithRawResponse:
        """The same calls, each returning a `RawResponse` whose `parse()` gives the usual result."""
        return ModelsWithRawResponse(self)

    def _update(
        self, **kwargs: Unpack[UpdateArguments]
    ) -> Call[_api.models.CompletionFTModelOut | _api.models.ClassifierFTModelOut | _api.UnknownVariant]:
        """Rename a fine-tuned model or change its description; only the fields given are sent (None clears one).

        Returns:
            `models.CompletionFTModelOut` or `models.ClassifierFTModelOut`, by the job type that made it.
        """
        return self._prepare(_UPDATE, kwargs)

    update, update_async = pair(_update, _UPDATE)

    def _archive(self, **kwargs: Unpack[ArchiveArguments]) -> Call[_api.models.ArchiveFTModelOut]:
        """Archive a fine-tuned model (it stops serving requests); returns `models.ArchiveFTModelOut`."""
        return self._prepare(_ARCHIVE, kwargs)

    archive, archive_async = pair(_archive, _ARCHIVE)

    def _unarchive(self, **kwargs: Unpack[UnarchiveArguments]) -> Call[_api.models.UnarchiveFTModelOut]:
        """Bring an archived fine-tuned model back; returns `models.UnarchiveFTModelOut`."""
        return self._prepare(_UNARCHIVE, kwargs)

    unarchive, unarchive_async = pair(_unarchive, _UNARCHIVE)

    def _retrieve(
        self, **kwargs: Unpack[RetrieveArguments]
    ) -> Call[_api.models.BaseModelCard | _api.models.FTModelCard | _api.UnknownVariant]:
        """A model's card: `models.BaseModelCard` for one of Mistral's models, `models.FTModelCard` for a
        fine-tuned one."""
        return self._prepare(_RETRIEVE, kwargs)

    retrieve, retrieve_async = pair(_retrieve, _RETRIEVE)

    def _delete(self, **kwargs: Unpack[DeleteArguments]) -> Call[_api.models.DeleteModelOut]:
        """Delete a fine-tuned model; returns `models.DeleteModelOut`."""
        return self._prepare(_DELETE, kwargs)

    delete, delete_async = pair(_delete, _DELETE)


class ModelsWithRawResponse(RawResource[Models]):
    """`models.with_raw_response`: every operation, returning a `RawResponse` instead of the parsed model."""

    update, update_async = raw_pair(Models._update, _UPDATE)
    archive, archive_async = raw_pair(Models._archive, _ARCHIVE)
    unarchive, unarchive_async = raw_pair(Models._unarchive, _UNARCHIVE)
    retrieve, retrieve_async = raw_pair(Models._retrieve, _RETRIEVE)
    delete, delete_async = raw_pair(Models._delete, _DELETE)
