"""One seed item in full: explanation, who acts, documents, source, checklist, self-checks."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..pages import href
from ..manual import load_manual
from ..roles import is_trainer
from ..schema import Step
from ..selfcheck import questions
from ..store import Store
from .checklist import ChecklistView
from .common import View, esc
from .manual import manual_link, section_label
from .selfcheck import SelfCheckView


def tool_links(view: View, tool_ids: list[str], from_dir: str) -> str:
    """Tags linking to practice tools; tools not built yet say so."""
    tags = []
    for tool_id in tool_ids:
        tool = view.content.tools[tool_id]
        if not tool.shown_to(is_trainer()):
            continue
        title = esc(tool.title.get(view.lang))
        if tool.status == "available":
            tags.append(f'<a class="tag" href="{esc(href(tool.path, from_dir))}" '
                        f'target="_blank">{title}</a>')
        else:
            tags.append(f'<span class="tag coming">{title} ({esc(view.t("tool.coming"))})</span>')
    return " ".join(tags)


class StepView(View):
    def __init__(self, step: Step, store: Store, from_dir: str = "",
                 on_change: Callable[[], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.step = step
        self.checklist = ChecklistView(step, store, on_change, content=self.content, lang=self.lang)
        self.self_checks = [SelfCheckView(q, lang=self.lang) for q in questions(step.id, self.content)]
        self.widget = w.VBox([
            w.HTML(self.details_html(from_dir)),
            self.checklist.widget,
            w.HTML(f"<h3>{esc(self.t('step.self_check'))}</h3>"),
            *[v.widget for v in self.self_checks],
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")

    def details_html(self, from_dir: str) -> str:
        s, lang, c = self.step, self.lang, self.content
        rows = [f"<h2>{esc(s.id)} · {esc(s.title.get(lang))}</h2>",
                f"<p class='muted'>{esc(c.phases[s.phase].title.get(lang))}</p>",
                f"<p>{esc(s.summary.get(lang))}</p>"]
        tags = lambda ids, table: " ".join(f"<span class='tag'>{esc(table[i].name.get(lang))}</span>"
                                            for i in ids)
        rows.append(f"<p><b>{esc(self.t('step.actors'))}:</b> {tags(s.actors, c.actors)}</p>")
        if s.documents:
            rows.append(f"<p><b>{esc(self.t('step.documents'))}:</b> {tags(s.documents, c.documents)}</p>")
        linked = s.steps if s.id.startswith("L") else [x.id for x in c.lecture_for(s.id)]
        if linked:
            label = self.t("step.belongs_to" if s.id.startswith("L") else "step.lecture_items")
            names = ", ".join(f"{esc(i)} {esc(c.steps[i].title.get(lang))}" for i in linked)
            rows.append(f"<p><b>{esc(label)}:</b> {names}</p>")
        if s.tools:
            rows.append(f"<p><b>{esc(self.t('step.tools'))}:</b> {tool_links(self, s.tools, from_dir)}</p>")
        rows.append(f"<p><b>{esc(self.t('step.citation'))}:</b> {self.source_link(from_dir)} "
                    f"(<code>{esc(s.citation.seed)}</code>)</p>"
                    f"<blockquote>{esc(s.citation.quote)}</blockquote>")
        return "<div class='thamvan'>" + "".join(rows) + "</div>"

    def source_link(self, from_dir: str) -> str:
        """The seed document and the place of the quote in it, linking to that place in the manual."""
        s = self.step
        document = self.t(f"seed.{s.citation.seed}")
        section = load_manual(self.content).citation(s)
        if section is None:  # a trainer's content may cite a passage the parser cannot place
            return esc(document)
        place = self.t("step.source_place", document=document, place=section_label(self, section, inline=True))
        return (f"<a class='manual-link' href='{esc(manual_link(s.id, section.anchor, from_dir))}' "
                f"target='_blank' title='{esc(self.t('step.open_manual'))}'>{esc(place)}</a>")
