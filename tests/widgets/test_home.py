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
    assert [label.split(" · ")[0] for label in _labels(view)][:4] == ["P3.1", "P3.2", "P3.3", "P3.4"]


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
    assert 'href="roleplay.ipynb?scenario=hoi-nghi-kcb-nguoi-ngheo-thu-ky"' in html
    assert "sắp có" not in html


def test_english_view(content):
    view = HomeView(lang="en")
    assert view.phase_picker.options[0][0] == "Phase 1"
    assert "Your progress" in view.progress_label.value


def test_links_reach_every_lesson_and_tool(content, monkeypatch):
    monkeypatch.setenv("THAMVAN_ROLE", "trainer")
    html = HomeView().links_html()
    assert "../00-gioi-thieu.ipynb" in html
    for phase in content.phases.values():
        assert f"../{phase.notebook}" in html
    for tool in content.tools.values():
        if tool.id != "home":
            assert tool.title.vi in html


def test_a_trainee_is_not_shown_the_trainers_pages(content):
    html = HomeView().links_html()
    trainer_only = [t for t in content.tools.values() if t.audience == "trainer"]
    assert trainer_only and all(t.title.vi not in html and t.path not in html for t in trainer_only)
    assert content.tools["plan-builder"].title.vi in html


def _text(view):
    return " ".join(str(getattr(c, "value", "")) for c in view.widget.children) + " ".join(
        b.description for b in view.step_list.children)


def test_the_language_switch_re_renders_and_is_remembered(content):
    view = HomeView()
    assert [label for label, _ in view.language_picker.options] == ["Tiếng Việt", "English"]
    assert view.language_picker.value == "vi"
    view.language_picker.value = "en"
    assert view.lang == "en" and view.phase_picker.options[0][0] == "Phase 1"
    assert "Your progress" in view.progress_label.value
    assert view.search_box.placeholder.startswith("Search steps")
    assert "Lessons and practice tools" in _text(view)
    assert view.language_picker.value == "en"  # the new switch shows the choice
    assert Store().get_setting("lang") == "en"
    again = HomeView()  # a reload: the learner's choice is kept
    assert again.lang == "en" and "Your progress" in again.progress_label.value
    again.language_picker.value = "vi"
    assert "Tiến độ của bạn" in again.progress_label.value and HomeView().lang == "vi"


def test_switching_keeps_the_open_step_phase_and_search(content):
    view = HomeView()
    view.phase_picker.value = 2
    view.open_step("P2.3")
    view.language_picker.value = "en"
    assert view.phase_picker.value == 2 and view.current.step.id == "P2.3"
    assert content.steps["P2.3"].title.en in view.current.details_html("dashboards")
    assert view.detail.children == (view.current.widget,)
    view.search_box.value = "bien ban"
    view.language_picker.value = "vi"
    assert view.search_box.value == "bien ban" and "kết quả cho “bien ban”" in view.search_note.value


def test_thamvan_lang_is_the_default_and_the_learner_choice_wins(content, monkeypatch):
    monkeypatch.setenv("THAMVAN_LANG", "en")
    assert HomeView().lang == "en"
    Store().set_setting("lang", "vi")
    assert HomeView().lang == "vi"
    assert HomeView(lang="en").lang == "en"  # an explicit language is not overridden


def test_choices_are_per_learner(content, monkeypatch):
    HomeView().language_picker.value = "en"
    monkeypatch.setenv("THAMVAN_LEARNER", "hoc-vien-2")
    assert HomeView().lang == "vi"


def test_a_step_in_the_address_is_opened(content, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "step=L10")
    view = HomeView()
    assert view.current.step.id == "L10" and view.phase_picker.value == 2
    monkeypatch.setenv("QUERY_STRING", "step=nonsense")
    assert HomeView().current is None


def test_the_manual_and_text_repair_are_linked_from_home(content):
    html = HomeView().links_html()
    assert "href='manual.ipynb'" in html.replace('"', "'")
    assert "href='text-repair.ipynb'" in html.replace('"', "'")
