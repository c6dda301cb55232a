"""Role-play scenarios for moderators, minute-takers and office staff (lecture items L8, L10).

A scenario is a content file under ``content/roleplay/scenarios/``: a graph of scenes.
Each scene has narration, lines spoken by personas (``content/roleplay/personas.yaml``)
and the player's choices; each choice has its effects (rubric criteria met or broken,
changes to the state such as trust or minutes used, voices heard), its feedback and the
next scene. A scene without choices is an ending (good, mixed or bad). Trainers add a
scenario by adding a file; ``load_scenarios()`` finds it and checks its graph.

In a minute-taker scenario the file also holds what was really said, as opinion units
(speaker, group, topic, stance). A choice there says what the minutes would read
(``record`` or ``counts``), and the engine compares it with the truth by itself:
omissions, wrong speakers, softened words, merged or invented opinions, officials'
facts written as opinions, wrong counts.

``Play`` walks one scenario: ``choose(option_id)`` until ``is_over``; ``score()`` gives
the points per rubric criterion with the reason for every point lost; ``debrief()``
adds the ending, the turning points and the state after every choice. Everything is
deterministic, and ``to_dict()`` / ``from_dict()`` save and restore a play.

>>> scenario = load_scenarios()["hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"]
>>> play = scenario.play()
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

import functools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .content import ContentError, content_root, language, load, load_file
from .errors import KitError
from .schema.roleplay import (STANCES, Choice, Effects, Persona, PersonaFile, Rubric,
                              RubricFile, ScenarioFile, Scene)
from .schema import LocalText

FORMAT = "thamvan-roleplay/1"
FOLDER = Path("roleplay")
SCENARIOS = FOLDER / "scenarios"
TURNING_POINTS = 3


# --- loading -------------------------------------------------------------------

def _root(root) -> Path:
    return Path(root) if root else content_root()


def _stamp(paths) -> tuple:
    """File names, sizes and modification times: a trainer's edit is read at the next load."""
    return tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.exists())


def load_rubrics(root: Path | str | None = None) -> dict[str, Rubric]:
    root = _root(root)
    return _load_rubrics(root, _stamp([root / FOLDER / "rubrics.yaml"]))


@functools.lru_cache(maxsize=8)
def _load_rubrics(root: Path, stamp) -> dict[str, Rubric]:
    rubrics = {}
    for rubric in load_file(_exists(root, FOLDER / "rubrics.yaml"), RubricFile, root).rubrics:
        if rubric.id in rubrics:
            raise ContentError("roleplay/rubrics.yaml", rubric.id, "id", "mã bộ tiêu chí bị trùng",
                               "duplicate rubric id")
        rubrics[rubric.id] = rubric
    return rubrics


def load_personas(root: Path | str | None = None) -> PersonaFile:
    """Every persona and group, checked: ids unique, each persona in a known group."""
    root = _root(root)
    return _load_personas(root, _stamp([root / FOLDER / "personas.yaml"]))


@functools.lru_cache(maxsize=8)
def _load_personas(root: Path, stamp) -> PersonaFile:
    rel = "roleplay/personas.yaml"
    data = load_file(_exists(root, FOLDER / "personas.yaml"), PersonaFile, root)
    _unique(rel, [g.id for g in data.groups], "groups")
    _unique(rel, [p.id for p in data.personas], "id")
    groups = {g.id for g in data.groups}
    for persona in data.personas:
        if persona.group not in groups:
            raise ContentError(rel, persona.id, "group", f"không có nhóm '{persona.group}'",
                               f"there is no group '{persona.group}'")
    return data


def load_scenarios(root: Path | str | None = None) -> dict[str, Scenario]:
    """Every scenario file in ``roleplay/scenarios/``, checked, by id, in file-name order."""
    root = _root(root)
    files = sorted((root / SCENARIOS).glob("*.yaml"))
    extra = [root / FOLDER / "rubrics.yaml", root / FOLDER / "personas.yaml"]
    return dict(_load_scenarios(root, _stamp(files + extra)))


@functools.lru_cache(maxsize=8)
def _load_scenarios(root: Path, stamp) -> tuple:
    scenarios: dict[str, Scenario] = {}
    for path in sorted((root / SCENARIOS).glob("*.yaml")):
        scenario = load_scenario(path, root)
        if scenario.id in scenarios:
            raise ContentError(scenario.file, "-", "id", "mã kịch bản bị trùng với tệp khác",
                               "the scenario id is used by another file")
        scenarios[scenario.id] = scenario
    return tuple(scenarios.items())


