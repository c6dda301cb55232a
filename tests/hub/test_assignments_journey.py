"""A trainee's whole journey through the class hub in Debian's Chromium, without typing code:
log in, open "Bài tập", fetch the exercise, answer on its sheet, close the tab halfway and
find every answer again, hand in with a confirmation and a receipt; the trainer grades and
returns feedback; the trainee reads the score and the feedback in the same dashboard."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]

TRAINER, TRAINEE = "giang-vien", "hv-an"
LOAD = 120_000


def formgrader(hub, token: str, action: str) -> None:
    response = requests.post(f"{hub.url}/user/{TRAINER}/formgrader/api/{action}",
                             headers={"Authorization": f"token {token}"}, timeout=300)
    assert response.status_code < 300 and response.json().get("success"), (action, response.text[:2000])


def test_fetch_answer_hand_in_and_read_the_feedback_without_code(workshop_hub, browser):
    hub = workshop_hub
    hub.spawn(TRAINER)
    trainer = hub.user_token(TRAINER)
    formgrader(hub, trainer, "assignment/co-mau/assign")
    formgrader(hub, trainer, "assignment/co-mau/release")

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", TRAINEE)
    page.fill("#password_input", hub.passwords[TRAINEE])
    page.click("#login_submit")
    page.wait_for_url(f"{hub.url}/user/{TRAINEE}/**", timeout=180_000)
    dashboard = f"{hub.url}/user/{TRAINEE}/voila/render/dashboards/assignments.ipynb"
    page.goto(dashboard)
    expect(page.get_by_role("heading", name="co-mau")).to_be_visible(timeout=LOAD)
    expect(page.get_by_text("Chưa nhận")).to_be_visible()
    page.get_by_role("button", name="Nhận bài").click()
    expect(page.get_by_text("Đang làm")).to_be_visible(timeout=60_000)

    # the sheet opens in a tab of its own; the tab is closed halfway
    with context.expect_page() as opened:
        page.get_by_role("link", name="Mở phiếu trả lời").click()
    sheet = opened.value
    field = sheet.get_by_placeholder("Một số nguyên, ví dụ 123 hoặc 123 người")
    expect(field).to_be_visible(timeout=LOAD)
    field.press_sequentially("370 người")
    expect(sheet.get_by_text("Đã hiểu là: 370")).to_be_visible(timeout=30_000)
    sheet.close()
    with context.expect_page() as reopened:
        page.get_by_role("link", name="Mở phiếu trả lời").click()
    expect(reopened.value.get_by_placeholder("Một số nguyên, ví dụ 123 hoặc 123 người")).to_have_value(
        "370 người", timeout=LOAD)
    reopened.value.close()

    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_text("Bạn chắc chắn nộp bài “co-mau”?", exact=False)).to_be_visible()
    page.get_by_role("button", name="Nộp", exact=True).click()
    expect(page.get_by_text("Mã biên nhận", exact=False)).to_be_visible(timeout=60_000)

    # the trainer grades and returns feedback
    formgrader(hub, trainer, "assignment/co-mau/collect")
    formgrader(hub, trainer, f"submission/co-mau/{TRAINEE}/autograde")
    formgrader(hub, trainer, "assignment/co-mau/generate_feedback")
    formgrader(hub, trainer, "assignment/co-mau/release_feedback")
    assert (hub.workshop / "users" / TRAINER / "course" / "submitted" / TRAINEE / "co-mau" / "answers.json").exists()

    page.reload()
    expect(page.get_by_role("heading", name="co-mau")).to_be_visible(timeout=LOAD)
    page.get_by_role("button", name="Xem nhận xét").click()
    feedback = page.frame_locator("iframe[sandbox]")
    expect(feedback.get_by_text("Score: 3.0 / 3.0", exact=False).first).to_be_visible(timeout=60_000)
    context.close()
