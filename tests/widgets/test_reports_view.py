"""The reports dashboard driven in Python: the quick report of a conference with its length
measure and downloads, and the synthesis report with its progress and downloads."""

import base64
import io
import re

import docx

from thamvan_lib import reports as domain
from thamvan_lib.documents.reports import TWO_PAGES_WORDS, body_words
from thamvan_lib.minutes import load_conference
from thamvan_lib.widgets.reports_view import ReportsView, conferences


def _files(links_html: str) -> dict[str, bytes]:
    found = re.findall(r"download='([^']+)' href='data:[^;]+(?:;charset=utf-8)?;base64,([^']+)'", links_html)
    return {name: base64.b64decode(data) for name, data in found}


def test_the_conferences_of_the_dataset_are_offered(store):
    view = ReportsView(store, "vi")
    assert conferences() == [1, 2]
    assert [v for _, v in view.conference.options] == [1, 2]
    assert view.conference.options[0][0].startswith("Hội nghị 1: ")


def test_quick_report_findings_length_and_downloads(store):
    view = ReportsView(store, "vi")
    report = view.quick(1)
    expected = domain.quick_report(*load_conference(1), lang="vi")
    assert [f.topic for f in report.findings] == [f.topic for f in expected.findings]
    body = view.quick_body.value
    assert body.index(expected.findings[0].topic) < body.index(expected.findings[-1].topic)
    words = body_words(expected)
    assert words <= TWO_PAGES_WORDS
    assert f"{words}/{TWO_PAGES_WORDS} từ" in body and "Đạt yêu cầu không quá 2 trang." in body
    files = _files(view.quick_downloads.value)
    assert set(files) == {"bao-cao-nhanh-hoi-nghi-1.docx", "bao-cao-nhanh-hoi-nghi-1.html"}
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(files["bao-cao-nhanh-hoi-nghi-1.docx"])).paragraphs)
    assert "BÁO CÁO NHANH" in text
    page = files["bao-cao-nhanh-hoi-nghi-1.html"].decode("utf-8")
    assert "BÁO CÁO NHANH" in page and "http" not in page


def test_quick_report_of_the_second_conference_in_english(store):
    view = ReportsView(store, "en")
    report = view.quick(2)
    assert report.conference == 2 and report.lang == "en"
    assert "Within the 2-page limit." in view.quick_body.value
    assert "bao-cao-nhanh-hoi-nghi-2.docx" in view.quick_downloads.value


def test_a_missing_conference_file_is_said_not_raised(store, tmp_path):
    (tmp_path / "bien-ban").mkdir()
    (tmp_path / "bien-ban" / "hoi-nghi-3-bien-ban.json").write_text("{}", encoding="utf-8")
    view = ReportsView(store, "vi", folder=tmp_path)
    assert view.conference.options == ()
    assert view.quick(3) is None
    assert "thamvan-error" in view.quick_status.value and view.quick_downloads.value == ""


def test_synthesis_report_moves_the_progress_and_gives_both_files(store):
    view = ReportsView(store, "vi")
    seen = []
    view.progress.observe(lambda change: seen.append(change["new"]), names="value")
    view.comments.value = "Nhóm công tác nhận thấy xã vùng cao gửi ít thư hơn."
    report = view.synthesis()
    assert seen[:3] == [1, 2, 3] and view.progress.value == 0
    assert view.progress.layout.visibility == "hidden" and not view.synthesis_button.disabled
    assert report.comments == ["Nhóm công tác nhận thấy xã vùng cao gửi ít thư hơn."]
    assert "Đã lập xong báo cáo tổng hợp." in view.synthesis_status.value
    assert f"{report.respondents} người trả lời" in view.synthesis_body.value
    files = _files(view.synthesis_downloads.value)
    assert set(files) == {"bao-cao-tong-hop-y-kien.docx", "bao-cao-tong-hop-y-kien.html"}
    assert files["bao-cao-tong-hop-y-kien.docx"][:2] == b"PK"
    assert "Nhóm công tác nhận thấy" in files["bao-cao-tong-hop-y-kien.html"].decode("utf-8")


def test_synthesis_of_an_incomplete_folder_is_refused_with_the_file_named(store, tmp_path):
    view = ReportsView(store, "vi", folder=tmp_path)
    assert view.synthesis() is None
    assert "phieu-hoi.csv" in view.synthesis_status.value
    assert view.progress.layout.visibility == "hidden" and not view.synthesis_button.disabled


def test_no_two_widgets_share_a_layout(store):
    """A Layout shared by many widgets hides them all when one is hidden; each has its own."""
    def tree(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from tree(child)

    widgets = list(tree(ReportsView(store, "vi").widget))
    assert len({id(x.layout) for x in widgets}) == len(widgets)
