"""The trainer's day: which session the clock is in, what each session opens, the role-play
groups of a session, and who has finished its exercises."""

from __future__ import annotations

import pandas as pd
import pytest

from thamvan_lib.programme import load_programmes
from thamvan_lib.training_day import exercise_progress, links, roleplay_groups, session_at


@pytest.fixture(scope="module")
def programmes():
    return load_programmes()


def sessions(programmes, programme="mot-ngay", day=1):
    return {s.id: s for s in programmes[programme].days[day - 1].sessions}


@pytest.mark.parametrize(("clock", "expected", "state"), [
    ("07:59", "khai-mac", "before"), ("08:00", "khai-mac", "now"), ("08:19", "khai-mac", "now"),
    ("08:20", "quy-trinh", "now"), ("09:30", "giai-lao-sang", "now"), ("16:59", "tong-ket", "now"),
    ("17:00", "tong-ket", "after"), ("23:10", "tong-ket", "after")])
def test_the_session_the_clock_is_in(programmes, clock, expected, state):
    day = programmes["mot-ngay"].days[0]
    here = session_at(day, clock)
    assert (day.sessions[here.index].id, here.state) == (expected, state)


def test_a_gap_between_sessions_points_at_the_next(programmes):
    from thamvan_lib.schema.programme import Day

    day = programmes["mot-ngay"].days[0].model_dump()
    day["sessions"][1]["start"] = "08:40"  # 08:20–08:40 is now a gap before "quy-trinh"
    here = session_at(Day.model_validate(day), "08:30")
    assert (here.index, here.state) == (1, "next")


def test_each_use_of_a_session_becomes_a_link_under_notebooks(programmes):
    found = links(sessions(programmes)["dong-vai"])
    assert [(link.kind, link.target) for link in found] == [
        ("roleplay", "dashboards/roleplay.ipynb?scenario=hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"),
        ("roleplay", "dashboards/roleplay.ipynb?scenario=hoi-nghi-kcb-nguoi-ngheo-thu-ky"),
        ("tool", "dashboards/facilitation.ipynb")]
    opening = links(sessions(programmes)["khai-mac"])
    assert [(link.kind, link.target) for link in opening] == [("lesson", "00-gioi-thieu.ipynb"),
                                                               ("tool", "dashboards/kiem-tra.ipynb")]
    assert links(sessions(programmes)["ke-hoach-co-mau"])[-1].target == "dashboards/class-view.ipynb"


def test_the_role_play_groups_follow_the_rooms_groups(programmes):
    session = sessions(programmes)["dong-vai"]
    workshops = roleplay_groups(session)
    assert [w.scenario.id for w in workshops] == ["hoi-nghi-kcb-nguoi-ngheo-dieu-hanh", "hoi-nghi-kcb-nguoi-ngheo-thu-ky"]
    assert all(w.groups == session.room.groups for w in workshops)
    assert [r.id for r in workshops[0].roles_of(1)][0] == "moderator"
    assert roleplay_groups(sessions(programmes)["quy-trinh"]) == []


def test_who_has_finished_an_exercise_comes_from_the_gradebook(programmes):
    grades = pd.DataFrame([
        {"assignment": "co-mau", "student": "hv-binh", "score": 2.0, "max_score": 4.0, "percent": 50.0},
        {"assignment": "co-mau", "student": "hv-an", "score": 4.0, "max_score": 4.0, "percent": 100.0},
        {"assignment": "co-mau", "student": "hv-chau", "score": None, "max_score": 4.0, "percent": None},
        {"assignment": "bien-ban", "student": "hv-an", "score": 1.0, "max_score": 5.0, "percent": 20.0}])
    progress = exercise_progress(sessions(programmes)["ke-hoach-co-mau"], grades)
    assert progress == {"co-mau": {"hv-an": 4.0, "hv-binh": 2.0, "hv-chau": None}}
    empty = grades.iloc[0:0]
    assert exercise_progress(sessions(programmes)["ke-hoach-co-mau"], empty) == {"co-mau": {}}
