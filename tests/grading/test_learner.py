"""A trainee's side of the course through nbgrader's real exchange: see what is released,
fetch it (twice without losing a word), hand it in with a receipt, and read the score and
feedback the trainer returns."""

from __future__ import annotations

import pytest

from thamvan_lib.answers import AnswerFile
from thamvan_lib.errors import KitError
from thamvan_lib.grading.course import Course
from thamvan_lib.grading.learner import Learner
from thamvan_lib.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("learner")
    course = Course(root / "course", root / "exchange")
    course.import_exercises()
    course.release("co-mau")
    return course


def learner(course, tmp_path, name="hv-an") -> Learner:
    return Learner(course.exchange, tmp_path / name, name, course.course_id, store=Store(tmp_path / f"{name}.db", name))


def test_the_whole_journey_from_fetch_to_feedback(course, tmp_path):
    an = learner(course, tmp_path)
    assert an.released() == ["co-mau"] and not an.fetched("co-mau")
    folder = an.fetch("co-mau")
    assert (folder / "co-mau.ipynb").exists()
    AnswerFile(folder).put("co_mau", "371 người")
    an.fetch("co-mau")  # a second click: the answers stay
    assert AnswerFile(folder).load() == {"co_mau": "371 người"}
    receipt = an.submit("co-mau")
    assert receipt.assignment == "co-mau" and len(receipt.fingerprint) == 10
    assert an.receipts("co-mau") == [receipt.as_dict()]
    assert an.feedback("co-mau") is None  # nothing returned yet
    assert course.collect("co-mau") == ["hv-an"]
    course.autograde("co-mau")
    course.feedback("co-mau")
    returned = an.feedback("co-mau")
    assert returned is not None and (returned.score, returned.max_score) == (3.0, 3.0)
    assert "Cỡ mẫu" in returned.page.read_text(encoding="utf-8") or returned.page.stat().st_size > 1000


def test_the_same_answers_give_the_same_receipt_code_and_history_grows(course, tmp_path):
    binh = learner(course, tmp_path, "hv-binh")
    folder = binh.fetch("co-mau")
    AnswerFile(folder).put("co_mau", "385")
    first, again = binh.submit("co-mau"), binh.submit("co-mau")
    assert first.fingerprint == again.fingerprint
    AnswerFile(folder).put("co_mau", "371")
    assert binh.submit("co-mau").fingerprint != first.fingerprint
    assert len(binh.receipts("co-mau")) == 3


def test_what_cannot_be_done_is_said_in_vietnamese(course, tmp_path):
    chau = learner(course, tmp_path, "hv-chau")
    with pytest.raises(KitError) as not_fetched:
        chau.submit("co-mau")
    assert "Hãy nhận bài “co-mau” trước khi nộp" in str(not_fetched.value)
    with pytest.raises(KitError) as unknown:
        chau.fetch("khong-co")
    assert "chưa được phát" in str(unknown.value)
