"""The three printed materials of a workshop the lecture names (item L8), and the trainer's
own notes, from a programme (``content/programmes/``) and the kit's content:

- the programme (``documents.programme``) with the office's letterhead, contents and page numbers;
- the reading set (bộ tài liệu đọc): the five phases phase by phase (objectives, key points,
  the process steps, the lecture items), the legal frame when the content has one, the glossary;
- the practice handbook (cẩm nang thực hành): checklists by step and for supervising a
  contractor, the sample-size table, blank templates, the rubrics, the worked examples in
  short and the role cards of the programme's role-plays;
- the trainer's notes (ghi chú cho giảng viên): day by day, session by session, the notes of
  every lesson, dashboard, role-play and exercise used. Never handed to trainees: the first
  three hold none of it.

Each is an ``Outline`` with the administrative letterhead, a ``Contents`` block and page
numbers; ``documents.pdf.write_documents`` prints them to Word and PDF.

>>> from thamvan_lib.programme import load_programmes
>>> outline = reading_set(load_programmes()["mot-ngay"])
>>> outline.title, outline.blocks[0].kind
('BỘ TÀI LIỆU ĐỌC', 'contents')
"""

from __future__ import annotations

import json

from .. import locations
from ..content import KINDS, content_root, load, load_kind
from ..i18n import BLANK, pick
from ..schema.programme import ProgrammeFile
from .outline import Blocks, Contents, Heading, Outline, PageBreak, Table, letterhead
from .programme import programme_outline

SYMBOL = {"programme": "CT-VP", "reading": "TL-VP", "handbook": "TL-VP", "trainer": "TL-VP"}
MARGINS = (0.05, 0.04, 0.03)                       # the sample-size table's columns
POPULATIONS = (1_000, 5_000, 10_000, 50_000, 130_000)


