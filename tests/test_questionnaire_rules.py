"""The word lists of the questionnaire checks (content a trainer edits) and how their
phrases are found in a text."""

import unicodedata

import pytest
import yaml

from thamvan_lib.content import ContentError
from thamvan_lib.questionnaire import Question, check_question
from thamvan_lib.questionnaire_rules import Phrase, find, is_abbreviation, load_rules, same_word, says, span, tokenize

YES_NO = ["Có", "Không", "Không biết"]


# --- finding phrases ------------------------------------------------------------------

def matches(phrase, text, at_end=False):
    words = tokenize(text)
    return [span(text, words, i, j) for i, j in find(Phrase.of(phrase, at_end), words, text)]


def test_punctuation_between_words_is_ignored_and_a_gap_stands_for_words():
    assert matches("ông bà", "Ông/bà có thẻ không? Ông bà nói gì?") == ["Ông/bà", "Ông bà"]
    assert matches("có … không", "Ông/bà có thẻ bảo hiểm y tế không?") == ["có thẻ bảo hiểm y tế không"]
    assert matches("có … không", "Ông/bà có không?") == []       # "…" is at least one word


def test_a_phrase_marked_at_end_must_close_a_sentence():
    assert matches("đúng không", "Trạm phục vụ tốt, đúng không?", at_end=True) == ["đúng không"]
    assert matches("đúng không", "Đúng không phải lúc nào cũng dễ.", at_end=True) == []


def test_diacritics_and_capitals():
    assert same_word("tuyen", "tuyến", False) and not same_word("tuyên", "tuyến", False)
    assert same_word("hòa", "hoà", False)                      # old and new accent place
    assert not same_word("tv", "TV", True) and same_word("TV", "TV", True)
    assert says(tokenize("Không biết"), Phrase.of("không biết"))
    assert not says(tokenize("Không biết rõ"), Phrase.of("không biết"))
    assert is_abbreviation("BHYT") and not is_abbreviation("KHÔNG") and not is_abbreviation("COVID-19")


# --- the rules file is content a trainer edits -------------------------------------

def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _jargon(term):
    return lambda data: next(t for t in data["jargon"] if t["term"] == term)


def test_the_rules_file_is_valid_nfc_and_lists_the_issue_terms():
    rules = load_rules()
    terms = {t.term for t in rules.data.jargon}
    assert {"BHYT", "KCB", "TV", "HĐND", "UBND", "KT-XH", "định suất", "đồng chi trả",
            "chi trả theo DRG", "thông tuyến"} <= terms
    assert "hộ cận nghèo" not in terms
    assert {g.id for g in rules.data.leading} >= {"dong-y-rang", "khang-dinh-san", "hoi-van"}


def test_a_missing_field_in_the_rules_names_file_item_and_field(content_copy, monkeypatch):
    _edit(content_copy / "questionnaire" / "rules.yaml",
          lambda d: _jargon("BHYT")(d).pop("plain"))
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    with pytest.raises(ContentError) as err:
        check_question(Question("C1", "Gia đình ông/bà có thẻ BHYT không?", "single", YES_NO))
    assert (err.value.file, err.value.item, err.value.field) == ("questionnaire/rules.yaml", "BHYT",
                                                                 "plain")
    assert "thiếu trường bắt buộc" in str(err.value)


@pytest.mark.parametrize("change, item, field, reason", [
    (lambda d: d["limits"].update(max_words="ba mươi"), "-", "limits.max_words", "cần một số nguyên"),
    (lambda d: d["leading"][0].update(why={"vi": "Dẫn dắt"}), "dong-y-rang", "why.en", "thiếu"),
    (lambda d: d["leading"][2]["phrases"].append("… sao"), "hoi-van", "phrases.2", "“…”"),
    (lambda d: d["jargon"].append({"term": "bhyt", "plain": "bảo hiểm y tế",
                                   "meaning": {"vi": "x", "en": "x"}}), "-", "jargon", "bhyt"),
    (lambda d: _jargon("KCB")(d).update(plain=unicodedata.normalize("NFD", "khám bệnh")), "KCB",
     "plain", "NFC"),
    (lambda d: d.pop("dont_know"), "-", "dont_know", "thiếu"),
    (lambda d: d.update(likert=[]), "-", "likert", "không được phép"),
])
def test_a_broken_rules_file_gives_a_content_error(content_copy, change, item, field, reason):
    path = content_copy / "questionnaire" / "rules.yaml"
    _edit(path, change)
    with pytest.raises(ContentError) as err:
        load_rules(content_copy)
    assert (err.value.file, err.value.item, err.value.field) == ("questionnaire/rules.yaml", item, field)
    assert reason in err.value.reason_vi + err.value.reason_en


def test_invalid_yaml_or_missing_rules_file(content_copy):
    path = content_copy / "questionnaire" / "rules.yaml"
    path.write_text("limits: {max_words: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_rules(content_copy)
    assert err.value.file == "questionnaire/rules.yaml" and "dòng" in err.value.reason_vi
    with pytest.raises(ContentError) as err:
        load_rules(path)  # a file path works too
    assert err.value.file == "rules.yaml"
    path.unlink()
    with pytest.raises(ContentError) as err:
        load_rules(content_copy)
    assert err.value.file == "questionnaire/rules.yaml" and err.value.reason_en == "file not found"


def test_a_trainer_can_add_a_jargon_word_and_change_the_limit(content_copy, monkeypatch):
    path = content_copy / "questionnaire" / "rules.yaml"
    monkeypatch.setenv("THAMVAN_CONTENT", str(content_copy))
    q = Question("C1", "Ông/bà có được hỗ trợ tiền ăn khi điều trị nội trú không?", "single", YES_NO)
    assert check_question(q) == []
    _edit(path, lambda d: (d["jargon"].append({
        "term": "điều trị nội trú", "plain": "nằm viện",
        "meaning": {"vi": "nằm lại bệnh viện để chữa bệnh", "en": "staying in hospital"}}),
        d["limits"].update(max_words=10)))
    assert [(f.rule, f.values.get("word")) for f in check_question(q)] == [
        ("jargon", "điều trị nội trú"), ("overlong", None)]
    assert "Hãy viết: “nằm viện”" in check_question(q)[0].text("vi")
