"""The trainer's class view on a small graded class of ``co-mau``: scores per trainee and per
question, the most common mistakes, the criteria table, an empty course."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from tests.support.course import copy_class
from thamvan_lib.grading.course import Course
from thamvan_lib.store import kit_home
from thamvan_lib.widgets.class_view import ClassView, class_view_page


@pytest.fixture
def course(co_mau_class, kit_home):
    """The graded class where the view looks by default: THAMVAN_HOME/course."""
    return copy_class(co_mau_class, kit_home)


@pytest.mark.slow
def test_scores_per_trainee_and_question_from_the_default_course(course):
    view = ClassView(lang="vi")
    assert view.course.root == kit_home() / "course"
    assert view.assignment == "co-mau"
    assert "4 học viên đã được chấm, điểm trung bình 25%" in view.summary.value
    html = view.scores.value
    assert "Điểm theo từng câu" in html
    assert "cau-1-dap-an (/3)" in html and "cau-1-dinh-dang" not in html  # the format check earns nothing
    assert "<td>hv-an</td><td>3</td><td>3/3</td><td>100</td>" in html
    assert "<td>hv-binh</td><td>0</td><td>0/3</td><td>0</td>" in html
    assert "<td>hv-dung</td><td>0</td><td>0/3</td><td>0</td>" in html
    assert "<td>Trung bình</td><td>0,75</td>" in html


@pytest.mark.slow
def test_the_most_common_mistake_comes_first(course):
    view = ClassView(lang="vi")
    common = view.common.value
    assert "Lỗi thường gặp nhất" in common
    first = common.split("<li>")[1]
    # two trainees wrote 385 and one left the sheet blank: the hidden test's message, and how many
    assert "3 học viên" in first and "Cỡ mẫu chưa đúng" in first and "cau-1-dap-an" in first
    assert view.criteria.value == ""  # co-mau's tests name no rubric criteria


@pytest.mark.slow
def test_a_manual_grade_and_the_english_view(course):
    course.set_manual_grade("co-mau", "hv-dung", "co-mau", "cau-1-dap-an", 1)
    view = ClassView(lang="en")
    assert "Scores per question" in view.scores.value
    assert "<td>hv-dung</td><td>1</td><td>1/3</td><td>33.33</td>" in view.scores.value


@pytest.mark.slow
def test_criteria_named_by_the_tests_are_tabled(course, monkeypatch):
    """Tests built on ``thamvan_lib.checks`` print what each criterion lost; the view sums it."""
    from thamvan_lib.checks import grade_value

    report = grade_value(385, 370, points=2, label={"vi": "Cỡ mẫu", "en": "Sample size"})
    path = course.root / "autograded" / "hv-binh" / "co-mau" / "co-mau.ipynb"
    path.chmod(0o644)
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "cau-1-dap-an")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=str(report) + "\n")]
    nbformat.write(nb, path)
    mistakes = course.mistakes("co-mau")
    row = mistakes[mistakes["criterion"].notna()].iloc[0]
    assert (row["student"], row["criterion"], row["lost"]) == ("hv-binh", "Cỡ mẫu", 2.0)
    assert "385" in row["reason"] and "370" not in row["reason"]  # what was written, never the key
    view = ClassView(lang="vi")
    assert "Điểm bị mất theo tiêu chí" in view.criteria.value
    assert "<td>Cỡ mẫu</td><td>1</td><td>2</td>" in view.criteria.value


def test_lowest_questions_when_no_reason_was_printed(kit_home, monkeypatch):
    questions = pd.DataFrame([
        {"assignment": "a", "student": s, "notebook": "a", "grade_id": g, "auto_score": v,
         "manual_score": None, "score": v, "max_score": 2.0, "needs_manual_grade": False}
        for s, g, v in [("x", "q1", 2.0), ("y", "q1", 1.0), ("x", "q2", 0.0), ("y", "q2", 2.0)]])
    totals = pd.DataFrame([{"assignment": "a", "student": s, "score": 2.0, "max_score": 4.0, "percent": 50.0}
                           for s in "xy"])
    monkeypatch.setattr(Course, "question_grades", lambda self: questions)
    monkeypatch.setattr(Course, "grades", lambda self: totals)
    monkeypatch.setattr(Course, "mistakes", lambda self, a: pd.DataFrame(
        columns=["student", "grade_id", "criterion", "lost", "reason"]))
    view = ClassView(lang="vi")
    assert "Câu q2: lớp chỉ đạt 50% số điểm." in view.common.value
    assert "Câu q1: lớp chỉ đạt 75% số điểm." in view.common.value


def test_an_empty_course_says_what_to_do(kit_home):
    view = ClassView(lang="vi")
    assert view.assignment is None
    assert "Chưa có bài nào được chấm" in view.summary.value


def test_the_page_refuses_anyone_but_the_trainer_without_reading_the_gradebook(monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the gradebook was read for a trainee")

    monkeypatch.setattr(Course, "grades", no_reading)
    page = class_view_page()
    assert "chỉ dành cho giảng viên" in page.value and "for the trainer only" in page.value
    assert "hv-an" not in page.value


@pytest.mark.slow
def test_the_page_opens_for_the_trainer(course, monkeypatch):
    monkeypatch.setenv("THAMVAN_ROLE", "trainer")
    page = class_view_page(lang="vi")
    assert "hv-an" in " ".join(getattr(c, "value", "") for c in page.children)
