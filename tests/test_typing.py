"""Everyday typed code passes `mypy --strict` with no cast, and mistakes are type errors.

tests/typing/user_script.py is a user's script in the README's style; it must type-check with no error. Each wrong
line below, added to its `report` function, must give exactly one error, naming the mistake. tests/typing/
user_script_2x.py is one in mistralai 2.x's style (its names, its import path, both generations' request models).
Under mypy a misspelt hyperparameter names `create` but not the key: `create`'s overloads (for `dry_run`'s result)
and the models it takes besides the TypedDicts both keep mypy from reporting the key itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "typing" / "user_script.py"
SCRIPT_2X = ROOT / "tests" / "typing" / "user_script_2x.py"

WRONG_LINES = {
    "a status that does not exist": ('mistral.fine_tuning.jobs.list(status="DONE")', "status"),
    "a misspelt hyperparameter": (
        'mistral.fine_tuning.jobs.create(model="m", hyperparameters={"learning_rte": 0.1})',
        "create",
    ),
    "a retry strategy the SDK does not have": (
        'utils.RetryConfig("exponential", utils.BackoffStrategy(1, 50, 1.1, 100), False)',
        "exponential",
    ),
    "a timeout as text": ('mistral.fine_tuning.jobs.get(job_id="x", timeout_ms="1000")', "timeout_ms"),
    "a misspelt keyword": ('mistral.fine_tuning.jobs.get(jobid="x")', "jobid"),
    "a job type that does not exist": (
        'mistral.fine_tuning.jobs.create(model="m", hyperparameters={}, job_type="synthetic_unknown_job_type")',
        "create",
    ),
    "a model name that does not exist": ("models.JobsOutt", "JobsOutt"),
}


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_users_script_type_checks_without_a_cast() -> None:
    code = SCRIPT.read_text().split('"""', 2)[2]  # below the docstring
    assert "cast(" not in code and "isinstance(" not in code and "type: ignore" not in code
    result = mypy(SCRIPT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("mistake", sorted(WRONG_LINES))
def test_each_mistake_is_one_type_error(mistake: str, tmp_path: Path) -> None:
    line, named = WRONG_LINES[mistake]
    original = SCRIPT.read_text()
    script = original.replace("    return lines\n", f"    {line}\n    return lines\n", 1)
    line_number = original[: original.index("    return lines\n")].count("\n") + 1
    wrong = tmp_path / "user_script.py"
    wrong.write_text(script)
    errors = [row for row in mypy(wrong).stdout.splitlines() if ": error:" in row]
    assert len(errors) == 1, "\n".join(errors)
    assert f"user_script.py:{line_number}: error:" in errors[0] and named in errors[0], errors[0]


def test_a_2x_script_on_its_import_path_with_both_generations_models_type_checks() -> None:
    code = SCRIPT_2X.read_text().split('"""', 2)[2]
    assert "cast(" not in code and "type: ignore" not in code
    result = mypy(SCRIPT_2X)
    assert result.returncode == 0, result.stdout


def test_every_name_of_models_is_known_to_type_checkers_at_every_import_path(tmp_path: Path) -> None:
    from mistral_fine_tuning import models

    lines = [
        "import mistral_fine_tuning",
        "from mistral_fine_tuning import models",
        "from mistral_fine_tuning.client import models as models_2x",
        "",
    ]
    lines += [
        f"print(models.{name}, mistral_fine_tuning.{name}, models_2x.{name})"
        for name in sorted(vars(models)["__all__"])
    ]
    script = tmp_path / "every_name.py"
    script.write_text("\n".join(lines) + "\n")
    result = mypy(script)
    assert result.returncode == 0, result.stdout
