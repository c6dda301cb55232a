"""The manual: both seed documents as pages, each passage with the kit items that cite it.

Every section has an HTML anchor (``#slide-7``, ``#p1-1``) and the quoted words are
highlighted with ``<mark>``. A step's "Nguồn" line links here as
``manual.ipynb?step=P1.1#p1-1``: the anchor serves in-page links, and the ``step``
parameter (read from Voila's query string) puts the cited passage at the top of the
page, since the browser has scrolled before the widgets exist.
"""

from __future__ import annotations

import ipywidgets as w

from ..pages import href, step_href
from ..manual import Manual, Section, load_manual, quote_spans
from ..store import Store, preferred_language
from .common import View, esc, query_parameter, stylesheet

MANUAL_PAGE = "dashboards/manual.ipynb"

_CSS = """
.thamvan-manual section.manual-section { display: flex; gap: 16px; align-items: flex-start;
  border-top: 1px solid #e0e0e0; padding: 6px 0; scroll-margin-top: 12px; }
.thamvan-manual .manual-passage { flex: 3; min-width: 0; }
.thamvan-manual .manual-text { white-space: pre-line; }
.thamvan-manual aside.manual-cited { flex: 1; min-width: 180px; font-size: 0.9em;
  background: #f6f8fb; border-radius: 6px; padding: 4px 10px; }
.thamvan-manual aside.manual-cited ul { margin: 0.2em 0; padding-left: 1.1em; }
.thamvan-manual mark { background: #fff2a8; padding: 0 1px; }
.thamvan-manual .manual-focus { border: 2px solid #f0c419; border-radius: 8px; padding: 4px 12px;
  margin: 8px 0; }
.thamvan-manual .manual-toc { columns: 2; }
"""


def section_label(view: View, section: Section, inline: bool = False) -> str:
    """How a section is named: "Trang chiếu 7", "Giai đoạn 1, bước 1" ... as a title, or
    "trang chiếu 7" ... inside a sentence (``inline``)."""
    if inline:
        return view.t(f"manual.place.{section.kind}", number=section.number, phase=section.phase)
    if section.kind == "slide":
        return view.t("manual.slide", number=section.number)
    if section.kind == "step":
        return view.t("manual.step", phase=section.phase, number=section.number)
    if section.kind == "phase":
        return view.t("step.phase", phase=section.number)
    return view.t("manual.intro_section")


def manual_link(step_id: str, anchor: str, from_dir: str = "") -> str:
    """The address of a step's cited passage, from a notebook in ``from_dir``."""
    return f"{href(MANUAL_PAGE, from_dir)}?step={step_id}#{anchor}"


class ManualView(View):
    """The two seed documents, with a table of contents and, on request, one step's passage first."""

    def __init__(self, step_id: str | None = None, store: Store | None = None,
                 lang: str | None = None, from_dir: str = "dashboards", **kwargs):
        super().__init__(lang=lang or preferred_language(store), **kwargs)
        self.manual: Manual = load_manual(self.content)
        self.from_dir = from_dir
        self.step_id = step_id if step_id is not None else query_parameter("step")
        documents = [w.HTML(self.document_html(seed)) for seed in self.manual.documents]
        self.widget = w.VBox([stylesheet(), w.HTML(f"<style>{_CSS}</style>", layout=w.Layout(display="none")),
                              w.HTML(self.header_html()), *documents], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan").add_class("thamvan-manual")

    # --- pieces -------------------------------------------------------------------

    def header_html(self) -> str:
        toc = "".join(
            f"<li><a href='#{esc(s.anchor)}'>{esc(self._title(s))}</a></li>"
            for seed in self.manual.documents for s in self.manual.sections(seed) if s.kind != "step")
        return (f"<div class='thamvan'><h1>{esc(self.t('manual.title'))}</h1>"
                f"<p class='muted'>{esc(self.t('manual.intro'))}</p>{self.focus_html()}"
                f"<h2>{esc(self.t('manual.contents'))}</h2><ul class='manual-toc'>{toc}</ul></div>")

    def focus_html(self) -> str:
        """The requested step's passage, highlighted, with a link to it in the full text."""
        if not self.step_id:
            return ""
        step = self.content.steps.get(self.step_id)
        section = self.manual.citation(step) if step else None
        if section is None:
            return f"<p class='muted'>{esc(self.t('manual.unknown_step', item=self.step_id))}</p>"
        item = f"{step.id} · {step.title.get(self.lang)}"
        return (f"<div class='manual-focus'><h2>{esc(self.t('manual.focus', item=item))}</h2>"
                f"{self.section_html(section, anchored=False, highlight=[step])}"
                f"<p><a href='#{esc(section.anchor)}'>{esc(self.t('manual.full_text'))}</a></p></div>")

    def document_html(self, seed: str) -> str:
        sections = "".join(self.section_html(s) for s in self.manual.sections(seed))
        return (f"<div class='thamvan'><h2>{esc(self.t(f'seed.{seed}'))}</h2>"
                f"<p class='muted'><code>{esc(seed)}</code></p>{sections}</div>")

    def _title(self, section: Section) -> str:
        label = section_label(self, section)
        if section.kind == "slide":
            return f"{label} · {section.heading}"
        if section.kind == "phase":  # "1.Giai đoạn 1: Chuẩn bị ..." -> label: "Chuẩn bị ..."
            return f"{label}: {section.heading.split(':', 1)[-1].strip()}"
        if section.kind == "intro":
            return f"{label} · {section.heading}"
        return label

    def section_html(self, section: Section, anchored: bool = True, highlight=None) -> str:
        """One passage with its anchor (unless ``anchored`` is False), the quotes of the items
        citing it (or only of ``highlight``) marked, and those items beside it."""
        citing = self.manual.cited_by(section)
        quotes = [s.citation.quote for s in (citing if highlight is None else highlight)]
        level = "h4" if section.kind == "step" else "h3"
        ident = f" id='{esc(section.anchor)}'" if anchored else ""
        if not section.body and not citing:  # a title slide, a phase's heading
            return f"<{level}{ident} class='manual-heading'>{esc(self._title(section))}</{level}>"
        return (f"<section class='manual-section'{ident}><div class='manual-passage'>"
                f"<{level}>{esc(self._title(section))}</{level}>"
                f"<div class='manual-text'>{_marked(section.body, quotes)}</div></div>"
                f"{self._cited_html(citing)}</section>")

    def _cited_html(self, citing) -> str:
        if not citing:
            return f"<aside class='manual-cited muted'>{esc(self.t('manual.not_cited'))}</aside>"
        items = "".join(
            f"<li><a href='{esc(step_href(s.id, self.from_dir))}' title='{esc(self.t('manual.open_step'))}'>"
            f"{esc(s.id)} · {esc(s.title.get(self.lang))}</a></li>" for s in citing)
        return f"<aside class='manual-cited'><b>{esc(self.t('manual.cited_by'))}</b><ul>{items}</ul></aside>"


def _marked(text: str, quotes: list[str]) -> str:
    """``text`` escaped for HTML, with every quote's words inside ``<mark>``."""
    out, last = [], 0
    for start, end in quote_spans(text, quotes):
        out += [esc(text[last:start]), f"<mark>{esc(text[start:end])}</mark>"]
        last = end
    return "".join(out) + esc(text[last:])
