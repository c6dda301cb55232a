"""Where the kit's folders that live beside the package are: notebooks, exercises,
datasets, deploy.

A checkout keeps them next to ``thamvan_lib/``. An installed package finds them through
``THAMVAN_KIT`` (the folder that holds them), so the library never guesses ``../``.
"""

from __future__ import annotations

import os
from pathlib import Path

KIT_ENV = "THAMVAN_KIT"


def kit_root() -> Path:
    """The folder holding notebooks/, exercises/, datasets/ and deploy/."""
    return Path(os.environ.get(KIT_ENV) or Path(__file__).resolve().parent.parent)


def notebooks() -> Path:
    return kit_root() / "notebooks"


def exercises() -> Path:
    return kit_root() / "exercises"


def datasets() -> Path:
    return kit_root() / "datasets"


def deploy() -> Path:
    return kit_root() / "deploy"


def trainer() -> Path:
    """Trainer-only material (notes, test keys): kept from trainees' accounts on a hub."""
    return kit_root() / "trainer"
