"""The trainer's day view: the session of the clock highlighted, previous and next, each
session's links, role-play groups and role cards, who has finished the exercises, and the
tests' results; refused to anyone but the trainer."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from thamvan_lib.pretest import StoreInbox, hand_in
from thamvan_lib.store import Store
from thamvan_lib.widgets import day_view
from thamvan_lib.widgets.day_view import DayView, day_view_page

GRADES = pd.DataFrame([
    {"assignment": "co-mau", "student": "hv-an", "score": 4.0, "max_score": 4.0, "percent": 100.0},
    {"assignment": "co-mau", "student": "hv-binh", "score": None, "max_score": 4.0, "percent": None}])


def at(hour: int, minute: int):
    return lambda: dt.datetime(2026, 4, 8, hour, minute)


@pytest.fixture
def view(kit_home):
    page = DayView(clock=at(9, 40), grades=GRADES, box=StoreInbox(), lang="vi")
    page.programme_picker.value = "mot-ngay"
    return page


def test_the_session_of_the_clock_is_highlighted_and_opened(view):
    assert view.session.id == "ke-hoach-co-mau"
    assert "Bây giờ là 09:40" in view.clock_line.value
    now_row = next(r for r in view.agenda.value.split("<tr") if "thamvan-now" in r)
    assert "Lập kế hoạch tham vấn và tính cỡ mẫu" in now_row
    assert "href='plan-builder.ipynb'" in view.detail.value and "href='sample-size.ipynb'" in view.detail.value
    assert "Thực hành trên bộ công cụ" in view.detail.value and "6 nhóm" in view.detail.value
    assert "1/2 học viên đã nộp và được chấm" in view.progress.value and "hv-an: 4" in view.progress.value


def test_next_and_previous_move_through_the_day_and_now_comes_back(view):
    view.next_button.click()
    assert view.session.id == "phieu-hoi" and "href='questionnaire.ipynb'" in view.detail.value
    view.next_button.click()
    view.next_button.click()
    assert view.session.id == "dong-vai"
    assert "roleplay.ipynb?scenario=hoi-nghi-kcb-nguoi-ngheo-dieu-hanh" in view.detail.value
    assert "Phân vai theo nhóm" in view.groups.value and "Người điều hành hội nghị" in view.groups.value
    assert "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh-the-vai.docx" in view.groups.value
    highlighted = next(r for r in view.agenda.value.split("<tr") if "thamvan-now" in r)
    assert "Lập kế hoạch" in highlighted  # the clock's session stays marked while the trainer looks ahead
    view.now_button.click()
    assert view.session.id == "ke-hoach-co-mau"
    for _ in range(3):
        view.prev_button.click()
    assert view.index == 0 and view.prev_button.disabled


def test_another_programme_and_day(view):
    view.programme_picker.value = "ba-ngay"
    assert [v for _, v in view.day_picker.options] == [1, 2, 3]
    view.day_picker.value = 3
    assert view.session.id == "d3-phan-tich"  # 09:15–10:30 on day 3
    view.day_picker.value = 2
    assert view.session.id.startswith("d2-")


def test_the_results_show_what_was_handed_in(view, kit_home):
    assert "Đã nộp: 0 bài kiểm tra đầu khóa" in view.results.body.value
    hand_in(Store(learner="hv-an"), "pre", {"a-p1-co-mau": "b"}, StoreInbox(), "a")
    view.results.refresh_button.click()
    assert "Đã nộp: 1 bài kiểm tra đầu khóa" in view.results.body.value and "hv-an" in view.results.body.value
    assert "data:image/png;base64," in view.results.body.value
    view.results.excel_button.click()
    assert "ket-qua-kiem-tra.xlsx" in view.results.downloads.value


def test_the_page_refuses_anyone_but_the_trainer_without_reading_anything(kit_home, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("read for a trainee")

    monkeypatch.setattr(day_view, "DayView", no_reading)
    page = day_view_page()
    assert "chỉ dành cho giảng viên" in page.value


def test_the_page_opens_for_the_trainer(kit_home, monkeypatch):
    monkeypatch.setenv("THAMVAN_ROLE", "trainer")
    page = day_view_page(lang="vi", clock=at(8, 5))
    assert any("Ngày tập huấn" in str(getattr(c, "value", "")) for c in page.children)


def test_a_time_in_the_address_rehearses_the_day(kit_home, monkeypatch):
    monkeypatch.setenv("THAMVAN_ROLE", "trainer")
    monkeypatch.setenv("QUERY_STRING", "time=16:50")
    page = day_view_page(lang="vi")
    assert any("Bây giờ là 16:50" in str(getattr(c, "value", "")) for c in page.children)
    assert day_view.rehearsal_clock("25:99") is None and day_view.rehearsal_clock(None) is None
