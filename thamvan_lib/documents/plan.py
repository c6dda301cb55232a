"""The consultation plan and its public notice as outlines, in the layout of an administrative document.

The heading block (issuing body and number on the left; the national name, motto, place
and date on the right), the title and subject line, sections numbered I, II, III … with
subsections 1, 2, 3 …, the recipients ("Nơi nhận:") and the signature block. Empty fields
show "…", so a half-filled draft still prints. The labels are content:
``content/messages/plan.yaml`` (``plan.doc.*``).

>>> from thamvan_lib.plan import load_example
>>> from thamvan_lib.documents.outline import Heading
>>> outline = plan_outline(load_example().plan, "vi")
>>> [b.text for b in outline.blocks if isinstance(b, Heading) and b.level == 1][:4]
['I. MỤC ĐÍCH, YÊU CẦU', 'II. NỘI DUNG, ĐỐI TƯỢNG VÀ PHẠM VI THAM VẤN', 'III. HÌNH THỨC, CÔNG CỤ VÀ PHƯƠNG PHÁP THAM VẤN', 'IV. TỔ CHỨC THỰC HIỆN']
>>> page = html.render(outline)
>>> "KẾ HOẠCH" in page and "http" not in page
True
"""

from __future__ import annotations

from ..content import load
from ..errors import KitError
from ..i18n import BLANK, date_text, grouped, money, pick
from ..plan import SURVEY_KINDS, ConsultationPlan
from ..records import checked
from . import docx, html
from .outline import (ROMAN, Blocks, Outline, Para, Table, item_letter, letterhead,
                      signature)


class SectionWriter(Blocks):
    """Blocks with the plan's labels (``plan.doc.*``, ``plan.field.*``), numbering the
    sections I, II, III … and their subsections 1, 2, 3 … as it goes. A label here is a
    field's name: the separator is added ("Địa điểm: …", "a) Nội dung")."""

    prefix = "plan"

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.section = self.sub = 0

    def t(self, key: str, **values) -> str:
        return load().message(f"{self.prefix}.doc.{key}", self.lang, **values)

    def label(self, key: str) -> str:
        return load().message(f"plan.field.{key}", self.lang)

    def section_heading(self, key: str) -> None:
        self.heading(f"{ROMAN[self.section]}. {self.t(key)}")
        self.section += 1
        self.sub = 0

    def sub_heading(self, key: str) -> None:
        self.sub += 1
        self.heading(f"{self.sub}. {self.t(key)}", 2)

    def para(self, text: str, label: str = "", style: str = "body") -> None:
        if label:
            label += " " if style == "item" else ": "
        super().para(text, label, style)


def _people(w: SectionWriter, count: int | None) -> str:
    if count is None:
        return BLANK
    return w.t("people", count=grouped(count, w.lang))


def _percent(value: float | None) -> str:
    return BLANK if value is None else f"{value * 100:g}"


def _outline(plan: ConsultationPlan, w: SectionWriter, symbol: str, title_key: str,
             subject: str) -> Outline:
    return Outline(
        lang=w.lang, title=w.t(title_key), subject=subject or BLANK, blocks=list(w),
        letterhead=letterhead(w.lang, [plan.parent_body, plan.issuing_body], plan.number, symbol,
                              plan.place, plan.issued_on),
        signature=signature(w.lang, plan.recipients,
                            [plan.signer.authority or BLANK, plan.signer.title or BLANK,
                             w.t("signature_note"), plan.signer.name or BLANK]))


def _groups(plan: ConsultationPlan, w: SectionWriter) -> list[str]:
    lines = []
    for g in plan.target_groups:
        text = g.name or g.id or BLANK
        if g.priority:
            text += f" ({w.t('priority')})"
        if g.note:
            text += f": {g.note}"
        lines.append(text)
    return lines


def _group_names(plan: ConsultationPlan, refs: list[str]) -> str:
    by_ref = {}
    for g in plan.target_groups:
        by_ref[g.id.casefold()] = by_ref[g.name.casefold()] = g.name or g.id
    return "; ".join(by_ref.get(r.casefold(), r) for r in refs) or BLANK


def _kind(kind: str, lang: str) -> str:
    key = f"plan.kind.{kind}"
    return load().message(key, lang) if key in load().messages else (kind or BLANK)


