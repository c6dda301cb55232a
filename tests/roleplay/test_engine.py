import json

import pytest

from thamvan_lib.errors import KitError
from thamvan_lib.roleplay.engine import Play

from .plays import BEST, DRAFT_LAW, MINUTES, MODERATOR, OFFICE, WORST, play_through


@pytest.mark.parametrize("sid,ending,points,max_points", [
    (MODERATOR, "ket-cuc-thanh-cong", 90, 90),
    (MINUTES, "bien-ban-tin-cay", 80, 80),
    (OFFICE, "buc-tranh-ro-rang", 80, 80),
    (DRAFT_LAW, "den-dung-noi", 70, 70),
])
def test_best_path_scores_full_marks(scenarios, sid, ending, points, max_points):
    play = play_through(scenarios[sid], BEST[sid])
    assert play.is_over and play.scene_id == ending
    score = play.score()
    assert (score.points, score.max_points) == (points, max_points)
    assert score.losses == []
    assert all(c.met for c in score.criteria)  # every criterion was shown at least once


@pytest.mark.parametrize("sid,ending,points,per_criterion", [
    (MODERATOR, "ket-cuc-do-vo", 24,
     {"muc-dich-ghi-am": 0, "cau-hoi-trung-lap": 0, "khong-bao-chua-hua-hen": 0,
      "lang-nghe-hoi-sau": 3, "can-bang-tieng-noi": 7, "moi-nhom-yeu-the": 0,
      "ngon-ngu-de-hieu": 10, "giu-thoi-gian": 4, "tom-tat-xac-nhan": 0}),
    (MINUTES, "bien-ban-mat-tin-cay", 26,
     {"bo-sot": 0, "nham-nguoi-noi": 0, "lam-nhe-xuyen-tac": 0, "gop-y-kien": 7,
      "them-y-kien": 0, "lan-thong-tin": 4, "sai-so-lieu": 10, "thanh-phan-thoi-gian": 5}),
    (OFFICE, "tham-van-bi-thu-hep", 32,
     {"chuan-bi-truoc": 4, "du-cac-ben": 1, "khong-chi-thanh-tich": 2, "so-lieu-cu-the": 6,
      "doi-chieu-so-lieu": 4, "giu-pham-vi": 2, "ghi-nhan-trung-thuc": 6, "dung-vai-tro": 7}),
    # the draft law: papers handed out late (−8), experts only (−8), canvassing (−8), a promise
    # (−6 role, −2 sorting), a personal view (−8, role at 0), only the favourable opinions
    # (−10, faithful record at 0), the deadline missed in silence (−10)
    (DRAFT_LAW, "y-kien-that-lac", 14,
     {"chuan-bi-ho-so": 2, "du-doi-tuong": 2, "trung-lap": 2, "dung-vai-tro": 0, "ghi-dung": 0,
      "phan-loai": 8, "dung-han": 0}),
])
def test_worst_path_scores_with_a_reason_for_every_point_lost(scenarios, sid, ending, points,
                                                              per_criterion):
    s = scenarios[sid]
    play = play_through(s, WORST[sid])
    assert play.scene_id == ending
    score = play.score()
    assert score.points == points
    assert {c.id: c.points for c in score.criteria} == per_criterion
    for c in score.criteria:
        lost = sum(loss.points for loss in c.losses)
        assert c.points == max(0, c.max_points - lost)
        for loss in c.losses:  # which scene, which choice, why
            assert loss.scene in s.scenes
            assert loss.choice is None or loss.choice in {x.id for x in s.scenes[loss.scene].choices}
            assert loss.why.vi.strip() and loss.why.en.strip()


def test_moderator_worst_path_reasons(scenarios):
    losses = play_through(scenarios[MODERATOR], WORST[MODERATOR]).score().losses
    where = [(loss.scene, loss.choice, loss.criterion, loss.points) for loss in losses]
    assert ("mo-dau", "vao-thang", "muc-dich-ghi-am", 10) in where
    assert ("anh-quang-bao-chua", "dong-tinh-xa", "khong-bao-chua-hua-hen", 6) in where
    # an ending that skips the summary costs points too, with no choice named
    assert ("ket-cuc-do-vo", None, "tom-tat-xac-nhan", 10) in where
    assert len(losses) == 15
    first = losses[0]
    assert first.why.vi.startswith("Người dự không biết hội nghị để làm gì")  # the feedback


def test_minute_taker_errors_are_found_by_comparing_with_the_truth(scenarios):
    s = scenarios[MINUTES]
    turns = {}
    play = Play(s)
    for choice in WORST[MINUTES].split():
        turn = play.choose(choice)
        turns[choice] = sorted(loss.criterion for loss in turn.losses)
    assert turns["ghi-nhe-di"] == ["bo-sot", "lam-nhe-xuyen-tac"]           # proposal lost, complaint softened
    assert turns["ghi-hoi-nghi-thong-nhat"] == ["lan-thong-tin", "nham-nguoi-noi"]
    assert turns["ghi-cho-nguoi-dich"] == ["nham-nguoi-noi", "nham-nguoi-noi"]  # interpreter named twice
    assert turns["ghi-ba-con-dong-tinh"] == ["bo-sot", "them-y-kien"]
    assert turns["gop-y-phu-nu"] == ["gop-y-kien"]
    reason = next(loss for loss in play.score().losses if loss.choice == "ghi-cho-nguoi-dich")
    assert "Bác Giàng A Súa" in reason.why.vi and "Anh Giàng A Lử" in reason.why.vi
    assert "Mr Giàng A Súa" in reason.why.en


