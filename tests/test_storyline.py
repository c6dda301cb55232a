"""The one consultation the kit tells (content/storyline/son-ha.yaml), and everything else
checked against it: the worked examples, the generator and the datasets it wrote."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from thamvan_lib import datagen, plan, sampling, storyline, training, uptake
from thamvan_lib.locations import kit_root

DATA = kit_root() / "datasets" / "tham-van-kcb"


@pytest.fixture(scope="module")
def story():
    return storyline.load_storyline()


def changed(story, **fields):
    return story.model_copy(update=fields)


def keys(found) -> set[str]:
    return {e.field for e in found}


# --- the storyline's own facts ----------------------------------------------------------

def test_the_storyline_agrees_with_itself(story):
    assert storyline.problems(story) == []
    assert story.survey.required == sampling.sample_size(story.survey.adults, story.survey.margin)
    assert story.survey.planned >= story.survey.required


def test_a_milestone_out_of_order_is_named(story):
    milestones = list(story.milestones)
    milestones[3] = milestones[3].model_copy(update={"day": date(2025, 12, 1)})
    found = storyline.problems(changed(story, milestones=milestones))
    assert "day" in keys(found) and any("P2.1" in str(e) for e in found)


def test_adults_that_do_not_add_up_and_a_wrong_minimum_are_named(story):
    survey = story.survey.model_copy(update={"adults": 100000, "required": 999})
    found = storyline.problems(changed(story, survey=survey))
    assert {"adults", "required"} <= keys(found)


def test_a_pilot_after_the_survey_started_is_named(story):
    pilot = story.survey.pilot.model_copy(update={"day": date(2026, 3, 5)})
    found = storyline.problems(changed(story, survey=story.survey.model_copy(update={"pilot": pilot})))
    assert any("thử nghiệm" in str(e).lower() or "pilot" in str(e) for e in found)


def test_a_conference_before_the_survey_phase_is_named(story):
    conferences = [story.conferences[0].model_copy(update={"day": date(2026, 1, 5)}), *story.conferences[1:]]
    assert "day" in keys(storyline.problems(changed(story, conferences=conferences)))


# --- the worked examples --------------------------------------------------------------

def test_the_worked_examples_tell_the_storyline(story):
    assert storyline.example_problems(story) == []


def test_the_plan_example_surveys_the_storylines_communes_and_sample(story):
    example = plan.load_example().plan
    adults = {c.name: c.adults for c in story.communes}
    assert {c.name: c.population for c in example.communes} == adults
    [survey] = [t for t in example.tools if t.kind == "questionnaire"]
    assert survey.sample == story.survey.planned
    assert survey.allocation == sampling.allocate(adults, story.survey.planned, story.survey.allocation)
    assert example.reliability.margin == story.survey.margin and example.reliability.population == story.survey.adults
    assert example.required_sample() == story.survey.required
    # the deadline for opinions is the end of the letters window, inside the plan's timeline
    assert example.communication.deadline == story.letters.end


def test_the_plan_example_claims_per_commune_figures_only_as_comparisons(story):
    text = plan.load_example().plan.sample_processing
    smallest = min(story.communes, key=lambda c: c.adults)
    n = sampling.allocate({c.name: c.adults for c in story.communes}, story.survey.planned, "sqrt")[smallest.name]
    margin = round(sampling.margin_of_error(n, smallest.adults) * 100)
    assert f"±{margin} điểm" in text and smallest.name.split(" ", 2)[-1] in text
    assert "đủ tin cậy theo từng xã" not in json.dumps(plan.load_example().plan.to_dict(), ensure_ascii=False)


def test_the_training_happens_before_the_survey_and_rehearses_outside_the_sample(story):
    example = training.load_example()
    assert {s.day for s in example.sessions} <= {storyline.milestone(story, "P2.1"),
                                                  storyline.milestone(story, "P2.2")} | {date(2026, 2, 10)}
    assert example.consultation_start == story.survey.start
    rehearsals = [s for s in example.sessions if s.method == "broad_conference"]
    assert rehearsals and all(story.survey.pilot.place.split(",")[0] in s.venue for s in rehearsals)
    # the plan budgets enumerators: the training has a session for them
    enumerators = [p for p in example.participants if p.role == "enumerator"]
    assert enumerators and any("điều tra viên" in s.title.lower() for s in example.sessions)


def test_the_training_needs_assessment_counts_the_call_list(story):
    import re
    from collections import Counter

    example = training.load_example()
    text, called = example.needs_assessment, Counter(p.role for p in example.participants)
    assert f"gửi cả {len(example.participants)} người" in text
    assert f"thu về đủ {len(example.participants)} phiếu" in text
    for role, words in {"moderator": "người điều hành", "minute_taker": "thư ký", "support": "cán bộ hỗ trợ",
                        "deputy": "đại biểu", "enumerator": "trưởng nhóm điều tra viên"}.items():
        assert f"{called[role]} {words}" in text, (role, called[role])
    # the enumerators' team leaders answer for their teams: together, the survey's enumerators
    [team] = re.findall(r"nhóm (\d+) điều tra viên", text)
    assert called["enumerator"] * int(team) == story.survey.enumerators
    # the pilot is its own day (P2.2), after the training
    pilot = story.survey.pilot
    assert all(s.day < pilot.day for s in example.sessions)
    assert any(pilot.day.strftime("%d/%m/%Y") in s.title and str(pilot.people) in s.title for s in example.sessions)


def _exercise_cells(name: str) -> tuple[str, str]:
    """The markdown trainees read and the hidden tests that compute the key, of one exercise."""
    import nbformat

    from thamvan_lib.locations import exercises

    nb = nbformat.read(exercises() / name / f"{name}.ipynb", as_version=4)
    shown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    hidden = "\n".join(c.source for c in nb.cells if "BEGIN HIDDEN TESTS" in c.source)
    return shown, hidden


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_the_sample_size_exercises_use_the_storylines_communes_and_adults(story):
    import ast
    import re

    adults = {c.name: c.adults for c in story.communes}
    shown, hidden = _exercise_cells("co-mau")
    [population] = [int(n) for n in re.findall(r"sample_size\((\d+)", hidden)]
    named = [name for name, n in adults.items() if n == population and name.split(" ", 1)[1] in shown]
    assert len(named) == 1, f"{population} adults are no commune of the storyline that the exercise names"
    commune = named[0]
    assert _thousands(population) in shown
    # the share the joint survey gives that commune, which the exercise says is too few for it alone
    share = sampling.allocate(adults, story.survey.planned, story.survey.allocation)[commune]
    assert f"{share} phiếu" in shown
    shown, hidden = _exercise_cells("co-mau-phieu-hoi")
    [strata] = [ast.literal_eval(d) for d in re.findall(r"allocate\((\{[^}]*\})", hidden)]
    assert len(strata) == 3 and all(adults.get(name) == n for name, n in strata.items()), strata
    for name, n in strata.items():
        assert f"| {name} | {_thousands(n)} |" in shown, name


def test_the_role_plays_and_exercises_replay_the_fact_finding_conference(story):
    from thamvan_lib.content import load_kind

    [fact_finding] = [c for c in story.conferences if c.kind == "fact-finding"]
    settings = [load_kind("scenario", name=n).setting.vi for n in ("hoi-nghi-kcb-nguoi-ngheo-dieu-hanh",
                                                                   "hoi-nghi-kcb-nguoi-ngheo-thu-ky")]
    settings.append(load_kind("transcript", name="bien-ban-transcript").setting.vi)
    for setting in settings:
        assert fact_finding.place in setting and fact_finding.day.strftime("%d/%m/%Y") in setting, setting
    conferences = next(t for t in plan.load_example().plan.tools if t.kind == "conference")
    assert fact_finding.place.removeprefix("Nhà văn hóa ") in conferences.where


def test_the_ubnd_meeting_counts_the_storylines_communes(story):
    import re

    from thamvan_lib.content import PACKAGE_CONTENT

    text = (PACKAGE_CONTENT / "roleplay" / "scenarios" / "hop-ubnd-so-nganh.yaml").read_text(encoding="utf-8")
    words = {w: n for n, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
    words |= {w: n for n, w in enumerate("một hai ba bốn năm sáu bảy tám chín mười".split(), 1)}
    said = re.findall(r"\b(\w+) (?:planned )?communes\b", text) + re.findall(r"\b(\w+) xã, phường, đặc khu", text)
    counts = [int(w) if w.isdigit() else words[w.lower()] for w in said if w.isdigit() or w.lower() in words]
    assert counts and set(counts) == {len(story.communes)}, said
    assert "mười xã" not in text   # three of the ten are phường and one a đặc khu


def test_the_people_and_places_of_the_role_plays_live_in_the_commune_of_the_data():
    import re

    from thamvan_lib.content import PACKAGE_CONTENT

    an_binh = next(c for c in datagen.COMMUNES if c.name == "Xã An Bình")
    texts = " ".join(p.read_text(encoding="utf-8") for p in (PACKAGE_CONTENT / "roleplay").rglob("*.yaml"))
    named = set(re.findall(r"\b(?:thôn|bản) [A-ZĐ]\w+(?: [A-ZĐ]\w+)?", texts))
    assert named and named <= set(an_binh.hamlets), named - set(an_binh.hamlets)
    assert "tiếng Mông" in texts and an_binh.ethnic.get("Mông", 0) > 0  # Mr Súa speaks through an interpreter


def test_the_uptake_example_reports_the_storylines_survey_and_conferences(story):
    text = json.dumps(uptake.load_example().to_dict() if hasattr(uptake.load_example(), "to_dict")
                      else str(uptake.load_example()), ensure_ascii=False)
    assert f"{story.survey.planned:,}".replace(",", ".") in text
    for conference in story.conferences:
        assert f"ngày {conference.day.day} tháng {conference.day.month}" in text


# --- the generator and the datasets ---------------------------------------------------------

def test_the_generator_and_the_population_file_have_the_storylines_communes(story):
    assert datagen.communes() == {c.name: c.adults for c in story.communes}
    population = pd.read_csv(DATA / "dan-so-xa.csv")
    assert dict(zip(population.xa_phuong, population.dan_so_tu_18)) == datagen.communes()
    assert list(population.ma_xa) == [c.code for c in story.communes]


def test_the_questionnaires_were_filled_in_the_survey_window(story):
    survey = pd.read_csv(DATA / "phieu-hoi.csv", dtype=str)
    days = pd.to_datetime(survey.ngay_khao_sat, errors="coerce").dropna().dt.date
    assert days.min() >= story.survey.start and days.max() <= story.survey.end
    # the planned sample, plus the duplicates and stray rows the cleaning exercise removes
    assert story.survey.planned <= len(survey) <= story.survey.planned * 1.05


def test_the_conferences_are_the_storylines(story):
    generated = {c.number: c for c in datagen.CONFERENCES}
    assert {c.number for c in story.conferences if c.number} == set(generated)
    for conference in (c for c in story.conferences if c.number):
        assert generated[conference.number].day == conference.day
        assert generated[conference.number].place == conference.place
        minutes = json.loads((DATA / "bien-ban" / f"hoi-nghi-{conference.number}-bien-ban.json").read_text("utf-8"))
        assert conference.day.strftime("%d/%m/%Y") in json.dumps(minutes, ensure_ascii=False) or \
            conference.day.isoformat() in json.dumps(minutes, ensure_ascii=False)


def test_letters_arrive_while_the_consultation_takes_them(story):
    letters = pd.read_csv(DATA / "thu-cong-dan.csv", dtype=str)
    received = pd.to_datetime(letters.ngay_nhan, errors="coerce").dropna().dt.date
    assert received.min() >= story.letters.start and received.max() <= story.letters.end
