import copy
import re
import shutil
import unicodedata

import pytest
import yaml

from thamvan_lib import content as content_module
from thamvan_lib.content import ContentError
from thamvan_lib.roleplay.engine import Play
from thamvan_lib.roleplay.loading import load_personas, load_rubrics, load_scenario, load_scenarios

from .plays import DRAFT_LAW, MINUTES, MODERATOR, OFFICE, play_through

# --- the shipped content --------------------------------------------------------

def test_every_shipped_scenario_validates(scenarios):
    assert list(scenarios) == [MODERATOR, MINUTES, OFFICE, DRAFT_LAW]
    assert {s.role for s in scenarios.values()} == {"moderator", "minute-taker", "office"}


def test_rubrics_cover_the_lecture_lists():
    rubrics = load_rubrics()
    moderator = [c.id for c in rubrics["dieu-hanh"].criteria]
    assert moderator == ["muc-dich-ghi-am", "cau-hoi-trung-lap", "khong-bao-chua-hua-hen",
                         "lang-nghe-hoi-sau", "can-bang-tieng-noi", "moi-nhom-yeu-the",
                         "ngon-ngu-de-hieu", "giu-thoi-gian", "tom-tat-xac-nhan"]
    minutes = rubrics["bien-ban"].criteria
    assert len(minutes) == 8
    # every error the engine can find by itself is scored by one criterion
    assert {c.audit for c in minutes if c.audit} == {
        "omitted", "misattributed", "distorted", "merged", "added", "mixed", "counts"}
    for rubric in rubrics.values():
        for c in rubric.criteria:
            assert c.name.vi and c.name.en and c.explanation.vi and c.max_points > 0


def test_personas_have_groups_icons_and_private_briefs():
    personas = load_personas()
    by_id = {p.id: p for p in personas.personas}
    assert by_id["chi-lan"].group == "nguoi-ngheo" and by_id["chi-lan"].icon == "female"
    assert by_id["bac-sua"].group == "dan-toc-thieu-so"
    assert by_id["bs-tam"].icon == "user-md"
    assert by_id["anh-quang"].group == "can-bo"
    for p in personas.personas:
        assert p.brief.vi != p.role.vi


def test_moderator_cast_is_the_conference_of_the_brief(scenarios):
    cast = scenarios[MODERATOR].personas
    for persona in ("chi-lan", "bac-sua", "chi-my", "bs-tam", "chi-hang", "anh-quang", "ong-phat"):
        assert persona in cast
    groups = {p.group for p in cast.values()}
    assert {"nguoi-ngheo", "dan-toc-thieu-so", "y-te-co-so", "can-bo", "kinh-doanh"} <= groups


@pytest.mark.parametrize("sid", [MODERATOR, MINUTES, OFFICE])
def test_scenario_sizes(scenarios, sid):
    s = scenarios[sid]
    assert len(s.decision_points) >= 12
    assert len(s.endings) >= 3
    assert {"good", "bad"} <= {e.ending.kind for e in s.endings}
    # every path to a good ending takes at least 12 decisions
    assert len(s.shortest_path("good")) >= 12
    assert len(s.longest_path("good")) >= 12
    for scene in s.decision_points:
        assert len(scene.choices) >= 2


@pytest.mark.parametrize("sid", [MODERATOR, MINUTES, OFFICE, DRAFT_LAW])
def test_every_ending_is_reached_by_a_realplay_through(scenarios, sid):
    s = scenarios[sid]
    for ending in s.endings:
        play = play_through(s, " ".join(s.route_to(ending.id)))
        assert play.is_over and play.scene_id == ending.id
        assert play.debrief().ending["kind"] == ending.ending.kind


@pytest.mark.parametrize("sid", [MODERATOR, MINUTES, OFFICE, DRAFT_LAW])
def test_every_scene_reaches_an_ending_whatever_is_chosen_after(scenarios, sid):
    s = scenarios[sid]
    for scene in s.scenes.values():
        for pick in (0, -1):  # always the first choice, or always the last
            play = play_through(s, " ".join(s.route_to(scene.id)))
            for _ in range(len(s.scenes)):
                if play.is_over:
                    break
                play.choose(play.options[pick].id)
            assert play.is_over, (scene.id, pick)


