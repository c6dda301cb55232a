"""The handouts of a group workshop (``thamvan_lib.workshop``) as DOCX and self-contained HTML.

Three sheets: the role cards (one per page, to cut out and hand to the groups), the
facilitator's sheet (roles per group, timing per scene, the observation checklist drawn
from the rubric, the endings) and the debrief sheet (blank, or filled with the room's path
and score when a ``Session`` is given). Each sheet is an outline without letterhead or
signature (``Heading``, ``Para``, ``Table``, ``PageBreak``), drawn by ``docx`` and
``html`` like every other document, so the Word file and the web page say the same thing. The labels are
content: ``content/messages/roleplay_ui.yaml`` (``workshop.doc.*``).

>>> from thamvan_lib.workshop import plan_workshop
>>> workshop = plan_workshop("hoi-nghi-kcb-nguoi-ngheo-dieu-hanh", 4)
>>> page = role_cards_html(workshop, "vi")
>>> "THẺ VAI" in page and "http" not in page
True
"""

from __future__ import annotations

from ..content import load
from ..i18n import BLANK, pick
from ..roleplay.scenario import text
from ..workshop import DEBRIEF_MINUTES, INTRO_MINUTES, Card, Role, Session, Workshop
from . import docx, html
from .formats import MIME, file_bytes
from .outline import Blocks, Heading, Outline, PageBreak, Table

LETTERS = "ABCDEFGHIJ"


def _key(role: str) -> str:
    """A role as part of a message key: "minute-taker" → "minute_taker"."""
    return role.replace("-", "_")


def letter(scene, option: str) -> str:
    """The letter an option is shown with on screen and on paper: A, B, C …"""
    ids = [c.id for c in scene.choices]
    return LETTERS[ids.index(option)] if option in ids else "?"


class SheetWriter(Blocks):
    """Blocks with the workshop's labels (``workshop.*``) and the scenario's texts in the
    sheet's language. A label is a name: ": " is added after it."""

    def __init__(self, workshop: Workshop, lang: str | None):
        super().__init__()
        self.w, self.lang = workshop, pick(lang)

    def t(self, key: str, **values) -> str:
        return load().message(key, self.lang, **values)

    def x(self, value) -> str:
        return text(value, self.lang)

    def para(self, value: str, label: str = "", style: str = "body") -> None:
        super().para(value, f"{label}: " if label else "", style)

    def role_title(self, role: Role) -> str:
        if role.kind == "persona":
            return self.x(self.w.scenario.personas[role.id].name)
        if role.kind == "observer":
            return self.t("workshop.role.observer")
        return self.t(f"workshop.role.{_key(role.id)}")

    def sheet(self, key: str) -> Outline:
        return Outline(self.lang, self.t(f"workshop.doc.{key}"), self.x(self.w.scenario.title),
                       list(self), styles=("sheet",))


def role_title(workshop: Workshop, role: Role, lang: str | None = None) -> str:
    """What a role is called on the sheets: a persona's name, "Người điều hành hội nghị" …"""
    return SheetWriter(workshop, lang).role_title(role)


# --- the three sheets ------------------------------------------------------------------

def role_cards(workshop: Workshop, lang: str | None = None) -> Outline:
    """One card per role, group by group, each on its own page."""
    w = SheetWriter(workshop, lang)
    s = workshop.scenario
    for n, card in enumerate(workshop.cards()):
        if n:
            w.append(PageBreak())
        w.heading(w.t("workshop.doc.card_heading", group=card.role.group, role=w.role_title(card.role)))
        _card(w, card)
        w.para(w.x(s.data.setting), w.t("workshop.doc.setting"))
    return w.sheet("cards_title")


def _card(w: SheetWriter, card: Card) -> None:
    s = w.w.scenario
    if card.persona is not None:
        p = card.persona
        w.para(w.x(p.role), w.t("workshop.doc.public_role"))
        w.para(w.x(s.groups[p.group].name), w.t("workshop.doc.group"))
        w.para(w.x(p.brief), w.t("workshop.doc.private_brief"))
        w.para(w.t("workshop.doc.persona_tip"))
        return
    if card.role.kind == "staff":
        w.para(w.t(f"workshop.task.{_key(card.role.id)}"), w.t("workshop.doc.task"))
        if card.role.id == s.role:
            w.para(w.x(s.data.summary), w.t("workshop.doc.summary"))
        if card.rubric is not None:
            w.heading(w.t("workshop.doc.criteria", rubric=w.x(card.rubric.name)), 2)
            for c in card.rubric.criteria:
                w.para(w.x(c.explanation), w.t("workshop.doc.criterion_label", name=w.x(c.name),
                                                  points=c.max_points), "bullet")
        return
    w.para(w.t("workshop.task.observer", role=w.t(f"workshop.role.{_key(s.role)}")), w.t("workshop.doc.task"))
    _checklist(w, groups=False)


