"""Models of the role-play content files: rubrics, personas and scenarios.

They check the shape of each file (fields, types, both languages, NFC). Checks that
need more than one item at a time (a choice leading to a scene that does not exist,
a scene nobody can reach, a persona missing from ``personas.yaml`` …) are made by
``roleplay.py``, which names the file, the scene and the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from . import SLUG, LocalText, Strict

ROLES = ("moderator", "minute-taker", "office")
STANCES = ("agree", "disagree", "propose")
ENDING_KINDS = ("good", "mixed", "bad")
# What the engine can find by itself when a minute-taker's record is compared with
# what was really said; a rubric criterion names the check it scores with ``audit``.
AUDITS = ("omitted", "misattributed", "distorted", "merged", "added", "mixed", "counts")


# --- rubrics.yaml ------------------------------------------------------------

class Criterion(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    explanation: LocalText
    max_points: int = Field(ge=1, le=100)
    # Points lost each time the engine finds this error itself (``audit``);
    # scenario authors give the points of other errors choice by choice.
    penalty: int = Field(default=3, ge=1, le=100)
    audit: Literal[AUDITS] | None = None  # type: ignore[valid-type]


class Rubric(Strict):
    id: str = Field(pattern=SLUG)
    role: Literal[ROLES]  # type: ignore[valid-type]
    name: LocalText
    description: LocalText
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids repeat")
        audits = [c.audit for c in self.criteria if c.audit]
        if len(set(audits)) != len(audits):
            raise ValueError("two criteria score the same audit")
        return self


class RubricFile(Strict):
    rubrics: list[Rubric] = Field(min_length=1)


# --- personas.yaml -----------------------------------------------------------

class Group(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText


class Persona(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    role: LocalText       # what everyone in the room knows
    brief: LocalText      # what only the trainer (and the persona's player) knows
    group: str = Field(pattern=SLUG)
    icon: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")  # Font Awesome 4 name, e.g. "user-md"


class PersonaFile(Strict):
    groups: list[Group] = Field(min_length=1)
    personas: list[Persona] = Field(min_length=1)


# --- a scenario --------------------------------------------------------------

class StateVar(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    initial: int = 0
    min: int = 0
    max: int = 100

    @model_validator(mode="after")
    def _in_range(self):
        if not self.min <= self.initial <= self.max or self.min == self.max:
            raise ValueError("need min < max and min <= initial <= max")
        return self


class Line(Strict):
    speaker: str = Field(pattern=SLUG)
    text: LocalText


class Break(Strict):
    criterion: str = Field(pattern=SLUG)
    points: int = Field(ge=1, le=100)
    why: LocalText | None = None  # the choice's feedback when left out


class Effects(Strict):
    met: list[str] = []
    broken: list[Break] = []
    state: dict[str, int] = {}
    voices: list[str] = []  # personas whose view is heard (or recorded) thanks to the choice


class RecordEntry(Strict):
    """One line of the minutes as a choice would write it."""

    of: list[str] = []     # the opinion units it renders; none: an opinion nobody gave
    speaker: str | None = Field(default=None, pattern=SLUG)  # None: "the meeting", nobody named
    kind: Literal["opinion", "information"] = "opinion"
    stance: Literal[STANCES] | None = None  # type: ignore[valid-type]
    faithful: bool = True  # False: the wording softens or bends what was said
    text: LocalText


class Counts(Strict):
    """Statistics as a choice would write them: per topic or group, opinions per stance."""

    by: Literal["topic", "group"]
    values: dict[str, dict[Literal[STANCES], int]]  # type: ignore[valid-type]


class Choice(Strict):
    id: str = Field(pattern=SLUG)
    text: LocalText
    feedback: LocalText
    next: str = Field(pattern=SLUG)
    effects: Effects = Effects()
    record: list[RecordEntry] | None = None
    counts: Counts | None = None


class Ending(Strict):
    kind: Literal[ENDING_KINDS]  # type: ignore[valid-type]
    title: LocalText


class Scene(Strict):
    id: str = Field(pattern=SLUG)
    title: LocalText
    narration: LocalText
    lines: list[Line] = []
    said: list[str] = []       # opinion units spoken in this scene (minute-taker scenarios)
    choices: list[Choice] = []
    ending: Ending | None = None
    effects: Effects = Effects()  # applied on arrival, e.g. an ending that skips the summary


class Topic(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText


class OpinionUnit(Strict):
    """One thing really said: the truth a minute-taker's record is compared with."""

    id: str = Field(pattern=SLUG)
    speaker: str = Field(pattern=SLUG)
    group: str = Field(pattern=SLUG)
    topic: str = Field(pattern=SLUG)
    kind: Literal["opinion", "information"] = "opinion"
    stance: Literal[STANCES] | None = None  # type: ignore[valid-type]
    text: LocalText

    @model_validator(mode="after")
    def _stance_fits_kind(self):
        if self.kind == "opinion" and self.stance is None:
            raise ValueError("an opinion has a stance: agree, disagree or propose")
        if self.kind == "information" and self.stance is not None:
            raise ValueError("information (facts given by officials) has no stance")
        return self


class ScenarioFile(Strict):
    id: str = Field(pattern=SLUG)
    title: LocalText
    summary: LocalText
    setting: LocalText
    role: Literal[ROLES]  # type: ignore[valid-type]
    rubric: str = Field(pattern=SLUG)
    personas: list[str] = Field(min_length=1)
    state: list[StateVar] = []
    topics: list[Topic] = []
    opinions: list[OpinionUnit] = []
    start: str = Field(pattern=SLUG)
    scenes: list[Scene] = Field(min_length=2)
