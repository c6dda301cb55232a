"""The slides a trainer projects, one PowerPoint file per day of a programme (python-pptx):
16:9, Vietnamese, legible from the back of a room (titles 36 pt, body 24 pt, at most
``MAX_WORDS`` words a slide).

Each session opens with its title slide: the time, length and method, the objectives, and the
five phases drawn as shapes with the session's phases filled. Each lesson, dashboard,
role-play and exercise the session uses gets a slide with its name and what it is for. The
trainer notes (``trainer/notes``) go in the speaker notes, where only the presenter sees them;
the session's title slide has the trainer's role and the room.

>>> from thamvan_lib.programme import load_programmes
>>> deck = day_deck(load_programmes()["mot-ngay"], 1)
>>> max(len(words(texts)) for texts in slide_texts(deck)) <= MAX_WORDS
True
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from ..content import load
from ..i18n import pick
from ..programme import PHASES, minutes
from ..schema.programme import ProgrammeFile, Session
from .materials import use_title

MAX_WORDS = 40
TITLE_SIZE, BODY_SIZE, PHASE_SIZE = Pt(36), Pt(24), Pt(20)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
FONT = "Arial"  # a sans-serif with Vietnamese letters everywhere (Liberation Sans in LibreOffice)
INK, ACCENT, PALE, WHITE = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x1F, 0x5F, 0x99), RGBColor(0xD9, 0xDE, 0xE6), \
    RGBColor(0xFF, 0xFF, 0xFF)


def words(texts: list[str]) -> list[str]:
    """The words a reader reads: what spaces part, when it has a letter or digit ("08:30–09:30" is one)."""
    return [w for text in texts for w in text.split() if re.search(r"\w", w)]


def _t(key: str, lang: str, **values) -> str:
    return load().message(key, lang, **values)


def _fit(items: list[str], budget: int) -> list[str]:
    """As many items as fit ``budget`` words; an item too long alone is cut at a word."""
    kept: list[str] = []
    for item in items:
        used = len(words(kept))
        size = len(words([item]))
        if used + size <= budget:
            kept.append(item)
        elif not kept:
            parts = item.split()
            while parts and len(words([" ".join(parts)])) > budget - 1:
                parts.pop()
            kept.append(" ".join(parts) + " …")
            break
        else:
            break
    return kept


class Deck:
    """A presentation being written: slides of a title, lines and the phase diagram."""

    def __init__(self, lang: str):
        self.lang = lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT

    def slide(self, title: str, lines: list[str] = (), subtitle: str = "", phases: list[int] | None = None,
              notes: str = "", centre: bool = False):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        top = Inches(2.6) if centre else Inches(0.4)
        self._text(slide, [title], MARGIN, top, WIDTH - 2 * MARGIN, Inches(1.5), TITLE_SIZE, bold=True,
                   colour=ACCENT, align=PP_ALIGN.CENTER if centre else PP_ALIGN.LEFT, name="title")
        y = top + Inches(1.6)
        if subtitle:
            self._text(slide, [subtitle], MARGIN, y, WIDTH - 2 * MARGIN, Inches(0.7), BODY_SIZE, italic=True,
                       align=PP_ALIGN.CENTER if centre else PP_ALIGN.LEFT, name="subtitle")
            y += Inches(0.8)
        if lines:
            bottom = Inches(5.7) if phases is not None else HEIGHT - Inches(0.4)
            self._text(slide, [f"• {line}" for line in lines], MARGIN, y, WIDTH - 2 * MARGIN, bottom - y,
                       BODY_SIZE, name="body")
        if phases is not None:
            self._phases(slide, phases)
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def _text(self, slide, lines, left, top, width, height, size, bold=False, italic=False, colour=INK,
              align=PP_ALIGN.LEFT, name=""):
        box = slide.shapes.add_textbox(left, top, width, height)
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            p.alignment = align
            p.space_after = Pt(8)
            run = p.add_run()
            run.text = line
            font = run.font
            font.size, font.bold, font.italic, font.name = size, bold, italic, FONT
            font.color.rgb = colour

    def _phases(self, slide, lit: list[int]) -> None:
        """The five phases as chevrons along the foot of the slide, the session's filled."""
        step = (WIDTH - 2 * MARGIN) / len(PHASES)
        for n, phase in enumerate(PHASES):
            shape = slide.shapes.add_shape(MSO_SHAPE.CHEVRON, int(MARGIN + n * step), Inches(6.0),
                                           int(step + Inches(0.1)), Inches(1.0))
            shape.name = f"phase-{phase}" + ("-lit" if phase in lit else "")
            shape.fill.solid()
            shape.fill.fore_color.rgb = ACCENT if phase in lit else PALE
            shape.line.fill.background()
            frame = shape.text_frame
            frame.word_wrap = False  # one line: the chevron's inset would break "2. Thực hiện" in two
            run = frame.paragraphs[0].add_run()
            run.text = _t(f"slides.phase_{phase}", self.lang)
            run.font.size, run.font.bold, run.font.name = PHASE_SIZE, phase in lit, FONT
            run.font.color.rgb = WHITE if phase in lit else INK
            frame.paragraphs[0].alignment = PP_ALIGN.CENTER

    def save(self, path: Path) -> Path:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        path.write_bytes(buffer.getvalue())
        return path


