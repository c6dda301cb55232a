"""Any outline as a Word file (python-docx): A4, Times New Roman 13 pt, the margins of an
administrative document (3 cm left, 2 cm elsewhere).

>>> from .outline import Outline, Para, Table
>>> document = render(Outline("vi", "BẢNG", "Thử", [Para("Một câu."), Table(["A"], [["1"]])]))
>>> [p.text for p in document.paragraphs][:3], document.tables[0].cell(1, 0).text
(['BẢNG', 'Thử', 'Một câu.'], '1')
"""

from __future__ import annotations

import io

import docx as python_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from .outline import Figure, Heading, Letterhead, Outline, PageBreak, Para, Signature, Table

FONT = "Times New Roman"
SIZE = Pt(13)


def render(outline: Outline):
    """The outline as a ``docx.Document``; save it with ``.save(path)``."""
    document = python_docx.Document()
    _page(document)
    if outline.letterhead:
        _letterhead(document, outline.letterhead)
        _centred(document, outline.title, bold=True, size=Pt(14), before=Pt(18))
    else:
        _centred(document, outline.title, bold=True, size=Pt(14))
    _centred(document, outline.subject, bold=True, after=Pt(12))
    _blocks(document, outline.blocks, outline.is_sheet)
    if outline.signature:
        _signature(document, outline.signature)
    if outline.appendix:
        document.add_page_break()
        _centred(document, outline.appendix_title, bold=True, size=Pt(14), after=Pt(6))
        _blocks(document, outline.appendix, outline.is_sheet)
    return document


def docx_bytes(document) -> bytes:
    """The file's bytes, for a download button."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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


def _blocks(document, blocks: list, sheet: bool) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _paragraph(document, block.text, bold=True, italic=sheet and block.level > 1, before=Pt(6))
        elif isinstance(block, Para):
            _para(document, block)
        elif isinstance(block, Table):
            _table(document, block, Pt(11) if sheet else Pt(12))
        elif isinstance(block, Figure):
            _figure(document, block)
        elif isinstance(block, PageBreak):
            document.add_page_break()


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


def _figure(document, figure: Figure) -> None:
    """The picture 15 cm wide, centred, with its caption underneath."""
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.add_run().add_picture(io.BytesIO(figure.png), width=Cm(15))
    _centred(document, figure.caption, italic=True, size=Pt(12))


def _cell_text(cell, lines: list[str], bold_first=False, bold=False, italic=False, size=None,
               align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.paragraphs[0].text = ""
    for n, line in enumerate(lines):
        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, bold=bold or (bold_first and n == 0), italic=italic, size=size)


def _letterhead(document, head: Letterhead) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.5), Cm(9.5))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    _cell_text(table.cell(0, 0), head.issuing, bold=True, size=Pt(12))
    _cell_text(table.cell(0, 1), [head.nation, head.motto], bold=True, size=Pt(12))
    table.cell(0, 1).paragraphs[1].runs[0].font.size = Pt(13)
    table.cell(0, 1).paragraphs[1].runs[0].underline = True
    _cell_text(table.cell(1, 0), [head.number])
    _cell_text(table.cell(1, 1), [head.place_date], italic=True)


def _table(document, block: Table, size) -> None:
    # Cell by cell in one pass: ``table.cell(r, c)`` walks the whole table each time
    # (minutes for the large checklists of a workshop).
    rows = block.all_rows()
    table = document.add_table(rows=len(rows), cols=len(block.header))
    table.style = "Table Grid"
    for r, (tr, values) in enumerate(zip(table._tbl.tr_lst, rows)):
        strong = r == 0 or (block.total is not None and r == len(rows) - 1)
        for c, (tc, value) in enumerate(zip(tr.tc_lst, values)):
            align = (WD_ALIGN_PARAGRAPH.CENTER if r == 0 else
                     WD_ALIGN_PARAGRAPH.RIGHT if c in block.numeric else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(_Cell(tc, table), [value], bold=strong, size=size, align=align)
    document.add_paragraph()


def _signature(document, sign: Signature) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    _cell_text(left, [sign.recipients_label], bold=True, italic=True, size=Pt(12),
               align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in sign.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=Pt(11))
    authority, title, note, name = sign.signer
    _cell_text(right, [authority, title], bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, note, italic=True, size=Pt(12))
    for _ in range(3):  # room for the signature and the seal
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, name, bold=True)
