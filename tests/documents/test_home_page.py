"""The home page as one learner sees it: phases, search, progress, language, links."""

import re

from thamvan_lib.documents.home_page import MAX_QUERY, home, render
from thamvan_lib.store import Store


def _steps(page):
    return [link.text for link in page.steps]


def test_opens_on_phase_one_with_its_steps_and_lecture_items(content):
    page = home(Store(), "vi")
    assert page.phase == 1 and page.steps[0].text.startswith("P1.1 · ") and page.steps[0].text.endswith("(0/4)")
    assert any(text.startswith("L1 · ") for text in _steps(page))
    assert page.heading == content.phases[1].title.vi
    assert page.steps[0].href == "../voila/render/dashboards/step.ipynb?step=P1.1"


def test_a_phase_lists_that_phase_and_a_phase_that_does_not_exist_the_first(content):
    assert [t.split(" · ")[0] for t in _steps(home(Store(), "vi", phase=3))][:4] == ["P3.1", "P3.2", "P3.3", "P3.4"]
    assert home(Store(), "vi", phase=99).phase == 1


def test_search_without_diacritics_replaces_the_list(content):
    page = home(Store(), "vi", query="  bien   ban ")
    assert page.query == "bien ban" and any(t.startswith("L10 · ") for t in _steps(page))
    assert "kết quả cho “bien ban”" in page.heading
    nothing = home(Store(), "vi", query="khong ton tai xyz")
    assert nothing.steps == [] and "Không tìm thấy" in nothing.heading
    assert len(home(Store(), "vi", query="a" * 5000).query) == MAX_QUERY


def test_ticks_count_on_the_step_and_in_the_progress(content):
    store = Store()
    first = content.steps["P1.1"].checklist[0].id
    store.set_done("P1.1", first, True)
    page = home(store, "vi")
    assert page.steps[0].text.endswith("(1/4)") and page.done == 1 and page.total > 4
    html = render(page)
    assert f"Tiến độ của bạn: 1/{page.total}" in html and f'value="1" max="{page.total}"' in html


def test_english_page(content):
    page = home(Store(), "en")
    html = render(page)
    assert page.phases[0].text == "Phase 1" and "Your progress" in html and '<html lang="en">' in html
    assert 'aria-pressed="true" class="chosen">English' in html


def test_links_reach_every_lesson_and_tool_for_the_trainer(content):
    html = render(home(Store(), "vi", trainer=True))
    assert 'href="../voila/render/00-gioi-thieu.ipynb"' in html
    for phase in content.phases.values():
        assert f'href="../voila/render/{phase.notebook}"' in html
    for tool in content.tools.values():
        if tool.id != "home":
            assert tool.title.vi in html
    assert 'href="../voila/render/dashboards/manual.ipynb"' in html
    assert 'href="../voila/render/dashboards/text-repair.ipynb"' in html


def test_a_trainee_is_not_shown_the_trainers_pages(content):
    html = render(home(Store(), "vi"))
    trainer_only = [t for t in content.tools.values() if t.audience == "trainer"]
    assert trainer_only and all(t.title.vi not in html and t.path not in html for t in trainer_only)
    assert content.tools["plan-builder"].title.vi in html


def test_everything_typed_is_escaped_and_the_page_loads_nothing_from_outside(content):
    html = render(home(Store(), "vi", query='"><script>alert(1)</script>'), form_token='x"y')
    assert "<script>" not in html and "&lt;script&gt;" in html and 'value="x&#34;y"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_the_page_is_correct_vietnamese(content):
    import unicodedata

    html = render(home(Store(), "vi"))
    assert unicodedata.is_normalized("NFC", html)
    for text in ("Tiến độ của bạn", "Tìm kiếm", "Giai đoạn 1", "Bài học và công cụ thực hành"):
        assert text in html
