"""Model of a trainer's note (``trainer/notes/<kind>/<id>.yaml``): how to teach one lesson,
dashboard, role-play or exercise of the kit. The kit's ``trainer/`` folder sits beside the
package, never in what trainees receive; ``thamvan_lib.trainer_notes`` checks that each
note names something the kit has."""

from __future__ import annotations

from pydantic import Field, model_validator

from . import SLUG, LocalText, Strict


class TimedStep(Strict):
    minutes: int = Field(ge=1, le=120)
    do: LocalText


class Misconception(Strict):
    """What trainees tend to believe, and what to say instead."""

    thinks: LocalText
    instead: LocalText


class TrainerNoteFile(Strict):
    id: str = Field(pattern=SLUG)
    minutes: int = Field(ge=5, le=240)   # what the whole activity usually takes
    talking_points: list[LocalText] = Field(min_length=2, max_length=6)
    misconceptions: list[Misconception] = Field(min_length=1, max_length=4)
    debrief: list[LocalText] = Field(min_length=2, max_length=5)
    timing: list[TimedStep] = Field(min_length=2)
    paper: LocalText   # how to run it with no computer: printed sheets, a board, cards

    @model_validator(mode="after")
    def _adds_up(self):
        total = sum(step.minutes for step in self.timing)
        if total != self.minutes:
            raise ValueError(f"the timing adds up to {total} minutes, not {self.minutes}")
        bad = [q.vi for q in self.debrief if not q.vi.rstrip().endswith("?")]
        if bad:
            raise ValueError(f"a debrief question ends without a question mark: {bad[0]}")
        return self
