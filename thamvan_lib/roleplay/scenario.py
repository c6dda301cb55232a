"""A checked role-play scenario: its scenes, rubric and cast, graph helpers, and the
cross-checks pydantic cannot make (ids, references, the shape of the graph)."""

from __future__ import annotations

import functools
from collections import deque

from ..content import ContentError, language
from ..errors import KitError
from ..schema.roleplay import (STANCES, Choice, Effects, Persona, PersonaFile, Rubric,
                               ScenarioFile, Scene)
from ..schema import LocalText


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


def check_scenario(s: Scenario, stem: str, rubrics: dict[str, Rubric]) -> None:
    """Cross-checks pydantic cannot make: ids, references and the shape of the graph.

    Raises ``ContentError`` naming the file, item and field."""
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
    unique_ids(f, d.personas, "personas", "-")
    for persona in d.personas:
        if persona not in s.personas:
            raise err(persona, "personas", "không có nhân vật này trong roleplay/personas.yaml",
                      "this persona is not in roleplay/personas.yaml")
    unique_ids(f, [v.id for v in d.state], "state", "-")
    unique_ids(f, [t.id for t in d.topics], "topics", "-")
    unique_ids(f, [o.id for o in d.opinions], "opinions", "-")
    unique_ids(f, [sc.id for sc in d.scenes], "id")
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
        unique_ids(f, [c.id for c in scene.choices], "choices", item)
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
            _known(err, scene.id, f"{where}.counts.values", key, known, "khóa", "key")


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


def unique_ids(rel: str, ids: list[str], field_name: str, item: str | None = None) -> None:
    seen = set()
    for ident in ids:
        if ident in seen:
            raise ContentError(rel, item or ident, field_name, f"mã '{ident}' bị trùng",
                               f"duplicate id '{ident}'")
        seen.add(ident)


def text(value: LocalText, lang: str | None = None) -> str:
    """A content text in the reader's language."""
    return value.get(lang or language())
