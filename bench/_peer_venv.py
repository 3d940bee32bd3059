"""The peers' venv: `.bench-venv-peers/` at the repository root with mistralai 2.5.1, kept apart from the project.

Created on first use and reused while it holds the pinned version. Without network access the install fails and
`ensure()` says why and returns None, so `make bench-peers` can skip the comparison and still exit 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ._child import REPO_ROOT
from ._measure import run_process

PEER_VENV = REPO_ROOT / ".bench-venv-peers"
PEER_REQUIREMENT = "mistralai==2.5.1"


def version_in(python: Path, distribution: str) -> str | None:
    """The version of `distribution` installed for `python`, or None."""
    code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
    try:
        return run_process([str(python), "-c", code]).strip()
    except (OSError, RuntimeError):
        return None


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def ensure(venv: Path = PEER_VENV, requirement: str = PEER_REQUIREMENT) -> Path | None:
    """The venv's interpreter with `requirement` installed, creating the venv if needed; None if that fails."""
    python = venv / "bin" / "python"
    distribution, _, wanted = requirement.partition("==")
    if python.exists() and version_in(python, distribution) == wanted:
        return python
    print(f"installing {requirement} into {venv.name}/ ...", file=sys.stderr, flush=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", requirement],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(
                f"cannot set up the peers' venv ({' '.join(step)} exited with {done.returncode}); is the network "
                f"(PyPI) reachable?\n{_tail(done.stderr)}\nSkipping the peers' comparison."
            )
            return None
    if version_in(python, distribution) != wanted:
        print(f"{venv.name}/ does not hold {requirement}; skipping the peers' comparison.")
        return None
    return python
