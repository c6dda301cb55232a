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
    assert story.survey.adults == sum(c.adults for c in story.communes)


def problem(found, item, field, key_words):
    """The one problem about ``item.field`` that says ``key_words``, in both languages."""
    named = [e for e in found if (e.item, e.field) == (item, field)
             and all(word in e.reason_vi for word in key_words["vi"])
             and all(word in e.reason_en for word in key_words["en"])]
    assert len(named) == 1, found
    return named[0]


def with_milestone(story, index, **fields):
    milestones = list(story.milestones)
    milestones[index] = milestones[index].model_copy(update=fields)
    return changed(story, milestones=milestones)


def with_survey(story, **fields):
    return changed(story, survey=story.survey.model_copy(update=fields))


def test_a_milestone_earlier_than_the_one_before_is_named(story):
    found = storyline.problems(with_milestone(story, 3, day=date(2025, 12, 1)))
    problem(found, "P2.1", "day", {"vi": ["P2.1", "01/12/2025", "P1.3"], "en": ["P2.1", "not later"]})


def test_two_milestones_on_one_day_are_named(story):
    found = storyline.problems(with_milestone(story, 4, day=story.milestones[3].day))
    problem(found, "P2.2", "day", {"vi": ["P2.2", "P2.1"], "en": ["not later"]})


def test_a_step_out_of_the_process_order_is_named(story):
    found = storyline.problems(with_milestone(story, 4, step="P1.4"))
    problem(found, "P1.4", "step", {"vi": ["P1.4", "P2.1", "quy trình"], "en": ["process's order"]})


def test_adults_that_do_not_add_up_are_named(story):
    found = storyline.problems(with_survey(story, adults=100000))
    problem(found, "survey", "adults", {"vi": ["129700", "100000"], "en": ["add up to 129700"]})


def test_a_minimum_sample_the_formula_does_not_give_is_named(story):
    found = storyline.problems(with_survey(story, required=999))
    computed = sampling.sample_size(story.survey.adults, story.survey.margin)
    problem(found, "survey", "required", {"vi": [str(computed), "999"], "en": [str(computed)]})


def test_fewer_planned_than_required_is_named(story):
    found = storyline.problems(with_survey(story, planned=story.survey.required - 1))
    problem(found, "survey", "planned", {"vi": ["ít hơn"], "en": ["fewer"]})


def test_a_survey_that_ends_before_it_starts_is_named(story):
    found = storyline.problems(with_survey(story, end=date(2026, 3, 1)))
    problem(found, "survey", "end", {"vi": ["Đợt khảo sát", "01/03/2026"], "en": ["survey window"]})


def test_letters_taken_before_the_plan_is_issued_or_after_the_analysis_began_are_named(story):
    early = changed(story, letters=story.letters.model_copy(update={"start": date(2026, 1, 20)}))
    problem(storyline.problems(early), "letters", "start", {"vi": ["20/01/2026", "P1.3"], "en": ["P1.3"]})
    late = changed(story, letters=story.letters.model_copy(update={"end": date(2026, 4, 25)}))
    problem(storyline.problems(late), "letters", "end", {"vi": ["25/04/2026", "P3.1"], "en": ["P3.1"]})
    backwards = changed(story, letters=story.letters.model_copy(update={"end": date(2026, 2, 1)}))
    problem(storyline.problems(backwards), "letters", "end", {"vi": ["Thời gian nhận thư"], "en": ["letters"]})


def test_a_pilot_on_or_after_the_first_day_of_the_survey_is_named(story):
    pilot = story.survey.pilot.model_copy(update={"day": story.survey.start})
    found = storyline.problems(with_survey(story, pilot=pilot))
    problem(found, "survey.pilot", "day", {"vi": ["Thử nghiệm phiếu hỏi"], "en": ["pilot"]})


def test_a_conference_outside_the_calendar_is_named(story):
    early = story.conferences[0].model_copy(update={"day": date(2026, 1, 5)})
    found = storyline.problems(changed(story, conferences=[early, *story.conferences[1:]]))
    problem(found, "conferences[0]", "day", {"vi": ["05/01/2026", "P2.3"], "en": ["before step P2.3"]})
    moved = story.conferences[1].model_copy(update={"day": date(2026, 4, 9)})
    found = storyline.problems(changed(story, conferences=[story.conferences[0], moved, *story.conferences[2:]]))
    problem(found, "conferences[1]", "day", {"vi": ["09/04/2026", "Nậm Khê"], "en": ["not in the"]})


# --- the worked examples --------------------------------------------------------------

def test_the_worked_examples_tell_the_storyline(story):
    assert storyline.example_problems(story) == []


def test_a_plan_example_that_tells_another_story_is_named(story, monkeypatch):
    example = plan.load_example()
    example.plan.communes[0].name = "Phường Hòa Minh"
    example.plan.tools[0].sample = 400
    example.plan.timeline[0].start = date(2025, 12, 1)
    monkeypatch.setattr(plan, "load_example", lambda root=None: example)
    found = storyline.example_problems(story)
    problem(found, "plan.communes", "name", {"vi": ["Phường Hòa Minh"], "en": ["not in the kit's storyline"]})
    problem(found, example.plan.tools[0].name, "sample", {"vi": ["400", "1600"], "en": ["400"]})
    problem(found, example.plan.timeline[0].name, "start", {"vi": ["01/12/2025", "P1.1"], "en": ["P1.1"]})


