"""A trainee logs in to the workshop hub in Debian's Chromium, lands on the home page, opens a
step, ticks a task there and sees it counted back on the home page."""

from __future__ import annotations

import pwd
import shutil
import sqlite3
import time
from contextlib import closing
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.support.browser import LOCAL_HOSTS
from thamvan_lib.serving import hub

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


def test_trainee_lands_on_home_ticks_a_task_on_its_step_page_and_home_counts_it(hub_page, workshop_hub, tmp_path):
    page, url = hub_page, workshop_hub.url
    page.goto(f"{url}/hub/login")
    page.fill("#username_input", TRAINEE)
    page.fill("#password_input", workshop_hub.passwords[TRAINEE])
    page.click("#login_submit")
    # the hub starts the trainee's server, then its home page opens
    home = f"{url}/user/{TRAINEE}{hub.HOME_URL}"
    page.wait_for_url(home, timeout=180_000)
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    expect(page.get_by_text("Tiến độ của bạn: 0/")).to_be_visible()
    page.get_by_role("searchbox", name="Tìm kiếm").fill("tham van")
    page.get_by_role("searchbox", name="Tìm kiếm").press("Enter")
    expect(page.get_by_text("kết quả cho “tham van”")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name=f"{STEP} (0/4)").click()
    # the step's own page, from a kernel of the trainee's server
    page.wait_for_url(f"{url}/user/{TRAINEE}/voila/render/dashboards/step.ipynb?step=P1.1", timeout=30_000)
    page.get_by_label(FIRST_TASK).check(timeout=120_000)
    # the kernel saves the tick; the home page, read by the server, counts it once saved
    _until(lambda: f"{STEP} (1/4)" in page.context.request.get(home).text(), 60, "the tick saved")
    page.get_by_role("link", name="← Về trang chủ").click()
    page.wait_for_url(home, timeout=30_000)
    expect(page.get_by_text("Tiến độ của bạn: 1/")).to_be_visible()
    page.get_by_role("searchbox", name="Tìm kiếm").fill("tham van")
    page.get_by_role("searchbox", name="Tìm kiếm").press("Enter")
    expect(page.get_by_role("link", name=f"{STEP} (1/4)")).to_be_visible(timeout=30_000)
    # the tick is the trainee's, in the trainee's own home, owned by their account
    database = workshop_hub.workshop / "users" / TRAINEE / ".thamvan" / "thamvan.sqlite"
    assert pwd.getpwuid(database.stat().st_uid).pw_name == workshop_hub.account(TRAINEE)
    assert _ticks(database, tmp_path) == [(TRAINEE, "P1.1")]
    hosts = page.context.requested_hosts
    assert hosts and hosts <= LOCAL_HOSTS, page.context.outside
    assert console_errors == []  # e.g. a WebSocket the hub's proxy refused


def _until(done, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"not in {seconds:.0f} s: {what}"
        time.sleep(0.5)


def _ticks(database, folder) -> list[tuple[str, str]]:
    """The ticks in a copy of the database (root opening the trainee's own file would leave
    it files the trainee's server cannot write)."""
    for suffix in ("", "-wal"):
        if database.with_name(database.name + suffix).exists():
            shutil.copy(database.with_name(database.name + suffix), folder / ("copy.sqlite" + suffix))
    with closing(sqlite3.connect(folder / "copy.sqlite")) as db:
        return db.execute("SELECT DISTINCT learner, step_id FROM checklist WHERE done = 1").fetchall()
