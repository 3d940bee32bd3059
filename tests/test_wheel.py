"""The wheel: what it holds, and that it installs and works in a fresh virtual environment without the source tree.

The wheel is built with pip from the project root. A new venv (no system site-packages, no pip of its own) gets it
with ``pip --python <venv> install --no-deps --no-index``; its runtime dependencies are then copied, file by file
from their installed RECORDs, out of the environment running the tests: nothing is downloaded, and the editable
install of this project (a ``.pth`` pointing at overlay/ and generated/) is never copied. ``pip check`` then proves the
wheel's declared requirements are met by exactly that set, and a script run in isolated mode (``python -I``) from an
empty directory imports the package, checks where every module came from, and runs a real call against the
package's own fake server on 127.0.0.1.

Building needs the build backend (hatchling): taken from the test environment when installed there (offline),
otherwise fetched by pip's build isolation from the configured package index.
"""

from __future__ import annotations

import email.message
import email.parser
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Where each folder of the wheel comes from: the overlay, and the generated code as its private subpackage.
PACKAGES = {
    "mistral_fine_tuning": ROOT / "overlay" / "mistral_fine_tuning",
    "mistral_fine_tuning/_generated": ROOT / "generated" / "mistral_fine_tuning_client",
}
TIMEOUT = 300
VERSION: str = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    names: list[str]
    metadata: email.message.Message
    python: Path
    site_packages: Path
    copied: list[str]  # the dependency distributions copied in


