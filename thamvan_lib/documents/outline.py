"""What every document of the kit is made of, before it is drawn as Word or HTML.

An ``Outline`` is a title, a subject and a list of blocks (``Heading``, ``Para``,
``Table``, ``Figure``, ``PageBreak``, ``Contents``). An administrative document (plan, notice,
programme, report, public page) also has a ``Letterhead`` (issuing body and number on the
left; the national name, motto, place and date on the right) and a ``Signature`` block
(recipients, signer), and may have an appendix after the signature. A handout sheet of a
workshop has neither. ``docx.render`` and ``html.render`` draw any outline, so the Word
file and the web page of a document always say the same thing.

>>> outline = Outline("vi", "BÁO CÁO", "Kết quả", [Heading(1, "I. MỤC ĐÍCH"), Para("Một câu.")])
>>> print(plain_text(outline))
BÁO CÁO
Kết quả
I. MỤC ĐÍCH
Một câu.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from ..content import load
from ..i18n import BLANK

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class Heading:
    kind: ClassVar[str] = "heading"
    level: int     # 1: "I. MỤC ĐÍCH, YÊU CẦU"; 2: "1. Mục đích"
    text: str


@dataclass
class Para:
    kind: ClassVar[str] = "para"
    text: str
    label: str = ""          # words before the text: "Địa chỉ gửi ý kiến: " (bold; italic in a bullet)
    style: str = "body"      # body | bullet | item (a lettered item "a) …")


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None   # a last row in bold
    numeric: tuple[int, ...] = ()    # columns aligned right

    def all_rows(self) -> list[list[str]]:
        return [self.header, *self.rows, *([self.total] if self.total else [])]


@dataclass
class Figure:
    """A chart: PNG bytes, a caption, and its height in lines of text (for a length measure)."""

    kind: ClassVar[str] = "figure"
    png: bytes
    caption: str
    lines: float = 12


@dataclass
class PageBreak:
    """Start a new page."""

    kind: ClassVar[str] = "page_break"


@dataclass
class Contents:
    """The table of contents: the outline's first- and second-level headings, each with its
    page once the document has been laid out (``pages``, one per heading; empty before)."""

    kind: ClassVar[str] = "contents"
    title: str
    pages: list[str] = field(default_factory=list)


CONTENTS_LEVELS = 2  # the heading levels a table of contents lists


def contents_headings(blocks: list) -> list[Heading]:
    """The headings a table of contents lists, in order."""
    return [b for b in blocks if isinstance(b, Heading) and b.level <= CONTENTS_LEVELS]


@dataclass
class Letterhead:
    """The heading block of an administrative document."""

    issuing: list[str]        # left, in capitals
    number: str               # "Số: …/KH-HĐND"
    nation: str
    motto: str
    place_date: str


@dataclass
class Signature:
    """Recipients ("Nơi nhận:") on the left, the signer on the right."""

    recipients_label: str
    recipients: list[str]
    signer: list[str]         # authority, title, note, name


@dataclass
class Outline:
    lang: str
    title: str
    subject: str
    blocks: list = field(default_factory=list)
    letterhead: Letterhead | None = None     # None: a handout sheet
    signature: Signature | None = None
    appendix: list = field(default_factory=list)
    appendix_title: str = ""
    styles: tuple[str, ...] = ()   # extra style sheets of the HTML page: "figures", "feedback", "sheet"
    page_numbers: bool = False     # a page number at the foot of every page (long printed materials)

    @property
    def is_sheet(self) -> bool:
        """A handout (no letterhead): second-level headings in italics, tables in 11 pt."""
        return self.letterhead is None


class Blocks(list):
    """A list of blocks with the words to add them: ``heading``, ``para``, ``bullets``.
    An empty text prints as "…", so a half-filled draft still prints."""

    def heading(self, text: str, level: int = 1) -> None:
        self.append(Heading(level, text))

    def para(self, text: str, label: str = "", style: str = "body") -> None:
        self.append(Para(text or BLANK, label, style))

    def bullets(self, items) -> None:
        for item in list(items) or [BLANK]:
            self.append(Para(item, "", "bullet"))


def doc_text(key: str, lang: str, **values) -> str:
    """A label shared by the administrative documents (``plan.doc.*``)."""
    return load().message(f"plan.doc.{key}", lang, **values)


def place_date(lang: str, place: str, day: dt.date | None) -> str:
    """ "Sơn Hà, ngày 08 tháng 4 năm 2026": administrative usage writes days 1–9 and the
    months January and February with a 0.

    >>> place_date("vi", "Sơn Hà", dt.date(2026, 2, 5))
    'Sơn Hà, ngày 05 tháng 02 năm 2026'
    """
    if day is None:
        return doc_text("place_date", lang, place=place or BLANK, day=BLANK, month=BLANK, year=BLANK)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return doc_text("place_date", lang, place=place or BLANK, day=f"{day.day:02d}", month=month,
                    year=day.year)


def letterhead(lang: str, issuing: list[str], number: str, symbol: str, place: str,
               day: dt.date | None) -> Letterhead:
    """The heading block: issuing bodies in capitals, "Số: 12/KH-HĐND", nation, motto, date."""
    return Letterhead(issuing=[line.upper() for line in issuing if line.strip()] or [BLANK],
                      number=doc_text("number", lang, number=number or BLANK, symbol=symbol or BLANK),
                      nation=doc_text("nation", lang), motto=doc_text("motto", lang),
                      place_date=place_date(lang, place, day))


def signature(lang: str, recipients: list[str], signer: list[str]) -> Signature:
    """Recipients, each after a dash, and the signer's lines (authority, title, note, name)."""
    return Signature(doc_text("recipients", lang), [f"- {r}" for r in recipients], signer)


