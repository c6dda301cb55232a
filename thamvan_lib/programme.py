"""Workshop programmes: the one-day and three-day trainings a trainer runs from the kit
(``content/programmes/*.yaml``), and the checks a programme must pass before it is printed,
projected or followed: every day's sessions in order, inside the working day, with breaks;
every lesson, dashboard, role-play and exercise it uses present in the kit; a programme of
three days or more covering every phase of the process.

A trainer edits the YAML; ``thamvan check-content`` names the file, the session and the
field of anything wrong, in Vietnamese and English.

>>> programmes = load_programmes()
>>> sorted(programmes)
['ba-ngay', 'mot-ngay']
>>> [len(d.sessions) > 3 for d in programmes["ba-ngay"].days]
[True, True, True]
"""

from __future__ import annotations

from pathlib import Path

from . import locations
from .content import ContentError, content_root, load, load_all
from .schema.programme import ProgrammeFile, Session

DAY_START, DAY_END = "07:00", "18:00"
LONGEST_STRETCH = 150  # minutes of sessions without a break: adults stop listening
PHASES = (1, 2, 3, 4, 5)


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def _error(path: str, item: str, field: str, key: str, **values) -> ContentError:
    text = load().both(f"programme.check.{key}", **values)
    return ContentError(path, item, field, text["vi"], text["en"])


def kit_items() -> dict[str, set[str] | None]:
    """What a programme may use, by kind: the kit's lessons, dashboards, role-plays, exercises.
    None for a kind whose folder is not beside the package (a wheel checked on its own):
    those references are checked where the kit is."""
    from .roleplay.loading import load_scenarios

    notebooks, exercises = locations.notebooks(), locations.exercises()
    return {"lesson": {p.stem for p in notebooks.glob("*.ipynb")} if notebooks.is_dir() else None,
            "tool": {t.id for t in load().tools.values() if t.status == "available"},
            "roleplay": set(load_scenarios()),
            "exercise": {p.name for p in exercises.iterdir() if (p / f"{p.name}.ipynb").exists()}
            if exercises.is_dir() else None}


def problems(programme: ProgrammeFile, path: str = "", existing: dict[str, set[str] | None] | None = None
             ) -> list[ContentError]:
    """Everything wrong with ``programme``, each naming its day and session."""
    found: list[ContentError] = []
    existing = existing if existing is not None else kit_items()
    seen_ids: set[str] = set()
    for day in programme.days:
        previous: Session | None = None
        stretch = 0
        for session in day.sessions:
            where = f"ngày {day.day} / day {day.day}, {session.id}"
            start, end = minutes(session.start), minutes(session.end)
            if session.id in seen_ids:
                found.append(_error(path, where, "id", "duplicate", id=session.id))
            seen_ids.add(session.id)
            if end <= start:
                found.append(_error(path, where, "end", "ends_before_start", start=session.start, end=session.end))
            if start < minutes(DAY_START) or end > minutes(DAY_END):
                found.append(_error(path, where, "start", "outside_day", day_start=DAY_START, day_end=DAY_END))
            if previous is not None and start < minutes(previous.end):
                found.append(_error(path, where, "start", "overlap", other=previous.id, end=previous.end))
            stretch = 0 if session.kind != "session" else stretch + max(end - start, 0)
            if stretch > LONGEST_STRETCH:
                found.append(_error(path, where, "kind", "no_break", limit=LONGEST_STRETCH))
                stretch = 0
            if session.kind == "session" and not session.method:
                found.append(_error(path, where, "method", "no_method"))
            for phase in session.phases:
                if phase not in PHASES:
                    found.append(_error(path, where, "phases", "bad_phase", phase=phase))
            for use in session.uses:
                known = existing.get(use.kind)
                if known is not None and use.id not in known:
                    found.append(_error(path, where, "uses", "missing", kind=use.kind, id=use.id))
            previous = session
        if not any(s.kind != "session" for s in day.sessions) and len(day.sessions) > 2:
            found.append(_error(path, f"ngày {day.day} / day {day.day}", "sessions", "day_without_break"))
    if len(programme.days) >= 3:
        covered = {p for day in programme.days for s in day.sessions for p in s.phases}
        missing = [p for p in PHASES if p not in covered]
        if missing:
            found.append(_error(path, programme.id, "phases", "phases_missing",
                                phases=", ".join(str(p) for p in missing)))
    return found


def load_programmes(root: Path | str | None = None) -> dict[str, ProgrammeFile]:
    """Every programme, checked; the first problem is raised as a ContentError (all of them:
    ``problems``)."""
    root = Path(root) if root else content_root()
    programmes = {}
    existing = kit_items()
    for rel, programme in load_all("programme", root).items():
        found = problems(programme, rel, existing)
        if found:
            raise found[0]
        programmes[programme.id] = programme
    return programmes


def total_minutes(programme: ProgrammeFile, kind: str = "session") -> int:
    return sum(minutes(s.end) - minutes(s.start) for d in programme.days for s in d.sessions if s.kind == kind)

