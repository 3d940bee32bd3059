"""Copy the client into another project as one of its packages (what `make vendor DEST=... PACKAGE=...` runs).

    python tools/vendor.py --dest src --package acme_sdk._vendor.mistral_ft

writes `src/acme_sdk/_vendor/mistral_ft/`: the package people import (`overlay/mistral_fine_tuning/`) with the
generated code inside it, and the LICENSE. Every import inside the package is relative, so nothing is rewritten:
the copy imports itself, its logger is named after its package, and it never loads an installed
`mistral_fine_tuning`. Missing parent folders get an empty `__init__.py`; an existing copy is replaced.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "overlay" / "mistral_fine_tuning"


def vendor(dest: Path, package: str) -> Path:
    """Copy the client to `dest` as the dotted `package`; returns the new package folder."""
    parts = package.split(".")
    if not all(part.isidentifier() for part in parts):
        raise ValueError(f"not a dotted package name: {package!r}")
    target = dest.joinpath(*parts)
    for depth in range(1, len(parts)):  # the embedding project's own packages, created if missing
        parent = dest.joinpath(*parts[:depth])
        parent.mkdir(parents=True, exist_ok=True)
        (parent / "__init__.py").touch(exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    # symlinks=False copies what the `_generated` link points at, so the copy stands on its own.
    shutil.copytree(SOURCE, target, symlinks=False, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(ROOT / "LICENSE", target / "LICENSE")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, required=True, help="the folder on the embedding project's sys.path")
    parser.add_argument("--package", required=True, help="the dotted name the copy is imported as")
    args = parser.parse_args(argv)
    try:
        target = vendor(args.dest, args.package)
    except ValueError as exc:
        print(f"vendor: {exc}", file=sys.stderr)
        return 2
    print(f"vendored into {target} (import {args.package})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
