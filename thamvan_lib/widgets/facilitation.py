"""Facilitating a role-play workshop: the scenes projected large for the room.

A thin view over ``thamvan_lib.workshop``. The facilitator picks a scenario and the
number of groups; the roles are handed out round-robin and the handouts (role cards,
facilitator sheet, debrief sheet; DOCX and HTML) are offered as download links carrying
the files themselves (``data:`` addresses, no network). Then each scene is projected with
its options A, B, C …; the option each group chose is recorded, the tally is shown, and
the room moves on with the option most groups chose (or the one the facilitator picks).
The session is saved after every vote, so a reload or a dead kernel loses nothing; at the
end, the debrief sheet holds every group's choices and the room's score.
"""

from __future__ import annotations

import ipywidgets as w

from ..documents.workshop import handouts, letter, role_title
from ..errors import KitError
from ..roleplay.engine import Turn
from ..roleplay.loading import load_scenarios
from ..roleplay.scenario import Scenario
from ..store import Store
from ..workshop import MAX_GROUPS, MIN_GROUPS, Session, Workshop, plan_workshop
from .base import StoreView, data_link
from .common import esc, stylesheet
from .roleplay import portrait, style

DRAFT = "workshop"
DEFAULT_GROUPS = 4

PROJECTOR = """<style>
.thamvan-projector, .thamvan-projector .thamvan { font-size: 22px; line-height: 1.45; }
.thamvan-projector .widget-toggle-button, .thamvan-projector .widget-button { font-size: 18px; height: auto; min-height: 36px; }
.thamvan-projector h2 { font-size: 1.5em; }
.thamvan-projector .thamvan-portrait .face { width: 72px; height: 72px; font-size: 38px; }
.thamvan-projector .option { margin: 6px 0; padding: 6px 10px; border: 1px solid #dadce0; border-radius: 6px; }
.thamvan-projector .option b.letter { display: inline-block; min-width: 1.6em; color: #1a56b0; }
.thamvan-tally .bar { display: inline-block; height: 14px; background: #1a56b0; vertical-align: middle; }
.thamvan-votes .widget-toggle-buttons .widget-toggle-button { width: 3.2em; }
</style>"""


