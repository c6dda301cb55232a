"""The home dashboard in a real Chromium against a real `thamvan start`."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS
from thamvan_lib.selfcheck import question

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_TASK = "Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND"


def open_home(page, kit_server):
    page.goto(kit_server.url)
    search = page.get_by_placeholder("Tìm bước, tài liệu")
    expect(search).to_be_visible(timeout=60_000)
    return search


def test_search_tick_reload_keeps_the_tick_and_stays_local(page, kit_server):
    search = open_home(page, kit_server)
    search.fill("tham van")
    expect(page.get_by_text("kết quả cho “tham van”")).to_be_visible()
    page.get_by_role("button", name="P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn").click()
    task = page.get_by_label(FIRST_TASK)
    expect(task).not_to_be_checked()
    task.check()
    # the kernel saved it when the step's label counts the tick
    expect(page.get_by_role("button", name="P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn (1/4)")).to_be_visible()

    page.reload()
    open_home(page, kit_server)
    page.get_by_role("button", name="P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn (1/4)").click()
    expect(page.get_by_label(FIRST_TASK)).to_be_checked()
    expect(page.get_by_text("Tiến độ của bạn: 1/")).to_be_visible()

    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_no_code_no_traceback_and_no_console_error(page, kit_server):
    open_home(page, kit_server)
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    assert "Traceback" not in page.content()
    assert page.console_errors == []  # e.g. Lab-only extensions failing in Voila's page


def test_template_cannot_be_switched_from_the_url(page, kit_server):
    page.goto(kit_server.url + "?voila-template=reveal&voila-theme=dark")
    expect(page.get_by_placeholder("Tìm bước, tài liệu")).to_be_visible(timeout=60_000)
    assert "reveal" not in page.content()
    assert page.locator("body.theme-dark").count() == 0


def test_self_check_options_come_in_the_learners_own_order_at_every_visit(page, kit_server):
    q = question("P1.1", "nguon-lua-chon")  # the server's learner and store are this test's
    expected = [f"{letter}) {text}" for letter, _, text in q.lettered("vi")]
    step = "P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn"
    for visit in range(2):
        if visit:
            page.reload()
        open_home(page, kit_server)
        page.get_by_role("button", name=step).click()
        box = page.locator(".thamvan-selfcheck").first
        expect(box.get_by_text(expected[-1])).to_be_visible()
        shown = box.inner_text()
        places = [shown.find(label) for label in expected]
        assert -1 not in places and places == sorted(places), (visit, shown)
    for letter, option_id, text in q.lettered("vi"):
        if option_id in q.spec.answer:
            box.get_by_label(f"{letter}) {text}").check()
    box.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_text("Chính xác!")).to_be_visible()