def load_scenario(path: Path | str, root: Path | str | None = None) -> Scenario:
    """One scenario file, checked against the rubrics and personas of ``root``."""
    root, path = _root(root), Path(path)
    rubrics, personas = load_rubrics(root), load_personas(root)
    data = load_file(path, ScenarioFile, root)
    rel = path.relative_to(root).as_posix()
    scenario = Scenario(rel, data, rubrics.get(data.rubric), personas)
    _check(scenario, path.stem, rubrics)
    return scenario


def _exists(root: Path, rel: Path) -> Path:
    if not (root / rel).exists():
        raise ContentError(rel.as_posix(), "-", "-", "không tìm thấy tệp", "file not found")
    return root / rel


def _unique(rel: str, ids: list[str], field_name: str, item: str | None = None) -> None:
    seen = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(rel, item or ident, field_name, f"mã '{ident}' bị trùng",
                               f"duplicate id '{ident}'")
        seen.add(ident)


# --- the scenario ------------------------------------------------------------------

class Scenario:
    """A checked scenario: its scenes by id, its rubric and cast, and graph helpers."""

    def __init__(self, file: str, data: ScenarioFile, rubric: Rubric | None, personas: PersonaFile):
        self.file, self.data, self.rubric = file, data, rubric
        self.id, self.title, self.role, self.start = data.id, data.title, data.role, data.start
        self.scenes: dict[str, Scene] = {}
        for scene in data.scenes:
            self.scenes.setdefault(scene.id, scene)
        known = {p.id: p for p in personas.personas}
        self.personas: dict[str, Persona] = {p: known[p] for p in data.personas if p in known}
        self.groups = {g.id: g for g in personas.groups}
        self.criteria = {c.id: c for c in rubric.criteria} if rubric else {}
        self.state_vars = {v.id: v for v in data.state}
        self.topics = {t.id: t for t in data.topics}
        self.opinions = {o.id: o for o in data.opinions}

    def __repr__(self):
        return f"<Scenario {self.id}: {len(self.scenes)} scenes>"

    def play(self) -> Play:
        return Play(self)

    @property
    def endings(self) -> list[Scene]:
        return [s for s in self.scenes.values() if s.ending]

    @property
    def decision_points(self) -> list[Scene]:
        """The scenes where the player chooses."""
        return [s for s in self.scenes.values() if s.choices]

    def cast_groups(self) -> list[str]:
        """The groups of the personas on stage, in the order of ``personas.yaml``."""
        present = {p.group for p in self.personas.values()}
        return [g for g in self.groups if g in present]

    def longest_path(self, kind: str | None = None) -> list[tuple[str, str]]:
        """The longest run of (scene, choice) from the start to an ending of ``kind``.

        The graph has no loops (checked on load), so this is a longest path in a DAG.
        """
        return self._path(kind, max)

    def shortest_path(self, kind: str | None = None) -> list[tuple[str, str]]:
        """The fewest (scene, choice) from the start to an ending of ``kind``: every
        path there has at least this many decisions."""
        return self._path(kind, min)

    def _path(self, kind, pick) -> list[tuple[str, str]]:
        best: dict[str, list | None] = {}

        def walk(scene_id: str):
            if scene_id not in best:
                scene = self.scenes[scene_id]
                if scene.ending:
                    best[scene_id] = [] if kind in (None, scene.ending.kind) else None
                else:
                    options = [(c, walk(c.next)) for c in scene.choices]
                    options = [[(scene_id, c.id)] + rest for c, rest in options if rest is not None]
                    best[scene_id] = pick(options, key=len) if options else None
            return best[scene_id]

        return walk(self.start) or []

    def route_to(self, scene_id: str) -> list[str]:
        """The fewest choices that lead from the start to ``scene_id`` (the first found)."""
        before: dict[str, tuple[str, str] | None] = {self.start: None}
        queue = deque([self.start])
        while queue:
            here = queue.popleft()
            if here == scene_id:
                route = []
                while before[here]:
                    here, choice = before[here]
                    route.append(choice)
                return route[::-1]
            for choice in self.scenes[here].choices:
                if choice.next not in before:
                    before[choice.next] = (here, choice.id)
                    queue.append(choice.next)
        raise KitError("roleplay.error.unknown_scene", scene=scene_id, scenario=self.id)

    def true_counts(self, by: str) -> dict[str, dict[str, int]]:
        """What was really said, counted per topic or group and stance (opinions, not facts)."""
        counts: dict[str, dict[str, int]] = {}
        for unit in self.opinions.values():
            if unit.kind == "opinion":
                key = unit.topic if by == "topic" else unit.group
                row = counts.setdefault(key, dict.fromkeys(STANCES, 0))
                row[unit.stance] += 1
        return counts


