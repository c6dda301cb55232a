"""Validate deploy/z2jh/config.yaml against the Zero to JupyterHub chart's own values schema.

    .venv/bin/python deploy/z2jh/check_values.py PATH/TO/CHART   (the folder "jupyterhub")

The schema ships inside the chart (``helm pull jupyterhub/jupyterhub --version 4.4.0
--untar``); the kit does not copy it, so this runs where the chart is. As Helm does, the
chart's default values are merged under the kit's before validating. Prints each problem
with its path, or that the file is valid.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import yaml

CONFIG = Path(__file__).with_name("config.yaml")


def merged(defaults, values):
    """Helm's merge of user values over the chart's: maps merge, anything else replaces."""
    if isinstance(defaults, dict) and isinstance(values, dict):
        return {**defaults, **{k: merged(defaults.get(k), v) for k, v in values.items()}}
    return values


def main(chart: str) -> int:
    schema = yaml.safe_load((Path(chart) / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((Path(chart) / "values.yaml").read_text(encoding="utf-8"))
    values = merged(defaults, yaml.safe_load(CONFIG.read_text(encoding="utf-8")))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(values), key=lambda e: list(e.path))
    for error in errors:
        print(f"{'.'.join(map(str, error.path)) or '(top)'}: {error.message}")
    print(f"{CONFIG.name}: {'valid' if not errors else f'{len(errors)} problem(s)'} against {chart}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
