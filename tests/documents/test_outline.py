"""The outline model: blocks, letterhead, signature, plain text."""

import datetime as dt

from thamvan_lib.documents.outline import (Blocks, Figure, Heading, Outline, PageBreak, Para, Table,
                                           item_letter, letterhead, place_date, plain_text,
                                           signature)
from thamvan_lib.i18n import BLANK


def test_blocks_print_blank_for_what_is_not_filled_in():
    b = Blocks()
    b.heading("I. MỤC ĐÍCH")
    b.para("", "Địa điểm: ")
    b.bullets([])
    assert b == [Heading(1, "I. MỤC ĐÍCH"), Para(BLANK, "Địa điểm: "), Para(BLANK, "", "bullet")]


def test_the_letterhead_and_signature_in_both_languages():
    head = letterhead("vi", ["Hội đồng nhân dân tỉnh Sơn Hà", " "], "12", "KH-HĐND", "Sơn Hà",
                      dt.date(2026, 1, 9))
    assert head.issuing == ["HỘI ĐỒNG NHÂN DÂN TỈNH SƠN HÀ"]
    assert head.number == "Số: 12/KH-HĐND"
    assert head.place_date == "Sơn Hà, ngày 09 tháng 01 năm 2026"
    assert letterhead("en", [], "", "", "", None).issuing == [BLANK]
    assert "…" in place_date("vi", "", None)
    sign = signature("vi", ["Như trên", "Lưu: VT"], ["TM. HĐND", "CHỦ TỊCH", "", "Lê Văn A"])
    assert sign.recipients == ["- Như trên", "- Lưu: VT"] and sign.recipients_label


def test_plain_text_reads_in_order_with_the_appendix_last():
    outline = Outline("vi", "BÁO CÁO", "Về việc thử", [Para("Một."), Figure(b"", "Hình 1"),
                                                      PageBreak(), Table(["A", "B"], [["1", "2"]], ["3", "4"])],
                      letterhead("vi", ["VP"], "", "BC", "Sơn Hà", None),
                      signature("vi", ["Lưu"], ["A", "B", "C", "D"]),
                      appendix=[Para("Phụ.")], appendix_title="PHỤ LỤC")
    lines = plain_text(outline).split("\n")
    assert lines[0] == "VP" and lines.index("BÁO CÁO") < lines.index("Một.") < lines.index("[Hình 1]")
    assert lines[lines.index("[Hình 1]") + 1:][:2] == ["A | B", "1 | 2"]
    assert lines[-2:] == ["PHỤ LỤC", "Phụ."] and lines.index("- Lưu") < lines.index("PHỤ LỤC")
    assert not outline.is_sheet and Outline("vi", "T", "S").is_sheet


def test_item_letters_skip_j_and_w():
    assert "".join(item_letter(n) for n in range(12)) == "abcdefghiklm"
