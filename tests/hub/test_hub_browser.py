"""A trainee logs in to the workshop hub in Debian's Chromium and uses the home dashboard."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.slow]

TRAINEE = "hv-an"
STEP = "P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn"
FIRST_TASK = "Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND"


@pytest.fixture(scope="module")
def hub_page(workshop_hub, browser):
    context = browser.new_context(locale="vi-VN")
    context.requested_hosts, context.outside = set(), []

    def record(request):
        if urlparse(request.url).scheme in ("http", "https", "ws", "wss"):
            context.requested_hosts.add(urlparse(request.url).hostname)
            if urlparse(request.url).hostname not in LOCAL_HOSTS:
                context.outside.append((request.frame.url, request.url))
    context.on("request", record)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_trainee_logs_in_and_ticks_a_task_on_the_home_dashboard(hub_page, workshop_hub):
    page, url = hub_page, workshop_hub.url
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", TRAINEE)
    page.fill("#password_input", workshop_hub.passwords[TRAINEE])
    page.click("#login_submit")
    # the hub starts the trainee's server, then JupyterLab opens
    page.wait_for_url(f"{url}/user/{TRAINEE}/**", timeout=180_000)
    page = page.context.new_page()  # the dashboard in a tab of its own
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{url}/user/{TRAINEE}/voila/render/dashboards/home.ipynb")
    search = page.get_by_placeholder("Tìm bước, tài liệu")
    expect(search).to_be_visible(timeout=120_000)
    search.fill("tham van")
    expect(page.get_by_text("kết quả cho “tham van”")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name=STEP).click()
    page.get_by_label(FIRST_TASK).check()
    expect(page.get_by_role("button", name=f"{STEP} (1/4)")).to_be_visible(timeout=30_000)
    # the tick is the trainee's, in the trainee's own home
    assert (workshop_hub.workshop / "users" / TRAINEE / ".thamvan" / "thamvan.sqlite").exists()
    hosts = page.context.requested_hosts
    assert hosts and hosts <= LOCAL_HOSTS, page.context.outside
    assert console_errors == []  # e.g. a WebSocket the hub's proxy refused
