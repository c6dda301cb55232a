"""The knowledge tests' bank and keys, scoring, gains per trainee and phase, the evaluation,
and handing in once on one machine (the learner's store)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from thamvan_lib import locations, pretest
from thamvan_lib.content import PACKAGE_CONTENT, ContentError, clear_cache
from thamvan_lib.errors import KitError
from thamvan_lib.pretest import (PHASES, StoreInbox, Submission, by_phase, form_for, hand_in, handed_in,
                                 load_evaluation, load_keys, load_questions, questions_of, results, score)
from thamvan_lib.store import Store

QUESTIONS = PACKAGE_CONTENT / "pretest" / "questions.yaml"
KEYS = locations.trainer() / "tests" / "dap-an.yaml"


@pytest.fixture(scope="module")
def bank():
    return load_questions()


@pytest.fixture(scope="module")
def keys(bank):
    return load_keys(KEYS, bank)


def right_answers(form, keys, wrong_phases=()):
    """Answers to ``form``: right, except in ``wrong_phases`` (the first other option)."""
    out = {}
    for q in form.questions:
        key = keys[q.id].answer
        out[q.id] = key if q.phase not in wrong_phases else next(o.id for o in q.options if o.id != key)
    return out


# --- the bank ----------------------------------------------------------------------------

def test_two_parallel_forms_cover_every_phase_with_three_questions_of_the_same_levels(bank):
    assert [f.use for f in bank.forms] == ["pre", "post"]
    for phase in PHASES:
        a, b = (questions_of(f, phase) for f in bank.forms)
        assert len(a) >= 3 and len(b) >= 3, phase
        assert sorted(q.level for q in a) == sorted(q.level for q in b), phase
    assert pretest.problems(bank) == []


def test_a_form_that_is_not_parallel_or_too_short_is_named(bank):
    data = bank.model_dump()
    post = data["forms"][1]["questions"]
    next(q for q in post if q["phase"] == 2 and q["level"] == 1)["level"] = 2  # B: two of level 2, none of 1
    data["forms"][1]["questions"] = [q for q in post if not (q["phase"] == 4 and q["level"] == 3)]
    broken = type(bank).model_validate(data)
    found = [(e.item, e.field, e.reason_en) for e in pretest.problems(broken)]
    assert any(item == "P2" and field == "level" for item, field, _ in found), found
    assert any(item == "b" and "phase 4 has 2 questions" in reason for item, _, reason in found), found
    assert not any(item in ("P1", "P3", "P5") for item, _, _ in found)


def test_check_content_refuses_a_bank_that_is_not_parallel(tmp_path, monkeypatch):
    root = tmp_path / "content"
    shutil.copytree(PACKAGE_CONTENT, root)
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    data["forms"][0]["questions"] = [q for q in data["forms"][0]["questions"] if q["phase"] != 5 or q["level"] != 1]
    (root / "pretest" / "questions.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    clear_cache()
    with pytest.raises(ContentError, match="phase 5"):
        pretest.checked_bank(root)


def test_the_keys_fit_the_questions_and_a_wrong_key_is_named(bank, keys, tmp_path):
    assert set(keys) == {q.id for f in bank.forms for q in f.questions}
    data = yaml.safe_load(KEYS.read_text(encoding="utf-8"))
    data["keys"]["a-p1-co-mau"]["answer"] = "e"
    del data["keys"]["b-p5-khep-lai"]
    data["keys"]["c-p9"] = {"answer": "a", "why": {"vi": "Không có.", "en": "None."}}
    broken = tmp_path / "dap-an.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from thamvan_lib.content import load_file
    from thamvan_lib.schema.pretest import KeyFile

    found = {(e.item, e.field) for e in pretest.key_problems(load_file(broken, KeyFile, tmp_path), bank)}
    assert found == {("a-p1-co-mau", "answer"), ("b-p5-khep-lai", "keys"), ("c-p9", "keys")}
    with pytest.raises(ContentError):
        load_keys(broken, bank)


def test_the_keys_are_never_in_what_trainees_receive(keys):
    """The trainee's file has questions and options only; no key field, no key's explanation."""
    text = QUESTIONS.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    fields = {k for f in raw["forms"] for q in f["questions"] for k in q}
    assert fields == {"id", "phase", "level", "prompt", "options"}
    for key in keys.values():
        assert key.why.vi not in text and key.why.en not in text
    # nothing of the trainer's folder is in the package trainees' servers import
    assert not list(PACKAGE_CONTENT.rglob("dap-an*"))


def test_no_keys_on_this_server_is_a_readable_error(monkeypatch, tmp_path, kit_home):
    monkeypatch.setenv("THAMVAN_KIT", str(tmp_path))  # a kit without trainer/
    assert pretest.keys_file() is None
    with pytest.raises(KitError) as err:
        load_keys()
    assert "không có đáp án" in err.value.text("vi")


def test_the_hubs_copy_of_the_keys_is_found_in_the_trainers_course(monkeypatch, tmp_path, kit_home):
    monkeypatch.setenv("THAMVAN_KIT", str(tmp_path / "kit"))
    (tmp_path / "kit" / "trainer" / "tests").mkdir(parents=True)
    shutil.copy(KEYS, tmp_path / "kit" / "trainer" / "tests" / "dap-an.yaml")
    copied = pretest.copy_keys(kit_home / "course")
    assert copied == kit_home / "course" / "kiem-tra" / "dap-an.yaml" and oct(copied.stat().st_mode)[-3:] == "600"
    shutil.rmtree(tmp_path / "kit" / "trainer")  # as the trainer's server sees root's folder: not at all
    assert pretest.keys_file() == copied


# --- scores and gains ---------------------------------------------------------------------

def test_score_counts_right_answers_per_phase_and_a_blank_as_wrong(bank, keys):
    form = form_for(bank, "pre")
    answers = right_answers(form, keys, wrong_phases=(3,))
    del answers[questions_of(form, 1)[0].id]
    assert score(form, answers, keys) == {1: (2, 3), 2: (3, 3), 3: (0, 3), 4: (3, 3), 5: (3, 3)}
    assert score(form, {}, keys) == {p: (0, 3) for p in PHASES}


def test_gain_per_trainee_and_per_phase(bank, keys):
    pre_form, post_form = form_for(bank, "pre"), form_for(bank, "post")
    pre = {"hv-an": Submission("hv-an", "pre", right_answers(pre_form, keys, wrong_phases=(1, 2, 3))),
           "hv-binh": Submission("hv-binh", "pre", right_answers(pre_form, keys, wrong_phases=(1, 2, 3, 4, 5))),
           "hv-chau": Submission("hv-chau", "pre", right_answers(pre_form, keys))}
    post = {"hv-an": Submission("hv-an", "post", right_answers(post_form, keys)),
            "hv-binh": Submission("hv-binh", "post", right_answers(post_form, keys, wrong_phases=(5,)))}
    table = results(pre, post, bank, keys)
    row = lambda who, phase: table[(table.trainee == who) & (table.phase == phase)].iloc[0]  # noqa: E731
    assert (row("hv-an", 0).pre_percent, row("hv-an", 0).post_percent, row("hv-an", 0).gain) == (40.0, 100.0, 60.0)
    assert (row("hv-an", 1).gain, row("hv-an", 4).gain) == (100.0, 0.0)
    assert (row("hv-binh", 5).pre_percent, row("hv-binh", 5).post_percent, row("hv-binh", 5).gain) == (0.0, 0.0, 0.0)
    assert row("hv-chau", 0).pre_percent == 100.0 and row("hv-chau", 0).gain != row("hv-chau", 0).gain  # NaN: no post
    phases = by_phase(table).set_index("phase")
    assert phases.loc[1, "pre_count"] == 3 and phases.loc[1, "post_count"] == 2
    assert phases.loc[1, "gain_mean"] == 100.0  # hv-an and hv-binh both 0 → 100
    assert phases.loc[4, "gain_mean"] == 50.0   # hv-an 100 → 100, hv-binh 0 → 100
    assert phases.loc[5, "gain_mean"] == 0.0    # hv-an 100 → 100, hv-binh 0 → 0
    assert phases.loc[0, "pre_mean"] == round((40 + 0 + 100) / 3, 1)


def test_evaluation_means_per_rating_and_aspect_and_comments_without_names():
    form = load_evaluation()
    ratings = {r.id: r for r in form.ratings}
    subs = {"hv-an": Submission("hv-an", "evaluation", {**{i: 5 for i in ratings}, "huu-ich-nhat": "Đóng vai"}),
            "hv-binh": Submission("hv-binh", "evaluation", {**{i: 3 for i in ratings}, "giang-vien": 4,
                                                             "nen-thay-doi": "  Thêm thời gian thực hành  "}),
            "hv-chau": Submission("hv-chau", "evaluation", {"to-chuc": 9})}  # out of scale: not counted
    table = pretest.evaluation_table(subs, form).set_index("id")
    assert table.loc["giang-vien", "mean"] == 4.5 and table.loc["giang-vien", "4"] == 1
    assert table.loc["to-chuc", "count"] == 2
    aspects = pretest.aspect_means(table.reset_index())
    assert aspects["content"] == 4.0 and aspects["trainer"] == 4.5
    said = pretest.comments(subs, form)
    assert said == {"huu-ich-nhat": ["Đóng vai"], "nen-thay-doi": ["Thêm thời gian thực hành"]}


# --- handing in on one machine -------------------------------------------------------------

def test_a_form_goes_in_once_and_the_trainer_reads_everyones(kit_home, bank, keys):
    an, binh = Store(learner="hv-an"), Store(learner="hv-binh")
    box = StoreInbox()
    sent = hand_in(an, "pre", {"a-p1-co-mau": "b"}, box, "a")
    assert handed_in(an, "pre") == sent and handed_in(an, "post") is None
    with pytest.raises(KitError) as err:
        hand_in(an, "pre", {"a-p1-co-mau": "c"}, box, "a")
    assert "một lần" in err.value.text("vi")
    forged = Submission("hv-an", "pre", {"a-p1-co-mau": "a"}).to_dict()  # binh names an as the author
    binh.save_json(pretest.sent_kind("pre"), forged)
    found = box.collected("pre")
    assert sorted(found) == ["hv-an", "hv-binh"]
    assert found["hv-an"].answers == {"a-p1-co-mau": "b"}       # an's own, first hand-in
    assert found["hv-binh"].learner == "hv-binh"                 # filed under the store's row
    assert box.collected("post") == {}
    summary = pretest.class_results(box, keys)
    assert len(summary.pre) == 2 and summary.table is not None
