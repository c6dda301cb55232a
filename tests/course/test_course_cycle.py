"""A real nbgrader cycle: release, four trainees fetch and submit, collect, autograde, feedback, export."""

import json
import re

import pytest

from tests.support.course import CO_MAU_CLASS, copy_class

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(co_mau_class, tmp_path_factory):
    """The session's graded class, copied: the tests here write feedback into it."""
    assert co_mau_class.collected == sorted(CO_MAU_CLASS)
    return copy_class(co_mau_class, tmp_path_factory.mktemp("course")), co_mau_class.scores


def test_released_version_has_no_answer_key(graded):
    course, _ = graded
    released = (course.root / "release" / "co-mau" / "co-mau.ipynb").read_text(encoding="utf-8")
    outbound = (course.exchange / course.course_id / "outbound" / "co-mau" / "co-mau.ipynb").read_text(encoding="utf-8")
    for text in (released, outbound):
        assert "co_mau = 371" not in text and "HIDDEN TESTS" not in text and "sample_size(10200" not in text
        answer = next(c for c in json.loads(text)["cells"]
                      if c["metadata"].get("nbgrader", {}).get("grade_id") == "cau-1-tra-loi")
        assert "CÂU TRẢ LỜI LẤY TỪ PHIẾU TRẢ LỜI Ở TRÊN" in "".join(answer["source"])


def test_good_answer_gets_full_marks_and_bad_answer_loses_the_key_points(graded):
    _, scores = graded
    # "371 người" typed on the sheet is 371; a wrong answer earns nothing for being well formed
    assert scores == {"hv-an": 3.0, "hv-binh": 0.0, "hv-chau": 0.0, "hv-dung": 0.0}


def test_feedback_is_offline_and_export_has_every_trainee(graded, tmp_path):
    course, _ = graded
    pages = course.feedback("co-mau")
    assert len(pages) == 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="https?://', html) and "cdn." not in html
    bad = next(p for p in pages if "hv-binh" in p.parts).read_text(encoding="utf-8")
    assert "Cỡ mẫu chưa đúng" in bad
    for page in pages:  # the hidden tests hold the key: they never come back to trainees
        html = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in html and "sample_size(10200" not in html
    csv = course.export(tmp_path / "diem.csv").read_text(encoding="utf-8-sig")
    assert all(student in csv for student in CO_MAU_CLASS) and "co-mau" in csv
    grades = course.grades()
    assert list(grades.sort_values("student")["percent"]) == [100.0, 0.0, 0.0, 0.0]


def test_course_commands_release_and_export(tmp_path):
    from click.testing import CliRunner

    from thamvan_lib.cli import main

    base = ["course", "--course-dir", str(tmp_path / "course"), "--exchange", str(tmp_path / "exchange")]
    runner = CliRunner()
    result = runner.invoke(main, base + ["import"])
    assert result.exit_code == 0 and "co-mau" in result.output
    result = runner.invoke(main, base + ["release", "co-mau"])
    assert result.exit_code == 0, result.output
    assert "Đã phát hành bài “co-mau” cho học viên." in result.output
    assert (tmp_path / "exchange" / "thamvan" / "outbound" / "co-mau" / "co-mau.ipynb").exists()
    result = runner.invoke(main, base + ["release", "khong-co"])
    assert result.exit_code == 1 and "Không thực hiện được" in result.output
    result = runner.invoke(main, base + ["export", str(tmp_path / "diem.csv")])
    assert result.exit_code == 0 and (tmp_path / "diem.csv").exists()


def test_grading_config_matches_the_course(tmp_path, monkeypatch):
    from pathlib import Path

    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("THAMVAN_COURSE", str(tmp_path / "c"))
    monkeypatch.setenv("THAMVAN_EXCHANGE", str(tmp_path / "x"))
    grading = Path(__file__).resolve().parents[2] / "grading"
    config = PyFileConfigLoader("nbgrader_config.py", path=str(grading)).load_config()
    assert config.CourseDirectory.root == str(tmp_path / "c")
    assert config.Exchange.root == str(tmp_path / "x")
    assert config.CourseDirectory.course_id == "thamvan"
