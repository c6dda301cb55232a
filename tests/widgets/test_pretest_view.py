"""The trainee's "Kiểm tra" dashboard clicked as a trainee clicks it: answers saved as they are
chosen and back after a reload, handed in once, and nothing of the keys on the page."""

from __future__ import annotations

import ipywidgets as w
import pytest
import yaml

from thamvan_lib import locations, pretest
from thamvan_lib.pretest import StoreInbox, handed_in
from thamvan_lib.store import Store
from thamvan_lib.widgets.pretest_view import QuizPage

KEYS = locations.trainer() / "tests" / "dap-an.yaml"


def texts(widget) -> list[str]:
    """Every text a widget tree sends to the browser: values, descriptions, options, titles."""
    found = []
    for name in ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            found.append(value)
    for label in getattr(widget, "_options_labels", ()) or ():
        found.append(label)
    found += [t for t in getattr(widget, "titles", ()) or () if isinstance(t, str)]
    for child in getattr(widget, "children", ()) or ():
        found += texts(child)
    return found


@pytest.fixture
def page(kit_home):
    return QuizPage(box=StoreInbox(), store=Store(learner="hv-an"), lang="vi")


def test_three_tabs_and_one_radio_group_per_question(page):
    assert list(page.tabs.titles) == ["Kiểm tra đầu khóa", "Kiểm tra cuối khóa", "Đánh giá khóa học"]
    pre = page.pages["pre"]
    assert len(pre.inputs) == 15 and all(isinstance(f, w.RadioButtons) and f.value is None for f in pre.inputs.values())
    first = next(iter(pre.inputs.values()))
    assert first.options[0][0].startswith("A. ")
    evaluation = page.pages["evaluation"]
    assert [o[1] for o in evaluation.inputs["giang-vien"].options] == [1, 2, 3, 4, 5]
    assert isinstance(evaluation.inputs["nen-thay-doi"], w.Textarea)


def test_answers_are_saved_as_chosen_and_come_back(page, kit_home):
    pre = page.pages["pre"]
    pre.inputs["a-p1-co-mau"].value = "b"
    assert "Đã lưu lúc" in pre.status.value
    again = QuizPage(box=StoreInbox(), store=Store(learner="hv-an"), lang="vi").pages["pre"]
    assert again.inputs["a-p1-co-mau"].value == "b" and again.inputs["a-p1-chon-van-de"].value is None
    assert "Đã mở lại" in again.status.value
    other = QuizPage(box=StoreInbox(), store=Store(learner="hv-binh"), lang="vi").pages["pre"]
    assert other.inputs["a-p1-co-mau"].value is None  # one trainee's answers are not another's


def test_hand_in_asks_first_then_goes_in_once(page, kit_home):
    pre = page.pages["pre"]
    pre.inputs["a-p1-co-mau"].value = "b"
    pre.submit_button.click()
    assert "Còn 14 câu chưa chọn" in pre.confirm_text.value and handed_in(page.store, "pre") is None
    pre.no.click()
    assert pre.confirm.layout.display == "none" and handed_in(page.store, "pre") is None
    pre.submit_button.click()
    pre.yes.click()
    assert handed_in(page.store, "pre").answers == {"a-p1-co-mau": "b"}
    assert "Đã nộp lúc" in pre.receipt.value and pre.submit_button.layout.display == "none"
    assert all(f.disabled for f in pre.inputs.values())
    reopened = QuizPage(box=StoreInbox(), store=Store(learner="hv-an"), lang="vi").pages["pre"]
    assert reopened.inputs["a-p1-co-mau"].value == "b" and all(f.disabled for f in reopened.inputs.values())
    reopened.submit()  # a second hand-in (a stale page) is refused
    assert "một lần" in reopened.status.value
    assert list(StoreInbox().collected("pre")) == ["hv-an"]
    assert not page.pages["post"].inputs["b-p1-chia-mau"].disabled  # the post-test is still open


def test_the_evaluation_is_handed_in_with_its_comments(page, kit_home):
    evaluation = page.pages["evaluation"]
    evaluation.inputs["giang-vien"].value = 5
    evaluation.inputs["nen-thay-doi"].value = "  Thêm giờ thực hành  "
    evaluation.submit()
    sent = StoreInbox().collected("evaluation")["hv-an"]
    assert sent.answers == {"giang-vien": 5, "nen-thay-doi": "Thêm giờ thực hành"}


def test_nothing_of_the_keys_is_on_the_page(page):
    """Every text of the page, and every option's value, says nothing a key says."""
    shown = "\n".join(texts(page.widget))
    keys = yaml.safe_load(KEYS.read_text(encoding="utf-8"))["keys"]
    for key in keys.values():
        assert key["why"]["vi"] not in shown and key["why"]["en"] not in shown
    assert "answer" not in shown and "đáp án" not in shown.lower()
    # nor does the page read the keys: with the trainer's folder unreadable it works the same
    assert pretest.load_keys.__module__ == "thamvan_lib.pretest"
    assert "load_keys" not in QuizPage.__init__.__code__.co_names
