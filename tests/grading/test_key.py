"""The trainer's key document: every question of every sheet with the key's answer, written to
Word and HTML by ``thamvan course key``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from thamvan_lib.answers import sheet_spec
from thamvan_lib.cli import main
from thamvan_lib.grading.key import exercise_key

EXERCISES = ["co-mau", "co-mau-phieu-hoi", "ke-hoach", "phan-tich", "bien-ban", "dieu-hanh", "du-an-luat"]


@pytest.mark.parametrize("name", EXERCISES)
def test_every_question_of_the_sheet_has_its_answer(name):
    entries = exercise_key(name)
    assert len(entries) == len(sheet_spec(name).items)
    assert all(e.answer["vi"] and e.answer["vi"] != "—" or "SAI" in e.label["vi"] or "ĐÚNG" in e.label["vi"]
               for e in entries)


def test_the_key_reads_as_people_read_it():
    [co_mau] = exercise_key("co-mau")
    assert co_mau.answer["vi"] == "371"
    turn_3 = next(e for e in exercise_key("dieu-hanh") if e.label["vi"].startswith("Lượt 3: tiêu chí làm SAI"))
    assert turn_3.answer["vi"] == "Hỏi trung lập, dùng câu hỏi mở"  # by name, not by code
    assert "Không bào chữa" in turn_3.also["vi"]
    rewrite = next(e for e in exercise_key("dieu-hanh") if e.label["vi"] == "Lượt 3, viết lại")
    assert "bà con" in rewrite.answer["vi"]


def test_the_command_writes_word_and_html(tmp_path):
    import docx

    result = CliRunner().invoke(main, ["course", "key", "bien-ban", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "dap-an-bien-ban.html").read_text(encoding="utf-8")
    assert "Đáp án bài tập “bien-ban”" in page and "Chỉ phát cho học viên sau khi" in page
    assert "http" not in page.split("<body")[1]
    text = "\n".join(p.text for p in docx.Document(tmp_path / "dap-an-bien-ban.docx").paragraphs)
    assert "Đáp án bài tập “bien-ban”" in text