def _texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_texts_are_nfc_and_name_no_district_nor_legal_article():
    root = content_module.PACKAGE_CONTENT / "roleplay"
    for path in root.rglob("*.yaml"):
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert text == unicodedata.normalize("NFC", text), (path.name, text)
            # two-tier local government since 1 July 2025: no districts
            assert not re.search(r"(?<!\w)(huyện|district)(?!\w)", text, re.I), (path.name, text)
            assert not re.search(r"(?<!\w)(Điều|Khoản|Article)\s+\d", text), (path.name, text)


def test_minute_taker_truth_is_stored_as_opinion_units(scenarios):
    s = scenarios[MINUTES]
    assert len(s.opinions) == 16
    kinds = {u.kind for u in s.opinions.values()}
    assert kinds == {"opinion", "information"}
    for unit in s.opinions.values():
        assert unit.group == s.personas[unit.speaker].group
        if unit.kind == "information":
            assert unit.group == "can-bo" or unit.speaker == "bs-tam"
    said = [u for scene in s.scenes.values() for u in scene.said]
    assert sorted(said) == sorted(s.opinions)  # every unit said exactly once
    assert s.true_counts("topic") == {
        "thuoc": {"agree": 1, "disagree": 3, "propose": 2},
        "thu-tuc": {"agree": 0, "disagree": 1, "propose": 1},
        "tiep-can": {"agree": 0, "disagree": 2, "propose": 2},  # Mr Phát: a difficulty and a proposal
        "nhan-luc": {"agree": 0, "disagree": 0, "propose": 1},
    }
    assert s.true_counts("group")["dan-toc-thieu-so"] == {"agree": 0, "disagree": 2, "propose": 2}


# --- scoring fixed paths -----------------------------------------------------------


def _base() -> dict:
    """A small valid scenario: start -> middle -> good or bad ending."""
    text = lambda word: {"vi": f"{word} (vi)", "en": f"{word} (en)"}
    choice = lambda cid, nxt, **extra: {"id": cid, "text": text(cid), "feedback": text("fb"),
                                       "next": nxt, **extra}
    return {
        "id": "thu", "role": "moderator", "rubric": "dieu-hanh", "title": text("title"),
        "summary": text("summary"), "setting": text("setting"), "personas": ["chi-lan", "anh-quang"],
        "state": [{"id": "tin-tuong", "name": text("trust"), "initial": 50}],
        "start": "dau",
        "scenes": [
            {"id": "dau", "title": text("dau"), "narration": text("n"),
             "lines": [{"speaker": "chi-lan", "text": text("line")}],
             "choices": [choice("a", "giua", effects={"met": ["muc-dich-ghi-am"]}),
                         choice("b", "giua", effects={
                             "broken": [{"criterion": "muc-dich-ghi-am", "points": 4}],
                             "state": {"tin-tuong": -10}})]},
            {"id": "giua", "title": text("giua"), "narration": text("n"),
             "choices": [choice("c", "tot"), choice("d", "xau")]},
            {"id": "tot", "title": text("tot"), "narration": text("n"),
             "ending": {"kind": "good", "title": text("good")}},
            {"id": "xau", "title": text("xau"), "narration": text("n"),
             "ending": {"kind": "bad", "title": text("bad")}},
        ],
    }


@pytest.fixture
def broken_root(tmp_path):
    """A content folder with the kit's rubrics and personas and no scenarios yet."""
    root = tmp_path / "content"
    (root / "roleplay" / "scenarios").mkdir(parents=True)
    for name in ("rubrics.yaml", "personas.yaml"):
        shutil.copy(content_module.PACKAGE_CONTENT / "roleplay" / name, root / "roleplay" / name)
    return root


def _write(root, data, name="thu"):
    path = root / "roleplay" / "scenarios" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _choice(cid, nxt):
    return {"id": cid, "text": {"vi": "t", "en": "t"}, "feedback": {"vi": "f", "en": "f"}, "next": nxt}


