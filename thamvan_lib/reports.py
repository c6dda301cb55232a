"""The reports of phase 3: the quick report after a conference and the synthesis report.

Lecture items L11 and L12, step P3.3.

**Quick report for leaders** (``quick_report``, L11). Written by the minute-taker right
after a conference, from the structured minutes (``hoi-nghi-N-bien-ban.json``) and the
opinion units (``hoi-nghi-N-y-kien.csv``). It states conclusions and the findings of
value, not a copy of the minutes: one finding per content of the draft, ranked by the
weight of opinion (how many opinions, then how many of them disagree or propose a
change, then how many people spoke), each with the points raised most often. The
statistics table of the structured minutes goes to the appendix. The counts are those of
``minutes.minutes_statistics``; when both the JSON minutes and the units are given they
must agree, or the report is refused naming the cell that differs.

**Synthesis report** (``synthesis_report``, L12, P3.3). Everything the working group
gathered: the questionnaire (cleaned, weighted by commune population, shares with
Wilson intervals, a chart per question), the citizens' letters (themes coded with the
codebook, counted, with a chart), the interviews and the open answers (themes and
quotes, with their source), the conferences (opinion counts), then the limits of each
source and the working group's own remarks, kept apart from what people said.

Both are data here; ``documents.reports`` draws them as DOCX and self-contained HTML in
the administrative layout and measures their length. Texts are in
``content/messages/reports.yaml``.

>>> from thamvan_lib.minutes import load_conference
>>> minutes, units = load_conference(1)
>>> report = quick_report(minutes, units)
>>> [(f.topic, f.total) for f in report.findings][:2]
[('Thủ tục thanh toán', 11), ('Thuốc tại trạm y tế', 11)]
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import dataset
from .analysis.cleaning import clean
from .analysis.coding import code_letters, cohen_kappa, load_codebook, themes_of
from .analysis.tables import proportion_table, weight_by_population
from .charts import bar_chart, count_chart, png, stance_chart
from .content import language, load
from .dataset import KIT, STANCES, Survey, read_table
from .errors import KitError
from .minutes import (check_minutes, compare_statistics, minutes_statistics, minutes_table,
                      point_of)

_WORD = re.compile(r"\w+")


# --- the quick report ---------------------------------------------------------------------

@dataclass(frozen=True)
class Point:
    """A point raised at the conference, in the speakers' words, and how often."""

    text: str
    stance: str
    count: int


@dataclass
class Finding:
    """What the conference said about one content of the draft."""

    topic: str
    counts: dict               # stance → number of opinions
    total: int
    speakers: int | None       # None when only the JSON minutes are known
    groups: list[str]          # the groups who spoke on it, most opinions first
    points: list[Point]        # the points raised most often (at most two)

    @property
    def lean(self) -> str:
        """"đồng tình", "không đồng tình" or "đề xuất" when it holds more than half, else "mixed"."""
        top = max(STANCES, key=lambda s: self.counts.get(s, 0))
        return top if self.counts.get(top, 0) * 2 > self.total else "mixed"

    @property
    def weight(self) -> tuple:
        """The sort key of "weight of opinion": more opinions first, then more that ask
        for a change (disagree or propose), then more people."""
        change = self.counts.get("không đồng tình", 0) + self.counts.get("đề xuất", 0)
        return (-self.total, -change, -(self.speakers or 0))


@dataclass
class QuickReport:
    """L11: the minute-taker's report to the leaders after one conference."""

    conference: int
    title: str
    place: str
    day: dt.date | None
    start: str
    end: str
    chair: str
    author: str                # the minute-taker (thư ký) writes it
    attendance: int
    by_group: dict
    speakers: int | None
    opinions: int
    findings: list[Finding]    # ranked by weight of opinion
    statistics: pd.DataFrame   # topic × group × stance, as minutes_statistics
    recommendations: list[str] = field(default_factory=list)
    lang: str = "vi"


def _points(part: pd.DataFrame, topic: str) -> list[Point]:
    counted = Counter((point_of(t, topic).rstrip("."), s)
                      for t, s in zip(part["noi_dung"], part["lap_truong"]))
    # Points that ask for a change come first among equals: leaders act on them.
    order = {"không đồng tình": 0, "đề xuất": 1, "đồng tình": 2}
    ranked = sorted(counted.items(), key=lambda kv: (-kv[1], order.get(kv[0][1], 3), kv[0][0]))
    return [Point(text, stance, n) for (text, stance), n in ranked[:2]]


