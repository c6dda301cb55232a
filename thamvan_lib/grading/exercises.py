"""The kit's nbgrader source assignments, with their keys: ``exercises/`` beside the package
(or under ``THAMVAN_KIT``), copied into a course's ``source/``."""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import locations


def import_exercises(root: Path, source: Path | None = None) -> list[str]:
    """Copy every assignment folder of ``source`` (the kit's exercises) into ``root/source``;
    returns the assignments' names."""
    names = []
    source = Path(source or locations.exercises())
    for folder in sorted(p for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))):
        shutil.copytree(folder, Path(root) / "source" / folder.name, dirs_exist_ok=True)
        names.append(folder.name)
    return names


def read_notebook(path: Path):
    """An exercise's notebook (source, release or submission) as nbformat's version 4."""
    import nbformat

    return nbformat.read(path, as_version=4)
