"""What the fake reads from ``openapi.yaml``: the document itself, its operations, and the enums jobs are made of.

The spec ships with the generated code as JSON (``make generate`` writes it; ``_api.openapi_spec`` reads it), so
the fake validates requests against the very document the client was generated from (see ``_validate``):

- ``SPEC``: the decoded document; ``ROUTES``: every operation's name (its operationId), HTTP method and path
  template, from the generated route table;
- ``JOB_STATUSES``, ``JOB_TYPES``, ``LOSS_FUNCTIONS``: the members of the spec's enums, in declaration order;
- ``operations`` and ``resolve``: what the request validator is compiled from.

A status, job type, loss function, route, parameter or field added to the spec therefore reaches the fake by
regenerating the client, with no edit here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from .._api import ROUTES, openapi_spec

__all__ = [
    "CREATE_OPERATION",
    "FILE_LIST_OPERATION",
    "JOB_STATUSES",
    "JOB_TYPES",
    "LIST_OPERATION",
    "LOSS_FUNCTIONS",
    "ROUTES",
    "SPEC",
    "UPDATE_MODEL_OPERATION",
    "UPLOAD_OPERATION",
    "Operation",
    "enum_values",
    "operations",
    "resolve",
]

_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Operation = tuple[str, str, str, Mapping[str, Any], tuple[Mapping[str, Any], ...]]
"""``(operationId, METHOD, path template, operation object, parameters)``, the parameters with references resolved
and the path item's own parameters merged in (an operation's parameter overrides one of the same name and place)."""


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow ``$ref`` (a local JSON pointer such as ``#/components/schemas/JobIn``) until ``node`` is not one."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node:
        reference = node["$ref"]
        if not isinstance(reference, str) or not reference.startswith("#") or reference in seen:
            raise ValueError(f"unsupported or circular reference {reference!r} in the spec")
        seen.add(reference)
        node = spec
        for part in reference[1:].split("/")[1:]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations(spec: Mapping[str, Any]) -> Iterator[Operation]:
    """Every operation of ``spec`` that has an operationId, in the document's order."""
    for template, raw_item in spec.get("paths", {}).items():
        item = resolve(spec, raw_item)
        shared = [resolve(spec, parameter) for parameter in item.get("parameters", ())]
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping) or "operationId" not in operation:
                continue
            own = [resolve(spec, parameter) for parameter in operation.get("parameters", ())]
            overridden = {(parameter["name"], parameter["in"]) for parameter in own}
            merged = [p for p in shared if (p["name"], p["in"]) not in overridden] + own
            yield operation["operationId"], method.upper(), template, operation, tuple(merged)


def enum_values(spec: Mapping[str, Any], schema: Any) -> tuple[Any, ...]:
    """The members of the first ``enum`` found in ``schema``, through references and ``anyOf``/``oneOf``."""
    schema = resolve(spec, schema)
    if not isinstance(schema, Mapping):
        return ()
    if "enum" in schema:
        return tuple(schema["enum"])
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key, ()):
            found = enum_values(spec, branch)
            if found:
                return found
    return ()


SPEC: Final[Mapping[str, Any]] = openapi_spec()
_SCHEMAS: Final = SPEC["components"]["schemas"]

LIST_OPERATION: Final = "jobs_api_routes_fine_tuning_get_fine_tuning_jobs"
CREATE_OPERATION: Final = "jobs_api_routes_fine_tuning_create_fine_tuning_job"
UPLOAD_OPERATION: Final = "files_api_routes_upload_file"
FILE_LIST_OPERATION: Final = "files_api_routes_list_files"
UPDATE_MODEL_OPERATION: Final = "jobs_api_routes_fine_tuning_update_fine_tuned_model"
JOB_STATUSES: Final[tuple[str, ...]] = enum_values(SPEC, _SCHEMAS["CompletionJobOut"]["properties"]["status"])
JOB_TYPES: Final[tuple[str, ...]] = enum_values(SPEC, _SCHEMAS["FineTuneableModelType"])
LOSS_FUNCTIONS: Final[tuple[str, ...]] = enum_values(SPEC, _SCHEMAS["FTClassifierLossFunction"])
