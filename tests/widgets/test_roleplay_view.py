"""The solo role-play view, driven in Python: play to an ending, debrief, saved result, resume."""

import json

import pytest

from thamvan_lib.roleplay.loading import load_scenarios
from thamvan_lib.store import Store
from thamvan_lib.widgets.roleplay import CURRENT, DRAFT, RoleplayView

MODERATOR = "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"
BAD_PATH = ["neu-muc-dich", "hoi-mo", "de-noi-tiep", "tiep-tuc-nghe"]


def texts(widget) -> str:
    """Every HTML text under a widget."""
    own = getattr(widget, "value", "")
    return " ".join([own if isinstance(own, str) else ""]
                    + [texts(c) for c in getattr(widget, "children", ())])


def click(view, option):
    view.choice_buttons[option].click()


def test_the_menu_lists_every_scenario_with_its_role_and_summary(content):
    view = RoleplayView()
    assert set(view.menu_buttons) == set(load_scenarios())
    html = texts(view.body)
    for s in load_scenarios().values():
        assert s.title.vi in html and s.data.summary.vi in html
    assert "Vai của bạn: người điều hành hội nghị" in html and "Vai của bạn: thư ký ghi biên bản" in html
    assert "Bạn chưa chơi hết tình huống nào." in html


def test_a_scene_shows_the_speaker_the_choices_and_the_state(content):
    view = RoleplayView()
    view.menu_buttons[MODERATOR].click()
    scene = view.scene_html.value
    assert "fa fa-user" in scene and "Anh Hoàng Văn Sinh" in scene and "Người thuộc hộ nghèo" in scene
    assert "Khai mạc hội nghị" in scene
    assert [b.description[:2] for b in view.choice_buttons.values()] == ["A.", "B.", "C."]
    bars = [c.children[1] for c in view.meter_box.children[1:]]
    assert [b.value for b in bars[:2]] == [50, 0]          # trust, minutes
    click(view, "vao-thang")
    assert "Người dự không biết hội nghị để làm gì" in view.feedback.value
    assert "Mất 10 điểm ở tiêu chí “Nêu mục đích và thông báo việc ghi âm, ghi biên bản”" in view.feedback.value
    assert view.meter_box.children[1].children[1].value == 35


def test_play_to_an_ending_shows_the_debrief_and_saves_the_result(content):
    view = RoleplayView()
    view.open(MODERATOR)
    for option in BAD_PATH:
        click(view, option)
    assert view.play.is_over and view.choice_buttons == {}
    debrief = view.debrief_box.children[0].value
    assert "Kết thúc không tốt – Chỉ nghe được vài người có tiếng" in debrief
    assert "Không để một người lấn át" in debrief and "0/10" in debrief
    assert "Hội trường im lặng" in debrief          # where the points were lost
    assert "Những bước ngoặt" in debrief
    assert view.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    results = Store().results(MODERATOR)
    assert len(results) == 1
    saved = json.loads(results[0]["data"])
    assert saved["ending"]["kind"] == "bad" and saved["score"]["points"] == view.play.score().points
    assert "Chỉ nghe được vài người có tiếng" in view.debrief_box.children[-1].value   # past results
    view.back_to_menu()
    assert "64/90" in view.body.children[-1].value


def test_undo_and_restart(content):
    view = RoleplayView()
    view.open(MODERATOR)
    click(view, "neu-muc-dich")
    click(view, "hoi-dan-dat")
    view.undo_button.click()
    assert view.play.scene_id == "cau-hoi-dau" and len(view.play.turns) == 1
    assert "Người dự biết vì sao mình được hỏi" in view.feedback.value
    view.restart_button.click()
    assert view.play.scene_id == "mo-dau" and not view.play.turns and view.undo_button.disabled


def test_a_new_view_resumes_the_play_from_the_draft(content):
    view = RoleplayView()
    view.open(MODERATOR)
    for option in BAD_PATH[:3]:
        click(view, option)
    assert json.loads(Store().load_draft(DRAFT.format(MODERATOR)))["choices"] == BAD_PATH[:3]
    again = RoleplayView()            # a closed tab, a dead kernel
    assert again.play is not None and again.play.scene_id == "hoi-truong-im-lang"
    assert "Đã mở lại lượt chơi đang dở (đã qua 3 bước)." in again.notice.value
    click(again, BAD_PATH[3])
    assert again.play.is_over
    assert len(Store().results()) == 1
    third = RoleplayView()            # an ending is reopened as it was, not saved twice
    assert third.play.is_over and len(Store().results()) == 1


def test_the_menu_offers_to_continue_and_a_broken_draft_starts_afresh(content):
    view = RoleplayView()
    view.open(MODERATOR)
    click(view, "neu-muc-dich")
    view.back_to_menu()
    assert Store().get_setting(CURRENT) == ""
    assert RoleplayView().play is None                       # the menu, not the play
    assert RoleplayView().menu_buttons[MODERATOR].description == "Chơi tiếp (đã qua 1 bước)"
    Store().save_draft(DRAFT.format(MODERATOR), json.dumps({"format": "thamvan-roleplay/1",
                                                            "scenario": MODERATOR, "choices": ["khong-co"]}))
    view = RoleplayView()
    view.open(MODERATOR)
    assert view.play.scene_id == "mo-dau" and "thamvan-error" in view.notice.value


@pytest.mark.parametrize("scenario", list(load_scenarios()))
def test_every_scenario_plays_to_each_kind_of_ending(scenario, content):
    s = load_scenarios()[scenario]
    for kind in ("good", "mixed", "bad"):
        view = RoleplayView(lang="en")
        view.start(scenario)
        for _, option in s.shortest_path(kind):
            click(view, option)
        assert view.play.is_over and view.play.scene.ending.kind == kind
        assert "Turning points" in view.debrief_box.children[0].value
    assert len(Store().results(scenario)) == 3


def test_a_damaged_play_draft_is_set_aside_and_said(content):
    Store().save_draft(DRAFT.format(MODERATOR), "{\"choices\": [")
    view = RoleplayView()
    assert "bị hỏng" in view.notice.value  # said on the menu, where it was found
    assert view.menu_buttons[MODERATOR].description == "Bắt đầu"
    view.open(MODERATOR)
    assert view.play.scene_id == "mo-dau" and not view.play.turns
    assert Store().damaged_drafts(DRAFT.format(MODERATOR))[0]["data"] == "{\"choices\": ["
