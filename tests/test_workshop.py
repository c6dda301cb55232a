"""Group mode: roles handed out round-robin, role cards, facilitator and debrief sheets,
the room's session, and the facilitation view."""

import base64
import io
import json
import re

import docx
import pytest

from thamvan_lib.documents.workshop import (debrief_docx, debrief_html, facilitator_docx,
                                            facilitator_html, handouts, role_cards_docx,
                                            role_cards_html)
from thamvan_lib.errors import KitError
from thamvan_lib.store import Store
from thamvan_lib.workshop import Session, plan_workshop

MODERATOR = "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"
URL = re.compile(r"https?://", re.I)


def docx_text(document) -> str:
    """Every paragraph and table cell of a Word document (read back from its bytes)."""
    buffer = io.BytesIO()
    document.save(buffer)
    opened = docx.Document(io.BytesIO(buffer.getvalue()))
    parts = [p.text for p in opened.paragraphs]
    parts += [c.text for t in opened.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def workshop():
    return plan_workshop(MODERATOR, 4)


def test_four_groups_get_every_role_round_robin(workshop):
    s = workshop.scenario
    roles = [r.id for r in workshop.roles]
    assert roles[:2] == ["moderator", "minute-taker"]
    assert set(s.personas) <= set(roles)
    assert sorted(r for r in roles if r.startswith("observer")) == [f"observer-{g}" for g in range(1, 5)]
    assert len(roles) == len(set(roles)) == 2 + len(s.personas) + 4
    for n, role in enumerate(workshop.roles):
        assert role.group == n % 4 + 1
    sizes = [len(workshop.roles_of(g)) for g in range(1, 5)]
    assert max(sizes) - min(sizes) <= 1
    for g in range(1, 5):     # every group watches with its own observer
        assert [r.id for r in workshop.roles_of(g) if r.kind == "observer"] == [f"observer-{g}"]


@pytest.mark.parametrize("groups", [0, 13])
def test_the_number_of_groups_is_checked(groups):
    with pytest.raises(KitError, match="Số nhóm phải là số nguyên từ 1 đến 12"):
        plan_workshop(MODERATOR, groups)


@pytest.mark.parametrize("scenario, staff", [("hoi-nghi-kcb-nguoi-ngheo-dieu-hanh", ("moderator", "minute-taker")),
                                             ("hoi-nghi-kcb-nguoi-ngheo-thu-ky", ("minute-taker", "moderator")),
                                             ("hop-ubnd-so-nganh", ("office", "minute-taker"))])
def test_staff_cards_carry_their_own_rubric(scenario, staff):
    w = plan_workshop(scenario, 3)
    cards = {c.role.id: c for c in w.cards()}
    assert len(cards) == len(w.roles)
    for role in staff:
        assert cards[role].rubric is not None and cards[role].rubric.role == role
    assert cards["observer-1"].rubric.id == w.scenario.rubric.id


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
    assert "FACILITATOR&#x27;S SHEET" in page and not URL.search(page)


def test_a_session_records_votes_tally_and_the_rooms_path(workshop):
    session = Session(workshop)
    with pytest.raises(KitError):
        session.advance()                 # nobody voted yet
    for group, option in [(1, "vao-thang"), (2, "neu-muc-dich"), (3, "neu-muc-dich"), (4, "vao-thang")]:
        session.vote(group, option)
    assert session.tally() == {"neu-muc-dich": 2, "vao-thang": 2, "doc-ke-hoach": 0}
    assert session.leading() == "neu-muc-dich"          # a tie goes to the first listed
    with pytest.raises(KitError):
        session.vote(5, "vao-thang")
    session.advance()
    assert session.scene.id == "cau-hoi-dau" and session.votes == {}
    session.vote(1, "hoi-mo")
    session.advance("gio-tay")                           # the facilitator's pick
    session.undo()
    assert session.scene.id == "cau-hoi-dau" and session.votes == {1: "hoi-mo"}
    restored = Session.from_dict(json.loads(json.dumps(session.to_dict())))
    assert restored.rounds == session.rounds and restored.votes == session.votes
    for option in ["hoi-mo", "de-noi-tiep", "tiep-tuc-nghe"]:
        for group in range(1, 5):
            session.vote(group, option)
        session.advance()
    assert session.is_over and session.agreement() == pytest.approx(14 / 16)
    text = docx_text(debrief_docx(workshop, session, "vi"))
    assert "Đường đi của cả lớp" in text and "Chỉ nghe được vài người có tiếng" in text
    assert "Không để một người lấn át" in text and "88%" in text
    assert not URL.search(debrief_html(workshop, session, "vi"))


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


def test_the_facilitation_view_runs_a_session_and_resumes_it(content):
    from thamvan_lib.widgets.facilitation import FacilitationView

    view = FacilitationView()
    assert "Bác Giàng A Súa" in view.roles_html.value
    links = re.findall(r"href='data:([^,']+);base64,([^']+)'", view.downloads.value)
    assert len(links) == 6
    docx.Document(io.BytesIO(base64.b64decode(links[0][1])))
    view.groups_box.value = 3
    assert view.roles_html.value.count("<tr>") == 4
    view.begin(MODERATOR, 4)
    assert "Khai mạc hội nghị" in view.scene_html.value and "<b class='letter'>C</b>" in view.scene_html.value
    view.vote(1, "vao-thang")
    view.vote(2, "vao-thang")
    view.vote(3, "neu-muc-dich")
    assert "2/4" not in view.tally.value and "3/4 nhóm đã chọn" in view.tally.value
    view.advance_button.click()
    assert "Cả lớp chọn phương án B:" in view.room.children[2].value
    again = FacilitationView()              # a reload or a dead kernel
    assert again.session.rounds == view.session.rounds and again.session.scene.id == "cau-hoi-dau"
    assert "Đã mở lại buổi tập đang dở (đã qua 1 cảnh)." in again.notice.value
    for option in ["hoi-mo", "de-noi-tiep", "tiep-tuc-nghe"]:
        again.vote(1, option)
        again.advance()
    assert again.session.is_over
    ending = " ".join(c.value for c in again.room.children if hasattr(c, "value") and isinstance(c.value, str))
    assert "Chỉ nghe được vài người có tiếng" in ending and "Phiếu rút kinh nghiệm (DOCX)" in ending
    again.new_button.click()
    assert FacilitationView().session is None
    assert Store().load_draft("workshop") == "{}"
