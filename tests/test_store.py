from thamvan_lib.store import Store, current_learner, kit_home


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


def test_a_learner_keeps_one_random_id_and_learners_get_different_ones(store):
    first = store.random_id()
    assert len(first) == 32 and Store().random_id() == first
    assert Store(learner="hoc-vien-2").random_id() != first
