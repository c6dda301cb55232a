"""The preparation tools in a real Chromium against a real `thamvan start`: the plan builder's
check and its draft surviving a dead kernel, and the sample sizing tool."""

import json
import os
import signal
import urllib.request

import pytest
from playwright.sync_api import expect

from thamvan_lib import sampling
from thamvan_lib.plan import load_example

from tests.support.browser import LOCAL_HOSTS
from tests.support.processes import kernel_pids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME = "Tham vấn về khám chữa bệnh cho người nghèo"


def dashboard(kit_server, name: str) -> str:
    return f"http://127.0.0.1:{kit_server.port}/voila/render/dashboards/{name}"


def kernels(kit_server) -> list[str] | None:
    """Ids of the server's kernels (the Jupyter server API), or None when it is not served."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{kit_server.port}/api/kernels", timeout=5) as r:
            return [k["id"] for k in json.load(r)]
    except (urllib.error.HTTPError, ValueError):
        return None


def kill_new_kernels(kit_server, before_ids, before_pids) -> int:
    ids = kernels(kit_server)
    if ids is not None:
        new = [k for k in ids if k not in before_ids]
        for kernel in new:
            request = urllib.request.Request(f"http://127.0.0.1:{kit_server.port}/api/kernels/{kernel}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=10)
        if new:
            return len(new)
    pids = kernel_pids(kit_server.process.pid) - before_pids
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return len(pids)


def test_plan_builder_checks_and_keeps_its_draft_when_the_kernel_dies(page, kit_server):
    before_ids, before_pids = kernels(kit_server) or [], kernel_pids(kit_server.process.pid)
    page.goto(dashboard(kit_server, "plan-builder.ipynb"))
    name = page.get_by_label("Tên đợt tham vấn")
    expect(name).to_be_visible(timeout=60_000)
    name.fill(NAME)
    page.get_by_label("Địa danh").fill("Sơn Hà")
    expect(page.get_by_text("Đã lưu lúc")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_text("Chưa điền “Cơ quan ban hành” (issuing_body).")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Chưa điền “Bối cảnh” (background).")).to_be_visible()
    assert page.get_by_text("Chưa điền “Tên đợt tham vấn”").count() == 0
    assert page.get_by_text("Chưa điền “Địa danh”").count() == 0

    assert kill_new_kernels(kit_server, before_ids, before_pids) >= 1
    page.reload()
    name = page.get_by_label("Tên đợt tham vấn")
    expect(name).to_have_value(NAME, timeout=60_000)
    expect(page.get_by_label("Địa danh")).to_have_value("Sơn Hà")
    expect(page.get_by_text("Đã mở lại bản nháp đã lưu.")).to_be_visible()
    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def test_sample_size_shows_the_sample_and_the_allocation(page, kit_server):
    page.goto(dashboard(kit_server, "sample-size.ipynb"))
    example = page.get_by_role("button", name="Tải ví dụ")
    expect(example).to_be_visible(timeout=60_000)
    example.click()
    population = page.get_by_label("Quy mô tổng thể (số người)")
    expect(population).to_have_value("129700", timeout=30_000)
    population.fill("20.000")
    page.get_by_label("Sai số cho phép (±%)").fill("4")
    n = sampling.sample_size(20000, 0.04)
    expect(page.get_by_text(f"Cỡ mẫu tối thiểu: {n} người")).to_be_visible(timeout=30_000)
    strata = {c.name: c.population for c in load_example().plan.communes}
    shares = sampling.allocate(strata, n, "sqrt")  # the example's plan shares by √population
    table = page.locator("table.thamvan-table")
    for commune, taken in shares.items():
        expect(table.locator("tr", has_text=commune)).to_contain_text(str(taken), timeout=30_000)
    expect(page.locator("img").first).to_be_visible()
    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts
