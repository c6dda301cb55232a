"""A trainee's whole journey through the class hub in Debian's Chromium, without typing code:
log in, open "Bài tập", fetch the moderating exercise, answer on its sheet with clicks and
typing, close the tab halfway and find every answer again, type a decimal-comma margin in
another exercise, hand in with a confirmation and a receipt; the trainer grades and returns
feedback; the trainee reads the score and the feedback in the same dashboard."""

from __future__ import annotations

import warnings

import pytest
import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
    for exercise in ("dieu-hanh", "ke-hoach"):
        formgrader(hub, trainer, f"assignment/{exercise}/assign")
        formgrader(hub, trainer, f"assignment/{exercise}/release")

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", TRAINEE)
    page.fill("#password_input", hub.passwords[TRAINEE])
    page.click("#login_submit")
    page.wait_for_url(f"{hub.url}/user/{TRAINEE}/**", timeout=180_000)
    page.goto(f"{hub.url}/user/{TRAINEE}/voila/render/dashboards/assignments.ipynb")
    moderating = page.locator(".thamvan-item", has=page.get_by_role("heading", name="dieu-hanh"))
    planning = page.locator(".thamvan-item", has=page.get_by_role("heading", name="ke-hoach"))
    expect(moderating.get_by_text("Chưa nhận")).to_be_visible(timeout=LOAD)
    moderating.get_by_role("button", name="Nhận bài").click()
    expect(moderating.get_by_text("Đang làm")).to_be_visible(timeout=60_000)

    # the moderating exercise: criteria ticked by name, a turn rewritten; the tab closed halfway
    with context.expect_page() as opened:
        moderating.get_by_role("link", name="Mở phiếu trả lời").click()
    sheet = opened.value
    turn_3 = sheet.locator(".thamvan-item", has=sheet.get_by_text("Lượt 3: tiêu chí làm SAI"))
    expect(turn_3).to_be_visible(timeout=LOAD)
    turn_3.get_by_label("Hỏi trung lập, dùng câu hỏi mở").check()
    turn_1 = sheet.locator(".thamvan-item", has=sheet.get_by_text("Lượt 1: tiêu chí làm ĐÚNG"))
    turn_1.get_by_label("Giữ thời gian").check()
    sheet.get_by_placeholder("Viết như sẽ nói tại hội nghị").first.press_sequentially(
        "Lần gần đây nhất bà con đi khám ở trạm, bà con thấy thuận lợi gì và khó khăn gì?")
    expect(sheet.get_by_text("Đã trả lời 3/27 câu", exact=False)).to_be_visible(timeout=30_000)
    # the last keystroke is saved before the tab closes (a busy kernel lags the typing)
    expect(sheet.locator(".thamvan-saved", has_text="khó khăn gì?")).to_be_visible(timeout=30_000)
    sheet.close()
    with context.expect_page() as reopened:
        moderating.get_by_role("link", name="Mở phiếu trả lời").click()
    again = reopened.value
    turn_3 = again.locator(".thamvan-item", has=again.get_by_text("Lượt 3: tiêu chí làm SAI"))
    try:
        turn_3.wait_for(timeout=LOAD // 2)
    except PlaywrightTimeout:  # seen once in a full run: the sheet's widgets never came; a person reloads
        warnings.warn("the reopened answer sheet showed no widgets and was reloaded", stacklevel=1)
        again.reload()
    expect(turn_3.get_by_label("Hỏi trung lập, dùng câu hỏi mở")).to_be_checked(timeout=LOAD)
    expect(again.get_by_placeholder("Viết như sẽ nói tại hội nghị").first).to_have_value(
        "Lần gần đây nhất bà con đi khám ở trạm, bà con thấy thuận lợi gì và khó khăn gì?")
    again.close()

    # another exercise: a margin typed with a decimal comma is read as meant
    planning.get_by_role("button", name="Nhận bài").click()
    expect(planning.get_by_text("Đang làm")).to_be_visible(timeout=60_000)
    with context.expect_page() as opened:
        planning.get_by_role("link", name="Mở phiếu trả lời").click()
    plan = opened.value
    margin = plan.get_by_placeholder("Ví dụ 5% hoặc 0,05")
    expect(margin).to_be_visible(timeout=LOAD)
    margin.press_sequentially("0,05")
    expect(plan.get_by_text("Đã hiểu là: 5 % (0,05)")).to_be_visible(timeout=30_000)
    plan.close()

    moderating.get_by_role("button", name="Nộp bài").click()
    expect(moderating.get_by_text("Bạn chắc chắn nộp bài “dieu-hanh”?", exact=False)).to_be_visible()
    moderating.get_by_role("button", name="Nộp", exact=True).click()
    expect(moderating.get_by_text("Mã biên nhận", exact=False)).to_be_visible(timeout=60_000)

    # the trainer grades and returns feedback
    formgrader(hub, trainer, "assignment/dieu-hanh/collect")
    formgrader(hub, trainer, f"submission/dieu-hanh/{TRAINEE}/autograde")
    formgrader(hub, trainer, "assignment/dieu-hanh/generate_feedback")
    formgrader(hub, trainer, "assignment/dieu-hanh/release_feedback")
    submitted = hub.workshop / "users" / TRAINER / "course" / "submitted" / TRAINEE / "dieu-hanh"
    assert (submitted / "answers.json").exists()

    page.reload()
    moderating = page.locator(".thamvan-item", has=page.get_by_role("heading", name="dieu-hanh"))
    expect(moderating.get_by_text("Đã nộp lúc", exact=False)).to_be_visible(timeout=LOAD)
    moderating.get_by_role("button", name="Xem nhận xét").click()
    feedback = moderating.frame_locator("iframe[sandbox]")
    # turn 3's one broken criterion is 1 of the 12 points; turn 1's "Giữ thời gian" half of its 1
    expect(feedback.get_by_text("Score: 1.5 / 18.0", exact=False).first).to_be_visible(timeout=60_000)
    # the rewrite reached the trainer's manually graded cell
    autograded = hub.workshop / "users" / TRAINER / "course" / "autograded" / TRAINEE / "dieu-hanh" / "dieu-hanh.ipynb"
    assert "Lần gần đây nhất bà con đi khám ở trạm" in autograded.read_text(encoding="utf-8")
    context.close()
