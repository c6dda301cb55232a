from thamvan_lib.store import Store
from thamvan_lib.widgets.home import HomeView


def _labels(view):
    return [b.description for b in view.step_list.children]


def test_opens_on_phase_one_with_its_steps_and_lecture_items(content):
    view = HomeView()
    labels = _labels(view)
    assert labels[0].startswith("P1.1 · ") and labels[0].endswith("(0/4)")
    assert any(label.startswith("L1 · ") for label in labels)
    assert "Giai đoạn 1" in view.phase_title.value


def test_switching_phase_lists_that_phase(content):
    view = HomeView()
    view.phase_picker.value = 3
    assert [l.split(" · ")[0] for l in _labels(view)][:4] == ["P3.1", "P3.2", "P3.3", "P3.4"]


def test_search_without_diacritics_replaces_the_list(content):
    view = HomeView()
    view.search_box.value = "bien ban"
    labels = _labels(view)
    assert any(label.startswith("L10 · ") for label in labels)
    assert "kết quả cho “bien ban”" in view.search_note.value
    view.search_box.value = "khong ton tai xyz"
    assert _labels(view) == [] and "Không tìm thấy" in view.search_note.value
    view.search_box.value = ""
    assert _labels(view)[0].startswith("P1.1")


def test_ticking_saves_and_updates_progress(content):
    view = HomeView()
    step_view = view.open_step("P1.1")
    first = next(iter(step_view.checklist.boxes.values()))
    first.value = True
    assert ("P1.1", first_id(step_view)) in Store().done_items()
    assert view.step_list.children[0].description.endswith("(1/4)")
    assert "1/" in view.progress_label.value and view.progress_bar.value > 0
    reopened = HomeView().open_step("P1.1")
    assert next(iter(reopened.checklist.boxes.values())).value is True


def first_id(step_view):
    return next(iter(step_view.checklist.boxes))


def test_step_details_show_source_actors_and_links(content):
    html = HomeView().open_step("L10").details_html("dashboards")
    assert "000_9cfa88ba8f5b391c.txt" in html and "<blockquote>" in html
    assert "Thuộc các bước" in html and "P2.3" in html
    assert "sắp có" in html  # the minutes role-play is built by a later issue


def test_english_view(content):
    view = HomeView(lang="en")
    assert view.phase_picker.options[0][0] == "Phase 1"
    assert "Your progress" in view.progress_label.value


def test_links_reach_every_lesson_and_tool(content):
    html = HomeView().links_html()
    assert "../00-gioi-thieu.ipynb" in html
    for phase in content.phases.values():
        assert f"../{phase.notebook}" in html
    for tool in content.tools.values():
        if tool.id != "home":
            assert tool.title.vi in html
