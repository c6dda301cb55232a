"""Model of the storyline file (``content/storyline/<id>.yaml``): the one consultation the
kit's examples, datasets, exercises and role-plays tell, each fact written once. What the
facts say of each other and what the rest of the kit says of them is checked by
``thamvan_lib.storyline``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from . import LocalText, Strict

STEP = r"^P[1-5]\.[1-9]$"


class Commune(Strict):
    code: str = Field(pattern=r"^[A-Z]{2}\d{2}$")
    name: str
    kind: Literal["xã", "phường", "đặc khu"]
    adults: int = Field(gt=0)


class Pilot(Strict):
    place: str
    day: date
    people: int = Field(gt=0)


class Survey(Strict):
    population: str
    adults: int = Field(gt=0)
    margin: float = Field(gt=0, lt=0.5)
    required: int = Field(gt=0)
    planned: int = Field(gt=0)
    allocation: Literal["proportional", "sqrt", "equal"]
    start: date
    end: date
    enumerators: int = Field(gt=0)
    pilot: Pilot


class Conference(Strict):
    number: int | None = Field(default=None, gt=0)  # its files in the datasets, if any
    kind: Literal["fact-finding", "broad", "stakeholders"]
    place: str
    day: date


class Window(Strict):
    start: date
    end: date


class Milestone(Strict):
    step: str = Field(pattern=STEP)
    day: date
    what: str


class StorylineFile(Strict):
    id: str
    title: LocalText
    fictional: bool
    province: str
    office: str
    leads: str
    working_group: str
    topic: str
    policy: str
    drafting_agency: str
    session: str
    communes: list[Commune] = Field(min_length=1)
    survey: Survey
    conferences: list[Conference] = Field(min_length=1)
    letters: Window
    milestones: list[Milestone] = Field(min_length=5)
