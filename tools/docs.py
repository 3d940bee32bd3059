"""Write the reference pages under docs/ from the spec and the package's own description of itself.

    python tools/docs.py            # (re)write docs/
    python tools/docs.py --check    # exit 1, showing the difference, when docs/ is not what this would write

The shape is that of the official SDK's generated reference: a page per resource (`docs/sdks/<resource>/README.md`)
giving, for each operation, what it does, an example, its parameters and per-call options, what it returns and what
it raises, then the helpers built on the operations; a page per model (`docs/models/<name>.md`) with its fields and
every name the model has; the errors (`docs/errors.md`), the call settings (`docs/utils.md`) and an index
(`docs/README.md`).

Nothing is written twice: operations, parameters, descriptions, responses and schemas come from the spec the package
ships (`openapi.json`, made from openapi.yaml by `make generate`); public names, docstrings, return types and retry
behaviour from the facade (its endpoint registry and resource classes); Python names and types from the generated
models, and their other names from `models`' alias tables; the example ids from the fake server's seeded jobs. Only
the examples' code is written here. The output depends on nothing else (no dates, stable order, lines not wrapped),
so `make test` can compare it with docs/.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import difflib
import enum
import inspect
import itertools
import json
import posixpath
import re
import string
import sys
import textwrap
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import mistral_fine_tuning
import yaml
from mistral_fine_tuning import Mistral, _api, _files, _ft_models, _jobs, _raw, _types, errors, models, utils
from mistral_fine_tuning._generated import types as generated_types
from mistral_fine_tuning._resource import ENDPOINTS, Endpoint, Resource
from mistral_fine_tuning.testing import _seed

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RESOURCE_MODULES = (_jobs, _files, _ft_models)  # importing them fills the endpoint registry
PACKAGE = mistral_fine_tuning.__name__
STATUS_CLASSES = errors._STATUS_CLASSES  # the error class of each status with one of its own
MODELS_EXPORTS: list[str] = vars(models)["__all__"]  # set through globals() there, so invisible to type checkers

# --- markdown ------------------------------------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_SECTION = re.compile(r"^(Args|Arguments|Attributes|Returns|Yields|Raises|Examples?|Notes?):\s*$")
_ITEM_HEAD = re.compile(r"^(\*{0,2}[A-Za-z_][\w.]*(?:, \*{0,2}[A-Za-z_][\w.]*)*): (.*)$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def slug(heading: str) -> str:
    """The anchor a markdown renderer gives a heading (GitHub's rule)."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def prose(text: str) -> str:
    """Docstring or spec text as markdown: reStructuredText's double backticks become code spans, and outside code
    spans `<` and `*` are escaped (a `<name>` would be taken for an HTML tag)."""
    text = text.replace("``", "`")
    pieces: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_escape(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_escape(text[last:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace("*", "\\*")


def cell(text: str) -> str:
    """Text for a table cell: one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def code_block(code: str, language: str = "python") -> str:
    return f"```{language}\n{code.rstrip()}\n```"


def first_paragraph(doc: str | None) -> str:
    """A docstring's or description's first paragraph, on one line."""
    if not doc:
        return ""
    return " ".join(inspect.cleandoc(doc).split("\n\n", 1)[0].split())


def docstring(doc: str | None) -> str:
    """A Google-style docstring as markdown: paragraphs unwrapped, `Args:`-like sections as bold labels over bullet
    lists (`name: text` items get the name as code), `::` and indented blocks as code blocks."""
    if not doc:
        return ""
    lines = inspect.cleandoc(doc).splitlines()
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(prose(" ".join(paragraph)))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        section = _SECTION.match(line)
        if section:
            flush()
            body, index = _indented(lines, index + 1)
            blocks.append(f"**{section.group(1)}**\n\n" + _items(body))
        elif line.rstrip().endswith("::"):  # reStructuredText's literal block
            paragraph.append(line.strip()[:-1] + ":")
            flush()
            body, index = _indented(lines, index + 1)
            blocks.append(code_block(body, "text"))
        elif line.startswith(" ") and not paragraph:  # an indented block of its own
            body, index = _indented(lines, index)
            blocks.append(code_block(body, "text"))
        else:
            if line.strip():
                paragraph.append(line.strip())
            else:
                flush()
            index += 1
    flush()
    return "\n\n".join(block for block in blocks if block.strip())


def _indented(lines: list[str], start: int) -> tuple[str, int]:
    """The indented lines from `start` (blank lines inside included), dedented, and the index after them."""
    end = start
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return textwrap.dedent("\n".join(lines[start:end])), end


def _items(body: str) -> str:
    """A section's items: each starts at a `name: text` line (or the first line); other lines continue it."""
    items: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if items and (line.startswith(" ") or not _ITEM_HEAD.match(line.strip())):
            items[-1].append(line.strip())
        else:
            items.append([line.strip()])
    rendered = []
    for item in items:
        text = " ".join(item)
        head = _ITEM_HEAD.match(text)
        if head:
            names = ", ".join(f"`{name}`" for name in head.group(1).split(", "))
            rendered.append(f"- {names}: {prose(head.group(2))}")
        else:
            rendered.append(f"- {prose(text)}")
    return "\n".join(rendered)


def relative(target: str, page: str) -> str:
    """A link from `page` to `target` (both relative to docs/; `target` may carry an #anchor)."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".") if path != page else ""
    return link + (f"#{anchor}" if anchor else "")


# --- reading the spec --------------------------------------------------------------------------------------------


class Spec:
    """The spec the package ships, with `$ref`s followed on request."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.schemas: Mapping[str, Any] = document["components"]["schemas"]

    def resolve(self, node: Any) -> Any:
        while isinstance(node, Mapping) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def ref_name(self, node: Any) -> str | None:
        """The schema a `$ref` names, or None."""
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            return str(node["$ref"]).rsplit("/", 1)[-1]
        return None

    def operation(self, endpoint: Endpoint) -> dict[str, Any]:
        found: dict[str, Any] = self.document["paths"][endpoint.operation.path][endpoint.operation.method.lower()]
        return found

    def parameter_schemas(self, endpoint: Endpoint) -> dict[str, dict[str, Any]]:
        """Each keyword's spec node (a path or query parameter, or a property of the body schema), by name."""
        operation = self.operation(endpoint)
        found: dict[str, dict[str, Any]] = {}
        for reference in operation.get("parameters", ()):
            parameter = self.resolve(reference)
            found[parameter["name"]] = {**parameter.get("schema", {}), "description": parameter.get("description")}
        body = self.resolve(operation.get("requestBody", {}))
        for media in body.get("content", {}).values():
            schema = self.resolve(media.get("schema", {}))
            for name, node in schema.get("properties", {}).items():
                found.setdefault(name, node)
        return found


def constraints(node: Mapping[str, Any]) -> str:
    """The value rules of a schema (and of the members of its anyOf), as a sentence."""
    keys = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "pattern"]
    keys += ["minItems", "maxItems"]
    found: list[str] = []
    for member in (node, *node.get("anyOf", ())):
        found += [f"{key} `{json.dumps(member[key])}`" for key in keys if key in member]
    return f"Constraints: {', '.join(found)}." if found else ""


def field_notes(node: Mapping[str, Any]) -> str:
    """What a property's schema says beyond its description: a fixed value, a default, terminal values, rules."""
    notes = []
    if "const" in node:
        notes.append(f"Always `{json.dumps(node['const'])}`.")
    elif "default" in node:
        notes.append(f"Default: `{json.dumps(node['default'])}`.")
    if node.get("x-terminal"):
        notes.append("Terminal (never left): " + ", ".join(f"`{value}`" for value in node["x-terminal"]) + ".")
    notes.append(constraints(node))
    return " ".join(note for note in notes if note)


# --- the facade ----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ResourceInfo:
    """A resource as `Mistral` offers it: `mistral.<path>`, its class, module and endpoints (in the spec's order)."""

    path: str
    cls: type[Resource]
    endpoints: list[Endpoint]

    @property
    def page(self) -> str:
        return f"sdks/{self.path.replace('.', '_')}/README.md"

    @property
    def title(self) -> str:
        head = first_paragraph(self.cls.__doc__).split(":", 1)[0]
        return head if head and len(head) < 40 else self.path

    def method(self, name: str) -> Any:
        return getattr(self.cls, name)

    def helpers(self) -> list[str]:
        """Its public methods that are not operations nor async twins, in the order the class defines them."""
        operations = {endpoint.name for endpoint in self.endpoints}
        names = [name for name, value in vars(self.cls).items() if not name.startswith("_") and callable(value)]
        twins = {f"{name}_async" for name in names}
        return [name for name in names if name not in twins and name.removesuffix("_async") not in operations]


def find_resources() -> list[ResourceInfo]:
    """Every resource a `Mistral` holds (its properties, and theirs one level down), with its endpoints; fails when
    an endpoint of the registry belongs to none."""
    order = {module: index for index, (module, _, _) in enumerate(_api.ROUTES)}
    found: list[ResourceInfo] = []
    with Mistral(api_key="docs-0123456789", server_url="http://127.0.0.1:9") as mistral:

        def walk(holder: object, prefix: str, depth: int) -> None:
            for name in sorted(dir(type(holder))):
                if name.startswith("_") or not isinstance(inspect.getattr_static(type(holder), name), property):
                    continue
                value = getattr(holder, name)
                if isinstance(value, Resource):
                    module = sys.modules[type(value).__module__]
                    endpoints = [item for item in vars(module).values() if isinstance(item, Endpoint)]
                    endpoints.sort(key=lambda endpoint: order[endpoint.operation.module])
                    found.append(ResourceInfo(prefix + name, type(value), endpoints))
                elif depth < 2 and type(value).__module__.startswith(PACKAGE + "."):
                    walk(value, f"{prefix}{name}.", depth + 1)

        walk(mistral, "", 0)
    covered = {id(endpoint) for resource in found for endpoint in resource.endpoints}
    missing = [endpoint.operation.module for endpoint in ENDPOINTS if id(endpoint) not in covered]
    if missing:
        raise SystemExit(f"docs: no resource of Mistral holds the endpoints of {missing}")
    return sorted(found, key=lambda resource: order[resource.endpoints[0].operation.module])


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings written under a class's annotated attributes (which Python itself does not keep)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    found: dict[str, str] = {}
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = " ".join(following.value.value.split())
    return found


def signature_text(function: Callable[..., Any], name: str) -> str:
    """`name(...) -> ...` with the annotations as written (they are text here), without `self`."""
    signature = inspect.signature(function)
    parts: list[str] = []
    star_done = False
    for parameter in signature.parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        if parameter.kind is parameter.VAR_POSITIONAL:
            star_done = True
        stars = "*" if parameter.kind is parameter.VAR_POSITIONAL else ""
        stars = "**" if parameter.kind is parameter.VAR_KEYWORD else stars
        text = stars + parameter.name
        annotated = parameter.annotation is not parameter.empty
        if annotated:
            text += f": {_annotation(parameter.annotation)}"
        if parameter.default is not parameter.empty:
            text += f" = {parameter.default!r}" if annotated else f"={parameter.default!r}"
        parts.append(text)
    returns = signature.return_annotation
    tail = f" -> {_annotation(returns)}" if returns not in (signature.empty, None, "None") else ""
    return f"{name}({', '.join(parts)}){tail}"


def _annotation(value: Any) -> str:
    """An annotation as text, with the overlay's private path to the models (`_api.models.X`) written `X`."""
    text = value if isinstance(value, str) else getattr(value, "__name__", repr(value))
    return re.sub(r"\b_api\.(models\.)?", "", text)


# --- names and pages -----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ModelInfo:
    """A page of docs/models/: a generated model or enum, a union alias, `UnknownVariant`, or a spec schema that is
    a class of the generated types (`File`)."""

    name: str
    kind: str  # "object", "enum", "union", "unknown", "type", "alias" (a name for a plain type: a dict, a Literal)
    obj: Any
    schema: Mapping[str, Any] | None
    schema_name: str | None
    members: tuple[str, ...] = ()

    @property
    def page(self) -> str:
        return f"models/{self.name.lower()}.md"


class Site:
    """Everything the pages are made of, read once."""

    def __init__(self) -> None:
        self.spec = Spec(_api.openapi_spec())
        self.resources = find_resources()
        self.models = self._models()
        self.pages: dict[str, str] = {}  # a name -> the page (and anchor) describing it, relative to docs/
        self.other_names: dict[str, str] = {}  # another name of a model -> the model's name
        self._name_pages()
        self.used_by = self._uses()

    # -- the models

    def _models(self) -> dict[str, ModelInfo]:
        renamed_schemas = _class_overrides()
        found: dict[str, ModelInfo] = {}
        for name in sorted(_api.MODEL_NAMES):
            if name.endswith("TypedDict") and name.removesuffix("TypedDict") in _api.MODEL_NAMES:
                continue
            cls = _api.model_class(name)
            schema_name = name if name in self.spec.schemas else renamed_schemas.get(name)
            schema = self.spec.schemas.get(schema_name) if schema_name else None
            kind = "enum" if isinstance(cls, enum.EnumMeta) else "alias" if cls is dict else "object"
            found[name] = ModelInfo(name, kind, cls, schema, schema_name if schema else None)
        for name, schema in self.spec.schemas.items():  # schemas the generator made a type of its own for
            generated = getattr(generated_types, name, None)
            if name in found or name in renamed_schemas.values():
                continue
            if not isinstance(generated, type):
                raise SystemExit(f"docs: the spec's schema {name} is neither a generated model nor a generated type")
            found[name] = ModelInfo(name, "type", generated, schema, name)
        found["UnknownVariant"] = ModelInfo("UnknownVariant", "unknown", _api.UnknownVariant, None, None)
        for name in MODELS_EXPORTS:  # names models gives a Literal type (mistralai 1.0's FineTuneableModel)
            if typing.get_origin(getattr(models, name)) is typing.Literal:
                found[name] = ModelInfo(name, "alias", getattr(models, name), None, None)
        for name, members in models._UNIONS.items():
            found[name] = ModelInfo(name, "union", None, None, None, tuple(members))
        pages = [info.page for info in found.values()]
        clashes = sorted({page for page in pages if pages.count(page) > 1})
        if clashes:
            raise SystemExit(f"docs: models whose pages would share a file name: {clashes}")
        return dict(sorted(found.items()))

    def _name_pages(self) -> None:
        for name, info in self.models.items():
            self.pages[name] = info.page
            if f"{name}TypedDict" in _api.MODEL_NAMES or hasattr(generated_types, f"{name}TypedDict"):
                self.pages[f"{name}TypedDict"] = info.page
        for alias, target in models._RENAMED.items():
            base = target.removesuffix("TypedDict") if target not in self.models else target
            self.other_names[alias] = target
            self.pages.setdefault(alias, self.models[base].page)
        for alias in models._UNKNOWN_NAMES:
            self.other_names[alias] = "UnknownVariant"
            self.pages.setdefault(alias, self.models["UnknownVariant"].page)
        for name in errors.__all__:
            self.pages.setdefault(name, f"errors.md#{slug(getattr(errors, name).__name__)}")
        for name in other_exceptions():
            self.pages.setdefault(name, f"errors.md#{slug(name)}")
        for name in utils.__all__:
            self.pages.setdefault(name, f"utils.md#{slug(name)}")

    def fields(self, info: ModelInfo) -> list[tuple[str, str, str, bool, str]]:
        """(attribute, JSON name, type, required, description) of an object model, in the spec's order."""
        public = {
            field.name: field
            for field in attrs.fields(info.obj)
            if not field.name.startswith("_") and field.name != "additional_properties"
        }
        if info.schema is None:
            return [
                (name, name, field.type or "Any", field.default is attrs.NOTHING, "") for name, field in public.items()
            ]
        rows = []
        required = set(info.schema.get("required", ()))
        for json_name, node in info.schema.get("properties", {}).items():
            attribute = json_name if json_name in public else f"{json_name}_"
            if attribute not in public:
                raise SystemExit(f"docs: {info.name} has no attribute for the spec's property {json_name!r}")
            text = node.get("description") or self.spec.resolve(node).get("description") or ""
            description = " ".join(part for part in (text, field_notes(node)) if part)
            rows.append((attribute, json_name, public.pop(attribute).type or "Any", json_name in required, description))
        if public:
            raise SystemExit(f"docs: {info.name} has attributes the spec does not describe: {sorted(public)}")
        return rows

    # -- where each type is used

    def _uses(self) -> dict[str, list[tuple[str, str]]]:
        uses: dict[str, list[tuple[str, str]]] = {}

        def note(type_text: str, label: str, target: str) -> None:
            for name in sorted(set(_IDENTIFIER.findall(type_text))):
                page = self.pages.get(name, "")
                owner = next((info.name for info in self.models.values() if info.page == page), None)
                if owner and (label, target) not in uses.setdefault(owner, []):
                    uses[owner].append((label, target))

        for info in self.models.values():
            if info.kind == "object":
                for attribute, _, type_text, _, _ in self.fields(info):
                    note(type_text, f"{info.name}.{attribute}", info.page)
            elif info.kind == "union":
                note(" | ".join(info.members), info.name, info.page)
        for resource in self.resources:
            for endpoint in resource.endpoints:
                target = f"{resource.page}#{slug(endpoint.name)}"
                for parameter in endpoint.operation.parameters:
                    note(parameter.annotation, f"{resource.path}.{endpoint.name}({parameter.name}=...)", target)
                note(self.returns(resource, endpoint), f"{resource.path}.{endpoint.name} (returns)", target)
        return {name: sorted(found) for name, found in uses.items()}

    def description(self, info: ModelInfo) -> str:
        """A model's description: its schema's, or its class's docstring, or where it is used (an inline enum)."""
        if info.kind == "union":
            return "A name the official SDKs give a union of models; here it is that union."
        if info.kind == "alias" and info.obj is dict:
            return "A free-form object: a plain `dict[str, Any]`, as the official SDKs type it (not a model)."
        if info.kind == "alias":
            return "mistralai 1.0's type of a job's base model: the names the spec listed then (any name is taken now)."
        own = (info.schema or {}).get("description") or _own_doc(info.obj)
        if own:
            return str(own)
        fields = [label for label, _ in self.used_by.get(info.name, ())]
        kind = "The values of" if info.kind == "enum" else "The type of"
        return f"{kind} {', '.join(f'`{label}`' for label in fields)}." if fields else ""

    def returns(self, resource: ResourceInfo, endpoint: Endpoint) -> str:
        return _annotation(inspect.signature(resource.method(endpoint.name)).return_annotation)

    # -- types as links

    def type_link(self, text: str, page: str) -> str:
        """A Python type written as text, with each model's name linked to its page; `Unset` dropped, `None` last,
        and a `Literal[...]` that repeats the values of an enum beside it shortened."""
        parts = [part for part in _split_union(_expand_aliases(text)) if part != "Unset"]
        parts = [part for part in parts if part != "None"] + (["None"] if "None" in parts else [])
        enums = {name for name in parts if self.models.get(name, None) and self.models[name].kind == "enum"}
        enum_values = [_enum_values(self.models[name].obj) for name in enums]
        shortened = [
            "Literal[...]" if part.startswith("Literal[") and _literal_values(part) in enum_values else part
            for part in parts
        ]
        return " | ".join(self._link_names(part, page) for part in shortened)

    def _link_names(self, text: str, page: str) -> str:
        pieces: list[str] = []
        last = 0
        for match in _IDENTIFIER.finditer(text):
            pieces.append(_escape_type(text[last : match.start()]))
            name = match.group(0)
            target = self.pages.get(name)
            pieces.append(f"[{name}]({relative(target, page)})" if target else name)
            last = match.end()
        pieces.append(_escape_type(text[last:]))
        return "".join(pieces)

    def name_link(self, name: str, page: str) -> str:
        target = self.pages.get(name)
        return f"[{name}]({relative(target, page)})" if target else f"`{name}`"


def other_exceptions() -> list[str]:
    """Exceptions `models` offers besides the package's errors (those of the models' own methods)."""
    found = []
    for name in MODELS_EXPORTS:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, BaseException) and name not in errors.__all__:
            found.append(name)
    return sorted(found)


def _class_overrides() -> dict[str, str]:
    """The generator's renamings of schemas (generator-config.yaml's class_overrides): class name -> schema name."""
    config = yaml.safe_load((ROOT / "generator-config.yaml").read_text())
    overrides: Mapping[str, Any] = config.get("class_overrides") or {}
    return {value["class_name"]: key for key, value in overrides.items()}


def _split_union(text: str) -> list[str]:
    """The members of a union written as text (`|` outside brackets)."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [part for part in parts if part]


def _expand_aliases(text: str) -> str:
    """A name of the generated types that is an alias of a union (`FileInput`), replaced by its members."""

    def expand(match: re.Match[str]) -> str:
        value = getattr(generated_types, match.group(0), None)
        if isinstance(value, types.UnionType) or typing.get_origin(value) is typing.Union:
            members = typing.get_args(value)
            return " | ".join(_annotation(member) if isinstance(member, type) else _short(member) for member in members)
        return match.group(0)

    return _IDENTIFIER.sub(expand, text)


def _short(value: Any) -> str:
    return re.sub(r"\b(typing|os|collections\.abc)\.", "", repr(value))


def _literal_values(text: str) -> set[str]:
    return set(re.findall(r"[\"']([^\"']*)[\"']", text))


def _enum_values(cls: Any) -> set[str]:
    return {str(member.value) for member in cls}


def _escape_type(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


# --- examples ------------------------------------------------------------------------------------------------------


def example_ids() -> dict[str, str]:
    """The ids the examples use: the fake server's seeded jobs, by their status, and a training file of one."""
    by_status: dict[str, _seed.SeedJob] = {}
    for seed in _seed.EXAMPLES:
        by_status.setdefault(seed.status, seed)  # the first of each status, so that adding seeds changes nothing
    succeeded = by_status["SUCCESS"]
    return {
        "succeeded": succeeded.job_id,
        "running": by_status["RUNNING"].job_id,
        "validated": by_status["VALIDATED"].job_id,
        "training_file": succeeded.body["training_files"][0]["file_id"],
    }


_CLIENT = """\
import os

from mistral_fine_tuning import Mistral

with Mistral(api_key=os.environ["MISTRAL_API_KEY"]) as mistral:
"""
_UPLOAD = """\
line = b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}\\n'
uploaded = mistral.files.upload(file={"file_name": "train.jsonl", "content": line * 10})
"""
_FINE_TUNED = """\
job = mistral.fine_tuning.jobs.get(job_id="$succeeded")
model_id = job.fine_tuned_model  # the model a finished job made
"""

# What each example does inside `with Mistral(...) as mistral:` (or a whole script, importing the package itself), by
# resource and method ("async" for the resource's Async section). $names are the ids of `example_ids`.
EXAMPLES: dict[tuple[str, str], str] = {
    ("fine_tuning.jobs", "list"): """\
page = mistral.fine_tuning.jobs.list(page_size=10, status="SUCCESS")
print(page.total, "finished jobs")
for job in page.data:
    print(job.id, job.model, job.fine_tuned_model)
""",
    ("fine_tuning.jobs", "create"): """\
job = mistral.fine_tuning.jobs.create(
    model="open-mistral-7b",
    training_files=[{"file_id": "$training_file", "weight": 1.0}],
    hyperparameters={"training_steps": 10, "learning_rate": 0.0001},
    suffix="support-bot",
    auto_start=False,
)
print(job.id, job.status)
""",
    ("fine_tuning.jobs", "get"): """\
job = mistral.fine_tuning.jobs.get(job_id="$succeeded")
print(job.status, job.fine_tuned_model)
for checkpoint in job.checkpoints:
    print(checkpoint.step_number, checkpoint.metrics.train_loss)
""",
    ("fine_tuning.jobs", "cancel"): """\
job = mistral.fine_tuning.jobs.cancel(job_id="$running")
print(job.status)  # CANCELLATION_REQUESTED, then CANCELLED
""",
    ("fine_tuning.jobs", "start"): """\
job = mistral.fine_tuning.jobs.start(job_id="$validated")
print(job.status)
""",
    ("fine_tuning.jobs", "iter"): """\
for job in mistral.fine_tuning.jobs.iter(status="SUCCESS", page_size=50):
    print(job.id, job.fine_tuned_model)
""",
    ("fine_tuning.jobs", "iter_pages"): """\
for page in mistral.fine_tuning.jobs.iter_pages(page_size=2):
    print(len(page.data), "of", page.total)
""",
    ("fine_tuning.jobs", "create_from_files"): """\
from pathlib import Path

line = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}\\n'
Path("train.jsonl").write_text(line * 10)  # the training data, checked on this machine before it is uploaded
job = mistral.fine_tuning.jobs.create_from_files(
    training_files=["train.jsonl"],
    model="open-mistral-7b",
    hyperparameters={"training_steps": 10},
    auto_start=True,
    wait=True,
)
print(job.status, job.fine_tuned_model)
""",
    ("fine_tuning.jobs", "wait"): """\
import os

from mistral_fine_tuning import Mistral


def show(update):
    if update.kind == "status":
        print("status:", update.item)


with Mistral(api_key=os.environ["MISTRAL_API_KEY"]) as mistral:
    job = mistral.fine_tuning.jobs.create(
        model="open-mistral-7b",
        training_files=[{"file_id": "$training_file", "weight": 1.0}],
        hyperparameters={"training_steps": 10},
        auto_start=True,
    )
    finished = mistral.fine_tuning.jobs.wait(job_id=job.id, timeout=3600, on_update=show)
    print(finished.status, finished.fine_tuned_model)
""",
    ("fine_tuning.jobs", "with_raw_response"): """\
raw = mistral.fine_tuning.jobs.with_raw_response.get(job_id="$succeeded")
print(raw.status_code, raw.request_id, raw.retries_taken)
job = raw.parse()
print(job.status)
""",
    ("fine_tuning.jobs", "async"): """\
import asyncio
import os

from mistral_fine_tuning import Mistral


async def main():
    async with Mistral(api_key=os.environ["MISTRAL_API_KEY"]) as mistral:
        job = await mistral.fine_tuning.jobs.get_async(job_id="$succeeded")
        print(job.status)
        async for listed in mistral.fine_tuning.jobs.iter_async(status="SUCCESS"):
            print(listed.id)


asyncio.run(main())
""",
    ("files", "upload"): _UPLOAD
    + """\
print(uploaded.id, uploaded.filename, uploaded.bytes_)  # the id is what jobs.create(training_files=...) takes
""",
    ("files", "list"): """\
page = mistral.files.list(page_size=20, purpose="fine-tune")
for file in page.data:
    print(file.id, file.filename, file.bytes_)
""",
    ("files", "retrieve"): _UPLOAD
    + """\
file = mistral.files.retrieve(file_id=uploaded.id)
print(file.filename, file.num_lines)
""",
    ("files", "delete"): _UPLOAD
    + """\
deleted = mistral.files.delete(file_id=uploaded.id)
print(deleted.id, deleted.deleted)
""",
    ("files", "download"): _UPLOAD
    + """\
with mistral.files.download(file_id=uploaded.id) as response:
    print(response.read().decode())
""",
    ("files", "get_signed_url"): _UPLOAD
    + """\
signed = mistral.files.get_signed_url(file_id=uploaded.id, expiry=1)
print(signed.url)
""",
    ("files", "iter"): """\
for file in mistral.files.iter(purpose="fine-tune"):
    print(file.id, file.filename)
""",
    ("files", "download_to"): _UPLOAD
    + """\
written = mistral.files.download_to("train-copy.jsonl", file_id=uploaded.id)
print(written, "bytes written")
""",
    ("files", "with_raw_response"): _UPLOAD
    + """\
raw = mistral.files.with_raw_response.retrieve(file_id=uploaded.id)
print(raw.status_code, raw.request_id)
print(raw.parse().filename)
""",
    ("files", "async"): """\
import asyncio
import os

from mistral_fine_tuning import Mistral


async def main():
    async with Mistral(api_key=os.environ["MISTRAL_API_KEY"]) as mistral:
        uploaded = await mistral.files.upload_async(file={"file_name": "notes.txt", "content": "hello"})
        file = await mistral.files.retrieve_async(file_id=uploaded.id)
        print(file.filename)


asyncio.run(main())
""",
    ("models", "update"): _FINE_TUNED
    + """\
model = mistral.models.update(model_id=model_id, name="support-bot", description="Answers support tickets")
print(model.id, model.name)
""",
    ("models", "archive"): _FINE_TUNED
    + """\
archived = mistral.models.archive(model_id=model_id)
print(archived.id, archived.archived)
""",
    ("models", "unarchive"): _FINE_TUNED
    + """\
mistral.models.archive(model_id=model_id)
unarchived = mistral.models.unarchive(model_id=model_id)
print(unarchived.id, unarchived.archived)
""",
    ("models", "retrieve"): _FINE_TUNED
    + """\
card = mistral.models.retrieve(model_id=model_id)
print(card.id, card.type_, card.capabilities)
""",
    ("models", "delete"): _FINE_TUNED
    + """\
deleted = mistral.models.delete(model_id=model_id)
print(deleted.id, deleted.deleted)
""",
    ("models", "with_raw_response"): _FINE_TUNED
    + """\
raw = mistral.models.with_raw_response.retrieve(model_id=model_id)
print(raw.status_code, raw.parse().id)
""",
    ("models", "async"): """\
import asyncio
import os

from mistral_fine_tuning import Mistral


async def main():
    async with Mistral(api_key=os.environ["MISTRAL_API_KEY"]) as mistral:
        job = await mistral.fine_tuning.jobs.get_async(job_id="$succeeded")
        card = await mistral.models.retrieve_async(model_id=job.fine_tuned_model)
        print(card.id)


asyncio.run(main())
""",
}


def example(resource: ResourceInfo, name: str, endpoint: Endpoint | None = None) -> str | None:
    """The example script for a method (None for a helper without one); an operation without a written example gets
    a call with its required keywords, which fails when run until one is written here."""
    body = EXAMPLES.get((resource.path, name))
    if body is None:
        if endpoint is None:
            return None
        required = [parameter.name for parameter in endpoint.operation.parameters if parameter.required]
        arguments = ", ".join(f'{parameter}="..."' for parameter in required)
        body = f"result = mistral.{resource.path}.{name}({arguments})  # no example written yet\nprint(result)\n"
    body = string.Template(body).substitute(example_ids())
    if f"from {PACKAGE} import" in body:  # a whole script
        return body
    return _CLIENT + textwrap.indent(body, "    ", lambda line: bool(line.strip()))


# --- pages ---------------------------------------------------------------------------------------------------------


def resource_page(site: Site, resource: ResourceInfo) -> str:
    access = f"mistral.{resource.path}"
    out = [f"# {resource.title}", f"(`{access}`)", docstring(resource.cls.__doc__), "## Overview", "### Operations"]
    summaries = [(endpoint.name, site.spec.operation(endpoint).get("summary", "")) for endpoint in resource.endpoints]
    out.append("\n".join(f"* [{name}](#{slug(name)}) - {prose(summary)}" for name, summary in summaries))
    helpers = resource.helpers()
    out.append("### Helpers")
    out.append("\n".join(f"* [{name}](#{slug(name)})" for name in [*helpers, "with_raw_response", "Async"]))
    out += [operation_section(site, resource, endpoint) for endpoint in resource.endpoints]
    out += [helper_section(site, resource, name) for name in helpers]
    out.append(raw_section(site, resource))
    out.append(async_section(site, resource))
    return _page(out)


def operation_section(site: Site, resource: ResourceInfo, endpoint: Endpoint) -> str:
    page = resource.page
    operation = site.spec.operation(endpoint)
    method = resource.method(endpoint.name)
    out = [f"## {endpoint.name}"]
    summary, description = operation.get("summary", ""), operation.get("description", "")
    out.append(prose(" ".join(part.rstrip(".") + "." for part in (summary, description) if part)))
    facts = [f"`{endpoint.operation.method} {endpoint.operation.path}`"]
    if hasattr(resource.cls, f"{endpoint.name}_async"):
        facts.append(f"async: `{endpoint.name}_async`")
    out.append(" · ".join(facts))
    out.append(docstring(method.__doc__))
    out.append("**Retries and checks**\n\n" + "\n".join(_behaviour(endpoint)))
    script = example(resource, endpoint.name, endpoint)
    if script:
        out += ["### Example Usage", code_block(script)]
    out += ["### Parameters", parameters_table(site, resource, endpoint)]
    out += ["### Response", response_text(site, resource, endpoint)]
    out += ["### Errors", errors_table(site, page, operation)]
    return _page(out)


def _behaviour(endpoint: Endpoint) -> list[str]:
    """What the endpoint registry says about retrying and checking this operation."""
    lines = []
    if endpoint.idempotent:
        lines.append("- Idempotent (`x-idempotent: true`): retried after any retryable failure.")
    else:
        lines.append(
            "- Not idempotent (`x-idempotent: false`): never re-sent once the server may have received it, unless "
            "`retries` says `retry_non_idempotent=True`."
        )
    if endpoint.if_lost is not None:
        lines.append("- When the request was sent but its answer was lost, the error says how to find what it made.")
    if endpoint.echo is not None:
        lines.append(f"- The answer must be about the `{endpoint.echo}` asked for; another one is refused.")
    if endpoint.confirm is not None:
        reader = endpoint.confirm[0].name
        lines.append(
            f"- A 409 to a re-sent attempt, after an earlier one may have acted, is checked with `{reader}`: when the "
            "change took effect, that result is returned."
        )
    if endpoint.stream:
        lines.append("- The body is handed over unread: read it, and close it (or use `with`).")
    return lines


def parameters_table(site: Site, resource: ResourceInfo, endpoint: Endpoint) -> str:
    page = resource.page
    nodes = site.spec.parameter_schemas(endpoint)
    rows = []
    for parameter in sorted(endpoint.operation.parameters, key=lambda parameter: not parameter.required):
        node = nodes.get(parameter.name, {})
        text = node.get("description") or site.spec.resolve(node).get("description") or ""
        description = " ".join(part for part in (text, field_notes(node)) if part)
        rows.append(
            (
                f"`{parameter.name}`",
                site.type_link(parameter.annotation, page),
                "✔️" if parameter.required else "",
                f"{parameter.location.capitalize()}: {prose(description)}" if description else parameter.location,
            )
        )
    signature = inspect.signature(resource.method(endpoint.name))
    option_docs = attribute_docstrings(_types.CallOptions)
    for name in _types.OPTION_NAMES:
        annotation = signature.parameters[name].annotation if name in signature.parameters else "Any"
        rows.append(
            (
                f"`{name}`",
                site.type_link(_annotation(annotation), page),
                "",
                f"Per-call option: {prose(option_docs.get(name, ''))}",
            )
        )
    return table(("Parameter", "Type", "Required", "Description"), rows)


def response_text(site: Site, resource: ResourceInfo, endpoint: Endpoint) -> str:
    page = resource.page
    returns = site.returns(resource, endpoint)
    out = [f"**{site.type_link(returns, page)}**"]
    responses = site.spec.operation(endpoint)["responses"]
    success: Mapping[str, Any] = next(
        (site.spec.resolve(node) for code, node in responses.items() if code[0] == "2"), {}
    )
    media = ", ".join(f"`{kind}`" for kind in success.get("content", {}))
    if success.get("description"):
        out.append(f"{prose(success['description'])} ({media})" if media else prose(success["description"]))
    members = set(_split_union(returns))
    names = [name for name, union in models._UNIONS.items() if set(union) == members and len(members) > 1]
    if names:
        out.append("The official SDKs name this union " + ", ".join(site.name_link(name, page) for name in names) + ".")
    module = sys.modules[resource.cls.__module__]
    for name in sorted(members):
        local = getattr(module, name, None)
        if name not in site.pages and isinstance(local, type):
            out.append(f"`{name}`: " + docstring(local.__doc__))
    return "\n\n".join(out)


def errors_table(site: Site, page: str, operation: Mapping[str, Any]) -> str:
    """What each error answer of the spec raises (the package's class for each status), its body's model, and the
    errors raised without an error answer."""
    responses = {code: site.spec.resolve(node) for code, node in operation.get("responses", {}).items()}
    by_status = STATUS_CLASSES
    explicit = {int(code) for code in responses if code.isdigit()}
    rows = []
    covered: set[int] = set()
    for code, response in responses.items():
        if code.startswith(("1", "2", "3")):
            continue
        if code.isdigit():
            covered.add(int(code))
            raised = _error_link(site, by_status.get(int(code)) or _fallback_error(code), page)
        else:  # a range ("4XX") or "default": the statuses with a class of their own, then the rest
            if code == "default":
                statuses = [s for s in by_status if s not in explicit and f"{str(s)[0]}XX" not in responses]
            else:
                statuses = [s for s in by_status if str(s)[0] == code[0] and s not in explicit]
            covered.update(statuses)
            links = [f"{_error_link(site, by_status[s], page)} ({s})" for s in statuses]
            rest = _error_link(site, _fallback_error(code), page)
            raised = ", ".join([*links, f"{rest} (any other)" if links else rest])
        rows.append((code, raised, _body_models(site, page, response), prose(response.get("description", ""))))
    missing = sorted(set(by_status) - covered)
    if missing:  # statuses the spec does not declare still raise the package's class
        undeclared = ", ".join(f"{_error_link(site, by_status[s], page)} ({s})" for s in missing)
        rows.append(("not in the spec", undeclared, "", "The package's class for that status."))
    for cls, status in (
        (errors.ResponseValidationError, "2XX"),
        (errors.InputValidationError, "nothing sent"),
        (errors.APIConnectionError, "no answer"),
        (errors.APITimeoutError, "no answer"),
    ):
        rows.append((status, _error_link(site, cls, page), "", prose(first_paragraph(cls.__doc__))))
    return table(("Status", "Error", "Body", "When"), rows)


def _fallback_error(code: str) -> type[errors.SDKError]:
    """The class of a status without one of its own: server errors, and the rest."""
    return errors.InternalServerError if code.startswith("5") else errors.SDKError


def _body_models(site: Site, page: str, response: Mapping[str, Any]) -> str:
    shown = []
    for kind, media in response.get("content", {}).items():
        name = site.spec.ref_name(media.get("schema"))
        model = _model_of_schema(site, name) if name else None
        shown.append(f"{site.name_link(model, page)} (`{kind}`)" if model else f"`{kind}`")
    return ", ".join(shown)


def _model_of_schema(site: Site, schema_name: str) -> str | None:
    return next((info.name for info in site.models.values() if info.schema_name == schema_name), None)


def _error_link(site: Site, cls: type, page: str) -> str:
    aliases = [name for name in errors.__all__ if getattr(errors, name) is cls and name != cls.__name__]
    link = site.name_link(cls.__name__, page)
    return link + (" (" + ", ".join(f"`{alias}`" for alias in aliases) + ")" if aliases else "")


def helper_section(site: Site, resource: ResourceInfo, name: str) -> str:
    method = resource.method(name)
    out = [f"## {name}", code_block(signature_text(method, name))]
    if hasattr(resource.cls, f"{name}_async"):
        out.append(f"async: `{name}_async`")
    out.append(docstring(method.__doc__))
    script = example(resource, name)
    if script:
        out += ["### Example Usage", code_block(script)]
    return _page(out)


def raw_section(site: Site, resource: ResourceInfo) -> str:
    prop = inspect.getattr_static(resource.cls, "with_raw_response")
    raw_class = getattr(sys.modules[resource.cls.__module__], prop.fget.__annotations__["return"])
    operations = [name for name in vars(raw_class) if not name.startswith("_") and not name.endswith("_async")]
    out = ["## with_raw_response", docstring(prop.__doc__), docstring(raw_class.__doc__)]
    out.append("Operations: " + ", ".join(f"`{name}`" for name in operations) + " (and their `_async` twins).")
    out.append("Each returns a `RawResponse`. " + docstring(_raw.RawResponse.__doc__))
    members = []
    for name, value in vars(_raw.RawResponse).items():
        if name.startswith("_") or not (isinstance(value, property) or callable(value)):
            continue
        doc = first_paragraph(value.__doc__)
        members.append(f"- `{name}`" + (f": {prose(doc)}" if doc else ""))
    out.append("**Members**\n\n" + "\n".join(members))
    script = example(resource, "with_raw_response")
    if script:
        out += ["### Example Usage", code_block(script)]
    return _page(out)


def async_section(site: Site, resource: ResourceInfo) -> str:
    out = [
        "## Async",
        "Every method above has an `_async` twin taking the same arguments and raising the same errors; the "
        "iterators' twins are async iterators. Use them on a `Mistral` opened with `async with`.",
    ]
    script = example(resource, "async")
    if script:
        out += ["### Example Usage", code_block(script)]
    return _page(out)


def model_page(site: Site, info: ModelInfo) -> str:
    page = info.page
    out = [f"# {info.name}", docstring(site.description(info))]
    out.append(names_table(site, info))
    if info.kind == "object":
        rows = []
        for attribute, json_name, type_text, required, text in site.fields(info):
            name = f"`{attribute}`" + (f" (JSON `{json_name}`)" if json_name != attribute else "")
            rows.append((name, site.type_link(type_text, page), "✔️" if required else "", prose(text)))
        extra = attribute_docstrings(info.obj).get("additional_properties", "")
        if rows:
            out += ["## Fields", table(("Field", "Type", "Required", "Description"), rows)]
            out.append(f"`additional_properties`: {prose(extra)}" if extra else "")
        else:
            out += ["## Fields", "None declared: a free-form object, whose keys are in `additional_properties`."]
    elif info.kind == "enum":
        out += ["## Values", table(("Value",), [(f"`{member.value}`",) for member in info.obj])]
        out.append(
            "A `str` enum: arguments take a member or its value as a plain string. A value the server sends that is "
            "not listed here is kept as it came rather than refused."
        )
        if (info.schema or {}).get("x-speakeasy-unknown-values") == "allow":
            out.append(
                "The API also takes values not listed here (the spec marks this enum "
                "`x-speakeasy-unknown-values: allow`): an argument that is another string is sent as given."
            )
    elif info.kind == "union":
        out += ["## Members", "\n".join(f"- {site.name_link(member, page)}" for member in info.members)]
    elif info.kind == "alias":
        shown = "dict[str, Any]" if info.obj is dict else str(info.obj).replace("typing.", "")
        out.append(code_block(f"{info.name} = {shown}"))
    elif info.kind in ("type", "unknown"):
        out.append(docstring(info.obj.__doc__) if info.kind == "type" else "")
        if info.kind == "type":
            out.append(code_block(signature_text(info.obj.__init__, info.name)))
    uses = site.used_by.get(info.name, [])
    if uses:
        out += ["## Used by", "\n".join(f"- [`{label}`]({relative(target, page)})" for label, target in uses)]
    return _page(out)


def _own_doc(obj: Any) -> str:
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else None
    return doc if isinstance(doc, str) else ""


def names_table(site: Site, info: ModelInfo) -> str:
    """Where a model comes from and every name it has."""
    rows = []
    if hasattr(models, info.name):
        rows.append(("Import", f"`from {PACKAGE} import models`, then `models.{info.name}`"))
    if info.schema_name:
        rows.append(("Schema in the spec", f"`{info.schema_name}`"))
    if info.schema_name == info.name:  # models' own rule: the schema names are mistralai 1.x's names
        rows.append(("Name in mistralai 1.x", f"`{info.name}`"))
    others = sorted(alias for alias, target in site.other_names.items() if target == info.name)
    if others:
        rows.append(("Other names (mistralai 2.x, or SDK-only)", ", ".join(f"`models.{alias}`" for alias in others)))
    typed_dict = f"{info.name}TypedDict"
    if typed_dict in site.pages and typed_dict not in site.models:
        dict_names = [typed_dict, *sorted(alias for alias, target in site.other_names.items() if target == typed_dict)]
        rows.append(("As a dict", ", ".join(f"`{name}`" for name in dict_names) + ": a plain dict with these keys"))
    unions = sorted(name for name, members in models._UNIONS.items() if info.name in members)
    if unions:
        rows.append(("Member of", ", ".join(site.name_link(name, info.page) for name in unions)))
    return table(("", ""), rows) if rows else ""


def errors_page(site: Site) -> str:
    page = "errors.md"
    classes = sorted({getattr(errors, name) for name in errors.__all__}, key=_depth_key)
    out = [
        "# Errors",
        f"Everything the package raises derives from `{errors.MistralFineTuningError.__name__}`; every name below "
        f"is importable from `{PACKAGE}`, `{PACKAGE}.errors` and `{PACKAGE}.models`.",
        "## Hierarchy",
        "\n".join(_tree_lines(site, page, errors.MistralFineTuningError, 0, set(classes))),
        "## By status",
        table(
            ("Status", "Error"),
            [(str(status), site.name_link(cls.__name__, page)) for status, cls in sorted(STATUS_CLASSES.items())],
        ),
    ]
    for cls in sorted(classes, key=lambda cls: cls.__name__):
        aliases = [name for name in errors.__all__ if getattr(errors, name) is cls and name != cls.__name__]
        out.append(_error_section(cls, aliases))
    others = other_exceptions()
    if others:
        out += ["## Raised by the models", f"Not raised by calls: by the models' own methods; in `{PACKAGE}.models`."]
        out += [_error_section(getattr(models, name), []) for name in others]
    return _page(out)


def _error_section(cls: type, aliases: list[str]) -> str:
    bases = ", ".join(f"`{base.__name__}`" for base in cls.__bases__)
    section = [f"## {cls.__name__}", f"Subclass of {bases}."]
    if aliases:
        section.append("Also named " + ", ".join(f"`{alias}`" for alias in aliases) + ".")
    section.append(docstring(cls.__doc__))
    return _page(section)


def _name_of(cls: type) -> str:
    return cls.__name__


def _depth_key(cls: type) -> tuple[int, str]:
    return len(cls.__mro__), cls.__name__


def _tree_lines(site: Site, page: str, cls: type, depth: int, known: set[Any]) -> list[str]:
    lines = ["  " * depth + f"- {site.name_link(cls.__name__, page)}"]
    subclasses: list[type] = type.__subclasses__(cls)
    for child in sorted((sub for sub in subclasses if sub in known), key=_name_of):
        lines += _tree_lines(site, page, child, depth + 1, known)
    return lines


def utils_page(site: Site) -> str:
    out = ["# utils", f"`from {PACKAGE} import utils`: the retry settings a `Mistral` and each call take."]
    for name in sorted(utils.__all__):
        value = getattr(utils, name)
        section = [f"## {name}"]
        if isinstance(value, type) and not issubclass(value, enum.Enum) and "__init__" in vars(value):
            section.append(code_block(signature_text(value.__init__, name)))
            section.append(docstring(value.__doc__))
        elif isinstance(value, type):
            section.append(docstring(value.__doc__))
        elif repr(value) == name or "0x" in repr(value):  # a marker: its class says what it means
            said = [f"The `{type(value).__name__}` instance.", docstring(type(value).__doc__)]
            section.append(" ".join(part for part in said if part))
        else:
            section.append(code_block(f"{name} = {value!r}"))
        out.append(_page(section))
    return _page(out)


def index_page(site: Site) -> str:
    page = "README.md"
    out = [
        "# Reference",
        f"Generated from the spec and the package by `make docs`; do not edit. `{PACKAGE}` reaches every operation "
        "through a `Mistral` client:",
        code_block(
            f"from {PACKAGE} import Mistral\n\nwith Mistral() as mistral:  # the API key is read from MISTRAL_API_KEY\n"
            "    print(mistral.fine_tuning.jobs.list(page_size=1).total, 'jobs')"
        ),
        "## Resources",
        table(
            ("Resource", "Operations", "Helpers"),
            [
                (
                    f"[`mistral.{resource.path}`]({relative(resource.page, page)})",
                    ", ".join(
                        f"[`{endpoint.name}`]({relative(resource.page, page)}#{slug(endpoint.name)})"
                        for endpoint in resource.endpoints
                    ),
                    ", ".join(f"`{name}`" for name in resource.helpers()),
                )
                for resource in site.resources
            ],
        ),
        "## Per-call options",
        "Every operation also takes these keywords, for that call only:",
        table(
            ("Option", "Description"),
            [(f"`{name}`", prose(text)) for name, text in attribute_docstrings(_types.CallOptions).items()],
        ),
        f"See [utils]({relative('utils.md', page)}) for `RetryConfig`, and [errors]({relative('errors.md', page)}) for "
        "what calls raise.",
        "## Models",
        table(
            ("Model", "Kind", "Description"),
            [
                (
                    site.name_link(name, page),
                    info.kind,
                    prose(first_paragraph(site.description(info))),
                )
                for name, info in site.models.items()
            ],
        ),
        "## Other names",
        "Names of the official SDKs (mistralai 2.x, and SDK-only names of either generation) for the same classes:",
        table(
            ("Name", "Same as"),
            [(f"`{alias}`", site.name_link(target, page)) for alias, target in sorted(site.other_names.items())],
        ),
    ]
    return _page(out)


def _page(blocks: Iterable[str]) -> str:
    return "\n\n".join(block.strip("\n") for block in blocks if block and block.strip()) + "\n"


def pypi_description(readme: str) -> str:
    """The package's description on PyPI: the README's guide, without what only a clone has (the make commands at
    the top, the developer's section and after), links inside the repository turned into their text."""
    title, _, rest = readme.partition("\n")
    if rest.lstrip().startswith("```"):  # the clone's two commands
        rest = rest.lstrip().split("```", 2)[2]
    guide = rest.split("\n## Developing", 1)[0].rstrip() + "\n"
    guide = re.sub(r"\[([^\]]+)\]\((?!https?://)[^)]*\)", r"\1", guide)
    note = "<!-- Written by `make docs` (tools/docs.py) from README.md: edit the README, not this file. -->"
    return f"{title}\n\n{note}\n{guide}"


def build() -> dict[str, str]:
    """Every page, by its path under docs/."""
    site = Site()
    pages = {"README.md": index_page(site), "errors.md": errors_page(site), "utils.md": utils_page(site)}
    pages["pypi.md"] = pypi_description((ROOT / "README.md").read_text())
    for resource in site.resources:
        pages[resource.page] = resource_page(site, resource)
    for info in site.models.values():
        pages[info.page] = model_page(site, info)
    return dict(sorted(pages.items()))


# --- writing and checking ------------------------------------------------------------------------------------------


def differences(pages: Mapping[str, str], folder: Path) -> list[str]:
    """A unified diff of folder against the pages (files missing, extra or different), empty when they agree."""
    on_disk = (
        {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
        if folder.is_dir()
        else set()
    )
    lines = [f"docs/{name}: not written by make docs" for name in sorted(on_disk - set(pages))]
    lines += [f"docs/{name}: missing" for name in sorted(set(pages) - on_disk)]
    for name in sorted(on_disk & set(pages)):
        old, new = (folder / name).read_text(), pages[name]
        if old != new:
            lines += difflib.unified_diff(
                old.splitlines(), new.splitlines(), f"docs/{name}", f"docs/{name} (generated)", lineterm=""
            )
    return lines


def write(pages: Mapping[str, str], folder: Path) -> int:
    """Make folder hold exactly the pages; returns how many files changed."""
    changed = 0
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in pages:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for name, text in pages.items():
        target = folder / name
        if not target.is_file() or target.read_text() != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare docs/ with what would be written")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the folder to write or check (default: docs/)")
    args = parser.parse_args(argv)
    pages = build()
    if args.check:
        diff = differences(pages, args.docs)
        if diff:
            print("\n".join(diff[:60]))
            print("docs/ is stale or was edited by hand: run 'make docs' and commit")
            return 1
        print("docs/ is up to date")
        return 0
    changed = write(pages, args.docs)
    print(f"wrote {len(pages)} pages under {args.docs.name}/ ({changed} changed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
