"""Read openapi.yaml as JSON values, and write it as compact JSON next to the generated code (what `make generate`
runs after the generator).

    python tools/spec_json.py openapi.yaml generated/mistral_fine_tuning_client/openapi.json

The fake server validates requests against the spec at run time, and the wheel cannot read YAML (PyYAML is not a
runtime dependency), so the spec ships as JSON inside the generated package. Keys keep the YAML's order and the
output ends with one newline, so the same spec always gives the same bytes (`make check-generated` diffs them).

`load_yaml` is how every tool here reads a spec (tools/upstream_diff.py too), so the JSON that ships and the
document the upstream comparison reads are the same values.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML was built with it


class _Loader(_SafeLoader):
    """A safe loader that reads `1e-08` as a number, as JSON and YAML 1.2 do (YAML 1.1 makes it a string)."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


def read_yaml(text: str | bytes) -> Any:
    """A YAML (or JSON) document as plain JSON values: anchors are copied, so no two places share an object, and
    dates are text."""
    document = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    return json.loads(json.dumps(document, default=str))


def load_yaml(path: Path) -> Any:
    """The YAML (or JSON) file at `path` as plain JSON values (see `read_yaml`)."""
    return read_yaml(path.read_bytes())


def spec_to_json(document: Any) -> str:
    """The decoded spec as the compact JSON text that ships with the generated code."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def yaml_to_json(text: str) -> str:
    """The spec's YAML text as the compact JSON text that ships with the generated code."""
    return spec_to_json(read_yaml(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", type=Path, help="the OpenAPI document (YAML)")
    parser.add_argument("output", type=Path, help="the JSON file to write")
    args = parser.parse_args(argv)
    args.output.write_text(yaml_to_json(args.spec.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