class Writer(Blocks):
    """Blocks with the labels of ``materials.doc.*`` in one language."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def t(self, key: str, **values) -> str:
        return load().message(f"materials.doc.{key}", self.lang, **values)


def _material(kind: str, title: str, subject: str, blocks: list, lang: str) -> Outline:
    """The administrative layout: the office's letterhead, the title, the contents first,
    a page number on every page, no signature (a training material, not a decision)."""
    msg = lambda key: load().message(key, lang)  # noqa: E731
    head = letterhead(lang, msg("reports.doc.issuing").split("\n"), BLANK, SYMBOL[kind],
                      msg("reports.doc.place"), None)
    contents = Contents(load().message("materials.doc.contents", lang))
    return Outline(lang, title, subject, [contents, *blocks], letterhead=head, page_numbers=True)


# --- the programme -----------------------------------------------------------------------

def programme_material(programme: ProgrammeFile, lang: str | None = None) -> Outline:
    lang = pick(lang)
    plain = programme_outline(programme, lang)
    return _material("programme", plain.title, plain.subject, plain.blocks, lang)


# --- the reading set ---------------------------------------------------------------------

def reading_set(programme: ProgrammeFile, lang: str | None = None) -> Outline:
    lang = pick(lang)
    content = load()
    w = Writer(lang)
    for n, phase in enumerate(content.phases.values()):
        if n:
            w.append(PageBreak())
        w.heading(phase.title.get(lang), 1)
        w.para(phase.summary.get(lang))
        w.heading(w.t("objectives"), 2)
        w.bullets(o.get(lang) for o in phase.objectives)
        w.heading(w.t("key_points"), 2)
        w.bullets(k.get(lang) for k in phase.key_points)
        w.heading(w.t("steps"), 2)
        for step in content.phase_steps(phase.id):
            w.heading(f"{step.id}. {step.title.get(lang)}", 3)
            w.para(step.summary.get(lang))
        w.heading(w.t("lecture"), 2)
        for item in content.lecture_items(phase.id):
            w.heading(f"{item.id}. {item.title.get(lang)}", 3)
            w.para(item.summary.get(lang))
    _legal_frame(w)
    w.append(PageBreak())
    w.heading(w.t("glossary"), 1)
    w.append(Table([w.t("col_term"), w.t("col_meaning"), w.t("col_note")],
                   [[g.term, g.expansion.get(lang), g.note.get(lang) if g.note else ""] for g in content.glossary]))
    return _material("reading", w.t("reading_kind"), programme.title.get(lang), list(w), lang)


def _legal_frame(w: Writer) -> None:
    """The legal-frame page, when the content has one (``legal/khung-phap-ly.yaml``)."""
    spec = KINDS.get("legal_frame")
    if spec is None or not spec.files(content_root())[0].exists():
        return
    frame = load_kind("legal_frame")
    w.append(PageBreak())
    w.heading(frame.title.get(w.lang), 1)
    w.para(frame.intro.get(w.lang))
    w.para(w.t("legal_updated", day=frame.updated.strftime("%d/%m/%Y")))
    w.heading(w.t("legal_law"), 2)
    for text in frame.law:
        w.heading(f"{text.name} ({text.number})", 3)
        dates = w.t("legal_adopted", day=text.adopted.strftime("%d/%m/%Y"))
        if text.effective:
            dates += "; " + w.t("legal_effective", day=text.effective.strftime("%d/%m/%Y"))
        w.para(dates)
        w.para(text.frames.get(w.lang))
        w.para(text.source, w.t("legal_source") + ": ")
    w.heading(w.t("legal_practice"), 2)
    w.bullets(p.get(w.lang) for p in frame.practice)


# --- the practice handbook ----------------------------------------------------------------

def handbook(programme: ProgrammeFile, lang: str | None = None) -> Outline:
    lang = pick(lang)
    w = Writer(lang)
    _checklists(w)
    _sample_tables(w)
    _templates(w)
    _rubrics(w)
    _examples(w)
    _role_cards(w, programme)
    return _material("handbook", w.t("handbook_kind"), programme.title.get(lang), list(w), lang)


def _checklists(w: Writer) -> None:
    from ..communication import load_supervision

    content = load()
    header = [w.t("col_check"), w.t("col_done")]
    w.heading(w.t("checklists"), 1)
    for phase in content.phases.values():
        w.heading(phase.title.get(w.lang), 2)
        for step in content.phase_steps(phase.id):
            w.heading(f"{step.id}. {step.title.get(w.lang)}", 3)
            w.append(Table(header, [[c.text.get(w.lang), ""] for c in step.checklist]))
    supervision = load_supervision()
    w.heading(w.t("supervision"), 2)
    w.para(supervision.principle.get(w.lang))
    for stage in supervision.stages:
        w.heading(stage.title.get(w.lang), 3)
        w.append(Table(header, [[i.text.get(w.lang), ""] for i in stage.items]))


def _sample_tables(w: Writer) -> None:
    from ..sampling import allocate, sample_size
    from ..storyline import load_storyline

    w.append(PageBreak())
    w.heading(w.t("sample"), 1)
    w.para(w.t("sample_note"))
    w.append(Table([w.t("col_population")] + [w.t("col_margin", points=round(m * 100)) for m in MARGINS],
                   [[_number(p), *(str(sample_size(p, m, 0.95)) for m in MARGINS)]
                    for p in POPULATIONS], numeric=tuple(range(len(MARGINS) + 1))))
    story = load_storyline()
    adults = {c.name: c.adults for c in story.communes}
    shares = allocate(adults, story.survey.planned, story.survey.allocation)
    w.heading(w.t("sample_son_ha", planned=_number(story.survey.planned)), 2)
    w.append(Table([w.t("col_commune"), w.t("col_adults"), w.t("col_forms")],
                   [[name, _number(n), str(shares[name])] for name, n in adults.items()],
                   total=[w.t("total"), _number(story.survey.adults), _number(story.survey.planned)],
                   numeric=(1, 2)))


def _number(n: int) -> str:
    """12.500: Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")


