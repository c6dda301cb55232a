from thamvan_lib.store import DAMAGED_DRAFT, Draft, Store, current_learner, kit_home


def test_ticks_survive_a_new_store_object(store):
    store.set_done("P1.1", "nguon-ke-hoach", True)
    again = Store()
    assert again.done_items() == {("P1.1", "nguon-ke-hoach")}
    assert again.done_items("P1.2") == set()


def test_learners_do_not_see_each_others_ticks(store):
    store.set_done("P1.1", "nguon-ke-hoach", True)
    other = Store(learner="hoc-vien-2")
    assert other.done_items() == set()


def test_answers_keep_the_last_verdict(store):
    store.record_answer("P1.1", "q1", False)
    store.record_answer("P1.1", "q1", True)
    assert store.answers() == {("P1.1", "q1"): True}


def test_home_folder_comes_from_the_environment(kit_home, monkeypatch):
    assert kit_home_is(kit_home)
    monkeypatch.setenv("JUPYTERHUB_USER", "giang-vien")
    assert current_learner() == "giang-vien"


def kit_home_is(path):
    return kit_home() == path and (Store().path.parent == path) and Store().path.exists()


# --- drafts, settings and results ------------------------------------------------------

def test_a_json_draft_comes_back_as_saved(store):
    store.save_json("questionnaire", {"title": "Khám chữa bệnh", "questions": [1, 2.5, None]})
    assert Store().load_json("questionnaire") == Draft({"title": "Khám chữa bệnh", "questions": [1, 2.5, None]})
    assert "Khám" in store.load_draft("questionnaire")  # kept readable, not \\u-escaped
    assert store.load_json("plan") == Draft(None, damaged=False)


def test_a_saved_draft_is_replaced_not_added(store):
    store.save_json("plan", {"n": 1})
    store.save_json("plan", {"n": 2})
    assert store.load_json("plan").value == {"n": 2}


def test_a_draft_is_decoded_by_its_document(store):
    store.save_json("plan", {"n": 2})
    assert store.load_json("plan", lambda data: data["n"] * 10).value == 20


def test_a_damaged_draft_is_set_aside_reported_and_started_afresh(store):
    store.save_draft("plan", "{not json")
    first = store.load_json("plan")
    assert first == Draft(None, damaged=True)
    assert store.load_draft("plan") is None  # the learner starts clean
    assert store.load_json("plan") == Draft()  # and is told once
    [kept] = store.damaged_drafts("plan")
    assert kept["data"] == "{not json" and kept["kind"] == "plan"
    assert store.damaged_drafts("coding:Lan") == []


def test_a_draft_its_document_refuses_is_set_aside_too(store):
    store.save_json("questionnaire", ["not", "a", "dict"])
    draft = store.load_json("questionnaire", lambda data: data.get("title"))
    assert draft.damaged and store.damaged_drafts()[0]["data"] == '["not", "a", "dict"]'


def test_the_damaged_draft_notice_is_in_both_languages(content):
    vi, en = (content.message(DAMAGED_DRAFT, lang, kind="plan") for lang in ("vi", "en"))
    assert "bị hỏng" in vi and "cất riêng" in vi
    assert "damaged" in en and "set aside" in en


def test_learners_and_stores_keep_their_drafts_apart(store, tmp_path):
    store.save_json("plan", {"owner": 1})
    store.save_draft("roleplay:x", "{bad")
    store.load_json("roleplay:x")
    other = Store(learner="hoc-vien-2")
    assert other.load_json("plan") == Draft() and other.damaged_drafts() == []
    elsewhere = Store(tmp_path / "other.sqlite")
    assert elsewhere.load_json("plan") == Draft()
    assert store.load_json("plan").value == {"owner": 1}


def test_settings_have_defaults_and_keep_the_last_value(store):
    assert store.get_setting("lang") is None
    assert store.get_setting("lang", "vi") == "vi"
    store.set_setting("lang", "en")
    store.set_setting("lang", "vi")
    assert Store().get_setting("lang", "en") == "vi"
    assert Store(learner="hoc-vien-2").get_setting("lang") is None


def test_results_are_kept_one_per_play_newest_first(store):
    store.save_result("a", '{"score": 1}')
    store.save_result("b", '{"score": 2}')
    store.save_result("a", '{"score": 3}')
    assert [r["data"] for r in store.results()] == ['{"score": 3}', '{"score": 2}', '{"score": 1}']
    assert [r["data"] for r in store.results("a")] == ['{"score": 3}', '{"score": 1}']
    assert Store(learner="hoc-vien-2").results() == []


def test_a_learner_keeps_one_random_id_and_learners_get_different_ones(store):
    first = store.random_id()
    assert len(first) == 32 and Store().random_id() == first
    assert Store(learner="hoc-vien-2").random_id() != first
