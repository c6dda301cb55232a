from thamvan_lib.process import progress, search


def test_search_without_diacritics_finds_text_with_them(content):
    hits = [s.id for s in search("tham van", content)]
    assert "P1.1" in hits  # "… lựa chọn vấn đề để tham vấn"
    assert "tham vấn" in content.steps["P1.1"].title.vi
    assert hits == [s.id for s in search("THAM VẤN", content)]


def test_search_needs_every_word(content):
    both = {s.id for s in search("bien ban thong ke", content)}
    assert "L10" in both
    assert both <= {s.id for s in search("bien ban", content)}


def test_search_with_diacritics_gives_the_same_result(content):
    assert [s.id for s in search("biên bản", content)] == [s.id for s in search("bien ban", content)]


def test_search_by_document_and_actor_names(content):
    assert "L1" in {s.id for s in search("ban tap hop thong tin", content)}
    assert "P3.2" in {s.id for s in search("nhom cong tac", content)}


def test_title_matches_come_first(content):
    hits = search("thu nghiem", content)
    assert hits[0].id == "P2.2"


def test_blank_query_finds_nothing(content):
    assert search("   ", content) == []
    assert search("zzzz khong co", content) == []


def test_progress_counts_ticked_checklist_items(content, store):
    steps = content.phase_steps(1)
    total = sum(len(s.checklist) for s in steps)
    assert progress(store, steps).done == 0 and progress(store, steps).total == total
    first = steps[0]
    store.set_done(first.id, first.checklist[0].id, True)
    store.set_done(first.id, first.checklist[1].id, True)
    store.set_done(first.id, first.checklist[1].id, False)
    p = progress(store, steps)
    assert (p.done, p.total) == (1, total)
    assert p.fraction == 1 / total