def quick_report(minutes, units: pd.DataFrame | str | Path | None = None,
                 recommendations: list[str] | None = None, lang: str | None = None) -> QuickReport:
    """The quick report of one conference from its structured minutes (a dict or the JSON
    file) and, better, its opinion units (a table or the CSV file), which give the points
    people raised and how many people spoke. ``recommendations`` replace the ones drafted
    from the findings (topics where most opinions ask for a change).
    """
    lang = _lang(lang)
    m = check_minutes(minutes)
    from_json = minutes_table(m)
    if isinstance(units, (str, Path)):
        units = read_table(units)
    if units is not None:
        if "hoi_nghi" in units.columns:
            units = units[units["hoi_nghi"].astype(str) == str(m["hoi_nghi"])]
        statistics = minutes_statistics(units)
        compare_statistics(from_json, statistics)
    else:
        statistics = from_json
    findings = []
    for topic, part in statistics.groupby("chu_de", sort=False):
        counts = {s: int(part[s].sum()) for s in STANCES}
        by_group = part.set_index("nhom")["tong"].sort_values(ascending=False, kind="stable")
        said = units[units["chu_de"] == topic] if units is not None else None
        findings.append(Finding(
            topic=str(topic), counts=counts, total=int(part["tong"].sum()),
            speakers=None if said is None else int(said["nguoi_noi"].nunique()),
            groups=[str(g) for g, n in by_group.items() if n > 0],
            points=[] if said is None else _points(said, str(topic))))
    findings.sort(key=lambda f: f.weight)   # stable: equal weights keep the draft's order
    when = m.get("thoi_gian") or {}
    try:
        day = dt.date.fromisoformat(str(when.get("ngay", "")))
    except ValueError:
        day = None
    people = m.get("thanh_phan") or {}
    report = QuickReport(
        conference=int(m["hoi_nghi"]), title=str(m["ten"]), place=str(m["dia_diem"]), day=day,
        start=str(when.get("bat_dau", "")), end=str(when.get("ket_thuc", "")),
        chair=str(m["chu_tri"]), author=str(m["thu_ky"]),
        attendance=int(people.get("tong_so", 0)), by_group=dict(people.get("theo_nhom", {})),
        speakers=int(m["so_luot_phat_bieu"]) if "so_luot_phat_bieu" in m else None,
        opinions=int(statistics["tong"].sum()), findings=findings, statistics=statistics,
        lang=lang)
    report.recommendations = list(recommendations) if recommendations is not None \
        else draft_recommendations(report)
    return report


def draft_recommendations(report: QuickReport) -> list[str]:
    """One line per content where most opinions ask for a change, at most three, then the
    hand-over of the minutes to the working group. The minute-taker edits them."""
    lines = []
    for f in report.findings:
        change = f.counts["không đồng tình"] + f.counts["đề xuất"]
        if change * 2 > f.total and len(lines) < 3:
            point = next((p.text for p in f.points if p.stance != "đồng tình"), "")
            key = "reports.quick.rec_topic_point" if point else "reports.quick.rec_topic"
            lines.append(load().message(key, report.lang, topic=f.topic, point=point))
    lines.append(load().message("reports.quick.rec_handover", report.lang))
    return lines


def conclusions(report: QuickReport) -> list[str]:
    """The general conclusions, in sentences: what was discussed most, where people ask
    for changes, and what the numbers are (counts of opinions, not shares of people)."""
    t = lambda key, **v: load().message(f"reports.quick.{key}", report.lang, **v)
    f = report.findings
    lines = []
    if f:
        lines.append(t("c_most", topic=f[0].topic, n=f[0].total, opinions=report.opinions,
                       topics=len(f)))
    disagree = sum(x.counts["không đồng tình"] for x in f)
    propose = sum(x.counts["đề xuất"] for x in f)
    change = [x.topic for x in f if (x.counts["không đồng tình"] + x.counts["đề xuất"]) * 2 > x.total]
    if change:
        lines.append(t("c_change", disagree=disagree, propose=propose,
                       topics="; ".join(f"“{c}”" for c in change)))
    agreed = [x.topic for x in f if x.lean == "đồng tình"]
    if agreed:
        lines.append(t("c_agree", topics="; ".join(f"“{c}”" for c in agreed)))
    lines.append(t("c_counts"))
    return lines


def finding_text(finding: Finding, lang: str = "vi", all_groups=None) -> str:
    """One finding in two to four sentences. When the finding's speakers come from every
    group of ``all_groups``, the groups are not listed one by one."""
    t = lambda key, **v: load().message(f"reports.quick.{key}", lang, **v)
    c = finding.counts
    groups = t("f_all_groups", k=len(finding.groups)) if all_groups is not None \
        and set(finding.groups) >= set(all_groups) else ", ".join(finding.groups)
    head = t("f_head_people", n=finding.total, people=finding.speakers, groups=groups) \
        if finding.speakers is not None else t("f_head", n=finding.total, groups=groups)
    lean = finding.lean
    if lean == "mixed":
        body = t("f_mixed", agree=c["đồng tình"], disagree=c["không đồng tình"], propose=c["đề xuất"])
    else:
        key = {"đồng tình": "f_agree", "không đồng tình": "f_disagree", "đề xuất": "f_propose"}[lean]
        body = t(key, k=c[lean], n=finding.total)
    parts = [head, body]
    if finding.points:
        p = finding.points[0]
        parts.append(t("f_point", point=p.text, count=p.count))
        # A second point only when it says something else: another stance, raised twice.
        if len(finding.points) > 1 and finding.points[1].count > 1 \
                and finding.points[1].stance != p.stance:
            q = finding.points[1]
            parts.append(t("f_point_next", point=q.text, count=q.count))
    return " ".join(parts)


