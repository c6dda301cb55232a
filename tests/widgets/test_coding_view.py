"""Manual coding of letters driven from Python: highlights, autosave and resume per coder,
the second coder, and Cohen's kappa shown as ``coding.cohen_kappa`` computes it."""

import json
import math

import pandas as pd
import pytest

from thamvan_lib.analysis import coding
from thamvan_lib.store import Store
from thamvan_lib.widgets.coding_view import (DRAFT_PREFIX, CodingView, kappa_reading, shipped_letters,
                                             theme_spans)

LETTERS = pd.DataFrame({
    "ma_thu": [f"T-{i}" for i in range(1, 7)],
    "xa_phuong": ["Xã Nậm Khê"] * 6,
    "ngay_nhan": ["2026-04-01"] * 6,
    "noi_dung": [
        "Trạm y tế xã thường HẾT THUỐC, chúng tôi phải tự mua thuốc ở chợ.",
        "Thủ tục rườm rà, phải xin xác nhận nhiều lần. Tiền xe ôm lên huyện rất đắt.",
        "Bác sĩ ở trạm nói tiếng phổ thông, bà con không hiểu tiếng nên phải nhờ người nói giúp.",
        "Tôi rất hài lòng với cán bộ xã.",
        "Đường đèo trơn trượt, phải cáng bộ hơn 20 cây số. Thẻ bảo hiểm y tế bị sai ngày sinh.",
        "Tram y te thieu thuoc, thu tuc qua nhieu giay to.",
    ],
    "ma_hoa_doc_duoc": ["utf-8"] * 5 + ["tcvn3"],
})
FIRST = {"T-1": ["thieu-thuoc"], "T-2": ["thu-tuc", "chi-phi-di-lai"], "T-3": ["ngon-ngu"],
         "T-4": [], "T-5": ["khoang-cach", "the-bhyt"]}
SECOND = {"T-1": ["thieu-thuoc"], "T-2": ["thu-tuc"], "T-3": ["ngon-ngu", "thai-do"],
          "T-4": [], "T-6": ["thieu-thuoc", "thu-tuc"]}


def _view(**kwargs):
    return CodingView(lang="vi", letters=LETTERS, **kwargs)


def _code_all(view, codes):
    for i, letter in enumerate(view.ids):
        if letter in codes:
            view.go(i)
            view.code(codes[letter])
            view.next()


def test_one_letter_at_a_time_with_the_suggestions_highlighted(store, content):
    view = _view(store=store)
    assert view.letter_id == "T-1" and "Thư T-1" in view.letter_head.value
    assert "Nơi gửi: Xã Nậm Khê · Ngày nhận: 1/4/2026" in view.letter_head.value
    html = view.letter_html.value
    assert "<mark class='thamvan-theme' title='Thiếu thuốc'>HẾT THUỐC</mark>" in html
    assert "<mark class='thamvan-theme' title='Thiếu thuốc'>tự mua thuốc</mark>" in html
    assert "Gợi ý tự động:</b> Thiếu thuốc" in view.suggestions.value
    assert not any(box.value for box in view.boxes.values())  # suggestions are not ticked for the coder
    assert "<b>0/6</b>" in view.progress_html.value and "đang xem thư 1/6" in view.progress_html.value
    view.apply_suggestions()
    assert view.ticked() == ["thieu-thuoc"] and view.codes == {"T-1": ["thieu-thuoc"]}


def test_highlights_match_code_text_for_every_shipped_letter(content):
    book = coding.load_codebook()
    letters = shipped_letters()
    for text in letters["noi_dung"]:
        assert {tid for _, _, tid in theme_spans(text, book)} <= coding.code_text(text, book)
    sample = letters["noi_dung"].iloc[0]
    spans = theme_spans(sample, book)
    assert spans and all(s < e for s, e, _ in spans)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in zip(spans, spans[1:]))  # no overlap


def test_the_shipped_tcvn3_letters_are_read_in_unicode(store, content):
    view = CodingView(store=store, lang="vi")
    assert len(view.ids) == 320 and "<b>0/320</b>" in view.progress_html.value
    legacy = shipped_letters().index[shipped_letters()["ma_hoa"] == "tcvn3"][0]
    view.go(int(legacy))
    assert "tệp mã cũ TCVN3, đã chuyển sang Unicode khi đọc" in view.letter_head.value
    assert "Kính gửi" in view.letter_html.value
    assert not set("§µ¸¹«¬Þ") & set(view.letter_html.value)


def test_no_theme_is_a_valid_code_and_next_records_it(store, content):
    view = _view(store=store)
    view.go(3)
    assert view.letter_id == "T-4" and "chưa mã hóa" in view.progress_html.value
    view.next()
    assert view.codes["T-4"] == [] and view.letter_id == "T-5"
    assert "<b>1/6</b>" in view.progress_html.value and view.progress.value == 1


def test_codes_autosave_and_resume_after_the_view_is_made_again(store, content):
    view = _view(store=store)
    view.code(["thieu-thuoc"])
    view.next()
    view.boxes["thu-tuc"].value = True  # a click on a box saves at once
    assert "Đã lưu mã hóa của hoc-vien-1" in view.status.value
    view.next()
    draft = json.loads(store.load_draft(DRAFT_PREFIX + "hoc-vien-1"))
    assert draft["codes"] == {"T-1": ["thieu-thuoc"], "T-2": ["thu-tuc"]} and draft["position"] == 2

    again = _view(store=Store())  # a new kernel: the same learner's store
    assert again.coder == "hoc-vien-1" and again.letter_id == "T-3"
    assert "<b>2/6</b>" in again.progress_html.value
    assert "Đã mở lại phần mã hóa đã lưu của hoc-vien-1: 2/6 thư." in again.status.value
    again.go(1)
    assert again.ticked() == ["thu-tuc"]
    again.go(0)
    assert again.ticked() == ["thieu-thuoc"]


