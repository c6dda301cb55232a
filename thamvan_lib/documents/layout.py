"""A plan or its public notice as a neutral outline, in the layout of an administrative document.

The outline is what both renderers draw: the heading block (issuing body and number on the
left; the national name, motto, place and date on the right), the title and subject line,
sections numbered I, II, III … with subsections 1, 2, 3 …, the recipients ("Nơi nhận:")
and the signature block. Empty fields show "…", so a half-filled draft still prints.

>>> from thamvan_lib.plan import load_example
>>> outline = plan_layout(load_example().plan, "vi")
>>> [b.text for b in outline.blocks if isinstance(b, Heading) and b.level == 1][:4]
['I. MỤC ĐÍCH, YÊU CẦU', 'II. NỘI DUNG, ĐỐI TƯỢNG VÀ PHẠM VI THAM VẤN', 'III. HÌNH THỨC, CÔNG CỤ VÀ PHƯƠNG PHÁP THAM VẤN', 'IV. TỔ CHỨC THỰC HIỆN']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content import language, load
from ..errors import KitError
from ..i18n import money
from ..plan import SURVEY_KINDS, ConsultationPlan
from ..records import checked

BLANK = "…"


@dataclass
class Heading:
    level: int     # 1: "I. MỤC ĐÍCH, YÊU CẦU"; 2: "1. Mục đích"
    text: str


@dataclass
class Para:
    text: str
    label: str = ""          # bold words before the text: "Địa chỉ gửi ý kiến: "
    style: str = "body"      # body | bullet | item (a lettered item "a) …")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None   # a last row in bold
    numeric: tuple[int, ...] = ()    # columns aligned right


@dataclass
class Layout:
    lang: str
    issuing: list[str]        # left of the heading block, in capitals
    number: str               # "Số: …/KH-HĐND"
    nation: str
    motto: str
    place_date: str
    title: str
    subject: str
    blocks: list = field(default_factory=list)
    recipients_label: str = ""
    recipients: list[str] = field(default_factory=list)
    signer: list[str] = field(default_factory=list)   # authority, title, note, name


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


class _Writer:
    """Collects blocks and numbers the sections as it goes."""

    def __init__(self, lang: str):
        self.lang, self.blocks = lang, []
        self.section = self.sub = 0

    def t(self, key: str, **values) -> str:
        return load().message(f"plan.doc.{key}", self.lang, **values)

    def label(self, key: str) -> str:
        return load().message(f"plan.field.{key}", self.lang)

    def section_heading(self, key: str) -> None:
        self.blocks.append(Heading(1, f"{ROMAN[self.section]}. {self.t(key)}"))
        self.section += 1
        self.sub = 0

    def sub_heading(self, key: str) -> None:
        self.sub += 1
        self.blocks.append(Heading(2, f"{self.sub}. {self.t(key)}"))

    def para(self, text: str, label: str = "", style: str = "body") -> None:
        if label:
            label += " " if style == "item" else ": "   # "a) Nội dung", "Địa điểm: …"
        self.blocks.append(Para(text or BLANK, label, style))

    def bullets(self, items: list[str]) -> None:
        for item in items or [BLANK]:
            self.blocks.append(Para(item, "", "bullet"))


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def _place_date(w: _Writer, place: str, day: dt.date | None) -> str:
    if day is None:
        return w.t("place_date", place=place or BLANK, day=BLANK, month=BLANK, year=BLANK)
    # Administrative usage writes days 1–9 and the months January and February with a 0.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return w.t("place_date", place=place or BLANK, day=f"{day.day:02d}", month=month, year=day.year)


def _people(w: _Writer, count: int | None) -> str:
    if count is None:
        return BLANK
    return w.t("people", count=_number(count, w.lang))


def _number(value: int, lang: str) -> str:
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "vi" else grouped


def _percent(value: float | None) -> str:
    return BLANK if value is None else f"{value * 100:g}"


def _head(plan: ConsultationPlan, w: _Writer, symbol: str, title_key: str, subject: str) -> Layout:
    issuing = [line for line in (plan.parent_body, plan.issuing_body) if line] or [BLANK]
    return Layout(
        lang=w.lang, issuing=[line.upper() for line in issuing],
        number=w.t("number", number=plan.number or BLANK, symbol=symbol or BLANK),
        nation=w.t("nation"), motto=w.t("motto"),
        place_date=_place_date(w, plan.place, plan.issued_on),
        title=w.t(title_key), subject=subject or BLANK,
        recipients_label=w.t("recipients"), recipients=[f"- {r}" for r in plan.recipients],
        signer=[plan.signer.authority or BLANK, plan.signer.title or BLANK,
                w.t("signature_note"), plan.signer.name or BLANK])


def _groups(plan: ConsultationPlan, w: _Writer) -> list[str]:
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


def _letter(n: int) -> str:
    return "abcdefghiklmnopqrstuvxy"[n % 23]   # the Vietnamese alphabet has no j, w


def plan_layout(plan: ConsultationPlan, lang: str | None = None) -> Layout:
    """The consultation plan as an outline (see the module's doctest)."""
    plan = checked(plan, ConsultationPlan)
    w = _Writer(_lang(lang))
    out = _head(plan, w, plan.symbol, "plan_title", plan.subject)
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
        w.para(item.content, style="item", label=_letter(n) + ")")
        for sub in item.sub_issues:
            measure = load().message(f"plan.measure.{sub.measure}", w.lang) \
                if f"plan.measure.{sub.measure}" in load().messages else sub.measure
            extra = ", ".join(x for x in (measure, sub.unit) if x)
            w.bullets([f"{sub.text} ({extra})" if extra else sub.text])
    w.sub_heading("groups")
    w.bullets(_groups(plan, w))
    w.sub_heading("scope")
    w.blocks.append(Table(
        [w.t("col_no"), w.t("col_commune"), w.t("col_population")],
        [[str(n), c.name or BLANK, _people(w, c.population)]
         for n, c in enumerate(plan.communes, 1)],
        numeric=(0, 2)))

    w.section_heading("s_methods")
    w.sub_heading("tools")
    for n, tool in enumerate(plan.tools):
        w.para(f"{tool.name or BLANK} ({_kind(tool.kind, w.lang)})", _letter(n) + ")", "item")
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
            required = _number(plan.required_sample(), w.lang)
        except (KitError, TypeError):
            required = BLANK  # a reliability still being filled in
        w.para(w.t("reliability_line", margin=_percent(r.margin), confidence=_percent(r.confidence),
                   population=BLANK if r.population is None else _number(r.population, w.lang),
                   required=required))
        sizes = {c.name: c.population for c in plan.communes}
        for tool in surveys:
            w.para(w.t("planned_line", tool=tool.name or BLANK,
                       sample=BLANK if tool.sample is None else _number(tool.sample, w.lang)))
            if tool.allocation:
                w.blocks.append(Table(
                    [w.t("col_no"), w.t("col_commune"), w.t("col_population"), w.t("col_sample")],
                    [[str(n), name, _people(w, sizes.get(name)), _number(k, w.lang)]
                     for n, (name, k) in enumerate(tool.allocation.items(), 1)],
                    total=["", w.t("total"), _people(w, sum(v for v in sizes.values() if v)),
                           _number(sum(tool.allocation.values()), w.lang)],
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
    w.blocks.append(Table(
        [w.t("col_no"), w.t("col_phase"), w.t("col_start"), w.t("col_end"), w.t("col_owner")],
        [[str(n), p.name or BLANK, _date(p.start), _date(p.end), p.owner or BLANK]
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
            w.para(f"{c.name or BLANK}: {c.tasks or BLANK}", _letter(n) + ")", "item")
            duties = [w.t("duty_methods")] if c.submits_methods else []
            duties += [w.t("duty_questionnaires")] if c.submits_questionnaires else []
            w.bullets(duties or [w.t("no_duty")])
            if c.review_deadline:
                w.para(_date(c.review_deadline), w.label("review_deadline"), "bullet")

    w.section_heading("s_communication")
    com = plan.communication
    w.blocks.append(Para("", f"{w.label('channels')}:"))   # a label alone; dashes follow
    w.bullets(com.channels)
    w.para(com.send_to, w.label("send_to"))
    w.para(com.how_to_send, w.label("how_to_send"))
    w.para(_date(com.deadline), w.label("deadline"))
    w.para(com.feedback, w.label("feedback"))

    w.section_heading("s_budget")
    budget = plan.budget
    if budget.funding_source:
        w.para(budget.funding_source, w.label("funding_source"))
    w.blocks.append(Table(
        [w.t("col_no"), w.t("col_item"), w.t("col_amount"), w.t("col_note")],
        [[str(n), line.item or BLANK, money(line.amount, w.lang), line.note]
         for n, line in enumerate(budget.lines, 1)],
        total=["", w.t("total"), money(budget.total, w.lang), ""],
        numeric=(0, 2)))
    out.blocks = w.blocks
    return out


def notice_layout(plan: ConsultationPlan, lang: str | None = None) -> Layout:
    """The short public notice published after approval (L5): what, who, where, how, until when.

    >>> from thamvan_lib.plan import load_example
    >>> outline = notice_layout(load_example().plan, "vi")
    >>> outline.title, [b.text for b in outline.blocks if isinstance(b, Heading)][4]
    ('THÔNG BÁO', '5. Nơi gửi ý kiến và cách gửi')
    """
    plan = checked(plan, ConsultationPlan)
    w = _Writer(_lang(lang))
    symbol = plan.symbol
    notice_symbol = "TB-" + symbol[3:] if symbol.upper().startswith("KH-") else symbol
    subject = plan.subject[:1].lower() + plan.subject[1:] if w.lang == "vi" else plan.subject
    out = _head(plan, w, notice_symbol, "notice_title", w.t("notice_subject", subject=subject or BLANK))
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
    w.para(w.t("notice_deadline_line", deadline=_date(com.deadline)))
    w.sub_heading("notice_feedback")
    w.para(com.feedback)
    if com.channels:
        w.para(w.t("notice_channels", channels="; ".join(com.channels)))
    w.para(w.t("notice_closing"))
    out.blocks = w.blocks
    return out


def _lang(lang: str | None) -> str:
    lang = lang or language()
    return lang if lang in ("vi", "en") else "vi"


def plain_text(outline: Layout) -> str:
    """All the words of an outline, one line per block (for tests and previews)."""
    lines = [*outline.issuing, outline.number, outline.nation, outline.motto, outline.place_date,
             outline.title, outline.subject]
    for b in outline.blocks:
        if isinstance(b, Heading):
            lines.append(b.text)
        elif isinstance(b, Para):
            lines.append(b.label + b.text)
        else:
            lines += [" | ".join(row) for row in [b.header, *b.rows, *([b.total] if b.total else [])]]
    lines += [outline.recipients_label, *outline.recipients, *outline.signer]
    return "\n".join(lines)