def _checklist(w: SheetWriter, groups: bool) -> None:
    rubric = w.w.player_rubric
    header = [w.t("workshop.doc.col_criterion"), w.t("workshop.doc.col_look_for"), w.t("workshop.doc.col_scenes")]
    header += [w.t("workshop.doc.col_group", group=g) for g in range(1, w.w.groups + 1)] if groups \
        else [w.t("workshop.doc.col_notes")]
    criteria = {c.id: c for c in rubric.criteria}
    rows = []
    for criterion, scenes in w.w.checklist():
        c = criteria[criterion]
        seen = "; ".join(w.x(sc.title) for sc in scenes) or BLANK
        rows.append([w.x(c.name), w.x(c.explanation), seen] + [""] * (len(header) - 3))
    w.append(Table(header, rows))


def facilitator_sheet(workshop: Workshop, lang: str | None = None) -> Outline:
    """Roles per group, timing per scene, the observation checklist and the endings."""
    w = SheetWriter(workshop, lang)
    s = workshop.scenario
    w.heading(w.t("workshop.doc.section_scenario"))
    w.para(w.x(s.data.summary), w.t("workshop.doc.summary"))
    w.para(w.x(s.data.setting), w.t("workshop.doc.setting"))
    w.para(w.t(f"workshop.role.{_key(s.role)}"), w.t("workshop.doc.player_role"))

    w.heading(w.t("workshop.doc.section_roles"))
    rows = [[str(g), "; ".join(w.role_title(r) for r in workshop.roles_of(g))]
            for g in range(1, workshop.groups + 1)]
    w.append(Table([w.t("workshop.doc.col_group_no"), w.t("workshop.doc.col_roles")], rows, numeric=(0,)))

    w.heading(w.t("workshop.doc.section_timing"))
    low, high = workshop.session_minutes()
    w.para(w.t("workshop.doc.timing_total", low=low, high=high, intro=INTRO_MINUTES,
                   debrief=DEBRIEF_MINUTES))
    rows = []
    for n, timing in enumerate(workshop.timing(), 1):
        scene = timing.scene
        kind = w.t("workshop.doc.kind_ending", ending=load().message(f"roleplay.ending.{scene.ending.kind}",
                                                            w.lang)) \
            if scene.ending else w.t("workshop.doc.kind_decision", count=len(scene.choices))
        rows.append([str(n), w.x(scene.title), kind, str(timing.minutes)])
    w.append(Table([w.t("workshop.doc.col_no"), w.t("workshop.doc.col_scene"), w.t("workshop.doc.col_kind"),
                           w.t("workshop.doc.col_minutes")], rows, numeric=(0, 3)))

    w.heading(w.t("workshop.doc.section_howto"))
    w.bullets(w.t(f"workshop.doc.howto_{n}") for n in range(1, 6))

    w.heading(w.t("workshop.doc.section_checklist"))
    w.para(w.t("workshop.doc.checklist_note", rubric=w.x(workshop.player_rubric.name)))
    _checklist(w, groups=True)

    w.heading(w.t("workshop.doc.section_endings"))
    _endings(w)
    return w.sheet("facilitator_title")


def _endings(w: SheetWriter) -> None:
    for scene in w.w.scenario.endings:
        kind = load().message(f"roleplay.ending.{scene.ending.kind}", w.lang)
        w.para(w.x(scene.ending.title), kind, "bullet")


