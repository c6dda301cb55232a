"""The legal-frame page (content/legal/khung-phap-ly.yaml): short, dated, sourced; law apart
from the kit's good practice; no article number the file has not checked."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from thamvan_lib.content import ContentError, load_kind
from thamvan_lib.widgets import lesson


@pytest.fixture
def frame():
    return load_kind("legal_frame")


def test_every_text_is_dated_sourced_and_older_than_the_page(frame):
    assert frame.updated <= dt.date.today()
    for text in frame.law:
        assert text.number and text.source and text.adopted <= frame.updated
        assert text.effective is None or text.effective >= text.adopted
    # the 2025 texts the kit's storyline rests on
    assert {"64/2025/QH15", "72/2025/QH15"} <= {t.number for t in frame.law}


def test_the_five_phase_process_is_said_to_be_good_practice_not_law(frame):
    practice = " ".join(p.vi for p in frame.practice)
    assert "không phải thủ tục do luật quy định" in practice
    assert "5 giai đoạn" not in " ".join(t.frames.vi for t in frame.law)


def test_an_unchecked_article_number_is_refused(content_copy):
    path = content_copy / "legal" / "khung-phap-ly.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unchecked = next(t for t in data["law"] if not t["checked"])
    unchecked["frames"]["vi"] += " (Điều 5)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_kind("legal_frame", content_copy)
    assert "article" in str(err.value)


def test_the_page_shows_dates_and_both_parts():
    text = lesson.legal_frame("vi").children[1].value
    assert "Cập nhật đến ngày 01/12/2026" in text and "64/2025/QH15" in text and "thông qua ngày 19/02/2025" in text
    assert "Những gì là quy định của pháp luật" in text and "Những gì là thực hành tốt của bộ công cụ" in text