def _scene(data, sid):
    return next(s for s in data["scenes"] if s["id"] == sid)


def test_the_small_scenario_is_valid(broken_root):
    _write(broken_root, _base())
    s = load_scenarios(broken_root)["thu"]
    play = play_through(s, "b d")
    assert play.scene_id == "xau" and play.score()["muc-dich-ghi-am"].points == 6


FILE = "roleplay/scenarios/thu.yaml"


@pytest.mark.parametrize("edit,item,field,words", [
    # dangling next scene
    (lambda d: _scene(d, "giua")["choices"][0].update(next="khong-co"),
     "giua", "choices.c.next", "khong-co"),
    # unreachable ending
    (lambda d: _scene(d, "giua")["choices"][1].update(next="tot"),
     "xau", "id", "cảnh kết thúc"),
    # unreachable scene
    (lambda d: d["scenes"].append({**copy.deepcopy(_scene(d, "giua")), "id": "lac"}),
     "lac", "id", "không thể đi đến"),
    # a scene that cannot reach an ending: no choices, not an ending
    (lambda d: _scene(d, "giua")["choices"].append(_choice("e", "cut")) or d["scenes"].append(
        {"id": "cut", "title": {"vi": "c", "en": "c"}, "narration": {"vi": "n", "en": "n"}}),
     "cut", "choices", "không thể đi tới kết thúc"),
    # a loop with no way out
    (lambda d: _scene(d, "giua")["choices"].append(_choice("e", "vong")) or d["scenes"].append(
        {"id": "vong", "title": {"vi": "v", "en": "v"}, "narration": {"vi": "n", "en": "n"},
         "choices": [_choice("lai", "vong")]}),
     "vong", "choices", "không thể đi tới kết thúc"),
    # a loop with a way out
    (lambda d: _scene(d, "giua")["choices"].append(_choice("e", "dau")),
     "giua", "choices.e.next", "vòng lặp"),
    # unknown persona speaking
    (lambda d: _scene(d, "dau")["lines"][0].update(speaker="ong-x"),
     "dau", "lines.0.speaker", "ong-x"),
    # unknown persona in the cast
    (lambda d: d["personas"].append("ong-x"), "ong-x", "personas", "personas.yaml"),
    # unknown criterion, met or broken
    (lambda d: _scene(d, "dau")["choices"][1]["effects"]["broken"][0].update(criterion="bay-dat"),
     "dau", "choices.b.effects.broken.0.criterion", "bay-dat"),
    (lambda d: _scene(d, "dau")["choices"][0]["effects"].update(met=["bay-dat"]),
     "dau", "choices.a.effects.met.0", "bay-dat"),
    # a criterion of another rubric
    (lambda d: _scene(d, "dau")["choices"][0]["effects"].update(met=["bo-sot"]),
     "dau", "choices.a.effects.met.0", "bo-sot"),
    # unknown state variable, unknown voice
    (lambda d: _scene(d, "dau")["choices"][1]["effects"]["state"].update({"niem-vui": 1}),
     "dau", "choices.b.effects.state.niem-vui", "niem-vui"),
    (lambda d: _scene(d, "dau")["choices"][0]["effects"].update(voices=["ong-x"]),
     "dau", "choices.a.effects.voices.0", "ong-x"),
    # duplicate ids
    (lambda d: d["scenes"].append(copy.deepcopy(_scene(d, "tot"))), "tot", "id", "trùng"),
    (lambda d: _scene(d, "giua")["choices"][1].update(id="c"), "giua", "choices", "trùng"),
    # an ending with choices
    (lambda d: _scene(d, "giua").update(ending={"kind": "good", "title": {"vi": "t", "en": "t"}}),
     "giua", "ending", "không có lựa chọn"),
    # missing start, unknown rubric, role not matching the rubric, id not the file name
    (lambda d: d.update(start="khong-co"), "-", "start", "khong-co"),
    (lambda d: d.update(rubric="khong-co"), "-", "rubric", "khong-co"),
    (lambda d: d.update(role="office"), "-", "role", "dieu-hanh"),
    (lambda d: d.update(id="ten-khac"), "-", "id", "trùng tên tệp"),
    # pydantic: a missing translation or a missing field names the scene too
    (lambda d: _scene(d, "giua")["title"].pop("en"), "giua", "title.en", "thiếu trường"),
    (lambda d: _scene(d, "tot")["ending"].update(kind="great"), "tot", "ending.kind", "không thuộc"),
])
def test_a_broken_scenario_names_file_scene_and_field(broken_root, edit, item, field, words):
    data = _base()
    edit(data)
    _write(broken_root, data)
    with pytest.raises(ContentError) as err:
        load_scenarios(broken_root)
    e = err.value
    assert (e.file, e.item, e.field) == (FILE, item, field), str(e)
    assert words in str(e)
    assert f"tệp {FILE}, mục {item}, trường {field}" in str(e)
    assert f"file {FILE}, item {item}, field {field}" in str(e)


