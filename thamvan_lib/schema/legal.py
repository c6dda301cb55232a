"""Model of the legal-frame page (``content/legal/khung-phap-ly.yaml``): the texts that frame a
consultation, each dated and sourced, apart from the kit's good practice."""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field, model_validator

from . import SLUG, LocalText, Strict

ARTICLE = re.compile(r"\bĐiều\s+\d+|\bArticle\s+\d+")


class LegalText(Strict):
    id: str = Field(pattern=SLUG)
    name: str
    number: str
    adopted: date
    effective: date | None = None
    checked: bool  # article numbers may be cited only when checked against the text
    frames: LocalText
    source: str

    @model_validator(mode="after")
    def _no_unchecked_article(self):
        if not self.checked and (ARTICLE.search(self.frames.vi) or ARTICLE.search(self.frames.en)):
            raise ValueError("an article number is cited in an entry not checked against the text")
        if self.effective is not None and self.effective < self.adopted:
            raise ValueError("a text takes effect before it is adopted")
        return self


class LegalFrameFile(Strict):
    updated: date
    title: LocalText
    intro: LocalText
    law: list[LegalText] = Field(min_length=1)
    practice: list[LocalText] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_before_update(self):
        late = [t.id for t in self.law if t.adopted > self.updated]
        if late:
            raise ValueError(f"texts adopted after the page's date: {', '.join(late)}")
        return self
