"""The trainer's summary of the knowledge tests and the evaluation, shown in the day view:
the class per phase before and after, a chart, each trainee's gain, the evaluation's means
and comments, and the whole as Word and Excel. The hand-ins are collected again on
"Cập nhật kết quả" (``pretest.class_results``); the keys are read on the trainer's server
only."""

from __future__ import annotations

import base64

import ipywidgets as w

from ..documents.pretest import (FILE_NAME, gain_chart, phase_header, phase_rows, rating_header,
                                 rating_rows, summary_docx, summary_xlsx, trainee_header, trainee_rows)
from ..errors import KitError
from ..i18n import short_number
from ..pretest import ASPECTS, ClassResults, Inbox, class_results, load_evaluation
from .base import data_link, error_note, wide
from .common import View, esc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def table_html(head: list[str], rows: list[list[str]], numeric: int = 1) -> str:
    """A table whose columns from ``numeric`` on are numbers (right-aligned)."""
    cls = lambda n: " class='num'" if n >= numeric else ""  # noqa: E731
    top = "".join(f"<th{cls(n)}>{esc(h)}</th>" for n, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{cls(n)}>{esc(c)}</td>" for n, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table class='thamvan-table'><tr>{top}</tr>{body}</table>"


class ResultsView(View):
    def __init__(self, box: Inbox | None = None, keys: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.box, self.keys = box, keys
        self.found: ClassResults | None = None
        self.refresh_button = w.Button(description=self.t("pretest.summary.refresh"), icon="refresh")
        self.word_button = w.Button(description=self.t("pretest.summary.export_word"), icon="file-word-o")
        self.excel_button = w.Button(description=self.t("pretest.summary.export_excel"), icon="file-excel-o")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.word_button.on_click(lambda _: self.export("docx"))
        self.excel_button.on_click(lambda _: self.export("xlsx"))
        self.downloads, self.body = w.HTML(), w.HTML()
        self.widget = w.VBox([w.HBox([self.refresh_button, self.word_button, self.excel_button]),
                              self.downloads, self.body], layout=wide()).add_class("thamvan")
        self.refresh()

    def refresh(self) -> None:
        self.downloads.value = ""
        try:
            self.found = class_results(self.box, self.keys, self.content.root)
        except KitError as err:
            self.found = None
            self.body.value = error_note(err.text(self.lang))
            return
        self.body.value = self.html(self.found)

    def html(self, found: ClassResults) -> str:
        lang, t = self.lang, lambda key, **v: self.t(f"pretest.summary.{key}", **v)
        parts = [f"<p>{esc(t('counts', pre=len(found.pre), post=len(found.post), evaluations=len(found.evaluations)))}</p>",
                 f"<h3>{esc(t('by_phase'))}</h3>"]
        if found.table is None:
            parts.append(f"<p class='thamvan-error'>{esc(self.t('pretest.no_keys'))}</p>")
        else:
            parts.append(table_html(phase_header(lang), phase_rows(found, lang)))
            chart = gain_chart(found, lang)
            if chart:
                parts.append(f"<img alt='{esc(t('chart_caption'))}' style='max-width:100%' "
                             f"src='data:image/png;base64,{base64.b64encode(chart).decode('ascii')}'>")
            parts += [f"<h3>{esc(t('by_trainee'))}</h3>", table_html(trainee_header(lang), trainee_rows(found, lang))]
        means = "; ".join(f"{self.t(f'pretest.aspect.{a}')}: {short_number(found.aspects.get(a), lang)}" for a in ASPECTS)
        parts += [f"<h3>{esc(t('evaluation'))}</h3>", f"<p><b>{esc(t('aspect_means'))}:</b> {esc(means)}</p>",
                  table_html(rating_header(lang), rating_rows(found, lang), numeric=2)]
        texts = {c.id: c.text.get(lang) for c in load_evaluation(self.content.root).comments}
        for ident, said in found.comments.items():
            items = "".join(f"<li>{esc(s)}</li>" for s in said) or "<li>–</li>"
            parts.append(f"<h4>{esc(texts.get(ident, ident))}</h4><ul>{items}</ul>")
        return "".join(parts)

    def export(self, fmt: str) -> str:
        if self.found is None:
            return ""
        data, mime = (summary_docx(self.found, self.lang), DOCX) if fmt == "docx" else \
            (summary_xlsx(self.found, self.lang), XLSX)
        label = self.t("pretest.summary.download", format="Word" if fmt == "docx" else "Excel")
        self.downloads.value = f"<p>{data_link(f'{FILE_NAME}.{fmt}', data, mime, label)}</p>"
        return self.downloads.value
