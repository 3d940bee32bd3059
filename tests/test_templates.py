"""Generator upgrades are a procedure: our custom templates are checked against the stock templates they came from."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tools import check_templates  # noqa: E402


def test_the_custom_templates_match_the_pinned_generators_stock_templates() -> None:
    assert check_templates.problems(check_templates.installed_stock()) == []
    assert len(check_templates.overrides()) >= 9


def test_an_upstream_change_to_an_overridden_template_is_shown(tmp_path: Path) -> None:
    stock = tmp_path / "templates"
    shutil.copytree(check_templates.installed_stock(), stock)
    model = stock / "model.py.jinja"
    model.write_text(model.read_text().replace("from_dict", "from_mapping"))
    (stock / "str_enum.py.jinja").unlink()
    found = check_templates.problems(stock)
    assert any(problem.startswith("model.py.jinja: upstream changed") and "+" in problem for problem in found)
    assert any("str_enum.py.jinja: the generator" in problem for problem in found)
    assert len(found) == 2
