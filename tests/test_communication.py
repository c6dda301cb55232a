"""Communication programme (L9, P2.1), delegates per form (P2.3), supervision of contractors (P2.4)."""

from __future__ import annotations

import json

import pytest

from thamvan_lib import communication as com
from thamvan_lib.communication import (Channel, CommunicationProgramme, ConsultationForm,
                                       DelegateTask, LogEntry, SupervisionRecord, validate_programme)
from thamvan_lib.content import ContentError
from thamvan_lib.errors import KitError
from thamvan_lib.plan import load_example


def _good() -> CommunicationProgramme:
    return CommunicationProgramme(
        title="Truyền thông về tham vấn khám chữa bệnh cho người nghèo",
        purpose="Thường trực HĐND tỉnh lấy ý kiến nhân dân trước khi thông qua nghị quyết",
        policy_content="Hỗ trợ tiền đi lại, tiền ăn và thuốc cho người nghèo khi đi khám chữa bệnh",
        issues=["Đối tượng hỗ trợ", "Mức hỗ trợ tiền đi lại"],
        plan_summary="Phiếu hỏi ở 10 xã, phường, đặc khu và hai hội nghị tháng 4",
        forms=[ConsultationForm("Hội nghị cử tri xã Nậm Khê", "conference", "Xã Nậm Khê", "8/4/2026",
                                [DelegateTask("Đại biểu Hoàng Văn Định", "Chủ trì, lắng nghe, không tranh luận")]),
               ConsultationForm("Phiếu hỏi người dân", "questionnaire",
                                delegates=[DelegateTask("Đại biểu Lò Thị Xuân", "Dự một buổi hỏi ở xã Phìn Sáng")])],
        send_to="Văn phòng Đoàn ĐBQH và HĐND tỉnh Sơn Hà, phường Sơn Hà",
        how_to_send="Thư, hòm thư góp ý tại UBND xã, phát biểu tại hội nghị",
        deadline="2026-04-30",
        feedback="Kết quả tiếp thu được đọc trên đài truyền thanh xã và đăng tại chuyên mục phản hồi",
        channels=[Channel("Đài truyền thanh xã Nậm Khê", "local_radio", ["before", "during", "until_end"],
                          ["Xã Nậm Khê"], ["Người thuộc hộ nghèo"]),
                  Channel("Báo Sơn Hà", "provincial_media", ["before"])],
        priority_places=["Xã Nậm Khê"], priority_groups=["người thuộc hộ nghèo"])


def test_a_complete_programme_passes():
    assert validate_programme(_good()) == []


def test_every_missing_part_is_named():
    fields = [i.field for i in validate_programme(CommunicationProgramme()) if i.rule == "missing"]
    for name in ("title", "purpose", "policy_content", "issues", "plan_summary", "forms",
                 "send_to", "how_to_send", "feedback", "channels"):
        assert name in fields
    issue = next(i for i in validate_programme(CommunicationProgramme()) if i.field == "send_to")
    assert issue.text("vi") == "Chưa điền “Địa chỉ gửi ý kiến” (send_to)."
    assert issue.text("en") == "“Where to send opinions” is not filled in (send_to)."


def test_the_three_periods_and_the_priority_places_and_groups():
    p = _good()
    p.channels = [Channel("Báo Sơn Hà", "provincial_media", ["before", "during"])]
    rules = {(i.rule, i.field) for i in validate_programme(p)}
    assert ("period_uncovered", "channels") in rules
    assert ("no_local_channel", "priority_places[0]") in rules      # the newspaper alone
    assert ("group_unreached", "priority_groups[0]") in rules
    text = next(i for i in validate_programme(p) if i.rule == "period_uncovered").text("vi")
    assert "cho tới khi kết thúc tham vấn" in text
    p.channels = [Channel("Đài truyền thanh xã An Bình", "local_radio", ["before", "during", "until_end"],
                          ["Xã An Bình"])]
    assert ("place_unreached", "priority_places[0]") in {(i.rule, i.field) for i in validate_programme(p)}


