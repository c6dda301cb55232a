import re
import unicodedata

import pytest
import yaml

from thamvan_lib import content as content_module
from thamvan_lib.content import ContentError, collapse_space, load

SEED_IDS = [f"P1.{i}" for i in range(1, 6)] + [f"P2.{i}" for i in range(1, 5)] + \
    [f"P3.{i}" for i in range(1, 5)] + ["P4.1", "P4.2", "P5.1", "P5.2"] + [f"L{i}" for i in range(15)]


def test_seed_map_has_32_items():
    # DESIGN.md says "31 items", but its table lists 17 process steps and 15 lecture items
    assert len(SEED_IDS) == 32 == len(set(SEED_IDS))


@pytest.mark.parametrize("step_id", SEED_IDS)
def test_every_seed_item_is_in_content_with_its_citation(content, step_id):
    step = content.steps[step_id]
    seed = "002_1af39c178b05c89f.txt" if step_id.startswith("P") else "000_9cfa88ba8f5b391c.txt"
    assert step.citation.seed == seed
    assert collapse_space(step.citation.quote) in collapse_space(content.manual(seed))


def test_no_item_beyond_the_seed_map(content):
    assert sorted(content.steps) == sorted(SEED_IDS)


def test_lecture_items_link_to_existing_process_steps(content):
    for item in content.lecture_items():
        assert item.steps and all(s in content.steps and s.startswith("P") for s in item.steps)
        assert item.phase in {content.steps[s].phase for s in item.steps}
    assert {i.id for i in content.lecture_for("P1.1")} >= {"L1"}


def test_steps_are_in_seed_order(content):
    ids = list(content.steps)
    assert ids[:3] == ["P1.1", "P1.2", "P1.3"] and ids[17] == "L0" and ids[-1] == "L14"


def _all_text(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _all_text(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_text(value)


def test_every_content_text_is_nfc(content):
    for path in content.root.rglob("*.yaml"):
        for text in _all_text(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert text == unicodedata.normalize("NFC", text), (path.name, text)


def test_glossary_covers_every_abbreviation_used(content):
    terms = {g.term for g in content.glossary}
    texts = " ".join(t for path in (content.root / "process").glob("*.yaml")
                     for t in _all_text(yaml.safe_load(path.read_text(encoding="utf-8"))))
    used = set(re.findall(r"\b(?:TT HĐND|KT-XH|[A-ZĐ]{2,}(?:-[A-ZĐ]+)?)\b", texts))
    missing = {u for u in used if u not in terms}
    assert not missing, f"glossary lacks {sorted(missing)}"


def test_every_widget_message_has_both_languages(content):
    assert all(m.vi and m.en for m in content.messages.values())


def _break(path, edit):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_missing_field_names_file_item_and_field(content_copy):
    _break(content_copy / "process" / "phase-2.yaml",
           lambda d: d["steps"][1]["title"].pop("vi"))
    with pytest.raises(ContentError) as err:
        load(content_copy)
    e = err.value
    assert (e.file, e.item, e.field) == ("process/phase-2.yaml", "P2.2", "title.vi")
    message = str(err.value)
    assert "tệp process/phase-2.yaml, mục P2.2, trường title.vi: thiếu trường bắt buộc" in message
    assert "file process/phase-2.yaml, item P2.2, field title.vi: Field required" in message


def test_a_wrong_self_check_answer_names_the_question(content_copy):
    _break(content_copy / "process" / "phase-1.yaml",
           lambda d: d["steps"][0]["self_checks"][0].update(answer=["khong-co"]))
    with pytest.raises(ContentError) as err:
        load(content_copy)
    assert err.value.item == "nguon-lua-chon" and "khong-co" in str(err.value)


def test_an_unknown_actor_is_refused(content_copy):
    _break(content_copy / "process" / "phase-3.yaml",
           lambda d: d["steps"][0]["actors"].append("bo-truong"))
    with pytest.raises(ContentError) as err:
        load(content_copy)
    assert (err.value.item, err.value.field) == ("P3.1", "actors")
    assert "bo-truong" in err.value.reason_vi


def test_a_quote_not_in_the_seed_is_refused(content_copy):
    _break(content_copy / "process" / "lecture.yaml",
           lambda d: d["steps"][3]["citation"].update(quote="Một câu không có trong bài giảng."))
    with pytest.raises(ContentError) as err:
        load(content_copy)
    assert (err.value.item, err.value.field) == ("L3", "citation.quote")


def test_invalid_yaml_names_the_line(content_copy):
    path = content_copy / "glossary.yaml"
    path.write_text("terms:\n  - term: TV\n    expansion: {vi: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(content_copy)
    assert err.value.file == "glossary.yaml" and "dòng" in err.value.reason_vi


def test_language_defaults_to_vietnamese(monkeypatch):
    assert content_module.language() == "vi"
    monkeypatch.setenv("THAMVAN_LANG", "en")
    assert content_module.language() == "en"
    monkeypatch.setenv("THAMVAN_LANG", "fr")
    assert content_module.language() == "vi"


def test_content_folder_can_be_replaced_by_a_trainer(content_copy, monkeypatch):
    _break(content_copy / "process" / "phase-1.yaml",
           lambda d: d["steps"][0]["title"].update(vi="Tiêu đề do giảng viên sửa"))
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    assert load().steps["P1.1"].title.vi == "Tiêu đề do giảng viên sửa"


def test_a_message_key_defined_twice_is_refused(content_copy):
    (content_copy / "messages" / "extra.yaml").write_text(
        'messages:\n  cli.stop: {vi: "Dừng", en: "Stop"}\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(content_copy)
    assert (err.value.file, err.value.item) == ("messages/kit.yaml", "cli.stop") or \
        (err.value.file, err.value.item) == ("messages/extra.yaml", "cli.stop")


def test_every_available_tool_opens_a_notebook_that_exists(content):
    from pathlib import Path

    from thamvan_lib.pages import HOME_ROUTE

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    for tool in content.tools.values():
        if tool.status == "available" and tool.path != HOME_ROUTE:  # the home page is the server's
            assert (notebooks / tool.path.split("?")[0]).exists(), tool.id
