"""The quick report and the synthesis report as DOCX and self-contained HTML.

Each report becomes a ``Report``: an outline of ``layout`` (heading block, title,
sections, recipients, signature) and an appendix that follows the signature, as an
administrative report's appendix does. Both are drawn by the plan's own renderers
(``docx.render``, ``html.render`` and their helpers), so a report looks like every other
document of the kit. Two blocks are added here:

* ``Figure``: a chart as PNG bytes; in DOCX a picture 15 cm wide, in HTML an ``<img>``
  whose source is the PNG in base64 (``data:image/png;base64,…``), so the page still
  needs no other file and names no web address;
* ``PageBreak``: the appendix starts on a new page (a dashed rule on screen).

The renderers do not know these blocks: a figure is handed to them as a paragraph
holding a marker, which is then replaced by the picture (see ``_MARK``).

>>> from thamvan_lib.minutes import load_conference
>>> from thamvan_lib.reports import quick_report
>>> report = quick_report(*load_conference(1))
>>> page = quick_report_html(report)
>>> "BÁO CÁO NHANH" in page, "data:image/png;base64," in page, "http" in page
(True, True, False)
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from html import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from ..content import load
from ..reports import STANCES, QuickReport, SynthesisReport, conclusions, finding_text, stance_chart
from . import docx as docx_render
from . import html as html_render
from .layout import BLANK, Heading, Layout, Para, Table, _number, _place_date, _Writer

REPORT_SYMBOL = "BC-VP"
SYNTHESIS_SYMBOL = "BC-NCT"
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html;charset=utf-8"}


@dataclass
class Figure:
    """A chart: PNG bytes, a caption, and its height in lines of text (for ``body_words``)."""

    png: bytes
    caption: str
    lines: float = 12


@dataclass
class PageBreak:
    """Start a new page."""


@dataclass
class Report:
    outline: Layout
    appendix: list = field(default_factory=list)
    appendix_title: str = ""


def t(key: str, lang: str, **values) -> str:
    return load().message(key, lang, **values)


def _pct(share: float, lang: str, digits: int = 1) -> str:
    text = f"{share * 100:.{digits}f}"
    return text.replace(".", ",") if lang == "vi" else text


def _head(lang: str, title: str, subject: str, symbol: str, day, issuing: str | None,
          place: str | None, signer: list[str], recipients: list[str]) -> Layout:
    w = _Writer(lang)
    issuing = issuing or t("reports.doc.issuing", lang)
    return Layout(
        lang=lang, issuing=[line.upper() for line in issuing.split("\n") if line.strip()],
        number=w.t("number", number=BLANK, symbol=symbol), nation=w.t("nation"), motto=w.t("motto"),
        place_date=_place_date(w, place or t("reports.doc.place", lang), day),
        title=title, subject=subject, recipients_label=w.t("recipients"),
        recipients=[f"- {r}" for r in recipients], signer=signer)


class _Blocks(list):
    """A list of blocks with the same small vocabulary as ``layout._Writer``."""

    def heading(self, text: str, level: int = 1):
        self.append(Heading(level, text))

    def para(self, text: str, label: str = "", style: str = "body"):
        self.append(Para(text or BLANK, label, style))

    def bullets(self, items):
        for item in list(items) or [BLANK]:
            self.append(Para(item, "", "bullet"))


# --- the quick report (L11) -------------------------------------------------------------------

def quick_report_outline(report: QuickReport, issuing: str | None = None,
                         place: str | None = None) -> Report:
    """The quick report as an outline: I. the conference, II. conclusions and findings
    (ranked), III. recommendations; the appendix holds the statistics and the chart."""
    lang = report.lang
    b = _Blocks()
    day = report.day.strftime("%d/%m/%Y") if report.day else BLANK
    b.heading("I. " + t("reports.quick.s_info", lang))
    b.para(t("reports.quick.info", lang, title=report.title, day=day, start=report.start or BLANK,
             end=report.end or BLANK, place=report.place, chair=report.chair))
    groups = "; ".join(f"{g}: {n}" for g, n in report.by_group.items())
    b.para(t("reports.quick.attendance", lang, total=report.attendance, groups=groups or BLANK,
             speakers=BLANK if report.speakers is None else report.speakers,
             opinions=report.opinions, topics=len(report.findings)))
    b.heading("II. " + t("reports.quick.s_findings", lang))
    b.heading(t("reports.quick.conclusions", lang), 2)
    b.bullets(conclusions(report))
    b.heading(t("reports.quick.by_topic", lang), 2)
    for n, finding in enumerate(report.findings, 1):
        b.para(finding_text(finding, lang, list(report.by_group)), f"{n}) {finding.topic}: ", "item")
    b.heading("III. " + t("reports.quick.s_recommendations", lang))
    b.bullets(report.recommendations)
    b.para(t("reports.quick.see_appendix", lang))
    outline = _head(lang, t("reports.quick.title", lang),
                    t("reports.quick.subject", lang, title=_lower_first(report.title, lang)),
                    REPORT_SYMBOL, report.day, issuing, place,
                    [t("reports.quick.signer", lang), t("reports.quick.signer_role", lang),
                     t("reports.doc.signature_note", lang), _name(report.author)],
                    [t("reports.quick.to_leaders", lang), t("reports.quick.to_group", lang), t("reports.doc.archive", lang)])
    outline.blocks = list(b)
    return Report(outline, _quick_appendix(report), t("reports.doc.appendix", lang))


def _quick_appendix(report: QuickReport) -> list:
    lang = report.lang
    a = _Blocks()
    stats = report.statistics
    col = [t(f"reports.col.{k}", lang) for k in ("agree", "disagree", "propose", "total")]
    a.heading(t("reports.quick.a_by_topic", lang), 2)
    per_topic = stats.groupby("chu_de", sort=False)[["đồng ý", "không đồng ý", "đề xuất", "tong"]].sum()
    rows = [[str(n), str(topic), *(str(int(v)) for v in values)]
            for n, (topic, values) in enumerate(per_topic.iterrows(), 1)]
    a.append(Table([load().message("plan.doc.col_no", lang), t("reports.col.topic", lang), *col], rows,
                   total=["", load().message("plan.doc.total", lang),
                          *(str(int(per_topic[c].sum())) for c in per_topic.columns)],
                   numeric=(0, 2, 3, 4, 5)))
    a.append(Figure(stance_chart(stats, lang), t("reports.quick.chart_caption", lang)))
    a.heading(t("reports.quick.a_by_group", lang), 2)
    rows = [[str(n), str(r[0]), str(r[1]), *(str(int(v)) for v in r[2:6])]
            for n, r in enumerate(stats[["chu_de", "nhom", *STANCES, "tong"]].itertuples(index=False), 1)]
    a.append(Table([load().message("plan.doc.col_no", lang), t("reports.col.topic", lang),
                    t("reports.col.group", lang), *col], rows, numeric=(0, 3, 4, 5, 6)))
    a.para(t("reports.quick.a_note", lang))
    return list(a)


def _name(person: str) -> str:
    """"Bùi Thị Hạnh, chuyên viên" → "Bùi Thị Hạnh": the name under a signature."""
    return person.split(",")[0].strip() or BLANK


def _lower_first(text: str, lang: str) -> str:
    return text[:1].lower() + text[1:] if lang == "vi" else text


# --- the synthesis report (L12, P3.3) -----------------------------------------------------------

def synthesis_outline(report: SynthesisReport, subject: str | None = None,
                      issuing: str | None = None, place: str | None = None, day=None) -> Report:
    """The synthesis report as an outline: sources and methods, the questionnaire (weighted
    tables and charts), letters, interviews, open answers, conferences, limits, and the
    working group's remarks apart; the appendix lists every cleaning change."""
    lang = report.lang
    no = load().message("plan.doc.col_no", lang)
    b = _Blocks()
    roman = iter(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"])
    section = lambda key: b.heading(f"{next(roman)}. {t(key, lang)}")  # noqa: E731

    section("reports.synth.s_sources")
    b.para(t("reports.synth.sources_intro", lang))
    rows = [["1", t("reports.synth.src_survey", lang), t("reports.synth.n_survey", lang, n=_number(report.respondents, lang)),
             t("reports.synth.how_survey", lang), t("reports.synth.limit_survey", lang)],
            ["2", t("reports.synth.src_letters", lang), t("reports.synth.n_letters", lang, n=_number(report.letters, lang)),
             t("reports.synth.how_letters", lang), t("reports.synth.limit_letters", lang)],
            ["3", t("reports.synth.src_interviews", lang), t("reports.synth.n_interviews", lang, n=report.interviews),
             t("reports.synth.how_interviews", lang), t("reports.synth.limit_interviews", lang)]]
    if report.conference_statistics is not None:
        rows.append(["4", t("reports.synth.src_conferences", lang),
                     t("reports.synth.n_conferences", lang, k=len(report.conferences) or 1,
                       n=int(report.conference_statistics["tong"].sum())),
                     t("reports.synth.how_conferences", lang), t("reports.synth.limit_conferences", lang)])
    b.append(Table([no, t("reports.col.source", lang), t("reports.col.amount", lang), t("reports.col.how", lang),
                    t("reports.col.limit", lang)], rows, numeric=(0,)))
    b.para(t("reports.synth.cleaning", lang, raw=_number(report.raw_rows, lang),
             n=_number(report.respondents, lang), changes=len(report.cleaning),
             neff=_number(round(report.effective_n), lang),
             deff=f"{report.design_effect:.2f}".replace(".", "," if lang == "vi" else ".")))

    section("reports.synth.s_survey")
    for n, result in enumerate(report.survey, 1):
        b.heading(f"{n}. {t(f'reports.question.{result.column}', lang)}", 2)
        table = result.table
        top = table.sort_values("ty_le", ascending=False, kind="stable").iloc[0]
        key = "reports.synth.top_multi" if result.column == "kho_khan" else "reports.synth.top_answer"
        b.para(t(key, lang, answer=top["tra_loi"], share=_pct(top["ty_le"], lang),
                 low=_pct(top["can_duoi"], lang), high=_pct(top["can_tren"], lang),
                 base=_number(int(table["co_so"].iloc[0]), lang),
                 neff=_number(round(float(table["n_hieu_dung"].iloc[0])), lang)))
        rows = [[str(r.tra_loi), _number(int(r.so_nguoi), lang), _pct(r.ty_le, lang),
                 f"{_pct(r.can_duoi, lang)}–{_pct(r.can_tren, lang)}"]
                for r in table.itertuples(index=False)]
        b.append(Table([t("reports.col.answer", lang), t("reports.col.people", lang), t("reports.col.share", lang),
                        t("reports.col.interval", lang)], rows, numeric=(1, 2, 3)))
        b.append(Figure(result.chart, t("reports.synth.chart_caption", lang,
                                         question=t(f"reports.question.{result.column}", lang))))

    section("reports.synth.s_letters")
    b.para(t("reports.synth.letters_intro", lang, n=_number(report.letters, lang)))
    b.append(_theme_table(report.letter_themes, lang, t("reports.col.letters", lang), t("reports.col.share_letters", lang)))
    b.append(Figure(report.letter_chart, t("reports.synth.letters_caption", lang)))
    if report.letter_kappa is not None:
        b.para(t("reports.synth.kappa", lang, kappa=f"{report.letter_kappa:.2f}".replace(
            ".", "," if lang == "vi" else ".")))

    section("reports.synth.s_interviews")
    b.para(t("reports.synth.interviews_intro", lang, n=report.interviews))
    b.append(_theme_table(report.interview_themes[:6], lang, t("reports.col.interviews", lang),
                          t("reports.col.share_interviews", lang)))
    b.para(t("reports.synth.quotes", lang))
    b.bullets(f"“{q.text}” ({q.source})" for q in report.interview_quotes)

    section("reports.synth.s_open")
    b.para(t("reports.synth.open_intro", lang, n=_number(report.open_answers, lang),
             total=_number(report.respondents, lang)))
    b.append(_theme_table(report.open_themes[:6], lang, t("reports.col.answers", lang),
                          t("reports.col.share_answers", lang)))
    b.para(t("reports.synth.quotes", lang))
    b.bullets(f"“{q.text}” ({q.source})" for q in report.open_quotes)

    if report.conference_statistics is not None:
        section("reports.synth.s_conferences")
        stats = report.conference_statistics
        b.para(t("reports.synth.conferences_intro", lang, k=len(report.conferences) or 1,
                 n=int(stats["tong"].sum())))
        col = [t(f"reports.col.{k}", lang) for k in ("agree", "disagree", "propose", "total")]
        rows = [[str(n), str(r.chu_de), *(str(int(v)) for v in r[1:])]
                for n, r in enumerate(stats.itertuples(index=False), 1)]
        b.append(Table([no, t("reports.col.topic", lang), *col], rows, numeric=(0, 2, 3, 4, 5)))
        b.append(Figure(report.conference_chart, t("reports.quick.chart_caption", lang)))

    section("reports.synth.s_limits")
    b.bullets(t(f"reports.synth.limit_{n}", lang) for n in range(1, 5))

    section("reports.synth.s_comments")
    b.para(t("reports.synth.comments_note", lang))
    b.bullets(report.comments)

    outline = _head(lang, t("reports.synth.title", lang), subject or t("reports.synth.subject", lang),
                    SYNTHESIS_SYMBOL, day, issuing, place,
                    [t("reports.synth.signer", lang), t("reports.synth.signer_role", lang),
                     t("reports.doc.signature_note", lang), BLANK],
                    [t("reports.synth.to_standing", lang), t("reports.synth.to_delegation", lang),
                     t("reports.doc.archive", lang)])
    outline.blocks = list(b)
    a = _Blocks()
    a.heading(t("reports.synth.a_cleaning", lang), 2)
    a.bullets(report.cleaning or [t("reports.synth.a_no_change", lang)])
    return Report(outline, list(a), t("reports.doc.appendix", lang))


def _theme_table(themes, lang: str, count_label: str, share_label: str) -> Table:
    rows = [[str(n), x.name, str(x.count), _pct(x.share, lang)] for n, x in enumerate(themes, 1)]
    return Table([load().message("plan.doc.col_no", lang), t("reports.col.theme", lang), count_label,
                  share_label], rows, numeric=(0, 2, 3))


# --- drawing ------------------------------------------------------------------------------------

_MARK = "[[thamvan-figure-{n}]]"


def _marked(blocks: list) -> tuple[list, dict]:
    """The blocks with each figure replaced by a paragraph holding a marker."""
    out, figures = [], {}
    for block in blocks:
        if isinstance(block, Figure):
            mark = _MARK.format(n=len(figures))
            figures[mark] = block
            out.append(Para(mark))
        elif isinstance(block, PageBreak):
            continue   # a page break in the body: the renderers need none so far
        else:
            out.append(block)
    return out, figures


def _outline_with_marks(report: Report) -> tuple[Layout, dict]:
    blocks, figures = _marked(report.outline.blocks)
    outline = Layout(**{**report.outline.__dict__, "blocks": blocks})
    return outline, figures


def render_docx(report: Report):
    """The report as a ``docx.Document``: the outline by ``docx.render``, figures as pictures,
    then the appendix on a new page."""
    outline, figures = _outline_with_marks(report)
    document = docx_render.render(outline)
    for paragraph in document.paragraphs:
        if paragraph.text in figures:
            _picture(paragraph, figures[paragraph.text])
    if report.appendix:
        document.add_page_break()
        docx_render._centred(document, report.appendix_title, bold=True, size=Pt(14), after=Pt(6))
        for block in report.appendix:
            if isinstance(block, Figure):
                _picture(document.add_paragraph(), block)
            elif isinstance(block, Heading):
                docx_render._paragraph(document, block.text, bold=True, before=Pt(6))
            elif isinstance(block, Para):
                docx_render._para(document, block)
            elif isinstance(block, Table):
                docx_render._table(document, block)
            elif isinstance(block, PageBreak):
                document.add_page_break()
    return document


def _picture(paragraph, figure: Figure) -> None:
    """Turn a (marker) paragraph into the centred picture, with its caption underneath."""
    for run in paragraph.runs:
        run.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.add_run().add_picture(io.BytesIO(figure.png), width=Cm(15))
    element = OxmlElement("w:p")
    paragraph._p.addnext(element)
    caption = DocxParagraph(element, paragraph._parent)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = caption.add_run(figure.caption)
    run.italic = True
    run.font.size = Pt(12)


EXTRA_STYLE = """
figure { margin: .6em 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-style: italic; font-size: 12pt; }
.appendix { break-before: page; page-break-before: always; border-top: 1px dashed #999;
            margin-top: 2em; padding-top: 1em; }
.appendix h1 { margin-top: 0; }
table.data, tr { break-inside: avoid; page-break-inside: avoid; }
"""


def _figure_html(figure: Figure) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    return (f'<figure><img alt="{escape(figure.caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{escape(figure.caption)}</figcaption></figure>")


def _appendix_html(report: Report) -> str:
    parts = ['<div class="appendix">', f"<h1>{escape(report.appendix_title)}</h1>"]
    for block in report.appendix:
        if isinstance(block, Figure):
            parts.append(_figure_html(block))
        elif isinstance(block, PageBreak):
            parts.append('<div class="appendix"></div>')
        else:
            parts.append(html_render._block(block))
    parts.append("</div>")
    return "\n".join(parts)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page: the outline by ``html.render``, figures
    inline as base64 PNG, the appendix after the signature, style for screen and print."""
    outline, figures = _outline_with_marks(report)
    page = html_render.render(outline)
    for mark, figure in figures.items():
        page = page.replace(f"<p>{escape(mark)}</p>", _figure_html(figure))
    page = page.replace("</style>", EXTRA_STYLE + "</style>", 1)
    if report.appendix:
        head, tail = page.rsplit("</div>\n</body>", 1)
        page = head + _appendix_html(report) + "\n</div>\n</body>" + tail
    return page


# --- shortcuts ------------------------------------------------------------------------------------

def quick_report_docx(report: QuickReport, **options):
    return render_docx(quick_report_outline(report, **options))


def quick_report_html(report: QuickReport, **options) -> str:
    return render_html(quick_report_outline(report, **options))


def synthesis_docx(report: SynthesisReport, **options):
    return render_docx(synthesis_outline(report, **options))


def synthesis_html(report: SynthesisReport, **options) -> str:
    return render_html(synthesis_outline(report, **options))


__all__ = ["Figure", "PageBreak", "Report", "quick_report_outline", "synthesis_outline",
           "render_docx", "render_html", "quick_report_docx", "quick_report_html",
           "synthesis_docx", "synthesis_html", "plain_text"]


def plain_text(report: Report) -> str:
    """Every word of a report, one line per block, figures by their caption (for tests
    and previews); the appendix follows its title."""
    from .layout import plain_text as layout_text

    def lines(blocks):
        out = []
        for block in blocks:
            if isinstance(block, Figure):
                out.append(f"[{block.caption}]")
            elif isinstance(block, PageBreak):
                continue
            else:
                out.append(layout_text(Layout("vi", [], "", "", "", "", "", "", [block]))
                           .strip("\n"))
        return out

    outline, _ = _outline_with_marks(report)
    outline.blocks = []
    head = layout_text(outline).split("\n")
    split = 7 + len(outline.issuing) - 1   # issuing lines, number, nation, motto, date, title, subject
    body = lines(report.outline.blocks)
    text = head[:split] + body + head[split:]
    if report.appendix:
        text += [report.appendix_title, *lines(report.appendix)]
    return "\n".join(line for line in text if line.strip())