def plan_outline(plan: ConsultationPlan, lang: str | None = None) -> Outline:
    """The consultation plan as an outline (see the module's doctest)."""
    plan = checked(plan, ConsultationPlan)
    w = SectionWriter(pick(lang))
    if plan.background:
        w.para(plan.background)

    w.section_heading("s_purpose")
    w.sub_heading("purposes")
    w.bullets(plan.purposes)
    w.sub_heading("requirements")
    w.bullets(plan.requirements)

    w.section_heading("s_content")
    w.sub_heading("contents")
    w.para(plan.name, w.label("name"))
    for n, item in enumerate(plan.contents):
        w.para(item.content, style="item", label=item_letter(n) + ")")
        for sub in item.sub_issues:
            measure = load().message(f"plan.measure.{sub.measure}", w.lang) \
                if f"plan.measure.{sub.measure}" in load().messages else sub.measure
            extra = ", ".join(x for x in (measure, sub.unit) if x)
            w.bullets([f"{sub.text} ({extra})" if extra else sub.text])
    w.sub_heading("groups")
    w.bullets(_groups(plan, w))
    w.sub_heading("scope")
    w.append(Table(
        [w.t("col_no"), w.t("col_commune"), w.t("col_population")],
        [[str(n), c.name or BLANK, _people(w, c.population)]
         for n, c in enumerate(plan.communes, 1)],
        numeric=(0, 2)))

    w.section_heading("s_methods")
    w.sub_heading("tools")
    for n, tool in enumerate(plan.tools):
        w.para(f"{tool.name or BLANK} ({_kind(tool.kind, w.lang)})", item_letter(n) + ")", "item")
        w.para(_group_names(plan, tool.reaches), w.label("reaches"), "bullet")
        if tool.where:
            w.para(tool.where, w.label("where"), "bullet")
        if tool.when:
            w.para(tool.when, w.label("when"), "bullet")
        if tool.sample is not None:
            w.para(_people(w, tool.sample), w.label("sample"), "bullet")
        w.para(tool.guide, w.label("guide"), "bullet")
    surveys = [t for t in plan.tools if t.kind in SURVEY_KINDS]
    if surveys:
        w.sub_heading("sample")
        r = plan.reliability
        try:
            required = grouped(plan.required_sample(), w.lang)
        except (KitError, TypeError):
            required = BLANK  # a reliability still being filled in
        w.para(w.t("reliability_line", margin=_percent(r.margin), confidence=_percent(r.confidence),
                   population=BLANK if r.population is None else grouped(r.population, w.lang),
                   required=required))
        sizes = {c.name: c.population for c in plan.communes}
        for tool in surveys:
            w.para(w.t("planned_line", tool=tool.name or BLANK,
                       sample=BLANK if tool.sample is None else grouped(tool.sample, w.lang)))
            if tool.allocation:
                w.append(Table(
                    [w.t("col_no"), w.t("col_commune"), w.t("col_population"), w.t("col_sample")],
                    [[str(n), name, _people(w, sizes.get(name)), grouped(k, w.lang)]
                     for n, (name, k) in enumerate(tool.allocation.items(), 1)],
                    total=["", w.t("total"), _people(w, sum(v for v in sizes.values() if v)),
                           grouped(sum(tool.allocation.values()), w.lang)],
                    numeric=(0, 2, 3)))
    w.sub_heading("processing")
    w.para(plan.sample_processing)
    w.sub_heading("software")
    w.para(plan.software)
    w.sub_heading("report")
    w.bullets(plan.report_structure)

    w.section_heading("s_organisation")
    w.sub_heading("assignments")
    for a in plan.assignments or [None]:
        w.para(a.task if a else "", a.who if a else "", "bullet")
    w.sub_heading("timeline")
    w.append(Table(
        [w.t("col_no"), w.t("col_phase"), w.t("col_start"), w.t("col_end"), w.t("col_owner")],
        [[str(n), p.name or BLANK, date_text(p.start), date_text(p.end), p.owner or BLANK]
         for n, p in enumerate(plan.timeline, 1)],
        numeric=(0,)))
    w.sub_heading("resources")
    w.bullets(plan.resources)
    w.sub_heading("training")
    for t in plan.training or [None]:
        w.para(t.needs if t else "", t.who if t else "", "bullet")
    if plan.contractors:
        w.sub_heading("contractors")
        for n, c in enumerate(plan.contractors):
            w.para(f"{c.name or BLANK}: {c.tasks or BLANK}", item_letter(n) + ")", "item")
            duties = [w.t("duty_methods")] if c.submits_methods else []
            duties += [w.t("duty_questionnaires")] if c.submits_questionnaires else []
            w.bullets(duties or [w.t("no_duty")])
            if c.review_deadline:
                w.para(date_text(c.review_deadline), w.label("review_deadline"), "bullet")

    w.section_heading("s_communication")
    com = plan.communication
    w.append(Para("", f"{w.label('channels')}:"))   # a label alone; dashes follow
    w.bullets(com.channels)
    w.para(com.send_to, w.label("send_to"))
    w.para(com.how_to_send, w.label("how_to_send"))
    w.para(date_text(com.deadline), w.label("deadline"))
    w.para(com.feedback, w.label("feedback"))

    w.section_heading("s_budget")
    budget = plan.budget
    if budget.funding_source:
        w.para(budget.funding_source, w.label("funding_source"))
    w.append(Table(
        [w.t("col_no"), w.t("col_item"), w.t("col_amount"), w.t("col_note")],
        [[str(n), line.item or BLANK, money(line.amount, w.lang), line.note]
         for n, line in enumerate(budget.lines, 1)],
        total=["", w.t("total"), money(budget.total, w.lang), ""],
        numeric=(0, 2)))
    return _outline(plan, w, plan.symbol, "plan_title", plan.subject)


