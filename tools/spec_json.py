"""Write openapi.yaml as compact JSON next to the generated code (what `make generate` runs after the generator).

    python tools/spec_json.py openapi.yaml generated/mistral_fine_tuning_client/openapi.json

The fake server validates requests against the spec at run time, and the wheel cannot read YAML (PyYAML is not a
runtime dependency), so the spec ships as JSON inside the generated package. Keys keep the YAML's order and the
output ends with one newline, so the same spec always gives the same bytes (`make check-generated` diffs them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml


def spec_to_json(document: Any) -> str:
    """The decoded spec as the compact JSON text that ships with the generated code."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def yaml_to_json(text: str) -> str:
    """The spec's YAML text as the compact JSON text that ships with the generated code."""
    return spec_to_json(yaml.safe_load(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", type=Path, help="the OpenAPI document (YAML)")
    parser.add_argument("output", type=Path, help="the JSON file to write")
    args = parser.parse_args(argv)
    args.output.write_text(yaml_to_json(args.spec.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