def _edges(scenario: Scenario):
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            yield scene.id, choice


def _check(s: Scenario, stem: str, rubrics: dict[str, Rubric]) -> None:
    """Cross-checks pydantic cannot make: ids, references and the shape of the graph."""
    f, d = s.file, s.data
    err = functools.partial(ContentError, f)
    if d.id != stem:
        raise err("-", "id", f"mã kịch bản phải trùng tên tệp ('{stem}')",
                  f"the scenario id must match the file name ('{stem}')")
    if s.rubric is None:
        raise err("-", "rubric", f"không có bộ tiêu chí '{d.rubric}' trong roleplay/rubrics.yaml",
                  f"there is no rubric '{d.rubric}' in roleplay/rubrics.yaml")
    if s.rubric.role != d.role:
        raise err("-", "role", f"bộ tiêu chí '{d.rubric}' dành cho vai '{s.rubric.role}'",
                  f"rubric '{d.rubric}' is for the role '{s.rubric.role}'")
    _unique(f, d.personas, "personas", "-")
    for persona in d.personas:
        if persona not in s.personas:
            raise err(persona, "personas", "không có nhân vật này trong roleplay/personas.yaml",
                      "this persona is not in roleplay/personas.yaml")
    _unique(f, [v.id for v in d.state], "state", "-")
    _unique(f, [t.id for t in d.topics], "topics", "-")
    _unique(f, [o.id for o in d.opinions], "opinions", "-")
    _unique(f, [sc.id for sc in d.scenes], "id")
    for unit in d.opinions:
        _known(err, unit.id, "speaker", unit.speaker, s.personas, "nhân vật", "persona")
        _known(err, unit.id, "topic", unit.topic, s.topics, "chủ đề", "topic")
        if unit.group != s.personas[unit.speaker].group:
            raise err(unit.id, "group", f"người nói thuộc nhóm '{s.personas[unit.speaker].group}'",
                      f"the speaker belongs to group '{s.personas[unit.speaker].group}'")
    if d.start not in s.scenes:
        raise err("-", "start", f"không có cảnh '{d.start}'", f"there is no scene '{d.start}'")

    audits = {c.audit for c in s.rubric.criteria if c.audit}
    said_in: dict[str, str] = {}
    for scene in d.scenes:
        item = scene.id
        _unique(f, [c.id for c in scene.choices], "choices", item)
        for n, line in enumerate(scene.lines):
            _known(err, item, f"lines.{n}.speaker", line.speaker, s.personas, "nhân vật", "persona")
        for unit in scene.said:
            _known(err, item, "said", unit, s.opinions, "đơn vị ý kiến", "opinion unit")
            if unit in said_in:
                raise err(item, "said", f"'{unit}' đã được nói ở cảnh '{said_in[unit]}'",
                          f"'{unit}' is already said in scene '{said_in[unit]}'")
            said_in[unit] = item
        if scene.choices and scene.ending:
            raise err(item, "ending", "cảnh kết thúc không có lựa chọn",
                      "an ending scene has no choices")
        _check_effects(s, err, item, "effects", scene.effects)
        for choice in scene.choices:
            where = f"choices.{choice.id}"
            if choice.next not in s.scenes:
                raise err(item, f"{where}.next", f"không có cảnh '{choice.next}'",
                          f"there is no scene '{choice.next}'")
            _check_effects(s, err, item, f"{where}.effects", choice.effects)
            _check_record(s, err, scene, choice, where, audits)
    for unit in d.opinions:
        if unit.id not in said_in:
            raise err(unit.id, "opinions", "đơn vị ý kiến này không được nói ở cảnh nào (said)",
                      "no scene says this opinion unit (said)")
    _check_graph(s, err)


