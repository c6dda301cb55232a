"""Switching the home page's language (a form posted to the server), kept for the step
pages; and following a step's source into the manual and back to the step."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP = "P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn"
QUOTE = "Thường trực HĐND sẽ lựa chọn các vấn đề để tham vấn."


def test_language_is_switched_remembered_and_switched_back(page, kit_server, content):
    page.goto(kit_server.url)
    expect(page.get_by_text("Tiến độ của bạn")).to_be_visible()
    expect(page.get_by_role("button", name="Tiếng Việt", exact=True)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("link", name="Giai đoạn 2", exact=True).click()
    expect(page.get_by_role("link", name="Giai đoạn 2", exact=True)).to_have_attribute("aria-current", "page")

    page.get_by_role("button", name="English", exact=True).click()
    expect(page.get_by_text("Your progress")).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="Phase 2", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("Search", exact=True)).to_have_attribute(
        "placeholder", "Search steps, documents, actors… (with or without diacritics)")

    page.goto(kit_server.url)  # the learner's choice is kept
    expect(page.get_by_text("Your progress")).to_be_visible()
    expect(page.get_by_role("link", name="Phase 1", exact=True)).to_have_attribute("aria-current", "page")

    # and the step pages speak it too
    title = content.steps["P1.1"].title.en
    page.get_by_role("link", name=f"P1.1 · {title} (0/4)").click()
    expect(page.get_by_role("heading", name=f"P1.1 · {title}")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="← Back to the home page").click()

    page.get_by_role("button", name="Tiếng Việt", exact=True).click()
    expect(page.get_by_text("Tiến độ của bạn")).to_be_visible()
    expect(page.get_by_role("link", name="Giai đoạn 1", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Tiếng Việt", exact=True)).to_have_attribute("aria-pressed", "true")
    assert page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_a_steps_source_opens_the_manual_at_the_quote_and_leads_back_to_the_step(page, kit_server):
    page.goto(kit_server.url)
    page.get_by_role("link", name=f"{STEP} (0/4)").click()
    link = page.get_by_role("link", name="Quy trình tham vấn 5 giai đoạn, giai đoạn 1, bước 1")
    expect(link).to_be_visible(timeout=60_000)
    with page.context.expect_page() as opened:
        link.click()
    manual = opened.value
    assert "manual.ipynb?step=P1.1#p1-1" in manual.url
    expect(manual.get_by_text("Đoạn được trích dẫn cho P1.1")).to_be_visible(timeout=60_000)
    mark = manual.locator(".manual-focus mark")
    expect(mark).to_have_text(QUOTE)
    expect(mark).to_be_visible()
    assert manual.locator("#p1-1 mark").inner_text() == QUOTE  # the anchor in the full text
    # and back: the passage lists the steps citing it, each linking to its step page
    back = manual.locator("#p1-1 aside").get_by_role("link", name=STEP)
    expect(back).to_have_attribute("href", "step.ipynb?step=P1.1")
    back.click()
    expect(manual).to_have_url(kit_server.page_url("dashboards/step.ipynb?step=P1.1"))
    expect(manual.get_by_role("heading", name=STEP)).to_be_visible(timeout=60_000)
    expect(manual.get_by_label("Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND")).to_be_visible()
