"""The one consultation the kit tells (``content/storyline/son-ha.yaml``): Sơn Hà's
consultation on healthcare for the poor, from the Standing Committee's choice of the issue
(P1.1) to the answers on uptake (P5). Its facts are written once; this module checks that
they agree with each other (``problems``) and that the worked examples a trainer reads tell
the same story (``example_problems``: communes, dates, sample). ``thamvan check-content``
runs both; the datasets are checked against it by the tests.

>>> story = load_storyline()
>>> story.survey.planned, len(story.communes)
(1600, 10)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .content import ContentError, content_root, load, load_kind
from .sampling import sample_size
from .schema.storyline import StorylineFile

STORYLINE = "son-ha"


def _error(path: str, item: str, field: str, key: str, **values) -> ContentError:
    text = load().both(f"storyline.check.{key}", **values)
    return ContentError(path, item, field, text["vi"], text["en"])


def _vi_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def phase_of(story: StorylineFile, day: date) -> str | None:
    """The step of the calendar ``day`` falls in (the last milestone on or before it)."""
    step = None
    for milestone in story.milestones:
        if milestone.day <= day:
            step = milestone.step
    return step


def milestone(story: StorylineFile, step: str) -> date:
    """The first day of ``step`` in the calendar."""
    return next(m.day for m in story.milestones if m.step == step)


def problems(story: StorylineFile, path: str = "") -> list[ContentError]:
    """Everything in the storyline that contradicts the rest of it."""
    found = []
    for before, after in zip(story.milestones, story.milestones[1:]):
        if after.day <= before.day:  # strictly later: each milestone has its own day
            found.append(_error(path, after.step, "day", "dates_back", step=after.step,
                                day=_vi_date(after.day), before=before.step, before_day=_vi_date(before.day)))
        if _order(after.step) < _order(before.step):
            found.append(_error(path, after.step, "step", "steps_back", step=after.step, before=before.step))
    total = sum(c.adults for c in story.communes)
    if total != story.survey.adults:
        found.append(_error(path, "survey", "adults", "adults_sum", adults=story.survey.adults, total=total))
    needed = sample_size(story.survey.adults, story.survey.margin, 0.95)
    if needed != story.survey.required:
        found.append(_error(path, "survey", "required", "required", required=story.survey.required,
                            computed=needed, margin=story.survey.margin))
    if story.survey.planned < story.survey.required:
        found.append(_error(path, "survey", "planned", "planned_short", planned=story.survey.planned,
                            required=story.survey.required))
    survey, pilot = story.survey, story.survey.pilot
    windows = [("survey", survey, {"vi": "Đợt khảo sát", "en": "survey"}),
               ("letters", story.letters, {"vi": "Thời gian nhận thư", "en": "letters"})]
    for item, window, what in windows:
        if window.end < window.start:
            found.append(_error(path, item, "end", "window", what=what, start=_vi_date(window.start),
                                end=_vi_date(window.end)))
    checks = [("survey.pilot", "day", pilot.day, "P2.2"), ("survey", "start", survey.start, "P2.3"),
              ("letters", "start", story.letters.start, "P1.3")]
    checks += [(f"conferences[{n}]", "day", c.day, "P2.3") for n, c in enumerate(story.conferences)]
    for item, field, day, step in checks:
        if phase_of(story, day) is None or _order(phase_of(story, day)) < _order(step):
            found.append(_error(path, item, field, "before_step", day=_vi_date(day), step=step))
    if pilot.day >= survey.start:
        found.append(_error(path, "survey.pilot", "day", "pilot_late", day=_vi_date(pilot.day),
                            start=_vi_date(survey.start)))
    # opinions are gathered before the analysis (P3) starts: the report counts them all
    analysis = next((m for m in story.milestones if _order(m.step) >= (3, 0)), None)
    closing = [("survey", "end", survey.end), ("letters", "end", story.letters.end)]
    closing += [(f"conferences[{n}]", "day", c.day) for n, c in enumerate(story.conferences)]
    for item, field, day in closing:
        if analysis and day >= analysis.day:
            found.append(_error(path, item, field, "after_step", day=_vi_date(day), step=analysis.step,
                                start=_vi_date(analysis.day)))
    # the calendar names each conference on its day
    days = {m.day for m in story.milestones if m.step.startswith("P2.")}
    for n, conference in enumerate(story.conferences):
        if conference.day not in days:
            found.append(_error(path, f"conferences[{n}]", "day", "conference_missing",
                                day=_vi_date(conference.day), place=conference.place))
    return found


def _order(step: str) -> tuple[int, int]:
    phase, number = step[1:].split(".")
    return int(phase), int(number)


def example_problems(story: StorylineFile) -> list[ContentError]:
    """Where the worked examples (plan, training, uptake) tell another story."""
    from . import plan, training

    found = []
    communes = {c.name for c in story.communes}
    example = plan.load_example()
    p = example.plan
    path = "plan/example-healthcare-poor.yaml"
    for commune in p.communes:
        if commune.name not in communes:
            found.append(_error(path, "plan.communes", "name", "unknown_commune", name=commune.name))
    surveys = [t for t in p.tools if t.kind == "questionnaire"]
    for tool in surveys:
        if tool.sample != story.survey.planned:
            found.append(_error(path, tool.name, "sample", "sample", sample=tool.sample,
                                planned=story.survey.planned))
    first = story.milestones[0]
    for step in p.timeline:
        if step.start is not None and phase_of(story, step.start) is None:
            found.append(_error(path, step.name, "start", "outside_story", day=_vi_date(step.start),
                                step=first.step, first=_vi_date(first.day)))
    trained = training.load_example()
    path = "training/example.yaml"
    start = milestone(story, "P2.1")
    for session in trained.sessions:
        if not start <= session.day < story.survey.start:
            found.append(_error(path, session.title, "day", "training_day", day=_vi_date(session.day),
                                start=_vi_date(start), survey=_vi_date(story.survey.start)))
    return found


def load_storyline(root: Path | str | None = None) -> StorylineFile:
    """The storyline, checked; its first problem is raised as a ContentError."""
    root = Path(root) if root else content_root()
    story = load_kind("storyline", root, name=STORYLINE)
    found = problems(story, f"storyline/{STORYLINE}.yaml")
    if found:
        raise found[0]
    return story


def checked_storyline(root: Path | str | None = None) -> StorylineFile:
    """``thamvan check-content``'s check: the storyline, and the worked examples against it."""
    story = load_storyline(root)
    found = example_problems(story)
    if found:
        raise found[0]
    return story
