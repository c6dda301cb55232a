"""The manual page and the step view's links into it."""

import re

from thamvan_lib.content import collapse_space
from thamvan_lib.manual import load_manual
from thamvan_lib.store import Store
from thamvan_lib.widgets.step_page import StepPage
from thamvan_lib.widgets.lesson import step as lesson_step
from thamvan_lib.widgets.manual import ManualView


def _html(view):
    return "".join(getattr(c, "value", "") for c in view.widget.children)


def _marks(html):
    return [collapse_space(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<mark>(.*?)</mark>", html, re.S)]


def test_every_section_has_its_anchor_once(content):
    html = _html(ManualView(step_id=""))
    for section in load_manual(content).sections():
        assert html.count(f"id='{section.anchor}'") == 1, section.anchor
        assert f"href='#{section.anchor}'" in html or section.kind == "step"


def test_every_quote_is_highlighted_beside_its_citing_items(content):
    html = _html(ManualView(step_id=""))
    marks = _marks(html)
    for step in content.steps.values():
        quote = collapse_space(step.citation.quote)
        assert any(quote in m for m in marks), step.id
        assert f"href='step.ipynb?step={step.id}'" in html


def test_passages_are_shown_as_written(content):
    html = _html(ManualView(step_id=""))
    assert "Trang chiếu 8 · CÙNG TRAO ĐỔI" in html
    assert "Giai đoạn 1, bước 4" in html and "Bước 4. Thiết kế quy trình tham vấn công chúng:" in html
    assert "Chưa có nội dung nào trích dẫn đoạn này." in html  # slide 11: nobody cites it


def test_a_step_in_the_address_puts_its_passage_first(content, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "step=L4")
    view = ManualView()
    focus = view.widget.children[2].value
    assert "Đoạn được trích dẫn cho L4 · " in focus and "href='#slide-7'" in focus
    assert _marks(focus) == [collapse_space(content.steps["L4"].citation.quote)]  # only L4's words
    assert focus.index("manual-focus") < focus.index("Mục lục")


def test_an_unknown_step_says_so_and_shows_everything(content):
    view = ManualView(step_id="P9.9")
    assert "Không có mục “P9.9”" in view.header_html()
    assert "id='slide-1'" in _html(view)


def test_english_chrome_and_vietnamese_source(content):
    html = _html(ManualView(step_id="P1.1", lang="en"))
    assert "The passage cited by P1.1 · " in html and "Phase 1, step 1" in html and "Slide 7" in html
    assert "Bước 1. <mark>Thường trực HĐND sẽ lựa chọn" in html  # the documents stay as written


def test_the_learners_language_is_used(content):
    Store().set_setting("lang", "en")
    assert "Contents" in ManualView(step_id="").header_html()


def test_the_source_line_of_a_step_links_to_its_place(content):
    html = StepPage("P1.1").step_view.details_html("dashboards")
    assert "href='manual.ipynb?step=P1.1#p1-1'" in html
    assert "Quy trình tham vấn 5 giai đoạn, giai đoạn 1, bước 1</a>" in html
    html = StepPage("L4").step_view.details_html("dashboards")
    assert "href='manual.ipynb?step=L4#slide-7'" in html and ", trang chiếu 7</a>" in html
    # the same link from a lesson notebook, one folder up
    assert "href='dashboards/manual.ipynb?step=L4#slide-7'" in lesson_step("L4").details_html("")


def test_every_step_links_to_an_anchor_the_manual_has(content):
    manual_html = _html(ManualView(step_id=""))
    for step_id in content.steps:
        html = StepPage(step_id).step_view.details_html("dashboards")
        anchor = re.search(r"manual\.ipynb\?step=[^#]+#([\w-]+)'", html).group(1)
        assert f"id='{anchor}'" in manual_html
