"""The home dashboard: phases → steps → details, search without diacritics, progress, language switch."""

from __future__ import annotations

import ipywidgets as w

from ..content import LANGUAGES
from ..process import progress, search
from ..schema import Step
from ..store import Store
from .base import StoreView
from .common import LANGUAGE_SETTING, esc, href, query_parameter, stylesheet
from .step import StepView, tool_links

HOME_DIR = "dashboards"  # where the home notebook lives under notebooks/


class HomeView(StoreView):
    """The home dashboard. ``lang`` fixes the language; otherwise the learner's choice
    (saved by the language switch) or ``THAMVAN_LANG`` is used. A ``?step=P1.1`` in the
    page's address opens that step (the manual's "cited by" links use it)."""

    def __init__(self, store: Store | None = None, lang: str | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.current: StepView | None = None
        self.widget = w.VBox(layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self._build()
        requested = query_parameter("step")
        if requested in self.content.steps:
            self.open_step(requested)

    def _build(self, search: str = "", phase: int = 1) -> None:
        """(Re)create every widget in the current language and show them."""
        self.language_picker = w.ToggleButtons(
            options=[(self.t(f"language.{lang}"), lang) for lang in LANGUAGES], value=self.lang,
            tooltips=[self.t("language.label")] * len(LANGUAGES), style={"button_width": "auto"})
        self.language_picker.observe(lambda change: self.set_language(change["new"]), names="value")
        self.language_picker.add_class("thamvan-language")
        self.progress_bar = w.FloatProgress(min=0, max=1, bar_style="success",
                                            layout=w.Layout(width="100%", height="14px"))
        self.progress_label = w.HTML()
        self.search_box = w.Text(value=search, placeholder=self.t("home.search.placeholder"),
                                 continuous_update=True, layout=w.Layout(width="100%"))
        self.search_box.observe(lambda _: self._refresh_list(), names="value")
        self.search_note = w.HTML()
        phases = self.content.phases.values()
        self.phase_picker = w.ToggleButtons(
            options=[(self.t("step.phase", phase=p.id), p.id) for p in phases],
            tooltips=[p.title.get(self.lang) for p in phases], value=phase,
            style={"button_width": "auto"})
        self.phase_picker.observe(lambda _: self._refresh_list(), names="value")
        self.phase_title = w.HTML()
        self.step_list = w.VBox(layout=w.Layout(width="100%"))
        self.step_list.add_class("thamvan-steps")
        self.detail = w.VBox([w.HTML(f"<p class='thamvan muted'>{esc(self.t('home.choose_step'))}</p>")],
                             layout=w.Layout(width="100%"))
        left = w.VBox([self.search_box, self.search_note, self.phase_picker, self.phase_title,
                       self.step_list], layout=w.Layout(width="40%", padding="0 12px 0 0"))
        center = w.VBox([self.detail], layout=w.Layout(width="60%"))
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('app.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('app.subtitle'))}</p></div>")
        top = w.HBox([header, self.language_picker],
                      layout=w.Layout(width="100%", justify_content="space-between", align_items="center"))
        self.widget.children = [stylesheet(), top, self.progress_label, self.progress_bar,
                                w.HBox([left, center], layout=w.Layout(width="100%")),
                                w.HTML(self.links_html())]
        self._refresh_list()
        self._refresh_progress()

    def set_language(self, lang: str) -> None:
        """Show the dashboard in ``lang`` and remember the choice for this learner."""
        if lang not in LANGUAGES:
            return
        self.store.set_setting(LANGUAGE_SETTING, lang)
        if lang == self.lang:
            return
        self.lang = lang
        current = self.current.step.id if self.current else None
        self._build(search=self.search_box.value, phase=self.phase_picker.value)
        if current:
            self.open_step(current)

    def _step_label(self, step: Step) -> str:
        p = progress(self.store, [step])
        return f"{step.id} · {step.title.get(self.lang)} ({p.done}/{p.total})"

    def _refresh_list(self) -> None:
        query = self.search_box.value.strip()
        if query:
            steps = search(query, self.content)
            key = "home.search.results" if steps else "home.search.none"
            self.search_note.value = f"<p class='thamvan muted'>{esc(self.t(key, count=len(steps), query=query))}</p>"
            self.phase_title.value = ""
        else:
            phase = self.phase_picker.value
            steps = self.content.phase_steps(phase) + self.content.lecture_items(phase)
            self.search_note.value = ""
            self.phase_title.value = (f"<div class='thamvan'><h3>{esc(self.content.phases[phase].title.get(self.lang))}</h3>"
                                      f"<p>{esc(self.content.phases[phase].summary.get(self.lang))}</p></div>")
        buttons = []
        for step in steps:
            button = w.Button(description=self._step_label(step), tooltip=step.title.get(self.lang),
                              layout=w.Layout(width="100%", height="auto"))
            button.on_click(lambda _, s=step: self.open_step(s.id))
            buttons.append(button)
        self.step_list.children = buttons
        self._buttons = dict(zip([s.id for s in steps], buttons))

    def _refresh_progress(self) -> None:
        p = progress(self.store, list(self.content.steps.values()))
        self.progress_bar.value = p.fraction
        self.progress_label.value = f"<p class='thamvan'>{esc(self.t('home.progress', done=p.done, total=p.total))}</p>"
        for step_id, button in self._buttons.items():
            button.description = self._step_label(self.content.steps[step_id])

    def open_step(self, step_id: str) -> StepView:
        step = self.content.steps[step_id]
        if not self.search_box.value.strip() and self.phase_picker.value != step.phase:
            self.phase_picker.value = step.phase  # the list shows the step being read
        self.current = StepView(step, self.store, from_dir=HOME_DIR, on_change=self._refresh_progress,
                                content=self.content, lang=self.lang)
        self.detail.children = [self.current.widget]
        return self.current

    def links_html(self) -> str:
        c, lang = self.content, self.lang
        lessons = [("00-gioi-thieu.ipynb", self.t("home.intro_lesson"))]
        lessons += [(p.notebook, p.title.get(lang)) for p in c.phases.values()]
        items = "".join(f"<li><a href='{esc(href(path, HOME_DIR))}' target='_blank'>{esc(title)}</a></li>"
                        for path, title in lessons)
        tools = tool_links(self, [t for t in c.tools if t != "home"], HOME_DIR)
        return (f"<div class='thamvan'><h2>{esc(self.t('home.links'))}</h2>"
                f"<h3>{esc(self.t('home.lessons'))}</h3><ul>{items}</ul>"
                f"<h3>{esc(self.t('home.tools'))}</h3><p>{tools}</p></div>")
