"""Word (DOCX) files of the plan and its public notice, drawn with python-docx.

The page follows the usual presentation of Vietnamese administrative documents: A4,
Times New Roman 13–14 pt, margins 2 cm top and bottom, 3 cm left, 2 cm right; the
heading block as a borderless two-column table; the signature block likewise.

>>> from thamvan_lib.plan import load_example
>>> document = plan_docx(load_example().plan)
>>> document.tables[0].cell(0, 1).paragraphs[0].text
'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
>>> docx_bytes(document)[:2]       # a DOCX file is a zip archive
b'PK'
"""

from __future__ import annotations

import io

import docx as python_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..plan import ConsultationPlan
from .layout import Heading, Layout, Para, Table, notice_layout, plan_layout

FONT = "Times New Roman"
SIZE = Pt(13)


def plan_docx(plan: ConsultationPlan, lang: str | None = None):
    """The consultation plan as a ``docx.Document``; save it with ``.save(path)``."""
    return render(plan_layout(plan, lang))


def notice_docx(plan: ConsultationPlan, lang: str | None = None):
    """The public notice of the approved plan as a ``docx.Document``."""
    return render(notice_layout(plan, lang))


def docx_bytes(document) -> bytes:
    """The file's bytes, for a download button."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(outline: Layout):
    document = python_docx.Document()
    _page(document)
    _heading_block(document, outline)
    _centred(document, outline.title, bold=True, size=Pt(14), before=Pt(18))
    _centred(document, outline.subject, bold=True, after=Pt(12))
    for block in outline.blocks:
        if isinstance(block, Heading):
            _paragraph(document, block.text, bold=True, before=Pt(6))
        elif isinstance(block, Para):
            _para(document, block)
        elif isinstance(block, Table):
            _table(document, block)
    _signature_block(document, outline)
    return document


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, SIZE
    # Word picks the font of Vietnamese letters from the East Asian slot too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)


def _run(paragraph, text: str, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = size
    return run


def _paragraph(container, text: str, bold=False, italic=False, size=None,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=None, after=None):
    p = container.add_paragraph()
    p.alignment = align
    if before is not None:
        p.paragraph_format.space_before = before
    if after is not None:
        p.paragraph_format.space_after = after
    _run(p, text, bold, italic, size)
    return p


def _centred(container, text, bold=False, italic=False, size=None, before=None, after=None):
    return _paragraph(container, text, bold, italic, size, WD_ALIGN_PARAGRAPH.CENTER, before, after)


def _para(document, block: Para) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    if block.style == "bullet":
        fmt.left_indent, fmt.first_line_indent = Cm(1), Cm(-0.5)
        _run(p, "- ")
    else:
        fmt.first_line_indent = Cm(1)
    if block.label:
        _run(p, block.label, bold=block.style != "bullet", italic=block.style == "bullet")
    _run(p, block.text)


def _cell_text(cell, lines: list[str], bold_first=False, bold=False, italic=False, size=None,
               align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.paragraphs[0].text = ""
    for n, line in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, bold=bold or (bold_first and n == 0), italic=italic, size=size)


def _heading_block(document, outline: Layout) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.5), Cm(9.5))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    _cell_text(table.cell(0, 0), outline.issuing, bold=True, size=Pt(12))
    _cell_text(table.cell(0, 1), [outline.nation, outline.motto], bold=True, size=Pt(12))
    table.cell(0, 1).paragraphs[1].runs[0].font.size = Pt(13)
    table.cell(0, 1).paragraphs[1].runs[0].underline = True
    _cell_text(table.cell(1, 0), [outline.number])
    _cell_text(table.cell(1, 1), [outline.place_date], italic=True)


def _table(document, block: Table) -> None:
    rows = [block.header, *block.rows, *([block.total] if block.total else [])]
    table = document.add_table(rows=len(rows), cols=len(block.header))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        strong = r == 0 or (block.total is not None and r == len(rows) - 1)
        for c, value in enumerate(values):
            align = (WD_ALIGN_PARAGRAPH.CENTER if r == 0 else
                     WD_ALIGN_PARAGRAPH.RIGHT if c in block.numeric else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(table.cell(r, c), [value], bold=strong, size=Pt(12), align=align)
    document.add_paragraph()


def _signature_block(document, outline: Layout) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    _cell_text(left, [outline.recipients_label], bold=True, italic=True, size=Pt(12),
               align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in outline.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=Pt(11))
    authority, title, note, name = outline.signer
    _cell_text(right, [authority, title], bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, note, italic=True, size=Pt(12))
    for _ in range(3):  # room for the signature and the seal
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, name, bold=True)
