"""The trainee's "Kiểm tra" dashboard: the pre-test, the post-test and the end-of-workshop
evaluation, each a tab. No code: one set of radio buttons per question, a 1–5 choice per
rating, boxes for comments. Every choice is saved at once (a draft in the learner's store);
"Nộp bài" hands the form in once (``pretest.hand_in``): into the store on one machine, into
nbgrader's exchange on the class hub. Nothing of the keys is read here.

    from thamvan_lib.widgets.pretest_view import test_page
    quiz_page()
"""

from __future__ import annotations

import ipywidgets as w

from ..errors import KitError
from ..pretest import (Inbox, draft_kind, form_for, hand_in, handed_in, inbox, load_evaluation,
                       load_questions)
from ..store import Store
from .base import StoreView, error_note, json_object, page_style, saved_note, wide
from .common import esc

LETTERS = "ABCDE"


class FormPage(StoreView):
    """One form (``kind`` pre / post / evaluation): its inputs, its draft, its hand-in."""

    def __init__(self, kind: str, box: Inbox | None = None, store: Store | None = None, **kwargs):
        super().__init__(store=store, **kwargs)
        self.kind, self.box = kind, box
        self.inputs: dict[str, w.Widget] = {}
        rows: list[w.Widget] = []
        if kind == "evaluation":
            self.spec = load_evaluation(self.content.root)
            self.form_id = ""
            rows.append(w.HTML(f"<p>{esc(self.spec.intro.get(self.lang))}</p>"))
            scale = [(f"{n} – {label.get(self.lang)}", n) for n, label in enumerate(self.spec.scale, 1)]
            for n, rating in enumerate(self.spec.ratings, 1):
                field = w.RadioButtons(options=scale, value=None, layout=wide())
                self.inputs[rating.id] = field
                aspect = self.t(f"pretest.aspect.{rating.aspect}")
                rows.append(self._item(f"{n}. [{aspect}] {rating.text.get(self.lang)}", field))
            for comment in self.spec.comments:
                field = w.Textarea(rows=3, layout=wide(), continuous_update=False)
                self.inputs[comment.id] = field
                rows.append(self._item(comment.text.get(self.lang), field))
        else:
            bank = load_questions(self.content.root)
            form = form_for(bank, kind)
            self.form_id = form.id
            rows.append(w.HTML(f"<p>{esc(bank.intro.get(self.lang))}</p>"))
            for n, question in enumerate(form.questions, 1):
                options = [(f"{LETTERS[i]}. {o.text.get(self.lang)}", o.id) for i, o in enumerate(question.options)]
                field = w.RadioButtons(options=options, value=None, layout=wide())
                self.inputs[question.id] = field
                label = self.t("pretest.question", n=n, phase=question.phase) + " " + question.prompt.get(self.lang)
                rows.append(self._item(label, field))
        self.submit_button = w.Button(description=self.t("pretest.submit"), button_style="success", icon="upload")
        self.yes = w.Button(description=self.t("pretest.confirm_yes"), button_style="warning")
        self.no = w.Button(description=self.t("pretest.confirm_no"))
        self.confirm_text = w.HTML()
        self.confirm = w.VBox([self.confirm_text, w.HBox([self.yes, self.no])], layout=w.Layout(display="none"))
        self.submit_button.on_click(lambda _: self.ask())
        self.no.on_click(lambda _: setattr(self.confirm.layout, "display", "none"))
        self.yes.on_click(lambda _: self.submit())
        self.receipt = w.HTML()
        self.widget = w.VBox([*rows, w.HBox([self.submit_button, self.status]), self.confirm, self.receipt],
                             layout=wide()).add_class("thamvan-form")
        for field in self.inputs.values():
            field.observe(self.changed, names="value")
        self.restore()

    def _item(self, label: str, field: w.Widget) -> w.Widget:
        return w.VBox([w.HTML(f"<b>{esc(label)}</b>"), field], layout=wide()).add_class("thamvan-item")

    # -- state
    def answers(self) -> dict:
        out = {}
        for ident, field in self.inputs.items():
            value = field.value
            if isinstance(field, w.Textarea):
                value = value.strip()
            if value not in (None, ""):
                out[ident] = value
        return out

    def fill(self, answers: dict) -> None:
        with self.loading():
            for ident, field in self.inputs.items():
                value = answers.get(ident)
                if isinstance(field, w.Textarea):
                    field.value = str(value or "")
                else:
                    known = [v for _, v in field.options]
                    field.value = value if value in known else None

    def restore(self) -> None:
        sent = handed_in(self.store, self.kind)
        if sent is not None:
            self.fill(sent.answers)
            self.lock(sent)
            return
        draft = self.store.load_json(draft_kind(self.kind), json_object)
        self.fill(draft.value or {})
        self.status.value = self.draft_note(draft, draft_kind(self.kind), "pretest.restored")

    def save(self) -> bool:
        return self.autosave(lambda: self.store.save_json(draft_kind(self.kind), self.answers()),
                             key="pretest.saved")

    def lock(self, sent) -> None:
        for field in self.inputs.values():
            field.disabled = True
        self.submit_button.layout.display = "none"
        self.confirm.layout.display = "none"
        self.status.value = ""
        self.receipt.value = f"<p class='thamvan-saved'>✓ {esc(self.t('pretest.handed_in', time=sent.time))}</p>"

    # -- handing in
    @property
    def total(self) -> int:
        return sum(1 for f in self.inputs.values() if not isinstance(f, w.Textarea))

    def ask(self) -> None:
        missing = sum(1 for f in self.inputs.values() if not isinstance(f, w.Textarea) and f.value is None)
        text = self.t("pretest.confirm", missing=missing) if missing else self.t("pretest.confirm_all")
        self.confirm_text.value = f"<p>{esc(text)}</p>"
        self.confirm.layout.display = "flex"

    def submit(self) -> None:
        self.confirm.layout.display = "none"
        self.status.value = esc(self.t("pretest.sending"))
        try:
            sent = hand_in(self.store, self.kind, self.answers(), self.box or inbox(), self.form_id)
        except KitError as err:
            sent = handed_in(self.store, self.kind)
            if sent is not None:  # a stale page: it was handed in from another tab
                self.lock(sent)
            self.status.value = error_note(err.text(self.lang))
            return
        self.lock(sent)
        self.receipt.value += saved_note(self, "pretest.sent")


class QuizPage(StoreView):
    """The three forms in tabs: pre-test, post-test, evaluation."""

    TABS = ("pre", "post", "evaluation")

    def __init__(self, box: Inbox | None = None, store: Store | None = None, **kwargs):
        super().__init__(store=store, **kwargs)
        self.pages = {kind: FormPage(kind, box, self.store, content=self.content, lang=self.lang)
                      for kind in self.TABS}
        self.tabs = w.Tab(children=[p.widget for p in self.pages.values()],
                          titles=[self.t(f"pretest.tab.{kind}") for kind in self.TABS])
        self.widget = w.VBox([*page_style(), w.HTML(f"<h2>{esc(self.t('pretest.title'))}</h2>"), self.tabs],
                             layout=wide()).add_class("thamvan")

    def save(self) -> bool:
        return True


def quiz_page() -> None:
    from IPython.display import display

    display(QuizPage().widget)
