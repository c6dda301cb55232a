"""The trainer's day view ("Ngày tập huấn"): a programme's day with the session the clock is
in highlighted, previous / next, one link per thing the session opens (its dashboards,
lessons, role-plays), the role-play groups and their role cards, who has finished the
session's exercises (the course's gradebook, as the class view reads it) and the results of
the knowledge tests and the evaluation. For the trainer alone, as the class view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from ..pages import href
from ..documents.formats import MIME, file_bytes
from ..documents.workshop import role_cards, role_title
from ..errors import KitError
from ..i18n import short_number
from ..pretest import Inbox
from ..programme import load_programmes
from ..roles import is_trainer
from ..schema.programme import ProgrammeFile
from ..training_day import exercise_progress, links, roleplay_groups, session_at
from .base import data_link, error_note, page_style, wide
from .common import View, esc, query_parameter
from .notices import problem_box
from .pretest_results import ResultsView

FROM_DIR = "dashboards"
DAY_CSS = """<style>
.thamvan-agenda td { padding: 2px 10px; border-bottom: 1px solid #e0e0e0; }
.thamvan-agenda tr.thamvan-now td { background: #fff4c2; font-weight: bold; }
.thamvan-agenda tr.thamvan-selected td:first-child { border-left: 4px solid #1a56b0; }
.thamvan-agenda tr.thamvan-pause td { color: #5f6368; }
.thamvan-open a { display: inline-block; margin: 2px 6px 2px 0; padding: 4px 10px; border-radius: 4px;
  background: #1a56b0; color: #fff !important; text-decoration: none !important; }
</style>"""


def _grades():
    """The course's totals per trainee and assignment (an empty table before any course)."""
    from ..grading.course import trainer_course

    return trainer_course().grades()


class DayView(View):
    def __init__(self, programmes: dict[str, ProgrammeFile] | None = None,
                 clock: Callable[[], dt.datetime] | None = None, grades=None,
                 box: Inbox | None = None, keys: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.programmes = programmes or load_programmes(self.content.root)
        self.clock = clock or dt.datetime.now
        self._grades = grades
        self.programme_picker = w.Dropdown(options=[(p.title.get(self.lang), ident) for ident, p in self.programmes.items()],
                                           description=self.t("day_view.programme"), layout=wide(),
                                           style={"description_width": "140px"})
        self.day_picker = w.Dropdown(description=self.t("day_view.day"), style={"description_width": "140px"})
        self.prev_button = w.Button(description=self.t("day_view.previous"), icon="arrow-left")
        self.next_button = w.Button(description=self.t("day_view.next"), icon="arrow-right", button_style="primary")
        self.now_button = w.Button(description=self.t("day_view.to_now"), icon="clock-o")
        self.clock_line, self.agenda, self.detail, self.groups, self.progress = (w.HTML() for _ in range(5))
        self.index, self._updating = 0, False
        self.programme_picker.observe(lambda _: self._days(), names="value")
        self.day_picker.observe(lambda _: None if self._updating else self.go_now(), names="value")
        self.prev_button.on_click(lambda _: self.move(-1))
        self.next_button.on_click(lambda _: self.move(1))
        self.now_button.on_click(lambda _: self.go_now())
        self.results = ResultsView(box, keys, content=self.content, lang=self.lang)
        results = w.Accordion(children=[self.results.widget], titles=[self.t("day_view.results")])
        self.widget = w.VBox([*page_style(), w.HTML(DAY_CSS, layout=w.Layout(display="none")),
                              w.HTML(f"<h2>{esc(self.t('day_view.title'))}</h2>"),
                              self.programme_picker, self.day_picker, self.clock_line, self.agenda,
                              w.HBox([self.prev_button, self.now_button, self.next_button]),
                              self.detail, self.groups, self.progress, results],
                             layout=wide()).add_class("thamvan")
        self._days()

    # -- where we are
    @property
    def programme(self) -> ProgrammeFile:
        return self.programmes[self.programme_picker.value]

    @property
    def day(self):
        return next(d for d in self.programme.days if d.day == self.day_picker.value)

    @property
    def session(self):
        return self.day.sessions[self.index]

    def _days(self) -> None:
        options = [(self.t("day_view.day_label", day=d.day, title=d.title.get(self.lang)), d.day)
                   for d in self.programme.days]
        self._updating = True  # one redraw, after both pickers agree
        try:
            self.day_picker.options = options
            self.day_picker.value = options[0][1]
        finally:
            self._updating = False
        self.go_now()

    def now(self) -> str:
        return self.clock().strftime("%H:%M")

    def go_now(self) -> None:
        if self.day_picker.value is None:
            return
        self.index = session_at(self.day, self.now()).index
        self.render()

    def move(self, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.day.sessions) - 1)
        self.render()

    # -- drawing
    def render(self) -> None:
        here = session_at(self.day, self.now())
        self.clock_line.value = f"<p>{esc(self.t(f'day_view.clock.{here.state}', time=self.now()))}</p>"
        rows = []
        for n, s in enumerate(self.day.sessions):
            classes = [c for c, on in (("thamvan-now", n == here.index and here.state == "now"),
                                       ("thamvan-selected", n == self.index),
                                       ("thamvan-pause", s.kind != "session")) if on]
            mark = "▶ " if n == self.index else ""
            rows.append(f"<tr class='{' '.join(classes)}'><td>{esc(s.start)}–{esc(s.end)}</td>"
                        f"<td>{mark}{esc(s.title.get(self.lang))}</td></tr>")
        self.agenda.value = f"<table class='thamvan-agenda'>{''.join(rows)}</table>"
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.day.sessions) - 1
        self.detail.value = self.detail_html()
        self.groups.value = self.groups_html()
        self.progress.value = self.progress_html()

    def detail_html(self) -> str:
        s, lang = self.session, self.lang
        parts = [f"<h3>{esc(s.start)}–{esc(s.end)} · {esc(s.title.get(lang))}</h3>"]
        if s.method:
            parts.append(f"<p><b>{esc(self.t('day_view.method'))}:</b> "
                         f"{esc(self.t('programme.method.' + s.method.replace('-', '_')))}</p>")
        if s.objectives:
            parts.append(f"<p><b>{esc(self.t('day_view.objectives'))}:</b></p><ul>"
                         + "".join(f"<li>{esc(o.get(lang))}</li>" for o in s.objectives) + "</ul>")
        if s.trainer_role:
            parts.append(f"<p><b>{esc(self.t('day_view.trainer_role'))}:</b> {esc(s.trainer_role.get(lang))}</p>")
        if s.room:
            room = self.t("day_view.room", groups=s.room.groups) + (
                " · " + s.room.layout.get(lang) if s.room.layout else "")
            parts.append(f"<p><b>{esc(self.t('day_view.room_label'))}:</b> {esc(room)}</p>")
        if s.materials:
            parts.append(f"<p><b>{esc(self.t('day_view.materials'))}:</b> "
                         + esc(", ".join(self.t("programme.material." + m.replace("-", "_")) for m in s.materials)) + "</p>")
        opened = self.links_html()
        if opened:
            parts.append(f"<p><b>{esc(self.t('day_view.open'))}:</b></p><p class='thamvan-open'>{opened}</p>")
        return "".join(parts)

    def link_label(self, link) -> str:
        if link.kind == "tool":
            return self.content.tools[link.id].title.get(self.lang)
        return self.t(f"programme.doc.use.{link.kind}", id=link.id)

    def links_html(self) -> str:
        return "".join(f"<a href='{esc(href(link.target, FROM_DIR))}' target='_blank' "
                       f"data-kind='{esc(link.kind)}'>{esc(self.link_label(link))} ↗</a>"
                       for link in links(self.session))

    def groups_html(self) -> str:
        try:
            workshops = roleplay_groups(self.session)
        except KitError as err:
            return error_note(err.text(self.lang))
        parts = []
        for workshop in workshops:
            rows = "".join(f"<tr><td class='num'>{g}</td><td>"
                           f"{esc('; '.join(role_title(workshop, r, self.lang) for r in workshop.roles_of(g)))}</td></tr>"
                           for g in range(1, workshop.groups + 1))
            cards = role_cards(workshop, self.lang)
            downloads = " ".join(data_link(f"{workshop.scenario.id}-the-vai.{fmt}", file_bytes(cards, fmt), MIME[fmt],
                                           self.t("workshop.ui.download.cards", format=fmt.upper()))
                                 for fmt in MIME)
            parts.append(f"<h3>{esc(self.t('day_view.groups', title=workshop.scenario.title.get(self.lang)))}</h3>"
                         f"<table class='thamvan-table'><tr><th>{esc(self.t('workshop.doc.col_group_no'))}</th>"
                         f"<th>{esc(self.t('workshop.doc.col_roles'))}</th></tr>{rows}</table><p>{downloads}</p>")
        return "".join(parts)

    def grades(self):
        if self._grades is None:
            try:
                self._grades = _grades()
            except Exception:  # noqa: BLE001 - a broken gradebook must not take the day view down
                import pandas as pd

                self._grades = pd.DataFrame(columns=["assignment", "student", "score", "max_score", "percent"])
        return self._grades

    def progress_html(self) -> str:
        progress = exercise_progress(self.session, self.grades())
        parts = []
        for exercise, students in progress.items():
            head = f"<h3>{esc(self.t('day_view.progress', exercise=exercise))}</h3>"
            if not students:
                parts.append(head + f"<p class='muted'>{esc(self.t('day_view.no_course'))}</p>")
                continue
            done = [s for s, v in students.items() if v is not None]
            items = "".join(f"<li>{'✓' if v is not None else '…'} {esc(s)}"
                            f"{': ' + esc(short_number(v, self.lang)) if v is not None else ''}</li>"
                            for s, v in students.items())
            parts.append(head + f"<p>{esc(self.t('day_view.done_count', done=len(done), total=len(students)))}</p>"
                         f"<ul>{items}</ul>")
        return "".join(parts)


def rehearsal_clock(text: str | None) -> Callable[[], dt.datetime] | None:
    """``?time=09:40`` in the page's address: the day as it will look then (a trainer rehearsing
    the day beforehand); None for anything that is not a time of day."""
    try:
        at = dt.datetime.strptime((text or "").strip(), "%H:%M").time()
    except ValueError:
        return None
    return lambda: dt.datetime.combine(dt.date.today(), at)


def day_view_page(**kwargs) -> w.Widget:
    """The day view for the trainer; anyone else gets a notice, and nothing is read."""
    if not is_trainer():
        return w.HTML(problem_box("trainer_only"))
    kwargs.setdefault("clock", rehearsal_clock(query_parameter("time")))
    return DayView(**kwargs).widget
