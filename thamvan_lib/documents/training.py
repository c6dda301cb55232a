"""The printable programme of the support-staff training (``thamvan_lib.training``), DOCX and HTML.

The programme is an outline (letterhead, Roman sections, tables, recipients, signature)
written like the consultation plan's and drawn by the same renderers, so the Word
file and the self-contained web page say the same thing. The skills part lists the
criteria of the rubrics it names, read from ``content/roleplay/rubrics.yaml``. The labels
are content: ``content/messages/training.yaml`` (``training.doc.*``).

>>> from thamvan_lib.training import load_example
>>> outline = training_outline(load_example(), "vi")
>>> [b.text for b in outline.blocks if isinstance(b, Heading) and b.level == 1][:2]
['I. THÀNH PHẦN THAM DỰ', 'II. NỘI DUNG TẬP HUẤN']
>>> "http" in training_html(load_example())
False
"""

from __future__ import annotations

from ..content import load
from ..i18n import BLANK, date_text, pick
from ..records import checked
from ..training import TrainingPlan, choice_label, field_label, parse_time, rubrics
from . import docx, html
from .formats import MIME, file_bytes
from .outline import Heading, Outline, Table, item_letter, letterhead, signature
from .plan import SectionWriter

FILE_NAME = "chuong-trinh-tap-huan"

SECTIONS = ("s_participants", "s_content", "s_schedule", "s_movement", "s_materials", "s_convening")


class _Writer(SectionWriter):
    """The plan's writer with the training's labels (training.doc.*, falling back to plan.doc.*)."""

    def t(self, key: str, **values) -> str:
        own = f"training.doc.{key}"
        messages = load().messages
        return load().message(own if own in messages else f"plan.doc.{key}", self.lang, **values)

    def label(self, key: str) -> str:
        return field_label(key, self.lang)


def _time(start: str, end: str) -> str:
    def one(text):
        minutes = parse_time(text)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes is not None else (text or BLANK)
    return f"{one(start)} – {one(end)}"


def training_outline(plan: TrainingPlan, lang: str | None = None) -> Outline:
    """The training programme as an outline (see the module's doctest)."""
    plan = checked(plan, TrainingPlan)
    w = _Writer(pick(lang))
    w.para(w.t("intro", consultation=plan.consultation or BLANK,
               start=date_text(plan.consultation_start)))
    if plan.needs_assessment:
        w.para(plan.needs_assessment, w.label("needs_assessment"))

    w.section_heading("s_participants")
    w.append(Table(
        [w.t("col_no"), w.t("col_name"), w.t("col_role"), w.t("col_unit")],
        [[str(n), p.name or BLANK, choice_label("role", p.role, w.lang), p.unit or BLANK]
         for n, p in enumerate(plan.participants, 1)],
        numeric=(0,)))
    counts = {}
    for p in plan.participants:
        counts[p.role] = counts.get(p.role, 0) + 1
    w.para("; ".join(f"{choice_label('role', r, w.lang)}: {k}" for r, k in counts.items()) or BLANK,
           w.t("total"))

    w.section_heading("s_content")
    c = plan.content
    w.sub_heading("general")
    w.bullets(c.general)
    w.sub_heading("skills")
    known = rubrics()
    for n, rid in enumerate(c.skills):
        rubric = known.get(rid)
        if rubric is None:
            w.para(rid, item_letter(n) + ")", "item")
            continue
        w.para(rubric.name.get(w.lang), item_letter(n) + ")", "item")
        w.bullets([f"{k.name.get(w.lang)}: {k.explanation.get(w.lang)}" for k in rubric.criteria])
    if c.skills_extra:
        w.para(w.t("skills_extra"), item_letter(len(c.skills)) + ")", "item")
        w.bullets(c.skills_extra)
    if not c.skills and not c.skills_extra:
        w.bullets([])
    w.sub_heading("communication")
    w.bullets(c.communication)
    w.sub_heading("conduct")
    w.bullets(c.conduct)

    w.section_heading("s_schedule")
    sessions = sorted(plan.sessions, key=lambda s: (s.day is None, s.day, parse_time(s.start) or 0))
    w.append(Table(
        [w.t("col_no"), w.t("col_day"), w.t("col_time"), w.t("col_session"), w.t("col_method"),
         w.t("col_venue"), w.t("col_trainer")],
        [[str(n), date_text(s.day), _time(s.start, s.end), s.title or BLANK,
          choice_label("method", s.method, w.lang), s.venue or BLANK, s.trainer or BLANK]
         for n, s in enumerate(sessions, 1)],
        numeric=(0,)))

    w.section_heading("s_movement")
    w.sub_heading("venues")
    for v in plan.venues or [None]:
        if v is None:
            w.bullets([])
            continue
        w.para(", ".join(x for x in (v.address, v.use) if x) or BLANK, v.name or BLANK, "bullet")
    w.sub_heading("moves")
    w.append(Table(
        [w.t("col_no"), w.t("col_from"), w.t("col_to"), w.t("col_transport"), w.t("col_minutes")],
        [[str(n), m.from_place or BLANK, m.to_place or BLANK, m.transport or BLANK,
          BLANK if m.minutes is None else w.t("minutes", minutes=m.minutes)]
         for n, m in enumerate(plan.moves, 1)],
        numeric=(0, 4)))

    w.section_heading("s_materials")
    w.append(Table(
        [w.t("col_no"), w.t("col_kind"), w.t("col_title"), w.t("col_copies"), w.t("col_prepared_by")],
        [[str(n), choice_label("material", m.kind, w.lang), m.title or BLANK,
          BLANK if m.copies is None else str(m.copies), m.prepared_by or BLANK]
         for n, m in enumerate(plan.materials, 1)],
        numeric=(0, 3)))

    w.section_heading("s_convening")
    cv = plan.convening
    w.para(cv.who, w.label("convening.who"))
    w.para(cv.how, w.label("convening.how"))
    w.para(date_text(cv.send_on), w.label("send_on"))
    if cv.reply_by:
        w.para(date_text(cv.reply_by), w.label("reply_by"))
    return Outline(
        lang=w.lang, title=w.t("title"), subject=plan.title or BLANK, blocks=list(w),
        letterhead=letterhead(w.lang, [plan.parent_body, plan.organiser], plan.number, plan.symbol,
                              plan.place, plan.issued_on),
        signature=signature(w.lang, plan.recipients,
                            [plan.signer.authority or BLANK, plan.signer.title or BLANK,
                             w.t("signature_note"), plan.signer.name or BLANK]))


def training_docx(plan: TrainingPlan, lang: str | None = None):
    """The programme as a ``docx.Document``; save it with ``.save(path)``."""
    return docx.render(training_outline(plan, lang))


def training_html(plan: TrainingPlan, lang: str | None = None) -> str:
    """The programme as one self-contained HTML page (no link, no font, no script from outside)."""
    return html.render(training_outline(plan, lang))


def training_files(plan: TrainingPlan, fmt: str, lang: str | None = None) -> tuple[str, bytes, str]:
    """(file name, bytes, MIME type) of the programme as ``docx`` or ``html``."""
    return f"{FILE_NAME}.{fmt}", file_bytes(training_outline(plan, lang), fmt), MIME[fmt]


__all__ = ["Heading", "SECTIONS", "training_docx", "training_files", "training_html",
           "training_outline"]
