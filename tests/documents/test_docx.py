"""Any outline as a Word file: A4, Times New Roman, letterhead, tables, figures, appendix."""

import io

import docx
from docx.shared import Pt

from thamvan_lib.documents import docx as render_docx
from thamvan_lib.documents.outline import (Figure, Heading, Outline, PageBreak, Para, Table,
                                           letterhead, signature)
from thamvan_lib.charts import stance_chart
from thamvan_lib.minutes import load_conference
from thamvan_lib.reports import quick_report


def reopened(outline):
    return docx.Document(io.BytesIO(render_docx.docx_bytes(render_docx.render(outline))))


def test_a4_times_new_roman_and_the_administrative_margins():
    document = reopened(Outline("vi", "T", "S"))
    section = document.sections[0]
    sizes = [round(x.cm, 1) for x in (section.page_width, section.page_height, section.left_margin,
                                      section.right_margin, section.top_margin)]
    assert sizes == [21.0, 29.7, 3.0, 2.0, 2.0]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(13)


def test_letterhead_body_signature_then_appendix_on_a_new_page():
    png = stance_chart(quick_report(*load_conference(1)).statistics, "vi")
    outline = Outline("vi", "BÁO CÁO", "Thử", [Heading(1, "I. MỘT"), Para("Câu.", "Nhãn: "),
                                              Table(["A", "B"], [["x", "1"]], numeric=(1,))],
                      letterhead("vi", ["VP"], "", "BC", "Sơn Hà", None),
                      signature("vi", ["Lưu"], ["A", "B", "C", "Tên"]),
                      appendix=[Figure(png, "Hình 1")], appendix_title="PHỤ LỤC")
    document = reopened(outline)
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == ["BÁO CÁO", "Thử", "I. MỘT", "Nhãn: Câu."]
    assert texts.index("PHỤ LỤC") < texts.index("Hình 1")
    assert document.tables[0].cell(0, 0).text == "VP"              # the letterhead
    assert document.tables[1].cell(1, 1).text == "1"               # the data table
    assert "Tên" in document.tables[2].cell(0, 1).text             # the signature
    assert len(document.inline_shapes) == 1
    body = document.element.body.xml
    assert body.index('w:type="page"') < body.index("PHỤ LỤC")


def test_a_sheet_has_no_letterhead_and_breaks_pages():
    document = reopened(Outline("vi", "THẺ VAI", "Kịch bản", [Para("Một"), PageBreak(), Para("Hai")]))
    assert [p.text for p in document.paragraphs if p.text] == ["THẺ VAI", "Kịch bản", "Một", "Hai"]
    assert not document.tables and 'w:type="page"' in document.element.body.xml