# --- the synthesis report --------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    text: str
    source: str     # "phỏng vấn, y sĩ trạm y tế, Xã Nậm Khê": never a private person's name


@dataclass
class SurveyResult:
    column: str
    table: pd.DataFrame        # proportion_table, weighted
    chart: bytes


@dataclass
class ThemeCount:
    theme: str
    name: str
    count: int
    share: float               # of the letters (or answers) coded, not of the population


@dataclass
class SynthesisReport:
    """L12, P3.3: the working group's report on everything the consultation gathered."""

    lang: str
    raw_rows: int
    respondents: int
    cleaning: list[str]            # one line per change made by ``clean``
    effective_n: float
    design_effect: float
    survey: list[SurveyResult]
    letters: int
    letter_themes: list[ThemeCount]
    letter_chart: bytes
    letter_kappa: float | None     # agreement of automatic coding with the office's coding
    interviews: int
    interview_themes: list[ThemeCount]
    interview_quotes: list[Quote]
    open_answers: int
    open_themes: list[ThemeCount]
    open_quotes: list[Quote]
    conferences: list[int]
    conference_statistics: pd.DataFrame | None
    conference_chart: bytes | None
    comments: list[str] = field(default_factory=list)   # the working group's own remarks


def _theme_sets(values: pd.Series) -> list[frozenset]:
    """``themes_of`` of each value, worked out once per distinct value."""
    codes, distinct = pd.factorize(values)
    sets = [themes_of(v) for v in distinct] + [frozenset()]
    return [sets[c] for c in codes]


def _theme_counts(coded: list[set], book, total: int, lang: str) -> list[ThemeCount]:
    counts = Counter(t for found in coded for t in found)
    return [ThemeCount(t, book.name(t, lang), n, n / total if total else 0.0)
            for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], book.ids.index(kv[0])))]


def _theme_counts_of_table(found: np.ndarray, book, total: int, lang: str) -> list[ThemeCount]:
    """``_theme_counts`` of a ``Codebook.find_many`` table."""
    counts = {t: int(n) for t, n in zip(book.ids, found.sum(axis=0)) if n}
    return [ThemeCount(t, book.name(t, lang), n, n / total if total else 0.0)
            for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], book.ids.index(kv[0])))]


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _interview_quotes(interviews: pd.DataFrame, themes: list[ThemeCount], book, lang: str,
                      per_theme: int = 1, top: int = 3) -> list[Quote]:
    quotes, used = [], set()
    for theme in themes[:top]:
        found = 0
        for _, row in interviews.sort_values("ma_phong_van").iterrows():
            sentences = _SENTENCE.split(str(row["ghi_chep"]))
            # The first sentence introduces the person; the last is the interviewer's summary.
            for sentence in sentences[1:-1]:
                if sentence not in used and theme.theme in book.find(sentence):
                    source = load().message("reports.synth.source_interview", lang,
                                            role=str(row["vai_tro"]).lower(), commune=row["xa_phuong"])
                    quotes.append(Quote(sentence, source))
                    used.add(sentence)
                    found += 1
                    break
            if found >= per_theme:
                break
    return quotes


def _open_quotes(answers: pd.DataFrame, codes: np.ndarray, distinct, found: np.ndarray,
                 themes: list[ThemeCount], book, lang: str, top: int = 3) -> list[Quote]:
    """The typical answer of each of the ``top`` themes: the one given most often among
    the answers with that theme, ties to the first met. ``codes``: each answer's number
    among the ``distinct`` answers; ``found``: ``Codebook.find_many`` of the answers."""
    quotes = []
    for theme in themes[:top]:
        rows = np.flatnonzero(found[:, book.ids.index(theme.theme)])
        if not len(rows):
            continue
        met = pd.Series(codes[rows]).drop_duplicates()  # each answer where first met
        counts = np.bincount(codes[rows], minlength=len(distinct))
        first = rows[met.index[np.argmax(counts[met.to_numpy()])]]
        quotes.append(Quote(distinct[codes[first]], load().message(
            "reports.synth.source_open", lang, commune=answers["xa_phuong"].iloc[first])))
    return quotes


