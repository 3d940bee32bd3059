"""The shape of the package: no import cycle among its modules (type-only imports included), one list of errors
re-exported everywhere, one UNSET marker."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mistral_fine_tuning import Mistral, _resource, errors, models, utils
from mistral_fine_tuning._api import UNSET

PACKAGE = Path(__file__).resolve().parent.parent / "overlay" / "mistral_fine_tuning"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The package's own modules `path` imports, anywhere in it (functions and TYPE_CHECKING blocks included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            if node.module:
                found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import x` names a module
    return {module for module in found if module.split(".")[1:2] != ["_generated"]}


def _graph() -> dict[str, set[str]]:
    paths = [path for path in PACKAGE.rglob("*.py") if "_generated" not in path.parts]
    modules = {_module_name(path): path for path in paths}
    return {
        name: {target for target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    graph = _graph()
    assert "mistral_fine_tuning._jobs" in graph["mistral_fine_tuning._client"]  # imported inside a property
    assert "mistral_fine_tuning._types" in graph["mistral_fine_tuning.waiting"]  # a TYPE_CHECKING import


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_of_the_package_imports_one_that_imports_it_back() -> None:
    assert _cycles(_graph()) == []


def test_errors_is_a_leaf() -> None:
    imported = _graph()["mistral_fine_tuning.errors"]
    assert imported <= {"mistral_fine_tuning.retry_policy", "mistral_fine_tuning._api", "mistral_fine_tuning._types"}


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_is_in_the_package_and_models(name: str) -> None:
    import mistral_fine_tuning

    cls = getattr(errors, name)
    assert getattr(mistral_fine_tuning, name) is cls
    assert getattr(models, name) is cls
    assert name in mistral_fine_tuning.__all__ and name in vars(models)["__all__"]


def test_the_package_has_one_unset_that_help_shows_and_calls_take() -> None:
    assert utils.UNSET is UNSET is models.UNSET
    jobs = Mistral(api_key="key", server_url="http://127.0.0.1:9", retry_config=utils.UNSET).fine_tuning.jobs
    assert repr(jobs.get.__signature__.parameters["retries"].default) == "UNSET"  # type: ignore[attr-defined]
    call = jobs._prepare(jobs_endpoint(), {"job_id": "b888f774-3e7c-4135-a18c-6b985523c4bc", "retries": utils.UNSET})
    assert call.retries == utils.DEFAULT_RETRY_CONFIG


def jobs_endpoint() -> _resource.Endpoint:
    from mistral_fine_tuning import _jobs

    return _jobs._GET
