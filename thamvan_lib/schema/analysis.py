"""Model of ``content/analysis/codebook.yaml``: the themes letters are coded with."""

from __future__ import annotations

import re
import unicodedata

from pydantic import Field, field_validator

from . import SLUG, LocalText, Strict


class CodebookTheme(Strict):
    id: str = Field(pattern=SLUG)
    name: LocalText
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _words(cls, value):
        for phrase in value:
            if phrase != unicodedata.normalize("NFC", phrase):
                raise ValueError("text is not Unicode NFC")
            if not re.search(r"\w", phrase):
                raise ValueError(f"the phrase “{phrase}” has no words")
        return value


class CodebookFile(Strict):
    themes: list[CodebookTheme] = Field(min_length=1)

    @field_validator("themes")
    @classmethod
    def _unique(cls, value):
        ids = [t.id for t in value]
        if len(set(ids)) != len(ids):
            raise ValueError("theme ids repeat")
        return value
