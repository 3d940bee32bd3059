"""Generator upgrades are a procedure: our custom templates are checked against the stock templates they came from,
the stock templates they import, and the Jinja filters and tests they call; a failed regeneration changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

from tools import check_templates  # noqa: E402


def copy_generator(tmp_path: Path) -> Path:
    """The installed generator's templates and __init__.py in a package of the same name under `tmp_path`."""
    package = tmp_path / "openapi_python_client"
    shutil.copytree(check_templates.installed_stock(), package / "templates")
    shutil.copyfile(check_templates.installed_stock().parent / "__init__.py", package / "__init__.py")
    return package / "templates"


def test_the_custom_templates_match_the_pinned_generators_stock_templates() -> None:
    assert check_templates.problems(check_templates.installed_stock()) == []
    assert len(check_templates.overrides()) >= 9


def test_the_stock_templates_ours_import_are_found_and_recorded() -> None:
    included = check_templates.included_stock(check_templates.installed_stock())
    assert {"helpers.jinja", "endpoint_macros.py.jinja", "property_templates/helpers.jinja"} <= set(included)
    # Named by a computed name ("property_templates/" + the property's template): every one it could be.
    assert "property_templates/int_property.py.jinja" in included
    assert "property_templates/union_property.py.jinja" not in included  # ours overrides it
    recorded = {path.relative_to(check_templates.RECORDED).as_posix() for path in check_templates.RECORDED.rglob("*")}
    assert set(included) | set(check_templates.overrides()) <= recorded


def test_an_upstream_change_to_an_overridden_template_is_shown(tmp_path: Path) -> None:
    stock = copy_generator(tmp_path)
    model = stock / "model.py.jinja"
    model.write_text(model.read_text().replace("from_dict", "from_mapping"))
    (stock / "str_enum.py.jinja").unlink()
    found = check_templates.problems(stock)
    assert any(problem.startswith("model.py.jinja: upstream changed") and "+" in problem for problem in found)
    assert any("str_enum.py.jinja: the generator" in problem for problem in found)
    assert len(found) == 2


def test_an_upstream_change_to_an_imported_stock_template_is_shown(tmp_path: Path) -> None:
    stock = copy_generator(tmp_path)
    helpers = stock / "helpers.jinja"
    helpers.write_text(helpers.read_text() + "{# changed upstream #}\n")
    (stock / "property_templates" / "int_property.py.jinja").unlink()
    found = check_templates.problems(stock)
    assert len(found) == 2
    assert found[0].startswith("helpers.jinja: upstream changed the stock template our templates import")
    assert "{# changed upstream #}" in found[0]
    assert found[1].startswith("property_templates/int_property.py.jinja: the generator at")


def test_a_filter_the_generator_lacks_is_named_with_the_templates_that_use_it() -> None:
    filters, tests = check_templates.environment(check_templates.installed_stock())
    assert check_templates.missing_from_environment(filters, tests) == []
    found = check_templates.missing_from_environment(filters - {"safe_for_docstring"}, tests - {"defined"})
    assert found == [
        "the Jinja filter 'safe_for_docstring' used by endpoint_init.py.jinja, model.py.jinja, package_init.py.jinja "
        "is not in the generator's environment",
        "the Jinja test 'defined' used by model.py.jinja, union_tags.jinja is not in the generator's environment",
    ]


def test_filters_and_tests_named_as_arguments_count_as_used() -> None:
    filters, tests = check_templates.used_names()
    assert "string" in filters  # map("string")
    assert "equalto" in tests  # selectattr(..., "equalto", ...)
    assert {"as_unembedded_code", "in_double_quote_literal", "safe_for_docstring"} <= set(filters)


def test_a_candidate_generators_filters_are_read_from_its_own_package(tmp_path: Path) -> None:
    stock = copy_generator(tmp_path)
    init = stock.parent / "__init__.py"
    # The copy cannot be imported (its modules are not there): its filters are read from the source instead.
    text = init.read_text().replace('"safe_for_docstring":', '"renamed_for_docstring":')
    init.write_text(text)
    filters, _ = check_templates.environment(stock)
    assert "renamed_for_docstring" in filters and "safe_for_docstring" not in filters
    assert any("'safe_for_docstring'" in problem for problem in check_templates.problems(stock))
    # A package that imports: what it registers is what it has.
    init.write_text('TEMPLATE_FILTERS = {"snakecase": str.lower}\n')
    filters, _ = check_templates.environment(stock)
    assert "snakecase" in filters and "kebabcase" not in filters
    assert set(jinja2.Environment().filters) <= filters


def test_a_template_name_that_cannot_be_told_fails_loudly() -> None:
    with pytest.raises(ValueError, match="cannot tell which template"):
        list(check_templates.references("{% import some_variable as x %}"))


# --- make generate ---------------------------------------------------------------------------------------------------


def digest(folder: Path) -> str:
    """One hash of every file under `folder` (names and contents), caches aside."""
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """What `make generate` needs (docs/ and the README it rewrites the pages from included), copied.

    The venv is this one's (its stamp newer than the copied pyproject).
    """
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("Makefile", "openapi.yaml", "generator-config.yaml", "pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, copy / name)
    for folder in ("templates", "tools", "generated", "docs"):  # docs: make generate rewrites it at the end
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    os.utime(copy / "pyproject.toml", (0, 0))
    return copy


def make_generate(copy: Path) -> subprocess.CompletedProcess[str]:
    stamp = BIN.parent / ".installed-stamp"
    return subprocess.run(
        ["make", "--no-print-directory", "generate", f"BIN={BIN}", f"STAMP={stamp}"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_make_generate_stops_before_generating_on_a_filter_the_generator_lacks(repository: Path) -> None:
    before = digest(repository / "generated")
    template = repository / "templates" / "str_enum.py.jinja"
    template.write_text(template.read_text().replace("dictsort", "synthetic_missing_filter", 1))
    result = make_generate(repository)
    assert result.returncode != 0
    assert "the Jinja filter 'synthetic_missing_filter' used by str_enum.py.jinja" in result.stdout
    assert digest(repository / "generated") == before
    assert [path.name for path in (repository / "generated").iterdir()] == ["mistral_fine_tuning_client"]


def test_make_generate_leaves_generated_as_it_was_when_the_generator_fails(repository: Path) -> None:
    before = digest(repository / "generated")
    spec = repository / "openapi.yaml"
    spec.write_text(spec.read_text().replace("#/components/schemas/JobsOut'", "#/components/schemas/NoSuch'", 1))
    result = make_generate(repository)
    assert result.returncode != 0
    assert digest(repository / "generated") == before
    assert [path.name for path in (repository / "generated").iterdir()] == ["mistral_fine_tuning_client"]


def test_make_generate_replaces_generated_when_the_generator_succeeds(repository: Path) -> None:
    before = digest(repository / "generated")
    stale = repository / "generated" / "mistral_fine_tuning_client" / "stale_module.py"
    stale.write_text("x = 1\n")
    result = make_generate(repository)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not stale.exists()
    assert digest(repository / "generated") == before  # the same spec and templates: the same code
    assert digest(repository / "docs") == digest(ROOT / "docs")  # and the same pages
    assert [path.name for path in (repository / "generated").iterdir()] == ["mistral_fine_tuning_client"]
