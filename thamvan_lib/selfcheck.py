"""Self-check questions in the learntools style: ``check()``, ``hint()``, ``solution()``.

Each learner sees the options in an order of their own, the same at every visit, so
the position of an option says nothing about the key; letters follow that order.

>>> q = question("P1.1", "nguon-lua-chon")
>>> q.check(["ke-hoach", "cu-tri", "kt-xh"]).correct
True
"""

from __future__ import annotations

import hashlib
import html
import random
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property

from .content import Content, language, load
from .schema import Option, SelfCheck, Step
from .store import Store, current_learner


@dataclass(frozen=True)
class Verdict:
    correct: bool
    messages: list[str] = field(default_factory=list)
    answered: bool = True  # False for an empty or unreadable answer: nothing to record

    def __str__(self) -> str:
        return " ".join(self.messages)

    def _repr_html_(self) -> str:
        color = "#1b7f3b" if self.correct else "#b3261e"
        return f'<div style="color:{color}">{html.escape(str(self))}</div>'


class Said(str):
    """A hint or a solution: plain text that notebooks show as a paragraph."""

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self)}</p>"


def learner_seed() -> str:
    """What seeds this learner's option orders: the store's random id, else the learner's name."""
    try:
        return Store().random_id()
    except (OSError, sqlite3.Error):  # no writable home: still one order per learner name
        return current_learner()


def shuffled(options, seed: str, key: str) -> list:
    """``options`` in an order fixed by ``seed`` and ``key``, drawn without global random state."""
    digest = hashlib.sha256(f"{seed}\n{key}".encode()).digest()
    order = list(options)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


class Question:
    """One self-check question of a step. Answers are option ids or the letters (a, b, c…) of
    the order this learner sees; the key in content stays by option id."""

    def __init__(self, step: Step, spec: SelfCheck, content: Content | None = None,
                 seed: str | None = None):
        self.step, self.spec = step, spec
        self.content = content or load()
        self.seed = seed

    @cached_property
    def options(self) -> list[Option]:
        """The options in the order this learner sees them."""
        if self.spec.keep_order:
            return list(self.spec.options)
        seed = self.seed if self.seed is not None else learner_seed()
        return shuffled(self.spec.options, seed, f"{self.step.id}/{self.spec.id}")

    @property
    def letters(self) -> dict[str, str]:
        return {chr(ord("a") + i): o.id for i, o in enumerate(self.options)}

    def lettered(self, lang: str | None = None) -> list[tuple[str, str, str]]:
        """(letter, option id, text) in the order shown."""
        lang = lang or language()
        return [(letter, o.id, o.text.get(lang)) for letter, o in zip(self.letters, self.options)]

    def _msg(self, key: str, **values) -> str:
        return self.content.message(key, **values)

    def prompt(self, lang: str | None = None) -> str:
        return self.spec.prompt.get(lang or language())

    def options_text(self, lang: str | None = None) -> str:
        """The prompt and the options with their letters, as a learner answers them."""
        lang = lang or language()
        lines = [self.prompt(lang)] + [f"  {letter}) {text}" for letter, _, text in self.lettered(lang)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.options_text()

    def _repr_html_(self) -> str:
        items = "".join(f"<li><b>{letter}</b>) {html.escape(text)}</li>"
                        for letter, _, text in self.lettered())
        return f"<p><b>{html.escape(self.prompt())}</b></p><ul style='list-style:none'>{items}</ul>"

    def evaluate(self, answer) -> Verdict:
        """Judge an answer without printing: a verdict whose messages never give the key away."""
        chosen = [answer] if isinstance(answer, str) else list(answer or [])
        ids = [o.id for o in self.options]
        resolved = []
        for value in chosen:
            value = str(value).strip()
            option = self.letters.get(value.lower(), value)
            if option not in ids:
                allowed = ", ".join(list(self.letters) + ids)
                return Verdict(False, [self._msg("check.unknown", value=value, allowed=allowed)], False)
            resolved.append(option)
        if not resolved:
            return Verdict(False, [self._msg("check.empty")], False)
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
        if not verdict.answered:  # a notebook's empty placeholder must not undo a right answer
            return verdict
        try:
            Store().record_answer(self.step.id, self.spec.id, verdict.correct)
        except (OSError, sqlite3.Error):  # checking works even where no store can be opened
            pass
        return verdict

    def hint(self, lang: str | None = None) -> Said:
        return Said(self.spec.hint.get(lang or language()))

    def solution(self, lang: str | None = None) -> Said:
        lang = lang or language()
        answer = "; ".join(f"{letter}) {text}" for letter, oid, text in self.lettered(lang)
                           if oid in self.spec.answer)
        return Said(f"{self.content.message('check.answer_is', lang)}: {answer}. "
                    f"{self.spec.solution.get(lang)}")


def questions(step_id: str, content: Content | None = None) -> list[Question]:
    content = content or load()
    step = content.steps[step_id]
    seed = learner_seed()  # once for the step, not once per question
    return [Question(step, spec, content, seed) for spec in step.self_checks]


def question(step_id: str, question_id: str, content: Content | None = None) -> Question:
    for q in questions(step_id, content):
        if q.spec.id == question_id:
            return q
    raise KeyError(f"{step_id}/{question_id}")
