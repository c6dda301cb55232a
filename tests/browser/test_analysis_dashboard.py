"""The analysis dashboard in a real Chromium against a real `thamvan start`: the sample data,
a question's shares with their intervals, and an upload refused in Vietnamese."""

import pytest
from playwright.sync_api import expect

from thamvan_lib.analysis import cleaning, tables
from thamvan_lib.widgets.analysis_view import percent, sample_frame

from tests.support.browser import LOCAL_HOSTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def dashboard(kit_server, name: str) -> str:
    return f"http://127.0.0.1:{kit_server.port}/voila/render/dashboards/{name}"


def test_sample_data_question_with_intervals_then_a_refused_upload(page, kit_server):
    page.goto(dashboard(kit_server, "analysis.ipynb"))
    sample = page.get_by_role("button", name="Dùng dữ liệu mẫu")
    expect(sample).to_be_visible(timeout=60_000)
    sample.click()
    expect(page.get_by_text("Đã nạp “phieu-hoi.csv”: còn 1600 dòng sau khi làm sạch.")).to_be_visible(timeout=60_000)
    expect(page.locator("table.thamvan-report")).to_contain_text("Bỏ 29 dòng trùng lặp")

    page.get_by_label("Câu hỏi").select_option(label="Có thẻ bảo hiểm y tế còn hạn (the_bhyt)")
    clean, _ = cleaning.clean(sample_frame()[0])
    expected = tables.proportion_table(clean, "the_bhyt")
    table = page.locator("table.thamvan-shares")
    expect(table).to_contain_text("Khoảng tin cậy 95%", timeout=30_000)
    for row in expected.itertuples():
        line = table.locator("tr", has_text=row.tra_loi).first
        expect(line).to_contain_text(percent(row.ty_le, "vi"))
        expect(line).to_contain_text(f"{percent(row.can_duoi, 'vi')} – {percent(row.can_tren, 'vi')}")
    expect(page.locator("img").first).to_be_visible()

    # The upload button's <input type=file> is not in the page (ipywidgets 8 clicks a detached
    # one): Playwright's file chooser sets its files, as set_input_files does on a visible input.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Tải tệp CSV lên").click()
    chooser.value.set_files(files=[{"name": "thieu-cot.csv", "mimeType": "text/csv",
                                    "buffer": "ma_phieu,ten,tuoi\nA-1,Lan,34\n".encode("utf-8")}])
    expect(page.get_by_text("Tệp phiếu hỏi thiếu cột: xa_phuong", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Dữ liệu đang dùng (“phieu-hoi.csv”) vẫn giữ nguyên.", exact=False)).to_be_visible()
    expect(table).to_contain_text(percent(expected.loc[0, "ty_le"], "vi"))  # the table is still there

    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts
