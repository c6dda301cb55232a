"""Model of ``content/questionnaire/rules.yaml``: the word lists a questionnaire is checked with."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

from . import SLUG, LocalText, Strict

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
GAP_SPLIT = re.compile(r"…|\.\.\.")  # "…" in a phrase stands for a few words


def words(text: str) -> list[str]:
    return WORD.findall(text)


def _phrase(text: str) -> str:
    if text != unicodedata.normalize("NFC", text):
        raise ValueError("text is not Unicode NFC")
    if not all(words(part) for part in GAP_SPLIT.split(text)):
        raise ValueError("the phrase has no words, or “…” does not stand between two words")
    return text


Phrase = Annotated[str, AfterValidator(_phrase)]


class LeadingGroup(Strict):
    id: str = Field(pattern=SLUG)
    phrases: list[Phrase] = Field(min_length=1)
    at_end: bool = False
    why: LocalText


class JargonTerm(Strict):
    term: Phrase
    plain: Phrase
    meaning: LocalText


class Limits(Strict):
    max_words: int = Field(ge=5, le=200)


class DoubleBarrelled(Strict):
    joiners: list[Phrase] = Field(min_length=1)
    fixed_pairs: list[Phrase] = []
    comparison_cues: list[Phrase] = []
    clause_starters: list[Phrase] = []
    boundaries: list[Phrase] = []


class ScaleWords(Strict):
    positive: list[Phrase] = Field(min_length=1)
    negative: list[Phrase] = Field(min_length=1)
    neutral: list[Phrase] = []
    negations: list[Phrase] = Field(min_length=1)
    intensifiers: list[Phrase] = []


class RulesFile(Strict):
    limits: Limits
    leading: list[LeadingGroup] = Field(min_length=1)
    jargon: list[JargonTerm] = Field(min_length=1)
    known_abbreviations: list[Phrase] = []
    double_barrelled: DoubleBarrelled
    scale: ScaleWords
    dont_know: list[Phrase] = Field(min_length=1)
    other: list[Phrase] = Field(min_length=1)
    yes_no: list[Phrase] = []