# --- what a session's slides say ----------------------------------------------------------

def _note_text(note, lang: str) -> str:
    """A trainer note as speaker notes: plain lines the presenter reads."""
    t = lambda key, **v: _t(f"materials.doc.{key}", lang, **v)  # noqa: E731
    lines = [t("note_minutes", minutes=note.minutes), "", t("talking_points") + ":"]
    lines += [f"- {p.get(lang)}" for p in note.talking_points]
    lines += ["", t("misconceptions") + ":"]
    lines += [f"- {m.thinks.get(lang)} → {m.instead.get(lang)}" for m in note.misconceptions]
    lines += ["", t("debrief") + ":"] + [f"- {q.get(lang)}" for q in note.debrief]
    lines += ["", t("col_minutes") + ":"] + [f"{s.minutes}′ {s.do.get(lang)}" for s in note.timing]
    lines += ["", f"{t('paper')}: {note.paper.get(lang)}"]
    return "\n".join(lines)


def _use_lines(kind: str, ident: str, lang: str) -> list[str]:
    """What a used thing is for, in a line or two a trainee reads from afar."""
    content = load()
    if kind == "tool" and ident in content.tools:
        return [content.tools[ident].description.get(lang)]
    if kind == "roleplay":
        from ..roleplay.loading import load_scenarios

        scenario = load_scenarios().get(ident)
        if scenario is not None:
            return re.split(r"(?<=[.!?])\s+", scenario.data.summary.get(lang))[:2]
    if kind == "lesson":
        for phase in content.phases.values():
            if phase.notebook == f"{ident}.ipynb":
                return [k.get(lang) for k in phase.key_points[:2]]
    return [_t(f"slides.use.{kind}", lang)]


def _session_slides(deck: Deck, session: Session, notes: dict, lang: str) -> None:
    length = minutes(session.end) - minutes(session.start)
    method = _t("programme.method." + session.method.replace("-", "_"), lang) if session.method else ""
    subtitle = _t("slides.when", lang, start=session.start, end=session.end, minutes=length, method=method)
    title = session.title.get(lang)
    objectives = [o.get(lang) for o in session.objectives]
    speaker = []
    if session.trainer_role:
        speaker.append(f"{_t('materials.doc.trainer_role', lang)}: {session.trainer_role.get(lang)}")
    if session.room:
        room = _t("materials.doc.room_groups", lang, groups=session.room.groups) if session.room.groups \
            else _t("materials.doc.room_plenary", lang)
        speaker.append(f"{_t('materials.doc.room', lang)}: {room}")
        if session.room.layout:
            speaker.append(session.room.layout.get(lang))
    diagram = [_t(f"slides.phase_{p}", lang) for p in PHASES]
    budget = MAX_WORDS - len(words([title, subtitle, *diagram]))
    here = objectives if len(words(objectives)) <= budget else []
    deck.slide(title, here, subtitle, list(session.phases), "\n".join(speaker))
    rest = [o for o in objectives if o not in here]
    heading = _t("slides.objectives", lang)
    while rest:
        shown = _fit(rest, MAX_WORDS - len(words([heading])))
        deck.slide(heading, shown, notes="\n".join(speaker))
        rest = rest[len(shown):] if not shown[-1].endswith("…") or shown[-1][:-2] in rest else rest[1:]
    for use in session.uses:
        name = use_title(use.kind, use.id, lang)
        lines = _fit(_use_lines(use.kind, use.id, lang), MAX_WORDS - len(words([name])))
        note = notes.get((use.kind, use.id))
        deck.slide(name, lines, notes=_note_text(note, lang) if note else _t("materials.doc.no_note", lang))


def day_deck(programme: ProgrammeFile, day_number: int, lang: str | None = None) -> Deck:
    """The slides of one day: its opening slide, then each session's (breaks get a slide too,
    so the screen says when to come back)."""
    from ..trainer_notes import load_notes

    lang = pick(lang)
    notes = load_notes()
    day = next(d for d in programme.days if d.day == day_number)
    deck = Deck(lang)
    deck.slide(day.title.get(lang), subtitle=_fit([programme.title.get(lang)], 25)[0], centre=True,
               notes=_t("slides.day_notes", lang))
    for session in day.sessions:
        if session.kind == "session":
            _session_slides(deck, session, notes, lang)
        else:
            deck.slide(session.title.get(lang), subtitle=_t("slides.back_at", lang, end=session.end), centre=True)
    return deck


def slide_texts(deck: Deck) -> list[list[str]]:
    """The words on each slide (not its notes), shape by shape."""
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            for slide in deck.prs.slides]


def write_slides(programme: ProgrammeFile, out: Path, lang: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [day_deck(programme, day.day, lang).save(out / f"trinh-chieu-{programme.id}-ngay-{day.day}.pptx")
            for day in programme.days]
