"""Model of the delegation's draft-law story (``content/storyline/du-an-luat.yaml``): a
hypothetical draft law, the office's calendar from the request file to the summary, the chair's
conclusions and the opinions the role-play and the exercise work on. What its facts say of each
other and of the rest of the kit is checked by ``thamvan_lib.draft_law``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from . import SLUG, LocalText, Strict

# the office's work, in order: the file arrives, the papers go out, the conference, the summary,
# the chair's approval, the summary sent
STEPS = ("nhan-ho-so", "gui-tai-lieu", "hoi-nghi", "tong-hop", "trinh-duyet", "gui-tong-hop")


class Question(Strict):
    id: str = Field(pattern=SLUG)
    article: int = Field(gt=0)  # of the (fictional) draft
    text: LocalText


class Draft(Strict):
    name: str
    articles: int = Field(gt=0)
    pages: int = Field(gt=0)
    file: LocalText
    scope: LocalText
    questions: list[Question] = Field(min_length=1)
    discussed: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _questions_fit_the_draft(self):
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("two questions have the same id")
        if unknown := set(self.discussed) - set(ids):
            raise ValueError(f"discussed questions that are not asked: {', '.join(sorted(unknown))}")
        if beyond := [q.id for q in self.questions if q.article > self.articles]:
            raise ValueError(f"questions on articles the draft does not have: {', '.join(beyond)}")
        return self


class Request(Strict):
    sender: str
    days: int = Field(gt=0)


class Conference(Strict):
    place: str
    invited: int = Field(gt=0)
    papers_ahead: int = Field(ge=0)
    brief_pages: int = Field(gt=0)


class Step(Strict):
    id: Literal[STEPS]  # type: ignore[valid-type]
    day: date
    what: str


class Conclusion(Strict):
    question: str | None = None  # None: what the draft does not govern
    text: LocalText


class Opinion(Strict):
    who: str
    persona: str | None = Field(default=None, pattern=SLUG)  # a role-play persona, if any
    where: str | None = None  # a commune of the storyline the draft-law story is set in
    source: Literal["conference", "written"]
    scene: str | None = Field(default=None, pattern=SLUG)  # where the role-play's persona says it
    text: LocalText


class DraftLawFile(Strict):
    id: str = Field(pattern=SLUG)
    fictional: Literal[True]  # a draft law the kit invents must say so
    storyline: str = Field(pattern=SLUG)
    title: LocalText
    delegation: str
    office: str
    drafting_agency: str
    reviewer: str
    draft: Draft
    chair: str = Field(pattern=SLUG)
    superior: str = Field(pattern=SLUG)
    request: Request
    conference: Conference
    submissions: int = Field(ge=0)
    steps: list[Step]
    deadline: date
    conclusions: list[Conclusion] = Field(min_length=1)
    opinions: list[Opinion] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_step_once_in_order(self):
        if tuple(s.id for s in self.steps) != STEPS:
            raise ValueError(f"the steps must be, in this order: {', '.join(STEPS)}")
        return self

    def step(self, ident: str) -> date:
        return next(s.day for s in self.steps if s.id == ident)
