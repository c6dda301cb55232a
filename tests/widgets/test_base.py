"""What every view of the learner's work shares: store, loading(), autosave, status, drafts, styles."""

import base64
import re

import ipywidgets as w

from thamvan_lib.errors import KitError
from thamvan_lib.store import Draft, Store
from thamvan_lib.widgets.base import (FORM_CSS, StoreView, data_link, json_object, page_style,
                                      saved_note, wide)
from thamvan_lib.store import LANGUAGE_SETTING


class Counter(StoreView):
    """A view with one box, saved at every change unless code fills it."""

    def __init__(self, store=None, lang=None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.saves = 0
        self.box = w.Text()
        self.box.observe(self.changed, names="value")

    def save(self) -> bool:
        self.saves += 1
        return True


def test_the_language_is_the_learners_choice(content):
    Store().set_setting(LANGUAGE_SETTING, "en")
    assert Counter(content=content).lang == "en"
    assert Counter(lang="vi", content=content).lang == "vi"
    assert Counter(Store(learner="hoc-vien-2"), content=content).lang == "vi"


def test_a_change_is_saved_unless_code_is_filling_the_form(content):
    view = Counter(content=content)
    view.box.value = "a"
    assert view.saves == 1 and not view.is_loading
    with view.loading():
        with view.loading():  # nested: still loading when the inner block ends
            view.box.value = "b"
        assert view.is_loading
        view.box.value = "c"
    assert view.saves == 1 and not view.is_loading
    view.box.value = "d"
    assert view.saves == 2


def test_loading_ends_even_when_filling_fails(content):
    view = Counter(content=content)
    try:
        with view.loading():
            raise KitError("cli.stop")
    except KitError:
        pass
    assert not view.is_loading


def test_autosave_says_saved_or_why_not(content):
    view = Counter(content=content)
    assert view.autosave(lambda: None)
    assert re.fullmatch(r"<span class='thamvan-saved'>Đã lưu lúc \d\d:\d\d:\d\d</span>", view.status.value)

    def refuse():
        raise KitError("cli.stop")

    other = w.HTML()
    assert not view.autosave(refuse, other)
    assert other.value == "<span class='thamvan-error'>Nhấn Ctrl+C để dừng.</span>"


def test_the_status_line_after_reading_a_draft(content):
    view = Counter(content=content)
    assert view.draft_note(Draft(), "plan") == ""
    assert "Đã mở lại" in view.draft_note(Draft({"a": 1}), "plan")
    damaged = view.draft_note(Draft(damaged=True), "plan")
    assert "thamvan-error" in damaged and "“plan”" in damaged and "cất riêng" in damaged
    assert "set aside" in Counter(lang="en", content=content).draft_note(Draft(damaged=True), "plan")


def test_json_object_refuses_anything_but_an_object(store):
    store.save_json("roleplay:a", [1, 2])
    assert store.load_json("roleplay:a", json_object).damaged
    store.save_json("roleplay:a", {"choices": []})
    assert store.load_json("roleplay:a", json_object).value == {"choices": []}


def test_page_style_and_helpers(content):
    kit, forms = page_style()
    assert "<style>" in kit.value and kit.layout.display == "none"
    assert forms.value == FORM_CSS and forms.layout.display == "none"
    assert wide() is not wide()  # one layout each: hiding one widget hides no other
    link = data_link("a b.html", "<p>ý</p>".encode(), "text/html", "Tải <về>")
    encoded = re.search(r"base64,([^']+)'", link).group(1)
    assert base64.b64decode(encoded).decode() == "<p>ý</p>" and "Tải &lt;về&gt;" in link
    assert "Đã lưu lúc" in saved_note(Counter(content=content))
