"""Group mode: one role-play scenario played by a room of trainees split into groups.

``plan_workshop(scenario, groups)`` hands the roles out to the groups round-robin: first
the staff roles (the scenario's player role, e.g. the moderator, and the minute-taker who
records the meeting), then every persona on stage, then one observer per group. Each role
gets a card (``Workshop.cards()``): a persona's public role and private brief, or a staff
member's task with the criteria of their rubric; an observer's card holds the checklist of
the player's rubric. ``Workshop.timing()`` estimates the minutes of every scene and
``Workshop.checklist()`` says which scenes test each criterion: the facilitator's sheet.

While the room plays, a ``Session`` keeps every group's chosen option per scene, the tally,
and the room's path (the option with the most votes, or the facilitator's pick); it saves
and restores itself like a ``Play``. The documents (DOCX, HTML) are drawn by
``thamvan_lib.documents.workshop``; the projection by ``thamvan_lib.widgets.facilitation``.

>>> from thamvan_lib.roleplay.loading import load_scenarios
>>> workshop = plan_workshop(load_scenarios()["hoi-nghi-kcb-nguoi-ngheo-dieu-hanh"], 4)
>>> [r.id for r in workshop.roles_of(1)]
['moderator', 'bac-sua', 'bs-tam', 'ba-hoa', 'observer-1']
>>> [r.id for r in workshop.roles_of(2)]
['minute-taker', 'anh-lu', 'chi-hang', 'observer-2']
>>> session = Session(workshop)
>>> for group, option in [(1, "neu-muc-dich"), (2, "vao-thang"), (3, "neu-muc-dich")]:
...     session.vote(group, option)
>>> session.tally()["neu-muc-dich"], session.leading()
(2, 'neu-muc-dich')
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import KitError
from .roleplay.engine import Play, Turn
from .roleplay.loading import load_rubrics, load_scenarios
from .roleplay.scenario import Scenario
from .schema.roleplay import Persona, Rubric, Scene

FORMAT = "thamvan-workshop/1"
MIN_GROUPS, MAX_GROUPS = 1, 12
# The staff roles of a scenario, by the scenario's player role: who leads, who records.
STAFF = {"moderator": ("moderator", "minute-taker"),
         "minute-taker": ("minute-taker", "moderator"),
         "office": ("office", "minute-taker")}
# Timing of a scene in the room (minutes): reading aloud, the groups' discussion, the tally.
READ_WORDS_PER_MINUTE = 120
DISCUSS_MINUTES = 3
TALLY_MINUTES = 1
ENDING_MINUTES = 2
INTRO_MINUTES = 10      # the scenario, the roles, the rules of the game
DEBRIEF_MINUTES = 20    # the debrief sheet, group by group


@dataclass(frozen=True)
class Role:
    """One role handed to a group: a staff role, a persona or an observer seat."""

    kind: str    # "staff" | "persona" | "observer"
    id: str      # "moderator", "minute-taker", "office"; a persona id; "observer-2"
    group: int   # 1-based


@dataclass(frozen=True)
class Card:
    """What one role's player reads. ``rubric`` is the staff member's own rubric, or for an
    observer the rubric of the player's role, used as a checklist."""

    role: Role
    persona: Persona | None = None
    rubric: Rubric | None = None


@dataclass(frozen=True)
class SceneTiming:
    scene: Scene
    minutes: int


