"""Which course the trainer's views read: the hub's in the trainer's home, or THAMVAN_HOME's."""

from __future__ import annotations

from pathlib import Path

from thamvan_lib.grading.course import trainer_course


def test_on_the_hub_the_trainers_views_read_the_course_in_their_home(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTERHUB_USER", "giang-vien")
    monkeypatch.setenv("HOME", str(tmp_path / "gv"))
    monkeypatch.setenv("THAMVAN_HOME", str(tmp_path / "gv" / ".thamvan"))
    monkeypatch.setenv("THAMVAN_EXCHANGE", str(tmp_path / "exchange"))
    monkeypatch.setenv("THAMVAN_COURSE_ID", "tap-huan-2026")
    course = trainer_course()
    assert (course.root, course.exchange, course.course_id) == \
        (tmp_path / "gv" / "course", tmp_path / "exchange", "tap-huan-2026")


def test_elsewhere_they_read_the_course_under_thamvan_home(monkeypatch, tmp_path):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("THAMVAN_HOME", str(tmp_path / "home"))
    course = trainer_course()
    assert course.root == Path(tmp_path / "home" / "course") and course.course_id == "thamvan"
