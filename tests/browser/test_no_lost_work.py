"""No lost work, in a real Chromium against a real `thamvan start`: a trainee ticks a task on a step's page,
types a plan draft, codes a letter and plays a role-play (one finished, one under way),
never pressing a save button; then every kernel of the server is killed (SIGKILL) and
the server itself is killed and started again on the same kit home. Everything is back."""

from __future__ import annotations

import os
import signal
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from thamvan_lib.analysis.coding import load_codebook
from thamvan_lib.roleplay.loading import load_scenarios

from tests.support.browser import LOCAL_HOSTS
from tests.support.processes import kernel_pids
from tests.support.servers import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP = "P1.1 · Thường trực HĐND lựa chọn vấn đề để tham vấn"
TASK = "Đã rà soát kế hoạch hoạt động, giám sát hằng năm của HĐND"
PLAN_NAME = "Tham vấn về nước sạch cho xã Sơn Hà"
SCENARIO = "hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"
LETTERS = "ABCDEFGHIJ"
OTHER_SCENARIO = "Chọn tình huống khác"


def url(server, name: str) -> str:
    return server.page_url(f"dashboards/{name}")


def kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def choose(page, scene, option: str) -> None:
    expect(page.locator(".thamvan-scene h3")).to_have_text(scene.title.vi, timeout=30_000)
    n = [c.id for c in scene.choices].index(option)
    page.get_by_role("button", name=f"{LETTERS[n]}. {scene.choices[n].text.vi}"[:60]).click()


def open_step(page, server):
    """From the home page, as a trainee goes: search, then the step's link."""
    page.goto(server.url)
    page.get_by_label("Tìm kiếm", exact=True).fill("tham van")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name=STEP).click()
    expect(page.get_by_role("heading", name=STEP)).to_be_visible(timeout=60_000)


def test_work_survives_a_killed_kernel_and_a_killed_server(browser, kit_home):
    scenario = load_scenarios()[SCENARIO]
    bad = scenario.shortest_path("bad")
    book = load_codebook()
    theme = book.name(book.ids[0], "vi")
    context = browser.new_context(locale="vi-VN")
    hosts = set()
    context.on("request", lambda r: hosts.add(urlparse(r.url).hostname)
               if urlparse(r.url).scheme in ("http", "https", "ws", "wss") else None)
    first = KitServer(kit_home)
    second = None
    try:
        # a step's checklist: tick a task, no button
        step = context.new_page()
        open_step(step, first)
        step.get_by_label(TASK).check()
        # the kernel handles the page's messages in order: once the hint is shown, the tick is saved
        check = step.locator(".thamvan-selfcheck").first
        check.get_by_role("button", name="Gợi ý").click()
        expect(check.get_by_text("Gợi ý:")).to_be_visible(timeout=30_000)

        # the plan builder: type, no button
        plan = context.new_page()
        plan.goto(url(first, "plan-builder.ipynb"))
        name = plan.get_by_label("Tên đợt tham vấn")
        expect(name).to_be_visible(timeout=60_000)
        name.fill(PLAN_NAME)
        expect(plan.get_by_text("Đã lưu lúc")).to_be_visible(timeout=30_000)

        # coding: tick a theme of the first letter
        coding = context.new_page()
        coding.goto(url(first, "coding.ipynb"))
        box = coding.get_by_label(theme, exact=True)
        expect(box).to_be_visible(timeout=90_000)
        box.check()
        expect(coding.get_by_text("Đã lưu mã hóa của")).to_be_visible(timeout=30_000)

        # role-play: one play to its end (a result), then a new play one choice in
        roleplay = context.new_page()
        roleplay.goto(url(first, "roleplay.ipynb"))
        start = roleplay.get_by_role("button", name="Bắt đầu").first
        expect(start).to_be_visible(timeout=60_000)
        start.click()
        for scene_id, option in bad:
            choose(roleplay, scenario.scenes[scene_id], option)
        expect(roleplay.locator(".thamvan-results tr")).to_have_count(2, timeout=30_000)
        roleplay.get_by_role("button", name="Chơi lại").click()
        choose(roleplay, scenario.scenes[bad[0][0]], bad[0][1])
        under_way = scenario.scenes[bad[1][0]].title.vi
        expect(roleplay.locator(".thamvan-scene h3")).to_have_text(under_way, timeout=30_000)

        # the kernels die: the open pages say so, in Vietnamese
        killed = kernel_pids(first.process.pid)
        assert len(killed) >= 4
        kill(killed)
        banner = plan.locator("#thamvan-banner .thamvan-problem-kernel_lost")
        expect(banner).to_contain_text("Phần xử lý của trang đã dừng", timeout=60_000)
        expect(banner).to_contain_text("Những gì bạn đã làm đến giờ đã được lưu")

        # then the server dies, with its kernels, and starts again
        restarted = kernel_pids(first.process.pid)
        first.process.kill()
        first.stop()
        kill(restarted)
        second = KitServer(kit_home)

        for page in (step, plan, coding, roleplay):
            page.close()
        step = context.new_page()
        open_step(step, second)
        expect(step.get_by_label(TASK)).to_be_checked(timeout=30_000)
        home = context.new_page()
        home.goto(second.url)
        expect(home.get_by_text("Tiến độ của bạn: 1/")).to_be_visible()
        expect(home.get_by_role("link", name=f"{STEP} (1/4)")).to_be_visible()

        plan = context.new_page()
        plan.goto(url(second, "plan-builder.ipynb"))
        expect(plan.get_by_label("Tên đợt tham vấn")).to_have_value(PLAN_NAME, timeout=60_000)
        expect(plan.get_by_text("Đã mở lại bản nháp đã lưu.")).to_be_visible()

        coding = context.new_page()
        coding.goto(url(second, "coding.ipynb"))
        expect(coding.get_by_label(theme, exact=True)).to_be_checked(timeout=90_000)

        roleplay = context.new_page()
        roleplay.goto(url(second, "roleplay.ipynb"))
        expect(roleplay.locator(".thamvan-scene h3")).to_have_text(under_way, timeout=60_000)
        roleplay.get_by_role("button", name=OTHER_SCENARIO).click()  # the menu lists past results
        expect(roleplay.locator(".thamvan-results tr")).to_have_count(2, timeout=30_000)

        for page in context.pages:
            assert "Traceback" not in page.content()
        assert hosts and hosts <= LOCAL_HOSTS, hosts
    finally:
        context.close()
        if second is not None:
            second.stop()
        if first.process.poll() is None:
            first.stop()
