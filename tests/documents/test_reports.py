"""The quick report and the synthesis report as documents: sections, files, length."""

from __future__ import annotations

import base64
import re
import subprocess
import zipfile

import docx
import pytest


from thamvan_lib.documents import reports as docs
from thamvan_lib.documents.outline import Figure, Heading, Outline, Para, Table
from thamvan_lib.documents.reports import LINE_WORDS, TWO_PAGES_WORDS, body_words
from thamvan_lib.errors import KitError
from thamvan_lib.minutes import load_conference
from thamvan_lib.reports import quick_report

URL = re.compile(r"https?://", re.IGNORECASE)




def test_quick_report_written_by_the_minute_taker(quick):
    outline = docs.quick_report_outline(quick)
    assert outline.title == "BÁO CÁO NHANH"
    assert outline.signature.signer[-1] == "Bùi Thị Hạnh"
    assert any("không phải tỷ lệ người dân" in getattr(b, "text", "") for b in outline.blocks)


def test_quick_report_docx_opens_and_has_every_section(quick, tmp_path):
    path = tmp_path / "bao-cao-nhanh.docx"
    docs.quick_report_docx(quick).save(path)
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    for heading in ("BÁO CÁO NHANH", "I. THÔNG TIN CHUNG VỀ HỘI NGHỊ",
                    "II. KẾT LUẬN VÀ NHỮNG PHÁT HIỆN CHÍNH", "1. Kết luận chung",
                    "III. KIẾN NGHỊ", "PHỤ LỤC"):
        assert heading in text, heading
    for finding in quick.findings:
        assert f") {finding.topic}: " in text
    assert len(document.inline_shapes) == 1        # the chart, in the appendix
    # The appendix follows the signature block: after the last table but one.
    assert text.index("PHỤ LỤC") > text.index("III. KIẾN NGHỊ")
    tables = ["\n".join(c.text for c in t._cells) for t in document.tables]
    assert any("Tổng cộng" in t and "48" in t for t in tables)


def test_quick_report_html_is_self_contained_with_its_chart(quick):
    page = docs.quick_report_html(quick)
    assert not URL.search(page)
    assert "<script" not in page and "<link" not in page
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 1
    assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.index("PHỤ LỤC") > page.index('class="signature"')


def test_quick_report_fits_two_pages(conference):
    for number in (1, 2):
        report = quick_report(*load_conference(number))
        assert body_words(report) <= TWO_PAGES_WORDS
        assert body_words(quick_report(*load_conference(number), lang="en")) <= TWO_PAGES_WORDS


def test_the_length_measure_counts_table_rows_as_lines():
    empty = Outline("vi", "", "")
    assert body_words(empty) == 0
    empty.blocks = [Para("một hai ba"), Table(["a"], [["b"], ["c"]])]
    assert body_words(empty) == 3 + 3 * LINE_WORDS
    with pytest.raises(KitError):
        body_words("báo cáo")


@pytest.mark.slow
def test_quick_report_is_at_most_two_pages_in_libreoffice(quick, tmp_path):
    """The body (without the appendix) printed by LibreOffice takes at most two A4 pages
    (``./kit test`` installs Debian's LibreOffice)."""
    outline = docs.quick_report_outline(quick)
    outline.appendix = []
    path = tmp_path / "q.docx"
    docs.docx.render(outline).save(path)
    subprocess.run(["/usr/bin/soffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "q.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2


def test_synthesis_documents(synthesis, tmp_path):
    report = docs.synthesis_outline(synthesis, day=None)
    headings = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[0].startswith("I. NGUỒN") and headings[-1].startswith("VIII. NHẬN XÉT")
    figures = [b for b in report.blocks if isinstance(b, Figure)]
    assert len(figures) == 6     # four questions, the letters, the conferences
    path = tmp_path / "tong-hop.docx"
    docs.synthesis_docx(synthesis).save(path)
    document = docx.Document(path)
    assert len(document.inline_shapes) == 6
    with zipfile.ZipFile(path) as archive:
        assert sum(n.endswith(".png") for n in archive.namelist()) == 6
    page = docs.synthesis_html(synthesis)
    assert not URL.search(page)
    assert page.count('src="data:image/png;base64,') == 6
    assert "Khoảng tin cậy 95% (%)" in page and "Trích dẫn tiêu biểu" in page
