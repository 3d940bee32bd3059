"""Compare the generator's stock templates with the copies our custom templates were written from.

Each custom template in templates/ overrides a stock template of openapi-python-client and says at its top which
stock template, of which generator version, it came from; templates/stock/ holds those stock templates as they were
(and templates/stock/VERSION the version). This script diffs them against the stock templates of a generator:

    python tools/check_templates.py                      # the installed generator (the pinned one in `make setup`)
    python tools/check_templates.py --stock DIR          # another generator's templates folder
    python tools/check_templates.py --update             # take the installed generator's templates as the new base

It exits 1, printing each diff, when upstream changed a template we override: that change has to be looked at (and
usually carried into our template) before the bump. It also fails when a custom template does not say which stock
template and version it came from, or an override has no recorded copy.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
RECORDED = TEMPLATES / "stock"
OURS_ONLY = {"facade.jinja", "union_tags.jinja"}  # shared macros of ours: no stock template behind them


def installed_stock() -> Path:
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def overrides() -> list[str]:
    """The custom templates that replace a stock one, as paths relative to templates/."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.jinja")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if not relative.startswith("stock/") and path.name not in OURS_ONLY:
            found.append(relative)
    return found


def problems(stock: Path) -> list[str]:
    """Every way our templates and the generator's stock templates at `stock` have drifted apart."""
    version = (RECORDED / "VERSION").read_text().strip()
    found = []
    for relative in overrides():
        header = (TEMPLATES / relative).read_text().split("#}", 1)[0]
        origin = f"from stock {relative} of openapi-python-client {version}"
        if origin not in " ".join(header.split()):
            found.append(f"{relative}: its header must say '{origin}'")
        recorded = RECORDED / relative
        if not recorded.exists():
            found.append(f"{relative}: no recorded stock copy in templates/stock/{relative}")
            continue
        upstream = stock / relative
        if not upstream.exists():
            found.append(f"{relative}: the generator at {stock} has no such stock template any more")
            continue
        before, after = recorded.read_text().splitlines(), upstream.read_text().splitlines()
        if before != after:
            diff = difflib.unified_diff(
                before, after, f"recorded ({version})/{relative}", f"{stock}/{relative}", lineterm=""
            )
            found.append(f"{relative}: upstream changed the stock template we override:\n" + "\n".join(diff))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stock", type=Path, help="a generator's templates folder (default: the installed one)")
    parser.add_argument("--update", action="store_true", help="record the installed generator's stock templates")
    args = parser.parse_args(argv)
    if args.update:
        stock = installed_stock()
        for relative in overrides():
            (RECORDED / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stock / relative, RECORDED / relative)
        version = importlib.metadata.version("openapi-python-client")
        (RECORDED / "VERSION").write_text(f"{version}\n")
        print(f"recorded the stock templates of openapi-python-client {version}; update the custom templates' headers")
        return 0
    stock = args.stock or installed_stock()
    found = problems(stock)
    for problem in found:
        print(problem, end="\n\n")
    if found:
        print(f"{len(found)} problem(s): see README.md, 'When the generator changes'", file=sys.stderr)
        return 1
    print(f"the {len(overrides())} custom templates match their recorded stock templates ({stock})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
