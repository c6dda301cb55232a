"""Models of the workshop's knowledge test and end-of-workshop evaluation.

``content/pretest/questions.yaml`` is what trainees receive: two parallel forms (A before the
workshop, B after it) of multiple-choice questions over the five phases, and no key.
``content/pretest/evaluation.yaml`` is the evaluation form (a 5-point scale per aspect, open
comments). The keys are a separate file in the kit's ``trainer/tests/`` (``KeyFile``), which
a trainee's account cannot read on the class hub. That the forms are parallel and the keys
fit the questions is checked by ``thamvan_lib.pretest``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from . import SLUG, LocalText, Option, Strict

FORM_IDS = ("a", "b")
USES = ("pre", "post")
ASPECTS = ("content", "methods", "trainer", "organisation")


class Question(Strict):
    id: str = Field(pattern=SLUG)
    phase: int = Field(ge=1, le=5)
    # 1 remember, 2 understand, 3 apply: a phase's questions in form A and form B have the same levels
    level: int = Field(ge=1, le=3)
    prompt: LocalText
    options: list[Option] = Field(min_length=3, max_length=5)

    @model_validator(mode="after")
    def _options_differ(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids repeat")
        return self


class Form(Strict):
    id: Literal[FORM_IDS]  # type: ignore[valid-type]
    use: Literal[USES]  # type: ignore[valid-type]
    title: LocalText
    questions: list[Question] = Field(min_length=5)  # three per phase: checked by pretest.problems


class QuestionFile(Strict):
    title: LocalText
    intro: LocalText
    forms: list[Form] = Field(min_length=2, max_length=2)

    @model_validator(mode="after")
    def _one_form_per_use(self):
        if sorted(f.use for f in self.forms) != sorted(USES) or len({f.id for f in self.forms}) != 2:
            raise ValueError("one form for the pre-test and one for the post-test")
        ids = [q.id for f in self.forms for q in f.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids repeat (across both forms)")
        return self


class Rating(Strict):
    id: str = Field(pattern=SLUG)
    aspect: Literal[ASPECTS]  # type: ignore[valid-type]
    text: LocalText


class Comment(Strict):
    id: str = Field(pattern=SLUG)
    text: LocalText


class EvaluationFile(Strict):
    title: LocalText
    intro: LocalText
    scale: list[LocalText] = Field(min_length=5, max_length=5)  # 1 … 5, lowest first
    ratings: list[Rating] = Field(min_length=4)
    comments: list[Comment] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_aspect(self):
        missing = [a for a in ASPECTS if a not in {r.aspect for r in self.ratings}]
        if missing:
            raise ValueError(f"no rating of {missing}")
        ids = [x.id for x in (*self.ratings, *self.comments)]
        if len(set(ids)) != len(ids):
            raise ValueError("ids repeat")
        return self


class Key(Strict):
    answer: str = Field(pattern=SLUG)
    why: LocalText


class KeyFile(Strict):
    """The trainer's keys: question id → the right option and why (never sent to trainees)."""

    keys: dict[str, Key] = Field(min_length=1)
