"""Models that validate content files on load.

Every user-facing text is a ``LocalText`` with both languages; a missing
translation is a validation error, not a blank on screen. This module holds the shared
types and the models of the process, actors, documents, glossary, tools and messages;
one module per other content folder holds its models (``roleplay``, ``analysis``,
``questionnaire``, ``communication``, ``examples``, ``exercises``), and ``content.KINDS``
says which file each model validates.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

STEP_ID = r"^(P[1-5]\.[1-9]|L(0|[1-9]|1[0-4]))$"
SLUG = r"^[a-z0-9][a-z0-9_-]*$"
SEEDS = ("000_9cfa88ba8f5b391c.txt", "002_1af39c178b05c89f.txt")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clean(text: str) -> str:
    if text != unicodedata.normalize("NFC", text):
        raise ValueError("text is not Unicode NFC")
    if not text.strip():
        raise ValueError("text is empty")
    return text


class LocalText(Strict):
    """One text in Vietnamese (first) and English."""

    vi: str
    en: str

    _nfc = field_validator("vi", "en")(_clean)

    def get(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class Citation(Strict):
    seed: Literal[SEEDS]  # type: ignore[valid-type]
    quote: str = Field(min_length=8)

    _nfc = field_validator("quote")(_clean)


class ChecklistItem(Strict):
    id: str = Field(pattern=SLUG)
    text: LocalText


class Option(Strict):
    id: str = Field(pattern=SLUG)
    text: LocalText


class SelfCheck(Strict):
    """A question a learner answers with ``check()``, ``hint()`` and ``solution()``."""

    id: str = Field(pattern=SLUG)
    kind: Literal["choice", "multi"]
    prompt: LocalText
    options: list[Option] = Field(min_length=2)
    answer: list[str] = Field(min_length=1)
    hint: LocalText
    solution: LocalText
    # Options are shown in an order shuffled per learner; an explanation that walks them
    # by position ("the first…") needs them in the written order.
    keep_order: bool = False

    @model_validator(mode="after")
    def _answer_is_an_option(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids repeat")
        unknown = [a for a in self.answer if a not in ids]
        if unknown:
            raise ValueError(f"answer names unknown options: {unknown}")
        if self.kind == "choice" and len(self.answer) != 1:
            raise ValueError("a 'choice' question has exactly one answer")
        return self


class Step(Strict):
    """One item of the seed map: a process step (P…) or a lecture item (L…)."""

    id: str = Field(pattern=STEP_ID)
    phase: int = Field(ge=1, le=5)
    title: LocalText
    summary: LocalText
    actors: list[str] = Field(min_length=1)
    documents: list[str] = []
    checklist: list[ChecklistItem] = Field(min_length=1)
    self_checks: list[SelfCheck] = Field(min_length=1)
    citation: Citation
    steps: list[str] = []  # lecture items: the process steps they belong to
    tools: list[str] = []

    @model_validator(mode="after")
    def _ids_fit(self):
        if self.id.startswith("P") and int(self.id[1]) != self.phase:
            raise ValueError(f"step {self.id} is not in phase {self.phase}")
        if self.id.startswith("L") and not self.steps:
            raise ValueError("a lecture item names the process steps it belongs to")
        for field in ("checklist", "self_checks"):
            ids = [x.id for x in getattr(self, field)]
            if len(set(ids)) != len(ids):
                raise ValueError(f"{field} ids repeat")
        for target in self.steps:
            if not re.match(STEP_ID, target) or not target.startswith("P"):
                raise ValueError(f"'{target}' is not a process step id")
        return self


class StepFile(Strict):
    steps: list[Step] = Field(min_length=1)


class Phase(Strict):
    id: int = Field(ge=1, le=5)
    title: LocalText
    summary: LocalText
    objectives: list[LocalText] = Field(min_length=1)
    key_points: list[LocalText] = Field(min_length=1)
    notebook: str


class PhaseFile(Strict):
    phases: list[Phase] = Field(min_length=5, max_length=5)


class Named(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    description: LocalText | None = None


class NamedFile(Strict):
    items: list[Named] = Field(min_length=1)


class GlossaryTerm(Strict):
    term: str
    expansion: LocalText
    note: LocalText | None = None

    _nfc = field_validator("term")(_clean)


class GlossaryFile(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


class Tool(Strict):
    """A practice tool: a Voila dashboard, built now or by a later issue."""

    id: str = Field(pattern=SLUG)
    title: LocalText
    description: LocalText
    status: Literal["available", "coming"]
    path: str | None = None  # notebook path under notebooks/ (or pages.HOME_ROUTE), when available
    audience: Literal["everyone", "trainer"] = "everyone"  # trainer: never listed to trainees

    def shown_to(self, trainer: bool) -> bool:
        """Whether the tool is listed to a trainer (``trainer``) or a trainee: the trainer's
        tools are listed on the trainer's server only (the pages refuse anyone else themselves)."""
        return self.audience == "everyone" or trainer

    @model_validator(mode="after")
    def _available_has_path(self):
        if self.status == "available" and not self.path:
            raise ValueError("an available tool needs its notebook path")
        return self


class ToolFile(Strict):
    tools: list[Tool] = Field(min_length=1)


class MessageFile(Strict):
    messages: dict[str, LocalText]

    @field_validator("messages")
    @classmethod
    def _keys_are_slugs(cls, value):
        bad = [k for k in value if not re.match(r"^[a-z0-9_.]+$", k)]
        if bad:
            raise ValueError(f"message keys must be lower-case dotted names: {bad}")
        return value
