"""The dashboards of phases 2–5 in a real Chromium against a real `thamvan start`: the uptake
tracker (a response recorded, the public page, the response kept across a reload), the
communication programme and its supervision checklist, the quick report and its Word file,
and the trainer's class view over a small class graded by nbgrader.

One server for the module, with a kit home of its own: each test works on its own page and
draft (uptake, communication, supervision) or folder (course), so none sees another's work,
and the file spends its time on pages rather than on starting and stopping Voila. No preheat:
only the home page has a warm kernel, and it is not opened here."""

from __future__ import annotations

import io
import pathlib
import shutil

import docx
import pytest
from playwright.sync_api import expect

from thamvan_lib import communication, reports, uptake
from thamvan_lib.minutes import load_conference
from thamvan_lib.widgets.uptake_view import dataset_opinions

from tests.support.browser import LOCAL_HOSTS
from tests.support.course import copy_class
from tests.support.servers import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOAD = 60_000   # a page's first draw: a cold kernel on a shared machine
ACT = 30_000    # a click answered by the kernel


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("phases") / "kit-home"
    with pytest.MonkeyPatch.context() as env:  # what kit_home sets, for the server's lifetime
        env.setenv("THAMVAN_HOME", str(home))
        env.setenv("THAMVAN_LEARNER", "hoc-vien-1")
        for name in ("JUPYTERHUB_USER", "THAMVAN_LANG", "THAMVAN_CONTENT"):
            env.delenv(name, raising=False)
        kit = KitServer(home, preheat=False, extra=["--trainer"])  # the class view too
    kit.home = home
    yield kit
    kit.stop()


def dashboard(server, name: str) -> str:
    return f"http://127.0.0.1:{server.port}/voila/render/dashboards/{name}"


def only_loopback(page) -> None:
    assert "Traceback" not in page.content()
    assert page.requested_hosts and page.requested_hosts <= LOCAL_HOSTS, page.requested_hosts


def tally(tracker) -> str:
    s = tracker.summary()
    return (f"{len(tracker.opinions)} ý kiến: {s['taken_up']} tiếp thu, {s['partly_taken_up']} tiếp thu một phần, "
            f"{s['not_taken_up']} không tiếp thu, {s['out_of_scope']} ngoài phạm vi, {s['']} chưa xử lý.")


def test_uptake_records_a_response_gives_the_public_page_and_keeps_it(page, server):
    reason = "Ngân sách tỉnh năm 2026 chưa bố trí được khoản hỗ trợ tiền đi lại"
    instead = "Ưu tiên cấp thẻ bảo hiểm y tế cho người nghèo ở xã vùng cao"
    page.goto(dashboard(server, "uptake.ipynb"))
    expect(page.get_by_role("heading", name="Tiếp thu, giải trình và phản hồi ý kiến")).to_be_visible(timeout=LOAD)
    # a first visit: the opinions of the dataset, none answered, so no public page yet
    expect(page.get_by_text(tally(uptake.UptakeTracker(opinions=dataset_opinions())))).to_be_visible()
    page.get_by_role("button", name="Xem trang phản hồi công khai").click()
    expect(page.get_by_text("Chưa tạo được trang phản hồi công khai.")).to_be_visible(timeout=ACT)

    page.get_by_role("button", name="Nạp ví dụ phản hồi").click()
    expect(page.get_by_text("Đã nạp ví dụ phản hồi của tỉnh Sơn Hà.", exact=False)).to_be_visible(timeout=ACT)
    example = uptake.load_example().tracker
    expect(page.get_by_text(tally(example))).to_be_visible()

    # the first opinion, taken up in the example, is now not taken up: its reason shows
    opinion = example.opinions[0]
    row = page.locator(".thamvan-item").filter(has=page.get_by_text(opinion.id, exact=True))
    reason_box = row.get_by_label("Giải trình: vì sao không tiếp thu (hoặc phần không tiếp thu)")
    expect(reason_box).to_be_hidden()
    row.get_by_label("Kết quả xử lý").select_option(label="Không tiếp thu (có giải trình)")
    expect(reason_box).to_be_visible(timeout=ACT)
    expect(page.get_by_text(example.opinions[1].id, exact=True)).to_be_visible()  # the rest is still drawn
    reason_box.fill(reason)
    row.get_by_label("Thay đổi trong dự thảo, hoặc phương án thay thế").fill(instead)
    row.get_by_label("Tình trạng").select_option(label="Đã công bố phản hồi")
    example.response_for(opinion.id).decision = "not_taken_up"
    expect(page.get_by_text(tally(example))).to_be_visible(timeout=ACT)
    expect(page.get_by_text("Đã lưu lúc")).to_be_visible()

    page.get_by_role("button", name="Xem trang phản hồi công khai").click()
    expect(page.get_by_text("Trang phản hồi công khai đã sẵn sàng:")).to_be_visible(timeout=ACT)
    preview = page.frame_locator("iframe.thamvan-preview")
    expect(preview.get_by_text(reason, exact=False)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải trang phản hồi công khai (HTML)").click()
    assert download.value.suggested_filename == "phan-hoi-y-kien-nhan-dan.html"
    public = pathlib.Path(download.value.path()).read_text(encoding="utf-8")
    assert "THÔNG TIN PHẢN HỒI" in public and reason in public and instead in public

    # the response is in the store: a reload (a new kernel) shows it again
    page.reload()
    expect(page.get_by_text("Đã mở lại bản nháp đã lưu.")).to_be_visible(timeout=LOAD)
    row = page.locator(".thamvan-item").filter(has=page.get_by_text(opinion.id, exact=True))
    expect(row.get_by_label("Kết quả xử lý")).to_have_value("Không tiếp thu (có giải trình)")
    expect(row.get_by_label("Giải trình: vì sao không tiếp thu (hoặc phần không tiếp thu)")).to_have_value(reason)
    expect(row.get_by_label("Tình trạng")).to_have_value("Đã công bố phản hồi")
    expect(page.get_by_text(tally(example))).to_be_visible()
    only_loopback(page)


def test_communication_field_supervision_tick_and_the_checks(page, server):
    title = "Chương trình truyền thông về hỗ trợ khám chữa bệnh cho người nghèo"
    page.goto(dashboard(server, "communication.ipynb"))
    field = page.get_by_label("Tên chương trình truyền thông")
    expect(field).to_be_visible(timeout=LOAD)
    field.fill(title)
    expect(page.get_by_text("Đã lưu lúc")).to_be_visible(timeout=ACT)
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_text("Chưa điền “Kênh truyền thông” (channels).")).to_be_visible(timeout=ACT)
    expect(page.get_by_text("Chưa điền “Chủ trương, mục đích tham vấn” (purpose).")).to_be_visible()
    assert page.get_by_text("Chưa điền “Tên chương trình truyền thông”").count() == 0

    items = communication.supervision_checklist(["questionnaire"], "vi")
    page.get_by_role("tab", name="Giám sát tổ chức ký hợp đồng").click()
    page.get_by_label("Công cụ tổ chức đó thực hiện").select_option(label="Phiếu hỏi (khảo sát chọn mẫu)")
    expect(page.get_by_text(f"Đã kiểm tra 0/{len(items)} việc")).to_be_visible(timeout=ACT)
    page.get_by_label(items[0].text).check()
    expect(page.get_by_text(f"Đã kiểm tra 1/{len(items)} việc")).to_be_visible(timeout=ACT)
    page.get_by_role("button", name="Kiểm tra").click()  # the visible one: the supervision tab's
    expect(page.get_by_text(f"Còn {len(items) - 1} mục trong bảng kiểm giám sát chưa được đánh dấu.")
           ).to_be_visible(timeout=ACT)
    only_loopback(page)


