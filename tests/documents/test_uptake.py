"""The public feedback page (P4.2), the tracking sheet (L14) and the policy-impact review (P5)
as documents."""

from __future__ import annotations

import re

import docx
import pytest

from thamvan_lib.documents import uptake as docs
from tests.support.examples import small_tracker
from thamvan_lib.errors import KitError
from thamvan_lib.uptake import load_example

URL = re.compile(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}|www\.", re.IGNORECASE)


@pytest.fixture(scope="module")
def example():
    return load_example()




def test_public_page_has_three_parts_and_nothing_external(example):
    page = docs.feedback_html(example.tracker)
    for part in ("Chúng tôi đã hỏi gì", "Người dân đã nói gì", "Chúng tôi đã làm gì"):
        assert part in page
    assert page.index("Chúng tôi đã hỏi gì") < page.index("Người dân đã nói gì") \
        < page.index("Chúng tôi đã làm gì")
    assert not URL.search(page)
    assert not re.search(r"<(script|link|iframe|img)\b", page) and "@import" not in page
    assert "@media print" in page
    for o in example.tracker.opinions:                                  # every opinion answered
        assert o.summary in page
    for r in example.tracker.responses:
        if r.decision == "not_taken_up":
            assert r.reason in page
    assert example.tracker.place in page
    english = docs.feedback_html(example.tracker, "en")
    assert "What we asked" in english and "What people said" in english and "What we did" in english


def test_public_page_refuses_an_incompletesmall_tracker():
    with pytest.raises(KitError) as err:
        docs.feedback_html(small_tracker())
    assert "thu-nhan-luc" in str(err.value) and "hoi-nghi-ho-tro-tien-an" in str(err.value)
    draft = docs.feedback_html(small_tracker(), allow_incomplete=True)
    assert "Chưa có kết quả xử lý" in draft


def test_tracking_sheet_and_review_documents(example, tmp_path):
    sheet = tmp_path / "bang-theo-doi.docx"
    docs.tracker_docx(example.tracker).save(sheet)
    table = docx.Document(sheet).tables[1]          # after the heading block
    assert len(table.rows) == 1 + len(example.tracker.opinions)
    path = tmp_path / "danh-gia-tac-dong.docx"
    docs.review_docx(example.review, example.tracker).save(path)
    text = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "BẢN ĐÁNH GIÁ TÁC ĐỘNG" in text and "II. CÓ CẦN BAN HÀNH CHÍNH SÁCH MỚI KHÔNG" in text
    assert "Cần ban hành chính sách mới của tỉnh." in text
    assert "Trạm y tế xuống cấp" in text             # an opinion id shown as its summary
    page = docs.review_html(example.review, example.tracker)
    assert not URL.search(page)
