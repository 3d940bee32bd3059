"""Compare the generator's stock templates with the copies our custom templates were written against.

Each custom template in templates/ overrides a stock template of openapi-python-client and says at its top which
stock template, of which generator version, it came from. Our templates also import stock templates they do not
override (helpers.jinja, endpoint_macros.py.jinja, property_templates/*, some by a computed name) and call the
Jinja filters and tests the generator registers. templates/stock/ holds every one of those stock templates as it was
(and templates/stock/VERSION the version). This script checks them against a generator:

    python tools/check_templates.py                      # the installed generator (the pinned one in `make setup`)
    python tools/check_templates.py --stock DIR          # another generator's templates folder
    python tools/check_templates.py --environment        # only: every filter and test we use exists (make generate)
    python tools/check_templates.py --update             # take the installed generator's templates as the new base

It exits 1, printing each problem, when upstream changed a stock template we override or import (that change has to
be looked at, and usually carried into our template, before the bump), when a filter or test our templates use is
missing from the generator's Jinja environment (generation would crash on it), when a custom template does not say
which stock template and version it came from, or when a stock template we depend on has no recorded copy.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import functools
import importlib.metadata
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
RECORDED = TEMPLATES / "stock"
OURS_ONLY = {"facade.jinja", "union_tags.jinja"}  # shared macros of ours: no stock template behind them
# Filters that take a test's name (select, reject) or a filter's name (map) as an argument, and which argument.
_TEST_ARGUMENT = {"select": 0, "reject": 0, "selectattr": 1, "rejectattr": 1}
_FILTER_ARGUMENT = {"map": 0}
# How the generator builds its environment, for parsing only (the extensions change the syntax).
_PARSER = jinja2.Environment(extensions=["jinja2.ext.loopcontrols"])


def _names(folder: Path) -> list[str]:
    """Every template under `folder`, as sorted paths relative to it."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.jinja"))


def installed_stock() -> Path:
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def ours(templates: Path = TEMPLATES) -> list[str]:
    """Every custom template (overrides and our own macros), as paths relative to templates/."""
    return [name for name in _names(templates) if not name.startswith("stock/")]


def overrides(templates: Path = TEMPLATES) -> list[str]:
    """The custom templates that replace a stock one, as paths relative to templates/."""
    return [name for name in ours(templates) if Path(name).name not in OURS_ONLY]


# --- what our templates use ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A template named by an import, include or extends: exactly, or by a constant prefix and a computed rest."""

    name: str
    prefix: bool


def references(source: str) -> Iterator[Reference]:
    """The templates a template's source imports, includes or extends."""
    tree = _PARSER.parse(source)
    for node in tree.find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
        assert isinstance(node, nodes.Import | nodes.FromImport | nodes.Include | nodes.Extends)
        target = node.template
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            yield Reference(target.value, prefix=False)
            continue
        while isinstance(target, nodes.Add | nodes.Concat):
            target = target.left if isinstance(target, nodes.Add) else target.nodes[0]
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            yield Reference(target.value, prefix=True)
        else:
            raise ValueError(f"cannot tell which template {node.template} names")


def included_stock(stock: Path, templates: Path = TEMPLATES) -> dict[str, str]:
    """The stock templates (at `stock`) that ours reach through imports without overriding them, each with the
    template that first names it."""
    mine = set(ours(templates))
    available = set(_names(stock))
    found: dict[str, str] = {}
    pending = [(name, (templates / name).read_text()) for name in sorted(mine)]
    while pending:
        origin, source = pending.pop()
        for reference in references(source):
            names = sorted(name for name in available | mine if name.startswith(reference.name))
            targets = names if reference.prefix else [reference.name]
            for name in targets:
                if name in mine or name in found or (templates / name).is_file():
                    continue  # ours (a template, or a file one includes: types_runtime.py)
                found[name] = origin
                if name in available:
                    pending.append((name, (stock / name).read_text()))
    return dict(sorted(found.items()))


def used_names(templates: Path = TEMPLATES) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The Jinja filters and tests our templates use, each with the templates that use it."""
    filters: dict[str, list[str]] = {}
    tests: dict[str, list[str]] = {}
    for name in ours(templates):
        tree = _PARSER.parse((templates / name).read_text())
        for node in tree.find_all(nodes.Filter):
            filters.setdefault(node.name, []).append(name)
            for names, positions in ((tests, _TEST_ARGUMENT), (filters, _FILTER_ARGUMENT)):
                position = positions.get(node.name)
                if position is not None and len(node.args) > position:
                    argument = node.args[position]
                    if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
                        names.setdefault(argument.value, []).append(name)
        for test in tree.find_all(nodes.Test):
            tests.setdefault(test.name, []).append(name)
    return (
        {key: sorted(set(value)) for key, value in sorted(filters.items())},
        {key: sorted(set(value)) for key, value in sorted(tests.items())},
    )


# --- what the generator's environment has --------------------------------------------------------------------------

_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import openapi_python_client
print(json.dumps({"file": openapi_python_client.__file__, "filters": sorted(openapi_python_client.TEMPLATE_FILTERS)}))
"""


