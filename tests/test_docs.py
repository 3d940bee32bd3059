"""docs/: every example in it runs against the fake server, and a change to the spec reaches it by regenerating.

Whether docs/ is what `tools/docs.py` writes is `make check-docs` (part of `make test`). Here: each Python example of
every page is run as a script, with the key and `MISTRAL_SERVER_URL` in the environment pointing at a fresh fake
server holding the seeded example jobs; every operation and helper has an example written for it; and in a copy of
the repository, a new description and a new field in openapi.yaml appear in the pages after generation alone.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mistral_fine_tuning.testing import FakeMistralServer

from tests.test_spec_changes import change_spec, copy_repository, generate
from tools import docs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
KEY = "docs-example-key-0123456789"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)


def examples() -> list[tuple[str, str]]:
    """(where, code) of every example in docs/: the Python blocks that import something (signatures are Python
    blocks too), named by page and the heading above them."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text()
        for block in PYTHON_BLOCK.finditer(text):
            code = block.group(1)
            if re.search(r"^(from|import) ", code, re.MULTILINE):
                headings = [heading for heading in HEADING.findall(text[: block.start()]) if heading != "Example Usage"]
                found.append((f"{page.relative_to(DOCS).as_posix()}#{headings[-1]}", code))
    return found


EXAMPLES = examples()


def test_the_examples_were_found() -> None:
    """The index shows one, and every operation, helper, raw and async section of every resource one, so an
    extraction that finds none cannot pass."""
    site = docs.Site()
    expected = 1 + sum(len(resource.endpoints) + len(resource.helpers()) + 2 for resource in site.resources)
    assert len(EXAMPLES) == expected


@pytest.mark.parametrize(("where", "code"), EXAMPLES, ids=[where for where, _ in EXAMPLES])
def test_every_example_runs_against_the_fake_server(
    where: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "example.py"
    script.write_text(code)
    with FakeMistralServer(api_key=KEY, seed_examples=True, speed=400) as server:
        monkeypatch.setenv("MISTRAL_API_KEY", KEY)
        monkeypatch.setenv("MISTRAL_SERVER_URL", server.server_url)
        monkeypatch.chdir(tmp_path)  # an example may write a file
        runpy.run_path(str(script), run_name="__main__")
        assert not server.internal_errors
    assert capsys.readouterr().out.strip(), f"{where} printed nothing"


def test_every_operation_and_helper_has_an_example_written_for_it() -> None:
    site = docs.Site()
    wanted = {
        (resource.path, name)
        for resource in site.resources
        for name in [
            *(endpoint.name for endpoint in resource.endpoints),
            *resource.helpers(),
            "with_raw_response",
            "async",
        ]
    }
    assert sorted(wanted - set(docs.EXAMPLES)) == [], "add them to EXAMPLES in tools/docs.py"
    assert sorted(set(docs.EXAMPLES) - wanted) == [], "examples of methods that no longer exist"


def test_every_name_models_offers_has_a_page() -> None:
    site = docs.Site()
    assert sorted(name for name in docs.MODELS_EXPORTS if name not in site.pages) == []
    pages = docs.build()
    for target in set(site.pages.values()):
        assert target.partition("#")[0] in pages, target


def test_every_link_between_pages_leads_somewhere() -> None:
    pages = docs.build()
    anchors = {name: {docs.slug(heading) for heading in HEADING.findall(text)} for name, text in pages.items()}
    broken = []
    for name, text in pages.items():
        for link in re.findall(r"\]\(([^)]+)\)", text):
            path, _, anchor = link.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(name), path)) if path else name
            if target not in pages or (anchor and anchor not in anchors[target]):
                broken.append(f"{name}: {link}")
    assert broken == []


def test_a_spec_change_reaches_the_docs_by_regenerating(tmp_path: Path) -> None:
    """A description changed and a field added in openapi.yaml show up in docs/ after `make generate`'s steps, with
    no edit anywhere else; before the docs are rewritten, the drift check names the page that is stale."""
    copy = copy_repository(tmp_path)
    for folder in ("tools", "docs"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))

    def edit(spec: dict[str, Any]) -> None:
        spec["paths"]["/v1/fine_tuning/jobs/{job_id}"]["get"]["description"] = "SYNTHETIC_DESCRIPTION of get."
        job_in = spec["components"]["schemas"]["JobIn"]["properties"]
        job_in["synthetic_priority"] = {"type": "integer", "title": "Priority", "description": "SYNTHETIC_FIELD."}

    change_spec(copy, edit)
    generate(copy)
    env = {**os.environ, "PYTHONPATH": f"{copy / 'overlay'}{os.pathsep}{copy}"}
    tool = [sys.executable, str(copy / "tools" / "docs.py")]
    stale = subprocess.run([*tool, "--check"], cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "docs/sdks/fine_tuning_jobs/README.md" in stale.stdout and "docs/models/jobin.md" in stale.stdout
    subprocess.run(tool, cwd=copy, env=env, capture_output=True, text=True, check=True)
    jobs_page = (copy / "docs" / "sdks" / "fine_tuning_jobs" / "README.md").read_text()
    assert "SYNTHETIC_DESCRIPTION of get." in jobs_page
    assert re.search(r"^\| `synthetic_priority` \| int \|  \| Body: SYNTHETIC_FIELD\. \|$", jobs_page, re.MULTILINE)
    job_in_page = (copy / "docs" / "models" / "jobin.md").read_text()
    assert re.search(r"^\| `synthetic_priority` \| int \|  \| SYNTHETIC_FIELD\. \|$", job_in_page, re.MULTILINE)
    again = subprocess.run([*tool, "--check"], cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stdout