@dataclass
class Workshop:
    scenario: Scenario
    groups: int
    roles: tuple[Role, ...]
    rubrics: dict[str, Rubric] = field(default_factory=dict)  # by role

    @property
    def staff(self) -> tuple[str, ...]:
        return STAFF[self.scenario.role]

    def roles_of(self, group: int) -> list[Role]:
        return [r for r in self.roles if r.group == group]

    def group_of(self, role_id: str) -> int:
        return next(r.group for r in self.roles if r.id == role_id)

    @property
    def player_rubric(self) -> Rubric:
        return self.scenario.rubric

    def cards(self) -> list[Card]:
        """One card per role, group by group, in the order the roles were handed out."""
        cards = []
        for role in sorted(self.roles, key=lambda r: (r.group, self.roles.index(r))):
            if role.kind == "persona":
                cards.append(Card(role, persona=self.scenario.personas[role.id]))
            elif role.kind == "staff":
                cards.append(Card(role, rubric=self.rubrics.get(role.id)))
            else:
                cards.append(Card(role, rubric=self.player_rubric))
        return cards

    def scene_order(self) -> list[Scene]:
        """Every scene, breadth-first from the start: the order a facilitator meets them."""
        seen, order, queue = {self.scenario.start}, [], deque([self.scenario.start])
        while queue:
            scene = self.scenario.scenes[queue.popleft()]
            order.append(scene)
            for choice in scene.choices:
                if choice.next not in seen:
                    seen.add(choice.next)
                    queue.append(choice.next)
        return order

    def timing(self) -> list[SceneTiming]:
        return [SceneTiming(s, scene_minutes(s)) for s in self.scene_order()]

    def path_minutes(self, shortest: bool) -> int:
        """Minutes of play along the shortest or longest route to any ending (ending included)."""
        s = self.scenario
        route = s.shortest_path() if shortest else s.longest_path()
        play = Play(s)
        for _, choice in route:
            play.choose(choice)
        return sum(scene_minutes(s.scenes[scene]) for scene, _ in route) + scene_minutes(play.scene)

    def session_minutes(self) -> tuple[int, int]:
        """The whole session, shortest and longest: introduction, play, debrief."""
        extra = INTRO_MINUTES + DEBRIEF_MINUTES
        return extra + self.path_minutes(True), extra + self.path_minutes(False)

    def checklist(self) -> list[tuple[str, list[Scene]]]:
        """For each criterion of the player's rubric, the scenes whose choices (or arrival)
        meet or break it: what observers watch for, and when."""
        rows = []
        for criterion in self.player_rubric.criteria:
            scenes = [s for s in self.scene_order() if _tests(s, criterion.id)]
            rows.append((criterion.id, scenes))
        return rows


def _tests(scene: Scene, criterion: str) -> bool:
    effects = [scene.effects] + [c.effects for c in scene.choices]
    return any(criterion in e.met or any(b.criterion == criterion for b in e.broken)
               for e in effects)


def scene_minutes(scene: Scene) -> int:
    if scene.ending:
        return ENDING_MINUTES
    words = len(scene.narration.vi.split()) + sum(len(line.text.vi.split()) for line in scene.lines)
    words += sum(len(c.text.vi.split()) for c in scene.choices)
    return max(1, math.ceil(words / READ_WORDS_PER_MINUTE)) + DISCUSS_MINUTES + TALLY_MINUTES


def plan_workshop(scenario: Scenario | str, groups: int) -> Workshop:
    """Hand out the roles of ``scenario`` to ``groups`` groups, round-robin."""
    if isinstance(scenario, str):
        scenarios = load_scenarios()
        if scenario not in scenarios:
            raise KitError("roleplay.error.unknown_scenario", scenario=repr(scenario),
                           allowed=", ".join(scenarios))
        scenario = scenarios[scenario]
    if not isinstance(groups, int) or not MIN_GROUPS <= groups <= MAX_GROUPS:
        raise KitError("workshop.error.groups", low=MIN_GROUPS, high=MAX_GROUPS)
    staff = STAFF[scenario.role]
    order = [("staff", r) for r in staff] + [("persona", p) for p in scenario.personas]
    order += [("observer", None)] * groups   # one observer seat per group
    roles = tuple(Role(kind, ident or f"observer-{n % groups + 1}", n % groups + 1)
                  for n, (kind, ident) in enumerate(order))
    by_role = {r.role: r for r in load_rubrics().values()}
    return Workshop(scenario, groups, roles, {r: by_role[r] for r in staff if r in by_role})


# --- a session in the room ----------------------------------------------------------

