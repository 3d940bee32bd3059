"""Compare openapi.yaml with Mistral's published spec, through the departures written in upstream/departures.yaml.

    python -m tools.upstream_diff                          # openapi.yaml against the reviewed snapshot
    python -m tools.upstream_diff --spec PATH              # openapi.yaml against a copy of Mistral's spec
    python -m tools.upstream_diff --spec PATH --write [--commit SHA]
                                                           # record PATH's subset as the reviewed snapshot

From Mistral's spec it takes the operations openapi.yaml serves (every operationId of openapi.yaml) and the schemas
they reach, reads the newer (2.x) schema names as ours when the spec uses them, applies the departures, and prints
what still differs: the place in the spec, Mistral's value and ours. It prints nothing and exits 0 when nothing does;
it exits 1 on a difference. A departure that no longer changes anything is reported on stderr.

The snapshot (upstream/snapshot.json) is that subset as it was last reviewed, with the commit it came from, minus
what is never compared (descriptions, examples: Mistral's words are not copied into this repository).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from tools.spec_json import load_yaml as load_yaml  # re-exported: the tests read a spec as this tool does

ROOT: Final = Path(__file__).resolve().parent.parent
OUR_SPEC: Final = ROOT / "openapi.yaml"
DEPARTURES: Final = ROOT / "upstream" / "departures.yaml"
SNAPSHOT: Final = ROOT / "upstream" / "snapshot.json"

SCHEMA_REF: Final = "#/components/schemas/"
HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keys whose value maps names (properties, status codes, media types...) to objects: a name there is not a keyword.
NAME_MAPS: Final = frozenset(
    {
        "paths",
        "schemas",
        "properties",
        "patternProperties",
        "$defs",
        "dependentSchemas",
        "parameters",
        "responses",
        "content",
        "headers",
        "encoding",
        "links",
        "callbacks",
        "mapping",
    }
)
# Keys whose value is data (JSON values), never a schema: nothing inside is a keyword.
DATA_KEYS: Final = frozenset({"enum", "const", "default", "example", "examples", "required"})
ACTIONS: Final = (
    "ignore",
    "added_responses",
    "format",
    "unwrap_one_member_unions",
    "set",
    "replace",
    "name_inline_schemas",
)


class Missing:
    """The value on a side that lacks the key."""

    def __repr__(self) -> str:
        return "(absent)"


MISSING: Final = Missing()


class SpecError(Exception):
    """A spec or the departures file cannot be read as this tool needs."""


# --- the departures ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Departure:
    """One entry of upstream/departures.yaml: its id, why, and what it changes."""

    id: str
    reason: str
    action: str
    details: dict[str, Any]


@dataclass(frozen=True)
class Departures:
    """upstream/departures.yaml: where Mistral's spec lives, its newer names, and the departures in file order."""

    repository: str
    path: str
    newer_names: dict[str, str]
    entries: tuple[Departure, ...]

    def of(self, action: str) -> list[Departure]:
        return [entry for entry in self.entries if entry.action == action]

    def ignored(self) -> dict[str, str]:
        """Every ignored keyword, with the id of the departure that ignores it."""
        return {keyword: entry.id for entry in self.of("ignore") for keyword in entry.details["ignore"]}


def load_departures(path: Path = DEPARTURES) -> Departures:
    """Read and check the departures file."""
    document = load_yaml(path)
    upstream = document.get("upstream") or {}
    entries = []
    for departure_id, body in (document.get("departures") or {}).items():
        if not isinstance(body, dict) or not str(body.get("reason", "")).strip():
            raise SpecError(f"{path.name}: departure {departure_id!r} needs a reason")
        actions = [key for key in ACTIONS if key in body]
        if len(actions) != 1:
            raise SpecError(f"{path.name}: departure {departure_id!r} needs exactly one of {', '.join(ACTIONS)}")
        entries.append(Departure(departure_id, body["reason"], actions[0], body))
    names = upstream.get("newer_names") or {}
    return Departures(str(upstream.get("repository", "")), str(upstream.get("path", "")), names, tuple(entries))


# --- walking a spec ------------------------------------------------------------------------------------------------


def keyword_objects(node: Any, *, name_map: bool = False) -> Iterator[dict[str, Any]]:
    """Every object of `node` whose keys are keywords (operations, parameters, schemas...), outermost first."""
    if isinstance(node, list):
        for item in node:
            yield from keyword_objects(item)
    elif isinstance(node, dict):
        if name_map:
            for value in node.values():
                yield from keyword_objects(value)
            return
        yield node
        for key, value in list(node.items()):
            if key not in DATA_KEYS:
                yield from keyword_objects(value, name_map=key in NAME_MAPS)


