"""The plan and its public notice as DOCX and HTML, in the layout of an administrative document."""

import datetime as dt
import html
import re

import docx
import pytest

from thamvan_lib.content import load
from thamvan_lib.documents.docx import docx_bytes
from thamvan_lib.documents.plan import notice_docx, notice_html, plan_docx, plan_html, plan_outline
from thamvan_lib.documents.outline import plain_text
from thamvan_lib.i18n import money
from thamvan_lib.plan import ConsultationPlan, load_example

SECTIONS = ["s_purpose", "s_content", "s_methods", "s_organisation", "s_communication", "s_budget"]
SUBSECTIONS = ["purposes", "requirements", "contents", "groups", "scope", "tools", "sample",
               "processing", "software", "report", "assignments", "timeline", "resources",
               "training", "contractors"]
# Slugs shown through their labels, not as typed.
SLUG_FIELDS = {"format", "kind", "id", "reaches", "measure", "source"}


def label(key, lang="vi"):
    return load().message(f"plan.doc.{key}", lang)


def docx_text(document) -> str:
    """Every paragraph of the body and of every table cell, nested tables included."""
    lines = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    cells(inner)

    for table in document.tables:
        cells(table)
    return "\n".join(lines)


def filled_values(node, key=None):
    """The plan's filled values as they must read in the document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "allocation":
                yield from v.keys()
                yield from (str(n) for n in v.values())
            elif k not in SLUG_FIELDS:
                yield from filled_values(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from filled_values(v, key)
    elif isinstance(node, str) and node:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", node):
            yield dt.date.fromisoformat(node).strftime("%d/%m/%Y")
        else:
            yield node
    elif isinstance(node, int) and not isinstance(node, bool):
        yield money(node, "vi") if key in ("amount", "total") else f"{node:,}".replace(",", ".")


@pytest.fixture(scope="module")
def example():
    return load_example().plan


@pytest.fixture(scope="module")
def plan_document(example, tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "ke-hoach.docx"
    plan_docx(example, "vi").save(path)
    return docx.Document(path)      # opened again from the file, as Word would


def test_the_docx_opens_and_has_the_heading_block(plan_document):
    heading = plan_document.tables[0]
    left = heading.cell(0, 0).text
    right = [p.text for p in heading.cell(0, 1).paragraphs]
    assert left == "THƯỜNG TRỰC HĐND TỈNH SƠN HÀ"
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert heading.cell(1, 0).text == "Số: …/KH-HĐND"
    assert heading.cell(1, 1).text == "Sơn Hà, ngày … tháng … năm …"
    body = [p.text for p in plan_document.paragraphs]
    assert body[:2] == ["KẾ HOẠCH", load_example().plan.subject]
    section = plan_document.sections[0]
    assert round(section.page_width.cm) == 21 and round(section.left_margin.cm) == 3
    assert plan_document.styles["Normal"].font.name == "Times New Roman"


def test_the_docx_has_every_section_in_order(plan_document):
    text = docx_text(plan_document)
    headings = [f"{roman}. {label(key)}" for roman, key in
                zip(["I", "II", "III", "IV", "V", "VI"], SECTIONS)]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    for key in SUBSECTIONS:
        assert re.search(rf"^\d+\. {re.escape(label(key))}$", text, re.M), key
    assert "Nơi nhận:" in text and "TM. THƯỜNG TRỰC HĐND" in text and "Trần Văn Minh" in text


def test_the_docx_contains_every_filled_field_of_the_example(example, plan_document):
    text = docx_text(plan_document)
    missing = [v for v in filled_values(example.to_dict()) if v not in text]
    assert not missing
    for tool in example.tools:
        assert load().message(f"plan.kind.{tool.kind}", "vi") in text
    assert "(nhóm ưu tiên)" in text and "(chi phí, đồng)" in text
    assert "cỡ mẫu tối thiểu theo công thức Cochran: 1.059 người" in text
    assert "Tổng cộng" in text and "231.500.000 đồng" in text


def test_the_docx_invents_no_legal_citation(plan_document):
    text = docx_text(plan_document)
    assert not re.search(r"Nghị định|Thông tư|Luật số|\d+/\d{4}/(NĐ|TT|QH)", text)


def test_the_html_is_self_contained_with_heading_block_and_sections(example):
    page = plan_html(example, "vi")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for text in ("THƯỜNG TRỰC HĐND TỈNH SƠN HÀ", "Số: …/KH-HĐND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Sơn Hà, ngày … tháng … năm …", "<h1>KẾ HOẠCH</h1>"):
        assert text in page
    for roman, key in zip(["I", "II", "III", "IV", "V", "VI"], SECTIONS):
        assert f"<h2>{roman}. {label(key)}</h2>" in page
    assert not re.search(r"https?://|//[a-z]|<link|<script|src=|@import|url\(", page, re.I)
    assert "<style>" in page and "Times New Roman" in page


def test_the_html_has_what_the_docx_has(example, plan_document):
    page = html.unescape(plan_html(example, "vi"))
    for value in filled_values(example.to_dict()):
        assert value in page


def test_the_html_escapes_what_users_type():
    plan = ConsultationPlan(name="<script>alert(1)</script> & co")
    page = plan_html(plan)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_the_public_notice_says_where_how_until_when_and_what_feedback(example):
    com = example.communication
    text = docx_text(notice_docx(example, "vi"))
    page = notice_html(example, "vi")
    for rendering in (text, page):
        assert "THÔNG BÁO" in rendering and "Số: …/TB-HĐND" in rendering
        assert com.send_to in rendering and com.how_to_send in rendering
        assert "17/04/2026" in rendering and com.feedback in rendering
        assert example.name in rendering
        for commune in example.communes:
            assert commune.name in rendering
        for group in example.target_groups:
            assert group.name in rendering
        assert "Về việc công khai Kế hoạch tham vấn ý kiến nhân dân" in rendering
    assert not re.search(r"https?://", page)


def test_english_labels_and_a_dated_plan(example):
    dated = ConsultationPlan.from_dict({**example.to_dict(), "issued_on": "2026-02-05",
                                        "number": "12"})
    outline = plan_outline(dated, "vi")
    assert outline.letterhead.place_date == "Sơn Hà, ngày 05 tháng 02 năm 2026"
    assert outline.letterhead.number == "Số: 12/KH-HĐND"
    dated.issued_on = dt.date(2026, 11, 20)
    assert plan_outline(dated).letterhead.place_date == "Sơn Hà, ngày 20 tháng 11 năm 2026"
    english = plain_text(plan_outline(example, "en"))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in english and "\nPLAN\n" in english
    assert "VI. BUDGET" in english and "231,500,000 VND" in english
    assert "NOTICE" in docx_text(notice_docx(example, "en"))


def test_an_empty_draft_still_renders():
    empty = ConsultationPlan()
    text = docx_text(plan_docx(empty))
    assert "KẾ HOẠCH" in text and "I. MỤC ĐÍCH, YÊU CẦU" in text and "…" in text
    assert "THÔNG BÁO" in notice_html(empty)
    assert docx_bytes(notice_docx(empty))[:2] == b"PK"