def _known(err, item, field_name, value, known, what_vi, what_en):
    if value not in known:
        raise err(item, field_name, f"không có {what_vi} '{value}' trong kịch bản",
                  f"there is no {what_en} '{value}' in the scenario")


def _check_effects(s: Scenario, err, item: str, where: str, effects: Effects) -> None:
    for n, criterion in enumerate(effects.met):
        _known(err, item, f"{where}.met.{n}", criterion, s.criteria, "tiêu chí", "criterion")
    for n, broken in enumerate(effects.broken):
        _known(err, item, f"{where}.broken.{n}.criterion", broken.criterion, s.criteria,
               "tiêu chí", "criterion")
    for var in effects.state:
        _known(err, item, f"{where}.state.{var}", var, s.state_vars, "biến trạng thái",
               "state variable")
    for n, persona in enumerate(effects.voices):
        _known(err, item, f"{where}.voices.{n}", persona, s.personas, "nhân vật", "persona")


def _check_record(s: Scenario, err, scene: Scene, choice: Choice, where: str, audits) -> None:
    if (choice.record is not None or choice.counts) and not {"omitted", "counts"} & audits:
        raise err(scene.id, f"{where}.record", "bộ tiêu chí không có tiêu chí chấm biên bản (audit)",
                  "the rubric has no criteria that score minutes (audit)")
    for n, entry in enumerate(choice.record or []):
        for unit in entry.of:
            if unit not in scene.said:
                raise err(scene.id, f"{where}.record.{n}.of",
                          f"'{unit}' không được nói ở cảnh này (said)", f"'{unit}' is not said in this scene")
        if entry.speaker is not None:
            _known(err, scene.id, f"{where}.record.{n}.speaker", entry.speaker, s.personas,
                   "nhân vật", "persona")
        if entry.kind == "opinion" and entry.stance is None:
            raise err(scene.id, f"{where}.record.{n}.stance", "ý kiến cần có thái độ",
                      "an opinion needs a stance")
    if choice.counts:
        known = s.topics if choice.counts.by == "topic" else s.groups
        for key in choice.counts.values:
            _known(err, scene.id, f"{where}.counts.values", key, known, "khoá", "key")


def _check_graph(s: Scenario, err) -> None:
    """Every scene reachable, every scene able to reach an ending, no loops."""
    reached, queue = {s.start}, deque([s.start])
    while queue:
        for choice in s.scenes[queue.popleft()].choices:
            if choice.next not in reached:
                reached.add(choice.next)
                queue.append(choice.next)
    for scene in s.data.scenes:
        if scene.id not in reached:
            what_vi, what_en = ("cảnh kết thúc", "ending") if scene.ending else ("cảnh", "scene")
            raise err(scene.id, "id", f"không thể đi đến {what_vi} này từ cảnh mở đầu",
                      f"this {what_en} cannot be reached from the start")
    # Walk backwards from the endings: whatever is not met cannot finish.
    into: dict[str, set[str]] = {}
    for here, choice in _edges(s):
        into.setdefault(choice.next, set()).add(here)
    can_end = {e.id for e in s.endings}
    queue = deque(can_end)
    while queue:
        for before in into.get(queue.popleft(), ()):
            if before not in can_end:
                can_end.add(before)
                queue.append(before)
    for scene in s.data.scenes:
        if scene.id not in can_end:
            reason = ("cảnh không có lựa chọn nào và không phải cảnh kết thúc"
                      if not scene.choices else "mọi lựa chọn đều không dẫn tới cảnh kết thúc nào")
            reason_en = ("the scene has no choices and is not an ending" if not scene.choices
                         else "no choice leads on to an ending")
            raise err(scene.id, "choices", f"không thể đi tới kết thúc: {reason}",
                      f"cannot reach an ending: {reason_en}")
    # A loop would let a play go on for ever, and makes "longest path" meaningless.
    state: dict[str, int] = {}  # 1: on the current walk, 2: done

    def visit(here: str):
        state[here] = 1
        for choice in s.scenes[here].choices:
            if state.get(choice.next) == 1:
                raise err(here, f"choices.{choice.id}.next",
                          f"vòng lặp: quay lại cảnh '{choice.next}'",
                          f"loop: goes back to scene '{choice.next}'")
            if choice.next not in state:
                visit(choice.next)
        state[here] = 2

    visit(s.start)


