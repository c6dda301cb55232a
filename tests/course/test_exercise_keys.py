"""The moderating exercise's key and the moderator role-play judge the same behaviour alike:
a turn of the exercise's transcript that shows what a role-play choice shows (``same_as``)
must be marked, in the key, as breaking every criterion the role-play penalises there."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from thamvan_lib import locations
from thamvan_lib.content import load_kind

KEY = re.compile(r"^DAP_AN = (\{.*?^\})", re.S | re.M)
ACCEPTABLE = re.compile(r"^CHAP_NHAN = (\{.*?\})\n", re.S | re.M)


def moderating_key() -> tuple[dict, dict]:
    nb = nbformat.read(locations.exercises() / "dieu-hanh" / "dieu-hanh.ipynb", as_version=4)
    test = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cau-1-cham")
    return ast.literal_eval(KEY.search(test).group(1)), ast.literal_eval(ACCEPTABLE.search(test).group(1))


def linked_turns() -> list[tuple[int, str, str]]:
    transcript = load_kind("transcript", name="dieu-hanh-transcript")
    return [(n, *turn.same_as.split("#")) for n, turn in enumerate(transcript.turns, 1) if turn.same_as]


def broken_in_roleplay(scenario: str, choice: str) -> set[str]:
    for scene in load_kind("scenario", name=scenario).scenes:
        for option in scene.choices:
            if option.id == choice:
                return {b.criterion for b in option.effects.broken}
    raise AssertionError(f"{scenario} has no choice {choice}")


def test_three_turns_are_linked_to_the_roleplay():
    assert [n for n, *_ in linked_turns()] == [11, 18, 26]


@pytest.mark.parametrize("turn, scenario, choice", linked_turns())
def test_the_key_judges_a_turn_as_the_roleplay_judges_the_same_choice(turn, scenario, choice):
    key, acceptable = moderating_key()
    broken = set(key[f"luot-{turn:02d}-lam-sai"])
    penalised = broken_in_roleplay(scenario, choice)
    assert penalised and penalised <= broken, (turn, choice, penalised - broken)
    # nothing the role-play penalises is merely "acceptable" here: it is required
    assert not penalised & set(acceptable.get(f"luot-{turn:02d}-lam-sai", []))


def test_acceptable_extras_are_criteria_the_key_does_not_already_require():
    key, acceptable = moderating_key()
    for item, labels in acceptable.items():
        assert item in key and not set(labels) & set(key[item]), item


# --- du-an-luat: the delegation's draft-law route ------------------------------------------

DRAFT_LAW = "du-an-luat"


def draft_law_cells() -> dict[str, str]:
    nb = nbformat.read(locations.exercises() / DRAFT_LAW / f"{DRAFT_LAW}.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells if c.metadata.get("nbgrader")}


def draft_law_key() -> dict[str, str]:
    """The key of both autograded questions: item → choice."""
    key = {}
    for grade_id in ("cau-1-cham", "cau-2-cham"):
        key |= ast.literal_eval(KEY.search(draft_law_cells()[grade_id]).group(1))
    return key


def run_draft_law_test(grade_id: str, answers: dict) -> object:
    """The hidden test cell run on ``answers`` as the grader runs it; its Grade."""
    from thamvan_lib import checks

    space = dict(answers)
    show = checks.Grade.show
    checks.Grade.show = lambda self: None  # the test reads the grade instead of printing it
    try:
        exec(compile(draft_law_cells()[grade_id], grade_id, "exec"), space)
    finally:
        checks.Grade.show = show
    return space["ket_qua"]


@pytest.fixture
def story():
    from thamvan_lib.draft_law import load_draft_law

    return load_draft_law()


def test_the_draft_law_key_answers_every_opinion_of_the_story_and_agrees_with_itself(story):
    from thamvan_lib.answers import choice_ids, sheet_spec

    key = draft_law_key()
    items = {i.id: i for i in sheet_spec(DRAFT_LAW).items}
    assert set(key) == {i for i, item in items.items() if item.kind == "choice"}
    assert all(value in choice_ids(items[item]) for item, value in key.items())
    for n in range(1, len(story.opinions) + 1):
        # outside the draft in one question if and only if in the other
        assert (key[f"dieu_{n}"] == "ngoai-pham-vi") == (key[f"de_xuat_{n}"] == "ngoai-pham-vi"), n
    # every proposal the exercise explains has its opinion: the key is not all one answer
    assert len(set(v for k, v in key.items() if k.startswith("de_xuat"))) == 4


def test_the_draft_law_key_files_the_role_plays_opinions_as_the_role_play_does(story):
    """What the role-play's best choice does with an opinion (the choice that meets criteria
    and breaks none), the key does too: “ngoài phạm vi dự thảo” there is outside here, and an
    opinion recorded under the provision discussed is filed under it."""
    key = draft_law_key()
    scenario = load_kind("scenario", name="lay-y-kien-du-an-luat")
    scenes = {s.id: s for s in scenario.scenes}
    linked = [(n, o) for n, o in enumerate(story.opinions, 1) if o.scene]
    assert linked
    for n, opinion in linked:
        [best] = [c for c in scenes[opinion.scene].choices if c.effects.met and not c.effects.broken]
        if "ngoài phạm vi dự thảo" in best.text.vi:
            assert key[f"dieu_{n}"] == key[f"de_xuat_{n}"] == "ngoai-pham-vi", n
        else:
            provision = re.search(r"quy định về ([^,;.]+)", best.text.vi).group(1)
            question = next(q for q in story.draft.questions if q.id == key[f"dieu_{n}"])
            assert set(provision.split()) <= set(question.text.vi.lower().split()), (n, provision)
            assert key[f"de_xuat_{n}"] != "ngoai-pham-vi", n


def test_the_draft_law_key_follows_the_role_plays_good_ending(story):
    """The good ending: the family-doctor rule became compulsory over 5 years, as lawyer Thu
    proposed; her opinion is the one the key takes up whole on that provision."""
    key = draft_law_key()
    ending = next(s for s in load_kind("scenario", name="lay-y-kien-du-an-luat").scenes
                  if s.ending and s.ending.kind == "good")
    thu = next(n for n, o in enumerate(story.opinions, 1) if o.persona == "ls-thu")
    assert "lộ trình 5 năm" in ending.narration.vi and "lộ trình 5 năm" in story.opinions[thu - 1].text.vi
    assert key[f"dieu_{thu}"] == "bac-si-gia-dinh" and key[f"de_xuat_{thu}"] == "tiep-thu"


@pytest.mark.parametrize("grade_id", ["cau-1-cham", "cau-2-cham"])
def test_no_wrong_draft_law_choice_is_told_the_right_one(grade_id):
    """Every wrong choice of every item, graded by the hidden test: the reasons name the
    trainee's choice and the criterion, never the key's choice (by code or by name)."""
    from thamvan_lib.answers import choices, sheet_spec

    key = draft_law_key()
    items = {i.id: i for i in sheet_spec(DRAFT_LAW).items}
    own = ast.literal_eval(KEY.search(draft_law_cells()[grade_id]).group(1))
    checked = 0
    for item, right in own.items():
        names = dict(choices(items[item]))
        for wrong in set(names) - {right}:
            grade = run_draft_law_test(grade_id, {**key, item: wrong})
            assert grade.score == grade.max_points - grade.max_points / len(own)
            [part] = [p for p in grade.parts if p.points < p.max_points]
            reasons = " ".join(r[lang] for r in part.reasons for lang in ("vi", "en"))
            assert f"“{names[wrong]['vi']}”" in reasons and f"“{names[wrong]['en']}”" in reasons
            # a choice is named as chosen, in quotes; the hint names the categories only as a rule
            for told in (right, f"“{names[right]['vi']}”", f"“{names[right]['en']}”"):
                assert told not in reasons, (item, wrong, told)
            checked += 1
    assert checked == sum(len(choices(items[i])) - 1 for i in own)


def test_the_draft_law_grading_gives_partial_credit_and_nothing_for_an_empty_sheet():
    key = draft_law_key()
    assert run_draft_law_test("cau-1-cham", key).score == 10 == run_draft_law_test("cau-2-cham", key).score
    assert run_draft_law_test("cau-1-cham", {}).score == 0 == run_draft_law_test("cau-2-cham", {}).score
    everything_taken_up = {k: ("tiep-thu" if k.startswith("de_xuat") else v) for k, v in key.items()}
    assert run_draft_law_test("cau-2-cham", everything_taken_up).score == 4
