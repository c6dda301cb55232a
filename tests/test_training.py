"""The support-staff training plan (L8, P1.5): validation and the worked example (its programme
files are tested in ``tests/documents/test_training.py``)."""

import dataclasses
import datetime as dt

import pytest

from thamvan_lib import training as t
from thamvan_lib.errors import KitError
from thamvan_lib.plan import is_district
from thamvan_lib.store import Store


def example():
    return t.load_example()


def rules(plan):
    return {(i.field, i.rule) for i in t.validate_training(plan)}


def test_the_example_passes_every_check(content):
    assert t.validate_training(example()) == []


def test_the_example_is_in_communes_not_districts(content):
    plan = example()
    units = [p.unit for p in plan.participants]
    assert "Xã Nậm Khê" in units
    assert not any(is_district(u) for u in units)


def test_an_empty_plan_names_every_missing_part(content):
    fields = {i.field for i in t.validate_training(t.TrainingPlan()) if i.rule == "missing"}
    assert {"title", "organiser", "consultation", "participants", "content.general", "content.skills",
            "content.communication", "content.conduct", "sessions", "venues", "moves", "materials",
            "convening.who", "convening.how", "convening.send_on"} <= fields


def test_missing_messages_use_the_training_labels(content):
    issue = next(i for i in t.validate_training(t.TrainingPlan()) if i.field == "participants")
    assert issue.text("vi") == "Chưa điền “Danh sách triệu tập” (participants)."
    assert issue.text("en") == "“Call list” is not filled in (participants)."


def test_a_session_ending_before_it_starts(content):
    plan = example()
    plan.sessions[0].end = "07:30"
    issue = next(i for i in t.validate_training(plan) if i.rule == "session_reversed")
    assert issue.field == "sessions[0].end" and issue.severity == "error"
    assert "07:30" in issue.text("vi")


def test_overlapping_sessions(content):
    plan = example()
    plan.sessions[1].start = "09:00"   # the first runs until 09:30
    assert ("sessions[1].start", "session_overlap") in rules(plan)


def test_a_parallel_track_in_another_room_is_no_clash_but_the_same_trainer_twice_is(content):
    plan = example()
    first, second = plan.sessions[0], plan.sessions[1]
    second.day, second.start, second.end = first.day, first.start, first.end
    second.venue, second.trainer = "Phòng họp số 2, Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Lê Văn Quang"
    assert first.venue != second.venue and first.trainer != second.trainer
    assert "session_overlap" not in {rule for _, rule in rules(plan)}
    second.trainer = first.trainer  # one person cannot teach in two rooms
    assert ("sessions[1].start", "session_overlap") in rules(plan)


def test_an_unreadable_time(content):
    plan = example()
    plan.sessions[2].start = "sáng"
    assert ("sessions[2].start", "bad_time") in rules(plan)


@pytest.mark.parametrize("typed, minutes", [("08:00", 480), ("8h30", 510), ("13.45", 825), ("", None),
                                            ("24:00", None)])
def test_times_as_people_write_them(typed, minutes):
    assert t.parse_time(typed) == minutes


@pytest.mark.parametrize("rubric, missing", [("dieu-hanh", "bien-ban"), ("bien-ban", "dieu-hanh")])
def test_the_skills_part_needs_both_the_moderator_and_the_minute_taker(content, rubric, missing):
    plan = example()
    plan.content.skills = [rubric]
    issues = [i for i in t.validate_training(plan) if i.rule == "skills_missing"]
    assert len(issues) == 1 and issues[0].values["rubric_id"] == missing
    assert issues[0].severity == "error"


def test_an_unknown_rubric(content):
    plan = example()
    plan.content.skills.append("khong-co")
    assert ("content.skills[2]", "unknown_rubric") in rules(plan)


def test_training_on_or_after_the_consultation_start(content):
    plan = example()
    plan.sessions[-1].day = plan.consultation_start
    issue = next(i for i in t.validate_training(plan) if i.rule == "after_consultation")
    assert issue.field == f"sessions[{len(plan.sessions) - 1}].day"
    assert "02/03/2026" in issue.text("vi")