def run(args: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


def clean_env() -> dict[str, str]:
    """The environment without anything that could point Python at the source tree or this venv."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "PIP_PYTHON"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return match.group(1)


def runtime_closure(requirements: list[str]) -> list[importlib.metadata.Distribution]:
    """The installed distributions that `requirements` (a wheel's Requires-Dist) need, transitively.

    Extras are left out. A requirement with another marker (a Python version) counts when its distribution is
    installed here, where pip evaluated that marker; `pip check` in the new venv verifies the result.
    """
    found: dict[str, importlib.metadata.Distribution] = {}
    pending = list(requirements)
    while pending:
        requirement = pending.pop()
        name, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        key = re.sub(r"[-_.]+", "-", requirement_name(name)).lower()
        if key in found:
            continue
        try:
            dist = importlib.metadata.distribution(key)
        except importlib.metadata.PackageNotFoundError:
            assert marker.strip(), f"{requirement!r} is required but not installed in the test environment"
            continue
        found[key] = dist
        pending.extend(dist.requires or [])
    return sorted(found.values(), key=lambda dist: dist.metadata["Name"].lower())


def copy_distribution(dist: importlib.metadata.Distribution, site_packages: Path) -> None:
    """Copy an installed distribution's files (its RECORD, scripts excepted) into another site-packages."""
    files = dist.files
    assert files, f"{dist.metadata['Name']} has no RECORD"
    for file in files:
        if file.parts[0] == ".." or "__pycache__" in file.parts:
            continue
        source = Path(str(dist.locate_file(file)))
        target = site_packages / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def build_backend_available() -> bool:
    return importlib.util.find_spec("hatchling") is not None


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    dist_dir = tmp / "dist"
    build: list[str | Path] = [sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--quiet", "-w", dist_dir]
    if build_backend_available():
        build.append("--no-build-isolation")
    run(build, cwd=tmp, env=clean_env())
    wheels = sorted(dist_dir.glob("*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(meta_name).decode())

    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp, env=clean_env())
    python = venv / "bin" / "python"
    site_packages = Path(
        run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp).strip()
    )
    assert site_packages.is_relative_to(venv)
    pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", python]
    run([*pip, "install", "--no-deps", "--no-index", "--quiet", wheel], cwd=tmp, env=clean_env())

    closure = runtime_closure(metadata.get_all("Requires-Dist") or [])
    for dist in closure:
        copy_distribution(dist, site_packages)
    run([*pip, "check"], cwd=tmp, env=clean_env())

    return Installed(
        wheel=wheel,
        names=names,
        metadata=metadata,
        python=python,
        site_packages=site_packages,
        copied=[dist.metadata["Name"] for dist in closure],
    )


# --- what the wheel holds ------------------------------------------------------------------------------------------


def test_wheel_holds_one_package_with_the_generated_code_inside(installed: Installed) -> None:
    names = installed.names
    tops = {name.split("/")[0] for name in names}
    assert tops == {"mistral_fine_tuning", f"mistral_fine_tuning-{VERSION}.dist-info"}
    for package, source in PACKAGES.items():
        expected = {
            f"{package}/{path.relative_to(source).as_posix()}"
            for path in source.rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix in {".py", ".typed"}
            and (package != "mistral_fine_tuning" or path.relative_to(source).parts[0] != "_generated")
        }
        shipped = {name for name in names if name.startswith(f"{package}/")}
        assert expected <= shipped, f"missing from the wheel: {sorted(expected - shipped)}"
        assert f"{package}/py.typed" in shipped
        assert f"{package}/__init__.py" in shipped
    assert "mistral_fine_tuning/_generated/models/jobs_out.py" in names
    api = "mistral_fine_tuning/_generated/api/fine_tuning"
    assert f"{api}/jobs_api_routes_fine_tuning_get_fine_tuning_jobs.py" in names
    assert len(names) == len(set(names)), "a file is in the wheel twice"
    assert "mistral_fine_tuning/testing/__init__.py" in names
    for name in names:
        assert not name.startswith(("tests/", "overlay/", "generated/", "templates/", "bench/", "examples/")), name
        assert not name.endswith((".pyc", "openapi.yaml", "generator-config.yaml", "Makefile")), name
        assert "__pycache__" not in name, name


def third_party_imports(exclude: tuple[str, ...]) -> set[str]:
    """The top-level modules outside the standard library that the package's code imports (its `exclude`d
    subpackages aside): its runtime dependencies should be exactly these."""
    import ast

    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            nodes: list[ast.AST] = list(node.orelse)  # what only type checkers import is no dependency
        else:
            nodes = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        for child in nodes:
            visit(child)

    package = ROOT / "overlay" / "mistral_fine_tuning"
    sources = [*package.rglob("*.py"), *(ROOT / "generated" / "mistral_fine_tuning_client").rglob("*.py")]
    for path in sources:
        if path.is_relative_to(package) and path.relative_to(package).parts[0] in exclude:
            continue
        visit(ast.parse(path.read_text()))
    return found - set(sys.stdlib_module_names) - {"mistral_fine_tuning"}


def test_the_runtime_dependencies_are_what_the_code_imports() -> None:
    assert third_party_imports(exclude=("cli",)) == {"attrs", "h11", "httpx2", "jiter"}
    assert third_party_imports(exclude=()) - third_party_imports(exclude=("cli",)) == {"rich"}  # the cli extra


def test_wheel_metadata(installed: Installed) -> None:
    metadata = installed.metadata
    assert metadata["Name"] == "mistral-fine-tuning"
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.11"
    runtime = [req for req in metadata.get_all("Requires-Dist") or [] if "extra ==" not in req]
    assert sorted(requirement_name(req) for req in runtime) == sorted(third_party_imports(exclude=("cli",)))
    assert installed.wheel.name == f"mistral_fine_tuning-{VERSION}-py3-none-any.whl"
    copied = {name.lower() for name in installed.copied}
    assert {"attrs", "httpx2", "httpcore2", "anyio", "idna", "h11"} <= copied
    assert not {"httpx", "httpcore"} & copied, "the wheel must not pull in the unmaintained httpx stack"


# --- the installed wheel at work -----------------------------------------------------------------------------------

CHECK_SCRIPT = textwrap.dedent(
    """
    import importlib.resources
    import importlib.util
    import json
    import sys

    import mistral_fine_tuning
    import mistral_fine_tuning._generated
    from mistral_fine_tuning import Mistral, models, utils
    from mistral_fine_tuning.testing import FakeMistralServer

    with Mistral(api_key="k") as mistral:
        jobs_type = type(mistral.fine_tuning.jobs).__name__
    page = models.JobsOut.from_dict({"data": [], "object": "list", "total": 0})

    with FakeMistralServer(api_key="test-key") as server:
        job_id = server.add_job(status="SUCCESS", job_type="classifier")
        with Mistral(api_key="test-key", server_url=server.server_url, retry_config=None) as client:
            listed = client.fine_tuning.jobs.list()
            detailed = client.fine_tuning.jobs.get(job_id=job_id)

    report = {
        "files": {
            name: sys.modules[name].__file__ for name in ("mistral_fine_tuning", "mistral_fine_tuning._generated")
        },
        "loaded": sorted(
            getattr(module, "__file__", None) or ""
            for name, module in list(sys.modules.items())
            if name.split(".")[0] in {"mistral_fine_tuning", "httpx2", "attrs", "attr"}
        ),
        "sys_path": sys.path,
        "py_typed": [
            importlib.resources.files(name).joinpath("py.typed").is_file()
            for name in ("mistral_fine_tuning", "mistral_fine_tuning._generated")
        ],
        "jobs_type": jobs_type,
        "jobs_out": f"{models.JobsOut.__module__}.{models.JobsOut.__qualname__}",
        "page_total": page.total,
        "retry_config": utils.RetryConfig.__name__,
        "listed": [type(listed).__name__, listed.total, [type(item).__name__ for item in listed.data]],
        "detailed": [type(detailed).__name__, detailed.id == job_id, str(detailed.status)],
        "version": mistral_fine_tuning.__version__,
        "httpx": [importlib.util.find_spec("httpx") is not None, "httpx" in sys.modules, "httpcore" in sys.modules],
    }
    print(json.dumps(report))
    """
)


@pytest.fixture(scope="module")
def report(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("elsewhere")
    env = clean_env()
    env.pop("MISTRAL_API_KEY", None)
    env.pop("MISTRAL_SERVER_URL", None)
    output = run([installed.python, "-I", "-c", CHECK_SCRIPT], cwd=workdir, env=env)
    parsed: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return parsed


def test_imports_come_from_the_fresh_venv(installed: Installed, report: dict[str, Any]) -> None:
    for name, file in report["files"].items():
        path = Path(file).resolve()
        assert path.is_relative_to(installed.site_packages.resolve()), (name, file)
        assert not path.is_relative_to(ROOT), (name, file)
    assert len(report["loaded"]) > 10
    for file in report["loaded"]:
        assert Path(file).resolve().is_relative_to(installed.site_packages.resolve()), file
    assert "" not in report["sys_path"], "isolated mode: the working directory is not on sys.path"
    for entry in report["sys_path"]:
        assert not Path(entry).resolve().is_relative_to(ROOT), entry
    assert str(ROOT) not in json.dumps(report)


def test_nothing_points_back_at_the_source_tree(installed: Installed) -> None:
    for pth in installed.site_packages.glob("*.pth"):
        assert str(ROOT) not in pth.read_text(), pth
    assert not list(installed.site_packages.glob("*editable*"))


def test_typed_markers_are_installed(report: dict[str, Any]) -> None:
    assert report["py_typed"] == [True, True]


def test_public_api_resolves(report: dict[str, Any]) -> None:
    assert report["jobs_type"] == "FineTuningJobs"
    assert report["jobs_out"] == "mistral_fine_tuning._generated.models.jobs_out.JobsOut"
    assert report["page_total"] == 0
    assert report["retry_config"] == "RetryConfig"
    assert report["version"] == VERSION


def test_httpx_is_neither_installed_nor_imported(report: dict[str, Any]) -> None:
    assert report["httpx"] == [False, False, False]


def test_installed_client_talks_to_the_fake_server(report: dict[str, Any]) -> None:
    assert report["listed"] == ["JobsOut", 1, ["ClassifierJobOut"]]
    assert report["detailed"] == ["ClassifierDetailedJobOut", True, "SUCCESS"]


# --- vendoring: a copy under another name, next to the installed wheel --------------------------------------------

VENDORED_SCRIPT = textwrap.dedent(
    """
    import importlib, json, logging, sys

    name = sys.argv[1]
    ft = importlib.import_module(name)
    testing = importlib.import_module(name + ".testing")
    Mistral, models = ft.Mistral, ft.models

    with testing.FakeMistralServer(api_key=None, speed=0) as server:
        job_id = server.add_job(status="SUCCESS")
        chat = b'{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}'
        server.add_file(chat, file_id="0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1")  # jobs name stored files
        mistral = Mistral(api_key="key", server_url=server.server_url, user_agent_prefix="acme-sdk/1.4")
        job = mistral.fine_tuning.jobs.get(job_id=job_id)
        page = mistral.fine_tuning.jobs.list()
        created = mistral.fine_tuning.jobs.create(
            model="open-mistral-7b", hyperparameters={"training_steps": 3},
            training_files=["0b0f2c3e-8f64-4a43-9b4b-6ad0a3e1c6a1"],
        )
        agent = server.requests[-1].header("user-agent")
    alone = sorted({module.split(".")[0] for module in sys.modules if module.startswith("mistral_fine_tuning")})

    import mistral_fine_tuning as installed  # the normal wheel, installed beside the copy
    import mistral_fine_tuning.testing

    with installed.testing.FakeMistralServer(speed=0) as server:
        other = installed.Mistral(api_key="key", server_url=server.server_url)
        theirs = other.fine_tuning.jobs.get(job_id=server.add_job(status="SUCCESS"))

    report = {
        "alone": alone,
        "job": [type(job).__module__, job.id == job_id, str(job.status)],
        "page": [type(page).__module__, page.total],
        "created": type(created).__module__,
        "logger": mistral._sender.logger.name,
        "agent": agent,
        "separate": [
            models.UNSET is not installed.models.UNSET,
            type(job) is not type(theirs),
            type(theirs).__module__.startswith("mistral_fine_tuning."),
            not isinstance(job, installed.models.CompletionDetailedJobOut),
        ],
        "installed_file": installed.__file__,
    }
    print(json.dumps(report))
    """
)

CONSUMER = textwrap.dedent(
    """
    from {package} import Mistral, models

    def newest_status(mistral: Mistral) -> str:
        page: models.JobsOut = mistral.fine_tuning.jobs.list(page_size=1)
        for job in page.data:
            return str(job.status)
        return "none"
    """
)


def _check_vendored(installed: Installed, root: Path, package: str, tmp: Path) -> None:
    env = clean_env()
    env["PYTHONPATH"] = str(root)
    output = run(
        [installed.python, "-s", "-c", VENDORED_SCRIPT, package],
        cwd=tmp,
        env=env,  # -I would drop PYTHONPATH
    )
    report = json.loads(output.strip().splitlines()[-1])
    assert report["alone"] == [], "the vendored copy imported a top-level mistral_fine_tuning"
    assert report["job"] == [f"{package}._generated.models.completion_detailed_job_out", True, "SUCCESS"]
    assert report["page"][0].startswith(f"{package}._generated.models") and report["page"][1] == 1
    assert report["created"].startswith(f"{package}._generated.models")
    assert report["logger"] == package
    assert report["agent"].startswith("acme-sdk/1.4 mistral-fine-tuning-python/")
    assert report["separate"] == [True, True, True, True]
    assert Path(report["installed_file"]).is_relative_to(installed.site_packages)
    # Typed code using the vendored copy type-checks, and so does the copy itself.
    (root / "consumer.py").write_text(CONSUMER.format(package=package))
    top = package.split(".", maxsplit=1)[0]
    mypy: list[str | Path] = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "consumer.py", top]
    run(mypy, cwd=root, env={**clean_env(), "MYPYPATH": str(root)})


def test_a_copy_made_by_make_vendor_works_alone_next_to_the_wheel(installed: Installed, tmp_path: Path) -> None:
    root = tmp_path / "src"
    run(
        ["make", "--no-print-directory", "-s", "vendor", f"DEST={root}", "PACKAGE=acme_sdk._vendor.mistral_ft"],
        cwd=ROOT,
    )
    assert (root / "acme_sdk" / "_vendor" / "mistral_ft" / "LICENSE").read_text().lstrip().startswith("Apache License")
    _check_vendored(installed, root, "acme_sdk._vendor.mistral_ft", tmp_path)


def test_pypa_vendoring_vendors_the_wheel_with_no_substitution(installed: Installed, tmp_path: Path) -> None:
    project = tmp_path / "minimal"
    vendor_dir = project / "src" / "minimal" / "_vendor"
    vendor_dir.mkdir(parents=True)
    (project / "src" / "minimal" / "__init__.py").touch()
    (vendor_dir / "__init__.py").touch()
    (vendor_dir / "vendor.txt").write_text(f"mistral-fine-tuning @ {installed.wheel.as_uri()}\n")
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [project]
            name = "minimal"
            version = "0.0.1"

            [tool.vendoring]
            destination = "src/minimal/_vendor/"
            requirements = "src/minimal/_vendor/vendor.txt"
            namespace = "minimal._vendor"
            protected-files = ["__init__.py", "vendor.txt"]

            [tool.vendoring.transformations]
            drop = ["bin/"]
            """
        )
    )
    env = clean_env()
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"  # vendoring runs `pip`
    run([Path(sys.executable).parent / "vendoring", "sync"], cwd=project, env=env)
    copy = vendor_dir / "mistral_fine_tuning"
    assert (copy / "LICENSE").exists(), "vendoring found the license in the wheel"
    imports = [line for path in copy.rglob("*.py") for line in path.read_text().splitlines()]
    assert not any(line.startswith(("import minimal", "from minimal")) for line in imports), "nothing was rewritten"
    _check_vendored(installed, project / "src", "minimal._vendor.mistral_fine_tuning", tmp_path)
