"""The quick report and the synthesis report as outlines, and the measure of their length.

Each report is an administrative outline (letterhead, title, sections, recipients,
signature) with an appendix after the signature, as an administrative report's appendix
is, drawn by ``docx.render`` and ``html.render`` like every other document of the kit.
Charts are ``Figure`` blocks: in DOCX a picture 15 cm wide, in HTML the PNG inline, so
the page still needs no other file and names no web address.

>>> from thamvan_lib.minutes import load_conference
>>> from thamvan_lib.reports import quick_report
>>> report = quick_report(*load_conference(1))
>>> page = quick_report_html(report)
>>> "BÁO CÁO NHANH" in page, "data:image/png;base64," in page, "http" in page
(True, True, False)
>>> body_words(report) <= TWO_PAGES_WORDS
True
"""

from __future__ import annotations

import math

from ..content import load
from ..errors import KitError
from ..i18n import BLANK, date_text, decimal, grouped
from ..charts import stance_chart
from ..dataset import STANCES
from ..reports import QuickReport, SynthesisReport, conclusions, finding_text, words
from . import docx, html
from .outline import ROMAN, Blocks, Figure, Heading, Outline, Para, Table, report_outline

REPORT_SYMBOL = "BC-VP"
SYNTHESIS_SYMBOL = "BC-NCT"

# --- the length measure ----------------------------------------------------------------
# A line of the body (16 cm between the administrative margins, Times New Roman 13 pt)
# holds about 95 characters, i.e. about 20 Vietnamese words (a word is one syllable,
# 3–4 letters and a space). A page (25.7 cm, line height ~1.15, 4 pt after each
# paragraph) holds about 42 lines. Headings, short last lines of paragraphs, the heading
# block and the signature block eat roughly half of that, so ~450 words of body per page
# is a safe figure: TWO_PAGES_WORDS = 900. A table row takes at least one full line,
# whatever its words, so it counts LINE_WORDS words (or its own words if more).
LINE_WORDS = 20
TWO_PAGES_WORDS = 900


def t(key: str, lang: str, **values) -> str:
    return load().message(key, lang, **values)


def _pct(share: float, lang: str) -> str:
    """A share as a percentage with one decimal: 0.4567 → "45,7" (vi), "45.7" (en)."""
    return decimal(share * 100, 1, lang)


# --- the quick report (L11) -------------------------------------------------------------------

def quick_report_outline(report: QuickReport, issuing: str | None = None,
                         place: str | None = None) -> Outline:
    """The quick report as an outline: I. the conference, II. conclusions and findings
    (ranked), III. recommendations; the appendix holds the statistics and the chart."""
    lang = report.lang
    b = Blocks()
    day = date_text(report.day)
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
    return report_outline(lang, t("reports.quick.title", lang),
                          t("reports.quick.subject", lang, title=_lower_first(report.title, lang)),
                          REPORT_SYMBOL, report.day, issuing, place,
                          [t("reports.quick.signer", lang), t("reports.quick.signer_role", lang),
                           t("reports.doc.signature_note", lang), _name(report.author)],
                          [t("reports.quick.to_leaders", lang), t("reports.quick.to_group", lang),
                           t("reports.doc.archive", lang)],
                          b, _quick_appendix(report))


