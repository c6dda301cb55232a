"""Uptake tracking (L13, L14, P4), the public feedback page, the policy-impact review (P5)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from thamvan_lib import uptake
from tests.support.examples import small_tracker
from thamvan_lib.errors import KitError
from thamvan_lib.dataset import KIT
from thamvan_lib.documents.uptake import feedback_html, tracker_html
from thamvan_lib.records import errors
from thamvan_lib.uptake import (ImpactReview, Opinion, PolicyImpact, Response, UptakeTracker,
                                load_example, validate_review, validate_tracker)

URL = re.compile(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}|www\.", re.IGNORECASE)


@pytest.fixture(scope="module")
def example():
    return load_example()




def test_missing_responses_are_named():
    tracker = small_tracker()
    issues = validate_tracker(tracker)
    missing = [i for i in issues if i.rule == "no_response"]
    assert [i.field for i in missing] == ["opinions[1]", "opinions[2]"]
    assert "thu-nhan-luc" in missing[0].text("vi") and "Trạm thiếu bác sĩ" in missing[0].text("vi")
    assert uptake.missing_responses(tracker) == ["thu-nhan-luc", "hoi-nghi-ho-tro-tien-an"]
    tracker.responses.append(Response("thu-nhan-luc"))          # pending, no decision yet
    rules = {(i.rule, i.field) for i in validate_tracker(tracker)}
    assert ("no_decision", "responses[1].decision") in rules
    assert "thu-nhan-luc" in uptake.missing_responses(tracker)


def test_what_is_not_taken_up_is_explained_and_what_is_out_of_scope_is_passed_on():
    tracker = small_tracker()
    tracker.responses += [Response("thu-nhan-luc", "not_taken_up", handled_by="UBND tỉnh",
                                   status="answered"),
                          Response("hoi-nghi-ho-tro-tien-an", "partly_taken_up", "", handled_by="Sở Y tế",
                                   status="pending")]
    issues = validate_tracker(tracker)
    rules = {(i.rule, i.field, i.severity) for i in issues}
    assert ("reason_required", "responses[1].reason", "error") in rules
    assert ("change_missing", "responses[1].change", "warning") in rules
    # partly taken up: what was taken, and the explanation of the rest
    assert ("content_required", "responses[2].content", "error") in rules
    assert ("reason_required", "responses[2].reason", "error") in rules
    assert ("status_behind", "responses[2].status", "warning") in rules
    text = next(i for i in issues if i.rule == "reason_required").text("vi")
    assert text.startswith("Ý kiến “thu-nhan-luc” được ghi “Không tiếp thu (có giải trình)” nhưng chưa có giải trình")
    tracker.responses[1].reason = "Cần một chính sách riêng về nhân lực y tế"
    tracker.responses[1].change = "Đề nghị UBND tỉnh trình chính sách thu hút bác sĩ"
    tracker.responses[2].content = "Kéo dài số ngày được hỗ trợ tiền ăn"
    tracker.responses[2].reason = "Ngân sách chưa đủ để nâng mức mỗi ngày"
    tracker.responses[2].status = "answered"
    assert validate_tracker(tracker) == []
    # out of scope: the body it was passed to must be named
    tracker.responses[2] = Response("hoi-nghi-ho-tro-tien-an", "out_of_scope", status="answered")
    assert ("referral_required", "responses[2].handled_by") in {(i.rule, i.field) for i in validate_tracker(tracker)}
    tracker.responses[2].handled_by = "Sở Y tế"
    assert validate_tracker(tracker) == []


def test_an_answer_saved_as_explained_keeps_its_text_and_asks_for_the_outcome_again():
    tracker = small_tracker()
    tracker.responses += [Response("thu-nhan-luc", "explained", "Thuộc chính sách nhân lực riêng",
                                   handled_by="UBND tỉnh", status="answered")]
    again = UptakeTracker.from_dict(json.loads(uptake.to_json(tracker)))
    assert again.responses[1].content == "Thuộc chính sách nhân lực riêng"
    [issue] = [i for i in validate_tracker(again) if i.field.startswith("responses[1]")]
    assert issue.rule == "choose_again" and issue.severity == "error"
    assert "Nội dung đã ghi vẫn được giữ" in issue.text("vi")
    # it counts as an opinion still without an outcome, and the sheet shows what was written
    assert again.summary()[""] == 2 and sum(again.summary().values()) == 3
    assert uptake.missing_responses(again) == ["thu-nhan-luc", "hoi-nghi-ho-tro-tien-an"]
    sheet = tracker_html(again)
    assert "Thuộc chính sách nhân lực riêng" in sheet and "Cần chọn lại kết quả xử lý" in sheet
    with pytest.raises(KitError) as refused:
        feedback_html(again)
    assert "thu-nhan-luc" in refused.value.text("vi")


def test_unknown_duplicate_and_bad_choices():
    tracker = small_tracker()
    tracker.opinions.append(Opinion("thu-thieu-thuoc", "thu", "Lặp lại"))
    tracker.responses += [Response("thu-khong-co", "taken_up", "…", handled_by="…", status="answered"),
                          Response("thu-thieu-thuoc", "accepted", status="done")]
    rules = {(i.rule, i.field) for i in validate_tracker(tracker)}
    assert ("duplicate_opinion", "opinions[3].id") in rules
    assert ("unknown_choice", "opinions[3].source") in rules
    assert ("unknown_opinion", "responses[1].opinion") in rules
    assert ("duplicate_response", "responses[2].opinion") in rules
    assert ("unknown_choice", "responses[2].decision") in rules
    assert ("unknown_choice", "responses[2].status") in rules


def test_round_trip_yaml_and_json(example):
    for doc in (example.tracker, example.review):
        assert uptake.from_yaml(uptake.to_yaml(doc)) == doc
        assert uptake.from_json(uptake.to_json(doc)) == doc
    text = uptake.to_yaml(example.tracker)
    assert "Chuyên mục “Phản hồi ý kiến nhân dân”" in text           # letters kept, not escaped
    with pytest.raises(KitError):
        uptake.from_yaml("kind: plan\n")
    with pytest.raises(KitError):
        uptake.from_json("{không phải JSON")
    with pytest.raises(KitError):
        UptakeTracker.from_dict({"kind": "uptake", "opinons": []})


def test_the_example_answers_every_theme_and_topic_of_the_dataset(example):
    letters = pd.read_csv(KIT.folder / "thu-cong-dan.csv", dtype=str)
    units = pd.concat([pd.read_csv(KIT.folder / "bien-ban" / f"hoi-nghi-{n}-y-kien.csv", dtype=str)
                       for n in (1, 2)])
    expected = {o.id: o.count for o in uptake.opinions_from_data(letters, units)}
    assert {o.id: o.count for o in example.tracker.opinions} == expected
    assert len(expected) == 17
    assert errors(validate_tracker(example.tracker)) == []
    assert validate_tracker(example.tracker) == []
    decisions = example.tracker.summary()
    assert decisions[""] == 0 and all(decisions[d] > 0 for d in uptake.DECISIONS)


def test_the_example_is_good_vietnamese_without_articles_or_districts(example):
    text = uptake.to_yaml(example.tracker) + uptake.to_yaml(example.review)
    assert not re.search(r"\b[Đđ]iều \d+|\bkhoản \d+", text)           # no legal article numbers
    assert not re.search(r"\b(huyện|quận|thị xã)\b", text, re.IGNORECASE)
    assert "Sơn Hà" in text


def test_review_checks():
    review = ImpactReview(consultation="…", policies=[PolicyImpact(
        "Chính sách giảm nghèo", ["thu-khong-co"], "amend", "Bình xét chưa công khai")],
        new_policy_needed=True)
    tracker = UptakeTracker(opinions=[Opinion("thu-xet-ho-ngheo", "letters", "…")])
    rules = {(i.rule, i.field) for i in validate_review(review, tracker)}
    assert ("body_missing", "policies[0].responsible") in rules
    assert ("unknown_finding", "policies[0].findings[0]") in rules
    assert {("new_policy_incomplete", f) for f in ("new_policy", "new_policy_reason",
                                                   "new_policy_body")} <= rules
    assert ("missing", "new_policy_needed") in {(i.rule, i.field) for i in
                                                 validate_review(ImpactReview())}
