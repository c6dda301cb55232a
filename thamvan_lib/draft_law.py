"""The delegation's draft-law route (``content/storyline/du-an-luat.yaml``): the Sơn Hà National
Assembly delegation's office collects opinions on a hypothetical draft law, from the request
file to the summary sent to the drafting agency. Its facts are written once; this module checks
that they agree with each other and with the Sơn Hà storyline (``problems``), and that the
role-play and the exercise which tell it say the same (``example_problems``).
``thamvan check-content`` runs both.

>>> story = load_draft_law()
>>> story.draft.articles, len(story.opinions), story.deadline.isoformat()
(62, 10, '2026-08-26')
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from .content import ContentError, content_root, load, load_kind
from .schema.draft_law import DraftLawFile

STORY = "du-an-luat"
SCENARIO = "lay-y-kien-du-an-luat"
EXERCISE = "du-an-luat"
OUTSIDE = "ngoai-pham-vi"  # the choice for an opinion on what the draft does not govern
DAYS_LEFT = "ngay-con-lai"  # the role-play's count of days before the deadline
DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


def _error(path: str, item: str, field: str, key: str, **values) -> ContentError:
    text = load().both(f"draft_law.check.{key}", **values)
    return ContentError(path, item, field, text["vi"], text["en"])


def vi_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def received(story: DraftLawFile) -> date:
    """The day the request file reaches the office."""
    return story.step("nhan-ho-so")


def problems(story: DraftLawFile, path: str = "", root: Path | None = None) -> list[ContentError]:
    """Everything in the story that contradicts the rest of it or the storyline it is set in."""
    found = []
    for before, after in zip(story.steps, story.steps[1:]):
        if after.day < before.day:
            found.append(_error(path, after.id, "day", "dates_back", step=after.id, day=vi_date(after.day),
                                before=before.id, before_day=vi_date(before.day)))
    due = received(story) + timedelta(days=story.request.days)
    if story.deadline != due:
        found.append(_error(path, "deadline", "deadline", "deadline", deadline=vi_date(story.deadline),
                            days=story.request.days, due=vi_date(due)))
    ahead = story.step("hoi-nghi") - story.step("gui-tai-lieu")
    if ahead.days < story.conference.papers_ahead:
        found.append(_error(path, "gui-tai-lieu", "day", "papers_late", days=ahead.days,
                            ahead=story.conference.papers_ahead))
    if story.step("gui-tong-hop") > story.deadline:
        found.append(_error(path, "gui-tong-hop", "day", "sent_late", day=vi_date(story.step("gui-tong-hop")),
                            deadline=vi_date(story.deadline)))
    days = {story.deadline} | {s.day for s in story.steps}
    for step in story.steps:
        for d, m, y in DATE.findall(step.what):
            if date(int(y), int(m), int(d)) not in days:
                found.append(_error(path, step.id, "what", "unknown_date", day=f"{d}/{m}/{y}"))
    concluded = [c.question for c in story.conclusions]
    for question in story.draft.discussed:
        if concluded.count(question) != 1:
            found.append(_error(path, question, "conclusions", "conclusion", question=question))
    if concluded.count(None) != 1 or set(concluded) - set(story.draft.discussed) - {None}:
        found.append(_error(path, "conclusions", "question", "conclusions"))
    communes = {c.name for c in load_kind("storyline", root, name=story.storyline).communes}
    for n, opinion in enumerate(story.opinions, 1):
        if opinion.where and opinion.where not in communes:
            found.append(_error(path, f"opinions[{n}]", "where", "unknown_commune", name=opinion.where))
    personas = {p.id for p in load_kind("personas", root).personas}
    people = [("chair", story.chair), ("superior", story.superior)]
    people += [(f"opinions[{n}]", o.persona) for n, o in enumerate(story.opinions, 1) if o.persona]
    for item, persona in people:
        if persona not in personas:
            found.append(_error(path, item, "persona", "unknown_persona", persona=persona))
    return found


def example_problems(story: DraftLawFile, root: Path | None = None) -> list[ContentError]:
    """Where the role-play or the exercise's answer sheet tells another story."""
    found = []
    scenario = load_kind("scenario", root, name=SCENARIO)
    path = f"roleplay/scenarios/{SCENARIO}.yaml"
    wanted = {
        "summary": [vi_date(received(story)), vi_date(story.deadline), f"{story.request.days} ngày"],
        "setting": [f"{story.draft.articles} điều", f"{len(story.draft.questions)} câu hỏi",
                    vi_date(story.step("hoi-nghi")), story.conference.place],
    }
    for field, facts in wanted.items():
        text = getattr(scenario, field).vi
        for fact in facts:
            if fact not in text:
                found.append(_error(path, "-", field, "scenario_fact", fact=fact))
    told = " ".join(c.text.vi for s in scenario.scenes for c in s.choices)
    told += " ".join(s.narration.vi for s in scenario.scenes)
    for fact in (f"{story.submissions} văn bản góp ý", f"khoảng {story.conference.invited} người",
                 f"{story.draft.pages} trang", f"tóm tắt {story.conference.brief_pages} trang",
                 f"trước hội nghị {story.conference.papers_ahead} ngày"):
        if fact not in told:
            found.append(_error(path, "-", "scenes", "scenario_fact", fact=fact))
    days = next((s.initial for s in scenario.state if s.id == DAYS_LEFT), None)
    if days != story.request.days:
        found.append(_error(path, DAYS_LEFT, "initial", "days_left", initial=days, days=story.request.days))
    spoken = {s.id: {line.speaker for line in s.lines} for s in scenario.scenes}
    for n, opinion in enumerate(story.opinions, 1):
        if opinion.scene and opinion.persona not in spoken.get(opinion.scene, ()):
            found.append(_error(path, opinion.scene or "-", "lines", "not_spoken", n=n, scene=opinion.scene))
    cast = {story.chair, story.superior} | {o.persona for o in story.opinions if o.persona}
    if missing := cast - set(scenario.personas):
        found.append(_error(path, "-", "personas", "cast", personas=", ".join(sorted(missing))))
    sheet = load_kind("sheet", root, name=EXERCISE)
    path = f"exercises/sheets/{EXERCISE}.yaml"
    ids = {item.id: item for item in sheet.items}
    provisions = set(story.draft.discussed) | {OUTSIDE}
    for n in range(1, len(story.opinions) + 1):
        item = ids.get(f"dieu_{n}")
        if item is None or f"de_xuat_{n}" not in ids:
            found.append(_error(path, f"dieu_{n}", "id", "sheet_opinion", n=n))
        elif {c.id for c in item.choices} != provisions:
            found.append(_error(path, item.id, "choices", "sheet_choices", choices=", ".join(sorted(provisions))))
    return found


def load_draft_law(root: Path | str | None = None) -> DraftLawFile:
    """The draft-law story, checked; its first problem is raised as a ContentError."""
    root = Path(root) if root else content_root()
    story = load_kind("draft_law", root)
    found = problems(story, f"storyline/{STORY}.yaml", root)
    if found:
        raise found[0]
    return story


def checked_draft_law(root: Path | str | None = None) -> DraftLawFile:
    """``thamvan check-content``'s check: the story, and the role-play and the exercise against it."""
    root = Path(root) if root else content_root()
    story = load_draft_law(root)
    found = example_problems(story, root)
    if found:
        raise found[0]
    return story
