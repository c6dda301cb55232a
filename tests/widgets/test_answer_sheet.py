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
    assert "Đã trả lời 2/7 câu" in sheet.status.value and "Đã lưu lúc" in sheet.status.value


def test_a_new_page_finds_every_answer_as_typed(tmp_path):
    first = AnswerSheet("co-mau-phieu-hoi", tmp_path, lang="en")
    first.fields["binh_minh"].value = "222"
    first.fields["cau_c1"].value = "Ông/bà có hài lòng với chất lượng thuốc không?"
    again = AnswerSheet("co-mau-phieu-hoi", tmp_path, lang="en")
    assert again.fields["binh_minh"].value == "222"
    assert again.fields["cau_c1"].value.startswith("Ông/bà")
    assert "Read as: 222" in again.readings["binh_minh"].value
    assert "2/6 answered" in again.status.value


def test_the_sheet_never_says_whether_an_answer_is_right(tmp_path):
    right, wrong = AnswerSheet("co-mau", tmp_path / "a"), AnswerSheet("co-mau", tmp_path / "b")
    right.fields["co_mau"].value, wrong.fields["co_mau"].value = "370", "385"
    assert right.readings["co_mau"].value.replace("370", "N") == wrong.readings["co_mau"].value.replace("385", "N")


def test_criteria_are_ticked_by_name_and_errors_chosen_from_the_list(tmp_path):
    moderating = AnswerSheet("dieu-hanh", tmp_path / "d", lang="vi")
    grid = moderating.fields["luot_03_lam_sai"]
    names = [box.description for box in grid.children]
    assert "Hỏi trung lập, dùng câu hỏi mở" in names  # the rubric's Vietnamese names, not codes
    grid.children[names.index("Hỏi trung lập, dùng câu hỏi mở")].value = True
    saved = json.loads((tmp_path / "d" / "answers.json").read_text(encoding="utf-8"))
    assert saved == {"luot_03_lam_sai": ["cau-hoi-trung-lap"]}
    assert "Đã trả lời 1/27 câu" in moderating.status.value
    again = AnswerSheet("dieu-hanh", tmp_path / "d", lang="vi")
    assert [b.value for b in again.fields["luot_03_lam_sai"].children] == [b.value for b in grid.children]

    minutes = AnswerSheet("bien-ban", tmp_path / "b", lang="vi")
    line = minutes.fields["dong_06"]
    assert ("Dòng này ghi đúng (dung)", "dung") in line.options
    line.value = "nham-nguoi-noi"
    minutes.fields["noi_dung_thuoc"].value = "1, 3"
    assert "cần đúng 3 số" in minutes.readings["noi_dung_thuoc"].value
    minutes.fields["noi_dung_thuoc"].value = "1 3 2"
    assert "Đã hiểu là: 1 · 3 · 2" in minutes.readings["noi_dung_thuoc"].value
    saved = json.loads((tmp_path / "b" / "answers.json").read_text(encoding="utf-8"))
    assert saved["dong_06"] == "nham-nguoi-noi" and saved["noi_dung_thuoc"] == "1 3 2"
