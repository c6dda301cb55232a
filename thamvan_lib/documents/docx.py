"""Any outline as a Word file (python-docx): A4, Times New Roman 13 pt, the margins of an
administrative document (3 cm left, 2 cm elsewhere). Headings carry their outline level, so
Word's navigation pane, a PDF's bookmarks and a table of contents find them; a ``Contents``
block is a real TOC field (Word refreshes it) whose entries are written with the pages
LibreOffice laid out (``documents.pdf``); ``page_numbers`` puts the page at each foot.

>>> from .outline import Outline, Para, Table
>>> document = render(Outline("vi", "BẢNG", "Thử", [Para("Một câu."), Table(["A"], [["1"]])]))
>>> [p.text for p in document.paragraphs][:3], document.tables[0].cell(1, 0).text
(['BẢNG', 'Thử', 'Một câu.'], '1')
"""

from __future__ import annotations

import io

import docx as python_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from .outline import (CONTENTS_LEVELS, Contents, Figure, Heading, Letterhead, Outline, PageBreak, Para,
                      Signature, Table, contents_headings)

FONT = "Times New Roman"
SIZE = Pt(13)


def render(outline: Outline):
    """The outline as a ``docx.Document``; save it with ``.save(path)``."""
    document = python_docx.Document()
    _page(document)
    if outline.page_numbers:
        _page_number_footer(document)
    if outline.letterhead:
        _letterhead(document, outline.letterhead)
        _centred(document, outline.title, bold=True, size=Pt(14), before=Pt(18))
    else:
        _centred(document, outline.title, bold=True, size=Pt(14))
    _centred(document, outline.subject, bold=True, after=Pt(12))
    _blocks(document, outline.blocks, outline.is_sheet, contents_headings(outline.blocks))
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


def _blocks(document, blocks: list, sheet: bool, headings: list | None = None) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            p = _paragraph(document, block.text, bold=True, italic=sheet and block.level > 1, before=Pt(6))
            if block.level <= CONTENTS_LEVELS:
                _outline_level(p, block.level)
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Contents):
            _contents(document, block, headings or [])
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


# --- fields: the table of contents and the page number ------------------------------------

TEXT_WIDTH = Cm(16)  # A4 less the 3 cm and 2 cm margins


def _field_char(paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(mark)


def _field_code(paragraph, code: str) -> None:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    paragraph.add_run()._r.append(instr)


def _outline_level(paragraph, level: int) -> None:
    mark = OxmlElement("w:outlineLvl")
    mark.set(qn("w:val"), str(level - 1))
    paragraph._p.get_or_add_pPr().append(mark)


def _contents(document, block: Contents, headings: list) -> None:
    """A TOC field over the headings' outline levels; its shown result is one line per
    heading with its page (blank until the pages are known)."""
    _centred(document, block.title, bold=True, size=Pt(14), after=Pt(6))
    pages = block.pages if len(block.pages) == len(headings) else [""] * len(headings)
    last = len(headings) - 1
    for n, (heading, page) in enumerate(zip(headings, pages)):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.left_indent = Cm(0.75 * (heading.level - 1))
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if n == 0:
            _field_char(p, "begin")
            _field_code(p, f'TOC \\o "1-{CONTENTS_LEVELS}" \\u \\z')
            _field_char(p, "separate")
        _run(p, heading.text, bold=heading.level == 1)
        _run(p, f"\t{page}")
        if n == last:
            _field_char(p, "end")
            # the break inside the last line: a full contents page gets no blank page after it
            p.add_run().add_break(WD_BREAK.PAGE)


def _page_number_footer(document) -> None:
    p = document.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_char(p, "begin")
    _field_code(p, "PAGE")
    _field_char(p, "separate")
    _run(p, "1", size=Pt(11))
    _field_char(p, "end")
