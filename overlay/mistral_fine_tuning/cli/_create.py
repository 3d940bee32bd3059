"""`jobs create`: the keyword arguments of `jobs.create` from the options and an optional JSON body (--from-file).

What the spec defines is read from the generated models, never listed here: the body's fields
(`models.JobIn.JSON_FIELDS`), the hyperparameters and their types (the type hints of the hyperparameter model of
the job's type, among the members of `JobIn.hyperparameters`). The values are then checked once more by the
library, which refuses anything else before sending.

A --training-file or --validation-file that names a file on this machine (`./train.jsonl`) is kept in the body as a
`LocalFile`, for `create_job` to check and upload before the job is created (`local_files`, `with_file_ids`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from ._arguments import WANDB_API_KEY_ENV
from ._exit import CliError, did_you_mean


def create_arguments(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    """The keywords for `jobs.create` and the secrets they carry (W&B keys, tokens: scrubbed from what is printed).

    The body of --from-file comes first; each option given replaces the field of the same name, except
    --hyperparameter, which sets single keys of the file's hyperparameters.
    """
    from .. import models

    body = _read_body(args.from_file, models.JobIn.JSON_FIELDS) if args.from_file else {}
    if args.model is not None:
        body["model"] = args.model
    if args.training_files:
        body["training_files"] = [_training_file(text) for text in args.training_files]
    if args.validation_files:
        body["validation_files"] = [_validation_file(text) for text in args.validation_files]
    if args.suffix is not None:
        body["suffix"] = args.suffix
    if args.job_type is not None:
        body["job_type"] = args.job_type
    if args.auto_start is not None:
        body["auto_start"] = args.auto_start
    if args.integration_wandb_project is not None:
        body["integrations"] = [_wandb(args.integration_wandb_project, args.integration_wandb_name)]
    elif args.integration_wandb_name is not None:
        raise CliError("--integration-wandb-name needs --integration-wandb-project")
    if "model" not in body:
        raise CliError('--model is required (or a "model" field in --from-file)')
    hyperparameters = body.get("hyperparameters", {})
    if not isinstance(hyperparameters, Mapping):
        raise CliError('--from-file: "hyperparameters" must be a JSON object')
    hyperparameters = dict(hyperparameters)
    if args.hyperparameters:
        fields = hyperparameter_types(body.get("job_type"))
        for text in args.hyperparameters:
            key, value = _hyperparameter(text, fields)
            hyperparameters[key] = value
    body["hyperparameters"] = hyperparameters  # required by the API; empty: the server's defaults
    if args.dry_run:
        body["dry_run"] = True
    return body, _secrets_in(body)


def _read_body(path: str, known: frozenset[str]) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as file:
            body = json.load(file)
    except OSError as exc:
        raise CliError(f"--from-file: cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise CliError(f"--from-file: {path} is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise CliError(f"--from-file: {path} must hold a JSON object (a job's request body)")
    unknown = sorted(set(body) - known)
    if unknown:
        raise CliError(
            f"--from-file: unknown field(s) {', '.join(unknown)} in {path} (known: {', '.join(sorted(known))})"
        )
    return body


class LocalFile(NamedTuple):
    """A --training-file / --validation-file naming a file on this machine, to be checked and uploaded, and its
    sampling weight (training files only)."""

    option: str
    path: str
    weight: float | None = None


_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def _local(text: str) -> bool:
    """Whether `text` names something on this machine. A value written as a file id is an id even if a file of
    that name exists here (write `./<name>` for the file)."""
    return not _UUID.fullmatch(text.strip()) and os.path.exists(os.path.expanduser(text))


def _looks_like_path(text: str) -> bool:
    """A value no file id looks like: a path with a folder, `~` or a leading dot, or a file name's extension."""
    return "/" in text or os.sep in text or text.startswith(("~", ".")) or text.lower().endswith((".jsonl", ".json"))


def _file_id(option: str, text: str) -> str:
    file_id = text.strip()
    if _looks_like_path(file_id):
        raise CliError(f"{option}: no such file: {text} (a value is a local file to upload, or an uploaded file's id)")
    if not file_id or any(char.isspace() or char in ":/?#" for char in file_id):
        raise CliError(f"{option}: malformed file id {text!r} (expected an uploaded file's id, or a local file)")
    return file_id


def _validation_file(text: str) -> str | LocalFile:
    """`PATH` (a local file) or `FILE_ID`."""
    return LocalFile("--validation-file", text) if _local(text) else _file_id("--validation-file", text)


def _training_file(text: str) -> str | dict[str, Any] | LocalFile:
    """`PATH` or `PATH:WEIGHT` (a local file), `FILE_ID` or `FILE_ID:WEIGHT` (file ids are UUIDs: they hold no
    colon)."""
    if _local(text):
        return LocalFile("--training-file", text)
    path, colon, weight_text = text.rpartition(":")
    if colon and _local(path):
        return LocalFile("--training-file", path, _weight(text, weight_text))
    file_id, colon, weight_text = text.partition(":")
    file_id = _file_id("--training-file", file_id)
    if not colon:
        return file_id
    return {"file_id": file_id, "weight": _weight(text, weight_text)}


def _weight(text: str, weight_text: str) -> float:
    try:
        weight = float(weight_text)
    except ValueError:
        raise CliError(
            f"--training-file: malformed {text!r}: expected PATH, PATH:WEIGHT, FILE_ID or FILE_ID:WEIGHT, with a "
            "number as weight"
        ) from None
    if not math.isfinite(weight) or weight < 0:
        raise CliError(f"--training-file: the weight in {text!r} must be a finite number, 0 or more")
    return weight


def local_files(body: Mapping[str, Any]) -> list[LocalFile]:
    """The local files the body names, training files first, in the order given."""
    entries = [*(body.get("training_files") or ()), *(body.get("validation_files") or ())]
    return [entry for entry in entries if isinstance(entry, LocalFile)]


def with_file_ids(body: dict[str, Any], uploaded: Mapping[str, str]) -> dict[str, Any]:
    """The body with each `LocalFile` replaced by the id its path was uploaded as (`uploaded`: path -> id)."""

    def training(entry: Any) -> Any:
        if not isinstance(entry, LocalFile):
            return entry
        file_id = uploaded[entry.path]
        return file_id if entry.weight is None else {"file_id": file_id, "weight": entry.weight}

    done = dict(body)
    if "training_files" in done:
        done["training_files"] = [training(entry) for entry in done["training_files"]]
    if "validation_files" in done:
        done["validation_files"] = [
            uploaded[entry.path] if isinstance(entry, LocalFile) else entry for entry in done["validation_files"]
        ]
    return done


def _wandb(project: str, name: str | None) -> dict[str, Any]:
    key = os.environ.get(WANDB_API_KEY_ENV, "").strip()
    if not key:
        raise CliError(f"--integration-wandb-project needs a Weights & Biases key in {WANDB_API_KEY_ENV}")
    integration: dict[str, Any] = {"project": project, "api_key": key}
    if name is not None:
        integration["name"] = name
    return integration


def _secrets_in(body: Mapping[str, Any]) -> list[str]:
    found = []
    for field in ("integrations", "repositories"):
        items = body.get(field)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping):
                found += [str(item[key]) for key in ("api_key", "token") if item.get(key)]
    return found


def hyperparameter_types(job_type: object) -> dict[str, Any]:
    """The hyperparameters of a job type and their annotations, from the generated models.

    The members of `JobIn.hyperparameters` are matched to the job type by name (`completion` ->
    `CompletionTrainingParametersIn`); without a job type (the server's default), or for one no member matches,
    the fields of every member are accepted.
    """
    from .. import models

    members = list(typing.get_args(typing.get_type_hints(models.JobIn)["hyperparameters"]))
    kind = str(getattr(job_type, "value", job_type) or "").lower()
    chosen = [member for member in members if kind and member.__name__.lower().startswith(kind)] or members
    fields: dict[str, Any] = {}
    for member in reversed(chosen):
        hints = typing.get_type_hints(member)
        fields.update({name: hints[name] for name in member.JSON_FIELDS if name in hints})
    return dict(sorted(fields.items()))


def _hyperparameter(text: str, fields: Mapping[str, Any]) -> tuple[str, Any]:
    key, equals, value = text.partition("=")
    key = key.strip()
    if not equals or not key:
        raise CliError(f"--hyperparameter: expected KEY=VALUE, got {text!r}")
    if key not in fields:
        raise CliError(f"--hyperparameter: unknown key {key!r}{did_you_mean(key, fields)} (known: {', '.join(fields)})")
    return key, convert(key, value.strip(), fields[key])


def convert(key: str, text: str, annotation: Any) -> Any:
    """`text` as a value of `annotation` (a union of int, float, bool, str, None, Literal and the UNSET marker)."""
    from .. import utils

    options = [option for option in _flatten(annotation) if option is not utils.Unset]
    if text.lower() in ("null", "none") and type(None) in options:
        return None
    for option in options:
        value = _as(option, text)
        if value is not _NO:
            return value
    expected = " or ".join(_name(option) for option in options)
    raise CliError(f"--hyperparameter: {key} must be {expected}, got {text!r}")


_NO = object()


def _as(option: Any, text: str) -> Any:
    if typing.get_origin(option) is typing.Literal:
        return next((value for value in typing.get_args(option) if str(value) == text), _NO)
    if option is bool:
        return {"true": True, "false": False}.get(text.lower(), _NO)
    if option is int:
        try:
            return int(text)
        except ValueError:
            return _NO
    if option is float:
        try:
            value = float(text)
        except ValueError:
            return _NO
        return value if math.isfinite(value) else _NO
    if option is str:
        return text
    return _NO


def _flatten(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [option for member in typing.get_args(annotation) for option in _flatten(member)]
    return [annotation]


def _name(option: Any) -> str:
    names = {int: "an integer", float: "a number", bool: "true or false", str: "text", type(None): "null"}
    if typing.get_origin(option) is typing.Literal:
        return "one of " + ", ".join(str(value) for value in typing.get_args(option))
    return names.get(option, getattr(option, "__name__", str(option)))
