"""Questionnaire checks (L7, P1.4, P2.2) on questions about healthcare for the poor."""

import json
import unicodedata

import pytest

from thamvan_lib.errors import KitError
from thamvan_lib.questionnaire import (SEVERITY, Finding, PilotRecord, Question, Questionnaire,
                                       apply_revision, check_question, check_questionnaire,
                                       format_findings, from_dict, word_count)
from thamvan_lib.questionnaire_rules import load_rules

YES_NO = ["Có", "Không", "Không biết"]
SATISFACTION = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
AGREEMENT = ["Hoàn toàn đồng ý", "Đồng ý", "Không đồng ý cũng không phản đối", "Không đồng ý",
             "Hoàn toàn không đồng ý"]
REASONS = ["Xa nhà", "Thiếu thuốc", "Phải chờ lâu", "Khác (ghi rõ): ……", "Không biết"]


def rules_of(q):
    return [f.rule for f in check_question(q)]


def found(q, rule):
    return [f for f in check_question(q) if f.rule == rule]


# --- each rule: fires on a flawed question, silent on a well-written one -------------

CASES = [
    # rule, flawed question, words the explanation must name, well-written version
    ("leading",
     Question("L1", "Ông/bà có đồng ý rằng chính sách khám chữa bệnh miễn phí cho người nghèo "
                    "là cần thiết không?", "likert", AGREEMENT),
     ["có đồng ý rằng"],
     Question("L1", "Ông/bà đánh giá thế nào về chính sách khám chữa bệnh miễn phí cho người nghèo?",
              "likert", SATISFACTION)),
    ("leading",
     Question("L2", "Chắc chắn ông/bà thấy thẻ bảo hiểm y tế miễn phí giúp ích cho gia đình?",
              "single", YES_NO),
     ["Chắc chắn"],
     Question("L2", "Thẻ bảo hiểm y tế miễn phí có giúp ích cho gia đình ông/bà không?",
              "single", ["Có", "Không", "Không biết"])),
    ("leading",
     Question("L3", "Không phải trạm y tế xã đã khám miễn phí cho người nghèo rồi sao?", "single",
              YES_NO),
     ["Không phải trạm y tế xã đã khám miễn phí cho người nghèo rồi sao"],
     Question("L3", "Lần gần nhất đi khám ở trạm y tế xã, ông/bà có phải trả tiền không?",
              "single", YES_NO)),
    ("leading",
     Question("L4", "Trạm y tế phường phục vụ người nghèo tốt, đúng không?", "single", YES_NO),
     ["đúng không"],
     Question("L4", "Ông/bà đánh giá cách trạm y tế phường phục vụ người nghèo như thế nào?",
              "likert", SATISFACTION)),
    ("leading",
     Question("L5", "Theo ông/bà, những bất cập trong khám chữa bệnh cho người nghèo là gì?",
              "open"),
     ["bất cập"],
     Question("L5", "Theo ông/bà, khi đi khám chữa bệnh người nghèo thường gặp khó khăn gì?",
              "open")),
    ("double_barrelled",
     Question("D1", "Ông/bà có hài lòng với chất lượng và giá cả của thuốc ở trạm y tế xã không?",
              "likert", SATISFACTION),
     ["chất lượng và giá cả", "chất lượng", "giá cả"],
     Question("D1", "Ông/bà có hài lòng với chất lượng thuốc ở trạm y tế xã không?", "likert",
              SATISFACTION)),
    ("double_barrelled",
     Question("D2", "Ông/bà có được khám hoặc cấp thuốc miễn phí ở trạm y tế xã không?", "single",
              YES_NO),
     ["khám hoặc cấp thuốc miễn"],
     Question("D2", "Ông/bà có được cấp thuốc miễn phí ở trạm y tế xã không?", "single", YES_NO)),
    ("jargon",
     Question("J1", "Khi đi khám trái tuyến, ông/bà phải đồng chi trả bao nhiêu tiền?", "open"),
     ["trái tuyến", "không có giấy chuyển viện"],
     Question("J1", "Khi đi khám ở nơi khác nơi ghi trên thẻ bảo hiểm y tế mà không có giấy "
                    "chuyển viện, ông/bà phải tự trả thêm bao nhiêu tiền?", "open")),
    ("abbreviation",
     Question("A1", "Gia đình ông/bà có thẻ BHYT không?", "single", YES_NO),
     ["BHYT", "bảo hiểm y tế"],
     Question("A1", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO)),
    ("abbreviation",
     Question("A2", "Ông/bà có biết UBND xã hỗ trợ tiền đi lại khi khám chữa bệnh không?", "single",
              YES_NO),
     ["UBND", "Ủy ban nhân dân"],
     Question("A2", "Ông/bà có biết Ủy ban nhân dân xã hỗ trợ tiền đi lại khi khám chữa bệnh không?",
              "single", YES_NO)),
    ("overlong",
     Question("O1", "Trong mười hai tháng vừa qua, tính từ ngày ông/bà được cấp thẻ bảo hiểm y tế "
                    "dành cho người thuộc hộ nghèo, ông/bà đã bao nhiêu lần đi khám bệnh ở trạm y "
                    "tế xã, kể cả những lần chỉ đến lấy thuốc?", "open"),
     ["44", "30"],
     Question("O1", "Trong 12 tháng qua, ông/bà đã đi khám bệnh ở trạm y tế xã bao nhiêu lần?",
              "open")),
    ("missing_dont_know",
     Question("K1", "Ông/bà có biết trạm y tế xã khám miễn phí cho người có thẻ hộ nghèo không?",
              "single", ["Có", "Không"]),
     ["Không biết"],
     Question("K1", "Ông/bà có biết trạm y tế xã khám miễn phí cho người có thẻ hộ nghèo không?",
              "single", ["Có", "Không", "Không biết / Không trả lời"])),
    ("missing_other",
     Question("K2", "Vì sao lần gần nhất bị ốm ông/bà không đi khám ở trạm y tế xã?", "single",
              ["Xa nhà", "Thiếu thuốc", "Phải chờ lâu", "Không biết"]),
     ["Khác (ghi rõ)"],
     Question("K2", "Vì sao lần gần nhất bị ốm ông/bà không đi khám ở trạm y tế xã?", "single",
              REASONS)),
    ("unbalanced_scale",
     Question("S1", "Ông/bà hài lòng thế nào với cách tiếp đón người bệnh ở trạm y tế xã?",
              "likert", "Rất hài lòng, Hài lòng, Bình thường, Không hài lòng"),
     ["Rất hài lòng, Hài lòng", "Không hài lòng", "2", "1"],
     Question("S1", "Ông/bà hài lòng thế nào với cách tiếp đón người bệnh ở trạm y tế xã?",
              "likert", SATISFACTION)),
    ("empty_text", Question("E1", "   ", "open"), [], Question("E1", "Ông/bà có ý kiến gì thêm?", "open")),
    ("too_few_options",
     Question("E2", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", ["Có"]),
     ["1"],
     Question("E2", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO)),
    ("duplicate_option",
     Question("E3", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single",
              ["Có", "Không", "co", "Không biết"]),
     ["Có", "co"],
     Question("E3", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO)),
    ("empty_option",
     Question("E4", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single",
              ["Có", "", "Không", "Không biết"]),
     ["2"],
     Question("E4", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO)),
]


@pytest.mark.parametrize("rule, flawed, named, good", CASES,
                         ids=[f"{c[0]}-{c[1].id}" for c in CASES])
def test_rule_fires_on_the_flawed_question_and_not_on_the_good_one(rule, flawed, named, good):
    hits = found(flawed, rule)
    assert hits, f"{rule} did not fire on {flawed.text!r}: {rules_of(flawed)}"
    for word in named:
        assert any(word in f.text("vi") for f in hits), (word, [f.text("vi") for f in hits])
        assert any(word in f.text("en") for f in hits), (word, [f.text("en") for f in hits])
    assert hits[0].severity == SEVERITY[rule]
    assert check_question(good) == [], [f.text() for f in check_question(good)]


def test_jargon_text_gives_the_plain_wording_in_vietnamese_in_both_languages():
    q = Question("J2", "Ông/bà có biết chính sách thông tuyến không?", "single", YES_NO)
    (finding,) = check_question(q)
    assert finding.rule == "jargon" and finding.values["word"] == "thông tuyến"
    assert finding.text("vi") == (
        "Người dân có thể không hiểu “thông tuyến” (người có thẻ bảo hiểm y tế được khám ở cơ sở "
        "khác cùng cấp mà vẫn được thanh toán). Hãy viết: “đi khám ở nơi khác với nơi ghi trên thẻ "
        "mà bảo hiểm y tế vẫn trả tiền”.")
    assert finding.text("en").startswith("Citizens may not understand “thông tuyến” (insured people")
    assert "Write instead: “đi khám ở nơi khác" in finding.text("en")


def test_an_abbreviation_not_in_the_list_is_still_reported():
    q = Question("A3", "Ông/bà có được tư vấn CSSKBĐ ở trạm y tế xã không?", "single", YES_NO)
    (finding,) = check_question(q)
    assert (finding.rule, finding.values["word"]) == ("abbreviation", "CSSKBĐ")
    assert "“CSSKBĐ” là chữ viết tắt" in finding.text("vi")


def test_a_longer_jargon_phrase_is_named_once_not_also_its_abbreviation():
    q = Question("J3", "Ông/bà có biết bệnh viện được chi trả theo DRG không?", "single", YES_NO)
    assert [(f.rule, f.values["word"]) for f in check_question(q)] == [("jargon", "chi trả theo DRG")]


def test_word_count_and_threshold():
    assert load_rules().max_words == 30
    thirty = " ".join(["khám"] * 29) + " không?"
    assert word_count(thirty) == 30 and "overlong" not in rules_of(Question("O2", thirty, "open"))
    assert "overlong" in rules_of(Question("O2", "bệnh " + thirty, "open"))
    (finding,) = found(Question("O2", "bệnh " + thirty, "open"), "overlong")
    assert finding.values == {"count": 31, "limit": 30}
    assert "31 chữ, quá mức 30 chữ" in finding.text("vi")


# --- false positives the checks avoid ---------------------------------------------

@pytest.mark.parametrize("text, kind, options", [
    # "khám và chữa bệnh" is one service
    ("Ông/bà hài lòng thế nào với việc khám và chữa bệnh ở trạm y tế xã?", "likert", SATISFACTION),
    # a comparison of two places asks about both on purpose
    ("Giữa trạm y tế xã và bệnh viện tỉnh, ông/bà tin nơi nào khám tốt hơn?", "single",
     ["Trạm y tế xã", "Bệnh viện tỉnh", "Như nhau", "Khác (ghi rõ)", "Không biết"]),
    # a ministry's name
    ("Ông/bà có biết chính sách của Bộ Lao động - Thương binh và Xã hội cho hộ cận nghèo không?",
     "single", YES_NO),
    # "ông/bà và gia đình" is who answers, not two things asked about
    ("Ông/bà và gia đình có hài lòng với trạm y tế phường không?", "likert", SATISFACTION),
    # several answers are allowed, so two things in one question are fine
    ("Ông/bà thường đi khám và mua thuốc ở đâu?", "multi",
     ["Trạm y tế xã", "Bệnh viện", "Hiệu thuốc", "Khác (ghi rõ)", "Không biết"]),
    # an open question is answered in words
    ("Ông/bà nghĩ gì về chất lượng và giá thuốc ở trạm y tế xã?", "open", []),
    # "và" after a comma starts a second sentence
    ("Lần gần nhất ông/bà đi khám, và ông/bà có phải chờ lâu không?", "single", YES_NO),
])
def test_no_double_barrelled_false_positive(text, kind, options):
    assert "double_barrelled" not in rules_of(Question("F1", text, kind, options))


def test_near_poor_household_is_common_words_not_jargon():
    # Decision in rules.yaml: communes post their lists of poor and near-poor households yearly.
    q = Question("F2", "Gia đình ông/bà có thuộc hộ cận nghèo không?", "single", YES_NO)
    assert check_question(q) == []


def test_words_with_other_diacritics_do_not_match_after_folding():
    # tuyên truyền / trực tuyến are not "tuyến" phrases; khắc phục is not "khác"; chắc chăn is not a phrase
    q = Question("F3", "Việc tuyên truyền khám bệnh trực tuyến ở phường có đến được với ông/bà không?",
                 "single", YES_NO)
    assert check_question(q) == []
    q = Question("F4", "Theo ông/bà, trạm y tế xã nên làm gì trước?", "single",
                 ["Khắc phục tình trạng thiếu thuốc", "Thêm bác sĩ", "Sửa nhà trạm", "Không biết"])
    assert rules_of(q) == ["missing_other"]


def test_text_typed_without_diacritics_is_still_checked():
    q = Question("F5", "Ong ba co dong y rang thong tuyen la tot khong?", "single",
                 ["Co", "Khong", "Khong biet"])
    assert [(f.rule, f.values.get("phrase") or f.values.get("word")) for f in check_question(q)] == [
        ("leading", "co dong y rang"), ("jargon", "thong tuyen")]


def test_abbreviations_match_capitals_only_and_capitals_for_emphasis_are_words():
    assert rules_of(Question("F6", "Ông/bà có xem tin về khám bệnh trên TV không?", "single",
                             YES_NO)) == ["abbreviation"]
    assert rules_of(Question("F6", "Ông/bà có xem tin về khám bệnh trên tv không?", "single",
                             YES_NO)) == []
    assert rules_of(Question("F7", "Ông/bà KHÔNG đi khám ở trạm y tế xã vì sao?", "open")) == []


def test_yes_no_questions_need_no_other_option_and_numbered_scales_are_not_judged():
    assert rules_of(Question("F8", "Ông/bà đã từng đi khám ở trạm y tế xã chưa?", "single",
                             ["Có", "Chưa", "Không nhớ"])) == []
    assert rules_of(Question("F9", "Ông/bà chấm trạm y tế xã mấy điểm, 1 là kém nhất?", "likert",
                             ["1", "2", "3", "4", "5"])) == []


def test_scale_options_are_read_with_negation_and_intensifiers():
    lopsided = ["Rất đồng ý", "Đồng ý", "Hơi đồng ý", "Không đồng ý", "Không biết"]
    (finding,) = found(Question("F10", "Ông/bà đánh giá việc cấp thẻ bảo hiểm y tế cho hộ nghèo ở "
                                       "xã như thế nào?", "likert", lopsided), "unbalanced_scale")
    assert finding.values["positive"] == 3 and finding.values["negative"] == 1
    assert "Không biết" not in finding.values["positive_options"] + finding.values["negative_options"]
    balanced = ["Rất hài lòng", "Chưa hài lòng lắm", "Hài lòng", "Hoàn toàn không hài lòng"]
    assert "unbalanced_scale" not in rules_of(Question("F11", "Ông/bà hài lòng thế nào với trạm y "
                                                              "tế xã?", "likert", balanced))


# --- a whole questionnaire ------------------------------------------------------

def flawed_questionnaire():
    return Questionnaire("Khám chữa bệnh cho người nghèo ở xã An Bình", "", [
        Question("C1", "Gia đình ông/bà có thẻ BHYT không?", "single", ["Có", "Không"]),
        Question("C2", "Ông/bà có đồng ý rằng trạm y tế xã khám cho người nghèo rất tốt đẹp không?",
                 "likert", ["Rất đồng ý", "Đồng ý", "Không đồng ý"]),
        Question("C3", "Ông/bà có hài lòng với chất lượng và giá cả của thuốc ở trạm y tế xã không?",
                 "single", ["Hài lòng", "Không hài lòng", "Không biết"]),
        Question("C4", "Vì sao ông/bà không đi khám đúng tuyến?", "multi",
                 ["Xa nhà", "Thiếu thuốc", "Xa nhà"]),
        Question("C4", "", "open"),
    ])


def test_a_flawed_questionnaire_gives_the_expected_findings():
    findings = check_questionnaire(flawed_questionnaire())
    assert {(f.question_id, f.rule) for f in findings} == {
        (None, "no_target_group"),
        ("C1", "abbreviation"), ("C1", "missing_dont_know"),
        ("C2", "leading"), ("C2", "unbalanced_scale"),
        ("C3", "double_barrelled"), ("C3", "missing_other"),
        ("C4", "jargon"), ("C4", "duplicate_option"), ("C4", "missing_dont_know"),
        ("C4", "missing_other"),
        ("C4", "duplicate_id"), ("C4", "empty_text"),
    }
    leading = {f.values["phrase"] for f in findings if f.rule == "leading"}
    assert leading == {"có đồng ý rằng", "tốt đẹp"}


def test_every_finding_reads_in_both_languages():
    for f in check_questionnaire(flawed_questionnaire()):
        vi, en = f.text("vi"), f.text("en")
        assert vi and en and vi != en and "{" not in vi + en
        assert vi == unicodedata.normalize("NFC", vi)
        for value in f.values.values():
            if isinstance(value, str):
                assert value in vi and value in en
    report = format_findings(check_questionnaire(flawed_questionnaire()), "vi")
    assert report.splitlines()[0].startswith("Cả phiếu · Lưu ý · Phiếu hỏi chưa ghi đối tượng")
    assert "C1 · Lưu ý · Người dân có thể không hiểu “BHYT”" in report
    assert format_findings([], "en") == "No problems found."


def test_language_follows_the_reader(monkeypatch):
    finding = found(Question("C1", "Gia đình ông/bà có thẻ BHYT không?", "single", YES_NO),
                    "abbreviation")[0]
    assert finding.text().startswith("Người dân")
    monkeypatch.setenv("THAMVAN_LANG", "en")
    assert finding.text().startswith("Citizens")


def test_a_well_written_questionnaire_passes():
    qn = Questionnaire("Khám chữa bệnh cho người nghèo ở xã An Bình",
                       "Người dân thuộc hộ nghèo, hộ cận nghèo ở xã An Bình và phường Hòa Minh",
                       [case[3] for case in CASES if case[3].id in ("L1", "D1", "A1", "K2", "S1")])
    assert check_questionnaire(qn) == []


def test_empty_questionnaire():
    assert [(f.question_id, f.rule) for f in check_questionnaire(Questionnaire("Phiếu", "Hộ nghèo", []))] \
        == [(None, "no_questions")]


# --- pilot test and revision ------------------------------------------------------

def pilot_questionnaire():
    return Questionnaire("Khám chữa bệnh cho người nghèo", "Người dân hộ nghèo ở xã An Bình", [
        Question("C1", "Ông/bà có biết về chính sách thông tuyến không?", "single", YES_NO),
        Question("C2", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO),
    ])


def test_revision_keeps_history_clears_the_finding_and_leaves_the_original_alone():
    qn = pilot_questionnaire()
    record = PilotRecord("C1", "Người thứ 2, nam, 65 tuổi, xã An Bình",
                         "Hiểu “thông tuyến” là tuyến xe buýt lên bệnh viện tỉnh",
                         "Ông/bà có biết thẻ bảo hiểm y tế dùng được để khám ở trạm y tế xã khác "
                         "không?", "Bỏ từ chuyên môn, hỏi bằng việc người dân gặp")
    assert [f.rule for f in check_question(qn.question("C1"))] == ["jargon"]
    new = apply_revision(qn, record)
    revised = new.question("C1")
    assert revised.text == record.new_text and check_question(revised) == []
    (revision,) = revised.history
    assert revision.old_text == "Ông/bà có biết về chính sách thông tuyến không?"
    assert revision.new_text == record.new_text
    assert (revision.respondent, revision.issue, revision.reason) == (
        record.respondent, record.issue, record.reason)
    assert (revision.rules_before, revision.rules_after) == (["jargon"], [])
    assert revision.old_options is None and revision.new_options is None
    # the original is unchanged, and the other question is a copy, not shared
    assert qn.question("C1").history == [] and qn.question("C1").text.endswith("thông tuyến không?")
    assert new.question("C2") == qn.question("C2") and new.question("C2") is not qn.question("C2")


def test_a_second_revision_adds_to_the_history_and_can_change_options():
    qn = pilot_questionnaire()
    first = apply_revision(qn, PilotRecord("C2", "Người thứ 1", "Không rõ hỏi thẻ của ai",
                                           "Ông/bà có thẻ bảo hiểm y tế không?", "Hỏi về chính người trả lời"))
    second = apply_revision(first, PilotRecord("C2", "Người thứ 4", "Thẻ đã hết hạn, không biết chọn gì",
                                               "Ông/bà có thẻ bảo hiểm y tế còn hạn không?",
                                               "Thêm phương án cho thẻ hết hạn",
                                               new_options=["Có", "Có nhưng đã hết hạn", "Không",
                                                            "Không biết"]))
    history = second.question("C2").history
    assert [r.new_text for r in history] == ["Ông/bà có thẻ bảo hiểm y tế không?",
                                              "Ông/bà có thẻ bảo hiểm y tế còn hạn không?"]
    assert history[1].old_options == YES_NO and history[1].new_options[1] == "Có nhưng đã hết hạn"
    assert second.question("C2").options[1] == "Có nhưng đã hết hạn"
    assert len(first.question("C2").history) == 1


def test_a_revision_that_introduces_a_problem_shows_it_after():
    qn = pilot_questionnaire()
    new = apply_revision(qn, PilotRecord("C2", "Người thứ 3", "Không hiểu “bảo hiểm y tế”",
                                         "Gia đình ông/bà có thẻ BHYT không?", "Viết ngắn hơn"))
    assert new.question("C2").history[0].rules_after == ["abbreviation"]


def test_revision_errors():
    qn = pilot_questionnaire()
    with pytest.raises(KitError) as err:
        apply_revision(qn, PilotRecord("C9", "Người thứ 1", "Hiểu sai", "Câu mới?", "Lý do"))
    assert err.value.key == "questionnaire.error.unknown_question" and "C1, C2" in err.value.text("vi")
    with pytest.raises(KitError) as err:
        apply_revision(qn, PilotRecord("C2", "Người thứ 1", "Hiểu sai",
                                       "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "Lý do"))
    assert err.value.key == "questionnaire.error.revision_unchanged"
    with pytest.raises(KitError) as err:
        PilotRecord("C2", "Người thứ 1", "  ", "Câu mới?", "Lý do")
    assert err.value.key == "questionnaire.error.pilot_empty" and "issue" in str(err.value)
    with pytest.raises(KitError):
        PilotRecord("C2", "Người thứ 1", "Hiểu sai", None, "Lý do")
    with pytest.raises(KitError):
        apply_revision(qn, {"question_id": "C2"})
    with pytest.raises(KitError):
        apply_revision(None, PilotRecord("C2", "Người thứ 1", "Hiểu sai", "Câu mới?", "Lý do"))


# --- saving drafts ---------------------------------------------------------------

def test_json_round_trip_keeps_everything_including_history():
    qn = apply_revision(pilot_questionnaire(), PilotRecord(
        "C1", "Người thứ 2", "Hiểu “thông tuyến” là xe buýt",
        "Ông/bà có biết thẻ bảo hiểm y tế dùng được ở trạm y tế xã khác không?", "Bỏ từ chuyên môn",
        new_options=["Có", "Không", "Không biết"]))
    text = json.dumps(qn.to_dict(), ensure_ascii=False)
    again = from_dict(json.loads(text))
    assert again == qn and again.to_dict() == qn.to_dict()
    assert again.question("C1").history[0].rules_before == ["jargon"]
    assert json.loads(text)["format"] == "thamvan-questionnaire/1"


def test_drafts_are_normalised_to_nfc_and_single_spaces():
    decomposed = unicodedata.normalize("NFD", "Ông/bà  có thẻ bảo hiểm y tế không?\n")
    q = Question("C1", decomposed, "SINGLE", YES_NO)
    assert q.text == "Ông/bà có thẻ bảo hiểm y tế không?" and q.kind == "single"


@pytest.mark.parametrize("data, key", [
    (None, "questionnaire.error.draft_not_dict"),
    ([], "questionnaire.error.draft_not_dict"),
    ({}, "questionnaire.error.draft_missing"),
    ({"title": "Phiếu", "questions": "C1"}, "questionnaire.error.draft_not_list"),
    ({"title": "Phiếu", "questions": [{"id": "C1", "text": "Có thẻ không?", "kind": "single",
                                       "optons": ["Có"]}]}, "questionnaire.error.draft_unknown"),
    ({"title": "Phiếu", "questions": [{"id": "C1", "text": "Có thẻ không?"}]},
     "questionnaire.error.draft_missing"),
    ({"title": "Phiếu", "questions": [{"id": "C1", "text": 5, "kind": "open"}]},
     "questionnaire.error.not_text"),
    ({"title": None, "questions": []}, "questionnaire.error.not_text"),
    ({"title": "Phiếu", "questions": [{"id": "C1", "text": "Câu?", "kind": "open",
                                       "history": [{"respondent": "A"}]}]},
     "questionnaire.error.draft_missing"),
])
def test_a_broken_draft_gives_a_bilingual_kit_error(data, key):
    with pytest.raises(KitError) as err:
        from_dict(data)
    assert err.value.key == key
    assert " / " in str(err.value) and err.value.text("vi") != err.value.text("en")


# --- hostile input ------------------------------------------------------------------

@pytest.mark.parametrize("make, key", [
    (lambda: check_question(None), "questionnaire.error.not_a_question"),
    (lambda: check_question("Ông/bà có thẻ không?"), "questionnaire.error.not_a_question"),
    (lambda: check_question(42), "questionnaire.error.not_a_question"),
    (lambda: check_questionnaire(None), "questionnaire.error.not_a_questionnaire"),
    (lambda: check_questionnaire([Question("C1", "Câu?", "open")]),
     "questionnaire.error.not_a_questionnaire"),
    (lambda: Question(1, "Câu?", "open"), "questionnaire.error.bad_id"),
    (lambda: Question("", "Câu?", "open"), "questionnaire.error.bad_id"),
    (lambda: Question(None, "Câu?", "open"), "questionnaire.error.bad_id"),
    (lambda: Question("C1", None, "open"), "questionnaire.error.not_text"),
    (lambda: Question("C1", 12, "open"), "questionnaire.error.not_text"),
    (lambda: Question("C1", b"bytes", "open"), "questionnaire.error.not_text"),
    (lambda: Question("C1", "Câu?", "yes/no"), "questionnaire.error.unknown_kind"),
    (lambda: Question("C1", "Câu?", None), "questionnaire.error.unknown_kind"),
    (lambda: Question("C1", "Câu?", "single", 5), "questionnaire.error.options_not_list"),
    (lambda: Question("C1", "Câu?", "single", None), "questionnaire.error.options_not_list"),
    (lambda: Question("C1", "Câu?", "single", [1, 2]), "questionnaire.error.not_text"),
    (lambda: Question("C1", "Câu?", "single", ["Có", None]), "questionnaire.error.not_text"),
    (lambda: Questionnaire("Phiếu", "Hộ nghèo", None), "questionnaire.error.questions_not_list"),
    (lambda: Questionnaire("Phiếu", "Hộ nghèo", "C1"), "questionnaire.error.questions_not_list"),
    (lambda: Questionnaire("Phiếu", "Hộ nghèo", [None]), "questionnaire.error.not_a_question_at"),
    (lambda: Questionnaire(None, "Hộ nghèo", []), "questionnaire.error.not_text"),
    (lambda: Questionnaire("Phiếu", 3, []), "questionnaire.error.not_text"),
])
def test_hostile_input_gives_a_bilingual_kit_error(make, key):
    with pytest.raises(KitError) as err:
        make()
    assert err.value.key == key
    vi, en = err.value.text("vi"), err.value.text("en")
    assert vi and en and vi != en and str(err.value) == f"{vi} / {en}"


def test_a_field_broken_after_creation_is_caught_at_check_time():
    q = Question("C1", "Gia đình ông/bà có thẻ bảo hiểm y tế không?", "single", YES_NO)
    q.text = None
    with pytest.raises(KitError) as err:
        check_question(q)
    assert "C1" in err.value.text("vi")
    q = Question("C1", "Câu?", "open")
    q.kind = "choice"
    with pytest.raises(KitError) as err:
        check_question(q)
    assert "single, multi, likert, open" in err.value.text("en")


def test_unknown_kind_names_the_kinds_in_vietnamese():
    with pytest.raises(KitError) as err:
        Question("C3", "Câu?", "choice")
    assert "single: chọn một phương án" in err.value.text("vi") and "'choice'" in err.value.text("vi")


def test_finding_is_a_plain_value():
    f = Finding("C1", "overlong", "warning", "questionnaire.rule.overlong", {"count": 40, "limit": 30})
    assert f.text("en").startswith("The question is 40 words long, more than 30.")
