"""What the walk-through notebooks show: a phase's objectives, steps, key points and tools.

Notebooks call these one per cell, so a notebook stays a short list of calls.
"""

from __future__ import annotations

import ipywidgets as w

from ..pages import HOME_ROUTE, href
from ..content import Content, load, load_kind
from ..i18n import date_text
from ..selfcheck import Question, questions
from ..store import Store, preferred_language
from .common import esc, stylesheet
from .step import StepView, tool_links


class _Page:
    def __init__(self, content: Content | None = None, lang: str | None = None):
        self.content, self.lang = content or load(), lang or preferred_language()

    def t(self, key, **values):
        return self.content.message(key, self.lang, **values)


def _html(body: str) -> w.VBox:
    box = w.VBox([stylesheet(), w.HTML(f"<div class='thamvan'>{body}</div>")])
    return box


def _items(texts) -> str:
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>"


def header(phase: int, lang: str | None = None) -> w.VBox:
    """The phase's summary and objectives (Carpentries: objectives first)."""
    page = _Page(lang=lang)
    p = page.content.phases[phase]
    return _html(f"<p>{esc(p.summary.get(page.lang))}</p>"
                 f"<h2>{esc(page.t('lesson.objectives'))}</h2>"
                 f"<p>{esc(page.t('lesson.objectives_intro'))}</p>"
                 + _items(o.get(page.lang) for o in p.objectives))


def steps(phase: int, lang: str | None = None, store: Store | None = None) -> w.Accordion:
    """Every process step of the phase, then its lecture items, each as a full step view."""
    page = _Page(lang=lang)
    store = store or Store()
    items = page.content.phase_steps(phase) + page.content.lecture_items(phase)
    views = [StepView(s, store, content=page.content, lang=page.lang) for s in items]
    accordion = w.Accordion(children=[v.widget for v in views], selected_index=None)
    for i, s in enumerate(items):
        accordion.set_title(i, f"{s.id} · {s.title.get(page.lang)}")
    return accordion


def step(step_id: str, lang: str | None = None, store: Store | None = None) -> StepView:
    page = _Page(lang=lang)
    return StepView(page.content.steps[step_id], store or Store(), content=page.content, lang=page.lang)


def key_points(phase: int, lang: str | None = None) -> w.VBox:
    page = _Page(lang=lang)
    p = page.content.phases[phase]
    return _html(f"<h2>{esc(page.t('lesson.key_points'))}</h2>"
                 + _items(k.get(page.lang) for k in p.key_points))


def tools(phase: int, lang: str | None = None) -> w.VBox:
    """Links to the practice tools the phase's steps use."""
    page = _Page(lang=lang)
    items = page.content.phase_steps(phase) + page.content.lecture_items(phase)
    ids = list(dict.fromkeys(t for s in items for t in s.tools)) or ["home"]
    home = f"<a class='tag' href='{esc(href(HOME_ROUTE))}' target='_blank'>{esc(page.content.tools['home'].title.get(page.lang))}</a>"
    return _html(f"<h2>{esc(page.t('lesson.tools'))}</h2><p>{home} {tool_links(page, ids, '')}</p>")


def intro(lang: str | None = None) -> w.VBox:
    """How to use the kit and the five phases at a glance."""
    page = _Page(lang=lang)
    how = _items(page.t(f"intro.how.{i}") for i in range(1, 6))
    phases = "<ol>" + "".join(
        f"<li><a href='{esc(href(p.notebook))}'>{esc(p.title.get(page.lang))}</a>: "
        f"{esc(p.summary.get(page.lang))}</li>" for p in page.content.phases.values()) + "</ol>"
    return _html(f"<h2>{esc(page.t('intro.title'))}</h2>{how}"
                 f"<h2>{esc(page.t('intro.phases'))}</h2>{phases}")


def glossary(lang: str | None = None) -> w.VBox:
    page = _Page(lang=lang)
    rows = "".join(f"<tr><td><b>{esc(g.term)}</b></td><td>{esc(g.expansion.get(page.lang))}</td>"
                   f"<td>{esc(g.note.get(page.lang)) if g.note else ''}</td></tr>"
                   for g in page.content.glossary)
    return _html(f"<h2>{esc(page.t('glossary.title'))}</h2><table>{rows}</table>")


def legal_frame(lang: str | None = None) -> w.VBox:
    """The legal-frame page: what is law (dated, sourced) and what is the kit's good practice."""
    page, frame = _Page(lang=lang), load_kind("legal_frame")
    lang = page.lang

    def dates(text) -> str:
        parts = [page.t("legal.adopted", day=date_text(text.adopted))]
        if text.effective:
            parts.append(page.t("legal.effective", day=date_text(text.effective)))
        return ", ".join(parts)
    law = "".join(f"<li><b>{esc(t.name)}</b> ({esc(t.number)}; {esc(dates(t))}): {esc(t.frames.get(lang))} "
                  f"<span class='muted'>{esc(page.t('legal.source', source=t.source))}</span></li>"
                  for t in frame.law)
    practice = "".join(f"<li>{esc(p.get(lang))}</li>" for p in frame.practice)
    return _html(f"<h2>{esc(frame.title.get(lang))}</h2>"
                 f"<p class='muted'>{esc(page.t('legal.updated', day=date_text(frame.updated)))}</p>"
                 f"<p>{esc(frame.intro.get(lang))}</p><h3>{esc(page.t('legal.law'))}</h3><ul>{law}</ul>"
                 f"<h3>{esc(page.t('legal.practice'))}</h3><ul>{practice}</ul>")


def question(step_id: str, number: int = 1) -> Question:
    """The ``number``-th self-check question of a step, for ``check()``, ``hint()``, ``solution()``."""
    return questions(step_id)[number - 1]