def test_minute_taker_records_are_checked(broken_root):
    data = _base()
    data.update(role="minute-taker", rubric="bien-ban",
                topics=[{"id": "thuoc", "name": {"vi": "Thuốc", "en": "Medicines"}}],
                opinions=[{"id": "o1", "speaker": "chi-lan", "group": "nguoi-ngheo", "topic": "thuoc",
                           "stance": "disagree", "text": {"vi": "Hết thuốc.", "en": "No medicine."}}])
    for choice in _scene(data, "dau")["choices"]:
        choice["effects"] = {}
    dau = _scene(data, "dau")
    dau["said"] = ["o1"]
    dau["choices"][0]["record"] = [{"of": ["o1"], "speaker": "chi-lan", "stance": "disagree",
                                    "text": {"vi": "Chị Lan: hết thuốc.", "en": "Ms Lan: none."}}]
    dau["choices"][1]["record"] = []
    _write(broken_root, data)
    s = load_scenarios(broken_root)["thu"]
    assert Play(s).choose("a").losses == ()
    assert [x.criterion for x in Play(s).choose("b").losses] == ["bo-sot"]

    wrong = copy.deepcopy(data)
    _scene(wrong, "giua")["choices"][0]["record"] = [
        {"of": ["o1"], "speaker": "chi-lan", "stance": "disagree", "text": {"vi": "x", "en": "x"}}]
    _write(broken_root, wrong)
    with pytest.raises(ContentError) as err:
        load_scenarios(broken_root)
    assert (err.value.item, err.value.field) == ("giua", "choices.c.record.0.of")

    unsaid = copy.deepcopy(data)
    dau = _scene(unsaid, "dau")
    dau["said"] = []
    dau["choices"][0].pop("record")
    dau["choices"][1].pop("record")
    _write(broken_root, unsaid)
    with pytest.raises(ContentError) as err:
        load_scenarios(broken_root)
    assert (err.value.item, err.value.field) == ("o1", "opinions")

    group = copy.deepcopy(data)
    group["opinions"][0]["group"] = "can-bo"
    _write(broken_root, group)
    with pytest.raises(ContentError) as err:
        load_scenarios(broken_root)
    assert (err.value.item, err.value.field) == ("o1", "group")


def test_a_trainer_adds_a_scenario_by_adding_a_file(broken_root):
    _write(broken_root, _base())
    other = _base()
    other["id"] = "thu-hai"
    _write(broken_root, other, "thu-hai")
    assert sorted(load_scenarios(broken_root)) == ["thu", "thu-hai"]
    assert load_scenario(broken_root / "roleplay" / "scenarios" / "thu-hai.yaml", broken_root).id == "thu-hai"


def test_broken_personas_file_names_the_persona(broken_root):
    path = broken_root / "roleplay" / "personas.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["personas"][0]["group"] = "khong-co"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _write(broken_root, _base())
    with pytest.raises(ContentError) as err:
        load_scenarios(broken_root)
    assert (err.value.file, err.value.item, err.value.field) == (
        "roleplay/personas.yaml", "chi-lan", "group")
