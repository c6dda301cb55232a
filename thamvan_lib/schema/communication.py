"""Model of ``content/communication/supervision.yaml``: supervising a contracted organisation (P2.4)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from . import SLUG, LocalText, Strict

TOOL_KINDS = ("conference", "questionnaire", "interview", "group_discussion", "letters")


class SupervisionItem(Strict):
    id: str = Field(pattern=SLUG)
    text: LocalText


class SupervisionStage(Strict):
    """A moment of the contract (before fieldwork, during it, at hand-over) and what to check."""

    id: str = Field(pattern=SLUG)
    title: LocalText
    items: list[SupervisionItem] = Field(min_length=1)


class ToolSteps(Strict):
    """The steps of a tool's guide the office checks were followed, in order."""

    kind: Literal[TOOL_KINDS]  # type: ignore[valid-type]
    steps: list[SupervisionItem] = Field(min_length=1)


class Problem(Strict):
    """A problem that arises in the field and the guidance the office gives."""

    id: str = Field(pattern=SLUG)
    title: LocalText
    signs: LocalText
    guidance: list[LocalText] = Field(min_length=1)


class SupervisionFile(Strict):
    stages: list[SupervisionStage] = Field(min_length=1)
    tools: list[ToolSteps] = Field(min_length=1)
    problems: list[Problem] = Field(min_length=1)
    principle: LocalText   # supervision is of the process, never of what people said

    @field_validator("stages", "problems")
    @classmethod
    def _unique(cls, value):
        ids = [x.id for x in value]
        if len(set(ids)) != len(ids):
            raise ValueError("ids repeat")
        return value