def synthesis_report(questionnaire: pd.DataFrame, populations, letters: pd.DataFrame,
                     interviews: pd.DataFrame, units: pd.DataFrame | None = None,
                     comments: list[str] | None = None, lang: str | None = None,
                     codebook=None, survey: Survey = KIT.survey) -> SynthesisReport:
    """The synthesis report from the raw questionnaire table (it is cleaned here, and every
    change listed), commune populations (``dan-so-xa.csv`` or a mapping), the letters
    (``dataset.read_letters``), the interview notes, and optionally the opinion units of
    the conferences put together.
    """
    lang = _lang(lang)
    book = codebook or load_codebook()
    cleaned, cleaning = clean(questionnaire, survey=survey)
    weighting = weight_by_population(cleaned, populations)
    results = []
    for column in survey.reported:
        if column not in cleaned.columns:
            continue
        table = proportion_table(cleaned, column, weights=weighting, survey=survey)
        chart = png(bar_chart(table, load().message(f"reports.question.{column}", lang), lang))
        results.append(SurveyResult(column, table, chart))

    if "noi_dung" not in letters.columns:
        raise KitError("reports.error.letters_text")
    coded_letters = code_letters(letters)
    letter_sets = _theme_sets(coded_letters["chu_de_ma_hoa"])
    letter_themes = _theme_counts(letter_sets, book, len(letters), lang)
    kappa = None
    if "chu_de" in letters.columns:
        k = cohen_kappa(_theme_sets(letters["chu_de"]), letter_sets, multi=True)
        kappa = None if math.isnan(k.overall) else k.overall
    letter_chart = count_chart([t.name for t in letter_themes], [t.count for t in letter_themes],
                               load().message("reports.chart.letters", lang))

    notes = interviews["ghi_chep"].astype(str).tolist()
    interview_sets = [book.find(n) for n in notes]
    interview_themes = _theme_counts(interview_sets, book, len(notes), lang)
    interview_quotes = _interview_quotes(interviews, interview_themes, book, lang)

    answers = cleaned[["y_kien", "xa_phuong"]].dropna(subset=["y_kien"]) \
        if "y_kien" in cleaned.columns else pd.DataFrame(columns=["y_kien", "xa_phuong"])
    # Open answers repeat: each distinct one is looked at (and coded) once.
    codes, distinct = pd.factorize(answers["y_kien"])
    said = pd.Series(distinct, dtype=object).astype(str)
    keep = (said.str.strip() != "").to_numpy()[codes]
    answers, codes = answers[keep], codes[keep]
    open_found = book.find_many(said.to_numpy())[codes]
    open_themes = _theme_counts_of_table(open_found, book, len(answers), lang)
    open_quotes = _open_quotes(answers, codes, distinct, open_found, open_themes, book, lang)

    statistics = chart = None
    conferences: list[int] = []
    if units is not None and len(units):
        statistics = minutes_statistics(units, by=("chu_de",))
        chart = stance_chart(statistics.assign(nhom=""), lang)
        if "hoi_nghi" in units.columns:
            conferences = sorted({int(x) for x in units["hoi_nghi"]})
    return SynthesisReport(
        lang=lang, raw_rows=cleaning.rows_before, respondents=len(cleaned),
        cleaning=[c.text(lang) for c in cleaning.changes], effective_n=weighting.effective_n,
        design_effect=weighting.design_effect, survey=results, letters=len(letters),
        letter_themes=letter_themes, letter_chart=letter_chart, letter_kappa=kappa,
        interviews=len(interviews), interview_themes=interview_themes,
        interview_quotes=interview_quotes, open_answers=len(answers), open_themes=open_themes,
        open_quotes=open_quotes, conferences=conferences, conference_statistics=statistics,
        conference_chart=chart, comments=list(comments or []))


def synthesis_from_folder(folder: Path | str | None = None, comments: list[str] | None = None,
                          lang: str | None = None) -> SynthesisReport:
    """The synthesis report of a dataset folder laid out as ``datasets/tham-van-kcb``
    (``dataset``), the kit's when none is given."""
    folder = dataset.folder_of(folder)
    for name in (dataset.QUESTIONNAIRE_FILE, dataset.POPULATIONS_FILE, dataset.LETTERS_FILE,
                 dataset.INTERVIEWS_FILE):
        dataset.existing(folder / name)
    return synthesis_report(dataset.read_questionnaire(folder), dataset.read_populations(folder),
                            dataset.read_letters(folder), dataset.read_interviews(folder),
                            dataset.read_units(folder), comments, lang)


# --- length ----------------------------------------------------------------------------------

def words(text: str) -> int:
    """The number of words of a text (a Vietnamese word is one syllable).

    >>> words("Báo cáo nhanh: 48 ý kiến.")
    6
    """
    return len(_WORD.findall(text or ""))


def _lang(lang: str | None) -> str:
    lang = lang or language()
    return lang if lang in ("vi", "en") else "vi"

