"""An exercise's key as a handout (HTML and Word), for the trainer to keep or to hand out
after the workshop: each question of the answer sheet with the key's answer."""

from __future__ import annotations

from ..content import load
from ..grading.key import exercise_key
from ..i18n import pick
from .outline import Heading, Outline, Para, Table


def key_outline(assignment: str, lang: str | None = None) -> Outline:
    lang = pick(lang)
    t = lambda key, **v: load().message(key, lang, **v)  # noqa: E731
    blocks = [Para(t("key.doc.warning"))]
    rows: list[list[str]] = []
    for entry in exercise_key(assignment):
        if entry.section and rows:
            blocks.append(Table([t("key.doc.question"), t("key.doc.answer")], rows))
            rows = []
        if entry.section:
            blocks.append(Heading(2, entry.section[lang]))
        answer = entry.answer[lang] + (f" ({t('key.doc.also')}: {entry.also[lang]})" if entry.also else "")
        rows.append([entry.label[lang], answer])
    if rows:
        blocks.append(Table([t("key.doc.question"), t("key.doc.answer")], rows))
    title = t("key.doc.title", assignment=assignment)
    return Outline(lang, title, title, blocks)