class FacilitationView(StoreView):
    """Set up a workshop, get the handouts, then project and record it scene by scene."""

    def __init__(self, store: Store | None = None, lang: str | None = None,
                 scenarios: dict[str, Scenario] | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.scenarios = scenarios if scenarios is not None else load_scenarios()
        self.session: Session | None = None
        self.last_turn: Turn | None = None
        self.scenario_picker = w.Dropdown(
            options=[(s.title.get(self.lang), s.id) for s in self.scenarios.values()],
            description=self.t("workshop.ui.scenario"), style={"description_width": "initial"},
            layout=w.Layout(width="100%"))
        self.groups_box = w.BoundedIntText(value=DEFAULT_GROUPS, min=MIN_GROUPS, max=MAX_GROUPS,
                                           description=self.t("workshop.ui.groups"),
                                           style={"description_width": "initial"})
        self.start_button = w.Button(description=self.t("workshop.ui.begin"), icon="play",
                                     button_style="primary", layout=w.Layout(width="auto"))
        self.start_button.on_click(lambda _: self.begin())
        self.scenario_picker.observe(lambda _: self.refresh_setup(), names="value")
        self.groups_box.observe(lambda _: self.refresh_setup(), names="value")
        self.roles_html = w.HTML()
        self.downloads = w.HTML()
        self.notice = w.HTML()
        self.room = w.VBox(layout=w.Layout(width="100%"))
        self.room.add_class("thamvan-projector")
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('workshop.ui.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('workshop.ui.subtitle'))}</p></div>")
        self.setup = w.VBox([self.scenario_picker, w.HBox([self.groups_box, self.start_button]),
                             self.roles_html, self.downloads], layout=w.Layout(width="100%"))
        self.widget = w.VBox([stylesheet(), style(), w.HTML(PROJECTOR, layout=w.Layout(display="none")),
                              header, self.notice, self.setup, self.room], layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-roleplay")
        if not self._resume():
            self.refresh_setup()

    # -- setting up
    @property
    def workshop(self) -> Workshop:
        if self.session is not None:
            return self.session.workshop
        return plan_workshop(self.scenarios[self.scenario_picker.value], self.groups_box.value)

    def refresh_setup(self) -> None:
        try:
            workshop = self.workshop
        except KitError as err:
            self.roles_html.value = f"<p class='thamvan thamvan-error'>{esc(err.text(self.lang))}</p>"
            return
        self.roles_html.value = self.roles_table(workshop)
        self.downloads.value = self.downloads_html(workshop, self.session)

    def roles_table(self, workshop: Workshop) -> str:
        rows = "".join(f"<tr><td class='num'>{g}</td><td>"
                       f"{esc('; '.join(role_title(workshop, r, self.lang) for r in workshop.roles_of(g)))}</td></tr>"
                       for g in range(1, workshop.groups + 1))
        return (f"<div class='thamvan'><h3>{esc(self.t('workshop.ui.roles'))}</h3>"
                f"<table class='thamvan-table thamvan-roles'><tr><th>{esc(self.t('workshop.doc.col_group_no'))}</th>"
                f"<th>{esc(self.t('workshop.doc.col_roles'))}</th></tr>{rows}</table></div>")

    def downloads_html(self, workshop: Workshop, session: Session | None) -> str:
        links = []
        for kind, name, mime, data in handouts(workshop, session, self.lang):
            label = self.t(f"workshop.ui.download.{kind}", format=name.rsplit(".", 1)[1].upper())
            links.append(f"<li>{data_link(name, data, mime, label)}</li>")
        return (f"<div class='thamvan'><h3>{esc(self.t('workshop.ui.handouts'))}</h3>"
                f"<ul class='thamvan-handouts'>{''.join(links)}</ul></div>")

    # -- the session
    def _save(self) -> None:
        self.store.save_json(DRAFT, self.session.to_dict())

    def _session(self, data: dict) -> Session | None:
        """The saved session; None after "new session" (an empty draft)."""
        return Session.from_dict(data, self.scenarios) if data.get("scenario") else None

    def _resume(self) -> bool:
        draft = self.store.load_json(DRAFT, self._session)
        if draft.value is None:
            self.notice.value = self.draft_note(draft, DRAFT)
            return False
        self.session = draft.value
        self.scenario_picker.value = self.session.workshop.scenario.id
        self.groups_box.value = self.session.workshop.groups
        rounds = self.session.rounds
        self.last_turn = self.session.play.turns[-1] if rounds else None
        self.notice.value = f"<p class='thamvan muted'>{esc(self.t('workshop.ui.resumed', step=len(rounds)))}</p>"
        self.render()
        return True

    def begin(self, scenario_id: str | None = None, groups: int | None = None) -> Session:
        """A new session of the chosen scenario with the chosen number of groups."""
        if scenario_id:
            self.scenario_picker.value = scenario_id
        if groups:
            self.groups_box.value = groups
        self.session = None
        self.session = Session(self.workshop)
        self.last_turn = None
        self.notice.value = ""
        self._save()
        self.render()
        return self.session

    def new_session(self) -> None:
        """Back to the set-up; the session on screen is closed."""
        self.session, self.last_turn = None, None
        self.store.save_json(DRAFT, {})
        self.notice.value = ""
        self.room.children = []
        self.setup.layout.display = None
        self.refresh_setup()

    def vote(self, group: int, option: str | None) -> None:
        """Record ``group``'s option (as a click on its buttons does)."""
        self.vote_buttons[group].value = option

    def _voted(self, group: int, option: str | None) -> None:
        self.session.vote(group, option)
        self._save()
        self.tally.value = self.tally_html()

    def advance(self, option: str | None = None) -> Turn | None:
        try:
            turn = self.session.advance(option)
        except KitError as err:
            self.notice.value = f"<p class='thamvan thamvan-error'>{esc(err.text(self.lang))}</p>"
            return None
        self.last_turn = turn
        self.notice.value = ""
        self._save()
        self.render()
        return turn

    def undo(self) -> None:
        if self.session.rounds:
            self.session.undo()
            self.last_turn = self.session.play.turns[-1] if self.session.play.turns else None
            self._save()
            self.render()

    # -- drawing
    def render(self) -> None:
        session, s = self.session, self.session.workshop.scenario
        self.setup.layout.display = "none"
        self.undo_button = w.Button(description=self.t("roleplay_ui.undo"), icon="undo",
                                    disabled=not session.rounds, layout=w.Layout(width="auto"))
        self.undo_button.on_click(lambda _: self.undo())
        self.new_button = w.Button(description=self.t("workshop.ui.new"), icon="refresh",
                                   layout=w.Layout(width="auto"))
        self.new_button.on_click(lambda _: self.new_session())
        title = w.HTML(f"<div class='thamvan'><h2>{esc(s.title.get(self.lang))}</h2>"
                       f"<p class='muted'>{esc(self.t('workshop.ui.groups_count', groups=session.workshop.groups))}</p></div>")
        parts: list[w.Widget] = [title, w.HBox([self.undo_button, self.new_button]),
                                 w.HTML(self.feedback_html())]
        self.vote_buttons = {}
        if session.is_over:
            parts += [w.HTML(self.ending_html()), w.HTML(self.downloads_html(session.workshop, session))]
        else:
            self.scene_html = w.HTML(self.scene_view())
            options = [(letter(session.scene, c.id), c.id) for c in session.scene.choices]
            rows = [w.HTML(f"<div class='thamvan'><b>{esc(self.t('workshop.ui.votes'))}</b></div>")]
            for group in range(1, session.workshop.groups + 1):
                buttons = w.ToggleButtons(options=options, value=session.votes.get(group),
                                          description=self.t("workshop.ui.group", group=group),
                                          style={"description_width": "initial", "button_width": "3.2em"})
                buttons.observe(lambda change, g=group: self._voted(g, change["new"]), names="value")
                self.vote_buttons[group] = buttons
                rows.append(buttons)
            votes = w.VBox(rows)
            votes.add_class("thamvan-votes")
            self.tally = w.HTML(self.tally_html())
            self.advance_button = w.Button(description=self.t("workshop.ui.advance"), icon="forward",
                                           button_style="primary", layout=w.Layout(width="auto"))
            self.advance_button.on_click(lambda _: self.advance())
            parts += [self.scene_html, votes, self.tally, self.advance_button]
        self.room.children = parts

    def scene_view(self) -> str:
        session, s = self.session, self.session.workshop.scenario
        scene = session.scene
        lines = "".join(portrait(s, line.speaker, line.text.get(self.lang), self.lang) for line in scene.lines)
        options = "".join(f"<div class='option'><b class='letter'>{letter(scene, c.id)}</b> "
                          f"{esc(c.text.get(self.lang))}</div>" for c in scene.choices)
        return (f"<div class='thamvan thamvan-scene'><p class='muted'>"
                f"{esc(self.t('roleplay_ui.step', step=len(session.rounds) + 1))}</p>"
                f"<h2>{esc(scene.title.get(self.lang))}</h2><p>{esc(scene.narration.get(self.lang))}</p>"
                f"{lines}<div class='options'>{options}</div></div>")

    def tally_html(self) -> str:
        session = self.session
        counts, leading = session.tally(), session.leading()
        groups = session.workshop.groups
        rows = []
        for option, count in counts.items():
            width = round(240 * count / groups)
            mark = " ◀" if option == leading else ""
            rows.append(f"<tr><td><b>{letter(session.scene, option)}</b></td><td class='num'>{count}</td>"
                        f"<td><span class='bar' style='width:{width}px'></span>{mark}</td></tr>")
        voted = self.t("workshop.ui.voted", count=len(session.votes), groups=groups)
        return (f"<div class='thamvan thamvan-tally'><b>{esc(self.t('workshop.ui.tally'))}</b> "
                f"<span class='muted'>{esc(voted)}</span><table class='thamvan-table'>{''.join(rows)}</table></div>")

    def feedback_html(self) -> str:
        turn = self.last_turn
        if turn is None or not self.session.rounds:
            return ""
        s = self.session.workshop.scenario
        scene = s.scenes[turn.scene]
        last = self.session.rounds[-1]
        lost = "".join(f"<li class='lost-points'>−{loss.points} · "
                       f"{esc(s.criteria[loss.criterion].name.get(self.lang))}: {esc(loss.why.get(self.lang))}</li>"
                       for loss in turn.losses)
        met = "".join(f"<li class='met'>{esc(self.t('roleplay_ui.met', criterion=s.criteria[c].name.get(self.lang)))}</li>"
                      for c in turn.met)
        css = "thamvan-feedback lost" if turn.losses else "thamvan-feedback"
        return (f"<div class='thamvan {css}'><b>{esc(self.t('workshop.ui.room_chose', letter=letter(scene, last.chosen)))}</b>"
                f" {esc(next(c for c in scene.choices if c.id == last.chosen).text.get(self.lang))}"
                f"<p>{esc(turn.feedback.get(self.lang))}</p><ul>{lost}{met}</ul></div>")

    def ending_html(self) -> str:
        session, s = self.session, self.session.workshop.scenario
        debrief = session.play.debrief()
        kind = debrief.ending["kind"]
        score = debrief.score
        rows = "".join(f"<tr><td>{esc(c.name.get(self.lang))}</td><td class='num'>{c.points}/{c.max_points}</td></tr>"
                       for c in score.criteria)
        agreement = session.agreement()
        agree = (f"<p>{esc(self.t('workshop.doc.agreement', percent=round(100 * agreement)))}</p>"
                 if agreement is not None else "")
        return (f"<div class='thamvan'><div class='thamvan-ending {kind}'><h2>"
                f"{esc(self.t(f'roleplay.ending.{kind}'))} – {esc(debrief.ending['title'].get(self.lang))}</h2>"
                f"<p>{esc(s.scenes[debrief.ending['scene']].narration.get(self.lang))}</p></div>"
                f"<h3>{esc(self.t('roleplay_ui.score', points=score.points, max=score.max_points))}</h3>"
                f"<table class='thamvan-table'>{rows}</table>{agree}</div>")
