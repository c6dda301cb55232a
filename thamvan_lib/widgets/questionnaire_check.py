"""Write a questionnaire, check it, and record what its pilot test changed.

A thin view over ``questionnaire``: the checks are ``check_questionnaire`` (findings shown
under each question, with their reasons), the pilot record is ``PilotRecord`` applied with
``apply_revision`` (the question keeps its history), and the draft (history included) is
saved at every change in the learner's store as ``Questionnaire.to_dict()`` JSON, kind
"questionnaire", and restored when the page opens again.
"""

from __future__ import annotations

import ipywidgets as w

from .. import questionnaire as qmod
from ..errors import KitError
from ..questionnaire import PilotRecord, Question, Questionnaire, Revision
from ..store import Store
from .base import StoreView, page_style
from .common import esc

DRAFT_KIND = "questionnaire"


class _QuestionRow:
    """The inputs of one question, its findings after a check, and its revision history."""

    def __init__(self, view: QuestionnaireCheckView, question: Question):
        self.view = view
        self.history: list[Revision] = list(question.history)
        style, layout = {"description_width": "150px"}, w.Layout(width="100%")
        self.id = w.Text(value=question.id, description=view.t("questionnaire_tool.id"), style=style,
                         layout=w.Layout(width="280px"))
        self.kind = w.Dropdown(options=[(view.t(f"questionnaire_tool.kind.{k}"), k) for k in qmod.KINDS],
                               value=question.kind, description=view.t("questionnaire_tool.kind"),
                               style=style, layout=w.Layout(width="480px"))
        self.text = w.Textarea(value=question.text, description=view.t("questionnaire_tool.text"),
                               rows=3, style=style, layout=layout)
        self.options = w.Textarea(value="\n".join(question.options), rows=4, style=style, layout=layout,
                                  description=view.t("questionnaire_tool.options"),
                                  placeholder=view.t("questionnaire_tool.options_hint"))
        self.remove = w.Button(description=view.t("questionnaire_tool.remove"), icon="trash",
                               layout=w.Layout(width="auto"))
        self.remove.on_click(lambda _: view.remove_question(self))
        self.findings = w.HTML()
        self.history_html = w.HTML()
        for box in (self.id, self.kind, self.text, self.options):
            box.observe(lambda _: view.changed(), names="value")
        self.widget = w.VBox([w.HBox([self.id, self.kind, self.remove], layout=w.Layout(flex_flow="row wrap")),
                              self.text, self.options, self.findings, self.history_html],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan-item")
        self.show_history()

    def question(self, n: int) -> Question:
        qid = self.id.value.strip() or f"C{n}"  # an empty id would be refused; the box says so on check
        options = [line.strip() for line in self.options.value.splitlines() if line.strip()]
        return Question(qid, self.text.value, self.kind.value, options, history=list(self.history))

    def set(self, question: Question) -> None:
        self.id.value, self.kind.value = question.id, question.kind
        self.text.value, self.options.value = question.text, "\n".join(question.options)
        self.history = list(question.history)
        self.show_history()

    def show_history(self) -> None:
        if not self.history:
            self.history_html.value = ""
            return
        t = self.view.t
        items = []
        for n, r in enumerate(self.history, 1):
            rows = [(t("questionnaire_tool.history.respondent"), r.respondent),
                    (t("questionnaire_tool.history.issue"), r.issue),
                    (t("questionnaire_tool.history.old"), r.old_text),
                    (t("questionnaire_tool.history.new"), r.new_text),
                    (t("questionnaire_tool.history.reason"), r.reason)]
            if r.new_options is not None:
                rows.append((t("questionnaire_tool.history.options"),
                             f"{'; '.join(r.old_options or [])} → {'; '.join(r.new_options)}"))
            rows.append((t("questionnaire_tool.history.rules"),
                         f"{self.view.rule_names(r.rules_before)} → {self.view.rule_names(r.rules_after)}"))
            cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
            items.append(f"<p><b>{esc(t('questionnaire_tool.history.revision', n=n))}</b></p>"
                         f"<table class='thamvan-table'>{cells}</table>")
        self.history_html.value = (f"<div class='thamvan'><details open><summary>"
                                   f"{esc(t('questionnaire_tool.history', count=len(self.history)))}"
                                   f"</summary>{''.join(items)}</details></div>")


class QuestionnaireCheckView(StoreView):
    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        with self.loading():
            self._draw_page()
        self.restore()

    def _draw_page(self) -> None:
        style, layout = {"description_width": "150px"}, w.Layout(width="100%")
        self.title = w.Text(description=self.t("questionnaire_tool.title_field"), style=style, layout=layout)
        self.target_group = w.Text(description=self.t("questionnaire_tool.target_group"), style=style,
                                   layout=layout, placeholder=self.t("questionnaire_tool.target_group_hint"))
        for box in (self.title, self.target_group):
            box.observe(lambda _: self.changed(), names="value")
        self.rows: list[_QuestionRow] = []
        self.questions_box = w.VBox(layout=w.Layout(width="100%"))
        self.add_button = w.Button(description=self.t("questionnaire_tool.add"), icon="plus")
        self.add_button.on_click(lambda _: self.add_question())
        self.check_button = w.Button(description=self.t("questionnaire_tool.check"), icon="check",
                                     button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        self.summary = w.HTML()
        # the pilot record
        self.pilot_question = w.Dropdown(description=self.t("questionnaire_tool.pilot.question"),
                                         style=style, layout=w.Layout(width="480px"))
        self.pilot_question.observe(lambda _: self._prefill(), names="value")
        self.respondent = w.Text(description=self.t("questionnaire_tool.pilot.respondent"), style=style,
                                 layout=layout, placeholder=self.t("questionnaire_tool.pilot.respondent_hint"))
        self.issue = w.Textarea(description=self.t("questionnaire_tool.pilot.issue"), rows=2, style=style,
                                layout=layout)
        self.new_text = w.Textarea(description=self.t("questionnaire_tool.pilot.new_text"), rows=3,
                                   style=style, layout=layout)
        self.new_options = w.Textarea(description=self.t("questionnaire_tool.pilot.new_options"), rows=3,
                                      style=style, layout=layout)
        self.reason = w.Textarea(description=self.t("questionnaire_tool.pilot.reason"), rows=2, style=style,
                                 layout=layout)
        self.apply_button = w.Button(description=self.t("questionnaire_tool.pilot.apply"), icon="pencil",
                                     button_style="primary")
        self.apply_button.on_click(lambda _: self.apply_pilot())
        self.pilot_result = w.HTML()
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('questionnaire_tool.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('questionnaire_tool.intro'))}</p></div>")
        pilot_head = w.HTML(f"<div class='thamvan'><h2>{esc(self.t('questionnaire_tool.pilot.title'))}</h2>"
                            f"<p class='muted'>{esc(self.t('questionnaire_tool.pilot.intro'))}</p></div>")
        self.widget = w.VBox([
            *page_style(), header, self.title, self.target_group,
            w.HBox([self.check_button, self.status], layout=w.Layout(align_items="center")),
            self.summary, self.questions_box, self.add_button, pilot_head, self.pilot_question,
            self.respondent, self.issue, self.new_text, self.new_options, self.reason,
            self.apply_button, self.pilot_result,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-form")

    # drafts
    def restore(self) -> None:
        draft = self.store.load_json(DRAFT_KIND, Questionnaire.from_dict)
        self.set_questionnaire(draft.value or Questionnaire("", "", [Question("C1", "", "single")]))
        self.status.value = self.draft_note(draft, DRAFT_KIND, "questionnaire_tool.restored")

    def set_questionnaire(self, qn: Questionnaire) -> None:
        with self.loading():
            self.title.value, self.target_group.value = qn.title, qn.target_group
            self.rows = [_QuestionRow(self, q) for q in qn.questions]
            self._draw()

    def questionnaire(self) -> Questionnaire:
        return Questionnaire(self.title.value, self.target_group.value,
                             [row.question(n) for n, row in enumerate(self.rows, 1)])

    def changed(self) -> None:
        if self.is_loading:
            return
        self._refresh_pilot_choices()
        self.save()

    def save(self) -> bool:
        return self.autosave(lambda: self.store.save_json(DRAFT_KIND, self.questionnaire().to_dict()))

    # questions
    def _draw(self) -> None:
        self.questions_box.children = [r.widget for r in self.rows]
        self._refresh_pilot_choices()

    def add_question(self) -> _QuestionRow:
        ids = {r.id.value.strip() for r in self.rows}
        n = len(self.rows) + 1
        while f"C{n}" in ids:
            n += 1
        row = _QuestionRow(self, Question(f"C{n}", "", "single"))
        self.rows.append(row)
        self._draw()
        self.changed()
        return row

    def remove_question(self, row: _QuestionRow) -> None:
        self.rows.remove(row)
        self._draw()
        self.changed()

    def rule_names(self, rules: list[str]) -> str:
        return ", ".join(self.t(f"questionnaire_tool.rule.{r}") for r in rules) or self.t("questionnaire_tool.no_rule")

    # the check
    def check(self) -> list:
        """Findings under each question (with their reasons), those of the whole form on top."""
        try:
            qn = self.questionnaire()
            findings = qmod.check_questionnaire(qn)
        except KitError as err:
            self.summary.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return []
        severity = {s: self.t(f"questionnaire.severity.{s}") for s in ("error", "warning")}

        def items(found):
            return "".join(f"<li class='{esc(f.severity)}'><b>{esc(severity[f.severity])}</b> · "
                           f"{esc(f.text(self.lang))}</li>" for f in found)

        for n, row in enumerate(self.rows, 1):
            qid = qn.questions[n - 1].id
            mine = [f for f in findings if f.question_id == qid and f.rule != "duplicate_id"]
            if row.id.value.strip() == "":
                row.findings.value = (f"<p class='thamvan-error'>"
                                      f"{esc(self.t('questionnaire_tool.empty_id', id=qid))}</p>")
            else:
                row.findings.value = ""
            if mine:
                row.findings.value += (f"<div class='thamvan'><ul class='thamvan-issues'>{items(mine)}</ul></div>")
            else:
                row.findings.value += f"<p class='thamvan thamvan-saved'>✔ {esc(self.t('questionnaire_tool.question_ok'))}</p>"
        whole = [f for f in findings if f.question_id is None or f.rule == "duplicate_id"]
        count = self.t("questionnaire_tool.summary", errors=sum(f.severity == "error" for f in findings),
                       warnings=sum(f.severity == "warning" for f in findings))
        self.summary.value = (f"<div class='thamvan'><p><b>{esc(count)}</b></p>"
                              + (f"<ul class='thamvan-issues'>{items(whole)}</ul>" if whole else "") + "</div>")
        return findings

    # the pilot record
    def _refresh_pilot_choices(self) -> None:
        ids = [r.id.value.strip() for r in self.rows if r.id.value.strip()]
        current = self.pilot_question.value
        self.pilot_question.options = ids
        if current in ids:
            self.pilot_question.value = current

    def _row(self, qid: str | None) -> _QuestionRow | None:
        return next((r for r in self.rows if r.id.value.strip() == qid), None)

    def _prefill(self) -> None:
        row = self._row(self.pilot_question.value)
        if row is not None:
            self.new_text.value = row.text.value
            self.new_options.value = row.options.value

    def apply_pilot(self) -> Revision | None:
        """Apply the pilot record: the question is revised, checked again and keeps its history."""
        row = self._row(self.pilot_question.value)
        if row is None:
            self.pilot_result.value = f"<p class='thamvan-error'>{esc(self.t('questionnaire_tool.pilot.no_question'))}</p>"
            return None
        options = [line.strip() for line in self.new_options.value.splitlines() if line.strip()]
        try:
            qn = self.questionnaire()
            old = qn.question(row.id.value.strip())
            record = PilotRecord(old.id, self.respondent.value, self.issue.value, self.new_text.value,
                                 self.reason.value, None if options == old.options else options)
            revised = qmod.apply_revision(qn, record)
        except KitError as err:
            self.pilot_result.value = f"<p class='thamvan-error'>{esc(err.text(self.lang))}</p>"
            return None
        question = revised.question(old.id)
        with self.loading():
            row.set(question)
        self.save()
        self.check()  # the findings of the revised question
        revision = question.history[-1]
        self.pilot_result.value = (f"<p class='thamvan thamvan-saved'>✔ "
                                   f"{esc(self.t('questionnaire_tool.pilot.applied', question=old.id, before=self.rule_names(revision.rules_before), after=self.rule_names(revision.rules_after)))}</p>")
        for box in (self.respondent, self.issue, self.reason):
            box.value = ""
        return revision
