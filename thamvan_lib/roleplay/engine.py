"""One run through a scenario: ``choose(option_id)`` until ``is_over``; ``score()`` gives
the points per rubric criterion with the reason for every point lost; ``debrief()`` adds
the ending, the turning points and the state after every choice. Everything is
deterministic, and ``to_dict()`` / ``from_dict()`` save and restore a play.

>>> from thamvan_lib.roleplay.loading import load_scenarios
>>> scenario = load_scenarios()["hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"]
>>> play = Play(scenario)
>>> play.scene.id, [c.id for c in play.options][:2]
('mo-dau', ['neu-muc-dich', 'vao-thang'])
>>> turn = play.choose("vao-thang")
>>> [(loss.criterion, loss.points) for loss in turn.losses]
[('muc-dich-ghi-am', 10)]
>>> play.score()["muc-dich-ghi-am"].points
0
>>> Play.from_dict(play.to_dict()).scene.id == play.scene.id
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import KitError
from ..schema.roleplay import Choice, Effects, Scene
from ..schema import LocalText
from .audit import Loss, audit_choice
from .loading import load_scenarios
from .scenario import Scenario

FORMAT = "thamvan-roleplay/1"
TURNING_POINTS = 3


@dataclass(frozen=True)
class Turn:
    """What one choice did: shown as feedback at once, kept for the debrief."""

    step: int
    scene: str
    choice: str
    next: str
    feedback: LocalText
    losses: tuple[Loss, ...]
    met: tuple[str, ...]
    changes: dict[str, int]       # state variable -> change actually applied (after limits)
    voices: dict[str, int]        # group -> voices added

    @property
    def lost(self) -> int:
        return sum(loss.points for loss in self.losses)

    def impact(self, scenario: Scenario) -> float:
        """How much this choice mattered: points lost, plus 2 per criterion met, plus each
        state change on a 0–10 scale of its range, plus 1 per voice heard."""
        size = self.lost + 2 * len(self.met) + sum(self.voices.values())
        for var, change in self.changes.items():
            v = scenario.state_vars[var]
            size += 10 * abs(change) / (v.max - v.min)
        return round(size, 2)

    def to_dict(self) -> dict:
        return {"step": self.step, "scene": self.scene, "choice": self.choice, "next": self.next,
                "feedback": self.feedback.model_dump(),
                "losses": [loss.to_dict() for loss in self.losses], "met": list(self.met),
                "changes": dict(self.changes), "voices": dict(self.voices)}


@dataclass(frozen=True)
class CriterionScore:
    id: str
    name: LocalText
    max_points: int
    points: int
    losses: tuple[Loss, ...]
    met: tuple[tuple[str, str | None], ...]  # (scene, choice) where it was shown well

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name.model_dump(), "max_points": self.max_points,
                "points": self.points, "losses": [loss.to_dict() for loss in self.losses],
                "met": [list(m) for m in self.met]}


@dataclass(frozen=True)
class Score:
    criteria: tuple[CriterionScore, ...]

    @property
    def points(self) -> int:
        return sum(c.points for c in self.criteria)

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.criteria)

    @property
    def losses(self) -> list[Loss]:
        return [loss for c in self.criteria for loss in c.losses]

    def __getitem__(self, criterion: str) -> CriterionScore:
        for c in self.criteria:
            if c.id == criterion:
                return c
        raise KeyError(criterion)

    def to_dict(self) -> dict:
        return {"points": self.points, "max_points": self.max_points,
                "criteria": [c.to_dict() for c in self.criteria]}


@dataclass(frozen=True)
class Debrief:
    scenario: str
    title: LocalText
    over: bool
    ending: dict | None      # {"scene", "kind", "title"} once over
    score: Score
    turning_points: tuple[Turn, ...]
    timeline: tuple[dict, ...]  # state and voices per group after each step (for a chart)
    path: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict:
        ending = None if self.ending is None else {**self.ending,
                                                   "title": self.ending["title"].model_dump()}
        return {"format": FORMAT, "scenario": self.scenario, "title": self.title.model_dump(),
                "over": self.over, "ending": ending, "score": self.score.to_dict(),
                "turning_points": [t.to_dict() for t in self.turning_points],
                "timeline": [dict(t) for t in self.timeline],
                "path": [list(p) for p in self.path]}


class Play:
    """One run through a scenario: the current scene, the choices made, the state."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._start()

    def _start(self) -> None:
        s = self.scenario
        self.scene_id = s.start
        self.turns: list[Turn] = []
        self.state = {v.id: v.initial for v in s.data.state}
        self.voices = dict.fromkeys(s.cast_groups(), 0)
        self._losses: list[Loss] = []
        self._met: list[tuple[str, str, str | None]] = []
        self._arrive(s.start)
        self.timeline = [self._snapshot(None)]

    # -- where we are
    @property
    def scene(self) -> Scene:
        return self.scenario.scenes[self.scene_id]

    @property
    def options(self) -> list[Choice]:
        return list(self.scene.choices)

    @property
    def is_over(self) -> bool:
        return self.scene.ending is not None

    @property
    def history(self) -> list[tuple[str, str]]:
        return [(t.scene, t.choice) for t in self.turns]

    # -- moving on
    def choose(self, option_id: str) -> Turn:
        """Take the choice ``option_id`` of the current scene; returns what it did."""
        if self.is_over:
            raise KitError("roleplay.error.over", scenario=self.scenario.id)
        scene = self.scene
        choice = next((c for c in scene.choices if c.id == option_id), None)
        if choice is None:
            raise KitError("roleplay.error.unknown_choice", choice=repr(option_id), scene=scene.id,
                           allowed=", ".join(c.id for c in scene.choices))
        before_losses, before_voices = len(self._losses), dict(self.voices)
        changes = self._apply(choice.effects, scene.id, choice.id, choice.feedback)
        self._losses += audit_choice(self.scenario, scene, choice)
        turn = Turn(step=len(self.turns) + 1, scene=scene.id, choice=choice.id, next=choice.next,
                    feedback=choice.feedback, losses=tuple(self._losses[before_losses:]),
                    met=tuple(choice.effects.met), changes=changes,
                    voices={g: n - before_voices[g] for g, n in self.voices.items()
                            if n != before_voices[g]})
        self.turns.append(turn)
        self.scene_id = choice.next
        self._arrive(choice.next)
        self.timeline.append(self._snapshot(turn))
        return turn

    def undo(self) -> None:
        """Take back the last choice (the play is replayed without it)."""
        choices = [t.choice for t in self.turns[:-1]]
        self._start()
        for choice in choices:
            self.choose(choice)

    def _arrive(self, scene_id: str) -> None:
        scene = self.scenario.scenes[scene_id]
        why = scene.ending.title if scene.ending else scene.title
        self._apply(scene.effects, scene_id, None, why)

    def _apply(self, effects: Effects, scene: str, choice: str | None, why: LocalText) -> dict:
        for broken in effects.broken:
            self._losses.append(Loss(broken.criterion, broken.points, scene, choice,
                                     broken.why or why))
        for criterion in effects.met:
            self._met.append((criterion, scene, choice))
        changes = {}
        for var, delta in effects.state.items():
            v = self.scenario.state_vars[var]
            new = min(v.max, max(v.min, self.state[var] + delta))
            changes[var], self.state[var] = new - self.state[var], new
        for persona in effects.voices:
            self.voices[self.scenario.personas[persona].group] += 1
        return changes

    def _snapshot(self, turn: Turn | None) -> dict:
        return {"step": turn.step if turn else 0, "scene": turn.scene if turn else self.scene_id,
                "choice": turn.choice if turn else None, "state": dict(self.state),
                "voices": dict(self.voices)}

    # -- results
    def score(self) -> Score:
        """Points per criterion so far: the maximum less every loss, never below 0."""
        rows = []
        for c in self.scenario.rubric.criteria:
            losses = tuple(loss for loss in self._losses if loss.criterion == c.id)
            rows.append(CriterionScore(
                c.id, c.name, c.max_points, max(0, c.max_points - sum(x.points for x in losses)),
                losses, tuple((sc, ch) for cr, sc, ch in self._met if cr == c.id)))
        return Score(tuple(rows))

    def debrief(self) -> Debrief:
        ending = None
        if self.is_over:
            e = self.scene.ending
            ending = {"scene": self.scene_id, "kind": e.kind, "title": e.title}
        ranked = sorted(self.turns, key=lambda t: (-t.impact(self.scenario), t.step))
        turning = tuple(t for t in ranked[:TURNING_POINTS] if t.impact(self.scenario) > 0)
        return Debrief(self.scenario.id, self.scenario.title, self.is_over, ending, self.score(),
                       tuple(sorted(turning, key=lambda t: t.step)), tuple(self.timeline),
                       tuple(self.history))

    # -- saving
    def to_dict(self) -> dict:
        """What to save: the choices (the state is replayed from them) and, for readers,
        where the play stands."""
        return {"format": FORMAT, "scenario": self.scenario.id,
                "choices": [t.choice for t in self.turns], "scene": self.scene_id,
                "over": self.is_over, "state": dict(self.state), "voices": dict(self.voices)}

    @classmethod
    def from_dict(cls, data, scenarios: Mapping[str, Scenario] | None = None) -> Play:
        """Replay a saved play on the current scenario files."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT \
                or not isinstance(data.get("choices"), list):
            raise KitError("roleplay.error.bad_save", format=FORMAT)
        scenarios = load_scenarios() if scenarios is None else scenarios
        if data.get("scenario") not in scenarios:
            raise KitError("roleplay.error.unknown_scenario", scenario=repr(data.get("scenario")),
                           allowed=", ".join(scenarios))
        play = cls(scenarios[data["scenario"]])
        try:
            for choice in data["choices"]:
                play.choose(choice)
        except KitError:
            raise KitError("roleplay.error.save_mismatch", scenario=data["scenario"]) from None
        if "scene" in data and data["scene"] != play.scene_id:
            raise KitError("roleplay.error.save_mismatch", scenario=data["scenario"])
        return play
