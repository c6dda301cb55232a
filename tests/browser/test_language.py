"""Switching the home dashboard's language, and following a step's source into the manual."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUOTE = "Thường trực HĐND sẽ lựa chọn các vấn đề để tham vấn."


def test_language_is_switched_remembered_and_switched_back(page, kit_server):
    page.goto(kit_server.url)
    expect(page.get_by_placeholder("Tìm bước, tài liệu")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Tiến độ của bạn")).to_be_visible()

    page.get_by_role("button", name="English", exact=True).click()
    expect(page.get_by_text("Your progress")).to_be_visible()
    expect(page.get_by_role("button", name="Phase 1", exact=True)).to_be_visible()
    expect(page.get_by_placeholder("Search steps")).to_be_visible()

    page.reload()  # the learner's choice is kept
    expect(page.get_by_placeholder("Search steps")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Your progress")).to_be_visible()
    expect(page.get_by_role("button", name="Phase 1", exact=True)).to_be_visible()

    page.get_by_role("button", name="Tiếng Việt", exact=True).click()
    expect(page.get_by_text("Tiến độ của bạn")).to_be_visible()
    expect(page.get_by_role("button", name="Giai đoạn 1", exact=True)).to_be_visible()
    assert page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_a_steps_source_opens_the_manual_at_the_quote(page, kit_server):
    page.goto(kit_server.url)
    expect(page.get_by_placeholder("Tìm bước, tài liệu")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn").click()
    link = page.get_by_role("link", name="Quy trình tham vấn 5 giai đoạn, giai đoạn 1, bước 1")
    expect(link).to_be_visible()
    with page.context.expect_page() as opened:
        link.click()
    manual = opened.value
    assert "manual.ipynb?step=P1.1#p1-1" in manual.url
    expect(manual.get_by_text("Đoạn được trích dẫn cho P1.1")).to_be_visible(timeout=60_000)
    mark = manual.locator(".manual-focus mark")
    expect(mark).to_have_text(QUOTE)
    expect(mark).to_be_visible()
    assert manual.locator("#p1-1 mark").inner_text() == QUOTE  # the anchor in the full text
    # and back: the passage lists who cites it, linking to the home dashboard
    back = manual.locator("#p1-1 aside a")
    expect(back).to_have_attribute("href", "home.ipynb?step=P1.1")
    back.click()  # a preheated home kernel reads the step from the address after the visit
    expect(manual.get_by_label("Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND")).to_be_visible(
        timeout=60_000)
