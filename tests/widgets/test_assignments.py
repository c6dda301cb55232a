"""The "Bài tập" dashboard's cards, clicked as a trainee clicks them (real nbgrader exchange)."""

from __future__ import annotations

import pytest

from thamvan_lib.answers import AnswerFile
from thamvan_lib.grading.course import Course
from thamvan_lib.grading.learner import Learner
from thamvan_lib.store import Store
from thamvan_lib.widgets.assignments import AssignmentsView, sheet_url

pytestmark = pytest.mark.slow


@pytest.fixture
def view(tmp_path):
    course = Course(tmp_path / "course", tmp_path / "exchange")
    course.import_exercises()
    course.release("co-mau")
    learner = Learner(course.exchange, tmp_path / "home", "hv-an", store=Store(tmp_path / "s.db", "hv-an"))
    return AssignmentsView(learner, lang="vi"), course


def test_fetch_open_confirm_and_hand_in(view, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/hv-an/")
    page, course = view
    [card] = page.cards
    assert "Chưa nhận" in card.state.value and card.submit_button.layout.display == "none"
    card.fetch_button.click()
    assert "Đang làm" in card.state.value and card.fetch_button.layout.display == "none"
    assert "/user/hv-an/voila/render/co-mau/co-mau.ipynb" in card.link.value and "target='_blank'" in card.link.value
    AnswerFile(card.learner.folder("co-mau")).put("co_mau", "370")
    card.submit_button.click()
    assert card.confirm.layout.display == "flex" and not card.learner.receipts()  # asked first
    card.no.click()
    assert card.confirm.layout.display == "none" and not card.learner.receipts()
    card.submit_button.click()
    card.yes.click()
    assert "Đã nộp “co-mau” lúc" in card.message.value and "Mã biên nhận" in card.message.value
    assert "Đã nộp lúc" in card.state.value
    assert course.collect("co-mau") == ["hv-an"]


def test_feedback_shows_in_a_sandbox_once_returned(view):
    page, course = view
    [card] = page.cards
    card.fetch_button.click()
    card.submit_button.click()
    card.yes.click()
    card.feedback_button.click()
    assert "chưa trả nhận xét" in card.message.value
    course.collect("co-mau")
    course.autograde("co-mau")
    course.feedback("co-mau")
    card.feedback_button.click()
    assert "<iframe sandbox " in card.feedback_view.value and "allow-scripts" not in card.feedback_view.value


def test_nothing_released_says_so(tmp_path):
    learner = Learner(tmp_path / "exchange", tmp_path / "home", "hv-an", store=Store(tmp_path / "s.db", "hv-an"))
    assert "chưa phát bài tập nào" in AssignmentsView(learner, lang="vi").widget.children[-1].value


def test_the_sheet_link_follows_the_server(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    alone = Learner.from_environment()
    assert sheet_url(alone, "co-mau").endswith("/voila/render/bai-tap/co-mau/co-mau.ipynb")
    assert alone.home.parent.name == "notebooks"  # what thamvan start serves
    monkeypatch.setenv("JUPYTERHUB_USER", "hv-an")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/hv-an/")
    in_hub = Learner.from_environment()
    assert sheet_url(in_hub, "co-mau") == "/user/hv-an/voila/render/co-mau/co-mau.ipynb"
