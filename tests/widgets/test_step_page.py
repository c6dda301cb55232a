from thamvan_lib.store import Store
from thamvan_lib.widgets.step_page import StepPage


def _text(page):
    return " ".join(str(getattr(child, "value", "")) for child in page.widget.children)


def test_the_step_in_the_address_is_shown_with_the_way_home(content, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "step=L10")
    page = StepPage()
    assert page.step_view.step.id == "L10"
    assert "href='../../../thamvan/home'" in _text(page) and "Về trang chủ" in _text(page)


def test_ticking_saves_at_once_and_a_reopened_page_shows_it(content):
    page = StepPage("P1.1")
    item_id, box = next(iter(page.step_view.checklist.boxes.items()))
    box.value = True
    assert ("P1.1", item_id) in Store().done_items()
    assert next(iter(StepPage("P1.1").step_view.checklist.boxes.values())).value is True


def test_step_details_show_source_actors_and_links(content):
    html = StepPage("L10").step_view.details_html("dashboards")
    assert "000_9cfa88ba8f5b391c.txt" in html and "<blockquote>" in html
    assert "Thuộc các bước" in html and "P2.3" in html
    assert 'href="roleplay.ipynb?scenario=hoi-nghi-kcb-nguoi-ngheo-thu-ky"' in html
    assert "sắp có" not in html


def test_an_unknown_step_says_so_and_links_home(content, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "step=<nonsense>")
    page = StepPage()
    assert page.step_view is None
    assert "Không có bước “&lt;nonsense&gt;”" in _text(page) and "thamvan/home" in _text(page)


def test_the_learners_language_is_used(content):
    Store().set_setting("lang", "en")
    page = StepPage("P2.3")
    assert page.lang == "en" and "Back to the home page" in _text(page)
    assert page.content.steps["P2.3"].title.en in page.step_view.details_html("dashboards")