@dataclass(frozen=True)
class Round:
    """One scene as the room played it: each group's option and the option taken."""

    scene: str
    votes: dict[int, str]
    chosen: str


class Session:
    """The room's play: votes per group for the scene on screen, then the chosen option."""

    def __init__(self, workshop: Workshop):
        self.workshop = workshop
        self.play: Play = Play(workshop.scenario)
        self.votes: dict[int, str] = {}
        self.rounds: list[Round] = []

    @property
    def scene(self) -> Scene:
        return self.play.scene

    @property
    def is_over(self) -> bool:
        return self.play.is_over

    def vote(self, group: int, option: str | None) -> None:
        """Group ``group`` chose ``option`` (None takes its vote back)."""
        if not 1 <= group <= self.workshop.groups:
            raise KitError("workshop.error.no_group", group=group, groups=self.workshop.groups)
        if option is None:
            self.votes.pop(group, None)
            return
        allowed = [c.id for c in self.scene.choices]
        if option not in allowed:
            raise KitError("roleplay.error.unknown_choice", choice=repr(option), scene=self.scene.id,
                           allowed=", ".join(allowed))
        self.votes[group] = option

    def tally(self) -> dict[str, int]:
        """Votes per option of the scene on screen, every option listed."""
        counts = {c.id: 0 for c in self.scene.choices}
        for option in self.votes.values():
            counts[option] += 1
        return counts

    def leading(self) -> str | None:
        """The option with most votes; a tie goes to the option listed first. None: no vote."""
        counts = self.tally()
        if not any(counts.values()):
            return None
        return max(counts, key=lambda option: (counts[option], -list(counts).index(option)))

    def advance(self, option: str | None = None) -> Turn:
        """Play ``option`` (by default the leading one) for the room and move on."""
        option = option or self.leading()
        if option is None:
            raise KitError("workshop.error.no_votes")
        scene = self.play.scene_id
        turn = self.play.choose(option)
        self.rounds.append(Round(scene, dict(self.votes), option))
        self.votes = {}
        return turn

    def undo(self) -> None:
        """Back to the previous scene, with the votes it had."""
        if not self.rounds:
            return
        last = self.rounds.pop()
        self.play.undo()
        self.votes = dict(last.votes)

    def agreement(self) -> float | None:
        """Share of group votes, over the whole session, that matched the option taken."""
        votes = [(v, r.chosen) for r in self.rounds for v in r.votes.values()]
        return sum(v == c for v, c in votes) / len(votes) if votes else None

    def to_dict(self) -> dict:
        return {"format": FORMAT, "scenario": self.workshop.scenario.id,
                "groups": self.workshop.groups,
                "rounds": [{"scene": r.scene, "votes": {str(g): o for g, o in r.votes.items()},
                            "chosen": r.chosen} for r in self.rounds],
                "votes": {str(g): o for g, o in self.votes.items()}}

    @classmethod
    def from_dict(cls, data, scenarios: Mapping[str, Scenario] | None = None) -> Session:
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise KitError("workshop.error.bad_save", format=FORMAT)
        scenarios = load_scenarios() if scenarios is None else scenarios
        if data.get("scenario") not in scenarios:
            raise KitError("roleplay.error.unknown_scenario", scenario=repr(data.get("scenario")),
                           allowed=", ".join(scenarios))
        session = cls(plan_workshop(scenarios[data["scenario"]], int(data.get("groups", 0))))
        try:
            for r in data.get("rounds", []):
                for group, option in r["votes"].items():
                    session.vote(int(group), option)
                if session.play.scene_id != r["scene"]:
                    raise KitError("roleplay.error.save_mismatch", scenario=data["scenario"])
                session.advance(r["chosen"])
            for group, option in data.get("votes", {}).items():
                session.vote(int(group), option)
        except (KitError, KeyError, TypeError, ValueError):
            raise KitError("roleplay.error.save_mismatch", scenario=data["scenario"]) from None
        return session
