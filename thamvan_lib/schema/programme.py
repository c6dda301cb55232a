"""Model of a workshop programme (``content/programmes/<id>.yaml``): days of timed sessions,
each with its objectives, the lecture's method, the phases it covers and the kit's lessons,
dashboards, role-plays and exercises it uses. What the files say of each other and of the
kit (times that add up, references that exist, every phase covered) is checked by
``thamvan_lib.programme``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from . import SLUG, LocalText, Strict

TIME = r"^([01]\d|2[0-3]):[0-5]\d$"
# the methods the lecture names (item L8), and the kit's own ways of working
METHODS = ("thuyet-trinh", "thao-luan-nhom", "thao-luan-chung", "dong-vai", "hoi-nghi-dien-rong",
           "hoi-nghi-cac-ben", "thu-cong-dan", "thuc-hanh", "kiem-tra")
USE_KINDS = ("lesson", "tool", "roleplay", "exercise")
MATERIALS = ("chuong-trinh", "tai-lieu-doc", "cam-nang", "the-vai", "phieu-bai-tap")


class Use(Strict):
    kind: Literal[USE_KINDS]  # type: ignore[valid-type]
    id: str = Field(pattern=SLUG)


class Room(Strict):
    groups: int = Field(default=0, ge=0, le=12)
    projector: bool = True
    layout: LocalText | None = None


class Session(Strict):
    id: str = Field(pattern=SLUG)
    start: str = Field(pattern=TIME)
    end: str = Field(pattern=TIME)
    kind: Literal["session", "break", "meal"] = "session"
    title: LocalText
    objectives: list[LocalText] = []
    method: Literal[METHODS] | None = None  # type: ignore[valid-type]
    phases: list[int] = []
    uses: list[Use] = []
    materials: list[Literal[MATERIALS]] = []  # type: ignore[valid-type]
    trainer_role: LocalText | None = None
    room: Room | None = None


class Day(Strict):
    day: int = Field(ge=1, le=5)
    title: LocalText
    sessions: list[Session] = Field(min_length=1)


class ProgrammeFile(Strict):
    id: str = Field(pattern=SLUG)
    title: LocalText
    audience: LocalText
    participants: int = Field(ge=1, le=200)
    days: list[Day] = Field(min_length=1)