def notice_outline(plan: ConsultationPlan, lang: str | None = None) -> Outline:
    """The short public notice published after approval (L5): what, who, where, how, until when.

    >>> from thamvan_lib.plan import load_example
    >>> from thamvan_lib.documents.outline import Heading
    >>> outline = notice_outline(load_example().plan, "vi")
    >>> outline.title, [b.text for b in outline.blocks if isinstance(b, Heading)][4]
    ('THÔNG BÁO', '5. Nơi gửi ý kiến và cách gửi')
    """
    plan = checked(plan, ConsultationPlan)
    w = SectionWriter(pick(lang))
    symbol = plan.symbol
    notice_symbol = "TB-" + symbol[3:] if symbol.upper().startswith("KH-") else symbol
    subject = plan.subject[:1].lower() + plan.subject[1:] if w.lang == "vi" else plan.subject
    w.para(w.t("notice_intro", number=plan.number or BLANK, symbol=symbol or BLANK,
               subject=subject or BLANK))
    w.sub_heading("notice_what")
    w.para(plan.name)
    w.bullets([item.content for item in plan.contents])
    w.sub_heading("notice_who")
    w.bullets(_groups(plan, w))
    w.sub_heading("notice_where")
    w.para("; ".join(c.name for c in plan.communes))
    w.sub_heading("notice_how")
    for tool in plan.tools or [None]:
        if tool is None:
            w.bullets([])
            continue
        details = "; ".join(x for x in (tool.where, tool.when) if x)
        w.para(details or BLANK, f"{_kind(tool.kind, w.lang)} – {tool.name or BLANK}", "bullet")
    com = plan.communication
    w.sub_heading("notice_send")
    w.para(com.send_to, w.label("send_to"))
    w.para(com.how_to_send, w.label("how_to_send"))
    w.sub_heading("notice_deadline")
    w.para(w.t("notice_deadline_line", deadline=date_text(com.deadline)))
    w.sub_heading("notice_feedback")
    w.para(com.feedback)
    if com.channels:
        w.para(w.t("notice_channels", channels="; ".join(com.channels)))
    w.para(w.t("notice_closing"))
    return _outline(plan, w, notice_symbol, "notice_title",
                    w.t("notice_subject", subject=subject or BLANK))


def plan_docx(plan: ConsultationPlan, lang: str | None = None):
    """The consultation plan as a ``docx.Document``; save it with ``.save(path)``."""
    return docx.render(plan_outline(plan, lang))


def notice_docx(plan: ConsultationPlan, lang: str | None = None):
    """The public notice of the approved plan as a ``docx.Document``."""
    return docx.render(notice_outline(plan, lang))


def plan_html(plan: ConsultationPlan, lang: str | None = None) -> str:
    """The consultation plan as one self-contained HTML page."""
    return html.render(plan_outline(plan, lang))


def notice_html(plan: ConsultationPlan, lang: str | None = None) -> str:
    """The public notice as one self-contained HTML page.

    >>> from thamvan_lib.plan import load_example
    >>> page = notice_html(load_example().plan, "en")
    >>> "<h1>NOTICE</h1>" in page, "Where and how to send opinions" in page
    (True, True)
    """
    return html.render(notice_outline(plan, lang))
