"""The seed steps in order, search over them, and a learner's progress."""

from __future__ import annotations

from dataclasses import dataclass

from .content import Content, load
from .schema import Step
from .store import Store
from .vietnamese import fold


def searchable_text(step: Step, content: Content) -> str:
    """Everything a learner might type to find a step, in both languages, folded."""
    parts = [step.id, step.title.vi, step.title.en, step.summary.vi, step.summary.en,
             step.citation.quote]
    parts += [t for item in step.checklist for t in (item.text.vi, item.text.en)]
    for ref, table in ((step.actors, content.actors), (step.documents, content.documents)):
        parts += [t for r in ref for t in (table[r].name.vi, table[r].name.en)]
    return fold(" \n ".join(parts))


def search(query: str, content: Content | None = None) -> list[Step]:
    """Steps containing every word of ``query``, ignoring case and diacritics.

    Steps whose title matches come first.

    >>> [s.id for s in search("thu nghiem cong cu")][0]
    'P2.2'
    """
    content = content or load()
    words = fold(query).split()
    if not words:
        return []
    hits = [s for s in content.steps.values()
            if all(w in searchable_text(s, content) for w in words)]
    in_title = lambda s: all(w in fold(s.title.vi + " " + s.title.en) for w in words)
    return sorted(hits, key=lambda s: not in_title(s))


@dataclass(frozen=True)
class StepProgress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def progress(store: Store, steps: list[Step]) -> StepProgress:
    """How many checklist items of ``steps`` the learner has ticked."""
    ticked = store.done_items()
    ids = {(s.id, item.id) for s in steps for item in s.checklist}
    return StepProgress(len(ids & ticked), len(ids))
