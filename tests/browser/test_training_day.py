"""The knowledge test and the trainer's day in a real Chromium against a real `thamvan start
--trainer`: a trainee takes the pre-test (radio buttons, saved as chosen, handed in once) on a
page that carries nothing of the keys; the trainer opens the day view, moves to the next
session, opens its tool from there, and finds the pre-test in the summary."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect

from thamvan_lib import locations
from thamvan_lib.programme import load_programmes

from tests.support.browser import LOCAL_HOSTS, watch
from tests.support.servers import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD = 60_000   # a page's first draw: a cold kernel on a shared machine
ACT = 30_000    # a click answered by the kernel


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("training-day") / "kit-home"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("THAMVAN_HOME", str(home))
        env.setenv("THAMVAN_LEARNER", "hoc-vien-1")
        for name in ("JUPYTERHUB_USER", "THAMVAN_LANG", "THAMVAN_CONTENT"):
            env.delenv(name, raising=False)
        kit = KitServer(home, preheat=False, extra=["--trainer"])  # the trainer's machine
    yield kit
    kit.stop()


def dashboard(server, name: str) -> str:
    return f"http://127.0.0.1:{server.port}/voila/render/dashboards/{name}"


def test_a_trainee_takes_the_pre_test_and_the_trainers_day_shows_it(page, server, browser):
    # the trainee: two answers, saved as chosen, then handed in once
    page.goto(dashboard(server, "kiem-tra.ipynb"))
    expect(page.get_by_role("heading", name="Kiểm tra và đánh giá khóa tập huấn")).to_be_visible(timeout=LOAD)
    shown = page.content()
    for key in yaml.safe_load((locations.trainer() / "tests" / "dap-an.yaml").read_text(encoding="utf-8"))["keys"].values():
        assert key["why"]["vi"] not in shown and key["why"]["en"] not in shown
    page.get_by_label("B. 1.059 người").check()
    expect(page.get_by_text("Đã lưu lúc")).to_be_visible(timeout=ACT)
    page.get_by_label("B. Thường trực HĐND tỉnh, tại cuộc họp giao ban").check()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_text("Còn 13 câu chưa chọn")).to_be_visible(timeout=ACT)
    page.get_by_role("button", name="Nộp", exact=True).click()
    expect(page.get_by_text("Đã nộp lúc")).to_be_visible(timeout=ACT)
    expect(page.get_by_role("button", name="Nộp bài")).to_have_count(0)
    assert "Traceback" not in page.content()

    # the trainer: the one-day programme rehearsed at 16:20, then the next session's tool
    day = watch(browser.new_context(locale="vi-VN").new_page())
    day.goto(dashboard(server, "ngay-tap-huan.ipynb") + "?time=16:20")
    expect(day.get_by_role("heading", name="Ngày tập huấn")).to_be_visible(timeout=LOAD)
    day.get_by_label("Chương trình").select_option(label=load_programmes()["mot-ngay"].title.vi)
    expect(day.locator("tr.thamvan-now")).to_contain_text("16:05–16:30", timeout=ACT)
    day.get_by_role("button", name="Buổi sau").click()
    expect(day.get_by_role("heading", name="16:30–17:00 · Tổng kết và đánh giá khóa học")).to_be_visible(timeout=ACT)
    with day.expect_popup() as opened:
        day.get_by_role("link", name="Kiểm tra và đánh giá khóa học ↗").click()
    tool = opened.value
    expect(tool.get_by_role("heading", name="Kiểm tra và đánh giá khóa tập huấn")).to_be_visible(timeout=LOAD)
    expect(tool.get_by_text("Đã nộp lúc")).to_be_visible()  # this machine's learner handed it in
    tool.close()

    day.get_by_text("Kết quả kiểm tra đầu khóa, cuối khóa và đánh giá khóa học").click()
    day.get_by_role("button", name="Cập nhật kết quả").click()
    expect(day.get_by_text("Đã nộp: 1 bài kiểm tra đầu khóa, 0 bài kiểm tra cuối khóa, 0 phiếu đánh giá.")
           ).to_be_visible(timeout=ACT)
    row = day.locator("tr", has_text="hoc-vien-1")
    expect(row).to_contain_text("13,3")  # 2 of 15 right: 13,3 % before the workshop
    for one in (page, day):
        assert one.requested_hosts and one.requested_hosts <= LOCAL_HOSTS, one.requested_hosts
    day.context.close()
