"""The two seed documents as the kit's manual: slides, phases and steps, and who cites what.

The lecture (``manual/lecture.vi.txt``) is a slide deck flattened to text: a slide
starts at a heading line written in capitals ("QUY TRÌNH CHUNG", "QUY TRÌNH CHUNG
(TT)", "CÙNG TRAO ĐỔI" ...), so the deck splits into numbered slides, the title slide
first. The five-phase process (``manual/process.vi.txt``) has an introduction, then
"N. Giai đoạn N: ..." headings and "Bước N." steps; phase 5 has no numbered steps, so
each of its bullets is a step (P5.1, P5.2), as in the kit's content.

Every section has an HTML anchor: ``slide-7``, ``process-intro``, ``phase-2``,
``p1-1``. A step's citation (``Step.citation``) is found in exactly one section by
comparing text with runs of whitespace collapsed (``content.collapse_space``), since the
slides break lines in the middle of sentences.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .content import Content, collapse_space, load
from .schema import SEEDS, Step

LECTURE, PROCESS = SEEDS  # 000_… is the lecture, 002_… the five-phase process

_PHASE = re.compile(r"^\s*(\d)\s*\.\s*Giai đoạn\s+(\d)\s*:")
_STEP = re.compile(r"^\s*Bước\s+(\d+)\s*\.")
_BULLET = re.compile(r"^\s*[·•\-]\s*")


@dataclass(frozen=True)
class Section:
    """One passage of a seed document with its anchor.

    ``heading`` is the line that opens the section (a slide's title, a phase's title),
    or "" for a step, whose first line ("Bước 1. ...") is part of its ``body``.
    """

    seed: str
    anchor: str
    kind: str  # "slide" | "intro" | "phase" | "step"
    number: int  # the slide's number, the phase's number, or the step's number in its phase
    heading: str
    body: str
    phase: int | None = None

    @property
    def step_id(self) -> str | None:
        """The kit's id of a process step ("P1.1"), or None for other sections."""
        return f"P{self.phase}.{self.number}" if self.kind == "step" else None

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.heading, self.body) if part)

    def contains(self, quote: str) -> bool:
        return collapse_space(quote) in collapse_space(self.text)


def _is_heading(line: str) -> bool:
    """A slide heading: a line of capitals ("QUY TRÌNH CHUNG (TT)"), with two letters or more."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " in line.strip()


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in unicodedata.normalize("NFC", text).splitlines()
            if line.strip()]


def parse_lecture(text: str, seed: str = LECTURE) -> list[Section]:
    """Slides in order, numbered from 1 (the title slide)."""
    slides: list[tuple[str, list[str]]] = []
    for line in _lines(text):
        if _is_heading(line) or not slides:
            slides.append((line.strip(), []))
        else:
            slides[-1][1].append(line)
    return [Section(seed, f"slide-{n}", "slide", n, heading, "\n".join(body))
            for n, (heading, body) in enumerate(slides, 1)]


def parse_process(text: str, seed: str = PROCESS) -> list[Section]:
    """The introduction, then each phase's heading and its steps."""
    lines = _lines(text)
    sections: list[Section] = []
    intro: list[str] = []
    phase, heading, before_steps = 0, "", []
    steps: list[list[str]] = []

    def close_phase():
        if not phase:
            return
        body = before_steps
        found = steps
        if not found:  # no "Bước N." in this phase: each bullet is a step
            found = [[line] for line in before_steps if _BULLET.match(line)]
            body = [line for line in before_steps if not _BULLET.match(line)]
        sections.append(Section(seed, f"phase-{phase}", "phase", phase, heading, "\n".join(body), phase))
        sections.extend(Section(seed, f"p{phase}-{n}", "step", n, "", "\n".join(step), phase)
                        for n, step in enumerate(found, 1))

    for line in lines:
        if m := _PHASE.match(line):
            close_phase()
            phase, heading, before_steps, steps = int(m.group(2)), line.strip(), [], []
        elif not phase:
            intro.append(line)
        elif _STEP.match(line):
            steps.append([line])
        elif steps:
            steps[-1].append(line)
        else:
            before_steps.append(line)
    close_phase()
    if intro:
        sections.insert(0, Section(seed, "process-intro", "intro", 0, intro[0].strip(),
                                   "\n".join(intro[1:])))
    return sections


_PARSERS = {LECTURE: parse_lecture, PROCESS: parse_process}


@dataclass(frozen=True)
class Manual:
    """Both seed documents, cut into sections, and the content that cites them."""

    documents: dict[str, list[Section]]  # seed -> sections in document order
    content: Content

    def sections(self, seed: str | None = None) -> list[Section]:
        if seed:
            return list(self.documents[seed])
        return [s for sections in self.documents.values() for s in sections]

    def section(self, anchor: str) -> Section:
        for section in self.sections():
            if section.anchor == anchor:
                return section
        raise KeyError(anchor)

    def locate(self, seed: str, quote: str) -> Section | None:
        """The section of ``seed`` holding the quoted words (whitespace collapsed)."""
        return next((s for s in self.documents[seed] if s.contains(quote)), None)

    def citation(self, step: Step | str) -> Section | None:
        """Where a kit item's citation is in the manual."""
        step = self.content.steps[step] if isinstance(step, str) else step
        return self.locate(step.citation.seed, step.citation.quote)

    def cited_by(self, section: Section) -> list[Step]:
        """Kit items (process steps and lecture items) whose citation is in ``section``."""
        return [s for s in self.content.steps.values() if self.citation(s) == section]

    def anchor(self, step: Step | str) -> str:
        section = self.citation(step)
        return section.anchor if section else ""


def quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where each quote is in ``text`` (any whitespace between its words), merged and sorted.

    >>> quote_spans("họp các bộ phận\\nliên quan", ["bộ phận liên quan"])
    [(8, 25)]
    """
    spans = []
    for quote in quotes:
        words = collapse_space(quote).split(" ")
        m = re.search(r"\s+".join(re.escape(w) for w in words), text)
        if m:
            spans.append((m.start(), m.end()))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=4)
def _manual(root: Path) -> Manual:
    content = load(root)
    return Manual({seed: parse(content.manual(seed), seed) for seed, parse in _PARSERS.items()},
                  content)


def load_manual(content: Content | None = None) -> Manual:
    """The manual of the kit's content (cached per content folder)."""
    content = content or load()
    manual = _manual(content.root)
    return manual if manual.content is content else Manual(manual.documents, content)