def test_a_form_without_delegates_is_a_warning():
    p = _good()
    p.forms.append(ConsultationForm("Hội nghị các cơ quan, tổ chức", "conference"))
    issues = [i for i in validate_programme(p) if i.rule == "form_without_delegates"]
    assert [(i.field, i.severity) for i in issues] == [("forms[2].delegates", "warning")]
    assert "Hội nghị các cơ quan, tổ chức" in issues[0].text("vi")
    assert com.unassigned_forms(p) == ["Hội nghị các cơ quan, tổ chức"]
    p.forms[0].delegates.append(DelegateTask("Đại biểu Lò Thị Xuân", ""))
    assert any(i.field == "forms[0].delegates[1].task" and i.rule == "missing"
               for i in validate_programme(p))


def test_delegate_schedule_groups_tasks_by_delegate():
    schedule = com.delegate_schedule(_good())
    assert schedule["Đại biểu Hoàng Văn Định"] == [("Hội nghị cử tri xã Nậm Khê",
                                                     "Chủ trì, lắng nghe, không tranh luận")]


def test_bad_choices_and_districts():
    p = _good()
    p.channels[0].kind = "radio"
    p.channels[0].periods.append("after")
    p.priority_places.append("Huyện Mường Lọng")
    p.forms[0].kind = "meeting"
    rules = [(i.rule, i.field) for i in validate_programme(p)]
    assert ("unknown_choice", "channels[0].kind") in rules
    assert ("unknown_choice", "channels[0].periods[3]") in rules
    assert ("unknown_choice", "forms[0].kind") in rules
    assert ("district_level", "priority_places[1]") in rules


def test_wrong_types_are_refused_at_once():
    with pytest.raises(KitError):
        CommunicationProgramme(issues=42)
    with pytest.raises(KitError):
        CommunicationProgramme(deadline="ngày mai")


def test_round_trip_through_json():
    p = _good()
    back = CommunicationProgramme.from_dict(json.loads(json.dumps(p.to_dict(), ensure_ascii=False)))
    assert back == p
    with pytest.raises(KitError):
        CommunicationProgramme.from_dict({"chanels": []})


def test_a_programme_starts_from_the_approved_plan():
    plan = load_example().plan
    p = com.programme_from_plan(plan)
    assert p.send_to == plan.communication.send_to and p.deadline == plan.communication.deadline
    assert [f.name for f in p.forms] == [t.name for t in plan.tools]
    rules = {i.rule for i in validate_programme(p)}
    assert "form_without_delegates" in rules and "missing" in rules   # channels still to choose


# --- supervision ------------------------------------------------------------------------

def test_supervision_checklist_has_the_tools_steps_inside_fieldwork():
    items = com.supervision_checklist(["questionnaire", "conference"], "vi")
    ids = [i.id for i in items]
    assert ids[0].startswith("before.")
    first_tool = ids.index("questionnaire.1")
    assert ids[first_tool - 1].startswith("during.") and ids[-1].startswith("handover.")
    assert "conference.1" in ids and not any(i.startswith("interview.") for i in ids)
    assert any("ghi âm" in i.text for i in items)
    english = com.supervision_checklist(["letters"], "en")
    assert english[0].section == "Before fieldwork"
    with pytest.raises(KitError):
        com.supervision_checklist(["survey"])


def test_guidance_for_known_problems():
    assert any("không thay bằng" in g for g in com.guidance("ty-le-tu-choi-cao", "vi"))
    assert com.load_supervision().principle.vi.startswith("Văn phòng giám sát")
    with pytest.raises(KitError, match="hoi-sai-cach"):
        com.guidance("mat-dien")


def test_supervision_record():
    record = SupervisionRecord(contractor="Trung tâm Nghiên cứu phát triển Sơn Hà",
                               tools=["questionnaire"], checked=["before.hop-dong", "khong-co"],
                               log=[LogEntry("ty-le-tu-choi-cao", "2026-03-10", "")])
    rules = {(i.rule, i.field) for i in com.validate_supervision(record)}
    assert ("missing", "log[0].guidance_given") in rules
    assert ("unknown_item", "checked[1]") in rules and ("items_open", "checked") in rules
    assert len(record.open_items()) == len(com.supervision_checklist(["questionnaire"])) - 1


def test_a_broken_supervision_file_names_the_file(content_copy, monkeypatch):
    path = content_copy / "communication" / "supervision.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: questionnaire", "kind: survey"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="supervision.yaml"):
        com.load_supervision(content_copy)
