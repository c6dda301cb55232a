"""The trainer's day of a workshop programme (``content/programmes``): which session the clock
is in, what each session opens (its dashboards, lessons, role-plays, exercises, as addresses
under the kit's ``notebooks/``), the role-play groups of a session with their roles, and who
has finished the session's exercises, read from the course's gradebook as the class view
reads it.

>>> from thamvan_lib.programme import load_programmes
>>> day = load_programmes()["mot-ngay"].days[0]
>>> here = session_at(day, "10:00"); day.sessions[here.index].id, here.state
('ke-hoach-co-mau', 'now')
>>> here = session_at(day, "11:40"); day.sessions[here.index].kind, here.state
('meal', 'now')
>>> session_at(day, "06:30").state, session_at(day, "19:00").state
('before', 'after')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .content import load
from .programme import minutes
from .schema.programme import Day, Session

# the dashboards that open a role-play or an exercise (under notebooks/)
ROLEPLAY_PAGE = "dashboards/roleplay.ipynb"
CLASS_PAGE = "dashboards/class-view.ipynb"


class Position(NamedTuple):
    """Where the clock is in a day: the session's index and ``now`` (running), ``next`` (a gap:
    the session about to start), ``before`` the first or ``after`` the last."""

    index: int
    state: str


def session_at(day: Day, clock: str) -> Position:
    now = minutes(clock)
    sessions = day.sessions
    if now < minutes(sessions[0].start):
        return Position(0, "before")
    for n, s in enumerate(sessions):
        if minutes(s.start) <= now < minutes(s.end):
            return Position(n, "now")
        if now < minutes(s.start):
            return Position(n, "next")
    return Position(len(sessions) - 1, "after")


@dataclass(frozen=True)
class Link:
    kind: str      # lesson | tool | roleplay | exercise
    id: str
    target: str    # a path under notebooks/, with its query


def links(session: Session) -> list[Link]:
    """What the session opens, in the programme's order: a tool's dashboard, a lesson's
    notebook, the role-play dashboard on its scenario, and for an exercise the class view,
    where the trainer follows it."""
    tools = load().tools
    found = []
    for use in session.uses:
        if use.kind == "tool":
            tool = tools.get(use.id)
            if tool is None or not tool.path:
                continue
            target = tool.path
        elif use.kind == "lesson":
            target = f"{use.id}.ipynb"
        elif use.kind == "roleplay":
            target = f"{ROLEPLAY_PAGE}?scenario={use.id}"
        else:
            target = CLASS_PAGE
        found.append(Link(use.kind, use.id, target))
    return found


def roleplay_groups(session: Session) -> list:
    """A ``workshop.Workshop`` per role-play of the session, for the room's groups (one group
    when the programme names none)."""
    from .roleplay.loading import load_scenarios
    from .workshop import plan_workshop

    scenarios = load_scenarios()
    groups = max(1, session.room.groups if session.room else 1)
    return [plan_workshop(scenarios[u.id], groups) for u in session.uses
            if u.kind == "roleplay" and u.id in scenarios]


def exercise_progress(session: Session, grades) -> dict[str, dict[str, float | None]]:
    """For each exercise of the session: every trainee of the gradebook and their score, None
    for one who has not handed it in (``grades``: ``Course.grades()``)."""
    out = {}
    for use in session.uses:
        if use.kind != "exercise":
            continue
        part = grades[grades["assignment"] == use.id] if len(grades) else grades
        out[use.id] = {row.student: (None if row.score != row.score or row.score is None else float(row.score))
                       for row in part.sort_values("student").itertuples()} if len(part) else {}
    return out