def test_no_date_check_without_a_consultation_start(content):
    plan = example()
    plan.consultation_start = None
    plan.sessions[-1].day = plan.sessions[-1].day.replace(month=9)
    assert not {r for _, r in rules(plan)} & {"after_consultation", "too_close"}


def test_training_the_day_before_is_too_close(content):
    plan = example()
    last = max(s.day for s in plan.sessions)
    for s in plan.sessions:   # the last day becomes the eve of the consultation's start
        s.day = s.day + dt.timedelta(days=(plan.consultation_start - last).days - 1)
    assert ("sessions", "too_close") in rules(plan)


def test_nobody_called_for_a_role(content):
    plan = example()
    plan.participants = [p for p in plan.participants if p.role != "minute_taker"]
    issue = next(i for i in t.validate_training(plan) if i.rule == "role_empty")
    assert issue.text("vi") == "Danh sách triệu tập chưa có ai với vai trò “Thư ký”."


def test_unknown_choices_and_districts(content):
    plan = example()
    plan.participants[0].role = "chairman"
    plan.participants[1].unit = "Huyện Vĩnh Lộc"
    plan.sessions[0].method = "seminar"
    plan.materials[0].kind = "book"
    found = rules(plan)
    assert {("participants[0].role", "unknown_choice"), ("participants[1].unit", "district_level"),
            ("sessions[0].method", "unknown_choice"), ("materials[0].kind", "unknown_choice")} <= found


def test_each_kind_of_material_is_needed(content):
    plan = example()
    plan.materials = [m for m in plan.materials if m.kind != "handbook"]
    issue = next(i for i in t.validate_training(plan) if i.rule == "material_missing")
    assert "Cẩm nang thực hành" in issue.text("vi")


def test_the_movement_plan_must_fit_between_sessions(content):
    plan = example()
    plan.moves[0].minutes = 90   # only 60 minutes between the two venues on 10 February
    assert ("moves[0].minutes", "move_too_long") in rules(plan)
    plan.moves = plan.moves[1:]
    assert ("sessions[6].venue", "no_move") in rules(plan)


def test_a_session_at_an_unknown_venue(content):
    plan = example()
    plan.sessions[0].venue = "Hội trường khác"
    assert ("sessions[0].venue", "unknown_venue") in rules(plan)


def test_invitations_sent_after_the_training_started(content):
    plan = example()
    plan.convening.send_on = plan.sessions[0].day
    assert ("convening.send_on", "convening_late") in rules(plan)


def test_no_role_play_is_a_warning(content):
    plan = example()
    for s in plan.sessions:
        if s.method == "roleplay":
            s.method = "lecture"
    issue = next(i for i in t.validate_training(plan) if i.rule == "no_practice")
    assert issue.severity == "warning"


def test_a_wrong_type_is_refused_with_the_field():
    with pytest.raises(KitError) as err:
        t.TrainingPlan.from_dict({"moves": [{"minutes": "bốn lăm"}]})
    assert err.value.values["field"] == "moves[0].minutes"


def test_round_trip_and_draft(content):
    plan = example()
    assert t.TrainingPlan.from_dict(plan.to_dict()) == plan
    assert plan.to_dict()["kind"] == "training"
    store = Store()
    assert t.load_draft(store) is None
    t.save_draft(store, plan)
    assert t.load_draft(store) == plan


def test_every_field_has_a_label_in_both_languages(content):
    def paths(cls, prefix=""):
        for f in dataclasses.fields(cls):
            yield prefix + f.name
    for cls in (t.TrainingPlan, t.Participant, t.TrainingContent, t.Session, t.Venue, t.Move,
                t.Material, t.Convening):
        for path in paths(cls):
            for lang in ("vi", "en"):
                assert t.field_label(path, lang) != path, (cls.__name__, path)
