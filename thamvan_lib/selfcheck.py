"""Self-check questions in the learntools style: ``check()``, ``hint()``, ``solution()``.

>>> q = question("P1.1", "nguon-lua-chon")
>>> q.check(["ke-hoach", "cu-tri", "kt-xh"]).correct
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .content import Content, language, load
from .schema import SelfCheck, Step


@dataclass(frozen=True)
class Verdict:
    correct: bool
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(self.messages)

    def _repr_html_(self) -> str:
        color = "#1b7f3b" if self.correct else "#b3261e"
        return f'<div style="color:{color}">{html.escape(str(self))}</div>'


class Said(str):
    """A hint or a solution: plain text that notebooks show as a paragraph."""

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self)}</p>"


class Question:
    """One self-check question of a step. Answers are option ids or letters (a, b, c…)."""

    def __init__(self, step: Step, spec: SelfCheck, content: Content | None = None):
        self.step, self.spec = step, spec
        self.content = content or load()

    @property
    def letters(self) -> dict[str, str]:
        return {chr(ord("a") + i): o.id for i, o in enumerate(self.spec.options)}

    def _msg(self, key: str, **values) -> str:
        return self.content.message(key, **values)

    def prompt(self, lang: str | None = None) -> str:
        return self.spec.prompt.get(lang or language())

    def options_text(self, lang: str | None = None) -> str:
        """The prompt and the options with their letters, as a learner answers them."""
        lang = lang or language()
        lines = [self.prompt(lang)] + [f"  {letter}) {o.text.get(lang)}"
                                       for letter, o in zip(self.letters, self.spec.options)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.options_text()

    def _repr_html_(self) -> str:
        items = "".join(f"<li><b>{letter}</b>) {html.escape(o.text.get(language()))}</li>"
                        for letter, o in zip(self.letters, self.spec.options))
        return f"<p><b>{html.escape(self.prompt())}</b></p><ul style='list-style:none'>{items}</ul>"

    def evaluate(self, answer) -> Verdict:
        """Judge an answer without printing: a verdict whose messages never give the key away."""
        chosen = [answer] if isinstance(answer, str) else list(answer or [])
        ids = [o.id for o in self.spec.options]
        resolved = []
        for value in chosen:
            value = str(value).strip()
            option = self.letters.get(value.lower(), value)
            if option not in ids:
                allowed = ", ".join(list(self.letters) + ids)
                return Verdict(False, [self._msg("check.unknown", value=value, allowed=allowed)])
            resolved.append(option)
        if not resolved:
            return Verdict(False, [self._msg("check.empty")])
        if self.spec.kind == "choice" and len(set(resolved)) > 1:
            return Verdict(False, [self._msg("check.one_only")])
        missing = set(self.spec.answer) - set(resolved)
        extra = set(resolved) - set(self.spec.answer)
        if not missing and not extra:
            return Verdict(True, [self._msg("check.correct")])
        messages = [self._msg("check.incorrect")]
        if self.spec.kind == "multi":
            if missing:
                messages.append(self._msg("check.missing", count=len(missing)))
            if extra:
                messages.append(self._msg("check.extra", count=len(extra)))
        return Verdict(False, messages)

    def check(self, answer) -> Verdict:
        """Judge, remember the result for the learner's progress, and return the verdict."""
        verdict = self.evaluate(answer)
        from .store import Store  # local: checking works even where no store can be opened

        try:
            Store().record_answer(self.step.id, self.spec.id, verdict.correct)
        except OSError:
            pass
        return verdict

    def hint(self, lang: str | None = None) -> Said:
        return Said(self.spec.hint.get(lang or language()))

    def solution(self, lang: str | None = None) -> Said:
        lang = lang or language()
        by_id = {o.id: o.text.get(lang) for o in self.spec.options}
        answer = "; ".join(by_id[a] for a in self.spec.answer)
        return Said(f"{self.content.message('check.answer_is', lang)}: {answer}. "
                    f"{self.spec.solution.get(lang)}")


def questions(step_id: str, content: Content | None = None) -> list[Question]:
    content = content or load()
    step = content.steps[step_id]
    return [Question(step, spec, content) for spec in step.self_checks]


def question(step_id: str, question_id: str, content: Content | None = None) -> Question:
    for q in questions(step_id, content):
        if q.spec.id == question_id:
            return q
    raise KeyError(f"{step_id}/{question_id}")
