"""Any outline as one self-contained HTML page, escaped by its Jinja2 template."""

import re

from thamvan_lib.documents.html import render
from thamvan_lib.documents.outline import (Figure, Heading, Outline, PageBreak, Para, Table,
                                           letterhead, signature)


def test_every_value_is_escaped():
    hostile = "<script>alert(1)</script> & \"co\""
    page = render(Outline("vi", hostile, hostile, [Heading(1, hostile), Para(hostile, hostile),
                                                   Table([hostile], [[hostile]], [hostile]),
                                                   Figure(b"\x89PNG", hostile)],
                          letterhead("vi", [hostile], hostile, hostile, hostile, None),
                          signature("vi", [hostile], [hostile] * 4),
                          appendix=[Para(hostile)], appendix_title=hostile))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"https?://|<link|@import", page)


def test_the_blocks_as_markup():
    page = render(Outline("en", "T", "S", [
        Heading(1, "I. ONE"), Heading(2, "1. One"), Para("text", "Label: "),
        Para("item", "Who: ", "bullet"), Table(["No.", "Sum"], [["1", "2"]], ["", "2"], numeric=(1,)),
        Figure(b"\x89PNG", "Chart"), PageBreak()], styles=("sheet",)))
    assert '<h1 class="sheet-title">T</h1>' in page and '<div class="subject">S</div>' in page
    assert "<h2>I. ONE</h2>" in page and "<h3>1. One</h3>" in page
    assert "<p><b>Label: </b>text</p>" in page and '<p class="bullet">- <i>Who: </i>item</p>' in page
    assert ('<table class="data"><tr><th>No.</th><th>Sum</th></tr><tr><td>1</td><td class="num">2</td>'
            '</tr><tr class="total"><td></td><td class="num">2</td></tr></table>') in page
    assert '<img alt="Chart" src="data:image/png;base64,iVBORw==">' in page
    assert '<div class="break"></div>' in page and ".sheet-title" in page
    assert 'class="heading"' not in page and 'class="signature"' not in page


def test_a4_print_style_inline():
    page = render(Outline("vi", "T", "S", letterhead=letterhead("vi", ["VP"], "", "", "", None)))
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"vi\">") and "<style>" in page
    assert '"Times New Roman"' in page and "@media print" in page
    assert '<td class="left"><div>VP</div><div class="number">' in page
