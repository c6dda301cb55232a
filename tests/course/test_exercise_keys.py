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