def _quick_appendix(report: QuickReport) -> list:
    lang = report.lang
    a = Blocks()
    stats = report.statistics
    col = [t(f"reports.col.{k}", lang) for k in ("agree", "disagree", "propose", "total")]
    a.heading(t("reports.quick.a_by_topic", lang), 2)
    per_topic = stats.groupby("chu_de", sort=False)[["đồng tình", "không đồng tình", "đề xuất", "tong"]].sum()
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
                      issuing: str | None = None, place: str | None = None, day=None) -> Outline:
    """The synthesis report as an outline: sources and methods, the questionnaire (weighted
    tables and charts), letters, interviews, open answers, conferences, limits, and the
    working group's remarks apart; the appendix lists every cleaning change."""
    lang = report.lang
    no = load().message("plan.doc.col_no", lang)
    b = Blocks()
    roman = iter(ROMAN)
    section = lambda key: b.heading(f"{next(roman)}. {t(key, lang)}")

    section("reports.synth.s_sources")
    b.para(t("reports.synth.sources_intro", lang))
    rows = [["1", t("reports.synth.src_survey", lang), t("reports.synth.n_survey", lang, n=grouped(report.respondents, lang)),
             t("reports.synth.how_survey", lang), t("reports.synth.limit_survey", lang)],
            ["2", t("reports.synth.src_letters", lang), t("reports.synth.n_letters", lang, n=grouped(report.letters, lang)),
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
    b.para(t("reports.synth.cleaning", lang, raw=grouped(report.raw_rows, lang),
             n=grouped(report.respondents, lang), changes=len(report.cleaning),
             neff=grouped(round(report.effective_n), lang),
             deff=decimal(report.design_effect, 2, lang)))

    section("reports.synth.s_survey")
    for n, result in enumerate(report.survey, 1):
        b.heading(f"{n}. {t(f'reports.question.{result.column}', lang)}", 2)
        table = result.table
        top = table.sort_values("ty_le", ascending=False, kind="stable").iloc[0]
        key = "reports.synth.top_multi" if result.column == "kho_khan" else "reports.synth.top_answer"
        b.para(t(key, lang, answer=top["tra_loi"], share=_pct(top["ty_le"], lang),
                 low=_pct(top["can_duoi"], lang), high=_pct(top["can_tren"], lang),
                 base=grouped(int(table["co_so"].iloc[0]), lang),
                 neff=grouped(round(float(table["n_hieu_dung"].iloc[0])), lang)))
        rows = [[str(r.tra_loi), grouped(int(r.so_nguoi), lang), _pct(r.ty_le, lang),
                 f"{_pct(r.can_duoi, lang)}–{_pct(r.can_tren, lang)}"]
                for r in table.itertuples(index=False)]
        b.append(Table([t("reports.col.answer", lang), t("reports.col.people", lang), t("reports.col.share", lang),
                        t("reports.col.interval", lang)], rows, numeric=(1, 2, 3)))
        b.append(Figure(result.chart, t("reports.synth.chart_caption", lang,
                                         question=t(f"reports.question.{result.column}", lang))))

    section("reports.synth.s_letters")
    b.para(t("reports.synth.letters_intro", lang, n=grouped(report.letters, lang)))
    b.append(_theme_table(report.letter_themes, lang, t("reports.col.letters", lang), t("reports.col.share_letters", lang)))
    b.append(Figure(report.letter_chart, t("reports.synth.letters_caption", lang)))
    if report.letter_kappa is not None:
        b.para(t("reports.synth.kappa", lang, kappa=decimal(report.letter_kappa, 2, lang)))

    section("reports.synth.s_interviews")
    b.para(t("reports.synth.interviews_intro", lang, n=report.interviews))
    b.append(_theme_table(report.interview_themes[:6], lang, t("reports.col.interviews", lang),
                          t("reports.col.share_interviews", lang)))
    b.para(t("reports.synth.quotes", lang))
    b.bullets(f"“{q.text}” ({q.source})" for q in report.interview_quotes)

    section("reports.synth.s_open")
    b.para(t("reports.synth.open_intro", lang, n=grouped(report.open_answers, lang),
             total=grouped(report.respondents, lang)))
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

    a = Blocks()
    a.heading(t("reports.synth.a_cleaning", lang), 2)
    a.bullets(report.cleaning or [t("reports.synth.a_no_change", lang)])
    return report_outline(lang, t("reports.synth.title", lang),
                          subject or t("reports.synth.subject", lang), SYNTHESIS_SYMBOL, day,
                          issuing, place,
                          [t("reports.synth.signer", lang), t("reports.synth.signer_role", lang),
                           t("reports.doc.signature_note", lang), BLANK],
                          [t("reports.synth.to_standing", lang), t("reports.synth.to_delegation", lang),
                           t("reports.doc.archive", lang)],
                          b, a)


def _theme_table(themes, lang: str, count_label: str, share_label: str) -> Table:
    rows = [[str(n), x.name, str(x.count), _pct(x.share, lang)] for n, x in enumerate(themes, 1)]
    return Table([load().message("plan.doc.col_no", lang), t("reports.col.theme", lang), count_label,
                  share_label], rows, numeric=(0, 2, 3))


# --- drawing and length ---------------------------------------------------------------------------

def quick_report_docx(report: QuickReport, **options):
    return docx.render(quick_report_outline(report, **options))


def quick_report_html(report: QuickReport, **options) -> str:
    return html.render(quick_report_outline(report, **options))


def synthesis_docx(report: SynthesisReport, **options):
    return docx.render(synthesis_outline(report, **options))


def synthesis_html(report: SynthesisReport, **options) -> str:
    return html.render(synthesis_outline(report, **options))


def body_words(report) -> int:
    """The length of a report's body in words, the measure of "1–2 pages" (L11).

    ``report`` is a ``QuickReport``, a ``SynthesisReport`` or an outline. The body is
    everything a reader meets before the appendix: the letterhead, title, sections,
    recipients and signature. Text counts its words; a table row counts as at least one
    full line (``LINE_WORDS``); a figure, its height in lines. ``TWO_PAGES_WORDS`` (900)
    is what two A4 pages hold at 13 pt Times New Roman in the administrative layout (see
    the comment at ``LINE_WORDS``).
    """
    if isinstance(report, QuickReport):
        report = quick_report_outline(report)
    elif isinstance(report, SynthesisReport):
        report = synthesis_outline(report)
    if not isinstance(report, Outline):
        raise KitError("reports.error.not_a_report", value=type(report).__name__)
    texts = [report.title, report.subject]
    if report.letterhead:
        h = report.letterhead
        texts += [*h.issuing, h.number, h.nation, h.motto, h.place_date]
    if report.signature:
        texts += [report.signature.recipients_label, *report.signature.recipients,
                  *report.signature.signer]
    total = sum(words(x) for x in texts)
    for block in report.blocks:
        if isinstance(block, Heading):
            total += words(block.text)
        elif isinstance(block, Para):
            total += words(block.label) + words(block.text)
        elif isinstance(block, Table):
            for row in block.all_rows():
                total += max(LINE_WORDS, sum(words(cell) for cell in row))
        elif isinstance(block, Figure):
            total += LINE_WORDS * math.ceil(block.lines)
    return total