def test_second_coder_codes_apart_and_resumes(store, content):
    view = _view(store=store)
    view.code(["thieu-thuoc"])
    view.second_mode.value = True
    assert view.second_box.layout.display is None and "Nhập tên người mã hóa thứ hai" in view.status.value
    assert view.start_second_coder("  Lê   Minh Đức ")
    assert view.coder == "Lê Minh Đức" and "Người mã hóa thứ hai: Lê Minh Đức" in view.coder_html.value
    assert view.ticked() == [] and view.codes == {}  # the first coder's ticks are theirs
    view.code(["thu-tuc"])
    view.next()
    view.second_mode.value = False
    assert view.coder == "hoc-vien-1" and view.codes == {"T-1": ["thieu-thuoc"]}
    assert view.ticked() == ["thieu-thuoc"]

    again = _view(store=Store())
    assert again.second_name.value == "Lê Minh Đức"
    again.second_mode.value = True
    assert again.coder == "Lê Minh Đức" and again.letter_id == "T-2"
    assert again.codes == {"T-1": ["thu-tuc"]}
    assert "Lê Minh Đức" in again.coder_a.options + again.coder_b.options


def test_second_coder_needs_another_name(store, content):
    view = _view(store=store)
    assert not view.start_second_coder("hoc-vien-1")
    assert "người thứ hai cần một tên khác" in view.status.value and view.coder == "hoc-vien-1"
    assert not view.start_second_coder("   ")
    assert "Hãy nhập tên người mã hóa." in view.status.value


def test_agreement_of_two_coders_is_cohens_kappa(store, content):
    view = _view(store=store)
    _code_all(view, FIRST)
    view.start_second_coder("Lê Minh Đức")
    _code_all(view, SECOND)
    kappa = view.compare("hoc-vien-1", "Lê Minh Đức")
    both = ["T-1", "T-2", "T-3", "T-4"]  # T-5 only the first, T-6 only the second
    expected = coding.cohen_kappa([set(FIRST[i]) for i in both], [set(SECOND[i]) for i in both], multi=True)
    assert kappa == expected and view.kappa == expected and kappa.n == 4
    html = view.agreement_html.value
    overall = f"{expected.overall:.2f}".replace(".", ",")
    assert f"Kappa chung (mọi chủ đề) giữa hoc-vien-1 và Lê Minh Đức: {overall}, mức {_reading(expected.overall)}" in html
    assert "trên 4 thư cả hai cùng mã hóa" in html
    for theme, value in expected.per_label.items():
        row = html.split(f"<tr data-theme='{theme}'>")[1].split("</tr>")[0]
        shown = "—" if math.isnan(value) else f"{value:.2f}".replace(".", ",")
        assert f"<td class='num'>{shown}</td>" in row and _reading(value) in row
    unused = html.split("<tr data-theme='nhan-luc'>")[1].split("</tr>")[0]
    assert "chưa ai chọn chủ đề này" in unused
    assert "Thái độ phục vụ" in html or "thai-do" in expected.per_label


def _reading(value):
    return {"poor": "kém", "slight": "rất yếu", "fair": "yếu", "moderate": "trung bình",
            "substantial": "khá", "almost_perfect": "tốt", "undefined": "không xác định"}[kappa_reading(value)]


def test_agreement_needs_letters_coded_by_both(store, content):
    view = _view(store=store)
    _code_all(view, {"T-1": ["thieu-thuoc"]})
    view.start_second_coder("Lê Minh Đức")
    _code_all(view, {"T-2": ["thu-tuc"]})
    assert view.compare("hoc-vien-1", "Lê Minh Đức") is None and view.kappa is None
    assert "chưa có thư nào cả hai cùng mã hóa" in view.agreement_html.value
    assert view.compare("hoc-vien-1", "hoc-vien-1") is None
    assert "hai người mã hóa khác nhau" in view.agreement_html.value


@pytest.mark.parametrize("value,band", [(-0.2, "poor"), (0.0, "slight"), (0.2, "slight"), (0.21, "fair"),
                                        (0.4, "fair"), (0.41, "moderate"), (0.6, "moderate"), (0.61, "substantial"),
                                        (0.8, "substantial"), (0.81, "almost_perfect"), (1.0, "almost_perfect"),
                                        (math.nan, "undefined")])
def test_landis_and_koch_bands(value, band):
    assert kappa_reading(value) == band


def test_the_legend_explains_the_scale(store, content):
    html = _view(store=store).widget.children[-1].value
    assert "Landis và Koch, 1977" in html and "0,61 – 0,80: khá" in html and "0,81 – 1: tốt" in html


def test_english_page(store, content):
    view = CodingView(lang="en", letters=LETTERS, store=store)
    assert view.next_button.description == "Done, next letter"
    assert "Automatic suggestions:</b> Shortage of medicines" in view.suggestions.value
    _code_all(view, FIRST)
    view.start_second_coder("Second")
    _code_all(view, SECOND)
    view.compare("hoc-vien-1", "Second")
    assert "Overall kappa (all themes) between hoc-vien-1 and Second" in view.agreement_html.value


def test_a_damaged_coding_draft_is_set_aside_and_said(store, content):
    store.save_draft(DRAFT_PREFIX + "hoc-vien-1", "[1, 2")
    view = _view(store=store)
    assert "bị hỏng" in view.status.value and view.codes == {} and view.letter_id == "T-1"
    assert store.damaged_drafts()[0]["data"] == "[1, 2"
