"""Comparing the minutes a choice writes with what was really said.

In a minute-taker scenario a choice says what the minutes would read (``record`` or
``counts``); ``audit_choice`` finds omissions, wrong speakers, softened words, merged or
invented opinions, officials' facts written as opinions and wrong counts, each a ``Loss``
on the rubric criterion that scores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import load
from ..schema.roleplay import STANCES, Choice, Scene
from ..schema import LocalText
from .scenario import Scenario


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


def _reason(key: str, **values) -> LocalText:
    """A reason in both languages; values may be LocalText, shown in the same language."""
    return LocalText(**load().both(key, **{k: v.model_dump() if isinstance(v, LocalText) else v
                                           for k, v in values.items()}))


def audit_choice(s: Scenario, scene: Scene, choice: Choice) -> list[Loss]:
    """Losses the engine finds by comparing the choice's minutes with the truth."""
    by_audit = {c.audit: c for c in s.rubric.criteria if c.audit}
    found: list[tuple[str, LocalText]] = []
    name = lambda persona: s.personas[persona].name if persona else _reason("roleplay.word.nobody")

    def word(unit):
        return _reason(f"roleplay.word.{unit.kind}")

    if choice.record is not None:
        rendered = {u for entry in choice.record for u in entry.of}
        for unit_id in scene.said:
            if unit_id not in rendered:
                unit = s.opinions[unit_id]
                found.append(("omitted", _reason("roleplay.audit.omitted", what=word(unit),
                                              speaker=name(unit.speaker),
                                              topic=s.topics[unit.topic].name, said=unit.text)))
        for entry in choice.record:
            units = [s.opinions[u] for u in entry.of]
            if not units:
                found.append(("added", _reason("roleplay.audit.added", written=entry.text)))
                continue
            if len(units) > 1:
                found.append(("merged", _reason("roleplay.audit.merged", count=len(units),
                                             written=entry.text)))
            if entry.speaker not in {u.speaker for u in units}:
                found.append(("misattributed", _reason(
                    "roleplay.audit.misattributed", said_by=name(units[0].speaker),
                    written_by=name(entry.speaker), written=entry.text)))
            kinds = {u.kind for u in units}
            if entry.kind not in kinds:
                key = "roleplay.audit.mixed_as_opinion" if entry.kind == "opinion" \
                    else "roleplay.audit.mixed_as_information"
                found.append(("mixed", _reason(key, speaker=name(units[0].speaker),
                                            written=entry.text)))
            elif len(units) == 1 and (not entry.faithful or entry.stance != units[0].stance):
                found.append(("distorted", _reason("roleplay.audit.distorted",
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
                    wrong.append((labels[key].name, _reason(f"roleplay.stance.{stance}"), got, real))
        if wrong:
            rows = {lang: "; ".join(load().message("roleplay.audit.count_row", lang,
                                                   where=w.get(lang), stance=st.get(lang),
                                                   written=got, actual=real)
                                    for w, st, got, real in wrong) for lang in ("vi", "en")}
            found.append(("counts", _reason("roleplay.audit.counts",
                                         by=_reason(f"roleplay.by.{choice.counts.by}"),
                                         rows=LocalText(**rows))))
    losses = []
    for audit, why in found:
        criterion = by_audit.get(audit)
        if criterion is not None:  # a rubric may leave an error unscored
            losses.append(Loss(criterion.id, criterion.penalty, scene.id, choice.id, why))
    return losses
