"""A self-check question with Check, Hint and Solution buttons."""

from __future__ import annotations

import ipywidgets as w

from ..selfcheck import Question
from .common import View, esc


class SelfCheckView(View):
    def __init__(self, question: Question, **kwargs):
        super().__init__(content=question.content, **kwargs)
        self.question = question
        spec = question.spec
        options = [(f"{letter}) {text}", oid) for letter, oid, text in question.lettered(self.lang)]
        if spec.kind == "choice":
            self.choice = w.RadioButtons(options=options, value=None, layout=w.Layout(width="100%"))
            inputs = [self.choice]
        else:
            self.boxes = {oid: w.Checkbox(description=label, indent=False, layout=w.Layout(width="100%"))
                          for label, oid in options}
            inputs = list(self.boxes.values())
        self.feedback = w.HTML()
        buttons = [
            self._button("check.button", "check", "primary", self._check),
            self._button("check.hint_button", "lightbulb-o", "", self._hint),
            self._button("check.solution_button", "eye", "", self._solution),
        ]
        self.widget = w.VBox([w.HTML(f"<b>{esc(question.prompt(self.lang))}</b>"), *inputs,
                              w.HBox(buttons), self.feedback], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan").add_class("thamvan-selfcheck")

    def _button(self, key, icon, style, handler):
        button = w.Button(description=self.t(key), icon=icon, button_style=style)
        button.on_click(lambda _: handler())
        return button

    def answer(self) -> list[str]:
        if self.question.spec.kind == "choice":
            return [self.choice.value] if self.choice.value else []
        return [oid for oid, box in self.boxes.items() if box.value]

    def _check(self):
        self.feedback.value = self.question.check(self.answer())._repr_html_()

    def _hint(self):
        self.feedback.value = f"<i>{esc(self.t('check.hint'))}:</i> {esc(self.question.hint(self.lang))}"

    def _solution(self):
        self.feedback.value = f"<i>{esc(self.t('check.solution'))}:</i> {esc(self.question.solution(self.lang))}"
