"""The home page (server-rendered, no kernel) and a step's own page (Voila), in a real
Chromium against a real `thamvan start`."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS
from thamvan_lib.selfcheck import question

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP = "P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn"
FIRST_TASK = "Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND"
CODE = ".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor"


def open_home(page, kit_server):
    page.goto(kit_server.url)
    search = page.get_by_label("Tìm kiếm", exact=True)
    expect(search).to_have_attribute("placeholder", "Tìm bước, tài liệu, người thực hiện… (gõ có dấu hoặc không dấu)")
    return search


def open_step(page, kit_server, step_id="P1.1"):
    page.goto(kit_server.page_url(f"dashboards/step.ipynb?step={step_id}"))
    expect(page.get_by_role("link", name="← Về trang chủ")).to_be_visible(timeout=60_000)


def tick(page, task):
    page.get_by_label(task).check()
    # the kernel handles the page's messages in order: once the hint is shown, the tick is saved
    box = page.locator(".thamvan-selfcheck").first
    box.get_by_role("button", name="Gợi ý").click()
    expect(box.get_by_text("Gợi ý:")).to_be_visible(timeout=30_000)


def test_search_open_a_step_tick_and_home_counts_it_and_stays_local(page, kit_server):
    search = open_home(page, kit_server)
    expect(page.get_by_text("Tiến độ của bạn: 0/")).to_be_visible()
    search.fill("tham van")  # without diacritics
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ kết quả cho “tham van”$"))
    expect(page.get_by_label("Tìm kiếm", exact=True)).to_have_value("tham van")

    page.get_by_role("link", name=f"{STEP} (0/4)").click()  # in the same tab
    expect(page).to_have_url(kit_server.page_url("dashboards/step.ipynb?step=P1.1"))
    expect(page.get_by_role("heading", name=STEP)).to_be_visible(timeout=60_000)
    expect(page.get_by_label(FIRST_TASK)).not_to_be_checked()
    tick(page, FIRST_TASK)

    page.get_by_role("link", name="← Về trang chủ").click()
    expect(page).to_have_url(kit_server.url)
    expect(page.get_by_role("link", name=f"{STEP} (1/4)")).to_be_visible()
    expect(page.get_by_text("Tiến độ của bạn: 1/")).to_be_visible()

    page.get_by_role("link", name=f"{STEP} (1/4)").click()
    expect(page.get_by_label(FIRST_TASK)).to_be_checked(timeout=60_000)
    page.reload()  # a new kernel reads the tick back from the store
    expect(page.get_by_label(FIRST_TASK)).to_be_checked(timeout=60_000)

    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_the_home_page_shows_no_code_no_traceback_and_no_console_error(page, kit_server):
    where = []  # a failed load's message does not name the address
    page.on("console", lambda m: where.append(m.location.get("url")) if m.type == "error" else None)
    open_home(page, kit_server)
    expect(page.get_by_role("link", name=f"{STEP} (0/4)")).to_be_visible()
    assert page.locator(CODE).count() == 0
    assert "Traceback" not in page.content()
    assert page.console_errors == [], where


def test_the_step_page_shows_no_code_no_traceback_and_no_console_error(page, kit_server):
    open_step(page, kit_server)
    expect(page.get_by_label(FIRST_TASK)).to_be_visible()
    assert page.locator(CODE).count() == 0
    assert "Traceback" not in page.content()
    assert page.console_errors == []  # e.g. Lab-only extensions failing in Voila's page


def test_an_unknown_step_says_so_and_links_home(page, kit_server):
    open_step(page, kit_server, "P9.9")
    expect(page.get_by_text("Không có bước “P9.9”. Hãy chọn một bước ở trang chủ.")).to_be_visible()
    page.get_by_role("link", name="← Về trang chủ").click()
    expect(page).to_have_url(kit_server.url)


def test_template_cannot_be_switched_from_the_url(page, kit_server):
    page.goto(kit_server.page_url("dashboards/step.ipynb?step=P1.1&voila-template=reveal&voila-theme=dark"))
    expect(page.get_by_label(FIRST_TASK)).to_be_visible(timeout=60_000)
    assert "reveal" not in page.content()
    assert page.locator("body.theme-dark").count() == 0


def test_self_check_options_come_in_the_learners_own_order_at_every_visit(page, kit_server):
    q = question("P1.1", "nguon-lua-chon")  # the server's learner and store are this test's
    expected = [f"{letter}) {text}" for letter, _, text in q.lettered("vi")]
    for visit in range(2):  # each visit a new kernel
        open_step(page, kit_server)
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
