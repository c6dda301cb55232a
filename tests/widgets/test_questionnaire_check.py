"""The questionnaire check, driven in Python: edit, check, pilot revision, autosaved draft."""

import json
import re

from thamvan_lib.questionnaire import Questionnaire
from thamvan_lib.store import Store
from thamvan_lib.widgets.questionnaire_check import QuestionnaireCheckView

LEADING = "Ông/bà có đồng ý rằng trạm y tế xã phục vụ tốt không?"
JARGON = "Ông/bà có biết về chính sách thông tuyến không?"
REVISED = "Ông/bà có biết thẻ bảo hiểm y tế được dùng để khám ở trạm y tế xã khác không?"


def _saved():
    return Questionnaire.from_dict(json.loads(Store().load_draft("questionnaire")))


def _fill(view):
    view.title.value = "Khám chữa bệnh cho người nghèo"
    view.target_group.value = "Người dân thuộc hộ nghèo ở xã An Bình"
    first = view.rows[0]
    first.text.value = JARGON
    first.options.value = "Có\nKhông"
    second = view.add_question()
    second.text.value = LEADING
    second.options.value = "Có\nKhông\nKhông biết"
    return first, second


def test_every_edit_is_saved(content):
    view = QuestionnaireCheckView()
    _fill(view)
    assert re.search(r"Đã lưu lúc \d\d:\d\d:\d\d", view.status.value)
    saved = _saved()
    assert [q.id for q in saved.questions] == ["C1", "C2"]
    assert saved.questions[0].options == ["Có", "Không"]


def test_check_shows_findings_under_each_question_with_reasons(content):
    view = QuestionnaireCheckView()
    first, second = _fill(view)
    findings = view.check()
    assert {f.rule for f in findings if f.question_id == "C1"} == {"jargon", "missing_dont_know"}
    assert "Người dân có thể không hiểu “thông tuyến”" in first.findings.value
    assert "cụm từ dẫn dắt" in second.findings.value and "Lỗi" in second.findings.value
    assert "Phát hiện 1 lỗi" in view.summary.value


def test_a_clean_question_says_so_and_the_whole_form_is_checked(content):
    view = QuestionnaireCheckView()
    row = view.rows[0]
    row.text.value = "Lần gần nhất ông/bà đi khám bệnh ở trạm y tế xã, ông/bà có phải trả thêm tiền ngoài bảo hiểm y tế không?"
    row.options.value = "Có\nKhông\nKhông nhớ"
    view.check()
    assert "Không phát hiện vấn đề nào ở câu này" in row.findings.value
    assert "chưa ghi đối tượng được hỏi" in view.summary.value


def test_the_pilot_record_revises_the_question_and_keeps_its_history(content):
    view = QuestionnaireCheckView()
    first, _ = _fill(view)
    view.pilot_question.value = "C1"
    assert view.new_text.value == JARGON  # prefilled with the current wording
    view.respondent.value = "Người thứ 2, nam, 65 tuổi"
    view.issue.value = "Hiểu “thông tuyến” là tuyến xe buýt"
    view.new_text.value = REVISED
    view.reason.value = "Bỏ từ chuyên môn, hỏi bằng việc người dân gặp"
    revision = view.apply_pilot()
    assert revision.rules_before == ["jargon", "missing_dont_know"]
    assert revision.rules_after == ["missing_dont_know"]
    assert first.text.value == REVISED
    assert "Lịch sử sửa sau thử nghiệm (1 lần)" in first.history_html.value
    assert "tuyến xe buýt" in first.history_html.value
    assert "từ chuyên môn" in view.pilot_result.value
    saved = _saved().question("C1")
    assert saved.text == REVISED and saved.history[0].issue == "Hiểu “thông tuyến” là tuyến xe buýt"
    # a later manual edit keeps the history
    first.options.value = "Có\nKhông\nKhông biết"
    assert len(_saved().question("C1").history) == 1


def test_an_unchanged_or_incomplete_revision_is_refused_with_the_reason(content):
    view = QuestionnaireCheckView()
    _fill(view)
    view.pilot_question.value = "C1"
    view.respondent.value, view.issue.value, view.reason.value = "Người thứ 1", "Không hiểu", "Sửa"
    assert view.apply_pilot() is None
    assert "vẫn giống hệt câu cũ" in view.pilot_result.value
    view.new_text.value = REVISED
    view.reason.value = ""
    assert view.apply_pilot() is None and "để trống" in view.pilot_result.value
    assert _saved().question("C1").history == []


def test_the_draft_comes_back(content):
    view = QuestionnaireCheckView()
    _fill(view)
    view.remove_question(view.rows[1])
    again = QuestionnaireCheckView()
    assert "Đã mở lại bản nháp" in again.status.value
    assert [r.text.value for r in again.rows] == [JARGON]
    assert again.title.value == "Khám chữa bệnh cho người nghèo"


def test_a_damaged_draft_starts_afresh_with_the_reason(content):
    Store().save_draft("questionnaire", json.dumps({"title": "x"}))
    view = QuestionnaireCheckView()
    assert "không đọc được" in view.status.value and len(view.rows) == 1


def test_an_empty_id_is_named(content):
    view = QuestionnaireCheckView()
    view.rows[0].id.value = ""
    view.rows[0].text.value = JARGON
    view.check()
    assert "chưa có mã" in view.rows[0].findings.value
