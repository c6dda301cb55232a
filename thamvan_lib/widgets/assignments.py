"""The trainee's "Bài tập" dashboard: every released exercise as a card, with fetch, the
answer sheet (a link opening it in Voila), hand-in with a confirmation and a receipt, the
hand-ins so far, and the score and feedback once the trainer returns them. No code, no
JupyterLab; everything goes through ``grading.learner``.
"""

from __future__ import annotations

import html
import os

import ipywidgets as w

from ..errors import KitError
from ..grading.learner import Learner
from .base import error_note, page_style, wide
from .common import View, esc


def sheet_url(learner: Learner, assignment: str) -> str:
    """Where Voila shows the fetched answer sheet: the server's own address, so the link works
    in the class hub (``/user/<name>/``) as on one machine."""
    base = os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or os.environ.get("VOILA_BASE_URL") or "/"
    return f"{base.rstrip('/')}/voila/render/{learner.sheet_path(assignment)}"


class AssignmentCard(View):
    def __init__(self, learner: Learner, assignment: str, **kwargs):
        super().__init__(**kwargs)
        self.learner, self.assignment = learner, assignment
        self.state = w.HTML()
        self.link = w.HTML()
        self.message = w.HTML()
        self.feedback_view = w.HTML()
        self.fetch_button = w.Button(description=self.t("assignments.fetch"), button_style="primary", icon="download")
        self.submit_button = w.Button(description=self.t("assignments.submit"), button_style="success", icon="upload")
        self.feedback_button = w.Button(description=self.t("assignments.feedback"), icon="comment")
        self.yes = w.Button(description=self.t("assignments.confirm_yes"), button_style="warning")
        self.no = w.Button(description=self.t("assignments.confirm_no"))
        self.confirm = w.VBox([w.HTML(esc(self.t("assignments.confirm", assignment=assignment))),
                               w.HBox([self.yes, self.no])], layout=w.Layout(display="none"))
        self.fetch_button.on_click(lambda _: self.act(self.fetch))
        self.submit_button.on_click(lambda _: setattr(self.confirm.layout, "display", "flex"))
        self.no.on_click(lambda _: setattr(self.confirm.layout, "display", "none"))
        self.yes.on_click(lambda _: self.act(self.submit))
        self.feedback_button.on_click(lambda _: self.act(self.show_feedback))
        self.widget = w.VBox([w.HTML(f"<h3>{esc(assignment)}</h3>"), self.state,
                              w.HBox([self.fetch_button, self.link, self.submit_button, self.feedback_button]),
                              self.confirm, self.message, self.feedback_view],
                             layout=wide()).add_class("thamvan-item")
        self.refresh()

    def act(self, action) -> None:
        self.message.value = esc(self.t("assignments.working_on"))
        try:
            action()
        except KitError as err:
            self.message.value = error_note(err.text(self.lang))
        self.refresh()

    def fetch(self) -> None:
        self.learner.fetch(self.assignment)
        self.message.value = ""

    def submit(self) -> None:
        self.confirm.layout.display = "none"
        receipt = self.learner.submit(self.assignment)
        self.message.value = f"<span class='thamvan-saved'>✓ {esc(self.t('assignments.receipt', **receipt.as_dict()))}</span>"

    def show_feedback(self) -> None:
        found = self.learner.feedback(self.assignment)
        if found is None:
            self.message.value = esc(self.t("assignments.no_feedback"))
            return
        page = found.page.read_text(encoding="utf-8", errors="replace")
        # the page is shown as nbgrader made it, in a sandbox: no script of it runs
        self.feedback_view.value = (f"<iframe sandbox title='{esc(self.t('assignments.feedback'))}' "
                                    f"style='width:100%;height:70vh;border:1px solid #dadce0' "
                                    f"srcdoc=\"{html.escape(page, quote=True)}\"></iframe>")
        self.message.value = ""

    def refresh(self) -> None:
        fetched = self.learner.fetched(self.assignment)
        receipts = self.learner.receipts(self.assignment)
        if not fetched:
            state = self.t("assignments.state.new")
        elif receipts:
            state = self.t("assignments.state.submitted", time=receipts[-1]["time"])
        else:
            state = self.t("assignments.state.working")
        history = ""
        if len(receipts) > 1:
            history = "<br>" + esc(self.t("assignments.history", times=", ".join(r["time"] for r in receipts)))
        self.state.value = f"<b>{esc(state)}</b>{history}"
        self.fetch_button.layout.display = "none" if fetched else ""
        self.submit_button.layout.display = "" if fetched else "none"
        self.feedback_button.layout.display = "" if receipts else "none"
        self.link.value = (f"<a class='thamvan-link' href='{esc(sheet_url(self.learner, self.assignment))}' target='_blank'>"
                           f"{esc(self.t('assignments.open'))} ↗</a>") if fetched else ""


class AssignmentsView(View):
    def __init__(self, learner: Learner | None = None, **kwargs):
        super().__init__(**kwargs)
        self.learner = learner or Learner.from_environment()
        released = self.learner.released()
        self.cards = [AssignmentCard(self.learner, a, content=self.content, lang=self.lang) for a in released]
        body = [c.widget for c in self.cards] or [w.HTML(esc(self.t("assignments.none")))]
        self.widget = w.VBox([*page_style(), w.HTML(f"<h2>{esc(self.t('assignments.title'))}</h2>"
                                                     f"<p>{esc(self.t('assignments.intro'))}</p>"), *body],
                             layout=wide()).add_class("thamvan-form")


def assignments_page() -> None:
    from IPython.display import display

    display(AssignmentsView().widget)
