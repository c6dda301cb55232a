"""The delegation's draft-law story (content/storyline/du-an-luat.yaml), a second, small and
fictional storyline: its calendar and facts agree with each other and with the Sơn Hà
storyline, and the role-play and the exercise tell it as it is written."""

from __future__ import annotations

import re
from datetime import date, timedelta

import nbformat
import pytest
import yaml

from thamvan_lib import draft_law
from thamvan_lib.content import ContentError, load_kind
from thamvan_lib.locations import exercises


@pytest.fixture(scope="module")
def story():
    return draft_law.load_draft_law()


def changed(story, **fields):
    return story.model_copy(update=fields)


def fields(found) -> set[str]:
    return {e.field for e in found}


def _rewrite(path, edit):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the story's own facts ----------------------------------------------------------------

def test_the_story_agrees_with_itself_the_son_ha_storyline_and_what_tells_it(story):
    assert draft_law.problems(story) == [] and draft_law.example_problems(story) == []
    assert story.deadline == draft_law.received(story) + timedelta(days=story.request.days)
    assert story.fictional and "giả định" in story.title.vi


def test_a_story_that_does_not_say_it_is_fictional_is_refused(content_copy):
    _rewrite(content_copy / "storyline" / "du-an-luat.yaml", lambda d: d.update(fictional=False))
    with pytest.raises(ContentError) as err:
        draft_law.load_draft_law(content_copy)
    assert "fictional" in str(err.value)


def test_a_step_out_of_order_and_a_wrong_deadline_are_named(story):
    steps = list(story.steps)
    steps[2] = steps[2].model_copy(update={"day": date(2026, 8, 10)})  # the conference before the papers
    found = draft_law.problems(changed(story, steps=steps, deadline=story.deadline + timedelta(days=3)))
    assert {"day", "deadline"} <= fields(found)
    assert any("hoi-nghi" in str(e) for e in found)


def test_papers_that_reach_participants_too_late_and_a_summary_after_the_deadline_are_named(story):
    steps = [s.model_copy(update={"day": story.step("hoi-nghi") - timedelta(days=2)}) if s.id == "gui-tai-lieu"
             else s.model_copy(update={"day": story.deadline + timedelta(days=1)}) if s.id == "gui-tong-hop"
             else s for s in story.steps]
    found = draft_law.problems(changed(story, steps=steps))
    assert {e.item for e in found} >= {"gui-tai-lieu", "gui-tong-hop"}


def test_a_date_in_a_step_that_is_no_date_of_the_story_is_named(story):
    steps = [s.model_copy(update={"what": s.what.replace("26/08/2026", "28/08/2026")}) for s in story.steps]
    assert "what" in fields(draft_law.problems(changed(story, steps=steps)))


def test_every_provision_discussed_has_one_conclusion_and_one_conclusion_covers_the_rest(story):
    found = draft_law.problems(changed(story, conclusions=story.conclusions[1:]))
    assert story.draft.discussed[0] in {e.item for e in found}
    outside = [c for c in story.conclusions if c.question is None]
    assert draft_law.problems(changed(story, conclusions=story.conclusions + outside))


def test_people_and_places_are_those_of_the_son_ha_storyline_and_the_role_plays(story):
    opinions = list(story.opinions)
    opinions[2] = opinions[2].model_copy(update={"where": "Xã Hòa Lạc", "persona": "chi-mai"})
    found = draft_law.problems(changed(story, opinions=opinions))
    assert {"where", "persona"} <= fields(found)
    communes = {c.name for c in load_kind("storyline", name="son-ha").communes}
    assert {o.where for o in story.opinions if o.where} <= communes


def test_the_draft_has_the_articles_its_questions_name(content_copy):
    _rewrite(content_copy / "storyline" / "du-an-luat.yaml",
             lambda d: d["draft"]["questions"][0].update(article=80))
    with pytest.raises(ContentError) as err:
        draft_law.load_draft_law(content_copy)
    assert "articles the draft does not have" in str(err.value)


# --- what tells the story -------------------------------------------------------------------

def test_a_role_play_that_tells_other_facts_is_named(story, content_copy):
    path = content_copy / "roleplay" / "scenarios" / f"{draft_law.SCENARIO}.yaml"

    def edit(data):
        data["summary"]["vi"] = data["summary"]["vi"].replace("26/08/2026", "30/08/2026")
        data["state"][1]["initial"] = 15
        scene = next(s for s in data["scenes"] if s["id"] == "ngoai-pham-vi")
        scene["lines"][0]["speaker"] = "ba-ngoc"  # Ms Mỷ no longer says her opinion

    _rewrite(path, edit)
    found = draft_law.example_problems(story, content_copy)
    assert {"summary", "initial", "lines"} <= fields(found)


def test_an_answer_sheet_without_an_opinion_or_with_other_provisions_is_named(story, content_copy):
    def edit(data):
        data["items"] = [i for i in data["items"] if i["id"] != "de_xuat_10"]
        data["items"][0]["choices"] = data["items"][0]["choices"][:2]

    _rewrite(content_copy / "exercises" / "sheets" / f"{draft_law.EXERCISE}.yaml", edit)
    found = draft_law.example_problems(story, content_copy)
    assert {e.item for e in found} >= {"dieu_1", "dieu_10"}


def test_the_exercise_lists_the_storys_opinions_conclusions_and_scope(story):
    nb = nbformat.read(exercises() / draft_law.EXERCISE / f"{draft_law.EXERCISE}.ipynb", as_version=4)
    intro = nb.cells[0].source
    rows = re.findall(r"^\| (\d+) \| (.+?) \| (hội nghị|văn bản) \| (.+?) \|$", intro, re.M)
    assert [(int(n), who, text) for n, who, _, text in rows] == \
        [(n, o.who, o.text.vi) for n, o in enumerate(story.opinions, 1)]
    assert [src for *_, src, _ in rows] == [{"conference": "hội nghị", "written": "văn bản"}[o.source]
                                           for o in story.opinions]
    for fact in [c.text.vi for c in story.conclusions] + [story.draft.scope.vi, draft_law.vi_date(story.deadline),
                                                          draft_law.vi_date(story.step("hoi-nghi"))]:
        assert fact in intro, fact
    assert "giả định" in intro


def test_check_content_runs_the_storys_checks(content_copy):
    from thamvan_lib.cli.content import tool_loaders
    from thamvan_lib.content import check

    assert check(content_copy, tool_loaders=tool_loaders).ok
    _rewrite(content_copy / "storyline" / "du-an-luat.yaml", lambda d: d.update(deadline="2026-08-28"))
    report = check(content_copy, tool_loaders=tool_loaders)
    assert not report.ok and [e.file for e in report.errors] == ["storyline/du-an-luat.yaml"]
