"""A trainee answers a released exercise on its sheet in Voila (Debian's Chromium): no code to
type or see, each answer read back as typed, and everything found again after the tab closes."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.support.processes import free_port, stop_group
from thamvan_lib.grading.course import Course
from thamvan_lib.serving import server

pytestmark = pytest.mark.browser
LOAD = 120_000


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The trainee's copy of two released exercises, served by the kit's Voila."""
    root = tmp_path_factory.mktemp("sheet")
    course = Course(root / "course", root / "exchange")
    course.import_exercises()
    folder = root / "trainee"
    for name in ("co-mau", "ke-hoach"):
        course.release(name)
        shutil.copytree(course.root / "release" / name, folder / name)
    port = free_port()
    env = server.voila_environment(server.prepare_template(root / "home" / "jupyter"))
    env["THAMVAN_HOME"] = str(root / "home")
    log = open(root / "voila.log", "w+", encoding="utf-8")
    process = subprocess.Popen(server.voila_command(folder, port=port, preheat=False), env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/tree", timeout=5)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Voila did not start") from None
            time.sleep(0.3)
    yield folder, f"http://127.0.0.1:{port}/voila/render"
    stop_group(process, wait=15)
    log.close()


def open_sheet(page, url):
    page.goto(url, timeout=LOAD)
    expect(page.locator("#loading")).to_have_count(0, timeout=LOAD)


def test_a_sheet_reads_answers_as_typed_and_keeps_them_after_the_tab_closes(page, released):
    folder, base = released
    open_sheet(page, f"{base}/co-mau/co-mau.ipynb")
    expect(page.get_by_text("Phiếu trả lời: cỡ mẫu khảo sát")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "read_sheet" not in body and "import" not in body and "None" not in body, body  # no code shown
    field = page.get_by_placeholder("Một số nguyên, ví dụ 123 hoặc 123 người")
    field.press_sequentially("370 người")
    expect(page.get_by_text("Đã hiểu là: 370")).to_be_visible()
    expect(page.get_by_text("Đã trả lời 1/1 câu.")).to_be_visible()
    answers = folder / "co-mau" / "answers.json"
    for _ in range(100):  # the last keystroke reaches the file before the reload
        if answers.exists() and "370 người" in answers.read_text(encoding="utf-8"):
            break
        page.wait_for_timeout(100)
    page.reload()
    expect(page.locator("#loading")).to_have_count(0, timeout=LOAD)
    expect(page.get_by_placeholder("Một số nguyên, ví dụ 123 hoặc 123 người")).to_have_value("370 người")
    assert json.loads((folder / "co-mau" / "answers.json").read_text(encoding="utf-8")) == {"co_mau": "370 người"}


def test_decimal_commas_percentages_and_dates_are_read_as_written(page, released):
    folder, base = released
    open_sheet(page, f"{base}/ke-hoach/ke-hoach.ipynb")
    page.get_by_placeholder("Ví dụ 5% hoặc 0,05").press_sequentially("0,05")
    page.get_by_placeholder("Ngày/tháng/năm, ví dụ 15/06/2026").press_sequentially("31/7/2026")
    page.get_by_placeholder("Ví dụ 12.000.000 hoặc 12.000.000 đồng").press_sequentially("180.500.000 đồng")
    page.get_by_placeholder("Một số nguyên, ví dụ 250 phiếu").press_sequentially("bốn trăm")
    expect(page.get_by_text("Đã hiểu là: 5 % (0,05)")).to_be_visible()
    expect(page.get_by_text("Đã hiểu là: 31/07/2026")).to_be_visible()
    expect(page.get_by_text("Đã hiểu là: 180.500.000")).to_be_visible()
    expect(page.get_by_text("“bốn trăm” không phải một số", exact=False)).to_be_visible()
    saved = json.loads((folder / "ke-hoach" / "answers.json").read_text(encoding="utf-8"))
    assert saved["han_nhan_y_kien"] == "31/7/2026" and saved["sai_so"] == "0,05"
