"""Self-contained HTML pages of the plan and its public notice.

One file with its style inline: no web fonts, no CDN, no link to anything, so the page
opens offline, prints on A4 and can be attached to an e-mail as it is.

>>> from thamvan_lib.plan import load_example
>>> page = notice_html(load_example().plan, "en")
>>> "<h1>NOTICE</h1>" in page, "Where and how to send opinions" in page
(True, True)
"""

from __future__ import annotations

from html import escape

from ..plan import ConsultationPlan
from .layout import Heading, Layout, Para, notice_layout, plan_layout

STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.4;
       color: #000; background: #eee; margin: 0; }
.page { background: #fff; max-width: 16cm; margin: 1em auto; padding: 2cm 2cm 2cm 3cm; }
table.heading, table.signature { width: 100%; border-collapse: collapse; }
table.signature { margin-top: 1em; }
table.heading td, table.signature td { vertical-align: top; text-align: center; padding: 0; }
table.heading td.left { width: 40%; font-weight: bold; font-size: 12pt; }
table.heading td.right { width: 60%; font-size: 12pt; }
.nation { font-weight: bold; }
.motto { font-weight: bold; font-size: 13pt; text-decoration: underline; }
.number { font-weight: normal; margin-top: .4em; }
.date { font-style: italic; margin-top: .6em; }
h1 { font-size: 14pt; text-align: center; margin: 1.2em 0 0; }
.subject { text-align: center; font-weight: bold; margin: 0 0 1em; }
h2 { font-size: 13pt; margin: .8em 0 .2em; }
h3 { font-size: 13pt; margin: .6em 0 .2em; }
p { text-align: justify; text-indent: 1cm; margin: .2em 0; }
p.bullet { text-indent: -0.5cm; margin-left: 1cm; }
table.data { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; font-size: 12pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2px 6px; text-align: left; }
table.data th { text-align: center; }
table.data td.num { text-align: right; }
table.data tr.total td { font-weight: bold; }
table.signature td.left { width: 45%; text-align: left; font-size: 11pt; }
table.signature td.left .label { font-weight: bold; font-style: italic; font-size: 12pt; }
table.signature td.right { width: 55%; }
.signer { font-weight: bold; }
.note { font-style: italic; font-size: 12pt; margin-bottom: 4em; }
@media print { body { background: #fff; } .page { margin: 0; padding: 0; max-width: none; } }
"""


def plan_html(plan: ConsultationPlan, lang: str | None = None) -> str:
    """The consultation plan as one self-contained HTML page."""
    return render(plan_layout(plan, lang))


def notice_html(plan: ConsultationPlan, lang: str | None = None) -> str:
    """The public notice as one self-contained HTML page."""
    return render(notice_layout(plan, lang))


def _lines(lines: list[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return "".join(f"<div{cls}>{escape(line)}</div>" for line in lines)


def _block(block) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level == 1 else "h3"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Para):
        label = f"<b>{escape(block.label)}</b>" if block.label and block.style != "bullet" else \
            f"<i>{escape(block.label)}</i>" if block.label else ""
        if block.style == "bullet":
            return f'<p class="bullet">- {label}{escape(block.text)}</p>'
        return f"<p>{label}{escape(block.text)}</p>"
    rows = ["<tr>" + "".join(f"<th>{escape(h)}</th>" for h in block.header) + "</tr>"]
    for values, total in [(r, False) for r in block.rows] + ([(block.total, True)] if block.total else []):
        cells = "".join(f'<td class="num">{escape(v)}</td>' if c in block.numeric else
                        f"<td>{escape(v)}</td>" for c, v in enumerate(values))
        rows.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
    return f'<table class="data">{"".join(rows)}</table>'


def render(outline: Layout) -> str:
    authority, title, note, name = outline.signer
    parts = [
        "<!DOCTYPE html>", f'<html lang="{outline.lang}">', "<head>", '<meta charset="utf-8">',
        f"<title>{escape(outline.title)} – {escape(outline.subject)}</title>",
        f"<style>{STYLE}</style>", "</head>", "<body>", '<div class="page">',
        '<table class="heading"><tr>',
        f'<td class="left">{_lines(outline.issuing)}<div class="number">{escape(outline.number)}</div></td>',
        f'<td class="right"><div class="nation">{escape(outline.nation)}</div>'
        f'<div class="motto">{escape(outline.motto)}</div>'
        f'<div class="date">{escape(outline.place_date)}</div></td>',
        "</tr></table>",
        f"<h1>{escape(outline.title)}</h1>",
        f'<div class="subject">{escape(outline.subject)}</div>',
        *(_block(b) for b in outline.blocks),
        '<table class="signature"><tr>',
        f'<td class="left"><div class="label">{escape(outline.recipients_label)}</div>'
        f"{_lines(outline.recipients)}</td>",
        f'<td class="right"><div class="signer">{escape(authority)}</div>'
        f'<div class="signer">{escape(title)}</div><div class="note">{escape(note)}</div>'
        f'<div class="signer">{escape(name)}</div></td>',
        "</tr></table>", "</div>", "</body>", "</html>",
    ]
    return "\n".join(parts) + "\n"