def test_the_plan_example_is_chosen_asked_and_issued_on_the_calendars_days(story):
    example = plan.load_example()
    chosen, asked, issued = story.milestones[:3]
    assert (chosen.step, asked.step, issued.step) == ("P1.1", "P1.2", "P1.3")
    assert "giao ban tháng 01/2026" in chosen.what and "giao ban tháng 01/2026" in example.dossier.directed_by
    assert "giao ban tháng 01/2026" in example.plan.background
    assert example.key_questions.method.startswith(f"Tọa đàm ngày {asked.day:%d/%m/%Y}")
    [publish] = [s for s in example.plan.timeline if "công bố kế hoạch" in s.name]
    assert publish.start == issued.day


def test_the_plan_example_serves_the_draft_resolution(story):
    example = plan.load_example()
    resolution = story.policy.removeprefix("Dự thảo ").split(" trên địa bàn")[0]  # "Nghị quyết quy định …"
    session = story.session.split(" của ")[0].lower()                            # "kỳ họp thường lệ giữa năm 2026"
    assert resolution in example.plan.background and session in example.plan.background
    assert "UBND tỉnh đang soạn thảo" in example.plan.background
    assert "UBND tỉnh hoàn thiện và HĐND tỉnh xem xét dự thảo Nghị quyết" in example.opinion.purpose
    [draft] = [p for p in example.dossier.proposals if p.source == "annual_plan"]
    assert draft.requested_by == "UBND tỉnh" and "giữa năm 2026" in draft.original_text


def test_the_plan_examples_timeline_holds_the_calendar(story):
    """Every milestone from the plan's issue on falls within a step of the plan's timeline,
    except the session, which is the HĐND's and not the Office's work."""
    timeline = plan.load_example().plan.timeline
    assert storyline.phase_of(story, min(s.start for s in timeline)) is not None
    for milestone in story.milestones:
        if milestone.step in ("P1.1", "P1.2", "P5.1"):
            continue
        assert any(s.start <= milestone.day <= s.end for s in timeline), milestone
    [consulting] = [s for s in timeline if s.start == story.survey.start]
    assert consulting.end == story.letters.end


def test_the_plan_examples_tools_are_used_on_the_storylines_days(story):
    tools = {t.kind: t for t in plan.load_example().plan.tools}
    survey = tools["questionnaire"]
    assert f"{story.survey.start:%d/%-m}" in survey.when and f"{story.survey.end:%d/%-m/%Y}" in survey.when
    for conference in story.conferences:
        assert f"{conference.day:%d/%-m/%Y}" in tools["conference"].when, conference
        assert conference.place.split(" xã ")[-1].split(", ")[-1] in tools["conference"].where, conference
    assert f"{story.letters.start:%d/%m}" in tools["letters"].when
    assert f"{story.letters.end:%d/%-m/%Y}" in tools["letters"].when
    enumerators = f"{story.survey.enumerators} điều tra viên"
    assert any(enumerators in line for line in plan.load_example().plan.resources)


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


def test_the_plan_examples_margin_for_the_whole_scope_counts_the_weighting(story):
    example = plan.load_example().plan
    strata = {c.name: c.adults for c in story.communes}
    allocation = next(t for t in example.tools if t.kind == "questionnaire").allocation
    weights = sampling.design_weights(strata, allocation)
    effective = sampling.effective_sample_size([weights[c] for c, n in allocation.items() for _ in range(n)])
    design_effect = f"{story.survey.planned / effective:.2f}".replace(".", ",")
    margin = f"{sampling.margin_of_error(round(effective), story.survey.adults) * 100:.1f}".replace(".", ",")
    assert f"hệ số thiết kế khoảng {design_effect}" in example.sample_processing
    assert f"sai số khoảng ±{margin} điểm phần trăm" in example.sample_processing
    assert f"±{story.survey.margin * 100:g} điểm phần trăm cho toàn phạm vi" in " ".join(example.requirements)


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
    how = uptake.load_example().tracker.how_we_asked
    [survey] = [line for line in how if line.startswith("Phiếu hỏi")]
    start, end = story.survey.start, story.survey.end
    assert survey.startswith(f"Phiếu hỏi {story.survey.planned:,} người".replace(",", "."))
    assert f"{len(story.communes)} xã, phường, đặc khu" in survey
    assert f"từ ngày {start.day} đến ngày {end.day} tháng {end.month} năm {end.year}" in survey
    [conferences] = [line for line in how if "hội nghị" in line.lower()]
    for conference in story.conferences:
        commune = conference.place.split(" xã ")[-1].split("phường ")[-1]
        said = f"{commune} ngày {conference.day.day} tháng {conference.day.month}"
        assert said in conferences, said


def test_the_uptake_example_counts_the_interviews_and_letters_there_were(story):
    how = uptake.load_example().tracker.how_we_asked
    interviews = next(t for t in plan.load_example().plan.tools if t.kind == "interview")
    assert any(line.startswith(f"{interviews.sample} cuộc phỏng vấn") for line in how)
    letters = pd.read_csv(DATA / "thu-cong-dan.csv", dtype=str)
    assert any(line.startswith(f"{len(letters)} thư") for line in how)


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