def _filters_by_reading(package: Path) -> set[str]:
    """The keys of the TEMPLATE_FILTERS dict the generator's __init__.py writes out, without running it."""
    if not (package / "__init__.py").exists():
        raise LookupError(f"{package} is not a generator's package (no __init__.py)")
    tree = ast.parse((package / "__init__.py").read_text())
    for statement in tree.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        elif isinstance(statement, ast.Assign):
            targets = statement.targets
        value = getattr(statement, "value", None)
        named = any(isinstance(target, ast.Name) and target.id == "TEMPLATE_FILTERS" for target in targets)
        if named and isinstance(value, ast.Dict):
            return {key.value for key in value.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    raise LookupError(f"{package}: no TEMPLATE_FILTERS found; cannot tell which filters the generator registers")


def environment(stock: Path) -> tuple[set[str], set[str]]:
    """The filters and tests of the Jinja environment the generator whose templates are at `stock` renders with:
    Jinja's own plus the generator's TEMPLATE_FILTERS (imported in a separate process, or read when that fails)."""
    init = stock.parent / "__init__.py"
    added = _generator_filters(stock.parent, init.read_bytes() if init.exists() else b"")
    builtin = jinja2.Environment()
    return set(builtin.filters) | added, set(builtin.tests)


@functools.cache
def _generator_filters(package: Path, init: bytes) -> frozenset[str]:
    """The filters a generator package registers (`init`, its __init__.py as it is now, only keys the cache)."""
    del init
    added: set[str] | None = None
    try:
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, str(package.parent)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        found = json.loads(probe.stdout)
        if Path(found["file"]).resolve().parent == package.resolve():  # that generator, not another on the path
            added = set(found["filters"])
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        pass
    if added is None:
        added = _filters_by_reading(package)
    return frozenset(added)


def missing_from_environment(filters: Iterable[str], tests: Iterable[str], templates: Path = TEMPLATES) -> list[str]:
    """A line per filter or test our templates use that the given environment lacks."""
    used_filters, used_tests = used_names(templates)
    found = []
    for kind, used, available in (("filter", used_filters, set(filters)), ("test", used_tests, set(tests))):
        for name, where in used.items():
            if name not in available:
                users = ", ".join(where)
                found.append(f"the Jinja {kind} '{name}' used by {users} is not in the generator's environment")
    return found


# --- drift -----------------------------------------------------------------------------------------------------------


def _drift(relative: str, stock: Path, version: str, what: str) -> str | None:
    recorded = RECORDED / relative
    if not recorded.exists():
        return f"{relative}: no recorded stock copy in templates/stock/ (python tools/check_templates.py --update)"
    upstream = stock / relative
    if not upstream.exists():
        return f"{relative}: the generator at {stock} has no such stock template any more ({what})"
    before, after = recorded.read_text().splitlines(), upstream.read_text().splitlines()
    if before == after:
        return None
    diff = difflib.unified_diff(before, after, f"recorded ({version})/{relative}", f"{stock}/{relative}", lineterm="")
    return f"{relative}: upstream changed the stock template {what}:\n" + "\n".join(diff)


def problems(stock: Path, *, check_environment: bool = True) -> list[str]:
    """Every way our templates and the generator's stock templates at `stock` have drifted apart."""
    version = (RECORDED / "VERSION").read_text().strip()
    found = []
    for relative in overrides():
        header = (TEMPLATES / relative).read_text().split("#}", 1)[0]
        origin = f"from stock {relative} of openapi-python-client {version}"
        if origin not in " ".join(header.split()):
            found.append(f"{relative}: its header must say '{origin}'")
        problem = _drift(relative, stock, version, "we override")
        if problem:
            found.append(problem)
    recorded_included = set(_names(RECORDED)) - set(overrides())
    for relative in sorted(set(included_stock(stock)) | recorded_included):
        problem = _drift(relative, stock, version, "our templates import")
        if problem:
            found.append(problem)
    if check_environment:
        try:
            found.extend(missing_from_environment(*environment(stock)))
        except (LookupError, OSError, SyntaxError) as exc:
            found.append(f"cannot read the generator's Jinja environment: {exc}")
    return found


def record(stock: Path) -> list[str]:
    """Copy the stock templates we override or import from `stock` into templates/stock/; what was recorded."""
    wanted = sorted(set(overrides()) | set(included_stock(stock)))
    for old in _names(RECORDED):
        (RECORDED / old).unlink()
    for relative in wanted:
        (RECORDED / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stock / relative, RECORDED / relative)
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stock", type=Path, help="a generator's templates folder (default: the installed one)")
    parser.add_argument("--update", action="store_true", help="record the installed generator's stock templates")
    parser.add_argument("--environment", action="store_true", help="only check that the filters and tests we use exist")
    args = parser.parse_args(argv)
    stock = args.stock or installed_stock()
    if args.update:
        recorded = record(installed_stock())
        version = importlib.metadata.version("openapi-python-client")
        (RECORDED / "VERSION").write_text(f"{version}\n")
        print(f"recorded {len(recorded)} stock templates of openapi-python-client {version}; update our headers")
        return 0
    found = missing_from_environment(*environment(stock)) if args.environment else problems(stock)
    for problem in found:
        print(problem, end="\n\n")
    if found:
        print(f"{len(found)} problem(s): see README.md, 'When the generator changes'", file=sys.stderr)
        return 1
    if not args.environment:
        included = len(included_stock(stock))
        print(
            f"the {len(overrides())} custom templates and the {included} stock templates they import match their "
            f"recorded copies, and every filter and test they use exists ({stock})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
