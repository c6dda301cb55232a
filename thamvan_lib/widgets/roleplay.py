"""Solo role-play: choose a scenario, play it scene by scene, read the debrief.

A thin view over ``thamvan_lib.roleplay``. Each scene shows its narration, who speaks
(a Font Awesome icon as portrait, the name and the group), and the choices as buttons;
after a choice, its feedback and the points it cost; the running state (trust, minutes,
voices heard per group) as small progress bars. "Quay lại một bước" takes the last choice
back, "Chơi lại" starts again. At an ending: the score per criterion with the reason for
every point lost, the turning points, the ending and a chart of the state (matplotlib's
Agg, a PNG: no network).

Every choice is saved at once (``store.save_draft("roleplay:<scenario>", …)``) and the
scenario being played is remembered, so a closed tab or a dead kernel comes back to the
same scene. A finished play is kept in the learner's results (``store.save_result``) and
listed with its date, ending and score. ``?scenario=<id>`` in the address opens a scenario.
"""

from __future__ import annotations

import io
import json
from datetime import datetime

import ipywidgets as w

from ..errors import KitError
from ..roleplay.engine import Play, Turn
from ..roleplay.loading import load_scenarios
from ..roleplay.scenario import Scenario
from ..store import DAMAGED_DRAFT, Store
from .base import StoreView, json_object
from .common import esc, query_parameter, stylesheet

DRAFT = "roleplay:{}"
CURRENT = "roleplay.current"   # the scenario being played, in the learner's settings
LETTERS = "ABCDEFGHIJ"

STYLE = """<style>
.thamvan-roleplay .thamvan-choices .widget-button, .thamvan-roleplay .thamvan-choices button {
  height: auto; min-height: 36px; white-space: normal; text-align: left; justify-content: flex-start;
  line-height: 1.4; padding: 6px 10px; font-size: 15px; }
.thamvan-roleplay .thamvan-choices .widget-button .widget-label-basic { white-space: normal; }
.thamvan-portrait { display: flex; gap: 12px; align-items: flex-start; margin: 8px 0; }
.thamvan-portrait .face { width: 56px; height: 56px; border-radius: 50%; background: #e8eef8;
  color: #1a56b0; display: flex; align-items: center; justify-content: center; font-size: 28px; flex: none; }
.thamvan-portrait .who { font-weight: bold; }
.thamvan-portrait .group { color: #5f6368; font-size: .9em; }
.thamvan-portrait blockquote { margin: 4px 0; }
.thamvan-feedback { border-left: 4px solid #1a56b0; background: #f3f6fb; padding: 6px 10px; margin: 6px 0; }
.thamvan-feedback.lost { border-left-color: #b3261e; background: #fdf6f5; }
.thamvan-ending { border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.thamvan-ending.good { background: #e6f4ea; } .thamvan-ending.mixed { background: #fef7e0; }
.thamvan-ending.bad { background: #fce8e6; }
.thamvan-meter .widget-label, .thamvan-meter .widget-html { min-width: 14em; }
.thamvan-roleplay table.thamvan-table td { vertical-align: top; }
.thamvan-roleplay .lost-points { color: #b3261e; }
.thamvan-roleplay .met { color: #1e6b32; }
</style>"""


def style() -> w.HTML:
    return w.HTML(STYLE, layout=w.Layout(display="none"))


def portrait(scenario: Scenario, speaker: str, said: str, lang: str) -> str:
    """A speaker as the page shows them: icon, name, group and what they say."""
    persona = scenario.personas[speaker]
    group = scenario.groups[persona.group].name.get(lang)
    return (f"<div class='thamvan-portrait'><div class='face'>"
            f"<i class='fa fa-{esc(persona.icon)}' aria-hidden='true'></i></div><div>"
            f"<div class='who'>{esc(persona.name.get(lang))}</div>"
            f"<div class='group'>{esc(group)}</div><blockquote>{esc(said)}</blockquote></div></div>")


def local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp


