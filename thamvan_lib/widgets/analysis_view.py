"""The analysis dashboard: a thin view over ``analysis`` for the survey and the conferences.

What the page does, and which function of ``analysis`` does the work:

* the data: the shipped questionnaire (``datasets/tham-van-kcb/phieu-hoi.csv``, button
  "Dùng dữ liệu mẫu") or an uploaded CSV, read by ``load_questionnaire_file`` (UTF-8,
  UTF-16, CP1258, TCVN3/VNI). A refused file (too large, not a table, a required column
  missing …) is explained in the reader's language and changes nothing: the data in use,
  its tables and the choices stay as they were;
* the cleaning report of ``clean``: one table row per change, saying what, which rows, why;
* weighting by commune population (``weight_by_population`` with ``dan-so-xa.csv``),
  switched on or off, with Kish's effective sample size and the design effect;
* one question at a time: ``proportion_table`` (shares with 95% Wilson intervals,
  weighted or not), optionally by a group column (gender, ethnic group, household
  status, commune, age group), drawn by ``bar_chart`` (matplotlib Agg → PNG);
* the structured minutes of the two conferences: ``minutes_statistics`` (opinions per
  topic and group: agree, disagree, propose).

Long work (reading, cleaning, weighting, drawing) moves a progress bar and a status line.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import PurePath

import ipywidgets as w
import pandas as pd

from ..analysis import cleaning, tables
from ..analysis.io import load_questionnaire_file
from ..charts import bar_chart
from ..dataset import KIT, QUESTIONNAIRE_FILE, STANCES, conferences, read_minutes, read_populations, read_units
from ..errors import KitError
from ..minutes import minutes_statistics
from ..store import Store, preferred_language
from ..i18n import decimal, long_date
from ..vietnamese import detect_encoding, encoding_label
from .base import page_style
from .common import View, esc

SAMPLE_FILE = QUESTIONNAIRE_FILE
LIMIT_MB = 5
LIMIT_BYTES = LIMIT_MB * 1024 * 1024
# Questions of the kit's questionnaire are shown first and by name; other columns of an
# uploaded file are offered by their column name when they look like closed questions.
QUESTIONS, GROUPS, NOT_QUESTIONS = KIT.survey.questions, KIT.survey.groups, KIT.survey.not_questions
MAX_OPTIONS = 30  # a column with more distinct answers is free text, not a closed question
MINUTES_VIEWS = {"topic_group": ("chu_de", "nhom"), "topic": ("chu_de",),
                 "conference": ("hoi_nghi", "chu_de", "nhom")}
STEPS = 4  # reading, cleaning, weighting, tables


def percent(share: float, lang: str) -> str:
    """A share as a percentage with one decimal.

    >>> percent(0.5, "vi"), percent(0.5, "en")
    ('50,0%', '50.0%')
    """
    return decimal(share * 100, 1, lang) + "%"


@dataclass
class Dataset:
    """Questionnaire data in use: as read, as cleaned, the report, and its weights."""

    name: str
    sample: bool
    encoding: str
    raw: pd.DataFrame
    clean: pd.DataFrame
    report: cleaning.CleaningReport
    weighting: tables.Weighting | None
    weight_error: KitError | None


@functools.cache
def _sample() -> tuple[pd.DataFrame, str]:
    data = (KIT.folder / SAMPLE_FILE).read_bytes()
    return load_questionnaire_file(data), detect_encoding(data)


def sample_frame() -> tuple[pd.DataFrame, str]:
    """The shipped questionnaire as ``load_questionnaire_file`` reads it (read once per
    kernel: it does not change), and its encoding."""
    raw, encoding = _sample()
    return raw.copy(), encoding


def conference_units() -> pd.DataFrame:
    """The opinion units of the shipped conferences, put together, numbered as numbers."""
    return read_units().astype({"hoi_nghi": int})


def conference_titles() -> dict[int, dict]:
    return {n: read_minutes(n) for n in conferences()}


class AnalysisView(View):
    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(lang=lang or preferred_language(store), **kwargs)
        self.data: Dataset | None = None
        self.table: pd.DataFrame | None = None  # the proportion_table shown
        self._drawing = False
        # data
        self.sample_button = w.Button(description=self.t("analysis_ui.sample"), icon="database",
                                      button_style="primary", layout=w.Layout(width="auto"))
        self.sample_button.on_click(lambda _: self.load_sample())
        self.upload = w.FileUpload(accept=".csv,.txt", multiple=False, icon="upload",
                                   description=self.t("analysis_ui.upload"), layout=w.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.progress = w.IntProgress(min=0, max=STEPS, value=0, bar_style="info",
                                      layout=w.Layout(width="320px", visibility="hidden"))
        self.status = w.HTML()
        self.source = w.HTML(f"<p class='thamvan muted'>{esc(self.t('analysis_ui.no_data'))}</p>")
        self.report_html = w.HTML()
        # weights
        self.weighted = w.Checkbox(value=False, description=self.t("analysis_ui.weights.toggle"),
                                   indent=False, disabled=True, layout=w.Layout(width="auto"))
        self.weighted.observe(lambda _: self.show_question(), names="value")
        self.weights_html = w.HTML()
        # question
        style = {"description_width": "160px"}
        self.question = w.Dropdown(options=[], description=self.t("analysis_ui.question"), style=style,
                                   layout=w.Layout(width="560px"), disabled=True)
        self.group = w.Dropdown(options=[(self.t("analysis_ui.group.none"), "")], value="",
                                description=self.t("analysis_ui.group"), style=style,
                                layout=w.Layout(width="560px"), disabled=True)
        for box in (self.question, self.group):
            box.observe(lambda _: self.show_question(), names="value")
        self.result_html = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(display="none", max_width="760px"))
        # minutes
        self.minutes_by = w.ToggleButtons(
            options=[(self.t(f"analysis_ui.minutes.by.{k}"), k) for k in MINUTES_VIEWS], value="topic_group",
            style={"button_width": "auto"})
        self.minutes_by.observe(lambda _: self.show_minutes(), names="value")
        self.minutes_html = w.HTML()

        def heading(key, intro=None):
            text = f"<h2>{esc(self.t(key))}</h2>"
            if intro:
                text += f"<p class='muted'>{esc(self.t(intro))}</p>"
            return w.HTML(f"<div class='thamvan'>{text}</div>")

        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('analysis_ui.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('analysis_ui.intro', limit=LIMIT_MB))}</p></div>")
        survey = w.VBox([
            w.HBox([self.sample_button, self.upload], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.progress, self.status], layout=w.Layout(align_items="center")),
            self.source,
            heading("analysis_ui.report.title", "analysis_ui.report.intro"), self.report_html,
            heading("analysis_ui.weights.title", "analysis_ui.weights.intro"), self.weighted, self.weights_html,
            heading("analysis_ui.shares.title", "analysis_ui.shares.intro"), self.question, self.group,
            self.result_html, self.chart,
        ], layout=w.Layout(width="100%"))
        minutes = w.VBox([heading("analysis_ui.minutes.title", "analysis_ui.minutes.intro"),
                          self.minutes_by, self.minutes_html], layout=w.Layout(width="100%"))
        self.tabs = w.Tab(children=[survey, minutes],
                          titles=[self.t("analysis_ui.tab.survey"), self.t("analysis_ui.tab.minutes")])
        self.widget = w.VBox([*page_style(), header, self.tabs], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")
        self.show_minutes()

    # --- progress -----------------------------------------------------------------------
    def _step(self, n: int, key: str, **values) -> None:
        self.progress.layout.visibility = "visible"
        self.progress.value = n
        self.status.value = f"<span class='thamvan muted'>⏳ {esc(self.t(key, **values))}</span>"

    def _done(self, message: str = "", error: bool = False) -> None:
        self.progress.layout.visibility = "hidden"
        self.progress.value = 0
        css = "thamvan-error" if error else "thamvan-saved"
        self.status.value = f"<span class='thamvan {css}'>{esc(message)}</span>" if message else ""

    # --- loading ------------------------------------------------------------------------
    def load_sample(self) -> Dataset | None:
        """The questionnaire shipped with the kit (with its deliberate faults)."""
        return self._load(SAMPLE_FILE, lambda: sample_frame(), sample=True)

    def _on_upload(self, change) -> None:
        if not change["new"]:
            return
        for item in change["new"]:
            self.load_bytes(item["name"], bytes(item["content"]))
        self.upload.value = ()  # free the memory, and let the same file be chosen again

    def load_bytes(self, name: str, data: bytes) -> Dataset | None:
        """Read, clean and weight an uploaded questionnaire file and show it; a refused file
        changes nothing but the status line, which says why."""
        def read():
            if len(data) > LIMIT_BYTES:
                raise KitError("analysis_ui.too_large", limit=LIMIT_MB,
                               size=decimal(len(data) / 1024 / 1024, 1, self.lang))
            return load_questionnaire_file(data, max_bytes=LIMIT_BYTES), detect_encoding(bytes(data))
        return self._load(PurePath(name or "phieu-hoi.csv").name, read)

    def _load(self, name: str, read, sample: bool = False) -> Dataset | None:
        try:
            self._step(1, "analysis_ui.step.reading", name=name)
            raw, encoding = read()
            self._step(2, "analysis_ui.step.cleaning", rows=len(raw))
            clean, report = cleaning.clean(raw)
            if clean.empty:
                raise KitError("analysis.load.empty")
            self._step(3, "analysis_ui.step.weights")
            try:
                weighting, weight_error = tables.weight_by_population(clean, read_populations()), None
            except KitError as err:
                weighting, weight_error = None, err
        except KitError as err:
            kept = (self.t("analysis_ui.kept", name=self.data.name) if self.data
                    else self.t("analysis_ui.kept_none"))
            self._done(f"{self.t('analysis_ui.refused', name=name)} {err.text(self.lang)} {kept}", error=True)
            return None
        self.data = Dataset(name, sample, encoding, raw, clean, report, weighting, weight_error)
        self._step(4, "analysis_ui.step.tables")
        self._show_data()
        self._done(self.t("analysis_ui.loaded", name=name, rows=len(clean)))
        return self.data

    def _show_data(self) -> None:
        d = self.data
        key = "analysis_ui.source.sample" if d.sample else "analysis_ui.source.upload"
        self.source.value = (f"<p class='thamvan'>{esc(self.t(key, name=d.name))} "
                             f"{esc(self.t('analysis_ui.source.detail', rows=len(d.raw), columns=len(d.raw.columns), encoding=encoding_label(d.encoding, self.lang)))}</p>")
        self.report_html.value = self.report_table(d.report)
        self._drawing = True
        try:
            self.weighted.disabled = d.weighting is None
            self.weighted.value = d.weighting is not None and self.weighted.value
            questions = self.question_columns(d.clean)
            groups = [c for c in GROUPS if c in d.clean.columns]
            previous_q, previous_g = self.question.value, self.group.value
            self.question.options = [(self.column_label(c), c) for c in questions]
            self.question.value = previous_q if previous_q in questions else (questions[0] if questions else None)
            self.group.options = [(self.t("analysis_ui.group.none"), "")] + [(self.column_label(c), c) for c in groups]
            self.group.value = previous_g if previous_g in groups else ""
            self.question.disabled = self.group.disabled = not questions
        finally:
            self._drawing = False
        self.show_question()

    def question_columns(self, df: pd.DataFrame) -> list[str]:
        """The columns to tabulate: the known questions first, then other closed ones."""
        known = [c for c in QUESTIONS + GROUPS if c in df.columns]
        others = [c for c in df.columns if c not in known and c not in NOT_QUESTIONS
                  and df[c].notna().any() and df[c].nunique() <= MAX_OPTIONS]
        return known + others

    def column_label(self, column: str) -> str:
        key = f"analysis_ui.column.{column}"
        if key in self.content.messages:
            return f"{self.t(key)} ({column})"
        return column

    # --- the cleaning report ----------------------------------------------------------------
    def report_table(self, report: cleaning.CleaningReport) -> str:
        t = self.t
        summary = f"<p>{esc(t('analysis_ui.report.summary', before=report.rows_before, after=report.rows_after, changes=len(report.changes)))}</p>"
        frame = report.to_frame(self.lang)
        if frame.empty:
            return f"<div class='thamvan'>{summary}<p class='muted'>{esc(t('analysis.clean.nothing'))}</p></div>"
        head = "".join(f"<th>{esc(t(k))}</th>" for k in ("analysis_ui.report.col.n", "analysis_ui.report.col.what",
                                                          "analysis_ui.report.col.column", "analysis_ui.report.col.rows"))
        rows = "".join(
            f"<tr><td class='num'>{i}</td><td>{esc(r.noi_dung)}</td><td>{esc(r.cot if isinstance(r.cot, str) else '—')}</td>"
            f"<td class='num'>{r.so_dong}</td></tr>"
            for i, r in enumerate(frame.itertuples(), 1))
        return (f"<div class='thamvan'>{summary}<div style='max-height: 22em; overflow: auto'>"
                f"<table class='thamvan-table thamvan-report'><tr>{head}</tr>{rows}</table></div></div>")

    # --- weights and shares --------------------------------------------------------------
    def weights(self):
        d = self.data
        return d.weighting if (d and d.weighting is not None and self.weighted.value) else None

    def weights_text(self) -> str:
        d = self.data
        if d is None:
            return ""
        if d.weighting is None:
            reason = d.weight_error.text(self.lang) if d.weight_error else ""
            return f"<p class='thamvan thamvan-error'>{esc(self.t('analysis_ui.weights.unavailable', reason=reason))}</p>"
        wt = d.weighting
        values = dict(n=wt.n, effective=decimal(wt.effective_n, 1, self.lang),
                      deff=decimal(wt.design_effect, 2, self.lang))
        key = "analysis_ui.weights.on" if self.weighted.value else "analysis_ui.weights.off"
        return f"<p class='thamvan'>{esc(self.t(key, **values))}</p>"

    def show_question(self) -> None:
        """The table of shares (and chart) of the chosen question, by the chosen group."""
        if self._drawing:
            return
        self.weights_html.value = self.weights_text()
        if self.data is None or not self.question.value:
            return
        column, by = self.question.value, self.group.value or None
        if by == column:
            self.result_html.value = f"<p class='thamvan thamvan-error'>{esc(self.t('analysis_ui.same_column'))}</p>"
            self.chart.layout.display = "none"
            return
        self._step(4, "analysis_ui.step.tables")
        try:
            table = tables.proportion_table(self.data.clean, column, by=by, weights=self.weights())
        except KitError as err:
            self.table = None
            self.result_html.value = f"<p class='thamvan thamvan-error'>{esc(err.text(self.lang))}</p>"
            self.chart.layout.display = "none"
            self._done()
            return
        self.table = table
        self.result_html.value = self.shares_html(table, column, by)
        self._step(4, "analysis_ui.step.chart")
        self.chart.value = self.chart_png(table, column)
        self.chart.layout.display = None
        self._done()

    def shares_html(self, table: pd.DataFrame, column: str, by: str | None) -> str:
        t, lang = self.t, self.lang
        weighted = self.weights() is not None
        note = t("analysis_ui.shares.weighted" if weighted else "analysis_ui.shares.unweighted")
        sums = table.groupby(by)["ty_le"].sum() if by else table["ty_le"].sum()
        if float(pd.Series(sums).max()) > 1.0001:  # a multi-select question: people ticked several
            note += " " + t("analysis_ui.shares.multi")
        if by is None:
            head = "".join(f"<th{' class=num' if k != 'answer' else ''}>{esc(t('analysis_ui.shares.col.' + k))}</th>"
                           for k in ("answer", "count", "share", "interval"))
            rows = "".join(
                f"<tr><td>{esc(str(r.tra_loi))}</td><td class='num'>{r.so_nguoi}</td>"
                f"<td class='num'>{percent(r.ty_le, lang)}</td>"
                f"<td class='num'>{percent(r.can_duoi, lang)} – {percent(r.can_tren, lang)}</td></tr>"
                for r in table.itertuples())
            base = table.iloc[0]
            foot = (t("analysis_ui.shares.base", base=int(base.co_so),
                      effective=decimal(float(base.n_hieu_dung), 1, lang)) if weighted
                    else t("analysis_ui.shares.base_unweighted", base=int(base.co_so)))
            body = f"<table class='thamvan-table thamvan-shares'><tr>{head}</tr>{rows}</table>"
        else:
            groups = list(dict.fromkeys(table[by]))
            answers = list(dict.fromkeys(table["tra_loi"]))
            cells = table.set_index([by, "tra_loi"])
            head = f"<th>{esc(t('analysis_ui.shares.col.answer'))}</th>" + "".join(
                f"<th class='num'>{esc(str(g))}</th>" for g in groups)
            rows = ""
            for a in answers:
                row = f"<td>{esc(str(a))}</td>"
                for g in groups:
                    if (g, a) in cells.index:
                        c = cells.loc[(g, a)]
                        row += (f"<td class='num'><b>{percent(c.ty_le, lang)}</b><br>"
                                f"<span class='muted'>{percent(c.can_duoi, lang)} – {percent(c.can_tren, lang)}</span></td>")
                    else:
                        row += "<td class='num'>—</td>"
                rows += f"<tr>{row}</tr>"
            bases = table.groupby(by, sort=False)[["co_so", "n_hieu_dung"]].first()
            row = f"<td><i>{esc(t('analysis_ui.shares.col.base'))}</i></td>" + "".join(
                f"<td class='num'><i>{int(bases.loc[g, 'co_so'])}</i></td>" for g in groups)
            rows += f"<tr>{row}</tr>"
            foot = t("analysis_ui.shares.cross_note", group=self.column_label(by))
            body = f"<table class='thamvan-table thamvan-shares thamvan-crosstab'><tr>{head}</tr>{rows}</table>"
        title = t("analysis_ui.shares.heading", question=self.column_label(column))
        if by:
            title += " · " + t("analysis_ui.shares.by", group=self.column_label(by))
        return (f"<div class='thamvan'><h3>{esc(title)}</h3>{body}"
                f"<p class='muted'>{esc(foot)} {esc(note)}</p></div>")

    def chart_png(self, table: pd.DataFrame, column: str) -> bytes:
        """``bar_chart`` of the table, as PNG bytes (Agg: no display, no network)."""
        fig = bar_chart(table, title=self.column_label(column), lang=self.lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue()

    # --- conferences ---------------------------------------------------------------------
    def date(self, iso: str) -> str:
        return long_date(iso, self.lang)

    def show_minutes(self) -> None:
        t = self.t
        try:
            units = conference_units()
            titles = conference_titles()
            table = minutes_statistics(units, by=MINUTES_VIEWS[self.minutes_by.value])
        except (KitError, OSError, ValueError) as err:
            reason = err.text(self.lang) if isinstance(err, KitError) else str(err)
            self.minutes_html.value = f"<p class='thamvan thamvan-error'>{esc(t('analysis_ui.minutes.unreadable', reason=reason))}</p>"
            return
        conferences = "".join(
            f"<li>{esc(t('analysis_ui.minutes.conference', n=n, name=c.get('ten', ''), place=c.get('dia_diem', ''), date=self.date(c.get('thoi_gian', {}).get('ngay', '')), units=int((units['hoi_nghi'] == n).sum())))}</li>"
            for n, c in titles.items())
        labels = {"hoi_nghi": t("analysis_ui.minutes.col.conference"), "chu_de": t("analysis_ui.minutes.col.topic"),
                  "nhom": t("analysis_ui.minutes.col.group"), "tong": t("analysis_ui.minutes.col.total")}
        labels.update({s: t(f"analysis_ui.minutes.stance.{k}") for s, k in zip(STANCES, ("agree", "disagree", "propose"))})
        numeric = set(STANCES) | {"tong"}
        head = "".join(f"<th{' class=num' if c in numeric else ''}>{esc(labels.get(c, c))}</th>" for c in table.columns)
        rows = "".join("<tr>" + "".join(
            f"<td class='num'>{v}</td>" if c in numeric else f"<td>{esc(str(v))}</td>"
            for c, v in zip(table.columns, r)) + "</tr>" for r in table.itertuples(index=False))
        totals = "<tr>" + "".join(
            f"<td class='num'><b>{int(table[c].sum())}</b></td>" if c in numeric else
            (f"<td><b>{esc(t('analysis_ui.minutes.total'))}</b></td>" if i == 0 else "<td></td>")
            for i, c in enumerate(table.columns)) + "</tr>"
        self.minutes_table = table
        self.minutes_html.value = (
            f"<div class='thamvan'><ul>{conferences}</ul>"
            f"<table class='thamvan-table thamvan-minutes'><tr>{head}</tr>{rows}{totals}</table>"
            f"<p class='muted'>{esc(t('analysis_ui.minutes.note'))}</p></div>")
