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

The class server keeps warm the dashboards of the session running or about to start:

>>> import datetime as dt
>>> programme = load_programmes()["mot-ngay"]
>>> pages_due(programme, dt.date(2026, 12, 7), dt.datetime(2026, 12, 7, 9, 20))
['dashboards/plan-builder.ipynb', 'dashboards/sample-size.ipynb']
>>> pages_due(programme, dt.date(2026, 12, 7), dt.datetime(2026, 12, 8, 9, 20))  # no second day
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from .content import load
from .programme import minutes
from .schema.programme import Day, ProgrammeFile, Session

# the dashboards that open a role-play or an exercise (under notebooks/)
ROLEPLAY_PAGE = "dashboards/roleplay.ipynb"
CLASS_PAGE = "dashboards/class-view.ipynb"
# how long before a session its dashboards are warmed in every trainee's server
WARM_LEAD_MINUTES = 20


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
    target: str    # a path under notebooks/ (or pages.HOME_ROUTE), with its query


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


def pages_due(programme: ProgrammeFile, first_day: dt.date, now: dt.datetime,
              lead_minutes: int = WARM_LEAD_MINUTES) -> list[str]:
    """The dashboards (paths under notebooks/, without their query) that trainees open in the
    sessions running at ``now`` or starting within ``lead_minutes``; none outside the
    programme's days. Lessons are left out: only dashboards wait for their visitor."""
    number = (now.date() - first_day).days + 1
    day = next((d for d in programme.days if d.day == number), None)
    if day is None:
        return []
    clock = now.hour * 60 + now.minute
    pages = []
    for session in day.sessions:
        if minutes(session.start) - lead_minutes <= clock < minutes(session.end):
            for link in links(session):
                page = link.target.split("?")[0]
                if link.kind in ("tool", "roleplay") and page.startswith("dashboards/") and page not in pages:
                    pages.append(page)
    return pages


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