# --- a play --------------------------------------------------------------------

@dataclass(frozen=True)
class Loss:
    """Points lost on one criterion: where (scene, choice) and why."""

    criterion: str
    points: int
    scene: str
    choice: str | None  # None: lost on arrival at the scene (an ending that skips a step)
    why: LocalText

    def to_dict(self) -> dict:
        return {"criterion": self.criterion, "points": self.points, "scene": self.scene,
                "choice": self.choice, "why": self.why.model_dump()}


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
        self._losses += _audit(self.scenario, scene, choice)
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


# --- comparing minutes with what was really said ------------------------------------

def _msg(key: str, **values) -> LocalText:
    """A reason in both languages; values may be LocalText, shown in the same language."""
    content = load()
    texts = {}
    for lang in ("vi", "en"):
        filled = {k: v.get(lang) if isinstance(v, LocalText) else v for k, v in values.items()}
        texts[lang] = content.message(key, lang, **filled)
    return LocalText(**texts)


def _audit(s: Scenario, scene: Scene, choice: Choice) -> list[Loss]:
    """Losses the engine finds by comparing the choice's minutes with the truth."""
    by_audit = {c.audit: c for c in s.rubric.criteria if c.audit}
    found: list[tuple[str, LocalText]] = []
    name = lambda persona: s.personas[persona].name if persona else _msg("roleplay.word.nobody")

    def word(unit):
        return _msg(f"roleplay.word.{unit.kind}")

    if choice.record is not None:
        rendered = {u for entry in choice.record for u in entry.of}
        for unit_id in scene.said:
            if unit_id not in rendered:
                unit = s.opinions[unit_id]
                found.append(("omitted", _msg("roleplay.audit.omitted", what=word(unit),
                                              speaker=name(unit.speaker),
                                              topic=s.topics[unit.topic].name, said=unit.text)))
        for entry in choice.record:
            units = [s.opinions[u] for u in entry.of]
            if not units:
                found.append(("added", _msg("roleplay.audit.added", written=entry.text)))
                continue
            if len(units) > 1:
                found.append(("merged", _msg("roleplay.audit.merged", count=len(units),
                                             written=entry.text)))
            if entry.speaker not in {u.speaker for u in units}:
                found.append(("misattributed", _msg(
                    "roleplay.audit.misattributed", said_by=name(units[0].speaker),
                    written_by=name(entry.speaker), written=entry.text)))
            kinds = {u.kind for u in units}
            if entry.kind not in kinds:
                key = "roleplay.audit.mixed_as_opinion" if entry.kind == "opinion" \
                    else "roleplay.audit.mixed_as_information"
                found.append(("mixed", _msg(key, speaker=name(units[0].speaker),
                                            written=entry.text)))
            elif len(units) == 1 and (not entry.faithful or entry.stance != units[0].stance):
                found.append(("distorted", _msg("roleplay.audit.distorted",
                                                speaker=name(units[0].speaker),
                                                said=units[0].text, written=entry.text)))
    if choice.counts:
        truth = s.true_counts(choice.counts.by)
        written = choice.counts.values
        labels = s.topics if choice.counts.by == "topic" else s.groups
        wrong = []
        for key in [k for k in labels if k in truth or k in written]:
            for stance in STANCES:
                got, real = written.get(key, {}).get(stance, 0), truth.get(key, {}).get(stance, 0)
                if got != real:
                    wrong.append((labels[key].name, _msg(f"roleplay.stance.{stance}"), got, real))
        if wrong:
            rows = {lang: "; ".join(load().message("roleplay.audit.count_row", lang,
                                                   where=w.get(lang), stance=st.get(lang),
                                                   written=got, actual=real)
                                    for w, st, got, real in wrong) for lang in ("vi", "en")}
            found.append(("counts", _msg("roleplay.audit.counts",
                                         by=_msg(f"roleplay.by.{choice.counts.by}"),
                                         rows=LocalText(**rows))))
    losses = []
    for audit, why in found:
        criterion = by_audit.get(audit)
        if criterion is not None:  # a rubric may leave an error unscored
            losses.append(Loss(criterion.id, criterion.penalty, scene.id, choice.id, why))
    return losses


def text(value: LocalText, lang: str | None = None) -> str:
    """A content text in the reader's language."""
    return value.get(lang or language())
