"""The plan of the training of the consultation support staff (lecture item L8, step P1.5).

When the office runs a consultation it trains the people who will carry it out, and it
does so *before* the consultation starts. ``TrainingPlan`` holds what L8 asks for:

==================  ===============================================================
part                what it holds
==================  ===============================================================
``participants``    the call list: name, role (``ROLES``), unit or commune
``content``         the general part, the skills (rubric ids from
                    ``content/roleplay/rubrics.yaml``: the moderator's do's and
                    don'ts, the minute-taker's usual errors), communication, rules
                    of conduct
``sessions``        day, start and end time ("08:00"), method (``METHODS``), venue
``venues/moves``    the movement plan: places, transport and travel time between them
``materials``       programme, reading set, practice handbook (``MATERIAL_KINDS``)
``convening``       who convenes, how, and when the invitations go out
==================  ===============================================================

It is a document like the phase-1 documents, built on ``thamvan_lib.records``: a dataclass with
``to_dict()`` / ``from_dict()``, a wrong type refused with ``KitError``, and
``validate_training(plan)`` listing every missing part and inconsistency as ``Issue``\\ s
with messages from ``content/messages/training.yaml``.

>>> plan = TrainingPlan(title="Tập huấn cán bộ hỗ trợ", sessions=[
...     Session("Khai mạc", day="2026-02-09", start="08:00", end="07:30", method="plenary")])
>>> [i.field for i in validate_training(plan) if i.rule == "session_reversed"]
['sessions[0].end']

The worked example (healthcare for the poor, tỉnh Sơn Hà) is ``load_example()``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import records
from .content import ContentError, load, load_kind
from .errors import KitError
from .i18n import LANGUAGES, date_text
from .plan import Signer, is_district
from .records import Document, Issue, Part, Rules, checked, required, required_part

KIND = "training"
EXAMPLE_FILE = Path("training") / "example.yaml"

ROLES = ("moderator", "minute_taker", "enumerator", "support", "deputy")
METHODS = ("lecture", "group_discussion", "plenary", "roleplay", "broad_conference",
           "stakeholder_conference", "citizen_letters")
MATERIAL_KINDS = ("programme", "reading_set", "handbook", "other")
REQUIRED_MATERIALS = ("programme", "reading_set", "handbook")
# The rubric roles the skills part cannot do without (content/roleplay/rubrics.yaml).
SKILL_ROLES = ("moderator", "minute-taker")
# Training that ends fewer days than this before the consultation leaves no time to fix gaps.
MIN_DAYS_BEFORE = 2

_TIME = re.compile(r"([01]?\d|2[0-3])[:hg.]([0-5]\d)")


# --- the document ----------------------------------------------------------------

@dataclass
class Participant(Part):
    """One person on the call list."""

    name: str = required()
    role: str = required()     # one of ROLES
    unit: str = required()     # the unit or commune (xã, phường, đặc khu) they come from
    phone: str = ""


@dataclass
class TrainingContent(Part):
    """The four parts of the content (L8); ``skills`` names rubrics, whose criteria are taught."""

    general: list[str] = required([])
    skills: list[str] = required([])         # rubric ids: "dieu-hanh", "bien-ban" …
    skills_extra: list[str] = required([])   # other skills, e.g. the synthesis of opinions
    communication: list[str] = required([])
    conduct: list[str] = required([])


@dataclass
class Session(Part):
    """One session of the course: when, how (the method) and where."""

    title: str = required()
    day: dt.date | None = required(None)
    start: str = required()      # "08:00"
    end: str = required()        # "10:30"
    method: str = required()     # one of METHODS
    venue: str = ""
    trainer: str = ""


@dataclass
class Venue(Part):
    name: str = required()
    address: str = required()
    use: str = ""               # what it serves: plenary hall, rehearsal of a conference …


@dataclass
class Move(Part):
    """One leg of the movement plan: from a venue to another, how, and how long it takes."""

    from_place: str = required()
    to_place: str = required()
    transport: str = required()
    minutes: int | None = required(None)
    note: str = ""


@dataclass
class Material(Part):
    kind: str = required()      # one of MATERIAL_KINDS
    title: str = required()
    copies: int | None = None
    prepared_by: str = ""


@dataclass
class Convening(Part):
    """The convening plan: who calls the participants, how, and when."""

    who: str = required()
    how: str = required()
    send_on: dt.date | None = required(None)
    reply_by: dt.date | None = None


@dataclass
class TrainingPlan(Document):
    """L8: the plan and programme of the training of the support staff."""

    KIND: ClassVar[str] = KIND
    title: str = required()
    organiser: str = required()
    parent_body: str = ""
    number: str = ""
    symbol: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    consultation: str = required()
    consultation_start: dt.date | None = None
    needs_assessment: str = ""
    participants: list[Participant] = required([])
    content: TrainingContent = required_part(TrainingContent)
    sessions: list[Session] = required([])
    venues: list[Venue] = required([])
    moves: list[Move] = required([])
    materials: list[Material] = required([])
    convening: Convening = required_part(Convening)
    recipients: list[str] = required([])
    signer: Signer = required_part(Signer)


# --- labels and issues --------------------------------------------------------------

def field_label(path: str, lang: str | None = None) -> str:
    """The name people read for a field path of a training plan.

    >>> field_label("sessions[2].start", "en")
    'Start time'
    """
    return records.field_label(path, lang, ("training", records.SHARED_LABELS))


def choice_label(prefix: str, value: str, lang: str | None = None) -> str:
    """The label of a slug ("roleplay" → "Thực tập đóng vai"), or the slug itself."""
    key = f"training.{prefix}.{value}"
    return load().message(key, lang) if key in load().messages else (value or "…")


SEVERITY = {
    "missing": "error", "missing_optional": "warning", "unknown_choice": "error", "duplicate": "warning",
    "bad_time": "error", "session_reversed": "error", "session_overlap": "error",
    "after_consultation": "error", "too_close": "warning", "role_empty": "error",
    "skills_missing": "error", "unknown_rubric": "error", "material_missing": "error",
    "unknown_venue": "warning", "no_move": "warning", "move_too_long": "error",
    "no_practice": "warning", "convening_late": "error", "reply_late": "warning",
    "district_level": "warning", "unknown_move_place": "warning",
}


RULES = Rules("training", SEVERITY)
_issue, _missing = RULES.issue, RULES.missing


def _choice(value: str, allowed, prefix: str, path: str) -> list[Issue]:
    return RULES.choice(value, allowed, f"training.{prefix}", path)


def parse_time(text: str) -> int | None:
    """Minutes after midnight of "08:00", "8h30" or "13.45"; None when it is not a time.

    >>> parse_time("8h30"), parse_time("13:45"), parse_time("25:00")
    (510, 825, None)
    """
    m = _TIME.fullmatch((text or "").strip().lower())
    return int(m.group(1)) * 60 + int(m.group(2)) if m else None


def rubrics() -> dict:
    """The rubrics of the role-play (content/roleplay/rubrics.yaml) by id."""
    from .roleplay.loading import load_rubrics

    return load_rubrics()


# --- the checks ------------------------------------------------------------------------

def _call_list(plan: TrainingPlan) -> list[Issue]:
    found = RULES.duplicates([p.name for p in plan.participants], "participants", "name")
    for n, p in enumerate(plan.participants):
        found += _choice(p.role, ROLES, "role", f"participants[{n}].role")
        if p.unit and is_district(p.unit):
            found.append(_issue(f"participants[{n}].unit", "district_level", unit=p.unit))
    if plan.participants:
        called = {p.role for p in plan.participants}
        for role in ROLES:
            if role not in called:
                found.append(_issue("participants", "role_empty",
                                    role={lang: choice_label("role", role, lang) for lang in LANGUAGES}))
    return found


def _skills(plan: TrainingPlan) -> list[Issue]:
    found, known = [], rubrics()
    for n, rid in enumerate(plan.content.skills):
        if rid not in known:
            found.append(_issue(f"content.skills[{n}]", "unknown_rubric", rubric=rid,
                                allowed=", ".join(known)))
    taught = {known[r].role for r in plan.content.skills if r in known}
    for role in SKILL_ROLES:
        if role not in taught:
            rubric = next((r for r in known.values() if r.role == role), None)
            name = {lang: rubric.name.get(lang) for lang in LANGUAGES} if rubric else role
            found.append(_issue("content.skills", "skills_missing", rubric=name,
                                rubric_id=rubric.id if rubric else role))
    return found


def _sessions(plan: TrainingPlan) -> list[Issue]:
    found, timed = [], []
    venues = {v.name.casefold() for v in plan.venues if v.name}
    for n, s in enumerate(plan.sessions):
        where = f"sessions[{n}]"
        found += _choice(s.method, METHODS, "method", f"{where}.method")
        start, end = parse_time(s.start), parse_time(s.end)
        for name, text, value in (("start", s.start, start), ("end", s.end, end)):
            if text and value is None:
                found.append(_issue(f"{where}.{name}", "bad_time", session=s.title or "-", value=text))
        if start is not None and end is not None:
            if end <= start:
                found.append(_issue(f"{where}.end", "session_reversed", session=s.title or "-",
                                    start=s.start, end=s.end))
            elif s.day:
                timed.append((s.day, start, end, n, s))
        if s.venue and venues and s.venue.casefold() not in venues:
            found.append(_issue(f"{where}.venue", "unknown_venue", session=s.title or "-", venue=s.venue))
        if plan.consultation_start and s.day and s.day >= plan.consultation_start:
            found.append(_issue(f"{where}.day", "after_consultation", session=s.title or "-",
                                day=date_text(s.day), start=date_text(plan.consultation_start)))
    timed.sort(key=lambda t: (t[0], t[1]))
    # two sessions at once are a clash only in the same room or with the same trainer: a
    # class of enumerators next door is a parallel track, not a mistake
    for i, a in enumerate(timed):
        for b in timed[i + 1:]:
            if a[0] == b[0] and b[1] < a[2] and _same_room_or_trainer(a[4], b[4]):
                found.append(_issue(f"sessions[{b[3]}].start", "session_overlap", session=b[4].title or "-",
                                    other=a[4].title or "-", day=date_text(b[0])))
    found += _movement(plan, timed)
    days = [s.day for s in plan.sessions if s.day]
    if plan.consultation_start and days and max(days) < plan.consultation_start \
            and (plan.consultation_start - max(days)).days < MIN_DAYS_BEFORE:
        found.append(_issue("sessions", "too_close", day=date_text(max(days)),
                            start=date_text(plan.consultation_start), days=MIN_DAYS_BEFORE))
    if plan.sessions and not any(s.method == "roleplay" for s in plan.sessions):
        found.append(_issue("sessions", "no_practice"))
    return found


def _movement(plan: TrainingPlan, timed: list) -> list[Issue]:
    """Back-to-back sessions at two venues need a leg of the movement plan that fits the gap."""
    found = []
    venues = {v.name.casefold() for v in plan.venues if v.name}
    for n, m in enumerate(plan.moves):
        for name in ("from_place", "to_place"):
            place = getattr(m, name)
            if place and venues and place.casefold() not in venues:
                found.append(_issue(f"moves[{n}].{name}", "unknown_move_place", place=place))
    legs = {(m.from_place.casefold(), m.to_place.casefold()): (n, m) for n, m in enumerate(plan.moves)}
    for a, b in zip(timed, timed[1:]):
        first, second = a[4], b[4]
        if a[0] != b[0] or not first.venue or not second.venue \
                or first.venue.casefold() == second.venue.casefold() or b[1] < a[2]:
            continue
        leg = legs.get((first.venue.casefold(), second.venue.casefold()))
        if leg is None:
            found.append(_issue(f"sessions[{b[3]}].venue", "no_move", session=second.title or "-",
                                origin=first.venue, venue=second.venue))
        elif leg[1].minutes is not None and leg[1].minutes > b[1] - a[2]:
            found.append(_issue(f"moves[{leg[0]}].minutes", "move_too_long", origin=first.venue,
                                venue=second.venue, minutes=leg[1].minutes, gap=b[1] - a[2],
                                session=second.title or "-"))
    return found


def _materials(plan: TrainingPlan) -> list[Issue]:
    found = []
    for n, m in enumerate(plan.materials):
        found += _choice(m.kind, MATERIAL_KINDS, "material", f"materials[{n}].kind")
    if plan.materials:
        kinds = {m.kind for m in plan.materials}
        for kind in REQUIRED_MATERIALS:
            if kind not in kinds:
                found.append(_issue("materials", "material_missing",
                                    material={lang: choice_label("material", kind, lang)
                                              for lang in LANGUAGES}))
    return found


def _convening(plan: TrainingPlan) -> list[Issue]:
    found, c = [], plan.convening
    days = [s.day for s in plan.sessions if s.day]
    if days and c.send_on and c.send_on >= min(days):
        found.append(_issue("convening.send_on", "convening_late", send_on=date_text(c.send_on),
                            first=date_text(min(days))))
    if days and c.reply_by and c.reply_by >= min(days):
        found.append(_issue("convening.reply_by", "reply_late", reply_by=date_text(c.reply_by),
                            first=date_text(min(days))))
    return found


def _same_room_or_trainer(a: "Session", b: "Session") -> bool:
    def same(x: str, y: str) -> bool:
        return not x or not y or x.strip().casefold() == y.strip().casefold()
    return same(a.venue, b.venue) or (bool(a.trainer) and same(a.trainer, b.trainer))


def validate_training(plan: TrainingPlan) -> list[Issue]:
    """Every missing part and inconsistency of a training plan (see the module's doctest)."""
    plan = checked(plan, TrainingPlan)
    found = _missing(plan)
    if not plan.needs_assessment:   # P1.5: skipping it makes generic training
        found.append(_issue("needs_assessment", "missing_optional"))
    found += _call_list(plan) + _skills(plan) + _sessions(plan) + _materials(plan) + _convening(plan)
    return found


# --- drafts -----------------------------------------------------------------------------

def save_draft(store, data) -> None:
    """Keep the draft (a ``TrainingPlan`` or its dict) in the learner's database, kind "training"."""
    records.save_draft(store, TrainingPlan, data)


def load_draft(store) -> TrainingPlan | None:
    """The saved draft, or None when there is none."""
    return records.load_draft(store, TrainingPlan)


# --- the worked example -------------------------------------------------------------------

def load_example(root: Path | str | None = None) -> TrainingPlan:
    """The training for the healthcare-for-the-poor consultation of tỉnh Sơn Hà.

    >>> plan = load_example()
    >>> plan.participants[0].unit, records.errors(validate_training(plan))
    ('Văn phòng Đoàn ĐBQH và HĐND tỉnh', [])
    """
    data = load_kind("training_example", root)
    try:
        return TrainingPlan.from_dict(data.training)
    except KitError as err:
        raise ContentError(EXAMPLE_FILE.as_posix(), KIND, str(err.values.get("field", "-")),
                           err.text("vi"), err.text("en")) from None