def test_wrong_counts_list_every_mismatch(scenarios):
    s = scenarios[MINUTES]
    route = s.route_to("thong-ke-chu-de")
    play = play_through(s, " ".join(route))
    turn = play.choose("dem-mot-chieu")
    (loss,) = turn.losses
    assert loss.criterion == "sai-so-lieu" and loss.points == 5
    assert "Thuốc tại trạm y tế và thôn bản – đánh giá tích cực: ghi 0, thực tế 1" in loss.why.vi
    assert "phản ánh: ghi 4, thực tế 3" in loss.why.vi
    assert "written 4, actually 3" in loss.why.en
    assert play.choose("dem-nhom-dung").losses == ()


def test_state_is_kept_within_limits_and_voices_count_per_group(scenarios):
    s = scenarios[MODERATOR]
    play = play_through(s, BEST[MODERATOR])
    for entry in play.timeline:
        for var, value in entry["state"].items():
            assert s.state_vars[var].min <= value <= s.state_vars[var].max
    assert play.state["tin-tuong"] == 100  # capped at the maximum
    assert play.voices["nguoi-ngheo"] == 2 and play.voices["dan-toc-thieu-so"] == 2
    worst = play_through(s, WORST[MODERATOR])
    assert worst.state["tin-tuong"] == 0
    assert worst.voices["dan-toc-thieu-so"] == 0


# --- debrief, saving, errors -------------------------------------------------------

def test_debrief_structure(scenarios):
    s = scenarios[MODERATOR]
    play = play_through(s, WORST[MODERATOR])
    d = play.debrief()
    assert d.over and d.ending["scene"] == "ket-cuc-do-vo" and d.ending["kind"] == "bad"
    assert d.score.points == 24
    assert 1 <= len(d.turning_points) <= 3
    steps = [t.step for t in d.turning_points]
    assert steps == sorted(steps)
    impacts = sorted((t.impact(s) for t in play.turns), reverse=True)
    assert sorted(t.impact(s) for t in d.turning_points) == sorted(impacts[:3])
    assert len(d.timeline) == len(play.turns) + 1
    assert d.timeline[0] == {"step": 0, "scene": "mo-dau", "choice": None,
                             "state": {"tin-tuong": 50, "thoi-gian": 0},
                             "voices": dict.fromkeys(s.cast_groups(), 0)}
    assert d.timeline[1]["choice"] == "vao-thang" and d.timeline[1]["state"]["tin-tuong"] == 35
    assert [p[1] for p in d.path] == WORST[MODERATOR].split()
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert set(data) == {"format", "scenario", "title", "over", "ending", "score",
                         "turning_points", "timeline", "path"}
    assert data["ending"]["title"]["vi"] == "Hội nghị dừng giữa chừng"
    criterion = data["score"]["criteria"][0]
    assert set(criterion) == {"id", "name", "max_points", "points", "losses", "met"}
    assert set(criterion["losses"][0]) == {"criterion", "points", "scene", "choice", "why"}


def test_debrief_mid_play_has_no_ending(scenarios):
    play = play_through(scenarios[OFFICE], "moi-du-ben gui-bo-cau-hoi")
    d = play.debrief()
    assert not d.over and d.ending is None and len(d.timeline) == 3


def test_save_and_restore_mid_way(scenarios):
    s = scenarios[MINUTES]
    choices = WORST[MINUTES].split()
    play = play_through(s, " ".join(choices[:6]))
    saved = json.loads(json.dumps(play.to_dict()))
    assert saved["scenario"] == MINUTES and saved["choices"] == choices[:6]
    restored = Play.from_dict(saved, scenarios)
    assert restored.scene_id == play.scene_id and restored.state == play.state
    assert restored.score() == play.score() and restored.timeline == play.timeline
    for choice in choices[6:]:
        restored.choose(choice)
    straight = play_through(s, " ".join(choices))
    assert restored.to_dict() == straight.to_dict()
    assert restored.debrief().to_dict() == straight.debrief().to_dict()  # deterministic


def test_restore_refuses_bad_or_outdated_saves(scenarios):
    with pytest.raises(KitError) as err:
        Play.from_dict({"choices": []}, scenarios)
    assert err.value.key == "roleplay.error.bad_save"
    good = play_through(scenarios[OFFICE], "moi-du-ben").to_dict()
    with pytest.raises(KitError) as err:
        Play.from_dict({**good, "scenario": "khong-co"}, scenarios)
    assert err.value.key == "roleplay.error.unknown_scenario"
    with pytest.raises(KitError) as err:
        Play.from_dict({**good, "choices": ["lua-chon-da-xoa"]}, scenarios)
    assert err.value.key == "roleplay.error.save_mismatch"


def test_choose_explains_wrong_input(scenarios):
    play = Play(scenarios[MODERATOR])
    with pytest.raises(KitError) as err:
        play.choose("khong-co")
    assert "neu-muc-dich, vao-thang, doc-ke-hoach" in err.value.text("vi")
    finished = play_through(scenarios[MODERATOR], "vao-thang hoi-dan-dat de-noi-tiep tiep-tuc-nghe")
    assert finished.is_over and finished.options == []
    with pytest.raises(KitError) as err:
        finished.choose("neu-muc-dich")
    assert err.value.key == "roleplay.error.over"


def test_undo_replays_without_the_last_choice(scenarios):
    play = play_through(scenarios[MODERATOR], "vao-thang hoi-dan-dat")
    play.undo()
    assert play.history == [("mo-dau", "vao-thang")] and play.scene_id == "cau-hoi-dau"
    assert [loss.criterion for loss in play.score().losses] == ["muc-dich-ghi-am"]


# --- broken scenarios ---------------------------------------------------------------
