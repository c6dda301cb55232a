"""An anonymous visitor of ``thamvan start`` opens the class view: the class's scores and
common mistakes (with key text) used to be shown to anyone who could reach the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.course import CO_MAU_CLASS, copy_class
from tests.support.servers import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_class_view_is_refused_to_a_visitor_and_not_listed(page, kit_home, co_mau_class, monkeypatch):
    copy_class(co_mau_class, kit_home)  # where the class view looks: THAMVAN_HOME/course
    monkeypatch.setenv("THAMVAN_ROLE", "trainer")  # inherited by mistake: must not count
    server = KitServer(kit_home, preheat=False)
    try:
        page.goto(server.page_url("dashboards/class-view.ipynb"))
        expect(page.get_by_text("Trang này chỉ dành cho giảng viên")).to_be_visible(timeout=60_000)
        shown = page.content()
        assert not any(student in shown for student in CO_MAU_CLASS)
        body = page.inner_text("body")
        assert "Điểm theo từng câu" not in body and "%" not in body  # no table, no score
        page.goto(server.url)  # the home page lists the tools a trainee may open, not this one
        expect(page.get_by_role("link", name="Lập kế hoạch tham vấn", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Kết quả của lớp (dành cho giảng viên)")).to_have_count(0)
        assert "class-view.ipynb" not in page.content()
    finally:
        server.stop()