def schema_refs(node: Any) -> set[str]:
    """The names of the component schemas `node` refers to directly."""
    found = set()
    for obj in keyword_objects(node):
        target = obj.get("$ref")
        if isinstance(target, str) and target.startswith(SCHEMA_REF):
            found.add(target.removeprefix(SCHEMA_REF))
    return found


def closure(schemas: dict[str, Any], roots: Iterable[str]) -> dict[str, Any]:
    """The schemas named in `roots` and every schema they reach, by name."""
    reached: dict[str, Any] = {}
    pending = sorted(set(roots))
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        if name not in schemas:
            raise SpecError(f"a $ref names the schema {name!r}, which the spec does not define")
        reached[name] = schemas[name]
        pending.extend(sorted(schema_refs(schemas[name]) - set(reached)))
    return dict(sorted(reached.items()))


def resolve_local(document: dict[str, Any], node: Any, seen: tuple[str, ...] = ()) -> Any:
    """`node` with a local `$ref` to anything but a schema replaced by its target (parameters, responses...)."""
    if isinstance(node, dict):
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith("#/") and not target.startswith(SCHEMA_REF):
            if target in seen:
                raise SpecError(f"{target} refers to itself")
            found: Any = document
            for escaped in target[2:].split("/"):
                part = escaped.replace("~1", "/").replace("~0", "~")
                if not isinstance(found, dict) or part not in found:
                    raise SpecError(f"{target} does not resolve")
                found = found[part]
            return resolve_local(document, copy.deepcopy(found), (*seen, target))
        return {key: resolve_local(document, value, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_local(document, item, seen) for item in node]
    return node


def sort_unordered(node: Any) -> None:
    """Put lists whose order means nothing (required, enum, type) in a fixed order, in place."""
    for obj in keyword_objects(node):
        for key in ("required", "enum", "type"):
            if isinstance(obj.get(key), list):
                obj[key] = sorted(obj[key], key=lambda value: json.dumps(value, sort_keys=True))


def drop_keywords(node: Any, keywords: dict[str, str], used: set[str]) -> None:
    """Remove the ignored keywords from every keyword object of `node`, noting which departures removed any."""
    for obj in keyword_objects(node):
        for key in [key for key in obj if key in keywords]:
            del obj[key]
            used.add(keywords[key])


def rename_schemas(document: dict[str, Any], names: dict[str, str]) -> bool:
    """Give the schemas of `document` our names where it uses the newer ones; whether it did."""
    schemas = document.get("components", {}).get("schemas", {})
    renames = {newer: ours for newer, ours in names.items() if newer in schemas and newer != ours}
    if not renames:
        return False
    for newer, ours in renames.items():
        if ours in schemas:
            raise SpecError(f"the spec defines both {newer!r} and {ours!r}: it cannot be read with our names")
    refs = {SCHEMA_REF + newer: SCHEMA_REF + ours for newer, ours in renames.items()}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return refs.get(node, node) if isinstance(node, str) else node

    document.update(rewrite({key: value for key, value in document.items() if key != "components"}))
    renamed: dict[str, Any] = {}
    for name, original in schemas.items():
        schema = rewrite(original)
        if isinstance(schema, dict) and schema.get("title") == name and name in renames:
            schema["title"] = renames[name]
        renamed[renames.get(name, name)] = schema
    document["components"]["schemas"] = renamed
    for other_kind, members in document["components"].items():
        if other_kind != "schemas":
            document["components"][other_kind] = rewrite(members)
    return True


# --- extraction ----------------------------------------------------------------------------------------------------


def operation_ids(document: dict[str, Any]) -> list[str]:
    """Every operationId of a spec, in the order it declares them."""
    return [
        op["operationId"]
        for item in (document.get("paths") or {}).values()
        for method, op in item.items()
        if method in HTTP_METHODS and isinstance(op, dict) and "operationId" in op
    ]


def _operation(document: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    """One operation, self-contained: the path's parameters merged in, non-schema $refs resolved, parameters by name."""
    merged = resolve_local(document, copy.deepcopy(op))
    shared = resolve_local(document, copy.deepcopy(item.get("parameters", [])))
    parameters: dict[str, Any] = {}
    for parameter in [*shared, *merged.get("parameters", [])]:
        parameters[parameter["name"]] = parameter  # the operation's own wins over the path's
    if parameters:
        merged["parameters"] = parameters
    else:
        merged.pop("parameters", None)
    return dict(merged)


def extract(
    document: dict[str, Any], ids: Iterable[str], departures: Departures, used: set[str] | None = None
) -> dict[str, Any]:
    """The part of `document` serving `ids`: those operations and the schemas they reach, normalised.

    Normalised: newer schema names read as ours, non-schema `$ref`s resolved, parameters keyed by name, the ignored
    keywords removed, unordered lists sorted. The departures other than `ignore` are not applied here.
    """
    document = copy.deepcopy(document)
    renamed = rename_schemas(document, departures.newer_names)
    wanted = set(ids)
    paths: dict[str, dict[str, Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict) and op.get("operationId") in wanted:
                paths.setdefault(path, {})[method] = _operation(document, item, op)
    schemas = (document.get("components") or {}).get("schemas") or {}
    reached = copy.deepcopy(closure(schemas, schema_refs(paths)))
    subset: dict[str, Any] = {"paths": paths, "components": {"schemas": reached}}
    drop_keywords(subset, departures.ignored(), used if used is not None else set())
    sort_unordered(subset)
    subset["names"] = "newer" if renamed else "legacy"
    return subset


# --- applying the departures ---------------------------------------------------------------------------------------

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_location(location: str) -> list[str | int]:
    """`a.b[0].c` as its steps: keys and list indexes."""
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(location):
        between = location[position : match.start()]
        if between not in ("", "."):
            raise SpecError(f"cannot read the location {location!r}")
        key, index = match.groups()
        steps.append(int(index) if index is not None else key)
        position = match.end()
    if position != len(location) or not steps:
        raise SpecError(f"cannot read the location {location!r}")
    return steps


def format_location(steps: Iterable[str | int]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def find(node: Any, steps: list[str | int]) -> Any:
    """What `steps` lead to in `node`, or MISSING. In a whole spec, a name step in a list picks the item so named
    (a parameter), as the normalised subset keys parameters by name."""
    for step in steps:
        if isinstance(node, list) and isinstance(step, str):
            named = [item for item in node if isinstance(item, dict) and item.get("name") == step]
            node = named[0] if len(named) == 1 else MISSING
            continue
        indexed = isinstance(node, list) and isinstance(step, int) and step < len(node)
        if not indexed and not (isinstance(node, dict) and isinstance(step, str) and step in node):
            return MISSING
        node = node[step]
    return node


def _unwrap_one_member_unions(subset: dict[str, Any]) -> int:
    count = 0
    for obj in keyword_objects(subset):
        for key in ("oneOf", "anyOf"):
            members = obj.get(key)
            if isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict):
                (member,) = members
                del obj[key]
                mapping = (obj.get("discriminator") or {}).get("mapping") or {}
                if key == "oneOf" and set(mapping.values()) <= {member.get("$ref")}:
                    obj.pop("discriminator", None)
                clash = set(obj) & set(member)
                if clash:
                    raise SpecError(f"a one-member {key} sits next to {sorted(clash)}: cannot unwrap it")
                obj.update(copy.deepcopy(member))
                count += 1
    return count


def _contexts(subset: dict[str, Any]) -> tuple[list[Any], list[Any], dict[str, set[str]]]:
    """The inline request parts, the inline response parts, and for each schema whether it is sent, received or both."""
    requests: list[Any] = []
    responses: list[Any] = []
    for item in subset["paths"].values():
        for op in item.values():
            requests.extend((op.get("parameters") or {}).values())
            if "requestBody" in op:
                requests.append(op["requestBody"])
            responses.extend((op.get("responses") or {}).values())
    schemas = subset["components"]["schemas"]
    used_in: dict[str, set[str]] = {}
    for side, parts in (("request", requests), ("response", responses)):
        for name in closure(schemas, schema_refs(parts)):
            used_in.setdefault(name, set()).add(side)
    return requests, responses, used_in


def _replace_format(departure: Departure, subset: dict[str, Any]) -> int:
    name = departure.details["format"]
    replacements = {"request": departure.details.get("in_requests") or {}}
    replacements["response"] = departure.details.get("in_responses") or {}
    requests, responses, used_in = _contexts(subset)
    count = 0

    def replace(node: Any, side: str) -> None:
        nonlocal count
        for obj in keyword_objects(node):
            if obj.get("format") == name:
                del obj["format"]
                obj.update(copy.deepcopy(replacements[side]))
                count += 1

    for part in requests:
        replace(part, "request")
    for part in responses:
        replace(part, "response")
    for schema_name, schema in subset["components"]["schemas"].items():
        sides = used_in.get(schema_name, set())
        if len(sides) == 2 and any(obj.get("format") == name for obj in keyword_objects(schema)):
            raise SpecError(
                f"departure {departure.id!r}: {schema_name} is both sent and received, so it cannot tell "
                f"which replacement of `format: {name}` applies"
            )
        if sides:
            replace(schema, sides.pop())
    return count


@dataclass
class Report:
    """What `compare` found: the differences left, and notes on departures that no longer change anything."""

    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Difference:
    """One place where Mistral's spec (after the departures) and openapi.yaml disagree."""

    location: str
    upstream: Any
    ours: Any

    def __str__(self) -> str:
        return f"{self.location}\n    upstream: {_show(self.upstream)}\n    ours:     {_show(self.ours)}"


def _show(value: Any, limit: int = 160) -> str:
    if value is MISSING:
        return "(absent)"
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expected_ours(upstream: dict[str, Any], departures: Departures, report: Report, used: set[str]) -> dict[str, Any]:
    """Mistral's subset turned into what openapi.yaml should say, by the departures that rewrite it."""
    expected = {"paths": copy.deepcopy(upstream["paths"]), "components": copy.deepcopy(upstream["components"])}
    for departure in departures.entries:
        if departure.action == "unwrap_one_member_unions":
            if _unwrap_one_member_unions(expected):
                used.add(departure.id)
        elif departure.action == "format":
            if _replace_format(departure, expected):
                used.add(departure.id)
        elif departure.action == "name_inline_schemas":
            schemas = expected["components"].setdefault("schemas", {})
            for location, name in departure.details["name_inline_schemas"].items():
                steps = parse_location(location)
                node = find(expected, steps)
                if not isinstance(node, dict) or "$ref" in node:
                    report.differences.append(
                        Difference(location, MISSING, f"departure {departure.id!r} names no inline schema there")
                    )
                    continue
                schemas[name] = node
                find(expected, steps[:-1])[steps[-1]] = {"$ref": f"#/components/schemas/{name}"}
                used.add(departure.id)
        elif departure.action == "replace":
            for location, value in departure.details["replace"].items():
                steps = parse_location(location)
                parent = find(expected, steps[:-1])
                if not isinstance(parent, dict) or steps[-1] not in parent:
                    report.differences.append(
                        Difference(location, MISSING, f"departure {departure.id!r} names a place Mistral's spec lacks")
                    )
                    continue
                if not same(parent[steps[-1]], value):
                    parent[steps[-1]] = copy.deepcopy(value)
                    used.add(departure.id)
        elif departure.action == "set":
            for location, values in departure.details["set"].items():
                steps = parse_location(location)
                node = find(expected, steps)
                if not isinstance(node, dict):
                    report.differences.append(
                        Difference(location, MISSING, f"departure {departure.id!r} names a place Mistral's spec lacks")
                    )
                    continue
                changed = {key: value for key, value in values.items() if not same(node.get(key, MISSING), value)}
                if changed:
                    node.update(copy.deepcopy(changed))
                    used.add(departure.id)
    return expected


def _prune_added_responses(ours: dict[str, Any], upstream: dict[str, Any], departures: Departures) -> set[str]:
    """Drop from our operations the responses a departure adds where Mistral's operation has none."""
    used = set()
    for departure in departures.of("added_responses"):
        statuses = {str(status) for status in departure.details["added_responses"]}
        for path, item in ours["paths"].items():
            for method, op in item.items():
                theirs = find(upstream, ["paths", path, method, "responses"])
                for status in sorted(statuses & set(op.get("responses", {}))):
                    if not isinstance(theirs, dict) or status not in theirs:
                        del op["responses"][status]
                        used.add(departure.id)
    return used


# --- comparing -----------------------------------------------------------------------------------------------------


def same(left: Any, right: Any) -> bool:
    """Equal as JSON: 1 and 1.0 are the same number, but true is not 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and bool(left == right)


def differences(upstream: Any, ours: Any, steps: tuple[str | int, ...] = ()) -> Iterator[Difference]:
    """Every place where two normalised subsets differ, as deep as they share a shape."""
    if isinstance(upstream, dict) and isinstance(ours, dict):
        for key in sorted(set(upstream) | set(ours)):
            yield from differences(upstream.get(key, MISSING), ours.get(key, MISSING), (*steps, key))
    elif isinstance(upstream, list) and isinstance(ours, list) and len(upstream) == len(ours):
        for index, (left, right) in enumerate(zip(upstream, ours, strict=True)):
            yield from differences(left, right, (*steps, index))
    elif not same(upstream, ours):
        yield Difference(format_location(steps), upstream, ours)


def compare(upstream: dict[str, Any], ours_document: dict[str, Any], departures: Departures) -> Report:
    """Mistral's subset (from `extract` or the snapshot) against openapi.yaml, through the departures."""
    report = Report()
    used: set[str] = set()
    ours_full = extract(ours_document, operation_ids(ours_document), departures, used)
    used |= _prune_added_responses(ours_full, upstream, departures)
    # The schemas only the pruned responses reached are not ours to compare any more.
    schemas = ours_full["components"]["schemas"]
    all_schemas = (ours_document.get("components") or {}).get("schemas") or {}
    reached = closure(all_schemas, schema_refs(ours_full["paths"]))
    ours = {"paths": ours_full["paths"], "components": {"schemas": {name: schemas[name] for name in reached}}}
    expected = expected_ours(upstream, departures, report, used)
    report.differences.extend(differences(expected, ours))
    for departure in departures.entries:
        if departure.id not in used:
            report.notes.append(
                f"departure {departure.id!r} changes nothing against this spec: Mistral's may have adopted it"
            )
    return report


# --- the snapshot --------------------------------------------------------------------------------------------------


def snapshot(
    document: dict[str, Any], ours_document: dict[str, Any], departures: Departures, source: dict[str, str]
) -> dict[str, Any]:
    """The reviewed subset of Mistral's spec for the operations of `ours_document`, with where it came from."""
    subset = extract(document, operation_ids(ours_document), departures)
    return {"source": {**source, "names": subset.pop("names")}, **subset}


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return recorded


def git_commit(spec: Path) -> str | None:
    """The commit of a spec read from a clean git checkout, else None."""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", spec.name],
            cwd=spec.parent,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=spec.parent, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return None if status.stdout.strip() else head.stdout.strip()


# --- command line --------------------------------------------------------------------------------------------------


def run(
    spec: Path | None,
    *,
    write: bool = False,
    commit: str | None = None,
    out: Callable[[str], None] = print,
    err: Callable[[str], None] = print,
    snapshot_path: Path = SNAPSHOT,
) -> int:
    """The command, with its output going to `out` (differences) and `err` (notes, problems); its exit status."""
    departures = load_departures()
    ours_document = load_yaml(OUR_SPEC)
    if spec is None:
        if write:
            err("--write records a spec given with --spec")
            return 2
        upstream = load_snapshot(snapshot_path)
    else:
        document = load_yaml(spec)
        if write:
            commit = commit or git_commit(spec)
            if not commit or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
                err("--write needs the upstream commit the spec was read at: --commit SHA (make ... COMMIT=SHA)")
                return 2
            source = {
                "repository": departures.repository,
                "path": departures.path,
                "commit": commit,
                "sha256": hashlib.sha256(spec.read_bytes()).hexdigest(),
            }
            recorded = snapshot(document, ours_document, departures, source)
            snapshot_path.write_text(json.dumps(recorded, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
            err(f"recorded {snapshot_path.name} from {departures.repository}@{commit[:12]}")
        upstream = extract(document, operation_ids(ours_document), departures)
    report = compare(upstream, ours_document, departures)
    for difference in report.differences:
        out(str(difference))
    for note in report.notes:
        err(f"note: {note}")
    if report.differences:
        err(f"{len(report.differences)} difference(s); departures: {DEPARTURES.relative_to(ROOT)}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, help="a copy of Mistral's openapi.yaml (default: the reviewed snapshot)")
    parser.add_argument("--write", action="store_true", help="record the spec's subset as the reviewed snapshot")
    parser.add_argument("--commit", help="the upstream commit the spec was read at (recorded with --write)")
    args = parser.parse_args(argv)
    try:
        return run(args.spec, write=args.write, commit=args.commit, err=lambda text: print(text, file=sys.stderr))
    except (SpecError, OSError, yaml.YAMLError, json.JSONDecodeError) as exc:
        print(f"upstream-diff: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
