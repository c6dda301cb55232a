"""The full key of an exercise, question by question, for the trainer: what the source
notebook's solution regions give each item of the answer sheet, the model texts of the written
answers, and the readings the key accepts as well. Trainees never get it with their feedback;
the trainer may hand it out after the workshop (``thamvan course key``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from .. import locations
from ..answers import choices, sheet_spec

_SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)\n### END SOLUTION", re.S)
_ACCEPTABLE = re.compile(r"^CHAP_NHAN = (\{.*?\})\n", re.S | re.M)


@dataclass(frozen=True)
class KeyEntry:
    section: dict | None   # {"vi", "en"} of the part of the sheet it opens, or None
    label: dict            # the question, in both languages
    answer: dict           # the key's answer, in both languages
    also: dict | None = None  # readings accepted as well


def _names(item, value) -> dict:
    """The key's value as people read it: criteria and errors by name, rows as counts."""
    if item.kind in ("labels", "choice"):
        codes = re.split(r"[,\s]+", value) if isinstance(value, str) else list(value)
        named = dict(choices(item))
        listed = [named.get(c, {"vi": c, "en": c}) for c in codes if c]
        return {lang: "; ".join(n[lang] for n in listed) or "—" for lang in ("vi", "en")}
    if isinstance(value, (list, tuple)):
        return {lang: " · ".join(str(v) for v in value) for lang in ("vi", "en")}
    return {lang: str(value) for lang in ("vi", "en")}


def exercise_key(assignment: str, source: Path | None = None) -> list[KeyEntry]:
    import nbformat

    path = Path(source or locations.exercises() / assignment / f"{assignment}.ipynb")
    nb = nbformat.read(path, as_version=4)
    values, texts, acceptable = {}, {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "markdown":
            texts[meta["grade_id"]] = cell.source.strip()
        for block in _SOLUTION.findall(cell.source):
            for line in block.splitlines():
                name, _, value = line.partition(" = ")
                values[name.strip()] = ast.literal_eval(value.strip())
        found = _ACCEPTABLE.search(cell.source)
        if found:
            acceptable = ast.literal_eval(found.group(1))
    entries = []
    for item in sheet_spec(assignment).items:
        if item.cell:
            answer = {lang: texts.get(item.cell, "—") for lang in ("vi", "en")}
        else:
            answer = _names(item, values.get(item.id, "—"))
        extra = acceptable.get(item.id.replace("_", "-"))
        entries.append(KeyEntry(item.section.model_dump() if item.section else None, item.label.model_dump(),
                                answer, _names(item, extra) if extra else None))
    return entries