def debrief_sheet(workshop: Workshop, session: Session | None = None,
                  lang: str | None = None) -> Outline:
    """The questions for the debrief and a table to score each group; with a ``session``,
    also the room's path (every group's option per scene), the ending and the score."""
    w = SheetWriter(workshop, lang)
    s = workshop.scenario
    if session is not None and session.rounds:
        w.heading(w.t("workshop.doc.section_path"))
        header = [w.t("workshop.doc.col_no"), w.t("workshop.doc.col_scene")]
        header += [w.t("workshop.doc.col_group", group=g) for g in range(1, workshop.groups + 1)]
        header.append(w.t("workshop.doc.col_chosen"))
        rows = []
        for n, r in enumerate(session.rounds, 1):
            scene = s.scenes[r.scene]
            rows.append([str(n), w.x(scene.title)]
                        + [letter(scene, r.votes[g]) if g in r.votes else "–"
                           for g in range(1, workshop.groups + 1)]
                        + [letter(scene, r.chosen)])
        w.append(Table(header, rows, numeric=(0,)))
        agreement = session.agreement()
        if agreement is not None:
            w.para(w.t("workshop.doc.agreement", percent=round(100 * agreement)))
        debrief = session.play.debrief()
        if debrief.ending:
            kind = load().message(f"roleplay.ending.{debrief.ending['kind']}", w.lang)
            w.para(w.x(debrief.ending["title"]), kind)
        w.heading(w.t("workshop.doc.section_score"))
        score = debrief.score
        rows = []
        for c in score.criteria:
            why = " ".join(f"(−{loss.points}) {w.x(loss.why)}" for loss in c.losses) or "–"
            rows.append([w.x(c.name), f"{c.points}/{c.max_points}", why])
        w.append(Table([w.t("workshop.doc.col_criterion"), w.t("workshop.doc.col_points"), w.t("workshop.doc.col_why")],
                              rows, total=[w.t("workshop.doc.total"), f"{score.points}/{score.max_points}", ""]))
    w.heading(w.t("workshop.doc.section_questions"))
    w.bullets(w.t(f"workshop.doc.question_{n}") for n in range(1, 5))
    w.heading(w.t("workshop.doc.section_group_scores"))
    header = [w.t("workshop.doc.col_criterion"), w.t("workshop.doc.col_max")]
    header += [w.t("workshop.doc.col_group", group=g) for g in range(1, workshop.groups + 1)]
    rows = [[w.x(c.name), str(c.max_points)] + [""] * workshop.groups
            for c in workshop.player_rubric.criteria]
    w.append(Table(header, rows, numeric=(1,)))
    w.heading(w.t("workshop.doc.section_endings"))
    _endings(w)
    return w.sheet("debrief_title")


# --- files -----------------------------------------------------------------------------

def role_cards_docx(workshop: Workshop, lang: str | None = None):
    return docx.render(role_cards(workshop, lang))


def role_cards_html(workshop: Workshop, lang: str | None = None) -> str:
    return html.render(role_cards(workshop, lang))


def facilitator_docx(workshop: Workshop, lang: str | None = None):
    return docx.render(facilitator_sheet(workshop, lang))


def facilitator_html(workshop: Workshop, lang: str | None = None) -> str:
    return html.render(facilitator_sheet(workshop, lang))


def debrief_docx(workshop: Workshop, session: Session | None = None, lang: str | None = None):
    return docx.render(debrief_sheet(workshop, session, lang))


def debrief_html(workshop: Workshop, session: Session | None = None, lang: str | None = None) -> str:
    return html.render(debrief_sheet(workshop, session, lang))


def handouts(workshop: Workshop, session: Session | None = None,
             lang: str | None = None) -> list[tuple[str, str, str, bytes]]:
    """Every handout as (kind, file name, MIME type, bytes): cards, facilitator, debrief,
    each in DOCX and HTML."""
    sheets = {"cards": role_cards(workshop, lang), "facilitator": facilitator_sheet(workshop, lang),
              "debrief": debrief_sheet(workshop, session, lang)}
    files = []
    for kind, sheet in sheets.items():
        stem = f"{workshop.scenario.id}-{kind}"
        files += [(kind, f"{stem}.{fmt}", MIME[fmt], file_bytes(sheet, fmt)) for fmt in MIME]
    return files


def card_blocks(workshop: Workshop, lang: str | None = None, level: int = 3) -> list:
    """Every role's card once, for a handbook: the role's name as a heading, then its card."""
    blocks: list = []
    for card in workshop.cards():
        w = SheetWriter(workshop, lang)
        _card(w, card)
        blocks.append(Heading(level, w.role_title(card.role)))
        # the card's own headings sit below the role's
        blocks += [Heading(b.level + level, b.text) if isinstance(b, Heading) else b for b in w]
    return blocks
