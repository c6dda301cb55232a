"""Phase 3 dashboard: the quick report of a conference and the synthesis report.

A thin view over ``thamvan_lib.reports`` and ``thamvan_lib.documents.reports``:

* quick report (L11): pick a conference of the dataset (``load_conference``), see the
  conclusions and the findings ranked by weight of opinion (``quick_report``,
  ``conclusions``, ``finding_text``), the length measure (``body_words`` against
  ``TWO_PAGES_WORDS``: at most two pages) and download it as DOCX or HTML;
* synthesis report (L12, P3.3): built from the dataset folder (``synthesis_from_folder``),
  with the working group's own remarks; it takes seconds, so a progress bar and a status
  line say what is being done; then DOCX and HTML downloads.

Downloads are ``data:`` links carrying the file itself: nothing is fetched from a network.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from .. import reports as domain
from ..dataset import KIT, conferences
from ..documents.docx import docx_bytes
from ..documents.formats import MIME
from ..documents.reports import (TWO_PAGES_WORDS, body_words, quick_report_docx, quick_report_html,
                                 synthesis_docx, synthesis_html)
from ..errors import KitError
from ..minutes import load_conference
from ..store import Store
from .base import StoreView, data_link, error_note, page_style, wide
from .common import esc

STEPS = 4  # reading and computing, Word, web page, done
PAGE_WORDS = TWO_PAGES_WORDS / 2


class ReportsView(StoreView):
    """The quick report after a conference and the synthesis report of the consultation."""

    def __init__(self, store: Store | None = None, lang: str | None = None,
                 folder: Path | str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.folder = Path(folder) if folder else KIT.folder
        t = self.t
        # --- quick report ---------------------------------------------------------------------
        options = []
        for n in conferences(self.folder):
            try:
                minutes, _ = load_conference(n, self.folder)
                options.append((t("phases_ui.rep.conference", n=n, title=minutes.get("ten", "")), n))
            except KitError:
                continue
        self.conference = w.Dropdown(description=t("phases_ui.rep.pick"), options=options,
                                     value=options[0][1] if options else None,
                                     style={"description_width": "160px"}, layout=wide())
        self.quick_button = w.Button(description=t("phases_ui.rep.quick_make"), icon="file-text-o",
                                     button_style="primary")
        self.quick_button.on_click(lambda _: self.quick())
        self.quick_status, self.quick_body, self.quick_downloads = w.HTML(), w.HTML(), w.HTML()
        self.report = None
        quick = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.rep.quick_intro'))}</p>"),
            self.conference, w.HBox([self.quick_button, self.quick_status], layout=w.Layout(align_items="center")),
            self.quick_downloads, self.quick_body], layout=wide())
        # --- synthesis report -------------------------------------------------------------------
        self.comments = w.Textarea(description=t("phases_ui.rep.comments"), placeholder=t("plan_builder.one_per_line"),
                                   rows=3, style={"description_width": "160px"}, layout=wide())
        self.synthesis_button = w.Button(description=t("phases_ui.rep.synthesis_make"), icon="cogs",
                                         button_style="primary")
        self.synthesis_button.on_click(lambda _: self.synthesis())
        self.progress = w.IntProgress(min=0, max=STEPS, value=0, bar_style="info",
                                      layout=w.Layout(width="200px", visibility="hidden"))
        self.synthesis_status, self.synthesis_body, self.synthesis_downloads = w.HTML(), w.HTML(), w.HTML()
        self.synthesis_report = None
        synthesis = w.VBox([
            w.HTML(f"<p class='thamvan muted'>{esc(t('phases_ui.rep.synthesis_intro'))}</p>"),
            self.comments,
            w.HBox([self.synthesis_button, self.progress, self.synthesis_status], layout=w.Layout(align_items="center")),
            self.synthesis_downloads, self.synthesis_body], layout=wide())
        self.tabs = w.Tab(children=[quick, synthesis],
                          titles=[t("phases_ui.rep.tab.quick"), t("phases_ui.rep.tab.synthesis")])
        header = w.HTML(f"<div class='thamvan'><h1>{esc(t('phases_ui.rep.title'))}</h1>"
                        f"<p class='muted'>{esc(t('phases_ui.rep.intro'))}</p></div>")
        self.widget = w.VBox([*page_style(), header, self.tabs], layout=wide())
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")

    # --- quick report -------------------------------------------------------------------------
    def quick(self, number: int | None = None):
        """The quick report of a conference: findings, length, downloads. None when refused."""
        if number is not None and number in [v for _, v in self.conference.options]:
            self.conference.value = number
        number = self.conference.value if number is None else number
        if number is None:
            self.quick_status.value = error_note(self.t('phases_ui.rep.no_conference'))
            return None
        self.quick_downloads.value = self.quick_body.value = ""
        try:
            minutes, units = load_conference(number, self.folder)
            report = domain.quick_report(minutes, units, lang=self.lang)
            files = {"docx": docx_bytes(quick_report_docx(report)),
                     "html": quick_report_html(report).encode("utf-8")}
        except KitError as err:
            self.quick_status.value = error_note(err.text(self.lang))
            return None
        self.report = report
        self.quick_status.value = ""
        self.quick_body.value = self._quick_html(report)
        self.quick_downloads.value = self._links(f"bao-cao-nhanh-hoi-nghi-{number}", files)
        return report

    def _quick_html(self, report) -> str:
        t = self.t
        used = body_words(report)
        pages = used / PAGE_WORDS
        fits = used <= TWO_PAGES_WORDS
        length = t("phases_ui.rep.length", words=used, limit=TWO_PAGES_WORDS,
                   pages=f"{pages:.1f}".replace(".", "," if self.lang == "vi" else "."))
        verdict = t("phases_ui.rep.length_ok") if fits else t("phases_ui.rep.length_over")
        css = "thamvan-saved" if fits else "thamvan-error"
        findings = "".join(f"<li><b>{esc(f.topic)}</b>: {esc(domain.finding_text(f, self.lang, list(report.by_group)))}</li>"
                           for f in report.findings)
        conclusions = "".join(f"<li>{esc(c)}</li>" for c in domain.conclusions(report))
        recommendations = "".join(f"<li>{esc(r)}</li>" for r in report.recommendations)
        return (f"<div class='thamvan'><p class='{css} thamvan-length'><b>{esc(length)}</b> {esc(verdict)}</p>"
                f"<p>{esc(t('phases_ui.rep.quick_facts', opinions=report.opinions, topics=len(report.findings), attendance=report.attendance))}</p>"
                f"<h4>{esc(t('phases_ui.rep.conclusions'))}</h4><ul>{conclusions}</ul>"
                f"<h4>{esc(t('phases_ui.rep.findings'))}</h4><ol class='thamvan-findings'>{findings}</ol>"
                f"<h4>{esc(t('phases_ui.rep.recommendations'))}</h4><ul>{recommendations}</ul></div>")

    # --- synthesis report -------------------------------------------------------------------------
    def _step(self, n: int, key: str) -> None:
        self.progress.layout.visibility = "visible"
        self.progress.value = n
        self.synthesis_status.value = f"<span class='thamvan muted'>⏳ {esc(self.t(key))}</span>"

    def synthesis(self):
        """Build the synthesis report from the dataset folder, moving the progress bar."""
        self.synthesis_button.disabled = True
        self.synthesis_downloads.value = self.synthesis_body.value = ""
        comments = [line.strip() for line in self.comments.value.splitlines() if line.strip()]
        try:
            self._step(1, "phases_ui.rep.step.compute")
            report = domain.synthesis_from_folder(self.folder, comments, self.lang)
            self._step(2, "phases_ui.rep.step.docx")
            files = {"docx": docx_bytes(synthesis_docx(report))}
            self._step(3, "phases_ui.rep.step.html")
            files["html"] = synthesis_html(report).encode("utf-8")
        except KitError as err:
            self.synthesis_status.value = error_note(err.text(self.lang))
            return None
        finally:
            self.progress.layout.visibility = "hidden"
            self.progress.value = 0
            self.synthesis_button.disabled = False
        self.synthesis_report = report
        self.synthesis_status.value = f"<span class='thamvan-saved'>✔ {esc(self.t('phases_ui.rep.synthesis_done'))}</span>"
        themes = "".join(f"<li>{esc(th.name)}: {th.count}</li>" for th in report.letter_themes[:5])
        self.synthesis_body.value = (
            f"<div class='thamvan'><p>{esc(self.t('phases_ui.rep.synthesis_facts', respondents=report.respondents, letters=report.letters, interviews=report.interviews, conferences=len(report.conferences)))}</p>"
            f"<p>{esc(self.t('phases_ui.rep.words', words=body_words(report)))}</p>"
            f"<h4>{esc(self.t('phases_ui.rep.top_themes'))}</h4><ol>{themes}</ol></div>")
        self.synthesis_downloads.value = self._links("bao-cao-tong-hop-y-kien", files)
        return report

    def _links(self, name: str, files: dict) -> str:
        links = [data_link(f"{name}.{fmt}", data, MIME[fmt], self.t(f"phases_ui.download.{fmt}"))
                 for fmt, data in files.items()]
        return f"<div class='thamvan'><p>{esc(self.t('plan_builder.downloads'))} {' · '.join(links)}</p></div>"
