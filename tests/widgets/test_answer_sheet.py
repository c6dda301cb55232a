"""The answer sheet as a trainee uses it: type, see how it was read, find it all again."""

from __future__ import annotations

import json

from thamvan_lib.widgets.answer_sheet import AnswerSheet


def test_typing_saves_at_once_and_shows_how_it_was_read(tmp_path):
    sheet = AnswerSheet("ke-hoach", tmp_path, lang="vi")
    sheet.fields["sai_so"].value = "5%"
    sheet.fields["tong_kinh_phi"].value = "180.500.000 đồng"
    sheet.fields["co_mau_phieu_hoi"].value = "bốn trăm"
    saved = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert saved == {"sai_so": "5%", "tong_kinh_phi": "180.500.000 đồng", "co_mau_phieu_hoi": "bốn trăm"}
    assert "Đã hiểu là: 5 % (0,05)" in sheet.readings["sai_so"].value
    assert "Đã hiểu là: 180.500.000" in sheet.readings["tong_kinh_phi"].value
    assert "“bốn trăm” không phải một số" in sheet.readings["co_mau_phieu_hoi"].value
    assert "Chưa trả lời" in sheet.readings["do_tin_cay"].value
    assert "Đã trả lời 2/6 câu" in sheet.status.value and "Đã lưu lúc" in sheet.status.value


def test_a_new_page_finds_every_answer_as_typed(tmp_path):
    first = AnswerSheet("co-mau-phieu-hoi", tmp_path, lang="en")
    first.fields["hoa_minh"].value = "222"
    first.fields["cau_c1"].value = "Ông/bà có hài lòng với chất lượng thuốc không?"
    again = AnswerSheet("co-mau-phieu-hoi", tmp_path, lang="en")
    assert again.fields["hoa_minh"].value == "222"
    assert again.fields["cau_c1"].value.startswith("Ông/bà")
    assert "Read as: 222" in again.readings["hoa_minh"].value
    assert "2/6 answered" in again.status.value


def test_the_sheet_never_says_whether_an_answer_is_right(tmp_path):
    right, wrong = AnswerSheet("co-mau", tmp_path / "a"), AnswerSheet("co-mau", tmp_path / "b")
    right.fields["co_mau"].value, wrong.fields["co_mau"].value = "370", "385"
    assert right.readings["co_mau"].value.replace("370", "N") == wrong.readings["co_mau"].value.replace("385", "N")