def _demoted(blocks: list, by: int) -> list:
    """A document's blocks inside another: its headings below the host's contents levels."""
    return [Heading(b.level + by, b.text) if isinstance(b, Heading) else b for b in blocks]


def _templates(w: Writer) -> None:
    from ..plan import ConsultationPlan
    from ..training import TrainingPlan
    from ..uptake import UptakeTracker
    from .plan import plan_outline
    from .training import training_outline
    from .uptake import tracker_outline

    w.append(PageBreak())
    w.heading(w.t("templates"), 1)
    w.para(w.t("templates_note"))
    for key, outline in (("template_plan", plan_outline(ConsultationPlan(), w.lang)),
                         ("template_training", training_outline(TrainingPlan(), w.lang)),
                         ("template_tracker", tracker_outline(UptakeTracker(), w.lang))):
        w.heading(w.t(key), 2)
        w.para(f"{outline.title}: {outline.subject}")
        w.extend(_demoted(outline.blocks, 2))


def _rubrics(w: Writer) -> None:
    from ..roleplay.loading import load_rubrics

    w.append(PageBreak())
    w.heading(w.t("rubrics"), 1)
    for rubric in load_rubrics().values():
        w.heading(rubric.name.get(w.lang), 2)
        w.para(rubric.description.get(w.lang))
        w.append(Table([w.t("col_criterion"), w.t("col_how"), w.t("col_points")],
                       [[c.name.get(w.lang), c.explanation.get(w.lang), str(c.max_points)] for c in rubric.criteria],
                       numeric=(2,)))


def _examples(w: Writer) -> None:
    from .. import plan, training, uptake

    w.append(PageBreak())
    w.heading(w.t("examples"), 1)
    example = plan.load_example()
    w.heading(w.t("example_plan"), 2)
    w.para(example.plan.name, w.t("example_name") + ": ")
    w.para(example.dossier.topic, w.t("example_topic") + ": ")
    w.para(w.t("example_contents"))
    w.bullets(example.dossier.contents_to_consult)
    w.bullets(example.plan.purposes)
    course = training.load_example()
    w.heading(w.t("example_training"), 2)
    w.para(course.title, w.t("example_name") + ": ")
    w.para(w.t("example_participants", count=len(course.participants)))
    w.bullets(course.content.general)
    tracker = uptake.load_example().tracker
    w.heading(w.t("example_uptake"), 2)
    w.para(tracker.consultation, w.t("example_topic") + ": ")
    w.para(w.t("example_asked"))
    w.bullets(tracker.asked)
    w.para(w.t("example_how"))
    w.bullets(tracker.how_we_asked)
    counts: dict[str, int] = {}
    for response in tracker.responses:
        counts[response.decision] = counts.get(response.decision, 0) + 1
    w.para(w.t("example_outcomes", groups=len(tracker.opinions)))
    w.bullets(f"{load().message(f'uptake.decision.{d}', w.lang)}: {n}" for d, n in counts.items())


def _role_cards(w: Writer, programme: ProgrammeFile) -> None:
    from ..roleplay.loading import load_scenarios
    from ..workshop import plan_workshop
    from .workshop import card_blocks

    scenarios = load_scenarios()
    used = [u.id for d in programme.days for s in d.sessions for u in s.uses if u.kind == "roleplay"]
    for n, sid in enumerate(dict.fromkeys(used)):
        w.append(PageBreak())
        if n == 0:
            w.heading(w.t("cards"), 1)
            w.para(w.t("cards_note"))
        scenario = scenarios[sid]
        w.heading(scenario.title.get(w.lang), 2)
        w.para(scenario.data.setting.get(w.lang))
        w.extend(card_blocks(plan_workshop(scenario, 1), w.lang))


# --- the trainer's notes -----------------------------------------------------------------