def test_quick_report_preview_and_its_word_file(page, server):
    page.goto(dashboard(server, "reports.ipynb"))
    make = page.get_by_role("button", name="Lập báo cáo nhanh")
    expect(make).to_be_visible(timeout=LOAD)
    make.click()
    expect(page.get_by_text("Đạt yêu cầu không quá 2 trang.", exact=False)).to_be_visible(timeout=ACT)
    report = reports.quick_report(*load_conference(1), lang="vi")
    expect(page.get_by_text(f"{report.attendance} người dự, {report.opinions} ý kiến về "
                            f"{len(report.findings)} nội dung của dự thảo.")).to_be_visible()
    findings = page.locator("ol.thamvan-findings > li")
    expect(findings).to_have_count(len(report.findings))
    expect(findings.first).to_contain_text(report.findings[0].topic)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tệp Word (DOCX)").click()
    assert download.value.suggested_filename == "bao-cao-nhanh-hoi-nghi-1.docx"
    word = pathlib.Path(download.value.path()).read_bytes()
    assert word[:2] == b"PK"  # a real .docx: a zip archive
    assert "BÁO CÁO NHANH" in "\n".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    only_loopback(page)


# --- the trainer's class view ----------------------------------------------------------------

@pytest.fixture
def graded_class(server, co_mau_class):
    """The session's graded class of four, copied into the server's ``course`` folder, where the
    class view looks (THAMVAN_HOME/course, as for `thamvan course`)."""
    yield copy_class(co_mau_class, server.home)
    shutil.rmtree(server.home / "course")
    shutil.rmtree(server.home / "exchange", ignore_errors=True)


def test_class_view_shows_scores_per_trainee_and_the_common_mistakes(page, server, graded_class):
    page.goto(dashboard(server, "class-view.ipynb"))
    expect(page.get_by_role("heading", name="Kết quả của lớp")).to_be_visible(timeout=LOAD)
    expect(page.get_by_label("Bài tập")).to_have_value("co-mau")
    expect(page.get_by_text("4 học viên đã được chấm, điểm trung bình 25%; 0 câu còn chờ giảng viên chấm tay.")
           ).to_be_visible()
    table = page.locator("table.thamvan-table")
    expect(table.locator("tr").first).to_contain_text("cau-1-dap-an (/3)")
    for student, cells in {"hv-an": ["3", "3/3", "100"], "hv-binh": ["0", "0/3", "0"],
                           "hv-chau": ["0", "0/3", "0"], "hv-dung": ["0", "0/3", "0"]}.items():
        expect(table.locator("tr", has_text=student).locator("td")).to_have_text([student, *cells])
    expect(table.locator("tr", has_text="Trung bình").locator("td").nth(1)).to_have_text("0,75")
    expect(page.get_by_role("heading", name="Lỗi thường gặp nhất")).to_be_visible()
    first = page.locator("ol.thamvan > li").first
    expect(first).to_contain_text("3 học viên")
    expect(first).to_contain_text("cau-1-dap-an")
    expect(first).to_contain_text("Cỡ mẫu chưa đúng")
    only_loopback(page)