class RoleplayView(StoreView):
    """The solo role-play dashboard: scenario list and past results, then one play."""

    def __init__(self, store: Store | None = None, lang: str | None = None,
                 scenarios: dict[str, Scenario] | None = None, **kwargs):
        super().__init__(store, lang, **kwargs)
        self.scenarios = scenarios if scenarios is not None else load_scenarios()
        self.play: Play | None = None
        self.last_turn: Turn | None = None
        self.notice = w.HTML()
        self.body = w.VBox(layout=w.Layout(width="100%"))
        header = w.HTML(f"<div class='thamvan'><h1>{esc(self.t('roleplay_ui.title'))}</h1>"
                        f"<p class='muted'>{esc(self.t('roleplay_ui.subtitle'))}</p></div>")
        self.widget = w.VBox([stylesheet(), style(), header, self.notice, self.body],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("thamvan")
        self.widget.add_class("thamvan-roleplay")
        requested = query_parameter("scenario")
        current = requested if requested in self.scenarios else self.store.get_setting(CURRENT)
        if current in self.scenarios and (requested or self._draft(current) is not None):
            self.open(current)
        else:
            self.show_menu()

    # -- saving
    def _draft(self, scenario_id: str) -> dict | None:
        """The saved play of a scenario (a dict), or None; a damaged one is set aside and said."""
        kind = DRAFT.format(scenario_id)
        draft = self.store.load_json(kind, json_object)
        if draft.damaged:
            self.notice.value = self._note(self.t(DAMAGED_DRAFT, kind=kind), error=True)
        return draft.value

    def _save(self) -> None:
        self.store.save_json(DRAFT.format(self.play.scenario.id), self.play.to_dict())

    def results(self, scenario_id: str | None = None) -> list[dict]:
        """Past results, newest first, with the debrief read back from JSON."""
        rows = []
        for row in self.store.results(scenario_id):
            try:
                rows.append({**row, "debrief": json.loads(row["data"])})
            except ValueError:
                continue
        return rows

    # -- the scenario list
    def show_menu(self) -> None:
        self.play, self.last_turn = None, None
        cards = []
        for scenario in self.scenarios.values():
            draft = self._draft(scenario.id)
            going = draft is not None and draft.get("choices") and not draft.get("over")
            label = self.t("roleplay_ui.continue", step=len(draft["choices"])) if going \
                else self.t("roleplay_ui.start")
            button = w.Button(description=label, button_style="primary", icon="play",
                              layout=w.Layout(width="auto"))
            button.on_click(lambda _, s=scenario.id: self.open(s))
            info = w.HTML(
                f"<div class='thamvan'><h3>{esc(scenario.title.get(self.lang))}</h3>"
                f"<p><span class='tag'>{esc(self.t('roleplay_ui.role.' + scenario.role.replace('-', '_')))}</span></p>"
                f"<p>{esc(scenario.data.summary.get(self.lang))}</p></div>")
            card = w.VBox([info, button], layout=w.Layout(border="1px solid #dadce0", padding="4px 12px",
                                                          margin="4px 0", width="100%"))
            cards.append(card)
        self.menu_buttons = {s: c.children[1] for s, c in zip(self.scenarios, cards)}
        self.body.children = [w.HTML(f"<div class='thamvan'><h2>{esc(self.t('roleplay_ui.choose'))}</h2></div>"),
                              *cards, w.HTML(self.results_html())]

    def results_html(self, scenario_id: str | None = None) -> str:
        rows = self.results(scenario_id)
        title = f"<h3>{esc(self.t('roleplay_ui.results.title'))}</h3>"
        if not rows:
            return f"<div class='thamvan'>{title}<p class='muted'>{esc(self.t('roleplay_ui.results.none'))}</p></div>"
        head = "".join(f"<th>{esc(self.t(f'roleplay_ui.results.{c}'))}</th>"
                       for c in ("date", "scenario", "ending", "score"))
        body = []
        for row in rows:
            d = row["debrief"]
            scenario = self.scenarios.get(row["scenario_id"])
            name = scenario.title.get(self.lang) if scenario else row["scenario_id"]
            ending = d.get("ending") or {}
            ending_text = (f"{self.t('roleplay.ending.' + ending['kind'])}: {ending['title'][self.lang]}"
                           if ending.get("kind") else "–")
            score = d.get("score", {})
            body.append(f"<tr><td>{esc(local_time(row['saved_at']))}</td><td>{esc(name)}</td>"
                        f"<td>{esc(ending_text)}</td>"
                        f"<td class='num'>{score.get('points', 0)}/{score.get('max_points', 0)}</td></tr>")
        return (f"<div class='thamvan thamvan-results'>{title}<table class='thamvan-table'>"
                f"<tr>{head}</tr>{''.join(body)}</table></div>")

    # -- playing
    def open(self, scenario_id: str) -> Play:
        """The scenario's play: the saved one if there is one, else a new one."""
        scenario = self.scenarios[scenario_id]
        self.notice.value = ""
        draft = self._draft(scenario_id)
        play = None
        if draft is not None:
            try:
                play = Play.from_dict(draft, self.scenarios)
                if play.turns:
                    self.notice.value = self._note(self.t("roleplay_ui.resumed", step=len(play.turns)))
            except KitError as err:
                self.notice.value = self._note(err.text(self.lang), error=True)
        self.play = play or Play(scenario)
        self.last_turn = self.play.turns[-1] if self.play.turns else None
        self.store.set_setting(CURRENT, scenario_id)
        self._save()
        self.render()
        return self.play

    def start(self, scenario_id: str) -> Play:
        """A new play of the scenario, whatever was saved."""
        self.play, self.last_turn = Play(self.scenarios[scenario_id]), None
        self.store.set_setting(CURRENT, scenario_id)
        self.notice.value = ""
        self._save()
        self.render()
        return self.play

    def choose(self, option_id: str) -> Turn:
        turn = self.play.choose(option_id)
        self.last_turn = turn
        self.notice.value = ""
        self._save()
        if self.play.is_over:
            self.store.save_result(self.play.scenario.id,
                                   json.dumps(self.play.debrief().to_dict(), ensure_ascii=False))
        self.render()
        return turn

    def undo(self) -> None:
        if self.play and self.play.turns:
            self.play.undo()
            self.last_turn = self.play.turns[-1] if self.play.turns else None
            self.notice.value = ""
            self._save()
            self.render()

    def restart(self) -> None:
        self.start(self.play.scenario.id)

    def back_to_menu(self) -> None:
        self.store.set_setting(CURRENT, "")
        self.notice.value = ""
        self.show_menu()

    def _note(self, message: str, error: bool = False) -> str:
        css = "thamvan-error" if error else "muted"
        return f"<p class='thamvan {css}'>{esc(message)}</p>"

    # -- drawing a play
    def render(self) -> None:
        play, s = self.play, self.play.scenario
        self.undo_button = w.Button(description=self.t("roleplay_ui.undo"), icon="undo",
                                    disabled=not play.turns, layout=w.Layout(width="auto"))
        self.undo_button.on_click(lambda _: self.undo())
        self.restart_button = w.Button(description=self.t("roleplay_ui.restart"), icon="refresh",
                                       layout=w.Layout(width="auto"))
        self.restart_button.on_click(lambda _: self.restart())
        self.menu_button = w.Button(description=self.t("roleplay_ui.other"), icon="list",
                                    layout=w.Layout(width="auto"))
        self.menu_button.on_click(lambda _: self.back_to_menu())
        title = w.HTML(f"<div class='thamvan'><h2>{esc(s.title.get(self.lang))}</h2>"
                       f"<p><span class='tag'>{esc(self.t('roleplay_ui.role.' + s.role.replace('-', '_')))}</span> "
                       f"{esc(s.data.setting.get(self.lang))}</p></div>")
        bar = w.HBox([self.undo_button, self.restart_button, self.menu_button],
                     layout=w.Layout(flex_flow="row wrap"))
        self.feedback = w.HTML(self.feedback_html())
        parts: list[w.Widget] = [title, bar, self.meters(), self.feedback]
        if play.is_over:
            self.choice_buttons = {}
            self.debrief_box = self.debrief_widget()
            parts.append(self.debrief_box)
        else:
            self.debrief_box = None
            self.scene_html = w.HTML(self.scene_view())
            parts += [self.scene_html, self.choices_widget()]
        self.body.children = parts

    def meters(self) -> w.VBox:
        play, s = self.play, self.play.scenario
        rows = [w.HTML(f"<div class='thamvan'><b>{esc(self.t('roleplay_ui.state'))}</b></div>")]
        for var in s.state_vars.values():
            value = play.state[var.id]
            rows.append(self._meter(var.name.get(self.lang), value, var.min, var.max, "info", str(value)))
        cast = [p.group for p in s.personas.values()]
        for group in s.cast_groups():
            heard, total = play.voices.get(group, 0), cast.count(group)
            rows.append(self._meter(self.t("roleplay_ui.voices", group=s.groups[group].name.get(self.lang)),
                                    heard, 0, max(total, heard), "success", str(heard)))
        box = w.VBox(rows, layout=w.Layout(width="100%"))
        box.add_class("thamvan-meter")
        self.meter_box = box
        return box

    def _meter(self, label, value, low, high, style_, shown) -> w.HBox:
        bar = w.IntProgress(value=value, min=low, max=high, bar_style=style_,
                            layout=w.Layout(width="40%", height="12px"))
        bar.description_allow_html = False
        return w.HBox([w.HTML(f"<span class='thamvan'>{esc(label)}</span>",
                              layout=w.Layout(width="45%")), bar,
                       w.HTML(f"<span class='thamvan'>&nbsp;{esc(shown)}</span>")],
                      layout=w.Layout(align_items="center"))

    def feedback_html(self) -> str:
        turn = self.last_turn
        if turn is None:
            return ""
        s = self.play.scenario
        choice = next(c for c in s.scenes[turn.scene].choices if c.id == turn.choice)
        css = "thamvan-feedback lost" if turn.losses else "thamvan-feedback"
        items = []
        for loss in turn.losses:
            items.append(f"<li class='lost-points'>{esc(self.t('roleplay_ui.lost', points=loss.points, criterion=s.criteria[loss.criterion].name.get(self.lang)))}"
                         f" – {esc(loss.why.get(self.lang))}</li>")
        for met in turn.met:
            items.append(f"<li class='met'>{esc(self.t('roleplay_ui.met', criterion=s.criteria[met].name.get(self.lang)))}</li>")
        changes = [f"{s.state_vars[v].name.get(self.lang)} {d:+d}" for v, d in turn.changes.items() if d]
        changes += [self.t("roleplay_ui.voice_added", group=s.groups[g].name.get(self.lang), count=n)
                    for g, n in turn.voices.items()]
        if changes:
            items.append(f"<li>{esc('; '.join(changes))}</li>")
        return (f"<div class='thamvan {css}'><b>{esc(self.t('roleplay_ui.your_choice'))}</b> "
                f"{esc(choice.text.get(self.lang))}<p>{esc(turn.feedback.get(self.lang))}</p>"
                f"<ul>{''.join(items)}</ul></div>")

    def scene_view(self) -> str:
        play, s = self.play, self.play.scenario
        scene = play.scene
        lines = "".join(portrait(s, line.speaker, line.text.get(self.lang), self.lang) for line in scene.lines)
        return (f"<div class='thamvan thamvan-scene'><p class='muted'>"
                f"{esc(self.t('roleplay_ui.step', step=len(play.turns) + 1))}</p>"
                f"<h3>{esc(scene.title.get(self.lang))}</h3><p>{esc(scene.narration.get(self.lang))}</p>"
                f"{lines}<p><b>{esc(self.t('roleplay_ui.what_do_you_do'))}</b></p></div>")

    def choices_widget(self) -> w.VBox:
        self.choice_buttons = {}
        for n, choice in enumerate(self.play.options):
            button = w.Button(description=f"{LETTERS[n]}. {choice.text.get(self.lang)}",
                              tooltip=choice.text.get(self.lang), layout=w.Layout(width="100%", height="auto"))
            button.on_click(lambda _, c=choice.id: self.choose(c))
            self.choice_buttons[choice.id] = button
        box = w.VBox(list(self.choice_buttons.values()), layout=w.Layout(width="100%"))
        box.add_class("thamvan-choices")
        return box

    # -- the debrief
    def debrief_widget(self) -> w.VBox:
        debrief = self.play.debrief()
        s = self.play.scenario
        ending = s.scenes[debrief.ending["scene"]]
        kind = debrief.ending["kind"]
        head = (f"<div class='thamvan thamvan-ending {kind}'><h3>"
                f"{esc(self.t(f'roleplay.ending.{kind}'))} – {esc(debrief.ending['title'].get(self.lang))}</h3>"
                f"<p>{esc(ending.narration.get(self.lang))}</p></div>")
        score = debrief.score
        rows = []
        for c in score.criteria:
            lost = "".join(
                f"<li class='lost-points'>−{loss.points} · "
                f"{esc(self.t('roleplay_ui.at_scene', scene=s.scenes[loss.scene].title.get(self.lang)))}: "
                f"{esc(loss.why.get(self.lang))}</li>" for loss in c.losses)
            met = sorted({s.scenes[scene].title.get(self.lang) for scene, _ in c.met})
            good = (f"<li class='met'>{esc(self.t('roleplay_ui.met_at', scenes='; '.join(met)))}</li>"
                    if met else "")
            rows.append(f"<tr><td>{esc(c.name.get(self.lang))}</td>"
                        f"<td class='num'>{c.points}/{c.max_points}</td><td><ul>{lost}{good}</ul></td></tr>")
        table = (f"<h3>{esc(self.t('roleplay_ui.score', points=score.points, max=score.max_points))}</h3>"
                 f"<table class='thamvan-table thamvan-score'><tr><th>{esc(self.t('roleplay_ui.criterion'))}</th>"
                 f"<th>{esc(self.t('roleplay_ui.points'))}</th><th>{esc(self.t('roleplay_ui.why'))}</th></tr>"
                 f"{''.join(rows)}</table>")
        turns = []
        for turn in debrief.turning_points:
            scene = s.scenes[turn.scene]
            choice = next(c for c in scene.choices if c.id == turn.choice)
            turns.append(f"<li><b>{esc(self.t('roleplay_ui.step', step=turn.step))} · "
                         f"{esc(scene.title.get(self.lang))}</b>: {esc(choice.text.get(self.lang))}"
                         f"<br><span class='muted'>{esc(turn.feedback.get(self.lang))}</span></li>")
        turning = (f"<h3>{esc(self.t('roleplay_ui.turning_points'))}</h3>"
                   f"<ol>{''.join(turns)}</ol>" if turns else "")
        self.chart = w.Image(value=self.chart_png(), format="png", layout=w.Layout(max_width="720px"))
        saved = f"<p class='muted'>{esc(self.t('roleplay_ui.saved'))}</p>"
        return w.VBox([w.HTML(f"<div class='thamvan thamvan-debrief'><h2>{esc(self.t('roleplay_ui.debrief'))}</h2>"
                              f"{head}{table}{turning}<h3>{esc(self.t('roleplay_ui.chart.title'))}</h3></div>"),
                       self.chart, w.HTML(f"<div class='thamvan'>{saved}</div>"),
                       w.HTML(self.results_html(s.id))], layout=w.Layout(width="100%"))

    def chart_png(self) -> bytes:
        """The state after every step, one panel per variable and one for the voices heard."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        s, timeline = self.play.scenario, self.play.timeline
        steps = [point["step"] for point in timeline]
        panels = len(s.state_vars) + 1
        fig = Figure(figsize=(7.2, 1.9 * panels + 0.6), dpi=100)
        FigureCanvasAgg(fig)
        axes = fig.subplots(panels, 1, sharex=True, squeeze=False)[:, 0]
        for ax, var in zip(axes, s.state_vars.values()):
            ax.plot(steps, [p["state"][var.id] for p in timeline], marker="o", color="#1a56b0")
            ax.set_ylim(var.min, var.max)
            ax.set_title(var.name.get(self.lang), fontsize=10, loc="left")
        ax = axes[-1]
        top = 1
        for group in s.cast_groups():
            heard = [p["voices"].get(group, 0) for p in timeline]
            top = max(top, *heard)
            ax.plot(steps, heard, marker=".", label=s.groups[group].name.get(self.lang))
        ax.set_ylim(-0.2, top + 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(self.t("roleplay_ui.chart.voices"), fontsize=10, loc="left")
        ax.legend(fontsize=7, loc="upper left", ncols=2, frameon=False)
        ax.set_xlabel(self.t("roleplay_ui.chart.step"))
        ax.set_xticks(steps)
        for a in axes:
            a.spines[["top", "right"]].set_visible(False)
            a.grid(axis="y", alpha=.3)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
