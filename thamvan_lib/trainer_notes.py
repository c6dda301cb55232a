"""Trainer notes: how to teach each lesson, dashboard, role-play and exercise of the kit
(talking points, misconceptions to expect, debrief questions, timing, the paper version for a
room without computers). They live in the kit's ``trainer/notes/<kind>/<id>.yaml``, beside
the package and never in what trainees receive: on a class hub that folder is root-only.

A note's folder is the kind a programme uses (``lesson``, ``tool``, ``roleplay``,
``exercise``) and its file name is its id; ``load_notes`` refuses a note for something the
kit does not have, naming the file. ``missing_for(programme)`` lists what a programme uses
that has no note; ``note_texts`` gives every sentence of a note (to check none reaches a
trainee).

>>> notes = load_notes()
>>> ("roleplay", "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh") in notes
True
>>> from thamvan_lib.programme import load_programmes
>>> missing_for(load_programmes()["ba-ngay"], notes)
[]
"""

from __future__ import annotations

from pathlib import Path

from . import locations
from .content import ContentError, load, read
from .schema.programme import USE_KINDS, ProgrammeFile
from .schema.trainer_notes import TrainerNoteFile

Key = tuple[str, str]  # (kind, id), as a programme's ``uses`` name things


def notes_root() -> Path:
    return locations.trainer() / "notes"


def _error(rel: str, item: str, field: str, key: str, **values) -> ContentError:
    text = load().both(f"trainer_notes.check.{key}", **values)
    return ContentError(rel, item, field, text["vi"], text["en"])


def problems(root: Path | None = None) -> tuple[dict[Key, TrainerNoteFile], list[ContentError]]:
    """Every note that reads well, and everything wrong with the others."""
    from .programme import kit_items

    root = Path(root) if root else notes_root()
    notes: dict[Key, TrainerNoteFile] = {}
    found: list[ContentError] = []
    if not root.is_dir():
        return notes, found
    existing = kit_items()
    base = root.parent
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(base).as_posix()
        kind = path.parent.name
        if path.parent.parent != root or kind not in USE_KINDS:
            found.append(_error(rel, "-", "-", "bad_folder", kinds=", ".join(USE_KINDS)))
            continue
        try:
            note = read(base, path, TrainerNoteFile)
        except ContentError as err:
            found.append(err)
            continue
        if note.id != path.stem:
            found.append(_error(rel, note.id, "id", "id_not_file", file=path.stem))
            continue
        known = existing.get(kind)
        if known is not None and note.id not in known:
            found.append(_error(rel, note.id, "id", "unknown", kind=kind, id=note.id))
            continue
        notes[(kind, note.id)] = note
    return notes, found


def load_notes(root: Path | str | None = None) -> dict[Key, TrainerNoteFile]:
    """Every trainer note by (kind, id); the first problem is raised as a ContentError. No
    notes when the kit's ``trainer/`` folder is not there (a package on its own)."""
    notes, found = problems(Path(root) if root else None)
    if found:
        raise found[0]
    return notes


def check_notes(_content_root=None) -> dict[Key, TrainerNoteFile]:
    """``thamvan check-content``'s loader: the notes sit beside the kit, not in its content."""
    return load_notes()


def uses_of(programme: ProgrammeFile) -> list[Key]:
    """Everything a programme uses, once each, in the order it is first used."""
    seen: dict[Key, None] = {}
    for day in programme.days:
        for session in day.sessions:
            for use in session.uses:
                seen.setdefault((use.kind, use.id), None)
    return list(seen)


def missing_for(programme: ProgrammeFile, notes: dict[Key, TrainerNoteFile] | None = None) -> list[Key]:
    notes = load_notes() if notes is None else notes
    return [key for key in uses_of(programme) if key not in notes]


def note_texts(note: TrainerNoteFile, lang: str = "vi") -> list[str]:
    """Every text of a note in one language."""
    texts = [t.get(lang) for t in (*note.talking_points, *note.debrief, note.paper)]
    texts += [m.thinks.get(lang) for m in note.misconceptions] + [m.instead.get(lang) for m in note.misconceptions]
    texts += [s.do.get(lang) for s in note.timing]
    return texts
