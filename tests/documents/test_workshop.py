"""The handouts of a group workshop: role cards, the facilitator's and the debrief sheets."""

import html
import io
import re

import docx
import pytest

from thamvan_lib.documents.workshop import (facilitator_docx, facilitator_html, handouts,
                                            role_cards_docx, role_cards_html)
from thamvan_lib.workshop import plan_workshop

from ..test_workshop import MODERATOR, docx_text

URL = re.compile(r"https?://", re.I)


@pytest.fixture
def workshop():
    return plan_workshop(MODERATOR, 4)


def test_role_cards_docx_opens_and_holds_every_brief(workshop):
    text = docx_text(role_cards_docx(workshop, "vi"))
    assert "THẺ VAI" in text
    for persona in workshop.scenario.personas.values():
        assert persona.brief.vi in text and persona.role.vi in text
    assert "Nhóm 1 – Người điều hành hội nghị" in text and "Nhóm 2 – Thư ký ghi biên bản" in text
    assert "Hỏi trung lập, dùng câu hỏi mở (10 điểm)" in text          # the moderator's rubric
    assert "Ghi nhầm người nói (10 điểm)" in text                      # the minute-taker's rubric
    assert text.count("Người quan sát") >= 4


def test_role_cards_html_is_self_contained(workshop):
    page = role_cards_html(workshop, "vi")
    assert not URL.search(page) and "<link" not in page and "<script" not in page
    for persona in workshop.scenario.personas.values():
        assert persona.name.vi in page
    assert page.count('class="break"') == len(workshop.roles) - 1   # one card per page


def test_facilitator_sheet_has_timing_roles_and_checklist(workshop):
    text = docx_text(facilitator_docx(workshop, "vi"))
    low, high = workshop.session_minutes()
    assert f"khoảng {low} đến {high} phút" in text
    for timing in workshop.timing():
        assert timing.scene.title.vi in text
    for criterion in workshop.scenario.rubric.criteria:
        assert criterion.name.vi in text
    assert "Nhóm 4" in text and "Hội nghị thành công" in text
    checklist = dict(workshop.checklist())
    assert [s.id for s in checklist["can-bang-tieng-noi"]][:1] == ["ong-phat-lan-at"]
    assert all(checklist.values())          # every criterion is tested somewhere
    page = facilitator_html(workshop, "en")
    assert "FACILITATOR'S SHEET" in html.unescape(page) and not URL.search(page)


def test_every_handout_comes_in_docx_and_html(workshop):
    files = handouts(workshop, None, "vi")
    assert [(k, n.rsplit(".", 1)[1]) for k, n, _, _ in files] == [
        ("cards", "docx"), ("cards", "html"), ("facilitator", "docx"), ("facilitator", "html"),
        ("debrief", "docx"), ("debrief", "html")]
    for _, name, _, data in files:
        if name.endswith(".docx"):
            docx.Document(io.BytesIO(data))
        else:
            assert not URL.search(data.decode("utf-8"))