def report_outline(lang: str, title: str, subject: str, symbol: str, day, issuing: str | None,
                   place: str | None, signer: list[str], recipients: list[str],
                   blocks: list, appendix: list = ()) -> Outline:
    """An administrative report: the office's letterhead (``issuing`` and ``place``, by
    default those of ``reports.doc.*``), no number yet, the appendix after the signature."""
    issuing = issuing or load().message("reports.doc.issuing", lang)
    return Outline(lang, title, subject, list(blocks),
                   letterhead(lang, issuing.split("\n"), BLANK, symbol,
                              place or load().message("reports.doc.place", lang), day),
                   signature(lang, recipients, signer),
                   appendix=list(appendix), appendix_title=load().message("reports.doc.appendix", lang),
                   styles=("figures",))


def item_letter(n: int) -> str:
    """The letter of the n-th item (from 0): a, b, c … (the Vietnamese alphabet has no j, w)."""
    return "abcdefghiklmnopqrstuvxy"[n % 23]


def block_lines(blocks: list) -> list[str]:
    """The words of blocks, one line per heading, paragraph, table row; a figure by its caption."""
    lines = []
    for b in blocks:
        if isinstance(b, Heading):
            lines.append(b.text)
        elif isinstance(b, Para):
            lines.append(b.label + b.text)
        elif isinstance(b, Table):
            lines += [" | ".join(row) for row in b.all_rows()]
        elif isinstance(b, Figure):
            lines.append(f"[{b.caption}]")
        elif isinstance(b, Contents):
            lines.append(b.title)
    return lines


def plain_text(outline: Outline) -> str:
    """All the words of an outline in reading order, one line per block (for tests and
    previews); the appendix follows its title."""
    lines = []
    if outline.letterhead:
        h = outline.letterhead
        lines += [*h.issuing, h.number, h.nation, h.motto, h.place_date]
    lines += [outline.title, outline.subject, *block_lines(outline.blocks)]
    if outline.signature:
        s = outline.signature
        lines += [s.recipients_label, *s.recipients, *s.signer]
    if outline.appendix:
        lines += [outline.appendix_title, *block_lines(outline.appendix)]
    return "\n".join(line for line in lines if line.strip())
