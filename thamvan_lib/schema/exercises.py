"""Model of a transcript of ``content/exercises/``: what was said at a meeting a graded
exercise works on, and for some the structured minutes to find the errors in.

Speakers are role-play personas or the extra ``speakers`` of the file; that a speaker and
a group exist is checked against ``roleplay/personas.yaml`` by the content registry.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from . import SLUG, LocalText, Strict


class Speaker(Strict):
    """Someone who speaks in the transcript and is not a role-play persona."""

    name: LocalText
    group: str = Field(pattern=SLUG)


class Turn(Strict):
    speaker: str = Field(pattern=SLUG)
    # "scenario#option": the moderator role-play's choice showing the same behaviour, which the
    # exercise's key must judge alike (tests/course/test_exercise_keys.py)
    same_as: str | None = Field(default=None, pattern=r"^[a-z0-9-]+#[a-z0-9-]+$")
    text: LocalText


class Minutes(Strict):
    title: LocalText
    lines: list[LocalText] = Field(min_length=1)


class TranscriptFile(Strict):
    title: LocalText
    setting: LocalText | None = None
    speakers: dict[str, Speaker] = {}
    turns: list[Turn] = Field(min_length=1)
    minutes: Minutes | None = None


class SheetChoice(Strict):
    id: str = Field(pattern=SLUG)
    label: LocalText


class SheetItem(Strict):
    """One answer of an exercise's answer sheet: what is asked, and how the answer is read
    (``thamvan_lib.answers.read``). Nothing here says what the right answer is. A choice
    offers the criteria of a role-play ``rubric`` and its own ``choices``; a row has ``size``
    whole numbers."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["int", "number", "percent", "percent_points", "date", "text", "long_text", "choice", "labels",
                  "row"]
    rubric: str | None = None
    choices: list[SheetChoice] = []
    size: int | None = None
    # a written answer: the grade id of the manually graded cell it fills for formgrader
    cell: str | None = Field(default=None, pattern=SLUG)
    label: LocalText
    hint: LocalText | None = None
    section: LocalText | None = None
    low: float | None = None
    high: float | None = None


class SheetFile(Strict):
    """An exercise's answer sheet (``content/exercises/sheets/<exercise>.yaml``)."""

    exercise: str = Field(pattern=SLUG)
    title: LocalText
    items: list[SheetItem] = Field(min_length=1)