def use_title(kind: str, ident: str, lang: str) -> str:
    """What a programme's use is called: a dashboard's or scenario's title, the first heading
    of a lesson's or exercise's notebook."""
    if kind == "tool" and ident in load().tools:
        return load().tools[ident].title.get(lang)
    if kind == "roleplay":
        from ..roleplay.loading import load_scenarios

        scenario = load_scenarios().get(ident)
        if scenario is not None:
            return scenario.title.get(lang)
    path = (locations.notebooks() / f"{ident}.ipynb" if kind == "lesson"
            else locations.exercises() / ident / f"{ident}.ipynb")
    if path.exists():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            first = "".join(cell["source"]).lstrip()
            if cell["cell_type"] == "markdown" and first.startswith("# "):
                return first.splitlines()[0][2:].strip()
    return load().message(f"programme.doc.use.{kind}", lang, id=ident)


def note_blocks(note, lang: str) -> list:
    """One trainer note as blocks (a handout, the trainer's document, a slide's notes)."""
    w = Writer(lang)
    w.para(w.t("note_minutes", minutes=note.minutes))
    w.heading(w.t("talking_points"), 4)
    w.bullets(p.get(lang) for p in note.talking_points)
    w.heading(w.t("misconceptions"), 4)
    for m in note.misconceptions:
        w.para(f"{m.thinks.get(lang)} → {m.instead.get(lang)}", "", "bullet")
    w.heading(w.t("debrief"), 4)
    w.bullets(q.get(lang) for q in note.debrief)
    w.append(Table([w.t("col_minutes"), w.t("col_do")],
                   [[str(s.minutes), s.do.get(lang)] for s in note.timing], numeric=(0,)))
    w.para(note.paper.get(lang), w.t("paper") + ": ")
    return list(w)


def trainer_notes(programme: ProgrammeFile, lang: str | None = None) -> Outline:
    from ..trainer_notes import load_notes

    lang = pick(lang)
    notes = load_notes()
    w = Writer(lang)
    w.para(w.t("trainer_intro"))
    printed: dict[tuple[str, str], str] = {}
    for day in programme.days:
        w.heading(day.title.get(lang), 1)
        for session in day.sessions:
            if session.kind != "session":
                continue
            when = f"{session.start}–{session.end}"
            w.heading(f"{when} {session.title.get(lang)}", 2)
            if session.method:
                w.para(load().message("programme.method." + session.method.replace("-", "_"), lang),
                       w.t("method") + ": ")
            if session.trainer_role:
                w.para(session.trainer_role.get(lang), w.t("trainer_role") + ": ")
            if session.room:
                w.para(w.t("room_groups", groups=session.room.groups) if session.room.groups else w.t("room_plenary"),
                       w.t("room") + ": ")
            for use in session.uses:
                key = (use.kind, use.id)
                w.heading(use_title(use.kind, use.id, lang), 3)
                if key in printed:
                    w.para(w.t("see_above", session=printed[key]))
                elif key in notes:
                    w.extend(note_blocks(notes[key], lang))
                    printed[key] = f"{day.title.get(lang)}, {when}"
                else:
                    w.para(w.t("no_note"))
    return _material("trainer", w.t("trainer_kind"), programme.title.get(lang), list(w), lang)


def materials(programme: ProgrammeFile, lang: str | None = None) -> dict[str, Outline]:
    """Every document by file name: the three trainees' materials, then the trainer's notes."""
    pid = programme.id
    return {f"chuong-trinh-{pid}": programme_material(programme, lang),
            f"tai-lieu-doc-{pid}": reading_set(programme, lang),
            f"cam-nang-thuc-hanh-{pid}": handbook(programme, lang),
            f"ghi-chu-giang-vien-{pid}": trainer_notes(programme, lang)}


TRAINEE_FILES = ("chuong-trinh", "tai-lieu-doc", "cam-nang-thuc-hanh")
