"""One reader per kind of answer, shared by the answer sheet, the self-checks and the grader:
every way an office worker writes a value is read as they meant it, and what cannot be read
gets a Vietnamese then English reason, never a Python error."""

from __future__ import annotations

import json

import pytest

from thamvan_lib.answers import AnswerFile, read, read_item, read_sheet, sheet_spec


@pytest.mark.parametrize("kind, typed, value", [
    ("int", "370", 370), ("int", 370, 370), ("int", 370.0, 370), ("int", "370.0", 370),
    ("int", "370 người", 370), ("int", " 370 ", 370), ("int", "400 phiếu", 400),
    ("int", "180.500.000", 180_500_000), ("int", "180.500.000 đồng", 180_500_000),
    ("int", "180 500 000", 180_500_000), ("int", "180,500,000", 180_500_000), ("int", "9.400", 9400),
    ("number", "2,95", 2.95), ("number", "2.95", 2.95), ("number", "-1,5", -1.5),
    ("percent", "0,05", 0.05), ("percent", "0.05", 0.05), ("percent", "5%", 0.05), ("percent", "5 %", 0.05),
    ("percent", "95%", 0.95), ("percent", "5", 0.05), ("percent", 0.95, 0.95),
    ("date", "31/07/2026", "2026-07-31"), ("date", "31/7/2026", "2026-07-31"), ("date", "31-07-2026", "2026-07-31"),
    ("date", "31.07.2026", "2026-07-31"), ("date", "2026-07-31", "2026-07-31"),
    ("text", ' Ông/bà có dùng thẻ "BHYT" không? ', 'Ông/bà có dùng thẻ "BHYT" không?'),
])
def test_what_people_write_is_read_as_they_meant_it(kind, typed, value):
    reading = read(kind, typed)
    assert reading.problem is None and reading.value == value
    assert reading.shown["vi"] and reading.shown["en"]


def test_how_a_value_was_read_is_shown_in_each_language():
    assert read("int", "180500000").shown == {"vi": "180.500.000", "en": "180,500,000"}
    assert read("percent", "0,05").shown == {"vi": "5 % (0,05)", "en": "5 % (0.05)"}
    assert read("date", "1/7/2026").shown == {"vi": "01/07/2026", "en": "01/07/2026"}


@pytest.mark.parametrize("kind, typed, fragment", [
    ("int", "ba trăm bảy mươi", "không phải một số"), ("int", "khoảng 370", "không phải một số"),
    ("int", "2,95", "không phải số nguyên"), ("int", "0,05", "không phải số nguyên"),
    ("date", "31/02/2026", "không phải một ngày"), ("date", "tháng bảy", "không phải một ngày"),
])
def test_what_cannot_be_read_says_why_in_both_languages(kind, typed, fragment):
    reading = read(kind, typed)
    assert reading.value is None and fragment in reading.problem["vi"] and reading.problem["en"]
    assert typed in reading.problem["vi"]


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_an_empty_answer_is_empty_not_wrong(typed):
    assert read("int", typed).empty


def test_the_sheets_limits_apply():
    [item] = sheet_spec("co-mau").items
    assert read_item(item, "20000").problem["vi"].startswith("Giá trị này phải từ 1 đến 10.200")
    assert read_item(item, "370").value == 370


def test_the_answer_file_keeps_what_was_typed_and_reads_it_by_the_sheet(tmp_path):
    answers = AnswerFile(tmp_path)
    answers.put("sai_so", "5%")
    answers.put("han_nhan_y_kien", "31/07/2026")
    answers.put("tong_kinh_phi", "một trăm triệu")
    assert json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))["sai_so"] == "5%"
    values = read_sheet("ke-hoach", tmp_path)
    assert values["sai_so"] == 0.05 and values["han_nhan_y_kien"] == "2026-07-31"
    assert values["tong_kinh_phi"] is None and values["do_tin_cay"] is None
    assert not list(tmp_path.glob(".answers-*"))  # no temporary file left behind


def test_a_damaged_answer_file_is_kept_aside_not_lost(tmp_path):
    (tmp_path / "answers.json").write_text('{"co_mau": "37', encoding="utf-8")
    assert AnswerFile(tmp_path).load() == {}
    [aside] = tmp_path.glob("answers.damaged-*.json")
    assert aside.read_text(encoding="utf-8") == '{"co_mau": "37'
    AnswerFile(tmp_path).put("co_mau", "370")
    assert read_sheet("co-mau", tmp_path) == {"co_mau": 370}
